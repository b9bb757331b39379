"""The compiled-template cache (kb.graph.CompiledTemplates): a template whose source changed is
compiled again, and a cache written under other environment options is not used."""

from __future__ import annotations

import sys

from jinja2 import Environment, FileSystemLoader

from kb import graph


def environment(templates, cache, **options):
    return Environment(loader=FileSystemLoader(templates), bytecode_cache=cache, **options)


def one_template(tmp_path, text):
    """A folder holding t.j2, an empty cache folder, and the cache over it."""
    templates, cached = tmp_path / "templates", tmp_path / "cache"
    templates.mkdir()
    cached.mkdir()
    (templates / "t.j2").write_text(text, encoding="utf-8")
    return templates, cached, graph.CompiledTemplates(str(cached), "%s.jinja.cache")


def test_an_edited_template_is_compiled_again(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    templates, cached, cache = one_template(tmp_path, "one {{ x }}")
    assert environment(templates, cache).get_template("t.j2").render(x=1) == "one 1"
    assert len(list(cached.iterdir())) == 1  # written
    # a new process (a new environment) reads the cache, and sees the edit
    assert environment(templates, cache).get_template("t.j2").render(x=2) == "one 2"
    (templates / "t.j2").write_text("two {{ x }}", encoding="utf-8")
    assert environment(templates, cache).get_template("t.j2").render(x=3) == "two 3"


def test_the_key_holds_the_environments_options(monkeypatch):
    cache = graph.CompiledTemplates("/nonexistent", "%s.jinja.cache")
    before = cache.get_cache_key("map.svg.j2")
    monkeypatch.setitem(graph.TEMPLATE_OPTIONS, "trim_blocks", False)
    assert cache.get_cache_key("map.svg.j2") != before


def test_nothing_is_written_when_python_writes_no_bytecode(tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    templates, cached, cache = one_template(tmp_path, "{{ x }}")
    assert environment(templates, cache).get_template("t.j2").render(x=1) == "1"
    assert list(cached.iterdir()) == []
