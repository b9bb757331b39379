"""Checks on the built site: links and anchors, other origins, citation targets.

BeautifulSoup parses the HTML (a well-kept parser beats regular expressions on
real markup). Each function returns a list of problems as plain strings.
"""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

from .text import fold

RESOURCE_ATTRS = {
    "script": ["src"],
    "link": ["href"],
    "img": ["src", "srcset"],
    "iframe": ["src"],
    "source": ["src", "srcset"],
    "video": ["src", "poster"],
    "audio": ["src"],
    "embed": ["src"],
    "object": ["data"],
    "track": ["src"],
    "input": ["src"],
}
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])\s*((?:https?:)?//[^'")\s]+)""", re.I)
NOT_LOADED = {"canonical", "alternate", "author", "license", "next", "prev", "search", "me"}  # <link> rels
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.I)


def base_path_of_site_url() -> str:
    """The path of the site_url the build used (mkdocs.yml reads SITE_URL; unset, the root)."""
    return urlsplit(os.environ.get("SITE_URL", "")).path or "/"


class Site:
    """The built site in ``root``: pages parsed once, ids collected once."""

    def __init__(self, root: Path, base_path: str | None = None):
        self.root = Path(root)
        # root-absolute links (the 404 page's) start with the path of site_url
        self.base_path = base_path if base_path is not None else base_path_of_site_url()
        self._soups: dict[Path, BeautifulSoup] = {}
        self._ids: dict[Path, frozenset[str]] = {}

    def pages(self) -> list[Path]:
        return sorted(self.root.rglob("*.html"))

    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def soup(self, path: Path) -> BeautifulSoup:
        """The page parsed once (a site is checked page by page, each page often)."""
        if path not in self._soups:
            self._soups[path] = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        return self._soups[path]

    def ids(self, path: Path) -> frozenset[str]:
        if path not in self._ids:
            self._ids[path] = frozenset(attr(tag, "id") for tag in self.soup(path).find_all(id=True))
        return self._ids[path]

    def target(self, page: Path, href: str) -> tuple[Path | None, str]:
        """The file an internal href points to (None if missing) and its fragment."""
        parts = urlsplit(href)
        if parts.path:
            if parts.path.startswith("/"):
                path = parts.path.removeprefix(self.base_path.rstrip("/"))
                target = (self.root / unquote(path).lstrip("/")).resolve()
            else:
                target = (self.root / PurePosixPath(self.rel(page)).parent / unquote(parts.path)).resolve()
            if href.split("#")[0].endswith("/") or target.is_dir():
                target = target / "index.html"
        else:
            target = page
        return (target if target.is_file() else None), parts.fragment


def external_requests(site: Site) -> list[str]:
    """Every place a page or stylesheet would make the browser fetch from another origin."""
    problems = []
    for page in site.pages():
        for tag_name, attrs in RESOURCE_ATTRS.items():
            for tag in site.soup(page).find_all(tag_name):
                if tag_name == "link" and set(attr(tag, "rel").split()) <= NOT_LOADED:
                    continue
                for name in attrs:
                    for url in _urls(attr(tag, name)):
                        if EXTERNAL.match(url):
                            problems.append(
                                f'{site.rel(page)}: <{tag_name} {name}="{url}"> loads from another origin'
                            )
        for style in site.soup(page).find_all("style"):
            problems += [f"{site.rel(page)}: <style> loads {u}" for u in CSS_URL.findall(style.get_text())]
        for tag in site.soup(page).find_all(style=True):
            problems += [
                f"{site.rel(page)}: style attribute loads {u}" for u in CSS_URL.findall(attr(tag, "style"))
            ]
    for sheet in sorted(site.root.rglob("*.css")):
        problems += [
            f"{site.rel(sheet)}: loads {u}" for u in CSS_URL.findall(sheet.read_text(encoding="utf-8"))
        ]
    return problems


def attr(tag: Any, name: str) -> str:
    """An attribute's value as text ("" when absent; a multi-valued one joined by spaces)."""
    value = tag.get(name)
    if value is None:
        return ""
    return " ".join(value) if isinstance(value, list) else str(value)


def _urls(value: str) -> list[str]:
    if not value:
        return []
    return [part.strip().split(" ")[0] for part in value.split(",") if part.strip()]


def broken_links(site: Site) -> list[str]:
    """Internal links whose page or #anchor does not exist (text fragments ignored)."""
    problems = []
    for page in site.pages():
        for link in site.soup(page).find_all("a"):
            href = attr(link, "href") or attr(link, "xlink:href")  # SVG links use xlink:href
            if not link.has_attr("href") and not link.has_attr("xlink:href"):
                continue
            if href.startswith("//"):
                problems.append(f"{site.rel(page)}: protocol-relative link {href} names another host")
                continue
            if EXTERNAL.match(href) or href.startswith(("mailto:", "tel:")):
                continue
            if re.match(r"^[a-z][a-z0-9+.-]*:", href, re.I):
                problems.append(f"{site.rel(page)}: link with scheme {href.split(':')[0]!r}: {href}")
                continue
            target, fragment = site.target(page, href)
            if target is None:
                problems.append(f"{site.rel(page)}: link to a missing page: {href}")
                continue
            anchor = unquote(fragment.split(":~:")[0])
            if anchor and target.suffix == ".html" and anchor not in site.ids(target):
                problems.append(f"{site.rel(page)}: link to a missing anchor #{anchor} in {site.rel(target)}")
    return problems


def citation_links(site: Site) -> list[tuple[Path, str]]:
    return [
        (page, attr(link, "href"))
        for page in site.pages()
        for link in site.soup(page).find_all("a", class_="kb-cite", href=True)
    ]


def citation_problems(site: Site) -> tuple[int, list[str]]:
    """Every citation link reaches a paragraph that holds the words of its text fragment."""
    checked, problems = 0, list[str]()
    for page, href in citation_links(site):
        checked += 1
        target, fragment = site.target(page, href)
        anchor, _, directive = fragment.partition(":~:")
        anchor = unquote(anchor)
        where = f"{site.rel(page)}: citation {href}"
        if target is None or not anchor:
            problems.append(f"{where}: no target page or anchor")
            continue
        element = site.soup(target).find(id=anchor)
        if element is None:
            problems.append(f"{where}: no element #{anchor}")
            continue
        if not directive.startswith("text="):
            problems.append(f"{where}: no text fragment")
            continue
        start, _, end = directive[len("text=") :].partition(",")
        if fold(unquote(start))[0] not in fold(element.get_text())[0]:
            problems.append(f"{where}: #{anchor} does not contain {unquote(start)!r}")
        if end and fold(unquote(end))[0] not in _text_from(element, MAX_SPAN_PARAGRAPHS):
            problems.append(f"{where}: the passage from #{anchor} does not end with {unquote(end)!r}")
    return checked, problems


MAX_SPAN_PARAGRAPHS = 4  # a quote may run over a page break: paragraph, header, paragraph


def _text_from(element: Any, count: int) -> str:
    """The folded text of ``element`` and the next paragraphs after it."""
    texts = [element.get_text()]
    for sibling in element.find_next_siblings(class_="kb-para", limit=count - 1):
        texts.append(sibling.get_text())
    return fold(" ".join(texts))[0]


def raw_claim_ids(site: Site, claim_ids: set[str]) -> list[str]:
    """Claim ids printed as plain text in a note, where a reader should find a link."""
    problems = []
    for page in site.pages():
        for note in site.soup(page).select(".kb-note, .kb-overview, .kb-scope, td"):
            for text in note.find_all(string=True):
                if text.find_parent("a") is not None:
                    continue
                for token in re.findall(r"(?<![\w-])[a-z0-9]+(?:-[a-z0-9]+)+(?![\w-])", str(text)):
                    if token in claim_ids:
                        problems.append(
                            f"{site.rel(page)}: the claim id {token!r} is printed instead of a link"
                        )
    return problems
