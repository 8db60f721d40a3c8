"""Cutting a note's HTML where a measured line ends (a note continued on the next page)."""

from __future__ import annotations

from reader.render.pdf.notecut import breaks, cut

HYPHEN = "\u2011"
NOTE = 'From <i>Izvestiya</i>, 12 Oct. 1921: <a href="https://example.org/a">the text</a> of the note &amp; its reply.'


def test_a_note_is_cut_only_where_a_line_ends_between_words() -> None:
    lines = [
        "1 From Izvestiya, 12",
        "Oct. 1921: the text",
        "of the note & its",
        "re" + HYPHEN,
        "ply.",
    ]
    found = breaks("1 ", NOTE, lines, HYPHEN, min_lines=1)
    # after line 4 the word "reply" is hyphenated: never a place to cut
    assert sorted(found) == [1, 2, 3]
    first, rest = cut(NOTE, None, found[2]), cut(NOTE, found[2], None)
    assert (
        str(first)
        == 'From <i>Izvestiya</i>, 12 Oct. 1921: <a href="https://example.org/a">the text</a>'
    )
    assert str(rest) == " of the note &amp; its reply."
    # a cut inside an element closes it and opens it again
    inside = breaks(
        "1 ",
        NOTE,
        ["1 From", "Izvestiya, 12 Oct. 1921: the", "text of the note & its reply."],
        HYPHEN,
        1,
    )
    assert str(cut(NOTE, None, inside[2])).endswith('<a href="https://example.org/a">the</a>')
    assert str(cut(NOTE, inside[2], None)).startswith('<a href="https://example.org/a"> text</a>')


def test_two_parts_keep_every_character() -> None:
    lines = ["1 From Izvestiya, 12", "Oct. 1921: the text", "of the note & its", "reply."]
    for k, place in breaks("1 ", NOTE, lines, HYPHEN, min_lines=1).items():
        joined = str(cut(NOTE, None, place)) + str(cut(NOTE, place, None))
        assert joined.replace('</a><a href="https://example.org/a">', "") == NOTE, k


def test_a_note_whose_lines_do_not_match_its_text_is_not_cut() -> None:
    """Generated content (a gap's "(illegible)") makes the lines differ from the HTML."""
    lines = ["1 From Izvestiya, 12 Oct.", "1921 (illegible): the text of", "the note & its reply."]
    assert breaks("1 ", NOTE, lines, HYPHEN, min_lines=1) == {}
