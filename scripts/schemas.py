"""Write the JSON Schema of every record type into data/schema/ (``--check``: compare only).

Editors read these through the ``yaml-language-server`` modeline at the top of each data file;
``kb.schema.json`` describes the downloads/kb.json export. The build publishes them all under
downloads/schema/.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "macros"))

from pydantic import TypeAdapter

from kb import exportschema, schema

SCHEMA_DIR = ROOT / "data" / "schema"


def schemas() -> dict[str, str]:
    out = {}
    for entry in schema.SCHEMA_FILES:
        document = (TypeAdapter(list[entry.model]) if entry.many else TypeAdapter(entry.model)).json_schema()
        document["title"] = entry.title
        out[entry.name] = document
    out["kb.schema.json"] = json.loads(exportschema.export_schema())
    return {
        name: json.dumps(doc, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
        for name, doc in out.items()
    }


def main(argv: list[str]) -> int:
    stale = []
    for name, text in schemas().items():
        path = SCHEMA_DIR / name
        if "--check" in argv:
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            SCHEMA_DIR.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
    if stale:
        print(
            f"data/schema/ is out of date with macros/kb/schema.py: {', '.join(stale)}\n"
            "    fix: run `.venv/bin/python scripts/schemas.py` and commit the result"
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
