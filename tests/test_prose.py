"""Our prose that cites claims is checked like a claim: overview sentences and thread notes name
whose views they give, say when, give only their claims' figures; threads share a subject; a
claim id named in a note exists. Each rule fails with the line, and passes once the prose is fixed."""

from __future__ import annotations

from test_dates import edit, line_of, problems

from kb.load import load

OVERVIEW = "  page: military.md\n  overview:\n  - text: {text}\n    claims: [{claims}]\n"


def overview(data, text: str, claims: str = "putin-promise") -> None:
    edit(data / "topics.yaml", "  page: military.md\n", OVERVIEW.format(text=text, claims=claims))


def test_an_overview_sentence_passes_once_it_names_the_speaker_and_the_date(data):
    overview(data, "An attack on Belarus was promised to count as an attack on Russia.")
    found = problems(data)
    line = line_of(data / "topics.yaml", "An attack on Belarus")
    assert {(p.path, p.line) for p in found} == {("data/topics.yaml", line)}
    assert ["does not name 'Vladimir Putin'" in p.message or "no time cue" in p.message for p in found] == [
        True,
        True,
    ]
    edit(
        data / "topics.yaml",
        "An attack on Belarus was",
        "On 24 February 2022 Putin said an attack on Belarus was",
    )
    load(data)


def test_no_time_cue_is_needed_when_every_claim_holds_as_of_the_newest_source(data):
    # a claim with no date of its own holds as of its source, PISM's of March 2022: the newest one
    edit(
        data / "events.yaml",
        "[]",
        "- id: sanctions-hit-industry\n  text: Sanctions hit Belarusian industry.\n  kind: fact\n"
        '  cite: [{source: pism-belarus-reaction, quote: "the most profitable branches of Belarusian industry"}]\n',
    )
    overview(data, "Sanctions hit Belarusian industry.", "sanctions-hit-industry")
    load(data)


def test_a_figure_counts_in_words_or_digits_and_days_are_figures_too(data):
    overview(data, "On 24 February 2022 Putin made one promise to twenty people.")
    [problem] = problems(data)
    assert "the figure twenty is in none of the claims it cites" in problem.message
    edit(data / "topics.yaml", "On 24 February 2022", "On 23 February 2022")
    messages = [p.message for p in problems(data)]
    assert any("the figures 23, twenty are in none" in m for m in messages), messages


def test_a_thread_note_names_whose_view_it_gives(data):
    (data / "threads.yaml").write_text(
        "- id: t\n  title: T\n  earlier: [russian-troops-in-belarus]\n  later: [putin-promise]\n"
        "  change: updates\n  note: >-\n    Troops were in Belarus;\n    then an attack was promised.\n",
        encoding="utf-8",
    )
    named = [p for p in problems(data) if "does not name" in p.message]
    assert [(p.line, "'Vladimir Putin'" in p.message) for p in named] == [(7, True)]
    edit(data / "threads.yaml", "then an attack", "then Putin said an attack")
    assert not [p for p in problems(data) if "does not name" in p.message]


def test_because_cites_claims_of_its_own_side(data):
    (data / "threads.yaml").write_text(
        "- id: t\n  title: T\n  earlier: [russian-troops-in-belarus]\n  later: [eu-sanctions-2022-02-25]\n"
        "  change: contradicts\n  note: Troops, then sanctions.\n  because:\n"
        "    earlier: {says: Troops were in Belarus., claims: [eu-sanctions-2022-02-25]}\n"
        "    later: {says: The EU imposed sanctions., claims: [eu-sanctions-2022-02-25]}\n",
        encoding="utf-8",
    )
    [problem] = problems(data)
    assert (problem.line, problem.message) == (
        8,
        "thread 't': because.earlier cites 'eu-sanctions-2022-02-25', which is not one of its earlier claims",
    )
    edit(data / "threads.yaml", "claims: [eu-sanctions-2022-02-25]}", "claims: [russian-troops-in-belarus]}")
    load(data)


def test_hyphenated_words_and_known_ids_in_notes_are_not_reported(data):
    edit(
        data / "military.yaml",
        '  date: "2022-02"\n  actors: [belarus]\n',
        '  date: "2022-02"\n  actors: [belarus]\n  note: A well-known, up-to-date figure (see putin-promise).\n',
    )
    load(data)
