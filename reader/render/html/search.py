"""Static search for the built site: a Pagefind bundle of our own records, and the search pages.

``search_outputs(texts)`` (an ``extra`` of ``reader.build.build_site``) gives::

    search.html, tr/search.html, ru/search.html   the search page, interface in en / tr / ru
    pagefind/en/…, pagefind/tr/…, pagefind/ru/…   a Pagefind bundle per language
    search-names.json                             the authority file's names, for query expansion
    search-texts.json                             each text's languages and titles
    search-data/LANG/K.json                       what hits show: labels, aligned versions, marks

The bundle is made of custom records, one per passage and language
(``reader.search.build_records``): the url of the passage in the reader, the
passage text followed by what our matching adds to Pagefind's (folded forms,
Turkish roots, the names of the entities the passage marks), and as meta only
the record's number, whose label, aligned versions and marks are in
``search-data/``. The search page's script (``static/search.js``) folds the
query the same way, adds the Turkish roots and the other names of a name it
recognises, and asks Pagefind for each word of each variant (docs/search.md).

Pagefind runs when the outputs are planned (its file names are hashes of
their content), about a second for this corpus; its files are keyed on the
records, so a rebuild with nothing changed renders nothing.
"""

from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import hashlib
import importlib
import json
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any, cast

from reader.align import AlignedText
from reader.entities import Entity
from reader.render.common.output import Output, code_digest, digest
from reader.render.html.page import LANGS, environment, render_page
from reader.search import (
    Record,
    build_records,
    entities_for,
    entity_name_table,
    fold,
    index_content,
    index_meta,
    name_words,
)
from reader.search.names import name_languages
from reader.search.records import CONTEXT_WORDS, texts_meta

SEARCH_PATHS = {"en": "search.html", "tr": "tr/search.html", "ru": "ru/search.html"}
BUNDLE_DIR = "pagefind"
NAMES_PATH = "search-names.json"
TEXTS_PATH = "search-texts.json"
DATA_DIR = "search-data"
#: Files of the Pagefind bundle that our page uses; its own UIs and playground are left out.
_UNUSED = ("pagefind-ui", "pagefind-component-ui", "pagefind-modular-ui", "pagefind-highlight")

#: Bundles already made in this process, by the digest of their records.
_BUNDLES: dict[str, dict[str, bytes]] = {}


def pagefind_version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pagefind")
    except PackageNotFoundError:  # pragma: no cover - pagefind is a dependency
        return "unknown"


Payload = list[tuple[str, str, str, dict[str, str], dict[str, list[str]]]]
#: Records per file of display data (``search-data/LANG/N.json``).
CHUNK = 64


def payload(
    records: list[Record], entities: Mapping[str, Entity]
) -> tuple[Payload, dict[str, list[dict[str, object]]]]:
    """What Pagefind receives per record, and the files of what a hit shows beside it.

    Pagefind gets the url, the language, the content (``index_content``), as
    meta only the record's number in its language (``n``: Pagefind indexes
    meta as words, so nothing with words goes there), and the filter ``words``:
    the number of words of a record shorter than a passage in context (a
    keyword, a signature), which the page asks Pagefind for once to rank them as
    ``lib.search`` does (``context_weight``). What a hit shows beside its text
    (``index_meta``: ref, label, aligned versions, marks) goes to
    ``search-data/LANG/K.json``, record ``n`` at ``n % CHUNK`` of file
    ``n // CHUNK``; the page fetches the few it needs.
    """
    found: Payload = []
    display: dict[str, list[dict[str, object]]] = {}
    numbers: dict[str, int] = {}
    for record in records:
        number = numbers.get(record.lang, 0)
        numbers[record.lang] = number + 1
        words = record.words
        filters = {"words": [str(words)]} if words < CONTEXT_WORDS else {}
        found.append(
            (
                record.url,
                record.lang,
                index_content(record, entities),
                {"n": str(number)},
                filters,
            )
        )
        display.setdefault(f"{DATA_DIR}/{record.lang}/{number // CHUNK}.json", []).append(
            index_meta(record, entities)
        )
    return found, display


def make_bundle(records: Payload) -> dict[str, bytes]:
    """Run Pagefind on the records: path in the bundle → bytes (the files our page needs).

    One bundle per language (``en/``, ``tr/``, ``ru/``), not one bundle of three
    indexes joined with ``mergeIndex``: a merged index is searched with the
    WebAssembly (and so the stemmer) of the page's own language, which on the
    English page stemmed Russian queries as English (docs/search.md).
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(_index(records))
    # Called from a running event loop (e.g. under Playwright's sync API): its own thread.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(_index(records))).result()


async def _index(records: Payload) -> dict[str, bytes]:
    from pagefind.index import IndexConfig

    langs = sorted({lang for _url, lang, _content, _meta, _filters in records})
    with tempfile.TemporaryDirectory(prefix="reader-pagefind-") as tmp:
        out = Path(tmp)
        service = await _Service().launch()
        try:
            for lang in langs:
                index = await service.create_index(IndexConfig(force_language=lang))
                for url, record_lang, content, meta, filters in records:
                    if record_lang == lang:
                        await index.add_custom_record(
                            url=url, content=content, language=lang, meta=meta, filters=filters
                        )
                await index.write_files(output_path=str(out / lang))
                # Pagefind answers before every file is on disk; closing the
                # service then cut pagefind-entry.json to 0 bytes now and then.
                await _written(out / lang, lang)
        finally:
            await service.close()
        files = {}
        for path in sorted(out.rglob("*")):
            name = path.relative_to(out).as_posix()
            if not path.is_file() or path.name.startswith(_UNUSED) or "unknown" in path.name:
                continue
            files[name] = path.read_bytes()
    for lang in langs:
        if f"{lang}/pagefind-entry.json" not in files:
            raise RuntimeError(f"Pagefind wrote no {lang}/pagefind-entry.json")
    return files


async def _written(bundle: Path, lang: str, timeout: float = 60.0) -> None:
    """Wait until Pagefind's bundle for ``lang`` is whole on disk (or fail after ``timeout``).

    Whole: the entry file parses and names its language's metadata file, no
    file is empty, and the folder holds the same files, of the same sizes, on
    two looks 50 ms apart.
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    last: dict[str, int] | None = None
    while True:
        sizes = {p.as_posix(): p.stat().st_size for p in bundle.rglob("*") if p.is_file()}
        try:
            entry = json.loads((bundle / "pagefind-entry.json").read_bytes())
            meta = bundle / f"pagefind.{entry['languages'][lang]['hash']}.pf_meta"
            whole = meta.is_file() and all(sizes.values())
        except (OSError, ValueError, KeyError, TypeError):
            whole = False
        if whole and sizes == last:
            return
        if loop.time() > deadline:
            raise RuntimeError(
                f"Pagefind did not finish writing its {lang} bundle in {timeout:.0f} s"
            )
        last = sizes if whole else None
        await asyncio.sleep(0.05)


def _service_class() -> type[Any]:
    from pagefind.service import PagefindService

    class Service(PagefindService):
        """Pagefind's service, reading its answers as they come.

        The wrapper's own loop sleeps 0.1 s before each answer it reads: with
        one answer per record, 2,000 records took 200 s. This loop reads the
        same answers (base64 JSON, each ended by a comma) without sleeping.
        """

        async def _wait_for_responses(self) -> None:
            stdout = self._backend.stdout
            assert stdout is not None
            while True:
                try:
                    output = await stdout.readuntil(b",")
                except (asyncio.IncompleteReadError, asyncio.LimitOverrunError) as exc:
                    for waiting in self._responses.values():
                        if not waiting.done():
                            waiting.set_exception(RuntimeError(f"Pagefind stopped: {exc}"))
                    return
                response = json.loads(base64.b64decode(output[:-1]))
                if not isinstance(response, dict):
                    continue
                payload = response.get("payload") or {}
                message_id = response.get("message_id")
                if message_id is None and payload.get("original_message"):
                    message_id = json.loads(payload["original_message"]).get("message_id")
                future = self._responses.get(message_id) if message_id is not None else None
                if future is None or future.done():
                    continue
                if payload.get("type") == "Error":
                    future.set_exception(RuntimeError(f"Pagefind: {payload.get('message')}"))
                else:
                    future.set_result(cast(Any, payload))

    return Service


def _Service() -> Any:
    return _service_class()()


def names_json(entities: Mapping[str, Entity]) -> bytes:
    """The names the search page expands a query with (see ``reader.search.engine.Engine.variants``).

    ``names``: every name and variant, as folded words joined by spaces → the
    entities it names; ``entities``: per entity, the names a search for it
    runs (the shortest that cover the others), each with the languages it is
    searched in (those that give it: ``reader.search.names.name_languages``).
    """
    table = entity_name_table(entities)
    languages = name_languages(entities)
    ids = sorted(table)
    number = {entity_id: i for i, entity_id in enumerate(ids)}
    names: dict[str, list[int]] = {}
    for entity_id in ids:
        entity = entities[entity_id]
        for name in sorted(entity.all_names()):
            key = " ".join(fold(word) for word in name_words(name))
            if key and number[entity_id] not in names.setdefault(key, []):
                names[key].append(number[entity_id])
    data = {
        "ids": ids,
        "entities": [
            [
                [" ".join(words), " ".join(languages[entity_id][tuple(fold(w) for w in words)])]
                for words in table[entity_id]
            ]
            for entity_id in ids
        ],
        "names": dict(sorted(names.items())),
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def reader_page_pattern() -> str:
    """The file name of a view's reader page in another interface language, for the links of hits.

    A hit opens with the hit's language first and the interface in the
    language the reader is using. The reader pages of issue 15 name such a
    page ``VIEW.UI.html`` (``reader.render.html.reader_page.page_name``); where
    that module is absent, the interface follows the first column and the hit
    opens in the view's own page (an empty pattern).
    """
    try:
        module = importlib.import_module("reader.render.html.reader_page")
        name = module.page_name(("{first}", "{second}"), "{ui}")
    except Exception:  # the module of issue 15, or its function, is not there
        return ""
    return str(name) if "{ui}" in str(name) else ""


def search_page(ui: str) -> bytes:
    root = "" if ui == "en" else "../"
    html = render_page(
        environment(),
        "search.html",
        ui,
        root=root,
        lang_paths=SEARCH_PATHS,
        page_kind="search",
        bundle=f"{root}{BUNDLE_DIR}/",
        names_url=f"{root}{NAMES_PATH}",
        texts_url=f"{root}{TEXTS_PATH}",
        data_url=f"{root}{DATA_DIR}/",
        languages=LANGS,
        page_ui=reader_page_pattern(),
    )
    return html.encode("utf-8")


def search_outputs(
    texts: dict[str, AlignedText], entities: Mapping[str, Entity] | None = None
) -> list[Output]:
    """The search pages, the Pagefind bundle and the names file, for ``build_site(extra=…)``.

    ``entities``: the authority file already read (else it is read from the texts' corpus).
    """
    if entities is None:
        entities = entities_for(texts)
    all_records = build_records(texts)
    records, display = payload(all_records, entities)
    serialised = json.dumps(records, ensure_ascii=False, sort_keys=True)
    key = digest(serialised, pagefind_version())
    bundle = _BUNDLES.get(key)
    if bundle is None:
        bundle = _BUNDLES[key] = make_bundle(records)
        while len(_BUNDLES) > 4:
            del _BUNDLES[next(iter(_BUNDLES))]
    outputs = [
        Output(f"{BUNDLE_DIR}/{name}", digest(key, name), lambda data=data: data)  # type: ignore[misc]
        for name, data in bundle.items()
    ]
    names = names_json(entities)
    outputs.append(Output(NAMES_PATH, hashlib.sha256(names).hexdigest()[:20], lambda: names))
    for path, entries in [(TEXTS_PATH, texts_meta(all_records)), *display.items()]:
        data = json.dumps(entries, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        outputs.append(Output(path, hashlib.sha256(data).hexdigest()[:20], lambda data=data: data))  # type: ignore[misc]
    code = code_digest()
    for ui in LANGS:
        outputs.append(
            Output(
                SEARCH_PATHS[ui],
                digest(code, "search", ui),
                lambda ui=ui: search_page(ui),  # type: ignore[misc]
            )
        )
    return outputs


__all__ = [
    "BUNDLE_DIR",
    "CHUNK",
    "DATA_DIR",
    "NAMES_PATH",
    "SEARCH_PATHS",
    "TEXTS_PATH",
    "make_bundle",
    "names_json",
    "payload",
    "search_outputs",
    "search_page",
]
