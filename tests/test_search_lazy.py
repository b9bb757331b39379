"""Browser tests of docs/assets/search-lazy.js: a cold visit fetches neither the search index nor
the search worker; opening search fetches both, and the first query typed straight away is
answered."""

from __future__ import annotations

import pytest

PAGES = ["", "military/", "sources/pism-belarus-reaction/"]
# What a cold visit weighs is a target, measured by `make bench` (largest page) and `make lighthouse`,
# not asserted here: a contributor's valid data must never fail a test by its size.


def is_search_asset(url: str) -> bool:
    return "search/search_index.json" in url or "/workers/search." in url


@pytest.fixture
def page(browser):
    context = browser.new_context()
    page = context.new_page()
    page.bodies = {}

    def record(response):
        try:
            page.bodies[response.url] = len(response.body())
        except Exception:  # a redirect has no body
            page.bodies[response.url] = 0

    page.on("response", record)
    yield page
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_cold_visit_fetches_no_search_index(page, server, path):
    page.goto(f"{server}/{path}", wait_until="load")
    page.wait_for_timeout(1000)  # Material's bundle would have started the fetch by now
    fetched = [url for url in page.bodies if is_search_asset(url)]
    assert fetched == []


def test_typing_right_after_opening_search_finds_results(page, server):
    page.goto(f"{server}/military/", wait_until="load")
    box = page.locator(".md-search__input")
    box.click()
    box.press_sequentially("Lukashenko")
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    assert any("search/search_index.json" in url for url in page.bodies)
    first = page.locator(".md-search-result__item").first.inner_text()
    assert "lukashenk" in first.lower()


def test_keyboard_shortcut_opens_search_and_loads_the_index(page, server):
    page.goto(f"{server}/", wait_until="load")
    page.keyboard.press("/")
    page.keyboard.type("Minsk", delay=30)
    page.wait_for_selector(".md-search-result__item", timeout=15000)
    assert any("search/search_index.json" in url for url in page.bodies)


def test_page_opened_from_a_result_highlights_at_once(page, server):
    page.goto(f"{server}/military/?h=lukashenko", wait_until="load")
    page.wait_for_selector("mark[data-md-highlight]", timeout=15000)
    assert any("search/search_index.json" in url for url in page.bodies)
