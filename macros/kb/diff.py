"""Which words of a quote differ from the closest passage of its source: shown next to a
"quote not found" error, so a contributor sees the typo instead of hunting for it."""

from __future__ import annotations

import difflib
import re

CLOSEST = re.compile(r'the closest passage is: "(.*)"', re.S)
TRANSLATE = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-"})


def _words(text: str) -> list[str]:
    """Words, with dashes as words of their own ("contingent—NATO" is three)."""
    return re.findall(r"[—–]|[^\s—–]+", text)


def _key(word: str) -> str:
    return word.translate(TRANSLATE).casefold()


def differing_words(quote: str, passage: str, limit: int = 4) -> str:
    """A short list of the differences, e.g. ``"imposed" where the source has "introduced"``;
    empty when the two have the same words."""
    mine, theirs = _words(quote), _words(passage)
    matcher = difflib.SequenceMatcher(
        None, [_key(w) for w in mine], [_key(w) for w in theirs], autojunk=False
    )
    changes = []
    opcodes = matcher.get_opcodes()
    while opcodes and opcodes[0][0] == "insert":  # source words before the quote's first word
        opcodes = opcodes[1:]
    while opcodes and opcodes[-1][0] == "insert":  # and after its last
        opcodes = opcodes[:-1]
    for op, i1, i2, j1, j2 in opcodes:
        yours, source = " ".join(mine[i1:i2]), " ".join(theirs[j1:j2])
        if op == "replace":
            changes.append(f'"{yours}" where the source has "{source}"')
        elif op == "delete":
            changes.append(f'"{yours}" is not in the source')
        elif op == "insert":
            changes.append(f'the source adds "{source}"')
    if len(changes) > limit:
        changes = changes[:limit] + [f"and {len(changes) - limit} more"]
    return "; ".join(changes)


def with_differences(fix: str, quote: str, passage: str | None = None) -> str:
    """``fix`` followed by the differing words, when it names a closest passage (or ``passage``)."""
    if passage is None:
        found = CLOSEST.search(fix)
        passage = found.group(1) if found else None
    if not passage:
        return fix
    differences = differing_words(quote, passage)
    return f"{fix}; which words differ: {differences}" if differences else fix
