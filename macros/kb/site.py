"""The site as the build sees it: the knowledge base, the settings, the address book, and every
page and file generated from them (what the MkDocs hook adds, in memory, to the docs).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from . import exports, pages
from .load import load_cached
from .model import KnowledgeBase
from .paging import Listing
from .release import Publishing
from .render import escape, front_matter
from .settings import Settings
from .urls import Urls, listing_src

# Lists whose claims are searched on their topic pages only: a further page of one holds nothing
# search would keep but its title, so it is left out of the index, and its HTML is not parsed.
UNSEARCHED_CONTINUATIONS = ("timeline", "actor", "place")


@dataclass
class Site:
    kb: KnowledgeBase
    settings: Settings
    publish: Publishing = Publishing(None, "1970-01-01T00:00:00Z")
    _generated: dict[tuple[Path, tuple[str, ...]], list[tuple[str, str | bytes]]] = field(
        default_factory=dict, repr=False
    )

    @cached_property
    def urls(self) -> Urls:
        return Urls(self.kb, self.settings.page_size, self.publish.site_url)

    @cached_property
    def downloads(self) -> dict[str, str | bytes]:
        """Every download, made once per build (the hook publishes them, the Data page sizes them)."""
        return exports.render_all(self.kb, self.urls, self.publish)

    def generated_files(self, docs_dir: Path) -> list[tuple[str, str | bytes]]:
        """(file under docs/, content) of every page and file the build adds: a topic page
        with no prose page of its own, further pages of long lists, actor and source pages,
        archived texts, downloads. Made once per knowledge base and set of prose pages, so a
        rebuild under `make serve` after a change to docs/ alone does not make them again."""
        prose = tuple(topic.page_file for topic in self.kb.topics if (docs_dir / topic.page_file).is_file())
        key = (Path(docs_dir).resolve(), prose)
        if key not in self._generated:
            self._generated = {key: list(self._generate(prose))}
        return self._generated[key]

    def _generate(self, prose: tuple[str, ...]) -> Iterator[tuple[str, str | bytes]]:
        kb, urls = self.kb, self.urls
        for topic in kb.topics:
            if topic.page_file not in prose:
                yield (
                    topic.page_file,
                    front_matter(topic.title, topic.summary or topic.title)
                    + pages.topic_page(kb, urls.links(topic.page_file), urls.topic_listings[topic.id]),
                )
        for listing in urls.listings():
            for number in listing.pages():
                if number == 1 and listing.what not in ("actor", "place"):
                    continue  # the first page is a page of docs/ that calls its macro
                src = listing_src(listing.stem, number)
                yield src, self._listing_page(listing, number, src)
        for source_id, source in kb.sources.items():
            src = urls.source(source_id).src
            yield (
                src,
                front_matter(
                    source.meta.title,
                    f"The archived text of “{source.meta.title}”, "
                    "paragraph by paragraph, with every cited passage highlighted."
                    if source.meta.reproduce == "full"
                    else f"The passages of “{source.meta.title}” that the knowledge base cites.",
                )
                + pages.source_page(kb, urls.links(src), source_id),
            )
            if (
                source.meta.reproduce == "full"
            ):  # a source shown as quoted passages only keeps its text unpublished
                yield urls.archive(source_id).src, source.archive.read_bytes()
        for name, content in self.downloads.items():
            yield urls.download(name).src, content

    def _listing_page(self, listing: Listing[Any], number: int, src: str) -> str:
        links = self.urls.links(src)
        body = pages.listing_page(self.kb, links, listing, number)
        if listing.what == "actor" and number == 1:
            actor = self.kb.actors[listing.subject].record
            return front_matter(actor.name, f"{actor.name}: {actor.role}") + body
        if listing.what == "place" and number == 1:
            place = self.kb.reference.place(listing.subject)
            return (
                front_matter(
                    place.name,
                    f"{place.name}: the claims that name it, and its names in other scripts and languages.",
                )
                + body
            )
        title = f"{listing.title} (page {number} of {listing.page_count})"
        return (
            front_matter(
                title,
                f"{listing.title}, continued: page {number} of {listing.page_count}.",
                searched=listing.what not in UNSEARCHED_CONTINUATIONS,
            )
            + f"# {escape(title)}\n\n"
            + body
        )


_SITES: dict[tuple[Path, Settings, Publishing], Site] = {}


def site_for(data_dir: Path, settings: Settings, publish: Publishing, recheck: bool = True) -> Site:
    """The site for the data under ``data_dir``, reused while the data has not changed
    (``recheck``: see ``load_cached``)."""
    kb = load_cached(data_dir, recheck)
    key = (Path(data_dir).resolve(), settings, publish)
    site = _SITES.get(key)
    if site is None or site.kb is not kb:
        site = _SITES[key] = Site(kb, settings, publish)
    return site
