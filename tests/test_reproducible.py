"""Two clean builds of the same commit produce a byte-identical site/."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import time

from conftest import ROOT


def digest_tree(root):
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def test_two_builds_are_byte_identical(tmp_path):
    import check

    env = check.build_env()
    trees = []
    for name in ("one", "two"):
        out = tmp_path / name
        run = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(out)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        assert run.returncode == 0, run.stdout + run.stderr
        trees.append(digest_tree(out))
        time.sleep(1.1)  # a build that stamped the wall clock would now differ
    assert trees[0] == trees[1]
    assert len(trees[0]) > 50


def test_the_sitemap_is_dated_by_the_commit_not_the_clock(tmp_path):
    import check

    env = dict(check.build_env(), SOURCE_DATE_EPOCH="1000000000")
    out = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(out)], cwd=ROOT, env=env, check=True
    )
    header = (out / "sitemap.xml.gz").read_bytes()[:8]
    # gzip MTIME: MkDocs stamps the build date (midnight UTC of SOURCE_DATE_EPOCH), not the clock
    assert int.from_bytes(header[4:8], "little") == 1000000000 - 1000000000 % 86400
