"""The searchable passages of a text: one record per passage and language.

Both indexes are made of these records: the on-disk index of ``lib.search``
(:mod:`reader.search.index`) and the static Pagefind index of the site
(``reader.render.html.search``), so both search the same passages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from reader.align import AlignedText
from reader.corpus import AUTHORITY_FILE, LANGUAGES
from reader.entities import Entity, load_entities, mentions_in
from reader.model import Container, Inline, Sentence, Unit, collapsed_text
from reader.refs import unit_kind
from reader.search.analysis import STEMMERS, extra_words, fold, tokens, words_of
from reader.search.hits import AlignedVersion, label_text

#: A record of fewer words than this is an entry (a keyword, a signature, a
#: caption), not a passage with the query in context: it ranks lower
#: (:func:`context_weight`).
CONTEXT_WORDS = 8


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
    label: tuple[str, str, str] = ("unit", "", "")

    @property
    def ref(self) -> str:
        return f"{self.text_id}:{self.item}"

    @property
    def label_text(self) -> str:
        return label_text(self.label)

    @property
    def words(self) -> int:
        return len(words_of(self.text))


def context_weight(words: int) -> float:
    """How much a record's score is multiplied by: 1 for one word, 4 for a passage in context.

    Scores of short records are high (a keyword that is the query is all
    match), yet a reader looks for the passages that say something with the
    query in them (issue 15): entries of a word or two rank after them.

    >>> [round(context_weight(n), 2) for n in (1, 2, 4, 8, 40)]
    [1.0, 1.43, 2.29, 4.0, 4.0]
    """
    return 1.0 + 3.0 * (min(max(words, 1), CONTEXT_WORDS) - 1) / (CONTEXT_WORDS - 1)


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


def unit_labels(aligned: AlignedText) -> dict[str, tuple[str, str]]:
    """Unit id → (kind, number) for a reader: keywords counted in their list, notes by their mark."""
    labels = labels_of(aligned.source.blocks)
    for note_id, note in aligned.source.notes.items():
        labels[note_id] = ("note", note.n or note_id.removeprefix("n"))
    return labels


def labels_of(blocks: Iterable[object]) -> dict[str, tuple[str, str]]:
    """Unit id → (kind, number) of every unit of ``blocks``, depth first.

    >>> from reader.model import Container, Unit
    >>> labels_of([Container(tag="list", type="keywords", lang="en", children=(
    ...     Unit(tag="item", id="i1", lang="en"), Unit(tag="item", id="i2", lang="en")))])
    {'i1': ('keyword', '1'), 'i2': ('keyword', '2')}
    """
    found: dict[str, tuple[str, str]] = {}

    def walk(blocks: Iterable[object], keywords: bool) -> None:
        position = 0
        for block in blocks:
            if isinstance(block, Container):
                walk(block.children, block.type == "keywords")
            elif isinstance(block, Unit) and block.id:
                position += 1
                kind = unit_kind(block.id)
                number = (re.findall(r"\d+", block.id) or [""])[0]
                if keywords and block.tag == "item":
                    kind, number = "keyword", str(position)
                elif kind == "item" and block.n:
                    number = block.n.strip(" -.)")
                found[block.id] = (kind, number)

    walk(blocks, False)
    return found


def records_of(aligned: AlignedText, start: int = 0) -> list[Record]:
    """Every searchable passage of a text, in every language it has, in reading order."""
    found: list[Record] = []
    langs = tuple(code for code in LANGUAGES if code in aligned.languages)
    titles = tuple((code, _title(aligned, code)) for code in langs)
    source_lang = aligned.source.lang
    labels = unit_labels(aligned)
    for unit_id in aligned.citable_units():
        if aligned.source.units[unit_id].tag == "bibl":
            continue  # bibliography entries are not passages (Library.refs)
        kind_number = labels.get(unit_id, ("unit", unit_id))
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
                sentence = item.partition(".")[2].removeprefix("s")
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
                        mentions=tuple(dict.fromkeys(mentions_in(tuple(content)))),
                        order=start + len(found),
                        label=(*kind_number, sentence),
                    )
                )
    return found


def _plain_spaced(content: Sequence[Inline]) -> str:
    """Plain text of sentences (or a unit) with single spaces, as ``Library.passage`` gives it."""
    if content and all(isinstance(node, Sentence) for node in content):
        return " ".join(
            collapsed_text(node.children) for node in content if isinstance(node, Sentence)
        )
    return collapsed_text(tuple(content))


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
            text = " ".join(collapsed_text(s.children) for s in chosen)
        else:
            text = collapsed_text(version.unit.content)
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


def index_meta(record: Record, entities: Mapping[str, Entity]) -> dict[str, object]:
    """What a static hit shows that its indexed content does not hold.

    Kept out of Pagefind's ``meta``, which Pagefind indexes as words: the
    titles there made every passage of karakus an answer to "soviet", and the
    aligned versions put Turkish and Russian words into the English index.
    """
    marks = []
    for entity_id, surface in record.mentions:
        entity = entities.get(entity_id)
        if entity is None or not surface:
            continue
        keys = sorted({fold(word) for name in entity.all_names() for word, _s, _e in tokens(name)})
        marks.append([surface, " ".join(keys)])
    return {
        "ref": record.ref,
        "lang": record.shown_lang,
        "text": record.text,
        "url": record.url,
        "heading": record.title,
        "label": list(record.label),
        "aligned": [[v.lang, v.text] for v in record.aligned],
        "marks": marks,
    }


def texts_meta(records: Iterable[Record]) -> dict[str, dict[str, object]]:
    """Per text: its languages and its title in each, for the search page."""
    found: dict[str, dict[str, object]] = {}
    for record in records:
        found.setdefault(
            record.text_id, {"langs": list(record.langs), "titles": dict(record.titles)}
        )
    return found


__all__ = [
    "CONTEXT_WORDS",
    "Record",
    "build_records",
    "context_weight",
    "entities_for",
    "entities_path",
    "entity_names",
    "index_content",
    "index_meta",
    "labels_of",
    "reader_url",
    "records_of",
    "texts_meta",
    "unit_labels",
]
