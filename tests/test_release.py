"""Release files: kb.json's version and build time, SHA256SUMS, the Frictionless data package,
the Atom feed, CITATION.cff and CHANGELOG.md agree with data/releases.yaml."""

from __future__ import annotations

import hashlib
import json
import re
from xml.etree import ElementTree as ET

import frictionless
import pytest
import yaml

from conftest import ROOT
from kb.load import load

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def kb():
    return load(ROOT / "data")


def test_kb_json_carries_the_version_and_a_reproducible_build_time(site, kb):
    document = json.loads((site / "downloads" / "kb.json").read_text(encoding="utf-8"))
    assert document["version"] == kb.releases[0].version
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", document["generated"])


def test_sha256sums_cover_every_other_download(site):
    downloads = site / "downloads"
    lines = (downloads / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    sums = dict(reversed(line.split("  ", 1)) for line in lines)
    published = {p.relative_to(downloads).as_posix() for p in downloads.rglob("*") if p.is_file()}
    assert set(sums) == published - {"SHA256SUMS"}
    for name, digest in sums.items():
        assert hashlib.sha256((downloads / name).read_bytes()).hexdigest() == digest, name


def test_the_data_package_is_valid_frictionless(site):
    report = frictionless.validate(str(site / "downloads" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    package = json.loads((site / "downloads" / "datapackage.json").read_text(encoding="utf-8"))
    claims = next(r for r in package["resources"] if r["path"] == "claims.csv")
    header = (site / "downloads" / "claims.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert [f["name"] for f in claims["schema"]["fields"]] == header
    assert all(f["description"] for r in package["resources"] for f in r["schema"]["fields"])


def test_the_feed_has_an_entry_per_claim_of_each_release(site, kb):
    root = ET.parse(site / "downloads" / "feed.atom").getroot()
    entries = root.findall(f"{ATOM}entry")
    expected = sum(len(r.added) + len(r.changed) for r in kb.releases if not r.initial)
    later = {c for r in kb.releases if not r.initial for c in r.added}
    expected += sum(1 for c in kb.claims if c.id not in later)
    assert len(entries) == expected
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids)
    first = entries[0].find(f"{ATOM}link").get("href")
    assert first.startswith("../") and "#c-" in first  # relative to downloads/ in a local build


def test_citation_and_changelog_name_the_latest_release(kb):
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    latest = kb.releases[0]
    assert (str(citation["version"]), str(citation["date-released"])) == (latest.version, latest.date)
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    for release in kb.releases:
        assert f"## {release.version} ({release.date})" in changelog


def test_the_data_page_describes_the_dataset(site, kb):
    html = (site / "data" / "index.html").read_text(encoding="utf-8")
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD on the Data page"
    dataset = json.loads(match.group(1))
    assert dataset["@type"] == "Dataset" and dataset["version"] == kb.version
    assert {d["name"] for d in dataset["distribution"]} >= {"kb.json", "claims.csv", "datapackage.json"}


def test_the_three_licences_are_named_in_the_footer_and_on_the_data_page(site):
    assert "MIT License" in (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "CC BY 4.0" in (ROOT / "LICENSE-DATA.md").read_text(encoding="utf-8")
    rights = (ROOT / "data" / "sources" / "RIGHTS.md").read_text(encoding="utf-8")
    for archive in (ROOT / "data" / "sources").glob("*.txt"):
        assert archive.name in rights
    for page in ("index.html", "data/index.html", "about/index.html"):
        html = (site / page).read_text(encoding="utf-8")
        footer = html[html.index("<footer") :]
        assert "MIT" in footer and "CC BY 4.0" in footer and "publishers" in footer, page
    data_page = (site / "data" / "index.html").read_text(encoding="utf-8")
    assert 'id="licences"' in data_page
