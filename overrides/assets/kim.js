/* What the finder and the maps share: the page's words, offices' opening state in
   Berlin time (hours, closures, NRW holidays), and the one index of all offices.
   Values from the index go into the page as text, never as HTML. */
window.KIM = (function () {
  "use strict";

  var element = document.getElementById("kim-config");
  var config = element ? JSON.parse(element.textContent) : { labels: {}, languages: {} };
  var L = config.labels;
  var lang = config.language || document.documentElement.lang;
  var holidays = new Set(config.holidays || []);  // office pages; the index brings them elsewhere

  /* A value the index or the page's words hold under `key`, or undefined. Keys come from
     editors (roles, ids) and from the address (?language=): "constructor" or "__proto__"
     must find nothing, not what every plain object inherits. */
  function own(object, key) {
    return object && Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
  }

  // -- words ---------------------------------------------------------------------------

  function fill(template, values) {
    return template.replace(/%\((\w+)\)[sd]/g, function (_, key) { return values[key]; });
  }

  // Made once: a formatter costs far more to make than to use (the finder fills many cards).
  var weekdayFormat = new Intl.DateTimeFormat(lang, { weekday: "long", timeZone: "UTC" });
  var timeFormat = new Intl.DateTimeFormat(lang, { hour: "numeric", minute: "2-digit", timeZone: "UTC" });
  var berlinFormat = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/Berlin", year: "numeric", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit", hourCycle: "h23", weekday: "short"
  });
  function weekdayName(day) {
    return weekdayFormat.format(Date.UTC(2024, 0, 1 + day));
  }
  function timeText(hhmm) {
    var p = hhmm.split(":");
    return timeFormat.format(Date.UTC(2024, 0, 1, +p[0], +p[1]));
  }
  function dateText(iso) {
    var p = iso.split("-");
    return new Intl.DateTimeFormat(lang, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(Date.UTC(+p[0], p[1] - 1, +p[2]));
  }
  function countText(n) {
    var templates = config.count;
    var category = new Intl.PluralRules(lang).select(n);
    return fill(templates[category] || templates.other || templates.one, { num: new Intl.NumberFormat(lang).format(n) });
  }

  function kilometres(km) {
    return new Intl.NumberFormat(lang, { style: "unit", unit: "kilometer", maximumFractionDigits: km < 10 ? 1 : 0 }).format(km);
  }
  function distanceText(km) {
    return fill(L.away, { distance: kilometres(km) });
  }

  // -- time in Berlin: opening hours, closures and NRW holidays ----------------------------

  function berlinNow() {
    var parts = {};
    berlinFormat.formatToParts(new Date()).forEach(function (p) { parts[p.type] = p.value; });
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
  /* Hours rules may hold from or until a date, on some of the month's weekdays only
     (1 the first, -1 the last), at a further place: [weekday, open, close, from, until,
     weeks, place] (outputs/finder.py `_hours`). */
  function holds(rule, day) {
    return (!rule[3] || rule[3] <= day) && (!rule[4] || day <= rule[4]) && inWeek(rule[5], day);
  }
  function inWeek(weeks, day) {
    if (!weeks || !weeks.length) return true;
    var last = addDays(day, 7).slice(0, 7) !== day.slice(0, 7);
    return weeks.indexOf(Math.floor((+day.slice(8) - 1) / 7) + 1) >= 0 || (last && weeks.indexOf(-1) >= 0);
  }
  function closedOn(office, day) {
    if (office.from && day < office.from) return { starts: office.from };
    if (holidays.has(day)) return { holiday: true };
    for (var i = 0; i < office.closures.length; i++) {
      var c = office.closures[i];
      if (c[0] <= day && day <= c[1]) return { until: c[1] };
    }
    return null;
  }
  /* open: {kind: "open", closes, place}, closed: {kind: "closed", reason, next: {days,
     weekday, time, place}}, `place` the further place where it is not the office itself;
     null for an office without opening hours that hold now: nobody knows whether it is open. */
  function status(office, now) {
    if (office.hoursState !== "current") return null;
    var reason = closedOn(office, now.date);
    if (!reason) {
      for (var i = 0; i < office.hours.length; i++) {
        var r = office.hours[i];
        if (r[0] === now.weekday && holds(r, now.date) && minutes(r[1]) <= now.minutes && now.minutes < minutes(r[2])) return { kind: "open", closes: r[2], place: r[6] };
      }
    }
    for (var d = 0; d <= 21; d++) {
      var day = addDays(now.date, d);
      if (closedOn(office, day)) continue;
      var weekday = (now.weekday + d) % 7;
      var starts = office.hours.filter(function (h) { return h[0] === weekday && holds(h, day); }).sort(function (a, b) { return minutes(a[1]) - minutes(b[1]); });
      for (var j = 0; j < starts.length; j++) {
        if (d > 0 || minutes(starts[j][1]) > now.minutes) return { kind: "closed", reason: reason, next: { days: d, weekday: weekday, time: starts[j][1], place: starts[j][6] } };
      }
    }
    return { kind: "closed", reason: reason };
  }
  /* "Consultation place: Rathaus Velbert", the name isolated from the words around it
     (as <bdi> would: a Latin name in an Arabic line keeps its place). */
  function placeText(name) {
    return L.placeOf + " \u2068" + name + "\u2069";
  }
  /* `phone`: the words for a phone line ("Phone line open now"). */
  function statusText(s, phone) {
    if (s.kind === "open") return [phone ? L.phoneOpenNow : L.openNow, fill(L.closesAt, { time: timeText(s.closes) })].concat(s.place ? [placeText(s.place)] : []).join("\u00a0· ");
    var parts = [phone ? L.phoneClosedNow : L.closedNow];
    if (s.reason && s.reason.holiday) parts.push(L.holiday);
    if (s.reason && s.reason.until) parts.push(fill(L.closure, { date: dateText(s.reason.until) }));
    if (s.reason && s.reason.starts) parts.push(fill(L.startsOn, { date: dateText(s.reason.starts) }));
    if (s.next) {
      parts.push(s.next.days === 0 ? fill(L.opensTodayAt, { time: timeText(s.next.time) })
        : fill(L.opensAt, { day: weekdayName(s.next.weekday), time: timeText(s.next.time) }));
      if (s.next.place) parts.push(placeText(s.next.place));
    }
    return parts.join("\u00a0· ");  // the separator keeps to the part before it: no line starts with it
  }

  /* An office's card: a copy of the page's <template data-card> (rendering/templates/
     _card.j2), filled with the office's summary from the index (words/phrases.py), by the
     rules the template states: the words are the ones the pages print, never made here. */
  var cardTemplate = document.querySelector("template[data-card]");
  function has(data, key) {
    return own(data, key) !== undefined;
  }
  function putText(node, value) {
    var target = node.querySelector("[data-slot-text]") || node;
    var words = typeof value === "object" ? value.text : value;
    target.textContent = words;
    ["lang", "dir"].forEach(function (name) {
      if (typeof value === "object" && has(value, name)) target.setAttribute(name, value[name]);
      else if (target.hasAttribute("data-slot-text")) target.removeAttribute(name);
    });
    // "(in German)" after editor text not written in the page's language (data-mark).
    var mark = node.querySelector("[data-mark]");
    if (mark && typeof value === "object" && has(value, "mark")) mark.textContent = value.mark;
    else if (mark) mark.remove();
  }
  function putLink(node, data) {
    var href = node.getAttribute("data-href");
    if (href === null) return;
    if (has(data, href)) node.setAttribute("href", data[href]); else node.removeAttribute("href");
  }
  function fillCard(node, data) {
    Array.prototype.slice.call(node.children).forEach(function (child) {
      var shownIf = child.getAttribute("data-if");
      if (shownIf !== null && !has(data, shownIf)) { child.remove(); return; }
      putLink(child, data);
      var slot = child.getAttribute("data-slot");
      if (slot === null) { fillCard(child, data); return; }
      if (!has(data, slot)) { child.remove(); return; }
      var value = data[slot];
      if (Array.isArray(value)) {
        var items = Array.prototype.filter.call(child.children, function (c) { return c.hasAttribute("data-item"); });
        items.forEach(function (item) { item.remove(); });
        value.forEach(function (entry) {
          var copy = items[0].cloneNode(true);
          if (typeof entry === "object" && !has(entry, "text")) {
            putLink(copy, entry);
            fillCard(copy, entry);
          } else {
            putText(copy, entry);
          }
          child.appendChild(copy);
        });
      } else if (typeof value === "object" && !has(value, "text")) {
        fillCard(child, value);
      } else {
        putText(child, value);
      }
    });
  }
  /* `office`: its entry in the index, to say whether it is open now. */
  function card(summary, office) {
    var node = cardTemplate.content.firstElementChild.cloneNode(true);
    var entry = office || summary;
    node.setAttribute("data-office", entry.slug);
    fillCard(node, summary);
    node.querySelector("[data-office-link]").href = officeUrl(entry);
    node.querySelector("[data-handout]").href = handoutUrl(entry, summary.handout);
    var report = node.querySelector("[data-report]");
    if (report) report.href = officeUrl(entry) + "#kim-report";
    var now = office ? status(office, berlinNow()) : null;
    var line = node.querySelector("[data-status]");
    if (now) {
      line.textContent = statusText(now);
      line.classList.add("kim-status--" + now.kind);
      line.hidden = false;
    } else {
      line.remove();
    }
    return node;
  }

  /* An office page (templates/office.md.j2): whether the office and its phone line are
     open now, by the finder's rules; nothing where their hours do not hold now. */
  document.querySelectorAll("[data-open-now]").forEach(function (box) {
    var o = JSON.parse(box.getAttribute("data-open-now"));
    var closures = o.closures || [];
    var now = berlinNow();
    [
      [box.querySelector("[data-status]"), { hoursState: o.hoursState, hours: o.hours || [], closures: closures, from: o.from }, false],
      [box.querySelector("[data-phone-status]"), { hoursState: o.phoneState, hours: o.phoneHours || [], closures: closures, from: o.from }, true]
    ].forEach(function (shown) {
      var s = status(shown[1], now);
      if (!s) return;
      shown[0].textContent = statusText(s, shown[2]);
      shown[0].classList.add("kim-status--" + s.kind);
      shown[0].hidden = false;
    });
  });

  /* Offline (kim-sw.js served the page from the browser's copy): how old its data is. */
  var offlineNote = null;
  function showOffline() {
    var article = document.querySelector("article");
    if (navigator.onLine || !article || !config.built) {
      if (offlineNote) offlineNote.hidden = true;
      return;
    }
    if (!offlineNote) {
      offlineNote = el("p", "kim-offline kim-notice");
      offlineNote.setAttribute("role", "status");
      offlineNote.setAttribute("data-offline", "");
      var heading = article.querySelector("h1");
      if (heading) heading.parentNode.insertBefore(offlineNote, heading.nextSibling);
      else article.insertBefore(offlineNote, article.firstChild);
    }
    offlineNote.textContent = fill(L.offline, { date: dateText(config.built) });
    offlineNote.hidden = false;
  }
  window.addEventListener("offline", showOffline);
  window.addEventListener("online", showOffline);

  function el(tag, className, content) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (content !== undefined) node.textContent = content;
    return node;
  }
  // -- share an office: the phone's share sheet, else copy the link ---------------------

  function shareStatus(button) {
    var next = button.nextElementSibling;
    if (next && next.hasAttribute("data-share-status")) return next;
    var status = el("span", "kim-share-status");
    status.setAttribute("data-share-status", "");
    status.setAttribute("role", "status");
    button.parentNode.insertBefore(status, button.nextSibling);
    return status;
  }
  function share(button, title, url) {
    if (navigator.share) {
      navigator.share({ title: title, text: fill(L.shareText, { name: title }), url: url }).catch(function () {});
      return;
    }
    var status = shareStatus(button);
    function show(words) { status.textContent = words; }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(url).then(function () { show(L.linkCopied); }, function () { show(url); });
    } else {
      show(url);  // no clipboard (a page not served over https): the link to copy by hand
    }
  }
  /* `language`: the name of another language the page is shared in. */
  function shareButton(title, url, language) {
    var words = navigator.share ? (language ? fill(L.shareIn, { language: language }) : L.share) : (language ? fill(L.copyLinkIn, { language: language }) : L.copyLink);
    var button = el("button", "md-button", words);
    button.type = "button";
    button.setAttribute("data-share", "");
    button.addEventListener("click", function () { share(button, title, url); });
    return button;
  }
  // The office page's button (templates/office.md.j2), hidden without script.
  document.querySelectorAll("button[data-share][hidden]").forEach(function (button) {
    var heading = document.querySelector("article h1");
    button.textContent = navigator.share ? L.share : L.copyLink;
    button.hidden = false;
    button.addEventListener("click", function () {
      share(button, heading ? heading.textContent.trim() : document.title, location.href.split(/[?#]/)[0]);
    });
  });
  function handoutUrl(o, language) {
    return config.handout + "?office=" + encodeURIComponent(o.slug) + "&for=" + encodeURIComponent(language);
  }

  var loading = null;
  /* The index of all offices, fetched once per page. */
  function offices() {
    loading = loading || fetch(config.index).then(function (response) { return response.json(); }).then(function (data) {
      holidays = new Set(data.holidays);
      // The cards name languages by code; the index has each one's label once.
      var label = function (code) { return own(data.languageLabels, code); };
      data.offices.forEach(function (o, i) {
        o.speaks = new Set(o.card.languages || []);  // every language spoken there
        if (o.card.languages) o.card.languages = o.card.languages.map(label);
        (o.card.contacts || []).forEach(function (c) { if (c.codes && c.codes.length) c.speaks = c.codes.map(label); });
        o.order = i;
        o.hours = o.hours || [];
        o.closures = o.closures || [];
        o.topics = o.topics || [];
        o.responsible = o.responsible || [];
        o.responsibleArea = o.responsibleArea || [];
        o.area = o.area || [o.municipality];
        o.districts = o.districts || [];
        o.places = o.places || [];
      });
      return data;
    });
    return loading;
  }
  function officeUrl(o) {
    return config.officeUrl + encodeURIComponent(o.slug) + "/";
  }

  showOffline();

  return {
    config: config, labels: L, language: lang, own: own, fill: fill, countText: countText,
    distanceText: distanceText, kilometres: kilometres, berlinNow: berlinNow, status: status, statusText: statusText, card: card,
    el: el, shareButton: shareButton, handoutUrl: handoutUrl, offices: offices, officeUrl: officeUrl
  };
})();
