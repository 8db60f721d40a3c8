"""Passage references: every form parses, prints back, and bad ones say why."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader import BadReference
from reader.refs import Ref, parse, urn, urn_language

LEVEL = st.from_regex(r"[A-Za-z0-9_]{1,6}", fullmatch=True)
PASSAGE = st.lists(LEVEL, min_size=1, max_size=3).map(".".join)
TEXT = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("karakus:p12", Ref("karakus", "p12")),
        ("karakus:p12.s3", Ref("karakus", "p12.s3")),
        ("karakus:n14", Ref("karakus", "n14")),
        ("karakus:p12-p15", Ref("karakus", "p12", "p15")),
        ("karakus:p12.s3-p13.s1", Ref("karakus", "p12.s3", "p13.s1")),
        ("  chicherin:n_star ", Ref("chicherin", "n_star")),
        ("urn:cts:sovturk:karakus.tur1:p12", Ref("karakus", "p12")),
        ("urn:cts:sovturk:karakus.eng1:p12.s3-p13.s1", Ref("karakus", "p12.s3", "p13.s1")),
    ],
)
def test_every_reference_form_parses(ref: str, expected: Ref) -> None:
    assert parse(ref) == expected


@pytest.mark.parametrize(
    ("ref", "reason"),
    [
        ("karakus", "expected TEXT:PASSAGE"),
        ("karakus:", "the passage part is empty"),
        ("Karakus:p1", "is not a text id"),
        ("karakus:p1-p2-p3", "exactly one '-'"),
        ("karakus:p1..s2", "a level is empty"),
        ("karakus:p1/s2", "'/' not allowed"),
        ("karakus:p12.s3-p13", "same level"),
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
    assert (ref.start, ref.end) == (start, end)
    assert parse(str(ref)) == ref


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
