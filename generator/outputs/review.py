"""`kim review`: for each office due for a check (`review_months` after `reviewed`), a
letter in German with everything the site says about it, for the office to confirm
or correct; and the list of what is due, oldest first. Plain text: editors send it
as an e-mail or print it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from .. import i18n
from ..contract import vocabulary as v
from ..domain.directory import Directory, Office
from ..words import phrases

GERMAN = i18n.DEFAULT_LANGUAGE


def due(directory: Directory, today: dt.date) -> list[Office]:
    """The offices due for a check, oldest check first (kim check warns about the same)."""
    months = directory.settings.review_months
    return sorted((o for o in directory.offices.values() if o.review_due(months) <= today), key=lambda o: (o.reviewed, o.slug))


def _text(value: Any) -> str:
    """A part of phrases.summary as plain text."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return ", ".join(_text(item) for item in value)
    if "value" in value:  # a way to get in touch
        return f"{value['label']}: {value['value']}"
    if "code" in value:  # a language
        return " ".join(filter(None, (value.get("own", {}).get("text", ""), value.get("known", "")))).strip()
    if "name" in value:
        return _text(value["name"]) + value.get("after", "")
    return value.get("text", "")


def letter(office: Office, directory: Directory, today: dt.date) -> str:
    """What the site says about `office`, for the office to check."""
    s = phrases.summary(office, GERMAN)
    date = i18n.date_text
    lines = [
        "An: " + (office.email or ", ".join(c.email for c in office.published_contacts if c.email) or "(keine E-Mail-Adresse angegeben: per Post oder Telefon)"),
        f"Betreff: Bitte prüfen: Ihre Angaben auf unserer Website – {_text(s['name'])}",
        "",
        "Guten Tag,",
        "",
        f"auf unserer Website stehen über Ihre Beratungsstelle die folgenden Angaben. Zuletzt geprüft haben wir sie am {date(office.reviewed, GERMAN)}.",
        "Bitte prüfen Sie sie und antworten Sie uns: Stimmt alles, genügt „Alles richtig“. Sonst schreiben Sie bitte, was sich geändert hat.",
        "",
    ]
    facts: list[tuple[str, Any]] = [
        ("Name", s["name"]),
        ("Art", s.get("kind")),
        ("Träger", s.get("carriers")),
        ("Adresse", s.get("place")),
        ("Auch an diesen Orten", s.get("alsoAt")),
        ("Beratung an diesen Orten", s.get("placesAt")),
        ("Öffnungszeiten", phrases.hours_line(office.opening_hours, GERMAN, today) if office.opening_hours else None),
        ("Sprechzeiten an den Orten", " | ".join(phrases.places_hours(office, GERMAN, today))),
        ("Telefonzeiten", s.get("phoneHours")),
        ("Termin und Zugang", " ".join(s.get("access", []))),
        ("Neue Ratsuchende", s.get("closedToNew")),
        ("Sprachen der Beratung", s.get("languages") or s.get("languagesUnknown")),
        ("Für wen", s.get("target")),
        ("Themen", [i18n.gettext(GERMAN, v.TOPICS.label(t)) for t in office.topics]),
        ("Hausbesuche", s.get("outreach")),
        ("Barrierefreiheit", s.get("accessibility")),
        ("So erreicht man Sie", s.get("ways")),
        ("Hinweis", office.notes.get(GERMAN) if office.notes else None),
        ("Das erste Gespräch", office.first_meeting.get(GERMAN) if office.first_meeting else None),
        ("Bitte mitbringen", "; ".join(item.get(GERMAN) for item in office.bring)),
    ]
    lines += [f"{label}: {_text(value)}" for label, value in facts if value]
    for contact in s.get("contacts", []):
        parts = [contact["name"], contact.get("role"), contact.get("place") and _text(contact["place"]), contact.get("speaks") and "spricht " + _text(contact["speaks"]), contact.get("ways") and _text(contact["ways"])]
        lines.append("Person: " + " – ".join(filter(None, parts)))
    if directory.settings.site_url:
        lines.append(f"Ihre Seite: {directory.settings.site_url}offices/{office.slug}/")
    lines += ["", "Vielen Dank und freundliche Grüße", "Ihre Redaktion", ""]
    return "\n".join(lines)


def due_list(offices: list[Office], months: int, today: dt.date) -> str:
    """The offices due, oldest first, as a Markdown table (for an issue or a file)."""
    if not offices:
        return f"Keine Beratungsstelle ist fällig (geprüft vor weniger als {months} Monaten, Stand {i18n.date_text(today, GERMAN)}).\n"
    rows = [
        f"| {o.name.get(GERMAN)} (`content/offices/{o.slug}.yml`) | {i18n.date_text(o.reviewed, GERMAN)} | {i18n.date_text(o.review_due(months), GERMAN)} | {o.email or '–'} |"
        for o in offices
    ]
    head = [f"{len(offices)} Beratungsstellen sind fällig: zuletzt geprüft vor mehr als {months} Monaten (Stand {i18n.date_text(today, GERMAN)}, älteste zuerst).", "", "| Beratungsstelle | zuletzt geprüft | fällig seit | E-Mail |", "|---|---|---|---|"]
    return "\n".join(head + rows) + "\n"
