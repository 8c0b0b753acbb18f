"""An office as schema.org data (JSON-LD) for search engines and map apps.

One `<script type="application/ld+json">` per office page, in the page's language:
the office as a `GovernmentService` (case management is a service of the
municipality's integration management, whoever runs it), its carriers as
`provider` (plain `Organization`: the data does not say which carrier is a public
body), the area it serves, whom it is for, its opening hours (`hoursAvailable`), and
how to reach it (`availableChannel`): its places with address, coordinates and
hours, the phone and e-mail with the phone hours, the languages (BCP 47 codes).
Only schema.org properties of each type, so validators read it without complaint.

Only what the office published: a field the editor did not give is absent, never
guessed (no "Unknown" value, no default hours). Contacts (people) are not in it.
Hours that ended before the build day are left out; closures are given as closed
days (opens = closes = 00:00), as search engines read them. Hours on some weeks of the
month only ("every 1st Tuesday") are not in openingHoursSpecification, which would claim
every week: the place's `description` says them in words.

The JSON is escaped for the HTML it lands in: `<`, `>` and `&` as `\\u003c` etc., so
editor text can neither close the script nor open a comment.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from markupsafe import Markup

from ..contract.records import Address, Closure, Location, OpeningRule
from ..contract.vocabulary import DAYS
from ..domain.directory import Directory, Office
from ..words import phrases

AREA_TYPES = {"city": "City", "kreis": "AdministrativeArea", "region": "AdministrativeArea"}


def _hours(rules: tuple[OpeningRule, ...], today: dt.date) -> list[dict]:
    """Rules that hold today or later, with their dates. Not a rule for some weeks of the
    month: OpeningHoursSpecification cannot say so and would claim every week (the place's
    description says it in words, `_weekly_words`)."""
    found = []
    for rule in rules:
        if (rule.valid_until and rule.valid_until < today) or rule.weeks:
            continue
        spec: dict[str, Any] = {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": [f"https://schema.org/{DAYS.label(day)}" for day in rule.days],
            "opens": rule.open.strftime("%H:%M"),
            "closes": rule.close.strftime("%H:%M"),
        }
        if rule.valid_from:
            spec["validFrom"] = rule.valid_from.isoformat()
        if rule.valid_until:
            spec["validThrough"] = rule.valid_until.isoformat()
        found.append(spec)
    return found


def _weekly_words(rules: tuple[OpeningRule, ...], language: str, today: dt.date) -> str:
    """The rules for some weeks of the month that hold today, in words (words/phrases.py)."""
    return phrases.hours_line(tuple(rule for rule in rules if rule.weeks), language, today)


def _closed(closures: list[Closure]) -> list[dict]:
    return [{"@type": "OpeningHoursSpecification", "opens": "00:00", "closes": "00:00", "validFrom": c.start.isoformat(), "validThrough": c.end.isoformat()} for c in closures]


def _address(address: Address) -> dict:
    fields = {"streetAddress": address.street, "postalCode": address.postcode, "addressLocality": address.city}
    return {"@type": "PostalAddress", **{key: value for key, value in fields.items() if value}, "addressCountry": "DE"}


def _place(name: str, address: Address | None, location: Location | None, hours: list[dict], description: str = "") -> dict:
    place: dict[str, Any] = {"@type": "Place", "name": name}
    if description:
        place["description"] = description
    if address:
        place["address"] = _address(address)
    if location:
        place["geo"] = {"@type": "GeoCoordinates", "latitude": location.lat, "longitude": location.lon}
    if hours:
        place["openingHoursSpecification"] = hours
    return place


def office_data(office: Office, directory: Directory, language: str, description: str, page_address: str | None, audience: str) -> dict:
    """The office as a schema.org GovernmentService in `language` (names in German
    where the editor wrote none in it). `audience`: whom it is for, in words."""
    today = office.today
    service: dict[str, Any] = {"@context": "https://schema.org", "@type": "GovernmentService", "name": office.name.get(language), "description": description}
    if page_address:
        service["url"] = page_address
    service["provider"] = [{"@type": "Organization", "name": c.name.get(language), **({"url": c.website} if c.website else {})} for c in office.carriers]
    areas = [office.municipality.id, *(m for m in office.responsible_municipalities if m != office.municipality.id)]
    service["areaServed"] = [{"@type": AREA_TYPES[directory.municipalities[m].kind], "name": directory.municipalities[m].name.get(language)} for m in areas]
    if office.responsible_postcodes:
        service["areaServed"] += [{"@type": "Place", "address": {"@type": "PostalAddress", "postalCode": code, "addressCountry": "DE"}} for code in office.responsible_postcodes]
    target = office.target_group if office.target_group and office.target_group.applies_on(today) else None
    people: dict[str, Any] = {"@type": "PeopleAudience", "audienceType": audience}
    if target and target.min_age is not None:
        people["suggestedMinAge"] = target.min_age
    if target and target.max_age is not None:
        people["suggestedMaxAge"] = target.max_age
    service["audience"] = people
    hours = _hours(office.opening_hours, today) + _closed(office.closures_from(today))
    if hours:
        service["hoursAvailable"] = hours
    channel: dict[str, Any] = {"@type": "ServiceChannel"}
    if office.all_languages:
        channel["availableLanguage"] = list(office.all_languages)
    office_place = _place(office.name.get(language), office.address, office.location, hours, _weekly_words(office.opening_hours, language, today))
    # What the building offers, as the office page says it (words/phrases.py).
    features = [{"@type": "LocationFeatureSpecification", "name": words, "value": value} for _field, value, words in phrases.accessibility_facts(office.accessibility, language)]
    if features:
        office_place["amenityFeature"] = features
    channel["serviceLocation"] = [office_place] + [
        _place(p.name.get(language), p.address, p.location, _hours(p.hours, today), _weekly_words(p.hours, language, today)) for p in office.consultations
    ]
    phone: dict[str, Any] = {"@type": "ContactPoint"}
    if office.phone:
        phone["telephone"] = office.phone.e164
    fax = next((p.number for p in office.phones if p.kind == "fax"), None)
    if fax:
        phone["faxNumber"] = fax.e164
    if office.email:
        phone["email"] = office.email
    if len(phone) > 1:
        phone_hours = _hours(office.phone_hours, today)
        if phone_hours:
            phone["hoursAvailable"] = phone_hours
        if weekly := _weekly_words(office.phone_hours, language, today):
            phone["description"] = weekly
        if office.all_languages:
            phone["availableLanguage"] = list(office.all_languages)
        channel["servicePhone"] = phone
    if office.website:
        channel["serviceUrl"] = office.website
    service["availableChannel"] = channel
    return service


def script(data: dict) -> Markup:
    """The data as a JSON-LD script element that no text inside can end or break."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    return Markup(f'<script type="application/ld+json">{text}</script>')
