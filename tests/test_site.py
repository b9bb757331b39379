"""The built site: generated pages, citation links, origins, search, escaping."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, build
from kb.load import load
from kb.sitecheck import Site, broken_links, citation_problems, external_requests, raw_claim_ids
from kb.text import fold


@pytest.fixture(scope="module")
def kb():
    return load(ROOT / "data")


def page_text(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").get_text()


def test_one_page_per_source_and_per_actor(site, kb):
    for source_id in kb.sources:
        assert (site / "sources" / source_id / "index.html").is_file()
    for actor_id, actor in kb.actors.items():
        page = site / "actors" / actor_id / "index.html"
        assert page.is_file()
        assert fold(actor.record.name)[0] in fold(page_text(page))[0]


def test_generated_pages_are_not_written_into_docs(site):
    assert not (ROOT / "docs" / "actors").exists()
    assert not (ROOT / "docs" / "sources").exists()


def test_archived_files_are_published_byte_for_byte(site, kb):
    for source in kb.sources.values():
        assert (site / "sources" / "raw" / source.meta.file).read_bytes() == source.archive.read_bytes()


def test_every_citation_link_lands_on_a_paragraph_holding_its_quote(site, kb):
    checked, problems = citation_problems(Site(site))
    assert problems == []
    assert checked >= sum(len(e.cites) for e in kb.citing_entries())
    # and independently of the text fragment: the anchored paragraph holds the quote itself
    pism = BeautifulSoup(
        (site / "sources" / "pism-belarus-reaction" / "index.html").read_text(), "html.parser"
    )
    claim = next(c for c in kb.claims for cite in c.cites if cite.source == "pism-belarus-reaction")
    cite = next(c for c in claim.cites if c.source == "pism-belarus-reaction")
    paragraph = pism.find(id=f"p{cite.paragraph}")
    assert fold(cite.quote)[0].split(" ")[0] in fold(paragraph.get_text())[0]
    assert paragraph.find("mark") is not None


def test_citation_links_carry_text_fragments(site):
    page = BeautifulSoup((site / "military" / "index.html").read_text(), "html.parser")
    links = page.find_all("a", class_="kb-cite")
    assert links and all("#p" in a["href"] and ":~:text=" in a["href"] for a in links)
    assert not any(a.has_attr("data-frag") for a in links)


def test_internal_links_and_anchors_resolve(site):
    assert broken_links(Site(site)) == []


def test_no_page_loads_from_another_origin(site):
    assert external_requests(Site(site)) == []


def test_the_origin_check_catches_a_cdn(tmp_path):
    (tmp_path / "index.html").write_text(
        '<script src="https://cdn.example.org/x.js"></script>'
        '<link rel="stylesheet" href="//fonts.example.com/css">'
        '<img srcset="/a.png 1x, https://x.example/b.png 2x">'
    )
    (tmp_path / "a.css").write_text(
        "@import 'https://fonts.example.com/a.css'; b { background: url(/ok.png) }"
    )
    problems = external_requests(Site(tmp_path))
    assert len(problems) == 4


def test_the_link_check_catches_missing_pages_anchors_and_hosts(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<p id="here">x</p>')
    (tmp_path / "index.html").write_text(
        '<a href="a/#here">ok</a> <a href="a/#gone">anchor</a> '
        '<a href="b/">page</a> <a href="//timeline/">host</a> '
        '<a href="javascript:alert(1)">script</a>'
    )
    problems = broken_links(Site(tmp_path, "/"))
    assert len(problems) == 4
    assert any("#gone" in p for p in problems) and any("protocol-relative" in p for p in problems)


def test_search_index_holds_every_alias_on_its_actor_page(site, kb):
    docs = json.loads((site / "search" / "search_index.json").read_text())["docs"]
    for actor_id, actor in kb.actors.items():
        text = " ".join(
            d["title"] + " " + d["text"] for d in docs if d["location"].startswith(f"actors/{actor_id}/")
        )
        for name in [actor.record.name, *actor.record.aliases]:
            assert fold(name)[0] in fold(text)[0], f"{name!r} not searchable on actors/{actor_id}/"


def test_both_spellings_of_lukashenko_are_indexed_on_one_page(site):
    docs = json.loads((site / "search" / "search_index.json").read_text())["docs"]
    page = " ".join(d["text"] for d in docs if d["location"].startswith("actors/lukashenko/"))
    assert "Lukashenka" in page and "Lukashenko" in page


HOSTILE_NAME = "<script>alert(1)</script> {{ config.site_name }}"
HOSTILE_TEXT = (
    "An <img src=x onerror=alert(document)> and {% include 'mkdocs.yml' %} and *stars* and &amp; [^note]"
)


def test_yaml_strings_render_as_literal_text(project, tmp_path):
    actors = project / "data" / "actors.yaml"
    actors.write_text(actors.read_text().replace("name: Vladimir Putin", f'name: "{HOSTILE_NAME}"'))
    military = project / "data" / "military.yaml"
    military.write_text(
        military.read_text().replace(
            "text: About 30,000 Russian troops were in Belarus.", f'text: "{HOSTILE_TEXT}"'
        )
    )
    out = tmp_path / "site"
    run = build(project, out)
    assert run.returncode == 0, run.stdout + run.stderr
    for page in [out / "actors" / "putin" / "index.html", out / "military" / "index.html"]:
        html = page.read_text()
        assert "<script>alert(1)</script>" not in html and "<img src=x" not in html
        text = page_text(page)
        assert HOSTILE_NAME in text
    military_text = page_text(out / "military" / "index.html")
    assert HOSTILE_TEXT in military_text  # "&amp;" reads as typed, not as "&"


def test_a_macro_error_fails_the_build(project, tmp_path):
    (project / "docs" / "about.md").write_text('# About\n\n{{ claims("no-such-topic") }}\n')
    run = build(project, tmp_path / "site")
    assert run.returncode != 0
    assert "unknown topic 'no-such-topic'" in run.stdout + run.stderr


def test_an_undefined_name_fails_the_build(project, tmp_path):
    (project / "docs" / "about.md").write_text("# About\n\n{{ no_such_macro() }}\n")
    run = build(project, tmp_path / "site")
    assert run.returncode != 0
    assert "no_such_macro" in run.stdout + run.stderr


def test_a_topic_page_that_does_not_list_its_claims_fails_the_build(project, tmp_path):
    (project / "docs" / "events.md").write_text("# Events\n\nProse, and no claims.\n")
    run = build(project, tmp_path / "site")
    output = run.stdout + run.stderr
    assert run.returncode != 0 and "Traceback" not in output
    assert "docs/events.md: the page of topic 'events' does not list its claims" in output
    assert 'fix: add {{ claims("events") }}' in output


def test_a_topic_without_a_prose_page_gets_a_generated_page_and_a_nav_entry(project, tmp_path):
    assert not (project / "docs" / "constitution.md").exists()  # the topic has no prose page
    out = tmp_path / "site"
    run = build(project, out)
    assert run.returncode == 0, run.stdout + run.stderr
    kb = load(project / "data")
    topic = kb.topic("constitution")
    page = BeautifulSoup((out / "constitution" / "index.html").read_text(), "html.parser")
    assert page.h1.get_text(strip=True).removesuffix("¶") == topic.title
    assert len(page.find_all(class_="kb-claim")) == len(kb.claims_in("constitution")) > 0
    home = BeautifulSoup((out / "index.html").read_text(), "html.parser")
    nav = [a.get_text(" ", strip=True) for a in home.select("nav.md-nav a")]
    assert topic.title in nav
    topic_list = [a.get_text(strip=True) for a in home.select("article li a")]
    assert topic.title in topic_list


def test_bad_data_fails_the_build_with_file_and_line(project, tmp_path):
    path = project / "data" / "constitution.yaml"
    path.write_text(path.read_text().replace('date: "2022-02-27"', 'date: "2022-02-30"'))
    run = build(project, tmp_path / "site")
    output = run.stdout + run.stderr
    assert run.returncode != 0
    assert "data/constitution.yaml:5: date: '2022-02-30' is not a real date" in output
    assert "Traceback" not in output


def test_a_claim_id_printed_in_a_note_is_reported(tmp_path):
    (tmp_path / "index.html").write_text(
        '<div class="kb-note"><p>See putin-promise and <a href="x/">putin-promise</a>.</p></div>',
        encoding="utf-8",
    )
    assert raw_claim_ids(Site(tmp_path), {"putin-promise"}) == [
        "index.html: the claim id 'putin-promise' is printed instead of a link"
    ]


def test_notes_link_the_claims_they_mention(site):
    kb = load(ROOT / "data")
    assert raw_claim_ids(Site(site), {c.id for c in kb.claims}) == []
    mentioned = [c for c in kb.claims if c.record.note and any(kb.claim(t) for t in c.record.note.split())]
    assert mentioned  # the real notes do mention claims, and they render as links
    page = BeautifulSoup(
        (site / mentioned[0].topic.page_file.removesuffix(".md") / "index.html").read_text(), "html.parser"
    )
    block = page.find(id=f"c-{mentioned[0].id}")
    assert block.select(".kb-note a[href*='#c-']")
