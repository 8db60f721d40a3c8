"""The post-render check of a print edition: what a typographer looks for, read from the PDF.

Nothing here trusts the template: the figures come from the rendered file
itself (PDFium, through pypdfium2, gives every character with its font,
size and position; pikepdf gives the named destinations that say which page
is the first of the text and how many columns it has). Per PDF it counts

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

#: A note call: the source's number, a symbol, or an editors' note's letter (a–z).
_CALL = re.compile(r"^(\*{1,3}|†|‡|\d{1,3}|[a-z])$")
_MARKER = re.compile(r"^(\*{1,3}|†|‡|\d{1,3}|[a-z])[.)]?$")
#: Calls set side by side (the author's 1 and the editors' d: "1d") read as one run.
_CALLS = re.compile(r"\*{1,3}|†|‡|\d{1,3}|[a-z]")
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

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON data (kept beside the PDFs, so a rebuild need not read them)."""
        data: dict[str, Any] = {name: list(getattr(self, name)) for name in FIGURES}
        data.update(
            name=self.name, pages=self.pages, calls=self.calls, call_sizes=sorted(self.call_sizes)
        )
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CheckReport:
        report = cls(
            name=str(data["name"]),
            pages=int(data["pages"]),
            calls=int(data["calls"]),
            call_sizes={float(size) for size in data["call_sizes"]},
        )
        for name in FIGURES:
            setattr(report, name, [str(case) for case in data[name]])
        return report

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


@dataclass
class PageText:
    """The text of one page: its size (pt) and its spans, top-down coordinates."""

    width: float
    height: float
    spans: list[_Span]


def read_pages(data: bytes) -> list[PageText]:
    """Every page of the PDF ``data`` as spans of characters with font, size and position.

    Read with PDFium (pypdfium2, Apache-2.0/BSD): a span is a run of
    characters of one text object on one baseline, cut where a gap wider than
    a space opens; the characters PDFium adds itself (spaces and line breaks
    it infers) are left out, so the spans hold what the page draws.
    """
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(data)
    pages = []
    try:
        for page in document:
            width, height = page.get_size()
            textpage = page.get_textpage()
            try:
                pages.append(PageText(width, height, _page_spans(textpage, height)))
            finally:
                textpage.close()
                page.close()
    finally:
        document.close()
    return pages


def _page_spans(textpage: Any, height: float) -> list[_Span]:
    import ctypes

    import pypdfium2.raw as raw

    spans: list[_Span] = []
    box = raw.FS_RECTF()
    matrix = raw.FS_MATRIX()
    name = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    origin_x, origin_y = ctypes.c_double(), ctypes.c_double()
    # About 200,000 characters per build pass through here: one call for the text
    # of the page, three per character, the rest once per text object (one run of
    # one font on one baseline).
    count = raw.FPDFText_CountChars(textpage)
    buffer = ctypes.create_string_buffer((count + 1) * 2)
    raw.FPDFText_GetText(textpage, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
    text = buffer.raw[: count * 2].decode("utf-16-le", errors="replace")
    is_generated = raw.FPDFText_IsGenerated
    text_object_of = raw.FPDFText_GetTextObject
    char_box = raw.FPDFText_GetLooseCharBox
    box_ref = ctypes.byref(box)
    as_address = ctypes.c_void_p
    current: _Span | None = None
    owner: int | None = None
    font, size, bold, base = "", 0.0, False, 0.0
    for index in range(count):
        if is_generated(textpage, index) == 1:
            continue
        char = text[index]
        if char == "\ufffe":  # the text gives a soft hyphen that ends a line so too
            char = chr(raw.FPDFText_GetUnicode(textpage, index))
            if char == "\x02":  # PDFium's mark for a soft hyphen (U+00AD) that ends a line
                char = "\u00ad"
        if char in "\r\n\ufffe":
            continue
        text_object = ctypes.cast(text_object_of(textpage, index), as_address).value
        if text_object != owner:
            owner = text_object
            raw.FPDFText_GetFontInfo(textpage, index, name, len(name), ctypes.byref(flags))
            font = name.value.decode("latin-1").partition("+")[2] or name.value.decode("latin-1")
            # PDFium gives the size in text space: scaled by the matrix, it is in points
            raw.FPDFText_GetMatrix(textpage, index, ctypes.byref(matrix))
            scale = abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5 or 1.0
            size = raw.FPDFText_GetFontSize(textpage, index) * scale
            bold = "Bold" in font or raw.FPDFText_GetFontWeight(textpage, index) >= 600
            # every character of a text object stands on its baseline
            raw.FPDFText_GetCharOrigin(
                textpage, index, ctypes.byref(origin_x), ctypes.byref(origin_y)
            )
            base = height - origin_y.value
        char_box(textpage, index, box_ref)
        x0, x1 = box.left, box.right
        y0, y1 = height - box.top, height - box.bottom
        if (
            current is None
            or current.font != font
            or current.size != size
            or abs(current.base - base) > 0.1 * size
            or x0 < current.x0 - 0.5
            or x0 - current.x1 > size  # wider than any space: another column or a new run
        ):
            current = _Span("", x0, y0, x1, y1, base, size, font, bold)
            spans.append(current)
        elif x0 - current.x1 > 0.15 * size and not current.text.endswith(" "):
            # a space drawn as a gap (no glyph): the words stay apart in the text
            current.text += " "
            current.chars.append((" ", current.x1, x0))
        current.text += char
        current.chars.append((char, x0, x1))
        current.x1 = max(current.x1, x1)
        current.y0 = min(current.y0, y0)
        current.y1 = max(current.y1, y1)
    return [span for span in spans if span.text.strip()]


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
    spans = _split_calls(spans, body)
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


def _split_calls(spans: list[_Span], body: float) -> list[_Span]:
    """Small runs of several calls side by side ("1d") cut into one span per call."""
    out: list[_Span] = []
    for span in spans:
        text = span.text.strip()
        tokens = _CALLS.findall(text)
        if span.size > body * 0.8 or len(tokens) < 2 or "".join(tokens) != text:
            out.append(span)
            continue
        chars = [c for c in span.chars if not c[0].isspace()]
        start = 0
        for token in tokens:
            part = chars[start : start + len(token)]
            start += len(token)
            out.append(
                _Span(
                    token,
                    part[0][1],
                    span.y0,
                    part[-1][2],
                    span.y1,
                    span.base,
                    span.size,
                    span.font,
                    span.bold,
                    chars=part,
                )
            )
    return out


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

    from reader.render.pdf.tags import destinations

    with pikepdf.open(io.BytesIO(data)) as pdf:
        dests = destinations(pdf)
    columns = _columns(dests)
    first_text = _first_text_page(dests)
    report = CheckReport(name=name)
    read = read_pages(data)
    report.pages = len(read)
    pages = [page.spans for page in read]
    width = read[0].width if read else 595.0
    height = read[0].height if read else 842.0
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


__all__ = ["FIGURES", "CheckReport", "PageText", "check_files", "check_pdf", "read_pages"]
