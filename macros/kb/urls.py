"""Every address of the site, in one place: pages, pages N of a long list, claims, actors,
sources and their paragraphs, archived files, downloads.

An ``Address`` is a page's file under docs/ (what Markdown links name, so MkDocs checks them)
and the same page's URL from the site root (what raw HTML, pictures and downloads use). A
``Links`` turns addresses into links relative to the page being rendered.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from .kinds import ACTOR_KINDS
from .model import ActorEntry, ClaimEntry, KnowledgeBase
from .paging import Listing

DOWNLOADS = "downloads"
CHANGES_PAGE = "changes.md"  # the hand-written page that calls {{ changes() }}


@dataclass(frozen=True)
class Address:
    src: str  # the page's file under docs/ ("military/page-2.md"), then any "#anchor"
    url: str  # its URL from the site root ("military/page-2/"), then any "#anchor"

    def at(self, anchor: str) -> Address:
        return Address(f"{self.src}#{anchor}", f"{self.url}#{anchor}")


def page(src: str) -> Address:
    """The address of the page whose file under docs/ is ``src`` (MkDocs' directory URLs)."""
    if src == "index.md" or src.endswith("/index.md"):
        return Address(src, src.removesuffix("index.md"))
    if src.endswith(".md"):
        return Address(src, src.removesuffix(".md") + "/")
    return Address(src, src)  # a file published as it is


def print_base(site_url: str | None) -> str:
    """What a printed address starts with: the site's address when it is known, else "/"."""
    return site_url.rstrip("/") + "/" if site_url else "/"


def listing_src(stem: str, number: int) -> str:
    """Page ``number`` of a list: <stem>.md, then <stem>/page-2.md, …"""
    return f"{stem}.md" if number == 1 else f"{stem}/page-{number}.md"


def claim_anchor(claim_id: str) -> str:
    return f"c-{claim_id}"


def thread_anchor(thread_id: str) -> str:
    return f"t-{thread_id}"


def paragraph_anchor(number: int) -> str:
    return f"p{number}"


class Urls:
    """The site's address book, for one knowledge base and page size."""

    def __init__(self, kb: KnowledgeBase, page_size: int, site_url: str | None = None):
        self.kb, self.page_size = kb, page_size
        # Printed beside a citation on paper: the site's absolute address when it is known,
        # else the path from the site root (never a relative link).
        self.print_base = print_base(site_url)
        # Markdown drawn once and reused (Links.drawn), by what its links start with: lives as
        # long as this address book, which is made anew with each knowledge base and settings.
        self._drawn: dict[str, dict[tuple[Any, ...], Any]] = {}
        # The addresses asked for most (every card links its claim and its actors), made once.
        self._claims: dict[str, Address] = {}
        self._actors: dict[str, Address] = {}

    # The lists that continue on further pages.

    @cached_property
    def topic_listings(self) -> dict[str, Listing[ClaimEntry]]:
        return {
            t.id: Listing(
                "topic",
                t.page_file.removesuffix(".md"),
                t.title,
                self.topic_order(t.id),
                self.page_size,
                key=_entry_id,
                subject=t.id,
            )
            for t in self.kb.topics
        }

    def topic_order(self, topic_id: str) -> list[ClaimEntry]:
        """A topic's claims in the order its page shows them: section by section (in the order
        topics.yaml gives them), each by as-of date, those known only to fall after a date last
        (file order among equals)."""
        sections = [section.id for section in self.kb.topic(topic_id).sections]

        def position(claim: ClaimEntry) -> int:
            section = claim.record.section
            return sections.index(section) if section in sections else len(sections)

        return sorted(self.kb.claims_in(topic_id), key=lambda c: (position(c), c.when.open_ended, c.when.key))

    @cached_property
    def timeline(self) -> Listing[ClaimEntry]:
        """Every claim by its as-of date."""
        return Listing(
            "timeline", "timeline", "Timeline", self.kb.claims_by_as_of, self.page_size, key=_entry_id
        )

    @cached_property
    def actor_index(self) -> Listing[ActorEntry]:
        """The actor index: rows are short, so twice as many go on a page."""
        actors = sorted(
            self.kb.actors.values(),
            key=lambda a: (ACTOR_KINDS.position(a.record.kind), a.record.name.lower()),
        )
        return Listing("actor-index", "actors", "Actors", actors, 2 * self.page_size, key=_entry_id)

    def actor_listing(self, actor_id: str) -> Listing[ClaimEntry]:
        name = self.kb.actors[actor_id].record.name
        return Listing(
            "actor",
            f"actors/{actor_id}",
            f"{name}: claims",
            self.kb.claims_involving(actor_id),
            self.page_size,
            key=_entry_id,
            subject=actor_id,
        )

    def place_listing(self, place_id: str) -> Listing[ClaimEntry]:
        name = self.kb.reference.place(place_id).name
        return Listing(
            "place",
            f"places/{place_id}",
            f"{name}: claims",
            self.kb.claims_at(place_id),
            self.page_size,
            key=_entry_id,
            subject=place_id,
        )

    def listings(self) -> Iterator[Listing[Any]]:
        yield from self.topic_listings.values()
        yield self.timeline
        yield self.actor_index
        for actor_id in self.kb.actors:
            yield self.actor_listing(actor_id)
        for place in self.kb.reference.places:
            yield self.place_listing(place.id)

    # Addresses.

    def listing_page(self, listing: Listing[Any], number: int = 1) -> Address:
        return page(listing_src(listing.stem, number))

    def topic(self, topic_id: str) -> Address:
        return page(self.kb.topic(topic_id).page_file)

    def claim(self, entry: ClaimEntry) -> Address:
        """Where a claim is shown with its anchor: its topic's page that lists it."""
        address = self._claims.get(entry.id)
        if address is None:
            listing = self.topic_listings[entry.topic.id]
            address = self.listing_page(listing, listing.page_of(entry.id)).at(claim_anchor(entry.id))
            self._claims[entry.id] = address
        return address

    def actor(self, actor_id: str) -> Address:
        address = self._actors.get(actor_id)
        if address is None:
            address = self._actors[actor_id] = page(f"actors/{actor_id}.md")
        return address

    def place(self, place_id: str) -> Address:
        return page(f"places/{place_id}.md")

    def source(self, source_id: str, paragraph: int | None = None) -> Address:
        address = page(f"sources/{source_id}.md")
        return address.at(paragraph_anchor(paragraph)) if paragraph else address

    def archive(self, source_id: str) -> Address:
        """The archived file itself, published byte for byte."""
        return page(f"sources/raw/{self.kb.sources[source_id].meta.file}")

    def thread(self, thread_id: str) -> Address:
        """A then-and-now thread on the page that gathers them."""
        return page(CHANGES_PAGE).at(thread_anchor(thread_id))

    def download(self, name: str) -> Address:
        return page(f"{DOWNLOADS}/{name}")

    def links(self, src: str) -> Links:
        """Links from the page whose file under docs/ is ``src``."""
        return Links(self, src)

    @cached_property
    def drawing(self) -> Links:
        """The one set of links for drawn Markdown (``Links.drawing``): it belongs to no page."""
        return _DrawingLinks(self, "", DEPTH_MARK)


# Stands for a page's "../" prefix in drawn Markdown; YAML text cannot hold this control character.
DEPTH_MARK = "\x01"


def _entry_id(entry: ClaimEntry | ActorEntry) -> str:
    return entry.id


class Links:
    """Addresses as links relative to one page: ``md`` for Markdown links (from the page's
    file), ``href`` for raw HTML (from the page's URL)."""

    def __init__(self, urls: Urls, src: str, prefix: str | None = None):
        self.urls, self.src = urls, src
        self.here = page(src)
        # What every ``md`` link starts with: "../" once per folder above the page's file.
        self.prefix = "../" * _depth(posixpath.dirname(src)) if prefix is None else prefix
        # Markdown drawn with these links, kept for pages whose links start the same way.
        self.drawn = urls._drawn.setdefault(self.prefix, {})

    def md(self, address: Address) -> str:
        return self.prefix + address.src

    def drawing(self) -> Links:
        """Links for Markdown drawn once and shown on many pages (kb.render.Block): each ``md``
        link starts with DEPTH_MARK, which ``Page.add_block`` replaces with a page's prefix."""
        return self.urls.drawing

    def href(self, address: Address) -> str:
        url_dir = (
            self.here.url.rstrip("/") if self.here.url.endswith("/") else posixpath.dirname(self.here.url)
        )
        return _relative(address.url, url_dir) or "./"

    def printed(self, address: Address) -> str:
        """The address as a printout shows it (``data-print``), the same from every page."""
        return self.urls.print_base + address.url

    # The links pages ask for most.

    def actor(self, actor_id: str) -> str:
        return self.md(self.urls.actor(actor_id))

    def actor_href(self, actor_id: str) -> str:
        return self.href(self.urls.actor(actor_id))

    def claim(self, entry: ClaimEntry) -> str:
        return self.md(self.urls.claim(entry))

    def place(self, place_id: str) -> str:
        return self.md(self.urls.place(place_id))

    def claim_href(self, entry: ClaimEntry) -> str:
        return self.href(self.urls.claim(entry))

    def place_href(self, place_id: str) -> str:
        return self.href(self.urls.place(place_id))

    def source(self, source_id: str, paragraph: int | None = None) -> str:
        return self.md(self.urls.source(source_id, paragraph))

    def thread(self, thread_id: str) -> str:
        return self.md(self.urls.thread(thread_id))

    def listing(self, listing: Listing[Any], number: int) -> str:
        return self.md(self.urls.listing_page(listing, number))


class _DrawingLinks(Links):
    """``md`` links only: an ``href`` link is relative to one page's URL, so it cannot be drawn
    once for many pages."""

    def href(self, address: Address) -> str:
        raise TypeError("drawn Markdown holds md links only; give the page's own Links for href")


def _relative(target: str, from_dir: str) -> str:
    """``target`` (a path from the site root, maybe with "#anchor") relative to ``from_dir``."""
    return "../" * _depth(from_dir) + target


def _depth(folder: str) -> int:
    return len([part for part in folder.split("/") if part])
