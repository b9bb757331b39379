"""Editorial rules over the loaded knowledge base, each a contributor error with file, line and fix:

- every claim has an effective as-of date;
- a claim of any kind resting only on an interested source, or on one that does not name its
  informants, says whose claim it is;
- every figure in a claim's text (years and number words included) is in one of its quotes or
  explained in its note.

``prose`` holds the same rules for our prose that cites claims (overviews, thread notes).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from functools import lru_cache

from .errors import Problem
from .kinds import CLAIM_KINDS
from .model import ClaimEntry, KnowledgeBase, SourceEntry
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
# "one" is left out: as a pronoun ("one of several theories") it is no figure.
WORD_NUMBERS = {word: value for value, word in NUMBER_WORDS.items() if value != 1}
NUMBER_WORD = re.compile(r"\b(" + "|".join(WORD_NUMBERS) + r")\b", re.IGNORECASE)
YEAR = re.compile(r"^(1[89]|20)\d\d$")


OVERVIEW_WORDS = (60, 250)  # "roughly 80 to 200 words", with some room
OVERVIEW_FROM = 5  # claims: a topic this large needs an overview to explain it


def problems(kb: KnowledgeBase) -> Iterator[Problem]:
    for topic in kb.topics:
        yield from _overview(kb, topic)
    for claim in kb.claims:
        yield from _undated(claim)
        yield from _unattributed(kb, claim)
        yield from _unexplained_figures(kb, claim)


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
    source = sole_partial_source(kb, claim)
    if source is None or ATTRIBUTION.search(record.text) or names_any(kb, record.text, source_party(source)):
        return
    what = "an interested party" if source.meta.interested else "a source that does not name its informants"
    kind = CLAIM_KINDS[record.kind].label.lower()
    yield Problem(
        claim.path,
        claim.key_lines.get("text", claim.line),
        f"record {claim.id!r}: {a(kind)} resting only on {source.meta.id}, {what}, does not say whose "
        "claim it is",
        f'name {party_names(kb, source_party(source))} in the text ("according to …")',
    )


def sole_partial_source(kb: KnowledgeBase, claim: ClaimEntry) -> SourceEntry | None:
    """The one source a claim rests on, when that source is interested or does not name its
    informants; otherwise None."""
    sources = {c.source for c in claim.record.cite}
    source = kb.sources.get(next(iter(sources))) if len(sources) == 1 else None
    if source is None or not (source.meta.interested or source.meta.unnamed_informants):
        return None
    return source


def source_party(source: SourceEntry) -> list[str]:
    """The actor ids whose names say whose a source's claims are: its authors and publishers."""
    meta = source.meta
    ids = [*meta.authors, meta.original_publisher, meta.publisher]
    return list(dict.fromkeys(i for i in ids if i))


def parties(kb: KnowledgeBase, claim: ClaimEntry) -> list[tuple[str, list[str]]]:
    """Whom prose citing the claim must name: (why, actor ids of which any one will do), for the
    holder of a view (`by:`) and for the one interested or unnamed-informant source it rests on."""
    record, found = claim.record, []
    if record.by:
        ids = [record.by]
        for source_id in {c.source for c in record.cite}:
            entry = kb.sources.get(source_id)
            if entry and record.by in entry.meta.authors:  # "PISM's author" names Dyer's view
                ids += source_party(entry)
        found.append(
            (f"{a(CLAIM_KINDS[record.kind].label.lower())} by {record.by}", list(dict.fromkeys(ids)))
        )
    partial = sole_partial_source(kb, claim)
    if partial is not None:
        source = partial
        why = (
            "an interested party" if source.meta.interested else "a source that does not name its informants"
        )
        ids = source_party(source)
        if not any(set(ids) <= set(other) or set(other) <= set(ids) for _, other in found):
            found.append((f"resting only on {source.meta.id}, {why}", ids))
    return found


def a(noun: str) -> str:
    """ "an assessment", "a statement"."""
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


STOP_WORDS = {"a", "an", "and", "at", "for", "in", "of", "on", "the", "to"}


def _words(text: str) -> set[str]:
    folded = text.lower().replace("\u2019", "'").replace("'s", "")
    return {w.rstrip("s") for w in re.findall(r"[a-z0-9]+(?:\.[a-z0-9]+)*", folded)}


def actor_names(kb: KnowledgeBase, actor_id: str) -> list[str]:
    """The names that name an actor in our prose: its name, aliases and, for a person, surname."""
    actor = kb.actors.get(actor_id)
    if actor is None:
        return [actor_id]
    names = [actor.record.name, *actor.record.aliases]
    if actor.record.kind == "person":
        names.append(actor.record.name.split()[-1])
    return names


def names_any(kb: KnowledgeBase, text: str, actor_ids: list[str]) -> bool:
    """Whether ``text`` names one of the actors: every word of one of its names (small words
    aside, plurals and possessives folded) occurs in it; a name of three words or more may lose
    one ("the dialogue experts" names "Experts of the thematic dialogue")."""
    words = _words(text)
    for actor_id in actor_ids:
        for name in actor_names(kb, actor_id):
            wanted = _words(name) - STOP_WORDS
            if wanted and len(wanted - words) <= (1 if len(wanted) >= 3 else 0):
                return True
    return False


def party_names(kb: KnowledgeBase, actor_ids: list[str]) -> str:
    names = [kb.actors[i].record.name if i in kb.actors else i for i in actor_ids]
    return " or ".join(repr(n) for n in names)


def figures(text: str, days: bool = False) -> list[str]:
    """The figures in ``text``: numbers in digits, years included, and number words ("three");
    days of a month ("27 February") only with ``days`` (a claim's date covers its own)."""
    found = []
    for match in NUMBER.finditer(text):
        value = match.group(0).rstrip(".,")
        digits = value.replace(",", "")
        before, after = text[max(0, match.start() - 12) : match.start()], text[match.end() : match.end() + 12]
        if (
            not days
            and not YEAR.match(digits)
            and int(float(digits)) <= 31
            and (DAY_OF_MONTH.search(before) or DAY_OF_MONTH.search(after))
        ):
            continue  # "27 February", "February 27"
        found.append(value)
    found.extend(match.group(0).lower() for match in NUMBER_WORD.finditer(text))
    return found


DIGIT_GROUP_SEPARATOR = re.compile(r"(?<=\d)[,\u00a0\u202f ](?=\d{3}\b)")


@lru_cache(maxsize=4096)  # each quote is searched for every figure of its claims
def _digits_joined(text: str) -> str:
    """The text with the separators of digit groups removed ("30,000" and "30 000" → "30000")."""
    return DIGIT_GROUP_SEPARATOR.sub("", text)


def stated(figure: str, texts: list[str]) -> bool:
    """Whether a figure of ``figures`` is given, in digits or in words, in one of ``texts``."""
    if figure.lower() in WORD_NUMBERS:
        figure = str(WORD_NUMBERS[figure.lower()])
    digits = figure.replace(",", "")
    alone = rf"(?<![\d.,]){re.escape(digits)}(?![\d]|[.,]\d)"  # compiled for texts that hold the digits
    words = [NUMBER_WORDS.get(int(float(digits)), "")] if "." not in digits else []
    if digits.endswith("000") and digits != "000":
        words.append(f"{int(digits) // 1000} thousand")
    if digits.endswith("000000"):
        words.append(f"{int(digits) // 1_000_000} million")
    for text in texts:
        plain = _digits_joined(text)
        if digits in plain and re.search(alone, plain):
            return True
        if any(w and re.search(rf"\b{w}\b", text, re.IGNORECASE) for w in words):
            return True
    return False


def _unexplained_figures(kb: KnowledgeBase, claim: ClaimEntry) -> Iterator[Problem]:
    record = claim.record
    if any(c.source not in kb.sources for c in record.cite):
        return  # the unknown or invalid source is reported already
    texts = [c.quote for c in record.cite] + [t for t in (record.note, record.date_note) if t]
    # "writing in 2026": the year a cited source was published is stated by its metadata
    texts += [s.publication.value or "" for s in (kb.sources.get(c.source) for c in record.cite) if s]
    missing = list(dict.fromkeys(f for f in figures(record.text) if not stated(f, texts)))
    if missing:
        yield Problem(
            claim.path,
            claim.key_lines.get("text", claim.line),
            f"record {claim.id!r}: the figure{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
            f"in the text {'appear' if len(missing) > 1 else 'appears'} in none of its quotes",
            "quote the passage that gives the figure, or explain in `note:` how it was worked out",
        )
