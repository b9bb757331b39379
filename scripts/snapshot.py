"""Write the snapshot of a release: data/releases/<VERSION>.yaml, every claim, relation,
thread and topic of the data as it is now, with its words and a digest (kb.history).

Run it when a release is cut, on the release's commit:

    .venv/bin/python scripts/snapshot.py 1.2.0

`--data DIR` reads another copy of data/ (the data of a past commit, exported with
`git archive`), and `--out FILE` writes elsewhere.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "macros"))

from kb import history
from kb.errors import DataError
from kb.yamlsafe import read_yaml


def release_date(data_dir: Path, version: str) -> str:
    """The release's date in releases.yaml, or "not yet dated"."""
    path = data_dir / history.RELEASES_FILE
    if path.is_file():
        for item in read_yaml(path, "data/releases.yaml") or []:
            if isinstance(item, dict) and item.get("version") == version and item.get("date"):
                return str(item["date"])
    return "not yet dated"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("version", help="the release's version, MAJOR.MINOR.PATCH")
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="the data folder (default: data/)")
    parser.add_argument("--out", type=Path, help="where to write (default: data/releases/<version>.yaml)")
    parser.add_argument(
        "--date", help="the release's date, for the file's heading (default: releases.yaml's)"
    )
    args = parser.parse_args(argv)
    try:
        snap = history.snapshot(args.data, args.version)
        date = args.date or release_date(args.data, args.version)
    except DataError as error:
        print(error.report())
        return 1
    out = args.out or ROOT / "data" / history.RELEASES_DIR / f"{args.version}.yaml"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(history.dump(snap, date), encoding="utf-8")
    counts = ", ".join(f"{len(getattr(snap, kind))} {kind}" for kind in history.KINDS)
    print(f"wrote {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}: {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
