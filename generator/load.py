"""`content/` to a Directory, checking every field of every file on the way.

`load()` either returns the whole Directory or raises ContentError with every
problem of every file, so editors fix everything in one round.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from pathlib import Path
from types import SimpleNamespace

import email_validator
import phonenumbers
from yaml.nodes import Node, SequenceNode

from . import i18n
from .model import (
    APPOINTMENT_MODES,
    DAYS,
    MUNICIPALITY_KINDS,
    OFFICE_KINDS,
    PHONE_KINDS,
    TARGET_GROUPS,
    TOPICS,
    Accessibility,
    Address,
    Carrier,
    Closure,
    Consultation,
    Contact,
    Directory,
    Document,
    Location,
    Municipality,
    Office,
    OpeningRule,
    Phone,
    PhoneNumber,
    Source,
    TargetGroup,
    Text,
)
from .settings import README_NAMES, SETTINGS_FILE, Settings, content_file, read_settings
from .texts import check_page
from .yamlfile import MAX_TEXT, ContentError, Problem, YamlFile, did_you_mean

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
POSTCODE = re.compile(r"^[0-9]{5}$")

# Files editors may list under `documents:` (stored in content/files/).
DOCUMENT_TYPES = (".pdf", ".docx", ".odt", ".jpg", ".jpeg", ".png")
REVIEW_AFTER_DAYS = 365

# Germany's extent, with a little margin.
GERMANY = {"lat": (47.2, 55.1), "lon": (5.8, 15.1)}

DAY_ALIASES = {
    alias: day
    for day, aliases in {
        "mo": ("mon", "monday", "montag", "mo."),
        "tu": ("tue", "tues", "tuesday", "di", "dienstag"),
        "we": ("wed", "wednesday", "mi", "mittwoch"),
        "th": ("thu", "thur", "thursday", "do", "donnerstag"),
        "fr": ("fri", "friday", "freitag"),
        "sa": ("sat", "saturday", "samstag"),
        "su": ("sun", "sunday", "so", "sonntag"),
    }.items()
    for alias in aliases
}

OFFICE_REQUIRED = ("name", "carrier", "municipality", "address", "languages", "topics", "reviewed")
OFFICE_OPTIONAL = (
    "kind",
    "location",
    "appointment",
    "outreach",
    "target_group",
    "accepting_new_clients",
    "capacity_note",
    "valid_from",
    "valid_until",
    "phone_hours",
    "consultations",
    "documents",
    "source",
    "district",
    "phone",
    "email",
    "website",
    "opening_hours",
    "closures",
    "interpreters",
    "responsible_for",
    "accessibility",
    "notes",
    "contacts",
)


def load(content_dir: Path, shown_from: Path | None = None, today: dt.date | None = None) -> Directory:
    """Read `content/` as of `today` (contacts, offices and hours can start and
    end on a date); raise ContentError listing every problem found."""
    today = today or dt.date.today()
    problems: list[Problem] = []
    base = shown_from or content_dir.parent
    directory = Directory()

    def open_file(path: Path) -> YamlFile:
        try:
            shown = path.relative_to(base).as_posix()
        except ValueError:
            shown = path.as_posix()
        return YamlFile(path, shown, problems, directory.warnings)

    settings_path = content_dir / SETTINGS_FILE
    readable = settings_path.is_file() and not settings_path.is_symlink()  # a link is reported by _content_files
    directory.settings = read_settings(open_file(settings_path) if readable else None, content_dir, FIELD_READERS)
    if not settings_path.exists():
        open_file(settings_path).warn(None, "file", "missing: without it the imprint, privacy and accessibility pages are empty. Copy the sample's content/site.yml and fill it in.")
    for path in _data_files(content_dir / "carriers", open_file):
        if (carrier := _read_carrier(open_file(path))) is not None:
            directory.carriers[carrier.id] = carrier
    part_of_nodes = {}
    for path in _data_files(content_dir / "municipalities", open_file):
        file = open_file(path)
        if (read := _read_municipality(file)) is not None:
            municipality, node = read
            directory.municipalities[municipality.id] = municipality
            if node is not None:
                part_of_nodes[municipality.id] = (file, node)
    for ident, (file, node) in part_of_nodes.items():
        parent = directory.municipalities[ident].part_of
        if parent not in directory.municipalities:
            file.problem(node, "part_of", f"unknown id '{parent}': there is no content/municipalities/{parent}.yml.{did_you_mean(parent, directory.municipalities)}")
        elif parent in directory.within(ident):
            file.problem(node, "part_of", f"'{ident}' and '{parent}' would each be part of the other. Only a town names its Kreis.")
    office_files = _data_files(content_dir / "offices", open_file)
    if not office_files and not problems:
        problems.append(Problem(f"{(content_dir / 'offices').relative_to(base).as_posix()}", 1, 1, "file", "no office files found. Add one YAML file per office, e.g. content/offices/my-office.yml."))
    for path in office_files:
        if (office := _read_office(open_file(path), directory, content_dir, today)) is not None and (office.valid_until is None or office.valid_until >= today):
            directory.offices[office.slug] = office
    _check_pages(content_dir, base, problems, directory.warnings)
    if problems:
        raise ContentError(problems, directory.warnings)
    return directory


def _data_files(folder: Path, open_file) -> list[Path]:
    """The `.yml` files of a folder; other YAML-looking names are reported, not ignored."""
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.name.lower() in ("readme.md", "readme.txt") or path.is_symlink() or not path.is_file():
            continue  # links and folders are reported by _content_files
        if path.suffix == ".yml":
            if path.stem == "index":
                open_file(path).file_problem(1, 1, "the file name 'index' is the web address of the list page. Name the file after the office or place, e.g. 'herne-wanne.yml'.")
            elif SLUG.match(path.stem):
                found.append(path)
            else:
                open_file(path).file_problem(
                    1, 1, f"the file name '{path.stem}' is used in web addresses: use only lower-case letters a-z, digits and hyphens, e.g. 'herne-wanne.yml'."
                )
        elif path.suffix.lower() in (".yaml", ".yml") or path.is_file():
            open_file(path).file_problem(1, 1, f"ignored file: only '.yml' files are read here. Rename it to '{path.name.split('.')[0]}.yml' or move it away.")
    return found


def _read_carrier(file: YamlFile) -> Carrier | None:
    root = file.root()
    if root is None:
        return None
    fields = file.fields(root, "", ("name",), ("website", "source"))
    if fields is None:
        return None
    name = file.text(fields["name"], "name", i18n.SITE_LANGUAGES) if "name" in fields else None
    website = _website(file, fields.get("website"), "website")
    _source(file, fields.get("source"))
    if name is None:
        return None
    return Carrier(id=file.path.stem, name=Text(name), website=website)


def _read_municipality(file: YamlFile) -> tuple[Municipality, Node | None] | None:
    """The municipality and the node of its `part_of` (checked once all are read)."""
    root = file.root()
    if root is None:
        return None
    fields = file.fields(root, "", ("name",), ("kind", "part_of", "website", "postcodes", "source"))
    if fields is None:
        return None
    name = file.text(fields["name"], "name", i18n.SITE_LANGUAGES) if "name" in fields else None
    website = _website(file, fields.get("website"), "website")
    postcodes = _postcodes(file, fields.get("postcodes"), "postcodes")
    kind = file.choice(fields["kind"], "kind", MUNICIPALITY_KINDS, {"stadt": "city", "gemeinde": "city", "town": "city", "county": "kreis", "district": "kreis"}) if "kind" in fields else "city"
    part_of = file.string(fields["part_of"], "part_of") if "part_of" in fields else None
    _source(file, fields.get("source"))
    if name is None or kind is None:
        return None
    municipality = Municipality(id=file.path.stem, name=Text(name), website=website, postcodes=postcodes, kind=kind, part_of=part_of)
    return municipality, fields.get("part_of") if part_of else None


def _read_office(file: YamlFile, directory: Directory, content_dir: Path, today: dt.date) -> Office | None:
    root = file.root()
    if root is None:
        return None
    f = file.fields(root, "", OFFICE_REQUIRED, OFFICE_OPTIONAL)
    if f is None:
        return None
    count_before = len(file.problems)
    languages = i18n.SITE_LANGUAGES

    def text(key: str) -> Text | None:
        value = file.text(f[key], key, languages, MAX_TEXT) if key in f else None
        return Text(value) if value else None

    def flag(key: str, default: bool) -> bool:
        value = file.boolean(f[key], key) if key in f else None
        return default if value is None else value

    def date(key: str) -> dt.date | None:
        return file.date(f[key], key) if key in f else None

    name = file.text(f["name"], "name", languages) if "name" in f else None
    carriers = _carriers(file, f.get("carrier"), directory)
    municipality = _reference(file, f.get("municipality"), "municipality", directory.municipalities, "content/municipalities/")
    address = _address(file, f["address"]) if "address" in f else None
    location = _location(file, f["location"]) if "location" in f else None
    if "location" not in f:
        file.warn(root, "location", "missing: the office is not shown on the maps and comes after offices with a distance in the finder. Add 'location: {lat: ..., lon: ...}'.")
    appointment = file.choice(f["appointment"], "appointment", APPOINTMENT_MODES, {"walkin": "walk-in", "none": "walk-in", "überweisung": "referral"}) if "appointment" in f else None
    reviewed = date("reviewed")
    if reviewed and (today - reviewed).days > REVIEW_AFTER_DAYS:
        file.warn(f["reviewed"], "reviewed", f"last checked on {reviewed}, more than 12 months ago. Check the office's details with the office and set today's date.")
    valid_from, valid_until = date("valid_from"), date("valid_until")
    if valid_from and valid_until and valid_until < valid_from:
        file.problem(f["valid_until"], "valid_until", f"{valid_until} is before valid_from {valid_from}. valid_until is the last day the office is shown.")
    elif valid_until and valid_until < today:
        file.warn(f["valid_until"], "valid_until", f"the office ended on {valid_until} and is no longer shown. Delete the file when it is not needed any more.")
    responsible = _responsible_for(file, f.get("responsible_for"), directory)
    office = Office(
        slug=file.path.stem,
        name=Text(name or {}),
        carriers=carriers,
        municipality=municipality,
        address=address,
        location=location,
        appointment=appointment,
        languages=_languages(file, f.get("languages"), "languages"),
        topics=_topics(file, f.get("topics"), "topics"),
        reviewed=reviewed,
        district=file.string(f["district"], "district") if "district" in f else None,
        phone=_phone(file, f.get("phone"), "phone"),
        email=_email(file, f.get("email"), "email"),
        website=_website(file, f.get("website"), "website"),
        opening_hours=_opening_hours(file, f.get("opening_hours"), "opening_hours"),
        closures=_closures(file, f.get("closures"), "closures"),
        interpreters=flag("interpreters", False),
        responsible_postcodes=responsible[0],
        responsible_municipalities=responsible[1],
        responsible_districts=responsible[2],
        accessibility=_accessibility(file, f.get("accessibility")),
        notes=text("notes"),
        contacts=_contacts(file, f.get("contacts")),
        kind=file.choice(f["kind"], "kind", OFFICE_KINDS, {"beratung": "counselling", "counseling": "counselling", "koordination": "coordination"}) if "kind" in f else "counselling",
        target_group=_target_group(file, f.get("target_group")),
        outreach=flag("outreach", False),
        phone_hours=_opening_hours(file, f.get("phone_hours"), "phone_hours"),
        valid_from=valid_from,
        valid_until=valid_until,
        consultations=_consultations(file, f.get("consultations")),
        documents=_documents(file, f.get("documents"), content_dir),
        accepting_new_clients=flag("accepting_new_clients", True),
        capacity_note=text("capacity_note"),
        source=_source(file, f.get("source")),
        today=today,
    )
    if len(file.problems) != count_before:
        return None
    if not office.reachable:
        file.warn(root, "phone", "the office has no phone, email or website, and no published contact has a number or address: residents cannot reach it. Add at least one of them.")
    return office


def _carriers(file: YamlFile, node: Node | None, directory: Directory) -> tuple:
    """`carrier: awo`, or a list for offices run together: `carrier: [awo, caritas]`."""
    if node is None:
        return ()
    if isinstance(node, SequenceNode):
        items = file.items(node, "carrier")
        found = [_reference(file, item, name, directory.carriers, "content/carriers/") for name, item in items]
        return tuple(c for c in found if c)
    carrier = _reference(file, node, "carrier", directory.carriers, "content/carriers/")
    return (carrier,) if carrier else ()


def _source(file: YamlFile, node: Node | None):
    if node is None:
        return None
    f = file.fields(node, "source", (), ("url", "date"))
    if f is None:
        return None
    return Source(url=_website(file, f.get("url"), "source.url"), date=file.date(f["date"], "source.date") if "date" in f else None)


def _whole_number(file: YamlFile, node: Node, field: str, low: int, high: int) -> int | None:
    text = file.string(node, field)
    if text is None:
        return None
    if not re.fullmatch(r"[0-9]{1,4}", text) or not low <= int(text) <= high:
        file.problem(node, field, f"'{text}' is not a whole number from {low} to {high}.")
        return None
    return int(text)


def _target_group(file: YamlFile, node: Node | None) -> TargetGroup | None:
    if node is None:
        return None
    f = file.fields(node, "target_group", (), ("min_age", "max_age", "groups", "max_years", "note"))
    if f is None:
        return None
    low = _whole_number(file, f["min_age"], "target_group.min_age", 0, 120) if "min_age" in f else None
    high = _whole_number(file, f["max_age"], "target_group.max_age", 0, 120) if "max_age" in f else None
    if low is not None and high is not None and high < low:
        file.problem(f["max_age"], "target_group.max_age", f"{high} is below min_age {low}. Both ages are included: 18 to 27 is min_age: 18, max_age: 27.")
    groups = tuple(g for name, item in (file.items(f["groups"], "target_group.groups") if "groups" in f else []) if (g := file.choice(item, name, TARGET_GROUPS)))
    note = file.text(f["note"], "target_group.note", i18n.SITE_LANGUAGES, MAX_TEXT) if "note" in f else None
    return TargetGroup(
        min_age=low,
        max_age=high,
        groups=groups,
        max_years=_whole_number(file, f["max_years"], "target_group.max_years", 1, 50) if "max_years" in f else None,
        note=Text(note) if note else None,
    )


def _consultations(file: YamlFile, node: Node | None) -> tuple[Consultation, ...]:
    if node is None:
        return ()
    places = []
    for name, item in file.items(node, "consultations"):
        f = file.fields(item, name, ("name", "address"), ("location", "hours", "note"))
        if f is None:
            continue
        title = file.text(f["name"], f"{name}.name", i18n.SITE_LANGUAGES) if "name" in f else None
        address = _address(file, f["address"], f"{name}.address") if "address" in f else None
        location = _location(file, f["location"], f"{name}.location") if "location" in f else None
        note = file.text(f["note"], f"{name}.note", i18n.SITE_LANGUAGES, MAX_TEXT) if "note" in f else None
        hours = _opening_hours(file, f.get("hours"), f"{name}.hours")
        if title and address:
            places.append(Consultation(name=Text(title), address=address, location=location, hours=hours, note=Text(note) if note else None))
    return tuple(places)


def _documents(file: YamlFile, node: Node | None, content_dir: Path) -> tuple[Document, ...]:
    if node is None:
        return ()
    documents = []
    for name, item in file.items(node, "documents"):
        f = file.fields(item, name, ("file", "title", "language"), ())
        if f is None or len(f) < 3:
            continue
        path = file.string(f["file"], f"{name}.file")
        title = file.text(f["title"], f"{name}.title", i18n.SITE_LANGUAGES)
        language = _language(file, f["language"], f"{name}.language")
        found = content_file(file, f["file"], f"{name}.file", path, content_dir, DOCUMENT_TYPES) if path else None
        if found and title and language:
            documents.append(Document(file=found.relative_to(content_dir.resolve()).as_posix(), title=Text(title), language=language, size=found.stat().st_size))
    return tuple(documents)


def _reference(file: YamlFile, node: Node | None, field: str, known: dict, folder: str):
    if node is None:
        return None
    ident = file.string(node, field)
    if ident is None:
        return None
    if ident not in known:
        file.problem(node, field, f"unknown id '{ident}': there is no {folder}{ident}.yml.{did_you_mean(ident, known)}")
        return None
    return known[ident]


def _address(file: YamlFile, node: Node, field: str = "address") -> Address | None:
    f = file.fields(node, field, ("street", "postcode", "city"), ("extra", "directions"))
    if f is None:
        return None
    street = file.string(f["street"], f"{field}.street") if "street" in f else None
    postcode = _postcode(file, f["postcode"], f"{field}.postcode") if "postcode" in f else None
    city = file.string(f["city"], f"{field}.city") if "city" in f else None
    extra = file.text(f["extra"], f"{field}.extra", i18n.SITE_LANGUAGES) if "extra" in f else None
    directions = file.text(f["directions"], f"{field}.directions", i18n.SITE_LANGUAGES, MAX_TEXT) if "directions" in f else None
    if None in (street, postcode, city):
        return None
    return Address(street=street, postcode=postcode, city=city, extra=Text(extra) if extra else None, directions=Text(directions) if directions else None)


def _location(file: YamlFile, node: Node, field: str = "location") -> Location | None:
    f = file.fields(node, field, ("lat", "lon"), ())
    if f is None or len(f) < 2:
        return None
    lat = file.number(f["lat"], f"{field}.lat")
    lon = file.number(f["lon"], f"{field}.lon")
    if lat is None or lon is None:
        return None

    def in_germany(la: float, lo: float) -> bool:
        return GERMANY["lat"][0] <= la <= GERMANY["lat"][1] and GERMANY["lon"][0] <= lo <= GERMANY["lon"][1]

    if not in_germany(lat, lon):
        hint = (
            " lat and lon look swapped: lat is about 47-55 and lon about 6-15 in Germany."
            if in_germany(lon, lat)
            else " Check the numbers; in Germany lat is about 47-55 and lon about 6-15."
        )
        file.problem(node, field, f"lat {lat}, lon {lon} is outside Germany.{hint}")
        return None
    return Location(lat=lat, lon=lon)


def _postcode(file: YamlFile, node: Node, field: str) -> str | None:
    text = file.string(node, field)
    if text is None:
        return None
    if not POSTCODE.match(text):
        file.problem(node, field, f"'{text}' is not a German postcode. Write five digits in quotes, e.g. \"44649\".")
        return None
    return text


def _postcodes(file: YamlFile, node: Node | None, field: str) -> tuple[str, ...]:
    if node is None:
        return ()
    return tuple(p for name, item in file.items(node, field) if (p := _postcode(file, item, name)))


def _responsible_for(file: YamlFile, node: Node | None, directory: Directory) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Postcodes, municipality ids and district names the office is responsible for."""
    if node is None:
        return (), (), ()
    f = file.fields(node, "responsible_for", (), ("postcodes", "municipalities", "districts"))
    if not f:
        return (), (), ()
    postcodes = _postcodes(file, f.get("postcodes"), "responsible_for.postcodes")
    municipalities = tuple(
        m.id
        for name, item in (file.items(f["municipalities"], "responsible_for.municipalities") if "municipalities" in f else [])
        if (m := _reference(file, item, name, directory.municipalities, "content/municipalities/"))
    )
    districts = tuple(d for name, item in (file.items(f["districts"], "responsible_for.districts") if "districts" in f else []) if (d := file.string(item, name)))
    return postcodes, municipalities, districts


def _languages(file: YamlFile, node: Node | None, field: str) -> tuple[str, ...]:
    if node is None:
        return ()
    codes = []
    for name, item in file.items(node, field):
        code = _language(file, item, name)
        if code and code not in codes:
            codes.append(code)
    return tuple(codes)


def _language(file: YamlFile, node: Node, field: str) -> str | None:
    code = file.string(node, field)
    if code is None:
        return None
    if tag := i18n.language_tag(code):
        return tag
    meant = i18n.suggest_language(code)
    hint = f" Did you mean '{meant}'?" if meant else ""
    file.problem(node, field, f"unknown language code '{code}'.{hint} Use ISO 639 / BCP 47 codes such as de, en, ar, tr, uk, ckb, gsg.")
    return None


def _topics(file: YamlFile, node: Node | None, field: str) -> tuple[str, ...]:
    if node is None:
        return ()
    return tuple(t for name, item in file.items(node, field) if (t := file.choice(item, name, TOPICS)))


def _phone(file: YamlFile, node: Node | None, field: str) -> Phone | None:
    if node is None:
        return None
    text = file.string(node, field)
    if text is None:
        return None
    try:
        number = phonenumbers.parse(text, "DE")
        valid = phonenumbers.is_valid_number(number)
    except phonenumbers.NumberParseException:
        valid = False
    if not valid:
        file.problem(node, field, f"'{text}' is not a valid German or international phone number. Write it with the area code, e.g. \"02325 6999194\" or \"+49 2325 6999194\".")
        return None
    national = phonenumbers.region_code_for_number(number) == "DE"
    display = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL if national else phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return Phone(e164=phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), display=display)


def _phones(file: YamlFile, node: Node | None, field: str) -> tuple[PhoneNumber, ...]:
    """`phones: [{number: ..., kind: mobile}]`; kind is landline unless said."""
    if node is None:
        return ()
    numbers = []
    for name, item in file.items(node, field):
        f = file.fields(item, name, ("number",), ("kind",))
        if f is None or "number" not in f:
            continue
        number = _phone(file, f["number"], f"{name}.number")
        kind = file.choice(f["kind"], f"{name}.kind", PHONE_KINDS, {"handy": "mobile", "mobil": "mobile", "festnetz": "landline", "telefax": "fax"}) if "kind" in f else "landline"
        if number and kind:
            numbers.append(PhoneNumber(number, kind))
    return tuple(numbers)


def _email(file: YamlFile, node: Node | None, field: str) -> str | None:
    if node is None:
        return None
    text = file.string(node, field)
    if text is None:
        return None
    try:
        return email_validator.validate_email(text, check_deliverability=False).normalized
    except email_validator.EmailNotValidError:
        file.problem(node, field, f"'{text}' is not an e-mail address. Write it like name@example.org.")
        return None


def _website(file: YamlFile, node: Node | None, field: str) -> str | None:
    return file.web_address(node, field) if node is not None else None


def _opening_hours(file: YamlFile, node: Node | None, field: str) -> tuple[OpeningRule, ...]:
    if node is None:
        return ()
    rules = []
    for name, item in file.items(node, field):
        f = file.fields(item, name, ("days", "open", "close"), ("valid_from", "valid_until"))
        if f is None:
            continue
        days = tuple(d for day_name, day in file.items(f["days"], f"{name}.days") if (d := file.choice(day, day_name, DAYS, DAY_ALIASES))) if "days" in f else ()
        opens = file.time(f["open"], f"{name}.open") if "open" in f else None
        closes = file.time(f["close"], f"{name}.close") if "close" in f else None
        start = file.date(f["valid_from"], f"{name}.valid_from") if "valid_from" in f else None
        end = file.date(f["valid_until"], f"{name}.valid_until") if "valid_until" in f else None
        if opens and closes and closes <= opens:
            file.problem(f["close"], f"{name}.close", f"closes at {closes:%H:%M}, not after it opens at {opens:%H:%M}. Check both times.")
            continue
        if start and end and end < start:
            file.problem(f["valid_until"], f"{name}.valid_until", f"{end} is before valid_from {start}. valid_until is the last day the hours hold.")
            continue
        if days and opens and closes:
            rules.append(OpeningRule(days=days, open=opens, close=closes, valid_from=start, valid_until=end))
    return tuple(rules)


def _closures(file: YamlFile, node: Node | None, field: str) -> tuple[Closure, ...]:
    if node is None:
        return ()
    closures = []
    for name, item in file.items(node, field):
        f = file.fields(item, name, ("from", "to"), ())
        if f is None:
            continue
        start = file.date(f["from"], f"{name}.from") if "from" in f else None
        end = file.date(f["to"], f"{name}.to") if "to" in f else None
        if start and end and end < start:
            file.problem(f["to"], f"{name}.to", f"{end} is before {start}. 'to' is the last closed day.")
        elif start and end:
            closures.append(Closure(start=start, end=end))
    return tuple(closures)


def _accessibility(file: YamlFile, node: Node | None) -> Accessibility | None:
    if node is None:
        return None
    f = file.fields(node, "accessibility", (), ("wheelchair", "accessible_toilet", "hearing_loop", "note"))
    if f is None:
        return None
    flags = {key: file.boolean(f[key], f"accessibility.{key}") for key in ("wheelchair", "accessible_toilet", "hearing_loop") if key in f}
    note = file.text(f["note"], "accessibility.note", i18n.SITE_LANGUAGES, MAX_TEXT) if "note" in f else None
    return Accessibility(**flags, note=Text(note) if note else None)


def _contacts(file: YamlFile, node: Node | None) -> tuple[Contact, ...]:
    if node is None:
        return ()
    contacts = []
    for name, item in file.items(node, "contacts"):
        f = file.fields(item, name, ("name",), ("publish", "role", "title", "phone", "phones", "email", "languages", "since", "until", "hours"))
        if f is None:
            continue
        if "publish" not in f:
            file.problem(item, f"{name}.publish", "missing. Add 'publish: true' only once the person has agreed to be listed, otherwise 'publish: false'.")
        if "phone" in f and "phones" in f:
            file.problem(f["phones"], f"{name}.phones", "and 'phone' both given. Keep one: 'phone' for one number, 'phones' for several with their kind.")
        phones = _phones(file, f.get("phones"), f"{name}.phones")
        if "phone" in f and (number := _phone(file, f["phone"], f"{name}.phone")):
            phones = (PhoneNumber(number),)
        since = file.date(f["since"], f"{name}.since") if "since" in f else None
        until = file.date(f["until"], f"{name}.until") if "until" in f else None
        if since and until and until < since:
            file.problem(f["until"], f"{name}.until", f"{until} is before since {since}. 'until' is the last day the person is listed.")
        contact = Contact(
            name=file.string(f["name"], f"{name}.name") if "name" in f else None,
            role=file.string(f["role"], f"{name}.role") if "role" in f else None,
            phones=phones,
            email=_email(file, f.get("email"), f"{name}.email"),
            languages=_languages(file, f.get("languages"), f"{name}.languages"),
            publish=bool(file.boolean(f["publish"], f"{name}.publish")) if "publish" in f else False,
            title=file.string(f["title"], f"{name}.title") if "title" in f else None,
            since=since,
            until=until,
            hours=_opening_hours(file, f.get("hours"), f"{name}.hours"),
        )
        contacts.append(contact)
    return tuple(contacts)


FIELD_READERS = SimpleNamespace(address=_address, email=_email, phone=_phone, website=_website, whole_number=_whole_number)


def load_settings(content_dir: Path) -> Settings:
    """Only `content/site.yml`, for the theme (problems are reported by load())."""
    path = content_dir / SETTINGS_FILE
    return read_settings(YamlFile(path, path.name, []) if path.is_file() and not path.is_symlink() else None, content_dir, FIELD_READERS)


# Folders of `content/` that hold data, not pages.
DATA_FOLDERS = ("offices", "carriers", "municipalities")
# What is published from `content/` besides pages (.md): documents, images, videos.
# Nothing else (no data files, no SVG, which can hold scripts).
PUBLISHED_TYPES = DOCUMENT_TYPES + (".webp", ".gif", ".mp4", ".webm", ".vtt")
# Pages: content/<name>.md and content/topics/<name>.md, with a language suffix.
PAGE_FOLDERS = ("topics",)
PAGE_NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z]{2})?\.md$")


def hand_written_files(content_dir: Path) -> dict[str, Path]:
    """Pages and files editors put into `content/`, by their path in the docs tree."""
    return _content_files(content_dir, [], [])


def _content_files(content_dir: Path, problems: list[Problem], warnings: list[Problem], base: Path | None = None) -> dict[str, Path]:
    """Walks `content/` without following links: a link could publish any file of the
    machine (`flyer.pdf -> /etc/passwd`). Links and special files are problems, files
    of a kind that is not published are warnings."""
    base = base or content_dir.parent
    files = {}

    def shown(path: Path) -> str:
        return path.relative_to(base).as_posix() if path.is_relative_to(base) else path.as_posix()

    for folder, dirs, names in os.walk(content_dir, followlinks=False):
        here = Path(folder)
        for name in sorted(dirs):
            if (here / name).is_symlink():
                problems.append(Problem(shown(here / name), 1, 1, "file", "is a link (symbolic link) to another folder. Links are not followed, so that nothing outside content/ is published: copy the files themselves here."))
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not (here / d).is_symlink())
        for name in sorted(names):
            path = here / name
            relative = path.relative_to(content_dir)
            if name.startswith("."):
                continue
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode):
                problems.append(Problem(shown(path), 1, 1, "file", "is a link (symbolic link). Links are not followed, so that nothing outside content/ is published: copy the file itself here."))
                continue
            if not stat.S_ISREG(mode):
                problems.append(Problem(shown(path), 1, 1, "file", "is not a plain file. Remove it from content/."))
                continue
            if relative.parts[0] in DATA_FOLDERS or relative.as_posix() == SETTINGS_FILE or name.lower() in README_NAMES:
                continue
            suffix = path.suffix.lower()
            if relative.parts[0] == "assets":
                warnings.append(Problem(shown(path), 1, 1, "file", "not published: assets/ holds the theme's and the generator's files. Put your files into files/.", warning=True))
            elif suffix in (".yml", ".yaml"):
                warnings.append(Problem(shown(path), 1, 1, "file", "not published and not read: data is read only from offices/, carriers/, municipalities/ and site.yml. Move the file there, or out of content/.", warning=True))
            elif suffix == ".md":
                if path.suffix != ".md" or (len(relative.parts) > 1 and relative.parts[0] not in PAGE_FOLDERS):
                    where = f"Rename it to '{path.stem}.md'." if path.suffix != ".md" else "Pages are read from content/ and content/topics/ only."
                    warnings.append(Problem(shown(path), 1, 1, "file", f"not published: {where}", warning=True))
                elif not PAGE_NAME.match(name):
                    problems.append(Problem(shown(path), 1, 1, "file", f"the file name '{name}' is used in web addresses: use only lower-case letters a-z, digits and hyphens, e.g. 'wohnen.md' or 'wohnen.ar.md'."))
                else:
                    files[relative.as_posix()] = path
            elif suffix not in PUBLISHED_TYPES:
                warnings.append(Problem(shown(path), 1, 1, "file", f"not published: only pages (.md) and {', '.join(PUBLISHED_TYPES)} files are published from content/.", warning=True))
            else:
                files[relative.as_posix()] = path
    return files


def _check_pages(content_dir: Path, base: Path, problems: list[Problem], warnings: list[Problem]) -> None:
    for relative, path in _content_files(content_dir, problems, warnings, base).items():
        if not relative.endswith(".md"):
            continue
        shown = path.relative_to(base).as_posix() if path.is_relative_to(base) else path.as_posix()
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            problems.append(Problem(shown, 1, 1, "file", "the file is not UTF-8 text. Save it as UTF-8 in your editor."))
            continue
        problems += check_page(text, shown, relative, warnings)


def check(content_dir: Path, shown_from: Path | None = None) -> tuple[list[Problem], list[Problem]]:
    """Every problem in `content/` and every warning; the problems empty when the site can be built."""
    try:
        directory = load(content_dir, shown_from)
    except ContentError as error:
        return error.problems, error.warnings
    return [], sorted(directory.warnings)
