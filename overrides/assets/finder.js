/* The contact finder: filters one compact index of all offices, in the page's
   language. No framework. Every value from the index is put into the page with
   textContent, never as HTML. The filter state lives in the URL query (so a list
   can be shared); the reader's position never does. */
(function () {
  "use strict";

  var root = document.querySelector("[data-finder]");
  if (!root) return;
  var config = JSON.parse(document.getElementById("kim-finder-config").textContent);
  var L = config.labels;
  var lang = config.language;
  var form = root.querySelector("[data-finder-form]");
  var results = root.querySelector("[data-results]");
  var count = root.querySelector("[data-result-count]");
  var help = root.querySelector("[data-no-match]");
  var message = root.querySelector("[data-finder-message]");
  var FIELDS = ["language", "topic", "municipality", "district", "postcode"];

  var state = { language: "", topic: "", municipality: "", district: "", postcode: "", open: false };
  var here = null;
  var offices = [];
  var municipalities = {};
  var holidays = new Set();

  // -- words ---------------------------------------------------------------------------

  function fill(template, values) {
    return template.replace(/%\((\w+)\)[sd]/g, function (_, key) { return values[key]; });
  }
  function text(value) {
    if (!value || typeof value === "string") return value || "";
    return value[lang] || value.de || value[Object.keys(value)[0]];
  }
  function weekdayName(day) {
    return new Intl.DateTimeFormat(lang, { weekday: "long", timeZone: "UTC" }).format(Date.UTC(2024, 0, 1 + day));
  }
  function timeText(hhmm) {
    var p = hhmm.split(":");
    return new Intl.DateTimeFormat(lang, { hour: "numeric", minute: "2-digit", timeZone: "UTC" }).format(Date.UTC(2024, 0, 1, +p[0], +p[1]));
  }
  function dateText(iso) {
    var p = iso.split("-");
    return new Intl.DateTimeFormat(lang, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(Date.UTC(+p[0], p[1] - 1, +p[2]));
  }
  function countText(n) {
    var templates = config.count;
    var category = new Intl.PluralRules(lang).select(n);
    return fill(templates[category] || templates.other || templates.one, { num: n });
  }
  function distanceText(km) {
    return fill(L.away, { distance: new Intl.NumberFormat(lang, { style: "unit", unit: "kilometer", maximumFractionDigits: km < 10 ? 1 : 0 }).format(km) });
  }

  // -- time in Berlin: opening hours, closures and NRW holidays ----------------------------

  function berlinNow() {
    var parts = {};
    new Intl.DateTimeFormat("en-GB", {
      timeZone: "Europe/Berlin", year: "numeric", month: "2-digit", day: "2-digit",
      hour: "2-digit", minute: "2-digit", hourCycle: "h23", weekday: "short"
    }).formatToParts(new Date()).forEach(function (p) { parts[p.type] = p.value; });
    return {
      date: parts.year + "-" + parts.month + "-" + parts.day,
      minutes: (+parts.hour) * 60 + (+parts.minute),
      weekday: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].indexOf(parts.weekday)
    };
  }
  function addDays(iso, days) {
    var p = iso.split("-");
    return new Date(Date.UTC(+p[0], p[1] - 1, +p[2] + days)).toISOString().slice(0, 10);
  }
  function minutes(hhmm) {
    var p = hhmm.split(":");
    return (+p[0]) * 60 + (+p[1]);
  }
  function closedOn(office, day) {
    if (holidays.has(day)) return { holiday: true };
    for (var i = 0; i < office.closures.length; i++) {
      var c = office.closures[i];
      if (c[0] <= day && day <= c[1]) return { until: c[1] };
    }
    return null;
  }
  /* open: {kind: "open", closes}, closed: {kind: "closed", reason, next}, or {kind: "appointment"}
     for offices without opening hours: those are never "closed". */
  function status(office, now) {
    if (!office.hours.length) return { kind: "appointment" };
    var reason = closedOn(office, now.date);
    if (!reason) {
      for (var i = 0; i < office.hours.length; i++) {
        var r = office.hours[i];
        if (r[0] === now.weekday && minutes(r[1]) <= now.minutes && now.minutes < minutes(r[2])) return { kind: "open", closes: r[2] };
      }
    }
    for (var d = 0; d <= 21; d++) {
      var day = addDays(now.date, d);
      if (closedOn(office, day)) continue;
      var weekday = (now.weekday + d) % 7;
      var starts = office.hours.filter(function (h) { return h[0] === weekday; }).map(function (h) { return h[1]; }).sort();
      for (var j = 0; j < starts.length; j++) {
        if (d > 0 || minutes(starts[j]) > now.minutes) return { kind: "closed", reason: reason, next: { days: d, weekday: weekday, time: starts[j] } };
      }
    }
    return { kind: "closed", reason: reason };
  }
  function statusText(s) {
    if (s.kind === "appointment") return L.byAppointment;
    if (s.kind === "open") return L.openNow + " · " + fill(L.closesAt, { time: timeText(s.closes) });
    var parts = [L.closedNow];
    if (s.reason && s.reason.holiday) parts.push(L.holiday);
    if (s.reason && s.reason.until) parts.push(fill(L.closure, { date: dateText(s.reason.until) }));
    if (s.next) {
      parts.push(s.next.days === 0 ? fill(L.opensTodayAt, { time: timeText(s.next.time) })
        : fill(L.opensAt, { day: weekdayName(s.next.weekday), time: timeText(s.next.time) }));
    }
    return parts.join(" · ");
  }

  // -- filtering ---------------------------------------------------------------------------

  function distanceKm(office) {
    var rad = Math.PI / 180;
    var dLat = (office.lat - here.lat) * rad;
    var dLon = (office.lon - here.lon) * rad;
    var a = Math.sin(dLat / 2) * Math.sin(dLat / 2) +
      Math.cos(here.lat * rad) * Math.cos(office.lat * rad) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
    return 12742 * Math.asin(Math.sqrt(a));
  }

  /* For a postcode: the offices responsible for it, and the offices of the
     municipalities it belongs to. Null when no office knows the postcode. */
  function postcodeOffices(postcode) {
    var responsible = new Set();
    var local = new Set();
    offices.forEach(function (o) {
      if (o.responsible.indexOf(postcode) >= 0) responsible.add(o.slug);
      var m = municipalities[o.municipality];
      if (m && m.postcodes && m.postcodes.indexOf(postcode) >= 0) local.add(o.slug);
    });
    return responsible.size || local.size ? { responsible: responsible, local: local } : null;
  }

  function select(except) {
    var now = berlinNow();
    var byPostcode = /^\d{5}$/.test(state.postcode) && except !== "postcode" ? postcodeOffices(state.postcode) : null;
    var found = offices.filter(function (o) {
      if (state.language && except !== "language" && !o.speaks.has(state.language)) return false;
      if (state.topic && except !== "topic" && o.topics.indexOf(state.topic) < 0) return false;
      if (state.municipality && except !== "municipality" && o.municipality !== state.municipality) return false;
      if (state.district && except !== "district" && o.district !== state.district) return false;
      if (byPostcode && !byPostcode.responsible.has(o.slug) && !byPostcode.local.has(o.slug)) return false;
      o.now = status(o, now);
      if (state.open && except !== "open" && o.now.kind !== "open") return false;
      return true;
    });
    found.forEach(function (o) {
      o.isResponsible = !!(byPostcode && byPostcode.responsible.has(o.slug));
      o.km = here ? distanceKm(o) : null;
    });
    found.sort(function (a, b) {
      if (a.isResponsible !== b.isResponsible) return a.isResponsible ? -1 : 1;
      return here ? a.km - b.km : a.order - b.order;
    });
    return found;
  }

  // -- the page ------------------------------------------------------------------------------

  function el(tag, className, content) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (content !== undefined) node.textContent = content;
    return node;
  }
  function button(href, label, number) {
    var a = el("a", "md-button", label + " ");
    a.href = href;
    a.appendChild(el("span", "", number)).dir = "ltr";
    return a;
  }
  function languageChips(codes) {
    var list = el("ul", "kim-chips");
    var ordered = codes.slice().sort(function (a, b) { return (b === state.language) - (a === state.language); });
    ordered.forEach(function (code) {
      var names = config.languages[code] || [code, code];
      var chip = list.appendChild(el("li", "kim-chip" + (code === state.language ? " kim-chip--match" : "")));
      if (names[0].toLowerCase() !== names[1].toLowerCase()) {
        chip.appendChild(el("span", "", names[0])).lang = code;
        chip.appendChild(document.createTextNode(" (" + names[1] + ")"));
      } else {
        chip.textContent = names[1];
      }
    });
    return list;
  }
  function contactCard(c) {
    var card = el("li", "kim-contact");
    card.setAttribute("data-contact", "");
    var name = card.appendChild(el("p", "kim-contact__name"));
    name.appendChild(el("strong", "", c.name)).dir = "auto";
    if (c.role) {
      name.appendChild(document.createElement("br"));
      name.appendChild(el("span", "kim-contact__role", config.roles[c.role] || c.role));
    }
    if (c.languages && c.languages.length) {
      var speaks = card.appendChild(el("p", "kim-contact__languages", L.speaks + " "));
      speaks.appendChild(languageChips(c.languages));
    }
    if (c.phone || c.email) {
      var actions = card.appendChild(el("p", "kim-actions"));
      if (c.phone) actions.appendChild(button("tel:" + c.phone[0], L.call, c.phone[1]));
      if (c.email) actions.appendChild(button("mailto:" + c.email, L.email, c.email));
    }
    return card;
  }
  function officeCard(o) {
    var card = el("li", "kim-card");
    card.setAttribute("data-office", o.slug);
    var name = card.appendChild(el("a", "kim-card__name", text(o.name)));
    name.dir = "auto";  // editor text may be German on an Arabic page
    name.href = config.officeUrl + encodeURIComponent(o.slug) + "/";
    if (o.isResponsible) card.appendChild(el("span", "kim-badge", L.responsible));
    card.appendChild(el("span", "kim-card__carrier")).appendChild(el("bdi", "", text(o.carrier)));
    var place = o.street + ", " + o.postcode + " " + o.city + (o.district ? " (" + o.district + ")" : "");
    card.appendChild(el("span", "kim-card__place")).appendChild(el("bdi", "", place));
    if (o.km !== null) card.appendChild(el("span", "kim-card__distance", distanceText(o.km)));
    card.appendChild(el("span", "kim-status kim-status--" + o.now.kind, statusText(o.now)));
    card.appendChild(el("span", "kim-card__appointment", L[{ "walk-in": "walkIn" }[o.appointment] || o.appointment]));
    var languages = card.appendChild(el("div", "kim-card__languages", L.languagesLabel + " "));
    languages.appendChild(languageChips(o.languages.concat(o.contactLanguages.filter(function (c) { return o.languages.indexOf(c) < 0; }))));
    if (o.phone || o.email) {
      var actions = card.appendChild(el("p", "kim-actions"));
      if (o.phone) actions.appendChild(button("tel:" + o.phone[0], L.call, o.phone[1]));
      if (o.email) actions.appendChild(button("mailto:" + o.email, L.email, o.email));
    }
    if (o.contacts.length) {
      var contacts = o.contacts.slice().sort(function (a, b) {
        return speaks(b) - speaks(a);
      });
      var list = card.appendChild(el("ul", "kim-contacts"));
      contacts.forEach(function (c) { list.appendChild(contactCard(c)); });
    }
    return card;
  }
  function speaks(contact) {
    return state.language && contact.languages && contact.languages.indexOf(state.language) >= 0 ? 1 : 0;
  }

  function filterName(field) {
    var control = form.elements[field];
    if (field === "language") return config.languages[state.language] ? config.languages[state.language][1] : state.language;
    if (field === "open") return L.openNow;
    if (control && control.tagName === "SELECT") {
      var option = control.querySelector('option[value="' + CSS.escape(state[field]) + '"]');
      return option ? option.textContent : state[field];
    }
    return state[field];
  }

  function showNoMatch() {
    help.replaceChildren(el("p", "", L.noMatch));
    var withInterpreters = select("language").filter(function (o) { return o.interpreters; });
    if (state.language && withInterpreters.length) {
      help.appendChild(el("p", "", L.tryInterpreters));
      var list = help.appendChild(el("ul", "kim-cards"));
      withInterpreters.forEach(function (o) { list.appendChild(officeCard(o)); });
    }
    if (here) {
      var nearest = offices.slice().sort(function (a, b) { return distanceKm(a) - distanceKm(b); })[0];
      if (nearest) {
        nearest.now = status(nearest, berlinNow());
        nearest.km = distanceKm(nearest);
        nearest.isResponsible = false;
        help.appendChild(el("p", "", L.tryNearest));
        help.appendChild(el("ul", "kim-cards")).appendChild(officeCard(nearest));
      }
    }
    var active = FIELDS.filter(function (f) { return state[f]; }).concat(state.open ? ["open"] : []);
    if (active.length) {
      help.appendChild(el("p", "", L.tryRemove));
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

  function render() {
    var found = select();
    results.replaceChildren.apply(results, found.map(officeCard));
    count.textContent = countText(found.length);
    help.hidden = true;
    help.replaceChildren();
    if (!found.length) showNoMatch();
  }

  // -- state, form and URL -------------------------------------------------------------------

  function toForm() {
    var radio = form.querySelector('input[name="language"][value="' + CSS.escape(state.language) + '"]');
    (radio || form.querySelector('input[name="language"][value=""]')).checked = true;
    ["topic", "municipality", "district", "postcode"].forEach(function (f) { form.elements[f].value = state[f]; });
    form.elements.open.checked = state.open;
    showDistricts();
  }
  function fromForm() {
    var radio = form.querySelector('input[name="language"]:checked');
    state.language = radio ? radio.value : "";
    ["topic", "municipality", "district"].forEach(function (f) { state[f] = form.elements[f].value; });
    state.postcode = form.elements.postcode.value.trim();
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
    state.open = query.get("open") === "now";
    // A language given in the URL that no office speaks must still filter (to nothing).
    if (state.language && !form.querySelector('input[name="language"][value="' + CSS.escape(state.language) + '"]')) {
      var label = form.querySelector("[data-language-list]").appendChild(el("label"));
      var input = label.appendChild(el("input"));
      input.type = "radio"; input.name = "language"; input.value = state.language;
      label.appendChild(document.createTextNode(" " + state.language));
    }
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
    if (!postcodeOffices(state.postcode)) return say(fill(L.postcodeUnknown, { postcode: state.postcode }));
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
    if (event.target.name === "postcode" && state.postcode === event.target.value.trim()) return;
    if (!event.target.name) return;
    fromForm();
    if (event.target.name === "municipality") state.district = "";
    apply(true);
  });
  form.elements.postcode.addEventListener("input", function (event) {
    var value = event.target.value.trim();
    if (value.length === 5 || value === "") {
      state.postcode = value;
      apply(true);
    }
  });
  form.querySelector("[data-language-filter]").addEventListener("input", function (event) {
    var words = event.target.value.trim().toLowerCase();
    form.querySelectorAll("[data-language-choice]").forEach(function (label) {
      var code = label.getAttribute("data-language-choice");
      label.hidden = !!words && label.textContent.toLowerCase().indexOf(words) < 0 && code.indexOf(words) !== 0;
    });
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

  fetch(config.index).then(function (response) { return response.json(); }).then(function (data) {
    holidays = new Set(data.holidays);
    municipalities = data.municipalities;
    offices = data.offices.map(function (o, i) {
      o.order = i;
      o.hours = o.hours || [];
      o.closures = o.closures || [];
      o.contacts = o.contacts || [];
      o.topics = o.topics || [];
      o.responsible = o.responsible || [];
      o.contactLanguages = [];
      o.contacts.forEach(function (c) {
        (c.languages || []).forEach(function (code) { if (o.contactLanguages.indexOf(code) < 0) o.contactLanguages.push(code); });
      });
      o.speaks = new Set((o.languages || []).concat(o.contactLanguages));
      return o;
    });
    form.hidden = false;
    readUrl();
    render();
  });
})();
