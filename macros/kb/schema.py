"""The record types of the knowledge base, as pydantic models.

Each model forbids unknown fields. ``scripts/schemas.py`` publishes them as JSON
Schema files in ``data/schema/`` for editors.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from .kinds import ACTOR_KINDS, CLAIM_KINDS, COUNTRIES, EXCLUDED_KINDS, RELATION_TYPES, Table

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ID_MAX = 80
SEASONS = ("spring", "summer", "autumn", "winter")
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?|-(spring|summer|autumn|winter))?$"
MARKDOWN_LINK = re.compile(r"!?\[[^\]\n]*\]\([^)\n]*\)|!\[")
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
ID_RE = re.compile(ID_PATTERN)  # every id of every record passes here: compiled once
DATE_RE = re.compile(DATE_PATTERN)


def _plain(value: str) -> str:
    if MARKDOWN_LINK.search(value):
        raise ValueError(
            "Markdown link or image syntax is not allowed in plain text; "
            "write the words only (sources are linked through `cite`)"
        )
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


# Ids, dates and the values of an enumeration raise errors of their own type, whatever the field,
# so the contributor's message (``messages``) is chosen by the error, not by the field's name.


def _id(value: str) -> str:
    if len(value) > ID_MAX or not ID_RE.match(value):
        raise PydanticCustomError("invalid_id", "{value!r} is not a valid id", {"value": value})
    return value


def _date(value: str) -> str:
    if not DATE_RE.match(value):
        raise PydanticCustomError("invalid_date", "{value!r} is not a date", {"value": value})
    parts = value.split("-")
    try:
        if len(parts) == 3:
            dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
        elif len(parts) == 2 and parts[1] not in SEASONS:
            dt.date(int(parts[0]), int(parts[1]), 1)
    except ValueError:
        raise PydanticCustomError("unreal_date", "{value!r} is not a real date", {"value": value}) from None
    return value


def _one_of(table: Table[Any]) -> AfterValidator:
    allowed = table.values()

    def check(value: str) -> str:
        if value not in allowed:
            raise PydanticCustomError(
                "not_allowed",
                "{value!r} is not allowed",
                {"value": value, "expected": ", ".join(repr(v) for v in allowed)},
            )
        return value

    return AfterValidator(check)


def _enum(table: Table[Any]) -> WithJsonSchema:
    return WithJsonSchema({"enum": list(table.values()), "type": "string"})


def _https(value: str) -> str:
    if not re.match(r"^https?://[^\s/$.?#][^\s<>\"]*$", value):
        raise ValueError("only http:// and https:// addresses are allowed")
    return value


Id = Annotated[
    str, AfterValidator(_id), WithJsonSchema({"maxLength": ID_MAX, "pattern": ID_PATTERN, "type": "string"})
]
Name = Annotated[str, StringConstraints(min_length=1, max_length=200), AfterValidator(_plain)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=2000), AfterValidator(_plain)]
Quote = Annotated[str, StringConstraints(min_length=1, max_length=2000)]
Date = Annotated[str, AfterValidator(_date), WithJsonSchema({"pattern": DATE_PATTERN, "type": "string"})]
Url = Annotated[str, StringConstraints(max_length=500), AfterValidator(_https)]

ClaimKindName = Annotated[str, _one_of(CLAIM_KINDS), _enum(CLAIM_KINDS)]
ActorKindName = Annotated[str, _one_of(ACTOR_KINDS), _enum(ACTOR_KINDS)]
RelationTypeName = Annotated[str, _one_of(RELATION_TYPES), _enum(RELATION_TYPES)]
ExcludedKindName = Annotated[str, _one_of(EXCLUDED_KINDS), _enum(EXCLUDED_KINDS)]


class Strict(BaseModel):
    # defer_build: a model's validator is built when it first validates, as part of the file's
    # model, instead of once per class when the module is imported (a build imported each model's
    # schema and then built it again inside its parent's).
    model_config = ConfigDict(defer_build=True, extra="forbid", frozen=True, str_strip_whitespace=True)


class Citation(Strict):
    """A verbatim passage of an archived source that supports the record."""

    source: Id = Field(description="id of a source in data/sources/")
    quote: Quote = Field(description="verbatim passage; whitespace, quote marks and dashes are folded")
    paragraph: int | None = Field(
        None, ge=1, description="paragraph number, only when the quote occurs more than once"
    )


def _as_of_value(value: str) -> str:
    start, slash, end = value.partition("/")
    _date(start)
    if slash and end != "..":
        _date(end)
        if date_key(end) < date_key(start):
            raise PydanticCustomError(
                "reversed_interval", "{value!r} ends before it starts", {"value": value}
            )
    return value


AsOfValue = Annotated[
    str,
    AfterValidator(_as_of_value),
    WithJsonSchema(
        {
            "pattern": r"^[^/]+(/([^/]+|\.\.))?$",
            "type": "string",
            "description": "a date (YYYY, YYYY-MM, YYYY-MM-DD), or an ISO 8601 interval: 2022-02/.. or 2022/2026-02",
        }
    ),
]
InferredField = Literal["date", "imposed_by", "targets", "actors", "by"]


class ClaimAsOf(Strict):
    """An explicit as-of date, where the one derived from the claim's date and sources is wrong."""

    value: AsOfValue
    reason: Text


class Claim(Strict):
    """One statement of the knowledge base, in our words, with its citations."""

    id: Id
    text: Text
    kind: ClaimKindName
    date: Date | None = Field(None, description="YYYY, YYYY-MM, YYYY-MM-DD or YYYY-season")
    date_note: Text | None = Field(None, description="how a relative date was resolved")
    about: Date | None = Field(
        None,
        description="for a later view of an earlier time: the time it is about (`date`, or the source's "
        "date when there is none, is when it was said)",
    )
    actors: list[Id] = Field(default_factory=list)
    by: Id | None = Field(
        None, description="speaker (statement) or author of the view (assessment, scenario)"
    )
    to: Name | None = Field(None, description="audience of a statement")
    relayed_by: Id | None = Field(None, description="who relayed a statement")
    note: Text | None = None
    cite: list[Citation] = Field(min_length=1)
    inferred: list[InferredField] = Field(
        default_factory=list, description="fields whose values we worked out; the source does not state them"
    )
    as_of: ClaimAsOf | None = Field(
        None, description="overrides the as-of date derived from `date` and the sources"
    )
    section: Id | None = Field(None, description="id of a section of the claim's topic (data/topics.yaml)")

    @model_validator(mode="after")
    def _by_for_views(self) -> Self:
        if CLAIM_KINDS[self.kind].needs_by and not self.by:
            raise ValueError(
                f"a claim of kind {self.kind!r} needs `by`: the actor id of whoever said or holds it"
            )
        return self


class Sanction(Claim):
    """A sanction decision: a claim with who imposed what on whom."""

    imposed_by: list[Id] = Field(min_length=1)
    targets: list[Id] = Field(default_factory=list)
    target: Text
    measures: list[Text] = Field(min_length=1)
    trigger: Text | None = None


class KnownFrom(Strict):
    """Where an actor is known from when no passage of any source names it: the address of a
    source it published (its `url:` or `republished_url:`), recorded as it is, with no citation."""

    source: Id = Field(description="the id of the source whose address names the actor")
    address: Url = Field(description="the source's `url:` or `republished_url:`, exactly as written there")


class Actor(Strict):
    """A person, organisation, state, state body, armed formation or outlet named in the sources."""

    id: Id
    name: Name
    kind: ActorKindName
    aliases: list[Name] = Field(default_factory=list, description="every other spelling used in the sources")
    role: Text
    country: Literal[tuple(COUNTRIES)] | None = Field(  # type: ignore[valid-type]
        None,
        description="the country the actor is of, as its name or role says it "
        "(ISO 3166-1 alpha-2; eu: the European Union); FollowTheMoney's nationality or jurisdiction",
    )
    note: Text | None = None
    cite: list[Citation] = Field(
        default_factory=list, description="passages naming the actor (a byline or page header counts)"
    )
    known_from: KnownFrom | None = Field(
        None,
        description="for an actor no passage names (a publisher known only from the source's "
        "address): where it is known from, instead of `cite`",
    )

    @model_validator(mode="after")
    def _cited_or_known_from(self) -> Self:
        if not self.cite and self.known_from is None:
            raise ValueError(
                "an actor needs `cite:` (a passage of a source naming it, a byline or page header "
                "included) or, when no passage names it, `known_from:` (the source whose address "
                "names it)"
            )
        return self

    @model_validator(mode="after")
    def _country_said(self) -> Self:
        if self.country and not any(word in f"{self.name} {self.role}" for word in COUNTRIES[self.country]):
            raise ValueError(
                f"country {self.country!r}: neither the name nor the role says it "
                f"({' or '.join(COUNTRIES[self.country])}); say it in the role, or leave `country` out"
            )
        return self


class Relation(Strict):
    """An edge between two actors, as a cited claim states it."""

    id: Id
    source: Id = Field(alias="from", description="actor id the relation starts from")
    type: RelationTypeName
    target: Id = Field(alias="to", description="actor id the relation points to")
    claim: Id = Field(description="id of the claim whose citations back this relation")
    per: Id | None = Field(
        None,
        description="actor id of the party whose own statement the relation rests on: shown as their claim",
    )
    model_config = ConfigDict(
        defer_build=True, extra="forbid", frozen=True, str_strip_whitespace=True, populate_by_name=False
    )


class Excluded(Strict):
    """A paragraph of a source that states nothing: furniture, a heading, a byline."""

    text: Quote
    kind: ExcludedKindName
    reason: Text


class Published(Strict):
    date: Date | None = None
    precision: Literal["day", "month", "year", "not-stated"]
    inferred: Date | None = Field(None, description="our inference when the date is not stated")
    after: Date | None = Field(
        None, description="when no date can be worked out: the source was written after this"
    )
    evidence: Text | None = Field(None, description="why we infer or trust the date")

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.precision == "not-stated":
            if self.date:
                raise ValueError("precision 'not-stated' goes with no `date`; put an inference in `inferred`")
            if (self.inferred or self.after) and not self.evidence:
                raise ValueError("an `inferred` or `after` date needs `evidence`")
            if self.inferred and self.after:
                raise ValueError("give `inferred` (a date worked out) or `after` (a lower bound), not both")
        else:
            want = {"year": 1, "month": 2, "day": 3}[self.precision]
            if not self.date or len(self.date.split("-")) != want:
                raise ValueError(
                    f"precision {self.precision!r} needs a `date` with {want} part(s), e.g. "
                    + ["2022", "2022-03", "2022-03-02"][want - 1]
                )
        return self


class Source(Strict):
    """Metadata of one archived source file."""

    id: Id
    file: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.-]+\.txt$")]
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
    title: Name
    authors: list[Id] = Field(default_factory=list)
    publisher: Id | None = None
    original_publisher: Id | None = None
    url: Url | None = Field(None, description="the original article's address, where it could be established")
    republished_url: Url | None = Field(
        None, description="the address of the repost the capture was made from"
    )
    captured: Date | None = Field(None, description="when the capture was made, if known")
    provenance: Text | None = Field(
        None,
        description="how the original publisher, address and capture were "
        "established (public records searched), or that they could not be",
    )
    published: Published
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    notes: Text | None = None
    excluded: list[Excluded] = Field(default_factory=list)
    interested: Text | None = Field(None, description="why the source is an interested party")
    unnamed_informants: Text | None = Field(
        None, description="how the source relies on informants it does not name"
    )
    reproduce: Literal["full", "quoted"] = Field(
        "full",
        description="full: the archived text is published; quoted: only the passages the claims cite "
        "(its page and downloads hold nothing else), as its publisher may ask",
    )
    staged: bool = Field(
        False,
        description="true while the source is being added: it builds and has its page, "
        "and `make check` reports its uncited paragraphs as work to do instead of failing",
    )


class Section(Strict):
    """A part of a topic page: claims that belong together, in the page's reading order."""

    id: Id
    title: Name
    scope: Text = Field(description="one line saying what belongs here")


class OverviewSentence(Strict):
    """One sentence of a topic's overview, in our words, and the claims it rests on."""

    text: Text
    claims: list[Id] = Field(min_length=1, description="ids of the claims the sentence rests on")


class Register(Strict):
    """An authoritative public register more complete than a topic's claims: the topic's page says
    that it is not a complete list and links the register (a plain link; nothing is fetched)."""

    title: Name = Field(description="the register's name, as its keeper calls it")
    keeper: Name = Field(description="who keeps it")
    url: Url = Field(description="its official address (https)")


class Topic(Strict):
    """A topic: its records live in data/<id>.yaml; its page is docs/<page> when that prose page
    exists, else generated. The navigation and the home page's list follow topics.yaml."""

    id: Id
    title: Name
    summary: Text | None = Field(None, description="one line for the home page's list of topics")
    page: Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]+\.md$")] | None = Field(
        None, description="the page's file in docs/ (default: <id>.md)"
    )
    records: Literal["claim", "sanction"] = "claim"
    sections: list[Section] = Field(default_factory=list, description="the page's sections, in reading order")
    overview: list[OverviewSentence] = Field(
        default_factory=list, description="the cited overview opening the page"
    )
    registers: list[Register] = Field(
        default_factory=list,
        description="authoritative public registers more complete than this topic: the page says it "
        "is not a complete list and links them",
    )

    @model_validator(mode="after")
    def _unique_sections(self) -> Self:
        ids = [section.id for section in self.sections]
        repeated = sorted({i for i in ids if ids.count(i) > 1})
        if repeated:
            raise ValueError(f"section ids must be unique within a topic: {', '.join(repeated)}")
        return self

    @property
    def page_file(self) -> str:
        return self.page or f"{self.id}.md"

    @property
    def data_file(self) -> str:
        return f"{self.id}.yaml"


class ThreadSide(Strict):
    """What one side of a contradiction says, and the claims of that side that say it."""

    says: Text
    claims: list[Id] = Field(min_length=1, description="ids of claims of this side of the thread")


class ThreadBecause(Strict):
    """Why a thread is a contradiction: what each side says."""

    earlier: ThreadSide
    later: ThreadSide


class Thread(Strict):
    """Then and now: later claims that update or contradict earlier ones."""

    id: Id
    title: Name
    earlier: list[Id] = Field(min_length=1, description="ids of the earlier claims")
    later: list[Id] = Field(min_length=1, description="ids of the later claims")
    change: Literal["updates", "contradicts"]
    note: Text = Field(description="how the later picture differs, in our words")
    because: ThreadBecause | None = Field(
        None, description="for `contradicts`: what each side says, citing claims of both sides"
    )


class Changes(Strict):
    """The records of one kind that a release added, changed or removed (ids)."""

    added: list[Id] = Field(default_factory=list)
    changed: list[Id] = Field(default_factory=list, description="reworded, redated or cited differently")
    removed: list[Id] = Field(default_factory=list)


class Release(Strict):
    """A release of the data: its version, its date and the records it added, changed or removed
    (compared with its snapshot in data/releases/). The release at the top without a date is the
    next one: it lists the changes made since the last release."""

    version: Annotated[str, StringConstraints(pattern=r"^\d+\.\d+\.\d+$")] = Field(
        description="MAJOR.MINOR.PATCH: major when ids or fields change meaning, minor when claims are added or "
        "reworded, patch for fixes that change no claim"
    )
    date: Date | None = Field(
        None, description="when it was released; none for the next release, not yet cut"
    )
    summary: Text
    initial: bool = Field(False, description="the first release: every record of its snapshot is new in it")
    claims: Changes = Field(default_factory=Changes)
    relations: Changes = Field(default_factory=Changes)
    threads: Changes = Field(default_factory=Changes)
    topics: Changes = Field(
        default_factory=Changes, description="topics whose title, sections or overview changed"
    )


@dataclass(frozen=True)
class SchemaFile:
    """A JSON Schema that ``scripts/schemas.py`` writes into data/schema/ and the build publishes."""

    name: str
    model: type[BaseModel]
    title: str
    many: bool  # the data file holds a list of such records


# Every data file's schema, by the record type it describes: the contributor messages name the
# schema of the record at fault from this table too.
SCHEMA_FILES = (
    SchemaFile("topics.schema.json", Topic, "Knowledge-base topics file", many=True),
    SchemaFile("claim.schema.json", Claim, "Knowledge-base claim file", many=True),
    SchemaFile("sanction.schema.json", Sanction, "Knowledge-base sanction file", many=True),
    SchemaFile("actor.schema.json", Actor, "Knowledge-base actor file", many=True),
    SchemaFile("relation.schema.json", Relation, "Knowledge-base relation file", many=True),
    SchemaFile("thread.schema.json", Thread, "Knowledge-base then-and-now file", many=True),
    SchemaFile("release.schema.json", Release, "Knowledge-base releases file", many=True),
    SchemaFile("source.schema.json", Source, "Knowledge-base source metadata", many=False),
)


def schema_file(model: type[BaseModel]) -> str:
    """data/schema/<name> of the record type ``model``."""
    name = next(f.name for f in SCHEMA_FILES if f.model is model)
    return f"data/schema/{name}"
