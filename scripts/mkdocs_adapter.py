"""What `make serve` (scripts/serve.py) does inside MkDocs and Material for MkDocs, in one module.

This is the only file of the project that reaches into their internals, so that a new release
of either, or another engine, means checking one file. What it touches (MkDocs 1.6, Material 9.8):
- methods it wraps, for the builds made inside `Reuse.installed()` only: `Page.render`,
  `Theme.get_env`, Material's `SearchIndex.add_entry_from_context`, and the theme environment's
  `list_templates` (and its loader's), which MkDocs calls to publish the theme's files;
- a page's attributes set by `Page.render`: `_title_from_render`, `present_anchor_ids`,
  `links_to_anchors`;
- the live-reload server's `_serve_request`, `_inject_js_into_html`, `_epoch_cond` and
  `_visible_epoch` (`Server`).

A rebuild reuses four kinds of results made by earlier builds of the same process, each keyed
by everything it is made from, so that the site written is byte for byte the one a clean build
makes (tests/test_serve.py compares them after each kind of edit):
1. a page's HTML from its Markdown, keyed by the Markdown (after the macros), the page's
   address, every file's address (links are resolved against them) and the Markdown and
   validation options;
2. a page's entries in the search index, keyed by its HTML, title, address, table of contents
   and metadata;
3. a page's HTML from the theme's template, keyed by the page (its HTML, table of contents,
   title, metadata, addresses, neighbours), the navigation, mkdocs.yml, the site's address and
   the theme's files;
4. the compiled theme templates (Jinja keys each by its name and source).
The project's code (hooks, macros, their templates) is in no key: a process holding these
results runs one version of that code, and `make serve` replaces the process when it changes.
After each build that succeeds, the results it did not use are dropped, so memory stays the
size of one site.
"""

from __future__ import annotations

import copy
import hashlib
import logging
import os
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

import jinja2
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.pages import Page
from mkdocs.theme import Theme
from mkdocs.utils.yaml import yaml_load

V = TypeVar("V")


# --- what mkdocs.yml names, without loading it ----------------------------------------------


@dataclass(frozen=True)
class ProjectPaths:
    """``watched``: the files and folders whose changes rebuild the site; ``code``: the files and
    folders of the project's own code that a build imports or reads (the hooks' and the macros
    module's folders, templates included)."""

    watched: tuple[Path, ...]
    code: tuple[Path, ...]


def project_paths(config_file: str | Path) -> ProjectPaths:
    """The paths mkdocs.yml names, read as plain YAML: validating the configuration would import
    the hooks, and the process that watches must never import the project's code."""
    config_path = Path(config_file).resolve()
    with open(config_path, "rb") as stream:
        raw = yaml_load(stream)
    base = config_path.parent

    def at(value: Any) -> Path:
        return (base / str(value)).resolve()

    def code_of(module: Path) -> Path:
        """A module's folder, where the modules and templates it loads live; a module next to
        mkdocs.yml counts alone (its folder holds the docs and the data too)."""
        return module if module.parent == base else module.parent

    theme = raw.get("theme")
    custom_dir = theme.get("custom_dir") if isinstance(theme, dict) else None
    watched = [config_path, at(raw.get("docs_dir", "docs"))]
    watched += [at(custom_dir)] if custom_dir else []
    watched += [at(path) for path in raw.get("watch") or []]
    code = [code_of(at(hook)) for hook in raw.get("hooks") or []]
    plugins = raw.get("plugins") or []
    entries = (
        plugins.items()
        if isinstance(plugins, dict)
        else [next(iter(p.items())) if isinstance(p, dict) else (p, None) for p in plugins]
    )
    for name, options in entries:
        if name == "macros":
            module = at((options or {}).get("module_name", "main"))
            code.append(module if module.is_dir() else code_of(module.with_suffix(".py")))
    return ProjectPaths(tuple(dict.fromkeys([*watched, *code])), tuple(dict.fromkeys(code)))


# --- one build ------------------------------------------------------------------------------


def build(config_file: str, site_dir: str, site_url: str, reuse: Reuse | None = None) -> None:
    """Build the site into ``site_dir`` as `mkdocs build --strict` would, with ``site_url`` as
    its address, reusing ``reuse``'s results; raises what MkDocs raises when it fails."""
    config = load_config(config_file=config_file, site_dir=site_dir, strict=True)
    config.plugins.on_startup(command="build", dirty=False)
    config.site_url = site_url
    if reuse is None:
        mkdocs_build(config, serve_url=site_url)
    else:
        with reuse.installed():
            mkdocs_build(config, serve_url=site_url)


# --- what a rebuild reuses ------------------------------------------------------------------


class Kept(Generic[V]):
    """Results kept between builds. Each build marks those it asks for or adds; when it
    succeeds, the others are dropped."""

    def __init__(self) -> None:
        self._items: dict[str, V] = {}
        self._used: set[str] = set()

    def get(self, key: str) -> V | None:
        self._used.add(key)
        return self._items.get(key)

    def put(self, key: str, value: V) -> V:
        self._used.add(key)
        self._items[key] = value
        return value

    def start(self) -> None:
        self._used = set()

    def prune(self) -> None:
        self._items = {key: value for key, value in self._items.items() if key in self._used}

    def __len__(self) -> int:
        return len(self._items)


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled templates, kept in memory; Jinja keys each by the template's name and source."""

    def __init__(self) -> None:
        self.store: Kept[bytes] = Kept()

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store.put(bucket.key, bucket.bytecode_to_string())


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


def _toc_key(items: Any) -> str:
    return "".join(f"({i.id}\0{i.title}\0{i.url}\0{i.level}{_toc_key(i.children)})" for i in items)


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
            return reuse.themed.put(key, super().render(*args, **kwargs))
        reuse.hits["theme"] += 1
        return done


class Reuse:
    """The results one process keeps between builds (see the module's docstring)."""

    def __init__(self) -> None:
        self.rendered: Kept[_Rendered] = Kept()
        self.search: Kept[list[dict[str, Any]]] = Kept()
        self.themed: Kept[str] = Kept()
        self.bytecode = _MemoryBytecodeCache()
        self.hits: Counter[str] = Counter()
        self._theme_stamps: dict[str, str] = {}  # the installed theme's folders, stamped once
        self._theme_files: dict[str, list[str]] = {}  # and listed once: they do not change
        self._theme_kept: tuple[Any, list[str]] | None = None  # the names MkDocs publishes of them
        # Computed once per build, when first needed (the navigation and the files are final by
        # then), and forgotten when the next build starts.
        self._frame_key: str | None = None
        self._files_key: str | None = None

    def _kept(self) -> tuple[Kept[Any], ...]:
        return (self.rendered, self.search, self.themed, self.bytecode.store)

    def sizes(self) -> dict[str, int]:
        """How many results of each kind are kept."""
        return {
            "page": len(self.rendered),
            "search": len(self.search),
            "theme": len(self.themed),
            "bytecode": len(self.bytecode.store),
        }

    def frame_key(self, nav: Any, config: Any) -> str:
        """What every page's themed HTML depends on besides the page: the navigation,
        mkdocs.yml, the site's address, the theme's files, the build date."""
        if self._frame_key is None:
            parts = [_nav_key(nav.items), Path(config.config_file_path).read_text(encoding="utf-8")]
            parts += [str(config.site_url), os.environ.get("SOURCE_DATE_EPOCH", "")]
            parts += [str(s) for s in config.extra_javascript] + [str(s) for s in config.extra_css]
            for folder in config.theme.dirs:
                custom = config.theme.custom_dir and Path(folder) == Path(config.theme.custom_dir)
                if custom or folder not in self._theme_stamps:
                    self._theme_stamps[folder] = tree_stamp(Path(folder))
                parts.append(self._theme_stamps[folder])
            self._frame_key = _digest(*parts)
        return self._frame_key

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
        Markdown and validation options."""
        if self._files_key is None:
            parts = [f"{f.src_uri}\0{f.url}" for f in files]
            parts += [repr(config["markdown_extensions"]), repr(config["mdx_configs"])]
            parts += [repr(config["validation"]), repr(config["use_directory_urls"])]
            self._files_key = _digest(*parts)
        return self._files_key

    @contextmanager
    def installed(self) -> Iterator[None]:
        """MkDocs and Material with the caches, for the build made inside the block only. When
        the build succeeds, what it did not use is dropped."""
        from material.plugins.search.plugin import SearchIndex

        self._frame_key = self._files_key = None
        for kept in self._kept():
            kept.start()
        saved = (Page.render, Theme.get_env, SearchIndex.add_entry_from_context)
        Page.render = self._render(Page.render)  # type: ignore[method-assign]
        Theme.get_env = self._get_env(Theme.get_env)  # type: ignore[method-assign]
        SearchIndex.add_entry_from_context = self._index(SearchIndex.add_entry_from_context)
        try:
            yield
            for kept in self._kept():
                kept.prune()
        finally:
            Page.render, Theme.get_env, SearchIndex.add_entry_from_context = saved  # type: ignore[method-assign]
            self._frame_key = self._files_key = None

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
                reuse.rendered.put(
                    key,
                    _Rendered(
                        page.content,
                        copy.deepcopy(page.toc),
                        page._title_from_render,
                        None if page.present_anchor_ids is None else frozenset(page.present_anchor_ids),
                        None if links is None else {f.src_uri: dict(v) for f, v in links.items()},
                        records.records,
                    ),
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
            env.list_templates = reuse._filtering(theme, env.list_templates)  # type: ignore[method-assign]
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
                    if folder not in self._theme_files:
                        self._theme_files[folder] = names()
                    found.update(self._theme_files[folder])
            return sorted(found)

        return list_templates

    def _filtering(self, theme: Theme, original: Any) -> Any:
        """The theme's files that MkDocs publishes: at every build it matches every name of the
        theme against a dozen patterns (add_files_from_theme; 14,510 names with Material, 30 ms).
        The names kept are reused while the names, the filter's code, the theme's static
        templates and the extensions asked for are the same."""

        def list_templates(extensions: Any = None, filter_func: Any = None) -> list[str]:
            names = original(extensions=extensions)
            if filter_func is None:
                return names
            key = (
                tuple(names),
                tuple(extensions or ()),
                getattr(filter_func, "__code__", filter_func),
                tuple(sorted(theme.static_templates)),
            )
            if self._theme_kept is None or self._theme_kept[0] != key:
                self._theme_kept = (key, [name for name in names if filter_func(name)])
            return list(self._theme_kept[1])

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
                reuse.search.put(key, copy.deepcopy(index.entries[before:]))
                return
            reuse.hits["search"] += 1
            index.entries.extend(copy.deepcopy(done))

        return add_entry_from_context


# --- the server -----------------------------------------------------------------------------


class Server(LiveReloadServer):
    """MkDocs' live-reload server; while the last build failed (``failure``, an HTML page),
    every page is answered with that page, and it reloads by itself when a build succeeds."""

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
