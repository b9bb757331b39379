"""The JSON Schema of downloads/kb.json, as pydantic models of its records.

Only ``scripts/schemas.py`` uses it: it writes data/schema/kb.schema.json, which the build
publishes with the other schemas (so a build does not build these models).
"""

from __future__ import annotations

import json
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from . import rights, schema
from .reference import Place


class ExportCitation(BaseModel):
    model_config = ConfigDict(extra="forbid")
    source: str
    quote: str = Field(description=rights.QUOTE_FIELD)
    paragraph: int
    paragraphs: list[int]
    url: str


class ExportClaim(schema.Claim):
    """A claim with its topic, its permalink, when it held and its resolved citations (sanction
    fields when a sanction)."""

    topic: str
    url: str
    # In the export, as_of is the effective date; a hand-set one is as_of_kind "override" with its reason.
    as_of: str = Field(  # type: ignore[assignment]
        description="when the claim held, ISO 8601: a date (2022-02-24, 2022-03, 2026) or an "
        "interval (2022-02/.. for some time after February 2022)"
    )
    as_of_kind: Literal["event", "reported", "interval", "override"] = Field(
        description="event: the date of the event it reports; reported: its earliest source's publication "
        "date; interval: its source is undated and was written after as_of's start; override: set by hand "
        "with a reason"
    )
    as_of_reason: str | None = Field(None, description="why as_of was set by hand (as_of_kind override)")
    updates: list[str] = Field(
        description="ids of the threads in which this claim updates or contradicts earlier ones"
    )
    updated_by: list[str] = Field(
        description="ids of the threads in which later claims update or contradict this one"
    )
    citations: list[ExportCitation]
    imposed_by: list[str] | None = None
    targets: list[str] | None = None
    target: str | None = None
    measures: list[str] | None = None
    trigger: str | None = None


class ExportActor(schema.Actor):
    url: str
    citations: list[ExportCitation]


class ExportSource(schema.Source):
    published_as_of: str | None = Field(
        description="the publication date, ISO 8601 (an interval when only a "
        "lower bound is known), or null when undated"
    )
    published_stated: bool = Field(description="true when the source prints its date; false when worked out")
    archive_url: str | None = Field(
        description="the archived text, or null when only its cited passages are shown"
    )
    page_url: str


class ExportRelation(schema.Relation):
    """A relation with when it held, taken from the claim that states it."""

    as_of: str = Field(
        description="when the relation held: the as_of of its claim, ISO 8601 (a date, or an interval "
        "such as 2022-02/.. for some time after February 2022)"
    )
    as_of_kind: Literal["event", "reported", "interval", "override"] = Field(
        description="how its claim's as_of was found (see the claims' as_of_kind)"
    )


class ExportThread(schema.Thread):
    earlier_as_of: list[str]
    later_as_of: list[str]


class ExportRights(BaseModel):
    model_config = ConfigDict(extra="forbid")
    licence: str = Field(description="the licence of our own words and the data's structure")
    licensed: str = Field(description="what the licence covers")
    not_licensed: str = Field(description="what it does not cover: the quotes and the archived texts")


class ExportPlace(Place):
    """A place of data/reference/places.yaml with its coordinates (or why it has none), its
    GeoNames id, its names, its page and the claims that name it."""

    url: str
    claims: list[str] = Field(description="ids of the claims that name the place itself")


class ExportDocument(BaseModel):
    """The whole knowledge base: downloads/kb.json."""

    model_config = ConfigDict(extra="forbid")
    version: str = Field(
        description="the data's release, MAJOR.MINOR.PATCH (data/releases.yaml); <next>-dev while the next "
        "release lists changes not yet released"
    )
    generated: str = Field(description="when this file was built, ISO 8601 UTC (from SOURCE_DATE_EPOCH)")
    rights: ExportRights = Field(description="who holds the rights in each part of this file")
    topics: list[schema.Topic]
    sources: list[ExportSource]
    actors: list[ExportActor]
    claims: list[ExportClaim]
    relations: list[ExportRelation]
    threads: list[ExportThread]
    places: list[ExportPlace]


def export_schema() -> str:
    document_schema = ExportDocument.model_json_schema(by_alias=True)
    document_schema["title"] = "Knowledge-base export (kb.json)"
    return json.dumps(document_schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
