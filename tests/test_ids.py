"""IDs are forever: the registry catches ids that vanish or change silently."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from reader import ids
from reader.build import build_site
from reader.corpus import Corpus
from reader.errors import CorpusError


def test_the_corpus_matches_the_registry(corpus: Corpus) -> None:
    assert [str(f) for f in ids.check(corpus)] == []


def test_every_published_text_is_registered(corpus: Corpus) -> None:
    registry = ids.Registry.open(corpus)
    for text_id in corpus.text_ids():
        assert len(registry.ids(text_id)) > 50, text_id


def test_a_removed_id_is_reported(corpus_copy: Path) -> None:
    path = corpus_copy / "texts" / "wikipedia.xml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('<s xml:id="p20.s3">', "<s>"), encoding="utf-8")
    findings = [str(f) for f in ids.check(Corpus.open(corpus_copy))]
    assert "wikipedia:p20.s3: this published id no longer exists (ids are forever)" in findings


def test_a_silent_change_is_reported_and_a_revision_clears_it(corpus_copy: Path) -> None:
    path = corpus_copy / "texts" / "wikipedia.xml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("different camps", "different (sic) camps", 1), encoding="utf-8")
    corpus = Corpus.open(corpus_copy)
    findings = [f for f in ids.check(corpus) if f.kind == "changed"]
    assert {f.id for f in findings} == {"p20", "p20.s2"}
    for finding in findings:
        ids.revise(corpus, "wikipedia", finding.id, "test")
    assert ids.check(corpus) == []
    registry = ids.Registry.open(corpus)
    assert [r["id"] for r in registry.data["wikipedia"]["revisions"]] == ["p20", "p20.s2"]


# ------------------------------------------------ issue 12 item 10: validate and build check the registry


def _remove_p20_and_p7_s7(corpus: Path) -> None:
    """The issue's probe: wikipedia p20 and p7.s7 removed, with their translations."""
    for path in [corpus / "texts" / "wikipedia.xml", *corpus.glob("translations/*/wikipedia.xml")]:
        text = path.read_text(encoding="utf-8")
        text = re.sub(r'\s*<p xml:id="p20">.*?</p>', "", text, count=1, flags=re.S)
        text = re.sub(r'\s*<s xml:id="p7\.s7">.*?</s>(?=\s*</p>)', "", text, count=1, flags=re.S)
        path.write_text(text, encoding="utf-8")


def _gone(corpus: Path, ref: str, line: int) -> str:
    return (
        f"{corpus}/texts/wikipedia.xml:{line}: error: {ref} was published "
        f"({corpus}/texts/ids.json) and no longer exists: ids are forever; restore it "
        "(a passage withdrawn from the edition keeps its id)"
    )


def test_removing_published_ids_fails_validate_and_the_build(
    corpus_copy: Path, tmp_path: Path
) -> None:
    _remove_p20_and_p7_s7(corpus_copy)
    lines = (corpus_copy / "texts" / "wikipedia.xml").read_text(encoding="utf-8").split("\n")

    def line_of(id_: str) -> int:
        return next(n for n, text in enumerate(lines, start=1) if f'xml:id="{id_}"' in text)

    # a removed sentence: the line of its paragraph; a removed paragraph or note: the
    # line of the one before it that is still there
    expected = [
        _gone(corpus_copy, "wikipedia:n16", line_of("n15")),  # the note of p20 went with it
        _gone(corpus_copy, "wikipedia:p20", line_of("p19")),
        *(_gone(corpus_copy, f"wikipedia:p20.s{n}", line_of("p19")) for n in (1, 2, 3)),
        _gone(corpus_copy, "wikipedia:p7.s7", line_of("p7")),
    ]
    result = subprocess.run(
        [sys.executable, "-m", "reader.cli", "validate", "--corpus", str(corpus_copy)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert [line for line in lines if ": error: " in line] == expected
    assert lines[-1] == "16 file(s) checked: 6 error(s), 1 warning(s)"
    with pytest.raises(CorpusError) as caught:
        build_site(Corpus.open(corpus_copy), tmp_path / "html")
    assert [str(p) for p in caught.value.problems] == expected
    assert not (tmp_path / "html").exists()


def test_renumbering_is_an_error(corpus_copy: Path) -> None:
    path = corpus_copy / "texts" / "wikipedia.xml"
    text = path.read_text(encoding="utf-8")
    old = re.search(r'<p xml:id="p20">.*?</p>', text, flags=re.S)
    assert old is not None
    shifted = old.group(0).replace('"p20', '"p21')
    new = '<p xml:id="p20"><s xml:id="p20.s1">A paragraph inserted before the last.</s></p>'
    path.write_text(text.replace(old.group(0), f"{new}\n        {shifted}", 1), encoding="utf-8")
    problems = ids.published_problems(Corpus.open(corpus_copy))
    assert all(p.level == "error" and p.file == str(path) for p in problems)
    assert sorted(p.message.split(" ", 1)[0] for p in problems) == [
        "wikipedia:p20",
        "wikipedia:p20.s1",
        "wikipedia:p20.s2",
        "wikipedia:p20.s3",
    ]
    renumbered = next(p for p in problems if p.message.startswith("wikipedia:p20.s1 "))
    assert renumbered.message == (
        "wikipedia:p20.s1 was renumbered: the passage published as wikipedia:p20.s1 is now "
        "wikipedia:p21.s1, and wikipedia:p20.s1 names another passage; ids are forever: "
        "give new passages new ids"
    )
    assert (
        renumbered.line
        == text.split("\n").index(next(line for line in text.split("\n") if 'xml:id="p20"' in line))
        + 1
    )
    gone = next(p for p in problems if p.message.startswith("wikipedia:p20.s2 "))
    assert "no longer exists; its passage is now wikipedia:p21.s2" in gone.message


def test_a_change_in_place_is_a_warning(corpus_copy: Path) -> None:
    path = corpus_copy / "texts" / "wikipedia.xml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("different camps", "different (sic) camps", 1), encoding="utf-8")
    problems = ids.published_problems(Corpus.open(corpus_copy))
    assert [(p.level, p.message.split(":", 2)[1]) for p in problems] == [
        ("warning", "p20"),
        ("warning", "p20.s2"),
    ]
