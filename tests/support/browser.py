"""What the browser tests measure in a page, written once (JavaScript run by Playwright)."""

from __future__ import annotations

#: Elements the Tab key visits: focusable, visible, not taken out of the order.
TAB_STOPS = """() => {
  const sel = 'a[href], button, input, select, textarea, summary, [tabindex]';
  return Array.from(document.querySelectorAll(sel)).filter(el => {
    if (el.tabIndex < 0 || el.disabled) return false;
    if (el.closest('[hidden], [inert], dialog:not([open]), template')) return false;
    const details = el.closest('details:not([open])');
    if (details && el.tagName !== 'SUMMARY') return false;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || style.display === 'none') return false;
    return el.getClientRects().length > 0;
  }).length;
}"""

#: How far the page is wider than the window, and the widest element when it is.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const over = document.documentElement.scrollWidth - width;
  let widest = null, right = width;
  if (over > 0) {
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.right > right + 0.5) { right = r.right; widest = el.outerHTML.slice(0, 120); }
    }
  }
  return [over, widest];
}"""

#: The bottom of what the sticky bar and column heads cover.
COVERED = """() => {
  let bottom = 0;
  for (const el of [document.getElementById('bar'), document.querySelector('.col-heads')]) {
    if (!el) continue;
    const s = getComputedStyle(el);
    if (s.display === 'none' || s.position !== 'sticky') continue;
    bottom = Math.max(bottom, el.getBoundingClientRect().bottom);
  }
  return bottom;
}"""

#: The first sentence of the first column that the reader sees under the bar: its first id.
TOP_SENTENCE = (
    """() => {
  const covered = ("""
    + COVERED
    + """)();
  const cells = Array.from(document.querySelectorAll('.row > .cell'))
    .filter(c => c.closest('.row.full') || c.dataset.col === '0');
  let running = null;
  for (const cell of cells) {
    for (const s of cell.querySelectorAll('.s[data-align]')) {
      const first = s.getClientRects()[0];
      if (!first) continue;
      if (first.top >= covered - first.height / 2) {
        return first.top < window.innerHeight ? s.getAttribute('data-align').split(' ')[0] : running;
      }
      running = s.getAttribute('data-align').split(' ')[0];
    }
  }
  return running;
}"""
)

#: Cells whose language and status the reader cannot see: its own label, the sticky
#: column head of its column, or the label of the run of cells it belongs to.
UNLABELLED = """() => {
  const visible = (el) => {
    if (!el) return false;
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    return r.width > 2 && r.height > 2 && s.visibility !== 'hidden' && s.display !== 'none';
  };
  const headsBox = document.querySelector('.col-heads');
  const heads = Array.from(document.querySelectorAll('.col-heads .col-head'));
  const sticky = headsBox && getComputedStyle(headsBox).position === 'sticky' && heads.every(visible);
  const bad = [], last = {};
  for (const cell of document.querySelectorAll('.row > .cell')) {
    const full = !!cell.closest('.row.full');
    const column = full ? 'full' : cell.dataset.col;
    const status = Array.from(cell.classList).find(c => c.startsWith('s-')) + '@' + cell.lang;
    const differs = cell.classList.contains('differs');
    let ok = visible(cell.querySelector(':scope > .cell-label'));
    // the sticky column heads say what a cell is that does not differ from its column
    if (!ok && sticky && !differs) ok = true;
    // a run of cells of one status is labelled once, at its start
    if (!ok && !cell.classList.contains('run-start') && last[column] === status) ok = true;
    if (!ok) bad.push((cell.closest('.row').id || '?') + '@' + column);
    last[column] = (differs || full) ? status : null;
    if (!full) last.full = null;
  }
  return bad;
}"""

#: Whether an element is inside the window, below what the bar covers.
IN_VIEW = (
    """(el) => {
  const covered = ("""
    + COVERED
    + """)();
  const r = el.getBoundingClientRect();
  return r.top >= covered - 2 && r.bottom <= window.innerHeight + 2 && r.height > 0;
}"""
)
