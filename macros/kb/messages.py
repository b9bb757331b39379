"""What a contributor reads when a record is invalid: the message and the fix, chosen by the
kind of error (an id, a date, an allowed value, a missing field…), whatever the field."""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import BaseModel

from .schema import schema_file

ID_FIX = "use lowercase letters, digits and single hyphens, e.g. 'alexander-lukashenko'"
DATE_FIX = "write YYYY, YYYY-MM, YYYY-MM-DD or YYYY-spring/summer/autumn/winter, in quotes"
EXPECTED = {
    "string_type": "text",
    "list_type": "a list ([a, b] or '- ' items)",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "dict_type": "a mapping of fields",
    "model_type": "a mapping of fields",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
}


def explain(detail: Any, model: type[BaseModel]) -> tuple[str, str]:
    """(message, fix) for one pydantic error ``detail`` found in a record of type ``model``."""
    kind, loc = detail["type"], tuple(detail["loc"])
    field_name = ".".join(str(part) for part in loc) or "record"
    name = str(loc[-1]) if loc else "record"
    value = detail.get("input")
    ctx = detail.get("ctx") or {}
    where = schema_file(model)
    if kind == "extra_forbidden":
        allowed = fields_at(model, loc)
        close = difflib.get_close_matches(name, allowed, n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        return (
            f"unknown field {field_name!r}",
            f"{hint}remove it or rename it; allowed here: {', '.join(allowed)}",
        )
    if kind == "missing":
        return f"missing required field {field_name!r}", f"add `{name}:` to this record (see {where})"
    if kind == "invalid_id":
        return f"{field_name}: {value!r} is not a valid id", ID_FIX
    if kind == "invalid_date":
        return f"{field_name}: {value!r} is not a date", DATE_FIX
    if kind == "unreal_date":
        return (
            f"{field_name}: {value!r} is not a real date",
            "use a real calendar date: YYYY, YYYY-MM or YYYY-MM-DD",
        )
    if kind in ("not_allowed", "literal_error"):
        return f"{field_name}: {value!r} is not allowed", f"use one of {ctx.get('expected')}"
    if kind == "string_pattern_mismatch" and name == "sha256":
        return (
            f"sha256: {value!r} is not a SHA-256 sum (64 lowercase hex digits)",
            "write the output of sha256sum for the archived file",
        )
    if kind == "string_pattern_mismatch":
        return f"{field_name}: {value!r} does not have the expected form", f"see the pattern in {where}"
    if kind == "string_too_long":
        return (
            f"{field_name}: the text is too long (over {ctx.get('max_length')} characters)",
            "shorten it; split a long passage into several citations",
        )
    if kind == "string_too_short":
        return f"{field_name}: the value is empty", "write a value, or remove the field if it is optional"
    if kind == "too_short":
        return (
            f"{field_name}: the list is empty",
            f"give at least {ctx.get('min_length', 1)} item(s) (see {where})",
        )
    if kind in EXPECTED:
        expected = EXPECTED[kind]
        got = {"LineList": "a list", "LineDict": "a mapping", "NoneType": "nothing"}.get(
            type(value).__name__, type(value).__name__
        )
        return f"{field_name}: expected {expected}, got {got}", f"write {expected} here (see {where})"
    message = str(detail["msg"]).removeprefix("Value error, ")
    if "control characters" in message:
        return f"{field_name}: {message}", "retype the text; invisible characters are not accepted"
    if "Markdown link" in message:
        return (
            f"{field_name}: Markdown link or image syntax is not allowed in plain text",
            "write the words only; sources are linked through `cite`",
        )
    return f"{field_name}: {message}", f"see {where}"


def fields_at(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The field names allowed in the nested record at ``loc`` (its last part excluded)."""
    current = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        annotation = current.model_fields.get(str(part))
        inner = getattr(annotation, "annotation", None)
        args = getattr(inner, "__args__", ())
        nested = next((a for a in args if isinstance(a, type) and issubclass(a, BaseModel)), None)
        if nested is None and isinstance(inner, type) and issubclass(inner, BaseModel):
            nested = inner
        if nested is None:
            break
        current = nested
    return sorted(f.alias or name for name, f in current.model_fields.items())


def section_fix(value: str, sections: list[str], topic: str) -> str:
    """The fix for a claim naming a section its topic does not have: the closest section, or how
    to add one."""
    close = difflib.get_close_matches(value, sections, n=1, cutoff=0.6)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return (
        f"{hint}use one of the sections listed, or add a section {value!r} to topic {topic!r} in "
        f'data/topics.yaml (its `sections:`, with id, title and scope; CONTRIBUTING.md, "Add a section")'
    )


def did_you_mean(value: str, known: list[str], where: str) -> str:
    close = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return f"{hint}use an id defined in {where}, or add the record there"
