"""reader: cite, compare and print sources on Soviet–Turkish relations (1919–1922).

>>> import reader
>>> lib = reader.load()
>>> lib.passage("chicherin:salute1").text
'Mr. Ambassador,'
"""

from reader.errors import (
    BadReference,
    CorpusError,
    Problem,
    ReaderError,
    UnknownLanguage,
    UnknownPassage,
    UnknownText,
)
from reader.library import (
    CacheInfo,
    LanguageInfo,
    Library,
    Parallel,
    Passage,
    PassageNote,
    PassageSentence,
    TextInfo,
    load,
)

#: The version of the distribution (sovturk-reader): the one place it is written.
__version__ = "0.1.0"

__all__ = [
    "BadReference",
    "CacheInfo",
    "CorpusError",
    "LanguageInfo",
    "Library",
    "Parallel",
    "Passage",
    "PassageNote",
    "PassageSentence",
    "Problem",
    "ReaderError",
    "TextInfo",
    "UnknownLanguage",
    "UnknownPassage",
    "UnknownText",
    "load",
]
