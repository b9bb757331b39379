"""Archived source text: paragraphs, folding for quote matching, hashes."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

SINGLE_QUOTES = "\u2018\u2019\u201a\u201b\u02bc\u2032`"
DOUBLE_QUOTES = "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
FOLD = str.maketrans(
    {**{c: "'" for c in SINGLE_QUOTES}, **{c: '"' for c in DOUBLE_QUOTES}, **{c: "-" for c in DASHES}}
)


# Characters a reader cannot see: a quote copied from a web page may carry them, or lack them.
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"
# Compatibility characters safe to fold to their plain form (ligatures, full-width Latin): NFKC on
# anything else would also turn ² into 2 or ½ into 1/2, changing what a quote says.
COMPATIBLE = re.compile("[\ufb00-\ufb06\uff01-\uff5e]")
NEEDS_NORMALISING = re.compile(f"[{INVISIBLE}\u0300-\u036f\ufb00-\ufb06\uff01-\uff5e]")


def normalised(text: str) -> tuple[str, list[int] | None]:
    """``text`` in NFC, without invisible characters and with ligatures and full-width letters
    in their plain form; and for each character the index in ``text`` it came from (None when
    nothing moved, the usual case)."""
    if not NEEDS_NORMALISING.search(text) and unicodedata.is_normalized("NFC", text):
        return text, None
    out: list[str] = []
    where: list[int] = []
    index = 0
    while index < len(text):
        start = index
        index += 1
        while index < len(text) and unicodedata.combining(text[index]):
            index += 1  # a letter and its combining accents are one cluster
        cluster = "".join(c for c in text[start:index] if c not in INVISIBLE)
        if not cluster:
            continue
        if COMPATIBLE.match(cluster):
            cluster = unicodedata.normalize("NFKC", cluster)
        cluster = unicodedata.normalize("NFC", cluster)
        out.append(cluster)
        where.extend([start] * len(cluster))
    return "".join(out), where


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


WORD = re.compile(r"\S+")


def fold(text: str) -> tuple[str, list[int]]:
    """Fold whitespace runs to one space and typographic quotes/dashes to ASCII.

    Returns the folded text and, for each of its characters, the index of the
    character of ``text`` it came from (a folded space: the first character of its run).
    """
    plain, origin = normalised(text)
    translated = plain.translate(FOLD)  # one character for one: indexes are kept
    words: list[str] = []
    where: list[int] = []
    previous_end = 0
    for word in WORD.finditer(translated):
        start, end = word.span()
        if words:
            where.append(previous_end)
        words.append(word.group())
        where.extend(range(start, end))
        previous_end = end
    if origin is not None:
        where = [origin[i] for i in where]
    return " ".join(words), where


def fold_in_place(text: str) -> tuple[str, list[int] | None]:
    """``fold(text)``, with None for the map when folding moved no character."""
    if normalised(text)[1] is None:  # nothing to normalise: only white space can move
        folded = " ".join(text.translate(FOLD).split())
        if len(folded) == len(text):
            return folded, None
    return fold(text)


def fold_text(text: str) -> str:
    """``fold(text)[0]``, without the character map."""
    return " ".join(normalised(text)[0].translate(FOLD).split())


@dataclass(frozen=True)
class Paragraph:
    number: int  # 1-based, counting every non-blank line of the file
    line: int  # line in the archived file
    text: str  # the line without its leading and trailing white space


@dataclass
class Stream:
    """Folded paragraphs joined by single spaces. ``starts[k]`` is where the k-th included
    paragraph (``indexes[k]`` into SourceText.paragraphs) begins in ``folded``."""

    folded: str = ""
    starts: list[int] = field(default_factory=list)
    indexes: list[int] = field(default_factory=list)


@dataclass
class SourceText:
    """The paragraphs of one archived file and the streams a quote is searched in:
    every paragraph, then (if page furniture is marked) every paragraph but the furniture,
    so a sentence split by a page header still matches."""

    paragraphs: list[Paragraph]
    streams: list[Stream] = field(default_factory=list)
    # each paragraph folded, with its character map (None where the folded text keeps every
    # character in place: no run of white space, the usual case)
    folds: list[tuple[str, list[int] | None]] = field(default_factory=list)

    def paragraph(self, number: int) -> Paragraph:
        return self.paragraphs[number - 1]


def split_paragraphs(text: str) -> list[Paragraph]:
    """A paragraph is a non-blank line: the archives keep one paragraph per line."""
    paragraphs: list[Paragraph] = []
    for line_no, line in enumerate(text.splitlines(), start=1):
        if line.strip():
            paragraphs.append(Paragraph(len(paragraphs) + 1, line_no, line.strip()))
    return paragraphs


def build_source_text(text: str, skipped: frozenset[int] = frozenset()) -> SourceText:
    source = SourceText(split_paragraphs(text))
    source.folds = [fold_in_place(paragraph.text) for paragraph in source.paragraphs]
    source.streams.append(stream_without(source, frozenset()))
    if skipped:
        source.streams.append(stream_without(source, skipped))
    return source


def stream_without(source: SourceText, skipped: frozenset[int]) -> Stream:
    """A stream of every paragraph but those in ``skipped``."""
    stream = Stream()
    pieces: list[str] = []
    length = 0
    for index, paragraph in enumerate(source.paragraphs):
        if paragraph.number in skipped:
            continue
        folded = source.folds[index][0]
        if pieces:
            pieces.append(" ")
            length += 1
        stream.starts.append(length)
        stream.indexes.append(index)
        pieces.append(folded)
        length += len(folded)
    stream.folded = "".join(pieces)
    return stream


# A Markdown link left in an archived text by the capture ("[Allied Resolve](#)"): readers see its
# words only. The archive stays as it is; display and text fragments use ``shown``.
LINK_STUB = re.compile(r"\[([^\[\]\n]+)\]\(([^()\s]*)\)")


def _stub_marks(text: str) -> list[tuple[int, int]]:
    """The character ranges of ``text`` that a reader is not shown: each stub's "[" and "](…)"."""
    marks = []
    for match in LINK_STUB.finditer(text):
        marks.append((match.start(), match.start() + 1))
        marks.append((match.end(1), match.end()))
    return marks


def shown(text: str, start: int = 0, end: int | None = None) -> str:
    """``text[start:end]`` as a reader sees it: Markdown link stubs of the whole text reduced to
    their words (a slice that cuts a stub loses the same characters as the whole)."""
    end = len(text) if end is None else end
    if "](" not in text:
        return text[start:end]
    out, position = [], start
    for mark_start, mark_end in _stub_marks(text):
        if mark_end <= position or mark_start >= end:
            continue
        out.append(text[position : max(position, mark_start)])
        position = max(position, mark_end)
    out.append(text[position:end] if position < end else "")
    return "".join(out)
