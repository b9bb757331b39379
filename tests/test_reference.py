"""kb.reference: the real data/reference/ files load, and each kind of bad input is reported with
its file, line, problem and fix."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kb.errors import DataError
from kb.reference import load_reference
from kb.yamlsafe import read_yaml

ROOT = Path(__file__).resolve().parent.parent
ACTOR_IDS = {record["id"] for record in read_yaml(ROOT / "data" / "actors.yaml")}


def test_real_reference_data_loads():
    ref = load_reference(ROOT / "data", ACTOR_IDS)
    assert {"lukashenko", "tsikhanouskaya", "zelenskyy"} <= set(ref.names)
    assert {"kyiv", "minsk", "homyel-region", "crimea", "vilnius", "davos"} <= {p.id for p in ref.places}
    assert len(ref.thesaurus) >= 15
    texts = [form.text for form in ref.also_written("lukashenko", exclude=("Alexander Lukashenko",))]
    assert "Аляксандр Лукашэнка" in texts and "Alyaksandr Lukashenka" in texts
    assert "Alexander Lukashenko" not in texts
    assert len(texts) == len({t.casefold() for t in texts})  # one entry per distinct text


def test_missing_files_are_empty(tmp_path):
    (tmp_path / "sources").mkdir()
    ref = load_reference(tmp_path, ACTOR_IDS)
    assert (ref.names, ref.places, ref.thesaurus) == ({}, [], [])


@pytest.fixture
def data(tmp_path) -> Path:
    """The archived sources and the country borders, with reference files written by each test."""
    shutil.copytree(ROOT / "data" / "sources", tmp_path / "data" / "sources")
    (tmp_path / "data" / "reference").mkdir()
    shutil.copy(ROOT / "data" / "reference" / "borders.json", tmp_path / "data" / "reference")
    return tmp_path / "data"


def problems(data: Path, file: str, text: str) -> list[str]:
    (data / "reference" / file).write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_reference(data, ACTOR_IDS)
    return [f"{p.path}:{p.line}: {p.message} | {p.fix}" for p in caught.value.problems]


BAD = [
    (
        "names.yaml",
        "- id: lukashenka\n  names:\n    - {text: Лукашэнка, lang: be, origin: x}\n",
        "data/reference/names.yaml:1: unknown actor id 'lukashenka' | did you mean 'lukashenko'?",
    ),
    (
        "names.yaml",
        "- id: putin\n  names:\n    - {text: Путин, lang: Russian, origin: x}\n",
        "data/reference/names.yaml:3: names.0.lang: 'Russian' is not a language tag | write a BCP 47 tag",
    ),
    (
        "names.yaml",
        "- id: putin\n  names:\n    - {text: Putin, lang: ru-Latn, system: gost, from: Путин, origin: x}\n",
        "data/reference/names.yaml:3: names.0.system: 'gost' is not allowed | use one of",
    ),
    (
        "names.yaml",
        "- id: putin\n  names:\n    - {text: Putin, lang: ru-Latn, system: iso9, origin: x}\n",
        "data/reference/names.yaml:3: names.0: a romanisation (with `system`) needs `from:`",
    ),
    (
        "names.yaml",
        "- id: putin\n  names:\n    - {text: Putin, lang: ru, system: iso9, from: Путин, origin: x}\n",
        "data/reference/names.yaml:3: names.0: a romanisation's lang must end in -Latn",
    ),
    (
        "names.yaml",
        "- id: putin\n  names:\n    - {text: Путин, lang: ru}\n",
        "data/reference/names.yaml:3: missing required field 'names.0.origin' | add `origin:`",
    ),
    (
        "names.yaml",
        "- id: putin\n  names:\n    - {text: Путин, lang: ru, origin: x, note: y}\n",
        "data/reference/names.yaml:3: unknown field 'names.0.note' | remove it",
    ),
    (
        "names.yaml",
        "- id: putin\n  names: [{text: a, lang: ru, origin: x}]\n- id: putin\n  names: [{text: b, lang: ru, origin: x}]\n",
        "data/reference/names.yaml:3: duplicate id 'putin' (also on line 1)",
    ),
    (
        "places.yaml",
        "- id: kyiv\n  name: Kyiv\n  kind: capital\n  match: [Kyiv]\n",
        "data/reference/places.yaml:3: kind: 'capital' is not allowed | use one of",
    ),
    (
        "places.yaml",
        "- id: kyiv\n  name: Kyiv\n  kind: city\n  country: Ukraine\n  match: [Kyiv]\n",
        "data/reference/places.yaml:4: country: 'Ukraine' is not a country code | write an ISO 3166-1 alpha-2 code",
    ),
    (
        "places.yaml",
        "- id: kyiv\n  name: Kyiv\n  kind: city\n  match: [Kyiv, Kiev]\n",
        "data/reference/places.yaml:4: match: 'Kiev' does not occur in any archived source",
    ),
    (
        "places.yaml",
        "- id: kyiv\n  name: Kyiv\n  kind: city\n  within: ukraine-oblast\n  match: [Kyiv]\n",
        "data/reference/places.yaml:4: within: 'ukraine-oblast' is not a place in this file",
    ),
    (
        "places.yaml",
        "- id: belarus\n  name: Belarus\n  kind: region\n  match: [Belarus]\n",
        "data/reference/places.yaml:1: 'belarus' is an actor in data/actors.yaml, not a place",
    ),
    (
        "places.yaml",
        "- id: kyiv\n  name: Kyiv\n  kind: city\n  match: []\n",
        "data/reference/places.yaml:4: match: the list is empty",
    ),
    (
        "places.yaml",
        "- id: kyiv\n  name: Kyiv\n  kind: city\n  country: UA\n  match: [Kyiv]\n",
        "data/reference/places.yaml:1: place 'kyiv' has no coordinates | add `coordinates: {lat: …, lon: …, origin: …}`",
    ),
    (
        "places.yaml",
        "- id: kyiv\n  name: Kyiv\n  kind: city\n  country: UA\n"
        "  coordinates: {lat: 53.9, lon: 27.57, origin: x}\n  match: [Kyiv]\n",
        "data/reference/places.yaml:5: coordinates lat 53.9, lon 27.57 lie in Belarus (BY), not in UA | check the coordinates",
    ),
    (
        "places.yaml",
        "- id: kyiv\n  name: Kyiv\n  kind: city\n  country: UA\n"
        "  coordinates: {lat: 30.52, lon: 50.45, origin: x}\n  match: [Kyiv]\n",
        "data/reference/places.yaml:5: coordinates lat 30.52, lon 50.45 lie in no country (sea?), not in UA",
    ),
    (
        "places.yaml",
        "- id: kyiv\n  name: Kyiv\n  kind: city\n  country: JP\n"
        "  coordinates: {lat: 50.45, lon: 30.52, origin: x}\n  match: [Kyiv]\n",
        "data/reference/places.yaml:4: country: 'JP' has no outline in data/reference/borders.json | run `python scripts/borders.py`",
    ),
    (
        "places.yaml",
        "- id: budapest\n  name: Budapest\n  kind: city\n  country: HU\n"
        "  coordinates: {lat: 47.5, lon: 19.04, origin: x}\n  match: [Budapest]\n  not_in: [Memorandum]\n",
        "data/reference/places.yaml:7: not_in: 'Memorandum' does not contain any spelling of `match`",
    ),
    (
        "places.yaml",
        "- id: kyiv\n  name: Kyiv\n  kind: city\n  country: UA\n"
        "  coordinates: {lat: 50.45, lon: 30.52, origin: x}\n  match: [Kyiv]\n  names:\n"
        "    - {text: Kijeŭ, lang: be-Latn, system: national, from: Кіеў, origin: x}\n",
        "data/reference/places.yaml:8: names.0: the Belarusian national system (2007 Instruction, UN-recommended) is applied to a "
        "place name outside BY | remove the form",
    ),
    (
        "places.yaml",
        "- id: kyiv\n  name: Kyiv\n  kind: city\n  country: UA\n"
        "  coordinates: {lat: 50.45, lon: 30.52, origin: x}\n  match: [Kyiv]\n  names:\n"
        "    - {text: Kyyiv, lang: uk-Latn, system: bgn-pcgn, from: Київ, origin: x}\n",
        "data/reference/places.yaml:8: names.0.system: 'bgn-pcgn' is not a romanisation system of Ukrainian | use one of",
    ),
    (
        "names.yaml",
        "- id: lukashenko\n  names:\n"
        "    - {text: Aleksandr Lukashenko, lang: ru-Latn, system: passport, from: Александр Лукашенко, origin: x}\n",
        "data/reference/names.yaml:3: names.0: a passport form for someone who is not a citizen of RU | remove the form",
    ),
    (
        "thesaurus.yaml",
        "- id: potash\n  readers: [potash]\n  sources: [potash]\n",
        "data/reference/thesaurus.yaml:3: sources: 'potash' does not occur in any archived source",
    ),
    (
        "thesaurus.yaml",
        "- id: potash\n  readers: [potash]\n",
        "data/reference/thesaurus.yaml:1: missing required field 'sources'",
    ),
    (
        "thesaurus.yaml",
        "id: potash\n",
        "data/reference/thesaurus.yaml:1: the file must hold a list of records",
    ),
    (
        "thesaurus.yaml",
        "- id: potash\n  readers: [potash\n",
        "data/reference/thesaurus.yaml:3: YAML syntax error",
    ),
]


def test_a_missing_borders_file_names_the_file_and_how_to_get_it(data):
    (data / "reference" / "borders.json").unlink()
    found = problems(data, "thesaurus.yaml", "- id: tanks\n  readers: [tanks]\n  sources: [troops]\n")
    assert found == [
        "data/reference/borders.json:1: the map's country borders file is missing | restore it with "
        "`git checkout -- data/reference/borders.json`, or write it again: `npm pack world-atlas@2.0.2` in a "
        "temporary folder, unpack it and run `python scripts/borders.py <the unpacked package folder>`"
    ]


def test_every_real_place_lies_in_its_country_and_has_a_public_record():
    ref = load_reference(ROOT / "data", ACTOR_IDS)
    assert ref.borders is not None
    for place in ref.places:
        assert place.coordinates or place.unmapped, place.id
        if place.coordinates and place.country:
            codes = [c.code for c in ref.borders.country_at(place.coordinates.lon, place.coordinates.lat)]
            assert codes == [place.country], place.id
    # Crimea is drawn and checked within Ukraine's internationally recognised border
    crimea = ref.place("crimea")
    assert crimea.country == "UA" and crimea.geonames and crimea.geonames.id == 703883
    assert ref.borders.country_at(crimea.coordinates.lon, crimea.coordinates.lat)[0].code == "UA"


def test_a_place_tags_text_that_names_it_not_a_name_that_contains_it():
    from kb.reference import names_the_place

    ref = load_reference(ROOT / "data", ACTOR_IDS)
    budapest, helsinki, donetsk = ref.place("budapest"), ref.place("helsinki"), ref.place("donetsk")
    assert not names_the_place(budapest, "Under the 1994 Budapest Memorandum, Belarus gave up its weapons.")
    assert names_the_place(budapest, "The talks were held in Budapest.")
    assert names_the_place(budapest, "Signed in Budapest, the Budapest Memorandum …")
    assert not names_the_place(helsinki, 'the idea of "Helsinki-2" will not be considered')
    assert not names_the_place(donetsk, "recognize the so-called Donetsk and Luhansk People’s Republics")
    assert not names_the_place(ref.place("luhansk"), "the Luhansk People's Republic")
    assert names_the_place(donetsk, "fighting near Donetsk")


def test_the_real_claims_are_tagged_only_with_the_places_they_name():
    from kb.load import load

    kb = load(ROOT / "data")
    for place_id in ("budapest", "helsinki", "donetsk", "luhansk"):
        assert kb.claims_at(place_id) == [], place_id
    assert [c.id for c in kb.claims_at("homyel-region")] == ["first-round-talks-homyel-2022-02-28"]


@pytest.mark.parametrize("file,text,expected", BAD, ids=[f"{f}-{i}" for i, (f, _, _) in enumerate(BAD)])
def test_bad_input_is_reported_with_line_and_fix(data, file, text, expected):
    found = problems(data, file, text)
    assert any(line.startswith(expected) for line in found), found


def test_every_problem_is_reported_at_once(data):
    (data / "reference" / "names.yaml").write_text(
        "- id: nobody\n  names: [{text: a, lang: ru, origin: x}]\n", encoding="utf-8"
    )
    found = problems(data, "thesaurus.yaml", "- id: potash\n  readers: [potash]\n  sources: [potash]\n")
    assert len(found) == 2
