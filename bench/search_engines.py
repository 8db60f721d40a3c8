"""Two embedded engines on our matching rules: Tantivy and SQLite FTS5, on the same tokens.

Issue 14 asks to measure at least two engines before choosing. Both get the
same records and the same analysed tokens (``reader.search.index.record_tokens``:
folded words, keys, names, each prefixed with its language), the same query
(a disjunction over languages and name variants of a conjunction over words
of exact/key/name matches) and the same ranking (BM25 with the fields weighted
1, 0.8, 0.6, multiplied by the passage-in-context weight):

* **Tantivy** (``tantivy`` on PyPI, Rust): the index ``lib.search`` uses;
* **SQLite FTS5** (the standard library): a ``fts5`` table of three columns
  (tokenizer ``unicode61`` keeping ``|`` in tokens, no diacritics removal), a
  ``bm25(fts, 1, 0.8, 0.6)`` rank times the weight, ``LIMIT 20``.

Records, their tokens and their stored JSON are made once (not timed); then
each engine is timed inserting them (one transaction / one commit), its size on disk, the open and
first query, and each query warm. Figures are printed, never asserted.

Usage: .venv/bin/python bench/search_engines.py [--corpus DIR] [--repeat 20]
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import tantivy  # noqa: E402

from reader.align import load_aligned  # noqa: E402
from reader.corpus import Corpus  # noqa: E402
from reader.entities import load_entities  # noqa: E402
from reader.search.analysis import STEMMERS, folded_and_keys  # noqa: E402
from reader.search.engine import WEIGHT_NAME, WEIGHT_STEM, Engine, Variant, query_words  # noqa: E402
from reader.search.index import (  # noqa: E402
    IndexMeta,
    context_value,
    record_tokens,
    schema,
    stored_record,
)
from reader.search.records import records_of  # noqa: E402
from reader.search.store import CorpusFiles, CorpusState, code_digest  # noqa: E402

QUERIES = [
    ("Chicherin", None),
    ("kasaba", "tr"),
    ("договор", "ru"),
    ("istanbul", None),
    ("Moscow treaty", None),
    ("Soviet Russia", "en"),
    ("the", "en"),
]


def size_mb(path: Path) -> float:
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files) / 2**20


def fts5_query(variants: list[Variant], langs: list[str]) -> str:
    """The same query as the Tantivy engine's, in FTS5's query language (weights are per column)."""

    def quoted(token: str) -> str:
        return '"' + token.replace('"', '""') + '"'

    alternatives = []
    for lang in langs:
        for variant in variants:
            if variant.langs is not None and lang not in variant.langs:
                continue
            words = []
            for word, _weight in variant.words:
                folded, keys = folded_and_keys(word, lang)
                ors = " OR ".join(quoted(f"{lang}|{k}") for k in sorted(keys))
                words.append(
                    f"(exact : {quoted(f'{lang}|{folded}')} OR keys : ({ors}) OR names : ({ors}))"
                )
            alternatives.append("(" + " AND ".join(words) + ")")
    return " OR ".join(alternatives)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=ROOT)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    corpus = Corpus.open(args.corpus)
    entities = load_entities(corpus.entities_path)

    started = time.perf_counter()
    rows = []  # (record, exact, keys, names, context)
    for text_id in corpus.text_ids():
        for record in records_of(load_aligned(corpus, text_id)):
            exact, keys, names = record_tokens(record, entities)
            stored = json.dumps(stored_record(record), ensure_ascii=False)
            rows.append((record, exact, keys, names, context_value(exact), stored))
    print(
        f"{args.corpus}: {len(rows)} records, analysed in {time.perf_counter() - started:.1f} s "
        "(not counted below)"
    )
    work = Path(tempfile.mkdtemp(prefix="search-engines-"))
    try:
        results: dict[str, dict[str, object]] = {}

        # -- Tantivy ------------------------------------------------------------
        from reader.search.index import text_document

        directory = work / "tantivy"
        directory.mkdir()
        started = time.perf_counter()
        index = tantivy.Index(schema(), path=str(directory))
        writer = index.writer(heap_size=48_000_000, num_threads=1)
        for record, exact, keys, names, context, stored in rows:
            document = tantivy.Document()
            document.add_text("kind", "record")
            document.add_text("text_id", record.text_id)
            document.add_text("exact", exact)
            document.add_text("keys", keys)
            if names:
                document.add_text("names", names)
            document.add_float("context", context)
            document.add_unsigned("order", record.order)
            document.add_bytes("record", stored.encode("utf-8"))
            writer.add_document(document)
        state = CorpusState.read(CorpusFiles.scan(corpus))
        for text_id, digest in state.digests.items():
            writer.add_document(text_document(text_id, digest))
        writer.add_document(IndexMeta.of(code_digest(), state.entities, entities).document())
        writer.commit()
        writer.wait_merging_threads()
        build = time.perf_counter() - started
        started = time.perf_counter()
        engine = Engine(directory)
        engine.search(QUERIES[0][0], QUERIES[0][1])
        first = time.perf_counter() - started
        warm = {}
        for query, lang in QUERIES:
            variants = engine.variants(query_words(query))
            tq = engine.query(variants, [lang] if lang else list(STEMMERS))
            times = []
            for _ in range(args.repeat):
                t = time.perf_counter()
                engine.searcher.search(tq, 20, count=False, weight_by_field="context")
                times.append((time.perf_counter() - t) * 1e3)
            warm[query] = statistics.median(times)
        results["Tantivy"] = {
            "build": build,
            "size": size_mb(directory),
            "first": first,
            "warm": warm,
        }

        # -- SQLite FTS5 ------------------------------------------------------------
        path = work / "fts5.sqlite"
        started = time.perf_counter()
        db = sqlite3.connect(path)
        db.execute(
            "CREATE VIRTUAL TABLE fts USING fts5(exact, keys, names, "
            "tokenize = \"unicode61 remove_diacritics 0 tokenchars '|'\")"
        )
        db.execute("CREATE TABLE records (id INTEGER PRIMARY KEY, weight REAL, record TEXT)")
        with db:
            for number, (_record, exact, keys, names, context, stored) in enumerate(rows):
                db.execute(
                    "INSERT INTO fts (rowid, exact, keys, names) VALUES (?, ?, ?, ?)",
                    (number, exact, keys, names),
                )
                db.execute(
                    "INSERT INTO records VALUES (?, ?, ?)",
                    (number, math.log2(2 + context), stored),
                )
        db.close()
        build = time.perf_counter() - started
        sql = (
            "SELECT fts.rowid, bm25(fts, 1.0, ?, ?) * r.weight AS score FROM fts "
            "JOIN records r ON r.id = fts.rowid WHERE fts MATCH ? ORDER BY score LIMIT 20"
        )
        started = time.perf_counter()
        db = sqlite3.connect(path)
        variants = engine.variants(query_words(QUERIES[0][0]))
        db.execute(sql, (WEIGHT_STEM, WEIGHT_NAME, fts5_query(variants, list(STEMMERS)))).fetchall()
        first = time.perf_counter() - started
        warm = {}
        agree = {}
        for query, lang in QUERIES:
            variants = engine.variants(query_words(query))
            match = fts5_query(variants, [lang] if lang else list(STEMMERS))
            times = []
            for _ in range(args.repeat):
                t = time.perf_counter()
                found = db.execute(sql, (WEIGHT_STEM, WEIGHT_NAME, match)).fetchall()
                times.append((time.perf_counter() - t) * 1e3)
            warm[query] = statistics.median(times)
            count_sql = "SELECT count(*) FROM fts WHERE fts MATCH ?"
            tantivy_count = engine.searcher.search(
                engine.query(variants, [lang] if lang else list(STEMMERS)), 1, count=True
            )
            agree[query] = (
                db.execute(count_sql, (match,)).fetchone()[0],
                getattr(tantivy_count, "count", None),
                len(found),
            )
        db.close()
        results["SQLite FTS5"] = {
            "build": build,
            "size": size_mb(path),
            "first": first,
            "warm": warm,
        }

        print(f"\n{'':14} {'insert':>9} {'size':>9} {'open+first':>11}   warm query, median ms")
        print(
            f"{'':14} {'':>9} {'':>9} {'':>11}   " + " ".join(f"{q[:12]:>12}" for q, _ in QUERIES)
        )
        for name, figures in results.items():
            warm_figures: dict[str, float] = figures["warm"]  # type: ignore[assignment]
            print(
                f"{name:14} {figures['build']:8.2f}s {figures['size']:7.1f}MB "
                f"{figures['first'] * 1e3:9.1f}ms   "
                + " ".join(f"{warm_figures[q]:12.2f}" for q, _ in QUERIES)
            )
        print("\nMatches (FTS5 / Tantivy), the same query:")
        for query, (fts, tan, _shown) in agree.items():
            print(f"  {query:16} {fts:>8} / {tan}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
