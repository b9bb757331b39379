"""Load ``data/`` into a validated, cross-checked knowledge base (``model``).

Every problem found is collected and raised together as one DataError, each naming file, the
line of the bad value, what is wrong and how to fix it (the wording is in ``messages``).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from . import history, prose, rules, schema
from .cite import QuoteNotFound, resolve, text_fragment
from .dates import as_of
from .diff import with_differences
from .errors import DataError, Problem
from .kinds import EXCLUDED_KINDS
from .messages import did_you_mean, explain, section_fix
from .model import ActorEntry, Cite, ClaimEntry, KnowledgeBase, RelationEntry, SourceEntry, ThreadEntry
from .reference import load_reference
from .text import build_source_text, fold, sha256_of, stream_without
from .yamlsafe import LineDict, LineList, line_of, read_yaml

ACTORS_FILE = "actors.yaml"
RELATIONS_FILE = "relations.yaml"
THREADS_FILE = "threads.yaml"
RELEASES_FILE = "releases.yaml"
TOPICS_FILE = "topics.yaml"
SOURCES_DIR = "sources"
M = TypeVar("M", bound=BaseModel)


class _Collector:
    def __init__(self, root: Path):
        self.root = root
        self.problems: list[Problem] = []
        self.invalid_ids: set[str] = set()  # ids of records already reported, not reported again as unknown

    def shown(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root.parent))
        except ValueError:
            return str(path)

    def add(self, path: str, line: int, message: str, fix: str = "") -> None:
        self.problems.append(Problem(path, line, message, fix))

    def read(self, path: Path) -> Any:
        try:
            return read_yaml(path, self.shown(path))
        except DataError as error:
            self.problems.extend(error.problems)
            return None


class _Record:
    """A valid record with the raw item it came from, for the lines of its values."""

    def __init__(self, record: Any, path: str, item: Any, line: int):
        self.record, self.path, self.item, self.line = record, path, item, line

    def line_of(self, *loc: str | int) -> int:
        return line_of(self.item, loc)


def load(data_dir: Path) -> KnowledgeBase:
    """Read, validate and cross-check everything under ``data_dir``."""
    data_dir = Path(data_dir).resolve()
    col = _Collector(data_dir)
    reported = len(col.problems)
    topic_records = _validated(col, data_dir / TOPICS_FILE, schema.Topic) or []
    topics = [r.record for r in topic_records]
    topics_read = len(col.problems) == reported  # an invalid topic hides its claims: none is "unknown"
    sources = _load_sources(col, data_dir / SOURCES_DIR)
    actor_records = _validated(col, data_dir / ACTORS_FILE, schema.Actor)
    actors: dict[str, ActorEntry] = {}
    for r in actor_records or []:
        if _unique(col, actors, r, "actor"):
            actors[r.record.id] = ActorEntry(
                record=r.record,
                path=r.path,
                line=r.line,
                cite_lines=_cite_lines(r),
                ref_lines=_ref_lines(r),
                key_lines=_key_lines(r),
            )
    claims: dict[str, ClaimEntry] = {}
    all_read = topics_read  # every topic file could be read, so an unknown claim id is really unknown
    for topic_record in topic_records:
        topic = topic_record.record
        if not (data_dir / topic.data_file).is_file():
            col.add(
                topic_record.path,
                topic_record.line_of("id"),
                f"topic {topic.id!r}: its data file data/{topic.data_file} is missing",
                f"create data/{topic.data_file} (an empty topic is `[]`), or correct the id",
            )
            all_read = False
            continue
        model = schema.Sanction if topic.records == "sanction" else schema.Claim
        records = _validated(col, data_dir / topic.data_file, model)
        all_read &= records is not None
        for r in records or []:
            if _unique(col, claims, r, "claim"):
                claims[r.record.id] = ClaimEntry(
                    record=r.record,
                    topic=topic,
                    path=r.path,
                    line=r.line,
                    cite_lines=_cite_lines(r),
                    ref_lines=_ref_lines(r),
                    key_lines=_key_lines(r),
                )
    _check_unlisted_files(col, data_dir, topics)
    relations = _load_relations(col, data_dir / RELATIONS_FILE, claims, all_read)
    if all_read:
        _check_sections(col, topic_records, claims)
    threads = _load_threads(col, data_dir / THREADS_FILE, claims, all_read)
    releases, snapshots = _load_releases(col, data_dir / RELEASES_FILE)
    kb = KnowledgeBase(data_dir, topics, sources, actors, list(claims.values()), relations, threads, releases)
    kb.snapshots = snapshots
    kb.topic_lines = {r.record.id: {"id": r.line, **_key_lines(r)} for r in topic_records}
    kb.overview_lines = {
        (r.record.id, index): r.line_of("overview", index, "text")
        for r in topic_records
        for index in range(len(r.record.overview))
    }
    if actor_records is not None:
        try:
            kb.reference = load_reference(data_dir, set(actors))
        except DataError as error:
            col.problems.extend(error.problems)
    if actor_records is not None:  # an unreadable actors file is reported once, not at every reference
        _check_references(col, kb, data_dir)
    _check_relation_actors(col, kb)
    _check_known_from(col, kb, {r.record.id: r for r in actor_records or []})
    _resolve_citations(col, kb)
    for claim in kb.claims:
        claim.as_of = as_of(claim.record, [kb.sources[c.source].publication for c in claim.cites])
    col.problems.extend(rules.problems(kb))
    col.problems.extend(prose.problems(kb))
    if col.problems:
        raise DataError(col.problems)
    return kb


def _cite_lines(r: _Record) -> list[int]:
    return [r.line_of("cite", i, "quote") for i in range(len(r.record.cite))]


def _key_lines(r: _Record) -> dict[str, int]:
    return dict(getattr(r.item, "key_lines", {}))


def _ref_lines(r: _Record) -> dict[tuple[str | int, ...], int]:
    """The line of each actor id the record names, and of each citation's `source`."""
    lines = {loc: r.line_of(*loc) for loc, _ in _actor_refs(r.record)}
    for index in range(len(getattr(r.record, "cite", None) or [])):
        lines[("cite", index, "source")] = r.line_of("cite", index, "source")
    return lines


def _validated(col: _Collector, path: Path, model: type[M], optional: bool = False) -> list[_Record] | None:
    """The valid records of a list file; None if the file could not be read."""
    if optional and not path.is_file():
        return []
    data = col.read(path)
    if data is None:
        return None
    shown = col.shown(path)
    if not isinstance(data, LineList):
        col.add(
            shown,
            getattr(data, "line", 1),
            "the file must hold a list of records",
            "start each record with '- ' at the left margin",
        )
        return None
    out = []
    for index, item in enumerate(data):
        try:
            out.append(_Record(model.model_validate(item), shown, item, data.item_lines[index]))
        except ValidationError as error:
            _report_validation(col, shown, data, (index,), error, model)
            if isinstance(item, LineDict) and isinstance(item.get("id"), str):
                col.invalid_ids.add(item["id"])
    return out


def _report_validation(
    col: _Collector,
    shown: str,
    data: Any,
    prefix: tuple[int, ...],
    error: ValidationError,
    model: type[BaseModel],
) -> None:
    for detail in error.errors():
        message, fix = explain(detail, model)
        col.add(shown, line_of(data, prefix + tuple(detail["loc"])), message, fix)


def _unique(col: _Collector, seen: dict[str, Any], r: _Record, what: str) -> bool:
    record_id = r.record.id
    if record_id in seen:
        first = seen[record_id]
        col.add(
            r.path,
            r.line_of("id"),
            f"duplicate {what} id {record_id!r} (first used at {first.path}:{first.line})",
            "give one of the two records a different id",
        )
        return False
    return True


def _load_sources(col: _Collector, folder: Path) -> dict[str, SourceEntry]:
    sources: dict[str, SourceEntry] = {}
    for path in sorted(folder.glob("*.yaml")):
        data = col.read(path)
        if data is None:
            continue
        shown = col.shown(path)
        try:
            meta = schema.Source.model_validate(data)
        except ValidationError as error:
            _report_validation(col, shown, data, (), error, schema.Source)
            if isinstance(data, LineDict) and isinstance(data.get("id"), str):
                col.invalid_ids.add(data["id"])
            continue
        if meta.id in sources:
            col.add(
                shown,
                line_of(data, ("id",)),
                f"duplicate source id {meta.id!r} (also in {sources[meta.id].path})",
                "give each source its own id",
            )
            continue
        if path.stem != meta.id:
            col.add(
                shown,
                line_of(data, ("id",)),
                f"the source id {meta.id!r} differs from the file name {path.name!r}",
                f"rename the file to {meta.id}.yaml or change the id",
            )
        entry = _load_archive(col, folder, shown, data, meta)
        if entry:
            sources[meta.id] = entry
        else:
            col.invalid_ids.add(meta.id)
    return sources


def _load_archive(
    col: _Collector, folder: Path, shown: str, data: LineDict, meta: schema.Source
) -> SourceEntry | None:
    archive = folder / meta.file
    if not archive.is_file():
        col.add(
            shown,
            line_of(data, ("file",)),
            f"the archived file {meta.file!r} is missing from data/sources/",
            "copy the archived source there byte for byte, or correct `file`",
        )
        return None
    digest = sha256_of(archive)
    if digest != meta.sha256:
        col.add(
            shown,
            line_of(data, ("sha256",)),
            f"the SHA-256 of {meta.file} is {digest}, not the recorded {meta.sha256}",
            "archived files are never edited: restore the original file (git checkout), "
            "or add a changed document as a new source",
        )
        return None
    text = archive.read_text(encoding="utf-8")
    source_text = build_source_text(text)
    paragraphs = source_text.paragraphs
    by_text = {folded: p.number for p, (folded, _) in zip(paragraphs, source_text.folds, strict=True)}
    excluded: dict[int, schema.Excluded] = {}
    for index, item in enumerate(meta.excluded):
        number = by_text.get(fold(item.text)[0])
        if number is None:
            col.add(
                shown,
                line_of(data, ("excluded", index, "text")),
                "this excluded text is not a whole paragraph of the source",
                "copy the whole line of the archived file",
            )
            continue
        excluded[number] = item
    for number, (folded, _) in enumerate(source_text.folds, start=1):
        if folded in by_text and by_text[folded] != number and by_text[folded] in excluded:
            excluded[number] = excluded[by_text[folded]]  # a repeated title is excluded with its twin
    skipped = frozenset(n for n, item in excluded.items() if EXCLUDED_KINDS[item.kind].skipped)
    if skipped:
        source_text.streams.append(stream_without(source_text, skipped))
    lines = {loc: line_of(data, loc) for loc, _ in _actor_refs(meta)}
    return SourceEntry(meta, shown, archive, source_text, excluded, lines)


def _check_unlisted_files(col: _Collector, data_dir: Path, topics: list[schema.Topic]) -> None:
    known = {TOPICS_FILE, ACTORS_FILE, RELATIONS_FILE, THREADS_FILE, RELEASES_FILE} | {
        t.data_file for t in topics
    }
    for path in sorted(data_dir.glob("*.yaml")):
        if (
            path.name not in known and path.stem not in col.invalid_ids
        ):  # an invalid topic is reported already
            col.add(
                col.shown(path),
                1,
                f"{path.name} is not a known data file",
                f"add a topic with id {path.stem!r} to data/{TOPICS_FILE}, or move the records into an existing file",
            )


def _actor_refs(record: Any) -> Iterable[tuple[tuple[str | int, ...], str]]:
    """(where in the record, actor id) for every actor a record names."""
    for name in ("authors", "actors", "imposed_by", "targets"):
        for index, actor in enumerate(getattr(record, name, None) or []):
            yield (name, index), actor
    for name in ("by", "relayed_by", "publisher", "original_publisher"):
        if getattr(record, name, None):
            yield (name,), getattr(record, name)


def _check_references(col: _Collector, kb: KnowledgeBase, data_dir: Path) -> None:
    actor_ids = list(kb.actors)
    fix_where = f"data/{ACTORS_FILE}"
    for source in kb.sources.values():
        for loc, actor in _actor_refs(source.meta):
            if actor not in kb.actors and actor not in col.invalid_ids:
                col.add(
                    source.path,
                    source.lines.get(loc, 1),
                    f"{_dotted(loc)}: unknown actor id {actor!r}",
                    did_you_mean(actor, actor_ids, fix_where),
                )
    for entry in kb.citing_entries():
        for loc, actor in _actor_refs(entry.record):
            if actor not in kb.actors and actor not in col.invalid_ids:
                col.add(
                    entry.path,
                    entry.ref_lines.get(loc, entry.line),
                    f"record {entry.id!r}: {_dotted(loc)}: unknown actor id {actor!r}",
                    did_you_mean(actor, actor_ids, fix_where),
                )


def _check_known_from(col: _Collector, kb: KnowledgeBase, records: dict[str, _Record]) -> None:
    """An actor known from a source's address names a source that exists, and that source's own
    `url:` or `republished_url:`."""
    for actor_id, entry in kb.actors.items():
        known = entry.record.known_from
        record = records.get(actor_id)
        if known is None or record is None:
            continue
        source = kb.sources.get(known.source)
        if source is None:
            if known.source not in col.invalid_ids:
                col.add(
                    entry.path,
                    record.line_of("known_from", "source"),
                    f"actor {actor_id!r}: known_from: unknown source id {known.source!r}",
                    did_you_mean(known.source, list(kb.sources), "data/sources/"),
                )
            continue
        addresses = [a for a in (source.meta.url, source.meta.republished_url) if a]
        if known.address not in addresses:
            col.add(
                entry.path,
                record.line_of("known_from", "address"),
                f"actor {actor_id!r}: known_from: {known.address!r} is not an address of source "
                f"{known.source!r}",
                f"copy the source's `url:` or `republished_url:` from {source.path} "
                + (f"({', '.join(addresses)})" if addresses else "(it has none yet: record it there first)"),
            )


def _dotted(loc: tuple[str | int, ...]) -> str:
    return ".".join(str(part) for part in loc)


def _load_relations(
    col: _Collector, path: Path, claims: dict[str, ClaimEntry], all_read: bool
) -> list[RelationEntry]:
    """The relations whose claim is known (an unknown claim or a repeated id is reported)."""
    relations, seen = [], set()
    for r in _validated(col, path, schema.Relation, optional=True) or []:
        relation = r.record
        if relation.id in seen:
            col.add(
                r.path,
                r.line_of("id"),
                f"duplicate relation id {relation.id!r}",
                "give each relation its own id",
            )
        seen.add(relation.id)
        claim = claims.get(relation.claim)
        if claim is None:
            if all_read and relation.claim not in col.invalid_ids:
                col.add(
                    r.path,
                    r.line_of("claim"),
                    f"relation {relation.id!r}: unknown claim id {relation.claim!r}",
                    did_you_mean(relation.claim, list(claims), "a topic file"),
                )
            continue
        relations.append(
            RelationEntry(
                relation, r.path, r.line, claim, {(k,): r.line_of(k) for k in ("from", "to", "per")}
            )
        )
    return relations


def _check_sections(col: _Collector, topics: list[_Record], claims: dict[str, ClaimEntry]) -> None:
    """Each claim names a section of its topic (when the topic has sections); each overview
    sentence rests on claims that exist."""
    for r in topics:
        topic: schema.Topic = r.record
        sections = [s.id for s in topic.sections]
        for claim in claims.values():
            if claim.topic.id != topic.id or not sections:
                continue
            section = claim.record.section
            if section is None:
                col.add(
                    claim.path,
                    claim.line,
                    f"record {claim.id!r}: no `section:`",
                    f"add `section:` with one of {', '.join(sections)} (the sections of {topic.id!r} in "
                    f"data/{TOPICS_FILE})",
                )
            elif section not in sections:
                col.add(
                    claim.path,
                    claim.key_lines.get("section", claim.line),
                    f"record {claim.id!r}: section: {section!r} is not a section of topic {topic.id!r}, "
                    f"whose sections are {', '.join(sections)}",
                    section_fix(section, sections, topic.id),
                )
        for index, sentence in enumerate(topic.overview):
            for position, claim_id in enumerate(sentence.claims):
                if claim_id not in claims and claim_id not in col.invalid_ids:
                    col.add(
                        r.path,
                        r.line_of("overview", index, "claims", position),
                        f"topic {topic.id!r}: overview sentence {index + 1}: unknown claim id {claim_id!r}",
                        did_you_mean(claim_id, list(claims), "a topic file"),
                    )


def _load_threads(
    col: _Collector, path: Path, claims: dict[str, ClaimEntry], all_read: bool
) -> list[ThreadEntry]:
    """Then-and-now threads; every claim id they name must exist."""
    threads, seen = [], set()
    for r in _validated(col, path, schema.Thread, optional=True) or []:
        thread = r.record
        if thread.id in seen:
            col.add(
                r.path, r.line_of("id"), f"duplicate thread id {thread.id!r}", "give each thread its own id"
            )
        seen.add(thread.id)
        sides: dict[str, list[ClaimEntry]] = {"earlier": [], "later": []}
        for side, ids in (("earlier", thread.earlier), ("later", thread.later)):
            for index, claim_id in enumerate(ids):
                if claim_id in claims:
                    sides[side].append(claims[claim_id])
                elif all_read and claim_id not in col.invalid_ids:
                    col.add(
                        r.path,
                        r.line_of(side, index),
                        f"thread {thread.id!r}: {side}: unknown claim id {claim_id!r}",
                        did_you_mean(claim_id, list(claims), "a topic file"),
                    )
        because = {
            side: r.line_of("because", side, "says") for side in ("earlier", "later") if thread.because
        }
        side_lines = {
            (side, index): r.line_of(side, index)
            for side, ids in (("earlier", thread.earlier), ("later", thread.later))
            for index in range(len(ids))
        }
        threads.append(
            ThreadEntry(
                thread, r.path, r.line, sides["earlier"], sides["later"], _key_lines(r), side_lines, because
            )
        )
    return threads


def _load_releases(col: _Collector, path: Path) -> tuple[list[schema.Release], dict[str, history.Snapshot]]:
    """The releases, newest first, each version once, the undated next release on top; and the
    snapshot of each release cut (what each lists is compared with them in ``history``)."""
    records = _validated(col, path, schema.Release, optional=True) or []
    ordered = sorted(records, key=lambda r: tuple(int(n) for n in r.record.version.split(".")), reverse=True)
    if [r.record.version for r in ordered] != [r.record.version for r in records]:
        col.add(
            records[0].path,
            records[0].line,
            "releases are not listed newest first",
            "put the newest release at the top of the file",
        )
    versions = [r.record.version for r in records]
    for r in records:
        if versions.count(r.record.version) > 1:
            col.add(
                r.path,
                r.line_of("version"),
                f"release {r.record.version} is listed twice",
                "give each release its own version",
            )
            break
    for r in ordered[1:]:
        if r.record.date is None:
            col.add(
                r.path,
                r.line_of("version"),
                f"release {r.record.version} has no date, but a later release is listed",
                "only the next release, at the top, goes without a date: give it the date it was released",
            )
    releases = [r.record for r in ordered]
    snapshots, problems = history.read_snapshots(path.parent, releases)
    col.problems.extend(problems)
    return releases, snapshots


def _check_relation_actors(col: _Collector, kb: KnowledgeBase) -> None:
    for entry in kb.relations:
        relation = entry.record
        for side, actor in (("from", relation.source), ("to", relation.target), ("per", relation.per or "")):
            if not actor:
                continue
            if actor not in kb.actors and actor not in col.invalid_ids:
                col.add(
                    entry.path,
                    entry.lines.get((side,), entry.line),
                    f"relation {relation.id!r}: {side}: unknown actor id {actor!r}",
                    did_you_mean(actor, list(kb.actors), f"data/{ACTORS_FILE}"),
                )


def _resolve_citations(col: _Collector, kb: KnowledgeBase) -> None:
    source_ids = list(kb.sources)
    for entry in kb.citing_entries():
        for index, citation in enumerate(entry.record.cite):
            line = entry.cite_lines[index]
            source = kb.sources.get(citation.source)
            if source is None and citation.source in col.invalid_ids:
                continue  # the source itself is already reported
            if source is None:
                col.add(
                    entry.path,
                    entry.ref_lines.get(("cite", index, "source"), line),
                    f"record {entry.id!r}: unknown source id {citation.source!r}",
                    did_you_mean(citation.source, source_ids, "data/sources/"),
                )
                continue
            try:
                place = resolve(source.text, citation.quote, citation.paragraph)
            except QuoteNotFound as missing:
                fix = with_differences(missing.fix, citation.quote, getattr(missing, "closest", None))
                col.add(entry.path, line, f"record {entry.id!r}: {missing.message} in {citation.source}", fix)
                continue
            # A claim states something, so it never rests on a paragraph listed as stating nothing;
            # an actor may quote a byline, credit or page header to show who wrote or published.
            excluded = [span.paragraph for span in place.spans if span.paragraph in source.excluded]
            if excluded and isinstance(entry, ClaimEntry):
                number = excluded[0]
                kind = source.excluded[number].kind
                col.add(
                    entry.path,
                    line,
                    f"record {entry.id!r}: the quote is in p{number} of {citation.source}, a paragraph listed "
                    f"under `excluded` ({kind}) in {source.path}",
                    f"quote a passage that states the fact; if p{number} does state something, remove it "
                    f"from `excluded` in {source.path}",
                )
                continue
            entry.cites.append(
                Cite(citation.source, citation.quote, place.spans, text_fragment(source.text, place))
            )


_CACHE: dict[Path, tuple[tuple[Any, ...], KnowledgeBase]] = {}


def fingerprint(data_dir: Path) -> tuple[Any, ...]:
    """Names, sizes and modification times of every file under ``data_dir``."""
    return tuple(
        sorted(
            (str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in Path(data_dir).rglob("*") if p.is_file()
        )
    )


def load_cached(data_dir: Path, recheck: bool = True) -> KnowledgeBase:
    """``load``, reused while no file under ``data_dir`` has changed (one build, or serve).
    With ``recheck`` false, a loaded knowledge base is reused without looking at the files:
    a build looks once, when it starts, not once per page."""
    data_dir = Path(data_dir).resolve()
    cached = _CACHE.get(data_dir)
    if cached and not recheck:
        return cached[1]
    stamp = fingerprint(data_dir)
    if cached and cached[0] == stamp:
        return cached[1]
    kb = load(data_dir)
    _CACHE[data_dir] = (stamp, kb)
    return kb
