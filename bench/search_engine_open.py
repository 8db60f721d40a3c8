"""The search engine alone on an index already made: open, first query, warm queries, memory.

For an index that ``bench/search_bench.py`` (or ``reader index --out``) made,
in fresh processes: ``import reader``, the scan of the corpus's files that
``lib.search`` makes to find the index (one ``stat`` each), opening the index
(``reader.search.engine.Engine``), the first query and each query warm (best
and median of 20), and the peak resident memory. It times the engine of the
code at hand on an index an earlier version of the code made (the schema is
the same), without making a new one. Figures are printed, never asserted.

Usage: .venv/bin/python bench/search_engine_open.py CORPUS INDEX_FOLDER [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from search_bench import QUERIES  # noqa: E402

CHILD = r"""
import json, os, resource, statistics, sys, time
t0 = time.perf_counter()
from pathlib import Path
from reader.corpus import Corpus
from reader.search.engine import Engine
from reader.search.store import CorpusFiles
t1 = time.perf_counter()
files = CorpusFiles.scan(Corpus.open(sys.argv[1]))
t2 = time.perf_counter()
engine = Engine(Path(sys.argv[2]))
t3 = time.perf_counter()
queries = json.loads(sys.argv[3])
engine.search(queries[0][0], queries[0][1])
t4 = time.perf_counter()
out = {"import": (t1 - t0) * 1e3, "scan": (t2 - t1) * 1e3, "open": (t3 - t2) * 1e3,
       "first": (t4 - t3) * 1e3, "files": sum(len(p) for p in files.texts.values()), "warm": {}}
for query, lang in queries:
    times = []
    for _ in range(20):
        started = time.perf_counter()
        hits = engine.search(query, lang)
        times.append((time.perf_counter() - started) * 1e3)
    out["warm"][query] = [min(times), statistics.median(times), len(hits)]
out["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out)); sys.stdout.flush(); os._exit(0)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("index", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    env = dict(os.environ)
    command = [sys.executable, "-c", CHILD, str(args.corpus), str(args.index), json.dumps(QUERIES)]
    subprocess.run(command, env=env, check=True, capture_output=True)  # bytecode, file cache
    runs = [
        json.loads(
            subprocess.run(command, env=env, check=True, capture_output=True, text=True).stdout
        )
        for _ in range(args.repeat)
    ]
    print(
        f"{args.corpus}: {runs[0]['files']} files; best (median) of {args.repeat} fresh processes, ms"
    )
    for key in ("import", "scan", "open", "first"):
        values = [r[key] for r in runs]
        print(f"  {key:8} {min(values):8.1f} ({statistics.median(values):8.1f})")
    first = [r["scan"] + r["open"] + r["first"] for r in runs]
    print(f"  find + open + first query: {min(first):.1f} ({statistics.median(first):.1f})")
    print("warm query, best (median), hits")
    for query, _lang in QUERIES:
        best = min(r["warm"][query][0] for r in runs)
        median = statistics.median(r["warm"][query][1] for r in runs)
        print(f"  {query:16} {best:8.2f} ({median:8.2f}) {runs[0]['warm'][query][2]}")
    rss = [r["maxrss_mb"] for r in runs]
    print(f"peak RSS {min(rss):.0f} ({statistics.median(rss):.0f}) MB")


if __name__ == "__main__":
    main()
