"""Who holds the rights in each part of what the site publishes, said once and used wherever a
licence is stated (the footer and the Data page say the same in prose): our own words and the
data's structure are CC BY 4.0; the quotes and the archived texts stay their publishers'.
"""

from __future__ import annotations

from typing import Any

LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
OURS = (
    "Our own words (claims, overviews, notes, roles, thread notes) and the data's structure (ids, "
    "dates, kinds, actors, relations, threads, fields) are licensed under CC BY 4.0."
)
THEIRS = (
    "The quotes (the `quote` of each citation) and the archived source texts are their publishers' "
    "and authors'. They are reproduced only so that readers can verify each claim; this project "
    "does not license them, and CC BY 4.0 does not cover them."
)
QUOTE_FIELD = (
    "A verbatim passage of a source: its publishers' and authors', reproduced so that readers can "
    "verify the claim; not covered by CC BY 4.0."
)
REMOVAL = (
    "A publisher or author who wants a text or its quotes taken down asks through the project's "
    "issue tracker (or its maintainers); the source is then shown as quoted passages only, or "
    "withdrawn with the claims that cite it."
)


def statement() -> dict[str, Any]:
    """The rights as kb.json states them."""
    return {"licence": LICENCE["path"], "licensed": OURS, "not_licensed": THEIRS}


def licence_for(columns_with_quotes: bool) -> dict[str, str]:
    """A Data Package licence entry: CC BY 4.0, scoped when the file holds quotes."""
    if not columns_with_quotes:
        return dict(LICENCE)
    return {**LICENCE, "title": LICENCE["title"] + ", for every column except `quote` (see its `rights`)"}
