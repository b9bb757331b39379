"""Write data/reference/borders.json: Natural Earth country borders around Belarus, simplified.

The input is the npm package `world-atlas` (Natural Earth's Admin 0 countries as TopoJSON,
public domain). Fetch it once and point this script at the unpacked folder:

    cd /tmp && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python scripts/borders.py /tmp/package

The output holds, for each country, its ISO 3166-1 alpha-2 code, its name and its outline as
rings of [longitude, latitude] pairs (degrees, two decimals):

- every country that reaches into the map's frame (`FRAME`), from the 1:50m file, clipped to
  the frame and simplified: these are drawn on the map and used to check places' coordinates;
- every other country that a place in data/reference/places.yaml lies in, from the 1:110m
  file, simplified more and not drawn: used only to check those places' coordinates.

Run it again after adding a place in a country the file lacks; commit the result.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "macros"))

from kb.placemap import simplify  # the same Douglas-Peucker the map uses
from kb.reference import inside as in_ring  # the same point-in-ring test the coordinates check uses
from kb.yamlsafe import read_yaml

OUT = ROOT / "data" / "reference" / "borders.json"
PACKAGE = "world-atlas"
VERSION = "2.0.2"
NATURAL_EARTH = "4.1.0"
FRAME = (14.0, 43.0, 42.5, 61.5)  # west, south, east, north (degrees): Budapest to Moscow, Crimea to Helsinki
TOLERANCE = {"50m": 0.03, "110m": 0.2}  # Douglas-Peucker tolerance, degrees
# Natural Earth 4.1.0 draws Crimea inside Russia's outline (its "de facto" view). The map shows
# the internationally recognised border (UN General Assembly resolution 68/262, 2014): the
# polygon of Russia that holds this point is moved to Ukraine.
CRIMEA = (34.1, 45.0)
MOVED = ("RU", "UA")

# ISO 3166-1 numeric (world-atlas ids) -> alpha-2, for the countries in or near the frame and
# those places lie in. Natural Earth features without a numeric code (Kosovo) are drawn, not coded.
ALPHA2 = {
    "008": "AL",
    "040": "AT",
    "056": "BE",
    "070": "BA",
    "100": "BG",
    "112": "BY",
    "191": "HR",
    "203": "CZ",
    "208": "DK",
    "233": "EE",
    "246": "FI",
    "250": "FR",
    "268": "GE",
    "276": "DE",
    "300": "GR",
    "348": "HU",
    "380": "IT",
    "398": "KZ",
    "428": "LV",
    "440": "LT",
    "442": "LU",
    "498": "MD",
    "499": "ME",
    "528": "NL",
    "578": "NO",
    "616": "PL",
    "642": "RO",
    "643": "RU",
    "688": "RS",
    "703": "SK",
    "705": "SI",
    "752": "SE",
    "756": "CH",
    "792": "TR",
    "804": "UA",
    "807": "MK",
    "840": "US",
    "051": "AM",
    "031": "AZ",
}


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """TopoJSON's quantized, delta-encoded arcs as lists of (lon, lat)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def polygons(geometry: dict, arcs: list[list[tuple[float, float]]]) -> list[list[list[tuple[float, float]]]]:
    if geometry["type"] == "Polygon":
        return [[ring(r, arcs) for r in geometry["arcs"]]]
    if geometry["type"] == "MultiPolygon":
        return [[ring(r, arcs) for r in polygon] for polygon in geometry["arcs"]]
    return []


def clip(
    points: list[tuple[float, float]], frame: tuple[float, float, float, float]
) -> list[tuple[float, float]]:
    """Sutherland-Hodgman clipping of a closed ring to the frame's rectangle."""
    west, south, east, north = frame
    edges = [
        (lambda p: p[0] >= west, lambda a, b: _cross_x(a, b, west)),
        (lambda p: p[0] <= east, lambda a, b: _cross_x(a, b, east)),
        (lambda p: p[1] >= south, lambda a, b: _cross_y(a, b, south)),
        (lambda p: p[1] <= north, lambda a, b: _cross_y(a, b, north)),
    ]
    out = points
    for inside, cross in edges:
        if not out:
            break
        given, out = out, []
        previous = given[-1]
        for point in given:
            if inside(point):
                if not inside(previous):
                    out.append(cross(previous, point))
                out.append(point)
            elif inside(previous):
                out.append(cross(previous, point))
            previous = point
    return out


def _cross_x(a: tuple[float, float], b: tuple[float, float], x: float) -> tuple[float, float]:
    return (x, a[1] + (b[1] - a[1]) * (x - a[0]) / (b[0] - a[0]))


def _cross_y(a: tuple[float, float], b: tuple[float, float], y: float) -> tuple[float, float]:
    return (a[0] + (b[0] - a[0]) * (y - a[1]) / (b[1] - a[1]), y)


def flat(points: list[tuple[float, float]]) -> list[float]:
    out: list[float] = []
    for lon, lat in points:
        out += [round(lon, 2), round(lat, 2)]
    return out


def countries(path: Path, tolerance: float, frame: tuple[float, float, float, float] | None) -> list[dict]:
    topology = json.loads(path.read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    outlines: dict[int, list[list[tuple[float, float]]]] = {}
    geometries = topology["objects"]["countries"]["geometries"]
    codes = [ALPHA2.get(g.get("id") or "") for g in geometries]
    for index, geometry in enumerate(geometries):
        for polygon in polygons(geometry, arcs):
            outer = polygon[0]  # holes (none in this region at this scale) are left out
            if codes[index] == MOVED[0] and in_ring(CRIMEA, outer):
                outlines.setdefault(codes.index(MOVED[1]), []).append(outer)
            else:
                outlines.setdefault(index, []).append(outer)
    out = []
    for index, geometry in enumerate(geometries):
        rings = []
        for outer in outlines.get(index, []):
            if frame:
                outer = clip(outer, frame)
            outer = simplify(outer, tolerance)
            if len(outer) >= 4:
                rings.append(flat(outer))
        if rings:
            out.append({"code": codes[index], "name": geometry["properties"]["name"], "rings": rings})
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", type=Path, help=f"the unpacked npm package {PACKAGE} {VERSION}")
    args = parser.parse_args(argv)
    version = json.loads((args.package / "package.json").read_text(encoding="utf-8"))["version"]
    if version != VERSION:
        print(
            f"expected {PACKAGE} {VERSION}, found {version}; update VERSION after checking", file=sys.stderr
        )
        return 1
    drawn = countries(args.package / "countries-50m.json", TOLERANCE["50m"], FRAME)
    for country in drawn:
        country["drawn"] = True
    have = {c["code"] for c in drawn}
    wanted = {place.get("country") for place in read_yaml(ROOT / "data" / "reference" / "places.yaml") or []}
    extra = [
        dict(c, drawn=False)
        for c in countries(args.package / "countries-110m.json", TOLERANCE["110m"], None)
        if c["code"] in wanted - have
    ]
    document = {
        "about": "Country borders for the map and for checking places' coordinates; written by scripts/borders.py.",
        "origin": (
            f"Natural Earth {NATURAL_EARTH}, Admin 0 countries (public domain), via the npm package "
            f"{PACKAGE} {VERSION}; 1:50m clipped to the frame, 1:110m for countries outside it; simplified; "
            "Crimea drawn within Ukraine, its internationally recognised border (UN General Assembly "
            "resolution 68/262), where Natural Earth 4.1.0 draws it within Russia"
        ),
        "frame": list(FRAME),
        "countries": sorted(drawn, key=lambda c: c["name"]) + sorted(extra, key=lambda c: c["name"]),
    }
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    # one country a line, so that a change shows as a readable diff
    text = text.replace(',{"code"', ',\n{"code"').replace('"countries":[{', '"countries":[\n{')
    OUT.write_text(text + "\n", encoding="utf-8")
    print(
        f"{OUT.relative_to(ROOT)}: {len(drawn)} drawn, {len(extra)} for checks only, {len(text.encode()) // 1024} KB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
