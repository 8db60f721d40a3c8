"""How many times one ``build_html`` parses each XML file (the target: once per file).

Wraps lxml's ``etree.fromstring`` and ``etree.parse`` in a counter keyed by the
file name each call is given, runs one full build of a copy of the corpus, and
prints the figures. Figures are printed, not asserted.

Usage: .venv/bin/python bench/parse_bench.py
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

from lxml import etree

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    counts: Counter[str] = Counter()
    original_fromstring, original_parse = etree.fromstring, etree.parse

    def counting_fromstring(data: Any, *args: Any, **kwargs: Any) -> Any:
        counts[str(kwargs.get("base_url") or "<string>")] += 1
        return original_fromstring(data, *args, **kwargs)

    def counting_parse(source: Any, *args: Any, **kwargs: Any) -> Any:
        counts[str(source)] += 1
        return original_parse(source, *args, **kwargs)

    etree.fromstring = counting_fromstring  # type: ignore[assignment]
    etree.parse = counting_parse  # type: ignore[assignment]
    try:
        from reader.build import build_html
        from reader.corpus import Corpus
        from reader.validate import schema, schema_elements

        schema(), schema_elements()  # the schema is parsed once per process, not per build
        counts.clear()
        with tempfile.TemporaryDirectory() as work:
            copy = Path(work) / "corpus"
            for part in ("texts", "translations"):
                shutil.copytree(ROOT / part, copy / part)
            started = time.perf_counter()
            build_html(Corpus.open(copy), Path(work) / "html")
            seconds = time.perf_counter() - started
            files = {name for name in counts if name.startswith(str(copy))}
            in_corpus = sum(counts[name] for name in files)
            print(f"build_html: {in_corpus} parses of {len(files)} corpus files ({seconds:.2f} s)")
            for name, count in sorted(counts.items()):
                shown = name.removeprefix(str(copy) + "/")
                print(f"  {count:3}  {shown}")
    finally:
        etree.fromstring, etree.parse = original_fromstring, original_parse


if __name__ == "__main__":
    main()
