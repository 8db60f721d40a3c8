"""The command line on careless input: a message naming what is wrong, an exit code, no traceback.

Each case is a transcript: the command, its exit status and its whole
standard error (issue 12 item 11 found each of these printing a traceback or
a problem twice).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT


def _reader(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reader.cli", *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=cwd,
    )


def test_validate_a_folder_checks_every_text_in_it() -> None:
    golden = ROOT / "tests" / "roots" / "golden"
    result = _reader("validate", "texts/", cwd=golden)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == "3 file(s) checked: 0 error(s), 0 warning(s)\n"
    # The translations are aligned with their sources, in the corpus that holds
    # them, whether it is named or found from where the files stand.
    untranslated = ["p3", "i1", "p4", "f1", "h4", "dateline1", "salute1", "p5", "salute2"]
    warnings = [
        "translations/ru/brief.xml:45: warning: brief: 'signed1' has no ru translation",
        *(
            f"translations/tr/tiny.xml:51: warning: tiny: {unit!r} has no tr translation"
            for unit in [*untranslated, "signed1", "h5"]
        ),
    ]
    found = _reader("validate", "translations", cwd=golden)
    assert (found.returncode, found.stderr.splitlines()) == (
        0,
        [f"{golden.resolve()}/{line}" for line in warnings],
    )
    assert found.stdout == "2 file(s) checked: 0 error(s), 12 warning(s)\n"
    aligned = _reader("validate", "translations", "--corpus", ".", cwd=golden)
    assert (aligned.returncode, aligned.stderr.splitlines()) == (0, warnings)
    assert aligned.stdout == "2 file(s) checked: 0 error(s), 12 warning(s)\n"


def test_a_folder_named_like_a_text_is_a_problem_not_a_traceback(corpus_copy: Path) -> None:
    folder = corpus_copy / "texts" / "dir.xml"
    folder.mkdir()
    message = f"{folder}:0: error: cannot read the file: Is a directory"
    whole = _reader("validate", "--corpus", str(corpus_copy))
    assert whole.returncode == 1
    assert whole.stderr.splitlines()[0] == message
    assert whole.stderr.count(message) == 1
    named = _reader("validate", str(folder))
    assert (named.returncode, named.stderr) == (
        1,
        f"{message}\n1 file(s) checked: 1 error(s), 0 warning(s)\n",
    )
    got = _reader("get", "dir:p1", "--corpus", str(corpus_copy))
    assert got.returncode == 1
    assert got.stderr == f"reader: the corpus has 1 problem(s):\n{message}\n"


def test_malformed_xml_is_reported_once_and_counted_once(corpus_copy: Path) -> None:
    path = corpus_copy / "texts" / "wikipedia.xml"
    path.write_text(path.read_text(encoding="utf-8").replace("</p>", "", 1), encoding="utf-8")
    result = _reader("validate", "--corpus", str(corpus_copy))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 2, lines
    assert lines[0].startswith(f"{path}:") and ": error: malformed XML: " in lines[0]
    assert lines[1] == "16 file(s) checked: 1 error(s), 0 warning(s)"


@pytest.mark.parametrize(
    ("args", "status", "stderr"),
    [
        (
            ["get", "karakus:p" + "9" * 5000],
            2,
            "reader: bad reference 'karakus:p9999999999999999999999999999999…': the reference "
            "is 5,009 characters long; references have at most 200\n",
        ),
        (
            ["get", "urn:cts:sovturk:karakus.x7:p12"],
            2,
            "reader: bad reference 'urn:cts:sovturk:karakus.x7:p12': unknown version 'x7'; a "
            "version names a language, e.g. karakus.eng1, karakus.tur1, karakus.rus1\n",
        ),
        (
            ["cite", "karakus:p" + "1" * 300],
            2,
            "reader: bad reference 'karakus:p1111111111111111111111111111111…': the reference "
            "is 309 characters long; references have at most 200\n",
        ),
    ],
)
def test_bad_references_give_a_message_and_exit_2(
    args: list[str], status: int, stderr: str
) -> None:
    result = _reader(*args)
    assert (result.returncode, result.stderr) == (status, stderr)


def test_get_an_id_with_a_hyphen() -> None:
    """Issue 12 item 10: an id with a hyphen was read as a range and could not be asked for."""
    result = _reader("get", "xoshgedem:b-hirst2013")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith("Hirst S.J., 2013, Anti-Westernism on the European Periphery")
    missing = _reader("get", "karakus:b-hirst2013")
    assert missing.returncode == 1
    assert missing.stderr.startswith("reader: no passage 'karakus:b-hirst2013'; nearest existing: ")
