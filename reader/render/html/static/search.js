/* Soviet–Turkish Relations Reader: the search page (search.html).
   Pagefind holds one bundle per language (records made by reader/render/html/search.py);
   this script matches the way reader/search/ does (docs/search.md): it folds the
   query (case, diacritics, Turkish ı), adds the Turkish roots of its words, and where
   a run of its words is a name in the authority file, searches each other name of
   that entity too (in the languages of that name). Each word of each variant is asked
   of Pagefind alone (answers kept for the page's life); a record must hold every word
   of a variant; the hits of all variants are merged and ranked as lib.search ranks
   them: entries of a word or two (a keyword, a signature) after passages in context.
   Only the answer to the latest query is ever shown.
   Strings come from the page (data-msg-*), translated with Babel. */
(function () {
  "use strict";

  var PAGE = 20;
  var SNIPPET = 320;
  var LANGS = ["en", "tr", "ru"];  /* reader/corpus.py: LANGUAGES */
  var WEIGHT_NAME = 0.6;
  var WEIGHT_ROOT = 0.8;
  /* reader/search/records.py: CONTEXT_WORDS, context_weight. */
  var CONTEXT_WORDS = 8;
  var CHUNK = 64;  /* reader/render/html/search.py: records per search-data file */
  function contextWeight(words) {
    return 1 + 3 * (Math.min(Math.max(words, 1), CONTEXT_WORDS) - 1) / (CONTEXT_WORDS - 1);
  }
  var WORD_CACHE = 400;  /* Pagefind answers to single words kept per page */
  /* Pagefind (1.5) also searches metadata: ours is only the record's number (what a
     hit shows is in search-data/). Weight 0 gives a record matched only there a score
     of 0, and such records are left out. */
  var META = ["n"];
  var RANKING = { metaWeights: {} };
  META.forEach(function (key) { RANKING.metaWeights[key] = 0; });

  /* Keep in step with reader/search.py: fold, tokens, TR_SUFFIXES, tr_root. */
  var TR_SUFFIXES = ("ler lar si su nin nun in un ni nu na ne nda nde ndan nden " +
    "den dan ten tan de da te ta ki yle yla le la ye ya yi yu e a i u").split(" ")
    .sort(function (a, b) { return b.length - a.length || (a < b ? -1 : a > b ? 1 : 0); });
  var TR_FINAL = { b: "p", d: "t", g: "k" };
  /* reader/search/analysis.py NAME_STOP_WORDS: left out of the other names a query runs. */
  var NAME_STOP_WORDS = "a an and for in of on the to ve ile и в на по о с".split(" ");

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
  /* What the script mirrors of the Python side, read back by the browser tests
     (tests/render/html/test_search_browser.py), so the copies cannot drift apart. */
  window.readerSearch = {
    fold: fold, trRoot: trRoot, tokens: tokens, nameStopWords: NAME_STOP_WORDS,
    langs: LANGS, trSuffixes: TR_SUFFIXES, contextWords: CONTEXT_WORDS, chunk: CHUNK
  };

  var form = document.getElementById("search-form");
  if (!form) return;
  var input = document.getElementById("search-query");
  var statusLine = document.getElementById("search-status");
  var namesLine = document.getElementById("search-names");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var ui = form.getAttribute("data-ui");
  var root = form.getAttribute("data-root");
  var pageUi = form.getAttribute("data-page-ui") || "";

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
     merged index with the page language's stemmer: see docs/search.md.) With it, the
     records shorter than a passage in context, by their number of words (filter
     "words"), to rank them as lib.search does. */
  function instance(lang) {
    if (!instances[lang]) {
      instances[lang] = (async function () {
        var url = new URL(form.getAttribute("data-bundle") + lang + "/pagefind.js", document.baseURI).href;
        var module = await import(url);
        await module.options({ excerptLength: 0, ranking: RANKING });
        await module.init();
        var short = {};
        var counts = [];
        for (var n = 1; n < CONTEXT_WORDS; n++) counts.push(n);
        await Promise.all(counts.map(async function (n) {
          var answer = await module.search(null, { filters: { words: String(n) } });
          ((answer && answer.results) || []).forEach(function (r) { short[r.id] = n; });
        }));
        return { module: module, short: short, words: new Map() };
      })();
    }
    return instances[lang];
  }
  var texts = null;
  var chunks = {};
  async function getJson(url, fallback) {
    try {
      var response = await fetch(new URL(url, document.baseURI).href);
      return response.ok ? await response.json() : fallback;
    } catch (e) {
      return fallback;
    }
  }
  function loadTexts() {
    if (!texts) texts = getJson(form.getAttribute("data-texts"), {});
    return texts;
  }
  /* What a hit shows beside its text: ref, language, label, heading, aligned versions,
     marks (search-data/LANG/K.json, CHUNK records a file, fetched once). */
  function display(lang, n) {
    var file = lang + "/" + Math.floor(n / CHUNK) + ".json";
    if (!chunks[file]) chunks[file] = getJson(form.getAttribute("data-data") + file, []);
    return chunks[file].then(function (entries) { return entries[n % CHUNK] || null; });
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

  /* Each way the query can match: {words: folded words, weight, root, langs: where it
     runs (null: everywhere)}. */
  function variants(query, table) {
    var words = tokens(query).map(function (t) { return t.w; });
    var bases = [{ words: words, weight: 1, langs: null }];
    var span = nameSpan(words, table);
    var expanded = [];
    if (span) {
      var seen = {};
      seen[words.map(fold).join(" ")] = true;
      span.entities.slice().sort(function (a, b) { return table.ids[a] < table.ids[b] ? -1 : 1; })
        .forEach(function (entity) {
          table.entities[entity].forEach(function (entry) {
            var name = entry[0];
            var langs = entry[1].split(" ").filter(function (l) { return LANGS.indexOf(l) !== -1; });
            var nameWords = tokens(name).map(function (t) { return t.w; });
            var kept = nameWords.filter(function (w) { return NAME_STOP_WORDS.indexOf(fold(w)) === -1; });
            if (kept.length) nameWords = kept;
            var replaced = words.slice(0, span.start).concat(nameWords, words.slice(span.end));
            var key = replaced.map(fold).join(" ");
            if (seen[key]) return;
            seen[key] = true;
            bases.push({ words: replaced, weight: WEIGHT_NAME, langs: langs.length ? langs : null });
            expanded.push(name);
          });
        });
    }
    var out = {};
    bases.forEach(function (base) {
      var folded = base.words.map(fold);
      var forms = [[folded, base.weight, false], [folded.map(trRoot), base.weight * WEIGHT_ROOT, true]];
      forms.forEach(function (form) {
        var q = form[0].join(" ") + "|" + (base.langs ? base.langs.join(" ") : "");
        if (form[0].length && (!out[q] || out[q].weight < form[1])) {
          out[q] = { weight: form[1], words: form[0], root: form[2], langs: base.langs };
        }
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
     it, or the names of the entities it marks (as reader/search/ matches). */
  function genuine(data, word, lang) {
    if (!data.folded) data.folded = tokens(data.content || "").map(function (t) { return fold(t.w); });
    return data.folded.some(function (m) { return sameWord(m, word, lang); });
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

  /* The reader page of a hit: its language first; the interface in the reader's
     language (data-page-ui names such pages, VIEW.UI.html), beside it where the
     text has that language. */
  function hrefOf(meta) {
    var langs = meta.langs;
    var url = meta.url;
    var hash = url.indexOf("#");
    var page = url.slice(url.lastIndexOf("/") + 1, hash);
    var view = page.replace(/\.html$/, "").split("-");
    if (ui !== meta.lang && langs.indexOf(ui) !== -1 && langs.indexOf(meta.lang) !== -1) {
      view = [meta.lang, ui];
    }
    var file = view.join("-") + ".html";
    if (pageUi && ui !== view[0] && view.length === 2) {
      file = pageUi.split("{first}").join(view[0]).split("{second}").join(view[1]).split("{ui}").join(ui);
    }
    return root + meta.text_id + "/" + file + "#" + meta.item;
  }
  function labelOf(meta) {
    var parts = meta.label || [];
    if (!parts.length) return meta.item;
    var label = message("label-" + parts[0], { n: parts[1] }).trim() || (parts[1] || meta.item);
    return parts[2] ? message("label-sentence", { label: label, s: parts[2] }) : label;
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
  function renderHit(meta, words) {
    var titles = meta.titles;
    var aligned = meta.aligned;
    var marks = meta.marks;
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
    ref.setAttribute("title", meta.ref);
    ref.textContent = labelOf(meta);
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

  /* The records of one index that hold a word: Pagefind's answer to that word alone,
     kept for the page's life (a few hundred words). Pagefind answers a word it does not
     hold with words that begin it, for every record alike; so if the best record does
     not really hold the word, none does. */
  function wordHits(bundle, lang, word) {
    var cached = bundle.words.get(word);
    if (cached) return cached;
    var promise = (async function () {
      var answer = await bundle.module.search(word);
      var results = ((answer && answer.results) || []).filter(function (r) { return r.score > 0; });
      if (!results.length || !genuine(await results[0].data(), word, lang)) return {};
      var byId = {};
      results.forEach(function (r) { byId[r.id] = r; });
      return byId;
    })();
    bundle.words.set(word, promise);
    if (bundle.words.size > WORD_CACHE) bundle.words.delete(bundle.words.keys().next().value);
    return promise;
  }

  /* Records holding every word of a variant (Pagefind ranks, but does not require,
     every word of a longer query), scored by the sum of the words' scores, times the
     weight of the variant and of the record (entries of a word or two weigh less). */
  async function variantHits(bundle, lang, variant) {
    var sets = await Promise.all(variant.words.map(function (w) { return wordHits(bundle, lang, w); }));
    var found = [];
    Object.keys(sets[0] || {}).forEach(function (id) {
      var score = 0;
      for (var i = 0; i < sets.length; i++) {
        if (!sets[i][id]) return;
        score += sets[i][id].score;
      }
      var words = bundle.short[id] || CONTEXT_WORDS;
      found.push({ result: sets[0][id], lang: lang, score: score * variant.weight * contextWeight(words) });
    });
    return found;
  }

  /* The query being answered: every step after a wait checks it is still the latest,
     so an earlier query's answer (or its "More results") never reaches the list. */
  var current = null;

  /* Everything a hit shows, from search-data/ and search-texts.json (Pagefind's
     fragment holds the indexed content, whose spacing it does not keep). */
  async function hitMeta(hit) {
    var data = await hit.result.data();
    var entry = await display(hit.lang, Number(data.meta.n));
    var all = await loadTexts();
    if (!entry) return null;
    var ref = entry.ref;
    var textId = ref.slice(0, ref.indexOf(":"));
    var text = all[textId] || { langs: [], titles: {} };
    return {
      ref: ref, text_id: textId, item: ref.slice(ref.indexOf(":") + 1), lang: entry.lang,
      url: entry.url, heading: entry.heading, label: entry.label, aligned: entry.aligned,
      marks: entry.marks, langs: text.langs, titles: text.titles, text: entry.text
    };
  }
  function showMore(state) {
    if (state !== current) return Promise.resolve();
    var batch = state.pending.splice(0, PAGE);
    list.setAttribute("aria-busy", "true");
    return Promise.all(batch.map(hitMeta)).then(function (metas) {
      if (state !== current) return;
      metas.forEach(function (meta) { if (meta) list.appendChild(renderHit(meta, state.words)); });
      more.hidden = state.pending.length === 0;
      list.setAttribute("aria-busy", "false");
    });
  }

  async function search(query, scope) {
    var state = { query: query, scope: scope, pending: [], words: [] };
    current = state;
    var started = performance.now();
    list.textContent = "";
    list.setAttribute("aria-busy", "true");
    list.removeAttribute("data-query");
    namesLine.hidden = true;
    more.hidden = true;
    if (!query.trim()) {
      statusLine.textContent = "";
      list.setAttribute("aria-busy", "false");
      return;
    }
    var langs = scope === "all" ? LANGS : [ui];
    statusLine.textContent = message(instances[langs[0]] ? "searching" : "loading");
    var bundles, table;
    try {
      bundles = await Promise.all(langs.map(instance));
      table = await loadNames();
    } catch (e) {
      if (state !== current) return;
      statusLine.textContent = message("error");
      list.setAttribute("aria-busy", "false");
      return;
    }
    if (state !== current) return;
    var loaded = performance.now();
    var found = variants(query, table);
    var jobs = [];
    langs.forEach(function (lang, n) {
      found.list.forEach(function (v) {
        if (v.root && lang !== "tr") return;  /* Turkish roots are only in the Turkish index */
        if (v.langs && v.langs.indexOf(lang) === -1) return;  /* a name runs in its languages */
        jobs.push({ lang: lang, hits: variantHits(bundles[n], lang, v) });
      });
    });
    var answers = await Promise.all(jobs.map(function (job) { return job.hits; }));
    if (state !== current) return;
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
    state.pending = hits;
    found.list.forEach(function (v) {
      v.words.forEach(function (w) { if (state.words.indexOf(w) === -1) state.words.push(w); });
    });
    if (found.expanded.length) {
      namesLine.textContent = message("names") + " " + found.expanded.join(", ");
      namesLine.hidden = false;
    }
    await showMore(state);
    if (state !== current) return;
    statusLine.textContent = total ? message("found", { n: String(total) }) +
      (total > PAGE ? " " + message("shown", { shown: String(Math.min(PAGE, total)), n: String(total) }) : "") :
      message("none");
    list.setAttribute("data-load-ms", (loaded - started).toFixed(1));
    list.setAttribute("data-search-ms", (searched - loaded).toFixed(1));
    list.setAttribute("data-shown-ms", (performance.now() - started).toFixed(1));
    list.setAttribute("data-variants", String(found.list.length));
    list.setAttribute("data-searches", String(jobs.length));
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

  /* While the reader types, Pagefind fetches the index chunks of the words so far
     (its own preload), so that the search after the pause finds them loaded. */
  function preload() {
    if (!names) return;
    var langs = scope() === "all" ? LANGS : [ui];
    var found = variants(input.value, names);
    langs.forEach(function (lang) {
      if (!instances[lang]) return;
      instances[lang].then(function (bundle) {
        found.list.forEach(function (v) {
          if (v.langs && v.langs.indexOf(lang) === -1) return;
          if (v.root && lang !== "tr") return;
          v.words.forEach(function (w) { if (!bundle.words.has(w)) bundle.module.preload(w); });
        });
      }, function () {});
    });
  }

  var timer = null;
  form.addEventListener("submit", function (event) { event.preventDefault(); clearTimeout(timer); run(); });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 250);
    preload();
  });
  Array.prototype.forEach.call(form.querySelectorAll('input[name="scope"]'), function (radio) {
    radio.addEventListener("change", function () {
      if (radio.value === "all") LANGS.forEach(instance);
      if (input.value) run();
    });
  });
  more.addEventListener("click", function () { if (current) showMore(current); });

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
  /* Ready before the first word is typed: this language's bundle and the names now,
     the other languages' bundles when the page is idle. */
  Promise.all([instance(ui), loadNames(), loadTexts()]).then(function () {
    form.setAttribute("data-ready", "true");
  }, function () {});
  var later = window.requestIdleCallback || function (f) { return setTimeout(f, 500); };
  later(function () { LANGS.forEach(function (lang) { instance(lang).catch(function () {}); }); });
})();
