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

APPOINTMENT_MODES = ("required", "recommended", "walk-in")

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


@dataclass(frozen=True)
class Address:
    street: str
    postcode: str
    city: str


@dataclass(frozen=True)
class Location:
    lat: float
    lon: float


@dataclass(frozen=True)
class OpeningRule:
    days: tuple[str, ...]
    open: dt.time
    close: dt.time


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
class Contact:
    name: str
    role: str | None
    phone: Phone | None
    email: str | None
    languages: tuple[str, ...]
    publish: bool


@dataclass
class Office:
    slug: str
    name: Text
    carrier: Carrier
    municipality: Municipality
    address: Address
    location: Location
    appointment: str
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
    accessibility: Accessibility | None = None
    notes: Text | None = None
    contacts: tuple[Contact, ...] = ()

    @property
    def published_contacts(self) -> tuple[Contact, ...]:
        # The only way to contacts for anything that renders: a contact that has
        # not agreed to be listed must not reach a single output byte.
        return tuple(c for c in self.contacts if c.publish)

    def hours_on(self, day: str) -> list[OpeningRule]:
        return sorted((r for r in self.opening_hours if day in r.days), key=lambda r: r.open)

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

    def sorted_municipalities(self) -> list[Municipality]:
        return sorted(self.municipalities.values(), key=lambda m: m.name.get("de").casefold())
