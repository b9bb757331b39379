"""Render the knowledge base as Markdown for Python-Markdown + Material.

Every string that comes from YAML or an archived source passes through
``escape`` and so reaches the reader as literal text. Links come from ``urls.Links``,
relative to the page being rendered.
"""

from __future__ import annotations

import html
import json
import re
from functools import lru_cache

from .dates import format_date
from .kinds import CLAIM_KINDS
from .model import Cite, CitingEntry, ClaimEntry, KnowledgeBase, SourceEntry
from .schema import Claim
from .urls import Links, claim_anchor

__all__ = ["format_date"]  # pictures and pages take dates' wording from here too

# Material's search leaves out any element with this attribute: the index holds each claim once,
# on its topic page, without the notes and attribution lines around it.
NOT_SEARCHED = 'data-search-exclude="true"'
# Python-Markdown's escapable characters (markdown.Markdown.ESCAPED_CHARS) plus "|" from tables:
# a backslash before any other character would be printed.
MD_SPECIAL = set("\\`*_{}[]()>#+-.!|")
HTML_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}
ESCAPES = str.maketrans({**{char: "\\" + char for char in MD_SPECIAL}, **HTML_ENTITIES})


@lru_cache(maxsize=1 << 17)  # the same names, titles and claims recur on many pages
def escape(text: str) -> str:
    """Plain text → Markdown that renders exactly that text (white space folded)."""
    return " ".join(str(text).split()).translate(ESCAPES)


def front_matter(title: str, description: str, searched: bool = True) -> str:
    """Front matter of a generated page: no macro rendering, and a title and description that
    are safe where themes print them unescaped (<title>, navigation, meta tags). A page not
    ``searched`` is left out of the search index whole (its HTML is not parsed for it)."""
    description = " ".join(description.split())
    if len(description) > 155:
        description = description[:152].rsplit(" ", 1)[0] + "…"
    return (
        f"---\nrender_macros: false\ntitle: {json.dumps(html.escape(title))}\n"
        f"description: {json.dumps(html.escape(description, quote=True))}\n"
        + ("" if searched else "search:\n  exclude: true\n")
        + "---\n\n"
    )


def actor_link(kb: KnowledgeBase, actor_id: str, links: Links) -> str:
    return f"[{escape(kb.actors[actor_id].record.name)}]({links.actor(actor_id)})"


def source_label(source: SourceEntry, kb: KnowledgeBase) -> str:
    """Who published a source and when, and how we know: "Foreign Policy, 24 Feb 2022, worked
    out from the text, as republished by Genocide Watch" (the title only when no publisher is known)."""

    meta, published = source.meta, source.publication
    origin = meta.original_publisher or meta.publisher
    parts = [kb.actors[origin].record.name] if origin else []
    parts.append(published.words(short=True))
    if published.value is not None and not published.stated:
        parts.append("worked out from the text")
    if meta.original_publisher and meta.publisher and meta.publisher != meta.original_publisher:
        parts.append(f"as republished by {kb.actors[meta.publisher].record.name}")
    return ", ".join(parts) if origin else f"{meta.title}, {', '.join(parts)}"


def footnote(label: str, cite: Cite, kb: KnowledgeBase, links: Links) -> str:
    """One footnote definition: what the tooltip shows and the deep link."""
    source = kb.sources[cite.source]
    quote = " … ".join(source.text.paragraph(s.paragraph).text[s.start : s.end] for s in cite.spans)
    where = links.source(cite.source, cite.paragraph)
    return (
        f"[^{label}]: {escape(source_label(source, kb))}: “{escape(quote)}” "
        f'[¶{cite.paragraph}]({where}){{: .kb-cite data-frag="{cite.fragment}" }}'
    )


class Page:
    """Collects a page's Markdown and its footnote definitions, which go last."""

    def __init__(self, kb: KnowledgeBase, links: Links):
        self.kb, self.links = kb, links
        self.lines: list[str] = []
        self.notes: dict[str, str] = {}

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def cite_refs(self, entry: CitingEntry, prefix: str = "c") -> str:
        """Footnote references for a record's citations. Labels are short and numbered in
        page order (c1, c2, ...; another prefix for another list on the same page)."""
        refs = []
        for cite in entry.cites:
            label = f"{prefix}{len(self.notes) + 1}"
            self.notes[label] = footnote(label, cite, self.kb, self.links)
            refs.append(f"[^{label}]")
        return "".join(refs)

    def markdown(self) -> str:
        body = "\n".join(self.lines)
        if self.notes:
            body += "\n\n" + "\n\n".join(self.notes.values())
        return body + "\n"


def claim_block(
    page: Page, entry: ClaimEntry, *, show_topic: bool = False, anchor: bool = True, compact: bool = False
) -> None:
    """A claim with its badge, date, text and footnotes; unless ``compact``, also who is
    involved, how many sources, the permalink, Cite this and the notes."""
    claim, kb, links = entry.record, page.kb, page.links
    head = [f'<span class="kb-kind kb-kind--{claim.kind}">{CLAIM_KINDS[claim.kind].label}</span>']
    when = entry.when
    head.append(
        f'<time class="kb-date" datetime="{when.datetime}" data-as-of="{when.kind}">'
        f"{escape(when.words())}</time>"
    )
    if show_topic:
        head.append(f"[{escape(entry.topic.title)}]({links.claim(entry)})")
    attrs = f' id="{claim_anchor(entry.id)}"' if anchor else ""
    page.add(
        f'<div class="kb-claim" data-kind="{claim.kind}" data-topic="{entry.topic.id}"{attrs} markdown>',
        " ".join(head),
        "",
        escape(claim.text) + page.cite_refs(entry),
        "",
    )
    synonyms = kb.reader_terms(entry.id)
    if synonyms and not compact:  # read by search only: readers' words for the sources' words
        page.add(f'<p hidden class="kb-search-only">{escape(" · ".join(synonyms))}</p>', "")
    if compact:
        page.add("</div>", "")
        return
    meta = _attribution(claim, kb, links)
    places = kb.places_of(entry.id)
    if places:
        meta.append("Places: " + ", ".join(f"[{escape(p.name)}]({links.place(p.id)})" for p in places))
    sources = len({c.source for c in entry.cites})
    meta.append(f"{sources} source{'s' if sources != 1 else ''}")
    meta.append(f"[Permalink]({links.claim(entry)}){{: .kb-permalink }}")
    button = '<button type="button" class="kb-cite-this">Cite this</button>'
    page.add(f'<div class="kb-meta" {NOT_SEARCHED} markdown>', " · ".join(meta) + " " + button, "</div>", "")
    notes = (
        ("Date", claim.date_note),
        ("As of", when.reason),
        ("Note", claim.note),
        ("Worked out, not in the source", ", ".join(INFERRED_LABELS[f] for f in claim.inferred)),
    )
    for label, text in notes:
        if text:
            page.add(
                f'<div class="kb-note" {NOT_SEARCHED} markdown>',
                f"**{label}:** {with_claim_links(text, kb, links)}",
                "</div>",
                "",
            )
    for thread, side in kb.threads_of(entry.id):
        others = thread.later if side == "earlier" else thread.earlier
        what = "contradicts" if thread.record.change == "contradicts" else "updates"
        if side == "earlier":
            label, says = (
                "Later",
                f"{len(others)} later claim{'s' if len(others) != 1 else ''} {what.removesuffix('s')} this",
            )
        else:
            label, says = (
                "Earlier",
                f"this {what} {len(others)} earlier claim{'s' if len(others) != 1 else ''}",
            )
        page.add(
            f'<div class="kb-note kb-thread" data-change="{thread.record.change}" {NOT_SEARCHED} markdown>',
            f"**{label}:** {says}: [{escape(thread.record.title)}]({links.thread(thread.record.id)}) "
            f"({escape(others[0].when.words())}{'…' if len(others) > 1 else ''}).",
            "</div>",
            "",
        )
    page.add("</div>", "")


CLAIM_ID = re.compile(r"(?<![\w-])[a-z0-9]+(?:-[a-z0-9]+)+(?![\w-])")


def with_claim_links(text: str, kb: KnowledgeBase, links: Links) -> str:
    """Escaped text in which every claim id is a link showing the claim's short text."""
    out, position = [], 0
    for match in CLAIM_ID.finditer(text):
        claim = kb.claim(match.group(0))
        if claim is None:
            continue
        out.append(escape_keep_space(text[position : match.start()]))
        out.append(f"“[{escape(short_text(claim.record.text, 70))}]({links.claim(claim)})”")
        position = match.end()
    out.append(escape_keep_space(text[position:]))
    return "".join(out)


def escape_keep_space(text: str) -> str:
    """Like escape, but keeps the spaces at either end (pieces of one text)."""
    if not text.strip():
        return " " if text else ""
    lead = " " if text[0].isspace() else ""
    trail = " " if text[-1].isspace() else ""
    return lead + escape(text) + trail


INFERRED_LABELS = {
    "date": "the date",
    "imposed_by": "who imposed it",
    "targets": "whom it targets",
    "actors": "who is involved",
    "by": "whose view it is",
}


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def short_text(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 3].rsplit(" ", 1)[0] + "…"


def _attribution(claim: Claim, kb: KnowledgeBase, links: Links) -> list[str]:
    meta = []
    if claim.by:
        said = f"{CLAIM_KINDS[claim.kind].verb} {actor_link(kb, claim.by, links)}"
        if claim.to:
            said += f" to {escape(claim.to)}"
        if claim.relayed_by:
            said += f", as relayed by {actor_link(kb, claim.relayed_by, links)}"
        meta.append(said)
    others = [a for a in claim.actors if a not in (claim.by, claim.relayed_by)]
    if others:
        meta.append("Involves " + ", ".join(actor_link(kb, a, links) for a in others))
    return meta


def claim_list(kb: KnowledgeBase, entries: list[ClaimEntry], links: Links, **options: bool) -> str:
    page = Page(kb, links)
    for entry in entries:
        claim_block(page, entry, **options)
    return page.markdown()
