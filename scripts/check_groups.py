"""`make check-groups`: every documented target, run from a fresh clone with only its own group.

One venv for every dependency group hides what a group lacks (installing a group never removes
packages). For each group this script clones the repository's last commit into a temporary
folder (`git clone`, so uncommitted edits are not included), lets the Makefile create `.venv`
there from the locked requirements/<group>.txt, checks that the venv holds exactly the locked
packages, and runs the targets that use that group:

- build: `make build`, the pre-commit hook's command, `make suggest`, `make new-source` (a staged
  source built from one of the archived texts, then the hook again), a short `make bench`, a
  `make serve` smoke run (the first page and a topic page served on a free port, then SIGTERM)
  and, with --lighthouse, `make lighthouse` (needs npm and Chromium);
- check: `make check`;
- test: `make test` (the whole suite: minutes; CI's `test` job is this group's run).

It prints one row per target and group: seconds, and ok or FAIL with the last lines of output.
pip's cache is used as usual (PIP_NO_CACHE_DIR=1 measures a cold install).

    python3 scripts/check_groups.py [--groups build,check,test] [--lighthouse] [--keep]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GROUPS = ("build", "check", "test")


@dataclass
class Row:
    group: str
    target: str
    seconds: float
    ok: bool
    detail: str = ""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def locked_names(lock: Path) -> set[str]:
    """The distribution names pinned in a requirements file (`name==version \\`)."""
    names = re.findall(r"^([A-Za-z0-9._-]+)==", lock.read_text(), flags=re.MULTILINE)
    return {normalise(name) for name in names}


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def installed_names(clone: Path) -> set[str]:
    run = subprocess.run(
        [
            str(clone / ".venv/bin/python"),
            "-m",
            "pip",
            "list",
            "--format=freeze",
            "--disable-pip-version-check",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    names = {normalise(line.split("==")[0]) for line in run.stdout.splitlines() if "==" in line}
    return names - {"pip", "setuptools", "wheel"}


def hook_command() -> list[str]:
    """The pre-commit hook's `entry:` in .pre-commit-config.yaml, as a command."""
    match = re.search(r"^\s*entry:\s*(.+)$", (ROOT / ".pre-commit-config.yaml").read_text(), re.MULTILINE)
    assert match, ".pre-commit-config.yaml has no entry"
    return match.group(1).split()


def tail(text: str, lines: int = 15) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def run(group: str, target: str, command: list[str], clone: Path, timeout: float = 1800) -> Row:
    started = time.perf_counter()
    env = dict(os.environ)
    env.pop("VIRTUAL_ENV", None)
    try:
        done = subprocess.run(command, cwd=clone, env=env, capture_output=True, text=True, timeout=timeout)
        ok, output = done.returncode == 0, done.stderr + done.stdout  # the report last
    except subprocess.TimeoutExpired as error:
        ok, output = False, f"timed out after {timeout:.0f} s\n{error.stdout or ''}{error.stderr or ''}"
    return Row(group, target, time.perf_counter() - started, ok, "" if ok else tail(output))


def serve_smoke(group: str, clone: Path, timeout: float = 180) -> Row:
    """`make serve ADDR=127.0.0.1:<free port>`: the home page and a topic page come back, then
    SIGTERM ends the server (its process group: make and the server it started)."""
    port = free_port()
    started = time.perf_counter()
    process = subprocess.Popen(
        ["make", "serve", f"ADDR=127.0.0.1:{port}"],
        cwd=clone,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    ok, detail = False, ""
    try:
        while time.perf_counter() - started < timeout and process.poll() is None:
            try:
                pages = [
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/{path}", timeout=5).read()
                    for path in ("", "sanctions/")
                ]
                ok = all(b"<html" in page for page in pages)
                break
            except OSError:
                time.sleep(0.5)
        seconds = time.perf_counter() - started
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
        try:
            output, _ = process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            output, _ = process.communicate()
    if not ok:
        detail = tail(output or "") or "no page was served"
    return Row(group, f"serve (first page, ADDR=127.0.0.1:{port})", seconds, ok, detail)


def lighthouse_run(group: str, clone: Path) -> Row:
    """`make lighthouse`, one run a page: the target works when it scores all four pages; scores
    below its targets (performance varies with the machine's load) are shown, not a failure here."""
    port = free_port()
    command = ["make", "lighthouse", f"ADDR=127.0.0.1:{port}", "LIGHTHOUSE_ARGS=--runs 1"]
    row = run(group, "lighthouse (one run a page)", command, clone)
    scored = re.findall(r"^(home|topic|actor|source) +http://127\.0\.0\.1:\d+/\S* +(.*)$", row.detail, re.M)
    if not row.ok and len(scored) == 4 and "below target" in row.detail:
        row.ok = True
        row.detail = "scores below target on this machine:\n" + "\n".join(f"{p}: {s}" for p, s in scored)
    return row


def targets(group: str, clone: Path, lighthouse: bool) -> list[Row]:
    rows: list[Row] = []
    if group == "build":
        rows.append(run(group, "build (venv created)", ["make", "build"], clone))
        rows.append(run(group, "pre-commit hook", hook_command(), clone))
        rows.append(
            run(group, "suggest", ["make", "suggest", "TEXT=Russian troops stayed in Belarus"], clone)
        )
        archived = sorted((clone / "data/sources").glob("000_*.txt"))[0]
        sample = clone.parent / f"{clone.name}-document.txt"
        sample.write_bytes(archived.read_bytes() + b"\nA paragraph added so that the digest is new.\n")
        rows.append(
            run(group, "new-source", ["make", "new-source", f"FILE={sample}", "ID=fresh-clone-sample"], clone)
        )
        rows.append(run(group, "pre-commit hook, source staged", hook_command(), clone))
        subprocess.run(["git", "clean", "-fdq", "data"], cwd=clone, check=True)
        subprocess.run(["git", "checkout", "-q", "--", "data"], cwd=clone, check=True)
        rows.append(
            run(
                group,
                "bench (short: 0.1x, reloads)",
                [
                    "make",
                    "bench",
                    "BENCH_ARGS=--sizes 0.1 --runs 1 --min-seconds 0 --reload 0.1 --reload-edits 2",
                ],
                clone,
            )
        )
        rows.append(serve_smoke(group, clone))
        if lighthouse:
            rows.append(lighthouse_run(group, clone))
    elif group == "check":
        rows.append(run(group, "check (venv created)", ["make", "check"], clone))
    else:
        rows.append(run(group, "test (venv created)", ["make", "test"], clone, timeout=3600))
    return rows


def check_group(group: str, workdir: Path, lighthouse: bool) -> list[Row]:
    clone = workdir / f"fresh-{group}"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    rows = targets(group, clone, lighthouse)
    if (clone / ".venv/bin/python").exists():
        extra = installed_names(clone) - locked_names(clone / "requirements" / f"{group}.txt")
        missing = locked_names(clone / "requirements" / f"{group}.txt") - installed_names(clone)
        rows.append(
            Row(
                group,
                "venv holds exactly the locked group",
                0.0,
                not extra and not missing,
                f"not locked: {sorted(extra)}; missing: {sorted(missing)}" if extra or missing else "",
            )
        )
    return rows


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--groups", default=",".join(GROUPS), help="comma-separated (default build,check,test)"
    )
    parser.add_argument("--lighthouse", action="store_true", help="also `make lighthouse` (npm, Chromium)")
    parser.add_argument("--keep", action="store_true", help="keep the clones and print where")
    args = parser.parse_args(argv)
    groups = [g for g in args.groups.split(",") if g]
    unknown = set(groups) - set(GROUPS)
    if unknown:
        parser.error(f"unknown group(s) {sorted(unknown)}; the groups are {', '.join(GROUPS)}")
    workdir = Path(tempfile.mkdtemp(prefix="kb-groups-"))
    rows: list[Row] = []
    try:
        for group in groups:
            print(f"{group}: fresh clone, venv with the {group} group only", flush=True)
            for row in check_group(group, workdir, args.lighthouse):
                rows.append(row)
                print(f"  {'ok  ' if row.ok else 'FAIL'} {row.target}: {row.seconds:.1f} s", flush=True)
                if row.detail:
                    print("\n".join("      " + line for line in row.detail.splitlines()), flush=True)
    finally:
        if args.keep:
            print(f"clones kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    print()
    print("| group | target | seconds | result |")
    print("| --- | --- | ---: | --- |")
    for row in rows:
        print(f"| {row.group} | {row.target} | {row.seconds:.1f} | {'ok' if row.ok else 'FAIL'} |")
    failed = [row for row in rows if not row.ok]
    print(
        f"{len(rows) - len(failed)} of {len(rows)} targets ok" + (f", {len(failed)} failed" if failed else "")
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
