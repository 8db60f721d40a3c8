"""reader: cite, compare and print sources on Soviet–Turkish relations (1919–1922).

>>> import reader
>>> lib = reader.load()
>>> lib.passage("chicherin:salute1").text
'Mr. Ambassador,'

Every name the API returns or raises is exported here and shows as
``reader.NAME`` (in tracebacks, ``repr`` and the docs), wherever it is
defined.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from reader.align import AlignedText, Origin, UnitVersion
from reader.cite import Cited
from reader.corpus import Corpus
from reader.errors import (
    BadCacheSize,
    BadReference,
    CorpusError,
    NotCitable,
    OutputError,
    Problem,
    ReaderError,
    RenderError,
    Severity,
    UnknownCitationStyle,
    UnknownLanguage,
    UnknownLevel,
    UnknownPassage,
    UnknownText,
)
from reader.library import (
    CacheInfo,
    CitationLevel,
    LanguageInfo,
    Library,
    Parallel,
    Passage,
    PassageNote,
    PassageSentence,
    TextInfo,
    load,
)
from reader.search.hits import AlignedVersion, QueryTooLong, SearchHit, UnknownSearchLanguage
from reader.search.service import SearchIndexMissing

#: The version of the distribution (sovturk-reader): the one place it is written.
__version__ = "0.1.0"


def _public(*values: Any) -> None:
    """Each class of ``values`` shown as ``reader.NAME``: its own module is an implementation detail.

    A deferred pydantic model resolves its annotations in the namespace of its
    module (and of the dataclasses it holds): every model is completed there
    first, then every class moves.
    """
    classes = [value for value in values if isinstance(value, type)]
    for cls in classes:
        if issubclass(cls, BaseModel):
            cls.model_rebuild()
    for cls in classes:
        cls.__module__ = __name__


__all__ = [
    "AlignedText",
    "AlignedVersion",
    "BadCacheSize",
    "BadReference",
    "CacheInfo",
    "CitationLevel",
    "Cited",
    "Corpus",
    "CorpusError",
    "LanguageInfo",
    "Library",
    "NotCitable",
    "Origin",
    "OutputError",
    "Parallel",
    "Passage",
    "PassageNote",
    "PassageSentence",
    "Problem",
    "QueryTooLong",
    "ReaderError",
    "RenderError",
    "SearchHit",
    "SearchIndexMissing",
    "Severity",
    "TextInfo",
    "UnitVersion",
    "UnknownCitationStyle",
    "UnknownLanguage",
    "UnknownLevel",
    "UnknownPassage",
    "UnknownSearchLanguage",
    "UnknownText",
    "load",
]

_public(*(globals()[name] for name in __all__))
