"""`make release-notes`: write the changes since the last release into data/releases.yaml, under
the next release (the undated one at the top, made if missing), for you to review.

Every claim, relation, thread and topic added, changed or removed since the last release's snapshot
(data/releases/<version>.yaml) is listed; the lists of the next release are written again from
the data each time, its version and summary are kept. Prints what it wrote. `--dry-run` only
prints.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "macros"))

from kb import history
from kb.errors import DataError
from kb.load import load


def block(version: str, summary: str, changes: list[history.Change]) -> str:
    """The YAML of the next release, as it goes at the top of releases.yaml."""
    lists: dict[str, dict[str, list[str]]] = {}
    for change in changes:
        lists.setdefault(change.kind, {}).setdefault(change.side, []).append(change.id)
    record = {"version": version, "summary": summary, **lists}
    text = yaml.safe_dump([record], sort_keys=False, allow_unicode=True, width=100, default_flow_style=None)
    return text


def counted(changes: list[history.Change]) -> str:
    parts = []
    for kind in history.KINDS:
        for side in history.SIDES:
            n = sum(1 for c in changes if (c.kind, c.side) == (kind, side))
            if n:
                noun = history.SINGULAR[kind] + ("s" if n != 1 else "")
                parts.append(f"{n} {noun} {side}")
    return ", ".join(parts)


def rewrite(text: str, new_block: str) -> str:
    """releases.yaml with ``new_block`` in place of the undated release at the top, or above the
    first release when every release has a date."""
    lines = text.splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if line.startswith("- ")]
    if not starts:
        return text + new_block
    first = starts[0]
    end = starts[1] if len(starts) > 1 else len(lines)
    top = "".join(lines[first:end])
    undated = not any(line.startswith("  date:") for line in lines[first:end])
    if undated:
        return "".join(lines[:first]) + new_block + "".join(lines[end:])
    return "".join(lines[:first]) + new_block + top + "".join(lines[end:])


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    parser.add_argument("--dry-run", action="store_true", help="print the entries, change nothing")
    args = parser.parse_args(argv)
    try:
        kb = load(args.data)
    except DataError as error:
        print(error.report())
        print("fix these first: the changes are read from valid data")
        return 1
    if not kb.released:
        print("no release has been cut yet: there is nothing to compare with")
        return 0
    latest = kb.released[0].version
    changes = history.pending(kb.data_dir, kb.releases, kb.snapshots)
    upcoming = [r for r in kb.releases if r.date is None]
    if not changes and not upcoming:
        print(f"nothing changed since {latest}")
        return 0
    version = upcoming[0].version if upcoming else history.next_version(latest)
    summary = upcoming[0].summary if upcoming else f"Not yet released: {counted(changes)} since {latest}."
    new_block = block(version, summary, changes)
    print(f"since {latest}: {counted(changes) or 'no change'}; under {version} (not yet released):\n")
    print(new_block)
    if args.dry_run:
        return 0
    path = kb.data_dir / history.RELEASES_FILE
    path.write_text(rewrite(path.read_text(encoding="utf-8"), new_block), encoding="utf-8")
    print(
        f"wrote these entries into data/{history.RELEASES_FILE}: review them, write the summary "
        "in your words, and commit them with the change"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
