"""Pages left out of the search index whole lose nothing search would have kept but their title;
pages that hold searchable text stay in it. (Material's search parses each page it indexes, so a
page left out costs no parsing.)"""

from __future__ import annotations

import shutil
from pathlib import Path

import markdown
import pytest
import yaml
from material.plugins.search.plugin import Parser

from conftest import FIXTURE_DATA, ROOT
from kb.fragments import finish_page
from kb.load import load
from kb.settings import Settings
from kb.site import Site

EXTENSIONS = ["attr_list", "footnotes", "md_in_html", "tables", "toc"]  # as in mkdocs.yml


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> dict[str, tuple[dict, str]]:
    """src → (front matter, Markdown) of every generated page, one claim a page: every list paged."""
    data = Path(shutil.copytree(FIXTURE_DATA, tmp_path_factory.mktemp("search") / "data"))
    shutil.copytree(ROOT / "data" / "schema", data / "schema")
    site = Site(load(data), Settings(page_size=1))
    pages = {}
    for src, content in site.generated_files(ROOT / "docs"):
        if src.endswith(".md"):
            assert isinstance(content, str)
            _, head, body = content.split("---\n", 2)
            pages[src] = (yaml.safe_load(head), body)
    return pages


def searched_text(body: str) -> list[tuple[str, str]]:
    """(title, text) of each section Material's search would index from the page's Markdown
    (finished as the hook finishes every page's HTML before search reads it)."""
    parser = Parser()
    parser.feed(finish_page(markdown.markdown(body, extensions=EXTENSIONS), "page/", "/"))
    parser.close()
    return [("".join(s.title).strip(), "".join(s.text).strip()) for s in parser.data if not s.is_excluded()]


def test_pages_left_out_of_search_held_only_their_title(generated):
    left_out = {
        src: body for src, (meta, body) in generated.items() if (meta.get("search") or {}).get("exclude")
    }
    assert any("/page-" in src for src in left_out)  # continued pages of the timeline, actors, places
    for src, body in left_out.items():
        sections = searched_text(body)
        assert [text for _, text in sections if text] == [], src
        assert len([title for title, _ in sections if title]) <= 1, src


def test_continued_topic_pages_stay_searched(generated):
    continued = [
        (src, body)
        for src, (meta, body) in generated.items()
        if "/page-" in src and not src.startswith(("actors/", "places/", "timeline/"))
    ]
    assert continued  # one claim a page: every topic with two claims has a page 2
    for src, body in continued:
        assert not (generated[src][0].get("search") or {}).get("exclude"), src
        assert any(text for _, text in searched_text(body)), src
