"""The downloads the build publishes: valid against their schemas, complete, and linked."""

from __future__ import annotations

import csv
import io
import json
import re

import jsonschema
import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT
from kb.load import load
from kb.text import fold, shown
from kb.yamlsafe import read_yaml


@pytest.fixture(scope="module")
def kb():
    return load(ROOT / "data")


def download(site, name):
    return (site / "downloads" / name).read_text(encoding="utf-8")


def test_kb_json_validates_against_its_published_schema(site, kb):
    document = json.loads(download(site, "kb.json"))
    jsonschema.validate(document, json.loads(download(site, "schema/kb.schema.json")))
    assert len(document["claims"]) == len(kb.claims)
    assert len(document["actors"]) == len(kb.actors)
    assert {s["id"] for s in document["sources"]} == set(kb.sources)


def test_the_schema_rejects_a_broken_export(site):
    document = json.loads(download(site, "kb.json"))
    document["claims"][0]["kind"] = "rumour"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, json.loads(download(site, "schema/kb.schema.json")))


def test_exported_citation_urls_land_on_paragraphs_holding_the_quote(site):
    document = json.loads(download(site, "kb.json"))
    pages = {}
    for claim in document["claims"]:
        for cite in claim["citations"]:
            path, anchor = cite["url"].split("#")
            if path not in pages:
                pages[path] = BeautifulSoup((site / path / "index.html").read_text(), "html.parser")
            paragraph = pages[path].find(id=anchor)
            assert paragraph is not None, cite["url"]
            if len(cite["paragraphs"]) == 1:
                # the page shows a link stub of the archive as its words (kb.text.shown)
                assert fold(shown(cite["quote"]))[0] in fold(paragraph.get_text())[0]


def test_csv_files_have_one_row_per_record(site, kb):
    def rows(name):
        return list(csv.DictReader(io.StringIO(download(site, name))))

    assert [r["id"] for r in rows("claims.csv")] == [c.id for c in kb.claims]
    assert len(rows("citations.csv")) == sum(len(e.cites) for e in kb.citing_entries())
    assert {r["id"] for r in rows("actors.csv")} == set(kb.actors)
    assert {r["id"]: r["sha256"] for r in rows("sources.csv")} == {
        i: s.meta.sha256 for i, s in kb.sources.items()
    }
    assert len(rows("sanctions.csv")) == len(kb.claims_in("sanctions"))
    assert len(rows("relations.csv")) == len(kb.relations)
    places = {r["id"]: r for r in rows("places.csv")}
    assert set(places) == {p.id for p in kb.reference.places}
    assert (places["kyiv"]["lat"], places["kyiv"]["lon"], places["kyiv"]["geonames_id"]) == (
        "50.45",
        "30.52",
        "703448",
    )
    assert places["budapest"]["claims"] == "0"  # "Budapest Memorandum" does not name the city
    assert places["europe"]["lat"] == "" and places["europe"]["unmapped"]


def test_kb_json_gives_each_place_its_coordinates_and_claims(site, kb):
    document = json.loads(download(site, "kb.json"))
    places = {p["id"]: p for p in document["places"]}
    assert set(places) == {p.id for p in kb.reference.places}
    minsk = places["minsk"]
    assert (minsk["coordinates"]["lat"], minsk["coordinates"]["lon"]) == (53.9, 27.57)
    assert minsk["coordinates"]["origin"] and minsk["geonames"]["id"] == 625144
    assert minsk["claims"] == [c.id for c in kb.claims_at("minsk")] != []
    assert all(p.get("coordinates") or p.get("unmapped") for p in places.values())


FTM_SCHEMAS = ROOT / "tests" / "fixtures" / "followthemoney" / "schema"
FTM_SIMPLE_TYPES = {
    "string",
    "text",
    "name",
    "identifier",
    "url",
    "country",
    "language",
    "phone",
    "email",
    "address",
    "checksum",
    "gender",
    "ip",
    "iban",
    "mimetype",
    "number",
    "topic",
    "json",
    "html",
}


def ftm_model() -> dict:
    """FollowTheMoney's schemas, from its published model files: name -> (abstract, required,
    properties with their types), inherited properties and requirements included."""
    raw = {}
    for path in FTM_SCHEMAS.glob("*.yaml"):
        raw.update(yaml.safe_load(path.read_text(encoding="utf-8")))

    def resolve(name):
        spec = raw[name]
        properties, required = {}, set(spec.get("required", []))
        for parent in spec.get("extends", []):
            _, parent_required, parent_properties = resolve(parent)
            properties.update(parent_properties)
            required |= parent_required
        properties.update(
            {key: value.get("type", "string") for key, value in (spec.get("properties") or {}).items()}
        )
        return spec.get("abstract", False), required, properties

    return {name: resolve(name) for name in raw}


def test_sanctions_are_valid_followthemoney_entities(site, kb):
    model = ftm_model()
    entities = [json.loads(line) for line in download(site, "sanctions.ftm.json").splitlines()]
    ids = {entity["id"] for entity in entities}
    sanctions = [e for e in entities if e["schema"] == "Sanction"]
    assert len({s["id"] for s in sanctions}) == len(sanctions)
    covered = {
        claim.id
        for claim in kb.claims_in("sanctions")
        if any(s["id"].startswith(f"kb-sanction-{claim.id}-") for s in sanctions)
    }
    assert covered == {claim.id for claim in kb.claims_in("sanctions")}
    for entity in entities:
        assert entity["schema"] in model, entity["schema"]
        abstract, required, properties = model[entity["schema"]]
        assert not abstract, entity["schema"]
        for name in required:
            assert entity["properties"].get(name), (entity["id"], name)
        for name, values in entity["properties"].items():
            assert name in properties, (entity["schema"], name)
            kind = properties[name]
            for value in values:
                assert isinstance(value, str) and value.strip(), (entity["id"], name, value)
                if kind == "entity":
                    assert value in ids, (entity["id"], value)
                elif kind == "number":
                    float(value)
                elif kind == "date":
                    assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value), (entity["id"], name, value)
                else:
                    assert kind in FTM_SIMPLE_TYPES, (entity["schema"], name, kind)


def test_followthemoney_names_countries_authorities_and_source_addresses(site, kb):
    entities = {e["id"]: e for e in map(json.loads, download(site, "sanctions.ftm.json").splitlines())}
    for claim in kb.claims_in("sanctions"):
        for actor_id in claim.sanction.imposed_by:  # the authority is an entity of its own
            assert f"kb-actor-{actor_id}" in entities
    for entity in entities.values():
        actor = kb.actors.get(entity["id"].removeprefix("kb-actor-"))
        if actor is not None:
            key = "nationality" if entity["schema"] == "Person" else "jurisdiction"
            assert entity["properties"].get(key) == ([actor.record.country] if actor.record.country else None)
        if entity["schema"] == "Sanction":
            claim = kb.claim(
                next(
                    c.id for c in kb.claims_in("sanctions") if entity["id"].startswith(f"kb-sanction-{c.id}-")
                )
            )
            urls = {kb.sources[c.source].meta.url for c in claim.cites} - {None}
            assert set(entity["properties"].get("sourceUrl", [])) == urls


def test_places_in_one_country_are_followthemoney_addresses(site, kb):
    entities = {
        e["id"]: e
        for e in map(json.loads, download(site, "sanctions.ftm.json").splitlines())
        if e["schema"] == "Address"
    }
    expected = {f"kb-place-{p.id}" for p in kb.reference.places if p.country}
    assert set(entities) == expected
    kyiv = entities["kb-place-kyiv"]["properties"]
    assert kyiv == {
        "name": ["Kyiv"],
        "full": ["Kyiv"],
        "city": ["Kyiv"],
        "country": ["ua"],
        "latitude": ["50.45"],
        "longitude": ["30.52"],
    }
    assert entities["kb-place-crimea"]["properties"]["region"] == ["Crimea"]


def test_the_followthemoney_check_catches_a_bad_entity():
    """The model files are read: a property Sanction does not have, and a missing entity, fail."""
    model = ftm_model()
    _, required, properties = model["Sanction"]
    assert "entity" in required and "notes" not in properties and properties["startDate"] == "date"
    assert model["Thing"][0] is True  # abstract


def test_every_data_file_validates_against_its_published_json_schema():
    """The schemas editors use agree with the validator the build uses, on the data as the loader
    reads it (kb.yamlsafe: dates stay text, numbers and booleans are typed)."""
    schema_dir = ROOT / "data" / "schema"
    topics = read_yaml(ROOT / "data" / "topics.yaml")
    files = {"actors.yaml": "actor", "topics.yaml": "topics", "relations.yaml": "relation"}
    files |= {f"{t['id']}.yaml": "sanction" if t.get("records") == "sanction" else "claim" for t in topics}
    for name, kind in files.items():
        jsonschema.validate(
            read_yaml(ROOT / "data" / name), json.loads((schema_dir / f"{kind}.schema.json").read_text())
        )
    for path in (ROOT / "data" / "sources").glob("*.yaml"):
        jsonschema.validate(read_yaml(path), json.loads((schema_dir / "source.schema.json").read_text()))
