"""Check TEI files: the project schema, then what a schema cannot say.

Every check collects all its problems (never stopping at the first) as
:class:`~reader.errors.Problem` objects carrying file and line:

* the file loads safely (no DOCTYPE/entities, size limit, well-formed, TEI root);
* the RELAX NG schema ``reader/schema/tei-reader.rng``;
* ids: unique, shaped as docs/encoding.md says, paragraphs/headings/items
  numbered consecutively, sentences numbered within their unit;
* every ``#id`` in ``target``/``corresp``/``source``/``copyOf`` resolves, and
  every ``corpus:ID`` names a text of the corpus;
* notes numbered 1…N without gaps, note references point at notes,
  author–date citations point at bibliography entries;
* every language used is declared in ``langUsage``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from functools import cache
from importlib import resources
from pathlib import Path

from lxml import etree

from reader.errors import CorpusError, Problem
from reader.tei.read import local
from reader.tei.xml import TEI, XML_ID, XML_LANG, load

LANG_SUFFIX = r"(?:_[a-z]{2,3})?"
#: The id each kind of unit must have (see docs/encoding.md).
ID_SHAPES: dict[str, re.Pattern[str]] = {
    "p": re.compile(rf"^p\d+{LANG_SUFFIX}$"),
    "head": re.compile(rf"^[hf]\d+{LANG_SUFFIX}$"),
    "titlePart": re.compile(rf"^h\d+{LANG_SUFFIX}$"),
    "item": re.compile(rf"^i\d+{LANG_SUFFIX}$"),
    "note": re.compile(rf"^n(?:\d+|_[a-z0-9_]+?){LANG_SUFFIX}$"),
    "dateline": re.compile(rf"^dateline\d+{LANG_SUFFIX}$"),
    "salute": re.compile(rf"^salute\d+{LANG_SUFFIX}$"),
    "signed": re.compile(rf"^signed\d+{LANG_SUFFIX}$"),
}
UNIT_ID_TAGS = frozenset(ID_SHAPES)
SENTENCE_BEARING = frozenset({"p", "item", "note"})
SEQUENCES = {"p": "p", "h": "h", "f": "f", "i": "i"}
POINTER_ATTRIBUTES = ("target", "corresp", "source", "copyOf", "ref")
_SEQ_ID = re.compile(r"^([a-z]+)(\d+)$")


@cache
def schema() -> etree.RelaxNG:
    """The project's RELAX NG schema (parsed once)."""
    path = resources.files("reader") / "schema" / "tei-reader.rng"
    with resources.as_file(path) as file:
        return etree.RelaxNG(etree.parse(str(file)))


def check_file(
    path: Path, *, corpus_ids: Iterable[str] | None = None, corpus_root: Path | None = None
) -> tuple[list[Problem], etree._ElementTree | None]:
    """All problems of one file, and its tree when it could be parsed."""
    name = str(path)
    try:
        tree = load(path)
    except CorpusError as exc:
        return list(exc.problems), None
    problems = check_schema(tree, name)
    problems += check_tree(tree, name, corpus_ids=corpus_ids, corpus_root=corpus_root)
    return sorted(set(problems), key=lambda p: (p.line, p.message)), tree


def check_schema(tree: etree._ElementTree, name: str) -> list[Problem]:
    rng = schema()
    if rng.validate(tree):
        return []
    problems = []
    for error in rng.error_log:
        message = error.message
        if "has extra content" in message and any(
            e.line == error.line and "Did not expect" in e.message for e in rng.error_log
        ):
            continue  # libxml2 reports one cause twice; keep the precise one
        problems.append(Problem(name, error.line, f"schema: {message}"))
    return problems


def _parent_tag(element: etree._Element) -> str:
    parent = element.getparent()
    return local(parent) if parent is not None else ""


def _unit_ancestor(element: etree._Element) -> etree._Element | None:
    node = element.getparent()
    while node is not None:
        if local(node) in UNIT_ID_TAGS and node.get(XML_ID):
            return node
        node = node.getparent()
    return None


def check_tree(
    tree: etree._ElementTree,
    name: str,
    *,
    corpus_ids: Iterable[str] | None = None,
    corpus_root: Path | None = None,
) -> list[Problem]:
    """The checks a schema cannot make."""
    root = tree.getroot()
    is_source = root.get("type", "source") == "source"
    problems: list[Problem] = []

    def report(element: etree._Element, message: str) -> None:
        problems.append(Problem(name, element.sourceline or 0, message))

    # ids: unique and well-shaped
    seen: dict[str, etree._Element] = {}
    for element in root.iter():
        element_id = element.get(XML_ID) if isinstance(element.tag, str) else None
        if element_id is None:
            continue
        if element_id in seen:
            report(
                element,
                f"duplicate xml:id {element_id!r} (first at line {seen[element_id].sourceline})",
            )
            continue
        seen[element_id] = element
        tag = local(element)
        if tag == "head" and _parent_tag(element) == "figure":
            if not re.match(rf"^f\d+{LANG_SUFFIX}$", element_id):
                report(element, f"figure caption id {element_id!r} should be f1, f2, …")
        elif tag in ID_SHAPES and not ID_SHAPES[tag].match(element_id):
            report(
                element,
                f"<{tag}> id {element_id!r} does not have the shape {ID_SHAPES[tag].pattern}",
            )
        elif tag == "s":
            unit = _unit_ancestor(element)
            if unit is None:
                report(element, f"sentence {element_id!r} is not inside a paragraph, item or note")
            elif not re.match(rf"^{re.escape(unit.get(XML_ID, ''))}\.s\d+$", element_id):
                report(
                    element, f"sentence {element_id!r} should be {unit.get(XML_ID)}.sN (its unit)"
                )
        elif tag == "bibl" and _parent_tag(element) == "listBibl":
            if not re.match(r"^b-[a-z0-9-]+$", element_id):
                report(element, f"bibliography id {element_id!r} should be b-surnameYEAR")
        elif "." in element_id and tag != "s":
            report(element, f"id {element_id!r}: '.' separates levels and is only for sentences")

    if is_source:
        problems += _check_sequences(root, name)
        problems += _check_sentences(root, name)
        problems += _check_notes(root, name)

    problems += _check_pointers(root, name, seen, corpus_ids, is_source, corpus_root)
    problems += _check_languages(root, name)
    return problems


def _check_sequences(root: etree._Element, name: str) -> list[Problem]:
    """p1…pN, h1…hN, f1…, i1… appear in order without gaps."""
    problems = []
    counters: dict[str, int] = defaultdict(int)
    for element in root.iter():
        element_id = element.get(XML_ID) if isinstance(element.tag, str) else None
        if not element_id:
            continue
        match = _SEQ_ID.match(element_id)
        if not match or match.group(1) not in SEQUENCES:
            continue
        if local(element) == "div":
            continue
        prefix, number = match.group(1), int(match.group(2))
        expected = counters[prefix] + 1
        if number != expected:
            problems.append(
                Problem(
                    name,
                    element.sourceline or 0,
                    f"{element_id!r} out of sequence: expected {prefix}{expected} here "
                    "(units are numbered in reading order)",
                )
            )
        counters[prefix] = max(counters[prefix], number)
    return problems


def _check_sentences(root: etree._Element, name: str) -> list[Problem]:
    problems = []
    for element in root.iter(*(f"{TEI}{t}" for t in SENTENCE_BEARING)):
        unit_id = element.get(XML_ID)
        if not unit_id:
            continue
        if local(element) == "note" and element.find(f"{TEI}gap") is not None:
            continue
        if local(element) == "item" and element.find(f"{TEI}s") is None:
            continue  # keyword-like items hold phrases
        own = [s for s in element.iter(f"{TEI}s") if _unit_ancestor(s) is element and s.get(XML_ID)]
        if not own:
            problems.append(
                Problem(name, element.sourceline or 0, f"{unit_id!r} holds no sentence (<s>)")
            )
            continue
        for index, sentence in enumerate(own, start=1):
            expected = f"{unit_id}.s{index}"
            if sentence.get(XML_ID) != expected:
                problems.append(
                    Problem(
                        name,
                        sentence.sourceline or 0,
                        f"sentence {sentence.get(XML_ID)!r} out of sequence: expected {expected!r}",
                    )
                )
                break
    return problems


def _check_notes(root: etree._Element, name: str) -> list[Problem]:
    problems = []
    numbers: list[tuple[int, etree._Element]] = []
    for note in root.iter(f"{TEI}note"):
        if _parent_tag(note) in (
            "notesStmt",
            "bibl",
            "biblStruct",
            "editionStmt",
        ):
            continue
        if _in_header(note):
            continue
        n = note.get("n", "")
        note_id = note.get(XML_ID, "")
        if not note_id:
            problems.append(Problem(name, note.sourceline or 0, "a note without xml:id"))
            continue
        if not n:
            problems.append(Problem(name, note.sourceline or 0, f"note {note_id!r} has no @n"))
            continue
        if n.isdigit() and note.get(XML_LANG) is None and "_" not in note_id:
            numbers.append((int(n), note))
            if note_id != f"n{n}":
                problems.append(
                    Problem(
                        name,
                        note.sourceline or 0,
                        f"note numbered {n} should have id 'n{n}', not {note_id!r}",
                    )
                )
    expected = 1
    for number, note in sorted(numbers, key=lambda pair: pair[0]):
        if number != expected:
            problems.append(
                Problem(
                    name,
                    note.sourceline or 0,
                    f"note numbers are not continuous: {number} follows {expected - 1}",
                )
            )
        expected = number + 1
    return problems


def _in_header(element: etree._Element) -> bool:
    node = element.getparent()
    while node is not None:
        if local(node) == "teiHeader":
            return True
        node = node.getparent()
    return False


def _check_pointers(
    root: etree._Element,
    name: str,
    ids: dict[str, etree._Element],
    corpus_ids: Iterable[str] | None,
    is_source: bool,
    corpus_root: Path | None = None,
) -> list[Problem]:
    problems = []
    known_texts = set(corpus_ids) | {"entities"} if corpus_ids is not None else None
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for attribute in POINTER_ATTRIBUTES:
            value = element.get(attribute)
            if not value:
                continue
            for pointer in value.split():
                problem = _check_pointer(
                    pointer, attribute, element, ids, known_texts, is_source, corpus_root
                )
                if problem:
                    problems.append(Problem(name, element.sourceline or 0, problem))
        if local(element) == "ptr" and element.get("type") == "noteref":
            target = ids.get(element.get("target", "").lstrip("#"))
            if target is not None and local(target) != "note":
                problems.append(
                    Problem(
                        name, element.sourceline or 0, "a note reference must point at a <note>"
                    )
                )
        if local(element) == "ref" and element.get("type") == "cite":
            target = ids.get(element.get("target", "").lstrip("#"))
            if target is not None and local(target) != "bibl":
                problems.append(
                    Problem(
                        name,
                        element.sourceline or 0,
                        "an author–date citation must point at a bibliography entry",
                    )
                )
    return problems


@cache
def _ids_of(path: Path) -> frozenset[str] | None:
    """The xml:ids of a corpus file (None if it cannot be read: reported on its own)."""
    try:
        tree = load(path)
    except CorpusError:
        return None
    return frozenset(
        e.get(XML_ID, "") for e in tree.iter() if isinstance(e.tag, str) and e.get(XML_ID)
    )


def _check_pointer(
    pointer: str,
    attribute: str,
    element: etree._Element,
    ids: dict[str, etree._Element],
    known_texts: set[str] | None,
    is_source: bool,
    corpus_root: Path | None = None,
) -> str | None:
    if pointer.startswith("#"):
        if pointer[1:] in ids:
            return None
        if not is_source:
            return None  # a translation points into its source: checked in align
        return f"@{attribute} {pointer!r} points at no xml:id in this file"
    if pointer.startswith("corpus:"):
        text_id, _, fragment = pointer[len("corpus:") :].partition("#")
        if known_texts is not None and text_id not in known_texts:
            return f"@{attribute} {pointer!r}: no text {text_id!r} in the corpus"
        if fragment and corpus_root is not None:
            known_ids = _ids_of(corpus_root / "texts" / f"{text_id}.xml")
            if known_ids is not None and fragment not in known_ids:
                return f"@{attribute} {pointer!r}: {text_id} has no xml:id {fragment!r}"
        return None
    if pointer.startswith(("http://", "https://")):
        if attribute != "target" or local(element) not in ("ref", "ptr", "licence"):
            return f"@{attribute} {pointer!r}: web addresses are only allowed as link targets"
        return None
    return f"@{attribute} {pointer!r}: use #id, corpus:TEXT[#id] or an http(s) link"


def _check_languages(root: etree._Element, name: str) -> list[Problem]:
    declared = {
        language.get("ident")
        for language in root.iterfind(
            f"{TEI}teiHeader/{TEI}profileDesc/{TEI}langUsage/{TEI}language"
        )
    }
    if not declared:
        return [
            Problem(
                name, root.sourceline or 1, "teiHeader/profileDesc/langUsage declares no language"
            )
        ]
    problems = []
    reported: set[str] = set()
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        lang = element.get(XML_LANG)
        if lang and lang not in declared and lang not in reported and not _in_header(element):
            reported.add(lang)
            problems.append(
                Problem(
                    name,
                    element.sourceline or 0,
                    f"language {lang!r} is used but not declared in langUsage",
                )
            )
    root_lang = root.get(XML_LANG)
    if root_lang and root_lang not in declared:
        problems.append(
            Problem(
                name,
                root.sourceline or 1,
                f"the text's language {root_lang!r} is not declared in langUsage",
            )
        )
    return problems


def check_paths(
    paths: Iterable[Path],
    *,
    corpus_ids: Iterable[str] | None = None,
    corpus_root: Path | None = None,
) -> list[Problem]:
    """Problems of every file in ``paths``, in file order."""
    known = list(corpus_ids) if corpus_ids is not None else None
    problems: list[Problem] = []
    _ids_of.cache_clear()
    for path in paths:
        found, _ = check_file(path, corpus_ids=known, corpus_root=corpus_root)
        problems += found
    return problems
