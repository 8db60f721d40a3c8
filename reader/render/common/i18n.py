"""The interface in English, Turkish and Russian: Babel catalogues and locale formatting.

Interface strings live in ``reader/render/common/locale/LANG/LC_MESSAGES/messages.po``
(extracted with ``pybabel extract -F babel.cfg``); in a checkout the build
compiles them in memory, so no compiled ``.mo`` file is ever committed. The
wheel carries them compiled (``messages.mo`` beside each ``.po``, made by
``hatch_build.py``), and an installed package reads those. English is the source
language of the catalogue. A string missing from a catalogue falls back to
English, and :func:`missing_strings` lists them so a test can fail on gaps.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from functools import cache
from gettext import GNUTranslations, NullTranslations
from importlib import resources

from babel import Locale
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from reader.corpus import LANGUAGES, checkout_root

#: The languages of the interface: every language of the texts has its catalogue.
UI_LANGUAGES = LANGUAGES


@cache
def catalog_path(lang: str) -> str:
    path = (
        resources.files("reader")
        / "render"
        / "common"
        / "locale"
        / lang
        / "LC_MESSAGES"
        / "messages.po"
    )
    return str(path)


def compiled_catalog_path(lang: str) -> str | None:
    """The compiled catalogue an installed package carries for ``lang``, if any.

    A checkout always compiles its ``.po`` (a ``.mo`` made there by hand could be stale).
    """
    if checkout_root() is not None:
        return None
    mo_path = catalog_path(lang)[: -len(".po")] + ".mo"
    return mo_path if os.path.isfile(mo_path) else None


@cache
def translations(lang: str) -> NullTranslations:
    """gettext translations for ``lang``: the wheel's .mo, else the .po compiled in memory."""
    if lang == "en":
        return NullTranslations()
    compiled_path = compiled_catalog_path(lang)
    if compiled_path is not None:
        with open(compiled_path, "rb") as mo_file:
            compiled = GNUTranslations(mo_file)
        compiled.add_fallback(NullTranslations())
        return compiled
    with open(catalog_path(lang), "rb") as po_file:
        catalog = read_po(po_file, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    compiled = GNUTranslations(buffer)
    compiled.add_fallback(NullTranslations())
    return compiled


def missing_strings(lang: str) -> list[str]:
    """Message ids of the catalogue that have no translation in ``lang``."""
    with open(catalog_path(lang), "rb") as po_file:
        catalog = read_po(po_file, locale=lang)
    missing = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing


def gettext_for(lang: str):  # type: ignore[no-untyped-def]
    return translations(lang).gettext


@cache
def language_name(code: str, in_lang: str) -> str:
    """``language_name('ru', 'tr')`` → ``'Rusça'``."""
    name = str(Locale.parse(in_lang).languages.get(code, code))
    return name[:1].upper() + name[1:]


def language_name_in_text(code: str, in_lang: str) -> str:
    """A language's name inside a sentence: Russian writes it in lower case (``русский``).

    >>> language_name_in_text("ru", "ru"), language_name_in_text("ru", "en"), language_name_in_text("ru", "tr")
    ('русский', 'Russian', 'Rusça')
    """
    name = language_name(code, in_lang)
    return name[:1].lower() + name[1:] if in_lang == "ru" else name


def date(value: str, lang: str, fmt: str = "long") -> str:
    """An ISO date (``1921-03-16``, ``1921-03``, ``1921``) in the language's words."""
    parts = value.split("T")[0].split("-")
    if len(parts) == 3:
        return format_date(dt.date(*map(int, parts)), format=fmt, locale=lang)
    if len(parts) == 2:
        return format_date(dt.date(int(parts[0]), int(parts[1]), 1), format="LLLL y", locale=lang)
    return parts[0]


def number(value: int | float, lang: str) -> str:
    return format_decimal(value, locale=lang)
