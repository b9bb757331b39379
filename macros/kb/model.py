"""The validated knowledge base: records with where they came from, their resolved citations,
and the indexes pages ask of them.

``load`` builds it; everything after loading (pages, pictures, exports, checks) reads it.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from . import schema
from .cite import Span
from .dates import AsOf, Publication, publication
from .history import Snapshot
from .reference import Place, Reference, names_the_place
from .text import SourceText

K = TypeVar("K", bound=Hashable)
CLAIM_ID = re.compile(r"(?<![\w-])[a-z0-9]+(?:-[a-z0-9]+)+(?![\w-])")  # a claim id named in prose
V = TypeVar("V")


@dataclass(frozen=True)
class Cite:
    """A citation resolved to its place in the archived text."""

    source: str
    quote: str
    spans: tuple[Span, ...]
    fragment: str  # the text fragment (":~:text=…") that highlights the passage

    @property
    def paragraph(self) -> int:
        return self.spans[0].paragraph


@dataclass(kw_only=True)
class Cited:
    """What claims and actors share: the file and line of the record, and its citations."""

    path: str
    line: int
    key_lines: dict[str, int] = field(default_factory=dict)  # the line of each field of the record
    cite_lines: list[int] = field(default_factory=list)  # the line of each citation's quote
    ref_lines: dict[tuple[str | int, ...], int] = field(
        default_factory=dict
    )  # the line of each actor id named
    cites: list[Cite] = field(default_factory=list)


@dataclass(kw_only=True)
class ClaimEntry(Cited):
    """A claim (or sanction decision) of a topic."""

    record: schema.Claim
    topic: schema.Topic
    as_of: AsOf | None = None  # when the claim held, derived by the loader (dates.as_of)

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def when(self) -> AsOf:
        """The as-of date (every claim of a loaded knowledge base has one)."""
        if self.as_of is None:
            raise ValueError(f"claim {self.id!r} has no as-of date")
        return self.as_of

    @property
    def sanction(self) -> schema.Sanction | None:
        """The record as a sanction decision, when it is one."""
        return self.record if isinstance(self.record, schema.Sanction) else None


@dataclass(kw_only=True)
class ActorEntry(Cited):
    """An actor, whose role is cited like a claim."""

    record: schema.Actor

    @property
    def id(self) -> str:
        return self.record.id


CitingEntry = ClaimEntry | ActorEntry


@dataclass
class SourceEntry:
    meta: schema.Source
    path: str  # the metadata file, as shown to contributors
    archive: Path  # the archived text file
    text: SourceText
    excluded: dict[int, schema.Excluded] = field(default_factory=dict)
    lines: dict[tuple[str | int, ...], int] = field(default_factory=dict)  # the line of each actor id named

    @cached_property
    def publication(self) -> Publication:
        return publication(self.meta.published)


@dataclass
class RelationEntry:
    record: schema.Relation
    path: str
    line: int
    claim: ClaimEntry  # the claim whose citations back the relation
    lines: dict[tuple[str | int, ...], int] = field(default_factory=dict)  # the lines of from, to and claim

    @property
    def when(self) -> AsOf:
        """When the relation held: the as-of date of the claim that states it."""
        return self.claim.when


@dataclass
class ThreadEntry:
    """Then and now: a thread of claims where later ones update or contradict earlier ones."""

    record: schema.Thread
    path: str
    line: int
    earlier: list[ClaimEntry]
    later: list[ClaimEntry]
    key_lines: dict[str, int] = field(default_factory=dict)  # the line of each field of the thread
    side_lines: dict[tuple[str, int], int] = field(default_factory=dict)  # ("earlier", i) -> line of the id
    because_lines: dict[str, int] = field(default_factory=dict)  # the line of each side's `says`


@dataclass(frozen=True)
class Coverage:
    """Which substantive paragraphs of a source are cited."""

    cited: frozenset[int]
    substantive: tuple[int, ...]

    @property
    def missing(self) -> list[int]:
        return [n for n in self.substantive if n not in self.cited]

    @property
    def share(self) -> float:
        return 100 * len(self.cited) / len(self.substantive) if self.substantive else 100.0


@dataclass
class KnowledgeBase:
    data_dir: Path
    topics: list[schema.Topic]
    sources: dict[str, SourceEntry]
    actors: dict[str, ActorEntry]
    claims: list[ClaimEntry]
    relations: list[RelationEntry] = field(default_factory=list)
    threads: list[ThreadEntry] = field(default_factory=list)
    releases: list[schema.Release] = field(default_factory=list)  # newest first
    snapshots: dict[str, Snapshot] = field(
        default_factory=dict
    )  # version -> what it released (data/releases/)
    reference: Reference = field(default_factory=Reference)  # names, places, thesaurus (data/reference/)
    topic_lines: dict[str, dict[str, int]] = field(default_factory=dict)  # topic id -> line of each field
    overview_lines: dict[tuple[str, int], int] = field(
        default_factory=dict
    )  # (topic id, sentence index) -> line of its text

    @property
    def released(self) -> list[schema.Release]:
        """The releases cut so far (with a date), newest first."""
        return [r for r in self.releases if r.date is not None]

    memo: dict[str, Any] = field(
        default_factory=dict, repr=False, compare=False
    )  # later stages' results, once per build

    @property
    def version(self) -> str:
        """The last release's version; ``<next>-dev`` while the next release lists pending changes."""
        latest = self.released[0].version if self.released else "0.0.0"
        upcoming = [r for r in self.releases if r.date is None]
        return f"{upcoming[0].version}-dev" if upcoming else latest

    def topic(self, topic_id: str) -> schema.Topic:
        return next(t for t in self.topics if t.id == topic_id)

    def claim(self, claim_id: str) -> ClaimEntry | None:
        return self._claims_by_id.get(claim_id)

    def claims_in(self, topic_id: str) -> list[ClaimEntry]:
        """The claims of a topic, in file order."""
        return self._claims_by_topic.get(topic_id, [])

    @cached_property
    def dated_claims(self) -> list[ClaimEntry]:
        """The claims that have a date, oldest first (ties by id); a later view of an earlier time
        by the time it is about."""
        dated = (c for c in self.claims if c.record.about or c.record.date)
        return sorted(dated, key=lambda c: (schema.date_key(c.record.about or c.record.date or ""), c.id))

    @cached_property
    def claims_by_as_of(self) -> list[ClaimEntry]:
        """Every claim by its as-of date, oldest first; those known only to fall after a date go
        last (ties by id)."""
        return sorted(self.claims, key=lambda c: (c.when.open_ended, c.when.key, c.id))

    def places_of(self, claim_id: str) -> list[Place]:
        """The places a claim names (in its text or its quotes), in gazetteer order."""
        return self._places_by_claim.get(claim_id, [])

    def claims_at(self, place_id: str) -> list[ClaimEntry]:
        """The claims that name a place, by as-of date."""
        return self._claims_by_place.get(place_id, [])

    def reader_terms(self, claim_id: str) -> list[str]:
        """Words readers use for words the claim uses (data/reference/thesaurus.yaml), for search."""
        return self._reader_terms.get(claim_id, [])

    def threads_of(self, claim_id: str) -> list[tuple[ThreadEntry, str]]:
        """(thread, "earlier" or "later") for each then-and-now thread the claim is part of."""
        return self._threads_by_claim.get(claim_id, [])

    def citing_entries(self) -> Iterator[CitingEntry]:
        yield from self.actors.values()
        yield from self.claims

    def claims_involving(self, actor_id: str) -> list[ClaimEntry]:
        """Claims that name the actor (as involved, speaker, relayer, sanctioning or targeted)."""
        return self._claims_by_actor.get(actor_id, [])

    def relations_of(self, actor_id: str) -> list[RelationEntry]:
        """The relations the actor is at either end of, in file order."""
        return self._relations_by_actor.get(actor_id, [])

    def sources_by(self, actor_id: str) -> list[SourceEntry]:
        """The sources the actor wrote or published."""
        return self._sources_by_actor.get(actor_id, [])

    def citations_of(self, source_id: str) -> list[tuple[CitingEntry, Cite]]:
        """Every (record, citation) pair that cites the source."""
        return self._cites_by_source.get(source_id, [])

    def coverage(self, source_id: str) -> Coverage:
        source = self.sources[source_id]
        substantive = tuple(p.number for p in source.text.paragraphs if p.number not in source.excluded)
        cited = {span.paragraph for _, cite in self.citations_of(source_id) for span in cite.spans}
        return Coverage(frozenset(cited & set(substantive)), substantive)

    def citation_count(self) -> int:
        return sum(len(e.cites) for e in self.citing_entries())

    # Indexes, built on first use: pages ask these questions once per actor, source or topic.

    @cached_property
    def _claims_by_id(self) -> dict[str, ClaimEntry]:
        return {claim.id: claim for claim in self.claims}

    @cached_property
    def _claims_by_topic(self) -> dict[str, list[ClaimEntry]]:
        return grouped((entry.topic.id, entry) for entry in self.claims)

    @cached_property
    def _claims_by_actor(self) -> dict[str, list[ClaimEntry]]:
        return grouped(
            (actor_id, entry) for entry in self.claims for actor_id in involved_actors(entry.record)
        )

    @cached_property
    def _relations_by_actor(self) -> dict[str, list[RelationEntry]]:
        return grouped(
            (actor_id, entry)
            for entry in self.relations
            for actor_id in dict.fromkeys((entry.record.source, entry.record.target))
        )

    @cached_property
    def _sources_by_actor(self) -> dict[str, list[SourceEntry]]:
        return grouped(
            (actor_id, source)
            for source in self.sources.values()
            for actor_id in dict.fromkeys(
                [*source.meta.authors, source.meta.publisher, source.meta.original_publisher]
            )
            if actor_id
        )

    @cached_property
    def _places_by_claim(self) -> dict[str, list[Place]]:
        found: dict[str, list[Place]] = {}
        for claim in self.claims:
            text = " ".join([claim.record.text, *(c.quote for c in claim.record.cite)])
            named = [place for place in self.reference.places if names_the_place(place, text)]
            if named:
                found[claim.id] = named
        return found

    @cached_property
    def _claims_by_place(self) -> dict[str, list[ClaimEntry]]:
        return grouped(
            (place.id, claim) for claim in self.claims_by_as_of for place in self.places_of(claim.id)
        )

    @cached_property
    def _reader_terms(self) -> dict[str, list[str]]:
        terms = [
            (
                term,
                re.compile(
                    r"(?<!\w)(?:" + "|".join(re.escape(w) for w in term.sources) + r")", re.IGNORECASE
                ),
                _folded_words(term.sources),
            )
            for term in self.reference.thesaurus
        ]
        found: dict[str, list[str]] = {}
        for claim in self.claims:
            text = claim.record.text
            folded = text.casefold()
            if len(folded) != len(text):
                folded = ""  # a letter that folds to two: no shortcut, every pattern runs
            words = [
                w
                for term, pattern, quick in terms
                if (not folded or not quick or any(q in folded for q in quick)) and pattern.search(text)
                for w in term.readers
            ]
            if words:
                found[claim.id] = list(dict.fromkeys(words))
        return found

    @cached_property
    def _threads_by_claim(self) -> dict[str, list[tuple[ThreadEntry, str]]]:
        return grouped(
            (claim.id, (thread, side))
            for thread in self.threads
            for side, claims in (("earlier", thread.earlier), ("later", thread.later))
            for claim in claims
        )

    @cached_property
    def _cites_by_source(self) -> dict[str, list[tuple[CitingEntry, Cite]]]:
        return grouped(
            (cite.source, (entry, cite)) for entry in self.citing_entries() for cite in entry.cites
        )


def grouped(pairs: Iterable[tuple[K, V]]) -> dict[K, list[V]]:
    """{key: [item, ...]} from (key, item) pairs, items in the order given."""
    index: dict[K, list[V]] = {}
    for key, item in pairs:
        index.setdefault(key, []).append(item)
    return index


def involved_actors(record: schema.Claim) -> list[str]:
    """Every actor id a claim names, in a stable order without repeats."""
    ids = [
        *record.actors,
        record.by,
        record.relayed_by,
        *getattr(record, "imposed_by", []),
        *getattr(record, "targets", []),
    ]
    return list(dict.fromkeys(i for i in ids if i))


def _folded_words(words: list[str]) -> list[str]:
    """The words case-folded, to skip texts that hold none of them before a case-blind pattern
    (which starts with a look-behind, and so is tried at every position) runs; empty when a
    word has a letter that folds to two, and the shortcut would not be exact."""
    folded = [w.casefold() for w in words]
    return folded if all(len(f) == len(w) for f, w in zip(folded, words, strict=True)) else []
