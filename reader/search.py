"""Full-text search over every text and language: the matching shared by the API and the site.

``Library.search`` (the Python API) and the static search of the built site
(Pagefind, see ``reader.render.html.search`` and docs/search.md) match the same way:

* **folding**: case and diacritics are folded, and the Turkish dotless ``ı``
  meets ``i``, so "Cicerin" finds "Çiçerin", "istanbul" finds "İstanbul", and
  "ılgaz", "Ilgaz" and "ilgaz" all meet (:func:`fold`);
* **stemming by language**: each word is also compared by its Snowball stem in
  the passage's language (english, turkish, russian), so "договор" finds
  "договора" and "договором"; Turkish words are compared by one more key, a
  conservative suffix-stripped root (:func:`tr_root`), because the Snowball
  Turkish stemmer does not bring "kasaba" and "kasabası" together;
* **names**: a passage also answers to every name and spelling variant, in
  every language, of each entity it marks (``texts/entities.xml``), so
  "Chicherin" finds the Turkish "Çiçerin" and the Russian "Чичерина".

Every word of a query must match (in the text or in the names of the
passage's entities). A passage is a sentence (a group of aligned sentences of
a translation) or, for units without sentences (headings, bibliography
entries, some notes), the whole unit; each language version is searched in
its own language, so a hit names its language and carries the aligned text in
the text's other languages.

>>> fold("İstanbul") == fold("istanbul") == fold("ıstanbul")
True
>>> fold("Çiçerin"), fold("Ilgaz"), fold("ılgaz"), fold("Ёлка")
('cicerin', 'ilgaz', 'ilgaz', 'елка')
>>> tr_root(fold("kasabası")) == tr_root(fold("kasaba")) == tr_root(fold("kasabasında"))
True
>>> sorted(word_keys("договором", "ru"))
['договор', 'договором']
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import snowballstemmer  # type: ignore[import-untyped]
from pydantic import BaseModel, ConfigDict

from reader.align import AlignedText, Origin
from reader.corpus import AUTHORITY_FILE, LANGUAGES
from reader.entities import ENTITY_PREFIX, MENTION_TAGS, Entity, load_entities
from reader.errors import ReaderError
from reader.model import Inline, Link, Sentence, Span, Unit, plain_text
from reader.refs import unit_kind

#: Snowball algorithm of each language searched.
STEMMERS = {"en": "english", "tr": "turkish", "ru": "russian"}
#: How much a word counts when it matches the text as typed (folded), by its
#: stem or root, or only through the name of an entity the passage marks.
WEIGHT_EXACT = 1.0
WEIGHT_STEM = 0.8
WEIGHT_NAME = 0.6
SNIPPET = 200

#: A word: letters, digits, combining accents; apostrophes (also the modifier
#: letters ʹ ʺ ʻ ʼ that captures use as apostrophes) and hyphens split words.
_WORD = re.compile(r"(?:(?![\u02b9-\u02bc])[\w\u0300-\u036f])+")
_LATIN = re.compile(r"[a-z]+")
_VOWELS = frozenset("aeiou")

#: Turkish inflectional endings, folded (ı→i, ü→u, ş→s …), stripped from the
#: end of a word one at a time, longest first, while four letters and a vowel
#: remain (:func:`tr_root`). Chains (-lerinden, -sının) come off piece by
#: piece. The same list is in reader/render/html/static/search.js; a test holds
#: the two to the same results on every Turkish word of the corpus.
_SUFFIXES = "ler lar si su nin nun in un ni nu na ne nda nde ndan nden den dan ten tan de da te ta ki yle yla le la ye ya yi yu e a i u"
TR_SUFFIXES = tuple(sorted(_SUFFIXES.split(" "), key=lambda suffix: (-len(suffix), suffix)))
#: A root ending in a voiced stop takes its unvoiced form (kitabı → kitap).
TR_FINAL = {"b": "p", "d": "t", "g": "k"}


class UnknownSearchLanguage(ReaderError, ValueError):
    """A search restricted to a language the reader does not have."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        super().__init__(
            f"cannot search in {lang!r}; languages are: {', '.join(LANGUAGES)} (or None for all)"
        )


# --------------------------------------------------------------- analysis


def fold(text: str) -> str:
    """Lower case without diacritics; Turkish ``ı`` and ``İ`` become ``i``."""
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("ı", "i"))
    return "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))


def lower(text: str, lang: str) -> str:
    """Lower case by the rules of ``lang`` (Turkish: ``I`` → ``ı``, ``İ`` → ``i``)."""
    if lang == "tr":
        text = text.replace("I", "ı").replace("İ", "i")
    return unicodedata.normalize("NFC", text.lower())


def tokens(text: str) -> Iterator[tuple[str, int, int]]:
    """Each word of ``text`` with its start and end (apostrophes and hyphens split words)."""
    for match in _WORD.finditer(text):
        yield match.group(0), match.start(), match.end()


def tr_root(folded: str) -> str:
    """A Turkish word's root for matching: inflectional endings off, final stop unvoiced.

    Works on folded words (:func:`fold`); a word not in the Latin alphabet is
    returned as it is. Not a lemmatiser: a key that both a query and a text
    reduce to the same way.

    >>> [tr_root(fold(w)) for w in ("kasaba", "kasabası", "Kasabasına", "kitabı", "kitap")]
    ['kasap', 'kasap', 'kasap', 'kitap', 'kitap']
    >>> tr_root(fold("antlaşmasının")) == tr_root(fold("Antlaşma"))
    True
    """
    word = folded
    if not _LATIN.fullmatch(word):
        return word
    stripped = True
    while stripped:
        stripped = False
        for suffix in TR_SUFFIXES:
            rest = word[: -len(suffix)]
            if word.endswith(suffix) and len(rest) >= 4 and _VOWELS.intersection(rest):
                word = rest
                stripped = True
                break
    if word[-1] in TR_FINAL:
        word = word[:-1] + TR_FINAL[word[-1]]
    return word


@cache
def _stemmer(lang: str) -> Any:
    return snowballstemmer.stemmer(STEMMERS[lang])


def word_keys(word: str, lang: str) -> frozenset[str]:
    """Every key a word matches by in ``lang``: its folded form, its stems, its Turkish root."""
    return _keys(lower(word, lang), lang)


@lru_cache(maxsize=200_000)
def _keys(lowered: str, lang: str) -> frozenset[str]:
    folded = fold(lowered)
    keys = {folded}
    if lang in STEMMERS:
        stemmer = _stemmer(lang)
        keys.add(fold(stemmer.stemWord(lowered)))
        if folded != lowered:
            keys.add(fold(stemmer.stemWord(folded)))
    if lang == "tr":
        keys.add(tr_root(folded))
    keys.discard("")
    return frozenset(keys)


def extra_words(word: str, lang: str) -> list[str]:
    """What a static index needs beside ``word`` to match like :func:`word_keys`.

    Pagefind lower-cases, folds most diacritics and stems English, Russian and
    (with Snowball) Turkish itself; it does not fold ``ı`` or ``й``, and it has
    no Turkish root. Those forms are added to the record's content.
    """
    folded = fold(word)
    found = []
    if folded != lower(word, lang):
        found.append(folded)
    if lang == "tr":
        root = tr_root(folded)
        if root != folded:
            found.append(root)
    return found


# ----------------------------------------------------------------- results


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class AlignedVersion(_Frozen):
    """The same passage in another language of its text."""

    lang: str
    origin: Origin
    text: str


class SearchHit(_Frozen):
    """One passage that matches a query, in one language, with its aligned versions.

    ``ref`` is a reference for ``Library.passage`` (a sentence, or a unit
    without sentences); ``url`` is where the reader shows it, relative to the
    root of the built site; ``highlights`` are the (start, end) offsets in
    ``snippet`` of the words that matched; ``entities`` the ids of the
    entities through whose names it matched.
    """

    ref: str
    text_id: str
    lang: str
    kind: str
    title: str
    text: str
    snippet: str
    highlights: tuple[tuple[int, int], ...]
    score: float
    url: str
    aligned: tuple[AlignedVersion, ...]
    entities: tuple[str, ...] = ()


# ----------------------------------------------------------------- records


@dataclass(frozen=True)
class Record:
    """One searchable passage in one language: what both indexes are made of."""

    text_id: str
    item: str
    lang: str
    shown_lang: str
    kind: str
    title: str
    titles: tuple[tuple[str, str], ...]
    text: str
    url: str
    langs: tuple[str, ...]
    aligned: tuple[AlignedVersion, ...]
    mentions: tuple[tuple[str, str], ...]
    order: int

    @property
    def ref(self) -> str:
        return f"{self.text_id}:{self.item}"


def _plain(content: Sequence[Inline]) -> str:
    return " ".join(plain_text(tuple(content)).split())


def _mentions(content: Iterable[Inline]) -> Iterator[tuple[str, str]]:
    for node in content:
        if isinstance(node, Span):
            ref = node.attrs.get("ref", "")
            if node.tag in MENTION_TAGS and ref.startswith(ENTITY_PREFIX):
                yield ref[len(ENTITY_PREFIX) :], _plain(node.children)
            yield from _mentions(node.children)
        elif isinstance(node, Sentence | Link):
            yield from _mentions(node.children)


def _sentence_ids(sentence: Sentence) -> tuple[str, ...]:
    return sentence.renders or ((sentence.id,) if sentence.id else ())


def _groups(unit: Unit) -> list[list[Sentence]]:
    """The unit's sentences, a continuation (no id) joined to the sentence before it."""
    groups: list[list[Sentence]] = []
    for sentence in unit.sentences:
        if groups and sentence.id is None:
            groups[-1].append(sentence)
        else:
            groups.append([sentence])
    return [g for g in groups if _sentence_ids(g[0])]


def _title(aligned: AlignedText, lang: str) -> str:
    document = aligned.translations.get(lang)
    if document is not None:
        return document.header.short_title or document.header.title
    if lang == aligned.source.lang:
        return aligned.source.header.short_title or aligned.source.header.title
    return aligned.source.header.titles.get(lang) or aligned.source.header.short_title


def reader_url(aligned: AlignedText, lang: str, item: str) -> str:
    """The reader page showing ``item`` with ``lang`` first, beside the original (or a translation)."""
    langs = [code for code in LANGUAGES if code in aligned.languages]
    if lang not in langs:
        lang = aligned.source.lang
    other = (
        aligned.source.lang
        if lang != aligned.source.lang
        else next((code for code in langs if code != lang), None)
    )
    view = f"{lang}-{other}" if other else lang
    return f"{aligned.id}/{view}.html#{item}"


def records_of(aligned: AlignedText, start: int = 0) -> list[Record]:
    """Every searchable passage of a text, in every language it has, in reading order."""
    found: list[Record] = []
    langs = tuple(code for code in LANGUAGES if code in aligned.languages)
    titles = tuple((code, _title(aligned, code)) for code in langs)
    source_lang = aligned.source.lang
    for unit_id in aligned.citable_units():
        if aligned.source.units[unit_id].tag == "bibl":
            continue  # bibliography entries are not passages (Library.refs)
        for lang in aligned.languages:
            version = aligned.version(unit_id, lang)
            if version.origin == "missing":
                continue
            shown = version.text_lang
            if version.is_fallback and not (lang == source_lang and shown not in langs):
                continue  # the original is indexed in its own language
            index_lang = lang if lang in STEMMERS else source_lang
            pieces: list[tuple[str, tuple[str, ...], Sequence[Inline]]] = []
            for group in _groups(version.unit):
                ids = tuple(dict.fromkeys(i for s in group for i in _sentence_ids(s)))
                pieces.append((ids[0], ids, group))
            if not pieces:
                pieces.append((unit_id, (), version.unit.content))
            for item, ids, content in pieces:
                text = _plain_spaced(content)
                if not text:
                    continue
                found.append(
                    Record(
                        text_id=aligned.id,
                        item=item,
                        lang=index_lang,
                        shown_lang=shown,
                        kind=unit_kind(item),
                        title=_title(aligned, lang),
                        titles=titles,
                        text=text,
                        url=reader_url(aligned, lang, item),
                        langs=langs,
                        aligned=_aligned(aligned, unit_id, lang, ids),
                        mentions=tuple(dict.fromkeys(_mentions(content))),
                        order=start + len(found),
                    )
                )
    return found


def _plain_spaced(content: Sequence[Inline]) -> str:
    """Plain text of sentences (or a unit) with single spaces, as ``Library.passage`` gives it."""
    if content and all(isinstance(node, Sentence) for node in content):
        return " ".join(_plain(node.children) for node in content if isinstance(node, Sentence))
    return _plain(content)


def _aligned(
    aligned: AlignedText, unit_id: str, lang: str, ids: tuple[str, ...]
) -> tuple[AlignedVersion, ...]:
    versions = []
    wanted = set(ids)
    for other in aligned.languages:
        if other == lang:
            continue
        version = aligned.version(unit_id, other)
        if version.origin == "missing" or version.is_fallback:
            continue
        sentences = version.unit.sentences
        if wanted and sentences:
            chosen = [s for s in sentences if wanted.intersection(_sentence_ids(s))]
            text = " ".join(_plain(s.children) for s in chosen)
        else:
            text = _plain(version.unit.content)
        if text:
            versions.append(AlignedVersion(lang=other, origin=version.origin, text=text))
    return tuple(versions)


def build_records(texts: Mapping[str, AlignedText]) -> list[Record]:
    """The records of every text, in the order of ``texts``."""
    found: list[Record] = []
    for aligned in texts.values():
        found += records_of(aligned, start=len(found))
    return found


def entities_path(texts: Mapping[str, AlignedText]) -> Path | None:
    """The authority file beside the texts' source files (texts/entities.xml)."""
    for aligned in texts.values():
        return Path(aligned.source.path).parent / AUTHORITY_FILE
    return None


def entities_for(texts: Mapping[str, AlignedText]) -> dict[str, Entity]:
    path = entities_path(texts)
    return load_entities(path) if path is not None else {}


def entity_names(record: Record, entities: Mapping[str, Entity]) -> list[str]:
    """Every name and variant, in every language, of the entities the record marks."""
    names: dict[str, None] = {}
    for entity_id, _surface in record.mentions:
        entity = entities.get(entity_id)
        if entity is not None:
            for name in sorted(entity.all_names()):
                names[name] = None
    return list(names)


# ----------------------------------------------------------- the static index


def index_content(record: Record, entities: Mapping[str, Entity]) -> str:
    """What Pagefind indexes for a record: the text, then what our matching adds.

    The passage text; the folded forms and Turkish roots of its words that
    Pagefind would not derive itself (:func:`extra_words`); the names of the
    entities the passage marks, in all languages, with their folded forms and
    roots.
    """
    extra: dict[str, None] = {}
    for word, _start, _end in tokens(record.text):
        for form in extra_words(word, record.lang):
            extra[form] = None
    names = entity_names(record, entities)
    for name in names:
        for word, _start, _end in tokens(name):
            for form in extra_words(word, record.lang):
                extra[form] = None
    parts = [record.text]
    if extra:
        parts.append(" ".join(extra))
    if names:
        parts.append(" · ".join(names))
    return "\n".join(parts)


def index_meta(record: Record, entities: Mapping[str, Entity]) -> dict[str, str]:
    """What a static hit shows: the text, its aligned versions, where it is (all strings)."""
    marks = []
    for entity_id, surface in record.mentions:
        entity = entities.get(entity_id)
        if entity is None or not surface:
            continue
        keys = sorted({fold(word) for name in entity.all_names() for word, _s, _e in tokens(name)})
        marks.append([surface, " ".join(keys)])
    # No "title": Pagefind would index it as words of every passage of the text.
    return {
        "heading": record.title,
        "ref": record.ref,
        "text_id": record.text_id,
        "item": record.item,
        "lang": record.shown_lang,
        "url": record.url,
        "langs": " ".join(record.langs),
        "text": record.text,
        "titles": json.dumps(dict(record.titles), ensure_ascii=False),
        "aligned": json.dumps(
            [[v.lang, v.text] for v in record.aligned], ensure_ascii=False, separators=(",", ":")
        ),
        "marks": json.dumps(marks, ensure_ascii=False, separators=(",", ":")),
    }


# ---------------------------------------------------------------- names


def name_words(name: str) -> tuple[str, ...]:
    return tuple(word for word, _start, _end in tokens(name))


def entity_name_table(entities: Mapping[str, Entity]) -> dict[str, list[tuple[str, ...]]]:
    """Entity id → its names as word tuples, the shortest that cover the others.

    A name whose folded words include all the words of another of the same
    entity's names adds nothing to a search for that entity ("Georgy
    Chicherin" is found wherever "Chicherin" is), so it is left out.

    >>> from reader.entities import Entity
    >>> table = entity_name_table({"c": Entity("c", "person", {"en": "Georgy Chicherin",
    ...     "tr": "Georgi Çiçerin", "ru": "Г.В. Чичерин"}, {"en": ("Chicherin",),
    ...     "tr": ("Çiçerin", "Çiçerin'in"), "ru": ("Чичерин", "Чичерина")})})
    >>> [" ".join(words) for words in table["c"]]
    ['Chicherin', 'Çiçerin', 'Чичерин', 'Чичерина']
    """
    table: dict[str, list[tuple[str, ...]]] = {}
    for entity_id, entity in entities.items():
        names: dict[tuple[str, ...], tuple[str, ...]] = {}
        # A fixed language order: which spelling stands for a folded name must not
        # depend on set iteration (hash randomisation would change the output).
        for lang in sorted(entity.names.keys() | entity.variants.keys()):
            forms = [entity.names[lang]] if lang in entity.names else []
            for name in [*forms, *entity.variants.get(lang, ())]:
                words = name_words(name)
                if words:
                    names.setdefault(tuple(fold(w) for w in words), words)
        kept = [
            words
            for folded, words in names.items()
            if not any(set(other) < set(folded) for other in names if other != folded)
        ]
        table[entity_id] = sorted(kept, key=lambda words: (len(words), _script(words), words))
    return table


def _script(words: tuple[str, ...]) -> int:
    """Latin names first, then the rest (Cyrillic), for a stable order."""
    return 0 if _LATIN.fullmatch(fold("".join(words))) else 1


def names_index(entities: Mapping[str, Entity]) -> dict[tuple[str, ...], set[str]]:
    """Every name and variant of every entity, as folded words → the entities it names."""
    found: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for entity_id, entity in entities.items():
        for name in entity.all_names():
            words = tuple(fold(w) for w in name_words(name))
            if words:
                found[words].add(entity_id)
    return dict(found)


def name_span(
    words: Sequence[str], names: Mapping[tuple[str, ...], set[str]]
) -> tuple[int, int, set[str]] | None:
    """The longest run of query words (leftmost first) that is a name in the authority file."""
    folded = tuple(fold(w) for w in words)
    for length in range(len(folded), 0, -1):
        for start in range(0, len(folded) - length + 1):
            found = names.get(folded[start : start + length])
            if found:
                return start, start + length, set(found)
    return None


# ---------------------------------------------------------------- the index


@dataclass
class _Indexed:
    record: Record
    words: list[tuple[str, int, int, frozenset[str]]]  # folded word, start, end, keys
    names: dict[str, set[str]] = field(default_factory=dict)  # key → entity ids marked


@dataclass(frozen=True)
class _Variant:
    """One way a query can match: its words, each with the weight of a match."""

    words: tuple[tuple[str, float], ...]
    entities: frozenset[str] = frozenset()


class SearchIndex:
    """Records with their keys, and the query that :meth:`search` runs over them."""

    def __init__(self, records: Sequence[Record], entities: Mapping[str, Entity]) -> None:
        self.entities = entities
        self.names = names_index(entities)
        self.name_table = entity_name_table(entities)
        self.items: list[_Indexed] = []
        self.by_key: dict[str, dict[str, set[int]]] = {lang: defaultdict(set) for lang in STEMMERS}
        for number, record in enumerate(records):
            words = [
                (fold(word), start, end, word_keys(word, record.lang))
                for word, start, end in tokens(record.text)
            ]
            item = _Indexed(record, words)
            for entity_id, _surface in record.mentions:
                entity = entities.get(entity_id)
                if entity is None:
                    continue
                for name in entity.all_names():
                    for word in name_words(name):
                        for key in word_keys(word, record.lang):
                            item.names.setdefault(key, set()).add(entity_id)
            postings = self.by_key[record.lang]
            for _word, _start, _end, keys in words:
                for key in keys:
                    postings[key].add(number)
            for key in item.names:
                postings[key].add(number)
            self.items.append(item)
        lengths = [len(item.words) for item in self.items] or [1]
        self.average = sum(lengths) / len(lengths)

    @classmethod
    def build(cls, texts: Mapping[str, AlignedText], entities: Mapping[str, Entity]) -> SearchIndex:
        return cls(build_records(texts), entities)

    def variants(self, query: str) -> list[_Variant]:
        """The query as typed and, where a run of its words is a name, with each other name."""
        words = [word for word, _start, _end in tokens(query)]
        found = [_Variant(tuple((w, WEIGHT_EXACT) for w in words))]
        span = name_span(words, self.names)
        if span is None:
            return found
        start, end, entity_ids = span
        seen = {tuple(fold(w) for w in words)}
        for entity_id in sorted(entity_ids):
            for name in self.name_table.get(entity_id, []):
                replaced = (
                    *((w, WEIGHT_EXACT) for w in words[:start]),
                    *((w, WEIGHT_NAME) for w in name),
                    *((w, WEIGHT_EXACT) for w in words[end:]),
                )
                key = tuple(fold(w) for w, _weight in replaced)
                if key not in seen:
                    seen.add(key)
                    found.append(_Variant(replaced, frozenset({entity_id})))
        return found

    def search(self, query: str, lang: str | None = None, limit: int = 20) -> list[SearchHit]:
        """Passages matching every word of ``query``, best first (see the module's doc)."""
        if lang is not None and lang not in STEMMERS:
            raise UnknownSearchLanguage(lang)
        variants = self.variants(query)
        if not variants[0].words or limit <= 0:
            return []
        best: dict[int, tuple[float, list[tuple[int, int]], set[str]]] = {}
        for code in [lang] if lang else list(STEMMERS):
            for variant in variants:
                for number, score, spans, via in self._run(variant, code):
                    if number not in best or score > best[number][0]:
                        best[number] = (score, spans, via | variant.entities)
        ranked = sorted(
            best.items(),
            key=lambda entry: (-entry[1][0], self.items[entry[0]].record.order),
        )
        return [
            self._hit(self.items[number].record, score, spans, via)
            for number, (score, spans, via) in ranked[:limit]
        ]

    def _run(
        self, variant: _Variant, code: str
    ) -> Iterator[tuple[int, float, list[tuple[int, int]], set[str]]]:
        postings = self.by_key[code]
        total = len(self.items) or 1
        queries = [(fold(word), word_keys(word, code), weight) for word, weight in variant.words]
        matching: list[set[int]] = []
        for _folded, keys, _weight in queries:
            found: set[int] = set()
            for key in keys:
                found |= postings.get(key, set())
            matching.append(found)
        candidates = set.intersection(*matching) if matching else set()
        for number in sorted(candidates):
            item = self.items[number]
            score = 0.0
            spans: list[tuple[int, int]] = []
            via: set[str] = set()
            for (folded, keys, weight), found in zip(queries, matching, strict=True):
                idf = math.log(1 + (total - len(found) + 0.5) / (len(found) + 0.5))
                tf = 0.0
                for word, start, end, word_keys_ in item.words:
                    if folded == word:
                        tf += weight
                        spans.append((start, end))
                    elif keys & word_keys_:
                        tf += weight * WEIGHT_STEM
                        spans.append((start, end))
                if not tf:
                    # Only through the name of an entity the passage marks.
                    entity_ids = set().union(*(item.names.get(key, set()) for key in keys))
                    via |= entity_ids
                    tf = WEIGHT_NAME
                    for entity_id, surface in item.record.mentions:
                        at = item.record.text.find(surface) if entity_id in entity_ids else -1
                        if surface and at >= 0:
                            spans.append((at, at + len(surface)))
                norm = 1.2 * (0.25 + 0.75 * len(item.words) / self.average)
                score += idf * tf * 2.2 / (tf + norm)
            yield number, score, spans, via

    def _hit(
        self, record: Record, score: float, spans: list[tuple[int, int]], via: set[str]
    ) -> SearchHit:
        snippet, highlights = make_snippet(record.text, spans)
        return SearchHit(
            ref=record.ref,
            text_id=record.text_id,
            lang=record.shown_lang,
            kind=record.kind,
            title=record.title,
            text=record.text,
            snippet=snippet,
            highlights=highlights,
            score=round(score, 4),
            url=record.url,
            aligned=record.aligned,
            entities=tuple(sorted(via)),
        )


def make_snippet(
    text: str, spans: Sequence[tuple[int, int]], width: int = SNIPPET
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A window of ``text`` around the first match, and the matches' offsets in it.

    >>> make_snippet("one two three", [(4, 7)])
    ('one two three', ((4, 7),))
    >>> snippet, marks = make_snippet("word " * 100 + "target " + "word " * 100, [(500, 506)], 40)
    >>> snippet[marks[0][0] : marks[0][1]], snippet[0], snippet[-1]
    ('target', '…', '…')
    """
    merged: list[tuple[int, int]] = []
    for start, end in sorted(set(spans)):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    if len(text) <= width:
        return text, tuple(merged)
    first = merged[0][0] if merged else 0
    begin = max(0, first - width // 3)
    if begin:
        space = text.rfind(" ", 0, begin + 1)
        begin = space + 1 if space >= 0 and begin - space < 20 else begin
    end = min(len(text), begin + width)
    if end < len(text):
        space = text.find(" ", end)
        end = space if 0 <= space - end < 20 else end
    prefix = "…" if begin else ""
    suffix = "…" if end < len(text) else ""
    shift = len(prefix) - begin
    inside = tuple(
        (start + shift, min(stop, end) + shift)
        for start, stop in merged
        if start >= begin and start < end
    )
    return prefix + text[begin:end] + suffix, inside


__all__ = [
    "STEMMERS",
    "TR_SUFFIXES",
    "AlignedVersion",
    "Record",
    "SearchHit",
    "SearchIndex",
    "UnknownSearchLanguage",
    "build_records",
    "entities_for",
    "entity_name_table",
    "entity_names",
    "extra_words",
    "fold",
    "index_content",
    "index_meta",
    "lower",
    "make_snippet",
    "name_span",
    "name_words",
    "names_index",
    "records_of",
    "tokens",
    "tr_root",
    "word_keys",
]
