"""Whole pages and page sections: sources, actors, timeline, indexes, tables."""

from __future__ import annotations

import unicodedata
from typing import Any

from . import graph
from .kinds import ACTOR_KINDS, CLAIM_KINDS, RELATION_TYPES
from .model import Cite, CitingEntry, ClaimEntry, KnowledgeBase
from .paging import Listing
from .reference import NameForm
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
from .urls import Links, paragraph_anchor, thread_anchor


def actor_claims(kb: KnowledgeBase, links: Links, listing: Listing[ClaimEntry], number: int) -> str:
    """Page ``number`` of an actor's claims; page 1 opens with the actor's header."""
    page = Page(kb, links)
    actor_id = listing.subject
    if number == 1:
        _actor_header(page, kb, actor_id)
        page.add("## Claims involving this actor", "")
        if not listing.items:
            page.add("No claim names this actor yet.", "")
    page.add(pager(listing, number, links), "")
    # Each claim is found on its topic page. (Material's search compares elements by tag, so the
    # excluded wrapper is a <section>, never a <div> holding the claims' <div>s.)
    page.add(f'<section class="kb-actor-claims" {NOT_SEARCHED} markdown>', "")
    shown = listing.items_on(number)
    for topic in kb.topics:
        in_topic = [c for c in shown if c.topic.id == topic.id]
        if in_topic:
            page.add(f"### {escape(topic.title)} {{ {NOT_SEARCHED} }}", "")
            for claim in in_topic:
                claim_block(page, claim, anchor=False)
    page.add("</section>", "")
    page.add(pager(listing, number, links), "")
    return page.markdown()


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
    facts = [f"**Kind:** {ACTOR_KINDS[actor.kind].label}"]
    forms = kb.reference.also_written(actor_id, exclude=(actor.name, *actor.aliases))
    written = [*actor.aliases, *(f.text for f in forms)]
    if written:
        facts.append("**Also written:** " + ", ".join(escape(a) for a in written))
    page.add('<div class="kb-actor-facts" markdown>', " · ".join(facts), "</div>", "")
    page.add(escape(actor.role) + page.cite_refs(entry, "r") + known_from(kb, links, actor), "")
    names = names_section(forms, exclude=())
    if actor.note:
        page.add(
            '<div class="kb-note" markdown>',
            f"**Note:** {with_claim_links(actor.note, kb, links)}",
            "</div>",
            "",
        )
    authored = kb.sources_by(actor_id)
    if authored:
        page.add("## Sources by this actor", "")
        page.add(*(f"- [{escape(s.meta.title)}]({links.source(s.meta.id)})" for s in authored), "")
    if names:
        page.add(*names)
    picture = graph.neighbourhood(kb, actor_id, links.actor_href, links.claim_href)
    if picture:
        phone = graph.neighbourhood_phone(kb, actor_id, links.actor_href, links.claim_href)
        page.add("## Relations", "", picture, "", phone, "", relations_list(kb, links, actor_id), "")


def pager(listing: Listing[Any], number: int, links: Links) -> str:
    """Links to the other pages of a long list (nothing when it fits on one)."""
    count = listing.page_count
    if count == 1:
        return ""
    items = [f"**{k}**" if k == number else f"[{k}]({links.listing(listing, k)})" for k in listing.pages()]
    return "\n".join(
        [
            f'<nav class="kb-pager" aria-label="Pages of this list" {NOT_SEARCHED} markdown>',
            f"Page {number} of {count}: " + " · ".join(items),
            "</nav>",
        ]
    )


def topic_claims(kb: KnowledgeBase, links: Links, listing: Listing[ClaimEntry], number: int) -> str:
    """One page of a topic: on the first, its cited overview; then its claims section by section,
    each section an <h2> (so the table of contents shows them), with the pager when it is long."""
    topic = kb.topic(listing.subject)
    page = Page(kb, links)
    if number == 1 and topic.overview:
        _overview(page, topic)
    if number == 1 and topic.records == "sanction":
        page.add("## At a glance", "", sanctions_table(kb, links, listing), "")
    nav = pager(listing, number, links)
    page.add(nav, "")
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
        claim_block(page, entry)
    page.add(nav, "")
    return page.markdown()


def _overview(page: Page, topic: Topic) -> None:
    """The overview: each sentence of our synthesis, followed by links to the claims it rests on."""
    kb, links = page.kb, page.links
    claims = {c.id: c for c in kb.claims}
    sentences = []
    number = 0
    for sentence in topic.overview:
        refs = []
        for claim_id in sentence.claims:
            number += 1
            claim = claims[claim_id]
            title = escape(short_text(claim.record.text)).replace('"', "&quot;")
            refs.append(f'[{number}]({links.claim(claim)} "{title}")')
        sentences.append(f'{escape(sentence.text)}<sup class="kb-refs">{", ".join(refs)}</sup>')
    page.add('<div class="kb-overview" markdown>', " ".join(sentences), "</div>", "")


def source_page(kb: KnowledgeBase, links: Links, source_id: str) -> str:
    source = kb.sources[source_id]
    meta = source.meta
    page = Page(kb, links)
    page.add(f"# {escape(meta.title)}", "")
    page.add(*source_metadata(kb, source_id, links), "")
    page.add(
        "## Archived text",
        "",
        "Paragraphs are numbered as in the archived file; cited passages are highlighted "
        "and the claims citing each paragraph are listed under it.",
        "",
    )
    citing = _citations_by_paragraph(kb, source_id)
    for paragraph in source.text.paragraphs:
        number = paragraph.number
        excluded = source.excluded.get(number)
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


def _highlighted(text: str, spans: list[Any]) -> str:
    """Escape a paragraph and wrap the cited spans (merged) in <mark>."""
    ranges = sorted((s.start, s.end) for s in spans)
    merged: list[list[int]] = []
    for start, end in ranges:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out, position = [], 0
    for start, end in merged:
        out.append(escape_keep_space(text[position:start]))
        out.append("<mark>" + escape_keep_space(text[start:end]) + "</mark>")
        position = end
    out.append(escape_keep_space(text[position:]))
    return "".join(out)


def timeline(kb: KnowledgeBase, links: Links, listing: Listing[ClaimEntry], number: int) -> str:
    page = Page(kb, links)
    page.add(pager(listing, number, links), "")
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
    page.add(pager(listing, number, links), "")
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
    lines += ["", pager(listing, number, links)]
    return "\n".join(lines) + "\n"


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
        page.add('<div class="kb-actor-facts" markdown>', " · ".join(facts), "</div>", "")
        page.add(*names_section(place.names, exclude=(place.name,)))
        page.add("## Claims that name this place", "")
        if not listing.items:
            page.add(
                "No claim names this place in our words; the archived sources do (see `match` in "
                "data/reference/places.yaml).",
                "",
            )
    page.add(pager(listing, number, links), "")
    page.add(f'<section class="kb-place-claims" {NOT_SEARCHED} markdown>', "")
    for claim in listing.items_on(number):
        claim_block(page, claim, show_topic=True, anchor=False, compact=True)
    page.add("</section>", "", pager(listing, number, links), "")
    return page.markdown()


LANGUAGES = {
    "be": "Belarusian",
    "ru": "Russian",
    "uk": "Ukrainian",
    "pl": "Polish",
    "de": "German",
    "fr": "French",
    "en": "English",
    "lt": "Lithuanian",
}
SYSTEMS = {
    "bgn-pcgn": "BGN/PCGN",
    "iso9": "ISO 9",
    "national": "national system",
    "passport": "passport",
    "lacinka": "Łacinka",
}


def name_label(form: NameForm) -> str:
    """ "Russian", "Belarusian, Łacinka", "Ukrainian, BGN/PCGN"."""
    language = LANGUAGES.get(form.lang.split("-")[0], form.lang)
    return f"{language}, {SYSTEMS[form.system]}" if form.system else language


def names_section(forms: list[NameForm], exclude: tuple[str, ...]) -> list[str]:
    """The names in other scripts and languages: a table with where each form comes from, and
    their accent-free spellings for search."""
    shown = [f for f in _distinct(forms) if f.text not in exclude]
    if not shown:
        return []
    rows = [
        "## Names in other scripts and languages",
        "",
        "These are names, not claims: each comes from a standard table, a library or a public record.",
        "",
        "| Form | Language or system | From |",
        "| --- | --- | --- |",
    ]
    rows += [f"| {escape(f.text)} | {escape(name_label(f))} | {escape(f.origin)} |" for f in shown]
    folded = sorted({fold_for_search(f.text) for f in shown} - {f.text for f in shown})
    if folded:  # read by search only: a reader typing without diacritics still finds the page
        rows += ["", f'<p hidden class="kb-search-only">{escape(" · ".join(folded))}</p>']
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
    rows = ["| Place | Kind | Country | Claims |", "| --- | --- | --- | --- |"]
    for place in sorted(kb.reference.places, key=lambda p: p.name.lower()):
        rows.append(
            f"| [{escape(place.name)}]({links.place(place.id)}) | {escape(place.kind)} "
            f"| {escape(place.country or '')} | {len(kb.claims_at(place.id))} |"
        )
    return "\n".join(rows) + "\n"


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
        lines.append(
            f"- {actor_link(kb, relation.source, links)} {RELATION_TYPES[relation.type].label} "
            f"{actor_link(kb, relation.target, links)}{per}: [{escape(entry.claim.record.text)}]"
            f"({links.claim(entry.claim)})"
        )
    return "\n".join(lines)


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
        for label, claims in (("Then", thread.earlier), ("Later", thread.later)):
            page.add(f"<section {NOT_SEARCHED} markdown>", f"**{label}**", "")
            page.add(
                *(
                    f"- **{escape(upper_first(c.when.words()))}:** [{escape(c.record.text)}]({links.claim(c)})"
                    + page.cite_refs(c, "h")
                    for c in claims
                ),
                "",
                "</section>",
                "",
            )
    return page.markdown()
