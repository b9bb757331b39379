"""Names under any spelling: queries in Cyrillic (Belarusian, Russian, Ukrainian), in the
standard romanisations, in English, Polish, German and French forms, with and without
diacritics, whole or as a prefix, bring the right person's, body's or place's page among the
first three results of the site's search, in the browser."""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlsplit

import pytest

# (query, the page that must be among the first three results, script or language of the query)
QUERIES = [
    ("Лукашэнка", "actors/lukashenko/", "be"),
    ("Лукашенко", "actors/lukashenko/", "ru/uk"),
    ("Aliaksandr Lukashenka", "actors/lukashenko/", "en"),
    ("Łukaszenka", "actors/lukashenko/", "pl"),
    ("Lukaschenko", "actors/lukashenko/", "de"),
    ("Loukachenko", "actors/lukashenko/", "fr"),
    ("Łukašenka", "actors/lukashenko/", "be-Latn (Łacinka)"),
    ("Lukasenka", "actors/lukashenko/", "no diacritics"),
    ("lukash", "actors/lukashenko/", "prefix"),
    ("Ціханоўская", "actors/tsikhanouskaya/", "be"),
    ("Тихановская", "actors/tsikhanouskaya/", "ru"),
    ("Тихановська", "actors/tsikhanouskaya/", "uk"),
    ("Svetlana Tikhanovskaya", "actors/tsikhanouskaya/", "en"),
    ("Cichanouska", "actors/tsikhanouskaya/", "pl"),
    ("Tichanowskaja", "actors/tsikhanouskaya/", "de"),
    ("Tikhanovskaïa", "actors/tsikhanouskaya/", "fr"),
    ("Tikhanovskaia", "actors/tsikhanouskaya/", "no diacritics"),
    ("Пуцін", "actors/putin/", "be"),
    ("Путин", "actors/putin/", "ru"),
    ("Poutine", "actors/putin/", "fr"),
    ("Зеленський", "actors/zelenskyy/", "uk"),
    ("Selenskyj", "actors/zelenskyy/", "de"),
    ("Zełenski", "actors/zelenskyy/", "pl"),
    ("Хрэнін", "actors/khrenin/", "be"),
    ("Хренин", "actors/khrenin/", "ru"),
    ("Chrenin", "actors/khrenin/", "pl/de"),
    ("Вячорка", "actors/viacorka/", "be"),
    ("Viachorka", "actors/viacorka/", "uk national system"),
    ("Wiaczorka", "actors/viacorka/", "pl"),
    ("Сибіга", "actors/sybiha/", "uk"),
    ("Прэйгерман", "actors/preiherman/", "be"),
    ("Białoruś", "actors/belarus/", "pl"),
    ("Weißrussland", "actors/belarus/", "de"),
    ("Biélorussie", "actors/belarus/", "fr"),
    ("Вясна", "actors/viasna/", "be"),
    ("Всебелорусское народное собрание", "actors/all-belarusian-peoples-assembly/", "ru"),
    ("Каліноўскага", "actors/kalinouski-regiment/", "be"),
    ("НАТО", "actors/nato/", "ru/uk"),
    ("Київ", "places/kyiv/", "uk"),
    ("Кіеў", "places/kyiv/", "be"),
    ("Kiev", "places/kyiv/", "en (older)"),
    ("Kijów", "places/kyiv/", "pl"),
    ("Kiew", "places/kyiv/", "de"),
    ("Мінск", "places/minsk/", "be"),
    ("Mińsk", "places/minsk/", "pl"),
    ("Гомельская", "places/homyel-region/", "be"),
    ("Gomel", "places/homyel-region/", "en"),
    ("Tschernobyl", "places/chernobyl-exclusion-zone/", "de"),
    ("Wilno", "places/vilnius/", "pl"),
    ("Вільнюс", "places/vilnius/", "be/uk"),
    ("Вільня", "places/vilnius/", "be-tarask, historical"),
    ("Donezk", "places/donetsk/", "de"),
    ("Луганська область", "places/luhansk/", "uk"),
    ("Crimée", "places/crimea/", "fr"),
    ("potash", "", "thesaurus"),  # the sources say "potassium fertilisers": any page holding them
]


def top_pages(page, server, query: str) -> list[str]:
    """The pages of the first three results for ``query``, as paths from the site root."""
    box = page.locator(".md-search__input")
    box.click()
    box.fill("")
    box.press_sequentially(query, delay=10)
    box.press("End")  # a key event: Material reads the query on keyboard events
    page.wait_for_function(
        "() => { const m = document.querySelector('.md-search-result__meta');"
        " return m && /matching|No matching/i.test(m.textContent); }",
        timeout=15000,
    )
    page.wait_for_timeout(200)
    hrefs = page.locator(".md-search-result__item > .md-search-result__link").evaluate_all(
        "links => links.slice(0, 3).map(a => a.href)"
    )
    base = urlsplit(server).path.rstrip("/") + "/"
    return [urlsplit(href).path.removeprefix(base) for href in hrefs]


@pytest.fixture(scope="module")
def search_page(browser, server):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{server}/", wait_until="load")
    yield page
    context.close()


def test_every_spelling_finds_its_page_in_the_first_three(search_page, server):
    assert len(QUERIES) >= 40
    missed, by_kind = [], Counter()
    for query, expected, kind in QUERIES:
        pages = top_pages(search_page, server, query)
        found = any(p.startswith(expected) for p in pages) if expected else bool(pages)
        by_kind[(kind, found)] += 1
        if not found:
            missed.append(f"{query!r} ({kind}): expected {expected}, got {pages}")
    assert missed == [], "\n".join(missed)


def test_the_thesaurus_finds_the_sources_words(search_page, server):
    pages = top_pages(search_page, server, "potash")
    assert pages and all(not p.startswith("actors/") for p in pages)
