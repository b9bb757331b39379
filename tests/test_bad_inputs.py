"""The bad-input corpus (tests/bad_inputs.yaml): every mistake fails `make build` loudly and
precisely, with no traceback, and leaves the previous site/ as it was."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURE_DATA, ROOT, copy_project

CASES = yaml.safe_load((ROOT / "tests" / "bad_inputs.yaml").read_text(encoding="utf-8"))
PROBLEM_LINE = re.compile(r"^(data/\S+?):(\d+): (.*)$", re.M)


def test_the_corpus_is_large_and_distinct():
    names = [case["name"] for case in CASES]
    assert len(names) >= 40
    assert len(set(names)) == len(names)


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A project copy (scripts included) with the fixture data and a previous site/."""
    project = copy_project(tmp_path_factory.mktemp("template") / "project")
    shutil.copytree(ROOT / "scripts", project / "scripts", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.rmtree(project / "data")
    shutil.copytree(FIXTURE_DATA, project / "data")
    (project / "site").mkdir()
    (project / "site" / "index.html").write_text("previous site")
    return project


def apply(case: dict, data: Path) -> None:
    if "replace" in case:
        op = case["replace"]
        path = data / op["file"]
        raw = path.read_bytes()
        old, new = op["old"].encode(), (op["new"] * op.get("repeat", 1)).encode()
        assert old in raw, f"{case['name']}: {op['old']!r} not in {op['file']}"
        path.write_bytes(raw.replace(old, new, 1))
    elif "write" in case:
        (data / case["write"]["file"]).write_text(case["write"]["text"], encoding="utf-8")
    elif "prefix_bytes" in case:
        path = data / case["prefix_bytes"]["file"]
        path.write_bytes(bytes.fromhex(case["prefix_bytes"]["hex"]) + path.read_bytes())
    elif "insert_bytes" in case:
        op = case["insert_bytes"]
        path = data / op["file"]
        after = op["after"].encode()
        path.write_bytes(path.read_bytes().replace(after, after + bytes.fromhex(op["hex"]), 1))
    elif "delete" in case:
        (data / case["delete"]["file"]).unlink()
    elif "copy" in case:
        shutil.copy(data / case["copy"]["file"], data / case["copy"]["to"])
    else:
        raise AssertionError(f"{case['name']}: no operation")


def expected_line(case: dict, data: Path) -> int:
    expect = case["expect"]
    if "line" in expect:
        return expect["line"]
    lines = (data / expect["file"]).read_bytes().decode("utf-8", errors="replace").splitlines()
    hits = [number for number, line in enumerate(lines, start=1) if expect["at"] in line]
    assert hits, f"{case['name']}: {expect['at']!r} not in {expect['file']}"
    return hits[-1] if expect.get("last") else hits[0]


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_bad_input_fails_with_one_precise_message(case, template, tmp_path):
    project = Path(shutil.copytree(template, tmp_path / "project", symlinks=True))
    apply(case, project / "data")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    run = subprocess.run(
        [sys.executable, "scripts/check.py", "--build-only"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = run.stdout + run.stderr
    assert run.returncode != 0, output
    assert "Traceback" not in output, output
    expect = case["expect"]
    problems = PROBLEM_LINE.findall(output)
    main = [p for p in problems if expect["message"] in p[2]]
    assert len(main) == 1, output
    path, line, message = main[0]
    assert (path, int(line)) == (f"data/{expect['file']}", expected_line(case, project / "data")), output
    fix = output.split(f"{path}:{line}: {message}", 1)[1].splitlines()[1]
    assert fix.strip().startswith("fix:") and expect["fix"] in fix, output
    others = [p for p in problems if p is not main[0]]
    also = case.get("also")
    assert all(also and also in p[2] for p in others), f"unexpected extra messages: {others}"
    assert (project / "site" / "index.html").read_text() == "previous site"
    assert not list(project.glob(".site-build-*"))
