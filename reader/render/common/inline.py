"""Inline content → HTML, shared by the API (``Passage.html``), the site and the PDFs.

One visitor with a method per node kind; a span tag it does not know is
rendered as a plain ``<span>`` carrying the TEI name in ``data-tei``, so no
content is ever dropped. All text is escaped: markup in a source can never
become markup in the page.

>>> from reader.model import Text, Span
>>> render((Text(text="a <b> & "), Span(tag="hi", attrs={"rend": "italic"}, children=(Text(text="c"),))))
Markup('a &lt;b&gt; &amp; <i>c</i>')
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from reader.model import Break, Gap, Inline, Link, Note, NoteCall, Sentence, Span, Text, Unit

#: TEI phrase elements and the HTML element that renders each.
SIMPLE_TAGS: dict[str, tuple[str, str | None]] = {
    "title": ("cite", None),
    # The quotation marks stay in the text (docs/encoding.md), so no <q>, which adds its own.
    "q": ("span", "q"),
    "quote": ("span", "q"),
    "foreign": ("i", "foreign"),
    "term": ("i", "term"),
    "emph": ("em", None),
    "label": ("span", "label"),
    "num": ("span", "num"),
    "idno": ("span", "idno"),
    "citedRange": ("span", "cited-range"),
    "bibl": ("span", "bibl"),
    "author": ("span", "author"),
    "docAuthor": ("span", "doc-author"),
    "roleName": ("span", "role-name"),
    "email": ("span", "email"),
    "affiliation": ("span", "affiliation"),
    "mentioned": ("i", "mentioned"),
    "soCalled": ("span", "so-called"),
    "p": ("span", "note-p"),
}
ENTITY_TAGS = {
    "persName": "person",
    "placeName": "place",
    "orgName": "org",
    "name": "name",
    "rs": "name",
}

#: Phrase elements printed as their plain text on purpose (a publisher or a place
#: of publication in a bibliography entry, a segment): no rule, and no warning.
PLAIN_TAGS = frozenset({"seg", "pubPlace", "publisher", "biblScope", "editor", "edition"})

#: ``hi/@rend`` values (a list: ``bold italic``) and the HTML element of each.
RENDITIONS = {"italic": "i", "bold": "b", "sup": "sup", "sub": "sub"}

GAP_LABELS = {
    "absent-from-capture": "note text absent from the source capture",
}

#: Said before the text of a note of this edition's editors, in the language of the
#: note's text (an editors' note stands in every version, each in its language).
EDITORS_NOTE_LABELS = {"en": "Editors' note", "tr": "Editörlerin notu", "ru": "Примечание редакции"}


@dataclass(frozen=True)
class CallMarkup:
    """What a writer makes of a note call (:attr:`InlineOptions.note_call`)."""

    #: the mark in the line of text
    call: Markup
    #: what comes right after the mark, outside the glue (a print footnote's body,
    #: floated from its call to the foot of the page)
    after: Markup = field(default_factory=Markup)
    #: keep the mark on the line of the punctuation right before it: a line may
    #: break after a full stop or a comma and before a digit (UAX #14), which
    #: would leave the call alone at the start of the next line
    glued: bool = False


#: Punctuation that a glued call keeps on its line (a letter, a bracket or a
#: quotation mark before a call cannot be cut off from it anyway).
CALL_GLUE_MARKS = ".,;:!?…"


@dataclass
class InlineOptions:
    """How to render links that depend on where the HTML is placed."""

    #: note id → href of the note (``#n3`` on a page, ``None`` to render the number only)
    note_href: Callable[[str], str | None] = lambda note_id: f"#{note_id}"
    #: note id → id attribute for the call (so the note can link back), or None
    call_id: Callable[[str, bool], str | None] = lambda note_id, first: None
    #: what a note call becomes, decided by the writer (the print edition's footnotes);
    #: None: the reader's superscript link made with ``note_href`` and ``call_id``
    note_call: Callable[[NoteCall], CallMarkup] | None = None
    #: a ``#id`` / ``corpus:`` target → href, or None to drop the link (text kept)
    link_href: Callable[[str], str | None] = lambda target: target
    #: what is wrong with a link target where this writer puts it (a warning), or None
    link_problem: Callable[[str], str | None] = lambda target: None
    #: a located warning: (line, message), the line of the sentence or unit the
    #: rendered node stands in (inline nodes carry none); the writer adds the file.
    #: Called where the output falls short of the text: a link that leads nowhere,
    #: a call without a number, an element or rendition without a rule.
    warn: Callable[[int, str], None] | None = None
    #: sentence → extra attributes (data-align …), or None to render sentences as plain spans
    sentence_attrs: Callable[[Sentence], dict[str, str]] | None = None
    #: entity ref → href of its index entry, or None
    entity_href: Callable[[str], str | None] = lambda ref: None
    #: labels for editorial marks, in the page language
    labels: dict[str, str] = field(default_factory=dict)
    #: language of the surrounding element, for lang attributes on spans that differ
    lang: str | None = None
    #: give sentences their id attribute (only one column of a page may)
    sentence_ids: bool = True
    #: show an editors' correction inline after the source's reading ("sic [corr]"),
    #: not as a tooltip that touch and keyboard users cannot reach
    corrections_visible: bool = False


def note_kind_label(note: Unit) -> str | None:
    """The label of an editors' note in the note's language; None for the author's notes."""
    if not (isinstance(note, Note) and note.is_editors_note):
        return None
    return EDITORS_NOTE_LABELS.get(note.lang) or EDITORS_NOTE_LABELS["en"]


def render_note(note: Unit, options: InlineOptions | None = None) -> Markup:
    """A note's text, after a label saying whose note it is when it is not the author's.

    >>> from reader.model import Note, Text
    >>> note = Note(tag="note", lang="tr", type="editorial", resp="#editors", content=(Text(text="1921."),))
    >>> render_note(note)
    Markup('<span class="note-kind">Editörlerin notu:</span> 1921.')
    """
    body = render(note.content, options, line=note.line)
    label = note_kind_label(note)
    if label is None:
        return body
    lang = None if note.lang in EDITORS_NOTE_LABELS else "en"
    return Markup('<span class="note-kind"{}>{}:</span> {}').format(
        _attrs({"lang": lang}), label, body
    )


def _attrs(pairs: dict[str, str | None]) -> Markup:
    parts = [f' {k}="{escape(v)}"' for k, v in pairs.items() if v is not None]
    return Markup("".join(parts))


def render(
    content: tuple[Inline, ...], options: InlineOptions | None = None, *, line: int = 0
) -> Markup:
    """Render inline content to safe HTML (``line``: where the content's unit starts,
    for the warnings of ``options.warn``)."""
    return _Renderer(options or InlineOptions(), line).nodes(content)


class _Renderer:
    def __init__(self, options: InlineOptions, line: int = 0) -> None:
        self.options = options
        #: inside an <a>: names within are not made links (a link may not hold a link)
        self.in_link = 0
        #: the line of the sentence or unit being rendered
        self.line = line

    def warn(self, message: str) -> None:
        if self.options.warn is not None:
            self.options.warn(self.line, message)

    def inside_link(self, content: tuple[Inline, ...]) -> Markup:
        self.in_link += 1
        try:
            return self.nodes(content)
        finally:
            self.in_link -= 1

    def nodes(self, content: tuple[Inline, ...]) -> Markup:
        parts: list[Markup] = []
        for index, node in enumerate(content):
            if isinstance(node, NoteCall) and not node.n:
                self.warn(f"the call of note {node.note_id!r} has no number: printed as '?'")
            if isinstance(node, NoteCall) and self.options.note_call is not None:
                before = content[index - 1] if index else None
                parts.append(self.written_call(node, before, parts))
            else:
                parts.append(self.node(node))
        return Markup("").join(parts)

    def written_call(self, node: NoteCall, before: Inline | None, parts: list[Markup]) -> Markup:
        """The writer's markup of a call; a glued one takes the punctuation that ends the
        text right before it (``before``, the last of ``parts``) into an unbreakable span."""
        assert self.options.note_call is not None
        made = self.options.note_call(node)
        call = made.call
        if made.glued and isinstance(before, Text):
            words = before.text.rstrip(CALL_GLUE_MARKS)
            if len(words) < len(before.text):
                parts[-1] = escape(words)
                call = Markup('<span class="nobr">{}{}</span>').format(
                    before.text[len(words) :], call
                )
        return call + made.after

    def node(self, node: Inline) -> Markup:
        if isinstance(node, Text):
            return escape(node.text)
        if isinstance(node, Sentence):
            return self.sentence(node)
        if isinstance(node, NoteCall):
            return self.note_call(node)
        if isinstance(node, Link):
            return self.link(node)
        if isinstance(node, Gap):
            label = self.options.labels.get(node.reason) or GAP_LABELS.get(node.reason)
            if label is None:
                self.warn(
                    f"<gap reason={node.reason!r}>: no label for this reason: its code is shown"
                )
                label = node.reason
            return Markup('<span class="gap" title="{}">[…]</span>').format(label)
        if isinstance(node, Break):
            return Markup("<br>")
        return self.span(node)

    def sentence(self, node: Sentence) -> Markup:
        outer, self.line = self.line, node.line or self.line
        try:
            return self._sentence(node)
        finally:
            self.line = outer

    def _sentence(self, node: Sentence) -> Markup:
        attrs: dict[str, str | None] = {"class": "s"}
        if node.id and self.options.sentence_ids:
            attrs["id"] = node.id
        if node.lang and node.lang != self.options.lang:
            attrs["lang"] = node.lang
        if self.options.sentence_attrs is not None:
            attrs.update(self.options.sentence_attrs(node))
        return Markup("<span{}>{}</span>").format(_attrs(attrs), self.nodes(node.children))

    def note_call(self, node: NoteCall) -> Markup:
        href = self.options.note_href(node.note_id)
        call_id = self.options.call_id(node.note_id, node.first)
        label = node.n or "?"
        if href is None:
            return Markup('<sup class="note-call">{}</sup>').format(label)
        return Markup('<sup class="note-call"><a href="{}"{} data-note="{}">{}</a></sup>').format(
            href, _attrs({"id": call_id}), node.note_id, label
        )

    def link(self, node: Link) -> Markup:
        problem = self.options.link_problem(node.target)
        if problem is not None:
            self.warn(problem)
        href = self.options.link_href(node.target)
        inner = self.inside_link(node.children) if href else self.nodes(node.children)
        if href is None:
            return Markup('<span class="ref">{}</span>').format(inner)
        classes = "ref" + (f" ref-{node.type}" if node.type else "")
        external = href.startswith(("http://", "https://"))
        extra = ' rel="noopener noreferrer nofollow"' if external else ""
        return Markup('<a class="{}" href="{}"{}>{}</a>').format(
            classes, href, Markup(extra), inner
        )

    def span(self, node: Span) -> Markup:
        tag = node.tag
        if tag == "choice":
            return self.choice(node)
        inner = self.nodes(node.children)
        lang = node.lang if node.lang and node.lang != self.options.lang else None
        if tag in ("sic", "corr"):
            return inner
        if tag == "hi":
            return self.highlighted(node, inner, lang)
        if tag == "date":
            when = node.attrs.get("when")
            if when:
                return Markup('<time datetime="{}"{}>{}</time>').format(
                    when, _attrs({"lang": lang}), inner
                )
            return Markup("<span{}>{}</span>").format(
                _attrs({"class": "date", "lang": lang}), inner
            )
        if tag in ENTITY_TAGS:
            ref = node.attrs.get("ref")
            href = self.options.entity_href(ref) if ref and not self.in_link else None
            if href and _has_link(node.children):
                href = None  # a link may not hold a link (a note call inside the name)
            kind = ENTITY_TAGS[tag]
            if href:
                return Markup('<a class="entity entity-{}" href="{}"{}>{}</a>').format(
                    kind, href, _attrs({"lang": lang}), self.inside_link(node.children)
                )
            return Markup('<span class="entity entity-{}"{}>{}</span>').format(
                kind, _attrs({"lang": lang}), inner
            )
        if tag not in SIMPLE_TAGS and tag not in PLAIN_TAGS:
            self.warn(f"<{tag}> has no rule in this writer: its text is printed plain")
        html_tag, css = SIMPLE_TAGS.get(tag, ("span", None))
        attrs: dict[str, str | None] = {"class": css, "lang": lang}
        if tag not in SIMPLE_TAGS:
            attrs["data-tei"] = tag
        if tag in ("q", "quote") and "source" in node.attrs:
            attrs["data-source"] = node.attrs["source"]
        return Markup("<{0}{1}>{2}</{0}>").format(Markup(html_tag), _attrs(attrs), inner)

    def highlighted(self, node: Span, inner: Markup, lang: str | None) -> Markup:
        """``hi``: one element per rendition of its ``rend`` list (``bold italic``)."""
        renditions = node.attrs.get("rend", "italic").split()
        unknown = [r for r in renditions if r not in RENDITIONS]
        if unknown:
            self.warn(
                f"<hi rend={node.attrs.get('rend')!r}>: no rule for {', '.join(unknown)}: "
                "that rendition is not shown"
            )
        tags = [RENDITIONS[r] for r in renditions if r in RENDITIONS] or ["span"]
        html = inner
        for depth, html_tag in enumerate(reversed(tags)):
            outermost = depth == len(tags) - 1
            html = Markup("<{0}{1}>{2}</{0}>").format(
                Markup(html_tag), _attrs({"lang": lang if outermost else None}), html
            )
        return html

    def choice(self, node: Span) -> Markup:
        """The source's reading and the editors' correction (each child rendered once:
        a writer's hooks may count what they are called for)."""
        sic = next((c for c in node.children if isinstance(c, Span) and c.tag == "sic"), None)
        corr = next((c for c in node.children if isinstance(c, Span) and c.tag == "corr"), None)
        shown = self.nodes(sic.children if sic else node.children)
        correction = self.nodes(corr.children) if corr else Markup("")
        if self.options.corrections_visible:
            return Markup(
                '<span class="sic"><span class="sic-text">{}</span></span>'
                '<span class="corr"> [{}]</span>'
            ).format(shown, correction)
        note = self.options.labels.get("sic", "[sic] the source reads so; read:")
        return Markup(
            '<span class="sic" title="{} {}"><span class="sic-text">{}</span>'
            '<span class="corr" hidden> [{}]</span></span>'
        ).format(note, _plain(correction), shown, correction)


def _has_link(content: tuple[Inline, ...]) -> bool:
    for node in content:
        if isinstance(node, NoteCall | Link):
            return True
        if isinstance(node, Span | Sentence) and _has_link(node.children):
            return True
    return False


def _plain(markup: Markup) -> str:
    return markup.striptags()
