/* The header search: Pagefind's index of the built site (generator/staging/search.py) in
   Material's search field and result list (overrides/partials/search.html), with
   Material's keys: "/", "s" or "f" to search, arrow keys through the results, Enter
   to go to the first one, Escape to close.

   This script is fetched when the reader first goes to the search (kim-head.js).
   Pagefind then loads the
   index of the page's language (it reads <html lang>), and of that only the chunks a
   query needs. Results go into the page as text, as Pagefind gives them: of its
   excerpt only its <mark> becomes markup. */
(function () {
  "use strict";

  var me = document.currentScript;
  var root = document.querySelector("[data-kim-search]");
  if (!me || !root) return;
  var toggle = document.getElementById("__search");
  var form = root.querySelector("[data-kim-search-form]");
  var input = root.querySelector("[data-kim-search-query]");
  var meta = root.querySelector(".md-search-result__meta");
  var list = root.querySelector(".md-search-result__list");
  var scrollwrap = root.querySelector(".md-search__scrollwrap");
  var words = JSON.parse(document.getElementById("kim-search-words").textContent);
  var lang = (document.documentElement.lang || "de").toLowerCase();
  // The bundle sits at the site's root, like this file's folder (assets/).
  var bundle = new URL("../pagefind/", me.src);
  var siteRoot = new URL("../", bundle).pathname;
  var PAGE = 10;

  var engine = null, found = [], shown = 0, asked = 0, timer = 0;

  // -- words typed without the letter the page writes --------------------------------
  // Pagefind folds letters with accents (ü, ç, ş, ą, ă, ё, the Arabic vowel marks)
  // into their base letter, but not letters Unicode does not build from one: Turkish
  // ı, Polish ł, and the Arabic and Persian forms of kaf and yeh that the other
  // keyboard types. A query with such a letter is also searched in its other forms.
  var OTHER = {
    tr: { i: "ı", "ı": "i" },
    pl: { l: "ł", "ł": "l" },
    fa: { "ك": "ک", "ي": "ی", "ى": "ی" },
    ar: { "ک": "ك", "ی": "ي" }
  };
  // Arabic readers often write a word's last ة as ه and its last ي as ى, and back.
  var LAST = { ar: { "ه": "ة", "ة": "ه", "ى": "ي", "ي": "ى" } };
  var MAX_FORMS = 16;

  // What the reader types is looked up only as the tables' own keys.
  function own(object, key) {
    return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
  }

  function forms(query) {
    var other = own(OTHER, lang) || {}, last = own(LAST, lang) || {};
    var all = [""];
    for (var i = 0; i < query.length; i++) {
      var c = query[i], end = i === query.length - 1 || /\s/.test(query[i + 1]);
      var alt = own(other, c) || (end && own(last, c));
      var next = [];
      all.forEach(function (start) {
        next.push(start + c);
        if (alt) next.push(start + alt);
      });
      all = next.slice(0, MAX_FORMS);  // the query as typed stays first
    }
    return all;
  }

  // -- Pagefind ----------------------------------------------------------------------

  function load() {
    if (!engine) {
      engine = import(new URL("pagefind.js", bundle).href).then(function (pagefind) {
        return pagefind.options({ basePath: bundle.pathname, baseUrl: siteRoot, excerptLength: 24 }).then(function () {
          pagefind.init();
          return pagefind;
        });
      });
      engine.catch(function () { engine = null; });
    }
    return engine;
  }

  function search(query) {
    var mine = ++asked;
    query = query.trim();
    if (!query) { show([], null); return; }
    load().then(function (pagefind) {
      var typed = lang === "tr" ? query.toLocaleLowerCase("tr") : query.toLowerCase();
      return Promise.all(forms(typed).map(function (q) { return pagefind.search(q); }));
    }).then(function (answers) {
      if (mine !== asked) return;
      // One result per page, with its best score over the forms searched.
      var best = new Map();
      answers.forEach(function (answer) {
        (answer && answer.results || []).forEach(function (r) {
          var seen = best.get(r.id);
          if (!seen || seen.score < r.score) best.set(r.id, r);
        });
      });
      show(Array.from(best.values()).sort(function (a, b) { return b.score - a.score; }), query);
    }).catch(function () {
      if (mine !== asked) return;
      show([], null);
      meta.textContent = words.unavailable;
    });
  }

  // -- results in Material's markup --------------------------------------------------

  function fill(template, values) {
    return template.replace(/%\((\w+)\)[sd]/g, function (_, key) { return values[key]; });
  }
  function countText(n) {
    var templates = words.count;
    return fill(templates[new Intl.PluralRules(lang).select(n)] || templates.other || templates.one, { num: n });
  }
  // Pagefind's excerpt is the page's plain text with only "<" and ">" escaped (as &lt;
  // and &gt;; "&" is left as it is: pagefind.js, raw_content), and <mark> around the
  // words found. So exactly those two are undone, nothing else: a name with "&amp;"
  // or "&#1114112;" in it is shown as the editor wrote it (an HTML parser would make
  // them "&" and U+FFFD). Every "<" left is one of Pagefind's <mark>s. Only a "&lt;"
  // typed as such cannot be told from an escaped "<": Pagefind's own loss.
  function excerpt(target, html) {
    var marked = false;
    html.split(/(<\/?mark>)/).forEach(function (part) {
      if (part === "<mark>") { marked = true; return; }
      if (part === "</mark>") { marked = false; return; }
      if (!part) return;
      var text = document.createTextNode(part.replace(/&lt;/g, "<").replace(/&gt;/g, ">"));
      if (marked) { var m = document.createElement("mark"); m.appendChild(text); target.appendChild(m); }
      else target.appendChild(text);
    });
  }
  function element(tag, className) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    return e;
  }
  function item(data) {
    var li = element("li", "md-search-result__item");
    var a = element("a", "md-search-result__link");
    a.href = data.url;
    a.tabIndex = -1;
    var article = element("article", "md-search-result__article md-typeset");
    article.appendChild(element("div", "md-search-result__icon md-icon"));
    var title = element("h1");
    title.textContent = (data.meta && data.meta.title) || data.url;  // plain text already
    var text = element("p");
    excerpt(text, data.excerpt || "");
    article.appendChild(title);
    article.appendChild(text);
    a.appendChild(article);
    li.appendChild(a);
    return li;
  }

  function show(results, query) {
    found = results;
    shown = 0;
    list.textContent = "";
    if (query === null) { meta.textContent = words.initial; done(""); return; }
    meta.textContent = results.length ? countText(results.length) : words.none;
    more().then(function (current) { if (current) done(query); });
  }
  // Which query the list shows (for tests and styles): set once its first results are in.
  function done(query) {
    root.setAttribute("data-kim-searched", query);
  }
  function more() {
    var mine = asked, batch = found.slice(shown, shown + PAGE);
    shown += batch.length;
    return Promise.all(batch.map(function (r) { return r.data(); })).then(function (pages) {
      if (mine !== asked) return false;
      pages.forEach(function (data) { list.appendChild(item(data)); });
      return true;
    });
  }
  scrollwrap.addEventListener("scroll", function () {
    if (shown < found.length && scrollwrap.scrollTop + scrollwrap.clientHeight >= scrollwrap.scrollHeight - 16) more();
  });

  // -- opening, closing, typing ------------------------------------------------------

  function setOpen(open) {
    if (toggle && toggle.checked !== open) {
      toggle.checked = open;
      toggle.dispatchEvent(new Event("change"));
    }
  }
  function close() {
    setOpen(false);
    input.blur();
  }

  input.addEventListener("focus", function () { setOpen(true); load().catch(function () {}); });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { search(input.value); }, 100);
  });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  form.addEventListener("reset", function () {
    setTimeout(function () { search(""); input.focus(); });
  });
  // Material's header button and the overlay behind the results switch the toggle.
  if (toggle) {
    toggle.addEventListener("change", function () {
      if (toggle.checked && document.activeElement !== input) input.focus();
      if (!toggle.checked && document.activeElement === input) input.blur();
    });
  }
  list.addEventListener("click", function (e) {
    if (e.target.closest && e.target.closest("a")) setOpen(false);
  });

  function typing(el) {
    return el && (el.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(el.tagName));
  }
  document.addEventListener("keydown", function (e) {
    if (e.metaKey || e.ctrlKey || e.altKey) return;
    var active = document.activeElement;
    if (!toggle || !toggle.checked) {
      if ((e.key === "/" || e.key === "s" || e.key === "f") && !typing(active)) {
        e.preventDefault();
        input.focus();
        input.select();
      }
      return;
    }
    var links = Array.prototype.slice.call(list.querySelectorAll(".md-search-result__link"));
    switch (e.key) {
      case "Escape":
        e.preventDefault();
        close();
        break;
      case "Tab":
        close();
        break;
      case "Enter":
        if (active === input) {
          e.preventDefault();
          if (links.length) links[0].click();
        }
        break;
      case "ArrowUp":
      case "ArrowDown":
        var stops = [input].concat(links);
        var at = Math.max(0, stops.indexOf(active));
        var next = stops[(at + stops.length + (e.key === "ArrowUp" ? -1 : 1)) % stops.length];
        e.preventDefault();
        next.focus();
        if (next !== input && links.indexOf(next) >= links.length - 2 && shown < found.length) more();
        break;
      default:
        if (active !== input && e.key.length === 1) input.focus();
    }
  });

  // Fetched when the reader went to the search (kim-head.js): what she did before it
  // came. If she has gone on (kim-head.js closed the search), the focus stays where it is.
  if (document.activeElement === input) {
    setOpen(true);
    load().catch(function () {});
  }
  if (input.value.trim()) search(input.value);
})();
