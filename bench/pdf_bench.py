"""Benchmark of the print editions: every PDF of the corpus, serial and in parallel.

Prints, for each PDF, its pages, render time (serial, one process) and size;
then the wall time of the whole corpus serially and in parallel processes
(``reader.render.pdf.build_pdfs``), with the CPU time it took (on a shared
machine the wall time depends on everyone else's load, the CPU time much
less), the post-render figures summed over the corpus, and the time of a
rebuild with nothing changed (target: zero renders and no PDF read back: the
figures of the kept PDFs come from the folder's checks.json). Writes
bench/out/pdf_bench.json too.

    .venv/bin/python bench/pdf_bench.py [--workers N] [--skip-serial]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reader.build import build_pdfs, render_editions  # noqa: E402
from reader.corpus import Corpus  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--skip-serial", action="store_true")
    args = parser.parse_args()

    corpus = Corpus.open(ROOT)
    # a snapshot: translators may be writing while the benchmark runs
    work = Path(tempfile.mkdtemp(prefix="pdf-bench-"))
    for part in ("texts", "translations"):
        shutil.copytree(ROOT / part, work / part)
    corpus = Corpus.open(work)
    results: dict[str, object] = {"cores": os.cpu_count(), "workers": args.workers, "pdfs": {}}

    serial_total = None
    if not args.skip_serial:
        started = time.perf_counter()
        serial = render_editions(corpus, workers=0)
        serial_total = time.perf_counter() - started
        print(f"{'PDF':28} {'pages':>5} {'render s':>9} {'renders':>7} {'KiB':>7}")
        for name, result in sorted(serial.items()):
            print(
                f"{name:28} {result.pages:5d} {result.seconds:9.2f} {result.renders:7d} "
                f"{len(result.data) / 1024:7.0f}"
            )
            results["pdfs"][name] = {  # type: ignore[index]
                "pages": result.pages,
                "seconds": round(result.seconds, 3),
                "renders": result.renders,
                "bytes": len(result.data),
                "unpaired": result.unpaired,
            }
        pages = sum(r.pages for r in serial.values())
        size = sum(len(r.data) for r in serial.values())
        print(
            f"{'serial total':28} {pages:5d} {serial_total:9.2f} {'':7} {size / 1024:7.0f}"
            f"   ({len(serial)} PDFs, one process)"
        )

    out = work / "build" / "pdf"
    started = time.perf_counter()
    cpu_before = _cpu()
    report = build_pdfs(corpus, out, workers=args.workers)
    parallel_total = time.perf_counter() - started
    parallel_cpu = _cpu() - cpu_before
    print(
        f"parallel build ({args.workers} processes): {parallel_total:.2f} s for "
        f"{len(report.rendered)} PDFs, {report.pages} pages, "
        f"{sum(p.stat().st_size for p in out.glob('*.pdf')) / 1024:.0f} KiB"
    )
    print(f"  CPU time of the parallel build: {parallel_cpu:.1f} s (all processes)")
    if serial_total:
        print(f"speed-up: {serial_total / parallel_total:.2f}x")
    figures = report.figures()
    print(
        "post-render check: " + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in figures.items())
    )

    started = time.perf_counter()
    again = build_pdfs(corpus, out, workers=args.workers)
    rebuild = time.perf_counter() - started
    print(f"rebuild with nothing changed: {rebuild:.2f} s, {len(again.rendered)} rendered")
    if report.problems:
        print("problems:\n  " + "\n  ".join(str(p) for p in report.problems))

    results.update(
        serial_seconds=serial_total and round(serial_total, 2),
        parallel_seconds=round(parallel_total, 2),
        parallel_cpu_seconds=round(parallel_cpu, 2),
        figures=figures,
        pages=report.pages,
        rebuild_seconds=round(rebuild, 3),
        rebuild_renders=len(again.rendered),
        problems=[str(p) for p in report.problems],
    )
    (ROOT / "bench" / "out").mkdir(parents=True, exist_ok=True)
    (ROOT / "bench" / "out" / "pdf_bench.json").write_text(
        json.dumps(results, indent=1), encoding="utf-8"
    )
    shutil.rmtree(work, ignore_errors=True)
    return 1 if again.rendered else 0


def _cpu() -> float:
    """CPU seconds used so far by this process and its finished children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


if __name__ == "__main__":
    raise SystemExit(main())
