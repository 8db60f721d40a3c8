"""The policy's mechanical rules (reader/qa/rules.py): each fires on its case, with its message.

Two small corpora in tests/roots/strict/: ``good`` keeps every rule, with the
near misses each rule must let pass (a quotation mark the source leaves open,
explained by an editors' note; "вам" inside a quotation in a letter; nested
„…“; a place named for an adjective); ``bad`` is the same text with one breach
of each rule, and ``bad.expected`` holds the exact findings it must produce.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reader.corpus import Corpus
from reader.model import Span, Text
from reader.qa import check, check_corpus, rules
from reader.qa.rules import RULES

STRICT = Path(__file__).resolve().parents[1] / "roots" / "strict"


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


def _findings(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if ": error: " in line or ": warning: " in line]


def test_a_text_that_keeps_every_rule_passes_the_strict_check() -> None:
    result = _strict(STRICT / "good")
    assert result.returncode == 0, result.stdout + result.stderr
    assert _findings(result.stdout) == []
    table = result.stdout[result.stdout.index("\nrule ") :]
    for rule in RULES:
        assert f"\n{rule} " in table


def test_every_rule_fires_on_its_case_with_file_line_messages() -> None:
    result = _strict(STRICT / "bad")
    expected = (STRICT / "bad.expected").read_text(encoding="utf-8").splitlines()
    assert _findings(result.stdout) == expected
    assert result.returncode == 1
    assert "rule violation(s)" in result.stderr
    assert "Traceback" not in result.stderr
    fired = {line.rsplit("[", 1)[1].rstrip("]") for line in expected if line.endswith("]")}
    assert fired == set(RULES)


def test_the_rule_counts_are_per_version_and_for_the_corpus_files() -> None:
    corpus = Corpus.open(STRICT / "bad")
    counts = {(r.text_id, r.lang): r.rule_counts() for r in check(corpus)}
    assert counts["sample", "ru"]["layout"] == 2
    assert counts["sample", "tr"]["apostrophe"] == 2
    assert counts["sample", "tr"]["year-space"] == 0
    corpus_rules = sorted(v.rule for v in check_corpus(corpus))
    assert corpus_rules == ["editorial-notes", "editorial-notes", "glossary"]


def test_a_quotation_mark_the_source_leaves_open_passes_only_with_an_editors_note(
    tmp_path: Path,
) -> None:
    root = tmp_path / "corpus"
    shutil.copytree(STRICT / "good", root)
    path = root / "translations" / "ru" / "sample.xml"
    text = path.read_text(encoding="utf-8")
    start = text.index('<note xml:id="n_ed3"')
    end = text.index("</note>", start) + len("</note>")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    report = next(r for r in check(Corpus.open(root)) if r.lang == "ru")
    assert [v.rule for v in report.violations if v.rule == "quotes"] == ["quotes"]
    assert "» closes a quotation that no « opens" in str(report.violations[-1])


@pytest.mark.parametrize(
    ("text", "unbalanced"),
    [
        ('he said "yes" and left', False),
        ("the “imperialists’ war” and “we don’t want it”", False),
        ("to the empire's borders\" (Mozjuxin 2016)", True),
        ("«открыта» и «закрыта", True),
        ('("quoted")', False),
    ],
)
def test_the_balance_of_a_sources_marks(text: str, unbalanced: bool) -> None:
    assert rules._unbalanced(text) is unbalanced


@pytest.mark.parametrize(
    ("text", "lang", "problems"),
    [
        ("«внешние „внутренние“ внешние»", "ru", []),
        ("«открыто", "ru", ["« opens a quotation that is not closed"]),
        (
            "“English” style",
            "ru",
            ["“ closes a quotation that no „ opens", "the mark ” is not Russian"],
        ),
        ("“bir ‘iç’ alıntı”", "tr", []),
        ("«Türkçe değil»", "tr", ["the mark « is not Turkish", "the mark » is not Turkish"]),
    ],
)
def test_quotation_marks_of_each_language(text: str, lang: str, problems: list[str]) -> None:
    assert [p for _, p, _ in rules._quote_problems(text, lang)] == problems


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("M. V. Frunze geldi", ["M. V. "]),
        ("M.V.Frunze geldi", ["M.V."]),
        ("T.B.M.M. Hükümeti karar verdi", []),  # an abbreviation, not initials
        ("см. Т. 2", []),
        ("М.\u00a0Кемаль", ["М.\u00a0"]),
    ],
)
def test_initials_are_found_before_a_name(text: str, found: list[str]) -> None:
    assert [m.group(1) for m in rules.INITIALS.finditer(text)] == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Ankara Hükümeti'nin kararı", ["Hükümeti'nin"]),
        ("Meclis'in gizli oturumu", ["Meclis'in"]),
        ("Büyük Devletler'in planları", ["Devletler'in"]),
        ("Ankara Hükümetinin kararı", []),
        ("TBMM'nin, TKP'nin ve Ankara'nın", []),  # abbreviations and places keep the apostrophe
        ("Moskova Antlaşması'nı ve İtilaf Devletleri'ni", []),  # treaties and states: names
    ],
)
def test_the_turkish_apostrophe_rule_names_institutions_only(text: str, found: list[str]) -> None:
    assert [m.group(0) for m in rules.INSTITUTION_SUFFIX.finditer(text)] == found


@pytest.mark.parametrize(
    ("lang", "text", "count"),
    [
        ("en", "through Mr. Natsarenus and Ali Fuad pasha", 1),
        ("en", "signed by commissioner Yusuf Kemal‐bey", 1),
        ("tr", "Ali Fuat Paşa'nın ve Bekir Sami Bey'in beyanı", 2),
        ("ru", "через Али Фуад-пашу и Юсуфа Кемаль-бея", 2),
        ("ru", "беседа и пашня", 0),
    ],
)
def test_honorifics_are_counted_in_every_spelling(lang: str, text: str, count: int) -> None:
    assert len(rules.HONORIFICS[lang].findall(text)) == count


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("цели: a) защита Индии, b) Мосул", ["a)", "b)"]),
        ("принципы: A- провозглашение, B- присоединение", ["A-", "B-"]),
        ("цели: а) защита Индии, б) Мосул", []),  # Cyrillic а) б)
        ("самолёт B-52 и РКП(б) и (a)", []),
    ],
)
def test_latin_list_letters_are_found_in_russian(text: str, found: list[str]) -> None:
    assert [m.group(0) for m in rules.LATIN_LIST_LETTER.finditer(text)] == found


def test_a_place_named_for_an_adjective_is_no_added_name() -> None:
    turkey = Span(
        tag="placeName", attrs={"ref": "corpus:entities#turkey"}, children=(Text(text="Türkiye"),)
    )
    kemal = Span(
        tag="persName",
        attrs={"ref": "corpus:entities#mustafa_kemal"},
        children=(Text(text="Kemal"),),
    )
    assert rules._named((turkey, Text(text=" ve "), kemal)) == {"mustafa_kemal": "Kemal"}


def test_an_abbreviation_in_parentheses_is_told_from_a_year_or_a_reference() -> None:
    assert rules._abbreviations(
        "partisi (TKP) ve RKP (RKP(b)), 1920 (1921) (Kireev 2007: 143)"
    ) == [
        "TKP",
        "RKP(b)",
    ]


def test_the_glossary_rule_reads_forms_without_their_parenthesised_words(tmp_path: Path) -> None:
    path = tmp_path / "glossary.tsv"
    path.write_text(
        "id\tkind\ten\ttr\tru\ten_variants\ttr_variants\tru_variants\tdescription\n"
        "a\torg\tA party\tİtilaf Devletleri (1)\tx\t\t\t\t\n"
        "b\torg\tB party\titilaf devletleri\ty\t\t\t\t\n",
        encoding="utf-8",
    )
    found = rules.glossary(path, "glossary.tsv")
    assert [str(v) for v in found] == [
        'glossary.tsv:3: error: b: the Turkish form "itilaf devletleri" also names a (line 2); '
        "one form names one row [glossary]"
    ]
