"""What a reuser needs to cite and check a release of the data: its version and build time, the
Frictionless data package describing the CSV files, SHA-256 sums of the downloads, an Atom feed
of the claims each release added or changed, and the Dataset description (JSON-LD) of the
Data page. Everything here is reproducible: the build time comes from SOURCE_DATE_EPOCH.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree as ET

from .dates import iso
from .model import ClaimEntry, KnowledgeBase
from .render import short_text
from .tables import TABLES
from .urls import Urls

TITLE = "Belarus in Russia's war: a cited knowledge base"
DESCRIPTION = (
    "Claims about Belarus's role in Russia's war against Ukraine, each traced to a quoted passage "
    "of an archived source, with actors, sanctions, relations and sources."
)
DATA_LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
FEED_ID = "tag:belarus-war-kb,2026:claims"
HERE = "downloads/"  # where the feed sits: its links are relative to it in a build without site_url
ATOM = "http://www.w3.org/2005/Atom"


@dataclass(frozen=True)
class Publishing:
    """Where and when this build is published: site_url (None for a local build) and the build
    time as ISO 8601 (from SOURCE_DATE_EPOCH, so two builds of one commit are identical)."""

    site_url: str | None
    generated: str

    def absolute(self, url: str, here: str = "") -> str:
        """A URL from the site root, made absolute when the site's address is known; otherwise
        relative to the folder ``here`` (from the site root) of the file that holds it."""
        if self.site_url:
            return self.site_url.rstrip("/") + "/" + url
        return "../" * len([part for part in here.split("/") if part]) + url


def publishing(site_url: str | None, source_date_epoch: str | None) -> Publishing:
    seconds = int(source_date_epoch) if source_date_epoch and source_date_epoch.isdigit() else 0
    moment = dt.datetime.fromtimestamp(seconds, tz=dt.UTC)
    return Publishing(site_url or None, moment.strftime("%Y-%m-%dT%H:%M:%SZ"))


def datapackage(kb: KnowledgeBase, publish: Publishing) -> str:
    """datapackage.json: the CSV downloads with a Table Schema each (Frictionless Data Package)."""
    package = {
        "name": "belarus-war-knowledge-base",
        "title": TITLE,
        "description": DESCRIPTION,
        "version": kb.version,
        "created": publish.generated,
        "licenses": [DATA_LICENCE],
        "resources": [
            {
                "name": table.name.removesuffix(".csv"),
                "path": table.name,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "description": table.description,
                "schema": table.table_schema(),
            }
            for table in TABLES
        ],
    }
    return json.dumps(package, ensure_ascii=False, indent=2) + "\n"


def sha256sums(made: dict[str, str | bytes]) -> str:
    """SHA256SUMS, as `sha256sum --check` reads it, for every other download."""
    lines = []
    for name, content in sorted(made.items()):
        data = content.encode("utf-8") if isinstance(content, str) else content
        lines.append(f"{hashlib.sha256(data).hexdigest()}  {name}")
    return "\n".join(lines) + "\n"


def feed(kb: KnowledgeBase, urls: Urls, publish: Publishing) -> str:
    """An Atom feed: one entry per claim added or changed in each release, newest release first."""
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed")
    _add(root, "id", FEED_ID)
    _add(root, "title", f"{TITLE}: new and changed claims")
    _add(root, "updated", _moment(kb.releases[0].date) if kb.releases else publish.generated)
    ET.SubElement(
        root, f"{{{ATOM}}}link", rel="self", href=publish.absolute(urls.download("feed.atom").url, HERE)
    )
    author = ET.SubElement(root, f"{{{ATOM}}}author")
    _add(author, "name", "The knowledge base's contributors")
    later_added = set()
    for release in kb.releases:  # newest first
        claims = [c for c in kb.claims if c.id in release.added or c.id in release.changed]
        if release.initial:
            claims = [c for c in kb.claims if c.id not in later_added]
        for claim in claims:
            root.append(
                _entry(
                    claim,
                    release.version,
                    _moment(release.date),
                    urls,
                    publish,
                    "changed" if claim.id in release.changed else "added",
                )
            )
        later_added.update(release.added)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _entry(
    claim: ClaimEntry, version: str, updated: str, urls: Urls, publish: Publishing, what: str
) -> ET.Element:
    entry = ET.Element(f"{{{ATOM}}}entry")
    _add(entry, "id", f"{FEED_ID}:{claim.id}:{version}")
    _add(entry, "title", f"{short_text(claim.record.text, 110)} ({what} in {version})")
    _add(entry, "updated", updated)
    ET.SubElement(
        entry,
        f"{{{ATOM}}}link",
        rel="alternate",
        type="text/html",
        href=publish.absolute(urls.claim(claim).url, HERE),
    )
    ET.SubElement(entry, f"{{{ATOM}}}category", term=claim.topic.id, label=claim.topic.title)
    _add(entry, "summary", f"{claim.record.text} (As of: {claim.when.words()}.)")
    return entry


def _add(parent: ET.Element, tag: str, text: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}{tag}").text = text


def _moment(date: str) -> str:
    return f"{iso(date)}T00:00:00Z" if len(date) == 10 else f"{iso(date)[:4]}-01-01T00:00:00Z"


def dataset_jsonld(
    kb: KnowledgeBase, urls: Urls, publish: Publishing, downloads: list[tuple[str, str]]
) -> str:
    """The schema.org Dataset description of the data, for the Data page; ``downloads`` are
    (file name, media type)."""
    document: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": TITLE,
        "description": DESCRIPTION,
        "version": kb.version,
        "dateModified": kb.releases[0].date if kb.releases else publish.generated[:10],
        "license": DATA_LICENCE["path"],
        "isAccessibleForFree": True,
        "inLanguage": "en",
        "distribution": [
            {
                "@type": "DataDownload",
                "name": name,
                "encodingFormat": media,
                "contentUrl": publish.absolute(urls.download(name).url, "data/"),
            }
            for name, media in downloads
        ],
    }
    if publish.site_url:
        document["url"] = publish.absolute("data/")
    text = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True)
    return text.replace("</", "<\\/")  # never closes the <script> element it sits in
