"""The only way WeasyPrint may read a file while printing: the project's own assets.

WeasyPrint's default fetcher reads whatever a document or a stylesheet names:
``<link rel=attachment href=/etc/passwd>`` embeds the file in the PDF, a
stylesheet's ``@import "file:///…"`` reads it, an ``<img src=http://…>`` goes
on the network. :class:`AssetFetcher` serves files under the asset folders it
is given (the print stylesheet and templates of the package) and refuses
everything else: other local paths, ``http(s)``, ``data:``, any scheme. A
refused URL is recorded in :attr:`AssetFetcher.refused` (the build reports
it) and WeasyPrint gets an error instead of content, so nothing is fetched or
embedded.

Links are not fetches: an ``<a href="https://…">`` stays a clickable link.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "print.css").write_text("p { color: black }")
>>> fetcher = AssetFetcher([folder])
>>> fetcher.fetch((folder / "print.css").as_uri()).read()
b'p { color: black }'
>>> fetcher.fetch("file:///etc/passwd")
Traceback (most recent call last):
...
reader.render.pdf.fetch.RefusedURL: not one of the print edition's assets: file:///etc/passwd
>>> fetcher.refused
['file:///etc/passwd']
"""

from __future__ import annotations

import mimetypes
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint import URLFetcher
from weasyprint.urls import URLFetcherResponse


class RefusedURL(ValueError):
    """A resource outside the print edition's assets (never fetched)."""


class AssetFetcher(URLFetcher):  # type: ignore[misc]
    """Serve files under ``roots`` only; record and refuse every other URL."""

    def __init__(self, roots: Iterable[Path]) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False)
        self.roots = tuple(Path(root).resolve() for root in roots)
        #: every URL refused, in the order WeasyPrint asked for them
        self.refused: list[str] = []

    def allowed_path(self, url: str) -> Path | None:
        """The asset file ``url`` names, or None when it is not one."""
        parts = urlsplit(url)
        if parts.scheme.lower() != "file" or parts.netloc not in ("", "localhost"):
            return None
        try:
            path = Path(url2pathname(unquote(parts.path))).resolve(strict=True)
        except (OSError, RuntimeError, ValueError):
            return None
        if not path.is_file():
            return None
        if any(path.is_relative_to(root) for root in self.roots):
            return path
        return None

    def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
        path = self.allowed_path(url)
        if path is None:
            self.refused.append(url)
            raise RefusedURL(f"not one of the print edition's assets: {url}")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if path.suffix == ".css":
            content_type = "text/css"
        return URLFetcherResponse(
            path.as_uri(),
            body=path.read_bytes(),
            headers={"Content-Type": f"{content_type}; charset=utf-8"},
        )
