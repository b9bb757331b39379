"""Add text fragments (``#p12:~:text=…``) to citation links after rendering.

MkDocs validates the plain ``#p12`` anchor; the fragment rides along in a
``data-frag`` attribute until the page is HTML, then moves into the href.
"""

from __future__ import annotations

import re

# Python-Markdown writes the attributes in name order, so the print address, if any, sits between
# data-frag and href: one pass moves the fragment and keeps the print address.
NEXT_TO_HREF = re.compile(r'data-frag="([^"]*)" ((?:data-print="[^"]*" )?)href="([^"]*)"')
# Any other order: the whole tag, taken apart.
CITE_LINK = re.compile(r'<a\b[^>]*\bdata-frag="[^"]*"[^>]*>')
HREF = re.compile(r'\bhref="([^"]*)"')
FRAG = re.compile(r'\s*\bdata-frag="([^"]*)"')


def add_text_fragments(html: str) -> str:
    if 'data-frag="' not in html:  # a page without citations
        return html
    html = NEXT_TO_HREF.sub(lambda m: f'{m.group(2)}href="{m.group(3)}:~:{m.group(1)}"', html)
    if 'data-frag="' not in html:
        return html
    return CITE_LINK.sub(_rewrite, html)


def _rewrite(match: re.Match[str]) -> str:
    tag = match.group(0)
    found = FRAG.search(tag)
    if found is None:
        return tag
    fragment = found.group(1)
    tag = FRAG.sub("", tag)
    return HREF.sub(lambda href: f'href="{href.group(1)}:~:{fragment}"', tag, count=1)


FOOTNOTES = '<div class="footnote">'


def leave_footnotes_out_of_search(html: str) -> str:
    """Footnotes repeat the sources' words, which their source pages hold: Material's search
    leaves out an element marked data-search-exclude (it indexes the page after this hook)."""
    return html.replace(FOOTNOTES, '<div class="footnote" data-search-exclude="true">', 1)


def finish_page(html: str) -> str:
    """A page's HTML with its citation links completed (text fragments) and its footnotes left
    out of search. (Their print addresses, ``data-print``, are written with the Markdown.)"""
    return leave_footnotes_out_of_search(add_text_fragments(html))
