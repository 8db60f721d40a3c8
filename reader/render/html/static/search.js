/* Soviet–Turkish Relations Reader: the search page (search.html).
   Pagefind holds one bundle per language (records made by reader/render/search.py);
   this script matches the way reader/search.py does (docs/search.md): it folds the
   query (case, diacritics, Turkish ı), adds the Turkish roots of its words, and where
   a run of its words is a name in the authority file, searches each other name of
   that entity too. Each word of each variant is asked of Pagefind alone; a record
   must hold every word of a variant; the hits of all variants are merged.
   Strings come from the page (data-msg-*), translated with Babel. */
(function () {
  "use strict";

  var PAGE = 20;
  var SNIPPET = 320;
  var LANGS = ["en", "tr", "ru"];
  var WEIGHT_NAME = 0.6;
  var WEIGHT_ROOT = 0.8;
  /* Pagefind (1.5) also searches metadata; ours is for display only (the aligned
     versions would make a Turkish passage match English words). Weight 0 gives a
     record matched only there a score of 0, and such records are left out. */
  var META = ["heading", "ref", "text_id", "item", "lang", "url", "langs", "text", "titles", "aligned", "marks"];
  var RANKING = { metaWeights: {} };
  META.forEach(function (key) { RANKING.metaWeights[key] = 0; });

  /* Keep in step with reader/search.py: fold, tokens, TR_SUFFIXES, tr_root. */
  var TR_SUFFIXES = ("ler lar si su nin nun in un ni nu na ne nda nde ndan nden " +
    "den dan ten tan de da te ta ki yle yla le la ye ya yi yu e a i u").split(" ")
    .sort(function (a, b) { return b.length - a.length || (a < b ? -1 : a > b ? 1 : 0); });
  var TR_FINAL = { b: "p", d: "t", g: "k" };

  function fold(text) {
    return text.toLowerCase().replace(/ı/g, "i").normalize("NFKD").replace(/\p{M}/gu, "");
  }
  function tokens(text) {
    var found = [];
    var re = /(?:(?![\u02b9-\u02bc])[\p{L}\p{N}_\u0300-\u036f])+/gu;
    var m;
    while ((m = re.exec(text)) !== null) found.push({ w: m[0], start: m.index, end: m.index + m[0].length });
    return found;
  }
  function trRoot(folded) {
    var word = folded;
    if (!/^[a-z]+$/.test(word)) return word;
    var stripped = true;
    while (stripped) {
      stripped = false;
      for (var i = 0; i < TR_SUFFIXES.length; i++) {
        var suffix = TR_SUFFIXES[i];
        var rest = word.slice(0, word.length - suffix.length);
        if (word.length > suffix.length && word.slice(-suffix.length) === suffix &&
            rest.length >= 4 && /[aeiou]/.test(rest)) {
          word = rest;
          stripped = true;
          break;
        }
      }
    }
    var last = word.charAt(word.length - 1);
    if (TR_FINAL[last]) word = word.slice(0, -1) + TR_FINAL[last];
    return word;
  }
  /* For tests: the same functions as the Python side. */
  window.readerSearch = { fold: fold, trRoot: trRoot, tokens: tokens };

  var form = document.getElementById("search-form");
  if (!form) return;
  var input = document.getElementById("search-query");
  var statusLine = document.getElementById("search-status");
  var namesLine = document.getElementById("search-names");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var ui = form.getAttribute("data-ui");
  var root = form.getAttribute("data-root");

  function message(name, values) {
    var text = form.getAttribute("data-msg-" + name) || "";
    Object.keys(values || {}).forEach(function (key) { text = text.split("{" + key + "}").join(values[key]); });
    return text;
  }
  function languageName(code) { return form.getAttribute("data-lang-" + code) || code; }

  /* ---------------------------------------------------------------- loading */

  var instances = {};
  var names = null;

  /* One Pagefind bundle per language (pagefind/en/, pagefind/tr/, pagefind/ru/), each
     imported from its own URL, so each is its own module and searches with its own
     language's WebAssembly and stemmer. (Pagefind's mergeIndex would search every
     merged index with the page language's stemmer: see docs/search.md.) */
  function instance(lang) {
    if (!instances[lang]) {
      instances[lang] = (async function () {
        var url = new URL(form.getAttribute("data-bundle") + lang + "/pagefind.js", document.baseURI).href;
        var module = await import(url);
        await module.options({ excerptLength: 0, ranking: RANKING });
        await module.init();
        return module;
      })();
    }
    return instances[lang];
  }
  async function loadNames() {
    if (names) return names;
    try {
      var response = await fetch(new URL(form.getAttribute("data-names"), document.baseURI).href);
      names = response.ok ? await response.json() : { ids: [], entities: [], names: {} };
    } catch (e) {
      names = { ids: [], entities: [], names: {} };
    }
    return names;
  }

  /* --------------------------------------------------------------- variants */

  function nameSpan(words, table) {
    var folded = words.map(fold);
    for (var length = folded.length; length > 0; length--) {
      for (var start = 0; start + length <= folded.length; start++) {
        var found = table.names[folded.slice(start, start + length).join(" ")];
        if (found) return { start: start, end: start + length, entities: found };
      }
    }
    return null;
  }

  /* Each way the query can match: {q: what Pagefind is asked, weight, words: folded words}. */
  function variants(query, table) {
    var words = tokens(query).map(function (t) { return t.w; });
    var bases = [{ words: words, weight: 1, name: null }];
    var span = nameSpan(words, table);
    var expanded = [];
    if (span) {
      var seen = {};
      seen[words.map(fold).join(" ")] = true;
      span.entities.slice().sort(function (a, b) { return table.ids[a] < table.ids[b] ? -1 : 1; })
        .forEach(function (entity) {
          table.entities[entity].forEach(function (name) {
            var nameWords = tokens(name).map(function (t) { return t.w; });
            var replaced = words.slice(0, span.start).concat(nameWords, words.slice(span.end));
            var key = replaced.map(fold).join(" ");
            if (seen[key]) return;
            seen[key] = true;
            bases.push({ words: replaced, weight: WEIGHT_NAME, name: name });
            expanded.push(name);
          });
        });
    }
    var out = {};
    bases.forEach(function (base) {
      var folded = base.words.map(fold);
      var forms = [[folded, base.weight, false], [folded.map(trRoot), base.weight * WEIGHT_ROOT, true]];
      forms.forEach(function (form) {
        var q = form[0].join(" ");
        if (q && (!out[q] || out[q].weight < form[1])) out[q] = { q: q, weight: form[1], words: form[0], root: form[2] };
      });
    });
    return { list: Object.keys(out).map(function (k) { return out[k]; }), expanded: expanded };
  }

  /* ------------------------------------------------------------ highlighting */

  /* Two folded words are the same word, inflection aside: equal, or sharing a long
     start (a stem), or, in Turkish, the same root. */
  function sameWord(a, b, lang) {
    if (a === b) return true;
    var n = 0;
    while (n < a.length && n < b.length && a.charAt(n) === b.charAt(n)) n++;
    if (n >= 4 && n >= Math.min(a.length, b.length) - 2) return true;
    return lang === "tr" && trRoot(a) === trRoot(b) && trRoot(a).length >= 4;
  }

  /* Pagefind answers a word it does not hold with the words it holds that begin that
     word ("ılgaz" finds "Misak-ı", "ilgaz" finds "ile"). A record holds a query word if
     a word of it meets the query word: its text, the folded forms and roots added to
     it, or the names of the entities it marks (as reader/search.py matches). */
  function genuine(result, data, words, lang) {
    if (!data.folded) data.folded = tokens(data.content || "").map(function (t) { return fold(t.w); });
    return words.every(function (q) {
      return data.folded.some(function (m) { return sameWord(m, q, lang); });
    });
  }
  function marksIn(text, lang, words, marks) {
    var spans = [];
    tokens(text).forEach(function (t) {
      var f = fold(t.w);
      var root = lang === "tr" ? trRoot(f) : null;
      for (var i = 0; i < words.length; i++) {
        if (sameWord(f, words[i], lang) || (root && root.length >= 4 && root === trRoot(words[i]))) {
          spans.push([t.start, t.end]);
          break;
        }
      }
    });
    (marks || []).forEach(function (mark) {
      var keys = mark[1].split(" ");
      if (!words.some(function (w) { return keys.indexOf(w) !== -1; })) return;
      var at = text.indexOf(mark[0]);
      if (at >= 0 && mark[0]) spans.push([at, at + mark[0].length]);
    });
    spans.sort(function (a, b) { return a[0] - b[0]; });
    var mergedSpans = [];
    spans.forEach(function (s) {
      var last = mergedSpans[mergedSpans.length - 1];
      if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
      else mergedSpans.push([s[0], s[1]]);
    });
    return mergedSpans;
  }
  function fillText(element, text, spans) {
    var begin = 0;
    var end = text.length;
    if (text.length > SNIPPET) {
      var first = spans.length ? spans[0][0] : 0;
      begin = Math.max(0, first - Math.floor(SNIPPET / 3));
      if (begin) { var space = text.lastIndexOf(" ", begin); begin = space >= 0 && begin - space < 20 ? space + 1 : begin; }
      end = Math.min(text.length, begin + SNIPPET);
      if (end < text.length) { var next = text.indexOf(" ", end); end = next >= 0 && next - end < 20 ? next : end; }
    }
    if (begin) element.appendChild(document.createTextNode("…"));
    var at = begin;
    spans.forEach(function (s) {
      if (s[0] < at || s[0] >= end) return;
      element.appendChild(document.createTextNode(text.slice(at, s[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(s[0], Math.min(s[1], end));
      element.appendChild(mark);
      at = Math.min(s[1], end);
    });
    element.appendChild(document.createTextNode(text.slice(at, end)));
    if (end < text.length) element.appendChild(document.createTextNode("…"));
  }

  /* ---------------------------------------------------------------- results */

  function hrefOf(meta) {
    var langs = (meta.langs || "").split(" ");
    var url = meta.url;
    if (ui !== meta.lang && langs.indexOf(ui) !== -1 && langs.indexOf(meta.lang) !== -1) {
      url = meta.text_id + "/" + meta.lang + "-" + ui + ".html#" + meta.item;
    }
    return root + url;
  }
  function cell(className, lang, text, words, marks) {
    var div = document.createElement("div");
    div.className = "hit-cell " + className;
    div.setAttribute("lang", lang);
    var label = document.createElement("p");
    label.className = "hit-cell-lang";
    label.setAttribute("lang", ui);
    label.textContent = languageName(lang);
    var body = document.createElement("p");
    body.className = "hit-text";
    fillText(body, text, marksIn(text, lang, words, marks));
    div.appendChild(label);
    div.appendChild(body);
    return div;
  }
  function renderHit(data, words) {
    var meta = data.meta;
    var titles = JSON.parse(meta.titles || "{}");
    var aligned = JSON.parse(meta.aligned || "[]");
    var marks = JSON.parse(meta.marks || "[]");
    var li = document.createElement("li");
    li.className = "hit";
    li.setAttribute("data-ref", meta.ref);
    li.setAttribute("data-lang", meta.lang);
    var head = document.createElement("p");
    head.className = "hit-head";
    var link = document.createElement("a");
    link.className = "hit-link";
    link.href = hrefOf(meta);
    var title = titles[ui] ? ui : meta.lang;
    link.setAttribute("lang", title);
    link.textContent = titles[ui] || meta.heading;
    var ref = document.createElement("span");
    ref.className = "hit-ref";
    ref.textContent = meta.item;
    head.appendChild(link);
    head.appendChild(document.createTextNode(" "));
    head.appendChild(ref);
    li.appendChild(head);
    var row = document.createElement("div");
    row.className = "hit-row cols-" + (1 + aligned.length);
    row.appendChild(cell("hit-main", meta.lang, meta.text, words, marks));
    aligned.forEach(function (version) { row.appendChild(cell("hit-aligned", version[0], version[1], words, [])); });
    li.appendChild(row);
    return li;
  }

  var current = 0;
  var pending = [];
  var pendingWords = [];

  /* The records of one index that hold a word: Pagefind's answer to that word alone.
     Pagefind answers a word it does not hold with words that begin it, for every
     record alike; so if the best record does not really hold the word, none does. */
  async function wordHits(module, lang, word, cache) {
    var key = lang + " " + word;
    if (!cache[key]) {
      cache[key] = (async function () {
        var answer = await module.search(word);
        var results = ((answer && answer.results) || []).filter(function (r) { return r.score > 0; });
        if (!results.length) return {};
        if (!genuine(results[0], await results[0].data(), [word], lang)) return {};
        var byId = {};
        results.forEach(function (r) { byId[r.id] = r; });
        return byId;
      })();
    }
    return cache[key];
  }

  /* Records holding every word of a variant (Pagefind ranks, but does not require,
     every word of a longer query), scored by the sum of the words' scores. */
  async function variantHits(module, lang, variant, cache) {
    var sets = await Promise.all(variant.words.map(function (w) { return wordHits(module, lang, w, cache); }));
    var found = [];
    Object.keys(sets[0] || {}).forEach(function (id) {
      var score = 0;
      for (var i = 0; i < sets.length; i++) {
        if (!sets[i][id]) return;
        score += sets[i][id].score;
      }
      found.push({ result: sets[0][id], score: score * variant.weight });
    });
    return found;
  }

  function showMore() {
    var batch = pending.splice(0, PAGE);
    list.setAttribute("aria-busy", "true");
    return Promise.all(batch.map(function (hit) { return hit.result.data(); })).then(function (datas) {
      datas.forEach(function (data) { list.appendChild(renderHit(data, pendingWords)); });
      more.hidden = pending.length === 0;
      list.setAttribute("aria-busy", "false");
    });
  }

  async function search(query, scope) {
    var id = ++current;
    var started = performance.now();
    list.textContent = "";
    list.setAttribute("aria-busy", "true");
    namesLine.hidden = true;
    more.hidden = true;
    if (!query.trim()) { statusLine.textContent = ""; list.setAttribute("aria-busy", "false"); return; }
    var langs = scope === "all" ? LANGS : [ui];
    statusLine.textContent = message(instances[langs[0]] ? "searching" : "loading");
    var modules, table;
    try {
      modules = await Promise.all(langs.map(instance));
      table = await loadNames();
    } catch (e) {
      statusLine.textContent = message("error");
      list.setAttribute("aria-busy", "false");
      return;
    }
    var loaded = performance.now();
    var found = variants(query, table);
    var cache = {};
    var jobs = [];
    langs.forEach(function (lang, n) {
      found.list.forEach(function (v) {
        if (v.root && lang !== "tr") return;  /* Turkish roots are only in the Turkish index */
        jobs.push({ lang: lang, hits: variantHits(modules[n], lang, v, cache) });
      });
    });
    var answers = await Promise.all(jobs.map(function (job) { return job.hits; }));
    if (id !== current) return;
    var best = {};
    answers.forEach(function (hits, i) {
      hits.forEach(function (hit) {
        var key = jobs[i].lang + ":" + hit.result.id;
        if (!best[key] || best[key].score < hit.score) best[key] = hit;
      });
    });
    var hits = Object.keys(best).map(function (k) { return best[k]; });
    hits.sort(function (a, b) { return b.score - a.score; });
    var searched = performance.now();
    var total = hits.length;
    pending = hits;
    pendingWords = [];
    found.list.forEach(function (v) { v.words.forEach(function (w) { if (pendingWords.indexOf(w) === -1) pendingWords.push(w); }); });
    if (found.expanded.length) {
      namesLine.textContent = message("names") + " " + found.expanded.join(", ");
      namesLine.hidden = false;
    }
    await showMore();
    if (id !== current) return;
    statusLine.textContent = total ? message("found", { n: String(total) }) +
      (total > PAGE ? " " + message("shown", { shown: String(Math.min(PAGE, total)), n: String(total) }) : "") :
      message("none");
    list.setAttribute("data-load-ms", (loaded - started).toFixed(1));
    list.setAttribute("data-search-ms", (searched - loaded).toFixed(1));
    list.setAttribute("data-shown-ms", (performance.now() - started).toFixed(1));
    list.setAttribute("data-variants", String(found.list.length));
    list.setAttribute("data-searches", String(Object.keys(cache).length));
    list.setAttribute("data-query", query);
    list.setAttribute("data-scope", scope);
    list.setAttribute("data-count", String(total));
  }

  function scope() {
    var checked = form.querySelector('input[name="scope"]:checked');
    return checked ? checked.value : "ui";
  }
  function run() {
    var query = input.value;
    var params = new URLSearchParams();
    if (query) params.set("q", query);
    if (scope() === "all") params.set("scope", "all");
    var search_ = params.toString();
    history.replaceState(null, "", search_ ? "?" + search_ : location.pathname);
    return search(query, scope());
  }

  var timer = null;
  form.addEventListener("submit", function (event) { event.preventDefault(); clearTimeout(timer); run(); });
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 250); });
  Array.prototype.forEach.call(form.querySelectorAll('input[name="scope"]'), function (radio) {
    radio.addEventListener("change", function () { if (input.value) run(); });
  });
  more.addEventListener("click", showMore);

  var hint = document.getElementById("search-needs-js");
  if (hint) hint.hidden = true;
  var params = new URLSearchParams(location.search);
  if (params.get("scope") === "all") {
    var all = form.querySelector('input[name="scope"][value="all"]');
    if (all) all.checked = true;
  }
  if (params.get("q")) {
    input.value = params.get("q");
    run();
  }
})();
