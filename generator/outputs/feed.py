"""The feed of changes: per site language, an Atom feed of what changed between two
publications, for the people who refer families (a new office, a closure, changed
hours, phone numbers, address or languages, an office no longer listed).

Computed, not guessed: each publication carries `data/changes.json`, the facts it
compares (per office, only what its pages publish) and the feed's entries so far.
The next build reads the previous publication's file (staging/stage.py fetches it
from the site itself, since the last build's files are not on disk in CI), compares,
and adds an entry per changed office. Entries are worded once, here and in
words/phrases.py, in every site language when the change is found, and kept as
published. Without a previous publication the feed says only that it starts; where
the previous file could not be read, it says that earlier changes are missing.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import requests

from .. import i18n
from ..contract.records import OpeningRule
from ..contract.values import Text
from ..domain.directory import Directory, Office
from ..i18n.languages import page_address
from ..words import phrases

SNAPSHOT = "data/changes.json"
FORMAT = "kim-changes/1"
FEED = "feed"  # feed.xml, feed.en.xml, ...: static-i18n publishes /feed.xml, /en/feed.xml, ...
KEEP = 50  # entries
KEEP_DAYS = 183  # and none older than about six months
TIMEOUT = 5  # seconds to wait for the previous publication
MAX_BYTES = 5_000_000
UUID_NAMESPACE = uuid.UUID("2b8f4c61-0d3e-5a79-8c1f-6e4a9d7b3c20")
ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
COMPARED = ("address", "phones", "languages", "hours")  # besides closures, in the order an entry names them


@dataclass(frozen=True)
class Previous:
    """The previous publication's `data/changes.json`: its content, or none published
    (`data` None, `problem` empty), or why it could not be read."""

    data: dict | None = None
    problem: str = ""


def read_previous(source: str) -> Previous:
    """The file at `source` (an http(s) address or a path): none published where the
    site answers 404 (a first publication, or one before the feed existed)."""
    try:
        if re.match(r"https?://", source):
            with requests.get(source, timeout=TIMEOUT, stream=True, headers={"Accept": "application/json"}) as answer:
                if answer.status_code == 404:
                    return Previous()
                answer.raise_for_status()
                raw = answer.raw.read(MAX_BYTES + 1, decode_content=True)
        else:
            with Path(source).open("rb") as file:
                raw = file.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            raise ValueError(f"larger than {MAX_BYTES} bytes")
        return Previous(checked(json.loads(raw)))
    except (OSError, ValueError, RecursionError, requests.RequestException) as error:
        return Previous(problem=f"{type(error).__name__}: {error}")


ENTRY_LINK = re.compile(r"(offices/([a-z0-9]+(-[a-z0-9]+)*/)?|professionals/)")
TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d")


def _reads_as(parse, value) -> bool:
    try:
        parse(value)
    except (TypeError, ValueError):
        return False
    return True


def checked(data) -> dict:
    """The previous file as this version writes it, or ValueError: it comes over the
    network, and its entries go into the feed as they are (as text, escaped)."""

    def strings(value, limit: int = 2000) -> bool:
        return isinstance(value, str) and len(value) <= limit

    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("serial"), int):
        raise ValueError(f"not a {FORMAT} file")
    offices, entries = data.get("offices"), data.get("entries")
    def closures(value) -> bool:
        return isinstance(value, list) and all(isinstance(pair, list) and len(pair) == 2 and all(isinstance(day, str) and _reads_as(dt.date.fromisoformat, day) for day in pair) for pair in value)

    if not isinstance(offices, dict) or not all(
        isinstance(facts, dict) and isinstance(facts.get("name"), dict) and facts["name"] and all(map(strings, facts["name"].values())) and closures(facts.get("closures", []))
        for facts in offices.values()
    ):
        raise ValueError("offices: not as written by kim")
    if not isinstance(entries, list):
        raise ValueError("entries: not as written by kim")
    for entry in entries:
        texts = entry.get("texts") if isinstance(entry, dict) else None
        if not (
            isinstance(entry, dict)
            and isinstance(texts, dict)
            and strings(entry.get("id"))
            and TIMESTAMP.fullmatch(str(entry.get("updated"))) and _reads_as(dt.datetime.fromisoformat, entry["updated"])
            and ENTRY_LINK.fullmatch(str(entry.get("link")))
            and set(texts) == set(i18n.SITE_LANGUAGES)
            and all(isinstance(t, dict) and strings(t.get("title")) and isinstance(t.get("lines"), list) and all(map(strings, t["lines"])) for t in texts.values())
        ):
            raise ValueError("entries: not as written by kim")
    return data


# -- what is compared ------------------------------------------------------------------------


def facts(office: Office, today: dt.date) -> dict:
    """What the feed compares of an office, as its pages publish it (JSON values)."""
    value = {
        "name": dict(office.name.by_language),
        "address": phrases.place_line(office),
        "phones": [phone.number.e164 for phone in office.phones if phone.kind != "fax"],
        "languages": list(office.all_languages),
        # The office's own hours and those at its places (where they are, by name).
        "hours": [_rule(rule) for rule in office.opening_hours] + [_rule(rule, place.name.by_language.get("de", "")) for place in office.consultations for rule in place.hours],
        "closures": [[str(closure.start), str(closure.end)] for closure in office.closures_from(today)],
    }
    return json.loads(json.dumps(value))


def _rule(rule: OpeningRule, place: str = "") -> dict:
    said: dict[str, object] = {"days": list(rule.days), "open": f"{rule.open:%H:%M}", "close": f"{rule.close:%H:%M}", "from": str(rule.valid_from or ""), "until": str(rule.valid_until or "")}
    if rule.weeks:
        said["weeks"] = list(rule.weeks)
    if place:
        said["at"] = place
    return said


def changes(before: dict, office: Office, now: dict) -> list[str | tuple[bool, dt.date, dt.date]]:
    """What changed of an office: the names of COMPARED, then each closure announced
    since (True and its days) and each taken back before it ended (False and its days).
    Facts the previous file does not hold are not compared."""
    found: list[str | tuple[bool, dt.date, dt.date]] = [name for name in COMPARED if name in before and before[name] != now[name]]
    known = before.get("closures", [])
    found += [(True, dt.date.fromisoformat(start), dt.date.fromisoformat(end)) for start, end in now["closures"] if [start, end] not in known]
    found += [(False, dt.date.fromisoformat(start), dt.date.fromisoformat(end)) for start, end in known if [start, end] not in now["closures"] and end >= str(office.today)]
    return found


# -- entries ---------------------------------------------------------------------------------


def timestamp(today: dt.date) -> str:
    """The day of a publication as Atom's date-time: its start in Berlin (a build's
    hour is not kept, so that the same content on the same day gives the same files)."""
    return dt.datetime.combine(today, dt.time(), ZoneInfo("Europe/Berlin")).isoformat()


def _entry(key: str, today: dt.date, link: str, texts: dict[str, dict]) -> dict:
    return {"id": f"urn:uuid:{uuid.uuid5(UUID_NAMESPACE, f'{today}/{key}')}", "updated": timestamp(today), "link": link, "texts": texts}


def office_entry(office: Office, found: list, key: str, today: dt.date) -> dict:
    texts = {}
    for language in i18n.SITE_LANGUAGES:
        labels, lines = [], []
        for change in found:
            if isinstance(change, tuple):
                labels.append(phrases.closure_label(change[1], change[2], language, closed=change[0]))
                lines.append(labels[-1] + ".")
            else:
                labels.append(i18n.gettext(language, phrases.CHANGE_LABELS[change]))
                lines.append(phrases.change_line(change, office, language))
        texts[language] = {"title": f"{office.name.get(language)}: {' · '.join(labels)}", "lines": lines}
    return _entry(key, today, f"offices/{office.slug}/", texts)


def gone_entry(name: Text, key: str, today: dt.date) -> dict:
    label = phrases.CHANGE_LABELS["gone"]
    texts = {language: {"title": f"{name.get(language)}: {i18n.gettext(language, label)}", "lines": [phrases.gone_line(language)]} for language in i18n.SITE_LANGUAGES}
    return _entry(key, today, "offices/", texts)


def notice_entry(kind: str, key: str, today: dt.date) -> dict:
    title, text = phrases.FEED_NOTICES[kind]
    texts = {language: {"title": i18n.gettext(language, title), "lines": [i18n.gettext(language, text)]} for language in i18n.SITE_LANGUAGES}
    return _entry(key, today, "professionals/", texts)


def publication(directory: Directory, today: dt.date, previous: Previous) -> dict:
    """This publication's `data/changes.json`: the facts compared, and the entries,
    those found now first, then the previous ones as they were published."""
    serial = previous.data["serial"] + 1 if previous.data else 1
    offices = {office.slug: facts(office, today) for office in directory.sorted_offices()}
    if previous.data is None:
        found = [notice_entry("restart" if previous.problem else "first", f"{serial}/{'restart' if previous.problem else 'first'}", today)]
        kept: list[dict] = []
    else:
        before = previous.data["offices"]
        found = []
        for office in directory.sorted_offices():
            key = f"{serial}/{office.slug}"
            if office.slug not in before:
                found.append(office_entry(office, ["new"], key, today))
            elif what := changes(before[office.slug], office, offices[office.slug]):
                found.append(office_entry(office, what, key, today))
        found += [gone_entry(Text(before[slug]["name"]), f"{serial}/{slug}", today) for slug in sorted(before) if slug not in offices]
        oldest = timestamp(today - dt.timedelta(days=KEEP_DAYS))
        kept = [entry for entry in previous.data["entries"] if dt.datetime.fromisoformat(entry["updated"]) >= dt.datetime.fromisoformat(oldest)]
    return {"format": FORMAT, "serial": serial, "published": today.isoformat(), "offices": offices, "entries": (found + kept)[:KEEP]}


# -- the files -------------------------------------------------------------------------------


def atom(data: dict, directory: Directory, language: str) -> str:
    """One language's Atom feed (RFC 4287) of the entries in `data`. Without `site_url`
    its links are relative to the feed (/en/feed.xml: en/offices/x/), as Atom allows."""
    site_url = directory.settings.site_url
    gettext = i18n.translations(language).gettext

    def address(path: str) -> str:
        return page_address(site_url, language, path) if site_url else path or "./"

    site_name = directory.settings.site_name.get(language) if directory.settings.site_name else "KIM"
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: language})

    def add(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
        element.text = text
        return element

    add(feed, "id", f"urn:uuid:{uuid.uuid5(UUID_NAMESPACE, f'{site_url or site_name}/feed/{language}')}")
    add(feed, "title", f"{site_name}: {gettext(phrases.FEED_TITLE)}")
    add(feed, "subtitle", gettext(phrases.FEED_ABOUT))
    add(feed, "updated", max((entry["updated"] for entry in data["entries"]), key=dt.datetime.fromisoformat, default=timestamp(dt.date.fromisoformat(data["published"]))))
    add(add(feed, "author"), "name", directory.settings.publisher.name.get(language) if directory.settings.publisher else site_name)
    add(feed, "link", rel="self", type="application/atom+xml", href=address(f"{FEED}.xml"))
    add(feed, "link", rel="alternate", type="text/html", href=address(""))
    for entry in data["entries"]:
        texts = entry["texts"][language]
        item = add(feed, "entry")
        add(item, "id", entry["id"])
        add(item, "title", texts["title"], type="text")
        add(item, "updated", entry["updated"])
        add(item, "link", rel="alternate", type="text/html", href=address(entry["link"]))
        # HTML content, a paragraph a line: each line escaped as HTML, the whole as XML.
        paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in texts["lines"])
        add(item, "content", f'<div dir="{i18n.direction(language)}">{paragraphs}</div>', type="html")
    ET.indent(feed, space=" ")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def feed_files(directory: Directory, today: dt.date, previous: Previous) -> dict[str, str]:
    """`data/changes.json` and the feed of each language (`feed.xml`, `feed.en.xml`, ...)."""
    data = publication(directory, today, previous)
    files = {SNAPSHOT: json.dumps(data, ensure_ascii=False, indent=1) + "\n"}
    for language in i18n.SITE_LANGUAGES:
        files[f"{FEED}{i18n.suffix(language)}.xml"] = atom(data, directory, language)
    return files
