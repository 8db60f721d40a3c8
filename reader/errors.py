"""The exception tree of the library, and the problems a check reports.

::

    ReaderError                          every error the library raises on purpose
    ├── UnknownText (KeyError)           no text with that id in the corpus
    ├── UnknownPassage (KeyError)        the text has no passage with that ref
    ├── UnknownLanguage (KeyError)       the text (or parallel) has no version in that language
    ├── BadReference (ValueError)        a reference that does not parse
    ├── UnknownLevel (ValueError)        lib.refs at a citation level there is not
    ├── UnknownCitationStyle (ValueError) p.cite in a style there is not
    ├── NotCitable (ValueError)          a passage rebuilt from JSON has no citation data
    ├── BadCacheSize (ValueError)        reader.load(cache_size=…) not a positive number
    ├── CorpusError                      a corpus file could not be read; carries problems
    ├── RenderError (RuntimeError)       an output could not be made; names it
    ├── OutputError (OSError)            a build's output folder cannot be written
    └── (in reader.search, exported from reader)
        ├── UnknownSearchLanguage (ValueError), QueryTooLong (ValueError)
        └── SearchIndexMissing (LookupError)

Each exception carries what was asked as keyword attributes, and its message
says what was asked and what exists, so that ``except KeyError`` in a caller
and a human reading a traceback both get what they need.

A ``Problem`` is one finding of a check (schema, ids, alignment): the file,
line and message, printed ``file:line: level: message`` like a compiler.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal


class ReaderError(Exception):
    """Base class of every error the library raises on purpose."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        # KeyError would wrap the message in quotes; say it plainly.
        return self.message


class UnknownText(ReaderError, KeyError):
    """The corpus has no text with this id."""

    def __init__(self, text_id: str, known: Sequence[str]) -> None:
        self.text_id = text_id
        self.known = tuple(known)
        super().__init__(f"no text {text_id!r} in the corpus; texts are: {', '.join(known)}")


class UnknownPassage(ReaderError, KeyError):
    """The text has no passage with this reference."""

    def __init__(self, ref: str, suggestions: Sequence[str] = ()) -> None:
        self.ref = ref
        self.suggestions = tuple(suggestions)
        hint = f"; nearest existing: {', '.join(suggestions)}" if suggestions else ""
        super().__init__(f"no passage {ref!r}{hint}")


class UnknownLanguage(ReaderError, KeyError):
    """The text has no version in this language."""

    def __init__(
        self, text_id: str, lang: str, available: Sequence[str], *, where: str | None = None
    ) -> None:
        self.text_id = text_id
        self.lang = lang
        self.available = tuple(available)
        place = where or f"text {text_id!r}"
        super().__init__(f"{place} has no {lang!r} version; languages are: {', '.join(available)}")


class BadReference(ReaderError, ValueError):
    """A passage reference that does not parse."""

    def __init__(self, ref: str, reason: str) -> None:
        self.ref = ref
        self.reason = reason
        super().__init__(f"bad reference {ref!r}: {reason}")


class UnknownLevel(ReaderError, ValueError):
    """``lib.refs`` at a citation level the library does not have."""

    def __init__(self, level: object, levels: Sequence[str]) -> None:
        self.level = level
        self.levels = tuple(levels)
        super().__init__(f"unknown citation level {level!r}; levels are: {', '.join(levels)}")


class UnknownCitationStyle(ReaderError, ValueError):
    """A citation asked for in a style the library does not write."""

    def __init__(self, style: object, styles: Sequence[str]) -> None:
        self.style = style
        self.styles = tuple(styles)
        super().__init__(f"unknown citation style {style!r}; styles are: {', '.join(styles)}")


class NotCitable(ReaderError, ValueError):
    """A passage without its citation data (rebuilt from JSON, which does not carry it)."""

    def __init__(self, ref: str) -> None:
        self.ref = ref
        super().__init__(
            f"passage {ref!r} has no citation data (a passage rebuilt from JSON keeps only "
            f"its Chicago citation, in .citation); cite it with lib.passage({ref!r}).cite(style)"
        )


class BadCacheSize(ReaderError, ValueError):
    """A library's cache size that is not a positive number of passages."""

    def __init__(self, size: object) -> None:
        self.size = size
        super().__init__(f"cache_size must be a positive number of passages, not {size!r}")


class CorpusError(ReaderError):
    """A corpus file could not be read; ``problems`` says where and why."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        lines = "\n".join(str(p) for p in self.problems)
        super().__init__(f"the corpus has {len(self.problems)} problem(s):\n{lines}")


class RenderError(ReaderError, RuntimeError):
    """An output could not be made: a renderer failed on this page or file (a bug to report)."""

    def __init__(self, path: str, cause: BaseException) -> None:
        self.path = path
        self.cause = cause
        super().__init__(
            f"{path}: cannot render it: {type(cause).__name__}: {cause}; "
            "the previous build is untouched (please report this)"
        )


class OutputError(ReaderError, OSError):
    """A build's output folder cannot be written (read-only, a file in the way, a full disk)."""

    def __init__(self, path: str, reason: str, *, errno: int | None = None) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}; the previous build is untouched")
        self.errno = errno


#: How much a problem matters: an error stops a build, a warning does not
#: (unless ``reader build --strict``). Not to be confused with a citation level.
Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One finding of a check, with the place it concerns."""

    file: str
    line: int
    message: str
    level: Severity = "error"

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.level}: {self.message}"
