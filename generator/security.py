"""What keeps readers safe whatever an editor wrote or pasted.

Generated pages escape every editor text where it lands (Jinja for HTML, JSON for
scripts, `texts.markdown_text` for Markdown lines). Hand-written pages are
Markdown that may hold HTML, so their rendered HTML goes through a sanitiser
(`clean_page`). Behind both, every page carries a Content-Security-Policy that
allows only this site's own script files and, by their hash, the inline scripts
the theme's templates hold, so a script that slips in anyway does not run
(`secure_site`).
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from urllib.parse import urlsplit

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
DATA_ATTRIBUTES = {"data-office", "data-contact", "data-missing", "data-pagefind-ignore", "data-handout"}


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


def without_hidden(html: str) -> str:
    """`html` (as nh3 writes it) without the elements marked `hidden` and all they
    hold: text a reader never sees is not published, and so not searched either."""
    kept, position, depth = [], 0, 0
    for tag in TAG.finditer(html):
        closing, name = tag[1], tag[2].lower()
        if depth == 0:
            hidden = not closing and "hidden" in (a.lower() for a in ATTRIBUTE.findall(tag[3]))
            if hidden and name not in VOID:
                kept.append(html[position : tag.start()])
                depth = 1
            elif hidden:
                kept.append(html[position : tag.start()])
                position = tag.end()
            continue
        if name in VOID:
            continue
        depth += -1 if closing else 1
        if depth == 0:
            position = tag.end()
    if depth == 0:
        kept.append(html[position:])
    return "".join(kept)


IMAGE_WITHOUT_SOURCE = re.compile(r'<img(?![^>]*\ssrc=)(?:[^>]*\salt="([^"]*)")?[^>]*>')


def clean_page(html: str) -> str:
    """A hand-written page's HTML with everything removed that could run, load from
    another host or leave the page (scripts, event handlers, javascript: and data: links).
    An image whose source was removed leaves its description as text."""
    cleaned = nh3.clean(
        html,
        tags=PAGE_TAGS,
        attributes=PAGE_ATTRIBUTES,
        generic_attribute_prefixes={"aria-", "data-"},
        url_schemes=URL_SCHEMES,
        attribute_filter=_allowed,
        link_rel=None,
        strip_comments=True,
    )
    return IMAGE_WITHOUT_SOURCE.sub(lambda m: m[1] or "", without_hidden(cleaned))


INLINE_SCRIPT = re.compile(r"<script(\s[^>]*)?>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
NOT_RUN = re.compile(r"""\btype\s*=\s*["']?application/(ld\+)?json""", re.IGNORECASE)
CHARSET = re.compile(r"<meta charset=[^>]*>", re.IGNORECASE)
HEAD = re.compile(r"<head[^>]*>", re.IGNORECASE)
MAP = re.compile(r"<div [^>]*\bdata-map-canvas\b")  # templates/_map.j2


def theme_scripts(theme_dirs: list[Path]) -> list[re.Pattern]:
    """The inline scripts the theme's templates hold, as patterns: the literal code,
    with each `{{ ... }}` standing for a path or a word. Only these run."""
    patterns = []
    for folder in theme_dirs:
        for path in sorted(Path(folder).rglob("*.html")):
            for match in INLINE_SCRIPT.finditer(path.read_text(encoding="utf-8")):
                attributes = match[1] or ""
                if re.search(r"\ssrc\s*=", attributes, re.IGNORECASE) or NOT_RUN.search(attributes) or "{%" in match[2]:
                    continue
                parts = re.split(r"\{\{.*?\}\}", match[2], flags=re.DOTALL)
                patterns.append(re.compile("[-./A-Za-z0-9_]*".join(re.escape(part) for part in parts), re.DOTALL))
    return patterns


def script_hashes(html: str, known: list[re.Pattern]) -> tuple[set[str], int]:
    """`'sha256-...'` of every inline script of the page that the theme wrote, and the
    number of other inline scripts (which the policy then blocks)."""
    hashes, others = set(), 0
    for match in INLINE_SCRIPT.finditer(html):
        attributes = match[1] or ""
        if re.search(r"\ssrc\s*=", attributes, re.IGNORECASE) or NOT_RUN.search(attributes):
            continue
        if not any(pattern.fullmatch(match[2]) for pattern in known):
            others += 1
            continue
        digest = hashlib.sha256(match[2].encode("utf-8")).digest()
        hashes.add(f"'sha256-{base64.b64encode(digest).decode()}'")
    return hashes, others


def policy(hashes: set[str], tile_source: str | None, header: bool = False) -> str:
    """The Content-Security-Policy: this site only, map images from the tile server,
    inline scripts by hash. `frame-ancestors` only works as a header.

    'wasm-unsafe-eval' lets the search (Pagefind, generator/site_search.py) compile its
    WebAssembly, which the browser fetches from this site like the scripts; it allows
    no JavaScript eval. Without it Chromium refuses the search's WebAssembly wherever the
    policy also reaches the search's worker (as the `_headers` and `.htaccess` headers do)."""
    directives = [
        "default-src 'self'",
        "script-src " + " ".join(["'self'", "'wasm-unsafe-eval'", *sorted(hashes)]),
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:" + (f" {tile_source}" if tile_source else ""),
        "font-src 'self'",
        "connect-src 'self'",
        "media-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
    if header:
        directives.append("frame-ancestors 'self'")
    return "; ".join(directives)


# Where this site's scripts are: the theme's and ours, and the search's.
SCRIPT_FOLDERS = ("assets/", "pagefind/")


def script_folders_policy(hashes: set[str], site_path: str) -> str:
    """A second policy, which a browser applies together with the first: scripts only
    from the site's script folders, so that no other published file (a document, a
    subtitle file) can run as a script, even where a host sends no `nosniff`. 'self'
    (first policy) cannot name a folder; `*:*` with a path can, and the first policy
    keeps it to this site. Needs the path the site is published under (`site_url`)."""
    folders = [f"*:*{site_path}{folder}" for folder in SCRIPT_FOLDERS]
    return "; ".join(["script-src " + " ".join([*folders, "'wasm-unsafe-eval'", *sorted(hashes)]), "worker-src " + " ".join(folders)])


def policies(hashes: set[str], tile_source: str | None, site_path: str | None, header: bool = False) -> list[str]:
    return [policy(hashes, tile_source, header)] + ([script_folders_policy(hashes, site_path)] if site_path else [])


def secure_page(html: str, tile_source: str | None, known: list[re.Pattern], site_path: str | None = None) -> tuple[str, set[str], int]:
    """The page with its policies as the first thing in <head> after the charset. Map
    images are allowed only on pages with a map."""
    hashes, others = script_hashes(html, known)
    tiles = tile_source if MAP.search(html) else None
    meta = "".join(f'<meta http-equiv="Content-Security-Policy" content="{text}">' for text in policies(hashes, tiles, site_path))
    anchor = CHARSET.search(html) or HEAD.search(html)
    if anchor is None:
        return html, hashes, others
    return html[: anchor.end()] + meta + html[anchor.end() :], hashes, others


def secure_site(site_dir: Path, tile_source: str | None, theme_dirs: list[Path], site_url: str | None = None) -> int:
    """Policies in every HTML page of a built site, and the same as HTTP headers for
    hosts that read `_headers` (Netlify, Cloudflare Pages) or `.htaccess` (Apache).
    Returns the number of inline scripts that no theme template holds (blocked).

    `site_url`'s path (`/`, `/kim/`) is where the site's script folders are; without
    it, scripts may come from any file of the site (`kim check` warns)."""
    known = theme_scripts(theme_dirs)
    site_path = urlsplit(site_url).path if site_url else None
    every_hash: set[str] = set()
    blocked = 0
    for path in site_dir.rglob("*.html"):
        secured, hashes, others = secure_page(path.read_text(encoding="utf-8"), tile_source, known, site_path)
        every_hash |= hashes
        blocked += others
        path.write_text(secured, encoding="utf-8")
    # Several policies in one header are separated by commas; a browser applies each.
    header = ", ".join(policies(every_hash, tile_source, site_path, header=True))
    (site_dir / "_headers").write_text(
        f"/*\n  Content-Security-Policy: {header}\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: strict-origin-when-cross-origin\n",
        encoding="utf-8",
    )
    (site_dir / ".htaccess").write_text(
        "<IfModule mod_headers.c>\n"
        f'  Header always set Content-Security-Policy "{header}"\n'
        '  Header always set X-Content-Type-Options "nosniff"\n'
        '  Header always set Referrer-Policy "strict-origin-when-cross-origin"\n'
        "</IfModule>\n",
        encoding="utf-8",
    )
    return blocked
