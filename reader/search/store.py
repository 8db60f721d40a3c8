"""Where search indexes live, how one is found for a corpus, and how one is made safely.

A *store* is a folder of indexes, each in a folder named by the **content
key** of the corpus it holds: a digest of every file of the corpus (texts,
translations, the authority file), of the code that turns them into records
and of the index schema. An index is therefore never stale: a corpus whose
files changed has another key. Two stores are used:

* ``OUT/search/`` written by ``reader build`` (``build/search`` by default);
* the user's cache folder (``platformdirs.user_cache_dir("reader")``), where
  ``lib.search`` makes the index of a corpus that has none (an installed
  package's corpus is read-only: nothing is ever written beside it).

Finding an index must cost milliseconds, but a content key needs every byte
of the corpus. So each store remembers, per corpus folder, the *signature* of
its files (names, sizes, modification times, one ``stat`` each) and the key it
had (``roots/*.json``): an unchanged signature gives the key at once; a
changed one costs one read of the files, and if the contents are the same
(files touched, copied) the same index serves.

A new index is made in a staging folder beside the others, seeded with hard
links to the files of the corpus's previous index (Tantivy never rewrites a
file: an update adds segments and writes a new ``meta.json``), updated for
the texts that changed, committed, and renamed into place in one step. A
process killed at any point leaves the previous index whole; the next build
removes the staging folders of processes that are gone.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from reader.align import AlignedText
from reader.corpus import AUTHORITY_FILE, LANGUAGES, Corpus
from reader.entities import load_entities
from reader.search.index import SCHEMA_VERSION, IndexMeta, Progress, Written, update

#: Code whose output is in the records: a change in it makes another key.
_SHAPING = ("search", "tei", "align.py", "model.py", "entities.py", "refs.py", "corpus.py")
_STAGING = ".staging-"
_ROOTS = "roots"
#: Indexes of one corpus folder kept in a store besides the current one.
KEEP_PREVIOUS = 1


@cache
def code_digest() -> str:
    """Digest of the code that makes the records and of the index's schema and engine."""
    import tantivy

    package = Path(str(resources.files("reader")))
    h = hashlib.sha256(f"{SCHEMA_VERSION}:{getattr(tantivy, '__version__', '')}".encode())
    for name in _SHAPING:
        path = package / name
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        for file in files:
            h.update(file.relative_to(package).as_posix().encode())
            h.update(file.read_bytes())
    return h.hexdigest()[:20]


# ------------------------------------------------------------- the corpus


@dataclass(frozen=True)
class CorpusFiles:
    """The files of a corpus that search reads, with one ``stat`` each.

    Paths stay strings: at 15,000 files, making ``Path`` objects cost more
    than the ``stat`` calls (the scan is part of every first search).
    """

    root: Path
    texts: dict[str, list[tuple[str, str]]]  # text id → (relative path, path) of its files
    entities: Path | None
    signature: str

    @classmethod
    def scan(cls, corpus: Corpus) -> CorpusFiles:
        stats: list[str] = []
        texts: dict[str, list[tuple[str, str]]] = {}
        with os.scandir(corpus.texts_dir) as entries:
            for entry in entries:
                name = entry.name
                if not name.endswith(".xml") or name.startswith(".") or name == AUTHORITY_FILE:
                    continue
                relative = "texts/" + name
                texts[name[:-4]] = [(relative, entry.path)]
                stat = entry.stat()
                stats.append(f"{relative}\0{stat.st_size}\0{stat.st_mtime_ns}")
        for lang in LANGUAGES:
            folder = corpus.translations_dir / lang
            try:
                scanned = os.scandir(folder)
            except FileNotFoundError:
                continue
            with scanned as entries:
                for entry in entries:
                    paths = texts.get(entry.name[:-4])
                    if paths is not None and entry.name.endswith(".xml"):
                        relative = f"translations/{lang}/{entry.name}"
                        paths.append((relative, entry.path))
                        stat = entry.stat()
                        stats.append(f"{relative}\0{stat.st_size}\0{stat.st_mtime_ns}")
        entities: Path | None = corpus.entities_path
        try:
            stat = corpus.entities_path.stat()
            stats.append(f"texts/{AUTHORITY_FILE}\0{stat.st_size}\0{stat.st_mtime_ns}")
        except FileNotFoundError:
            entities = None
        stats.sort()
        stats.append(code_digest())
        signature = hashlib.sha256("\n".join(stats).encode()).hexdigest()[:24]
        return cls(corpus.root, dict(sorted(texts.items())), entities, signature)


@dataclass(frozen=True)
class CorpusState:
    """The content of a corpus: a digest per text, of the authority file, and the key of all."""

    digests: dict[str, str]
    entities: str
    key: str

    @classmethod
    def read(cls, files: CorpusFiles) -> CorpusState:
        digests = {}
        for text_id, paths in files.texts.items():
            h = hashlib.sha256()
            for relative, path in sorted(paths):
                h.update(relative.encode() + b"\0")
                with open(path, "rb") as stream:
                    h.update(hashlib.sha256(stream.read()).digest())
            digests[text_id] = h.hexdigest()[:24]
        entities = (
            hashlib.sha256(files.entities.read_bytes()).hexdigest()[:24]
            if files.entities is not None
            else "none"
        )
        whole = hashlib.sha256(f"{code_digest()}\0{entities}".encode())
        for text_id, digest in digests.items():
            whole.update(f"\0{text_id}\0{digest}".encode())
        return cls(digests, entities, whole.hexdigest()[:24])


# ----------------------------------------------------------------- stores


def _root_name(root: Path) -> str:
    return hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:16] + ".json"


class Store:
    """A folder of indexes named by content key, with the signatures of the corpora it saw."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __repr__(self) -> str:
        return f"Store({str(self.path)!r})"

    def index_path(self, key: str) -> Path:
        return self.path / key

    def has(self, key: str) -> bool:
        return (self.path / key / "meta.json").is_file()

    def remembered(self, files: CorpusFiles) -> str | None:
        """The key of the corpus if its files have not changed since this store last saw them."""
        try:
            data = json.loads((self.path / _ROOTS / _root_name(files.root)).read_text("utf-8"))
        except (OSError, ValueError):
            return None
        if isinstance(data, dict) and data.get("signature") == files.signature:
            key = data.get("key")
            return key if isinstance(key, str) and self.has(key) else None
        return None

    def previous_keys(self, files: CorpusFiles) -> list[str]:
        try:
            data = json.loads((self.path / _ROOTS / _root_name(files.root)).read_text("utf-8"))
        except (OSError, ValueError):
            return []
        keys = data.get("keys", []) if isinstance(data, dict) else []
        return [k for k in keys if isinstance(k, str) and self.has(k)]

    def remember(self, files: CorpusFiles, key: str) -> None:
        """Note the corpus's signature and key (quietly skipped where the store is read-only)."""
        keys = [key] + [k for k in self.previous_keys(files) if k != key]
        data = {
            "root": str(files.root.resolve()),
            "signature": files.signature,
            "key": key,
            "keys": keys[: 1 + KEEP_PREVIOUS],
        }
        with contextlib.suppress(OSError):
            _write_atomically(
                self.path / _ROOTS / _root_name(files.root),
                json.dumps(data, indent=1).encode("utf-8"),
            )
            for old in keys[1 + KEEP_PREVIOUS :]:
                if not self._in_use_elsewhere(old, files):
                    shutil.rmtree(self.path / old, ignore_errors=True)

    def _in_use_elsewhere(self, key: str, files: CorpusFiles) -> bool:
        mine = _root_name(files.root)
        for memo in (self.path / _ROOTS).glob("*.json"):
            if memo.name == mine:
                continue
            with contextlib.suppress(OSError, ValueError):
                if key in json.loads(memo.read_text("utf-8")).get("keys", []):
                    return True
        return False

    def writable(self) -> bool:
        try:
            self.path.mkdir(parents=True, exist_ok=True)
        except OSError:
            return False
        return os.access(self.path, os.W_OK | os.X_OK)

    def clean(self) -> None:
        """Remove what no one will use: staging folders of processes now gone, the notes of
        corpus folders that are gone, and the indexes that no note names."""
        if not self.path.is_dir():
            return
        for staging in self.path.glob(f"{_STAGING}*"):
            pid = staging.name[len(_STAGING) :].split("-", 1)[0]
            if not pid.isdigit() or not _alive(int(pid)):
                shutil.rmtree(staging, ignore_errors=True)
        named: set[str] = set()
        for memo in (self.path / _ROOTS).glob("*.json"):
            try:
                data = json.loads(memo.read_text("utf-8"))
                root = Path(data["root"])
                keys = [str(k) for k in data.get("keys", [])]
            except (OSError, ValueError, KeyError, TypeError):
                memo.unlink(missing_ok=True)
                continue
            if (root / "texts").is_dir():
                named.update(keys)
            else:
                memo.unlink(missing_ok=True)
        for folder in self.path.iterdir():
            if folder.is_dir() and (folder / "meta.json").is_file() and folder.name not in named:
                shutil.rmtree(folder, ignore_errors=True)

    def build(
        self,
        files: CorpusFiles,
        state: CorpusState,
        load: Callable[[str], AlignedText],
        *,
        progress: Progress | None = None,
    ) -> tuple[Path, Written]:
        """Make the index of ``state`` in this store (from the corpus's previous one) and name it."""
        target = self.index_path(state.key)
        if self.has(state.key):
            self.remember(files, state.key)
            return target, Written(kept=len(state.digests))
        self.path.mkdir(parents=True, exist_ok=True)
        self.clean()
        staging = Path(tempfile.mkdtemp(prefix=f"{_STAGING}{os.getpid()}-", dir=self.path))
        try:
            staging.chmod(
                0o755
            )  # readable like the rest of a build, not private as mkdtemp makes it
            previous = self.previous_keys(files)
            if previous:
                _link_tree(self.index_path(previous[0]), staging)
            entities = load_entities(files.entities) if files.entities is not None else {}
            meta = IndexMeta.of(code_digest(), state.entities, entities)
            written = update(staging, state.digests, meta, load, entities, progress=progress)
            try:
                staging.rename(target)
            except OSError:
                if not self.has(state.key):  # not another process that made the same index first
                    raise
                shutil.rmtree(staging, ignore_errors=True)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        self.remember(files, state.key)
        return target, written


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _link_tree(source: Path, target: Path) -> None:
    """Hard links to the segment files of ``source`` (copies of its small, rewritten files)."""
    for path in source.iterdir():
        if path.name.startswith(".tantivy-") and path.name.endswith(".lock"):
            continue
        destination = target / path.name
        if path.suffix == ".json":
            shutil.copy2(path, destination)
            continue
        try:
            os.link(path, destination)
        except OSError:
            shutil.copy2(path, destination)


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def cache_store() -> Store:
    """The user's cache of search indexes ($READER_CACHE, else platformdirs' cache folder)."""
    env = os.environ.get("READER_CACHE")
    if env:
        return Store(Path(env) / "search")
    import platformdirs

    return Store(Path(platformdirs.user_cache_dir("reader", appauthor=False)) / "search")


def default_stores(corpus: Corpus) -> list[Store]:
    """Where ``lib.search`` looks, in order: $READER_SEARCH_INDEX, ROOT/build/search, the cache."""
    stores = []
    env = os.environ.get("READER_SEARCH_INDEX")
    if env:
        stores.append(Store(Path(env)))
    stores.append(Store(corpus.root / "build" / "search"))
    stores.append(cache_store())
    return stores


def find(stores: list[Store], files: CorpusFiles) -> tuple[Path | None, CorpusState | None]:
    """The index of the corpus in one of ``stores``, by its signature, else by its content."""
    for store in stores:
        key = store.remembered(files)
        if key is not None:
            return store.index_path(key), None
    state = CorpusState.read(files)
    for store in stores:
        if store.has(state.key):
            store.remember(files, state.key)
            return store.index_path(state.key), state
    return None, state


def loader(
    corpus: Corpus, texts: Mapping[str, AlignedText] | None = None
) -> Callable[[str], AlignedText]:
    """A function reading each text as the index asks for it (from ``texts`` if given)."""
    from reader.align import load_aligned

    def load(text_id: str) -> AlignedText:
        if texts is not None and text_id in texts:
            return texts[text_id]
        return load_aligned(corpus, text_id)

    return load


__all__ = [
    "CorpusFiles",
    "CorpusState",
    "Store",
    "cache_store",
    "code_digest",
    "default_stores",
    "find",
    "loader",
]
