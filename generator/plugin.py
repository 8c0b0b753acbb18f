"""The thin MkDocs adapter: stage the docs tree before MkDocs reads it, watch `content/`.

Everything else lives in the core (`load`, `pages`, `stage`, `security`), which
does not import MkDocs, so another engine can render the same docs tree.

`mkdocs build` writes into a new folder next to `site/` and swaps it in only when
the whole build succeeded (content, theme, every language, `--strict`), so a
failure at any point leaves the last good site as it was.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import logging
import os
import shutil
import threading
from pathlib import Path
from urllib.parse import urljoin

from mkdocs.config import base, config_options
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger

from .findable import write_findable_files
from .i18n import DEFAULT_LANGUAGE, SITE_LANGUAGES, territory_locale
from .load import load_settings
from .pages import footer_links, not_found_labels, print_lines, search_labels
from .security import clean_page, secure_site
from .site_search import SearchIndexError, index_site
from .stage import MARKER, DocsFolderError, build_lock, site_files_dir, stage
from .yamlfile import ContentError

log = get_plugin_logger(__name__)


class KimConfig(base.Config):
    content_dir = config_options.Type(str, default="content")
    """Folder with offices, carriers, municipalities and hand-written pages, relative to mkdocs.yml."""


class _Warnings(logging.Handler):
    """Counts MkDocs' warnings, which `--strict` turns into a failure after post_build."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class KimPlugin(BasePlugin[KimConfig]):
    def __init__(self) -> None:
        self.command = "build"
        self.site_dir: Path | None = None  # the published folder, while a build runs
        self.lock: contextlib.ExitStack | None = None
        self.warnings = _Warnings()
        self.extra: dict = {}
        self.tile_source: str | None = None
        self.site_url: str | None = None  # content/site.yml
        self.not_found = ""  # the German 404 page, until every language is built

    def on_startup(self, *, command, dirty):
        self.command = command

    # Early, before static-i18n (priority -100) reads the files of docs_dir.
    @event_priority(100)
    def on_config(self, config):
        if self.lock is not None:
            # static-i18n runs on_config again for each further language: the tree
            # staged at the start serves them all, even if content changes meanwhile.
            config.extra.update(self.extra)
            self._set_site_url(config)
            if self.site_dir is not None:
                config.site_dir = str(_building_dir(self.site_dir))
            return config
        content_dir = Path(config.config_file_path).parent / self.config.content_dir
        # Held until the build ends: a second build of the project waits.
        self.lock = contextlib.ExitStack()
        self.lock.enter_context(build_lock(Path(config.docs_dir)))
        logging.getLogger("mkdocs").addHandler(self.warnings)
        problems: list[str] = []
        try:
            result = stage(content_dir, Path(config.docs_dir))
        except ContentError as error:
            if self.command != "serve" or not (Path(config.docs_dir) / MARKER).is_file():
                self._end()
                # Raised before MkDocs cleans site_dir, so the last good site stays.
                raise PluginError(str(error)) from None
            # The preview keeps the last good pages and lays the mistakes over them,
            # as `kim check` prints them, until they are fixed (overrides/main.html).
            log.error(str(error))
            problems = [str(problem) for problem in error.problems]
        except DocsFolderError as error:
            self._end()
            raise PluginError(str(error)) from None
        else:
            if result.written or result.removed:
                log.info(f"Staged docs tree: {result.written} written, {result.unchanged} unchanged, {result.removed} removed.")
            for warning in result.warnings:
                log.info(str(warning))  # info: `mkdocs build --strict` must not fail on them
        if self.command == "build":
            # Build beside the published folder; swapped in by on_post_build.
            self.site_dir = Path(config.site_dir)
            config.site_dir = str(_building(self.site_dir))
        # What the theme (overrides/main.html) needs from the content.
        settings = load_settings(content_dir)
        self.tile_source = settings.map.source
        self.site_url = settings.site_url
        self._set_site_url(config)
        self.extra = {
            "map": {"tiles": settings.map.tiles, "attribution": str(settings.map.attribution_html), "consent": settings.map.consent},
            "kim_footer": footer_links(),
            "kim_search": search_labels(),
            "kim_print": print_lines(dt.date.today()),
            "kim_problems": problems,
            "kim_not_found": not_found_labels(),
            "kim_locales": {language: territory_locale(language) for language in SITE_LANGUAGES},
        }
        config.extra.update(self.extra)
        return config

    def _set_site_url(self, config) -> None:
        """The published address, from content/site.yml: MkDocs and Material make
        canonical links, static-i18n its language links and the 404 pages their
        paths from it. Not in the preview, which MkDocs serves at its own address."""
        if self.site_url and self.command != "serve":
            config.site_url = self.site_url

    # After static-i18n (priority 50), which sets the page's language links.
    @event_priority(-50)
    def on_page_context(self, context, page, config, nav):
        # Search engines want every language version's full address (hreflang),
        # and x-default: the German page, which readers of other languages get first.
        alternates = _alternates(config)
        if page.canonical_url and alternates:
            links = [(alt["lang"], urljoin(config.site_url, alt["link"])) for alt in alternates]
            context["kim_alternates"] = links + [("x-default", url) for language, url in links if language == DEFAULT_LANGUAGE]
        return context

    def on_template_context(self, context, template_name, config):
        # The 404 page has no page of its own: static-i18n gives it neither the
        # language (for the footer, overrides/main.html) nor a language menu of its
        # own (it keeps the last page's); the menu leads to each language's start page.
        i18n = config.plugins.get("i18n")
        if template_name == "404.html" and i18n is not None:
            context["i18n_page_locale"] = i18n.current_language
            config.extra.alternate = [dict(alt) for alt in getattr(i18n, "extra_alternate", None) or _alternates(config)]
        return context

    def on_post_template(self, output_content, template_name, config):
        # Each language's build writes its 404 page to the site's root: each goes to
        # its language's folder (/en/404.html), and the German one is put back at the
        # root after the last language (on_post_build).
        i18n = config.plugins.get("i18n")
        if template_name == "404.html" and i18n is not None:
            if i18n.current_language == DEFAULT_LANGUAGE:
                self.not_found = output_content
            else:
                target = Path(config.site_dir) / i18n.current_language / "404.html"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(output_content, encoding="utf-8")
        return output_content

    def on_page_content(self, html, page, config, files):
        # Hand-written pages are Markdown with HTML: only what cannot run stays.
        # Generated pages escape every editor text themselves and hold our scripts.
        if page.meta.get("kim_generated"):
            return html
        return clean_page(html)

    # Last, after static-i18n (priority -100) has built every language.
    @event_priority(-200)
    def on_post_build(self, config):
        i18n = config.plugins.get("i18n")
        if i18n is not None and i18n.building:
            return  # a nested build of one language; the outer build comes last
        built = Path(config.site_dir)
        if self.not_found:
            (built / "404.html").write_text(self.not_found, encoding="utf-8")
        # The sitemap of every language (static-i18n's lists each page with "None" in
        # its address when site_url is missing, and no x-default) and robots.txt.
        write_findable_files(built, self.site_url)
        # Contact cards and the handouts' halves, staged beside the docs tree.
        extra = site_files_dir(Path(config.docs_dir))
        if extra.is_dir():
            shutil.copytree(extra, built, dirs_exist_ok=True)
        if self.command != "serve":  # the preview's live reload is an inline script
            blocked = secure_site(built, self.tile_source, [Path(d) for d in config.theme.dirs])
            if blocked:
                log.warning(f"{blocked} inline script(s) that no theme template holds are in the pages; the Content-Security-Policy blocks them.")
        if self.command == "serve":
            # The preview shows the change first; the search follows (seconds at NRW scale).
            threading.Thread(target=_index_in_background, args=(built,), daemon=True).start()
        else:
            # The search index of the pages as published (Pagefind writes no HTML, only
            # its bundle in pagefind/). A failure raises: the last good site stays.
            try:
                counts = index_site(built)
            except SearchIndexError as error:
                raise PluginError(str(error)) from None
            log.info(f"Search index: {counts.get('pages', 0)} pages in {counts.get('languages', 0)} languages.")
        if self.site_dir is not None:
            if config.strict and self.warnings.count:
                log.error(f"{self.site_dir} was left as it was: the build had warnings and --strict is set.")
                shutil.rmtree(built, ignore_errors=True)
            else:
                _publish(built, self.site_dir)
            config.site_dir = str(self.site_dir)
        self._end()

    def on_build_error(self, *, error):
        if self.site_dir is not None:
            log.error(f"{self.site_dir} was left as it was: the build failed.")
            shutil.rmtree(_building_dir(self.site_dir), ignore_errors=True)
        self._end()

    def on_shutdown(self):
        self._end()

    def on_serve(self, server, config, builder):
        # The editor's files are watched; the docs tree is not: staging writes it during
        # a rebuild, and watching it would start a second rebuild after every save.
        server.unwatch(config.docs_dir)
        server.watch(str(Path(config.config_file_path).parent / self.config.content_dir))
        return server

    def _end(self) -> None:
        self.site_dir = None
        self.not_found = ""
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        self.warnings.count = 0
        if self.lock is not None:
            self.lock.close()
            self.lock = None


def _alternates(config) -> list[dict]:
    """The language menu's links (Material's `config.extra.alternate`). static-i18n sets
    them per page as an attribute of `extra`, which templates read before its items."""
    return getattr(config.extra, "alternate", None) or config.extra.get("alternate") or []


def _index_in_background(built: Path) -> None:
    try:
        index_site(built)
    except SearchIndexError as error:
        log.warning(f"The preview's search is not up to date: {error}")


def _building_dir(site_dir: Path) -> Path:
    """The new site's folder, next to the published one (so that it can be renamed)."""
    return site_dir.with_name(f".{site_dir.name}.kim-new")


def _building(site_dir: Path) -> Path:
    folder = _building_dir(site_dir)
    shutil.rmtree(folder, ignore_errors=True)  # left by a build that was killed
    return folder


def _publish(built: Path, site_dir: Path) -> None:
    """Replace the published folder by the new one: in one step where the system can
    swap two folders (Linux), else in two renames."""
    if site_dir.exists() and _exchange(built, site_dir):
        shutil.rmtree(built, ignore_errors=True)  # now the old site
        return
    old = site_dir.with_name(f".{site_dir.name}.kim-old")
    shutil.rmtree(old, ignore_errors=True)
    if site_dir.exists():
        os.replace(site_dir, old)
    os.replace(built, site_dir)
    shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders atomically with renameat2(RENAME_EXCHANGE); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0
