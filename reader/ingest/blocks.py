"""From the lines of a capture to a flow of blocks, with notes linked to calls.

This is the analysis half of :mod:`reader.ingest` (which writes the TEI). It
works on a plain-text capture like the seeds and knows nothing about any
particular source; every rule is a property of captures in general:

1. **Chrome** (site furniture) is set aside and recorded: navigation bars
   (``A | B | C``), "Download PDF", lines holding only a number (page
   numbers, counters), a comment counter and what stands between it and the
   comment thread.
2. **Lines become blocks.** Every non-blank line is a block, except that a
   line ending in a lower-case word (``…laid the``) or a hyphen continues on
   the next line (a hard wrap).
3. **Blocks are classified**: Markdown headings, rules (``---``), bullets and
   numbered items, note bodies (``[1] …``, ``¹…``, ``<sup>1</sup> …``, ``*…``,
   ``1 …``), keyword lines, hatnotes, and text. A short, isolated text line
   without final punctuation is a heading; set off by two blank lines it is a
   figure caption. Under a "Notes" heading come note bodies, under
   "References"/"Bibliography" bibliography entries.
4. **Note calls are found and paired with bodies** in every style: bracketed
   and superscript numbers, ``<sup>``, ``*`` (not Markdown emphasis) and bare
   numbers (only where a body with that number exists). A repeated call
   becomes a reference to the note; a call whose body the capture lacks
   becomes a note marked absent.
5. **Page breaks are repaired**: a paragraph that stops without final
   punctuation and goes on after a blank line, a block of notes or a rule is
   one paragraph; a word hyphenated across the break is joined when the
   second half starts in lower case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from reader.ingest.comments import Comment, chrome_before, parse_thread, thread_start
from reader.ingest.inline import Inline, italic_spans, parse_line
from reader.ingest.segment import sentence_spans

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_FROM_SUPERSCRIPT = str.maketrans(SUPERSCRIPTS, "0123456789")

# ---------------------------------------------------------------- patterns

_MD_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_BOLD_LINE = re.compile(r"^\s*\*\*([^*]+?)\*\*\s*$")
_RULE = re.compile(r"^\s*(?:-\s*){3,}$|^\s*(?:\*\s*){3,}$|^\s*(?:_\s*){3,}$")
_BULLET = re.compile(r"^\s*[-+•–]\s+(\S.*)$|^\s*\*\s+(\S.*)$")
_ORDERED = re.compile(r"^\s*(\d{1,3}[.)])\s+(\S.*)$")
_ENUMERATOR = re.compile(r"^((?:\d{1,3}|[A-Za-z])\s?[-.)])\s+(?=\S)")
_NOTE_BRACKET = re.compile(r"^\s*\[(\d{1,4})\]\s*(\S.*)$")
_NOTE_SUPERSCRIPT = re.compile(rf"^\s*([{SUPERSCRIPTS}]+)\s*(\S.*)$")
_NOTE_SUP = re.compile(r"^\s*<sup>\s*(\d{1,4})\s*</sup>\s*(\S.*)$", re.IGNORECASE)
_NOTE_STAR = re.compile(r"^\s*\*(?!\*)\s*(\S.*)$")
_NOTE_BARE = re.compile(r"^\s*(\d{1,3})\s+(?=\S)(.*)$")
_CALL_BRACKET = re.compile(r"\s*\[(\d{1,4})\]")
_CALL_SUP = re.compile(r"\s*<sup>\s*(\d{1,4})\s*</sup>", re.IGNORECASE)
_CALL_SUPERSCRIPT = re.compile(rf"[{SUPERSCRIPTS}]+")
_CALL_STAR = re.compile(r"(?<=\S)\*(?![\w*])|\s+\*(?=\s|$)")
_NAV = re.compile(r"^[^|]{1,40}(?:\|[^|]{1,40}){2,}$")
_CHROME = re.compile(
    r"^(?:download(?: (?:pdf|article|file))?|print(?: this page)?|share(?: this)?|"
    r"save|skip to (?:main )?content|back to top|\d{1,4})$",
    re.IGNORECASE,
)
_KEYWORDS = re.compile(
    r"^\s*(?:\*\*)?\s*(?P<label>key ?words|keywords|index terms|anahtar kelimeler|"
    r"anahtar sözcükler|słowa kluczowe|ключевые слова|schlüsselwörter|mots[- ]clés|"
    r"palabras clave)\s*(?::\s*(?:\*\*)?|(?:\*\*)\s*:)\s*(?P<terms>\S.*)$",
    re.IGNORECASE,
)
_HATNOTE = re.compile(
    r"^(?:See also|See main article|Main articles?|Further information|For other uses)\s*:",
    re.IGNORECASE,
)
ABSTRACT_HEADS = frozenset(
    [
        "abstract",
        "summary",
        "öz",
        "özet",
        "streszczenie",
        "аннотация",
        "резюме",
        "résumé",
        "resume",
        "zusammenfassung",
        "resumen",
        "sommario",
    ]
)
NOTES_HEADS = frozenset(
    [
        "notes",
        "endnotes",
        "footnotes",
        "note",
        "примечания",
        "сноски",
        "notlar",
        "dipnotlar",
        "przypisy",
        "anmerkungen",
    ]
)
BIBLIOGRAPHY_HEADS = frozenset(
    {
        "references",
        "bibliography",
        "works cited",
        "literature",
        "sources",
        "sources and literature",
        "reference list",
        "kaynakça",
        "kaynaklar",
        "bibliografia",
        "literatura",
        "список литературы",
        "литература",
        "библиография",
        "источники",
        "literaturverzeichnis",
    }
)
_MONTH_WORDS = frozenset(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
    ]
)
_NOT_BEFORE_BARE_CALL = frozenset(
    [
        "no",
        "nos",
        "nr",
        "note",
        "notes",
        "p",
        "pp",
        "page",
        "pages",
        "art",
        "article",
        "articles",
        "vol",
        "volume",
        "chapter",
        "section",
        "paragraph",
        "point",
        "number",
        "and",
        "or",
        "to",
        "of",
        "from",
        "in",
        "at",
        "by",
        "on",
        "the",
        "a",
        "an",
        "about",
        "some",
        "than",
        "over",
        "under",
        "nearly",
        "almost",
        "only",
        "just",
        "till",
        "until",
        "since",
        "than",
    ]
)
_FINAL_PUNCT = re.compile(r"[.!?…:]\s?[\"'”’»ʺ″)\]]*$|[\"'”’»ʺ″][.!?…]$")
_LOWER_END = re.compile(r"(?:^|\s)[^\W\d_A-ZÀ-ÞА-ЯĞİŞÇÖÜ]+$|[^\W\d_]-$")

#: A paragraph needs this many words before a missing full stop counts as a page break.
PAGE_BREAK_MIN_WORDS = 12
#: The longest line that can be a heading (words).
HEADING_MAX_WORDS = 16


# ------------------------------------------------------------------- data


@dataclass
class Join:
    """A repair: the halves of a paragraph joined across a break."""

    line: int
    left: str
    right: str
    notes: list[str] = field(default_factory=list)
    hyphen: tuple[str, str, str] | None = None
    across: str = "page-break"  # or line-break


@dataclass
class Block:
    """One unit of the capture's flow."""

    kind: str  # p, head, caption, item, note, rule, keywords, bibl, chrome
    line: int
    raw: str
    lines: list[int] = field(default_factory=list)
    label: str = ""  # note marker, item enumerator, keywords label
    style: str = ""  # note style: bracket, superscript, sup, star, bare
    level: int = 0  # Markdown heading level (0: heuristic)
    role: str = ""  # heading role: abstract, notes, bibliography; p role: hatnote
    blank_before: int = 0
    blank_after: int = 0
    hard: bool = False  # continues the previous line without a blank line
    inline: Inline = field(default_factory=Inline)
    paragraphs: list[Block] = field(default_factory=list)  # a note's further paragraphs
    joins: list[Join] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    zone: str = ""  # "", notes, bibliography
    lang: str | None = None
    split_from: bool = False  # a hatnote cut off the paragraph it was run into

    @property
    def words(self) -> int:
        return len(self.raw.split())


@dataclass
class Call:
    """A note call found in a block's raw text."""

    block: Block
    start: int
    end: int
    style: str
    label: str
    note: str | None = None  # id of the note it calls
    first: bool = True


@dataclass
class NoteBody:
    id: str
    n: str
    block: Block
    place: str = "foot"
    absent: bool = False
    call: Call | None = None


@dataclass
class Analysis:
    title: str
    flow: list[Block]
    notes: dict[str, NoteBody]
    calls: list[Call]
    chrome: list[str]
    comments: list[Comment]
    warnings: list[tuple[int, str]]
    notes_heading: Block | None = None


# ------------------------------------------------------------- the steps


def analyse(text: str) -> Analysis:
    """Blocks, notes and calls of a capture (see the module docstring)."""
    lines = [line.rstrip() for line in text.split("\n")]
    warnings: list[tuple[int, str]] = []
    start = thread_start(lines)
    comments: list[Comment] = []
    chrome_lines: set[int] = set()
    main = lines
    if start is not None:
        chrome_lines.update(chrome_before(lines, start))
        comments = parse_thread(lines, start)
        main = lines[:start]
    for index, line in enumerate(main):
        stripped = line.strip()
        if stripped and (_CHROME.match(stripped) or _NAV.match(stripped)):
            chrome_lines.add(index)
    chrome = [lines[i].strip() for i in sorted(chrome_lines)]
    blocks = _blocks(main, chrome_lines)
    _classify(blocks)
    title = _title(blocks)
    calls, notes = _link_notes(blocks, warnings)
    by_block: dict[int, dict[int, tuple[int, int]]] = {}
    for number, call in enumerate(calls):
        by_block.setdefault(id(call.block), {})[call.start] = (call.end, number)
    for block in blocks:
        block.inline = parse_line(
            block.raw, calls=by_block.get(id(block)), titles=block.kind == "bibl"
        )
    for block in blocks:
        block.lang = _block_language(block)
    flow = _letters(_split_hatnotes(_repair(blocks, notes)))
    notes_heading = next((b for b in flow if b.kind == "head" and b.role == "notes"), None)
    return Analysis(title, flow, notes, calls, chrome, comments, warnings, notes_heading)


def _blocks(lines: list[str], chrome: set[int]) -> list[Block]:
    """Every non-blank line a block; hard-wrapped lines joined."""
    blocks: list[Block] = []
    blank = 0
    seen_text = False
    for index, line in enumerate(lines):
        if not line.strip() or index in chrome:
            if not line.strip():
                blank += 1
            continue
        block = Block(
            kind="text",
            line=index + 1,
            raw=line.strip(),
            lines=[index + 1],
            blank_before=blank if seen_text else 1,
        )
        block.hard = seen_text and blank == 0
        if blocks:
            blocks[-1].blank_after = blank
        blocks.append(block)
        blank = 0
        seen_text = True
    if blocks:
        blocks[-1].blank_after = 1
    # Hard wraps: a line that ends in a lower-case word or a hyphen continues.
    joined: list[Block] = []
    for block in blocks:
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and block.hard
            and _plain_line(previous.raw)
            and _plain_line(block.raw)
            and _LOWER_END.search(_strip_calls(previous.raw))
        ):
            previous.joins.append(
                Join(
                    line=block.line,
                    left=_tail_words(previous.raw),
                    right=_head_words(block.raw),
                    across="line-break",
                )
            )
            previous.raw = f"{previous.raw} {block.raw}"
            previous.lines.append(block.line)
            previous.blank_after = block.blank_after
            continue
        joined.append(block)
    return joined


def _plain_line(raw: str) -> bool:
    return not (
        _MD_HEADING.match(raw)
        or _RULE.match(raw)
        or _BULLET.match(raw)
        or _note_marker(raw)
        or _KEYWORDS.match(raw)
    )


def _strip_calls(raw: str) -> str:
    raw = _CALL_BRACKET.sub("", raw)
    raw = _CALL_SUP.sub("", raw)
    raw = _CALL_SUPERSCRIPT.sub("", raw)
    return raw.rstrip("* ").rstrip()


def _tail_words(raw: str, count: int = 3) -> str:
    return " ".join(_strip_calls(raw).split()[-count:])


def _head_words(raw: str, count: int = 3) -> str:
    return " ".join(raw.split()[:count])


def _note_marker(raw: str) -> tuple[str, str, str] | None:
    """(style, label, body) when ``raw`` starts like a note body."""
    for style, pattern in (
        ("bracket", _NOTE_BRACKET),
        ("sup", _NOTE_SUP),
        ("superscript", _NOTE_SUPERSCRIPT),
    ):
        match = pattern.match(raw)
        if match:
            label = match.group(1).translate(_FROM_SUPERSCRIPT)
            return style, str(int(label)), match.group(2)
    match = _NOTE_STAR.match(raw)
    if match and raw.count("*") % 2 == 1 and not _BULLET.match(raw):
        return "star", "*", match.group(1)
    return None


def _head_name(raw: str) -> str:
    text = re.sub(r"[*_#]", "", raw).strip().rstrip(":").strip()
    return re.sub(r"^\d+(?:\.\d+)*[.)-]?\s*", "", text).lower()


def _heading_like(block: Block, first: bool, following: Block | None = None) -> bool:
    raw = block.raw
    text = _strip_calls(re.sub(r"</?(?:sup|sub|i|b|em|strong|u)>", "", raw)).strip()
    if not text or not re.search(r"[^\W\d_]", text):
        return False
    if block.words > HEADING_MAX_WORDS or len(text) > 160:
        return False
    if not (first or block.blank_before >= 1) or block.blank_after < 1:
        return False
    if not (text[0].isupper() or text[0].isdigit() or text[0] in '"“«(['):
        return False
    if re.search(r"[.,;:!?…\-‐]$", text) or re.search(r":\s*\S", text):
        return False
    if following is not None and following.raw[:1].islower():
        return False  # the next block continues this line: a page break, not a heading
    return not re.match(r"^(?:https?://|www\.|<)", text)


def _classify(blocks: list[Block]) -> None:
    zone = ""
    first = True
    for index, block in enumerate(blocks):
        following = next(
            (b for b in blocks[index + 1 :] if not (_RULE.match(b.raw) or _note_marker(b.raw))),
            None,
        )
        raw = block.raw
        heading = _MD_HEADING.match(raw)
        bold = _BOLD_LINE.match(raw)
        if heading:
            block.kind, block.level, block.raw = "head", len(heading.group(1)), heading.group(2)
        elif _RULE.match(raw):
            block.kind = "rule"
        elif zone != "bibliography" and (marker := _note_marker(raw)):
            block.kind, block.style, block.label, block.raw = (
                "note",
                marker[0],
                marker[1],
                marker[2],
            )
        elif keywords := _KEYWORDS.match(raw):
            block.kind, block.label = "keywords", keywords.group("label")
            block.raw = keywords.group("terms").strip().rstrip(".").strip()
            block.terms = [t.strip() for t in re.split(r"\s*[,;]\s*", block.raw) if t.strip()]
        elif zone == "bibliography" and not _special_head(block):
            bullet = _BULLET.match(raw)
            block.kind = "bibl"
            if bullet:
                block.raw = (bullet.group(1) or bullet.group(2)).strip()
        elif bullet := _BULLET.match(raw):
            block.kind, block.raw = "item", (bullet.group(1) or bullet.group(2)).strip()
        elif (ordered := _ORDERED.match(raw)) and not _heading_like(block, first, following):
            block.kind, block.label, block.raw = "item", ordered.group(1), ordered.group(2)
        elif bold and _head_name(raw) in ABSTRACT_HEADS | NOTES_HEADS | BIBLIOGRAPHY_HEADS:
            block.kind, block.raw = "head", bold.group(1).strip()
        elif _special_head(block):
            block.kind = "head"
        elif zone == "" and _heading_like(block, first, following):
            block.kind = "caption" if block.blank_before >= 2 and not first else "head"
        elif _HATNOTE.match(raw):
            block.kind, block.role = "p", "hatnote"
        else:
            block.kind = "p"
        if block.kind == "item":
            enumerator = _ENUMERATOR.match(block.raw)
            if enumerator and not block.label:
                block.label = enumerator.group(1)
                block.raw = block.raw[enumerator.end() :]
        if block.kind == "head":
            name = _head_name(block.raw)
            if name in NOTES_HEADS:
                block.role, zone = "notes", "notes"
            elif name in BIBLIOGRAPHY_HEADS:
                block.role, zone = "bibliography", "bibliography"
            else:
                zone = ""
                if name in ABSTRACT_HEADS:
                    block.role = "abstract"
        block.zone = zone
        first = False


def _special_head(block: Block) -> bool:
    """A line naming the notes or the bibliography, wherever it stands."""
    name = _head_name(block.raw)
    return (
        block.words <= 4
        and name in NOTES_HEADS | BIBLIOGRAPHY_HEADS | ABSTRACT_HEADS
        and (not re.search(r"[.;,]$", block.raw.strip()))
    )


def _title(blocks: list[Block]) -> str:
    """The first Markdown heading of the opening lines, else the first line."""
    for block in blocks[:8]:
        if block.kind == "head" and block.level in (1, 2):
            return _plain(block.raw)
        if block.kind == "p" and block.words > 40:
            break
    for block in blocks:
        if block.kind not in ("rule",):
            return _plain(block.raw)
    return "Untitled"


def _plain(raw: str) -> str:
    text = re.sub(r"<[^>]+>", "", _strip_calls(raw))
    text = re.sub(r"\*\*|(?<!\w)\*|\*(?!\w)", "", text)
    return " ".join(text.split()) or "Untitled"


# ------------------------------------------------------------------ notes


def _calls_in(block: Block, styles: set[str]) -> list[Call]:
    raw = block.raw
    found: list[Call] = []
    emphasis = italic_spans(raw)
    links = [m.span() for m in re.finditer(r"<(?:https?|ftp)://[^>]+>|(?:https?|ftp)://\S+", raw)]

    def taken(start: int, end: int) -> bool:
        return any(a < end and start < b for a, b in [*links, *((c.start, c.end) for c in found)])

    if "bracket" in styles:
        for match in _CALL_BRACKET.finditer(raw):
            found.append(
                Call(block, match.start(), match.end(), "bracket", str(int(match.group(1))))
            )
    if "sup" in styles:
        for match in _CALL_SUP.finditer(raw):
            found.append(Call(block, match.start(), match.end(), "sup", str(int(match.group(1)))))
    if "superscript" in styles:
        for match in _CALL_SUPERSCRIPT.finditer(raw):
            label = str(int(match.group(0).translate(_FROM_SUPERSCRIPT)))
            found.append(Call(block, match.start(), match.end(), "superscript", label))
    if "star" in styles:
        for match in _CALL_STAR.finditer(raw):
            star = match.end() - 1
            if any(a <= star < b for a, b in emphasis) or taken(match.start(), match.end()):
                continue
            found.append(Call(block, match.start(), match.end(), "star", "*"))
    links_free = [c for c in found if not any(a <= c.start < b for a, b in links)]
    return sorted(links_free, key=lambda c: c.start)


_BARE = r"(?<=[^\W\d_])(\s+)({n})(?![\d\w])(?!\s*[%°])(?!\s+[a-zа-я\d])(?![.,]\d)"


def _bare_calls(blocks: list[Block], body: Block, number: str) -> list[Call]:
    pattern = re.compile(_BARE.format(n=re.escape(number)))
    found: list[Call] = []
    for block in blocks:
        if block is body:
            break
        if block.kind not in ("p", "item", "head", "caption") or block.zone:
            continue
        for match in pattern.finditer(block.raw):
            before = block.raw[: match.start()].split()
            word = re.sub(r"\W", "", before[-1]).lower() if before else ""
            if word in _NOT_BEFORE_BARE_CALL or word in _MONTH_WORDS:
                continue
            found.append(Call(block, match.start(1), match.end(2), "bare", number))
    return found


def _link_notes(
    blocks: list[Block], warnings: list[tuple[int, str]]
) -> tuple[list[Call], dict[str, NoteBody]]:
    """Find the calls, pair them with bodies, and turn orphan bodies back into text."""
    bodies = [b for b in blocks if b.kind == "note"]
    styles = {b.style for b in bodies} | {"bracket", "sup", "superscript"}
    # Bare numbers at the start of a line are note bodies only if a call exists.
    bare_calls: list[Call] = []
    for position, block in enumerate(blocks):
        if block.kind != "p" or block.zone == "bibliography":
            continue
        match = _NOTE_BARE.match(block.raw)
        if not match or len(match.group(2).split()) < 2:
            continue
        after_note = position > 0 and blocks[position - 1].kind == "note"
        if block.zone != "notes" and not after_note:
            continue
        candidates = [c for c in _bare_calls(blocks, block, str(int(match.group(1))))]
        candidates = [
            c
            for c in candidates
            if not any(c.block is u.block and c.start == u.start for u in bare_calls)
        ]
        if not candidates:
            continue
        bare_calls.append(candidates[-1])
        block.kind, block.style, block.label, block.raw = (
            "note",
            "bare",
            str(int(match.group(1))),
            match.group(2),
        )
        bodies.append(block)
    bodies.sort(key=lambda b: b.line)
    calls: list[Call] = []
    for block in blocks:
        if (
            block.kind in ("p", "item", "head", "caption", "keywords")
            and block.zone != "bibliography"
        ):
            calls.extend(_calls_in(block, styles))
    calls.extend(bare_calls)
    order = {id(b): i for i, b in enumerate(blocks)}
    calls.sort(key=lambda c: (order[id(c.block)], c.start))
    notes: dict[str, NoteBody] = {}
    # Numbered notes: the first call of a number gets the note, later calls refer to it.
    numbered = {}
    for body in bodies:
        if body.style == "star":
            continue
        if body.label in numbered:
            warnings.append((body.line, f"a second note body numbered {body.label}; kept as text"))
            body.kind = "p"
            body.raw = _restore_marker(body)
            continue
        numbered[body.label] = body
    in_endnotes = _endnote_bodies(blocks, bodies)
    for call in calls:
        if call.style == "star":
            continue
        note_id = f"n{call.label}"
        if note_id in notes:
            call.note, call.first = note_id, False
            continue
        found = numbered.get(call.label)
        if found is None and call.style == "bare":
            continue
        call.note = note_id
        endnote = found is not None and (found.zone == "notes" or id(found) in in_endnotes)
        if found is not None and _after_rule(blocks, found):
            endnote = False  # a rule ("---") marks the foot of a page
        notes[note_id] = NoteBody(
            note_id,
            call.label,
            found if found is not None else Block(kind="note", line=call.block.line, raw=""),
            place="end" if endnote else "foot",
            absent=found is None,
            call=call,
        )
    _continuous(notes, calls, warnings)
    # Star notes: each body goes to the nearest earlier free star.
    stars = [c for c in calls if c.style == "star"]
    star_count = 0
    for body in (b for b in bodies if b.style == "star"):
        earlier = [c for c in stars if c.note is None and order[id(c.block)] < order[id(body)]]
        if not earlier:
            continue
        call = earlier[-1]
        star_count += 1
        note_id = "n_star" if star_count == 1 else f"n_star{star_count}"
        call.note = note_id
        endnote = body.zone == "notes" or id(body) in in_endnotes
        place = "end" if endnote and not _after_rule(blocks, body) else "foot"
        notes[note_id] = NoteBody(note_id, "*", body, place=place, call=call)
        body.label = note_id
    calls = [c for c in calls if c.note is not None]
    # Bodies nobody calls stay where they are, as text.
    for body in bodies:
        if body.kind != "note":
            continue
        linked = any(n.block is body for n in notes.values())
        if not linked:
            warnings.append(
                (
                    body.line,
                    f"note body {body.label!r} has no call in the text; kept as a paragraph",
                )
            )
            body.kind = "p"
            body.raw = _restore_marker(body)
    return calls, notes


def _continuous(
    notes: dict[str, NoteBody], calls: list[Call], warnings: list[tuple[int, str]]
) -> None:
    """Notes are numbered 1…N: past a gap, a call without a body stays text and a
    note with a body keeps its number but gets the id ``n_N`` (to be checked)."""
    numbers = {int(n.n) for n in notes.values() if n.n.isdigit()}
    last = 0
    while last + 1 in numbers:
        last += 1
    for note in list(notes.values()):
        if not note.n.isdigit() or int(note.n) <= last:
            continue
        del notes[note.id]
        line = note.call.block.line if note.call else note.block.line
        if note.absent:
            warnings.append(
                (
                    line,
                    f"note call {note.n} has no body and notes 1–{last + 1} are not all called; left as text",
                )
            )
            new_id = None
        else:
            new_id = f"n_{note.n}"
            warnings.append(
                (
                    line,
                    f"note numbers jump from {last} to {note.n}; note {note.n} gets the id {new_id}",
                )
            )
            note.id = new_id
            notes[new_id] = note
        for call in calls:
            if call.note == f"n{note.n}":
                call.note = new_id


def _after_rule(blocks: list[Block], body: Block) -> bool:
    """Whether a run of note bodies that ``body`` belongs to follows a rule."""
    index = blocks.index(body)
    while index > 0 and blocks[index - 1].kind == "note":
        index -= 1
    return index > 0 and blocks[index - 1].kind == "rule"


def _restore_marker(block: Block) -> str:
    if block.style == "bracket":
        return f"[{block.label}] {block.raw}"
    if block.style == "star":
        return f"*{block.raw}"
    return f"{block.label} {block.raw}"


def _endnote_bodies(blocks: list[Block], bodies: list[Block]) -> set[int]:
    """Bodies standing after all the text they annotate (endnotes), by id()."""
    if not bodies:
        return set()
    first = min(blocks.index(b) for b in bodies)
    later_text = [
        b for b in blocks[first:] if b.kind in ("p", "item", "head", "caption") and b.zone == ""
    ]
    if any(b.kind in ("head", "caption", "item") for b in later_text):
        return set()
    return {id(b) for b in bodies}


# ------------------------------------------------------------------ letters

_SALUTE = re.compile(
    r"^(?:(?:(?:My )?Dear|Sir|Madam|Gentlemen|Comrades?|(?:Your )?Excellency|Monsieur|Madame|"
    r"Herr|Sehr geehrte[rs]?|Sayın|Уважаем\w*|Товарищ\w*|Господин\w*)\b|(?:Mr|Mrs|Ms|Dr)\.)"
    r"[^.]{0,60}[,!:]$",
    re.IGNORECASE,
)
_CLOSING = re.compile(
    r"^(?:Yours|Sincerely|Respectfully|Faithfully|Cordially|(?:Best|Kind|Warm) regards|"
    r"With (?:deep(?:est)? |great |sincere )?respect)\b"
    r"|\b(?:accept|receive)\b.{0,80}\b(?:assurances?|expression) of my\b",
    re.IGNORECASE,
)
_SIGNED = re.compile(r"^\[[^\]]{1,40}\]$|^[^\W\d_][\w.‐'’ -]{0,40}$")
_HAS_DATE = re.compile(r"\b(?:1[6-9]|20)\d\d\b")


def _letters(flow: list[Block]) -> list[Block]:
    """Salutations, datelines, closing formulas and signatures of letters."""
    for index, block in enumerate(flow):
        text = block.inline.text.strip()
        if block.kind != "p" or block.role:
            continue
        if block.words <= 8 and _SALUTE.match(text):
            block.kind, block.role = "salute", "open"
            before = flow[index - 1] if index else None
            if (
                before is not None
                and before.kind == "p"
                and not before.role
                and before.words <= 12
                and _HAS_DATE.search(before.inline.text)
            ):
                before.kind = "dateline"
                before = flow[index - 2] if index >= 2 else None
            if (
                before is not None
                and before.kind == "p"
                and not before.role
                and before.words <= 40
                and len(sentence_spans(before.inline.text)) == 1
            ):
                before.kind, before.role = "head", "letter"
        elif block.words <= 40 and _CLOSING.search(text):
            block.kind, block.role = "salute", "close"
            after = flow[index + 1] if index + 1 < len(flow) else None
            if (
                after is not None
                and after.kind == "p"
                and not after.role
                and after.words <= 5
                and _SIGNED.match(after.inline.text.strip())
            ):
                after.kind = "signed"
    return flow


# ---------------------------------------------------------------- languages

_STOPWORDS = {
    "en": frozenset(
        [
            "the",
            "of",
            "and",
            "to",
            "in",
            "is",
            "was",
            "that",
            "for",
            "on",
            "with",
            "as",
            "by",
            "it",
            "from",
            "at",
            "which",
            "this",
            "be",
            "are",
            "were",
            "an",
            "has",
            "had",
            "have",
            "not",
            "but",
            "or",
            "their",
            "its",
            "they",
            "he",
            "she",
            "we",
        ]
    ),
    "tr": frozenset(
        [
            "ve",
            "bir",
            "bu",
            "şu",
            "ile",
            "için",
            "da",
            "de",
            "olan",
            "olarak",
            "gibi",
            "daha",
            "çok",
            "ne",
            "ise",
            "ancak",
            "kadar",
            "sonra",
            "arasında",
            "olduğu",
            "her",
            "göre",
            "tarafından",
            "ki",
            "veya",
            "hem",
            "ama",
        ]
    ),
    "pl": frozenset(
        [
            "i",
            "w",
            "na",
            "się",
            "z",
            "nie",
            "do",
            "że",
            "jest",
            "to",
            "o",
            "jak",
            "po",
            "przez",
            "oraz",
            "od",
            "za",
            "dla",
            "który",
            "która",
            "które",
            "ze",
            "być",
            "był",
            "była",
            "było",
            "także",
            "jako",
        ]
    ),
    "ru": frozenset(
        [
            "и",
            "в",
            "не",
            "на",
            "что",
            "с",
            "по",
            "как",
            "это",
            "к",
            "из",
            "у",
            "за",
            "от",
            "же",
            "для",
            "о",
            "был",
            "была",
            "были",
        ]
    ),
    "de": frozenset(
        [
            "der",
            "die",
            "und",
            "das",
            "ist",
            "nicht",
            "ein",
            "eine",
            "zu",
            "den",
            "von",
            "mit",
            "sich",
            "des",
            "auf",
            "für",
            "im",
            "dem",
            "wurde",
        ]
    ),
    "fr": frozenset(
        [
            "le",
            "la",
            "les",
            "et",
            "des",
            "est",
            "une",
            "un",
            "du",
            "en",
            "que",
            "qui",
            "dans",
            "pour",
            "pas",
            "au",
            "sur",
            "par",
        ]
    ),
    "es": frozenset(
        [
            "el",
            "la",
            "los",
            "las",
            "y",
            "de",
            "que",
            "en",
            "un",
            "una",
            "por",
            "con",
            "para",
            "es",
            "del",
            "se",
        ]
    ),
}
_LABEL_LANGS = {
    "anahtar kelimeler": "tr",
    "anahtar sözcükler": "tr",
    "öz": "tr",
    "özet": "tr",
    "słowa kluczowe": "pl",
    "streszczenie": "pl",
    "ключевые слова": "ru",
    "аннотация": "ru",
    "резюме": "ru",
    "schlüsselwörter": "de",
    "zusammenfassung": "de",
    "mots-clés": "fr",
    "mots clés": "fr",
    "résumé": "fr",
    "palabras clave": "es",
    "resumen": "es",
}


def guess_language(text: str) -> str | None:
    """The language of a passage by its function words, when it is clear.

    >>> guess_language("Bu çalışmada 1919-1922 döneminde ilişkilerin ne derece gelişme ve bu değişikliklerin")
    'tr'
    >>> guess_language("A few words") is None
    True
    """
    words = re.findall(r"[^\W\d_]+", text.lower())
    if len(words) < 4:
        return None
    scores = {lang: sum(word in stop for word in words) for lang, stop in _STOPWORDS.items()}
    best = max(scores, key=lambda lang: scores[lang])
    second = max(v for lang, v in scores.items() if lang != best)
    if scores[best] < 2 or scores[best] < 0.05 * len(words) or scores[best] < 2 * second:
        return None
    return best


def _block_language(block: Block) -> str | None:
    if block.kind == "keywords":
        return _LABEL_LANGS.get(block.label.lower())
    if block.kind == "head":
        return _LABEL_LANGS.get(_head_name(block.raw))
    if block.kind in ("p", "item") and not block.zone:
        return guess_language(block.inline.text)
    return None


# ----------------------------------------------------------------- repairs


def _split_hatnotes(flow: list[Block]) -> list[Block]:
    """A hatnote ("See also: X.") run into a paragraph is cut off it."""
    out: list[Block] = []
    for block in flow:
        if block.role != "hatnote":
            out.append(block)
            continue
        spans = sentence_spans(
            block.inline.text, breaks=sorted({p.offset for p in block.inline.points})
        )
        if len(spans) < 2:
            out.append(block)
            continue
        start = spans[1][0]
        rest = Block(
            kind="p",
            line=block.line,
            raw=block.raw,
            lines=list(block.lines),
            blank_before=0,
            inline=block.inline.slice(start, len(block.inline.text)),
            joins=block.joins,
        )
        block.inline = block.inline.slice(0, start).strip()
        block.joins = []
        block.split_from = True
        out.extend([block, rest])
    return out


def _finished(block: Block) -> bool:
    text = block.inline.text.rstrip()
    if not text or _FINAL_PUNCT.search(text):
        return True
    # A paragraph wholly in brackets ("(Excerpt from the book: …)") is complete.
    return (text[0], text[-1]) in (("(", ")"), ("[", "]"))


def _repair(blocks: list[Block], notes: dict[str, NoteBody]) -> list[Block]:
    """The flow: note bodies out, endnote paragraphs in, page breaks joined."""
    bodies = {id(n.block) for n in notes.values()}
    body_blocks = [b for b in blocks if id(b) in bodies]
    last_body = body_blocks[-1] if body_blocks else None
    position = {id(b): i for i, b in enumerate(blocks)}
    # plain_tail[i]: every block from i on is plain text without calls (an endnote tail).
    plain_tail = [True] * (len(blocks) + 1)
    for i in range(len(blocks) - 1, -1, -1):
        b = blocks[i]
        plain_tail[i] = plain_tail[i + 1] and b.kind == "p" and b.zone == "" and not b.inline.points
    flow: list[Block] = []
    between: list[Block] = []  # note bodies and rules since the last text block
    current_note: Block | None = None
    for index, block in enumerate(blocks):
        if id(block) in bodies:
            between.append(block)
            current_note = block
            continue
        if block.kind == "rule":
            between.append(block)
            continue
        previous = flow[-1] if flow else None
        separated = bool(between) or block.blank_before > 0
        if (
            previous is not None
            and previous.kind == "p"
            and block.kind == "p"
            and not previous.role
            and not block.role
            and previous.zone == block.zone == ""
            and previous.words >= PAGE_BREAK_MIN_WORDS
            and separated
            and not _finished(previous)
        ):
            _join(previous, block, [b for b in between if b.kind == "note"])
            between = []
            continue
        # Unmarked paragraphs after the last of a run of endnotes (or under a
        # Notes heading) are further paragraphs of that note.
        if (
            current_note is not None
            and block.kind == "p"
            and _continues_note(blocks, index, current_note, last_body, notes, position, plain_tail)
        ):
            _add_note_paragraph(current_note, block)
            between = []
            continue
        current_note = None if block.kind != "p" else current_note
        between = []
        flow.append(block)
    return flow


def _continues_note(
    blocks: list[Block],
    index: int,
    note: Block,
    last_body: Block | None,
    notes: dict[str, NoteBody],
    position: dict[int, int],
    plain_tail: list[bool],
) -> bool:
    """Whether the text block at ``index`` is a further paragraph of ``note``."""
    if blocks[index].inline.points:
        return False  # a block that calls notes is text, not a note
    if note.zone == "notes":
        return True
    if note is not last_body:
        return False
    body = next((n for n in notes.values() if n.block is note), None)
    if body is None or body.place != "end" or body.call is None:
        return False
    if position[id(body.call.block)] > position[id(note)]:
        return False  # the body stands before its call: not an endnote
    return plain_tail[index]


def _add_note_paragraph(note: Block, block: Block) -> None:
    paragraphs = note.paragraphs
    previous = paragraphs[-1] if paragraphs else note
    if block.hard and previous.words >= PAGE_BREAK_MIN_WORDS and not _finished(previous):
        _join(previous, block, [])
        return
    paragraphs.append(block)


def _join(left: Block, right: Block, notes_between: list[Block]) -> None:
    """Join ``right`` onto ``left`` across a break, dehyphenating a split word."""
    inline = left.inline.strip()
    hyphen = None
    separator = " "
    match = re.search(r"([^\W\d_]+)[-‐]$", inline.text)
    if match and right.inline.text[:1].islower():
        first = re.match(r"[^\W\d_]+", right.inline.text)
        if first:
            hyphen = (f"{match.group(1)}-", first.group(0), match.group(1) + first.group(0))
        inline = inline.drop_last_char()
        separator = ""
    elif re.search(r"[-‐]$", inline.text):
        separator = ""
    left.joins.append(
        Join(
            line=right.line,
            left=_tail_words(left.inline.text),
            right=_head_words(right.inline.text),
            notes=[n.label for n in notes_between],
            hyphen=hyphen,
            across="page-break" if (notes_between or right.blank_before) else "line-break",
        )
    )
    left.inline = inline.join(right.inline.strip(), separator)
    left.raw = f"{left.raw} {right.raw}"
    left.lines.extend(right.lines)
    left.joins.extend(right.joins)
