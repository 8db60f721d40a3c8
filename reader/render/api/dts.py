"""DTS 1.0: the corpus as a Distributed Text Services API, as static files or answered live.

`Distributed Text Services <https://dtsapi.org/versions/v1.0/>`_ clients read a
corpus through three endpoints whose URLs they build from URI templates
(RFC 6570) given in an entry point. This module holds what both ways of
serving it share: the collections, the citation trees read from the TEI, and
the answer to every query (:class:`Api`, with :class:`QueryError` for the 400
and 404 answers the specification asks for). Two URL schemes place it:

* :class:`StaticUrls`: every template expands to a *path*, and every answer a
  Level 0 client may ask for is written as a file at that path by
  :func:`dts_outputs` (``reader build``; ``docs/dts.md`` gives the mapping)::

    api/dts/index.json                               the entry point
    api/dts/collection.json                          the corpus (root collection)
    api/dts/collection/{id}.json                     a collection or resource
    api/dts/collection/{id}/{nav}.json               … its parents or children
    api/dts/navigation/{resource};down={d}.json      the citation tree from the root
    api/dts/navigation/{resource}/{ref}.json         one citable unit
    api/dts/navigation/{resource};down={d}/{ref}.json  a unit with its subtree / siblings
    api/dts/document/{resource}.xml                  a whole version (the TEI file)
    api/dts/document/{resource}/{ref}.xml            one passage in the DTS wrapper

* :class:`QueryUrls`: query templates on an absolute base, for a server that
  reads the query string (``reader serve``, :mod:`reader.server`), which also
  answers ranges (``start``/``end``), ``tree`` and ``mediaType``.

Collections: the corpus (``sovturk``) holds one collection per text
(``karakus``), which holds one ``Resource`` per language version
(``karakus.eng1``, ``karakus.tur1`` …, the version names of our CTS URNs).

Citation trees and citable units are not hard-coded: they are read from each
file's ``refsDecl/citeStructure`` and evaluated on the TEI with XPath, as any
DTS tool reading the TEI would (unprefixed names in those paths are TEI names).
"""

from __future__ import annotations

import copy
import functools
import json
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode
from xml.sax.saxutils import escape as xml_escape

from lxml import etree

from reader import refs
from reader.align import AlignedText
from reader.cite import PROJECT, version_statement
from reader.errors import CorpusError, Problem, ReaderError
from reader.model import Document, Provenance
from reader.refs import parallel_version_of
from reader.render.common.output import Output, code_digest, digest
from reader.render.common.tei_files import corpus_folder, published_pattern
from reader.tei.citation import (
    CitableNode,
    CitationTree,
    CiteStructure,
    citable_nodes,
    citation_trees,
    tei_xpath,
)
from reader.tei.pointers import POINTER_ATTRIBUTES, PrefixDef, pointers, prefix_defs
from reader.tei.xml import TEI, TEI_NS, XML_LANG

JSON = dict[str, Any]

DTS_VERSION = "1.0"
CONTEXT = "https://dtsapi.org/context/v1.0.json"
#: The namespace of ``<dts:wrapper>`` in DTS 1.0 (§ Document endpoint).
DTS_NS = "https://w3id.org/api/dts#"
#: Where the API lives in the site, and the URL path it is served at.
OUT_DIR = "api/dts"
BASE = "/api/dts"
ROOT_ID = refs.NAMESPACE
ROOT_TITLE = PROJECT
NS = {"tei": TEI_NS}
MEDIA_TYPE = "application/tei+xml"
#: What the Document endpoint answers, by ``mediaType`` (the first is the default).
MEDIA_TYPES = (MEDIA_TYPE, "text/plain")
#: The media type of every JSON answer (§ Response headers).
JSON_MEDIA_TYPE = "application/ld+json"
CTS_TYPES = {
    True: "http://chs.harvard.edu/xmlns/cts#edition",
    False: "http://chs.harvard.edu/xmlns/cts#translation",
}
EXTENSION_CONTEXT = {"schema": "https://schema.org/"}
NAV_VALUES = ("children", "parents")
_CTS_PASSAGE = re.compile(refs.PASSAGE)


# ------------------------------------------------------------ URI templates


def entry_templates(base: str = BASE) -> dict[str, str]:
    """The URI templates of the static entry point; each expands to a file path."""
    return StaticUrls(base).entry_templates()


def collection_template(identifier: str, base: str = BASE) -> str:
    return StaticUrls(base).collection_template(identifier)


def navigation_template(resource: str, base: str = BASE) -> str:
    return StaticUrls(base).navigation_template(resource)


def document_template(resource: str, base: str = BASE) -> str:
    return StaticUrls(base).document_template(resource)


def collection_path(identifier: str | None = None, nav: str | None = None) -> str:
    """The file answering ``collection?id=…&nav=…`` (``None``: the root collection)."""
    parts = [p for p in (identifier, nav) if p]
    return f"{OUT_DIR}/collection{''.join('/' + p for p in parts)}.json"


def navigation_path(
    resource: str,
    ref: str | None = None,
    down: int | None = None,
    tree: str | None = None,
    start: str | None = None,
    end: str | None = None,
) -> str:
    """The file answering ``navigation?resource=…&ref=…&down=…&tree=…``."""
    params = (f";tree={tree}" if tree else "") + (f";down={down}" if down is not None else "")
    tail = "".join(f"/{p}" for p in (ref, start, end) if p)
    return f"{OUT_DIR}/navigation/{resource}{params}{tail}.json"


def document_path(
    resource: str,
    ref: str | None = None,
    tree: str | None = None,
    start: str | None = None,
    end: str | None = None,
) -> str:
    """The file answering ``document?resource=…&ref=…&tree=…``."""
    params = f";tree={tree}" if tree else ""
    tail = "".join(f"/{p}" for p in (ref, start, end) if p)
    return f"{OUT_DIR}/document/{resource}{params}{tail}.xml"


def resource_id(text_id: str, lang: str) -> str:
    """``karakus``, ``tr`` → ``karakus.tur1``: the version part of our CTS URNs."""
    return f"{text_id}.{refs.CTS_LANG.get(lang, lang)}1"


@dataclass(frozen=True)
class StaticUrls:
    """Templates that expand to file paths (the static export); ``base`` is its URL path."""

    base: str = BASE

    def url(self, path: str) -> str:
        """The URL of a file of the API (``api/dts/x.json`` → ``/api/dts/x.json``)."""
        return self.base + path.removeprefix(OUT_DIR)

    def entry_id(self) -> str:
        return f"{self.base}/index.json"

    def entry_templates(self) -> dict[str, str]:
        return {
            "collection": self.root_collection_template(),
            "navigation": f"{self.base}/navigation/{{resource}}{{;tree}}{{;down}}{{/ref,start,end}}.json",
            "document": f"{self.base}/document/{{resource}}{{;tree}}{{/ref,start,end}}.xml",
        }

    def root_collection_template(self) -> str:
        return f"{self.base}/collection{{/id,nav}}.json"

    def collection_template(self, identifier: str) -> str:
        return f"{self.base}/collection/{identifier}{{/nav}}.json"

    def navigation_template(self, resource: str) -> str:
        return f"{self.base}/navigation/{resource}{{;tree}}{{;down}}{{/ref,start,end}}.json"

    def document_template(self, resource: str) -> str:
        return f"{self.base}/document/{resource}{{;tree}}{{/ref,start,end}}.xml"

    def collection_url(self, identifier: str) -> str:
        return self.url(collection_path(identifier))

    def navigation_url(
        self,
        resource: str,
        ref: str | None = None,
        down: int | None = None,
        tree: str | None = None,
        start: str | None = None,
        end: str | None = None,
    ) -> str:
        return self.url(navigation_path(resource, ref, down, tree, start, end))

    def document_url(self, resource: str) -> str:
        return self.url(document_path(resource))


@dataclass(frozen=True)
class QueryUrls:
    """Query-string templates on an absolute base (``http://host:port/api/dts``), for a server."""

    base: str

    def entry_id(self) -> str:
        return f"{self.base}/"

    def entry_templates(self) -> dict[str, str]:
        return {
            "collection": self.root_collection_template(),
            "navigation": f"{self.base}/navigation{{?resource,ref,start,end,down,tree}}",
            "document": f"{self.base}/document{{?resource,ref,start,end,tree,mediaType}}",
        }

    def root_collection_template(self) -> str:
        return f"{self.base}/collection{{?id,nav}}"

    def collection_template(self, identifier: str) -> str:
        return f"{self.base}/collection?id={quote(identifier, safe='')}{{&nav}}"

    def navigation_template(self, resource: str) -> str:
        return (
            f"{self.base}/navigation?resource={quote(resource, safe='')}"
            "{&ref,start,end,down,tree}"
        )

    def document_template(self, resource: str) -> str:
        return (
            f"{self.base}/document?resource={quote(resource, safe='')}"
            "{&ref,start,end,tree,mediaType}"
        )

    def collection_url(self, identifier: str) -> str:
        return f"{self.base}/collection?{urlencode({'id': identifier})}"

    def navigation_url(
        self,
        resource: str,
        ref: str | None = None,
        down: int | None = None,
        tree: str | None = None,
        start: str | None = None,
        end: str | None = None,
    ) -> str:
        params: dict[str, str | int | None] = {"resource": resource, "ref": ref}
        params |= {"start": start, "end": end, "down": down, "tree": tree}
        return f"{self.base}/navigation?" + urlencode(
            {k: v for k, v in params.items() if v is not None}
        )

    def document_url(self, resource: str) -> str:
        return f"{self.base}/document?{urlencode({'resource': resource})}"


Urls = StaticUrls | QueryUrls


class QueryError(ReaderError):
    """A DTS query the API cannot answer: a ``status`` of 400 (bad query) or 404 (not found)."""

    def __init__(self, status: int, message: str) -> None:
        self.status = status
        super().__init__(message)


def effective_lang(element: etree._Element, default: str) -> str:
    node: etree._Element | None = element
    while node is not None:
        lang = node.get(XML_LANG)
        if lang:
            return lang
        node = node.getparent()
    return default


def plain_text(elements: list[etree._Element]) -> str:
    """The words of ``elements`` without notes (and, in ``choice``, the ``sic``), spaced once."""
    parts: list[str] = []

    def walk(element: etree._Element, top: bool) -> None:
        tag = etree.QName(element).localname if isinstance(element.tag, str) else ""
        skip = (tag == "note" and not top) or tag == "corr"
        if not skip and tag:
            parts.append(element.text or "")
            for child in element:
                walk(child, False)
        if not top:
            parts.append(element.tail or "")

    for index, element in enumerate(elements):
        if index:
            parts.append(" ")
        walk(element, True)
    return " ".join("".join(parts).split())


# --------------------------------------------------------------- versions


@dataclass
class TreeIndex:
    """One citation tree of a version, indexed: units in pre-order, where each sits and ends."""

    nodes: list[CitableNode]
    #: reference → its position in ``nodes``
    position: dict[str, int] = field(default_factory=dict)
    #: reference → the position of the last unit of its subtree (itself if it has none)
    last: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        open_units: list[CitableNode] = []
        for index, node in enumerate(self.nodes):
            self.position[node.identifier] = index
            while open_units and open_units[-1].level >= node.level:
                self.last[open_units.pop().identifier] = index - 1
            open_units.append(node)
        for node in open_units:
            self.last[node.identifier] = len(self.nodes) - 1

    def node(self, ref: str) -> CitableNode:
        return self.nodes[self.position[ref]]

    def subtree(self, node: CitableNode, down: int) -> list[CitableNode]:
        """``node`` and its descendants at most ``down`` levels below it (−1: all)."""
        inside = self.nodes[self.position[node.identifier] : self.last[node.identifier] + 1]
        return [n for n in inside if down == -1 or n.level - node.level <= down]

    def siblings(self, node: CitableNode) -> list[CitableNode]:
        return [n for n in self.nodes if n.parent == node.parent and n.level == node.level]

    def span(self, start: CitableNode, end: CitableNode) -> tuple[int, int]:
        """Positions of a range: from ``start`` to the end of ``end``'s subtree, inclusive.

        Raises :class:`QueryError` (400) when ``end`` comes before ``start``.
        """
        low, high = self.position[start.identifier], self.last[end.identifier]
        if high < low:
            raise QueryError(
                400,
                f"the range ends before it starts: {end.identifier!r} comes before "
                f"{start.identifier!r} in the document; exchange start and end",
            )
        return low, high

    def in_range(self, start: CitableNode, end: CitableNode, down: int | None) -> list[CitableNode]:
        """The units of a range down to ``down`` levels below the deeper of its ends (−1: all)."""
        low, high = self.span(start, end)
        deepest = max(start.level, end.level)
        return [
            n
            for n in self.nodes[low : high + 1]
            if down is None or down == -1 or n.level <= deepest + down
        ]

    def covering(self, start: CitableNode, end: CitableNode) -> list[CitableNode]:
        """The fewest units whose subtrees together are exactly the range (for documents)."""
        low, high = self.span(start, end)
        whole = [n for n in self.nodes[low : high + 1] if self.last[n.identifier] <= high]
        inside = {n.identifier for n in whole}
        return [n for n in whole if n.parent not in inside]


@dataclass
class Version:
    """One language version of a text: a DTS ``Resource``."""

    aligned: AlignedText
    lang: str
    document: Document
    root: etree._Element
    trees: list[CitationTree]
    nodes: dict[str | None, list[CitableNode]]
    indexes: dict[str | None, TreeIndex] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for tree, nodes in self.nodes.items():
            self.indexes.setdefault(tree, TreeIndex(nodes))

    @property
    def text_id(self) -> str:
        return self.aligned.id

    @property
    def is_source(self) -> bool:
        return self.document is self.aligned.source

    @property
    def id(self) -> str:
        return resource_id(self.text_id, self.lang)

    @property
    def urn(self) -> str:
        return f"urn:cts:{refs.NAMESPACE}:{self.id}"

    @property
    def provenance(self) -> Provenance:
        return self.document.header.provenance

    @property
    def statement(self) -> str:
        return version_statement(self.lang, self.provenance, self.aligned.source.lang)


def read_version(aligned: AlignedText, lang: str) -> Version:
    """Parse one version's TEI and evaluate its citation trees."""
    document = aligned.document(lang)
    root = aligned.tree(lang).getroot()  # the tree the build parsed, when it did
    trees = citation_trees(root)
    if not trees and document is not aligned.source:
        # A translation without its own declaration is cited like its source.
        trees = citation_trees(aligned.tree(aligned.source.lang).getroot())
    nodes = {tree.identifier: citable_nodes(root, tree) for tree in trees}
    return Version(aligned, lang, document, root, trees, nodes)


def versions_of(aligned: AlignedText) -> list[Version]:
    return [read_version(aligned, lang) for lang in aligned.languages]


# ----------------------------------------------------------------- answers


def _lang_values(values: dict[str, str]) -> list[JSON]:
    return [{"lang": lang, "value": value} for lang, value in values.items() if value]


def json_bytes(data: JSON, *, compact: bool = False) -> bytes:
    """A JSON answer as UTF-8 (indented for files people read, compact for the rest)."""
    if compact:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def parse_down(value: str | None) -> int | None:
    """The ``down`` parameter: absent, −1 or a whole number ≥ 0 (else a 400)."""
    if value is None:
        return None
    text = value.strip()
    if not re.fullmatch(r"-1|\d{1,6}", text):
        raise QueryError(400, f"down must be -1 or a whole number from 0 (got {value[:40]!r})")
    return int(text)


def _check_page(page: str | None) -> None:
    if page is not None and page.strip() != "1":
        raise QueryError(
            400, f"answers are not paginated: page must be 1 or absent (got {page[:40]!r})"
        )


class Api:
    """Every answer of the DTS API for a set of aligned texts, placed by a URL scheme.

    ``base`` places the static export (``Api(texts, base="/prefix/api/dts")``);
    ``urls`` gives another scheme (:class:`QueryUrls` for a server). Versions
    are parsed on first use, once, also under threads; :meth:`load` parses
    them all up front.
    """

    def __init__(
        self,
        texts: dict[str, AlignedText],
        base: str = BASE,
        *,
        urls: Urls | None = None,
        media_types: tuple[str, ...] = (MEDIA_TYPE,),
    ) -> None:
        self.texts = texts
        self.urls: Urls = urls if urls is not None else StaticUrls(base)
        self.base = self.urls.base
        self.media_types = media_types
        self._versions: dict[str, list[Version]] = {}
        self._lock = threading.Lock()
        for text_id in texts:
            for reserved in (ROOT_ID, *NAV_VALUES):
                if text_id == reserved:
                    raise ValueError(f"a text may not be called {reserved!r} in the DTS API")

    def url(self, path: str) -> str:
        """The URL of a file of the static API (``api/dts/x.json`` → ``/api/dts/x.json``)."""
        return self.base + path.removeprefix(OUT_DIR)

    def versions(self, text_id: str) -> list[Version]:
        found = self._versions.get(text_id)
        if found is None:
            with self._lock:
                found = self._versions.get(text_id)
                if found is None:
                    found = self._versions[text_id] = versions_of(self.texts[text_id])
        return found

    def all_versions(self) -> Iterator[Version]:
        for text_id in self.texts:
            yield from self.versions(text_id)

    def load(self) -> Api:
        """Parse every version now (a server does, before it answers anything)."""
        for _ in self.all_versions():
            pass
        return self

    def version(self, identifier: str) -> Version:
        """The Resource called ``identifier`` (``karakus.tur1``), or a 404."""
        text_id = identifier.rpartition(".")[0]
        if text_id in self.texts:
            for version in self.versions(text_id):
                if version.id == identifier:
                    return version
        raise QueryError(404, f"no resource {identifier[:200]!r}; see the collection endpoint")

    # -- entry point and collections -------------------------------------------

    def entry(self) -> JSON:
        return {
            "@context": CONTEXT,
            "dtsVersion": DTS_VERSION,
            "@id": self.urls.entry_id(),
            "@type": "EntryPoint",
            **self.urls.entry_templates(),
        }

    def _head(self, data: JSON) -> JSON:
        return {"@context": CONTEXT, "dtsVersion": DTS_VERSION, **data}

    def root_collection(self, *, member: bool = True) -> JSON:
        languages = sorted({lang for a in self.texts.values() for lang in a.languages})
        data: JSON = {
            "@id": ROOT_ID,
            "@type": "Collection",
            "title": ROOT_TITLE,
            "description": (
                "Sources on Soviet–Turkish relations (1919–1922): each text in its original "
                "language, with Turkish and Russian versions prepared for this edition, "
                "aligned by xml:id."
            ),
            "totalParents": 0,
            "totalChildren": len(self.texts),
            "collection": self.urls.root_collection_template(),
            "dublinCore": {
                "title": [{"lang": "en", "value": ROOT_TITLE}],
                "publisher": [f"{PROJECT} project"],
                "language": languages,
                "identifier": [f"urn:cts:{refs.NAMESPACE}:"],
            },
        }
        if member:
            data["member"] = [self.text_collection(t, member=False) for t in self.texts]
        return data

    def text_collection(self, text_id: str, *, member: bool = True) -> JSON:
        aligned = self.texts[text_id]
        header = aligned.source.header
        titles = {aligned.source.lang: header.title}
        for lang, title in header.titles.items():
            titles.setdefault(lang, title)
        authors = ", ".join(a.name for a in header.authors)
        year = header.publication.year
        data: JSON = {
            "@id": text_id,
            "@type": "Collection",
            "title": header.title,
            "description": f"{authors} ({year or 'n.d.'}); versions: "
            + ", ".join(resource_id(text_id, lang) for lang in aligned.languages),
            "totalParents": 1,
            "totalChildren": len(aligned.languages),
            "collection": self.urls.collection_template(text_id),
            "dublinCore": self._work_metadata(aligned, titles),
        }
        if member:
            data["member"] = [self.resource(v) for v in self.versions(text_id)]
        return data

    def _creators(self, aligned: AlignedText) -> list[str]:
        creators: list[str] = []
        for person in aligned.source.header.authors:
            creators.append(person.name)
            if person.orcid:
                creators.append(f"https://orcid.org/{person.orcid}")
        return creators

    def _work_metadata(self, aligned: AlignedText, titles: dict[str, str]) -> JSON:
        header = aligned.source.header
        pub = header.publication
        data: JSON = {
            "title": _lang_values(titles),
            "creator": self._creators(aligned),
            "language": list(aligned.languages),
            "type": ["http://chs.harvard.edu/xmlns/cts#work", "Text"],
            "identifier": [f"urn:cts:{refs.NAMESPACE}:{aligned.id}"],
        }
        if pub.year:
            data["date"] = pub.year
        if pub.container_title:
            data["isPartOf"] = [pub.container_title]
        link = f"https://doi.org/{pub.doi}" if pub.doi else pub.url
        if link:
            data["source"] = [link]
        return data

    def resource(self, version: Version, *, full: bool = True) -> JSON:
        """A version as a DTS ``Resource`` (``full``: with its metadata)."""
        data: JSON = {
            "@id": version.id,
            "@type": "Resource",
            "collection": self.urls.collection_template(version.id),
            "navigation": self.urls.navigation_template(version.id),
            "document": self.urls.document_template(version.id),
            "citationTrees": [tree.to_json() for tree in version.trees],
        }
        if not full:
            return data
        header = version.document.header
        provenance = version.provenance
        languages = [version.lang] + [
            lang for lang in header.languages if lang and lang != version.lang
        ]
        dublin_core: JSON = {
            "title": [{"lang": version.lang, "value": header.title}],
            "creator": self._creators(version.aligned),
            "language": languages,
            "description": [{"lang": "en", "value": version.statement}],
            "type": [CTS_TYPES[version.is_source], "Text"],
            "identifier": [version.urn],
        }
        if version.is_source:
            if version.document.header.publication.year:
                dublin_core["date"] = version.document.header.publication.year
        else:
            dublin_core["source"] = [
                f"urn:cts:{refs.NAMESPACE}:{resource_id(version.text_id, version.aligned.source.lang)}"
            ]
            if provenance.date:
                dublin_core["date"] = provenance.date
            if provenance.resp:
                dublin_core["contributor"] = [provenance.resp]
        extensions: JSON = {
            "@context": EXTENSION_CONTEXT,
            "schema:additionalType": provenance.role,
            "schema:creativeWorkStatus": provenance.status,
        }
        return {
            **{k: data[k] for k in ("@id", "@type")},
            "title": header.title,
            "description": version.statement,
            "totalParents": 1,
            "totalChildren": 0,
            **{k: v for k, v in data.items() if k not in ("@id", "@type")},
            "download": self.urls.document_url(version.id),
            "mediaTypes": list(self.media_types),
            "dublinCore": dublin_core,
            "extensions": extensions,
        }

    def collection_response(self, identifier: str | None, nav: str = "children") -> JSON:
        """The answer of ``collection?id=identifier&nav=nav``."""
        if identifier in (None, ROOT_ID):
            data = self.root_collection(member=nav == "children")
            if nav == "parents":
                data["member"] = []
            return self._head(data)
        assert identifier is not None
        if identifier in self.texts:
            data = self.text_collection(identifier, member=nav == "children")
            if nav == "parents":
                data["member"] = [self.root_collection(member=False)]
            return self._head(data)
        for version in self.all_versions():
            if version.id == identifier:
                data = self.resource(version)
                if nav == "parents":
                    data["member"] = [self.text_collection(version.text_id, member=False)]
                return self._head(data)
        raise KeyError(identifier)

    def collection_query(
        self, identifier: str | None = None, nav: str | None = None, page: str | None = None
    ) -> JSON:
        """The answer of ``collection?id=…&nav=…&page=…`` (:class:`QueryError` for 400 and 404)."""
        if nav is not None and nav not in NAV_VALUES:
            raise QueryError(400, f"nav must be 'children' or 'parents' (got {nav[:40]!r})")
        _check_page(page)
        try:
            return self.collection_response(identifier or None, nav or "children")
        except KeyError:
            raise QueryError(
                404, f"no collection or resource {identifier!r}; see the root collection"
            ) from None

    # -- navigation ------------------------------------------------------------

    def citable_unit(self, version: Version, node: CitableNode, tree: str | None) -> JSON:
        data: JSON = {
            "identifier": node.identifier,
            "@type": "CitableUnit",
            "level": node.level,
            "parent": node.parent,
            "citeType": node.cite_type,
        }
        if tree is None and _CTS_PASSAGE.fullmatch(node.identifier):
            data["@id"] = refs.urn(refs.Ref(version.text_id, node.identifier), version.lang)
        element = node.element
        metadata: JSON = {}
        if etree.QName(element).localname in ("head", "titlePart"):
            metadata["title"] = [
                {"lang": effective_lang(element, version.lang), "value": plain_text([element])}
            ]
        lang = effective_lang(element, version.lang)
        if lang != version.lang:
            metadata["language"] = [lang]
        if metadata:
            data["dublinCore"] = metadata
        role = self._unit_role(version, node)
        if role is not None:
            extensions: JSON = {"@context": EXTENSION_CONTEXT, "schema:additionalType": role[0]}
            if role[1]:
                extensions["schema:isBasedOn"] = role[1]
            data["extensions"] = extensions
        return data

    def tree_index(self, version: Version, tree: str | None) -> TreeIndex:
        """The citation tree ``tree`` of ``version`` (``None``: the default), or a 404."""
        if tree is not None and tree not in version.indexes:
            named = [t.identifier for t in version.trees if t.identifier]
            raise QueryError(
                404,
                f"resource {version.id!r} has no citation tree {tree[:100]!r}"
                + (
                    f"; its other trees are: {', '.join(named)}"
                    if named
                    else "; it has only its default tree"
                ),
            )
        if not version.indexes:
            return TreeIndex([])
        return version.indexes[tree]

    def _unit(self, version: Version, index: TreeIndex, ref: str) -> CitableNode:
        if ref not in index.position:
            raise QueryError(
                404, f"resource {version.id!r} has no citable unit {ref[:200]!r} in this tree"
            )
        return index.node(ref)

    def navigation(
        self,
        version: Version,
        tree: str | None,
        ref: str | None,
        down: int | None,
        start: str | None = None,
        end: str | None = None,
    ) -> JSON:
        """The answer of ``navigation?resource=…&ref=…&start=…&end=…&down=…&tree=…``.

        The query is taken as valid (:meth:`navigation_query` checks it first).
        """
        index = self.tree_index(version, tree)
        data: JSON = {
            "@id": self.urls.navigation_url(version.id, ref, down, tree, start, end),
            "@type": "Navigation",
            "resource": self.resource(version, full=False),
        }
        members: list[CitableNode] | None = None
        if not version.trees:
            # § Navigation: a Resource without citation trees answers an empty member.
            data["member"] = []
            return self._head(data)
        if ref is not None:
            node = self._unit(version, index, ref)
            data["ref"] = self.citable_unit(version, node, tree)
            if down == 0:
                members = index.siblings(node)
            elif down is not None:
                members = index.subtree(node, down)
        elif start is not None and end is not None:
            first, last = self._unit(version, index, start), self._unit(version, index, end)
            data["start"] = self.citable_unit(version, first, tree)
            data["end"] = self.citable_unit(version, last, tree)
            span = index.in_range(first, last, down)
            if down is not None:
                members = span
        elif down is not None:
            members = [n for n in index.nodes if down == -1 or n.level <= down]
        if members is not None:
            data["member"] = [self.citable_unit(version, n, tree) for n in members]
        return self._head(data)

    def navigation_query(
        self,
        resource: str | None,
        ref: str | None = None,
        start: str | None = None,
        end: str | None = None,
        down: str | int | None = None,
        tree: str | None = None,
        page: str | None = None,
    ) -> JSON:
        """A Navigation query checked as DTS 1.0 says (:class:`QueryError` for 400 and 404)."""
        depth = down if isinstance(down, int) or down is None else parse_down(down)
        _check_range(resource, ref, start, end)
        _check_page(page)
        if depth is None and ref is None and start is None:
            raise QueryError(400, "give ref, start and end, or down (the table of § Navigation)")
        if depth == 0 and ref is None:
            raise QueryError(400, "down=0 (the siblings of a unit) needs ref")
        if depth is not None and depth < -1:
            raise QueryError(400, "down must be -1 or a whole number from 0")
        version = self.version(str(resource))
        return self.navigation(version, tree, ref, depth, start, end)

    def _unit_role(self, version: Version, node: CitableNode) -> tuple[str, str | None] | None:
        """What a unit is where it differs from its version (the author's own, left in the original)."""
        element = node.element
        source = element.get("source")
        if source and source.startswith("corpus:"):
            text_id, _, target = source.removeprefix("corpus:").partition("#")
            return "authors-own", refs.urn(refs.Ref(text_id, target), self._source_lang(text_id))
        copy_of = element.get("copyOf")
        if copy_of and copy_of.startswith("corpus:"):
            text_id, _, target = copy_of.removeprefix("corpus:").partition("#")
            return "original", refs.urn(refs.Ref(text_id, target), self._source_lang(text_id))
        if version.is_source and node.level == 1 and parallel_version_of(node.identifier):
            return "authors-own", None
        return None

    def _source_lang(self, text_id: str) -> str:
        aligned = self.texts.get(text_id)
        return aligned.source.lang if aligned is not None else "en"

    # -- documents -------------------------------------------------------------

    def fragment(self, version: Version, node: CitableNode) -> bytes:
        """One passage as TEI in the DTS wrapper."""
        return self._wrapped(version, _copies(version, node.elements))

    def range_fragment(self, version: Version, index: TreeIndex, start: str, end: str) -> bytes:
        """A range of passages as TEI in the DTS wrapper.

        The wrapper holds the units the range covers whole; where it begins or
        ends inside a unit (``p12.s3`` to ``p14.s2``), that unit's element is
        given with only the covered children, as the specification's example
        does, so that the wrapper holds exactly the range.
        """
        first, last = self._unit(version, index, start), self._unit(version, index, end)
        covering = index.covering(first, last)
        elements = [e for node in covering for e in node.elements]
        return self._wrapped(version, _partial_tree(version, elements))

    def _wrapped(self, version: Version, content: list[etree._Element]) -> bytes:
        prefix = self.published_prefix(version)
        if prefix is not None:
            for element in content:
                _publish_pointers(element, prefix)
        tei = etree.Element(f"{TEI}TEI", nsmap={None: TEI_NS})
        tei.set(XML_LANG, version.lang)
        wrapper = etree.SubElement(tei, f"{{{DTS_NS}}}wrapper", nsmap={"dts": DTS_NS})
        for element in content:
            wrapper.append(element)
        if len(wrapper):
            wrapper[-1].tail = None
        etree.cleanup_namespaces(tei, top_nsmap={None: TEI_NS})
        return etree.tostring(tei, xml_declaration=True, encoding="UTF-8") + b"\n"

    def whole(self, version: Version) -> bytes:
        """The version's TEI file, its ``corpus:`` prefix pointing to the site's copies."""
        data = Path(version.document.path).read_bytes()
        prefix = self.published_prefix(version)
        return data if prefix is None else _with_replacement_pattern(data, prefix)

    def published_prefix(self, version: Version) -> PrefixDef | None:
        """The version's ``corpus:`` prefix made absolute on the site's TEI files
        (reader.render.common.tei_files), or None (no such prefix, or an API not
        placed under a site: its base does not end in /api/dts)."""
        if not self.base.endswith(BASE):
            return None
        own = prefix_defs(version.root).get("corpus")
        if own is None:
            return None
        folder = corpus_folder(version.lang, version.aligned.source.lang)
        pattern = published_pattern(own.replacement_pattern, folder, self.base[: -len(BASE)])
        return PrefixDef(own.ident, own.match_pattern, pattern)

    def document_query(
        self,
        resource: str | None,
        ref: str | None = None,
        start: str | None = None,
        end: str | None = None,
        tree: str | None = None,
        media_type: str | None = None,
    ) -> tuple[bytes, str]:
        """A Document query: the body and its media type (:class:`QueryError` for 400 and 404)."""
        _check_range(resource, ref, start, end)
        version = self.version(str(resource))
        wanted = media_type or self.media_types[0]
        if wanted not in self.media_types:
            raise QueryError(
                404,
                f"resource {version.id!r} is not available as {wanted[:80]!r}; "
                f"it is as: {', '.join(self.media_types)}",
            )
        if ref is None and start is None:
            # § Document: tree has no effect without ref or a range.
            if wanted == "text/plain":
                body = version.root.find(f"{TEI}text")
                return _text_bytes([body if body is not None else version.root]), wanted
            return self.whole(version), wanted
        index = self.tree_index(version, tree)
        if ref is not None:
            node = self._unit(version, index, ref)
            if wanted == "text/plain":
                return _text_bytes(node.elements), wanted
            return self.fragment(version, node), wanted
        assert start is not None and end is not None
        if wanted == "text/plain":
            first, last = self._unit(version, index, start), self._unit(version, index, end)
            covered = [e for n in index.covering(first, last) for e in n.elements]
            return _text_bytes(_outermost(covered)), wanted
        return self.range_fragment(version, index, start, end), wanted

    # -- the files ---------------------------------------------------------------

    def outputs(self) -> list[Output]:
        """Every file, each with a key that changes exactly when its inputs change.

        A version's files depend on its text's files (and on the source
        language of the texts its units point into); collections depend on all.
        """
        code = code_digest()
        source_langs = repr(sorted((t, a.source.lang) for t, a in self.texts.items()))
        keys = {
            text_id: digest(code, self.base, source_langs, *_file_bytes(aligned))
            for text_id, aligned in self.texts.items()
        }
        every = digest(code, *(keys[t] for t in sorted(keys)))
        out: list[Output] = []

        def add(path: str, make: Callable[[], bytes]) -> None:
            out.append(Output(path, digest(every, path), make))

        add(f"{OUT_DIR}/index.json", lambda: json_bytes(self.entry()))
        for root in (None, ROOT_ID):
            for nav in (None, *NAV_VALUES):
                add(
                    collection_path(root, nav),
                    functools.partial(self._collection_file, None, nav),
                )
        for text_id in self.texts:
            for nav in (None, *NAV_VALUES):
                add(
                    collection_path(text_id, nav),
                    functools.partial(self._collection_file, text_id, nav),
                )
            for version in self.versions(text_id):
                for nav in (None, *NAV_VALUES):
                    add(
                        collection_path(version.id, nav),
                        functools.partial(self._collection_file, version.id, nav),
                    )
                out += self._version_outputs(version, keys[text_id])
        return out

    def _collection_file(self, identifier: str | None, nav: str | None) -> bytes:
        return json_bytes(self.collection_response(identifier, nav or "children"))

    def _navigation_file(
        self, version: Version, tree: str | None, ref: str | None, down: int | None
    ) -> bytes:
        return json_bytes(self.navigation(version, tree, ref, down), compact=True)

    def _version_outputs(self, version: Version, key: str) -> list[Output]:
        out: list[Output] = []

        def add(path: str, make: Callable[[], bytes]) -> None:
            out.append(Output(path, digest(key, path), make))

        add(document_path(version.id), functools.partial(self.whole, version))
        for tree in version.trees:
            name = tree.identifier
            downs = [*range(1, tree.depth + 1), -1]
            for down in downs:
                add(
                    navigation_path(version.id, None, down, name),
                    functools.partial(self._navigation_file, version, name, None, down),
                )
            for node in version.nodes[name]:
                ref = node.identifier
                _check_segment(version, ref)
                for down_or_none in (None, 0, *downs):
                    add(
                        navigation_path(version.id, ref, down_or_none, name),
                        functools.partial(self._navigation_file, version, name, ref, down_or_none),
                    )
                add(
                    document_path(version.id, ref, name),
                    functools.partial(self.fragment, version, node),
                )
        return out


def _check_range(resource: str | None, ref: str | None, start: str | None, end: str | None) -> None:
    """The parameter rules shared by Navigation and Document (400s)."""
    if not resource:
        raise QueryError(400, "the resource parameter is required")
    if ref is not None and (start is not None or end is not None):
        raise QueryError(400, "ref cannot be given with start or end")
    if (start is None) != (end is None):
        raise QueryError(400, "a range needs both start and end")


_PREFIX_DEF_TAG = re.compile(rb"<prefixDef\b[^>]*>")
_REPLACEMENT = re.compile(rb'(\breplacementPattern=")[^"]*(")')


def _with_replacement_pattern(data: bytes, prefix: PrefixDef) -> bytes:
    """``data`` (a TEI file) with the replacementPattern of its first ``prefix`` changed,
    every other byte as it was."""
    ident = f'ident="{prefix.ident}"'.encode()
    for tag in _PREFIX_DEF_TAG.finditer(data):
        if ident in tag.group(0):
            pattern = xml_escape(prefix.replacement_pattern, {'"': "&quot;"}).encode()
            changed = _REPLACEMENT.sub(
                lambda m, new=pattern: m.group(1) + new + m.group(2),  # type: ignore[misc]
                tag.group(0),
            )
            return data[: tag.start()] + changed + data[tag.end() :]
    return data


def _publish_pointers(element: etree._Element, prefix: PrefixDef) -> None:
    """Expand the ``prefix:`` pointers of ``element`` and its descendants (a passage taken
    out of its file, where the file's prefix declaration no longer reaches)."""
    start = f"{prefix.ident}:"
    for node in element.iter():
        for name in POINTER_ATTRIBUTES:
            value = node.get(name)
            if value and start in value:
                node.set(
                    name,
                    " ".join(
                        prefix.expand(p[len(start) :]) if p.startswith(start) else p
                        for p in pointers(value)
                    ),
                )


def _copies(version: Version, elements: list[etree._Element]) -> list[etree._Element]:
    """Deep copies of ``elements`` for a wrapper, each with its language if it differs."""
    out = []
    for element in elements:
        copied = copy.deepcopy(element)
        copied.tail = " " if len(elements) > 1 else None
        lang = effective_lang(element, version.lang)
        if lang != version.lang and copied.get(XML_LANG) is None:
            copied.set(XML_LANG, lang)
        out.append(copied)
    return out


def _partial_tree(version: Version, elements: list[etree._Element]) -> list[etree._Element]:
    """``elements`` (in document order) with the ancestors they do not share, holding only them."""
    elements = _outermost(elements)
    if len({e.getparent() for e in elements}) <= 1:
        return _copies(version, elements)
    chains = [list(reversed([e, *e.iterancestors()])) for e in elements]
    shared = 0
    while all(len(c) > shared + 1 and c[shared] is chains[0][shared] for c in chains):
        shared += 1
    top: list[etree._Element] = []
    partial: dict[etree._Element, etree._Element] = {}
    for chain in chains:
        parent: etree._Element | None = None
        for ancestor in chain[shared:-1]:
            made = partial.get(ancestor)
            if made is None:
                made = etree.Element(ancestor.tag, dict(ancestor.attrib))
                made.tail = " "
                lang = effective_lang(ancestor, version.lang)
                if lang != version.lang and made.get(XML_LANG) is None:
                    made.set(XML_LANG, lang)
                partial[ancestor] = made
                (top.append(made) if parent is None else parent.append(made))
            parent = made
        (copied,) = _copies(version, [chain[-1]])
        copied.tail = " "
        if parent is None:
            top.append(copied)
        else:
            parent.append(copied)
    return top


def _outermost(elements: list[etree._Element]) -> list[etree._Element]:
    """``elements`` without those inside another of them (a note comes with its sentence)."""
    chosen = set(elements)
    return [e for e in elements if not any(a in chosen for a in e.iterancestors())]


def _text_bytes(elements: list[etree._Element]) -> bytes:
    return (plain_text(elements) + "\n").encode("utf-8")


def _check_segment(version: Version, ref: str) -> None:
    if "/" in ref or ref in ("", ".", ".."):
        raise CorpusError(
            [Problem(version.document.path, 0, f"reference {ref!r} cannot be a file name")]
        )


def _file_bytes(aligned: AlignedText) -> list[bytes]:
    paths = [aligned.source.path, *(d.path for d in aligned.translations.values())]
    return [Path(p).name.encode() + Path(p).read_bytes() for p in paths]


def dts_outputs(texts: dict[str, AlignedText]) -> list[Output]:
    """Every file of the static DTS API, for ``reader.build.build_site(extra=…)``."""
    return Api(texts).outputs()


__all__ = [
    "BASE",
    "DTS_NS",
    "JSON_MEDIA_TYPE",
    "MEDIA_TYPES",
    "Api",
    "CitableNode",
    "CitationTree",
    "CiteStructure",
    "QueryError",
    "QueryUrls",
    "StaticUrls",
    "TreeIndex",
    "Version",
    "citable_nodes",
    "citation_trees",
    "collection_path",
    "document_path",
    "dts_outputs",
    "entry_templates",
    "json_bytes",
    "navigation_path",
    "parse_down",
    "plain_text",
    "read_version",
    "resource_id",
    "tei_xpath",
]
