"""Incremental, atomic output: every file a build writes, keyed on its inputs.

A renderer plans :class:`Output`s: a path inside the output folder, a key
that changes exactly when what shapes the file changes (its inputs and
:func:`code_digest`), and a function that makes its bytes.
:func:`write_outputs` makes a folder hold exactly those files:

* nothing changed (the keys in ``.manifest.json`` are the same): nothing is
  rendered, nothing is written;
* something changed: the new tree is assembled in a temporary folder beside
  the old one (unchanged files hard-linked from it, changed ones rendered) and
  swapped in only when complete. A failure at any point leaves the previous
  tree untouched.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

MANIFEST = ".manifest.json"
#: Files of the package that shape what it writes: code, templates, styles,
#: scripts, catalogues, schemas (not the corpus, which keys outputs itself).
_SHAPING_SUFFIXES = frozenset({".py", ".html", ".css", ".js", ".po", ".rng"})


@dataclass
class Report:
    """What a build did, for the CLI and the benchmarks."""

    rendered: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    seconds: float = 0.0
    swapped: bool = False

    def summary(self) -> str:
        if not self.swapped:
            return (
                f"nothing changed: 0 rendered, {len(self.reused)} up to date ({self.seconds:.2f} s)"
            )
        return (
            f"{len(self.rendered)} rendered, {len(self.reused)} reused, "
            f"{len(self.removed)} removed ({self.seconds:.2f} s)"
        )


@dataclass(frozen=True)
class Output:
    """One file of the site: where it goes, what it depends on, how to make it."""

    path: str
    key: str
    make: Callable[[], bytes]


def digest(*parts: bytes | str) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else part.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()[:20]


def code_digest() -> str:
    """Everything of the package that shapes the output: code, templates, styles, catalogues."""
    package = Path(str(resources.files("reader")))
    files = sorted(
        p
        for p in package.rglob("*")
        if p.suffix in _SHAPING_SUFFIXES
        and "__pycache__" not in p.parts
        and "_corpus" not in p.parts
        and p.is_file()
    )
    return digest(*(p.read_bytes() for p in files))


def read_manifest(site_dir: Path) -> dict[str, str]:
    """The keys of the files in ``site_dir`` as its last build wrote them (empty if none)."""
    try:
        data = json.loads((site_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def write_outputs(
    outputs: Sequence[Output],
    target: Path,
    *,
    progress: Callable[[Iterable[Output], int], Iterable[Output]] | None = None,
) -> Report:
    """Make ``target`` hold exactly ``outputs``, rendering only what changed."""
    started = time.perf_counter()
    report = Report()
    previous = read_manifest(target) if target.is_dir() else {}
    wanted = {o.path: o.key for o in outputs}
    if previous == wanted and all((target / p).is_file() for p in wanted):
        report.reused = list(wanted)
        report.seconds = time.perf_counter() - started
        return report

    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-new-", dir=target.parent))
    try:
        iterable: Iterable[Output] = progress(outputs, len(outputs)) if progress else outputs
        for output in iterable:
            destination = staging / output.path
            destination.parent.mkdir(parents=True, exist_ok=True)
            old = target / output.path
            if previous.get(output.path) == output.key and old.is_file():
                try:
                    os.link(old, destination)
                except OSError:
                    shutil.copy2(old, destination)
                report.reused.append(output.path)
            else:
                destination.write_bytes(output.make())
                report.rendered.append(output.path)
        (staging / MANIFEST).write_text(
            json.dumps(wanted, indent=1, sort_keys=True), encoding="utf-8"
        )
        report.removed = sorted(set(previous) - set(wanted))
        _swap(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    report.swapped = True
    report.seconds = time.perf_counter() - started
    return report


def _swap(staging: Path, target: Path) -> None:
    """Put ``staging`` where ``target`` is; the old tree is removed only afterwards."""
    if not target.exists():
        staging.rename(target)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
    retired.rmdir()
    target.rename(retired)
    try:
        staging.rename(target)
    except OSError:
        retired.rename(target)
        raise
    shutil.rmtree(retired, ignore_errors=True)
