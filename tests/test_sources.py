"""Archived sources: hash pins, paragraphs excluded with a reason."""

from __future__ import annotations

import hashlib

import pytest

from kb.errors import DataError
from kb.load import load


def test_archived_files_match_their_recorded_hashes(project):
    kb = load(project / "data")
    for source in kb.sources.values():
        assert hashlib.sha256(source.archive.read_bytes()).hexdigest() == source.meta.sha256


def test_a_changed_archive_fails_with_the_line_of_its_hash(data):
    archive = data / "sources" / "002_071ac3d875fde01f.txt"
    archive.write_bytes(archive.read_bytes().replace(b"30,000", b"40,000"))
    with pytest.raises(DataError) as caught:
        load(data)
    [problem] = [p for p in caught.value.problems if "SHA-256" in p.message]
    meta = (data / "sources" / "pism-belarus-reaction.yaml").read_text(encoding="utf-8").splitlines()
    assert problem.path == "data/sources/pism-belarus-reaction.yaml"
    assert meta[problem.line - 1].startswith("sha256:")
    assert "never edited" in problem.fix


def test_a_missing_archive_is_named(data):
    (data / "sources" / "003_e6834326087afd92.txt").unlink()
    with pytest.raises(DataError) as caught:
        load(data)
    assert any("003_e6834326087afd92.txt' is missing" in p.message for p in caught.value.problems)


def test_excluded_text_must_be_a_whole_paragraph(data):
    path = data / "sources" / "pism-belarus-reaction.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace('text: "PISM SPOTLIGHT"', 'text: "PISM SPOTLIT"'),
        encoding="utf-8",
    )
    with pytest.raises(DataError) as caught:
        load(data)
    assert any("not a whole paragraph" in p.message for p in caught.value.problems)


def test_the_real_archives_are_the_published_seeds():
    from conftest import ROOT

    pins = {
        "000_bdf877f1db2a0b0b.txt": "f1cda794be4db357b2724d66c97c6b7f680e5712ddaea01df01270c84a922778",
        "001_109b98de3ca0a212.txt": "adb36424f44fb3fa8817eb3df6631a4fb4cde61165738222c82ec4be5ce7a3d0",
        "002_071ac3d875fde01f.txt": "f6b55859d7e9e1b3b8241c5ca81f4608ce4a1cd2b06c91b3ac068067374cd3d1",
        "003_e6834326087afd92.txt": "5f56ff8530a5ccc3ccf69bd3bac07c67143bfd3ab6e9fc0525c3d902e0f3444c",
        "004_f92613416e1de1d3.txt": "37c8e8e69d11872289eca3a96625e5035d476e8c1558d509859bdf21e281195a",
    }
    for name, digest in pins.items():
        assert hashlib.sha256((ROOT / "data" / "sources" / name).read_bytes()).hexdigest() == digest
