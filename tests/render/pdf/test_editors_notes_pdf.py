"""The print editions give an editors' note as the editors', in each column's language."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from reader.align import load_aligned
from reader.corpus import Corpus
from reader.render.pdf.edition import render_pdf

pytestmark = pytest.mark.pdf

ROOT = Path(__file__).resolve().parents[3]
GOOD = ROOT / "tests" / "roots" / "strict" / "good"
ARTIFACTS = ROOT / "tests" / "artifacts" / "pdf"


def test_the_footnote_of_an_editors_note_is_labelled_in_each_column(tmp_path: Path) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed (poppler-utils; make setup installs it)")
    aligned = load_aligned(Corpus.open(GOOD), "sample")
    rendered = render_pdf(aligned, ("en", "ru"))
    path = tmp_path / rendered.name
    path.write_bytes(rendered.data)
    if shutil.which("pdftoppm"):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "100",
                "-png",
                "-f",
                "3",
                "-l",
                "3",
                path,
                ARTIFACTS / "editors-notes.en-ru",
            ],
            check=True,
        )
    text = " ".join(
        subprocess.run(
            ["pdftotext", "-enc", "UTF-8", path, "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "Editors' note: Frunze's mission reached Ankara" in text
    assert "Примечание редакции: Миссия Фрунзе прибыла" in text
    assert text.count("Editors' note:") == 3 and text.count("Примечание редакции:") == 3
