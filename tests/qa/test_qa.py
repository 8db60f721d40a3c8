"""Translation QA: complete, aligned, numbers kept, and the checks catch what they claim to."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from reader import qa
from reader.corpus import Corpus


def _strict(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "reader.cli",
            "check-translations",
            "--strict",
            "--corpus",
            str(root),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_every_translation_is_complete_aligned_and_keeps_its_numbers(corpus: Corpus) -> None:
    reports = qa.check(corpus)
    assert {(r.text_id, r.lang) for r in reports} == {
        (text_id, lang) for text_id in corpus.text_ids() for lang in ("tr", "ru")
    }
    for report in reports:
        assert report.missing_units == [], (report.text_id, report.lang)
        assert report.unrendered_sentences == [], (report.text_id, report.lang)
        assert report.number_mismatches == [], (report.text_id, report.lang)
        assert report.untranslated_looking == [], (report.text_id, report.lang)
        assert report.translated == report.to_translate > 0


@pytest.fixture(scope="module")
def corpus_strict(corpus: Corpus) -> subprocess.CompletedProcess[str]:
    """One run of ``reader check-translations --strict`` on the project's corpus."""
    return _strict(corpus.root)


def test_strict_mode_passes_on_the_corpus(corpus_strict: subprocess.CompletedProcess[str]) -> None:
    result = corpus_strict
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert [line for line in result.stdout.splitlines() if ": error: " in line] == []


def test_a_changed_number_is_caught(corpus_copy: Path) -> None:
    path = corpus_copy / "translations" / "ru" / "wikipedia.xml"
    text = path.read_text(encoding="utf-8")
    changed, count = re.subn(r"(<p xml:id=\"p9\">.*?)327", r"\g<1>328", text, count=1, flags=re.S)
    assert count == 1
    path.write_text(changed, encoding="utf-8")
    reports = {(r.text_id, r.lang): r for r in qa.check(Corpus.open(corpus_copy), ["wikipedia"])}
    assert reports["wikipedia", "ru"].number_mismatches == [("p9", "missing 327, extra 328")]
    result = _strict(corpus_copy)
    assert result.returncode == 1
    assert "p9 numbers differ (missing 327, extra 328)" in result.stdout


def test_a_missing_unit_and_english_left_in_russian_are_caught(corpus_copy: Path) -> None:
    path = corpus_copy / "translations" / "ru" / "wikipedia.xml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r'<p xml:id="p13">.*?</p>', "", text, count=1, flags=re.S)
    text = re.sub(
        r'(<s xml:id="p20.s2">).*?(</s>)',
        r"\1The Soviets and the Turks were in different camps during the Korean War.\2",
        text,
        count=1,
        flags=re.S,
    )
    path.write_text(text, encoding="utf-8")
    report = next(r for r in qa.check(Corpus.open(corpus_copy), ["wikipedia"]) if r.lang == "ru")
    assert report.missing_units == ["p13"]
    assert ("p20.s2", "mostly not in Cyrillic script") in report.untranslated_looking
    assert not report.ok


def test_glossary_terms_are_matched_through_inflection() -> None:
    assert qa.rendered(["Чичерин"], "нота Чичерина послу")
    assert qa.rendered(["Moskova Antlaşması"], "Moskova Antlaşması'nın beşinci maddesi")
    assert not qa.rendered(["Чичерин"], "нота наркома послу")
