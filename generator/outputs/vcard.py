"""Contact cards (vCard 3.0, which phones of both major systems import) for every
office and every published contact, written with vobject.

Only what the office publishes goes in: a contact that is not published never
reaches the directory, so it has no card. One card per office and person for all
languages: names as the editor wrote them, in German where a text has languages.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection

import vobject

from .. import i18n
from ..contract.records import Address, Contact
from ..contract.values import Text
from ..domain.directory import Directory, Office
from ..words import phrases

# vCard TYPE parameters for our phone kinds.
PHONE_TYPES = {"landline": ["WORK", "VOICE"], "mobile": ["CELL", "VOICE"], "fax": ["WORK", "FAX"]}


def _german(text: Text) -> str:
    return text.get(i18n.DEFAULT_LANGUAGE)


def _add_address(card, address: Address | None, city: str) -> None:
    if address is None:
        return
    adr = card.add("adr")
    adr.value = vobject.vcard.Address(street=address.street or "", code=address.postcode or "", city=address.city or city, country="Deutschland")
    adr.type_param = "WORK"


def _add_phones(card, phones, group: str | None = None) -> None:
    for phone in phones:
        tel = card.add("tel", group)
        tel.value = phone.number.e164
        tel.type_paramlist = PHONE_TYPES[phone.kind]


def _add_email(card, email: str | None, group: str | None = None) -> None:
    if email:
        mail = card.add("email", group)
        mail.value = email
        mail.type_param = "INTERNET"


def _add_contacts(card, office: Office) -> None:
    """The published people's numbers and e-mail addresses on the office's card, each
    labelled with the person's name (a group with X-ABLabel, Apple's label; others show
    the number): the phones of an office that publishes none of its own are its people's."""
    seen = {phone.number.e164 for phone in office.phones} | {office.email}
    groups = 0
    for contact in office.published_contacts:
        for phone in contact.phones:
            if phone.number.e164 not in seen:
                seen.add(phone.number.e164)
                groups += 1
                _add_phones(card, [phone], f"item{groups}")
                card.add("x-ablabel", f"item{groups}").value = contact.name
        if contact.email and contact.email not in seen:
            seen.add(contact.email)
            groups += 1
            _add_email(card, contact.email, f"item{groups}")
            card.add("x-ablabel", f"item{groups}").value = contact.name


def _office_page(office: Office, site_url: str | None) -> str | None:
    return f"{site_url}offices/{office.slug}/" if site_url else None


def office_card(office: Office, site_url: str | None) -> str:
    """The office as an organisation: its name, carriers, address, phones, e-mail (its
    own, then its published people's) and its page on this site (or its own website where the site's address is not set)."""
    card = vobject.vCard()
    name = _german(office.name)
    card.add("fn").value = name
    card.add("n").value = vobject.vcard.Name(family=name)
    card.add("x-abshowas").value = "COMPANY"  # Apple: shown as an organisation
    card.add("org").value = [" / ".join(_german(c.name) for c in office.carriers) or name]
    _add_address(card, office.address, _german(office.municipality.name))
    _add_phones(card, office.phones)
    _add_email(card, office.email)
    _add_contacts(card, office)
    for url in filter(None, (_office_page(office, site_url), office.website)):
        card.add("url").value = url
    return card.serialize()


def contact_card(office: Office, contact: Contact, site_url: str | None) -> str:
    """A published person: name, role as written, the office as organisation, the
    office's address (or the place where they work), phones and e-mail."""
    card = vobject.vCard()
    card.add("fn").value = contact.name
    parts = contact.name.rsplit(" ", 1)
    card.add("n").value = vobject.vcard.Name(family=parts[-1], given=parts[0] if len(parts) > 1 else "")
    card.add("org").value = [_german(office.name)]
    role = phrases.role_label(contact.role, i18n.DEFAULT_LANGUAGE)
    if title := " · ".join(filter(None, (role, contact.title))):
        card.add("title").value = title
    place = office.consultations[contact.place - 1].address if contact.place else office.address
    _add_address(card, place, _german(office.municipality.name))
    _add_phones(card, contact.phones)
    _add_email(card, contact.email)
    if url := _office_page(office, site_url):
        card.add("url").value = url
    return card.serialize()


def file_name(name: str) -> str:
    """A person's name as a file name: ASCII letters and digits, joined by hyphens."""
    folded = unicodedata.normalize("NFKD", name.replace("ß", "ss")).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-") or "contact"


def contact_paths(office: Office) -> list[str]:
    """Where each published contact's card lies, in the order of the office page. Two
    people of the same name (or of names without Latin letters, which fold to the same
    file name) get -2, -3, ...: counted on per name, so any number of them take linear time."""
    paths: list[str] = []
    taken: set[str] = set()
    last: dict[str, int] = {}
    for contact in office.published_contacts:
        stem = file_name(contact.name)
        path = f"vcard/{office.slug}/{stem}.vcf"
        while path in taken:
            last[stem] = last.get(stem, 1) + 1
            path = f"vcard/{office.slug}/{stem}-{last[stem]}.vcf"
        taken.add(path)
        paths.append(path)
    return paths


def office_path(office: Office) -> str:
    return f"vcard/{office.slug}.vcf"


def vcards(directory: Directory, site_url: str | None, offices: Collection[str] | None = None) -> dict[str, str]:
    """Every card (of `offices` only, by slug, if given), by its path in the site."""
    cards: dict[str, str] = {}
    for office in directory.offices.values():
        if offices is not None and office.slug not in offices:
            continue
        cards[office_path(office)] = office_card(office, site_url)
        for path, contact in zip(contact_paths(office), office.published_contacts, strict=True):
            if contact.phones or contact.email:  # a name alone is no contact card
                cards[path] = contact_card(office, contact, site_url)
    return cards
