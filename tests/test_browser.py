"""A reader in a real browser (Debian Chromium via Playwright) against a local server."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest



@pytest.fixture
def page(browser, server):
    context = browser.new_context()
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    page.errors = []
    page.on("console", lambda msg: page.errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    yield page
    context.close()


def test_search_an_alias_open_the_actor_follow_a_footnote_to_the_highlighted_passage(page, server):
    page.goto(server + "/")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator(".md-search__input").press_sequentially("Lukashenka", delay=30)
    result = page.locator(".md-search-result__item a[href*='actors/lukashenko/']").first
    result.wait_for(timeout=10000)
    result.click()
    page.wait_for_url(re.compile(r"/actors/lukashenko/"))
    assert page.locator("h1").inner_text().rstrip("¶") == "Alexander Lukashenko"
    assert "Lukashenka" in page.locator(".kb-actor-facts").inner_text()

    reference = page.locator("a.footnote-ref").first
    reference.hover()
    tooltip = page.locator(".md-tooltip2, .md-tooltip").filter(has=page.locator("a.kb-cite")).first
    tooltip.wait_for(timeout=5000)
    reference.click()
    note_id = reference.get_attribute("href").lstrip("#")
    link = page.locator(f'[id="{note_id}"] a.kb-cite')
    href = link.get_attribute("href")
    expected = re.search(r"#(p\d+):~:text=", href).group(1)
    link.click()
    page.wait_for_url(re.compile(r"/sources/"))
    page.wait_for_function(f"document.getElementById('{expected}').getBoundingClientRect().top < window.innerHeight")
    paragraph = page.locator(f"#{expected}")
    assert paragraph.locator("mark").count() >= 1
    assert page.evaluate("location.hash") == f"#{expected}"  # the browser strips the :~:text directive
    first_words = unquote(re.search(r":~:text=([^,&]+)", href).group(1))
    assert first_words in " ".join(paragraph.locator("mark").all_inner_texts())
    assert page.errors == []
    assert all(url.startswith(server) or url.startswith("data:") for url in page.requests)
