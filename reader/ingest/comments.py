"""Reader comments under a web article: a numbered, indented thread.

Captures of web articles often end with the comment thread, which the
capture shows as an indented list: a number, a score or a user name, a date
line, then the comment's lines, replies indented deeper::

      1. +4
        13 February 2016 08: 15
        Useful article to refresh your memory. +
        1. +2
          13 February 2016 22: 04
          Generously, the Bolsheviks scattered lands.

A numbered line counts as a comment only when a date follows within three
lines, so an ordinary numbered list is never taken for a thread.

>>> lines = ["  1. +4", "    13 February 2016 08: 15", "    Useful. +",
...          "    1. avt", "      0", "      14 February 2016 10: 01", "      Quote: X", "      Useful.",
...          "", "      Indeed."]
>>> start = thread_start(lines)
>>> thread = parse_thread(lines, start)
>>> [(c.number, c.score, c.date_iso, len(c.replies)) for c in thread]
[('1', '+4', '2016-02-13T08:15:00', 1)]
>>> reply = thread[0].replies[0]
>>> (reply.user, reply.score, [(p.quote_label, p.text) for p in reply.paragraphs])
('avt', '0', [('Quote: X', ''), ('Quote: X', 'Useful.'), (None, 'Indeed.')])
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_HEADER = re.compile(r"^(\s*)(\d{1,4})\.\s+(\S.*?)\s*$")
_SCORE = re.compile(r"^[+\-−–]?\d{1,5}$")
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_DATE = re.compile(
    r"^(\d{1,2})\s+([A-Za-z]+)\.?\s+(\d{4})(?:[,\s]+(\d{1,2})\s*:\s*(\d{2}))?$"
    r"|^(\d{4})-(\d{2})-(\d{2})(?:[T\s]+(\d{1,2}):(\d{2}))?$"
    r"|^([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})(?:[,\s]+(?:at\s+)?(\d{1,2})\s*:\s*(\d{2}))?$"
)
_QUOTE = re.compile(r"^(Quote|Цитата|Alıntı|Cytat)\s*:\s*\S.*$", re.IGNORECASE)
_COUNTER = re.compile(r"^\d+\s+(comments?|комментари\w*|yorum\w*|komentarz\w*)$", re.IGNORECASE)


def parse_date(text: str) -> str | None:
    """ISO form of a comment date line (as TEI's @when takes it), or None.

    >>> parse_date("13 February 2016 08: 15"), parse_date("March 3, 1918")
    ('2016-02-13T08:15:00', '1918-03-03')
    """
    match = _DATE.match(text.strip())
    if not match:
        return None
    groups = match.groups()
    if groups[0]:
        day, month_name, year, hour, minute = groups[0:5]
    elif groups[5]:
        year, month_name, day, hour, minute = groups[5:10]
    else:
        month_name, day, year, hour, minute = groups[10:15]
    month = int(month_name) if month_name.isdigit() else _MONTHS.get(month_name.lower(), 0)
    if not 1 <= int(day) <= 31 or not 1 <= month <= 12:
        return None
    iso = f"{int(year):04d}-{month:02d}-{int(day):02d}"
    if hour is not None and minute is not None:
        iso += f"T{int(hour):02d}:{minute}:00"  # an xs:dateTime has seconds
    return iso


@dataclass
class Paragraph:
    """A line of a comment; ``quote_label`` when it quotes another comment."""

    line: int
    text: str
    quote_label: str | None = None
    quote_line: int = 0


@dataclass
class Comment:
    number: str
    line: int
    indent: int
    user: str | None = None
    score: str | None = None
    date: str | None = None
    date_iso: str | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)
    replies: list[Comment] = field(default_factory=list)


def _is_header(lines: list[str], index: int) -> bool:
    match = _HEADER.match(lines[index])
    if not match:
        return False
    seen = 0
    for following in lines[index + 1 :]:
        if not following.strip():
            continue
        if parse_date(following):
            return True
        seen += 1
        if seen >= 2:
            return False
    return False


def thread_start(lines: list[str]) -> int | None:
    """Index of the first line of a comment thread, or None."""
    for index in range(len(lines)):
        if _is_header(lines, index):
            return index
    return None


def chrome_before(lines: list[str], start: int) -> list[int]:
    """Lines just before the thread that are its chrome: the counter and what follows it."""
    for index in range(start - 1, max(-1, start - 6), -1):
        if _COUNTER.match(lines[index].strip()):
            return [i for i in range(index, start) if lines[i].strip()]
    return []


def parse_thread(lines: list[str], start: int) -> list[Comment]:
    """The comments of ``lines[start:]`` as a tree (line numbers are 1-based)."""
    roots: list[Comment] = []
    stack: list[Comment] = []
    index = start
    pending_quote: Paragraph | None = None
    while index < len(lines):
        line = lines[index]
        indent = len(line) - len(line.lstrip())
        if _is_header(lines, index):
            match = _HEADER.match(line)
            assert match is not None
            comment = Comment(number=match.group(2), line=index + 1, indent=indent)
            rest = match.group(3)
            if _SCORE.match(rest):
                comment.score = rest
            else:
                comment.user = rest
            index += 1
            while index < len(lines) and comment.date is None:
                value = lines[index].strip()
                if value and _SCORE.match(value) and comment.score is None:
                    comment.score = value
                elif value and parse_date(value):
                    comment.date = value
                    comment.date_iso = parse_date(value)
                elif value:
                    break
                index += 1
            while stack and stack[-1].indent >= indent:
                stack.pop()
            (stack[-1].replies if stack else roots).append(comment)
            stack.append(comment)
            pending_quote = None
            continue
        text = line.strip()
        if not text:
            pending_quote = None
        elif stack:
            owner = stack[-1]
            if _QUOTE.match(text):
                pending_quote = Paragraph(
                    line=index + 1, text="", quote_label=text, quote_line=index + 1
                )
                owner.paragraphs.append(pending_quote)
            elif pending_quote is not None:
                owner.paragraphs.append(
                    Paragraph(
                        line=index + 1,
                        text=text,
                        quote_label=pending_quote.quote_label,
                        quote_line=pending_quote.line,
                    )
                )
            else:
                owner.paragraphs.append(Paragraph(line=index + 1, text=text))
        index += 1
    return roots
