"""What keeps readers safe whatever an editor wrote or pasted.

Generated pages escape every editor text where it lands (Jinja for HTML, JSON for
scripts, `texts.markdown_text` for Markdown lines). Hand-written pages are
Markdown that may hold HTML, so their rendered HTML goes through a sanitiser
(`clean_page`). Behind both, every page carries a Content-Security-Policy that
allows only this site's own scripts and the inline scripts the build put there
(by their hash), so a script that slips in anyway does not run (`secure_site`).
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

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


def _embedded_from_this_site(tag: str, attribute: str, value: str) -> str | None:
    """Images and videos only from this site: a foreign one would tell another host
    who reads the page."""
    if (tag, attribute) in EMBEDDED and (value.startswith("//") or re.match(r"^[a-z][a-z0-9+.-]*:", value, re.IGNORECASE)):
        return None
    return value


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
        attribute_filter=_embedded_from_this_site,
        link_rel=None,
        strip_comments=True,
    )
    return IMAGE_WITHOUT_SOURCE.sub(lambda m: m[1] or "", cleaned)


INLINE_SCRIPT = re.compile(r"<script(\s[^>]*)?>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
NOT_RUN = re.compile(r"""\btype\s*=\s*["']?application/(ld\+)?json""", re.IGNORECASE)
CHARSET = re.compile(r"<meta charset=[^>]*>", re.IGNORECASE)
HEAD = re.compile(r"<head[^>]*>", re.IGNORECASE)


def script_hashes(html: str) -> set[str]:
    """`'sha256-...'` of every inline script the page runs."""
    hashes = set()
    for match in INLINE_SCRIPT.finditer(html):
        attributes = match[1] or ""
        if re.search(r"\ssrc\s*=", attributes, re.IGNORECASE) or NOT_RUN.search(attributes):
            continue
        digest = hashlib.sha256(match[2].encode("utf-8")).digest()
        hashes.add(f"'sha256-{base64.b64encode(digest).decode()}'")
    return hashes


def policy(hashes: set[str], tile_source: str | None, header: bool = False) -> str:
    """The Content-Security-Policy: this site only, map images from the tile server,
    inline scripts by hash. `frame-ancestors` only works as a header."""
    directives = [
        "default-src 'self'",
        "script-src " + " ".join(["'self'", *sorted(hashes)]),
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


def secure_page(html: str, tile_source: str | None) -> tuple[str, set[str]]:
    """The page with its policy as the first thing in <head> after the charset."""
    hashes = script_hashes(html)
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(hashes, tile_source)}">'
    anchor = CHARSET.search(html) or HEAD.search(html)
    if anchor is None:
        return html, hashes
    return html[: anchor.end()] + meta + html[anchor.end() :], hashes


def secure_site(site_dir: Path, tile_source: str | None) -> int:
    """A policy in every HTML page of a built site, and the same as HTTP headers for
    hosts that read `_headers` (Netlify, Cloudflare Pages) or `.htaccess` (Apache).
    Returns the number of pages."""
    every_hash: set[str] = set()
    pages = 0
    for path in site_dir.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        if 'http-equiv="Content-Security-Policy"' in html:
            continue
        secured, hashes = secure_page(html, tile_source)
        every_hash |= hashes
        path.write_text(secured, encoding="utf-8")
        pages += 1
    header = policy(every_hash, tile_source, header=True)
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
    return pages
