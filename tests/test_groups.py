"""The build-group targets import nothing from the check or test groups.

`make test` installs every group into one .venv, which hides a build target importing a package
only `make check` installs (Beautiful Soup, the linters, the romanisation libraries). Here the
build group's scripts run with every module outside requirements/build.txt made unimportable,
as a venv with the build group alone would have it. (`make check-groups` proves the same from
fresh clones and fresh venvs; CI runs it.)"""

from __future__ import annotations

import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import textwrap

import check_groups

from conftest import ROOT, copy_project


def outside_the_build_group() -> list[str]:
    """The top-level modules installed here whose distributions are all outside the build lock."""
    build = check_groups.locked_names(ROOT / "requirements" / "build.txt")
    keep = build | {"pip", "setuptools"}
    return sorted(
        module
        for module, dists in importlib.metadata.packages_distributions().items()
        if not any(check_groups.normalise(d) in keep for d in dists) and module.isidentifier()
    )


def test_build_hook_suggest_and_new_source_need_only_the_build_group(tmp_path):
    blocked = outside_the_build_group()
    assert {"bs4", "pytest", "mypy", "iuliia"} <= set(blocked)  # the check and test groups are installed
    guard = tmp_path / "guard"
    guard.mkdir()
    (guard / "sitecustomize.py").write_text(
        textwrap.dedent(
            f"""
            import sys

            BLOCKED = {set(blocked)!r}


            class OnlyTheBuildGroup:
                def find_spec(self, name, path=None, target=None):
                    if name.partition(".")[0] in BLOCKED:
                        raise ModuleNotFoundError(f"No module named {{name!r}} (not in the build group)")
                    return None


            sys.meta_path.insert(0, OnlyTheBuildGroup())
            """
        )
    )
    project = copy_project(tmp_path / "project")
    shutil.copytree(ROOT / "scripts", project / "scripts")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(guard))

    def run(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, *args], cwd=project, env=env, capture_output=True, text=True, timeout=600
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout + done.stderr

    probe = subprocess.run(
        [sys.executable, "-c", "import bs4"], cwd=project, env=env, capture_output=True, text=True
    )
    assert "not in the build group" in probe.stderr  # the guard is in force in every subprocess

    assert re.search(
        r"ok +build: mkdocs build --strict: \d+ HTML pages", run("scripts/check.py", "--build-only")
    )
    run("scripts/validate.py")  # the pre-commit hook
    assert re.match(
        r"1\. [a-z0-9-]+ p\d+ \(match \d+ %\)", run("scripts/suggest.py", "--text", "Russian troops")
    )
    document = tmp_path / "document.txt"
    document.write_text("A title\nA paragraph that states something.\n", encoding="utf-8")
    assert "added its row" in run("scripts/new_source.py", str(document), "a-new-source")
