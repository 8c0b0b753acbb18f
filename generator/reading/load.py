"""`content/` to a Directory, checking every field of every file on the way.

Each file is checked against its record (`contract/records.py`); what spans files is checked
here: references to carriers and municipalities, Kreise and their towns, and the
warnings that do not stop the build. `load()` either returns the whole Directory
or raises ContentError with every problem of every file, so editors fix
everything in one round.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from pathlib import Path

from PIL import Image
from pydantic import TypeAdapter, ValidationError

from .. import i18n
from ..contract.records import DOCUMENT_TYPES, VIDEO_TYPES, CarrierFile, MunicipalityFile, OfficeFile, Settings
from ..contract.values import README_NAMES, SiteAddress, character_name, did_you_mean
from ..contract.vocabulary import ROLES
from ..domain.access import all_hours, carrier_can_be_asked
from ..domain.directory import Carrier, Directory, Municipality, Office
from . import lookalike
from .pages import check_page
from .yamlfile import ContentError, Problem, YamlFile, field_name

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
SETTINGS_FILE = "site.yml"
# What a legal page leaves out while a setting (Settings.missing) is not filled in, said
# to the editor in German: the reader is never shown the gap.
LEGAL_GAPS = {
    "publisher": i18n.editor_later("the imprint and the privacy notice name no publisher"),
    "publisher.address": i18n.editor_later("the imprint gives no address of the publisher"),
    "publisher.email": i18n.editor_later("the imprint gives no e-mail address of the publisher"),
    "represented_by": i18n.editor_later("the imprint names nobody who represents the publisher"),
    "content_responsible": i18n.editor_later("the imprint names nobody as responsible for the content (§ 18 (2) MStV)"),
    "data_protection_officer": i18n.editor_later("the privacy notice names no data protection officer"),
    "supervisory_authority": i18n.editor_later("the privacy notice names no supervisory authority for complaints"),
    "hosting": i18n.editor_later("the privacy notice does not say who runs the web server"),
    "hosting.log_days": i18n.editor_later("the privacy notice does not say how long the web server keeps its logs"),
    "accessibility.status": i18n.editor_later("the accessibility statement does not say how accessible the site is"),
    "accessibility.prepared": i18n.editor_later("the accessibility statement does not say when it was prepared"),
    "accessibility.feedback": i18n.editor_later("the accessibility statement names nobody to whom readers can report barriers"),
    "accessibility.enforcement": i18n.editor_later("the accessibility statement names no ombudsman's office for the enforcement procedure"),
}


def load(content_dir: Path, shown_from: Path | None = None, today: dt.date | None = None) -> Directory:
    """Read `content/` as of `today` (contacts, offices and hours can start and
    end on a date); raise ContentError listing every problem found."""
    today = today or dt.date.today()
    problems: list[Problem] = []
    base = shown_from or content_dir.parent
    directory = Directory()
    context = {"content_dir": content_dir}

    def open_file(path: Path) -> YamlFile:
        try:
            shown = path.relative_to(base).as_posix()
        except ValueError:
            shown = path.as_posix()
        return YamlFile(path, shown, problems, directory.warnings)

    directory.settings = _read_settings(content_dir, open_file)
    for path in _data_files(content_dir / "carriers", open_file):
        if (carrier := open_file(path).read(CarrierFile)) is not None:
            directory.carriers[path.stem] = Carrier.model_construct(**dict(carrier), id=path.stem)
    towns = []
    for path in _data_files(content_dir / "municipalities", open_file):
        file = open_file(path)
        if (municipality := file.read(MunicipalityFile)) is not None:
            directory.municipalities[path.stem] = Municipality.model_construct(**dict(municipality), id=path.stem)
            if municipality.part_of:
                towns.append((file, path.stem))
    for file, ident in towns:
        parent = directory.municipalities[ident].part_of or ""
        if parent not in directory.municipalities:
            _unknown(file, ("part_of",), parent, directory.municipalities, "content/municipalities/")
        elif parent in directory.within(ident):
            file.problem(file.node(("part_of",)), "part_of", i18n.editor("'%(id)s' and '%(parent)s' would each be part of the other. Only a town names its Kreis.", id=ident, parent=parent))
    office_files = _data_files(content_dir / "offices", open_file)
    if not office_files and not problems:
        problems.append(Problem(f"{(content_dir / 'offices').relative_to(base).as_posix()}", 1, 1, "file", i18n.editor("no office files found. Add one YAML file per office, e.g. content/offices/my-office.yml.")))
    read = []
    for path in office_files:
        file = open_file(path)
        office = _read_office(file, directory, context, today)
        if office is not None:
            read.append((file, office))
        if office is not None and (office.valid_until is None or office.valid_until >= today):
            directory.offices[office.slug] = office
    _lookalike_names(read)
    _due_for_review(read, directory.settings.review_months, today)
    _copies(read)
    _notes_against_languages(read)
    _notes_against_appointment(read)
    _check_pages(content_dir, base, problems, directory.warnings)
    if problems:
        raise ContentError(problems, directory.warnings)
    return directory


def _read_settings(content_dir: Path, open_file) -> Settings:
    path = content_dir / SETTINGS_FILE
    if not path.exists():
        open_file(path).warn(None, "file", i18n.editor("missing: without it the imprint, privacy and accessibility pages are empty. Copy the sample's content/site.yml and fill it in."))
        return Settings()
    if path.is_symlink() or not path.is_file():
        return Settings()  # reported by _content_files
    file = open_file(path)
    settings = file.read(Settings, {"content_dir": content_dir})
    if settings is None:
        return Settings()
    settings = _with_pages_address(settings, file)
    for name in settings.missing():
        file.warn_missing(name, i18n.editor("not filled in yet: %(gap)s. Enter it in content/site.yml (content/LIESMICH.md, section 8).", gap=i18n.editor(LEGAL_GAPS[name])))
    if settings.report_to is None:
        file.warn_missing("corrections", i18n.editor("not set, and the publisher has no e-mail address: readers cannot report a wrong entry. Add 'corrections: {email: ...}' with the editorial office's address."))
    if settings.site_url is None:
        file.warn_missing(
            "site_url",
            i18n.editor(
                "not set: search engines get no sitemap and no page addresses, QR codes on handouts point to the address the page was opened at, contact cards carry no web address, and the pages' script policy cannot be limited to the site's script folders. Add 'site_url: https://...' with the address the site is published at."
            ),
        )
    if not settings.map.consent and not settings.map.tiles.startswith("/"):
        file.warn(
            file.node(("map", "consent")),
            "map.consent",
            i18n.editor(
                "false: every reader's browser loads map images from %(host)s without asking. Only for a tile server run by or for the publisher, named in the privacy notice.", host=settings.map.host
            ),
        )
    return settings


# The shipped CI files set it to the Pages address, for sites whose site.yml has no site_url.
PAGES_ADDRESS = "KIM_SITE_URL"


def _with_pages_address(settings: Settings, file: YamlFile | None = None) -> Settings:
    """`site_url` from the environment's KIM_SITE_URL where content/site.yml has none."""
    address = os.environ.get(PAGES_ADDRESS, "").strip()
    if settings.site_url or not address:
        return settings
    try:
        site_url = TypeAdapter(SiteAddress).validate_python(address)
    except ValidationError as error:
        if file is not None:
            file.warn_missing(
                "site_url",
                i18n.editor(
                    "not set, and %(variable)s ('%(address)s', set by the CI from the Pages address) is not usable: %(problem)s",
                    variable=PAGES_ADDRESS,
                    address=address[:200],
                    problem=error.errors()[0]["msg"],
                ),
            )
        return settings
    return settings.model_copy(update={"site_url": site_url})


def load_settings(content_dir: Path) -> Settings:
    """Only `content/site.yml`, for the theme (problems are reported by load())."""
    path = content_dir / SETTINGS_FILE
    if not path.is_file() or path.is_symlink():
        return _with_pages_address(Settings())
    return _with_pages_address(YamlFile(path, path.name, []).read(Settings, {"content_dir": content_dir}) or Settings())


def _data_files(folder: Path, open_file) -> list[Path]:
    """The `.yml` files of a folder; other YAML-looking names are reported, not ignored."""
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith(".") or path.name.lower() in README_NAMES or path.is_symlink() or not path.is_file():
            continue  # links and folders are reported by _content_files
        if path.suffix == ".yml":
            if path.stem == "index":
                open_file(path).file_problem(1, 1, i18n.editor("the file name 'index' is the web address of the list page. Name the file after the office or place, e.g. 'herne-wanne.yml'."))
            elif SLUG.match(path.stem):
                found.append(path)
            else:
                open_file(path).file_problem(1, 1, i18n.editor("the file name '%(name)s' is used in web addresses: use only lower-case letters a-z, digits and hyphens, e.g. 'herne-wanne.yml'.", name=path.stem))
        elif path.suffix.lower() in (".yaml", ".yml") or path.is_file():
            meant = path.with_name(f"{path.name.split('.')[0]}.yml")
            if meant.exists():
                open_file(path).file_problem(1, 1, i18n.editor("ignored file: only '.yml' files are read here, and '%(name)s' exists too. Keep one of the two: move this one away or delete it.", name=meant.name))
            else:
                open_file(path).file_problem(1, 1, i18n.editor("ignored file: only '.yml' files are read here. Rename it to '%(name)s' or move it away.", name=meant.name))
    return found


def _read_office(file: YamlFile, directory: Directory, context: dict, today: dt.date) -> Office | None:
    data = file.data()
    if data is None:
        return None
    carriers = _references(file, data, directory)
    record = file.read(OfficeFile, context)
    if record is None or None in carriers:
        return None
    root = file.node(())
    if record.location is None:
        file.warn(root, "location", i18n.editor("missing: the office is not shown on the maps and comes after offices with a distance in the finder. Add 'location: {lat: ..., lon: ...}'."))
    if record.valid_until and record.valid_until < today:
        file.warn(file.node(("valid_until",)), "valid_until", i18n.editor("the office ended on %(date)s and is no longer shown. Delete the file when it is not needed any more.", date=record.valid_until))
    # A contact who has not agreed to be listed, or does not (or no longer) work
    # here, never leaves the loader: no page can show a byte of it.
    office = Office.of(
        record,
        contacts=tuple(c for c in record.contacts if c.listed_on(today)),
        slug=file.path.stem,
        carriers=tuple(directory.carriers[ident] for ident in record.carrier_ids),
        municipality=directory.municipalities[record.municipality_id],
        today=today,
    )
    unknown = [
        name
        for name, known in (
            ("address", record.address),
            ("street", not record.address or record.address.street),
            ("postcode", not record.address or record.address.postcode),
            ("languages", record.languages),
            ("topics", record.topics),
            ("appointment", record.appointment),
            # Without an appointment needed, readers need to know when to come.
            ("opening_hours", all_hours(record) or record.phone_hours or record.appointment in ("required", "referral")),
        )
        if not known
    ]
    if unknown and record.kind != "coordination":
        file.warn(root, unknown[0], i18n.editor("not published: %(fields)s. The pages say so, or leave the part out; add them when the office publishes them, never a guess.", fields=", ".join(unknown)))
    if office.access.own_hours == "past":
        last = max(rule.valid_until for rule in record.opening_hours if rule.valid_until)
        file.warn(
            file.node(("opening_hours",)),
            "opening_hours",
            i18n.editor("every rule ended, the last on %(date)s: the pages call the hours out of date and no longer promise walk-in hours. Ask the office for its current hours.", date=last)
            if record.appointment == "walk-in"
            else i18n.editor("every rule ended, the last on %(date)s: the pages call the hours out of date. Ask the office for its current hours.", date=last),
        )
    for i, contact in enumerate(record.contacts):
        if contact.role and contact.role not in ROLES.ids and (meant := ROLES.closest(contact.role)):
            file.warn(
                file.node(("contacts", i, "role")),
                field_name(("contacts", i, "role")),
                i18n.editor("'%(role)s' is shown as written, in every language. Did you mean the role id '%(meant)s', which each page translates?", role=contact.role, meant=meant),
            )
    if not office.reachable:
        message = (
            i18n.editor(
                "the office has no phone, e-mail or website, and no listed person has a phone number or e-mail address; the pages point readers to its carrier. Add what the office publishes."
            )
            if carrier_can_be_asked(office.carriers)
            else i18n.editor(
                "the office has no phone, e-mail or website, and no listed person has a phone number or e-mail address; its carrier has none either: residents cannot ask anyone. Add what the office publishes."
            )
        )
        file.warn(root, "phone", message)
    return office


def _lookalike_names(offices: list[tuple[YamlFile, Office]]) -> None:
    """Office names with letters of another script in a word, or that look like another
    office's name written with other characters: readers would take one for the other."""
    seen: dict[str, tuple[str, str]] = {}
    for file, office in offices:
        for name in dict.fromkeys(office.name.by_language.values()):
            if strange := lookalike.foreign_letters(name):
                file.warn(file.node(("name",)), "name", i18n.editor("'%(name)s' holds %(character)s among letters of another script, where it looks like another letter. Retype the word.", name=name, character=character_name(strange[0])))
                continue
            other = seen.setdefault(lookalike.skeleton(name), (office.slug, name))
            if other[0] != office.slug and other[1] != name:
                changed = lookalike.differing(name, other[1])
                which = f" ({character_name(changed[0])})" if changed else ""
                file.warn(
                    file.node(("name",)),
                    "name",
                    i18n.editor(
                        "'%(name)s' looks the same as the name of content/offices/%(other)s.yml but is written with other characters%(which)s. Retype it, so that readers and the search tell the offices apart.",
                        name=name,
                        other=other[0],
                        which=which,
                    ),
                )


def _due_for_review(offices: list[tuple[YamlFile, Office]], months: int, today: dt.date) -> None:
    """Offices not checked with the office for `months` (review_months): warnings that
    come after the others, oldest first (Problem.due)."""
    for file, office in offices:
        if office.review_due(months) > today or (office.valid_until is not None and office.valid_until < today):
            continue
        reviewed = office.reviewed
        file.warn(
            file.node(("reviewed",)),
            "reviewed",
            i18n.editor(
                "last checked on %(date)s, more than %(months)s months ago (review_months in content/site.yml). Check the office's details with the office (`kim review` writes the letter) and set the day of its answer.",
                date=reviewed,
                months=months,
            ),
            due=reviewed.isoformat(),
        )


NUMBER_WORDS = {"zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12,
                "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}  # fmt: skip
LANGUAGE_COUNT = re.compile(r"\b(\d{1,2}|" + "|".join(NUMBER_WORDS) + r")\s+(?:verschiedenen\s+|different\s+)?(?:Sprachen|languages)\b", re.IGNORECASE)


def _notes_against_languages(offices: list[tuple[YamlFile, Office]]) -> None:
    """A note that names a language (in German, English or its own name) or a number
    of languages that `languages` does not have: the finder goes by the list only."""
    for file, office in offices:
        if not office.notes:
            continue
        text = " ".join(office.notes.by_language.values())
        spoken = set(office.all_languages)
        spoken |= {i18n.MACROLANGUAGES.get(code, code) for code in spoken} | {code for code, macro in i18n.MACROLANGUAGES.items() if macro in spoken}
        named: dict[str, str] = {}
        for word in re.findall(r"[^\W\d_]{5,}", text):
            code = i18n.language_words().get(word.casefold())
            if code and code not in spoken and (word[0].isupper() or not word.isascii()):
                named.setdefault(code, word)
        for code, word in named.items():
            file.warn(file.node(("notes",)), "notes", i18n.editor("names %(name)s, but 'languages' lacks %(code)s. The finder goes by 'languages' only: add %(code)s there, or correct the note.", name=word, code=code))
        counted: dict[int, re.Match] = {}
        for count in LANGUAGE_COUNT.finditer(text):
            counted.setdefault(int(count[1]) if count[1].isdigit() else NUMBER_WORDS[count[1].casefold()], count)
        for number, count in counted.items():
            if number > len(office.all_languages):
                file.warn(
                    file.node(("notes",)),
                    "notes",
                    i18n.editor("says '%(words)s', but 'languages' (with the people's) lists %(count)s. The finder goes by 'languages' only: list them all there, or correct the note.", words=count[0], count=len(office.all_languages)),
                )


# What notes say about appointments, in German and English, read against `appointment`.
SAYS_WALK_IN = re.compile(r"\bohne\s+(?:vorherige[n]?\s+)?(?:Termin|Terminvereinbarung|Anmeldung)\b|\boffenen?\s+Sprechstunden?\b|\bwalk-in\b|\bwithout\s+(?:an\s+)?appointment\b|\bno\s+appointment\s+(?:is\s+)?needed\b", re.IGNORECASE)
SAYS_APPOINTMENT = re.compile(
    r"\bnur\s+(?:mit|nach)\s+(?:vorheriger\s+)?(?:Termin|Terminvereinbarung|Anmeldung)\b|(?<!\bkein\s)(?<!\bkeinen\s)\bTermin\s+(?:ist\s+)?(?:erforderlich|notwendig|nötig)\b|\bby\s+appointment\s+only\b|\bappointment\s+(?:is\s+)?required\b",
    re.IGNORECASE,
)


def _notes_against_appointment(offices: list[tuple[YamlFile, Office]]) -> None:
    """A note that says the opposite of `appointment` (or says what `appointment` leaves
    unsaid): the statement on every page and card goes by the field only."""
    for file, office in offices:
        if not office.notes:
            continue
        text = " ".join(office.notes.by_language.values())
        walk_in, needed = SAYS_WALK_IN.search(text), SAYS_APPOINTMENT.search(text)
        # "recommended" allows coming without one: a note may say so.
        if walk_in and not needed and office.appointment in (None, "required", "referral"):
            said, modes = walk_in[0], "walk-in, recommended"
        elif needed and not walk_in and office.appointment in (None, "walk-in", "recommended"):
            said, modes = needed[0], "required"
        else:
            continue
        if office.appointment:
            message = i18n.editor("says '%(words)s', but 'appointment' is %(mode)s. Every page states 'appointment': correct the one that is wrong.", words=said, mode=office.appointment)
        else:
            message = i18n.editor("says '%(words)s', but 'appointment' is not set, so the pages say it is not stated. Add 'appointment:' with %(modes)s.", words=said, modes=modes)
        file.warn(file.node(("notes",)), "notes", message)


def _copies(offices: list[tuple[YamlFile, Office]]) -> None:
    """A second file describing an office already described (the same name and address,
    or the same phone number): readers would find it twice, and an edit reach one copy."""
    seen: dict[tuple, str] = {}
    for file, office in offices:
        address = office.address
        name = " ".join(office.name.by_language.get("de", "").split()).casefold()
        marks: list[tuple] = [(i18n.editor("the same name and address"), name, address.street, address.postcode)] if address and address.street else []
        marks += [(i18n.editor("the same phone number"), phone.number.e164) for phone in office.phones]
        for mark in marks:
            other = seen.setdefault(mark[1:], office.slug)
            if other != office.slug:
                field = "name" if len(mark) > 2 else "phone"
                file.warn(file.node((field,)), field, i18n.editor("describes the same office as content/offices/%(other)s.yml (%(same)s). Keep one of the two files, or correct the copy.", other=other, same=mark[0]))
                break


def _references(file: YamlFile, data: dict, directory: Directory) -> list:
    """Carriers and municipalities the office names, checked to exist; None for each unknown one."""
    carrier = data.get("carrier")
    carriers = []
    if isinstance(carrier, str):
        carriers.append(_unknown(file, ("carrier",), carrier, directory.carriers, "content/carriers/"))
    elif isinstance(carrier, list):
        carriers += [_unknown(file, ("carrier", i), ident, directory.carriers, "content/carriers/") for i, ident in enumerate(carrier) if isinstance(ident, str)]
    if isinstance(data.get("municipality"), str):
        carriers.append(_unknown(file, ("municipality",), data["municipality"], directory.municipalities, "content/municipalities/"))
    responsible = data.get("responsible_for")
    if isinstance(responsible, dict) and isinstance(responsible.get("municipalities"), list):
        for i, ident in enumerate(responsible["municipalities"]):
            if isinstance(ident, str):
                carriers.append(_unknown(file, ("responsible_for", "municipalities", i), ident, directory.municipalities, "content/municipalities/"))
    return carriers


def _unknown(file: YamlFile, path: tuple, ident: str, known: dict, folder: str) -> str | None:
    """`ident` if it names a file of `folder`; else None after a problem with a did-you-mean."""
    ident = " ".join(ident.split())
    if ident in known or not ident:
        return ident
    if (file.path.parent.parent / folder.removeprefix("content/") / f"{ident}.yml").is_file():
        # The file is there but has mistakes of its own (reported with it).
        file.problem(file.node(path), field_name(path), i18n.editor("'%(id)s' is named here, but %(folder)s%(id)s.yml has mistakes (see its lines). Correct that file first.", id=ident, folder=folder))
    else:
        file.problem(file.node(path), field_name(path), i18n.editor("unknown id '%(id)s': there is no %(folder)s%(id)s.yml.%(hint)s", id=ident, folder=folder, hint=did_you_mean(ident, known)))
    return None


# Folders of `content/` that hold data, not pages.
DATA_FOLDERS = ("offices", "carriers", "municipalities")
# What is published from `content/` besides pages (.md): documents, images, videos.
# Nothing else (no data files, no SVG, which can hold scripts).
PUBLISHED_TYPES = DOCUMENT_TYPES + (".webp", ".gif", ".vtt") + VIDEO_TYPES
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
                problems.append(
                    Problem(
                        shown(here / name),
                        1,
                        1,
                        "file",
                        i18n.editor("is a link (symbolic link) to another folder. Links are not followed, so that nothing outside content/ is published: copy the files themselves here."),
                    )
                )
        for name in sorted(dirs):
            folder_problem = _folder_problem(here / name, content_dir)
            if folder_problem:
                problems.append(Problem(shown(here / name), 1, 1, "file", folder_problem))
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not (here / d).is_symlink())
        for name in sorted(names):
            path = here / name
            relative = path.relative_to(content_dir)
            if name.startswith("."):
                continue
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode):
                problems.append(Problem(shown(path), 1, 1, "file", i18n.editor("is a link (symbolic link). Links are not followed, so that nothing outside content/ is published: copy the file itself here.")))
                continue
            if not stat.S_ISREG(mode):
                problems.append(Problem(shown(path), 1, 1, "file", i18n.editor("is not a plain file. Remove it from content/.")))
                continue
            if path.lstat().st_nlink > 1:
                # Like a symbolic link: the same file stands elsewhere on this machine too.
                problems.append(Problem(shown(path), 1, 1, "file", i18n.editor("is a hard link: the same file also stands somewhere else on this machine. Copy the file itself here (cp, not ln).")))
                continue
            if relative.parts[0] in DATA_FOLDERS or relative.as_posix() == SETTINGS_FILE or name.lower() in README_NAMES:
                continue
            suffix = path.suffix.lower()
            if relative.parts[0] == "assets":
                warnings.append(Problem(shown(path), 1, 1, "file", i18n.editor("not published: assets/ holds the theme's and the generator's files. Put your files into files/."), warning=True))
            elif suffix in (".yml", ".yaml"):
                warnings.append(
                    Problem(
                        shown(path),
                        1,
                        1,
                        "file",
                        i18n.editor("not published and not read: data is read only from offices/, carriers/, municipalities/ and site.yml. Move the file there, or out of content/."),
                        warning=True,
                    )
                )
            elif suffix == ".md":
                if path.suffix != ".md" or (len(relative.parts) > 1 and relative.parts[0] not in PAGE_FOLDERS):
                    where = (
                        i18n.editor("not published: Rename it to '%(name)s.md'.", name=path.stem)
                        if path.suffix != ".md"
                        else i18n.editor("not published: Pages are read from content/ and content/topics/ only.")
                    )
                    warnings.append(Problem(shown(path), 1, 1, "file", where, warning=True))
                elif not PAGE_NAME.match(name):
                    problems.append(
                        Problem(shown(path), 1, 1, "file", i18n.editor("the file name '%(name)s' is used in web addresses: use only lower-case letters a-z, digits and hyphens, e.g. 'wohnen.md' or 'wohnen.ar.md'.", name=name))
                    )
                else:
                    files[relative.as_posix()] = path
            elif suffix not in PUBLISHED_TYPES:
                warnings.append(Problem(shown(path), 1, 1, "file", i18n.editor("not published: only pages (.md) and %(types)s files are published from content/.", types=", ".join(PUBLISHED_TYPES)), warning=True))
            elif not _is_of_its_type(path, suffix):
                problems.append(Problem(shown(path), 1, 1, "file", i18n.editor("is not a %(type)s file: its content is of another kind. Save it again as %(type)s in the program that made it, or give it its right ending.", type=suffix)))
            elif problem := _image_problem(path, suffix):
                problems.append(Problem(shown(path), 1, 1, "file", problem))
            else:
                files[relative.as_posix()] = path
                if (weight := path.lstat().st_size) > MAX_FILE_WEIGHT and suffix not in VIDEO_TYPES:
                    warnings.append(Problem(shown(path), 1, 1, "file", _weight_warning(weight, suffix), warning=True))
    return files


# Above this, a reader on a phone waits for a file and pays for it.
MAX_FILE_WEIGHT = 1_000_000
IMAGE_TYPES = (".jpg", ".jpeg", ".png", ".webp", ".gif")
MAX_PIXELS = 40_000_000  # a photo of 7,000 x 5,700; more is no photo for a web page


def _weight_warning(weight: int, suffix: str) -> str:
    size = i18n.editor_number(round(weight / 1_000_000, 1)) + " MB"
    if suffix in IMAGE_TYPES:
        return i18n.editor(
            "is %(size)s: over 1 MB, a page with it loads slowly on a phone. The site publishes images at most 1,600 pixels wide; save it at that size (JPEG for photos) and it loads quicker still.", size=size
        )
    return i18n.editor("is %(size)s: over 1 MB, a reader on a phone waits for it and pays for the data. Save a smaller version (for a PDF: 'reduce file size' or export for the web).", size=size)


def _image_problem(path: Path, suffix: str) -> str | None:
    """Why an image cannot be published, or None."""
    if suffix not in IMAGE_TYPES:
        return None
    try:
        with Image.open(path) as image:
            width, height = image.size
    except (OSError, Image.DecompressionBombError):
        return i18n.editor("cannot be read as an image. Open it in an image program and save it again as %(type)s.", type=suffix)
    if width * height > MAX_PIXELS:
        return i18n.editor("is %(width)s x %(height)s pixels, too large to publish. Save it at most 1,600 pixels wide.", width=i18n.editor_number(width), height=i18n.editor_number(height))
    return None


def _folder_problem(folder: Path, content_dir: Path) -> str | None:
    """A folder where a file is expected would be skipped without a word."""
    relative = folder.relative_to(content_dir)
    if relative.suffix.lower() in (".yml", ".yaml", ".md", *PUBLISHED_TYPES):
        return i18n.editor("is a folder, not a file, so it is not read. Move its files out and delete the folder, or rename it without '%(ending)s'.", ending=relative.suffix)
    if len(relative.parts) == 2 and relative.parts[0] in DATA_FOLDERS and not relative.parts[1].startswith("."):
        return i18n.editor("is a folder: files in it are not read. %(folder)s/ holds one .yml file per entry: move them to content/%(folder)s/.", folder=relative.parts[0])
    return None


# How each kind of published file begins. A file of another kind under such a name
# (a script named .vtt) could otherwise be served and run as something it is not.
FILE_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF-",),
    ".docx": (b"PK\x03\x04",),
    ".odt": (b"PK\x03\x04",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".webp": (b"RIFF",),
    ".webm": (b"\x1a\x45\xdf\xa3",),
    ".vtt": (b"WEBVTT", b"\xef\xbb\xbfWEBVTT"),
}


def _is_of_its_type(path: Path, suffix: str) -> bool:
    with path.open("rb") as f:
        start = f.read(16)
    if suffix == ".mp4":
        return start[4:8] == b"ftyp"
    if suffix == ".webp" and start[8:12] != b"WEBP":
        return False
    if suffix == ".vtt":
        # The header line: WEBVTT alone or followed by a space or tab (WebVTT's own rule).
        header = start.removeprefix(b"\xef\xbb\xbf")
        return header.startswith(b"WEBVTT") and header[6:7] in (b"", b" ", b"\t", b"\n", b"\r")
    return start.startswith(FILE_SIGNATURES[suffix])


def _check_pages(content_dir: Path, base: Path, problems: list[Problem], warnings: list[Problem]) -> None:
    for relative, path in _content_files(content_dir, problems, warnings, base).items():
        if not relative.endswith(".md"):
            continue
        shown = path.relative_to(base).as_posix() if path.is_relative_to(base) else path.as_posix()
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            problems.append(Problem(shown, 1, 1, "file", i18n.editor("the file is not UTF-8 text. Save it as UTF-8 in your editor.")))
            continue
        problems += check_page(text, shown, relative, warnings)


def check(content_dir: Path, shown_from: Path | None = None) -> tuple[list[Problem], list[Problem]]:
    """Every problem in `content/` and every warning; the problems empty when the site can be built."""
    try:
        directory = load(content_dir, shown_from)
    except ContentError as error:
        return error.problems, error.warnings
    return [], sorted(directory.warnings)
