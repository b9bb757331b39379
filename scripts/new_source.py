"""`make new-source FILE=<path> ID=<slug>`: add a source in stages.

Copies the document byte for byte to ``data/sources/<NNN>_<digest>.txt`` (NNN the next free
number, digest the first 16 hex digits of the file's SHA-256), and writes
``data/sources/<slug>.yaml`` with what can be known from the text: the pinned SHA-256, a title
taken from the first paragraph, suggested exclusions for short lines (headings, page furniture),
every paragraph listed as a comment, and `staged: true`; and adds the file's row to
``data/sources/RIGHTS.md`` (whose text it is), which `make check` verifies. A staged source builds and has its page;
`make check` prints its uncited paragraphs as work to do until `staged: true` is removed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "macros"))

from kb.rightsfile import RIGHTS_FILE, add_row
from kb.schema import ID_PATTERN
from kb.text import split_paragraphs

SOURCES = ROOT / "data" / "sources"
ARCHIVE_NAME = re.compile(r"^(\d{3})_[0-9a-f]{16}\.txt$")
FURNITURE = re.compile(
    r"^((back to )?top of page|(share|follow us|subscribe)( on \w+| to .*)?|tweet|print|e-?mail|facebook|twitter|x|"
    r"telegram|linkedin|whatsapp|menu|search|read more|related( articles)?|advertisement|cookies?.*|"
    r"(support|donate to) (our|us|this)( work| journalism)?|donate)$",
    re.I,
)
BYLINE = re.compile(r"^(by|written by|author:?)\s+\S", re.I)


def archive_name(raw: bytes, folder: Path) -> str:
    """``NNN_<first 16 hex digits of the SHA-256>.txt``, NNN one more than the highest in use."""
    numbers = [int(m.group(1)) for p in folder.glob("*.txt") if (m := ARCHIVE_NAME.match(p.name))]
    number = max(numbers, default=-1) + 1
    return f"{number:03d}_{hashlib.sha256(raw).hexdigest()[:16]}.txt"


def suggest_kind(text: str, number: int, title_number: int = 1) -> str | None:
    """The `excluded` kind a paragraph probably is, from its form alone (None: it may state something)."""
    if FURNITURE.match(text.strip().rstrip(".!")):
        return "furniture"
    if BYLINE.match(text.strip()) and len(text.split()) <= 14:
        return "byline"
    if number == title_number:
        return "title"
    words = text.split()
    if len(words) <= 8 and not text.rstrip().endswith((".", "!", "?", ":", ";", ",", '"', "”")):
        return "heading"
    return None


REASONS = {
    "title": "Title of the text, shown in the source metadata.",
    "heading": "Section heading.",
    "furniture": "Page furniture of the captured web page.",
    "byline": "Byline: who wrote it and when, shown in the source metadata.",
}


def quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def metadata(source_id: str, name: str, raw: bytes, text: str) -> str:
    paragraphs = split_paragraphs(text)
    # the title: the first paragraph that is not page furniture ("Top of page", "Share")
    first = next((p for p in paragraphs if not FURNITURE.match(p.text.strip().rstrip(".!"))), None)
    title = first.text[:200] if first else source_id
    cyrillic = sum("\u0400" <= c <= "\u04ff" for c in text)
    language = "ru" if cyrillic > len(text) / 4 else "en"
    out = [
        "# yaml-language-server: $schema=../schema/source.schema.json",
        f"id: {source_id}",
        "staged: true                   # remove when every paragraph is cited or excluded (make check)",
        f"file: {name}",
        f"sha256: {hashlib.sha256(raw).hexdigest()}",
        f"title: {quoted(title)}   # check: the first paragraph that is not page furniture",
        "authors: []                    # actor ids (add the actors to data/actors.yaml first)",
        "# publisher: actor-id",
        "# url: https://…               # the original address, if known",
        "published:",
        "  precision: not-stated        # day | month | year | not-stated; with a `date:` unless not-stated",
        '  # inferred: "2023-08"        # not-stated only: a date worked out, with `evidence:`',
        '  # after: "2023"              # not-stated only: or a lower bound, with `evidence:`',
        "  # evidence: The latest event the text reports is …",
        f"language: {language}                   # check",
    ]
    title_number = first.number if first else 0
    suggested = [(p, kind) for p in paragraphs if (kind := suggest_kind(p.text, p.number, title_number))]
    if suggested:
        out += ["# Suggested from each line's form alone: keep only those that state nothing.", "excluded:"]
        for paragraph, kind in suggested:
            out += [
                f"  - text: {quoted(paragraph.text)}   # p{paragraph.number}",
                f"    kind: {kind}",
                f"    reason: {quoted(REASONS[kind])}",
            ]
    out += ["", f"# The {len(paragraphs)} paragraphs, as numbered on the source page (for `paragraph: N`):"]
    out += [f"# p{p.number}: {p.text[:100]}{'…' if len(p.text) > 100 else ''}" for p in paragraphs]
    return "\n".join(out) + "\n"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path, help="the document to archive (plain UTF-8 text)")
    parser.add_argument("id", help="the source id: a readable slug, e.g. viasna-report-2023-08")
    parser.add_argument("--sources", type=Path, default=SOURCES, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    folder: Path = args.sources

    def fail(message: str, fix: str) -> int:
        print(f"new-source: {message}\n    fix: {fix}", file=sys.stderr)
        return 1

    if not re.match(ID_PATTERN, args.id):
        return fail(f"{args.id!r} is not a valid id", "use lowercase letters, digits and single hyphens")
    if not args.file.is_file():
        return fail(f"{args.file} is not a file", "give the path of the document as FILE=")
    meta = folder / f"{args.id}.yaml"
    if meta.exists():
        return fail(f"{meta.relative_to(folder.parent.parent)} already exists", "choose another ID")
    raw = args.file.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return fail(f"{args.file} is not UTF-8 text (byte {error.start})", "convert it to UTF-8 text first")
    if raw.startswith(b"\xef\xbb\xbf"):
        return fail(f"{args.file} starts with a byte-order mark", "save it as UTF-8 without BOM")
    digest = hashlib.sha256(raw).hexdigest()
    for existing in folder.glob("*.txt"):
        if hashlib.sha256(existing.read_bytes()).hexdigest() == digest:
            return fail(f"this document is already archived as {existing.name}", "cite that source instead")
    name = archive_name(raw, folder)
    (folder / name).write_bytes(raw)
    meta.write_text(metadata(args.id, name, raw, text), encoding="utf-8")
    add_row(folder / RIGHTS_FILE, name, args.id)
    count = len(split_paragraphs(text))
    shown = folder.relative_to(folder.parent.parent) if folder.is_relative_to(ROOT) else folder
    print(f"archived {shown}/{name} (SHA-256 {digest[:16]}…, {count} paragraphs)")
    print(
        f"wrote {shown}/{args.id}.yaml, marked staged: fill in title, authors, publisher, url and "
        f"published, check the suggested exclusions, then cite the paragraphs (make suggest SOURCE={args.id})"
    )
    print(f"added its row to {shown}/{RIGHTS_FILE}: name the publisher there once it is known")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
