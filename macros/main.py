"""mkdocs-macros module: the macros that topic pages call.

Each macro returns Markdown built by ``kb``; mkdocs-macros inserts it as is
(never re-rendered as a template), and every YAML string in it is escaped.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from mkdocs.exceptions import PluginError  # noqa: E402

from kb import exports, graph, pages, render  # noqa: E402
from kb.errors import DataError  # noqa: E402
from kb.load import CLAIMS_PER_PAGE, load_cached  # noqa: E402


DIAGRAM_ACTORS = 80  # a picture of more names stops reading


def define_env(env):
    data_dir = Path(env.conf["config_file_path"]).parent / "data"

    page_size = int(env.conf["extra"].get("kb_page_size", CLAIMS_PER_PAGE))

    def kb():
        try:
            return load_cached(data_dir, page_size)
        except DataError as error:
            raise PluginError(error.report()) from None

    def links():
        return render.Links.for_page(env.page.file.src_uri)

    def topic(topic_id):
        known = {t.id: t for t in kb().topics}
        if topic_id not in known:
            raise PluginError(f"{env.page.file.src_uri}: unknown topic {topic_id!r}; "
                              f"use one of {sorted(known)} (data/topics.yaml)")
        return known[topic_id]

    @env.macro
    def claims(topic_id):
        """Every claim of a topic, in file order, with footnoted citations."""
        topic(topic_id)
        return pages.topic_claims(kb(), topic_id, links())

    @env.macro
    def sanctions_table(topic_id="sanctions"):
        """The sanction records of a topic as a table."""
        topic(topic_id)
        return pages.sanctions_table(kb(), topic_id, links())

    @env.macro
    def timeline():
        return pages.timeline(kb(), links())

    @env.macro
    def actor_index():
        return pages.actor_index(kb(), links())

    @env.macro
    def source_index():
        return pages.source_index(kb(), links())

    @env.macro
    def relationship_diagram():
        """All relations as an inline SVG, followed by the same relations as sentences."""
        base, page_links = kb(), links()
        shown = set(graph.best_connected(base, DIAGRAM_ACTORS))
        note = ""
        if len(shown) < len({a for r in base.relations for a in (r.record.source, r.record.target)}):
            note = (f"The diagram and the list show the relations between the {DIAGRAM_ACTORS} best-connected "
                    "actors; every relation is on the pages of its actors and in the relations download.\n\n")
        return (note + graph.network(base, page_links.actor_url, page_links.claim_url, DIAGRAM_ACTORS) + "\n\n"
                + pages.relations_list(base, page_links, among=shown) + "\n")

    @env.macro
    def timeline_chart():
        """The dated claims on a time axis; past 400 claims, one dot per topic and month."""
        page_links, base = links(), kb()

        def bucket_url(index):  # the timeline page that lists the index-th dated claim
            part = index // base.page_size + 1
            return page_links.url_root + render.part_url("timeline", part)

        return graph.timeline_chart(base, page_links.claim_url, bucket_url)

    @env.macro
    def downloads():
        """A table of the files the build publishes under downloads/."""
        return pages.downloads_table(exports.files_for(kb()), sorted(p.name for p in (data_dir / "schema").glob("*.json")),
                                     links())

    @env.macro
    def kind_legend():
        return pages.kind_legend()

    @env.macro
    def counts():
        """A one-line summary of the knowledge base's size."""
        base = kb()
        citations = sum(len(e.cites) for e in base.citing_entries())
        return (f"{len(base.claims)} claims, {len(base.actors)} actors, {len(base.sources)} sources, "
                f"{citations} verified citations")
