"""The site's search in Chromium: time per query on a warm page, in each interface language.

Builds the site (or takes ``--site DIR``), serves it on 127.0.0.1, and in
headless Chromium (Debian's, through Playwright) opens each search page, runs
one query in all languages and one in the page's language to warm it (every
bundle loaded, as on a page a reader has been using), then times each query of
the list: from the Enter key to the hits shown (``data-shown-ms``, measured by
the page), each asking words not yet asked on that page, as a reader typing a
new query meets them. One more row per page: the first query on a fresh page,
loading included.

Issue 15's target: ≤ 300 ms per query on a warm page. Figures are printed,
never asserted. Usage:
    .venv/bin/python bench/search_browser_bench.py [--site DIR] [--repeat 3]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import statistics
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.build import build_html  # noqa: E402
from reader.corpus import Corpus  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
PAGES = {"en": "search.html", "tr": "tr/search.html", "ru": "ru/search.html"}
WARM_UP = {"en": "Ankara", "tr": "Ankara", "ru": "Анкара"}
QUERIES = [
    ("Cicerin", "ui"),
    ("istanbul", "all"),
    ("договор", "all"),
    ("Chicherin", "all"),
    ("kasaba", "all"),
    ("Moscow treaty", "all"),
    ("Soviet Russia", "ui"),
    ("Kars", "ui"),
]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def timed(page: object, query: str, scope: str) -> tuple[float, int]:
    page.check(f'input[name="scope"][value="{scope}"]')  # type: ignore[attr-defined]
    page.fill("#search-query", query)  # type: ignore[attr-defined]
    page.press("#search-query", "Enter")  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        "([q, s]) => { const l = document.getElementById('search-results');"
        " return l.getAttribute('data-query') === q && l.getAttribute('data-scope') === s"
        " && l.getAttribute('aria-busy') === 'false'; }",
        arg=[query, scope],
        timeout=60_000,
    )
    data = page.evaluate("() => ({...document.getElementById('search-results').dataset})")  # type: ignore[attr-defined]
    return float(data["shownMs"]), int(data["count"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build one now)")
    parser.add_argument("--repeat", type=int, default=3, help="fresh pages per language")
    args = parser.parse_args()
    site = args.site
    if site is None:
        site = Path(tempfile.mkdtemp(prefix="search-browser-bench-")) / "html"
        report = build_html(Corpus.open(ROOT), site)
        print(f"site built: {report.summary()}")
    handler = functools.partial(_Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    from playwright.sync_api import sync_playwright

    rows: dict[tuple[str, str, str], list[float]] = {}
    counts: dict[tuple[str, str, str], int] = {}
    first: dict[str, list[float]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
        )
        for _ in range(args.repeat):
            for ui, path in PAGES.items():
                context = browser.new_context()
                page = context.new_page()
                page.goto(base + path)
                fresh, _count = timed(page, QUERIES[0][0], QUERIES[0][1])
                first.setdefault(ui, []).append(fresh)
                context.close()
                context = browser.new_context()
                page = context.new_page()
                page.goto(base + path)
                timed(page, WARM_UP[ui], "all")  # every language's bundle loaded
                timed(page, WARM_UP[ui], "ui")
                for query, scope in QUERIES:
                    shown, count = timed(page, query, scope)
                    rows.setdefault((ui, query, scope), []).append(shown)
                    counts[ui, query, scope] = count
                context.close()
        browser.close()
    httpd.shutdown()

    print(f"\nFirst query on a fresh page ({QUERIES[0][0]}), loading included, ms (best / median)")
    for ui, values in first.items():
        print(f"  {ui}: {min(values):7.0f} / {statistics.median(values):7.0f}")
    print("\nWarm page, a new query each, ms from Enter to hits shown (best / median / worst)")
    worst = 0.0
    for (ui, query, scope), values in rows.items():
        worst = max(worst, statistics.median(values))
        print(
            f"  {ui} {query:16} {scope:4} {counts[ui, query, scope]:4d} hits  "
            f"{min(values):6.0f} / {statistics.median(values):6.0f} / {max(values):6.0f}"
        )
    print(f"\nTarget (issue 15): ≤ 300 ms per query on a warm page; worst median {worst:.0f} ms")


if __name__ == "__main__":
    main()
