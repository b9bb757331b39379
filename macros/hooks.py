"""MkDocs hook: adds one page per actor and per source, in memory, and deep-links citations.

Thin by design: the work is in ``kb`` (no MkDocs import there).
"""

from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File

sys.path.insert(0, str(Path(__file__).parent))

from kb import exports, pages  # noqa: E402
from kb.errors import DataError  # noqa: E402
from kb.fragments import add_text_fragments  # noqa: E402
from kb.load import load_cached  # noqa: E402
from kb.render import front_matter  # noqa: E402

log = get_plugin_logger("kb")
# Generated pages hold data, never template code: their front matter sets render_macros: false.


def data_dir(config) -> Path:
    return Path(config.config_file_path).parent / "data"


def knowledge_base(config):
    try:
        return load_cached(data_dir(config))
    except DataError as error:
        raise PluginError(error.report()) from None


@event_priority(100)  # before plugins that capture the file list (search, macros)
def on_files(files, config):
    kb = knowledge_base(config)
    for actor_id, entry in kb.actors.items():
        actor = entry.record
        files.append(File.generated(config, f"actors/{actor_id}.md",
                                    content=front_matter(actor.name, f"{actor.name}: {actor.role}")
                                    + pages.actor_page(kb, actor_id)))
    for source_id, source in kb.sources.items():
        files.append(File.generated(config, f"sources/{source_id}.md",
                                    content=front_matter(source.meta.title, f"The archived text of “{source.meta.title}”, "
                                                         "paragraph by paragraph, with every cited passage highlighted.")
                                    + pages.source_page(kb, source_id)))
        files.append(File.generated(config, f"sources/raw/{source.meta.file}",
                                    content=source.archive.read_bytes()))
    for name, text in exports.all_files(kb).items():
        files.append(File.generated(config, f"downloads/{name}", content=text))
    for schema_file in sorted((data_dir(config) / "schema").glob("*.schema.json")):
        files.append(File.generated(config, f"downloads/schema/{schema_file.name}", content=schema_file.read_bytes()))
    log.info("generated %d actor pages and %d source pages", len(kb.actors), len(kb.sources))
    return files


def on_page_content(html, page, config, files):
    return add_text_fragments(html)
