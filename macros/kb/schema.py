"""The record types of the knowledge base, as pydantic models.

Each model forbids unknown fields. ``scripts/schemas.py`` publishes them as JSON
Schema files in ``data/schema/`` for editors.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal, Optional

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
SEASONS = ("spring", "summer", "autumn", "winter")
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?|-(spring|summer|autumn|winter))?$"
MARKDOWN_LINK = re.compile(r"!?\[[^\]\n]*\]\([^)\n]*\)|!\[")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _plain(value: str) -> str:
    if MARKDOWN_LINK.search(value):
        raise ValueError("Markdown link or image syntax is not allowed in plain text; "
                         "write the words only (sources are linked through `cite`)")
    if CONTROL.search(value):
        raise ValueError("control characters are not allowed; retype the text")
    if not value.strip():
        raise ValueError("the text is empty")
    return value


SEASON_ORDER = {"winter": 0, "spring": 4, "summer": 7, "autumn": 10}  # the month each season starts


def date_key(value: str) -> tuple[int, int, int]:
    """(year, month, day) for ordering dates of any precision; 0 where not given."""
    parts = value.split("-")
    if len(parts) == 2 and parts[1] in SEASON_ORDER:
        return int(parts[0]), SEASON_ORDER[parts[1]], 0
    numbers = [int(p) for p in parts] + [0, 0]
    return numbers[0], numbers[1], numbers[2]


def _date(value: str) -> str:
    parts = value.split("-")
    try:
        if len(parts) == 3:
            dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
        elif len(parts) == 2 and parts[1] not in SEASONS:
            dt.date(int(parts[0]), int(parts[1]), 1)
    except ValueError:
        raise ValueError(f"{value!r} is not a real date") from None
    return value


def _https(value: str) -> str:
    if not re.match(r"^https?://[^\s/$.?#][^\s<>\"]*$", value):
        raise ValueError("only http:// and https:// addresses are allowed")
    return value


Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=80)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=200), AfterValidator(_plain)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=2000), AfterValidator(_plain)]
Quote = Annotated[str, StringConstraints(min_length=1, max_length=2000)]
Date = Annotated[str, StringConstraints(pattern=DATE_PATTERN), AfterValidator(_date)]
Url = Annotated[str, StringConstraints(max_length=500), AfterValidator(_https)]

ClaimKind = Literal["fact", "statement", "assessment", "official-figure", "scenario"]
ActorKind = Literal["person", "organisation", "state", "state-body", "armed-formation", "outlet"]
NEEDS_BY = {"statement", "assessment", "scenario"}


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class Citation(Strict):
    """A verbatim passage of an archived source that supports the record."""

    source: Id = Field(description="id of a source in data/sources/")
    quote: Quote = Field(description="verbatim passage; whitespace, quote marks and dashes are folded")
    paragraph: Optional[int] = Field(None, ge=1, description="paragraph number, only when the quote occurs more than once")


class Claim(Strict):
    """One statement of the knowledge base, in our words, with its citations."""

    id: Id
    text: Text
    kind: ClaimKind
    date: Optional[Date] = Field(None, description="YYYY, YYYY-MM, YYYY-MM-DD or YYYY-season")
    date_note: Optional[Text] = Field(None, description="how a relative date was resolved")
    actors: list[Id] = Field(default_factory=list)
    by: Optional[Id] = Field(None, description="speaker (statement) or author of the view (assessment, scenario)")
    to: Optional[Name] = Field(None, description="audience of a statement")
    relayed_by: Optional[Id] = Field(None, description="who relayed a statement")
    note: Optional[Text] = None
    cite: list[Citation] = Field(min_length=1)
    section: Optional[Id] = Field(None, description="id of one of its topic's sections (data/topics.yaml)")

    @model_validator(mode="after")
    def _by_for_views(self):
        if self.kind in NEEDS_BY and not self.by:
            raise ValueError(f"a claim of kind {self.kind!r} needs `by`: the actor id of whoever said or holds it")
        return self


class Sanction(Claim):
    """A sanction decision: a claim with who imposed what on whom."""

    imposed_by: list[Id] = Field(min_length=1)
    targets: list[Id] = Field(default_factory=list)
    target: Text
    measures: list[Text] = Field(min_length=1)
    trigger: Optional[Text] = None


class Actor(Strict):
    """A person, organisation, state, state body, armed formation or outlet named in the sources."""

    id: Id
    name: Name
    kind: ActorKind
    aliases: list[Name] = Field(default_factory=list, description="every other spelling used in the sources")
    role: Text
    note: Optional[Text] = None
    cite: list[Citation] = Field(min_length=1)


RelationType = Literal["alliance", "sanctions", "leads", "advises", "hosts-troops-of", "negotiates-with",
                       "supports", "opposes", "represents", "part-of"]


class Relation(Strict):
    """An edge between two actors, as a cited claim states it."""

    id: Id
    source: Id = Field(alias="from", description="actor id the relation starts from")
    type: RelationType
    target: Id = Field(alias="to", description="actor id the relation points to")
    claim: Id = Field(description="id of the claim whose citations back this relation")
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True, populate_by_name=False)


class Excluded(Strict):
    """A paragraph of a source that states nothing: furniture, a heading, a byline."""

    text: Quote
    kind: Literal["furniture", "heading", "title", "byline", "credit"]
    reason: Text


class Published(Strict):
    date: Optional[Date] = None
    precision: Literal["day", "month", "year", "not-stated"]
    inferred: Optional[Date] = Field(None, description="our inference when the date is not stated")
    evidence: Optional[Text] = Field(None, description="why we infer or trust the date")

    @model_validator(mode="after")
    def _consistent(self):
        if self.precision == "not-stated":
            if self.date:
                raise ValueError("precision 'not-stated' goes with no `date`; put an inference in `inferred`")
            if self.inferred and not self.evidence:
                raise ValueError("an `inferred` date needs `evidence`")
        else:
            want = {"year": 1, "month": 2, "day": 3}[self.precision]
            if not self.date or len(self.date.split("-")) != want:
                raise ValueError(f"precision {self.precision!r} needs a `date` with {want} part(s), e.g. "
                                 + ["2022", "2022-03", "2022-03-02"][want - 1])
        return self


class Source(Strict):
    """Metadata of one archived source file."""

    id: Id
    file: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.-]+\.txt$")]
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
    title: Name
    authors: list[Id] = Field(default_factory=list)
    publisher: Optional[Id] = None
    original_publisher: Optional[Id] = None
    url: Optional[Url] = None
    published: Published
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    notes: Optional[Text] = None
    excluded: list[Excluded] = Field(default_factory=list)


class Section(Strict):
    """One part of a topic page, in reading order: a heading and what belongs under it."""

    id: Id
    title: Name
    scope: Text = Field(description="one line saying which claims belong here")


class OverviewSentence(Strict):
    """One sentence of a topic's overview, in our words, resting only on the claims it names."""

    text: Text
    claims: list[Id] = Field(min_length=1, description="ids of the claims that together support the whole sentence")


class Topic(Strict):
    """A topic page and the data file that feeds it."""

    id: Id
    title: Name
    page: Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]+\.md$")]
    records: Literal["claim", "sanction"] = "claim"
    sections: list[Section] = Field(default_factory=list, description="the page's sections, in reading order")
    overview: list[OverviewSentence] = Field(default_factory=list,
                                             description="the cited overview at the top of the page")

    @model_validator(mode="after")
    def _unique_sections(self):
        seen: set[str] = set()
        for section in self.sections:
            if section.id in seen:
                raise ValueError(f"section id {section.id!r} appears twice in topic {self.id!r}; "
                                 "give each section its own id")
            seen.add(section.id)
        return self
