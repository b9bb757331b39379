"""`make new-source` archives a document as a staged source: it loads and builds at once, its
uncited paragraphs are work to do, and only a source no longer staged must be fully cited."""

from __future__ import annotations

import hashlib
import re

import new_source

import check
from conftest import build
from kb.load import load
from kb.rightsfile import UNRECORDED
from kb.rightsfile import problems as rights_problems

DOCUMENT = """Top of page
Share on Facebook
Monitoring summary for August
By the monitoring team, 1 September 2023
In August the monitoring group recorded the arrival of fighters at a field camp.
The group said border guards increased patrols during the same period.
Support our work
"""


def only_source(kb, source_id):
    """The knowledge base with its coverage checked for one source (the fixture's own sources
    are small extracts, not fully cited)."""
    kb.sources = {source_id: kb.sources[source_id]}
    return kb


def test_a_new_source_is_archived_byte_for_byte_and_builds_while_staged(project, tmp_path, capsys):
    document = tmp_path / "report.txt"
    document.write_bytes(DOCUMENT.encode("utf-8"))
    sources = project / "data" / "sources"
    assert new_source.main([str(document), "monitoring-2023-08", "--sources", str(sources)]) == 0

    meta = (sources / "monitoring-2023-08.yaml").read_text(encoding="utf-8")
    name = re.search(r"^file: (\S+)$", meta, re.M).group(1)
    digest = hashlib.sha256(DOCUMENT.encode("utf-8")).hexdigest()
    assert re.fullmatch(rf"\d{{3}}_{digest[:16]}\.txt", name)
    assert (sources / name).read_bytes() == DOCUMENT.encode("utf-8")
    assert f"sha256: {digest}" in meta and "staged: true" in meta
    assert 'title: "Monitoring summary for August"' in meta  # not the page furniture above it
    for text, kind in [
        ("Top of page", "furniture"),
        ("Share on Facebook", "furniture"),
        ("Monitoring summary for August", "title"),
        ("By the monitoring team, 1 September 2023", "byline"),
        ("Support our work", "furniture"),
    ]:
        assert re.search(rf'- text: "{re.escape(text)}"   # p\d+\n    kind: {kind}\n', meta), text
    assert '- text: "In August' not in meta  # a paragraph that states something is left to cite
    rights = (sources / "RIGHTS.md").read_text(encoding="utf-8")
    assert f"| {name} | see `monitoring-2023-08.yaml` | {UNRECORDED} |" in rights

    kb = only_source(load(project / "data"), "monitoring-2023-08")  # the staged source loads as written
    assert kb.sources["monitoring-2023-08"].meta.staged
    assert check.check_coverage(kb)  # uncited, but staged: work to do, not a failure
    out = capsys.readouterr().out
    assert "monitoring-2023-08 (staged): 0/2 substantive paragraphs cited (0 %); to do: p5, p6" in out
    assert "staged, work to do: monitoring-2023-08 0 %" in out

    run = build(project, tmp_path / "site")
    assert run.returncode == 0, run.stdout + run.stderr
    assert (tmp_path / "site" / "sources" / "monitoring-2023-08" / "index.html").is_file()

    (sources / "monitoring-2023-08.yaml").write_text(
        meta.replace("staged: true", "staged: false"), encoding="utf-8"
    )
    published = only_source(load(project / "data"), "monitoring-2023-08")
    assert not check.check_coverage(published)  # published: every paragraph must be cited
    assert (
        "monitoring-2023-08: 0/2 substantive paragraphs cited (0 %); uncited: p5, p6"
        in capsys.readouterr().out
    )


def test_a_document_already_archived_is_refused(project, tmp_path, capsys):
    sources = project / "data" / "sources"
    archived = next(sources.glob("*.txt"))
    copy = tmp_path / "copy.txt"
    copy.write_bytes(archived.read_bytes())
    assert new_source.main([str(copy), "again", "--sources", str(sources)]) == 1
    assert f"already archived as {archived.name}" in capsys.readouterr().err
    assert not (sources / "again.yaml").exists()


def test_rights_rows_are_checked_at_their_line(project, tmp_path):
    """RIGHTS.md needs one row per archived text naming its source: a missing row, a row naming
    the wrong source and a row for a file that is not archived are each a problem at a line."""
    sources = project / "data" / "sources"
    document = tmp_path / "report.txt"
    document.write_bytes(DOCUMENT.encode("utf-8"))
    assert new_source.main([str(document), "monitoring-2023-08", "--sources", str(sources)]) == 0
    archives = {s.meta.file: i for i, s in load(project / "data").sources.items()}
    rights = sources / "RIGHTS.md"
    assert rights_problems(sources, archives) == []

    lines = rights.read_text(encoding="utf-8").splitlines()
    row = next(n for n, line in enumerate(lines) if "monitoring-2023-08" in line)
    name = lines[row].split("|")[1].strip()
    rights.write_text("\n".join(lines[:row] + lines[row + 1 :]) + "\n", encoding="utf-8")
    [missing] = rights_problems(sources, archives)
    assert missing.path == "data/sources/RIGHTS.md" and missing.line == row  # below the table's last row
    assert name in missing.message and "make new-source writes it" in missing.fix

    wrong = lines[row].replace("monitoring-2023-08", "another-source")
    stale = "| 999_0000000000000000.txt | see `gone.yaml` | Nobody |"
    rights.write_text("\n".join([*lines[:row], wrong, stale, *lines[row + 1 :]]) + "\n", encoding="utf-8")
    found = {(p.line, p.message) for p in rights_problems(sources, archives)}
    assert (row + 1, f"the row of {name} does not name its source `monitoring-2023-08.yaml`") in found
    assert (row + 2, "the row names 999_0000000000000000.txt, which is not an archived source text") in found
