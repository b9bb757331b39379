"""Reading on a phone and on paper, and landing where a link points: browser tests."""

from __future__ import annotations

import re

import pytest

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


@pytest.fixture
def new_page(browser):
    contexts = []

    def make(viewport=DESKTOP):
        context = browser.new_context(viewport=viewport)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def test_a_claim_permalink_highlights_the_claim(new_page, server):
    page = new_page()
    page.goto(f"{server}/military/", wait_until="load")
    claim_id = page.locator(".kb-claim[id]").nth(5).get_attribute("id")
    page.goto(f"{server}/military/#{claim_id}", wait_until="load")
    page.wait_for_function(
        f"document.querySelector(':target') && document.querySelector(':target').id === '{claim_id}'"
    )
    style = page.locator(f"#{claim_id}").evaluate("e => getComputedStyle(e).outlineStyle")
    other = page.locator(".kb-claim[id]").first.evaluate("e => getComputedStyle(e).outlineStyle")
    assert style == "solid" and other == "none"


def test_a_citation_lands_on_a_marked_paragraph(new_page, server):
    page = new_page()
    page.goto(f"{server}/military/", wait_until="load")
    href = page.locator("a.kb-cite").first.get_attribute("href")
    assert ":~:text=" in href
    page.goto(
        f"{server}/military/{href}" if not href.startswith("/") else f"{server}{href}", wait_until="load"
    )
    anchor = href.split("#")[1].split(":~:")[0]
    page.wait_for_function(f"document.getElementById('{anchor}').classList.contains('kb-landed')")
    outline = page.locator(f"#{anchor}").evaluate("e => getComputedStyle(e).outlineStyle")
    assert outline == "solid"
    rules = page.evaluate("""() => [...document.styleSheets].flatMap(s => { try { return [...s.cssRules] }
                             catch (e) { return [] } }).map(r => r.cssText).filter(t => t.includes('::target-text'))""")
    assert rules, "the text fragment's highlight has its own colour"


def test_on_a_phone_a_footnote_opens_in_place(new_page, server):
    page = new_page(PHONE)
    page.goto(f"{server}/military/", wait_until="load")
    ref = page.locator(".kb-claim a.footnote-ref").nth(3)
    ref.scroll_into_view_if_needed()
    before = page.evaluate("window.scrollY")
    ref.click()
    preview = page.locator(".kb-preview")
    assert preview.count() == 1 and preview.is_visible()
    assert "\u201c" in preview.inner_text()  # the quoted passage
    assert abs(page.evaluate("window.scrollY") - before) < 200  # no jump to the notes
    page.locator(".kb-preview__close").click()
    assert page.locator(".kb-preview").count() == 0


def test_on_a_desktop_a_footnote_keeps_its_link(new_page, server):
    page = new_page()
    page.goto(f"{server}/military/", wait_until="load")
    page.locator(".kb-claim a.footnote-ref").first.click()
    assert page.locator(".kb-preview").count() == 0


def test_print_has_no_buttons_and_short_citations(new_page, server):
    page = new_page()
    page.goto(f"{server}/military/", wait_until="load")
    page.emulate_media(media="print")
    assert not page.locator(".kb-cite-this").first.is_visible()
    assert not page.locator(".kb-permalink").first.is_visible()
    after = page.locator("a.kb-cite").first.evaluate("e => getComputedStyle(e, '::after').content")
    assert re.search(r"sources/[a-z0-9-]+/#p\d+", after) and "%20" not in after and ":~:" not in after


def test_the_timeline_filter_counts_each_claim_once(new_page, server):
    page = new_page()
    page.goto(f"{server}/timeline/", wait_until="load")
    label = page.locator('.kb-filter__item[data-kind="fact"]').text_content()
    shown = page.locator('.kb-timeline-list .kb-claim[data-kind="fact"]').count()
    assert label == f"Reported facts ({shown})"


def test_the_sanctions_table_reflows_on_a_phone(new_page, server):
    page = new_page(PHONE)
    page.goto(f"{server}/sanctions/", wait_until="load")
    table = page.locator(".kb-sanctions table")
    width = table.evaluate("t => t.getBoundingClientRect().right")
    assert width <= PHONE["width"]
    cells = page.locator(".kb-sanctions td:nth-child(4)").first
    assert cells.is_visible() and cells.evaluate("c => c.getBoundingClientRect().right") <= PHONE["width"]


def test_the_relationship_diagram_cuts_no_label_and_its_lines_stand_out_in_both_palettes(new_page, server):
    page = new_page()
    page.goto(f"{server}/relations/", wait_until="load")
    cut = page.evaluate("""() => { const svg = document.querySelector('figure.kb-graph-wide svg');
        const s = svg.getBoundingClientRect();
        return [...svg.querySelectorAll('.kb-node text')].map(t => t.getBoundingClientRect())
          .filter(b => b.left < s.left - 0.5 || b.right > s.right + 0.5).length; }""")
    assert cut == 0
    for scheme in ("default", "slate"):
        page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
        lowest = page.evaluate("""() => { const lum = c => { const m = c.match(/\\d+(\\.\\d+)?/g).map(Number);
              const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
              return 0.2126 * f(m[0]) + 0.7152 * f(m[1]) + 0.0722 * f(m[2]); };
            const bg = lum(getComputedStyle(document.body).backgroundColor);
            return Math.min(...[...document.querySelectorAll('figure.kb-graph-wide line.kb-rel')].map(l => {
              const a = lum(getComputedStyle(l).stroke); return (Math.max(a, bg) + 0.05) / (Math.min(a, bg) + 0.05); })); }""")
        assert lowest >= 3, (scheme, lowest)
