"""The post-render check, shown to catch each fault on small PDFs made for it.

Each document is real HTML rendered by WeasyPrint with the print assets; the
check reads only the PDF. A clean document counts nothing; a document with
one kind of fault counts that fault.
"""

from __future__ import annotations

import pytest

from reader.render.pdf.check import check_pdf
from reader.render.pdf.edition import html_to_pdf

pytestmark = pytest.mark.pdf

WORDS = (
    "The delegations met again in the spring and agreed on the frontier, the "
    "return of prisoners and the exchange of envoys between the two capitals. "
)
STYLE = (
    "@page { size: A4; margin: 22mm 53mm 24mm 32mm; @footnote { border-top: 0.4pt solid black; } }"
    "body { font: 10.5pt/1.42 'Noto Serif'; } p { margin: 0; text-align: justify; }"
    "sup { font-size: 66%; vertical-align: super; line-height: 0; }"
    ".fn { float: footnote; font-size: 7.8pt; } .fn::footnote-call, .fn::footnote-marker { content: none; }"
)


def _pdf(body: str) -> bytes:
    html = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title>'
        f'<style>{STYLE}</style></head><body><span id="p1@en"></span>{body}</body></html>'
    )
    data, refused, _ = html_to_pdf(html)
    assert refused == []
    return data


def _note(n: str, text: str) -> str:
    return f'<sup>{n}</sup><span class="fn">{n} {text}</span>'


def test_a_clean_text_counts_nothing() -> None:
    report = check_pdf(_pdf(f"<p>{WORDS * 20}treaty{_note('1', 'A note.')} {WORDS * 20}</p>"))
    assert report.calls == 1
    assert report.figures() == dict.fromkeys(report.figures(), 0), report.cases()


def test_a_note_on_another_page_is_counted() -> None:
    body = (
        f"<p>{WORDS * 10}treaty<sup>7</sup> {WORDS * 18}</p>"
        f'<p style="break-before: page">{WORDS * 20}<span class="fn">7 The note, a page late.</span></p>'
    )
    report = check_pdf(_pdf(body))
    assert len(report.notes_away) == 1 and "note 7" in report.notes_away[0], report.cases()


def test_a_call_that_opens_a_line_is_counted() -> None:
    body = f"<p>{WORDS * 20} the treaty<br>{_note('3', 'Note.')} and the rest. {WORDS * 20}</p>"
    report = check_pdf(_pdf(body))
    assert len(report.calls_opening_line) == 1, report.cases()


def test_a_loose_line_is_counted() -> None:
    loose = "a b c d e f g h i j " + "internationalization" * 3 + " "
    report = check_pdf(_pdf(f"<p>{WORDS * 20}</p><p>{loose * 2}{WORDS * 20}</p>"))
    assert report.loose_lines, report.cases()


def test_a_hyphen_ladder_and_a_broken_url_are_counted() -> None:
    ladder = (
        '<p lang="en" style="width: 30mm; hyphens: auto; text-align: left">'
        "international establishment extraordinary organization constitutional "
        "representatives administration responsibility</p>"
    )
    url = (
        '<p lang="en" style="width: 30mm; hyphens: auto; text-align: left">see '
        "http://www.conflicts.example.com/images/armenia for details</p>"
    )
    report = check_pdf(_pdf(f"<p>{WORDS * 20}</p>{ladder}{url}<p>{WORDS * 20}</p>"))
    assert report.hyphen_ladders, report.cases()
    assert report.broken_urls, report.cases()


def test_a_page_left_a_third_blank_is_counted() -> None:
    body = f'<p>{WORDS * 3}</p><p style="break-before: page">{WORDS * 30}</p>'
    report = check_pdf(_pdf(body))
    assert len(report.blank_pages) == 1 and report.blank_pages[0].startswith("p. 1"), report.cases()
