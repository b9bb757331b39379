"""Pictures drawn at build time: every relation and dated claim is in them, names are text."""

from __future__ import annotations

import html
import re

import pytest

from conftest import ROOT
from kb import graph
from kb.dates import format_date
from kb.load import load
from kb.urls import Urls


@pytest.fixture(scope="module")
def kb():
    return load(ROOT / "data")


def test_network_draws_every_relation_once_with_its_claim_link(kb):
    links = Urls(kb, 50).links("relations.md")
    svg = graph.network(kb, links.actor_href, links.claim_href)
    assert svg.count('class="kb-rel ') == len(kb.relations)  # a line, or a curve within one column
    for relation in kb.relations:
        assert f'href="{links.claim_href(relation.claim)}"' in svg
    assert "\n\n" not in svg  # one raw HTML block for Markdown


def test_network_is_deterministic(kb):
    links = Urls(kb, 50).links("relations.md")
    assert graph.network(kb, links.actor_href, links.claim_href) == graph.network(
        kb, links.actor_href, links.claim_href
    )


def test_circle_labels_turn_outwards():
    nodes = {name: graph.Node(name, name, "#") for name in "abcd"}
    graph.circle_layout(nodes, [("a", "b"), ("c", "d")], 800)
    right = [n for n in nodes.values() if n.x > 400]
    left = [n for n in nodes.values() if n.x < 400]
    assert all(n.anchor == "start" for n in right) and all(n.anchor == "end" for n in left)
    assert len({(n.x, n.y) for n in nodes.values()}) == 4


def test_neighbourhood_holds_only_the_actors_relations(kb):
    links = Urls(kb, 50).links("actors/lukashenko.md")
    svg = graph.neighbourhood(kb, "lukashenko", links.actor_href, links.claim_href)
    related = [r for r in kb.relations if "lukashenko" in (r.record.source, r.record.target)]
    assert svg.count('<line class="kb-rel ') == len(related) > 0
    assert graph.neighbourhood(kb, "onliner", links.actor_href, links.claim_href) == ""


@pytest.mark.parametrize("actor_id", ["lukashenko", "ukraine", "tsikhanouskaya"])
def test_neighbourhood_draws_the_actor_once_in_the_middle(kb, actor_id):
    links = Urls(kb, 50).links(f"actors/{actor_id}.md")
    svg = graph.neighbourhood(kb, actor_id, links.actor_href, links.claim_href)
    width, height = (float(v) for v in re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg).groups())
    nodes = re.findall(r'<a href="([^"]*)" class="kb-node">\n<circle cx="([\d.]+)" cy="([\d.]+)"', svg)
    centre = [(float(x), float(y)) for href, x, y in nodes if href == links.actor_href(actor_id)]
    assert centre == [(width / 2, height / 2)]
    related = {a for r in kb.relations_of(actor_id) for a in (r.record.source, r.record.target)}
    assert len(nodes) == len(related)


def test_timeline_has_a_dot_per_dated_claim(kb):
    links = Urls(kb, 50).links("timeline.md")
    svg = graph.timeline_chart(kb, links.claim_href, lambda index: "#")
    assert svg.count('class="kb-event kb-when"') == sum(
        1 for c in kb.claims if c.record.about or c.record.date
    )
    # a later view sits at the time it is about, marked as such
    assert svg.count("data-later-view") == sum(1 for c in kb.claims if c.record.about) > 0


def test_a_later_view_is_drawn_at_the_time_it_is_about(kb):
    later = next(c for c in kb.claims if c.record.about)
    svg = graph.timeline_chart(kb, lambda entry: f"#{entry.id}", lambda entry: "#")
    mark = svg.split(f'href="#{later.id}"', 1)[1].split("</a>", 1)[0]
    said = later.when.value.split("-")[0]
    assert "data-later-view" in mark and f"about {format_date(later.record.about)} · said" in mark
    year_x = {
        year: float(x) for x, year in re.findall(r'class="kb-year-label" x="([\d.]+)"[^>]*>(\d{4})<', svg)
    }
    x = float(re.search(r'(?:cx|x)="([\d.]+)"', mark).group(1))
    assert abs(x - year_x[later.record.about[:4]]) < abs(x - year_x[said])


def test_timeline_draws_a_day_as_a_dot_a_month_or_year_as_a_span_and_undated_claims_open(kb):
    """A year-only claim is not a point at mid-year; a claim known only to hold after a date is an
    open bar to the right edge, one per topic, counting its claims."""
    assert graph.timeline_interval(next(c for c in kb.claims if c.record.date == "2022-02-24")) == (
        pytest.approx(2022 + 1 / 12 + 23 / 372),
        pytest.approx(2022 + 1 / 12 + 23 / 372),
    )
    month = next(c for c in kb.claims if c.record.date and len(c.record.date) == 7)
    start, end = graph.timeline_interval(month)
    assert end - start == pytest.approx(1 / 12)
    year = next(c for c in kb.claims if c.record.date and len(c.record.date) == 4)
    assert graph.timeline_interval(year) == (int(year.record.date), int(year.record.date) + 1)
    undated = [c for c in kb.claims if not c.record.date and c.when.open_ended]
    assert undated and graph.timeline_interval(undated[0])[1] is None
    links = Urls(kb, 50).links("timeline.md")
    svg = graph.timeline_chart(kb, links.claim_href, lambda index: "#")
    width = float(re.search(r'viewBox="0 0 (\S+) ', svg).group(1))
    assert re.search(r'<rect x="[\d.]+" y="[\d.]+" width="([1-9]\d*\.?\d*)" height="7"', svg)  # a span
    bars = re.findall(r'class="kb-open__bar" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"', svg)
    assert len(bars) == len({c.topic.id for c in undated})
    assert all(float(x) + float(w) >= width - 3 for x, w in bars)  # they run to the right edge
    labels = re.findall(r'class="kb-event kb-open kb-when" data-from="[^"]+" data-to="\.\."', svg)
    assert len(labels) == len(bars)


def test_large_timelines_group_dots_by_topic_and_month(kb):
    links = Urls(kb, 50).links("timeline.md")
    svg = graph.timeline_chart(kb, links.claim_href, lambda entry: f"page-of-{entry.id}/", max_dots=10)
    months = {
        (c.topic.id, when.split("-")[0], (when.split("-") + [""])[1])
        for c in kb.claims
        if (when := c.record.about or c.record.date)
    }
    dots = svg.count('class="kb-event kb-when"')
    assert 0 < dots <= len(months)
    assert re.search(r'aria-label="\d+ claims, ', svg)


def test_names_are_escaped_in_svg(kb):
    actor = kb.actors["lukashenko"].record
    hostile = actor.model_copy(update={"name": "<script>alert(1)</script>"})
    kb.actors["lukashenko"].record = hostile
    try:
        links = Urls(kb, 50).links("relations.md")
        svg = graph.network(kb, links.actor_href, links.claim_href)
        assert "<script>" not in svg and "&lt;script&gt;" in svg
    finally:
        kb.actors["lukashenko"].record = actor


def test_large_networks_keep_the_best_connected_actors(kb):
    links = Urls(kb, 50).links("relations.md")
    top = set(graph.best_connected(kb, 5))
    svg = graph.network(kb, links.actor_href, links.claim_href, limit=5)
    assert svg.count('class="kb-node"') == 5
    inside = [r for r in kb.relations if {r.record.source, r.record.target} <= top]
    assert svg.count('class="kb-rel ') == len(inside)


def test_the_phone_timeline_has_a_bar_per_month_linking_to_the_list(kb):
    svg = graph.timeline_phone(kb, lambda entry: f"list#{entry.id}")
    months = {(c.record.date or "")[:7] for c in kb.claims if c.record.date}
    assert svg.count('class="kb-month kb-when"') == len(months)
    first = kb.dated_claims[0]
    assert f'href="list#{first.id}"' in svg


def test_the_phone_relations_grid_links_each_relation_among_the_best_connected(kb):
    links = Urls(kb, 50).links("relations.md")
    svg = graph.relations_phone(kb, links.actor_href, links.claim_href)
    top = set(graph.best_connected(kb, graph.MATRIX_ACTORS))
    inside = [
        r
        for r in kb.relations
        if {r.record.source, r.record.target} <= top and r.record.source != r.record.target
    ]
    pairs = {(r.record.source, r.record.target) for r in inside}
    assert svg.count('class="kb-grid__cell kb-when"') == len(pairs) > 0  # a cell per pair of actors
    assert svg.count('class="kb-fill--') == len(inside)  # a stripe per relation: none hidden
    for relation in inside:  # each named in its cell's title
        kind = graph.RELATION_TYPES[relation.record.type].label
        source, target = (kb.actors[a].record.name for a in (relation.record.source, relation.record.target))
        assert f"{source} {kind} {target}" in html.unescape(svg)
    assert svg.count('class="kb-grid__row"') == len(top)


def test_a_relation_resting_on_a_party_s_own_words_says_so(kb):
    from kb import pages

    links = Urls(kb, 50).links("relations.md")
    own = [r for r in kb.relations if r.record.per]
    assert own, "the real data has such a relation (Tsikhanouskaya represents Belarus)"
    text = pages.relations_list(kb, links)
    name = kb.actors[own[0].record.per].record.name
    assert f"{name}](" in text and "'s own words" in text
    svg = graph.network(kb, links.actor_href, links.claim_href)
    assert f"in {name}&#39;s own words" in svg or f"in {name}'s own words" in svg


def test_the_network_puts_each_actor_in_its_own_row_of_one_of_two_columns(kb):
    nodes = {a: graph.Node(a, kb.actors[a].record.name, "") for a in graph.best_connected(kb, 80)}
    edges = graph._edges(kb, nodes, lambda claim: "")
    width, height = graph.column_layout(nodes, edges)
    columns = {node.x for node in nodes.values()}
    assert len(columns) == 2
    for x in columns:  # rows at least ROW apart: room for a two-line name
        ys = sorted(node.y for node in nodes.values() if node.x == x)
        assert all(b - a >= graph.ROW for a, b in zip(ys, ys[1:], strict=False))
    assert all(len(line) <= graph.COLUMN_LABEL or " " not in line for n in nodes.values() for line in n.lines)
    assert all(0 < node.y < height for node in nodes.values())
    crossing_columns = [e for e in edges if e.source.x != e.target.x]
    assert len(crossing_columns) >= len(edges) / 2  # the cut puts most relations across


def test_an_actor_s_phone_picture_has_a_row_per_relation_linking_claim_and_actor(kb):
    links = Urls(kb, 50).links("actors/lukashenko.md")
    svg = graph.neighbourhood_phone(kb, "lukashenko", links.actor_href, links.claim_href)
    related = [r for r in kb.relations_of("lukashenko") if r.record.source != r.record.target]
    assert related and svg.count('class="kb-rel ') == len(related)
    assert 'viewBox="0 0 360 ' in svg  # drawn at a phone's width: its text keeps its size
    for relation in related:
        other = relation.record.target if relation.record.source == "lukashenko" else relation.record.source
        assert f'href="{links.claim_href(relation.claim)}"' in svg
        assert f'href="{links.actor_href(other)}"' in svg
    assert graph.neighbourhood_phone(kb, "pism", links.actor_href, links.claim_href) == "" or kb.relations_of(
        "pism"
    )
