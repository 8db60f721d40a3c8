"""The authority file ``texts/entities.xml``: people, places, organisations, treaties, events.

See docs/entities.md. Mentions in the texts point here with
``ref="corpus:entities#ID"``; this module reads the file into :class:`Entity`
objects and finds the mentions in documents.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from lxml import etree

from reader.model import (
    Container,
    Document,
    Inline,
    Link,
    Note,
    Sentence,
    Span,
    Unit,
    collapsed_text,
    iter_blocks,
)
from reader.tei.read import local
from reader.tei.xml import TEI, XML_ID, XML_LANG, load, text_of

Kind = Literal["person", "place", "org", "treaty", "event"]
ENTITY_PREFIX = "corpus:entities#"
NAME_TAGS = {"person": "persName", "place": "placeName", "org": "orgName", "event": "eventName"}
MENTION_TAGS = {"persName": "person", "placeName": "place", "orgName": "org", "name": "event"}


@dataclass(frozen=True)
class Entity:
    id: str
    kind: Kind
    names: dict[str, str]
    variants: dict[str, tuple[str, ...]] = field(default_factory=dict)
    note: str = ""
    #: the description in each language it is given in (``note`` is the English one)
    notes: dict[str, str] = field(default_factory=dict)
    when: str | None = None
    start: str | None = None
    end: str | None = None
    idnos: dict[str, str] = field(default_factory=dict)
    line: int = 0

    def name(self, lang: str) -> str:
        return self.names.get(lang) or self.names.get("en") or self.id

    def description(self, lang: str) -> tuple[str, str]:
        """The description in ``lang`` where there is one, else the English: (text, its language)."""
        if self.notes.get(lang):
            return self.notes[lang], lang
        return self.note, "en"

    def all_names(self) -> set[str]:
        found = set(self.names.values())
        for forms in self.variants.values():
            found.update(forms)
        return found

    @property
    def date(self) -> str | None:
        return self.when or self.start


def load_entities(path: Path) -> dict[str, Entity]:
    """Read the authority file; an absent file is an empty authority."""
    if not path.is_file():
        return {}
    return read_entities(load(path).getroot())


def read_entities(root: etree._Element) -> dict[str, Entity]:
    """The entities of the authority file's parsed tree."""
    entities: dict[str, Entity] = {}
    for element in root.iter(f"{TEI}person", f"{TEI}place", f"{TEI}org", f"{TEI}event"):
        entity_id = element.get(XML_ID)
        if not entity_id:
            continue
        tag = local(element)
        kind: Kind = "treaty" if tag == "event" and element.get("type") == "treaty" else tag  # type: ignore[assignment]
        name_tag = NAME_TAGS[tag if tag != "event" else "event"]
        names: dict[str, str] = {}
        variants: dict[str, list[str]] = {}
        for name in element.iterfind(f"{TEI}{name_tag}"):
            lang = name.get(XML_LANG) or "en"
            value = text_of(name)
            if name.get("type", "main") == "main" and lang not in names:
                names[lang] = value
            else:
                variants.setdefault(lang, []).append(value)
        # A description per language (an untyped note); a note with a type (usage
        # advice for translators) is not a description.
        notes: dict[str, str] = {}
        for note_element in element.iterfind(f"{TEI}note"):
            if note_element.get("type") is None:
                notes.setdefault(note_element.get(XML_LANG) or "en", text_of(note_element))
        entities[entity_id] = Entity(
            id=entity_id,
            kind=kind,
            names=names,
            variants={k: tuple(v) for k, v in variants.items()},
            note=notes.get("en", ""),
            notes=notes,
            when=element.get("when"),
            start=element.get("from"),
            end=element.get("to"),
            idnos={i.get("type", ""): text_of(i) for i in element.iterfind(f"{TEI}idno")},
            line=element.sourceline or 0,
        )
    return entities


@dataclass(frozen=True)
class Mention:
    """One marked mention of an entity in a unit of a document."""

    entity: str
    unit_id: str
    sentence_id: str | None
    text: str


@dataclass(frozen=True)
class DateMark:
    """A ``<date>`` in a unit; ``about`` is the event it dates, if the text says so."""

    when: str
    unit_id: str
    sentence_id: str | None
    text: str
    about: str | None
    end: str | None = None


def _walk(
    content: tuple[Inline, ...], unit_id: str, sentence_id: str | None
) -> Iterator[tuple[Span, str, str | None]]:
    for node in content:
        if isinstance(node, Sentence):
            yield from _walk(node.children, unit_id, node.id or sentence_id)
        elif isinstance(node, Span):
            yield node, unit_id, sentence_id
            yield from _walk(node.children, unit_id, sentence_id)
        elif isinstance(node, Link):
            yield from _walk(node.children, unit_id, sentence_id)


def _span_text(span: Span) -> str:
    return collapsed_text(span.children)


def units_with_content(document: Document) -> Iterator[Unit]:
    for block in iter_blocks(document.blocks):
        if isinstance(block, Unit) and block.id:
            yield block
    yield from document.notes.values()


def mentioned_entity(span: Span) -> str | None:
    """The id of the entity ``span`` marks as mentioned (``persName ref="corpus:entities#x"``)."""
    ref = span.attrs.get("ref", "")
    if span.tag in MENTION_TAGS and ref.startswith(ENTITY_PREFIX):
        return ref[len(ENTITY_PREFIX) :]
    return None


def mentions_in(content: tuple[Inline, ...]) -> Iterator[tuple[str, str]]:
    """``(entity id, words)`` of every marked mention in ``content``, nested ones too, in order."""
    for span, _unit_id, _sentence_id in _walk(content, "", None):
        entity = mentioned_entity(span)
        if entity is not None:
            yield entity, _span_text(span)


def mentions(document: Document) -> list[Mention]:
    """Every marked entity mention of a document, in reading order."""
    found = []
    for unit in units_with_content(document):
        assert unit.id is not None
        for span, unit_id, sentence_id in _walk(unit.content, unit.id, None):
            entity = mentioned_entity(span)
            if entity is not None:
                found.append(Mention(entity, unit_id, sentence_id, _span_text(span)))
    return found


def dates(document: Document) -> list[DateMark]:
    """Every ``<date when>`` of a document's units, with the event it dates if marked.

    Editors' notes are left out: a date there is the editors', not a claim of the source.
    """
    found = []
    for unit in units_with_content(document):
        assert unit.id is not None
        if isinstance(unit, Note) and unit.is_editors_note:
            continue
        for span, unit_id, sentence_id in _walk(unit.content, unit.id, None):
            start = span.attrs.get("when") or span.attrs.get("from")
            if span.tag == "date" and start:
                about = span.attrs.get("corresp", "")
                found.append(
                    DateMark(
                        start,
                        unit_id,
                        sentence_id,
                        _span_text(span),
                        about[len(ENTITY_PREFIX) :] if about.startswith(ENTITY_PREFIX) else None,
                        end=None if span.attrs.get("when") else span.attrs.get("to"),
                    )
                )
    return found


__all__ = [
    "Container",
    "DateMark",
    "Entity",
    "Mention",
    "dates",
    "load_entities",
    "mentioned_entity",
    "mentions",
    "mentions_in",
    "read_entities",
]
