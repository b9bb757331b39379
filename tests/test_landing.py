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
    # claims drawn late (content-visibility) can move the mark once it is scrolled to: let the
    # page settle and scroll to it again, as a reader's eye would follow it
    page.wait_for_timeout(300)
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
    boxes = page.evaluate("""() => { const svg = document.querySelector('figure.kb-graph-wide svg');
        const s = svg.getBoundingClientRect();
        return {svg: [s.left, s.top, s.right, s.bottom], labels: [...svg.querySelectorAll('.kb-node text')]
          .map(t => { const b = t.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; })}; }""")
    left, top, right, bottom = boxes["svg"]
    labels = boxes["labels"]
    assert len(labels) > 10
    cut = [
        b
        for b in labels
        if b[0] < left - 0.5 or b[2] > right + 0.5 or b[1] < top - 0.5 or b[3] > bottom + 0.5
    ]
    assert cut == []
    overlapping = [
        (a, b)
        for i, a in enumerate(labels)
        for b in labels[i + 1 :]
        if a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 0.5 and b[1] < a[3] - 0.5
    ]
    assert overlapping == []
    for scheme in ("default", "slate"):
        page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
        lowest = page.evaluate("""() => { const lum = c => { const m = c.match(/\\d+(\\.\\d+)?/g).map(Number);
              const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
              return 0.2126 * f(m[0]) + 0.7152 * f(m[1]) + 0.0722 * f(m[2]); };
            const bg = lum(getComputedStyle(document.body).backgroundColor);
            const ratio = a => (Math.max(a, bg) + 0.05) / (Math.min(a, bg) + 0.05);
            const lines = [...document.querySelectorAll('figure.kb-graph-wide .kb-rel')]
              .map(l => ratio(lum(getComputedStyle(l).stroke)));
            const swatches = [...document.querySelectorAll('figure.kb-graph-wide .kb-swatch')]
              .map(s => ratio(lum(getComputedStyle(s.querySelector('line')).stroke)));
            return [Math.min(...lines), Math.min(...swatches)]; }""")
        assert min(lowest) >= 3, (scheme, lowest)  # the lines, and the legend's swatches


PICTURE_SIZES = """() => { const out = {texts: [], taps: [], wide: 0};
  for (const svg of document.querySelectorAll('figure svg')) {
    if (svg.getBoundingClientRect().width === 0) continue;  // the other form, hidden at this width
    if (svg.getBoundingClientRect().right > window.innerWidth + 1) out.wide++;
    for (const t of svg.querySelectorAll('text')) { const m = t.getScreenCTM();
      out.texts.push(parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b)); }
    for (const a of svg.querySelectorAll('a')) { const b = a.getBoundingClientRect();
      out.taps.push(Math.min(b.width, b.height)); } }
  return out; }"""


@pytest.mark.parametrize(
    "path", ["timeline/", "relations/", "actors/lukashenko/", "actors/belarus/", "actors/putin/"]
)
def test_on_a_phone_pictures_read_at_10_px_and_take_a_finger(new_page, server, path):
    page = new_page(PHONE)
    page.goto(f"{server}/{path}", wait_until="load")
    sizes = page.evaluate(PICTURE_SIZES)
    texts = sorted(sizes["texts"])
    assert texts, "no picture shown"
    assert texts[len(texts) // 2] >= 10, texts  # the median, in CSS px as drawn
    assert texts[int(0.1 * (len(texts) - 1))] >= 8, texts  # the 10th percentile
    assert min(sizes["taps"]) >= 24, sorted(sizes["taps"])[:5]
    assert sizes["wide"] == 0
