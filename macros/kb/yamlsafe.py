"""Read contributor YAML safely, keeping the line of every value.

Plain YAML only: no anchors or aliases (so no alias bombs), no custom tags
(so no ``!!python/object``), no duplicate keys, no byte-order mark, UTF-8 only.
Dates stay strings: the schema checks them.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent, CollectionStartEvent, ScalarEvent
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from .errors import DataError, Problem

MAX_FILE_BYTES = 16 * 1024 * 1024
STR_TAG = "tag:yaml.org,2002:str"
PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}


class LineDict(dict[str, Any]):
    """A mapping that remembers its own line and the line of each key."""

    line: int = 0
    key_lines: dict[str, int]
    value_lines: dict[str, int]  # only for values that start below their key (`text:` then the text)


class LineList(list[Any]):
    """A sequence that remembers its own line and the line of each item."""

    line: int = 0
    item_lines: list[int]


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses anchors and aliases while composing."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, AliasEvent):
            raise _Refused(
                event.start_mark,
                "a YAML alias (*name) is not allowed",
                "write the value out in full; anchors and aliases are refused",
            )
        if isinstance(event, (ScalarEvent, CollectionStartEvent)) and event.anchor:
            raise _Refused(
                event.start_mark,
                "a YAML anchor (&name) is not allowed",
                "remove the anchor and write each value out in full",
            )
        return super().compose_node(parent, index)


# Keep ISO dates as strings: the schema validates them and reports the line.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


_CLoader: Any = None
_SHORT_TAGS: dict[str, str] = {}  # the implicit tag of each short plain scalar seen (bounded by the text)
if getattr(yaml, "__with_libyaml__", False):

    class _FastLoader(yaml.CSafeLoader):
        """libyaml's parser with the same resolvers: the fast path for valid files."""

        def resolve(self, kind: Any, value: str, implicit: tuple[bool, bool]) -> Any:
            """Resolver.resolve for scalars, without its generality (path resolvers, which these
            loaders do not use): it runs once per value. The tag of a short plain scalar (keys
            above all: "id", "text", "source") is looked up once."""
            if kind is ScalarNode:
                if not implicit[0]:
                    return STR_TAG
                tag = _SHORT_TAGS.get(value)
                if tag is None:
                    tag = STR_TAG
                    for resolver_tag, regexp in self.yaml_implicit_resolvers.get(value[:1], ()):
                        if regexp.match(value):
                            tag = resolver_tag
                            break
                    if len(value) <= 24:
                        _SHORT_TAGS[value] = tag
                return tag
            return super().resolve(kind, value, implicit)

    _FastLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers
    _CLoader = _FastLoader


class _Refused(Exception):
    def __init__(self, mark: Any, message: str, fix: str):
        self.mark, self.message, self.fix = mark, message, fix


_PARSED: dict[tuple[str, str], tuple[str, Any]] = {}


def read_yaml(path: Path, shown: str | None = None) -> Any:
    """Parse one YAML file into LineDict/LineList/scalars, or raise DataError. A file read
    before with the same bytes gives the same result, without parsing it again (under
    `make serve`, one edited file does not make every file parse again); nothing downstream
    changes a parsed result."""
    shown = shown or str(path)
    raw = _read_bytes(path, shown)
    key, digest = (str(path), shown), hashlib.sha256(raw).hexdigest()
    known = _PARSED.get(key)
    if known is not None and known[0] == digest:
        return known[1]
    parsed = _parse(raw, shown)
    _PARSED[key] = (digest, parsed)
    return parsed


def _parse(raw: bytes, shown: str) -> Any:
    text = _decode(raw, shown)
    fast = _compose_fast(text)
    if fast is not None:
        node, loader = fast
        if node is None:
            raise _error(shown, 1, "the file is empty", "add at least one record, or delete the file")
        return _build(node, loader, shown)
    loader = None
    try:
        loader = _Loader(text)
        node = loader.get_single_node()
    except _Refused as refused:
        raise _error(shown, refused.mark.line + 1, refused.message, refused.fix) from None
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(shown, exc, text) from None
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        raise _error(
            shown,
            line,
            f"a control character (#x{exc.character:02x}) is not allowed",
            "retype the text around it; invisible characters are not accepted",
        ) from None
    finally:
        if loader is not None:
            loader.dispose()
    if node is None:
        raise _error(shown, 1, "the file is empty", "add at least one record, or delete the file")
    return _build(node, loader, shown)


def _compose_fast(text: str) -> tuple[Any, Any] | None:
    """(node, loader) from libyaml when the file is plain, valid YAML; None otherwise, and the
    pure-Python loader then finds the problem and words the message."""
    if _CLoader is None:
        return None
    try:
        # Without "&" there is no anchor, and an alias (*name) then fails to compose (undefined
        # alias): so only such files need the slower scan of every event.
        if "&" in text:
            for event in yaml.parse(text, Loader=_CLoader):
                if isinstance(event, AliasEvent) or getattr(event, "anchor", None):
                    return None
        loader = _CLoader(text)
        return loader.get_single_node(), loader
    except yaml.YAMLError:
        return None


def _read_bytes(path: Path, shown: str) -> bytes:
    try:
        size = path.stat().st_size
    except OSError:
        raise _error(
            shown, 1, "the file is missing", "restore the file or remove what refers to it"
        ) from None
    if size > MAX_FILE_BYTES:
        raise _error(
            shown,
            1,
            f"the file is {size:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit",
            "split it or remove the oversized value",
        )
    return path.read_bytes()


def _decode(raw: bytes, shown: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raise _error(shown, 1, "the file starts with a byte-order mark (BOM)", "save it as UTF-8 without BOM")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise _error(
            shown,
            line,
            f"invalid UTF-8 byte 0x{raw[exc.start]:02x}",
            "save the file as UTF-8 and retype the damaged characters",
        ) from None
    stray = STRAY_BREAK.search(text)
    if stray:  # YAML would start a new line there, which no other tool shows: lines would not match
        raise _error(
            shown,
            text[: stray.start()].count("\n") + 1,
            f"a stray line-break character (U+{ord(stray.group()):04X}) inside a line",
            "retype the text around it, and save the file with LF (or CRLF) line endings",
        )
    return text


# Characters YAML reads as line breaks besides LF and CRLF: a lone CR, NEL, LINE and PARAGRAPH SEPARATOR.
STRAY_BREAK = re.compile("\r(?!\n)|[\x85\u2028\u2029]")


def _syntax_error(shown: str, exc: yaml.MarkedYAMLError, text: str) -> DataError:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    problem = exc.problem or "invalid YAML"
    if exc.context and exc.context_mark and exc.context_mark.line + 1 != line:
        problem += f" ({exc.context} that starts on line {exc.context_mark.line + 1})"
    lines = text.splitlines()
    fix = "check indentation, colons and quotes on this line and the one above"
    start = exc.context_mark.line + 1 if exc.context_mark else line
    unclosed = next(
        (n for n in range(start, line + 1) if n <= len(lines) and _unclosed_quote(lines[n - 1])), None
    )
    if unclosed:
        return _error(
            shown,
            unclosed,
            "YAML syntax error: a quoted value is not closed on this line",
            'add the closing quote; write \\" for a double quote inside a double-quoted value',
        )
    if 0 < line <= len(lines) and "\t" in lines[line - 1]:
        problem, fix = "a tab character is used for indentation", "indent with spaces, never tabs"
        return _error(shown, line, f"YAML syntax error: {problem}", fix)
    scanning_key = exc.context == "while scanning a simple key" and exc.context_mark is not None
    if "could not find expected ':'" in problem and scanning_key and exc.context_mark is not None:
        # a line dedented out of the value it continues: PyYAML reads it as a key and only
        # notices the missing ':' on a later line; the dedented line is where the key started
        start_line = exc.context_mark.line + 1
        advice = _indentation(lines, start_line)
        if advice:
            return _error(shown, start_line, f"YAML syntax error: {advice[0]}", advice[1])
    if (
        "mapping values are not allowed" in problem
        and mark is not None
        and _bare_key(lines, line, mark.column)
    ):
        # `key: value` indented further than the field above: YAML reads it as part of that value
        advice = _indentation(lines, line)
        if advice:
            return _error(shown, line, f"YAML syntax error: {advice[0]}", advice[1])
    if "expected <block end>" in problem:
        advice = _indentation(lines, line)
        if advice:
            return _error(shown, line, f"YAML syntax error: {advice[0]}", advice[1])
    if "could not find expected ':'" in problem or "mapping values are not allowed" in problem:
        fix = "a value containing ': ' must be quoted; wrap it in double quotes"
    return _error(shown, line, f"YAML syntax error: {problem}", fix)


def _spaces(count: int) -> str:
    return f"{count} space{'' if count == 1 else 's'}"


def _key_column(line: str) -> tuple[int, bool]:
    """Where a line's content starts (after a list item's `- `), and whether it is a list item."""
    stripped = line.lstrip(" ")
    indent = len(line) - len(stripped)
    if stripped.startswith("- "):
        return indent + 2, True
    return indent, False


def _bare_key(lines: list[str], line: int, column: int) -> bool:
    """True if the text before `column` on that line is only a field name (`  kind` of
    `  kind: fact`), so the colon YAML refused is the field's own, not one inside a value."""
    if not 0 < line <= len(lines):
        return False
    before = lines[line - 1][:column].strip().removeprefix("- ")
    return re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*", before) is not None


def _indentation(lines: list[str], line: int) -> tuple[str, str] | None:
    """(message, fix) when `line` is indented unlike the line above it; None when the two line
    up (the problem is then something else)."""
    if not 1 < line <= len(lines):
        return None
    above = next(
        (
            n
            for n in range(line - 1, 0, -1)
            if lines[n - 1].strip() and not lines[n - 1].lstrip().startswith("#")
        ),
        None,
    )
    if above is None:
        return None
    column, item = _key_column(lines[line - 1])
    above_column, _ = _key_column(lines[above - 1])
    if item:  # a list item's `- ` lines up with the `- ` of the items before it
        sibling = next(
            (n for n in range(line - 1, 0, -1) if lines[n - 1].lstrip(" ").startswith("- ")),
            None,
        )
        if sibling is not None:
            above, above_column, column = sibling, _key_column(lines[sibling - 1])[0] - 2, column - 2
    if column == above_column:
        return None
    way = "more" if column > above_column else "less"
    return (
        f"this line is indented {way} than line {above} ({_spaces(column)}, not {above_column})",
        f"indentation says what belongs together: indent this line with {above_column} spaces if it "
        f"belongs with line {above}, or as far as the record or field it belongs to; a value that "
        "goes on over several lines is indented further than its field name",
    )


def _unclosed_quote(line: str) -> bool:
    """True if the value on this line opens a double quote it does not close."""
    _, sep, value = line.partition(": ")
    value = value.strip() if sep else line.strip().removeprefix("- ")
    if not value.startswith('"'):
        return False
    body = value[1:].replace("\\\\", "").replace('\\"', "")
    return '"' not in body


def _build(node: Any, loader: Any, shown: str) -> Any:
    if node.tag == STR_TAG and type(node) is ScalarNode:  # most values: the text as written
        return node.value
    if node.tag not in PLAIN_TAGS:
        raise _error(
            shown,
            node.start_mark.line + 1,
            f"the YAML tag {node.tag!r} is not allowed",
            "remove the tag; only plain strings, numbers, lists and mappings are accepted",
        )
    if isinstance(node, MappingNode):
        return _build_mapping(node, loader, shown)
    if isinstance(node, SequenceNode):
        result = LineList(_build(item, loader, shown) for item in node.value)
        result.line = node.start_mark.line + 1
        result.item_lines = [item.start_mark.line + 1 for item in node.value]
        return result
    if isinstance(node, ScalarNode):
        return loader.construct_object(node, deep=True)
    raise _error(shown, node.start_mark.line + 1, "unsupported YAML node", "use plain values")


def _build_mapping(node: MappingNode, loader: Any, shown: str) -> LineDict:
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    result.value_lines = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        if key_node.tag == "tag:yaml.org,2002:merge":
            raise _error(shown, line, "YAML merge keys (<<) are not allowed", "write the fields out in full")
        key = _build(key_node, loader, shown)
        if not isinstance(key, str):
            raise _error(shown, line, f"the key {key!r} is not text", "use a field name as key")
        if key in result:
            first = result.key_lines[key]
            raise _error(
                shown,
                line,
                f"duplicate key {key!r} (first set on line {first})",
                "keep one of the two; a key may appear once per record",
            )
        result[key] = _build(value_node, loader, shown)
        result.key_lines[key] = line
        if type(value_node) is ScalarNode and value_node.start_mark.line + 1 != line:
            result.value_lines[key] = value_node.start_mark.line + 1
    return result


def _error(shown: str, line: int, message: str, fix: str) -> DataError:
    return DataError([Problem(shown, line, message, fix)])


def line_of(data: Any, loc: tuple[str | int, ...]) -> int:
    """The line of the deepest part of ``loc`` that exists in ``data``."""
    line: int = getattr(data, "line", 1)
    current = data
    for part in loc:
        if isinstance(current, LineDict) and isinstance(part, str) and part in current:
            line = current.value_lines.get(part) or current.key_lines.get(part, line)
            current = current[part]
        elif isinstance(current, LineList) and isinstance(part, int) and 0 <= part < len(current):
            line = current.item_lines[part]
            current = current[part]
        else:
            break
    return line
