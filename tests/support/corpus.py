"""Small corpora cut from the project's corpus, for tests of the code.

The editors' notes of one text cite passages of others (``corpus:gusterin#p7.s2``
in chicherin's notes), so a text copied on its own points at files that are not
there, which ``reader validate`` rightly calls an error. A cut keeps the texts
asked for and turns each link into a text left out into its words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

_LINK = re.compile(
    r'<ref target="corpus:(?P<text>[a-z]+)(?:#[^"]*)?">(?P<words>.*?)</ref>', re.DOTALL
)


def cut_corpus(source: Path, target: Path, text_ids: Iterable[str]) -> Path:
    """``text_ids`` with their translations and the authority file, copied from ``source``."""
    kept = set(text_ids) | {"entities"}
    (target / "texts").mkdir(parents=True)
    copies = [(source / "texts" / f"{text_id}.xml", target / "texts") for text_id in sorted(kept)]
    for lang_dir in sorted((source / "translations").iterdir()):
        for text_id in sorted(kept - {"entities"}):
            if (lang_dir / f"{text_id}.xml").is_file():
                copies.append(
                    (lang_dir / f"{text_id}.xml", target / "translations" / lang_dir.name)
                )
    for path, folder in copies:
        folder.mkdir(parents=True, exist_ok=True)
        text = path.read_text(encoding="utf-8")
        cut = _LINK.sub(lambda m: m["words"] if m["text"] not in kept else m[0], text)
        (folder / path.name).write_text(cut, encoding="utf-8")
    return target
