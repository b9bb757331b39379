"""Our own prose that cites claims is checked like a claim: each a contributor error with file,
exact line and fix.

- An overview sentence names the party of every claim it cites that is someone's view (`by:`)
  or rests only on an interested or unnamed-informant source; it carries a time cue unless all
  its claims hold as of the newest source's date; its figures are in its claims.
- A thread's two ends share a subject (an actor, one it leads or is part of, or a place); a `contradicts` thread says in
  `because:` what each side says; its note and `because:` say nothing its claims do not
  (figures, parties).
- A claim id named in any note, thread or overview is a claim.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from functools import cached_property

from .errors import Problem
from .messages import did_you_mean
from .model import CLAIM_ID, ClaimEntry, KnowledgeBase, ThreadEntry, involved_actors
from .rules import figures, names_any, parties, party_names, stated

MONTH_WORDS = "|".join(calendar.month_name[1:])
TIME_CUE = re.compile(
    rf"\b(?:1[89]|20)\d\d\b|\b(?:{MONTH_WORDS})\b|\bas of\b"
    r"|\bat (?:the|a|a later|that) (?:thematic )?dialogue\b",
    re.IGNORECASE,
)
TOPICS = "data/topics.yaml"


def looks_like_id(word: str) -> bool:
    """A claim id, not a hyphenated word ("co-aggressor", "up-to-date"): three parts or more and
    as long as the shortest ids of the data (the archived sources' own words are let through too)."""
    return word.count("-") >= 2 and len(word) >= 17


class _Text:
    """The raw lines of the data files, to find the exact line of a word inside a long value."""

    def __init__(self, kb: KnowledgeBase):
        self.root = kb.data_dir.parent
        self.files: dict[str, list[str]] = {}

    def start(self, path: str, line: int) -> int:
        """The first line of a value's text: the line after a block scalar's `>-` or `|`."""
        lines = self.lines(path)
        if 0 < line <= len(lines) and re.search(r":\s*[>|][+-]?\s*$", lines[line - 1]):
            return line + 1
        return line

    def lines(self, path: str) -> list[str]:
        if path not in self.files:
            try:
                self.files[path] = (self.root / path).read_text(encoding="utf-8").splitlines()
            except OSError:
                self.files[path] = []
        return self.files[path]

    def line(self, path: str, start: int, needle: str) -> int:
        lines = self.lines(path)
        for number in range(max(start, 1), len(lines) + 1):
            if needle in lines[number - 1]:
                return number
        return start


class _Checker:
    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.text = _Text(kb)
        dated = [s.publication.value for s in kb.sources.values() if s.publication.value]
        self.newest = max(dated, key=lambda v: tuple(int(p) for p in v.split("-") if p.isdigit()), default="")

    @cached_property
    def source_words(self) -> set[str]:
        """Hyphenated words of the archived sources: prose, never a claim id."""
        return {
            m.group(0).lower()
            for source in self.kb.sources.values()
            for paragraph in source.text.paragraphs
            for m in CLAIM_ID.finditer(paragraph.text.lower())
        }

    def claims(self, ids: list[str]) -> list[ClaimEntry]:
        return [c for c in (self.kb.claim(i) for i in ids) if c is not None]

    def inherited(
        self, where: str, path: str, line: int, text: str, claims: list[ClaimEntry], time: bool
    ) -> Iterator[Problem]:
        """What prose citing ``claims`` inherits from them: parties, a time cue, figures."""
        line = self.text.start(path, line)
        unnamed: dict[tuple[str, ...], list[str]] = {}  # whom to name -> "claim (why)"
        for claim in claims:
            for why, ids in parties(self.kb, claim):
                if not names_any(self.kb, text, ids):
                    unnamed.setdefault(tuple(ids), []).append(f"{claim.id!r} ({why})")
        for party, cited in unnamed.items():
            yield Problem(
                path,
                line,
                f"{where}: it cites {', '.join(cited)} but does not name {party_names(self.kb, list(party))}",
                f'say whose claim it is in this sentence, e.g. "according to {self.name(party[0])}" '
                "(once per sentence is enough)",
            )
        if time and claims and not TIME_CUE.search(text):
            older = [c for c in claims if c.as_of and (c.as_of.value != self.newest or c.as_of.end)]
            if older:
                yield Problem(
                    path,
                    line,
                    f"{where}: no time cue, but {older[0].id!r} holds {older[0].when.words()}",
                    'add when it held: a year, a date, "as of …", "after February 2022" or "at the dialogue"',
                )
        texts = [t for c in claims for t in self.claim_texts(c)]
        missing = list(dict.fromkeys(f for f in figures(text, days=True) if not stated(f, texts)))
        if missing:
            yield Problem(
                path,
                self.text.line(path, line, missing[0]),
                f"{where}: the figure{'s' if len(missing) > 1 else ''} {', '.join(missing)} "
                f"{'are' if len(missing) > 1 else 'is'} in none of the claims it cites",
                "give only figures its claims give (their text, quotes, dates or notes), or cite the claim "
                "that gives it",
            )

    def name(self, actor_id: str) -> str:
        actor = self.kb.actors.get(actor_id)
        return actor.record.name if actor else actor_id

    @staticmethod
    def claim_texts(claim: ClaimEntry) -> list[str]:
        record = claim.record
        values = [record.text, record.note, record.date_note, record.date, record.about]
        values.append(claim.as_of.iso if claim.as_of else None)
        return [v for v in values if v] + [c.quote for c in record.cite]

    def unknown_ids(self, where: str, path: str, line: int, text: str) -> Iterator[Problem]:
        """A claim id named in prose must be a claim (ordinary hyphenated words aside)."""
        for match in CLAIM_ID.finditer(text):
            word = match.group(0)
            if not looks_like_id(word) or self.kb.claim(word) is not None or word in self.source_words:
                continue
            yield Problem(
                path,
                self.text.line(path, line, word),
                f"{where}: unknown claim id {word!r}",
                did_you_mean(word, [c.id for c in self.kb.claims], "a topic file")
                + " (ordinary words are written without hyphens here)",
            )


def problems(kb: KnowledgeBase) -> Iterator[Problem]:
    check = _Checker(kb)
    for topic in kb.topics:
        for index, sentence in enumerate(topic.overview):
            line = kb.overview_lines.get((topic.id, index), kb.topic_lines.get(topic.id, {}).get("id", 1))
            where = f"topic {topic.id!r}: overview sentence {index + 1}"
            yield from check.inherited(
                where, TOPICS, line, sentence.text, check.claims(sentence.claims), True
            )
            yield from check.unknown_ids(where, TOPICS, line, sentence.text)
    for thread in kb.threads:
        yield from _thread(check, thread)
    for entry in kb.citing_entries():
        record = entry.record
        fields = [("note", record.note)]
        if isinstance(entry, ClaimEntry):
            fields += [
                ("date_note", entry.record.date_note),
                ("as_of", entry.record.as_of.reason if entry.record.as_of else None),
            ]
        for name, value in fields:
            if value:
                line = entry.key_lines.get(name, entry.line)
                yield from check.unknown_ids(f"record {entry.id!r}: {name}", entry.path, line, value)


def _thread(check: _Checker, thread: ThreadEntry) -> Iterator[Problem]:
    kb, record = check.kb, thread.record
    where = f"thread {record.id!r}"
    for side, ones, others in (
        ("earlier", thread.earlier, thread.later),
        ("later", thread.later, thread.earlier),
    ):
        subjects = {s for other in others for s in _subjects(kb, other)}
        for claim in ones:
            if others and not _subjects(kb, claim) & subjects:
                index = getattr(record, side).index(claim.id)
                yield Problem(
                    thread.path,
                    thread.side_lines.get((side, index), thread.line),
                    f"{where}: {side} claim {claim.id!r} shares no actor or place with the claims of the "
                    f"other side",
                    "thread only claims about the same subject; remove this claim from the thread or give "
                    "it a thread of its own",
                )
    note_line = thread.key_lines.get("note", thread.line)
    yield from check.inherited(
        f"{where}: note", thread.path, note_line, record.note, [*thread.earlier, *thread.later], False
    )
    yield from check.unknown_ids(f"{where}: note", thread.path, note_line, record.note)
    if record.change == "contradicts" and record.because is None:
        yield Problem(
            thread.path,
            thread.key_lines.get("change", thread.line),
            f"{where}: a contradiction without `because:`",
            "add `because: {earlier: {says: …, claims: [...]}, later: {says: …, claims: [...]}}`: what each "
            "side says, citing claims of that side; or make it `change: updates`",
        )
    if record.because is None:
        return
    for side in ("earlier", "later"):
        part = getattr(record.because, side)
        line = thread.because_lines.get(side, thread.line)
        allowed = getattr(record, side)
        for claim_id in part.claims:
            if claim_id not in allowed:
                yield Problem(
                    thread.path,
                    check.text.line(thread.path, line, claim_id),
                    f"{where}: because.{side} cites {claim_id!r}, which is not one of its {side} claims",
                    f"cite claims of the {side} side: {', '.join(allowed)}",
                )
        yield from check.unknown_ids(f"{where}: because.{side}", thread.path, line, part.says)
        claims = check.claims([c for c in part.claims if c in allowed])
        yield from check.inherited(f"{where}: because.{side}", thread.path, line, part.says, claims, False)


SAME_SUBJECT = ("leads", "part-of")  # Lukashenko's acts are the Belarusian government's subject too


def _subjects(kb: KnowledgeBase, claim: ClaimEntry) -> set[str]:
    """A claim's actors, those they lead or are part of (and the reverse), and its places."""
    actors = set(involved_actors(claim.record))
    related = {
        other
        for actor in actors
        for relation in kb.relations_of(actor)
        if relation.record.type in SAME_SUBJECT
        for other in (relation.record.source, relation.record.target)
    }
    return {*actors, *related, *(f"place:{p.id}" for p in kb.places_of(claim.id))}
