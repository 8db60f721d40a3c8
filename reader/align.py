"""Join each source text with its translations by id, and report the gaps.

The source is the skeleton: every view of a text (HTML columns, PDF rows, API
parallels) walks the source's blocks and asks, for each unit, what each
language has for it. The answer always says what it is:

* ``original``      the source's own unit (the source language, or a unit a
                    translation leaves in the original: bibliography, bare
                    reference notes, reader comments);
* ``authors-own``   the source's author gave this wording in that language
                    (the unit carries ``@source="corpus:ID#p1_tr"``);
* ``translation`` / ``back-translation``  this project's work;
* ``missing``       nothing in that language: the original is offered instead.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Literal

from lxml import etree

from reader.corpus import Corpus
from reader.errors import CorpusError, Problem, Severity
from reader.model import (
    Container,
    Document,
    Note,
    Provenance,
    Sentence,
    Unit,
    collapsed_text,
    iter_blocks,
    note_calls,
    version_provenance,
)
from reader.refs import parallel_version_of
from reader.tei.read import read, read_tree
from reader.tei.xml import load

Origin = Literal["original", "authors-own", "translation", "back-translation", "missing"]


@dataclass(frozen=True)
class UnitVersion:
    """What one language has for one unit of the source."""

    unit: Unit
    lang: str
    origin: Origin

    @property
    def text_lang(self) -> str:
        """The language the text shown is in: the one asked for, or the original's
        where the original stands in (an untranslated unit, an author's version)."""
        return self.unit.lang

    @property
    def is_fallback(self) -> bool:
        """True when the original stands in for a missing or untranslated unit."""
        return self.origin in ("missing", "original") and self.unit.lang != self.lang


@dataclass
class AlignedText:
    """A source and its translations, joined by id."""

    source: Document
    translations: dict[str, Document] = field(default_factory=dict)
    #: The parsed TEI of each version (language → tree) when the reader was
    #: handed it (``reader.build`` parses each file once); see :meth:`tree`.
    trees: dict[str, etree._ElementTree] = field(default_factory=dict, repr=False, compare=False)

    @property
    def id(self) -> str:
        return self.source.id

    def document(self, lang: str) -> Document:
        """The version in ``lang``: the source or a translation."""
        return self.source if lang == self.source.lang else self.translations[lang]

    def tree(self, lang: str) -> etree._ElementTree:
        """The TEI of the version in ``lang``: the tree already parsed, else the file read now.

        The tree is shared: whoever needs to change it changes a copy.
        """
        found = self.trees.get(lang)
        return found if found is not None else load(Path(self.document(lang).path))

    @property
    def languages(self) -> list[str]:
        return [self.source.lang, *[lang for lang in self.translations if lang != self.source.lang]]

    @cached_property
    def parents(self) -> dict[str, str]:
        """Unit id → id of the division or comment it belongs to (for 'untranslated' sections)."""
        result: dict[str, str] = {}

        def walk(blocks: tuple[object, ...], context: str) -> None:
            for block in blocks:
                if isinstance(block, Container):
                    here = block.type if block.type in ("comments", "bibliography") else context
                    walk(block.children, here)
                elif isinstance(block, Unit) and block.id:
                    result[block.id] = context

        walk(self.source.blocks, "")
        return result

    @cached_property
    def authors_own(self) -> dict[str, dict[str, Unit]]:
        """lang → base id → the source's own unit in that language (``p1_tr``)."""
        found: dict[str, dict[str, Unit]] = defaultdict(dict)
        for unit_id, unit in self.source.units.items():
            parsed = parallel_version_of(unit_id)
            if parsed:
                found[parsed[1]][parsed[0]] = unit
        return dict(found)

    @cached_property
    def note_callers(self) -> dict[str, str]:
        """Note id → id of the unit that first calls it."""
        callers: dict[str, str] = {}
        for unit_id, unit in self.source.units.items():
            for call in note_calls(unit.content):
                callers.setdefault(call.note_id, unit_id)
        return callers

    def is_to_translate(self, unit_id: str) -> bool:
        """Whether a translation is expected to render this unit."""
        unit = self.source.units.get(unit_id)
        if unit is None or parallel_version_of(unit_id):
            return False
        if isinstance(unit, Note) and (unit.type == "reference" or unit.absent):
            return False
        caller = self.note_callers.get(unit_id) if isinstance(unit, Note) else None
        if caller is not None and caller != unit_id and not self.is_to_translate(caller):
            # A note in a unit left in the original (an editors' note on a
            # bibliography entry or a reader comment) stays in the original too.
            return False
        if unit.tag == "bibl":
            return False
        return self.parents.get(unit_id) not in ("comments", "bibliography") or unit.tag == "head"

    def citable_units(self) -> list[str]:
        """Every unit id of the source in reading order, parallel versions excluded."""
        return [u for u in self.source.units if not parallel_version_of(u)]

    def provenance(self, lang: str, version: UnitVersion | None = None) -> Provenance:
        """What the ``lang`` version is, or the text of one unit in it (``version``)."""
        return version_provenance(
            self.source, self.translations, lang, version.origin if version else None
        )

    def version(self, unit_id: str, lang: str) -> UnitVersion:
        """What ``lang`` has for ``unit_id`` (falls back to the original, saying so)."""
        unit = self.source.units[unit_id]
        if lang == self.source.lang:
            return UnitVersion(unit, lang, "original")
        document = self.translations.get(lang)
        if document is not None:
            translated = document.units.get(unit_id)
            if translated is not None and not translated.copy_of:
                if translated.source:
                    return UnitVersion(translated, lang, "authors-own")
                return UnitVersion(translated, lang, document.header.provenance.role)
        own = self.authors_own.get(lang, {}).get(unit_id)
        if own is not None:
            return UnitVersion(own, lang, "authors-own")
        origin: Origin = "original" if not self.is_to_translate(unit_id) else "missing"
        return UnitVersion(unit, lang, origin)

    def sentence_groups(self, unit_id: str, lang: str) -> list[tuple[tuple[str, ...], Sentence]]:
        """Each target sentence of a unit with the source sentence ids it renders."""
        version = self.version(unit_id, lang)
        return [(s.renders, s) for s in version.unit.sentences]


def load_aligned(
    corpus: Corpus, text_id: str, trees: Mapping[Path, etree._ElementTree] | None = None
) -> AlignedText:
    """Read a text and every translation of it.

    ``trees`` (path → tree, as :func:`reader.validate.check_corpus_files`
    returns them) are read instead of parsing their files again, and kept.
    """
    parsed = trees or {}

    def document(path: Path) -> tuple[Document, etree._ElementTree | None]:
        tree = parsed.get(path)
        return (read(path), None) if tree is None else (read_tree(path, tree.getroot()), tree)

    source, source_tree = document(corpus.source_path(text_id))
    kept = {source.lang: source_tree} if source_tree is not None else {}
    translations = {}
    for lang in corpus.translation_langs(text_id):
        if lang != source.lang:
            translations[lang], tree = document(corpus.translation_path(text_id, lang))
            if tree is not None:
                kept[lang] = tree
    return AlignedText(source, translations, kept)


# ------------------------------------------------------------------- checks


def check_text(
    aligned: AlignedText, other_texts: dict[str, Document] | None = None
) -> list[Problem]:
    """Alignment problems of one text's translations."""
    problems: list[Problem] = []
    source = aligned.source
    source_sentences = {
        unit_id: [s.id for s in unit.sentences if s.id] for unit_id, unit in source.units.items()
    }
    for lang, document in aligned.translations.items():
        name = document.path

        def report(
            line: int,
            message: str,
            level: Severity = "error",
            name: str = name,
        ) -> None:
            problems.append(Problem(name, line, message, level))

        if document.id != source.id:
            report(1, f"translation's xml:id {document.id!r} should be the text id {source.id!r}")
        for unit_id, unit in document.units.items():
            if unit_id not in source.units:
                report(unit.line, f"unit {unit_id!r} is not in the source {source.path}")
                continue
            original = source.units[unit_id]
            if unit.tag != original.tag:
                report(
                    unit.line,
                    f"unit {unit_id!r} is <{unit.tag}> here but <{original.tag}> in the source",
                )
            if isinstance(original, Note) and unit.n != original.n:
                report(
                    unit.line,
                    f"note {unit_id!r} is numbered {unit.n!r}; the source has {original.n!r}",
                )
            if unit.copy_of:
                continue
            if unit.source:
                problems.extend(_check_authors_own(aligned, unit, name, other_texts))
                continue
            expected = source_sentences.get(unit_id, [])
            rendered: list[str] = []
            for sentence in unit.sentences:
                for rendered_id in sentence.renders:
                    if rendered_id not in expected:
                        report(
                            sentence.line,
                            f"sentence renders {rendered_id!r}, which is not a sentence of "
                            f"{unit_id!r} in the source",
                        )
                    rendered.append(rendered_id)
            missing = [s for s in expected if s not in rendered]
            if missing:
                report(
                    unit.line, f"{unit_id!r}: source sentence(s) not rendered: {', '.join(missing)}"
                )
            twice = sorted({s for s in rendered if rendered.count(s) > 1})
            # A source sentence split over several target sentences is rendered
            # "twice" only when both carry an id; the continuation has none.
            doubled = [
                s for s in twice if sum(1 for t in unit.sentences if t.id and s in t.renders) > 1
            ]
            if doubled:
                report(
                    unit.line,
                    f"{unit_id!r}: source sentence(s) rendered twice: {', '.join(doubled)}",
                )
        problems.extend(_check_pointers_into_source(aligned, document, aligned.tree(lang)))
        # An untranslated unit is reported where it belongs: after the line
        # of the unit before it that the translation has.
        belongs_at = 1
        for unit_id in aligned.citable_units():
            present = document.units.get(unit_id)
            if present is not None:
                belongs_at = present.line or belongs_at
            elif aligned.is_to_translate(unit_id):
                version = aligned.version(unit_id, lang)
                if version.origin == "authors-own":
                    continue
                report(
                    belongs_at,
                    f"{source.id}: {unit_id!r} has no {lang} translation",
                    "warning",
                )
    return problems


def _check_pointers_into_source(
    aligned: AlignedText, document: Document, tree: etree._ElementTree
) -> list[Problem]:
    """``#id`` pointers of a translation resolve in the translation or in its source."""
    from reader.tei.xml import XML_ID

    local_ids = {e.get(XML_ID) for e in tree.iter() if isinstance(e.tag, str) and e.get(XML_ID)}
    source_ids = set(aligned.source.units) | set(aligned.source.sentences)
    problems = []
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        for attribute in ("target", "corresp"):
            for pointer in (element.get(attribute) or "").split():
                if not pointer.startswith("#"):
                    continue
                target = pointer[1:]
                if target not in local_ids and target not in source_ids:
                    problems.append(
                        Problem(
                            document.path,
                            element.sourceline or 0,
                            f"@{attribute} {pointer!r} points at no id of this file or of its source",
                        )
                    )
    return problems


def _check_authors_own(
    aligned: AlignedText, unit: Unit, name: str, other_texts: dict[str, Document] | None = None
) -> list[Problem]:
    """A unit marked as the author's own wording must be exactly that wording."""
    pointer = unit.source or ""
    text_id, _, target = pointer.removeprefix("corpus:").partition("#")
    ours = collapsed_text(unit.content)
    if text_id != aligned.source.id:
        # The author's wording quoted by another text of the corpus (Gusterin's
        # Russian title, given in Xoshgedem's bibliography): it must occur there.
        if other_texts is None:
            return []
        other = other_texts.get(text_id)
        if other is None or target not in other.units:
            return [
                Problem(name, unit.line, f"@source {pointer!r} points at no unit of the corpus")
            ]
        theirs = collapsed_text(other.units[target].content)
        if ours not in theirs:
            return [
                Problem(
                    name,
                    unit.line,
                    f"{unit.id!r} claims to be the author's wording quoted in {pointer} "
                    "but does not occur there",
                )
            ]
        return []
    if target not in aligned.source.units:
        return [
            Problem(
                name, unit.line, f"@source {pointer!r} points at no unit of {aligned.source.id}"
            )
        ]
    theirs = collapsed_text(aligned.source.units[target].content)
    if theirs != ours:
        return [
            Problem(
                name,
                unit.line,
                f"{unit.id!r} claims to be the author's own wording ({pointer}) but differs from it",
            )
        ]
    return []


def check_alignment(
    corpus: Corpus,
    only: set[str] | None = None,
    trees: Mapping[Path, etree._ElementTree] | None = None,
) -> list[Problem]:
    """Alignment problems of every text in the corpus (or of the texts ``only``).

    ``trees``: the files already parsed (path → tree), read rather than parsed again.
    """
    problems: list[Problem] = []
    texts: dict[str, AlignedText] = {}
    for text_id in corpus.text_ids():
        try:
            texts[text_id] = load_aligned(corpus, text_id, trees)
        except CorpusError as exc:
            problems += exc.problems
    return problems + check_texts(texts, only)


def check_texts(texts: Mapping[str, AlignedText], only: set[str] | None = None) -> list[Problem]:
    """Alignment problems of texts already read (or of the texts ``only`` among them)."""
    problems: list[Problem] = []
    sources = {text_id: aligned.source for text_id, aligned in texts.items()}
    for text_id, aligned in texts.items():
        if only is None or text_id in only:
            problems += check_text(aligned, sources)
    return problems


def unit_blocks(document: Document) -> list[Unit]:
    """Every unit with an id, in reading order (notes excluded)."""
    return [b for b in iter_blocks(document.blocks) if isinstance(b, Unit) and b.id]
