"""The knowledge base as downloadable files: JSON, CSV per record type, FollowTheMoney.

Every function returns text; the MkDocs hook publishes it under ``downloads/``.
Paragraph anchors are given as site-relative URLs (``sources/<id>/#p12``).
"""

from __future__ import annotations

import csv
import io
import json

from . import schema
from .load import Cite, Entry, KnowledgeBase

FTM_SCHEMAS = {"person": "Person", "organisation": "Organization", "outlet": "Organization",
               "armed-formation": "Organization", "state-body": "PublicBody", "state": "PublicBody"}


def citation(cite: Cite) -> dict:
    return {"source": cite.source, "quote": cite.quote, "paragraph": cite.paragraph,
            "paragraphs": sorted({span.paragraph for span in cite.spans}),
            "url": f"sources/{cite.source}/#p{cite.paragraph}"}


def claim_record(entry: Entry) -> dict:
    record = entry.record.model_dump(mode="json", exclude_none=True)
    return {**record, "topic": entry.topic.id, "url": f"{entry.topic.page.removesuffix('.md')}/#c-{entry.id}",
            "citations": [citation(cite) for cite in entry.cites]}


def document(kb: KnowledgeBase) -> dict:
    """Everything, as one JSON document (its schema: kb.exportschema, published as
    data/schema/kb.schema.json)."""
    return {
        "topics": [t.model_dump(mode="json") for t in kb.topics],
        "sources": [{**s.meta.model_dump(mode="json", exclude_none=True),
                     "archive_url": f"sources/raw/{s.meta.file}", "page_url": f"sources/{s.meta.id}/"}
                    for s in kb.sources.values()],
        "actors": [{**a.record.model_dump(mode="json", exclude_none=True),
                    "url": f"actors/{a.id}/", "citations": [citation(c) for c in a.cites]}
                   for a in kb.actors.values()],
        "claims": [claim_record(entry) for entry in kb.claims],
        "relations": [{**r.record.model_dump(mode="json", by_alias=True)} for r in kb.relations],
    }


def to_json(kb: KnowledgeBase) -> str:
    """Compact JSON: without indentation json.dumps runs its C encoder (three times faster at
    100x, and an eighth smaller)."""
    return json.dumps(document(kb), ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"


def _csv(header: list[str], rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def csv_files(kb: KnowledgeBase) -> dict[str, str]:
    """One CSV per record type; lists are joined with '; '."""
    join = "; ".join
    claims = [(e.id, e.topic.id, e.record.kind, e.record.date or "", e.record.text, e.record.by or "",
               e.record.relayed_by or "", join(e.record.actors), len({c.source for c in e.cites}),
               e.record.date_note or "", e.record.note or "") for e in kb.claims]
    citations = [(kind, e.id, c.source, c.paragraph, f"sources/{c.source}/#p{c.paragraph}", c.quote)
                 for kind, entries in (("actor", kb.actors.values()), ("claim", kb.claims))
                 for e in entries for c in e.cites]
    actors = [(a.id, a.record.name, a.record.kind, join(a.record.aliases), a.record.role) for a in kb.actors.values()]
    sources = [(s.meta.id, s.meta.title, join(s.meta.authors), s.meta.publisher or "", s.meta.original_publisher or "",
                s.meta.published.date or "", s.meta.published.precision, s.meta.published.inferred or "",
                s.meta.language, s.meta.file, s.meta.sha256) for s in kb.sources.values()]
    sanctions = [(e.id, e.record.date or "", join(e.record.imposed_by), join(e.record.targets), e.record.target,
                  join(e.record.measures), e.record.trigger or "") for e in kb.claims if e.topic.records == "sanction"]
    relations = [(r.record.id, r.record.source, r.record.type, r.record.target, r.record.claim) for r in kb.relations]
    return {
        "claims.csv": _csv(["id", "topic", "kind", "date", "text", "by", "relayed_by", "actors", "sources",
                            "date_note", "note"], claims),
        "citations.csv": _csv(["record_type", "record_id", "source", "paragraph", "url", "quote"], citations),
        "actors.csv": _csv(["id", "name", "kind", "aliases", "role"], actors),
        "sources.csv": _csv(["id", "title", "authors", "publisher", "original_publisher", "date", "precision",
                             "inferred_date", "language", "file", "sha256"], sources),
        "sanctions.csv": _csv(["id", "date", "imposed_by", "targets", "target", "measures", "trigger"], sanctions),
        "relations.csv": _csv(["id", "from", "type", "to", "claim"], relations),
    }


def followthemoney(kb: KnowledgeBase) -> str:
    """Sanctions as FollowTheMoney entities, one JSON object a line: a Sanction per target,
    the targeted actors, and an unnamed LegalEntity where the target is only described."""
    entities: dict[str, dict] = {}
    for entry in (e for e in kb.claims if e.topic.records == "sanction"):
        record = entry.record
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
                season = record.date.split("-")[-1] in schema.SEASONS
                properties["startDate"] = [record.date.split("-")[0] if season else record.date]
            sanction_id = f"kb-sanction-{entry.id}-{target['id'].removeprefix('kb-actor-')}"
            entities[sanction_id] = {"id": sanction_id, "schema": "Sanction", "properties": properties}
    return "".join(json.dumps(entity, ensure_ascii=False, sort_keys=True) + "\n" for entity in entities.values())


def _actor_entity(kb: KnowledgeBase, actor_id: str) -> dict:
    actor = kb.actors[actor_id].record
    properties = {"name": [actor.name], "description": [actor.role]}
    if actor.aliases:
        properties["alias"] = list(actor.aliases)
    return {"id": f"kb-actor-{actor_id}", "schema": FTM_SCHEMAS[actor.kind], "properties": properties}


def files_for(kb: KnowledgeBase) -> dict[str, str]:
    """``all_files``, computed once per loaded knowledge base (the hook and the Data page both ask)."""
    cached = getattr(kb, "_downloads", None)
    if cached is None:
        cached = kb._downloads = all_files(kb)
    return cached


def all_files(kb: KnowledgeBase) -> dict[str, str]:
    """Every download, by file name under downloads/."""
    return {"kb.json": to_json(kb), **csv_files(kb),
            "sanctions.ftm.json": followthemoney(kb)}
