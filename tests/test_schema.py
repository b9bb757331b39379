"""Schema and cross-reference rejections name the file and the line, and say how to fix it."""

from __future__ import annotations

import pytest

from kb.errors import DataError
from kb.load import load
from kb.pages import known_from
from kb.render import escape
from kb.urls import Urls


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path, needle):
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def problems(data_dir):
    with pytest.raises(DataError) as caught:
        load(data_dir)
    return caught.value.problems


def test_the_fixture_loads(data):
    kb = load(data)
    assert sorted(kb.sources) == ["fp-lukashenko-letting-putin", "pism-belarus-reaction"]
    assert [c.id for c in kb.claims_in("military")] == ["russian-troops-in-belarus", "putin-promise"]


def test_unknown_field_is_named_with_its_line(data):
    path = data / "military.yaml"
    edit(path, "  kind: fact\n", "  kind: fact\n  colour: red\n")
    [problem] = problems(data)
    assert (problem.path, problem.line) == ("data/military.yaml", line_of(path, "colour: red"))
    assert problem.message == "unknown field 'colour'"
    assert "allowed here: about, actors, as_of, by, cite, date" in problem.fix


def test_misspelt_field_suggests_the_right_one(data):
    edit(data / "military.yaml", "  kind: fact\n", "  knid: fact\n")
    messages = [str(p) for p in problems(data)]
    assert any("unknown field 'knid'" in m and "did you mean 'kind'" in m for m in messages)
    assert any("missing required field 'kind'" in m for m in messages)


def test_missing_required_field(data):
    path = data / "actors.yaml"
    edit(path, "  role: President of Russia.\n", "")
    [problem] = problems(data)
    assert (problem.path, problem.line) == ("data/actors.yaml", line_of(path, "id: putin"))
    assert problem.message == "missing required field 'role'"
    assert "add `role:`" in problem.fix


@pytest.mark.parametrize(
    "bad, reason",
    [
        ("2022-02-30", "is not a real date"),
        ("24 Feb 2022", "is not a date"),
        ("2022-13", "is not a real date"),
        ("2022-monsoon", "is not a date"),
    ],
)
def test_bad_date(data, bad, reason):
    path = data / "constitution.yaml"
    edit(path, 'date: "2022-02-27"', f'date: "{bad}"')
    [problem] = problems(data)
    assert problem.line == line_of(path, f'date: "{bad}"')
    assert reason in problem.message


def test_unquoted_date_is_still_checked(data):
    edit(data / "constitution.yaml", 'date: "2022-02-27"', "date: 2022-02-31")
    [problem] = problems(data)
    assert "'2022-02-31' is not a real date" in problem.message


def test_unknown_actor_id_suggests_the_closest(data):
    edit(data / "sanctions.yaml", "imposed_by: [european-union]", "imposed_by: [europian-union]")
    [problem] = problems(data)
    assert problem.path == "data/sanctions.yaml"
    assert problem.line == line_of(data / "sanctions.yaml", "imposed_by: [europian-union]")
    assert (
        problem.message == "record 'eu-sanctions-2022-02-25': imposed_by.0: unknown actor id 'europian-union'"
    )
    assert "did you mean 'european-union'" in problem.fix


def test_unknown_source_id(data):
    path = data / "constitution.yaml"
    edit(path, "source: pism-belarus-reaction", "source: pism-belarus-reactoin")
    [problem] = problems(data)
    assert problem.line == line_of(path, "source: pism-belarus-reactoin")
    assert "unknown source id 'pism-belarus-reactoin'" in problem.message
    assert "did you mean 'pism-belarus-reaction'" in problem.fix


def test_duplicate_claim_id_across_files(data):
    edit(
        data / "events.yaml",
        "[]",
        "- id: referendum-date\n  text: Again.\n  kind: fact\n"
        '  cite: [{source: pism-belarus-reaction, quote: "the constitution ended in Belarus"}]',
    )
    [problem] = problems(data)
    assert (problem.path, problem.line) == ("data/events.yaml", 2)
    assert problem.message == "duplicate claim id 'referendum-date' (first used at data/constitution.yaml:2)"


def test_statement_needs_a_speaker(data):
    edit(data / "military.yaml", "  by: putin\n", "")
    [problem] = problems(data)
    assert "needs `by`" in problem.message


def test_every_problem_is_reported_at_once(data):
    edit(data / "military.yaml", "  kind: fact\n", "  kind: rumour\n")
    edit(data / "constitution.yaml", 'date: "2022-02-27"', 'date: "2022-02-30"')
    found = problems(data)
    assert {p.path for p in found} == {"data/military.yaml", "data/constitution.yaml"}
    assert any("'rumour' is not allowed" in p.message and "'fact'" in p.fix for p in found)


def test_unknown_section_lists_the_topics_sections_and_how_to_add_one(data):
    edit(
        data / "topics.yaml",
        "  page: military.md\n",
        "  page: military.md\n  sections:\n  - {id: buildup, title: Build-up, scope: Before.}\n"
        "  - {id: war, title: The war, scope: After.}\n",
    )
    edit(data / "military.yaml", '  date: "2022-02"\n', '  date: "2022-02"\n  section: warr\n')
    found = [p for p in problems(data) if "is not a section" in p.message]
    assert [p.line for p in found] == [line_of(data / "military.yaml", "section: warr")]
    assert found[0].message.endswith("whose sections are buildup, war")
    assert "did you mean 'war'?" in found[0].fix and "add a section 'warr'" in found[0].fix


KNOWN_FROM_ACTOR = """
- id: example-outlet
  name: Example Outlet
  kind: outlet
  role: Published the article.
  known_from:
    source: pism-belarus-reaction
    address: {address}
"""


def test_an_actor_known_only_from_a_sources_address_needs_no_citation(data):
    """A publisher no passage names is recorded with where it is known from, and no quote."""
    address = "https://www.example.org/publications/belarus-reaction"
    edit(data / "sources" / "pism-belarus-reaction.yaml", "\nlanguage:", f"\nurl: {address}\nlanguage:")
    with (data / "actors.yaml").open("a", encoding="utf-8") as actors:
        actors.write(KNOWN_FROM_ACTOR.format(address=address))
    kb = load(data)
    actor = kb.actors["example-outlet"]
    assert actor.record.known_from.address == address and not actor.cites
    shown = known_from(kb, Urls(kb, 40).links("actors/example-outlet.md"), actor.record)
    assert shown.startswith(" (Known from the address of [Belarus's Reaction")
    assert "](../sources/pism-belarus-reaction.md): " + escape(address) + ";" in shown


def test_known_from_must_be_the_sources_own_address(data):
    edit(
        data / "sources" / "pism-belarus-reaction.yaml",
        "\nlanguage:",
        "\nurl: https://www.example.org/a\nlanguage:",
    )
    with (data / "actors.yaml").open("a", encoding="utf-8") as actors:
        actors.write(KNOWN_FROM_ACTOR.format(address="https://www.example.org/b"))
    [problem] = [p for p in problems(data) if "known_from" in p.message]
    assert problem.line == line_of(data / "actors.yaml", "address: https://www.example.org/b")
    assert "is not an address of source 'pism-belarus-reaction'" in problem.message
    assert "https://www.example.org/a" in problem.fix


def test_an_actor_with_neither_citation_nor_known_from_is_refused(data):
    with (data / "actors.yaml").open("a", encoding="utf-8") as actors:
        actors.write(
            "\n- id: example-outlet\n  name: Example Outlet\n  kind: outlet\n  role: Published it.\n"
        )
    found = [p for p in problems(data) if "needs `cite:`" in p.message]
    assert len(found) == 1 and found[0].line == line_of(data / "actors.yaml", "- id: example-outlet")
