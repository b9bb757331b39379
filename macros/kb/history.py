"""What each release published, and what changed since: the snapshots under data/releases/, the
comparison of the data with the last release, and the pending entries of the next one.

A snapshot holds, for every claim, relation, thread and topic (its title, sections and
overview) of a release, its text and a digest of
the fields a reader sees. It is made from the data files as plain YAML (``snapshot``), so the
same function reads the data of any past commit (``scripts/snapshot.py``). ``problems`` compares
each release's list with the difference between its snapshot and the one before, and the
current data with the last snapshot: a change no release lists is reported with the record,
the version to list it under and the line of data/releases.yaml.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import Field, ValidationError

from . import schema
from .errors import DataError, Problem
from .yamlsafe import LineDict, LineList, line_of, read_yaml

if TYPE_CHECKING:
    from .model import KnowledgeBase

RELEASES_DIR = "releases"
RELEASES_FILE = "releases.yaml"
KINDS = ("claims", "relations", "threads", "topics")
SIDES = ("added", "changed", "removed")
SINGULAR = {"claims": "claim", "relations": "relation", "threads": "thread", "topics": "topic"}
FIX_COMMAND = "make release-notes"

# The fields whose change is a change of the record for a reader: its words, what kind of
# statement it is, when it held, who says it and what it cites. Where a record sits (a claim's
# section) and the editors' flags are not changes of what it states.
TRACKED = {
    "claims": (
        "text",
        "kind",
        "date",
        "by",
        "to",
        "relayed_by",
        "actors",
        "cite",
        "as_of",
        "imposed_by",
        "targets",
        "target",
        "measures",
        "trigger",
    ),
    "relations": ("from", "type", "to", "claim", "per"),
    "threads": ("title", "earlier", "later", "change", "note"),
    "topics": ("title", "summary", "sections", "overview"),
}


class SnapshotRecord(schema.Strict):
    id: schema.Id
    digest: str = Field(pattern=r"^[0-9a-f]{16}$", description="the first 16 hex digits of the SHA-256")
    text: str = Field(min_length=1, description="the record's words as released")
    topic: schema.Id | None = Field(None, description="a claim's topic")


class Snapshot(schema.Strict):
    """data/releases/<version>.yaml: every claim, relation, thread and topic of a release."""

    version: str = Field(pattern=r"^\d+\.\d+\.\d+$")
    claims: list[SnapshotRecord] = Field(default_factory=list)
    relations: list[SnapshotRecord] = Field(default_factory=list)
    threads: list[SnapshotRecord] = Field(default_factory=list)
    topics: list[SnapshotRecord] = Field(default_factory=list)

    def records(self, kind: str) -> dict[str, SnapshotRecord]:
        records: list[SnapshotRecord] = getattr(self, kind)
        return {r.id: r for r in records}


# Making a snapshot: from the data files as plain YAML, so it works on the data of any commit.


def _plain(value: Any) -> Any:
    """A value as it compares: strings stripped, empty values dropped, mappings sorted."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, Mapping):
        out = {str(k): _plain(v) for k, v in value.items()}
        return {k: v for k, v in sorted(out.items()) if v not in (None, "", [], {})}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def digest(kind: str, record: Mapping[str, Any]) -> str:
    tracked = _plain({name: record.get(name) for name in TRACKED[kind]})
    encoded = json.dumps(tracked, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()[:16]


def _text(kind: str, record: Mapping[str, Any]) -> str:
    if kind == "claims":
        return str(record.get("text", "")).strip()
    if kind == "relations":
        return f"{record.get('from')} {record.get('type')} {record.get('to')}"
    title = str(record.get("title", "")).strip()
    if kind == "topics":
        overview = " ".join(
            str(s.get("text", "")).strip() for s in record.get("overview") or [] if isinstance(s, Mapping)
        )
        return f"{title}: {overview}" if overview else title
    return f"{title}: {str(record.get('note', '')).strip()}"


def _read_list(path: Path) -> list[Mapping[str, Any]]:
    if not path.is_file():
        return []
    data = read_yaml(path, f"data/{path.name}")
    return [item for item in data or [] if isinstance(item, Mapping)]


def current_records(data_dir: Path) -> dict[str, list[tuple[Mapping[str, Any], str | None]]]:
    """(record as plain YAML, topic id) of every claim, relation, thread and topic under ``data_dir``."""
    topics = _read_list(data_dir / "topics.yaml")
    claims: list[tuple[Mapping[str, Any], str | None]] = [
        (record, str(topic["id"]))
        for topic in topics
        for record in _read_list(data_dir / f"{topic['id']}.yaml")
    ]
    return {
        "claims": claims,
        "relations": [(r, None) for r in _read_list(data_dir / "relations.yaml")],
        "threads": [(r, None) for r in _read_list(data_dir / "threads.yaml")],
        "topics": [(r, None) for r in topics],
    }


def snapshot(data_dir: Path, version: str) -> Snapshot:
    """The snapshot of the data under ``data_dir``, as release ``version``."""
    found = current_records(data_dir)
    return Snapshot(
        version=version,
        **{
            kind: [
                SnapshotRecord(
                    id=str(record["id"]), digest=digest(kind, record), text=_text(kind, record), topic=topic
                )
                for record, topic in found[kind]
            ]
            for kind in KINDS
        },
    )


def dump(snap: Snapshot, date: str) -> str:
    """The snapshot as YAML, one record a few lines, in data order."""
    import yaml  # only the writer needs the emitter

    head = (
        f"# The data as released in {snap.version} ({date}): every claim, relation, thread and topic, with\n"
        "# the words released and a digest of what a reader sees. Written by scripts/snapshot.py when\n"
        "# the release was cut; never edited by hand.\n"
    )
    body = yaml.safe_dump(
        snap.model_dump(mode="json", exclude_none=True), sort_keys=False, allow_unicode=True, width=100
    )
    return head + str(body)


# Reading the snapshots of the releases.


def read_snapshots(
    data_dir: Path, releases: Iterable[schema.Release]
) -> tuple[dict[str, Snapshot], list[Problem]]:
    """The snapshot of every dated release; a missing or malformed one is a problem."""
    snapshots: dict[str, Snapshot] = {}
    problems: list[Problem] = []
    lines = release_lines(data_dir / RELEASES_FILE)
    for release in releases:
        if release.date is None:
            continue
        path = data_dir / RELEASES_DIR / f"{release.version}.yaml"
        shown = f"data/{RELEASES_DIR}/{path.name}"
        if not path.is_file():
            problems.append(
                Problem(
                    f"data/{RELEASES_FILE}",
                    lines.get(release.version, {}).get((), 1),
                    f"release {release.version} has no snapshot {shown}",
                    f"write it from the data as released: check out the release's commit and run "
                    f"`.venv/bin/python scripts/snapshot.py {release.version}`",
                )
            )
            continue
        try:
            data = read_yaml(path, shown)
        except DataError as error:
            problems.extend(error.problems)
            continue
        if not isinstance(data, LineDict):
            problems.append(
                Problem(
                    shown,
                    1,
                    "a snapshot holds a mapping (version, claims, relations, threads, topics)",
                    _REWRITE,
                )
            )
            continue
        try:
            snap = Snapshot.model_validate(data)
        except ValidationError as error:
            for detail in error.errors():
                where = ".".join(str(part) for part in detail["loc"])
                problems.append(
                    Problem(shown, line_of(data, tuple(detail["loc"])), f"{where}: {detail['msg']}", _REWRITE)
                )
            continue
        if snap.version != release.version:
            problems.append(
                Problem(
                    shown,
                    line_of(data, ("version",)),
                    f"this snapshot says version {snap.version}, its file name {release.version}",
                    _REWRITE,
                )
            )
            continue
        snapshots[release.version] = snap
    return snapshots, problems


_REWRITE = (
    "snapshots are written by scripts/snapshot.py, never by hand: restore the file "
    "(`git checkout data/releases/`), or write it again on the release's commit"
)


# Comparing.


@dataclass(frozen=True)
class Change:
    kind: str  # claims, relations, threads or topics
    side: str  # added, changed or removed
    id: str


def changes(before: Snapshot | None, after: Mapping[str, Mapping[str, str]]) -> list[Change]:
    """What differs from ``before`` to ``after`` ({kind: {id: digest}}), in the data's order."""
    found = []
    for kind in KINDS:
        old = {r.id: r.digest for r in (before.records(kind).values() if before else [])}
        new = after[kind]
        for record_id, value in new.items():
            if record_id not in old:
                found.append(Change(kind, "added", record_id))
            elif old[record_id] != value:
                found.append(Change(kind, "changed", record_id))
        found.extend(Change(kind, "removed", record_id) for record_id in old if record_id not in new)
    return found


def digests(snap: Snapshot) -> dict[str, dict[str, str]]:
    return {kind: {r.id: r.digest for r in snap.records(kind).values()} for kind in KINDS}


def current_digests(data_dir: Path) -> dict[str, dict[str, str]]:
    return {
        kind: {str(record["id"]): digest(kind, record) for record, _ in found}
        for kind, found in current_records(data_dir).items()
    }


def listed(release: schema.Release) -> set[Change]:
    return {
        Change(kind, side, record_id)
        for kind in KINDS
        for side in SIDES
        for record_id in getattr(getattr(release, kind), side)
    }


def next_version(latest: str) -> str:
    major, minor, _ = (int(n) for n in latest.split("."))
    return f"{major}.{minor + 1}.0"


def pending(
    data_dir: Path, releases: list[schema.Release], snapshots: Mapping[str, Snapshot]
) -> list[Change]:
    """The changes since the last dated release."""
    dated = [r for r in releases if r.date is not None]
    last = snapshots.get(dated[0].version) if dated else None
    return changes(last, current_digests(data_dir))


def problems(
    data_dir: Path,
    releases: list[schema.Release],
    snapshots: Mapping[str, Snapshot],
    lines: Mapping[str, Mapping[tuple[str, ...], int]],
    where: Mapping[tuple[str, str], tuple[str, int]],
) -> list[Problem]:
    """Every release lists exactly what changed in it, and the next release every change since
    the last one. ``lines``: version -> {(kind, side) or (): line in releases.yaml};
    ``where``: (kind, id) -> (file, line) of the record now."""
    if not releases:
        return []
    found: list[Problem] = []
    dated = [r for r in reversed(releases) if r.date is not None]  # oldest first
    if any(r.version not in snapshots for r in dated):
        return []  # reported when the snapshots were read
    previous: Snapshot | None = None
    for release in dated:
        snap = snapshots[release.version]
        if release.initial:
            expected: set[Change] = set()
        else:
            expected = set(changes(previous, digests(snap)))
        found.extend(_mismatch(release, expected, previous.version if previous else None, lines, where, True))
        previous = snap
    if previous is None:
        return found
    undated = [r for r in releases if r.date is None]
    now = set(changes(previous, current_digests(data_dir)))
    if undated:
        found.extend(_mismatch(undated[0], now, previous.version, lines, where, False))
    else:
        version = next_version(previous.version)
        for change in sorted(now, key=_order):
            found.append(
                Problem(
                    f"data/{RELEASES_FILE}",
                    lines.get("", {}).get((), 1),
                    f"{_record(change, where)} was {change.side} since {previous.version}, and no release lists it",
                    f"list it under a new release {version} at the top of data/{RELEASES_FILE} "
                    f"({change.kind}: {change.side}: [{change.id}]), without a date until it is released; "
                    f"`{FIX_COMMAND}` writes every pending entry there for you to review",
                )
            )
    return found


def _order(change: Change) -> tuple[int, int, str]:
    return KINDS.index(change.kind), SIDES.index(change.side), change.id


def _record(change: Change, where: Mapping[tuple[str, str], tuple[str, int]]) -> str:
    place = where.get((change.kind, change.id))
    at = f" ({place[0]}:{place[1]})" if place else ""
    return f"{SINGULAR[change.kind]} {change.id!r}{at}"


def _mismatch(
    release: schema.Release,
    expected: set[Change],
    since: str | None,
    lines: Mapping[str, Mapping[tuple[str, ...], int]],
    where: Mapping[tuple[str, str], tuple[str, int]],
    released: bool,
) -> list[Problem]:
    at = lines.get(release.version, {})
    listed_now = listed(release)
    found = []
    for change in sorted(expected - listed_now, key=_order):
        line = at.get((change.kind, change.side), at.get((), 1))
        if released:
            message = (
                f"release {release.version}: {_record(change, where)} was {change.side} since {since} "
                f"(its snapshot data/{RELEASES_DIR}/{release.version}.yaml shows it), but the release does not list it"
            )
        else:
            message = (
                f"{_record(change, where)} was {change.side} since {since}, "
                f"and release {release.version} does not list it"
            )
        found.append(
            Problem(
                f"data/{RELEASES_FILE}",
                line,
                message,
                f"list it under {release.version}: {change.kind}: {change.side}: [{change.id}]"
                + ("" if released else f"; `{FIX_COMMAND}` writes every pending entry for you to review"),
            )
        )
    for change in sorted(listed_now - expected, key=_order):
        line = at.get((change.kind, change.side), at.get((), 1))
        was = "no release before" if since is None else since
        found.append(
            Problem(
                f"data/{RELEASES_FILE}",
                line,
                f"release {release.version} lists {SINGULAR[change.kind]} {change.id!r} as {change.side}, "
                f"but it was not {change.side} since {was}",
                f"take {change.id} out of {release.version}'s {change.kind}: {change.side}"
                + ("" if released else f" (`{FIX_COMMAND}` writes the list again from the data)"),
            )
        )
    return found


def release_lines(path: Path) -> dict[str, dict[tuple[str, ...], int]]:
    """version -> {(): line of its `version:`, (kind, side): line of that list} in releases.yaml;
    "" -> {(): the line of the first release}."""
    if not path.is_file():
        return {}
    try:
        data = read_yaml(path, f"data/{RELEASES_FILE}")
    except DataError:
        return {}
    out: dict[str, dict[tuple[str, ...], int]] = {}
    if not isinstance(data, LineList):
        return out
    for index, item in enumerate(data):
        if not isinstance(item, LineDict) or not isinstance(item.get("version"), str):
            continue
        entry: dict[tuple[str, ...], int] = {(): line_of(data, (index, "version"))}
        for kind in KINDS:
            block = item.get(kind)
            if isinstance(block, LineDict):
                entry[(kind,)] = line_of(data, (index, kind))
                for side in SIDES:
                    if side in block:
                        entry[(kind, side)] = line_of(data, (index, kind, side))
        out[item["version"]] = entry
    if data:
        out[""] = {(): data.item_lines[0]}
    return out


def check(kb: KnowledgeBase) -> list[Problem]:
    """``problems`` for a loaded knowledge base: `make check` and `make build` run it (the live
    server does not, so an edit shows at once; the release entry can follow)."""
    where: dict[tuple[str, str], tuple[str, int]] = {("claims", c.id): (c.path, c.line) for c in kb.claims}
    where.update({("relations", r.record.id): (r.path, r.line) for r in kb.relations})
    where.update({("threads", t.record.id): (t.path, t.line) for t in kb.threads})
    where.update(
        {
            ("topics", t): ("data/topics.yaml", lines["id"])
            for t, lines in kb.topic_lines.items()
            if "id" in lines
        }
    )
    lines = release_lines(kb.data_dir / RELEASES_FILE)
    return problems(kb.data_dir, kb.releases, kb.snapshots, lines, where)
