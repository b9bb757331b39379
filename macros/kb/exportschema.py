"""The JSON Schema of downloads/kb.json, as pydantic models of its records.

Only ``scripts/schemas.py`` uses it: it writes data/schema/kb.schema.json, which the build
publishes with the other schemas (so a build does not build these models).
"""

from __future__ import annotations

import json
from typing import Optional

from pydantic import BaseModel, ConfigDict

from . import schema


class ExportCitation(BaseModel):
    model_config = ConfigDict(extra="forbid")
    source: str
    quote: str
    paragraph: int
    paragraphs: list[int]
    url: str


class ExportClaim(schema.Claim):
    """A claim with its topic, its permalink and its resolved citations (sanction fields when a sanction)."""

    topic: str
    url: str
    citations: list[ExportCitation]
    imposed_by: Optional[list[str]] = None
    targets: Optional[list[str]] = None
    target: Optional[str] = None
    measures: Optional[list[str]] = None
    trigger: Optional[str] = None


class ExportActor(schema.Actor):
    url: str
    citations: list[ExportCitation]


class ExportSource(schema.Source):
    archive_url: str
    page_url: str


class ExportDocument(BaseModel):
    """The whole knowledge base: downloads/kb.json."""

    model_config = ConfigDict(extra="forbid")
    topics: list[schema.Topic]
    sources: list[ExportSource]
    actors: list[ExportActor]
    claims: list[ExportClaim]
    relations: list[schema.Relation]


def export_schema() -> str:
    document_schema = ExportDocument.model_json_schema(by_alias=True)
    document_schema["title"] = "Knowledge-base export (kb.json)"
    return json.dumps(document_schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
