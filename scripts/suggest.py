"""`make suggest`: help write citations.

    make suggest TEXT="Twelve freight trains crossed in August."   # passages that may support it
    make suggest SOURCE=<source-id>                                 # the paragraphs still to cite

For a draft claim, prints the best-matching passages across the sources (or one, with
SOURCE=), each with its paragraph number and a `cite:` item ready to paste: the quote is the
passage's exact text. For a source alone, prints its uncited, not excluded paragraphs.
The data must load (`make check` first if it does not).
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "macros"))

from kb.errors import DataError
from kb.load import load
from kb.model import KnowledgeBase

SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")


def _scorer() -> Callable[[str, str], float]:
    """0–100 similarity of a draft and a passage: rapidfuzz when installed, else difflib."""
    try:
        from rapidfuzz import fuzz

        return lambda a, b: float(fuzz.token_set_ratio(a, b))
    except ImportError:

        def ratio(a: str, b: str) -> float:
            words_a, words_b = a.split(), b.split()
            return 100 * difflib.SequenceMatcher(None, words_a, words_b, autojunk=False).ratio()

        return ratio


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def passages(kb: KnowledgeBase, only: str | None):
    """(source id, paragraph number, passage): each paragraph, and each of its sentences."""
    for source_id, source in kb.sources.items():
        if only and source_id != only:
            continue
        for paragraph in source.text.paragraphs:
            if paragraph.number in source.excluded:
                continue
            parts = SENTENCE.split(paragraph.text)
            yield source_id, paragraph.number, paragraph.text
            if len(parts) > 1:
                for part in parts:
                    yield source_id, paragraph.number, part


def suggest(kb: KnowledgeBase, draft: str, only: str | None, count: int) -> list[tuple[float, str, int, str]]:
    score = _scorer()
    wanted = _norm(draft)
    ranked = sorted(
        (
            (score(wanted, _norm(text)), source_id, number, text)
            for source_id, number, text in passages(kb, only)
        ),
        key=lambda r: (-r[0], r[1], r[2]),
    )
    seen, out = set(), []
    for row in ranked:
        if (row[1], row[2], row[3]) in seen:
            continue
        seen.add((row[1], row[2], row[3]))
        out.append(row)
        if len(out) == count:
            break
    return out


def uncited(kb: KnowledgeBase, source_id: str) -> list[tuple[int, str]]:
    source = kb.sources[source_id]
    return [(n, source.text.paragraph(n).text) for n in kb.coverage(source_id).missing]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description="Passages for a draft claim; a source's uncited paragraphs.")
    parser.add_argument("--text", default="", help="the draft claim, in your words")
    parser.add_argument(
        "--source", default="", help="a source id: search only it, or list its uncited paragraphs"
    )
    parser.add_argument("--count", type=int, default=5)
    parser.add_argument("--data", type=Path, default=ROOT / "data", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not args.text and not args.source:
        parser.error('give TEXT="a draft claim" and/or SOURCE=<source-id>')
    try:
        kb = load(args.data)
    except DataError as error:
        print(error.report(), file=sys.stderr)
        print("suggest: the data must load first; fix the problems above", file=sys.stderr)
        return 1
    if args.source and args.source not in kb.sources:
        print(
            f"suggest: unknown source id {args.source!r}\n    fix: use one of {', '.join(kb.sources)}",
            file=sys.stderr,
        )
        return 1
    if args.text:
        for rank, (score, source_id, number, text) in enumerate(
            suggest(kb, args.text, args.source, args.count), 1
        ):
            print(f"{rank}. {source_id} p{number} (match {score:.0f} %)")
            print(f"    - source: {source_id}\n      quote: {json.dumps(text, ensure_ascii=False)}")
        return 0
    missing = uncited(kb, args.source)
    covered = kb.coverage(args.source)
    print(
        f"{args.source}: {len(covered.cited)}/{len(covered.substantive)} substantive paragraphs cited; "
        f"{len(missing)} to do"
    )
    for number, text in missing:
        print(f"  p{number}: {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
