"""The site's Pagefind bundle is read only once Pagefind has written it whole."""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import threading
from pathlib import Path

import pytest

from reader.render.html.search import _written


def _bundle(folder: Path, entry: bytes) -> None:
    folder.mkdir(parents=True)
    (folder / "pagefind.tr_abc.pf_meta").write_bytes(b"meta")
    (folder / "pagefind-entry.json").write_bytes(entry)


def _wait(bundle: Path, timeout: float) -> None:
    """Run the wait in a thread of its own: a browser test may leave this thread's loop running."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, _written(bundle, "tr", timeout=timeout)).result()


WHOLE = json.dumps({"version": "1", "languages": {"tr": {"hash": "tr_abc"}}}).encode()


def test_a_bundle_whose_entry_file_is_still_empty_is_not_taken(tmp_path: Path) -> None:
    _bundle(tmp_path / "tr", b"")
    with pytest.raises(RuntimeError, match="did not finish writing its tr bundle"):
        _wait(tmp_path / "tr", 0.3)


def test_a_bundle_naming_a_missing_metadata_file_is_not_taken(tmp_path: Path) -> None:
    _bundle(tmp_path / "tr", WHOLE.replace(b"tr_abc", b"tr_zzz"))
    with pytest.raises(RuntimeError, match="tr bundle"):
        _wait(tmp_path / "tr", 0.3)


def test_the_wait_ends_when_the_entry_file_is_written(tmp_path: Path) -> None:
    _bundle(tmp_path / "tr", b"")
    finish = threading.Timer(0.2, (tmp_path / "tr" / "pagefind-entry.json").write_bytes, [WHOLE])
    finish.start()
    _wait(tmp_path / "tr", 10)
    finish.join()
    assert (tmp_path / "tr" / "pagefind-entry.json").read_bytes() == WHOLE
