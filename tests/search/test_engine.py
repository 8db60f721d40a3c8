"""Queries over the on-disk index: bounded cost, labels, ranking (reader.search.engine)."""

from __future__ import annotations

import time

import pytest
from typer.testing import CliRunner

import reader
from reader.cli import app
from reader.search import MAX_QUERY_CHARS, MAX_QUERY_WORDS, QueryTooLong, context_weight
from tests.conftest import ROOT

# ------------------------------------------------------------ bounded cost (issue 12)


def test_a_query_past_the_limits_is_refused_at_once(lib: reader.Library) -> None:
    lib.search("Kars")  # the index is open
    for query in ("a e i o u " * 1000, "Moscow " * 2000, "x" * (MAX_QUERY_CHARS + 1)):
        started = time.perf_counter()
        with pytest.raises(QueryTooLong) as caught:
            lib.search(query)
        assert time.perf_counter() - started < 1.0  # it took 95 s (issue 12)
        assert isinstance(caught.value, ValueError) and isinstance(caught.value, reader.ReaderError)
    assert str(caught.value) == (
        f"the query is too long ({MAX_QUERY_CHARS + 1} characters, 1 words); a search takes "
        f"at most {MAX_QUERY_CHARS} characters and {MAX_QUERY_WORDS} words"
    )


def test_a_query_at_the_limits_is_answered(lib: reader.Library) -> None:
    words = ("Soviet Russia Turkey Moscow Ankara treaty " * 6).split()[:MAX_QUERY_WORDS]
    assert len(words) == MAX_QUERY_WORDS
    assert lib.search(" ".join(words)) == []  # every word must match: none has them all
    common = ("the " * MAX_QUERY_WORDS).strip()
    hits = lib.search(common, lang="en", limit=5)
    assert len(hits) == 5


def test_the_cli_says_why_a_query_is_refused() -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["search", "a e i o u " * 1000, "--corpus", str(ROOT)])
    assert result.exit_code == 2
    assert result.output.strip() == (
        "reader: the query is too long (10000 characters, 5000 words); a search takes at "
        f"most {MAX_QUERY_CHARS} characters and {MAX_QUERY_WORDS} words"
    )
    assert "Traceback" not in result.output


# ------------------------------------------------------------------- labels


def test_hits_carry_labels_a_reader_understands(lib: reader.Library) -> None:
    labels = {(hit.ref, hit.lang): hit.label for hit in lib.search("Chicherin", limit=500)}
    assert labels[("karakus:p11.s4", "en")] == "¶ 11, s. 4"
    assert labels[("karakus:i2", "en")] == "Keyword 2"
    assert labels[("chicherin:signed1", "en")] == "Signature"
    assert labels[("gusterin:f1", "en")] == "Figure 1"
    assert labels[("gusterin:n11.s1", "en")] == "Note 11, s. 1"
    assert not any(label.startswith(("signed", "i2", "f1")) for label in labels.values())


# ------------------------------------------------------------------ ranking


@pytest.mark.parametrize("query", ["Chicherin", "Atatürk", "Lenin", "Soviet Russia"])
def test_passages_in_context_rank_above_entries_of_a_word_or_two(
    lib: reader.Library, query: str
) -> None:
    hits = lib.search(query, lang="en", limit=500)
    entries = [i for i, hit in enumerate(hits) if len(hit.text.split()) <= 2]
    assert entries, "the query has entries (a keyword, a signature, a caption)"
    top = hits[:5]
    assert all(len(hit.text.split()) >= 5 for hit in top), [hit.text for hit in top]
    first_entry = entries[0]
    assert first_entry >= 5


def test_the_context_weight_grows_with_the_words_then_stays() -> None:
    weights = [context_weight(n) for n in range(1, 20)]
    assert weights == sorted(weights) and weights[0] == 1.0 and weights[-1] == weights[7] == 4.0


def test_the_cli_searches(tmp_path: object) -> None:
    runner = CliRunner()
    result = runner.invoke(
        app, ["search", "kasaba", "--lang", "tr", "--corpus", str(ROOT), "-n", "3"]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("karakus:p7.s12  [tr] ") and lines[0].endswith("¶ 7, s. 12")
    assert "kasabasında" in lines[1]
    result = runner.invoke(app, ["search", "zzzyzzyx", "--corpus", str(ROOT)])
    assert result.exit_code == 1 and "no passage matches" in result.output
    result = runner.invoke(app, ["search", "Kars", "--lang", "de", "--corpus", str(ROOT)])
    assert result.exit_code == 2 and "cannot search in 'de'" in result.output
