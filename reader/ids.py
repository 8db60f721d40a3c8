"""IDs are forever: the registry of every published passage id.

``texts/ids.json`` records, for every source text, each citable id (units,
sentences, bibliography entries, comments) with a hash of its text. The test
suite compares the corpus with it:

* an id that disappeared is an error — a citation somewhere would break;
* an id whose text changed must be recorded as a revision (``reader ids
  revise TEXT:ID --reason …``), never rewritten silently;
* a new id must be registered (``reader ids register``) when it is published.

``reader validate`` and ``reader build`` apply the same comparison
(:func:`published_problems`): an id that disappeared, or a passage that
moved to another id (renumbered), is an error naming the id and the file; a
text changed without a recorded revision is a warning.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.corpus import Corpus
from reader.errors import Problem
from reader.model import Document, plain_text
from reader.tei.read import read

REGISTRY = "ids.json"


def fingerprint(text: str) -> str:
    """A short stable hash of a passage's text (whitespace-normalised)."""
    normal = " ".join(text.split())
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:16]


def current_ids(document: Document) -> dict[str, str]:
    """Every citable id of a source document with the fingerprint of its text."""
    found: dict[str, str] = {}
    for unit_id, unit in document.units.items():
        found[unit_id] = fingerprint(plain_text(unit.content))
    for sentence_id, (_unit, sentence) in document.sentences.items():
        found[sentence_id] = fingerprint(plain_text(sentence.children))
    return dict(sorted(found.items()))


@dataclass
class Registry:
    path: Path
    data: dict[str, Any]

    @classmethod
    def open(cls, corpus: Corpus) -> Registry:
        path = corpus.texts_dir / REGISTRY
        data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        return cls(path, data)

    def save(self) -> None:
        self.path.write_text(
            json.dumps(self.data, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
            encoding="utf-8",
        )

    def ids(self, text_id: str) -> dict[str, str]:
        return dict(self.data.get(text_id, {}).get("ids", {}))


@dataclass(frozen=True)
class Finding:
    text_id: str
    id: str
    kind: str  # "disappeared" | "changed" | "unregistered"

    def __str__(self) -> str:
        ref = f"{self.text_id}:{self.id}"
        if self.kind == "disappeared":
            return f"{ref}: this published id no longer exists (ids are forever)"
        if self.kind == "changed":
            return (
                f"{ref}: its text changed without a recorded revision "
                f"(reader ids revise {ref} --reason '…')"
            )
        return f"{ref}: not in the registry (reader ids register)"


def check(corpus: Corpus, registry: Registry | None = None) -> list[Finding]:
    """Compare the corpus with the registry."""
    registry = registry or Registry.open(corpus)
    findings: list[Finding] = []
    for text_id in corpus.text_ids():
        now = current_ids(read(corpus.source_path(text_id)))
        known = registry.ids(text_id)
        for id_, digest in known.items():
            if id_ not in now:
                findings.append(Finding(text_id, id_, "disappeared"))
            elif now[id_] != digest:
                findings.append(Finding(text_id, id_, "changed"))
        findings += [Finding(text_id, id_, "unregistered") for id_ in now if id_ not in known]
    return findings


def register(corpus: Corpus) -> int:
    """Add every new id to the registry; returns how many were added."""
    corpus.refuse_changes("register ids")
    registry = Registry.open(corpus)
    added = 0
    for text_id in corpus.text_ids():
        now = current_ids(read(corpus.source_path(text_id)))
        entry = registry.data.setdefault(text_id, {"ids": {}, "revisions": []})
        for id_, digest in now.items():
            if id_ not in entry["ids"]:
                entry["ids"][id_] = digest
                added += 1
    registry.save()
    return added


def revise(corpus: Corpus, text_id: str, id_: str, reason: str) -> str:
    """Record that the text of ``id_`` changed, and why; returns the new fingerprint."""
    corpus.refuse_changes("revise an id")
    registry = Registry.open(corpus)
    now = current_ids(read(corpus.source_path(text_id)))
    if id_ not in now:
        raise KeyError(f"{text_id}:{id_} does not exist; an id cannot be revised away")
    entry = registry.data.setdefault(text_id, {"ids": {}, "revisions": []})
    old = entry["ids"].get(id_)
    entry["ids"][id_] = now[id_]
    entry["revisions"].append(
        {
            "id": id_,
            "old": old,
            "new": now[id_],
            "reason": reason,
            "date": dt.date.today().isoformat(),
        }
    )
    registry.save()
    return now[id_]


def published_problems(
    corpus: Corpus, documents: dict[str, Document] | None = None
) -> list[Problem]:
    """The registry's findings as located problems, for ``reader validate`` and the build.

    ``documents`` are the sources already read (text id → document; the
    others are read here). Errors: a published id that no longer exists (in
    the text, or with its whole file), and a renumbering — a published id
    whose passage now stands under another id. A warning: a passage whose text
    changed without a recorded revision. New ids are not reported (they are
    registered when published).
    """
    registry = Registry.open(corpus)
    if not registry.data:
        return []
    problems: list[Problem] = []
    shown_registry = str(registry.path)
    present = set(corpus.text_ids())
    for text_id in sorted(registry.data):
        known = registry.ids(text_id)
        if not known:
            continue
        path = corpus.source_path(text_id)
        if text_id not in present:
            problems.append(
                Problem(
                    str(path),
                    0,
                    f"text {text_id!r} was published with {len(known)} ids ({shown_registry}) "
                    "and its file is gone: ids are forever; restore the file",
                )
            )
            continue
        document = (documents or {}).get(text_id) or read(path)
        now = current_ids(document)
        order = sorted(known, key=_natural)
        moved_to = {digest: id_ for id_, digest in now.items() if known.get(id_) != digest}
        for id_, digest in known.items():
            ref = f"{text_id}:{id_}"
            if id_ not in now:
                where = (
                    f"; its passage is now {text_id}:{moved_to[digest]}"
                    if digest in moved_to
                    else ""
                )
                problems.append(
                    Problem(
                        str(path),
                        _line_near(document, id_, order),
                        f"{ref} was published ({shown_registry}) and no longer exists{where}: "
                        "ids are forever; restore it (a passage withdrawn from the edition keeps "
                        "its id)",
                    )
                )
            elif now[id_] != digest:
                if digest in moved_to and moved_to[digest] != id_:
                    problems.append(
                        Problem(
                            str(path),
                            _line_of(document, id_),
                            f"{ref} was renumbered: the passage published as {ref} is now "
                            f"{text_id}:{moved_to[digest]}, and {ref} names another passage; "
                            "ids are forever: give new passages new ids",
                        )
                    )
                else:
                    problems.append(
                        Problem(
                            str(path),
                            _line_of(document, id_),
                            f"{ref}: its text changed without a recorded revision "
                            f"(reader ids revise {ref} --reason '…')",
                            level="warning",
                        )
                    )
    return problems


def _line_of(document: Document, id_: str) -> int:
    """The line of a unit or sentence of ``document`` (0 if it has none)."""
    if id_ in document.sentences:
        return document.sentences[id_][1].line
    unit = document.units.get(id_)
    return unit.line if unit is not None else 0


def _natural(id_: str) -> list[tuple[int, int | str]]:
    """Sort key of an id in reading order: numbers as numbers (``p2`` before ``p19``).

    >>> sorted(["p20", "p2.s1", "p19", "p2", "n16"], key=_natural)
    ['n16', 'p2', 'p2.s1', 'p19', 'p20']
    """
    return [(1, int(part)) if part.isdigit() else (0, part) for part in re.findall(r"\d+|\D+", id_)]


def _line_near(document: Document, id_: str, published: Sequence[str] = ()) -> int:
    """For an id that is gone: the line of its unit (a sentence's), else of the nearest
    unit before it that still exists (``published``: the published ids in reading
    order), else 0.
    """
    unit_id = id_.split(".", 1)[0]
    if unit_id != id_ and unit_id in document.units:
        return document.units[unit_id].line
    if id_ in published:
        for earlier in reversed(published[: list(published).index(id_)]):
            unit = document.units.get(earlier.split(".", 1)[0])
            if unit is not None and unit.line:
                return unit.line
    return 0
