"""The domain: carriers, municipalities and offices as the pages show them, for the
day the site is built (references resolved, only what may be published), and the
directory of all of them with the look-ups the pages need."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property

from pydantic import PrivateAttr

from ..contract.records import CarrierFile, Closure, Consultation, Contact, MunicipalityFile, OfficeFile, OpeningRule, Settings, rules_on
from .access import Access, access, can_be_asked


class Carrier(CarrierFile):
    id: str


class Municipality(MunicipalityFile):
    id: str


class Office(OfficeFile):
    """An office as the pages show it: references resolved, for the day the site is built.
    Its contacts are only those that may be published on that day."""

    slug: str
    carriers: tuple[Carrier, ...]
    today: dt.date
    # Not a field: the file's `municipality:` is the id (municipality_id).
    _municipality: Municipality = PrivateAttr()

    @classmethod
    def of(cls, record: OfficeFile, contacts: tuple[Contact, ...], slug: str, carriers: tuple[Carrier, ...], municipality: Municipality, today: dt.date) -> Office:
        office = cls.model_construct(**(dict(record) | {"contacts": contacts}), slug=slug, carriers=carriers, today=today)
        office._municipality = municipality
        return office

    @property
    def municipality(self) -> Municipality:
        return self._municipality

    @cached_property
    def access(self) -> Access:
        """How to get in and when, on the day the site is built (access.py)."""
        return access(self, self.carriers, self.today)

    @property
    def carrier(self) -> Carrier:
        return self.carriers[0]

    @property
    def published_contacts(self) -> tuple[Contact, ...]:
        return self.contacts

    @property
    def responsible_postcodes(self) -> tuple[str, ...]:
        return self.responsible_for.postcodes if self.responsible_for else ()

    @property
    def responsible_municipalities(self) -> tuple[str, ...]:
        return self.responsible_for.municipalities if self.responsible_for else ()

    @property
    def responsible_districts(self) -> tuple[str, ...]:
        return self.responsible_for.districts if self.responsible_for else ()

    @property
    def reachable(self) -> bool:
        """Whether the site shows a way to get in touch with the office itself: a number,
        an e-mail address or a website, its own or a listed person's."""
        return can_be_asked(self)

    @property
    def place_line(self) -> str:
        """Where the office is, in one line, as far as published: `Hauptstraße 221, 44649 Herne`;
        the municipality's name where no town is written."""
        a = self.address
        town = " ".join(filter(None, (a.postcode if a else None, (a.city if a else None) or self.municipality.name.get("de"))))
        return ", ".join(filter(None, (a.street if a else None, town)))

    @property
    def only_at_places(self) -> bool:
        """Whether the office counsels only at its further places, as far as published:
        hours there, none of its own (the pages then do not call them "further")."""
        return not self.opening_hours and any(place.hours for place in self.consultations)

    def hours_on(self, day: str) -> list[OpeningRule]:
        return rules_on(self.opening_hours, day, self.today)

    def review_due(self, months: int) -> dt.date:
        """The day the office's details are due to be checked with it again: `months`
        after it was last checked (the month's last day where it is shorter)."""
        month = self.reviewed.month - 1 + months
        year, month = self.reviewed.year + month // 12, month % 12 + 1
        return dt.date(year, month, min(self.reviewed.day, calendar.monthrange(year, month)[1]))

    def closures_from(self, today: dt.date) -> list[Closure]:
        """Closures not yet over, the next first."""
        return sorted((c for c in self.closures if c.end >= today), key=lambda c: c.start)

    @property
    def all_languages(self) -> tuple[str, ...]:
        """The office's languages, then any further ones its published contacts speak."""
        seen = list(self.languages)
        for contact in self.contacts:
            seen += [code for code in contact.languages if code not in seen]
        return tuple(seen)


@dataclass
class Directory:
    """Everything in `content/`, with the look-ups the pages need."""

    carriers: dict[str, Carrier] = field(default_factory=dict)
    municipalities: dict[str, Municipality] = field(default_factory=dict)
    offices: dict[str, Office] = field(default_factory=dict)
    settings: Settings = field(default_factory=Settings)  # content/site.yml (empty where there is none)
    warnings: list = field(default_factory=list)  # Problems worth fixing that do not stop the build
    _areas: dict[str, set[str]] = field(default_factory=dict, repr=False)  # area() by office
    _found: dict[tuple, list] = field(default_factory=dict, repr=False)  # the look-ups below, once each

    def _once(self, key: tuple, find) -> list:
        """A look-up made once (the directory does not change after loading; each list
        page of each language asks again)."""
        if key not in self._found:
            self._found[key] = find()
        return list(self._found[key])

    def offices_in(self, municipality_id: str) -> list[Office]:
        return self._once(("in", municipality_id), lambda: [o for o in self.sorted_offices() if o.municipality.id == municipality_id])

    def offices_with_topic(self, topic: str) -> list[Office]:
        return self._once(("topic", topic), lambda: [o for o in self.sorted_offices() if topic in o.topics])

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
        if office.slug not in self._areas:
            self._areas[office.slug] = {ident for root in (office.municipality.id, *office.responsible_municipalities) for ident in self.within(root)}
        return self._areas[office.slug]

    def postcodes_of(self, office: Office) -> tuple[str, ...]:
        """Postcodes the office is responsible for: named ones and those of the
        municipalities named in `responsible_for`."""
        codes = list(office.responsible_postcodes)
        for root in office.responsible_municipalities:
            for ident in self.within(root):
                codes += [p for p in self.municipalities[ident].postcodes if p not in codes]
        return tuple(codes)

    def offices_for(self, municipality_id: str) -> list[Office]:
        """Offices for a municipality: in it, in one of its towns (for a Kreis), or serving
        it from a Kreis or by responsibility."""
        wanted = set(self.within(municipality_id))
        return self._once(("for", municipality_id), lambda: [o for o in self.sorted_offices() if wanted & self.area(o)])

    def places_in(self, municipality_id: str) -> list[tuple[Office, Consultation]]:
        """Further places of consultation in a municipality (by its name or its postcodes),
        of offices located elsewhere: the StädteRegion's hours in the Eschweiler town hall."""
        municipality = self.municipalities[municipality_id]
        names = {text.casefold() for text in municipality.name.by_language.values()}
        return self._once(("places", municipality_id), lambda: [
            (office, place)
            for office in self.sorted_offices()
            if office.municipality.id != municipality_id
            for place in office.consultations
            if (place.address.city or "").casefold() in names or place.address.postcode in municipality.postcodes
        ])

    def sorted_municipalities(self) -> list[Municipality]:
        return sorted(self.municipalities.values(), key=lambda m: m.name.get("de").casefold())
