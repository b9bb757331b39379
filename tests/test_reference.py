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
    """The archived sources, with reference files written by each test."""
    shutil.copytree(ROOT / "data" / "sources", tmp_path / "data" / "sources")
    (tmp_path / "data" / "reference").mkdir()
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
