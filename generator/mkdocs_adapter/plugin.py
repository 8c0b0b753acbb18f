"""The thin MkDocs adapter: stage the docs tree before MkDocs reads it, watch `content/`.

Everything else lives in the core (`generator.reading`, `.rendering`, `.staging`, ...), which
does not import MkDocs, so another engine can render the same docs tree.

`mkdocs build` writes into a new folder next to `site/` and swaps it in only when
the whole build succeeded (content, theme, every language, `--strict`), so a
failure at any point leaves the last good site as it was.
"""

from __future__ import annotations

import contextlib
import ctypes
import datetime as dt
import json
import logging
import os
import posixpath
import shutil
import threading
from pathlib import Path
from urllib.parse import unquote, urljoin

import watchdog.events
import watchdog.observers
import watchdog.observers.api
from mkdocs.config import base, config_options
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger

from ..i18n import DEFAULT_LANGUAGE, SITE_LANGUAGES, editor, editor_language, editor_plural, territory_locale
from ..reading.load import load_settings
from ..reading.sanitise import clean_page
from ..reading.yamlfile import ContentError
from ..rendering import frames, html_blocks
from ..rendering.pages import feed_titles, footer_links, not_found_labels, print_lines, search_labels
from ..staging import images, processes
from ..staging.findable import SITEMAP, write_findable_files
from ..staging.policy import secure_site
from ..staging.search import BUNDLE, SearchIndexError, index_site
from ..staging.stage import MARKER, DocsFolderError, build_lock, frames_dir, pages_dir, remember, site_files_dir, stage
from . import parallel, upstream

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
        self.reports: str | None = None  # content/site.yml: where the report form goes
        self.blocks: dict[str, dict[str, str]] = {}  # a generated page's HTML blocks, set aside
        self.configured = False  # on_config has run for this build's first language
        self.further = False  # this process builds some languages for another one
        self.workers: list[parallel.Worker] = []  # further processes building languages
        self.viewed: str | None = None  # the preview: language of the page last opened
        self.rebuilding: str | None = None  # the preview: the language its rebuild shows first
        self.background: parallel.Worker | None = None  # the preview: the other languages
        self.served = False  # the preview's first build, of all languages, is done
        self.dirty = False
        self.problems: list[str] = []  # the preview: the mistakes in content/ (kim-preview.json)
        self.server = None  # the preview's server
        self.preview_lock = threading.Lock()
        self.site_url: str | None = None  # content/site.yml
        self.not_found = ""  # the German 404 page, until every language is built
        self.outputs: set[str] = set()  # what MkDocs writes in this build of a language (its files)
        self.site_files: set[str] = set()  # the files last copied from beside the docs tree
        self.here: list[str] = []  # the languages this process builds
        self.in_build = False  # a build runs (from on_config to its end)
        self.indexing: threading.Timer | None = None  # the preview's search, made again soon
        self.filled: set[str] = set()  # the pages filled into frames in this build, by their path in the site
        self.watcher: watchdog.observers.api.BaseObserver | None = None  # the preview's, on content/

    def on_startup(self, *, command, dirty):
        self.command = command
        self.dirty = dirty  # `make serve` runs `mkdocs serve --dirty`: only changed pages are rendered again
        if dirty:
            upstream.hide_dirty_build_warning()

    # Early, before static-i18n (priority -100) reads the files of docs_dir.
    @event_priority(100)
    def on_config(self, config):
        if self.configured:
            # static-i18n runs on_config again for each further language: the tree
            # staged at the start serves them all, even if content changes meanwhile.
            config.extra.update(self.extra)
            self._set_site_url(config)
            if self.site_dir is not None:
                config.site_dir = str(_building_dir(self.site_dir))
            return config
        self.configured = True
        content_dir = Path(config.config_file_path).parent / self.config.content_dir
        i18n = config.plugins.get("i18n")
        languages = [language.locale for language in i18n.config.languages if language.build] if i18n else []
        if i18n is not None:
            upstream.find_language_versions_by_name(i18n)
        further = os.environ.get(parallel.ENV_LANGUAGES)
        problems: list[str] = []
        if further and i18n is not None:
            # A further process of a parallel build: the first process has staged the
            # tree and holds the build lock; this one builds its languages only. In the
            # preview, the first process staged only its language: this one stages all.
            self.further = True
            if os.environ.get(parallel.ENV_STAGE):
                self._stage(content_dir, Path(config.docs_dir))
                self._end_lock()
            self.here = further.split(",")
            upstream.build_only(i18n, self.here)
        else:
            # The preview stages the language being viewed first.
            # Read once per rebuild: the editor may open another language meanwhile.
            language = self.rebuilding = self._viewed(languages) if self.command == "serve" and self.served and languages else None
            problems = self._stage(content_dir, Path(config.docs_dir), language)
            if self.command == "serve" and not self.served and not problems:
                # The content as staged, before a page is served and the editor can save
                # (the cards for her saves are made in the background, once served).
                _remember(content_dir, Path(config.docs_dir), cards=False)
            if self.command == "serve":
                self.problems = problems
                if self.served:
                    _preview_state(Path(config.site_dir), languages, problems)  # being built again
            if self.command == "build":
                # Build beside the published folder; swapped in by on_post_build.
                self.site_dir = Path(config.site_dir)
                config.site_dir = str(_building(self.site_dir))
            if i18n is not None:
                self._share_languages(config, i18n, languages, bool(problems))
        # What the theme (overrides/main.html) needs from the content.
        settings = load_settings(content_dir)
        _set_site_names(config, i18n, settings)
        self.tile_source = settings.map.source
        self.reports = settings.report_form_target
        self.site_url = settings.site_url
        self._set_site_url(config)
        self.extra = {
            "map": {"tiles": settings.map.tiles, "attribution": str(settings.map.attribution_html), "consent": settings.map.consent},
            "kim_footer": footer_links(),
            "kim_feed": feed_titles(),
            "kim_search": search_labels(),
            "kim_print": print_lines(dt.date.today()),
            # No service worker, and the preview's script (overrides/main.html): also in the
            # further processes that build languages for it.
            "kim_preview": self.command == "serve" or bool(os.environ.get(parallel.ENV_PREVIEW)),
            "kim_not_found": not_found_labels(),
            "kim_locales": {language: territory_locale(language) for language in SITE_LANGUAGES},
        }
        config.extra.update(self.extra)
        return config

    def _viewed(self, languages: list[str]) -> str:
        return self.viewed if self.viewed in languages else languages[0]

    def _stage(self, content_dir: Path, docs_dir: Path, language: str | None = None) -> list[str]:
        """Stage the docs tree; the preview's list of mistakes, if content has some."""
        self.in_build = True
        # Held until the build ends: a second build of the project waits.
        self.lock = contextlib.ExitStack()
        self.lock.enter_context(build_lock(docs_dir))
        logging.getLogger("mkdocs").addHandler(self.warnings)
        try:
            result = stage(content_dir, docs_dir, language=language)
        except ContentError as error:
            if self.command != "serve" or not (docs_dir / MARKER).is_file():
                self._end()
                # Raised before MkDocs cleans site_dir, so the last good site stays.
                raise PluginError(str(error)) from None
            # The preview keeps the last good pages and lays the mistakes over them,
            # as `kim check` prints them, until they are fixed (overrides/main.html).
            log.error(str(error))
            return [str(problem) for problem in error.problems]
        except DocsFolderError as error:
            self._end()
            raise PluginError(str(error)) from None
        if result.written or result.removed:
            log.info(editor("Staged docs tree: %(written)s written, %(unchanged)s unchanged, %(removed)s removed.", written=result.written, unchanged=result.unchanged, removed=result.removed))
        for warning in result.warnings:
            log.info(str(warning))  # info: `mkdocs build --strict` must not fail on them
        return []

    def _share_languages(self, config, i18n, languages: list[str], problems: bool) -> None:
        """Which languages this process builds, and which go to further processes."""
        if self.command == "serve" and self.served:
            # The preview builds the language being viewed; on_post_build starts the rest.
            with self.preview_lock:
                if self.background is not None:
                    self.background.stop()  # building an older state of the content
                    self.background = None
                viewed = self.rebuilding or self._viewed(languages)
                self.here = [viewed]
                upstream.build_only(i18n, [viewed])
                if not self.dirty:
                    # Instead of MkDocs emptying the whole folder: the other languages
                    # stay visible until their new version replaces them.
                    parallel.clear(Path(config.site_dir), viewed, languages, languages[0])
                    upstream.keep_site_folder()
            return
        # `mkdocs build`, and the preview's first build: every language, the server
        # starts when all are there.
        groups = processes.split(languages, processes.jobs())
        self.here = groups[0]
        if len(groups) < 2:
            upstream.build_all(i18n)
            return
        upstream.build_only(i18n, groups[0])
        site = self.site_dir or Path(config.site_dir)
        for number, group in enumerate(groups[1:], start=1):
            folder = site.with_name(f".{site.name}.kim-part{number}")
            self.workers.append(parallel.start(config.config_file_path, group, folder, strict=config.strict, preview=self.command == "serve"))

    # After static-i18n (priority -100), which makes each language's files.
    @event_priority(-200)
    def on_files(self, files, config):
        self.outputs = {file.dest_uri for file in files}
        return files

    def on_nav(self, nav, config, files):
        # A dirty build reads only changed pages; the menu needs every menu page's title.
        if self.dirty:
            for page in nav.pages:
                if page.markdown is None:
                    page.read_source(config)
        return nav

    def on_page_markdown(self, markdown, page, config, files):
        if page.meta.get("kim_generated"):
            markdown, self.blocks[page.file.src_uri] = html_blocks.set_aside(markdown)
        return markdown

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
        alternates = upstream.language_menu(config)
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
            context["i18n_page_locale"] = upstream.language_being_built(i18n)
            upstream.set_language_menu(config, [dict(alt) for alt in upstream.start_pages_menu(i18n) or upstream.language_menu(config)])
        return context

    def on_post_template(self, output_content, template_name, config):
        # Each language's build writes its 404 page to the site's root: each goes to
        # its language's folder (/en/404.html), and the German one is put back at the
        # root after the last language (on_post_build).
        i18n = config.plugins.get("i18n")
        if template_name == "404.html" and i18n is not None:
            language = upstream.language_being_built(i18n)
            if language == DEFAULT_LANGUAGE:
                self.not_found = output_content
            else:
                target = Path(config.site_dir) / language / "404.html"
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(output_content, encoding="utf-8")
        return output_content

    def on_page_content(self, html, page, config, files):
        # Hand-written pages are Markdown with HTML: only what cannot run stays.
        # Generated pages escape every editor text themselves and hold our scripts.
        if page.meta.get("kim_generated"):
            return html_blocks.put_back(html, self.blocks.pop(page.file.src_uri, {}))
        return clean_page(html, _image_sizes(Path(config.docs_dir), page.file.dest_uri))

    # Last: the page is written after this. static-i18n keeps every language's pages
    # until the end of the build (for its sitemap); without their text, the memory a
    # build needs is that of its largest language, not of all ten.
    @event_priority(-200)
    def on_post_page(self, output, page, config):
        page.content = None
        if page.file.inclusion.is_not_in_nav():
            page.markdown = ""  # the menu's pages keep it: their title is read from it
        return output

    # Last, after static-i18n (priority -100) has built every language.
    @event_priority(-200)
    def on_post_build(self, config):
        i18n = config.plugins.get("i18n")
        if i18n is not None and upstream.in_nested_build(i18n):
            return  # a nested build of one language; the outer build comes last
        built = Path(config.site_dir)
        self._fill(config, built)
        if self.further:
            self._end()
            return  # the first process puts the languages into the site, and finishes it
        languages = [language.locale for language in i18n.config.languages if language.build] if i18n else []
        for worker in self.workers:
            if not worker.wait():
                raise PluginError(f"The build of {', '.join(worker.languages)} failed (see above).")
            parallel.move_in(worker, built, languages, languages[0])
        self.workers = []
        if self.not_found:
            (built / "404.html").write_text(self.not_found, encoding="utf-8")
        # The sitemap of every language (static-i18n's lists each page with "None" in
        # its address when site_url is missing, and no x-default) and robots.txt.
        write_findable_files(built, self.site_url)
        self._copy_site_files(Path(config.docs_dir), built)
        if self.command == "serve":
            # The preview showed the viewed language first; the others, then the search,
            # follow in the background (the live reload is an inline script: no policy).
            if self.served:
                self._remove_stale(built, self.rebuilding or self._viewed(languages), languages)
                self._preview_the_rest(config, built, languages)
            else:
                _preview_state(built, [], self.problems)
                threading.Thread(target=_index_in_background, args=(built, True), daemon=True).start()
                content_dir = Path(config.config_file_path).parent / self.config.content_dir
                threading.Thread(target=_remember, args=(content_dir, Path(config.docs_dir)), daemon=True).start()
            self.served = True
            self._end()
            return
        blocked = secure_site(built, self.tile_source, [Path(d) for d in config.theme.dirs], self.site_url, self.reports)
        if blocked:
            log.warning(editor_plural("%(count)s inline script that no theme template holds is in the pages; the Content-Security-Policy blocks it.", "%(count)s inline scripts that no theme template holds are in the pages; the Content-Security-Policy blocks them.", blocked))
        # The search index of the pages as published (Pagefind writes no HTML, only
        # its bundle in pagefind/). A failure raises: the last good site stays.
        try:
            counts = index_site(built)
        except SearchIndexError as error:
            raise PluginError(str(error)) from None
        log.info(editor("Search index: %(pages)s pages in %(languages)s languages.", pages=counts.get("pages", 0), languages=counts.get("languages", 0)))
        if self.site_dir is not None:
            if config.strict and self.warnings.count:
                log.error(editor("%(site)s was left as it was: the build had warnings and --strict is set.", site=self.site_dir))
                shutil.rmtree(built, ignore_errors=True)
            else:
                _publish(built, self.site_dir)
            config.site_dir = str(self.site_dir)
        self._end()

    def _fill(self, config, built: Path) -> None:
        """The generated pages of this process's languages, into the frames MkDocs built."""
        docs_dir = Path(config.docs_dir)
        bodies = frames.Bodies(config.markdown_extensions, config.mdx_configs)
        try:
            self.filled = frames.fill_site(pages_dir(docs_dir), built, frames_dir(docs_dir), set(self.here), bodies)[0]
        except frames.FrameError as error:
            raise PluginError(editor("Material's page is not as kim expects it: %(error)s. Build with KIM_FRAMES=0, and see generator/mkdocs_adapter/upstream.py.", error=error)) from None
        if self.filled:
            log.info(editor("Pages filled into Material's frames: %(count)s.", count=len(self.filled)))

    def _quick_update(self, server, config, content_dir: Path) -> None:
        """The preview after a save: when only offices changed, their pages and the lists
        that show them are rendered, in every language, filled into the kept frames and
        written into the served site, and the browsers reload, without MkDocs. Anything
        else (a hand-written page, the settings, a mistake to show) takes MkDocs' rebuild."""
        docs_dir, site = Path(config.docs_dir), Path(config.site_dir)
        i18n = config.plugins.get("i18n")
        languages = {language.locale for language in i18n.config.languages if language.build} if i18n else set()
        with self.preview_lock:
            if self.in_build or self.background is not None or not self.served:
                upstream.rebuild(server)  # MkDocs' next build stages anew
                return
            _preview_state(site, sorted(languages), self.problems)
            try:
                result = stage(content_dir, docs_dir, quick=True)
            except ContentError as error:
                # The last good pages stay, with the mistakes over them (assets/kim-preview.js).
                log.error(str(error))
                self.problems = [str(problem) for problem in error.problems]
                _preview_state(site, [], self.problems)
                return
            except DocsFolderError as error:
                log.error(str(error))
                return
            self.problems = []
            docs = result.changed.get("docs", [])
            if any(path.endswith(".md") for path in docs):
                _preview_state(site, sorted(languages), [])
                upstream.rebuild(server)
                return
            bodies = frames.Bodies(config.markdown_extensions, config.mdx_configs)
            written = frames.fill_site(pages_dir(docs_dir), site, frames_dir(docs_dir), languages, bodies, set(result.changed.get("pages", [])))[1]
            for path in docs:
                source, target = docs_dir / path, site / frames.file_output(path)
                if source.is_file():
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(source, target)
                else:
                    target.unlink(missing_ok=True)
            self._copy_site_files(docs_dir, site, result.changed.get("site", []))
            _preview_state(site, [], [])
        upstream.reload_browsers(server)
        log.info(editor("Preview: %(count)s pages updated in every language, without MkDocs.", count=len(written)))
        self._index_later(site)

    def _index_later(self, site: Path) -> None:
        """The preview's search made again once the saves have stopped for a moment, and
        at low priority: at NRW scale it takes longer than a save's pages, which it must not slow."""
        if self.indexing is not None:
            self.indexing.cancel()
        self.indexing = threading.Timer(PREVIEW_INDEX_DELAY, _index_in_background, args=(site, True))
        self.indexing.daemon = True
        self.indexing.start()

    def _preview_the_rest(self, config, built: Path, languages: list[str]) -> None:
        viewed = self.rebuilding or self._viewed(languages)
        rest = [language for language in languages if language != viewed]
        if not rest or self.problems:
            # With mistakes in the content, the other languages keep their last good pages.
            _preview_state(built, [], self.problems)
            threading.Thread(target=_index_in_background, args=(built, True), daemon=True).start()
            return
        _preview_state(built, rest, [])
        worker = parallel.start(config.config_file_path, rest, built.with_name(built.name + ".kim-rest"), strict=False, quiet=True, stage=True, preview=True)
        self.background = worker

        def finish() -> None:
            if not worker.wait():
                return
            with self.preview_lock:
                if self.background is not worker:
                    return
                parallel.move_in(worker, built, languages, languages[0])
                self._copy_site_files(Path(config.docs_dir), built)  # as the worker staged them
                self.background = None
                _preview_state(built, [], [])
            if self.server is not None:
                upstream.reload_browsers(self.server)
            log.info(editor("Preview: %(languages)s updated too.", languages=", ".join(rest)))
            _index_in_background(built)

        threading.Thread(target=finish, daemon=True).start()

    def _copy_site_files(self, docs_dir: Path, built: Path, changed: list[str] | None = None) -> None:
        """Contact cards, the handouts' halves and the open data, staged beside the docs
        tree, into the built site (`changed`: only these, written or removed by a quick
        staging). The preview's folder lives from build to build: what staging has
        removed since the last copy (a deleted office's card, an unpublished contact's)
        goes from it too."""
        source = site_files_dir(docs_dir)
        if changed is not None:
            for path in changed:
                if (source / path).is_file():
                    (built / path).parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(source / path, built / path)
                    self.site_files.add(path)
                else:
                    self.site_files.discard(path)
                    (built / path).unlink(missing_ok=True)
                    with contextlib.suppress(OSError):
                        (built / path).parent.rmdir()
            return
        files = {path.relative_to(source).as_posix() for path in source.rglob("*") if path.is_file()} if source.is_dir() else set()
        for gone in self.site_files - files:
            (built / gone).unlink(missing_ok=True)
            with contextlib.suppress(OSError):
                (built / gone).parent.rmdir()  # an office's folder of cards, if it held the last
        if files:
            shutil.copytree(source, built, dirs_exist_ok=True)
        self.site_files = files

    def _remove_stale(self, built: Path, viewed: str, languages: list[str]) -> None:
        """A dirty build writes what changed and leaves all else, also the pages and files
        of what is gone from the docs tree (a deleted office's pages): in the preview they
        go from the viewed language, as in a new build. Kept: what MkDocs wrote, and what
        is written beside it (404 pages, findable.py's files, the site files, Pagefind's bundle)."""
        beside = self.site_files | {"404.html", f"{viewed}/404.html", "robots.txt", SITEMAP, f"{SITEMAP}.gz", f"{BUNDLE}/"}
        parallel.prune(built, viewed, languages, languages[0], lambda path: path in self.outputs or path in self.filled or path in beside)

    def on_build_error(self, *, error):
        if self.site_dir is not None:
            log.error(editor("%(site)s was left as it was: the build failed.", site=self.site_dir))
            shutil.rmtree(_building_dir(self.site_dir), ignore_errors=True)
        self._end()

    def on_shutdown(self):
        if self.indexing is not None:
            self.indexing.cancel()
        if self.watcher is not None:
            self.watcher.stop()
        if self.background is not None:
            self.background.stop()
        self._end()

    def on_serve(self, server, config, builder):
        self.server = server
        # The editor's files are watched; the docs tree is not: staging writes it during
        # a rebuild, and watching it would start a second rebuild after every save.
        server.unwatch(config.docs_dir)
        content_dir = Path(config.config_file_path).parent / self.config.content_dir
        if frames.enabled():
            self.watcher = _watch(content_dir, lambda: self._quick_update(server, config, content_dir))
        else:
            server.watch(str(content_dir))
        # The next rebuild starts with the language of the page the editor looks at.
        i18n = config.plugins.get("i18n")
        languages = {language.locale for language in i18n.config.languages} if i18n else set()

        def note_language(path: str) -> None:
            first = path.split("/", 1)[0]
            self.viewed = first if first in languages else None

        upstream.note_pages_opened(server, note_language)
        return server

    def _end(self) -> None:
        self.in_build = False
        upstream.clean_site_folder_again()
        self.site_dir = None
        self.configured = False
        for worker in self.workers:
            worker.stop()
        self.workers = []
        self.not_found = ""
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        self.warnings.count = 0
        self._end_lock()

    def _end_lock(self) -> None:
        if self.lock is not None:
            self.lock.close()
            self.lock = None


def _set_site_names(config, i18n, settings) -> None:
    """The site's name and description from content/site.yml, where editors keep the
    site's settings, per language (static-i18n's languages take theirs from here)."""
    if settings.site_name:
        config.site_name = settings.site_name.get(DEFAULT_LANGUAGE)
    if settings.site_description:
        config.site_description = settings.site_description.get(DEFAULT_LANGUAGE)
    for language in i18n.config.languages if i18n is not None else ():
        if settings.site_name:
            language.site_name = settings.site_name.get(language.locale)
        if settings.site_description:
            language.site_description = settings.site_description.get(language.locale)


def _image_sizes(docs_dir: Path, page_address: str):
    """For a page's images: the width and height of the staged image an `src` of the
    page names (MkDocs writes them relative to the page), or None."""
    folder = posixpath.dirname(page_address)

    def size(src: str) -> tuple[int, int] | None:
        if not src or "://" in src or src.startswith(("/", "data:")):
            return None
        path = posixpath.normpath(posixpath.join(folder, unquote(src.split("#")[0].split("?")[0])))
        first, _, rest = path.partition("/")
        for candidate in (path, rest if first in SITE_LANGUAGES else ""):
            if candidate and not candidate.startswith("..") and (docs_dir / candidate).is_file():
                return images.size(docs_dir / candidate)
        return None

    return size


def _watch(folder: Path, saved) -> watchdog.observers.api.BaseObserver:
    """Call `saved` after each save in `folder` (once the writes of a save are over),
    one call at a time, in a thread of its own. Notified by the system where it can
    (MkDocs' own watcher looks every half second)."""
    wanted = threading.Event()

    class Handler(watchdog.events.FileSystemEventHandler):
        def on_any_event(self, event) -> None:
            if not event.is_directory and event.event_type in ("created", "modified", "deleted", "moved", "closed"):
                wanted.set()

    def loop() -> None:
        while True:
            wanted.wait()
            wanted.clear()
            while wanted.wait(0.05):  # an editor's save may be several writes
                wanted.clear()
            try:
                saved()
            except Exception:  # the preview goes on; the next save tries again
                log.exception(editor("The preview could not be updated."))

    observer = watchdog.observers.Observer()
    observer.schedule(Handler(), str(folder), recursive=True)
    observer.daemon = True
    observer.start()
    threading.Thread(target=loop, daemon=True).start()
    return observer


# The preview's state for its pages (assets/kim-preview.js), beside them in the served site.
PREVIEW_STATE = "kim-preview.json"


def _preview_state(site: Path, pending: list[str], problems: list[str]) -> None:
    """Which languages' pages are older than the last save, and the mistakes in content/,
    worded in the editor's language."""
    state = {
        "pending": pending,
        "problems": problems,
        # The list of mistakes speaks the editor's language, whatever the page's.
        "heading": editor_plural(
            "%(count)s mistake in content/: this preview shows the last good state. Fix it and save; the page reloads.",
            "%(count)s mistakes in content/: this preview shows the last good state. Fix them and save; the page reloads.",
            len(problems),
        ),
        "stale": editor("This page is older than your last save. It reloads as soon as it is up to date."),
        "lang": editor_language(),
    }
    site.mkdir(parents=True, exist_ok=True)
    temporary = site / f".{PREVIEW_STATE}.new"
    temporary.write_text(json.dumps(state, ensure_ascii=False), encoding="utf-8")
    os.replace(temporary, site / PREVIEW_STATE)  # never read half-written


def _remember(content_dir: Path, docs_dir: Path, cards: bool = True) -> None:
    with contextlib.suppress(ContentError):
        remember(content_dir, docs_dir, cards=cards)


# Seconds without a save before the preview's search is made again.
PREVIEW_INDEX_DELAY = 5.0


def _index_in_background(built: Path, gently: bool = False) -> None:
    try:
        index_site(built, gently)
    except SearchIndexError as error:
        log.warning(editor("The preview's search is not up to date: %(error)s", error=error))


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
