"""Settings in mkdocs.yml's `extra:` are declared once and checked: a bad value stops the build
with one message naming mkdocs.yml, its line, the setting and the fix."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, copy_project
from kb import settings
from kb.errors import DataError


def config_with(tmp_path: Path, lines: str) -> Path:
    path = tmp_path / "mkdocs.yml"
    path.write_text(f"site_name: x\nextra:\n  generator: false\n{lines}", encoding="utf-8")
    return path


def test_defaults_when_nothing_is_set(tmp_path):
    assert settings.read({}, config_with(tmp_path, "")) == settings.Settings(20, 80, 400)


def test_values_in_range_are_taken(tmp_path):
    path = config_with(tmp_path, "  kb_page_size: 10\n  kb_diagram_actors: 12\n")
    assert settings.read({"kb_page_size": 10, "kb_diagram_actors": 12}, path) == settings.Settings(
        10, 12, 400
    )


@pytest.mark.parametrize(
    "value, message",
    [
        (0, "extra: kb_page_size: 0 is out of range"),
        (-3, "extra: kb_page_size: -3 is out of range"),
        (1001, "extra: kb_page_size: 1001 is out of range"),
        ("ten", "extra: kb_page_size: 'ten' is not a whole number"),
        (2.5, "extra: kb_page_size: 2.5 is not a whole number"),
        (True, "extra: kb_page_size: True is not a whole number"),
    ],
)
def test_a_bad_value_names_the_file_line_setting_and_fix(tmp_path, value, message):
    path = config_with(tmp_path, f"  kb_page_size: {value}\n")
    with pytest.raises(DataError) as caught:
        settings.read({"kb_page_size": value}, path)
    [problem] = caught.value.problems
    assert (problem.path, problem.line, problem.message) == ("mkdocs.yml", 4, message)
    assert problem.fix.startswith("write a whole number from 1 to 1000, or remove it for the default 20")


def test_an_unknown_setting_suggests_the_closest(tmp_path):
    path = config_with(tmp_path, "  kb_pagesize: 10\n")
    with pytest.raises(DataError) as caught:
        settings.read({"kb_pagesize": 10}, path)
    [problem] = caught.value.problems
    assert (problem.line, problem.message) == (4, "extra: kb_pagesize: unknown setting")
    assert "did you mean 'kb_page_size'?" in problem.fix


def test_a_bad_setting_stops_the_build_and_keeps_the_previous_site(tmp_path):
    project = copy_project(tmp_path / "project")
    shutil.copytree(ROOT / "scripts", project / "scripts", ignore=shutil.ignore_patterns("__pycache__"))
    (project / "site").mkdir()
    (project / "site" / "index.html").write_text("previous site")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("extra:\n", "extra:\n  kb_page_size: 0\n", 1))
    run = subprocess.run(
        [sys.executable, "scripts/check.py", "--build-only"],
        cwd=project,
        capture_output=True,
        text=True,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
        timeout=300,
    )
    output = run.stdout + run.stderr
    assert run.returncode != 0 and "Traceback" not in output
    assert "mkdocs.yml:" in output and "extra: kb_page_size: 0 is out of range" in output
    assert (project / "site" / "index.html").read_text() == "previous site"
