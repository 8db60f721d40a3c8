"""A CapiTainS layout of the corpus, for reading it with CTS tools (MyCapytain).

CapiTainS repositories hold ``data/TEXTGROUP/__cts__.xml`` (the textgroup),
``data/TEXTGROUP/WORK/__cts__.xml`` (the work and its editions and
translations) and ``data/TEXTGROUP/WORK/TEXTGROUP.WORK.VERSION.xml`` (the TEI),
each text declaring its citation scheme as ``refsDecl[@n='CTS']/cRefPattern``.

CTS needs three parts in a text URN, ours have two (``karakus.tur1``): the
layout puts every text in one textgroup, ``corpus``, so that our
``urn:cts:sovturk:karakus.tur1:p12`` is ``urn:cts:sovturk:corpus.karakus.tur1:p12``
here. Passage references are ours unchanged (``p12``, ``p12.s3``).

The cRefPatterns are derived from each file's own ``citeStructure`` (the
declaration DTS tools read): a level whose ``use`` is an attribute
(``@xml:id``) is matched on that attribute; a level whose ``use`` computes the
reference (``substring-after(@xml:id, '.')`` → ``s3``) has the computed value
written into ``@n`` of the matched elements, because a cRefPattern can only
compare an attribute with ``$N``. A child level is one step below its parent
(``…[@xml:id='$1']/tei:s[@n='$2']``): with ``//`` the sentences of a note
called inside a paragraph would be listed as the paragraph's too. So the
elements a child level reaches through others (``p/s``: the paragraphs of a
long note) are brought up to their unit in the copy, each paragraph boundary
becoming an ``<lb/>``; characters and their order are unchanged.

This is a derived copy for interoperability tests and exchange; the project's
texts stay as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from lxml import etree

from reader import refs
from reader.align import AlignedText
from reader.cite import PROJECT, version_statement
from reader.render.api.dts import NS, CiteStructure, citation_trees, resource_id, tei_xpath
from reader.tei.xml import TEI, load

TEXTGROUP = "corpus"
CTS_NS = "http://chs.harvard.edu/xmlns/cts"
_ATTRIBUTE_USE = re.compile(r"^\s*@([\w:]+)\s*$")


@dataclass(frozen=True)
class LayoutText:
    """One version written to the layout."""

    text_id: str
    lang: str
    urn: str
    path: Path


def text_urn(text_id: str, lang: str) -> str:
    """The CTS URN of a version in the layout: ``urn:cts:sovturk:corpus.karakus.tur1``."""
    return f"urn:cts:{refs.NAMESPACE}:{TEXTGROUP}.{resource_id(text_id, lang)}"


def _version(lang: str) -> str:
    return resource_id("x", lang).split(".", 1)[1]


def cref_patterns(structures: tuple[CiteStructure, ...]) -> list[tuple[str, str, str]]:
    """(name, matchPattern, xpath) for each level, deepest first; single-path trees only."""
    levels: list[tuple[str, str]] = []  # (name, xpath with $N)
    structure: CiteStructure | None = structures[0] if structures else None
    path = ""
    depth = 0
    while structure is not None:
        depth += 1
        match = tei_xpath(structure.match)
        used = _ATTRIBUTE_USE.match(structure.use)
        attribute = used.group(1) if used else "n"
        predicate = f"[@{attribute}='${depth}']"
        if depth == 1:
            if match.startswith("//tei:text"):
                step = "/tei:TEI/tei:text" + match[len("//tei:text") :]
            elif match.startswith("/"):
                step = match
            else:
                step = "/tei:TEI/tei:text//" + match
            path = step + predicate
        else:
            # (s | p/s): the alternatives of a union, parenthesised or not
            names = {
                alternative.strip().strip("()").split("/")[-1] for alternative in match.split("|")
            }
            name = names.pop() if len(names) == 1 else "tei:*"
            path = f"{path}/{name}{predicate}"
        levels.append((structure.unit, path))
        structure = structure.children[0] if structure.children else None
    patterns = []
    for index, (name, xpath) in enumerate(levels, start=1):
        regex = r"\.".join([r"([^.]+)"] * index)
        patterns.append((name, f"^{regex}$", xpath))
    return patterns[::-1]


def _prepare(root: etree._Element, structures: tuple[CiteStructure, ...]) -> None:
    """Make each level reachable by one CTS step from its parent.

    A computed reference (a ``use`` that is not an attribute) is written into
    ``@n`` of its element; an element a child level reaches through
    intermediate elements (``p/s``: the paragraphs of a note) is brought up to
    its parent unit, the intermediates being unwrapped (a ``<lb/>`` where two
    of them met). Characters and order are unchanged.
    """
    unwrap: dict[etree._Element, None] = {}

    def walk(context: etree._Element, structure: CiteStructure, level: int) -> None:
        result = context.xpath(tei_xpath(structure.match), namespaces=NS)
        assert isinstance(result, list)
        for element in result:
            if not isinstance(element, etree._Element):
                continue
            if not _ATTRIBUTE_USE.match(structure.use):
                value = str(element.xpath(f"string({tei_xpath(structure.use)})", namespaces=NS))
                if value:
                    if element.get("n") not in (None, value):
                        raise ValueError(
                            f"line {element.sourceline}: @n={element.get('n')!r} is in the way "
                            f"of the reference {value!r}"
                        )
                    element.set("n", value)
            if level > 1:
                parent = element.getparent()
                while parent is not None and parent is not context:
                    unwrap[parent] = None
                    parent = parent.getparent()
            for child in structure.children:
                walk(element, child, level + 1)

    for structure in structures:
        walk(root, structure, 1)
    for element in unwrap:
        _unwrap(element)


def _unwrap(element: etree._Element) -> None:
    """Replace ``element`` by its content; an ``<lb/>`` separates it from a preceding sibling."""
    parent = element.getparent()
    assert parent is not None
    index = parent.index(element)
    previous = element.getprevious()
    leading = element.text or ""
    if previous is not None and etree.QName(previous).localname != "lb":
        marker = etree.Element(f"{TEI}lb")
        marker.tail = leading
        children: list[etree._Element] = [marker, *element]
    else:
        children = list(element)
        if previous is not None:
            previous.tail = (previous.tail or "") + leading
        else:
            parent.text = (parent.text or "") + leading
    tail = element.tail or ""
    parent.remove(element)
    for offset, child in enumerate(children):
        parent.insert(index + offset, child)
    if children:
        children[-1].tail = (children[-1].tail or "") + tail
    elif index > 0:
        parent[index - 1].tail = (parent[index - 1].tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail


def capitains_tei(path: Path, fallback: Path | None = None) -> bytes:
    """The TEI of ``path`` with a CTS refsDecl derived from its citeStructure."""
    tree = load(path)
    root = tree.getroot()
    trees = citation_trees(root)
    if not trees and fallback is not None:
        trees = citation_trees(load(fallback).getroot())
    if not trees:
        raise ValueError(f"{path}: no refsDecl/citeStructure to derive a CTS scheme from")
    structures = trees[0].structures
    _prepare(root, structures)
    encoding = root.find(f"{TEI}teiHeader/{TEI}encodingDesc")
    if encoding is None:
        header = root.find(f"{TEI}teiHeader")
        assert header is not None
        encoding = etree.SubElement(header, f"{TEI}encodingDesc")
    refs_decl = etree.SubElement(encoding, f"{TEI}refsDecl", n="CTS")
    for name, match, xpath in cref_patterns(structures):
        pattern = etree.SubElement(
            refs_decl,
            f"{TEI}cRefPattern",
            n=name,
            matchPattern=match,
            replacementPattern=f"#xpath({xpath})",
        )
        etree.SubElement(pattern, f"{TEI}p").text = f"This pointer pattern extracts {name}."
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8")


def _cts_lang(lang: str) -> str:
    return refs.CTS_LANG.get(lang, lang)


def write_layout(texts: dict[str, AlignedText], target: Path) -> list[LayoutText]:
    """Write ``target/data/…`` for ``texts``; return what was written."""
    group_dir = target / "data" / TEXTGROUP
    group_dir.mkdir(parents=True, exist_ok=True)
    group_urn = f"urn:cts:{refs.NAMESPACE}:{TEXTGROUP}"
    (group_dir / "__cts__.xml").write_text(
        f'<ti:textgroup xmlns:ti="{CTS_NS}" urn="{group_urn}">\n'
        f'  <ti:groupname xml:lang="eng">{_escape(PROJECT)}</ti:groupname>\n'
        "</ti:textgroup>\n",
        encoding="utf-8",
    )
    written: list[LayoutText] = []
    for text_id, aligned in texts.items():
        work_dir = group_dir / text_id
        work_dir.mkdir(parents=True, exist_ok=True)
        work_urn = f"{group_urn}.{text_id}"
        header = aligned.source.header
        source_lang = aligned.source.lang
        entries = []
        for lang in aligned.languages:
            document = aligned.source if lang == source_lang else aligned.translations[lang]
            urn = text_urn(text_id, lang)
            file = work_dir / f"{TEXTGROUP}.{text_id}.{_version(lang)}.xml"
            fallback = None if lang == source_lang else Path(aligned.source.path)
            file.write_bytes(capitains_tei(Path(document.path), fallback))
            written.append(LayoutText(text_id, lang, urn, file))
            element = "edition" if lang == source_lang else "translation"
            lang_attribute = "" if lang == source_lang else f' xml:lang="{_cts_lang(lang)}"'
            statement = version_statement(lang, document.header.provenance, source_lang)
            entries.append(
                f'  <ti:{element} workUrn="{work_urn}" urn="{urn}"{lang_attribute}>\n'
                f'    <ti:label xml:lang="{_cts_lang(lang)}">{_escape(document.header.title)}</ti:label>\n'
                f'    <ti:description xml:lang="eng">{_escape(statement)}</ti:description>\n'
                f"  </ti:{element}>\n"
            )
        (work_dir / "__cts__.xml").write_text(
            f'<ti:work xmlns:ti="{CTS_NS}" groupUrn="{group_urn}" urn="{work_urn}" '
            f'xml:lang="{_cts_lang(source_lang)}">\n'
            f'  <ti:title xml:lang="{_cts_lang(source_lang)}">{_escape(header.title)}</ti:title>\n'
            + "".join(entries)
            + "</ti:work>\n",
            encoding="utf-8",
        )
    return written


def _escape(value: str) -> str:
    return escape(value, {'"': "&quot;"})


__all__ = [
    "CTS_NS",
    "TEXTGROUP",
    "LayoutText",
    "capitains_tei",
    "cref_patterns",
    "text_urn",
    "write_layout",
]
