"""The TEI reader: what the model promises about lines holds for every node that carries text."""

from __future__ import annotations

from pathlib import Path

from reader.model import Container, Sentence, Unit, iter_blocks, iter_sentences
from reader.tei.read import read

GOOD = Path(__file__).resolve().parent.parent / "roots" / "good"


def test_every_block_note_and_sentence_knows_its_line() -> None:
    for path in sorted(GOOD.rglob("tiny.xml")):
        document = read(path)
        lines = path.read_text(encoding="utf-8").splitlines()
        blocks = list(iter_blocks(document.blocks))
        assert any(isinstance(b, Container) for b in blocks)
        nodes: list[Unit | Container | Sentence] = [*blocks, *document.notes.values()]
        for unit in document.units.values():
            nodes += iter_sentences(unit.content)
        assert len(nodes) > 10
        for node in nodes:
            tag = "s" if isinstance(node, Sentence) else node.tag
            # the line is the one the element's start tag stands on
            assert f"<{tag}" in lines[node.line - 1], (path, node)
