"""Build times of the HTML reader: a full build, a rebuild with nothing changed, and a rebuild after
one text changed; and the reader's own pages alone (every view in every interface language, the
About pages, home, index and timeline, made in memory: the part of the full build that is not the
DTS API or the search index). Figures are printed, not asserted.

Usage: .venv/bin/python bench/build_bench.py
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from reader.build import build_html, gather
from reader.corpus import Corpus
from reader.entities import load_entities
from reader.render.html.site import Site

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


def reader_pages(corpus: Corpus, repeat: int = 3) -> None:
    """The reader's pages made in memory, best of ``repeat`` (nothing written)."""
    texts, digests = gather(corpus)
    entities = load_entities(corpus.entities_path)
    best = None
    for _ in range(repeat):
        outputs = Site(texts, digests, entities, "bench").plan()
        started = time.perf_counter()
        pages = sum(1 for output in outputs if output.path.endswith(".html") and output.make())
        seconds = time.perf_counter() - started
        best = seconds if best is None else min(best, seconds)
    print(f"{'reader pages, in memory':<28} {best:7.2f} s   {pages} pages (best of {repeat})")


def main() -> None:
    with tempfile.TemporaryDirectory() as work:
        copy = Path(work) / "corpus"
        for part in ("texts", "translations"):
            shutil.copytree(ROOT / part, copy / part)
        corpus = Corpus.open(copy)
        out = Path(work) / "html"
        reader_pages(corpus)
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
