"""Open data: the published directory as files for other tools, under `/data/`.

- `offices.json`: everything the pages publish (offices, carriers, municipalities,
  and the people who agreed to be in the open data, `open_data: true`), documented
  and versioned;
- `offices.geojson` (RFC 7946): one feature per office and per further place;
- `offices.csv`, `contacts.csv`: for spreadsheets (UTF-8 with BOM, semicolons);
- `hsds/services.json`: one Open Referral HSDS 3.0 service per office;
- `catalog.jsonld`: the DCAT-AP.de description of these files, for GovData and Open.NRW.

Only what the directory holds goes in, and the directory holds only what may be
published (unpublished contacts never leave the loader). A field the editor did not
give is left out, never guessed. Editor text is data here: plain JSON strings, and
in the CSV files a cell that a spreadsheet would read as a formula gets a leading `'`.
No MkDocs here: `kim export` writes the same files without building the site.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import unicodedata
import uuid
from dataclasses import dataclass

from .. import i18n
from ..contract import vocabulary as v
from ..contract.records import DAYS, ROLES, Accessibility, Address, Contact, OpeningRule, PhoneNumber, Settings
from ..contract.values import Text
from ..domain.access import ACCESS_TEXTS
from ..domain.directory import Carrier, Directory, Municipality, Office
from ..words import phrases
from . import vcard

FORMAT_VERSION = "1.0"
# Fixed, so that HSDS ids stay the same from build to build (uuid5 of the file names).
UUID_NAMESPACE = uuid.UUID("6f1c9d52-7a0e-5b8e-9a43-3d2f1e0c4b71")
GERMAN = i18n.DEFAULT_LANGUAGE

# The files, in the order the data page and the catalog list them: path under /data/,
# format (DCAT-AP file type), media type.
FILES = {
    "offices.json": ("JSON", "application/json"),
    "offices.geojson": ("GEOJSON", "application/geo+json"),
    "offices.csv": ("CSV", "text/csv"),
    "contacts.csv": ("CSV", "text/csv"),
    "hsds/services.json": ("JSON", "application/json"),
}
CATALOG = "catalog.jsonld"


@dataclass(frozen=True)
class Licence:
    id: str  # as DCAT-AP.de names it: dl-by-de/2.0
    name: str  # German, as the licence calls itself
    url: str  # the licence text

    @property
    def uri(self) -> str:
        """The licence in DCAT-AP.de's vocabulary, for dct:license."""
        return f"http://dcat-ap.de/def/licenses/{self.id}"

    @property
    def needs_attribution(self) -> bool:
        return "by" in self.id.split("/")[0].split("-")


def licence(settings: Settings) -> Licence:
    term = next(t for t in v.DATA_LICENCES.terms if t.id == settings.data_licence)
    return Licence(term.id, term.german, term.description)


def attribution(settings: Settings) -> str:
    """How reusers name the source, as the licence asks: the publisher where known."""
    source = settings.publisher.name.get(GERMAN) if settings.publisher else "Kommunales Integrationsmanagement NRW – Beratungsstellen"
    lic = licence(settings)
    return f"{source}, {lic.name} ({lic.url})"


def data_files(directory: Directory, today: dt.date) -> dict[str, str]:
    """Every open-data file, by its path in the site (`data/offices.json`, ...)."""
    settings = directory.settings
    links = Links(settings.site_url)
    files = {
        "offices.json": _json(offices_document(directory, today, links)),
        "offices.geojson": _json(geojson(directory, links)),
        "offices.csv": offices_csv(directory, today, links),
        "contacts.csv": contacts_csv(directory),
        "hsds/services.json": _json(hsds_services(directory, today, links)),
    }
    sizes = {path: len(text.encode("utf-8")) for path, text in files.items()}
    files[CATALOG] = _json(catalog(directory, today, links, sizes))
    return {f"data/{path}": text for path, text in files.items()}


def _json(value) -> str:
    # ensure_ascii=False: names stay readable; json escapes what JSON needs, so editor
    # text like "<script>" is a plain string.
    return json.dumps(value, ensure_ascii=False, indent=1) + "\n"


class Links:
    """Addresses of the site's pages as the data files give them: absolute where
    `site_url` is set, else relative to the file in /data/ (`../offices/x/`)."""

    def __init__(self, site_url: str | None):
        self.site_url = site_url

    def page(self, path: str) -> str:
        return f"{self.site_url}{path}" if self.site_url else f"../{path}"

    def absolute(self, path: str) -> str | None:
        return f"{self.site_url}{path}" if self.site_url else None

    def office(self, office: Office) -> str:
        return self.page(f"offices/{office.slug}/")


# -- offices.json --------------------------------------------------------------------------


def _text(text: Text | None) -> dict[str, str] | None:
    """Editor text as written: {"de": ..., "en": ...}."""
    return dict(text.by_language) if text else None


def _clean(record: dict) -> dict:
    """Without the fields the editor did not give (None, empty lists)."""
    return {key: value for key, value in record.items() if value not in (None, [], {}, "")}


def _address(address: Address | None) -> dict | None:
    if address is None:
        return None
    return _clean({"street": address.street, "postcode": address.postcode, "city": address.city, "extra": _text(address.extra), "directions": _text(address.directions)})


def _phones(phones: tuple[PhoneNumber, ...]) -> list[dict]:
    return [{"number": p.number.e164, "display": p.number.display, "kind": p.kind} for p in phones]


def _hours(rules: tuple[OpeningRule, ...]) -> list[dict]:
    return [
        _clean({"days": list(r.days), "open": f"{r.open:%H:%M}", "close": f"{r.close:%H:%M}", "weeks": list(r.weeks), "valid_from": _date(r.valid_from), "valid_until": _date(r.valid_until)})
        for r in rules
    ]


def _date(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def contact_ids(office: Office) -> list[str]:
    """Each contact's id in the open data: the office and the name, as in its contact card's path."""
    return [ident for ident, _ in open_contacts(office)]


def open_contacts(office: Office) -> list[tuple[str, Contact]]:
    """The listed people who agreed to be in the open data too (`open_data: true`), with
    their ids. Being listed on the site is not that consent: open data is copied and
    reused by anyone."""
    paths = vcard.contact_paths(office)
    return [(path.removeprefix("vcard/").removesuffix(".vcf"), contact) for path, contact in zip(paths, office.published_contacts, strict=True) if contact.open_data]


def _office(office: Office, links: Links) -> dict:
    target = office.target_group
    return _clean(
        {
            "id": office.slug,
            "name": _text(office.name),
            "page": links.office(office),
            "kind": office.kind,
            "carriers": [c.id for c in office.carriers],
            "municipality": office.municipality.id,
            "district": office.district,
            "address": _address(office.address),
            "location": {"lat": office.location.lat, "lon": office.location.lon} if office.location else None,
            "phones": _phones(office.phones),
            "email": office.email,
            "website": office.website,
            "opening_hours": _hours(office.opening_hours),
            "phone_hours": _hours(office.phone_hours),
            "closures": [{"from": c.start.isoformat(), "to": c.end.isoformat()} for c in office.closures],
            "appointment": office.appointment,
            "access": [line.as_data() for line in office.access.lines],
            "outreach": office.outreach or None,
            "interpreters": office.interpreters or None,
            "accepting_new_clients": False if not office.accepting_new_clients else None,
            "capacity_note": _text(office.capacity_note),
            "target_group": _clean(
                {
                    "min_age": target.min_age,
                    "max_age": target.max_age,
                    "groups": list(target.groups),
                    "max_years": target.max_years,
                    "note": _text(target.note),
                    "until": _date(target.until),
                    "focus": target.focus or None,
                }
            )
            if target
            else None,
            "languages": list(office.languages),
            "topics": list(office.topics),
            "responsible_for": _clean(
                {
                    "postcodes": list(office.responsible_postcodes),
                    "municipalities": list(office.responsible_municipalities),
                    "districts": list(office.responsible_districts),
                }
            ),
            "consultations": [
                _clean(
                    {
                        "name": _text(place.name),
                        "address": _address(place.address),
                        "location": {"lat": place.location.lat, "lon": place.location.lon} if place.location else None,
                        "hours": _hours(place.hours),
                        "note": _text(place.note),
                    }
                )
                for place in office.consultations
            ],
            "accessibility": _clean(
                {
                    "wheelchair": office.accessibility.wheelchair,
                    "accessible_toilet": office.accessibility.accessible_toilet,
                    "hearing_loop": office.accessibility.hearing_loop,
                    "note": _text(office.accessibility.note),
                }
            )
            if office.accessibility
            else None,
            "documents": [_clean({"title": _text(d.title), "language": d.language, "url": d.url or links.page(d.address)}) for d in office.documents],
            "notes": _text(office.notes),
            "first_meeting": _text(office.first_meeting),
            "bring": [_text(item) for item in office.bring],
            "valid_from": _date(office.valid_from),
            "valid_until": _date(office.valid_until),
            "reviewed": office.reviewed.isoformat(),
            "contacts": contact_ids(office),
        }
    )


def _contact(office: Office, ident: str, contact: Contact) -> dict:
    return _clean(
        {
            "id": ident,
            "office": office.slug,
            "name": contact.name,
            "role": contact.role,
            "title": contact.title,
            "phones": _phones(contact.phones),
            "email": contact.email,
            "languages": list(contact.languages),
            "place": contact.place,
            "hours": _hours(contact.hours),
        }
    )


def _carrier(carrier: Carrier) -> dict:
    return _clean({"id": carrier.id, "name": _text(carrier.name), "website": carrier.website, "phones": _phones(carrier.phones), "email": carrier.email})


def _municipality(municipality: Municipality, links: Links) -> dict:
    return _clean(
        {
            "id": municipality.id,
            "name": _text(municipality.name),
            "kind": municipality.kind,
            "part_of": municipality.part_of,
            "website": municipality.website,
            "postcodes": list(municipality.postcodes),
            "page": links.page(f"municipalities/{municipality.id}/"),
        }
    )


def offices_document(directory: Directory, today: dt.date, links: Links) -> dict:
    settings = directory.settings
    lic = licence(settings)
    offices = directory.sorted_offices()
    return {
        "format": "kim-offices",
        "version": FORMAT_VERSION,
        "documentation": links.page("data/"),
        "generated": today.isoformat(),
        "licence": _clean({"id": lic.id, "name": lic.name, "url": lic.url, "attribution": attribution(settings) if lic.needs_attribution else None}),
        "publisher": settings.publisher.name.get(GERMAN) if settings.publisher else None,
        "notes": "Fields the office did not publish are left out: a missing field means 'not published', never 'no'. Texts are {language: text}; German is the default. Times are local time in Europe/Berlin.",
        "offices": [_office(office, links) for office in offices],
        "carriers": [_carrier(carrier) for carrier in sorted(directory.carriers.values(), key=lambda c: c.id)],
        "municipalities": [_municipality(m, links) for m in sorted(directory.municipalities.values(), key=lambda m: m.id)],
        "contacts": [_contact(office, ident, contact) for office in offices for ident, contact in open_contacts(office)],
    }


# -- offices.geojson -------------------------------------------------------------------------


def _language_names(codes) -> str:
    return ", ".join(i18n.language_name(code, GERMAN) for code in codes)


def geojson(directory: Directory, links: Links) -> dict:
    """RFC 7946: [lon, lat]; an office whose location is not published has no geometry
    (null), never a guessed point."""
    features = []
    for office in directory.sorted_offices():
        common = {"office": office.slug, "url": links.office(office), "languages": list(office.languages), "carriers": [c.name.get(GERMAN) for c in office.carriers]}
        point = {"type": "Point", "coordinates": [office.location.lon, office.location.lat]} if office.location else None
        features.append({"type": "Feature", "id": office.slug, "geometry": point, "properties": _clean({"kind": "office", "name": office.name.get(GERMAN), "address": office.place_line, "accessibility": phrases.accessibility_lines(office.accessibility, GERMAN), **common})})
        for number, place in enumerate(office.consultations, start=1):
            point = {"type": "Point", "coordinates": [place.location.lon, place.location.lat]} if place.location else None
            properties = {"kind": "consultation", "name": place.name.get(GERMAN), "office_name": office.name.get(GERMAN), "address": place.address.line, **common}
            features.append({"type": "Feature", "id": f"{office.slug}/{number}", "geometry": point, "properties": _clean(properties)})
    return {"type": "FeatureCollection", "features": features}


# -- CSV -------------------------------------------------------------------------------------------

FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
# A phone number in international form (+49 2325 6999194) is one, not a formula.
INTERNATIONAL_PHONE = re.compile(r"\+[0-9][0-9 ]*")


def cell(value) -> str:
    """One spreadsheet cell: text a spreadsheet would run as a formula gets a leading '.
    Judged by its first visible character, in its plain form (a full-width ＝ is an
    =), since spreadsheets skip what is invisible before it."""
    text = "" if value is None else str(value)
    first = next((char for char in text if char in "\t\r\n" or unicodedata.category(char)[0] not in "CZ"), "")
    if INTERNATIONAL_PHONE.fullmatch(text) or not unicodedata.normalize("NFKC", first).startswith(FORMULA_START):
        return text
    return "'" + text


def _csv(header: list[str], rows: list[list]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([[cell(value) for value in row] for row in rows])
    return "\ufeff" + out.getvalue()  # the BOM: Excel then reads UTF-8


def _label(vocabulary: v.Vocabulary, ident: str | None) -> str:
    if not ident:
        return ""
    term = next(t for t in vocabulary.terms if t.id == ident)
    return term.german or i18n.gettext(GERMAN, term.label)


def _statement(office: Office) -> str:
    """The statement of access (access.py) in German, one sentence after the other."""
    return " ".join(i18n.gettext(GERMAN, ACCESS_TEXTS[line.key]) % ({"date": i18n.date_text(line.date, GERMAN)} if line.date else {}) for line in office.access.lines)


def _hours_text(rules, today: dt.date) -> str:
    return phrases.hours_line(rules, GERMAN, today)


OFFICE_COLUMNS = [
    "id",
    "Name",
    "Art",
    "Träger",
    "Kommune",
    "Stadtteil",
    "Straße",
    "PLZ",
    "Ort",
    "Adresszusatz",
    "Breitengrad",
    "Längengrad",
    "Telefon",
    "E-Mail",
    "Website",
    "Seite",
    "Termin",
    "Zugang",
    "Öffnungszeiten",
    "Telefonzeiten",
    "Sprachen",
    "Sprachcodes",
    "Dolmetscher",
    "Barrierefreiheit",
    "Themen",
    "Weitere Orte",
    "Geprüft am",
]


def offices_csv(directory: Directory, today: dt.date, links: Links) -> str:
    rows = []
    for office in directory.sorted_offices():
        a = office.address
        rows.append(
            [
                office.slug,
                office.name.get(GERMAN),
                _label(v.OFFICE_KINDS, office.kind),
                " / ".join(c.name.get(GERMAN) for c in office.carriers),
                office.municipality.name.get(GERMAN),
                office.district,
                a.street if a else None,
                a.postcode if a else None,
                a.city if a else None,
                a.extra.get(GERMAN) if a and a.extra else None,
                office.location.lat if office.location else None,
                office.location.lon if office.location else None,
                ", ".join(p.number.display + (" (Fax)" if p.kind == "fax" else " (mobil)" if p.kind == "mobile" else "") for p in office.phones),
                office.email,
                office.website,
                links.office(office),
                _label(v.APPOINTMENT_MODES, office.appointment),
                _statement(office),
                _hours_text(office.opening_hours, today),
                _hours_text(office.phone_hours, today),
                _language_names(office.languages),
                " ".join(office.languages),
                "ja" if office.interpreters else "",
                "; ".join(phrases.accessibility_lines(office.accessibility, GERMAN)),
                ", ".join(_label(v.TOPICS, topic) for topic in office.topics),
                " | ".join(f"{place.name.get(GERMAN)}: {place.address.line}" + (f" ({hours})" if (hours := _hours_text(place.hours, today)) else "") for place in office.consultations),
                office.reviewed.isoformat(),
            ]
        )
    return _csv(OFFICE_COLUMNS, rows)


CONTACT_COLUMNS = ["id", "Beratungsstelle (id)", "Beratungsstelle", "Name", "Funktion", "Titel", "Telefon", "E-Mail", "Sprachen", "Sprachcodes", "Ort"]


def contacts_csv(directory: Directory) -> str:
    rows = []
    for office in directory.sorted_offices():
        for ident, contact in open_contacts(office):
            place = office.consultations[contact.place - 1].name.get(GERMAN) if contact.place else None
            role = phrases.role_label(contact.role, GERMAN)
            rows.append(
                [
                    ident,
                    office.slug,
                    office.name.get(GERMAN),
                    contact.name,
                    role,
                    contact.title,
                    ", ".join(p.number.display for p in contact.phones),
                    contact.email,
                    _language_names(contact.languages),
                    " ".join(contact.languages),
                    place,
                ]
            )
    return _csv(CONTACT_COLUMNS, rows)


# -- Open Referral HSDS 3.0 -----------------------------------------------------------------------


def hsds_id(*parts: str) -> str:
    """A stable UUID from file names: the same office gives the same id in every build."""
    return str(uuid.uuid5(UUID_NAMESPACE, "/".join(parts)))


HSDS_PHONE_TYPES = {"landline": "voice", "mobile": "cell", "fax": "fax"}
ICAL_DAYS = {day: day.upper() for day in DAYS}


def _hsds_phones(phones: tuple[PhoneNumber, ...], *owner: str) -> list[dict]:
    return [{"id": hsds_id(*owner, "phone", str(i)), "number": p.number.e164, "type": HSDS_PHONE_TYPES[p.kind]} for i, p in enumerate(phones, start=1)]


def _schedules(rules: tuple[OpeningRule, ...], notes: str, *owner: str) -> list[dict]:
    return [
        _clean(
            {
                "id": hsds_id(*owner, "schedule", str(i)),
                # Some weeks of the month only: monthly, the first and third Tuesday "1TU,3TU" (RFC 5545).
                "freq": "MONTHLY" if rule.weeks else "WEEKLY",
                "byday": ",".join(f"{week}{ICAL_DAYS[day]}" for day in rule.days for week in sorted(set(rule.weeks), key=lambda week: week % 7)) if rule.weeks else ",".join(ICAL_DAYS[day] for day in rule.days),
                "opens_at": f"{rule.open:%H:%M}",
                "closes_at": f"{rule.close:%H:%M}",
                "description": phrases.weeks_text(rule, GERMAN) or None,
                "valid_from": _date(rule.valid_from),
                "valid_to": _date(rule.valid_until),
                "notes": notes,
            }
        )
        for i, rule in enumerate(rules, start=1)
    ]


def _hsds_address(address: Address, municipality: Municipality, *owner: str) -> list[dict]:
    """HSDS needs street, postcode and town: an address with less is left out."""
    if not (address.street and address.postcode):
        return []
    return [
        _clean(
            {
                "id": hsds_id(*owner, "address"),
                "address_1": address.street,
                "address_2": address.extra.get(GERMAN) if address.extra else None,
                "city": address.city or municipality.name.get(GERMAN),
                "state_province": "Nordrhein-Westfalen",  # KIM is a programme of NRW
                "postal_code": address.postcode,
                "country": "DE",
                "address_type": "physical",
            }
        )
    ]


def _location(name: str, address: Address | None, location, municipality: Municipality, *owner: str, accessibility: Accessibility | None = None) -> dict:
    return _clean(
        {
            "id": hsds_id(*owner, "location"),
            "location_type": "physical",
            "name": name,
            "latitude": location.lat if location else None,
            "longitude": location.lon if location else None,
            "transportation": address.directions.get(GERMAN) if address and address.directions else None,
            "addresses": _hsds_address(address, municipality, *owner) if address else [],
            # HSDS's accessibility of a location: each fact the office states, as the pages say it.
            "accessibility": [
                {"id": hsds_id(*owner, "accessibility", field), "location_id": hsds_id(*owner, "location"), "description": words}
                for field, _value, words in phrases.accessibility_facts(accessibility, GERMAN)
            ],
        }
    )


def _organization(carrier: Carrier, directory: Directory) -> dict:
    runs = [o.name.get(GERMAN) for o in directory.sorted_offices() if carrier in o.carriers]
    return _clean(
        {
            "id": hsds_id("carrier", carrier.id),
            "name": carrier.name.get(GERMAN),
            "description": "Träger im Kommunalen Integrationsmanagement (KIM) Nordrhein-Westfalen: " + "; ".join(runs),
            "email": carrier.email,
            "website": carrier.website,
            "phones": _hsds_phones(carrier.phones, "carrier", carrier.id),
        }
    )


def _status(office: Office, today: dt.date) -> str:
    if office.valid_from and office.valid_from > today:
        return "inactive"
    if any(c.start <= today <= c.end for c in office.closures):
        return "temporarily closed"
    return "active"


def _hsds_service(office: Office, directory: Directory, today: dt.date, links: Links) -> dict:
    slug = office.slug
    # Who may come, as of the build: a restriction that ended is none; a focus is none either.
    target = office.target_group if office.target_group and office.target_group.applies_on(today) else None
    restriction = target if target and not target.focus else None
    places = []
    if office.address or office.location:
        places.append(
            _clean(
                {
                    "id": hsds_id("office", slug, "at", "0"),
                    "location": _location(office.name.get(GERMAN), office.address, office.location, office.municipality, "office", slug, "place", "0", accessibility=office.accessibility),
                    "schedules": _schedules(office.opening_hours, "Öffnungszeiten, Ortszeit Europe/Berlin", "office", slug, "place", "0"),
                }
            )
        )
    for number, place in enumerate(office.consultations, start=1):
        places.append(
            _clean(
                {
                    "id": hsds_id("office", slug, "at", str(number)),
                    "description": place.note.get(GERMAN) if place.note else None,
                    "location": _location(place.name.get(GERMAN), place.address, place.location, office.municipality, "office", slug, "place", str(number)),
                    "schedules": _schedules(place.hours, "Sprechzeiten, Ortszeit Europe/Berlin", "office", slug, "place", str(number)),
                }
            )
        )
    areas = [office.municipality.id, *office.responsible_municipalities]
    service_areas = [
        _clean({"id": hsds_id("office", slug, "area", ident), "name": directory.municipalities[ident].name.get(GERMAN), "uri": links.absolute(f"municipalities/{ident}/")}) for ident in areas
    ]
    if office.responsible_postcodes:
        service_areas.append({"id": hsds_id("office", slug, "area", "postcodes"), "name": "Postleitzahlen " + ", ".join(office.responsible_postcodes)})
    contacts = []
    for ident, contact in open_contacts(office):
        role = i18n.gettext(GERMAN, v.ROLES.label(contact.role)) if contact.role in ROLES else contact.role
        contacts.append(
            _clean(
                {
                    "id": hsds_id("contact", ident),
                    "name": contact.name,
                    "title": " · ".join(filter(None, (role, contact.title))),
                    "email": contact.email,
                    "phones": _hsds_phones(contact.phones, "contact", ident),
                }
            )
        )
    schedules = [] if places else _schedules(office.opening_hours, "Öffnungszeiten, Ortszeit Europe/Berlin", "office", slug)
    schedules += _schedules(office.phone_hours, "Telefonzeiten für Termine, Ortszeit Europe/Berlin", "office", slug, "phone-hours")
    return _clean(
        {
            "id": hsds_id("office", slug),
            "organization_id": hsds_id("carrier", office.carrier.id),
            "name": office.name.get(GERMAN),
            "description": " ".join(filter(None, ("Schwerpunkt: " + _eligibility(office, today) if target and target.focus else None, office.notes.get(GERMAN) if office.notes else None))) or None,
            "url": links.absolute(f"offices/{slug}/") or office.website,
            "email": office.email,
            "status": _status(office, today),
            "interpretation_services": i18n.gettext(GERMAN, "Interpreters can be brought in for other languages.") if office.interpreters else None,
            "application_process": _statement(office),
            "eligibility_description": _eligibility(office, today) if restriction else None,
            "minimum_age": restriction.min_age if restriction else None,
            "maximum_age": restriction.max_age if restriction else None,
            "assured_date": office.reviewed.isoformat(),
            "alert": office.capacity_note.get(GERMAN) if office.capacity_note else None,
            "organization": _organization(office.carrier, directory),
            "phones": _hsds_phones(office.phones, "office", slug),
            "languages": [{"id": hsds_id("office", slug, "language", code), "name": i18n.language_name(code, GERMAN), "code": code} for code in office.languages],
            # What to bring, as HSDS's documents required to use the service (German).
            "required_documents": [{"id": hsds_id("office", slug, "bring", str(i)), "document": item.get(GERMAN)} for i, item in enumerate(office.bring, start=1)],
            "contacts": contacts,
            "schedules": schedules,
            "service_at_locations": places,
            "service_areas": service_areas,
        }
    )


def _eligibility(office: Office, today: dt.date) -> str:
    return phrases.target_line(office.target_group, GERMAN) if office.target_group else ""


def hsds_services(directory: Directory, today: dt.date, links: Links) -> list[dict]:
    return [_hsds_service(office, directory, today, links) for office in directory.sorted_offices()]


# -- DCAT-AP.de ----------------------------------------------------------------------------------------

DCAT_CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "dcatde": "http://dcat-ap.de/def/dcatde/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
FILE_TYPES = "http://publications.europa.eu/resource/authority/file-type/"
FILE_TITLES = {
    "offices.json": "Beratungsstellen, Träger, Kommunen und Ansprechpersonen (JSON)",
    "offices.geojson": "Beratungsstellen und weitere Beratungsorte als Punkte (GeoJSON, RFC 7946)",
    "offices.csv": "Beratungsstellen, eine Zeile je Stelle (CSV)",
    "contacts.csv": "Ansprechpersonen, eine Zeile je Person (CSV)",
    "hsds/services.json": "Beratungsstellen als Open Referral HSDS 3.0 services (JSON)",
}


def geocoding_level(directory: Directory) -> str:
    """DCAT-AP.de's political geocoding level, from the municipalities the offices are in:
    one city, one Kreis or region, or several (the state)."""
    roots = set()
    for office in directory.offices.values():
        municipality = office.municipality
        while municipality.part_of and municipality.part_of in directory.municipalities:
            municipality = directory.municipalities[municipality.part_of]
        roots.add(municipality.id)
    if len(roots) == 1:
        kind = directory.municipalities[roots.pop()].kind
        level = "municipality" if kind == "city" else "administrativeDistrict"
    else:
        level = "state"
    return f"http://dcat-ap.de/def/politicalGeocoding/Level/{level}"


def catalog(directory: Directory, today: dt.date, links: Links, sizes: dict[str, int]) -> dict:
    """The DCAT-AP.de description: one catalog, one dataset, one distribution per file.
    Addresses are relative to this file where `site_url` is not set."""
    settings = directory.settings
    lic = licence(settings)
    base = links.absolute("data/") or ""
    modified = {"@value": today.isoformat(), "@type": "xsd:date"}
    publisher = settings.publisher
    agent = _clean({"@type": "foaf:Organization", "foaf:name": publisher.name.get(GERMAN), "foaf:homepage": {"@id": publisher.website} if publisher.website else None}) if publisher else None
    contact = (
        _clean(
            {
                "@type": "vcard:Organization",
                "vcard:fn": publisher.name.get(GERMAN),
                "vcard:hasEmail": {"@id": f"mailto:{publisher.email}"} if publisher.email else None,
                "vcard:hasURL": {"@id": publisher.website} if publisher.website else None,
            }
        )
        if publisher
        else None
    )
    distributions = [
        _clean(
            {
                "@id": f"{base}{path}#distribution",
                "@type": "dcat:Distribution",
                "dct:title": {"@value": FILE_TITLES[path], "@language": "de"},
                "dcat:accessURL": {"@id": links.absolute("data/") or "./"},
                "dcat:downloadURL": {"@id": f"{base}{path}"},
                "dct:format": {"@id": FILE_TYPES + kind},
                "dcat:mediaType": {"@id": f"https://www.iana.org/assignments/media-types/{media}"},
                "dcat:byteSize": {"@value": str(sizes[path]), "@type": "xsd:nonNegativeInteger"},
                "dct:license": {"@id": lic.uri},
                "dcatde:licenseAttributionByText": attribution(settings) if lic.needs_attribution else None,
                "dct:modified": modified,
            }
        )
        for path, (kind, media) in FILES.items()
    ]
    dataset = _clean(
        {
            "@id": f"{base}#dataset",
            "@type": "dcat:Dataset",
            "dct:identifier": f"{base}#dataset" if base else None,
            "dct:title": {"@value": "Beratungsstellen des Kommunalen Integrationsmanagements (KIM)", "@language": "de"},
            "dct:description": {
                "@value": "Case-Management-Beratungsstellen des Kommunalen Integrationsmanagements in Nordrhein-Westfalen: Adressen, Öffnungs- und Telefonzeiten, Beratungssprachen, Themen, Träger, Zuständigkeiten und veröffentlichte Ansprechpersonen.",
                "@language": "de",
            },
            "dcat:keyword": [{"@value": word, "@language": "de"} for word in ("Integration", "Beratung", "Case Management", "Zuwanderung", "KIM")],
            "dcat:theme": [{"@id": "http://publications.europa.eu/resource/authority/data-theme/SOCI"}],
            "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/DEU"},
            "dct:publisher": agent,
            "dcat:contactPoint": contact,
            "dct:modified": modified,
            "dcatde:politicalGeocodingLevelURI": {"@id": geocoding_level(directory)} if directory.offices else None,
            "dcat:landingPage": {"@id": links.absolute("data/") or "./"},
            "dcat:distribution": distributions,
        }
    )
    return {
        "@context": DCAT_CONTEXT,
        "@graph": [
            _clean(
                {
                    "@id": f"{base}{CATALOG}",
                    "@type": "dcat:Catalog",
                    "dct:title": {"@value": "Offene Daten: Kommunales Integrationsmanagement", "@language": "de"},
                    "dct:description": {"@value": "Die offenen Daten dieser Website.", "@language": "de"},
                    "dct:publisher": agent,
                    "dct:modified": modified,
                    "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/DEU"},
                    "dcat:dataset": [{"@id": dataset["@id"]}],
                }
            ),
            dataset,
        ],
    }
