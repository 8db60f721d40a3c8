"""Reading a capture: the checks a plain-text file passes before it is analysed.

A capture is refused with a :class:`CaptureError` naming the file and line
when it is too large, binary, holds NUL bytes, is not UTF-8 or is empty; text
ids and language codes given on the command line are checked here too.

The size is checked before the file is read, and the file is read no further
than the limit, so that a device or a pipe without end (``/dev/zero``) is
refused in a moment instead of filling the memory.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from reader.errors import Problem, ReaderError

#: Captures larger than this are refused (the seeds are under 50 kB).
MAX_CAPTURE_BYTES = 8 * 1024 * 1024
_TEXT_ID = re.compile(r"^[a-z]+$")
_LANG = re.compile(r"^[a-z]{2,3}$")


class CaptureError(ReaderError):
    """The capture cannot be ingested; ``problems`` say where and why."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(str(p) for p in self.problems))


def read_capture(path: Path) -> str:
    """The text of a capture, or :class:`CaptureError` saying why it cannot be read."""
    name = str(path)
    try:
        with path.open("rb") as stream:
            size = os.fstat(stream.fileno()).st_size  # 0 for a device or a pipe: read to know
            if size > MAX_CAPTURE_BYTES:
                raise _too_large(name, size)
            data = stream.read(MAX_CAPTURE_BYTES + 1)
    except IsADirectoryError:
        raise CaptureError([Problem(name, 0, "is a directory, not a capture file")]) from None
    except OSError as exc:
        raise CaptureError([Problem(name, 0, f"cannot read the capture: {exc.strerror}")]) from None
    return decode_capture(data, name)


def _too_large(name: str, size: int | None) -> CaptureError:
    limit = f"{MAX_CAPTURE_BYTES // 2**20} MB"
    what = f"is {size / 2**20:.1f} MB" if size else f"goes on past {limit}"
    return CaptureError(
        [Problem(name, 0, f"capture {what}; captures larger than {limit} are refused")]
    )


def decode_capture(data: bytes, name: str) -> str:
    """Decode and sanity-check the bytes of a capture."""
    if len(data) > MAX_CAPTURE_BYTES:
        # More than the limit was read only from a file whose size was not known.
        raise _too_large(name, len(data) if len(data) != MAX_CAPTURE_BYTES + 1 else None)
    if b"\x00" in data[:65536] or data.startswith(
        (b"%PDF", b"PK\x03\x04", b"\x89PNG", b"\xff\xd8")
    ):
        line = data.count(b"\n", 0, max(data.find(b"\x00"), 0)) + 1
        raise CaptureError(
            [
                Problem(
                    name,
                    line,
                    "binary file (NUL bytes or a binary signature); a capture is plain UTF-8 text",
                )
            ]
        )
    nul = data.find(b"\x00")
    if nul >= 0:
        # Further in than a binary file's header: a text with NUL bytes, which
        # would join the words around them if dropped.
        line_start = data.rfind(b"\n", 0, nul) + 1
        column = len(data[line_start:nul].decode("utf-8", "replace")) + 1
        count = data.count(b"\x00")
        raise CaptureError(
            [
                Problem(
                    name,
                    data.count(b"\n", 0, nul) + 1,
                    f"NUL byte at column {column}"
                    + (f" (and {count - 1} more)" if count > 1 else "")
                    + "; a capture is plain UTF-8 text: remove the NUL bytes or capture the "
                    "source again",
                )
            ]
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise CaptureError(
            [
                Problem(
                    name,
                    line,
                    f"not UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start} cannot be "
                    "decoded; convert the capture to UTF-8 first (iconv -f ENCODING -t UTF-8)",
                )
            ]
        ) from None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\f", "\n").replace("\v", "\n")  # form feeds: page breaks of pdftotext
    controls = [c for c in text if unicodedata.category(c) == "Cc" and c not in "\n\t"]
    if len(controls) > max(8, len(text) // 200):
        raise CaptureError(
            [Problem(name, 1, "binary file (control characters); a capture is plain text")]
        )
    text = "".join(c for c in text if c in "\n\t" or unicodedata.category(c) != "Cc")
    if not re.search(r"[^\W\d_]", text):
        what = "empty" if not text.strip() else "holds no words"
        raise CaptureError([Problem(name, 1, f"capture is {what}; nothing to ingest")])
    return text


def check_id(text_id: str) -> str | None:
    """Why ``text_id`` cannot name a text, or None."""
    if not _TEXT_ID.match(text_id):
        return f"text id {text_id!r} must be lower-case ASCII letters only (e.g. 'karakus')"
    return None


def check_lang(lang: str) -> str | None:
    if not _LANG.match(lang):
        return f"language {lang!r} must be an ISO 639 code of two or three lower-case letters"
    return None
