"""Build times of the HTML reader: a full build, a rebuild with nothing changed, and a rebuild after
one text changed. Figures are printed, not asserted.

Usage: .venv/bin/python bench/build_bench.py
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from reader.build import build_html
from reader.corpus import Corpus

ROOT = Path(__file__).resolve().parent.parent


def timed(label: str, corpus: Corpus, out: Path) -> None:
    started = time.perf_counter()
    report = build_html(corpus, out)
    seconds = time.perf_counter() - started
    pages = sum(1 for p in report.rendered if p.endswith(".html"))
    print(
        f"{label:<28} {seconds:7.2f} s   rendered {len(report.rendered):>6} files "
        f"({pages} pages), reused {len(report.reused):>6}"
    )


def main() -> None:
    with tempfile.TemporaryDirectory() as work:
        copy = Path(work) / "corpus"
        for part in ("texts", "translations"):
            shutil.copytree(ROOT / part, copy / part)
        corpus = Corpus.open(copy)
        out = Path(work) / "html"
        timed("full build", corpus, out)
        timed("no-change rebuild", corpus, out)
        text = copy / "texts" / "chicherin.xml"
        text.write_text(
            text.read_text(encoding="utf-8").replace("Mr. Ambassador,", "Mr. Ambassador, ", 1),
            encoding="utf-8",
        )
        timed("one text changed (chicherin)", corpus, out)
        files = sum(1 for p in out.rglob("*") if p.is_file())
        size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
        print(
            f"site: {files} files, {size / 2**20:.1f} MB, {sum(1 for _ in out.rglob('*.html'))} HTML pages"
        )


if __name__ == "__main__":
    main()
