"""Run `mkdocs` with each stage of the build timed, for scripts/bench.py.

    python scripts/bench_stages.py build -f mkdocs.yml -d site   (the arguments of `mkdocs`)

With KB_BENCH_STAGES set to a file name, the build writes there, as JSON, the CPU seconds
(time.process_time) and wall seconds spent in each stage. Nothing of the project is changed:
MkDocs' own functions are wrapped in this process only, and without KB_BENCH_STAGES the script
is `python -m mkdocs`. Each moment of the build is charged to one stage, the innermost one
running (a stack), so the stages add up to the whole process:

- imports: every module import, wherever it happens (outermost import only);
- config: reading mkdocs.yml, the theme and the plugins' settings (load_config), imports aside;
- load and checks: on_startup, on_config, on_pre_build of every plugin and hook, and the hooks'
  on_page_markdown (in the full build the data is loaded and checked there);
- page generation: on_files and on_nav (the generated pages), reading each page's source;
- macros: mkdocs-macros' on_page_markdown (the pages rendered as templates, the macros called);
- Markdown: Python-Markdown converting each page (Page.render);
- post-processing: every other plugin's or hook's on_page_content and on_post_page;
- search: every event of the search plugin (it parses each page's HTML and writes its index);
- templates: the theme's templates (MkDocs' _build_page, _build_theme_template and
  on_page_context, on_env, on_*_template events), writing aside;
- writing: the files written or copied to the site folder;
- garbage collection: Python's cyclic garbage collector, whichever stage it interrupts;
- other: the rest (interpreter start, MkDocs finding files, building the navigation,
  validating links, on_post_build of plugins other than search).
"""

from __future__ import annotations

import json
import os
import sys
import time

STAGES = [
    "imports",
    "config",
    "load and checks",
    "page generation",
    "macros",
    "Markdown",
    "post-processing",
    "search",
    "templates",
    "writing",
    "garbage collection",
    "other",
]

EVENT_STAGES = {
    "startup": "load and checks",
    "config": "load and checks",
    "pre_build": "load and checks",
    "files": "page generation",
    "nav": "page generation",
    "pre_page": "page generation",
    "page_read_source": "page generation",
    "page_markdown": "load and checks",  # mkdocs-macros' is "macros" (plugin_stage)
    "page_content": "post-processing",
    "post_page": "post-processing",
    "env": "templates",
    "page_context": "templates",
    "pre_template": "templates",
    "template_context": "templates",
    "post_template": "templates",
}


def plugin_stage(plugin: str, event: str) -> str:
    """The stage that a plugin's (or hook's) event handler is charged to."""
    name = plugin.rsplit("/", 1)[-1]  # "material/search" is the search plugin
    if name == "search":
        return "search"
    if name == "macros" and event == "page_markdown":
        return "macros"
    return EVENT_STAGES.get(event, "other")


class Clock:
    """Charges CPU and wall time to the stage on top of a stack."""

    def __init__(self, now=None) -> None:
        self.now = now or (lambda: (time.process_time(), time.perf_counter()))
        self.cpu = dict.fromkeys(STAGES, 0.0)
        self.wall = dict.fromkeys(STAGES, 0.0)
        self.stack = ["other"]
        self.last = self.now()

    def _charge(self) -> None:
        now = self.now()
        top = self.stack[-1]
        self.cpu[top] += now[0] - self.last[0]
        self.wall[top] += now[1] - self.last[1]
        self.last = now

    def push(self, stage: str) -> None:
        self._charge()
        self.stack.append(stage)

    def pop(self) -> None:
        self._charge()
        self.stack.pop()

    def wrap(self, function, stage: str):
        def timed(*args, **kwargs):
            self.push(stage)
            try:
                return function(*args, **kwargs)
            finally:
                self.pop()

        timed.__wrapped__ = function  # type: ignore[attr-defined]
        return timed

    def figures(self) -> dict[str, dict[str, float]]:
        self._charge()
        # interpreter start-up, before this script ran, is CPU time too
        self.cpu["other"] += max(0.0, time.process_time() - sum(self.cpu.values()))
        return {"cpu": self.cpu, "wall": self.wall}


def install(clock: Clock) -> None:
    """Wrap imports now, and MkDocs' functions once it is imported (at the first wrap)."""
    import importlib._bootstrap as bootstrap  # the import statement calls _find_and_load from here

    find_and_load = bootstrap._find_and_load
    depth = [0]

    def timed_import(name, import_):
        if depth[0]:
            return find_and_load(name, import_)
        depth[0] += 1
        clock.push("imports")
        try:
            return find_and_load(name, import_)
        finally:
            clock.pop()
            depth[0] -= 1

    bootstrap._find_and_load = timed_import

    import gc

    def collecting(phase, info):
        if phase == "start":
            clock.push("garbage collection")
        elif clock.stack[-1] == "garbage collection":
            clock.pop()

    gc.callbacks.append(collecting)

    import mkdocs.commands.build as build
    import mkdocs.config
    import mkdocs.config.base
    import mkdocs.plugins
    import mkdocs.utils
    from mkdocs.structure.files import File
    from mkdocs.structure.pages import Page

    config_loader = clock.wrap(mkdocs.config.base.load_config, "config")
    mkdocs.config.base.load_config = config_loader
    mkdocs.config.load_config = config_loader
    build.load_config = config_loader  # type: ignore[attr-defined]
    Page.read_source = clock.wrap(Page.read_source, "page generation")
    Page.render = clock.wrap(Page.render, "Markdown")
    for name in ("_build_page", "_build_theme_template", "_build_extra_template"):
        setattr(build, name, clock.wrap(getattr(build, name), "templates"))
    mkdocs.utils.write_file = clock.wrap(mkdocs.utils.write_file, "writing")
    mkdocs.utils.copy_file = clock.wrap(mkdocs.utils.copy_file, "writing")
    File.copy_file = clock.wrap(File.copy_file, "writing")

    def run_event(self, name, item=None, **kwargs):  # PluginCollection.run_event, each handler timed
        pass_item = item is not None
        for method in self.events[name]:
            plugin = self._event_origins.get(method, "<unknown>")
            self._current_plugin = plugin
            clock.push(plugin_stage(plugin, name))
            try:
                result = method(item, **kwargs) if pass_item else method(**kwargs)
            finally:
                clock.pop()
            if result is not None:
                item = result
        self._current_plugin = None
        return item

    mkdocs.plugins.PluginCollection.run_event = run_event


def main() -> None:
    target = os.environ.get("KB_BENCH_STAGES")
    clock = Clock() if target else None
    if clock:
        install(clock)
    from mkdocs.__main__ import cli

    try:
        cli.main(args=sys.argv[1:], prog_name="mkdocs", standalone_mode=False)
    finally:
        if clock and target:
            with open(target, "w", encoding="utf-8") as out:
                json.dump(clock.figures(), out)


if __name__ == "__main__":
    main()
