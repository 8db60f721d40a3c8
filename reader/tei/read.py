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
    Change,
    Container,
    Document,
    Gap,
    Header,
    HeaderNote,
    Inline,
    Link,
    Note,
    NoteCall,
    Person,
    Provenance,
    Publication,
    Responsibility,
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
    about = _about(header)
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
        **about,
    )


# -- the facts of an "About this text" page ------------------------------------
#
# Read by TEI meaning, not by the order or wording of one file: a note's @type
# says what it is about, and where a note stands (in the source's biblStruct,
# in the capture's bibl, in a relatedItem) says what it describes.

#: notes of the source's biblStruct that are data read elsewhere (dates of the article)
_DATED_NOTES = frozenset({"received", "accepted"})
#: notes that describe a known problem of the source rather than the source itself
_PROBLEM_NOTES = frozenset({"problem", "problems", "discrepancy", "erratum"})


def _header_lang(element: etree._Element) -> str:
    """The language of a header statement: its own or an ancestor's xml:lang inside the header.

    Header prose without one is the project's working language, English,
    whatever the language of the text it describes.
    """
    node: etree._Element | None = element
    while node is not None and local(node) != "TEI":
        value = node.get(XML_LANG)
        if value:
            return value
        if local(node) == "teiHeader":
            break
        node = node.getparent()
    return "en"


def _prose(element: etree._Element | None, *, skip: frozenset[str] = frozenset()) -> str:
    """The words of a header element as a reader should see them.

    A correction reads "sic [corr]"; a gap reads "[…]"; items of a list are
    separated; elements named in ``skip`` are left out.
    """
    if element is None:
        return ""
    parts: list[str] = []

    def walk(node: etree._Element) -> None:
        tag = local(node)
        if tag in skip:
            return
        if tag == "choice":
            sic = _first(node, "tei:sic")
            corr = _first(node, "tei:corr")
            if sic is not None:
                parts.append(_prose(sic))
            if corr is not None:
                parts.append(f" [{_prose(corr)}]")
            return
        if tag == "gap":
            parts.append("[…]")
            return
        if tag in ("lb", "item") and parts:
            parts.append(" · " if tag == "item" else " ")
        if node.text:
            parts.append(node.text)
        for child in node:
            if local(child):
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(element)
    return " ".join("".join(parts).split()).strip(" ·")


def _note(element: etree._Element, kind: str) -> HeaderNote:
    return HeaderNote(
        kind=kind, text=_prose(element), lang=_header_lang(element), n=element.get("n")
    )


def _about(header: etree._Element) -> dict[str, Any]:
    source_notes: list[HeaderNote] = []
    problems: list[HeaderNote] = []
    related: list[HeaderNote] = []
    capture_notes: list[HeaderNote] = []
    bibl = _first(header, "tei:fileDesc/tei:sourceDesc/tei:biblStruct")
    text_lang = None
    if bibl is not None:
        for author_note in _all(bibl, "tei:analytic/tei:author/tei:note"):
            source_notes.append(_note(author_note, author_note.get("type") or "author"))
        language = _first(bibl, "tei:analytic/tei:textLang")
        if language is not None:
            text_lang = HeaderNote(
                kind="textLang",
                text=_prose(language),
                lang=_header_lang(language),
                n=language.get("mainLang"),
            )
        for note in _all(bibl, "tei:note"):
            kind = note.get("type") or "source"
            if kind in _DATED_NOTES:
                continue
            (problems if kind in _PROBLEM_NOTES else source_notes).append(_note(note, kind))
        for item in _all(bibl, "tei:relatedItem"):
            described = _first_of(item, "tei:bibl", "tei:biblStruct")
            if described is None:
                described = item
            parts = [c for c in described if local(c) and local(c) != "note"]
            mixed = (described.text or "").strip() or any((c.tail or "").strip() for c in parts)
            words = (
                _prose(described, skip=frozenset({"note"}))
                if mixed
                else ", ".join(w for w in (_prose(c) for c in parts) if w)
            )
            notes = [_prose(n) for n in _all(described, "tei:note")]
            related.append(
                HeaderNote(
                    kind=item.get("type") or "related",
                    text=" ".join(
                        p for p in [words + ("." if words and notes else ""), *notes] if p
                    ),
                    lang=_header_lang(item),
                )
            )
    for author_note in _all(header, "tei:fileDesc/tei:titleStmt/tei:author/tei:note"):
        described_author = _note(author_note, author_note.get("type") or "author")
        if described_author not in source_notes:
            source_notes.append(described_author)
    for capture in _all(header, "tei:fileDesc/tei:sourceDesc/tei:bibl[@type='capture']"):
        for note in _all(capture, "tei:note"):
            kind = note.get("type") or "capture"
            (problems if kind in _PROBLEM_NOTES else capture_notes).append(_note(note, kind))
    editorial: list[HeaderNote] = []
    repairs: list[HeaderNote] = []
    decl = _first(header, "tei:encodingDesc/tei:editorialDecl")
    if decl is not None:
        for part in decl:
            kind = local(part)
            if not kind:
                continue
            words = _prose(part, skip=frozenset({"list"}))
            if words:
                editorial.append(HeaderNote(kind=kind, text=words, lang=_header_lang(part)))
            for item in part.iterfind(f".//{TEI}list[@type='repairs']/{TEI}item"):
                # The kind is the taxonomy category @ana points at (older files: @type).
                kind = (item.get("ana") or "").removeprefix("#") or item.get("type") or "repair"
                repairs.append(_note(item, kind))
    availability = _first(header, "tei:fileDesc/tei:publicationStmt/tei:availability")
    licence = _first(header, "tei:fileDesc/tei:publicationStmt/tei:availability/tei:licence")
    keywords: dict[str, tuple[str, ...]] = {}
    for group in _all(header, "tei:profileDesc/tei:textClass/tei:keywords"):
        terms = tuple(_prose(term) for term in _all(group, "tei:term"))
        if terms:
            keywords.setdefault(_header_lang(group), terms)
    return {
        "source_notes": tuple(source_notes),
        "text_lang": text_lang,
        "related": tuple(related),
        "problems": tuple(problems),
        "capture_notes": tuple(capture_notes),
        "editorial": tuple(editorial),
        "repairs": tuple(repairs),
        "edition": _prose(_first(header, "tei:fileDesc/tei:editionStmt/tei:edition")) or None,
        "project": tuple(
            _prose(p) for p in _all(header, "tei:encodingDesc/tei:projectDesc/tei:p") if _prose(p)
        ),
        "responsibilities": tuple(
            Responsibility(resp=_prose(_first(r, "tei:resp")), name=_prose(_first(r, "tei:name")))
            for r in _all(header, "tei:fileDesc/tei:titleStmt/tei:respStmt")
            if _first(r, "tei:name") is not None
        ),
        "changes": tuple(
            Change(
                text=_prose(c),
                when=c.get("when"),
                status=c.get("status"),
                who=c.get("who"),
            )
            for c in _all(header, "tei:revisionDesc/tei:change")
        ),
        "availability": _prose(availability) or None,
        "licence_url": licence.get("target") if licence is not None else None,
        "publisher": _prose(_first(header, "tei:fileDesc/tei:publicationStmt/tei:publisher"))
        or None,
        "keywords": keywords,
    }


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
        when=date_when or None,
        date_text=find("tei:monogr/tei:imprint/tei:date"),
        # The article's DOI stands in analytic (or, in older files, on the biblStruct
        # itself); a DOI in monogr is the journal's and never the article's.
        doi=find("tei:analytic/tei:idno[@type='DOI']") or find("tei:idno[@type='DOI']"),
        container_doi=find("tei:monogr/tei:idno[@type='DOI']"),
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
        return Provenance(
            role="original",
            status=status or "published",
            date=date,
            rendering_of=_rendering_of(root, header),
        )
    role = "back-translation" if kind == "back-translation" else "translation"
    return Provenance(
        role=role,
        status=status or "draft",
        date=date,
        method=method,
        resp=", ".join(n for n in resp_names if n) or None,
    )


def _rendering_of(root: etree._Element, header: etree._Element) -> str | None:
    """The language of the work a source's text renders, when the text is not in it.

    The described work's language (analytic/textLang/@mainLang) or the language
    of its original title, where either differs from the language of the text.
    """
    lang = root.get(XML_LANG) or "en"
    analytic = _first(header, "tei:fileDesc/tei:sourceDesc/tei:biblStruct/tei:analytic")
    if analytic is None:
        return None
    language = _first(analytic, "tei:textLang")
    main = language.get("mainLang") if language is not None else None
    if main and main != lang:
        return main
    original = _first(analytic, "tei:title[@type='original']")
    original_lang = original.get(XML_LANG) if original is not None else None
    return original_lang if original_lang and original_lang != lang else None


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
