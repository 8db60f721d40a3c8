"""Safe loading bounds the nesting of elements (issue 12 item 4).

The build broke on about 160 nested ``<hi>`` and the library on about 200
(RecursionError). Loading now refuses more than ``MAX_DEPTH`` levels with
file and line, for validate, the build and the library alike, and everything
below the limit reads, renders and builds (tests/test_library.py,
tests/render/common/test_inline.py, tests/test_build.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.errors import CorpusError
from reader.tei.read import read
from reader.tei.xml import MAX_DEPTH, load
from tests.support.nesting import nested_corpus


def test_the_deepest_allowed_file_loads_and_reads(tmp_path: Path) -> None:
    root = nested_corpus(tmp_path / "c", MAX_DEPTH)
    path = root / "texts" / "tiny.xml"
    tree = load(path)
    assert max(len(list(e.iterancestors())) + 1 for e in tree.iter()) == MAX_DEPTH
    document = read(path)
    assert "italics" in str(document.units["p2"].model_dump())


@pytest.mark.parametrize("deepest", [MAX_DEPTH + 1, 160, 250])
def test_deeper_nesting_is_refused_with_file_and_line(tmp_path: Path, deepest: int) -> None:
    path = nested_corpus(tmp_path / "c", deepest) / "texts" / "tiny.xml"
    line = next(
        number
        for number, text in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1)
        if "italics" in text
    )
    for attempt in (load, read):
        with pytest.raises(CorpusError) as caught:
            attempt(path)
        assert [str(p) for p in caught.value.problems] == [
            f"{path}:{line}: error: <hi> is nested {MAX_DEPTH + 1} elements deep; "
            f"texts nest at most {MAX_DEPTH} (the deepest of the corpus: 13)"
        ]
