"""`make check`: every check CI runs, in order, with a line of figures for each.

1. data validation and citation verification (with the source hash pins)
2. published JSON Schemas up to date
3. `mkdocs build --strict` into a temporary folder, swapped into site/ only on success
4. the built site: links and anchors, other origins, citation targets
5. coverage: every substantive paragraph of every source is cited (a staged source's coverage
   is printed as work to do)

`--build-only` stops after step 3 (`make build`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "macros"))
sys.path.insert(0, str(ROOT / "scripts"))


import schemas
from kb import history
from kb.errors import DataError
from kb.load import load

# Only build-group packages are imported here: `make build` and the pre-commit hook
# (scripts/validate.py) run this module with the build group alone. The site checks need Beautiful
# Soup (check group) and are imported where they run.


def step(name: str, ok: bool, detail: str) -> bool:
    print(f"{'ok  ' if ok else 'FAIL'} {name}: {detail}", flush=True)
    return ok


def validate():
    started = time.perf_counter()
    try:
        kb = load(ROOT / "data")
    except DataError as error:
        print(error.report())
        step("data", False, f"{len(error.problems)} problem(s); the build was not attempted")
        return None
    unlisted = history.check(kb)
    if unlisted:
        print(DataError(unlisted).report())
        step("releases", False, f"{len(unlisted)} change(s) not listed as data/releases.yaml should")
        return None
    citations = kb.citation_count()
    step(
        "data",
        True,
        f"{len(kb.sources)} sources (SHA-256 verified), {len(kb.actors)} actors, "
        f"{len(kb.claims)} claims; {citations} citations verified in "
        f"{time.perf_counter() - started:.2f} s",
    )
    return kb


def source_date_epoch() -> str:
    """The time of the last commit, so two builds of one commit are byte-identical
    (MkDocs dates the sitemap and its gzip header from SOURCE_DATE_EPOCH)."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        run = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True)
        if run.returncode == 0 and run.stdout.strip().isdigit():
            return run.stdout.strip()
    except OSError:
        pass
    return "0"


def build_env() -> dict:
    return dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=source_date_epoch())


def build(site_dir: Path) -> bool:
    """Build into a temporary folder beside site/, and swap only if the build succeeds."""
    temp = Path(tempfile.mkdtemp(prefix=".site-build-", dir=ROOT))
    env = build_env()
    started = time.perf_counter()
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(temp)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    if run.returncode != 0:
        shutil.rmtree(temp, ignore_errors=True)
        print(summarise_build_output(run.stdout + run.stderr))
        return step(
            "build", False, f"mkdocs build --strict failed after {seconds:.1f} s; site/ left as it was"
        )
    old = ROOT / ".site-build-old"
    shutil.rmtree(old, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(old)
    temp.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)
    pages = len(list(site_dir.rglob("*.html")))
    return step("build", True, f"mkdocs build --strict: {pages} HTML pages in {seconds:.1f} s")


def summarise_build_output(output: str) -> str:
    """The warnings and errors of a failed build, without INFO lines or macro tracebacks."""
    lines, in_fence = [], False
    for line in output.splitlines():
        if line.startswith("```"):
            in_fence = not in_fence
            continue
        if in_fence or not line.strip() or line.startswith(("INFO", "  - ")):
            continue
        lines.append("    " + line.replace("_Macro Rendering Error_", "Macro error").replace("# ", "", 1))
    return "\n".join(lines)


def check_site(site_dir: Path, kb) -> bool:
    from kb.sitecheck import Site, broken_links, citation_problems, external_requests, raw_claim_ids

    site = Site(site_dir)
    ok = True
    for name, problems, what in (
        ("links", broken_links(site), "internal links and anchors resolve"),
        ("origins", external_requests(site), "no page or stylesheet loads from another origin"),
        (
            "cross-references",
            raw_claim_ids(site, {c.id for c in kb.claims}),
            "notes link the claims they mention, never print their ids",
        ),
    ):
        for problem in problems:
            print(f"    {problem}")
        ok &= step(name, not problems, what if not problems else f"{len(problems)} problem(s)")
    checked, problems = citation_problems(site)
    for problem in problems:
        print(f"    {problem}")
    ok &= step(
        "citations",
        not problems,
        f"{checked} citation links land on a paragraph holding their quote"
        if not problems
        else f"{len(problems)} of {checked} citation links miss",
    )
    return ok


def check_coverage(kb) -> bool:
    """Every source not marked `staged: true` must be fully cited; a staged source's uncited
    paragraphs are printed as work to do and do not fail the check."""
    ok, staged = True, []
    for source_id, source in kb.sources.items():
        covered = kb.coverage(source_id)
        missing = covered.missing
        label = " (staged)" if source.meta.staged else ""
        print(
            f"    {source_id}{label}: {len(covered.cited)}/{len(covered.substantive)} substantive paragraphs cited "
            f"({covered.share:.0f} %)"
            + (
                f"; {'to do' if source.meta.staged else 'uncited'}: {', '.join(f'p{n}' for n in missing)}"
                if missing
                else ""
            )
        )
        for number in missing:
            print(f"      p{number}: {source.text.paragraph(number).text[:100]}")
        if source.meta.staged:
            staged.append(f"{source_id} {covered.share:.0f} %")
        else:
            ok &= not missing
    detail = (
        "every substantive paragraph is cited"
        if ok
        else "uncited paragraphs: cite them, or mark them in the source's `excluded` with a reason"
    )
    if ok and staged:
        detail = (
            f"every substantive paragraph of the published sources is cited; staged, work to do: "
            f"{', '.join(staged)} (remove `staged: true` when a source reaches 100 %)"
        )
    return step("coverage", ok, detail)


def lint() -> bool:
    """The formatter, the linter and the type checker, as configured in pyproject.toml."""
    ok = True
    for name, command, what in (
        ("format", ["ruff", "format", "--check", "--quiet", "."], "the code is formatted (ruff format)"),
        ("lint", ["ruff", "check", "--quiet", "."], "ruff finds nothing"),
        ("types", ["mypy"], "mypy --strict finds no error in macros/kb"),
    ):
        run = subprocess.run([sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True)
        if run.returncode != 0:
            print("\n".join("    " + line for line in (run.stdout + run.stderr).strip().splitlines()[-30:]))
        ok &= step(
            name, run.returncode == 0, what if run.returncode == 0 else f"`{' '.join(command)}` failed"
        )
    return ok


def main(argv: list[str]) -> int:
    kb = validate()
    if kb is None:
        return 1
    fresh = schemas.main(["--check"]) == 0
    step("schemas", fresh, "data/schema/ matches the models" if fresh else "out of date")
    build_only = "--build-only" in argv
    if not build_only:  # the romanisation libraries and the linters are in the check group
        import names

        romanised = names.main(["--check"]) == 0
        step(
            "names",
            romanised,
            "the romanisations in data/reference/ match the libraries' output"
            if romanised
            else "out of date: run `.venv/bin/python scripts/names.py`",
        )
        fresh &= romanised
        fresh &= lint()
    site_dir = ROOT / "site"
    if not (fresh and build(site_dir)):
        return 1
    if build_only:
        return 0
    ok = check_site(site_dir, kb)
    ok &= check_coverage(kb)
    print("all checks passed" if ok else "some checks failed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
