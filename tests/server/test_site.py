"""The built site beside the API: read-only, no listings, no dot-files, clean 4xx, under load.

Each case of issue 12 item 6 is asked of the running server over a real
socket: directory listings, ``/.manifest.json``, ``/index.html%00.txt``,
traversal, garbage on the wire, and a burst of 500 concurrent connections.
"""

from __future__ import annotations

import asyncio
import json
import socket
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote, urlparse

import httpx
import pytest


def test_the_reader_pages_and_search_are_served(client: httpx.Client, served_site: Path) -> None:
    index = client.get("/")
    assert index.status_code == 200 and index.headers["content-type"].startswith("text/html")
    assert index.content == (served_site / "index.html").read_bytes()
    page = client.get("/karakus/en-tr.html")
    assert page.status_code == 200 and b'id="p12"' in page.content
    assert client.get("/search.html").status_code == 200
    # one file of every kind the build wrote (pages, styles, scripts, search index, API)
    by_suffix: dict[str, Path] = {}
    for path in sorted(served_site.rglob("*")):
        relative = path.relative_to(served_site)
        if path.is_file() and not any(p.startswith(".") for p in relative.parts):
            by_suffix.setdefault(path.suffix, relative)
    assert {".html", ".css", ".js", ".json", ".xml"} <= set(by_suffix)
    for relative in by_suffix.values():
        response = client.get("/" + quote(relative.as_posix()))
        assert response.status_code == 200, relative
        assert response.content == (served_site / relative).read_bytes()
    assert client.get("/tr/").content == (served_site / "tr" / "index.html").read_bytes()
    assert index.headers["x-content-type-options"] == "nosniff"


def test_the_static_export_is_served_with_dts_media_types(client: httpx.Client) -> None:
    entry = client.get("/api/dts/index.json")
    assert entry.status_code == 200 and entry.headers["content-type"] == "application/ld+json"
    assert entry.json()["@type"] == "EntryPoint"
    nav = client.get("/api/dts/navigation/karakus.tur1;down=1/p12.json")
    assert nav.headers["content-type"] == "application/ld+json"
    document = client.get("/api/dts/document/karakus.tur1/p12.s3.xml")
    assert document.status_code == 200
    assert document.headers["content-type"] == "application/tei+xml"
    link = document.headers["link"]
    assert link == '</api/dts/collection/karakus.tur1.json>; rel="collection"'
    assert client.get(link[1 : link.index(">")]).json()["@id"] == "karakus.tur1"


@pytest.mark.parametrize(
    "folder", ["/api/dts/collection/karakus/", "/static/", "/karakus/", "/pagefind/"]
)
def test_no_directory_is_listed(client: httpx.Client, folder: str) -> None:
    response = client.get(folder)
    assert response.status_code == 404, (folder, response.text[:200])
    assert b"<a href" not in response.content


@pytest.mark.parametrize(
    "path", ["/.manifest.json", "/api/.manifest.json", "/.git/config", "/static/.x"]
)
def test_no_dot_file_is_served(client: httpx.Client, served_site: Path, path: str) -> None:
    assert (served_site / ".manifest.json").is_file()
    response = client.get(path)
    assert response.status_code == 404 and b"{" not in response.content


def raw(base_url: str, request: bytes) -> bytes:
    """Send ``request`` as it is on a new connection; the whole answer (the server closes)."""
    address = urlparse(base_url)
    with socket.create_connection((address.hostname, address.port), timeout=10) as sock:
        sock.sendall(request)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


@pytest.mark.parametrize(
    ("path", "code"),
    [
        ("/index.html%00.txt", 400),
        ("/index.html%0a", 400),
        ("/static%5c..%5c..%5cetc%5cpasswd", 400),
        ("/../../../../etc/passwd", 404),
        ("/%2e%2e/%2e%2e/etc/passwd", 404),
        ("/api/dts/document/..%2f..%2f..%2fetc%2fpasswd", 404),
        ("/karakus/en.html/", 404),
        ("/nothing-here.html", 404),
    ],
)
def test_bad_paths_get_a_clean_4xx_and_the_server_keeps_answering(
    base_url: str, client: httpx.Client, path: str, code: int
) -> None:
    answer = raw(base_url, f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
    status_line = answer.split(b"\r\n", 1)[0]
    assert status_line.startswith(f"HTTP/1.1 {code}".encode()), (path, answer[:300])
    assert b"root:" not in answer and b"Traceback" not in answer
    assert client.get("/").status_code == 200


@pytest.mark.parametrize(
    "request_bytes",
    [
        b"GARBAGE\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: x\r\nX-Long: " + b"a" * 300_000 + b"\r\n\r\n",
        b"GET /\x00 HTTP/1.1\r\nHost: x\r\n\r\n",
        b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",  # a TLS hello on the plain port
    ],
)
def test_garbage_on_the_wire_is_refused_and_nothing_else_changes(
    base_url: str, client: httpx.Client, request_bytes: bytes
) -> None:
    try:
        answer = raw(base_url, request_bytes)
    except ConnectionResetError:
        answer = b""
    assert answer == b"" or answer.startswith(b"HTTP/1.1 4"), answer[:200]
    assert client.get("/api/dts/").status_code == 200


async def _burst(base_url: str, urls: list[str]) -> tuple[list[int], list[str], float]:
    """Every URL at once, each on its own connection; status codes, errors, worst seconds."""
    limits = httpx.Limits(max_connections=len(urls), max_keepalive_connections=0)
    async with httpx.AsyncClient(base_url=base_url, limits=limits, timeout=60) as http:
        worst = 0.0

        async def one(url: str) -> int | str:
            nonlocal worst
            began = time.perf_counter()
            try:
                response = await http.get(url)
            except httpx.HTTPError as exc:
                return f"{type(exc).__name__}: {exc}"
            worst = max(worst, time.perf_counter() - began)
            return response.status_code

        results = await asyncio.gather(*(one(url) for url in urls))
    codes = [r for r in results if isinstance(r, int)]
    errors = [r for r in results if isinstance(r, str)]
    return codes, errors, worst


@pytest.mark.slow
def test_500_concurrent_requests_all_answered(base_url: str) -> None:
    """The bounded load test of issue 12: 500 connections at once on loopback, 0 errors."""
    kinds = [
        "/",
        "/karakus/en-tr.html",
        "/api/dts/",
        "/api/dts/navigation?resource=karakus.tur1&ref=p12&down=1",
        "/api/dts/document?resource=wikipedia.rus1&start=p3&end=p5",
        "/api/dts/navigation/karakus.eng1;down=-1.json",
        "/.manifest.json",
    ]
    urls = [kinds[i % len(kinds)] for i in range(500)]
    # In a thread of its own: a session's browser tests keep an event loop running in this one.
    with ThreadPoolExecutor(1) as pool:
        codes, errors, worst = pool.submit(asyncio.run, _burst(base_url, urls)).result()
    assert errors == []
    assert len(codes) == 500
    assert {u: c for u, c in zip(urls, codes, strict=True)} == {
        u: (404 if u == "/.manifest.json" else 200) for u in kinds
    }
    print(
        f"500 concurrent requests: 0 errors, worst {worst:.2f} s"
    )  # figures: bench/serve_bench.py


def test_api_answers_are_cached_but_equal(client: httpx.Client) -> None:
    url = "/api/dts/navigation?resource=xoshgedem.rus1&down=-1"
    first, second = client.get(url), client.get(url)
    assert first.status_code == 200 and first.content == second.content
    assert json.loads(first.content)["@id"].endswith("resource=xoshgedem.rus1&down=-1")
