"""Rows of aligned sentence groups: cut only where every column allows, nothing lost."""

from __future__ import annotations

import re

from reader.align import load_aligned
from reader.corpus import Corpus
from reader.model import Sentence, Span, Text, iter_sentences, plain_text
from reader.render.pdf.chunks import allowed_cuts, groups, split_content
from tests.conftest import ROOT


def _s(sid: str, text: str, renders: tuple[str, ...] | None = None) -> Sentence:
    return Sentence(id=sid, renders=renders or (sid,), children=(Text(text=text),))


def test_a_cut_never_splits_a_sentence_that_renders_two() -> None:
    source = ["a", "b", "c", "d"]
    assert allowed_cuts(source, [["a"], ["b", "c"], ["d"]]) == {0: 1, 2: 2}
    # a translation that reorders b and c allows no cut between them
    assert allowed_cuts(source, [["a"], ["c"], ["b"], ["d"]]) == {0: 1, 2: 3}


def test_a_phrase_across_a_cut_is_closed_and_opened_again() -> None:
    quote = Span(tag="q", children=(_s("p.s2", "Two."), Text(text=" "), _s("p.s3", "Three.")))
    content = (_s("p.s1", "One."), Text(text=" "), quote)
    first, second = split_content(content, {"p.s3"})
    assert plain_text(first) + " " + plain_text(second) == plain_text(content)
    assert isinstance(second[0], Span) and second[0].tag == "q"


def test_groups_follow_the_alignment_and_lose_no_word() -> None:
    aligned = load_aligned(Corpus.open(ROOT), "karakus")
    for unit_id in ("p6", "p14"):
        unit = aligned.source.units[unit_id]
        columns = [aligned.version(unit_id, lang).unit.content for lang in ("en", "tr", "ru")]
        found = groups(columns, [s.id or "" for s in unit.sentences])
        assert len(found) > 3  # a long paragraph is several rows
        for column, content in enumerate(columns):
            joined = " ".join(plain_text(group.contents[column]) for group in found)
            assert re.sub(r"\s+", " ", joined) == re.sub(r"\s+", " ", plain_text(content)).strip()
        for group in found:
            # every column of a row renders the same source sentences
            rendered = [
                {r for s in iter_sentences(contents) for r in s.renders}
                for contents in group.contents
            ]
            assert all(r == rendered[0] for r in rendered), group.first
