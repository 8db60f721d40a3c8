"""The library under threads and floods of spellings (issue 12 items 2 and 9), in figures.

Measured, on the real corpus:

* **threads**: on a fresh library, 8 threads each make 10,000 calls drawn at
  random from a mixed list (every unit and a share of the sentences, in every
  language, as ``TEXT:REF`` and as CTS URNs; ranges; parallels); every answer
  is compared with a single-threaded library's. Printed per trial: exceptions,
  wrong answers, seconds. The interpreter switches threads every microsecond
  (``sys.setswitchinterval``), as a busy server would make it.
* **spellings**: memory kept after 20,000 requests that differ only in
  spelling: a URN with a bogus version (``karakus.x{i}``), and valid spellings
  of real passages (whitespace, URNs) — traced by ``tracemalloc``.
* **warm lookups**: ``lib.passage(ref)`` and ``lib.passage(ref, lang)`` once
  built, beside a plain ``dict`` of the same keys (the floor).

Figures are printed, never asserted. ``READER_CODE=DIR`` measures the code
of another checkout (on this corpus), for figures before a change.

Usage: .venv/bin/python bench/library_threads_bench.py [--trials N] [--calls N] [--spellings N]
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import sys
import threading
import time
import timeit
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# READER_CODE=DIR measures another checkout's code (e.g. main's, for "before" figures).
sys.path.insert(0, os.environ.get("READER_CODE", str(ROOT)))

import reader  # noqa: E402
from reader import refs as reader_refs  # noqa: E402

THREADS = 8


def mixed_calls(lib: reader.Library) -> list[tuple[str, tuple[Any, ...]]]:
    rng = random.Random(12)
    calls: list[tuple[str, tuple[Any, ...]]] = []
    for text_id in lib.text_ids():
        languages = lib.aligned(text_id).languages
        sentences = lib.refs(text_id, "sentence")
        for ref in lib.refs(text_id, "unit") + rng.sample(sentences, min(60, len(sentences))):
            calls.append(("passage", (ref,)))
            for lang in languages:
                calls.append(("passage", (ref, lang)))
                calls.append(("passage", (reader_refs.urn(reader_refs.parse(ref), lang),)))
        paragraphs = lib.refs(text_id, "paragraph")
        span = f"{paragraphs[0]}-{paragraphs[min(4, len(paragraphs) - 1)].split(':')[1]}"
        calls += [("passages", (span, lang)) for lang in languages]
        calls.append(("parallel", (paragraphs[-1],)))
    return calls


def answer(lib: reader.Library, call: tuple[str, tuple[Any, ...]]) -> object:
    method, args = call
    result = getattr(lib, method)(*args)
    if isinstance(result, reader.Passage):
        return result.model_dump(exclude={"cited"})
    if isinstance(result, reader.Parallel):
        return [p.model_dump(exclude={"cited"}) for p in result.passages]
    return [p.model_dump(exclude={"cited"}) for p in result]


def threads_trial(
    corpus: Path, calls: list[Any], expected: list[object], seed: int, per_thread: int
) -> tuple[int, int, float]:
    lib = reader.load(corpus)
    barrier = threading.Barrier(THREADS)
    errors = [0] * THREADS
    wrong = [0] * THREADS

    def work(index: int) -> None:
        rng = random.Random(seed * 100 + index)
        picks = [rng.randrange(len(calls)) for _ in range(per_thread)]
        barrier.wait()
        for position in picks:
            try:
                got = answer(lib, calls[position])
            except Exception:
                errors[index] += 1
                continue
            if got != expected[position]:
                wrong[index] += 1

    threads = [threading.Thread(target=work, args=(i,)) for i in range(THREADS)]
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    started = time.perf_counter()
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(before)
    return sum(errors), sum(wrong), time.perf_counter() - started


def spelled_memory(corpus: Path, spellings: list[str]) -> tuple[int, float]:
    """Requests accepted, and MB still held after asking every spelling once."""
    lib = reader.load(corpus)
    lib.passage("karakus:p12")
    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    accepted = 0
    for spelled in spellings:
        try:
            lib.passage(spelled)
            accepted += 1
        except reader.ReaderError:
            pass
    gc.collect()
    held = (tracemalloc.get_traced_memory()[0] - base) / 2**20
    tracemalloc.stop()
    return accepted, held


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT)
    parser.add_argument("--trials", type=int, default=3)
    parser.add_argument("--calls", type=int, default=10_000, help="calls per thread")
    parser.add_argument("--spellings", type=int, default=20_000)
    args = parser.parse_args()
    print(f"reader from {Path(reader.__file__).parent}   python {sys.version.split()[0]}")

    single = reader.load(args.corpus)
    calls = mixed_calls(single)
    expected = [answer(single, call) for call in calls]
    print(f"\n{THREADS} threads x {args.calls:,} calls on a fresh library ({len(calls)} kinds)")
    for trial in range(args.trials):
        errors, wrong, seconds = threads_trial(args.corpus, calls, expected, trial, args.calls)
        print(
            f"  trial {trial + 1}: {errors:5d} exceptions  {wrong:5d} wrong answers  {seconds:6.1f} s"
        )

    n = args.spellings
    bogus = [f"urn:cts:sovturk:karakus.x{i}:p12" for i in range(n)]
    units = [r for t in single.text_ids() for r in single.refs(t, "unit")]
    valid = [" " * (i % 40) + units[i % len(units)] + " " * (i // 40 % 40) for i in range(n)]
    print(f"\nMemory held after {n:,} requests differing only in spelling")
    for name, spellings in (
        ("bogus URN versions (karakus.x{i})", bogus),
        ("valid spellings", valid),
    ):
        accepted, held = spelled_memory(args.corpus, spellings)
        print(f"  {name:36} {accepted:6,} accepted  {held:8.1f} MB held")

    lib = reader.load(args.corpus)
    pairs = [(r, lang) for r in units for lang in ("en", "tr", "ru")]
    for ref in units:
        lib.passage(ref)
    for ref, lang in pairs:
        lib.passage(ref, lang)
    floor_ref = dict.fromkeys(units, 1)
    floor_pair = dict.fromkeys(pairs, 1)
    passage = lib.passage

    def per_call(statement: Any, count: int) -> float:
        return min(timeit.repeat(statement, number=20, repeat=7)) / 20 / count * 1e9

    print(f"\nWarm lookup ({len(units)} refs, {len(pairs)} ref x language pairs), ns per call")
    ours = per_call(lambda: [passage(r) for r in units], len(units))
    floor = per_call(lambda: [floor_ref[r] for r in units], len(units))
    print(f"  lib.passage(ref)        {ours:6.0f}   dict floor {floor:4.0f}   {ours / floor:4.1f}x")
    ours = per_call(lambda: [passage(r, lang) for r, lang in pairs], len(pairs))
    floor = per_call(lambda: [floor_pair[r, lang] for r, lang in pairs], len(pairs))
    print(f"  lib.passage(ref, lang)  {ours:6.0f}   dict floor {floor:4.0f}   {ours / floor:4.1f}x")


if __name__ == "__main__":
    main()
