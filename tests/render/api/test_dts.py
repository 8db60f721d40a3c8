"""The static DTS 1.0 API: files on disk, read the way a DTS client reads them.

The API is written once per session from a snapshot of the project's corpus
into a temporary directory, exactly as ``reader build`` writes it (``write_outputs``
with the DTS outputs); the tests read the files back, expand the URI templates
of the entry point (RFC 6570) and follow every link a client could follow.
"""

from __future__ import annotations

import copy
import functools
import http.server
import json
import re
import shutil
import threading
import unicodedata
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import pytest
from lxml import etree
from typer.testing import CliRunner

import reader
from reader.align import load_aligned
from reader.build import build_site
from reader.cli import app
from reader.corpus import Corpus
from reader.render.api import dts
from reader.render.api.dts import DTS_NS, Api
from reader.render.common.output import write_outputs
from reader.tei.xml import TEI_NS, XML_ID
from tests.conftest import ROOT, ROOTS

CONTEXT = "https://dtsapi.org/context/v1.0.json"


# --------------------------------------------------------------- RFC 6570


_OPERATORS = {"": ("", ",", False), "/": ("/", "/", False), ";": (";", ";", True)}
_OPERATORS |= {"?": ("?", "&", True), "&": ("&", "&", True), ".": (".", ".", False)}


def expand(template: str, **values: str | int | None) -> str:
    """RFC 6570 level 3 expansion (the operators the DTS templates use)."""

    def one(match: re.Match[str]) -> str:
        body = match.group(1)
        operator = body[0] if body[0] in "/;?&." else ""
        first, separator, named = _OPERATORS[operator]
        parts = []
        for name in body[len(operator) :].split(","):
            value = values.get(name)
            if value is None:
                continue
            encoded = quote(str(value), safe="")
            if named:
                parts.append(f"{name}={encoded}" if encoded or operator != ";" else name)
            else:
                parts.append(encoded)
        return first + separator.join(parts) if parts else ""

    return re.sub(r"\{([^}]+)\}", one, template)


def test_the_expander_follows_the_rfc_examples() -> None:
    assert expand("{/var,x}", var="value", x=1024) == "/value/1024"
    assert expand("{;x,y}", x=1024, y=768) == ";x=1024;y=768"
    assert expand("{?var,x}", var="value", x=1024) == "?var=value&x=1024"
    assert expand("X{/var}{;down}", var=None, down=-1) == "X;down=-1"
    assert expand("{var}", var="a:b") == "a%3Ab"


# ---------------------------------------------------------------- the API


@pytest.fixture(scope="session")
def snapshot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the corpus, so that the API and the library read the same files
    while translators keep editing theirs."""
    root = tmp_path_factory.mktemp("corpus")
    for part in ("texts", "translations"):
        shutil.copytree(ROOT / part, root / part)
    return root


@pytest.fixture(scope="session")
def lib(snapshot: Path) -> reader.Library:
    return reader.load(snapshot)


@pytest.fixture(scope="session")
def texts(snapshot: Path) -> dict[str, Any]:
    corpus = Corpus.open(snapshot)
    return {text_id: load_aligned(corpus, text_id) for text_id in corpus.text_ids()}


@pytest.fixture(scope="session")
def api(texts: dict[str, Any]) -> Api:
    return Api(texts)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory, api: Api) -> Path:
    out = tmp_path_factory.mktemp("dts") / "html"
    write_outputs(api.outputs(), out)
    return out


def fetch(site: Path, url: str) -> Path:
    """The file a static server answers ``url`` with (it decodes %XX, ignores nothing)."""
    assert url.startswith("/") and "?" not in url and "#" not in url, url
    return site / unquote(url).lstrip("/")


def read_json(site: Path, url: str) -> Any:
    path = fetch(site, url)
    assert path.is_file(), f"{url} is not a file of the static API"
    return json.loads(path.read_text(encoding="utf-8"))


def normalised(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


@pytest.fixture(scope="session")
def entry(site: Path) -> dict[str, Any]:
    data = read_json(site, "/api/dts/index.json")
    assert isinstance(data, dict)
    return data


def test_every_file_is_valid_json_or_xml(site: Path) -> None:
    files = [p for p in (site / "api" / "dts").rglob("*") if p.is_file()]
    assert len(files) > 1000
    for path in files:
        if path.suffix == ".json":
            data = json.loads(path.read_text(encoding="utf-8"))
            assert data["@context"] == CONTEXT and data["dtsVersion"] == "1.0", path
            assert data["@type"] in ("EntryPoint", "Collection", "Resource", "Navigation")
        else:
            assert path.suffix == ".xml", path
            root = etree.fromstring(path.read_bytes())
            assert root.tag == f"{{{TEI_NS}}}TEI", path


def test_the_entry_point_gives_the_three_templates(entry: dict[str, Any]) -> None:
    assert entry["@type"] == "EntryPoint" and entry["@id"] == "/api/dts/index.json"
    assert set(entry) >= {"collection", "navigation", "document"}
    for key in ("collection", "navigation", "document"):
        assert "?" not in entry[key], "a static server cannot answer query strings"


def test_collections_go_from_corpus_to_text_to_version(
    site: Path, entry: dict[str, Any], lib: reader.Library
) -> None:
    root = read_json(site, expand(entry["collection"]))
    assert root == read_json(site, expand(entry["collection"], id="sovturk"))
    assert root["@type"] == "Collection" and root["totalParents"] == 0
    assert [m["@id"] for m in root["member"]] == lib.text_ids()
    assert root["totalChildren"] == len(root["member"])
    infos = {t.id: t for t in lib.texts()}
    for member in root["member"]:
        text = read_json(site, expand(member["collection"]))
        info = infos[text["@id"]]
        assert text["title"] == info.title and text["totalParents"] == 1
        assert text["dublinCore"]["creator"][0] == info.authors[0]
        versions = text["member"]
        assert [v["dublinCore"]["language"][0] for v in versions] == [
            language.lang for language in info.languages
        ]
        assert text["totalChildren"] == len(versions)
        for version, language in zip(versions, info.languages, strict=True):
            assert version["@type"] == "Resource"
            assert version["@id"] == f"{info.id}.{reader.refs.CTS_LANG[language.lang]}1"
            assert version["description"] == language.statement
            assert version["dublinCore"]["description"] == [
                {"lang": "en", "value": language.statement}
            ]
            assert version["extensions"]["schema:additionalType"] == language.role
            assert version["extensions"]["schema:creativeWorkStatus"] == language.status
            assert version["dublinCore"]["title"][0]["lang"] == language.lang
            assert version["citationTrees"][0]["citeStructure"][0]["citeType"] == "unit"
            assert read_json(site, expand(version["collection"])) == {
                "@context": CONTEXT,
                "dtsVersion": "1.0",
                **version,
            }
            parents = read_json(site, expand(version["collection"], nav="parents"))
            assert [p["@id"] for p in parents["member"]] == [info.id]
            if language.role != "original":
                assert "not the author" in version["description"]
                assert version["dublinCore"]["source"] == [
                    f"urn:cts:sovturk:{info.id}.{reader.refs.CTS_LANG[info.languages[0].lang]}1"
                ]


def test_back_translation_and_authors_own_are_said(site: Path) -> None:
    gusterin = read_json(site, "/api/dts/collection/gusterin.rus1.json")
    assert gusterin["extensions"]["schema:additionalType"] == "back-translation"
    assert "back-translation" in gusterin["description"]
    unit = read_json(site, "/api/dts/navigation/karakus.tur1/p1.json")["ref"]
    assert unit["extensions"]["schema:additionalType"] == "authors-own"
    assert unit["extensions"]["schema:isBasedOn"] == "urn:cts:sovturk:karakus.eng1:p1_tr"
    own = read_json(site, "/api/dts/navigation/karakus.eng1/p1_tr.json")["ref"]
    assert own["dublinCore"]["language"] == ["tr"]


def test_citation_trees_come_from_the_tei_headers(texts: dict[str, Any]) -> None:
    for aligned in texts.values():
        for lang in aligned.languages:
            version = dts.read_version(aligned, lang)
            assert len(version.trees) == 1 and version.trees[0].identifier is None
            tree = version.trees[0].to_json()
            assert tree == {
                "@type": "CitationTree",
                "citeStructure": [
                    {
                        "@type": "CiteStructure",
                        "citeType": "unit",
                        "citeStructure": [{"@type": "CiteStructure", "citeType": "sentence"}],
                    }
                ],
            }


def test_the_tree_holds_the_librarys_passages(texts: dict[str, Any], lib: reader.Library) -> None:
    for text_id, aligned in texts.items():
        nodes = dts.read_version(aligned, aligned.source.lang).nodes[None]
        units = {n.identifier for n in nodes if n.level == 1}
        sentences = {n.identifier for n in nodes if n.level == 2}
        # The library also serves bibliography entries (not passages, the
        # encoding rules say, so the citeStructure leaves them out), and the
        # TEI also cites the author's own parallel versions (p1_tr).
        library_units = {
            r.split(":", 1)[1]
            for r in lib.refs(text_id, level="unit")
            if not r.split(":", 1)[1].startswith("b-")
        }
        parallel = {u for u in units if reader.align.parallel_version_of(u)}
        assert units - parallel == library_units, text_id
        library_sentences = {r.split(":", 1)[1] for r in lib.refs(text_id, level="sentence")}
        assert library_sentences <= sentences, text_id
        assert all(n.parent in units for n in nodes if n.level == 2)


def resources(site: Path, entry: dict[str, Any]) -> Iterator[dict[str, Any]]:
    root = read_json(site, expand(entry["collection"]))
    for member in root["member"]:
        yield from read_json(site, expand(member["collection"]))["member"]


def test_every_template_expands_to_files_for_every_ref(
    site: Path, entry: dict[str, Any], api: Api
) -> None:
    checked = 0
    for resource in resources(site, entry):
        rid = resource["@id"]
        for template in (entry["navigation"], resource["navigation"]):
            values: dict[str, str | int | None] = {"resource": rid}
            top = read_json(site, expand(template, **values, down=1))
            assert [m["level"] for m in top["member"]] == [1] * len(top["member"])
            everything = read_json(site, expand(template, **values, down=-1))
            assert (
                everything["member"]
                == read_json(site, expand(template, **values, down=2))["member"]
            )
            refs = [m["identifier"] for m in everything["member"]]
            assert len(refs) == len(set(refs)), "identifiers are unique in a tree"
            for ref in refs:
                for down in (None, 0, 1, 2, -1):
                    data = read_json(site, expand(template, **values, ref=ref, down=down))
                    assert data["ref"]["identifier"] == ref
                    assert ("member" in data) == (down is not None)
                    checked += 1
        for template in (entry["document"], resource["document"]):
            whole = fetch(site, expand(template, resource=rid))
            assert whole.is_file()
            for ref in refs:
                assert fetch(site, expand(template, resource=rid, ref=ref)).is_file()
        assert fetch(site, resource["download"]).is_file()
    assert checked > 10000


def test_navigation_answers_follow_the_spec(site: Path) -> None:
    base = "/api/dts/navigation/wikipedia.eng1"
    unit = read_json(site, f"{base}/p12.json")
    assert unit["@id"] == f"{base}/p12.json" and unit["@type"] == "Navigation"
    assert unit["ref"] == {
        "identifier": "p12",
        "@type": "CitableUnit",
        "level": 1,
        "parent": None,
        "citeType": "unit",
        "@id": "urn:cts:sovturk:wikipedia.eng1:p12",
    }
    assert "member" not in unit
    assert unit["resource"]["@id"] == "wikipedia.eng1"
    children = read_json(site, f"{base};down=1/p12.json")["member"]
    assert [m["identifier"] for m in children] == ["p12"] + [f"p12.s{i}" for i in range(1, 5)]
    assert [m["parent"] for m in children] == [None] + ["p12"] * 4
    siblings = read_json(site, f"{base};down=0/p12.s2.json")["member"]
    assert [m["identifier"] for m in siblings] == [f"p12.s{i}" for i in range(1, 5)]
    top_siblings = read_json(site, f"{base};down=0/p12.json")["member"]
    assert top_siblings == read_json(site, f"{base};down=1.json")["member"]
    leaf = read_json(site, f"{base};down=-1/p12.s2.json")["member"]
    assert [m["identifier"] for m in leaf] == ["p12.s2"]
    # Pre-order: a unit, then its sentences; a note is a unit of its own.
    everything = [m["identifier"] for m in read_json(site, f"{base};down=-1.json")["member"]]
    assert everything.index("p2") < everything.index("p2.s2") < everything.index("n1")
    assert everything.index("n1") < everything.index("p3")


def test_what_a_static_server_cannot_answer_is_absent(site: Path, entry: dict[str, Any]) -> None:
    # Level 0: no ranges; and no tree but the default one.
    nav = entry["navigation"]
    assert not fetch(site, expand(nav, resource="wikipedia.eng1", start="p1", end="p3")).exists()
    assert not fetch(site, expand(nav, resource="wikipedia.eng1", tree="x", down=1)).exists()
    assert not fetch(site, expand(nav, resource="wikipedia.eng1")).exists()  # 400
    assert not fetch(site, expand(nav, resource="wikipedia.eng1", ref="p999")).exists()  # 404


def _wrapped(path: Path) -> list[etree._Element]:
    root = etree.fromstring(path.read_bytes())
    assert root.tag == f"{{{TEI_NS}}}TEI"
    wrappers = root.findall(f"{{{DTS_NS}}}wrapper")
    assert len(wrappers) == 1
    return list(wrappers[0])


def test_documents_hold_the_passage_in_the_dts_wrapper(
    site: Path, api: Api, lib: reader.Library
) -> None:
    compared = 0
    for version in api.all_versions():
        for node in version.nodes[None]:
            path = site / dts.document_path(version.id, node.identifier)
            elements = _wrapped(path)
            assert elements[0].get(XML_ID) == node.element.get(XML_ID)
            if node.level == 2:
                assert elements[0].get(XML_ID) == node.identifier
            passage = lib.passage(f"{version.text_id}:{node.identifier}", version.lang)
            if passage.lang != version.lang and not (
                version.is_source and passage.origin == "original"
            ):
                continue  # the library offers the original in place of a missing unit
            if node.element.get("copyOf"):
                continue
            assert normalised(dts.plain_text(elements)) == normalised(passage.text), (
                version.id,
                node.identifier,
            )
            compared += 1
    assert compared > 2000


def test_a_whole_document_is_the_tei_file_its_prefix_on_the_site(
    site: Path, texts: dict[str, Any]
) -> None:
    """Byte for byte the TEI file, but for where its corpus: prefix points: the site's
    copies of the corpus (tei/), which a client can fetch, not the checkout's folders."""
    for path, own, published in [
        ("karakus.eng1", texts["karakus"].source.path, "/tei/texts/$1.xml$2"),
        ("karakus.tur1", texts["karakus"].translations["tr"].path, "/tei/texts/$1.xml$2"),
    ]:
        served = (site / f"api/dts/document/{path}.xml").read_bytes()
        original = Path(own).read_bytes()
        old = re.search(rb'ident="corpus"[^>]*replacementPattern="([^"]*)"', original)
        assert old is not None
        assert served == original.replace(
            old.group(0), old.group(0).replace(old.group(1), published.encode())
        )


def _ids(path: Path, cache: dict[Path, set[str]]) -> set[str]:
    if path not in cache:
        cache[path] = {e.get(XML_ID) for e in etree.parse(str(path)).iter() if e.get(XML_ID)}
    return cache[path]


def _published_file(snapshot: Path, url: str) -> tuple[Path, str]:
    """A pointer into the site's copies (/tei/texts/x.xml#id) → the corpus file it copies."""
    address, _, fragment = url.partition("#")
    assert address.startswith("/tei/"), url
    return snapshot / address.removeprefix("/tei/"), fragment


def test_every_pointer_of_the_api_documents_names_a_published_element(
    site: Path, snapshot: Path
) -> None:
    """Whole documents (through their rewritten prefix) and passages (their pointers
    expanded, as a passage has no header) point to files the site publishes and to
    elements in them; no passage keeps the private corpus: prefix."""
    from reader.tei.pointers import POINTER_ATTRIBUTES, pointers, prefix_defs

    ids: dict[Path, set[str]] = {}
    checked = 0
    for whole in sorted((site / "api/dts/document").glob("*.xml")):
        root = etree.parse(str(whole)).getroot()
        prefix = prefix_defs(root)["corpus"]
        for element in root.iter():
            for name in POINTER_ATTRIBUTES:
                for pointer in pointers(element.get(name)):
                    if pointer.startswith("corpus:"):
                        file, fragment = _published_file(snapshot, prefix.expand(pointer[7:]))
                        assert not fragment or fragment in _ids(file, ids), (whole.name, pointer)
                        checked += 1
    in_wholes, checked = checked, 0
    passages = [*(site / "api/dts/document/karakus.eng1").glob("*.xml")]
    passages += [*(site / "api/dts/document/chicherin.rus1").glob("*.xml")]
    for passage in passages:
        data = passage.read_bytes()
        assert b"corpus:" not in data, passage
        for element in etree.fromstring(data).iter():
            for name in POINTER_ATTRIBUTES:
                for pointer in pointers(element.get(name)):
                    if pointer.startswith("/tei/"):
                        file, fragment = _published_file(snapshot, pointer)
                        assert not fragment or fragment in _ids(file, ids), (passage, pointer)
                        checked += 1
    assert in_wholes > 4000 and checked > 1000, (in_wholes, checked)


def test_an_api_outside_a_site_keeps_the_files_as_they_are(texts: dict[str, Any]) -> None:
    """A base that is not a site's /api/dts: nothing to point to, so nothing is rewritten."""
    api = Api(texts, base="/dts")
    version = api.version("karakus.eng1")
    assert api.whole(version) == Path(texts["karakus"].source.path).read_bytes()


def test_a_parenthesised_union_gives_the_same_tree(texts: dict[str, Any]) -> None:
    """``match="(s | p/s)"`` (the form MyDapytains reads) cites what ``s | p/s`` cites."""
    for aligned in texts.values():
        version = dts.read_version(aligned, aligned.source.lang)
        root = copy.deepcopy(version.root)
        changed = 0
        for structure in root.iter(f"{{{TEI_NS}}}citeStructure"):
            match = structure.get("match", "")
            if "|" in match and not match.startswith("("):
                structure.set("match", f"({match})")
                changed += 1
        trees = dts.citation_trees(root)
        ours = [(n.identifier, n.level) for n in version.nodes[None]]
        assert [(n.identifier, n.level) for n in dts.citable_nodes(root, trees[0])] == ours
    assert dts.tei_xpath("(s | p/s)") == "(tei:s | tei:p/tei:s)"


def test_the_tei_xpath_prefixer() -> None:
    assert dts.tei_xpath("p or div") == "tei:p or tei:div"
    assert dts.tei_xpath("a div b") == "tei:a div tei:b"
    assert dts.tei_xpath("count(p) > 1 and @n") == "count(tei:p) > 1 and @n"
    assert dts.tei_xpath("ancestor::note/text()") == "ancestor::tei:note/text()"
    assert dts.tei_xpath("*[@type = 'x' or @type=\"or\"]") == "*[@type = 'x' or @type=\"or\"]"
    assert dts.tei_xpath("tei:p | p") == "tei:p | tei:p"


# ------------------------------------------------- served, built, rebuilt


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    handler = functools.partial(_Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_plain_static_server_answers_the_expanded_templates(
    server: str, entry: dict[str, Any]
) -> None:
    def get(url: str) -> bytes:
        with urllib.request.urlopen(server + url, timeout=10) as response:
            assert response.status == 200
            body: bytes = response.read()
            return body

    data = json.loads(get(expand(entry["navigation"], resource="karakus.tur1", ref="p12", down=1)))
    assert data["member"][0]["identifier"] == "p12"
    fragment = get(expand(entry["document"], resource="karakus.tur1", ref="p12.s3"))
    assert b'<dts:wrapper xmlns:dts="https://w3id.org/api/dts#">' in fragment
    json.loads(get(expand(entry["collection"], id="karakus", nav="parents")))
    with pytest.raises(urllib.error.HTTPError) as missing:
        get(expand(entry["navigation"], resource="karakus.tur1", ref="p999"))
    assert missing.value.code == 404


@pytest.fixture
def small_corpus(tmp_path: Path) -> Path:
    """A copy of the small fixture corpus tests/roots/golden: two texts and their translations."""
    root = tmp_path / "corpus"
    for part in ("texts", "translations"):
        shutil.copytree(ROOTS / "golden" / part, root / part)
    return root


@pytest.mark.slow
def test_reader_build_writes_the_api_incrementally(small_corpus: Path, tmp_path: Path) -> None:
    out = tmp_path / "build"
    runner = CliRunner()
    first = runner.invoke(app, ["build", "--out", str(out), "--corpus", str(small_corpus)])
    assert first.exit_code == 0, first.output
    api_dir = out / "html" / "api" / "dts"
    assert json.loads((api_dir / "index.json").read_text())["@type"] == "EntryPoint"
    assert (api_dir / "navigation" / "tiny.tur1;down=1" / "p2.json").is_file()
    again = runner.invoke(app, ["build", "--out", str(out), "--corpus", str(small_corpus)])
    assert "nothing changed" in again.output, again.output
    # A change to tiny's Turkish file renders tiny's files and the
    # collections again, and none of brief's.
    turkish = small_corpus / "translations" / "tr" / "tiny.xml"
    turkish.write_text(turkish.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    report = build_site(Corpus.open(small_corpus), out / "html", extra=dts.dts_outputs)
    rendered = [p for p in report.rendered if p.startswith("api/")]
    assert any("/tiny.tur1" in p for p in rendered)
    assert not [p for p in rendered if "brief." in p and "/collection/" not in p]
    assert any(p.startswith("api/dts/navigation/brief.eng1") for p in report.reused)
