"""Formatted citations of passages: Chicago author–date, APA, BibTeX, CSL-JSON.

A citation always names the language version and what it is, because a
reader must never mistake a translation prepared for this edition for the
source's own words::

    Karakuş, Girayalp. 2023. "Turkish-Soviet Russia Relations (1919-1922)."
    Akademik Tarih ve Düşünce Dergisi 10 (1): 1–17. https://doi.org/10.46868/atdd.
    ¶ 12 (karakus:p12). Turkish translation prepared for the Soviet–Turkish
    Relations Reader (draft, 2026-11-25); not the author's text.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from reader.errors import UnknownCitationStyle
from reader.model import Header, Person, Provenance

Style = Literal["chicago", "apa", "bibtex", "csl-json"]
STYLES: tuple[Style, ...] = ("chicago", "apa", "bibtex", "csl-json")
PROJECT = "Soviet–Turkish Relations Reader"

LANGUAGE_NAMES = {"en": "English", "tr": "Turkish", "ru": "Russian", "pl": "Polish"}
BIBTEX_LANGUAGES = {"en": "english", "tr": "turkish", "ru": "russian", "pl": "polish"}
CSL_TYPES = {
    "journalArticle": "article-journal",
    "encyclopediaArticle": "entry-encyclopedia",
    "webArticle": "webpage",
    "bookExcerpt": "chapter",
    "letter": "personal_communication",
}
BIBTEX_TYPES = {"journalArticle": "article", "bookExcerpt": "incollection"}


@dataclass(frozen=True)
class Cited:
    """Everything a citation of one passage needs."""

    text_id: str
    ref: str
    unit_label: str
    header: Header
    lang: str
    provenance: Provenance
    source_lang: str
    url: str | None = None
    #: what the version is, in the reader's interface language (default: English)
    statement: str | None = None

    @property
    def statement_shown(self) -> str:
        """The statement of what the version is: the one given, else the English one."""
        return self.statement or version_statement(self.lang, self.provenance, self.source_lang)


def version_statement(lang: str, provenance: Provenance, source_lang: str) -> str:
    """What this language version is, in one English sentence."""
    name = LANGUAGE_NAMES.get(lang, lang)
    status = provenance.status
    dated = f"{status}, {provenance.date}" if provenance.date else status
    if provenance.role == "original":
        if lang != source_lang:
            return f"{name} text of the source (the original, untranslated)."
        return f"{name} text of the source."
    if provenance.role == "authors-own":
        return f"{name} wording given by the author in the source."
    if provenance.role == "back-translation":
        return (
            f"{name} back-translation prepared for the {PROJECT} ({dated}) from the English "
            "rendering; not the author's original text."
        )
    return f"{name} translation prepared for the {PROJECT} ({dated}); not the author's text."


def _split(person: Person) -> tuple[str, str]:
    """(family, given) of a person; organisations are all family."""
    if person.is_org:
        return person.name, ""
    parts = person.name.split()
    if len(parts) == 1:
        return parts[0], ""
    return parts[-1], " ".join(parts[:-1])


def _initials(given: str) -> str:
    pieces = re.split(r"[\s.]+", given)
    return " ".join(f"{p[0]}." for p in pieces if p)


def _authors_chicago(people: tuple[Person, ...]) -> str:
    names = []
    for index, person in enumerate(people):
        family, given = _split(person)
        if person.is_org or not given:
            names.append(family)
        elif index == 0:
            names.append(f"{family}, {given}")
        else:
            names.append(f"{given} {family}")
    if len(names) > 1:
        return ", ".join(names[:-1]) + ", and " + names[-1]
    return names[0] if names else "Anonymous"


def _authors_apa(people: tuple[Person, ...]) -> str:
    names = []
    for person in people:
        family, given = _split(person)
        names.append(family if person.is_org or not given else f"{family}, {_initials(given)}")
    if len(names) > 1:
        return ", ".join(names[:-1]) + ", & " + names[-1]
    return names[0] if names else "Anonymous"


def _year(header: Header) -> str:
    return header.publication.year or "n.d."


def _doi_url(doi: str | None) -> str | None:
    return f"https://doi.org/{doi}" if doi else None


def chicago(c: Cited) -> str:
    h, pub = c.header, c.header.publication
    parts = [f"{_authors_chicago(h.authors)}. {_year(h)}. \u201c{h.title}.\u201d"]
    container = pub.container_title
    if container:
        detail = container
        if pub.volume:
            detail += f" {pub.volume}"
            if pub.issue:
                detail += f" ({pub.issue})"
        if pub.pages:
            detail += f": {pub.pages.replace('-', '–')}"
        parts.append(detail + ".")
    link = _doi_url(pub.doi) or pub.url
    if link:
        parts.append(f"{link}.")
    parts.append(f"{c.unit_label} ({c.ref}).")
    parts.append(c.statement_shown)
    if c.url:
        parts.append(f"{c.url}.")
    return " ".join(parts)


def apa(c: Cited) -> str:
    h, pub = c.header, c.header.publication
    parts = [f"{_authors_apa(h.authors)} ({_year(h)}). {h.title}."]
    if pub.container_title:
        detail = pub.container_title
        if pub.volume:
            detail += f", {pub.volume}"
            if pub.issue:
                detail += f"({pub.issue})"
        if pub.pages:
            detail += f", {pub.pages.replace('-', '–')}"
        parts.append(detail + ".")
    link = _doi_url(pub.doi) or pub.url
    if link:
        parts.append(link)
    parts.append(f"({c.unit_label}, {c.ref}; {c.statement_shown.rstrip('.')})")
    return " ".join(parts)


def _bibtex_escape(value: str) -> str:
    return (
        value.replace("\\", "\\textbackslash{}")
        .replace("{", "\\{")
        .replace("}", "\\}")
        .replace("&", "\\&")
        .replace("%", "\\%")
    )


def citation_key(c: Cited) -> str:
    family = _split(c.header.authors[0])[0] if c.header.authors else c.text_id
    ascii_family = unicodedata.normalize("NFKD", family).encode("ascii", "ignore").decode().lower()
    ascii_family = re.sub(r"[^a-z0-9]", "", ascii_family) or c.text_id
    unit = re.sub(r"[^A-Za-z0-9]", "_", c.ref.split(":", 1)[-1])
    return f"{ascii_family}{_year(c.header)}_{unit}_{c.lang}"


def bibtex(c: Cited) -> str:
    h, pub = c.header, c.header.publication
    entry = BIBTEX_TYPES.get(pub.kind, "misc")
    authors = " and ".join(
        f"{{{p.name}}}"
        if p.is_org
        else "{}, {}".format(*_split(p))
        if _split(p)[1]
        else _split(p)[0]
        for p in h.authors
    )
    fields: list[tuple[str, str | None]] = [
        ("author", authors),
        ("title", h.title),
        ("journal" if entry == "article" else "howpublished", pub.container_title),
        ("volume", pub.volume),
        ("number", pub.issue),
        ("pages", pub.pages.replace("-", "--") if pub.pages else None),
        ("year", pub.year),
        ("doi", pub.doi),
        ("url", c.url or (None if pub.doi else pub.url)),
        ("language", BIBTEX_LANGUAGES.get(c.lang, c.lang)),
        (
            "note",
            f"{c.unit_label} ({c.ref}). {c.statement_shown}",
        ),
    ]
    body = ",\n".join(f"  {name} = {{{_bibtex_escape(value)}}}" for name, value in fields if value)
    return f"@{entry}{{{citation_key(c)},\n{body}\n}}"


def csl_json(c: Cited) -> str:
    h, pub = c.header, c.header.publication
    authors = []
    for person in h.authors:
        family, given = _split(person)
        authors.append(
            {"literal": person.name} if person.is_org else {"family": family, "given": given}
        )
    item: dict[str, object] = {
        "id": f"{c.ref}@{c.lang}",
        "type": CSL_TYPES.get(pub.kind, "article"),
        "author": authors,
        "title": h.title,
        "language": c.lang,
        "locator": c.ref.split(":", 1)[-1],
        "label": "paragraph",
        "note": c.statement_shown,
    }
    if pub.container_title:
        item["container-title"] = pub.container_title
    for key, value in (("volume", pub.volume), ("issue", pub.issue), ("DOI", pub.doi)):
        if value:
            item[key] = value
    if pub.pages:
        item["page"] = pub.pages
    if pub.year and pub.year.isdigit():
        item["issued"] = {"date-parts": [[int(pub.year)]]}
    if c.url or pub.url:
        item["URL"] = c.url or pub.url
    return json.dumps([item], ensure_ascii=False, indent=2)


FORMATTERS = {"chicago": chicago, "apa": apa, "bibtex": bibtex, "csl-json": csl_json}


def format_citation(cited: Cited, style: str = "chicago") -> str:
    """Format ``cited`` in ``style`` (chicago, apa, bibtex, csl-json)."""
    formatter = FORMATTERS.get(style.lower()) if isinstance(style, str) else None
    if formatter is None:
        raise UnknownCitationStyle(style, STYLES)
    return formatter(cited)
