"""What a reuser needs to cite and check a release of the data: its version and build time, the
Frictionless data package describing the CSV files, SHA-256 sums of the downloads, an Atom feed
of the claims each release added or changed, and the Dataset description (JSON-LD) of the
Data page. Everything here is reproducible: the build time comes from SOURCE_DATE_EPOCH.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree as ET

from . import history, rights
from .dates import iso
from .history import SnapshotRecord
from .kinds import RELATION_TYPES
from .model import KnowledgeBase, SourceEntry
from .render import short_text
from .schema import date_key
from .tables import TABLES
from .urls import Urls, page

TITLE = "Belarus in Russia's war: a cited knowledge base"
DESCRIPTION = (
    "Claims about Belarus's role in Russia's war against Ukraine, each traced to a quoted passage "
    "of an archived source, with actors, sanctions, relations and sources."
)
DATA_LICENCE = rights.LICENCE
FEED_ID = "tag:belarus-war-kb,2026:claims"
PACKAGE_NAME = "belarus-war-knowledge-base"
CREATOR = {"@type": "Organization", "name": "The knowledge base's contributors"}
KEYWORDS = ["Belarus", "Russia", "Ukraine", "war", "sanctions", "knowledge base", "citations"]
# What the data is about, as the title says: Belarus, in Russia's war against Ukraine.
SPATIAL = ["Belarus", "Russia", "Ukraine"]
HERE = "downloads/"  # where the feed sits: its links are relative to it in a build without site_url
ATOM = "http://www.w3.org/2005/Atom"


@dataclass(frozen=True)
class Publishing:
    """Where and when this build is published: site_url (None for a local build) and the build
    time as ISO 8601 (from SOURCE_DATE_EPOCH, so two builds of one commit are identical)."""

    site_url: str | None
    generated: str
    # The repository's address, where the build knows it (REPOSITORY_URL, or the address CI's
    # environment gives); never guessed: without it, the metadata names no repository.
    repository: str | None = None

    def absolute(self, url: str, here: str = "") -> str:
        """A URL from the site root, made absolute when the site's address is known; otherwise
        relative to the folder ``here`` (from the site root) of the file that holds it."""
        if self.site_url:
            return self.site_url.rstrip("/") + "/" + url
        return "../" * len([part for part in here.split("/") if part]) + url


def publishing(site_url: str | None, environ: Mapping[str, str]) -> Publishing:
    """From the site's address and the build's environment: SOURCE_DATE_EPOCH, and the
    repository's address (REPOSITORY_URL, else GITHUB_SERVER_URL/GITHUB_REPOSITORY)."""
    source_date_epoch = environ.get("SOURCE_DATE_EPOCH", "")
    seconds = int(source_date_epoch) if source_date_epoch.isdigit() else 0
    moment = dt.datetime.fromtimestamp(seconds, tz=dt.UTC)
    server, name = environ.get("GITHUB_SERVER_URL"), environ.get("GITHUB_REPOSITORY")
    repository = environ.get("REPOSITORY_URL") or (f"{server}/{name}" if server and name else None)
    return Publishing(site_url or None, moment.strftime("%Y-%m-%dT%H:%M:%SZ"), repository)


def identifier(kb: KnowledgeBase, publish: Publishing) -> str:
    """The release's tag page where the repository is known; else the package's name and version."""
    if publish.repository and kb.released:
        return f"{publish.repository}/releases/tag/v{kb.released[0].version}"
    return f"{PACKAGE_NAME} {kb.version}"


def creator(publish: Publishing) -> dict[str, str]:
    """Who made the data: its contributors, with the repository's address where known."""
    return {**CREATOR, **({"url": publish.repository} if publish.repository else {})}


def datapackage(kb: KnowledgeBase, publish: Publishing) -> str:
    """datapackage.json: the CSV downloads with a Table Schema each (Frictionless Data Package)."""
    package = {
        "name": PACKAGE_NAME,
        "title": TITLE,
        "description": DESCRIPTION,
        "version": kb.version,
        "created": publish.generated,
        "rights": f"{rights.OURS} {rights.THEIRS}",
        **({"homepage": publish.repository} if publish.repository else {}),
        "contributors": [
            {
                "title": CREATOR["name"],
                "role": role,
                **({"path": publish.repository} if publish.repository else {}),
            }
            for role in ("author", "publisher")
        ],
        "sources": [
            {"title": s.meta.title, **({"path": s.meta.url} if s.meta.url else {})}
            for s in kb.sources.values()
        ],
        "keywords": KEYWORDS,
        "resources": [
            {
                "name": table.name.removesuffix(".csv"),
                "path": table.name,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "description": table.description,
                "licenses": [rights.licence_for(table.holds_quotes)],
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


FEED_VERBS = {"added": "added", "changed": "changed", "removed": "removed"}
RELEASES_ANCHOR = "releases"  # the Data page's list of releases, where a removed record's entry points


def feed(kb: KnowledgeBase, urls: Urls, publish: Publishing) -> str:
    """An Atom feed: one entry per record each release added, changed or removed, with the words
    of that release (from its snapshot), newest release first. The next release, not yet cut,
    is not in it."""
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed")
    _add(root, "id", FEED_ID)
    _add(root, "title", f"{TITLE}: new, changed and removed claims, relations, threads and topics")
    released = kb.released
    _add(root, "updated", _moment(released[0].date or "") if released else publish.generated)
    ET.SubElement(
        root, f"{{{ATOM}}}link", rel="self", href=publish.absolute(urls.download("feed.atom").url, HERE)
    )
    author = ET.SubElement(root, f"{{{ATOM}}}author")
    _add(author, "name", "The knowledge base's contributors")
    for item in feed_items(kb):
        root.append(_entry(kb, item, urls, publish))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


@dataclass(frozen=True)
class FeedItem:
    """One change of one release: the record as that release has it (``now``) and, for a change
    or a removal, as the release before had it (``before``)."""

    version: str
    date: str
    kind: str
    side: str
    now: SnapshotRecord
    before: SnapshotRecord | None
    before_version: str | None


def feed_items(kb: KnowledgeBase) -> list[FeedItem]:
    """Every change of every release cut, newest release first, in the order of its snapshot."""
    items: list[FeedItem] = []
    released = kb.released
    for index, release in enumerate(released):
        snap = kb.snapshots.get(release.version)
        if snap is None or release.date is None:
            continue
        older = released[index + 1] if index + 1 < len(released) else None
        previous = kb.snapshots.get(older.version) if older else None
        for kind in history.KINDS:
            records = snap.records(kind)
            earlier = previous.records(kind) if previous else {}
            changes = getattr(release, kind)
            for side in history.SIDES:
                ids = list(records) if release.initial and side == "added" else getattr(changes, side)
                for record_id in ids:
                    now = records.get(record_id) if side != "removed" else earlier.get(record_id)
                    if now is None:
                        continue
                    before = earlier.get(record_id) if side == "changed" else None
                    items.append(
                        FeedItem(
                            release.version,
                            release.date,
                            kind,
                            side,
                            now,
                            before,
                            older.version if older else None,
                        )
                    )
    return items


def _entry(kb: KnowledgeBase, item: FeedItem, urls: Urls, publish: Publishing) -> ET.Element:
    entry = ET.Element(f"{{{ATOM}}}entry")
    what = history.SINGULAR[item.kind]
    _add(entry, "id", f"tag:belarus-war-kb,2026:{item.kind}:{item.now.id}:{item.version}")
    words = _words(kb, item.kind, item.now)
    _add(entry, "title", f"{what.capitalize()} {item.side} in {item.version}: {short_text(words, 110)}")
    _add(entry, "updated", _moment(item.date))
    ET.SubElement(
        entry,
        f"{{{ATOM}}}link",
        rel="alternate",
        type="text/html",
        href=publish.absolute(_record_url(kb, urls, item), HERE),
    )
    ET.SubElement(entry, f"{{{ATOM}}}category", term=item.kind, label=f"{what}s".capitalize())
    ET.SubElement(entry, f"{{{ATOM}}}category", term=item.side, label=item.side.capitalize())
    if item.kind == "claims" and item.now.topic and any(t.id == item.now.topic for t in kb.topics):
        ET.SubElement(entry, f"{{{ATOM}}}category", term=item.now.topic, label=kb.topic(item.now.topic).title)
    if item.side == "removed":
        summary = f"Removed in {item.version}. Before: {words}"
    elif item.before is not None:
        summary = f"{words} (Before {item.version}: {_words(kb, item.kind, item.before)})"
    else:
        summary = words
    _add(entry, "summary", summary)
    return entry


def _words(kb: KnowledgeBase, kind: str, record: SnapshotRecord) -> str:
    """A record's words as released; a relation reads as a sentence with today's actor names."""
    if kind != "relations":
        return record.text
    parts = record.text.split(" ")
    if len(parts) != 3:
        return record.text
    names = [kb.actors[a].record.name if a in kb.actors else a for a in (parts[0], parts[2])]
    return f"{names[0]} {RELATION_TYPES[parts[1]].label if parts[1] in RELATION_TYPES.values() else parts[1]} {names[1]}"


def _record_url(kb: KnowledgeBase, urls: Urls, item: FeedItem) -> str:
    """The record on the site today: a claim at its anchor, a relation on the relations page, a
    thread on 2022 → 2026, a topic's page; a record removed since, the Data page's releases."""
    if item.kind == "claims":
        claim = kb.claim(item.now.id)
        if claim is not None:
            return urls.claim(claim).url
    elif item.kind == "relations":
        if any(r.record.id == item.now.id for r in kb.relations):
            return page("relations.md").url
    elif item.kind == "topics":
        if any(t.id == item.now.id for t in kb.topics):
            return urls.topic(item.now.id).url
    elif any(t.record.id == item.now.id for t in kb.threads):
        return urls.thread(item.now.id).url
    return page("data.md").at(RELEASES_ANCHOR).url


def temporal_coverage(kb: KnowledgeBase) -> str | None:
    """From the earliest to the latest as-of date of the claims, ISO 8601 (an open end when the
    latest is only known to fall after a date)."""
    starts, ends = [], []
    for claim in kb.claims:
        start, _, end = claim.when.iso.partition("/")
        starts.append(start)
        ends.append(end or start)
    if not starts:
        return None
    first = min(starts, key=date_key)
    closed = [e for e in ends if e != ".."]
    last = max(closed, key=date_key) if closed else ".."
    return f"{first}/{last}"


def _source_work(source: SourceEntry) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "CreativeWork", "name": source.meta.title}
    if source.meta.url:
        work["url"] = source.meta.url
    published = source.publication
    if published.iso and published.precision != "after":  # only a lower bound is not a date
        work["datePublished"] = published.iso
    return work


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
        "dateModified": kb.released[0].date if kb.released else publish.generated[:10],
        "license": DATA_LICENCE["path"],
        "copyrightNotice": f"{rights.OURS} {rights.THEIRS}",
        "usageInfo": publish.absolute("data/#licences", "data/"),
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
    document.update(
        {
            "creator": creator(publish),
            "publisher": creator(publish),
            "keywords": KEYWORDS,
            "identifier": identifier(kb, publish),
            "spatialCoverage": [{"@type": "Place", "name": name} for name in SPATIAL],
            "isBasedOn": [_source_work(s) for s in kb.sources.values()],
        }
    )
    coverage = temporal_coverage(kb)
    if coverage:
        document["temporalCoverage"] = coverage
    if publish.site_url:
        document["url"] = publish.absolute("data/")
    text = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True)
    return text.replace("</", "<\\/")  # never closes the <script> element it sits in
