"""The on-disk search index: a Tantivy index of the records, with the corpus state it holds.

One Tantivy document per record (:class:`reader.search.records.Record`), with
our analysis done in Python (:mod:`reader.search.analysis`) and handed to
Tantivy as whitespace-separated tokens, each prefixed with its language
(``tr|kasap``), so that a key only meets the keys of its own language:

* ``exact``: the folded words of the passage (weight 1);
* ``keys``: every key of every word: folded form, Snowball stems, Turkish
  root (weight 0.8);
* ``names``: the keys of every name, in every language, of the entities the
  passage marks (weight 0.6);
* ``context``: a fast field that multiplies the score
  (:func:`reader.search.records.context_weight`); ``order``: reading order
  within the text (ties are shown in reading order);
* ``record``: the stored record, what a hit shows.

One more document per text holds the digest of its files (``kind=text``), and
one holds the state of the whole index (``kind=meta``: the digests of the
authority file and of the code that made the records, and the name tables a
query expands with). They are committed with the records, in one Tantivy
commit: the state an index says it holds is always the state it holds.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tantivy

from reader.align import AlignedText
from reader.entities import Entity
from reader.search.analysis import fold, folded_and_keys, tokens
from reader.search.names import entity_name_table, name_languages, name_words, names_index
from reader.search.records import Record, context_weight, records_of

#: Bump when the schema or the meaning of a field changes.
SCHEMA_VERSION = 2
#: Tantivy's indexing memory (split over its threads): bounds the build's memory.
WRITER_HEAP = 48_000_000


def schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("kind", tokenizer_name="raw", index_option="basic")
    builder.add_text_field("text_id", tokenizer_name="raw", index_option="basic", stored=True)
    builder.add_text_field("exact", tokenizer_name="whitespace", index_option="freq")
    builder.add_text_field("keys", tokenizer_name="whitespace", index_option="freq")
    builder.add_text_field("names", tokenizer_name="whitespace", index_option="freq")
    builder.add_float_field("context", fast=True)
    builder.add_unsigned_field("order", fast=True)
    builder.add_bytes_field("record", stored=True)
    return builder.build()


# ------------------------------------------------------------- documents


def record_tokens(record: Record, entities: Mapping[str, Entity]) -> tuple[str, str, str]:
    """The tokens of a record's three matching fields (exact, keys, names), space-separated."""
    lang = record.lang
    exact: list[str] = []
    keys: dict[str, None] = {}
    for word, _start, _end in tokens(record.text):
        folded, word_keys = folded_and_keys(word, lang)
        exact.append(f"{lang}|{folded}")
        for key in word_keys:
            keys[f"{lang}|{key}"] = None
    names: dict[str, None] = {}
    for entity_id, _surface in record.mentions:
        entity = entities.get(entity_id)
        if entity is None:
            continue
        for name in sorted(entity.all_names()):
            for word in name_words(name):
                for key in folded_and_keys(word, lang)[1]:
                    names[f"{lang}|{key}"] = None
    return " ".join(exact), " ".join(keys), " ".join(names)


def context_value(exact: str) -> float:
    """The ``context`` field of a record: Tantivy multiplies its score by log2(2 + value)."""
    return float(2.0 ** context_weight(exact.count(" ") + 1 if exact else 0) - 2.0)


def record_document(record: Record, entities: Mapping[str, Entity]) -> tantivy.Document:
    """The Tantivy document of a record: its tokens, weight, order and what a hit shows."""
    exact, keys, names = record_tokens(record, entities)
    document = tantivy.Document()
    document.add_text("kind", "record")
    document.add_text("text_id", record.text_id)
    document.add_text("exact", exact)
    document.add_text("keys", keys)
    if names:
        document.add_text("names", names)
    document.add_float("context", context_value(exact))
    document.add_unsigned("order", record.order)
    document.add_bytes(
        "record", json.dumps(stored_record(record), ensure_ascii=False).encode("utf-8")
    )
    return document


def stored_record(record: Record) -> dict[str, Any]:
    return {
        "text_id": record.text_id,
        "item": record.item,
        "lang": record.lang,
        "shown": record.shown_lang,
        "kind": record.kind,
        "title": record.title,
        "text": record.text,
        "url": record.url,
        "aligned": [[v.lang, v.origin, v.text] for v in record.aligned],
        "mentions": [list(m) for m in record.mentions],
        "order": record.order,
        "label": list(record.label),
    }


def text_document(text_id: str, digest: str) -> tantivy.Document:
    document = tantivy.Document()
    document.add_text("kind", "text")
    document.add_text("text_id", text_id)
    document.add_bytes("record", digest.encode())
    return document


@dataclass(frozen=True)
class IndexMeta:
    """What an index holds beside its records: the state it was made from, the name tables."""

    schema: int
    code: str
    entities: str
    #: folded name (its words joined by spaces) → the entities it names
    names: dict[str, list[str]] = field(default_factory=dict)
    #: entity → the names a search for it runs, each as [name, its languages]
    table: dict[str, list[list[str]]] = field(default_factory=dict)

    @classmethod
    def of(cls, code: str, entities_digest: str, entities: Mapping[str, Entity]) -> IndexMeta:
        names = {
            " ".join(words): sorted(ids) for words, ids in sorted(names_index(entities).items())
        }
        langs = name_languages(entities)
        table = {
            entity_id: [
                [" ".join(words), " ".join(langs[entity_id][tuple(fold(w) for w in words)])]
                for words in names
            ]
            for entity_id, names in sorted(entity_name_table(entities).items())
        }
        return cls(SCHEMA_VERSION, code, entities_digest, names, table)

    def document(self) -> tantivy.Document:
        document = tantivy.Document()
        document.add_text("kind", "meta")
        document.add_bytes("record", json.dumps(self.__dict__, ensure_ascii=False).encode())
        return document

    def same_making(self, other: IndexMeta) -> bool:
        """Whether records made under ``other`` are the records this state would make."""
        return (self.schema, self.code, self.entities) == (other.schema, other.code, other.entities)


# ----------------------------------------------------------------- reading


def _kind_query(index: tantivy.Index, kind: str) -> tantivy.Query:
    return tantivy.Query.term_query(index.schema, "kind", kind)


def read_meta(index: tantivy.Index) -> IndexMeta | None:
    searcher = index.searcher()
    found = searcher.search(_kind_query(index, "meta"), 1, count=False).hits
    if not found:
        return None
    data = json.loads(bytes(searcher.doc(found[0][1])["record"][0]))
    known = {name for name in IndexMeta.__dataclass_fields__}
    try:
        return IndexMeta(**{key: value for key, value in data.items() if key in known})
    except TypeError:  # made by another version: its records are made again
        return None


def read_digests(index: tantivy.Index) -> dict[str, str]:
    """Text id → digest of its files, as the index holds them."""
    searcher = index.searcher()
    query = _kind_query(index, "text")
    counted = searcher.search(query, 1, count=True)
    total = int(getattr(counted, "count", None) or searcher.num_docs)  # (count is not in the stubs)
    digests: dict[str, str] = {}
    if total:
        for _score, address in searcher.search(query, total, count=False).hits:
            document = searcher.doc(address)
            digests[document["text_id"][0]] = bytes(document["record"][0]).decode()
    return digests


# ----------------------------------------------------------------- writing


Progress = Callable[[int, int, str], None]


@dataclass
class Written:
    """What an update did."""

    indexed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept: int = 0
    records: int = 0


def update(
    directory: Path,
    digests: Mapping[str, str],
    meta: IndexMeta,
    load: Callable[[str], AlignedText],
    entities: Mapping[str, Entity],
    *,
    progress: Progress | None = None,
) -> Written:
    """Make the index in ``directory`` hold exactly the texts of ``digests``, in one commit.

    Only texts whose digest differs from the index's (or all, if the authority
    file, the code or the schema changed) are read with ``load`` and indexed;
    texts no longer in the corpus are removed. Nothing is visible until the
    final commit, so a process killed midway leaves the previous state whole.
    """
    directory.mkdir(parents=True, exist_ok=True)
    exists = tantivy.Index.exists(str(directory))
    index = tantivy.Index(schema(), path=str(directory), reuse=exists)
    old_meta = read_meta(index) if exists else None
    old = read_digests(index) if old_meta is not None and old_meta.same_making(meta) else {}
    written = Written()
    writer = index.writer(heap_size=WRITER_HEAP, num_threads=1)
    if not old:
        writer.delete_all_documents()
    wanted = [text_id for text_id, digest in digests.items() if old.get(text_id) != digest]
    written.removed = sorted(set(old) - set(digests))
    for text_id in [*written.removed, *wanted]:
        if text_id in old:
            writer.delete_documents_by_term("text_id", text_id)
    writer.delete_documents_by_term("kind", "meta")
    for done, text_id in enumerate(wanted):
        if progress is not None:
            progress(done, len(wanted), text_id)
        aligned = load(text_id)
        records = records_of(aligned)
        for record in records:
            writer.add_document(record_document(record, entities))
        writer.add_document(text_document(text_id, digests[text_id]))
        written.records += len(records)
        written.indexed.append(text_id)
    written.kept = len(digests) - len(wanted)
    writer.add_document(meta.document())
    writer.commit()
    writer.wait_merging_threads()
    if progress is not None:
        progress(len(wanted), len(wanted), "")
    return written


def open_index(directory: Path) -> tantivy.Index:
    return tantivy.Index.open(str(directory))


__all__ = [
    "SCHEMA_VERSION",
    "IndexMeta",
    "Progress",
    "Written",
    "context_value",
    "open_index",
    "read_digests",
    "read_meta",
    "record_document",
    "record_tokens",
    "schema",
    "update",
]
