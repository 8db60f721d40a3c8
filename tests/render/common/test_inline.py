"""Inline HTML shared by the outputs: an editors' note is labelled in its own language;
a writer decides what a note call becomes (the print edition's footnotes); the
renderer warns, with the line of the sentence or unit, where it falls short."""

from __future__ import annotations

import pytest
from markupsafe import Markup, escape

from reader.model import Gap, Inline, Link, Note, NoteCall, Sentence, Span, Text
from reader.render.common.inline import (
    CallMarkup,
    InlineOptions,
    note_kind_label,
    render,
    render_note,
)


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


# ------------------------------------------------------- the note-call hook (issue 18 item 4)


def _call_hook(glued: bool) -> InlineOptions:
    def note_call(call: NoteCall) -> CallMarkup:
        return CallMarkup(
            Markup('<sup class="note-call">{}</sup>').format(call.n),
            after=Markup('<span class="fn">{}</span>').format(call.note_id),
            glued=glued,
        )

    return InlineOptions(note_call=note_call)


def test_a_writer_decides_what_a_note_call_becomes() -> None:
    content = (Text(text="Kars"), NoteCall(note_id="n3", n="3"), Text(text=" fell."))
    assert render(content) == (
        'Kars<sup class="note-call"><a href="#n3" data-note="n3">3</a></sup> fell.'
    )
    assert render(content, _call_hook(glued=True)) == (
        'Kars<sup class="note-call">3</sup><span class="fn">n3</span> fell.'
    )


@pytest.mark.parametrize(
    ("before", "expected"),
    [
        # the punctuation before a call is kept on its line with it; what follows
        # the call (a footnote's body) stays outside the glue
        ("in 1921.", 'in 1921<span class="nobr">.<sup class="note-call">3</sup></span>'),
        ("so it was?!…", 'so it was<span class="nobr">?!…<sup class="note-call">3</sup></span>'),
        # a quotation mark is escaped as a character reference: its ';' is not punctuation
        (
            'the "treaty".',
            'the &#34;treaty&#34;<span class="nobr">.<sup class="note-call">3</sup></span>',
        ),
        ('the "treaty"', 'the &#34;treaty&#34;<sup class="note-call">3</sup>'),
        ("Kars", 'Kars<sup class="note-call">3</sup>'),
    ],
)
def test_a_glued_call_takes_the_punctuation_before_it(before: str, expected: str) -> None:
    content = (Text(text=before), NoteCall(note_id="n3", n="3"))
    assert render(content, _call_hook(glued=True)) == expected + '<span class="fn">n3</span>'
    unglued = render(content, _call_hook(glued=False))
    assert unglued == f'{escape(before)}<sup class="note-call">3</sup><span class="fn">n3</span>'


def test_a_call_inside_a_correction_is_made_once() -> None:
    """The writer's hook may count calls (footnotes, first calls): each is rendered once."""
    made: list[str] = []

    def note_call(call: NoteCall) -> CallMarkup:
        made.append(call.note_id)
        return CallMarkup(Markup("*"))

    choice = Span(
        tag="choice",
        children=(
            Span(tag="sic", children=(Text(text="sined"), NoteCall(note_id="n1", n="1"))),
            Span(tag="corr", children=(Text(text="signed"), NoteCall(note_id="n2", n="2"))),
        ),
    )
    html = render((choice,), InlineOptions(note_call=note_call))
    assert made == ["n1", "n2"]
    assert 'class="sic-text">sined*</span>' in html and "[signed*]" in html


# ------------------------------------------------------------ located warnings (item 3)


def _warned(content: tuple[Inline, ...], line: int = 7, **options: object) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    render(
        content,
        InlineOptions(warn=lambda at, message: found.append((at, message)), **options),  # type: ignore[arg-type]
        line=line,
    )
    return found


def test_the_renderer_warns_where_it_falls_short_with_the_line_of_the_sentence() -> None:
    sentence = Sentence(
        id="p1.s2",
        renders=("p1.s2",),
        line=12,
        children=(
            Text(text="x"),
            NoteCall(note_id="n9", n=""),
            Gap(reason="illegible"),
            Span(tag="unclear", children=(Text(text="y"),)),
            Span(tag="hi", attrs={"rend": "italic smallcaps"}, children=(Text(text="z"),)),
        ),
    )
    assert _warned((Text(text="a"), sentence, Gap(reason="deleted"))) == [
        (12, "the call of note 'n9' has no number: printed as '?'"),
        (12, "<gap reason='illegible'>: no label for this reason: its code is shown"),
        (12, "<unclear> has no rule in this writer: its text is printed plain"),
        (12, "<hi rend='italic smallcaps'>: no rule for smallcaps: that rendition is not shown"),
        # after the sentence, the unit's line again
        (7, "<gap reason='deleted'>: no label for this reason: its code is shown"),
    ]


def test_a_link_the_writer_cannot_make_is_a_warning() -> None:
    link = Link(target="#d1", children=(Text(text="above"),))
    assert _warned((link,), link_problem=lambda target: f"{target} leads nowhere") == [
        (7, "#d1 leads nowhere")
    ]
    assert _warned((link,)) == []


def test_what_the_renderer_does_on_purpose_is_no_warning() -> None:
    content = (
        Span(tag="pubPlace", children=(Text(text="Moscow"),)),
        Span(tag="hi", children=(Text(text="i"),)),
        Gap(reason="absent-from-capture"),
        NoteCall(note_id="n1", n="1"),
    )
    assert _warned(content) == []


def test_a_list_of_renditions_is_rendered_whole() -> None:
    bold_italic = Span(
        tag="hi", attrs={"rend": "bold italic"}, lang="tr", children=(Text(text="x"),)
    )
    assert render((bold_italic,), InlineOptions(lang="en")) == '<b lang="tr"><i>x</i></b>'
    assert render((Span(tag="hi", attrs={"rend": "sup"}, children=(Text(text="2"),)),)) == (
        "<sup>2</sup>"
    )
