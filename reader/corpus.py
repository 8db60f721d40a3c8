"""Where the corpus lives on disk: texts/ID.xml and translations/LANG/ID.xml.

Source paths and output URLs are separate concerns: this module only knows
files. The corpus shipped with the package is the project's own ``texts/``
and ``translations/``; ``READER_CORPUS`` or an explicit path opens another.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from reader.errors import CorpusError, Problem

#: Languages of the reader, in the order columns are offered.
LANGUAGES = ("en", "tr", "ru")
AUTHORITY_FILE = "entities.xml"


def default_root() -> Path:
    """The corpus root: $READER_CORPUS, else the project the package sits in."""
    env = os.environ.get("READER_CORPUS")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parent
    for candidate in (here / "_corpus", here.parent):
        if (candidate / "texts").is_dir():
            return candidate
    return here.parent


@dataclass(frozen=True)
class Corpus:
    """The files of a corpus directory."""

    root: Path

    @classmethod
    def open(cls, root: Path | str | None = None) -> Corpus:
        path = Path(root) if root is not None else default_root()
        if not (path / "texts").is_dir():
            raise CorpusError([Problem(str(path), 0, "not a corpus: it has no texts/ directory")])
        return cls(path)

    @property
    def texts_dir(self) -> Path:
        return self.root / "texts"

    @property
    def translations_dir(self) -> Path:
        return self.root / "translations"

    def text_ids(self) -> list[str]:
        # One directory read, names only (as glob("*.xml") lists them: no
        # hidden files), so that opening a corpus of thousands of texts is cheap.
        with os.scandir(self.texts_dir) as entries:
            return sorted(
                entry.name[:-4]
                for entry in entries
                if entry.name.endswith(".xml")
                and not entry.name.startswith(".")
                and entry.name != AUTHORITY_FILE
            )

    def source_path(self, text_id: str) -> Path:
        return self.texts_dir / f"{text_id}.xml"

    def translation_path(self, text_id: str, lang: str) -> Path:
        return self.translations_dir / lang / f"{text_id}.xml"

    def translation_langs(self, text_id: str) -> list[str]:
        return [lang for lang in LANGUAGES if self.translation_path(text_id, lang).is_file()]

    @property
    def entities_path(self) -> Path:
        return self.texts_dir / AUTHORITY_FILE

    def all_files(self) -> list[Path]:
        files = [self.source_path(t) for t in self.text_ids()]
        if self.entities_path.is_file():
            files.append(self.entities_path)
        for text_id in self.text_ids():
            files += [
                self.translation_path(text_id, lang) for lang in self.translation_langs(text_id)
            ]
        return files
