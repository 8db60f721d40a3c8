"""The document model's shared rules: one helper for a passage's words, one mentions walker,
one tuple of languages, each held by a test that finds any copy of it elsewhere."""

from __future__ import annotations

import re
from pathlib import Path

from reader.entities import mentioned_entity, mentions, mentions_in
from reader.model import Sentence, Span, Text, collapsed_text, plain_text
from reader.search.records import records_of
from reader.tei.read import read

PACKAGE = Path(__file__).resolve().parent.parent / "reader"
GOOD = Path(__file__).resolve().parent / "roots" / "good"


def test_collapsed_text_is_the_words_with_one_space_and_keeps_sic_unless_corrected() -> None:
    choice = Span(
        tag="choice",
        children=(Span(tag="sic", children=(Text(text="Moskow"),)), Span(tag="corr", children=(Text(text="Moscow"),))),
    )  # fmt: skip
    content = (
        Sentence(
            id="p1.s1",
            renders=("p1.s1",),
            children=(Text(text="  In\n\t"), choice, Text(text=" 1921 . ")),
        ),
    )
    assert plain_text(content) == "  In\n\tMoskow 1921 . "
    assert collapsed_text(content) == "In Moskow 1921 ."
    assert collapsed_text(content, corrected=True) == "In Moscow 1921 ."


def test_one_mentions_walker_serves_the_index_and_the_search() -> None:
    document = read(GOOD / "texts" / "tiny.xml")
    found = mentions(document)
    assert found, "the fixture marks mentions"
    walked = [
        pair for unit in document.units.values() if unit.id for pair in mentions_in(unit.content)
    ]
    assert [(m.entity, m.text) for m in found] == walked
    nested = Span(
        tag="persName",
        attrs={"ref": "corpus:entities#a"},
        children=(Span(tag="placeName", attrs={"ref": "corpus:entities#b"}, children=(Text(text="B"),)),),
    )  # fmt: skip
    assert list(mentions_in((nested,))) == [("a", "B"), ("b", "B")]
    assert mentioned_entity(Span(tag="persName", attrs={"ref": "#local"})) is None


def test_a_search_record_marks_what_the_mentions_walker_finds() -> None:
    from reader.align import AlignedText

    document = read(GOOD / "texts" / "tiny.xml")
    records = records_of(AlignedText(document, {}))
    marked = {entity for record in records for entity, _words in record.mentions}
    assert marked == {m.entity for m in mentions(document)}


#: A copy of a shared rule, written out again somewhere in the package.
COPIES = {
    "the words of a passage (model.collapsed_text)": re.compile(
        r'" "\.join\(\s*plain_text\('
    ),
    "the languages (corpus.LANGUAGES)": re.compile(r"""\(\s*["']en["'],\s*["']tr["'],\s*["']ru["']\s*\)"""),
    "a mention's entity (entities.mentioned_entity)": re.compile(
        r"ref\.startswith\(ENTITY_PREFIX\)"
    ),
}  # fmt: skip
#: The one place each rule is written.
HOMES = {
    "the words of a passage (model.collapsed_text)": "model.py",
    "the languages (corpus.LANGUAGES)": "corpus.py",
    "a mention's entity (entities.mentioned_entity)": "entities.py",
}


def test_each_shared_rule_is_written_once() -> None:
    found: dict[str, list[str]] = {rule: [] for rule in COPIES}
    for path in sorted(PACKAGE.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        for rule, pattern in COPIES.items():
            if pattern.search(source):
                found[rule].append(str(path.relative_to(PACKAGE)))
    assert found == {rule: [HOMES[rule]] for rule in COPIES}
