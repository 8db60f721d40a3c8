"""The page plan: rows fill pages, notes go to the page of their row, headings keep with text."""

from __future__ import annotations

from dataclasses import dataclass, field

from reader.corpus import Corpus
from reader.render.pdf.layout import (
    FOOTNOTE_OVERHEAD,
    PAGE_HEIGHT,
    SAFETY,
    Measures,
    NotePart,
    part_height,
    plan_pages,
)


@dataclass
class Row:
    anchor: str
    notes: list[str] = field(default_factory=list)
    keep_with_next: bool = False
    paired: bool = True


@dataclass
class Note:
    anchor: str
    column: int


def test_rows_fill_pages_and_notes_stand_on_their_rows_page() -> None:
    rows = [Row(f"r{i}", notes=[f"n{i}"] if i % 3 == 0 else []) for i in range(30)]
    notes = {f"n{i}": Note(f"n{i}", i % 2) for i in range(30)}
    measures = Measures(
        rows={row.anchor: 100.0 for row in rows}, notes={n: 40.0 for n in notes}, thead=16.0
    )
    plan = plan_pages(rows, notes, measures)
    assert [row for page in plan.pages for row in page] == rows
    for page, page_notes in zip(plan.pages, plan.notes, strict=True):
        anchors = {row.anchor for row in page}
        for column, column_notes in enumerate(page_notes):
            for note in column_notes:
                assert note.column == column
                assert note.anchor.replace("n", "r") in anchors
        body = 16.0 + 100.0 * len(page)
        tallest = max(40.0 * len(c) for c in page_notes)
        assert body + (FOOTNOTE_OVERHEAD + tallest if tallest else 0) <= PAGE_HEIGHT - SAFETY


def test_a_heading_is_never_the_last_row_of_a_page() -> None:
    rows = [Row(f"r{i}", keep_with_next=i % 4 == 3) for i in range(40)]
    measures = Measures(rows={row.anchor: 90.0 for row in rows})
    plan = plan_pages(rows, {}, measures)
    assert len(plan.pages) > 2
    for page in plan.pages[:-1]:
        assert not page[-1].keep_with_next


def _lines(count: int, line: float = 13.7) -> list[tuple[float, float, str]]:
    return [(i * line, (i + 1) * line, f"line {i}") for i in range(count)]


def _page_height(plan_notes: list[list[object]], measures: Measures) -> float:
    tallest = max(
        sum(
            part_height(measures, n) if isinstance(n, NotePart) else measures.notes[n.anchor]  # type: ignore[attr-defined]
            for n in column
        )
        for column in plan_notes
    )
    return FOOTNOTE_OVERHEAD + tallest if tallest else 0.0


def test_a_note_too_tall_for_a_page_runs_on_marked_as_continued() -> None:
    """A row whose note (80 lines) is taller than the page: the note is cut after a line,
    its first part on the call's page, the rest first on the next page."""
    rows = [Row(f"r{i}", notes=["long"] if i == 3 else []) for i in range(12)]
    notes = {"long": Note("long", 1)}
    measures = Measures(
        rows={row.anchor: 90.0 for row in rows},
        notes={"long": 80 * 13.7 + 3},
        note_lines={"long": _lines(80)},
        breaks={"long": list(range(2, 79))},
        thead=16.0,
    )
    plan = plan_pages(rows, notes, measures)
    assert [row for page in plan.pages for row in page] == rows
    calling = next(i for i, page in enumerate(plan.pages) if rows[3] in page)
    first, rest = plan.notes[calling][1][-1], plan.notes[calling + 1][1][0]
    assert isinstance(first, NotePart) and isinstance(rest, NotePart)
    assert (first.start, first.end, rest.start, rest.end) == (0, first.end, first.end, 80)
    assert not first.continued and rest.continued
    for page, page_notes in zip(plan.pages, plan.notes, strict=True):
        body = 16.0 + 90.0 * len(page)
        assert body + _page_height(page_notes, measures) <= PAGE_HEIGHT - SAFETY


def test_a_row_goes_over_whole_when_little_room_is_left() -> None:
    """Cutting a note is for rows that would leave a page largely blank: a row whose
    notes do not fit under a nearly full page moves to the next page with them."""
    rows = [Row(f"r{i}", notes=["n"] if i == 8 else []) for i in range(10)]
    notes = {"n": Note("n", 0)}
    measures = Measures(
        rows={row.anchor: 100.0 for row in rows},
        notes={"n": 20 * 13.7 + 3},
        note_lines={"n": _lines(20)},
        breaks={"n": list(range(2, 19))},
        thead=16.0,
    )
    plan = plan_pages(rows, notes, measures)
    assert not any(isinstance(n, NotePart) for page in plan.notes for c in page for n in c)
    assert rows[8] is plan.pages[1][0]


def test_a_deferred_footnote_is_brought_back_to_its_call(corpus: Corpus) -> None:
    """xoshgedem.ru: the byline's note does not fit under the full first page of text,
    and WeasyPrint keeps it for the next page's footnote area. The edition finds it in the
    layout, starts the next page at the last row (the section's heading), and lays out
    again: the note stands under its call."""
    from reader.align import load_aligned
    from reader.render.pdf import edition as pdf
    from reader.render.pdf.layout import deferred_footnotes, rows_starting

    current = pdf.edition(
        load_aligned(corpus, "xoshgedem"), ("ru",), dict(pdf.corpus_entities(str(corpus.root)))
    )
    document, _fetcher, _warnings = pdf._laid_out(current.render())
    deferred = deferred_footnotes(document)
    assert [(d.anchor, d.call_page, d.note_page) for d in deferred] == [("fn@ru@n1", 2, 3)]
    last_on_page = rows_starting(document)[2][-1]
    assert pdf._push_deferred(current, document)
    order = [row.anchor for row in current.rows]
    pushed = [row.anchor for row in current.rows if row.page_start]
    # the heading, with the paragraph it introduces (the last row begun on the page)
    assert pushed == [order[order.index(last_on_page) - 1]]
    assert current.rows[order.index(pushed[0])].keep_with_next
    again, _fetcher, _warnings = pdf._laid_out(current.render())
    assert deferred_footnotes(again) == []
