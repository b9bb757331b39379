"""When things held: a source's publication date and a claim's effective "as of".

A claim's as-of is derived when the data is loaded, never typed by hand: the date of the event
it reports; otherwise the date it was reported (the publication date of its earliest source,
stated or worked out); for a source with no date, the interval its evidence allows ("after
February 2022"). An explicit ``as_of: {value, reason}`` on the claim overrides all three.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from . import schema

AsOfKind = Literal["event", "reported", "interval", "override"]
OPEN_END = ".."


@lru_cache(maxsize=4096)
def format_date(value: str | None, short: bool = False) -> str:
    """ "2022-02-24" → "24 February 2022" (or "24 Feb 2022"); "2022-02" → "February 2022";
    "2022-spring" → "spring 2022"."""
    if not value:
        return ""
    parts = value.split("-")
    if len(parts) == 2 and parts[1] in schema.SEASON_ORDER:
        return f"{parts[1]} {parts[0]}"
    if len(parts) == 1:
        return parts[0]
    month = (calendar.month_abbr if short else calendar.month_name)[int(parts[1])]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{int(parts[2])} {month} {parts[0]}"


def iso(value: str) -> str:
    """A date of the data as ISO 8601 (a season becomes its year)."""
    parts = value.split("-")
    return parts[0] if len(parts) == 2 and parts[1] in schema.SEASON_ORDER else value


@dataclass(frozen=True)
class Publication:
    """When a source was published: one date (or the start of an interval) and how we know."""

    value: str | None  # a date of the data, or None when nothing can be said
    precision: str  # day, month, year, season, or "after" for an open interval
    stated: bool  # printed in the source; otherwise worked out from the text (see the evidence)

    @property
    def iso(self) -> str | None:
        """ISO 8601: a date, or an open interval such as "2022-02/.."."""
        if self.value is None:
            return None
        return f"{iso(self.value)}/{OPEN_END}" if self.precision == "after" else iso(self.value)

    def words(self, short: bool = False) -> str:
        """ "24 Feb 2022", "after February 2022", "date not stated"."""
        if self.value is None:
            return "date not stated"
        when = format_date(self.value, short)
        return f"after {when}" if self.precision == "after" else when

    def how(self) -> str:
        if self.value is None:
            return "undated"
        return "stated in the source" if self.stated else "worked out from the text"


def publication(published: schema.Published) -> Publication:
    if published.date:
        return Publication(published.date, published.precision, stated=True)
    if published.inferred:
        return Publication(published.inferred, _precision(published.inferred), stated=False)
    if published.after:
        return Publication(published.after, "after", stated=False)
    return Publication(None, "not-stated", stated=False)


def _precision(value: str) -> str:
    parts = value.split("-")
    if len(parts) == 2 and parts[1] in schema.SEASON_ORDER:
        return "season"
    return {1: "year", 2: "month", 3: "day"}[len(parts)]


@dataclass(frozen=True)
class AsOf:
    """When a claim held: its date, how that date was found, and the words that say so."""

    value: str  # a date of the data, or the start of an interval
    kind: AsOfKind
    end: str = ""  # an interval's end: a date, or ".." when open (the claim held some time after ``value``)
    reason: str = ""  # why an override was given

    @property
    def open_ended(self) -> bool:
        return self.end == OPEN_END

    @property
    def iso(self) -> str:
        if not self.end:
            return iso(self.value)
        return f"{iso(self.value)}/{self.end if self.open_ended else iso(self.end)}"

    @property
    def datetime(self) -> str:
        """For <time datetime>: the date, or the start of the interval."""
        return iso(self.value)

    @property
    def key(self) -> tuple[int, int, int]:
        return schema.date_key(self.value)

    def words(self) -> str:
        when = format_date(self.value)
        if self.open_ended:
            return f"reported after {when}"
        if self.end:
            return f"between {when} and {format_date(self.end)}"
        if self.kind == "reported":
            return f"as of {when}"
        return when


def said_words(when: AsOf) -> str:
    """When a claim was said, for a later view: "in 2026", "on 23 February 2026", "after February 2022"."""
    if when.open_ended:
        return f"after {format_date(when.value)}"
    if when.end:
        return f"between {format_date(when.value)} and {format_date(when.end)}"
    return f"{'on' if len(when.value.split('-')) == 3 else 'in'} {format_date(when.value)}"


def about_said(claim: schema.Claim, when: AsOf | None) -> str:
    """ "about 2021 · said on 23 February 2026" for a later view of an earlier time; else ""."""
    if not claim.about or when is None:
        return ""
    return f"about {format_date(claim.about)} · said {said_words(when)}"


def as_of(claim: schema.Claim, sources: list[Publication]) -> AsOf | None:
    """The claim's effective as-of date, from the publications of the sources it cites."""
    if claim.as_of is not None:
        start, _, end = claim.as_of.value.partition("/")
        return AsOf(start, "override", end=end, reason=claim.as_of.reason)
    if claim.date:
        return AsOf(claim.date, "event")
    dated = [p for p in sources if p.value is not None]
    if not dated:
        return None
    exact = [p for p in dated if p.precision != "after"]
    if exact:
        first = min(exact, key=lambda p: schema.date_key(p.value or ""))
        return AsOf(first.value or "", "reported")
    first = min(dated, key=lambda p: schema.date_key(p.value or ""))
    return AsOf(first.value or "", "interval", end=OPEN_END)
