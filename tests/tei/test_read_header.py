"""The header facts an "About this text" page gives, read by their TEI meaning."""

from __future__ import annotations

from pathlib import Path

from reader.tei.read import read

HEADER = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="sample" xml:lang="{lang}" type="{kind}">
  <teiHeader>
    <fileDesc>
      <titleStmt>
        <title type="main">A Sample</title>
        <author><persName>Ada Sample</persName><note type="identification">Ada B. Sample, historian.</note></author>
        <respStmt><resp>translation</resp><name>The project</name></respStmt>
      </titleStmt>
      <editionStmt><edition>Prepared for this edition.</edition></editionStmt>
      <publicationStmt><publisher>The project</publisher>
        <availability><licence target="https://creativecommons.org/licenses/by/4.0/">CC BY</licence></availability>
      </publicationStmt>
      <sourceDesc>
        <biblStruct type="journalArticle">
          <analytic>
            <title level="a">A Sample</title>
            {analytic_doi}
            <textLang mainLang="{main}">Russian (original); the text held is an English rendering</textLang>
          </analytic>
          <monogr>
            <title level="j">A Journal</title>
            <idno type="DOI">10.1234/journal</idno>
            <imprint><date when="2023-05-02">May 2023</date></imprint>
          </monogr>
          <note type="received"><date when="2022-12-21">21/12/2022</date></note>
          <note>Printed in a collection the capture does not name.</note>
          <note type="problem">The <choice><sic>Armanian</sic><corr>Armenian</corr></choice> keyword is misspelt.</note>
          <relatedItem type="book"><bibl><author>Ada Sample</author><title>The Book</title><date>2014</date><note>An excerpt of it.</note></bibl></relatedItem>
        </biblStruct>
        <bibl type="capture">
          <idno type="seed">000_sample.txt</idno>
          <note>The capture holds no headings.</note>
          <note type="chrome"><list><item>Home</item><item>Download PDF</item></list></note>
        </bibl>
      </sourceDesc>
    </fileDesc>
    <encodingDesc>
      <projectDesc><p>Translated sentence by sentence.</p></projectDesc>
      <editorialDecl>
        <correction><p>Errors are marked.</p><list type="repairs"><item type="page-break" n="p3">rejoined</item></list></correction>
        <segmentation><p>Sentences as printed.</p></segmentation>
      </editorialDecl>
    </encodingDesc>
    <profileDesc><textClass><keywords xml:lang="en"><term>Treaty</term><term><choice><sic>Armanian</sic><corr>Armenian</corr></choice> Issue</term></keywords></textClass></profileDesc>
    <revisionDesc status="reviewed">
      <change when="2026-11-25" status="draft">First translation.</change>
      <change when="2026-11-26" status="reviewed" who="#editors">Second, independent review.</change>
    </revisionDesc>
  </teiHeader>
  <text><body><p xml:id="p1"><s xml:id="p1.s1">Text.</s></p></body></text>
</TEI>
"""


def _write(tmp_path: Path, **values: str) -> Path:
    fields = {"lang": "en", "kind": "source", "analytic_doi": "", "main": "ru", **values}
    path = tmp_path / "sample.xml"
    path.write_text(HEADER.format(**fields), encoding="utf-8")
    return path


def test_a_journals_doi_is_not_the_articles(tmp_path: Path) -> None:
    publication = read(_write(tmp_path)).header.publication
    assert publication.doi is None and publication.container_doi == "10.1234/journal"
    assert publication.when == "2023-05-02" and publication.year == "2023"
    with_own = read(_write(tmp_path, analytic_doi='<idno type="DOI">10.1234/article.5</idno>'))
    assert with_own.header.publication.doi == "10.1234/article.5"


def test_notes_are_sorted_by_what_they_describe(tmp_path: Path) -> None:
    header = read(_write(tmp_path)).header
    assert [n.kind for n in header.source_notes] == ["source", "identification"]
    assert header.source_notes[0].text == "Printed in a collection the capture does not name."
    assert [n.text for n in header.problems] == ["The Armanian [Armenian] keyword is misspelt."]
    assert header.related[0].kind == "book"
    assert header.related[0].text == "Ada Sample, The Book, 2014. An excerpt of it."
    assert [(n.kind, n.text) for n in header.capture_notes] == [
        ("capture", "The capture holds no headings."),
        ("chrome", "Home · Download PDF"),
    ]
    assert header.capture == "000_sample.txt"


def test_editorial_statements_repairs_and_history(tmp_path: Path) -> None:
    header = read(_write(tmp_path, lang="tr", kind="translation")).header
    assert [(e.kind, e.text) for e in header.editorial] == [
        ("correction", "Errors are marked."),
        ("segmentation", "Sentences as printed."),
    ]
    assert [(r.kind, r.n, r.text) for r in header.repairs] == [("page-break", "p3", "rejoined")]
    assert header.edition == "Prepared for this edition."
    assert header.project == ("Translated sentence by sentence.",)
    assert [(r.resp, r.name) for r in header.responsibilities] == [("translation", "The project")]
    assert [(c.when, c.status) for c in header.changes] == [
        ("2026-11-25", "draft"),
        ("2026-11-26", "reviewed"),
    ]
    assert header.licence_url == "https://creativecommons.org/licenses/by/4.0/"
    assert header.keywords == {"en": ("Treaty", "Armanian [Armenian] Issue")}
    # header prose without xml:lang is the project's working language, whatever the file's
    assert {n.lang for n in header.source_notes} == {"en"}


def test_a_source_that_renders_another_languages_work_says_which(tmp_path: Path) -> None:
    assert read(_write(tmp_path)).header.provenance.rendering_of == "ru"
    assert read(_write(tmp_path, main="en")).header.provenance.rendering_of is None
