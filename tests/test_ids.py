"""IDs are forever: the registry catches ids that vanish or change silently."""

from __future__ import annotations

from pathlib import Path

from reader import ids
from reader.corpus import Corpus


def test_the_corpus_matches_the_registry(corpus: Corpus) -> None:
    assert [str(f) for f in ids.check(corpus)] == []


def test_every_published_text_is_registered(corpus: Corpus) -> None:
    registry = ids.Registry.open(corpus)
    for text_id in corpus.text_ids():
        assert len(registry.ids(text_id)) > 50, text_id


def test_a_removed_id_is_reported(corpus_copy: Path) -> None:
    path = corpus_copy / "texts" / "wikipedia.xml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('<s xml:id="p20.s3">', "<s>"), encoding="utf-8")
    findings = [str(f) for f in ids.check(Corpus.open(corpus_copy))]
    assert "wikipedia:p20.s3: this published id no longer exists (ids are forever)" in findings


def test_a_silent_change_is_reported_and_a_revision_clears_it(corpus_copy: Path) -> None:
    path = corpus_copy / "texts" / "wikipedia.xml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("different camps", "different (sic) camps", 1), encoding="utf-8")
    corpus = Corpus.open(corpus_copy)
    findings = [f for f in ids.check(corpus) if f.kind == "changed"]
    assert {f.id for f in findings} == {"p20", "p20.s2"}
    for finding in findings:
        ids.revise(corpus, "wikipedia", finding.id, "test")
    assert ids.check(corpus) == []
    registry = ids.Registry.open(corpus)
    assert [r["id"] for r in registry.data["wikipedia"]["revisions"]] == ["p20", "p20.s2"]
