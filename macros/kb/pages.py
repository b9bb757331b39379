"""Whole pages and page sections: sources, actors, timeline, indexes, tables."""

from __future__ import annotations

import math

from . import graph
from .load import Entry, KnowledgeBase
from .render import (KIND_LABELS, Links, Page, actor_link, claim_block, claim_list, escape, format_date,
                     part_path)
from .schema import date_key

ACTOR_KIND_LABELS = {
    "person": "Person", "organisation": "Organisation", "state": "State",
    "state-body": "State body", "armed-formation": "Armed formation", "outlet": "Outlet",
}


def actor_page(kb: KnowledgeBase, actor_id: str, part: int = 1) -> str:
    entry = kb.actors[actor_id]
    actor, links = entry.record, Links.for_page(part_path(f"actors/{actor_id}", part))
    claims = kb.claims_involving(actor_id)
    count = part_count(claims, kb.page_size)
    page = Page(kb, links)
    if part > 1:
        page.add(f"# {escape(actor.name)}: claims, page {part} of {count}", "", pager(f"actors/{actor_id}", part, count, links), "")
    else:
        _actor_header(page, kb, actor_id)
        page.add("## Claims involving this actor", "")
        if not claims:
            page.add("No claim names this actor yet.", "")
        page.add(pager(f"actors/{actor_id}", part, count, links), "")
    shown = chunk(claims, part, kb.page_size)
    for topic in kb.topics:
        in_topic = [c for c in shown if c.topic.id == topic.id]
        if in_topic:
            page.add(f"### {escape(topic.title)}", "")
            for claim in in_topic:
                claim_block(page, claim, anchor=False)
    page.add(pager(f"actors/{actor_id}", part, count, links), "")
    return page.markdown()


def _actor_header(page: Page, kb: KnowledgeBase, actor_id: str) -> None:
    entry, links = kb.actors[actor_id], page.links
    actor = entry.record
    page.add(f"# {escape(actor.name)}", "")
    facts = [f"**Kind:** {ACTOR_KIND_LABELS[actor.kind]}"]
    if actor.aliases:
        facts.append("**Also written:** " + ", ".join(escape(a) for a in actor.aliases))
    page.add('<div class="kb-actor-facts" markdown>', " · ".join(facts), "</div>", "")
    page.add(escape(actor.role) + page.cite_refs(entry, "r"), "")
    if actor.note:
        page.add('<div class="kb-note" markdown>', f"**Note:** {escape(actor.note)}", "</div>", "")
    authored = kb.sources_by(actor_id)
    if authored:
        page.add("## Sources by this actor", "")
        page.add(*(f"- [{escape(s.meta.title)}]({links.source(s.meta.id)})" for s in authored), "")
    picture = graph.neighbourhood(kb, actor_id, links.actor_url, links.claim_url)
    if picture:
        page.add("## Relations", "", picture, "", relations_list(kb, links, actor_id), "")


def part_count(items: list, size: int) -> int:
    return max(1, math.ceil(len(items) / size))


def chunk(items: list, part: int, size: int) -> list:
    return items[(part - 1) * size: part * size]


def pager(stem: str, part: int, count: int, links: Links) -> str:
    """Links to the other pages of a long list (nothing when it fits on one)."""
    if count == 1:
        return ""
    items = [f"**{k}**" if k == part else f"[{k}]({links.part(stem, k)})" for k in range(1, count + 1)]
    return "\n".join(['<nav class="kb-pager" aria-label="Pages of this list" markdown>',
                      f"Page {part} of {count}: " + " · ".join(items), "</nav>"])


def topic_claims(kb: KnowledgeBase, topic_id: str, links: Links, part: int = 1) -> str:
    """One page of a topic's claims, with the pager when the topic is long."""
    entries = kb.claims_in(topic_id)
    stem = entries[0].topic.page.removesuffix(".md") if entries else topic_id
    count = part_count(entries, kb.page_size)
    shown = [e for e in entries if e.part == part]
    nav = pager(stem, part, count, links)
    return nav + "\n\n" + claim_list(kb, shown, links) + "\n" + nav + "\n"


def topic_parts(kb: KnowledgeBase, topic_id: str) -> int:
    return part_count(kb.claims_in(topic_id), kb.page_size)


def timeline_parts(kb: KnowledgeBase) -> int:
    return part_count(kb.dated_claims, kb.page_size)


def actor_parts(kb: KnowledgeBase, actor_id: str) -> int:
    return part_count(kb.claims_involving(actor_id), kb.page_size)


def source_page(kb: KnowledgeBase, source_id: str) -> str:
    source = kb.sources[source_id]
    meta, links = source.meta, Links.for_page(f"sources/{source_id}.md")
    page = Page(kb, links)
    page.add(f"# {escape(meta.title)}", "")
    page.add(*source_metadata(kb, source_id, links), "")
    page.add("## Archived text", "",
             "Paragraphs are numbered as in the archived file; cited passages are highlighted "
             "and the claims citing each paragraph are listed under it.", "")
    citing = _citations_by_paragraph(kb, source_id)
    for paragraph in source.text.paragraphs:
        number = paragraph.number
        excluded = source.excluded.get(number)
        classes = "kb-para kb-para--excluded" if excluded else "kb-para"
        page.add(f'<div class="{classes}" id="p{number}" markdown>',
                 f'<a class="kb-pnum" href="#p{number}" title="Paragraph {number}">¶{number}</a> '
                 + _highlighted(paragraph.text, [span for _, cite in citing.get(number, []) for span in cite.spans
                                                 if span.paragraph == number]), "")
        if excluded:
            page.add('<div class="kb-excluded" markdown>',
                     f"*Not cited: {escape(excluded.kind)}. {escape(excluded.reason)}*", "</div>", "")
        cited_by = _unique_entries(citing.get(number, []))
        if cited_by:
            items = [_cited_by_link(kb, entry, links) for entry in cited_by]
            page.add('<div class="kb-cited-by" markdown>', "**Cited by:** " + " · ".join(items), "</div>", "")
        page.add("</div>", "")
    return page.markdown()


def source_metadata(kb: KnowledgeBase, source_id: str, links: Links) -> list[str]:
    meta = kb.sources[source_id].meta
    published = meta.published
    if published.date:
        when = f"{escape(format_date(published.date))} (precision: {published.precision})"
    else:
        when = "Not stated"
        if published.inferred:
            when += f"; inferred: {escape(format_date(published.inferred))}"
    rows = [("Source id", f"`{meta.id}`")]
    if meta.authors:
        rows.append(("Author(s)", ", ".join(actor_link(kb, a, links) for a in meta.authors)))
    for label, actor in (("Publisher", meta.publisher), ("Originally published by", meta.original_publisher)):
        if actor:
            rows.append((label, actor_link(kb, actor, links)))
    rows.append(("Published", when))
    if published.evidence:
        rows.append(("Evidence for the date", escape(published.evidence)))
    rows.append(("Language", f"`{meta.language}`"))
    rows.append(("Archived file", f"[{escape(meta.file)}]({links.base}sources/raw/{meta.file})"))
    rows.append(("SHA-256", f"`{meta.sha256}`"))
    if meta.notes:
        rows.append(("Notes", escape(meta.notes)))
    return ["| | |", "| --- | --- |", *(f"| {label} | {value} |" for label, value in rows)]


def _citations_by_paragraph(kb: KnowledgeBase, source_id: str) -> dict[int, list]:
    found: dict[int, list] = {}
    for entry, cite in kb.citations_of(source_id):
        for span in cite.spans:
            found.setdefault(span.paragraph, []).append((entry, cite))
    return found


def _unique_entries(pairs) -> list[Entry]:
    seen, out = set(), []
    for entry, _ in pairs:
        if id(entry) not in seen:
            seen.add(id(entry))
            out.append(entry)
    return out


def _cited_by_link(kb: KnowledgeBase, entry: Entry, links: Links) -> str:
    if entry.topic is None:
        return f"[Actor: {escape(entry.record.name)}]({links.actor(entry.id)})"
    text = entry.record.text
    short = text if len(text) <= 90 else text[:87].rsplit(" ", 1)[0] + "…"
    return f"[{escape(short)}]({links.claim(entry)})"


def _highlighted(text: str, spans) -> str:
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


def escape_keep_space(text: str) -> str:
    """Like escape, but keeps the spaces at either end (pieces of one paragraph)."""
    if not text.strip():
        return " " if text else ""
    lead = " " if text[0].isspace() else ""
    trail = " " if text[-1].isspace() else ""
    return lead + escape(text) + trail


def timeline(kb: KnowledgeBase, links: Links, part: int = 1) -> str:
    dated = kb.dated_claims
    count = part_count(dated, kb.page_size)
    page = Page(kb, links)
    page.add(pager("timeline", part, count, links), "")
    year = None
    for entry in chunk(dated, part, kb.page_size):
        if date_key(entry.record.date)[0] != year:
            year = date_key(entry.record.date)[0]
            page.add(f"## {year}", "")
        claim_block(page, entry, show_topic=True, anchor=False, compact=True)
    page.add(pager("timeline", part, count, links), "")
    return page.markdown()


def actor_index(kb: KnowledgeBase, links: Links, part: int = 1) -> str:
    kinds = list(ACTOR_KIND_LABELS)
    actors = sorted(kb.actors.values(), key=lambda a: (kinds.index(a.record.kind), a.record.name.lower()))
    rows = 2 * kb.page_size
    count = part_count(actors, rows)
    lines, kind = [pager("actors", part, count, links), ""], None
    for actor in chunk(actors, part, rows):
        if actor.record.kind != kind:
            kind = actor.record.kind
            label = ACTOR_KIND_LABELS[kind]
            lines += ["", f"## {label}s" if not label.endswith("y") else f"## {label}", "",
                      "| Name | Also written | Role | Claims |", "| --- | --- | --- | --- |"]
        lines.append(f"| {actor_link(kb, actor.id, links)} | {escape(', '.join(actor.record.aliases))} "
                     f"| {escape(actor.record.role)} | {len(kb.claims_involving(actor.id))} |")
    lines += ["", pager("actors", part, count, links)]
    return "\n".join(lines) + "\n"


def actor_index_parts(kb: KnowledgeBase) -> int:
    return part_count(list(kb.actors), 2 * kb.page_size)


def source_index(kb: KnowledgeBase, links: Links) -> str:
    lines = ["| Source | Publisher | Published | Paragraphs cited |", "| --- | --- | --- | --- |"]
    for source_id, source in kb.sources.items():
        meta = source.meta
        publisher = actor_link(kb, meta.publisher, links) if meta.publisher else "not stated"
        when = format_date(meta.published.date) or "not stated"
        cited, substantive = coverage(kb, source_id)
        lines.append(f"| [{escape(meta.title)}]({links.source(source_id)}) | {publisher} | {escape(when)} "
                     f"| {len(cited)} / {len(substantive)} |")
    return "\n".join(lines) + "\n"


def coverage(kb: KnowledgeBase, source_id: str) -> tuple[set[int], list[int]]:
    """(cited paragraph numbers, substantive paragraph numbers) of a source."""
    source = kb.sources[source_id]
    substantive = [p.number for p in source.text.paragraphs if p.number not in source.excluded]
    cited = {span.paragraph for _, cite in kb.citations_of(source_id) for span in cite.spans}
    return cited & set(substantive), substantive


def sanctions_table(kb: KnowledgeBase, topic_id: str, links: Links) -> str:
    page = Page(kb, links)
    page.add("| Date | Imposed by | Target | Measures | Trigger | Sources |", "| --- | --- | --- | --- | --- | --- |")
    entries = sorted((c for c in kb.claims_in(topic_id) if c.part == 1),
                     key=lambda c: (date_key(c.record.date) if c.record.date else (9999, 0, 0)))
    for entry in entries:
        record = entry.record
        page.add("| " + " | ".join([
            f"[{escape(format_date(record.date)) or 'undated'}]({links.claim(entry)})",
            ", ".join(actor_link(kb, a, links) for a in record.imposed_by),
            escape(record.target),
            "; ".join(escape(m) for m in record.measures),
            escape(record.trigger or "—"),
            f"{len({c.source for c in entry.cites})}" + page.cite_refs(entry, "t"),
        ]) + " |")
    return page.markdown()


def kind_legend() -> str:
    return " · ".join(f'<span class="kb-kind kb-kind--{k}">{label}</span>' for k, label in KIND_LABELS.items())


def relations_list(kb: KnowledgeBase, links: Links, actor_id: str | None = None,
                   among: set[str] | None = None) -> str:
    """The relations as sentences: the text alternative to the diagram (of one actor, or
    between the actors ``among``)."""
    lines = []
    for entry in kb.relations_of(actor_id) if actor_id else kb.relations:
        relation = entry.record
        if among is not None and not {relation.source, relation.target} <= among:
            continue
        lines.append(f"- {actor_link(kb, relation.source, links)} {graph.RELATION_LABELS[relation.type]} "
                     f"{actor_link(kb, relation.target, links)}: [{escape(entry.claim.record.text)}]"
                     f"({links.claim(entry.claim)})")
    return "\n".join(lines)


DOWNLOAD_NOTES = {
    "kb.json": "Everything: topics, sources, actors, claims with resolved citations, relations",
    "schema/kb.schema.json": "JSON Schema of kb.json",
    "claims.csv": "One row per claim",
    "citations.csv": "One row per citation, with its paragraph anchor",
    "actors.csv": "One row per actor, aliases joined with '; '",
    "sources.csv": "One row per archived source, with its SHA-256",
    "sanctions.csv": "One row per sanction decision",
    "relations.csv": "One row per relation between actors",
    "sanctions.ftm.json": "Sanctions as FollowTheMoney entities (one JSON object per line)",
}


def downloads_table(files: dict[str, str], schemas: list[str], links: Links) -> str:
    rows = ["| File | Contents | Size |", "| --- | --- | --- |"]
    for name, text in files.items():
        size = len(text.encode("utf-8"))
        rows.append(f"| [{escape(name)}]({links.base}downloads/{name}) | {escape(DOWNLOAD_NOTES.get(name, ''))} "
                    f"| {size / 1024:.1f} KiB |")
    for name in schemas:
        note = DOWNLOAD_NOTES.get(f"schema/{name}") or f"JSON Schema of the data files (`{name.split('.')[0]}`)"
        rows.append(f"| [{escape('schema/' + name)}]({links.base}downloads/schema/{name}) | {escape(note)} | |")
    return "\n".join(rows) + "\n"
