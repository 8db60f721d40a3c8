"""The web application of ``reader serve``: the DTS 1.0 API answered live, beside the built site.

Routes (Starlette)::

    /api/dts/                 the entry point (absolute query templates)
    /api/dts/collection       ?id=&nav=&page=
    /api/dts/navigation       ?resource=&ref=&start=&end=&down=&tree=&page=
    /api/dts/document         ?resource=&ref=&start=&end=&tree=&mediaType=
    /…                        the built site: reader pages, static search, static DTS export

Every DTS answer comes from :class:`reader.render.api.dts.Api`, the same code
that writes the static export; this module only reads query strings, sets
media types and headers, and turns a :class:`~reader.render.api.dts.QueryError`
into the 400 or 404 error document. The site is served read-only from its
folder: no directory listings, no dot-files (``/.manifest.json``), nothing
outside the folder, and a clean 400 for paths no file can have (``%00``).
"""

from __future__ import annotations

import logging
import re
from collections import OrderedDict
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from reader.render.api.dts import (
    BASE,
    DTS_NS,
    JSON_MEDIA_TYPE,
    MEDIA_TYPE,
    OUT_DIR,
    Api,
    QueryError,
    StaticUrls,
    json_bytes,
)

log = logging.getLogger("reader.server")

#: A query as the cache keys it: the endpoint's parameters in a fixed order.
Key = tuple[tuple[str, str | None], ...]

#: The query parameters each endpoint reads (others are ignored, as HTTP allows).
PARAMETERS = {
    "collection": ("id", "nav", "page"),
    "navigation": ("resource", "ref", "start", "end", "down", "tree", "page"),
    "document": ("resource", "ref", "start", "end", "tree", "mediaType"),
}
#: Longest value of one parameter: identifiers here are short; a longer value is a 400.
MAX_PARAMETER = 1000
#: Bytes of finished answers kept ready (an LRU), and the largest answer kept: a range of
#: a whole text is half a megabyte, and distinct ranges are many, so the bound is in bytes.
CACHE_BYTES = 64 * 1024 * 1024
CACHE_LARGEST = 1024 * 1024
#: Characters no file name of the site holds; a path with one is a bad request, not a 404.
_BAD_PATH = re.compile(r"[\x00-\x1f\x7f\\]")
#: The drafts' error documents (DTS 1.0 names the statuses, not a body).
HYDRA_CONTEXT = "http://www.w3.org/ns/hydra/context.jsonld"
TITLES = {400: "Bad Request", 404: "Not Found", 500: "Internal Server Error"}
SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}


def json_error(status: int, message: str) -> Response:
    """A JSON-LD ``Status`` document, as the DTS drafts gave for the JSON endpoints."""
    body = {
        "@context": HYDRA_CONTEXT,
        "@type": "Status",
        "statusCode": status,
        "title": TITLES.get(status, "Error"),
        "description": message,
    }
    return Response(json_bytes(body), status, media_type=JSON_MEDIA_TYPE, headers=SECURITY_HEADERS)


def xml_error(status: int, message: str) -> Response:
    """An ``<error>`` document, as the DTS drafts gave for the Document endpoint."""
    body = (
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        f'<error xmlns="{DTS_NS}" statusCode="{status}">'
        f"<title>{escape(TITLES.get(status, 'Error'))}</title>"
        f"<description>{escape(message)}</description></error>\n"
    )
    return Response(
        body.encode("utf-8"), status, media_type="application/xml", headers=SECURITY_HEADERS
    )


def _params(request: Request, endpoint: str) -> dict[str, str | None]:
    """The endpoint's parameters from the query string; repeated or overlong ones are a 400."""
    query = request.query_params
    values: dict[str, str | None] = {}
    for name in PARAMETERS[endpoint]:
        given = query.getlist(name)
        if len(given) > 1:
            raise QueryError(400, f"{name} is given {len(given)} times; give it once")
        # An empty value is taken as absent (``?ref=&down=1``), as form-encoded queries go.
        value = given[0] if given and given[0] != "" else None
        if value is not None and len(value) > MAX_PARAMETER:
            raise QueryError(400, f"{name} is longer than {MAX_PARAMETER} characters")
        if value is not None and _BAD_PATH.search(value):
            raise QueryError(400, f"{name} holds a control character")
        values[name] = value
    return values


class DtsEndpoints:
    """The four DTS routes over one :class:`Api`, with a bounded cache of finished answers."""

    def __init__(self, api: Api, cache_bytes: int = CACHE_BYTES) -> None:
        self.api = api
        self.cache_bytes = cache_bytes
        self._cache: OrderedDict[tuple[str, Key], Response] = OrderedDict()
        self._cached = 0

    def _answer(self, endpoint: str, key: Key) -> Response:
        """The answer to a query, from the cache when it was asked before."""
        found = self._cache.get((endpoint, key))
        if found is not None:
            self._cache.move_to_end((endpoint, key))
            return found
        response = self._compute(endpoint, key)
        size = len(response.body)
        if size <= CACHE_LARGEST:
            self._cache[(endpoint, key)] = response
            self._cached += size
            while self._cached > self.cache_bytes:
                _, dropped = self._cache.popitem(last=False)
                self._cached -= len(dropped.body)
        return response

    @property
    def cached_bytes(self) -> int:
        return self._cached

    def _compute(self, endpoint: str, key: Key) -> Response:
        params = dict(key)
        try:
            if endpoint == "entry":
                return self._json(self.api.entry())
            if endpoint == "collection":
                return self._json(
                    self.api.collection_query(params["id"], params["nav"], params["page"])
                )
            if endpoint == "navigation":
                return self._json(
                    self.api.navigation_query(
                        params["resource"],
                        ref=params["ref"],
                        start=params["start"],
                        end=params["end"],
                        down=params["down"],
                        tree=params["tree"],
                        page=params["page"],
                    )
                )
            body, media_type = self.api.document_query(
                params["resource"],
                ref=params["ref"],
                start=params["start"],
                end=params["end"],
                tree=params["tree"],
                media_type=params["mediaType"],
            )
        except QueryError as exc:
            return (xml_error if endpoint == "document" else json_error)(exc.status, exc.message)
        link = f'<{self.api.urls.collection_url(str(params["resource"]))}>; rel="collection"'
        if media_type.startswith("text/"):
            media_type += "; charset=utf-8"
        return Response(body, media_type=media_type, headers={**SECURITY_HEADERS, "Link": link})

    @staticmethod
    def _json(data: Mapping[str, Any]) -> Response:
        return Response(
            json_bytes(dict(data), compact=True),
            media_type=JSON_MEDIA_TYPE,
            headers=SECURITY_HEADERS,
        )

    async def entry(self, request: Request) -> Response:
        return self._answer("entry", ())

    async def collection(self, request: Request) -> Response:
        return self._respond(request, "collection")

    async def navigation(self, request: Request) -> Response:
        return self._respond(request, "navigation")

    async def document(self, request: Request) -> Response:
        return self._respond(request, "document")

    def _respond(self, request: Request, endpoint: str) -> Response:
        try:
            params = _params(request, endpoint)
        except QueryError as exc:
            return (xml_error if endpoint == "document" else json_error)(exc.status, exc.message)
        return self._answer(endpoint, tuple(params.items()))


class SiteFiles(StaticFiles):
    """The built site, read-only: no listings, no dot-files, DTS media types for the export."""

    def __init__(self, directory: Path) -> None:
        super().__init__(directory=directory, html=True, check_dir=True, follow_symlink=False)
        self.root = Path(directory)
        self.static = StaticUrls(BASE)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if _BAD_PATH.search(path):
            response: Response = PlainTextResponse(
                "400 Bad Request: the path holds a character no file name here has\n",
                400,
                headers=SECURITY_HEADERS,
            )
            await response(scope, receive, send)
            return
        if any(part.startswith(".") for part in path.split("/")):
            response = PlainTextResponse("404 Not Found\n", 404, headers=SECURITY_HEADERS)
            await response(scope, receive, send)
            return
        if path.endswith("/") and (self.root / path.strip("/")).is_file():
            # A file is not a folder: /page.html/ would break the page's relative links.
            response = PlainTextResponse("404 Not Found\n", 404, headers=SECURITY_HEADERS)
            await response(scope, receive, send)
            return
        await super().__call__(scope, receive, send)

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        relative = path.replace("\\", "/")
        if response.status_code in (200, 304) and relative.startswith(OUT_DIR + "/"):
            if relative.endswith(".json"):
                response.headers["content-type"] = JSON_MEDIA_TYPE
            elif relative.endswith(".xml") and relative.startswith(f"{OUT_DIR}/document/"):
                response.headers["content-type"] = MEDIA_TYPE
                resource = relative.removeprefix(f"{OUT_DIR}/document/").split("/")[0]
                resource = resource.split(";")[0].removesuffix(".xml")
                response.headers["link"] = (
                    f'<{self.static.collection_url(resource)}>; rel="collection"'
                )
        return response


def _no_site(request: Request) -> Response:
    return PlainTextResponse(
        "404 Not Found: no reader pages are built here (run `reader build`); "
        "the DTS API is at /api/dts/\n",
        404,
        headers=SECURITY_HEADERS,
    )


class ContainFailures:
    """Turn a failure of the application into a 500 document and one log line, never a traceback.

    A failure here is a bug, not bad input (bad input gets its 400 or 404
    before); the client gets a short answer and the log says what failed.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception as exc:
            path = scope.get("path", "")
            log.error("%s %r failed: %s: %s", scope.get("method"), path, type(exc).__name__, exc)
            if started:
                return  # the answer is under way: the server closes the connection
            message = "the server failed to answer; the failure is logged"
            document = path.startswith(f"{BASE}/document")
            response = (xml_error if document else json_error)(500, message)
            await response(scope, receive, send)


def create_app(api: Api, site: Path | None = None) -> Starlette:
    """The application: the DTS API of ``api`` and, when given, the built site in ``site``."""
    endpoints = DtsEndpoints(api)
    routes: list[BaseRoute] = [
        Route(f"{BASE}/", endpoints.entry, methods=["GET"]),
        Route(BASE, endpoints.entry, methods=["GET"]),
    ]
    for name in ("collection", "navigation", "document"):
        # with and without the trailing slash of the specification's examples
        for path in (f"{BASE}/{name}", f"{BASE}/{name}/"):
            routes.append(Route(path, getattr(endpoints, name), methods=["GET"]))
    if site is not None:
        routes.append(Mount("/", app=SiteFiles(site)))
    else:
        routes.append(Route("/{path:path}", _no_site, methods=["GET"]))
    return Starlette(
        routes=routes,
        middleware=[
            Middleware(ContainFailures),
            Middleware(
                CORSMiddleware,
                allow_origins=["*"],
                allow_methods=["GET", "HEAD"],
                expose_headers=["Link"],
            ),
        ],
    )


__all__ = ["ContainFailures", "DtsEndpoints", "SiteFiles", "create_app", "json_error", "xml_error"]
