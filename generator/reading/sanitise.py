"""What a hand-written page may hold, whatever an editor wrote or pasted: its rendered
HTML goes through `clean_page` (nh3). Generated pages escape every editor text where
it lands (Jinja for HTML, JSON for scripts, `rendering/texts.markdown_text` for
Markdown lines); the policy behind both is `staging/policy.py`.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import nh3

# What a hand-written page may contain: text, structure, links, images and videos
# of this site. No script, style, form, frame or embedded object.
PAGE_TAGS = (nh3.ALLOWED_TAGS - {"area", "map"}) | {"address", "bdi", "figure", "figcaption", "video", "source", "track", "section", "nav", "mark", "small", "time"}
PAGE_ATTRIBUTES = {
    "*": {"class", "id", "lang", "dir", "title", "role", "hidden"},
    "a": {"href", "hreflang", "download", "rel"},
    "img": {"src", "alt", "width", "height", "loading"},
    "video": {"src", "controls", "preload", "poster", "width", "height"},
    "source": {"src", "type"},
    "track": {"src", "kind", "srclang", "label", "default"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start", "reversed", "type"},
    "time": {"datetime"},
}
URL_SCHEMES = {"https", "mailto", "tel"}
EMBEDDED = {("img", "src"), ("video", "src"), ("video", "poster"), ("source", "src"), ("track", "src")}
# Attributes the theme's scripts look for: an editor's page must not pose as a part of it.
THEME_OWNED = re.compile(r"^(__|md-|md_|kim-|kim_)", re.IGNORECASE)
# Set by our generated lists; and what keeps a part of a page out of the search index
# (the notices above a translated page), which can only hide the page's own words.
DATA_ATTRIBUTES = {"data-office", "data-contact", "data-pagefind-ignore", "data-handout", "data-poster", "data-feed"}


def is_foreign(url: str) -> bool:
    """Whether a browser would load `url` from another host: `https://x`, `//x`, and
    what browsers turn into these (`/\\x`, ` //x`, a tab inside `/\t/x`)."""
    normal = re.sub(r"[\t\n\r]", "", url).strip("\x00- ").replace("\\", "/")
    return normal.startswith("//") or bool(re.match(r"^[a-z][a-z0-9+.-]*:", normal, re.IGNORECASE))


def _allowed(tag: str, attribute: str, value: str) -> str | None:
    """Images and videos only from this site: a foreign one would tell another host
    who reads the page. Ids and data attributes only where they cannot pose as the theme's."""
    if (tag, attribute) in EMBEDDED and is_foreign(value):
        return None
    if attribute == "id" and (tag not in ("h1", "h2", "h3", "h4", "h5", "h6") or THEME_OWNED.match(value)):
        return None
    if attribute.startswith("data-") and attribute not in DATA_ATTRIBUTES:
        return None
    if attribute == "class" and any(THEME_OWNED.match(name) and not name.startswith(("md-button", "kim-")) for name in value.split()):
        return " ".join(name for name in value.split() if not THEME_OWNED.match(name) or name.startswith(("md-button", "kim-")))
    return value


# A tag as nh3 writes it (every attribute value in double quotes, `"` escaped inside).
TAG = re.compile(r'<(/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[^\s"=/>]+(?:="[^"]*")?)*)\s*/?>')
ATTRIBUTE = re.compile(r'\s+([^\s"=/>]+)(?:="[^"]*")?')
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def without_hidden(page: str) -> str:
    """`page` (as nh3 writes it) without the elements marked `hidden` and all they
    hold: text a reader never sees is not published, and so not searched either."""
    kept, position, depth = [], 0, 0
    for tag in TAG.finditer(page):
        closing, name = tag[1], tag[2].lower()
        if depth == 0:
            hidden = not closing and "hidden" in (a.lower() for a in ATTRIBUTE.findall(tag[3]))
            if hidden and name not in VOID:
                kept.append(page[position : tag.start()])
                depth = 1
            elif hidden:
                kept.append(page[position : tag.start()])
                position = tag.end()
            continue
        if name in VOID:
            continue
        depth += -1 if closing else 1
        if depth == 0:
            position = tag.end()
    if depth == 0:
        kept.append(page[position:])
    return "".join(kept)


IMAGE_WITHOUT_SOURCE = re.compile(r'<img(?![^>]*\ssrc=)(?:[^>]*\salt="([^"]*)")?[^>]*>')


IMAGE = re.compile(r"<img\s([^>]*?)\s*/?>")
ATTRIBUTE_VALUE = re.compile(r'([\w:-]+)="([^"]*)"')  # as nh3 writes them


def _sized_images(page: str, image_size: Callable[[str], tuple[int, int] | None] | None) -> str:
    """Every image loaded when it comes near the screen, with its width and height
    where known (`image_size(src)`), so that the text does not jump as it loads."""

    def sized(match: re.Match) -> str:
        attributes = dict(ATTRIBUTE_VALUE.findall(match[1]))
        extra = {"loading": "lazy", "decoding": "async"}
        dimensions = image_size(html.unescape(attributes.get("src", ""))) if image_size and not ({"width", "height"} & attributes.keys()) else None
        if dimensions:
            extra |= {"width": str(dimensions[0]), "height": str(dimensions[1])}
        added = "".join(f' {name}="{value}"' for name, value in extra.items() if name not in attributes)
        return f"<img {match[1]}{added}>"

    return IMAGE.sub(sized, page)


def clean_page(page: str, image_size: Callable[[str], tuple[int, int] | None] | None = None) -> str:
    """A hand-written page's HTML with everything removed that could run, load from
    another host or leave the page (scripts, event handlers, javascript: and data: links).
    An image whose source was removed leaves its description as text; the others
    load lazily, with their size (`image_size(src)`) where known."""
    cleaned = nh3.clean(
        page,
        tags=PAGE_TAGS,
        attributes=PAGE_ATTRIBUTES,
        generic_attribute_prefixes={"aria-", "data-"},
        url_schemes=URL_SCHEMES,
        attribute_filter=_allowed,
        link_rel=None,
        strip_comments=True,
    )
    return _sized_images(IMAGE_WITHOUT_SOURCE.sub(lambda m: m[1] or "", without_hidden(cleaned)), image_size)
