"""Find a quote in its archived source and resolve it to paragraphs and spans."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from urllib.parse import quote as percent

from .text import SourceText, Stream, fold_text, shown

FRAGMENT_WORDS = 5  # words at each end of a long quote in a text fragment


@dataclass(frozen=True)
class Span:
    paragraph: int  # paragraph number
    start: int  # offsets into Paragraph.text
    end: int


@dataclass(frozen=True)
class Resolved:
    spans: tuple[Span, ...]

    @property
    def paragraph(self) -> int:
        return self.spans[0].paragraph


class QuoteNotFound(Exception):
    def __init__(self, message: str, fix: str):
        super().__init__(message)
        self.message, self.fix = message, fix


def find_all(source: SourceText, quote: str) -> list[Resolved]:
    """Every place the folded quote occurs in the folded source."""
    needle = fold_text(quote)
    if not needle:
        return []
    for stream in source.streams:
        found = []
        start = stream.folded.find(needle)
        while start != -1:
            found.append(_resolve(source, stream, start, start + len(needle)))
            start = stream.folded.find(needle, start + 1)
        if found:
            return found
    return []


def _resolve(source: SourceText, stream: Stream, start: int, end: int) -> Resolved:
    """The spans, in archived-text offsets, of the folded range [start, end)."""
    first = bisect_right(stream.starts, start) - 1
    last = bisect_right(stream.starts, end - 1) - 1
    spans = []
    for k in range(max(first, 0), last + 1):
        index = stream.indexes[k]
        folded, where = source.folds[index]
        low = max(start, stream.starts[k]) - stream.starts[k]
        high = min(end, stream.starts[k] + len(folded)) - stream.starts[k]
        if high > low:  # not just the space between two paragraphs
            if where is not None:
                low, high = where[low], where[high - 1] + 1
            spans.append(Span(source.paragraphs[index].number, low, high))
    return Resolved(tuple(spans))


def resolve(source: SourceText, quote: str, paragraph: int | None = None) -> Resolved:
    """The one place a quote stands, or QuoteNotFound with a suggestion."""
    if not fold_text(quote):
        raise QuoteNotFound("the quote is empty", "copy the supporting passage from the source")
    found = find_all(source, quote)
    if paragraph is not None:
        found = [place for place in found if place.paragraph == paragraph]
        if not found:
            raise QuoteNotFound(
                f"the quote is not in paragraph p{paragraph}",
                "correct `paragraph`, or remove it if the quote occurs only once",
            )
    if len(found) == 1:
        return found[0]
    if not found:
        suggestion = closest_passage(source, quote)
        fix = "copy the passage exactly from the source"
        if suggestion:
            fix += f'; the closest passage is: "{suggestion}"'
        raise QuoteNotFound("the quote is not found in the source", fix)
    where = ", ".join(f"p{place.paragraph}" for place in found)
    raise QuoteNotFound(
        f"the quote occurs {len(found)} times ({where})",
        "lengthen the quote so it occurs once, or add `paragraph: N` to the citation",
    )


def closest_passage(source: SourceText, quote: str) -> str:
    """The passage of the source most like the quote, as written in the archive (only computed
    when a quote is not found): rapidfuzz aligns the quote with each paragraph."""
    from rapidfuzz import fuzz  # imported on failure only: a valid build never needs it

    needle = fold_text(quote)
    best, best_score = "", 0.0
    for index, paragraph in enumerate(source.paragraphs):
        folded, where = source.folds[index]
        found = fuzz.partial_ratio_alignment(needle, folded, score_cutoff=best_score)
        if found is None or found.score <= best_score:
            continue
        start, end = found.dest_start, found.dest_end
        if where is not None:
            start, end = where[start], where[end - 1] + 1
        best, best_score = _whole_words(paragraph.text, start, end), found.score
    return best if best_score >= 50 else ""


def _whole_words(text: str, start: int, end: int) -> str:
    """text[start:end], widened to whole words."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end].strip()


def text_fragment(source: SourceText, resolved: Resolved) -> str:
    """A ``text=`` directive that makes the browser scroll to and highlight the quote."""
    first, last = resolved.spans[0], resolved.spans[-1]
    # the words as the page shows them (shown: link stubs reduced to their words)
    head = shown(source.paragraph(first.paragraph).text, first.start, first.end).split()
    tail = shown(source.paragraph(last.paragraph).text, last.start, last.end).split()
    if len(resolved.spans) == 1 and len(head) <= 2 * FRAGMENT_WORDS:
        return "text=" + _encode(" ".join(head))
    return (
        "text=" + _encode(" ".join(head[:FRAGMENT_WORDS])) + "," + _encode(" ".join(tail[-FRAGMENT_WORDS:]))
    )


def _encode(words: str) -> str:
    return percent(words, safe="").replace("-", "%2D")
