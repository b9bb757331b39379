"""Reload time: from saving a file to the served page showing the change.

For a project (the real one, or one of `make bench`'s synthetic ones), each server in turn
("mkdocs serve": MkDocs' own; "make serve": scripts/serve.py) is started on a free local port.
Once it serves the home page, the script makes --edits edits, one at a time, alternating:
- a YAML edit: a word appended to the text of the first claim in the first topic's data file;
- a Markdown edit: a paragraph appended to docs/about.md.
Each edit writes a new unique word. The time is from the file's write to the first response
of the page that shows the claim (its topic page) or /about/ holding that word, asking every
20 ms. A second between edits lets the machine settle. Medians are reported, per kind and in all.

    .venv/bin/python scripts/bench_reload.py [PROJECT] [--edits 6] [--servers mkdocs,ours]
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import string
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "macros"))

from kb.load import load
from kb.urls import Urls

SERVERS = {
    "mkdocs": (
        "mkdocs serve",
        lambda port: [sys.executable, "-m", "mkdocs", "serve", "--strict", "-a", f"127.0.0.1:{port}"],
    ),
    "ours": (
        "make serve",
        lambda port: [sys.executable, str(ROOT / "scripts" / "serve.py"), "-a", f"127.0.0.1:{port}"],
    ),
}
PROJECT_PARTS = ["mkdocs.yml", "docs", "data", "macros", "overrides"]
POLL = 0.02
TIMEOUT = 300.0


class ReloadFailed(Exception):
    pass


@dataclass
class Reloads:
    server: str
    first_build: float
    yaml: list[float] = field(default_factory=list)
    markdown: list[float] = field(default_factory=list)

    @property
    def all(self) -> list[float]:
        return self.yaml + self.markdown


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
            return str(response.read().decode("utf-8", "replace"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, word: str, process: subprocess.Popen[bytes], since: float) -> float:
    """Seconds from ``since`` until ``url`` serves a page holding ``word``."""
    while True:
        page = fetch(url)
        if page is not None and word in page:
            return time.perf_counter() - since
        if process.poll() is not None:
            raise ReloadFailed(f"the server stopped (exit {process.returncode})")
        if time.perf_counter() - since > TIMEOUT:
            raise ReloadFailed(f"{url} did not show {word!r} within {TIMEOUT:.0f} s")
        time.sleep(POLL)


def marker(number: int) -> str:
    """A word no page holds: letters only (a digit in a claim's text must be in its quote)."""
    letters = string.ascii_lowercase
    return "reloadmark" + letters[number // 26 % 26] + letters[number % 26]


def yaml_edit(project: Path) -> tuple[Path, str, str]:
    """(file, the line to change, the page path that shows it): the first claim's text."""
    kb = load(project / "data")
    topic = kb.topics[0]
    entry = kb.claims_in(topic.id)[0]
    path = Path(entry.path) if Path(entry.path).is_absolute() else project / entry.path
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(n for n in range(entry.line - 1, len(lines)) if lines[n].lstrip().startswith("text:"))
    indent = len(lines[start]) - len(lines[start].lstrip())
    end = start  # a long text is folded over more lines, each indented deeper than `text:`
    while end + 1 < len(lines) and len(lines[end + 1]) - len(lines[end + 1].lstrip()) > indent:
        end += 1
    if not lines[end].rstrip().endswith("."):
        raise ReloadFailed(f"{entry.path}:{end + 1}: the claim's text does not end with a full stop")
    return path, lines[end], Urls(kb, 40).claim(entry).url.split("#")[0]


def measure(project: Path, server: str, edits: int) -> Reloads:
    label, command = SERVERS[server]
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    yaml_file, yaml_line, claim_page = yaml_edit(project)
    about = project / "docs" / "about.md"
    originals = {yaml_file: yaml_file.read_bytes(), about: about.read_bytes()}
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    with tempfile.TemporaryFile() as log:
        started = time.perf_counter()
        process = subprocess.Popen(command(port), cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            while fetch(base) is None:
                if process.poll() is not None or time.perf_counter() - started > TIMEOUT:
                    raise ReloadFailed(f"{label} did not start")
                time.sleep(0.1)
            result = Reloads(label, time.perf_counter() - started)
            for number in range(edits):
                time.sleep(1.0)
                word = marker(number)
                if number % 2 == 0:
                    text = yaml_file.read_text(encoding="utf-8").replace(
                        yaml_line, yaml_line.rstrip("\n")[:-1] + f" {word}.\n", 1
                    )
                    since = time.perf_counter()
                    yaml_file.write_text(text, encoding="utf-8")
                    result.yaml.append(wait_for(base + claim_page, word, process, since))
                    yaml_line = yaml_line.rstrip("\n")[:-1] + f" {word}.\n"
                else:
                    text = about.read_text(encoding="utf-8") + f"\nAn edit: {word}.\n"
                    since = time.perf_counter()
                    about.write_text(text, encoding="utf-8")
                    result.markdown.append(wait_for(base + "about/", word, process, since))
            return result
        except ReloadFailed as failed:
            log.seek(0)
            raise ReloadFailed(f"{label} in {project}: {failed}\n{log.read().decode()[-3000:]}") from None
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
            for path, content in originals.items():
                path.write_bytes(content)


def seconds(values: list[float]) -> str:
    return f"{statistics.median(values):.2f}" if values else "—"


def table(rows: list[tuple[str, Reloads]]) -> str:
    lines = [
        "| size | server | first build s | reload, YAML edit s | reload, Markdown edit s | reload, median s | edits |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for size, r in rows:
        lines.append(
            f"| {size} | {r.server} | {r.first_build:.1f} | {seconds(r.yaml)} | {seconds(r.markdown)} | "
            f"{seconds(r.all)} | {len(r.all)} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "project", nargs="?", type=Path, default=ROOT, help="a project folder (default: this one)"
    )
    parser.add_argument(
        "--edits", type=int, default=6, help="edits per server, alternating YAML and Markdown (default 6)"
    )
    parser.add_argument(
        "--servers", default="mkdocs,ours", help="comma-separated: mkdocs, ours (default both)"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kb-reload-") as folder:
        project = args.project
        if project.resolve() == ROOT:  # edits go to a copy, never to the working tree
            project = Path(folder) / "project"
            project.mkdir()
            for part in PROJECT_PARTS:
                copy = shutil.copytree if (ROOT / part).is_dir() else shutil.copy2
                copy(ROOT / part, project / part)  # type: ignore[operator]
        label = "real" if args.project.resolve() == ROOT else args.project.name
        rows = [(label, measure(project, s, args.edits)) for s in args.servers.split(",")]
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
