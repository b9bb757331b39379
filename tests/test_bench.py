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
    # a stage table per size, every stage named, full and plain side by side
    for label in ("0.1x", "0.2x"):
        start = lines.index(next(line for line in lines if line.startswith(f"Stages at {label}:")))
        table = lines[start : start + 4 + len(bench.bench_stages.STAGES)]
        assert "medians of 2 full and 2 plain builds" in table[0]
        for stage in bench.bench_stages.STAGES:
            row = next(line for line in table if line.startswith(stage + " "))
            assert re.search(r"\d+\.\d\d +\d+\.\d\d +[+-]\d+\.\d\d", row), row
        markdown = next(line for line in table if line.startswith("Markdown "))
        assert float(markdown.split()[1]) > 0 and float(markdown.split()[2]) > 0  # both converted pages
    # the budgets: a PASS or FAIL line for each size's overhead, and for the exponent
    for label in ("0.1x", "0.2x"):
        assert any(
            re.match(rf"(PASS|FAIL) {re.escape(label)}: overhead \d+\.\d\d, budget 1\.10", line)
            for line in lines
        )
    assert any(re.match(r"(PASS|FAIL) 0\.2x: exponent -?\d+\.\d\d, budget 1\.05", line) for line in lines)
    # reloads were timed under both servers at 0.1x, one YAML and one Markdown edit each
    for server in ("mkdocs serve", "make serve"):
        row = next(line for line in lines if line.startswith(f"| 0.1x | {server} |"))
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        assert all(float(cells[i]) > 0 for i in (2, 3, 4, 5)) and cells[6] == "2", row


def fake(
    label: str, factor: float | None, claims: int, full: list[float], plain: list[float]
) -> bench.Result:
    """A result with these CPU seconds per pair (wall time the same)."""
    data = bench.DataFigures(1, 1, claims, 1, 0, 0.0, 0)
    site = bench.SiteFigures(0, 1, 0, [(0, "index.html")])
    result = bench.Result(bench.Size(label, factor), data, site)
    result.full = [bench.Build(s, 0, s, {"Markdown": s / 2, "imports": s / 2}) for s in full]
    result.plain = [bench.Build(s, 0, s, {"Markdown": s / 2, "imports": s / 4}) for s in plain]
    return result


def test_budget_lines_judge_the_median_pair_and_the_exponent():
    small = fake("1x", 1, 100, [1.0, 5.0, 1.05], [1.0, 1.0, 1.0])  # ratios 1.0, 5.0, 1.05: median 1.05
    large = fake("10x", 10, 1000, [12.0, 12.0, 12.0], [10.0, 10.0, 10.0])  # 1.20; log10(12 / 1.05) = 1.06
    lines = bench.budget_lines([small, large])
    assert lines[0].startswith("PASS 1x: overhead 1.05, budget 1.10")
    assert lines[1].startswith("FAIL 10x: overhead 1.20, budget 1.10")
    assert lines[2].startswith("FAIL 10x: exponent 1.06, budget 1.05")
    assert lines[3].startswith("FAIL all sizes: exponent 1.06")
    linear = fake("10x", 10, 1000, [10.5, 10.5, 10.5], [10.0, 10.0, 10.0])
    assert bench.budget_lines([small, linear])[2].startswith("PASS 10x: exponent 1.00")


def test_stage_table_names_the_stage_that_grew():
    table = bench.stage_table(fake("1x", 1, 100, [2.0, 2.0, 2.0], [2.0, 2.0, 2.0]))
    assert "medians of 3 full and 3 plain builds" in table
    assert re.search(r"^imports +1\.00 +0\.50 +\+0\.50 +100 %$", table, re.M), table
    assert re.search(r"^Markdown +1\.00 +1\.00 +\+0\.00 +0 %$", table, re.M), table
    assert table.endswith("largest growth at 1x: imports (+0.50 s)")


def test_stage_clock_charges_each_moment_to_the_innermost_stage():
    moments = iter([0.0, 1.0, 3.0, 4.0, 8.0, 9.0])
    now = [0.0]
    clock = bench.bench_stages.Clock(now=lambda: (now[0], now[0] / 2))

    def at(moment: float) -> None:
        now[0] = moment
        assert next(moments) <= moment

    next(moments)
    at(1.0)
    clock.push("Markdown")  # 0-1: other
    at(3.0)
    clock.push("imports")  # 1-3: Markdown
    at(4.0)
    clock.pop()  # 3-4: imports, inside Markdown
    at(8.0)
    clock.pop()  # 4-8: Markdown again
    at(9.0)
    clock._charge()  # 8-9: other
    assert (clock.cpu["Markdown"], clock.cpu["imports"], clock.cpu["other"]) == (6.0, 1.0, 2.0)
    assert clock.wall["Markdown"] == 3.0 and sum(clock.cpu.values()) == 9.0


def test_plugin_events_are_charged_to_their_stage():
    stage = bench.bench_stages.plugin_stage
    assert stage("material/search", "page_context") == "search"
    assert stage("search", "post_build") == "search"
    assert stage("macros", "page_markdown") == "macros"
    assert stage("macros/hooks.py", "page_markdown") == "load and checks"
    assert stage("macros/hooks.py", "files") == "page generation"
    assert stage("macros/hooks.py", "page_content") == "post-processing"
    assert stage("macros/hooks.py", "post_build") == "other"


def test_the_instruction_count_is_read_from_valgrinds_report_and_checked_against_the_budget():
    import cachegrind

    report = "==17== \n==17== I   refs:      38,298,961,596\n"
    assert cachegrind.instructions_in(report) == 38_298_961_596
    try:
        cachegrind.instructions_in("==17== ERROR SUMMARY: 0 errors")
    except cachegrind.CountFailed as failed:
        assert "no instruction count" in str(failed)
    else:
        raise AssertionError("a report without a count was accepted")
    assert bench.instruction_line("real", 38_300_000_000, 32_750_000_000).startswith(
        "FAIL real: overhead 1.169 in instructions, budget 1.10"
    )
    assert bench.instruction_line("1x", 35_000_000_000, 32_750_000_000).startswith(
        "PASS 1x: overhead 1.069 in instructions"
    )


def test_each_part_runs_in_order_and_stops_where_asked(project):
    """scripts/bench_parts.py runs the parts of our side of a build (here on the fixture data)
    in order, each reached once, and stops after the part asked for: what valgrind counts."""
    import bench_parts

    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    parts = list(bench_parts.PARTS)
    for last in (parts[0], parts[3], parts[-1]):
        run = subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "bench_parts.py"), "--upto", last, str(project)],
            env=env,
            capture_output=True,
            text=True,
        )
        assert run.returncode == 0, run.stderr
        reached = [line.removeprefix(bench_parts.REACHED) for line in run.stdout.splitlines()]
        assert reached == parts[: parts.index(last) + 1], run.stdout


def test_part_costs_are_differences_from_the_run_one_part_shorter():
    import bench_parts

    totals = dict(zip(bench_parts.PARTS, [500, 780, 1_050, 1_580, 2_400, 3_350], strict=True))
    costs = bench_parts.part_costs({part: total * 1_000_000 for part, total in totals.items()})
    assert [costs[p] // 1_000_000 for p in bench_parts.PARTS] == [500, 280, 270, 530, 820, 950]
    table = bench_parts.parts_table("real", costs)
    assert "| importing pydantic | 0.28 |" in table
    assert table.endswith("| all but the baseline | 2.85 |")  # the baseline is not ours
