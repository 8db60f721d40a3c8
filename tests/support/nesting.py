"""A copy of the small good corpus whose deepest element lies at a chosen depth (issue 12 item 4)."""

from __future__ import annotations

import shutil
from pathlib import Path

from lxml import etree

from tests.conftest import ROOTS

#: The words that get nested: an <hi> of texts/tiny.xml, in tiny:p2.s2.
WORDS = '<hi rend="italic">italics</hi>'


def nested_corpus(folder: Path, deepest: int) -> Path:
    """tests/roots/good copied to ``folder``, its ``<hi>`` in p2.s2 nested down to depth ``deepest``."""
    shutil.copytree(ROOTS / "good", folder)
    path = folder / "texts" / "tiny.xml"
    text = path.read_text(encoding="utf-8")
    hi = etree.fromstring(text.encode()).xpath("//*[local-name()='hi']")[0]
    depth = len(list(hi.iterancestors())) + 1
    levels = deepest - depth + 1
    assert levels >= 1 and WORDS in text
    path.write_text(
        text.replace(WORDS, '<hi rend="italic">' * levels + "italics" + "</hi>" * levels, 1),
        encoding="utf-8",
    )
    return folder
