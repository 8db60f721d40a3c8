"""reader.model: the one rule for what a language version is (issue 18, item 4)."""

from __future__ import annotations

from lxml import html

import reader
from reader.align import load_aligned
from reader.cite import version_statement
from reader.corpus import Corpus
from reader.model import version_provenance
from reader.render.html.page import Page, localized_statement
from reader.render.html.site import Site


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
