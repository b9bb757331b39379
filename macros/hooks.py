"""MkDocs hook: adds one page per actor and per source, in memory, and deep-links citations.

Thin by design: the work is in ``kb`` (no MkDocs import there).
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File

sys.path.insert(0, str(Path(__file__).parent))

from kb import exports, pages  # noqa: E402
from kb.errors import DataError  # noqa: E402
from kb.fragments import add_text_fragments  # noqa: E402
from kb.load import CLAIMS_PER_PAGE, load_cached  # noqa: E402
from kb.render import Links, escape, front_matter, part_path  # noqa: E402

log = get_plugin_logger("kb")
# Generated pages hold data, never template code: their front matter sets render_macros: false.


def data_dir(config) -> Path:
    return Path(config.config_file_path).parent / "data"


def page_size(config) -> int:
    """Claims per page of a long list: `extra: kb_page_size:` in mkdocs.yml, else the default."""
    return int(config.extra.get("kb_page_size", CLAIMS_PER_PAGE))


def knowledge_base(config):
    try:
        return load_cached(data_dir(config), page_size(config))
    except DataError as error:
        raise PluginError(error.report()) from None


@event_priority(100)  # before plugins that capture the file list (search, macros)
def on_files(files, config):
    # The knowledge base and the generated pages live for the whole build. The cyclic garbage
    # collector would scan them again at every full collection while MkDocs renders pages, and
    # finds nothing to free: so it is off while they are made, and they are then frozen (left
    # out of collections) until the build ends. At 100x this took 9 s of garbage collection.
    gc.disable()
    try:
        files = add_generated_files(files, config)
    finally:
        gc.enable()
    gc.freeze()
    return files


def on_post_build(config):
    gc.unfreeze()  # under `mkdocs serve`, the next build's garbage is collected as usual


def on_build_error(error):
    gc.unfreeze()


def add_generated_files(files, config):
    kb = knowledge_base(config)
    for actor_id, entry in kb.actors.items():
        actor = entry.record
        files.append(File.generated(config, f"actors/{actor_id}.md",
                                    content=front_matter(actor.name, f"{actor.name}: {actor.role}")
                                    + pages.actor_page(kb, actor_id)))
        count = pages.actor_parts(kb, actor_id)
        for part in range(2, count + 1):
            add_part(files, config, f"actors/{actor_id}", part, count, f"{actor.name}: claims",
                     pages.actor_page(kb, actor_id, part))
    for topic in kb.topics:
        count = pages.topic_parts(kb, topic.id)
        for part in range(2, count + 1):
            stem = topic.page.removesuffix(".md")
            links = Links.for_page(part_path(stem, part))
            add_part(files, config, stem, part, count, topic.title,
                     f"# {escape(topic.title)}\n\n" + pages.topic_claims(kb, topic.id, links, part))
    count = pages.timeline_parts(kb)
    for part in range(2, count + 1):
        links = Links.for_page(part_path("timeline", part))
        add_part(files, config, "timeline", part, count, "Timeline", "# Timeline\n\n" + pages.timeline(kb, links, part))
    count = pages.actor_index_parts(kb)
    for part in range(2, count + 1):
        links = Links.for_page(part_path("actors", part))
        add_part(files, config, "actors", part, count, "Actors", "# Actors\n\n" + pages.actor_index(kb, links, part))
    for source_id, source in kb.sources.items():
        files.append(File.generated(config, f"sources/{source_id}.md",
                                    content=front_matter(source.meta.title, f"The archived text of “{source.meta.title}”, "
                                                         "paragraph by paragraph, with every cited passage highlighted.")
                                    + pages.source_page(kb, source_id)))
        files.append(File.generated(config, f"sources/raw/{source.meta.file}",
                                    content=source.archive.read_bytes()))
    for name, text in exports.files_for(kb).items():
        files.append(File.generated(config, f"downloads/{name}", content=text))
    for schema_file in sorted((data_dir(config) / "schema").glob("*.schema.json")):
        files.append(File.generated(config, f"downloads/schema/{schema_file.name}", content=schema_file.read_bytes()))
    log.info("generated %d actor pages and %d source pages", len(kb.actors), len(kb.sources))
    return files


def add_part(files, config, stem: str, part: int, count: int, title: str, markdown: str) -> None:
    """Page ``part`` of a list too long for one page."""
    heading = f"{title} (page {part} of {count})"
    files.append(File.generated(config, part_path(stem, part),
                                content=front_matter(heading, f"{title}, continued: page {part} of {count}.") + markdown))


def on_page_content(html, page, config, files):
    return add_text_fragments(html)
