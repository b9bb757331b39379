"""Load ``data/`` into a validated, cross-checked knowledge base.

Every problem found is collected and raised together as one DataError, each
naming file, line, what is wrong and how to fix it.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from pydantic import BaseModel, ValidationError

from . import schema
from .cite import QuoteNotFound, Span, resolve, text_fragment
from .errors import DataError, Problem
from .text import SourceText, build_source_text, fold, sha256_of, stream_without
from .yamlsafe import LineDict, LineList, line_of, read_yaml

ACTORS_FILE = "actors.yaml"
RELATIONS_FILE = "relations.yaml"
TOPICS_FILE = "topics.yaml"
SOURCES_DIR = "sources"
SKIPPED_KINDS = {"furniture"}  # left out of the quote-matching stream
CLAIMS_PER_PAGE = 50  # longer lists continue on further pages (stem/page-2.md, ...): about 100 KB a page


@dataclass(frozen=True)
class Cite:
    source: str
    quote: str
    spans: tuple[Span, ...]
    fragment: str

    @property
    def paragraph(self) -> int:
        return self.spans[0].paragraph


@dataclass
class Entry:
    """A validated record (claim or actor) with where it came from and its resolved citations."""

    record: schema.Claim | schema.Actor
    path: str
    line: int
    topic: schema.Topic | None = None
    part: int = 1  # which page of its topic the claim is on
    cite_lines: list[int] = field(default_factory=list)
    cites: list[Cite] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.record.id


@dataclass
class SourceEntry:
    meta: schema.Source
    path: str            # the metadata file, as shown to contributors
    archive: Path        # the archived text file
    text: SourceText
    excluded: dict[int, schema.Excluded] = field(default_factory=dict)


@dataclass
class RelationEntry:
    record: schema.Relation
    path: str
    line: int
    claim: Entry | None = None


@dataclass
class KnowledgeBase:
    topics: list[schema.Topic]
    sources: dict[str, SourceEntry]
    actors: dict[str, Entry]
    claims: list[Entry]
    relations: list[RelationEntry] = field(default_factory=list)
    page_size: int = CLAIMS_PER_PAGE  # claims (and twice as many index rows) per page of a long list

    def claims_in(self, topic_id: str) -> list[Entry]:
        """The claims of a topic, in file order."""
        return self._claims_by_topic.get(topic_id, [])

    @cached_property
    def dated_claims(self) -> list[Entry]:
        """The claims that have a date, oldest first (ties by id)."""
        return sorted((c for c in self.claims if c.record.date), key=lambda c: (schema.date_key(c.record.date), c.id))

    def citing_entries(self):
        yield from self.actors.values()
        yield from self.claims

    def claims_involving(self, actor_id: str) -> list[Entry]:
        """Claims that name the actor (as involved, speaker, relayer, sanctioning or targeted), in order."""
        return self._claims_by_actor.get(actor_id, [])

    def relations_of(self, actor_id: str) -> list["RelationEntry"]:
        """The relations the actor is at either end of, in file order."""
        return self._relations_by_actor.get(actor_id, [])

    def sources_by(self, actor_id: str) -> list[SourceEntry]:
        """The sources the actor wrote or published."""
        return self._sources_by_actor.get(actor_id, [])

    def citations_of(self, source_id: str) -> list[tuple[Entry, Cite]]:
        """Every (record, citation) pair that cites the source."""
        return self._cites_by_source.get(source_id, [])

    # Indexes, built on first use: pages ask these questions once per actor, source or topic.

    @cached_property
    def _claims_by_topic(self) -> dict[str, list[Entry]]:
        return _grouped((entry.topic.id, entry) for entry in self.claims)

    @cached_property
    def _claims_by_actor(self) -> dict[str, list[Entry]]:
        return _grouped((actor_id, entry) for entry in self.claims for actor_id in involved_actors(entry.record))

    @cached_property
    def _relations_by_actor(self) -> dict[str, list["RelationEntry"]]:
        return _grouped((actor_id, entry) for entry in self.relations
                        for actor_id in dict.fromkeys((entry.record.source, entry.record.target)))

    @cached_property
    def _sources_by_actor(self) -> dict[str, list[SourceEntry]]:
        return _grouped((actor_id, source) for source in self.sources.values()
                        for actor_id in dict.fromkeys([*source.meta.authors, source.meta.publisher,
                                                       source.meta.original_publisher]) if actor_id)

    @cached_property
    def _cites_by_source(self) -> dict[str, list[tuple[Entry, Cite]]]:
        return _grouped((cite.source, (entry, cite)) for entry in self.citing_entries() for cite in entry.cites)


def _grouped(pairs) -> dict:
    """{key: [item, ...]} from (key, item) pairs, items in the order given."""
    index: dict = {}
    for key, item in pairs:
        index.setdefault(key, []).append(item)
    return index


def involved_actors(record) -> list[str]:
    """Every actor id a claim names, in a stable order without repeats."""
    ids = [*record.actors, record.by, record.relayed_by,
           *getattr(record, "imposed_by", []), *getattr(record, "targets", [])]
    return list(dict.fromkeys(i for i in ids if i))


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

    def read(self, path: Path):
        try:
            return read_yaml(path, self.shown(path))
        except DataError as error:
            self.problems.extend(error.problems)
            return None


def load(data_dir: Path, page_size: int = CLAIMS_PER_PAGE) -> KnowledgeBase:
    """Read, validate and cross-check everything under ``data_dir``."""
    data_dir = Path(data_dir).resolve()
    col = _Collector(data_dir)
    topics = _load_list(col, data_dir / TOPICS_FILE, schema.Topic)
    sources = _load_sources(col, data_dir / SOURCES_DIR)
    actors = {}
    actor_entries = _load_entries(col, data_dir / ACTORS_FILE, schema.Actor)
    for entry in actor_entries or []:
        _unique(col, actors, entry, "actor")
    claims: list[Entry] = []
    seen: dict[str, Entry] = {}
    for topic, _ in topics:
        model = schema.Sanction if topic.records == "sanction" else schema.Claim
        in_topic = 0
        for entry in _load_entries(col, data_dir / f"{topic.id}.yaml", model) or []:
            entry.topic = topic
            if _unique(col, seen, entry, "claim"):
                entry.part = in_topic // page_size + 1
                in_topic += 1
                claims.append(entry)
    _check_unlisted_files(col, data_dir, [t for t, _ in topics])
    kb = KnowledgeBase([t for t, _ in topics], sources, actors, claims, page_size=page_size)
    if (data_dir / RELATIONS_FILE).is_file():
        kb.relations = [RelationEntry(r, col.shown(data_dir / RELATIONS_FILE), line)
                        for r, line in _load_list(col, data_dir / RELATIONS_FILE, schema.Relation)]
    if actor_entries is not None:  # an unreadable actors file is reported once, not at every reference
        _check_references(col, kb)
    _check_relations(col, kb, seen)
    _resolve_citations(col, kb)
    if col.problems:
        raise DataError(col.problems)
    return kb


def _load_list(col: _Collector, path: Path, model: type[BaseModel]) -> list[tuple]:
    return [(record, line) for record, line, _ in _validated(col, path, model) or []]


def _load_entries(col: _Collector, path: Path, model: type[BaseModel]) -> list[Entry] | None:
    """The valid records of a list file, or None if the file itself could not be read."""
    records = _validated(col, path, model)
    if records is None:
        return None
    shown = col.shown(path)
    entries = []
    for record, line, item in records:
        cite_lines = [line_of(item, ("cite", i, "quote")) for i in range(len(record.cite))]
        entries.append(Entry(record, shown, line, cite_lines=cite_lines))
    return entries


def _validated(col: _Collector, path: Path, model: type[BaseModel]):
    """(record, line, raw item) for each valid record of a list file; None if unreadable."""
    data = col.read(path)
    if data is None:
        return None
    shown = col.shown(path)
    if not isinstance(data, LineList):
        col.add(shown, getattr(data, "line", 1), "the file must hold a list of records",
                "start each record with '- ' at the left margin")
        return None
    out = []
    for index, item in enumerate(data):
        try:
            out.append((model.model_validate(item), data.item_lines[index], item))
        except ValidationError as error:
            _report_validation(col, shown, data, (index,), error, model)
            if isinstance(item, LineDict) and isinstance(item.get("id"), str):
                col.invalid_ids.add(item["id"])
    return out


def _report_validation(col, shown, data, prefix, error: ValidationError, model) -> None:
    for detail in error.errors():
        loc = prefix + tuple(detail["loc"])
        line = line_of(data, loc)
        field_name = ".".join(str(part) for part in detail["loc"]) or "record"
        message, fix = _explain(detail, field_name, model)
        col.add(shown, line, message, fix)


def _explain(detail: dict, field_name: str, model) -> tuple[str, str]:
    kind = detail["type"]
    name = str(detail["loc"][-1]) if detail["loc"] else "record"
    schema_file = f"data/schema/{model.__name__.lower()}.schema.json"
    if kind == "extra_forbidden":
        allowed = ", ".join(_fields_at(model, detail["loc"]))
        close = difflib.get_close_matches(name, _fields_at(model, detail["loc"]), n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        return f"unknown field {field_name!r}", f"{hint}remove it or rename it; allowed here: {allowed}"
    if kind == "missing":
        return f"missing required field {field_name!r}", f"add `{name}:` to this record (see {schema_file})"
    if kind == "string_pattern_mismatch" and name in ("id", "source", "by", "relayed_by", "publisher") \
            or (kind == "string_pattern_mismatch" and isinstance(detail["loc"][-1], int)):
        return (f"{field_name}: {detail['input']!r} is not a valid id",
                "use lowercase letters, digits and single hyphens, e.g. 'alexander-lukashenko'")
    if kind == "string_pattern_mismatch" and name in ("date", "inferred"):
        return (f"{field_name}: {detail['input']!r} is not a date",
                "write YYYY, YYYY-MM, YYYY-MM-DD or YYYY-spring/summer/autumn/winter, in quotes")
    if kind == "string_pattern_mismatch" and name == "sha256":
        return f"sha256: {detail['input']!r} is not a SHA-256 sum (64 lowercase hex digits)", \
            "write the output of sha256sum for the archived file"
    if kind == "string_too_long":
        limit = detail.get("ctx", {}).get("max_length")
        return f"{field_name}: the text is too long (over {limit} characters)", "shorten it; split a long passage into several citations"
    if kind == "string_too_short":
        return f"{field_name}: the value is empty", "write a value, or remove the field if it is optional"
    if kind == "literal_error":
        return f"{field_name}: {detail['input']!r} is not allowed", f"use one of {detail['ctx']['expected']}"
    if kind in ("string_type", "list_type", "int_type", "int_parsing", "dict_type", "model_type"):
        expected = {"string_type": "text", "list_type": "a list ([a, b] or '- ' items)",
                    "int_type": "a whole number", "int_parsing": "a whole number",
                    "dict_type": "a mapping of fields", "model_type": "a mapping of fields"}[kind]
        return f"{field_name}: expected {expected}, got {type(detail['input']).__name__}", f"write {expected} here (see {schema_file})"
    message = detail["msg"].removeprefix("Value error, ")
    if "control characters" in message:
        return f"{field_name}: {message}", "retype the text; invisible characters are not accepted"
    if "is not a real date" in message:
        return f"{field_name}: {message}", "use a real calendar date: YYYY, YYYY-MM or YYYY-MM-DD"
    if "Markdown link" in message:
        return f"{field_name}: Markdown link or image syntax is not allowed in plain text", \
            "write the words only; sources are linked through `cite`"
    return f"{field_name}: {message}", f"see {schema_file}"


def _fields_at(model, loc) -> list[str]:
    current = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        annotation = current.model_fields.get(part)
        inner = getattr(annotation, "annotation", None)
        args = getattr(inner, "__args__", ())
        nested = next((a for a in args if isinstance(a, type) and issubclass(a, BaseModel)), None)
        if nested is None and isinstance(inner, type) and issubclass(inner, BaseModel):
            nested = inner
        if nested is None:
            break
        current = nested
    return sorted(current.model_fields)


def _unique(col: _Collector, seen: dict, entry: Entry, what: str) -> bool:
    if entry.id in seen:
        first = seen[entry.id]
        col.add(entry.path, entry.line, f"duplicate {what} id {entry.id!r} (first used at {first.path}:{first.line})",
                "give one of the two records a different id")
        return False
    seen[entry.id] = entry
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
            col.add(shown, line_of(data, ("id",)), f"duplicate source id {meta.id!r} (also in {sources[meta.id].path})",
                    "give each source its own id")
            continue
        if path.stem != meta.id:
            col.add(shown, line_of(data, ("id",)), f"the source id {meta.id!r} differs from the file name {path.name!r}",
                    f"rename the file to {meta.id}.yaml or change the id")
        entry = _load_archive(col, folder, shown, data, meta)
        if entry:
            sources[meta.id] = entry
        else:
            col.invalid_ids.add(meta.id)
    return sources


def _load_archive(col, folder: Path, shown: str, data: LineDict, meta: schema.Source) -> SourceEntry | None:
    archive = folder / meta.file
    if not archive.is_file():
        col.add(shown, line_of(data, ("file",)), f"the archived file {meta.file!r} is missing from data/sources/",
                "copy the archived source there byte for byte, or correct `file`")
        return None
    digest = sha256_of(archive)
    if digest != meta.sha256:
        col.add(shown, line_of(data, ("sha256",)),
                f"the SHA-256 of {meta.file} is {digest}, not the recorded {meta.sha256}",
                "archived files are never edited: restore the original file (git checkout), "
                "or add a changed document as a new source")
        return None
    text = archive.read_text(encoding="utf-8")
    source_text = build_source_text(text)
    paragraphs = source_text.paragraphs
    by_text = {folded: p.number for p, (folded, _) in zip(paragraphs, source_text.folds)}
    excluded = {}
    for index, item in enumerate(meta.excluded):
        number = by_text.get(fold(item.text)[0])
        if number is None:
            col.add(shown, line_of(data, ("excluded", index, "text")),
                    "this excluded text is not a whole paragraph of the source",
                    "copy the whole line of the archived file")
            continue
        excluded[number] = item
    for number, (folded, _) in enumerate(source_text.folds, start=1):
        if folded in by_text and by_text[folded] != number and by_text[folded] in excluded:
            excluded[number] = excluded[by_text[folded]]  # a repeated title is excluded with its twin
    skipped = frozenset(n for n, item in excluded.items() if item.kind in SKIPPED_KINDS)
    if skipped:
        source_text.streams.append(stream_without(source_text, skipped))
    return SourceEntry(meta, shown, archive, source_text, excluded)


def _check_unlisted_files(col: _Collector, data_dir: Path, topics: list[schema.Topic]) -> None:
    known = {TOPICS_FILE, ACTORS_FILE, RELATIONS_FILE} | {f"{t.id}.yaml" for t in topics}
    for path in sorted(data_dir.glob("*.yaml")):
        if path.name not in known:
            col.add(col.shown(path), 1, f"{path.name} is not a known data file",
                    f"add a topic with id {path.stem!r} to data/{TOPICS_FILE}, or move the records into an existing file")


def _actor_refs(record) -> list[tuple[tuple, str]]:
    refs = [(("actors", i), a) for i, a in enumerate(getattr(record, "actors", []))]
    for name in ("by", "relayed_by"):
        if getattr(record, name, None):
            refs.append(((name,), getattr(record, name)))
    for name in ("imposed_by", "targets"):
        refs += [((name, i), a) for i, a in enumerate(getattr(record, name, []))]
    return refs


def _check_references(col: _Collector, kb: KnowledgeBase) -> None:
    actor_ids = list(kb.actors)
    for source in kb.sources.values():
        meta = source.meta
        refs = [("authors", a) for a in meta.authors] + [(n, getattr(meta, n)) for n in ("publisher", "original_publisher") if getattr(meta, n)]
        for name, actor in refs:
            if actor not in kb.actors:
                col.add(source.path, 1, f"{name}: unknown actor id {actor!r}", _did_you_mean(actor, actor_ids, "data/actors.yaml"))
    for entry in kb.citing_entries():
        for _, actor in _actor_refs(entry.record):
            if actor not in kb.actors and actor not in col.invalid_ids:
                col.add(entry.path, entry.line, f"record {entry.id!r}: unknown actor id {actor!r}",
                        _did_you_mean(actor, actor_ids, "data/actors.yaml"))


def _check_relations(col: _Collector, kb: KnowledgeBase, claims: dict[str, Entry]) -> None:
    seen: dict[str, RelationEntry] = {}
    for entry in kb.relations:
        relation = entry.record
        if relation.id in seen:
            col.add(entry.path, entry.line, f"duplicate relation id {relation.id!r}", "give each relation its own id")
        seen[relation.id] = entry
        for side, actor in (("from", relation.source), ("to", relation.target)):
            if actor not in kb.actors and actor not in col.invalid_ids:
                col.add(entry.path, entry.line, f"relation {relation.id!r}: {side}: unknown actor id {actor!r}",
                        _did_you_mean(actor, list(kb.actors), "data/actors.yaml"))
        entry.claim = claims.get(relation.claim)
        if entry.claim is None and relation.claim not in col.invalid_ids:
            col.add(entry.path, entry.line, f"relation {relation.id!r}: unknown claim id {relation.claim!r}",
                    _did_you_mean(relation.claim, list(claims), "a topic file"))


def _did_you_mean(value: str, known: list[str], where: str) -> str:
    close = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
    hint = f"did you mean {close[0]!r}? " if close else ""
    return f"{hint}use an id defined in {where}, or add the record there"


def _resolve_citations(col: _Collector, kb: KnowledgeBase) -> None:
    source_ids = list(kb.sources)
    for entry in kb.citing_entries():
        for index, citation in enumerate(entry.record.cite):
            line = entry.cite_lines[index]
            source = kb.sources.get(citation.source)
            if source is None and citation.source in col.invalid_ids:
                continue  # the source itself is already reported
            if source is None:
                col.add(entry.path, line, f"record {entry.id!r}: unknown source id {citation.source!r}",
                        _did_you_mean(citation.source, source_ids, "data/sources/"))
                continue
            try:
                place = resolve(source.text, citation.quote, citation.paragraph)
            except QuoteNotFound as missing:
                col.add(entry.path, line, f"record {entry.id!r}: {missing.message} in {citation.source}", missing.fix)
                continue
            entry.cites.append(Cite(citation.source, citation.quote, place.spans, text_fragment(source.text, place)))


_CACHE: dict[Path, tuple[tuple, KnowledgeBase]] = {}


def fingerprint(data_dir: Path) -> tuple:
    """Names, sizes and modification times of every file under ``data_dir``."""
    return tuple(sorted((str(p), p.stat().st_mtime_ns, p.stat().st_size)
                        for p in Path(data_dir).rglob("*") if p.is_file()))


def load_cached(data_dir: Path, page_size: int = CLAIMS_PER_PAGE) -> KnowledgeBase:
    """``load``, reused while no file under ``data_dir`` has changed (one build, or serve)."""
    data_dir = Path(data_dir).resolve()
    stamp = (fingerprint(data_dir), page_size)
    cached = _CACHE.get(data_dir)
    if cached and cached[0] == stamp:
        return cached[1]
    kb = load(data_dir, page_size)
    _CACHE[data_dir] = (stamp, kb)
    return kb
