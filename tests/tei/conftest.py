"""The files whose TEI the tests check: the corpus, the good fixtures, ingest drafts."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from reader.ingest import ingest_file
from tests.conftest import ROOT, ROOTS

SCHEMAS = ROOT / "reader" / "schema"
GOOD = ROOTS / "good"
BAD = ROOTS / "bad"
#: Every TEI file of the project: 5 sources, the authority file, 10 translations.
CORPUS_FILES = sorted((ROOT / "texts").glob("*.xml")) + sorted(
    (ROOT / "translations").glob("*/*.xml")
)
GOOD_FILES = sorted(GOOD.rglob("*.xml"))
SYNTHETIC = sorted(p for p in (ROOTS / "ingest").glob("*.txt") if not p.name.startswith("bad-"))


def label(path: Path) -> str:
    return str(path.relative_to(ROOT))


@pytest.fixture(scope="session")
def tei_all() -> etree.RelaxNG:
    """The TEI Consortium's tei_all 4.11.0 (compiling it takes lxml several seconds)."""
    return etree.RelaxNG(etree.parse(str(SCHEMAS / "tei_all.rng")))


@pytest.fixture(scope="session")
def drafts(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """What reader ingest writes for each synthetic capture."""
    folder = tmp_path_factory.mktemp("drafts")
    paths = []
    for capture in SYNTHETIC:
        path = folder / f"{capture.stem}.xml"
        path.write_bytes(ingest_file(capture, text_id="demo").xml())
        paths.append(path)
    return paths
