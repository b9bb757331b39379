"""`make lighthouse`: Lighthouse scores of the built site, served locally as it is published.

Serves site/ on --addr host:port (default 127.0.0.1:8000) with gzip, as GitHub Pages does, then
runs the npm package `lighthouse` (installed from package-lock.json) in headless Debian
Chromium for the home, a topic, an actor and a source page, and prints the four category
scores of each: the median of --runs runs (default 3), as Lighthouse's own documentation
advises, since single performance scores vary by several points. Nothing leaves this
machine: Chromium resolves every other host to nothing.
"""

from __future__ import annotations

import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = {
    "home": "",
    "topic": "sanctions/",
    "actor": "actors/lukashenko/",
    "source": "sources/pism-belarus-reaction/",
}
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
CHROMIUM = "/usr/lib/chromium/chromium"
DEFAULT_ADDR = "127.0.0.1:8000"  # `make lighthouse ADDR=host:port` picks another
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run "
    "--host-resolver-rules='MAP * ~NOTFOUND , EXCLUDE 127.0.0.1'"
)


class GzipHandler(SimpleHTTPRequestHandler):
    """Static files, gzipped when the client accepts it (as a production host would)."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if "gzip" not in self.headers.get("Accept-Encoding", "") or not path.is_file():
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)


class _Body:
    def __init__(self, data: bytes):
        self.data = data

    def read(self, *_):
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


def serve(site: Path, host: str, port: int) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer((host, port), partial(GzipHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def run_lighthouse(url: str, out: Path) -> dict:
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    subprocess.run(
        [
            "npx",
            "--no-install",
            "lighthouse",
            url,
            "--quiet",
            "--output=json",
            f"--output-path={out}",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={CHROME_FLAGS}",
        ],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    report = json.loads(out.read_text())
    return {name: round(100 * report["categories"][name]["score"]) for name in CATEGORIES}


def main(argv: list[str]) -> int:
    runs = int(argv[argv.index("--runs") + 1]) if "--runs" in argv else 3
    addr = argv[argv.index("--addr") + 1] if "--addr" in argv else DEFAULT_ADDR
    host, _, port = addr.rpartition(":")
    host = host or "127.0.0.1"
    site = ROOT / "site"
    if not (site / "index.html").is_file():
        print("site/ is missing: run `make build` first")
        return 1
    server = serve(site, host, int(port))
    failed = False
    print(f"{'page':8} {'url':38} " + " ".join(f"{c[:13]:>14}" for c in CATEGORIES) + f"  (median of {runs})")
    try:
        with tempfile.TemporaryDirectory() as folder:
            for name, path in PAGES.items():
                url = f"http://{host}:{port}/{path}"
                results = [run_lighthouse(url, Path(folder) / f"{name}-{run}.json") for run in range(runs)]
                scores = {c: statistics.median(r[c] for r in results) for c in CATEGORIES}
                spread = "  performance runs: " + ", ".join(str(r["performance"]) for r in results)
                print(
                    f"{name:8} {url:38} " + " ".join(f"{scores[c]:>14g}" for c in CATEGORIES) + spread,
                    flush=True,
                )
                failed |= scores["performance"] < 95 or any(scores[c] < 100 for c in CATEGORIES[1:])
    finally:
        server.shutdown()
    print("targets met (performance >= 95, the others 100)" if not failed else "below target")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
