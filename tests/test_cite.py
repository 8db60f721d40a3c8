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
