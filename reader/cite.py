"""Formatted citations of passages: Chicago author–date, APA, BibTeX, CSL-JSON.

A citation always names the language version and what it is, because a
reader must never mistake a translation prepared for this edition for the
source's own words; cited from the reader's pages it also names the edition
(title, editors, version), the passage's address and the date of access::

    Karakuş, Girayalp. 2023. "Turkish-Soviet Russia Relations (1919-1922)."
    Akademik Tarih ve Düşünce Dergisi 10 (1): 1–17. https://dergipark.org.tr/tr/pub/atdd.
    ¶ 12 (karakus:p12). Turkish translation prepared for the Soviet–Turkish
    Relations Reader (reviewed, 2026-11-25); not the author's text. In
    Soviet–Turkish Relations Reader, edited by the Soviet–Turkish Relations
    Reader project, version 0.1.0 (2026-11-25). https://…/karakus/tr-en.html#p12.
    Accessed December 7, 2026.

A journal's DOI (in the header's monogr) is never printed as the article's.
Every part ends with exactly one full stop, whatever the data ends with
("Chicherin, G.V.", "n.d.").
"""

from __future__ import annotations

import datetime
import json
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from babel.dates import format_date

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
class Edition:
    """The edition a passage is cited from: this project's reader, at a version."""

    title: str = PROJECT
    editors: str = f"the {PROJECT} project"
    version: str | None = None
    #: ISO date of the text's latest revision (what this version of the text is)
    date: str | None = None


def edition_statement(edition: Edition) -> str:
    """The edition in one English sentence (Chicago's wording)."""
    version = ""
    if edition.version:
        version = f", version {edition.version}"
        if edition.date:
            version += f" ({edition.date})"
    elif edition.date:
        version = f", {edition.date}"
    return f"In {edition.title}, edited by {edition.editors}{version}."


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
    #: the edition cited from (the reader's pages); its words may be given localized
    edition: Edition | None = None
    edition_words: str | None = None
    #: ISO date of access (a citation copied from a page: the day it was copied)
    accessed: str | None = None
    #: "Accessed …" in the reader's words (default: Chicago's English)
    accessed_words: str | None = None

    @property
    def statement_shown(self) -> str:
        """The statement of what the version is: the one given, else the English one."""
        return self.statement or version_statement(self.lang, self.provenance, self.source_lang)

    @property
    def edition_text(self) -> str | None:
        if self.edition_words:
            return self.edition_words
        return edition_statement(self.edition) if self.edition else None

    @property
    def accessed_text(self) -> str | None:
        if self.accessed_words:
            return self.accessed_words
        return f"Accessed {_long_date(self.accessed)}." if self.accessed else None


def version_statement(lang: str, provenance: Provenance, source_lang: str) -> str:
    """What this language version is, in one English sentence."""
    name = LANGUAGE_NAMES.get(lang, lang)
    status = provenance.status
    dated = f"{status}, {provenance.date}" if provenance.date else status
    if provenance.role == "original":
        if lang != source_lang:
            return f"{name} text of the source (the original, untranslated)."
        if provenance.rendering_of:
            original = LANGUAGE_NAMES.get(provenance.rendering_of, provenance.rendering_of)
            return (
                f"{name} text of the source: an {name} rendering of the {original} original, "
                "not its original wording."
            )
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


def _stop(text: str) -> str:
    """``text`` ending with one full stop: none is added after a final . ? or !

    >>> _stop("Chicherin, G.V."), _stop("n.d."), _stop("1921"), _stop("Why?")
    ('Chicherin, G.V.', 'n.d.', '1921.', 'Why?')
    """
    text = text.rstrip()
    return text if text.endswith((".", "?", "!")) else f"{text}."


def _quoted_title(title: str) -> str:
    """A title in quotation marks, its full stop inside them, never doubled."""
    return f"\u201c{_stop(title)}\u201d"


def _long_date(iso: str) -> str:
    """``2026-12-07`` → ``December 7, 2026`` (Chicago's form); partial dates as given."""
    parts = iso.split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        day = datetime.date(*(int(p) for p in parts))
        return str(format_date(day, "MMMM d, y", locale="en"))
    return iso


def _link(pub: object) -> str | None:
    """The address of the cited work: its own DOI, else the address it was published at."""
    return _doi_url(getattr(pub, "doi", None)) or getattr(pub, "url", None)


def chicago(c: Cited) -> str:
    h, pub = c.header, c.header.publication
    parts = [_stop(_authors_chicago(h.authors)), _stop(_year(h)), _quoted_title(h.title)]
    container = pub.container_title
    if container:
        detail = container
        if pub.volume:
            detail += f" {pub.volume}"
            if pub.issue:
                detail += f" ({pub.issue})"
        if pub.pages:
            detail += f": {pub.pages.replace('-', '–')}"
        parts.append(_stop(detail))
    link = _link(pub)
    if link:
        parts.append(f"{link}.")
    parts.append(f"{c.unit_label} ({c.ref}).")
    parts.append(_stop(c.statement_shown))
    if c.edition_text:
        parts.append(_stop(c.edition_text))
    if c.url:
        parts.append(f"{c.url}.")
    if c.accessed_text:
        parts.append(_stop(c.accessed_text))
    return " ".join(parts)


def apa(c: Cited) -> str:
    h, pub = c.header, c.header.publication
    parts = [f"{_authors_apa(h.authors)} ({_year(h)}).", _stop(h.title)]
    if pub.container_title:
        detail = pub.container_title
        if pub.volume:
            detail += f", {pub.volume}"
            if pub.issue:
                detail += f"({pub.issue})"
        if pub.pages:
            detail += f", {pub.pages.replace('-', '–')}"
        parts.append(_stop(detail))
    link = _link(pub)
    if link:
        parts.append(link)
    parts.append(f"({c.unit_label}, {c.ref}; {c.statement_shown.rstrip('.')})")
    if c.edition_text:
        parts[-1] += "."
        parts.append(_stop(c.edition_text))
    if c.url:
        parts.append(c.url)
    if c.accessed_text:
        parts.append(_stop(c.accessed_text))
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
        ("urldate", c.accessed),
        ("language", BIBTEX_LANGUAGES.get(c.lang, c.lang)),
        (
            "note",
            " ".join(
                p
                for p in (f"{c.unit_label} ({c.ref}).", _stop(c.statement_shown), c.edition_text)
                if p
            ),
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
    if c.accessed and all(p.isdigit() for p in c.accessed.split("-")):
        item["accessed"] = {"date-parts": [[int(p) for p in c.accessed.split("-")]]}
    if c.edition is not None:
        item["publisher"] = c.edition.editors.removeprefix("the ")
        if c.edition.version:
            item["version"] = c.edition.version
    return json.dumps([item], ensure_ascii=False, indent=2)


FORMATTERS = {"chicago": chicago, "apa": apa, "bibtex": bibtex, "csl-json": csl_json}


def format_citation(cited: Cited, style: str = "chicago") -> str:
    """Format ``cited`` in ``style`` (chicago, apa, bibtex, csl-json)."""
    formatter = FORMATTERS.get(style.lower()) if isinstance(style, str) else None
    if formatter is None:
        raise UnknownCitationStyle(style, STYLES)
    return formatter(cited)
