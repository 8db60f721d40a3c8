"""The validator: each bad-input fixture produces its message, and the corpus is clean."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from reader.corpus import Corpus
from reader.validate import check_file, check_paths
from tests.conftest import ROOTS

BAD = Path(__file__).parent / "roots" / "bad"
FIXTURES = sorted(BAD.glob("*.xml"))


def printed_problems(fixture: Path) -> list[str]:
    """Every problem of a bad-input fixture as printed, the file's name left off (``8: error: …``)."""
    problems, _ = check_file(fixture)
    return [str(p).removeprefix(f"{fixture}:") for p in problems]


@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.stem for f in FIXTURES])
def test_bad_input_gives_exactly_its_problems(
    fixture: Path, request: pytest.FixtureRequest
) -> None:
    """The whole list, in order: an extra or a missing problem fails (``--accept`` rewrites it)."""
    printed = printed_problems(fixture)
    expected_file = fixture.with_suffix(".expected")
    if request.config.getoption("--accept"):
        expected_file.write_text("".join(f"{line}\n" for line in printed), encoding="utf-8")
    assert printed == expected_file.read_text(encoding="utf-8").splitlines()
    assert printed, "a bad-input fixture must give at least one problem"


def test_there_is_a_fixture_for_each_kind_of_bad_input() -> None:
    names = {f.stem for f in FIXTURES}
    assert {
        "malformed",
        "duplicate-id",
        "dangling-ref",
        "no-namespace",
        "xxe",
        "billion-laughs",
    } <= names


def test_cli_lists_all_problems_and_exits_1_without_traceback() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "reader.cli", "validate", *map(str, FIXTURES)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    for fixture in FIXTURES:
        assert f"{fixture}:" in result.stderr
    assert f"{len(FIXTURES)} file(s) checked" in result.stderr


def test_entities_are_never_expanded_nor_files_read(tmp_path: Path) -> None:
    """Even without the DOCTYPE scan, the parser expands nothing and reads nothing."""
    from lxml import etree

    from reader.tei.xml import parser

    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    payload = (
        f'<!DOCTYPE r [<!ENTITY x SYSTEM "file://{secret}"><!ENTITY l "lol">'
        '<!ENTITY l2 "&l;&l;&l;&l;&l;&l;&l;&l;&l;&l;">]><r>&x;&l2;</r>'
    ).encode()
    root = etree.fromstring(payload, parser())
    text = etree.tostring(root, encoding="unicode")
    assert "TOP-SECRET" not in text
    assert "lollol" not in text


def test_a_50_mb_file_is_refused_with_a_message(tmp_path: Path) -> None:
    big = tmp_path / "big.xml"
    paragraph = '<p xml:id="p{}"><s xml:id="p{}.s1">' + "word " * 200 + "</s></p>\n"
    with big.open("w", encoding="utf-8") as out:
        out.write((BAD / "malformed.xml").read_text(encoding="utf-8").split("<text>")[0])
        out.write("<text><body><div>\n")
        number = 0
        while out.tell() < 50 * 2**20:
            number += 1
            out.write(paragraph.format(number, number))
        out.write("</div></body></text></TEI>\n")
    problems, tree = check_file(big)
    assert tree is None
    assert [str(p) for p in problems] == [
        f"{big}:0: error: file is {big.stat().st_size / 2**20:.1f} MB; texts larger than 16 MB are refused"
    ]


def test_the_corpus_validates_clean(corpus: Corpus) -> None:
    problems = check_paths(corpus.all_files(), corpus_ids=corpus.text_ids())
    assert [str(p) for p in problems if p.level == "error"] == []


@pytest.mark.parametrize("case", ["mixed-up", "no-authority"])
def test_a_mixed_up_corpus_gets_its_messages(case: str) -> None:
    """Issue 12 item 5: files in the wrong place, of the wrong kind or of no text, each named.

    mixed-up/: a Russian translation in tr/, the English source copied into
    ru/, a translation in texts/, translations/tr/plato.xml (no such text) and a
    translations/de/ folder (a warning: its files are not published, and a new
    language is prepared that way); no-authority/: texts point into a
    texts/entities.xml that is not there.
    """
    root = ROOTS / case
    result = subprocess.run(
        [sys.executable, "-m", "reader.cli", "validate", "--corpus", str(root)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    printed = [line.replace(f"{root}/", "") for line in result.stderr.splitlines()]
    assert printed == (root / "expected").read_text(encoding="utf-8").splitlines()
    assert result.returncode == 1
