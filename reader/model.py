"""The document model: one closed set of node kinds shared by every stage.

The TEI reader (``reader.tei``) produces it; validation, alignment, the
library API and the HTML/PDF writers consume it; nothing else is shared.

Inline nodes (inside a unit)::

    Text        plain characters
    Span        a phrase element kept by name: hi, title, q, foreign, date,
                persName, placeName, orgName, name, num, idno, citedRange,
                label, bibl, author, sic, corr, choice …
    Sentence    an <s>: a citable sentence, with the source sentences it renders
    NoteCall    where a note is called (the note itself lives in Document.notes)
    Link        a ref/ptr to a target (bibliography entry, another text, a URL)
    Gap         something the source or capture does not hold
    Break       a paragraph break inside a note of several paragraphs

Block nodes (the skeleton)::

    Unit        a block holding inline content: p, head, item, note, dateline,
                salute, signed, titlePart, bibl, docAuthor …; citable when it has an id
    Container   a block holding blocks: div, list, quote, floatingText, opener,
                closer, figure, listBibl, titlePage, byline …

Every block (unit, note, container) and every sentence remembers the line of
the file it came from (``line``), so that a check or a writer can say where
the text it concerns stands; the other inline nodes (text, spans, note calls,
links, gaps, breaks) do not, and a message about one names the line of its
sentence or unit.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field


class Node(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# ---------------------------------------------------------------- inline nodes


class Text(Node):
    kind: Literal["text"] = "text"
    text: str


class Span(Node):
    """A phrase element kept by name, with its attributes."""

    kind: Literal["span"] = "span"
    tag: str
    attrs: dict[str, str] = Field(default_factory=dict)
    lang: str | None = None
    children: tuple[Inline, ...] = ()


class Sentence(Node):
    """A sentence. ``renders`` are the source sentence ids it stands for."""

    kind: Literal["s"] = "s"
    id: str | None
    renders: tuple[str, ...]
    lang: str | None = None
    children: tuple[Inline, ...] = ()
    line: int = 0


class NoteCall(Node):
    kind: Literal["notecall"] = "notecall"
    note_id: str
    n: str
    first: bool = True


class Link(Node):
    """A ref or ptr: ``type`` is cite, noteref, corpus, url …"""

    kind: Literal["link"] = "link"
    target: str
    type: str | None = None
    children: tuple[Inline, ...] = ()


class Gap(Node):
    kind: Literal["gap"] = "gap"
    reason: str


class Break(Node):
    kind: Literal["break"] = "break"


Inline = Annotated[
    Union[Text, Span, Sentence, NoteCall, Link, Gap, Break],  # noqa: UP007
    Field(discriminator="kind"),
]


# ----------------------------------------------------------------- block nodes


class Unit(Node):
    """A block of inline content. Citable when ``id`` is set."""

    kind: Literal["unit"] = "unit"
    tag: str
    id: str | None = None
    n: str | None = None
    type: str | None = None
    lang: str
    corresp: tuple[str, ...] = ()
    source: str | None = None
    copy_of: str | None = None
    content: tuple[Inline, ...] = ()
    line: int = 0

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        """The unit's own sentences (not those of notes called inside it)."""
        return tuple(iter_sentences(self.content))


class Container(Node):
    kind: Literal["container"] = "container"
    tag: str
    id: str | None = None
    type: str | None = None
    n: str | None = None
    lang: str
    corresp: tuple[str, ...] = ()
    attrs: dict[str, str] = Field(default_factory=dict)
    children: tuple[Block, ...] = ()
    line: int = 0


Block = Annotated[Union[Unit, Container], Field(discriminator="kind")]  # noqa: UP007


#: ``@resp`` of a note written by this edition's editors: the respStmt of every file.
EDITORS = "#editors"


class Note(Unit):
    """A note: a unit whose content is shown at its call.

    ``type`` (from :class:`Unit`) says what it is: ``None`` for the author's
    prose, ``reference`` for a bare reference, ``editorial`` for an editor's
    note. ``resp`` says whose: ``#editors`` for a note of this edition's
    editors (docs/translating.md); an editorial note without it is the
    source's own (the printed collection's note in chicherin).
    """

    place: str = "foot"
    absent: bool = False
    resp: str | None = None

    @property
    def is_editors_note(self) -> bool:
        """A note of this edition's editors, not part of the source."""
        return self.type == "editorial" and self.resp == EDITORS


# ---------------------------------------------------------------- the header


class Person(Node):
    name: str
    orcid: str | None = None
    affiliation: str | None = None
    is_org: bool = False


class Publication(Node):
    """What the source states about where it was published."""

    kind: str = "article"
    container_title: str | None = None
    container_title_alt: str | None = None
    publisher: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    year: str | None = None
    #: the ISO date of the work (imprint or analytic date/@when), as precise as the source gives it
    when: str | None = None
    date_text: str | None = None
    #: the DOI of the article itself (analytic); ``container_doi`` is the journal's (monogr)
    doi: str | None = None
    container_doi: str | None = None
    url: str | None = None
    received: str | None = None
    accepted: str | None = None
    book: str | None = None
    collection: str | None = None
    original_title: str | None = None
    original_lang: str | None = None
    #: the source's textLang: the language of the text as captured, and what it says of it
    text_main_lang: str | None = None
    text_lang_note: str | None = None


LanguageRole = Literal["original", "authors-own", "translation", "back-translation"]


class Provenance(Node):
    """What a language version is, for citations and the reader's labels.

    ``rendering_of`` is set on a source whose text is itself a rendering of a
    work written in another language (an English machine rendering of a
    Russian article): the language of that original.
    """

    role: LanguageRole
    status: str = "published"
    date: str | None = None
    method: str | None = None
    resp: str | None = None
    rendering_of: str | None = None


class HeaderNote(Node):
    """A statement of the header, by what it is about.

    ``kind`` is the note's TEI ``@type`` or, for an untyped note, where it
    stands (``source``, ``capture``, ``related``, ``correction``, ``repair`` …);
    ``n`` is the passage or form it names, where the TEI gives one.
    """

    kind: str
    text: str
    lang: str = "en"
    n: str | None = None


class Change(Node):
    """One entry of the revision history (revisionDesc/change)."""

    text: str
    when: str | None = None
    status: str | None = None
    who: str | None = None


class Responsibility(Node):
    """Who did what (respStmt): ``resp`` as the header words it."""

    resp: str
    name: str


class Header(Node):
    title: str
    short_title: str
    titles: dict[str, str] = Field(default_factory=dict)
    authors: tuple[Person, ...] = ()
    publication: Publication = Publication()
    capture: str | None = None
    languages: dict[str, str] = Field(default_factory=dict)
    provenance: Provenance
    revisions: tuple[str, ...] = ()
    #: the facts an "About this text" page gives, read from the header by their TEI meaning
    source_notes: tuple[HeaderNote, ...] = ()
    text_lang: HeaderNote | None = None
    related: tuple[HeaderNote, ...] = ()
    problems: tuple[HeaderNote, ...] = ()
    capture_notes: tuple[HeaderNote, ...] = ()
    editorial: tuple[HeaderNote, ...] = ()
    repairs: tuple[HeaderNote, ...] = ()
    edition: str | None = None
    project: tuple[str, ...] = ()
    responsibilities: tuple[Responsibility, ...] = ()
    changes: tuple[Change, ...] = ()
    availability: str | None = None
    licence_url: str | None = None
    publisher: str | None = None
    keywords: dict[str, tuple[str, ...]] = Field(default_factory=dict)


# -------------------------------------------------------------- the document


class Document(Node):
    """One TEI file: a source text or one of its translations."""

    id: str
    lang: str
    path: str
    header: Header
    front: tuple[Block, ...] = ()
    body: tuple[Block, ...] = ()
    back: tuple[Block, ...] = ()
    notes: dict[str, Note] = Field(default_factory=dict)
    units: dict[str, Unit] = Field(default_factory=dict)
    sentences: dict[str, tuple[str, Sentence]] = Field(default_factory=dict)

    @property
    def blocks(self) -> tuple[Block, ...]:
        return self.front + self.body + self.back

    def unit_order(self) -> list[str]:
        """Citable unit ids in reading order (notes where they are first called)."""
        return list(self.units)


def version_provenance(
    source: Document,
    translations: Mapping[str, Document],
    lang: str,
    origin: str | None = None,
) -> Provenance:
    """What the text of ``source`` shown in ``lang`` is: the one rule for citations,
    the reader's labels, the home page and the About pages.

    ``origin`` is where a unit's text comes from (``reader.align.Origin``), when
    the question is about one unit rather than a whole language version: the
    author's own wording is published by the author, whatever version shows it;
    a unit shown in the original (untranslated, not yet translated) is the
    source's. A language without a translation shows the source.
    """
    if origin == "authors-own":
        return Provenance(role="authors-own", status="published")
    if origin in ("original", "missing") or lang == source.lang:
        return source.header.provenance
    document = translations.get(lang)
    return document.header.provenance if document is not None else source.header.provenance


# ------------------------------------------------------------------ traversal


def iter_sentences(content: tuple[Inline, ...]) -> Iterator[Sentence]:
    """Sentences of ``content`` in order, not descending into notes."""
    for node in content:
        if isinstance(node, Sentence):
            yield node
        elif isinstance(node, Span | Link):
            yield from iter_sentences(node.children)


def iter_blocks(blocks: tuple[Block, ...]) -> Iterator[Block]:
    """Every block, depth first, in reading order."""
    for block in blocks:
        yield block
        if isinstance(block, Container):
            yield from iter_blocks(block.children)


def plain_text(content: tuple[Inline, ...], *, corrected: bool = False) -> str:
    """The characters of ``content`` without note calls; ``sic`` unless ``corrected``."""
    parts: list[str] = []
    _collect_text(content, parts, corrected)
    return "".join(parts)


def collapsed_text(content: tuple[Inline, ...], *, corrected: bool = False) -> str:
    """:func:`plain_text` with its whitespace collapsed: the words, one space between them.

    The one rule for comparing, indexing and quoting a passage's words.
    """
    return " ".join(plain_text(content, corrected=corrected).split())


def _collect_text(content: tuple[Inline, ...], out: list[str], corrected: bool) -> None:
    for node in content:
        if isinstance(node, Text):
            out.append(node.text)
        elif isinstance(node, Span):
            if node.tag == "choice":
                wanted = "corr" if corrected else "sic"
                chosen = [c for c in node.children if isinstance(c, Span) and c.tag == wanted]
                _collect_text(tuple(chosen) or node.children, out, corrected)
            else:
                _collect_text(node.children, out, corrected)
        elif isinstance(node, Sentence | Link):
            _collect_text(node.children, out, corrected)
        elif isinstance(node, Break):
            out.append("\n")


def note_calls(content: tuple[Inline, ...]) -> Iterator[NoteCall]:
    for node in content:
        if isinstance(node, NoteCall):
            yield node
        elif isinstance(node, Span | Sentence | Link):
            yield from note_calls(node.children)


for _model in (Span, Sentence, Link, Unit, Container, Note, Document):
    _model.model_rebuild()
