"""Render the knowledge base as Markdown for Python-Markdown + Material.

Every string that comes from YAML or an archived source passes through
``escape`` and so reaches the reader as literal text. Links are relative to the
page being rendered: ``base`` is the path from that page's folder to the docs
root ("" for top-level pages, "../" for pages one folder down).
"""

from __future__ import annotations

import calendar
import html
import json
from dataclasses import dataclass
from functools import lru_cache

from .load import Cite, Entry, KnowledgeBase, SourceEntry
from .schema import SEASON_ORDER

# Python-Markdown's escapable characters (markdown.Markdown.ESCAPED_CHARS) plus "|" from tables:
# a backslash before any other character would be printed.
MD_SPECIAL = set("\\`*_{}[]()>#+-.!|")
HTML_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}
KIND_LABELS = {
    "fact": "Reported fact",
    "statement": "Statement",
    "assessment": "Assessment",
    "official-figure": "Official figure, unverifiable",
    "scenario": "Scenario",
}


ESCAPES = str.maketrans({**{char: "\\" + char for char in MD_SPECIAL}, **HTML_ENTITIES})


@lru_cache(maxsize=1 << 17)  # the same names, titles and claims recur on many pages
def escape(text: str) -> str:
    """Plain text → Markdown that renders exactly that text (white space folded)."""
    return " ".join(str(text).split()).translate(ESCAPES)


def front_matter(title: str, description: str) -> str:
    """Front matter of a generated page: no macro rendering, and a title and description that
    are safe where themes print them unescaped (<title>, navigation, meta tags)."""
    description = " ".join(description.split())
    if len(description) > 155:
        description = description[:152].rsplit(" ", 1)[0] + "…"
    return (f"---\nrender_macros: false\ntitle: {json.dumps(html.escape(title))}\n"
            f"description: {json.dumps(html.escape(description, quote=True))}\n---\n\n")


@lru_cache(maxsize=4096)
def format_date(value: str | None) -> str:
    if not value:
        return ""
    parts = value.split("-")
    if len(parts) == 2 and parts[1] in SEASON_ORDER:
        return f"{parts[1]} {parts[0]}"
    if len(parts) == 1:
        return parts[0]
    month = calendar.month_name[int(parts[1])]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{int(parts[2])} {month} {parts[0]}"


@dataclass
class Links:
    """Where things live, relative to the page being rendered: ``base`` for Markdown links
    (from the page's source folder), ``url_root`` for raw HTML links (from the page's URL,
    with MkDocs' directory URLs)."""

    base: str = ""
    url_root: str = ""

    @classmethod
    def for_page(cls, src_path: str) -> "Links":
        """Links for the page at ``src_path`` (e.g. "actors/x.md" → URL actors/x/)."""
        depth = src_path.count("/")
        url_depth = depth if src_path.rsplit("/", 1)[-1] == "index.md" else depth + 1
        return cls("../" * depth, "../" * url_depth)

    def actor_url(self, actor_id: str) -> str:
        return f"{self.url_root}actors/{actor_id}/"

    def claim_url(self, entry: Entry) -> str:
        return f"{self.url_root}{part_url(topic_stem(entry), entry.part)}#{claim_anchor(entry.id)}"

    def actor(self, actor_id: str) -> str:
        return f"{self.base}actors/{actor_id}.md"

    def source(self, source_id: str, paragraph: int | None = None) -> str:
        anchor = f"#p{paragraph}" if paragraph else ""
        return f"{self.base}sources/{source_id}.md{anchor}"

    def claim(self, entry: Entry) -> str:
        return f"{self.base}{part_path(topic_stem(entry), entry.part)}#{claim_anchor(entry.id)}"

    def part(self, stem: str, part: int) -> str:
        return f"{self.base}{part_path(stem, part)}"


def topic_stem(entry: Entry) -> str:
    return entry.topic.page.removesuffix(".md")


def part_path(stem: str, part: int) -> str:
    """Source path of page ``part`` of a long list: stem.md, then stem/page-2.md, ..."""
    return f"{stem}.md" if part == 1 else f"{stem}/page-{part}.md"


def part_url(stem: str, part: int) -> str:
    return f"{stem}/" if part == 1 else f"{stem}/page-{part}/"


def claim_anchor(claim_id: str) -> str:
    return f"c-{claim_id}"


def actor_link(kb: KnowledgeBase, actor_id: str, links: Links) -> str:
    return f"[{escape(kb.actors[actor_id].record.name)}]({links.actor(actor_id)})"


def source_label(source: SourceEntry, kb: KnowledgeBase) -> str:
    meta = source.meta
    parts = [meta.title]
    if meta.publisher:
        parts.append(kb.actors[meta.publisher].record.name)
    parts.append(format_date(meta.published.date) or "date not stated")
    return " — ".join(parts)


def footnote(label: str, cite: Cite, kb: KnowledgeBase, links: Links) -> str:
    """One footnote definition: what the tooltip shows and the deep link."""
    source = kb.sources[cite.source]
    quote = " … ".join(source.text.paragraph(s.paragraph).text[s.start:s.end] for s in cite.spans)
    where = links.source(cite.source, cite.paragraph)
    return (f"[^{label}]: {escape(source_label(source, kb))}: “{escape(quote)}” "
            f"[¶{cite.paragraph}]({where}){{: .kb-cite data-frag=\"{cite.fragment}\" }}")


class Page:
    """Collects a page's Markdown and its footnote definitions, which go last."""

    def __init__(self, kb: KnowledgeBase, links: Links):
        self.kb, self.links = kb, links
        self.lines: list[str] = []
        self.notes: dict[str, str] = {}

    def add(self, *lines: str) -> None:
        self.lines.extend(lines)

    def cite_refs(self, entry: Entry, prefix: str = "c") -> str:
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


def claim_block(page: Page, entry: Entry, *, show_topic: bool = False, anchor: bool = True,
                compact: bool = False) -> None:
    """A claim with its badge, date, text and footnotes; unless ``compact``, also who is
    involved, how many sources, the permalink, Cite this and the notes."""
    claim, kb, links = entry.record, page.kb, page.links
    head = [f'<span class="kb-kind kb-kind--{claim.kind}">{KIND_LABELS[claim.kind]}</span>']
    if claim.date:
        head.append(f'<span class="kb-date">{escape(format_date(claim.date))}</span>')
    if show_topic:
        head.append(f"[{escape(entry.topic.title)}]({links.claim(entry)})")
    attrs = f' id="{claim_anchor(entry.id)}"' if anchor else ""
    page.add(f'<div class="kb-claim" data-kind="{claim.kind}" data-topic="{entry.topic.id}"{attrs} markdown>',
             " ".join(head), "", escape(claim.text) + page.cite_refs(entry), "")
    if compact:
        page.add("</div>", "")
        return
    meta = _attribution(claim, kb, links)
    sources = len({c.source for c in entry.cites})
    meta.append(f"{sources} source{'s' if sources != 1 else ''}")
    meta.append(f"[Permalink]({links.claim(entry)}){{: .kb-permalink }}")
    button = '<button type="button" class="kb-cite-this">Cite this</button>'
    page.add('<div class="kb-meta" markdown>', " · ".join(meta) + " " + button, "</div>", "")
    for label, text in (("Date", claim.date_note), ("Note", claim.note)):
        if text:
            page.add('<div class="kb-note" markdown>', f"**{label}:** {escape(text)}", "</div>", "")
    page.add("</div>", "")


def _attribution(claim, kb: KnowledgeBase, links: Links) -> list[str]:
    meta = []
    if claim.by:
        verb = {"statement": "Said by", "assessment": "Assessment by", "scenario": "Scenario by"}.get(claim.kind, "By")
        said = f"{verb} {actor_link(kb, claim.by, links)}"
        if claim.to:
            said += f" to {escape(claim.to)}"
        if claim.relayed_by:
            said += f", as relayed by {actor_link(kb, claim.relayed_by, links)}"
        meta.append(said)
    others = [a for a in claim.actors if a not in (claim.by, claim.relayed_by)]
    if others:
        meta.append("Involves " + ", ".join(actor_link(kb, a, links) for a in others))
    return meta


def claim_list(kb: KnowledgeBase, entries: list[Entry], links: Links, **options) -> str:
    page = Page(kb, links)
    for entry in entries:
        claim_block(page, entry, **options)
    return page.markdown()
