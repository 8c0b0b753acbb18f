"""How to get advice at an office, and when: one statement per office and day.

Computed once, here, from the kind of office, its appointment mode, its opening and
phone hours with their dates, and the ways to ask. The office page, the finder's
cards, the map's popups and the lists without script all show these lines, so they
never contradict each other. Each line is a key of ACCESS_TEXTS with its
parameters (dates as YYYY-MM-DD); pages translate it with the catalogs, the scripts
with the same words, handed to them by the page (pages.page_config).

What the data does not say is not stated as a fact: no hours is "not published",
never "by appointment only"; hours that ended are "out of date", never "closed".
Hours at the office's further places (`consultations`) are hours of the office too:
an office that counsels only there has hours, at its places.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..contract.records import CarrierFile, OfficeFile, OpeningRule
from ..i18n import _

ACCESS_TEXTS = {
    "coordination": _("Coordination office: it answers questions about the KIM programme and does not counsel individuals. For advice, use the finder."),
    "authorityDesk": _("Desk at a public authority."),
    "required": _("Appointment needed."),
    "recommended": _("Appointment recommended."),
    "walkIn": _("No appointment needed: come by during opening hours."),
    "walkInAtPlaces": _("No appointment needed: come by during the consultation hours at its places."),
    "walkInNoHours": _("No appointment needed, but no current opening hours are published: ask when to come."),
    "referral": _("Only by referral: another service (for example a counselling service, the job centre or a school) gets in touch for you."),
    "notStated": _("The office does not say whether you need an appointment."),
    "hoursNotPublished": _("Opening hours: not published."),
    "hoursOutdated": _("The published opening hours are out of date: they held until %(date)s."),
    "hoursFrom": _("Opening hours from %(date)s on."),
    "bookByPhone": _("Call during the phone hours to make an appointment."),
    "askFirst": _("Please get in touch before you go."),
    "askCarrier": _("Please ask its carrier before you go."),
    "noWayToAsk": _("This office has not published a phone number, e-mail address or website here yet."),
}

# Hours as of a day: rules hold today (current), only from a later day (future), held
# only before (past), or none were published (none).
HOURS_STATES = ("current", "future", "past", "none")


@dataclass(frozen=True)
class Line:
    key: str
    date: dt.date | None = None

    def as_data(self) -> list:
        """For the finder's index: ["hoursOutdated", "2022-09-30"]."""
        return [self.key, self.date.isoformat()] if self.date else [self.key]


@dataclass(frozen=True)
class Access:
    """The statement of one office on one day."""

    hours: str  # HOURS_STATES, of the opening hours and the hours at its places together
    phone_hours: str  # HOURS_STATES, of the phone hours
    lines: tuple[Line, ...] = field(default=())
    own_hours: str = "none"  # HOURS_STATES, of the opening hours at the office itself

    @property
    def hours_shown(self) -> bool:
        """Whether the office's own hours are shown as a table (those of today or announced ones)."""
        return self.own_hours in ("current", "future")


def hours_state(rules: tuple[OpeningRule, ...], day: dt.date) -> str:
    if not rules:
        return "none"
    if any(rule.valid_on(day) for rule in rules):
        return "current"
    if any(rule.valid_from and rule.valid_from > day for rule in rules):
        return "future"
    return "past"


def all_hours(office: OfficeFile) -> tuple[OpeningRule, ...]:
    """The office's opening hours and the consultation hours at its further places."""
    return office.opening_hours + tuple(rule for place in office.consultations for rule in place.hours)


def can_be_asked(office: OfficeFile) -> bool:
    """Whether the office, or a person listed there, can be called, written to or looked up.
    (Its contacts are those that may be published on the day.)"""
    return bool(office.phone or office.email or office.website or any(c.phone or c.email for c in office.contacts))


def carrier_can_be_asked(carriers: tuple[CarrierFile, ...]) -> bool:
    return any(c.phone or c.email or c.website for c in carriers)


def access(office: OfficeFile, carriers: tuple[CarrierFile, ...], day: dt.date) -> Access:
    rules = all_hours(office)
    hours = hours_state(rules, day)
    own = hours_state(office.opening_hours, day)
    phone_hours = hours_state(office.phone_hours, day)
    lines: list[Line] = []
    if office.kind == "coordination":
        # It does not counsel: what it is for, and where advice is (the finder).
        return Access(hours, phone_hours, (Line("coordination"),), own)
    if office.kind == "authority-desk":
        lines.append(Line("authorityDesk"))
    mode = office.appointment or "not-stated"
    if mode == "required":
        lines.append(Line("required"))
    elif mode == "recommended":
        lines.append(Line("recommended"))
    elif mode == "walk-in":
        lines.append(Line("walkInNoHours" if hours != "current" else "walkIn" if own == "current" else "walkInAtPlaces"))
    elif mode == "referral":
        lines.append(Line("referral"))
    else:
        lines.append(Line("notStated"))
    if mode != "referral":
        if hours == "past":
            lines.append(Line("hoursOutdated", max(r.valid_until for r in rules if r.valid_until)))
        elif hours == "future":
            lines.append(Line("hoursFrom", min(r.valid_from for r in rules if r.valid_from and r.valid_from > day)))
        elif hours == "none":
            lines.append(Line("hoursNotPublished"))
        booking = phone_hours == "current" and mode in ("required", "recommended", "not-stated")
        if booking:
            lines.append(Line("bookByPhone"))
        if not booking and (mode in ("required", "recommended", "not-stated") or hours != "current"):
            if can_be_asked(office):
                lines.append(Line("askFirst"))
            elif carrier_can_be_asked(carriers):
                lines.append(Line("askCarrier"))
            else:
                lines.append(Line("noWayToAsk"))
    return Access(hours, phone_hours, tuple(lines), own)
