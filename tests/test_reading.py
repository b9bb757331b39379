"""What a reader sees: one numbering a page, plain words, short pages on a phone, tap targets,
landings below the header, printouts that say where the rest is. The first tests read every
page of the built site; the browser tests look at the longest pages."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urljoin

import markdown
import pytest

from kb.fragments import finish_page
from kb.load import load
from kb.render import Page, claim_block
from kb.urls import Urls, print_base

bs4 = pytest.importorskip("bs4")
ROOT = Path(__file__).resolve().parent.parent

PHONE = {"width": 390, "height": 844}
SCREENS = 15  # a phone page holds at most this many screens before its pager or its notes

# A label that numbers something: a bare number, "claim 12", "Sanctions, claim 3", "page 2",
# "PISM, March 2022, ¶10". Two links with one such label must lead to one place.
NUMBERING = re.compile(r"^(?:\d+|(?:.*, )?claim \d+|page \d+|.*¶\d+)$", re.IGNORECASE)

MODULE_PATH = re.compile(r"\b[\w./-]+\.py\b|\bmacros/")
RAW_LINK = re.compile(r"\[[^\]\n]+\]\([^)\s]*\)")
FIELD_NAME = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")  # as_of_kind, imposed_by, …
# The build-engine notes are written for contributors (module paths and engine settings are
# their subject), reached from the About page's "how this site is built".
NOT_READER = {"404.html", "search/index.html", "engines/index.html"}


def reader_pages(site: Path) -> list[Path]:
    return [p for p in sorted(site.rglob("index.html")) if str(p.relative_to(site)) not in NOT_READER]


def url_of(site: Path, page: Path) -> str:
    return "/" + str(page.parent.relative_to(site)).removeprefix(".").strip("/") + "/"


def article(page: Path):
    soup = bs4.BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return soup.select_one("article.md-content__inner")


def test_no_label_leads_to_two_places_on_any_page(site):
    collisions = []
    for page in reader_pages(site):
        here = url_of(site, page)
        seen: dict[str, set[str]] = {}
        for link in article(page).select("a[href]"):
            label = " ".join(link.get_text(" ", strip=True).split())
            if not NUMBERING.match(label):
                continue
            target = urljoin(here, link["href"].split(":~:")[0])
            seen.setdefault(label.casefold(), set()).add(target)
        collisions += [(here, label, sorted(targets)) for label, targets in seen.items() if len(targets) > 1]
    assert not collisions, collisions[:10]


def test_the_overview_refers_to_claims_by_their_card_labels(site):
    page = article(site / "military" / "index.html")
    refs = page.select(".kb-overview a.kb-ref")
    assert refs
    for ref in refs:
        label = re.fullmatch(r"(?:(.+), )?(claim \d+)", ref.get_text())  # never a bare number
        assert label, ref.get_text()
        address, anchor = ref["href"].split("#")
        card = article((site / "military" / (address or ".") / "index.html").resolve()).find(id=anchor)
        assert card.select_one(".kb-label").get_text().lower() == label.group(2)
        if label.group(1):  # another topic's claim is named with its topic
            assert card.find_parent("body").select_one("h1").get_text().startswith(label.group(1))


GLOSSARY = "what-the-fields-mean"  # the Data page's section for reusers, below its plain summary


def reader_text(page: Path, leave_out: str = "") -> str:
    """The page's text as a reader sees it: without hidden search-only words, scripts, the
    parts ``leave_out`` selects, and the field glossary (which names the fields, for reusers)."""
    body = article(page)
    for element in body.select(f"script, style, [hidden]{', ' + leave_out if leave_out else ''}"):
        element.decompose()
    glossary = body.find(id=GLOSSARY)
    if glossary is not None:
        for sibling in list(glossary.find_next_siblings()):
            if sibling.name == "h2":
                break
            sibling.decompose()
    return " ".join(body.get_text(" ").split())


NAMES_FROM = ".kb-names td:nth-of-type(3)"  # where each spelling comes from


@pytest.mark.parametrize(
    "pattern", [MODULE_PATH, RAW_LINK, FIELD_NAME], ids=["module path", "raw link", "field name"]
)
def test_reader_pages_show_no_module_paths_raw_markdown_or_field_names(site, pattern):
    found = []
    for page in reader_pages(site):
        text = reader_text(page, leave_out=NAMES_FROM)
        found += [(url_of(site, page), m.group(0)) for m in pattern.finditer(text)]
    assert not found, found[:10]


def test_the_names_tables_name_standards_not_modules(site):
    found = []
    for page in reader_pages(site):
        for cell in article(page).select(NAMES_FROM):
            text = cell.get_text(" ", strip=True)
            if MODULE_PATH.search(text) or re.search(r"\b[A-Z][a-z]+[A-Z]\w+\b", text):  # UkrainianBGN
                found.append((url_of(site, page), text))
    assert not found, found[:10]


def test_a_citation_prints_its_absolute_address_when_the_site_has_one():
    kb = load(ROOT / "data")
    site_url = "https://example.org/kb/"
    links = Urls(kb, 10, site_url).links("military/page-2.md")
    entry = links.urls.topic_listings["military"].items_on(2)[0]
    page = Page(kb, links)
    claim_block(page, entry)
    md = markdown.markdown(page.markdown(), extensions=["attr_list", "footnotes", "md_in_html"])
    html = finish_page(md, "military/page-2/", print_base(site_url))
    cite = entry.cites[0]
    target = f"sources/{cite.source}/#p{cite.paragraph}"
    link = re.search(r'<a class="kb-cite" data-print="([^"]*)" href="([^"]*)"', html)
    assert link is not None, html[:500]
    assert link.group(1) == site_url + target
    assert link.group(2).startswith("../" + target.replace("/#", ".md#") + ":~:text=")
    assert "data-frag" not in html
    # the pager's links, as MkDocs writes them on the second page of a list
    pages = '<a class="kb-page" href="../">page 1</a> <a class="kb-page" href="../page-3/">page 3</a>'
    printed = finish_page(pages, "military/page-2/", print_base(site_url))
    assert 'data-print="https://example.org/kb/military/" href="../"' in printed
    assert 'data-print="https://example.org/kb/military/page-3/" href="../page-3/"' in printed
    local = finish_page(pages, "military/page-2/", print_base(None))  # no site address: from the root
    assert 'data-print="/military/page-3/" href="../page-3/"' in local


def test_every_printed_address_is_where_its_link_goes(site):
    """On the built site (no site address), each citation's and pager link's data-print is the
    path from the site root of the page its href leads to."""
    checked = 0
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        if 'class="kb-cite"' not in text and 'class="kb-page"' not in text:
            continue
        page_url = "/" + page.relative_to(site).as_posix().removesuffix("index.html")
        for link in bs4.BeautifulSoup(text, "html.parser").select("a.kb-cite, a.kb-page"):
            href = link["href"].split(":~:")[0]
            assert link.get("data-print") == urljoin(page_url, href), (page_url, str(link)[:200])
            checked += 1
    assert checked > 1000, checked


def test_an_archived_link_stub_shows_its_words_and_its_citation_still_lands(site):
    kb = load(ROOT / "data")
    stubbed = [
        (source_id, p.number)
        for source_id, source in kb.sources.items()
        for p in source.text.paragraphs
        if RAW_LINK.search(p.text)
    ]
    assert stubbed, "the archives hold Markdown link stubs"
    for source_id, number in stubbed:
        paragraph = article(site / "sources" / source_id / "index.html").find(id=f"p{number}")
        text = paragraph.get_text(" ")
        assert not RAW_LINK.search(text) and "](" not in text, (source_id, number, text[:200])
    # a citation of such a paragraph still lands: its text fragment's words are the words shown
    landed = 0
    for claim in kb.claims:
        for cite in claim.cites:
            if (cite.source, cite.paragraph) not in stubbed:
                continue
            paragraph = article(site / "sources" / cite.source / "index.html").find(id=f"p{cite.paragraph}")
            shown_text = " ".join(paragraph.get_text(" ").split())
            for part in unquote(cite.fragment.removeprefix("text=")).split(","):
                assert part in shown_text, (cite.source, cite.paragraph, part)
            landed += 1
    assert landed
    raw = (site / "sources" / "raw").rglob("*")
    assert any("](#)" in p.read_text(encoding="utf-8") for p in raw if p.is_file()), (
        "the archive is unchanged"
    )


# Browser tests: few, each looking at several pages at once.


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE)
    yield context.new_page()
    context.close()


LONG_PAGES = [
    "changes/",
    "military/",
    "diplomacy/",
    "ukraine-policy/",
    "actors/",
    "actors/lukashenko/",
    "actors/belarus/",
    "actors/dialogue-experts/",
    "timeline/page-5/",
    "sources/caliber-ukraine-policy-shift/",
]


def test_on_a_phone_no_long_page_runs_past_fifteen_screens_before_its_pager_or_notes(phone, server):
    heights = {}
    for path in LONG_PAGES:
        phone.goto(f"{server}/{path}", wait_until="load")
        heights[path] = phone.evaluate(
            """() => { document.querySelectorAll('*').forEach(e => e.style.contentVisibility = 'visible');
                 const end = document.querySelector('.kb-pager--end, .md-typeset .kb-notes, .md-typeset .footnote, .md-footer');
                 return Math.round(end.getBoundingClientRect().top + scrollY); }"""
        )
    too_long = {p: h for p, h in heights.items() if h > SCREENS * PHONE["height"]}
    assert not too_long, too_long


def test_on_a_phone_every_reference_and_note_is_a_24px_target(phone, server):
    small = []
    for path in ("military/", "sanctions/", "actors/lukashenko/", "changes/"):
        phone.goto(f"{server}/{path}", wait_until="load")
        phone.evaluate("document.querySelectorAll('details.kb-thread-claims').forEach(d => d.open = true)")
        small += phone.evaluate(
            """(path) => [...document.querySelectorAll('a.footnote-ref, a.kb-ref, a.kb-label')]
                 .map(a => { a.scrollIntoView(); const b = a.getBoundingClientRect();
                             return [path, a.textContent, Math.round(b.width), Math.round(b.height)]; })
                 .filter(([, , w, h]) => w < 24 || h < 24)""",
            path,
        )
    assert not small, small[:10]


def test_on_a_phone_a_citation_lands_below_the_header_and_a_permalink_opens_its_card(phone, server):
    phone.goto(f"{server}/military/", wait_until="load")
    # a reader's path: tap a footnote mark, then the source in the note that opens in place
    ref = phone.locator(".kb-claim a.footnote-ref").nth(2)
    ref.scroll_into_view_if_needed()
    ref.click()
    phone.locator(".kb-preview a.kb-cite").click()
    phone.wait_for_url(re.compile(r"/sources/"))
    anchor = phone.evaluate("location.hash.slice(1)")
    phone.wait_for_function(f"document.getElementById('{anchor}').classList.contains('kb-landed')")
    phone.wait_for_timeout(300)
    top, header = phone.evaluate(
        f"""() => [document.getElementById('{anchor}').getBoundingClientRect().top,
                   document.querySelector('.md-header').getBoundingClientRect().bottom]"""
    )
    assert header <= top < PHONE["height"] - 48, (top, header)
    # and so does every other citation of the page (the browser alone left some under the header
    # or below the screen, as the claims above the passage were laid out)
    phone.goto(f"{server}/military/", wait_until="load")
    hrefs = sorted(set(phone.evaluate("[...document.querySelectorAll('a.kb-cite')].map(a => a.href)")))[:12]
    missed = []
    for href in hrefs:
        phone.goto("about:blank")
        phone.goto(href, wait_until="load")
        phone.wait_for_timeout(1000)
        top = phone.evaluate("document.getElementById(location.hash.slice(1)).getBoundingClientRect().top")
        if not header <= top < PHONE["height"] - 48:
            missed.append((href.split("/sources/")[1][:40], round(top)))
    assert not missed, missed

    claim_id = "c-russian-contingent-in-belarus-30000"
    phone.goto(f"{server}/military/#{claim_id}", wait_until="load")
    assert phone.locator(f"#{claim_id} > details.kb-how").evaluate("d => d.open")
    assert phone.locator(".kb-claim:not(:target) > details.kb-how[open]").count() == 0
    # the contents, one tap away wherever the reader is on the page
    phone.evaluate("window.scrollTo(0, document.body.scrollHeight / 2)")
    phone.locator(".kb-toc > summary").click()
    sections = phone.locator(".kb-toc nav a")
    assert sections.count() >= 3 and sections.first.is_visible()


def test_a_printed_topic_page_says_where_the_rest_is_and_names_itself(browser, server):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(f"{server}/military/", wait_until="load")
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    rest = page.locator(".kb-pager--end")
    assert rest.is_visible()
    text = rest.inner_text()
    assert re.search(r"holds claims 1–\d+ of \d+", text), text
    after = page.locator(".kb-pager--end a.kb-page").first.evaluate(
        "a => getComputedStyle(a, '::after').content"
    )
    assert f"{server}/military/page-2/" in after
    head = page.locator(".kb-print-head")
    assert head.is_visible()
    words = head.inner_text()
    assert "Belarus in Russia's war" in words and f"{server}/military/" in words
    assert re.search(r"data version \S+, built \d{4}-\d\d-\d\d · printed \d{4}-\d\d-\d\d", words), words
    cite = page.locator("a.kb-cite").first.evaluate("a => getComputedStyle(a, '::after').content")
    assert f"{server}/sources/" in cite and ":~:" not in cite
    context.close()
