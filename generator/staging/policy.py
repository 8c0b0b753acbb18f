"""The Content-Security-Policy of the built site: every page gets one, and the hosts
that read `_headers` (Netlify, Cloudflare Pages) or `.htaccess` (Apache) get it as
headers. It allows only this site's own script files (with `site_url`: only those in
the script folders) and, by their hash, the inline scripts the theme's templates hold,
so a script that slips in anyway does not run (`secure_site`). What hand-written pages
may hold is `reading/sanitise.py`.
"""

from __future__ import annotations

import base64
import hashlib
import multiprocessing
import os
import re
import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

from .processes import end_with_parent, jobs

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


def policy(hashes: set[str], tile_source: str | None, header: bool = False, reports: str | None = None) -> str:
    """The Content-Security-Policy: this site only, map images from the tile server,
    inline scripts by hash. `frame-ancestors` only works as a header.

    'wasm-unsafe-eval' lets the search (Pagefind, generator/staging/search.py) compile its
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
        "form-action 'self'" + (f" {reports}" if reports else ""),  # a reader's report: mailto: or the git host
    ]
    if header:
        directives.append("frame-ancestors 'self'")
    return "; ".join(directives)


# Where this site's scripts are: the theme's and ours, and the search's.
SCRIPT_FOLDERS = ("assets/", "pagefind/")
# The service worker, at the site's root so that it may serve every page (overrides/kim-sw.js).
SERVICE_WORKER = "kim-sw.js"


def script_folders_policy(hashes: set[str], site_path: str) -> str:
    """A second policy, which a browser applies together with the first: scripts only
    from the site's script folders, so that no other published file (a document, a
    subtitle file) can run as a script, even where a host sends no `nosniff`. 'self'
    (first policy) cannot name a folder; `*:*` with a path can, and the first policy
    keeps it to this site. Needs the path the site is published under (`site_url`)."""
    folders = [f"*:*{site_path}{folder}" for folder in SCRIPT_FOLDERS]
    workers = [*folders, f"*:*{site_path}{SERVICE_WORKER}"]
    return "; ".join(["script-src " + " ".join([*folders, "'wasm-unsafe-eval'", *sorted(hashes)]), "worker-src " + " ".join(workers)])


def policies(hashes: set[str], tile_source: str | None, site_path: str | None, header: bool = False, reports: str | None = None) -> list[str]:
    return [policy(hashes, tile_source, header, reports)] + ([script_folders_policy(hashes, site_path)] if site_path else [])


def secure_page(html: str, tile_source: str | None, known: list[re.Pattern], site_path: str | None = None, reports: str | None = None) -> tuple[str, set[str], int]:
    """The page with its policies as the first thing in <head> after the charset. Map
    images are allowed only on pages with a map."""
    hashes, others = script_hashes(html, known)
    tiles = tile_source if MAP.search(html) else None
    meta = "".join(f'<meta http-equiv="Content-Security-Policy" content="{text}">' for text in policies(hashes, tiles, site_path, reports=reports))
    anchor = CHARSET.search(html) or HEAD.search(html)
    if anchor is None:
        return html, hashes, others
    return html[: anchor.end()] + meta + html[anchor.end() :], hashes, others


_securing: tuple[list[re.Pattern], str | None, str | None, str | None] | None = None


def _secure_pages(pages: list[Path]) -> tuple[set[str], int]:
    """Policies into these pages (secure_site's share for one process)."""
    assert _securing is not None
    known, tile_source, site_path, reports = _securing
    every_hash: set[str] = set()
    blocked = 0
    for path in pages:
        secured, hashes, others = secure_page(path.read_text(encoding="utf-8"), tile_source, known, site_path, reports)
        every_hash |= hashes
        blocked += others
        path.write_text(secured, encoding="utf-8")
    return every_hash, blocked


def secure_site(site_dir: Path, tile_source: str | None, theme_dirs: list[Path], site_url: str | None = None, reports: str | None = None) -> int:
    """Policies in every HTML page of a built site, and the same as HTTP headers for
    hosts that read `_headers` (Netlify, Cloudflare Pages) or `.htaccess` (Apache).
    Returns the number of inline scripts that no theme template holds (blocked).

    `site_url`'s path (`/`, `/kim/`) is where the site's script folders are; without
    it, scripts may come from any file of the site (`kim check` warns). `reports`: where
    the office pages' report form goes (`mailto:`, or the git host's origin)."""
    global _securing
    site_path = urlsplit(site_url).path if site_url else None
    _securing = (theme_scripts(theme_dirs), tile_source, site_path, reports)
    pages = sorted(site_dir.rglob("*.html"))
    shares = [pages[number :: jobs()] for number in range(jobs())]
    # One process per core, forked (each has the patterns), where no threads run (the preview).
    if len(shares) < 2 or threading.active_count() > 1 or "fork" not in multiprocessing.get_all_start_methods():
        results = [_secure_pages(pages)]
    else:
        # This process takes the first share: a process more would hold what it holds again.
        with ProcessPoolExecutor(len(shares) - 1, mp_context=multiprocessing.get_context("fork"), initializer=end_with_parent, initargs=(os.getpid(), True)) as pool:
            futures = [pool.submit(_secure_pages, share) for share in shares[1:]]
            results = [_secure_pages(shares[0]), *(future.result() for future in futures)]
    every_hash: set[str] = set().union(*(hashes for hashes, _ in results))
    blocked = sum(others for _, others in results)
    # Several policies in one header are separated by commas; a browser applies each.
    header = ", ".join(policies(every_hash, tile_source, site_path, header=True, reports=reports))
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
