"""The knowledge base as downloadable files: JSON, CSV per record type, FollowTheMoney, and the
JSON Schemas of the data files.

``EXPORTS`` lists every download with its description and how it is made; the build publishes
each under ``downloads/`` and the Data page describes each from the same list. Addresses in
the files are URLs from the site root (``sources/<id>/#p12``), from ``urls``.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from . import schema
from .dates import iso
from .errors import DataError, Problem
from .kinds import ACTOR_KINDS
from .model import Cite, ClaimEntry, KnowledgeBase, SourceEntry, ThreadEntry
from .urls import Urls

Json = dict[str, Any]


@dataclass(frozen=True)
class Export:
    name: str  # the file's name under downloads/
    description: str  # what the Data page says it holds
    render: Callable[[KnowledgeBase, Urls], str | bytes]

    def __post_init__(self) -> None:
        if not self.description.strip():
            raise ValueError(f"the download {self.name} needs a description")


def citation(cite: Cite, urls: Urls) -> Json:
    return {"source": cite.source, "quote": cite.quote, "paragraph": cite.paragraph,
            "paragraphs": sorted({span.paragraph for span in cite.spans}),
            "url": urls.source(cite.source, cite.paragraph).url}


def claim_record(kb: KnowledgeBase, entry: ClaimEntry, urls: Urls) -> Json:
    record = entry.record.model_dump(mode="json", exclude_none=True)
    threads = kb.threads_of(entry.id)
    return {**record, "topic": entry.topic.id, "url": urls.claim(entry).url,
            "as_of": entry.when.iso, "as_of_kind": entry.when.kind,
            "updated_by": [t.record.id for t, side in threads if side == "earlier"],
            "updates": [t.record.id for t, side in threads if side == "later"],
            "citations": [citation(cite, urls) for cite in entry.cites]}


def source_record(entry: SourceEntry, urls: Urls) -> Json:
    published = entry.publication
    return {**entry.meta.model_dump(mode="json", exclude_none=True),
            "published_as_of": published.iso, "published_stated": published.stated,
            "archive_url": urls.archive(entry.meta.id).url, "page_url": urls.source(entry.meta.id).url}


def thread_record(thread: ThreadEntry, urls: Urls) -> Json:
    return {**thread.record.model_dump(mode="json"),
            "earlier_as_of": [c.when.iso for c in thread.earlier], "later_as_of": [c.when.iso for c in thread.later]}


def document(kb: KnowledgeBase, urls: Urls) -> Json:
    """Everything, as one JSON document (its schema: kb.exportschema, published as
    data/schema/kb.schema.json)."""
    return {
        "topics": [t.model_dump(mode="json") for t in kb.topics],
        "sources": [source_record(s, urls) for s in kb.sources.values()],
        "actors": [{**a.record.model_dump(mode="json", exclude_none=True),
                    "url": urls.actor(a.id).url, "citations": [citation(c, urls) for c in a.cites]}
                   for a in kb.actors.values()],
        "claims": [claim_record(kb, entry, urls) for entry in kb.claims],
        "relations": [{**r.record.model_dump(mode="json", by_alias=True)} for r in kb.relations],
        "threads": [thread_record(t, urls) for t in kb.threads],
    }


def to_json(kb: KnowledgeBase, urls: Urls) -> str:
    """Compact JSON: without indentation json.dumps runs its C encoder (three times faster at
    100x, and an eighth smaller)."""
    return json.dumps(document(kb, urls), ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"


def _csv(header: list[str], rows: Iterable[Iterable[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def _join(items: Iterable[str]) -> str:
    return "; ".join(items)


def claims_csv(kb: KnowledgeBase, urls: Urls) -> str:
    rows = [(e.id, e.topic.id, e.record.kind, e.record.date or "", e.when.iso, e.when.kind, e.record.text,
             e.record.by or "", e.record.relayed_by or "", _join(e.record.actors), len({c.source for c in e.cites}),
             _join(e.record.inferred), e.record.date_note or "", e.when.reason, e.record.note or "")
            for e in kb.claims]
    return _csv(["id", "topic", "kind", "date", "as_of", "as_of_kind", "text", "by", "relayed_by", "actors",
                 "sources", "inferred", "date_note", "as_of_reason", "note"], rows)


def citations_csv(kb: KnowledgeBase, urls: Urls) -> str:
    rows = [(kind, e.id, c.source, c.paragraph, urls.source(c.source, c.paragraph).url, c.quote)
            for kind, entries in (("actor", list(kb.actors.values())), ("claim", kb.claims))
            for e in entries for c in e.cites]
    return _csv(["record_type", "record_id", "source", "paragraph", "url", "quote"], rows)


def actors_csv(kb: KnowledgeBase, urls: Urls) -> str:
    rows = [(a.id, a.record.name, a.record.kind, _join(a.record.aliases), a.record.role) for a in kb.actors.values()]
    return _csv(["id", "name", "kind", "aliases", "role"], rows)


def sources_csv(kb: KnowledgeBase, urls: Urls) -> str:
    rows = [(s.meta.id, s.meta.title, _join(s.meta.authors), s.meta.publisher or "", s.meta.original_publisher or "",
             s.meta.published.date or "", s.meta.published.precision, s.meta.published.inferred or "",
             s.publication.iso or "", "stated" if s.publication.stated else "worked out",
             s.meta.language, s.meta.file, s.meta.sha256) for s in kb.sources.values()]
    return _csv(["id", "title", "authors", "publisher", "original_publisher", "date", "precision",
                 "inferred_date", "published_as_of", "published_how", "language", "file", "sha256"], rows)


def sanctions_csv(kb: KnowledgeBase, urls: Urls) -> str:
    rows = [(e.id, s.date or "", e.when.iso, _join(s.imposed_by), _join(s.targets), s.target, _join(s.measures),
             s.trigger or "", _join(s.inferred)) for e, s in _sanctions(kb)]
    return _csv(["id", "date", "as_of", "imposed_by", "targets", "target", "measures", "trigger", "inferred"], rows)


def relations_csv(kb: KnowledgeBase, urls: Urls) -> str:
    rows = [(r.record.id, r.record.source, r.record.type, r.record.target, r.record.claim) for r in kb.relations]
    return _csv(["id", "from", "type", "to", "claim"], rows)


def threads_csv(kb: KnowledgeBase, urls: Urls) -> str:
    rows = [(t.record.id, t.record.title, t.record.change, _join(t.record.earlier), _join(t.record.later),
             t.record.note) for t in kb.threads]
    return _csv(["id", "title", "change", "earlier", "later", "note"], rows)


def _sanctions(kb: KnowledgeBase) -> Iterable[tuple[ClaimEntry, schema.Sanction]]:
    for entry in kb.claims:
        if entry.sanction is not None:
            yield entry, entry.sanction


def followthemoney(kb: KnowledgeBase, urls: Urls) -> str:
    """Sanctions as FollowTheMoney entities, one JSON object a line: a Sanction per target,
    the targeted actors, and an unnamed LegalEntity where the target is only described."""
    entities: dict[str, Json] = {}
    for entry, record in _sanctions(kb):
        targets = [_actor_entity(kb, actor_id) for actor_id in record.targets]
        if not targets:
            targets = [{"id": f"kb-target-{entry.id}", "schema": "LegalEntity",
                        "properties": {"name": [record.target], "notes": ["Target as described in the sources"]}}]
        for target in targets:
            entities[target["id"]] = target
            properties = {
                "entity": [target["id"]],
                "authority": [kb.actors[a].record.name for a in record.imposed_by],
                "provisions": list(record.measures),
                "summary": [record.text],
                "description": [record.target],
            }
            if record.trigger:
                properties["reason"] = [record.trigger]
            if record.date:  # FtM dates are ISO prefixes; a season becomes its year
                properties["startDate"] = [iso(record.date)]
            if record.inferred:  # FtM has no such flag: the note carries it
                properties["notes"] = ["Worked out by the knowledge base, not stated by the source: "
                                       + ", ".join(record.inferred)]
            sanction_id = f"kb-sanction-{entry.id}-{target['id'].removeprefix('kb-actor-')}"
            entities[sanction_id] = {"id": sanction_id, "schema": "Sanction", "properties": properties}
    return "".join(json.dumps(entity, ensure_ascii=False, sort_keys=True) + "\n" for entity in entities.values())


def _actor_entity(kb: KnowledgeBase, actor_id: str) -> Json:
    actor = kb.actors[actor_id].record
    properties: dict[str, list[str]] = {"name": [actor.name], "description": [actor.role]}
    if actor.aliases:
        properties["alias"] = list(actor.aliases)
    return {"id": f"kb-actor-{actor_id}", "schema": ACTOR_KINDS[actor.kind].ftm_schema, "properties": properties}


def schema_file(name: str) -> Callable[[KnowledgeBase, Urls], bytes]:
    """A JSON Schema of data/schema/, published as it is."""

    def read(kb: KnowledgeBase, urls: Urls) -> bytes:
        path = kb.data_dir / "schema" / name
        if not path.is_file():
            raise DataError([Problem(f"data/schema/{name}", 1, "this JSON Schema is missing",
                                     "run `.venv/bin/python scripts/schemas.py` and commit the result")])
        return path.read_bytes()

    return read


EXPORTS: tuple[Export, ...] = (
    Export("kb.json", "Everything: topics, sources, actors, claims with resolved citations, relations", to_json),
    Export("claims.csv", "One row per claim", claims_csv),
    Export("citations.csv", "One row per citation, with its paragraph anchor", citations_csv),
    Export("actors.csv", "One row per actor, aliases joined with '; '", actors_csv),
    Export("sources.csv", "One row per archived source, with its SHA-256", sources_csv),
    Export("sanctions.csv", "One row per sanction decision", sanctions_csv),
    Export("relations.csv", "One row per relation between actors", relations_csv),
    Export("threads.csv", "One row per then-and-now thread: later claims that update or contradict earlier ones",
           threads_csv),
    Export("sanctions.ftm.json", "Sanctions as FollowTheMoney entities (one JSON object per line)", followthemoney),
    Export("schema/kb.schema.json", "JSON Schema of kb.json", schema_file("kb.schema.json")),
    *(Export(f"schema/{f.name}", f"JSON Schema of the data files: {f.title.removeprefix('Knowledge-base ')}",
             schema_file(f.name)) for f in schema.SCHEMA_FILES),
)


def render_all(kb: KnowledgeBase, urls: Urls) -> dict[str, str | bytes]:
    """Every download, by its name under downloads/, in the order of ``EXPORTS``."""
    return {export.name: export.render(kb, urls) for export in EXPORTS}
