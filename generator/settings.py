"""`content/site.yml`: who publishes the site, and what the legal pages and the map need.

Imprint, privacy and accessibility statement are generated from these settings.
A missing setting is a warning, not an error, so that a site can be previewed
before the legal details are known; the page then says what is missing.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from markupsafe import Markup, escape
from yaml.nodes import Node

from . import i18n
from .model import Address, Phone, Text
from .yamlfile import MAX_TEXT, YamlFile, is_web_address

SETTINGS_FILE = "site.yml"
README_NAMES = ("readme", "readme.md", "readme.txt")  # notes for editors, never published
ACCESSIBILITY_STATUS = ("full", "partial", "none")
DEFAULT_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
DEFAULT_ATTRIBUTION = "© [OpenStreetMap](https://www.openstreetmap.org/copyright)"
# The credit under a map: text, with links written [label](https://...).
ATTRIBUTION_LINK = re.compile(r"\[([^\[\]]+)\]\(((?:[^()\s]|\([^()\s]*\))*)\)")


@dataclass(frozen=True)
class Body:
    """An organisation or a person the legal pages name, with the ways to reach them."""

    name: Text
    address: Address | None = None
    email: str | None = None
    phone: Phone | None = None
    website: str | None = None
    log_days: int | None = None  # hosting only: how long the server keeps its logs


@dataclass(frozen=True)
class Video:
    file: str  # path under content/, e.g. files/dgs/intro.mp4
    title: Text
    duration: str  # as people read it, e.g. 3:20
    size: int  # bytes


@dataclass(frozen=True)
class MapSettings:
    tiles: str = DEFAULT_TILES
    attribution: str = DEFAULT_ATTRIBUTION  # text with [label](https://...) links
    consent: bool = True

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
            parts += [escape(self.attribution[last : link.start()]), Markup('<a href="{}">{}</a>').format(link[2], link[1])]
            last = link.end()
        return Markup("").join([*parts, escape(self.attribution[last:])])


@dataclass(frozen=True)
class Settings:
    publisher: Body | None = None
    represented_by: Text | None = None
    content_responsible: Body | None = None
    data_protection_officer: Body | None = None
    supervisory_authority: Body | None = None
    hosting: Body | None = None
    accessibility_status: str | None = None
    accessibility_prepared: dt.date | None = None
    accessibility_method: Text | None = None
    accessibility_limitations: tuple[Text, ...] = ()
    accessibility_feedback: Body | None = None
    enforcement: Body | None = None
    videos: tuple[Video, ...] = ()
    map: MapSettings = field(default_factory=MapSettings)
    reviewed_languages: tuple[str, ...] = ()  # languages whose legal-page translations were checked

    def missing(self) -> list[str]:
        """Settings the legal pages need and do not have yet."""
        wanted = {
            "publisher": self.publisher,
            "publisher.address": self.publisher and self.publisher.address,
            "publisher.email": self.publisher and self.publisher.email,
            "represented_by": self.represented_by,
            "content_responsible": self.content_responsible,
            "data_protection_officer": self.data_protection_officer,
            "hosting": self.hosting,
            "hosting.log_days": self.hosting and self.hosting.log_days is not None,
            "accessibility.status": self.accessibility_status,
            "accessibility.prepared": self.accessibility_prepared,
            "accessibility.feedback": self.accessibility_feedback,
            "accessibility.enforcement": self.enforcement,
        }
        return [name for name, value in wanted.items() if not value]


BODY_FIELDS = ("address", "email", "phone", "website")


def read_settings(file: YamlFile | None, content_dir: Path, readers) -> Settings:
    """`readers` are load.py's field readers (address, email, phone, website, whole_number),
    shared so a setting is checked exactly like the same field of an office."""
    if file is None:
        return Settings()
    root = file.root()
    if root is None:
        return Settings()
    optional = (
        "publisher",
        "represented_by",
        "content_responsible",
        "data_protection_officer",
        "supervisory_authority",
        "hosting",
        "accessibility",
        "sign_language_videos",
        "map",
        "reviewed_languages",
    )
    f = file.fields(root, "", (), optional)
    if f is None:
        return Settings()
    languages = i18n.SITE_LANGUAGES

    def body(node: Node | None, name: str, extra: tuple[str, ...] = ()) -> Body | None:
        if node is None:
            return None
        b = file.fields(node, name, ("name",), BODY_FIELDS + extra)
        if b is None or "name" not in b:
            return None
        title = file.text(b["name"], f"{name}.name", languages)
        return Body(
            name=Text(title or {}),
            address=readers.address(file, b["address"], f"{name}.address") if "address" in b else None,
            email=readers.email(file, b.get("email"), f"{name}.email"),
            phone=readers.phone(file, b.get("phone"), f"{name}.phone"),
            website=readers.website(file, b.get("website"), f"{name}.website"),
            log_days=readers.whole_number(file, b["log_days"], f"{name}.log_days", 0, 400) if "log_days" in b else None,
        )

    def text(node: Node | None, name: str) -> Text | None:
        value = file.text(node, name, languages, MAX_TEXT) if node is not None else None
        return Text(value) if value else None

    access = {}
    if "accessibility" in f:
        access = file.fields(f["accessibility"], "accessibility", (), ("status", "prepared", "method", "limitations", "feedback", "enforcement")) or {}
    settings = Settings(
        publisher=body(f.get("publisher"), "publisher"),
        represented_by=text(f.get("represented_by"), "represented_by"),
        content_responsible=body(f.get("content_responsible"), "content_responsible"),
        data_protection_officer=body(f.get("data_protection_officer"), "data_protection_officer"),
        supervisory_authority=body(f.get("supervisory_authority"), "supervisory_authority"),
        hosting=body(f.get("hosting"), "hosting", ("log_days",)),
        accessibility_status=file.choice(access["status"], "accessibility.status", ACCESSIBILITY_STATUS) if "status" in access else None,
        accessibility_prepared=file.date(access["prepared"], "accessibility.prepared") if "prepared" in access else None,
        accessibility_method=text(access.get("method"), "accessibility.method"),
        accessibility_limitations=tuple(
            Text(t) for name, item in (file.items(access["limitations"], "accessibility.limitations") if "limitations" in access else []) if (t := file.text(item, name, languages, MAX_TEXT))
        ),
        accessibility_feedback=body(access.get("feedback"), "accessibility.feedback"),
        enforcement=body(access.get("enforcement"), "accessibility.enforcement"),
        videos=_videos(file, f.get("sign_language_videos"), content_dir),
        map=_map(file, f.get("map"), readers),
        reviewed_languages=tuple(
            code for name, item in (file.items(f["reviewed_languages"], "reviewed_languages") if "reviewed_languages" in f else []) if (code := file.choice(item, name, languages))
        ),
    )
    for name in settings.missing():
        file.warn(root, name, "not filled in yet: the legal pages show a gap here until it is. See README, 'Site settings'.")
    return settings


def _videos(file: YamlFile, node: Node | None, content_dir: Path) -> tuple[Video, ...]:
    if node is None:
        return ()
    videos = []
    for name, item in file.items(node, "sign_language_videos"):
        v = file.fields(item, name, ("file", "title", "duration"), ())
        if v is None or len(v) < 3:
            continue
        path = file.string(v["file"], f"{name}.file")
        title = file.text(v["title"], f"{name}.title", i18n.SITE_LANGUAGES)
        duration = file.string(v["duration"], f"{name}.duration")
        if duration and not _is_duration(duration):
            file.problem(v["duration"], f"{name}.duration", f"'{duration}' is not a running time. Write minutes:seconds in quotes, e.g. \"3:20\".")
            continue
        if path is None or title is None or duration is None:
            continue
        video = content_file(file, v["file"], f"{name}.file", path, content_dir, (".mp4", ".webm"))
        if video is not None:
            videos.append(Video(file=video.relative_to(content_dir.resolve()).as_posix(), title=Text(title), duration=duration, size=video.stat().st_size))
    return tuple(videos)


def _is_duration(text: str) -> bool:
    parts = text.split(":")
    return 2 <= len(parts) <= 3 and all(re.fullmatch(r"[0-9]+", p) for p in parts) and all(len(p) == 2 for p in parts[1:])


def content_file(file: YamlFile, node: Node, field: str, path: str, content_dir: Path, suffixes: tuple[str, ...]) -> Path | None:
    """A file an editor put under content/files/, checked to exist."""
    target = (content_dir / path).resolve()
    inside = content_dir.resolve() / "files"
    if not path.startswith("files/") or inside not in target.parents:
        file.problem(node, field, f"'{path}' must be a file under content/files/, written as files/..., e.g. files/flyer-de.pdf.")
        return None
    if suffixes and target.suffix.lower() not in suffixes:
        file.problem(node, field, f"'{path}': only {', '.join(suffixes)} files can be listed here.")
        return None
    if not target.is_file():
        file.problem(node, field, f"there is no file content/{path}. Put the file there or correct the name (upper and lower case count).")
        return None
    if any(part.startswith(".") for part in target.relative_to(inside).parts) or target.name.lower() in README_NAMES:
        file.problem(node, field, f"'{path}' is not published: hidden files (.name) and README files stay out of the site. Rename the file.")
        return None
    return target


def _map(file: YamlFile, node: Node | None, readers) -> MapSettings:
    if node is None:
        return MapSettings()
    m = file.fields(node, "map", (), ("tiles", "attribution", "consent"))
    if m is None:
        return MapSettings()
    tiles = file.string(m["tiles"], "map.tiles", 2000) if "tiles" in m else DEFAULT_TILES
    if tiles and not _is_tile_address(tiles):
        file.problem(m["tiles"], "map.tiles", f"'{tiles}' is not a tile address. Write it in full, starting with https://, like https://tiles.example.org/{{z}}/{{x}}/{{y}}.png, or as a path on this site's server, like /tiles/{{z}}/{{x}}/{{y}}.png.")
        tiles = None
    consent = file.boolean(m["consent"], "map.consent") if "consent" in m else True
    if consent is False and tiles and not tiles.startswith("/"):
        file.warn(m["consent"], "map.consent", f"false: every reader's browser loads map images from {MapSettings(tiles=tiles).host} without asking. Only for a tile server run by or for the publisher, named in the privacy notice.")
    attribution = _attribution(file, m["attribution"]) if "attribution" in m else DEFAULT_ATTRIBUTION
    return MapSettings(tiles=tiles or DEFAULT_TILES, attribution=attribution or DEFAULT_ATTRIBUTION, consent=True if consent is None else consent)


# https://host/... with {z}, {x}, {y} in the path and {s} only as the first part of the
# host; or /path on this site's own server. Nothing that could end a quote or a
# directive where the address is written (the Content-Security-Policy, .htaccess).
TILE_ADDRESS = re.compile(r"^(https://(\{s\}\.)?[a-z0-9-]+(\.[a-z0-9-]+)+(:[0-9]{1,5})?)?/[A-Za-z0-9._~/{}@%+=,?&-]*$", re.IGNORECASE)


def _is_tile_address(tiles: str) -> bool:
    """https://, or a path on this site's own server (/tiles/...); never //host/...,
    which would load from another host without the consent step."""
    if not TILE_ADDRESS.match(tiles) or tiles.startswith("//"):
        return False
    path = tiles if tiles.startswith("/") else tiles.split("/", 3)[3]  # after https://host/
    return all(part in path for part in ("{z}", "{x}", "{y}"))


def _attribution(file: YamlFile, node: Node) -> str | None:
    """Text with links as [label](https://...): never HTML, which Leaflet would run."""
    text = file.string(node, "map.attribution")
    if text is None:
        return None
    if re.search(r"[<>]|&#?\w+;", text):
        suggestion = re.sub(r"<a\s[^>]*href=[\"']([^\"']*)[\"'][^>]*>(.*?)</a>", r"[\2](\1)", text, flags=re.IGNORECASE | re.DOTALL)
        suggestion = html.unescape(re.sub(r"<[^>]*>", "", suggestion)).strip()
        example = f", e.g. '{suggestion}'" if suggestion and not re.search(r"[<>]", suggestion) else ""
        file.problem(node, "map.attribution", f"is text, not HTML. Write links as [label](https://...){example}.")
        return None
    for link in ATTRIBUTION_LINK.finditer(text):
        if not is_web_address(link[2]):
            file.problem(node, "map.attribution", f"'{link[2]}' is not a web address. Write links in full, starting with https://.")
            return None
    return text
