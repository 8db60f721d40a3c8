"""Shared fixtures: the project's corpus, the seeds (when present), small test corpora."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import reader
from reader.corpus import Corpus

ROOT = Path(__file__).resolve().parent.parent
#: The seeds beside the project (../shared/seeds); READER_SEEDS names them elsewhere
#: (a git worktree one level deeper).
SEEDS = Path(os.environ.get("READER_SEEDS") or ROOT.parent / "shared" / "seeds")
ROOTS = Path(__file__).resolve().parent / "roots"

#: text id → seed file name (../shared/README.md)
SEED_FILES = {
    "wikipedia": "000_319df74d6ab4a45d.txt",
    "gusterin": "001_d4552392e3ab586f.txt",
    "karakus": "002_e331d06d2655e8f6.txt",
    "chicherin": "003_8250b7ef3490c935.txt",
    "xoshgedem": "004_3cf1fd47c83241f0.txt",
}
TEXT_IDS = sorted(SEED_FILES)


@pytest.fixture(scope="session", autouse=True)
def search_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Search indexes that lib.search makes go to a folder of this session, not the user's cache."""
    folder = tmp_path_factory.mktemp("reader-cache")
    before = os.environ.get("READER_CACHE")
    os.environ["READER_CACHE"] = str(folder)
    yield folder
    if before is None:
        os.environ.pop("READER_CACHE", None)
    else:
        os.environ["READER_CACHE"] = before


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    return Corpus.open(ROOT)


@pytest.fixture(scope="session")
def lib() -> reader.Library:
    return reader.load(ROOT)


@pytest.fixture
def seeds() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not here (a user's checkout): the seed comparisons need it")
    return SEEDS


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A writable copy of the project's corpus (texts/ and translations/)."""
    for part in ("texts", "translations"):
        shutil.copytree(ROOT / part, tmp_path / part)
    return tmp_path
