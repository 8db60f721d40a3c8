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
    #: per note, the top and bottom of each of its lines, from the top of the note's box
    note_lines: dict[str, list[tuple[float, float, str]]] = field(default_factory=dict)
    #: per note, after how many lines it may be cut (set by the edition, which knows
    #: where each line ends in the note's text: never after a hyphenated word)
    breaks: dict[str, list[int]] = field(default_factory=dict)

    def update(self, other: Measures) -> None:
        """Take ``other``'s heights (a galley of some rows and notes laid out again)."""
        self.rows.update(other.rows)
        self.notes.update(other.notes)
        self.note_lines.update(other.note_lines)


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
                found.note_lines[ident] = [
                    (
                        line.position_y - box.position_y,
                        line.position_y + line.margin_height() - box.position_y,
                        _line_text(line),
                    )
                    for line in box.children
                    if type(line).__name__ == "LineBox"
                ]
            elif tag == "thead" and kind == "TableRowGroupBox" and not found.thead:
                found.thead = box.margin_height()
    return found


#: A note is cut only where each part keeps at least this many lines.
MIN_PART_LINES = 2
#: A row that does not fit with its notes goes to the next page whole when that leaves
#: less than this fraction of the page blank; otherwise its longest note is cut.
SPLIT_WHEN_BLANK = 0.2


@dataclass
class NotePart:
    """Lines ``start`` to ``end`` (exclusive) of a note too tall for the room under its call.

    The first part (``start == 0``) stands on the page of the call; the rest runs on
    at the head of the next page's note block in the same column, marked as continued.
    """

    note: Any
    start: int
    end: int

    @property
    def anchor(self) -> str:
        return str(self.note.anchor)

    @property
    def column(self) -> int:
        return int(self.note.column)

    @property
    def continued(self) -> bool:
        return self.start > 0


def part_height(measures: Measures, part: NotePart) -> float:
    """The height of a part of a note: its lines, the note's bottom padding, and for a
    continuation one line more (its number and "continued" mark on a line of their own)."""
    lines = measures.note_lines[part.anchor]
    padding = measures.notes.get(part.anchor, 0.0) - lines[-1][1]
    height = lines[part.end - 1][1] - lines[part.start][0] + max(padding, 0.0)
    if part.continued:
        height += lines[0][1] - lines[0][0]
    return height


def plan_pages(
    rows: Sequence[Any], notes: dict[str, Any], measures: Measures, shrink: float = 0.0
) -> PagePlan:
    """Fill pages in reading order so that every row's notes stand on its page.

    ``rows`` are the edition's :class:`~reader.render.pdf.edition.PrintRow`
    (in order, each with the anchors of the notes it calls first and whether
    it is kept with the next); ``notes`` maps an anchor to its
    :class:`~reader.render.pdf.edition.PrintNote`; ``shrink`` takes that much
    room off every page (a second plan after a first that did not hold).

    A row whose notes do not fit under it goes to the next page, unless that
    would leave the page more than :data:`SPLIT_WHEN_BLANK` blank or the row
    with its notes is taller than a page: then the longest of its notes in
    the column that overflows is cut after a line (:class:`NotePart`), its
    first part printed last in the column's block on the call's page, the
    rest first in the next page's block.
    """
    available = PAGE_HEIGHT - SAFETY - shrink
    paired = {row.anchor for row in rows if getattr(row, "paired", True)}
    plan = PagePlan()
    body = 0.0
    page: list[Any] = []
    page_notes: list[list[Any]] = [[], []]
    carried: list[list[Any]] = [[], []]

    def height(item: Any) -> float:
        if isinstance(item, NotePart):
            return part_height(measures, item)
        return measures.notes.get(item.anchor, 0.0)

    def notes_height(columns: list[list[Any]]) -> float:
        tallest = max(sum(height(item) for item in column) for column in columns)
        return FOOTNOTE_OVERHEAD + tallest if tallest > 0 else 0.0

    def cut(columns: list[list[Any]], own: list[Any], room: float) -> list[list[Any]] | None:
        """The columns with the longest overflowing note of ``own`` cut to fit ``room``
        (the rest goes to ``carried``), or None where no cut fits."""
        result: list[list[Any]] = []
        rest: list[list[Any]] = [[], []]
        for column, items in enumerate(columns):
            if sum(height(item) for item in items) <= room:
                result.append(items)
                continue
            candidates = [
                n for n in own if any(n is item for item in items) and measures.breaks.get(n.anchor)
            ]
            if not candidates:
                return None
            longest = max(candidates, key=height)
            others = [item for item in items if item is not longest]
            space = room - sum(height(item) for item in others)
            lines = len(measures.note_lines[longest.anchor])
            fitting = [
                k
                for k in measures.breaks[longest.anchor]
                if height(NotePart(longest, 0, k)) <= space
            ]
            if not fitting:
                return None
            k = max(fitting)
            result.append([*others, NotePart(longest, 0, k)])
            rest[column] = [NotePart(longest, k, lines)]
        carried[0], carried[1] = rest
        return result

    def close() -> None:
        nonlocal page, page_notes, body
        plan.pages.append(page)
        plan.notes.append(page_notes)
        page, page_notes, body = [], [list(carried[0]), list(carried[1])], 0.0
        carried[0], carried[1] = [], []

    blocks = list(_blocks(rows))
    for index, block in enumerate(blocks):
        block_body = sum(measures.rows.get(row.anchor, 0.0) for row in block)
        own = [notes[anchor] for row in block for anchor in row.notes]
        head = measures.thead if block[0].anchor in paired else 0.0
        last = index == len(blocks) - 1
        for _attempt in ("on this page", "on a new page"):
            fresh = not page
            start = head if fresh else body
            columns = [page_notes[c] + [n for n in own if min(n.column, 1) == c] for c in range(2)]
            room = available - start - block_body - FOOTNOTE_OVERHEAD
            blank_if_moved = (available - body - notes_height(page_notes)) / PAGE_HEIGHT
            placed: list[list[Any]] | None = None
            if start + block_body + notes_height(columns) <= available:
                placed = columns
            elif not last and room > 0 and (fresh or blank_if_moved > SPLIT_WHEN_BLANK):
                placed = cut(columns, own, room)
            if placed is None and fresh:
                placed = columns  # taller than a page and no cut fits: it runs over
            if placed is None:
                close()
                continue
            page.extend(block)
            page_notes = placed
            body = start + block_body
            if any(carried):
                close()  # the page is full: the rest of the cut note opens the next one
            break
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


# ------------------------------------------- footnotes of one-language editions


@dataclass
class Deferred:
    """A footnote WeasyPrint printed on a later page than its call (one-language editions):
    it keeps a note whose call is near a full page's foot for the next page's area
    rather than move the page's last lines on."""

    anchor: str
    call_page: int
    note_page: int


def deferred_footnotes(document: Any) -> list[Deferred]:
    """The footnotes of a laid-out edition printed on another page than their call."""
    calls: dict[str, int] = {}
    notes: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for child in page._page_box.children:
            kind = type(child).__name__
            for box in _boxes(child):
                element = getattr(box, "element", None)
                if element is None:
                    continue
                if kind == "FootnoteAreaBox" and type(box).__name__ == "BlockBox":
                    anchor = element.get("id") or ""
                    if anchor.startswith("fn@"):
                        notes.setdefault(anchor, index)
                elif kind == "BlockBox" and getattr(box, "element_tag", None) == "a":
                    href = element.get("href") or ""
                    if href.startswith("#fn@"):
                        calls.setdefault(href[1:], index)
    return [
        Deferred(anchor, calls[anchor], page)
        for anchor, page in notes.items()
        if anchor in calls and page != calls[anchor]
    ]


def rows_starting(document: Any) -> list[list[str]]:
    """Per page, the anchors of the rows whose first line is on it, in order."""
    seen: set[str] = set()
    pages: list[list[str]] = []
    for page in document.pages:
        starting: list[str] = []
        for box in _boxes(page._page_box):
            if type(box).__name__ == "TableRowBox" and box.element is not None:
                anchor = box.element.get("id")
                if anchor and anchor not in seen:
                    seen.add(anchor)
                    starting.append(anchor)
        pages.append(starting)
    return pages


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
