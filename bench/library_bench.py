"""The passage library beside its floor and beside MyCapytain, in one run.

Measured, on the real corpus (texts/ and translations/):

* **open + first passage in a fresh process**: a new interpreter runs
  ``import reader; reader.load().passage("karakus:p12")``, several times; the
  bare interpreter (``python -c pass``) and ``import reader`` alone are timed
  the same way, so that "beyond the interpreter's own start" can be read off.
  The same is done for (a) the floor, ``json.load`` of the pre-extracted
  strings and one ``dict`` lookup, and (b) MyCapytain's local resolver on a
  CapiTainS layout of the same texts (``reader.render.api.capitains``).
* **a warm lookup**: ``lib.passage(ref)`` and ``lib.passage(ref, lang)`` once
  every passage has been built, against (a) a plain ``dict`` of pre-extracted
  strings (``strings[ref]``, and ``strings[ref, lang]``), and (b) MyCapytain
  (``resolver.getTextualNode(urn, ref)`` then its plain text, per passage).

Each child leaves with ``os._exit`` once it has its passage, so that the process
time is start-up and work, not the interpreter's teardown (one more row shows
the reader with its teardown). Fresh processes run with bytecode cached (``PYTHONPYCACHEPREFIX`` in a
temporary directory, as in any installed package; the first run of each kind
compiles and is not counted). Figures are printed, never asserted: the best of
N runs is the figure least disturbed by other load on the machine, the median
is given beside it.

Targets (issue 4): a warm lookup within 3x the dict floor; open + first
passage under 150 ms beyond the interpreter's own start.

Usage: .venv/bin/python bench/library_bench.py [--repeat N] [--corpus DIR] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import reader  # noqa: E402
from reader.render.api.capitains import text_urn, write_layout  # noqa: E402

FIRST_REF = "karakus:p12"

# Each child prints {"wall": ms, "cpu": ms} measured from its first statement.
CHILD_READER = """
import json, os, sys, time
t0, c0 = time.perf_counter(), time.process_time()
import reader
t1 = time.perf_counter()
lib = reader.load(sys.argv[1])
t2 = time.perf_counter()
text = lib.passage(sys.argv[2]).text
t3, c3 = time.perf_counter(), time.process_time()
assert text
print(json.dumps({"wall": (t3 - t0) * 1e3, "cpu": (c3 - c0) * 1e3, "import": (t1 - t0) * 1e3,
                  "open": (t2 - t1) * 1e3, "first": (t3 - t2) * 1e3}))
sys.stdout.flush()
if sys.argv[-1] != '--normal-exit':
    os._exit(0)  # the passage is there: leave the interpreter's teardown out
"""
CHILD_IMPORT = """
import json, os, sys, time
t0, c0 = time.perf_counter(), time.process_time()
import reader
t1, c1 = time.perf_counter(), time.process_time()
print(json.dumps({"wall": (t1 - t0) * 1e3, "cpu": (c1 - c0) * 1e3}))
sys.stdout.flush()
if sys.argv[-1] != '--normal-exit':
    os._exit(0)  # the passage is there: leave the interpreter's teardown out
"""
CHILD_DICT = """
import json, os, sys, time
t0, c0 = time.perf_counter(), time.process_time()
with open(sys.argv[1], encoding="utf-8") as f:
    strings = json.load(f)
text = strings[sys.argv[2]]
t1, c1 = time.perf_counter(), time.process_time()
assert text
print(json.dumps({"wall": (t1 - t0) * 1e3, "cpu": (c1 - c0) * 1e3}))
sys.stdout.flush()
if sys.argv[-1] != '--normal-exit':
    os._exit(0)  # the passage is there: leave the interpreter's teardown out
"""
CHILD_MYCAPYTAIN = """
import json, logging, os, sys, time
t0, c0 = time.perf_counter(), time.process_time()
from MyCapytain.common.constants import Mimetypes
from MyCapytain.resolvers.cts.local import CtsCapitainsLocalResolver
t1 = time.perf_counter()
logging.disable(logging.CRITICAL)
resolver = CtsCapitainsLocalResolver([sys.argv[1]])
t2 = time.perf_counter()
passage = resolver.getTextualNode(sys.argv[2], subreference=sys.argv[3])
text = passage.export(Mimetypes.PLAINTEXT, exclude=["tei:note", "tei:corr"])
t3, c3 = time.perf_counter(), time.process_time()
assert text
print(json.dumps({"wall": (t3 - t0) * 1e3, "cpu": (c3 - c0) * 1e3, "import": (t1 - t0) * 1e3,
                  "open": (t2 - t1) * 1e3, "first": (t3 - t2) * 1e3}))
sys.stdout.flush()
if sys.argv[-1] != '--normal-exit':
    os._exit(0)  # the passage is there: leave the interpreter's teardown out
"""


def child_env(cache: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(cache)
    return env


def fresh(runs: dict[str, list[str]], env: dict[str, str], repeat: int) -> dict[str, Any]:
    """Run each command ``repeat`` times (round robin, after one uncounted warm-up)."""
    results: dict[str, dict[str, list[float]]] = {name: {} for name in runs}
    for command in runs.values():
        subprocess.run(command, env=env, check=True, capture_output=True)
    for _ in range(repeat):
        for name, command in runs.items():
            started = time.perf_counter()
            done = subprocess.run(command, env=env, check=True, capture_output=True, text=True)
            process = (time.perf_counter() - started) * 1e3
            values = json.loads(done.stdout) if done.stdout.strip() else {}
            values["process"] = process
            for key, value in values.items():
                results[name].setdefault(key, []).append(value)
    return results


def best(values: list[float]) -> float:
    return min(values)


def per_call(function: Callable[[], object], calls: int, number: int = 20) -> float:
    """Nanoseconds per call of a loop making ``calls`` calls: best of 7 timings."""
    timings = timeit.repeat(function, number=number, repeat=7)
    return min(timings) / number / calls * 1e9


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=15, help="fresh processes per kind")
    parser.add_argument("--corpus", type=Path, default=ROOT, help="corpus directory")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    corpus: Path = args.corpus

    with tempfile.TemporaryDirectory(prefix="library-bench-") as tmp:
        work = Path(tmp)
        print(f"corpus: {corpus}   python {sys.version.split()[0]}   repeat {args.repeat}")

        # -- what every side reads ------------------------------------------------
        lib = reader.load(corpus)
        texts = {t: lib.aligned(t) for t in lib.text_ids()}
        layout = work / "capitains"
        written = write_layout(texts, layout)
        pairs: list[tuple[str, str]] = []  # (ref, lang): paragraphs and sentences, every language
        for text_id, aligned in texts.items():
            refs = lib.refs(text_id, "paragraph") + lib.refs(text_id, "sentence")
            pairs += [(ref, lang) for lang in aligned.languages for ref in refs]
        source_refs = [ref for ref, lang in pairs if lang == texts[ref.split(":")[0]].source.lang]
        strings_by_ref = {ref: lib.passage(ref).text for ref in source_refs}
        strings_by_pair = {(ref, lang): lib.passage(ref, lang).text for ref, lang in pairs}
        strings_file = work / "strings.json"
        strings_file.write_text(
            json.dumps({f"{ref}|{lang}": text for (ref, lang), text in strings_by_pair.items()}),
            encoding="utf-8",
        )
        first_text, first_item = FIRST_REF.split(":")
        first_lang = texts[first_text].source.lang

        # -- fresh processes ---------------------------------------------------------
        python = sys.executable
        runs = {
            "interpreter alone": [python, "-c", "import os; os._exit(0)"],
            "import reader": [python, "-c", CHILD_IMPORT],
            "reader: open + first passage": [
                python,
                "-c",
                CHILD_READER,
                str(corpus),
                FIRST_REF,
            ],
            "reader, with the teardown at exit": [
                python,
                "-c",
                CHILD_READER,
                str(corpus),
                FIRST_REF,
                "--normal-exit",
            ],
            "dict floor: json.load + lookup": [
                python,
                "-c",
                CHILD_DICT,
                str(strings_file),
                f"{FIRST_REF}|{first_lang}",
            ],
            "MyCapytain: resolver + first passage": [
                python,
                "-c",
                CHILD_MYCAPYTAIN,
                str(layout),
                text_urn(first_text, first_lang),
                first_item,
            ],
        }
        cold = fresh(runs, child_env(work / "pycache"), args.repeat)
        interpreter = cold["interpreter alone"]["process"]

        print(f"\nOpen + first passage ({FIRST_REF}) in a fresh process, ms")
        print(
            f"{'':38} {'process':>16} {'beyond interp.':>16} {'in-process':>16} {'in-proc CPU':>12}"
        )
        print(
            f"{'':38} {'best / median':>16} {'best / median':>16} {'best / median':>16} {'best':>12}"
        )
        figures: dict[str, Any] = {"fresh": {}, "warm": {}, "mycapytain_per_text": {}}
        for name, values in cold.items():
            process = values["process"]
            beyond = [p - best(interpreter) for p in process]
            row = f"{name:38} {best(process):7.1f} / {statistics.median(process):6.1f}"
            row += f" {best(beyond):7.1f} / {statistics.median(beyond):6.1f}"
            if "wall" in values:
                row += f" {best(values['wall']):7.1f} / {statistics.median(values['wall']):6.1f}"
                row += f" {best(values['cpu']):12.1f}"
            print(row)
            figures["fresh"][name] = {
                key: {"best": best(v), "median": statistics.median(v)} for key, v in values.items()
            }
        for name in ("reader: open + first passage", "MyCapytain: resolver + first passage"):
            parts = cold[name]
            print(
                f"  {name.split(':')[0]:10} import {best(parts['import']):6.1f}  "
                f"open {best(parts['open']):6.1f}  first passage {best(parts['first']):6.1f}  (best, ms)"
            )

        # -- warm lookups -------------------------------------------------------------
        passage = lib.passage
        for ref, lang in pairs:
            passage(ref, lang)
        by_ref, by_pair = strings_by_ref, strings_by_pair
        keys = list(by_pair)

        def ours_default() -> None:
            for ref in source_refs:
                passage(ref)

        def ours_lang() -> None:
            for ref, lang in keys:
                passage(ref, lang)

        def floor_ref() -> None:
            for ref in source_refs:
                by_ref[ref]

        def floor_pair() -> None:
            for ref, lang in keys:
                by_pair[ref, lang]

        warm = {
            "reader: lib.passage(ref)": per_call(ours_default, len(source_refs)),
            "dict floor: strings[ref]": per_call(floor_ref, len(source_refs)),
            "reader: lib.passage(ref, lang)": per_call(ours_lang, len(keys)),
            "dict floor: strings[ref, lang]": per_call(floor_pair, len(keys)),
        }

        # MyCapytain: the resolver as the issue measured it (it reads and parses
        # the file on every request), and a text object kept parsed.
        import logging

        from MyCapytain.common.constants import Mimetypes
        from MyCapytain.resolvers.cts.local import CtsCapitainsLocalResolver

        logging.disable(logging.CRITICAL)
        resolver = CtsCapitainsLocalResolver([str(layout)])
        per_text: dict[str, tuple[int, float, float]] = {}
        all_resolver: list[float] = []
        all_kept: list[float] = []
        for item in written:
            refs = [
                ref.split(":", 1)[1]
                for ref in lib.refs(item.text_id, "paragraph")
                if re.fullmatch(r"p\d+", ref.split(":", 1)[1])
            ]
            if not refs:
                continue
            kept, _meta = resolver.__getText__(item.urn)

            def via_resolver(urn: str = item.urn, refs: list[str] = refs) -> None:
                for ref in refs:
                    resolver.getTextualNode(urn, subreference=ref).export(
                        Mimetypes.PLAINTEXT, exclude=["tei:note", "tei:corr"]
                    )

            def via_text(kept: Any = kept, refs: list[str] = refs) -> None:
                for ref in refs:
                    kept.getTextualNode(ref).export(
                        Mimetypes.PLAINTEXT, exclude=["tei:note", "tei:corr"]
                    )

            resolver_ns = per_call(via_resolver, len(refs), number=1)
            kept_ns = per_call(via_text, len(refs), number=1)
            per_text[item.urn] = (len(refs), resolver_ns, kept_ns)
            all_resolver += [resolver_ns] * len(refs)
            all_kept += [kept_ns] * len(refs)
        warm["MyCapytain: resolver.getTextualNode + text"] = statistics.mean(all_resolver)
        warm["MyCapytain: parsed text.getTextualNode + text"] = statistics.mean(all_kept)
        figures["warm"] = warm

        print(f"\nWarm lookup, every passage already built ({len(keys)} ref x language pairs)")
        for name, ns in warm.items():
            shown = f"{ns / 1e6:10.3f} ms" if ns > 1e5 else f"{ns:10.0f} ns"
            print(f"  {name:48} {shown}")
        print("\nMyCapytain per passage, by version (paragraphs; resolver / parsed text, ms)")
        for urn, (count, resolver_ns, kept_ns) in per_text.items():
            print(f"  {urn:44} {count:4d} ¶  {resolver_ns / 1e6:7.3f} / {kept_ns / 1e6:7.3f}")
            figures["mycapytain_per_text"][urn] = {
                "paragraphs": count,
                "resolver_ms": resolver_ns / 1e6,
                "parsed_text_ms": kept_ns / 1e6,
            }

        # -- targets ----------------------------------------------------------------------
        ratio_ref = warm["reader: lib.passage(ref)"] / warm["dict floor: strings[ref]"]
        ratio_pair = warm["reader: lib.passage(ref, lang)"] / warm["dict floor: strings[ref, lang]"]
        mycap_ratio = (
            warm["MyCapytain: resolver.getTextualNode + text"]
            / warm["reader: lib.passage(ref, lang)"]
        )
        reader_cold = cold["reader: open + first passage"]
        beyond_best = best(reader_cold["process"]) - best(interpreter)
        beyond_median = statistics.median(reader_cold["process"]) - statistics.median(interpreter)
        print("\nTargets")
        print(
            f"  warm lookup / dict floor: {ratio_ref:.1f}x (strings[ref]), "
            f"{ratio_pair:.1f}x (strings[ref, lang]); target within 3x: "
            f"{'met' if ratio_ref <= 3 else 'NOT met'}"
        )
        print(f"  MyCapytain resolver / warm lookup: {mycap_ratio:,.0f}x")
        print(
            f"  open + first passage beyond the interpreter: {beyond_best:.0f} ms best, "
            f"{beyond_median:.0f} ms median (in-process {best(reader_cold['wall']):.0f} ms, "
            f"CPU {best(reader_cold['cpu']):.0f} ms); target under 150 ms: "
            f"{'met' if beyond_best < 150 else 'NOT met'}"
        )
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
