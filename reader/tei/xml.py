"""Safe XML loading: no DTD, no entities, no network, a size limit.

Everything the project reads from disk goes through :func:`load`. A text that
declares a DOCTYPE (the carrier of XXE payloads and entity bombs) is refused
before the parser sees it; the parser itself is configured to resolve no
entities, load no DTD and touch no network, so that even a payload that got
past the scan is inert.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from reader.errors import CorpusError, Problem

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
TEI = f"{{{TEI_NS}}}"
XML_ID = f"{{{XML_NS}}}id"
XML_LANG = f"{{{XML_NS}}}lang"

#: Files above this size are refused with a message rather than parsed.
MAX_BYTES = 16 * 1024 * 1024
#: Elements nested deeper than this are refused (the corpus's deepest is 13).
#: Reading a text, rendering it and printing it walk the tree recursively; the
#: bound keeps every such walk far inside Python's recursion limit (the build
#: broke at about 160 levels, the library at about 200: issue 12 item 4), and
#: below libxml2's own limit of 256, so that the message is ours.
MAX_DEPTH = 64

_DOCTYPE = re.compile(rb"<!DOCTYPE|<!ENTITY", re.IGNORECASE)


def parser() -> etree.XMLParser:
    """An lxml parser that resolves no entities and never reaches the network."""
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        collect_ids=False,  # duplicate ids are reported by validate, with both lines
        remove_comments=False,
    )


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def load(path: Path, *, max_bytes: int = MAX_BYTES) -> etree._ElementTree:
    """Parse ``path`` safely or raise :class:`CorpusError` naming file and line."""
    name = str(path)
    try:
        size = path.stat().st_size
        if size <= max_bytes:
            data = path.read_bytes()
    except OSError as exc:  # missing, unreadable, a folder named like a text
        raise CorpusError([Problem(name, 0, f"cannot read the file: {exc.strerror}")]) from None
    if size > max_bytes:
        raise CorpusError(
            [
                Problem(
                    name,
                    0,
                    f"file is {size / 2**20:.1f} MB; texts larger than "
                    f"{max_bytes / 2**20:.0f} MB are refused",
                )
            ]
        )
    return parse_bytes(data, name)


def parse_bytes(data: bytes, name: str) -> etree._ElementTree:
    """Parse XML bytes safely; ``name`` is used in messages."""
    match = _DOCTYPE.search(data)
    if match:
        raise CorpusError(
            [
                Problem(
                    name,
                    _line_of(data, match.start()),
                    "DOCTYPE and ENTITY declarations are not allowed in a text "
                    "(entities and DTDs are never loaded)",
                )
            ]
        )
    try:
        tree = etree.ElementTree(etree.fromstring(data, parser(), base_url=name))
    except etree.XMLSyntaxError as exc:
        line = exc.lineno or 0
        message = (exc.msg or "not well-formed XML").split(f"{name}, line")[0].strip()
        raise CorpusError([Problem(name, line, f"malformed XML: {message}")]) from None
    root = tree.getroot()
    too_deep = _deeper_than(root, MAX_DEPTH)
    if too_deep is not None:
        raise CorpusError(
            [
                Problem(
                    name,
                    too_deep.sourceline or 0,
                    f"<{etree.QName(too_deep).localname}> is nested {MAX_DEPTH + 1} elements "
                    f"deep; texts nest at most {MAX_DEPTH} (the deepest of the corpus: 13)",
                )
            ]
        )
    if root.tag != f"{TEI}TEI":
        local = etree.QName(root).localname
        namespace = etree.QName(root).namespace
        why = (
            f'root element is <{local}> in no namespace; expected <TEI xmlns="{TEI_NS}">'
            if namespace is None
            else f"root element is {{{namespace}}}{local}; expected <TEI> in {TEI_NS}"
        )
        raise CorpusError([Problem(name, root.sourceline or 1, why)])
    return tree


def _deeper_than(root: etree._Element, limit: int) -> etree._Element | None:
    """The first element nested deeper than ``limit`` (the root is at depth 1), if any."""
    depth = 0
    for event, element in etree.iterwalk(root, events=("start", "end")):
        if event == "end":
            depth -= 1
            continue
        depth += 1
        if depth > limit and isinstance(element.tag, str):
            return element
    return None


def text_of(element: etree._Element | None) -> str:
    """All text inside ``element``, whitespace collapsed."""
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())
