"""The page plan of a two-column edition: every note on the page of its call.

WeasyPrint has one footnote area per page and lays footnotes out one below
the other, so the notes of two columns would stand staggered, and a row that
breaks late would leave its notes a page behind. A printed parallel edition
does better: each column has its own note block at the foot of the page,
top-aligned, as wide as its column, and a reader never turns a page to find
a note. So the edition plans its pages itself:

1. **Galley.** The edition is rendered once without pages that matter
   (:func:`measure`): every row on one tall page at the printed widths, every
   note in a block as wide as its column. WeasyPrint's own layout boxes give
   the height of each row and of each note (no PDF is written).
2. **Plan.** :func:`plan_pages` fills pages in reading order: a row goes on
   the page if the rows so far, the column heads and the taller of the two
   note blocks (with the notes this row calls) fit the page; a heading or a
   notice goes with the row after it. Rows are a few aligned sentences
   (:mod:`reader.render.pdf.chunks`), so little room is left over.
3. **Render.** The first row of each page forces the page break and carries
   the page's notes as one footnote, a two-cell block (left column's notes,
   right column's notes); WeasyPrint puts it at the foot of that page.

The plan is checked against the rendered PDF (:func:`misplaced`): a row
that does not start on its planned page is reported, and the edition is
planned again with less room per page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

#: 1 mm in CSS pixels (WeasyPrint's unit).
MM = 96 / 25.4
#: The text area of a two-column page: A4 less the top and bottom margins (print.css).
PAGE_HEIGHT = (297 - 22 - 24) * MM
#: The footnote area's margin, rule and padding above the notes (print.css, @footnote).
FOOTNOTE_OVERHEAD = (4 + 2.5) * MM + 0.4 * 96 / 72
#: Room kept free on every page for rounding.
SAFETY = 2 * MM


@dataclass
class Measures:
    """Heights (CSS px) measured on the galley."""

    rows: dict[str, float] = field(default_factory=dict)
    notes: dict[str, float] = field(default_factory=dict)
    thead: float = 0.0


@dataclass
class PagePlan:
    """The rows of each page and, per page, the notes of each column."""

    pages: list[list[Any]] = field(default_factory=list)
    notes: list[list[list[Any]]] = field(default_factory=list)

    def page_of(self) -> dict[str, int]:
        """Row anchor → index of its page, counted from the first page of the text."""
        return {row.anchor: index for index, rows in enumerate(self.pages) for row in rows}


def _boxes(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


def measure(document: Any) -> Measures:
    """The heights of rows, notes and column heads in a laid-out galley (a WeasyPrint document)."""
    found = Measures()
    for page in document.pages:
        for box in _boxes(page._page_box):
            element = getattr(box, "element", None)
            if element is None:
                continue
            tag = getattr(box, "element_tag", None)
            ident = element.get("id")
            kind = type(box).__name__  # an element's line boxes carry its element too
            if tag == "tr" and ident and kind == "TableRowBox":
                found.rows[ident] = found.rows.get(ident, 0.0) + box.margin_height()
            elif (
                tag == "p"
                and ident
                and kind == "BlockBox"
                and "note" in (element.get("class") or "").split()
            ):
                found.notes[ident] = box.margin_height()
            elif tag == "thead" and kind == "TableRowGroupBox" and not found.thead:
                found.thead = box.margin_height()
    return found


def plan_pages(
    rows: Sequence[Any], notes: dict[str, Any], measures: Measures, shrink: float = 0.0
) -> PagePlan:
    """Fill pages in reading order so that every row's notes stand on its page.

    ``rows`` are the edition's :class:`~reader.render.pdf.edition.PrintRow`
    (in order, each with the anchors of the notes it calls first and whether
    it is kept with the next); ``notes`` maps an anchor to its
    :class:`~reader.render.pdf.edition.PrintNote`; ``shrink`` takes that much
    room off every page (a second plan after a first that did not hold).
    """
    available = PAGE_HEIGHT - SAFETY - shrink
    paired = {row.anchor for row in rows if getattr(row, "paired", True)}
    plan = PagePlan()
    body = 0.0
    columns: list[float] = [0.0, 0.0]
    page: list[Any] = []
    page_notes: list[list[Any]] = [[], []]

    def notes_height(heights: list[float]) -> float:
        tallest = max(heights)
        return FOOTNOTE_OVERHEAD + tallest if tallest > 0 else 0.0

    for block in _blocks(rows):
        block_body = sum(measures.rows.get(row.anchor, 0.0) for row in block)
        added = [0.0, 0.0]
        block_notes: list[Any] = []
        for row in block:
            for anchor in row.notes:
                note = notes[anchor]
                added[min(note.column, 1)] += measures.notes.get(anchor, 0.0)
                block_notes.append(note)
        head = measures.thead if block[0].anchor in paired else 0.0
        start = body if page else head
        heights = [columns[i] + added[i] for i in range(2)] if page else added
        if page and start + block_body + notes_height(heights) > available:
            plan.pages.append(page)
            plan.notes.append(page_notes)
            page, page_notes = [], [[], []]
            start = head
            heights = added
        page.extend(block)
        for note in block_notes:
            page_notes[min(note.column, 1)].append(note)
        body = start + block_body
        columns = heights
    if page:
        plan.pages.append(page)
        plan.notes.append(page_notes)
    return plan


def _blocks(rows: Sequence[Any]) -> Iterator[list[Any]]:
    """Rows that must share a page: a heading or a notice with the row after it."""
    block: list[Any] = []
    for row in rows:
        block.append(row)
        if not row.keep_with_next:
            yield block
            block = []
    if block:
        yield block


def apply(plan: PagePlan) -> None:
    """Mark the first row of each page and give it the page's notes."""
    for index, (rows, notes) in enumerate(zip(plan.pages, plan.notes, strict=True)):
        for position, row in enumerate(rows):
            row.page_start = position == 0 and index > 0
            row.page_notes = [column for column in notes] if position == 0 and any(notes) else []


def misplaced(plan: PagePlan, dests: dict[str, Any]) -> list[str]:
    """Rows of the plan that the PDF shows on another page than planned."""
    first: int | None = None
    found = []
    for index, rows in enumerate(plan.pages):
        for row in rows:
            dest = dests.get(row.cells[0].anchor) if row.cells else None
            if dest is None:
                continue
            if first is None:
                first = dest.page - index
            if dest.page != first + index:
                found.append(
                    f"{row.anchor} (planned p. {first + index + 1}, printed p. {dest.page + 1})"
                )
    return found


# ------------------------------------------------------------- hyphen ladders

#: At most this many hyphenated line ends in a row.
MAX_HYPHENS_IN_A_ROW = 2


def _line_text(line: Any) -> str:
    return "".join(getattr(box, "text", "") or "" for box in _boxes(line))


#: A justified line whose spaces are stretched by more than this (em) is loose.
LOOSE_EXTRA_EM = 0.55


@dataclass
class Fixes:
    """What the layout asks of the words of each place (row and column, or note)."""

    #: words kept whole: hyphenating them made a third hyphen in a row
    whole: dict[tuple[str, int], set[str]] = field(default_factory=dict)
    #: places with a loose justified line (set ragged right)
    loosen: dict[tuple[str, int], set[str]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.whole or self.loosen)


def ladders(document: Any, hyphen: str) -> Fixes:
    """Words to keep whole so that no more than two line ends in a row are hyphenated.

    Reads the line boxes of every text block of a laid-out ``document``
    (a galley or the edition itself). Returns, per place (the row anchor and
    column, or the note anchor and -1), the words hyphenated at the third,
    fifth … line of a run: kept whole, their line ends early instead. And the
    places with a loose line (its spaces stretched by more than
    :data:`LOOSE_EXTRA_EM`), to be set ragged right.
    """
    found = Fixes()
    # A block split across pages is one run of lines: its fragments are joined.
    blocks: dict[tuple[tuple[str, int], int], list[Any]] = {}
    for page in document.pages:
        for box in _boxes(page._page_box):
            if type(box).__name__ != "TableRowBox" or box.element is None:
                if type(box).__name__ == "BlockBox" and box.element is not None:
                    classes = (box.element.get("class") or "").split()
                    if ("note" in classes or "fn" in classes) and box.element.get("id"):
                        place = (box.element.get("id"), -1)
                        blocks.setdefault((place, id(box.element)), []).append(box)
                continue
            anchor = box.element.get("id")
            if not anchor:
                continue
            for column, cell in enumerate(box.children):
                for block in _boxes(cell):
                    if type(block).__name__ == "BlockBox" and block.element is not None:
                        classes = (block.element.get("class") or "").split()
                        if "unit" in classes or "caption" in classes:
                            key = ((anchor, column), id(block.element))
                            blocks.setdefault(key, []).append(block)
    for (place, _element), fragments in blocks.items():
        _runs(fragments, place, hyphen, found)
    return found


def _word(token: str) -> str:
    """The word at the start of ``token``, without punctuation or a note call glued to it.

    >>> _word("«христианство.5»"), _word("Türkiye'nin,"), _word("1921")
    ('христианство', "Türkiye'nin", '')
    """
    match = re.search(r"[^\W\d_]+(?:['’][^\W\d_]+)*", token)
    return match.group(0) if match else ""


def _runs(fragments: Sequence[Any], place: tuple[str, int], hyphen: str, found: Fixes) -> None:
    """Ladders and loose lines of one block (its ``fragments``, one per page it is on)."""
    lines = [
        child
        for block in fragments
        for child in block.children
        if type(child).__name__ == "LineBox"
    ]
    texts = [_line_text(line).rstrip() for line in lines]
    size = fragments[0].style["font_size"]
    for index, line in enumerate(lines[:-1]):
        spacing = max(
            (getattr(box, "justification_spacing", 0) or 0 for box in _boxes(line)), default=0
        )
        if spacing > LOOSE_EXTRA_EM * size:
            found.loosen.setdefault(place, set()).add(_word(texts[index + 1]))
    # A run counts every hyphen at a line end (a compound's own hyphen draws the
    # eye as much); the word kept whole is the latest one the layout hyphenated.
    run: list[int] = []
    for index, text in enumerate(texts):
        if index + 1 < len(texts) and text[-1:] in (hyphen, "-") and text[-2:-1].isalnum():
            run.append(index)
            if len(run) == MAX_HYPHENS_IN_A_ROW + 1:
                inserted = [i for i in run if texts[i].endswith(hyphen)]
                if inserted:
                    at = inserted[-1]
                    head = texts[at][:-1].split()[-1] if texts[at][:-1].split() else ""
                    tail = texts[at + 1].split()[0] if texts[at + 1].split() else ""
                    word = _word(head + tail)
                    if word:
                        found.whole.setdefault(place, set()).add(word)
        else:
            run = []
