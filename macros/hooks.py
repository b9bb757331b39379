"""MkDocs hook: reads the site's settings, fills the navigation's topics, adds the generated
pages and files in memory, checks that topic pages call their macro, and deep-links citations.

Thin by design: the work is in ``kb`` (no MkDocs import there).
"""

from __future__ import annotations

import gc
import os
import re
import sys
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files

sys.path.insert(0, str(Path(__file__).parent))

from kb import release, settings
from kb.errors import DataError
from kb.fragments import finish_page
from kb.site import Site, site_for
from kb.urls import print_base

log = get_plugin_logger("kb")
TOPICS_NAV = "Topics"  # the navigation section that lists the topic pages, in data/topics.yaml's order
# Generated pages hold data, never template code: their front matter sets render_macros: false.


def current_site(config: Any, recheck: bool = False) -> Site:
    """The site for this build; a data or settings problem stops it with its report. The data
    files are looked at (``recheck``) once, when the build starts."""
    config_file = Path(config.config_file_path)
    try:
        publish = release.publishing(config.site_url, os.environ)
        return site_for(
            config_file.parent / "data", settings.read(config.extra, config_file), publish, recheck
        )
    except DataError as error:
        raise PluginError(error.report()) from None


# The site of the build under way, by configuration file: on_config makes it (looking at the
# data files), and every later event of that build takes it from here.
_BUILDING: dict[str, Site] = {}


def building(config: Any) -> Site:
    """The site on_config made for this build (each page's events ask for it)."""
    return _BUILDING.get(config.config_file_path) or current_site(config)


@event_priority(100)  # before mkdocs-macros reads the configuration
def on_config(config: Any) -> Any:
    gc.unfreeze()  # the previous build's objects, in a process that builds again
    _BUILDING.pop(config.config_file_path, None)
    gc.disable()  # loading makes the knowledge base, which lives for the whole build (see on_files)
    try:
        site = _BUILDING[config.config_file_path] = current_site(config, recheck=True)
    finally:
        gc.enable()
    gc.freeze()
    for item in config.nav or []:
        if isinstance(item, dict) and TOPICS_NAV in item:
            item[TOPICS_NAV] = [{topic.title: topic.page_file} for topic in site.kb.topics]
    return config


@event_priority(100)  # before plugins that capture the file list (search, macros)
def on_files(files: Files, config: Any) -> Files:
    # The knowledge base and the generated pages live for the whole build. The cyclic garbage
    # collector would scan them again at every full collection while MkDocs renders pages, and
    # finds nothing to free: so it is off while they are made, and they are then frozen (left
    # out of collections) until the next build starts. At 100x this took 9 s of garbage collection.
    gc.disable()
    try:
        site = building(config)
        for src, content in site.generated_files(Path(config.docs_dir)):
            files.append(File.generated(config, src, content=content))
    finally:
        gc.enable()
    gc.freeze()
    log.info("generated %d actor pages and %d source pages", len(site.kb.actors), len(site.kb.sources))
    return files


# The build's objects stay frozen after it: the interpreter's last collection, when `mkdocs build`
# exits, then skips them (0.08 s of every build at real size). A process that builds again
# (`make serve`) thaws them when that build starts (on_config), so its garbage is collected.


def on_build_error(error: Exception) -> None:
    gc.unfreeze()


@event_priority(100)  # the page as its author wrote it, before mkdocs-macros renders it
def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    if page.file.generated_by:
        return markdown
    for topic in building(config).kb.topics:
        if page.file.src_uri != topic.page_file:
            continue
        calls = r"\{\{\s*claims\(\s*[\"']" + re.escape(topic.id) + r"[\"']\s*\)\s*\}\}"
        if not re.search(calls, markdown):
            raise PluginError(
                f"docs/{topic.page_file}: the page of topic {topic.id!r} does not list its claims\n"
                f'    fix: add {{{{ claims("{topic.id}") }}}} where the claims should appear, '
                f"or delete the page to have it generated"
            )
    return markdown


def on_page_content(html: str, page: Any, config: Any, files: Files) -> str:
    return finish_page(html, page.url, print_base(config.site_url))


def on_page_context(context: Any, page: Any, config: Any, nav: Any) -> Any:
    """What every printout names besides the site and the page's address (overrides/main.html)."""
    site = building(config)
    context["kb_data_version"] = f"data version {site.kb.version}, built {site.publish.generated[:10]}"
    return context
