"""The pipeline: gather (check → read → align) → render → swap in, incrementally and atomically.

``reader build`` writes the site to ``build/html`` (:func:`build_html`: the
reader pages, the DTS API, the static search) and, with ``--pdf``, the print
editions to ``build/pdf`` (:func:`build_pdfs`). Each output has a key derived
from its inputs; the previous build's keys are kept in ``.manifest.json``, so
that a rebuild renders only what changed, and the new tree is swapped in only
when complete (:mod:`reader.render.common.output`).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reader.align import AlignedText, check_texts, load_aligned
from reader.corpus import Corpus
from reader.entities import Entity, read_entities
from reader.errors import CorpusError, Problem, ReaderError, RenderError
from reader.ids import published_problems
from reader.render.api.dts import dts_outputs
from reader.render.common.output import Output, Report, digest, read_manifest, write_outputs
from reader.render.html.search import search_outputs
from reader.render.html.site import DEFAULT_BASE_URL, PrintFile, Site
from reader.render.pdf.check import FIGURES, CheckReport, check_pdf
from reader.render.pdf.edition import Rendered, pdf_name, plan, print_views, render_all, render_pdf
from reader.validate import check_corpus, check_corpus_files


@dataclass
class Gathered:
    """The corpus checked and read once: what every output of a build is made from."""

    texts: dict[str, AlignedText]
    #: text id → digest of its files (the key of every output made from the text)
    digests: dict[str, str]
    entities: dict[str, Entity]
    entities_digest: str
    #: what the checks found that does not stop a build (an untranslated unit …)
    warnings: list[Problem] = field(default_factory=list)


def collect(corpus: Corpus) -> Gathered:
    """Check every file, then read and align every text; raise with all errors.

    Each file is parsed once: the trees validation parsed are read into the
    model, the texts read are checked for alignment, and the authority file's
    tree gives the entities. Warnings are returned, not dropped.
    """
    problems, trees = check_corpus_files(
        corpus.all_files(), corpus_ids=corpus.text_ids(), corpus_root=corpus.root
    )
    problems += check_corpus(corpus)
    errors = [p for p in problems if p.level == "error"]
    if errors:
        raise CorpusError(errors)
    texts: dict[str, AlignedText] = {}
    for text_id in corpus.text_ids():
        try:
            texts[text_id] = load_aligned(corpus, text_id, trees)
        except CorpusError as exc:
            errors += exc.problems
    alignment = check_texts(texts)
    errors += [p for p in alignment if p.level == "error"]
    if errors:
        raise CorpusError(errors)
    check_published(corpus, texts)
    digests = {}
    for text_id in corpus.text_ids():
        h = hashlib.sha256()
        for path in [corpus.source_path(text_id)] + [
            corpus.translation_path(text_id, lang) for lang in corpus.translation_langs(text_id)
        ]:
            h.update(path.name.encode())
            h.update(path.read_bytes())
        digests[text_id] = h.hexdigest()[:20]
    entities_path = corpus.entities_path
    entities_tree = trees.get(entities_path)
    return Gathered(
        texts=texts,
        digests=digests,
        entities=read_entities(entities_tree.getroot()) if entities_tree is not None else {},
        entities_digest=(
            hashlib.sha256(entities_path.read_bytes()).hexdigest()[:20]
            if entities_path.is_file()
            else ""
        ),
        warnings=[p for p in problems + alignment if p.level == "warning"],
    )


def gather(corpus: Corpus) -> tuple[dict[str, AlignedText], dict[str, str]]:
    """The texts and their digests of :func:`collect` (for callers that need only those)."""
    gathered = collect(corpus)
    return gathered.texts, gathered.digests


@dataclass
class BuildReport(Report):
    """What a site build did, with the warnings of every stage (``file:line: level: message``):
    the checks' first, then the renderers' (``Report.warnings``)."""


def _located(output: Output) -> Output:
    """``output`` whose failure to render names the file it was making."""

    def make() -> bytes:
        try:
            return output.make()
        except (ReaderError, OSError):
            raise
        except Exception as exc:  # a renderer's bug: say which page, not a bare traceback
            raise RenderError(output.path, exc) from exc

    return Output(output.path, output.key, make, output.warnings)


def current_pdfs(
    corpus: Corpus, texts: dict[str, AlignedText], digests: dict[str, str], pdf_dir: Path
) -> list[PrintFile]:
    """The print editions in ``pdf_dir`` that are up to date with their texts and the code."""
    built = read_manifest(pdf_dir) if pdf_dir.is_dir() else {}
    found = []
    for name, key, _job in plan(texts, digests, str(corpus.root)):
        path = pdf_dir / name
        if built.get(name) == key and path.is_file():
            found.append(PrintFile(name=name, key=key, path=path))
    return found


def check_published(corpus: Corpus, texts: dict[str, AlignedText]) -> None:
    """Refuse to publish a corpus that lost or renumbered a published id (texts/ids.json)."""
    sources = {text_id: aligned.source for text_id, aligned in texts.items()}
    errors = [p for p in published_problems(corpus, sources) if p.level == "error"]
    if errors:
        raise CorpusError(errors)


def build_site(
    corpus: Corpus,
    out: Path,
    *,
    progress: Callable[[Iterable[Output], int], Iterable[Output]] | None = None,
    extra: Callable[[dict[str, AlignedText]], list[Output]]
    | Sequence[Callable[[dict[str, AlignedText]], list[Output]]]
    | None = None,
    pdf_dir: Path | None = None,
    base_url: str | None = None,
    gathered: Gathered | None = None,
) -> BuildReport:
    """Check the corpus and write the site to ``out`` (e.g. build/html).

    Print editions already built in ``pdf_dir`` and current are copied into the
    site (``out/pdf/``) and linked from their texts; ``base_url`` is the address
    the site is published at, which citations carry (default: $READER_BASE_URL,
    else where ``reader serve`` serves it). ``gathered``: the corpus already
    checked and read (else it is, here).
    """
    if gathered is None:
        gathered = collect(corpus)
    texts, digests = gathered.texts, gathered.digests
    site = Site(
        texts,
        digests,
        gathered.entities,
        gathered.entities_digest,
        base_url=base_url or os.environ.get("READER_BASE_URL") or DEFAULT_BASE_URL,
        pdfs=current_pdfs(corpus, texts, digests, pdf_dir) if pdf_dir is not None else [],
        authority_file=corpus.entities_path if corpus.entities_path.is_file() else None,
    )
    outputs = site.plan()
    extras = [extra] if callable(extra) else list(extra or ())
    for make_outputs in extras:
        outputs += make_outputs(texts)
    report = write_outputs([_located(o) for o in outputs], out, progress=progress)
    found = list(dict.fromkeys([*gathered.warnings, *report.warnings]))
    return BuildReport(**{**vars(report), "warnings": found})


def build_html(
    corpus: Corpus,
    out: Path,
    *,
    progress: Callable[[Iterable[Output], int], Iterable[Output]] | None = None,
    pdf_dir: Path | None = None,
    base_url: str | None = None,
    gathered: Gathered | None = None,
) -> BuildReport:
    """The whole site of ``reader build`` in ``out``: reader pages, DTS API and static search
    (and the print editions current in ``pdf_dir``, see :func:`build_site`)."""
    if gathered is None:
        gathered = collect(corpus)
    entities = gathered.entities

    def search(texts: dict[str, AlignedText]) -> list[Output]:
        return search_outputs(texts, entities)

    return build_site(
        corpus,
        out,
        progress=progress,
        extra=[dts_outputs, search],
        pdf_dir=pdf_dir,
        base_url=base_url,
        gathered=gathered,
    )


# --------------------------------------------------------------- search index


def build_search_index(
    corpus: Corpus,
    out_dir: Path,
    *,
    texts: dict[str, AlignedText] | None = None,
    progress: Callable[[int, int, str], None] | None = None,
) -> tuple[Path, int, int]:
    """The on-disk search index of ``corpus`` in ``out_dir`` (e.g. build/search), for ``lib.search``.

    Incremental (only the texts whose files changed are read and indexed) and
    atomic (made beside the previous index and renamed into place): see
    ``reader.search.store``. Returns the index folder, the texts indexed and
    the texts kept from the previous index.
    """
    from reader.search.service import build_index
    from reader.search.store import Store

    path, written = build_index(corpus, Store(out_dir), texts=texts, progress=progress)
    return path, len(written.indexed), written.kept


# ------------------------------------------------------------- print editions


@dataclass
class PdfReport(Report):
    """What ``build_pdfs`` did: the build report plus, per rendered PDF, its figures."""

    pdfs: dict[str, Rendered] = field(default_factory=dict)
    #: what rendering found, located in the PDF it concerns (a row whose columns
    #: start on different pages, a resource it refused to fetch)
    problems: list[Problem] = field(default_factory=list)
    #: the post-render check of every PDF of the folder (rendered now or kept)
    checks: dict[str, CheckReport] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return sum(r.pages for r in self.pdfs.values())

    def figures(self) -> dict[str, int]:
        """The post-render figures summed over every PDF."""
        totals = dict.fromkeys(FIGURES, 0)
        for check in self.checks.values():
            for name, count in check.figures().items():
                totals[name] += count
        return totals

    def summary(self) -> str:
        text = super().summary()
        if self.pdfs:
            text += f"; {self.pages} pages rendered"
        if self.checks:
            figures = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in self.figures().items())
            text += f"\npost-render check of {len(self.checks)} PDFs: {figures}"
            for name, check in sorted(self.checks.items()):
                for case in check.cases():
                    text += f"\n  {name}: {case}"
        if self.problems:
            text += f"\n{len(self.problems)} problem(s):\n  " + "\n  ".join(
                str(problem) for problem in self.problems
            )
        return text


def render_editions(corpus: Corpus, workers: int | None = None) -> dict[str, Rendered]:
    """Render every print edition of ``corpus`` in memory (``workers=0``: in this process).

    Nothing is written; the benchmarks use it to time the renderer alone.
    """
    gathered = collect(corpus)
    jobs = [job for _, _, job in plan(gathered.texts, gathered.digests, str(corpus.root))]
    return render_all(jobs, workers, texts=gathered.texts, entities=gathered.entities)


def build_pdfs(
    corpus: Corpus,
    out_dir: Path,
    *,
    workers: int | None = None,
    only: Callable[[str, tuple[str, ...]], bool] | None = None,
    gathered: Gathered | None = None,
) -> PdfReport:
    """Write every print edition of ``corpus`` to ``out_dir`` (e.g. build/pdf).

    Checks the corpus first (as the site build does); renders only the PDFs
    whose inputs changed, in parallel processes, then swaps the new folder in.
    ``only(text_id, view)`` narrows the set (the tests use it); ``gathered``:
    the corpus the site build already checked and read (else it is, here).
    """
    started = time.perf_counter()
    if gathered is None:
        gathered = collect(corpus)
    planned = plan(gathered.texts, gathered.digests, str(corpus.root))
    if only is not None:
        planned = [p for p in planned if only(p[2].text_id, p[2].view)]
    previous = read_manifest(out_dir) if out_dir.is_dir() else {}
    needed = [
        job
        for name, key, job in planned
        if previous.get(name) != key or not (out_dir / name).is_file()
    ]
    rendered = render_all(needed, workers, texts=gathered.texts, entities=gathered.entities)

    def make(name: str) -> Callable[[], bytes]:
        return lambda: rendered[name].data

    checks = _post_render_checks(planned, rendered, out_dir)
    outputs = [Output(name, key, make(name)) for name, key, _ in planned]
    outputs.append(_checks_output(planned, checks))
    report = write_outputs(outputs, out_dir)
    problems = [
        problem
        for name, result in sorted(rendered.items())
        for problem in pdf_problems(out_dir / name, result)
    ]
    pdf_report = PdfReport(
        rendered=[name for name in report.rendered if name != PDF_CHECKS],
        reused=[name for name in report.reused if name != PDF_CHECKS],
        removed=report.removed,
        seconds=time.perf_counter() - started,
        swapped=report.swapped,
        pdfs=rendered,
        problems=problems,
        checks=checks,
    )
    return pdf_report


#: The post-render figures of the PDFs of the folder, each under the key of its PDF.
PDF_CHECKS = "checks.json"


def _post_render_checks(
    planned: Sequence[tuple[str, str, object]], rendered: dict[str, Rendered], out_dir: Path
) -> dict[str, CheckReport]:
    """The check of every planned PDF: fresh ones from their render, kept ones from the
    previous build's figures (same key, same file), read back only when those are missing."""
    kept: dict[str, object] = {}
    try:
        data = json.loads((out_dir / PDF_CHECKS).read_text(encoding="utf-8"))
        kept = data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        pass
    checks = {}
    for name, key, _job in planned:
        fresh = rendered.get(name)
        cached = kept.get(name)
        if fresh is not None and fresh.check is not None:
            checks[name] = fresh.check
        elif isinstance(cached, dict) and cached.get("key") == key:
            try:
                checks[name] = CheckReport.from_dict(cached["report"])
                continue
            except (KeyError, TypeError, ValueError):
                pass
        if name not in checks:  # kept from an earlier build without figures: read it back
            checks[name] = check_pdf((out_dir / name).read_bytes(), name)
    return checks


def _checks_output(
    planned: Sequence[tuple[str, str, object]], checks: dict[str, CheckReport]
) -> Output:
    keys = {name: key for name, key, _ in planned}
    payload = {name: {"key": keys[name], "report": checks[name].to_dict()} for name in keys}
    return Output(
        PDF_CHECKS,
        digest(*(f"{name}={key}" for name, key in sorted(keys.items()))),
        lambda: json.dumps(payload, indent=1, sort_keys=True, ensure_ascii=False).encode(),
    )


def pdf_problems(path: Path, result: Rendered) -> list[Problem]:
    """What rendering one PDF found, as warnings: the printer's located in the PDF's file,
    the print page's where it falls short of the text in the TEI file and line."""
    return [
        *(
            Problem(str(path), 0, f"row {row} starts on different pages", "warning")
            for row in result.unpaired
        ),
        *(Problem(str(path), 0, f"refused to fetch {url}", "warning") for url in result.refused),
        *result.problems,
    ]


def write_one(
    corpus: Corpus,
    text_id: str,
    view: tuple[str, ...],
    out_dir: Path,
    *,
    gathered: Gathered | None = None,
) -> tuple[Path, Rendered]:
    """Render one print edition to ``out_dir/ID.VIEW.pdf`` (atomically); for ``reader pdf``.

    ``gathered``: the corpus already checked and read (else it is, here).
    """
    if text_id not in corpus.text_ids():
        raise CorpusError([Problem(str(corpus.texts_dir), 0, f"no text {text_id!r} in the corpus")])
    if gathered is None:
        gathered = collect(corpus)
    aligned = gathered.texts[text_id]
    unknown = [lang for lang in view if lang not in aligned.languages]
    if unknown or len(set(view)) != len(view) or not 1 <= len(view) <= 2:
        raise CorpusError(
            [
                Problem(
                    str(corpus.source_path(text_id)),
                    0,
                    f"cannot print {'-'.join(view)}: {text_id} has {', '.join(aligned.languages)}; "
                    "give one language or two different ones",
                )
            ]
        )
    result = render_pdf(aligned, view, dict(gathered.entities))
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / result.name
    handle, temporary = tempfile.mkstemp(prefix=f".{result.name}.", dir=out_dir)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(result.data)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target, result


def iter_names(corpus: Corpus) -> Iterator[str]:
    """The file names ``build_pdfs`` writes for ``corpus``."""
    texts, _ = gather(corpus)
    for text_id, aligned in texts.items():
        for view in print_views(aligned):
            yield pdf_name(text_id, view)


__all__ = [
    "BuildReport",
    "Gathered",
    "PdfReport",
    "Problem",
    "Report",
    "build_html",
    "build_pdfs",
    "build_search_index",
    "build_site",
    "collect",
    "gather",
    "iter_names",
    "pdf_problems",
    "render_editions",
    "write_one",
    "write_outputs",
]
