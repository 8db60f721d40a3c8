"""reader: cite, compare and print sources on Soviet–Turkish relations (1919–1922)."""

from reader.errors import (
    BadReference,
    CorpusError,
    Problem,
    ReaderError,
    UnknownLanguage,
    UnknownPassage,
    UnknownText,
)

__all__ = [
    "BadReference",
    "CorpusError",
    "Problem",
    "ReaderError",
    "UnknownLanguage",
    "UnknownPassage",
    "UnknownText",
]
