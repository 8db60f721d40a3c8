"""The static site: which pages exist, what each depends on, and how to render it.

The build (``reader.build``) asks :func:`plan` for the list of outputs, each
with a key that changes exactly when the page's inputs change; it renders
only the outputs whose key differs from the previous build.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from jinja2 import Environment

from reader.align import AlignedText
from reader.entities import Entity
from reader.render.common import i18n
from reader.render.common.output import Output, code_digest, digest
from reader.render.html.crossref import CrossIndex
from reader.render.html.page import (
    ENTITIES_PATHS,
    HOME_PATHS,
    LANGS,
    SITE_NAME,
    TIMELINE_PATHS,
    Page,
    default_view,
    environment,
    localized_statement,
    render_page,
    view_name,
    views_for,
)


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


class Site:
    """The pages of the reader for a set of aligned texts."""

    def __init__(
        self,
        texts: dict[str, AlignedText],
        file_digests: dict[str, str],
        entities: dict[str, Entity] | None = None,
        entities_digest: str = "",
    ) -> None:
        self.texts = texts
        self.file_digests = file_digests
        self.entities = entities or {}
        self.entities_digest = entities_digest
        self._cross: CrossIndex | None = None
        self.env: Environment = environment()
        self.code = code_digest()
        self.views = {text_id: views_for(aligned) for text_id, aligned in texts.items()}
        self.layout = digest(repr(sorted((k, v) for k, v in self.views.items())))

    def plan(self) -> list[Output]:
        outputs: list[Output] = []
        all_texts = digest(*(self.file_digests[t] for t in sorted(self.texts)))
        for ui in LANGS:
            outputs.append(
                Output(
                    HOME_PATHS[ui],
                    digest(self.code, all_texts, "home", ui),
                    lambda ui=ui: self.home(ui).encode("utf-8"),  # type: ignore[misc]
                )
            )
        for text_id, aligned in self.texts.items():
            for view in self.views[text_id]:
                outputs.append(
                    Output(
                        f"{text_id}/{view_name(view)}.html",
                        digest(
                            self.code,
                            self.layout,
                            self.file_digests[text_id],
                            text_id,
                            view_name(view),
                        ),
                        lambda a=aligned, v=view: self.reader(a, v).encode("utf-8"),  # type: ignore[misc]
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
        return outputs

    # -- pages -----------------------------------------------------------------

    @property
    def cross(self) -> CrossIndex:
        if self._cross is None:
            self._cross = CrossIndex.build(self.texts, self.entities)
        return self._cross

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
                if version_lang == aligned.source.lang:
                    provenance = header.provenance
                else:
                    provenance = aligned.translations[version_lang].header.provenance
                versions.append(
                    {
                        "lang": version_lang,
                        "statement": localized_statement(
                            version_lang, provenance, aligned.source.lang, ui
                        ),
                    }
                )
            pairs = [
                {"name": view_name(v), "label": view_label(v, ui)}
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
                    "default_view": view_name(default_view(aligned, ui)),
                    "pairs": pairs,
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

    def reader(self, aligned: AlignedText, view: tuple[str, ...]) -> str:
        ui = view[0]
        ui_prefix = "" if ui == "en" else f"{ui}/"
        known = set(self.entities)

        def entity_href(ref: str) -> str | None:
            entity_id = ref.removeprefix("corpus:entities#")
            return f"../{ui_prefix}entities.html#{entity_id}" if entity_id in known else None

        page = Page(aligned, view, text_views=self.views, entity_href=entity_href)
        title, title_lang = title_in(aligned, ui)
        header = aligned.source.header
        pub = header.publication
        bib_parts = [", ".join(a.name for a in header.authors)]
        if pub.container_title:
            bib_parts.append(pub.container_title)
        if pub.volume:
            bib_parts.append(f"{pub.volume}" + (f" ({pub.issue})" if pub.issue else ""))
        if pub.year:
            bib_parts.append(pub.year)
        if pub.doi:
            bib_parts.append(f"DOI {pub.doi}")
        columns = []
        for lang in view:
            provenance = page.provenance(lang)
            columns.append(
                {
                    "name": i18n.language_name(lang, ui),
                    "role": provenance.role,
                    "statement": localized_statement(lang, provenance, aligned.source.lang, ui),
                }
            )
        views = [
            {"href": f"{view_name(v)}.html", "label": view_label(v, ui), "current": v == view}
            for v in self.views[aligned.id]
        ]
        sections = page.sections
        lang_paths = {}
        available = self.views[aligned.id]
        for code in LANGS:
            rest = tuple(lang for lang in view if lang != code)
            candidates = [(code, *rest), (code, *rest[:1]), (code,)]
            chosen = next((c for c in candidates if c in available), None)
            lang_paths[code] = (
                f"{aligned.id}/{view_name(chosen)}.html" if chosen else HOME_PATHS[code]
            )
        return render_page(
            self.env,
            "reader.html",
            ui,
            root="../",
            home_paths=HOME_PATHS,
            title=title,
            title_lang=title_lang,
            bibline=" · ".join(p for p in bib_parts if p),
            columns=columns,
            views=views,
            view=view,
            view_label=view_label(view, ui),
            sections=sections,
            SITE_NAME=SITE_NAME,
            lang_paths=lang_paths,
            page_kind="reader",
        )
