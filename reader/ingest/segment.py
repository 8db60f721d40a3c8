"""Sentence segmentation: pysbd, wrapped with the protections the corpus needs.

pysbd (the "pragmatic sentence boundary disambiguation" rules) does most of
the work. Around it this module adds what docs/encoding.md asks of a careful
segmenter and what pysbd gets wrong on the sources:

* **protected full stops** never end a sentence: initials (``G.V. Chicherin``,
  ``m. V. Frunze``), titles (``Mr. Ambassador``, ``PhD.``), reference
  abbreviations before a number (``p. 57``, ``Vol. 10``, ``T. III``,
  ``no. 870``, ``Doc. No. 264``), dates and numbers (``16.03.1921``,
  ``10.7``, ``47.971.988``) and a place abbreviated before its year
  (``M., 1961``);
* **quotations and brackets**: a full stop, question or exclamation mark
  inside a quotation (or parenthesis) that closes later in the same text
  does not end the sentence, so ``"What the tsarist thought? yesterday, …"``
  stays whole;
* **forced breaks**: the caller may name offsets where a sentence must end if
  the text before them ends with final punctuation (a note call after a full
  stop closes the sentence it follows);
* **tidying**: a lone omission mark (``...``, ``[...]``) joins a neighbour,
  stray punctuation (``?`` of ``???``) joins the sentence before it, and a
  date standing alone (``December 7 1920.``) joins the sentence it heads.

:func:`sentence_spans` returns character offsets so that callers can map the
sentences back onto marked-up text; :func:`split_sentences` returns strings.

>>> split_sentences("The Plenum considered the proposal of G.V. Chicherin. It agreed.")
['The Plenum considered the proposal of G.V. Chicherin.', 'It agreed.']
>>> split_sentences("See Vol. 10, p. 57. On 16.03.1921 the treaty was signed.")
['See Vol. 10, p. 57.', 'On 16.03.1921 the treaty was signed.']
>>> split_sentences("Documents of the USSR foreign policy. T. III. M., 1961, p. 47.")
['Documents of the USSR foreign policy. T. III. M., 1961, p. 47.']
>>> split_sentences('He said: "What the tsarist thought? yesterday, the same". However, no.')
['He said: "What the tsarist thought? yesterday, the same".', 'However, no.']
>>> split_sentences("Your letter dated 17 September no. 870 reached us, Mr. Ambassador. Thanks.")
['Your letter dated 17 September no. 870 reached us, Mr. Ambassador.', 'Thanks.']
>>> split_sentences("It was 47.971.988 TL of 59 Million TL. The rest was 10.7 million.")
['It was 47.971.988 TL of 59 Million TL.', 'The rest was 10.7 million.']
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import Any

import pysbd

#: Stands in for a protected full stop while pysbd runs (a private-use character).
_MASK = "\ue000"

#: Titles before a name: their full stop never ends a sentence.
TITLES = frozenset(
    [
        "Mr",
        "Mrs",
        "Ms",
        "Messrs",
        "Mme",
        "Mlle",
        "Dr",
        "Prof",
        "St",
        "Gen",
        "Col",
        "Capt",
        "Lt",
        "Sgt",
        "Gov",
        "Rev",
        "Hon",
        "Jr",
        "Sr",
        "PhD",
        "Sen",
        "Rep",
        "Adm",
        "Maj",
        "Cmdr",
        "Doç",
        "Öğr",
        "Yrd",
        "Arş",
        "Gör",
        "Uzm",
    ]
)
#: Abbreviations that never end a sentence, whatever follows.
ALWAYS = frozenset(["cf", "Cf", "cm", "см", "vs", "viz", "ca", "approx", "resp"])
#: Reference abbreviations: no sentence end when a number or numeral follows.
BEFORE_NUMBER = frozenset(
    [
        "p",
        "pp",
        "P",
        "Pp",
        "vol",
        "Vol",
        "Vols",
        "vols",
        "no",
        "No",
        "Nos",
        "nos",
        "nr",
        "Nr",
        "art",
        "Art",
        "arts",
        "ch",
        "Ch",
        "chap",
        "Chap",
        "sec",
        "Sec",
        "fig",
        "Fig",
        "figs",
        "T",
        "t",
        "S",
        "s",
        "C",
        "c",
        "Doc",
        "doc",
        "Docs",
        "Volume",
        "Number",
        "Issue",
        "Iss",
        "iss",
        "ed",
        "Ed",
        "eds",
        "Eds",
        "Bd",
        "Hft",
        "Tome",
        "tome",
        "Op",
        "op",
        "cit",
        "Ibid",
        "ibid",
        "л",
        "стр",
        "с",
        "т",
        "ч",
        "вып",
    ]
)
_ROMAN = r"(?:[IVXLC]+|[ivxlc]+)\b"

_DIGIT_DOT = re.compile(r"(?<=\d)\.(?=\d)")
_ABBREVIATION = re.compile(r"(?<![\w.])([^\W\d_][\w.]*?)\.(?=(\s*)(\S?))")
_INITIAL = re.compile(r"(?<![^\W\d_])([^\W\d_])\.(?=\s*([^\W\d_]|\d))")
_PLACE_YEAR = re.compile(r"(?<![\w.])[^\W\d_]\.(?=,\s*\d)")
_BEFORE_COMMA = re.compile(r"\.(?=[,;:])")

#: A sentence that is only a reference abbreviation continuing the one before.
_CONTINUES = re.compile(
    rf"^(?:[^\W\d_]\.,\s*\d|(?:{'|'.join(sorted(map(re.escape, BEFORE_NUMBER)))})\.\s*(?:\d|{_ROMAN}))"
)
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DATE_ONLY = re.compile(
    rf"^(?:(?:{_MONTHS})\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+(?:{_MONTHS})\s+\d{{4}}"
    r"|\d{1,2}\.\d{1,2}\.\d{2,4})\.$",
    re.IGNORECASE,
)
_OMISSION = re.compile(r"^(?:\.{2,}|…+|\[\s*(?:\.{2,}|…)\s*\])$")
#: What is left of an omission mark ("G‐‐]"): joins the sentence before it.
_FRAGMENT = re.compile(r"^\W*[^\W\d_]?\W*\]$")
_PUNCT_ONLY = re.compile(r"^[.?!…;:,\s\"'”’»ʺ″)\]]+$")
_FINAL = re.compile(r"[.!?…][\"'”’»ʺ″)\]]*\s*$")

#: Quotation marks that open, close, or do either (decided by context).
_DOUBLE_QUOTES = '"“”„«»ʺ″'
#: The longest quotation or parenthesis that keeps its sentences together.
MAX_QUOTE = 800


@cache
def _segmenter(lang: str) -> Any:
    code = lang.split("-")[0].lower()
    try:
        return pysbd.Segmenter(language=code, clean=False)
    except ValueError:  # pysbd has no rules for this language (e.g. Turkish): English ones
        return pysbd.Segmenter(language="en", clean=False)


def protected_stops(text: str) -> set[int]:
    """Offsets of full stops in ``text`` that cannot end a sentence.

    >>> sorted(protected_stops("G.V. Chicherin, p. 57, 10.7 and M., 1961. End."))
    [1, 3, 17, 25, 33]
    """
    found: set[int] = set()
    found.update(m.start() for m in _DIGIT_DOT.finditer(text))
    found.update(m.end() - 1 for m in _PLACE_YEAR.finditer(text))
    found.update(m.start() for m in _BEFORE_COMMA.finditer(text))
    for match in _ABBREVIATION.finditer(text):
        word, space, following = match.group(1), match.group(2), match.group(3)
        stop = match.end() - 1
        if (word in TITLES and following) or word in ALWAYS:
            found.add(stop)
        elif word in BEFORE_NUMBER and following:
            rest = text[match.end() + len(space) :]
            if re.match(rf"(?:\d|{_ROMAN}|[^\W\d_]+\.\s*\d)", rest):
                found.add(stop)
    for match in _INITIAL.finditer(text):
        letter = match.group(1)
        stop = match.end() - 1
        if letter in "IVX" and _after_capitalised_word(text, match.start()):
            continue  # "World War I." may well end a sentence
        found.add(stop)
    return found


def _after_capitalised_word(text: str, index: int) -> bool:
    before = text[:index].rstrip()
    if len(before) == len(text[:index]):
        return False  # "Volume.I.": the numeral is glued to a word, not after one
    word = re.search(r"([^\W\d_][\w'’-]*)$", before)
    return bool(word and word.group(1)[0].isupper() and len(word.group(1)) > 1)


def paired_spans(text: str) -> list[tuple[int, int]]:
    """(open, close) offsets of quotations and brackets that close in ``text``.

    >>> paired_spans('a "b (c) d" e')
    [(2, 10), (5, 7)]
    """
    pairs: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    closers = {"(": ")", "[": "]", "{": "}"}
    for index, char in enumerate(text):
        if char in closers:
            stack.append((char, index))
        elif char in ")]}":
            for depth in range(len(stack) - 1, -1, -1):
                if closers.get(stack[depth][0]) == char:
                    pairs.append((stack[depth][1], index))
                    del stack[depth:]
                    break
        elif char in _DOUBLE_QUOTES:
            before = text[index - 1] if index else " "
            after = text[index + 1] if index + 1 < len(text) else " "
            open_quote = next(
                (d for d in range(len(stack) - 1, -1, -1) if stack[d][0] in _DOUBLE_QUOTES),
                None,
            )
            can_close = not before.isspace() or not after.isalnum()
            can_open = (before.isspace() or before in "([{—–-/") and not after.isspace()
            if char in "“„«" and not (
                char == "“" and open_quote is not None and _opens(stack, open_quote, "„")
            ):
                stack.append((char, index))
            elif open_quote is not None and (char in "”»“" or can_close):
                pairs.append((stack[open_quote][1], index))
                del stack[open_quote:]
            elif char not in "”»" and can_open:
                stack.append((char, index))
    return sorted(p for p in pairs if p[1] - p[0] <= MAX_QUOTE)


def _opens(stack: list[tuple[str, int]], depth: int, chars: str) -> bool:
    return stack[depth][0] in chars


def sentence_spans(
    text: str,
    lang: str = "en",
    *,
    breaks: Iterable[int] = (),
    keep_together: Iterable[tuple[int, int]] = (),
) -> list[tuple[int, int]]:
    """The sentences of ``text`` as (start, end) offsets, end before trailing space.

    ``breaks`` are offsets where a sentence must end when the text before them
    ends with final punctuation and the text after starts a sentence (a note
    call after a full stop); ``keep_together`` are (start, end) ranges that no
    sentence boundary may cut (markup such as italics or links).

    >>> text = "He won in World War I. According to him"
    >>> [text[a:b] for a, b in sentence_spans(text)]
    ['He won in World War I. According to him']
    >>> [text[a:b] for a, b in sentence_spans(text, breaks=[22])]
    ['He won in World War I.', 'According to him']
    """
    if not text.strip():
        return []
    protected = protected_stops(text)
    masked = "".join(_MASK if i in protected else c for i, c in enumerate(text))
    ends = _pysbd_ends(masked, lang)
    ends |= {b for b in breaks if _can_break(text, b)}
    # Boundaries inside a quotation or bracket closed later, or inside markup, go.
    blocked = paired_spans(text)
    forced = {b for b in breaks if _can_break(text, b)}
    ends = {e for e in ends if e in forced or not any(a < e <= b for a, b in blocked)}
    ends = {e for e in ends if not any(a < e < b for a, b in keep_together)}
    ends = {e for e in ends if text[e - 1 : e + 1] not in ("..", ".…", "….", "……")}
    # Only final punctuation ends a sentence ("are: a) …, b) …" stays whole).
    ends = {e for e in ends if e in forced or _FINAL.search(text[:e])}
    spans = _spans_from_ends(text, ends)
    return _tidy(text, spans, forced)


def split_sentences(text: str, lang: str = "en") -> list[str]:
    """The sentences of ``text`` as strings (see :func:`sentence_spans`)."""
    return [text[a:b] for a, b in sentence_spans(text, lang)]


def _pysbd_ends(masked: str, lang: str) -> set[int]:
    """End offsets (after the last non-space character) of pysbd's sentences."""
    ends: set[int] = set()
    cursor = 0
    try:
        pieces = _segmenter(lang).segment(masked)
    except Exception:  # pysbd is third-party rule code: never let it stop an ingest
        return ends
    for piece in pieces:
        stripped = piece.strip()
        if not stripped:
            continue
        found = masked.find(stripped, cursor)
        if found < 0:
            continue
        cursor = found + len(stripped)
        ends.add(cursor)
    return ends


def _can_break(text: str, offset: int) -> bool:
    if offset <= 0 or offset >= len(text):
        return False
    if not _FINAL.search(text[:offset]):
        return False
    rest = text[offset:].lstrip()
    return bool(rest) and (rest[0].isupper() or rest[0].isdigit() or rest[0] in "\"“«„'‘([")


def _spans_from_ends(text: str, ends: set[int]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = len(text) - len(text.lstrip())
    for end in sorted(ends | {len(text.rstrip())}):
        if end <= start:
            continue
        chunk_end = len(text[:end].rstrip())
        if chunk_end > start:
            spans.append((start, chunk_end))
        rest = text[end:]
        start = end + len(rest) - len(rest.lstrip())
    return spans


def _tidy(text: str, spans: list[tuple[int, int]], forced: set[int]) -> list[tuple[int, int]]:
    """Join omission marks, stray punctuation, lone dates and reference tails."""
    out: list[tuple[int, int]] = []
    pending: tuple[int, int] | None = None  # a piece waiting to join the next sentence
    for start, end in spans:
        if pending is not None:
            start = pending[0]
            pending = None
        piece = text[start:end]
        previous_final = bool(out) and bool(_FINAL.search(text[: out[-1][1]]))
        if _OMISSION.match(piece) and not piece.startswith("[") and (not out or previous_final):
            pending = (start, end)  # "... The Russian people": the mark opens the next
            continue
        if out and (_OMISSION.match(piece) or _PUNCT_ONLY.match(piece) or _FRAGMENT.match(piece)):
            out[-1] = (out[-1][0], end)
            continue
        if not out and _PUNCT_ONLY.match(piece):
            pending = (start, end)  # ". But the Turks …": a stray mark opens the text
            continue
        if out and out[-1][1] not in forced and _CONTINUES.match(piece):
            out[-1] = (out[-1][0], end)
            continue
        if _DATE_ONLY.match(piece):
            pending = (start, end)
            continue
        out.append((start, end))
    if pending is not None:
        if out:
            out[-1] = (out[-1][0], pending[1])
        else:
            out.append(pending)
    return out
