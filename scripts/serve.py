"""`make serve`: the site on a local address, rebuilt on every save, for contributors.

Two things MkDocs' own `mkdocs serve` does not do:

- **A failing build answers at once.** Every page request gets an error page listing the
  problems (file:line, what is wrong, the fix) instead of waiting for a build that will not
  come, and the page reloads by itself when a later build succeeds.
- **A rebuild redoes only what changed.** The data is loaded again only when a file under
  data/ changed, and three results are kept between builds, each keyed by everything it is
  made from, so that the site written is byte for byte the one a clean build makes
  (tests/test_serve.py builds both and compares them):
  1. a page's HTML from its Markdown, keyed by the Markdown (after the macros), the page's
     address, every file's address (links are resolved against them) and the Markdown options;
  2. a page's entries in the search index, keyed by its HTML, title, address and metadata;
  3. a page's HTML from the theme's template, keyed by the page (its HTML, table of contents,
     title, metadata, address, neighbours), the navigation, mkdocs.yml, the site's address and
     the theme's template files;
  4. the compiled theme templates (Jinja keys each by its source).
  A change to the Python under macros/ starts from nothing: its modules are imported again and
  the caches emptied. The watcher looks for changes every 0.1 s.

    python scripts/serve.py [-a 127.0.0.1:8000] [-f mkdocs.yml]
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import html
import logging
import os
import re
import shutil
import sys
import tempfile
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.pages import Page
from mkdocs.theme import Theme

log = logging.getLogger("mkdocs.serve")
POLLING_SECONDS = 0.05  # how often the watcher looks at the files (MkDocs: 0.5)
SETTLE_SECONDS = 0.02  # a burst of saves within this time makes one rebuild (MkDocs: 0.1)


# --- what a rebuild reuses ------------------------------------------------------------------


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates, kept in memory; Jinja keys each by the template's name and source."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.store:
            bucket.bytecode_from_string(self.store[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


class _Records(logging.Handler):
    """The warnings a page's rendering logs (a broken link), to log again when its cached
    result is used, so that `--strict` still counts them."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@dataclass
class _Rendered:
    content: str | None
    toc: Any
    title: str | None
    anchors: frozenset[str] | None
    links: dict[str, dict[str, str]] | None
    warnings: list[logging.LogRecord]


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def code_stamp(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """Names, sizes and modification times of the Python files under ``folder``."""
    return tuple(
        sorted((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in folder.rglob("*.py") if p.is_file())
    )


def tree_stamp(folder: Path) -> str:
    """A digest of the names, sizes and modification times of the files under ``folder``."""
    return _digest(
        *(
            f"{p}\0{p.stat().st_mtime_ns}\0{p.stat().st_size}"
            for p in sorted(folder.rglob("*"))
            if p.is_file()
        )
    )


def _nav_key(items: Any) -> str:
    return "".join(
        f"({type(i).__name__}\0{i.title}\0{getattr(i, 'url', '')}{_nav_key(i.children or [])})" for i in items
    )


def _page_ref(page: Any) -> str:
    return "" if page is None else f"{page.url}\0{page.title}"


class _PageTemplate(jinja2.Template):
    """A theme template whose output for a page is reused while nothing it shows changed."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        context = dict(*args, **kwargs)
        reuse: Reuse | None = getattr(self.environment, "kb_reuse", None)
        if reuse is None or context.get("page") is None or context.get("nav") is None:
            return super().render(*args, **kwargs)
        key = reuse.page_key(self.name or "", context)
        done = reuse.themed.get(key)
        if done is None:
            done = reuse.themed[key] = super().render(*args, **kwargs)
        else:
            reuse.hits["theme"] += 1
        return done


def _toc_key(items: Any) -> str:
    return "".join(f"({i.id}\0{i.title}\0{i.url}\0{i.level}{_toc_key(i.children)})" for i in items)


class Reuse:
    """The results one process keeps between builds (see the module's docstring)."""

    def __init__(self) -> None:
        self.rendered: dict[str, _Rendered] = {}
        self.search: dict[str, list[dict[str, Any]]] = {}
        self.themed: dict[str, str] = {}
        self._frame: tuple[int, str] = (0, "")
        self._theme_stamps: dict[str, str] = {}
        self._theme_files: dict[str, list[str]] = {}
        self.bytecode = _MemoryBytecodeCache()
        self.hits: Counter[str] = Counter()
        self._files_key: tuple[int, str] = (0, "")
        self._code: dict[Path, tuple[tuple[str, int, int], ...]] = {}

    def forget_stale_code(self, macros_dir: Path) -> bool:
        """When the Python under ``macros_dir`` changed since the last build, drop its modules
        (they are imported again) and every cached result. True when something was dropped."""
        macros_dir = macros_dir.resolve()
        stamp = code_stamp(macros_dir)
        previous = self._code.get(macros_dir)
        self._code[macros_dir] = stamp
        if previous is None or previous == stamp:
            return False
        for name, module in list(sys.modules.items()):
            where = getattr(module, "__file__", None)
            if where and Path(where).resolve().is_relative_to(macros_dir):
                del sys.modules[name]
        self.rendered.clear()
        self.search.clear()
        self.themed.clear()
        return True

    def frame_key(self, nav: Any, config: Any) -> str:
        """What every page's themed HTML depends on besides the page (computed once per build):
        the navigation, mkdocs.yml, the site's address, the theme's files, the build date."""
        if self._frame[0] != id(nav):
            parts = [_nav_key(nav.items), Path(config.config_file_path).read_text(encoding="utf-8")]
            parts += [str(config.site_url), os.environ.get("SOURCE_DATE_EPOCH", "")]
            parts += [str(s) for s in config.extra_javascript] + [str(s) for s in config.extra_css]
            for folder in config.theme.dirs:
                custom = config.theme.custom_dir and Path(folder) == Path(config.theme.custom_dir)
                if custom or folder not in self._theme_stamps:  # the installed theme does not change
                    self._theme_stamps[folder] = tree_stamp(Path(folder))
                parts.append(self._theme_stamps[folder])
            self._frame = (id(nav), _digest(*parts))
        return self._frame[1]

    def page_key(self, template: str, context: dict[str, Any]) -> str:
        page = context["page"]
        ancestors = "\0".join(str(a.title) for a in page.ancestors)
        return _digest(
            self.frame_key(context["nav"], context["config"]),
            template,
            page.url,
            str(page.canonical_url),
            str(page.edit_url),
            str(page.title),
            repr(sorted(page.meta.items(), key=str)),
            _toc_key(page.toc or []),
            _page_ref(page.previous_page),
            _page_ref(page.next_page),
            ancestors,
            str(page.is_homepage),
            context["base_url"],
            page.content or "",
        )

    def files_key(self, files: Any, config: Any) -> str:
        """What a page's HTML depends on besides its Markdown: every file's address and the
        Markdown and validation options (computed once per build)."""
        if self._files_key[0] != id(files):
            parts = [f"{f.src_uri}\0{f.url}" for f in files]
            parts += [repr(config["markdown_extensions"]), repr(config["mdx_configs"])]
            parts += [repr(config["validation"]), repr(config["use_directory_urls"])]
            self._files_key = (id(files), _digest(*parts))
        return self._files_key[1]

    @contextmanager
    def installed(self) -> Iterator[None]:
        """MkDocs and Material with the caches, for the builds made inside the block only."""
        from material.plugins.search.plugin import SearchIndex

        saved = (Page.render, Theme.get_env, SearchIndex.add_entry_from_context)
        Page.render = self._render(Page.render)  # type: ignore[method-assign]
        Theme.get_env = self._get_env(Theme.get_env)  # type: ignore[method-assign]
        SearchIndex.add_entry_from_context = self._index(SearchIndex.add_entry_from_context)
        try:
            yield
        finally:
            Page.render, Theme.get_env, SearchIndex.add_entry_from_context = saved  # type: ignore[method-assign]

    def _render(self, original: Any) -> Any:
        reuse = self

        def render(page: Page, config: Any, files: Any) -> None:
            key = _digest(
                reuse.files_key(files, config), page.file.src_uri, page.file.url, page.markdown or ""
            )
            done = reuse.rendered.get(key)
            if done is None:
                records = _Records()
                logging.getLogger("mkdocs").addHandler(records)
                try:
                    original(page, config, files)
                finally:
                    logging.getLogger("mkdocs").removeHandler(records)
                links = getattr(page, "links_to_anchors", None)
                reuse.rendered[key] = _Rendered(
                    page.content,
                    copy.deepcopy(page.toc),
                    page._title_from_render,
                    None if page.present_anchor_ids is None else frozenset(page.present_anchor_ids),
                    None if links is None else {f.src_uri: dict(v) for f, v in links.items()},
                    records.records,
                )
                return
            reuse.hits["page"] += 1
            page.content, page.toc, page._title_from_render = (
                done.content,
                copy.deepcopy(done.toc),
                done.title,
            )
            page.present_anchor_ids = None if done.anchors is None else set(done.anchors)
            if done.links is not None:
                page.links_to_anchors = {
                    files.get_file_from_path(src): dict(v) for src, v in done.links.items()
                }
            for record in done.warnings:
                logging.getLogger(record.name).handle(record)

        return render

    def _get_env(self, original: Any) -> Any:
        reuse = self

        def get_env(theme: Theme) -> jinja2.Environment:
            env = original(theme)
            env.bytecode_cache = reuse.bytecode
            env.template_class = _PageTemplate
            env.kb_reuse = reuse  # type: ignore[attr-defined]
            env.loader.list_templates = reuse._listing(theme, env.loader)  # type: ignore[method-assign,union-attr]
            return env

        return get_env

    def _listing(self, theme: Theme, loader: Any) -> Any:
        """The theme's files (MkDocs publishes the static ones): the installed theme's folders are
        listed once, the project's own folder (custom_dir) at every build."""
        custom = theme.custom_dir

        def list_templates() -> list[str]:
            found: set[str] = set()
            for folder in loader.searchpath:
                names = jinja2.FileSystemLoader(folder).list_templates
                if custom and Path(folder) == Path(custom):
                    found.update(names())
                else:
                    found.update(self._theme_files.setdefault(folder, names()))
            return sorted(found)

        return list_templates

    def _index(self, original: Any) -> Any:
        reuse = self

        def add_entry_from_context(index: Any, page: Any) -> None:
            toc = _toc_key(page.toc or [])
            meta = repr(sorted(page.meta.items(), key=str))
            key = _digest(page.url, page.title or "", meta, toc, page.content or "")
            done = reuse.search.get(key)
            if done is None:
                before = len(index.entries)
                original(index, page)
                reuse.search[key] = copy.deepcopy(index.entries[before:])
                return
            reuse.hits["search"] += 1
            index.entries.extend(copy.deepcopy(done))

        return add_entry_from_context


# --- one build, and what went wrong ---------------------------------------------------------

PROBLEM = re.compile(r"^(?P<where>[^\s:]+(?::\d+)?): (?P<message>.+)$")
NOT_PROBLEMS = re.compile(r"^(Aborted with|\d+ problems? in |Error building page )")


@dataclass(frozen=True)
class Shown:
    """One problem as the error page shows it."""

    where: str
    message: str
    fix: str = ""


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


class _Log(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def build_once(config_file: str, site_dir: str, site_url: str, reuse: Reuse | None) -> list[Shown]:
    """Build the site into ``site_dir`` as `mkdocs build --strict` would, with ``site_url`` as
    its address; the problems when it fails, else nothing."""
    logged = _Log()
    logging.getLogger("mkdocs").addHandler(logged)
    try:
        if reuse is not None:
            reuse.forget_stale_code(Path(config_file).resolve().parent / "macros")
        config = load_config(config_file=config_file, site_dir=site_dir, strict=True)
        config.plugins.on_startup(command="build", dirty=False)
        config.site_url = site_url
        if reuse is None:
            build(config, serve_url=site_url)
        else:
            with reuse.installed():
                build(config, serve_url=site_url)
        return []
    except Exception as error:
        return problems_of("\n".join([*logged.lines, str(error)])) or [
            Shown("", "the build failed", "see the terminal")
        ]
    finally:
        logging.getLogger("mkdocs").removeHandler(logged)


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


class Server(LiveReloadServer):
    """MkDocs' live-reload server; while the last build failed, every page is the error page."""

    failure: bytes | None = None

    def _serve_request(self, environ: dict[str, Any], start_response: Any) -> Any:
        path = environ["PATH_INFO"]
        failure = self.failure
        is_page = path.endswith("/") or path.endswith(".html")
        if failure is None or path.startswith("/livereload/") or not is_page:
            return super()._serve_request(environ, start_response)
        with self._epoch_cond:
            epoch = self._visible_epoch
        content = self._inject_js_into_html(failure, epoch)
        start_response(
            "500 Internal Server Error",
            [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(content)))],
        )
        return [content]


def watched(config_file: str) -> list[str]:
    """The files and folders whose changes rebuild the site."""
    config = load_config(config_file=config_file)
    paths = [config.docs_dir, config.config_file_path, *config.watch]
    if config.theme.custom_dir:
        paths.append(config.theme.custom_dir)
    return paths


def keep_requests_out_of_builds() -> None:
    """The server logs a page it answers with an error (404, or 500 while a build fails) as a
    warning of the `mkdocs` logger; during a `--strict` build, a request's warning would count
    as the build's own and fail it. The request log gets its own output instead."""
    requests = logging.getLogger("mkdocs.livereload")
    if requests.propagate:
        requests.propagate = False
        output = logging.StreamHandler()
        output.setFormatter(logging.Formatter("%(levelname)-8s -  %(message)s"))
        requests.addHandler(output)


def serve(config_file: str, host: str, port: int) -> None:
    keep_requests_out_of_builds()
    site_dir = tempfile.mkdtemp(prefix="kb-serve-")
    url = f"http://{host}:{port}/"
    reuse = Reuse()
    lock = threading.Lock()
    server = Server(
        builder=lambda: None, host=host, port=port, root=site_dir, polling_interval=POLLING_SECONDS
    )
    server.build_delay = SETTLE_SECONDS

    def builder() -> None:
        with lock:
            problems = build_once(config_file, site_dir, url, reuse)
        server.failure = error_page(problems) if problems else None
        if problems:
            for problem in problems:
                log.error(
                    "%s %s%s",
                    problem.where,
                    problem.message,
                    f"\n    fix: {problem.fix}" if problem.fix else "",
                )
            log.error("The build failed: the browser shows the problems, and reloads when they are fixed.")

    server.builder = builder
    try:
        builder()
        for path in watched(config_file):
            server.watch(path)
        try:
            server.serve()
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            server.shutdown()
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "-a", "--dev-addr", default="127.0.0.1:8000", help="host:port (default 127.0.0.1:8000)"
    )
    parser.add_argument("-f", "--config-file", default="mkdocs.yml")
    args = parser.parse_args(argv)
    host, _, port = args.dev_addr.rpartition(":")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logging.basicConfig(level=logging.INFO, format="%(levelname)-8s -  %(message)s")
    serve(args.config_file, host or "127.0.0.1", int(port))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
