"""The grammar of names that become paths: one place, the same answer everywhere (issue 12 items 1, 10)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader import names
from reader.corpus import Corpus

HOSTILE = [
    "a..b",
    'x"><img src=x onerror=alert(1)>',
    "ка ра",
    "../etc",
    "x/y",
    "",
    "Karakus",
    "1text",
    "a" * 65,
    "a\0b",
]


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_text_ids_are_refused_with_a_reason(name: str) -> None:
    assert not names.is_text_id(name)
    why = names.text_id_problem(name)
    assert why is not None and ("is not a text id" in why or "characters long" in why)


@pytest.mark.parametrize("name", ["karakus", "chicherin", "a", "text_2", "a" * 64])
def test_text_ids(name: str) -> None:
    assert names.is_text_id(name) and names.text_id_problem(name) is None


@pytest.mark.parametrize(
    ("name", "ok"),
    [
        ("passages", True),
        ("CTS", True),
        ("x/../../../../tmp/victim", False),
        ("a" * 64, True),
        ("a" * 65, False),
        ("two words", False),
        ("", False),
    ],
)
def test_citation_scheme_names(name: str, ok: bool) -> None:
    assert names.is_scheme_name(name) is ok
    assert (names.scheme_name_problem(name) is None) is ok


@pytest.mark.parametrize(
    ("passage", "ok"),
    [
        ("p12", True),
        ("p12.s3", True),
        ("b-hirst2013", True),
        ("b-andersen-nd", True),
        ("n_ed1", True),
        ("..", False),
        ("a/b", False),
        ("-p1", False),
        ("p1-", False),
        ("p1--p2", False),
        ("p1..s2", False),
        ("a" * 200, True),
        ("a" * 201, False),
    ],
)
def test_passage_ids(passage: str, ok: bool) -> None:
    assert names.is_passage_id(passage) is ok
    assert (names.passage_id_problem(passage) is None) is ok


@given(st.text(max_size=80))
def test_a_passage_id_is_always_one_plain_file_name(text: str) -> None:
    if names.is_passage_id(text):
        assert "/" not in text and text not in (".", "..") and len(text.encode()) <= 200


def test_the_corpus_lists_only_files_named_by_text_ids(corpus_copy) -> None:  # type: ignore[no-untyped-def]
    texts = corpus_copy / "texts"
    for bad in ("a..b", 'x"><img src=x onerror=alert(1)>', "ка ра"):
        (texts / f"{bad}.xml").write_bytes((texts / "chicherin.xml").read_bytes())
    assert Corpus.open(corpus_copy).text_ids() == [
        "chicherin",
        "gusterin",
        "karakus",
        "wikipedia",
        "xoshgedem",
    ]
