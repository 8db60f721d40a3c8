"""Inline HTML shared by the outputs: an editors' note is labelled in its own language."""

from __future__ import annotations

import pytest
from markupsafe import escape

from reader.model import Note, Text
from reader.render.common.inline import note_kind_label, render_note


@pytest.mark.parametrize(
    ("lang", "label", "attribute"),
    [
        ("en", "Editors' note", ""),
        ("tr", "Editörlerin notu", ""),
        ("ru", "Примечание редакции", ""),
        ("pl", "Editors' note", ' lang="en"'),  # no label in Polish: the English one, marked so
    ],
)
def test_an_editors_note_is_labelled_in_the_language_of_its_text(
    lang: str, label: str, attribute: str
) -> None:
    note = Note(tag="note", lang=lang, type="editorial", resp="#editors", content=(Text(text="x"),))
    assert note_kind_label(note) == label
    assert render_note(note) == f'<span class="note-kind"{attribute}>{escape(label)}:</span> x'


@pytest.mark.parametrize(
    ("kind", "resp"),
    [(None, None), ("reference", None), ("editorial", None), ("editorial", "#other")],
)
def test_the_authors_and_the_sources_notes_carry_no_label(
    kind: str | None, resp: str | None
) -> None:
    note = Note(tag="note", lang="en", type=kind, resp=resp, content=(Text(text="<b>"),))
    assert note_kind_label(note) is None
    assert render_note(note) == "&lt;b&gt;"


def test_nesting_at_the_load_limit_renders(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Issue 12 item 4: whatever loading accepts, the renderer renders (no RecursionError)."""
    import re
    import sys

    from reader.render.common.inline import render
    from reader.tei.read import read
    from reader.tei.xml import MAX_DEPTH
    from tests.support.nesting import nested_corpus

    path = nested_corpus(tmp_path / "c", MAX_DEPTH) / "texts" / "tiny.xml"
    source = path.read_text(encoding="utf-8")
    found = re.search(r'((?:<hi rend="italic">)+)italics', source)
    assert found is not None
    nested = found.group(1).count("<hi")
    document = read(path)
    # With a third of the default stack already used, as inside a web framework or a template.
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(limit - limit // 3)
    try:
        html = render(document.units["p2"].content)
    finally:
        sys.setrecursionlimit(limit)
    assert nested > MAX_DEPTH - 10
    assert "<i>" * nested + "italics" + "</i>" * nested in html
