"""Editorial rules over the loaded knowledge base, each a contributor error with file, line and fix:

- every claim has an effective as-of date;
- a fact resting only on an interested source, or on one that does not name its informants,
  says whose claim it is;
- every figure in a claim's text is in one of its quotes or explained in its note.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator

from .errors import Problem
from .model import ClaimEntry, KnowledgeBase
from .schema import Topic

ATTRIBUTION = re.compile(r"\baccording to\b", re.IGNORECASE)
NUMBER = re.compile(r"(?<![\w.-])\d+(?:[.,]\d+)*(?![\w])")
MONTHS = "|".join(calendar.month_name[1:] + calendar.month_abbr[1:])
DAY_OF_MONTH = re.compile(rf"^\s*(?:{MONTHS})\b|\b(?:{MONTHS})\s*$")
NUMBER_WORDS = {
    1: "one",
    2: "two",
    3: "three",
    4: "four",
    5: "five",
    6: "six",
    7: "seven",
    8: "eight",
    9: "nine",
    10: "ten",
    11: "eleven",
    12: "twelve",
    13: "thirteen",
    14: "fourteen",
    15: "fifteen",
    16: "sixteen",
    17: "seventeen",
    18: "eighteen",
    19: "nineteen",
    20: "twenty",
    30: "thirty",
    40: "forty",
    50: "fifty",
    60: "sixty",
    70: "seventy",
    80: "eighty",
    90: "ninety",
    100: "hundred",
}


OVERVIEW_WORDS = (60, 250)  # "roughly 80 to 200 words", with some room
OVERVIEW_FROM = 5  # claims: a topic this large needs an overview to explain it


def problems(kb: KnowledgeBase) -> Iterator[Problem]:
    for topic in kb.topics:
        yield from _overview(kb, topic)
    for claim in kb.claims:
        yield from _undated(claim)
        yield from _unattributed(kb, claim)
        yield from _unexplained_figures(claim)


def _overview(kb: KnowledgeBase, topic: Topic) -> Iterator[Problem]:
    """A topic with claims opens with a cited overview of a readable length."""
    if len(kb.claims_in(topic.id)) < OVERVIEW_FROM:
        return
    where = "data/topics.yaml"
    lines = kb.topic_lines.get(topic.id, {})
    words = sum(len(sentence.text.split()) for sentence in topic.overview)
    low, high = OVERVIEW_WORDS
    if not topic.overview:
        yield Problem(
            where,
            lines.get("id", 1),
            f"topic {topic.id!r} has claims but no overview",
            "add `overview:`, sentences in our words each with the `claims:` it rests on",
        )
    elif not low <= words <= high:
        yield Problem(
            where,
            lines.get("overview", 1),
            f"topic {topic.id!r}: the overview has {words} words",
            f"write {low} to {high} words: an overview explains the subject, the sections hold the detail",
        )


def _undated(claim: ClaimEntry) -> Iterator[Problem]:
    if claim.as_of is None and claim.cites:
        yield Problem(
            claim.path,
            claim.line,
            f"record {claim.id!r}: no date: neither the claim nor its sources are dated",
            "add `date:` when the source dates the event, or `as_of: {value: …, reason: …}`; or give the "
            "source's `published` an `inferred` date or an `after` bound, with its evidence",
        )


def _unattributed(kb: KnowledgeBase, claim: ClaimEntry) -> Iterator[Problem]:
    record = claim.record
    sources = {c.source for c in record.cite}
    if record.kind != "fact" or len(sources) != 1 or ATTRIBUTION.search(record.text):
        return
    source = kb.sources.get(next(iter(sources)))
    if source is None:
        return
    why = source.meta.interested or source.meta.unnamed_informants
    if why:
        what = (
            "an interested party" if source.meta.interested else "a source that does not name its informants"
        )
        yield Problem(
            claim.path,
            claim.key_lines.get("text", claim.line),
            f"record {claim.id!r}: a fact resting only on {source.meta.id}, {what}, reads as plain fact",
            'say whose claim it is ("according to …") in the text, or make it an `assessment` with `by:`',
        )


def figures(text: str) -> list[str]:
    """The numbers written in digits in ``text`` that are figures: not years, not days of a month."""
    found = []
    for match in NUMBER.finditer(text):
        value = match.group(0).rstrip(".,")
        digits = value.replace(",", "")
        if re.fullmatch(r"(19|20)\d\d", digits):
            continue  # a year: the claim's date covers it
        before, after = text[max(0, match.start() - 12) : match.start()], text[match.end() : match.end() + 12]
        if int(float(digits)) <= 31 and (DAY_OF_MONTH.search(before) or DAY_OF_MONTH.search(after)):
            continue  # "27 February", "February 27"
        found.append(value)
    return found


def _stated(figure: str, texts: list[str]) -> bool:
    digits = figure.replace(",", "")
    pattern = re.compile(rf"(?<![\d.,]){re.escape(digits)}(?![\d]|[.,]\d)")
    words = [NUMBER_WORDS.get(int(float(digits)), "")] if "." not in digits else []
    if digits.endswith("000") and digits != "000":
        words.append(f"{int(digits) // 1000} thousand")
    if digits.endswith("000000"):
        words.append(f"{int(digits) // 1_000_000} million")
    for text in texts:
        plain = re.sub(r"(?<=\d)[,\u00a0\u202f ](?=\d{3}\b)", "", text)
        if pattern.search(plain):
            return True
        if any(w and re.search(rf"\b{w}\b", text, re.IGNORECASE) for w in words):
            return True
    return False


def _unexplained_figures(claim: ClaimEntry) -> Iterator[Problem]:
    record = claim.record
    texts = [c.quote for c in record.cite] + [t for t in (record.note, record.date_note) if t]
    missing = [f for f in figures(record.text) if not _stated(f, texts)]
    if missing:
        yield Problem(
            claim.path,
            claim.key_lines.get("text", claim.line),
            f"record {claim.id!r}: the figure{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
            "in the text appear in none of its quotes",
            "quote the passage that gives the figure, or explain in `note:` how it was worked out",
        )
