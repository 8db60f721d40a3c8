"""The ``reader`` command line.

Exit codes: 0 success, 1 not found / problems found, 2 bad usage. Messages go
to stderr as ``file:line: level: message``; no command prints a traceback for
bad input.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import Annotated

import typer

from reader.corpus import Corpus
from reader.errors import CorpusError, ReaderError

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


@app.callback()
def _root() -> None:
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
    from reader.validate import check_paths

    if paths:
        try:
            the_corpus: Corpus | None = Corpus.open(corpus)
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
        problems = check_paths(paths, corpus_ids=the_corpus.text_ids(), corpus_root=the_corpus.root)
        problems += check_alignment(the_corpus)
    for problem in problems:
        _err(str(problem))
    errors = sum(1 for p in problems if p.level == "error")
    warnings = len(problems) - errors
    summary = f"{len(paths)} file(s) checked: {errors} error(s), {warnings} warning(s)"
    typer.echo(summary, err=bool(errors))
    if errors:
        raise typer.Exit(1)


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


@app.command("check-translations")
def check_translations(
    texts: Annotated[list[str] | None, typer.Argument(help="Text ids (default: all)")] = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict", help="Fail on a missing unit, an unrendered sentence or a number mismatch"
        ),
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only the summary table")] = False,
    corpus: CorpusOption = None,
) -> None:
    """Translation QA: coverage, alignment, numbers, script, glossary, length ratios."""
    from reader import qa

    the_corpus = _open_corpus(corpus)
    unknown = [t for t in texts or [] if t not in the_corpus.text_ids()]
    if unknown:
        _err(f"reader: no text {', '.join(unknown)}; texts are: {', '.join(the_corpus.text_ids())}")
        raise typer.Exit(2)
    try:
        reports = qa.check(the_corpus, texts or None)
    except CorpusError as exc:
        for problem in exc.problems:
            _err(str(problem))
        raise typer.Exit(1) from None
    typer.echo(qa.format_reports(reports, details=not quiet))
    failed = [r for r in reports if not r.ok]
    if strict and failed:
        _err(f"reader: {len(failed)} translation(s) incomplete or unfaithful in numbers (--strict)")
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
    corpus: CorpusOption = None,
) -> None:
    """Build the reader: OUT/html (site, DTS API, search) and, with --pdf, OUT/pdf.

    Print editions built in OUT/pdf and up to date are copied into the site and
    linked from their texts; with --pdf they are built first.
    """
    from rich.progress import Progress

    from reader.build import build_html

    the_corpus = _open_corpus(corpus)

    def progress(items, total):  # type: ignore[no-untyped-def]
        with Progress(transient=True, disable=not sys.stderr.isatty()) as bar:
            task = bar.add_task("rendering", total=total)
            for item in items:
                yield item
                bar.advance(task)

    if pdf:
        from reader.build import build_pdfs

        try:
            pdf_report = build_pdfs(the_corpus, out / "pdf")
        except CorpusError as exc:
            for problem in exc.problems:
                _err(str(problem))
            _err(
                f"reader: build stopped: {len(exc.problems)} problem(s); "
                "the previous build is untouched"
            )
            raise typer.Exit(1) from None
        typer.echo(f"pdf: {pdf_report.summary()}")
    try:
        report = build_html(
            the_corpus, out / "html", progress=progress, pdf_dir=out / "pdf", base_url=base_url
        )
    except CorpusError as exc:
        for problem in exc.problems:
            _err(str(problem))
        _err(
            f"reader: build stopped: {len(exc.problems)} problem(s); the previous build is untouched"
        )
        raise typer.Exit(1) from None
    typer.echo(f"html: {report.summary()}")


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
    from reader.build import write_one
    from reader.render.pdf.edition import print_views

    the_corpus = _open_corpus(corpus)
    if text_id not in the_corpus.text_ids():
        _err(f"reader: no text {text_id!r}; texts are: {', '.join(the_corpus.text_ids())}")
        raise typer.Exit(1)
    if langs is not None:
        views = [tuple(code.strip() for code in langs.split(",") if code.strip())]
    else:
        from reader.align import load_aligned

        views = print_views(load_aligned(the_corpus, text_id))
    for view in views:
        try:
            target, result = write_one(the_corpus, text_id, view, out / "pdf")
        except CorpusError as exc:
            for problem in exc.problems:
                _err(str(problem))
            raise typer.Exit(2 if langs is not None else 1) from None
        typer.echo(f"{target}: {result.pages} pages, {result.seconds:.1f} s")
        for row in result.unpaired:
            _err(f"{target}: warning: row {row} starts on different pages")
        for url in result.refused:
            _err(f"{target}: warning: refused to fetch {url}")


@app.command()
def serve(
    directory: Annotated[Path, typer.Option("--dir", help="Directory to serve")] = Path(
        "build/html"
    ),
    port: Annotated[int, typer.Option("--port", help="Port on localhost")] = 8000,
) -> None:
    """Serve the built reader on http://localhost:PORT for reading."""
    import functools
    import http.server

    if not (directory / "index.html").is_file():
        _err(f"reader: {directory} holds no built site; run `reader build` first")
        raise typer.Exit(1)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(directory))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        typer.echo(f"serving {directory} on http://127.0.0.1:{port}/ (Ctrl-C to stop)")
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()


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

    added = ids.register(_open_corpus(corpus))
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


if __name__ == "__main__":
    main()
