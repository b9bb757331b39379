"""A contribution that `make check` accepts never fails `make test`.

On a copy of the project: a new document is archived with `make new-source` (staged), one claim
citing it is added to a topic and listed under the next release, `scripts/check.py` (what `make check` runs) must accept it, and
then the tests that read the real data must pass on that copy too."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from conftest import ROOT
from kb.yamlsafe import read_yaml

DOCUMENT = """Monitoring summary for August
In August the monitoring group recorded the arrival of fighters at a field camp.
The group said border guards increased patrols during the same period.
"""
# Every test module that reads the real data/ or builds the real site (the browser tests, the
# reload tests and the benchmark's end-to-end run build sites of their own data; the property
# test mutates fixtures).
DATA_TESTS = [
    "tests/test_dates.py",
    "tests/test_exports.py",
    "tests/test_graph.py",
    "tests/test_names.py",
    "tests/test_paging.py",
    "tests/test_reference.py",
    "tests/test_release.py",
    "tests/test_site.py",
    "tests/test_sources.py",
    "tests/test_bench.py::test_generated_data_loads_and_cites_every_paragraph",
]
SKIP = shutil.ignore_patterns(
    ".git",
    ".venv*",
    "site",
    ".site-build-*",
    "node_modules",
    "__pycache__",
    ".pytest_cache",
    ".mypy_cache",
    ".ruff_cache",
)


def run(command: list[str], cwd, timeout: int = 900) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def test_a_staged_source_with_one_claim_passes_check_and_the_data_tests(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT, project, ignore=SKIP)
    document = tmp_path / "report.txt"
    document.write_text(DOCUMENT, encoding="utf-8")
    added = run([sys.executable, "scripts/new_source.py", str(document), "monitoring-2023-08"], project)
    assert added.returncode == 0, added.stdout + added.stderr

    topic = next(t for t in read_yaml(project / "data" / "topics.yaml") if t.get("sections"))
    claims = project / "data" / f"{topic['id']}.yaml"
    with claims.open("a", encoding="utf-8") as file:
        file.write(
            "\n- id: monitoring-field-camp-arrivals\n"
            "  text: A monitoring group recorded fighters arriving at a field camp.\n"
            "  kind: fact\n"
            '  date: "2023-08"\n'
            "  actors: [belarus]\n"
            f"  section: {topic['sections'][0]['id']}\n"
            "  cite:\n"
            "    - source: monitoring-2023-08\n"
            '      quote: "In August the monitoring group recorded the arrival of fighters at a field camp."\n'
        )

    # as CONTRIBUTING says: the new claim is listed under the next release (`make release-notes`)
    listed = run([sys.executable, "scripts/release_notes.py"], project)
    assert listed.returncode == 0, listed.stdout + listed.stderr
    assert "monitoring-field-camp-arrivals" in (project / "data" / "releases.yaml").read_text(
        encoding="utf-8"
    )

    checked = run([sys.executable, "scripts/check.py"], project)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "monitoring-2023-08 (staged): 1/2 substantive paragraphs cited" in checked.stdout

    tested = run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *DATA_TESTS], project)
    assert tested.returncode == 0, tested.stdout[-6000:] + tested.stderr[-2000:]
    assert " passed" in tested.stdout.splitlines()[-1] and "error" not in tested.stdout.splitlines()[-1]
