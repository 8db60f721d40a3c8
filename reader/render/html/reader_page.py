"""The reader page of the site: one text in one, two or three columns, in any interface language.

:class:`~reader.render.html.page.Page` (shared with the print editions) makes
the rows and cells; :class:`ReaderPage` is the site's reading of it:

* every cell knows its *status* (the source's text, a translation, a
  back-translation, the author's own wording, the original standing in for an
  untranslated unit), so that every cell can say what it is;
* a row whose every column would show the same original (an untranslated note,
  a unit not yet translated) is shown once, full width, with one notice;
* a name is a link at its first mention in a paragraph, not at every mention;
* corrections of the source are visible inline (sic [corr]);
* a call of the author's own version of a note (``n_author_tr``) leads to the
  row that shows it (``n_author``).

The sections are computed once per view and rendered in every interface
language: the inline HTML holds no interface string. What depends on the
interface (the address of the index, the words of a tooltip) is written as a
marker that :meth:`ReaderPage.finish` replaces per language. A marker starts
and ends with U+0001, a character no XML file can hold, so no text of a
source can forge one.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property

from jinja2 import Environment
from markupsafe import Markup

from reader.align import AlignedText, UnitVersion
from reader.cite import Cited, Edition, format_citation
from reader.model import Provenance, Sentence, Unit
from reader.refs import parallel_version_of, unit_label
from reader.render.common import i18n
from reader.render.common.inline import InlineOptions
from reader.render.html.page import Cell, Page, Row, Section, localized_statement, view_name

MARK = "\x01"
_MARKER = re.compile("\x01([a-z-]+)(?::([^\x01]*))?\x01")

#: What a cell shows, by what it is (the key of its label).
STATUSES = (
    "source",
    "translation",
    "back-translation",
    "authors-own",
    "untranslated",
    "missing",
)


def page_name(view: tuple[str, ...], ui: str) -> str:
    """The file of ``view`` with the interface in ``ui``.

    The interface of ``VIEW.html`` is the language of its first column (the
    addresses published so far); another interface is ``VIEW.UI.html``.

    >>> page_name(("ru", "en"), "ru"), page_name(("ru", "en"), "en")
    ('ru-en.html', 'ru-en.en.html')
    """
    name = view_name(view)
    return f"{name}.html" if ui == view[0] else f"{name}.{ui}.html"


def about_name(ui: str) -> str:
    """The file of a text's "About this text" page in ``ui``: about.html, about.tr.html …"""
    return "about.html" if ui == "en" else f"about.{ui}.html"


def marker(name: str, arg: str | None = None) -> Markup:
    """A place for an interface word or address, filled per interface language by
    :meth:`ReaderPage.finish` (safe: the filled value is escaped there)."""
    return Markup(f"{MARK}{name}:{arg}{MARK}" if arg else f"{MARK}{name}{MARK}")


def N_(message: str) -> str:
    """Mark ``message`` for the catalogues; it is translated where the page is finished."""
    return message


#: The words of the page that :func:`marker` leaves to :meth:`ReaderPage.finish`.
GAP = N_("The text of this note is not in the source capture.")
READ = N_("Read this text in the reader")
BACK = N_("Back to the note call")


@dataclass
class ReaderCell(Cell):
    """A cell of the site's page: what it shows and in which column."""

    column: str | None = None
    status: str = "source"
    #: its status differs from its column's (an author's own unit in a translation column …)
    differs: bool = False
    #: the first of a run of cells of the same differing status in its column
    run_start: bool = True


class ReaderPage(Page):
    """The site's page of one view of a text, computed once for every interface language."""

    def __init__(
        self,
        aligned: AlignedText,
        view: tuple[str, ...],
        *,
        text_views: dict[str, list[tuple[str, ...]]],
        known_entities: set[str] | frozenset[str] = frozenset(),
        text_anchors: Callable[[str], frozenset[str] | None] | None = None,
    ) -> None:
        super().__init__(aligned, view, text_views=text_views, text_anchors=text_anchors)
        self.known_entities = known_entities
        self._body: str | None = None

    # -- inline HTML without interface strings ---------------------------------

    def note_row(self, note_id: str) -> str:
        """The row that shows a note: an author's version of a note shows in its base row."""
        return parallel_version_of(note_id)[0] if self.skip(note_id) else note_id  # type: ignore[index]

    def shown_anchor(self, anchor: str) -> str:
        """Where a view shows ``anchor``: an author's version it shows in its base row
        (``p1_tr.s7`` → ``p1.s7``; the translation reuses the author's wording on the
        source's ids, docs/translating.md)."""
        unit_id, dot, rest = anchor.partition(".")
        if self.skip(unit_id):
            return f"{parallel_version_of(unit_id)[0]}{dot}{rest}"  # type: ignore[index]
        return anchor

    def link_href(self, target: str) -> str | None:
        if target.startswith("#"):
            return f"#{self.shown_anchor(target[1:])}"
        own = f"corpus:{self.aligned.id}#"
        if target.startswith(own):
            href = super().link_href(target)
            return href and f"{href.partition('#')[0]}#{self.shown_anchor(target[len(own) :])}"
        return super().link_href(target)

    def corpus_href(self, text_id: str) -> str | None:
        views = self.text_views.get(text_id)
        if not views:
            return None
        wanted = self.view if self.view in views else views[0]
        return f"../{text_id}/{view_name(wanted)}{marker('ui-suffix', wanted[0])}.html"

    def options(self, lang: str, column: str | None = None) -> InlineOptions:
        column = column or lang
        linked: set[str] = set()

        def call_id(note_id: str, first: bool) -> str | None:
            row = self.note_row(note_id)
            calls = self.calls.setdefault(row, {})
            if first and column not in calls:
                calls[column] = f"call-{column}-{row}"
                return calls[column]
            return None

        def entity_href(ref: str) -> str | None:
            # A name is a link at its first mention in the cell: enough to reach the
            # index, without underlining every "Turkey" of a paragraph.
            entity_id = ref.removeprefix("corpus:entities#")
            if entity_id not in self.known_entities or entity_id in linked:
                return None
            linked.add(entity_id)
            return f"{marker('entities')}#{entity_id}"

        def sentence_attrs(sentence: Sentence) -> dict[str, str]:
            return {"data-align": " ".join(sentence.renders)}

        return InlineOptions(
            note_href=lambda note_id: f"#{self.note_row(note_id)}",
            call_id=call_id,
            link_href=self.link_href,
            link_problem=self.link_problem,
            sentence_attrs=sentence_attrs,
            entity_href=entity_href,
            labels={"absent-from-capture": marker("msg", GAP)},
            lang=lang,
            sentence_ids=column == self.view[0],
            corrections_visible=True,
        )

    def inline(self, unit: Unit, lang: str, column: str) -> Markup:
        """A unit's text alone (a note's without the label of whose note it is)."""
        return self.render_unit(unit, self.options(lang, column=column), unit.content)

    def unit_html(self, unit: Unit, lang: str, column: str) -> Markup:
        """A unit's text; an editors' note says it is the editors', in its language."""
        return self.render_unit(unit, self.options(lang, column=column))

    # -- what each cell is -------------------------------------------------------

    def column_status(self, lang: str) -> str:
        """The status of a column: the source's text, a translation, a back-translation."""
        role = self.aligned.provenance(lang).role
        return "source" if role == "original" else role

    def status(self, version: UnitVersion) -> str:
        if version.origin == "missing":
            return "missing"
        if version.origin == "original":
            return "source" if version.lang == self.source else "untranslated"
        if version.origin == "authors-own":
            return "source" if version.lang == self.source else "authors-own"
        return version.origin

    def cell(self, unit_id: str, lang: str) -> Cell:
        version = self.aligned.version(unit_id, lang)
        status = self.status(version)
        return ReaderCell(
            lang=version.text_lang,
            html=self.unit_html(version.unit, version.text_lang, lang),
            origin=version.origin,
            column=lang,
            status=status,
            differs=status != self.column_status(lang),
        )

    def shared_cell(self, unit: Unit) -> Cell:
        """A unit shown once across all columns (bibliography, comments, an author's version)."""
        html = self.unit_html(unit, unit.lang, self.view[0])
        for pointer in unit.corresp:
            if pointer.startswith("corpus:"):
                href = self.link_href(pointer)
                if href:
                    html += Markup(' <a class="ref ref-corpus" href="{}" lang="{}">{}</a>').format(
                        href, marker("ui"), marker("msg", READ)
                    )
        # Shown across the columns, it says what it is where its language is not the
        # first column's (a Turkish byline in English · Turkish).
        return ReaderCell(
            lang=unit.lang,
            html=html,
            origin="original",
            status="source",
            differs=unit.lang != self.view[0],
        )

    # -- rows ----------------------------------------------------------------------

    def _unit_rows(self, unit: Unit, depth: int, context: list[str]) -> Iterator[Row]:
        classes = [f"in-{c}" for c in context if c]
        if unit.tag == "divGen":
            return
        untranslated_context = "comments" in context or "bibliography" in context
        level = min(depth, 6)
        if not unit.id or unit.tag == "bibl" or (untranslated_context and unit.tag != "head"):
            yield Row(
                id=unit.id if unit.tag == "bibl" or untranslated_context else None,
                kind=unit.tag,
                cells=[self.shared_cell(unit)],
                full=True,
                classes=classes,
                level=level,
            )
            return
        if self.skip(unit.id):
            return
        kind = "figure" if unit.tag == "head" and "figure" in context else unit.tag
        label = unit.id if unit.tag in ("p", "item") else None
        if parallel_version_of(unit.id):
            cell = self.shared_cell(unit)
            assert isinstance(cell, ReaderCell)
            cell.status, cell.differs = "authors-own", True
            yield Row(
                id=unit.id,
                kind=kind,
                cells=[cell],
                full=True,
                classes=[*classes, "authors-version"],
                level=level,
                label=label,
            )
            return
        yield self._row(unit.id, kind, classes, level, label)

    def _row(
        self, unit_id: str, kind: str, classes: list[str], level: int, label: str | None
    ) -> Row:
        """A row of one cell per column, or one full-width cell when every column
        would show the same original (nothing to compare side by side)."""
        versions = [self.aligned.version(unit_id, lang) for lang in self.view]
        if len(self.view) > 1 and len({id(v.unit) for v in versions}) == 1:
            unit = versions[0].unit
            fallback = next((v for v in versions if v.is_fallback), versions[-1])
            status = "missing" if fallback.origin == "missing" else "untranslated"
            cell = ReaderCell(
                lang=unit.lang,
                html=self.inline(unit, unit.lang, self.view[0]),
                origin=fallback.origin,
                status=status,
                differs=True,
            )
            return Row(
                id=unit_id,
                kind=kind,
                cells=[cell],
                full=True,
                classes=[*classes, "shared"],
                level=level,
                label=label,
            )
        return Row(
            id=unit_id,
            kind=kind,
            cells=[self.cell(unit_id, lang) for lang in self.view],
            classes=classes,
            level=level,
            label=label,
        )

    def notes_section(self) -> Section:
        rows = []
        for note_id, note in self.aligned.source.notes.items():
            if self.skip(note_id):
                continue
            classes = ["note-row"] + (["note-editors"] if note.is_editors_note else [])
            row = self._row(note_id, "note", classes, 2, note_id)
            calls = self.calls.get(note_id, {})
            for cell in row.cells:
                assert isinstance(cell, ReaderCell)
                back = calls.get(cell.column or "") or next(iter(calls.values()), None)
                number = note.n or ""
                if back:
                    marker_html = Markup('<a class="note-n" href="#{}" title="{}">{}</a>').format(
                        back, marker("msg", BACK), number
                    )
                else:
                    marker_html = Markup('<span class="note-n">{}</span>').format(number)
                cell.html = Markup("{} {}").format(marker_html, cell.html)
            rows.append(row)
        return Section(kind="notes", rows=rows, label="notes")

    @cached_property
    def sections(self) -> list[Section]:
        sections = super().sections
        self._mark_runs(sections)
        return sections

    def _mark_runs(self, sections: list[Section]) -> None:
        """Say a status once per run of rows that share it: the author's own front matter in
        its column, a bibliography or the reader comments shown once across the columns."""
        previous: dict[int, str | None] = {}
        previous_full: tuple[str, str] | None = None
        for section in sections:
            for row in section.rows:
                if row.full:
                    cell = row.cells[0]
                    assert isinstance(cell, ReaderCell)
                    key = (cell.status, cell.lang)
                    cell.run_start = key != previous_full
                    previous_full = key
                    continue  # a row across the columns (a byline) does not break a column's run
                previous_full = None
                for index, cell in enumerate(row.cells):
                    assert isinstance(cell, ReaderCell)
                    status = f"{cell.status}@{cell.lang}" if cell.differs else None
                    cell.run_start = status is not None and previous.get(index) != status
                    previous[index] = status

    # -- per interface language ------------------------------------------------------

    def citation(
        self,
        row: Row,
        ui: str,
        *,
        url: str,
        edition: Edition,
        edition_words: str,
        lang: str | None = None,
        item: str | None = None,
        accessed: str | None = None,
    ) -> str:
        """The Chicago citation of ``row`` (or of its sentence ``item``) in the column ``lang``."""
        unit_id = row.id or ""
        item = item or unit_id
        lang = lang or self.view[0]
        version = self.aligned.version(unit_id, lang)
        shown = version.unit.lang if version.is_fallback else version.lang
        provenance = self.provenance(shown, version)
        if version.is_fallback and shown != self.source:
            # the source's own unit in another language (an author's version), not ours
            provenance = Provenance(role="authors-own", status="published")
        cited = Cited(
            text_id=self.aligned.id,
            ref=f"{self.aligned.id}:{item}",
            unit_label=unit_label(item),
            header=self.aligned.source.header,
            lang=shown,
            provenance=provenance,
            source_lang=self.source,
            url=url,
            statement=localized_statement(shown, provenance, self.source, ui),
            edition=edition,
            edition_words=edition_words,
            accessed=accessed,
        )
        return format_citation(cited, "chicago")

    def body(self, env: Environment) -> str:
        """The rows of the page, once for every interface language (its words as markers)."""
        if self._body is None:
            self._body = env.get_template("rows.html").render(
                sections=self.sections,
                view=self.view,
                ui=marker("ui"),
                address=marker("address"),
                _=lambda message: marker("msg", message),
                label=lambda cell: marker("label", f"{cell.status}|{cell.lang}"),
                cite=lambda row: marker("cite", row.id),
                mark=lambda row: marker("mark", row.id),
                citelabel=lambda row: marker("citelabel", row.id),
                notice_untranslated=any(
                    row.full and "shared" in row.classes
                    for section in self.sections
                    if section.kind == "notes"
                    for row in section.rows
                ),
            )
        return self._body

    @staticmethod
    def finish(html: str, fill: Callable[[str, str], str]) -> str:
        """Fill the markers of ``html``: ``fill(name, argument)`` gives the (escaped) text."""
        return _MARKER.sub(lambda m: fill(m.group(1), m.group(2) or ""), html)


def cell_label(status: str, lang: str, ui: str, source: str, rendering_of: str | None) -> str:
    """What a cell is, in a few words of the interface language: "Turkish · translation"."""
    _ = i18n.gettext_for(ui)
    name = i18n.language_name(lang, ui)
    if status == "source" and rendering_of and lang == source:
        return str(_("{language} · source text; original language: {original}")).format(
            language=name, original=i18n.language_name_in_text(rendering_of, ui)
        )
    words: dict[str, Callable[[], str]] = {
        "source": lambda: _("{language} · source text"),
        "translation": lambda: _("{language} · translation for this edition"),
        "back-translation": lambda: _("{language} · back-translation, not the author's text"),
        "authors-own": lambda: _("{language} · the author's own wording"),
        "untranslated": lambda: _("{language} · original, not translated"),
        "missing": lambda: _("{language} · original: not yet translated"),
    }
    return str(words.get(status, words["source"])()).format(language=name)
