"""The interface catalogues: every string of the interface has a Turkish and a Russian translation,
with the same placeholders as the English."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from reader.render.common import i18n

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w+\}")


@pytest.mark.parametrize("lang", ["tr", "ru"])
def test_every_interface_string_is_translated(lang: str) -> None:
    assert i18n.missing_strings(lang) == []


@pytest.mark.parametrize("lang", ["tr", "ru"])
def test_translations_keep_the_placeholders(lang: str) -> None:
    with open(i18n.catalog_path(lang), "rb") as po_file:
        catalog = read_po(po_file, locale=lang)
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = {p for p in PLACEHOLDER.findall(ids[-1])}
        for string in strings:
            assert set(PLACEHOLDER.findall(string)) == wanted, (ids[0], string)


def test_a_language_is_named_in_the_interface_language() -> None:
    assert i18n.language_name("ru", "tr") == "Rusça"
    assert i18n.language_name("en", "ru") == "Английский"
