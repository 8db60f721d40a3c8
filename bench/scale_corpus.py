"""Does the library stay fast on a corpus 100x and 1000x the size of ours?

The script builds synthetic corpora in a temporary directory: the real texts
and their translations copied N times under new ids (``karakus_0042``; the
root ``xml:id`` and the ``corpus:ID`` pointers to the text itself follow), so
that 1000x is 5000 texts and their translations, as files, read by the real
library. At 1x, 100x and 1000x it measures, each in fresh processes:

* **open**: ``reader.load(corpus)`` (the library only lists ``texts/``);
* **first passage**: ``karakus_…:p12``, which reads that one text;
* **cold passage of other texts**: the first passage of the four other texts
  (their last copies; each reads its text): it must not depend on the size;
* **warm lookup**: ``lib.passage`` once the passages of those texts are built;
* **memory**: ``tracemalloc`` (Python allocations made by opening, and by the
  first passage, in a separate run so that tracing does not slow the timings)
  and the process's peak resident size (``ru_maxrss``, interpreter and
  imports included).

Figures are printed, never asserted. Usage:
    .venv/bin/python bench/scale_corpus.py [--scales 1,100,1000] [--repeat 5] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, os, resource, sys, time, timeit
root, mode, first = sys.argv[1], sys.argv[2], sys.argv[3]
others = sys.argv[4].split(",")
if mode == "memory":
    import tracemalloc
t0 = time.perf_counter()
import reader
t1 = time.perf_counter()
if mode == "memory":
    tracemalloc.start()
lib = reader.load(root)
t2 = time.perf_counter()
out = {"import": (t1 - t0) * 1e3, "open": (t2 - t1) * 1e3, "texts": len(lib.text_ids())}
if mode == "memory":
    out["open_kb"] = tracemalloc.get_traced_memory()[0] / 1024
lib.passage(first)
t3 = time.perf_counter()
out["first"] = (t3 - t2) * 1e3
if mode == "memory":
    out["first_kb"] = tracemalloc.get_traced_memory()[0] / 1024
    out["first_peak_kb"] = tracemalloc.get_traced_memory()[1] / 1024
cold = []
for ref in others:
    started = time.perf_counter()
    lib.passage(ref)
    cold.append((time.perf_counter() - started) * 1e3)
out["cold"] = sum(cold) / len(cold)
if mode == "memory":
    out["five_texts_kb"] = tracemalloc.get_traced_memory()[0] / 1024
    tracemalloc.stop()
refs = []
for ref in [first] + others:
    refs += lib.refs(ref.split(":")[0], "paragraph") + lib.refs(ref.split(":")[0], "sentence")
for ref in refs:
    lib.passage(ref)
passage = lib.passage
def loop():
    for ref in refs:
        passage(ref)
out["warm_ns"] = min(timeit.repeat(loop, number=20, repeat=5)) / 20 / len(refs) * 1e9
out["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
sys.stdout.flush()
os._exit(0)
"""


def make_corpus(source: Path, target: Path, copies: int) -> dict[str, Any]:
    """``copies`` copies of every text of ``source`` (1: the texts as they are)."""
    started = time.perf_counter()
    texts = sorted(p.stem for p in (source / "texts").glob("*.xml") if p.name != "entities.xml")
    (target / "texts").mkdir(parents=True)
    if (source / "texts" / "entities.xml").is_file():
        shutil.copy(source / "texts" / "entities.xml", target / "texts")
    langs = [d.name for d in (source / "translations").iterdir() if d.is_dir()]
    for lang in langs:
        (target / "translations" / lang).mkdir(parents=True)
    files = 0
    size = 0
    for text_id in texts:
        originals = [(source / "texts" / f"{text_id}.xml", target / "texts")]
        originals += [
            (source / "translations" / lang / f"{text_id}.xml", target / "translations" / lang)
            for lang in langs
            if (source / "translations" / lang / f"{text_id}.xml").is_file()
        ]
        for path, directory in originals:
            data = path.read_text(encoding="utf-8")
            root_id = re.compile(rf'xml:id="{text_id}"')
            own_pointer = re.compile(rf"corpus:{text_id}\b")
            for index in range(copies):
                new_id = text_id if copies == 1 else f"{text_id}_{index:04d}"
                copied = root_id.sub(f'xml:id="{new_id}"', data)
                copied = own_pointer.sub(f"corpus:{new_id}", copied)
                (directory / f"{new_id}.xml").write_text(copied, encoding="utf-8")
                files += 1
                size += len(copied.encode("utf-8"))
    return {
        "texts": len(texts) * copies,
        "files": files,
        "mb": size / 2**20,
        "seconds": time.perf_counter() - started,
    }


def child_env(cache: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(cache)
    return env


def run_child(args: list[str], env: dict[str, str]) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, *args], env=env, check=True, capture_output=True, text=True
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scales", default="1,100,1000", help="comma-separated multiples")
    parser.add_argument("--repeat", type=int, default=5, help="fresh processes per scale")
    parser.add_argument("--keep", type=Path, help="build the corpora here and keep them")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    scales = [int(s) for s in args.scales.split(",")]

    base = args.keep or Path(tempfile.mkdtemp(prefix="scale-corpus-"))
    base.mkdir(parents=True, exist_ok=True)
    env = child_env(base / "pycache")
    rows: list[dict[str, Any]] = []
    try:
        for scale in scales:
            target = base / f"x{scale}"
            if target.exists():
                shutil.rmtree(target)
            made = make_corpus(ROOT, target, scale)
            ids = sorted(p.stem for p in (target / "texts").glob("*.xml") if p.stem != "entities")
            # The first passage: karakus's copy in the middle of the corpus; the
            # cold passages: the other four texts, their last copies (the same
            # texts at every scale, so that the figures compare).
            copies = {
                original: [t for t in ids if t.split("_")[0] == original]
                for original in ("karakus", "chicherin", "gusterin", "wikipedia", "xoshgedem")
            }
            first = f"{copies['karakus'][len(copies['karakus']) // 2]}:p12"
            others = ",".join(f"{c[-1]}:p1" for name, c in copies.items() if name != "karakus")
            child_args = [str(target), "time", first, others]
            run_child(child_args, env)  # compiles bytecode, warms the file cache
            timings = [run_child(child_args, env) for _ in range(args.repeat)]
            memory = run_child([str(target), "memory", first, others], env)
            row: dict[str, Any] = {"scale": scale, **made}
            for key in ("import", "open", "first", "cold", "warm_ns", "maxrss_mb"):
                values = [t[key] for t in timings]
                row[key] = min(values)
                row[key + "_median"] = statistics.median(values)
            row.update({k: v for k, v in memory.items() if k.endswith("kb")})
            rows.append(row)
            print(
                f"x{scale}: {made['texts']} texts, {made['files']} files, "
                f"{made['mb']:.0f} MB, generated in {made['seconds']:.1f} s",
                flush=True,
            )
            if not args.keep:
                shutil.rmtree(target)
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)

    print("\nBest of", args.repeat, "fresh processes (median in brackets); times in ms")
    header = (
        f"{'scale':>6} {'texts':>6} {'open':>14} {'first passage':>16} "
        f"{'cold, other text':>17} {'warm lookup':>14} {'maxrss':>9}"
    )
    print(header)
    for row in rows:
        print(
            f"{'x' + str(row['scale']):>6} {row['texts']:>6} "
            f"{row['open']:6.2f} ({row['open_median']:5.2f}) "
            f"{row['first']:7.1f} ({row['first_median']:5.1f}) "
            f"{row['cold']:8.1f} ({row['cold_median']:5.1f}) "
            f"{row['warm_ns']:6.0f} ns ({row['warm_ns_median']:3.0f}) "
            f"{row['maxrss_mb']:6.1f} MB"
        )
    print("\nPython memory (tracemalloc, allocations after `import reader`), KiB")
    print(
        f"{'scale':>6} {'after open':>12} {'after first passage':>20} {'peak':>10} {'5 texts read':>14}"
    )
    for row in rows:
        print(
            f"{'x' + str(row['scale']):>6} {row['open_kb']:12.1f} {row['first_kb']:20.1f} "
            f"{row['first_peak_kb']:10.1f} {row['five_texts_kb']:14.1f}"
        )
    if len(rows) > 1:
        low, high = rows[0], rows[-1]
        print(
            f"\nx{high['scale']} / x{low['scale']}: open {high['open'] / low['open']:.1f}x, "
            f"first passage {high['first'] / low['first']:.2f}x, "
            f"cold passage {high['cold'] / low['cold']:.2f}x, "
            f"warm lookup {high['warm_ns'] / low['warm_ns']:.2f}x, "
            f"memory after open {high['open_kb'] / max(low['open_kb'], 1e-9):.1f}x "
            f"(+{high['open_kb'] - low['open_kb']:.0f} KiB for "
            f"{high['texts'] - low['texts']} more texts)"
        )
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(rows, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
