"""The page plan: rows fill pages, notes go to the page of their row, headings keep with text."""

from __future__ import annotations

from dataclasses import dataclass, field

from reader.render.pdf.layout import FOOTNOTE_OVERHEAD, PAGE_HEIGHT, SAFETY, Measures, plan_pages


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
