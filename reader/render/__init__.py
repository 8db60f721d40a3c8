"""Render: the aligned texts → files people read and programs fetch.

One subpackage per output, all reading the same model (:mod:`reader.align`):

* :mod:`reader.render.html` — the parallel-text reader (pages, index and
  timeline, the static search pages and their Pagefind bundle);
* :mod:`reader.render.pdf` — print editions; WeasyPrint prints pages made by
  the HTML renderer with a print stylesheet, so ``pdf`` builds on ``html``;
* :mod:`reader.render.api` — machine-readable exports (DTS, CapiTainS);
* :mod:`reader.render.common` — what every output shares: inline rendering,
  the interface catalogues (i18n) and incremental, atomic output.
"""
