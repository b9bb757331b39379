"""`make check-engines`: the site built with MkDocs and with ProperDocs must be the same.

MkDocs 1.x is no longer maintained; ProperDocs is its maintained continuation, a drop-in that
loads the same plugins, theme and hooks. This script builds the project twice from the working
tree, `python -m mkdocs build --strict` and `properdocs build --strict` (both from the venv
running it, `.venv-engines`, locked in requirements/engines.txt), with the same
SOURCE_DATE_EPOCH, and compares the two folders file by file. They must hold the same files,
byte for byte identical once the generator's name in `<meta name="generator">` is set aside.
It prints how many files are identical, how many differ only by that name, and the first
lines of any other difference.

    .venv-engines/bin/python scripts/check_engines.py [--keep]
"""

from __future__ import annotations

import argparse
import difflib
import gzip
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "macros"))

from check import build_env

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')
ENGINES = {
    "mkdocs": [sys.executable, "-m", "mkdocs", "build", "--strict"],
    "properdocs": [str(Path(sys.executable).with_name("properdocs")), "build", "--strict"],
}


def build(engine: str, out: Path) -> tuple[bool, float, str]:
    started = time.perf_counter()
    run = subprocess.run(
        [*ENGINES[engine], "-d", str(out)], cwd=ROOT, env=build_env(), capture_output=True, text=True
    )
    return run.returncode == 0, time.perf_counter() - started, run.stdout + run.stderr


def content(path: Path) -> bytes:
    """A file's bytes, gzip files unpacked (their header holds the build time, set by
    SOURCE_DATE_EPOCH, so the packed bytes are compared too)."""
    data = path.read_bytes()
    return gzip.decompress(data) if path.suffix == ".gz" else data


def compare(first: Path, second: Path) -> tuple[int, int, list[str]]:
    """(identical files, files differing only by the generator's name, other differences)."""
    names = {p.relative_to(first) for p in first.rglob("*") if p.is_file()}
    others = {p.relative_to(second) for p in second.rglob("*") if p.is_file()}
    differences = [f"only in the MkDocs build: {n}" for n in sorted(names - others)]
    differences += [f"only in the ProperDocs build: {n}" for n in sorted(others - names)]
    identical = generator_only = 0
    for name in sorted(names & others):
        a, b = (first / name).read_bytes(), (second / name).read_bytes()
        if a == b:
            identical += 1
            continue
        if GENERATOR.sub(b"", content(first / name)) == GENERATOR.sub(b"", content(second / name)):
            generator_only += 1
            continue
        lines = difflib.unified_diff(
            content(first / name).decode("utf-8", "replace").splitlines(),
            content(second / name).decode("utf-8", "replace").splitlines(),
            "mkdocs/" + str(name),
            "properdocs/" + str(name),
            lineterm="",
            n=0,
        )
        differences.append("\n".join(list(lines)[:12]))
    return identical, generator_only, differences


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep both builds and print where")
    args = parser.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    workdir = Path(tempfile.mkdtemp(prefix="kb-engines-"))
    try:
        outputs = {}
        for engine in ENGINES:
            out = workdir / engine
            ok, seconds, output = build(engine, out)
            print(f"{'ok  ' if ok else 'FAIL'} {engine} build --strict: {seconds:.1f} s", flush=True)
            if not ok:
                print("\n".join("    " + line for line in output.strip().splitlines()[-30:]))
                return 1
            outputs[engine] = out
        identical, generator_only, differences = compare(outputs["mkdocs"], outputs["properdocs"])
        for difference in differences:
            print("    " + difference.replace("\n", "\n    "))
        total = identical + generator_only
        print(
            f"{'ok  ' if not differences else 'FAIL'} compared: {total} files in both builds, "
            f"{identical} byte-identical, {generator_only} differing only in the generator's name"
            + (f"; {len(differences)} other difference(s)" if differences else "")
        )
        return 1 if differences else 0
    finally:
        if args.keep:
            print(f"builds kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
