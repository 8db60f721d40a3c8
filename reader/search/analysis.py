"""Text analysis for search: words, folding, Snowball stems, the Turkish root key.

The same analysis makes the keys of the on-disk index, the keys of a query
and the extra words of the static (Pagefind) index, so that every side
matches the same way.

>>> fold("İstanbul") == fold("istanbul") == fold("ıstanbul")
True
>>> fold("Çiçerin"), fold("Ilgaz"), fold("ılgaz"), fold("Ёлка")
('cicerin', 'ilgaz', 'ilgaz', 'елка')
>>> tr_root(fold("kasabası")) == tr_root(fold("kasaba")) == tr_root(fold("kasabasında"))
True
>>> sorted(word_keys("договором", "ru"))
['договор', 'договором']
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import cache, lru_cache
from typing import Any

import Stemmer  # type: ignore[import-not-found]  # PyStemmer: the C Snowball stemmers

#: Snowball algorithm of each language searched.
STEMMERS = {"en": "english", "tr": "turkish", "ru": "russian"}

#: A word: letters, digits, combining accents; apostrophes (also the modifier
#: letters ʹ ʺ ʻ ʼ that captures use as apostrophes) and hyphens split words.
_WORD = re.compile(r"(?:(?![\u02b9-\u02bc])[\w\u0300-\u036f])+")
_LATIN = re.compile(r"[a-z]+")
_VOWELS = frozenset("aeiou")

#: Turkish inflectional endings, folded (ı→i, ü→u, ş→s …), stripped from the
#: end of a word one at a time, longest first, while four letters and a vowel
#: remain (:func:`tr_root`). Chains (-lerinden, -sının) come off piece by
#: piece. The same list is in reader/render/html/static/search.js; a test holds
#: the two to the same results on every Turkish word of the corpus.
_SUFFIXES = "ler lar si su nin nun in un ni nu na ne nda nde ndan nden den dan ten tan de da te ta ki yle yla le la ye ya yi yu e a i u"
TR_SUFFIXES = tuple(sorted(_SUFFIXES.split(" "), key=lambda suffix: (-len(suffix), suffix)))
#: A root ending in a voiced stop takes its unvoiced form (kitabı → kitap).
TR_FINAL = {"b": "p", "d": "t", "g": "k"}


#: Function words left out of the *other names* a query also runs (not of the query
#: as typed): "Friendship and Brotherhood" runs as "friendship brotherhood". They
#: would require a word that nearly every passage holds, at the cost of the
#: largest postings (the site's search asks each word of each name alone). Folded.
#: The same list is in reader/render/html/static/search.js (a test holds them equal).
NAME_STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "for",
        "in",
        "of",
        "on",
        "the",
        "to",
        "ve",
        "ile",
        "и",
        "в",
        "на",
        "по",
        "о",
        "с",
    ]
)


def fold(text: str) -> str:
    """Lower case without diacritics; Turkish ``ı`` and ``İ`` become ``i``."""
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("ı", "i"))
    return "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))


def lower(text: str, lang: str) -> str:
    """Lower case by the rules of ``lang`` (Turkish: ``I`` → ``ı``, ``İ`` → ``i``)."""
    if lang == "tr":
        text = text.replace("I", "ı").replace("İ", "i")
    return unicodedata.normalize("NFC", text.lower())


def tokens(text: str) -> Iterator[tuple[str, int, int]]:
    """Each word of ``text`` with its start and end (apostrophes and hyphens split words)."""
    for match in _WORD.finditer(text):
        yield match.group(0), match.start(), match.end()


def words_of(text: str) -> list[str]:
    """The words of ``text``, in order."""
    return _WORD.findall(text)


def tr_root(folded: str) -> str:
    """A Turkish word's root for matching: inflectional endings off, final stop unvoiced.

    Works on folded words (:func:`fold`); a word not in the Latin alphabet is
    returned as it is. Not a lemmatiser: a key that both a query and a text
    reduce to the same way.

    >>> [tr_root(fold(w)) for w in ("kasaba", "kasabası", "Kasabasına", "kitabı", "kitap")]
    ['kasap', 'kasap', 'kasap', 'kitap', 'kitap']
    >>> tr_root(fold("antlaşmasının")) == tr_root(fold("Antlaşma"))
    True
    """
    word = folded
    if not _LATIN.fullmatch(word):
        return word
    stripped = True
    while stripped:
        stripped = False
        for suffix in TR_SUFFIXES:
            rest = word[: -len(suffix)]
            if word.endswith(suffix) and len(rest) >= 4 and _VOWELS.intersection(rest):
                word = rest
                stripped = True
                break
    if word[-1] in TR_FINAL:
        word = word[:-1] + TR_FINAL[word[-1]]
    return word


@cache
def _stemmer(lang: str) -> Any:
    return Stemmer.Stemmer(STEMMERS[lang])


def word_keys(word: str, lang: str) -> frozenset[str]:
    """Every key a word matches by in ``lang``: its folded form, its stems, its Turkish root."""
    return _keys(lower(word, lang), lang)


@lru_cache(maxsize=200_000)
def _keys(lowered: str, lang: str) -> frozenset[str]:
    folded = fold(lowered)
    keys = {folded}
    if lang in STEMMERS:
        stemmer = _stemmer(lang)
        keys.add(fold(stemmer.stemWord(lowered)))
        if folded != lowered:
            keys.add(fold(stemmer.stemWord(folded)))
    if lang == "tr":
        keys.add(tr_root(folded))
    keys.discard("")
    return frozenset(keys)


@lru_cache(maxsize=200_000)
def folded_and_keys(word: str, lang: str) -> tuple[str, frozenset[str]]:
    """A word's folded form and its keys (:func:`word_keys`), cached by the word as written."""
    return fold(word), word_keys(word, lang)


def extra_words(word: str, lang: str) -> list[str]:
    """What a static index needs beside ``word`` to match like :func:`word_keys`.

    Pagefind lower-cases, folds most diacritics and stems English, Russian and
    (with Snowball) Turkish itself; it does not fold ``ı`` or ``й``, and it has
    no Turkish root. Those forms are added to the record's content.
    """
    folded = fold(word)
    found = []
    if folded != lower(word, lang):
        found.append(folded)
    if lang == "tr":
        root = tr_root(folded)
        if root != folded:
            found.append(root)
    return found


def is_latin(folded: str) -> bool:
    return _LATIN.fullmatch(folded) is not None


__all__ = [
    "NAME_STOP_WORDS",
    "STEMMERS",
    "TR_FINAL",
    "TR_SUFFIXES",
    "extra_words",
    "fold",
    "folded_and_keys",
    "is_latin",
    "lower",
    "tokens",
    "tr_root",
    "word_keys",
    "words_of",
]
