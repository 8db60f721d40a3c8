"""Print editions: a PDF of each text in each language and in pairs side by side.

``reader build --pdf`` writes, for every text of the corpus::

    build/pdf/ID.LANG.pdf        each language the text has (en, tr, ru)
    build/pdf/ID.L1-L2.pdf       each pair of them, the original on the left
                                 (en-tr, en-ru, tr-ru for an English source)

and ``reader pdf ID --langs en,tr`` writes one of them (any order) on demand.

The same model and the same inline renderer as the HTML reader make the
page (:class:`PrintPage` is the reader's :class:`~reader.render.html.Page`
with print options): the source is the skeleton, one table row per unit,
one cell per language, so both versions of a paragraph start at the same
height and a long row breaks across pages. Notes are footnotes at the foot of
the page that calls them, in their column's language and numbered as in the
source (``data-n``), the same number in both columns. The paragraph id (¶ 12)
stands in the margin; a title page says what each language version is.

WeasyPrint renders a tagged PDF (``pdf/ua-1``); :mod:`reader.render.pdf.tags`
adds the language of every column and footnote, tags footnotes as notes,
marks running heads as artifacts and adds the PDF/A-2 identification.
Rendering reads nothing but the print stylesheet
(:class:`~reader.render.pdf.fetch.AssetFetcher`). After rendering,
:func:`unpaired_rows` checks that both halves of every row start on the same
page; a row that does not is rendered again kept whole, and reported if that
does not help.

PDFs are rendered in parallel processes and written through
:func:`reader.build.write_outputs`: a PDF whose inputs did not change is not
rendered again, and a failed render leaves the previous PDFs untouched.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import io
import itertools
import logging
import multiprocessing
import os
import re
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from reader.align import AlignedText, UnitVersion, load_aligned
from reader.corpus import Corpus
from reader.errors import Problem
from reader.model import Block, Container, Inline, Note, NoteCall, Unit
from reader.refs import parallel_version_of, unit_label
from reader.render.common import i18n
from reader.render.common.inline import CallMarkup, InlineOptions
from reader.render.common.output import code_digest, digest
from reader.render.html.page import (
    LANGS,
    SITE_NAME,
    Cell,
    Page,
    Row,
    environment,
    localized_statement,
)
from reader.render.html.site import kind_label, title_in
from reader.render.pdf.chunks import groups

#: Where the print templates and the stylesheet live (the only files WeasyPrint may read).
ASSETS = Path(str(resources.files("reader") / "render" / "pdf" / "templates"))
STYLESHEET = ASSETS / "print.css"
TEMPLATE = "edition.html"

#: Rows whose longest cell has fewer characters are kept whole on one page.
KEEP_WHOLE_CHARS = 420
#: Rows with a footnote shorter than this are kept whole (WeasyPrint can start
#: one column of a split row with a footnote a page late).
KEEP_WHOLE_WITH_NOTE_CHARS = 1400

#: Labels of the print edition that the interface catalogues do not have (yet).
LABELS: dict[str, dict[str, str]] = {
    "print_edition": {"en": "Print edition", "tr": "Basılı sürüm", "ru": "Печатное издание"},
    "source": {"en": "The source", "tr": "Kaynak", "ru": "Источник"},
    "versions": {
        "en": "The language versions of this edition",
        "tr": "Bu edisyondaki dil sürümleri",
        "ru": "Языковые версии этого издания",
    },
    "contents": {"en": "Contents", "tr": "İçindekiler", "ru": "Содержание"},
    "citing": {"en": "Citing", "tr": "Atıf", "ru": "Цитирование"},
    "cite_how": {
        "en": (
            "Each passage carries its identifier in the margin (¶ 12 is {id}:p12). The "
            "identifiers are the same in every language, in the online reader and in the "
            "passage API, so a printed citation and an online one coincide."
        ),
        "tr": (
            "Her pasajın tanımlayıcısı kenar boşluğundadır (¶ 12, {id}:p12 demektir). "
            "Tanımlayıcılar her dilde, çevrimiçi okuyucuda ve pasaj API'sinde aynıdır; "
            "basılı bir atıf ile çevrimiçi bir atıf örtüşür."
        ),
        "ru": (
            "Идентификатор каждого фрагмента указан на полях (¶ 12 означает {id}:p12). "
            "Идентификаторы одинаковы во всех языках, в онлайн-читалке и в API "
            "фрагментов, поэтому печатная и онлайн-ссылка совпадают."
        ),
    },
    "untranslated": {
        "en": (
            "Bibliographic reference notes, the bibliography and reader comments are not "
            "translated: they are shown in the original language and marked so."
        ),
        "tr": (
            "Yalnızca kaynak gösteren notlar, kaynakça ve okur yorumları çevrilmemiştir: "
            "özgün dillerinde gösterilir ve böyle işaretlenir."
        ),
        "ru": (
            "Библиографические примечания, список литературы и комментарии читателей не "
            "переводились: они приводятся на языке оригинала с соответствующей пометкой."
        ),
    },
    "untranslated_part": {
        "en": "Not translated: this part is printed in the original language ({language}).",
        "tr": "Çevrilmedi: bu bölüm özgün dilinde ({language}) basılmıştır.",
        "ru": "Не переведено: эта часть приводится на языке оригинала ({language}).",
    },
    "comments_heading": {
        "en": "Reader comments",
        "tr": "Okur yorumları",
        "ru": "Комментарии читателей",
    },
    "bibliography_heading": {"en": "Bibliography", "tr": "Kaynakça", "ru": "Библиография"},
    "absent_statement": {
        "en": (
            "The capture of this source keeps the reference marks of its notes ([1], [2] …) "
            "but not the notes themselves; the marks are printed as the source prints them."
        ),
        "tr": (
            "Bu kaynağın kaydı notlarının gönderme işaretlerini ([1], [2] …) korur, notların "
            "kendisini içermez; işaretler kaynaktaki gibi basılmıştır."
        ),
        "ru": (
            "Копия этого источника сохраняет знаки ссылок на примечания ([1], [2] …), но не "
            "сами примечания; знаки напечатаны так, как в источнике."
        ),
    },
    "columns": {
        "en": "Left column: {left}. Right column: {right}.",
        "tr": "Sol sütun: {left}. Sağ sütun: {right}.",
        "ru": "Левая колонка: {left}. Правая колонка: {right}.",
    },
    "original_language": {
        "en": "Original language of the source: {language}.",
        "tr": "Kaynağın özgün dili: {language}.",
        "ru": "Язык оригинала источника: {language}.",
    },
    "rendering_of": {
        "en": "The text printed here is an English rendering of a {language} original.",
        "tr": "Burada basılan metin, {language} bir özgün metnin İngilizce aktarımıdır.",
        "ru": "Здесь напечатан английский перевод оригинала на языке: {language}.",
    },
    "original_mark": {"en": "[original]", "tr": "[özgün metin]", "ru": "[оригинал]"},
    "continued": {"en": "(continued)", "tr": "(devamı)", "ru": "(продолжение)"},
    "absent": {
        "en": "note text absent from the source capture",
        "tr": "not metni kaynağın kaydında yok",
        "ru": "текст примечания отсутствует в копии источника",
    },
    "parallel_subject": {
        "en": "Parallel text ({languages}) of a source on Soviet–Turkish relations, 1919–1922",
        "tr": "Sovyet–Türk ilişkileri (1919–1922) üzerine bir kaynağın paralel metni ({languages})",
        "ru": "Параллельный текст ({languages}) источника о советско-турецких отношениях 1919–1922 гг.",
    },
    "single_subject": {
        "en": "A source on Soviet–Turkish relations, 1919–1922, in {languages}",
        "tr": "Sovyet–Türk ilişkileri (1919–1922) üzerine bir kaynak, {languages}",
        "ru": "Источник о советско-турецких отношениях 1919–1922 гг., {languages}",
    },
}


def label(key: str, ui: str, **values: str) -> str:
    """A print label in the interface language ``ui`` (English when it has none)."""
    text = LABELS[key].get(ui) or LABELS[key]["en"]
    for name, value in values.items():
        text = text.replace("{" + name + "}", value)
    return text


# ----------------------------------------------------------------- views


def print_views(aligned: AlignedText) -> list[tuple[str, ...]]:
    """Each language of a text, then each pair of them with the original on the left.

    A pair of two translations keeps the reader's language order (tr-ru).
    """
    source = aligned.source.lang
    langs = [lang for lang in LANGS if lang in aligned.languages]
    langs.sort(key=lambda lang: (lang != source, LANGS.index(lang)))
    views: list[tuple[str, ...]] = [(lang,) for lang in langs]
    views += list(itertools.combinations(langs, 2))
    return views


def pdf_name(text_id: str, view: Sequence[str]) -> str:
    return f"{text_id}.{'-'.join(view)}.pdf"


# ------------------------------------------------------------- the page


@dataclass
class PrintCell:
    lang: str
    html: Markup
    origin: str
    anchor: str
    badge: str | None = None
    colspan: int = 1
    chars: int = 0
    #: set ragged right: justified, a line of it was loose (reader.render.pdf.layout)
    ragged: bool = False
    #: anchors of the footnotes that float from its calls (one-language editions)
    footnotes: tuple[str, ...] = ()


@dataclass
class PrintNote:
    """A note printed in a column's note block at the foot of a page (two-column editions)."""

    anchor: str
    lang: str
    note_id: str
    column: int
    number: str
    html: Markup
    mark: Markup = field(default_factory=lambda: Markup(""))


@dataclass
class PrintRow:
    anchor: str
    kind: str
    cells: list[PrintCell]
    full: bool = False
    level: int = 2
    label: str | None = None
    keep: bool = False
    classes: list[str] = field(default_factory=list)
    #: anchors of the notes first called in this row (two-column editions), in order
    notes: list[str] = field(default_factory=list)
    #: set by the page plan: this row begins a page, and the notes of that page
    page_start: bool = False
    page_notes: list[list[PrintNote]] = field(default_factory=list)
    #: a heading or notice: kept on the page of the row that follows it
    keep_with_next: bool = False
    #: in a table with column heads (two columns side by side)
    paired: bool = True


@dataclass
class PrintSection:
    kind: str
    rows: list[PrintRow]


@dataclass
class PrintTable:
    """A run of sections set as one table: paired ones get column heads, full-width ones none."""

    paired: bool
    sections: list[PrintSection]


@dataclass
class Footnote:
    anchor: str
    lang: str
    note_id: str
    column: int


@dataclass
class PrintedCell(Cell):
    """A cell of the print edition, with the notes its calls made."""

    #: anchors of the notes its calls link to, in order (two-column editions)
    note_links: list[str] = field(default_factory=list)
    #: anchors of the footnotes that float from its calls (one-language editions)
    footnotes: list[str] = field(default_factory=list)


class PrintPage(Page):
    """The reader's page model with print options: footnotes at their calls, no ids in text.

    Two-column editions (``grouped``) cut paragraphs into rows of aligned
    sentence groups and collect each row's notes; the page plan then prints
    them in the note block of their column on the page of the row. One-language
    editions flow freely, with WeasyPrint's footnotes at their calls.
    """

    def __init__(self, aligned: AlignedText, view: tuple[str, ...]) -> None:
        super().__init__(aligned, view, text_views={})
        self.grouped = len(view) > 1
        #: footnote anchor → footnote, in document order (one-language editions)
        self.footnotes: dict[str, Footnote] = {}
        #: note anchor → note, in order of first call (two-column editions)
        self.notes: dict[str, PrintNote] = {}
        #: note id → anchor of its footnote, per column language and for the note's unit
        self.note_anchor: dict[tuple[str, str], str] = {}
        self.unit_anchor: dict[tuple[str, int], str] = {}
        #: a note's anchor → the anchors of the same note in the other columns' languages
        self.companions: dict[str, list[str]] = {}
        #: calls of notes whose text the capture lacks (printed as the source's bracketed marks)
        self.absent_calls = 0
        self.row_ids = self._row_ids()

    def _row_ids(self) -> set[str]:
        ids = set()
        for unit_id in self.aligned.source.units:
            if unit_id in self.aligned.source.notes or self.skip(unit_id):
                continue
            ids.add(unit_id)
        return ids

    def print_link(self, target: str) -> str | None:
        if target.startswith("#"):
            return target if target[1:] in self.row_ids else None
        if target.startswith(("http://", "https://")):
            return target
        return None  # corpus: and anything else: the text stays, no link

    def options(self, lang: str, column: str | None = None) -> InlineOptions:
        return InlineOptions(
            link_href=self.print_link,
            sentence_attrs=None,
            labels={
                "sic": self._("The source reads so; the editors' correction follows in brackets:"),
                "absent-from-capture": label(
                    "absent", lang if lang in LABELS["absent"] else self.ui
                ),
            },
            lang=lang,
            sentence_ids=False,
        )

    # -- footnotes ---------------------------------------------------------

    def _is_absent(self, note_id: str) -> bool:
        note = self.aligned.source.units.get(note_id)
        return isinstance(note, Note) and note.absent

    def _render_cell(
        self,
        unit: Unit,
        content: tuple[Inline, ...],
        lang: str,
        column: int,
        full: bool,
        cell: PrintedCell,
    ) -> None:
        """Render ``content`` of ``unit`` into ``cell``: each call a link to its note (two
        columns) or a footnote at the call (one), as the inline renderer's note-call hook."""
        options = self.options(lang)
        options.note_call = lambda call: self._print_call(call, column, full, cell)
        cell.html = guard_identifiers(self.render_unit(unit, options, content))

    def _print_call(self, call: NoteCall, column: int, full: bool, cell: PrintedCell) -> CallMarkup:
        note_id, number = call.note_id, escape(call.n or "?")
        if self._is_absent(note_id):
            # The capture keeps the source's reference marks but not the references:
            # the mark is printed as the source prints it, and the title page says so.
            self.absent_calls += 1
            return CallMarkup(Markup('<span class="ref-mark">[{}]</span>').format(number))
        if self.grouped:
            columns = range(len(self.view)) if full else [column]
            anchors = [self._note(note_id, number, c) for c in columns]
            # A row shown once across the columns (a byline): one call, the note
            # in each column's language.
            self.companions[anchors[0]] = [a for a in anchors[1:] if a and a != anchors[0]]
            if anchors[0]:
                cell.note_links.append(anchors[0])
            return CallMarkup(_call(anchors[0], number), glued=True)
        if not call.first:
            return CallMarkup(self._call_only(note_id, number, self.view[column]), glued=True)
        return self._footnote(note_id, number, column, cell, full)

    def _note(self, note_id: str, number: Markup, column: int) -> str:
        """The anchor of ``note_id``'s note in ``column``'s block, made at its first call.

        A note whose text is the same in both columns (a reference kept in the
        original) is printed once, in the block of the column that calls it first.
        """
        column_lang = self.view[column]
        if note_id not in self.aligned.source.units:
            return ""
        version = self.aligned.version(note_id, column_lang)
        same = self.unit_anchor.get((note_id, id(version.unit)))
        if same is not None:
            self.note_anchor[(column_lang, note_id)] = same
            return same
        anchor = self.note_anchor.get((column_lang, note_id))
        if anchor is not None:
            return anchor
        shown = version.text_lang
        anchor = f"fn@{column_lang}@{note_id}"
        mark = Markup("")
        if shown != column_lang and column_lang != self.source:
            mark = Markup('<span class="orig-mark" lang="{}">{}</span> ').format(
                self.ui, label("original_mark", self.ui)
            )
        self.notes[anchor] = PrintNote(
            anchor=anchor,
            lang=shown,
            note_id=note_id,
            column=column,
            number=version.unit.n or str(number),
            html=guard_identifiers(
                Markup(self.render_unit(version.unit, self._note_options(shown)).strip())
            ),
            mark=mark,
        )
        self.note_anchor[(column_lang, note_id)] = anchor
        self.unit_anchor[(note_id, id(version.unit))] = anchor
        return anchor

    def _call_only(self, note_id: str, number: Markup, column_lang: str) -> Markup:
        anchor = self.note_anchor.get((column_lang, note_id)) or next(
            (a for (lang, n), a in self.note_anchor.items() if n == note_id), None
        )
        return _call(anchor or "", number)

    def _footnote(
        self, note_id: str, number: Markup, column: int, cell: PrintedCell, full: bool = False
    ) -> CallMarkup:
        """The call of ``note_id`` and its footnote, floated to the foot of the call's page."""
        column_lang = self.view[column]
        if note_id not in self.aligned.source.units:
            return CallMarkup(_call("", number), glued=True)
        version = self.aligned.version(note_id, column_lang)
        shown = version.text_lang
        same = self.unit_anchor.get((note_id, id(version.unit)))
        if same is not None:
            self.note_anchor[(column_lang, note_id)] = same
            return CallMarkup(self._call_only(note_id, number, column_lang), glued=True)
        anchor = f"fn@{column_lang}@{note_id}"
        cell.footnotes.append(anchor)
        self.footnotes[anchor] = Footnote(anchor, shown, note_id, column)
        self.note_anchor[(column_lang, note_id)] = anchor
        self.unit_anchor[(note_id, id(version.unit))] = anchor
        body = Markup(self.render_unit(version.unit, self._note_options(shown)).strip())
        n = Markup(escape(version.unit.n)) if version.unit.n else number
        # The call is an ordinary superscript (one size for every call); the
        # footnote floats from right after it, so it lands on the call's page.
        return CallMarkup(
            _call(anchor, n),
            after=Markup(
                '<span class="fn" id="{}" lang="{}" data-n="{}">'
                '<span class="note-n">{}</span> {}</span>'
            ).format(anchor, shown, n, n, body),
            glued=True,
        )

    def _note_options(self, lang: str) -> InlineOptions:
        """Options for a note's text: a call inside it is its number only (no notes in notes)."""
        options = self.options(lang)
        options.note_call = lambda call: CallMarkup(_call("", escape(call.n or "?")), glued=True)
        return options

    # -- cells -------------------------------------------------------------

    def cell(self, unit_id: str, lang: str) -> Cell:
        version = self.aligned.version(unit_id, lang)
        return self._cell(version, lang, version.unit.content)

    def _cell(self, version: UnitVersion, lang: str, content: tuple[Inline, ...]) -> Cell:
        shown_lang = version.text_lang
        cell = PrintedCell(
            lang=shown_lang, html=Markup(), origin=version.origin, badge=self.badge(version)
        )
        self._render_cell(version.unit, content, shown_lang, self.view.index(lang), False, cell)
        return cell

    def shared_cell(self, unit: Unit) -> Cell:
        cell = PrintedCell(lang=unit.lang, html=Markup(), origin="original")
        self._render_cell(unit, unit.content, unit.lang, 0, len(self.view) > 1, cell)
        return cell

    def badge(self, version: UnitVersion) -> str | None:
        return super().badge(version)

    # -- rows ----------------------------------------------------------------

    def _rows(self, blocks: tuple[Block, ...], depth: int, context: list[str]) -> Iterator[Row]:
        for block in blocks:
            if isinstance(block, Container) and block.id and parallel_version_of(block.id):
                # The author's own title page in another language (karakus's Turkish one):
                # its byline repeats the byline of the title page, whose note is already
                # given in every column's language. Print the byline once.
                block = block.model_copy(update={"children": _without_unnamed(block.children)})
            yield from super()._rows((block,), depth, context)

    def _unit_rows(self, unit: Unit, depth: int, context: list[str]) -> Iterator[Row]:
        if not self._chunked(unit, context):
            yield from super()._unit_rows(unit, depth, context)
            return
        assert unit.id is not None
        versions = [self.aligned.version(unit.id, lang) for lang in self.view]
        found = groups([v.unit.content for v in versions], [s.id or "" for s in unit.sentences])
        classes = [f"in-{c}" for c in context if c]
        for index, group in enumerate(found):
            cells = []
            for lang, version, content in zip(self.view, versions, group.contents, strict=True):
                cell = self._cell(version, lang, content)
                if index:
                    cell.badge = None
                cells.append(cell)
            more = ["chunk-more"] if index < len(found) - 1 else []
            yield Row(
                id=unit.id if index == 0 else group.first,
                kind=unit.tag,
                cells=cells,
                classes=[*classes, *(["chunk-cont"] if index else []), *more],
                level=min(depth, 6),
                label=unit_label(unit.id) if index == 0 else None,
            )

    def _chunked(self, unit: Unit, context: list[str]) -> bool:
        """Whether ``unit`` is cut into rows of sentence groups (paragraphs, two columns)."""
        return bool(
            self.grouped
            and unit.tag == "p"
            and unit.id
            and len(unit.sentences) > 1
            and not self.skip(unit.id)
            and not parallel_version_of(unit.id)
            and "comments" not in context
            and "bibliography" not in context
        )

    def print_tables(self) -> list[PrintTable]:
        """The text as tables of rows: paired parts with column heads, full-width parts without."""
        tables: list[PrintTable] = []
        for section in self.print_sections():
            paired = self.grouped and section.kind not in ("comments", "bibliography")
            for row in section.rows:
                row.paired = paired
            if tables and tables[-1].paired == paired:
                tables[-1].sections.append(section)
            else:
                tables.append(PrintTable(paired=paired, sections=[section]))
        return tables

    def print_sections(self) -> list[PrintSection]:
        sections = []
        counter = itertools.count(1)
        noted: set[str] = set()
        for section in self.sections:
            if section.kind == "notes":
                continue  # notes are footnotes
            rows = []
            source_rows = list(section.rows)
            untranslated = section.kind in ("comments", "bibliography")
            heading: list[PrintRow] = []
            if untranslated and (not source_rows or source_rows[0].kind != "head"):
                # The source gives the part no heading (gusterin's reader comments):
                # the edition names it, so that the notice has something to stand under.
                title = label(f"{section.kind}_heading", self.ui)
                anchor = f"row-{next(counter)}"
                heading.append(
                    PrintRow(
                        anchor=anchor,
                        kind="head",
                        cells=[
                            PrintCell(
                                lang=self.ui,
                                html=Markup(escape(title)),
                                origin="editorial",
                                anchor=f"{anchor}@all",
                                colspan=len(self.view),
                            )
                        ],
                        full=True,
                        keep=True,
                        keep_with_next=True,
                        classes=["editorial-head"],
                    )
                )
            notice_row: list[PrintRow] = []
            if untranslated and self._shows_untranslated(source_rows):
                original = i18n.language_name(self.source, self.ui)
                note = label("untranslated_part", self.ui, language=original)
                anchor = f"row-{next(counter)}"
                notice_row.append(
                    PrintRow(
                        anchor=anchor,
                        kind="untranslated",
                        cells=[
                            PrintCell(
                                lang=self.ui,
                                html=Markup(escape(note)),
                                origin="note",
                                anchor=f"{anchor}@all",
                                colspan=len(self.view),
                            )
                        ],
                        full=True,
                        keep=True,
                        keep_with_next=True,
                    )
                )
            badges: dict[int, str | None] = {}
            for row in source_rows:
                anchor = row.id if row.id else f"row-{next(counter)}"
                cells = []
                for index, cell in enumerate(row.cells):
                    column_lang = self.view[index] if not row.full else "all"
                    chars = len(cell.html.striptags())
                    # A badge is said once for a run of cells that share it.
                    column = -1 if row.full else index
                    badge = cell.badge if cell.badge != badges.get(column) else None
                    badges[column] = cell.badge
                    if untranslated and row.kind != "head":
                        badge = None  # the part's notice says it once
                    cells.append(
                        PrintCell(
                            lang=cell.lang,
                            html=cell.html,
                            origin=cell.origin,
                            anchor=f"{anchor}@{column_lang}",
                            badge=badge,
                            colspan=len(self.view) if row.full else 1,
                            chars=chars,
                            footnotes=tuple(cell.footnotes)
                            if isinstance(cell, PrintedCell)
                            else (),
                        )
                    )
                longest = max((c.chars for c in cells), default=0)
                has_note = any(c.footnotes for c in cells)
                keep = self.grouped or (
                    longest < KEEP_WHOLE_CHARS and has_note is False and row.kind != "p"
                )
                notes = []
                for printed in row.cells:
                    links = printed.note_links if isinstance(printed, PrintedCell) else []
                    for link in links:
                        for note_anchor in [link, *self.companions.get(link, [])]:
                            if note_anchor in self.notes and note_anchor not in noted:
                                noted.add(note_anchor)
                                notes.append(note_anchor)
                label_text = margin_label(row.id) if row.kind != "bibl" else None
                print_row = PrintRow(
                    anchor=anchor,
                    kind=row.kind,
                    cells=cells,
                    full=row.full,
                    level=max(2, min(row.level, 6)),
                    label=label_text,
                    keep=keep,
                    classes=row.classes,
                    notes=notes,
                    keep_with_next=row.kind in ("head", "titlePart", "opener"),
                )
                rows.append(print_row)
                if row.kind == "head" and notice_row and not heading:
                    rows += notice_row  # heading → notice
                    notice_row = []
            rows = heading + notice_row + rows if heading else notice_row + rows
            sections.append(PrintSection(kind=section.kind, rows=rows))
        return [s for s in sections if s.rows]

    def _shows_untranslated(self, rows: list[Row]) -> bool:
        """Whether a part shows text in another language than its column's (a notice is due)."""
        for row in rows:
            if row.kind == "head" or not row.cells:
                continue
            if row.full and any(lang != row.cells[0].lang for lang in self.view):
                return True
            if not row.full and any(
                cell.lang != lang for cell, lang in zip(row.cells, self.view, strict=False)
            ):
                return True
        return False


#: Addresses and identifiers printed as plain text: never hyphenated (print.css, .ident).
_IDENTIFIER = re.compile(
    r"(?<![\w/])((?:https?://|www\.)[^\s<>]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|10\.\d{4,9}/[^\s<>]+)"
)


def guard_identifiers(html: Markup) -> Markup:
    """URLs, e-mail addresses and DOIs in the text of ``html`` wrapped so they are not hyphenated.

    >>> guard_identifiers(Markup('write to a.b@c.com or <a href="x">www.x.org</a>'))
    Markup('write to <span class="ident email">a.b@c.com</span> or <a href="x"><span class="ident">www.x.org</span></a>')
    """
    parts = re.split(r"(<[^>]*>)", str(html))
    for index, part in enumerate(parts):
        if part and not part.startswith("<"):
            parts[index] = _IDENTIFIER.sub(_ident, part)
    return Markup("".join(parts))


def _ident(match: re.Match[str]) -> str:
    # an e-mail address is short: kept on one line; a URL may break after a slash
    kind = "ident email" if "@" in match.group(1) and "/" not in match.group(1) else "ident"
    text = match.group(1)
    if kind == "ident":
        # never after an address's own hyphen (kak-sssr-pomog): a reader could not tell
        # it from a hyphen added at the line end
        text = _OWN_HYPHEN.sub(r'<span class="nobr">\1</span>', text)
    return f'<span class="{kind}">{text}</span>'


_OWN_HYPHEN = re.compile(r"(\w-(?:\w-)*\w)")


def _call(anchor: str, number: Markup) -> Markup:
    """A note call: a superscript link to the note (one size for every call), or the
    number alone when there is no note to link to."""
    if not anchor:
        return Markup('<sup class="note-call">{}</sup>').format(number)
    return Markup('<sup class="note-call"><a href="#{}">{}</a></sup>').format(anchor, number)


def _without_unnamed(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """``blocks`` without units that have no id (and containers left empty)."""
    kept: list[Block] = []
    for block in blocks:
        if isinstance(block, Unit):
            if block.id:
                kept.append(block)
        else:
            children = _without_unnamed(block.children)
            if children:
                kept.append(block.model_copy(update={"children": children}))
    return (kept and tuple(kept)) or ()


def margin_label(unit_id: str | None) -> str | None:
    """The citable id printed in the margin: ``p12`` → ``¶ 12``, ``i3`` → ``i3``.

    >>> margin_label("p12"), margin_label("i3"), margin_label("h2"), margin_label(None)
    ('¶ 12', 'i3', None, None)
    """
    if not unit_id:
        return None
    if re.fullmatch(r"p\d+", unit_id):
        return f"¶ {unit_id[1:]}"
    if re.fullmatch(r"i\d+", unit_id):
        return unit_id
    return None


# ------------------------------------------------------------- the document


def css_string(value: str) -> str:
    """``value`` as a CSS string literal, safe inside an HTML ``<style>``.

    >>> css_string('Hirst "2013" </style> \\\\')
    '"Hirst \\\\22 2013\\\\22  \\\\3c /style\\\\3e  \\\\5c "'
    """
    out = []
    for char in value:
        if char in '"\\<>&' or ord(char) < 0x20 or char == "\x7f":
            out.append(f"\\{ord(char):x} ")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


@dataclass
class Edition:
    """One print edition: its rows and notes, and the HTML of them as planned so far."""

    ui: str
    view: tuple[str, ...]
    rows: list[PrintRow]
    tables: list[PrintTable]
    footnotes: dict[str, Footnote]
    notes: dict[str, PrintNote]
    title: str
    doc: dict[str, Any]
    html: str = ""
    #: per note, after how many lines it may be cut → the place in its HTML (two columns)
    cuts: dict[str, dict[int, int]] = field(default_factory=dict)
    #: the print page's warnings, located in the TEI files
    problems: list[Problem] = field(default_factory=list)

    @property
    def grouped(self) -> bool:
        return len(self.view) > 1

    def render(self, *, galley: bool = False, only: set[str] | None = None) -> str:
        """The HTML of the edition (``galley``: every row and note on a tall page, to measure;
        ``only``: just these rows and notes)."""
        from reader.render.html.page import render_page

        return without_plain_wrappers(
            render_page(
                _environment(),
                TEMPLATE,
                self.ui,
                doc=self.doc,
                view=self.view,
                tables=self.tables,
                galley=galley,
                galley_notes=[n for n in self.notes.values() if not only or n.anchor in only]
                if galley
                else [],
                galley_only=only or set(),
                stylesheet=STYLESHEET.name,  # relative to ASSETS: the PDF does not depend on where the package is installed
                SITE_NAME=SITE_NAME,
            )
        )


#: Inline wrappers that the reader's pages need (entity links, sentence alignment, dates)
#: and print does not style: bare ``<span class="entity …">``, ``<span class="s">`` and
#: ``<time datetime>``. A wrapper with any other attribute (``lang``, ``id``) is kept.
_PLAIN_WRAPPER = re.compile(
    r'<(?:span class="(?:entity entity-[\w-]+|s)"|time datetime="[^"<>]*")>'
)
_TAG = re.compile(r"(<[^>]*>)")


def without_plain_wrappers(html: str) -> str:
    """``html`` without the inline wrappers print does not style (their text kept).

    Each one is an inline box WeasyPrint cascades styles for and splits at
    every line break; in a two-column edition they are a third of the elements,
    and leaving them out makes every layout of the edition about a third faster.

    >>> without_plain_wrappers('<p><span class="s">A <span class="entity entity-place">Kars</span></span> <span lang="tr">x</span></p>')
    '<p>A Kars <span lang="tr">x</span></p>'
    """
    out: list[str] = []
    dropped: list[bool] = []  # per open span/time: whether its tags were left out
    for part in _TAG.split(html):
        if part.startswith(("<span", "<time")):
            drop = _PLAIN_WRAPPER.fullmatch(part) is not None
            dropped.append(drop)
            if drop:
                continue
        elif part in ("</span>", "</time>") and dropped:
            closes_dropped = dropped.pop()
            if closes_dropped:
                continue
        out.append(part)
    return "".join(out)


def short_title(aligned: AlignedText, lang: str) -> str:
    """The short title for running heads in ``lang`` (the source's when no version has one)."""
    document = aligned.translations.get(lang)
    if document is not None and document.header.short_title:
        return document.header.short_title
    return aligned.source.header.short_title


def short_authors(
    aligned: AlignedText, lang: str = "en", entities: dict[str, Any] | None = None
) -> str:
    """The authors' surnames for running heads, as ``lang`` writes them (the authority file)."""
    names = []
    for author in aligned.source.header.authors:
        name = author.name
        entity = _entity_of(author.name, entities or {})
        if entity is not None and not author.is_org:
            name = entity.name(lang)
        names.append(name if author.is_org else name.split()[-1])
    if len(names) > 2:
        return f"{names[0]} et al."
    return " & ".join(names)


def _entity_of(name: str, entities: dict[str, Any]) -> Any:
    for entity in entities.values():
        if entity.kind == "person" and name in entity.all_names():
            return entity
    return None


#: Running heads longer than this are cut at a word (they must not wrap).
RUNNING_HEAD_CHARS = 52


def running_head(aligned: AlignedText, lang: str, entities: dict[str, Any] | None = None) -> str:
    """Author · short title in ``lang``, short enough for one line; the author once.

    >>> running_head.__name__
    'running_head'
    """
    author = short_authors(aligned, lang, entities)
    title = short_title(aligned, lang)
    if author and author.casefold() in title.casefold():
        author = ""  # "Chicherin · Chicherin to Ali Fuad": the title names him already
    room = RUNNING_HEAD_CHARS - (len(author) + 3 if author else 0)
    if len(title) > room:
        cut = title[:room].rsplit(" ", 1)[0].rstrip(",;:–- ")
        title = cut + "…"
    return f"{author} · {title}" if author else title


def original_language(aligned: AlignedText) -> str | None:
    """The language the source was written in when the text is a rendering of it (TEI header).

    From the original title's ``xml:lang``, the ``textLang/@mainLang``, or the
    language of ``langUsage`` that the ``textLang`` statement names.
    """
    publication = aligned.source.header.publication
    source = aligned.source.lang
    for code in (publication.original_lang, publication.text_main_lang):
        if code and code != source:
            return code
    statement = publication.text_lang_note or ""
    for code, name in aligned.source.header.languages.items():
        if code != source and re.search(rf"\b{re.escape(name)}\b", statement):
            return code
    return None


def edition(
    aligned: AlignedText,
    view: tuple[str, ...],
    entities: dict[str, Any] | None = None,
) -> Edition:
    """The print edition of ``aligned`` in ``view``: rows, notes and the HTML (not yet paged)."""
    page = PrintPage(aligned, view)
    ui = page.ui
    header = aligned.source.header
    pub = header.publication
    tables = page.print_tables()
    rows = [row for table in tables for section in table.sections for row in section.rows]

    titles = []
    seen = set()
    for lang in (*view, aligned.source.lang):
        text, text_lang = title_in(aligned, lang)
        if text not in seen:
            seen.add(text)
            titles.append({"text": text, "lang": text_lang})
    bibliography: list[dict[str, str | None]] = []
    container = pub.container_title or pub.book or pub.collection
    if container:
        detail = container
        if pub.container_title_alt:
            detail += f" ({pub.container_title_alt})"
        if pub.volume:
            detail += f" {pub.volume}" + (f" ({pub.issue})" if pub.issue else "")
        if pub.pages:
            detail += f": {pub.pages.replace('-', '–')}"
        bibliography.append({"text": detail, "href": None})
    facts = [pub.publisher, pub.date_text or pub.year]
    line = ", ".join(f for f in facts if f)
    if line:
        bibliography.append({"text": line, "href": None})
    if pub.original_title:
        bibliography.append({"text": pub.original_title, "href": None})
    if pub.doi:
        bibliography.append(
            {"text": f"https://doi.org/{pub.doi}", "href": f"https://doi.org/{pub.doi}"}
        )
    if pub.url and pub.url.startswith(("http://", "https://")):
        bibliography.append({"text": pub.url, "href": pub.url})

    versions = []
    for lang in view:
        provenance = page.provenance(lang)
        statement = localized_statement(lang, provenance, aligned.source.lang, ui)
        name, _, rest = statement.partition(": ")
        versions.append({"name": name, "role": provenance.role, "statement": rest or statement})
    original = original_language(aligned)
    language_facts = []
    if original:
        original_name = i18n.language_name(original, ui)
        language_facts.append(label("original_language", ui, language=original_name))
        if aligned.source.lang == "en" and "en" in view:
            language_facts.append(
                label("rendering_of", ui, language=_adjective(original, ui, original_name))
            )
    else:
        language_facts.append(
            label("original_language", ui, language=i18n.language_name(aligned.source.lang, ui))
        )
    if len(view) == 2:
        language_facts.append(
            label(
                "columns",
                ui,
                left=i18n.language_name(view[0], ui),
                right=i18n.language_name(view[1], ui),
            )
        )
    has_untranslated = any(
        not aligned.is_to_translate(unit_id) and not parallel_version_of(unit_id)
        for unit_id in aligned.source.units
    )
    toc = []
    for row in rows:
        if row.kind != "head" or not row.cells or "editorial-head" in row.classes:
            continue
        first = row.cells[0]
        second = row.cells[1] if len(row.cells) > 1 else None
        label2 = second.html.striptags() if second is not None else None
        toc.append(
            {
                "anchor": row.anchor,
                "level": row.level,
                "label": first.html.striptags(),
                "lang": first.lang,
                "label2": label2 if label2 and label2 != first.html.striptags() else None,
                "lang2": second.lang if second is not None else None,
            }
        )
    names = " · ".join(i18n.language_name(lang, ui) for lang in view)
    title, _title_lang = title_in(aligned, ui)
    subject_key = "parallel_subject" if len(view) > 1 else "single_subject"
    doc = {
        "title": f"{title} ({names})",
        "titles": titles,
        "authors": header.authors,
        "kind": kind_label(pub.kind, ui),
        "bibliography": bibliography,
        "versions": versions,
        "language_facts": language_facts,
        "untranslated": label("untranslated", ui) if has_untranslated else None,
        "absent": label("absent_statement", ui) if page.absent_calls else None,
        # A contents page with one entry says nothing the first page does not.
        "toc": toc if len(toc) > 1 else [],
        "column_heads": [i18n.language_name(lang, ui) for lang in view] if len(view) > 1 else [],
        "subject": label(subject_key, ui, languages=names),
        "keywords": ", ".join(["Soviet–Turkish relations", "1919–1922", aligned.id, *view]),
        "labels": {
            key: label(key, ui, id=aligned.id)
            for key in ("print_edition", "source", "versions", "contents", "citing", "cite_how")
        },
        "page_css": Markup(
            "@page { @top-left { content: "
            + css_string(running_head(aligned, ui, entities))
            + "; } @top-right { content: "
            + css_string(names)
            + "; } } @page :left { @top-left { content: "
            + css_string(names)
            + "; } @top-right { content: "
            + css_string(running_head(aligned, ui, entities))
            + "; } }"
        ),
    }
    result = Edition(
        ui=ui,
        view=view,
        rows=rows,
        tables=tables,
        footnotes=page.footnotes,
        notes=page.notes,
        title=str(doc["title"]),
        doc=doc,
        problems=list(page.problems),
    )
    result.html = result.render()
    return result


def _adjective(code: str, ui: str, name: str) -> str:
    """The language as the sentence "an English rendering of a … original" needs it."""
    if ui == "tr":
        return name  # "Rusça bir özgün metnin"
    if ui == "ru":
        return name.lower()
    return name


@cache
def _environment() -> Any:
    return environment(ASSETS)


# ------------------------------------------------------------- rendering


@dataclass
class Rendered:
    """One rendered PDF and what was found while making it."""

    name: str
    data: bytes
    pages: int
    seconds: float
    renders: int = 1
    unpaired: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: the post-render check (reader.render.pdf.check)
    check: Any = None
    #: where the edition falls short of its text, located in the TEI files (the writer's)
    problems: list[Problem] = field(default_factory=list)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@cache
def _font_config() -> Any:
    """One font configuration per process: Pango's fonts and shaping caches stay warm
    from one layout to the next (a new one per document costs every layout about 10%)."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def _document(html: str, stylesheets: Sequence[str], roots: Sequence[Path]) -> Any:
    """A WeasyPrint document (laid out, not written) that may read only the print assets."""
    import weasyprint

    from reader.render.pdf.fetch import AssetFetcher
    from reader.render.pdf.hyphen import install

    install()
    fetcher = AssetFetcher(roots)
    fonts = _font_config()
    document = weasyprint.HTML(string=html, base_url=ASSETS.as_uri() + "/", url_fetcher=fetcher)
    css = [
        weasyprint.CSS(
            string=s, base_url=ASSETS.as_uri() + "/", url_fetcher=fetcher, font_config=fonts
        )
        for s in stylesheets
    ]
    return document.render(stylesheets=css, font_config=fonts, pdf_variant="pdf/ua-1"), fetcher


def layout(html: str) -> Any:
    """Lay ``html`` out with WeasyPrint without writing a PDF (the galley of the page plan)."""
    document, _fetcher = _document(html, (), (ASSETS,))
    return document


def _laid_out(
    html: str, stylesheets: Sequence[str] = (), roots: Sequence[Path] = (ASSETS,)
) -> tuple[Any, Any, list[str]]:
    """Lay ``html`` out; returns the document, its fetcher and WeasyPrint's warnings."""
    collect = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collect)
    try:
        document, fetcher = _document(html, stylesheets, roots)
    finally:
        logger.removeHandler(collect)
    return document, fetcher, collect.messages


def _write(
    document: Any, html: str, identifier: bytes | None = None, *, compressed: bool = True
) -> bytes:
    """A laid-out document as a tagged PDF (``pdf/ua-1``) with an sRGB output intent.

    ``compressed=False`` leaves the streams for :func:`finish` to compress (qpdf
    does it faster than WeasyPrint, and they are compressed once, not twice).
    """
    return bytes(
        document.write_pdf(
            pdf_variant="pdf/ua-1",
            output_intent="srgb",
            pdf_identifier=identifier or hashlib.sha256(html.encode()).digest()[:16],
            uncompressed_pdf=not compressed,
        )
    )


def html_to_pdf(
    html: str,
    *,
    stylesheets: Sequence[str] = (),
    roots: Sequence[Path] = (ASSETS,),
    identifier: bytes | None = None,
) -> tuple[bytes, list[str], list[str]]:
    """Render ``html`` (and extra CSS strings) with WeasyPrint, fetching only assets.

    Returns the tagged PDF (``pdf/ua-1``), the URLs refused and WeasyPrint's
    warnings. Every stylesheet gets the same fetcher, so an ``@import`` in
    one is refused like a ``<link>`` in the document.
    """
    document, fetcher, warnings = _laid_out(html, stylesheets, roots)
    return _write(document, html, identifier), fetcher.refused, warnings


def finish(data: bytes, plan: Any, *, archival: bool = True) -> tuple[bytes, int]:
    """Tag languages and notes, mark pagination and PDF/A; returns the PDF and its pages."""
    import pikepdf

    from reader.render.pdf.tags import artifact_pagination, mark_archival, tag_structure

    with pikepdf.open(io.BytesIO(data)) as pdf:
        soft_hyphens(pdf)
        pdf.Root.PageMode = pikepdf.Name.UseOutlines  # the outline shown on opening
        tag_structure(pdf, plan)
        artifact_pagination(pdf)
        if archival:
            mark_archival(pdf)
        out = io.BytesIO()
        pdf.save(
            out,
            deterministic_id=True,
            compress_streams=True,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
        )
        return out.getvalue(), len(pdf.pages)


#: The character the print CSS hyphenates with (``hyphenate-character``), never in a text.
HYPHENATE_CHARACTER = "\u2011"


def soft_hyphens(pdf: Any) -> int:
    """Map the hyphenation glyph to U+00AD in every font's ToUnicode map.

    WeasyPrint hyphenates with ``hyphenate-character`` (U+2011 here, a glyph of
    its own in Noto) and maps the glyph back to that character; a reader that
    copies the word gets it cut in two. ISO 32000-1 (14.8.2.2.3) says a
    hyphen inserted at a line break is U+00AD SOFT HYPHEN, which text
    extraction drops. Returns the number of maps changed.
    """

    old = f"<{ord(HYPHENATE_CHARACTER):04x}>".encode()
    changed = 0
    seen: set[Any] = set()
    for page in pdf.pages:
        fonts = page.obj.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            cmap = font.get("/ToUnicode")
            if cmap is None or cmap.objgen in seen:
                continue
            seen.add(cmap.objgen)
            data = bytes(cmap.read_bytes())
            if old in data:
                cmap.write(data.replace(b"> " + old, b"> <00ad>"))
                changed += 1
    return changed


def unpaired_rows(data: bytes, rows: Sequence[PrintRow], tolerance: float = 3.0) -> list[str]:
    """Rows whose cells do not start together: ``"p12 (en p. 4, tr p. 5)"``.

    Each cell's text begins with an empty anchor; its destination gives the
    page and height of the cell's first line. Both must agree (within
    ``tolerance`` points) for every cell of a row.
    """
    import pikepdf

    from reader.render.pdf.tags import destinations

    with pikepdf.open(io.BytesIO(data)) as pdf:
        dests = destinations(pdf)
    found = []
    for row in rows:
        if len(row.cells) < 2:
            continue
        starts = {
            cell.anchor.rpartition("@")[2]: dests[cell.anchor]
            for cell in row.cells
            if cell.anchor in dests
        }
        if len(starts) < len(row.cells):
            found.append(f"{row.anchor} (a cell has no destination)")
            continue
        pages = {d.page for d in starts.values()}
        heights = [d.y for d in starts.values()]
        if len(pages) > 1 or max(heights) - min(heights) > tolerance:
            where = ", ".join(f"{lang} p. {d.page + 1} y {d.y:.0f}" for lang, d in starts.items())
            found.append(f"{row.anchor} ({where})")
    return found


def tag_plan(edition_: Edition) -> Any:
    from reader.render.pdf.tags import RowPlan, TagPlan

    footnotes = {a: (f.lang, f.note_id) for a, f in edition_.footnotes.items()}
    page_notes: list[list[str]] = []
    for row in edition_.rows:
        if row.page_notes:
            page_notes.append([n.anchor for column in row.page_notes for n in column])
            for column in row.page_notes:
                for n in column:
                    footnotes[n.anchor] = (n.lang, n.note_id)
    return TagPlan(
        lang=edition_.ui,
        rows=[RowPlan(row.anchor, tuple(cell.lang for cell in row.cells)) for row in edition_.rows],
        footnotes=footnotes,
        table_semantics=len(edition_.view) > 1,
        page_notes=page_notes,
    )


#: Parts of a word shorter than this are never hyphenated (``hyphenate-limit-chars: 7``).
_MIN_WHOLE = 7


def protect_words(html: Markup, words: Iterable[str], css: str = "whole") -> Markup:
    """``html`` with every one of ``words`` in a span of class ``css``, tags untouched.

    A word with an apostrophe (Turkish suffixes: *Amerika'nın*) is often cut by a tag
    (an entity link around the name), so its parts are kept whole too.

    >>> protect_words(Markup("<i>Rusya</i> ve Rusya"), {"Rusya"})
    Markup('<i><span class="whole">Rusya</span></i> ve <span class="whole">Rusya</span>')
    >>> protect_words(Markup("<span>Amerika</span>&#39;nın"), {"Amerika'nın"})
    Markup('<span><span class="whole">Amerika</span></span>&#39;nın')
    """
    pieces = {part for w in words for part in re.split(r"['’]", w) if len(part) >= _MIN_WHOLE}
    wanted = sorted({str(escape(w)) for w in {*words, *pieces} if w}, key=len, reverse=True)
    if not wanted:
        return html
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in wanted) + r")(?!\w)")
    parts = re.split(r"(<[^>]*>)", str(html))
    for index, part in enumerate(parts):
        if not part.startswith("<"):
            parts[index] = pattern.sub(rf'<span class="{css}">\1</span>', part)
    return Markup("".join(parts))


def _protect(current: Edition, fixes: Any) -> set[str]:
    """Mark what the layout found: words kept whole (ladders), paragraphs set ragged (loose lines)."""
    rows = {row.anchor: row for row in current.rows}
    touched: set[str] = set()
    for anchor, column in fixes.loosen:
        if column >= 0 and anchor in rows and column < len(rows[anchor].cells):
            rows[anchor].cells[column].ragged = True
            touched.add(anchor)
    for (anchor, column), words in fixes.whole.items():
        if column >= 0 and anchor in rows and column < len(rows[anchor].cells):
            cell = rows[anchor].cells[column]
            cell.html = protect_words(cell.html, words)
            touched.add(anchor)
        elif anchor in current.notes:
            note = current.notes[anchor]
            note.html = protect_words(note.html, words)
            touched.add(anchor)
        else:  # a footnote of a one-language edition stands in its call's cell
            for row in current.rows:
                for cell in row.cells:
                    if anchor in cell.footnotes:
                        cell.html = protect_words(cell.html, words)
                        touched.add(row.anchor)
    return touched


def _note_prefix(note: PrintNote) -> str:
    """What the template prints before a note's text on its first line."""
    return f"{note.number} {note.mark}"


def note_breaks(current: Edition, measures: Any) -> None:
    """Where each note of several lines may be cut (after which lines, at which place)."""
    from reader.render.pdf.layout import MIN_PART_LINES
    from reader.render.pdf.notecut import breaks

    current.cuts = {}
    for anchor, lines in measures.note_lines.items():
        note = current.notes.get(anchor)
        if note is None or len(lines) < 2 * MIN_PART_LINES:
            continue
        places = breaks(
            _note_prefix(note),
            str(note.html),
            [text for _top, _bottom, text in lines],
            HYPHENATE_CHARACTER,
            MIN_PART_LINES,
        )
        if places:
            current.cuts[anchor] = places
            measures.breaks[anchor] = sorted(places)


def _plan(current: Edition, measures: Any, shrink: float = 0.0) -> Any:
    """Plan the pages, print the parts of the notes cut by the plan, mark the page starts."""
    from reader.render.pdf.layout import NotePart, apply, plan_pages

    plan = plan_pages(current.rows, current.notes, measures, shrink=shrink)
    plan.notes = [
        [
            [_part(current, item) if isinstance(item, NotePart) else item for item in column]
            for column in page
        ]
        for page in plan.notes
    ]
    apply(plan)
    return plan


def _part(current: Edition, part: Any) -> PrintNote:
    """The note of a :class:`~reader.render.pdf.layout.NotePart`: its first part keeps the
    note's anchor (the calls link to it); the rest is marked as continued."""
    from dataclasses import replace

    from reader.render.pdf.notecut import cut

    note: PrintNote = part.note
    places = current.cuts[note.anchor]
    start = places[part.start] if part.start else None
    end = places.get(part.end)
    html = cut(str(note.html), start, end)
    if not part.continued:
        return replace(note, html=html)
    # The mark stands on a line of its own: the rest then starts where a line of the
    # galley started, so it breaks into the very lines measured (no new hyphen ladder).
    mark = Markup('<span class="note-cont">{}</span><br>').format(label("continued", note.lang))
    return replace(
        note,
        anchor=f"{note.anchor}-continued",
        note_id=f"{note.note_id}-continued",
        html=html,
        mark=mark,
    )


#: Layouts of a one-language edition spent on bringing deferred footnotes to their calls.
FOOTNOTE_PASSES = 2


def _push_deferred(current: Edition, document: Any) -> bool:
    """Start the next page earlier wherever WeasyPrint left a footnote for a later page
    than its call (one-language editions): the last row that starts on the call's page
    (with the heading it follows) goes on to the next, so the note has room under its
    call. Returns whether a row was moved."""
    from reader.render.pdf.layout import deferred_footnotes, rows_starting

    rows = {row.anchor: row for row in current.rows}
    order = [row.anchor for row in current.rows]
    starting = rows_starting(document)
    moved = False
    for deferred in deferred_footnotes(document):
        candidates = starting[deferred.call_page] if deferred.call_page < len(starting) else []
        if len(candidates) < 2:
            continue  # the page holds one row: moving it would move the call along
        anchor = candidates[-1]
        position = order.index(anchor)
        # a heading goes with the row it introduces
        while position > 0 and rows[order[position - 1]].keep_with_next:
            position -= 1
        if order[position] == candidates[0] or rows[order[position]].page_start:
            continue
        rows[order[position]].page_start = True
        moved = True
    return moved


#: Layouts of the changed rows spent on breaking hyphen ladders and loose lines.
LADDER_PASSES = 6


def render_pdf(
    aligned: AlignedText, view: tuple[str, ...], entities: dict[str, Any] | None = None
) -> Rendered:
    """Render one print edition: break hyphen ladders, plan the pages (two columns),
    render, tag, check.

    A galley of the whole edition (every row at its printed width) gives the
    ladders and loose lines and, for two columns, the heights; the rows whose
    words were marked are laid out again, alone, until none is left (at most
    :data:`LADDER_PASSES` times); then the pages are planned (two columns) and
    the edition rendered.
    """
    from reader.render.pdf.check import check_pdf
    from reader.render.pdf.layout import Measures, ladders, measure, misplaced

    started = time.perf_counter()
    current = edition(aligned, view, entities)
    plan = None
    renders = 0
    laid_out = None
    if current.grouped:
        galley = layout(current.render(galley=True))
        measures: Measures | None = measure(galley)
    else:
        # One column needs no page plan: the edition laid out on its own pages is
        # its galley. (A tall galley page would cost WeasyPrint up to five times
        # more here: each floated footnote re-lays the page's footnote area.)
        measures = None
        current.html = current.render()
        laid_out = _laid_out(current.html)
        galley = laid_out[0]
    fixes = ladders(galley, HYPHENATE_CHARACTER)
    for _ in range(LADDER_PASSES):
        if not fixes:
            break
        laid_out = None  # words were protected: the edition is laid out again
        changed = _protect(current, fixes)
        again = layout(current.render(galley=True, only=changed))
        if measures is not None:
            measures.update(measure(again))
        fixes = ladders(again, HYPHENATE_CHARACTER)
    if measures is not None:
        note_breaks(current, measures)
        plan = _plan(current, measures)
    if laid_out is None:
        current.html = current.render()
        laid_out = _laid_out(current.html)
    document, fetcher, warnings = laid_out
    for _ in range(FOOTNOTE_PASSES if not current.grouped else 0):
        if not _push_deferred(current, document):
            break
        current.html = current.render()
        document, fetcher, warnings = _laid_out(current.html)
    wrong: list[str] = []
    while True:
        data = _write(document, current.html, compressed=False)
        renders += 1
        data, pages = finish(data, tag_plan(current))
        if plan is not None:
            import pikepdf

            from reader.render.pdf.tags import destinations

            with pikepdf.open(io.BytesIO(data)) as pdf:
                wrong = misplaced(plan, destinations(pdf))
        if not wrong or renders > 2:
            break
        # the plan did not hold: plan again with 6 mm less per page
        assert measures is not None
        plan = _plan(current, measures, shrink=6 * renders * 96 / 25.4)
        current.html = current.render()
        document, fetcher, warnings = _laid_out(current.html)
    name = pdf_name(aligned.id, view)
    return Rendered(
        name=name,
        data=data,
        pages=pages,
        seconds=time.perf_counter() - started,
        renders=renders,
        unpaired=unpaired_rows(data, current.rows) + [f"{w}: off its planned page" for w in wrong],
        refused=fetcher.refused,
        warnings=warnings,
        check=check_pdf(data, name),
        problems=current.problems,
    )


@dataclass(frozen=True)
class Job:
    root: str
    text_id: str
    view: tuple[str, ...]


@cache
def _aligned(root: str, text_id: str) -> AlignedText:
    return load_aligned(Corpus.open(root), text_id)


@cache
def corpus_entities(root: str) -> dict[str, Any]:
    from reader.entities import load_entities

    return dict(load_entities(Corpus.open(root).entities_path))


#: corpus root → the texts and entities the caller of :func:`render_all` already
#: read, which the workers (forked: they inherit it) use instead of reading again.
_GIVEN: dict[str, tuple[Mapping[str, AlignedText], Mapping[str, Any] | None]] = {}


def render_job(job: Job) -> Rendered:
    """Render one PDF in a worker process (reads the corpus itself unless given it)."""
    texts, entities = _GIVEN.get(job.root, ({}, None))
    aligned = texts.get(job.text_id) or _aligned(job.root, job.text_id)
    if entities is None:
        entities = corpus_entities(job.root)
    return render_pdf(aligned, job.view, dict(entities))


def render_all(
    jobs: Sequence[Job],
    workers: int | None = None,
    *,
    texts: Mapping[str, AlignedText] | None = None,
    entities: Mapping[str, Any] | None = None,
) -> dict[str, Rendered]:
    """Render ``jobs`` in parallel processes (``workers=0``: in this process).

    ``texts`` and ``entities``: the corpus of the jobs already read, for the
    workers to reuse rather than read again.
    """
    if not jobs:
        return {}
    if texts is None:
        return _render_all(jobs, workers)
    for root in {job.root for job in jobs}:
        _GIVEN[root] = (texts, entities)
    try:
        return _render_all(jobs, workers)
    finally:
        _GIVEN.clear()


#: Two columns cost about this many times one (a galley to plan the pages, twice the text).
TWO_COLUMN_COST = 1.8


def _estimated_cost(job: Job) -> float:
    """The CPU a job will take, relative to the others: its source's size, more for two columns."""
    try:
        size = Corpus.open(job.root).source_path(job.text_id).stat().st_size
    except OSError:
        size = 0
    return size * (TWO_COLUMN_COST if len(job.view) > 1 else 1.0)


def _render_all(jobs: Sequence[Job], workers: int | None) -> dict[str, Rendered]:
    count = workers if workers is not None else min(os.cpu_count() or 1, len(jobs))
    results: dict[str, Rendered] = {}
    if count <= 1 and workers == 0:
        for job in jobs:
            result = render_job(job)
            results[result.name] = result
        return results
    # fork: the workers start at once and need no importable __main__; the parent
    # has not loaded Pango (WeasyPrint is imported by the workers).
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    with concurrent.futures.ProcessPoolExecutor(
        max_workers=max(count, 1), mp_context=context
    ) as pool:
        # Costliest first: the big texts start early and the workers finish together.
        ordered = sorted(jobs, key=lambda j: (-_estimated_cost(j), j.text_id, j.view))
        for result in pool.map(render_job, ordered):
            results[result.name] = result
    return results


@cache
def print_digest() -> str:
    """Everything besides the corpus that shapes a PDF: code, templates, engine versions."""
    versions = [
        f"{name}={metadata.version(name)}" for name in ("weasyprint", "pydyf", "pyphen", "pikepdf")
    ]
    assets = sorted(p for p in ASSETS.rglob("*") if p.is_file())
    return digest(code_digest(), *versions, *(p.name.encode() + p.read_bytes() for p in assets))


def plan(
    texts: dict[str, AlignedText], digests: dict[str, str], root: str
) -> list[tuple[str, str, Job]]:
    """(file name, key, job) of every PDF of the corpus."""
    code = print_digest()
    planned = []
    for text_id, aligned in texts.items():
        for view in print_views(aligned):
            planned.append(
                (
                    pdf_name(text_id, view),
                    digest(code, digests[text_id], text_id, "-".join(view)),
                    Job(root, text_id, view),
                )
            )
    return planned


__all__ = [
    "Edition",
    "PrintPage",
    "Rendered",
    "edition",
    "html_to_pdf",
    "pdf_name",
    "print_views",
    "render_pdf",
    "unpaired_rows",
]
