"""The passage library: fetch any passage by reference, in any language.

>>> import reader
>>> lib = reader.load()
>>> p = lib.passage("wikipedia:p12.s2")
>>> p.ref, p.lang, p.origin
('wikipedia:p12.s2', 'en', 'original')
>>> p.text[:46]
'Kemal countered the diplomatic reverse by conc'
>>> [n.n for n in p.notes]
['9', '10']
>>> p.next
'wikipedia:p12.s3'

Texts load lazily: opening the library only lists the corpus directory; the
first passage of a text reads that text, the first passage in a translation
reads that translation (``aligned()`` reads them all), and the passages last
asked for are kept (a bounded LRU cache), so a repeated call is a lookup.

A library is safe to share between threads: a text and each of its
translations are read once, under a lock of their own, and published only
when complete; passages are immutable, and the caches (``functools.lru_cache``)
keep only answers that were built whole. An error is never cached.
"""

from __future__ import annotations

import functools
import re
import sys
import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal, NamedTuple, get_args

from pydantic import BaseModel, ConfigDict

from reader import refs
from reader.align import AlignedText, Origin
from reader.cite import Cited, format_citation, version_statement
from reader.corpus import Corpus
from reader.errors import (
    BadCacheSize,
    BadReference,
    NotCitable,
    UnknownLanguage,
    UnknownLevel,
    UnknownPassage,
    UnknownText,
)
from reader.model import (
    Break,
    Inline,
    Note,
    Sentence,
    Text,
    Unit,
    collapsed_text,
    note_calls,
)
from reader.refs import Ref as Reference
from reader.render.common.inline import InlineOptions, render, render_note
from reader.tei.read import read

if TYPE_CHECKING:
    from reader.search import SearchHit
    from reader.search.engine import Engine

#: The kinds of reference ``lib.refs`` lists (a citation level, not a severity).
CitationLevel = Literal["paragraph", "heading", "note", "sentence", "unit"]


class _Frozen(BaseModel):
    # defer_build: a model's validator is built when first used, not at import
    # (``import reader`` is part of every script's start).
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class PassageSentence(_Frozen):
    """One sentence of a passage, with the source sentences it renders."""

    ref: str
    text: str
    renders: tuple[str, ...]


class PassageNote(_Frozen):
    """A note called in a passage, in the passage's language where it exists."""

    ref: str
    n: str
    lang: str
    origin: Origin
    text: str
    absent: bool = False
    #: the note's TEI type: ``editorial`` for a note of this edition's editors,
    #: ``reference`` for a bare reference, None for the author's prose
    type: str | None = None
    #: who wrote an editors' note (``#editors``, the file's responsibility statement)
    resp: str | None = None


class Passage(_Frozen):
    """A passage of a text in one language: immutable, serialisable to JSON."""

    ref: str
    text_id: str
    kind: str
    lang: str
    requested_lang: str
    origin: Origin
    missing: bool
    version: str
    text: str
    html: str
    sentences: tuple[PassageSentence, ...]
    notes: tuple[PassageNote, ...]
    citation: str
    urn: str
    prev: str | None
    next: str | None
    title: str
    authors: tuple[str, ...]
    year: str | None
    # Kept for cite(); excluded from JSON.
    cited: Cited | None = None

    model_config = ConfigDict(
        frozen=True, extra="forbid", arbitrary_types_allowed=True, defer_build=True
    )

    def cite(self, style: str = "chicago") -> str:
        """The citation of this passage in ``style``: chicago, apa, bibtex or csl-json."""
        if self.cited is None:
            raise NotCitable(self.ref)
        return format_citation(self.cited, style)

    def to_json(self) -> str:
        return self.model_dump_json(exclude={"cited"}, indent=2)


class Parallel(_Frozen):
    """The same passage in several languages, aligned by id."""

    ref: str
    langs: tuple[str, ...]
    passages: tuple[Passage, ...]

    def __getitem__(self, lang: str) -> Passage:
        for passage in self.passages:
            if passage.requested_lang == lang:
                return passage
        raise UnknownLanguage(
            refs.parse(self.ref).text, lang, self.langs, where=f"the parallel of {self.ref!r}"
        )


class LanguageInfo(_Frozen):
    lang: str
    role: str
    status: str
    statement: str


class TextInfo(_Frozen):
    """What ``Library.texts()`` says of each text."""

    id: str
    title: str
    short_title: str
    authors: tuple[str, ...]
    year: str | None
    kind: str
    languages: tuple[LanguageInfo, ...]
    paragraphs: int
    notes: int


#: How many passages a library keeps by default (the whole corpus is about
#: 2,700 passage × language pairs, 18 MB).
CACHE_SIZE = 4096


def load(path: str | Path | None = None, *, cache_size: int = CACHE_SIZE) -> Library:
    """Open a corpus: the one shipped with the package, or the directory ``path``.

    ``cache_size`` bounds how many passages are kept built (least recently
    used first out).
    """
    return Library(Corpus.open(path), cache_size=cache_size)


class CacheInfo(NamedTuple):
    """What ``Library.cache_info()`` says."""

    #: The bound: at most this many requests and this many passages are kept.
    maxsize: int
    #: Requests (each spelling and language asked) kept for a lookup.
    requests: int
    #: Passages kept built.
    passages: int
    #: Passages built since the library was opened (again after dropped: counted again).
    built: int


@dataclass
class _Loaded:
    """A text as far as it has been read. ``unread`` is replaced, never mutated."""

    aligned: AlignedText
    #: Every language the text has (read or not), the source's first.
    languages: tuple[str, ...]
    unread: frozenset[str]
    lock: threading.Lock


class Library:
    """Passages of a corpus by reference, in any language; safe to share between threads."""

    def __init__(self, corpus: Corpus, *, cache_size: int = CACHE_SIZE) -> None:
        if not isinstance(cache_size, int) or cache_size < 1:
            raise BadCacheSize(cache_size)
        self.corpus = corpus
        self._text_ids = corpus.text_ids()
        self._known = frozenset(self._text_ids)
        # Texts are few (one entry per file of the corpus listing); each is
        # published only once read whole, under its own lock.
        self._loaded: dict[str, _Loaded] = {}
        self._text_locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()
        self._navigation: dict[str, tuple[list[str], list[str], list[str]]] = {}
        self._engine: Engine | None = None
        self._engine_lock = threading.Lock()
        # Two bounded caches. Each spelling of a request (``karakus:p12`` in
        # Turkish, its URN, …) → its passage, in plain dictionaries per
        # language, so that a hit is a dictionary lookup or two and nothing
        # else; the oldest spellings go first. Behind them, the passages by
        # what they are (text, item, language) in an LRU cache: spellings
        # share one object, and each passage is built once while it is kept.
        self._cache_size = cache_size
        self._default: dict[str, Passage] = {}
        self._requests: dict[str | None, dict[str, Passage]] = {None: self._default}
        self._request_order: deque[tuple[str | None, str]] = deque()
        self._request_lock = threading.Lock()
        self._by_unit = functools.lru_cache(maxsize=cache_size)(self._unit_passage)

    # -- texts ---------------------------------------------------------------

    def text_ids(self) -> list[str]:
        return list(self._text_ids)

    def aligned(self, text_id: str) -> AlignedText:
        """The text ``text_id`` with its translations (read on first use)."""
        loaded = self._load(text_id)
        for lang in loaded.unread:
            self._read_translation(loaded, lang)
        return loaded.aligned

    def _text(self, text_id: str, lang: str | None = None) -> AlignedText:
        """The text with, at least, its translation into ``lang`` read (if it has one)."""
        loaded = self._load(text_id)
        if lang is not None and lang in loaded.unread:
            self._read_translation(loaded, lang)
        return loaded.aligned

    def _load(self, text_id: str) -> _Loaded:
        """The text read (its source at least): read once, however many threads ask."""
        loaded = self._loaded.get(text_id)
        if loaded is not None:
            return loaded
        if text_id not in self._known:
            raise UnknownText(text_id, self._text_ids)
        with self._guard:
            lock = self._text_locks.setdefault(text_id, threading.Lock())
        with lock:
            loaded = self._loaded.get(text_id)
            if loaded is None:
                source = read(self.corpus.source_path(text_id))
                others = [x for x in self.corpus.translation_langs(text_id) if x != source.lang]
                loaded = _Loaded(
                    aligned=AlignedText(source, {}),
                    languages=(source.lang, *others),
                    unread=frozenset(others),
                    lock=threading.Lock(),
                )
                self._loaded[text_id] = loaded  # published whole
        return loaded

    def _read_translation(self, loaded: _Loaded, lang: str) -> None:
        with loaded.lock:
            if lang not in loaded.unread:  # another thread read it meanwhile
                return
            document = read(self.corpus.translation_path(loaded.aligned.id, lang))
            documents = {**loaded.aligned.translations, lang: document}
            # A new dictionary in the corpus's order of languages (as
            # load_aligned gives), swapped in whole: a reader sees the old
            # translations or the new ones, never a dictionary being rebuilt.
            loaded.aligned.translations = {
                x: documents[x] for x in loaded.languages if x in documents
            }
            loaded.unread = loaded.unread - {lang}

    def _all_languages(self, aligned: AlignedText) -> list[str]:
        loaded = self._loaded.get(aligned.id)
        return list(loaded.languages) if loaded is not None else aligned.languages

    def texts(self) -> list[TextInfo]:
        """Each text's id, title, authors, year, kind, languages and their status."""
        infos = []
        for text_id in self._text_ids:
            aligned = self.aligned(text_id)
            header = aligned.source.header
            languages = []
            for lang in aligned.languages:
                provenance = aligned.provenance(lang)
                languages.append(
                    LanguageInfo(
                        lang=lang,
                        role=provenance.role,
                        status=provenance.status,
                        statement=version_statement(lang, provenance, aligned.source.lang),
                    )
                )
            units = aligned.citable_units()
            infos.append(
                TextInfo(
                    id=text_id,
                    title=header.title,
                    short_title=header.short_title,
                    authors=tuple(a.name for a in header.authors),
                    year=header.publication.year,
                    kind=header.publication.kind,
                    languages=tuple(languages),
                    paragraphs=sum(1 for u in units if re.fullmatch(r"p\d+", u)),
                    notes=len(aligned.source.notes),
                )
            )
        return infos

    def refs(self, text_id: str, level: CitationLevel = "paragraph") -> list[str]:
        """Every citable reference of a text at ``level``, in reading order."""
        aligned = self._text(text_id)
        main, notes, sentences = self._nav(aligned)
        if level == "paragraph":
            chosen = [u for u in main if re.fullmatch(r"p\d+", u)]
        elif level == "heading":
            chosen = [u for u in main if re.fullmatch(r"h\d+", u)]
        elif level == "note":
            chosen = notes
        elif level == "sentence":
            chosen = sentences
        elif level == "unit":
            chosen = [u for u in aligned.citable_units() if aligned.source.units[u].tag != "bibl"]
        else:
            raise UnknownLevel(level, get_args(CitationLevel))
        return [f"{text_id}:{u}" for u in chosen]

    def _nav(self, aligned: AlignedText) -> tuple[list[str], list[str], list[str]]:
        cached = self._navigation.get(aligned.id)
        if cached is None:
            units = aligned.citable_units()
            main = [
                u
                for u in units
                if not isinstance(aligned.source.units[u], Note)
                and aligned.source.units[u].tag != "bibl"
            ]
            notes = [u for u in units if isinstance(aligned.source.units[u], Note)]
            sentences = [s.id for u in main for s in aligned.source.units[u].sentences if s.id]
            cached = self._navigation[aligned.id] = (main, notes, sentences)
        return cached

    # -- passages --------------------------------------------------------------

    def passage(self, ref: str, lang: str | None = None) -> Passage:
        """One passage (a unit or a sentence) in ``lang`` (default: the source's language)."""
        try:
            if lang is None:
                return self._default[ref]
            return self._requests[lang][ref]
        except (KeyError, TypeError):  # not asked yet (or not a string: _passage says so)
            pass
        # Outside the handler: a refused reference is not shown as caused by a KeyError.
        return self._passage(ref, lang)

    def cache_info(self) -> CacheInfo:
        """How full the passage caches are, and how many passages were built."""
        built = self._by_unit.cache_info()
        return CacheInfo(
            maxsize=self._cache_size,
            requests=len(self._request_order),
            passages=built.currsize,
            built=built.misses,
        )

    def _passage(self, ref: str, lang: str | None) -> Passage:
        if not isinstance(ref, str) or not (lang is None or isinstance(lang, str)):
            raise _not_a_string(ref, lang)
        parsed = refs.parse(ref)
        # A CTS URN names its language version (karakus.tur1); an explicit lang wins.
        wanted = lang or (refs.urn_language(ref) if ref.lstrip().startswith("urn:") else None)
        loaded = self._load(parsed.text)
        if self._resolve(loaded.aligned, parsed, ref).is_range:
            raise BadReference(ref, "this names a range; use passages() for ranges")
        result = self._by_unit(parsed.text, parsed.start, wanted or loaded.languages[0])
        self._remember(ref, lang, result)
        return result

    def _remember(self, ref: str, lang: str | None, passage: Passage) -> None:
        """Keep ``ref`` → ``passage`` for the next call, dropping the oldest beyond the bound."""
        with self._request_lock:
            memo = self._requests.get(lang)
            if memo is None:
                memo = self._requests[lang] = {}
            if ref in memo:
                return
            memo[ref] = passage
            self._request_order.append((lang, ref))
            while len(self._request_order) > self._cache_size:
                old_lang, old_ref = self._request_order.popleft()
                del self._requests[old_lang][old_ref]

    def _unit_passage(self, text_id: str, item: str, lang: str) -> Passage:
        return self._build(self._text(text_id, lang), item, lang)

    def passages(self, ref: str, lang: str | None = None) -> list[Passage]:
        """Every passage of a reference or range, in reading order."""
        if not isinstance(ref, str) or not (lang is None or isinstance(lang, str)):
            raise _not_a_string(ref, lang)
        parsed = refs.parse(ref)
        aligned = self._text(parsed.text, lang)
        parsed = self._resolve(aligned, parsed, ref)
        if parsed.end is None:
            return [self.passage(ref, lang)]
        sequence = self._sequence_for(aligned, parsed.start)
        if parsed.end not in sequence:
            raise BadReference(ref, f"{parsed.start} and {parsed.end} are not in the same sequence")
        first, last = sequence.index(parsed.start), sequence.index(parsed.end)
        if last < first:
            raise BadReference(
                ref, f"the range ends ({parsed.end}) before it starts ({parsed.start})"
            )
        return [self.passage(f"{parsed.text}:{item}", lang) for item in sequence[first : last + 1]]

    def parallel(self, ref: str, *langs: str) -> Parallel:
        """The same passage in several languages (default: all the text has)."""
        parsed = refs.parse(ref)
        aligned = self._text(parsed.text)
        chosen = tuple(langs) or tuple(self._all_languages(aligned))
        return Parallel(
            ref=str(parsed),
            langs=chosen,
            passages=tuple(self.passage(ref, lang) for lang in chosen),
        )

    def __iter__(self) -> Iterator[str]:
        return iter(self._text_ids)

    def search(self, query: str, lang: str | None = None, limit: int = 20) -> list[SearchHit]:
        """Passages matching every word of ``query``, best first (``reader.search``, docs/search.md).

        Case and diacritics are folded, words are compared by their stem in
        each passage's language, and a name finds every spelling of its entity
        in the authority file. ``lang`` keeps one language (default: all).
        A hit is a sentence (or a unit without sentences) in one language,
        with a label, a snippet, a score and the aligned text in the other
        languages; passages with the query in context come before entries of
        a word or two (a keyword, a signature).

        The search runs on an on-disk index (Tantivy): the one ``reader build``
        wrote, or one this call makes in the user's cache folder the first
        time (a progress bar on a terminal), never beside the corpus. A query
        of more than 500 characters or 32 words raises ``QueryTooLong``.

        >>> import reader
        >>> lib = reader.load()
        >>> hit = lib.search("kasaba", lang="tr")[0]
        >>> hit.ref, hit.lang, hit.label, hit.snippet[hit.highlights[0][0] : hit.highlights[0][1]]
        ('karakus:p7.s12', 'tr', '¶ 7, s. 12', 'kasabasında')
        >>> [version.lang for version in hit.aligned]
        ['en', 'ru']
        >>> sorted({hit.lang for hit in lib.search("Chicherin")})
        ['en', 'ru', 'tr']
        """
        return self._search_engine().search(query, lang, limit)

    def _search_engine(self) -> Engine:
        """The search engine of this library's corpus: its index opened (or made) on first use."""
        if self._engine is None:
            from reader.search.service import open_engine

            with self._engine_lock:  # threads asking at once open (or make) it once
                if self._engine is None:
                    with _index_progress() as progress:
                        self._engine = open_engine(self.corpus, progress=progress)
        return self._engine

    # -- internals -------------------------------------------------------------

    def _sequence_for(self, aligned: AlignedText, item: str) -> list[str]:
        main, notes, sentences = self._nav(aligned)
        if "." in item:
            return sentences
        if item in notes or re.fullmatch(r"n\w+", item):
            return notes
        return main

    def _resolve(self, aligned: AlignedText, parsed: Reference, whole: str) -> Reference:
        """What ``parsed`` names in its text: the id it spells, if the text has it; else
        the range ``A-B`` whose ends are both ids of the text (docs/api.md, "References").

        Raises UnknownPassage naming the first piece that is missing.
        """
        if self._exists(aligned, parsed.start):
            return parsed
        readings = parsed.readings()
        found = [r for r in readings if self._exists(aligned, r.start, r.end)]
        if len(found) > 1:
            shown = " or ".join(f"{r.start} to {r.end}" for r in found)
            raise BadReference(whole, f"this reads as more than one range ({shown})")
        if found:
            (reading,) = found
            assert reading.end is not None
            if reading.start.count(".") != reading.end.count("."):
                raise BadReference(whole, "both ends of a range must be at the same level")
            return reading
        for reading in readings:
            if self._exists(aligned, reading.start):
                assert reading.end is not None
                self._check_exists(aligned, reading.end)
        self._check_exists(aligned, parsed.start)
        return parsed  # not reached: _check_exists raised

    @staticmethod
    def _exists(aligned: AlignedText, *items: str | None) -> bool:
        return all(
            item is not None
            and refs.unit_of(item) in aligned.source.units
            and ("." not in item or item in aligned.source.sentences)
            for item in items
        )

    def _check_exists(self, aligned: AlignedText, item: str) -> None:
        unit_id = refs.unit_of(item)
        if unit_id not in aligned.source.units:
            raise UnknownPassage(f"{aligned.id}:{item}", self._suggest(aligned, item))
        if "." in item and item not in aligned.source.sentences:
            raise UnknownPassage(f"{aligned.id}:{item}", self._suggest(aligned, item))

    def _suggest(self, aligned: AlignedText, item: str) -> list[str]:
        main, notes, sentences = self._nav(aligned)
        pool = sentences if "." in item else main + notes
        if item.startswith("b-"):  # a bibliography entry: suggest entries
            pool = [u for u in aligned.source.units if aligned.source.units[u].tag == "bibl"]
        match = re.fullmatch(r"([a-z_]+)(\d+)((?:\.s)(\d+))?", item)
        if match and not match.group(3):
            prefix, number = match.group(1), int(match.group(2))
            same = [
                (abs(int(m.group(2)) - number), u)
                for u in pool
                if (m := re.fullmatch(r"([a-z_]+)(\d+)", u)) and m.group(1) == prefix
            ]
            if same:
                return [f"{aligned.id}:{u}" for _, u in sorted(same)[:3]]
        if match and match.group(3):
            unit_id = f"{match.group(1)}{match.group(2)}"
            if unit_id in aligned.source.units:
                own = [s.id for s in aligned.source.units[unit_id].sentences if s.id]
                return [f"{aligned.id}:{s}" for s in own[-3:]]
        from rapidfuzz import process  # only to suggest: not on the import path

        found = process.extract(item, pool, limit=3)
        return [f"{aligned.id}:{choice}" for choice, _score, _index in found]

    def _build(self, aligned: AlignedText, item: str, lang: str | None) -> Passage:
        source_lang = aligned.source.lang
        wanted = lang or source_lang
        languages = self._all_languages(aligned)
        if wanted not in languages:
            raise UnknownLanguage(aligned.id, wanted, languages)
        self._check_exists(aligned, item)
        unit_id = refs.unit_of(item)
        version = aligned.version(unit_id, wanted)
        unit = version.unit
        missing = version.origin == "missing"
        shown_lang = version.text_lang

        if "." in item:
            content, sentence_list = self._sentence_content(unit, item)
        else:
            content = unit.content
            sentence_list = [s for s in unit.sentences]
        text = _text_of(content)
        notes = self._notes(aligned, content, wanted)
        main, note_seq, sentence_seq = self._nav(aligned)
        sequence = (
            sentence_seq
            if "." in item
            else (note_seq if isinstance(aligned.source.units[unit_id], Note) else main)
        )
        prev_ref = next_ref = None
        if item in sequence:
            index = sequence.index(item)
            prev_ref = f"{aligned.id}:{sequence[index - 1]}" if index > 0 else None
            next_ref = f"{aligned.id}:{sequence[index + 1]}" if index + 1 < len(sequence) else None
        provenance = aligned.provenance(wanted, version)
        header = aligned.source.header
        ref_text = f"{aligned.id}:{item}"
        cited = Cited(
            text_id=aligned.id,
            ref=ref_text,
            unit_label=refs.unit_label(item),
            header=header,
            lang=shown_lang,
            provenance=provenance,
            source_lang=source_lang,
        )
        options = InlineOptions(
            note_href=lambda _note: None,
            link_href=lambda target: target if target.startswith(("http://", "https://")) else None,
            lang=shown_lang,
        )
        # The values are the library's own, of the declared types: constructed
        # without validation (a passage is built once, then looked up).
        return Passage.model_construct(
            ref=ref_text,
            text_id=aligned.id,
            kind=refs.unit_kind(item),
            lang=shown_lang,
            requested_lang=wanted,
            origin=version.origin,
            missing=missing,
            version=version_statement(shown_lang, provenance, source_lang),
            text=text,
            html=str(
                render_note(unit, options)
                if isinstance(unit, Note) and "." not in item
                else render(content, options)
            ),
            sentences=tuple(
                PassageSentence.model_construct(
                    ref=f"{aligned.id}:{s.id or (s.renders[0] if s.renders else item)}",
                    text=_text_of(s.children),
                    renders=s.renders,
                )
                for s in sentence_list
            ),
            notes=tuple(notes),
            citation=format_citation(cited, "chicago"),
            urn=refs.urn(refs.Ref(aligned.id, item), shown_lang),
            prev=prev_ref,
            next=next_ref,
            title=header.title,
            authors=tuple(a.name for a in header.authors),
            year=header.publication.year,
            cited=cited,
        )

    def _sentence_content(self, unit: Unit, item: str) -> tuple[tuple[Inline, ...], list[Sentence]]:
        group = [s for s in unit.sentences if item in s.renders]
        if not group:
            # A unit without sentences in this language (an untranslated atomic unit).
            return unit.content, []
        joined: list[Inline] = []
        for index, sentence in enumerate(group):
            if index:
                joined.append(_space())
            joined.append(sentence)
        return tuple(joined), group

    def _notes(
        self, aligned: AlignedText, content: Sequence[Inline], lang: str
    ) -> list[PassageNote]:
        found = []
        seen: set[str] = set()
        for call in note_calls(tuple(content)):
            if call.note_id in seen or call.note_id not in aligned.source.units:
                continue
            seen.add(call.note_id)
            version = aligned.version(call.note_id, lang)
            note = version.unit
            found.append(
                PassageNote.model_construct(
                    ref=f"{aligned.id}:{call.note_id}",
                    n=call.n or (note.n or ""),
                    lang=note.lang,
                    origin=version.origin,
                    text=_text_of(note.content),
                    absent=isinstance(note, Note) and note.absent,
                    type=note.type,
                    resp=note.resp if isinstance(note, Note) else None,
                )
            )
        return found


def _not_a_string(ref: object, lang: object) -> BadReference:
    if not isinstance(ref, str):
        return BadReference(
            repr(ref), f"a reference is a string such as 'karakus:p12', not {type(ref).__name__}"
        )
    return BadReference(
        ref, f"a language is a string such as 'tr' (or None), not {type(lang).__name__}"
    )


@contextmanager
def _index_progress() -> Iterator[Callable[[int, int, str], None] | None]:
    """A progress bar for making the search index, on a terminal only."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task("search index: reading texts", total=None)

        def advance(done: int, total: int, text_id: str) -> None:
            bar.update(task, completed=done, total=total, description=f"search index: {text_id}")

        yield advance


def _space() -> Inline:
    return Text(text=" ")


def _text_of(content: Sequence[Inline]) -> str:
    """Plain text of inline content: no note calls, paragraphs of notes kept apart."""
    paragraphs: list[list[Inline]] = [[]]
    for node in content:
        if isinstance(node, Break):
            paragraphs.append([])
        else:
            paragraphs[-1].append(node)
    return "\n\n".join(collapsed_text(tuple(p)) for p in paragraphs if p)


__all__ = [
    "CacheInfo",
    "LanguageInfo",
    "Library",
    "Parallel",
    "Passage",
    "PassageNote",
    "PassageSentence",
    "TextInfo",
    "load",
]
