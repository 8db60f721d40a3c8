"""Check TEI files: the project schema, then what a schema cannot say.

Every check collects all its problems (never stopping at the first) as
:class:`~reader.errors.Problem` objects carrying file and line:

* the file loads safely (no DOCTYPE/entities, size limit, well-formed, TEI root);
* the RELAX NG schema ``reader/schema/tei-reader.rng``;
* ids: unique, shaped as docs/encoding.md says, paragraphs/headings/items
  numbered consecutively, sentences numbered within their unit;
* every pointer resolves as TEI resolves it from the file it stands in
  (``#id`` in this file, ``corpus:ID#id`` through the file's own prefixDef,
  relative to the file, to a file of the corpus and an id in it; see
  :mod:`reader.tei.pointers`);
* notes numbered 1…N without gaps, note references point at notes,
  author–date citations point at bibliography entries;
* every language used is declared in ``langUsage``;
* a file is what its place in the corpus says (:func:`check_place`): a source
  in ``texts/``, a translation into LANG in ``translations/LANG/``, of a text
  that exists; and the corpus's folders hold nothing the build would skip or
  misname (:func:`check_corpus`: file names that are not text ids, unknown
  language folders);
* no element is nested deeper than ``reader.tei.xml.MAX_DEPTH`` (refused on
  loading, as everything that reads the corpus refuses it).
"""

from __future__ import annotations

import copy as copy_module
import dataclasses
import os
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from contextvars import ContextVar
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from lxml import etree

from reader.corpus import AUTHORITY_FILE, LANGUAGES, Corpus
from reader.errors import CorpusError, Problem
from reader.names import passage_id_problem, scheme_name_problem, text_id_problem
from reader.tei.citation import citable_nodes, citation_trees
from reader.tei.pointers import (
    POINTER_ATTRIBUTES,
    PointerError,
    PrefixDef,
    inside,
    pointers,
    prefix_defs,
    resolve,
)
from reader.tei.read import local
from reader.tei.xml import TEI, XML_ID, XML_LANG, load

RNG_NS = "http://relaxng.org/ns/structure/1.0"

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
_SEQ_ID = re.compile(r"^([a-z]+)(\d+)$")


def _schema_path() -> Traversable:
    return resources.files("reader") / "schema" / "tei-reader.rng"


@cache
def schema() -> etree.RelaxNG:
    """The project's RELAX NG schema, generated from its ODD (parsed once)."""
    with resources.as_file(_schema_path()) as file:
        return etree.RelaxNG(etree.parse(str(file)))


@cache
def schema_elements() -> frozenset[str]:
    """The names of the elements the project's TEI subset has."""
    with resources.as_file(_schema_path()) as file:
        grammar = etree.parse(str(file))
    return frozenset(
        name for name in grammar.xpath("//rng:element/@name", namespaces={"rng": RNG_NS})
    )


def check_file(
    path: Path, *, corpus_ids: Iterable[str] | None = None, corpus_root: Path | None = None
) -> tuple[list[Problem], etree._ElementTree | None]:
    """All problems of one file, and its tree when it could be parsed."""
    name = str(path)
    try:
        tree = load(path)
    except CorpusError as exc:
        return list(exc.problems), None
    return _check_loaded(tree, name, corpus_ids=corpus_ids, corpus_root=corpus_root), tree


def _check_loaded(
    tree: etree._ElementTree,
    name: str,
    *,
    corpus_ids: Iterable[str] | None = None,
    corpus_root: Path | None = None,
) -> list[Problem]:
    """All problems of one parsed file, by line."""
    problems = check_schema(tree, name)
    problems += check_tree(tree, name, corpus_ids=corpus_ids, corpus_root=corpus_root)
    return sorted(set(problems), key=lambda p: (p.line, p.message))


def check_schema(tree: etree._ElementTree, name: str) -> list[Problem]:
    """The RELAX NG schema, with a precise message where libxml2's would be vague.

    An element the subset does not have is named at its own line (the schema
    would report its ancestors failing). A repeated xml:id is reported by
    :func:`check_tree` with both lines; the schema (xml:id is an xs:ID) checks
    a copy without the repetitions, so as not to report it again obscurely.
    """
    known = schema_elements()
    unknown = [
        Problem(
            name,
            element.sourceline or 0,
            f"schema: <{local(element)}> is not an element of the project's TEI subset "
            "(reader/schema/tei-reader.odd, docs/encoding.md)",
        )
        for element in tree.iter()
        if isinstance(element.tag, str)
        and (not element.tag.startswith(TEI) or local(element) not in known)
    ]
    if unknown:
        return unknown  # the schema's own messages would only be their consequences
    rng = schema()
    if rng.validate(_without_repeated_ids(tree)):
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


def _without_repeated_ids(tree: etree._ElementTree) -> etree._ElementTree:
    seen: set[str] = set()
    repeated = []
    for element in tree.iter():
        element_id = element.get(XML_ID) if isinstance(element.tag, str) else None
        if element_id is not None:
            if element_id in seen:
                repeated.append(element)
            seen.add(element_id)
    if not repeated:
        return tree
    copy = etree.ElementTree(copy_module.deepcopy(tree.getroot()))
    seen.clear()
    for element in copy.iter():
        element_id = element.get(XML_ID) if isinstance(element.tag, str) else None
        if element_id is not None:
            if element_id in seen:
                del element.attrib[XML_ID]
            seen.add(element_id)
    return copy


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
            if local(element) == "s" and not _in_header(element):
                report(
                    element,
                    "a sentence without xml:id: every sentence is citable "
                    "(a rendering in two sentences is one <s>)",
                )
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

    problems += _check_sentence_rules(root, name)
    if is_source:
        problems += _check_sequences(root, name)
        problems += _check_sentences(root, name)
        problems += _check_notes(root, name)

    problems += _check_pointers(root, Path(name), seen, corpus_root)
    if corpus_root is None and corpus_ids is not None:
        problems += _check_corpus_texts(root, Path(name), set(corpus_ids))
    problems += _check_languages(root, name)
    problems += check_citation(root, name)
    if corpus_root is not None:
        problems += check_place(root, Path(name), corpus_root)
    return problems


def _check_sentence_rules(root: etree._Element, name: str) -> list[Problem]:
    """The Schematron rules of tei-reader.odd, with file and line.

    In the text, the words of a paragraph, a list item of sentences or a note of
    sentences stand inside its sentences; a bibl inside a sentence stands in a
    ``ref type="cite"`` (TEI allows no bibl directly in s).
    """
    problems: list[Problem] = []
    text = root.find(f"{TEI}text")
    if text is None:
        return problems
    for element in text.iter(f"{TEI}p", f"{TEI}item", f"{TEI}note"):
        if local(element) != "p" and element.find(f"{TEI}s") is None:
            continue
        loose = [element.text or ""] + [child.tail or "" for child in element]
        if any(part.strip() for part in loose):
            problems.append(
                Problem(
                    name,
                    element.sourceline or 0,
                    f"text outside a sentence: the words of a <{local(element)}> stand inside "
                    "its sentences (<s>)",
                )
            )
    for bibl in text.iterfind(f".//{TEI}s//{TEI}bibl"):
        parent = bibl.getparent()
        if parent is None or local(parent) != "ref" or parent.get("type") != "cite":
            problems.append(
                Problem(
                    name,
                    bibl.sourceline or 0,
                    'a <bibl> inside a sentence stands in a <ref type="cite"> '
                    "(with @target when the bibliography has the entry)",
                )
            )
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
    path: Path,
    ids: dict[str, etree._Element],
    corpus_root: Path | None = None,
) -> list[Problem]:
    """Every pointer names something, resolved as TEI resolves it from this file.

    ``#x`` must be an xml:id of this file; ``corpus:ID#x`` is expanded by the
    file's own prefixDef, relative to the file, and must name a file of the
    corpus (read only inside ``corpus_root``; a lone file's other files are not
    read) and an xml:id in it. Note references must name notes, author–date
    citations bibliography entries.
    """
    problems: list[Problem] = []
    name = str(path)
    defs = prefix_defs(root)
    # A missing file is reported once per file that points into it, at the first
    # pointer, with the count of the others (a missing authority file is named by
    # thousands of pointers).
    missing: dict[str, int] = {}
    more: dict[str, int] = {}
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for attribute in POINTER_ATTRIBUTES:
            for pointer in pointers(element.get(attribute)):
                found = _check_pointer(pointer, attribute, element, path, defs, ids, corpus_root)
                if found is None:
                    continue
                problem, file = found
                if file is not None:
                    if file in missing:
                        more[file] = more.get(file, 0) + 1
                        continue
                    missing[file] = len(problems)
                problems.append(Problem(name, element.sourceline or 0, problem))
        kind = _named_kind(element)
        if kind is None:
            continue
        wanted, message = kind
        for pointer in pointers(element.get("target")):
            tag = _target_tag(pointer, path, defs, ids, corpus_root)
            if tag is not None and tag != wanted:
                problems.append(Problem(name, element.sourceline or 0, message))
    for file, count in more.items():
        first = problems[missing[file]]
        others = "pointer" if count == 1 else "pointers"
        problems[missing[file]] = dataclasses.replace(
            first, message=f"{first.message} (and {count} more {others} to it)"
        )
    return problems


def _check_corpus_texts(root: etree._Element, path: Path, corpus_ids: set[str]) -> list[Problem]:
    """Without the corpus folder at hand: each ``corpus:`` pointer names a text of the corpus."""
    problems = []
    defs = prefix_defs(root)
    known = corpus_ids | {"entities"}
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for attribute in POINTER_ATTRIBUTES:
            for pointer in pointers(element.get(attribute)):
                try:
                    target = resolve(pointer, path, defs)
                except PointerError:
                    continue  # reported by _check_pointers
                if target.path is not None and target.path.stem not in known:
                    problems.append(
                        Problem(
                            str(path),
                            element.sourceline or 0,
                            f"@{attribute} {pointer!r}: no text {target.path.stem!r} in the corpus",
                        )
                    )
    return problems


def _named_kind(element: etree._Element) -> tuple[str, str] | None:
    """The element a pointer of ``element`` must name, with the message if it does not."""
    if local(element) == "ptr" and element.get("type") == "noteref":
        return "note", "a note reference must point at a <note>"
    if local(element) == "ref" and element.get("type") == "cite":
        return "bibl", "an author–date citation must point at a bibliography entry"
    return None


#: The trees of the corpus check in progress (resolved path → tree): a pointer
#: into another file of the corpus looks there before parsing the file again.
_PARSED: ContextVar[Mapping[Path, etree._ElementTree] | None] = ContextVar("_PARSED", default=None)


@cache
def _ids_of(path: Path) -> dict[str, str] | None:
    """xml:id → element name in a corpus file (None if it cannot be read: reported on its own)."""
    tree = (_PARSED.get() or {}).get(path.resolve())
    if tree is None:
        try:
            tree = load(path)
        except CorpusError:
            return None
    return {
        e.get(XML_ID, ""): local(e) for e in tree.iter() if isinstance(e.tag, str) and e.get(XML_ID)
    }


def _target_tag(
    pointer: str,
    path: Path,
    defs: dict[str, PrefixDef],
    ids: dict[str, etree._Element],
    corpus_root: Path | None,
) -> str | None:
    """The name of the element a pointer names, when it can be known."""
    try:
        target = resolve(pointer, path, defs)
    except PointerError:
        return None
    if target.url or target.fragment is None:
        return None
    if target.path is None:
        element = ids.get(target.fragment)
        return local(element) if element is not None else None
    if corpus_root is None or not inside(target.path, corpus_root):
        return None
    return (_ids_of(target.path) or {}).get(target.fragment)


def _check_pointer(
    pointer: str,
    attribute: str,
    element: etree._Element,
    path: Path,
    defs: dict[str, PrefixDef],
    ids: dict[str, etree._Element],
    corpus_root: Path | None,
) -> tuple[str, str | None] | None:
    """What is wrong with ``pointer``, and the file it names if that file is missing."""
    try:
        target = resolve(pointer, path, defs)
    except PointerError as exc:
        if exc.prefix is not None and exc.prefix != "corpus":
            return f"@{attribute} {pointer!r}: use #id, corpus:TEXT[#id] or an http(s) link", None
        return f"@{attribute} {pointer!r}: {exc}", None
    if target.url is not None:
        if attribute != "target" or local(element) not in ("ref", "ptr", "licence"):
            return f"@{attribute} {pointer!r}: web addresses are only allowed as link targets", None
        return None
    if target.path is None:
        if target.fragment not in ids:
            return f"@{attribute} {pointer!r} points at no xml:id in this file", None
        return None
    if corpus_root is None:
        return None  # a file checked on its own: the file it points at is not read
    shown = os.path.relpath(target.path, corpus_root)
    if not inside(target.path, corpus_root):
        return f"@{attribute} {pointer!r} names {shown}, outside the corpus", None
    if not target.path.is_file():
        if target.path.resolve() == (corpus_root / "texts" / AUTHORITY_FILE).resolve():
            return (
                f"@{attribute} {pointer!r} names {shown}, the authority file, which is missing",
                shown,
            )
        return f"@{attribute} {pointer!r} names {shown}, which is not a file of the corpus", shown
    known = _ids_of(target.path)
    if known is None:
        return None  # the file cannot be read: its own problem is reported, once
    if target.fragment is not None and target.fragment not in known:
        return f"@{attribute} {pointer!r}: {shown} has no xml:id {target.fragment!r}", None
    return None


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


#: Beyond this many, the bad references of one citation scheme are counted, not listed.
_SHOWN_REFERENCES = 5


def check_citation(root: etree._Element, name: str) -> list[Problem]:
    """Each citation scheme (``refsDecl``) has a name and yields references that can name files.

    The DTS API writes a file per scheme and reference (``…;tree=NAME/REF.json``):
    a scheme's ``@n`` must be a scheme name and every reference its
    ``citeStructure/@use`` yields a passage id (``reader.names``), so that none
    can climb out of the build (``x/../../tmp``) or exceed a file name's length.
    """
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    declarations = root.iterfind(f"{TEI}teiHeader/{TEI}encodingDesc/{TEI}refsDecl")
    for refs_decl in declarations:
        line = refs_decl.sourceline or 0
        scheme = refs_decl.get("n")
        if scheme is None:
            continue
        why = scheme_name_problem(scheme)
        if why:
            problems.append(Problem(name, line, f"refsDecl/@n: {why}"))
        elif scheme in seen:
            problems.append(
                Problem(
                    name,
                    line,
                    f"citation scheme {scheme!r} is declared twice (also line {seen[scheme]})",
                )
            )
        seen.setdefault(scheme, line)
    if problems:
        return problems
    for tree in citation_trees(root):
        shown = repr(tree.identifier) if tree.identifier else "the default citation scheme"
        try:
            nodes = citable_nodes(root, tree)
        except CorpusError as exc:
            problems += [Problem(name, p.line, p.message) for p in exc.problems]
            continue
        except etree.XPathError as exc:
            problems.append(
                Problem(name, 0, f"{shown}: citeStructure/@match or @use is not XPath 1.0 ({exc})")
            )
            continue
        bad = [(node, why) for node in nodes if (why := passage_id_problem(node.identifier))]
        for node, why in bad[:_SHOWN_REFERENCES]:
            problems.append(
                Problem(
                    name,
                    node.element.sourceline or 0,
                    f"{shown}: the reference citeStructure/@use gives here cannot name a "
                    f"passage: {why}",
                )
            )
        if len(bad) > _SHOWN_REFERENCES:
            problems.append(
                Problem(
                    name,
                    bad[_SHOWN_REFERENCES][0].element.sourceline or 0,
                    f"{shown}: {len(bad) - _SHOWN_REFERENCES} more references like these",
                )
            )
    return problems


def check_place(root: etree._Element, path: Path, corpus_root: Path) -> list[Problem]:
    """A file is what its place in the corpus says it is.

    ``texts/entities.xml`` is the authority file; ``texts/ID.xml`` a source
    (``TEI/@type="source"``, ``@xml:id`` ID); ``translations/LANG/ID.xml`` a
    translation (or back-translation) into LANG of the text ``texts/ID.xml``,
    which must exist. A Russian file copied into ``tr/``, a source copied among
    the translations or a translation among the sources would otherwise be
    read, built and published as what its folder says.
    """
    try:
        place = path.resolve().relative_to(corpus_root.resolve()).parts
    except ValueError:
        return []  # not a file of this corpus (``reader validate`` of a lone file)
    name = str(path)
    line = root.sourceline or 1
    kind = root.get("type", "")
    lang = root.get(XML_LANG, "")
    own_id = root.get(XML_ID)
    stem = path.stem
    problems = []

    def report(message: str) -> None:
        problems.append(Problem(name, line, message))

    if len(place) == 2 and place[0] == "texts":
        if place[1] == AUTHORITY_FILE:
            if kind != "authority":
                report(
                    f'texts/{AUTHORITY_FILE} is the authority file: TEI/@type="authority", not {kind!r}'
                )
            return problems
        if kind != "source":
            text_id = own_id if own_id and not text_id_problem(own_id) else stem
            where = (
                f"translations/{lang or 'LANG'}/{text_id}.xml"
                if kind in ("translation", "back-translation")
                else "its own place"
            )
            report(
                f"a {kind or 'file without TEI/@type'} in texts/, which holds the sources "
                f'(TEI/@type="source"); it belongs in {where}'
            )
    elif len(place) == 3 and place[0] == "translations":
        folder = place[1]
        if kind not in ("translation", "back-translation"):
            report(
                f"a {kind or 'file without TEI/@type'} (xml:lang {lang!r}) in translations/{folder}/, "
                f'which holds translations into {folder!r} (TEI/@type="translation")'
            )
        elif lang != folder:
            report(
                f"xml:lang {lang!r} does not match the folder translations/{folder}/: "
                f"a translation into {lang!r} belongs in translations/{lang}/{stem}.xml"
            )
        if not (corpus_root / "texts" / f"{stem}.xml").is_file():
            report(f"a translation of no text: texts/{stem}.xml does not exist")
    else:
        return problems
    if own_id is not None and own_id != stem:
        report(f"TEI/@xml:id {own_id!r} does not match the file name {stem!r} (the text's id)")
    return problems


def check_corpus(corpus: Corpus) -> list[Problem]:
    """What the corpus's folders hold that the build would skip or could not name.

    * ``texts/NAME.xml`` whose NAME is not a text id (``a..b``, ``ка ра``, quotes
      or markup): an error, since the name becomes URLs, file names and
      citations (the library, which reads only well-named files, would not
      find the text);
    * ``translations/LANG/NAME.xml`` with NAME not a text id: an error (a
      translation of a text that does not exist is found by :func:`check_place`);
    * ``translations/XX/`` for a language the reader does not have (``de``): a
      **warning** — its files are neither checked nor built, which is what
      someone preparing a new language wants (until the language is added,
      docs/architecture.md), and never publishes anything wrong.
    """
    problems: list[Problem] = []
    for path in sorted(corpus.texts_dir.glob("*.xml")):
        why = text_id_problem(path.stem)
        if why and not path.name.startswith("."):
            problems.append(
                Problem(
                    str(path),
                    0,
                    f"the file name is the text's id in every URL, file and citation, and {why}; "
                    "rename the file",
                )
            )
    if not corpus.translations_dir.is_dir():
        return problems
    for folder in sorted(corpus.translations_dir.iterdir()):
        if not folder.is_dir() or folder.name.startswith("."):
            continue
        files = sorted(p for p in folder.glob("*.xml") if not p.name.startswith("."))
        if folder.name not in LANGUAGES:
            problems.append(
                Problem(
                    str(folder),
                    0,
                    f"{folder.name!r} is not a language of this edition ({', '.join(LANGUAGES)}): "
                    f"its {len(files)} file(s) are neither checked nor built "
                    "(add the language to reader.corpus.LANGUAGES to publish them)",
                    level="warning",
                )
            )
            continue
        for path in files:
            why = text_id_problem(path.stem)
            if why:
                problems.append(
                    Problem(str(path), 0, f"a translation's file name is its text's id, and {why}")
                )
            elif path.stem not in corpus.text_ids():
                problems.append(
                    Problem(
                        str(path),
                        0,
                        f"a translation of no text: texts/{path.stem}.xml does not exist",
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


def check_corpus_files(
    paths: Iterable[Path],
    *,
    corpus_ids: Iterable[str] | None = None,
    corpus_root: Path | None = None,
) -> tuple[list[Problem], dict[Path, etree._ElementTree]]:
    """Problems of every file in ``paths`` (as :func:`check_paths`), and the trees it parsed.

    Each file is parsed once: the trees are checked, looked up when another
    file points into them, and returned for the reader (``reader.build``
    hands them on), keyed by the paths given.
    """
    known = list(corpus_ids) if corpus_ids is not None else None
    order = list(paths)
    trees: dict[Path, etree._ElementTree] = {}
    unreadable: dict[Path, list[Problem]] = {}
    for path in order:
        try:
            trees[path] = load(path)
        except CorpusError as exc:
            unreadable[path] = list(exc.problems)
    problems: list[Problem] = []
    _ids_of.cache_clear()
    token = _PARSED.set({path.resolve(): tree for path, tree in trees.items()})
    try:
        for path in order:
            if path in unreadable:
                problems += unreadable[path]
            else:
                problems += _check_loaded(
                    trees[path], str(path), corpus_ids=known, corpus_root=corpus_root
                )
    finally:
        _PARSED.reset(token)
        _ids_of.cache_clear()
    return problems, trees
