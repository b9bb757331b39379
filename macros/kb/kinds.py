"""One table per enumeration: the allowed values of a field and everything said about each.

``schema`` builds its allowed values from these tables, and pages, pictures and exports take
their labels, verbs, colours and FollowTheMoney schemas from the same rows, so a new kind is
added in one place.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar


@dataclass(frozen=True)
class ClaimKind:
    value: str
    label: str  # the badge
    plural: str  # the timeline's filter
    verb: str  # the attribution line: "<verb> <actor>"
    needs_by: bool  # a view or a saying: whose it is must be named


@dataclass(frozen=True)
class ActorKind:
    value: str
    label: str
    plural: str  # the actor index's headings
    ftm_schema: str  # the FollowTheMoney schema of such an actor in sanctions.ftm.json


@dataclass(frozen=True)
class RelationType:
    value: str
    label: str  # reads between two names: "Belarus <label> Russia"
    colour: str  # the diagram's line colour (kb.css gives the dark palette's)
    dash: str  # the line's dash pattern (SVG stroke-dasharray; "" solid): kinds differ by more than colour
    mark: str  # the letter of its cell in the phone grid and of its legend entry


@dataclass(frozen=True)
class ExcludedKind:
    value: str
    skipped: bool  # left out of the quote-matching stream (page furniture splits sentences)


class _Valued(Protocol):
    @property
    def value(self) -> str: ...


Row = TypeVar("Row", bound=_Valued)


class Table(Generic[Row]):
    """Rows in their display order, looked up by value."""

    def __init__(self, *rows: Row):
        self.rows: tuple[Row, ...] = rows
        self._by_value: dict[str, Row] = {row.value: row for row in rows}

    def __getitem__(self, value: str) -> Row:
        return self._by_value[value]

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def values(self) -> tuple[str, ...]:
        return tuple(self._by_value)

    def position(self, value: str) -> int:
        return self.values().index(value)


CLAIM_KINDS: Table[ClaimKind] = Table(
    ClaimKind("fact", "Reported fact", "Reported facts", "By", needs_by=False),
    ClaimKind("statement", "Statement", "Statements", "Said by", needs_by=True),
    ClaimKind("assessment", "Assessment", "Assessments", "Assessment by", needs_by=True),
    ClaimKind("official-figure", "Official figure, unverifiable", "Official figures", "By", needs_by=False),
    ClaimKind("scenario", "Scenario", "Scenarios", "Scenario by", needs_by=True),
)

ACTOR_KINDS: Table[ActorKind] = Table(
    ActorKind("person", "Person", "People", "Person"),
    ActorKind("organisation", "Organisation", "Organisations", "Organization"),
    ActorKind("state", "State", "States", "PublicBody"),
    ActorKind("state-body", "State body", "State bodies", "PublicBody"),
    ActorKind("armed-formation", "Armed formation", "Armed formations", "Organization"),
    ActorKind("outlet", "Outlet", "Outlets", "Organization"),
)

RELATION_TYPES: Table[RelationType] = Table(
    RelationType("alliance", "allied with", "#1565c0", "", "A"),
    RelationType("sanctions", "sanctions", "#c62828", "10 4", "S"),
    RelationType("leads", "leads", "#4e342e", "2 4", "L"),
    RelationType("advises", "advises", "#6a1b9a", "10 4 2 4", "V"),
    RelationType("hosts-troops-of", "hosts troops of", "#e65100", "16 4 2 4 2 4", "H"),
    RelationType("negotiates-with", "negotiates with", "#2e7d32", "5 5", "N"),
    RelationType("supports", "supports", "#00838f", "20 4", "+"),
    RelationType("opposes", "opposes", "#ad1457", "6 2 6 8", "−"),
    RelationType("represents", "represents", "#546e7a", "2 2 8 2", "R"),
    RelationType("part-of", "part of", "#827717", "1 6", "P"),
)

EXCLUDED_KINDS: Table[ExcludedKind] = Table(
    ExcludedKind("furniture", skipped=True),
    ExcludedKind("heading", skipped=False),
    ExcludedKind("title", skipped=False),
    ExcludedKind("byline", skipped=False),
    ExcludedKind("credit", skipped=False),
)


# The countries an actor may be said to belong to (`country:` in actors.yaml): the code
# FollowTheMoney uses (ISO 3166-1 alpha-2, lowercase; "eu" for the European Union) and the words
# by which an actor's name or role says it.
COUNTRIES: dict[str, tuple[str, ...]] = {
    "by": ("Belarus", "Belarusian"),
    "ru": ("Russia", "Russian"),
    "ua": ("Ukraine", "Ukrainian"),
    "us": ("United States", "U.S."),
    "eu": ("European Union", "EU"),
    "pl": ("Poland", "Polish"),
    "lt": ("Lithuania", "Lithuanian"),
}
