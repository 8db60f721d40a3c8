"""How far an ingest draft agrees with the hand-corrected encoding of the same capture.

Both files are read with :func:`reader.tei.read`; units are compared by their
normalised plain text (:func:`reader.model.plain_text`, whitespace collapsed,
NFC), so ids, markup and note placement do not count, only what a reader
reads:

* **paragraphs**: the units that hold sentences, outside notes (``p`` and
  list items with ``s``, in the text, its quotations and the comments);
  a committed paragraph is matched *exactly* when a draft paragraph has the
  same text, *nearly* when the best unused draft paragraph is at least 95 %
  similar (rapidfuzz ``fuzz.ratio``);
* **sentences**: every sentence of both files, notes included, matched as
  multisets of texts;
* **notes**: a committed note is *linked* when the draft has a note with the
  same marker (the k-th note marked ``*`` matches the k-th) whose body has the
  same text and whose call stands in a sentence (or heading) of the same text;
* **bibliography**: entries of the committed reference list whose id the
  draft gives to an entry of the same text.

Recall is counted over the committed units (how much of the target the draft
reaches), precision over the draft's.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

from reader.model import (
    Document,
    Inline,
    Link,
    Sentence,
    Span,
    Unit,
    iter_blocks,
    note_calls,
    plain_text,
)
from reader.tei import read

NEAR = 95.0


def normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def paragraphs(document: Document) -> list[str]:
    """Normalised texts of the sentence-bearing units outside notes, in order."""
    out: list[str] = []
    for unit in document.units.values():
        if unit.tag not in ("p", "item") or not _has_sentences(unit):
            continue
        out.append(normalise(plain_text(unit.content)))
    return out


def _has_sentences(unit: Unit) -> bool:
    return bool(unit.sentences)


def sentences(document: Document) -> list[str]:
    """Normalised texts of the sentences a capture can hold: not those of editors' notes."""
    added = _editors_notes(document)
    return [
        normalise(plain_text(s.children))
        for unit_id, s in document.sentences.values()
        if unit_id not in added
    ]


def _editors_notes(document: Document) -> set[str]:
    """Ids of the notes this edition's editors added: no capture of the source holds them."""
    return {note_id for note_id, note in document.notes.items() if note.is_editors_note}


@dataclass(frozen=True)
class Agreement:
    committed_paragraphs: int
    draft_paragraphs: int
    exact: int
    near: int
    committed_sentences: int
    draft_sentences: int
    sentences: int

    @property
    def exact_share(self) -> float:
        return self.exact / self.committed_paragraphs if self.committed_paragraphs else 1.0

    @property
    def near_share(self) -> float:
        return self.near / self.committed_paragraphs if self.committed_paragraphs else 1.0

    @property
    def sentence_share(self) -> float:
        return self.sentences / self.committed_sentences if self.committed_sentences else 1.0

    @property
    def sentence_precision(self) -> float:
        return self.sentences / self.draft_sentences if self.draft_sentences else 1.0


def compare(draft: Document, committed: Document) -> Agreement:
    target = paragraphs(committed)
    mine = paragraphs(draft)
    pool = Counter(mine)
    exact = 0
    unmatched: list[str] = []
    for text in target:
        if pool[text] > 0:
            pool[text] -= 1
            exact += 1
        else:
            unmatched.append(text)
    rest = list(pool.elements())
    near = exact
    for text in unmatched:
        best_index, best = -1, 0.0
        for index, candidate in enumerate(rest):
            score = fuzz.ratio(text, candidate, score_cutoff=NEAR)
            if score > best:
                best_index, best = index, score
        if best_index >= 0:
            near += 1
            del rest[best_index]
    theirs = Counter(sentences(committed))
    ours = Counter(sentences(draft))
    return Agreement(
        committed_paragraphs=len(target),
        draft_paragraphs=len(mine),
        exact=exact,
        near=near,
        committed_sentences=sum(theirs.values()),
        draft_sentences=sum(ours.values()),
        sentences=sum((theirs & ours).values()),
    )


def compare_files(draft: Path, committed: Path) -> Agreement:
    return compare(read(draft), read(committed))


def _note_key_texts(document: Document) -> dict[tuple[str, int], tuple[str, str]]:
    """(marker, k) → (body text, text of the sentence or unit holding the call)."""
    hosts: dict[str, str] = {}

    def visit(content: tuple[Inline, ...], host: str) -> None:
        for node in content:
            if isinstance(node, Sentence):
                visit(node.children, normalise(plain_text(node.children)))
            elif isinstance(node, Span | Link):
                visit(node.children, host)
        for call in note_calls(content):
            if call.first:
                hosts.setdefault(call.note_id, host)

    for block in iter_blocks(document.blocks):
        if isinstance(block, Unit):
            visit(block.content, normalise(plain_text(block.content)))
    seen: Counter[str] = Counter()
    out: dict[tuple[str, int], tuple[str, str]] = {}
    added = _editors_notes(document)
    for note_id, note in document.notes.items():
        if note_id in added:
            continue
        marker = note.n or ""
        seen[marker] += 1
        out[(marker, seen[marker])] = (normalise(plain_text(note.content)), hosts.get(note_id, ""))
    return out


@dataclass(frozen=True)
class Apparatus:
    committed_notes: int
    draft_notes: int
    linked: int
    committed_bibl: int
    draft_bibl: int
    same_bibl: int


def compare_apparatus(draft: Document, committed: Document) -> Apparatus:
    """Notes linked to the same call with the same body; bibliography ids given alike."""
    theirs = _note_key_texts(committed)
    ours = _note_key_texts(draft)
    linked = sum(1 for key, value in theirs.items() if ours.get(key) == value)

    def entries(document: Document) -> dict[str, str]:
        return {key: normalise(plain_text(u.content)) for key, u in _bibl_units(document).items()}

    mine, target = entries(draft), entries(committed)
    return Apparatus(
        committed_notes=len(theirs),
        draft_notes=len(ours),
        linked=linked,
        committed_bibl=len(target),
        draft_bibl=len(mine),
        same_bibl=sum(1 for key, text in target.items() if mine.get(key) == text),
    )


def _bibl_units(document: Document) -> dict[str, Unit]:
    found: dict[str, Unit] = {}
    for block in iter_blocks(document.blocks):
        if isinstance(block, Unit) and block.tag == "bibl":
            ident = block.id or ""
            if ident.startswith("b-"):
                found[ident] = block
    return found
