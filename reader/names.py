"""The grammar of every name that becomes part of a path or a URL.

A build writes files whose paths are made of names found in the corpus: text
ids (``texts/ID.xml`` → ``ID/en.html``), language codes (``translations/LANG/``),
citation-scheme names (``refsDecl/@n`` → ``…;tree=NAME…``) and the references
a citation scheme yields (``citeStructure/@use`` → ``…/p12.s3.json``). Each is
checked here, by one grammar, wherever it enters: the schema
(``reader/schema/tei-reader.odd`` states the same patterns), ``reader
validate`` and the build, the library, and the writers (a last guard,
``reader.render.common.output``). Nothing else may become a path.

>>> is_text_id("karakus"), is_text_id("a..b"), is_text_id("ка_ра")
(True, False, False)
>>> is_passage_id("b-hirst2013"), is_passage_id("p12.s3"), is_passage_id("../x")
(True, True, False)
>>> text_id_problem("Karakus")
"'Karakus' is not a text id: lowercase ASCII letters, digits and _, beginning with a letter"
"""

from __future__ import annotations

import re

#: The longest name of a text or a citation scheme (a path segment has at most 255 bytes).
MAX_NAME = 64
#: The longest passage id (and the longest reference, ``refs.MAX_LENGTH``).
MAX_PASSAGE = 200

#: A text id, and so the stem of its file: ``texts/ID.xml``, ``translations/LANG/ID.xml``.
TEXT_ID = rf"[a-z][a-z0-9_]{{0,{MAX_NAME - 1}}}"
#: A language code of a translation folder (``translations/tr/``).
LANG = r"[a-z]{2,3}"
#: The name of a citation scheme (``refsDecl/@n``), and so of a DTS citation tree.
SCHEME_NAME = rf"[A-Za-z][A-Za-z0-9_]{{0,{MAX_NAME - 1}}}"
#: One level of a passage id: ASCII letters, digits and ``_``, words joined by
#: single hyphens (``p12``, ``n_ed1``, ``b-hirst2013``); ``.`` separates levels.
LEVEL = r"[A-Za-z0-9_]+(?:-[A-Za-z0-9_]+)*"
PASSAGE = rf"{LEVEL}(?:\.{LEVEL})*"

_TEXT_ID = re.compile(TEXT_ID)
_LANG = re.compile(LANG)
_SCHEME_NAME = re.compile(SCHEME_NAME)
_PASSAGE = re.compile(PASSAGE)

TEXT_ID_RULE = "lowercase ASCII letters, digits and _, beginning with a letter"
SCHEME_NAME_RULE = "ASCII letters, digits and _, beginning with a letter"
PASSAGE_RULE = (
    "ASCII letters, digits and _ within a level, words joined by single hyphens, '.' between levels"
)


def is_text_id(name: str) -> bool:
    return _TEXT_ID.fullmatch(name) is not None


def is_lang(code: str) -> bool:
    return _LANG.fullmatch(code) is not None


def is_scheme_name(name: str) -> bool:
    return _SCHEME_NAME.fullmatch(name) is not None


def is_passage_id(passage: str) -> bool:
    return len(passage) <= MAX_PASSAGE and _PASSAGE.fullmatch(passage) is not None


def _too_long(name: str, most: int) -> str | None:
    if len(name) > most:
        return f"{name[:40]!r}… is {len(name)} characters long; at most {most}"
    return None


def text_id_problem(name: str) -> str | None:
    """Why ``name`` is not a text id (None if it is one)."""
    if is_text_id(name):
        return None
    return _too_long(name, MAX_NAME) or f"{name!r} is not a text id: {TEXT_ID_RULE}"


def scheme_name_problem(name: str) -> str | None:
    """Why ``name`` cannot name a citation scheme (None if it can)."""
    if is_scheme_name(name):
        return None
    return (
        _too_long(name, MAX_NAME)
        or f"{name!r} is not a citation-scheme name: {SCHEME_NAME_RULE}, at most {MAX_NAME}"
    )


def passage_id_problem(passage: str) -> str | None:
    """Why ``passage`` is not a passage id (None if it is one)."""
    if is_passage_id(passage):
        return None
    return _too_long(passage, MAX_PASSAGE) or f"{passage!r} is not a passage id: {PASSAGE_RULE}"
