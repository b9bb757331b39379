"""The site's settings, declared once with their types, defaults and limits.

They are read from ``extra:`` in mkdocs.yml (``extra: kb_page_size: 20``). A bad value stops
the build with one message naming mkdocs.yml, its line, the setting and the fix.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from .errors import DataError, Problem

PREFIX = "kb_"


@dataclass(frozen=True)
class Setting:
    name: str
    default: int
    minimum: int
    maximum: int
    help: str


SETTINGS = (
    Setting(
        "kb_page_size",
        20,
        1,
        1000,
        "claims on one page of a long list; the actor index shows twice as many rows",
    ),
    Setting(
        "kb_diagram_actors", 80, 2, 500, "actors drawn in the relationship diagram, the best-connected first"
    ),
    Setting(
        "kb_timeline_dots",
        400,
        1,
        100_000,
        "dated claims drawn one dot each on the timeline; past that, one dot per topic and month",
    ),
)


@dataclass(frozen=True)
class Settings:
    page_size: int = 40
    diagram_actors: int = 80
    timeline_dots: int = 400


def read(extra: dict[str, Any], config_file: Path) -> Settings:
    """The settings in ``extra``, checked; raises DataError naming every bad one."""
    shown = config_file.name
    lines = cache(lambda: _lines_of_keys(config_file))  # mkdocs.yml is read only to report a problem
    problems = []
    values: dict[str, int] = {}
    known = {s.name: s for s in SETTINGS}
    for key in extra:
        if key.startswith(PREFIX) and key not in known:
            close = difflib.get_close_matches(key, list(known), n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            problems.append(
                Problem(
                    shown,
                    lines().get(key, 1),
                    f"extra: {key}: unknown setting",
                    f"{hint}known settings: {', '.join(known)}",
                )
            )
    for setting in SETTINGS:
        value = extra.get(setting.name, setting.default)
        allowed = f"a whole number from {setting.minimum} to {setting.maximum}"
        if isinstance(value, bool) or not isinstance(value, int):
            problems.append(
                Problem(
                    shown,
                    lines().get(setting.name, 1),
                    f"extra: {setting.name}: {value!r} is not a whole number",
                    f"write {allowed}, or remove it for the default {setting.default} "
                    f"(it sets the {setting.help})",
                )
            )
        elif not setting.minimum <= value <= setting.maximum:
            problems.append(
                Problem(
                    shown,
                    lines().get(setting.name, 1),
                    f"extra: {setting.name}: {value} is out of range",
                    f"write {allowed}, or remove it for the default {setting.default} "
                    f"(it sets the {setting.help})",
                )
            )
        else:
            values[setting.name.removeprefix(PREFIX)] = value
    if problems:
        raise DataError(problems, what="setting")
    return Settings(**values)


def _lines_of_keys(config_file: Path) -> dict[str, int]:
    """The line of each ``kb_…:`` key in mkdocs.yml (which holds tags a safe loader refuses)."""
    try:
        text = config_file.read_text(encoding="utf-8")
    except OSError:
        return {}
    found: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        match = re.match(r"\s*(kb_[A-Za-z0-9_]+)\s*:", line)
        if match:
            found.setdefault(match.group(1), number)
    return found
