"""The static site: which pages exist, what each depends on, and how to render it.

The build (``reader.build``) asks :meth:`Site.plan` for the list of outputs,
each with a key that changes exactly when the page's inputs change; it renders
only the outputs whose key differs from the previous build.

A text has one page per view and interface language (``TEXT/VIEW.html``,
``TEXT/VIEW.UI.html``, :func:`~reader.render.html.reader_page.page_name`) and
an "About this text" page per interface language (``TEXT/about.html``,
``TEXT/about.tr.html`` …). The rows of a view are computed once and rendered
in every interface language.
"""

from __future__ import annotations

import importlib.metadata
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from jinja2 import Environment
from markupsafe import Markup, escape

from reader.align import AlignedText
from reader.cite import Cited, Edition, format_citation
from reader.entities import Entity
from reader.model import Document, Span, plain_text, version_provenance
from reader.render.common import i18n
from reader.render.common.output import Output, code_digest, digest
from reader.render.common.tei_files import ENTITIES_TEI_PATH, tei_file_path
from reader.render.html.crossref import CrossIndex
from reader.render.html.page import (
    ENTITIES_PATHS,
    HOME_PATHS,
    LANGS,
    SITE_NAME,
    TIMELINE_PATHS,
    default_view,
    environment,
    link_anchors,
    localized_statement,
    render_page,
    view_name,
    views_for,
)
from reader.render.html.reader_page import (
    ReaderCell,
    ReaderPage,
    about_name,
    cell_label,
    page_name,
)

#: Where ``reader serve`` serves the site; citations without JavaScript carry this
#: address unless the build is given the one the site is published at.
DEFAULT_BASE_URL = "http://127.0.0.1:8000/"
PDF_DIR = "pdf"
#: Zotero item types (DC.type) by the kind of source (biblStruct/@type).
ZOTERO_TYPES = {
    "journalArticle": "journalArticle",
    "encyclopediaArticle": "encyclopediaArticle",
    "webArticle": "webpage",
    "bookExcerpt": "bookSection",
    "letter": "letter",
}
CITE_STYLES = ("chicago", "apa", "bibtex")


def kind_label(kind: str, ui: str) -> str:
    _ = i18n.gettext_for(ui)
    labels = {
        "journalArticle": _("journal article"),
        "encyclopediaArticle": _("encyclopedia article"),
        "webArticle": _("article republished on a website, with reader comments"),
        "bookExcerpt": _("book excerpt"),
        "letter": _("diplomatic note, with the memorandum it answers"),
    }
    return str(labels.get(kind, kind))


def title_in(aligned: AlignedText, lang: str) -> tuple[str, str]:
    """The text's title in ``lang`` where a version has one, else the source's."""
    document = aligned.translations.get(lang)
    if document is not None:
        return document.header.title, lang
    own = aligned.source.header.titles.get(lang)
    if own:
        return own, lang
    return aligned.source.header.title, aligned.source.lang


def view_label(view: tuple[str, ...], ui: str) -> str:
    return " · ".join(i18n.language_name(lang, ui) for lang in view)


def package_version() -> str | None:
    """The installed distribution's version (sovturk-reader), which citations of the edition name."""
    try:
        return importlib.metadata.version("sovturk-reader")
    except importlib.metadata.PackageNotFoundError:
        return None


@dataclass(frozen=True)
class PrintFile:
    """A print edition built beside the site, copied into it and linked from its text."""

    name: str
    key: str
    path: Path

    @property
    def text_id(self) -> str:
        return self.name.split(".", 1)[0]

    @property
    def view(self) -> tuple[str, ...]:
        return tuple(self.name.split(".")[1].split("-"))


def corrections(document: Document) -> list[dict[str, str]]:
    """Every error of the source marked with choice/sic/corr: where, what it reads, the correction."""
    found = []
    for unit_id, unit in document.units.items():
        stack: list[tuple[object, str | None]] = [(node, None) for node in unit.content]
        while stack:
            node, sentence = stack.pop(0)
            if isinstance(node, Span) and node.tag == "choice":
                sic = next(
                    (c for c in node.children if isinstance(c, Span) and c.tag == "sic"), None
                )
                corr = next(
                    (c for c in node.children if isinstance(c, Span) and c.tag == "corr"), None
                )
                found.append(
                    {
                        "anchor": sentence or unit_id,
                        "sic": plain_text(sic.children) if sic else "",
                        "corr": plain_text(corr.children) if corr else "",
                    }
                )
                continue
            children = getattr(node, "children", ())
            child_sentence = getattr(node, "id", None) if getattr(node, "kind", "") == "s" else None
            stack[0:0] = [(child, child_sentence or sentence) for child in children]
    return found


class Site:
    """The pages of the reader for a set of aligned texts."""

    def __init__(
        self,
        texts: dict[str, AlignedText],
        file_digests: dict[str, str],
        entities: dict[str, Entity] | None = None,
        entities_digest: str = "",
        *,
        base_url: str = DEFAULT_BASE_URL,
        pdfs: list[PrintFile] | None = None,
        authority_file: Path | None = None,
    ) -> None:
        self.texts = texts
        #: the corpus's authority file, published with the texts' TEI files
        self.authority_file = authority_file
        self.file_digests = file_digests
        self.entities = entities or {}
        self.entities_digest = entities_digest
        self.base_url = base_url if base_url.endswith("/") else f"{base_url}/"
        self.pdfs = sorted(pdfs or [], key=lambda p: p.name)
        self._cross: CrossIndex | None = None
        self._pages: dict[tuple[str, tuple[str, ...]], ReaderPage] = {}
        self._anchors: dict[str, frozenset[str]] = {}
        self.env: Environment = environment()
        self.code = code_digest()
        self.version = package_version()
        self.views = {text_id: views_for(aligned) for text_id, aligned in texts.items()}
        self.layout = digest(repr(sorted((k, v) for k, v in self.views.items())))
        self.known = frozenset(self.entities)
        self.settings = digest(
            self.base_url,
            self.version or "",
            *(f"{p.name}={p.key}" for p in self.pdfs),
            *sorted(self.known),
        )

    def plan(self) -> list[Output]:
        outputs: list[Output] = []
        all_texts = digest(*(self.file_digests[t] for t in sorted(self.texts)))
        for ui in LANGS:
            outputs.append(
                Output(
                    HOME_PATHS[ui],
                    digest(self.code, all_texts, self.settings, "home", ui),
                    lambda ui=ui: self.home(ui).encode("utf-8"),  # type: ignore[misc]
                )
            )
        for text_id, aligned in self.texts.items():
            text_key = digest(self.code, self.layout, self.settings, self.file_digests[text_id])
            for view in self.views[text_id]:
                for ui in LANGS:
                    outputs.append(
                        Output(
                            f"{text_id}/{page_name(view, ui)}",
                            digest(text_key, text_id, view_name(view), ui),
                            lambda a=aligned, v=view, ui=ui: self.reader(a, v, ui).encode("utf-8"),  # type: ignore[misc]
                            lambda a=aligned, v=view: self.page(a, v).problems,  # type: ignore[misc]
                        )
                    )
            for ui in LANGS:
                outputs.append(
                    Output(
                        f"{text_id}/{about_name(ui)}",
                        digest(text_key, text_id, "about", ui),
                        lambda a=aligned, ui=ui: self.about(a, ui).encode("utf-8"),  # type: ignore[misc]
                    )
                )
        everything = digest(all_texts, self.entities_digest)
        for ui in LANGS:
            outputs.append(
                Output(
                    ENTITIES_PATHS[ui],
                    digest(self.code, everything, "entities", ui),
                    lambda ui=ui: self.entities_page(ui).encode("utf-8"),  # type: ignore[misc]
                )
            )
            outputs.append(
                Output(
                    TIMELINE_PATHS[ui],
                    digest(self.code, everything, "timeline", ui),
                    lambda ui=ui: self.timeline_page(ui).encode("utf-8"),  # type: ignore[misc]
                )
            )
        static = Path(str(resources.files("reader") / "render" / "html" / "static"))
        for file in sorted(static.iterdir()):
            data = file.read_bytes()
            outputs.append(Output(f"static/{file.name}", digest(data), lambda data=data: data))  # type: ignore[misc]
        for pdf in self.pdfs:
            outputs.append(
                Output(f"{PDF_DIR}/{pdf.name}", pdf.key, lambda path=pdf.path: path.read_bytes())  # type: ignore[misc]
            )
        outputs += self.tei_files()
        return outputs

    def tei_files(self) -> list[Output]:
        """The corpus's TEI files, byte for byte, in the corpus's layout under ``tei/``."""
        outputs = []
        for text_id, aligned in self.texts.items():
            for lang in aligned.languages:
                document = aligned.document(lang)
                path = tei_file_path(text_id, lang, source_lang=aligned.source.lang)
                outputs.append(
                    Output(
                        path,
                        digest(self.file_digests[text_id], path),
                        lambda file=document.path: Path(file).read_bytes(),  # type: ignore[misc]
                    )
                )
        if self.authority_file is not None:
            outputs.append(
                Output(
                    ENTITIES_TEI_PATH,
                    digest(self.entities_digest, ENTITIES_TEI_PATH),
                    lambda file=self.authority_file: file.read_bytes(),  # type: ignore[misc]
                )
            )
        return outputs

    # -- shared pieces ------------------------------------------------------------

    @property
    def cross(self) -> CrossIndex:
        if self._cross is None:
            self._cross = CrossIndex.build(self.texts, self.entities)
        return self._cross

    def url(self, path: str) -> str:
        """The absolute address of a file of the site."""
        return f"{self.base_url}{path}"

    def edition(self, aligned: AlignedText) -> Edition:
        """This edition of a text: the package's version and the text's latest revision."""
        documents = [aligned.source, *aligned.translations.values()]
        dates = [c.when for d in documents for c in d.header.changes if c.when]
        return Edition(version=self.version, date=max(dates) if dates else None)

    def edition_words(self, edition: Edition, ui: str) -> str:
        _ = i18n.gettext_for(ui)
        if edition.version and edition.date:
            words = _("In {title}, edited by {editors}, version {version} ({date}).")
        elif edition.version:
            words = _("In {title}, edited by {editors}, version {version}.")
        else:
            words = _("In {title}, edited by {editors}.")
        return str(words).format(
            title=_("Soviet–Turkish Relations Reader"),
            editors=_("the Soviet–Turkish Relations Reader project"),
            version=edition.version,
            date=i18n.date(edition.date, ui) if edition.date else "",
        )

    def text_pdfs(self, text_id: str) -> list[PrintFile]:
        return [p for p in self.pdfs if p.text_id == text_id]

    def pdf_links(self, aligned: AlignedText, ui: str, root: str) -> list[dict[str, object]]:
        return [
            {
                "href": f"{root}{PDF_DIR}/{p.name}",
                "label": view_label(p.view, ui),
                "view": p.view,
                "size": p.path.stat().st_size if p.path.is_file() else 0,
            }
            for p in self.text_pdfs(aligned.id)
        ]

    def text_anchors(self, text_id: str) -> frozenset[str] | None:
        """The ids a link into ``text_id``'s pages can lead to (None: no such text)."""
        if text_id not in self._anchors and text_id in self.texts:
            self._anchors[text_id] = link_anchors(self.texts[text_id])
        return self._anchors.get(text_id)

    def page(self, aligned: AlignedText, view: tuple[str, ...]) -> ReaderPage:
        """The rows of a view, computed once for its pages in every interface language."""
        key = (aligned.id, view)
        if key not in self._pages:
            self._pages[key] = ReaderPage(
                aligned,
                view,
                text_views=self.views,
                known_entities=self.known,
                text_anchors=self.text_anchors,
            )
        return self._pages[key]

    # -- pages --------------------------------------------------------------------

    def entities_page(self, ui: str) -> str:
        root = "" if ui == "en" else "../"
        return render_page(
            self.env,
            "entities.html",
            ui,
            root=root,
            groups=self.cross.entries(ui, root),
            lang_paths=ENTITIES_PATHS,
            page_kind="entities",
        )

    def timeline_page(self, ui: str) -> str:
        root = "" if ui == "en" else "../"
        return render_page(
            self.env,
            "timeline.html",
            ui,
            root=root,
            timeline=self.cross.timeline(ui, root),
            lang_paths=TIMELINE_PATHS,
            page_kind="timeline",
        )

    def home(self, ui: str) -> str:
        root = "" if ui == "en" else "../"
        cards = []
        for text_id, aligned in self.texts.items():
            header = aligned.source.header
            title, lang = title_in(aligned, ui)
            versions = []
            for version_lang in aligned.languages:
                provenance = aligned.provenance(version_lang)
                statement = localized_statement(version_lang, provenance, aligned.source.lang, ui)
                name = i18n.language_name(version_lang, ui)
                versions.append(
                    {
                        "lang": version_lang,
                        "href": page_name((version_lang,), ui),
                        # the statement names the language; the link before it does already
                        "statement": statement.removeprefix(f"{name}: "),
                    }
                )
            pairs = [
                {"name": page_name(v, ui), "label": view_label(v, ui)}
                for v in self.views[text_id]
                if len(v) > 1
            ]
            cards.append(
                {
                    "id": text_id,
                    "title": title,
                    "lang": lang,
                    "authors": ", ".join(a.name for a in header.authors),
                    "year": header.publication.year,
                    "kind": kind_label(header.publication.kind, ui),
                    "paragraphs": sum(
                        1 for u in aligned.citable_units() if u.startswith("p") and u[1:].isdigit()
                    ),
                    "notes": len(aligned.source.notes),
                    "versions": versions,
                    "default_view": page_name(default_view(aligned, ui), ui),
                    "about": about_name(ui),
                    "pairs": pairs,
                    "pdfs": self.pdf_links(aligned, ui, root),
                }
            )
        return render_page(
            self.env,
            "home.html",
            ui,
            root=root,
            home_paths=HOME_PATHS,
            texts=cards,
            lang_paths=HOME_PATHS,
            page_kind="home",
        )

    def columns(self, aligned: AlignedText, view: tuple[str, ...], ui: str) -> list[dict[str, str]]:
        page = self.page(aligned, view)
        rendering_of = aligned.source.header.provenance.rendering_of
        columns = []
        for lang in view:
            provenance = page.provenance(lang)
            status = page.column_status(lang)
            columns.append(
                {
                    "lang": lang,
                    "name": i18n.language_name(lang, ui),
                    "role": provenance.role,
                    "status": status,
                    "label": cell_label(status, lang, ui, aligned.source.lang, rendering_of),
                    "statement": localized_statement(lang, provenance, aligned.source.lang, ui),
                    "about": f"{about_name(ui)}#version-{lang}",
                }
            )
        return columns

    def bibline(self, aligned: AlignedText) -> str:
        header = aligned.source.header
        pub = header.publication
        parts = [", ".join(a.name for a in header.authors)]
        if pub.container_title:
            parts.append(pub.container_title)
        if pub.volume:
            parts.append(f"{pub.volume}" + (f" ({pub.issue})" if pub.issue else ""))
        if pub.year:
            parts.append(pub.year)
        if pub.doi:
            parts.append(f"DOI {pub.doi}")
        return " · ".join(p for p in parts if p)

    def reader(self, aligned: AlignedText, view: tuple[str, ...], ui: str) -> str:
        page = self.page(aligned, view)
        path = f"{aligned.id}/{page_name(view, ui)}"
        address = self.url(path)
        edition = self.edition(aligned)
        edition_words = self.edition_words(edition, ui)
        title, title_lang = title_in(aligned, view[0])
        rendering_of = aligned.source.header.provenance.rendering_of
        source = aligned.source.lang
        gettext = i18n.gettext_for(ui)
        rows = {row.id: row for section in page.sections for row in section.rows if row.id}
        entities = "../entities.html" if ui == "en" else f"../{ui}/entities.html"

        def mark(unit_id: str) -> str:
            note = aligned.source.notes.get(unit_id)
            if note is not None:
                return str(gettext("n. {n}")).format(n=note.n or "")
            return unit_mark(unit_id, ui)

        def fill(name: str, arg: str) -> str:
            if name == "entities":
                return entities
            if name == "ui":
                return ui
            if name == "ui-suffix":
                return "" if arg == ui else f".{ui}"
            if name == "address":
                return str(escape(address))
            if name == "msg":
                return str(escape(gettext(arg)))
            if name == "label":
                status, _, lang = arg.partition("|")
                return str(escape(cell_label(status, lang, ui, source, rendering_of)))
            if name == "mark":
                return str(escape(mark(arg)))
            if name == "citelabel":
                words = str(gettext("Link to or cite {passage}")).format(passage=mark(arg))
                return str(escape(words))
            if name == "cite":
                citation = page.citation(
                    rows[arg],
                    ui,
                    url=f"{address}#{arg}",
                    edition=edition,
                    edition_words=edition_words,
                )
                return str(escape(citation))
            raise ValueError(f"unknown marker {name!r}")

        views = [
            {
                "href": page_name(v, ui),
                "label": view_label(v, ui),
                "current": v == view,
                "view": view_name(v),
            }
            for v in self.views[aligned.id]
        ]
        lang_paths = {code: f"{aligned.id}/{page_name(view, code)}" for code in LANGS}
        pdfs = self.pdf_links(aligned, ui, "../")
        html = render_page(
            self.env,
            "reader.html",
            ui,
            root="../",
            home_paths=HOME_PATHS,
            title=title,
            title_lang=title_lang,
            bibline=self.bibline(aligned),
            columns=self.columns(aligned, view, ui),
            views=views,
            view=view,
            view_label=view_label(view, ui),
            body=Markup(page.body(self.env)),
            lang_paths=lang_paths,
            page_kind="reader",
            about=about_name(ui),
            address=address,
            canonical=address,
            meta=self.meta(aligned, view[0], address, pdfs),
            pdfs=pdfs,
            cite_templates=self.cite_templates(aligned, view, ui, address),
            accessed_words=str(gettext("Accessed {date}.")),
            text_id=aligned.id,
        )
        return page.finish(html, fill)

    def cite_templates(
        self, aligned: AlignedText, view: tuple[str, ...], ui: str, address: str
    ) -> list[dict[str, str]]:
        """Citations of what the page's cells show (each language and status) in each style,
        with ⟦placeholders⟧ the page's script fills (the passage, its label, its address, the
        date of access): any sentence can be cited in any column."""
        page = self.page(aligned, view)
        edition = self.edition(aligned)
        words = self.edition_words(edition, ui)
        source = aligned.source.lang
        shown = {
            (cell.lang, cell.status)
            for section in page.sections
            for row in section.rows
            for cell in row.cells
            if isinstance(cell, ReaderCell)
        }
        templates = []
        for lang, status in sorted(shown):
            # A cell that is neither a translation nor the source's language is the
            # author's own wording (a byline shown across the columns).
            if status in ("translation", "back-translation"):
                origin = status
            else:
                origin = "original" if lang == source else "authors-own"
            provenance = version_provenance(aligned.source, aligned.translations, lang, origin)
            cited = Cited(
                text_id=aligned.id,
                ref="⟦ref⟧",
                unit_label="⟦label⟧",
                header=aligned.source.header,
                lang=lang,
                provenance=provenance,
                source_lang=source,
                url="⟦url⟧",
                statement=localized_statement(lang, provenance, source, ui),
                edition=edition,
                edition_words=words,
                accessed="⟦accessed⟧",
                accessed_words="⟦accessed-words⟧",
            )
            for style in CITE_STYLES:
                text = format_citation(cited, style)
                if style == "bibtex":
                    # The key names the passage: the script writes it from the reference.
                    first = text.split(",", 1)[0]
                    entry, _, key = first.partition("{")
                    prefix = key.split("_", 1)[0]
                    text = f"{entry}{{{prefix}_⟦key⟧" + text[len(first) :]
                templates.append({"lang": lang, "status": status, "style": style, "text": text})
        return templates

    def meta(
        self, aligned: AlignedText, lang: str, address: str, pdfs: list[dict[str, object]]
    ) -> list[tuple[str, str]]:
        """What reference managers read (Highwire Press ``citation_*`` and Dublin Core):
        the source on the pages of its own language, this edition's version on the others."""
        header = aligned.source.header
        pub = header.publication
        source = aligned.source.lang
        document = aligned.translations.get(lang)
        tags: list[tuple[str, str]] = []
        title = document.header.title if document is not None else header.title
        tags.append(("citation_title", title))
        for person in header.authors:
            family, _, given = person.name.rpartition(" ")
            name = person.name if person.is_org or not family else f"{given}, {family}"
            tags.append(("citation_author", name))
        tags.append(("citation_language", lang))
        tags.append(("citation_public_url", address))
        single = next((p for p in pdfs if p["view"] == (lang,)), None)
        if single:
            tags.append(("citation_pdf_url", self.url(str(single["href"]).removeprefix("../"))))
        keywords = header.keywords.get(lang) or ()
        if keywords:
            tags.append(("citation_keywords", "; ".join(keywords)))
        if lang == source:
            when = pub.when or pub.year
            if when and when[:4].isdigit():
                tags.append(("citation_publication_date", when.replace("-", "/")))
            if pub.kind == "journalArticle" and pub.container_title:
                tags.append(("citation_journal_title", pub.container_title))
                if pub.volume:
                    tags.append(("citation_volume", pub.volume))
                if pub.issue:
                    tags.append(("citation_issue", pub.issue))
                if pub.pages and "-" in pub.pages:
                    first, last = pub.pages.split("-", 1)
                    tags += [("citation_firstpage", first), ("citation_lastpage", last)]
            if pub.doi:
                tags.append(("citation_doi", pub.doi))
            tags.append(("DC.type", ZOTERO_TYPES.get(pub.kind, "document")))
            if pub.publisher:
                tags.append(("DC.publisher", pub.publisher))
            statement = localized_statement(lang, header.provenance, source, "en")
        else:
            assert document is not None
            provenance = aligned.provenance(lang)
            dates = [c.when for c in document.header.changes if c.when]
            if dates:
                tags.append(("citation_publication_date", max(dates).replace("-", "/")))
            tags.append(("DC.type", "webpage"))
            tags.append(("DC.publisher", f"{SITE_NAME} project"))
            tags.append(("DC.contributor", f"{SITE_NAME} project (translation)"))
            tags.append(("og:site_name", SITE_NAME))
            original = format_citation(
                Cited(
                    text_id=aligned.id,
                    ref=aligned.id,
                    unit_label="",
                    header=header,
                    lang=source,
                    provenance=header.provenance,
                    source_lang=source,
                ),
                "chicago",
            ).split(" ().")[0]
            tags.append(("DC.source", original))
            statement = localized_statement(lang, provenance, source, "en")
        tags.append(("DC.title", title))
        for person in header.authors:
            tags.append(("DC.creator", person.name))
        tags.append(("DC.language", lang))
        tags.append(("DC.identifier", address))
        tags.append(("DC.description", statement))
        if header.licence_url:
            tags.append(("DC.rights", header.licence_url))
        return tags

    def about(self, aligned: AlignedText, ui: str) -> str:
        """What the text is and where it comes from, what the capture lacks, how each
        version was made and by whom, its revisions and known problems: the TEI headers."""
        _ = i18n.gettext_for(ui)
        header = aligned.source.header
        source = aligned.source.lang
        edition = self.edition(aligned)
        words = self.edition_words(edition, ui)
        versions = []
        for lang in aligned.languages:
            document = aligned.source if lang == source else aligned.translations[lang]
            provenance = aligned.provenance(lang)
            views = [v for v in self.views[aligned.id] if v[0] == lang]
            address = self.url(f"{aligned.id}/{page_name((lang,), lang)}")
            cited = Cited(
                text_id=aligned.id,
                ref=aligned.id,
                unit_label=str(_("the whole text")),
                header=header,
                lang=lang,
                provenance=provenance,
                source_lang=source,
                url=address,
                statement=localized_statement(lang, provenance, source, ui),
                edition=edition,
                edition_words=words,
            )
            versions.append(
                {
                    "lang": lang,
                    "name": i18n.language_name(lang, ui),
                    "statement": localized_statement(lang, provenance, source, ui),
                    "header": document.header,
                    "is_source": lang == source,
                    "title": document.header.title,
                    "views": [
                        {"href": page_name(v, ui), "label": view_label(v, ui)} for v in views
                    ],
                    "translators": [
                        r
                        for r in document.header.responsibilities
                        if "transl" in r.resp.lower() or lang == source
                    ],
                    "reviews": [c for c in document.header.changes if c.status == "reviewed"],
                    "citation": format_citation(cited, "chicago").replace(
                        " (" + aligned.id + ")", ""
                    ),
                    "pdfs": [
                        p
                        for p in self.pdf_links(aligned, ui, "../")
                        if lang in p["view"]  # type: ignore[operator]
                    ],
                    "tei": "../" + tei_file_path(aligned.id, lang, source_lang=source),
                }
            )
        absent = [n for n in aligned.source.notes.values() if n.absent]
        repairs: dict[str, int] = {}
        for repair in header.repairs:
            repairs[repair.kind] = repairs.get(repair.kind, 0) + 1
        first_view = self.views[aligned.id][0]
        return render_page(
            self.env,
            "about.html",
            ui,
            root="../",
            home_paths=HOME_PATHS,
            lang_paths={code: f"{aligned.id}/{about_name(code)}" for code in LANGS},
            page_kind="about",
            title=title_in(aligned, ui)[0],
            title_lang=title_in(aligned, ui)[1],
            header=header,
            kind=kind_label(header.publication.kind, ui),
            bibline=self.bibline(aligned),
            versions=versions,
            corrections=corrections(aligned.source),
            absent=absent,
            repairs=repairs,
            reader_href=page_name(first_view, ui),
            source_name=i18n.language_name(source, ui),
            rendering_of=header.provenance.rendering_of,
            canonical=self.url(f"{aligned.id}/{about_name(ui)}"),
            text_id=aligned.id,
            edition=edition,
        )


def unit_mark(unit_id: str, ui: str) -> str:
    """How a row names itself in its margin: ¶ 12, item 3, n. 14 (in the interface language)."""
    _ = i18n.gettext_for(ui)
    kind = unit_id.rstrip("0123456789")
    number = unit_id[len(kind) :]
    if not number:
        return unit_id
    if kind == "p":
        return f"¶ {number}"
    if kind == "i":
        return str(_("item {n}")).format(n=number)
    if kind == "n":
        return str(_("n. {n}")).format(n=number)
    return unit_id


__all__ = [
    "DEFAULT_BASE_URL",
    "PrintFile",
    "Site",
    "kind_label",
    "title_in",
    "unit_mark",
    "view_label",
]
