// Search on the search page (docs/search.md). The generator writes, per language, a meta
// file, term shards and one fragment per page, all gzip-compressed JSON; this script loads
// the meta file, then only the shards the query's words fall in, ranks the pages, and loads
// the fragments of the results it shows. The tokenising rules mirror
// generator/search/tokenizer.cpp exactly: change both or neither.
(function () {
  "use strict";

  // ---- words ---------------------------------------------------------------------------

  // Unicode property escapes: a browser without them cannot search (see `supported`).
  var IDEOGRAPH = null, WORD_CHAR = null, NONSPACING = null;
  try {
    IDEOGRAPH = new RegExp("[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}]", "u");
    WORD_CHAR = new RegExp("[\\p{L}\\p{M}\\p{N}]", "u");
    NONSPACING = new RegExp("\\p{Mn}", "gu");
  } catch (e) { /* an old browser */ }
  var TONES = /[\u0300\u0301\u0303\u0309\u0323]/g;  // grave, acute, tilde, hook above, dot below

  function hasVowel(s) { return /[aeiouy]/.test(s); }

  function undouble(w) {
    var n = w.length;
    if (n >= 2 && w[n - 1] === w[n - 2] && !hasVowel(w[n - 1]) && "lsz".indexOf(w[n - 1]) < 0)
      return w.slice(0, -1);
    return w;
  }

  function endsWith(w, tail) { return w.length >= tail.length && w.slice(w.length - tail.length) === tail; }

  function stemEnglish(w) {
    if (w.length <= 3) return w;
    if (endsWith(w, "ies") && w.length > 4) {
      w = w.slice(0, -3) + "y";
    } else if (endsWith(w, "sses")) {
      w = w.slice(0, -2);
    } else if (endsWith(w, "es") && /(s|x|z|ch|sh)$/.test(w.slice(0, -2))) {
      w = w.slice(0, -2);
    } else if (endsWith(w, "s") && !endsWith(w, "ss") && !endsWith(w, "us") && !endsWith(w, "is")) {
      w = w.slice(0, -1);
    }
    if (endsWith(w, "ied") && w.length > 4) {
      w = w.slice(0, -3) + "y";
    } else if (endsWith(w, "eed")) {
      w = w.slice(0, -1);
    } else if (endsWith(w, "ed") && w.length >= 5 && hasVowel(w.slice(0, -2))) {
      w = undouble(w.slice(0, -2));
    } else if (endsWith(w, "ing") && w.length >= 6 && hasVowel(w.slice(0, -3))) {
      w = undouble(w.slice(0, -3));
    }
    if (w.length > 3 && w[w.length - 1] === "e") w = w.slice(0, -1);
    return w;
  }

  function unmarked(word) {
    return word.toLowerCase().normalize("NFD").replace(NONSPACING, "").replace(/đ/g, "d").normalize("NFC");
  }

  function plainForm(word, stem) {
    var p = unmarked(word);
    if (stem === "english" && /^[a-z]+$/.test(p)) p = stemEnglish(p);
    return p;
  }

  function variantForm(word) {
    var tones = "";
    var rest = word.toLowerCase().normalize("NFD").replace(TONES, function (m) { tones += m; return ""; });
    return rest.normalize("NFC") + tones;
  }

  /// Tokens of `text`: {p: plain, v: variant, b, e: UTF-16 range, ideo, unigram, solo}.
  function tokenize(text, stem) {
    var out = [];
    var run = [];
    var wordStart = -1;
    function flushRun(end) {
      if (!run.length) return;
      for (var k = 0; k + 1 < run.length; k++) {
        var e = k + 2 < run.length ? run[k + 2] : end;
        var bigram = text.slice(run[k], e);
        out.push({ p: bigram, v: bigram, b: run[k], e: e, ideo: true });
      }
      var last = text.slice(run[run.length - 1], end);
      out.push({ p: last, v: last, b: run[run.length - 1], e: end, ideo: true, unigram: true, solo: run.length === 1 });
      run = [];
    }
    function flushWord(end) {
      if (wordStart < 0) return;
      var word = text.slice(wordStart, end);
      var p = plainForm(word, stem);
      if (p) out.push({ p: p, v: variantForm(word), b: wordStart, e: end, ideo: false });
      wordStart = -1;
    }
    for (var i = 0; i < text.length;) {
      var cp = text.codePointAt(i);
      var len = cp > 0xffff ? 2 : 1;
      var ch = text.slice(i, i + len);
      if (IDEOGRAPH.test(ch)) {
        flushWord(i);
        run.push(i);
      } else if (WORD_CHAR.test(ch)) {
        flushRun(i);
        if (wordStart < 0) wordStart = i;
      } else {
        flushWord(i);
        flushRun(i);
      }
      i += len;
    }
    flushWord(text.length);
    flushRun(text.length);
    return out;
  }

  // Under Node (tests/e2e/tokens.cjs, which checks these rules against the generator's),
  // the word functions are all this file is.
  if (typeof module === "object" && module && module.exports && typeof document === "undefined") {
    module.exports = { tokenize: tokenize, plainForm: plainForm, variantForm: variantForm, stemEnglish: stemEnglish };
    return;
  }

  var form = document.querySelector("form[data-search-index]");
  if (!form) return;
  var input = form.querySelector("input[name=q]");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var moreButton = document.getElementById("search-more");
  var lang = form.getAttribute("data-search-lang") || document.documentElement.lang;
  var metaUrl = form.getAttribute("data-search-index");
  var base = metaUrl.slice(0, metaUrl.lastIndexOf("/") + 1);
  var strings = {};
  try {
    strings = JSON.parse(form.getAttribute("data-search-strings") || "{}");
  } catch (e) { /* keep the empty table */ }

  var PAGE = 10;               // results shown at a time
  var MAX_EXPANSIONS = 400;    // words a prefix may stand for
  var PHRASE_CHECKS = 60;      // pages read to check a phrase, per "Show more results"
  var K1 = 1.2, B = 0.75;      // BM25

  // ---- messages ------------------------------------------------------------------------

  var numberFormat = typeof Intl !== "undefined" ? new Intl.NumberFormat(lang) : null;
  var pluralRules = typeof Intl !== "undefined" && Intl.PluralRules ? new Intl.PluralRules(lang) : null;

  function message(key, count, query) {
    var s = strings[key];
    if (s && typeof s === "object") s = s[pluralRules ? pluralRules.select(count || 0) : "other"] || s.other;
    s = String(s || "");
    return s.replace("{count}", numberFormat ? numberFormat.format(count || 0) : String(count || 0))
            .replace("{query}", query || "");
  }

  function say(text) { status.textContent = text; }

  // ---- what the browser must offer -----------------------------------------------------

  var supported = !!IDEOGRAPH && typeof fetch === "function" &&
    typeof DecompressionStream === "function" && typeof "".normalize === "function" &&
    typeof Map === "function";

  // ---- the query -----------------------------------------------------------------------

  /// Terms to look up, and phrases to check: `"bản giốc" bien*` → one phrase of two
  /// words, and one prefix. The last bare word is a prefix too while it is being typed.
  function parseQuery(raw, stem) {
    var q = raw.normalize("NFC").replace(/[“”„«»「」『』]/g, "\"");
    var terms = [];
    var phrases = [];
    var re = /"([^"]*)"?|([^\s"]+)/g;
    var m;
    var chunks = [];
    while ((m = re.exec(q))) chunks.push({ phrase: m[1] !== undefined, text: m[1] !== undefined ? m[1] : m[2], end: re.lastIndex });
    function termOf(t, prefix) {
      return { p: t.p, v: t.v, prefix: prefix, accented: t.v !== unmarked(t.v), ideo: t.ideo, solo: !!t.solo };
    }
    chunks.forEach(function (c, index) {
      var explicitPrefix = !c.phrase && /\*$/.test(c.text);
      var toks = tokenize(c.text, stem).filter(function (t) { return !t.unigram || t.solo; });
      if (!toks.length) return;
      if (c.phrase) {
        var words = toks.map(function (t) { return termOf(t, false); });
        if (words.length > 1) phrases.push(words.map(function (t) { return t.p; }));
        words.forEach(function (t) { terms.push(t); });
        return;
      }
      var typing = index === chunks.length - 1 && c.end === q.length && !/\s$/.test(q);
      toks.forEach(function (t, k) {
        var last = k === toks.length - 1;
        // A lone Han character stands for every bigram it starts.
        var prefix = t.solo || (last && (explicitPrefix || typing) && !t.ideo && [...t.p].length >= 2);
        terms.push(termOf(t, prefix));
      });
    });
    // The same word twice counts once.
    var seen = {};
    terms = terms.filter(function (t) {
      var key = t.p + (t.prefix ? "*" : "") + "\u0000" + t.v;
      if (seen[key]) return false;
      seen[key] = true;
      return true;
    });
    return { terms: terms, phrases: phrases };
  }

  // ---- index files ---------------------------------------------------------------------

  var files = new Map();

  function inflate(buffer) {
    var bytes = new Uint8Array(buffer);
    // A server may have sent it with Content-Encoding: gzip, and the browser inflated it.
    if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return Promise.resolve(new TextDecoder().decode(bytes));
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).text();
  }

  function load(url) {
    if (!files.has(url)) {
      var p = fetch(url).then(function (r) {
        if (!r.ok) throw new Error(url + ": " + r.status);
        return r.arrayBuffer();
      }).then(inflate).then(JSON.parse);
      p.catch(function () { files.delete(url); });
      files.set(url, p);
    }
    return files.get(url);
  }

  var DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  var DIGIT = {};
  for (var d = 0; d < DIGITS.length; d++) DIGIT[DIGITS.charAt(d)] = d;

  function decodeNumbers(s) {
    var out = [];
    var value = 0, shift = 0;
    for (var i = 0; i < s.length; i++) {
      var x = DIGIT[s.charAt(i)];
      value += (x & 31) * Math.pow(2, shift);
      if (x & 32) {
        shift += 5;
      } else {
        out.push(value);
        value = 0;
        shift = 0;
      }
    }
    return out;
  }

  function compareCodePoints(a, b) {
    var i = 0, j = 0;
    while (i < a.length && j < b.length) {
      var x = a.codePointAt(i), y = b.codePointAt(j);
      if (x !== y) return x < y ? -1 : 1;
      i += x > 0xffff ? 2 : 1;
      j += y > 0xffff ? 2 : 1;
    }
    if (i < a.length) return 1;
    if (j < b.length) return -1;
    return 0;
  }

  /// Shards that can hold `term`: the one its word falls in, and for a prefix the
  /// following ones that still start with it.
  function shardsFor(meta, term) {
    var shards = meta.shards;
    var lo = 0, hi = shards.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (compareCodePoints(shards[mid][0], term.p) <= 0) lo = mid; else hi = mid - 1;
    }
    var out = [shards[lo][1]];
    if (term.prefix)
      for (var k = lo + 1; k < shards.length && shards[k][0].indexOf(term.p) === 0; k++) out.push(shards[k][1]);
    return out;
  }

  /// doc → {w: weight, exact: the variant typed was found} for one term.
  function postingsOf(term, shardList) {
    var docs = new Map();
    var expansions = 0;
    shardList.forEach(function (shard) {
      Object.keys(shard).forEach(function (word) {
        var same = word === term.p;
        if (!same && !(term.prefix && word.indexOf(term.p) === 0)) return;
        if (!same && ++expansions > MAX_EXPANSIONS) return;
        var factor = same ? 1 : 0.5;
        shard[word].forEach(function (entry) {
          var variant = entry[0] || word;
          var numbers = decodeNumbers(entry[1]);
          var doc = 0;
          for (var i = 0; i + 1 < numbers.length; i += 2) {
            doc += numbers[i];
            var hit = docs.get(doc);
            if (!hit) docs.set(doc, hit = { w: 0, exact: false });
            hit.w += numbers[i + 1] * factor;
            if (term.accented && variant === term.v) hit.exact = true;
          }
        });
      });
    });
    return docs;
  }

  function docLength(meta, id) {
    var code = DIGIT[meta.len.charAt(id)] || 0;
    return Math.pow(2, code / 4) - 1;
  }

  /// Ranked candidates: pages holding every term; pages with the diacritics as typed
  /// first, then by BM25, then newest first.
  function rank(meta, query, shardsByTerm) {
    var perTerm = query.terms.map(function (t, i) { return postingsOf(t, shardsByTerm[i]); });
    if (!perTerm.length) return [];
    perTerm.sort(function (a, b) { return a.size - b.size; });
    var n = meta.docs;
    var avg = meta.tokens / Math.max(1, n) || 1;
    var idf = perTerm.map(function (m) { return Math.log(1 + (n - m.size + 0.5) / (m.size + 0.5)); });
    var out = [];
    perTerm[0].forEach(function (first, doc) {
      var score = 0, exact = 0;
      var len = docLength(meta, doc);
      for (var i = 0; i < perTerm.length; i++) {
        var hit = i === 0 ? first : perTerm[i].get(doc);
        if (!hit) return;
        score += idf[i] * hit.w * (K1 + 1) / (hit.w + K1 * (1 - B + B * len / avg));
        if (hit.exact) exact++;
      }
      out.push({ id: doc, score: score, exact: exact });
    });
    out.sort(function (a, b) { return b.exact - a.exact || b.score - a.score || b.id - a.id; });
    return out;
  }

  // ---- phrases, excerpts, highlights ---------------------------------------------------

  function containsPhrase(tokens, words) {
    outer: for (var i = 0; i + words.length <= tokens.length; i++) {
      for (var k = 0; k < words.length; k++) if (tokens[i + k].p !== words[k]) continue outer;
      return true;
    }
    return false;
  }

  /// UTF-16 ranges of `text` to mark: phrase occurrences and the other terms.
  function matches(text, query, stem) {
    var tokens = tokenize(text, stem);
    var ranges = [];
    query.phrases.forEach(function (words) {
      outer: for (var i = 0; i + words.length <= tokens.length; i++) {
        for (var k = 0; k < words.length; k++) if (tokens[i + k].p !== words[k]) continue outer;
        ranges.push([tokens[i].b, tokens[i + words.length - 1].e]);
      }
    });
    var inPhrase = {};
    query.phrases.forEach(function (words) { words.forEach(function (w) { inPhrase[w] = true; }); });
    // Per term, the best kind of match the text has: the diacritics as typed, else the
    // same word, else (for a prefix) longer words.
    query.terms.forEach(function (q) {
      if (inPhrase[q.p]) return;
      var tiers = [[], [], []];
      tokens.forEach(function (t) {
        if (t.unigram && !t.solo && !q.solo) return;
        if (t.p === q.p) tiers[q.accented && t.v === q.v ? 0 : 1].push([t.b, t.e]);
        else if (q.prefix && t.p.indexOf(q.p) === 0) tiers[2].push([t.b, t.e]);
      });
      var best = tiers[0].length ? tiers[0] : tiers[1].length ? tiers[1] : tiers[2];
      best.forEach(function (r) { ranges.push(r); });
    });
    ranges.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; });
    var merged = [];
    ranges.forEach(function (r) {
      var last = merged[merged.length - 1];
      // Words marked one after the other make one mark: "<mark>Bản Giốc</mark>".
      if (last && (r[0] <= last[1] || /^\s+$/.test(text.slice(last[1], r[0])))) last[1] = Math.max(last[1], r[1]);
      else merged.push([r[0], r[1]]);
    });
    return merged;
  }

  /// Appends `text` to `parent` with `ranges` wrapped in <mark>.
  function appendMarked(parent, text, ranges, from, to) {
    var at = from;
    ranges.forEach(function (r) {
      var b = Math.max(r[0], from), e = Math.min(r[1], to);
      if (e <= b) return;
      if (b > at) parent.appendChild(document.createTextNode(text.slice(at, b)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(b, e);
      parent.appendChild(mark);
      at = e;
    });
    if (at < to) parent.appendChild(document.createTextNode(text.slice(at, to)));
  }

  var EXCERPT = 240;  // characters shown around the densest run of matches

  function excerpt(parent, text, ranges) {
    text = text.replace(/\s+/g, " ");
    var start = 0;
    if (ranges.length) {
      var best = 0, bestCount = 0;
      for (var i = 0; i < ranges.length; i++) {
        var count = 0;
        for (var k = i; k < ranges.length && ranges[k][0] < ranges[i][0] + EXCERPT * 0.7; k++) count++;
        if (count > bestCount) { best = i; bestCount = count; }
      }
      start = Math.max(0, ranges[best][0] - Math.round(EXCERPT * 0.25));
      var space = text.lastIndexOf(" ", start);
      if (start > 0 && space > start - 20 && space >= 0) start = space + 1;
    }
    var end = Math.min(text.length, start + EXCERPT);
    if (end < text.length) {
      var cut = text.lastIndexOf(" ", end);
      if (cut > end - 20 && cut > start) end = cut;
    }
    if (start > 0) parent.appendChild(document.createTextNode("… "));
    appendMarked(parent, text, ranges, start, end);
    if (end < text.length) parent.appendChild(document.createTextNode(" …"));
  }

  // ---- running a search ----------------------------------------------------------------

  var current = null;  // {query, candidates, next, shown, rejected, raw, stem, meta}
  var generation = 0;

  function fragmentUrl(meta, id) { return base + meta.frag + id + ".json.gz"; }

  function renderResult(f, query, stem) {
    var li = document.createElement("li");
    li.className = "search-result";
    var h = document.createElement("h2");
    var a = document.createElement("a");
    a.href = f.u;
    appendMarked(a, f.t, matches(f.t, query, stem), 0, f.t.length);
    h.appendChild(a);
    li.appendChild(h);
    if (f.s || f.d) {
      var meta = document.createElement("p");
      meta.className = "search-meta";
      if (f.s) {
        var section = document.createElement("span");
        section.textContent = f.s;
        meta.appendChild(section);
      }
      if (f.s && f.d) meta.appendChild(document.createTextNode(" · "));
      if (f.d) {
        var time = document.createElement("time");
        time.dateTime = f.i;
        time.textContent = f.d;
        meta.appendChild(time);
      }
      li.appendChild(meta);
    }
    var p = document.createElement("p");
    p.className = "search-excerpt";
    var text = f.x.replace(/\s+/g, " ");
    excerpt(p, text, matches(text, query, stem));
    li.appendChild(p);
    return li;
  }

  /// Shows the next page of results; phrases are checked against each page's text, at
  /// most PHRASE_CHECKS pages a time (a rare phrase among common words stops there, and
  /// "Show more results" goes on).
  function showMore(meta, run, mine) {
    var wanted = PAGE;
    var added = [];
    var stop = run.next + PHRASE_CHECKS;
    function step() {
      if (mine !== generation) return Promise.resolve();
      if (wanted <= 0 || run.next >= run.candidates.length) return Promise.resolve();
      if (run.query.phrases.length && run.next >= stop) return Promise.resolve();
      var batch = run.candidates.slice(run.next, run.next + PAGE);
      return Promise.all(batch.map(function (c) { return load(fragmentUrl(meta, c.id)); })).then(function (fragments) {
        if (mine !== generation) return;
        for (var i = 0; i < fragments.length && wanted > 0; i++) {
          var f = fragments[i];
          run.next++;
          if (run.query.phrases.length) {
            var tokens = tokenize(f.t + "\n" + f.x, run.stem);
            var ok = run.query.phrases.every(function (words) { return containsPhrase(tokens, words); });
            if (!ok) { run.rejected++; continue; }
          }
          added.push(renderResult(f, run.query, run.stem));
          wanted--;
        }
        return step();
      });
    }
    return step().then(function () {
      if (mine !== generation) return;
      added.forEach(function (li) { list.appendChild(li); });
      run.shown += added.length;
      var exhausted = run.next >= run.candidates.length;
      var total = run.query.phrases.length ? run.candidates.length - run.rejected : run.candidates.length;
      if (run.query.phrases.length && !exhausted) say(message("results_at_least", run.shown, run.raw));
      else if (!run.shown) say(message("no_results", 0, run.raw));
      else say(message("results", total, run.raw));
      moreButton.hidden = exhausted;
      return added;
    });
  }

  function search(raw) {
    var mine = ++generation;
    list.textContent = "";
    moreButton.hidden = true;
    list.setAttribute("aria-busy", "true");
    function done() {
      if (mine === generation) list.setAttribute("aria-busy", "false");
    }
    if (!raw.trim()) {
      say(message("empty"));
      done();
      return Promise.resolve();
    }
    say(message("loading"));
    return load(metaUrl).then(function (meta) {
      var stem = meta.stem;
      var query = parseQuery(raw, stem);
      if (!query.terms.length || !meta.shards.length) {
        say(message("no_results", 0, raw));
        return;
      }
      var wanted = query.terms.map(function (t) { return shardsFor(meta, t); });
      var urls = [];
      wanted.forEach(function (l) { l.forEach(function (u) { if (urls.indexOf(u) < 0) urls.push(u); }); });
      return Promise.all(urls.map(function (u) { return load(base + u); })).then(function (loaded) {
        if (mine !== generation) return;
        var byUrl = {};
        urls.forEach(function (u, i) { byUrl[u] = loaded[i]; });
        var shardsByTerm = wanted.map(function (l) { return l.map(function (u) { return byUrl[u]; }); });
        current = { query: query, candidates: rank(meta, query, shardsByTerm), next: 0, shown: 0,
                    rejected: 0, raw: raw.trim(), stem: stem, meta: meta };
        return showMore(meta, current, mine);
      });
    }).catch(function () {
      if (mine === generation) say(message("error"));
    }).then(done);
  }

  // ---- the page ------------------------------------------------------------------------

  if (!supported) {
    say(message("unsupported"));
    return;
  }

  function setUrl(q) {
    try {
      var url = new URL(window.location.href);
      if (q) url.searchParams.set("q", q); else url.searchParams.delete("q");
      window.history.replaceState(null, "", url.pathname + url.search + url.hash);
    } catch (e) { /* history may be unavailable */ }
  }

  var timer = 0;
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      setUrl(input.value);
      search(input.value);
    }, 250);
  });
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    window.clearTimeout(timer);
    setUrl(input.value);
    search(input.value);
  });
  moreButton.addEventListener("click", function () {
    if (!current) return;
    var mine = generation;
    list.setAttribute("aria-busy", "true");
    showMore(current.meta, current, mine).then(function (added) {
      list.setAttribute("aria-busy", "false");
      if (added && added.length) {
        var link = added[0].querySelector("a");
        if (link) link.focus();
      }
    });
  });

  var initial = new URLSearchParams(window.location.search).get("q") || "";
  input.value = initial;
  search(initial);
})();
