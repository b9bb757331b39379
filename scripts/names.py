"""Regenerate the romanised names in data/reference/names.yaml and places.yaml.

Each record's `names:` list holds forms typed from public records (no `system`) and forms this
script writes (with `system`): every Belarusian, Russian and Ukrainian form is romanised in each
system of macros/kb/romanise.py. Hand-typed forms are kept in their order; generated ones are
replaced. The files are rewritten in one fixed layout, so run this after editing them.

    python scripts/names.py          # rewrite the files
    python scripts/names.py --check  # exit 1 if a file differs from what this script writes
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "macros"))

from kb import romanise
from kb.yamlsafe import read_yaml

FILES = {
    "names.yaml": "Names of actors in other scripts and languages, keyed by actor id.",
    "places.yaml": "The places the sources name: a gazetteer.",
}
HEADER = """\
# {what}
# Reference data, not claims: every form says where it comes from (`origin`).
# Forms with `system` are romanisations written by scripts/names.py from the Belarusian (be),
# Russian (ru) and Ukrainian (uk) forms; edit the others and run `python scripts/names.py`.
"""
NAME_KEYS = ("text", "lang", "historical", "system", "from", "origin")


def scalar(value) -> str:
    """One value as YAML inside a flow collection, quoted only where YAML needs it."""
    dumped = yaml.safe_dump([value], default_flow_style=True, allow_unicode=True, width=1 << 20)
    return dumped.strip()[1:-1]


def generated_names(hand: list[dict], record: dict, place: bool) -> list[dict]:
    """Every current standard Belarusian, Russian and Ukrainian form in each system that applies
    to the record (historical and Taraškievica forms are not romanised)."""
    out = []
    for entry in hand:
        lang = entry["lang"]
        if lang not in romanise.NATIVE_LANGS or entry.get("historical"):
            continue
        systems = romanise.systems_for(
            lang, record.get("country"), tuple(record.get("citizenship") or ()), place=place
        )
        for system in systems:
            out.append(
                {
                    "text": romanise.romanise(entry["text"], lang, system),
                    "lang": f"{lang}-Latn",
                    "system": system,
                    "from": entry["text"],
                    "origin": romanise.origin(lang, system),
                }
            )
    return out


def name_line(entry: dict) -> str:
    keys = [k for k in NAME_KEYS if k in entry] + [k for k in entry if k not in NAME_KEYS]
    return "    - {" + ", ".join(f"{k}: {scalar(entry[k])}" for k in keys) + "}"


def render_record(record: dict, place: bool) -> list[str]:
    lines = []
    for index, (key, value) in enumerate(record.items()):
        lead = "- " if index == 0 else "  "
        if key == "names":
            hand = [dict(e) for e in value if "system" not in e]
            lines.append(f"{lead}names:")
            lines += [name_line(e) for e in hand + generated_names(hand, record, place)]
        elif isinstance(value, list):
            lines.append(f"{lead}{key}: [" + ", ".join(scalar(v) for v in value) + "]")
        elif isinstance(value, dict):
            lines.append(f"{lead}{key}: {{" + ", ".join(f"{k}: {scalar(v)}" for k, v in value.items()) + "}")
        else:
            lines.append(f"{lead}{key}: {scalar(value)}")
    return lines


def render(path: Path) -> str:
    records = read_yaml(path, f"data/reference/{path.name}") or []
    lines = [HEADER.format(what=FILES[path.name]).rstrip("\n")]
    for record in records:
        lines += render_record(record, place=path.name == "places.yaml")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report files that are out of date")
    parser.add_argument("--data", type=Path, default=ROOT / "data", help="the data folder")
    args = parser.parse_args(argv)
    stale = []
    for name in FILES:
        path = args.data / "reference" / name
        if not path.exists():
            continue
        text = render(path)
        if path.read_text(encoding="utf-8") != text:
            stale.append(path)
            if not args.check:
                path.write_text(text, encoding="utf-8")
    if args.check and stale:
        for path in stale:
            print(
                f"{path}: out of date; run `python scripts/names.py` and commit the result", file=sys.stderr
            )
        return 1
    if not args.check:
        print(f"{len(stale)} file(s) rewritten")
    return 0


if __name__ == "__main__":
    sys.exit(main())
