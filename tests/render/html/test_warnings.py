"""The reader's pages warn where they fall short of the text (issue 18 item 3).

tests/roots/warnings/ is a valid corpus whose faults only a writer can see: a
link to a division (the reader shows no anchor for it), a gap whose reason has
no label, a translation that calls the source's note by a pointer (its number
is not in the translation's file). ``expected`` holds the whole list that
``reader build`` prints, checks' warnings first, each located in the file and
at the line of the sentence it concerns; ``--accept`` rewrites it.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from reader.build import build_html
from reader.corpus import Corpus
from reader.render.common.output import WARNINGS, read_warnings
from tests.conftest import ROOTS

FAULTS = ROOTS / "warnings"


def _relative(lines: list[str]) -> list[str]:
    return [line.replace(f"{FAULTS}/", "") for line in lines]


def test_a_build_gives_exactly_the_warnings_of_its_pages(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    first = build_html(Corpus.open(FAULTS), tmp_path / "html")
    printed = _relative([str(w) for w in first.warnings])
    expected = FAULTS / "expected"
    if request.config.getoption("--accept"):
        expected.write_text("".join(f"{line}\n" for line in printed), encoding="utf-8")
    assert printed == expected.read_text(encoding="utf-8").splitlines()
    # Nothing changed: nothing is rendered, and the warnings are the same.
    again = build_html(Corpus.open(FAULTS), tmp_path / "html")
    assert again.rendered == [] and again.warnings == first.warnings


def test_reader_build_strict_fails_on_a_writers_warning(tmp_path: Path) -> None:
    out = tmp_path / "build"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "reader.cli",
            "build",
            "--corpus",
            str(FAULTS),
            "--out",
            str(out),
            "--strict",
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1
    assert _relative(result.stderr.splitlines()) == [
        *(FAULTS / "expected").read_text(encoding="utf-8").splitlines(),
        "reader: 6 warning(s); --strict: the build fails on warnings",
    ]
    assert (out / "html" / "faults" / "en-tr.html").is_file()


def test_the_pages_of_the_corpus_give_no_warning(site: Path) -> None:
    """Every page of the real corpus renders whole (the session's build of it)."""
    assert (site / "karakus" / "en-tr.html").is_file()
    assert read_warnings(site) == {}
    assert not (site / WARNINGS).exists()


def test_a_link_into_another_text_is_checked_against_that_texts_pages() -> None:
    from reader.align import load_aligned
    from reader.render.html.reader_page import ReaderPage

    faults = load_aligned(Corpus.open(FAULTS), "faults")
    page = ReaderPage(
        faults,
        ("en",),
        text_views={"faults": [("en",)], "other": [("en",)]},
        text_anchors={"other": frozenset({"p1", "p1.s1"})}.get,
    )
    assert page.link_problem("corpus:other#p1.s1") is None
    assert page.link_problem("corpus:other") is None
    assert page.link_problem("https://example.org/") is None
    assert page.link_problem("") is None  # an author–date citation the bibliography lacks
    assert page.link_problem("corpus:other#d2") == (
        "link to 'corpus:other#d2': the reader shows no passage, sentence, note or "
        "bibliography entry of 'other' with that id: the link leads nowhere"
    )
    assert page.link_problem("corpus:plato#p1") == (
        "link to 'corpus:plato#p1': no text 'plato' in this build: printed as plain text"
    )
    assert page.link_problem("#p2.s1") is None
    assert page.link_problem("#letter") is not None
