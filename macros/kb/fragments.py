"""Complete citation links after rendering: text fragments (``#p12:~:text=…``) and the
addresses a printout shows (``data-print``).

MkDocs validates the plain ``#p12`` anchor; the fragment rides along in a ``data-frag``
attribute until the page is HTML, then moves into the href. The same attribute carries the
citation's print address first ("/sources/pism/#p12 text=…"): one attribute costs
Python-Markdown's attr_list a tenth of what two cost.
"""

from __future__ import annotations

import posixpath
import re

# Python-Markdown writes the attributes in name order, so data-frag sits just before href.
NEXT_TO_HREF = re.compile(r'data-frag="(?:([^" ]*) )?([^" ]*)" href="([^"]*)"')
# Any other order: the whole tag, taken apart.
CITE_LINK = re.compile(r'<a\b[^>]*\bdata-frag="[^"]*"[^>]*>')
HREF = re.compile(r'\bhref="([^"]*)"')
FRAG = re.compile(r'\s*\bdata-frag="(?:([^" ]*) )?([^" ]*)"')


def add_text_fragments(html: str) -> str:
    if 'data-frag="' not in html:  # a page without citations
        return html
    html = NEXT_TO_HREF.sub(_moved, html)
    if 'data-frag="' not in html:
        return html
    return CITE_LINK.sub(_rewrite, html)


def _printed(address: str | None) -> str:
    return f'data-print="{address}" ' if address else ""


def _moved(match: re.Match[str]) -> str:
    address, fragment, href = match.groups()
    return f'{_printed(address)}href="{href}:~:{fragment}"'


def _rewrite(match: re.Match[str]) -> str:
    tag = match.group(0)
    found = FRAG.search(tag)
    if found is None:
        return tag
    address, fragment = found.groups()
    tag = FRAG.sub("", tag)
    return HREF.sub(lambda href: f'{_printed(address)}href="{href.group(1)}:~:{fragment}"', tag, count=1)


# A link to another page of a long list (a printout says where the rest is).
PAGE_LINK = re.compile(r'class="kb-page" href="([^"]*)"')


def add_page_addresses(html: str, page_url: str, print_base: str) -> str:
    """Each link to another page of a list gets that page's address as a printout shows it
    (``print_base``: the site's address, or "/")."""
    if 'class="kb-page"' not in html:
        return html
    folder = "/" + (page_url if page_url.endswith("/") else posixpath.dirname(page_url) + "/")

    def rewrite(match: re.Match[str]) -> str:
        href = match.group(1)
        path = posixpath.normpath(posixpath.join(folder, href)).strip("/")
        path += "/" if path and href.endswith("/") else ""
        return f'class="kb-page" data-print="{print_base}{path}" href="{href}"'

    return PAGE_LINK.sub(rewrite, html)


FOOTNOTES = '<div class="footnote">'


def leave_footnotes_out_of_search(html: str) -> str:
    """Footnotes repeat the sources' words, which their source pages hold: Material's search
    leaves out an element marked data-search-exclude (it indexes the page after this hook)."""
    return html.replace(FOOTNOTES, '<div class="footnote" data-search-exclude="true">', 1)


def finish_page(html: str, page_url: str, print_base: str) -> str:
    """A page's HTML with its citation and pager links completed (text fragments, print
    addresses) and its footnotes left out of search."""
    return leave_footnotes_out_of_search(add_page_addresses(add_text_fragments(html), page_url, print_base))
