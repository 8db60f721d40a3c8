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


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--accept",
        action="store_true",
        default=False,
        help="write what the golden tests produce as their new golden files (then review the diff)",
    )


class Golden:
    """Compares what a test produced with a committed golden file; ``--accept`` rewrites it.

    As pandoc's ``--accept``: a change to the code that changes an output shows
    as a failing test with a diff; when the change is meant, ``pytest --accept``
    writes the new files and ``git diff`` shows what changed.
    """

    def __init__(self, folder: Path, accept: bool) -> None:
        self.folder = folder
        self.accept = accept

    def check(self, name: str, actual: str) -> None:
        path = self.folder / name
        if self.accept:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8")
            return
        if not path.is_file():
            pytest.fail(f"no golden file {path}: run pytest --accept, then review and commit it")
        expected = path.read_text(encoding="utf-8")
        assert actual == expected, f"{path} differs (pytest --accept rewrites it when meant)"


@pytest.fixture(scope="session")
def golden(request: pytest.FixtureRequest) -> Golden:
    """The golden files of tests/roots/golden/expected/."""
    return Golden(ROOTS / "golden" / "expected", bool(request.config.getoption("--accept")))


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
