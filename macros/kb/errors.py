"""Errors a contributor can cause, each naming file, line, problem and fix."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    message: str
    fix: str = ""

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}: {self.message}"
        if self.fix:
            text += f"\n    fix: {self.fix}"
        return text


class DataError(Exception):
    """One or more problems in the data; the build must stop."""

    def __init__(self, problems: list[Problem], what: str = "data"):
        self.problems = sorted(problems, key=lambda p: (p.path, p.line, p.message))
        self.what = what
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        where = "in the knowledge-base data" if self.what == "data" else f"in the site's {self.what}s"
        head = f"{count} problem{'s' if count != 1 else ''} {where}:"
        return "\n".join([head, *(str(p) for p in self.problems)])
