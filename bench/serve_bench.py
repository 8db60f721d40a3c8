"""``reader serve`` under bursts of concurrent connections, before and after issue 12 item 6.

Builds the site once into a temporary folder, then for each server — the old
one (the standard library's ThreadingHTTPServer, listen queue 5, as
``reader serve`` was) and ``reader serve`` (Starlette on uvicorn, queue 2048) —
opens N connections at once on loopback (each request its own connection,
30 s timeout), three runs per N, and prints errors, the worst and median
latency and the wall time. The new server is also asked DTS queries (navigation
and document ranges). Figures are printed, not asserted; the suite's bounded
check is tests/server/test_site.py::test_500_concurrent_requests_all_answered.

Usage: .venv/bin/python bench/serve_bench.py [N ...]   (default: 200 500)
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from reader.build import build_html
from reader.corpus import Corpus

ROOT = Path(__file__).resolve().parent.parent
RUNS = 3
TIMEOUT = 30.0
PAGES = ["/", "/karakus/en-tr.html", "/api/dts/index.json", "/static/reader.css"]
DTS = [
    "/api/dts/navigation?resource=karakus.tur1&ref=p12&down=1",
    "/api/dts/document?resource=wikipedia.rus1&start=p3&end=p5",
    "/api/dts/navigation?resource=xoshgedem.eng1&start=p1.s2&end=p8&down=-1",
]
OLD_SERVER = """
import functools, http.server, sys
handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=sys.argv[2])
handler.log_message = lambda *a: None
with http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), handler) as server:
    server.serve_forever()
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, "the server ended before answering"
        try:
            httpx.get(f"http://127.0.0.1:{port}/", timeout=2)
            return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise RuntimeError("the server did not answer in 60 s")


async def burst(base: str, urls: list[str]) -> tuple[int, list[float], float]:
    limits = httpx.Limits(max_connections=len(urls), max_keepalive_connections=0)
    started = time.perf_counter()
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=TIMEOUT) as http:

        async def one(url: str) -> float | None:
            began = time.perf_counter()
            try:
                response = await http.get(url)
            except httpx.HTTPError:
                return None
            return time.perf_counter() - began if response.status_code == 200 else None

        results = await asyncio.gather(*(one(u) for u in urls))
    latencies = [r for r in results if r is not None]
    return len(results) - len(latencies), latencies, time.perf_counter() - started


def measure(label: str, base: str, paths: list[str], sizes: list[int]) -> None:
    for size in sizes:
        for run in range(1, RUNS + 1):
            urls = [paths[i % len(paths)] for i in range(size)]
            errors, latencies, wall = asyncio.run(burst(base, urls))
            worst = max(latencies, default=0.0)
            median = statistics.median(latencies) if latencies else 0.0
            print(
                f"{label:<34} N={size:<4} run {run}: {errors:>4} errors, worst {worst:6.2f} s, "
                f"median {median:5.2f} s, all in {wall:6.2f} s",
                flush=True,
            )


def main(sizes: list[int]) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        site = Path(scratch) / "html"
        build_html(Corpus.open(ROOT), site)
        servers = {
            "before: http.server (queue 5)": [sys.executable, "-c", OLD_SERVER],
            "after: reader serve (uvicorn)": [sys.executable, "-m", "reader.cli", "serve"],
        }
        for label, command in servers.items():
            port = free_port()
            args = [str(port), str(site)] if "http.server" in label else []
            if not args:
                args = ["--port", str(port), "--dir", str(site)]
            process = subprocess.Popen(
                [*command, *args],
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
            )
            try:
                wait_for(port, process)
                base = f"http://127.0.0.1:{port}"
                measure(label, base, PAGES, sizes)
                if "uvicorn" in label:
                    measure("after: DTS queries (live API)", base, DTS, sizes)
            finally:
                process.send_signal(signal.SIGINT)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [200, 500])
