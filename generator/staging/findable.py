"""What search engines read beside the pages: `sitemap.xml` (every page in every
language, with its language versions) and `robots.txt`.

Written from the built site after the last language is built, so it lists exactly
the pages that exist, whatever engine rendered them: German at `<page>/`, the other
languages at `<lang>/<page>/`. A sitemap needs absolute addresses, so without
`site_url` there is none (and robots.txt names none); a sitemap with guessed
addresses would send search engines to pages that do not exist.
"""

from __future__ import annotations

import gzip
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from .. import i18n
from ..i18n.languages import page_address

SITEMAP = "sitemap.xml"


def built_pages(site_dir: Path) -> dict[str, set[str]]:
    """The built pages by language: {"de": {"", "offices/x/", ...}, "en": {...}}.
    A page is a folder with an `index.html` (directory URLs)."""
    pages: dict[str, set[str]] = {language: set() for language in i18n.SITE_LANGUAGES}
    for path in site_dir.rglob("index.html"):
        folder = path.parent.relative_to(site_dir).as_posix()
        url = "" if folder == "." else folder + "/"
        first = url.split("/", 1)[0]
        if first in i18n.SITE_LANGUAGES and first != i18n.DEFAULT_LANGUAGE:
            pages[first].add(url[len(first) + 1 :])
        else:
            pages[i18n.DEFAULT_LANGUAGE].add(url)
    return pages


def sitemap_xml(pages: dict[str, set[str]], site_url: str) -> str:
    """Every page in every language, each with all its language versions and
    `x-default` (the German page, which readers of any other language get first)."""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    every_page = sorted(set().union(*pages.values()))
    for page in every_page:
        versions = [(language, page_address(site_url, language, page)) for language in i18n.SITE_LANGUAGES if page in pages[language]]
        if page in pages[i18n.DEFAULT_LANGUAGE]:
            versions.append(("x-default", page_address(site_url, i18n.DEFAULT_LANGUAGE, page)))
        alternates = "".join(f'\n    <xhtml:link rel="alternate" hreflang="{language}" href={quoteattr(address)}/>' for language, address in versions)
        for language, address in versions:
            if language != "x-default":
                lines.append(f"  <url>\n    <loc>{escape(address)}</loc>{alternates}\n  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots_txt(site_url: str | None) -> str:
    """Every page may be read; the sitemap's address where the site's address is known."""
    text = "User-agent: *\nDisallow:\n"
    return text + (f"\nSitemap: {site_url}{SITEMAP}\n" if site_url else "")


def write_findable_files(site_dir: Path, site_url: str | None) -> int:
    """`sitemap.xml`, `sitemap.xml.gz` (the same, compressed) and `robots.txt` in a
    built site; any sitemap the engine wrote is replaced or, without `site_url`,
    removed. Returns the number of addresses in the sitemap."""
    for name in (SITEMAP, SITEMAP + ".gz"):
        (site_dir / name).unlink(missing_ok=True)
    (site_dir / "robots.txt").write_text(robots_txt(site_url), encoding="utf-8")
    if not site_url:
        return 0
    pages = built_pages(site_dir)
    xml = sitemap_xml(pages, site_url)
    (site_dir / SITEMAP).write_text(xml, encoding="utf-8")
    with gzip.GzipFile(site_dir / (SITEMAP + ".gz"), "wb", mtime=0) as packed:
        packed.write(xml.encode("utf-8"))
    return sum(len(p) for p in pages.values())
