"""The knowledge base as downloadable files: JSON, CSV per record type (``tables``),
FollowTheMoney, the JSON Schemas of the data files, and the release files (``release``).

``EXPORTS`` lists every download with its description, its media type and how it is made; the
build publishes each under ``downloads/`` and the Data page describes each from the same list.
Addresses in the files are URLs from the site root (``sources/<id>/#p12``), from ``urls``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from . import release, rights, schema
from .dates import iso
from .errors import DataError, Problem
from .kinds import ACTOR_KINDS
from .model import Cite, ClaimEntry, KnowledgeBase, SourceEntry, ThreadEntry
from .reference import Place
from .release import Publishing
from .tables import TABLES, Table
from .urls import Urls

Json = dict[str, Any]
Render = Callable[[KnowledgeBase, Urls, Publishing], "str | bytes"]


@dataclass(frozen=True)
class Export:
    name: str  # the file's name under downloads/
    description: str  # what the Data page says it holds
    media_type: str
    render: Render

    def __post_init__(self) -> None:
        if not self.description.strip():
            raise ValueError(f"the download {self.name} needs a description")


def citation(cite: Cite, urls: Urls) -> Json:
    return {
        "source": cite.source,
        "quote": cite.quote,
        "paragraph": cite.paragraph,
        "paragraphs": sorted({span.paragraph for span in cite.spans}),
        "url": urls.source(cite.source, cite.paragraph).url,
    }


def claim_record(kb: KnowledgeBase, entry: ClaimEntry, urls: Urls) -> Json:
    record = entry.record.model_dump(mode="json", exclude_none=True, exclude={"as_of"})
    if entry.when.reason:
        record["as_of_reason"] = entry.when.reason
    threads = kb.threads_of(entry.id)
    return {
        **record,
        "topic": entry.topic.id,
        "url": urls.claim(entry).url,
        "as_of": entry.when.iso,
        "as_of_kind": entry.when.kind,
        "updated_by": [t.record.id for t, side in threads if side == "earlier"],
        "updates": [t.record.id for t, side in threads if side == "later"],
        "citations": [citation(cite, urls) for cite in entry.cites],
    }


def source_record(entry: SourceEntry, urls: Urls) -> Json:
    published = entry.publication
    return {
        **entry.meta.model_dump(mode="json", exclude_none=True),
        "published_as_of": published.iso,
        "published_stated": published.stated,
        "archive_url": urls.archive(entry.meta.id).url if entry.meta.reproduce == "full" else None,
        "page_url": urls.source(entry.meta.id).url,
    }


def thread_record(thread: ThreadEntry, urls: Urls) -> Json:
    return {
        **thread.record.model_dump(mode="json"),
        "earlier_as_of": [c.when.iso for c in thread.earlier],
        "later_as_of": [c.when.iso for c in thread.later],
    }


def document(kb: KnowledgeBase, urls: Urls, publish: Publishing) -> Json:
    """Everything, as one JSON document (its schema: kb.exportschema, published as
    data/schema/kb.schema.json)."""
    return {
        "version": kb.version,
        "generated": publish.generated,
        "rights": rights.statement(),
        "topics": [t.model_dump(mode="json") for t in kb.topics],
        "sources": [source_record(s, urls) for s in kb.sources.values()],
        "actors": [
            {
                **a.record.model_dump(mode="json", exclude_none=True),
                "url": urls.actor(a.id).url,
                "citations": [citation(c, urls) for c in a.cites],
            }
            for a in kb.actors.values()
        ],
        "claims": [claim_record(kb, entry, urls) for entry in kb.claims],
        "relations": [
            {
                **r.record.model_dump(mode="json", by_alias=True),
                "as_of": r.when.iso,
                "as_of_kind": r.when.kind,
            }
            for r in kb.relations
        ],
        "threads": [thread_record(t, urls) for t in kb.threads],
        "places": [place_record(kb, p, urls) for p in kb.reference.places],
    }


def place_record(kb: KnowledgeBase, place: Place, urls: Urls) -> Json:
    return {
        **place.model_dump(mode="json", by_alias=True, exclude_none=True),
        "url": urls.place(place.id).url,
        "claims": [c.id for c in kb.claims_at(place.id)],
    }


def to_json(kb: KnowledgeBase, urls: Urls, publish: Publishing) -> str:
    """Compact JSON: without indentation json.dumps runs its C encoder (three times faster at
    100x, and an eighth smaller)."""
    return (
        json.dumps(document(kb, urls, publish), ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        + "\n"
    )


def _sanctions(kb: KnowledgeBase) -> Iterable[tuple[ClaimEntry, schema.Sanction]]:
    for entry in kb.claims:
        if entry.sanction is not None:
            yield entry, entry.sanction


def followthemoney(kb: KnowledgeBase, urls: Urls, publish: Publishing) -> str:
    """Sanctions as FollowTheMoney entities, one JSON object a line: a Sanction per target, the
    targeted actors (or an unnamed LegalEntity where the target is only described) and the
    authorities that imposed it, each with its country where the data says it and the original
    address of the sources it rests on; then each place in one country as an Address."""
    entities: dict[str, Json] = {}
    for entry, record in _sanctions(kb):
        source_urls = _source_urls(kb, entry.cites)
        for actor_id in record.imposed_by:
            entities.setdefault(f"kb-actor-{actor_id}", _actor_entity(kb, actor_id, []))
        targets = [_actor_entity(kb, actor_id, source_urls) for actor_id in record.targets]
        if not targets:
            targets = [
                {
                    "id": f"kb-target-{entry.id}",
                    "schema": "LegalEntity",
                    "properties": {"name": [record.target], "notes": ["Target as described in the sources"]},
                }
            ]
        countries = [c for a in record.imposed_by if (c := kb.actors[a].record.country)]
        for target in targets:
            entities[target["id"]] = _merged(entities.get(target["id"]), target)
            properties = {
                "entity": [target["id"]],
                "authority": [kb.actors[a].record.name for a in record.imposed_by],
                "provisions": list(record.measures),
                "summary": [record.text],
                "description": [record.target],
            }
            if countries:
                properties["country"] = list(dict.fromkeys(countries))
            if source_urls:
                properties["sourceUrl"] = source_urls
            if record.trigger:
                properties["reason"] = [record.trigger]
            if record.date:  # FtM dates are ISO prefixes; a season becomes its year
                properties["startDate"] = [iso(record.date)]
            if record.inferred:  # FtM has no such flag: a second summary carries it
                properties["summary"].append(
                    "Worked out by the knowledge base, not stated by the source: "
                    + ", ".join(record.inferred)
                )
            sanction_id = f"kb-sanction-{entry.id}-{target['id'].removeprefix('kb-actor-')}"
            entities[sanction_id] = {"id": sanction_id, "schema": "Sanction", "properties": properties}
    for place in kb.reference.places:
        address = _place_entity(place)
        if address:
            entities[address["id"]] = address
    return "".join(
        json.dumps(entity, ensure_ascii=False, sort_keys=True) + "\n" for entity in entities.values()
    )


def _source_urls(kb: KnowledgeBase, cites: Iterable[Cite]) -> list[str]:
    """The original addresses of the sources cited, where known."""
    found = (kb.sources[c.source].meta.url for c in cites)
    return list(dict.fromkeys(url for url in found if url))


def _merged(old: Json | None, new: Json) -> Json:
    """An actor met twice (as a target of two sanctions) with the source addresses of both."""
    if old is None:
        return new
    urls = list(
        dict.fromkeys([*old["properties"].get("sourceUrl", []), *new["properties"].get("sourceUrl", [])])
    )
    if urls:
        old["properties"]["sourceUrl"] = urls
    return old


def _place_entity(place: Place) -> Json | None:
    """A place as an FtM Address: its name, country and coordinates (cities as `city`, regions as
    `region`); none for a place in no one country (a continent, a border)."""
    if not place.country:
        return None
    properties: dict[str, list[str]] = {
        "name": [place.name],
        "full": [place.name],
        "country": [place.country.lower()],
    }
    if place.kind == "city":
        properties["city"] = [place.name]
    elif place.kind == "region":
        properties["region"] = [place.name]
    if place.coordinates:
        properties["latitude"] = [str(place.coordinates.lat)]
        properties["longitude"] = [str(place.coordinates.lon)]
    return {"id": f"kb-place-{place.id}", "schema": "Address", "properties": properties}


def _actor_entity(kb: KnowledgeBase, actor_id: str, source_urls: list[str]) -> Json:
    actor = kb.actors[actor_id].record
    schema_name = ACTOR_KINDS[actor.kind].ftm_schema
    properties: dict[str, list[str]] = {"name": [actor.name], "description": [actor.role]}
    if actor.aliases:
        properties["alias"] = list(actor.aliases)
    if actor.country:
        properties["country"] = [actor.country]
        properties["nationality" if schema_name == "Person" else "jurisdiction"] = [actor.country]
    actor_urls = _source_urls(kb, kb.actors[actor_id].cites)
    urls = list(dict.fromkeys([*actor_urls, *source_urls]))
    if urls:
        properties["sourceUrl"] = urls
    return {"id": f"kb-actor-{actor_id}", "schema": schema_name, "properties": properties}


def schema_file(name: str) -> Render:
    """A JSON Schema of data/schema/, published as it is."""

    def read(kb: KnowledgeBase, urls: Urls, publish: Publishing) -> bytes:
        path = kb.data_dir / "schema" / name
        if not path.is_file():
            raise DataError(
                [
                    Problem(
                        f"data/schema/{name}",
                        1,
                        "this JSON Schema is missing",
                        "run `.venv/bin/python scripts/schemas.py` and commit the result",
                    )
                ]
            )
        return path.read_bytes()

    return read


def table(t: Table) -> Export:
    return Export(t.name, t.description, "text/csv", lambda kb, urls, publish: t.render(kb, urls))


SUMS = "SHA256SUMS"
EXPORTS: tuple[Export, ...] = (
    Export(
        "kb.json",
        "Everything: topics, sources, actors, claims with resolved citations and as-of dates, "
        "relations, then-and-now threads, places with their coordinates; with the data's version "
        "and build time",
        "application/json",
        to_json,
    ),
    *(table(t) for t in TABLES),
    Export(
        "datapackage.json",
        "Frictionless Data Package: the CSV files with a Table Schema each",
        "application/json",
        lambda kb, urls, publish: release.datapackage(kb, publish),
    ),
    Export(
        "sanctions.ftm.json",
        "Sanctions, and the places the sources name, as FollowTheMoney entities (one JSON object per line)",
        "application/x-ndjson",
        followthemoney,
    ),
    Export(
        "feed.atom",
        "Atom feed of the claims each release added or changed",
        "application/atom+xml",
        lambda kb, urls, publish: release.feed(kb, urls, publish),
    ),
    Export(
        "schema/kb.schema.json",
        "JSON Schema of kb.json",
        "application/schema+json",
        schema_file("kb.schema.json"),
    ),
    *(
        Export(
            f"schema/{f.name}",
            f"JSON Schema of the data files: {f.title.removeprefix('Knowledge-base ')}",
            "application/schema+json",
            schema_file(f.name),
        )
        for f in schema.SCHEMA_FILES
    ),
    Export(
        SUMS,
        "SHA-256 of every other download, for `sha256sum --check`",
        "text/plain",
        lambda kb, urls, publish: "",
    ),  # made from the others in render_all
)


def render_all(kb: KnowledgeBase, urls: Urls, publish: Publishing) -> dict[str, str | bytes]:
    """Every download, by its name under downloads/, in the order of ``EXPORTS``; SHA256SUMS
    covers all the others."""
    made = {e.name: e.render(kb, urls, publish) for e in EXPORTS if e.name != SUMS}
    made[SUMS] = release.sha256sums(made)
    return made
