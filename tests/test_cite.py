"""Citations name author, title, year, the passage and what the language version is."""

from __future__ import annotations

import json

import pytest

import reader
from reader.cite import STYLES


@pytest.mark.parametrize("style", STYLES)
def test_every_style_names_the_passage_and_version(lib: reader.Library, style: str) -> None:
    p = lib.passage("karakus:p12")
    cited = p.cite(style)
    assert "Karaku" in cited
    assert "2023" in cited
    assert "karakus:p12" in cited or "p12" in cited
    assert "English" in cited or '"language": "en"' in cited


def test_chicago_is_the_default(lib: reader.Library) -> None:
    p = lib.passage("karakus:p12")
    assert p.citation == p.cite("chicago")
    assert p.citation.startswith(
        "Karakuş, Girayalp. 2023. “Turkish-Soviet Russia Relations (1919-1922).”"
    )
    assert "Akademik Tarih ve Düşünce Dergisi 10 (1): 1–17" in p.citation
    assert "¶ 12" in p.citation


def test_bibtex_and_csl_json_are_well_formed(lib: reader.Library) -> None:
    p = lib.passage("chicherin:p3")
    bib = p.cite("bibtex")
    assert bib.startswith("@misc{chicherin1921_p3_en,")
    assert bib.count("{") == bib.count("}")
    csl = json.loads(p.cite("csl-json"))
    assert csl[0]["author"][0]["family"] == "Chicherin"
    assert csl[0]["issued"] == {"date-parts": [[1921]]}


def test_unknown_style_lists_the_styles(lib: reader.Library) -> None:
    with pytest.raises(ValueError, match="chicago, apa, bibtex, csl-json"):
        lib.passage("karakus:p12").cite("mla")


def _all_passages(lib: reader.Library) -> list[tuple[str, str]]:
    found = []
    for text in lib.texts():
        refs = lib.refs(text.id, level="paragraph")[:3]
        found += [(ref, info.lang) for ref in refs for info in text.languages]
    return found


@pytest.mark.parametrize("style", ["chicago", "apa", "bibtex"])
def test_no_citation_doubles_a_full_stop(lib: reader.Library, style: str) -> None:
    for ref, lang in _all_passages(lib):
        cited = lib.passage(ref, lang=lang).cite(style)
        assert ".." not in cited.replace("...", "").replace("…", ""), (ref, lang, cited)


def test_a_journals_doi_is_not_printed_as_the_articles(lib: reader.Library) -> None:
    for style in STYLES:
        cited = lib.passage("karakus:p12", lang="tr").cite(style)
        assert "10.46868/atdd" not in cited, style


def test_a_source_that_renders_another_language_says_so(lib: reader.Library) -> None:
    for text_id in ("chicherin", "gusterin"):
        citation = lib.passage(f"{text_id}:p1").citation
        assert "rendering of the Russian original" in citation, citation
    assert "rendering" not in lib.passage("karakus:p12").citation


def test_a_citation_from_the_reader_names_the_edition_and_the_access_date(
    lib: reader.Library,
) -> None:
    from dataclasses import replace

    from reader.cite import Edition, format_citation

    passage = lib.passage("karakus:p12", lang="tr")
    assert passage.cited is not None
    cited = replace(
        passage.cited,
        url="https://example.org/reader/karakus/tr-en.html#p12",
        edition=Edition(version="0.1.0", date="2026-11-25"),
        accessed="2026-12-07",
    )
    chicago = format_citation(cited, "chicago")
    assert chicago.endswith(
        "In Soviet–Turkish Relations Reader, edited by the Soviet–Turkish Relations Reader "
        "project, version 0.1.0 (2026-11-25). "
        "https://example.org/reader/karakus/tr-en.html#p12. Accessed December 7, 2026."
    ), chicago
    bib = format_citation(cited, "bibtex")
    assert "urldate = {2026-12-07}" in bib and "version 0.1.0" in bib
    csl = json.loads(format_citation(cited, "csl-json"))[0]
    assert csl["accessed"] == {"date-parts": [[2026, 12, 7]]} and csl["version"] == "0.1.0"
