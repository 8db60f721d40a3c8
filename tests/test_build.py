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
