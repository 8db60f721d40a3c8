"""Opening the search of a corpus: find its index, or make it where the library may write."""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from pathlib import Path

from reader.align import AlignedText
from reader.corpus import Corpus
from reader.errors import ReaderError
from reader.search.engine import Engine
from reader.search.index import Progress, Written
from reader.search.store import CorpusFiles, CorpusState, Store, default_stores, find, loader


class SearchIndexMissing(ReaderError, LookupError):
    """No search index for a corpus, and nowhere the library may write one."""

    def __init__(self, corpus: Corpus, stores: list[Store]) -> None:
        self.stores = stores
        where = ", ".join(str(store.path) for store in stores)
        super().__init__(
            f"no search index for the corpus in {corpus.root}, and none of {where} is writable; "
            f"build one with `reader index --corpus {corpus.root}` (into the cache, or "
            "--out DIR with READER_SEARCH_INDEX=DIR) or `reader build`"
        )


def open_engine(
    corpus: Corpus,
    *,
    stores: list[Store] | None = None,
    progress: Progress | None = None,
    texts: Mapping[str, AlignedText] | None = None,
) -> Engine:
    """The search engine of ``corpus``: its index found in ``stores``, or made in the first writable one.

    Finding costs a ``stat`` per corpus file and the opening of the index (a few
    milliseconds); making reads every text once (``progress`` is told of each).
    """
    chosen = stores if stores is not None else default_stores(corpus)
    files = CorpusFiles.scan(corpus)
    found, state = find(chosen, files)
    if found is not None:
        try:
            return Engine(found)
        except (ValueError, OSError):  # damaged (by hand, a full disk): made again below
            state = state or CorpusState.read(files)
            if found.parent == chosen[-1].path:
                shutil.rmtree(found, ignore_errors=True)
    assert state is not None
    for store in reversed(chosen):  # the cache is last: the place the library may write
        if store.writable():
            path, _written = store.build(files, state, loader(corpus, texts), progress=progress)
            return Engine(path)
    raise SearchIndexMissing(corpus, chosen)


def build_index(
    corpus: Corpus,
    store: Store,
    *,
    texts: Mapping[str, AlignedText] | None = None,
    progress: Progress | None = None,
) -> tuple[Path, Written]:
    """Make (or find) the index of ``corpus`` in ``store``: only the texts that changed are read."""
    files = CorpusFiles.scan(corpus)
    key = store.remembered(files)
    if key is not None:
        return store.index_path(key), Written(kept=len(files.texts))
    state = CorpusState.read(files)
    return store.build(files, state, loader(corpus, texts), progress=progress)


__all__ = ["SearchIndexMissing", "build_index", "open_engine"]
