/* Soviet–Turkish Relations Reader: progressive enhancement only.
   Without this script every page still reads: notes are links to the notes
   section, the ¶ mark opens a paragraph's link and citation, views and
   interface languages are plain links, menus are <details>. */
(function () {
  "use strict";

  const $$ = (selector, root) => Array.from((root || document).querySelectorAll(selector));
  const idsOf = (el) => (el.getAttribute("data-align") || "").split(/\s+/).filter(Boolean);
  const reader = () => document.body.classList.contains("reader");

  /* The part of the window the sticky bar and column heads cover. */
  function coveredTop() {
    let bottom = 0;
    for (const el of [document.getElementById("bar"), document.querySelector(".col-heads")]) {
      if (!el) continue;
      const style = getComputedStyle(el);
      if (style.display === "none" || style.position !== "sticky") continue;
      bottom = Math.max(bottom, el.getBoundingClientRect().bottom);
    }
    return bottom;
  }
  function syncHeights() {
    const bar = document.getElementById("bar");
    const heads = document.querySelector(".col-heads");
    const root = document.documentElement.style;
    if (bar) root.setProperty("--bar-h", bar.offsetHeight + "px");
    if (heads && getComputedStyle(heads).display !== "none") root.setProperty("--heads-h", heads.offsetHeight + "px");
  }

  /* ------------------------------------------------------------ columns and sentences */
  function columnOf(el) {
    const cell = el.closest(".cell");
    if (!cell) return 0;
    return cell.closest(".row.full") ? -1 : Number(cell.getAttribute("data-col") || 0);
  }
  function sentencesOfColumn(column) {
    // A full-width row (shown once) belongs to every column.
    return $$(".row .s[data-align]").filter((s) => {
      const c = columnOf(s);
      return c === column || c === -1;
    });
  }
  function columnCount() {
    const heads = $$(".col-heads .col-head");
    return Math.max(heads.length, 1);
  }
  /* The counterparts of a sentence in its row: n:m alignments included. */
  function counterparts(sentence) {
    const row = sentence.closest(".row");
    if (!row) return [];
    const mine = idsOf(sentence);
    return $$(".s[data-align]", row).filter((other) =>
      other !== sentence && columnOf(other) !== columnOf(sentence) && idsOf(other).some((id) => mine.includes(id)));
  }
  /* Whether the whole of an element is in the window, below the bar. */
  function inView(el, margin) {
    const r = el.getBoundingClientRect();
    const m = margin || 0;
    return r.top >= coveredTop() - m && r.bottom <= window.innerHeight + m && r.height > 0;
  }

  /* ------------------------------------------------------------ menus */
  document.addEventListener("toggle", (event) => {
    const opened = event.target;
    if (!(opened instanceof HTMLDetailsElement) || !opened.open) return;
    for (const other of $$("details.menu[open], details.pcite[open]")) {
      if (other !== opened && !other.contains(opened)) other.open = false;
    }
  }, true);
  document.addEventListener("click", (event) => {
    for (const menu of $$("details.menu[open]")) {
      if (!menu.contains(event.target)) menu.open = false;
    }
  });

  /* ------------------------------------------------------------ the reading place */
  const PLACE = "reader-place";
  /* The sentence the reader is at: the first of the first column that starts in the
     window below the bar (or the one running through its top, if none starts there). */
  function topSentence() {
    const top = coveredTop();
    let running = null;
    for (const s of sentencesOfColumn(0)) {
      const first = s.getClientRects()[0];
      if (!first) continue;
      if (first.top >= top - first.height / 2) {
        if (first.top < window.innerHeight) return { id: idsOf(s)[0], offset: Math.round(first.top - top) };
        break;
      }
      running = s;
    }
    if (!running) return null;
    return { id: idsOf(running)[0], offset: Math.round(running.getClientRects()[0].top - top) };
  }
  function topRow() {
    const top = coveredTop() + 4;
    for (const row of $$(".row[id]")) {
      const r = row.getBoundingClientRect();
      if (r.bottom > top) return { row: row.id, offset: Math.round(r.top - top) };
    }
    return null;
  }
  /* Switching view or interface language keeps the sentence at the top of the window there. */
  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest("a.view-link, a.ui-link");
    if (!link || !reader()) return;
    const place = topSentence() || topRow();
    if (!place) return;
    const anchor = place.id || place.row;
    try {
      sessionStorage.setItem(PLACE, JSON.stringify({ anchor, offset: place.offset, at: Date.now() }));
    } catch (e) { /* private mode: the anchor alone keeps the place */ }
    link.href = link.href.split("#")[0] + "#" + anchor;
  });
  function findAnchor(id) {
    const el = document.getElementById(id);
    if (el) return el;
    return $$(".s[data-align]").find((s) => idsOf(s).includes(id)) || null;
  }
  function restorePlace() {
    let saved = null;
    try { saved = JSON.parse(sessionStorage.getItem(PLACE) || "null"); sessionStorage.removeItem(PLACE); } catch (e) { saved = null; }
    const hash = decodeURIComponent(location.hash.slice(1));
    if (!saved || saved.anchor !== hash || Date.now() - saved.at > 15000) return false;
    const el = findAnchor(hash);
    if (!el) return false;
    const r = el.getClientRects()[0] || el.getBoundingClientRect();
    window.scrollBy(0, r.top - coveredTop() - saved.offset);
    return true;
  }

  /* ------------------------------------------------------------ counterparts in view */
  let peeks = [];
  function clearPeeks() { peeks.forEach((p) => p.remove()); peeks = []; }
  /* A counterpart out of view is shown beside the sentence being read, in its own
     column and language, so that nothing moves. */
  function peek(sentence, others) {
    clearPeeks();
    const anchor = sentence.getBoundingClientRect();
    const byColumn = new Map();
    for (const other of others) {
      if (inView(other, 2)) continue;
      const c = columnOf(other);
      if (!byColumn.has(c)) byColumn.set(c, []);
      byColumn.get(c).push(other);
    }
    for (const [, group] of byColumn) {
      const cell = group[0].closest(".cell");
      const box = cell.getBoundingClientRect();
      const below = group[0].getBoundingClientRect().top > anchor.top;
      const el = document.createElement("div");
      el.className = "peek";
      el.setAttribute("aria-hidden", "true");
      el.lang = cell.lang;
      const label = document.createElement("span");
      label.className = "peek-label";
      const head = $$(".col-head")[Number(cell.getAttribute("data-col") || 0)];
      label.textContent = (below ? "↓ " : "↑ ") + (head ? head.textContent.trim() : cell.lang);
      el.appendChild(label);
      group.forEach((s, i) => {
        if (i) el.appendChild(document.createTextNode(" "));
        const copy = s.cloneNode(true);
        $$("sup.note-call", copy).forEach((sup) => sup.remove());
        el.appendChild(document.createTextNode(copy.textContent));
      });
      // Side by side, the copy stands in its own column at the height of the sentence
      // read; stacked (a phone), it stands just under that sentence, or over it.
      const own = sentence.closest(".cell").getBoundingClientRect();
      const stacked = Math.abs(box.left - own.left) < 24;
      el.style.left = (box.left + window.scrollX) + "px";
      el.style.width = box.width + "px";
      document.body.appendChild(el);
      const height = el.offsetHeight;
      const covered = coveredTop();
      let top = anchor.top;
      if (stacked) {
        top = anchor.bottom + 8 + height <= window.innerHeight ? anchor.bottom + 8 : anchor.top - height - 8;
      }
      top = Math.max(covered + 6, Math.min(top, window.innerHeight - height - 6));
      el.style.top = (top + window.scrollY) + "px";
      peeks.push(el);
    }
  }
  function highlight(sentence, on) {
    const others = counterparts(sentence);
    others.forEach((el) => el.classList.toggle("hl", on));
    sentence.classList.toggle("hl-self", on);
    if (on) peek(sentence, others); else clearPeeks();
  }
  ["mouseover", "focusin"].forEach((type) => document.addEventListener(type, (event) => {
    const s = event.target.closest && event.target.closest(".s[data-align]");
    if (s) highlight(s, true);
  }));
  ["mouseout", "focusout"].forEach((type) => document.addEventListener(type, (event) => {
    const s = event.target.closest && event.target.closest(".s[data-align]");
    if (s && !(event.relatedTarget && s.contains(event.relatedTarget))) highlight(s, false);
  }));
  document.addEventListener("click", (event) => {
    if (!(event.target.closest && event.target.closest(".s[data-align]"))) clearPeeks();
  });

  /* ------------------------------------------------------------ notes beside their call */
  function closeNote(aside, link) {
    aside.remove();
    if (link) { link.setAttribute("aria-expanded", "false"); link.focus({ preventScroll: true }); }
  }
  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest("sup.note-call a");
    if (!link) return;
    const noteRow = document.getElementById(link.getAttribute("href").slice(1));
    const cell = link.closest(".cell");
    if (!noteRow || !cell) return;
    event.preventDefault();
    const existing = $$("aside.note-pop").find((a) => a.getAttribute("data-note") === noteRow.id && cell.contains(a));
    $$("aside.note-pop").forEach((a) => a.remove());
    if (existing) { link.setAttribute("aria-expanded", "false"); return; }
    // The note in the call's column; a call in a row shown across the columns (a
    // byline) takes the note in its own language.
    const cells = $$(":scope > .cell", noteRow);
    const column = Number(cell.getAttribute("data-col") || 0);
    const source = (cell.closest(".row.full") && cells.find((c) => c.lang === cell.lang))
      || cells.find((c) => Number(c.getAttribute("data-col")) === column) || cells[cells.length - 1];
    const aside = document.createElement("aside");
    aside.className = "note-pop";
    aside.setAttribute("data-note", noteRow.id);
    aside.lang = source.lang;
    aside.tabIndex = -1;
    aside.setAttribute("aria-label", link.textContent);
    const close = document.createElement("button");
    close.type = "button";
    close.className = "close";
    close.textContent = "×";
    close.setAttribute("aria-label", document.documentElement.getAttribute("data-close") || "Close");
    close.addEventListener("click", () => closeNote(aside, link));
    aside.appendChild(close);
    const body = source.querySelector(".unit").cloneNode(true);
    $$("[id]", body).forEach((el) => el.removeAttribute("id"));
    $$(".note-n", body).forEach((el) => el.remove());
    aside.appendChild(body);
    cell.appendChild(aside);
    if (getComputedStyle(aside).position === "fixed") {
      // A phone: the note at the foot of the screen, the call kept in view above it.
      const sheetTop = aside.getBoundingClientRect().top;
      const call = link.getBoundingClientRect();
      if (call.bottom > sheetTop - 8) window.scrollBy(0, call.bottom - sheetTop + 24);
      else if (call.top < coveredTop() + 4) window.scrollBy(0, call.top - coveredTop() - 24);
    } else {
      // Under the line of the call, in the call's column.
      const lineBottom = link.getBoundingClientRect().bottom - cell.getBoundingClientRect().top;
      aside.style.top = (lineBottom + 6) + "px";
    }
    link.setAttribute("aria-expanded", "true");
    aside.focus({ preventScroll: true });
  });
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    const open = document.querySelector("aside.note-pop");
    if (open) { open.querySelector("button.close").click(); event.preventDefault(); return; }
    for (const menu of $$("details.menu[open], details.pcite[open]")) {
      menu.open = false;
      menu.querySelector("summary").focus();
    }
  });

  /* ------------------------------------------------------------ a passage named in the address */
  function targetsOf(id) {
    if (id.indexOf(".s") === -1) return [];
    const row = document.getElementById(id.split(".")[0]);
    return row ? $$(".s[data-align]", row).filter((s) => idsOf(s).includes(id)) : [];
  }
  /* Show the target with its counterparts: all in the window below the bar if they fit,
     else the first column's at the top and the others beside it. */
  function showTogether(elements, primary) {
    const top = Math.min(...elements.map((e) => e.getBoundingClientRect().top));
    const bottom = Math.max(...elements.map((e) => e.getBoundingClientRect().bottom));
    const covered = coveredTop();
    const room = window.innerHeight - covered - 16;
    if (bottom - top <= room) {
      const spare = room - (bottom - top);
      window.scrollBy(0, top - covered - 12 - Math.min(spare / 3, 120));
    } else {
      window.scrollBy(0, primary.getBoundingClientRect().top - covered - 12);
    }
  }
  function markTarget(fromLoad) {
    $$(".target").forEach((el) => el.classList.remove("target"));
    clearPeeks();
    const id = decodeURIComponent(location.hash.slice(1));
    if (!id) return;
    if (fromLoad && restorePlace()) return;
    const element = document.getElementById(id);
    const sentences = targetsOf(id);
    if (sentences.length) {
      sentences.forEach((s) => s.classList.add("target"));
      const primary = element || sentences[0];
      requestAnimationFrame(() => {
        showTogether(sentences, primary);
        const others = sentences.filter((s) => s !== primary);
        if (others.some((o) => !inView(o, 2))) peek(primary, others);
      });
      return;
    }
    const row = element && element.closest(".row");
    if (row) {
      row.classList.add("target");
      requestAnimationFrame(() => window.scrollBy(0, row.getBoundingClientRect().top - coveredTop() - 12));
    } else if (element) {
      const details = element.closest("details") || element.querySelector("details.entry-mentions");
      if (details) details.open = true;
    }
  }
  window.addEventListener("hashchange", () => markTarget(false));

  /* ------------------------------------------------------------ keyboard: one stop per column */
  let current = [];
  function setCurrent(column, sentence, focus) {
    const old = current[column];
    if (old && old !== sentence) {
      old.tabIndex = -1;
      $$("a[href]", old).forEach((a) => { a.tabIndex = -1; });
    }
    current[column] = sentence;
    sentence.tabIndex = 0;
    // The links of the current sentence (its notes and names) follow it in the tab order.
    $$("a[href]", sentence).forEach((a) => { a.tabIndex = 0; });
    if (focus) {
      sentence.focus({ preventScroll: true });
      const r = sentence.getBoundingClientRect();
      const covered = coveredTop();
      if (r.top < covered + 8) window.scrollBy(0, r.top - covered - 12);
      else if (r.bottom > window.innerHeight - 8) window.scrollBy(0, r.bottom - window.innerHeight + 40);
      highlight(sentence, true);
      showSentenceBar(sentence);
    }
  }
  function initRoving() {
    const count = columnCount();
    // Links inside sentences leave the tab order; they join it with their sentence.
    $$(".row .s[data-align] a[href]").forEach((a) => { a.tabIndex = -1; });
    $$(".note-row a.note-n").forEach((a) => { a.tabIndex = -1; });
    for (let column = 0; column < count; column++) {
      const list = sentencesOfColumn(column);
      list.forEach((s) => { if (s.tabIndex !== 0) s.tabIndex = -1; });
      if (list.length) setCurrent(column, list[0], false);
    }
    // A full-width row's sentence may be a column's current one: keep one stop per column.
    document.addEventListener("focusin", (event) => {
      const s = event.target.closest && event.target.closest(".s[data-align]");
      if (!s || event.target !== s) return;
      const column = Math.max(columnOf(s), 0);
      if (current[column] !== s) setCurrent(column, s, false);
    });
  }
  function paragraphStart(list, index, step) {
    const row = list[index].closest(".row");
    let i = index;
    while (i >= 0 && i < list.length && list[i].closest(".row") === row) i += step;
    if (i < 0 || i >= list.length) return null;
    if (step < 0) {
      const previousRow = list[i].closest(".row");
      while (i > 0 && list[i - 1].closest(".row") === previousRow) i -= 1;
    }
    return list[i];
  }
  document.addEventListener("keydown", (event) => {
    const s = event.target.classList && event.target.classList.contains("s") ? event.target : null;
    if (event.key === "?" && !event.target.closest("input, textarea, select")) {
      const help = document.getElementById("keys-dialog");
      if (help) { event.preventDefault(); help.showModal(); }
      return;
    }
    if (!s || event.altKey || event.metaKey) return;
    const column = Math.max(columnOf(s), 0);
    const realColumn = columnOf(s) === -1 ? (current.indexOf(s) >= 0 ? current.indexOf(s) : 0) : column;
    const list = sentencesOfColumn(realColumn);
    const index = list.indexOf(s);
    let next = null;
    const key = event.key;
    if (key === "ArrowDown" && !event.ctrlKey) next = list[index + 1];
    else if (key === "ArrowUp" && !event.ctrlKey) next = list[index - 1];
    else if (key === "]" || (key === "ArrowDown" && event.ctrlKey)) next = paragraphStart(list, index, 1);
    else if (key === "[" || (key === "ArrowUp" && event.ctrlKey)) next = paragraphStart(list, index, -1);
    else if (key === "Home") next = list[0];
    else if (key === "End") next = list[list.length - 1];
    else if (key === "ArrowRight" || key === "ArrowLeft") {
      const count = columnCount();
      const target = realColumn + (key === "ArrowRight" ? 1 : -1);
      if (target < 0 || target >= count) return;
      const mine = idsOf(s);
      const candidates = sentencesOfColumn(target);
      next = candidates.find((o) => o.closest(".row") === s.closest(".row") && idsOf(o).some((id) => mine.includes(id)))
        || candidates.find((o) => o.closest(".row") === s.closest(".row"))
        || current[target];
      if (next) { event.preventDefault(); highlight(s, false); setCurrent(target, next, true); }
      return;
    } else if (key === "Enter") {
      event.preventDefault();
      openCite(s);
      return;
    } else return;
    event.preventDefault();
    if (next) { highlight(s, false); setCurrent(realColumn, next, true); }
  });

  /* ------------------------------------------------------------ link and cite a sentence */
  function rowOf(el) { return el.closest(".row"); }
  function passageOf(sentence) {
    const row = rowOf(sentence);
    const id = sentence.id || idsOf(sentence).find((x) => x.startsWith(row.id + ".")) || idsOf(sentence)[0];
    return { row: row.id, item: id || row.id };
  }
  function pageAddress() {
    const dialog = document.getElementById("cite-dialog");
    const base = dialog ? dialog.getAttribute("data-address") : location.href.split("#")[0];
    return /^https?:$/.test(location.protocol) ? location.href.split("#")[0] : base;
  }
  function addressOf(item) { return pageAddress() + "#" + item; }
  function copy(text, button) {
    const done = () => {
      const status = document.querySelector(".cite-status");
      if (status && status.closest("dialog[open]")) status.textContent = status.getAttribute("data-copied");
      if (button) { button.setAttribute("data-copied", "true"); }
    };
    if (navigator.clipboard) navigator.clipboard.writeText(text).then(done, () => {});
  }
  function label(item) {
    const sbar = document.getElementById("sbar");
    const word = sbar ? sbar.getAttribute("data-sentence") : "sentence";
    const [unit, sentence] = item.split(".");
    const row = document.getElementById(unit);
    const mark = row ? row.querySelector(".pcite > summary") : null;
    const unitLabel = mark ? mark.textContent.trim() : unit;
    return sentence ? unitLabel + ", " + word + " " + sentence.replace(/^s/, "") : unitLabel;
  }
  let citing = null;
  function fillCitation() {
    const dialog = document.getElementById("cite-dialog");
    if (!dialog || !citing) return;
    const column = (dialog.querySelector('input[name="cite-lang"]:checked') || {}).value || "0";
    const style = (dialog.querySelector('input[name="cite-style"]:checked') || {}).value;
    // What the chosen column shows in this row (its language and what it is): a
    // translation, the author's own wording, the original standing in …
    const row = document.getElementById(citing.row);
    const cell = row && (row.querySelector(':scope > .cell[data-col="' + column + '"]')
      || row.querySelector(":scope > .cell"));
    const lang = cell ? cell.lang : "";
    const status = cell ? (Array.from(cell.classList).find((c) => c.startsWith("s-")) || "s-source").slice(2) : "source";
    const templates = document.getElementById("cite-templates").content;
    const template = templates.querySelector('pre[data-lang="' + lang + '"][data-status="' + status + '"][data-style="' + style + '"]')
      || templates.querySelector('pre[data-lang="' + lang + '"][data-style="' + style + '"]');
    const text = dialog.getAttribute("data-text");
    const now = new Date();
    const iso = now.toISOString().slice(0, 10);
    const dateWords = new Intl.DateTimeFormat(document.documentElement.lang, { dateStyle: "long" }).format(now);
    const accessedWords = dialog.getAttribute("data-accessed").replace("{date}", dateWords);
    const url = addressOf(citing.item);
    let out = template ? template.textContent : "";
    out = out.split("⟦ref⟧").join(text + ":" + citing.item)
      .split("⟦label⟧").join(label(citing.item))
      .split("⟦url⟧").join(url)
      .split("⟦accessed-words⟧.").join(accessedWords)
      .split("⟦accessed-words⟧").join(accessedWords)
      .split("⟦accessed⟧").join(iso)
      .split("⟦key⟧").join(citing.item.replace(/[^A-Za-z0-9]/g, "_") + "_" + lang);
    dialog.querySelector("#cite-out").textContent = out;
    const link = dialog.querySelector("#cite-url");
    link.href = "#" + citing.item;
    link.textContent = url;
    dialog.querySelector("#cite-what").textContent = label(citing.item) + " · " + text + ":" + citing.item;
    dialog.querySelector(".cite-status").textContent = "";
  }
  function openCite(target, lang) {
    const dialog = document.getElementById("cite-dialog");
    if (!dialog) return;
    const passage = target.classList.contains("s") ? passageOf(target) : { row: target.id, item: target.id };
    citing = { item: passage.item, row: passage.row || rowOf(target).id, opener: document.activeElement };
    const cell = target.closest(".cell");
    const column = lang || (cell && !target.closest(".row.full") ? cell.getAttribute("data-col") : "0");
    const radios = $$('input[name="cite-lang"]', dialog);
    radios.forEach((r) => { r.checked = r.value === String(column); });
    fillCitation();
    dialog.showModal();
  }
  document.addEventListener("change", (event) => {
    if (event.target.closest && event.target.closest("#cite-dialog")) fillCitation();
  });
  document.addEventListener("click", (event) => {
    const button = event.target.closest && event.target.closest("button[data-act]");
    if (!button) return;
    const act = button.getAttribute("data-act");
    const dialog = button.closest("dialog");
    if (act === "close" && dialog) { dialog.close(); return; }
    if (act === "copy-cite") { copy(document.getElementById("cite-out").textContent, button); return; }
    if (act === "copy-link" && citing) { copy(addressOf(citing.item), button); return; }
    const sbar = button.closest(".sbar");
    const panel = button.closest(".pcite");
    const target = sbar ? sbarSentence : panel ? rowOf(panel) : null;
    if (!target) return;
    if (act === "link") {
      const passage = target.classList.contains("s") ? passageOf(target) : { item: target.id };
      copy(addressOf(passage.item), button);
      history.replaceState(null, "", "#" + passage.item);
      markTarget(false);
    } else if (act === "cite") {
      openCite(target);
    }
  });
  document.addEventListener("close", (event) => {
    if (event.target.id === "cite-dialog" && citing && citing.opener && citing.opener.focus) citing.opener.focus({ preventScroll: true });
  }, true);

  /* The tools of a sentence appear when it is focused or clicked (without selecting text). */
  let sbarSentence = null;
  function showSentenceBar(sentence) {
    const sbar = document.getElementById("sbar");
    if (!sbar) return;
    sbarSentence = sentence;
    document.getElementById("sbar-what").textContent = label(passageOf(sentence).item);
    sbar.hidden = false;
    const r = sentence.getBoundingClientRect();
    const cell = sentence.closest(".cell").getBoundingClientRect();
    const top = r.top + window.scrollY - sbar.offsetHeight - 4;
    sbar.style.top = Math.max(top, window.scrollY + coveredTop() + 2) + "px";
    sbar.style.left = Math.max(cell.left + window.scrollX, Math.min(r.left + window.scrollX, cell.right + window.scrollX - sbar.offsetWidth)) + "px";
  }
  document.addEventListener("click", (event) => {
    const s = event.target.closest && event.target.closest(".s[data-align]");
    const sbar = document.getElementById("sbar");
    if (event.target.closest && event.target.closest(".sbar")) return;
    if (!s || event.target.closest("a")) { if (sbar && !s) sbar.hidden = true; return; }
    const selection = window.getSelection();
    if (selection && !selection.isCollapsed) return;
    const column = Math.max(columnOf(s), 0);
    setCurrent(column, s, false);
    showSentenceBar(s);
  });

  /* ------------------------------------------------------------ start */
  document.addEventListener("DOMContentLoaded", () => {
    document.documentElement.setAttribute("data-js", "");
    syncHeights();
    window.addEventListener("resize", () => { syncHeights(); clearPeeks(); });
    // The ¶ panel: its actions, and the address of this copy of the page.
    // Served from another address than the one the site was built for, the
    // citations carry the address the page was opened at.
    const address = pageAddress();
    const dialog = document.getElementById("cite-dialog");
    const built = dialog ? dialog.getAttribute("data-address") : address;
    $$(".pcite").forEach((details) => {
      const actions = details.querySelector(".pcite-actions");
      if (actions) actions.hidden = false;
      const link = details.querySelector(".pcite-link a");
      const row = rowOf(details);
      if (link && row) link.textContent = address + "#" + row.id;
      const text = details.querySelector(".pcite-text");
      if (text && built !== address) text.textContent = text.textContent.split(built).join(address);
    });
    if (reader()) initRoving();
  });
  /* Place the page once it is laid out (after the browser's own jump to the anchor). */
  window.addEventListener("load", () => {
    markTarget(true);
    requestAnimationFrame(() => requestAnimationFrame(() => document.documentElement.setAttribute("data-ready", "")));
  });
})();
