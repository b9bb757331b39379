"""Quote matching: folding, paragraphs, ambiguity, suggestions, text fragments."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from kb.cite import QuoteNotFound, find_all, resolve, text_fragment
from kb.fragments import add_text_fragments
from kb.text import build_source_text, fold, fold_text

TEXT = (
    "Title line\n\n"
    "Lukashenko cited Putin as saying late on Thursday: \u201cany attack\u201d on Belarus\u2019s territory.\n"
    "The 1,084-kilometer border \u2014 a deterrent.\n\n"
    "Sanctions were imposed on\n\n"
    "PAGE HEADER\n\n"
    "2 March, another list was published. Sanctions were imposed on banks.\n"
)


@pytest.fixture
def source():
    return build_source_text(TEXT, skipped=frozenset({5}))


def test_paragraphs_are_numbered_non_blank_lines(source):
    assert [p.number for p in source.paragraphs] == [1, 2, 3, 4, 5, 6]
    assert source.paragraph(3).text.startswith("The 1,084")
    assert source.paragraph(3).line == 4


def test_fold_maps_back_to_the_original():
    folded, where = fold("a \u201cb\u201d\n\n  c\u2014d ")
    assert folded == 'a "b" c-d'
    assert [where[i] for i in range(len(folded))] == [0, 1, 2, 3, 4, 5, 9, 10, 11]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "\t\n",
        "one",
        " lead and trail \n",
        "a\u00a0\u2003b\u2028c",
        "\u201cq\u201d \u2014 \u2019s",
        "x\r\n\r\ny",
        TEXT,
    ],
)
def test_fold_text_is_the_folded_text_of_fold(text):
    folded, where = fold(text)
    assert fold_text(text) == folded
    assert len(where) == len(folded)
    assert all(
        folded[i] == " "
        or text[where[i]].translate({0x201C: '"', 0x201D: '"', 0x2019: "'", 0x2014: "-"}) == folded[i]
        for i in range(len(folded))
    )


def test_spans_point_into_paragraphs_with_runs_of_white_space():
    text = build_source_text("One  two\t\tthree.\nFour five six.\n")
    place = resolve(text, "two three. Four")
    first, second = place.spans
    assert text.paragraph(1).text[first.start : first.end] == "two\t\tthree."
    assert text.paragraph(2).text[second.start : second.end] == "Four"
    assert text.folds[0][1] is not None and text.folds[1][1] is None  # a map only where one is needed


def test_straight_quotes_match_curly_ones(source):
    place = resolve(source, 'Thursday: "any attack" on Belarus\'s territory')
    assert place.paragraph == 2
    span = place.spans[0]
    assert (
        source.paragraph(2).text[span.start : span.end]
        == "Thursday: \u201cany attack\u201d on Belarus\u2019s territory"
    )


def test_hyphen_matches_a_dash_and_line_breaks_match_spaces(source):
    assert resolve(source, "border -\n a deterrent").paragraph == 3


def test_a_quote_may_span_a_line_break_between_paragraphs(source):
    place = resolve(source, "a deterrent. Sanctions were imposed on")
    assert [s.paragraph for s in place.spans] == [3, 4]


def test_a_quote_runs_over_a_page_header_marked_as_furniture(source):
    place = resolve(source, "Sanctions were imposed on 2 March, another list")
    assert [s.paragraph for s in place.spans] == [4, 6]


def test_furniture_itself_can_be_quoted(source):
    assert resolve(source, "PAGE HEADER").paragraph == 5


def test_not_found_suggests_the_closest_passage(source):
    with pytest.raises(QuoteNotFound) as caught:
        resolve(source, "The 1,048-kilometer border")
    assert caught.value.message == "the quote is not found in the source"
    assert 'the closest passage is: "The 1,084-kilometer border' in caught.value.fix


def test_ambiguous_quote_needs_a_paragraph(source):
    with pytest.raises(QuoteNotFound) as caught:
        resolve(source, "Sanctions were imposed on")
    assert caught.value.message == "the quote occurs 2 times (p4, p6)"
    assert "paragraph: N" in caught.value.fix
    assert resolve(source, "Sanctions were imposed on", paragraph=6).paragraph == 6


def test_wrong_paragraph_is_refused(source):
    with pytest.raises(QuoteNotFound, match="not in paragraph p2"):
        resolve(source, "Sanctions were imposed on", paragraph=2)


def test_empty_quote_is_refused(source):
    with pytest.raises(QuoteNotFound, match="empty"):
        resolve(source, " \n ")


def test_text_fragment_uses_the_archived_words(source):
    short = text_fragment(source, resolve(source, '"any attack"'))
    assert unquote(short) == "text=\u201cany attack\u201d"
    long = text_fragment(
        source,
        resolve(
            source, 'Lukashenko cited Putin as saying late on Thursday: "any attack" on Belarus\'s territory'
        ),
    )
    start, end = long.removeprefix("text=").split(",")
    assert unquote(start) == "Lukashenko cited Putin as saying"
    assert unquote(end) == "\u201cany attack\u201d on Belarus\u2019s territory"


def test_dashes_and_commas_are_encoded_in_fragments(source):
    fragment = text_fragment(source, resolve(source, "1,084-kilometer border"))
    assert "-" not in fragment and fragment.count(",") == 0
    assert unquote(fragment) == "text=1,084-kilometer border"


def test_ten_thousand_quotes_resolve(source):
    # correctness at scale; timing belongs to scripts/bench.py
    quotes = ["a deterrent", "another list was published", "Belarus\u2019s territory"] * 3334
    assert all(len(find_all(source, q)) == 1 for q in quotes)


@pytest.mark.parametrize(
    "tag",
    [
        '<a class="kb-cite" data-frag="text=a%20b" href="../s/#p2">',  # as Python-Markdown writes it
        '<a data-frag="text=a%20b" class="kb-cite" href="../s/#p2">',  # any other order
        '<a href="../s/#p2" class="kb-cite" data-frag="text=a%20b">',
    ],
)
def test_text_fragments_move_into_the_href(tag):
    html = f'<p>x{tag}¶2</a> <a href="#other">y</a></p>'
    out = add_text_fragments(html)
    assert "data-frag" not in out
    assert 'href="../s/#p2:~:text=a%20b"' in out
    assert '<a href="#other">y</a>' in out


def test_pages_without_citations_are_left_alone():
    html = '<p><a href="#p1">x</a></p>'
    assert add_text_fragments(html) is html


ARCHIVE = "Intro line.\n\nThe Belarusian Café near Mińsk closed its doors.\n\nAnother para."


@pytest.mark.parametrize(
    "quote, why",
    [
        ("Belarusian Cafe\u0301 near Min\u0301sk", "decomposed accents (NFD)"),
        ("Belarusian Caf\u00e9 near Mi\u0144sk closed", "composed accents (NFC)"),
        ("Bela\u00adrusian Café", "a soft hyphen"),
        ("Belarusian\u200b Café", "a zero-width space"),
        ("Belarusian Caf\u00e9\u200d near", "a zero-width joiner"),
        ("\ufeffThe Belarusian Café", "a byte-order mark"),
        ("Belarusian Caf\u00e9 near Mi\u0144sk closed its doors", "the whole clause"),
    ],
)
def test_quotes_match_whatever_unicode_form_they_were_typed_in(quote, why):
    source = build_source_text(ARCHIVE)
    place = resolve(source, quote)
    span = place.spans[0]
    text = source.paragraph(span.paragraph).text
    assert place.paragraph == 2, why
    assert text[span.start : span.end].startswith(("Belarusian", "The Belarusian")), (
        why,
        text[span.start : span.end],
    )


def test_the_archive_itself_may_hold_invisible_and_decomposed_characters():
    archive = "First.\n\nSan\u00adctions on Cafe\u0301 owners and the \ufb01nal list.\n"
    source = build_source_text(archive)
    place = resolve(source, "Sanctions on Café owners and the final list")
    span = place.spans[0]
    assert (
        source.paragraph(2).text[span.start : span.end]
        == "San\u00adctions on Cafe\u0301 owners and the \ufb01nal list"
    )


def test_the_closest_passage_is_the_archived_text_aligned_with_the_quote():
    source = build_source_text(ARCHIVE)
    with pytest.raises(QuoteNotFound) as missing:
        resolve(source, "The Belarusian cafe near Minsk shut its doors")
    assert 'the closest passage is: "The Belarusian Café near Mińsk closed its doors."' in missing.value.fix
