"""A query over the on-disk index: variants through names, one Tantivy query, hits with snippets.

Every word of the query must match a passage: in its folded form (weight 1),
by a shared key (stem, Turkish root; weight 0.8) or through the name of an
entity the passage marks (0.6). Where a run of the query's words is a name in
the authority file, the query also runs with each other name of that entity
(weight 0.6; function words such as "and", "ve", "и" left out of the other
names). All of it is one Tantivy query: a disjunction (best of) over
languages and variants of a conjunction over words of a disjunction (best
of) over the three ways a word matches. Tantivy scores with BM25, multiplied
by how much the passage is a passage in context
(:func:`reader.search.records.context_weight`), and keeps the best ``limit``.
Snippets and highlights are made for those hits only.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tantivy

from reader.search.analysis import NAME_STOP_WORDS, STEMMERS, fold, folded_and_keys, tokens
from reader.search.hits import (
    MAX_QUERY_CHARS,
    MAX_QUERY_WORDS,
    AlignedVersion,
    QueryTooLong,
    SearchHit,
    UnknownSearchLanguage,
    label_text,
    make_snippet,
)
from reader.search.index import IndexMeta, open_index, read_meta
from reader.search.names import name_span

#: How much a word counts when it matches the text as typed (folded), by its
#: stem or root, or only through the name of an entity the passage marks.
WEIGHT_EXACT = 1.0
WEIGHT_STEM = 0.8
WEIGHT_NAME = 0.6


@dataclass(frozen=True)
class Variant:
    """One way a query can match: its words, each with the weight of a match."""

    words: tuple[tuple[str, float], ...]
    entities: frozenset[str] = frozenset()
    langs: frozenset[str] | None = None  # the languages it runs in (None: all)


def query_words(query: str) -> list[str]:
    """The words of a query, within the limits (:class:`QueryTooLong` past them)."""
    if len(query) > MAX_QUERY_CHARS:
        raise QueryTooLong(len(query), sum(1 for _ in tokens(query)))
    words = [word for word, _start, _end in tokens(query)]
    if len(words) > MAX_QUERY_WORDS:
        raise QueryTooLong(len(query), len(words))
    return words


class Engine:
    """An opened index: answers queries until closed (a Tantivy searcher over mmapped files)."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.index = open_index(directory)
        self.schema = self.index.schema
        meta = read_meta(self.index)
        if meta is None:
            raise ValueError(f"{directory}: not a complete search index (no meta document)")
        self.meta: IndexMeta = meta
        self.names = {tuple(name.split(" ")): set(ids) for name, ids in meta.names.items()}
        self.entity_names: dict[str, list[str]] = defaultdict(list)
        for name, ids in meta.names.items():
            for entity_id in ids:
                self.entity_names[entity_id].extend(name.split(" "))
        self._entity_keys: dict[tuple[str, str], frozenset[str]] = {}
        self.searcher = self.index.searcher()

    # -- the query --------------------------------------------------------------

    def variants(self, words: Sequence[str]) -> list[Variant]:
        """The query as typed and, where a run of its words is a name, with each other name."""
        found = [Variant(tuple((w, WEIGHT_EXACT) for w in words))]
        span = name_span(words, self.names)
        if span is None:
            return found
        start, end, entity_ids = span
        seen = {tuple(fold(w) for w in words)}
        for entity_id in sorted(entity_ids):
            for name, name_langs in self.meta.table.get(entity_id, []):
                name_words = [w for w in name.split(" ") if fold(w) not in NAME_STOP_WORDS]
                replaced = (
                    *((w, WEIGHT_EXACT) for w in words[:start]),
                    *((w, WEIGHT_NAME) for w in name_words or name.split(" ")),
                    *((w, WEIGHT_EXACT) for w in words[end:]),
                )
                key = tuple(fold(w) for w, _weight in replaced)
                if key not in seen:
                    seen.add(key)
                    langs = frozenset(name_langs.split()) & frozenset(STEMMERS) or None
                    found.append(Variant(replaced, frozenset({entity_id}), langs))
        return found

    def _term(self, field: str, value: str) -> tantivy.Query:
        return tantivy.Query.term_query(self.schema, field, value, index_option="freq")

    def _word(self, word: str, weight: float, lang: str) -> tantivy.Query:
        """A word's three ways to match, summed: as typed, by a key, through a marked name.

        A flat disjunction of term queries: Tantivy skips through it inside the
        conjunction of the words (a disjunction-max of sub-queries here made
        "Moscow treaty" thirty times slower at 10x the corpus).
        """
        folded, keys = folded_and_keys(word, lang)
        clauses = [
            (
                tantivy.Occur.Should,
                tantivy.Query.boost_query(self._term("exact", f"{lang}|{folded}"), weight),
            )
        ]
        for key in sorted(keys):
            clauses.append(
                (
                    tantivy.Occur.Should,
                    tantivy.Query.boost_query(
                        self._term("keys", f"{lang}|{key}"), weight * WEIGHT_STEM
                    ),
                )
            )
            clauses.append(
                (
                    tantivy.Occur.Should,
                    tantivy.Query.boost_query(self._term("names", f"{lang}|{key}"), WEIGHT_NAME),
                )
            )
        return tantivy.Query.boolean_query(clauses)

    def query(self, variants: Sequence[Variant], langs: Sequence[str]) -> tantivy.Query:
        alternatives = []
        for lang in langs:
            for variant in variants:
                if variant.langs is not None and lang not in variant.langs:
                    continue
                alternatives.append(
                    tantivy.Query.boolean_query(
                        [
                            (tantivy.Occur.Must, self._word(word, weight, lang))
                            for word, weight in variant.words
                        ]
                    )
                )
        return tantivy.Query.disjunction_max_query(alternatives, 0.0)

    # -- searching ----------------------------------------------------------------

    def search(self, query: str, lang: str | None = None, limit: int = 20) -> list[SearchHit]:
        """Passages matching every word of ``query``, best first (see the module's doc)."""
        if lang is not None and lang not in STEMMERS:
            raise UnknownSearchLanguage(lang)
        words = query_words(query)
        if not words or limit <= 0:
            return []
        variants = self.variants(words)
        langs = [lang] if lang else list(STEMMERS)
        found = self.searcher.search(
            self.query(variants, langs), limit, count=False, weight_by_field="context"
        ).hits
        records = [
            (score, json.loads(bytes(self.searcher.doc(address)["record"][0])))
            for score, address in found
        ]
        records.sort(
            key=lambda entry: (-round(entry[0], 4), entry[1]["text_id"], entry[1]["order"])
        )
        return [self._hit(record, score, variants) for score, record in records]

    def _hit(self, record: dict[str, Any], score: float, variants: Sequence[Variant]) -> SearchHit:
        spans, via = self._marks(record, variants)
        snippet, highlights = make_snippet(record["text"], spans)
        return SearchHit(
            ref=f"{record['text_id']}:{record['item']}",
            text_id=record["text_id"],
            lang=record["shown"],
            kind=record["kind"],
            title=record["title"],
            text=record["text"],
            snippet=snippet,
            highlights=highlights,
            score=round(score, 4),
            url=record["url"],
            aligned=tuple(
                AlignedVersion(lang=lang, origin=origin, text=text)
                for lang, origin, text in record["aligned"]
            ),
            entities=tuple(sorted(via)),
            label=label_text(record["label"]),
        )

    def _name_keys(self, entity_id: str, lang: str) -> frozenset[str]:
        """Every key, in ``lang``, of the words of every name of an entity (cached)."""
        found = self._entity_keys.get((entity_id, lang))
        if found is None:
            found = frozenset(
                key
                for word in self.entity_names.get(entity_id, ())
                for key in folded_and_keys(word, lang)[1]
            )
            self._entity_keys[entity_id, lang] = found
        return found

    def _marks(
        self, record: dict[str, Any], variants: Sequence[Variant]
    ) -> tuple[list[tuple[int, int]], set[str]]:
        """The spans of the words that matched, and the entities matched through."""
        lang = record["lang"]
        text = record["text"]
        wanted_folded: set[str] = set()
        wanted_keys: set[str] = set()
        for variant in variants:
            for word, _weight in variant.words:
                folded, keys = folded_and_keys(word, lang)
                wanted_folded.add(folded)
                wanted_keys |= keys
        # Only the words of the text that meet a word of the query are kept.
        by_folded: dict[str, list[tuple[int, int]]] = defaultdict(list)
        by_key: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for word, start, end in tokens(text):
            folded, keys = folded_and_keys(word, lang)
            if folded in wanted_folded or not wanted_keys.isdisjoint(keys):
                by_folded[folded].append((start, end))
                for key in keys & wanted_keys:
                    by_key[key].append((start, end))
        mentions = [(entity_id, surface) for entity_id, surface in record["mentions"]]
        # The first variant that matches is the one shown: the query as typed, else
        # the first other name (the engine matched at least one of them).
        for variant in variants:
            if variant.langs is not None and lang not in variant.langs:
                continue
            spans: list[tuple[int, int]] = []
            via: set[str] = set(variant.entities)
            for word, _weight in variant.words:
                folded, keys = folded_and_keys(word, lang)
                direct = by_folded.get(folded, [])
                stemmed = [span for key in keys for span in by_key.get(key, ())]
                if direct or stemmed:
                    spans += direct + stemmed
                    continue
                through = {
                    entity_id
                    for entity_id, _surface in mentions
                    if keys & self._name_keys(entity_id, lang)
                }
                if not through:
                    break
                via |= through
                for entity_id, surface in mentions:
                    at = text.find(surface) if entity_id in through and surface else -1
                    if at >= 0:
                        spans.append((at, at + len(surface)))
            else:
                return spans, via
        return [], set()


__all__ = ["WEIGHT_EXACT", "WEIGHT_NAME", "WEIGHT_STEM", "Engine", "Variant", "query_words"]
