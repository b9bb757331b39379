"""A reader in a real browser (Debian Chromium via Playwright) against a local server."""

from __future__ import annotations

import re
from pathlib import Path
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
    note_id = reference.get_attribute("href").split("#")[-1]
    link = page.locator(f'[id="{note_id}"] a.kb-cite')
    href = link.get_attribute("href")
    expected = re.search(r"#(p\d+):~:text=", href).group(1)
    link.click()
    page.wait_for_url(re.compile(r"/sources/"))
    page.wait_for_function(
        f"document.getElementById('{expected}').getBoundingClientRect().top < window.innerHeight"
    )
    paragraph = page.locator(f"#{expected}")
    assert paragraph.locator("mark").count() >= 1
    assert page.evaluate("location.hash") == f"#{expected}"  # the browser strips the :~:text directive
    first_words = unquote(re.search(r":~:text=([^,&]+)", href).group(1))
    assert first_words in " ".join(paragraph.locator("mark").all_inner_texts())
    assert page.errors == []
    assert all(url.startswith(server) or url.startswith("data:") for url in page.requests)


PAGES = ["", "military/", "actors/lukashenko/", "sources/pism-belarus-reaction/", "timeline/", "places/"]


@pytest.mark.parametrize("path", PAGES, ids=["home", "topic", "actor", "source", "timeline", "places"])
def test_page_is_clean_local_and_accessible(page, server, path):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(f"{server}/{path}")
    page.wait_for_load_state("networkidle")
    assert page.errors == []
    assert page.requests and all(url.startswith(server) for url in page.requests), page.requests
    violations = Axe().run(page).response["violations"]
    serious = [
        (v["id"], v["impact"], len(v["nodes"])) for v in violations if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


def test_kind_filter_hides_and_shows_claims(page, server):
    page.goto(f"{server}/scenarios/")
    button = page.locator(".kb-filter button[data-kind='scenario']")
    claims = page.locator(".kb-claim[data-kind='scenario']")
    assert claims.count() > 0 and claims.first.is_visible()
    button.click()
    assert button.get_attribute("aria-pressed") == "false"
    assert not claims.first.is_visible()
    assert page.locator(".kb-claim[data-kind='assessment']").first.is_visible()
    button.click()
    assert claims.first.is_visible()


def test_search_for_a_claim_phrase_finds_its_page(page, server):
    page.goto(f"{server}/")
    page.locator(".md-search__input").click()
    page.locator(".md-search__input").press_sequentially("Homyel", delay=30)
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=10000)
    hrefs = [results.nth(i).get_attribute("href") for i in range(results.count())]
    assert any("diplomacy/" in href for href in hrefs), hrefs


def test_hostile_yaml_renders_as_text_and_runs_nothing(browser, project, tmp_path):
    import subprocess
    import sys as _sys

    from conftest import build, free_port

    actors = project / "data" / "actors.yaml"
    actors.write_text(
        actors.read_text().replace(
            "name: Vladimir Putin", 'name: "<img src=x onerror=alert(1)> <script>alert(2)</script>"'
        )
    )
    out = tmp_path / "site"
    run = build(project, out)
    assert run.returncode == 0, run.stdout + run.stderr
    port = free_port()
    server = subprocess.Popen(
        [_sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(out)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        context = browser.new_context()
        page = context.new_page()
        dialogs = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for path in ("actors/putin/", "military/", "actors/"):
            for _ in range(50):
                try:
                    page.goto(f"http://127.0.0.1:{port}/{path}")
                    break
                except Exception:  # the server is still starting
                    page.wait_for_timeout(100)
            page.wait_for_load_state("networkidle")
        page.goto(f"http://127.0.0.1:{port}/actors/putin/")
        assert "<img src=x onerror=alert(1)>" in page.locator("h1").inner_text()
        assert page.locator("h1 img, h1 script").count() == 0
        assert dialogs == []
        context.close()
    finally:
        server.terminate()
        server.wait(timeout=5)


def test_timeline_filter_hides_dots_and_list_items_of_a_topic(page, server):
    page.goto(f"{server}/timeline/")
    dots = page.locator(".kb-timeline .kb-event[data-topic='sanctions']")
    items = page.locator(".kb-claim[data-topic='sanctions']")
    assert dots.count() > 0 and items.count() > 0
    assert dots.first.is_visible()
    page.locator(".kb-filter button[data-topic='sanctions']").click()
    assert not dots.first.is_visible() and not items.first.is_visible()
    assert page.locator(".kb-timeline .kb-event[data-topic='military']").first.is_visible()
    page.locator(".kb-filter button[data-kind='fact']").click()
    assert not page.locator(".kb-timeline .kb-event[data-kind='fact']").first.is_visible()
    assert page.errors == []


def test_timeline_dot_opens_its_claim(page, server):
    page.goto(f"{server}/timeline/")
    dot = page.locator(".kb-timeline .kb-event[data-kind]").first  # a claim's own mark
    target = dot.get_attribute("href")
    dot.click()
    page.wait_for_url(re.compile(re.escape(target.split("#")[0].lstrip("./").lstrip("/")) + ".*#c-"))
    claim_id = target.split("#")[1]
    assert page.locator(f"[id='{claim_id}']").is_visible()


def test_relationship_diagram_edge_opens_the_backing_claim(page, server):
    page.goto(f"{server}/relations/")
    edge = page.locator(".kb-graph a.kb-edge").first
    target = edge.get_attribute("href")
    claim_id = target.split("#")[1]
    edge.dispatch_event("click")
    page.wait_for_url(re.compile(f"#{claim_id}$"))
    claim = page.locator(f"[id='{claim_id}']")
    assert claim.is_visible() and claim.locator("a.footnote-ref").count() >= 1
    page.goto(f"{server}/actors/lukashenko/")
    assert page.locator(".kb-graph a.kb-node").count() >= 2


def test_a_download_is_served_and_parses(page, server):
    import json as _json

    page.goto(f"{server}/data/")
    link = page.locator("a[href$='downloads/kb.json']").first
    with page.expect_download() as download_info:
        link.click(modifiers=["Alt"])  # Alt-click asks the browser to download the link
    path = download_info.value.path()
    document = _json.loads(Path(path).read_text(encoding="utf-8"))
    assert document["claims"] and document["sources"]


def test_cite_this_copies_a_citation(browser, server):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(f"{server}/sanctions/")
    page.locator(".kb-claim .kb-how > summary").first.click()  # "How we know" holds the button
    button = page.locator(".kb-claim .kb-cite-this").first
    button.click()
    page.wait_for_function("document.querySelector('.kb-cite-this').textContent === 'Copied'")
    text = page.evaluate("navigator.clipboard.readText()")
    assert "Sources:" in text and "In: Belarus in Russia" in text and "/sanctions/#c-" in text
    context.close()
