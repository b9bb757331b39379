"""Add text fragments (``#p12:~:text=…``) to citation links after rendering.

MkDocs validates the plain ``#p12`` anchor; the fragment rides along in a
``data-frag`` attribute until the page is HTML, then moves into the href.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import urljoin

# Python-Markdown writes the attribute just before the href: one pass moves it.
NEXT_TO_HREF = re.compile(r'data-frag="([^"]*)" href="([^"]*)"')
# Any other order: the whole tag, taken apart.
CITE_LINK = re.compile(r'<a\b[^>]*\bdata-frag="[^"]*"[^>]*>')
HREF = re.compile(r'\bhref="([^"]*)"')
FRAG = re.compile(r'\s*\bdata-frag="([^"]*)"')


def add_text_fragments(html: str) -> str:
    if 'data-frag="' not in html:  # a page without citations
        return html
    html = NEXT_TO_HREF.sub(lambda m: f'href="{m.group(2)}:~:{m.group(1)}"', html)
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


# Citations, and the links to a long list's other pages (a printout says where the rest is). Starts
# at the class, which only those links carry (YAML text is escaped): a pattern that starts at every
# "<a" scans each link of the page to its end, and took twice as long.
CITE_HREF = re.compile(r'(class="kb-(?:cite|page)"[^>]*?)\bhref="([^"]*)"')


def add_print_addresses(html: str, page_url: str, site_url: str | None) -> str:
    """Each citation link (and each link to another page of a list) gets the paragraph's address in a form fit for paper (data-print): the
    site's absolute address when site_url is set, else the path from the site root; never the
    relative, percent-encoded link with its text fragment."""
    if 'class="kb-cite"' not in html and 'class="kb-page"' not in html:
        return html
    base = (site_url.rstrip("/") + "/") if site_url else "/"

    def rewrite(match: re.Match[str]) -> str:
        href = match.group(2).split(":~:")[0]
        address = urljoin(base + page_url, href)
        return f'{match.group(1)}data-print="{address}" href="{match.group(2)}"'

    return CITE_HREF.sub(rewrite, html)


_FINISHED: dict[tuple[str, str | None, str], str] = {}
_FINISHED_LIMIT = 20_000


def finish_page(html: str, page_url: str, site_url: str | None) -> str:
    """A page's HTML with its citation links completed (text fragments, print addresses) and
    its footnotes left out of search. Remembered by page and HTML (an unchanged page under
    `make serve` is not rewritten again); the key holds a digest of the HTML, not the HTML."""
    key = (page_url, site_url, hashlib.sha256(html.encode("utf-8", "surrogatepass")).hexdigest())
    done = _FINISHED.get(key)
    if done is None:
        if len(_FINISHED) >= _FINISHED_LIMIT:
            _FINISHED.clear()
        done = _FINISHED[key] = leave_footnotes_out_of_search(
            add_print_addresses(add_text_fragments(html), page_url, site_url)
        )
    return done
