"""Search (reader.search, Library.search): folding, stemming by language, names from the authority file."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pydantic
import pytest

import reader
from reader.search import (
    SearchHit,
    UnknownSearchLanguage,
    build_records,
    entities_for,
    fold,
    index_content,
    tokens,
    tr_root,
    word_keys,
)

ROOT = Path(__file__).resolve().parent.parent


def _words(text: str) -> set[str]:
    return {word for word, _start, _end in tokens(text)}


def _marked(hit: SearchHit) -> list[str]:
    return [hit.snippet[start:end] for start, end in hit.highlights]


# ------------------------------------------------------------ the real corpus


def test_cicerin_finds_cicerin_with_its_cedillas(lib: reader.Library) -> None:
    hits = lib.search("Cicerin", lang="tr")
    assert len(hits) >= 3
    assert {hit.lang for hit in hits} == {"tr"}
    assert all("Çiçerin" in hit.text for hit in hits)
    assert all(fold(word) == "cicerin" for hit in hits for word in _marked(hit))


def test_istanbul_finds_the_dotted_capital(lib: reader.Library) -> None:
    hits = lib.search("istanbul", lang="tr", limit=500)
    direct = [hit for hit in hits if "İstanbul" in hit.text]
    assert len(direct) >= 3
    assert all("İstanbul" in _marked(hit) for hit in direct)
    # The passages that say İstanbul come before those found through a name
    # of the entity that the passage marks (Constantinople, the Straits …).
    assert hits[: len(direct)] == direct


def test_a_russian_base_form_finds_its_inflected_forms(lib: reader.Library) -> None:
    hits = lib.search("договор", lang="ru", limit=500)
    found = set().union(*(_words(hit.text.lower()) for hit in hits))
    assert {"договора", "договором"} <= found
    assert {hit.lang for hit in hits} == {"ru"}
    marked = {fold(word) for hit in hits for word in _marked(hit)}
    assert {"договора", "договором"} <= marked


def test_chicherin_finds_the_turkish_and_russian_spellings(lib: reader.Library) -> None:
    hits = lib.search("Chicherin", limit=500)
    by_lang = {lang: [hit for hit in hits if hit.lang == lang] for lang in ("en", "tr", "ru")}
    assert all(by_lang.values()), {lang: len(found) for lang, found in by_lang.items()}
    assert any("Çiçerin" in hit.text for hit in by_lang["tr"])
    assert any(re.search(r"Чичерин", hit.text) for hit in by_lang["ru"])
    assert all("Chicherin" not in hit.text for hit in by_lang["ru"])
    # Found through the authority file: the hit says through which entity.
    # (Editors' notes cite passages by id, "(chicherin h1)": those match the word itself.)
    through_names = [hit for hit in by_lang["ru"] if "chicherin" not in hit.text]
    assert through_names
    assert all("chicherin" in hit.entities for hit in through_names)
    # In one language only, only that language.
    assert {hit.lang for hit in lib.search("Chicherin", lang="ru")} == {"ru"}


def test_a_turkish_base_form_finds_an_inflected_form(lib: reader.Library) -> None:
    hits = lib.search("kasaba", lang="tr")
    assert any("kasabasında" in _words(hit.text) for hit in hits)
    antlasma = lib.search("antlaşma", lang="tr", limit=500)
    forms = {word for hit in antlasma for word in _marked(hit)}
    # the base form and its inflections, each found by the stem (and, for the
    # treaty entities, by their names: Sevr, NATO … are not forms of the word)
    assert {"antlaşma", "Antlaşması", "antlaşmanın", "antlaşmalar", "antlaşmayla"} <= forms, forms
    # and an inflected form finds the others
    inflected = lib.search("antlaşmasının", lang="tr", limit=500)
    assert len(inflected) >= len(antlasma) - 5


def test_a_hit_is_a_passage_of_the_library_with_its_aligned_versions(
    lib: reader.Library,
) -> None:
    hits = lib.search("Moscow", limit=50)
    assert hits
    for hit in hits:
        passage = lib.passage(hit.ref, hit.lang)
        assert hit.text == passage.text
        assert hit.kind == passage.kind
        assert hit.url.startswith(f"{hit.text_id}/{hit.lang}-")
        assert hit.url.endswith("#" + hit.ref.split(":", 1)[1])
        assert hit.lang not in {version.lang for version in hit.aligned}
        for version in hit.aligned:
            assert version.text
        assert hit.snippet and hit.highlights
        assert all(0 <= start < end <= len(hit.snippet) for start, end in hit.highlights)
    assert [hit.score for hit in hits] == sorted((hit.score for hit in hits), reverse=True)
    sentence = next(hit for hit in hits if hit.kind == "sentence")
    # the aligned sentence, not the whole paragraph
    source = lib.passage(sentence.ref, "en").text
    assert any(version.text == source for version in sentence.aligned) or sentence.lang == "en"


def test_hits_are_immutable_and_serialisable(lib: reader.Library) -> None:
    hit = lib.search("Kars", limit=1)[0]
    with pytest.raises(pydantic.ValidationError):
        hit.score = 0  # type: ignore[misc]
    again = SearchHit.model_validate_json(hit.model_dump_json())
    assert again == hit


def test_every_word_must_match_and_limit_holds(lib: reader.Library) -> None:
    both = lib.search("Chicherin Karakhan", limit=100)
    assert all("chicherin" in " ".join(_marked(hit)).lower() or hit.entities for hit in both)
    assert len(lib.search("Moscow", limit=3)) == 3
    assert lib.search("") == [] and lib.search("   ") == []
    assert lib.search("zzzyzzyx") == []


def test_an_unknown_language_is_an_error(lib: reader.Library) -> None:
    with pytest.raises(UnknownSearchLanguage) as caught:
        lib.search("Kars", lang="de")
    assert isinstance(caught.value, ValueError) and isinstance(caught.value, reader.ReaderError)


def test_the_static_index_content_carries_what_pagefind_lacks(lib: reader.Library) -> None:
    texts = {text_id: lib.aligned(text_id) for text_id in lib.text_ids()}
    entities = entities_for(texts)
    records = build_records(texts)
    kinds = {record.lang for record in records}
    assert kinds == {"en", "tr", "ru"}
    turkish = next(r for r in records if r.lang == "tr" and "kasabasında" in r.text)
    content = index_content(turkish, entities)
    assert content.startswith(turkish.text)
    assert "kasap" in content.split()  # the root of kasabasında
    marked = [r for r in records if r.mentions and r.lang == "ru"]
    if marked:  # names of the marked entities, in every language
        record = marked[0]
        content = index_content(record, entities)
        for entity_id, _surface in record.mentions:
            entity = entities.get(entity_id)
            if entity is not None:
                assert all(name in content for name in entity.names.values())


# --------------------------------------------------------- analysis in small


def test_folding_meets_turkish_and_russian_letters() -> None:
    assert fold("Ilgaz") == fold("ılgaz") == fold("ilgaz") == fold("İlgaz") == "ilgaz"
    assert fold("ÇİÇERİN") == "cicerin"
    assert fold("Ёлка") == "елка"


@pytest.mark.parametrize(
    ("base", "inflected"),
    [
        ("kasaba", "kasabası"),
        ("kasaba", "kasabasında"),
        ("antlaşma", "antlaşmasının"),
        ("hükümet", "hükümetinin"),
        ("kitap", "kitabı"),
        ("bölge", "bölgesi"),
    ],
)
def test_turkish_forms_share_a_key(base: str, inflected: str) -> None:
    assert word_keys(base, "tr") & word_keys(inflected, "tr")
    assert tr_root(fold(base)) == tr_root(fold(inflected))


@pytest.mark.parametrize(
    ("lang", "base", "inflected"),
    [("ru", "договор", "договора"), ("ru", "договор", "договором"), ("en", "treaty", "treaties")],
)
def test_stems_meet_by_language(lang: str, base: str, inflected: str) -> None:
    assert word_keys(base, lang) & word_keys(inflected, lang)


# ----------------------------------------------------------- a small corpus

ENTITIES = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="entities" xml:lang="en" type="authority">
  <teiHeader><fileDesc><titleStmt><title>Entities</title></titleStmt>
    <publicationStmt><p>test</p></publicationStmt><sourceDesc><p>test</p></sourceDesc>
  </fileDesc></teiHeader>
  <standOff><listPerson>
    <person xml:id="chicherin">
      <persName xml:lang="en" type="main">Georgy Chicherin</persName>
      <persName xml:lang="tr" type="main">Georgi Çiçerin</persName>
      <persName xml:lang="ru" type="main">Георгий Чичерин</persName>
      <persName xml:lang="en" type="variant">Chicherin</persName>
      <persName xml:lang="tr" type="variant">Çiçerin</persName>
      <persName xml:lang="ru" type="variant">Чичерин</persName>
    </person>
  </listPerson></standOff>
</TEI>
"""

SOURCE_BODY = """<body>
      <div type="section">
        <p xml:id="p1"><s xml:id="p1.s1">The town of Ilgaz lies north of Ankara.</s> <s xml:id="p1.s2">The town is empty now.</s></p>
        <p xml:id="p2"><s xml:id="p2.s1">Chicherin wrote a note to Ankara.</s></p>
        <p xml:id="p3"><s xml:id="p3.s1">The ilgaz pass is high.</s></p>
      </div>
    </body>"""

TURKISH_BODY = """<body>
      <div type="section">
        <p xml:id="p1"><s xml:id="p1.s1">Ilgaz kasabası Ankara'nın kuzeyindedir.</s> <s xml:id="p1.s2">Kasaba artık boştur.</s></p>
        <p xml:id="p2"><s xml:id="p2.s1"><persName ref="corpus:entities#chicherin">Çiçerin</persName> Ankara'ya bir nota yazdı.</s></p>
        <p xml:id="p3"><s xml:id="p3.s1">ılgaz geçidi yüksektir.</s></p>
      </div>
    </body>"""

RUSSIAN_BODY = """<body>
      <div type="section">
        <p xml:id="p1"><s xml:id="p1.s1">Городок Ылгаз лежит к северу от Анкары.</s> <s xml:id="p1.s2">Городок теперь пуст.</s></p>
        <p xml:id="p2"><s xml:id="p2.s1"><persName ref="corpus:entities#chicherin">Чичерин</persName> написал ноту в Анкару.</s></p>
        <p xml:id="p3"><s xml:id="p3.s1">Перевал Ылгаз высок.</s></p>
      </div>
    </body>"""


def _with_body(path: Path, body: str) -> str:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"<body>.*</body>", lambda _m: body, text, flags=re.S)
    text = re.sub(r"<back>.*</back>", "", text, flags=re.S)
    return text.replace('xml:id="wikipedia"', 'xml:id="mini"')


@pytest.fixture
def mini(tmp_path: Path) -> reader.Library:
    """One short text in English, Turkish and Russian, and an authority file of one person."""
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "mini.xml").write_text(
        _with_body(ROOT / "texts" / "wikipedia.xml", SOURCE_BODY), encoding="utf-8"
    )
    (tmp_path / "texts" / "entities.xml").write_text(ENTITIES, encoding="utf-8")
    for lang, body in (("tr", TURKISH_BODY), ("ru", RUSSIAN_BODY)):
        folder = tmp_path / "translations" / lang
        folder.mkdir(parents=True)
        (folder / "mini.xml").write_text(
            _with_body(ROOT / "translations" / lang / "wikipedia.xml", body), encoding="utf-8"
        )
    shutil.copy(ROOT / "texts" / "ids.json", tmp_path / "texts" / "ids.json")
    return reader.load(tmp_path)


@pytest.mark.parametrize("query", ["Ilgaz", "ılgaz", "ilgaz", "ILGAZ", "İlgaz"])
def test_dotless_and_dotted_i_meet(mini: reader.Library, query: str) -> None:
    refs = {hit.ref for hit in mini.search(query, lang="tr")}
    assert refs == {"mini:p1.s1", "mini:p3.s1"}  # "Ilgaz kasabası …" and "ılgaz geçidi …"


def test_kasaba_finds_kasabasi_and_back(mini: reader.Library) -> None:
    assert {hit.ref for hit in mini.search("kasaba", lang="tr")} == {"mini:p1.s1", "mini:p1.s2"}
    assert {hit.ref for hit in mini.search("kasabası", lang="tr")} == {"mini:p1.s1", "mini:p1.s2"}
    hit = next(h for h in mini.search("kasaba", lang="tr") if h.ref == "mini:p1.s1")
    assert _marked(hit) == ["kasabası"]
    assert [(v.lang, v.text) for v in hit.aligned] == [
        ("en", "The town of Ilgaz lies north of Ankara."),
        ("ru", "Городок Ылгаз лежит к северу от Анкары."),
    ]


def test_a_name_finds_every_spelling_in_every_language(mini: reader.Library) -> None:
    hits = mini.search("Chicherin")
    assert {(hit.ref, hit.lang) for hit in hits} == {
        ("mini:p2.s1", "en"),
        ("mini:p2.s1", "tr"),
        ("mini:p2.s1", "ru"),
    }
    russian = next(hit for hit in hits if hit.lang == "ru")
    assert _marked(russian) == ["Чичерин"] and russian.entities == ("chicherin",)
    assert [hit.ref for hit in mini.search("Cicerin", lang="tr")] == ["mini:p2.s1"]


# ------------------------------------------------------------ the static index


def test_the_static_search_is_built_and_a_rebuild_renders_nothing(
    tmp_path: Path, corpus_copy: Path
) -> None:
    from reader.build import build_site
    from reader.corpus import Corpus
    from reader.render.html.search import search_outputs

    out = tmp_path / "html"
    first = build_site(Corpus.open(corpus_copy), out, extra=[search_outputs])
    for page in ("search.html", "tr/search.html", "ru/search.html", "search-names.json"):
        assert (out / page).is_file(), page
    for lang in ("en", "tr", "ru"):
        assert (out / "pagefind" / lang / "pagefind-entry.json").is_file()
        assert (out / "pagefind" / lang / "pagefind.js").is_file()
    assert not list(out.glob("pagefind/*/pagefind-ui*"))
    assert any(p.startswith("pagefind/") for p in first.rendered)
    second = build_site(Corpus.open(corpus_copy), out, extra=[search_outputs])
    assert second.rendered == [] and not second.swapped
    page = (out / "tr" / "search.html").read_text(encoding="utf-8")
    assert 'lang="tr"' in page and "Metinlerde ara" in page
    assert 'src="../static/search.js"' in page and "<script>" not in page
