"""The rows of a reader page: what each cell is, rows shown once, runs, names, notes."""

from __future__ import annotations

import pytest
from lxml import etree

from reader.align import AlignedText, load_aligned
from reader.corpus import Corpus
from reader.render.html.page import views_for
from reader.render.html.reader_page import ReaderCell, ReaderPage, cell_label, marker
from reader.render.html.site import Site, unit_mark


@pytest.fixture(scope="module")
def karakus(corpus: Corpus) -> AlignedText:
    return load_aligned(corpus, "karakus")


def _page(aligned: AlignedText, view: tuple[str, ...]) -> ReaderPage:
    return ReaderPage(aligned, view, text_views={aligned.id: views_for(aligned)})


def _rows(page: ReaderPage) -> dict[str, object]:
    return {row.id: row for section in page.sections for row in section.rows if row.id}


def test_each_cell_knows_what_it_is(karakus: AlignedText) -> None:
    rows = _rows(_page(karakus, ("en", "tr", "ru")))
    statuses = [(c.lang, c.status, c.differs) for c in rows["p12"].cells]  # type: ignore[attr-defined]
    assert statuses == [
        ("en", "source", False),
        ("tr", "translation", False),
        ("ru", "translation", False),
    ]
    own = rows["p1"].cells[1]  # type: ignore[attr-defined]
    assert (own.lang, own.status, own.differs) == ("tr", "authors-own", True)


def test_a_row_every_column_would_show_in_the_original_is_shown_once(
    karakus: AlignedText,
) -> None:
    rows = _rows(_page(karakus, ("tr", "ru")))
    note = rows["n14"]
    assert note.full and len(note.cells) == 1  # type: ignore[attr-defined]
    cell = note.cells[0]  # type: ignore[attr-defined]
    assert isinstance(cell, ReaderCell)
    assert (cell.lang, cell.status) == ("en", "untranslated")
    assert not rows["p12"].full  # type: ignore[attr-defined]


def test_a_differing_status_is_said_once_per_run(karakus: AlignedText) -> None:
    page = _page(karakus, ("en", "tr"))
    own = [
        cell
        for section in page.sections
        for row in section.rows
        if not row.full
        for cell in row.cells
        if isinstance(cell, ReaderCell) and cell.status == "authors-own"
    ]
    assert len(own) > 5
    # the front matter (title, abstract, keywords, dates, citation) is one run; the
    # author's note, in the notes, another
    assert sum(cell.run_start for cell in own) == 2


def test_the_authors_own_note_is_reached_where_the_view_shows_it(karakus: AlignedText) -> None:
    with_turkish = _page(karakus, ("en", "tr"))
    assert with_turkish.note_row("n_author_tr") == "n_author"
    without = _page(karakus, ("en", "ru"))
    assert without.note_row("n_author_tr") == "n_author_tr"


def test_a_name_is_a_link_once_per_cell(karakus: AlignedText) -> None:
    page = ReaderPage(
        karakus, ("en",), text_views={"karakus": views_for(karakus)}, known_entities={"turkey"}
    )
    html = str(page.cell("p1", "en").html)
    assert html.count("#turkey") == 1
    assert html.count('class="entity entity-place"') > 3


def test_interface_words_are_markers_no_text_can_forge(karakus: AlignedText) -> None:
    assert str(marker("msg", "Close")) == "\x01msg:Close\x01"
    filled = ReaderPage.finish(
        "a \x01ui\x01 b \x01msg:x\x01 &lt;\x01", lambda name, arg: f"[{name}:{arg}]"
    )
    assert filled == "a [ui:] b [msg:x] &lt;\x01"


def test_labels_in_each_interface_language() -> None:
    assert (
        cell_label("back-translation", "ru", "tr", "en", None)
        == "Rusça · geri çeviri, yazarın metni değil"
    )
    assert (
        cell_label("source", "en", "ru", "en", "ru")
        == "Английский · текст источника; язык оригинала: русский"
    )
    assert unit_mark("i3", "tr") == "madde 3" and unit_mark("p12", "ru") == "¶ 12"


def test_an_edition_is_dated_by_its_texts_latest_revision(
    corpus: Corpus, karakus: AlignedText
) -> None:
    site = Site({"karakus": karakus}, {"karakus": "x"})
    edition = site.edition(karakus)
    # the latest revisionDesc/change/@when of the text and its translations, read raw
    files = [corpus.root / "texts" / "karakus.xml"]
    files += [corpus.root / "translations" / lang / "karakus.xml" for lang in ("tr", "ru")]
    latest = max(
        when
        for path in files
        for when in etree.parse(str(path)).xpath(
            "//t:revisionDesc//t:change/@when", namespaces={"t": "http://www.tei-c.org/ns/1.0"}
        )
    )
    assert edition.date == latest and edition.version
