"""The DTS 1.0 server, read over HTTP as a DTS client reads it.

Every answer is checked against the DTS 1.0 JSON schemas (tests/server/schemas/,
written from the specification); the behaviours the specification's tables
give (``down``, ``ref``, ranges, ``tree``, ``mediaType``, 400 and 404) are
asked for with a real HTTP client, the URLs built from the server's own URI
templates (RFC 6570, with ``uritemplate``, as the community validator does).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

import httpx
import pytest
from jsonschema import Draft202012Validator
from lxml import etree
from uritemplate import URITemplate

import reader
from reader.render.api.dts import DTS_NS, plain_text
from reader.tei.xml import TEI_NS

JSON_LD = "application/ld+json"
TEI_XML = "application/tei+xml"


def get_json(client: httpx.Client, url: str, status: int = 200) -> Any:
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code, response.text[:500])
    assert response.headers["content-type"] == JSON_LD, url
    return response.json()


def expand(template: str, **values: Any) -> str:
    return str(URITemplate(template).expand({k: v for k, v in values.items() if v is not None}))


def normalised(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


@pytest.fixture(scope="module")
def entry(client: httpx.Client, base_url: str, schemas: dict[str, Draft202012Validator]) -> Any:
    data = get_json(client, "/api/dts/")
    schemas["entry"].validate(data)
    return data


@pytest.fixture(scope="module")
def resources(client: httpx.Client, entry: Any) -> list[dict[str, Any]]:
    root = get_json(client, expand(entry["collection"]))
    found = []
    for text in root["member"]:
        found += get_json(client, expand(text["collection"]))["member"]
    return found


def test_the_entry_point_gives_absolute_query_templates(entry: Any, base_url: str) -> None:
    assert entry["@id"] == f"{base_url}/api/dts/"
    wanted = {
        "collection": {"id", "nav"},
        "navigation": {"resource", "ref", "start", "end", "down", "tree"},
        "document": {"resource", "ref", "start", "end", "tree", "mediaType"},
    }
    for name, variables in wanted.items():
        assert entry[name].startswith(f"{base_url}/api/dts/{name}"), entry[name]
        assert set(URITemplate(entry[name]).variable_names) == variables


def test_collections_validate_and_lead_from_corpus_to_versions(
    client: httpx.Client,
    entry: Any,
    schemas: dict[str, Draft202012Validator],
    served_lib: reader.Library,
) -> None:
    root = get_json(client, expand(entry["collection"]))
    schemas["collection"].validate(root)
    assert root == get_json(client, expand(entry["collection"], id="sovturk"))
    assert [m["@id"] for m in root["member"]] == served_lib.text_ids()
    checked = 0
    for text in root["member"]:
        collection = get_json(client, expand(text["collection"]))
        schemas["collection"].validate(collection)
        parents = get_json(client, expand(text["collection"], nav="parents"))
        schemas["collection"].validate(parents)
        assert [p["@id"] for p in parents["member"]] == ["sovturk"]
        for resource in collection["member"]:
            assert set(URITemplate(resource["collection"]).variable_names) == {"nav"}
            assert {"ref", "start", "end"} <= set(
                URITemplate(resource["navigation"]).variable_names
            )
            alone = get_json(client, expand(resource["collection"]))
            schemas["collection"].validate(alone)
            assert alone["@id"] == resource["@id"] and alone["@type"] == "Resource"
            assert alone["mediaTypes"] == [TEI_XML, "text/plain"]
            up = get_json(client, expand(resource["collection"], nav="parents"))
            assert [p["@id"] for p in up["member"]] == [text["@id"]]
            checked += 1
    assert checked == 15


def test_navigation_from_the_root_and_every_unit_validates(
    client: httpx.Client,
    resources: list[dict[str, Any]],
    schemas: dict[str, Draft202012Validator],
    served_texts: Any,
) -> None:
    from reader.render.api.dts import read_version

    for resource in resources:
        template = resource["navigation"]
        top = get_json(client, expand(template, down=1))
        schemas["navigation"].validate(top)
        assert {m["level"] for m in top["member"]} == {1}
        whole = get_json(client, expand(template, down=-1))
        schemas["navigation"].validate(whole)
        text_id, _, _ = resource["@id"].partition(".")
        aligned = served_texts[text_id]
        lang = whole["resource"]["@id"]
        version = next(
            read_version(aligned, code)
            for code in aligned.languages
            if f"{text_id}.{reader.refs.CTS_LANG[code]}1" == lang
        )
        assert [m["identifier"] for m in whole["member"]] == [
            n.identifier for n in version.nodes[None]
        ], "every unit of the citeStructure, in document order"
        assert whole["@id"] == expand(template, down=-1)
    assert len(resources) == 15


@pytest.fixture(scope="module")
def wikipedia(resources: list[dict[str, Any]]) -> dict[str, Any]:
    return next(r for r in resources if r["@id"] == "wikipedia.eng1")


def ids(data: Any, key: str = "member") -> list[str]:
    return [m["identifier"] for m in data[key]]


def test_down_and_ref_follow_the_table_of_the_specification(
    client: httpx.Client, wikipedia: dict[str, Any], schemas: dict[str, Draft202012Validator]
) -> None:
    nav = wikipedia["navigation"]
    alone = get_json(client, expand(nav, ref="p12"))
    schemas["navigation"].validate(alone)
    assert alone["ref"]["identifier"] == "p12" and "member" not in alone
    assert ids(get_json(client, expand(nav, ref="p12", down=1))) == ["p12"] + [
        f"p12.s{i}" for i in range(1, 5)
    ]
    assert ids(get_json(client, expand(nav, ref="p12.s2", down="0"))) == [
        f"p12.s{i}" for i in range(1, 5)
    ]
    assert ids(get_json(client, expand(nav, ref="p12.s2", down=-1))) == ["p12.s2"]
    # a down deeper than the tree gives what there is
    assert ids(get_json(client, expand(nav, ref="p12", down=7))) == ids(
        get_json(client, expand(nav, ref="p12", down=-1))
    )


def test_ranges_at_every_level(
    client: httpx.Client, wikipedia: dict[str, Any], schemas: dict[str, Draft202012Validator]
) -> None:
    nav = wikipedia["navigation"]
    ends = get_json(client, expand(nav, start="p12", end="p14"))
    schemas["navigation"].validate(ends)
    assert ends["start"]["identifier"] == "p12" and ends["end"]["identifier"] == "p14"
    assert "member" not in ends and "ref" not in ends
    top = get_json(client, expand(nav, start="p12", end="p14", down=1))
    schemas["navigation"].validate(top)
    everything = ids(get_json(client, expand(nav, down=-1)))
    span = everything[everything.index("p12") : everything.index("p15")]
    assert ids(top) == span, "units of the range and their children, in document order"
    levels = get_json(client, expand(nav, start="p12", end="p14", down=-1))
    assert ids(levels) == span
    # sentences: the range is taken at the deeper end's level, down from there
    sentences = get_json(client, expand(nav, start="p12.s3", end="p13.s1", down=-1))
    schemas["navigation"].validate(sentences)
    assert ids(sentences)[0] == "p12.s3" and ids(sentences)[-1] == "p13.s1"
    assert "p13" in ids(sentences) and "p12" not in ids(sentences)
    mixed = ids(get_json(client, expand(nav, start="p12.s4", end="p13", down=1)))
    assert (
        mixed[0] == "p12.s4"
        and mixed[-1] == ids(get_json(client, expand(nav, ref="p13", down=1)))[-1]
    ), "end is inclusive: the subtree of p13"
    one = ids(get_json(client, expand(nav, start="p12", end="p12", down=1)))
    assert one == ids(get_json(client, expand(nav, ref="p12", down=1)))


def status(
    client: httpx.Client, url: str, code: int, schemas: dict[str, Draft202012Validator]
) -> str:
    response = client.get(url)
    assert response.status_code == code, (url, response.status_code, response.text[:300])
    if "/document" in url:
        assert response.headers["content-type"].startswith("application/xml")
        error = etree.fromstring(response.content)
        assert error.tag == f"{{{DTS_NS}}}error" and error.get("statusCode") == str(code)
        description = error.findtext(f"{{{DTS_NS}}}description")
        assert description
        return description
    assert response.headers["content-type"] == JSON_LD
    body = response.json()
    schemas["status"].validate(body)
    assert body["statusCode"] == code
    return str(body["description"])


@pytest.mark.parametrize(
    ("query", "code", "says"),
    [
        ("", 400, "resource"),
        ("resource=wikipedia.eng1", 400, "give ref"),
        ("resource=wikipedia.eng1&down=0", 400, "needs ref"),
        ("resource=wikipedia.eng1&start=p1&end=p3&down=0", 400, "needs ref"),
        ("resource=wikipedia.eng1&ref=p1&start=p1&end=p3", 400, "ref cannot"),
        ("resource=wikipedia.eng1&start=p1", 400, "both start and end"),
        ("resource=wikipedia.eng1&end=p3&down=1", 400, "both start and end"),
        ("resource=wikipedia.eng1&start=p5&end=p3", 400, "before it starts"),
        ("resource=wikipedia.eng1&down=deep", 400, "down must be"),
        ("resource=wikipedia.eng1&down=-2", 400, "down must be"),
        ("resource=wikipedia.eng1&down=1&page=2", 400, "paginated"),
        ("resource=wikipedia.eng1&ref=p1&ref=p2", 400, "given 2 times"),
        ("resource=wikipedia.eng1&ref=" + "p" * 2000, 400, "longer than"),
        ("resource=plato.grc1&down=1", 404, "no resource"),
        ("resource=wikipedia.eng1&ref=p999", 404, "no citable unit"),
        ("resource=wikipedia.eng1&start=p1&end=p999", 404, "no citable unit"),
        ("resource=wikipedia.eng1&down=1&tree=pages", 404, "no citation tree"),
    ],
)
def test_bad_navigation_queries_get_their_error_documents(
    client: httpx.Client,
    schemas: dict[str, Draft202012Validator],
    query: str,
    code: int,
    says: str,
) -> None:
    assert says in status(client, f"/api/dts/navigation?{query}", code, schemas)


@pytest.mark.parametrize(
    ("url", "code", "says"),
    [
        ("/api/dts/collection?id=plato", 404, "no collection"),
        ("/api/dts/collection?id=karakus&nav=siblings", 400, "nav must be"),
        ("/api/dts/document", 400, "resource"),
        ("/api/dts/document?resource=nowhere.eng1", 404, "no resource"),
        ("/api/dts/document?resource=karakus.eng1&ref=p999", 404, "no citable unit"),
        ("/api/dts/document?resource=karakus.eng1&ref=p1&end=p2", 400, "ref cannot"),
        ("/api/dts/document?resource=karakus.eng1&start=p2", 400, "both start and end"),
        ("/api/dts/document?resource=karakus.eng1&start=p9&end=p2", 400, "before it starts"),
        ("/api/dts/document?resource=karakus.eng1&mediaType=application/pdf", 404, "not available"),
        ("/api/dts/document?resource=karakus.eng1&ref=p1&tree=pages", 404, "no citation tree"),
    ],
)
def test_bad_collection_and_document_queries_get_their_error_documents(
    client: httpx.Client,
    schemas: dict[str, Draft202012Validator],
    url: str,
    code: int,
    says: str,
) -> None:
    assert says in status(client, url, code, schemas)


def wrapped(response: httpx.Response) -> list[etree._Element]:
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"] == TEI_XML
    root = etree.fromstring(response.content)
    assert root.tag == f"{{{TEI_NS}}}TEI"
    (wrapper,) = root.findall(f"{{{DTS_NS}}}wrapper")
    return list(wrapper)


def test_documents_whole_by_ref_and_by_range_with_headers(
    client: httpx.Client, resources: list[dict[str, Any]], served_texts: Any
) -> None:
    karakus = next(r for r in resources if r["@id"] == "karakus.tur1")
    template = karakus["document"]
    whole = client.get(expand(template))
    assert whole.status_code == 200 and whole.headers["content-type"] == TEI_XML
    original = Path(served_texts["karakus"].translations["tr"].path).read_bytes()
    # the file, its corpus: prefix pointing to the copies the server publishes under /tei/
    public = expand(template).split("/api/dts/")[0]
    assert whole.content == original.replace(
        b'replacementPattern="../../texts/$1.xml$2"',
        f'replacementPattern="{public}/tei/texts/$1.xml$2"'.encode(),
    )
    link = whole.headers["link"]
    assert link.endswith('>; rel="collection"')
    collection = client.get(link[1 : link.index(">")])
    assert collection.status_code == 200 and collection.json()["@id"] == "karakus.tur1"
    # tree has no effect without ref or a range (§ Document)
    assert client.get(expand(template, tree="anything")).content == whole.content
    (sentence,) = wrapped(client.get(expand(template, ref="p12.s3")))
    assert sentence.get("{http://www.w3.org/XML/1998/namespace}id") == "p12.s3"
    siblings = wrapped(client.get(expand(template, start="p12.s3", end="p12.s5")))
    assert [e.get("{http://www.w3.org/XML/1998/namespace}id") for e in siblings] == [
        "p12.s3",
        "p12.s4",
        "p12.s5",
    ]
    # across units: the partial paragraph holds only the sentences of the range
    across = wrapped(client.get(expand(template, start="p12.s9", end="p13.s1")))
    first, last = across[0], across[-1]
    assert etree.QName(first).localname == "p" and [
        s.get("{http://www.w3.org/XML/1998/namespace}id") for s in first
    ] == ["p12.s9", "p12.s10"]
    assert [s.get("{http://www.w3.org/XML/1998/namespace}id") for s in last] == ["p13.s1"]
    plain = client.get(expand(template, start="p12.s3", end="p12.s5", mediaType="text/plain"))
    assert plain.status_code == 200 and plain.headers["content-type"].startswith("text/plain")
    assert normalised(plain.text) == normalised(plain_text(siblings))


def test_document_ranges_hold_the_librarys_passages(
    client: httpx.Client, resources: list[dict[str, Any]], served_lib: reader.Library
) -> None:
    """A range of paragraphs, or of sentences in one, is the library's range, in every version.

    (Across paragraphs a DTS range also holds the notes and headings the
    citation tree places between them, which the library's sentence ranges
    leave out; the structure of such a range is checked above.)
    """
    compared = 0
    for resource in resources:
        text_id = resource["@id"].partition(".")[0]
        lang = next(
            code
            for code, cts in reader.refs.CTS_LANG.items()
            if resource["@id"] == f"{text_id}.{cts}1"
        )
        tree = get_json(client, expand(resource["navigation"], down=-1))["member"]
        top = [m["identifier"] for m in tree if m["level"] == 1]
        paragraphs = [u for u in top if u.startswith("p") and "_" not in u]
        sentences = {u: [m["identifier"] for m in tree if m["parent"] == u] for u in paragraphs}
        long = next(u for u in paragraphs if len(sentences[u]) >= 3)
        for start, end in [
            (paragraphs[1], paragraphs[3]),
            (sentences[long][0], sentences[long][2]),
        ]:
            passages = served_lib.passages(f"{text_id}:{start}-{end}", lang)
            if any(p.lang != lang or p.origin not in ("translation", "original") for p in passages):
                continue  # the library shows the original in place of a gap
            response = client.get(
                expand(resource["document"], start=start, end=end, mediaType="text/plain")
            )
            assert normalised(response.text) == normalised(" ".join(p.text for p in passages)), (
                resource["@id"],
                start,
                end,
            )
            compared += 1
    assert compared >= 20


def test_head_and_cross_origin_requests(client: httpx.Client, entry: Any) -> None:
    head = client.head("/api/dts/")
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-type"] == JSON_LD
    cors = client.get("/api/dts/", headers={"Origin": "https://example.org"})
    assert cors.headers["access-control-allow-origin"] == "*"
    assert client.post("/api/dts/").status_code == 405
    # the specification's examples write the endpoints with a trailing slash
    assert client.get("/api/dts/collection/?id=karakus").json()["@id"] == "karakus"


def test_the_answer_cache_is_bounded_in_bytes(served_texts: Any) -> None:
    """Distinct ranges are many and large: the cache keeps at most its bound, answers stay right."""
    from reader.server.app import DtsEndpoints
    from reader.server.run import make_api

    api = make_api(served_texts, "http://127.0.0.1:1")
    endpoints = DtsEndpoints(api, cache_bytes=100_000)
    units = [n.identifier for n in api.version("karakus.eng1").nodes[None] if n.level == 1]
    sizes = []
    for end in units[1:40]:
        key = (("resource", "karakus.eng1"), ("ref", None), ("start", units[0]), ("end", end))
        key += (("tree", None), ("mediaType", None))
        response = endpoints._answer("document", key)
        assert response.status_code == 200
        assert endpoints._answer("document", key).body == response.body
        sizes.append(len(response.body))
        assert endpoints.cached_bytes <= 100_000
    assert sum(sizes) > 3 * 100_000, "the bound was reached and held"
