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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from reader.align import AlignedText, UnitVersion, load_aligned
from reader.corpus import Corpus
from reader.model import Note, Unit
from reader.refs import parallel_version_of
from reader.render.common import i18n
from reader.render.common.inline import InlineOptions, render, render_note
from reader.render.common.output import code_digest, digest
from reader.render.html.page import LANGS, SITE_NAME, Cell, Page, environment, localized_statement
from reader.render.html.site import kind_label, title_in

#: Where the print templates and the stylesheet live (the only files WeasyPrint may read).
ASSETS = Path(str(resources.files("reader") / "render" / "pdf" / "templates"))
STYLESHEET = ASSETS / "print.css"
TEMPLATE = "edition.html"

#: Rows whose longest cell has fewer characters are kept whole on one page.
KEEP_WHOLE_CHARS = 420
#: Rows with a footnote shorter than this are kept whole (WeasyPrint can start
#: one column of a split row with a footnote a page late).
KEEP_WHOLE_WITH_NOTE_CHARS = 1400

_NOTE_HREF = "#__fn__:"
_CALL = re.compile(
    r'<sup class="note-call"><a href="#__fn__:(?P<id>[^"]+)" id="(?P<first>first|again):[^"]*"'
    r' data-note="[^"]*">(?P<n>.*?)</a></sup>'
)

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
    "original_mark": {"en": "[original]", "tr": "[özgün metin]", "ru": "[оригинал]"},
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
    return text.replace("{id}", values.get("id", "{id}")).replace(
        "{languages}", values.get("languages", "{languages}")
    )


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


@dataclass
class PrintSection:
    kind: str
    rows: list[PrintRow]


@dataclass
class Footnote:
    anchor: str
    lang: str
    note_id: str
    column: int


class PrintPage(Page):
    """The reader's page model with print options: footnotes at their calls, no ids in text."""

    def __init__(self, aligned: AlignedText, view: tuple[str, ...]) -> None:
        super().__init__(aligned, view, text_views={})
        #: footnote anchor → footnote, in document order
        self.footnotes: dict[str, Footnote] = {}
        #: note id → anchor of its footnote, per column language and for the note's unit
        self.note_anchor: dict[tuple[str, str], str] = {}
        self.unit_anchor: dict[tuple[str, int], str] = {}
        self.row_ids = self._row_ids()
        self._row_has_note = False

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
            note_href=lambda note_id: f"{_NOTE_HREF}{note_id}",
            call_id=lambda note_id, first: f"{'first' if first else 'again'}:{note_id}",
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

    def _footnotes(self, html: Markup, column: int, full: bool) -> Markup:
        """Put each note's text at its first call, as a footnote of ``column``."""
        column_lang = self.view[column]

        def replace(match: re.Match[str]) -> str:
            note_id, number = match.group("id"), match.group("n")
            if match.group("first") == "again":
                return self._call_only(note_id, number, column_lang)
            if not full:
                return self._footnote(note_id, Markup(number), column, full)
            # A row shown once across the columns (a byline, a bibliography entry):
            # its note is given in each column's language, under one call.
            notes = [self._footnote(note_id, Markup(number), 0, full=True)]
            for other in range(1, len(self.view)):
                notes.append(self._footnote(note_id, Markup(number), other, silent=True))
            return "".join(notes)

        return Markup(_CALL.sub(replace, str(html)))

    def _call_only(self, note_id: str, number: str, column_lang: str) -> str:
        anchor = self.note_anchor.get((column_lang, note_id)) or next(
            (a for (lang, n), a in self.note_anchor.items() if n == note_id), None
        )
        if anchor is None:
            return str(Markup('<sup class="note-call">{}</sup>').format(Markup(number)))
        return str(
            Markup('<sup class="note-call"><a href="#{}">{}</a></sup>').format(
                anchor, Markup(number)
            )
        )

    def _footnote(
        self, note_id: str, number: Markup, column: int, full: bool = False, silent: bool = False
    ) -> str:
        """The footnote of ``note_id`` in ``column`` at its call (``silent``: no call mark)."""
        column_lang = self.view[column]
        if note_id not in self.aligned.source.units:
            return str(Markup('<sup class="note-call">{}</sup>').format(number))
        version = self.aligned.version(note_id, column_lang)
        shown = version.text_lang
        same = self.unit_anchor.get((note_id, id(version.unit)))
        if same is None and isinstance(version.unit, Note) and version.unit.absent:
            # A note whose text the capture lacks says so once, not in every column.
            same = next((a for (n, _), a in self.unit_anchor.items() if n == note_id), None)
        if same is not None:
            # The same text (an untranslated note) is already a footnote of another column.
            self.note_anchor[(column_lang, note_id)] = same
            return "" if silent else self._call_only(note_id, str(number), column_lang)
        self._row_has_note = True
        anchor = f"fn@{column_lang}@{note_id}"
        self.footnotes[anchor] = Footnote(anchor, shown, note_id, column)
        self.note_anchor[(column_lang, note_id)] = anchor
        self.unit_anchor[(note_id, id(version.unit))] = anchor
        body = Markup(render_note(version.unit, self._note_options(shown)).strip())
        mark = Markup("")
        if shown != column_lang and column_lang != self.source:
            mark = Markup('<span class="orig-mark" lang="{}">{} </span>').format(
                self.ui, label("original_mark", self.ui)
            )
        n = version.unit.n or str(number)
        placement = f"fn-c{column}" + (" fn-silent" if silent else "")
        if full and len(self.view) == 1:
            placement = "fn-full"
        return str(
            Markup('<span class="fn {}" id="{}" lang="{}" data-n="{}">{}{}</span>').format(
                placement, anchor, shown, n, mark, body
            )
        )

    def _note_options(self, lang: str) -> InlineOptions:
        options = self.options(lang)
        options.note_href = lambda note_id: None  # no notes inside notes
        return options

    # -- cells -------------------------------------------------------------

    def cell(self, unit_id: str, lang: str) -> Cell:
        version = self.aligned.version(unit_id, lang)
        shown_lang = version.text_lang
        html = render(version.unit.content, self.options(shown_lang, column=lang))
        html = self._footnotes(html, self.view.index(lang), full=False)
        return Cell(lang=shown_lang, html=html, origin=version.origin, badge=self.badge(version))

    def shared_cell(self, unit: Unit) -> Cell:
        html = render(unit.content, self.options(unit.lang, column=self.view[0]))
        html = self._footnotes(html, 0, full=len(self.view) > 1)
        return Cell(lang=unit.lang, html=html, origin="original")

    def badge(self, version: UnitVersion) -> str | None:
        return super().badge(version)

    # -- rows ----------------------------------------------------------------

    def print_sections(self) -> list[PrintSection]:
        sections = []
        counter = itertools.count(1)
        for section in self.sections:
            if section.kind == "notes":
                continue  # notes are footnotes
            rows = []
            if section.kind in ("comments", "bibliography") and len(self.view) > 1:
                note = self._("Not translated: shown in the original language.")
                anchor = f"row-{next(counter)}"
                rows.append(
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
                    )
                )
            badges: dict[int, str | None] = {}
            for row in section.rows:
                anchor = row.id if row.id else f"row-{next(counter)}"
                cells = []
                for index, cell in enumerate(row.cells):
                    column_lang = self.view[index] if not row.full else "all"
                    chars = len(cell.html.striptags())
                    # A badge is said once for a run of cells that share it.
                    column = -1 if row.full else index
                    badge = cell.badge if cell.badge != badges.get(column) else None
                    badges[column] = cell.badge
                    cells.append(
                        PrintCell(
                            lang=cell.lang,
                            html=cell.html,
                            origin=cell.origin,
                            anchor=f"{anchor}@{column_lang}",
                            badge=badge,
                            colspan=len(self.view) if row.full else 1,
                            chars=chars,
                        )
                    )
                longest = max((c.chars for c in cells), default=0)
                has_note = any('class="fn ' in c.html for c in cells)
                keep = longest < KEEP_WHOLE_CHARS or (
                    has_note and longest < KEEP_WHOLE_WITH_NOTE_CHARS
                )
                label_text = margin_label(row.id) if row.kind != "bibl" else None
                rows.append(
                    PrintRow(
                        anchor=anchor,
                        kind=row.kind,
                        cells=cells,
                        full=row.full,
                        level=max(2, min(row.level, 6)),
                        label=label_text,
                        keep=keep,
                        classes=row.classes,
                    )
                )
            sections.append(PrintSection(kind=section.kind, rows=rows))
        return [s for s in sections if s.rows]


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
    """The HTML of one print edition and what the tagging needs to know about it."""

    html: str
    ui: str
    view: tuple[str, ...]
    rows: list[PrintRow]
    footnotes: dict[str, Footnote]
    title: str


def short_title(aligned: AlignedText, lang: str) -> str:
    """The short title for running heads in ``lang`` (the source's when no version has one)."""
    document = aligned.translations.get(lang)
    if document is not None and document.header.short_title:
        return document.header.short_title
    return aligned.source.header.short_title


def short_authors(aligned: AlignedText) -> str:
    names = [a.name if a.is_org else a.name.split()[-1] for a in aligned.source.header.authors]
    if len(names) > 2:
        return f"{names[0]} et al."
    return " & ".join(names)


def edition(aligned: AlignedText, view: tuple[str, ...], keep: Iterable[str] = ()) -> Edition:
    """The print edition of ``aligned`` in ``view`` as HTML."""
    page = PrintPage(aligned, view)
    ui = page.ui
    header = aligned.source.header
    pub = header.publication
    sections = page.print_sections()
    forced = set(keep)
    rows = [row for section in sections for row in section.rows]
    for row in rows:
        if row.anchor in forced:
            row.keep = True

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
        versions.append(
            {
                "name": i18n.language_name(lang, ui),
                "role": provenance.role,
                "statement": localized_statement(lang, provenance, aligned.source.lang, ui),
            }
        )
    has_untranslated = any(
        not aligned.is_to_translate(unit_id) and not parallel_version_of(unit_id)
        for unit_id in aligned.source.units
    )
    toc = []
    for row in rows:
        if row.kind != "head" or not row.cells:
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
        "untranslated": label("untranslated", ui) if has_untranslated else None,
        "toc": toc,
        "sections": sections,
        "column_heads": [i18n.language_name(lang, ui) for lang in view] if len(view) > 1 else [],
        "subject": label(subject_key, ui, languages=names),
        "keywords": ", ".join(["Soviet–Turkish relations", "1919–1922", aligned.id, *view]),
        "labels": {
            key: label(key, ui, id=aligned.id)
            for key in ("print_edition", "source", "versions", "contents", "citing", "cite_how")
        },
        "page_css": Markup(
            "@page { @top-left { content: "
            + css_string(f"{short_authors(aligned)} · {short_title(aligned, ui)}")
            + "; } @top-right { content: "
            + css_string(names)
            + "; } }"
        ),
    }
    env = _environment()
    from reader.render.html.page import render_page

    html = render_page(
        env,
        TEMPLATE,
        ui,
        doc=doc,
        view=view,
        stylesheet=STYLESHEET.name,  # relative to ASSETS: the PDF does not depend on where the package is installed
        SITE_NAME=SITE_NAME,
    )
    return Edition(
        html=html,
        ui=ui,
        view=view,
        rows=rows,
        footnotes=page.footnotes,
        title=str(doc["title"]),
    )


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


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


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
    import weasyprint

    from reader.render.pdf.fetch import AssetFetcher
    from reader.render.pdf.hyphen import install

    install()
    fetcher = AssetFetcher(roots)
    collect = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collect)
    try:
        document = weasyprint.HTML(string=html, base_url=ASSETS.as_uri() + "/", url_fetcher=fetcher)
        css = [
            weasyprint.CSS(string=s, base_url=ASSETS.as_uri() + "/", url_fetcher=fetcher)
            for s in stylesheets
        ]
        data = document.write_pdf(
            stylesheets=css,
            pdf_variant="pdf/ua-1",
            output_intent="srgb",
            pdf_identifier=identifier or hashlib.sha256(html.encode()).digest()[:16],
        )
    finally:
        logger.removeHandler(collect)
    return bytes(data), fetcher.refused, collect.messages


def finish(data: bytes, plan: Any, *, archival: bool = True) -> tuple[bytes, int]:
    """Tag languages and notes, mark pagination and PDF/A; returns the PDF and its pages."""
    import pikepdf

    from reader.render.pdf.tags import artifact_pagination, mark_archival, tag_structure

    with pikepdf.open(io.BytesIO(data)) as pdf:
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

    return TagPlan(
        lang=edition_.ui,
        rows=[RowPlan(row.anchor, tuple(cell.lang for cell in row.cells)) for row in edition_.rows],
        footnotes={a: (f.lang, f.note_id) for a, f in edition_.footnotes.items()},
        table_semantics=len(edition_.view) > 1,
    )


def render_pdf(aligned: AlignedText, view: tuple[str, ...], *, retries: int = 2) -> Rendered:
    """Render one print edition, check its pairs, and render again rows that came apart."""
    started = time.perf_counter()
    keep: set[str] = set()
    renders = 0
    while True:
        current = edition(aligned, view, keep)
        data, refused, warnings = html_to_pdf(current.html)
        renders += 1
        data, pages = finish(data, tag_plan(current))
        unpaired = unpaired_rows(data, current.rows)
        if not unpaired or renders > retries:
            break
        keep |= {entry.split(" ", 1)[0] for entry in unpaired}
    return Rendered(
        name=pdf_name(aligned.id, view),
        data=data,
        pages=pages,
        seconds=time.perf_counter() - started,
        renders=renders,
        unpaired=unpaired,
        refused=refused,
        warnings=warnings,
    )


@dataclass(frozen=True)
class Job:
    root: str
    text_id: str
    view: tuple[str, ...]


@cache
def _aligned(root: str, text_id: str) -> AlignedText:
    return load_aligned(Corpus.open(root), text_id)


def render_job(job: Job) -> Rendered:
    """Render one PDF in a worker process (reads the corpus itself)."""
    return render_pdf(_aligned(job.root, job.text_id), job.view)


def render_all(jobs: Sequence[Job], workers: int | None = None) -> dict[str, Rendered]:
    """Render ``jobs`` in parallel processes (``workers=0``: in this process)."""
    if not jobs:
        return {}
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
        # Longest first: the big texts start early and the pool finishes together.
        ordered = sorted(jobs, key=lambda j: (-len(j.view), j.text_id))
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
