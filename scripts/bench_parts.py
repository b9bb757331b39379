"""Count, in instructions, what each part of our side of a build costs, for scripts/bench.py.

    python scripts/bench_parts.py [PROJECT]        the table for a project (default: this one)
    python scripts/bench_parts.py --upto PART PROJECT     (what each counted run does)

One process does what the hooks do before MkDocs converts a page, part after part, and stops
after a given part; valgrind (cachegrind without cache simulation, string hashing fixed) counts
the instructions of one such process per part, two side by side, and each part's cost is the
difference from the run that stops one part earlier. The count is the same however busy the
machine is (scripts/cachegrind.py). The parts:

- start: Python, MkDocs, Jinja and PyYAML imported and mkdocs.yml read: the baseline;
- pydantic: importing pydantic's models;
- modules: importing the hooks and our modules (the record models made);
- yaml: reading every YAML file under data/ (PyYAML, the lines kept);
- checks: validating and checking the data (the YAML read is reused);
- pages: generating the pages and files the hooks add.

Each part is counted on its own, so the parts come to a little more than the difference
between a full and a plain build, which share some of that work (bench.py counts whole builds
with --instructions).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import cachegrind

ROOT = Path(__file__).resolve().parent.parent
PARTS = {
    "start": "Python, MkDocs, Jinja and PyYAML, mkdocs.yml read (the baseline)",
    "pydantic": "importing pydantic",
    "modules": "importing the hooks and our modules",
    "yaml": "reading the YAML files",
    "checks": "validating and checking the data",
    "pages": "generating the pages",
}
REACHED = "bench_parts reached "  # printed at each part's end


def run_upto(project: Path, last: str) -> None:
    """Do the parts in order up to ``last``, printing each part's name as it ends, then leave
    at once (no clean-up at exit, which no part would pay for in a build)."""
    names = list(PARTS)

    def reached(part: str) -> None:
        print(REACHED + part, flush=True)
        if part == last:
            os._exit(0)

    import jinja2  # noqa: F401
    import mkdocs.plugins
    import mkdocs.structure.files  # noqa: F401
    from mkdocs.utils.yaml import yaml_load

    config_file = project / "mkdocs.yml"
    with config_file.open(encoding="utf-8") as text:  # not load_config: it would import the hooks
        config = yaml_load(text)
    reached(names[0])
    from pydantic import BaseModel, Field, ValidationError  # noqa: F401

    reached(names[1])
    spec = importlib.util.spec_from_file_location("bench_parts_hooks", project / "macros" / "hooks.py")
    assert spec is not None and spec.loader is not None
    hooks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hooks)  # puts macros/ on sys.path, imports kb as a build does
    from kb.yamlsafe import read_yaml

    reached(names[2])
    data = project / "data"
    for path in sorted(data.rglob("*.yaml")):
        read_yaml(path, str(path.relative_to(project)))
    reached(names[3])
    mkdocs_config = SimpleNamespace(  # what the hook reads of MkDocs' configuration
        config_file_path=str(config_file), site_url=config.get("site_url"), extra=config.get("extra") or {}
    )
    site = hooks.current_site(mkdocs_config, recheck=True)  # as its on_config does
    reached(names[4])
    generated = site.generated_files(project / config.get("docs_dir", "docs"))
    assert generated, "no page generated"
    reached(names[5])


def _command(project: Path, part: str) -> list[str]:
    return [sys.executable, str(Path(__file__).resolve()), "--upto", part, str(project)]


def count_parts(project: Path) -> dict[str, int]:
    """Instructions of each part, in PARTS' order. A first, uncounted run compiles the modules
    and templates, as the timed builds have them."""
    env = cachegrind.environment()
    warm = subprocess.run(
        _command(project, list(PARTS)[-1]), cwd=project, env=env, capture_output=True, text=True
    )
    if warm.returncode or REACHED + list(PARTS)[-1] not in warm.stdout:
        raise cachegrind.CountFailed(
            f"the parts did not run in {project}:\n{warm.stdout[-2000:]}{warm.stderr[-2000:]}"
        )
    totals: dict[str, int] = {}
    parts = list(PARTS)
    for pair in (parts[i : i + 2] for i in range(0, len(parts), 2)):  # two at a time: two cores
        running = [
            (
                part,
                subprocess.Popen(
                    cachegrind.counted(_command(project, part)),
                    cwd=project,
                    env=env,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                ),
            )
            for part in pair
        ]
        for part, process in running:
            out, err = process.communicate()
            if process.returncode or REACHED + part not in out:
                raise cachegrind.CountFailed(f"the run up to {part} failed:\n{out[-2000:]}{err[-2000:]}")
            totals[part] = cachegrind.instructions_in(err)
    return part_costs(totals)


def part_costs(totals: dict[str, int]) -> dict[str, int]:
    """Each part's instructions: its run's total less the run that stops one part earlier (the
    first part: its run's total)."""
    costs, before = {}, 0
    for part in PARTS:
        costs[part] = totals[part] - before
        before = totals[part]
    return costs


def parts_table(label: str, costs: dict[str, int]) -> str:
    """The parts, in billions of instructions, our side's total last (the baseline left out)."""
    rows = [f"Our side of the build at {label}, part by part, in instructions (scripts/bench_parts.py):", ""]
    rows += ["| part | billion instructions |", "| --- | ---: |"]
    rows += [f"| {PARTS[part]} | {costs[part] / 1e9:.2f} |" for part in PARTS]
    ours = sum(cost for part, cost in costs.items() if part != "start")
    rows.append(f"| all but the baseline | {ours / 1e9:.2f} |")
    return "\n".join(rows)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", nargs="?", type=Path, default=ROOT, help="the project (default: this one)")
    parser.add_argument(
        "--upto", choices=list(PARTS), help="do the parts up to this one, uncounted, and stop"
    )
    args = parser.parse_args(argv)
    project = args.project.resolve()
    if args.upto:
        run_upto(project, args.upto)
        return 0
    try:
        print(parts_table(str(project), count_parts(project)))
    except cachegrind.CountFailed as failed:
        print(failed, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
