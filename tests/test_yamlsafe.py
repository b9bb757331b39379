"""The libyaml fast path reads values exactly as PyYAML's own resolver would."""

from __future__ import annotations

import pytest
import yaml
from yaml.nodes import ScalarNode

from kb import yamlsafe

VALUES = [
    "",
    "yes",
    "No",
    "~",
    "null",
    "Null",
    "1",
    "-1",
    "0x1F",
    "0o17",
    "01",
    "1_000",
    "+3",
    "1.5",
    "1e3",
    ".inf",
    "-.nan",
    "2022-03-01",
    "2022",
    "text",
    "True",
    "ON",
    "off",
    "=",
    "<<",
    "Record 1-2.",
]


@pytest.mark.skipif(yamlsafe._CLoader is None, reason="PyYAML built without libyaml")
@pytest.mark.parametrize("implicit", [(True, False), (False, True)], ids=["plain", "quoted"])
def test_fast_resolver_matches_pyyaml(implicit):
    loader = yamlsafe._CLoader("a: 1")
    for value in VALUES:
        assert loader.resolve(ScalarNode, value, implicit) == yaml.resolver.Resolver.resolve(
            loader, ScalarNode, value, implicit
        ), value


def test_both_paths_read_the_same_values(tmp_path):
    text = "- id: a\n  n: 3\n  f: 1.5\n  b: yes\n  z: ~\n  d: 2022-03-01\n  q: '7'\n  s: plain text\n"
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    fast = yamlsafe.read_yaml(path)
    loader = yamlsafe._Loader(text)
    slow = yamlsafe._build(loader.get_single_node(), loader, "x.yaml")
    assert (
        fast
        == slow
        == [
            {
                "id": "a",
                "n": 3,
                "f": 1.5,
                "b": True,
                "z": None,
                "d": "2022-03-01",
                "q": "7",
                "s": "plain text",
            }
        ]
    )
    assert fast.item_lines == slow.item_lines == [1]
