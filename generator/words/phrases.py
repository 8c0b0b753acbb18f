"""Facts about an office as text, in each site language: worded once, here, for every
page, card, popup, handout, export and script that states them.

`summary` is an office summarised for one language: plain text and data, no markup.
The card template (rendering/templates/_card.j2) lays it out on the pages; the
finder's and the map's scripts get the same summary in their index and fill a copy
of that template with it (overrides/assets/kim.js `card`), so a card reads the same
wherever it is shown. Keys are left out where the data says nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any
from urllib.parse import quote, urlencode

from babel.dates import get_day_names
from babel.lists import format_list

from .. import i18n
from ..contract import vocabulary as v
from ..contract.records import DAYS, LAST, ROLES, Accessibility, Contact, OpeningRule, PhoneNumber, TargetGroup, later_rules
from ..contract.values import Text
from ..domain.access import ACCESS_TEXTS
from ..domain.directory import Office
from ..i18n import _, ngettext

# What the building offers, each as said where it is published (office pages, cards,
# handouts, JSON-LD, open data): the field, and the words for yes and for no.
ACCESSIBILITY = (
    ("wheelchair", _("Wheelchair accessible"), _("Not wheelchair accessible")),
    ("accessible_toilet", _("Accessible toilet"), _("No accessible toilet")),
    ("hearing_loop", _("Hearing loop"), _("No hearing loop")),
)
MAX_YEARS = ngettext("For people who have lived in the area for at most %(num)d year.", "For people who have lived in the area for at most %(num)d years.")
CALL = {"landline": _("Call"), "mobile": _("Call (mobile)")}
IN_LANGUAGE = _("(in %(language)s)")
# Which of a month's weekdays hours hold on (OpeningRule.weeks): "every 1st and 3rd Tuesday
# of the month". Translations may leave out the weekday (it stands before the hours) where
# the ordinal would have to agree with it, and count weeks instead.
ORDINALS = {1: _("1st"), 2: _("2nd"), 3: _("3rd"), 4: _("4th"), 5: _("5th"), LAST: _("last")}
EVERY_WEEKS = _("every %(weeks)s %(weekday)s of the month")


# -- one fact, one line ------------------------------------------------------------------


def shown(text: Text, language: str) -> dict[str, str]:
    """Editor text as shown on a page of `language`: in that language where written,
    else in English, else in German (Text.language_of), with its language and direction (and what to tell readers: "(in
    German)") where it is not the page's."""
    written_in = text.language_of(language)
    if written_in == language:
        return {"text": text.get(language)}
    words = i18n.gettext(language, IN_LANGUAGE) % {"language": i18n.language_name(written_in, language)}
    return {"text": text.get(language), "lang": written_in, "dir": i18n.direction(written_in), "mark": words}


def kind_label(kind: str, language: str) -> str:
    return i18n.gettext(language, v.OFFICE_KINDS.label(kind))


def role_label(role: str | None, language: str) -> str:
    """A role id in the page's language; a role written as text, as written."""
    if role in ROLES:
        return i18n.gettext(language, v.ROLES.label(role))
    return role or ""


def group_label(group: str, language: str) -> str:
    return i18n.gettext(language, v.TARGET_GROUPS.label(group))


def call_label(kind: str, language: str) -> str:
    """"Call", or "Call (mobile)": a mobile number says so."""
    return i18n.gettext(language, CALL["mobile" if kind == "mobile" else "landline"])


def language_label(code: str, language: str) -> dict[str, Any]:
    """A language as readers find it: its own name in its own language, then the name the
    page's reader knows: `{"own": {"text": "العربية", "lang": "ar"}, "known": "(Arabisch)"}`;
    only `known` where both are the same (Deutsch on a German page)."""
    own = i18n.language_own_name(code)
    known = i18n.language_name(code, language)
    if not own or own.casefold() == known.casefold():
        return {"code": code, "known": known}
    return {"code": code, "own": {"text": own, "lang": code}, "known": f"({known})"}


def accessibility_facts(accessibility: Accessibility | None, language: str) -> list[tuple[str, bool, str]]:
    """What the office says about access to its building: (field, yes or no, the words)
    for each field it states; nothing it does not state."""
    if accessibility is None:
        return []
    facts = []
    for field, yes, no in ACCESSIBILITY:
        value = getattr(accessibility, field)
        if value is not None:
            facts.append((field, value, i18n.gettext(language, yes if value else no)))
    return facts


def accessibility_lines(accessibility: Accessibility | None, language: str) -> list[str]:
    return [words for _field, _value, words in accessibility_facts(accessibility, language)]


def access_lines(office: Office, language: str) -> list[str]:
    """How to get in and when (domain/access.py), a sentence each."""
    return [i18n.gettext(language, ACCESS_TEXTS[line.key]) % ({"date": i18n.date_text(line.date, language)} if line.date else {}) for line in office.access.lines]


def place_line(office: Office) -> str:
    """Where the office is, in one line, as far as published: `Hauptstraße 221, 44649 Herne (Wanne)`,
    or only the municipality."""
    city = office.address.city if office.address else None
    district = office.district if office.district and office.district != city else None
    return office.place_line + (f" ({district})" if district else "")


def age_line(target: TargetGroup, language: str) -> str:
    """"Aged 18 to 27", "Aged 18 and over", "Aged up to 27"."""
    gettext = i18n.translations(language).gettext
    if target.min_age is not None and target.max_age is not None:
        return gettext("Aged %(min)d to %(max)d") % {"min": target.min_age, "max": target.max_age}
    if target.min_age is not None:
        return gettext("Aged %(min)d and over") % {"min": target.min_age}
    return gettext("Aged up to %(max)d") % {"max": target.max_age}


def target_parts(target: TargetGroup, language: str) -> list[str]:
    """Who an office is for, a part each: the ages, each group, the years in the area."""
    parts = [age_line(target, language)] if target.min_age is not None or target.max_age is not None else []
    parts += [group_label(group, language) for group in target.groups]
    if target.max_years:
        parts.append(i18n.translations(language).ngettext(*MAX_YEARS, target.max_years) % {"num": target.max_years})
    return parts


def target_line(target: TargetGroup, language: str, with_note: bool = True) -> str:
    """Who an office is for, in one line: "For: Aged 18 to 27 and Women." (or "At first,
    until 31 March 2027: …"), the years in the area, then the office's own note (not
    with `with_note=False`: a card shows it apart, marked with its language, `shown`)."""
    gettext = i18n.translations(language).gettext
    lead = gettext("At first, until %(date)s:") % {"date": i18n.date_text(target.until, language)} if target.until else gettext("For:")
    parts = target_parts(target, language)
    years = parts.pop() if target.max_years else ""
    listed = format_list(parts, locale=language) + "." if parts else ""
    note = target.note.get(language) if target.note and with_note else ""
    return " ".join(filter(None, (lead, listed, years, note)))


def weeks_text(rule: OpeningRule, language: str, day: str | None = None) -> str:
    """Which of the month's weekdays `rule` holds on, for `day` or each of its days:
    "every 1st and 3rd Tuesday of the month"; "" where it holds every week."""
    if not rule.weeks:
        return ""
    ordinals = [i18n.gettext(language, ORDINALS[week]) for week in sorted(set(rule.weeks), key=lambda week: week if week != LAST else 6)]
    names = get_day_names("wide", locale=language)
    template = i18n.gettext(language, EVERY_WEEKS)
    said = [template % {"weeks": format_list(ordinals, locale=language), "weekday": names[DAYS.index(d)]} for d in ((day,) if day else rule.days)]
    return "; ".join(dict.fromkeys(said))  # once where a language does not name the day


def places_hours(office: Office, language: str, today: dt.date) -> list[str]:
    """The hours at each of the office's places that have some on `today`, by name:
    "Rathaus Eschweiler: Di. 10:00–12:00 (jeden 1. und 3. Dienstag im Monat)"."""
    return [f"{place.name.get(language)}: {line}" for place in office.consultations if (line := hours_line(place.hours, language, today))]


def hours_line(rules: tuple[OpeningRule, ...], language: str, today: dt.date) -> str:
    """The rules that hold today in one line: "Mo.–Do. 08:00–15:00; Fr. 08:00–12:00";
    a rule for some weeks of the month a day each: "Di. 09:00–12:00 (jeden 1. Dienstag im Monat)"."""
    by_time: dict[tuple, set[int]] = {}
    for rule in rules:
        if rule.valid_on(today):
            for weekday in rule.days:
                by_time.setdefault((rule.open, rule.close, weeks_text(rule, language, weekday)), set()).add(DAYS.index(weekday))
    short = get_day_names("abbreviated", locale=language)
    parts = []
    for (opens, closes, weeks), days in sorted(by_time.items(), key=lambda item: (min(item[1]), item[0][2])):
        runs: list[list[int]] = []
        for day in sorted(days):
            if runs and day == runs[-1][1] + 1:
                runs[-1][1] = day
            else:
                runs.append([day, day])
        # Three or more days in a row as a range, shorter runs one by one.
        names = [f"{short[a]}–{short[b]}" if b - a >= 2 else ", ".join(short[d] for d in range(a, b + 1)) for a, b in runs]
        parts.append(f"{', '.join(names)} {i18n.time_text(opens, language)}–{i18n.time_text(closes, language)}" + (f" ({weeks})" if weeks else ""))
    return "; ".join(parts)


def family_language(office: Office, language: str) -> str:
    """The family's language a handout starts with: the page's, on a German page one the
    office speaks (a site language), else English."""
    if language != i18n.DEFAULT_LANGUAGE:
        return language
    spoken = [code for code in office.all_languages if code in i18n.SITE_LANGUAGES and code != i18n.DEFAULT_LANGUAGE]
    return (spoken or ["en"])[0]


# -- an office summarised ------------------------------------------------------------------


def ways(reachable: Any, language: str) -> list[dict[str, str]]:
    """Every published way to get in touch: the numbers to call (no fax), the e-mail
    address, the website."""
    found = [phone_way(p, language) for p in reachable.phones if p.kind != "fax"]
    if reachable.email:
        found.append({"href": "mailto:" + reachable.email, "label": i18n.gettext(language, _("E-mail")), "value": reachable.email})
    if getattr(reachable, "website", None):
        found.append({"href": reachable.website, "label": i18n.gettext(language, _("Website"))})
    return found


def phone_way(phone: PhoneNumber, language: str) -> dict[str, str]:
    return {"href": "tel:" + phone.number.e164, "label": call_label(phone.kind, language), "value": phone.number.display}


def listed_names(names: list[dict], language: str) -> list[dict]:
    """Names in a list the way the page's language writes one ("A, B und C"): each with
    the words that follow it (", ", " und ")."""
    placeholders = [f"\x00{i}\x00" for i in range(len(names))]
    joined = format_list(placeholders, locale=language) if names else ""
    parts = []
    for i, name in enumerate(names):
        after = joined.split(placeholders[i], 1)[1].split(placeholders[i + 1], 1)[0] if i + 1 < len(names) else ""
        # Arabic and Persian "و" joins the next word: before a name, a space.
        parts.append({**name, "after": after + " " if after.endswith("و") else after} if after else name)
    return parts


def contact_summary(office: Office, contact: Contact, language: str) -> dict[str, Any]:
    summary: dict[str, Any] = {"name": contact.name, "codes": list(contact.languages)}
    if role := "\u00a0· ".join(filter(None, (role_label(contact.role, language), contact.title))):
        summary["role"] = role
    if contact.place:
        summary["place"] = shown(office.consultations[contact.place - 1].name, language)
    if contact.languages:
        summary["speaks"] = [language_label(code, language) for code in contact.languages]
    if found := ways(contact, language):
        summary["ways"] = found
    return summary


def summary(office: Office, language: str, first: str | None = None) -> dict[str, Any]:
    """The office summarised for a page of `language`: what every card says. `first`:
    a language put first, among the office's languages and by its speakers among the
    contacts (the finder does the same for the language chosen)."""
    today = office.today
    s: dict[str, Any] = {"slug": office.slug, "name": shown(office.name, language), "handout": family_language(office, language)}
    if office.kind != "counselling":
        s["kind"] = kind_label(office.kind, language)
    if not office.accepting_new_clients:
        s["closedToNew"] = i18n.gettext(language, _("Not taking on new clients at the moment"))
    s["carriers"] = listed_names([{"name": shown(c.name, language), **({"href": c.website} if c.website else {})} for c in office.carriers], language)
    s["place"] = place_line(office)
    if office.consultations:
        # "Also at:", or where the office counsels only at its places, "Consultations at:".
        places = "; ".join(f"{p.name.get(language)} ({p.address.city or office.municipality.name.get(language)})" for p in office.consultations)
        s["placesAt" if office.only_at_places else "alsoAt"] = places
    if office.access.phone_hours == "current":
        s["phoneHours"] = hours_line(office.phone_hours, language, today)
    s["access"] = access_lines(office, language)
    if lines := accessibility_lines(office.accessibility, language):
        s["accessibility"] = lines
    if office.outreach:
        s["outreach"] = i18n.gettext(language, _("Also visits people"))
    if office.target_group and office.target_group.applies_on(today):
        s["target"] = target_line(office.target_group, language, with_note=False)
        if office.target_group.note:
            s["targetNote"] = shown(office.target_group.note, language)
    if office.all_languages:
        codes = sorted(office.all_languages, key=lambda code: code != first) if first else office.all_languages
        s["languages"] = [language_label(code, language) for code in codes]
    else:
        s["languagesUnknown"] = i18n.gettext(language, _("not published – please ask"))
    if found := ways(office, language):
        s["ways"] = found
    if not office.reachable:
        asked = [(c, ways(c, language)) for c in office.carriers]
        s["askCarrier"] = [{"name": shown(c.name, language), "ways": found} for c, found in asked if found]
    contacts = sorted(office.published_contacts, key=lambda c: first not in c.languages) if first else office.published_contacts
    if contacts:
        s["contacts"] = [contact_summary(office, c, language) for c in contacts]
    return {key: value for key, value in s.items() if value not in ([], "")}


def _skeleton() -> dict[str, Any]:
    """A summary with every key, each list with one item: the card the scripts copy
    and fill (rendering/pages.py `card_template`)."""
    text = {"text": ""}
    label = {"code": "", "own": text, "known": ""}
    way = {"href": "", "label": "", "value": ""}
    return {
        "slug": "", "name": text, "handout": "", "kind": "", "closedToNew": "",
        "carriers": [{"name": text, "href": "", "after": ""}],
        "place": "", "alsoAt": "", "placesAt": "", "phoneHours": "", "access": [""], "accessibility": [""], "outreach": "", "target": "", "targetNote": {**text, "mark": ""},
        "languages": [label], "languagesUnknown": "", "ways": [way],
        "askCarrier": [{"name": text, "ways": [way]}],
        "contacts": [{"name": "", "role": "", "place": text, "speaks": [label], "ways": [way]}],
    }  # fmt: skip


SKELETON = _skeleton()


# -- a reader's report of a wrong entry ------------------------------------------------------

# Why a reader reports: the label in the reader's language, the words for the editor in German.
REPORT_REASONS = (
    (_("A phone number or e-mail address is wrong"), "Telefon oder E-Mail falsch"),
    (_("The office has moved or closed"), "Umgezogen oder geschlossen"),
    (_("A language is not offered"), "Sprache wird nicht angeboten"),
    (_("The opening hours are wrong"), "Öffnungszeiten falsch"),
    (_("Something else"), "Etwas anderes"),
)


def report(office: Office, language: str, report_to: tuple[str, str] | None, page: str) -> dict[str, Any] | None:
    """The form a reader reports a wrong entry with, on the office's page: without
    JavaScript, to the editors' e-mail (the mail program opens with the report, German
    for the editor, the reader's words as written) or to a new issue on the site's git
    host. `page`: the office page's address. None where the site names neither."""
    if report_to is None:
        return None
    gettext = functools.partial(i18n.gettext, language)
    name = office.name.get(i18n.DEFAULT_LANGUAGE)
    about = f"{name} – {page}" if page else name
    reasons = [{"label": gettext(label), "value": german} for label, german in REPORT_REASONS]
    kind, target = report_to
    if kind == "issues":
        # GitLab's and GitHub's new-issue pages take a title and a description from the address.
        gitlab = "/-/issues/new" in target
        title, text = ("issue[title]", "issue[description]") if gitlab else ("title", "body")
        for reason in reasons:
            reason["value"] = f"Fehlermeldung ({language}): {reason['value']} – {name}"
        return {"action": target, "method": "get", "enctype": "", "reason": title, "text": text, "reasons": reasons, "hidden": [], "how": gettext(_("This opens a new report for the editors on their project's website; you need an account there."))}
    return {
        "action": f"mailto:{quote(target, safe='@')}?{urlencode({'subject': f'Fehlermeldung zur Website: {name}'}, quote_via=quote)}",
        "method": "post",
        "enctype": "text/plain",  # the mail's body: one line per field
        "reason": "Grund",
        "text": "Ihre Worte",
        "reasons": reasons,
        "hidden": [("Beratungsstelle", about), ("Sprache der Seite", i18n.language_name(language, i18n.DEFAULT_LANGUAGE))],
        "how": gettext(_("This opens your e-mail program with a message to the editors of this site. Nothing is sent until you send it.")),
    }


# -- what changed since the last publication (the feed of changes, outputs/feed.py) ----------

# A change's label in an entry's title, and the line saying it in the entry.
CHANGE_LABELS = {
    "new": _("New office"),
    "gone": _("No longer listed"),
    "hours": _("New opening hours"),
    "phones": _("New phone number"),
    "address": _("New address"),
    "languages": _("Languages changed"),
}
# A closure announced, and one taken back: by its days, one day or from ... to.
CLOSURE_WORDS = {
    True: (_("Closed on %(date)s"), _("Closed from %(start)s to %(end)s")),
    False: (_("Closure on %(date)s cancelled"), _("Closure from %(start)s to %(end)s cancelled")),
}
FEED_TITLE = _("Changes in the directory")
FEED_ABOUT = _("New offices, closures, offices no longer listed, and changed opening hours, phone numbers, addresses and languages.")
# Entries that are no change of an office: the first publication of the feed, and a
# new start where the previous publication's list could not be read.
FEED_NOTICES = {
    "first": (_("Changes are listed here from now on"), FEED_ABOUT),
    "restart": (
        _("Earlier changes are missing"),
        _("The list of changes of the previous publication could not be read: the list starts again here, and earlier changes are not in this feed."),
    ),
}


def closure_label(start: dt.date, end: dt.date, language: str, closed: bool = True) -> str:
    """"Closed from 23 December 2026 to 2 January 2027", "Closed on 24 December 2026";
    `closed` False: that closure taken back, "Closure on 24 December 2026 cancelled"."""
    one_day, days = CLOSURE_WORDS[closed]
    if start == end:
        return i18n.gettext(language, one_day) % {"date": i18n.date_text(start, language)}
    return i18n.gettext(language, days) % {"start": i18n.date_text(start, language), "end": i18n.date_text(end, language)}


# What an office's entry then says of each change: the field's name and its new value.
CHANGE_FIELDS = {"hours": _("Opening hours"), "phones": _("Phone"), "address": _("Address"), "languages": _("Languages")}
NOT_PUBLISHED = _("not published – please ask")


def change_line(kind: str, office: Office, language: str) -> str:
    """What an office's entry in the feed says about one change, with its new state."""
    gettext = functools.partial(i18n.gettext, language)
    if kind == "new":
        return gettext(_("The office is new in the directory."))
    if kind == "hours":
        # Today's hours, then each announced change from its first day.
        parts = [hours_line(office.opening_hours, language, office.today)]
        for start in sorted({rule.valid_from for rule in later_rules(office.opening_hours, office.today) if rule.valid_from}):
            parts.append(gettext(_("From %(date)s:")) % {"date": i18n.date_text(start, language)} + " " + hours_line(office.opening_hours, language, start))
        parts += places_hours(office, language, office.today)
        value = "; ".join(filter(None, parts))
    elif kind == "phones":
        value = ", ".join(p.number.display for p in office.phones if p.kind != "fax")
    elif kind == "address":
        value = place_line(office)
    else:
        value = format_list([i18n.language_name(code, language) for code in office.all_languages], locale=language)
    return gettext(CHANGE_FIELDS[kind]) + ": " + (value or gettext(NOT_PUBLISHED))


def gone_line(language: str) -> str:
    return i18n.gettext(language, _("The office is no longer in the directory."))
