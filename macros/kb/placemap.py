"""The map of places, drawn at build time as inline SVG (nothing is fetched when it is read).

Country borders come from data/reference/borders.json (Natural Earth, simplified by
scripts/borders.py); places from data/reference/places.yaml. Python projects and lays out;
the template ``templates/map.svg.j2`` (autoescaped, so every name is text) draws.

One SVG holds the borders once and two layers of labels: one for wide screens and one, with
larger type and targets, for phones (CSS shows one). Places closer than a label's height share
one dot and a stack of labels, each its own link.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from markupsafe import Markup

from . import periods
from .graph import TEMPLATES, _one_block
from .model import ClaimEntry, KnowledgeBase
from .reference import Borders, Place

WIDTH = 600.0  # the viewBox width; the picture is shown at most this many pixels wide
CENTRE = (28.5, 53.0)  # the projection's centre (lon, lat): Belarus
# Country names shown on the map, and where (lon, lat).
COUNTRY_LABELS = {
    "BY": (26.0, 52.7),
    "UA": (31.0, 48.7),
    "RU": (40.0, 56.7),
    "PL": (19.5, 52.3),
    "LT": (24.0, 55.6),
}


@dataclass(frozen=True)
class Layer:
    """How one label layer is set: wide screens or phones (viewBox units)."""

    name: str
    font: float  # label size
    line: float  # the height of one label's row
    country_font: float
    hit: float = 0.0  # the radius of a round target around each dot (0: the label's row is the target)
    dot: float = 4.0


# A wide screen shows the 600-unit map about 480-600 px wide (0.8-1): 14 units are at least
# 11 px, a 30-unit row at least 24 px.
WIDE = Layer("wide", font=14.0, line=30.0, country_font=13.0)
# A phone shows it about 360 px wide (0.6): 17 units are 10 px; each dot is the centre of a
# round target 42 units (25 px) across, so labels can sit as close as their type allows.
PHONE = Layer("phone", font=18.0, line=24.0, country_font=17.0, hit=21.0, dot=6.0)


@dataclass
class Label:
    place_id: str
    text: str
    href: str
    title: str
    when: Markup = Markup()  # the period selector's attributes (periods.attributes) of the claims naming it
    weight: int = 0  # how many claims name it: the most named are placed first
    x: float = 0.0
    y: float = 0.0  # the top of the label's target
    width: float = 0.0
    dot: tuple[float, float] = (0.0, 0.0)  # where the place is
    leader: tuple[float, float] | None = None  # where a line from the dot meets a label set apart from it


@dataclass
class Pin:
    x: float
    y: float
    labels: list[Label] = field(default_factory=list)
    anchor: str = "start"  # labels right of the dot (start), left of it (end), or above or below it (middle)


@dataclass
class Drawn:
    layer: Layer
    pins: list[Pin]
    countries: list[tuple[str, float, float]]  # name, x, y


def project(lon: float, lat: float) -> tuple[float, float]:
    """Lambert azimuthal equal-area, centred on Belarus: (x east, y north), unit sphere."""
    lon0, lat0 = (math.radians(v) for v in CENTRE)
    lam, phi = math.radians(lon), math.radians(lat)
    k = math.sqrt(
        2 / (1 + math.sin(lat0) * math.sin(phi) + math.cos(lat0) * math.cos(phi) * math.cos(lam - lon0))
    )
    x = k * math.cos(phi) * math.sin(lam - lon0)
    y = k * (math.cos(lat0) * math.sin(phi) - math.sin(lat0) * math.cos(phi) * math.cos(lam - lon0))
    return x, y


@dataclass
class Frame:
    """From degrees to the picture's units: the borders' frame fills WIDTH."""

    left: float
    top: float
    scale: float
    height: float
    bounds: tuple[float, float, float, float]

    @classmethod
    def of(cls, borders: Borders) -> Frame:
        west, south, east, north = borders.frame
        edge = [(west + (east - west) * i / 20, lat) for i in range(21) for lat in (south, north)]
        edge += [(lon, south + (north - south) * i / 20) for i in range(21) for lon in (west, east)]
        xs, ys = zip(*(project(lon, lat) for lon, lat in edge), strict=True)
        scale = WIDTH / (max(xs) - min(xs))
        return cls(min(xs), max(ys), scale, round((max(ys) - min(ys)) * scale), borders.frame)

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        x, y = project(lon, lat)
        return round((x - self.left) * self.scale, 1), round((self.top - y) * self.scale, 1)

    def holds(self, lon: float, lat: float) -> bool:
        west, south, east, north = self.bounds
        return west <= lon <= east and south <= lat <= north


def outlines(borders: Borders, frame: Frame) -> list[tuple[str, str, str]]:
    """(country code, name, SVG path data) of each drawn country: simplified again at the
    picture's scale (less than a unit's detail is dropped), in whole units, relative moves."""
    out = []
    for country in borders.countries:
        if not country.drawn:
            continue
        parts = []
        for ring in country.rings:
            points = simplify([frame.point(lon, lat) for lon, lat in ring], TOLERANCE)
            whole = [(round(x), round(y)) for x, y in points]
            moves = [whole[0]] + [
                (b[0] - a[0], b[1] - a[1]) for a, b in zip(whole, whole[1:], strict=False) if b != a
            ]
            if len(moves) > 2:
                first, rest = moves[0], moves[1:]
                parts.append(f"M{first[0]} {first[1]}l" + " ".join(f"{dx} {dy}" for dx, dy in rest) + "z")
        out.append((country.code or "", country.name, "".join(parts)))
    return out


TOLERANCE = 0.8  # units of the picture: detail below this is not drawn


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker: the fewest points within ``tolerance`` of the line."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy)
        best, index = 0.0, -1
        for i in range(first + 1, last):
            px, py = points[i]
            if length:
                distance = abs(dy * px - dx * py + x2 * y1 - y2 * x1) / length
            else:
                distance = math.hypot(px - x1, py - y1)
            if distance > best:
                best, index = distance, i
        if best > tolerance and index > 0:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def _width(text: str, font: float) -> float:
    return len(text) * font * 0.56 + 4


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def lay_out(
    points: list[tuple[float, float, Label]],
    layer: Layer,
    height: float,
    obstacles: list[tuple[float, float, float, float]] = (),  # type: ignore[assignment]
) -> list[Pin]:
    """Group points that a label's height apart would cover into one pin; then put each pin's
    labels right of the dot, else left, else above or below: the first place inside the picture
    that overlaps nothing placed, or failing that the one that overlaps least."""
    pins: list[Pin] = []
    for x, y, label in points:
        label.dot = (x, y)
        near = next((p for p in pins if math.hypot(p.x - x, p.y - y) < layer.line * 0.6), None)
        if near:
            near.labels.append(label)
        else:
            pins.append(Pin(x, y, [label]))
    taken = [(x - 5, y - 5, x + 5, y + 5) for x, y, _ in points] + list(obstacles)
    for pin in sorted(pins, key=lambda p: -max(label.weight for label in p.labels)):
        pin.labels.sort(key=lambda label: label.dot[1])  # top to bottom, as the dots lie
        for label in pin.labels:
            label.width = _width(label.text, layer.font)
        widest = max(label.width for label in pin.labels)
        tall = layer.line * len(pin.labels)
        gap = 7.0
        choices = [
            ("start", pin.x + gap, pin.y - tall / 2),
            ("end", pin.x - gap, pin.y - tall / 2),
            ("middle", pin.x, pin.y - tall - gap / 2),
            ("middle", pin.x, pin.y + gap / 2),
            ("start", pin.x + gap, pin.y - tall - 2),
            ("start", pin.x + gap, pin.y + 2),
            ("end", pin.x - gap, pin.y - tall - 2),
            ("end", pin.x - gap, pin.y + 2),
            ("start", pin.x + gap, pin.y - tall - layer.line),
            ("start", pin.x + gap, pin.y + layer.line),
            ("end", pin.x - gap, pin.y - tall - layer.line),
            ("end", pin.x - gap, pin.y + layer.line),
        ]
        costs = [_cost(_box(choice, widest, tall), taken, height) for choice in choices]
        anchor, lx, top = choices[costs.index(min(costs))]  # the first of the cheapest
        pin.anchor = anchor
        for index, label in enumerate(pin.labels):
            label.x = round(lx, 1)
            label.y = round(top + index * layer.line, 1)
            middle = label.y + layer.line / 2
            apart = abs(middle - label.dot[1]) > layer.line * 0.6 or label.dot != (pin.x, pin.y)
            if anchor != "middle" and apart:
                label.leader = (round(lx + (-2 if anchor == "start" else 2), 1), round(middle, 1))
        taken.append(_box((anchor, lx, top), widest, tall))
    return pins


def _box(choice: tuple[str, float, float], widest: float, tall: float) -> tuple[float, float, float, float]:
    anchor, lx, top = choice
    left = {"start": lx, "end": lx - widest, "middle": lx - widest / 2}[anchor]
    return (left, top, left + widest, top + tall)


def label_left(label: Label, anchor: str) -> float:
    """Where a label's target starts, from its anchor point."""
    return round(
        {"start": label.x, "end": label.x - label.width, "middle": label.x - label.width / 2}[anchor], 1
    )


def _cost(
    box: tuple[float, float, float, float], taken: list[tuple[float, float, float, float]], height: float
) -> int:
    """How bad a label's place is: outside the picture, then how many things it overlaps."""
    outside = not (box[0] >= 0 and box[2] <= WIDTH and box[1] >= 0 and box[3] <= height)
    return 1000 * outside + sum(_overlaps(box, other) for other in taken)


def place_map(
    kb: KnowledgeBase,
    places: list[Place],
    href: Callable[[Place], str],
    claims: Callable[[Place], list[ClaimEntry]],
    title: str,
    caption: str = "",
) -> str:
    """The map with these places as labelled points, each linking to ``href(place)`` and carrying
    the dates of ``claims(place)``; "" when the borders or every point are missing."""
    borders = kb.reference.borders
    if borders is None:
        return ""
    frame, drawn_outlines = _drawing(borders)
    shown = [p for p in places if p.coordinates and frame.holds(p.coordinates.lon, p.coordinates.lat)]
    if not shown:
        return ""
    layers = []
    for layer in (WIDE, PHONE):
        points = []
        for place in shown:
            assert place.coordinates is not None
            x, y = frame.point(place.coordinates.lon, place.coordinates.lat)
            named = claims(place)
            when = Markup(
                periods.attributes([i for claim in named for i in periods.claim_intervals(kb, claim)])
            )
            count = f"{len(named)} claim{'s' if len(named) != 1 else ''}"
            points.append(
                (
                    x,
                    y,
                    Label(
                        place.id,
                        place.name,
                        href(place),
                        f"{place.name}: {count}",
                        when,
                        len(named),
                    ),
                )
            )
        countries = [
            (c.name, *frame.point(*COUNTRY_LABELS[c.code]))
            for c in borders.countries
            if c.drawn and c.code in COUNTRY_LABELS
        ]
        boxes = [
            (
                x - _width(name, layer.country_font) / 2,
                y - layer.country_font,
                x + _width(name, layer.country_font) / 2,
                y + 3,
            )
            for name, x, y in countries
        ]
        layers.append(Drawn(layer, lay_out(points, layer, frame.height, boxes), countries))
    svg = TEMPLATES.get_template("map.svg.j2").render(
        width=round(WIDTH),
        height=frame.height,
        outlines=drawn_outlines,
        layers=layers,
        label_left=label_left,
        title=title,
        caption=caption,
    )
    return _one_block(svg)


def _drawing(borders: Borders) -> tuple[Frame, list[tuple[str, str, str]]]:
    """The frame and the projected outlines, computed once per loaded borders file."""
    if "map" not in borders.memo:
        frame = Frame.of(borders)
        borders.memo["map"] = (frame, outlines(borders, frame))
    frame, drawn = borders.memo["map"]
    return frame, drawn


def off_map(kb: KnowledgeBase, places: list[Place]) -> list[Place]:
    """The places the map cannot show: no single point, or outside its frame."""
    borders = kb.reference.borders
    if borders is None:
        return list(places)
    frame = Frame.of(borders)
    return [p for p in places if not (p.coordinates and frame.holds(p.coordinates.lon, p.coordinates.lat))]
