"""The period selector and the pictures' time, in a real browser (Debian Chromium) against the
real site: what a chosen year leaves on screen is exactly what held or was said in it."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from conftest import ROOT
from kb import periods
from kb.load import load

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}

# Each kb-when element's intervals, as the page states them (the contract in CONTRIBUTING.md).
MARKS = """sel => [...document.querySelectorAll(sel)].map(e => ({
  intervals: [e.getAttribute('data-from') + (e.getAttribute('data-to') ? '/' + e.getAttribute('data-to') : '')]
    .concat((e.getAttribute('data-also') || '').split(' ').filter(Boolean)),
  shown: getComputedStyle(e).display !== 'none' && !e.closest('.kb-off'),
  id: e.id || ((e.querySelector("a[href*='#c-']") || {}).hash || '').slice(1) }))"""


@pytest.fixture(scope="module")
def kb():
    return load(ROOT / "data")


@pytest.fixture
def new_page(browser):
    contexts = []

    def make(viewport=DESKTOP, **options):
        context = browser.new_context(viewport=viewport, **options)
        contexts.append(context)
        page = context.new_page()
        page.requests = []
        page.on("request", lambda request: page.requests.append(request.url))
        page.errors = []
        page.on("pageerror", lambda exc: page.errors.append(str(exc)))
        return page

    yield make
    for context in contexts:
        context.close()


def shown_and_hidden(page, selector: str, year: int) -> tuple[list, list]:
    marks = page.evaluate(MARKS, selector)
    assert marks, f"no {selector} on the page"
    wrong_shown = [m for m in marks if m["shown"] and not periods.in_period(m["intervals"], year)]
    wrong_hidden = [m for m in marks if not m["shown"] and periods.in_period(m["intervals"], year)]
    assert wrong_shown == [] and wrong_hidden == [], (wrong_shown[:3], wrong_hidden[:3])
    return [m for m in marks if m["shown"]], [m for m in marks if not m["shown"]]


def test_choosing_2026_on_the_relations_page_leaves_the_relations_of_2026(new_page, server, kb):
    page = new_page()
    page.goto(f"{server}/relations/", wait_until="load")
    page.locator(".kb-period button[data-period='2026']").click()
    assert page.evaluate("location.search") == "?period=2026"  # the view can be linked
    shown, hidden = shown_and_hidden(page, "ul.kb-relations li.kb-when", 2026)
    expected = [r for r in kb.relations if periods.in_period(periods.relation_intervals(kb, [r]), 2026)]
    assert shown and hidden and len(shown) == len(expected)
    edges, _ = shown_and_hidden(page, "figure.kb-graph-wide .kb-edge", 2026)
    assert len(edges) == len(shown)  # the diagram agrees with the list
    status = page.locator(".kb-period__status").inner_text()
    assert f"{len(shown)} of {len(shown) + len(hidden)}" in status
    button = page.locator(".kb-period button[data-period='2026']")
    assert button.get_attribute("aria-pressed") == "true" and f"({len(shown)})" in button.inner_text()
    page.locator(".kb-period button[data-period='all']").click()
    assert page.evaluate("location.search") == ""
    assert page.locator("ul.kb-relations li.kb-off").count() == 0


def test_the_phone_grid_follows_the_period_and_says_what_it_leaves_out(new_page, server):
    page = new_page(PHONE)
    page.goto(f"{server}/relations/?period=2026", wait_until="load")
    shown_and_hidden(page, "figure.kb-graph-phone .kb-grid__cell", 2026)
    note = page.locator(".kb-grid__note")
    assert note.is_visible() and "best-connected" in note.inner_text()
    target = note.locator("a").get_attribute("href")
    assert page.locator(target).count() == 1


def test_choosing_2026_on_the_timeline_filters_the_picture_and_the_list(new_page, server, kb):
    page = new_page()
    page.goto(f"{server}/timeline/?period=2026", wait_until="load")
    claims, _ = shown_and_hidden(page, ".kb-timeline-list .kb-claim", 2026)
    marks, _ = shown_and_hidden(page, "figure.kb-timeline .kb-event", 2026)
    assert claims and marks
    # Each listed claim's attributes are the years of its own as-of and said dates.
    for claim in claims:
        entry = kb.claim(claim["id"].removeprefix("c-"))
        stated = {periods.years(i) for i in claim["intervals"]}
        assert stated == {periods.years(i) for i in periods.claim_intervals(kb, entry)}
    assert page.errors == [] and all(url.startswith(server) for url in page.requests)


def test_choosing_2026_on_a_paged_topic_says_what_the_other_pages_hold(new_page, server, kb):
    page = new_page()
    page.goto(f"{server}/military/?period=2026", wait_until="load")
    shown, _ = shown_and_hidden(page, ".kb-claim", 2026)
    listing = kb.claims_in("military")
    here = {m["id"].removeprefix("c-") for m in page.evaluate(MARKS, ".kb-claim")}
    assert shown and len(here) < len(listing)  # the topic runs over more than one page
    status = page.locator(".kb-period__status")
    later = [
        c for c in listing if c.id not in here and periods.in_period(periods.claim_intervals(kb, c), 2026)
    ]
    if later:
        link = status.locator("a").first
        assert "period=2026" in link.get_attribute("href")
        link.click()
        page.wait_for_url("**/military/page-2/?period=2026")
        again, _ = shown_and_hidden(page, ".kb-claim", 2026)
        assert again
    total = sum(1 for c in listing if periods.in_period(periods.claim_intervals(kb, c), 2026))
    assert f"2026 ({total})" in page.locator(".kb-period button[data-period='2026']").inner_text()


def test_a_period_the_data_lacks_shows_everything_and_says_so(new_page, server):
    page = new_page()
    page.goto(f"{server}/military/?period=1900", wait_until="load")
    assert page.locator(".kb-claim.kb-off").count() == 0
    assert (
        "nothing for the period \u201c1900\u201d; showing all"
        in page.locator(".kb-period__status").inner_text()
    )
    assert page.locator(".kb-period button[data-period='all']").get_attribute("aria-pressed") == "true"


def test_without_javascript_and_in_print_every_claim_is_there(new_page, server):
    page = new_page(java_script_enabled=False)
    page.goto(f"{server}/military/?period=2026", wait_until="load")
    assert page.locator(".kb-period").count() == 0
    assert all(c.is_visible() for c in page.locator(".kb-claim").all())
    page = new_page()
    page.goto(f"{server}/military/?period=2026", wait_until="load")
    assert page.locator(".kb-claim.kb-off").count() > 0
    page.emulate_media(media="print")
    assert all(c.is_visible() for c in page.locator(".kb-claim").all())
    assert not page.locator(".kb-period").is_visible()


REGISTERS = {
    "www.sanctionsmap.eu",
    "eur-lex.europa.eu",
    "sanctionssearch.ofac.treas.gov",
    "www.gov.uk",
    "drs.nsdc.gov.ua",
}


def test_the_sanctions_page_says_it_is_not_complete_and_links_the_registers(new_page, server):
    page = new_page()
    page.goto(f"{server}/sanctions/", wait_until="networkidle")
    box = page.locator(".kb-registers")
    assert "not a complete list" in box.inner_text()
    hosts = {urlparse(a.get_attribute("href")).netloc for a in box.locator("a").all()}
    assert hosts == REGISTERS
    assert "Covers:" in page.locator(".kb-coverage").inner_text()
    assert page.requests and all(url.startswith(server) for url in page.requests), page.requests


def test_desktop_timeline_text_is_at_least_11_px(new_page, server):
    page = new_page()
    page.goto(f"{server}/timeline/", wait_until="load")
    sizes = page.evaluate(
        """() => [...document.querySelectorAll('figure.kb-timeline text')].map(t => {
          const m = t.getScreenCTM(); return parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b); })"""
    )
    assert sizes and min(sizes) >= 11, sorted(sizes)[:3]


@pytest.mark.parametrize("scheme", ["default", "slate"])
def test_relation_kinds_differ_by_more_than_colour(new_page, server, scheme):
    """Two kinds never share a dash pattern, and no two share a colour, in either palette."""
    page = new_page()
    page.goto(f"{server}/relations/", wait_until="load")
    page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
    kinds = page.evaluate(
        """() => { const out = {};
          for (const l of document.querySelectorAll('figure.kb-graph-wide .kb-rel')) {
            const kind = [...l.classList].find(c => c.startsWith('kb-rel--'));
            const s = getComputedStyle(l); out[kind] = [s.strokeDasharray, s.stroke]; }
          return out; }"""
    )
    assert len(kinds) >= 5
    dashes = [d for d, _ in kinds.values()]
    colours = [c for _, c in kinds.values()]
    assert len(set(dashes)) == len(dashes), kinds
    assert len(set(colours)) == len(colours), kinds
