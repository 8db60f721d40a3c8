"""The reader's pages show an editors' note as the editors', in every column's language."""

from __future__ import annotations

from pathlib import Path

from lxml import html

from reader.align import load_aligned
from reader.corpus import Corpus
from reader.render.html.site import Site

GOOD = Path(__file__).resolve().parents[2] / "roots" / "strict" / "good"


def test_the_note_row_labels_each_column_in_its_language() -> None:
    aligned = load_aligned(Corpus.open(GOOD), "sample")
    page = html.fromstring(
        Site({"sample": aligned}, {"sample": "fixture"}).reader(aligned, ("en", "tr", "ru"), "en")
    )
    row = page.get_element_by_id("n_ed1")
    assert "note-editors" in row.get("class", "").split()
    # the note's text in each cell, after the cell's label (language and status)
    cells = {
        cell.get("lang"): " ".join(cell.find_class("unit")[0].text_content().split())
        for cell in row.find_class("cell")
    }
    assert cells["en"].startswith("a Editors' note: Frunze's mission reached Ankara")
    assert cells["tr"].startswith("a Editörlerin notu: Frunze heyeti")
    assert cells["ru"].startswith("a Примечание редакции: Миссия Фрунзе")
    # the call in the text is the letter, linked to the note
    calls = [a.text_content() for a in page.xpath('//a[@data-note="n_ed1"]')]
    assert calls and set(calls) == {"a"}
    # the author's notes and the source's own are not labelled
    assert not page.xpath(
        '//div[contains(@class, "note-row") and not(contains(@class, "note-editors"))]'
    )
