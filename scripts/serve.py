"""`make serve`: the site on a local address, rebuilt on every save, for contributors.

Three things MkDocs' own `mkdocs serve` does not do:

- **A failing build answers at once.** Every page request gets an error page listing the
  problems (file:line, what is wrong, the fix; the terminal shows the same, never a traceback)
  instead of waiting for a build that will not come, and the page reloads by itself when a
  later build succeeds. An error in the project's Python (a syntax error under macros/, say)
  is such a problem too: the server keeps running.
- **A rebuild redoes only what changed.** The data is loaded again only when a file under
  data/ changed, and what earlier builds made is reused where it is keyed by everything it is
  made from (scripts/mkdocs_adapter.py), so that the site written is byte for byte the one a
  clean build makes (tests/test_serve.py compares them after each kind of edit).
- **A change to the code starts a fresh build process.** This process serves the site and
  watches the files; the builds run in a build process that keeps the reused results between
  builds. MkDocs keeps its hook modules for the life of a process, and Python keeps every
  imported module, so when any file of the project's code changes (the folders of the hooks
  and of the macros module: macros/, its templates included; and this script and the adapter),
  the build process is replaced by a new one, which imports the code afresh and builds from
  scratch, as uvicorn's `--reload` does. Data, docs, theme and mkdocs.yml edits keep it.

The watcher looks for changes every 0.05 s. Ctrl-C or SIGTERM stops the server and removes the
temporary folder the site is built in.

    python scripts/serve.py [-a 127.0.0.1:8000] [-f mkdocs.yml]
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import hashlib
import html
import logging
import multiprocessing
import os
import re
import shutil
import signal
import sys
import tempfile
import traceback
from collections.abc import Iterable
from dataclasses import astuple, dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from types import FrameType

import mkdocs_adapter
from mkdocs.exceptions import MkDocsException
from mkdocs_adapter import ProjectPaths, Reuse, Server, project_paths

log = logging.getLogger("mkdocs.serve")
POLLING_SECONDS = 0.05  # how often the watcher looks at the files (MkDocs: 0.5)
SETTLE_SECONDS = 0.02  # a burst of saves within this time makes one rebuild (MkDocs: 0.1)
# The build process runs these files too: a change to them replaces it like a change to macros/.
OWN_CODE = (Path(__file__).resolve(), Path(mkdocs_adapter.__file__).resolve())
LOG_FORMAT = "%(levelname)-8s -  %(message)s"


# --- one build, and what went wrong ---------------------------------------------------------


@dataclass(frozen=True)
class Shown:
    """One problem as the error page shows it."""

    where: str
    message: str
    fix: str = ""


PROBLEM = re.compile(r"^(?P<where>[^\s:]+(?::\d+)?): (?P<message>.+)$")
NOT_PROBLEMS = re.compile(r"^(Aborted with|\d+ problems? in |Error building page )")


def problems_of(text: str) -> list[Shown]:
    """The problems in a failed build's log: `path:line: message` lines, each optionally
    followed by a `fix: …` line; any other line as it is."""
    found: list[Shown] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or NOT_PROBLEMS.match(line):
            continue
        if line.startswith("fix:") and found:
            last = found[-1]
            found[-1] = Shown(last.where, last.message, line.removeprefix("fix:").strip())
            continue
        match = PROBLEM.match(line)
        if match and ("/" in match["where"] or "." in match["where"]):
            found.append(Shown(match["where"], match["message"]))
        else:
            found.append(Shown("", line))
    return list(dict.fromkeys(found))


CODE_FIX = "correct the code at this line and save: the site is then built afresh"
TRACEBACK = "Traceback (most recent call last)"


def code_problem(error: BaseException, root: Path) -> Shown:
    """An error raised by code, at the line of the project's own code where it happened: for a
    syntax error (Python's or a template's) the line it names, else the innermost frame in the
    project, of the error or of the error it was raised while handling."""

    def inside(filename: str | None) -> str | None:
        path = Path(filename).resolve() if filename else None
        return path.relative_to(root).as_posix() if path and path.is_relative_to(root) else None

    chain: list[BaseException] = []
    cause: BaseException | None = error
    while cause is not None and cause not in chain:
        chain.append(cause)
        cause = cause.__cause__ or cause.__context__
    for each in reversed(chain):  # the first error raised comes last
        name = type(each).__name__
        at, line = inside(getattr(each, "filename", None)), getattr(each, "lineno", None)
        if at and isinstance(line, int):  # SyntaxError, jinja2's TemplateSyntaxError
            message = getattr(each, "msg", None) or getattr(each, "message", None) or str(each)
            return Shown(f"{at}:{line}", f"{name}: {message}", CODE_FIX)
        frames = [
            (at, frame.lineno)
            for frame in traceback.extract_tb(each.__traceback__)
            if (at := inside(frame.filename))
        ]
        if frames:
            return Shown(f"{frames[-1][0]}:{frames[-1][1]}", f"{name}: {each}", CODE_FIX)
    return Shown("", f"{type(error).__name__}: {error}", "see the terminal")


class _Log(logging.Handler):
    """What a build logs. A message holding a traceback is left out: the error being handled
    when it was logged is kept instead, with the page the message names."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []
        self.handled: list[tuple[BaseException, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        handled, message = sys.exc_info()[1], record.getMessage()
        if handled is not None and TRACEBACK in message:
            page = MACRO_PAGE.search(message)
            self.handled.append((handled, page[1] if page else ""))
        else:
            self.lines.append(message)


MACRO_PAGE = re.compile(r"_File_: `([^`]+)`")  # how mkdocs-macros names the page of a failing macro


def build_once(config_file: str, site_dir: str, site_url: str, reuse: Reuse | None = None) -> list[Shown]:
    """Build the site into ``site_dir`` as `mkdocs build --strict` would, with ``site_url`` as
    its address; the problems when it fails, else nothing."""
    logged = _Log()
    logging.getLogger("mkdocs").addHandler(logged)
    try:
        mkdocs_adapter.build(config_file, site_dir, site_url, reuse)
        return []
    except (Exception, SystemExit) as raised:
        gc.unfreeze()  # the hooks freeze the collector during a build; an exit skips their thaw
        # mkdocs-macros reports an error raised in a macro as a warning holding its traceback,
        # then exits: the error it was handling is the one to report.
        error: BaseException = raised
        page = ""
        if isinstance(raised, SystemExit) and logged.handled:
            error, page = logged.handled[-1]
        if isinstance(error, MkDocsException):
            return problems_of("\n".join([*logged.lines, str(error)])) or [
                Shown("", "the build failed", "see the terminal")
            ]
        problem = code_problem(error, Path(config_file).resolve().parent)
        if page:
            problem = Shown(problem.where, f"{problem.message} (in a macro of the page {page})", problem.fix)
        return [*problems_of("\n".join(logged.lines)), problem]
    finally:
        logging.getLogger("mkdocs").removeHandler(logged)


class NoTracebacks(logging.Filter):
    """Leaves out a message holding a traceback (mkdocs-macros logs one for an error in a
    macro): the build reports the error itself, at its file and line."""

    def filter(self, record: logging.LogRecord) -> bool:
        return TRACEBACK not in record.getMessage()


def configure_logging() -> None:
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
    for handler in logging.getLogger().handlers:
        handler.addFilter(NoTracebacks())


# --- the build process ----------------------------------------------------------------------


def work(connection: Connection, config_file: str, site_dir: str, site_url: str, pycache: str | None) -> None:
    """The build process: builds the site each time it is asked and answers with the problems,
    keeping what it can reuse between builds, until the connection closes. Python's compiled
    files go to ``pycache``, if given, not beside the code, where the watcher would see them."""
    if pycache:
        sys.pycache_prefix = pycache
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches it too: the server stops it
    configure_logging()
    for handler in logging.getLogger().handlers:  # the server prints them once, as problems
        handler.addFilter(lambda record: record.levelno < logging.WARNING)
    reuse = Reuse()
    while True:
        try:
            connection.recv()
        except (EOFError, OSError):
            return
        reuse.hits.clear()
        problems = build_once(config_file, site_dir, site_url, reuse)
        connection.send(([astuple(p) for p in problems], dict(reuse.hits), reuse.sizes()))


def code_stamp(paths: Iterable[Path]) -> str:
    """A digest of the names and contents of the files at and under ``paths`` (Python's
    compiled files left out)."""
    digest = hashlib.sha256()
    for path in paths:
        files = [path] if path.is_file() else sorted(path.rglob("*"))
        for file in files:
            if "__pycache__" in file.parts or not file.is_file():
                continue
            digest.update(f"{file}\0".encode("utf-8", "surrogateescape"))
            try:
                digest.update(hashlib.sha256(file.read_bytes()).digest())
            except OSError:  # removed while we looked: the next build looks again
                digest.update(b"unreadable")
    return digest.hexdigest()


class Builds:
    """The site's builds, each made by a build process that keeps what it can reuse between
    builds and is replaced by a new one when the project's code changed since it started."""

    def __init__(self, config_file: str, site_dir: str, site_url: str, pycache: str | None = None) -> None:
        self.config_file, self.site_dir, self.site_url, self.pycache = (
            config_file,
            site_dir,
            site_url,
            pycache,
        )
        self.paths = ProjectPaths((Path(config_file).resolve(),), ())
        self.processes_started = 0
        self.hits: dict[str, int] = {}  # results the last build reused, by kind
        self.sizes: dict[str, int] = {}  # results kept after it, by kind
        self._context = multiprocessing.get_context("spawn")  # a new interpreter: nothing imported
        self._process: multiprocessing.process.BaseProcess | None = None
        self._connection: Connection | None = None
        self._code = ""
        self.closed = False

    def build(self) -> list[Shown]:
        if self.closed:
            return []
        with contextlib.suppress(Exception):  # mkdocs.yml does not read: the build says why
            self.paths = project_paths(self.config_file)
        code = code_stamp((*self.paths.code, *OWN_CODE))  # before a new process imports any
        if self._process is not None and code != self._code:
            log.info("The code changed: a new build process builds the site from scratch")
            self.stop()
        process, connection = self._process, self._connection
        if process is None or connection is None or not process.is_alive():
            process, connection = self._start()
        self._code = code
        try:
            connection.send("build")
            problems, self.hits, self.sizes = connection.recv()
            return [Shown(*problem) for problem in problems]
        except (EOFError, OSError):
            if self.closed:  # the server is stopping: it ended this build
                return []
            process.join(timeout=5)
            self.stop()
            return [
                Shown(
                    "",
                    f"the build process stopped (exit code {process.exitcode})",
                    "see the terminal; the next save starts a new one",
                )
            ]

    def _start(self) -> tuple[multiprocessing.process.BaseProcess, Connection]:
        self.stop()
        ours, theirs = self._context.Pipe()
        process = self._context.Process(
            target=work,
            args=(theirs, self.config_file, self.site_dir, self.site_url, self.pycache),
            name="build",
            daemon=True,
        )
        process.start()
        theirs.close()
        self._process, self._connection = process, ours
        self.processes_started += 1
        return process, ours

    def stop(self, wait: float = 5) -> None:
        """Stop the build process: it ends when its connection closes (within ``wait`` seconds),
        or is ended."""
        process, connection = self._process, self._connection
        self._process = self._connection = None
        if connection is not None:
            connection.close()
        if process is not None:
            process.join(timeout=wait)
            if process.is_alive():
                process.terminate()
                process.join(timeout=5)
            if process.is_alive():
                process.kill()
                process.join()

    def close(self) -> None:
        """For good, when the server stops: a build under way is ended, not waited for (the
        thread waiting for it then returns at once), and no build starts after."""
        self.closed = True
        self.stop(wait=0)


# --- the error page and the server ----------------------------------------------------------


def error_page(problems: list[Shown]) -> bytes:
    """A self-contained page (no stylesheet to load) listing the problems."""
    count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
    rows = "\n".join(
        f"<tr><td><code>{html.escape(p.where)}</code></td><td>{html.escape(p.message)}</td>"
        f"<td>{html.escape(p.fix)}</td></tr>"
        for p in problems
    )
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>The build failed: {count}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body {{ font: 16px/1.5 system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem;
  color: #1b1b1b; background: #fff; }}
h1 {{ color: #b00020; font-size: 1.5rem; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ text-align: left; vertical-align: top; padding: .5rem .75rem; border-bottom: 1px solid #ddd; }}
th {{ background: #f4f4f4; }}
td:first-child code {{ white-space: nowrap; }}
@media (max-width: 40rem) {{ thead {{ display: none; }} tr, td {{ display: block; }}
  td {{ border: 0; padding: .15rem 0; }} tr {{ border-bottom: 1px solid #ddd; padding: .5rem 0; }}
  td:last-child:not(:empty)::before {{ content: "Fix: "; font-weight: 600; }} }}
</style></head>
<body><main>
<h1>The build failed: {count}</h1>
<p>Fix them and save: this page reloads by itself when the site builds again.
The terminal running <code>make serve</code> shows the same messages.</p>
<table><thead><tr><th>File:line</th><th>What is wrong</th><th>Fix</th></tr></thead>
<tbody>
{rows}
</tbody></table>
</main></body></html>
""".encode()


def report(problems: list[Shown]) -> None:
    for problem in problems:
        log.error(
            "%s %s%s",
            problem.where,
            problem.message,
            f"\n    fix: {problem.fix}" if problem.fix else "",
        )
    if problems:
        log.error("The build failed: the browser shows the problems, and reloads when they are fixed.")


def _stop(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt  # SIGTERM: the same clean-up as Ctrl-C


def serve(config_file: str, host: str, port: int) -> None:
    temporary = Path(tempfile.mkdtemp(prefix="kb-serve-"))
    site_dir = str(temporary / "site")
    os.mkdir(site_dir)
    signal.signal(signal.SIGTERM, _stop)
    builds = Builds(config_file, site_dir, f"http://{host}:{port}/", str(temporary / "pycache"))
    server = Server(
        builder=lambda: None, host=host, port=port, root=site_dir, polling_interval=POLLING_SECONDS
    )
    server.build_delay = SETTLE_SECONDS
    watching: set[Path] = set()

    def builder() -> None:
        problems = builds.build()
        server.failure = error_page(problems) if problems else None
        report(problems)
        for path in builds.paths.watched:  # an edit of mkdocs.yml may name a new folder
            if path not in watching and path.exists():
                server.watch(str(path))
                watching.add(path)

    server.builder = builder
    try:
        builder()
        try:
            server.serve()
        finally:
            builds.close()  # before the server waits for its build thread, which may be in a build
            server.shutdown()
    except KeyboardInterrupt:
        log.info("Shutting down...")
    finally:
        builds.close()
        shutil.rmtree(temporary, ignore_errors=True)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "-a", "--dev-addr", default="127.0.0.1:8000", help="host:port (default 127.0.0.1:8000)"
    )
    parser.add_argument("-f", "--config-file", default="mkdocs.yml")
    args = parser.parse_args(argv)
    host, _, port = args.dev_addr.rpartition(":")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    configure_logging()
    serve(args.config_file, host or "127.0.0.1", int(port))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
