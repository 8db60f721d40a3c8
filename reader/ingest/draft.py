"""``reader ingest``: a first TEI draft of a plain-text capture.

The draft follows docs/encoding.md: paragraphs ``p1 …`` in reading order,
headings ``h1 …``, captions ``f1 …``, list items ``i1 …``, sentences
``p1.s1 …`` (:mod:`reader.ingest.segment`), notes at their calls whatever the
capture's marker style, page breaks repaired and listed, bibliography entries
``b-surnameYEAR``, Markdown turned into markup, reader comments as a thread,
and the header skeleton with the capture's file name, the chrome lines
removed, the repairs and the languages. The analysis of the capture is in
:mod:`reader.ingest.blocks`; docs/ingest.md explains every rule.

It is a draft: it validates (``reader validate``) and keeps every word of
the capture (``tests/support/wordcheck.py``), and a person then corrects it.

>>> draft = ingest("A title\\n\\nIt was signed by G.V. Chicherin.[1] It held.\\n", text_id="demo")
>>> print(draft.body_xml().strip())
<body>
  <div type="section">
    <head xml:id="h1">A title</head>
    <p xml:id="p1"><s xml:id="p1.s1">It was signed by G.V. Chicherin.<note xml:id="n1" n="1" place="foot"><gap reason="absent-from-capture"/></note></s> <s xml:id="p1.s2">It held.</s></p>
  </div>
</body>
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from reader.errors import Problem
from reader.ingest.blocks import Analysis, Block, Call, NoteBody, analyse
from reader.ingest.capture import check_id, check_lang, read_capture
from reader.ingest.comments import Comment, parse_date
from reader.ingest.inline import (
    Inline,
    Point,
    Range,
    add_citations,
    add_quotations,
    ascii_fold,
    fill,
    parse_line,
    tei,
    write_sentences,
)
from reader.ingest.segment import sentence_spans
from reader.tei.read import REPAIR_KINDS
from reader.tei.xml import TEI_NS, XML_ID, XML_LANG

#: The citation structure of every text, as in texts/wikipedia.xml (a test keeps them equal).
REFS_DECL = """<refsDecl xmlns="http://www.tei-c.org/ns/1.0" n="passages">
        <citeStructure unit="unit" match="//text//*[@xml:id][self::p or self::head or self::titlePart or self::item or self::note or self::dateline or self::salute or self::signed]" use="@xml:id">
          <citeStructure unit="sentence" match="s" use="substring-after(@xml:id, '.')" delim="."/>
        </citeStructure>
      </refsDecl>"""
PREFIX_DEF = """<listPrefixDef xmlns="http://www.tei-c.org/ns/1.0">
        <prefixDef ident="corpus" matchPattern="([a-z]+)(#.+)?" replacementPattern="$1.xml$2">
          <p>corpus:ID names a text of this corpus (the file ID.xml beside this one), corpus:ID#x the element with xml:id x in it; corpus:entities is the authority file of people, places, organisations, treaties and events.</p>
        </prefixDef>
      </listPrefixDef>"""
PROJECT = "Soviet–Turkish Relations Reader project"
#: Letter formulas: in an opener or a closer when they stand before or after the content.
FORMULAS = ("dateline", "salute", "signed")
_REFERENCE_NOTE = re.compile(
    r"(?=.*\b(?:1[5-9]\d\d|20\d\d)\b)(?=.*(?:\b(?:p|pp|s|S|c|с|стр)\.\s*\d|\*[^*]+\*|\b[A-ZМ]\.,\s*\d{4}))"
    r"|\b(?:Ibid|ibid|Idem|op\. cit)\b",
    re.DOTALL,
)
_DATE_AT_START = re.compile(
    r"^(?:[A-Z][a-z]+\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+[A-Z][a-z]+\.?\s+\d{4}|\d{4}-\d{2}-\d{2})"
)
_SEE = re.compile(r"^(?:Also\s+)?(?:See|Cf\.|Compare)\b", re.IGNORECASE)


@dataclass
class Draft:
    """The TEI draft of a capture, with what the ingester did and noticed."""

    tree: etree._ElementTree
    analysis: Analysis
    warnings: list[Problem] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)

    def xml(self) -> bytes:
        return etree.tostring(self.tree, xml_declaration=True, encoding="UTF-8") + b"\n"

    def body_xml(self) -> str:
        body = self.tree.getroot().find(f".//{{{TEI_NS}}}body")
        assert body is not None
        text = etree.tostring(body, encoding="unicode")
        text = re.sub(r' xmlns="[^"]+"', "", text, count=1)
        return re.sub(r"\n {4}", "\n", text)

    def summary(self) -> str:
        c = self.counts
        return (
            f"{c['p']} paragraphs, {c['s']} sentences, {c['head']} headings, {c['note']} notes "
            f"({c['absent']} absent from the capture), {c['bibl']} bibliography entries, "
            f"{c['comment']} comments, {c['repair']} repairs"
        )


# --------------------------------------------------------------- the draft


def ingest(
    text: str,
    *,
    text_id: str,
    lang: str = "en",
    capture_name: str = "capture.txt",
    today: datetime.date | None = None,
) -> Draft:
    """A TEI draft of ``text``, a plain-text capture (see the module docstring)."""
    problem = check_id(text_id) or check_lang(lang)
    if problem:
        raise ValueError(problem)
    analysis = analyse(text)
    writer = _Writer(analysis, lang)
    text_el = writer.text()
    root = etree.Element(f"{{{TEI_NS}}}TEI", nsmap={None: TEI_NS})
    root.set(XML_ID, text_id)
    root.set(XML_LANG, lang)
    root.set("type", "source")
    root.append(_header(analysis, writer, lang, capture_name, today or datetime.date.today()))
    root.append(text_el)
    indent(root)
    draft = Draft(
        etree.ElementTree(root),
        analysis,
        [Problem(capture_name, line, message, "warning") for line, message in analysis.warnings],
        writer.counts,
    )
    return draft


def ingest_file(path: Path, *, text_id: str, lang: str = "en") -> Draft:
    """A draft of the capture at ``path``."""
    return ingest(read_capture(path), text_id=text_id, lang=lang, capture_name=path.name)


# ------------------------------------------------------------------ writer


@dataclass
class _Section:
    kind: str  # section, abstract, keywords, bibliography, notes, letter
    head: Block | None = None
    blocks: list[Block] = field(default_factory=list)
    lang: str | None = None
    closed: bool = False  # a letter's closer has been seen


class _Writer:
    """Writes the text of the draft, numbering units in reading order."""

    def __init__(self, analysis: Analysis, lang: str) -> None:
        self.analysis = analysis
        self.lang = lang
        self.counters: Counter[str] = Counter()
        self.counts: Counter[str] = Counter()
        self.calls: list[Call] = analysis.calls
        self.note_of: dict[int, NoteBody] = {id(n.block): n for n in analysis.notes.values()}
        self.repairs: list[etree._Element] = []
        self.languages: set[str] = {lang}
        self.note_places: dict[str, str] = {}
        self._unit_of_note: dict[str, str] = {}
        self._current_unit = ""
        taken: list[str] = []
        for block in analysis.flow:
            if block.kind == "bibl":
                taken.append(_bibl_id(block.inline.text, taken))
        self.bibl_queue = list(taken)
        self.entries = {t[2:]: t for t in taken if not t.endswith("-nd")}

    # -- inline content ------------------------------------------------------

    def make_point(self, point: Point) -> etree._Element | None:
        call = self.calls[point.call]
        if call.note is None:
            return None
        if not call.first:
            return tei("ptr", {"type": "noteref", "target": f"#{call.note}"})
        body = self.analysis.notes[call.note]
        return self.note(body)

    def note(self, body: NoteBody) -> etree._Element:
        attrs = {"id": body.id, "n": body.n, "place": body.place}
        self.counts["note"] += 1
        if body.absent:
            self.counts["absent"] += 1
            element = tei("note", attrs)
            element.append(tei("gap", {"reason": "absent-from-capture"}))
            return element
        block = body.block
        reference = bool(_REFERENCE_NOTE.search(block.raw)) and not block.paragraphs
        if reference:
            attrs["type"] = "reference"
        element = tei("note", attrs)
        host = self._current_unit
        lang = self._lang_attr(element, block.lang)
        if block.paragraphs:
            # The sentences stand in the note itself, a milestone between paragraphs:
            # the citation structure's sentence level is "s" (docs/encoding.md).
            number = 1
            for index, part in enumerate([block, *block.paragraphs]):
                if index:
                    # spaced, so that the note's text does not run two paragraphs together
                    if len(element):
                        element[-1].tail = (element[-1].tail or "").rstrip() + " "
                    milestone = tei("milestone", {"unit": "paragraph"})
                    milestone.tail = " "
                    element.append(milestone)
                inline = self.enrich(part.inline)
                number = self._sentences(element, inline, body.id, lang, first=number)
        elif reference:
            inline = add_quotations(block.inline, "title", (("level", "a"),))
            spans = _reference_spans(inline)
            self._sentences(element, inline, body.id, lang, spans=spans)
        else:
            self._sentences(element, self.enrich(block.inline), body.id, lang)
        self._current_unit = host
        for part in [block, *block.paragraphs]:
            self._block_repairs(part, body.id)
        where = f" in {host}" if host else ""
        self._repair(
            "note-moved",
            body.id,
            f"note {body.n} moved from capture line {block.line} to its call{where}",
        )
        return element

    def _sentences(
        self,
        parent: etree._Element,
        inline: Inline,
        unit_id: str,
        lang: str,
        *,
        first: int = 1,
        spans: list[tuple[int, int]] | None = None,
    ) -> int:
        before = first
        after = write_sentences(
            parent, inline, unit_id, self.make_point, lang=lang, first=first, spans=spans
        )
        self.counts["s"] += after - before
        return after

    def _lang_attr(self, element: etree._Element, lang: str | None) -> str:
        if lang and lang != self.lang:
            element.set(XML_LANG, lang)
            self.languages.add(lang)
            return lang
        return self.lang

    def next_id(self, prefix: str) -> str:
        self.counters[prefix] += 1
        return f"{prefix}{self.counters[prefix]}"

    def _repair(self, kind: str, n: str, text: str) -> None:
        self.repairs.append(tei("item", {"ana": f"#{kind}", "n": n}, text))
        self.counts["repair"] += 1

    # -- blocks ---------------------------------------------------------------

    def text(self) -> etree._Element:
        sections = _sections(self.analysis.flow)
        front, body, back = _parts(sections)
        text_el = tei("text")
        if front:
            front_el = tei("front")
            self._append_sections(front_el, front, front=True)
            text_el.append(front_el)
        body_el = tei("body")
        self._append_sections(body_el, body)
        if not len(body_el):
            body_el.append(_filled(tei("div", {"type": "section"})))
        text_el.append(body_el)
        back_el = tei("back")
        self._append_sections(back_el, back)
        if self.analysis.comments:
            back_el.append(self.comments(self.analysis.comments))
        if len(back_el):
            text_el.append(back_el)
        return text_el

    def _append_sections(
        self, parent: etree._Element, sections: list[_Section], *, front: bool = False
    ) -> None:
        """The divisions in order; one that has only its heading holds the next (TEI: a
        division has content), and a heading with nothing at all after it an empty p."""
        holder: etree._Element | None = None
        for section in sections:
            div = self.section(section, front=front)
            (parent if holder is None else holder).append(div)
            holder = div if _only_head(div) else None
        if holder is not None:
            _filled(holder)

    def section(self, section: _Section, *, front: bool = False) -> etree._Element:
        kind = section.kind
        if kind == "section" and front:
            kind = "front-matter"
        div = tei("div", {"type": kind})
        lang = section.lang
        if lang:
            self._lang_attr(div, lang)
        if section.head is not None:
            div.append(self.head(section.head))
        if kind == "notes":
            div.append(tei("divGen", {"type": "notes"}))
        items: etree._Element | None = None
        bibls: etree._Element | None = None
        formula: etree._Element | None = None
        # TEI: an opener stands before a division's content, a closer after it.
        body = [i for i, b in enumerate(section.blocks) if b.kind not in (*FORMULAS, "head")]
        for index, block in enumerate(section.blocks):
            if block.kind != "item":
                items = None
            if block.kind != "bibl":
                bibls = None
            opening = block.kind == "dateline" or block.role == "open"
            in_place = bool(body) and (index < body[0] if opening else index > body[-1])
            if block.kind in FORMULAS and in_place:
                wanted = "opener" if opening else "closer"
                if formula is None or etree.QName(formula).localname != wanted:
                    formula = tei(wanted)
                    div.append(formula)
                formula.append(self.formula(block))
                continue
            formula = None
            if block.kind == "item":
                if items is None:
                    items = tei("list", {"type": "ordered" if block.label else "bulleted"})
                    div.append(items)
                items.append(self.item(block, lang))
            elif block.kind == "bibl":
                if bibls is None:
                    bibls = tei("listBibl")
                    div.append(bibls)
                bibls.append(self.bibl(block))
            elif block.kind == "caption":
                figure = tei("figure")
                figure.append(self.caption(block))
                div.append(figure)
            elif block.kind == "head":
                div.append(self.head(block))
            elif block.kind == "keywords":
                div.append(self.keywords_head(block))
                div.append(self.keywords(block))
            else:
                div.append(self.paragraph(block, lang))
        return div

    def formula(self, block: Block) -> etree._Element:
        """A dateline, salutation or signature of a letter."""
        element = tei(block.kind, {"id": self.next_id(block.kind)})
        inline = block.inline
        if block.kind == "dateline":
            match = _DATE_AT_START.match(inline.text)
            iso = parse_date(match.group(0)) if match else None
            if match and iso:
                inline = Inline(
                    inline.text,
                    [*inline.ranges, Range(0, match.end(), "date", (("when", iso),))],
                    list(inline.points),
                )
        fill(element, inline, self.make_point)
        return element

    def head(self, block: Block) -> etree._Element:
        element = tei("head", {"id": self.next_id("h")})
        self.counts["head"] += 1
        self._current_unit = element.get(f"{{{_XML}}}id", "")
        fill(element, block.inline, self.make_point)
        return element

    def caption(self, block: Block) -> etree._Element:
        element = tei("head", {"id": self.next_id("f")})
        self._current_unit = element.get(f"{{{_XML}}}id", "")
        fill(element, block.inline, self.make_point)
        return element

    def keywords_head(self, block: Block) -> etree._Element:
        element = tei("head", {"id": self.next_id("h")}, block.label)
        self.counts["head"] += 1
        return element

    def keywords(self, block: Block) -> etree._Element:
        element = tei("list", {"type": "keywords"})
        for term in block.terms:
            item = tei("item", {"id": self.next_id("i")})
            fill(item, parse_line(term), self.make_point)
            element.append(item)
        return element

    def paragraph(self, block: Block, section_lang: str | None) -> etree._Element:
        unit = self.next_id("p")
        element = tei("p", {"id": unit})
        if block.role == "hatnote":
            element.set("rend", "hatnote")  # how Wikipedia sets it; p has no @type in TEI
            if block.split_from:
                self._repair("split", unit, "hatnote separated from the paragraph it was run into")
        self.counts["p"] += 1
        self._current_unit = unit
        lang = self._block_lang(element, block, section_lang)
        self._sentences(element, self.enrich(block.inline), unit, lang)
        self._block_repairs(block, unit)
        return element

    def enrich(self, inline: Inline) -> Inline:
        """Quotations as ``q``, author–date citations linked to the bibliography."""
        return add_citations(add_quotations(inline), self.entries)

    def item(self, block: Block, section_lang: str | None) -> etree._Element:
        unit = self.next_id("i")
        element = tei("item", {"id": unit})
        if block.label:
            element.set("n", block.label)
        self._current_unit = unit
        lang = self._block_lang(element, block, section_lang)
        self._sentences(element, self.enrich(block.inline), unit, lang)
        self._block_repairs(block, unit)
        return element

    def _block_lang(self, element: etree._Element, block: Block, section_lang: str | None) -> str:
        if block.lang and block.lang != (section_lang or self.lang):
            return self._lang_attr(element, block.lang)
        return section_lang or self.lang

    def _block_repairs(self, block: Block, unit: str) -> None:
        for join in block.joins:
            if join.hyphen is not None:
                left, right, whole = join.hyphen
                self._repair("hyphenation", f"{left}|{right}", whole)
            if join.across == "line-break":
                what = f"paragraph rejoined across the capture's line break (line {join.line})"
            elif join.notes:
                listed = ", ".join(join.notes)
                what = f"paragraph rejoined across a page break (line {join.line}); notes {listed} stood between"
            else:
                what = f"paragraph rejoined across a page break (line {join.line})"
            self._repair("page-break", unit, f'{what}: "…{join.left}" | "{join.right}…"')

    def bibl(self, block: Block) -> etree._Element:
        bibl_id = self.bibl_queue.pop(0)
        element = tei("bibl", {"id": bibl_id})
        fill(element, add_quotations(block.inline, "title", (("level", "a"),)), self.make_point)
        self.counts["bibl"] += 1
        return element

    # -- comments ------------------------------------------------------------

    def comments(self, comments: list[Comment]) -> etree._Element:
        div = tei("div", {"type": "comments"})
        texts: dict[str, str] = {}
        for comment in comments:
            self._comment(div, comment, str(len(div) + 1), f"c{len(div) + 1}", texts)
        return div

    def _comment(
        self, parent: etree._Element, comment: Comment, n: str, cid: str, texts: dict[str, str]
    ) -> None:
        self.counts["comment"] += 1
        div = tei("div", {"type": "comment", "id": cid, "n": comment.number})
        parent.append(div)
        opener = tei("opener")
        parts: list[etree._Element] = []
        if comment.user:
            parts.append(tei("name", {"type": "user"}, comment.user))
        if comment.score is not None:
            value = comment.score.replace("−", "-").replace("–", "-").lstrip("+")
            parts.append(tei("num", {"type": "score", "value": value}, comment.score))
        if comment.date:
            attrs = {"when": comment.date_iso} if comment.date_iso else {}
            parts.append(tei("date", attrs, comment.date))
        for index, part in enumerate(parts):
            if index:
                part.tail = None
                parts[index - 1].tail = " "
            opener.append(part)
        if len(opener):
            div.append(opener)
        quote: etree._Element | None = None
        quote_line = -1
        for paragraph in comment.paragraphs:
            if paragraph.quote_label is not None:
                if quote is None or paragraph.quote_line != quote_line:
                    quote = tei("quote")
                    quote.append(tei("label", None, paragraph.quote_label))
                    div.append(quote)
                    quote_line = paragraph.quote_line
                if not paragraph.text:
                    continue
                target = quote
            else:
                quote = None
                target = div
            unit = self.next_id("p")
            element = tei("p", {"id": unit})
            self.counts["p"] += 1
            self._current_unit = unit
            inline = add_quotations(parse_line(paragraph.text))
            self._sentences(element, inline, unit, self.lang)
            target.append(element)
            if paragraph.quote_label is None:
                texts[cid] = texts.get(cid, "") + " " + inline.text
            elif quote is not None and "source" not in quote.attrib:
                source = _quoted(inline.text, texts)
                if source:
                    quote.set("source", f"#{source}")
        for index, reply in enumerate(comment.replies, start=1):
            self._comment(div, reply, str(index), f"{cid}_{index}", texts)


_XML = "http://www.w3.org/XML/1998/namespace"


def _quoted(text: str, texts: dict[str, str]) -> str | None:
    probe = " ".join(text.strip(" .…").split()[:8])
    if len(probe) < 12:
        return None
    for cid, body in texts.items():
        if probe in " ".join(body.split()):
            return cid
    return None


def _only_head(div: etree._Element) -> bool:
    return all(etree.QName(child).localname == "head" for child in div)


def _filled(div: etree._Element) -> etree._Element:
    """A division with no content gets an empty paragraph, which TEI requires."""
    div.append(tei("p"))
    return div


def _reference_spans(inline: Inline) -> list[tuple[int, int]]:
    """A reference note is one sentence, except before "See …"."""
    spans = sentence_spans(inline.text, keep_together=[(r.start, r.end) for r in inline.ranges])
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and not _SEE.match(inline.text[start:end]):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _sections(flow: list[Block]) -> list[_Section]:
    sections: list[_Section] = []
    current: _Section | None = None
    for block in flow:
        if block.kind == "head":
            kind = {
                "abstract": "abstract",
                "notes": "notes",
                "bibliography": "bibliography",
                "letter": "letter",
            }.get(block.role, "section")
            current = _Section(kind, block)
            sections.append(current)
            continue
        if block.kind == "keywords":
            sections.append(_Section("keywords", None, [block]))
            current = None
            continue
        opening = block.kind == "dateline" or (block.kind == "salute" and block.role == "open")
        closing = block.kind == "signed" or (block.kind == "salute" and block.role == "close")
        if (
            current is None
            or current.kind == "notes"
            or (current.closed and not closing)
            or (
                opening
                and any(b.kind != "dateline" for b in current.blocks)
                and current.kind != "letter"
            )
            or (opening and current.kind == "letter" and current.closed)
        ):
            current = _Section("letter" if opening else "section")
            sections.append(current)
        current.blocks.append(block)
        if closing:
            current.closed = True
    for section in sections:
        langs = {b.lang for b in section.blocks if b.kind in ("p", "item")}
        if section.kind == "keywords":
            langs = {section.blocks[0].lang}
        elif section.head is not None and section.head.lang:
            langs.add(section.head.lang)
            langs.discard(None)
        if len(langs) == 1:
            section.lang = langs.pop()
    return sections


def _parts(sections: list[_Section]) -> tuple[list[_Section], list[_Section], list[_Section]]:
    """Front (title matter, abstracts, keywords), body, back (bibliography, notes)."""
    back_start = next(
        (i for i, s in enumerate(sections) if s.kind in ("bibliography", "notes")), len(sections)
    )
    main, back = sections[:back_start], sections[back_start:]
    front_end = 0
    if any(s.kind == "abstract" for s in main):
        seen_abstract = False
        front_end = len(main)
        for index, section in enumerate(main):
            if section.kind in ("abstract", "keywords"):
                seen_abstract = True
                continue
            prose = any(b.kind == "p" and b.words >= 40 for b in section.blocks)
            if seen_abstract and prose and section.head is not None:
                front_end = index
                break
        if front_end == len(main):
            front_end = max(
                (i + 1 for i, s in enumerate(main) if s.kind in ("abstract", "keywords")), default=0
            )
    return main[:front_end], main[front_end:], back


# -------------------------------------------------------------- bibliography

_YEAR_FIELD = re.compile(r"(?:^|[,(;]\s*)((?:1[5-9]|20)\d\d)[a-z]?(?=\s*(?:[,).;:]|$))")
_YEAR = re.compile(r"(?<!\d)((?:1[5-9]|20)\d\d)(?!\d)")


def _bibl_id(text: str, taken: list[str]) -> str:
    """``b-`` + first author's surname + year (``-nd`` without a year); a/b on a clash.

    >>> _bibl_id("Hirst S.J., 2013, Anti-Westernism on the European Periphery", [])
    'b-hirst2013'
    >>> _bibl_id("ARSLAN, Y., “Millî Mücadele”, 14-15 Mayıs 2010 Bildirisi, Ankara 2011.", [])
    'b-arslan2011'
    >>> _bibl_id("Andersen A., Egge G., Turkish-Armenian War", []), _bibl_id("Hirst, 2013.", ["b-hirst2013"])
    ('b-andersen-nd', 'b-hirst2013a')
    """
    clean = re.sub(r"(?:https?|ftp)://\S+", " ", text)
    first = re.match(r"\W*([^\W\d_]+)", clean)
    surname = ascii_fold(first.group(1)) if first else ""
    surname = surname or "anon"
    field_year = _YEAR_FIELD.search(clean)
    years = _YEAR.findall(clean)
    year = field_year.group(1) if field_year else (years[-1] if years else "")
    base = f"b-{surname}{year}" if year else f"b-{surname}-nd"
    if base not in taken and not any(
        t.startswith(base) and t[len(base) :].isalpha() for t in taken
    ):
        return base
    suffix = "abcdefghijklmnopqrstuvwxyz"
    for letter in suffix:
        if f"{base}{letter}" not in taken:
            return f"{base}{letter}"
    return f"{base}{len(taken)}"


# ------------------------------------------------------------------- header

_LANG_NAMES = {
    "en": "English",
    "tr": "Turkish",
    "ru": "Russian",
    "pl": "Polish",
    "de": "German",
    "fr": "French",
}


def language_name(code: str) -> str:
    """The English name of a language code (Babel), or the code."""
    if code in _LANG_NAMES:
        return _LANG_NAMES[code]
    try:
        from babel import Locale

        return str(Locale.parse(code).english_name or code)
    except Exception:  # an unknown code is named by itself
        return code


def _header(
    analysis: Analysis, writer: _Writer, lang: str, capture_name: str, today: datetime.date
) -> etree._Element:
    header = tei("teiHeader")
    file_desc = etree.SubElement(header, f"{{{TEI_NS}}}fileDesc")
    title_stmt = etree.SubElement(file_desc, f"{{{TEI_NS}}}titleStmt")
    title_stmt.append(tei("title", {"type": "main"}, analysis.title))
    short = (
        analysis.title
        if len(analysis.title) <= 80
        else analysis.title[:77].rsplit(" ", 1)[0] + " …"
    )
    title_stmt.append(tei("title", {"type": "short"}, short))
    resp = tei("respStmt", {"id": "editors"})
    resp.append(tei("resp", None, "TEI encoding"))
    resp.append(tei("name", None, PROJECT))
    title_stmt.append(resp)
    publication = etree.SubElement(file_desc, f"{{{TEI_NS}}}publicationStmt")
    publication.append(tei("publisher", None, PROJECT))
    publication.append(tei("date", {"when": str(today.year)}, str(today.year)))
    availability = etree.SubElement(publication, f"{{{TEI_NS}}}availability")
    availability.append(
        tei("p", None, "To be stated: the licence of the source, if the source states one.")
    )
    source_desc = etree.SubElement(file_desc, f"{{{TEI_NS}}}sourceDesc")
    capture = tei("bibl", {"type": "capture"})
    capture.append(tei("idno", {"type": "seed"}, capture_name))
    capture.append(
        tei(
            "note",
            None,
            f"Plain-text capture, drafted by reader ingest on {today.isoformat()}; "
            "the source's bibliographic description is still to be added.",
        )
    )
    if analysis.chrome:
        chrome = tei("note", {"type": "chrome"})
        items = etree.SubElement(chrome, f"{{{TEI_NS}}}list")
        for line in analysis.chrome:
            items.append(tei("item", None, line))
        capture.append(chrome)
    source_desc.append(capture)
    encoding = etree.SubElement(header, f"{{{TEI_NS}}}encodingDesc")
    encoding.append(etree.fromstring(REFS_DECL))
    encoding.append(etree.fromstring(PREFIX_DEF))
    editorial = etree.SubElement(encoding, f"{{{TEI_NS}}}editorialDecl")
    correction = etree.SubElement(editorial, f"{{{TEI_NS}}}correction")
    correction.append(
        tei(
            "p",
            None,
            "Draft made by reader ingest: note bodies moved to their calls, paragraphs split by "
            "page breaks rejoined, words hyphenated across a break joined, Markdown turned into "
            "markup, site chrome removed (listed in the capture description). To be checked by hand.",
        )
    )
    if writer.repairs:
        repairs = tei("list", {"type": "repairs"})
        for item in writer.repairs:
            repairs.append(item)
        correction.append(tei("p"))  # correction holds paragraphs
        correction[-1].append(repairs)
    segmentation = etree.SubElement(editorial, f"{{{TEI_NS}}}segmentation")
    segmentation.append(
        tei(
            "p",
            None,
            "Sentences segmented automatically with pysbd and the protections of reader.ingest.segment "
            "(initials, reference abbreviations, dates, numbers, quotations); to be checked.",
        )
    )
    taxonomy = tei("taxonomy", {"id": "repairs"})
    taxonomy.append(
        tei("desc", None, "Kinds of repair listed in editorialDecl/correction (item/@ana).")
    )
    for kind, description in REPAIR_KINDS.items():
        category = tei("category", {"id": kind})
        category.append(tei("catDesc", None, description))
        taxonomy.append(category)
    etree.SubElement(encoding, f"{{{TEI_NS}}}classDecl").append(taxonomy)
    profile = etree.SubElement(header, f"{{{TEI_NS}}}profileDesc")
    usage = etree.SubElement(profile, f"{{{TEI_NS}}}langUsage")
    for code in [lang, *sorted(writer.languages - {lang})]:
        usage.append(tei("language", {"ident": code}, language_name(code)))
    revision = tei("revisionDesc", {"status": "draft"})
    revision.append(
        tei(
            "change",
            {"when": today.isoformat(), "who": "#editors"},
            f"Draft made by reader ingest from {capture_name}; not yet corrected by hand.",
        )
    )
    header.append(revision)
    return header


#: Elements whose content stays on one line: units and their phrases.
_KEEP_INLINE = frozenset(
    [
        "p",
        "s",
        "head",
        "item",
        "bibl",
        "note",
        "opener",
        "closer",
        "titlePart",
        "docAuthor",
        "byline",
        "dateline",
        "salute",
        "signed",
        "label",
        "title",
        "idno",
        "date",
        "name",
        "num",
        "resp",
        "language",
        "change",
        "prefixDef",
    ]
)


def indent(element: etree._Element, level: int = 0, *, header: bool = False) -> None:
    """Indent the block structure two spaces a level; leave mixed content alone."""
    tag = etree.QName(element).localname
    children = list(element)
    header = header or tag == "teiHeader"
    if not children or (tag in _KEEP_INLINE and not header):
        return
    if (element.text or "").strip() or any((c.tail or "").strip() for c in children):
        return
    pad = "\n" + "  " * (level + 1)
    element.text = pad
    for child in children:
        child.tail = pad
        indent(child, level + 1, header=header)
    children[-1].tail = "\n" + "  " * level


def problems_of(draft: Draft, name: str) -> list[Problem]:
    """What ``reader validate`` would say about the draft (schema and id rules)."""
    from reader.validate import check_schema, check_tree

    tree = etree.ElementTree(etree.fromstring(draft.xml()))
    problems = check_schema(tree, name) + check_tree(tree, name)
    return sorted(set(problems), key=lambda p: (p.line, p.message))
