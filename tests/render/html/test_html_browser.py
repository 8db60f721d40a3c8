"""The HTML reader in a real browser (Debian's Chromium driven by Playwright), on a desk
(1440×900) and a phone (390×844): what issue 15 asks the reader to hold."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.align import load_aligned
from reader.corpus import Corpus
from reader.render.html.page import views_for
from tests.conftest import TEXT_IDS
from tests.render.conftest import ARTIFACTS, Watched
from tests.support.browser import COVERED, IN_VIEW, OVERFLOW, TAB_STOPS, TOP_SENTENCE, UNLABELLED

pytestmark = pytest.mark.browser

SIZES = {"desk": (1440, 900), "phone": (390, 844)}


@pytest.fixture(params=list(SIZES))
def reading(request: pytest.FixtureRequest, browser: object, server: str) -> Iterator[Watched]:
    width, height = SIZES[request.param]
    context = browser.new_context(viewport={"width": width, "height": height})  # type: ignore[attr-defined]
    page = context.new_page()
    watched = Watched(page, server)
    watched.size = request.param  # type: ignore[attr-defined]
    yield watched
    context.close()
    assert watched.outside == []


def _views(corpus: Corpus, text_id: str) -> list[str]:
    return ["-".join(v) for v in views_for(load_aligned(corpus, text_id))]


# ------------------------------------------------------------------ every cell says what it is


def test_every_cell_of_every_view_has_a_visible_label(
    reading: Watched, server: str, corpus: Corpus
) -> None:
    page = reading.page
    for text_id in TEXT_IDS:
        for view in _views(corpus, text_id):
            page.goto(f"{server}{text_id}/{view}.html")
            assert page.evaluate(UNLABELLED) == [], (text_id, view, reading.size)  # type: ignore[attr-defined]
    assert reading.errors == []


def test_column_heads_stay_in_view_while_reading_on_a_wide_screen(
    watched: Watched, server: str
) -> None:
    page = watched.page
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(server + "chicherin/en-ru.html")
    page.mouse.wheel(0, 3000)
    page.wait_for_timeout(200)
    heads = page.locator(".col-heads .col-head")
    assert heads.count() == 2
    for index in range(2):
        box = heads.nth(index).bounding_box()
        assert box is not None and 0 <= box["y"] < 120
    assert "original language: Russian" in heads.nth(0).inner_text()
    assert "back-translation" in heads.nth(1).inner_text()


# ------------------------------------------------------------------ the place is kept


def _scroll_to_top_of_window(page: object, sentence: str) -> None:
    """Scroll so that ``sentence`` starts just under what the sticky bar and heads cover."""
    for _ in range(2):  # the second pass once the column heads have stuck
        page.evaluate(  # type: ignore[attr-defined]
            "(id) => { const covered = (" + COVERED + ")(); const el = document.getElementById(id);"
            " window.scrollBy(0, el.getClientRects()[0].top - covered - 4); }",
            sentence,
        )
        page.wait_for_timeout(60)  # type: ignore[attr-defined]


def _near(found: str | None, wanted: str) -> bool:
    """The same sentence, or one next to it in its paragraph (within one sentence)."""
    if found is None:
        return False
    unit, _, number = wanted.partition(".s")
    other_unit, _, other_number = found.partition(".s")
    return unit == other_unit and abs(int(number) - int(other_number or 0)) <= 1


def _click(page: object, locator: object) -> None:
    """Click where the element is, as a hand would: Playwright's own click first scrolls the
    element into view, which for an element of the sticky bar scrolls the page under it."""
    box = locator.bounding_box()  # type: ignore[attr-defined]
    assert box is not None
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)  # type: ignore[attr-defined]


def _choose(page: object, menu: str, name: str) -> None:
    _click(page, page.locator(f"details.{menu} > summary"))  # type: ignore[attr-defined]
    _click(page, page.locator(f"details.{menu} a", has_text=name).first)  # type: ignore[attr-defined]
    page.wait_for_selector("html[data-ready]", state="attached")  # type: ignore[attr-defined]


def test_the_place_is_kept_across_view_and_interface_switches(
    reading: Watched, server: str
) -> None:
    page = reading.page
    page.goto(server + "karakus/en.html")
    _scroll_to_top_of_window(page, "p12.s3")
    before = page.evaluate(TOP_SENTENCE)
    assert before == "p12.s3"
    _choose(page, "views-menu", "English · Turkish")
    assert page.url.split("#")[0].endswith("karakus/en-tr.html")
    after_view = page.evaluate(TOP_SENTENCE)
    assert _near(after_view, "p12.s3"), (after_view, reading.size)
    assert page.locator(".s.target").count() == 0  # a switch is not a permalink
    _choose(page, "ui-menu", "Türkçe")
    assert page.url.split("#")[0].endswith("karakus/en-tr.tr.html")
    assert page.locator("html").get_attribute("lang") == "tr"
    first = page.locator(".row:not(.full) > .cell[data-col='0']").first
    assert first.get_attribute("lang") == "en"  # the interface does not reorder the columns
    after_ui = page.evaluate(TOP_SENTENCE)
    assert _near(after_ui, "p12.s3"), (after_ui, reading.size)
    _choose(page, "views-menu", "Rusça · İngilizce")
    assert page.url.split("#")[0].endswith("karakus/ru-en.tr.html")
    assert _near(page.evaluate(TOP_SENTENCE), "p12.s3")
    assert reading.errors == []


# ------------------------------------------------------------------ counterparts in view


def _counterparts_seen(page: object, sentence: str) -> list[bool]:
    """For each counterpart of ``sentence``: in the window, or shown beside it (a peek)."""
    script = (
        "(id) => { const seen = "
        + IN_VIEW
        + """;
          const s = document.getElementById(id);
          const row = s.closest('.row');
          const others = Array.from(row.querySelectorAll('.cell:not([data-col="0"]) .s[data-align]'))
            .filter(o => o.getAttribute('data-align').split(' ').includes(id));
          const peeks = Array.from(document.querySelectorAll('.peek')).filter(seen);
          return others.map(o => seen(o)
            || peeks.some(p => p.textContent.includes(o.textContent.trim().slice(0, 40))));
        }"""
    )
    result: list[bool] = page.evaluate(script, sentence)  # type: ignore[attr-defined]
    return result


def _hover(page: object, sentence: str) -> None:
    """Move the mouse onto the first line of a sentence, as a hand would (no scroll into view)."""
    x, y = page.evaluate(  # type: ignore[attr-defined]
        "(id) => { const r = document.getElementById(id).getClientRects()[0];"
        " return [r.left + Math.min(12, r.width / 2), r.top + r.height / 2]; }",
        sentence,
    )
    page.mouse.move(x, y)  # type: ignore[attr-defined]
    page.wait_for_timeout(150)  # type: ignore[attr-defined]


def test_hovering_a_sentence_brings_its_counterparts_into_view(
    reading: Watched, server: str
) -> None:
    page = reading.page
    page.goto(server + "karakus/en-tr-ru.html")
    _scroll_to_top_of_window(page, "p14.s31")
    scrolled = page.evaluate("window.scrollY")
    _hover(page, "p14.s31")
    seen = _counterparts_seen(page, "p14.s31")
    assert len(seen) == 2 and all(seen), (seen, reading.size)
    assert page.evaluate("window.scrollY") == scrolled  # the text being read does not move
    counterpart = page.locator('.cell[lang="ru"] .s[data-align~="p14.s31"]').first
    assert "hl" in (counterpart.get_attribute("class") or "")
    page.locator("h1").hover()
    assert "hl" not in (counterpart.get_attribute("class") or "")
    assert page.locator(".peek").count() == 0


def test_a_permalink_shows_its_sentence_below_the_bar_with_its_counterparts(
    reading: Watched, server: str
) -> None:
    page = reading.page
    page.goto(server + "karakus/ru-en.html#p14.s31")
    page.wait_for_timeout(300)
    target = page.locator('[id="p14.s31"]')
    assert page.evaluate(f"({IN_VIEW})(document.getElementById('p14.s31'))"), reading.size
    assert "target" in (target.get_attribute("class") or "")
    marked = page.locator(".s.target")
    langs = {marked.nth(i).evaluate("e => e.closest('.cell').lang") for i in range(marked.count())}
    assert langs == {"ru", "en"}
    english = page.locator('.cell[lang="en"] .s[data-align~="p14.s31"]').first
    in_view = page.evaluate(f"({IN_VIEW})", english.element_handle())
    beside = page.locator(".peek", has_text="Azerbaijan also donated").count() == 1
    assert in_view or beside, reading.size


def test_hover_and_target_colours_differ(watched: Watched, server: str) -> None:
    page = watched.page
    page.goto(server + "wikipedia/en-tr.html#p4.s2")
    page.wait_for_selector("html[data-ready]", state="attached")
    _hover(page, "p4.s3")
    target = page.locator(".s.target").first.evaluate("e => getComputedStyle(e).backgroundColor")
    hover = page.locator(".s.hl:not(.target)").first.evaluate(
        "e => getComputedStyle(e).backgroundColor"
    )
    assert target != hover


# ------------------------------------------------------------------ keyboard


def test_tab_stops_stay_in_the_low_hundreds(reading: Watched, server: str) -> None:
    page = reading.page
    counts = {}
    for path in (
        "karakus/en-tr-ru.html",
        "xoshgedem/en-tr-ru.html",
        "karakus/about.html",
        "entities.html",
        "timeline.html",
        "index.html",
    ):
        page.goto(server + path)
        counts[path] = page.evaluate(TAB_STOPS)
    assert max(counts.values()) <= 320, counts
    assert counts["karakus/en-tr-ru.html"] < 200, counts  # 3,161 before


def test_sentences_take_one_tab_stop_per_column_and_arrows_move_between_them(
    watched: Watched, server: str
) -> None:
    page = watched.page
    page.goto(server + "karakus/en-tr.html")
    stops = page.evaluate(
        "() => Array.from(document.querySelectorAll('.s[data-align]')).filter(s => s.tabIndex === 0)"
        ".map(s => s.closest('.cell').dataset.col)"
    )
    assert sorted(set(stops)) == ["0", "1"] and len(stops) == 2
    page.locator('[id="p12.s3"]').click()
    page.keyboard.press("Escape")
    page.locator('[id="p12.s3"]').focus()
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.id") == "p12.s4"
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == "p12.s3"
    page.keyboard.press("]")
    first_of_next = page.evaluate("document.activeElement.closest('.row').id")
    assert first_of_next != "p12"
    page.keyboard.press("[")
    assert page.evaluate("document.activeElement.closest('.row').id") == "p12"
    page.locator('[id="p12.s3"]').focus()
    page.keyboard.press("ArrowRight")
    active = page.evaluate(
        "[document.activeElement.closest('.cell').lang, document.activeElement.getAttribute('data-align')]"
    )
    assert active[0] == "tr" and "p12.s3" in active[1].split()
    # the links of the current sentence follow it in the tab order, the others do not
    links = page.evaluate(
        "Array.from(document.querySelectorAll('.s a[href]')).filter(a => a.tabIndex === 0).length"
    )
    assert links < 12
    assert watched.errors == []


# ------------------------------------------------------------------ cite and link a sentence


def test_a_sentence_can_be_linked_and_cited_from_the_page(browser: object, server: str) -> None:
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": 1440, "height": 900}, permissions=["clipboard-read", "clipboard-write"]
    )
    page = context.new_page()
    page.goto(server + "karakus/en-tr.html")
    # opened at another address than the one the site was built for: citations carry it
    panel = page.locator('[id="p12"] > details.pcite .pcite-text').text_content() or ""
    assert panel.endswith(f"{server}karakus/en-tr.html#p12."), panel
    page.locator('[id="p12.s3"]').click()
    bar = page.locator("#sbar")
    bar.wait_for(state="visible")
    assert "¶ 12, sentence 3" in bar.inner_text()
    bar.get_by_role("button", name="Copy link").click()
    page.wait_for_timeout(100)
    assert page.evaluate("navigator.clipboard.readText()") == server + "karakus/en-tr.html#p12.s3"
    bar.get_by_role("button", name="Cite…").click()
    dialog = page.locator("#cite-dialog")
    dialog.wait_for(state="visible")
    out = page.locator("#cite-out").inner_text()
    today = datetime.date.today()
    assert out.startswith("Karakuş, Girayalp. 2023. “Turkish-Soviet Russia Relations (1919-1922).”")
    assert "¶ 12, sentence 3 (karakus:p12.s3)." in out
    assert f"{server}karakus/en-tr.html#p12.s3." in out
    assert f"Accessed {today:%B} {today.day}, {today.year}." in out
    assert "version 0.1.0" in out and ".." not in out
    dialog.get_by_label("Turkish").check()
    out_tr = page.locator("#cite-out").inner_text()
    assert "Turkish: translation prepared for this edition" in out_tr
    dialog.get_by_label("BibTeX").check()
    bib = page.locator("#cite-out").inner_text()
    assert bib.startswith("@article{karakus2023_p12_s3_tr,")
    assert f"urldate = {{{today.isoformat()}}}" in bib
    dialog.get_by_role("button", name="Copy citation").click()
    page.wait_for_timeout(100)
    assert page.evaluate("navigator.clipboard.readText()") == bib
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    # the author's own Turkish is cited as the author's, not as this edition's translation
    page.locator('.cell[lang="tr"] .s[data-align="p1.s1"]').click()
    bar.get_by_role("button", name="Cite…").click()
    dialog.get_by_label("Chicago").check()
    own = page.locator("#cite-out").inner_text()
    assert "¶ 1, sentence 1 (karakus:p1.s1)." in own
    assert "Turkish: the author's own wording in the source." in own
    context.close()


def test_a_paragraph_is_cited_with_an_absolute_address_without_javascript(
    browser: object, server: str
) -> None:
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(server + "karakus/en-tr.html")
    control = page.locator('[id="p12"] > details.pcite')
    control.locator("summary").click()
    text = control.locator(".pcite-text").inner_text()
    assert "¶ 12 (karakus:p12)." in text
    assert text.endswith("http://127.0.0.1:8000/karakus/en-tr.html#p12.")
    assert "In Soviet–Turkish Relations Reader" in text
    context.close()


def test_without_javascript_a_note_call_links_to_the_notes_and_back(
    browser: object, server: str
) -> None:
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(server + "gusterin/en.html")
    page.locator('sup.note-call a[href="#n1"]').first.click()
    assert page.url.endswith("#n1")
    back = page.locator('[id="n1"] a.note-n')
    assert back.get_attribute("href") == "#call-en-n1"
    back.click()
    assert page.url.endswith("#call-en-n1")
    context.close()


# ------------------------------------------------------------------ notes, names, corrections


def test_a_note_opens_beside_its_call_in_its_columns_language(
    reading: Watched, server: str
) -> None:
    page = reading.page
    page.goto(server + "gusterin/en-tr.html")
    call = page.locator('.cell[lang="tr"] sup.note-call a[href="#n1"]').first
    call.scroll_into_view_if_needed()
    call.click()
    note = page.locator('.cell[lang="tr"] aside.note-pop[data-note="n1"]')
    note.wait_for()
    assert "Leninakan" in note.inner_text()
    assert note.get_attribute("lang") == "tr"
    assert page.evaluate(f"({IN_VIEW})", note.element_handle())
    assert page.evaluate(f"({IN_VIEW})", call.element_handle())  # the call stays in view
    uncovered = call.evaluate(
        "a => { const r = a.getBoundingClientRect();"
        " return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) === a; }"
    )
    assert uncovered, reading.size  # not under the note
    assert page.url.endswith("en-tr.html")
    page.keyboard.press("Escape")
    assert page.locator("aside.note-pop").count() == 0
    assert reading.errors == []


def test_the_authors_own_note_opens_in_a_view_that_shows_it_elsewhere(
    watched: Watched, server: str
) -> None:
    page = watched.page
    page.goto(server + "karakus/en-tr.html")
    # the author's Turkish note (n_author_tr) shows in the row of n_author
    call = page.locator('.cell[lang="tr"] sup.note-call a[data-note="n_author_tr"]').first
    assert call.get_attribute("href") == "#n_author"
    call.click()
    note = page.locator("aside.note-pop")
    note.wait_for()
    assert "Amasya Üniversitesi" in note.inner_text()


def test_a_correction_reads_inline_and_looks_unlike_a_name(watched: Watched, server: str) -> None:
    page = watched.page
    page.goto(server + "karakus/en.html#i5")
    item = page.locator('[id="i5"]')
    assert "Armanian [Armenian]" in " ".join(item.inner_text().split())
    sic = item.locator(".sic-text").evaluate("e => getComputedStyle(e).textDecorationStyle")
    name = page.locator("a.entity").first.evaluate("e => getComputedStyle(e).textDecorationStyle")
    assert sic == "wavy" and name == "dotted"


def test_an_orcid_stands_apart_from_its_label(watched: Watched, server: str) -> None:
    page = watched.page
    page.goto(server + "karakus/en.html")
    gap = page.evaluate(
        """() => { const idno = document.querySelector('br + .idno');
        const label = idno.previousSibling; const range = document.createRange();
        range.selectNodeContents(label); return idno.getBoundingClientRect().left - range.getBoundingClientRect().right; }"""
    )
    assert gap >= 3


# ------------------------------------------------------------------ phones and printing


def test_no_page_overflows_a_phone(browser: object, server: str, site: Path) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})  # type: ignore[attr-defined]
    page = context.new_page()
    pages = sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if "api" not in p.parts
        and (p.parent == site or p.parent.name in ("tr", "ru") or p.name.count(".") == 1)
    )
    wide = {}
    for path in pages:
        page.goto(server + path)
        over, widest = page.evaluate(OVERFLOW)
        if over > 0:
            wide[path] = (over, widest)
    context.close()
    assert wide == {}
    assert len(pages) >= 60


def test_the_timeline_stacks_on_a_phone(browser: object, server: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(server + "timeline.html")
    link = page.locator("table.claims a").first
    box = link.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 390
    display = page.locator("table.claims td").first.evaluate("e => getComputedStyle(e).display")
    assert display == "block"
    context.close()


def test_printing_keeps_the_columns_side_by_side(watched: Watched, server: str) -> None:
    page = watched.page
    page.goto(server + "karakus/en-tr.html")
    page.emulate_media(media="print")
    cells = page.locator('[id="p9"] > .cell')
    first, second = cells.nth(0).bounding_box(), cells.nth(1).bounding_box()
    assert first is not None and second is not None
    assert second["x"] > first["x"] + first["width"] - 1
    assert abs(second["y"] - first["y"]) < 2
    assert not page.locator("#bar").is_visible()


def test_dark_mode_is_dark_and_readable(browser: object, server: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(color_scheme="dark", bypass_csp=True)  # type: ignore[attr-defined]
    page = context.new_page()
    for path in ("karakus/en-tr.html", "chicherin/about.html"):
        page.goto(server + path)
        background = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
        channels = [int(c) for c in background[4:-1].split(",")[:3]]
        assert max(channels) < 60, (path, background)
        violations = Axe().run(page).response["violations"]
        serious = [v["id"] for v in violations if v["impact"] in ("serious", "critical")]
        assert serious == [], (path, serious)
    context.close()


# ------------------------------------------------------------------ what was already held


def test_hovering_a_sentence_highlights_its_counterpart(watched: Watched, server: str) -> None:
    page = watched.page
    page.goto(server + "wikipedia/en-ru.html")
    page.locator('[id="p4.s2"]').hover()
    counterpart = page.locator('.cell[lang="ru"] .s[data-align~="p4.s2"]')
    assert counterpart.count() >= 1
    assert "hl" in (counterpart.first.get_attribute("class") or "")


def test_focusing_a_sentence_highlights_its_counterpart(watched: Watched, server: str) -> None:
    page = watched.page
    page.goto(server + "chicherin/en-tr.html")
    page.locator('[id="p1.s1"]').focus()
    counterpart = page.locator('.cell[lang="tr"] .s[data-align~="p1.s1"]').first
    assert "hl" in (counterpart.get_attribute("class") or "")


def test_a_url_naming_a_sentence_marks_it_in_every_column(watched: Watched, server: str) -> None:
    page = watched.page
    page.goto(server + "wikipedia/en-tr-ru.html#p9.s2")
    marked = page.locator(".s.target")
    marked.first.wait_for()
    langs = {marked.nth(i).evaluate("e => e.closest('.cell').lang") for i in range(marked.count())}
    assert langs == {"en", "tr", "ru"}


def test_a_citation_leads_to_the_bibliography_and_on_to_another_text(
    watched: Watched, server: str
) -> None:
    page = watched.page
    page.goto(server + "xoshgedem/en.html")
    page.locator('a.ref-cite[href="#b-gusterin2016"]').first.click()
    assert page.url.endswith("#b-gusterin2016")
    entry = page.locator('[id="b-gusterin2016"]')
    assert "Gusterin" in entry.inner_text()
    entry.locator("a.ref-corpus, a[href*='gusterin/']").first.click()
    page.wait_for_load_state()
    assert "/gusterin/" in page.url
    assert "Circumstances of the conclusion" in page.locator("h1").inner_text()
    assert watched.errors == [] and watched.outside == []


def test_untranslated_comments_are_shown_once_marked(watched: Watched, server: str) -> None:
    page = watched.page
    page.goto(server + "gusterin/en-ru.html")
    comments = page.locator("section.part-comments")
    assert "shown once, in the original language" in comments.inner_text()
    assert comments.locator('.cell[lang="en"]').count() > 5
    assert comments.locator('.cell[lang="ru"]').count() == 0


def test_narrow_screens_stack_each_paragraph_above_its_counterpart(
    browser: object, server: str
) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(server + "wikipedia/en-tr.html")
    cells = page.locator('[id="p4"] > .cell')
    first, second = cells.nth(0).bounding_box(), cells.nth(1).bounding_box()
    assert first is not None and second is not None
    assert second["y"] >= first["y"] + first["height"] - 1
    assert abs(second["x"] - first["x"]) < 40
    title = page.locator("h1").bounding_box()
    assert title is not None and title["y"] < 120  # the bar is compact: 380 px before
    context.close()


def test_aligned_paragraphs_start_on_the_same_line(watched: Watched, server: str) -> None:
    page = watched.page
    page.goto(server + "karakus/en-tr.html")
    for row in ("p1", "p5", "p9", "p14", "h3"):
        tops = page.locator(f'[id="{row}"] > .cell').evaluate_all(
            "cells => cells.map(c => Math.round((c.querySelector('.unit, .head') || c).getBoundingClientRect().top))"
        )
        assert len(set(tops)) == 1, (row, tops)


def test_screenshots_of_every_view(browser: object, server: str, corpus: Corpus) -> None:
    """Every view of karakus and chicherin, their About pages and the site's pages, on a desk
    and a phone, for a person to look at (tests/artifacts/, not committed)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pages = [f"{t}/{v}.html" for t in ("karakus", "chicherin") for v in _views(corpus, t)]
    pages += [
        "karakus/about.html",
        "chicherin/about.html",
        "index.html",
        "timeline.html",
        "entities.html",
    ]
    pages += [
        "karakus/en-tr.tr.html#p12",
        "karakus/ru-en.html#p14.s31",
        "chicherin/en-ru.ru.html#p9",
    ]
    for name, (width, height) in SIZES.items():
        context = browser.new_context(viewport={"width": width, "height": height})  # type: ignore[attr-defined]
        page = context.new_page()
        for path in pages:
            page.goto(server + path)
            page.wait_for_timeout(150)
            shot = ARTIFACTS / f"{path.replace('/', '_').replace('#', '@')}-{name}.png"
            page.screenshot(path=str(shot))
            assert shot.stat().st_size > 10_000
        context.close()


def test_no_page_has_serious_accessibility_violations(
    browser: object, server: str, site: Path
) -> None:
    """axe on every kind of page, in every interface language, on a desk and a phone."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    found = {}
    # Every kind of page once (the reader in one, two and three columns, in its own and
    # another interface language; About; home, index, timeline, search), the largest
    # (karakus in three columns, the index) included; axe takes half a minute on those.
    desk = ["chicherin/en.html", "chicherin/en-ru.html", "chicherin/en-tr-ru.html"]
    desk += ["chicherin/ru-en.en.html", "wikipedia/tr.ru.html", "gusterin/en-ru.html"]
    desk += ["karakus/en-tr-ru.html", "karakus/about.html", "chicherin/about.ru.html"]
    desk += ["index.html", "tr/index.html", "ru/timeline.html", "entities.html", "search.html"]
    phone = ["wikipedia/en-tr-ru.html", "chicherin/en-ru.tr.html", "karakus/about.html"]
    phone += ["ru/index.html", "timeline.html"]
    for name, pages in (("desk", desk), ("phone", phone)):
        width, height = SIZES[name]
        context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=True)  # type: ignore[attr-defined]
        page = context.new_page()
        for path in pages:
            assert (site / path).is_file(), path
            page.goto(server + path)
            violations = axe.run(page).response["violations"]
            serious = [
                (v["id"], len(v["nodes"]))
                for v in violations
                if v["impact"] in ("serious", "critical")
            ]
            if serious:
                found[f"{path}@{name}"] = serious
        context.close()
    assert found == {}
