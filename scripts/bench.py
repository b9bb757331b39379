"""Benchmark the site build on synthetic knowledge bases 1×, 10× and 100× the real one.

For each size the script
1. builds a temporary copy of the project (mkdocs.yml, docs/, macros/, overrides/) with a
   generated data/ folder, and checks that data with kb.load.load();
2. writes the Markdown the macros and the hooks produce out once, as plain pages ("plain": the
   same site built with neither the macros plugin nor the hooks);
3. times `mkdocs build` of the full project and of the plain one, in pairs: wall time, CPU time
   (user + system of that one child, from os.wait4) and peak memory (its ru_maxrss, the figure
   /usr/bin/time -v reports as "Maximum resident set size"). The two builds of a pair run back
   to back, in alternating order, and full/plain is the median of the pairs' ratios, so that
   the machine's drift between pairs cancels out. Each build runs under scripts/bench_stages.py,
   which charges its CPU time to stages (imports, load and checks, page generation, macros,
   Markdown, search, templates, writing, ...) without changing the build;
4. for sizes whose build takes under a minute, also times "floor": the plain pages with the
   mkdocs-macros plugin switched on and an empty macros module (generated pages keep
   `render_macros: false`). floor/plain is what the chosen plugin costs before any of our code
   runs; at larger sizes it is a fixed fraction of a second, so it is not measured there;
5. measures the built site: total bytes, largest page, search_index.json.

Each size runs --runs pairs at least, and more while one variant has had under --min-seconds of
building in all (at most 15), since a 3-second build varies by ±20 % here. Medians are shown.
The synthetic data at size k copies the real data/ as it is
when the script runs (5 sources, about 57 actors, 220 claims, 390 citations and 40 relations):
- 5k sources, copies of the real archived texts in which every substantive paragraph starts
  with a unique marker sentence ("Record 17-4."), each with its metadata and SHA-256 pin;
- k times the claims of each topic, copies of the real ones (sanction fields included);
- actors times k^0.8 (×6.3 at 10x, ×40 at 100x), copies of the real actors: a bigger corpus
  names more actors, but not proportionally more; each copy of a claim or relation names
  copies of its actors;
- one copy of each relation per copy of the claim behind it;
- every citation quotes the start of one paragraph, marker included, so it occurs once in its
  source; citations are dealt round-robin, so every substantive paragraph is cited.
The size "real" benchmarks the real data/ as it is (left out of the scaling fit).

Then, at the sizes given by --reload (1× and 10× by default), scripts/bench_reload.py times
reloads under MkDocs' `mkdocs serve` and under `make serve` (scripts/serve.py): from saving a
YAML or Markdown file to the served page showing the change, the median of --reload-edits edits.

Output: one table; per size, the CPU seconds of each stage, full and plain side by side (medians
over the builds; the stage that grew most is named); PASS/FAIL lines for the budgets: at every
size the overhead (CPU full/plain) within 1.10, and from each synthetic size to the next, and
over all of them, the exponent within 1.05; then a last line `overhead X.XX×; scaling exponent
Y.YY`, where overhead is the largest CPU full/plain ratio and the exponent the least-squares
slope of log(full build CPU time) against log(claims) over the synthetic sizes (nan with fewer
than two). CPU time is what the budgets are checked on: other work on the machine stretches wall
time far more. Nothing in the test suite asserts a time. On a shared machine CPU time varies by 10 to 20 %
from build to build; --instructions real,1 also counts, at those sizes, the instructions one full
and one plain build execute under valgrind (cachegrind, about 30 times slower), and prints that
ratio against the same budget: a figure machine load does not move; --parts real,1 counts, the same
way, each part of our side of the build (scripts/bench_parts.py). --profile first prints
a cProfile of the largest size built in-process (mkdocs.commands.build.build).

    .venv/bin/python scripts/bench.py [--sizes real,1,10,100] [--runs 3] [--min-seconds 20]
                                      [--profile] [--instructions real,1] [--parts real,1] [--keep]
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import hashlib
import json
import logging
import math
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "macros"))

import bench_parts
import bench_reload
import bench_stages
import cachegrind

from kb import dates, rules, schema
from kb.load import load
from kb.model import CLAIM_ID, KnowledgeBase

PROJECT_PARTS = ["mkdocs.yml", "docs", "macros", "overrides"]
ACTOR_EXPONENT = 0.8
CAPTURE_HOOK = "bench_capture_hook.py"
CAPTURE_CONFIG = "bench-capture.yml"
CAPTURE_HOOK_SOURCE = '''\
"""Benchmark helper: writes each page's Markdown, as the macros and hooks left it, and each
generated file to the folder $KB_BENCH_PLAIN_DOCS. The pages are then rendered empty: this
build only collects their Markdown."""
import os
from pathlib import Path

import yaml
from mkdocs.plugins import event_priority

OUT = Path(os.environ["KB_BENCH_PLAIN_DOCS"])


def _write(src_uri, content):
    target = OUT / src_uri
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)


@event_priority(-100)
def on_files(files, config):
    for file in files:
        if file.generated_by and not file.is_documentation_page():
            _write(file.src_uri, file.content_bytes)
    return files


@event_priority(-100)
def on_page_markdown(markdown, page, config, files):
    meta = dict(page.meta)  # render_macros: false stays: the floor build reads it
    head = "---\\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\\n\\n" if meta else ""
    _write(page.file.src_uri, (head + markdown).encode("utf-8"))
    return ""
'''


# --- sizes -------------------------------------------------------------------------------------


@dataclass
class Size:
    label: str  # "real", "1x", "0.2x", ...
    factor: float | None  # None: the real data


def parse_sizes(text: str) -> list[Size]:
    sizes = []
    for part in text.split(","):
        part = part.strip().lower().removesuffix("x")
        if part == "real":
            sizes.append(Size("real", None))
        elif part:
            factor = float(part)
            if factor <= 0:
                raise argparse.ArgumentTypeError(f"a size must be positive, not {part}")
            sizes.append(Size(f"{factor:g}x", factor))
    if not sizes:
        raise argparse.ArgumentTypeError("give at least one size")
    return sizes


# --- synthetic data ----------------------------------------------------------------------------


def copy_id(base: str, copy: int, letter: str) -> str:
    """The id of the copy-th copy of a record: the real id for the first."""
    return base if copy == 0 else f"{base}-{letter}{copy + 1}"


class ActorMap:
    """Synthetic actor j copies real actor j mod 57; references of copy c go to one of its copies."""

    def __init__(self, real_ids: list[str], count: int):
        self.real_ids, self.count = real_ids, count
        self.index = {actor_id: i for i, actor_id in enumerate(real_ids)}

    def actor(self, j: int) -> tuple[str, int, str]:
        """(template id, copy number, synthetic id) of synthetic actor j."""
        template, copy = self.real_ids[j % len(self.real_ids)], j // len(self.real_ids)
        return template, copy, copy_id(template, copy, "a")

    def ref(self, real_id: str, copy: int) -> str:
        i, width = self.index[real_id], len(self.real_ids)
        copies = -(-(self.count - i) // width) if i < self.count else 0
        j = i + width * (copy % copies) if copies else i % self.count
        return self.actor(j)[2]

    def refs(self, real_ids: list[str], copy: int) -> list[str]:
        return list(dict.fromkeys(self.ref(a, copy) for a in real_ids))


class Dealer:
    """Deals citations round-robin over every substantive paragraph, one source after another."""

    def __init__(self, slots: list[tuple[str, list[str]]]):
        self.slots, self.next = slots, 0

    def cite(self, template_quote: str) -> dict:
        source_id, words = self.slots[self.next % len(self.slots)]
        self.next += 1
        wanted = max(4, len(template_quote.split()))
        return {"source": source_id, "quote": " ".join(words[:wanted])}


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data):  # the loader refuses anchors and aliases
        return True


def write_yaml(path: Path, data) -> None:
    path.write_text(
        yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=110), encoding="utf-8"
    )


def record_dict(record) -> dict:
    return record.model_dump(mode="json", exclude_none=True)


def make_sources(real: KnowledgeBase, factor: float, folder: Path, actors: ActorMap) -> list:
    """Write the archived texts and their metadata; return the citable paragraphs (slots)."""
    folder.mkdir(parents=True)
    templates = list(real.sources.values())
    per_source = []
    for s in range(max(1, round(len(templates) * factor))):
        template, copy = templates[s % len(templates)], s // len(templates)
        source_id = copy_id(template.meta.id, copy, "s")
        text, paragraphs = marked_text(template, s + 1)
        data = text.encode("utf-8")
        digest = hashlib.sha256(data).hexdigest()
        file_name = f"{s:04d}_{digest[:16]}.txt"
        (folder / file_name).write_bytes(data)
        meta = record_dict(template.meta)
        meta.update(id=source_id, file=file_name, sha256=digest)
        if copy:
            meta["title"] = f"{meta['title']} ({copy + 1})"
        meta["authors"] = actors.refs(meta.get("authors", []), copy)
        for name in ("interested", "unnamed_informants"):  # quotes are dealt over every source
            meta.pop(name, None)
        for name in ("publisher", "original_publisher"):
            if name in meta:
                meta[name] = actors.ref(meta[name], copy)
        write_yaml(folder / f"{source_id}.yaml", meta)
        per_source.append([(source_id, words) for words in paragraphs])
    # interleave: paragraph 1 of every source, then paragraph 2, ..., so one claim's citations
    # usually land in different sources
    longest = max(len(p) for p in per_source)
    return [slots[i] for i in range(longest) for slots in per_source if i < len(slots)]


def marked_text(template, number: int) -> tuple[str, list[list[str]]]:
    """The template's archived text with "Record <number>-<paragraph>." opening each substantive
    paragraph; and the words of each of those paragraphs."""
    lines, paragraphs, paragraph = [], [], 0
    for line in template.archive.read_text(encoding="utf-8").split("\n"):
        if line.strip():
            paragraph += 1
            if paragraph not in template.excluded:
                line = f"Record {number}-{paragraph}. {line.strip()}"
                paragraphs.append(line.split())
        lines.append(line)
    return "\n".join(lines), paragraphs


def make_actors(real: KnowledgeBase, actors: ActorMap, dealer: Dealer, path: Path) -> None:
    records = []
    for j in range(actors.count):
        template_id, copy, actor_id = actors.actor(j)
        record = record_dict(real.actors[template_id].record)
        record["id"] = actor_id
        if copy:
            record["name"] = f"{record['name']} {copy + 1}"
        record["cite"] = [dealer.cite(c["quote"]) for c in record["cite"]]
        records.append(record)
    write_yaml(path, records)


def make_claims(
    real: KnowledgeBase, factor: float, actors: ActorMap, dealer: Dealer, data_dir: Path
) -> dict[str, int]:
    """Write the topic files; return how many copies each real claim got."""
    copies: dict[str, int] = {}
    kept = {  # the real claims copied as themselves (copy 0): a note may name only those
        c.id
        for topic in real.topics
        for c in real.claims_in(topic.id)[: max(1, round(len(real.claims_in(topic.id)) * factor))]
    }
    real_ids = {c.id for c in real.claims}

    def named_kept(text: str) -> str:
        return CLAIM_ID.sub(
            lambda m: m.group(0) if m.group(0) in kept or m.group(0) not in real_ids else "another record",
            text,
        )

    for topic in real.topics:
        templates = real.claims_in(topic.id)
        records = []
        for i in range(max(1, round(len(templates) * factor))):
            template, copy = templates[i % len(templates)], i // len(templates)
            record = record_dict(template.record)
            record["id"] = copy_id(record["id"], copy, "c")
            for name in ("actors", "imposed_by", "targets"):
                if name in record:
                    record[name] = actors.refs(record[name], copy)
            for name in ("by", "relayed_by"):
                if name in record:
                    record[name] = actors.ref(record[name], copy)
            for name in ("note", "date_note"):
                if name in record:
                    record[name] = named_kept(record[name])
            quotes = [c["quote"] for c in record["cite"]]
            record["cite"] = [dealer.cite(quote) for quote in record["cite"] and quotes]
            # the figures of the text and of the real quotes, which overviews may repeat
            figures = list(dict.fromkeys(rules.figures(" ".join([record["text"], *quotes]), days=True)))
            if figures:  # the dealt quotes do not hold the real figures: the note names them
                record["note"] = (
                    f"{record.get('note', '')} Figures of the copied record: {', '.join(figures)}.".strip()
                )
            records.append(record)
            copies[template.id] = copy + 1
        write_yaml(data_dir / f"{topic.id}.yaml", records)
    return copies


def make_relations(real: KnowledgeBase, claim_copies: dict[str, int], actors: ActorMap, path: Path) -> None:
    """One copy of each real relation per copy of the claim behind it, between that copy's actors."""
    records = []
    for entry in getattr(real, "relations", []):
        relation = entry.record.model_dump(mode="json", by_alias=True)
        for copy in range(claim_copies.get(relation["claim"], 0)):
            ends = actors.ref(relation["from"], copy), actors.ref(relation["to"], copy)
            if ends[0] != ends[1]:  # below 1x two real actors can share one synthetic actor
                records.append(
                    {
                        **relation,
                        "id": copy_id(relation["id"], copy, "r"),
                        "from": ends[0],
                        "to": ends[1],
                        "claim": copy_id(relation["claim"], copy, "c"),
                    }
                )
    if records:
        write_yaml(path, records)


def write_topics(real: KnowledgeBase, source: Path, target: Path, data_dir: Path) -> None:
    """topics.yaml with an overview of readable length made of the synthetic claims themselves:
    each sentence is the text of a claim opened by when it held and, for a view, whose view it is,
    so it meets the rules on overviews (kb.prose: whose view, a time cue, only the claims' figures)."""
    topics = yaml.safe_load(source.read_text(encoding="utf-8"))
    published = {
        path.stem: dates.publication(
            schema.Published.model_validate(yaml.safe_load(path.read_text(encoding="utf-8"))["published"])
        )
        for path in (data_dir / "sources").glob("*.yaml")
    }
    names = {
        a["id"]: a["name"] for a in yaml.safe_load((data_dir / "actors.yaml").read_text(encoding="utf-8"))
    }
    for topic in topics:
        if not topic.get("overview"):
            continue
        records = yaml.safe_load((data_dir / f"{topic['id']}.yaml").read_text(encoding="utf-8")) or []
        sentences = [
            {"text": sentence, "claims": [record["id"]]}
            for record in records
            if (sentence := _sentence(record, published, names))
        ]
        overview: list[dict] = []
        while sentences and sum(len(s["text"].split()) for s in overview) < 80:
            overview.append(sentences[len(overview) % len(sentences)])
        topic["overview"] = overview
    write_yaml(target, topics)


def _sentence(record: dict, published: dict[str, dates.Publication], names: dict[str, str]) -> str:
    """ "24 February 2022, Alexander Lukashenko: <text>"; none for a view whose holder's synthetic
    name carries a copy number (a figure its claim does not give)."""
    claim = schema.Claim.model_validate({k: v for k, v in record.items() if k in schema.Claim.model_fields})
    when = dates.as_of(claim, [published[c["source"]] for c in record["cite"]])
    holder = names.get(record.get("by") or "", "")
    if when is None or any(ch.isdigit() for ch in holder):
        return ""
    return f"{when.words()[:1].upper()}{when.words()[1:]}{', ' + holder if holder else ''}: {record['text']}"


def generate(real: KnowledgeBase, factor: float, data_dir: Path, real_dir: Path = ROOT / "data") -> None:
    """A valid data/ folder about `factor` times the real one (`real`, loaded from `real_dir`)."""
    data_dir.mkdir(parents=True)
    if (real_dir / "schema").is_dir():  # published as downloads by the build
        shutil.copytree(real_dir / "schema", data_dir / "schema")
    count = max(1, round(len(real.actors) * factor**ACTOR_EXPONENT))
    actors = ActorMap(list(real.actors), count)
    dealer = Dealer(make_sources(real, factor, data_dir / "sources", actors))
    claim_copies = make_claims(real, factor, actors, dealer, data_dir)
    make_actors(real, actors, dealer, data_dir / "actors.yaml")
    make_relations(real, claim_copies, actors, data_dir / "relations.yaml")
    write_topics(real, real_dir / "topics.yaml", data_dir / "topics.yaml", data_dir)


@dataclass
class DataFigures:
    sources: int
    actors: int
    claims: int
    citations: int
    relations: int
    load_seconds: float
    uncited: int  # substantive paragraphs no citation points at


def validate(data_dir: Path) -> DataFigures:
    """kb.load.load() on the data (raises DataError if invalid), and the coverage in one pass."""
    started = time.perf_counter()
    kb = load(data_dir)
    seconds = time.perf_counter() - started
    uncited = sum(len(kb.coverage(source_id).missing) for source_id in kb.sources)
    return DataFigures(
        len(kb.sources),
        len(kb.actors),
        len(kb.claims),
        kb.citation_count(),
        len(kb.relations),
        seconds,
        uncited,
    )


# --- projects and builds -----------------------------------------------------------------------


def copy_project(source: Path, project: Path, parts: list[str]) -> Path:
    project.mkdir(parents=True)
    for part in parts:
        if (source / part).is_dir():
            shutil.copytree(source / part, project / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source / part, project / part)
    return project


def make_project(size: Size, real: KnowledgeBase, snapshot: Path, folder: Path) -> Path:
    """A copy of the snapshot with the real data (size "real") or generated data."""
    if size.factor is None:
        return copy_project(snapshot, folder / "project", [*PROJECT_PARTS, "data"])
    project = copy_project(snapshot, folder / "project", PROJECT_PARTS)
    generate(real, size.factor, project / "data", snapshot / "data")
    return project


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, taking `!ENV [NAME, default]` as its default."""


_ConfigLoader.add_constructor(
    "!ENV",
    lambda loader, node: loader.construct_sequence(node)[-1] if isinstance(node, yaml.SequenceNode) else None,
)


def read_config(project: Path) -> dict:
    return yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader)


def write_config_without_hooks(project: Path, target: Path, plugins: list) -> None:
    """target/mkdocs.yml: the project's config with these plugins, and no hooks or watch list."""
    config = read_config(project)
    config["plugins"] = plugins
    topics = yaml.safe_load((project / "data" / "topics.yaml").read_text(encoding="utf-8"))
    for item in config.get("nav", []):  # the hook fills the topics; here nothing does
        if isinstance(item, dict) and item.get("Topics") == []:
            item["Topics"] = [{t["title"]: t.get("page") or f"{t['id']}.md"} for t in topics]
    config.pop("hooks", None)
    config.pop("watch", None)
    write_yaml(target / "mkdocs.yml", config)


def make_plain_project(project: Path, folder: Path) -> Path:
    """The same site as plain Markdown: the pages as the macros and hooks wrote them, built with
    neither the macros plugin nor the hooks. Filled by one capture build of the full project."""
    plain = folder / "plain"
    shutil.copytree(project / "docs", plain / "docs")
    shutil.copytree(project / "overrides", plain / "overrides")
    plugins = [
        p
        for p in read_config(project)["plugins"]
        if not (p == "macros" or isinstance(p, dict) and "macros" in p)
    ]
    write_config_without_hooks(project, plain, plugins)

    (project / CAPTURE_HOOK).write_text(CAPTURE_HOOK_SOURCE, encoding="utf-8")
    capture = read_config(project)
    capture["hooks"] = [*capture.get("hooks", []), CAPTURE_HOOK]
    write_yaml(project / CAPTURE_CONFIG, capture)
    out = folder / "capture-site"
    run_build(project, CAPTURE_CONFIG, out, {"KB_BENCH_PLAIN_DOCS": str(plain / "docs")})
    shutil.rmtree(out)
    return plain


EMPTY_MACROS = "bench_empty_macros"


def make_floor_project(project: Path, plain: Path, folder: Path) -> Path:
    """The plain pages built with the mkdocs-macros plugin on, as configured in the project,
    but with an empty macros module and no hooks: the plugin's own cost."""
    floor = folder / "floor"
    shutil.copytree(plain, floor)
    (floor / f"{EMPTY_MACROS}.py").write_text("def define_env(env):\n    pass\n", encoding="utf-8")
    plugins = []
    for plugin in read_config(project)["plugins"]:
        if isinstance(plugin, dict) and "macros" in plugin:
            plugin = {"macros": {**(plugin["macros"] or {}), "module_name": EMPTY_MACROS}}
        elif plugin == "macros":
            plugin = {"macros": {"module_name": EMPTY_MACROS}}
        plugins.append(plugin)
    write_config_without_hooks(project, floor, plugins)
    return floor


class BuildFailed(Exception):
    pass


@dataclass
class Build:
    """One timed build: wall seconds, CPU seconds (user + system, of the build process alone),
    peak resident bytes, and the CPU seconds of each stage (scripts/bench_stages.py)."""

    seconds: float
    peak: int
    cpu: float = 0.0
    stages: dict[str, float] = field(default_factory=dict)


def run_build(project: Path, config: str, out: Path, extra_env: dict | None = None) -> Build:
    """One `mkdocs build` in a child process, run by scripts/bench_stages.py, which times its
    stages without changing the build."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **(extra_env or {}))
    # Python caches compiled modules, as it does on a contributor's machine: the installed
    # packages come compiled, and with PYTHONDONTWRITEBYTECODE set the full build alone would
    # compile macros/ again in every build (about 0.2 s at any size).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory(prefix="kb-bench-stages-") as scratch:
        stages_file = Path(scratch) / "stages.json"
        env["KB_BENCH_STAGES"] = str(stages_file)
        command = [sys.executable, bench_stages.__file__, "build", "-f", config, "-d", str(out)]
        with tempfile.TemporaryFile() as log:
            started = time.perf_counter()
            process = subprocess.Popen(command, cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT)
            _, status, usage = os.wait4(process.pid, 0)
            seconds = time.perf_counter() - started
            process.returncode = os.waitstatus_to_exitcode(status)
            if process.returncode:
                log.seek(0)
                output = log.read().decode("utf-8", "replace")
                raise BuildFailed(f"mkdocs build -f {config} failed in {project}:\n{output[-4000:]}")
        stages = json.loads(stages_file.read_text(encoding="utf-8"))["cpu"] if stages_file.exists() else {}
    # Linux reports ru_maxrss in kilobytes
    return Build(seconds, usage.ru_maxrss * 1024, usage.ru_utime + usage.ru_stime, stages)


def count_instructions(projects: list[Path], folder: Path) -> list[int]:
    """Instructions executed by one `mkdocs build` of each project, the builds side by side
    (scripts/cachegrind.py)."""
    env = cachegrind.environment()
    counts = []
    with contextlib.ExitStack() as logs:
        running = []
        for index, project in enumerate(projects):
            build = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(folder / f"counted-{index}")]
            command = cachegrind.counted(build)
            log = logs.enter_context(tempfile.TemporaryFile())
            running.append((subprocess.Popen(command, cwd=project, env=env, stdout=log, stderr=log), log))
        for process, log in running:
            process.wait()
            log.seek(0)
            report = log.read().decode("utf-8", "replace")
            if process.returncode:
                raise BuildFailed(f"mkdocs build under valgrind failed:\n{report[-4000:]}")
            counts.append(cachegrind.instructions_in(report))
    return counts


@dataclass
class SiteFigures:
    total_bytes: int
    html_pages: int
    search_bytes: int
    largest: list[tuple[int, str]]  # (bytes, path) of the largest pages, largest first


def site_figures(site: Path) -> SiteFigures:
    files = [p for p in site.rglob("*") if p.is_file()]
    pages = sorted(
        ((p.stat().st_size, p.relative_to(site).as_posix()) for p in files if p.suffix == ".html"),
        reverse=True,
    )
    index = site / "search" / "search_index.json"
    return SiteFigures(
        sum(p.stat().st_size for p in files),
        len(pages),
        index.stat().st_size if index.exists() else 0,
        pages[:8],
    )


@dataclass
class Result:
    size: Size
    data: DataFigures
    site: SiteFigures
    full: list[Build] = field(default_factory=list)  # one per pair
    plain: list[Build] = field(default_factory=list)
    floor: list[Build] = field(default_factory=list)  # empty where not measured
    instructions: tuple[int, int] | None = None  # (full, plain) under --instructions

    @property
    def full_seconds(self) -> float:
        return statistics.median(b.seconds for b in self.full)

    @property
    def plain_seconds(self) -> float:
        return statistics.median(b.seconds for b in self.plain)

    @property
    def full_cpu(self) -> float:
        return statistics.median(b.cpu for b in self.full)

    @property
    def plain_cpu(self) -> float:
        return statistics.median(b.cpu for b in self.plain)

    @property
    def ratio(self) -> float:
        """The median over the pairs of full/plain wall time (each pair ran back to back)."""
        return pair_ratio(self.full, self.plain, "seconds")

    @property
    def cpu_ratio(self) -> float:
        """The median over the pairs of full/plain CPU time: what the budget is checked on, as
        other work on the machine stretches wall time far more than CPU time."""
        return pair_ratio(self.full, self.plain, "cpu")

    @property
    def floor_ratio(self) -> float | None:
        if not self.floor:
            return None
        return pair_ratio(self.floor, self.plain[-len(self.floor) :], "seconds")

    def stage(self, variant: str, name: str) -> float:
        """Median CPU seconds of one stage over the builds of a variant."""
        return statistics.median(b.stages.get(name, 0.0) for b in getattr(self, variant))


def pair_ratio(first: list[Build], second: list[Build], measure: str) -> float:
    return statistics.median(
        getattr(a, measure) / getattr(b, measure) for a, b in zip(first, second, strict=True)
    )


FLOOR_LIMIT = 60.0  # seconds of full build: above it the plugin's fixed cost is not measured
MAX_RUNS = 15


def bench_size(
    size: Size,
    real: KnowledgeBase,
    snapshot: Path,
    runs: int,
    min_seconds: float,
    folder: Path,
    instructions: bool = False,
) -> tuple[Result, Path]:
    progress(f"{size.label}: generating the data")
    project = make_project(size, real, snapshot, folder)
    figures = validate(project / "data")
    print(
        f"{size.label}: data validated by kb.load.load() in {figures.load_seconds:.2f} s: "
        f"{figures.sources} sources, {figures.actors} actors, {figures.claims} claims, "
        f"{figures.citations} citations, {figures.relations} relations; "
        f"{figures.uncited} substantive paragraphs uncited",
        flush=True,
    )
    progress(f"{size.label}: writing the plain pages")
    plain = make_plain_project(project, folder)
    floor = None
    result = None
    out = folder / "site"
    run = 0
    while run < runs or (
        run < MAX_RUNS and min(sum(b.seconds for b in r) for r in (result.full, result.plain)) < min_seconds
    ):
        run += 1
        variants = [("full", project), ("plain", plain)] + ([("floor", floor)] if floor else [])
        if run % 2 == 0:
            variants.reverse()
        times = {}
        for name, folder_ in variants:
            times[name] = run_build(folder_, "mkdocs.yml", out)
            if result is None:
                result = Result(size, figures, site_figures(out))
            shutil.rmtree(out)
        result.full.append(times["full"])
        result.plain.append(times["plain"])
        if "floor" in times:
            result.floor.append(times["floor"])
        progress(
            f"{size.label}: run {run}: "
            + ", ".join(f"{k} {v.seconds:.1f} s ({v.cpu:.1f} s CPU)" for k, v in times.items())
        )
        if run == 1 and times["full"].seconds < FLOOR_LIMIT:  # from the next run on, with the floor
            floor = make_floor_project(project, plain, folder)
    if instructions:
        progress(f"{size.label}: counting instructions of one full and one plain build (valgrind)")
        full_count, plain_count = count_instructions([project, plain], folder)
        result.instructions = (full_count, plain_count)
    return result, project


def progress(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# --- profile -----------------------------------------------------------------------------------

GROUPS = [  # (part of the file path, group name); the first match wins
    ("/macros/kb/", "ours: macros/kb"),
    ("/macros/main.py", "ours: macros/main.py, hooks.py"),
    ("/macros/hooks.py", "ours: macros/main.py, hooks.py"),
    ("/markdown/", "Python-Markdown"),
    ("/pymdownx/", "Python-Markdown"),
    ("/material/", "Material"),
    ("/jinja2/", "Jinja2 (theme templates, macros)"),
    ("/markupsafe/", "Jinja2 (theme templates, macros)"),
    ("/mkdocs_macros/", "mkdocs-macros"),
    ("/mkdocs/", "MkDocs"),
    ("/pydantic", "pydantic, PyYAML (data loading)"),
    ("/yaml/", "pydantic, PyYAML (data loading)"),
]


def group_of(key: tuple) -> str:
    filename = key[0]
    if filename == "~":
        return "builtins"
    for part, name in GROUPS:
        if part in filename:
            return name
    return "other (stdlib, ...)"


def self_time_by_group(stats: pstats.Stats) -> dict[str, float]:
    """Self time per group; a C builtin's time is charged to its Python callers."""
    totals: dict[str, float] = {}
    for key, (_, _, self_time, _, callers) in stats.stats.items():
        group = group_of(key)
        if group == "builtins" and callers:
            for caller, edge in callers.items():
                name = group_of(caller)
                totals[name] = totals.get(name, 0.0) + edge[2]
        else:
            totals[group] = totals.get(group, 0.0) + self_time
    return totals


def short(key: tuple) -> str:
    filename, line, function = key
    if filename == "~":
        return function
    for anchor, keep in (("/site-packages/", ""), ("/macros/", "macros/"), ("/lib/", "")):
        if anchor in filename:
            filename = keep + filename.rsplit(anchor, 1)[1]
            break
    return f"{filename}:{line}({function})"


def top_entries(stats: pstats.Stats, column: int, count: int, ours: bool = False) -> list[str]:
    """column 2: self time, 3: cumulative time; ours: only functions of macros/."""
    rows = [item for item in stats.stats.items() if not ours or group_of(item[0]).startswith("ours")]
    rows = sorted(rows, key=lambda item: item[1][column], reverse=True)[:count]
    lines = [f"{'calls':>10} {'self s':>8} {'cum s':>8}  function"]
    for key, (_, calls, self_time, cumulative, _) in rows:
        lines.append(f"{calls:>10} {self_time:>8.2f} {cumulative:>8.2f}  {short(key)}")
    return lines


def profile_build(project: Path, label: str, count: int = 10) -> str:
    """cProfile of one in-process build of the project."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    out = Path(tempfile.mkdtemp(prefix="kb-bench-profile-"))
    previous = os.getcwd()
    profiler = cProfile.Profile()
    try:
        os.chdir(project)
        config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(out))
        started = time.perf_counter()
        profiler.runcall(build, config)
        seconds = time.perf_counter() - started
    finally:
        os.chdir(previous)
        shutil.rmtree(out, ignore_errors=True)
    stats = pstats.Stats(profiler)
    groups = sorted(self_time_by_group(stats).items(), key=lambda item: item[1], reverse=True)
    total = sum(t for _, t in groups) or 1.0
    lines = [
        f"cProfile of the {label} build, in-process: {seconds:.1f} s under the profiler",
        "",
        f"Top {count} by cumulative time:",
        *top_entries(stats, 3, count),
        "",
        f"Top {count} by self time:",
        *top_entries(stats, 2, count),
        "",
        f"Top {count} of our functions (macros/) by cumulative time:",
        *top_entries(stats, 3, count, ours=True),
        "",
        "Self time by package (C builtins charged to their Python caller):",
    ]
    lines += [
        f"{seconds_:>8.1f} s {100 * seconds_ / total:5.1f} %  {name}"
        for name, seconds_ in groups
        if seconds_ >= 0.05
    ]
    return "\n".join(lines)


# --- report ------------------------------------------------------------------------------------


def megabytes(count: int) -> str:
    return f"{count / 1e6:.1f}"


def table(results: list[Result]) -> str:
    head = [
        "size",
        "sources",
        "actors",
        "claims",
        "citations",
        "pages",
        "runs",
        "load s",
        "full s",
        "plain s",
        "full/plain",
        "full CPU s",
        "plain CPU s",
        "CPU full/plain",
        "floor/plain",
        "full peak MB",
        "plain peak MB",
        "site MB",
        "search MB",
        "largest page",
    ]
    rows = [head]
    for r in results:
        largest_bytes, largest_name = r.site.largest[0]
        rows.append(
            [
                r.size.label,
                str(r.data.sources),
                str(r.data.actors),
                str(r.data.claims),
                str(r.data.citations),
                str(r.site.html_pages),
                str(len(r.full)),
                f"{r.data.load_seconds:.2f}",
                f"{r.full_seconds:.2f}",
                f"{r.plain_seconds:.2f}",
                f"{r.ratio:.2f}",
                f"{r.full_cpu:.2f}",
                f"{r.plain_cpu:.2f}",
                f"{r.cpu_ratio:.2f}",
                "—" if r.floor_ratio is None else f"{r.floor_ratio:.2f}",
                megabytes(max(b.peak for b in r.full)),
                megabytes(max(b.peak for b in r.plain)),
                megabytes(r.site.total_bytes),
                megabytes(r.site.search_bytes),
                f"{megabytes(largest_bytes)} MB {largest_name}",
            ]
        )
    return aligned(rows, left=(0, len(head) - 1))


def aligned(rows: list[list[str]], left: tuple[int, ...] = (0,)) -> str:
    """Rows as columns: the ``left`` columns aligned left, the others right; a rule under the head."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [cell.ljust(widths[i]) if i in left else cell.rjust(widths[i]) for i, cell in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def stage_table(result: Result) -> str:
    """CPU seconds per stage, full and plain side by side (medians over the builds), and the
    stage whose cost grew most."""
    rows = [["stage", "full CPU s", "plain CPU s", "full − plain s", "share of the difference"]]
    differences = {
        name: result.stage("full", name) - result.stage("plain", name) for name in bench_stages.STAGES
    }
    total = sum(differences.values())
    for name in bench_stages.STAGES:
        rows.append(
            [
                name,
                f"{result.stage('full', name):.2f}",
                f"{result.stage('plain', name):.2f}",
                f"{differences[name]:+.2f}",
                f"{100 * differences[name] / total:.0f} %" if total > 0 else "—",
            ]
        )
    full_sum = sum(result.stage("full", n) for n in bench_stages.STAGES)
    plain_sum = sum(result.stage("plain", n) for n in bench_stages.STAGES)
    rows.append(["all stages", f"{full_sum:.2f}", f"{plain_sum:.2f}", f"{full_sum - plain_sum:+.2f}", ""])
    grew = max(differences, key=lambda name: differences[name])
    return (
        f"Stages at {result.size.label}: CPU seconds, medians of {len(result.full)} full and "
        f"{len(result.plain)} plain builds (scripts/bench_stages.py)\n"
        + aligned(rows)
        + f"\nlargest growth at {result.size.label}: {grew} ({differences[grew]:+.2f} s)"
    )


OVERHEAD_BUDGET = 1.10  # full/plain CPU time at every size
EXPONENT_BUDGET = 1.05  # growth of the full build's CPU time with the number of claims


def budget_lines(results: list[Result]) -> list[str]:
    """A PASS or FAIL line per size: its full/plain CPU ratio against the overhead budget, and
    (synthetic sizes after the first) the exponent from the previous synthetic size."""
    lines = []
    previous = None
    for r in results:
        verdict = "PASS" if r.cpu_ratio <= OVERHEAD_BUDGET else "FAIL"
        lines.append(
            f"{verdict} {r.size.label}: overhead {r.cpu_ratio:.2f}, budget {OVERHEAD_BUDGET:.2f} "
            f"(CPU full/plain, median of {len(r.full)} pairs; wall {r.ratio:.2f})"
        )
        if r.instructions:
            lines.append(instruction_line(r.size.label, *r.instructions))
        if r.size.factor is None:
            continue
        if previous is not None and previous.data.claims != r.data.claims:
            exponent = scaling_exponent([previous, r])
            verdict = "PASS" if exponent <= EXPONENT_BUDGET else "FAIL"
            lines.append(
                f"{verdict} {r.size.label}: exponent {exponent:.2f}, budget {EXPONENT_BUDGET:.2f} "
                f"(CPU time from {previous.size.label} to {r.size.label})"
            )
        previous = r
    exponent = scaling_exponent(results)
    if not math.isnan(exponent):
        verdict = "PASS" if exponent <= EXPONENT_BUDGET else "FAIL"
        lines.append(
            f"{verdict} all sizes: exponent {exponent:.2f}, budget {EXPONENT_BUDGET:.2f} (least squares over the synthetic sizes)"
        )
    return lines


def instruction_line(label: str, full_count: int, plain_count: int) -> str:
    """The PASS or FAIL line of the overhead counted in instructions (--instructions)."""
    ratio = full_count / plain_count
    verdict = "PASS" if ratio <= OVERHEAD_BUDGET else "FAIL"
    return (
        f"{verdict} {label}: overhead {ratio:.3f} in instructions, budget {OVERHEAD_BUDGET:.2f} "
        f"(one full and one plain build under valgrind: {full_count / 1e9:.2f} and "
        f"{plain_count / 1e9:.2f} billion; unlike CPU time, the same on a busy machine)"
    )


def scaling_exponent(results: list[Result]) -> float:
    """Least-squares slope of log(full build CPU time) against log(claims), synthetic sizes only."""
    points = [(math.log(r.data.claims), math.log(r.full_cpu)) for r in results if r.size.factor is not None]
    if len({x for x, _ in points}) < 2:
        return math.nan
    mean_x = statistics.fmean(x for x, _ in points)
    mean_y = statistics.fmean(y for _, y in points)
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / sum((x - mean_x) ** 2 for x, _ in points)


def largest_pages(result: Result) -> str:
    lines = [f"Largest pages at {result.size.label} (full build):"]
    lines += [f"{megabytes(size):>8} MB  {name}" for size, name in result.site.largest]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=parse_sizes("real,1,10,100"),
        help="comma-separated multiples of the real knowledge base, or 'real' "
        "(default: real,1,10,100; fractions such as 0.1 make a quick test)",
    )
    parser.add_argument("--runs", type=int, default=3, help="pairs of builds per size, at least (default 3)")
    parser.add_argument(
        "--min-seconds",
        type=float,
        default=20.0,
        help="more pairs (up to 15) while a variant has built for less than this in all (default 20)",
    )
    parser.add_argument("--profile", action="store_true", help="also profile the largest size, in-process")
    parser.add_argument(
        "--reload",
        default="1,10",
        help="sizes (among --sizes) at which to time reloads under `mkdocs serve` and `make serve` "
        "(scripts/bench_reload.py; default 1,10; '' for none)",
    )
    parser.add_argument(
        "--reload-edits",
        type=int,
        default=6,
        help="edits per server and size, YAML and Markdown in turn (default 6)",
    )
    parser.add_argument(
        "--instructions",
        default="",
        help="sizes (among --sizes) at which to also count the instructions of one full and one plain "
        "build under valgrind: a ratio that machine load does not move (about 30 times a build's time; "
        "e.g. real,1)",
    )
    parser.add_argument(
        "--parts",
        default="",
        help="sizes (among --sizes) at which to also count, under valgrind, each part of our side of "
        "the build: importing pydantic and our modules, reading the YAML, the checks, the pages "
        "(scripts/bench_parts.py; e.g. real,1)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary projects and print where")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")

    started = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="kb-bench-"))
    results: list[tuple[Result, Path]] = []
    try:
        # one snapshot of the working tree, so that every size builds the same code and data
        snapshot = copy_project(ROOT, workdir / "snapshot", [*PROJECT_PARTS, "data"])
        real = load(snapshot / "data")
        counted = {size.label for size in parse_sizes(args.instructions)} if args.instructions else set()
        for size in args.sizes:
            results.append(
                bench_size(
                    size,
                    real,
                    snapshot,
                    args.runs,
                    args.min_seconds,
                    workdir / size.label,
                    size.label in counted,
                )
            )
        largest, largest_project = max(results, key=lambda item: item[0].data.claims)
        print()
        if args.profile:
            progress(f"{largest.size.label}: profiling an in-process build")
            print(profile_build(largest_project, largest.size.label), end="\n\n")
        print(largest_pages(largest), end="\n\n")
        print(table([r for r, _ in results]))
        for result, _ in results:
            print()
            print(stage_table(result))
        print()
        print("\n".join(budget_lines([r for r, _ in results])))
        parted = {size.label for size in parse_sizes(args.parts)} if args.parts else set()
        for result, project in results:
            if result.size.label in parted:
                progress(f"{result.size.label}: counting the parts of our side (valgrind)")
                print()
                print(bench_parts.parts_table(result.size.label, bench_parts.count_parts(project)))
        reload_labels = {size.label for size in parse_sizes(args.reload)} if args.reload else set()
        reloads = []
        for result, project in results:
            if result.size.label in reload_labels:
                for server in bench_reload.SERVERS:
                    progress(f"{result.size.label}: timing reloads under {bench_reload.SERVERS[server][0]}")
                    reloads.append(
                        (result.size.label, bench_reload.measure(project, server, args.reload_edits))
                    )
        if reloads:
            print(
                "\nReload, from saving a file to the served page showing the change (scripts/bench_reload.py):\n"
            )
            print(bench_reload.table(reloads))
        print(
            f"\nbenchmark wall time {time.perf_counter() - started:.0f} s; full/plain, CPU full/plain and "
            "floor/plain are medians of per-pair ratios (CPU: user + system time of the build process); peak memory is ru_maxrss of each build process (os.wait4); floor: the plain pages "
            "with the macros plugin and an empty module (— where the build takes over a minute)"
        )
    except (BuildFailed, bench_reload.ReloadFailed, cachegrind.CountFailed) as failed:
        print(failed, file=sys.stderr)
        return 1
    finally:
        if args.keep:
            print(f"temporary projects kept in {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    overhead = max(r.cpu_ratio for r, _ in results)
    print(f"overhead {overhead:.2f}×; scaling exponent {scaling_exponent([r for r, _ in results]):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
