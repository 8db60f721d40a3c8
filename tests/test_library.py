"""The passage API: every reference form, every error, languages and provenance."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest
from pydantic import ValidationError

import reader
from reader import BadReference, ReaderError, UnknownLanguage, UnknownPassage, UnknownText


def test_paragraph_sentence_and_note(lib: reader.Library) -> None:
    p = lib.passage("wikipedia:p12")
    assert p.ref == "wikipedia:p12" and p.kind == "paragraph" and p.lang == "en"
    assert p.text.startswith("On 16 December 1925, the Turkish government withdrew its delegation")
    assert "[9]" not in p.text and "9" not in p.text.split("reverse")[1][:3]
    assert [n.n for n in p.notes] == ["9", "10", "11", "12"]
    assert all(n.absent for n in p.notes)
    assert [s.ref for s in p.sentences] == [f"wikipedia:p12.s{i}" for i in range(1, 5)]
    sentence = lib.passage("wikipedia:p12.s2")
    assert sentence.text == p.sentences[1].text
    assert sentence.kind == "sentence"
    note = lib.passage("gusterin:n1")
    assert note.kind == "note"
    assert note.text == "In Soviet times, Alexandropol was called Leninakan, now Gyumri."


def test_prev_and_next_walk_the_text(lib: reader.Library) -> None:
    first = lib.refs("wikipedia", level="unit")[0]
    p = lib.passage(first)
    assert p.prev is None
    assert lib.passage(p.next).prev == first if p.next else False
    assert lib.passage("wikipedia:p12.s4").next == "wikipedia:p13.s1"


def test_ranges_are_returned_in_order(lib: reader.Library) -> None:
    paragraphs = lib.passages("wikipedia:p3-p5")
    assert [p.ref for p in paragraphs] == ["wikipedia:p3", "wikipedia:p4", "wikipedia:p5"]
    sentences = lib.passages("wikipedia:p4.s3-p5.s1")
    assert [p.ref for p in sentences] == ["wikipedia:p4.s3", "wikipedia:p5.s1"]
    with pytest.raises(BadReference, match="ends"):
        lib.passages("wikipedia:p5-p3")


def test_cts_urn_is_accepted_and_produced(lib: reader.Library) -> None:
    p = lib.passage("karakus:p12")
    assert p.urn == "urn:cts:sovturk:karakus.eng1:p12"
    assert lib.passage(p.urn).text == p.text
    turkish = lib.passage("urn:cts:sovturk:karakus.tur1:p12")
    assert turkish.lang == "tr" and turkish.text == lib.passage("karakus:p12", lang="tr").text
    assert turkish.urn == "urn:cts:sovturk:karakus.tur1:p12"


def test_bibliography_entries_are_not_passages(lib: reader.Library) -> None:
    units = lib.refs("xoshgedem", level="unit")
    assert units and not any(":b-" in ref for ref in units)
    last_paragraph = lib.refs("xoshgedem")[-1]
    assert lib.passage(last_paragraph).next is None or ":b-" not in lib.passage(last_paragraph).next


def test_refs_list_every_citable_passage_in_order(lib: reader.Library) -> None:
    paragraphs = lib.refs("karakus", level="paragraph")
    assert paragraphs[0] == "karakus:p1"
    assert paragraphs == [f"karakus:p{i}" for i in range(1, len(paragraphs) + 1)]
    notes = lib.refs("karakus", level="note")
    assert "karakus:n14" in notes and "karakus:n_author" in notes
    sentences = lib.refs("wikipedia", level="sentence")
    assert sentences[:2] == ["wikipedia:p1.s1", "wikipedia:p2.s1"]


def test_texts_describe_every_text(lib: reader.Library) -> None:
    infos = {t.id: t for t in lib.texts()}
    assert set(infos) == {"wikipedia", "gusterin", "karakus", "chicherin", "xoshgedem"}
    karakus = infos["karakus"]
    assert karakus.authors == ("Girayalp Karakuş",)
    assert karakus.year == "2023"
    assert karakus.languages[0].lang == "en" and karakus.languages[0].role == "original"
    assert karakus.paragraphs == len(lib.refs("karakus"))


def test_errors_say_what_was_asked_and_what_exists(lib: reader.Library) -> None:
    with pytest.raises(UnknownText) as text_error:
        lib.passage("nosuch:p1")
    assert "nosuch" in str(text_error.value) and "karakus" in str(text_error.value)
    assert isinstance(text_error.value, KeyError)

    with pytest.raises(UnknownPassage) as passage_error:
        lib.passage("karakus:p999")
    assert "karakus:p999" in str(passage_error.value)
    assert passage_error.value.suggestions[0] == lib.refs("karakus")[-1]
    assert isinstance(passage_error.value, KeyError)

    with pytest.raises(UnknownPassage) as sentence_error:
        lib.passage("karakus:p12.s99")
    assert sentence_error.value.suggestions

    with pytest.raises(UnknownLanguage) as language_error:
        lib.passage("karakus:p12", lang="de")
    assert "'de'" in str(language_error.value) and "en" in str(language_error.value)

    with pytest.raises(BadReference) as syntax_error:
        lib.passage("karakus p12")
    assert isinstance(syntax_error.value, ValueError)
    for error in (text_error, passage_error, language_error, syntax_error):
        assert isinstance(error.value, ReaderError)


def test_passages_are_immutable_and_serialise_to_json(lib: reader.Library) -> None:
    p = lib.passage("karakus:p12")
    with pytest.raises(ValidationError):
        p.text = "changed"  # type: ignore[misc]
    data = json.loads(p.to_json())
    assert data["ref"] == "karakus:p12" and data["text"] == p.text
    assert "cited" not in data


def test_a_repeated_call_returns_the_same_object(lib: reader.Library) -> None:
    assert lib.passage("karakus:p3") is lib.passage("karakus:p3")


def test_opening_does_not_read_the_texts(tmp_path: Path, corpus_copy: Path) -> None:
    # A corrupt text does not stop the library from opening, only from reading it.
    (corpus_copy / "texts" / "broken.xml").write_text("<TEI", encoding="utf-8")
    started = time.perf_counter()
    lib = reader.load(corpus_copy)
    assert time.perf_counter() - started < 1.0
    assert lib.passage("wikipedia:p1").text.startswith("Soviet Union–Turkey relations")
    with pytest.raises(reader.CorpusError, match=r"broken\.xml:1"):
        lib.passage("broken:p1")


def test_authors_own_turkish_wording_is_offered_and_labelled(lib: reader.Library) -> None:
    p = lib.passage("karakus:p1_tr")
    assert p.lang == "tr"
    assert p.text.startswith("Bu çalışmada 1919-1922 döneminde")


# ------------------------------------------------------- issue 12: bounded, no bogus requests


def test_the_passage_cache_is_bounded_and_spellings_share_one_passage() -> None:
    """Issue 12 item 9: 20k spellings added 338 MB; now the cache holds at most its size."""
    import gc
    import weakref

    lib = reader.load(cache_size=64)
    fresh = reader.load()
    refs = [r for t in lib.text_ids() for r in lib.refs(t, "unit")]
    made: list[weakref.ref[reader.Passage]] = []
    for index, ref in enumerate(refs * 2):
        lang = "tr" if index % 2 else None
        spelled = " " * (index % 50) + ref  # another spelling of the same request
        passage = lib.passage(spelled, lang)
        made.append(weakref.ref(passage))
        if index < 100:  # whatever was evicted and rebuilt is the same answer
            assert passage == fresh.passage(ref, lang)
    del passage
    info = lib.cache_info()
    assert (info.maxsize, info.requests, info.passages) == (64, 64, 64)
    assert info.built > len(refs), "passages dropped from the cache were built again"
    gc.collect()
    alive = {id(p) for r in made if (p := r()) is not None}
    assert len(alive) <= 2 * 64, "passages dropped from both caches are freed"


def test_spellings_of_one_passage_share_it() -> None:
    lib = reader.load()
    plain = lib.passage("karakus:p12", "tr")
    assert lib.passage("urn:cts:sovturk:karakus.tur1:p12") is plain
    assert lib.passage("  karakus:p12 ", "tr") is plain
    assert lib.passage("urn:cts:sovturk:karakus.eng1:p12", "tr") is plain  # lang wins


@pytest.mark.parametrize(
    ("ref", "lang", "error", "message"),
    [
        (
            "urn:cts:sovturk:karakus.x7:p12",
            None,
            BadReference,
            "unknown version 'x7'; a version names a language, e.g. karakus.eng1",
        ),
        (
            "urn:cts:sovturk:karakus.pol1:p12",
            None,
            UnknownLanguage,
            "text 'karakus' has no 'pl' version; languages are: en, tr, ru",
        ),
        (None, None, BadReference, "a reference is a string such as 'karakus:p12', not NoneType"),
        (["karakus:p1"], None, BadReference, "not list"),
        ("karakus:p1", ["tr"], BadReference, "a language is a string such as 'tr'"),
        ("karakus:p" + "9" * 5000, None, BadReference, "references have at most 200"),
    ],
)
def test_bogus_requests_are_refused_with_a_message(
    lib: reader.Library, ref: object, lang: object, error: type[Exception], message: str
) -> None:
    """Issue 12 items 9 and 11: bogus versions were accepted; None and 5,000 nines crashed."""
    before = lib.cache_info()
    with pytest.raises(error) as caught:
        lib.passage(ref, lang)  # type: ignore[arg-type]
    assert message in str(caught.value)
    after = lib.cache_info()
    assert (after.requests, after.passages) == (before.requests, before.passages), (
        "an error is never cached"
    )
    with pytest.raises(error):
        lib.passages(ref, lang)  # type: ignore[arg-type]


def test_cache_size_must_be_positive() -> None:
    with pytest.raises(ValueError, match="cache_size must be a positive number"):
        reader.load(cache_size=0)


# ------------------------------------------------ issue 12 items 4 and 10


def test_an_id_with_a_hyphen_is_a_passage_not_a_range(lib: reader.Library) -> None:
    entry = lib.passage("xoshgedem:b-hirst2013")
    assert entry.ref == "xoshgedem:b-hirst2013" and entry.text.startswith("Hirst S.J., 2013")
    assert [p.ref for p in lib.passages("xoshgedem:b-hirst2013")] == ["xoshgedem:b-hirst2013"]
    assert lib.passage("urn:cts:sovturk:xoshgedem.eng1:b-andersen-nd").ref == (
        "xoshgedem:b-andersen-nd"
    )


@pytest.mark.parametrize(
    ("ref", "error", "message"),
    [
        # the whole is no id and its ends are ids: a range, which passage() does not take
        ("karakus:p12-p15", BadReference, "this names a range; use passages() for ranges"),
        ("karakus:p12-p99", reader.UnknownPassage, "no passage 'karakus:p99'; nearest existing"),
        ("karakus:b-hirst2013", reader.UnknownPassage, "nearest existing: karakus:b-"),
        ("karakus:p12.s3-p13", BadReference, "both ends of a range must be at the same level"),
    ],
)
def test_a_reference_with_a_hyphen_is_resolved_against_its_text(
    lib: reader.Library, ref: str, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=re.escape(message)):
        lib.passage(ref)


def test_ranges_still_read_as_ranges(lib: reader.Library) -> None:
    assert [p.ref for p in lib.passages("wikipedia:p3-p4")] == ["wikipedia:p3", "wikipedia:p4"]
    assert [p.ref for p in lib.passages("urn:cts:sovturk:wikipedia.rus1:p3-p4", lang="ru")] == [
        "wikipedia:p3",
        "wikipedia:p4",
    ]


def test_nesting_at_the_limit_reads_and_beyond_it_is_refused(tmp_path: Path) -> None:
    from reader.tei.xml import MAX_DEPTH
    from tests.support.nesting import nested_corpus

    deepest = reader.load(nested_corpus(tmp_path / "ok", MAX_DEPTH))
    assert deepest.passage("tiny:p2").html.count("italics") == 1
    assert deepest.passage("tiny:p2", lang="tr").requested_lang == "tr"
    assert deepest.passage("tiny:p2.s2").text.endswith("in italics.")
    # The 200 levels: a message with file and line, not a RecursionError.
    too_deep = reader.load(nested_corpus(tmp_path / "deep", 200))
    with pytest.raises(reader.CorpusError, match=r"tiny\.xml:\d+: error: <hi> is nested 65"):
        too_deep.passage("tiny:p2")
