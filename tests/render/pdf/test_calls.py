"""Note calls in print come from the inline renderer's note-call hook (issue 18 item 4).

The fixture text tests/roots/warnings/texts/faults.xml calls its note right
after a quoted word and a full stop (``"signed".¹``): the print edition glues
the full stop to the call, and the quotation mark, which the renderer writes
as a character reference, stays whole (a regex over the HTML once split it
and printed a stray ';' before such calls).
"""

from __future__ import annotations

import re

import pytest

from reader.align import load_aligned
from reader.build import pdf_problems
from reader.corpus import Corpus
from reader.render.pdf.edition import PrintedCell, PrintPage, Rendered, edition, render_pdf
from tests.conftest import ROOTS


@pytest.fixture(scope="module")
def faults():  # type: ignore[no-untyped-def]
    return load_aligned(Corpus.open(ROOTS / "warnings"), "faults")


def test_a_one_language_edition_puts_the_footnote_at_its_glued_call(faults) -> None:  # type: ignore[no-untyped-def]
    printed = edition(faults, ("en",))
    call = (
        '&#34;<span class="nobr">.<sup class="note-call"><a href="#fn@en@n1">1</a></sup></span>'
        '<span class="fn" id="fn@en@n1" lang="en" data-n="1"><span class="note-n">1</span> '
        "As the letter says.</span>"
    )
    assert call in printed.html
    assert list(printed.footnotes) == ["fn@en@n1"]
    first = printed.rows[0].cells[0]
    assert first.anchor == "p1@en" and "fn@en@n1" in first.html


def test_a_two_column_edition_links_each_call_to_its_columns_note(faults) -> None:  # type: ignore[no-untyped-def]
    page = PrintPage(faults, ("en", "tr"))
    cells = [page.cell("p1", lang) for lang in ("en", "tr")]
    assert all(isinstance(cell, PrintedCell) for cell in cells)
    # The translation calls the source's note by a pointer: the note is printed once,
    # in the block of the column that calls it first, and both calls link to it.
    assert [cell.note_links for cell in cells] == [["fn@en@n1"], ["fn@en@n1"]]  # type: ignore[attr-defined]
    assert '"<sup class="note-call"><a href="#fn@en@n1">?</a></sup>' not in cells[1].html
    assert (
        '&#34;<span class="nobr">.<sup class="note-call"><a href="#fn@en@n1">?</a></sup></span>'
        in cells[1].html
    )
    printed = edition(faults, ("en", "tr"))
    assert next(row.notes for row in printed.rows if row.anchor == "p1") == ["fn@en@n1"]


def test_the_printed_call_follows_the_quotation_mark_and_full_stop(faults) -> None:  # type: ignore[no-untyped-def]
    import pypdfium2 as pdfium

    rendered = render_pdf(faults, ("en",))
    document = pdfium.PdfDocument(rendered.data)
    text = "".join(page.get_textpage().get_text_range() for page in document)
    # PDFium gives the superscript call as a line of its own, right after the full stop
    assert re.search(r'was "signed"\.\s+1\s+The rest of the line', text), text
    assert '";' not in text


def test_the_print_edition_warns_where_it_falls_short_of_the_text(faults) -> None:  # type: ignore[no-untyped-def]
    """The same renderer warnings as the reader's pages, located in the TEI files; a link
    the print edition leaves as text on purpose (to a division) is none."""
    printed = edition(faults, ("en", "tr"))
    root = ROOTS / "warnings"
    assert [str(p).replace(f"{root}/", "") for p in printed.problems] == [
        "texts/faults.xml:49: warning: <gap reason='illegible'>: no label for this reason: "
        "its code is shown",
        "translations/tr/faults.xml:41: warning: the call of note 'n1' has no number: "
        "printed as '?'",
        "translations/tr/faults.xml:42: warning: <gap reason='illegible'>: no label for this "
        "reason: its code is shown",
    ]
    result = Rendered("faults.en-tr.pdf", b"", 2, 0.1, problems=printed.problems)
    assert pdf_problems(root / "faults.en-tr.pdf", result) == printed.problems
