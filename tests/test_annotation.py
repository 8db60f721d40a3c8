"""Entity annotation: every listed name is marked, marks point at the authority, the text is untouched."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.annotate import unmarked
from reader.corpus import Corpus
from reader.entities import dates, load_entities, mentions
from reader.tei import read
from tests.conftest import TEXT_IDS

FILES = [f"texts/{t}.xml" for t in TEXT_IDS] + [
    f"translations/{lang}/{t}.xml" for lang in ("tr", "ru") for t in TEXT_IDS
]
ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("name", FILES)
def test_no_listed_name_is_left_unmarked(name: str, corpus: Corpus) -> None:
    found = unmarked(ROOT / name, corpus.entities_path)
    assert [str(u) for u in found] == []


@pytest.mark.parametrize("name", FILES)
def test_every_file_marks_people_places_and_dates(name: str, corpus: Corpus) -> None:
    document = read(ROOT / name)
    entities = load_entities(corpus.entities_path)
    marks = mentions(document)
    assert len(marks) > 50
    assert {m.entity for m in marks} <= set(entities)
    assert len(dates(document)) > 5
    kinds = {entities[m.entity].kind for m in marks}
    assert {"person", "place", "treaty"} <= kinds


def test_the_matcher_finds_an_unmarked_mention(tmp_path: Path, corpus: Corpus) -> None:
    source = (ROOT / "texts" / "wikipedia.xml").read_text(encoding="utf-8")
    marked = '<persName ref="corpus:entities#lenin">Lenin</persName>'
    assert marked in source
    path = tmp_path / "wikipedia.xml"
    path.write_text(source.replace(marked, "Lenin", 1), encoding="utf-8")
    assert [u.entity for u in unmarked(path, corpus.entities_path)] == ["lenin"]


def test_translations_mark_what_their_source_marks(corpus: Corpus) -> None:
    """Most units mark the same entities in every language (translation may name or not)."""
    agreeing = total = 0
    for text_id in TEXT_IDS:
        source = {(m.unit_id, m.entity) for m in mentions(read(corpus.source_path(text_id)))}
        for lang in ("tr", "ru"):
            target = {
                (m.unit_id, m.entity)
                for m in mentions(read(corpus.translation_path(text_id, lang)))
            }
            total += len(source)
            agreeing += len(source & target)
    assert agreeing / total > 0.85


def test_the_timeline_surfaces_the_known_disagreements(corpus: Corpus) -> None:
    from reader.align import load_aligned
    from reader.render.html.crossref import CrossIndex

    texts = {t: load_aligned(corpus, t) for t in corpus.text_ids()}
    timeline = CrossIndex.build(texts, load_entities(corpus.entities_path)).timeline("en", "")
    events = {e["id"]: e for e in timeline["events"]}  # type: ignore[index]
    alexandropol = events["treaty_alexandropol_1920"]
    assert alexandropol["disagree"], alexandropol["dates"]
    assert not events["treaty_moscow_1921"]["disagree"]
    aid = events["soviet_aid_1920_1922"]
    rifles = next(f for f in aid["totals"] if f["kind"] == "rifles")
    assert rifles["disagree"]
    assert {c["value"] for c in rifles["claims"]} >= {"39000", "43374"}
    # like with like: a promise, a donation and a shipment of gold are not rival totals
    assert not any(t["kind"] == "gold-rubles" for t in aid["totals"])
    gold = next(f for f in aid["figures"] if f["kind"] == "gold-rubles")
    assert {a["number"] for a in gold["amounts"]} >= {"10,000,000", "50,000", "100,000,000"}
    # an ordinal ("18th Chest of … tools") is not a quantity
    assert not any(f["kind"] == "tool-chests" for f in aid["figures"])
