"""The contact finder's data: one compact index for all languages, and the words
each language's finder page needs.

The index holds only published contacts and no markup: the finder's script puts
every value into the page as text.
"""

from __future__ import annotations

import datetime as dt
import json

import holidays
from babel import Locale

from . import i18n
from .model import DAYS, Directory, Office, Text

# Public holidays are computed at build time for this many years from the build date.
HOLIDAY_YEARS = 3


def _text(text: Text | None) -> dict[str, str] | None:
    return dict(text.by_language) if text else None


def _office_entry(office: Office) -> dict:
    entry = {
        "slug": office.slug,
        "name": _text(office.name),
        "carrier": _text(office.carrier.name),
        "municipality": office.municipality.id,
        "district": office.district,
        "street": office.address.street,
        "postcode": office.address.postcode,
        "city": office.address.city,
        "lat": office.location.lat,
        "lon": office.location.lon,
        "appointment": office.appointment,
        "languages": list(office.languages),
        "topics": list(office.topics),
        "responsible": list(office.responsible_postcodes),
        "interpreters": office.interpreters,
        # [weekday (0 = Monday), "HH:MM", "HH:MM"]
        "hours": [[DAYS.index(day), f"{r.open:%H:%M}", f"{r.close:%H:%M}"] for r in office.opening_hours for day in r.days],
        "closures": [[c.start.isoformat(), c.end.isoformat()] for c in office.closures],
        "phone": [office.phone.e164, office.phone.display] if office.phone else None,
        "email": office.email,
        "contacts": [
            {
                "name": c.name,
                "role": c.role,
                "phone": [c.phone.e164, c.phone.display] if c.phone else None,
                "email": c.email,
                "languages": list(c.languages),
            }
            for c in office.published_contacts
        ],
    }
    return {key: value for key, value in entry.items() if value not in (None, [], False)}


def finder_index(directory: Directory, today: dt.date) -> dict:
    nrw = holidays.country_holidays("DE", subdiv="NW", years=range(today.year, today.year + HOLIDAY_YEARS))
    return {
        "holidays": sorted(day.isoformat() for day in nrw if day >= today),
        "municipalities": {
            m.id: {"name": _text(m.name), "postcodes": list(m.postcodes)} for m in directory.sorted_municipalities() if directory.offices_in(m.id)
        },
        "offices": [_office_entry(o) for o in directory.sorted_offices()],
    }


def index_json(directory: Directory, today: dt.date) -> str:
    return json.dumps(finder_index(directory, today), ensure_ascii=False, separators=(",", ":"))


def counselling_languages(directory: Directory) -> dict[str, list[Office]]:
    """Each language spoken at any office (or by a published contact), with its offices."""
    offices: dict[str, list[Office]] = {}
    for office in directory.sorted_offices():
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
