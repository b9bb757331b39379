"""The map of places (kb.placemap): drawn in the built site where the issue asks for it, linked,
dated for a period filter, readable on a phone, and laid out from the committed borders."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT
from kb import periods, placemap
from kb.load import load


@pytest.fixture(scope="module")
def kb():
    return load(ROOT / "data")


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_the_places_page_maps_every_place_in_the_frame(site, kb):
    page = soup(site, "places")
    drawn = {a["data-place"] for a in page.select("figure.kb-map .kb-map__layer--wide a.kb-map__place")}
    in_frame = {p.id for p in kb.reference.places} - {p.id for p in placemap.off_map(kb, kb.reference.places)}
    assert drawn == in_frame and {"kyiv", "minsk", "moscow", "crimea", "helsinki"} <= drawn
    assert {"paris", "washington", "europe"}.isdisjoint(drawn)
    assert "Not on the map" in page.get_text() and "Washington" in page.get_text()
    # the table below is the text alternative: every place, with its coordinates
    table = page.find("table").get_text()
    assert all(p.name in table for p in kb.reference.places) and "50.45° N, 30.52° E" in table


def test_each_place_page_has_a_locator_or_says_why_not(site, kb):
    kyiv = soup(site, "places/kyiv")
    assert [a["data-place"] for a in kyiv.select(".kb-map__layer--wide a.kb-map__place")] == ["kyiv"]
    assert "GeoNames" in kyiv.get_text() and kyiv.find("a", href="https://www.geonames.org/703448")
    assert "outside the map" in soup(site, "places/washington").get_text()
    assert not soup(site, "places/europe").select("figure.kb-map")
    budapest = soup(site, "places/budapest").get_text()
    assert "No claim names this place itself" in budapest and "Budapest Memorandum" in budapest


def test_a_topic_map_links_its_places_to_its_claims_and_dates_them(site, kb):
    page = soup(site, "military")
    points = page.select(".kb-map__layer--wide a.kb-map__place")
    named = {p.id for c in kb.claims_in("military") for p in kb.places_of(c.id)}
    assert {a["data-place"] for a in points} == named - {
        p.id for p in placemap.off_map(kb, kb.reference.places)
    }
    for point in points:  # the first claim naming it, on whichever page of the topic holds it
        address, fragment = point["href"].split("#")
        target = page if address in ("", "./", "../military/") else soup(site, address.strip("./"))
        assert target.find(id=fragment), point["href"]
        assert "kb-when" in point["class"] and point["data-from"]
    listed = page.select("ul.kb-map-list li")
    assert len(listed) == len(named)
    assert "\\" not in str(page.select_one("ul.kb-map-list"))


def test_a_map_point_carries_the_periods_of_the_claims_naming_it(kb):
    """The period selector shows a place in a year when one of its claims holds or was said then."""
    claims = kb.claims_at("kyiv")
    svg = placemap.place_map(
        kb,
        [p for p in kb.reference.places if p.id == "kyiv"],
        lambda p: "#",
        lambda p: kb.claims_at(p.id),
        "t",
    )
    point = BeautifulSoup(svg, "html.parser").select_one(".kb-map__layer--wide a.kb-map__place")
    assert "kb-when" in point["class"]
    expected = periods.periods_of([i for c in claims for i in periods.claim_intervals(kb, c)])
    spans = [point["data-from"] + ("/" + point["data-to"] if point.get("data-to") else "")]
    spans += point.get("data-also", "").split()
    assert periods.periods_of(spans) == expected and len(expected) > 1


def test_phone_labels_are_large_enough_and_do_not_leave_the_picture(kb):
    frame = placemap.Frame.of(kb.reference.borders)
    points = [
        (*frame.point(p.coordinates.lon, p.coordinates.lat), placemap.Label(p.id, p.name, "#", p.name))
        for p in kb.reference.places
        if p.coordinates and frame.holds(p.coordinates.lon, p.coordinates.lat)
    ]
    pins = placemap.lay_out(points, placemap.PHONE, frame.height)
    # at the ~360 px a phone shows the picture: type of 10 px and targets of 24 px at least
    scale = 360 / placemap.WIDTH
    assert placemap.PHONE.font * scale >= 10 and 2 * placemap.PHONE.hit * scale >= 24
    for pin in pins:
        for label in pin.labels:
            left = placemap.label_left(label, pin.anchor)
            assert left >= 0 and left + label.width <= placemap.WIDTH, label.text
    assert sum(len(p.labels) for p in pins) == len(points)


def test_the_borders_are_drawn_as_paths_in_the_frame(kb):
    frame = placemap.Frame.of(kb.reference.borders)
    drawn = placemap.outlines(kb.reference.borders, frame)
    codes = {code for code, _, _ in drawn}
    assert {"BY", "UA", "RU", "PL", "LT"} <= codes and "US" not in codes
    assert all(path.startswith("M") and path.endswith("z") for _, _, path in drawn if path)


def test_names_tables_show_public_system_names_never_tools(site):
    texts = [soup(site, path).get_text() for path in ("places/kyiv", "places/minsk", "actors/zelenskyy")]
    for text in texts:
        for tool in (
            "macros/",
            "romanise.py",
            "translitua",
            "iuliia",
            "UkrainianBGN",
            "BGN_PCGN",
            "GOST_779",
        ):
            assert tool not in text
    kyiv, minsk, zelenskyy = texts
    assert "Ukrainian, Ukrainian national system (2010), BGN/PCGN since 2019" in zelenskyy
    assert "Ukrainian, BGN/PCGN 1965 (superseded in 2019)" in kyiv
    assert "Belarusian, BGN/PCGN 1979" in kyiv and "romanised from Кіеў" in kyiv
    assert "Belarusian national system" not in kyiv  # no national system on a foreign place name
    assert "Belarusian (Taraškievica), historical" in minsk
    homyel = soup(site, "places/homyel-region").get_text()
    assert "Belarusian, Belarusian national system (2007 Instruction, UN-recommended)" in homyel
    assert "Russian passports" not in zelenskyy  # not a Russian citizen
