"""The build: incremental (nothing changed → nothing rendered) and atomic (a failure keeps the old site)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reader.build import build_site
from reader.corpus import Corpus
from reader.errors import CorpusError

GOLDEN = Path(__file__).resolve().parent / "roots" / "golden"


def _pages(report_paths: list[str]) -> set[str]:
    return {p for p in report_paths if p.endswith(".html")}


@pytest.fixture
def golden_copy(tmp_path: Path) -> Path:
    """A writable copy of the small fixture corpus tests/roots/golden (two texts)."""
    copy = tmp_path / "corpus"
    for part in ("texts", "translations"):
        shutil.copytree(GOLDEN / part, copy / part)
    return copy


def test_a_second_build_with_nothing_changed_renders_nothing(
    tmp_path: Path, golden_copy: Path
) -> None:
    out = tmp_path / "html"
    first = build_site(Corpus.open(golden_copy), out)
    # every view of both texts (one language, each pair), in three interface languages
    assert first.swapped and {"tiny/en-tr.html", "brief/ru-en.html"} <= _pages(first.rendered)
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.html")}
    second = build_site(Corpus.open(golden_copy), out)
    assert second.rendered == [] and not second.swapped
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.html")} == before


def test_a_change_to_one_text_re_renders_only_what_depends_on_it(
    tmp_path: Path, golden_copy: Path
) -> None:
    out = tmp_path / "html"
    first = build_site(Corpus.open(golden_copy), out)
    path = golden_copy / "texts" / "brief.xml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Dear colleague,", "Dear colleague, ", 1),
        encoding="utf-8",
    )
    report = build_site(Corpus.open(golden_copy), out)
    rendered = _pages(report.rendered)
    brief = {p for p in _pages(first.rendered) if p.startswith("brief/")}
    assert brief and brief <= rendered, "every page of the changed text is rendered again"
    # Pages listing every text (home, index, timeline, search) may depend on it; no other text's pages do.
    assert {p for p in rendered if not p.startswith("brief/")} <= {
        f"{ui}{name}"
        for ui in ("", "tr/", "ru/")
        for name in ("index.html", "entities.html", "timeline.html", "search.html")
    }
    assert not [p for p in report.rendered if p.startswith("tiny/")]


def test_a_failed_build_leaves_the_previous_site_intact(tmp_path: Path, corpus_copy: Path) -> None:
    out = tmp_path / "html"
    build_site(Corpus.open(corpus_copy), out)
    snapshot = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    broken = corpus_copy / "texts" / "wikipedia.xml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("</p>", "", 1), encoding="utf-8")
    with pytest.raises(CorpusError) as caught:
        build_site(Corpus.open(corpus_copy), out)
    assert any("wikipedia.xml" in str(p) for p in caught.value.problems)
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == snapshot
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".html-")], (
        "no staging left behind"
    )


def test_a_render_that_fails_midway_leaves_the_previous_site_intact(
    tmp_path: Path, corpus_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from reader.render.html import site as site_module

    out = tmp_path / "html"
    build_site(Corpus.open(corpus_copy), out)
    snapshot = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    path = corpus_copy / "texts" / "gusterin.xml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("11 comments", "11 comments ", 1), encoding="utf-8"
    )

    def explode(self: object, *args: object) -> str:
        raise RuntimeError("disk full")

    monkeypatch.setattr(site_module.Site, "timeline_page", explode)
    with pytest.raises(RuntimeError, match="disk full"):
        build_site(Corpus.open(corpus_copy), out)
    assert {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()} == snapshot


# ------------------------------------------------ issue 12 items 1, 4, 5, 10: hostile corpora

ESCAPE = "x/{ups}{victim}"


def _add_scheme(corpus: Path, name: str, use: str) -> None:
    """The issue's attack: a second citation scheme in texts/wikipedia.xml."""
    path = corpus / "texts" / "wikipedia.xml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "</refsDecl>",
            f'</refsDecl>\n      <refsDecl n="{name}"><citeStructure unit="unit" '
            f'match="//text//p[@xml:id=\'p1\']" use="{use}"/></refsDecl>',
            1,
        ),
        encoding="utf-8",
    )


def _escape(tmp_path: Path) -> str:
    return "x/" + "../" * 40 + str(tmp_path / "victim").lstrip("/")


def test_a_citation_scheme_that_climbs_out_is_refused_and_writes_nothing(
    tmp_path: Path, corpus_copy: Path
) -> None:
    _add_scheme(corpus_copy, _escape(tmp_path), "'ids'")
    (tmp_path / "victim").mkdir()
    with pytest.raises(CorpusError) as caught:
        build_site(Corpus.open(corpus_copy), tmp_path / "html")
    messages = [str(p) for p in caught.value.problems]
    line = (corpus_copy / "texts" / "wikipedia.xml").read_text(encoding="utf-8").split("\n")
    at = next(i for i, text in enumerate(line, start=1) if "victim" in text)
    assert f"{corpus_copy}/texts/wikipedia.xml:{at}: error: refsDecl/@n: 'x/../" in messages[0]
    assert list((tmp_path / "victim").iterdir()) == []
    assert not (tmp_path / "html").exists()


def test_the_last_guard_holds_when_validation_is_skipped(
    tmp_path: Path, corpus_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Were the checks of the names bypassed, the writer still refuses to leave the folder."""
    from reader import build
    from reader.errors import OutputError
    from reader.render.api.dts import dts_outputs

    _add_scheme(corpus_copy, _escape(tmp_path), "'ids'")
    (tmp_path / "victim").mkdir()
    checked = build.check_corpus_files
    monkeypatch.setattr(build, "check_corpus_files", lambda *a, **k: ([], checked(*a, **k)[1]))
    with pytest.raises(
        OutputError, match=r"victim;down=1\.json: refused: the path has a '\.\.' segment"
    ):
        build_site(Corpus.open(corpus_copy), tmp_path / "html", extra=[dts_outputs])
    assert list((tmp_path / "victim").iterdir()) == []


def test_a_300_character_reference_is_refused_with_its_line(
    tmp_path: Path, corpus_copy: Path
) -> None:
    _add_scheme(corpus_copy, "long", "'" + "a" * 300 + "'")
    with pytest.raises(CorpusError) as caught:
        build_site(Corpus.open(corpus_copy), tmp_path / "html")
    assert any(
        "'long': the reference citeStructure/@use gives here cannot name a passage" in str(p)
        and "is 300 characters long; at most 200" in str(p)
        and p.line > 0
        for p in caught.value.problems
    )


@pytest.mark.parametrize("name", ["a..b", 'x"><img src=x onerror=alert(1)>', "ка ра"])
def test_a_text_file_named_by_no_text_id_is_refused_by_name(
    tmp_path: Path, corpus_copy: Path, name: str
) -> None:
    texts = corpus_copy / "texts"
    (texts / f"{name}.xml").write_bytes((texts / "chicherin.xml").read_bytes())
    with pytest.raises(CorpusError) as caught:
        build_site(Corpus.open(corpus_copy), tmp_path / "html")
    assert [str(p) for p in caught.value.problems] == [
        f"{texts}/{name}.xml:0: error: the file name is the text's id in every URL, file and "
        f"citation, and {name!r} is not a text id: lowercase ASCII letters, digits and _, "
        "beginning with a letter; rename the file"
    ]
    assert not (tmp_path / "html").exists()


def test_a_mixed_up_corpus_is_not_built(tmp_path: Path) -> None:
    from tests.conftest import ROOTS

    root = ROOTS / "mixed-up"
    with pytest.raises(CorpusError) as caught:
        build_site(Corpus.open(root), tmp_path / "html")
    expected = [
        line
        for line in (root / "expected").read_text(encoding="utf-8").splitlines()
        if ": error: " in line
    ]
    assert [str(p).replace(f"{root}/", "") for p in caught.value.problems] == expected


def test_nesting_at_the_limit_builds_and_beyond_it_is_refused(tmp_path: Path) -> None:
    """Issue 12 item 4: 160 nested <hi> passed validate and crashed the build (RecursionError)."""
    from reader.build import build_html
    from reader.tei.xml import MAX_DEPTH
    from tests.support.nesting import nested_corpus

    report = build_html(Corpus.open(nested_corpus(tmp_path / "ok", MAX_DEPTH)), tmp_path / "html")
    page = (tmp_path / "html" / "tiny" / "en.html").read_text(encoding="utf-8")
    assert report.swapped and "italics" in page
    assert (tmp_path / "html" / "api" / "dts" / "document" / "tiny.eng1" / "p2.xml").is_file()
    deep = nested_corpus(tmp_path / "deep", 160)
    with pytest.raises(CorpusError) as caught:
        build_html(Corpus.open(deep), tmp_path / "html2")
    assert next(p.message for p in caught.value.problems) == (
        f"<hi> is nested {MAX_DEPTH + 1} elements deep; texts nest at most {MAX_DEPTH} "
        "(the deepest of the corpus: 13)"
    )
    assert not (tmp_path / "html2").exists()


# ---------------------------------------------------- one parse, warnings, located failures

GOOD = Path(__file__).resolve().parent / "roots" / "good"
#: The tiny text's Turkish translation stops after p2: every unit after it is
#: reported where it belongs, after the last unit the translation has (line 51).
UNTRANSLATED = [
    f"{GOOD}/translations/tr/tiny.xml:51: warning: tiny: {unit!r} has no tr translation"
    for unit in (
        "p3", "i1", "p4", "f1", "h4", "dateline1", "salute1", "p5", "salute2", "signed1", "h5",
    )
]  # fmt: skip


def test_a_build_parses_each_file_of_the_corpus_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from collections import Counter

    from lxml import etree

    from reader.build import build_html

    parsed: Counter[str] = Counter()
    fromstring = etree.fromstring

    def counting(data: bytes, *args: object, **kwargs: object) -> object:
        parsed[str(kwargs.get("base_url"))] += 1
        return fromstring(data, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(etree, "fromstring", counting)
    corpus = Corpus.open(GOOD)
    build_html(corpus, tmp_path / "html")
    assert dict(parsed) == {str(path): 1 for path in corpus.all_files()}


def test_the_warnings_of_the_checks_come_back_with_the_build(tmp_path: Path) -> None:
    from reader.build import build_html

    report = build_html(Corpus.open(GOOD), tmp_path / "html")
    assert [str(w) for w in report.warnings] == UNTRANSLATED


def test_a_page_that_fails_to_render_is_named(tmp_path: Path) -> None:
    from reader.errors import ReaderError, RenderError
    from reader.render.common.output import Output

    def broken(texts: object) -> list[Output]:
        return [Output("tiny/broken.html", "k", lambda: b"" + 1)]  # type: ignore[operator]

    with pytest.raises(RenderError) as caught:
        build_site(Corpus.open(GOOD), tmp_path / "html", extra=broken)
    assert isinstance(caught.value, ReaderError) and isinstance(caught.value, RuntimeError)
    assert caught.value.path == "tiny/broken.html"
    assert str(caught.value).startswith(
        "tiny/broken.html: cannot render it: TypeError: can't concat int to bytes"
    )
    assert not (tmp_path / "html").exists()


def test_the_print_problems_are_warnings_located_in_their_pdf(tmp_path: Path) -> None:
    from reader.build import pdf_problems
    from reader.render.pdf.edition import Rendered

    result = Rendered(
        "tiny.en-tr.pdf", b"", 3, 0.1, unpaired=["p4"], refused=["https://example.org/x.css"]
    )
    assert [str(p) for p in pdf_problems(tmp_path / "tiny.en-tr.pdf", result)] == [
        f"{tmp_path}/tiny.en-tr.pdf:0: warning: row p4 starts on different pages",
        f"{tmp_path}/tiny.en-tr.pdf:0: warning: refused to fetch https://example.org/x.css",
    ]


def _reader(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "reader.cli", *args], capture_output=True, text=True, timeout=300
    )


def test_reader_build_prints_every_warning_and_strict_fails_on_them(tmp_path: Path) -> None:
    out = tmp_path / "build"
    lenient = _reader("build", "--corpus", str(GOOD), "--out", str(out))
    assert lenient.returncode == 0, lenient.stderr
    assert lenient.stderr.splitlines() == [*UNTRANSLATED, "reader: 11 warning(s)"]
    assert (out / "html" / "tiny" / "en-tr.html").is_file()
    strict = _reader("build", "--corpus", str(GOOD), "--out", str(out), "--strict")
    assert strict.returncode == 1
    assert strict.stderr.splitlines() == [
        *UNTRANSLATED,
        "reader: 11 warning(s); --strict: the build fails on warnings",
    ]
