"""Search at 1x, 100x and 1000x the corpus: index build, first search, warm queries, memory.

The corpora are bench/scale_corpus.py's synthetic ones (the real texts and
translations copied N times under new ids). At each scale, each step in a
fresh process, with the search index in a temporary store:

* **index build**: ``reader.search.service.build_index`` reading every text
  (wall time, peak resident memory of the process, size of the index on disk);
* **one text changed**: the same after one translation file changed (the
  incremental path: only that text is read again);
* **first search**: ``import reader``, ``reader.load(corpus)``, then the first
  ``lib.search`` (finding the index by the corpus's signature, opening it,
  answering), timed beyond the open; and the process's peak resident memory;
* **warm query**: each of the queries below again in that process (best and
  median of N runs).

Figures are printed, never asserted; the targets of issue 14 are printed
beside them. On a machine shared with other work, wall times of fresh
processes swing with the load: the CPU time of the first search and of each
warm query is printed beside them. Usage:
    .venv/bin/python bench/search_bench.py [--scales 1,100,1000] [--repeat 5] [--keep DIR] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from scale_corpus import make_corpus  # noqa: E402

QUERIES = [
    ("Chicherin", None),
    ("kasaba", "tr"),
    ("договор", "ru"),
    ("istanbul", None),
    ("Moscow treaty", None),
    ("Soviet Russia", "en"),
    ("the", "en"),
]

CHILD_BUILD = r"""
import json, os, resource, sys, time
t0 = time.perf_counter()
from pathlib import Path
from reader.corpus import Corpus
from reader.search.service import build_index
from reader.search.store import Store
path, written = build_index(Corpus.open(sys.argv[1]), Store(Path(sys.argv[2])))
out = {"seconds": time.perf_counter() - t0, "indexed": len(written.indexed), "records": written.records,
       "kept": written.kept, "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
       "path": str(path)}
print(json.dumps(out)); sys.stdout.flush(); os._exit(0)
"""

CHILD_SEARCH = r"""
import json, os, resource, statistics, sys, time
queries = json.loads(sys.argv[2]); repeat = int(sys.argv[3])
t0 = time.perf_counter()
import reader
t1 = time.perf_counter()
lib = reader.load(sys.argv[1])
t2, c2 = time.perf_counter(), time.process_time()
first = lib.search(queries[0][0], lang=queries[0][1])
t3, c3 = time.perf_counter(), time.process_time()
assert first, "no hit for the first query"
out = {"import": (t1 - t0) * 1e3, "open": (t2 - t1) * 1e3, "first": (t3 - t2) * 1e3,
       "first_cpu": (c3 - c2) * 1e3,
       "first_maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "warm": {}, "hits": {}}
for query, lang in queries:
    lib.search(query, lang=lang)
    times = []
    cpu = time.process_time()
    for _ in range(repeat):
        started = time.perf_counter()
        hits = lib.search(query, lang=lang)
        times.append((time.perf_counter() - started) * 1e3)
    out["warm"][query] = [min(times), statistics.median(times), (time.process_time() - cpu) * 1e3 / repeat]
    out["hits"][query] = len(hits)
out["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out)); sys.stdout.flush(); os._exit(0)
"""


def child_env(base: Path, store: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(base / "pycache")
    env["READER_SEARCH_INDEX"] = str(store)
    env["READER_CACHE"] = str(base / "unused-cache")  # nothing may be built there
    return env


def run(code: str, args: list[str], env: dict[str, str]) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", code, *args], env=env, check=True, capture_output=True, text=True
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def size_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


def change_one_text(corpus: Path) -> tuple[Path, str]:
    """Append a comment to one translation file (returns it and its old content)."""
    path = sorted((corpus / "translations" / "tr").glob("karakus*.xml"))[0]
    old = path.read_text(encoding="utf-8")
    path.write_text(old + "\n<!-- changed by the bench -->\n", encoding="utf-8")
    return path, old


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default="1,100,1000", help="comma-separated multiples")
    parser.add_argument("--repeat", type=int, default=5, help="fresh search processes per scale")
    parser.add_argument("--keep", type=Path, help="corpora here (made if missing) and kept")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    scales = [int(s) for s in args.scales.split(",")]
    base = args.keep or Path(tempfile.mkdtemp(prefix="search-bench-"))
    base.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="search-bench-stores-"))
    rows = []
    try:
        for scale in scales:
            corpus = base / f"x{scale}"
            if not (corpus / "texts").is_dir():
                made = make_corpus(ROOT, corpus, scale)
                print(f"x{scale}: {made['texts']} texts, {made['mb']:.0f} MB generated", flush=True)
            store = work / f"store-x{scale}"
            env = child_env(work, store)
            built = run(CHILD_BUILD, [str(corpus), str(store)], env)
            index_mb = size_mb(Path(built["path"]))
            print(
                f"x{scale}: index built in {built['seconds']:.1f} s, {built['records']} records, "
                f"{index_mb:.1f} MB, peak RSS {built['maxrss_mb']:.0f} MB",
                flush=True,
            )
            path, old = change_one_text(corpus)
            try:
                changed = run(CHILD_BUILD, [str(corpus), str(store)], env)
            finally:
                path.write_text(old, encoding="utf-8")
            again = run(CHILD_BUILD, [str(corpus), str(store)], env)  # the old index, by content
            queries = json.dumps(QUERIES)
            run(CHILD_SEARCH, [str(corpus), queries, "1"], env)  # compiles bytecode, warms caches
            searches = [
                run(CHILD_SEARCH, [str(corpus), queries, "20"], env) for _ in range(args.repeat)
            ]
            row: dict[str, Any] = {
                "scale": scale,
                "texts": len(list((corpus / "texts").glob("*.xml"))) - 1,
                "records": built["records"],
                "build_s": built["seconds"],
                "build_maxrss_mb": built["maxrss_mb"],
                "index_mb": index_mb,
                "one_changed_s": changed["seconds"],
                "one_changed_indexed": changed["indexed"],
                "back_s": again["seconds"],
            }
            for key in ("import", "open", "first", "first_cpu", "first_maxrss_mb", "maxrss_mb"):
                values = [s[key] for s in searches]
                row[key] = min(values)
                row[key + "_median"] = statistics.median(values)
            row["warm"] = {
                query: [
                    min(s["warm"][query][0] for s in searches),
                    statistics.median(s["warm"][query][1] for s in searches),
                    min(s["warm"][query][2] for s in searches),
                ]
                for query, _lang in QUERIES
            }
            row["hits"] = searches[0]["hits"]
            rows.append(row)
            if not args.keep:
                shutil.rmtree(corpus, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)

    print("\nIndex (fresh process each)")
    print(
        f"{'scale':>6} {'texts':>6} {'records':>9} {'build':>9} {'RSS':>8} {'size':>9} {'1 changed':>10}"
    )
    for row in rows:
        print(
            f"{'x' + str(row['scale']):>6} {row['texts']:>6} {row['records']:>9} "
            f"{row['build_s']:8.1f}s {row['build_maxrss_mb']:6.0f}MB {row['index_mb']:7.1f}MB "
            f"{row['one_changed_s']:9.2f}s"
        )
    print(f"\nFirst search in a fresh process, best of {args.repeat} (median), ms; peak RSS")
    print(
        f"{'scale':>6} {'import':>16} {'open':>14} {'first search':>18} {'its CPU':>9} {'RSS':>10}"
    )
    for row in rows:
        print(
            f"{'x' + str(row['scale']):>6} {row['import']:7.1f} ({row['import_median']:6.1f}) "
            f"{row['open']:5.2f} ({row['open_median']:5.2f}) "
            f"{row['first']:8.1f} ({row['first_median']:6.1f}) {row['first_cpu']:8.1f} "
            f"{row['maxrss_mb']:8.1f}MB"
        )
    print("\nWarm query, best (median) [CPU per query], ms; hits returned (limit 20)")
    print(f"{'query':>22} " + " ".join(f"{'x' + str(r['scale']):>27}" for r in rows))
    for query, lang in QUERIES:
        cells = " ".join(
            f"{r['warm'][query][0]:7.2f} ({r['warm'][query][1]:6.2f}) [{r['warm'][query][2]:6.2f}] "
            f"{r['hits'][query]:2d}"
            for r in rows
        )
        print(f"{query + (' /' + lang if lang else ''):>22} {cells}")
    print("\nTargets (issue 14)")
    for row in rows:
        first_target = 100 if row["scale"] == 1 else 300
        warm_target = 5 if row["scale"] == 1 else 50
        worst = max(median for _best, median in row["warm"].values())
        print(
            f"  x{row['scale']}: first search {row['first']:.0f} ms beyond open (target ≤ {first_target}); "
            f"warm query worst median {worst:.1f} ms (target ≤ {warm_target}); "
            f"peak RSS {row['maxrss_mb']:.0f} MB searching, {row['build_maxrss_mb']:.0f} MB building "
            "(target ≤ 150 at x1000)"
        )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(rows, indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
