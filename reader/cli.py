"""The ``reader`` command line.

Exit codes: 0 success, 1 not found / problems found, 2 bad usage. Messages go
to stderr as ``file:line: level: message``; no command prints a traceback for
bad input.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from reader.corpus import Corpus
from reader.errors import CorpusError, OutputError, Problem, ReaderError, RenderError

if TYPE_CHECKING:
    from reader.align import AlignedText

app = typer.Typer(
    name="reader",
    help="Read, cite and print sources on Soviet–Turkish relations (1919–1922).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

CorpusOption = Annotated[
    Path | None,
    typer.Option(
        "--corpus", help="Corpus directory (default: the project's texts/ and translations/)."
    ),
]


def _show_version(value: bool) -> None:
    if not value:
        return
    import platform
    from importlib import metadata

    import reader
    from reader.corpus import package_dir

    typer.echo(
        f"sovturk-reader {reader.__version__} from {package_dir()} "
        f"(Python {platform.python_version()})"
    )
    # The feed reader on the package index is also called "reader" and installs
    # the same import package: the two overwrite each other's files.
    try:
        other = metadata.distribution("reader")
    except metadata.PackageNotFoundError:
        pass
    else:
        _err(
            f"reader: warning: the distribution 'reader' {other.version} is also installed here; "
            f"it uses the same import name and files as sovturk-reader: keep them in separate "
            f"virtual environments (README.md, Installing)"
        )
    raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Read, cite and print sources on Soviet–Turkish relations (1919–1922)."""


def _err(message: str) -> None:
    typer.echo(message, err=True)


def _open_corpus(corpus: Path | None) -> Corpus:
    try:
        return Corpus.open(corpus)
    except CorpusError as exc:
        for problem in exc.problems:
            _err(str(problem))
        raise typer.Exit(2) from None


@app.command()
def validate(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="TEI files (default: the whole corpus).")
    ] = None,
    corpus: CorpusOption = None,
) -> None:
    """Check TEI files against the schema and the project's rules; list every problem."""
    from reader.align import check_alignment
    from reader.validate import check_corpus, check_corpus_files, check_paths

    if paths:
        paths = _files_of(paths)
        try:
            the_corpus: Corpus | None = Corpus.open(corpus or _corpus_holding(paths))
        except CorpusError:
            the_corpus = None
        known = the_corpus.text_ids() if the_corpus else None
        problems = check_paths(
            paths, corpus_ids=known, corpus_root=the_corpus.root if the_corpus else None
        )
        if the_corpus is not None:
            # Align the translations named, with their sources.
            wanted = {
                p.stem
                for p in paths
                if p.resolve().parent.parent == the_corpus.translations_dir.resolve()
            }
            problems += check_alignment(the_corpus, only=wanted)
    else:
        the_corpus = _open_corpus(corpus)
        paths = the_corpus.all_files()
        problems, trees = check_corpus_files(
            paths, corpus_ids=the_corpus.text_ids(), corpus_root=the_corpus.root
        )
        problems += check_corpus(the_corpus)
        problems += check_alignment(the_corpus, trees=trees)
        problems += _published(the_corpus, problems)
    # A file that cannot be parsed is found by the schema check and again by
    # the alignment: one problem, said once.
    problems = list(dict.fromkeys(problems))
    for problem in problems:
        _err(str(problem))
    errors = sum(1 for p in problems if p.level == "error")
    warnings = len(problems) - errors
    summary = f"{len(paths)} file(s) checked: {errors} error(s), {warnings} warning(s)"
    typer.echo(summary, err=bool(errors))
    if errors:
        raise typer.Exit(1)


def _corpus_holding(paths: list[Path]) -> Path | None:
    """The corpus folder the files named stand in (texts/ or translations/LANG/), if one holds all."""
    roots = set()
    for path in paths:
        folder = path.resolve().parent
        if folder.name == "texts":
            roots.add(folder.parent)
        elif folder.parent.name == "translations":
            roots.add(folder.parent.parent)
        else:
            return None
    return roots.pop() if len(roots) == 1 else None


def _published(the_corpus: Corpus, problems: list[Problem]) -> list[Problem]:
    """The published ids (texts/ids.json) still there, when the sources could be read."""
    from reader.ids import published_problems

    unreadable = {p.file for p in problems if p.level == "error"}
    if any(str(the_corpus.source_path(t)) in unreadable for t in the_corpus.text_ids()):
        return []  # a source with errors may not read: fix those first
    return published_problems(the_corpus)


def _usage(exc: CorpusError) -> typer.Exit:
    """A command that cannot run on this corpus (e.g. a change to the packaged one): exit 2."""
    for problem in exc.problems:
        _err(str(problem))
    return typer.Exit(2)


def _files_of(paths: list[Path]) -> list[Path]:
    """The files named, a folder standing for every ``*.xml`` inside it (``reader validate texts/``)."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir() and path.suffix != ".xml":
            files += sorted(
                p
                for p in path.rglob("*.xml")
                if not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            files.append(path)
    return list(dict.fromkeys(files))


def _library(corpus: Path | None) -> object:
    import reader

    try:
        return reader.load(corpus)
    except CorpusError as exc:
        for problem in exc.problems:
            _err(str(problem))
        raise typer.Exit(2) from None


def _fail(exc: ReaderError) -> typer.Exit:
    """Not found → 1, bad usage (syntax) → 2; the API's own message."""
    from reader.errors import BadReference

    _err(f"reader: {exc}")
    return typer.Exit(2 if isinstance(exc, BadReference) else 1)


@app.command()
def get(
    ref: Annotated[str, typer.Argument(help="TEXT:REF, a range TEXT:A-B, or a CTS URN")],
    lang: Annotated[
        str | None, typer.Option("--lang", "-l", help="Language (default: the source's)")
    ] = None,
    output: Annotated[str, typer.Option("--format", "-f", help="text, json or html")] = "text",
    parallel: Annotated[
        str | None, typer.Option("--parallel", help="Languages side by side, e.g. en,ru")
    ] = None,
    corpus: CorpusOption = None,
) -> None:
    """Print a passage (or a range) in a language, or aligned in several."""
    import json

    import reader

    if output not in ("text", "json", "html"):
        _err(f"reader: unknown format {output!r}; formats are text, json, html")
        raise typer.Exit(2)
    lib = _library(corpus)
    assert isinstance(lib, reader.Library)
    try:
        if parallel:
            langs = [code.strip() for code in parallel.split(",") if code.strip()]
            groups = [lib.parallel(p.ref, *langs) for p in lib.passages(ref)]
            if output == "json":
                payload = [
                    json.loads(g.model_dump_json(exclude={"passages": {"__all__": {"cited"}}}))
                    for g in groups
                ]
                typer.echo(json.dumps(payload, ensure_ascii=False, indent=2))
                return
            for group in groups:
                for passage in group.passages:
                    typer.echo(_render_passage(passage, output, label=True))
                typer.echo("")
            return
        passages = lib.passages(ref, lang)
    except ReaderError as exc:
        raise _fail(exc) from None
    if output == "json":
        items = [json.loads(p.to_json()) for p in passages]
        typer.echo(json.dumps(items[0] if len(items) == 1 else items, ensure_ascii=False, indent=2))
        return
    for passage in passages:
        typer.echo(_render_passage(passage, output, label=len(passages) > 1))


def _render_passage(passage: object, output: str, *, label: bool) -> str:
    import reader

    assert isinstance(passage, reader.Passage)
    body = passage.html if output == "html" else passage.text
    note = ""
    if passage.missing:
        note = f"[no {passage.requested_lang} translation of {passage.ref}; the original ({passage.lang}) follows]\n"
    head = f"[{passage.ref} · {passage.lang}] " if label else ""
    return f"{note}{head}{body}"


@app.command()
def texts(corpus: CorpusOption = None) -> None:
    """List the texts with their languages and what each version is."""
    import reader

    lib = _library(corpus)
    assert isinstance(lib, reader.Library)
    try:
        infos = lib.texts()
    except ReaderError as exc:
        raise _fail(exc) from None
    for info in infos:
        authors = ", ".join(info.authors)
        typer.echo(f"{info.id}: {authors} ({info.year or 'n.d.'}). {info.title}")
        typer.echo(f"    {info.paragraphs} paragraphs, {info.notes} notes")
        for language in info.languages:
            typer.echo(f"    {language.lang}: {language.statement}")


@app.command()
def cite(
    ref: Annotated[str, typer.Argument(help="TEXT:REF or a CTS URN")],
    style: Annotated[
        str, typer.Option("--style", "-s", help="chicago, apa, bibtex or csl-json")
    ] = "chicago",
    lang: Annotated[str | None, typer.Option("--lang", "-l", help="Language version cited")] = None,
    corpus: CorpusOption = None,
) -> None:
    """Print the citation of a passage, naming the language version and what it is."""
    import reader
    from reader.cite import STYLES

    if style.lower() not in STYLES:
        _err(f"reader: unknown citation style {style!r}; styles are: {', '.join(STYLES)}")
        raise typer.Exit(2)
    lib = _library(corpus)
    assert isinstance(lib, reader.Library)
    try:
        typer.echo(lib.passage(ref, lang).cite(style))
    except ReaderError as exc:
        raise _fail(exc) from None


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Words to find (a name finds all its spellings)")],
    lang: Annotated[
        str | None, typer.Option("--lang", "-l", help="Only this language (default: all)")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="At most this many hits")] = 10,
    output: Annotated[str, typer.Option("--format", "-f", help="text or json")] = "text",
    corpus: CorpusOption = None,
) -> None:
    """Search every text in every language; the best passages first (docs/search.md)."""
    import json

    import reader

    if output not in ("text", "json"):
        _err(f"reader: unknown format {output!r}; formats are text, json")
        raise typer.Exit(2)
    if limit < 1:
        _err(f"reader: --limit must be at least 1, not {limit}")
        raise typer.Exit(2)
    lib = _library(corpus)
    assert isinstance(lib, reader.Library)
    try:
        hits = lib.search(query, lang, limit)
    except ReaderError as exc:
        _err(f"reader: {exc}")
        # A language or a query the search cannot take is bad usage, like a bad reference.
        raise typer.Exit(2 if isinstance(exc, ValueError) else 1) from None
    if output == "json":
        typer.echo(
            json.dumps([hit.model_dump(mode="json") for hit in hits], ensure_ascii=False, indent=2)
        )
    else:
        bold = sys.stdout.isatty()
        for hit in hits:
            snippet, cursor, parts = hit.snippet, 0, []
            for start, end in hit.highlights:
                parts += [snippet[cursor:start], typer.style(snippet[start:end], bold=bold)]
                cursor = end
            parts.append(snippet[cursor:])
            typer.echo(f"{hit.ref}  [{hit.lang}] {hit.title}, {hit.label}")
            typer.echo(f"    {''.join(parts)}")
    if not hits:
        _err(f"reader: no passage matches {query!r}")
        raise typer.Exit(1)


@app.command("check-translations")
def check_translations(
    texts: Annotated[list[str] | None, typer.Argument(help="Text ids (default: all)")] = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Fail on a missing unit, an unrendered sentence, a number mismatch or a "
            "violation of the translation policy's rules (docs/translating.md)",
        ),
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Only the summary tables, no findings")
    ] = False,
    corpus: CorpusOption = None,
) -> None:
    """Translation QA: coverage, alignment, numbers, script, glossary, ratios, policy rules."""
    from reader import qa

    the_corpus = _open_corpus(corpus)
    unknown = [t for t in texts or [] if t not in the_corpus.text_ids()]
    if unknown:
        _err(f"reader: no text {', '.join(unknown)}; texts are: {', '.join(the_corpus.text_ids())}")
        raise typer.Exit(2)
    try:
        reports = qa.check(the_corpus, texts or None)
        corpus_violations = qa.check_corpus(the_corpus, texts or None)
    except CorpusError as exc:
        for problem in exc.problems:
            _err(str(problem))
        raise typer.Exit(1) from None
    typer.echo(qa.format_reports(reports, corpus_violations, details=not quiet, strict=strict))
    failed = [r for r in reports if not r.ok]
    if strict and (failed or corpus_violations):
        breaches = sum(len(r.violations) for r in reports) + len(corpus_violations)
        _err(
            f"reader: {len(failed)} translation(s) incomplete, unfaithful in numbers or against "
            f"the policy; {breaches} rule violation(s) in all (--strict; docs/translating.md)"
        )
        raise typer.Exit(1)


@app.command()
def build(
    out: Annotated[Path, typer.Option("--out", help="Output directory")] = Path("build"),
    pdf: Annotated[
        bool, typer.Option("--pdf", help="Also write the print editions to OUT/pdf")
    ] = False,
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            help="Address the site is published at, carried by citations "
            "(default: $READER_BASE_URL, else http://127.0.0.1:8000/)",
        ),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Fail (exit 1) on any warning, as on an error (the outputs are still written)",
        ),
    ] = False,
    corpus: CorpusOption = None,
) -> None:
    """Build the reader: OUT/html (site, DTS API, search), OUT/search (the index of
    lib.search) and, with --pdf, OUT/pdf.

    Print editions built in OUT/pdf and up to date are copied into the site and
    linked from their texts; with --pdf they are built first.
    """
    from rich.progress import Progress

    from reader.build import build_html, collect

    the_corpus = _open_corpus(corpus)

    def progress(items, total):  # type: ignore[no-untyped-def]
        with Progress(transient=True, disable=not sys.stderr.isatty()) as bar:
            task = bar.add_task("rendering", total=total)
            for item in items:
                yield item
                bar.advance(task)

    warnings: list[Problem] = []
    try:
        gathered = collect(the_corpus)
        if pdf:  # first, so that the site copies and links the current editions
            from reader.build import build_pdfs

            pdf_report = build_pdfs(the_corpus, out / "pdf", gathered=gathered)
            typer.echo(f"pdf: {pdf_report.summary()}")
            warnings += pdf_report.problems
        report = build_html(
            the_corpus,
            out / "html",
            progress=progress,
            pdf_dir=out / "pdf",
            base_url=base_url,
            gathered=gathered,
        )
    except CorpusError as exc:
        for problem in exc.problems:
            _err(str(problem))
        _err(
            f"reader: build stopped: {len(exc.problems)} problem(s); the previous build is untouched"
        )
        raise typer.Exit(1) from None
    except (OutputError, RenderError) as exc:
        _err(f"reader: {exc}")
        raise typer.Exit(1) from None
    # the print page and the reader's page see the same faults of a text: each once
    warnings = list(dict.fromkeys([*report.warnings, *warnings]))
    typer.echo(f"html: {report.summary()}")
    _write_index(the_corpus, out / "search", texts=gathered.texts)
    for warning in warnings:
        _err(str(warning))
    if warnings:
        _err(
            f"reader: {len(warnings)} warning(s)"
            + ("; --strict: the build fails on warnings" if strict else "")
        )
    if strict and warnings:
        raise typer.Exit(1)


def _write_index(
    the_corpus: Corpus, out: Path, texts: dict[str, AlignedText] | None = None
) -> None:
    import time

    from reader.build import build_search_index

    started = time.perf_counter()
    try:
        with _progress("search index") as progress:
            path, indexed, kept = build_search_index(
                the_corpus, out, texts=texts, progress=progress
            )
    except OSError as exc:
        _err(f"reader: cannot write the search index in {out}: {exc}")
        raise typer.Exit(1) from None
    typer.echo(
        f"search: {path}: {indexed} text(s) indexed, {kept} unchanged "
        f"({time.perf_counter() - started:.2f} s)"
    )


@contextlib.contextmanager
def _progress(what: str):  # type: ignore[no-untyped-def]
    """A progress callback (done, total, item) drawing a bar on a terminal, else None."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task(what, total=None)

        def advance(done: int, total: int, item: str) -> None:
            bar.update(task, completed=done, total=total, description=f"{what}: {item}")

        yield advance


@app.command()
def index(
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="Index store (default: the user's cache folder, where lib.search looks)",
        ),
    ] = None,
    corpus: CorpusOption = None,
) -> None:
    """Make the search index of lib.search (only the texts that changed are read)."""
    from reader.search.store import cache_store

    the_corpus = _open_corpus(corpus)
    _write_index(the_corpus, out if out is not None else cache_store().path)


@app.command()
def pdf(
    text_id: Annotated[str, typer.Argument(help="The text, e.g. karakus")],
    langs: Annotated[
        str | None,
        typer.Option(
            "--langs", help="One language or two side by side, e.g. en,tr (default: every PDF)"
        ),
    ] = None,
    out: Annotated[Path, typer.Option("--out", help="Output directory")] = Path("build"),
    corpus: CorpusOption = None,
) -> None:
    """Print a text to OUT/pdf/ID.LANG.pdf or ID.L1-L2.pdf (the first language on the left)."""
    from reader.build import collect, pdf_problems, write_one
    from reader.render.pdf.edition import print_views

    the_corpus = _open_corpus(corpus)
    if text_id not in the_corpus.text_ids():
        _err(f"reader: no text {text_id!r}; texts are: {', '.join(the_corpus.text_ids())}")
        raise typer.Exit(1)
    try:
        gathered = collect(the_corpus)
    except CorpusError as exc:
        for problem in exc.problems:
            _err(str(problem))
        raise typer.Exit(1) from None
    if langs is not None:
        views = [tuple(code.strip() for code in langs.split(",") if code.strip())]
    else:
        views = print_views(gathered.texts[text_id])
    for view in views:
        try:
            target, result = write_one(the_corpus, text_id, view, out / "pdf", gathered=gathered)
        except CorpusError as exc:
            for problem in exc.problems:
                _err(str(problem))
            raise typer.Exit(2 if langs is not None else 1) from None
        except OSError as exc:
            _err(f"reader: {out / 'pdf'}: cannot write the print edition: {exc.strerror or exc}")
            raise typer.Exit(1) from None
        typer.echo(f"{target}: {result.pages} pages, {result.seconds:.1f} s")
        if result.check is not None:
            typer.echo(f"  post-render check: {result.check.line().partition(': ')[2]}")
            for case in result.check.cases():
                typer.echo(f"  {case}")
        for problem in pdf_problems(target, result):
            _err(str(problem))


@app.command()
def serve(
    directory: Annotated[
        Path, typer.Option("--dir", help="The built site to serve beside the API")
    ] = Path("build/html"),
    port: Annotated[
        int, typer.Option("--port", min=0, max=65535, help="TCP port (0: any free port)")
    ] = 8000,
    host: Annotated[
        str,
        typer.Option("--host", help="Address to listen on (default: this machine only)"),
    ] = "127.0.0.1",
    public_url: Annotated[
        str | None,
        typer.Option(
            "--public-url",
            help="The URL clients reach the server at, for the API's templates "
            "(default: http://HOST:PORT; set it behind a proxy)",
        ),
    ] = None,
    access_log: Annotated[
        bool, typer.Option("--access-log", help="Print one line per request")
    ] = False,
    corpus: CorpusOption = None,
) -> None:
    """Serve the DTS 1.0 API of the corpus and the built reader on http://127.0.0.1:PORT/."""
    from reader.build import gather
    from reader.server import ServeError, listen
    from reader.server import serve as run_server

    site: Path | None = directory
    if not (directory / "index.html").is_file():
        _err(
            f"reader: warning: {directory} holds no built site (run `reader build`); "
            "serving the DTS API only"
        )
        site = None
    if public_url is not None and not public_url.startswith(("http://", "https://")):
        _err(f"reader: --public-url must start with http:// or https:// (got {public_url!r})")
        raise typer.Exit(2)
    the_corpus = _open_corpus(corpus)
    try:
        texts, _ = gather(the_corpus)
    except CorpusError as exc:
        for problem in exc.problems:
            _err(str(problem))
        _err(f"reader: not serving: {len(exc.problems)} problem(s) in the corpus")
        raise typer.Exit(1) from None
    try:
        listener = listen(host, port)
    except ServeError as exc:
        _err(f"reader: {exc}")
        raise typer.Exit(1) from None
    base = public_url.rstrip("/") if public_url else listener.url
    shown = f"{directory} and " if site else ""
    typer.echo(f"serving {shown}the DTS API ({base}/api/dts/) on {listener.url}/ (Ctrl-C to stop)")
    with contextlib.suppress(KeyboardInterrupt):
        run_server(texts, site, listener, public_url=public_url, access_log=access_log)


@app.command()
def ingest(
    capture: Annotated[Path, typer.Argument(help="A plain-text capture (UTF-8), e.g. a seed")],
    text_id: Annotated[
        str, typer.Option("--id", help="Id of the new text: lower-case letters, e.g. karakus")
    ],
    lang: Annotated[str, typer.Option("--lang", help="Main language of the capture")] = "en",
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the draft here (default: standard output)")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite an existing --out file")
    ] = False,
) -> None:
    """Draft the TEI encoding of a plain-text capture (see docs/ingest.md)."""
    from reader.ingest import CaptureError, check_id, check_lang, ingest_file, problems_of

    usage = check_id(text_id) or check_lang(lang)
    if usage:
        _err(f"reader: {usage}")
        raise typer.Exit(2)
    if out is not None and out.exists() and not force:
        _err(f"reader: {out} exists; choose another --out or pass --force to overwrite it")
        raise typer.Exit(1)
    try:
        draft = ingest_file(capture, text_id=text_id, lang=lang)
    except CaptureError as exc:
        for problem in exc.problems:
            _err(str(problem))
        raise typer.Exit(1) from None
    except Exception as exc:  # a bug of the ingester must not show as a traceback
        _err(
            f"{capture}:0: error: the ingester failed ({type(exc).__name__}: {exc}); please report it"
        )
        raise typer.Exit(1) from None
    for warning in draft.warnings:
        _err(f"{capture}:{warning.line}: warning: {warning.message}")
    name = str(out) if out is not None else "<stdout>"
    errors = [p for p in problems_of(draft, name) if p.level == "error"]
    if out is not None:
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(draft.xml())
        except OSError as exc:
            _err(f"{out}:0: error: cannot write the draft: {exc.strerror}")
            raise typer.Exit(1) from None
    else:
        sys.stdout.buffer.write(draft.xml())
        sys.stdout.flush()
    for problem in errors:
        _err(str(problem))
    _err(f"{name}: draft of {capture.name}: {draft.summary()}")
    if errors:
        raise typer.Exit(1)


ids_app = typer.Typer(
    help="The registry of published passage ids (texts/ids.json).", no_args_is_help=True
)
app.add_typer(ids_app, name="ids")


@ids_app.command("check")
def ids_check(corpus: CorpusOption = None) -> None:
    """List ids that disappeared, changed without a revision, or are not registered."""
    from reader import ids

    findings = ids.check(_open_corpus(corpus))
    for finding in findings:
        _err(str(finding))
    typer.echo(f"{len(findings)} finding(s)", err=bool(findings))
    if findings:
        raise typer.Exit(1)


@ids_app.command("register")
def ids_register(corpus: CorpusOption = None) -> None:
    """Add every new id of the source texts to the registry."""
    from reader import ids

    try:
        added = ids.register(_open_corpus(corpus))
    except CorpusError as exc:
        raise _usage(exc) from None
    typer.echo(f"{added} id(s) registered")


@ids_app.command("revise")
def ids_revise(
    ref: Annotated[str, typer.Argument(help="TEXT:ID whose text changed")],
    reason: Annotated[str, typer.Option("--reason", help="Why the text changed")],
    corpus: CorpusOption = None,
) -> None:
    """Record that a passage's text changed, and why."""
    from reader import ids

    text_id, _, id_ = ref.partition(":")
    try:
        digest = ids.revise(_open_corpus(corpus), text_id, id_, reason)
    except CorpusError as exc:
        raise _usage(exc) from None
    except KeyError as exc:
        _err(str(exc.args[0]))
        raise typer.Exit(1) from None
    typer.echo(f"{ref}: revision recorded ({digest})")


def main() -> None:
    """Entry point of the console script."""
    try:
        app()
    except ReaderError as exc:  # a last guard: messages, never tracebacks
        _err(f"reader: {exc}")
        sys.exit(1)
    except OSError as exc:  # a file or folder that cannot be read or written
        place = f"{exc.filename}: " if exc.filename else ""
        _err(f"reader: {place}{exc.strerror or exc}")
        sys.exit(1)


if __name__ == "__main__":
    main()
