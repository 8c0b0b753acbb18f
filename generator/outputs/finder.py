"""The contact finder's data: an index per site language (offices with what they are
filtered and sorted by, and each office's card as words/phrases.py words it), and the
words each language's finder page needs.

The index holds only published contacts and no markup: the scripts put every value
into the page as text.
"""

from __future__ import annotations

import datetime as dt
import json

import holidays
from babel import Locale

from .. import i18n
from ..contract.records import DAYS, OpeningRule
from ..domain.directory import Directory, Office
from ..words import phrases

# Public holidays are computed at build time for this many years from the build date.
HOLIDAY_YEARS = 3


def _hours(rules: tuple[OpeningRule, ...], today: dt.date, place: str = "") -> list:
    """[weekday (0 = Monday), "HH:MM", "HH:MM", first day or "", last day or "", weeks of the
    month or [] (OpeningRule.weeks, -1 the last), the further place or ""], for the rules
    that still hold on or after `today`; without the empty parts at the end."""
    found = []
    for r in rules:
        if r.valid_until is not None and r.valid_until < today:
            continue
        rest = [r.valid_from.isoformat() if r.valid_from else "", r.valid_until.isoformat() if r.valid_until else "", list(r.weeks), place]
        while rest and not rest[-1]:
            rest.pop()
        found += [[DAYS.index(day), f"{r.open:%H:%M}", f"{r.close:%H:%M}", *rest] for day in r.days]
    return found


def _compact(entry: dict) -> dict:
    return {key: value for key, value in entry.items() if value not in (None, [], False, "")}


def opening_data(office: Office, today: dt.date, language: str) -> dict:
    """What the scripts decide "open now" by (overrides/assets/kim.js `status`): the
    office's hours with those at its further places (named in `language`) and its phone
    line's, their states (domain/access.py) and closures."""
    places = [rule for p in office.consultations for rule in _hours(p.hours, today, p.name.get(language))]
    return _compact(
        {
            "hoursState": office.access.hours,
            "from": office.valid_from.isoformat() if office.valid_from and office.valid_from > today else None,
            "hours": _hours(office.opening_hours, today) + places,
            "closures": [[c.start.isoformat(), c.end.isoformat()] for c in office.closures if c.end >= today],
            "phoneState": office.access.phone_hours,
            "phoneHours": _hours(office.phone_hours, today),
        }
    )


def holiday_list(today: dt.date) -> list[str]:
    """NRW's public holidays from `today`, for HOLIDAY_YEARS years."""
    nrw = holidays.country_holidays("DE", subdiv="NW", years=range(today.year, today.year + HOLIDAY_YEARS))
    return sorted(day.isoformat() for day in nrw if day >= today)


def _office_entry(office: Office, directory: Directory, today: dt.date, language: str) -> dict:
    """What the finder filters and sorts by, and the office's card (words/phrases.py), which
    the script shows as it is."""
    target = office.target_group if office.target_group and office.target_group.applies_on(today) else None
    entry = {
        "slug": office.slug,
        "kind": office.kind if office.kind != "counselling" else None,
        "municipality": office.municipality.id,
        "area": sorted(directory.area(office)),
        "district": office.district,
        "districts": list(office.responsible_districts),
        "postcode": office.address.postcode if office.address else None,
        "lat": office.location.lat if office.location else None,
        "lon": office.location.lon if office.location else None,
        "closedToNew": not office.accepting_new_clients,
        "target": _compact({"min": target.min_age, "max": target.max_age, "groups": list(target.groups)}) if target else None,
        "topics": list(office.topics),
        "responsible": list(directory.postcodes_of(office)),
        "responsibleArea": sorted({i for root in office.responsible_municipalities for i in directory.within(root)}),
        "interpreters": office.interpreters,
        **opening_data(office, today, language),
        "places": [
            _compact(
                {
                    "name": p.name.get(language),
                    "postcode": p.address.postcode,
                    "lat": p.location.lat if p.location else None,
                    "lon": p.location.lon if p.location else None,
                }
            )
            for p in office.consultations
        ],
        "card": _labels_as_codes(phrases.summary(office, language)),
    }
    return _compact(entry)


def _labels_as_codes(card: dict) -> dict:
    """The card with each language's label (words/phrases.py `language_label`) as its
    code: the index gives each label once (`languageLabels`), which the script puts back
    (kim.js `offices`); once per office and contact, the labels were a fifth of it. A
    contact's labels are those of its `codes`, in their order: they are left out. The
    card's `languages` are every language spoken there, its contacts' included
    (Office.all_languages): what the finder filters by."""
    card = dict(card)
    if "languages" in card:
        card["languages"] = [label["code"] for label in card["languages"]]
    if "contacts" in card:
        card["contacts"] = [{key: value for key, value in c.items() if key != "speaks"} for c in card["contacts"]]
    return card


def finder_index(directory: Directory, today: dt.date, language: str, kept: dict | None = None) -> dict:
    """The finder's and the maps' index for the pages of one language. `kept`: each
    office's entry, by (slug, "entry"), kept for the next index (the preview keeps it
    from save to save, without the offices that changed)."""
    kept = {} if kept is None else kept

    def entry(office: Office) -> dict:
        if (office.slug, "entry") not in kept:
            kept[office.slug, "entry"] = _office_entry(office, directory, today, language)
        return kept[office.slug, "entry"]

    return {
        "holidays": holiday_list(today),
        "municipalities": {m.id: _compact({"postcodes": list(m.postcodes), "partOf": m.part_of}) for m in served_municipalities(directory)},
        "offices": [entry(o) for o in directory.sorted_offices()],
        "languageLabels": {code: phrases.language_label(code, language) for code in sorted({c for o in directory.sorted_offices() for c in o.all_languages})},
        # Every language by every name a reader may type, so that the finder finds
        # "Farsi" or "Tigrinisch" and says plainly that nobody offers one (never a raw code).
        "languageNames": i18n.language_names(language, tuple(sorted(counselling_languages(directory)))),
        "languageParents": i18n.MACROLANGUAGES,
    }


def served_municipalities(directory: Directory) -> list:
    """Municipalities with an office for them: in them, in one of their towns (a Kreis),
    or serving them from a Kreis or by responsibility."""
    return [m for m in directory.sorted_municipalities() if directory.offices_for(m.id)]


def index_json(directory: Directory, today: dt.date, language: str, kept: dict | None = None) -> str:
    return json.dumps(finder_index(directory, today, language, kept), ensure_ascii=False, separators=(",", ":"))


def counselling_languages(directory: Directory) -> dict[str, list[Office]]:
    """Each language spoken at any office (or by a published contact), with its offices."""
    offices: dict[str, list[Office]] = {}
    for office in directory.sorted_offices():
        if office.kind == "coordination":
            continue  # they do not counsel
        for code in office.all_languages:
            offices.setdefault(code, []).append(office)
    return offices


def plural_templates(language: str, singular: str, plural: str) -> dict[str, str]:
    """`{"one": "%(num)d office", "other": "%(num)d offices", ...}` by CLDR plural category,
    so that the script can pick the right form with Intl.PluralRules."""
    rule = Locale.parse(language).plural_form
    templates: dict[str, str] = {}
    for n in range(0, 200):
        category = rule(n)
        if category not in templates:
            templates[category] = i18n.translations(language).ngettext(singular, plural, n)
    return templates


def script_json(data) -> str:
    """JSON that is safe inside <script>: no `</script>`, no `<!--`, no `&` tricks."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
