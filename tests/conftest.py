"""Shared fixtures: copies of the project to break, built sites, a local server."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ["mkdocs.yml", "docs", "data", "macros", "overrides"]
CHROMIUM = "/usr/lib/chromium/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
]


def copy_project(dest: Path) -> Path:
    """A throwaway copy of everything a build reads."""
    dest.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, dest / part)
    return dest


# Where the published site and its repository are: CI's environment names them, and a test build
# (compared with golden files) must not depend on where it runs.
PUBLISHING_ENV = ("SITE_URL", "REPOSITORY_URL", "GITHUB_SERVER_URL", "GITHUB_REPOSITORY")


def build(project: Path, out: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in PUBLISHING_ENV}
    env["NO_MKDOCS_2_WARNING"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )


FIXTURE_DATA = ROOT / "tests" / "fixtures" / "data"


@pytest.fixture
def data(tmp_path) -> Path:
    """A copy of the small fixture knowledge base, to break one thing in."""
    return Path(shutil.copytree(FIXTURE_DATA, tmp_path / "data"))


@pytest.fixture
def project(tmp_path) -> Path:
    """A copy of the project whose data is the fixture knowledge base."""
    project = copy_project(tmp_path / "project")
    shutil.rmtree(project / "data")
    shutil.copytree(FIXTURE_DATA, project / "data")
    shutil.copytree(ROOT / "data" / "schema", project / "data" / "schema")  # published with the downloads
    return project


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The real site, built once for the session from the working tree."""
    out = tmp_path_factory.mktemp("site")
    run = build(ROOT, out)
    assert run.returncode == 0, run.stdout + run.stderr
    return out


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def server(site):
    """A local HTTP server for the built site; its output is shown if it dies."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory", str(site)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + 15
    while True:
        if process.poll() is not None:
            pytest.fail(f"the test server exited: {process.stdout.read()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            if time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"the test server did not start: {process.stdout.read()}")
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=5)


@pytest.fixture(scope="session")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser` (Debian package chromium)")
    with playwright_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite tests/golden/ from the current output (review the diff before committing)",
    )
