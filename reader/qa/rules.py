"""The mechanical rules of the translation policy (docs/translating.md), for ``--strict``.

Each rule reads one language version of an aligned text and yields
:class:`Violation` objects that name the file, the line, the passage and what
is wrong, in the words of the policy. The rules, by code:

Typography
    ``year-space``       Russian: a no-break space between a year and «г.», «гг.»
    ``quotes``           the language's quotation marks, balanced: «…» with „…“ inside
                         (Russian), “…” (Turkish); no straight or foreign marks
    ``initials``         one spacing of initials per language: "M. V. Frunze" (Turkish),
                         "М. В. Фрунзе" with no-break spaces (Russian)
    ``apostrophe``       Turkish: no apostrophe before the suffix of an institution's
                         name (Hükümetinin, Meclisin, Fırkasını: TDK)
    ``layout``           Russian: headings numbered "1.", not "1-"; list letters а) б) в)
    ``address``          Russian letters: the polite Вы, Ваш … capitalised

Faithfulness
    ``names``            a person, organisation, treaty or event is named where the
                         source sentence names it, and only there (the glossary adds no name)
    ``honorifics``       Bey, Paşa, -бей, -паша where the source writes them, and only there
    ``abbreviations``    no abbreviation in parentheses that the source sentence lacks
    ``dates``            every ``<date>`` of the source unit has one in the version

Editors' notes and labels
    ``editorial-notes``  an editors' note of the source is in every version, in its
                         language, typed, with a ``@resp`` that resolves, called in the
                         sentence that renders the source's; ids ``n_edN``, marks a, b …
    ``back-translation`` a back-translation says so in its short title

The glossary (``translations/glossary.tsv``)
    ``glossary``         one form names one row

Units that are the author's own wording (``@source``) or copies of the original
(``@copyOf``) are the author's text, not ours, and are left alone.
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from reader.align import AlignedText
from reader.corpus import LANGUAGES
from reader.entities import mentioned_entity
from reader.model import (
    EDITORS,
    Container,
    Document,
    Inline,
    Link,
    Note,
    Sentence,
    Span,
    Unit,
    collapsed_text,
    note_calls,
    plain_text,
)
from reader.refs import EDITORIAL_NOTE_ID, editorial_mark
from reader.tei.xml import TEI, XML_ID, load

#: Every rule, in the order reports list them, with what it asks.
RULES: dict[str, str] = {
    "year-space": "Russian: no-break space between a year and «г.»/«гг.»",
    "quotes": "the language's quotation marks, balanced",
    "initials": "one spacing of initials per language",
    "apostrophe": "Turkish: no apostrophe after an institution's name (TDK)",
    "layout": "Russian: headings «1.», list letters а) б) в)",
    "address": "Russian letters: polite Вы, Ваш capitalised",
    "names": "names where the source sentence names them, and only there",
    "honorifics": "Bey, Paşa, -бей, -паша as in the source",
    "abbreviations": "no abbreviation in parentheses the source lacks",
    "dates": "every <date> of the source kept",
    "editorial-notes": "editors' notes in every version, in its language",
    "back-translation": "a back-translation says so in its short title",
    "glossary": "one glossary form names one row",
}

LANGUAGE_NAMES = {"en": "English", "tr": "Turkish", "ru": "Russian"}
NO_BREAK_SPACES = ("\u00a0", "\u202f")
#: Phrase elements whose words are not ours to set: quoted titles, references, foreign words.
VERBATIM_TAGS = frozenset({"bibl", "title", "foreign", "idno", "citedRange"})


@dataclass(frozen=True, order=True)
class Violation:
    """One breach of a rule, printed ``file:line: error: message [rule]``.

    Outside ``--strict`` a breach does not fail the check, so it is printed as a
    warning (``formatted("warning")``).
    """

    file: str
    line: int
    rule: str
    message: str

    def __str__(self) -> str:
        return self.formatted("error")

    def formatted(self, level: str) -> str:
        return f"{self.file}:{self.line}: {level}: {self.message} [{self.rule}]"


# ------------------------------------------------------------------ reading


@dataclass(frozen=True)
class Piece:
    """A sentence of a version (or a unit without sentences): what the rules read."""

    where: str
    line: int
    content: tuple[Inline, ...]
    #: the source sentences it renders (empty for a unit without sentences)
    renders: tuple[str, ...]


def pieces(unit: Unit) -> list[Piece]:
    """The unit's sentences, or the unit itself when it has none (a heading)."""
    sentences = unit.sentences
    if not sentences:
        return [Piece(unit.id or "?", unit.line, unit.content, ())]
    return [
        Piece(
            s.id or f"{s.renders[0] if s.renders else unit.id} (continued)",
            s.line or unit.line,
            s.children,
            s.renders,
        )
        for s in sentences
    ]


def text_of(content: tuple[Inline, ...], skip: frozenset[str] = frozenset()) -> str:
    """The characters of ``content``, runs of ordinary white space made one space.

    No-break spaces stay what they are (``str.split`` would take them for spaces).
    """
    kept = _without(content, skip) if skip else content
    return re.sub(r"[ \t\r\n]+", " ", plain_text(kept))


def _without(content: tuple[Inline, ...], skip: frozenset[str]) -> tuple[Inline, ...]:
    kept: list[Inline] = []
    for node in content:
        if isinstance(node, Span):
            if node.tag in skip:
                continue
            kept.append(node.model_copy(update={"children": _without(node.children, skip)}))
        elif isinstance(node, Sentence | Link):
            kept.append(node.model_copy(update={"children": _without(node.children, skip)}))
        else:
            kept.append(node)
    return tuple(kept)


def _spans(content: tuple[Inline, ...]) -> Iterator[Span]:
    for node in content:
        if isinstance(node, Span):
            yield node
            yield from _spans(node.children)
        elif isinstance(node, Sentence | Link):
            yield from _spans(node.children)


def _around(text: str, start: int, end: int, width: int = 18) -> str:
    left = text[max(0, start - width) : start]
    right = text[end : end + width]
    return f"{'…' if start > width else ''}{left}{text[start:end]}{right}{'…' if end + width < len(text) else ''}"


@dataclass
class Version:
    """One language version of a text, as the rules see it."""

    aligned: AlignedText
    lang: str
    #: the file as messages name it (relative to the corpus root)
    shown: str
    found: list[Violation] = field(default_factory=list)

    @property
    def document(self) -> Document:
        return self.aligned.translations[self.lang]

    @property
    def source(self) -> Document:
        return self.aligned.source

    def report(self, line: int, rule: str, message: str) -> None:
        self.found.append(Violation(self.shown, line, rule, message))

    def units(self) -> Iterator[Unit]:
        """The version's own units: translated here, not the author's wording or a copy."""
        for unit_id, unit in self.document.units.items():
            if unit.copy_of or unit.source or unit_id not in self.source.units:
                continue
            yield unit

    def pieces(self) -> Iterator[Piece]:
        for unit in self.units():
            yield from pieces(unit)

    @cached_property
    def ids(self) -> set[str]:
        """Every xml:id of the file (header included): what ``@resp`` may point at."""
        tree = load(Path(self.document.path))
        return {e.get(XML_ID, "") for e in tree.iter() if isinstance(e.tag, str)} - {""}


# --------------------------------------------------------------- typography

YEAR_ABBREVIATION = re.compile(r"(\d)(\s*)(гг?\.)")


def year_space(version: Version) -> None:
    if version.lang != "ru":
        return
    for piece in version.pieces():
        text = text_of(piece.content)
        for match in YEAR_ABBREVIATION.finditer(text):
            gap = match.group(2)
            if gap in NO_BREAK_SPACES:
                continue
            what = "no space" if not gap else "an ordinary space"
            version.report(
                piece.line,
                "year-space",
                f"{piece.where}: {what} between the year and «{match.group(3)}» "
                f'("{_around(text, match.start(), match.end())}"); write a no-break space (U+00A0)',
            )


#: opening mark → closing mark, and marks that do not belong to the language
QUOTE_PAIRS = {"ru": {"«": "»", "„": "“"}, "tr": {"“": "”"}}
FOREIGN_MARKS = {"ru": '"”', "tr": '"«»„'}
QUOTE_STYLE = {"ru": "«…», with „…“ inside", "tr": "“…”"}


def _quote_problems(text: str, lang: str) -> list[tuple[int, str, bool]]:
    """(position, what is wrong, whether it is an imbalance) for each misused mark."""
    opening = QUOTE_PAIRS[lang]
    closing = {close: open_ for open_, close in opening.items()}
    stack: list[tuple[str, int]] = []
    found: list[tuple[int, str, bool]] = []
    for index, char in enumerate(text):
        if char in FOREIGN_MARKS[lang]:
            found.append((index, f"the mark {char} is not {LANGUAGE_NAMES[lang]}", False))
        elif char in opening:
            stack.append((char, index))
        elif char in closing:
            if stack and stack[-1][0] == closing[char]:
                stack.pop()
            else:
                found.append(
                    (index, f"{char} closes a quotation that no {closing[char]} opens", True)
                )
    found += [
        (index, f"{char} opens a quotation that is not closed", True) for char, index in stack
    ]
    return sorted(found)


def _unbalanced(text: str) -> bool:
    """Whether a source's marks leave a quotation open or close one never opened.

    A straight mark opens after a space or a bracket and closes otherwise.
    """
    depth = {"“": 0, "«": 0}
    for index, char in enumerate(text):
        if char == '"':
            before = text[index - 1] if index else " "
            char = "“" if before.isspace() or before in "([" else "”"
        if char in depth:
            depth[char] += 1
        elif char in ("”", "»"):
            kind = "“" if char == "”" else "«"
            if depth[kind] == 0:
                return True
            depth[kind] -= 1
    return any(depth.values())


def _calls_editorial_note(unit: Unit) -> bool:
    return any(EDITORIAL_NOTE_ID.fullmatch(call.note_id) for call in note_calls(unit.content))


def _quotation_groups(document: Document, wanted: dict[str, Unit]) -> list[list[Unit]]:
    """The units whose marks pair up together: each block quotation (a document quoted
    whole may open its marks in its first paragraph and close them in its last) is
    one group; every other unit is a group of its own."""
    groups: list[list[Unit]] = []
    placed: set[str] = set()

    def collect(blocks: tuple[object, ...], into: list[Unit]) -> None:
        for block in blocks:
            if isinstance(block, Container):
                collect(block.children, into)
            elif isinstance(block, Unit) and block.id in wanted:
                into.append(wanted[block.id])

    def walk(blocks: tuple[object, ...]) -> None:
        for block in blocks:
            if isinstance(block, Container) and block.tag in ("quote", "floatingText"):
                group: list[Unit] = []
                collect(block.children, group)
                if group:
                    groups.append(group)
                    placed.update(u.id or "" for u in group)
            elif isinstance(block, Container):
                walk(block.children)
            elif isinstance(block, Unit) and block.id in wanted:
                groups.append([wanted[block.id]])
                placed.add(block.id)

    walk(document.blocks)
    groups += [[unit] for unit_id, unit in wanted.items() if unit_id not in placed]
    return groups


def quotes(version: Version) -> None:
    if version.lang not in QUOTE_PAIRS:
        return
    wanted = {unit.id or "": unit for unit in version.units()}
    for group in _quotation_groups(version.document, wanted):
        parts = [part for unit in group for part in pieces(unit)]
        texts = [text_of(p.content) for p in parts]
        joined = " ".join(texts)
        source = " ".join(text_of(version.source.units[u.id or ""].content) for u in group)
        # A mark the source itself leaves unpaired is kept, and an editors' note says so.
        excused = _unbalanced(source) and any(_calls_editorial_note(u) for u in group)
        for position, problem, imbalance in _quote_problems(joined, version.lang):
            if imbalance and excused:
                continue
            offset = 0
            piece = parts[0]
            for part, text in zip(parts, texts, strict=True):
                if position < offset + len(text) + 1:
                    piece = part
                    break
                offset += len(text) + 1
            version.report(
                piece.line,
                "quotes",
                f'{piece.where}: {problem} ("{_around(joined, position, position + 1)}"); '
                f"{LANGUAGE_NAMES[version.lang]} quotes {QUOTE_STYLE[version.lang]}",
            )


UPPER = "A-ZÀ-ÖØ-ÞĞİŞА-ЯЁ"
LOWER = "a-zß-öø-ÿğışа-яё"
SPACE = " \u00a0\u202f"
INITIALS = re.compile(rf"(?<![\w.])((?:[{UPPER}]\.[{SPACE}]?){{1,3}})([{UPPER}][{LOWER}]+)")
#: the spaces allowed after an initial, the first being the one to write
INITIAL_SPACES = {"tr": (" ", "\u00a0"), "ru": ("\u00a0", "\u202f")}
INITIAL_STYLE = {
    "tr": "a space after each initial (M. V. Frunze)",
    "ru": "a no-break space after each initial (М. В. Фрунзе)",
}


def initials(version: Version) -> None:
    allowed = INITIAL_SPACES.get(version.lang)
    if allowed is None:
        return
    for piece in version.pieces():
        text = text_of(piece.content, VERBATIM_TAGS)
        for match in INITIALS.finditer(text):
            letters = re.findall(rf"([{UPPER}])\.([{SPACE}]?)", match.group(1))
            if all(gap in allowed for _, gap in letters):
                continue
            wrong = [
                f'after "{letter}." {"no space" if not gap else "an ordinary space"}'
                for letter, gap in letters
                if gap not in allowed
            ]
            written = " ".join(match.group(0).split())
            version.report(
                piece.line,
                "initials",
                f'{piece.where}: initials "{written}": {"; ".join(wrong)}; '
                f"{LANGUAGE_NAMES[version.lang]} writes {INITIAL_STYLE[version.lang]}",
            )


#: Turkish names of institutions (TDK: kurum, kuruluş, kurul adları) whose suffixes are
#: written without an apostrophe, with the plural common noun of "Büyük Devletler".
INSTITUTION_WORDS = [
    "Bakanlık",
    "Bakanlığı",
    "Cemiyet",
    "Cemiyeti",
    "Devletler",
    "Enternasyonal",
    "Enternasyonali",
    "Fırka",
    "Fırkası",
    "Heyet",
    "Heyeti",
    "Hükümet",
    "Hükümeti",
    "Komiserlik",
    "Komiserliği",
    "Komite",
    "Komitesi",
    "Konsey",
    "Konseyi",
    "Kurul",
    "Kurulu",
    "Kurum",
    "Kurumu",
    "Meclis",
    "Meclisi",
    "Nezaret",
    "Nezareti",
    "Parti",
    "Partisi",
    "Üniversite",
    "Üniversitesi",
    "Vekalet",
    "Vekaleti",
    "Vekâlet",
    "Vekâleti",
]
INSTITUTION_SUFFIX = re.compile(rf"(?<!\w)({'|'.join(INSTITUTION_WORDS)})['’](\w+)")


def apostrophe(version: Version) -> None:
    if version.lang != "tr":
        return
    for piece in version.pieces():
        text = text_of(piece.content, VERBATIM_TAGS)
        for match in INSTITUTION_SUFFIX.finditer(text):
            version.report(
                piece.line,
                "apostrophe",
                f'{piece.where}: "{match.group(0)}": the name of an institution takes its suffix '
                f'without an apostrophe (TDK): "{match.group(1)}{match.group(2)}"',
            )


HEADING_NUMBER = re.compile(r"^\s*(\d+)\s*-\s*")
#: a Latin letter marking an item of a run-in list: "a)", "b)" or, as in karakus p9.s15, "A- ", "B- "
LATIN_LIST_LETTER = re.compile(r"(?<![\w.(\-])([a-zA-Z])(?:\)|-(?=\s))")


def layout(version: Version) -> None:
    if version.lang != "ru":
        return
    for unit in version.units():
        if unit.tag in ("head", "titlePart"):
            match = HEADING_NUMBER.match(text_of(unit.content))
            if match:
                version.report(
                    unit.line,
                    "layout",
                    f'{unit.id}: heading numbered "{match.group(0).strip()}" as in the English '
                    f'layout; a Russian heading is numbered "{match.group(1)}."',
                )
        for piece in pieces(unit):
            for match in LATIN_LIST_LETTER.finditer(text_of(piece.content, VERBATIM_TAGS)):
                version.report(
                    piece.line,
                    "layout",
                    f'{piece.where}: Latin list letter "{match.group(0)}"; a Russian list is '
                    "lettered with Cyrillic а) б) в)",
                )


POLITE_FORMS = re.compile(
    r"(?<!\w)(вы|вас|вам|вами|ваш|ваша|ваше|вашего|вашей|вашему|вашим|вашими|ваших|вашу|ваши|вашем)(?!\w)"
)


LETTER_TYPES = frozenset({"letter", "memorandum"})


def _letter_units(document: Document) -> set[str]:
    """Ids of the units inside a letter or a memorandum (``div``/``floatingText``)."""
    found: set[str] = set()

    def walk(blocks: tuple[object, ...], inside: bool) -> None:
        for block in blocks:
            if isinstance(block, Container):
                here = inside or block.type in LETTER_TYPES
                walk(block.children, here)
            elif isinstance(block, Unit) and block.id and inside:
                found.add(block.id)

    walk(document.blocks, False)
    return found


def address(version: Version) -> None:
    if version.lang != "ru":
        return
    in_letter = _letter_units(version.document)
    for unit in version.units():
        if unit.id not in in_letter:
            continue
        for piece in pieces(unit):
            # Quoted words address someone else (a quotation of the other side).
            text = text_of(piece.content, VERBATIM_TAGS | {"q", "quote"})
            for match in POLITE_FORMS.finditer(text):
                version.report(
                    piece.line,
                    "address",
                    f"{piece.where}: «{match.group(1)}» in a letter: the polite Вы, Ваш … that "
                    "address its recipient are capitalised",
                )


# -------------------------------------------------------------- faithfulness

NAME_TAGS = frozenset({"persName", "orgName", "name"})


def _named(content: tuple[Inline, ...]) -> dict[str, str]:
    """Entity → the words that name it, for people, organisations, treaties and events.

    Places are left out: a translation names a country where the English has its
    adjective (Turkish → Türkiye, British → İngiltere) without adding anything.
    """
    found: dict[str, str] = {}
    for span in _spans(content):
        entity = mentioned_entity(span)
        if span.tag in NAME_TAGS and entity is not None:
            found.setdefault(entity, collapsed_text(span.children))
    return found


def _groups(version: Version) -> Iterator[tuple[Piece, tuple[Inline, ...], tuple[Inline, ...]]]:
    """(first piece, its content, the source's content) for each group that renders the same source."""
    for unit in version.units():
        parts = pieces(unit)
        source_unit = version.source.units[unit.id or ""]
        if not unit.sentences:
            yield parts[0], unit.content, source_unit.content
            continue
        grouped: dict[tuple[str, ...], list[Piece]] = defaultdict(list)
        for part in parts:
            grouped[part.renders].append(part)
        for renders, group in grouped.items():
            source: list[Inline] = []
            for sentence_id in renders:
                found = version.source.sentences.get(sentence_id)
                if found is not None:
                    source.append(found[1])
            content: tuple[Inline, ...] = tuple(node for part in group for node in part.content)
            yield group[0], content, tuple(source)


def names(version: Version) -> None:
    for piece, content, source in _groups(version):
        ours, theirs = _named(content), _named(source)
        for entity, words in ours.items():
            if entity not in theirs:
                version.report(
                    piece.line,
                    "names",
                    f'{piece.where}: names "{words}" ({entity}), which the source sentence does '
                    "not name",
                )
        for entity, words in theirs.items():
            if entity not in ours:
                version.report(
                    piece.line,
                    "names",
                    f'{piece.where}: the source names "{words}" ({entity}) here; this version does not',
                )


HONORIFICS = {
    "en": re.compile(r"(?<!\w)(?:bey|beg|pasha|pasa|paşa|pacha|effendi|efendi)(?!\w)", re.I),
    "tr": re.compile(r"(?<!\w)(?:bey|paşa|efendi)(?!\w)", re.I),
    "ru": re.compile(
        r"(?<!\w)(?:бей|бея|бею|беем|бее|беи|беев|паша|паши|паше|пашу|пашой|пашою|паш|эфенди)(?!\w)",
        re.I,
    ),
}


def honorifics(version: Version) -> None:
    pattern = HONORIFICS.get(version.lang)
    if pattern is None:
        return
    for piece, content, source in _groups(version):
        ours = pattern.findall(text_of(content, VERBATIM_TAGS))
        theirs = HONORIFICS["en"].findall(text_of(source, VERBATIM_TAGS))
        if len(ours) != len(theirs):
            said = f" ({', '.join(theirs)})" if theirs else ""
            version.report(
                piece.line,
                "honorifics",
                f"{piece.where}: {len(ours)} honorific(s) ({', '.join(ours) or 'none'}) where the "
                f"source sentence has {len(theirs)}{said}; write them where the source does, and only there",
            )


PARENTHESES = re.compile(r"\(([^()\s]{2,12}(?:\([^()\s]{1,3}\))?)\)")


def _abbreviations(text: str) -> list[str]:
    return [
        found
        for found in PARENTHESES.findall(text)
        if sum(char.isupper() for char in found) >= 2 and re.fullmatch(r"[\w().]+", found)
    ]


def abbreviations(version: Version) -> None:
    for piece, content, source in _groups(version):
        ours = _abbreviations(text_of(content, VERBATIM_TAGS))
        theirs = _abbreviations(text_of(source, VERBATIM_TAGS))
        if len(ours) > len(theirs):
            extra = ", ".join(
                f"({a})" for a in ours[len(theirs) :] if a not in theirs
            ) or ", ".join(f"({a})" for a in ours)
            version.report(
                piece.line,
                "abbreviations",
                f"{piece.where}: adds {extra}, an abbreviation in parentheses that the source "
                "sentence does not give",
            )


def _dates(unit: Unit) -> list[tuple[tuple[str, str, str], str, str, int]]:
    """(when/from/to, words, sentence or unit id, line) of each ``<date>`` of a unit."""
    found = []
    for piece in pieces(unit):
        for span in _spans(piece.content):
            if span.tag == "date":
                key = tuple(span.attrs.get(a, "") for a in ("when", "from", "to"))
                words = collapsed_text(span.children)
                found.append(((key[0], key[1], key[2]), words, piece.where, piece.line))
    return found


def _date_key(key: tuple[str, str, str]) -> str:
    when, start, end = key
    return f"when={when}" if when else f"from={start} to={end}"


def dates(version: Version) -> None:
    for unit in version.units():
        ours = _dates(unit)
        theirs = _dates(version.source.units[unit.id or ""])
        missing = Counter(k for k, *_ in theirs) - Counter(k for k, *_ in ours)
        extra = Counter(k for k, *_ in ours) - Counter(k for k, *_ in theirs)
        for key, words, where, _line in theirs:
            if missing[key] > 0:
                missing[key] -= 1
                version.report(
                    unit.line,
                    "dates",
                    f'{unit.id}: no <date {_date_key(key)}> for "{words}" of the source ({where}); '
                    "mark the date as the source does",
                )
        for key, words, where, line in ours:
            if extra[key] > 0:
                extra[key] -= 1
                version.report(
                    line,
                    "dates",
                    f'{where}: <date {_date_key(key)}> ("{words}") that the source unit does not have',
                )


# ------------------------------------------------------ editors' notes, labels


def _call_places(document: Document) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Note id → (unit that calls it, source sentences of the sentence it is called in)."""
    found: dict[str, tuple[str, tuple[str, ...]]] = {}
    for unit_id, unit in document.units.items():
        for piece in pieces(unit):
            for call in note_calls(piece.content):
                found.setdefault(call.note_id, (unit_id, piece.renders))
        for call in note_calls(unit.content):
            found.setdefault(call.note_id, (unit_id, ()))
    return found


def editorial_notes(version: Version) -> None:
    source, document = version.source, version.document
    language = LANGUAGE_NAMES.get(version.lang, version.lang)
    theirs = _call_places(source)
    ours = _call_places(document)
    for note_id, note in source.notes.items():
        if not note.is_editors_note or not version.aligned.is_to_translate(note_id):
            continue
        unit = document.units.get(note_id)
        if unit is None:
            continue  # "not translated": the coverage check reports it
        if unit.copy_of:
            version.report(
                unit.line,
                "editorial-notes",
                f"{note_id}: the editors' note is copied from the original; write it in {language}",
            )
            continue
        if unit.lang != version.lang:
            version.report(
                unit.line,
                "editorial-notes",
                f"{note_id}: the editors' note is in {unit.lang!r}; write it in {language}",
            )
        if unit.type != "editorial":
            version.report(
                unit.line,
                "editorial-notes",
                f"{note_id}: the source's note is the editors'; mark this one type=\"editorial\" too",
            )
        _check_resp(version, unit)
        if note_id in theirs and note_id in ours:
            (source_unit, source_sentences), (our_unit, our_sentences) = (
                theirs[note_id],
                ours[note_id],
            )
            if source_unit != our_unit or not set(source_sentences) <= set(our_sentences):
                there = "/".join(source_sentences) or source_unit
                here = "/".join(our_sentences) or our_unit
                version.report(
                    unit.line,
                    "editorial-notes",
                    f"{note_id}: called in {here} here but in {there} in the source; call it in "
                    "the sentence that renders the source's",
                )
    for note_id, unit in document.notes.items():
        if unit.is_editors_note and not (
            note_id in source.notes and source.notes[note_id].is_editors_note
        ):
            version.report(
                unit.line,
                "editorial-notes",
                f"{note_id}: an editors' note that the source does not have; add it to the source "
                "and to every version",
            )
    for piece in version.pieces():
        originals = [
            s for s in _spans(piece.content) if s.tag == "q" and s.attrs.get("type") == "original"
        ]
        if originals and not any(
            EDITORIAL_NOTE_ID.fullmatch(c.note_id) for c in note_calls(piece.content)
        ):
            version.report(
                piece.line,
                "editorial-notes",
                f'{piece.where}: a quotation in its original wording (q type="original") needs an '
                "editors' note in the same sentence that says where the wording is taken from",
            )


def _check_resp(version: Version, note: Unit) -> None:
    resp = note.resp if isinstance(note, Note) else None
    if resp != EDITORS:
        has = f'resp="{resp}"' if resp else "no @resp"
        version.report(
            note.line,
            "editorial-notes",
            f'{note.id}: an editors\' note carries resp="{EDITORS}" (this one has {has})',
        )
    elif EDITORS[1:] not in version.ids:
        version.report(
            note.line,
            "editorial-notes",
            f'{note.id}: resp="{EDITORS}" points at no xml:id of this file; its titleStmt needs '
            f'<respStmt xml:id="{EDITORS[1:]}">',
        )


def source_notes(aligned: AlignedText, shown: str) -> list[Violation]:
    """The editors' notes of a source: id ``n_edN``, mark ``a``, ``b`` …, ``@resp`` that resolves.

    A note ``type="editorial"`` without ``resp="#editors"`` is the source's own
    (chicherin's n1, the printed collection's) and is left alone.
    """
    found: list[Violation] = []

    def report(line: int, message: str) -> None:
        found.append(Violation(shown, line, "editorial-notes", message))

    ids: set[str] | None = None
    for note_id, note in aligned.source.notes.items():
        numbered = EDITORIAL_NOTE_ID.fullmatch(note_id)
        if not note.is_editors_note:
            if numbered:
                report(
                    note.line,
                    f"{note_id}: an editors' id on a note that is not marked as theirs; write "
                    f'type="editorial" resp="{EDITORS}"',
                )
            continue
        if not numbered:
            report(
                note.line,
                f"{note_id}: an editors' note is named n_ed1, n_ed2 … (docs/translating.md)",
            )
        elif note.n != editorial_mark(int(numbered.group(1))):
            report(
                note.line,
                f"{note_id}: marked {note.n!r}; the mark of {note_id} is "
                f"{editorial_mark(int(numbered.group(1)))!r}",
            )
        if ids is None:
            tree = load(Path(aligned.source.path))
            ids = {e.get(XML_ID, "") for e in tree.iter() if isinstance(e.tag, str)}
        if EDITORS[1:] not in ids:
            report(
                note.line,
                f'{note_id}: resp="{EDITORS}" points at no xml:id of this file; its titleStmt '
                f'needs <respStmt xml:id="{EDITORS[1:]}">',
            )
    return found


#: What a back-translation's short title says, and the words the rule looks for.
BACK_TRANSLATION_LABELS = {
    "ru": ("(обратный перевод с английского)", "обратный перевод"),
    "tr": ("(İngilizceden geri çeviri)", "geri çeviri"),
    "en": ("(back-translation)", "back-translation"),
}


def back_translation(version: Version) -> None:
    header = version.document.header
    if header.provenance.role != "back-translation":
        return
    label, marker = BACK_TRANSLATION_LABELS.get(
        version.lang, ("(back-translation)", "back-translation")
    )
    if marker.casefold() in header.short_title.casefold():
        return
    tree = load(Path(version.document.path))
    title = tree.find(f"{TEI}teiHeader/{TEI}fileDesc/{TEI}titleStmt/{TEI}title[@type='short']")
    line = title.sourceline if title is not None and title.sourceline else 1
    version.report(
        line,
        "back-translation",
        f'the short title "{header.short_title}" of a back-translation does not say so: add "{label}"',
    )


# --------------------------------------------------------------- the glossary


def _glossary_form(form: str, lang: str) -> str:
    bare = re.sub(r"\s*\([^)]*\)", "", form)
    if lang == "tr":
        bare = bare.replace("İ", "i").replace("I", "ı")
    return " ".join(bare.casefold().split())


def glossary(path: Path, shown: str) -> list[Violation]:
    """A form (parenthesised words aside) that names two rows of the glossary."""
    if not path.is_file():
        return []
    found: list[Violation] = []
    forms: dict[tuple[str, str], list[tuple[str, int, str]]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        for row in reader:
            line = reader.line_num
            for lang in LANGUAGES:
                written = [row.get(lang) or "", *(row.get(f"{lang}_variants") or "").split("|")]
                for form in dict.fromkeys(f.strip() for f in written if f.strip()):
                    key = (lang, _glossary_form(form, lang))
                    if key[1] and all(entry[0] != row["id"] for entry in forms[key]):
                        forms[key].append((row["id"], line, form))
    for (lang, _), rows in forms.items():
        first_id, first_line, _form = rows[0]
        for row_id, line, form in rows[1:]:
            found.append(
                Violation(
                    shown,
                    line,
                    "glossary",
                    f'{row_id}: the {LANGUAGE_NAMES[lang]} form "{form}" also names {first_id} '
                    f"(line {first_line}); one form names one row",
                )
            )
    return found


# ------------------------------------------------------------------ running

VERSION_RULES: tuple[Callable[[Version], None], ...] = (
    year_space,
    quotes,
    initials,
    apostrophe,
    layout,
    address,
    names,
    honorifics,
    abbreviations,
    dates,
    editorial_notes,
    back_translation,
)


def check_version(aligned: AlignedText, lang: str, shown: str) -> list[Violation]:
    """Every rule's violations in one language version of a text, in file order."""
    version = Version(aligned, lang, shown)
    for rule in VERSION_RULES:
        rule(version)
    # Reading order: by line; on one line, rule by rule in the order of RULES.
    return sorted(version.found, key=lambda v: v.line)
