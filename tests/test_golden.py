"""Golden files: a small fixture corpus read into the model and rendered, compared with
committed files (tests/roots/golden/expected/); ``pytest --accept`` rewrites them.

The corpus (tests/roots/golden/) has two short texts, each with a translation:
``tiny`` (every construct of the subset: notes, a sic/corr, a bibliography, the
author's own abstract, a 2:1 alignment, untranslated units) and ``brief`` (a
letter whose Russian renders two source sentences in one, with a note, a
sic/corr and a bibliography entry).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree, html

import reader
from reader.build import build_html, collect
from reader.corpus import Corpus
from reader.render.api.dts import Api, resource_id
from reader.render.html import site as site_module
from reader.tei.read import read
from tests.conftest import ROOT, ROOTS, Golden

CORPUS = ROOTS / "golden"
#: (text, language) of every version of the fixture corpus.
VERSIONS = [("tiny", "en"), ("tiny", "tr"), ("brief", "en"), ("brief", "ru")]


def _version_path(text_id: str, lang: str) -> Path:
    corpus = Corpus.open(CORPUS)
    source = corpus.source_path(text_id)
    return source if lang == read(source).lang else corpus.translation_path(text_id, lang)


@pytest.mark.parametrize(("text_id", "lang"), VERSIONS)
def test_each_version_reads_into_the_model_as_its_golden_file(
    text_id: str, lang: str, golden: Golden
) -> None:
    document = read(_version_path(text_id, lang))
    dumped = json.dumps(document.model_dump(mode="json"), ensure_ascii=False, indent=1)
    # The path the model keeps is where the file was read: shown from the project's root.
    golden.check(f"model/{text_id}.{lang}.json", dumped.replace(f"{ROOT}/", "") + "\n")


PASSAGES = [
    ("tiny:p2", "en"),
    ("tiny:p2", "tr"),  # the 2:1 alignment: one Turkish sentence renders two
    ("tiny:p2.s2", "tr"),  # asked by the second of them
    ("tiny:i1", "en"),  # sic and corr
    ("tiny:i1", "tr"),  # untranslated: the original, saying so
    ("tiny:n1", "en"),  # a note of two paragraphs
    ("brief:p1", "ru"),
    ("brief:p1.s2", "ru"),
    ("brief:signed1", "ru"),
]


@pytest.fixture(scope="module")
def library() -> reader.Library:
    return reader.load(CORPUS)


@pytest.mark.parametrize(("ref", "lang"), PASSAGES)
def test_each_passage_answers_its_golden_json(
    ref: str, lang: str, library: reader.Library, golden: Golden
) -> None:
    passage = library.passage(ref, lang=lang)
    golden.check(f"passage/{ref.replace(':', '.')}.{lang}.json", passage.to_json() + "\n")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    out = tmp_path_factory.mktemp("golden") / "html"
    # Citations name the installed version: the golden pages hold a fixed one.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(site_module, "package_version", lambda: "VERSION")
        build_html(Corpus.open(CORPUS), out)
    yield out


PAGES = ["tiny/en-tr.html", "tiny/tr.html", "brief/en-ru.html", "brief/ru.html"]


@pytest.mark.parametrize("page", PAGES)
def test_each_page_renders_its_golden_text(page: str, site: Path, golden: Golden) -> None:
    """The page's main content (the text and its notes), as the reader reads it."""
    tree = html.parse(str(site / page))
    main = tree.find(".//main")
    assert main is not None
    fragment = etree.tostring(main, encoding="unicode", method="html", pretty_print=True)
    golden.check(f"html/{page}", fragment)


DTS = [
    ("tiny", "tr", "p2"),
    ("brief", "ru", "p1"),
    ("brief", "en", "n1"),
]


@pytest.fixture(scope="module")
def api() -> Api:
    return Api(collect(Corpus.open(CORPUS)).texts)


@pytest.mark.parametrize(("text_id", "lang", "ref"), DTS)
def test_each_dts_document_answers_its_golden_tei(
    text_id: str, lang: str, ref: str, api: Api, golden: Golden
) -> None:
    body, media_type = api.document_query(resource_id(text_id, lang), ref=ref)
    assert media_type == "application/tei+xml"
    golden.check(f"dts/{text_id}.{lang}.{ref}.xml", body.decode("utf-8"))


def test_the_navigation_of_a_version_answers_its_golden_json(api: Api, golden: Golden) -> None:
    answer = api.navigation_query(resource_id("brief", "ru"), down=2)
    golden.check(
        "dts/brief.ru.navigation.json", json.dumps(answer, ensure_ascii=False, indent=1) + "\n"
    )
