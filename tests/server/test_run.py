"""``reader serve`` as a user runs it: start-up messages, busy and invalid ports, a clean stop."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from reader.server import ServeError, listen
from tests.conftest import ROOT

READER = [sys.executable, "-m", "reader.cli"]


def run_reader(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*READER, *args], capture_output=True, text=True, timeout=timeout, cwd=ROOT, check=False
    )


@pytest.fixture
def busy_port() -> object:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(1)
    yield sock.getsockname()[1]
    sock.close()


def test_listen_says_what_is_wrong(busy_port: int) -> None:
    with pytest.raises(ServeError, match=f"port {busy_port} on 127.0.0.1 is in use"):
        listen("127.0.0.1", busy_port)
    with pytest.raises(ServeError, match="port 80000 is not a TCP port"):
        listen("127.0.0.1", 80000)
    with pytest.raises(ServeError, match="not an IP address"):
        listen("example.org", 8000)
    with pytest.raises(ServeError, match="not an address of this machine"):
        listen("192.0.2.1", 0)


def test_listen_keeps_a_long_queue() -> None:
    listener = listen("127.0.0.1", 0)
    try:
        assert listener.port > 0 and listener.url == f"http://127.0.0.1:{listener.port}"
        # Connections wait in the kernel's queue while nobody accepts: far more than 5.
        waiting = []
        for _ in range(100):
            client = socket.create_connection(("127.0.0.1", listener.port), timeout=5)
            waiting.append(client)
        assert len(waiting) == 100
    finally:
        for client in waiting:
            client.close()
        listener.sock.close()


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ["--port", "80000"],
            2,
            "Invalid value for '--port': Input should be less than or equal to 65535",
        ),
        (["--port", "eighty"], 2, "Invalid value for '--port': Input should be a valid integer"),
        (["--public-url", "ftp://x"], 2, "--public-url must start with http"),
    ],
)
def test_bad_options_give_a_usage_message(args: list[str], code: int, message: str) -> None:
    result = run_reader("serve", *args)
    assert result.returncode == code, result.stderr
    # typer draws the message in a box as wide as the terminal: read the words
    words = " ".join(result.stderr.replace("│", " ").split())
    assert message in words
    assert "Traceback" not in result.stderr + result.stdout


def test_a_busy_port_is_one_sentence(busy_port: int, tmp_path: Path) -> None:
    result = run_reader("serve", "--port", str(busy_port), "--dir", str(tmp_path))
    assert result.returncode == 1
    assert f"port {busy_port} on 127.0.0.1 is in use" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


@pytest.mark.slow
def test_serve_starts_answers_and_stops_cleanly(tmp_path: Path) -> None:
    free = listen("127.0.0.1", 0)
    port = free.port
    free.sock.close()
    process = subprocess.Popen(
        [*READER, "serve", "--port", str(port), "--dir", str(tmp_path / "none")],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                entry = httpx.get(f"http://127.0.0.1:{port}/api/dts/", timeout=5)
                break
            except httpx.ConnectError:
                assert process.poll() is None, process.communicate()
                assert time.monotonic() < deadline, "reader serve did not answer in 60 s"
                time.sleep(0.2)
        assert entry.status_code == 200
        assert (
            entry.json()["collection"] == f"http://127.0.0.1:{port}/api/dts/collection{{?id,nav}}"
        )
        page = httpx.get(f"http://127.0.0.1:{port}/index.html", timeout=5)
        assert page.status_code == 404 and "reader build" in page.text
    finally:
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
    assert process.returncode == 0, err
    assert "holds no built site" in err and "serving the DTS API" in out
    assert "Traceback" not in out + err
