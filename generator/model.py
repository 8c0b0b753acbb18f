"""What the site is about: offices, who runs them, where they are, who works there.

Plain data, no YAML and no MkDocs here. `load.py` builds these objects from
`content/`, `pages.py` turns them into pages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .settings import Settings

DAYS = ("mo", "tu", "we", "th", "fr", "sa", "su")

TOPICS = (
    "orientation",
    "kita-school",
    "language",
    "education",
    "work",
    "recognition",
    "housing",
    "health",
    "care",
    "family",
    "residence",
    "finances",
    "leisure",
    "naturalisation",
    "documents",
    "authorities",
    "debt",
    "social-benefits",
    "disability",
)

# How to get advice; an office may leave it out ("not stated": call first).
APPOINTMENT_MODES = ("required", "recommended", "walk-in", "referral")

# Coordination offices answer questions about the programme, they do not counsel.
OFFICE_KINDS = ("counselling", "coordination", "authority-desk")

# Who an office is for, when it is not for everyone.
TARGET_GROUPS = (
    "eu-citizens",
    "refugees",
    "ukraine",
    "duldung-gestattung",
    "young-adults",
    "women",
    "families",
    "single-parents",
    "disability",
    "lgbtiq",
    "skilled-workers",
)

MUNICIPALITY_KINDS = ("city", "kreis", "region")
PHONE_KINDS = ("landline", "mobile", "fax")

# Role ids with a translated name; any other text is shown as written.
ROLES = ("case-manager", "team-lead", "coordinator")


@dataclass(frozen=True)
class Text:
    """A text an editor wrote, in one language or per language ({de: ..., en: ...})."""

    by_language: dict[str, str]

    def get(self, language: str, default_language: str = "de") -> str:
        for code in (language, default_language):
            if code in self.by_language:
                return self.by_language[code]
        return next(iter(self.by_language.values()))

    def language_of(self, language: str, default_language: str = "de") -> str:
        """The language the text is really shown in, for a `lang` attribute."""
        for code in (language, default_language):
            if code in self.by_language:
                return code
        return next(iter(self.by_language))


@dataclass(frozen=True)
class Phone:
    e164: str  # for tel: links, e.g. +4923256999194
    display: str  # as people write it, e.g. 02325 6999194


@dataclass(frozen=True)
class Source:
    """Where an editor found the facts of a file (for editors, not shown)."""

    url: str | None = None
    date: dt.date | None = None


@dataclass(frozen=True)
class Carrier:
    id: str
    name: Text
    website: str | None = None


@dataclass(frozen=True)
class Municipality:
    id: str
    name: Text
    website: str | None = None
    postcodes: tuple[str, ...] = ()
    kind: str = "city"
    part_of: str | None = None  # id of the Kreis or region the town belongs to


@dataclass(frozen=True)
class Address:
    street: str
    postcode: str
    city: str
    extra: Text | None = None  # floor, room, building: "2. OG, Raum 255"
    directions: Text | None = None  # how to find the door


@dataclass(frozen=True)
class Location:
    lat: float
    lon: float


@dataclass(frozen=True)
class OpeningRule:
    days: tuple[str, ...]
    open: dt.time
    close: dt.time
    valid_from: dt.date | None = None  # first day the rule holds
    valid_until: dt.date | None = None  # last day the rule holds

    def valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_until is None or day <= self.valid_until)


def rules_on(rules: tuple[OpeningRule, ...], weekday: str, day: dt.date) -> list[OpeningRule]:
    """The rules for one weekday that hold on `day`, earliest first."""
    return sorted((r for r in rules if weekday in r.days and r.valid_on(day)), key=lambda r: r.open)


def later_rules(rules: tuple[OpeningRule, ...], day: dt.date) -> list[OpeningRule]:
    """Rules that start after `day` (announced changes), the next first."""
    return sorted((r for r in rules if r.valid_from and r.valid_from > day), key=lambda r: (r.valid_from, DAYS.index(r.days[0]), r.open))


@dataclass(frozen=True)
class Closure:
    start: dt.date
    end: dt.date  # inclusive


@dataclass(frozen=True)
class Accessibility:
    wheelchair: bool | None = None
    accessible_toilet: bool | None = None
    hearing_loop: bool | None = None
    note: Text | None = None


@dataclass(frozen=True)
class PhoneNumber:
    number: Phone
    kind: str = "landline"  # landline | mobile | fax


@dataclass(frozen=True)
class Contact:
    name: str
    role: str | None
    phones: tuple[PhoneNumber, ...]
    email: str | None
    languages: tuple[str, ...]
    publish: bool
    title: str | None = None  # as the office writes it, beside the role id
    since: dt.date | None = None
    until: dt.date | None = None  # after this day the contact is not published
    hours: tuple[OpeningRule, ...] = ()  # the person's own consultation hours

    @property
    def phone(self) -> Phone | None:
        """The number to call: the first that is not a fax."""
        return next((p.number for p in self.phones if p.kind != "fax"), None)

    def listed_on(self, day: dt.date) -> bool:
        return self.publish and (self.since is None or self.since <= day) and (self.until is None or day <= self.until)


@dataclass(frozen=True)
class TargetGroup:
    """Who an office is for; an office without one is for every immigrant."""

    min_age: int | None = None
    max_age: int | None = None
    groups: tuple[str, ...] = ()
    max_years: int | None = None  # at most this many years in the area
    note: Text | None = None


@dataclass(frozen=True)
class Consultation:
    """A further place where an office holds consultations."""

    name: Text
    address: Address
    location: Location | None
    hours: tuple[OpeningRule, ...] = ()
    note: Text | None = None


@dataclass(frozen=True)
class Document:
    file: str  # under content/, e.g. files/flyer-ar.pdf
    title: Text
    language: str
    size: int  # bytes

    @property
    def type(self) -> str:
        return self.file.rpartition(".")[2].upper()


@dataclass
class Office:
    slug: str
    name: Text
    carriers: tuple[Carrier, ...]
    municipality: Municipality
    address: Address
    location: Location | None  # None: not on the map
    appointment: str | None  # None: not stated
    languages: tuple[str, ...]
    topics: tuple[str, ...]
    reviewed: dt.date
    district: str | None = None
    phone: Phone | None = None
    email: str | None = None
    website: str | None = None
    opening_hours: tuple[OpeningRule, ...] = ()
    closures: tuple[Closure, ...] = ()
    interpreters: bool = False
    responsible_postcodes: tuple[str, ...] = ()
    responsible_municipalities: tuple[str, ...] = ()  # ids
    responsible_districts: tuple[str, ...] = ()
    accessibility: Accessibility | None = None
    notes: Text | None = None
    contacts: tuple[Contact, ...] = ()
    kind: str = "counselling"
    target_group: TargetGroup | None = None
    outreach: bool = False
    phone_hours: tuple[OpeningRule, ...] = ()
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None
    consultations: tuple[Consultation, ...] = ()
    documents: tuple[Document, ...] = ()
    accepting_new_clients: bool = True
    capacity_note: Text | None = None
    source: Source | None = None
    today: dt.date = field(default_factory=dt.date.today)  # the day the site is built for

    @property
    def carrier(self) -> Carrier:
        return self.carriers[0]

    @property
    def published_contacts(self) -> tuple[Contact, ...]:
        # The only way to contacts for anything that renders: a contact that has
        # not agreed to be listed, or not (or no longer) works here, must not reach
        # a single output byte.
        return tuple(c for c in self.contacts if c.listed_on(self.today))

    @property
    def reachable(self) -> bool:
        """Whether the site shows any way to get in touch: a number, an address or a website."""
        return bool(self.phone or self.email or self.website or any(c.phone or c.email for c in self.published_contacts))

    def hours_on(self, day: str) -> list[OpeningRule]:
        return rules_on(self.opening_hours, day, self.today)

    def closures_from(self, today: dt.date) -> list[Closure]:
        """Closures not yet over, the next first."""
        return sorted((c for c in self.closures if c.end >= today), key=lambda c: c.start)

    @property
    def all_languages(self) -> tuple[str, ...]:
        """The office's languages, then any further ones its published contacts speak."""
        seen = list(self.languages)
        for contact in self.published_contacts:
            seen += [code for code in contact.languages if code not in seen]
        return tuple(seen)


@dataclass
class Directory:
    """Everything in `content/`, with the look-ups the pages need."""

    carriers: dict[str, Carrier] = field(default_factory=dict)
    municipalities: dict[str, Municipality] = field(default_factory=dict)
    offices: dict[str, Office] = field(default_factory=dict)
    settings: Settings | None = None  # content/site.yml
    warnings: list = field(default_factory=list)  # Problems worth fixing that do not stop the build

    def offices_in(self, municipality_id: str) -> list[Office]:
        return [o for o in self.sorted_offices() if o.municipality.id == municipality_id]

    def offices_with_topic(self, topic: str) -> list[Office]:
        return [o for o in self.sorted_offices() if topic in o.topics]

    def sorted_offices(self) -> list[Office]:
        # Asked for on many pages: sorted once (the directory does not change after loading).
        if len(getattr(self, "_sorted", ())) != len(self.offices):
            self._sorted = sorted(self.offices.values(), key=lambda o: (o.municipality.id, o.name.get("de").casefold()))
        return list(self._sorted)

    def within(self, municipality_id: str) -> list[str]:
        """The municipality and every town or Kreis that is part of it, at any depth."""
        found = [municipality_id]
        for ident in found:
            found += [m.id for m in self.municipalities.values() if m.part_of == ident and m.id not in found]
        return found

    def area(self, office: Office) -> set[str]:
        """The municipalities an office serves: its own, those it is responsible for,
        and every town inside them (a Kreis team serves each of its towns)."""
        return {ident for root in (office.municipality.id, *office.responsible_municipalities) for ident in self.within(root)}

    def postcodes_of(self, office: Office) -> tuple[str, ...]:
        """Postcodes the office is responsible for: named ones and those of the
        municipalities named in `responsible_for`."""
        codes = list(office.responsible_postcodes)
        for root in office.responsible_municipalities:
            for ident in self.within(root):
                codes += [p for p in self.municipalities[ident].postcodes if p not in codes]
        return tuple(codes)

    def offices_for(self, municipality_id: str) -> list[Office]:
        """Offices in the municipality and those serving it from a Kreis or by responsibility."""
        return [o for o in self.sorted_offices() if municipality_id in self.area(o)]

    def sorted_municipalities(self) -> list[Municipality]:
        return sorted(self.municipalities.values(), key=lambda m: m.name.get("de").casefold())
