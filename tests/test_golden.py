"""Golden files: the exact pages and downloads made from the fixture knowledge base.

Each expected output sits in tests/golden/. After a deliberate change, regenerate them with
`.venv/bin/python -m pytest tests/test_golden.py --update-golden` and review the diff.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURE_DATA, ROOT
from kb import exports, pages
from kb.load import load
from kb.settings import Settings
from kb.site import Site

GOLDEN = ROOT / "tests" / "golden"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Site:
    data = Path(shutil.copytree(FIXTURE_DATA, tmp_path_factory.mktemp("golden") / "data"))
    shutil.copytree(ROOT / "data" / "schema", data / "schema")
    return Site(load(data), Settings(page_size=1))  # one claim a page: every list is paged


def check(request, name: str, actual: str) -> None:
    path = GOLDEN / name
    if request.config.getoption("--update-golden"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    assert path.is_file(), f"no golden file {name}: run pytest with --update-golden and review it"
    expected = path.read_text(encoding="utf-8")
    assert actual == expected, f"{name} differs from tests/golden/{name} (--update-golden regenerates it)"


PAGES = {
    "military.md": lambda s, links: pages.topic_claims(s.kb, links, s.urls.topic_listings["military"], 1),
    "sanctions-table.md": lambda s, links: pages.sanctions_table(
        s.kb, links, s.urls.topic_listings["sanctions"]
    ),
    "timeline.md": lambda s, links: pages.timeline(s.kb, links, s.urls.timeline, 1),
    "actors.md": lambda s, links: pages.actor_index(s.kb, links, s.urls.actor_index, 1),
    "sources.md": lambda s, links: pages.source_index(s.kb, links),
    "index.md": lambda s, links: pages.topic_list(s.kb, links),
}


@pytest.mark.parametrize("name", sorted(PAGES))
def test_hand_written_pages_macros(request, site, name):
    check(request, f"pages/{name}", PAGES[name](site, site.urls.links(name)))


def test_generated_pages(request, site):
    """Every generated page and file (archived texts and schemas apart), exactly."""
    docs = ROOT / "docs"
    for src, content in site.generated_files(docs):
        if src.startswith(("sources/raw/", "downloads/")):
            continue
        assert isinstance(content, str)
        check(request, f"generated/{src}", content)


@pytest.mark.parametrize(
    "export", [e for e in exports.EXPORTS if not e.name.startswith("schema/")], ids=lambda e: e.name
)
def test_exports(request, site, export):
    content = site.downloads[export.name]
    assert isinstance(content, str)
    if export.name == "kb.json":
        assert "\n" not in content.rstrip("\n")  # compact: one line
        content = json.dumps(json.loads(content), indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    check(request, f"downloads/{export.name}", content)


def test_every_export_is_described():
    assert all(e.description.strip() for e in exports.EXPORTS)
    names = [e.name for e in exports.EXPORTS]
    assert len(names) == len(set(names))
    with pytest.raises(ValueError, match="needs a description"):
        exports.Export("new.csv", " ", "text/csv", lambda kb, urls, publish: "")
