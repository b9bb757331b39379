"""Long lists continue on further pages, and every link still lands (kb_page_size in mkdocs.yml)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, build, copy_project
from kb.load import load
from kb.paging import Listing
from kb.sitecheck import Site, broken_links, citation_problems
from kb.urls import Urls


@pytest.fixture(scope="module")
def small_pages(tmp_path_factory) -> Path:
    """The real site built with 10 claims a page."""
    folder = tmp_path_factory.mktemp("small-pages")
    project = copy_project(folder / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("extra:\n", "extra:\n  kb_page_size: 10\n", 1))
    out = folder / "site"
    run = build(project, out)
    assert run.returncode == 0, run.stdout + run.stderr
    return out


def test_small_pages_split_every_long_list_and_keep_links_whole(small_pages):
    out = small_pages
    kb = load(ROOT / "data")
    urls = Urls(kb, 10)
    military = urls.topic_listings["military"].items  # in page order: section by section, by as-of date
    assert len(military) > 20 and sorted(c.id for c in military) == sorted(
        c.id for c in kb.claims_in("military")
    )
    last = military[-1]
    address = urls.claim(last)
    assert address.url == f"military/page-{(len(military) - 1) // 10 + 1}/#c-{last.id}"
    page = out / address.url.split("#")[0] / "index.html"
    soup = BeautifulSoup(page.read_text(), "html.parser")
    assert soup.find(id=f"c-{last.id}") is not None
    assert soup.find("nav", class_="kb-pager") is not None
    first_page = BeautifulSoup((out / "military" / "index.html").read_text(), "html.parser")
    assert len(first_page.find_all(class_="kb-claim")) == 10
    assert (out / "timeline" / "page-2" / "index.html").is_file()
    assert (out / "actors" / "page-2" / "index.html").is_file()
    busiest = max(kb.actors, key=lambda a: len(kb.claims_involving(a)))
    assert (out / "actors" / busiest / "page-2" / "index.html").is_file()

    site = Site(out)
    assert broken_links(site) == []
    checked, problems = citation_problems(site)
    assert problems == [] and checked > 0


def _lands(out: Path, url: str) -> bool:
    """Whether a URL from the site root reaches an existing page (and its anchor, if any)."""
    path, _, anchor = url.partition("#")
    target = out / path / "index.html" if path.endswith("/") or not path else out / path
    if not target.is_file():
        return False
    if not anchor:
        return True
    return BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser").find(id=anchor) is not None


def test_every_address_in_kb_json_lands_when_lists_are_paged(small_pages):
    document = json.loads((small_pages / "downloads" / "kb.json").read_text(encoding="utf-8"))
    urls = [c["url"] for c in document["claims"]]
    urls += [
        cite["url"] for record in document["claims"] + document["actors"] for cite in record["citations"]
    ]
    urls += [a["url"] for a in document["actors"]]
    urls += [u for s in document["sources"] for u in (s["page_url"], s["archive_url"])]
    paged = [u for u in urls if "/page-" in u]
    assert len(paged) > 100  # the claims past the tenth of each long topic
    missing = [u for u in urls if not _lands(small_pages, u)]
    assert missing == [], f"{len(missing)} of {len(urls)} addresses miss, e.g. {missing[:3]}"


def test_a_listing_pages_its_items_in_order():
    listing = Listing("topic", "t", "T", list("abcdefg"), per_page=3)
    assert listing.page_count == 3
    assert [listing.items_on(n) for n in listing.pages()] == [list("abc"), list("def"), ["g"]]
    assert [listing.page_of(x) for x in "acdg"] == [1, 1, 2, 3]
    assert Listing("topic", "t", "T", [], per_page=3).page_count == 1  # an empty list still has its page


def test_a_long_lists_pager_links_the_first_the_last_and_the_nearest_pages():
    from kb.pages import PAGER_ALL, pager, pager_pages

    assert pager_pages(PAGER_ALL, 7) == list(range(1, PAGER_ALL + 1))  # a short list: every page
    assert pager_pages(1094, 1) == [1, 2, 3, 4, 1094]
    assert pager_pages(1094, 500) == [1, 497, 498, 499, 500, 501, 502, 503, 1094]
    assert pager_pages(1094, 1093) == [1, 1090, 1091, 1092, 1093, 1094]
    kb = load(ROOT / "data")
    urls = Urls(kb, 1)  # one claim a page: every list is long
    timeline = urls.timeline
    assert timeline.page_count > PAGER_ALL
    links = urls.links("timeline/page-100.md")
    nav = pager(timeline, 100, links, end=True)
    assert nav.count("{: .kb-page }") == 8 and nav.count("…") == 2
    assert "**page 100**" in nav and "[page 1](../timeline.md)" in nav
    assert f"[page {timeline.page_count}](../timeline/page-{timeline.page_count}.md)" in nav
    assert f"numbered up to {timeline.page_count}; the nearest are at these addresses" in nav
