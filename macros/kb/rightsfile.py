"""data/sources/RIGHTS.md: one row per archived text, saying whose text it is.

The archived texts are third-party publications; RIGHTS.md tells a reader that this project
claims no right in them, and its table lists each file with its source and publisher. A text
without a row is published without that notice, so `make check` (and `make build`) fail on it;
`make new-source` writes the row.
"""

from __future__ import annotations

import re
from pathlib import Path

from .errors import Problem

RIGHTS_FILE = "RIGHTS.md"
ROW = re.compile(
    r"^\|\s*(?P<file>[^|`\s]+\.txt)\s*\|\s*(?P<source>[^|]*?)\s*\|\s*(?P<publisher>[^|]*?)\s*\|\s*$"
)
SEE = re.compile(r"see `(?P<id>[a-z0-9-]+)\.yaml`")
UNRECORDED = "not yet recorded: see the source's `publisher:`"


def row(archive: str, source_id: str, publisher: str = UNRECORDED) -> str:
    """The table row of one archived text."""
    return f"| {archive} | see `{source_id}.yaml` | {publisher} |"


def add_row(rights: Path, archive: str, source_id: str) -> None:
    """Append the row of a new archived text after the table's last row."""
    lines = rights.read_text(encoding="utf-8").splitlines() if rights.is_file() else []
    last = max((n for n, line in enumerate(lines) if ROW.match(line)), default=None)
    if last is None:  # no table yet: start one at the end
        lines += ["", "| file | source | publisher |", "| --- | --- | --- |"]
        last = len(lines) - 1
    lines.insert(last + 1, row(archive, source_id))
    rights.write_text("\n".join(lines) + "\n", encoding="utf-8")


def problems(sources: Path, archives: dict[str, str]) -> list[Problem]:
    """RIGHTS.md against the archived texts: `archives` maps each archived file name to the id of
    the source that archives it. Every text has one row naming its source; no row names a file
    that is not archived."""
    path = sources / RIGHTS_FILE
    shown = f"data/sources/{RIGHTS_FILE}"
    if not path.is_file():
        return [
            Problem(
                shown,
                1,
                "the file listing the rights in the archived texts is missing",
                "restore it (git checkout data/sources/RIGHTS.md)",
            )
        ]
    lines = path.read_text(encoding="utf-8").splitlines()
    found: list[Problem] = []
    rows: dict[str, int] = {}
    table_end = 0
    for number, line in enumerate(lines, start=1):
        match = ROW.match(line)
        if not match:
            continue
        table_end = number
        archive = match["file"]
        if archive in rows:
            found.append(
                Problem(
                    shown,
                    number,
                    f"{archive} has a second row (the first is at line {rows[archive]})",
                    "keep one row per archived text",
                )
            )
            continue
        rows[archive] = number
        if archive not in archives:
            found.append(
                Problem(
                    shown,
                    number,
                    f"the row names {archive}, which is not an archived source text",
                    "remove the row, or correct the file name (ls data/sources/*.txt)",
                )
            )
            continue
        source_id = archives[archive]
        see = SEE.search(match["source"])
        if not see or see["id"] != source_id:
            found.append(
                Problem(
                    shown,
                    number,
                    f"the row of {archive} does not name its source `{source_id}.yaml`",
                    f"write `see \\`{source_id}.yaml\\`` in the source column",
                )
            )
        if not match["publisher"]:
            found.append(
                Problem(
                    shown,
                    number,
                    f"the row of {archive} names no publisher",
                    "name the publisher, or write `not stated in the text`",
                )
            )
    for archive, source_id in sorted(archives.items()):
        if archive not in rows:
            found.append(
                Problem(
                    shown,
                    table_end or len(lines),
                    f"{archive} (source `{source_id}`) has no row in the table of archived texts",
                    f"add the row `{row(archive, source_id)}` below line {table_end or len(lines)}, "
                    "with its publisher (make new-source writes it)",
                )
            )
    return found
