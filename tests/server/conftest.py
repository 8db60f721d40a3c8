"""A real ``reader serve`` on loopback: the snapshot corpus's DTS API beside its built site.

The server is the one the command runs (:func:`reader.server.listen`, the
uvicorn settings of :func:`reader.server.run.config`), started once per
session in a thread on a free port; the tests talk to it over HTTP with httpx.
"""

from __future__ import annotations

import json
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

import reader
from reader.align import AlignedText
from reader.build import build_html, gather
from reader.corpus import Corpus
from reader.server import create_app, listen, make_api
from reader.server.run import config
from tests.conftest import ROOT

SCHEMAS = Path(__file__).resolve().parent / "schemas"


@pytest.fixture(scope="session")
def served_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the corpus, so that the server and the library read the same files."""
    root = tmp_path_factory.mktemp("served-corpus")
    for part in ("texts", "translations"):
        shutil.copytree(ROOT / part, root / part)
    return root


@pytest.fixture(scope="session")
def served_texts(served_corpus: Path) -> dict[str, AlignedText]:
    texts, _ = gather(Corpus.open(served_corpus))
    return texts


@pytest.fixture(scope="session")
def served_lib(served_corpus: Path) -> reader.Library:
    return reader.load(served_corpus)


@pytest.fixture(scope="session")
def served_site(tmp_path_factory: pytest.TempPathFactory, served_corpus: Path) -> Path:
    out = tmp_path_factory.mktemp("served-site") / "html"
    build_html(Corpus.open(served_corpus), out)
    return out


class Running:
    """A uvicorn server answering in a thread of this process."""

    def __init__(self, app: Any, sock: Any) -> None:
        self.server = uvicorn.Server(config(app))
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [sock]}, daemon=True
        )
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            assert time.monotonic() < deadline, "the server did not start in 30 s"
            assert self.thread.is_alive(), "the server thread ended before it started"
            time.sleep(0.02)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)


@pytest.fixture(scope="session")
def base_url(served_texts: dict[str, AlignedText], served_site: Path) -> Iterator[str]:
    listener = listen("127.0.0.1", 0)
    running = Running(create_app(make_api(served_texts, listener.url), served_site), listener.sock)
    yield listener.url
    running.stop()


@pytest.fixture(scope="session")
def client(base_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=base_url, timeout=30) as http:
        yield http


def _registry() -> Registry:
    resources = []
    for path in SCHEMAS.glob("*.schema.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resource = Resource.from_contents(schema)
        resources.append((schema["$id"], resource))
    return Registry().with_resources(resources)


@pytest.fixture(scope="session")
def schemas() -> dict[str, Draft202012Validator]:
    """The DTS 1.0 answer schemas (tests/server/schemas/, from the specification), by name."""
    registry = _registry()
    validators = {}
    for name in ("entry", "collection", "navigation", "status"):
        schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
        validators[name] = Draft202012Validator(schema, registry=registry)
    return validators
