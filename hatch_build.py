"""Wheel build hook: the wheel carries the corpus and the compiled interface catalogues.

In a checkout the package reads ``texts/`` and ``translations/`` beside it and
compiles its ``.po`` catalogues in memory. An installed package has no
checkout around it, so a standard wheel gets

* ``texts/`` (sources, authority file, id registry) and ``translations/`` as
  ``reader/_corpus/texts`` and ``reader/_corpus/translations``
  (``reader.corpus`` opens them through ``importlib.resources``);
* every ``reader/render/common/locale/LANG/LC_MESSAGES/messages.po`` compiled
  to ``messages.mo`` beside it (fuzzy entries left out, as the build does).

An editable install gets neither: it reads the checkout itself.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from hatchling.builders.hooks.plugin.interface import BuildHookInterface

CORPUS_PARTS = ("texts", "translations")
CORPUS_IN_PACKAGE = "reader/_corpus"
LOCALE = "reader/render/common/locale"


def compile_catalogue(po_path: Path, mo_path: Path, lang: str) -> None:
    """Compile one gettext catalogue (as ``pybabel compile`` would, without fuzzy entries)."""
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file, locale=lang)
    mo_path.parent.mkdir(parents=True, exist_ok=True)
    with mo_path.open("wb") as mo_file:
        write_mo(mo_file, catalog, use_fuzzy=False)


class CorpusAndCatalogues(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version != "standard":
            return
        root = Path(self.root)
        for part in CORPUS_PARTS:
            if not (root / part).is_dir():
                raise FileNotFoundError(f"{root / part}: the corpus directory is missing")
            build_data["force_include"][str(root / part)] = f"{CORPUS_IN_PACKAGE}/{part}"
        self._compiled = Path(tempfile.mkdtemp(prefix="reader-catalogues-"))
        for po_path in sorted((root / LOCALE).glob("*/LC_MESSAGES/messages.po")):
            lang = po_path.parent.parent.name
            mo_path = self._compiled / lang / "messages.mo"
            compile_catalogue(po_path, mo_path, lang)
            build_data["force_include"][str(mo_path)] = f"{LOCALE}/{lang}/LC_MESSAGES/messages.mo"

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        compiled = getattr(self, "_compiled", None)
        if compiled is not None:
            shutil.rmtree(compiled, ignore_errors=True)
