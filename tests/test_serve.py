"""`make serve` (scripts/serve.py): after each kind of edit (data, docs, theme, mkdocs.yml, the
code under macros/) the site served is byte for byte a clean build's, and what is kept between
builds stays one site's worth; a failing build, an error in the code included, is answered at
once with its problems at their file and line; stopping the server removes its temporary site."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import jinja2
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


def site_texts(root: Path):
    for path in root.rglob("*.html"):
        yield path.read_text(encoding="utf-8")


def mark(what: str) -> str:
    return f"<!-- an edit: {what} -->"


@dataclass
class Edit:
    kind: str
    path: str  # under the project
    change: Callable[[str], str]
    shows: str  # text the edit puts into the site
    code: bool = False  # an edit of the project's code: a new build process builds from scratch


def swap(old: str, new: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        assert old in text, old
        return text.replace(old, new, 1)

    return change


def append(addition: str) -> Callable[[str], str]:
    return lambda text: text + addition


EDITS = [
    # a claim's text: its topic, actor, place and timeline pages change, the rest is reused
    Edit(
        "data",
        "data/military.yaml",
        swap("About 30,000 Russian troops", "About 30,000 Russian soldiers"),
        "Russian soldiers",
    ),
    # a topic's title: the navigation of every page changes
    Edit(
        "data (navigation)",
        "data/topics.yaml",
        swap("title: Diplomacy and channels", "title: Diplomacy and its channels"),
        "Diplomacy and its channels",
    ),
    Edit("docs", "docs/about.md", swap("# About and methodology", "# About and method"), "About and method"),
    Edit("theme (overrides/)", "overrides/partials/search.html", append(mark("theme") + "\n"), mark("theme")),
    Edit(
        "mkdocs.yml",
        "mkdocs.yml",
        swap("\nsite_description: >-\n", "\nsite_description: >-\n  Edited description.\n"),
        "Edited description.",
    ),
    Edit(
        "macros/ Python (a label in kb/pages.py)",
        "macros/kb/pages.py",
        swap('("Publisher", meta.publisher)', '("Publishing house", meta.publisher)'),
        "Publishing house",
        code=True,
    ),
    Edit(
        "macros/ template (.j2)",
        "macros/kb/templates/graph.svg.j2",
        lambda text: mark("template") + "\n" + text,
        mark("template"),
        code=True,
    ),
    Edit(
        "macros/hooks.py",
        "macros/hooks.py",
        append(
            "\n\n_finished = on_page_content\n\n\n"
            "def on_page_content(html: str, page: Any, config: Any, files: Files) -> str:\n"
            f"    return _finished(html, page, config, files) + {mark('hook')!r}\n"
        ),
        mark("hook"),
        code=True,
    ),
    Edit(
        "data, after the code edits",
        "data/military.yaml",
        swap("About 30,000 Russian soldiers", "About 30,000 Russian servicemen"),
        "Russian servicemen",
    ),
]


def test_each_kind_of_edit_is_served_as_a_clean_build_makes_it(project, tmp_path):
    """The builds `make serve` makes (a build process that keeps its results between builds,
    replaced when the code changes), after each kind of edit, compared file by file with a clean
    build of the same files."""
    served = tmp_path / "served"
    builds = serve.Builds(str(project / "mkdocs.yml"), str(served), URL)
    stale: dict[str, list[str]] = {}
    try:
        assert builds.build() == []
        assert not builds.hits  # the first build has nothing to reuse
        for number, edit in enumerate(EDITS):
            path = project / edit.path
            path.write_text(edit.change(path.read_text(encoding="utf-8")), encoding="utf-8")
            started = builds.processes_started
            assert builds.build() == [], edit.kind
            if edit.code:  # the code is imported afresh: nothing made with the old code is reused
                assert builds.processes_started == started + 1 and not builds.hits, edit.kind
            else:  # data, docs, theme and settings edits redo only what changed
                assert builds.processes_started == started, edit.kind
                assert builds.hits["page"] > 10 and builds.hits["search"] > 10, (edit.kind, builds.hits)
            served_files = digest_tree(served)
            clean_files = clean_build(project, tmp_path / f"clean-{number}")
            stale[edit.kind] = sorted(
                name
                for name in served_files.keys() | clean_files.keys()
                if served_files.get(name) != clean_files.get(name)
            )
            assert any(edit.shows in text for text in site_texts(served)), (edit.kind, edit.shows)
    finally:
        builds.stop()
    assert not any(stale.values()), {
        kind: files[:5] + [f"{len(files)} in all"] for kind, files in stale.items() if files
    }


def test_a_rebuild_keeps_only_what_it_used(project, tmp_path):
    """After an edit that changes every page's navigation, what only the earlier build used
    is dropped: the results kept are those of one site, not two."""
    config = str(project / "mkdocs.yml")
    reuse = serve.Reuse()
    assert serve.build_once(config, str(tmp_path / "a"), URL, reuse) == []
    before = reuse.sizes()
    assert before["theme"] > 10 and before["page"] > 10, before
    replace(
        project / "data" / "topics.yaml", "title: Diplomacy and channels", "title: Diplomacy and its channels"
    )
    assert serve.build_once(config, str(tmp_path / "a"), URL, reuse) == []
    assert reuse.hits["page"] > 10  # the pages' HTML was reused, their themed HTML made again
    assert reuse.sizes() == before


def test_a_file_added_to_or_removed_from_the_theme_folder_is_published_or_dropped(project, tmp_path):
    """The theme's files are listed and filtered once per process; a file added to the project's
    theme folder (overrides/) is published by the next build, and a removed one is gone."""
    config, site = str(project / "mkdocs.yml"), tmp_path / "site"
    reuse = serve.Reuse()
    assert serve.build_once(config, str(site), URL, reuse) == []
    added = project / "overrides" / "assets" / "kb-added.txt"
    added.parent.mkdir(parents=True, exist_ok=True)
    added.write_text("added\n", encoding="utf-8")
    assert serve.build_once(config, str(site), URL, reuse) == []
    assert (site / "assets" / "kb-added.txt").read_text(encoding="utf-8") == "added\n"
    added.unlink()
    assert serve.build_once(config, str(site), URL, reuse) == []
    assert not (site / "assets" / "kb-added.txt").exists()
    assert digest_tree(site) == clean_build(project, tmp_path / "clean")


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


def wait_until(condition, seconds: float = 180.0):  # a guard, not a speed target
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    pytest.fail("timed out")


@dataclass
class Served:
    project: Path
    base: str
    process: subprocess.Popen
    temp: Path  # the server's temporary folder (TMPDIR)
    terminal: Path  # what it printed


@pytest.fixture
def served(project, tmp_path):
    port = free_port()
    temp, terminal = tmp_path / "tmp", tmp_path / "terminal.txt"
    temp.mkdir()
    with terminal.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, str(ROOT / "scripts" / "serve.py"), "-a", f"127.0.0.1:{port}"],
            cwd=project,
            env={
                **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
                "NO_MKDOCS_2_WARNING": "1",
                "TMPDIR": str(temp),
            },
            stdout=output,
            stderr=subprocess.STDOUT,
            # Ctrl-C as a terminal sends it, whatever the suite inherited: a shell that runs
            # `make test &` starts it with SIGINT ignored, and a child would keep ignoring it
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
    base = f"http://127.0.0.1:{port}/"

    def up() -> bool:
        try:
            return get(base)[0] == 200
        except OSError:
            return process.poll() is not None and pytest.fail("the server exited")

    wait_until(up)
    yield Served(project, base, process, temp, terminal)
    if process.poll() is None:
        process.terminate()
        process.wait(timeout=10)


def test_a_failing_build_answers_every_page_with_its_problems_and_recovers(served):
    project, base = served.project, served.base
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


def test_a_python_error_under_macros_is_shown_and_the_fixed_code_and_later_data_are_served(served):
    project, base = served.project, served.base
    pages = project / "macros" / "kb" / "pages.py"
    good = pages.read_text(encoding="utf-8")
    lines = good.splitlines(keepends=True)
    line = next(n for n, text in enumerate(lines, 1) if text.startswith("def "))
    pages.write_text("".join([*lines[: line - 1], "def broken(:\n", *lines[line - 1 :]]), encoding="utf-8")

    def failing() -> str | None:
        status, body = get(base + "military/")
        return body if status == 500 else None

    body = wait_until(failing)
    assert f"macros/kb/pages.py:{line}" in body and "SyntaxError" in body
    assert "Traceback" not in body
    assert served.process.poll() is None  # the server keeps running

    # fixed, with a label changed: the new label is served, then a data edit after it too
    pages.write_text(
        good.replace('("Publisher", meta.publisher)', '("Publishing house", meta.publisher)'), "utf-8"
    )
    wait_until(lambda: "Publishing house" in get(base + "sources/pism-belarus-reaction/")[1])
    replace(
        project / "data" / "military.yaml", "About 30,000 Russian troops", "About 30,000 Russian soldiers"
    )
    wait_until(lambda: "Russian soldiers" in get(base + "military/")[1])
    assert get(base + "military/")[0] == 200

    terminal = served.terminal.read_text(encoding="utf-8")
    assert f"macros/kb/pages.py:{line} SyntaxError" in terminal
    assert "Traceback" not in terminal
    # Python's compiled files, and the compiled templates, go to the temporary folder: in
    # macros/, the watcher would see them and build again
    assert not list((project / "macros").rglob("__pycache__"))


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_stopping_the_server_removes_its_temporary_site(served, signum):
    assert [path.name[:9] for path in served.temp.iterdir()] == ["kb-serve-"]
    served.process.send_signal(signum)
    assert served.process.wait(timeout=30) == 0
    assert list(served.temp.iterdir()) == []


def test_stopping_the_server_while_it_rebuilds_is_prompt(served):
    """A stop right after an edit ends the rebuild under way instead of waiting for it (under
    load one takes many seconds), and still removes the temporary site."""
    replace(
        served.project / "data" / "military.yaml",
        "About 30,000 Russian troops",
        "About 30,000 Russian soldiers",
    )
    wait_until(lambda: "Detected file changes" in served.terminal.read_text(encoding="utf-8") or None)
    started = time.monotonic()
    served.process.send_signal(signal.SIGTERM)
    assert served.process.wait(timeout=30) == 0
    assert time.monotonic() - started < 10
    assert list(served.temp.iterdir()) == []


def test_an_error_in_the_code_is_shown_at_its_file_and_line(tmp_path):
    code = tmp_path / "macros"
    (code / "templates").mkdir(parents=True)
    broken = code / "broken.py"
    broken.write_text("x = 1\ndef f(:\n    pass\n", encoding="utf-8")
    with pytest.raises(SyntaxError) as syntax:
        compile(broken.read_text(encoding="utf-8"), str(broken), "exec")
    shown = serve.code_problem(syntax.value, tmp_path)
    assert shown.where == "macros/broken.py:2" and shown.message.startswith("SyntaxError: ")

    # an error raised while the project's code ran, reported by the caller as another error
    broken.write_text("def f():\n    return 1\n\n\ndef g():\n    return undefined_name\n", encoding="utf-8")
    namespace: dict = {}
    exec(compile(broken.read_text(encoding="utf-8"), str(broken), "exec"), namespace)
    with pytest.raises(ImportError) as wrapped:
        try:
            namespace["g"]()
        except NameError:
            raise ImportError("could not load the module") from None
    assert serve.code_problem(wrapped.value, tmp_path) == serve.Shown(
        "macros/broken.py:6", "NameError: name 'undefined_name' is not defined", serve.CODE_FIX
    )

    (code / "templates" / "t.svg.j2").write_text("<svg>\n{% if %}\n</svg>\n", encoding="utf-8")
    templates = jinja2.Environment(loader=jinja2.FileSystemLoader(code / "templates"))
    with pytest.raises(jinja2.TemplateSyntaxError) as template:
        templates.get_template("t.svg.j2")
    shown = serve.code_problem(template.value, tmp_path)
    assert shown.where == "macros/templates/t.svg.j2:2" and shown.message.startswith("TemplateSyntaxError: ")


def test_an_error_raised_in_a_macro_is_shown_at_its_line_and_builds_go_on(project, tmp_path):
    """mkdocs-macros reports an exception in a macro with its traceback and exits: the build
    process reports the exception at the project's line instead, and the next build works."""
    pages = project / "macros" / "kb" / "pages.py"
    good = pages.read_text(encoding="utf-8")
    lines = good.splitlines(keepends=True)
    line = next(n for n, text in enumerate(lines, 1) if text.startswith("def kind_legend(")) + 1
    pages.write_text(
        "".join([*lines[: line - 1], "    undefined_name\n", *lines[line - 1 :]]), encoding="utf-8"
    )
    builds = serve.Builds(str(project / "mkdocs.yml"), str(tmp_path / "served"), URL)
    try:
        [problem] = builds.build()
        assert problem.where == f"macros/kb/pages.py:{line}" and problem.fix == serve.CODE_FIX
        assert problem.message.startswith(
            "NameError: name 'undefined_name' is not defined (in a macro of the page "
        )
        pages.write_text(good, encoding="utf-8")
        assert builds.build() == []
    finally:
        builds.stop()
