"""The period selector's data: the years a claim or a relation belongs to, written as the
attributes that the shared script (docs/assets/kb-when.js) reads on every page.

The contract between the pages and the script (CONTRIBUTING.md, "The period selector"): an
element with the class ``kb-when`` carries

- ``data-from``: an ISO date (``2022``, ``2022-03``, ``2022-03-02``), where its interval starts;
- ``data-to``: where it ends (same forms), or ``..`` when it is open ("some time after
  data-from", an undated source: it belongs to no year for sure, and the selector shows it
  under "Undated"); without it, the interval is data-from alone;
- ``data-also`` (optional): more dates or intervals it belongs to, space-separated, each
  ``FROM`` or ``FROM/TO`` (``TO`` may be ``..``): when a claim was said, or the other relations
  of one mark.

Choosing a year hides every ``kb-when`` element none of whose closed intervals touches that year.
A claim belongs to the years of its as-of date (when it held) and of its earliest source's
publication (when it was said).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from .dates import OPEN_END, Publication
from .model import ClaimEntry, KnowledgeBase, RelationEntry
from .paging import Listing

Interval = tuple[int, int | None]  # first year, last year (None: open, some time after)


def said(kb: KnowledgeBase, entry: ClaimEntry) -> str:
    """When the claim was said, ISO 8601: its earliest dated source's publication ("2022-03",
    or "2022-02/.." for an undated source written after February 2022); "" when none is dated."""
    return _said(tuple(dict.fromkeys(kb.sources[c.source].publication for c in entry.cites)))


@lru_cache(maxsize=1024)  # a few combinations of sources recur across thousands of claims
def _said(published: tuple[Publication, ...]) -> str:
    dated = [p.iso for p in published if p.iso]
    exact = [p.iso for p in published if p.iso and p.precision != "after"] or dated
    return min(exact) if exact else ""


def claim_intervals(kb: KnowledgeBase, entry: ClaimEntry) -> list[str]:
    """The claim's as-of date, and the date it was said when that adds a period (another year,
    or an open interval), as ISO dates or intervals."""
    return list(_intervals(entry.when.iso, said(kb, entry)))


@lru_cache(maxsize=4096)
def _intervals(held: str, spoken: str) -> tuple[str, ...]:
    if not spoken or spoken == held or _covers(years(held), years(spoken)):
        return (held,)
    return (held, spoken)


def _covers(outer: Interval, inner: Interval) -> bool:
    """Whether every period ``inner`` belongs to, ``outer`` belongs to as well."""
    if (outer[1] is None) != (inner[1] is None):
        return False
    if outer[1] is None:
        return True  # both open: both are "undated", in no year
    return inner[1] is not None and outer[0] <= inner[0] and inner[1] <= outer[1]


def relation_intervals(kb: KnowledgeBase, entries: Iterable[RelationEntry]) -> list[str]:
    """The dates of the claims that state the relations, without repeats."""
    return list(dict.fromkeys(i for entry in entries for i in claim_intervals(kb, entry.claim)))


def attributes(intervals: list[str]) -> str:
    """The ``data-from``/``data-to``/``data-also`` attributes of a ``kb-when`` element, in years
    (the selector's periods): "2022-02-24" → data-from="2022"; "2022-02/.." → data-from="2022"
    data-to=".."; "2022/2026-02" → data-from="2022" data-to="2026"."""
    spans = list(dict.fromkeys(_in_years(years(i)) for i in intervals))
    if not spans:
        return ""
    start, _, end = spans[0].partition("/")
    out = f'data-from="{start}"'
    if end:
        out += f' data-to="{end}"'
    if spans[1:]:
        out += f' data-also="{" ".join(spans[1:])}"'
    return out


def _in_years(span: Interval) -> str:
    first, last = span
    if last is None:
        return f"{first}/{OPEN_END}"
    return str(first) if first == last else f"{first}/{last}"


def claim_attributes(kb: KnowledgeBase, entry: ClaimEntry) -> str:
    return attributes(claim_intervals(kb, entry))


def years(interval: str) -> Interval:
    """ "2022-02/.." → (2022, None); "2022-03" → (2022, 2022); "2021/2022-05" → (2021, 2022)."""
    start, _, end = interval.partition("/")
    first = int(start[:4])
    if end == OPEN_END:
        return first, None
    return first, int(end[:4]) if end else first


UNDATED = "undated"


def in_period(intervals: list[str], period: int | str) -> bool:
    """The script's rule: a year holds what surely held or was said in it (a closed interval
    touching it); "undated" holds what is known only to date from some time after a date."""
    return period in periods_of(intervals)


def periods_of(intervals: list[str]) -> set[int | str]:
    """The periods an item belongs to, by the script's rule: each year a closed interval touches,
    and "undated" for an open one."""
    out: set[int | str] = set()
    for interval in intervals:
        first, last = years(interval)
        out.update([UNDATED] if last is None else range(first, last + 1))
    return out


def _counts(items: Iterable[Iterable[int | str]]) -> Counter[int | str]:
    counts: Counter[int | str] = Counter()
    for periods in items:
        counts.update(periods)
    return counts


def claim_periods(kb: KnowledgeBase) -> dict[str, frozenset[int | str]]:
    """Each claim's periods, worked out once per build (a claim is in several lists)."""
    if "periods" not in kb.memo:
        kb.memo["periods"] = {c.id: frozenset(periods_of(claim_intervals(kb, c))) for c in kb.claims}
    found: dict[str, frozenset[int | str]] = kb.memo["periods"]
    return found


def bar(kb: KnowledgeBase, listing: Listing[Any] | None = None, items: Iterable[list[str]] = ()) -> str:
    """Where the script puts the selector, with the years it offers: those of a list's items on
    all its pages, or those of ``items`` (each item's intervals). For a list of several pages,
    also how many of its items each page holds per period (``data-pages``, a page's counts
    each, in page order, separated by ";"), so that a reader who picks a year on page 1 learns
    what the other pages hold; the script links them through the pager. Hidden without the
    script. The same for every page of a list, so it is made once per list."""
    if listing is None:
        return _bar([_counts(periods_of(i) for i in items)], [])
    if not listing.items:
        return ""
    if "periods" not in listing.memo:
        of = claim_periods(kb)
        per_page = [_counts(of[e.id] for e in listing.items_on(n)) for n in listing.pages()]
        sizes = [len(listing.items_on(n)) for n in listing.pages()] if listing.page_count > 1 else []
        listing.memo["periods"] = _bar(per_page, sizes)
    markup: str = listing.memo["periods"]
    return markup


def _bar(per_page: list[Counter[int | str]], sizes: list[int]) -> str:
    offered = sorted({p for counts in per_page for p in counts if isinstance(p, int)})
    attributes = f'data-periods="{" ".join(map(str, offered))}"'
    if sizes:
        choices: list[int | str] = [*offered, UNDATED]
        attributes += (
            ' data-pages="'
            + ";".join(
                " ".join([f"all:{size}", *(f"{p}:{counts[p]}" for p in choices if counts[p])])
                for counts, size in zip(per_page, sizes, strict=True)
            )
            + '"'
        )
    return f'<div class="kb-when-bar" {attributes} hidden></div>'


def undated_source(kb: KnowledgeBase, entry: ClaimEntry) -> str:
    """ "undated source (after Feb 2022)" when every source of the claim is
    undated (known at most to have been written after a date); "" when one of them has a date,
    printed or worked out."""
    published = [kb.sources[c.source].publication for c in entry.cites]
    if any(p.value is not None and p.precision != "after" for p in published):
        return ""
    bounds = [p for p in published if p.value is not None]
    if not bounds:
        return "undated source"
    return f"undated source ({min(bounds, key=lambda p: p.iso or '').words(short=True)})"
