"""The build: incremental (nothing changed → nothing rendered) and atomic (a failure keeps the old site)."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.build import build_site
from reader.corpus import Corpus
from reader.errors import CorpusError


def _pages(report_paths: list[str]) -> set[str]:
    return {p for p in report_paths if p.endswith(".html")}


def test_a_second_build_with_nothing_changed_renders_nothing(
    tmp_path: Path, corpus_copy: Path
) -> None:
    out = tmp_path / "html"
    first = build_site(Corpus.open(corpus_copy), out)
    assert first.swapped and len(_pages(first.rendered)) >= 40
    before = {p: p.stat().st_mtime_ns for p in out.rglob("*.html")}
    second = build_site(Corpus.open(corpus_copy), out)
    assert second.rendered == [] and not second.swapped
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.html")} == before


def test_a_change_to_one_text_re_renders_only_what_depends_on_it(
    tmp_path: Path, corpus_copy: Path
) -> None:
    out = tmp_path / "html"
    build_site(Corpus.open(corpus_copy), out)
    path = corpus_copy / "texts" / "chicherin.xml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("Mr. Ambassador,", "Mr. Ambassador, ", 1),
        encoding="utf-8",
    )
    report = build_site(Corpus.open(corpus_copy), out)
    rendered = _pages(report.rendered)
    assert rendered, "the changed text must be re-rendered"
    text_pages = {p for p in rendered if "/" in p and p.split("/")[0] not in ("tr", "ru", "api")}
    assert {p.split("/")[0] for p in text_pages} == {"chicherin"}
    others = {p for p in rendered if p not in text_pages}
    # Pages listing every text (home, index, timeline) may depend on it; no other text's pages do.
    assert all(
        Path(p).name in ("index.html", "entities.html", "timeline.html", "search.html")
        for p in others
    )
    assert not any(
        p.startswith(("karakus/", "wikipedia/", "gusterin/", "xoshgedem/")) for p in rendered
    )


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
    monkeypatch.setattr(build, "check_paths", lambda *args, **kwargs: [])
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
