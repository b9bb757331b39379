"""mkdocs-macros module: the macros that hand-written pages call.

Each macro returns Markdown built by ``kb``; mkdocs-macros inserts it as is (never re-rendered
as a template), and every YAML string in it is escaped.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from mkdocs.exceptions import PluginError

from kb import graph, pages, periods, release, settings
from kb.errors import DataError
from kb.exports import EXPORTS
from kb.site import Site, site_for
from kb.urls import Links


def define_env(env: Any) -> None:
    config_file = Path(env.conf["config_file_path"])

    def current_site() -> Site:
        try:
            publish = release.publishing(env.conf["site_url"], os.environ)
            return site_for(
                config_file.parent / "data",
                settings.read(env.conf["extra"], config_file),
                publish,
                recheck=False,  # the hook looked at the data files when the build started
            )
        except DataError as error:
            raise PluginError(error.report()) from None

    def links() -> Links:
        return current_site().urls.links(env.page.file.src_uri)

    def topic_listing(topic_id: str) -> Any:
        listings = current_site().urls.topic_listings
        if topic_id not in listings:
            raise PluginError(
                f"docs/{env.page.file.src_uri}: unknown topic {topic_id!r}\n"
                f"    fix: use one of {sorted(listings)} (data/topics.yaml)"
            )
        return listings[topic_id]

    @env.macro
    def claims(topic_id: str) -> str:
        """Every claim of a topic (its first page, when it is long), with footnoted citations."""
        return pages.topic_claims(current_site().kb, links(), topic_listing(topic_id), 1)

    @env.macro
    def sanctions_table(topic_id: str = "sanctions") -> str:
        """The sanction records of a topic as a table."""
        return pages.sanctions_table(current_site().kb, links(), topic_listing(topic_id))

    @env.macro
    def timeline() -> str:
        site = current_site()
        return pages.timeline(site.kb, links(), site.urls.timeline, 1)

    @env.macro
    def actor_index() -> str:
        site = current_site()
        return pages.actor_index(site.kb, links(), site.urls.actor_index, 1)

    @env.macro
    def source_index() -> str:
        return pages.source_index(current_site().kb, links())

    @env.macro
    def place_index() -> str:
        """The places the sources name, with how many claims name each."""
        return pages.place_index(current_site().kb, links())

    @env.macro
    def topic_list() -> str:
        """The topics, in data/topics.yaml's order, with their summaries."""
        return pages.topic_list(current_site().kb, links())

    @env.macro
    def relationship_diagram() -> str:
        """All relations as an inline SVG, followed by the same relations as sentences."""
        site, page_links = current_site(), links()
        limit = site.settings.diagram_actors
        shown = set(graph.best_connected(site.kb, limit))
        note = ""
        if len(shown) < len({a for r in site.kb.relations for a in (r.record.source, r.record.target)}):
            note = (
                f"The diagram and the list show the relations between the {limit} best-connected "
                "actors; every relation is on the pages of its actors and in the relations download.\n\n"
            )
        return (
            note
            + periods.bar(
                site.kb, items=(periods.relation_intervals(site.kb, [r]) for r in site.kb.relations)
            )
            + "\n\n"
            + graph.network(site.kb, page_links.actor_href, page_links.claim_href, limit)
            + "\n\n"
            + graph.relations_phone(
                site.kb, page_links.actor_href, page_links.claim_href, f"#{pages.RELATIONS_LIST}"
            )
            + "\n\n"
            + pages.relations_list(site.kb, page_links, among=shown)
            + "\n"
        )

    @env.macro
    def timeline_chart() -> str:
        """The dated claims on a time axis (past kb_timeline_dots claims, one dot per topic and
        month); on a phone, the same claims month by month as bars."""
        site, page_links = current_site(), links()
        listing = site.urls.timeline

        def bucket_url(entry: Any) -> str:  # the timeline page that lists the claim
            return page_links.href(site.urls.listing_page(listing, listing.page_of(entry.id)))

        return (
            graph.timeline_chart(site.kb, page_links.claim_href, bucket_url, site.settings.timeline_dots)
            + "\n"
            + graph.timeline_phone(site.kb, bucket_url)
        )

    @env.macro
    def downloads() -> str:
        """A table of the files the build publishes under downloads/, from the export registry."""
        made = current_site().downloads
        rows = [(e.name, e.description, len(_bytes(made[e.name]))) for e in EXPORTS]
        return pages.downloads_table(rows, links())

    @env.macro
    def dataset_description() -> str:
        """The Dataset description (JSON-LD) of the downloads, for search engines and catalogues."""
        site = current_site()
        files = [(e.name, e.media_type) for e in EXPORTS]
        text = release.dataset_jsonld(site.kb, site.urls, site.publish, files)
        return f'<script type="application/ld+json">\n{text}\n</script>'

    @env.macro
    def data_version() -> str:
        """The data's version and build time."""
        site = current_site()
        return f"version {site.kb.version}, built {site.publish.generated}"

    @env.macro
    def changes() -> str:
        """The then-and-now threads: later claims that update or contradict earlier ones."""
        return pages.changes_table(current_site().kb, links())

    @env.macro
    def kind_legend() -> str:
        return pages.kind_legend()

    @env.macro
    def counts() -> str:
        """A one-line summary of the knowledge base's size."""
        kb = current_site().kb
        return (
            f"{len(kb.claims)} claims, {len(kb.actors)} actors, {len(kb.sources)} sources, "
            f"{kb.citation_count()} verified citations"
        )


def _bytes(content: str | bytes) -> bytes:
    return content.encode("utf-8") if isinstance(content, str) else content
