"""Cutting a note's HTML where one of its measured lines ends (a note continued overleaf).

The page plan (:mod:`reader.render.pdf.layout`) may print a long note in two
parts: the lines that fit under its call's row, and the rest at the head of
the next page's note block, marked as continued. The galley gives the text
of each line of the note as WeasyPrint set it; this module finds, in the
note's HTML, the place where a line ends — counting the characters that are
not spaces, which the line boxes and the HTML share — and cuts the HTML
there, closing the elements open at the cut and opening them again in the
second part. A line that ends with an inserted hyphen is never a place to cut
(the word would be split across pages), nor is a line whose text does not
match the HTML (generated content): such a note is not cut.
"""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Sequence

from markupsafe import Markup

_TOKEN = re.compile(r"(<[^>]*>)")
#: One character of text: an entity or a code point.
_CHAR = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|\w+);|.", re.S)
_VOID = {"br", "img", "wbr", "hr", "meta", "link", "input"}
_ID = re.compile(r'\s+id="[^"]*"')


def _visible(text: str) -> str:
    return re.sub(r"\s+", "", text)


def word_ends(html: str) -> dict[int, int]:
    """Characters of text (not counting spaces) → the place in ``html`` right after the
    last of them, wherever a space follows in the text (a place a line may end)."""
    ends: dict[int, int] = {}
    count = 0
    last = 0
    position = 0
    for token in _TOKEN.split(html):
        if token.startswith("<"):
            position += len(token)
            continue
        for char in _CHAR.finditer(token):
            text = htmllib.unescape(char.group(0))
            if text.isspace():
                if count:
                    ends.setdefault(count, last)
            else:
                count += len(text)
                last = position + char.end()
        position += len(token)
    return ends


def breaks(
    prefix: str, html: str, lines: Sequence[str], hyphen: str, min_lines: int = 2
) -> dict[int, int]:
    """After how many lines the note may be cut → the place in ``html`` to cut.

    ``prefix`` is the plain text printed before the note's HTML on its first
    line (its number and marks); ``lines`` the text of each line as laid out.
    Each part keeps at least ``min_lines`` lines.
    """
    plain = _visible(htmllib.unescape(_TOKEN.sub("", prefix + html)))
    counts = []
    seen = 0
    joined = []
    for line in lines:
        text = _visible(line)
        hyphenated = text.endswith(hyphen)
        text = text.removesuffix(hyphen)
        joined.append(text)
        seen += len(text)
        counts.append((seen, hyphenated))
    if "".join(joined) != plain:
        return {}
    skip = len(_visible(htmllib.unescape(_TOKEN.sub("", prefix))))
    ends = word_ends(html)
    found = {}
    for k in range(min_lines, len(lines) - min_lines + 1):
        seen, hyphenated = counts[k - 1]
        if not hyphenated and seen - skip in ends:
            found[k] = _past_end_tags(html, ends[seen - skip])
    return found


_END_TAG = re.compile(r"</[^>]*>")


def _past_end_tags(html: str, position: int) -> int:
    """Past the end tags right after ``position`` (a word ending a link ends the link)."""
    while match := _END_TAG.match(html, position):
        position = match.end()
    return position


def _open_at(html: str, position: int) -> list[str]:
    """The start tags of the elements open at ``position``."""
    stack: list[str] = []
    for token in _TOKEN.findall(html[:position]):
        name = re.match(r"</?\s*([\w-]+)", token)
        if not name or token.startswith("<!"):
            continue
        tag = name.group(1).lower()
        if token.startswith("</"):
            for index in range(len(stack) - 1, -1, -1):
                if re.match(rf"<{tag}\b", stack[index], re.I):
                    del stack[index:]
                    break
        elif tag not in _VOID and not token.endswith("/>"):
            stack.append(token)
    return stack


_NAME = re.compile(r"<([\w-]+)")


def _closing(tags: Sequence[str]) -> str:
    names = [match.group(1) for tag in reversed(tags) if (match := _NAME.match(tag))]
    return "".join(f"</{name}>" for name in names)


def cut(html: str, start: int | None, end: int | None) -> Markup:
    """``html`` from place ``start`` to place ``end`` (None: its start or end), well formed:
    the elements open at ``start`` opened again (without their ids), those open at
    ``end`` closed.

    >>> str(cut("a <i>b c</i> d", 6, None))
    '<i> c</i> d'
    >>> str(cut("a <i>b c</i> d", None, 6))
    'a <i>b</i>'
    """
    begin = 0 if start is None else start
    stop = len(html) if end is None else end
    reopened = "".join(_ID.sub("", tag) for tag in _open_at(html, begin)) if begin else ""
    closed = _closing(_open_at(html, stop)) if end is not None else ""
    return Markup(reopened + html[begin:stop] + closed)
