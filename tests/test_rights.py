"""A source set to `reproduce: quoted` publishes only the passages the claims cite: its page and
the downloads hold nothing else, its archived text is not published, and citations still land."""

from __future__ import annotations

import json
import re
import shutil
from html import unescape

from conftest import FIXTURE_DATA, build, copy_project
from kb.load import load
from kb.sitecheck import Site, citation_problems

SOURCE = "pism-belarus-reaction"


def test_a_source_shown_as_quoted_passages_only(tmp_path):
    project = copy_project(tmp_path / "project")
    schemas = project / "data" / "schema"
    shutil.copytree(schemas, tmp_path / "schema")
    shutil.rmtree(project / "data")
    shutil.copytree(FIXTURE_DATA, project / "data")
    shutil.copytree(tmp_path / "schema", project / "data" / "schema")
    meta = project / "data" / "sources" / f"{SOURCE}.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + "reproduce: quoted\n", encoding="utf-8")
    kb = load(project / "data")
    source = kb.sources[SOURCE]
    quotes = [c for _, c in kb.citations_of(SOURCE)]
    cited = {span.paragraph for c in quotes for span in c.spans}
    uncited = [  # the substantive paragraphs no claim quotes (excluded ones are named in the metadata)
        p
        for p in source.text.paragraphs
        if p.number not in cited and p.number not in source.excluded and len(p.text) > 30
    ]
    assert cited and uncited

    out = tmp_path / "site"
    run = build(project, out)
    assert run.returncode == 0, run.stdout + run.stderr
    html = (out / "sources" / SOURCE / "index.html").read_text(encoding="utf-8")
    article = html[html.index('id="cited-passages"') :]
    shown = [unescape(re.sub(r"<[^>]+>", "", m)) for m in re.findall(r"<mark>(.*?)</mark>", article, re.S)]
    passages = {
        p.text[s.start : s.end] for c in quotes for s in c.spans for p in [source.text.paragraph(s.paragraph)]
    }
    assert shown and set(shown) <= {" ".join(p.split()) for p in passages} | passages
    for paragraph in uncited:
        assert paragraph.text[:60] not in unescape(article), paragraph.number
    assert not (out / "sources" / "raw" / source.meta.file).exists()
    other = next(s for s in kb.sources.values() if s.meta.id != SOURCE)
    assert (out / "sources" / "raw" / other.meta.file).exists()
    document = json.loads((out / "downloads" / "kb.json").read_text(encoding="utf-8"))
    entry = next(s for s in document["sources"] if s["id"] == SOURCE)
    assert entry["archive_url"] is None and entry["reproduce"] == "quoted"
    for name in ("kb.json", "citations.csv"):
        text = (out / "downloads" / name).read_text(encoding="utf-8")
        assert not any(p.text[:60] in text for p in uncited), name
    checked, problems = citation_problems(Site(out))
    assert checked and problems == []
