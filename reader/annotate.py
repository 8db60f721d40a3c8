"""Find and mark the mentions of the authority file's entities in a TEI file.

The same matcher does two jobs:

* ``annotate(path)`` wraps each unmarked mention in ``persName``/``placeName``/
  ``orgName``/``name type="treaty|event"`` with ``ref="corpus:entities#ID"``
  (a first pass that an editor then reviews);
* ``unmarked(path)`` lists the mentions still left unmarked, for the test that
  fails on a listed name left without its mark.

Names are matched in the language of the text around them, longest first,
case-sensitively, on word boundaries; Turkish and Russian names may carry
inflectional endings (``Чичерина``, ``Antlaşmasının``; a Turkish suffix after an
apostrophe stays outside the mark: ``<persName>Çiçerin</persName>'in``).
Not searched: the header, bibliographies, reference notes, existing marks, and
anything inside ``<seg type="not-entity">`` (an editor's "this is not a mention").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lxml import etree

from reader.entities import Entity, load_entities
from reader.tei.read import local
from reader.tei.xml import TEI, XML_LANG, load

MARK_TAGS = {
    "person": "persName",
    "place": "placeName",
    "org": "orgName",
    "treaty": "name",
    "event": "name",
}
MARKED = {"persName", "placeName", "orgName", "name", "rs"}
SKIP_TAGS = {
    "teiHeader",
    "listBibl",
    "bibl",
    "ref",
    "ptr",
    "idno",
    "title",
    "gap",
    "date",
    "num",
    "foreign",
}
SEARCHED = {
    "s",
    "head",
    "item",
    "titlePart",
    "dateline",
    "salute",
    "signed",
    "label",
    "q",
    "hi",
    "p",
}
SUFFIXED = {"tr", "ru"}


@dataclass(frozen=True)
class Form:
    entity: Entity
    text: str
    pattern: re.Pattern[str]


def _word_pattern(word: str, lang: str, last: bool) -> str:
    escaped = re.escape(word)
    if lang == "ru" and len(word) > 4 and word[-1].isalpha():
        # Russian declension changes the ending: match the stem.
        return re.escape(word[: -2 if len(word) > 6 else -1]) + r"\w*"
    if lang == "tr" and last and word[-1].isalpha():
        return escaped + r"(?:\w*)"
    return escaped


def compile_form(text: str, lang: str) -> re.Pattern[str]:
    words = text.split()
    if lang == "tr" and len(words) == 1:
        # A Turkish proper name takes its endings after an apostrophe (Çiçerin'in);
        # a word running on without one is a derivative (Amerikalılar, İranlı).
        return re.compile(rf"(?<![\w-]){re.escape(text)}(?![\w])")
    parts = [_word_pattern(w, lang, i == len(words) - 1) for i, w in enumerate(words)]
    body = r"\s+".join(parts)
    return re.compile(rf"(?<![\w-]){body}(?![\w])")


@cache
def forms_for(entities_path: Path, lang: str) -> tuple[Form, ...]:
    entities = load_entities(entities_path)
    found: dict[str, Form] = {}
    for entity in entities.values():
        names = {entity.names.get(lang, "")} | set(entity.variants.get(lang, ()))
        if lang != "en":
            names |= {n for n in entity.all_names() if n.isascii() and len(n) > 3}
        for name in names:
            name = name.strip()
            # Bare inflected variants ("Çiçerin'in") are covered by the stem form.
            if len(name) < 3 or "'" in name or "’" in name:
                continue
            if name not in found:
                found[name] = Form(entity, name, compile_form(name, lang))
    return tuple(sorted(found.values(), key=lambda f: -len(f.text)))


def _lang(element: etree._Element, default: str) -> str:
    node: etree._Element | None = element
    while node is not None:
        if node.get(XML_LANG):
            return node.get(XML_LANG, default)
        node = node.getparent()
    return default


def _excluded(element: etree._Element) -> bool:
    node: etree._Element | None = element
    while node is not None:
        tag = local(node)
        if tag in SKIP_TAGS or tag in MARKED:
            return True
        if tag == "note" and node.get("type") == "reference":
            return True
        if tag == "seg" and node.get("type") == "not-entity":
            return True
        node = node.getparent()
    return False


def _text_slots(root: etree._Element) -> Iterator[tuple[etree._Element, str]]:
    """(element, 'text'|'tail') for every text node a mention may stand in."""
    text = root.find(f"{TEI}text")
    if text is None:
        return
    for element in text.iter():
        if not isinstance(element.tag, str):
            continue
        if element.text and local(element) in SEARCHED and not _excluded(element):
            yield element, "text"
        parent = element.getparent()
        if (
            element.tail
            and parent is not None
            and local(parent) in SEARCHED
            and not _excluded(parent)
        ):
            yield element, "tail"


def _matches(text: str, forms: tuple[Form, ...]) -> list[tuple[int, int, Form]]:
    taken: list[tuple[int, int, Form]] = []
    for form in forms:
        for match in form.pattern.finditer(text):
            start, end = match.span()
            if any(start < e and s < end for s, e, _ in taken):
                continue
            taken.append((start, end, form))
    return sorted(taken, key=lambda t: t[0])


@dataclass(frozen=True)
class Unmarked:
    line: int
    text: str
    entity: str

    def __str__(self) -> str:
        return f"{self.line}: {self.text!r} is a name of {self.entity} but is not marked"


def unmarked(path: Path, entities_path: Path) -> list[Unmarked]:
    """Mentions of listed names in ``path`` that carry no mark."""
    root = load(path).getroot()
    default = root.get(XML_LANG) or "en"
    found = []
    for element, slot in _text_slots(root):
        lang = _lang(element if slot == "text" else element.getparent(), default)  # type: ignore[arg-type]
        text = element.text if slot == "text" else element.tail
        for start, end, form in _matches(text or "", forms_for(entities_path, lang)):
            found.append(Unmarked(element.sourceline or 0, (text or "")[start:end], form.entity.id))
    return found


def annotate(path: Path, entities_path: Path) -> int:
    """Mark every unmarked mention in ``path`` in place; returns how many were marked."""
    tree = load(path)
    root = tree.getroot()
    default = root.get(XML_LANG) or "en"
    count = 0
    for element, slot in list(_text_slots(root)):
        host = element if slot == "text" else element.getparent()
        assert host is not None
        lang = _lang(host, default)
        text = element.text if slot == "text" else element.tail
        hits = _matches(text or "", forms_for(entities_path, lang))
        if not hits:
            continue
        assert text is not None
        pieces: list[etree._Element] = []
        cursor = 0
        head = text[: hits[0][0]]
        for index, (start, end, form) in enumerate(hits):
            mark = etree.Element(f"{TEI}{MARK_TAGS[form.entity.kind]}")
            if form.entity.kind in ("treaty", "event"):
                mark.set("type", form.entity.kind)
            mark.set("ref", f"corpus:entities#{form.entity.id}")
            mark.text = text[start:end]
            following = hits[index + 1][0] if index + 1 < len(hits) else len(text)
            mark.tail = text[end:following]
            pieces.append(mark)
            cursor = end
        count += len(pieces)
        del cursor
        if slot == "text":
            element.text = head
            for offset, piece in enumerate(pieces):
                element.insert(offset, piece)
        else:
            parent = element.getparent()
            assert parent is not None
            element.tail = head
            position = parent.index(element) + 1
            for offset, piece in enumerate(pieces):
                parent.insert(position + offset, piece)
    tree.write(str(path), encoding="UTF-8", xml_declaration=True)
    return count
