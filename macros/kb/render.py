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

from . import periods
from .dates import about_said, format_date
from .kinds import CLAIM_KINDS
from .model import CLAIM_ID, Cite, CitingEntry, ClaimEntry, KnowledgeBase, SourceEntry
from .schema import Claim
from .text import shown
from .urls import DEPTH_MARK, Links, claim_anchor

__all__ = ["format_date"]  # pictures and pages take dates' wording from here too

# Material's search leaves out any element with this attribute: the index holds each claim once,
# on its topic page, without the notes and attribution lines around it.
NOT_SEARCHED = 'data-search-exclude="true"'
# Python-Markdown's escapable characters (markdown.Markdown.ESCAPED_CHARS) plus "|" from tables:
# a backslash before any other character would be printed.
MD_SPECIAL = set("\\`*_{}[]()>#+-.!|")
HTML_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}
ESCAPES = str.maketrans({**{char: "\\" + char for char in MD_SPECIAL}, **HTML_ENTITIES})
# The same mapping as replacements, in an order where no replacement is replaced again: backslashes
# first, then the other Markdown characters (">" is an entity), then "&" before the entities that
# bring one. A few str.replace calls cost less than translate, which looks every character up in
# a dict.
_REPLACEMENTS = (
    ("\\", "\\\\"),
    *((char, "\\" + char) for char in sorted(MD_SPECIAL - set("\\") - HTML_ENTITIES.keys())),
    *HTML_ENTITIES.items(),
)


@lru_cache(maxsize=1 << 17)  # the same names, titles and claims recur on many pages
def escape(text: str) -> str:
    """Plain text → Markdown that renders exactly that text (white space folded): the same as
    ``.translate(ESCAPES)``, faster."""
    text = " ".join(str(text).split())
    for char, replacement in _REPLACEMENTS:
        if char in text:
            text = text.replace(char, replacement)
    return text


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
    """Who published a source and when, in plain words: "PISM, March 2022 (date from the text)",
    "Foreign Policy, 24 February 2022, as republished by Genocide Watch" (the title only when no
    publisher is known)."""

    meta, published = source.meta, source.publication
    origin = meta.original_publisher or meta.publisher
    when = published.words()
    if published.value is not None and not published.stated:
        when += " (date from the text)"
    parts = [kb.actors[origin].record.name, when] if origin else [meta.title, when]
    if meta.original_publisher and meta.publisher and meta.publisher != meta.original_publisher:
        parts.append(f"as republished by {kb.actors[meta.publisher].record.name}")
    return ", ".join(parts)


def source_name(source: SourceEntry, kb: KnowledgeBase) -> str:
    """The source in a card's line: its publisher ("PISM"), or when none is known the head of its
    title ("From Complicity to Full Participation"; the footnote gives the whole title)."""
    origin = source.meta.original_publisher or source.meta.publisher
    if origin:
        return kb.actors[origin].record.name
    return short_text(re.split(r"[.:?!] ", source.meta.title, maxsplit=1)[0], 50)


def footnote(label: str, cite: Cite, kb: KnowledgeBase, links: Links) -> str:
    """One footnote definition: the source and paragraph as the link (to the passage, highlighted),
    then the quoted words as the page shows them."""
    return f"[^{label}]: {footnote_body(cite, kb, links)}"


def footnote_body(cite: Cite, kb: KnowledgeBase, links: Links) -> str:
    """A footnote definition after its label: the same for every page whose links start the
    same way, so it is made once per citation and prefix (``Links.drawn``)."""
    key = ("note", cite.source, cite.paragraph, cite.fragment)
    body = links.drawn.get(key)
    if body is None:
        source = kb.sources[cite.source]
        quote = " … ".join(shown(source.text.paragraph(s.paragraph).text, s.start, s.end) for s in cite.spans)
        where = links.urls.source(cite.source, cite.paragraph)
        body = links.drawn[key] = (
            f"[{escape(source_label(source, kb))}, ¶{cite.paragraph}]({links.md(where)})"
            f'{{: .kb-cite data-frag="{links.printed(where)} {cite.fragment}" }}: “{escape(quote)}”'
        )
    return body


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
        return self.note_refs(entry.cites, prefix)

    def note_refs(self, cites: list[Cite], prefix: str = "c") -> str:
        refs = []
        for cite in cites:
            label = f"{prefix}{len(self.notes) + 1}"
            self.notes[label] = footnote(label, cite, self.kb, self.links)
            refs.append(f"[^{label}]")
        return "".join(refs)

    def add_block(self, block: Block) -> None:
        """A block drawn once for many pages: its links made relative to this page, its
        footnotes numbered on from this page's."""
        prefix, first = self.links.prefix, len(self.notes)
        for number, body in enumerate(block.notes, first + 1):
            self.notes[f"c{number}"] = f"[^c{number}]: " + body.replace(DEPTH_MARK, prefix)
        for line in block.lines:
            if DEPTH_MARK in line:
                line = line.replace(DEPTH_MARK, prefix)
            if NOTE_OPEN in line:
                line = NOTE_MARK.sub(lambda mark: f"c{first + int(mark.group(1))}", line)
            self.lines.append(line)

    def markdown(self) -> str:
        body = "\n".join(self.lines)
        if self.notes:
            body += "\n\n" + "\n\n".join(self.notes.values())
        return body + "\n"


# A footnote reference inside a drawn block, numbered from 1 within the block; YAML text cannot
# hold these control characters (the YAML reader refuses them).
NOTE_OPEN = "\x00"
NOTE_MARK = re.compile("\x00(\\d+)\x00")


class Block:
    """Markdown lines and footnote bodies drawn once, then added to many pages (``Page.add_block``)."""

    __slots__ = ("lines", "notes")

    def __init__(self, lines: list[str], notes: list[str]):
        self.lines, self.notes = lines, notes


class _Drawing(Page):
    """A page that collects one block: its footnote references are marks numbered from 1."""

    def note_refs(self, cites: list[Cite], prefix: str = "c") -> str:
        refs = []
        for cite in cites:
            self.notes[str(len(self.notes) + 1)] = footnote_body(cite, self.kb, self.links)
            refs.append(f"[^\x00{len(self.notes)}\x00]")
        return "".join(refs)


def claim_block(
    page: Page,
    entry: ClaimEntry,
    *,
    show_topic: bool = False,
    anchor: bool = True,
    compact: bool = False,
    number: int | None = None,
) -> None:
    """A claim as a reference work's entry: on one line its kind, its text, when it held, who
    says it and its sources (footnotes); unless ``compact``, everything else (who is involved,
    how the date was worked out, notes, later updates, the permalink) behind one "How we know".
    ``number`` is its label on its topic's pages ("Claim 12"), which the overview links to.

    A claim shows on its topic's page, the timeline, and the page of every actor and place it
    names: each kind of block is drawn once and reused, its links made relative to each page."""
    key = ("claim", entry.id, show_topic, anchor, compact, number)
    links = page.links.drawing()
    block = links.drawn.get(key)
    if block is None:
        drawing = _Drawing(page.kb, links)
        _draw_claim(drawing, entry, show_topic, anchor, compact, number)
        block = links.drawn[key] = Block(drawing.lines, list(drawing.notes.values()))
    page.add_block(block)


def _draw_claim(
    page: Page, entry: ClaimEntry, show_topic: bool, anchor: bool, compact: bool, number: int | None
) -> None:
    claim, kb, links = entry.record, page.kb, page.links
    parts = links.drawn.get(("claim-parts", entry.id))
    if parts is None:
        parts = links.drawn[("claim-parts", entry.id)] = _claim_parts(_Drawing(kb, links), entry)
    byline, notes, how, when_attrs = parts
    page.notes.update((str(n), body) for n, body in enumerate(notes, len(page.notes) + 1))
    lead = []
    if number is not None:
        lead.append(f"[Claim {number}]({links.claim(entry)}){{: .kb-label }}")
    lead.append(f'<span class="kb-kind kb-kind--{claim.kind}">{CLAIM_KINDS[claim.kind].label}</span>')
    if show_topic:
        byline = [*byline, f"in [{escape(entry.topic.title)}]({links.claim(entry)})"]
    attrs = f' id="{claim_anchor(entry.id)}"' if anchor else ""
    page.add(
        f'<div class="kb-claim kb-when" data-kind="{claim.kind}" data-topic="{entry.topic.id}" {when_attrs}{attrs} markdown>',
        " ".join(lead)
        + f' <span class="kb-text">{escape(claim.text)}</span>'
        + f' <span class="kb-byline">{" · ".join(byline)}</span>',
        "",
    )
    synonyms = kb.reader_terms(entry.id)
    if synonyms and not compact:  # read by search only: readers' words for the sources' words
        page.add(f'<p hidden class="kb-search-only">{escape(" · ".join(synonyms))}</p>', "")
    if not compact:
        page.add(f'<details class="kb-how" {NOT_SEARCHED} markdown>', "<summary>How we know</summary>", "")
        page.add(*how)
        page.add("</details>", "")
    page.add("</div>", "")


def _claim_parts(page: _Drawing, entry: ClaimEntry) -> tuple[list[str], list[str], list[str], str]:
    """What every kind of a claim's block shows alike, drawn on an empty page: the byline (when,
    who says it, the sources with their footnote marks), the footnotes, the inside of "How we
    know", and the years it belongs to (for the period selector)."""
    claim, kb, links, when = entry.record, page.kb, page.links, entry.when
    undated = periods.undated_source(kb, entry)
    # A claim dated only by its undated source says so in its date; one with a date of its own, beside it.
    words = about_said(claim, when) or (
        f"{undated}, date not known" if undated and when.open_ended else when.words()
    )
    byline = [
        f'<time class="kb-date" datetime="{when.datetime}" data-as-of="{when.kind}">{escape(words)}</time>'
    ]
    if undated and not when.open_ended:
        byline.append(f'<span class="kb-undated">{escape(undated)}</span>')
    if claim.by:
        byline.append(_said_by(claim, kb, links))
    byline.append(_sources_with_notes(page, entry))
    _how_we_know(page, entry)
    return byline, list(page.notes.values()), page.lines, periods.claim_attributes(kb, entry)


def _said_by(claim: Claim, kb: KnowledgeBase, links: Links) -> str:
    """ "said by Lukashenko to …, as relayed by …" (a claim with a ``by``)."""
    verb = CLAIM_KINDS[claim.kind].verb
    said = f"{verb[:1].lower()}{verb[1:]} {actor_link(kb, claim.by, links)}" if claim.by else ""
    if claim.to:
        said += f" to {escape(claim.to)}"
    if claim.relayed_by:
        said += f", as relayed by {actor_link(kb, claim.relayed_by, links)}"
    return said


def _sources_with_notes(page: Page, entry: ClaimEntry) -> str:
    """Each source once, by name, followed by the footnote marks of its citations:
    "PISM¹, Foreign Policy²³"."""
    by_source: dict[str, list[Cite]] = {}
    for cite in entry.cites:
        by_source.setdefault(cite.source, []).append(cite)
    return ", ".join(
        escape(source_name(page.kb.sources[source], page.kb)) + page.note_refs(cites)
        for source, cites in by_source.items()
    )


def _how_we_know(page: Page, entry: ClaimEntry) -> None:
    """The inside of a card's "How we know": who is involved, the places, the permalink and Cite
    this; how its date was worked out and why it is dated so; notes; earlier and later claims."""
    claim, kb, links, when = entry.record, page.kb, page.links, entry.when
    meta = _involved(claim, kb, links)
    places = kb.places_of(entry.id)
    if places:
        meta.append("Places: " + ", ".join(f"[{escape(p.name)}]({links.place(p.id)})" for p in places))
    meta.append(f"[Permalink]({links.claim(entry)}){{: .kb-permalink }}")
    button = '<button type="button" class="kb-cite-this">Cite this</button>'
    page.add('<div class="kb-meta" markdown>', " · ".join(meta) + " " + button, "</div>", "")
    inferred = ", ".join(INFERRED_LABELS[f] for f in claim.inferred)
    notes = (
        ("How the date was found", claim.date_note),
        ("Why this date", when.reason),
        ("Note", claim.note),
        ("Not stated in the sources, worked out by us", inferred),
    )
    for label, text in notes:
        if text:
            page.add(
                '<div class="kb-note" markdown>',
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
            f'<div class="kb-note kb-thread" data-change="{thread.record.change}" markdown>',
            f"**{label}:** {says}: [{escape(thread.record.title)}]({links.thread(thread.record.id)}) "
            f"({escape(others[0].when.words())}{'…' if len(others) > 1 else ''}).",
            "</div>",
            "",
        )


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


def _involved(claim: Claim, kb: KnowledgeBase, links: Links) -> list[str]:
    meta = []
    others = [a for a in claim.actors if a not in (claim.by, claim.relayed_by)]
    if others:
        meta.append("Involves " + ", ".join(actor_link(kb, a, links) for a in others))
    return meta


def claim_list(kb: KnowledgeBase, entries: list[ClaimEntry], links: Links, **options: bool) -> str:
    page = Page(kb, links)
    for entry in entries:
        claim_block(page, entry, **options)
    return page.markdown()
