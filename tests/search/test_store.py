"""Where the search index lives, how it is found, made, updated and kept whole (reader.search.store)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import reader
from reader.corpus import Corpus
from reader.search.engine import Engine
from reader.search.service import SearchIndexMissing, build_index, open_engine
from reader.search.store import CorpusFiles, CorpusState, Store, default_stores, find
from tests.conftest import ROOT


def _tree(folder: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }


def _edit(corpus_root: Path, text: str = "karakus", lang: str = "tr") -> None:
    """Change one word of one translation: "kasabasında" → "köyünde"."""
    path = corpus_root / "translations" / lang / f"{text}.xml"
    data = path.read_text(encoding="utf-8")
    assert "kasabasında" in data
    path.write_text(data.replace("kasabasında", "köyünde"), encoding="utf-8")


def test_the_library_finds_the_index_by_signature_and_never_writes_beside_the_corpus(
    corpus_copy: Path, tmp_path: Path
) -> None:
    before = _tree(corpus_copy)
    lib = reader.load(corpus_copy)
    assert lib.search("kasaba", lang="tr")[0].ref == "karakus:p7.s12"
    assert _tree(corpus_copy) == before  # nothing written beside the corpus
    cache = Path(os.environ["READER_CACHE"]) / "search"
    files = CorpusFiles.scan(Corpus.open(corpus_copy))
    key = Store(cache).remembered(files)
    assert key is not None and (cache / key / "meta.json").is_file()
    # A second library finds the same index by the files' signature alone.
    again = reader.load(corpus_copy)
    assert again._search_engine().directory == cache / key


def test_a_changed_text_is_never_searched_stale_and_only_it_is_read_again(
    corpus_copy: Path, tmp_path: Path
) -> None:
    store = Store(tmp_path / "store")
    corpus = Corpus.open(corpus_copy)
    first, written = build_index(corpus, store)
    assert sorted(written.indexed) == corpus.text_ids() and written.kept == 0
    _edit(corpus_copy)
    second, written = build_index(corpus, store)
    assert second != first  # another content, another key
    assert written.indexed == ["karakus"] and written.kept == len(corpus.text_ids()) - 1
    engine = Engine(second)
    assert not engine.search("kasabasında", lang="tr")
    assert engine.search("köyünde", lang="tr")[0].ref == "karakus:p7.s12"
    # The old index is untouched (another process may hold it open).
    assert Engine(first).search("kasabasında", lang="tr")[0].ref == "karakus:p7.s12"
    # The library, for the changed corpus: the new index, found by content.
    lib_engine = open_engine(corpus, stores=[store])
    assert lib_engine.directory == second


def test_a_touched_file_keeps_its_index(corpus_copy: Path, tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    corpus = Corpus.open(corpus_copy)
    path, _written = build_index(corpus, store)
    target = corpus_copy / "texts" / "wikipedia.xml"
    os.utime(target, ns=(target.stat().st_atime_ns, target.stat().st_mtime_ns + 10**9))
    found, state = find([store], CorpusFiles.scan(corpus))
    assert found == path and state is not None  # read again, the same content
    found, state = find([store], CorpusFiles.scan(corpus))
    assert found == path and state is None  # and remembered by its new signature


def test_a_removed_and_an_added_text(corpus_copy: Path, tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    corpus = Corpus.open(corpus_copy)
    build_index(corpus, store)
    for lang in ("tr", "ru"):
        (corpus_copy / "translations" / lang / "chicherin.xml").unlink()
    (corpus_copy / "texts" / "chicherin.xml").unlink()
    path, written = build_index(corpus, store)
    assert written.indexed == [] and written.kept == 4
    engine = Engine(path)
    assert all(hit.text_id != "chicherin" for hit in engine.search("Chicherin", limit=500))


BUILD_AND_DIE = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from reader.corpus import Corpus
    from reader.search.service import build_index
    from reader.search.store import Store

    def progress(done, total, text_id):
        if done == 2:  # two texts written into the new index, three to go
            os.kill(os.getpid(), signal.SIGKILL)

    build_index(Corpus.open(sys.argv[1]), Store(Path(sys.argv[2])), progress=progress)
    """
)


def test_a_build_killed_midway_leaves_the_previous_index_whole(
    corpus_copy: Path, tmp_path: Path
) -> None:
    store = Store(tmp_path / "store")
    corpus = Corpus.open(corpus_copy)
    previous, _written = build_index(corpus, store)
    contents = _tree(previous)
    _edit(corpus_copy, "karakus")
    (corpus_copy / "texts" / "entities.xml").write_text(
        (corpus_copy / "texts" / "entities.xml").read_text(encoding="utf-8") + "\n",
        encoding="utf-8",
    )  # the authority file changed: every text is read again
    done = subprocess.run(
        [sys.executable, "-c", BUILD_AND_DIE, str(corpus_copy), str(store.path)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert _tree(previous) == contents  # the previous index, byte for byte
    staging = [p for p in store.path.iterdir() if p.name.startswith(".staging-")]
    assert staging  # what the killed build left …
    assert Engine(previous).search("kasabasında", lang="tr")
    # … is not an index anyone finds, and the next build removes it.
    found, _state = find([store], CorpusFiles.scan(corpus))
    assert found is None
    path, written = build_index(corpus, store)
    assert len(written.indexed) == len(corpus.text_ids())
    assert not [p for p in store.path.iterdir() if p.name.startswith(".staging-")]
    assert Engine(path).search("köyünde", lang="tr")


def test_no_index_and_nowhere_to_write_is_a_clear_error(corpus_copy: Path, tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    corpus = Corpus.open(corpus_copy)
    with pytest.raises(SearchIndexMissing) as caught:
        open_engine(corpus, stores=[Store(blocked / "search")])
    message = str(caught.value)
    assert "no search index for the corpus" in message
    assert f"reader index --corpus {corpus_copy}" in message
    assert isinstance(caught.value, reader.ReaderError)


def test_the_library_looks_in_the_build_of_the_project_first(
    corpus_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = Corpus.open(corpus_copy)
    monkeypatch.setenv("READER_SEARCH_INDEX", str(corpus_copy / "elsewhere"))
    stores = default_stores(corpus)
    assert [s.path for s in stores[:2]] == [
        corpus_copy / "elsewhere",
        corpus_copy / "build" / "search",
    ]
    assert stores[2].path == Path(os.environ["READER_CACHE"]) / "search"
    built, _written = build_index(corpus, Store(corpus_copy / "build" / "search"))
    monkeypatch.delenv("READER_SEARCH_INDEX")
    assert reader.load(corpus_copy)._search_engine().directory == built


def test_the_content_key_covers_every_file(corpus_copy: Path) -> None:
    corpus = Corpus.open(corpus_copy)
    before = CorpusState.read(CorpusFiles.scan(corpus))
    _edit(corpus_copy)
    after = CorpusState.read(CorpusFiles.scan(corpus))
    assert before.key != after.key
    changed = {t for t in before.digests if before.digests[t] != after.digests[t]}
    assert changed == {"karakus"}
    shutil.copy(corpus_copy / "texts" / "entities.xml", corpus_copy / "entities.bak")
    (corpus_copy / "texts" / "entities.xml").write_text("<x/>", encoding="utf-8")
    assert CorpusState.read(CorpusFiles.scan(corpus)).entities != after.entities


def test_reader_index_writes_once_then_finds_it(corpus_copy: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from reader.cli import app

    runner = CliRunner()
    out = tmp_path / "store"
    first = runner.invoke(app, ["index", "--out", str(out), "--corpus", str(corpus_copy)])
    assert first.exit_code == 0, first.output
    assert f"search: {out}/" in first.output and "5 text(s) indexed, 0 unchanged" in first.output
    again = runner.invoke(app, ["index", "--out", str(out), "--corpus", str(corpus_copy)])
    assert again.exit_code == 0 and "0 text(s) indexed, 5 unchanged" in again.output
    blocked = tmp_path / "a-file"
    blocked.write_text("", encoding="utf-8")
    failed = runner.invoke(app, ["index", "--out", str(blocked), "--corpus", str(corpus_copy)])
    assert failed.exit_code == 1
    assert failed.output.startswith(f"reader: cannot write the search index in {blocked}: ")
    assert "Traceback" not in failed.output


def test_a_damaged_index_in_the_cache_is_made_again(corpus_copy: Path) -> None:
    corpus = Corpus.open(corpus_copy)
    cache = Store(Path(os.environ["READER_CACHE"]) / "search")
    path, _written = build_index(corpus, cache)
    (path / "meta.json").write_text("{", encoding="utf-8")  # damaged by hand
    engine = open_engine(corpus, stores=[cache])
    assert engine.search("kasaba", lang="tr")[0].ref == "karakus:p7.s12"
