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

The swap is one step: on Linux the new tree and the old one exchange names
(``renameat2`` with ``RENAME_EXCHANGE``), so that ``target`` names a whole
tree at every instant, even if the process is killed; elsewhere the old tree
is moved aside first and, should the process die before the new one is in
place, moved back by the next build. A build holds a lock on the folder
that holds ``target`` (an advisory ``flock`` of the folder itself: no lock
file to leave behind) from start to swap, so that builds there take turns,
and removes the temporary folders killed builds left before it starts.

A folder that cannot be written (read-only, a file where a folder should be,
a full disk) raises :class:`~reader.errors.OutputError`, one message naming
the place and the cause; the previous tree stays as it was.

A renderer may warn while it makes a file (``Output.warnings``, asked after
``make``: a link that leads nowhere, located in the corpus file it comes
from). The warnings are kept beside the keys (``.warnings.json``), so that a
build that reuses the file reports them again: a warning lasts as long as its
cause, however much of the build is reused.

Every path is checked before anything is written (:func:`check_output_path`):
relative, made of file names a file system takes, and inside the folder. The
names it is made of are checked where they enter (``reader.names``, ``reader
validate``); this is the last guard, for a writer that let one through.
"""

from __future__ import annotations

import ctypes
import errno
import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from reader.errors import OutputError, Problem

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; leftovers are then kept, not guessed at
    fcntl = None  # type: ignore[assignment]

MANIFEST = ".manifest.json"
#: The warnings of the files of the last build, by path.
WARNINGS = ".warnings.json"
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
    #: what the renderers warned about, each once, for the files rendered and reused
    warnings: list[Problem] = field(default_factory=list)

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
    #: the warnings of making it, asked after ``make`` (None: it gives none)
    warnings: Callable[[], Iterable[Problem]] | None = None


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


def read_warnings(site_dir: Path) -> dict[str, list[Problem]]:
    """The warnings of the files in ``site_dir`` as its last build found them (by path)."""
    try:
        data = json.loads((site_dir / WARNINGS).read_text(encoding="utf-8"))
        return {
            str(path): [
                Problem(str(f), int(line), str(message), level) for f, line, level, message in found
            ]
            for path, found in data.items()
        }
    except (OSError, ValueError, TypeError, AttributeError):
        return {}


def _write_warnings(folder: Path, warnings: dict[str, list[Problem]]) -> None:
    found = {
        path: [[p.file, p.line, p.level, p.message] for p in problems]
        for path, problems in sorted(warnings.items())
        if problems
    }
    if found:
        (folder / WARNINGS).write_text(
            json.dumps(found, indent=1, ensure_ascii=False), encoding="utf-8"
        )


def _each_once(warnings: Iterable[list[Problem]]) -> list[Problem]:
    return list(dict.fromkeys(p for problems in warnings for p in problems))


def write_outputs(
    outputs: Sequence[Output],
    target: Path,
    *,
    progress: Callable[[Iterable[Output], int], Iterable[Output]] | None = None,
) -> Report:
    """Make ``target`` hold exactly ``outputs``, rendering only what changed.

    Raises :class:`OutputError` when ``target`` cannot be written; the tree
    that was there stays whole.
    """
    started = time.perf_counter()
    for output in outputs:
        check_output_path(output.path, target)
    with _writing(target):
        _check_folder(target)
        target.parent.mkdir(parents=True, exist_ok=True)
    with _turn(target):
        report = _write(outputs, target, progress)
    report.seconds = time.perf_counter() - started
    return report


def _write(
    outputs: Sequence[Output],
    target: Path,
    progress: Callable[[Iterable[Output], int], Iterable[Output]] | None,
) -> Report:
    report = Report()
    with _writing(target):
        clean_leftovers(target)
    previous = read_manifest(target) if target.is_dir() else {}
    warned = read_warnings(target) if target.is_dir() else {}
    wanted = {o.path: o.key for o in outputs}
    if previous == wanted and all((target / p).is_file() for p in wanted):
        report.reused = list(wanted)
        report.warnings = _each_once(warned.get(path, []) for path in wanted)
        return report
    warnings: dict[str, list[Problem]] = {}

    with _writing(target):
        staging = Path(tempfile.mkdtemp(prefix=_staging_prefix(target, "new"), dir=target.parent))
        # mkdtemp makes a private folder (0700); the site is for a web server to read.
        staging.chmod(0o755)
    try:
        iterable: Iterable[Output] = progress(outputs, len(outputs)) if progress else outputs
        for output in iterable:
            destination = staging / output.path
            old = target / output.path
            if previous.get(output.path) == output.key and old.is_file():
                with _writing(target):
                    destination.parent.mkdir(parents=True, exist_ok=True)
                    try:
                        os.link(old, destination)
                    except OSError:
                        shutil.copy2(old, destination)
                report.reused.append(output.path)
                warnings[output.path] = warned.get(output.path, [])
            else:
                data = output.make()  # a renderer's own error is not the folder's
                warnings[output.path] = list(output.warnings()) if output.warnings else []
                with _writing(target):
                    destination.parent.mkdir(parents=True, exist_ok=True)
                    destination.write_bytes(data)
                report.rendered.append(output.path)
        with _writing(target):
            (staging / MANIFEST).write_text(
                json.dumps(wanted, indent=1, sort_keys=True), encoding="utf-8"
            )
            _write_warnings(staging, warnings)
        report.removed = sorted(set(previous) - set(wanted))
        with _writing(target):
            retired = _swap(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if retired is not None:
        _remove(retired)
    report.swapped = True
    report.warnings = _each_once(warnings[o.path] for o in outputs)
    return report


#: The longest file name (in bytes) of the file systems a build is written to.
MAX_NAME_BYTES = 255


def check_output_path(relative: str, target: Path) -> Path:
    """Where ``relative`` goes inside ``target``; OutputError if it would go anywhere else.

    >>> check_output_path("karakus/tr.html", Path("/site"))
    PosixPath('/site/karakus/tr.html')
    >>> check_output_path("api/dts/navigation/x;tree=a/../../../../etc/passwd", Path("/site"))
    Traceback (most recent call last):
    reader.OutputError: /site/api/dts/navigation/x;tree=a/../../../../etc/passwd: refused: the path has a '..' segment, which would leave the output folder; the previous build is untouched
    """
    shown = f"{target}/{relative}"  # as given: a Path would hide '//' and '.'

    def refuse(why: str) -> OutputError:
        return OutputError(shown, f"refused: {why}")

    if not relative or relative.startswith("/") or "\\" in relative or "\0" in relative:
        raise refuse("not a relative path of plain file names")
    for segment in relative.split("/"):
        if segment == "..":
            raise refuse("the path has a '..' segment, which would leave the output folder")
        if segment == ".":
            raise refuse("the path has a '.' segment")
        if not segment:
            raise refuse("the path has an empty segment ('//')")
        if len(segment.encode("utf-8")) > MAX_NAME_BYTES:
            raise refuse(
                f"a file name of {len(segment.encode('utf-8'))} bytes "
                f"({segment[:40]}…); file systems take at most {MAX_NAME_BYTES}"
            )
    destination = Path(os.path.normpath(target / relative))
    if not destination.is_relative_to(Path(os.path.normpath(target))):
        raise refuse("the path leaves the output folder")
    return destination


# ------------------------------------------------------------ faults of the folder

_CAUSES = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the file system is read-only",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.ENOTDIR: "a file stands where a folder should be",
    errno.EEXIST: "a file stands where a folder should be",
}


@contextmanager
def _writing(target: Path) -> Iterator[None]:
    """Turn an OSError of the output folder into one OutputError naming it and the cause."""
    try:
        yield
    except OutputError:
        raise
    except OSError as exc:
        cause = _CAUSES.get(exc.errno or 0, exc.strerror or str(exc))
        detail = f" ({exc.strerror})" if exc.strerror and exc.errno in _CAUSES else ""
        raise OutputError(
            str(target), f"cannot write the build: {cause}{detail}", errno=exc.errno
        ) from exc


def _check_folder(target: Path) -> None:
    """Refuse a target, or a folder above it, that exists and is not a folder."""
    for place in (target, *target.parents):
        if place.exists() or place.is_symlink():
            if not place.is_dir():
                what = "the output" if place == target else "a folder of the output"
                raise OutputError(
                    str(target),
                    f"cannot write the build: {place} is a file, not a folder "
                    f"({what}); choose another --out or move the file away",
                    errno=errno.ENOTDIR,
                )
            return


# ------------------------------------------------------------ staging and the swap


def _staging_prefix(target: Path, kind: str) -> str:
    return f".{target.name}-{kind}-"


@contextmanager
def _turn(target: Path) -> Iterator[None]:
    """Hold the lock of builds beside ``target``: one at a time (a killed one lets go)."""
    if fcntl is None:
        yield
        return
    with _writing(target):
        handle = os.open(target.parent, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # releases the lock


def clean_leftovers(target: Path) -> list[Path]:
    """Remove the temporary folders that killed builds of ``target`` left; the paths removed.

    Called with the lock of ``target``'s builds held (so no running build's
    folder is touched). A build moved aside by the two-step swap (where the
    one-step exchange is missing) and never replaced is put back first.
    """
    parent = target.parent
    if fcntl is None or not parent.is_dir():
        return []  # without a lock, a folder of a running build cannot be told from a leftover
    removed = []
    for kind in ("old", "new"):
        for leftover in sorted(parent.glob(f"{_staging_prefix(target, kind)}*")):
            if kind == "old" and not target.exists():
                leftover.rename(target)  # the swap died between its two steps
                continue
            _remove(leftover)
            removed.append(leftover)
    return removed


def _remove(path: Path) -> None:
    """Remove a retired tree, or the symbolic link a site was deployed as."""
    if path.is_symlink() or not path.is_dir():
        path.unlink(missing_ok=True)
    else:
        shutil.rmtree(path, ignore_errors=True)


def _swap(staging: Path, target: Path) -> Path | None:
    """Put ``staging`` where ``target`` is; the old tree's new place (to remove), if any."""
    if not target.exists():
        staging.rename(target)
        return None
    if _exchange(staging, target):
        return staging
    # No one-step exchange here: move the old tree aside, then the new one in.
    # Should the process die in between, clean_leftovers puts the old one back.
    retired = Path(tempfile.mkdtemp(prefix=_staging_prefix(target, "old"), dir=target.parent))
    retired.rmdir()
    target.rename(retired)
    try:
        staging.rename(target)
    except OSError:
        retired.rename(target)
        raise
    return retired


_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(first: Path, second: Path) -> bool:
    """Swap the names of two paths in one step (Linux ``renameat2``); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    if result == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False  # the kernel or the file system cannot exchange: use the two-step swap
    raise OSError(code, os.strerror(code), str(second))
