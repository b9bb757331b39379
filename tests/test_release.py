"""Release files: kb.json's version and build time, SHA256SUMS, the Frictionless data package,
the Atom feed, CITATION.cff and CHANGELOG.md agree with data/releases.yaml."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import frictionless
import jsonschema
import pytest
import yaml

from conftest import ROOT, copy_project
from kb import history
from kb import release as releasing
from kb.load import load
from kb.schema import date_key
from kb.urls import Urls

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def kb():
    return load(ROOT / "data")


def test_kb_json_carries_the_version_and_a_reproducible_build_time(site, kb):
    document = json.loads((site / "downloads" / "kb.json").read_text(encoding="utf-8"))
    pending = kb.releases[0].date is None  # a next release listing changes not yet released
    assert document["version"] == kb.releases[0].version + ("-dev" if pending else "") == kb.version
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


def test_the_feed_has_an_entry_per_change_of_each_release_with_that_releases_words(site, kb):
    root = ET.parse(site / "downloads" / "feed.atom").getroot()
    entries = {e.findtext(f"{ATOM}id"): e for e in root.findall(f"{ATOM}entry")}
    expected = {}
    released = kb.released
    for index, release in enumerate(released):
        snap = kb.snapshots[release.version]
        previous = kb.snapshots[released[index + 1].version] if index + 1 < len(released) else None
        for kind in history.KINDS:
            for side in history.SIDES:
                ids = (
                    list(snap.records(kind))
                    if release.initial and side == "added"
                    else getattr(getattr(release, kind), side)
                )
                for record_id in ids:
                    words = (previous if side == "removed" else snap).records(kind)[record_id].text
                    expected[f"tag:belarus-war-kb,2026:{kind}:{record_id}:{release.version}"] = (side, words)
    assert set(entries) == set(expected)
    for entry_id, (side, words) in expected.items():
        entry = entries[entry_id]
        terms = [c.get("term") for c in entry.findall(f"{ATOM}category")]
        assert side in terms, entry_id
        if ":relations:" not in entry_id:  # a relation reads as a sentence with the actors' names
            assert words in entry.findtext(f"{ATOM}summary"), entry_id
        link = entry.find(f"{ATOM}link").get("href")
        assert link.startswith("../"), link  # relative to downloads/ in a local build
        target = (site / "downloads" / link.split("#")[0]).resolve() / "index.html"
        assert target.is_file(), (entry_id, link)
        if "#" in link:
            assert f'id="{link.split("#")[1]}"' in target.read_text(encoding="utf-8"), (entry_id, link)


def _project_with_real_data(tmp_path):
    project = copy_project(tmp_path / "project")
    shutil.copytree(ROOT / "scripts", project / "scripts", ignore=shutil.ignore_patterns("__pycache__"))
    return project


def test_an_edited_claim_fails_make_check_until_the_next_release_lists_it(kb, tmp_path):
    project = _project_with_real_data(tmp_path)
    pending = kb.releases[0] if kb.releases[0].date is None else None
    already = {*pending.claims.added, *pending.claims.changed} if pending else set()
    claim = next(c for c in kb.claims if c.id not in already)
    path = project / claim.path
    text = path.read_text(encoding="utf-8")
    old = f"  text: {claim.record.text.split(' ')[0]} "
    assert old in text
    path.write_text(
        text.replace(old, "  text: Reworded. " + old.removeprefix("  text: "), 1), encoding="utf-8"
    )
    run = subprocess.run(
        [sys.executable, "scripts/check.py", "--build-only"], cwd=project, capture_output=True, text=True
    )
    output = run.stdout + run.stderr
    assert run.returncode != 0 and "Traceback" not in output, output
    upcoming = pending.version if pending else history.next_version(kb.released[0].version)
    lines = history.release_lines(project / "data" / "releases.yaml")
    # at the next release's list of changed claims, or at the top when there is no next release yet
    at = lines[upcoming].get(("claims", "changed"), lines[upcoming][()]) if pending else lines[""][()]
    assert f"data/releases.yaml:{at}: " in output
    assert (
        f"claim {claim.id!r} ({claim.path}:{claim.line}) was changed since {kb.released[0].version}" in output
    )
    if pending:
        assert f"release {upcoming} does not list it" in output and "make release-notes" in output
    else:
        assert f"list it under a new release {upcoming}" in output and "make release-notes" in output
    notes = subprocess.run(
        [sys.executable, "scripts/release_notes.py"], cwd=project, capture_output=True, text=True
    )
    assert notes.returncode == 0, notes.stdout + notes.stderr
    edited = load(project / "data")
    assert history.check(edited) == []
    assert edited.releases[0].version == upcoming and edited.releases[0].date is None
    assert set(edited.releases[0].claims.changed) == {*(pending.claims.changed if pending else ()), claim.id}
    assert edited.version == f"{upcoming}-dev"


def test_a_release_that_leaves_out_a_change_fails_at_its_line(kb, tmp_path):
    project = _project_with_real_data(tmp_path)
    release = next(r for r in kb.released if not r.initial and r.claims.changed)
    dropped = release.claims.changed[0]
    path = project / "data" / "releases.yaml"
    text = path.read_text(encoding="utf-8")
    # the release's own entry: a next release above it may list the same id
    before, entry = text.split(f"- version: {release.version}\n", 1)
    listed, kept = next(
        (listed, kept)
        for listed, kept in ((f"[{dropped}, ", "["), (f" {dropped},", ""), (f", {dropped}]", "]"))
        if listed in entry
    )
    entry = entry.replace(listed, kept, 1)
    path.write_text(f"{before}- version: {release.version}\n{entry}", encoding="utf-8")
    problems = history.check(load(project / "data"))
    line = history.release_lines(path)[release.version][("claims", "changed")]
    assert [(p.path, p.line) for p in problems] == [("data/releases.yaml", line)]
    assert f"release {release.version}: claim {dropped!r}" in problems[0].message
    assert f"list it under {release.version}: claims: changed: [{dropped}]" in problems[0].fix


def test_the_snapshot_script_reads_the_data_of_a_past_commit(tmp_path):
    """A snapshot made from the data as plain YAML equals the one the loader's data gives."""
    out = tmp_path / "now.yaml"
    run = subprocess.run(
        [sys.executable, "scripts/snapshot.py", "9.9.9", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    written = yaml.safe_load(out.read_text(encoding="utf-8"))
    kb = load(ROOT / "data")
    assert [c["id"] for c in written["claims"]] == [c.id for c in kb.claims]
    assert [c["text"] for c in written["claims"]] == [c.record.text for c in kb.claims]
    assert [r["id"] for r in written["relations"]] == [r.record.id for r in kb.relations]
    assert [t["id"] for t in written["threads"]] == [t.record.id for t in kb.threads]
    assert [t["id"] for t in written["topics"]] == [t.id for t in kb.topics]


def test_citation_and_changelog_name_the_latest_release(kb):
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    latest = kb.released[0]
    assert (str(citation["version"]), str(citation["date-released"])) == (latest.version, latest.date)
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    for release in kb.releases:
        assert f"## {release.version} ({release.date or 'unreleased'})" in changelog


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


def test_citation_cff_is_valid_cff_1_2_0_and_names_the_repository():
    schema = json.loads(
        (ROOT / "tests" / "fixtures" / "cff" / "schema-1.2.0.json").read_text(encoding="utf-8")
    )
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    validator = jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker())
    assert [e.message for e in validator.iter_errors(citation)] == []
    for key in ("repository-code", "url"):  # named only once known, never guessed
        assert key not in citation or citation[key].startswith("https://")
    assert list(validator.iter_errors({**citation, "url": "not an address", "colour": 1}))  # the check bites
    assert "quotes" in citation["message"] and "not under CC BY" in citation["message"]


def _archived_texts() -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "data" / "sources").glob("*.txt"))


def test_no_published_file_puts_the_quotes_under_cc_by(site):
    """Every column whose values are passages of the archived texts carries its rights, and the
    licence of its file says it does not cover that column; kb.json, the JSON-LD and the footer
    say who holds the quotes and the archives."""
    archives = _archived_texts()
    package = json.loads((site / "downloads" / "datapackage.json").read_text(encoding="utf-8"))
    assert "licenses" not in package and "publishers'" in package["rights"]
    for resource in package["resources"]:
        rows = list(
            csv.DictReader(io.StringIO((site / "downloads" / resource["path"]).read_text(encoding="utf-8")))
        )
        for field in resource["schema"]["fields"]:
            values = [r[field["name"]] for r in rows if len(r[field["name"]]) > 40]
            quoted = bool(values) and all(v in archives for v in values)
            assert quoted == ("rights" in field), (resource["path"], field["name"])
            if quoted:
                assert "except `quote`" in resource["licenses"][0]["title"]
    document = json.loads((site / "downloads" / "kb.json").read_text(encoding="utf-8"))
    assert "CC BY 4.0 does not cover" in document["rights"]["not_licensed"]
    html = (site / "data" / "index.html").read_text(encoding="utf-8")
    dataset = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    )
    assert "publishers'" in dataset["copyrightNotice"]
    footer = html[html.index("<footer") :]
    assert "Quotes and archived source texts: their publishers'" in footer and "not under CC BY" in footer
    about = (site / "about" / "index.html").read_text(encoding="utf-8")
    assert 'id="removal-on-request"' in about


def test_the_dataset_description_has_what_catalogues_read(site, kb):
    html = (site / "data" / "index.html").read_text(encoding="utf-8")
    dataset = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    )
    for key in ("creator", "publisher", "keywords", "identifier", "spatialCoverage", "temporalCoverage"):
        assert dataset[key], key
    start, end = dataset["temporalCoverage"].split("/")
    assert start == min((c.when.iso.split("/")[0] for c in kb.claims), key=date_key)
    assert end == ".." or date_key(end) >= date_key(start)


def test_the_data_package_declares_foreign_keys_that_frictionless_checks(site, tmp_path):
    downloads = Path(shutil.copytree(site / "downloads", tmp_path / "downloads"))
    package = json.loads((downloads / "datapackage.json").read_text(encoding="utf-8"))
    relations = next(r for r in package["resources"] if r["name"] == "relations")
    assert {k["fields"] for k in relations["schema"]["foreignKeys"]} == {"from", "to", "claim", "per"}
    assert package["sources"] and package["contributors"]
    rows = (downloads / "relations.csv").read_text(encoding="utf-8").splitlines()
    first = rows[1].split(",")
    first[1] = "no-such-actor"
    (downloads / "relations.csv").write_text(
        "\n".join([rows[0], ",".join(first), *rows[2:]]) + "\n", encoding="utf-8"
    )
    report = frictionless.validate(str(downloads / "datapackage.json"))
    assert not report.valid
    assert "foreign-key" in {row[0] for row in report.flatten(["type"])}


def test_the_repository_is_named_only_when_the_build_knows_it(kb):
    """The Dataset names the repository that CI's environment gives, and guesses none locally."""
    urls = Urls(kb, 50)
    known = releasing.publishing(
        None, {"GITHUB_SERVER_URL": "https://example.org", "GITHUB_REPOSITORY": "o/kb"}
    )
    assert known.repository == "https://example.org/o/kb"
    assert (
        releasing.publishing(None, {"REPOSITORY_URL": "https://x.test/kb"}).repository == "https://x.test/kb"
    )
    document = json.loads(releasing.dataset_jsonld(kb, urls, known, []))
    assert document["creator"]["url"] == "https://example.org/o/kb"
    assert document["identifier"].startswith("https://example.org/o/kb/releases/tag/v")
    unknown = releasing.publishing(None, {})
    document = json.loads(releasing.dataset_jsonld(kb, urls, unknown, []))
    assert "url" not in document["creator"] and not document["identifier"].startswith("http")
    assert document["dateModified"] == kb.released[0].date  # the last release cut, never a pending one
    package = json.loads(releasing.datapackage(kb, unknown))
    assert "homepage" not in package and all("path" not in c for c in package["contributors"])
