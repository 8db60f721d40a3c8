"""What a search answers: hits with snippets and labels, and the errors and limits of a query."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from reader.align import Origin
from reader.corpus import LANGUAGES
from reader.errors import ReaderError

#: Characters of a snippet around the first match.
SNIPPET = 200
#: The most a query may hold: past these, the work would grow with the query
#: (issue 12: 10 kB of "a e i o u" took 95 s), and no reader types more.
MAX_QUERY_CHARS = 500
MAX_QUERY_WORDS = 32


class UnknownSearchLanguage(ReaderError, ValueError):
    """A search restricted to a language the reader does not have."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        super().__init__(
            f"cannot search in {lang!r}; languages are: {', '.join(LANGUAGES)} (or None for all)"
        )


class QueryTooLong(ReaderError, ValueError):
    """A query past the limits on its length or its number of words."""

    def __init__(self, chars: int, words: int) -> None:
        self.chars = chars
        self.words = words
        super().__init__(
            f"the query is too long ({chars} characters, {words} words); a search takes at "
            f"most {MAX_QUERY_CHARS} characters and {MAX_QUERY_WORDS} words"
        )


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class AlignedVersion(_Frozen):
    """The same passage in another language of its text."""

    lang: str
    origin: Origin
    text: str


class SearchHit(_Frozen):
    """One passage that matches a query, in one language, with its aligned versions.

    ``ref`` is a reference for ``Library.passage`` (a sentence, or a unit
    without sentences) and ``label`` says what it is for a reader ("¶ 12, s. 3",
    "Keyword 2", "Signature"); ``url`` is where the reader shows it, relative
    to the root of the built site; ``highlights`` are the (start, end) offsets
    in ``snippet`` of the words that matched; ``entities`` the ids of the
    entities through whose names it matched.
    """

    ref: str
    text_id: str
    lang: str
    kind: str
    title: str
    text: str
    snippet: str
    highlights: tuple[tuple[int, int], ...]
    score: float
    url: str
    aligned: tuple[AlignedVersion, ...]
    entities: tuple[str, ...] = ()
    label: str = ""


def make_snippet(
    text: str, spans: Sequence[tuple[int, int]], width: int = SNIPPET
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A window of ``text`` around the first match, and the matches' offsets in it.

    >>> make_snippet("one two three", [(4, 7)])
    ('one two three', ((4, 7),))
    >>> snippet, marks = make_snippet("word " * 100 + "target " + "word " * 100, [(500, 506)], 40)
    >>> snippet[marks[0][0] : marks[0][1]], snippet[0], snippet[-1]
    ('target', '…', '…')
    """
    merged: list[tuple[int, int]] = []
    for start, end in sorted(set(spans)):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    if len(text) <= width:
        return text, tuple(merged)
    first = merged[0][0] if merged else 0
    begin = max(0, first - width // 3)
    if begin:
        space = text.rfind(" ", 0, begin + 1)
        begin = space + 1 if space >= 0 and begin - space < 20 else begin
    end = min(len(text), begin + width)
    if end < len(text):
        space = text.find(" ", end)
        end = space if 0 <= space - end < 20 else end
    prefix = "…" if begin else ""
    suffix = "…" if end < len(text) else ""
    shift = len(prefix) - begin
    inside = tuple(
        (start + shift, min(stop, end) + shift)
        for start, stop in merged
        if start >= begin and start < end
    )
    return prefix + text[begin:end] + suffix, inside


#: How a hit's label reads in English, by the kind of passage (docs/search.md);
#: the search page has the same in each interface language.
LABELS = {
    "paragraph": "¶ {n}",
    "heading": "Heading {n}",
    "caption": "Figure {n}",
    "item": "Item {n}",
    "keyword": "Keyword {n}",
    "note": "Note {n}",
    "dateline": "Dateline",
    "salutation": "Salutation",
    "signature": "Signature",
    "unit": "{n}",
}
SENTENCE_LABEL = "{label}, s. {s}"


def label_text(parts: Sequence[str]) -> str:
    """A label from its parts (kind, number, sentence): ``("paragraph", "12", "3")`` → ``¶ 12, s. 3``.

    >>> label_text(("paragraph", "12", "3")), label_text(("keyword", "2", "")), label_text(("signature", "", ""))
    ('¶ 12, s. 3', 'Keyword 2', 'Signature')
    """
    kind, number, sentence = parts
    label = LABELS.get(kind, "{n}").format(n=number).strip()
    return SENTENCE_LABEL.format(label=label, s=sentence) if sentence else label


__all__ = [
    "LABELS",
    "MAX_QUERY_CHARS",
    "MAX_QUERY_WORDS",
    "SENTENCE_LABEL",
    "SNIPPET",
    "AlignedVersion",
    "QueryTooLong",
    "SearchHit",
    "UnknownSearchLanguage",
    "label_text",
    "make_snippet",
]
