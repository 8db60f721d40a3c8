"""The parallel-text HTML reader: pages as Jinja2 templates over rows of aligned units.

A reader page shows one text in one, two or three languages. It walks the
source's blocks (the skeleton) and makes one *row* per citable unit, with one
*cell* per language; the cells of a row start on the same line (CSS grid) and
stack on a narrow screen. Units that a translation leaves in the original
(bibliography, reader comments) are full-width rows shown once, marked.

URLs (documented in README.md)::

    index.html, tr/index.html, ru/index.html     the texts, interface in en / tr / ru
    TEXT/LANG.html                               one language
    TEXT/L1-L2.html, TEXT/en-tr-ru.html          side by side (L1 on the left)
    …#p12  …#p12.s3  …#n14  …#b-hirst2013        a paragraph, sentence, note, entry

The interface language of a page is the language of its first column.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from reader.align import AlignedText, UnitVersion
from reader.cite import Cited, format_citation
from reader.errors import Problem
from reader.model import Block, Container, Inline, Note, Provenance, Sentence, Unit
from reader.refs import parallel_version_of, unit_label
from reader.render.common import i18n
from reader.render.common.inline import InlineOptions, render, render_note

LANGS = i18n.UI_LANGUAGES
SITE_NAME = "Soviet–Turkish Relations Reader"


def views_for(aligned: AlignedText) -> list[tuple[str, ...]]:
    """Every view of a text: each language, each ordered pair, and all three."""
    langs = [lang for lang in LANGS if lang in aligned.languages]
    views: list[tuple[str, ...]] = [(lang,) for lang in langs]
    views += list(itertools.permutations(langs, 2))
    if len(langs) == 3:
        source = aligned.source.lang
        views.append((source, *[lang for lang in langs if lang != source]))
    return views


def view_name(view: tuple[str, ...]) -> str:
    return "-".join(view)


def default_view(aligned: AlignedText, lang: str) -> tuple[str, ...]:
    """The view a home page in ``lang`` links first: the original beside ``lang``."""
    source = aligned.source.lang
    if lang == source or lang not in aligned.languages:
        others = [x for x in LANGS if x in aligned.languages and x != source]
        return (source, others[0]) if others else (source,)
    return (source, lang)


# ----------------------------------------------------------------- view model


@dataclass
class Cell:
    lang: str
    html: Markup
    origin: str
    badge: str | None = None
    cite: str | None = None


@dataclass
class Row:
    id: str | None
    kind: str
    cells: list[Cell]
    full: bool = False
    classes: list[str] = field(default_factory=list)
    level: int = 2
    label: str | None = None


@dataclass
class Section:
    """A run of rows under a division of the source (for landmarks and headings)."""

    kind: str
    rows: list[Row]
    label: str | None = None


class Page:
    """Everything a reader-page template needs, computed from the aligned text."""

    def __init__(
        self,
        aligned: AlignedText,
        view: tuple[str, ...],
        *,
        text_views: dict[str, list[tuple[str, ...]]],
        entity_href: Callable[[str], str | None] | None = None,
        text_anchors: Callable[[str], frozenset[str] | None] | None = None,
    ) -> None:
        self.aligned = aligned
        #: text id → the ids a link into that text's pages can lead to (None: unknown)
        self.text_anchors = text_anchors or (lambda text_id: None)
        self.view = view
        self.ui = view[0]
        self.gettext = i18n.gettext_for(self.ui)
        self.text_views = text_views
        self.entity_href = entity_href or (lambda ref: None)
        #: note id → column language → id of the first call rendered there
        self.calls: dict[str, dict[str, str]] = {}
        #: where the page falls short of its text, located in the file of each unit
        #: (in order, each once: a unit is rendered in several columns and pages)
        self.problems: dict[Problem, None] = {}

    # -- warnings ----------------------------------------------------------------

    @cached_property
    def _files(self) -> dict[int, str]:
        """id() of every unit of the text → the file it was read from."""
        files: dict[int, str] = {}

        def walk(blocks: tuple[Block, ...], path: str) -> None:
            for block in blocks:
                files[id(block)] = path
                if isinstance(block, Container):
                    walk(block.children, path)

        for document in (self.aligned.source, *self.aligned.translations.values()):
            walk(document.blocks, document.path)
            for unit in document.units.values():
                files[id(unit)] = document.path
        return files

    def warner(self, unit: Unit) -> Callable[[int, str], None]:
        """The ``warn`` of inline options for rendering ``unit``: located in its file."""
        path = self._files.get(id(unit), self.aligned.source.path)

        def warn(line: int, message: str) -> None:
            self.problems[Problem(path, line or unit.line, message, "warning")] = None

        return warn

    def render_unit(
        self, unit: Unit, options: InlineOptions, content: tuple[Inline, ...] | None = None
    ) -> Markup:
        """``unit``'s text (or ``content``, a part of it) with warnings located in its file;
        a note's after the label saying whose note it is."""
        options.warn = self.warner(unit)
        if content is None and isinstance(unit, Note):
            return render_note(unit, options)
        return render(unit.content if content is None else content, options, line=unit.line)

    @cached_property
    def anchors(self) -> frozenset[str]:
        """The ids a link on the page can lead to: passages, sentences, notes, entries."""
        return link_anchors(self.aligned)

    def link_problem(self, target: str) -> str | None:
        """What is wrong with a link to ``target`` on the page (a warning), or None.

        A reference without a target (an author–date citation whose work the
        bibliography lacks) is plain text on purpose.
        """
        if not target:
            return None
        if target.startswith("#"):
            if target[1:] in self.anchors:
                return None
            return (
                f"link to {target!r}: the reader shows no passage, sentence, note or "
                "bibliography entry with that id: the link leads nowhere"
            )
        if target.startswith("corpus:"):
            text_id, _, anchor = target.removeprefix("corpus:").partition("#")
            if self.corpus_href(text_id) is None:
                return (
                    f"link to {target!r}: no text {text_id!r} in this build: printed as plain text"
                )
            known = self.text_anchors(text_id)
            if anchor and known is not None and anchor not in known:
                return (
                    f"link to {target!r}: the reader shows no passage, sentence, note or "
                    f"bibliography entry of {text_id!r} with that id: the link leads nowhere"
                )
            return None
        if target.startswith(("http://", "https://")):
            return None
        return f"link to {target!r}: not a target the reader links: printed as plain text"

    # -- helpers ---------------------------------------------------------------

    @property
    def source(self) -> str:
        return self.aligned.source.lang

    def _(self, message: str) -> str:
        return str(self.gettext(message))

    def href_for_view(self, text_id: str, view: tuple[str, ...]) -> str:
        prefix = "" if text_id == self.aligned.id else f"../{text_id}/"
        return f"{prefix}{view_name(view)}.html"

    def corpus_href(self, text_id: str) -> str | None:
        views = self.text_views.get(text_id)
        if not views:
            return None
        wanted = self.view if self.view in views else views[0]
        return f"../{text_id}/{view_name(wanted)}.html"

    def link_href(self, target: str) -> str | None:
        if target.startswith("#"):
            return target
        if target.startswith("corpus:"):
            text_id, _, anchor = target.removeprefix("corpus:").partition("#")
            href = self.corpus_href(text_id)
            return f"{href}#{anchor}" if href and anchor else href
        if target.startswith(("http://", "https://")):
            return target
        return None

    def options(self, lang: str, column: str | None = None) -> InlineOptions:
        """Inline options for content in ``lang`` shown in the column of ``column``."""
        column = column or lang

        def call_id(note_id: str, first: bool) -> str | None:
            calls = self.calls.setdefault(note_id, {})
            if first and column not in calls:
                calls[column] = f"call-{column}-{note_id}"
                return calls[column]
            return None

        def sentence_attrs(sentence: Sentence) -> dict[str, str]:
            return {"data-align": " ".join(sentence.renders), "tabindex": "0"}

        return InlineOptions(
            note_href=lambda note_id: f"#{note_id}",
            call_id=call_id,
            link_href=self.link_href,
            link_problem=self.link_problem,
            sentence_attrs=sentence_attrs,
            entity_href=self.entity_href,
            labels={
                "sic": self._("The source reads so; the editors' correction follows in brackets:")
            },
            lang=lang,
            sentence_ids=column == self.view[0],
        )

    def provenance(self, lang: str, version: UnitVersion | None = None) -> Provenance:
        return self.aligned.provenance(lang, version)

    def statement(self, lang: str, provenance: Provenance) -> str:
        return localized_statement(lang, provenance, self.source, self.ui)

    # -- cells -------------------------------------------------------------------

    def badge(self, version: UnitVersion) -> str | None:
        if version.origin == "missing":
            return self._("Not yet translated: the original is shown.")
        if version.origin == "original" and version.lang != version.unit.lang:
            return self._("Not translated: the original is shown.")
        if version.origin == "authors-own" and version.lang != self.source:
            return self._("The author's own wording.")
        if version.origin == "back-translation":
            return None
        return None

    def cite_text(self, unit_id: str, version: UnitVersion) -> str:
        lang = version.unit.lang if version.is_fallback else version.lang
        provenance = self.provenance(lang, version)
        cited = Cited(
            text_id=self.aligned.id,
            ref=f"{self.aligned.id}:{unit_id}",
            unit_label=unit_label(unit_id),
            header=self.aligned.source.header,
            lang=lang,
            provenance=provenance,
            source_lang=self.source,
            url=f"{self.aligned.id}/{view_name(self.view)}.html#{unit_id}",
            statement=self.statement(lang, provenance),
        )
        return format_citation(cited, "chicago")

    def cell(self, unit_id: str, lang: str) -> Cell:
        version = self.aligned.version(unit_id, lang)
        shown_lang = version.text_lang
        html = self.render_unit(version.unit, self.options(shown_lang, column=lang))
        cite = (
            self.cite_text(unit_id, version) if version.unit.tag in ("p", "item", "note") else None
        )
        return Cell(
            lang=shown_lang, html=html, origin=version.origin, badge=self.badge(version), cite=cite
        )

    def shared_cell(self, unit: Unit) -> Cell:
        """A unit shown once across all columns (no translation expected)."""
        options = self.options(unit.lang, column=self.view[0])
        html = self.render_unit(unit, options, unit.content)
        for pointer in unit.corresp:
            if pointer.startswith("corpus:"):
                href = self.link_href(pointer)
                if href:
                    html += Markup(' <a class="ref ref-corpus" href="{}" lang="{}">{}</a>').format(
                        href, self.ui, self._("Read this text in the reader")
                    )
        return Cell(lang=unit.lang, html=html, origin="original")

    # -- rows --------------------------------------------------------------------

    def skip(self, unit_id: str) -> bool:
        """An author's parallel version (``p1_tr``) is shown in its language's column instead."""
        parsed = parallel_version_of(unit_id)
        return bool(parsed and parsed[1] in self.view and parsed[1] != self.source)

    @cached_property
    def sections(self) -> list[Section]:
        sections: list[Section] = []
        parts = (
            ("front", self.aligned.source.front),
            ("body", self.aligned.source.body),
            ("back", self.aligned.source.back),
        )
        notes_placed = False
        for part, blocks in parts:
            if part == "back" and not notes_placed and self._has_divgen(blocks) is False:
                sections.append(self.notes_section())
                notes_placed = True
            for block in blocks:
                for section in self._sections_of(block, part):
                    if section.kind == "notes":
                        notes_placed = True
                    sections.append(section)
        if not notes_placed:
            sections.append(self.notes_section())
        return [s for s in sections if s.rows]

    def _has_divgen(self, blocks: tuple[Block, ...]) -> bool:
        for block in blocks:
            if isinstance(block, Unit) and block.tag == "divGen":
                return True
            if isinstance(block, Container) and self._has_divgen(block.children):
                return True
        return False

    def _sections_of(self, block: Block, part: str) -> Iterator[Section]:
        if (
            isinstance(block, Container)
            and block.tag == "div"
            and block.type in ("comments", "bibliography")
        ):
            rows = list(self._rows(block.children, depth=2, context=[block.type]))
            yield Section(kind=block.type, rows=rows)
            return
        if isinstance(block, Container) and block.tag == "div" and block.type == "notes":
            heading = list(
                self._rows(
                    tuple(
                        c for c in block.children if not (isinstance(c, Unit) and c.tag == "divGen")
                    ),
                    depth=2,
                    context=["notes"],
                )
            )
            notes = self.notes_section()
            notes.rows = heading + notes.rows
            yield notes
            return
        yield Section(kind=part, rows=list(self._rows((block,), depth=1, context=[part])))

    def _rows(self, blocks: tuple[Block, ...], depth: int, context: list[str]) -> Iterator[Row]:
        for block in blocks:
            if isinstance(block, Container):
                inner = [*context, block.type or block.tag]
                if block.tag == "div":
                    yield from self._rows(block.children, depth + 1, inner)
                else:
                    yield from self._rows(block.children, depth, inner)
                continue
            yield from self._unit_rows(block, depth, context)

    def _unit_rows(self, unit: Unit, depth: int, context: list[str]) -> Iterator[Row]:
        classes = [f"in-{c}" for c in context if c]
        if unit.tag == "divGen":
            return
        untranslated_context = "comments" in context or "bibliography" in context
        if not unit.id or unit.tag == "bibl" or (untranslated_context and unit.tag != "head"):
            yield Row(
                id=unit.id if unit.tag == "bibl" or untranslated_context else None,
                kind=unit.tag,
                cells=[self.shared_cell(unit)],
                full=True,
                classes=classes,
                level=min(depth, 6),
            )
            return
        if self.skip(unit.id):
            return
        kind = "figure" if unit.tag == "head" and "figure" in context else unit.tag
        if parallel_version_of(unit.id):
            cell = self.shared_cell(unit)
            cell.badge = self._("The author's own version in another language.")
            yield Row(
                id=unit.id,
                kind=kind,
                cells=[cell],
                full=True,
                classes=[*classes, "authors-version"],
                level=min(depth, 6),
            )
            return
        label = unit_label(unit.id) if unit.tag in ("p", "item") else None
        yield Row(
            id=unit.id,
            kind=kind,
            cells=[self.cell(unit.id, lang) for lang in self.view],
            classes=classes,
            level=min(depth, 6),
            label=label,
        )

    def notes_section(self) -> Section:
        rows = []
        for note_id, note in self.aligned.source.notes.items():
            if self.skip(note_id):
                continue
            cells = []
            calls = self.calls.get(note_id, {})
            for lang in self.view:
                cell = self.cell(note_id, lang)
                back = calls.get(lang) or next(iter(calls.values()), None)
                number = note.n or ""
                if back:
                    marker = Markup('<a class="note-n" href="#{}" title="{}">{}</a>').format(
                        back, self._("Back to the note call"), number
                    )
                else:
                    marker = Markup('<span class="note-n">{}</span>').format(number)
                cell.html = Markup("{} {}").format(marker, cell.html)
                cells.append(cell)
            classes = ["note-row"] + (["note-editors"] if note.is_editors_note else [])
            rows.append(Row(id=note_id, kind="note", cells=cells, classes=classes))
        return Section(kind="notes", rows=rows, label=self._("Notes"))


def link_anchors(aligned: AlignedText) -> frozenset[str]:
    """The ids a link to a text's pages can lead to: its passages, sentences, notes and
    bibliography entries, in any of its versions (they share their ids)."""
    ids: set[str] = set()
    for document in (aligned.source, *aligned.translations.values()):
        ids.update(document.units, document.sentences)
    return frozenset(ids)


def localized_statement(lang: str, provenance: Provenance, source_lang: str, ui: str) -> str:
    """What a language version is, in the interface language ``ui``."""
    _ = i18n.gettext_for(ui)
    name = i18n.language_name(lang, ui)
    status = {"draft": _("draft"), "reviewed": _("reviewed"), "published": _("published")}.get(
        provenance.status, provenance.status
    )
    date = i18n.date(provenance.date, ui) if provenance.date else ""
    if provenance.role == "original" and provenance.rendering_of and lang == source_lang:
        return str(
            _(
                "{language}: the text of the source, a rendering of a work written in "
                "{original}; not the original wording."
            )
        ).format(language=name, original=i18n.language_name_in_text(provenance.rendering_of, ui))
    if provenance.role == "original":
        return str(_("{language}: the text of the source.")).format(language=name)
    if provenance.role == "authors-own":
        return str(_("{language}: the author's own wording in the source.")).format(language=name)
    if provenance.role == "back-translation":
        return str(
            _(
                "{language}: back-translation prepared for this edition from the English rendering "
                "({status}, {date}); not the author's original text."
            )
        ).format(language=name, status=status, date=date)
    return str(
        _(
            "{language}: translation prepared for this edition ({status}, {date}); not the author's text."
        )
    ).format(language=name, status=status, date=date)


# --------------------------------------------------------------------- env


#: The templates of the site's pages.
TEMPLATES = Path(str(resources.files("reader") / "render" / "html" / "templates"))


def environment(templates: Path = TEMPLATES) -> Environment:
    """The Jinja2 environment of pages made from the templates in ``templates``."""
    env = Environment(
        loader=FileSystemLoader(str(templates)),
        autoescape=select_autoescape(["html", "xml"]),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


HOME_PATHS = {"en": "index.html", "tr": "tr/index.html", "ru": "ru/index.html"}
ENTITIES_PATHS = {"en": "entities.html", "tr": "tr/entities.html", "ru": "ru/entities.html"}
TIMELINE_PATHS = {"en": "timeline.html", "tr": "tr/timeline.html", "ru": "ru/timeline.html"}
NATIVE_NAMES = {"en": "English", "tr": "Türkçe", "ru": "Русский"}


def render_page(env: Environment, template: str, ui: str, **context: object) -> str:
    """Render ``template`` with the interface in ``ui``."""
    env.install_gettext_translations(i18n.translations(ui), newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(
        language_name=lambda code: i18n.language_name(code, ui),
        language_in_text=lambda code: i18n.language_name_in_text(code, ui),
        format_date=lambda value: i18n.date(value, ui),
        format_number=lambda value: i18n.number(value, ui),
        SITE_NAME=SITE_NAME,
        HOME_PATHS=HOME_PATHS,
        ENTITIES_PATHS=ENTITIES_PATHS,
        TIMELINE_PATHS=TIMELINE_PATHS,
        NATIVE_NAMES=NATIVE_NAMES,
        UI_LANGUAGES=LANGS,
    )
    context.setdefault("home_paths", HOME_PATHS)
    context.setdefault("page_kind", "")
    return env.get_template(template).render(ui=ui, **context)
