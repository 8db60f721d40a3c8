"""Where the corpus lives on disk: texts/ID.xml and translations/LANG/ID.xml.

Source paths and output URLs are separate concerns: this module only knows
files. Which corpus opens when none is named (:func:`default_root`):

1. ``$READER_CORPUS``, when set;
2. the corpus the installed package carries, ``reader/_corpus/`` (the wheel
   build puts ``texts/`` and ``translations/`` there; read through
   ``importlib.resources``, and read-only: nothing is ever written there);
3. the checkout the package sits in (an editable install), ``texts/`` beside
   ``reader/``.

``reader.load(path)``, ``--corpus PATH`` or ``Corpus.open(path)`` open another.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from reader.errors import CorpusError, Problem
from reader.names import is_text_id

#: Languages of the reader, in the order columns are offered.
LANGUAGES = ("en", "tr", "ru")
AUTHORITY_FILE = "entities.xml"
#: Where the wheel puts the corpus inside the package.
PACKAGED_CORPUS = "_corpus"


def package_dir() -> Path:
    """The directory of the ``reader`` package (in site-packages, or in a checkout)."""
    return Path(__file__).resolve().parent


def packaged_root() -> Path | None:
    """The corpus inside the installed package, or None if this installation carries none."""
    root = resources.files("reader").joinpath(PACKAGED_CORPUS)
    if not root.is_dir():
        return None
    if not isinstance(root, Path):
        # lxml and the build read real files; a package imported from a zip has none.
        raise CorpusError(
            [
                Problem(
                    str(root),
                    0,
                    "the corpus inside the package is not on the file system (a zip import?); "
                    "install the wheel normally, or pass the path of a corpus",
                )
            ]
        )
    return root


def checkout_root() -> Path | None:
    """The checkout the package sits in (its ``texts/`` beside ``reader/``), if it is one."""
    root = package_dir().parent
    return root if (root / "texts").is_dir() else None


def default_root() -> Path:
    """The corpus root: $READER_CORPUS, else the packaged corpus, else the checkout."""
    env = os.environ.get("READER_CORPUS")
    if env:
        return Path(env)
    found = packaged_root() or checkout_root()
    if found is None:
        raise CorpusError(
            [
                Problem(
                    str(package_dir()),
                    0,
                    f"no corpus: this installation of the package carries none "
                    f"({PACKAGED_CORPUS}/ is missing) and it is not in a checkout; "
                    f"pass a corpus directory (reader.load(PATH), --corpus PATH or "
                    f"READER_CORPUS=PATH), or reinstall the wheel",
                )
            ]
        )
    return found


@dataclass(frozen=True)
class Corpus:
    """The files of a corpus directory.

    ``packaged`` is true for the corpus inside the installed package: it is
    read-only, and commands that would change it (``reader ids register``)
    refuse and say where to run them instead.
    """

    root: Path
    packaged: bool = False

    @classmethod
    def open(cls, root: Path | str | None = None) -> Corpus:
        path = Path(root) if root is not None else default_root()
        if not (path / "texts").is_dir():
            raise CorpusError([Problem(str(path), 0, "not a corpus: it has no texts/ directory")])
        try:
            inside = packaged_root()
        except CorpusError:  # a zip import: an explicit path still opens
            inside = None
        return cls(path, packaged=inside is not None and path.resolve() == inside.resolve())

    def refuse_changes(self, what: str) -> None:
        """Raise if this corpus may not be written to (the one inside the installed package)."""
        if self.packaged:
            raise CorpusError(
                [
                    Problem(
                        str(self.texts_dir),
                        0,
                        f"cannot {what}: this is the corpus inside the installed package, "
                        f"which is read-only; run it in a checkout of the project "
                        f"(or pass --corpus PATH)",
                    )
                ]
            )

    @property
    def texts_dir(self) -> Path:
        return self.root / "texts"

    @property
    def translations_dir(self) -> Path:
        return self.root / "translations"

    def text_ids(self) -> list[str]:
        # One directory read, names only (as glob("*.xml") lists them: no
        # hidden files), so that opening a corpus of thousands of texts is cheap.
        # Only names that are text ids (reader.names): a file named otherwise
        # never reaches a path or a URL; ``reader validate`` and the build
        # refuse it by name (validate.check_corpus).
        with os.scandir(self.texts_dir) as entries:
            return sorted(
                entry.name[:-4]
                for entry in entries
                if entry.name.endswith(".xml")
                and entry.name != AUTHORITY_FILE
                and is_text_id(entry.name[:-4])
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
