/* The contact finder: filters one compact index of all offices, in the page's
   language. No framework. Every value from the index is put into the page with
   textContent, never as HTML. The filter state lives in the URL query (so a list
   can be shared); the reader's position never does. */
(function () {
  "use strict";

  var root = document.querySelector("[data-finder]");
  if (!root) return;
  var K = window.KIM;
  var config = K.config;
  var L = K.labels;
  var lang = K.language;
  var own = K.own, el = K.el, fill = K.fill, status = K.status, berlinNow = K.berlinNow;
  var form = root.querySelector("[data-finder-form]");
  var results = root.querySelector("[data-results]");
  var count = root.querySelector("[data-result-count]");
  var help = root.querySelector("[data-no-match]");
  var message = root.querySelector("[data-finder-message]");
  var FIELDS = ["language", "topic", "municipality", "district", "postcode", "age", "group"];
  var coordination = root.querySelector("[data-coordination]");

  var state = { language: "", topic: "", municipality: "", district: "", postcode: "", age: "", group: "", open: false };
  var here = null;
  var offices = [];
  var bySlug = Object.create(null);  // keyed by slugs: an office may be called "constructor"
  var municipalities = {};
  var languageNames = {};  // code: [own name, the page's name, every other name] (i18n.language_names)
  var languageParents = {};  // code: its macrolanguage (kmr: ku)

  // -- numbers as the reader types and reads them ---------------------------------------------

  /* Arabic-Indic (٤٤٦٤٩), Persian (۴۴۶۴۹) and full-width (４４６４９) digits as 0-9. */
  function asciiDigits(value) {
    return String(value).replace(/[\u0660-\u0669\u06f0-\u06f9\uff10-\uff19]/g, function (d) {
      var code = d.charCodeAt(0);
      return String(code - (code >= 0xff10 ? 0xff10 : code >= 0x06f0 ? 0x06f0 : 0x0660));
    });
  }
  /* Digits the way the page's language writes them (CLDR via Intl): ٤٤٦٤٩ on Arabic pages. */
  var digitFormat = new Intl.NumberFormat(lang, { useGrouping: false });
  function localDigits(value) {
    return String(value).replace(/[0-9]/g, function (d) { return digitFormat.format(+d); });
  }

  // -- filtering ---------------------------------------------------------------------------

  function km(start, point) {
    var rad = Math.PI / 180;
    var dLat = (point.lat - start.lat) * rad;
    var dLon = (point.lon - start.lon) * rad;
    var a = Math.sin(dLat / 2) * Math.sin(dLat / 2) +
      Math.cos(start.lat * rad) * Math.cos(point.lat * rad) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 12742 * Math.asin(Math.sqrt(a));
  }
  /* To the nearest place of the office (its address or a further consultation
     place) from `here` or, given, the nearest of `from`; null for an office without
     any location. */
  function distanceKm(office, from) {
    var best = null;
    (from || [here]).forEach(function (start) {
      [office].concat(office.places).forEach(function (p) {
        if (typeof p.lat !== "number") return;
        var d = km(start, p);
        if (best === null || d < best) best = d;
      });
    });
    return best;
  }
  function fitsAge(o, age) {
    var t = o.target;
    return !t || ((t.min === undefined || age >= t.min) && (t.max === undefined || age <= t.max));
  }
  function fitsGroup(o, group) {
    return !o.target || !o.target.groups || o.target.groups.indexOf(group) >= 0;
  }
  /* A municipality and, for a Kreis or region, every town that is part of it. */
  function within(id) {
    var found = [id];
    for (var i = 0; i < found.length; i++) {
      Object.keys(municipalities).forEach(function (other) {
        if (municipalities[other].partOf === found[i] && found.indexOf(other) < 0) found.push(other);
      });
    }
    return found;
  }
  function inPlace(o, skip) {
    skip = skip || [];
    if (state.municipality && skip.indexOf("municipality") < 0) {
      var wanted = within(state.municipality);
      if (!o.area.some(function (id) { return wanted.indexOf(id) >= 0; })) return false;
    }
    if (state.district && skip.indexOf("district") < 0 && o.district !== state.district && o.districts.indexOf(state.district) < 0) return false;
    return true;
  }

  /* For a postcode, why each office is found, the best reason first: it is there, it
     holds consultations there, it is responsible for the postcode, or it serves the
     town or Kreis the postcode belongs to. Null when no office knows the postcode. */
  var REASONS = ["here", "place", "responsible", "town"];
  function postcodeOffices(postcode) {
    var why = Object.create(null);  // keyed by slugs: an office may be called "constructor"
    offices.forEach(function (o) {
      var town = o.area.some(function (id) {
        var m = own(municipalities, id);
        return m && m.postcodes && m.postcodes.indexOf(postcode) >= 0;
      });
      var reason = o.postcode === postcode ? "here"
        : o.places.some(function (p) { return p.postcode === postcode; }) ? "place"
        : o.responsible.indexOf(postcode) >= 0 ? "responsible"
        : town ? "town" : null;
      if (reason) why[o.slug] = reason;
    });
    return Object.keys(why).length ? why : null;
  }

  /* The offices that fit every choice but those named in `except` (one or a list). */
  function select(except) {
    var skip = [].concat(except || []);
    function uses(field) { return state[field] && skip.indexOf(field) < 0; }
    var now = berlinNow();
    var byPostcode = /^\d{5}$/.test(state.postcode) && uses("postcode") ? postcodeOffices(state.postcode) : null;
    var age = /^\d{1,3}$/.test(state.age) && uses("age") ? +state.age : null;
    var found = offices.filter(function (o) {
      if (o.kind === "coordination") return false;  // listed apart: they do not counsel
      if (uses("language") && !o.speaks.has(state.language)) return false;
      // Case managers advise on all areas of life: an office that publishes no topics is not left out.
      if (uses("topic") && o.topics.length && o.topics.indexOf(state.topic) < 0) return false;
      if (!inPlace(o, skip)) return false;
      if (age !== null && !fitsAge(o, age)) return false;
      if (uses("group") && !fitsGroup(o, state.group)) return false;
      if (byPostcode && !byPostcode[o.slug]) return false;
      // The opening state is worked out for every office only when it filters.
      if (uses("open") && (status(o, now) || {}).kind !== "open") return false;
      return true;
    });
    found.forEach(function (o) {
      o.foundBecause = byPostcode ? byPostcode[o.slug] : null;
      o.isResponsible = o.foundBecause === "responsible" ||
        !!(!byPostcode && state.municipality && o.responsibleArea.indexOf(state.municipality) >= 0);
      o.rank = o.foundBecause ? REASONS.indexOf(o.foundBecause) : (o.isResponsible ? 0 : 1);
      o.km = here ? distanceKm(o) : null;
      o.kmFrom = null;
      o.servesPlace = null;
    });
    found.sort(function (a, b) {
      if (a.rank !== b.rank) return a.rank - b.rank;
      if (!a.closedToNew !== !b.closedToNew) return a.closedToNew ? 1 : -1;
      if (here && (a.km === null) !== (b.km === null)) return a.km === null ? 1 : -1;
      return here && a.km !== null ? a.km - b.km : a.order - b.order;
    });
    return found;
  }

  // -- the page ------------------------------------------------------------------------------

  /* An office's card as every page shows it (K.card), with what only the finder knows:
     why the office is found, how far it is, whether it is open now, the chosen language
     first among its languages and contacts, the handout in the family's language. */
  function officeCard(o) {
    var summary = Object.assign({}, o.card);
    var chosen = state.language;
    if (chosen) {
      if (summary.languages) summary.languages = putFirst(summary.languages, function (l) { return l.code === chosen; });
      if (summary.contacts) summary.contacts = putFirst(summary.contacts, function (c) { return (c.codes || []).indexOf(chosen) >= 0; });
    }
    var card = K.card(summary, o);
    if (chosen) {
      markChosen(card.querySelector(".kim-card__languages ul"), summary.languages || []);
      card.querySelectorAll(".kim-contact").forEach(function (contact, i) {
        markChosen(contact.querySelector(".kim-contact__languages ul"), summary.contacts[i].speaks || []);
      });
    }
    var because = { here: L.postcodeHere, place: L.postcodePlace, responsible: L.responsible, town: L.postcodeTown }[o.foundBecause];
    var serves = because || (o.isResponsible ? L.responsible : "");
    // An office that serves the place only for some people says so, its target group right after.
    var limited = serves && o.servesPlace !== false && own(o.card, "target");
    var badgeText = o.servesPlace === false ? L.notYourPlace : limited ? fill(L.notForEveryone, { found: serves }) : serves;
    show(card.querySelector("[data-found]"), badgeText, function (badge) {
      badge.setAttribute("data-found", o.servesPlace === false ? "elsewhere" : o.foundBecause || "responsible");
      if (o.servesPlace === false || limited) badge.classList.add("kim-badge--warning");
      var target = card.querySelector(".kim-card__target");
      if (limited && target) badge.parentNode.insertBefore(target, badge.nextSibling);
    });
    var distance = o.km === null ? (here ? L.noLocation : "")
      : o.kmFrom ? fill(L.awayFrom, { distance: K.kilometres(o.km), place: o.kmFrom }) : K.distanceText(o.km);
    show(card.querySelector("[data-distance]"), distance);
    card.querySelector("[data-handout]").href = K.handoutUrl(o, familyLanguage(o));
    card.querySelector(".kim-card__refer").appendChild(K.shareButton(o.card.name.text, new URL(K.officeUrl(o), location.href).href));
    return card;
  }
  /* A part of the card only the finder fills: shown with `words`, else taken out. */
  function show(node, words, more) {
    if (!words) { node.remove(); return; }
    node.textContent = words;
    node.hidden = false;
    if (more) more(node);
  }
  function putFirst(list, matches) {
    return list.filter(matches).concat(list.filter(function (item) { return !matches(item); }));
  }
  function markChosen(chips, labels) {
    if (!chips) return;
    labels.forEach(function (label, i) {
      if (label.code === state.language && chips.children[i]) chips.children[i].classList.add("kim-chip--match");
    });
  }
  // The family's language for a handout: the one chosen, where the site speaks it; else
  // the one the office's pages start with (words/phrases.py family_language).
  function familyLanguage(o) {
    var site = config.siteLanguages;
    if (state.language && site.indexOf(state.language) >= 0 && state.language !== site[0]) return state.language;
    return o.card.handout;
  }

  /* The family's language, when she chose one the site is written in and the page is
     not: links are shared in it as well as in the page's language. */
  function sharedIn() {
    return state.language !== lang && config.siteLanguages.indexOf(state.language) >= 0 ? state.language : "";
  }
  function pageIn(language, path) {
    return new URL(config.root + (language === config.siteLanguages[0] ? "" : language + "/") + path, location.href).href;
  }
  function ownName(code) {
    var names = own(config.languages, code) || own(languageNames, code);
    return names ? names[0] : code;
  }
  var shareRow = root.querySelector("[data-finder-share]");
  function showShare() {
    shareRow.replaceChildren();
    var title = (document.querySelector("article h1") || document).textContent.trim();
    shareRow.appendChild(K.shareButton(title, location.href));
    var family = sharedIn();
    if (family) shareRow.appendChild(K.shareButton(title, pageIn(family, "finder/") + location.search, ownName(family)));
    shareRow.hidden = summary.hidden;
  }

  /* A language by the page's name, never a raw code where CLDR knows it. */
  function languageName(code) {
    var names = own(config.languages, code) || own(languageNames, code);
    return names ? names[1] : code;
  }
  function languageLabel(code) {
    var names = own(config.languages, code) || own(languageNames, code);
    return names && names[0].toLowerCase() !== names[1].toLowerCase() ? names[0] + " (" + names[1] + ")" : languageName(code);
  }
  function nobodyOffers(code) {
    return !offices.some(function (o) { return o.kind !== "coordination" && o.speaks.has(code); });
  }
  /* For comparing what is typed with names: lower case, without diacritics
     ("Turkce" finds "Türkçe", "i" finds "ı" and "İ"). */
  function fold(words) {
    return words.toLocaleLowerCase(lang).normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/ı/g, "i");
  }

  function filterName(field) {
    var control = form.elements[field];
    if (field === "language") return languageName(state.language);
    if (field === "open") return L.openNow;
    if (control && control.tagName === "SELECT") {
      var option = control.querySelector('option[value="' + CSS.escape(state[field]) + '"]');
      return option ? option.textContent : state[field];
    }
    return state[field];
  }

  function offer(words, list) {
    if (!list.length) return false;
    help.appendChild(el("p", "", words));
    var cards = help.appendChild(el("ul", "kim-cards"));
    list.forEach(function (o) { cards.appendChild(officeCard(o)); });
    return true;
  }
  var PLACE = ["municipality", "district", "postcode"];
  function placeChosen() {
    return !!(state.municipality || state.district || /^\d{5}$/.test(state.postcode));
  }
  /* The towns a postcode belongs to. */
  function townsOf(postcode) {
    return Object.keys(municipalities).filter(function (id) {
      var m = municipalities[id];  // an own key
      return m.postcodes && m.postcodes.indexOf(postcode) >= 0;
    });
  }
  /* Where the chosen place is, as far as the index knows: the offices and consultation
     places in its postcode area, else in its town (or Kreis); and its name. */
  function chosenPlace() {
    var postcode = /^\d{5}$/.test(state.postcode) ? state.postcode : "";
    var towns = state.municipality ? within(state.municipality) : postcode ? townsOf(postcode) : [];
    function townOf(p, o) {
      if (p === o) return towns.indexOf(o.municipality) >= 0 && (!state.district || o.district === state.district);
      return towns.some(function (id) { var m = own(municipalities, id); return m && m.postcodes && m.postcodes.indexOf(p.postcode) >= 0; });
    }
    function pointsWhere(test) {
      var points = [];
      offices.forEach(function (o) {
        [o].concat(o.places).forEach(function (p) { if (typeof p.lat === "number" && test(p, o)) points.push(p); });
      });
      return points;
    }
    var points = postcode ? pointsWhere(function (p) { return p.postcode === postcode; }) : [];
    if (!points.length) points = pointsWhere(townOf);
    var town = state.municipality || towns[0];
    var option = town && form.elements.municipality.querySelector('option[value="' + CSS.escape(town) + '"]');
    return { points: points, name: state.district || (option ? option.textContent : localDigits(postcode)) };
  }
  /* The language chosen is spoken, but not in the place chosen: the nearest offices
     that advise in it (from the reader's position, else from the place), each saying
     whether it serves her place. */
  function nearestSpeakers() {
    if (!state.language || !placeChosen()) return [];
    var place = here ? { points: [here], name: "" } : chosenPlace();
    var byPostcode = /^\d{5}$/.test(state.postcode) ? postcodeOffices(state.postcode) : null;
    var speakers = select(PLACE);
    speakers.forEach(function (o) {
      o.km = place.points.length ? distanceKm(o, place.points) : null;
      o.kmFrom = here ? null : place.name;
      o.foundBecause = null;
      o.isResponsible = false;
      o.servesPlace = inPlace(o) && (!byPostcode || !!byPostcode[o.slug]);
    });
    return speakers.sort(function (a, b) {
      if ((a.km === null) !== (b.km === null)) return a.km === null ? 1 : -1;
      return a.km !== null ? a.km - b.km : a.order - b.order;
    }).slice(0, 3);
  }

  /* Nothing matches: say why, then show what helps, the nearest offices in her language first. */
  var reason = "";
  function showNoMatch() {
    var nobody = state.language && nobodyOffers(state.language);
    var nearest = nobody ? [] : nearestSpeakers();
    reason = nearest.length ? fill(L.nearestSpeakers, { language: languageName(state.language) })
      : nobody ? fill(L.languageNobody, { language: languageLabel(state.language) }) : L.noMatch;
    help.replaceChildren();
    if (!offer(reason, nearest)) help.appendChild(el("p", "", reason));
    var helped = nearest.length > 0;
    if (state.open && select("open").length) {
      helped = offer(L.noneOpen, select("open").slice(0, PAGE));
    }
    if (state.language) {
      var otherLanguages = select("language");
      helped = offer(L.tryInterpreters, otherLanguages.filter(function (o) { return o.interpreters; })) || helped;
      helped = offer(L.tryUnknownLanguages, otherLanguages.filter(function (o) { return !o.speaks.size; })) || helped;
      if (!here && (state.postcode || state.municipality)) {
        helped = offer(L.tryResponsible, otherLanguages.slice(0, 1)) || helped;
      }
    }
    if (here) {
      var closest = offices.filter(function (o) { return o.kind !== "coordination" && distanceKm(o) !== null; })
        .sort(function (a, b) { return distanceKm(a) - distanceKm(b); })[0];
      if (closest && nearest.indexOf(closest) < 0) {
        closest.km = distanceKm(closest);
        closest.kmFrom = null;
        closest.isResponsible = false;
        closest.foundBecause = null;
        closest.servesPlace = null;
        helped = offer(L.tryNearest, [closest]) || helped;
      }
    }
    var active = FIELDS.filter(function (f) { return state[f]; }).concat(state.open ? ["open"] : []);
    if (active.length) {
      help.appendChild(el("p", "", helped ? L.tryRemove : L.removeFilter));
      var buttons = help.appendChild(el("p", "kim-actions"));
      active.forEach(function (field) {
        var b = buttons.appendChild(el("button", "md-button", fill(L.remove, { filter: filterName(field) })));
        b.type = "button";
        b.addEventListener("click", function () {
          if (field === "open") state.open = false; else state[field] = "";
          if (field === "municipality") state.district = "";
          apply(true);
          form.querySelector("select, input").focus();
        });
      });
    }
    help.hidden = false;
  }

  /* Cards are built for the first results only, more on request: a cheap phone
     stays quick with thousands of contacts in the index. */
  var PAGE = 20;
  var more = root.querySelector("[data-show-more]");
  var found = [];
  function showCards(from) {
    found.slice(from, from + PAGE).forEach(function (o) { results.appendChild(officeCard(o)); });
    more.hidden = results.children.length >= found.length;
  }
  more.addEventListener("click", function () {
    var first = results.children.length;
    showCards(first);
    var next = results.children[first] && results.children[first].querySelector("a");
    if (next) next.focus();
  });

  /* Right under the language list, where the reader chose: how many offices, and the
     first, so that she sees the list changed without losing her place. */
  var summary = root.querySelector("[data-choice-summary]");
  summary.tabIndex = -1;
  /* Nothing found: why, and who can help (the first office offered, with its distance). */
  function showSummary() {
    var helper = help.querySelector("[data-office]");
    var first = found[0] || helper && own(bySlug, helper.getAttribute("data-office"));
    summary.replaceChildren(document.createTextNode(found.length ? K.countText(found.length) : reason));
    if (first) {
      // " · " keeps to the words before it (no line starts with it); the nearest offices' reason ends in a colon.
      summary.appendChild(document.createTextNode(found.length ? "\u00a0· " + L.firstResult + " " : /:\s*$/.test(reason) ? " " : " " + L.whoCanHelp + " "));
      var link = summary.appendChild(el("a", "", ""));
      link.appendChild(el("bdi", "", first.card.name.text));
      link.href = found.length ? "#kim-results" : "#kim-help";
      var distance = !found.length && helper.querySelector(".kim-card__distance");
      if (distance) summary.appendChild(document.createTextNode("\u00a0· " + distance.textContent));
    }
    summary.hidden = !FIELDS.some(function (f) { return state[f]; }) && !state.open;
  }

  function render() {
    found = select();
    results.replaceChildren();
    showCards(0);
    count.textContent = K.countText(found.length);
    // map.js may run after this (deferred scripts wait for each other, the index
    // does not): it takes the last results from here.
    window.kimFound = found;
    if (window.kimShowOnMap) window.kimShowOnMap(found);
    help.hidden = true;
    help.replaceChildren();
    reason = "";
    if (!found.length) showNoMatch();
    showSummary();
    showShare();
    showCoordination();
  }
  /* Coordination offices answer questions about the programme: shown apart, for the
     place chosen, whatever the language or topic. */
  function showCoordination() {
    if (!coordination) return;
    var list = coordination.querySelector("ul");
    list.replaceChildren();
    var byPostcode = /^\d{5}$/.test(state.postcode) ? postcodeOffices(state.postcode) : null;
    offices.filter(function (o) {
      return o.kind === "coordination" && inPlace(o) && (!byPostcode || byPostcode[o.slug]);
    }).forEach(function (o) {
      o.km = here ? distanceKm(o) : null;
      o.kmFrom = null;
      o.isResponsible = false;
      o.foundBecause = null;
      o.servesPlace = null;
      list.appendChild(officeCard(o));
    });
    coordination.hidden = !list.children.length;
  }

  // -- state, form and URL -------------------------------------------------------------------

  function toForm() {
    var radio = form.querySelector('input[name="language"][value="' + CSS.escape(state.language) + '"]');
    var fromOutside = radio && !radio.checked;  // the address, the start button; not her own click
    (radio || form.querySelector('input[name="language"][value=""]')).checked = true;
    // The choice in sight in the list box (the box only: the page stays where it is). A
    // choice she clicked is in sight already, and reading the layout here would cost more
    // than the whole filtering.
    var list = form.querySelector("[data-language-list]");
    var chosen = fromOutside && radio.closest("label");
    if (chosen && (chosen.offsetTop < list.scrollTop || chosen.offsetTop + chosen.offsetHeight > list.scrollTop + list.clientHeight)) {
      list.scrollTop = chosen.offsetTop - list.clientHeight / 2;
    }
    ["topic", "municipality", "district", "group"].forEach(function (f) { form.elements[f].value = state[f]; });
    // Digits stay as she typed them (۵۸۰۹۵): only another value replaces them.
    ["postcode", "age"].forEach(function (f) {
      if (asciiDigits(form.elements[f].value.trim()) !== state[f]) form.elements[f].value = state[f];
    });
    form.elements.open.checked = state.open;
    showDistricts();
  }
  function fromForm() {
    var radio = form.querySelector('input[name="language"]:checked');
    state.language = radio ? radio.value : "";
    ["topic", "municipality", "district", "group"].forEach(function (f) { state[f] = form.elements[f].value; });
    state.age = asciiDigits(form.elements.age.value.trim());
    state.postcode = asciiDigits(form.elements.postcode.value.trim());
    state.open = form.elements.open.checked;
  }
  function showDistricts() {
    var select = form.elements.district;
    var any = false;
    Array.prototype.forEach.call(select.options, function (option) {
      var mine = !option.value || option.getAttribute("data-municipality") === state.municipality;
      option.hidden = option.disabled = !mine;
      if (option.value && mine) any = true;
    });
    if (!any) state.district = select.value = "";
    form.querySelector("[data-district-row]").hidden = !any;
  }
  function readUrl() {
    var query = new URLSearchParams(location.search);
    FIELDS.forEach(function (f) { state[f] = (query.get(f) || "").trim(); });
    state.postcode = asciiDigits(state.postcode);
    state.age = asciiDigits(state.age);
    state.open = query.get("open") === "now";
    // A language no office speaks must still filter (to nothing, and then say so).
    if (state.language) addLanguageChoice(state.language);
    toForm();
    postcodeMessage();
  }
  function writeUrl(push) {
    var query = new URLSearchParams();
    FIELDS.forEach(function (f) { if (state[f]) query.set(f, state[f]); });
    if (state.open) query.set("open", "now");
    var search = query.toString() ? "?" + query.toString() : "";
    if (search !== location.search) history[push ? "pushState" : "replaceState"](null, "", location.pathname + search + location.hash);
  }
  function postcodeMessage() {
    if (!state.postcode) return say("");
    if (!/^\d{5}$/.test(state.postcode)) return say(L.postcodeInvalid);
    if (!postcodeOffices(state.postcode)) return say(fill(L.postcodeUnknown, { postcode: localDigits(state.postcode) }));
    say("");
  }
  function say(words) {
    message.textContent = words;
  }
  function apply(push) {
    toForm();
    postcodeMessage();
    writeUrl(push);
    render();
  }

  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.addEventListener("change", function (event) {
    if (event.target.name === "postcode" && state.postcode === asciiDigits(event.target.value.trim())) return;
    if (event.target.name === "age" && state.age === asciiDigits(event.target.value.trim())) return;
    if (!event.target.name) return;
    fromForm();
    if (event.target.name === "municipality") state.district = "";
    apply(true);
  });
  form.elements.postcode.addEventListener("input", function (event) {
    var value = asciiDigits(event.target.value.trim());
    if (value.length === 5 || value === "") {
      state.postcode = value;
      apply(true);
    }
  });
  form.elements.age.addEventListener("input", function (event) {
    var value = asciiDigits(event.target.value.trim());
    if (/^\d{0,3}$/.test(value)) {
      state.age = value;
      apply(true);
    }
  });
  function addLanguageChoice(code) {
    if (form.querySelector('input[name="language"][value="' + CSS.escape(code) + '"]')) return;
    var label = form.querySelector("[data-language-list]").appendChild(el("label"));
    label.setAttribute("data-language-choice", code);
    var input = label.appendChild(el("input"));
    input.type = "radio"; input.name = "language"; input.value = code;
    var names = own(languageNames, code);
    label.appendChild(document.createTextNode(" "));
    if (names && names[0].toLowerCase() !== names[1].toLowerCase()) {
      label.appendChild(el("span", "", names[0])).lang = code;
      label.appendChild(document.createTextNode(" – "));
    }
    label.appendChild(document.createTextNode(languageName(code) + " (" + localDigits(0) + ")"));
  }
  var missing = form.querySelector("[data-language-missing]");
  /* How well what she typed names a language, by any of its names: 0 a whole name (or
     the code), 1 the start of a name as written, 2 the same without diacritics, 3 the
     start of a word in a name; -1 not at all. */
  function nameMatch(code, typed) {
    var written = typed.toLocaleLowerCase(lang), folded = fold(typed), best = -1;
    if (code.toLowerCase() === written) return 0;
    (own(languageNames, code) || own(config.languages, code) || []).forEach(function (name) {
      var plain = fold(name);
      var score = plain === folded ? 0 : name.toLocaleLowerCase(lang).indexOf(written) === 0 ? 1 : plain.indexOf(folded) === 0 ? 2
        : plain.split(/[\s()\-–,]+/).some(function (word) { return word && word.indexOf(folded) === 0; }) ? 3 : -1;
      if (score >= 0 && (best < 0 || score < best)) best = score;
    });
    return best;
  }
  /* The list shows the offered languages that what she typed names (and the
     macrolanguage of one it names: Kurdish for Sorani, with a note whom to ask). Only
     when none is offered, the best-named languages nobody offers are said plainly:
     "Türk" shows Turkish and never says that nobody offers Turkmen. Nothing named: a
     message, not the whole list. */
  form.querySelector("[data-language-filter]").addEventListener("input", function (event) {
    var typed = event.target.value.trim();
    var codes = Object.keys(languageNames).concat(Object.keys(config.languages).filter(function (c) { return !own(languageNames, c); }));
    var scores = Object.create(null), best = -1;
    codes.forEach(function (code) {
      var score = typed ? nameMatch(code, typed) : 0;
      if (score < 0) return;
      scores[code] = score;
      if (best < 0 || score < best) best = score;
    });
    var shown = Object.create(null);
    Object.keys(scores).forEach(function (code) {
      shown[code] = true;
      var parent = own(languageParents, code);
      if (scores[code] === best && parent) shown[parent] = true;
    });
    var offered = 0;  // offered languages that what she typed names itself
    form.querySelectorAll("[data-language-choice]").forEach(function (label) {
      var code = label.getAttribute("data-language-choice");
      label.hidden = !!typed && !shown[code];
      if (!label.hidden && scores[code] !== undefined) offered++;
    });
    // A language nobody offers: say so plainly, and offer to show who can help.
    missing.replaceChildren();
    if (typed && best < 0) missing.appendChild(el("p", "", fill(L.noLanguageFound, { typed: typed })));
    if (fold(typed).length >= 2 && !offered) {
      Object.keys(scores).filter(function (code) {
        return scores[code] === best && !own(config.languages, code);
      }).slice(0, 3).forEach(function (code) {
        // Named by no office, but its macrolanguage is (Sorani: Kurdish), shown in the list: whom to ask.
        var parent = own(languageParents, code);
        if (parent && own(config.languages, parent)) {
          missing.appendChild(el("p", "", fill(L.askMacrolanguage, { language: languageLabel(code), macrolanguage: languageName(parent) })));
          return;
        }
        var line = missing.appendChild(el("p", "", fill(L.languageNobody, { language: languageLabel(code) }) + " "));
        var show = line.appendChild(el("button", "md-button", L.showWhoHelps));
        show.type = "button";
        show.addEventListener("click", function () {
          addLanguageChoice(code);
          state.language = code;
          apply(true);
          summary.focus();
        });
      });
    }
    missing.hidden = !missing.children.length;
  });
  form.querySelector("[data-near-me]").addEventListener("click", function () {
    if (!navigator.geolocation) return say(L.locationUnsupported);
    say(L.locating);
    navigator.geolocation.getCurrentPosition(function (position) {
      here = { lat: position.coords.latitude, lon: position.coords.longitude };
      say(L.locationFound);
      render();
    }, function (error) {
      say(error.code === 1 ? L.locationDenied : L.locationUnavailable);
    }, { timeout: 15000, maximumAge: 600000 });
  });
  window.addEventListener("popstate", function () {
    readUrl();
    render();
  });

  K.offices().then(function (data) {
    municipalities = data.municipalities;
    offices = data.offices;
    offices.forEach(function (o) { bySlug[o.slug] = o; });
    languageNames = data.languageNames || {};
    languageParents = data.languageParents || {};
    form.hidden = false;
    readUrl();
    render();
  });
})();
