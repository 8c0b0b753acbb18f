"""What the site is about, as the one definition of the data contract.

Each class is a kind of file or part of one (office, contact, carrier,
municipality, hours rule, place, document, target group, site settings), with a
description on every field. From these come the checks of `kim check`, the
domain objects the pages are rendered from, the JSON Schema for editors'
autocompletion (`kim schema`) and the field reference (docs/fields.md).

Python attribute names equal the YAML field names, except where a field is read
into another shape (`phone`/`phones` of a contact, `from`/`to` of a closure,
the ids of `carrier` and `municipality`, which the loader resolves).
No YAML and no MkDocs here.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import TYPE_CHECKING, Annotated, Any, ClassVar
from urllib.parse import urlsplit

from markupsafe import Markup, escape
from pydantic import BaseModel, ConfigDict, Field, PlainValidator, WithJsonSchema, model_validator

from .. import i18n
from . import vocabulary as v
from .values import (
    Brief,
    Choice,
    ContentFile,
    Coordinate,
    Date,
    Email,
    FileUnder,
    Id,
    Item,
    LanguageTag,
    Line,
    Name,
    Note,
    Phone,
    PhoneText,
    Postcode,
    SiteAddress,
    Time,
    WebAddress,
    WholeNumber,
    YesNo,
    invalid,
    invalid_at,
    line,
    web_address,
)

if TYPE_CHECKING:
    pass

DAYS = v.DAYS.ids
TOPICS = v.TOPICS.ids
TARGET_GROUPS = v.TARGET_GROUPS.ids
ROLES = v.ROLES.ids

Day = Annotated[str, Choice(v.DAYS)]
Topic = Annotated[str, Choice(v.TOPICS)]
Group = Annotated[str, Choice(v.TARGET_GROUPS)]
OfficeKind = Annotated[str, Choice(v.OFFICE_KINDS)]
AppointmentMode = Annotated[str, Choice(v.APPOINTMENT_MODES)]
PhoneKind = Annotated[str, Choice(v.PHONE_KINDS)]
MunicipalityKind = Annotated[str, Choice(v.MUNICIPALITY_KINDS)]
AccessibilityStatus = Annotated[str, Choice(v.ACCESSIBILITY_STATUS)]
DataLicence = Annotated[str, Choice(v.DATA_LICENCES)]

# What to bring to the first meeting: as many items as the handout's one page holds.
MAX_BRING = 10

# Documents an office may list (stored under content/files/).
DOCUMENT_TYPES = (".pdf", ".docx", ".odt", ".jpg", ".jpeg", ".png")
VIDEO_TYPES = (".mp4", ".webm")


def listed(description: str, required: bool = False, most: int | None = None) -> Any:
    """A list in a file: at least one entry when written (an empty list says nothing),
    at most `most` where a page has room for no more."""
    return Field(... if required else (), min_length=1, max_length=most, description=description)


class Record(BaseModel):
    """A part of a file: unknown fields are mistakes, values never change."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True, populate_by_name=False, defer_build=True)

    # Field-specific help for a missing required field.
    missing_hints: ClassVar[dict[str, str]] = {}


# -- places and times ----------------------------------------------------------------------


class Address(Record):
    """As far as the office publishes it: often only the city."""

    street: Line | None = Field(None, description=i18n.editor_later("Street and number, e.g. Hauptstraße 221. Leave out if not published."))
    postcode: Postcode | None = Field(None, description=i18n.editor_later('Five digits, in quotes: "44649". Leave out if not published.'))
    city: Line | None = Field(None, description=i18n.editor_later("Town or city. Without it, the municipality's name is shown."))
    extra: Name | None = Field(None, description=i18n.editor_later("Floor, room or building: 2. OG, Raum 255."))
    directions: Note | None = Field(None, description=i18n.editor_later("How to find the door."))

    @property
    def line(self) -> str:
        """`Johannes-Rau-Platz 1, 52249 Eschweiler`, as far as published."""
        town = " ".join(filter(None, (self.postcode, self.city)))
        return ", ".join(filter(None, (self.street, town)))

    @model_validator(mode="after")
    def _something(self) -> Address:
        if not (self.street or self.postcode or self.city):
            raise invalid(i18n.editor("has no street, postcode or city. Write what is published, or leave 'address' out: the municipality is shown."))
        return self


# Germany's extent, with a little margin.
GERMANY = {"lat": (47.2, 55.1), "lon": (5.8, 15.1)}


def _in_germany(lat: float, lon: float) -> bool:
    return GERMANY["lat"][0] <= lat <= GERMANY["lat"][1] and GERMANY["lon"][0] <= lon <= GERMANY["lon"][1]


class Location(Record):
    lat: Coordinate = Field(description=i18n.editor_later("Latitude, about 47 to 55 in Germany, e.g. 51.5356."))
    lon: Coordinate = Field(description=i18n.editor_later("Longitude, about 6 to 15 in Germany, e.g. 7.1583."))

    @model_validator(mode="after")
    def _in_germany(self) -> Location:
        if not _in_germany(self.lat, self.lon):
            hint = (
                i18n.editor(" lat and lon look swapped: lat is about 47-55 and lon about 6-15 in Germany.")
                if _in_germany(self.lon, self.lat)
                else i18n.editor(" Check the numbers; in Germany lat is about 47-55 and lon about 6-15.")
            )
            raise invalid(i18n.editor("lat %(lat)s, lon %(lon)s is outside Germany.%(hint)s", lat=self.lat, lon=self.lon, hint=hint))
        return self


# Which of a month's weekdays of its kind a rule holds on: 1 to 5 (the first to the fifth
# Tuesday of the month: days 1-7, 8-14, ...), LAST (the last one: one of the month's last
# seven days). Editors write `last` (or -1, as in iCalendar).
LAST = -1


def _week(value: Any) -> int:
    text = line(value)
    if text in ("1", "2", "3", "4", "5"):
        return int(text)
    if text in ("last", "-1"):
        return LAST
    raise invalid(i18n.editor("'%(value)s' is not a week of the month. Write 1 to 5 for the first to the fifth such weekday of the month, or last for the last one, e.g. weeks: [1, 3].", value=text))


Week = Annotated[int, PlainValidator(_week), WithJsonSchema({"anyOf": [{"type": "integer", "enum": [1, 2, 3, 4, 5, -1]}, {"enum": ["last"]}]})]


def week_of_month(day: dt.date) -> tuple[int, bool]:
    """Which such weekday of its month `day` is (1 for days 1-7, ...), and whether it is the last."""
    return (day.day - 1) // 7 + 1, (day + dt.timedelta(days=7)).month != day.month


class OpeningRule(Record):
    """Hours on some weekdays, from `open` to `close`, maybe only for a while, maybe only
    on some of them in a month (`weeks`)."""

    days: tuple[Day, ...] = listed(i18n.editor_later("Weekdays."), required=True)
    open: Time = Field(description=i18n.editor_later("HH:MM, e.g. 08:00."))
    close: Time = Field(description=i18n.editor_later("HH:MM, after open, e.g. 16:30."))
    weeks: tuple[Week, ...] = listed(
        i18n.editor_later("Only on these of the month's weekdays: 1 is the first (days 1 to 7 of the month), 3 the third, last the last; e.g. weeks: [1, 3] for the first and third. Absent: every week.")
    )
    valid_from: Date | None = Field(None, description=i18n.editor_later("First day the hours hold."))
    valid_until: Date | None = Field(None, description=i18n.editor_later("Last day the hours hold."))

    @model_validator(mode="after")
    def _order(self) -> OpeningRule:
        if self.close <= self.open:
            raise invalid_at("close", i18n.editor("closes at %(close)s, not after it opens at %(open)s. Check both times.", close=f"{self.close:%H:%M}", open=f"{self.open:%H:%M}"))
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise invalid_at("valid_until", i18n.editor("%(until)s is before valid_from %(start)s. valid_until is the last day the hours hold.", until=self.valid_until, start=self.valid_from))
        return self

    def valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_until is None or day <= self.valid_until)

    def in_week_of(self, day: dt.date) -> bool:
        """Whether `day` is one of the month's weekdays the rule holds on (`weeks`)."""
        if not self.weeks:
            return True
        number, last = week_of_month(day)
        return number in self.weeks or (last and LAST in self.weeks)


Hours = tuple[OpeningRule, ...]


def rules_on(rules: tuple[OpeningRule, ...], weekday: str, day: dt.date) -> list[OpeningRule]:
    """The rules for one weekday that hold on `day`, earliest first."""
    return sorted((r for r in rules if weekday in r.days and r.valid_on(day)), key=lambda r: r.open)


def later_rules(rules: tuple[OpeningRule, ...], day: dt.date) -> list[OpeningRule]:
    """Rules that start after `day` (announced changes), the next first."""
    return sorted((r for r in rules if r.valid_from and r.valid_from > day), key=lambda r: (r.valid_from, DAYS.index(r.days[0]), r.open))


class Closure(Record):
    start: Date = Field(alias="from", description=i18n.editor_later("First closed day."))
    end: Date = Field(alias="to", description=i18n.editor_later("Last closed day."))

    @model_validator(mode="after")
    def _order(self) -> Closure:
        if self.end < self.start:
            raise invalid_at("to", i18n.editor("%(end)s is before %(start)s. 'to' is the last closed day.", end=self.end, start=self.start))
        return self


class Accessibility(Record):
    wheelchair: YesNo | None = Field(None, description=i18n.editor_later("Wheelchair accessible."))
    accessible_toilet: YesNo | None = Field(None, description=i18n.editor_later("An accessible toilet."))
    hearing_loop: YesNo | None = Field(None, description=i18n.editor_later("A hearing loop."))
    note: Note | None = Field(None, description=i18n.editor_later("Anything else about access."))


class Source(Record):
    """Where an editor found the facts of a file (for editors, not shown)."""

    url: WebAddress | None = Field(None, description=i18n.editor_later("The page or article."))
    date: Date | None = Field(None, description=i18n.editor_later("Its date."))


# -- people -----------------------------------------------------------------------------------


class PhoneNumber(Record):
    number: PhoneText = Field(description=i18n.editor_later('Any common notation: "02325 6999194", "0151 434 259 09", "02331/207-5820".'))
    kind: PhoneKind = Field("landline", description=i18n.editor_later("What the number is (default: landline)."))


# Phone numbers and an e-mail address, the same for an office, a person and a carrier.
ONE_PHONE: Any = Field(None, alias="phone", description=i18n.editor_later("One number, in any common notation; an extension after a hyphen is kept: 02331 207-5820."))
SEVERAL_PHONES: Any = Field((), min_length=1, alias="phones", description=i18n.editor_later("Several numbers with their kind: [{number: ..., kind: mobile}]."))
EMAIL: Any = Field(None, description=i18n.editor_later("E-mail address: name@example.org."))


class Reachable:
    """What records with `phone`/`phones` share: one way to read them. (The fields are
    declared in each record, with ONE_PHONE and SEVERAL_PHONES, in the record's order.)"""

    if TYPE_CHECKING:
        single_phone: Phone | None
        phone_list: tuple[PhoneNumber, ...]

    def _one_of_phone_and_phones(self) -> None:
        if self.single_phone and self.phone_list:
            raise invalid_at("phones", i18n.editor("and 'phone' both given. Keep one: 'phone' for one number, 'phones' for several with their kind."))

    @property
    def phones(self) -> tuple[PhoneNumber, ...]:
        return self.phone_list or ((PhoneNumber.model_construct(number=self.single_phone, kind="landline"),) if self.single_phone else ())

    @property
    def phone(self) -> Phone | None:
        """The number to call: the first that is not a fax."""
        return next((p.number for p in self.phones if p.kind != "fax"), None)


# A role id (translated on the pages) or the role as the office writes it.
Role = Annotated[str, PlainValidator(line), WithJsonSchema({"anyOf": [Choice(v.ROLES).schema(), {"type": "string"}]})]


class Contact(Reachable, Record):
    """A person at the office, listed only with `publish: true`."""

    missing_hints: ClassVar[dict[str, str]] = {"publish": i18n.editor_later("missing. Add 'publish: true' only once the person has agreed to be listed, otherwise 'publish: false'.")}

    name: Line = Field(description=i18n.editor_later("The person's name as they want it shown."))
    role: Role | None = Field(None, description=i18n.editor_later("case-manager, team-lead, coordinator (translated) or any text."))
    title: Line | None = Field(None, description=i18n.editor_later("The title as the office writes it."))
    single_phone: PhoneText | None = ONE_PHONE
    phone_list: tuple[PhoneNumber, ...] = SEVERAL_PHONES
    email: Email | None = EMAIL
    languages: tuple[LanguageTag, ...] = listed(i18n.editor_later("Languages the person counsels in."))
    place: Annotated[int, WholeNumber(1, 50)] | None = Field(None, description=i18n.editor_later("Works at this further place of the office: 1 is the first of its consultations."))
    hours: Hours = listed(i18n.editor_later("The person's own consultation hours."))
    since: Date | None = Field(None, description=i18n.editor_later("Listed from this day."))
    until: Date | None = Field(None, description=i18n.editor_later("Not listed after this day."))
    publish: YesNo = Field(description=i18n.editor_later("true only once the person agreed to be listed."))
    open_data: YesNo = Field(
        False,
        description=i18n.editor_later("true only once the person also agreed to be in the open data (offices.json, contacts.csv, HSDS), which anyone may copy and reuse; without it, only the site lists them."),
    )

    @model_validator(mode="after")
    def _checks(self) -> Contact:
        self._one_of_phone_and_phones()
        if self.since and self.until and self.until < self.since:
            raise invalid_at("until", i18n.editor("%(until)s is before since %(since)s. 'until' is the last day the person is listed.", until=self.until, since=self.since))
        return self

    def listed_on(self, day: dt.date) -> bool:
        return self.publish and (self.since is None or self.since <= day) and (self.until is None or day <= self.until)


# -- who an office is for, where else it is, what it hands out ------------------------------


class TargetGroup(Record):
    """Who an office is for; an office without one is for every immigrant."""

    min_age: Annotated[int, WholeNumber(0, 120)] | None = Field(None, description=i18n.editor_later("Youngest age, included."))
    max_age: Annotated[int, WholeNumber(0, 120)] | None = Field(None, description=i18n.editor_later("Oldest age, included."))
    groups: tuple[Group, ...] = listed(i18n.editor_later("Groups the office is for."))
    max_years: Annotated[int, WholeNumber(1, 50)] | None = Field(None, description=i18n.editor_later("At most this many years in the area."))
    note: Note | None = Field(None, description=i18n.editor_later("Anything else about who may come."))
    until: Date | None = Field(None, description=i18n.editor_later('The restriction holds only until this day ("at first for ..."); after it, the office is for everyone.'))
    focus: YesNo = Field(False, description=i18n.editor_later("true: the office focuses on these people, and others are welcome too."))

    def applies_on(self, day: dt.date) -> bool:
        return self.until is None or day <= self.until

    @model_validator(mode="after")
    def _ages(self) -> TargetGroup:
        if self.min_age is not None and self.max_age is not None and self.max_age < self.min_age:
            raise invalid_at("max_age", i18n.editor("%(max_age)s is below min_age %(min_age)s. Both ages are included: 18 to 27 is min_age: 18, max_age: 27.", max_age=self.max_age, min_age=self.min_age))
        return self


class Consultation(Record):
    """A further place where an office holds consultations."""

    name: Name = Field(description=i18n.editor_later("The place: Rathaus Eschweiler."))
    address: Address = Field(description=i18n.editor_later("Its address."))
    location: Location | None = Field(None, description=i18n.editor_later("On the maps as a place of this office."))
    hours: Hours = listed(i18n.editor_later("Consultation hours there."))
    note: Note | None = Field(None, description=i18n.editor_later("Anything else about the place."))


class Document(Record):
    """A flyer or form: a file of this site, or a page on another website."""

    file: Annotated[ContentFile, FileUnder(DOCUMENT_TYPES)] | None = Field(None, description=i18n.editor_later("A file under content/files/, e.g. files/flyer-ar.pdf."))
    url: WebAddress | None = Field(None, description=i18n.editor_later("Or a document on another website (the carrier's): https://..."))
    title: Name = Field(description=i18n.editor_later("What the document is."))
    language: LanguageTag = Field(description=i18n.editor_later("The document's language."))

    @model_validator(mode="after")
    def _file_or_url(self) -> Document:
        if self.file and self.url:
            raise invalid_at("url", i18n.editor("and 'file' both given. Keep one: 'file' for a file under content/files/, 'url' for a document on another website."))
        if not self.file and not self.url:
            raise invalid(i18n.editor("names no document. Add 'file: files/...' (a file under content/files/) or 'url: https://...' (on another website)."))
        return self

    @property
    def address(self) -> str:
        """The file's address under the site's root, percent-encoded; empty for a `url`."""
        return self.file.address if self.file else ""

    @property
    def size(self) -> int:
        return self.file.size if self.file else 0

    @property
    def type(self) -> str:
        return (self.file.path if self.file else "").rpartition(".")[2].upper()


class Responsibility(Record):
    postcodes: tuple[Postcode, ...] = listed(i18n.editor_later("Postcodes the office is responsible for."))
    municipalities: tuple[Id, ...] = listed(i18n.editor_later("Municipality ids; their towns (part_of) are included."))
    districts: tuple[Line, ...] = listed(i18n.editor_later("Districts the office is responsible for."))


# -- files ---------------------------------------------------------------------------------------


class CarrierFile(Reachable, Record):
    """`content/carriers/<id>.yml`: who runs offices (a city, a Kreis, AWO, Caritas, ...).
    Its phone and e-mail are shown as the way to ask where an office publishes none."""

    name: Name = Field(description=i18n.editor_later("The carrier's name."))
    website: WebAddress | None = Field(None, description=i18n.editor_later("Website: https://..."))
    single_phone: PhoneText | None = ONE_PHONE
    phone_list: tuple[PhoneNumber, ...] = SEVERAL_PHONES
    email: Email | None = EMAIL
    source: Source | None = Field(None, description=i18n.editor_later("Where the facts come from (not shown)."))
    sources: tuple[Source, ...] = listed(i18n.editor_later("Several sources."))

    @model_validator(mode="after")
    def _phones(self) -> CarrierFile:
        self._one_of_phone_and_phones()
        return self


class MunicipalityFile(Record):
    """`content/municipalities/<id>.yml`: a city, town, Kreis or region."""

    name: Name = Field(description=i18n.editor_later("The municipality's name."))
    kind: MunicipalityKind = Field("city", description=i18n.editor_later("What the municipality is (default: city)."))
    part_of: Id | None = Field(None, description=i18n.editor_later("The id of the Kreis or region a town belongs to."))
    website: WebAddress | None = Field(None, description=i18n.editor_later("Website: https://..."))
    postcodes: tuple[Postcode, ...] = listed(i18n.editor_later("Its postcodes, for the finder."))
    source: Source | None = Field(None, description=i18n.editor_later("Where the facts come from (not shown)."))
    sources: tuple[Source, ...] = listed(i18n.editor_later("Several sources."))


class OfficeFile(Reachable, Record):
    """`content/offices/<slug>.yml`: one office; the file name is its web address."""

    name: Name = Field(description=i18n.editor_later("The office's name."))
    carrier_ids: Annotated[
        tuple[Id, ...], PlainValidator(lambda value: _ids(value)), WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}, "minItems": 1}]})
    ] = Field(alias="carrier", description=i18n.editor_later("Carrier id (content/carriers/<id>.yml), or a list of them."))
    municipality_id: Id = Field(alias="municipality", description=i18n.editor_later("Municipality id (content/municipalities/<id>.yml)."))
    kind: OfficeKind = Field("counselling", description=i18n.editor_later("What the office is (default: counselling)."))
    district: Line | None = Field(None, description=i18n.editor_later("The district the office is in."))
    address: Address | None = Field(None, description=i18n.editor_later("Where the office is, as far as published; absent: the municipality is shown."))
    location: Location | None = Field(None, description=i18n.editor_later("{lat: ..., lon: ...}; without it the office is not on the maps."))
    single_phone: PhoneText | None = ONE_PHONE
    phone_list: tuple[PhoneNumber, ...] = SEVERAL_PHONES
    email: Email | None = EMAIL
    website: WebAddress | None = Field(None, description=i18n.editor_later("Website: https://..."))
    opening_hours: Hours = listed(i18n.editor_later("Opening hours; absent: not published (the pages say so, and how to ask)."))
    phone_hours: Hours = listed(i18n.editor_later("When to call to book."))
    appointment: AppointmentMode | None = Field(None, description=i18n.editor_later("How to get advice; absent: not stated (the page says to call first)."))
    outreach: YesNo = Field(False, description=i18n.editor_later("The team also visits people."))
    target_group: TargetGroup | None = Field(None, description=i18n.editor_later("Absent: for every immigrant."))
    accepting_new_clients: YesNo = Field(True, description=i18n.editor_later("false: ranked last in the finder."))
    capacity_note: Note | None = Field(None, description=i18n.editor_later("E.g. a waiting list."))
    valid_from: Date | None = Field(None, description=i18n.editor_later("First day the office is shown as open."))
    valid_until: Date | None = Field(None, description=i18n.editor_later("Last day the office is listed."))
    closures: tuple[Closure, ...] = listed(i18n.editor_later("Closed days: {from: 2026-12-23, to: 2027-01-02}."))
    consultations: tuple[Consultation, ...] = listed(i18n.editor_later("Further places of consultation."))
    languages: tuple[LanguageTag, ...] = listed(i18n.editor_later("Counselling languages, BCP 47 codes: de, ar, tr, ckb, gsg, ...; absent: not published."))
    interpreters: YesNo = Field(False, description=i18n.editor_later("Interpreters can be brought in."))
    topics: tuple[Topic, ...] = listed(i18n.editor_later("Topics the office advises on; absent: not published (case managers advise on all areas of life)."))
    responsible_for: Responsibility | None = Field(None, description=i18n.editor_later("Postcodes, municipalities and districts."))
    documents: tuple[Document, ...] = listed(i18n.editor_later("Files under content/files/."))
    accessibility: Accessibility | None = Field(None, description=i18n.editor_later("Access to the building."))
    notes: Note | None = Field(None, description=i18n.editor_later("Anything else readers should know."))
    first_meeting: Brief | None = Field(None, description=i18n.editor_later("What happens at the first meeting, in a few sentences; also on the handout. Leave out if the office does not say."))
    bring: tuple[Item, ...] = listed(
        i18n.editor_later("What to bring to the first meeting, one short item each (documents such as the passport); also on the handout and in the open data. Leave out if the office does not say."),
        most=MAX_BRING,
    )
    source: Source | None = Field(None, description=i18n.editor_later("Where the facts come from (not shown)."))
    sources: tuple[Source, ...] = listed(i18n.editor_later("Several sources."))
    reviewed: Date = Field(description=i18n.editor_later("The date the entry was last checked (warning after 12 months)."))
    contacts: tuple[Contact, ...] = listed(i18n.editor_later("The people at the office."))

    @model_validator(mode="after")
    def _dates(self) -> OfficeFile:
        self._one_of_phone_and_phones()
        for i, contact in enumerate(self.contacts):
            if contact.place and contact.place > len(self.consultations):
                raise invalid_at(
                    ("contacts", i, "place"),
                    i18n.editor_plural(
                        "%(place)s: the office has %(count)s further place under consultations. Count them from 1, or leave 'place' out.",
                        "%(place)s: the office has %(count)s further places under consultations. Count them from 1, or leave 'place' out.",
                        len(self.consultations),
                        place=contact.place,
                    ),
                )
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise invalid_at("valid_until", i18n.editor("%(until)s is before valid_from %(start)s. valid_until is the last day the office is shown.", until=self.valid_until, start=self.valid_from))
        return self


def _ids(value: Any) -> tuple[str, ...]:
    """`carrier: awo`, or a list for offices run together: `carrier: [awo, caritas]`."""
    if isinstance(value, list):
        if not value:
            raise invalid(i18n.editor("is empty. Name at least one carrier id."))
        return tuple(line(item) for item in value)
    return (line(value),)


# -- site settings: content/site.yml ---------------------------------------------------------------


class Body(Record):
    """An organisation or a person the legal pages name, with the ways to reach them."""

    name: Name = Field(description=i18n.editor_later("Name of the organisation or person."))
    address: Address | None = Field(None, description=i18n.editor_later("Postal address."))
    email: Email | None = Field(None, description=i18n.editor_later("E-mail address."))
    phone: PhoneText | None = Field(None, description=i18n.editor_later("Phone number."))
    website: WebAddress | None = Field(None, description=i18n.editor_later("Website: https://..."))


class Hosting(Body):
    log_days: Annotated[int, WholeNumber(0, 400)] | None = Field(None, description=i18n.editor_later("How many days the web server keeps its logs."))


def _duration(value: Any) -> str:
    text = line(value)
    parts = text.split(":")
    if not (2 <= len(parts) <= 3 and all(p.isascii() and p.isdigit() for p in parts) and all(len(p) == 2 for p in parts[1:])):
        raise invalid(i18n.editor("'%(value)s' is not a running time. Write minutes:seconds in quotes, e.g. \"3:20\".", value=text))
    return text


Duration = Annotated[str, PlainValidator(_duration), WithJsonSchema({"type": "string", "pattern": "^[0-9]+:[0-9]{2}(:[0-9]{2})?$"})]


class Video(Record):
    file: Annotated[ContentFile, FileUnder(VIDEO_TYPES)] = Field(description=i18n.editor_later("A video under content/files/, e.g. files/dgs/intro.mp4."))
    title: Name = Field(description=i18n.editor_later("What the video explains."))
    duration: Duration = Field(description=i18n.editor_later('Running time as people read it, in quotes: "3:20".'))

    @property
    def address(self) -> str:
        return self.file.address

    @property
    def size(self) -> int:
        return self.file.size


class AccessibilityStatement(Record):
    """For the accessibility statement (BGG NRW / BITV NRW)."""

    status: AccessibilityStatus | None = Field(None, description=i18n.editor_later("How accessible the site is."))
    prepared: Date | None = Field(None, description=i18n.editor_later("When the statement was made."))
    method: Note | None = Field(None, description=i18n.editor_later("How it was assessed."))
    limitations: tuple[Note, ...] = listed(i18n.editor_later("Known barriers, added to the known ones."))
    feedback: Body | None = Field(None, description=i18n.editor_later("Where readers report barriers."))
    enforcement: Body | None = Field(None, description=i18n.editor_later("The enforcement body (Ombudsstelle)."))


DEFAULT_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
# The credit under a map: text, with links written [label](https://...).
ATTRIBUTION_LINK = re.compile(r"\[([^\[\]]+)\]\(((?:[^()\s]|\([^()\s]*\))*)\)")
DEFAULT_ATTRIBUTION = "© [OpenStreetMap](https://www.openstreetmap.org/copyright)"


# https://host/... with {z}, {x}, {y} in the path and {s} only as the first part of the
# host; or /path on this site's own server. Nothing that could end a quote or a
# directive where the address is written (the Content-Security-Policy, .htaccess).
TILE_ADDRESS = re.compile(r"^(https://(\{s\}\.)?[a-z0-9-]+(\.[a-z0-9-]+)+(:[0-9]{1,5})?)?/[A-Za-z0-9._~/{}@%+=,?&-]*$", re.IGNORECASE)


def _tiles(value: Any) -> str:
    """https://, or a path on this site's own server (/tiles/...); never //host/...,
    which would load from another host without the consent step."""
    tiles = line(value, 2000)
    path = tiles if tiles.startswith("/") else tiles.split("/", 3)[-1]  # after https://host/
    if not TILE_ADDRESS.match(tiles) or tiles.startswith("//") or not all(part in path for part in ("{z}", "{x}", "{y}")):
        raise invalid(
            i18n.editor(
                "'%(value)s' is not a tile address. Write it in full, starting with https://, like https://tiles.example.org/{z}/{x}/{y}.png, or as a path on this site's server, like /tiles/{z}/{x}/{y}.png.",
                value=tiles,
            )
        )
    return tiles


def _attribution(value: Any) -> str:
    """Text with links as [label](https://...): never HTML, which Leaflet would run."""
    text = line(value)
    if re.search(r"[<>]|&#?\w+;", text):
        suggestion = re.sub(r"<a\s[^>]*href=[\"']([^\"']*)[\"'][^>]*>(.*?)</a>", r"[\2](\1)", text, flags=re.IGNORECASE | re.DOTALL)
        suggestion = html.unescape(re.sub(r"<[^>]*>", "", suggestion)).strip()
        example = i18n.editor(", e.g. '%(suggestion)s'", suggestion=suggestion) if suggestion and not re.search(r"[<>]", suggestion) else ""
        raise invalid(i18n.editor("is text, not HTML. Write links as [label](https://...)%(example)s.", example=example))
    for link in ATTRIBUTION_LINK.finditer(text):
        if web_address(link[2]) is None:
            raise invalid(i18n.editor("'%(value)s' is not a web address. Write links in full, starting with https://.", value=link[2]))
    return text


class MapSettings(Record):
    tiles: Annotated[str, PlainValidator(_tiles), WithJsonSchema({"type": "string", "description": "https://tiles.example.org/{z}/{x}/{y}.png"})] = Field(
        DEFAULT_TILES, description=i18n.editor_later("Where map images come from: https://.../{z}/{x}/{y}.png, or /tiles/... on this site.")
    )
    attribution: Annotated[str, PlainValidator(_attribution), WithJsonSchema({"type": "string"})] = Field(
        DEFAULT_ATTRIBUTION, description=i18n.editor_later("The credit the tile server asks for: text, links as [label](https://...).")
    )
    consent: YesNo = Field(True, description=i18n.editor_later("Ask each reader before loading map images; false only for the municipality's own tile server."))

    @property
    def host(self) -> str:
        """The tile server as readers are told about it: tile.openstreetmap.org."""
        return urlsplit(self.tiles.replace("{s}", "a")).hostname or ""

    @property
    def source(self) -> str | None:
        """The tile server for a Content-Security-Policy: https://*.tile.example.org for {s};
        None for tiles on this site's own server."""
        if self.tiles.startswith("/"):
            return None
        host = urlsplit(self.tiles.replace("{s}", "kim-s")).netloc
        return "https://" + ".".join("*" if "kim-s" in part else part for part in host.split("."))

    @property
    def attribution_html(self) -> Markup:
        """The credit as HTML for Leaflet: escaped text, links only where written as links."""
        parts, last = [], 0
        for link in ATTRIBUTION_LINK.finditer(self.attribution):
            parts += [escape(self.attribution[last : link.start()]), Markup('<a href="{}">{}</a>').format(web_address(link[2]), link[1])]
            last = link.end()
        return Markup("").join([*parts, escape(self.attribution[last:])])


SiteLanguage = Annotated[str, Choice(v.Vocabulary("site language", tuple(v.Term(code, code) for code in i18n.SITE_LANGUAGES)))]


class Corrections(Record):
    """Where readers' reports of a wrong entry go."""

    email: Email | None = Field(None, description=i18n.editor_later("The editorial office's e-mail address. Without it, the publisher's."))
    issues: WebAddress | None = Field(
        None,
        description=i18n.editor_later(
            "The new-issue page of the site's repository (https://gitlab.com/<group>/<project>/-/issues/new or https://github.com/<owner>/<repo>/issues/new): reports open an issue there instead of an e-mail."
        ),
    )


class Settings(Record):
    """`content/site.yml`: who publishes the site (imprint, privacy notice, accessibility
    statement) and where map images come from. A missing setting is a warning."""

    site_name: Name | None = Field(None, description=i18n.editor_later("The site's name, one or per language ({de: ..., en: ...}): in every page's header and title. Without it, mkdocs.yml's site_name."))
    site_description: Note | None = Field(None, description=i18n.editor_later("One sentence about the site, one or per language: what search engines show under its name."))
    publisher: Body | None = Field(None, description=i18n.editor_later("Who publishes the site (§ 5 DDG)."))
    represented_by: Name | None = Field(None, description=i18n.editor_later("Who represents the publisher: Die Oberbürgermeisterin."))
    content_responsible: Body | None = Field(None, description=i18n.editor_later("Responsible for the content (§ 18 (2) MStV)."))
    data_protection_officer: Body | None = Field(None, description=i18n.editor_later("The data protection officer."))
    supervisory_authority: Body | None = Field(None, description=i18n.editor_later("Where readers complain about data protection."))
    hosting: Hosting | None = Field(None, description=i18n.editor_later("Who runs the web server, how many days it keeps its logs."))
    accessibility: AccessibilityStatement | None = Field(None, description=i18n.editor_later("For the accessibility statement."))
    corrections: Corrections | None = Field(None, description=i18n.editor_later("Where readers' reports of a wrong entry go: an e-mail address, or the site repository's new-issue page."))
    sign_language_videos: tuple[Video, ...] = listed(i18n.editor_later("Videos in German Sign Language, under content/files/."))
    site_url: SiteAddress | None = Field(
        None,
        description=i18n.editor_later("The address the site is published at, e.g. https://kim.herne.de/ (for the QR codes on handouts, contact cards and search engines). Without it, the build takes the environment variable KIM_SITE_URL, which the shipped CI files set to the Pages address."),
    )
    map: MapSettings = Field(MapSettings(), description=i18n.editor_later("The map's tile server."))
    review_months: Annotated[int, WholeNumber(1, 36)] = Field(6, description=i18n.editor_later("After how many months an office's details are due to be checked with the office again: kim check warns, kim review writes the letters (default 6)."))
    data_licence: DataLicence = Field("dl-by-de/2.0", description=i18n.editor_later("The licence of the open data under /data/ (default: Datenlizenz Deutschland – Namensnennung 2.0)."))
    reviewed_languages: tuple[SiteLanguage, ...] = listed(i18n.editor_later("Languages whose legal-page translations a person checked."))

    @property
    def statement(self) -> AccessibilityStatement:
        """What the accessibility statement says, empty parts included."""
        return self.accessibility or AccessibilityStatement()

    @property
    def report_to(self) -> tuple[str, str] | None:
        """Where a reader's report goes: ("issues", the new-issue page) or ("email", the
        editorial office's or else the publisher's address); None where nowhere."""
        corrections = self.corrections
        if corrections and corrections.issues:
            return ("issues", corrections.issues)
        email = (corrections.email if corrections else None) or (self.publisher.email if self.publisher else None)
        return ("email", email) if email else None

    @property
    def report_form_target(self) -> str | None:
        """What the pages' policy lets the report form go to (form-action)."""
        if self.report_to is None:
            return None
        kind, target = self.report_to
        return "mailto:" if kind == "email" else "{0.scheme}://{0.netloc}".format(urlsplit(target))

    def missing(self) -> list[str]:
        """Settings the legal pages need and do not have yet."""
        access = self.statement
        wanted = {
            "publisher": self.publisher,
            # a part of a setting only once the setting is there (one warning for a whole gap)
            "publisher.address": not self.publisher or self.publisher.address,
            "publisher.email": not self.publisher or self.publisher.email,
            "represented_by": self.represented_by,
            "content_responsible": self.content_responsible,
            "data_protection_officer": self.data_protection_officer,
            "supervisory_authority": self.supervisory_authority,
            "hosting": self.hosting,
            "hosting.log_days": not self.hosting or self.hosting.log_days is not None,
            "accessibility.status": access.status,
            "accessibility.prepared": access.prepared,
            "accessibility.feedback": access.feedback,
            "accessibility.enforcement": access.enforcement,
        }
        return [name for name, value in wanted.items() if not value]
