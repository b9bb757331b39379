"""`make serve` (scripts/serve.py): a rebuild that reuses earlier results writes the same bytes
as a clean build, and a failing build is answered at once with its problems."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import serve

from conftest import ROOT, free_port

URL = "http://127.0.0.1:8765/"


def digest_tree(root: Path) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def clean_build(project: Path, out: Path) -> dict[str, str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SITE_URL=URL)
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(out)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    return digest_tree(out)


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_rebuild_reusing_earlier_results_is_byte_identical_to_a_clean_build(project, tmp_path):
    config = str(project / "mkdocs.yml")
    served = tmp_path / "served"
    reuse = serve.Reuse()
    assert serve.build_once(config, str(served), URL, reuse) == []
    assert not reuse.hits  # the first build has nothing to reuse

    edits = [
        # a claim's text: its topic, actor, place and timeline pages change, the rest is reused
        (project / "data" / "military.yaml", "About 30,000 Russian troops", "About 30,000 Russian soldiers"),
        # a hand-written page
        (project / "docs" / "about.md", "# About and methodology", "# About and method"),
        # a topic's title: the navigation of every page changes
        (
            project / "data" / "topics.yaml",
            "title: Diplomacy and channels",
            "title: Diplomacy and its channels",
        ),
    ]
    for number, (path, old, new) in enumerate(edits):
        replace(path, old, new)
        reuse.hits.clear()
        assert serve.build_once(config, str(served), URL, reuse) == []
        assert reuse.hits["page"] > 10 and reuse.hits["search"] > 10, reuse.hits  # the reuse was exercised
        assert digest_tree(served) == clean_build(project, tmp_path / f"clean-{number}"), path.name
    assert "Diplomacy and its channels" in (served / "index.html").read_text(encoding="utf-8")


def test_a_change_to_the_python_under_macros_drops_what_was_kept(project, tmp_path):
    reuse = serve.Reuse()
    config = str(project / "mkdocs.yml")
    assert serve.build_once(config, str(tmp_path / "a"), URL, reuse) == []
    assert reuse.rendered and not reuse.forget_stale_code(project / "macros")
    pages = project / "macros" / "kb" / "pages.py"
    pages.write_text(pages.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert reuse.forget_stale_code(project / "macros")
    assert not reuse.rendered and not reuse.search and not reuse.themed


def test_the_problems_of_a_report_keep_file_line_message_and_fix():
    report = (
        "2 problems in the knowledge-base data:\n"
        "data/military.yaml:7: actors: unknown actor id 'rusia'\n"
        "    fix: use an id from data/actors.yaml, e.g. 'russia'\n"
        "docs/sanctions.md: the page of topic 'sanctions' does not list its claims\n"
        "Aborted with 1 warnings in strict mode!"
    )
    assert serve.problems_of(report) == [
        serve.Shown(
            "data/military.yaml:7",
            "actors: unknown actor id 'rusia'",
            "use an id from data/actors.yaml, e.g. 'russia'",
        ),
        serve.Shown("docs/sanctions.md", "the page of topic 'sanctions' does not list its claims"),
    ]


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def wait_until(condition, seconds: float = 60.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    pytest.fail("timed out")


@pytest.fixture
def served(project):
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "scripts" / "serve.py"), "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}/"

    def up() -> bool:
        try:
            return get(base)[0] == 200
        except OSError:
            return process.poll() is not None and pytest.fail("the server exited")

    wait_until(up)
    yield project, base
    process.terminate()
    process.wait(timeout=10)


def test_a_failing_build_answers_every_page_with_its_problems_and_recovers(served):
    project, base = served
    military = project / "data" / "military.yaml"
    good = military.read_text(encoding="utf-8")
    line = next(n for n, text in enumerate(good.splitlines(), 1) if "actors: [belarus]" in text)
    military.write_text(good.replace("actors: [belarus]", "actors: [belaruss]", 1), encoding="utf-8")

    def failing() -> tuple[int, str] | None:
        status, body = get(base + "military/")
        return (status, body) if status == 500 else None

    status, body = wait_until(failing)
    assert "The build failed: 1 problem" in body
    assert f"data/military.yaml:{line}" in body and "belaruss" in body
    assert "&#x27;belarus&#x27;" in body  # the fix names the closest known id
    assert "livereload" in body  # the page reloads itself when a build succeeds
    started = time.monotonic()
    assert get(base + "actors/russia/")[0] == 500  # any page, at once: no request waits
    assert time.monotonic() - started < 5
    assert get(base + "assets/kb.css")[0] == 200  # files other than pages are still served

    military.write_text(good, encoding="utf-8")
    wait_until(lambda: get(base + "military/")[0] == 200)
