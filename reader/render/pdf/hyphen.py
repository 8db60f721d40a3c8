"""Hyphenation for the print edition: Pyphen's patterns, plus Turkish by rule.

WeasyPrint hyphenates with Pyphen, which has patterns for English, Russian
and Polish but none for Turkish. Turkish syllables follow one rule without
exceptions worth a dictionary (TDK, *Yazım Kılavuzu*, "Hece yapısı ve satır
sonunda kelimelerin bölünmesi"): every syllable has exactly one vowel; a
single consonant between two vowels begins the next syllable (*ka-pı*), of
two or more consonants only the last one does (*Türk-çe*, *kont-rol*), and
two adjacent vowels belong to different syllables (*sa-at*). Words are not
broken after an apostrophe (*Ankara'nın* stays whole after the apostrophe)
and not inside digits.

:func:`install` registers that rule as Pyphen's ``tr`` dictionary in the
current process (the PDF workers call it before rendering), so
``hyphens: auto`` on ``lang="tr"`` columns hyphenates Turkish the same way
WeasyPrint hyphenates the other languages.

>>> syllables("İstanbul")
['İs', 'tan', 'bul']
>>> syllables("Türkçe"), syllables("kontrol"), syllables("saat")
(['Türk', 'çe'], ['kont', 'rol'], ['sa', 'at'])
>>> syllables("Ankara'nın")
['An', 'ka', "ra'nın"]
>>> syllables("ILGAZ"), syllables("ılık")
(['IL', 'GAZ'], ['ı', 'lık'])
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pyphen  # type: ignore[import-untyped]

VOWELS = frozenset("aeıioöuüâîûAEIİOÖUÜÂÎÛ")
APOSTROPHES = "'’"
#: A key for Pyphen's cache: no file is read for Turkish.
TURKISH_KEY = Path(__file__).with_name("hyph_tr_rule.dic")


def break_points(word: str) -> list[int]:
    """Indexes of ``word`` before which a Turkish line break may fall."""
    stem = word
    for mark in APOSTROPHES:
        stem = stem.split(mark, 1)[0]
    if not stem.isalpha():
        return []
    vowels = [i for i, char in enumerate(stem) if char in VOWELS]
    points = []
    for before, after in itertools.pairwise(vowels):
        consonants = after - before - 1
        points.append(after if consonants == 0 else after - 1)
    return points


def syllables(word: str) -> list[str]:
    """``word`` cut at every Turkish break point (for tests and doctests)."""
    parts, start = [], 0
    for point in break_points(word):
        parts.append(word[start:point])
        start = point
    parts.append(word[start:])
    return parts


class TurkishHyphDict(pyphen.HyphDict):  # type: ignore[misc]
    """A Pyphen dictionary that applies the Turkish rule instead of patterns."""

    def __init__(self) -> None:  # no pattern file to read
        self.patterns: dict[str, Any] = {}
        self.cache: dict[str, Any] = {}
        self.maxlen = 0

    def positions(self, word: str) -> list[Any]:
        return [pyphen.DataInt(point) for point in break_points(word)]


def install() -> None:
    """Make ``pyphen.Pyphen(lang="tr")`` (and so WeasyPrint) use the Turkish rule, and
    ``lang="en"`` American patterns.

    Pyphen resolves ``en`` to its British patterns (*milit-ary*, *Ank-ara*); the
    texts are spelled American (*favor*, *organize*), so ``en`` gets ``en_US``
    (*mil-i-tary*, *Ankara* whole).
    """
    if "en_US" in pyphen.LANGUAGES:
        pyphen.LANGUAGES["en"] = pyphen.LANGUAGES["en_US"]
    if pyphen.LANGUAGES.get("tr") == TURKISH_KEY:
        return
    pyphen.hdcache[TURKISH_KEY] = TurkishHyphDict()
    pyphen.LANGUAGES["tr"] = TURKISH_KEY
    pyphen.LANGUAGES["tr_TR"] = TURKISH_KEY
    pyphen.LANGUAGES_LOWERCASE["tr"] = "tr"
    pyphen.LANGUAGES_LOWERCASE["tr_tr"] = "tr_TR"
