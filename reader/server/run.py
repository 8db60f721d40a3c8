"""Running the application on uvicorn: the listening socket, its backlog, and clear start-up errors.

The socket is bound here, before uvicorn starts, so that a port in use, a
port not allowed or a host that does not exist is one sentence
(:class:`ServeError`), and so that the listen queue is ours to size: the
standard library's ``http.server`` kept 5 waiting connections, and bursts of
a few hundred requests timed out.
"""

from __future__ import annotations

import errno
import ipaddress
import socket
from dataclasses import dataclass
from pathlib import Path

import uvicorn
from starlette.types import ASGIApp

from reader.align import AlignedText
from reader.errors import ReaderError
from reader.render.api.dts import BASE, MEDIA_TYPES, Api, QueryUrls
from reader.server.app import create_app

#: Connections the kernel keeps waiting while the server is busy (clamped by net.core.somaxconn).
BACKLOG = 2048
#: Requests handled at once; more are answered 503 at once rather than queued without bound.
MAX_CONCURRENT = 1000
#: Seconds an idle keep-alive connection is kept.
KEEP_ALIVE = 5
#: Bytes of a request head (request line and headers) h11 buffers while it arrives.
MAX_REQUEST_HEAD = 16 * 1024


class ServeError(ReaderError):
    """The server cannot start: a busy or forbidden port, an unknown host."""


@dataclass(frozen=True)
class Listener:
    """A bound, listening socket and the URL it answers at."""

    sock: socket.socket
    host: str
    port: int

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"


def listen(host: str = "127.0.0.1", port: int = 8000, backlog: int = BACKLOG) -> Listener:
    """Bind ``host:port`` (port 0: any free port) and listen with ``backlog``; or a ServeError."""
    if not 0 <= port <= 65535:
        raise ServeError(f"port {port} is not a TCP port: give a number from 1 to 65535")
    try:
        family = socket.AF_INET6 if ipaddress.ip_address(host).version == 6 else socket.AF_INET
    except ValueError:
        if host != "localhost":
            raise ServeError(
                f"host {host!r} is not an IP address: give one, e.g. 127.0.0.1 (this machine only)"
            ) from None
        host, family = "127.0.0.1", socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(backlog)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise ServeError(
                f"port {port} on {host} is in use (another server, or `reader serve` already "
                "running?); stop it or choose another with --port"
            ) from None
        if exc.errno == errno.EACCES:
            raise ServeError(
                f"not allowed to listen on port {port} (ports below 1024 need root); "
                "choose another with --port, e.g. 8000"
            ) from None
        if exc.errno == errno.EADDRNOTAVAIL:
            raise ServeError(f"{host} is not an address of this machine; try 127.0.0.1") from None
        raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    bound_port = sock.getsockname()[1]
    return Listener(sock, host, bound_port)


def make_api(texts: dict[str, AlignedText], public_url: str) -> Api:
    """The live API, its templates absolute on ``public_url`` (``http://127.0.0.1:8000``)."""
    urls = QueryUrls(public_url.rstrip("/") + BASE)
    return Api(texts, urls=urls, media_types=MEDIA_TYPES).load()


def config(app: ASGIApp, *, access_log: bool = False, log_level: str = "warning") -> uvicorn.Config:
    """The uvicorn settings of ``reader serve`` (also used by the tests and the load bench)."""
    return uvicorn.Config(
        app,
        backlog=BACKLOG,
        limit_concurrency=MAX_CONCURRENT,
        timeout_keep_alive=KEEP_ALIVE,
        h11_max_incomplete_event_size=MAX_REQUEST_HEAD,
        access_log=access_log,
        log_level=log_level,
        server_header=False,
        lifespan="off",
    )


def serve(
    texts: dict[str, AlignedText],
    site: Path | None,
    listener: Listener,
    *,
    public_url: str | None = None,
    access_log: bool = False,
) -> None:
    """Answer on ``listener`` until interrupted (Ctrl-C or SIGTERM end it cleanly)."""
    api = make_api(texts, public_url or listener.url)
    server = uvicorn.Server(config(create_app(api, site), access_log=access_log))
    server.run(sockets=[listener.sock])


__all__ = ["BACKLOG", "Listener", "ServeError", "config", "listen", "make_api", "serve"]
