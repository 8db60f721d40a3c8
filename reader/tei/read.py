"""Read a TEI file of the project's subset into the document model.

The reader trusts the schema for the shape of the file (``reader.validate``
runs first in every command that builds); it is lenient where the schema is
silent and never guesses content: an element it does not know becomes a
generic :class:`~reader.model.Span` or :class:`~reader.model.Container`, so
nothing is dropped silently.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lxml import etree

from reader.model import (
    Block,
    Break,
    Container,
    Document,
    Gap,
    Header,
    Inline,
    Link,
    Note,
    NoteCall,
    Person,
    Provenance,
    Publication,
    Sentence,
    Span,
    Text,
    Unit,
)
from reader.tei.xml import TEI, XML_ID, XML_LANG, load, text_of

#: Elements that are blocks of inline content (units).
UNIT_TAGS = frozenset(
    {
        "p",
        "head",
        "item",
        "dateline",
        "salute",
        "signed",
        "titlePart",
        "bibl",
        "byline",
        "docAuthor",
        "label",
        "divGen",
        "trailer",
        "docDate",
    }
)
#: Elements that hold blocks.
CONTAINER_TAGS = frozenset(
    {
        "div",
        "list",
        "floatingText",
        "body",
        "opener",
        "closer",
        "figure",
        "listBibl",
        "titlePage",
        "docTitle",
        "cit",
        "quote",
        "lg",
    }
)
#: Elements that are blocks when their content is blocks, and phrases otherwise.
EITHER_TAGS = frozenset({"quote", "opener", "closer", "byline"})
#: Phrase elements whose own children are blocks when they appear as blocks.
BLOCK_CHILD_TAGS = UNIT_TAGS | CONTAINER_TAGS | {"note"}


def local(element: etree._Element) -> str:
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.split("}", 1)[1] if tag.startswith("{") else tag


def _ids(value: str | None, own: str = "") -> tuple[str, ...]:
    """The ids a pointer list names in this text (``#p1``, or ``corpus:ID#p1`` from a translation)."""
    return tuple(_local(v, own).lstrip("#") for v in (value or "").split() if v)


def _local(pointer: str, own: str) -> str:
    """``corpus:ID#x`` → ``#x`` when ID is this text (``own`` is ``corpus:ID#``).

    A translation points at its source's ids through the ``corpus:`` prefix,
    since they are not in its own file (TEI resolves ``#x`` in the file it
    stands in); in the model, a text and its translations share one set of
    ids, so both forms name the same unit.
    """
    return "#" + pointer[len(own) :] if own and pointer.startswith(own) else pointer


class _Reader:
    """One pass over one file; collects notes, units and sentences as it goes."""

    def __init__(self, path: Path, root: etree._Element) -> None:
        self.path = path
        self.root = root
        self.default_lang = root.get(XML_LANG) or "en"
        self.own = f"corpus:{root.get(XML_ID)}#" if root.get(XML_ID) else ""
        self.notes: dict[str, Note] = {}
        self.units: dict[str, Unit] = {}
        self.order: list[str] = []
        self.sentences: dict[str, tuple[str, Sentence]] = {}
        self.unit_stack: list[str] = []
        self.seen_notes: set[str] = set()

    # -- languages -----------------------------------------------------------

    def lang_of(self, element: etree._Element) -> str:
        node: etree._Element | None = element
        while node is not None:
            lang = node.get(XML_LANG)
            if lang:
                return lang
            node = node.getparent()
        return self.default_lang

    # -- blocks --------------------------------------------------------------

    def blocks(self, element: etree._Element) -> tuple[Block, ...]:
        out: list[Block] = []
        for child in element:
            block = self.block(child)
            if block is not None:
                out.append(block)
        return tuple(out)

    def block(self, element: etree._Element) -> Block | None:
        tag = local(element)
        if not tag:
            return None  # comment or processing instruction
        if tag in EITHER_TAGS and self._is_phrasal(element):
            return self.unit(element)
        if tag in CONTAINER_TAGS:
            return Container(
                tag=tag,
                id=element.get(XML_ID),
                type=element.get("type"),
                n=element.get("n"),
                lang=self.lang_of(element),
                corresp=_ids(element.get("corresp"), self.own),
                attrs={k: v for k, v in element.attrib.items() if k in ("source", "rend")},
                children=self.blocks(element),
                line=element.sourceline or 0,
            )
        return self.unit(element)

    def _is_phrasal(self, element: etree._Element) -> bool:
        if (element.text or "").strip():
            return True
        for child in element:
            if local(child) and local(child) in BLOCK_CHILD_TAGS - {"note"}:
                return False
            if (child.tail or "").strip():
                return True
        return not any(local(c) in BLOCK_CHILD_TAGS for c in element)

    def unit(self, element: etree._Element) -> Unit:
        unit_id = element.get(XML_ID)
        if unit_id:
            # Reserve the place in reading order before the notes called inside.
            self.order.append(unit_id)
            self.unit_stack.append(unit_id)
        try:
            content = self.inline(element)
        finally:
            if unit_id:
                self.unit_stack.pop()
        unit = Unit(tag=local(element), id=unit_id, content=content, **self.unit_fields(element))
        if unit_id:
            self.units[unit_id] = unit
        return unit

    def unit_fields(self, element: etree._Element) -> dict[str, Any]:
        """The attributes every unit and note takes from its element."""
        return {
            "n": element.get("n"),
            "type": element.get("type"),
            "lang": self.lang_of(element),
            "corresp": _ids(element.get("corresp"), self.own),
            "source": element.get("source"),
            "copy_of": element.get("copyOf"),
            "line": element.sourceline or 0,
        }

    def ordered_units(self) -> dict[str, Unit]:
        return {key: self.units[key] for key in dict.fromkeys(self.order) if key in self.units}

    # -- inline content --------------------------------------------------------

    def inline(self, element: etree._Element) -> tuple[Inline, ...]:
        out: list[Inline] = []
        if element.text:
            out.append(Text(text=element.text))
        for child in element:
            node = self.phrase(child)
            if node is not None:
                out.append(node)
            if child.tail:
                out.append(Text(text=child.tail))
        return tuple(_merge_text(out))

    def phrase(self, element: etree._Element) -> Inline | None:
        tag = local(element)
        if not tag:
            return None
        if tag == "s":
            sentence_id = element.get(XML_ID)
            renders = ((sentence_id,) if sentence_id else ()) + _ids(
                element.get("corresp"), self.own
            )
            sentence = Sentence(
                id=sentence_id,
                renders=renders,
                lang=element.get(XML_LANG),
                children=self.inline(element),
                line=element.sourceline or 0,
            )
            if sentence_id and self.unit_stack:
                self.sentences[sentence_id] = (self.unit_stack[-1], sentence)
            return sentence
        if tag == "note":
            return self.note(element)
        if tag == "ptr" and element.get("type") == "noteref":
            target = _local(element.get("target", ""), self.own).lstrip("#")
            return NoteCall(note_id=target, n=self._note_number(target), first=False)
        if tag in ("ref", "ptr"):
            return Link(
                target=_local(element.get("target", ""), self.own),
                type=element.get("type"),
                children=self.inline(element),
            )
        if tag == "gap":
            return Gap(reason=element.get("reason", "unknown"))
        if tag == "p" and self.unit_stack and self.unit_stack[-1].startswith("n"):
            return Span(tag="p", children=self.inline(element))
        if tag == "lb" or (tag == "milestone" and element.get("unit") == "paragraph"):
            return Break()  # a paragraph of a note: its sentences stay children of the note
        attrs = {
            k.split("}", 1)[-1]: v for k, v in element.attrib.items() if k not in (XML_ID, XML_LANG)
        }
        if element.get(XML_ID):
            attrs["id"] = element.get(XML_ID, "")
        return Span(
            tag=tag,
            attrs=attrs,
            lang=element.get(XML_LANG),
            children=self.inline(element),
        )

    def _note_number(self, note_id: str) -> str:
        found = self.root.find(f".//{TEI}note[@{XML_ID}='{note_id}']")
        return found.get("n", "") if found is not None else ""

    def note(self, element: etree._Element) -> NoteCall:
        note_id = element.get(XML_ID) or f"_anon{len(self.notes) + 1}"
        self.order.append(note_id)
        self.unit_stack.append(note_id)
        try:
            paragraphs = [c for c in element if local(c) == "p"]
            if paragraphs:
                content: list[Inline] = []
                for index, para in enumerate(paragraphs):
                    if index:
                        content.append(Break())
                    content.extend(self.inline(para))
                body: tuple[Inline, ...] = tuple(content)
            elif element.find(f"{TEI}milestone[@unit='paragraph']") is not None:
                body = _paragraphs(self.inline(element))
            else:
                body = self.inline(element)
        finally:
            self.unit_stack.pop()
        note = Note(
            tag="note",
            id=note_id,
            content=body,
            place=element.get("place", "foot"),
            absent=any(isinstance(node, Gap) for node in body)
            and not any(isinstance(node, Sentence) for node in body),
            resp=element.get("resp"),
            **self.unit_fields(element),
        )
        self.notes[note_id] = note
        self.units[note_id] = note
        return NoteCall(note_id=note_id, n=element.get("n", ""), first=True)


def _paragraphs(content: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """A note's paragraphs as line breaks, the layout whitespace around them dropped
    (as it is when the paragraphs are p elements)."""
    kept = list(content)
    blank = [isinstance(node, Text) and not node.text.strip() for node in kept]
    edges = {0, len(kept) - 1}
    return tuple(
        node
        for index, node in enumerate(kept)
        if not blank[index]
        or not (
            index in edges
            or isinstance(kept[index - 1], Break)
            or isinstance(kept[index + 1], Break)
        )
    )


def _merge_text(nodes: list[Inline]) -> list[Inline]:
    merged: list[Inline] = []
    for node in nodes:
        if isinstance(node, Text) and merged and isinstance(merged[-1], Text):
            merged[-1] = Text(text=merged[-1].text + node.text)
        else:
            merged.append(node)
    return merged


# ------------------------------------------------------------------- header


def _first(root: etree._Element, path: str) -> etree._Element | None:
    found = root.find(path.replace("tei:", TEI))
    return found


def _first_of(root: etree._Element, *paths: str) -> etree._Element | None:
    for path in paths:
        found = _first(root, path)
        if found is not None:
            return found
    return None


def _all(root: etree._Element, path: str) -> list[etree._Element]:
    return list(root.iterfind(path.replace("tei:", TEI)))


def read_header(root: etree._Element) -> Header:
    header = _first(root, "tei:teiHeader")
    if header is None:
        header = etree.Element(f"{TEI}teiHeader")
    lang = root.get(XML_LANG) or "en"
    title_stmt = _first(header, "tei:fileDesc/tei:titleStmt")
    title_el = None
    short_el = None
    titles: dict[str, str] = {}
    if title_stmt is not None:
        title_el = _first_of(title_stmt, "tei:title[@type='main']", "tei:title")
        short_el = _first(title_stmt, "tei:title[@type='short']")
        for title_element in _all(title_stmt, "tei:title"):
            if title_element.get("type") in (None, "main", "parallel"):
                titles.setdefault(title_element.get(XML_LANG) or lang, text_of(title_element))
    title = text_of(title_el) or root.get(XML_ID, "untitled")
    authors = tuple(_person(a) for a in _all(header, "tei:fileDesc/tei:titleStmt/tei:author"))
    languages = {
        language.get("ident", ""): text_of(language)
        for language in _all(header, "tei:profileDesc/tei:langUsage/tei:language")
    }
    capture = text_of(_first(header, ".//tei:bibl[@type='capture']/tei:idno[@type='seed']"))
    return Header(
        title=title,
        short_title=text_of(short_el) or title,
        titles=titles,
        authors=authors,
        publication=_publication(header),
        capture=capture or None,
        languages=languages,
        provenance=_provenance(root, header),
        revisions=tuple(
            f"{c.get('when', '')}: {text_of(c)}"
            for c in _all(header, "tei:revisionDesc/tei:change")
        ),
    )


def _person(author: etree._Element) -> Person:
    pers = _first(author, "tei:persName")
    org = _first(author, "tei:orgName")
    name = text_of(pers) or text_of(org) or text_of(author)
    orcid = text_of(_first(author, "tei:idno[@type='ORCID']")) or None
    affiliation = text_of(_first(author, "tei:affiliation")) or None
    return Person(
        name=name, orcid=orcid, affiliation=affiliation, is_org=pers is None and org is not None
    )


def _publication(header: etree._Element) -> Publication:
    bibl = _first(header, "tei:fileDesc/tei:sourceDesc/tei:biblStruct")
    if bibl is None:
        return Publication()

    def find(path: str) -> str | None:
        return text_of(_first(bibl, path)) or None

    def attr(path: str, name: str) -> str | None:
        element = _first(bibl, path)
        return element.get(name) if element is not None else None

    date_when = attr("tei:monogr/tei:imprint/tei:date", "when") or attr(
        "tei:analytic/tei:date", "when"
    )
    pages_el = _first(bibl, "tei:monogr/tei:imprint/tei:biblScope[@unit='page']")
    pages = None
    if pages_el is not None:
        pages = text_of(pages_el) or "–".join(
            p for p in (pages_el.get("from"), pages_el.get("to")) if p
        )
    container = _first_of(bibl, "tei:monogr/tei:title[@level='j']", "tei:monogr/tei:title")
    original = _first(bibl, ".//tei:title[@type='original']")
    url = attr("tei:ptr", "target") or attr(".//tei:ptr", "target")
    text_lang = _first(bibl, ".//tei:textLang")
    return Publication(
        kind=bibl.get("type", "article"),
        container_title=text_of(container) or None,
        container_title_alt=find("tei:monogr/tei:title[@type='alt']"),
        publisher=find("tei:monogr/tei:imprint/tei:publisher"),
        volume=find("tei:monogr/tei:imprint/tei:biblScope[@unit='volume']"),
        issue=find("tei:monogr/tei:imprint/tei:biblScope[@unit='issue']"),
        pages=pages,
        year=(date_when or "")[:4] or None,
        date_text=find("tei:monogr/tei:imprint/tei:date"),
        doi=find("tei:idno[@type='DOI']") or find(".//tei:idno[@type='DOI']"),
        url=url,
        received=attr("tei:note[@type='received']/tei:date", "when"),
        accepted=attr("tei:note[@type='accepted']/tei:date", "when"),
        book=find("tei:relatedItem[@type='book']//tei:title"),
        collection=find("tei:relatedItem[@type='collection']//tei:title"),
        original_title=text_of(original) or None,
        original_lang=original.get(XML_LANG) if original is not None else None,
        text_main_lang=text_lang.get("mainLang") if text_lang is not None else None,
        text_lang_note=text_of(text_lang) or None if text_lang is not None else None,
    )


def _provenance(root: etree._Element, header: etree._Element) -> Provenance:
    kind = root.get("type", "source")
    revision = _first(header, "tei:revisionDesc")
    status = revision.get("status") if revision is not None else None
    changes = _all(header, "tei:revisionDesc/tei:change")
    date = changes[-1].get("when") if changes else None
    method = text_of(_first(header, "tei:encodingDesc/tei:projectDesc")) or None
    resp_names = [
        text_of(_first(r, "tei:name"))
        for r in _all(header, "tei:fileDesc/tei:titleStmt/tei:respStmt")
        if "transl" in text_of(_first(r, "tei:resp")).lower()
    ]
    if kind == "source":
        return Provenance(role="original", status=status or "published", date=date)
    role = "back-translation" if kind == "back-translation" else "translation"
    return Provenance(
        role=role,
        status=status or "draft",
        date=date,
        method=method,
        resp=", ".join(n for n in resp_names if n) or None,
    )


#: The kinds of repair of capture damage: the categories of the header's
#: ``taxonomy xml:id="repairs"`` that ``item/@ana`` points at (docs/encoding.md).
REPAIR_KINDS: dict[str, str] = {
    "page-break": "A paragraph that a page break (or line break) of the capture split in two, "
    "rejoined; @n names the paragraph.",
    "note-moved": "A note body that the capture held away from its call (between the halves of "
    "a paragraph, in a list of notes), moved to its call; @n names the note.",
    "hyphenation": "A word hyphenated across a page break of the capture, joined; @n gives the "
    "two halves as captured, separated by |.",
    "split": "Two units that the capture ran together, set apart; @n names the unit set apart.",
    "markup": "Markup that the capture lost, restored; @n names the unit.",
}


def repairs(root: etree._Element) -> list[tuple[str, str, str]]:
    """``(kind, n, text)`` of each repair of capture damage the header lists.

    The items of ``editorialDecl/correction//list[@type='repairs']``; the kind
    is the category of the header's taxonomy that ``item/@ana`` points at
    (``#page-break``, ``#hyphenation`` …), ``@n`` says where (docs/encoding.md).
    """
    path = f"{TEI}teiHeader/{TEI}encodingDesc/{TEI}editorialDecl/{TEI}correction//{TEI}list"
    found = []
    for repair_list in root.iterfind(f"{path}[@type='repairs']"):
        for item in repair_list.iterfind(f"{TEI}item"):
            kind = (item.get("ana") or "").removeprefix("#")
            found.append((kind, item.get("n", ""), text_of(item)))
    return found


# --------------------------------------------------------------- entry point


def read(path: Path) -> Document:
    """Read ``path`` (safely) into a :class:`Document`."""
    tree = load(path)
    return read_tree(path, tree.getroot())


def read_tree(path: Path, root: etree._Element) -> Document:
    reader = _Reader(path, root)
    text = _first(root, "tei:text")
    parts: dict[str, tuple[Block, ...]] = {"front": (), "body": (), "back": ()}
    if text is not None:
        for part in parts:
            element = _first(text, f"tei:{part}")
            if element is not None:
                parts[part] = reader.blocks(element)
    return Document(
        id=root.get(XML_ID, path.stem),
        lang=root.get(XML_LANG, "en"),
        path=str(path),
        header=read_header(root),
        front=parts["front"],
        body=parts["body"],
        back=parts["back"],
        notes=reader.notes,
        units=reader.ordered_units(),
        sentences=reader.sentences,
    )
