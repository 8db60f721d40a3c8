/* Soviet–Turkish Relations Reader: progressive enhancement only.
   Without this script every page still reads: notes are links to the notes
   section, citations open in <details>, views are plain links. */
(function () {
  "use strict";

  function idsOf(el) {
    return (el.getAttribute("data-align") || "").split(/\s+/).filter(Boolean);
  }

  /* Highlight the counterpart(s) of a sentence, n:m alignments included. */
  function counterparts(sentence) {
    var row = sentence.closest(".row");
    if (!row) return [];
    var mine = idsOf(sentence);
    return Array.prototype.filter.call(row.querySelectorAll(".s[data-align]"), function (other) {
      return idsOf(other).some(function (id) { return mine.indexOf(id) !== -1; });
    });
  }
  function setHighlight(sentence, on) {
    counterparts(sentence).forEach(function (el) { el.classList.toggle("hl", on); });
  }
  ["mouseover", "focusin"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      var s = event.target.closest && event.target.closest(".s[data-align]");
      if (s) setHighlight(s, true);
    });
  });
  ["mouseout", "focusout"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      var s = event.target.closest && event.target.closest(".s[data-align]");
      if (s) setHighlight(s, false);
    });
  });

  /* Note calls open the note beside the text, in the language of their column. */
  function columnIndex(cell) {
    return Array.prototype.indexOf.call(cell.parentNode.children, cell);
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("sup.note-call a");
    if (!link) return;
    var noteRow = document.getElementById(link.getAttribute("href").slice(1));
    var cell = link.closest(".cell");
    if (!noteRow || !cell) return;
    event.preventDefault();
    var unit = link.closest(".unit") || cell;
    var existing = cell.querySelector('aside.note-pop[data-note="' + noteRow.id + '"]');
    if (existing) { existing.remove(); link.setAttribute("aria-expanded", "false"); link.focus(); return; }
    var cells = noteRow.querySelectorAll(".cell");
    var source = cells[Math.min(columnIndex(cell), cells.length - 1)];
    var aside = document.createElement("aside");
    aside.className = "note-pop";
    aside.setAttribute("data-note", noteRow.id);
    aside.setAttribute("lang", source.getAttribute("lang"));
    aside.setAttribute("tabindex", "-1");
    aside.setAttribute("aria-label", link.textContent);
    var close = document.createElement("button");
    close.type = "button";
    close.className = "close";
    close.textContent = "×";
    close.setAttribute("aria-label", document.documentElement.getAttribute("data-close") || "Close");
    close.addEventListener("click", function () { aside.remove(); link.setAttribute("aria-expanded", "false"); link.focus(); });
    aside.appendChild(close);
    var body = source.querySelector(".unit").cloneNode(true);
    Array.prototype.forEach.call(body.querySelectorAll("[id]"), function (el) { el.removeAttribute("id"); });
    aside.appendChild(body);
    unit.insertAdjacentElement("afterend", aside);
    link.setAttribute("aria-expanded", "true");
    aside.focus();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var open = document.querySelector("aside.note-pop");
    if (open) open.querySelector("button.close").click();
  });

  /* Switching view keeps the reader's place: the first row in view. */
  function rowInView() {
    var rows = document.querySelectorAll(".row[id]");
    for (var i = 0; i < rows.length; i++) {
      if (rows[i].getBoundingClientRect().bottom > 8) return rows[i].id;
    }
    return null;
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.view-link");
    if (!link) return;
    var id = rowInView();
    if (id) link.href = link.href.split("#")[0] + "#" + id;
  });

  /* A URL naming a passage marks it: the row, or the sentence in every column. */
  function markTarget() {
    Array.prototype.forEach.call(document.querySelectorAll(".target"), function (el) { el.classList.remove("target"); });
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) return;
    var element = document.getElementById(id);
    var row = element && element.closest(".row");
    if (id.indexOf(".s") !== -1) {
      var row2 = document.getElementById(id.split(".")[0]);
      if (row2) {
        Array.prototype.forEach.call(row2.querySelectorAll(".s[data-align]"), function (s) {
          if (idsOf(s).indexOf(id) !== -1) s.classList.add("target");
        });
        row = row2;
      }
    } else if (row) {
      row.classList.add("target");
    }
    if (row) row.scrollIntoView({ block: "start" });
  }
  window.addEventListener("hashchange", markTarget);
  document.addEventListener("DOMContentLoaded", markTarget);

  /* Citations: a copy button, with the permalink made absolute. */
  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details.cite"), function (details) {
      var button = details.querySelector("button.copy");
      var text = details.querySelector(".cite-text");
      var row = details.closest(".row");
      if (!button || !text || !row || !navigator.clipboard) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        var permalink = new URL("#" + row.id, location.href).href;
        var citation = text.textContent.replace(/\S+\.html#\S+?\.?$/, permalink + ".");
        navigator.clipboard.writeText(citation).then(function () {
          button.setAttribute("data-copied", "true");
          button.textContent = button.getAttribute("data-done") || "✓";
        });
      });
    });
  });
})();
