"""Property: whatever a contributor does to a valid data file (a key, a value, the indentation,
a type, an id, a quote), the loader either accepts the data and the site's pages are generated,
or it reports problems, each naming an existing file, a line of it, what is wrong and the fix:
never a traceback.

`make test` runs a bounded number of examples (FUZZ_EXAMPLES, 100 by default); `make fuzz` many more.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURE_DATA, ROOT

sys.path.insert(0, str(ROOT / "macros"))

from kb.errors import DataError
from kb.load import load
from kb.settings import Settings
from kb.site import Site

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "100"))
FILES = sorted(str(p.relative_to(FIXTURE_DATA)) for p in FIXTURE_DATA.rglob("*.yaml"))
IDS = ["belarus", "putin", "lukashenko", "pism-belarus-reaction", "putin-promise", "no-such-id", "Bad_Id"]
VALUES = [
    "42",
    "-1",
    "3.5",
    "true",
    "null",
    "~",
    "[]",
    "{}",
    "[a, b]",
    "{x: 1}",
    '""',
    "''",
    '"2022-02-30"',
    '"2022"',
    "2022-02-24",
    "x" * 300,
    "[Lukashenko](https://example.org)",
    "{{ config }}",
    "<b>x</b>",
    '"unclosed',
    "'unclosed",
    "&anchor x",
    "*alias",
    "!!python/object:os.system x",
    "a: b",
    "- item",
    "\t tab",
    '"\\u0007"',
    "  ",
    "é",
    "|\n  block",
    ">-\n  folded",
] + IDS


def _edit_value(line: str, new: str) -> str:
    head, sep, _ = line.partition(": ")
    if sep:
        return f"{head}: {new}"
    stripped = line.lstrip()
    if stripped.startswith("- "):
        return line[: len(line) - len(stripped)] + "- " + new
    return line + new


def _edit_key(line: str, how: int) -> str:
    head, sep, tail = line.partition(":")
    if not sep:
        return line
    key = head.strip().removeprefix("- ")
    renamed = [key + "s", key[:-1], key.upper(), "x" + key, ""][how % 5]
    return head.replace(key, renamed, 1) + sep + tail


def _edit_text(line: str, at: int, char: str) -> str:
    """Insert a character inside the line (a quote or an id changes by one letter)."""
    where = at % (len(line) + 1)
    return line[:where] + char + line[where:]


MUTATIONS = st.one_of(
    st.tuples(st.just("value"), st.integers(0, 10_000), st.sampled_from(VALUES)),
    st.tuples(st.just("value-text"), st.integers(0, 10_000), st.text(max_size=12)),
    st.tuples(st.just("key"), st.integers(0, 10_000), st.integers(0, 4)),
    st.tuples(st.just("indent"), st.integers(0, 10_000), st.sampled_from([-4, -2, -1, 1, 2, 4])),
    st.tuples(st.just("char"), st.integers(0, 10_000), st.sampled_from(list("x-:'\"#[]{},&*!|>%@` \t"))),
    st.tuples(st.just("delete"), st.integers(0, 10_000), st.just(0)),
    st.tuples(st.just("duplicate"), st.integers(0, 10_000), st.just(0)),
    st.tuples(st.just("swap"), st.integers(0, 10_000), st.just(0)),
)


def mutate(text: str, mutation: tuple) -> str:
    kind, at, arg = mutation
    lines = text.split("\n")
    i = at % len(lines)
    line = lines[i]
    if kind == "value":
        lines[i] = _edit_value(line, arg)
    elif kind == "value-text":
        lines[i] = _edit_value(line, arg.replace("\n", " "))
    elif kind == "key":
        lines[i] = _edit_key(line, arg)
    elif kind == "indent":
        lines[i] = " " * arg + line if arg > 0 else line[min(-arg, len(line) - len(line.lstrip(" "))) :]
    elif kind == "char":
        lines[i] = _edit_text(line, at // len(lines), arg)
    elif kind == "delete":
        del lines[i]
    elif kind == "duplicate":
        lines.insert(i, line)
    elif kind == "swap" and i + 1 < len(lines):
        lines[i], lines[i + 1] = lines[i + 1], lines[i]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("fuzz") / "data"
    shutil.copytree(FIXTURE_DATA, data)
    shutil.copytree(ROOT / "data" / "schema", data / "schema")  # published with the downloads
    return data


def check_example(data: Path, name: str, mutations: list) -> str:
    """Mutate one file, load, and return what happened: 'accepted', 'rejected' (or fail)."""
    path = data / name
    original = path.read_bytes()
    text = original.decode("utf-8")
    for mutation in mutations:
        text = mutate(text, mutation)
    path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
    try:
        try:
            kb = load(data)
        except DataError as error:
            assert error.problems, "a DataError with no problem"
            for problem in error.problems:
                shown = data.parent / problem.path
                assert shown.is_file(), f"{problem}: no such file"
                count = len(shown.read_bytes().split(b"\n"))
                assert 1 <= problem.line <= count, f"{problem}: line out of the file's 1..{count}"
                assert problem.message.strip() and problem.fix.strip(), f"{problem}: no message or no fix"
                assert "Traceback" not in str(problem)
            return "rejected"
        site = Site(kb, Settings())
        for _ in site.generated_files(data.parent / "docs"):
            pass
        return "accepted"
    finally:
        path.write_bytes(original)


OUTCOMES: dict[str, int] = {}


@pytest.fixture(scope="module", autouse=True)
def report_the_count():
    """After the property has run: how many examples were accepted and rejected (shown with -s)."""
    yield
    if OUTCOMES:
        print(
            f"\nfuzz: {sum(OUTCOMES.values())} examples: {OUTCOMES.get('accepted', 0)} accepted, "
            f"{OUTCOMES.get('rejected', 0)} rejected with file:line messages and a fix"
        )


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(name=st.sampled_from(FILES), mutations=st.lists(MUTATIONS, min_size=1, max_size=3))
def test_mutated_data_loads_or_fails_with_file_line_and_fix(workdir, name, mutations):
    outcome = check_example(workdir, name, mutations)
    OUTCOMES[outcome] = OUTCOMES.get(outcome, 0) + 1


def test_a_bad_value_is_rejected_at_its_own_line(workdir):
    """The harness can fail: an unknown actor id is rejected, at the line of the value."""
    lines = (workdir / "relations.yaml").read_text().split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("  to: "))
    assert check_example(workdir, "relations.yaml", [("value", at, "no-such-id")]) == "rejected"
    path = workdir / "relations.yaml"
    original = path.read_bytes()
    path.write_text(mutate(original.decode(), ("value", at, "no-such-id")))
    try:
        with pytest.raises(DataError) as caught:
            load(workdir)
        assert [p.line for p in caught.value.problems] == [at + 1]
    finally:
        path.write_bytes(original)


SITE_EXTENSIONS = ["attr_list", "footnotes", "md_in_html", "tables"]  # as in mkdocs.yml
# Text made of every character that Markdown or HTML reads specially, letters, and white space.
ESCAPED_TEXT = st.text(alphabet=st.sampled_from(list("\\`*_{}[]()>#+-.!|&<\"';:aZ 1\t\n\u00a0")), max_size=40)


@settings(max_examples=max(EXAMPLES, 200), deadline=None)
@given(text=ESCAPED_TEXT)
def test_escaped_text_renders_as_the_text(text):
    """escape() maps each character on its own (backslashes are not escaped twice, entities not
    escaped again), and Python-Markdown prints the escaped text as the text was written."""
    import html

    import markdown

    from kb.render import ESCAPES, escape

    folded = " ".join(text.split())
    assert escape(text) == folded.translate(ESCAPES)
    if folded:  # after "x ", no character starts a block
        rendered = markdown.markdown("x " + escape(text), extensions=SITE_EXTENSIONS)
        assert html.unescape(rendered) == f"<p>x {folded}</p>"
