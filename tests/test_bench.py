"""Smoke test of scripts/bench.py at tiny sizes: the data it generates is valid, and it prints
its table and summary line. No timing is asserted."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import bench

ROOT = bench.ROOT


def test_generated_data_loads_and_cites_every_paragraph(tmp_path):
    real = bench.load(ROOT / "data")
    bench.generate(real, 0.3, tmp_path / "data")
    figures = bench.validate(tmp_path / "data")  # kb.load.load() raises DataError if invalid
    assert figures.sources == 2
    assert figures.claims == sum(max(1, round(len(real.claims_in(t.id)) * 0.3)) for t in real.topics)
    assert figures.actors == round(len(real.actors) * 0.3**bench.ACTOR_EXPONENT)
    assert figures.relations > 0
    assert figures.uncited == 0


def test_bench_runs_end_to_end_at_tiny_sizes():
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    run = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "bench.py"),
            "--sizes",
            "0.1,0.2",
            "--runs",
            "2",
            "--min-seconds",
            "0",
            "--reload",
            "0.1",
            "--reload-edits",
            "2",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    for label in ("0.1x", "0.2x"):
        assert any(line.startswith(f"{label}: data validated by kb.load.load()") for line in lines), (
            run.stdout
        )
        assert any(re.match(rf"{re.escape(label)} +\d+ +\d+ +\d+ +\d+ +\d+ ", line) for line in lines), (
            run.stdout
        )
    header = next(line for line in lines if line.startswith("size "))
    for column in (
        "runs",
        "full s",
        "plain s",
        "full/plain",
        "floor/plain",
        "full peak MB",
        "site MB",
        "search MB",
        "largest page",
    ):
        assert column in header
    floor = header.index("floor/plain")  # measured from the second pair on: a ratio, not "—"
    for label in ("0.1x", "0.2x"):
        row = next(line for line in lines if line.startswith(f"{label} "))
        assert re.match(r"\d+\.\d\d", row[floor:].lstrip()), row
    assert re.fullmatch(r"overhead \d+\.\d\d×; scaling exponent -?\d+\.\d\d", lines[-1]), lines[-1]
    # reloads were timed under both servers at 0.1x, one YAML and one Markdown edit each
    for server in ("mkdocs serve", "make serve"):
        row = next(line for line in lines if line.startswith(f"| 0.1x | {server} |"))
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        assert all(float(cells[i]) > 0 for i in (2, 3, 4, 5)) and cells[6] == "2", row
