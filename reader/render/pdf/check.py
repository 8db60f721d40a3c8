"""The post-render check of a print edition: what a typographer looks for, read from the PDF.

Nothing here trusts the template: the figures come from the rendered file
itself (PyMuPDF gives every span with its font, size and position; pikepdf
gives the named destinations that say which page is the first of the text
and how many columns it has). Per PDF it counts

* ``notes_away``: note calls whose note is not printed on the call's page
  (a call is a superscript number in the text; a note is a line of the note
  area at the foot of the page that begins with that number);
* ``calls_opening_line``: calls that begin a line, cut off from their word;
* ``loose_lines``: lines whose word spaces are well above the page's norm
  (the mean gap more than :data:`LOOSE_FACTOR` times the page's median gap,
  and at least :data:`LOOSE_MIN_EM` em wide);
* ``hyphen_ladders``: three or more hyphenated line ends in a row;
* ``broken_urls``: URLs broken at a line end with an inserted hyphen;
* ``blank_pages``: pages of the text, before the last one, with more than a
  third of the page left blank between the text and the notes.

:func:`check_pdf` returns a :class:`CheckReport` with each case listed
(``"p. 7: note 1 (column 1) printed on p. 8"``); ``figures()`` counts them.
"""

from __future__ import annotations

import io
import re
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

#: A line is loose when its mean word space is this many times the page's median …
LOOSE_FACTOR = 2.5
#: … and wider than this fraction of the font size.
LOOSE_MIN_EM = 0.9
#: A page is too blank when more than this fraction of its text area is empty.
BLANK_FRACTION = 1 / 3
#: Spans smaller than this fraction of the body size are notes, calls or furniture.
SMALL = 0.88

_CALL = re.compile(r"^(\*{1,3}|†|‡|\d{1,3}[a-z]?)$")
_MARKER = re.compile(r"^(\*{1,3}|†|‡|\d{1,3}[a-z]?)[.)]?$")
#: Characters that WeasyPrint (or this project's print CSS) inserts when it hyphenates.
INSERTED_HYPHENS = "\u2010\u00ad"
_HYPHENS = INSERTED_HYPHENS + "-"
_URLISH = re.compile(r"(https?://|www\.|doi\.org|/\S|\.(com|org|net|edu|ru|tr|pl|info)\b)", re.I)

FIGURES = (
    "notes_away",
    "calls_opening_line",
    "loose_lines",
    "hyphen_ladders",
    "broken_urls",
    "blank_pages",
)


@dataclass
class CheckReport:
    """What the check found in one PDF: for each figure, the cases (page and what)."""

    name: str
    pages: int = 0
    calls: int = 0
    notes_away: list[str] = field(default_factory=list)
    calls_opening_line: list[str] = field(default_factory=list)
    loose_lines: list[str] = field(default_factory=list)
    hyphen_ladders: list[str] = field(default_factory=list)
    broken_urls: list[str] = field(default_factory=list)
    blank_pages: list[str] = field(default_factory=list)
    #: sizes of note calls (pt, rounded to 0.1): one size for all calls
    call_sizes: set[float] = field(default_factory=set)

    def figures(self) -> dict[str, int]:
        return {name: len(getattr(self, name)) for name in FIGURES}

    def cases(self) -> list[str]:
        return [f"{name}: {case}" for name in FIGURES for case in getattr(self, name)]

    def line(self) -> str:
        """One line of figures, as ``reader build --pdf`` prints them."""
        figures = self.figures()
        return f"{self.name}: " + ", ".join(
            f"{k.replace('_', ' ')} {v}" for k, v in figures.items()
        )


@dataclass
class _Span:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    base: float
    size: float
    font: str
    bold: bool
    column: int = 0
    #: (x0, x1) of every character, for the word spaces
    chars: list[tuple[str, float, float]] = field(default_factory=list)


@dataclass
class _Line:
    column: int
    base: float
    size: float
    spans: list[_Span] = field(default_factory=list)
    calls: list[_Span] = field(default_factory=list)

    @property
    def x0(self) -> float:
        return min(s.x0 for s in self.spans)

    @property
    def y0(self) -> float:
        return min(s.y0 for s in self.spans)

    @property
    def y1(self) -> float:
        return max(s.y1 for s in self.spans)

    def ordered(self) -> list[_Span]:
        return sorted(self.spans + self.calls, key=lambda s: s.x0)

    def text(self) -> str:
        out = ""
        previous: _Span | None = None
        for span in self.ordered():
            if previous is not None and span.x0 - previous.x1 > 0.15 * self.size:
                out += " "
            out += span.text
            previous = span
        return out


def _is_sans(font: str) -> bool:
    return "Sans" in font and "Serif" not in font


def _columns(dests: dict[str, Any]) -> int:
    langs = {
        name.rpartition("@")[2]
        for name in dests
        if "@" in name and not name.startswith("fn@") and not name.endswith("@all")
    }
    return max(1, len(langs))


def _first_text_page(dests: dict[str, Any]) -> int:
    pages = [d.page for name, d in dests.items() if "@" in name and not name.startswith("fn@")]
    return min(pages) if pages else 0


def _spans(page: Any) -> list[_Span]:
    found = []
    for block in page.get_text("rawdict")["blocks"]:
        for line in block.get("lines", ()):
            for span in line["spans"]:
                chars = [(c["c"], c["bbox"][0], c["bbox"][2]) for c in span["chars"]]
                text = "".join(c for c, _, _ in chars)
                if not text.strip():
                    continue
                x0, y0, x1, y1 = span["bbox"]
                found.append(
                    _Span(
                        text=text,
                        x0=x0,
                        y0=y0,
                        x1=x1,
                        y1=y1,
                        base=span["origin"][1],
                        size=span["size"],
                        font=span["font"],
                        bold=bool(span["flags"] & 16) or "Bold" in span["font"],
                        chars=chars,
                    )
                )
    return found


def _body_size(pages: list[list[_Span]]) -> float:
    weight: dict[float, int] = defaultdict(int)
    for spans in pages:
        for span in spans:
            if not _is_sans(span.font):
                weight[round(span.size, 1)] += len(span.text)
    return max(weight, key=lambda size: weight[size]) if weight else 10.0


def _lines(spans: list[_Span], columns: int, middle: float, body: float) -> list[_Line]:
    """Spans grouped into lines per column; small numbers raised above a line are its calls."""
    lines: list[_Line] = []
    normal = [s for s in spans if not _is_raised_call(s, spans, body)]
    for span in sorted(normal, key=lambda s: (s.base, s.x0)):
        span.column = 1 if columns > 1 and (span.x0 + span.x1) / 2 > middle else 0
        for line in reversed(lines[-12:]):
            if line.column == span.column and abs(line.base - span.base) < 0.3 * span.size:
                line.spans.append(span)
                line.size = max(line.size, span.size)
                break
        else:
            lines.append(_Line(span.column, span.base, span.size, [span]))
    for span in spans:
        if span in normal:
            continue
        span.column = 1 if columns > 1 and (span.x0 + span.x1) / 2 > middle else 0
        host = [
            line
            for line in lines
            if line.column == span.column
            and line.base - line.size * 0.2 <= span.y1 + 0.5
            and span.base <= line.base + 0.5
            and line.base - span.base < line.size * 0.8
        ]
        if host:
            min(host, key=lambda line: abs(line.base - span.base)).calls.append(span)
        else:
            lines.append(_Line(span.column, span.base, span.size, [], [span]))
    for line in lines:
        if not line.spans:  # a call alone: give it a body of itself
            line.spans, line.calls = list(line.calls), []
            line.spans[0].text = line.spans[0].text
    lines.sort(key=lambda line: (line.column, line.base))
    return lines


def _is_raised_call(span: _Span, spans: list[_Span], body: float) -> bool:
    """A small number set above the baseline of the text around it: a note call."""
    if not _CALL.match(span.text.strip()) or span.size > body * 0.8:
        return False
    return any(
        other is not span
        and other.size > span.size * 1.15
        and other.base - span.base > other.size * 0.15
        and other.base - span.base < other.size * 0.9
        and abs(other.y0 - span.y0) < other.size * 1.2
        and min(abs(other.x1 - span.x0), abs(span.x1 - other.x0)) < other.size * 3
        for other in spans
    )


def _word_gaps(line: _Line) -> list[float]:
    """The widths of the spaces between the words of ``line`` (from the characters' boxes)."""
    gaps: list[float] = []
    last_end: float | None = None
    after_space = False
    for span in line.ordered():
        for char, x0, x1 in span.chars:
            if char.isspace():
                after_space = True
                continue
            # a wide justified space may reach the text layer as a gap with no space in it
            if last_end is not None and (after_space or x0 - last_end > 0.2 * line.size):
                gaps.append(x0 - last_end)
            after_space = False
            last_end = x1
    return gaps


def check_pdf(data: bytes, name: str = "") -> CheckReport:
    """Read ``data`` (a print edition) and count what a typographer would mark."""
    import pikepdf
    import pymupdf

    from reader.render.pdf.tags import destinations

    with pikepdf.open(io.BytesIO(data)) as pdf:
        dests = destinations(pdf)
    columns = _columns(dests)
    first_text = _first_text_page(dests)
    report = CheckReport(name=name)
    reader: Any = pymupdf  # partly typed: its Document is iterable at run time
    document = reader.open(stream=data, filetype="pdf")
    try:
        report.pages = document.page_count
        pages = [_spans(page) for page in document]
        width = document[0].rect.width
        height = document[0].rect.height
    finally:
        document.close()
    body = _body_size(pages)
    furniture_top, furniture_bottom = 0.075 * height, 0.925 * height
    text_top = min(
        (s.y0 for spans in pages[first_text:] for s in spans if s.y0 > furniture_top),
        default=furniture_top,
    )
    text_bottom = max(
        (s.y1 for spans in pages[first_text:] for s in spans if s.y1 < furniture_bottom),
        default=furniture_bottom,
    )
    area = text_bottom - text_top
    ladders_open: dict[int, list[str]] = {}

    for index, spans in enumerate(pages):
        number = index + 1
        content = [
            s
            for s in spans
            if furniture_top < s.y0 and s.y1 < furniture_bottom and not _is_sans(s.font)
        ]
        if not content:
            continue
        xs = [s.x0 for s in content] + [s.x1 for s in content]
        middle = (min(xs) + max(xs)) / 2 if columns > 1 else width
        lines = _lines(content, columns, middle, body)
        big = [line for line in lines if line.size >= body * SMALL]
        body_bottom = max((line.y1 for line in big), default=text_top)
        note_lines = [
            line for line in lines if line.size < body * SMALL and line.y0 > body_bottom - 1
        ]
        text_lines = [line for line in lines if line not in note_lines]
        notes_top = min((line.y0 for line in note_lines), default=None)

        # -- calls and their notes
        markers: dict[tuple[int, str], float] = {}
        starts: dict[int, float] = {}
        for line in note_lines:
            starts[line.column] = min(starts.get(line.column, line.x0), line.x0)
        for line in note_lines:
            first = line.ordered()[0]
            token = first.text.strip().split(" ")[0]
            if _MARKER.match(token) and abs(line.x0 - starts[line.column]) < body * 0.6:
                markers[(line.column, token.rstrip(".)"))] = line.y0
        for line in text_lines:
            for call in line.calls:
                report.calls += 1
                report.call_sizes.add(round(call.size, 1))
                n = call.text.strip()
                if (line.column, n) in markers or any(k[1] == n for k in markers):
                    continue
                report.notes_away.append(
                    f"p. {number}: note {n} (column {line.column + 1}) is not on the page of its call"
                )
        for line in text_lines:
            ordered = line.ordered()
            if ordered and _CALL.match(ordered[0].text.strip()) and ordered[0] in line.calls:
                rest = line.text()[:40]
                report.calls_opening_line.append(f"p. {number}: line opens with call: {rest!r}")
            elif not line.calls and len(line.spans) == 1 and _is_alone_call(line, body):
                report.calls_opening_line.append(
                    f"p. {number}: call {line.spans[0].text.strip()!r} alone on a line"
                )

        # -- loose lines (justified body lines only: notes are set ragged)
        by_size: dict[float, list[float]] = defaultdict(list)
        line_gaps: list[tuple[_Line, list[float]]] = []
        for line in text_lines:
            gaps = _word_gaps(line)
            if len(gaps) >= 2:
                line_gaps.append((line, gaps))
                by_size[round(line.size, 1)].extend(gaps)
        for line, gaps in line_gaps:
            sample = by_size[round(line.size, 1)]
            if len(sample) < 20:
                continue
            norm = statistics.median(sample)
            mean = sum(gaps) / len(gaps)
            if mean > LOOSE_FACTOR * norm and mean > LOOSE_MIN_EM * line.size:
                report.loose_lines.append(
                    f"p. {number}: word space {mean / line.size:.2f} em "
                    f"(page {norm / line.size:.2f} em): {line.text()[:50]!r}"
                )

        # -- hyphenated line ends: ladders and URLs
        for column in sorted({line.column for line in lines}):
            column_lines = [line for line in lines if line.column == column]
            run: list[str] = ladders_open.pop(column, []) if index else []
            previous: _Line | None = None
            for position, line in enumerate(column_lines):
                text = line.text().rstrip()
                if previous is not None and (
                    line.base - previous.base > previous.size * 2.2 or line.size != previous.size
                ):
                    _close(run, report, number)
                    run = []
                if text and text[-1] in _HYPHENS and len(text) > 1 and text[-2].isalnum():
                    run.append(text.split()[-1])
                    if text[-1] in INSERTED_HYPHENS:
                        following = (
                            column_lines[position + 1].text().split()
                            if position + 1 < len(column_lines)
                            else []
                        )
                        word = text.split()[-1][:-1] + (following[0] if following else "")
                        if _URLISH.search(word):
                            report.broken_urls.append(f"p. {number}: {word[:60]!r}")
                else:
                    _close(run, report, number)
                    run = []
                previous = line
            _close(run, report, number)

        # -- blank space
        if first_text <= index < len(pages) - 1 and text_lines:
            bottom = notes_top if notes_top is not None else text_bottom
            used = max(line.y1 for line in text_lines)
            blank = (bottom - used) / area if area > 0 else 0
            if blank > BLANK_FRACTION:
                report.blank_pages.append(f"p. {number}: {blank:.0%} of the page blank")
    return report


def _is_alone_call(line: _Line, body: float) -> bool:
    span = line.spans[0]
    return (
        bool(_CALL.match(span.text.strip())) and span.size < body * 0.8 and span.y1 - span.y0 < body
    )


def _close(run: list[str], report: CheckReport, page: int) -> None:
    if len(run) >= 3:
        report.hyphen_ladders.append(f"p. {page}: {len(run)} hyphens in a row: {' / '.join(run)}")


def check_files(paths: Iterable[Any]) -> list[CheckReport]:
    """Check PDF files on disk (for the command line and the tests)."""
    return [check_pdf(path.read_bytes(), path.name) for path in paths]


__all__ = ["FIGURES", "CheckReport", "check_files", "check_pdf"]
