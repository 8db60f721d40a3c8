"""Inline content for the ingester: text with markup ranges and note-call points.

A line of a capture becomes an :class:`Inline`: its characters with the
capture's markers taken out, a list of :class:`Range` (a phrase element over
a stretch of the text: ``hi``, ``ref``, ``title``) and a list of
:class:`Point` (a note call between two characters). Keeping markup as
offsets lets the ingester join the halves of a paragraph, cut it into
sentences with :mod:`reader.ingest.segment` and only then write XML, with every
element nested inside the sentence it belongs to.

>>> line = parse_line("See **the** *Moscow treaty*[1] at <https://example.org/x>.",
...                   calls={27: (30, 0)})
>>> line.text
'See the Moscow treaty at https://example.org/x.'
>>> [(r.tag, line.text[r.start:r.end]) for r in line.ranges]
[('hi', 'the'), ('hi', 'Moscow treaty'), ('ref', 'https://example.org/x')]
>>> [(p.offset, p.call) for p in line.points]
[(21, 0)]
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from lxml import etree

from reader.ingest.segment import paired_spans, sentence_spans
from reader.tei.xml import TEI, XML_ID


@dataclass(frozen=True)
class Range:
    """A phrase element over ``text[start:end]``."""

    start: int
    end: int
    tag: str
    attrs: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Point:
    """A note call standing before ``text[offset]``; ``call`` indexes the call table."""

    offset: int
    call: int


@dataclass
class Inline:
    """Characters with markup ranges and call points (offsets into ``text``)."""

    text: str = ""
    ranges: list[Range] = field(default_factory=list)
    points: list[Point] = field(default_factory=list)

    def shifted(self, by: int) -> Inline:
        return Inline(
            self.text,
            [Range(r.start + by, r.end + by, r.tag, r.attrs) for r in self.ranges],
            [Point(p.offset + by, p.call) for p in self.points],
        )

    def strip(self) -> Inline:
        """Without leading and trailing whitespace (offsets follow; no call is lost)."""
        left = len(self.text) - len(self.text.lstrip())
        right = max(len(self.text.rstrip()), left)
        return self.slice(left, right, clamp=True)

    def slice(self, start: int, end: int, *, clamp: bool = False) -> Inline:
        """``text[start:end]`` with the ranges and points inside it.

        With ``clamp``, points before ``start`` or after ``end`` are kept at the
        edges (for trimming whitespace) instead of dropped.
        """
        ranges = [
            Range(max(r.start, start) - start, min(r.end, end) - start, r.tag, r.attrs)
            for r in self.ranges
            if r.end > start and r.start < end
        ]
        if clamp:
            points = [Point(min(max(p.offset, start), end) - start, p.call) for p in self.points]
        else:
            points = [
                Point(p.offset - start, p.call) for p in self.points if start <= p.offset <= end
            ]
        return Inline(self.text[start:end], [r for r in ranges if r.end > r.start], points)

    def join(self, other: Inline, separator: str = " ") -> Inline:
        """This inline, ``separator``, then ``other``."""
        shifted = other.shifted(len(self.text) + len(separator))
        return Inline(
            self.text + separator + other.text,
            self.ranges + shifted.ranges,
            self.points + shifted.points,
        )

    def drop_last_char(self) -> Inline:
        """Without its last character (a hyphen joined across a page break)."""
        end = len(self.text) - 1
        ranges = [Range(r.start, min(r.end, end), r.tag, r.attrs) for r in self.ranges]
        points = [Point(min(p.offset, end), p.call) for p in self.points]
        return Inline(self.text[:end], [r for r in ranges if r.end > r.start], points)


# ------------------------------------------------------------------ parsing

_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_ITALIC = re.compile(r"(?<![\w*\\])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])")
_UNDERSCORE = re.compile(r"(?<![\w_])_(?=[^\s_])(.+?)(?<=[^\s_])_(?![\w_])")
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^\s<>]+)>")
_URL = re.compile(
    r"(?<![<\w/])(?:https?|ftp)://[^\s<>\"]+|(?<![\w@/.])www\.[^\s<>\"]+\.[a-z]{2,}[^\s<>\"]*"
)
#: Superscript digits that are not a note call: ``<hi rend="sup">``, in plain digits.
_SUPERSCRIPT_DIGITS = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹]+")
_FROM_SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_HTML = re.compile(r"<(sup|sub|i|em|b|strong|u)>(.*?)</\1>", re.IGNORECASE)
_HTML_REND = {
    "sup": "sup",
    "sub": "sub",
    "i": "italic",
    "em": "italic",
    "b": "bold",
    "strong": "bold",
    "u": "underline",
}


def italic_spans(raw: str) -> list[tuple[int, int]]:
    """(start, end) raw ranges of ``**bold**`` and ``*italic*`` pairs, markers included."""
    found: list[tuple[int, int]] = [(m.start(), m.end()) for m in _BOLD.finditer(raw)]
    masked = _mask(raw, found)
    found += [(m.start(), m.end()) for m in _ITALIC.finditer(masked)]
    return found


def _mask(raw: str, ranges: Iterable[tuple[int, int]]) -> str:
    chars = list(raw)
    for start, end in ranges:
        for index in range(start, end):
            if chars[index] == "*":
                chars[index] = "\x00"
    return "".join(chars)


@dataclass(order=True)
class _Token:
    start: int
    end: int
    kind: str  # call, link, pair, html
    payload: tuple[str, ...] = ()
    inner: tuple[int, int] = (0, 0)


def parse_line(
    raw: str,
    *,
    calls: dict[int, tuple[int, int]] | None = None,
    titles: bool = False,
) -> Inline:
    """Parse one capture line: Markdown emphasis, links, HTML emphasis, note calls.

    ``calls`` maps the raw offset of each note-call marker to (end offset,
    call number); the marker and the whitespace before it are removed and a
    :class:`Point` is left. With ``titles`` (bibliographic matter) italics
    become ``title`` rather than ``hi rend="italic"``.
    """
    calls = calls or {}
    tokens: list[_Token] = [
        _Token(start, end, "call", (str(n),)) for start, (end, n) in calls.items()
    ]

    def free(start: int, end: int) -> bool:
        return not any(t.start < end and start < t.end for t in tokens)

    for match in _AUTOLINK.finditer(raw):
        if free(match.start(), match.end()):
            tokens.append(
                _Token(match.start(), match.end(), "link", (match.group(1),), match.span(1))
            )
    for match in _URL.finditer(raw):
        url = match.group(0).rstrip(".,;:)]}»”'\"")
        end = match.start() + len(url)
        if free(match.start(), end):
            target = url if "://" in url else f"http://{url}"
            tokens.append(_Token(match.start(), end, "link", (target,), (match.start(), end)))
    for match in _SUPERSCRIPT_DIGITS.finditer(raw):
        if free(match.start(), match.end()):
            digits = match.group(0).translate(_FROM_SUPERSCRIPT)
            tokens.append(_Token(match.start(), match.end(), "digits", (digits,)))
    for match in _HTML.finditer(raw):
        if free(match.start(1) - 1, match.end(1) + 1) and free(match.end(2), match.end()):
            rend = _HTML_REND[match.group(1).lower()]
            tokens.append(_Token(match.start(), match.end(), "pair", ("hi", rend), match.span(2)))
    pairs: list[_Token] = []
    for pattern, tag in ((_BOLD, "bold"), (_ITALIC, "italic"), (_UNDERSCORE, "italic")):
        source = _mask(raw, [(p.start, p.end) for p in pairs])
        for match in pattern.finditer(source):
            opener = (match.start(), match.start(1))
            closer = (match.end(1), match.end())
            if not (free(*opener) and free(*closer)):
                continue
            if any(_crosses((match.start(), match.end()), (p.start, p.end)) for p in pairs):
                continue
            if tag == "italic" and titles:
                payload: tuple[str, ...] = ("title",)
            else:
                payload = ("hi", tag)
            pairs.append(_Token(match.start(), match.end(), "pair", payload, match.span(1)))
    return _render(raw, sorted(tokens + pairs, key=lambda t: (t.start, -t.end))).strip()


def _crosses(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[0] < a[1] < b[1] or b[0] < a[0] < b[1] < a[1]


def _render(raw: str, tokens: list[_Token]) -> Inline:
    out: list[str] = []
    ranges: list[Range] = []
    points: list[Point] = []
    # Events: (raw position, order, action); order puts closers before openers.
    events: list[tuple[int, int, str, _Token]] = []
    for token in tokens:
        if token.kind == "call":
            events.append((token.start, 1, "call", token))
        elif token.kind in ("link", "digits"):
            events.append((token.start, 1, token.kind, token))
        else:
            events.append((token.start, 1, "open", token))
            events.append((token.inner[1], 0, "close", token))
    events.sort(key=lambda e: (e[0], e[1]))
    cursor = 0
    opened: dict[int, int] = {}
    for position, _, action, token in events:
        if position < cursor:
            continue  # inside something already consumed
        out.append(raw[cursor:position])
        if action == "call":
            text = "".join(out).rstrip(" \t")
            out = [text]
            points.append(Point(len(text), int(token.payload[0])))
            cursor = token.end
        elif action == "link":
            start = len("".join(out))
            label = raw[token.inner[0] : token.inner[1]]
            out.append(label)
            ranges.append(Range(start, start + len(label), "ref", (("target", token.payload[0]),)))
            cursor = token.end
        elif action == "digits":
            start = len("".join(out))
            out.append(token.payload[0])
            ranges.append(Range(start, start + len(token.payload[0]), "hi", (("rend", "sup"),)))
            cursor = token.end
        elif action == "open":
            opened[id(token)] = len("".join(out))
            cursor = token.inner[0]
        else:
            start = opened.pop(id(token), -1)
            if start >= 0:
                end = len("".join(out))
                attrs: tuple[tuple[str, str], ...] = ()
                if token.payload[0] == "hi":
                    attrs = (("rend", token.payload[1]),)
                ranges.append(Range(start, end, token.payload[0], attrs))
            cursor = token.end
    out.append(raw[cursor:])
    text = "".join(out)
    size = len(text)
    ranges = [Range(min(r.start, size), min(r.end, size), r.tag, r.attrs) for r in ranges]
    return Inline(text, [r for r in ranges if r.end > r.start], points)


# ------------------------------------------------------------------ writing

MakePoint = Callable[[Point], etree._Element | None]


def tei(tag: str, attrs: dict[str, str] | None = None, text: str | None = None) -> etree._Element:
    """A TEI element (``xml:id`` may be given as ``id``)."""
    element = etree.Element(f"{TEI}{tag}")
    for key, value in (attrs or {}).items():
        element.set(XML_ID if key == "id" else key, value)
    if text:
        element.text = text
    return element


def _append_text(parent: etree._Element, text: str) -> None:
    if not text:
        return
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def fill(
    parent: etree._Element,
    inline: Inline,
    make_point: MakePoint,
    lo: int = 0,
    hi: int | None = None,
    points: Sequence[Point] | None = None,
    ranges: Sequence[Range] | None = None,
) -> None:
    """Write ``inline.text[lo:hi]`` into ``parent`` with its ranges and points."""
    hi = len(inline.text) if hi is None else hi
    ranges = [
        r for r in (inline.ranges if ranges is None else ranges) if lo <= r.start and r.end <= hi
    ]
    points = [p for p in (inline.points if points is None else points)]
    ranges.sort(key=lambda r: (r.start, -r.end))
    top: list[Range] = []
    reach = -1
    for r in ranges:
        if r.start >= reach:
            top.append(r)
            reach = r.end
    inner = [r for r in ranges if not any(r is t for t in top)]
    own_points = [p for p in points if not any(t.start < p.offset < t.end for t in top)]
    events: list[tuple[int, int, Range | Point]] = [(p.offset, 0, p) for p in own_points]
    events += [(r.start, 1, r) for r in top]
    events.sort(key=lambda e: (e[0], e[1]))
    cursor = lo
    for position, _, item in events:
        position = max(position, cursor)
        _append_text(parent, inline.text[cursor : min(position, hi)])
        cursor = max(cursor, min(position, hi))
        if isinstance(item, Point):
            element = make_point(item)
            if element is not None:
                parent.append(element)
            continue
        child = tei(item.tag, dict(item.attrs))
        if item.tag == "title" and "level" not in child.attrib:
            child.set("level", "m")
        parent.append(child)
        fill(
            child,
            inline,
            make_point,
            item.start,
            item.end,
            [p for p in points if item.start < p.offset < item.end],
            [r for r in inner if item.start <= r.start and r.end <= item.end],
        )
        cursor = item.end
    _append_text(parent, inline.text[cursor:hi])


def call_breaks(inline: Inline) -> list[int]:
    """Offsets of note calls: a call after a full stop closes its sentence."""
    return sorted({p.offset for p in inline.points})


def write_sentences(
    parent: etree._Element,
    inline: Inline,
    unit_id: str,
    make_point: MakePoint,
    *,
    lang: str = "en",
    first: int = 1,
    spans: list[tuple[int, int]] | None = None,
) -> int:
    """Write ``inline`` as ``<s>`` elements ``UNIT.sN`` into ``parent``; the next N."""
    if spans is None:
        spans = sentence_spans(
            inline.text,
            lang,
            breaks=call_breaks(inline),
            keep_together=[(r.start, r.end) for r in inline.ranges],
        )
    if not spans:
        spans = [(0, len(inline.text))]
    owner: list[list[Point]] = [[] for _ in spans]
    for point in inline.points:
        index: int | None = None
        for k, (start, end) in enumerate(spans):
            if start <= point.offset <= end:
                index = k
                break
        if index is None:
            index = max((k for k, (_s, end) in enumerate(spans) if end <= point.offset), default=0)
        owner[index].append(point)
    number = first
    for k, (start, end) in enumerate(spans):
        if k:
            _append_text(parent, " ")
        sentence = tei("s", {"id": f"{unit_id}.s{number}"})
        parent.append(sentence)
        own = owner[k]
        lo = min([start, *(p.offset for p in own)])
        hi = max([end, *(p.offset for p in own)])
        fill(sentence, inline, make_point, lo, hi, own)
        number += 1
    return number


# ---------------------------------------------------------- added markup

_TRANSLIT = str.maketrans(
    {
        "ı": "i",
        "İ": "i",
        "ł": "l",
        "Ł": "l",
        "ø": "o",
        "Ø": "o",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "а": "a",
        "б": "b",
        "в": "v",
        "г": "g",
        "д": "d",
        "е": "e",
        "ё": "e",
        "ж": "zh",
        "з": "z",
        "и": "i",
        "й": "y",
        "к": "k",
        "л": "l",
        "м": "m",
        "н": "n",
        "о": "o",
        "п": "p",
        "р": "r",
        "с": "s",
        "т": "t",
        "у": "u",
        "ф": "f",
        "х": "kh",
        "ц": "ts",
        "ч": "ch",
        "ш": "sh",
        "щ": "shch",
        "ъ": "",
        "ы": "y",
        "ь": "",
        "э": "e",
        "ю": "yu",
        "я": "ya",
    }
)


def ascii_fold(text: str) -> str:
    """Lower-case ASCII letters and digits of ``text`` (transliterating Cyrillic).

    >>> ascii_fold("ŞAMSUTDİNOV"), ascii_fold("Çeçen"), ascii_fold("История")
    ('samsutdinov', 'cecen', 'istoriya')
    """
    lowered = text.lower().translate(_TRANSLIT)
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(c for c in decomposed if c.isascii() and c.isalnum())


#: Marks that delimit a ``q``; the modifier letters ʺ and ″ are letters to Unicode
#: (a word glued to one stays one word), so they are left alone.
_QUOTE_MARKS = '"“”„«»'


def add_quotations(
    inline: Inline, tag: str = "q", attrs: tuple[tuple[str, str], ...] = ()
) -> Inline:
    """Wrap the words between a pair of quotation marks in ``q`` (marks stay outside).

    >>> line = add_quotations(Inline('if the "full sovereignty" of Turkey'))
    >>> [(r.tag, line.text[r.start:r.end]) for r in line.ranges]
    [('q', 'full sovereignty')]
    """
    ranges = list(inline.ranges)
    for start, end in paired_spans(inline.text):
        if inline.text[start] not in _QUOTE_MARKS or inline.text[end] not in _QUOTE_MARKS:
            continue
        inner = (start + 1, end)
        if not inline.text[inner[0] : inner[1]].strip():
            continue
        if any(_overlaps(inner, (r.start, r.end)) for r in ranges):
            continue
        ranges.append(Range(inner[0], inner[1], tag, attrs))
    return Inline(inline.text, ranges, list(inline.points))


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two ranges cross (neither holds the other)."""
    return a[0] < b[0] < a[1] < b[1] or b[0] < a[0] < b[1] < a[1]


_CITATION_GROUP = re.compile(r"\(([^()]*?\b\d{4}[a-z]?\b[^()]*?)\)")
_CITATION = re.compile(
    r"(?P<who>[^\W\d_][^\d(),;:]*?),?\s+(?P<year>\d{4})(?P<suffix>[a-z]?)"
    r"(?::\s*(?P<pages>\d+(?:\s*[–-]\s*\d+)?))?(?=\s*(?:[;,]|$))"
)


def add_citations(inline: Inline, entries: dict[str, str]) -> Inline:
    """Link author–date citations ``(Hirst 2013: 10)`` to bibliography entries.

    ``entries`` maps a key (surname folded to ASCII + year, as in the entry
    ids) to the entry's id; a citation whose key is not there stays text.

    >>> line = add_citations(Inline("led by Germany (Hirst 2013: 10)."), {"hirst2013": "b-hirst2013"})
    >>> [(r.tag, dict(r.attrs), line.text[r.start:r.end]) for r in line.ranges]
    [('ref', {'type': 'cite', 'target': '#b-hirst2013'}, 'Hirst 2013: 10'), ('bibl', {}, 'Hirst 2013: 10'), ('citedRange', {'unit': 'page', 'from': '10', 'to': '10'}, '10')]
    """
    ranges = list(inline.ranges)
    for group in _CITATION_GROUP.finditer(inline.text):
        offset = group.start(1)
        for part in re.finditer(r"[^;]+", group.group(1)):
            match = _CITATION.search(part.group(0))
            if not match:
                continue
            surname = ascii_fold(match.group("who").split()[0])
            key = f"{surname}{match.group('year')}{match.group('suffix')}"
            target = entries.get(key)
            if target is None:
                continue
            start = offset + part.start() + match.start()
            end = offset + part.start() + match.end()
            if any(_overlaps((start, end), (r.start, r.end)) for r in ranges):
                continue
            # TEI: the cited range belongs to a bibl, which a sentence may hold inside a ref.
            ranges.append(Range(start, end, "ref", (("type", "cite"), ("target", f"#{target}"))))
            ranges.append(Range(start, end, "bibl"))
            if match.group("pages"):
                pages = (
                    offset + part.start() + match.start("pages"),
                    offset + part.start() + match.end("pages"),
                )
                first, _, last = (
                    re.sub(r"\s", "", match.group("pages")).replace("–", "-").partition("-")
                )
                scope = (("unit", "page"), ("from", first), ("to", last or first))
                ranges.append(Range(pages[0], pages[1], "citedRange", scope))
    return Inline(inline.text, ranges, list(inline.points))
