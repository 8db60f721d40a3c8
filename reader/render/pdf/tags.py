"""Finish a WeasyPrint PDF with pikepdf: languages and notes in the structure tree, PDF/A.

WeasyPrint 70 writes a tagged PDF (``pdf_variant="pdf/ua-1"``) but leaves out
what a parallel text needs most: the language of each column (``/Lang`` on
the structure elements) and footnotes tagged as notes. It also maps the
running heads and page numbers to structure elements that are not in the
tree. This module repairs all three after rendering, working only on the PDF:

* **Where each thing is.** The template gives every table row and every
  footnote an ``id``; WeasyPrint turns ids into named destinations (page and
  position). :func:`destinations` reads them back.
* **Columns.** The structure tree lists the table rows (``TR``) in reading
  order, page by page; a row split across a page break appears once on each
  page. A row whose destination is on this page starts here; any other row
  at the top of a page continues the previous one. Each ``TD`` of a row then
  gets the ``/Lang`` of its column as the template declared it (a cell that
  shows the original for want of a translation gets the original's language).
* **Footnotes.** Each page's footnote area is a top-level ``NonStruct``; its
  children are that page's footnotes in the order of their destinations
  (top to bottom). Each becomes ``/Note`` with its language and a unique
  ``/ID`` (PDF/UA-1 requires one); its number becomes ``/Lbl``.
* **Pagination.** Marked content whose structure element is not reachable
  from the root (margin boxes) becomes ``/Artifact``.
* **PDF/A.** :func:`mark_archival` adds the PDF/A-2 identification to the XMP
  metadata next to WeasyPrint's PDF/UA one, an sRGB output intent of type
  ``GTS_PDFA1`` and the print flag on annotations.

Anything that does not add up (a page with more continued rows than one, a
row with another number of cells than the template made) raises
:class:`TaggingError`: a wrong language on a column is worse than none.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import pikepdf
from lxml import etree

XMP_NS = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
}


PDFUA_EXTENSION_SCHEMA = b"""<rdf:Description xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
 xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
 xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
 xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#" rdf:about="">
 <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
  <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
  <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
  <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
  <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
   <pdfaProperty:name>part</pdfaProperty:name>
   <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
   <pdfaProperty:category>internal</pdfaProperty:category>
   <pdfaProperty:description>Part of ISO 14289 the file conforms to</pdfaProperty:description>
  </rdf:li></rdf:Seq></pdfaSchema:property>
 </rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>"""


class TaggingError(RuntimeError):
    """The structure tree does not match the layout the template declared."""


@dataclass(frozen=True)
class Destination:
    page: int
    x: float
    y: float


@dataclass(frozen=True)
class RowPlan:
    """One table row of the template: its anchor and the language of each cell."""

    anchor: str
    langs: tuple[str, ...]


@dataclass
class TagPlan:
    """What the template declared, for :func:`tag_structure`."""

    lang: str
    rows: list[RowPlan] = field(default_factory=list)
    #: footnote anchor → (language, note id)
    footnotes: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: one-column layouts are tagged as divisions, not as a table
    table_semantics: bool = True
    #: two-column editions: each page's notes, one footnote holding a block per column
    #: (anchors in document order: the left column's, then the right column's)
    page_notes: list[list[str]] = field(default_factory=list)


@dataclass
class TagReport:
    cells: int = 0
    notes: int = 0
    artifacts: int = 0
    lang_counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))


# ------------------------------------------------------------------ reading


def destinations(pdf: pikepdf.Pdf) -> dict[str, Destination]:
    """Named destinations: anchor → page index (0-based) and position."""
    pages: dict[Any, int] = {page.objgen: index for index, page in enumerate(pdf.pages)}
    found: dict[str, Destination] = {}
    names = pdf.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return found

    def walk(node: Any) -> None:
        if "/Names" in node:
            pairs = node.Names
            for index in range(0, len(pairs), 2):
                target = pairs[index + 1]
                if isinstance(target, pikepdf.Dictionary):
                    target = target.D
                page = pages.get(target[0].objgen)
                if page is not None:
                    found[str(pairs[index])] = Destination(page, float(target[2]), float(target[3]))
        for kid in node.get("/Kids", []):
            walk(kid)

    walk(names.Dests)
    return found


def _kids(element: pikepdf.Object) -> list[pikepdf.Object]:
    kids = element.get("/K") if isinstance(element, pikepdf.Dictionary) else None
    if kids is None:
        return []
    if isinstance(kids, pikepdf.Array):
        return list(kids)
    return [kids]


def _is_element(node: pikepdf.Object) -> bool:
    return isinstance(node, pikepdf.Dictionary) and "/S" in node


def _type(node: pikepdf.Object) -> str:
    return str(node.S)


def _elements(node: Any) -> list[Any]:
    return [kid for kid in _kids(node) if _is_element(kid)]


def _walk(
    node: pikepdf.Object, parent_types: tuple[str, ...] = ()
) -> list[tuple[pikepdf.Dictionary, tuple[str, ...]]]:
    """Every structure element under ``node`` in reading order, with its ancestors' types."""
    found: list[tuple[Any, tuple[str, ...]]] = []
    stack: list[tuple[Any, tuple[str, ...]]] = [(node, parent_types)]
    while stack:
        current, ancestors = stack.pop()
        children = _elements(current)
        here = (*ancestors, _type(current)) if _is_element(current) else ancestors
        for child in reversed(children):
            stack.append((child, here))
        if _is_element(current):
            found.append((current, ancestors))
    return found


def _page_of(element: Any, pages: dict[Any, int]) -> int | None:
    page = element.get("/Pg")
    return pages.get(page.objgen) if page is not None else None


# ------------------------------------------------------------------ tagging


def tag_structure(pdf: pikepdf.Pdf, plan: TagPlan) -> TagReport:
    """Set ``/Lang`` on every column cell and footnote, tag footnotes as notes."""
    report = TagReport()
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        raise TaggingError("the PDF has no structure tree (render with pdf_variant='pdf/ua-1')")
    pages: dict[Any, int] = {page.objgen: index for index, page in enumerate(pdf.pages)}
    dests = destinations(pdf)
    document = _elements(root)[0]
    document.Lang = pikepdf.String(plan.lang)

    _tag_rows(document, plan, dests, pages, report)
    _scope_headers(document)
    if plan.page_notes:
        _tag_page_notes(document, plan, pages, report)
    else:
        _tag_notes(document, plan, dests, pages, report)
    if not plan.table_semantics:
        _untable(document)
    return report


def _tag_rows(
    document: pikepdf.Dictionary,
    plan: TagPlan,
    dests: dict[str, Destination],
    pages: dict[Any, int],
    report: TagReport,
) -> None:
    rows = [
        element
        for element, ancestors in _walk(document)
        if _type(element) == "/TR" and "/THead" not in ancestors
    ]
    by_page: dict[int, list[pikepdf.Dictionary]] = defaultdict(list)
    for row in rows:
        page = _page_of(row, pages)
        if page is None:
            raise TaggingError("a table row of the structure tree has no page")
        by_page[page].append(row)
    starts: dict[int, list[int]] = defaultdict(list)
    for index, row_plan in enumerate(plan.rows):
        dest = dests.get(row_plan.anchor)
        if dest is None:
            raise TaggingError(f"row {row_plan.anchor!r} has no destination in the PDF")
        starts[dest.page].append(index)
    last: int | None = None
    for page in sorted(set(by_page) | set(starts)):
        elements = by_page.get(page, [])
        new = starts.get(page, [])
        continued = len(elements) - len(new)
        if continued not in (0, 1) or (continued == 1 and last is None):
            raise TaggingError(
                f"page {page + 1}: {len(elements)} table rows in the structure tree, "
                f"{len(new)} starting there"
            )
        assigned = ([last] if continued else []) + new
        for element, row_index in zip(elements, assigned, strict=True):
            assert row_index is not None
            row_plan = plan.rows[row_index]
            cells = [kid for kid in _elements(element) if _type(kid) in ("/TD", "/TH")]
            if len(cells) != len(row_plan.langs):
                raise TaggingError(
                    f"row {row_plan.anchor!r} on page {page + 1}: {len(cells)} cells in the "
                    f"structure tree, {len(row_plan.langs)} in the template"
                )
            for cell, lang in zip(cells, row_plan.langs, strict=True):
                cell.Lang = pikepdf.String(lang)
                report.cells += 1
                report.lang_counts[lang] += 1
        if new:
            last = new[-1]


def _scope_headers(document: pikepdf.Dictionary) -> None:
    """Column headers (the language names in ``thead``) say so: ``/Scope /Column``."""
    for element, ancestors in _walk(document):
        if _type(element) == "/TH" and "/THead" in ancestors:
            attributes = element.get("/A")
            if not isinstance(attributes, pikepdf.Dictionary):
                attributes = pikepdf.Dictionary(O=pikepdf.Name.Table)
                element.A = attributes
            attributes.Scope = pikepdf.Name.Column


def _tag_notes(
    document: pikepdf.Dictionary,
    plan: TagPlan,
    dests: dict[str, Destination],
    pages: dict[Any, int],
    report: TagReport,
) -> None:
    placed: dict[int, list[tuple[float, float, str]]] = defaultdict(list)
    for anchor in plan.footnotes:
        dest = dests.get(anchor)
        if dest is None:
            raise TaggingError(f"footnote {anchor!r} has no destination in the PDF")
        placed[dest.page].append((-dest.y, dest.x, anchor))
    areas: dict[int, list[pikepdf.Dictionary]] = defaultdict(list)
    for element in _elements(document):
        if _type(element) == "/NonStruct":
            page = _page_of(element, pages)
            if page is not None:
                areas[page].extend(_elements(element))
    in_order = [note for page in sorted(areas) for note in areas[page]]
    if len(in_order) == len(plan.footnotes):
        # Footnotes keep document order from page to page (a note that does not fit
        # moves, with the line of its call, to the next page; WeasyPrint does not
        # split one): the n-th note of the areas is the n-th of the document. A
        # destination may still point at a page where the note was first tried.
        for element, anchor in zip(in_order, plan.footnotes, strict=True):
            _tag_note(element, anchor, plan, "", report)
        return
    previous: str | None = None
    for page in sorted(set(areas) | set(placed)):
        notes = areas.get(page, [])
        anchors = [anchor for _, _, anchor in sorted(placed.get(page, []))]
        continued = len(notes) - len(anchors)
        if continued not in (0, 1) or (continued == 1 and previous is None):
            raise TaggingError(
                f"page {page + 1}: {len(notes)} footnotes in the structure tree, "
                f"{len(anchors)} placed there"
            )
        names: list[str] = ([previous] if previous is not None and continued else []) + anchors
        for index, (element, anchor) in enumerate(zip(notes, names, strict=True)):
            suffix = f"-{page + 1}" if continued and index == 0 else ""
            _tag_note(element, anchor, plan, suffix, report)
        if anchors:
            previous = anchors[-1]


def _tag_note(
    element: pikepdf.Dictionary, anchor: str, plan: TagPlan, suffix: str, report: TagReport
) -> None:
    lang, note_id = plan.footnotes[anchor]
    element.S = pikepdf.Name.Note
    element.Lang = pikepdf.String(lang)
    element.ID = pikepdf.String(f"note-{lang}-{note_id}{suffix}")
    report.notes += 1
    marker = _elements(element)
    if marker and _type(marker[0]) in ("/NonStruct", "/Span"):
        marker[0].S = pikepdf.Name.Lbl


def _tag_page_notes(
    document: pikepdf.Dictionary,
    plan: TagPlan,
    pages: dict[Any, int],
    report: TagReport,
) -> None:
    """Two columns: each page's footnote is a block of paragraphs, one per note, in plan order."""
    areas = [
        element
        for element in _elements(document)
        if _type(element) == "/NonStruct" and _page_of(element, pages) is not None
    ]
    if len(areas) != len(plan.page_notes):
        raise TaggingError(
            f"{len(areas)} footnote areas in the structure tree, {len(plan.page_notes)} planned"
        )
    for area, anchors in zip(areas, plan.page_notes, strict=True):
        paragraphs = [element for element, _ in _walk(area) if _type(element) == "/P"]
        if len(paragraphs) != len(anchors):
            raise TaggingError(
                f"page {(_page_of(area, pages) or 0) + 1}: {len(paragraphs)} notes in the "
                f"structure tree, {len(anchors)} planned"
            )
        for element, anchor in zip(paragraphs, anchors, strict=True):
            lang, note_id = plan.footnotes[anchor]
            element.S = pikepdf.Name.Note
            element.Lang = pikepdf.String(lang)
            element.ID = pikepdf.String(f"note-{anchor.split('@')[1]}-{note_id}")
            report.notes += 1


def _untable(document: pikepdf.Dictionary) -> None:
    """A one-column layout: the table is only a layout device, tag it as divisions."""
    for element, _ in _walk(document):
        if _type(element) in ("/Table", "/TBody", "/THead", "/TR", "/TD", "/TH"):
            element.S = pikepdf.Name.Div
            if "/A" in element:
                del element["/A"]


# --------------------------------------------------------------- pagination


def artifact_pagination(pdf: pikepdf.Pdf) -> int:
    """Turn marked content that belongs to no element of the tree into artifacts.

    WeasyPrint gives the content of margin boxes (running heads, page numbers)
    structure elements that it leaves out of the tree; PDF/UA wants it marked
    as pagination artifacts instead. Returns the number of sequences changed.
    """
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return 0
    reachable = {element.objgen for element, _ in _walk(root) if element.is_indirect}
    parent_tree = root.ParentTree
    nums = parent_tree.Nums
    changed = 0
    for position in range(0, len(nums), 2):
        key = int(nums[position])
        if key >= len(pdf.pages):
            continue  # annotations
        page = pdf.pages[key]
        entries = nums[position + 1]
        orphans = {
            mcid
            for mcid, element in enumerate(entries)
            if isinstance(element, pikepdf.Dictionary) and element.objgen not in reachable
        }
        if not orphans:
            continue
        instructions = pikepdf.parse_content_stream(page)
        rewritten: list[Any] = []
        for instruction in instructions:
            if (
                isinstance(instruction, pikepdf.ContentStreamInstruction)
                and str(instruction.operator) == "BDC"
                and len(instruction.operands) == 2
                and isinstance(instruction.operands[1], pikepdf.Dictionary)
                and int(instruction.operands[1].get("/MCID", -1)) in orphans
            ):
                rewritten.append(
                    pikepdf.ContentStreamInstruction(
                        [
                            pikepdf.Name.Artifact,
                            pikepdf.Dictionary(Type=pikepdf.Name.Pagination),
                        ],
                        pikepdf.Operator("BDC"),
                    )
                )
                changed += 1
            else:
                rewritten.append(instruction)
        page.Contents = pdf.make_stream(pikepdf.unparse_content_stream(rewritten))
        for mcid in orphans:
            entries[mcid] = pikepdf.Object.parse(b"null")
    return changed


# ------------------------------------------------------------------- PDF/A


def mark_archival(pdf: pikepdf.Pdf, part: int = 2, conformance: str = "A") -> None:
    """Identify the file as PDF/A-``part````conformance`` besides PDF/UA-1."""
    metadata = pdf.Root.Metadata
    packet = bytes(metadata.read_bytes())
    start = packet.index(b"<x:xmpmeta")
    end = packet.index(b"</x:xmpmeta>") + len(b"</x:xmpmeta>")
    tree = etree.fromstring(packet[start:end])
    rdf = tree.find("rdf:RDF", XMP_NS)
    if rdf is None:
        raise TaggingError("the XMP metadata has no rdf:RDF")
    for old in rdf.findall("rdf:Description[@pdfaid:part]", XMP_NS):
        rdf.remove(old)
    description = etree.SubElement(
        rdf, f"{{{XMP_NS['rdf']}}}Description", nsmap={"pdfaid": XMP_NS["pdfaid"]}
    )
    description.set(f"{{{XMP_NS['rdf']}}}about", "")
    description.set(f"{{{XMP_NS['pdfaid']}}}part", str(part))
    description.set(f"{{{XMP_NS['pdfaid']}}}conformance", conformance)
    if not any(d.find("{*}schemas") is not None for d in rdf):
        # PDF/A-2 admits only predefined XMP schemas unless the file describes
        # the others: describe WeasyPrint's pdfuaid:part.
        rdf.append(etree.fromstring(PDFUA_EXTENSION_SCHEMA))
    body = etree.tostring(tree, encoding="utf-8")
    new_packet = packet[:start] + body + packet[end:]
    pdf.Root.Metadata = pdf.make_stream(
        new_packet, Type=pikepdf.Name.Metadata, Subtype=pikepdf.Name.XML
    )
    for intent in pdf.Root.get("/OutputIntents", []):
        intent.S = pikepdf.Name.GTS_PDFA1
    for page in pdf.pages:
        for annotation in page.get("/Annots", []):
            annotation.F = 4  # print


def xmp_identification(pdf: pikepdf.Pdf) -> dict[str, str]:
    """The PDF/A and PDF/UA claims of the XMP metadata (``{"pdfaid:part": "2", …}``)."""
    packet = bytes(pdf.Root.Metadata.read_bytes())
    start = packet.index(b"<x:xmpmeta")
    end = packet.index(b"</x:xmpmeta>") + len(b"</x:xmpmeta>")
    tree = etree.fromstring(packet[start:end])
    found: dict[str, str] = {}
    for prefix in ("pdfaid", "pdfuaid"):
        for key in ("part", "conformance"):
            for description in tree.iter(f"{{{XMP_NS['rdf']}}}Description"):
                value = description.get(f"{{{XMP_NS[prefix]}}}{key}")
                if value is None:
                    child = description.find(f"{prefix}:{key}", XMP_NS)
                    value = child.text if child is not None else None
                if value is not None:
                    found[f"{prefix}:{key}"] = value
    return found
