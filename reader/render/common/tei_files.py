"""Where the site publishes the corpus's TEI files, and how their pointers reach them.

The files are published byte for byte in the corpus's own layout under
``tei/`` (``tei/texts/karakus.xml``, ``tei/translations/tr/karakus.xml``,
``tei/texts/entities.xml``), so the relative ``corpus:`` prefix each file
declares resolves among the published copies as it does in a checkout. A
copy served from elsewhere (the DTS API's whole documents and passages) has
its ``corpus:`` pointers redirected to them with :func:`published_pattern`.

>>> tei_file_path("karakus", "tr", source_lang="en")
'tei/translations/tr/karakus.xml'
>>> published_pattern("../../texts/$1.xml$2", "translations/tr", "https://example.org/reader")
'https://example.org/reader/tei/texts/$1.xml$2'
"""

from __future__ import annotations

import posixpath

from reader.corpus import AUTHORITY_FILE

#: The site's folder of TEI files.
TEI_DIR = "tei"
#: The authority file of the corpus, published beside the texts.
ENTITIES_TEI_PATH = f"{TEI_DIR}/texts/{AUTHORITY_FILE}"


def corpus_folder(lang: str, source_lang: str) -> str:
    """The folder of a version in the corpus: ``texts`` or ``translations/LANG``."""
    return "texts" if lang == source_lang else f"translations/{lang}"


def tei_file_path(text_id: str, lang: str, *, source_lang: str) -> str:
    """The site path of a version's TEI file."""
    return f"{TEI_DIR}/{corpus_folder(lang, source_lang)}/{text_id}.xml"


def published_pattern(replacement: str, folder: str, site_root: str) -> str:
    """A ``corpus:`` ``replacementPattern`` relative to ``folder`` of the corpus, made
    absolute on the site published at ``site_root`` (an address or a path, no final /)."""
    return f"{site_root}/{posixpath.normpath(posixpath.join(TEI_DIR, folder, replacement))}"


__all__ = [
    "ENTITIES_TEI_PATH",
    "TEI_DIR",
    "corpus_folder",
    "published_pattern",
    "tei_file_path",
]
