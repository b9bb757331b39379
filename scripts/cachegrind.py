"""Count the instructions a command executes, under valgrind, for scripts/bench.py and
scripts/bench_parts.py: cachegrind without cache simulation, string hashing fixed, Python's
compiled modules written as the timed builds have them. Unlike CPU time, the count is the same
however busy the machine is; a counted run takes about 30 times as long.
"""

from __future__ import annotations

import os
import re
import shutil


class CountFailed(Exception):
    pass


def counted(command: list[str]) -> list[str]:
    """``command`` run under valgrind's cachegrind, its report on standard error."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        raise CountFailed("counting instructions needs valgrind (Debian: apt-get install valgrind)")
    return [valgrind, "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null", *command]


def environment() -> dict[str, str]:
    """The environment of a counted run (and of the uncounted run that prepares it)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONHASHSEED="0")
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # compiled modules, as the timed builds have them
    return env


def instructions_in(report: str) -> int:
    """The instruction count in cachegrind's closing report ("==1== I   refs:   38,298,961,596")."""
    found = re.search(r"I\s+refs:\s+([\d,]+)", report)
    if found is None:
        raise CountFailed(f"no instruction count in valgrind's report:\n{report[-2000:]}")
    return int(found.group(1).replace(",", ""))
