"""Whole pages and page sections: sources, actors, timeline, indexes, tables."""

from __future__ import annotations

import html
import unicodedata
from typing import Any

from . import graph, periods, placemap
from .dates import about_said
from .kinds import ACTOR_KINDS, CLAIM_KINDS, RELATION_TYPES
from .model import Cite, CitingEntry, ClaimEntry, KnowledgeBase, SourceEntry
from .paging import Listing
from .reference import NameForm, Place, language_label, system_name
from .render import (
    NOT_SEARCHED,
    Page,
    actor_link,
    claim_block,
    escape,
    escape_keep_space,
    format_date,
    short_text,
    upper_first,
    with_claim_links,
)
from .schema import Actor, Topic
from .text import shown
from .urls import Links, paragraph_anchor, thread_anchor


def actor_claims(kb: KnowledgeBase, links: Links, listing: Listing[ClaimEntry], number: int) -> str:
    """Page ``number`` of an actor's claims. Page 1 opens like an encyclopedia entry (the name,
    its native forms on one line, the role) and, after the claims, holds the relations, the
    sources by the actor and the names in other scripts (folded)."""
    page = Page(kb, links)
    actor_id = listing.subject
    if number == 1:
        _actor_header(page, kb, actor_id)
        page.add("## Claims involving this actor", "")
        if not listing.items:
            page.add("No claim names this actor yet.", "")
    page.add(pager(listing, number, links), "", periods.bar(kb, listing), "")
    # Each claim is found on its topic page. (Material's search compares elements by tag, so the
    # excluded wrapper is a <section>, never a <div> holding the claims' <div>s.)
    page.add(f'<section class="kb-actor-claims" {NOT_SEARCHED} markdown>', "")
    shown_claims = listing.items_on(number)
    for topic in kb.topics:
        in_topic = [c for c in shown_claims if c.topic.id == topic.id]
        if in_topic:
            page.add(f"### {escape(topic.title)} {{ {NOT_SEARCHED} }}", "")
            for claim in in_topic:
                claim_block(page, claim, anchor=False)
    page.add("</section>", "")
    page.add(pager(listing, number, links, end=True), "")
    if number == 1:
        _actor_more(page, kb, actor_id)
    return page.markdown()


def native_forms(forms: list[NameForm]) -> list[NameForm]:
    """The forms written in a script other than Latin, as their languages write them
    (no romanisation): "Аляксандр Лукашэнка" (Belarusian)."""
    return [
        f
        for f in forms
        if not f.system and any(c.isalpha() and "LATIN" not in unicodedata.name(c, "") for c in f.text)
    ]


def known_from(kb: KnowledgeBase, links: Links, actor: Actor) -> str:
    """Where an actor that no passage names is known from: the address of a source, as a
    reader can check it (no citation is made up)."""
    if actor.known_from is None:
        return ""
    source = kb.sources[actor.known_from.source]
    return (
        f" (Known from the address of [{escape(source.meta.title)}]({links.source(source.meta.id)}): "
        f"{escape(actor.known_from.address)}; no passage of the sources names it.)"
    )


def _actor_header(page: Page, kb: KnowledgeBase, actor_id: str) -> None:
    entry, links = kb.actors[actor_id], page.links
    actor = entry.record
    page.add(f"# {escape(actor.name)}", "")
    forms = kb.reference.also_written(actor_id, exclude=(actor.name, *actor.aliases))
    # one line: the name in its own scripts, then the English spellings the sources use
    written = [
        f'<span lang="{html.escape(f.lang)}">{escape(f.text)}</span> ({escape(name_label(f))})'
        for f in native_forms(forms)
    ]
    if actor.aliases:
        written.append("also " + ", ".join(escape(a) for a in actor.aliases))
    if written:
        page.add(" · ".join(written), "{: .kb-actor-facts }", "")
    page.add(
        f"**{ACTOR_KINDS[actor.kind].label}.** "
        + escape(actor.role)
        + page.cite_refs(entry, "r")
        + known_from(kb, links, actor),
        "",
    )
    if actor.note:
        page.add(
            '<div class="kb-note" markdown>',
            f"**Note:** {with_claim_links(actor.note, kb, links)}",
            "</div>",
            "",
        )


def _actor_more(page: Page, kb: KnowledgeBase, actor_id: str) -> None:
    """What follows an actor's claims: relations, sources by the actor, names in other scripts."""
    links, actor = page.links, kb.actors[actor_id].record
    picture = graph.neighbourhood(kb, actor_id, links.actor_href, links.claim_href)
    if picture:
        phone = graph.neighbourhood_phone(kb, actor_id, links.actor_href, links.claim_href)
        page.add("## Relations", "", picture, "", phone, "", relations_list(kb, links, actor_id), "")
    authored = kb.sources_by(actor_id)
    if authored:
        page.add("## Sources by this actor", "")
        page.add(*(f"- [{escape(s.meta.title)}]({links.source(s.meta.id)})" for s in authored), "")
    forms = kb.reference.also_written(actor_id, exclude=(actor.name, *actor.aliases))
    page.add(*names_section(forms, exclude=()))


NOUNS = {"actor-index": "actors"}  # what a listing holds, where it is not claims


PAGER_ALL = 15  # a list of up to this many pages links every page from each of them
PAGER_NEAR = 3  # in a longer one: the first, the last, and this many either side of the page


def pager_pages(count: int, number: int) -> list[int]:
    """The pages a pager links: all of a short list's; of a longer one the first, the last and
    those near ``number`` (a pager linking every page of every page grows with the square of
    the list, and no reader scans a thousand links)."""
    if count <= PAGER_ALL:
        return list(range(1, count + 1))
    near = range(max(1, number - PAGER_NEAR), min(count, number + PAGER_NEAR) + 1)
    return sorted({1, count, *near})


def pager(listing: Listing[Any], number: int, links: Links, end: bool = False) -> str:
    """Links to the other pages of a long list (nothing when it fits on one). The one at the
    ``end`` is printed, saying what the printout holds and where the rest is (kb.css, kb.js)."""
    count = listing.page_count
    if count == 1:
        return ""
    shown_items = listing.items_on(number)
    first = (number - 1) * listing.per_page + 1
    numbers = pager_pages(count, number)
    where = (
        "pages at these addresses"
        if len(numbers) == count
        else f"list's other pages, numbered up to {count}; the nearest are at these addresses"
    )
    printed = (
        f'<span class="kb-print-only">This printout holds {NOUNS.get(listing.what, "claims")} '
        f"{first}–{first + len(shown_items) - 1} of {len(listing.items)}; the rest are on the "
        f"{where}. </span>"
        if end
        else ""
    )
    items: list[str] = []
    for previous, k in zip([0, *numbers], numbers, strict=False):
        if k - previous > 1:
            items.append("…")
        items.append(
            f"**page {k}**" if k == number else f"[page {k}]({links.listing(listing, k)}){{: .kb-page }}"
        )
    return "\n".join(
        [
            f'<nav class="kb-pager{" kb-pager--end" if end else ""}" aria-label="Pages of this list" '
            f"{NOT_SEARCHED} markdown>",
            printed + f"Page {number} of {count}: " + " · ".join(items),
            "</nav>",
        ]
    )


def topic_claims(kb: KnowledgeBase, links: Links, listing: Listing[ClaimEntry], number: int) -> str:
    """One page of a topic: on the first, its cited overview; then its claims section by section,
    each section an <h2> (so the table of contents shows them), with the pager when it is long."""
    topic = kb.topic(listing.subject)
    page = Page(kb, links)
    if number == 1:
        page.add(coverage(kb, links, listing.items), "")
        if topic.registers:
            page.add(*registers(topic), "")
    if number == 1 and topic.overview:
        _overview(page, topic, listing)
    if number == 1 and topic.records == "sanction":
        page.add("## At a glance", "", sanctions_table(kb, links, listing), "")
    if number == 1:
        page.add(*topic_places(kb, links, listing))
    nav = pager(listing, number, links)
    page.add(nav, "", periods.bar(kb, listing), "")
    titles = {section.id: section for section in topic.sections}
    current: str | None = None
    for entry in listing.items_on(number):
        section = entry.record.section if entry.record.section in titles else ""
        if titles and section != current:
            current = section
            if section:
                page.add(
                    f"## {escape(titles[section].title)}",
                    "",
                    '<div class="kb-scope" markdown>',
                    escape(titles[section].scope),
                    "</div>",
                    "",
                )
            else:
                page.add("## Other claims", "")
        claim_block(page, entry, number=listing.number_of(entry.id))
    page.add(pager(listing, number, links, end=True), "")
    return page.markdown()


def coverage(kb: KnowledgeBase, links: Links, claims: list[ClaimEntry]) -> str:
    """What a list of claims covers, in one line: the sources it rests on and their dates, the
    years its claims held in, and how many come from a source with no date."""
    if not claims:
        return ""
    ids = dict.fromkeys(c.source for claim in claims for c in claim.cites)
    sources = sorted((kb.sources[i] for i in ids), key=lambda s: (s.publication.iso or "~", s.meta.id))
    named = [f"[{escape(_source_short(kb, s))}]({links.source(s.meta.id)})" for s in sources]
    closed = [c.when for c in claims if not c.when.open_ended]
    parts = [
        f"**Covers:** {len(claims)} claim{'s' if len(claims) != 1 else ''} from {len(sources)} "
        f"source{'s' if len(sources) != 1 else ''}: {'; '.join(named)}."
    ]
    if closed:
        first = min(closed, key=lambda w: w.key).key[0]
        last = max(periods.years(w.iso)[1] or w.key[0] for w in closed)
        parts.append(
            f"Its claims hold in {first}." if first == last else f"Its claims hold from {first} to {last}."
        )
    undated = sum(1 for c in claims if periods.undated_source(kb, c))
    if undated:
        parts.append(f"{undated} claim{'s come' if undated != 1 else ' comes'} from a source with no date.")
    return "\n".join([f'<p class="kb-coverage" {NOT_SEARCHED} markdown="span">', " ".join(parts), "</p>"])


def _source_short(kb: KnowledgeBase, source: SourceEntry) -> str:
    """ "PISM, Mar 2022 (date from the text)", "Caliber.az, 23 Feb 2026", "From Complicity to Full
    Participation…, undated (after Feb 2022)": who published it, or its title, and when."""
    meta, published = source.meta, source.publication
    origin = meta.original_publisher or meta.publisher
    name = kb.actors[origin].record.name if origin else short_text(meta.title, 36)
    if published.value is None or published.precision == "after":
        return f"{name}, undated" + (f" ({published.words(short=True)})" if published.value else "")
    return f"{name}, {published.words(short=True)}" + ("" if published.stated else " (date from the text)")


def registers(topic: Topic) -> list[str]:
    """The note that a topic is not a complete list, with its authoritative registers' links."""
    return [
        f'<div class="kb-registers" {NOT_SEARCHED} markdown>',
        f"**This knowledge base is not a complete list of {escape(topic.title.lower())}.** It holds "
        "only what its archived sources report. The authoritative, complete records are kept here:",
        "",
        *(f"- [{escape(r.title)}](<{r.url}>), {escape(r.keeper)}" for r in topic.registers),
        "",
        "</div>",
    ]


def _overview(page: Page, topic: Topic, listing: Listing[ClaimEntry]) -> None:
    """The overview: each sentence of our synthesis, followed by links to the claims it rests on,
    labelled as the cards are ("claim 12"; "Sanctions, claim 3" for another topic's claim), so
    they are never taken for footnote numbers."""
    kb, links = page.kb, page.links
    claims = {c.id: c for c in kb.claims}
    sentences = []
    for sentence in topic.overview:
        refs = []
        for claim_id in sentence.claims:
            claim = claims[claim_id]
            label = claim_label(claim, links, here=listing)
            title = escape(short_text(claim.record.text)).replace('"', "&quot;")
            refs.append(f'[{label}]({links.claim(claim)} "{title}"){{: .kb-ref }}')
        sentences.append(f'{escape(sentence.text)} <span class="kb-refs">({", ".join(refs)})</span>')
    page.add('<div class="kb-overview" markdown>', " ".join(sentences), "</div>", "")


def claim_label(claim: ClaimEntry, links: Links, here: Listing[ClaimEntry]) -> str:
    """The label a claim's card shows on its topic's pages, as seen from the topic ``here``."""
    listing = links.urls.topic_listings[claim.topic.id]
    number = listing.number_of(claim.id)
    return f"claim {number}" if listing is here else f"{escape(claim.topic.title)}, claim {number}"


def source_page(kb: KnowledgeBase, links: Links, source_id: str) -> str:
    source = kb.sources[source_id]
    meta = source.meta
    page = Page(kb, links)
    page.add(f"# {escape(meta.title)}", "")
    page.add(*source_metadata(kb, source_id, links), "")
    quoted_only = meta.reproduce == "quoted"
    page.add(
        "## Cited passages" if quoted_only else "## Archived text",
        "",
        "Only the passages our claims quote are shown, as its publisher asked; paragraphs keep the "
        "numbers of the archived file, and the claims citing each are listed under it."
        if quoted_only
        else "Paragraphs are numbered as in the archived file; cited passages are highlighted "
        "and the claims citing each paragraph are listed under it.",
        "",
    )
    citing = _citations_by_paragraph(kb, source_id)
    for paragraph in source.text.paragraphs:
        number = paragraph.number
        if quoted_only and number not in citing:
            continue
        excluded = None if quoted_only else source.excluded.get(number)
        classes = "kb-para kb-para--excluded" if excluded else "kb-para"
        anchor = paragraph_anchor(number)
        page.add(
            f'<div class="{classes}" id="{anchor}" markdown>',
            f'<a class="kb-pnum" href="#{anchor}" title="Paragraph {number}">¶{number}</a> '
            + _highlighted(
                paragraph.text,
                [
                    span
                    for _, cite in citing.get(number, [])
                    for span in cite.spans
                    if span.paragraph == number
                ],
                quoted_only,
            ),
            "",
        )
        if excluded:
            page.add(
                '<div class="kb-excluded" markdown>',
                f"*Not cited: {escape(excluded.kind)}. {escape(excluded.reason)}*",
                "</div>",
                "",
            )
        cited_by = _unique_entries(citing.get(number, []))
        if cited_by:
            items = [_cited_by_link(kb, entry, links) for entry in cited_by]
            page.add(
                f'<div class="kb-cited-by" {NOT_SEARCHED} markdown>',
                "**Cited by:** " + " · ".join(items),
                "</div>",
                "",
            )
        page.add("</div>", "")
    return page.markdown()


def source_metadata(kb: KnowledgeBase, source_id: str, links: Links) -> list[str]:
    source = kb.sources[source_id]
    meta, published = source.meta, source.publication
    when = escape(published.words())
    if published.value is not None:
        when += f" ({escape(published.how())})"
    rows = [("Source id", f"`{meta.id}`")]
    if meta.authors:
        rows.append(("Author(s)", ", ".join(actor_link(kb, a, links) for a in meta.authors)))
    for label, actor in (("Publisher", meta.publisher), ("Originally published by", meta.original_publisher)):
        if actor:
            rows.append((label, actor_link(kb, actor, links)))
    rows.append(("Published", when))
    for label, url in (("Original address", meta.url), ("Captured from (repost)", meta.republished_url)):
        if url:
            rows.append((label, f"<{url}>"))
    if meta.captured:
        rows.append(("Captured", escape(format_date(meta.captured))))
    if meta.provenance:
        rows.append(("How the provenance was established", escape(meta.provenance)))
    if meta.published.evidence:
        rows.append(("Evidence for the date", escape(meta.published.evidence)))
    for label, text in (
        ("An interested party", meta.interested),
        ("Unnamed informants", meta.unnamed_informants),
    ):
        if text:
            rows.append((label, escape(text)))
    rows.append(("Language", f"`{meta.language}`"))
    if meta.reproduce == "quoted":
        rows.append(
            ("Archived file", "not published: only the cited passages are shown, as its publisher asked")
        )
    else:
        rows.append(("Archived file", f"[{escape(meta.file)}]({links.md(links.urls.archive(source_id))})"))
    rows.append(("SHA-256", f"`{meta.sha256}`"))
    if meta.notes:
        rows.append(("Notes", with_claim_links(meta.notes, kb, links)))
    return ["| | |", "| --- | --- |", *(f"| {label} | {value} |" for label, value in rows)]


def _citations_by_paragraph(kb: KnowledgeBase, source_id: str) -> dict[int, list[tuple[CitingEntry, Cite]]]:
    found: dict[int, list[tuple[CitingEntry, Cite]]] = {}
    for entry, cite in kb.citations_of(source_id):
        for span in cite.spans:
            found.setdefault(span.paragraph, []).append((entry, cite))
    return found


def _unique_entries(pairs: list[tuple[CitingEntry, Cite]]) -> list[CitingEntry]:
    seen: set[int] = set()
    out: list[CitingEntry] = []
    for entry, _ in pairs:
        if id(entry) not in seen:
            seen.add(id(entry))
            out.append(entry)
    return out


def _cited_by_link(kb: KnowledgeBase, entry: CitingEntry, links: Links) -> str:
    if not isinstance(entry, ClaimEntry):
        return f"[Actor: {escape(entry.record.name)}]({links.actor(entry.id)})"
    return f"[{escape(short_text(entry.record.text))}]({links.claim(entry)})"


def _highlighted(text: str, spans: list[Any], quoted_only: bool = False) -> str:
    """Escape a paragraph and wrap the cited spans (merged) in <mark>; ``quoted_only``: the
    cited spans alone, joined by an ellipsis."""
    ranges = sorted((s.start, s.end) for s in spans)
    merged: list[list[int]] = []
    for start, end in ranges:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    if quoted_only:
        return " … ".join("<mark>" + escape_keep_space(text[start:end]) + "</mark>" for start, end in merged)
    out, position = [], 0
    for start, end in merged:
        out.append(escape_keep_space(shown(text, position, start)))
        out.append("<mark>" + escape_keep_space(shown(text, start, end)) + "</mark>")
        position = end
    out.append(escape_keep_space(shown(text, position)))
    return "".join(out)


def timeline(kb: KnowledgeBase, links: Links, listing: Listing[ClaimEntry], number: int) -> str:
    page = Page(kb, links)
    page.add(pager(listing, number, links), "", periods.bar(kb, listing), "")
    page.add(
        f'<section class="kb-timeline-list" {NOT_SEARCHED} markdown>', ""
    )  # each claim is found on its topic page
    heading = None
    for entry in listing.items_on(number):
        when = entry.when
        current = f"{upper_first(when.words())}, date not known" if when.open_ended else str(when.key[0])
        if current != heading:
            heading = current
            page.add(f"## {escape(heading)} {{ {NOT_SEARCHED} }}", "")
        claim_block(page, entry, show_topic=True, anchor=False, compact=True)
    page.add("</section>", "")
    page.add(pager(listing, number, links, end=True), "")
    return page.markdown()


def actor_index(kb: KnowledgeBase, links: Links, listing: Listing[Any], number: int) -> str:
    lines, kind = [pager(listing, number, links), ""], None
    for actor in listing.items_on(number):
        if actor.record.kind != kind:
            kind = actor.record.kind
            lines += [
                "",
                f"## {ACTOR_KINDS[kind].plural}",
                "",
                "| Name | Also written | Role | Claims |",
                "| --- | --- | --- | --- |",
            ]
        lines.append(
            f"| {actor_link(kb, actor.id, links)} | {escape(', '.join(actor.record.aliases))} "
            f"| {escape(actor.record.role)} | {len(kb.claims_involving(actor.id))} |"
        )
    lines += ["", pager(listing, number, links, end=True)]
    # a <div> around the tables, so that on a phone each row reads as a short entry (kb.css)
    return '<div class="kb-actor-index" markdown>\n\n' + "\n".join(lines) + "\n\n</div>\n"


def place_claims(kb: KnowledgeBase, links: Links, listing: Listing[ClaimEntry], number: int) -> str:
    """Page ``number`` of the claims naming a place; page 1 opens with the place and its names."""
    page = Page(kb, links)
    place = kb.reference.place(listing.subject)
    if number == 1:
        page.add(f"# {escape(place.name)}", "")
        facts = [f"**Kind:** {escape(place.kind)}"]
        if place.country:
            facts.append(f"**Country:** {escape(place.country)}")
        if place.within:
            facts.append(
                f"**Within:** [{escape(kb.reference.place(place.within).name)}]({links.place(place.within)})"
            )
        if place.coordinates:
            facts.append(f"**Coordinates:** {escape(coordinates_text(place))}")
        if place.geonames:
            number_text = str(place.geonames.id)
            facts.append(f"**GeoNames:** [{number_text}](https://www.geonames.org/{number_text})")
        page.add('<div class="kb-actor-facts" markdown>', " · ".join(facts), "</div>", "")
        page.add(*locator(kb, links, place, listing.items))
        page.add(*names_section(place.names, exclude=(place.name,)))
        page.add("## Claims that name this place", "")
        if not listing.items and place.not_in:
            within = ", ".join(f"“{escape(name)}”" for name in place.not_in)
            page.add(f"No claim names this place itself; the sources name it only within {within}.", "")
        elif not listing.items:
            page.add(
                "No claim names this place in our words; the archived sources do (see `match` in "
                "data/reference/places.yaml).",
                "",
            )
    page.add(pager(listing, number, links), "", periods.bar(kb, listing), "")
    page.add(f'<section class="kb-place-claims" {NOT_SEARCHED} markdown>', "")
    for claim in listing.items_on(number):
        claim_block(page, claim, show_topic=True, anchor=False, compact=True)
    page.add("</section>", "", pager(listing, number, links, end=True), "")
    return page.markdown()


def name_label(form: NameForm) -> str:
    """ "Russian", "Belarusian, BGN/PCGN 1979", "German, historical"."""
    label = language_label(form.lang)
    if form.system:
        label += f", {system_name(form.lang, form.system) or form.system}"
    return label + (", historical" if form.historical else "")


def name_origin(form: NameForm) -> str:
    """Where a form comes from, as a reader reads it: a romanisation says what it was made from."""
    return f"romanised from {form.from_}" if form.system and form.from_ else form.origin


def names_section(forms: list[NameForm], exclude: tuple[str, ...]) -> list[str]:
    """The names in other scripts and languages, folded under a heading: a table with where each
    form comes from, and their accent-free spellings for search."""
    shown_forms = [f for f in _distinct(forms) if f.text not in exclude]
    if not shown_forms:
        return []
    rows = [
        "## Names in other scripts and languages",
        "",
        f'<details class="kb-names" markdown><summary>{len(shown_forms)} forms, and where each comes from</summary>',
        "",
        "These are names, not claims: each comes from a standard table, a library or a public record.",
        "",
        "| Form | Language or system | From |",
        "| --- | --- | --- |",
        *(f"| {escape(f.text)} | {escape(name_label(f))} | {escape(name_origin(f))} |" for f in shown_forms),
        "",
        "</details>",
        "",
    ]
    folded = sorted({fold_for_search(f.text) for f in shown_forms} - {f.text for f in shown_forms})
    if folded:  # read by search only: a reader typing without diacritics still finds the page
        rows += [f'<p hidden class="kb-search-only">{escape(" · ".join(folded))}</p>']
    return rows + [""]


def _distinct(forms: list[NameForm]) -> list[NameForm]:
    seen: set[str] = set()
    out = []
    for form in forms:
        if form.text not in seen:
            seen.add(form.text)
            out.append(form)
    return out


FOLDED = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "đ": "d", "ʹ": "", "’": "", "'": "", "ʼ": "", "″": ""})


def fold_for_search(text: str) -> str:
    """The text without diacritics or apostrophes: "Łukašenka" → "Lukasenka"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(FOLDED))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def place_index(kb: KnowledgeBase, links: Links) -> str:
    """Every place on the map, then the table (the map's text alternative)."""
    places = kb.reference.places
    picture = placemap.place_map(
        kb,
        places,
        lambda p: links.place_href(p.id),
        lambda p: kb.claims_at(p.id),
        "Map of the places the sources name; each links to its page. The table below lists them all.",
    )
    rows = [picture, "", *_off_map_note(kb, places), ""] if picture else []
    rows += ["| Place | Kind | Country | Coordinates | Claims |", "| --- | --- | --- | --- | --- |"]
    for place in sorted(places, key=lambda p: p.name.lower()):
        rows.append(
            f"| [{escape(place.name)}]({links.place(place.id)}) | {escape(place.kind)} "
            f"| {escape(place.country or '')} | {escape(coordinates_text(place))} | {len(kb.claims_at(place.id))} |"
        )
    return "\n".join(rows) + "\n"


def coordinates_text(place: Place) -> str:
    """ "50.45° N, 30.52° E", or why there is no point."""
    if place.coordinates is None:
        return f"none: {place.unmapped}" if place.unmapped else ""
    lat, lon = place.coordinates.lat, place.coordinates.lon
    return f"{abs(lat):.2f}° {'N' if lat >= 0 else 'S'}, {abs(lon):.2f}° {'E' if lon >= 0 else 'W'}"


def _off_map_note(kb: KnowledgeBase, places: list[Place]) -> list[str]:
    away = placemap.off_map(kb, places)
    if not away:
        return []
    names = ", ".join(escape(p.name) for p in sorted(away, key=lambda p: p.name.lower()))
    return [f"Not on the map (outside its frame, or no single point): {names}.", ""]


def locator(kb: KnowledgeBase, links: Links, place: Place, claims: list[ClaimEntry]) -> list[str]:
    """A place page's map: the place alone, or a sentence saying why there is none."""
    picture = placemap.place_map(
        kb, [place], lambda p: links.place_href(p.id), lambda p: claims, f"Where {place.name} lies"
    )
    if picture:
        return [picture, ""]
    if place.coordinates:
        return ["This place lies outside the map's frame (the region around Belarus).", ""]
    return []


def topic_places(kb: KnowledgeBase, links: Links, listing: Listing[ClaimEntry]) -> list[str]:
    """The places a topic's claims name: a map whose points link to the first claim naming each,
    and the list of places with links to every claim (the map's text alternative)."""
    named: dict[str, list[ClaimEntry]] = {}
    for entry in listing.items:
        for place in kb.places_of(entry.id):
            named.setdefault(place.id, []).append(entry)
    if not named:
        return []
    places = [p for p in kb.reference.places if p.id in named]
    picture = placemap.place_map(
        kb,
        places,
        lambda p: links.claim_href(named[p.id][0]),
        lambda p: named[p.id],
        "Map of the places this page's claims name; each links to the first claim naming it. "
        "The list below links every claim.",
    )
    lines = ["## Places these claims name", ""]
    if picture:
        lines += [picture, ""]
    lines.append(f'<ul class="kb-map-list" {NOT_SEARCHED}>')
    for place in places:  # raw HTML: escaped as HTML, not as Markdown
        refs = []
        for entry in named[place.id]:  # labelled as the cards are, never as a footnote number
            label = f"claim {listing.number_of(entry.id)}"
            refs.append(f'<a href="{html.escape(links.claim_href(entry))}">{label}</a>')
        place_link = f'<a href="{html.escape(links.place_href(place.id))}">{html.escape(place.name)}</a>'
        where = "" if place.coordinates else " (not on the map)"
        lines.append(f"<li>{place_link}{where}: {' · '.join(refs)}</li>")
    lines += ["</ul>", ""]
    return lines


RENDERERS = {
    "topic": topic_claims,
    "timeline": timeline,
    "actor-index": actor_index,
    "actor": actor_claims,
    "place": place_claims,
}


def listing_page(kb: KnowledgeBase, links: Links, listing: Listing[Any], number: int) -> str:
    """Page ``number`` of any listing, as the listing's own renderer draws it."""
    return RENDERERS[listing.what](kb, links, listing, number)


def source_index(kb: KnowledgeBase, links: Links) -> str:
    lines = ["| Source | Publisher | Published | Paragraphs cited |", "| --- | --- | --- | --- |"]
    for source_id, source in kb.sources.items():
        meta = source.meta
        origin = meta.original_publisher or meta.publisher
        publisher = actor_link(kb, origin, links) if origin else "not stated"
        if meta.original_publisher and meta.publisher and meta.publisher != meta.original_publisher:
            publisher += f", as republished by {actor_link(kb, meta.publisher, links)}"
        published = source.publication
        when = published.words() + ("" if published.stated or published.value is None else " (worked out)")
        covered = kb.coverage(source_id)
        lines.append(
            f"| [{escape(meta.title)}]({links.source(source_id)}) | {publisher} | {escape(when)} "
            f"| {len(covered.cited)} / {len(covered.substantive)} |"
        )
    return "\n".join(lines) + "\n"


def sanctions_table(kb: KnowledgeBase, links: Links, listing: Listing[ClaimEntry]) -> str:
    """The sanction decisions on the topic's first page, as a table grouped by who imposed them
    (the name shown once a group), each group oldest first."""
    page = Page(kb, links)
    page.add('<div class="kb-sanctions" markdown>', "")
    page.add(
        "| Imposed by | When | Target | Measures | Trigger | Sources |",
        "| --- | --- | --- | --- | --- | --- |",
    )

    def imposers(entry: ClaimEntry) -> str:
        record = entry.sanction
        return ", ".join(kb.actors[a].record.name for a in record.imposed_by) if record else ""

    entries = sorted(listing.items_on(1), key=lambda c: (imposers(c).lower(), c.when.open_ended, c.when.key))
    group = None
    for entry in entries:
        record = entry.sanction
        if record is None:
            continue
        first = imposers(entry) != group
        group = imposers(entry)
        page.add(
            "| "
            + " | ".join(
                [
                    ", ".join(actor_link(kb, a, links) for a in record.imposed_by) if first else "",
                    f"[{escape(entry.when.words())}]({links.claim(entry)})",
                    escape(record.target),
                    "; ".join(escape(m) for m in record.measures),
                    escape(record.trigger or "—"),
                    page.cite_refs(entry, "t"),
                ]
            )
            + " |"
        )
    page.add("", "</div>", "")
    return page.markdown()


def kind_legend() -> str:
    return " · ".join(f'<span class="kb-kind kb-kind--{k.value}">{k.label}</span>' for k in CLAIM_KINDS)


RELATIONS_LIST = "kb-relations-list"  # the anchor of the relations page's list


def relations_list(
    kb: KnowledgeBase, links: Links, actor_id: str | None = None, among: set[str] | None = None
) -> str:
    """The relations as sentences: the text alternative to the diagram (of one actor, or
    between the actors ``among``)."""
    lines = []
    for entry in kb.relations_of(actor_id) if actor_id else kb.relations:
        relation = entry.record
        if among is not None and not {relation.source, relation.target} <= among:
            continue
        per = f", in {actor_link(kb, relation.per, links)}'s own words" if relation.per else ""
        when = periods.attributes(periods.relation_intervals(kb, [entry]))
        lines.append(
            f'<li class="kb-when" {when} markdown="span">'
            f"{actor_link(kb, relation.source, links)} {RELATION_TYPES[relation.type].label} "
            f"{actor_link(kb, relation.target, links)}{per} "
            f'(<time datetime="{entry.when.datetime}">{escape(entry.when.words())}</time>): '
            f"[{escape(entry.claim.record.text)}]({links.claim(entry.claim)})</li>"
        )
    if not lines:
        return ""
    anchor = "" if actor_id else f' id="{RELATIONS_LIST}"'
    return "\n".join([f'<ul class="kb-relations"{anchor} markdown>', *lines, "</ul>"])


def downloads_table(files: list[tuple[str, str, int]], links: Links) -> str:
    """(name, description, size in bytes) of each download, as a table."""
    rows = ["| File | Contents | Size |", "| --- | --- | --- |"]
    for name, description, size in files:
        rows.append(
            f"| [{escape(name)}]({links.md(links.urls.download(name))}) | {escape(description)} "
            f"| {size / 1024:.1f} KiB |"
        )
    return "\n".join(rows) + "\n"


def topic_page(kb: KnowledgeBase, links: Links, listing: Listing[ClaimEntry]) -> str:
    """The whole page of a topic that has no prose page in docs/: its title, then what the
    ``claims`` macro gives a prose page (the overview, a sanctions topic's table, the sections)."""
    topic = kb.topic(listing.subject)
    return f"# {escape(topic.title)}\n\n" + topic_claims(kb, links, listing, 1)


def topic_list(kb: KnowledgeBase, links: Links) -> str:
    """The topics as a list of links with their summaries (the home page)."""
    lines = []
    for topic in kb.topics:
        summary = f": {escape(topic.summary)}" if topic.summary else ""
        lines.append(f"- [{escape(topic.title)}]({links.md(links.urls.topic(topic.id))}){summary}")
    return "\n".join(lines) + "\n"


def changes_table(kb: KnowledgeBase, links: Links) -> str:
    """The then-and-now threads, one each: its title, the earlier claims, the later ones and
    what changed, each claim dated and cited."""
    if not kb.threads:
        return "No then-and-now thread has been recorded yet.\n"
    page = Page(kb, links)
    for thread in kb.threads:
        record = thread.record
        change = "A later source contradicts" if record.change == "contradicts" else "A later source updates"
        page.add(
            f"## {escape(record.title)} {{ #{thread_anchor(record.id)} }}",
            "",
            '<div class="kb-thread-change" markdown>',
            f"**{change}.** {with_claim_links(record.note, kb, links)}",
            "</div>",
            "",
        )
        if record.because:
            then, later = record.because.earlier.says, record.because.later.says
            page.add(f"**Then:** {escape(then)} **Later:** {escape(later)}", "")
        # folded, so that the page reads as a list of what changed (one line a thread on a phone)
        count = len(thread.earlier) + len(thread.later)
        page.add(
            f'<details class="kb-thread-claims" {NOT_SEARCHED} markdown>',
            f"<summary>The {count} dated claims, then and later</summary>",
            "",
        )
        for label, claims in (("Then", thread.earlier), ("Later", thread.later)):
            page.add(f"**{label}**", "")
            page.add(
                *(
                    f"- **{escape(upper_first(about_said(c.record, c.as_of) or c.when.words()))}:** "
                    f"[{escape(c.record.text)}]({links.claim(c)})" + page.cite_refs(c, "h")
                    for c in claims
                ),
                "",
            )
        page.add("</details>", "")
    return page.markdown()
