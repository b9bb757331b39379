"""When a claim holds: as-of dates derived at load time, publication dates, then-and-now threads,
and the editorial rules that fail the build with file, line and fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb import dates, rules
from kb.errors import DataError
from kb.load import load
from kb.schema import Claim, Published


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


def claim(**fields):
    base = {"id": "x", "text": "Words.", "kind": "fact", "cite": [{"source": "s", "quote": "q"}]}
    return Claim.model_validate({**base, **fields})


DAY = dates.Publication("2022-02-24", "day", stated=True)
MONTH_WORKED_OUT = dates.Publication("2022-03", "month", stated=False)
AFTER = dates.Publication("2022-02", "after", stated=False)


def test_the_event_date_comes_first():
    when = dates.as_of(claim(date="2021-08"), [DAY])
    assert (when.kind, when.iso, when.words()) == ("event", "2021-08", "August 2021")


def test_without_a_date_a_claim_holds_as_of_its_earliest_source():
    when = dates.as_of(claim(), [MONTH_WORKED_OUT, DAY])
    assert (when.kind, when.iso, when.words(), when.datetime) == (
        "reported",
        "2022-02-24",
        "as of 24 February 2022",
        "2022-02-24",
    )


def test_an_undated_source_gives_an_open_interval():
    when = dates.as_of(claim(), [AFTER])
    assert (when.kind, when.iso, when.words(), when.datetime) == (
        "interval",
        "2022-02/..",
        "reported after February 2022",
        "2022-02",
    )


def test_an_explicit_value_overrides_with_its_reason():
    when = dates.as_of(claim(as_of={"value": "2022/2026-02", "reason": "Recounted in 2026."}), [DAY])
    assert (when.kind, when.iso, when.words(), when.reason) == (
        "override",
        "2022/2026-02",
        "between 2022 and February 2026",
        "Recounted in 2026.",
    )


def test_no_date_anywhere_gives_none():
    assert dates.as_of(claim(), [dates.Publication(None, "not-stated", stated=False)]) is None


@pytest.mark.parametrize(
    "published, words, how",
    [
        ({"date": "2026-02-23", "precision": "day"}, "23 Feb 2026", "stated in the source"),
        (
            {"precision": "not-stated", "inferred": "2022-03", "evidence": "e"},
            "Mar 2022",
            "worked out from the text",
        ),
        (
            {"precision": "not-stated", "after": "2022-02", "evidence": "e"},
            "after Feb 2022",
            "worked out from the text",
        ),
        ({"precision": "not-stated"}, "date not stated", "undated"),
    ],
)
def test_a_source_has_one_publication_date(published, words, how):
    publication = dates.publication(Published.model_validate(published))
    assert (publication.words(short=True), publication.how()) == (words, how)


def test_every_claim_of_the_fixture_has_an_as_of(data):
    kb = load(data)
    assert all(c.as_of is not None for c in kb.claims)
    assert [c.id for c in kb.claims_by_as_of][0] == "russian-troops-in-belarus"  # February 2022 comes first


def test_a_claim_with_no_date_from_an_undated_source_fails(data):
    source = data / "sources" / "pism-belarus-reaction.yaml"
    edit(source, '  inferred: "2022-03"\n', "")
    path = data / "constitution.yaml"
    edit(path, '  date: "2022-02-27"\n', "")
    found = [p for p in problems(data) if "no date" in p.message]
    assert [(p.path, p.line) for p in found] == [("data/constitution.yaml", 2)]
    assert "as_of" in found[0].fix and "`after`" in found[0].fix


def test_a_thread_that_points_nowhere_fails_at_the_id(data):
    (data / "threads.yaml").write_text(
        "- id: troops\n  title: Troops\n  earlier: [russian-troops-in-belarus]\n  later:\n    - referendum-dat\n"
        "  change: updates\n  note: Later.\n",
        encoding="utf-8",
    )
    [problem] = problems(data)
    assert (problem.path, problem.line) == ("data/threads.yaml", 5)
    assert problem.message == "thread 'troops': later: unknown claim id 'referendum-dat'"
    assert "did you mean 'referendum-date'" in problem.fix


def test_threads_link_both_ways(data):
    (data / "threads.yaml").write_text(
        "- id: t\n  title: T\n  earlier: [russian-troops-in-belarus]\n  later: [eu-sanctions-2022-02-25]\n"
        "  change: updates\n  note: Later.\n",
        encoding="utf-8",
    )
    kb = load(data)
    [(thread, side)] = kb.threads_of("eu-sanctions-2022-02-25")
    assert side == "later" and [c.id for c in thread.earlier] == ["russian-troops-in-belarus"]
    assert kb.threads_of("russian-troops-in-belarus")[0][1] == "earlier"


def test_a_fact_resting_on_an_interested_source_must_say_whose_it_is(data):
    edit(
        data / "sources" / "pism-belarus-reaction.yaml",
        "language: en",
        "language: en\ninterested: A party to it.",
    )
    found = problems(data)
    path = data / "constitution.yaml"
    mine = [p for p in found if p.path == "data/constitution.yaml"]
    assert [p.line for p in mine] == [line_of(path, "text: The constitutional referendum")]
    assert "does not say whose claim it is" in mine[0].message and "according to" in mine[0].fix
    edit(path, "text: The constitutional", "text: According to PISM, the constitutional")
    assert not [p for p in problems(data) if p.path == "data/constitution.yaml"]


def test_an_unexplained_figure_fails_at_the_text(data):
    path = data / "military.yaml"
    edit(path, "text: About 30,000 Russian", "text: About 35,000 Russian")
    [problem] = problems(data)
    assert (problem.line, problem.message) == (
        line_of(path, "35,000"),
        "record 'russian-troops-in-belarus': the figure 35,000 in the text appears in none of its quotes",
    )
    edit(
        path, '  date: "2022-02"\n', '  date: "2022-02"\n  note: A rounding of 35,000 in a later estimate.\n'
    )
    load(data)


@pytest.mark.parametrize(
    "text, found",
    [
        ("About 30,000 troops on 27 February 2022.", ["30,000", "2022"]),
        ("S-400 systems and Helsinki-2 talks in 2025.", ["2025"]),
        ("The two leaders held eight rounds; one of them said so.", ["two", "eight"]),
        ("It won 82% and 78.6% on February 27.", ["82", "78.6"]),
    ],
)
def test_figures_are_counts_years_and_number_words_not_days_or_model_names(text, found):
    assert rules.figures(text) == found


def test_a_large_topic_needs_an_overview_of_readable_length(tmp_path):
    import shutil

    from conftest import ROOT

    data = Path(shutil.copytree(ROOT / "data", tmp_path / "data"))
    topics = data / "topics.yaml"
    text = topics.read_text(encoding="utf-8")
    start = text.index("  overview:\n", text.index("- id: military"))
    end = text.index("\n- id: sanctions")
    first = text.index("  - text:", start)
    second = text.index("  - text:", first + 1)
    topics.write_text(text[:second] + text[end:], encoding="utf-8")  # one sentence left
    [problem] = problems(data)
    assert problem.path == "data/topics.yaml" and problem.line == text[:start].count("\n") + 1
    assert (
        problem.message.startswith("topic 'military': the overview has ")
        and "write 60 to 250 words" in problem.fix
    )
