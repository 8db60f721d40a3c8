"""Passage references: ``TEXT:REF``, ranges and CTS URNs.

A reference names a text and a unit in it, the same in every language::

    karakus:p12          paragraph 12
    karakus:p12.s3       its third sentence
    karakus:n14          note 14
    karakus:b-hirst2013  a bibliography entry (an id with a hyphen)
    karakus:p12-p15      paragraphs 12 to 15
    karakus:p12.s3-p13.s1

The grammar of a passage id is :data:`reader.names.PASSAGE`: inside a level
ASCII letters, digits and ``_``, words joined by single hyphens; ``.``
separates levels. ``A-B`` is a range when ``A`` and ``B`` are both ids of the
text (at the same level) and ``A-B`` itself is not one: since an id may hold a
hyphen, :func:`parse` only reads the syntax, and which reading holds is
decided against the text (``Ref.readings`` lists the ranges a reference can
be; the library resolves it). The CTS URN of the same passage is
``urn:cts:sovturk:karakus.eng1:p12`` (the version part names the language).

>>> parse("karakus:p12.s3")
Ref(text='karakus', start='p12.s3', end=None)
>>> parse("urn:cts:sovturk:karakus.tur1:p12-p15").readings()
[Ref(text='karakus', start='p12', end='p15')]
>>> parse("karakus:b-hirst2013").readings()
[Ref(text='karakus', start='b', end='hirst2013')]
>>> str(parse("karakus:p12-p15"))
'karakus:p12-p15'
>>> urn(parse("karakus:p12"), "tr")
'urn:cts:sovturk:karakus.tur1:p12'
"""

from __future__ import annotations

import re
from typing import NamedTuple

from reader import names
from reader.errors import BadReference
from reader.names import is_passage_id, is_text_id

NAMESPACE = "sovturk"
LEVEL = names.LEVEL
PASSAGE = names.PASSAGE
TEXT_ID = names.TEXT_ID
_PASSAGE_RE = re.compile(rf"^{PASSAGE}$")

# ISO 639-2/B codes used in CTS version names.
CTS_LANG = {"en": "eng", "tr": "tur", "ru": "rus", "pl": "pol"}
_LANG_FROM_CTS = {v: k for k, v in CTS_LANG.items()}
#: A version of a URN is a language and an edition number (urn() makes ``tur1``).
_VERSION_RE = re.compile(r"^([a-z]{2,3})1$")
#: Longer references are refused before any work is done on them (the longest
#: real one is under 60 characters).
MAX_LENGTH = names.MAX_PASSAGE


class Ref(NamedTuple):
    """A parsed reference: a text and a passage or a range of passages."""

    text: str
    start: str
    end: str | None = None

    def __str__(self) -> str:
        tail = f"-{self.end}" if self.end else ""
        return f"{self.text}:{self.start}{tail}"

    @property
    def is_range(self) -> bool:
        return self.end is not None

    def readings(self) -> list[Ref]:
        """The ranges this reference can be read as: ``A-B`` split at each hyphen
        whose two sides are passage ids (in order; none for a range already).

        Whether one holds is a question for the text (``A-B`` may be an id).
        """
        if self.end is not None:
            return []
        found = []
        for index, char in enumerate(self.start):
            if char == "-":
                start, end = self.start[:index], self.start[index + 1 :]
                if is_passage_id(start) and is_passage_id(end):
                    found.append(Ref(self.text, start, end))
        return found


def check_passage(passage: str, whole: str) -> None:
    """Raise BadReference unless ``passage`` is a well-formed passage id (or two, as a range)."""
    if not passage:
        raise BadReference(whole, "the passage part is empty")
    if _PASSAGE_RE.match(passage):
        return
    bad = sorted({c for c in passage if not (c.isascii() and (c.isalnum() or c in "._-"))})
    if bad:
        raise BadReference(
            whole,
            f"{''.join(bad)!r} not allowed in a passage; use letters, digits, _ and - "
            "within a level, '.' between levels, and A-B for a range",
        )
    if re.search(r"(^|[.-])-|-($|[.])", passage):
        raise BadReference(
            whole,
            "'-' joins two words of an id (b-hirst2013) or the two ends of a range (p12-p15); "
            "it cannot begin or end one",
        )
    raise BadReference(whole, "a level is empty (two dots in a row, or a dot at an end)")


def parse(ref: str) -> Ref:
    """Parse ``TEXT:REF``, ``TEXT:A-B`` or a CTS URN into a :class:`Ref` (its syntax only)."""
    if not isinstance(ref, str):
        raise BadReference(
            repr(ref), f"a reference is a string such as 'karakus:p12', not {type(ref).__name__}"
        )
    if len(ref) > MAX_LENGTH:
        raise BadReference(
            f"{ref[:40]}…",
            f"the reference is {len(ref):,} characters long; references have at most {MAX_LENGTH}",
        )
    raw = ref.strip()
    if raw.startswith("urn:"):
        return _parse_urn(raw)
    text, sep, passage = raw.partition(":")
    if not sep:
        raise BadReference(ref, "expected TEXT:PASSAGE, for example karakus:p12")
    if not is_text_id(text):
        raise BadReference(ref, f"{text!r} is not a text id (lowercase letters, digits, _)")
    check_passage(passage, ref)
    return Ref(text, passage)


def _parse_urn(urn_text: str) -> Ref:
    parts = urn_text.split(":")
    if len(parts) != 5 or parts[1] != "cts":
        raise BadReference(urn_text, "expected urn:cts:sovturk:TEXT.VERSION:PASSAGE")
    if parts[2] != NAMESPACE:
        raise BadReference(urn_text, f"unknown CTS namespace {parts[2]!r}; ours is {NAMESPACE!r}")
    work, dot, version = parts[3].partition(".")
    if not is_text_id(work):
        raise BadReference(urn_text, f"{work!r} is not a text id")
    if dot and not _VERSION_RE.match(version):
        examples = ", ".join(f"{work}.{code}1" for code in ("eng", "tur", "rus"))
        raise BadReference(
            urn_text,
            f"unknown version {version!r}; a version names a language, e.g. {examples}",
        )
    check_passage(parts[4], urn_text)
    return Ref(work, parts[4])


def urn_language(urn_text: str) -> str | None:
    """The language a CTS URN's version names (``karakus.tur1`` → ``tr``), if any.

    >>> urn_language("urn:cts:sovturk:karakus.rus1:p1"), urn_language("urn:cts:sovturk:karakus:p1")
    ('ru', None)
    """
    parts = urn_text.split(":")
    if len(parts) < 4:
        return None
    _, _, version = parts[3].partition(".")
    match = _VERSION_RE.match(version)
    if match is None:
        return None
    code = match.group(1)
    return _LANG_FROM_CTS.get(code, code if len(code) == 2 else None)


def urn(ref: Ref, lang: str) -> str:
    """The CTS URN of ``ref`` in the ``lang`` version."""
    version = f"{CTS_LANG.get(lang, lang)}1"
    tail = f"-{ref.end}" if ref.end else ""
    return f"urn:cts:{NAMESPACE}:{ref.text}.{version}:{ref.start}{tail}"


def unit_of(passage: str) -> str:
    """The unit (first level) of a passage id: ``p12.s3`` → ``p12``."""
    return passage.split(".", 1)[0]


def parallel_version_of(unit_id: str) -> tuple[str, str] | None:
    """``p1_tr`` → (``p1``, ``tr``): a version the source itself gives in another language."""
    base, sep, lang = unit_id.rpartition("_")
    if sep and lang.isalpha() and len(lang) in (2, 3) and lang.islower() and base:
        return base, lang
    return None


#: What a unit is, by the letters of its id (docs/encoding.md).
UNIT_KINDS = {
    "p": "paragraph",
    "h": "heading",
    "f": "caption",
    "i": "item",
    "n": "note",
    "dateline": "dateline",
    "salute": "salutation",
    "signed": "signature",
}
LABEL_PREFIX = {
    "paragraph": "¶",
    "heading": "heading",
    "caption": "caption",
    "item": "item",
    "note": "note",
    "dateline": "dateline",
    "salutation": "salutation",
    "signature": "signature",
}


#: The id of an editors' note: ``n_ed`` + a number that is never reused (docs/translating.md).
EDITORIAL_NOTE_ID = re.compile(r"n_ed([1-9][0-9]*)")


def editorial_mark(number: int) -> str:
    """The call mark of editors' note ``n_ed<number>``: a, b, … z, aa, ab …

    >>> editorial_mark(1), editorial_mark(26), editorial_mark(27), editorial_mark(53)
    ('a', 'z', 'aa', 'ba')
    """
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("a") + rest) + letters
    return letters


def unit_kind(item: str) -> str:
    """What a passage id names: ``p12`` → ``paragraph``, ``p12.s3`` → ``sentence``.

    >>> unit_kind("p12"), unit_kind("p12.s3"), unit_kind("p1_tr"), unit_kind("b-hirst2013")
    ('paragraph', 'sentence', 'paragraph', 'unit')
    """
    if "." in item:
        return "sentence"
    unit_id = unit_of(item)
    base = parallel_version_of(unit_id)
    match = re.match(r"[a-z]+", base[0] if base else unit_id)
    prefix = match.group(0) if match else ""
    return UNIT_KINDS.get(prefix, "unit")


def unit_label(item: str) -> str:
    """How a citation names a passage: ``p12`` → ``¶ 12``, ``p12.s3`` → ``¶ 12, sentence 3``.

    >>> unit_label("p12"), unit_label("p12.s3"), unit_label("signed1"), unit_label("n_ed2")
    ('¶ 12', '¶ 12, sentence 3', 'signature 1', "editors' note b")
    """
    unit_id, _, sentence = item.partition(".")
    match = re.fullmatch(r"([a-z]+)(\d+)", unit_id)
    editorial = EDITORIAL_NOTE_ID.fullmatch(unit_id)
    if match and match.group(1) in UNIT_KINDS:
        label = f"{LABEL_PREFIX[UNIT_KINDS[match.group(1)]]} {match.group(2)}"
    elif editorial:
        label = f"editors' note {editorial_mark(int(editorial.group(1)))}"
    else:
        label = unit_id
    if sentence:
        label += f", sentence {sentence.removeprefix('s')}"
    return label
