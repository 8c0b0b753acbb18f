"""`content/` to a Directory, checking every field of every file on the way.

`load()` either returns the whole Directory or raises ContentError with every
problem of every file, so editors fix everything in one round.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import phonenumbers
from yaml.nodes import Node

from . import i18n
from .model import (
    APPOINTMENT_MODES,
    DAYS,
    TOPICS,
    Accessibility,
    Address,
    Carrier,
    Closure,
    Contact,
    Directory,
    Location,
    Municipality,
    Office,
    OpeningRule,
    Phone,
    Text,
)
from .settings import SETTINGS_FILE, Settings, read_settings
from .texts import check_page
from .yamlfile import ContentError, Problem, YamlFile, did_you_mean

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$")
POSTCODE = re.compile(r"^\d{5}$")
WEBSITE = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)

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

OFFICE_REQUIRED = ("name", "carrier", "municipality", "address", "location", "appointment", "languages", "topics", "reviewed")
OFFICE_OPTIONAL = (
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


def load(content_dir: Path, shown_from: Path | None = None) -> Directory:
    """Read `content/`; raise ContentError listing every problem found."""
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
    directory.settings = read_settings(open_file(settings_path) if settings_path.is_file() else None, content_dir, FIELD_READERS)
    if not settings_path.is_file():
        open_file(settings_path).warn(None, "file", "missing: without it the imprint, privacy and accessibility pages are empty. Copy the sample's content/site.yml and fill it in.")
    for path in _data_files(content_dir / "carriers", open_file):
        if (carrier := _read_carrier(open_file(path))) is not None:
            directory.carriers[carrier.id] = carrier
    for path in _data_files(content_dir / "municipalities", open_file):
        if (municipality := _read_municipality(open_file(path))) is not None:
            directory.municipalities[municipality.id] = municipality
    office_files = _data_files(content_dir / "offices", open_file)
    if not office_files and not problems:
        problems.append(Problem(f"{(content_dir / 'offices').relative_to(base).as_posix()}", 1, 1, "file", "no office files found. Add one YAML file per office, e.g. content/offices/my-office.yml."))
    for path in office_files:
        if (office := _read_office(open_file(path), directory)) is not None:
            directory.offices[office.slug] = office
    _check_pages(content_dir, base, problems)
    if problems:
        raise ContentError(problems, directory.warnings)
    return directory


def _data_files(folder: Path, open_file) -> list[Path]:
    """The `.yml` files of a folder; other YAML-looking names are reported, not ignored."""
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.name.lower() in ("readme.md", "readme.txt"):
            continue
        if path.suffix == ".yml":
            if SLUG.match(path.stem):
                found.append(path)
            else:
                open_file(path).file_problem(
                    1, 1, f"the file name '{path.stem}' is used in web addresses: use only lower-case letters a-z, digits and hyphens, e.g. 'herne-wanne.yml'."
                )
        elif path.suffix.lower() in (".yaml", ".yml") or path.is_file():
            open_file(path).file_problem(1, 1, f"ignored file: only '.yml' files are read here. Rename it to '{path.stem}.yml' or move it away.")
    return found


def _read_carrier(file: YamlFile) -> Carrier | None:
    root = file.root()
    if root is None:
        return None
    fields = file.fields(root, "", ("name",), ("website",))
    if fields is None:
        return None
    name = file.text(fields["name"], "name", i18n.SITE_LANGUAGES) if "name" in fields else None
    website = _website(file, fields.get("website"), "website")
    if name is None:
        return None
    return Carrier(id=file.path.stem, name=Text(name), website=website)


def _read_municipality(file: YamlFile) -> Municipality | None:
    root = file.root()
    if root is None:
        return None
    fields = file.fields(root, "", ("name",), ("website", "postcodes"))
    if fields is None:
        return None
    name = file.text(fields["name"], "name", i18n.SITE_LANGUAGES) if "name" in fields else None
    website = _website(file, fields.get("website"), "website")
    postcodes = _postcodes(file, fields.get("postcodes"), "postcodes")
    if name is None:
        return None
    return Municipality(id=file.path.stem, name=Text(name), website=website, postcodes=postcodes)


def _read_office(file: YamlFile, directory: Directory) -> Office | None:
    root = file.root()
    if root is None:
        return None
    f = file.fields(root, "", OFFICE_REQUIRED, OFFICE_OPTIONAL)
    if f is None:
        return None
    count_before = len(file.problems)
    languages = i18n.SITE_LANGUAGES

    name = file.text(f["name"], "name", languages) if "name" in f else None
    carrier = _reference(file, f.get("carrier"), "carrier", directory.carriers, "content/carriers/")
    municipality = _reference(file, f.get("municipality"), "municipality", directory.municipalities, "content/municipalities/")
    address = _address(file, f["address"]) if "address" in f else None
    location = _location(file, f["location"]) if "location" in f else None
    appointment = file.choice(f["appointment"], "appointment", APPOINTMENT_MODES, {"walkin": "walk-in", "none": "walk-in"}) if "appointment" in f else None
    office_languages = _languages(file, f.get("languages"), "languages")
    topics = _topics(file, f.get("topics"), "topics")
    reviewed = file.date(f["reviewed"], "reviewed") if "reviewed" in f else None
    office = Office(
        slug=file.path.stem,
        name=Text(name or {}),
        carrier=carrier,
        municipality=municipality,
        address=address,
        location=location,
        appointment=appointment,
        languages=office_languages,
        topics=topics,
        reviewed=reviewed,
        district=file.string(f["district"], "district") if "district" in f else None,
        phone=_phone(file, f.get("phone"), "phone"),
        email=_email(file, f.get("email"), "email"),
        website=_website(file, f.get("website"), "website"),
        opening_hours=_opening_hours(file, f.get("opening_hours"), "opening_hours"),
        closures=_closures(file, f.get("closures"), "closures"),
        interpreters=bool(file.boolean(f["interpreters"], "interpreters")) if "interpreters" in f else False,
        responsible_postcodes=_responsible_for(file, f.get("responsible_for")),
        accessibility=_accessibility(file, f.get("accessibility")),
        notes=Text(t) if "notes" in f and (t := file.text(f["notes"], "notes", languages)) else None,
        contacts=_contacts(file, f.get("contacts")),
    )
    return office if len(file.problems) == count_before else None


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
    f = file.fields(node, field, ("street", "postcode", "city"), ())
    if f is None:
        return None
    street = file.string(f["street"], f"{field}.street") if "street" in f else None
    postcode = _postcode(file, f["postcode"], f"{field}.postcode") if "postcode" in f else None
    city = file.string(f["city"], f"{field}.city") if "city" in f else None
    if None in (street, postcode, city):
        return None
    return Address(street=street, postcode=postcode, city=city)


def _location(file: YamlFile, node: Node) -> Location | None:
    f = file.fields(node, "location", ("lat", "lon"), ())
    if f is None or len(f) < 2:
        return None
    lat = file.number(f["lat"], "location.lat")
    lon = file.number(f["lon"], "location.lon")
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
        file.problem(node, "location", f"lat {lat}, lon {lon} is outside Germany.{hint}")
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


def _responsible_for(file: YamlFile, node: Node | None) -> tuple[str, ...]:
    if node is None:
        return ()
    f = file.fields(node, "responsible_for", (), ("postcodes",))
    return _postcodes(file, f.get("postcodes"), "responsible_for.postcodes") if f else ()


def _languages(file: YamlFile, node: Node | None, field: str) -> tuple[str, ...]:
    if node is None:
        return ()
    codes = []
    for name, item in file.items(node, field):
        code = file.string(item, name)
        if code is None:
            continue
        if i18n.is_known_language(code):
            if code not in codes:
                codes.append(code)
            continue
        meant = i18n.suggest_language(code)
        hint = f" Did you mean '{meant}'?" if meant else ""
        file.problem(item, name, f"unknown language code '{code}'.{hint} Use ISO 639 / BCP 47 codes such as de, en, ar, tr, uk, ckb, gsg.")
    return tuple(codes)


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


def _email(file: YamlFile, node: Node | None, field: str) -> str | None:
    if node is None:
        return None
    text = file.string(node, field)
    if text is None:
        return None
    if not EMAIL.match(text):
        file.problem(node, field, f"'{text}' is not an e-mail address. Write it like name@example.org.")
        return None
    return text


def _website(file: YamlFile, node: Node | None, field: str) -> str | None:
    if node is None:
        return None
    text = file.string(node, field)
    if text is None:
        return None
    if not WEBSITE.match(text):
        file.problem(node, field, f"'{text}' is not a web address. Write it in full, starting with https://.")
        return None
    return text


def _opening_hours(file: YamlFile, node: Node | None, field: str) -> tuple[OpeningRule, ...]:
    if node is None:
        return ()
    rules = []
    for name, item in file.items(node, field):
        f = file.fields(item, name, ("days", "open", "close"), ())
        if f is None:
            continue
        days = tuple(d for day_name, day in file.items(f["days"], f"{name}.days") if (d := file.choice(day, day_name, DAYS, DAY_ALIASES))) if "days" in f else ()
        opens = file.time(f["open"], f"{name}.open") if "open" in f else None
        closes = file.time(f["close"], f"{name}.close") if "close" in f else None
        if opens and closes and closes <= opens:
            file.problem(f["close"], f"{name}.close", f"closes at {closes:%H:%M}, not after it opens at {opens:%H:%M}. Check both times.")
            continue
        if days and opens and closes:
            rules.append(OpeningRule(days=days, open=opens, close=closes))
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
    note = file.text(f["note"], "accessibility.note", i18n.SITE_LANGUAGES) if "note" in f else None
    return Accessibility(**flags, note=Text(note) if note else None)


def _contacts(file: YamlFile, node: Node | None) -> tuple[Contact, ...]:
    if node is None:
        return ()
    contacts = []
    for name, item in file.items(node, "contacts"):
        f = file.fields(item, name, ("name",), ("publish", "role", "phone", "email", "languages"))
        if f is None:
            continue
        if "publish" not in f:
            file.problem(item, f"{name}.publish", "missing. Add 'publish: true' only once the person has agreed to be listed, otherwise 'publish: false'.")
        contact = Contact(
            name=file.string(f["name"], f"{name}.name") if "name" in f else None,
            role=file.string(f["role"], f"{name}.role") if "role" in f else None,
            phone=_phone(file, f.get("phone"), f"{name}.phone"),
            email=_email(file, f.get("email"), f"{name}.email"),
            languages=_languages(file, f.get("languages"), f"{name}.languages"),
            publish=bool(file.boolean(f["publish"], f"{name}.publish")) if "publish" in f else False,
        )
        contacts.append(contact)
    return tuple(contacts)


FIELD_READERS = SimpleNamespace(address=_address, email=_email, phone=_phone, website=_website)


def load_settings(content_dir: Path) -> Settings:
    """Only `content/site.yml`, for the theme (problems are reported by load())."""
    path = content_dir / SETTINGS_FILE
    return read_settings(YamlFile(path, path.name, []) if path.is_file() else None, content_dir, FIELD_READERS)


# Folders of `content/` that hold data, not pages.
DATA_FOLDERS = ("offices", "carriers", "municipalities")


def hand_written_files(content_dir: Path) -> dict[str, Path]:
    """Pages and assets editors put into `content/`, by their path in the docs tree."""
    files = {}
    for path in sorted(content_dir.rglob("*")):
        relative = path.relative_to(content_dir)
        if not path.is_file() or relative.parts[0] in DATA_FOLDERS:
            continue
        if any(part.startswith(".") for part in relative.parts) or path.name.lower().startswith("readme") or relative.as_posix() == SETTINGS_FILE:
            continue
        files[relative.as_posix()] = path
    return files


def _check_pages(content_dir: Path, base: Path, problems: list[Problem]) -> None:
    for relative, path in hand_written_files(content_dir).items():
        if not relative.endswith(".md"):
            continue
        shown = path.relative_to(base).as_posix() if path.is_relative_to(base) else path.as_posix()
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            problems.append(Problem(shown, 1, 1, "file", "the file is not UTF-8 text. Save it as UTF-8 in your editor."))
            continue
        problems += check_page(text, shown, relative)


def check(content_dir: Path, shown_from: Path | None = None) -> tuple[list[Problem], list[Problem]]:
    """Every problem in `content/` and every warning; the problems empty when the site can be built."""
    try:
        directory = load(content_dir, shown_from)
    except ContentError as error:
        return error.problems, error.warnings
    return [], sorted(directory.warnings)
