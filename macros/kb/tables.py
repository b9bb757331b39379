"""The CSV downloads, each declared once as columns (name, Table Schema type, description, value):
the same declaration writes the file and describes it in datapackage.json."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from . import rights, schema
from .model import ActorEntry, ClaimEntry, KnowledgeBase, RelationEntry, SourceEntry, ThreadEntry
from .reference import Place
from .urls import Urls

LIST = "; "  # how lists are joined in a cell


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a Frictionless Table Schema type: string, integer, boolean
    description: str
    value: Callable[[Any], Any]
    rights: str | None = None  # who holds the rights in the values, when not CC BY 4.0 (quotes)


@dataclass(frozen=True)
class Table:
    name: str  # the file under downloads/
    description: str
    rows: Callable[[KnowledgeBase, Urls], Iterable[Any]]
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ("id",)
    references: tuple[tuple[str, str], ...] = ()  # (column, the table whose id it names)

    def render(self, kb: KnowledgeBase, urls: Urls) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([c.name for c in self.columns])
        writer.writerows([_cell(c.value(row)) for c in self.columns] for row in self.rows(kb, urls))
        return out.getvalue()

    @property
    def holds_quotes(self) -> bool:
        return any(c.rights for c in self.columns)

    def table_schema(self) -> dict[str, Any]:
        fields = [
            {
                "name": c.name,
                "type": c.type,
                "description": c.description,
                **({"rights": c.rights} if c.rights else {}),
            }
            for c in self.columns
        ]
        described: dict[str, Any] = {
            "fields": fields,
            "primaryKey": list(self.primary_key),
            "missingValues": [""],
        }
        if self.references:
            described["foreignKeys"] = [
                {"fields": column, "reference": {"resource": table.removesuffix(".csv"), "fields": "id"}}
                for column, table in self.references
            ]
        return described


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return LIST.join(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def text(name: str, description: str, value: Callable[[Any], Any]) -> Column:
    return Column(name, "string", description, value)


def number(name: str, description: str, value: Callable[[Any], Any]) -> Column:
    return Column(name, "integer", description, value)


def decimal(name: str, description: str, value: Callable[[Any], Any]) -> Column:
    return Column(name, "number", description, value)


AS_OF = (
    "when the claim held, ISO 8601: a date (2022-02-24, 2022-03, 2026) or an interval "
    "(2022-02/.. for some time after February 2022)"
)
AS_OF_KIND = (
    "how as_of was found: event (the date of the event), reported (its earliest source's publication "
    "date), interval (an undated source), override (set by hand, see as_of_reason)"
)
INFERRED = "the fields worked out by the knowledge base rather than stated by the source, joined with '; '"


def _claims(kb: KnowledgeBase, urls: Urls) -> list[ClaimEntry]:
    return kb.claims


def _sanctions(kb: KnowledgeBase, urls: Urls) -> list[tuple[ClaimEntry, schema.Sanction]]:
    return [(e, e.sanction) for e in kb.claims if e.sanction is not None]


def _citations(kb: KnowledgeBase, urls: Urls) -> list[tuple[str, ActorEntry | ClaimEntry, Any, Urls]]:
    actors: list[ActorEntry | ClaimEntry] = list(kb.actors.values())
    claims: list[ActorEntry | ClaimEntry] = list(kb.claims)
    return [
        (kind, e, c, urls)
        for kind, entries in (("actor", actors), ("claim", claims))
        for e in entries
        for c in e.cites
    ]


def _actors(kb: KnowledgeBase, urls: Urls) -> list[ActorEntry]:
    return list(kb.actors.values())


def _sources(kb: KnowledgeBase, urls: Urls) -> list[SourceEntry]:
    return list(kb.sources.values())


def _relations(kb: KnowledgeBase, urls: Urls) -> list[RelationEntry]:
    return kb.relations


def _threads(kb: KnowledgeBase, urls: Urls) -> list[ThreadEntry]:
    return kb.threads


def _places(kb: KnowledgeBase, urls: Urls) -> list[tuple[Place, int]]:
    return [(place, len(kb.claims_at(place.id))) for place in kb.reference.places]


TABLES = (
    Table(
        "claims.csv",
        "One row per claim, with when it held",
        _claims,
        (
            text("id", "the claim's id", lambda e: e.id),
            text("topic", "the id of its topic", lambda e: e.topic.id),
            text("kind", "fact, statement, assessment, official-figure or scenario", lambda e: e.record.kind),
            text(
                "date",
                "the date of the event it reports, as the data gives it (may be a season: 2022-spring)",
                lambda e: e.record.date,
            ),
            text("as_of", AS_OF, lambda e: e.when.iso),
            text("as_of_kind", AS_OF_KIND, lambda e: e.when.kind),
            text(
                "about",
                "for a later view of an earlier time, the time it is about (as_of is then when it was said)",
                lambda e: e.record.about,
            ),
            text("text", "the claim, in our words", lambda e: e.record.text),
            text("by", "the actor id of who said it or whose view it is", lambda e: e.record.by),
            text("relayed_by", "the actor id of who relayed a statement", lambda e: e.record.relayed_by),
            text("actors", "the ids of the actors involved, joined with '; '", lambda e: e.record.actors),
            number("sources", "how many sources support it", lambda e: len({c.source for c in e.cites})),
            text("inferred", INFERRED, lambda e: e.record.inferred),
            text("date_note", "how a relative date was resolved", lambda e: e.record.date_note),
            text("as_of_reason", "why as_of was set by hand", lambda e: e.when.reason),
            text("note", "an editorial note", lambda e: e.record.note),
        ),
        references=(("by", "actors.csv"), ("relayed_by", "actors.csv")),
    ),
    Table(
        "citations.csv",
        "One row per citation, with its paragraph anchor",
        _citations,
        (
            text("record_type", "actor or claim", lambda r: r[0]),
            text("record_id", "the id of the actor or claim", lambda r: r[1].id),
            text("source", "the id of the source", lambda r: r[2].source),
            number("paragraph", "the paragraph where the quote starts", lambda r: r[2].paragraph),
            text(
                "url",
                "the paragraph's address from the site root",
                lambda r: r[3].source(r[2].source, r[2].paragraph).url,
            ),
            Column("quote", "string", "the verbatim passage", lambda r: r[2].quote, rights.QUOTE_FIELD),
        ),
        primary_key=(),
        references=(("source", "sources.csv"),),
    ),
    Table(
        "actors.csv",
        "One row per actor, aliases joined with '; '",
        _actors,
        (
            text("id", "the actor's id", lambda a: a.id),
            text("name", "the most common spelling in the sources", lambda a: a.record.name),
            text(
                "kind",
                "person, organisation, state, state-body, armed-formation or outlet",
                lambda a: a.record.kind,
            ),
            text(
                "aliases", "other spellings used in the sources, joined with '; '", lambda a: a.record.aliases
            ),
            text("role", "the actor's role as the sources describe it", lambda a: a.record.role),
        ),
    ),
    Table(
        "sources.csv",
        "One row per archived source, with its SHA-256",
        _sources,
        (
            text("id", "the source's id", lambda s: s.meta.id),
            text("title", "its title", lambda s: s.meta.title),
            text("authors", "actor ids of its authors, joined with '; '", lambda s: s.meta.authors),
            text("publisher", "actor id of who published the captured copy", lambda s: s.meta.publisher),
            text(
                "original_publisher",
                "actor id of who first published it",
                lambda s: s.meta.original_publisher,
            ),
            text("date", "the publication date printed in the source", lambda s: s.meta.published.date),
            text("precision", "day, month, year or not-stated", lambda s: s.meta.published.precision),
            text(
                "inferred_date",
                "the publication date worked out from the text",
                lambda s: s.meta.published.inferred,
            ),
            text(
                "published_as_of",
                "the one publication date used everywhere, ISO 8601 (an interval when only a "
                "lower bound is known)",
                lambda s: s.publication.iso,
            ),
            text(
                "published_how",
                "stated, worked out, or undated",
                lambda s: (
                    "stated" if s.publication.stated else "worked out" if s.publication.value else "undated"
                ),
            ),
            text("language", "BCP 47 language tag", lambda s: s.meta.language),
            text("file", "the archived file under sources/raw/", lambda s: s.meta.file),
            text("sha256", "the archived file's SHA-256", lambda s: s.meta.sha256),
        ),
        references=(("publisher", "actors.csv"), ("original_publisher", "actors.csv")),
    ),
    Table(
        "sanctions.csv",
        "One row per sanction decision",
        _sanctions,
        (
            text("id", "the claim's id", lambda r: r[0].id),
            text("date", "the date of the decision, as the data gives it", lambda r: r[1].date),
            text("as_of", AS_OF, lambda r: r[0].when.iso),
            text("imposed_by", "actor ids of who imposed it, joined with '; '", lambda r: r[1].imposed_by),
            text("targets", "actor ids of whom it targets, joined with '; '", lambda r: r[1].targets),
            text("target", "the target as described", lambda r: r[1].target),
            text("measures", "the measures, joined with '; '", lambda r: r[1].measures),
            text("trigger", "what the sources give as its reason", lambda r: r[1].trigger),
            text("inferred", INFERRED, lambda r: r[1].inferred),
        ),
        references=(("id", "claims.csv"),),
    ),
    Table(
        "relations.csv",
        "One row per relation between actors",
        _relations,
        (
            text("id", "the relation's id", lambda r: r.record.id),
            text("from", "actor id the relation starts from", lambda r: r.record.source),
            text("type", "the kind of relation", lambda r: r.record.type),
            text("to", "actor id the relation points to", lambda r: r.record.target),
            text("claim", "id of the claim whose citations back it", lambda r: r.record.claim),
            text("per", "actor id of the party whose own statement it rests on", lambda r: r.record.per),
            text("as_of", "when the relation held: the as_of of its claim. " + AS_OF, lambda r: r.when.iso),
            text("as_of_kind", AS_OF_KIND, lambda r: r.when.kind),
        ),
        references=(
            ("from", "actors.csv"),
            ("to", "actors.csv"),
            ("claim", "claims.csv"),
            ("per", "actors.csv"),
        ),
    ),
    Table(
        "threads.csv",
        "One row per then-and-now thread: later claims that update or contradict earlier ones",
        _threads,
        (
            text("id", "the thread's id", lambda t: t.record.id),
            text("title", "what the thread is about", lambda t: t.record.title),
            text("change", "updates or contradicts", lambda t: t.record.change),
            text("earlier", "ids of the earlier claims, joined with '; '", lambda t: t.record.earlier),
            text("later", "ids of the later claims, joined with '; '", lambda t: t.record.later),
            text("note", "how the later picture differs", lambda t: t.record.note),
        ),
    ),
    Table(
        "places.csv",
        "One row per place the sources name, with its coordinates and GeoNames id",
        _places,
        (
            text("id", "the place's id", lambda r: r[0].id),
            text("name", "its name in English", lambda r: r[0].name),
            text("kind", "city, region, area, site, border or continent", lambda r: r[0].kind),
            text("country", "ISO 3166-1 alpha-2 code of the country it lies in", lambda r: r[0].country),
            text("within", "id of the place it lies within", lambda r: r[0].within),
            decimal(
                "lat",
                "latitude, decimal degrees (WGS 84)",
                lambda r: r[0].coordinates and r[0].coordinates.lat,
            ),
            decimal(
                "lon",
                "longitude, decimal degrees (WGS 84)",
                lambda r: r[0].coordinates and r[0].coordinates.lon,
            ),
            text(
                "coordinates_origin",
                "where the coordinates come from",
                lambda r: r[0].coordinates and r[0].coordinates.origin,
            ),
            text("unmapped", "why the place has no coordinates", lambda r: r[0].unmapped),
            text("geonames_id", "its GeoNames feature id", lambda r: r[0].geonames and str(r[0].geonames.id)),
            text(
                "geonames_origin",
                "where the GeoNames id comes from",
                lambda r: r[0].geonames and r[0].geonames.origin,
            ),
            number("claims", "how many claims name the place itself", lambda r: r[1]),
        ),
    ),
)
