"""Editors' notes (docs/translating.md): read, aligned, cited and served by the library.

The fixture is tests/roots/strict/good: a source with three editors' notes
(n_ed1 on a wrong year, n_ed2 on a quotation re-translated from the English,
n_ed3 on a quotation mark the source leaves open), each in its Turkish and
Russian version.
"""

from __future__ import annotations

from pathlib import Path

import reader
from reader.align import load_aligned
from reader.corpus import Corpus
from reader.entities import dates, mentions
from reader.model import Note, plain_text
from reader.tei import read

GOOD = Path(__file__).resolve().parent / "roots" / "strict" / "good"


def test_an_editors_note_is_read_with_its_responsibility() -> None:
    source = read(GOOD / "texts" / "sample.xml")
    note = source.notes["n_ed1"]
    assert isinstance(note, Note)
    assert (note.type, note.resp, note.n, note.is_editors_note) == (
        "editorial",
        "#editors",
        "a",
        True,
    )


def test_an_editorial_note_without_the_editions_resp_is_the_sources_own(tmp_path: Path) -> None:
    text = (GOOD / "texts" / "sample.xml").read_text(encoding="utf-8")
    path = tmp_path / "sample.xml"
    path.write_text(
        text.replace(
            'type="editorial" resp="#editors"><s xml:id="n_ed1', 'type="editorial"><s xml:id="n_ed1'
        ),
        encoding="utf-8",
    )
    note = read(path).notes["n_ed1"]
    assert note.type == "editorial" and not note.is_editors_note


def test_a_date_in_an_editors_note_is_no_claim_of_the_source() -> None:
    """The timeline shows what the sources claim: 1921-12 is the editors' date, not the author's."""
    source = read(GOOD / "texts" / "sample.xml")
    assert "1922-12" in {d.when for d in dates(source)}
    assert "1921-12" not in {d.when for d in dates(source)}
    # the names in an editors' note are mentions all the same (the index lists the note)
    assert ("n_ed1", "ankara") in {(m.unit_id, m.entity) for m in mentions(source)}


def test_every_version_has_the_note_in_its_language() -> None:
    aligned = load_aligned(Corpus.open(GOOD), "sample")
    assert aligned.is_to_translate("n_ed1")
    for lang, words in (("tr", "Frunze heyeti"), ("ru", "Миссия Фрунзе")):
        version = aligned.version("n_ed1", lang)
        assert version.origin in ("translation", "back-translation")
        assert version.unit.lang == lang
        assert plain_text(version.unit.content).startswith(words)


def test_a_note_in_a_unit_left_in_the_original_stays_in_the_original(tmp_path: Path) -> None:
    """An editors' note on a bibliography entry is not asked of the translations."""
    root = tmp_path / "corpus"
    for part in ("texts", "translations"):
        (root / part).mkdir(parents=True)
    text = (GOOD / "texts" / "sample.xml").read_text(encoding="utf-8")
    text = text.replace(
        "    </body>",
        '    </body>\n    <back><div type="bibliography"><head xml:id="h3">References</head><listBibl>'
        '<bibl xml:id="b-mozjuxin2016">Mozjuxin 2016.<note xml:id="n_ed4" n="d" place="foot" '
        'type="editorial" resp="#editors"><s xml:id="n_ed4.s1">The year is not given.</s></note>'
        "</bibl></listBibl></div></back>",
    )
    (root / "texts" / "sample.xml").write_text(text, encoding="utf-8")
    aligned = load_aligned(Corpus.open(root), "sample")
    assert aligned.note_callers["n_ed4"] == "b-mozjuxin2016"
    assert not aligned.is_to_translate("n_ed4")
    assert aligned.is_to_translate("n_ed1")


def test_the_library_says_whose_note_it_is() -> None:
    lib = reader.load(GOOD)
    notes = lib.passage("sample:p1", lang="tr").notes
    assert [(n.ref, n.n, n.type, n.resp, n.lang) for n in notes] == [
        ("sample:n_ed1", "a", "editorial", "#editors", "tr")
    ]
    assert notes[0].text.startswith("Frunze heyeti Ankara'ya Aralık 1921'de ulaştı")
    note = lib.passage("sample:n_ed1", lang="ru")
    assert note.html.startswith(
        '<span class="note-kind">Примечание редакции:</span> <span class="s" id="n_ed1.s1">Миссия'
    )
    assert note.text.startswith("Миссия Фрунзе")  # the label is the reader's, not the note's text
    assert "editors' note a" in lib.passage("sample:n_ed1").citation
