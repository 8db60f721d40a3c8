"""The reader pages as a reader meets them: tab stops, page weight and overflow, in Chromium.

For every reader page (every text, every view) and the site pages, in Debian's
Chromium at a phone (390×844) and a desk (1440×900) width:

* **tab stops**: elements the Tab key visits (visible, focusable, tabindex ≥ 0);
* **page weight**: the HTML file, and the HTML with the stylesheet and script
  it loads (uncompressed bytes on disk);
* **overflow**: how far the page is wider than the viewport (0 = none), with
  the widest element when it is.

Figures are printed, never asserted (tests/render/html/ holds the limits).

Usage: .venv/bin/python bench/reader_bench.py [--site build/html] [--only karakus]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.build import build_html  # noqa: E402
from reader.corpus import Corpus  # noqa: E402

# The same measures as the browser tests hold their limits with.
from tests.support.browser import OVERFLOW, TAB_STOPS  # noqa: E402

CHROMIUM = "/usr/bin/chromium"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def measure(site: Path, only: str | None) -> None:
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    pages = sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if "api" not in p.parts and "search" not in p.name
    )
    if only:
        pages = [p for p in pages if only in p]
    static = {p.name: p.stat().st_size for p in (site / "static").iterdir()}
    assets = static.get("reader.css", 0) + static.get("reader.js", 0)
    print(
        f"{'page':<28}{'HTML KB':>9}{'+css/js':>9}{'tabs 1440':>11}{'tabs 390':>10}{'over 390':>10}"
    )
    worst_tabs, worst_over, total = 0, 0, 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
        )
        contexts = {
            width: browser.new_context(viewport={"width": width, "height": height})
            for width, height in ((1440, 900), (390, 844))
        }
        tabs_of: dict[int, dict[str, int]] = {1440: {}, 390: {}}
        over_of: dict[str, tuple[int, str | None]] = {}
        for width, context in contexts.items():
            page = context.new_page()
            for path in pages:
                page.goto(base + path)
                tabs_of[width][path] = page.evaluate(TAB_STOPS)
                if width == 390:
                    over, widest = page.evaluate(OVERFLOW)
                    over_of[path] = (over, widest)
        browser.close()
    httpd.shutdown()
    for path in pages:
        size = (site / path).stat().st_size
        total += size
        over, widest = over_of[path]
        worst_tabs = max(worst_tabs, tabs_of[1440][path], tabs_of[390][path])
        worst_over = max(worst_over, over)
        print(
            f"{path:<28}{size / 1024:>9.0f}{(size + assets) / 1024:>9.0f}"
            f"{tabs_of[1440][path]:>11}{tabs_of[390][path]:>10}{over:>10}"
            + (f"  widest: {widest}" if widest else "")
        )
    print(
        f"\n{len(pages)} pages, {total / 2**20:.1f} MB of HTML; reader.css + reader.js "
        f"{assets / 1024:.0f} KB; most tab stops {worst_tabs}; worst overflow at 390 px {worst_over} px"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--site", type=Path, help="a built site (default: build one now)")
    parser.add_argument("--only", help="only pages whose path contains this")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        print("Debian's chromium is not installed (make setup installs it): nothing measured")
        return
    if args.site:
        measure(args.site, args.only)
        return
    with tempfile.TemporaryDirectory() as work:
        out = Path(work) / "html"
        build_html(Corpus.open(ROOT), out)
        measure(out, args.only)


if __name__ == "__main__":
    main()
