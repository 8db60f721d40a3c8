"""The build: gather → check → align → render → swap in, incrementally and atomically.

``reader build`` writes the site to ``build/html`` (and, with ``--pdf``, the
print editions to ``build/pdf``). Each output has a key derived from its
inputs; the previous build's keys are kept in ``build/html/.manifest.json``.

* Nothing changed: no page is rendered, nothing is written.
* Something changed: the new site is assembled in a temporary directory next
  to the old one (unchanged pages are hard-linked from it, changed pages are
  rendered) and swapped in only when complete. A failure at any point leaves
  the previous site untouched.
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
from pathlib import Path

from reader.align import AlignedText, check_alignment, load_aligned
from reader.corpus import Corpus
from reader.entities import load_entities
from reader.errors import CorpusError, Problem
from reader.render.site import Output, Site
from reader.validate import check_paths

MANIFEST = ".manifest.json"


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


def gather(corpus: Corpus) -> tuple[dict[str, AlignedText], dict[str, str]]:
    """Check every file, then read and align every text; raise with all problems."""
    problems = check_paths(
        corpus.all_files(), corpus_ids=corpus.text_ids(), corpus_root=corpus.root
    )
    errors = [p for p in problems if p.level == "error"]
    if not errors:
        errors = [p for p in check_alignment(corpus) if p.level == "error"]
    if errors:
        raise CorpusError(errors)
    texts = {text_id: load_aligned(corpus, text_id) for text_id in corpus.text_ids()}
    digests = {}
    for text_id in corpus.text_ids():
        h = hashlib.sha256()
        for path in [corpus.source_path(text_id)] + [
            corpus.translation_path(text_id, lang) for lang in corpus.translation_langs(text_id)
        ]:
            h.update(path.name.encode())
            h.update(path.read_bytes())
        digests[text_id] = h.hexdigest()[:20]
    return texts, digests


def _read_manifest(site_dir: Path) -> dict[str, str]:
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
    previous = _read_manifest(target) if target.is_dir() else {}
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


def build_site(
    corpus: Corpus,
    out: Path,
    *,
    progress: Callable[[Iterable[Output], int], Iterable[Output]] | None = None,
    extra: Callable[[dict[str, AlignedText]], list[Output]]
    | Sequence[Callable[[dict[str, AlignedText]], list[Output]]]
    | None = None,
) -> Report:
    """Check the corpus and write the site to ``out`` (e.g. build/html)."""
    texts, digests = gather(corpus)
    entities_path = corpus.entities_path
    entities = load_entities(entities_path)
    entities_digest = (
        hashlib.sha256(entities_path.read_bytes()).hexdigest()[:20]
        if entities_path.is_file()
        else ""
    )
    site = Site(texts, digests, entities, entities_digest)
    outputs = site.plan()
    extras = [extra] if callable(extra) else list(extra or ())
    for make_outputs in extras:
        outputs += make_outputs(texts)
    return write_outputs(outputs, out, progress=progress)


__all__ = ["Problem", "Report", "build_site", "gather", "write_outputs"]
