"""Pictures computed at build time: the relationship diagram and the visual timeline.

Python computes positions; Jinja templates (autoescaped, so every name is text) draw
inline SVG. Layouts are deterministic, so builds stay byte-identical.
"""

from __future__ import annotations

import contextlib
import math
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, select_autoescape
from jinja2.bccache import Bucket
from markupsafe import Markup

from . import periods
from .dates import about_said
from .kinds import RELATION_TYPES
from .model import ClaimEntry, KnowledgeBase, RelationEntry
from .render import format_date
from .schema import date_key

ActorUrl = Callable[[str], str]
ClaimUrl = Callable[[ClaimEntry], str]

TEMPLATE_DIR = Path(__file__).parent / "templates"
TEMPLATE_OPTIONS: dict[str, Any] = {"trim_blocks": True, "lstrip_blocks": True}


class CompiledTemplates(FileSystemBytecodeCache):
    """The templates as compiled Python, kept in __pycache__/templates as Python keeps its
    modules (written unless PYTHONDONTWRITEBYTECODE is set): compiling the six took about 70 ms
    of every build. Jinja recompiles a template whose source changed; the key also holds
    Jinja's version and the environment's options, which change the compiled code."""

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        options = repr(sorted(TEMPLATE_OPTIONS.items())) + jinja2.__version__
        return super().get_cache_key(name + "\x00" + options, filename)

    def dump_bytecode(self, bucket: Bucket) -> None:
        if sys.dont_write_bytecode:
            return
        with contextlib.suppress(OSError):  # a read-only checkout builds all the same
            Path(self.directory).mkdir(parents=True, exist_ok=True)
            super().dump_bytecode(bucket)

    def load_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().load_bytecode(bucket)


def _template_cache() -> CompiledTemplates:
    """Where Python puts this package's compiled modules: beside them, or under
    sys.pycache_prefix when it is set (`make serve` sets it, so that its watcher sees no write)."""
    here = TEMPLATE_DIR.parent
    folder = Path(sys.pycache_prefix + str(here.resolve())) if sys.pycache_prefix else here / "__pycache__"
    return CompiledTemplates(str(folder / "templates"), "%s.jinja.cache")


TEMPLATES = Environment(
    loader=FileSystemLoader(TEMPLATE_DIR),
    autoescape=select_autoescape(default=True),
    bytecode_cache=_template_cache(),
    **TEMPLATE_OPTIONS,
)


@dataclass
class Node:
    id: str
    name: str
    href: str
    x: float = 0.0
    y: float = 0.0
    label_x: float = 0.0  # where the label starts, and how it is turned
    label_y: float = 0.0
    rotate: float = 0.0
    anchor: str = "middle"
    lines: tuple[str, ...] = ()  # the label over several lines (the two-column diagram), else the name


@dataclass
class Edge:
    relation: RelationEntry
    source: Node
    target: Node
    href: str
    label: str
    colour: str
    per: str = ""  # whose own statement the relation rests on
    dash: str = ""  # the kind's dash pattern
    when: str = ""  # when it held, in words ("as of March 2022")
    when_attrs: Markup = Markup("")  # the period selector's attributes (ISO dates only)
    bend: float = 0.0  # a curve bulging this far sideways (two actors in one column), else a straight line

    def path(self, gap: float = 10.0) -> str:
        """SVG path data: a straight line, or a quadratic curve bulging sideways by ``bend``."""
        if not self.bend:
            x1, y1, x2, y2 = self.ends(gap)
            return f"M {x1} {y1} L {x2} {y2}"
        cx = round((self.source.x + self.target.x) / 2 + self.bend, 1)
        cy = round((self.source.y + self.target.y) / 2, 1)
        start = _towards(self.source.x, self.source.y, cx, cy, gap)
        end = _towards(self.target.x, self.target.y, cx, cy, gap)
        return f"M {start[0]} {start[1]} Q {cx} {cy} {end[0]} {end[1]}"

    def ends(self, gap: float = 10.0) -> tuple[float, float, float, float]:
        """The line's ends, kept off the two dots so the arrowhead shows."""
        dx, dy = self.target.x - self.source.x, self.target.y - self.source.y
        length = max(math.hypot(dx, dy), 0.01)
        ux, uy = dx / length, dy / length
        return (
            round(self.source.x + ux * gap, 1),
            round(self.source.y + uy * gap, 1),
            round(self.target.x - ux * gap, 1),
            round(self.target.y - uy * gap, 1),
        )


def _towards(x: float, y: float, tx: float, ty: float, gap: float) -> tuple[float, float]:
    length = max(math.hypot(tx - x, ty - y), 0.01)
    return round(x + (tx - x) / length * gap, 1), round(y + (ty - y) / length * gap, 1)


def _edges(
    kb: KnowledgeBase,
    nodes: dict[str, Node],
    claim_url: ClaimUrl,
    relations: list[RelationEntry] | None = None,
) -> list[Edge]:
    """Edges for the relations (default: all) whose two actors are both drawn."""
    edges = []
    for entry in kb.relations if relations is None else relations:
        relation = entry.record
        if relation.source in nodes and relation.target in nodes:
            kind = RELATION_TYPES[relation.type]
            edges.append(
                Edge(
                    entry,
                    nodes[relation.source],
                    nodes[relation.target],
                    claim_url(entry.claim),
                    kind.label,
                    kind.colour,
                    kb.actors[relation.per].record.name if relation.per else "",
                    kind.dash,
                    entry.when.words(),
                    Markup(periods.attributes(periods.relation_intervals(kb, [entry]))),
                )
            )
    return edges


def circle_order(nodes: dict[str, Node], pairs: list[tuple[str, str]]) -> list[str]:
    """Nodes in breadth-first order from the best-connected one, component by component,
    so that related actors sit side by side on the circle."""
    neighbours: dict[str, set[str]] = {n: set() for n in nodes}
    for a, b in pairs:
        neighbours[a].add(b)
        neighbours[b].add(a)
    order: list[str] = []
    for start in sorted(nodes, key=lambda n: (-len(neighbours[n]), n)):
        if start in order:
            continue
        queue = [start]
        while queue:
            current = queue.pop(0)
            if current in order:
                continue
            order.append(current)
            queue += sorted(neighbours[current] - set(order), key=lambda n: (-len(neighbours[n]), n))
    return order


LABEL_CHAR = 7.5  # the width of a character of a 13 px label, generously: names are never cut off


def label_room(nodes: dict[str, Node]) -> float:
    """Room outside the circle for the longest name, turned outwards."""
    longest = max((len(node.name) for node in nodes.values()), default=0)
    return max(260.0, LABEL_CHAR * longest + 30)


def circle_layout(nodes: dict[str, Node], pairs: list[tuple[str, str]], size: float) -> None:
    """Nodes on a circle with their labels turned outwards, so no two labels overlap."""
    order = circle_order(nodes, pairs)
    radius = size / 2 - label_room(nodes)  # room for the longest names
    for index, node_id in enumerate(order):
        node = nodes[node_id]
        angle = 2 * math.pi * index / max(len(order), 1) - math.pi / 2
        node.x = round(size / 2 + radius * math.cos(angle), 1)
        node.y = round(size / 2 + radius * math.sin(angle), 1)
        node.label_x = round(size / 2 + (radius + 12) * math.cos(angle), 1)
        node.label_y = round(size / 2 + (radius + 12) * math.sin(angle), 1)
        degrees = math.degrees(angle)
        left = math.cos(angle) < 0
        node.rotate = round(degrees + 180 if left else degrees, 1)
        node.anchor = "end" if left else "start"


ROW = 38  # px between two actors of a column: a two-line name at 13 px is 30 px tall
COLUMN_LABEL = 24  # characters on a label's line (about 180 px at 13 px)


def column_layout(nodes: dict[str, Node], edges: list[Edge]) -> tuple[float, float]:
    """The actors in two columns, names outside (left of the left column, right of the right
    one), each in its own row, so no two names can overlap and none is cut. Actors go to the
    side that puts most of their relations across (a greedy maximum cut), and each column is
    ordered by the mean row of its neighbours (barycentres) to uncross the lines. A relation
    within one column is drawn as a curve bulging towards the middle. Returns (width, height)."""
    neighbours: dict[str, list[str]] = {n: [] for n in nodes}
    for edge in edges:
        if edge.source.id != edge.target.id:
            neighbours[edge.source.id].append(edge.target.id)
            neighbours[edge.target.id].append(edge.source.id)
    side: dict[str, int] = {}
    for node_id in sorted(nodes, key=lambda n: (-len(neighbours[n]), n)):
        across = [sum(1 for m in neighbours[node_id] if side.get(m) == 1 - s) for s in (0, 1)]
        count = [sum(1 for v in side.values() if v == s) for s in (0, 1)]
        side[node_id] = max((0, 1), key=lambda s: (across[s], -count[s], -s))
    columns = [[n for n in circle_order(nodes, []) if side[n] == s] for s in (0, 1)]
    columns = [sorted(c, key=lambda n: (-len(neighbours[n]), n)) for c in columns]
    for _ in range(12):  # barycentre sweeps: each actor moves towards the rows of its neighbours
        for column in columns:
            row = {n: i for c in columns for i, n in enumerate(c)}
            column.sort(
                key=lambda n: (
                    sum(row[m] for m in neighbours[n]) / len(neighbours[n]) if neighbours[n] else row[n],
                    row[n],
                )
            )
    room = 12 + LABEL_CHAR * max((min(len(node.name), COLUMN_LABEL) for node in nodes.values()), default=0)
    middle = 380.0
    width = round(2 * room + middle, 1)
    rows = max((len(c) for c in columns), default=0)
    height = 30 + ROW * rows
    for s, column in enumerate(columns):
        x = room if s == 0 else room + middle
        top = 20 + ROW / 2 + (rows - len(column)) * ROW / 2  # the shorter column centred
        for index, node_id in enumerate(column):
            node = nodes[node_id]
            node.x, node.y = x, round(top + index * ROW, 1)
            node.label_x = round(x - 12 if s == 0 else x + 12, 1)
            node.label_y = node.y
            node.anchor = "end" if s == 0 else "start"
            node.rotate = 0.0
            node.lines = tuple(_wrap(node.name, COLUMN_LABEL))
    for edge in edges:
        if side[edge.source.id] == side[edge.target.id]:
            reach = 40 + 0.3 * abs(edge.source.y - edge.target.y)
            edge.bend = round(reach if side[edge.source.id] == 0 else -reach, 1)
    return width, height


def _key(entry: ClaimEntry) -> tuple[int, int, int]:
    """Where a claim sits in time: a later view at the time it is about."""
    return date_key(entry.record.about or entry.record.date or "")


def best_connected(kb: KnowledgeBase, limit: int) -> list[str]:
    """The ``limit`` actors with the most relations (ties by id), in id order."""
    degree: dict[str, int] = {}
    for entry in kb.relations:
        for actor_id in (entry.record.source, entry.record.target):
            degree[actor_id] = degree.get(actor_id, 0) + 1
    return sorted(sorted(degree, key=lambda a: (-degree[a], a))[:limit])


def network(kb: KnowledgeBase, actor_url: ActorUrl, claim_url: ClaimUrl, limit: int = 80) -> str:
    """The ``limit`` best-connected actors and the relations between them (all of them while
    there are no more actors than that): beyond some dozens of names a picture stops reading."""
    involved = best_connected(kb, limit)
    nodes = {a: Node(a, kb.actors[a].record.name, actor_url(a)) for a in involved if a in kb.actors}
    edges = _edges(kb, nodes, claim_url)
    width, height = column_layout(nodes, edges)
    return _render(nodes.values(), edges, width, height, "Relationship diagram of all actors", wide=True)


def neighbourhood(kb: KnowledgeBase, actor_id: str, actor_url: ActorUrl, claim_url: ClaimUrl) -> str:
    """One actor in the middle, the actors it is related to around it."""
    related = kb.relations_of(actor_id)
    if not related:
        return ""
    others = sorted(({r.record.source for r in related} | {r.record.target for r in related}) - {actor_id})
    width = 760
    radius = 200 if len(others) > 6 else 150
    height = 2 * radius + 80
    centre = Node(
        actor_id,
        kb.actors[actor_id].record.name,
        actor_url(actor_id),
        width / 2,
        height / 2,
        width / 2,
        height / 2 - 12,
    )
    nodes = {actor_id: centre}
    for index, other in enumerate(others):
        angle = 2 * math.pi * index / len(others) - math.pi / 2
        x = round(width / 2 + 1.6 * radius * math.cos(angle), 1)
        y = round(height / 2 + radius * math.sin(angle), 1)
        nodes[other] = Node(other, kb.actors[other].record.name, actor_url(other), x, y, x, round(y - 12, 1))
    edges = _edges(kb, nodes, claim_url, related)
    return _render(nodes.values(), edges, width, height, f"Relations of {centre.name}", wide=True)


def _render(
    nodes: Iterable[Node], edges: list[Edge], width: float, height: float, title: str, wide: bool = False
) -> str:
    svg = TEMPLATES.get_template("graph.svg.j2").render(
        wide=wide,
        nodes=list(nodes),
        edges=edges,
        width=width,
        height=height,
        title=title,
        legend=sorted(
            {
                (
                    e.label,
                    e.colour,
                    e.relation.record.type,
                    e.dash,
                    RELATION_TYPES[e.relation.record.type].mark,
                )
                for e in edges
            }
        ),
    )
    return _one_block(svg)


def _one_block(markup: str) -> str:
    """Raw HTML survives Markdown only as one block without blank lines."""
    return "\n".join(line for line in markup.splitlines() if line.strip())


SEASON_MONTHS = {"winter": (1, 2), "spring": (3, 5), "summer": (6, 8), "autumn": (9, 11)}  # within the year


def timeline_interval(entry: ClaimEntry) -> tuple[float, float | None] | None:
    """Where the timeline draws a claim, in years (2022.0 is 1 January 2022): (start, end) for a
    claim with a date of its own, a span as long as the date is precise (a day is a point, a month
    or a year a span); (start, None), an open interval, for a claim known only to hold some time
    after a date (an undated source); None for a claim placed by its source's date alone.

    The one place that says which date of a claim the picture shows."""
    value = entry.record.about or entry.record.date  # a later view is drawn at the time it is about
    if not value:
        return (_years(entry.when.value)[0], None) if entry.when.open_ended else None
    return _years(value)


def _years(value: str) -> tuple[float, float]:
    """A date of the data as (start, end) in years: a day, a month, a season or a year."""
    parts = value.split("-")
    year = int(parts[0])
    if len(parts) == 1:
        return float(year), year + 1.0
    if parts[1] in SEASON_MONTHS:
        first, last = SEASON_MONTHS[parts[1]]
        return year + (first - 1) / 12, year + last / 12
    month = int(parts[1])
    if len(parts) == 2:
        return year + (month - 1) / 12, year + month / 12
    start = year + (month - 1) / 12 + (int(parts[2]) - 1) / 372
    return start, start


def timeline_chart(
    kb: KnowledgeBase, claim_url: ClaimUrl, bucket_url: ClaimUrl | None = None, max_dots: int = 400
) -> str:
    """Claims on a time axis, one row per topic. Years without events are folded.

    A claim dated to the day is a dot; one dated to a month, a season or a year is a bar as long
    as that period; claims known only to hold after a date (an undated source) are one open bar
    per topic, running to the right edge. Up to ``max_dots`` claims each get their own mark
    linking to the claim; beyond that, one mark per topic and month, sized by its count, links to
    where the list shows them (``bucket_url``), so the picture stays the same size however large
    the data grows."""
    drawn = [(c, timeline_interval(c)) for c in kb.claims_by_as_of]
    placed = [(c, span) for c, span in drawn if span is not None]
    closed = [(c, (start, end)) for c, (start, end) in placed if end is not None]
    open_ended = [(c, start) for c, (start, end) in placed if end is None]
    if not closed:
        return ""
    counts = Counter(int(start) for _, (start, _) in closed)
    years = sorted(counts)
    # Drawn about as wide as a desktop's text column shows it (text at its nominal size there);
    # each row's topic is written above its marks, so the axis takes the whole width.
    left, total, gap, right = 4, 720, 8, 16
    usable = total - left - right - gap * len(years)
    weights = {year: 1 + math.sqrt(counts[year]) for year in years}
    column: dict[int, tuple[float, float]] = {}
    x: float = left
    for year in years:
        span = round(usable * weights[year] / sum(weights.values()), 1)
        column[year] = (x, span)
        x = round(x + span + gap, 1)

    def at(when: float) -> float:
        """The x of a moment: inside its year's column; a folded year sits at the next column."""
        year = int(when)
        if year in column:
            start, span = column[year]
            return round(start + (when - year) * span, 1)
        later = [y for y in years if y > year]
        return column[later[0]][0] if later else x - gap

    topics = [t for t in kb.topics if any(c.topic.id == t.id for c, _ in placed)]
    lane, top = 9, 40  # each row stacks its marks in lanes of 9 units

    def mark(entry: ClaimEntry, start: float, end: float) -> dict[str, Any]:
        x1, x2 = at(start), at(end)
        return {
            "x": x1,
            "width": round(max(x2 - x1, 0), 1),
            "href": claim_url(entry),
            "kind": entry.record.kind,
            "topic": entry.topic.id,
            "when": Markup(periods.claim_attributes(kb, entry)),
            "label": f"{about_said(entry.record, entry.when) or entry.when.words()}: {entry.record.text}",
            "later": bool(entry.record.about),
        }

    marks: list[dict[str, Any]] = []
    if len(closed) <= max_dots or bucket_url is None:
        marks = [mark(c, start, end) for c, (start, end) in closed]
    else:
        buckets: dict[tuple[str, int, int], list[ClaimEntry]] = {}
        for entry, (start, _) in closed:
            month = int((start - int(start)) * 12) + 1
            buckets.setdefault((entry.topic.id, int(start), month), []).append(entry)
        for (_, year, month), entries in buckets.items():
            first = mark(entries[0], year + (month - 1) / 12, year + month / 12)
            intervals = list(dict.fromkeys(i for e in entries for i in periods.claim_intervals(kb, e)))
            first.update(
                kind="",
                href=bucket_url(entries[0]),
                when=Markup(periods.attributes(intervals)),
                label=f"{len(entries)} claims, {entries[0].topic.title}, "
                + format_date(f"{year}-{month:02d}"),
            )
            marks.append(first)
    rows: list[dict[str, Any]] = []
    y = top
    for topic in topics:
        ends: list[float] = []  # the right end of each lane so far
        mine = sorted((m for m in marks if m["topic"] == topic.id), key=lambda m: (m["x"], -m["width"]))
        for m in mine:
            reach = m["x"] + max(m["width"], 10)  # a dot takes 10 units
            free = next((i for i, e in enumerate(ends) if e + 2 <= m["x"]), None)
            if free is None:
                free = len(ends) if len(ends) < 4 else min(range(len(ends)), key=lambda i: ends[i])
                if free == len(ends):
                    ends.append(0.0)
            ends[free] = max(ends[free], reach)
            m["y"] = y + 26 + free * lane
        undated = [c for c, _ in open_ended if c.topic.id == topic.id]
        height = 22 + max(len(ends), 1) * lane
        bar = None
        if undated:
            start = min(s for c, s in open_ended if c.topic.id == topic.id)
            intervals = list(dict.fromkeys(i for c in undated for i in periods.claim_intervals(kb, c)))
            count = len(undated)
            bar = {
                "x": at(start),
                "y": y + height,
                "width": round(total - 2 - at(start), 1),
                "href": (bucket_url or claim_url)(undated[0]),
                "when": Markup(periods.attributes(intervals)),
                "label": f"{count} claim{'s' if count != 1 else ''} from an undated source, "
                f"{undated[0].when.words()}",
                "text": f"{count} undated, {undated[0].when.words()}",
            }
            height += 20
        rows.append({"topic": topic, "y": y, "height": height, "label_y": y + 14, "open": bar})
        y += height + 4
    svg = TEMPLATES.get_template("timeline.svg.j2").render(
        marks=marks,
        rows=rows,
        years=[(year, *column[year]) for year in years],
        first=years[0],
        last=years[-1],
        width=total,
        height=y + 36,
        top=top,
        left=left,
    )
    return _one_block(svg)


PHONE_WIDTH = 360  # drawn at the size a phone shows it: text at its nominal size


def timeline_phone(kb: KnowledgeBase, bucket_url: ClaimUrl) -> str:
    """The dated claims month by month, a bar each: the timeline as a phone can show it, its
    text at 12 px and every row a 28 px tap target leading to where the list shows that month."""
    dated = kb.dated_claims
    if not dated:
        return ""
    months: dict[tuple[int, int], list[ClaimEntry]] = {}
    for entry in dated:
        year, month, _ = _key(entry)
        months.setdefault((year, month), []).append(entry)
    most = max(len(entries) for entries in months.values())
    label_width, bar_start, row_height = 96, 100, 28
    bar_room = PHONE_WIDTH - bar_start - 36
    rows = []
    for index, ((year, month), entries) in enumerate(sorted(months.items())):
        label = format_date(f"{year}-{month:02d}", short=True) if month else f"{year}, month not given"
        rows.append(
            {
                "y": 34 + index * row_height,
                "label": label if month else str(year),
                "title": f"{len(entries)} dated claim{'s' if len(entries) != 1 else ''}, {label}",
                "count": len(entries),
                "width": max(3, round(bar_room * len(entries) / most, 1)),
                "href": bucket_url(entries[0]),
                "when": Markup(periods.attributes([f"{year}-{month:02d}" if month else str(year)])),
            }
        )
    svg = TEMPLATES.get_template("timeline-phone.svg.j2").render(
        rows=rows,
        width=PHONE_WIDTH,
        height=34 + len(rows) * row_height + 8,
        label_width=label_width,
        bar_start=bar_start,
        row_height=row_height,
        total=len(dated),
    )
    return _one_block(svg)


MATRIX_ACTORS = 8  # a phone's width holds eight 24 px columns beside the names


def relations_phone(kb: KnowledgeBase, actor_url: ActorUrl, claim_url: ClaimUrl, list_href: str = "") -> str:
    """The relations between the best-connected actors as a grid a phone can show: a row per
    actor (who acts), a numbered column per actor (on whom), a coloured cell per relation,
    each cell a link to the claim behind it; text at 12 px, cells 24 px."""
    ids = sorted(best_connected(kb, MATRIX_ACTORS), key=lambda a: kb.actors[a].record.name.lower())
    if len(ids) < 2:
        return ""
    cell, label_width, top = 24, 150, 40
    position = {actor_id: i for i, actor_id in enumerate(ids)}
    rows = []
    for i, actor_id in enumerate(ids):
        name = kb.actors[actor_id].record.name
        rows.append(
            {
                "y": top + i * (cell + 6),
                "number": i + 1,
                "lines": _wrap(name, 20)[:2],
                "href": actor_url(actor_id),
                "name": name,
            }
        )
    # One cell per pair of actors; a pair with several relations (Belarus is allied with, hosts
    # the troops of and supports Russia) shows one stripe per kind. The cell links to the first
    # relation's claim, names them all, and every relation is linked in the list below the grid.
    by_pair: dict[tuple[str, str], list[RelationEntry]] = {}
    for entry in kb.relations:
        relation = entry.record
        if relation.source in position and relation.target in position and relation.source != relation.target:
            by_pair.setdefault((relation.source, relation.target), []).append(entry)
    cells: list[dict[str, Any]] = []
    for (source, target), entries in sorted(by_pair.items()):
        entries.sort(key=lambda e: RELATION_TYPES[e.record.type].label)
        kinds = [RELATION_TYPES[e.record.type] for e in entries]
        source_name, target_name = kb.actors[source].record.name, kb.actors[target].record.name
        stripe = (cell - 4) / len(entries)
        cells.append(
            {
                "x": label_width + position[target] * cell,
                "y": top + position[source] * (cell + 6),
                "stripes": [
                    {
                        "type": e.record.type,
                        "colour": k.colour,
                        "mark": k.mark,
                        "offset": round(i * stripe, 2),
                        "width": round(stripe, 2),
                    }
                    for i, (e, k) in enumerate(zip(entries, kinds, strict=True))
                ],
                "href": claim_url(entries[0].claim),
                "title": "; ".join(
                    f"{source_name} {k.label} {target_name} ({e.when.words()})"
                    for e, k in zip(entries, kinds, strict=True)
                ),
                "when_attrs": Markup(periods.attributes(periods.relation_intervals(kb, entries))),
                "marks": "".join(k.mark for k in kinds),
            }
        )
    width = label_width + len(ids) * cell
    everyone = {a for e in kb.relations for a in (e.record.source, e.record.target)}
    inside = sum(len(c["stripes"]) for c in cells)
    left_out = (
        f"The grid shows the {len(ids)} best-connected of {len(everyone)} actors and {inside} of "
        f"{len(kb.relations)} relations; all are in the list below."
    )
    legend = sorted(
        {
            (
                RELATION_TYPES[t["type"]].label,
                t["colour"],
                t["type"],
                RELATION_TYPES[t["type"]].dash,
                t["mark"],
            )
            for c in cells
            for t in c["stripes"]
        }
    )
    svg = TEMPLATES.get_template("relations-phone.svg.j2").render(
        rows=rows,
        cells=cells,
        width=width,
        height=top + len(ids) * (cell + 6) + 4,
        cell=cell,
        label_width=label_width,
        columns=list(range(1, len(ids) + 1)),
        legend=legend,
        left_out=left_out,
        list_href=list_href,
    )
    return _one_block(svg)


def neighbourhood_phone(kb: KnowledgeBase, actor_id: str, actor_url: ActorUrl, claim_url: ClaimUrl) -> str:
    """An actor's relations drawn at a phone's width: a row per relation, an arrow coloured by
    its kind from the actor that acts to the one it acts on, labelled with the relation, then
    the other actor's name; the arrow links to the claim, the name to the actor. Text at 12 to
    13 px, every link at least 32 px tall."""
    related = sorted(
        (e for e in kb.relations_of(actor_id) if e.record.source != e.record.target),
        key=lambda e: (
            RELATION_TYPES[e.record.type].label,
            kb.actors[_other(e, actor_id)].record.name.lower(),
        ),
    )
    if not related:
        return ""
    width, split, top = PHONE_WIDTH, 120, 30
    colours = sorted({RELATION_TYPES[e.record.type].colour for e in related})
    rows, y = [], top
    for entry in related:
        relation = entry.record
        other = _other(entry, actor_id)
        name = kb.actors[other].record.name
        lines = _wrap(name, 28)[:2]
        height = 32 if len(lines) == 1 else 40
        kind = RELATION_TYPES[relation.type]
        rows.append(
            {
                "y": y,
                "height": height,
                "type": relation.type,
                "label": kind.label,
                "colour": kind.colour,
                "dash": kind.dash,
                "marker": colours.index(kind.colour) + 1,
                "outgoing": relation.source == actor_id,
                "other": name,
                "lines": lines,
                "actor_href": actor_url(other),
                "claim_href": claim_url(entry.claim),
                "sentence": relation_sentence(kb, entry),
                "when_attrs": Markup(periods.attributes(periods.relation_intervals(kb, [entry]))),
            }
        )
        y += height + 4
    name = kb.actors[actor_id].record.name
    svg = TEMPLATES.get_template("neighbourhood-phone.svg.j2").render(
        rows=rows,
        colours=colours,
        width=width,
        height=y + 4,
        split=split,
        name=name,
        title=f"Relations of {name}",
    )
    return _one_block(svg)


def relation_sentence(kb: KnowledgeBase, entry: RelationEntry) -> str:
    """ "Belarus hosts troops of Russia", and whose own words it is when a party's claim."""
    relation = entry.record
    names = kb.actors
    sentence = (
        f"{names[relation.source].record.name} {RELATION_TYPES[relation.type].label} "
        f"{names[relation.target].record.name}"
    )
    if relation.per:
        sentence += f", in {names[relation.per].record.name}'s own words"
    return f"{sentence} ({entry.when.words()}): {entry.claim.record.text}"


def _other(entry: RelationEntry, actor_id: str) -> str:
    relation = entry.record
    return str(relation.target if relation.source == actor_id else relation.source)


def _wrap(text: str, width: int) -> list[str]:
    """Words in lines of about ``width`` characters (a name on two lines rather than cut off)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    if len(lines) > 2:
        lines = [lines[0], " ".join(lines[1:])]
    return lines
