"""Passage references: every form parses, prints back, and bad ones say why.

An id may hold a hyphen (``b-hirst2013``), so ``parse`` reads only the
syntax and lists the ranges a reference can be (``Ref.readings``); which one
holds is decided against the text (tests/test_library.py).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader import BadReference
from reader.refs import Ref, parse, urn, urn_language

LEVEL = st.from_regex(r"[A-Za-z0-9_]{1,6}", fullmatch=True)
HYPHENATED = st.from_regex(r"[A-Za-z0-9_]{1,4}(-[A-Za-z0-9_]{1,4}){1,2}", fullmatch=True)
PASSAGE = st.lists(LEVEL, min_size=1, max_size=3).map(".".join)
TEXT = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("karakus:p12", Ref("karakus", "p12")),
        ("karakus:p12.s3", Ref("karakus", "p12.s3")),
        ("karakus:n14", Ref("karakus", "n14")),
        ("karakus:p12-p15", Ref("karakus", "p12-p15")),
        ("karakus:b-hirst2013", Ref("karakus", "b-hirst2013")),
        ("  chicherin:n_star ", Ref("chicherin", "n_star")),
        ("urn:cts:sovturk:karakus.tur1:p12", Ref("karakus", "p12")),
        ("urn:cts:sovturk:karakus.eng1:p12.s3-p13.s1", Ref("karakus", "p12.s3-p13.s1")),
    ],
)
def test_every_reference_form_parses(ref: str, expected: Ref) -> None:
    assert parse(ref) == expected


@pytest.mark.parametrize(
    ("ref", "readings"),
    [
        ("karakus:p12", []),
        ("karakus:p12-p15", [("p12", "p15")]),
        ("karakus:p12.s3-p13.s1", [("p12.s3", "p13.s1")]),
        ("xoshgedem:b-hirst2013", [("b", "hirst2013")]),
        ("x:b-a-b-c", [("b", "a-b-c"), ("b-a", "b-c"), ("b-a-b", "c")]),
        ("x:p1.s2-p3", [("p1.s2", "p3")]),  # the text says whether the levels agree
    ],
)
def test_a_reference_with_a_hyphen_lists_the_ranges_it_can_be(
    ref: str, readings: list[tuple[str, str]]
) -> None:
    parsed = parse(ref)
    assert [(r.start, r.end) for r in parsed.readings()] == readings
    assert all(r.text == parsed.text and r.is_range for r in parsed.readings())


@pytest.mark.parametrize(
    ("ref", "reason"),
    [
        ("karakus", "expected TEXT:PASSAGE"),
        ("karakus:", "the passage part is empty"),
        ("Karakus:p1", "is not a text id"),
        ("karakus:p1-", "it cannot begin or end one"),
        ("karakus:-p1", "it cannot begin or end one"),
        ("karakus:p1--p2", "it cannot begin or end one"),
        ("karakus:p1.-s2", "it cannot begin or end one"),
        ("karakus:p1..s2", "a level is empty"),
        ("karakus:p1/s2", "'/' not allowed"),
        ("urn:cts:other:karakus.eng1:p1", "unknown CTS namespace"),
        ("urn:cts:sovturk:karakus", "expected urn:cts:sovturk:TEXT.VERSION:PASSAGE"),
        # Issue 12 item 9: any version was accepted (and read as the default language).
        ("urn:cts:sovturk:karakus.x7:p12", "unknown version 'x7'; a version names a language"),
        ("urn:cts:sovturk:karakus.tur2:p12", "unknown version 'tur2'"),
        ("urn:cts:sovturk:karakus.:p12", "unknown version ''"),
    ],
)
def test_bad_references_say_what_is_wrong(ref: str, reason: str) -> None:
    with pytest.raises(BadReference) as caught:
        parse(ref)
    assert reason in str(caught.value)
    assert ref.strip() in str(caught.value) or ref in str(caught.value)
    assert isinstance(caught.value, ValueError)


@given(TEXT, PASSAGE)
def test_single_refs_round_trip(text: str, passage: str) -> None:
    ref = parse(f"{text}:{passage}")
    assert str(ref) == f"{text}:{passage}"
    assert parse(urn(ref, "ru")) == ref


@given(TEXT, LEVEL, LEVEL)
def test_ranges_round_trip(text: str, start: str, end: str) -> None:
    ref = parse(f"{text}:{start}-{end}")
    assert [(r.start, r.end) for r in ref.readings()] == [(start, end)]
    assert parse(str(ref)) == ref
    (reading,) = ref.readings()
    assert str(reading) == f"{text}:{start}-{end}"


@given(TEXT, HYPHENATED)
def test_ids_with_hyphens_round_trip(text: str, passage: str) -> None:
    ref = parse(f"{text}:{passage}")
    assert ref == Ref(text, passage)
    assert parse(urn(ref, "tr")) == ref
    assert len(ref.readings()) == passage.count("-")


def test_urn_names_the_language_version() -> None:
    made = urn(parse("karakus:p12"), "tr")
    assert made == "urn:cts:sovturk:karakus.tur1:p12"
    assert urn_language(made) == "tr"
    assert urn_language(urn(parse("karakus:p12"), "ru")) == "ru"


def test_overlong_and_non_string_references_are_refused_before_any_work() -> None:
    # Issue 12 item 11: 5,000 nines ended in a ValueError of int() (a traceback).
    with pytest.raises(BadReference, match="5,010 characters long; references have at most 200"):
        parse("karakus:p" + "9" * 5000 + "9")
    with pytest.raises(BadReference, match=r"a reference is a string .*, not NoneType"):
        parse(None)  # type: ignore[arg-type]


def test_a_version_names_a_language() -> None:
    assert urn_language("urn:cts:sovturk:karakus.pol1:p1") == "pl"
    assert urn_language("urn:cts:sovturk:karakus.de1:p1") == "de"
    assert urn_language("urn:cts:sovturk:karakus:p1") is None
    assert urn_language("urn:cts:sovturk:karakus.x7:p1") is None
