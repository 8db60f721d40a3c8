"""The site's Pagefind bundle is read only once Pagefind has written it whole."""

from __future__ import annotations

import asyncio
import json
import threading
from pathlib import Path

import pytest

from reader.render.html.search import _written


def _bundle(folder: Path, entry: bytes) -> None:
    folder.mkdir(parents=True)
    (folder / "pagefind.tr_abc.pf_meta").write_bytes(b"meta")
    (folder / "pagefind-entry.json").write_bytes(entry)


WHOLE = json.dumps({"version": "1", "languages": {"tr": {"hash": "tr_abc"}}}).encode()


def test_a_bundle_whose_entry_file_is_still_empty_is_not_taken(tmp_path: Path) -> None:
    _bundle(tmp_path / "tr", b"")
    with pytest.raises(RuntimeError, match="did not finish writing its tr bundle"):
        asyncio.run(_written(tmp_path / "tr", "tr", timeout=0.3))


def test_a_bundle_naming_a_missing_metadata_file_is_not_taken(tmp_path: Path) -> None:
    _bundle(tmp_path / "tr", WHOLE.replace(b"tr_abc", b"tr_zzz"))
    with pytest.raises(RuntimeError, match="tr bundle"):
        asyncio.run(_written(tmp_path / "tr", "tr", timeout=0.3))


def test_the_wait_ends_when_the_entry_file_is_written(tmp_path: Path) -> None:
    _bundle(tmp_path / "tr", b"")
    finish = threading.Timer(0.2, (tmp_path / "tr" / "pagefind-entry.json").write_bytes, [WHOLE])
    finish.start()
    asyncio.run(_written(tmp_path / "tr", "tr", timeout=10))
    finish.join()
    assert (tmp_path / "tr" / "pagefind-entry.json").read_bytes() == WHOLE
