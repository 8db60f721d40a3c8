"""reader.model: the one rule for what a language version is, and the shared rules of issue 18 item 4.

The document model's shared rules: one helper for a passage's words, one mentions walker,
one tuple of languages, each held by a test that finds any copy of it elsewhere.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import html

import reader
from reader.align import load_aligned
from reader.cite import version_statement
from reader.corpus import Corpus
from reader.entities import mentioned_entity, mentions, mentions_in
from reader.model import Sentence, Span, Text, collapsed_text, plain_text, version_provenance
from reader.render.html.page import Page, localized_statement
from reader.render.html.site import Site
from reader.search.records import records_of
from reader.tei.read import read


def test_a_version_is_its_documents_and_a_unit_keeps_where_its_text_comes_from(
    corpus: Corpus,
) -> None:
    karakus = load_aligned(corpus, "karakus")
    source, translations = karakus.source, karakus.translations
    assert version_provenance(source, translations, "en") == source.header.provenance
    assert version_provenance(source, translations, "tr") == translations["tr"].header.provenance
    assert translations["tr"].header.provenance != source.header.provenance
    # the author's own Turkish is the author's, though the Turkish version shows it
    own = version_provenance(source, translations, "tr", "authors-own")
    assert (own.role, own.status) == ("authors-own", "published")
    # a unit shown in the original, and a language with no translation, are the source's
    for origin in ("original", "missing"):
        assert version_provenance(source, translations, "ru", origin) == source.header.provenance
    assert version_provenance(source, translations, "de") == source.header.provenance


def test_the_library_the_reader_and_the_home_page_say_the_same(
    corpus: Corpus, lib: reader.Library
) -> None:
    """chicherin: an English rendering of a Russian text, its Turkish and Russian versions."""
    chicherin = load_aligned(corpus, "chicherin")
    info = next(t for t in lib.texts() if t.id == "chicherin")
    roles = {language.lang: language.role for language in info.languages}
    site = Site({"chicherin": chicherin}, {"chicherin": "x"})
    home = html.fromstring(site.home("en"))
    listed = [" ".join(li.text_content().split()) for li in home.find_class("versions")[0]]
    page = Page(chicherin, tuple(chicherin.languages), text_views={})
    for lang in chicherin.languages:
        expected = chicherin.provenance(lang)
        assert roles[lang] == expected.role
        assert page.provenance(lang) == expected
        passage = lib.passage("chicherin:p1", lang=lang)
        version = chicherin.version("p1", lang)
        assert passage.version == version_statement(
            version.text_lang, chicherin.provenance(lang, version), chicherin.source.lang
        )
        # the home page lists the version as "<a>English</a>: the text of the source, …"
        statement = localized_statement(lang, expected, chicherin.source.lang, "en")
        assert statement in listed, lang
    assert {roles["en"], roles["tr"]} == {"original", "translation"}


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
