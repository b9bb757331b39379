"""Long lists continue on further pages, and every link still lands (kb_page_size in mkdocs.yml)."""

from __future__ import annotations

import shutil

from bs4 import BeautifulSoup

from conftest import ROOT, build, copy_project
from kb.load import load
from kb.sitecheck import Site, broken_links, citation_problems


def test_small_pages_split_every_long_list_and_keep_links_whole(tmp_path):
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("extra:\n", "extra:\n  kb_page_size: 10\n", 1))
    out = tmp_path / "site"
    run = build(project, out)
    assert run.returncode == 0, run.stdout + run.stderr

    kb = load(ROOT / "data", page_size=10)
    military = kb.claims_in("military")
    assert len(military) > 20
    last = military[-1]
    assert last.part == (len(military) - 1) // 10 + 1
    page = out / "military" / f"page-{last.part}" / "index.html"
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


def test_default_page_size_keeps_each_real_topic_on_one_page_under_100_kb(site):
    kb = load(ROOT / "data")
    for topic in kb.topics:
        stem = topic.page.removesuffix(".md")
        assert not (site / stem / "page-2").exists()
        assert (site / stem / "index.html").stat().st_size < 100_000, stem
