"""TEI citation structures: what ``refsDecl/citeStructure`` makes citable in a file.

A TEI header declares how its text is cited (``refsDecl`` holding
``citeStructure``: ``@match`` finds the citable elements, ``@use`` gives each
its reference, ``@delim`` joins a reference to its parent's). This module
reads those declarations and evaluates them on the file, as TEI P5 says:
the DTS API serves the units it finds, and ``reader validate`` checks that
every reference it yields can name a file (``reader.names``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from reader.errors import CorpusError, Problem
from reader.tei.xml import TEI, TEI_NS

JSON = dict[str, Any]
NS = {"tei": TEI_NS}


@dataclass(frozen=True)
class CiteStructure:
    """One ``citeStructure`` of a TEI header."""

    unit: str
    match: str
    use: str
    delim: str = ""
    children: tuple[CiteStructure, ...] = ()

    def depth(self) -> int:
        return 1 + max((c.depth() for c in self.children), default=0)

    def to_json(self) -> JSON:
        data: JSON = {"@type": "CiteStructure", "citeType": self.unit}
        if self.children:
            data["citeStructure"] = [c.to_json() for c in self.children]
        return data


@dataclass(frozen=True)
class CitationTree:
    """A ``refsDecl`` holding citeStructures; the first of a file is the default tree."""

    identifier: str | None
    structures: tuple[CiteStructure, ...]

    @property
    def depth(self) -> int:
        return max((s.depth() for s in self.structures), default=0)

    def to_json(self) -> JSON:
        data: JSON = {"@type": "CitationTree"}
        if self.identifier:
            data["identifier"] = self.identifier
        data["citeStructure"] = [s.to_json() for s in self.structures]
        return data


def _cite_structure(element: etree._Element) -> CiteStructure:
    return CiteStructure(
        unit=element.get("unit", "unit"),
        match=element.get("match", ""),
        use=element.get("use", ""),
        delim=element.get("delim", ""),
        children=tuple(_cite_structure(c) for c in element.iterfind(f"{TEI}citeStructure")),
    )


def citation_trees(root: etree._Element) -> list[CitationTree]:
    """The citation trees a TEI file declares (``refsDecl`` with ``citeStructure``)."""
    trees: list[CitationTree] = []
    for refs_decl in root.iterfind(f"{TEI}teiHeader/{TEI}encodingDesc/{TEI}refsDecl"):
        structures = tuple(_cite_structure(c) for c in refs_decl.iterfind(f"{TEI}citeStructure"))
        if not structures:
            continue
        name = refs_decl.get("n") or f"tree{len(trees) + 1}"
        trees.append(CitationTree(None if not trees else name, structures))
    return trees


_XPATH_TOKEN = re.compile(
    r"""(?P<literal>"[^"]*"|'[^']*')
      |(?P<var>\$[\w.\-]+(?::[\w.\-]+)?)
      |(?P<number>\d+(?:\.\d*)?|\.\d+)
      |(?P<attr>@(?:[A-Za-z_][\w.\-]*:)?(?:[A-Za-z_][\w.\-]*|\*))
      |(?P<axis>[A-Za-z_][\w.\-]*\s*::)
      |(?P<name>(?:[A-Za-z_][\w.\-]*:)?(?:[A-Za-z_][\w.\-]*|\*))(?P<call>\s*\()?
      |(?P<space>\s+)
      |(?P<other>\.\.|//|!=|<=|>=|.)""",
    re.VERBOSE,
)
_OPERATOR_NAMES = {"and", "or", "div", "mod"}


def tei_xpath(expression: str, prefix: str = "tei") -> str:
    """XPath 1.0 with unprefixed element names read as TEI names (``p/s`` → ``tei:p/tei:s``).

    TEI evaluates ``citeStructure/@match`` with the TEI namespace as the
    default element namespace, which XPath 1.0 (lxml) lacks.

    >>> tei_xpath("//text//*[@xml:id][self::p or self::head]")
    '//tei:text//*[@xml:id][self::tei:p or self::tei:head]'
    >>> tei_xpath("substring-after(@xml:id, '.')")
    "substring-after(@xml:id, '.')"
    >>> tei_xpath("s | p/s")
    'tei:s | tei:p/tei:s'
    """
    out: list[str] = []
    operand = False  # XPath 1.0 § 3.7: after an operand, a name is an operator
    for token in _XPATH_TOKEN.finditer(expression):
        kind, text = token.lastgroup, token.group(0)
        if token.group("name") is not None:
            name = token.group("name")
            if token.group("call"):
                out.append(text)
                operand = False
                continue
            if operand and name in _OPERATOR_NAMES:
                out.append(text)
                operand = False
                continue
            if operand and name == "*":
                out.append(text)
                operand = False
                continue
            out.append(name if (":" in name or name == "*") else f"{prefix}:{name}")
            operand = True
            continue
        out.append(text)
        if kind == "space":
            continue
        operand = kind in ("literal", "var", "number", "attr") or text in (")", "]", ".", "..")
    return "".join(out)


@dataclass
class CitableNode:
    """One citable unit of a version: its reference and the element(s) holding it."""

    identifier: str
    level: int
    parent: str | None
    cite_type: str
    elements: list[etree._Element] = field(default_factory=list)

    @property
    def element(self) -> etree._Element:
        return self.elements[0]


def citable_nodes(root: etree._Element, tree: CitationTree) -> list[CitableNode]:
    """Every citable unit of ``tree`` in ``root``, in pre-order (a unit, then its subtree).

    An element that a citeStructure matches but whose ``use`` is empty (a
    translation's second sentence for one source sentence, which carries no
    id) continues the unit before it.
    """
    order = {element: index for index, element in enumerate(root.iter())}
    nodes: list[CitableNode] = []
    seen: dict[str, etree._Element] = {}

    def walk(
        context: etree._Element,
        structures: tuple[CiteStructure, ...],
        parent: CitableNode | None,
        level: int,
    ) -> None:
        found: list[tuple[etree._Element, CiteStructure]] = []
        for structure in structures:
            result = context.xpath(tei_xpath(structure.match), namespaces=NS)
            assert isinstance(result, list)
            found += [(e, structure) for e in result if isinstance(e, etree._Element)]
        found.sort(key=lambda pair: order.get(pair[0], 0))
        previous: CitableNode | None = None
        for element, structure in found:
            value = element.xpath(f"string({tei_xpath(structure.use)})", namespaces=NS)
            value = str(value).strip()
            if not value:
                if previous is not None:
                    previous.elements.append(element)
                continue
            identifier = f"{parent.identifier}{structure.delim}{value}" if parent else value
            if identifier in seen:
                raise CorpusError(
                    [
                        Problem(
                            str(root.getroottree().docinfo.URL or "?"),
                            element.sourceline or 0,
                            f"citation tree: reference {identifier!r} is given twice "
                            f"(also line {seen[identifier].sourceline})",
                        )
                    ]
                )
            seen[identifier] = element
            node = CitableNode(
                identifier,
                level,
                parent.identifier if parent else None,
                structure.unit,
                [element],
            )
            nodes.append(node)
            previous = node
            walk(element, structure.children, node, level + 1)

    walk(root, tree.structures, None, 1)
    return nodes
