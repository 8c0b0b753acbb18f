"""Every patch of another package (MkDocs, static-i18n, Material), in one module.

The adapter needs a few things these packages do not offer: it replaces a method of
static-i18n's plugin, a name in static-i18n's module, a function of MkDocs and a method
of MkDocs' preview server; it hides one of MkDocs' messages by its text; it reads
static-i18n's state; and overrides/ holds templates copied from Material and edited.
None of that is the packages' public interface, so an upgrade may change it without a
word (requirements.lock pins each package exactly for that reason).

Each patch is a function here, with what it changes and why. UPSTREAM, at the end, is
what each one expects of the package, checked against the versions requirements.lock
pins: a function's signature and a fingerprint of its source, a line its source must
hold, the fingerprint of a Material file that one of ours copies. tests/test_upstream.py
compares it with the installed packages and names the package, its version and what
changed. After an upgrade that fails there: read the package's change, carry the patch
over (or drop it), then update the record here.
"""

from __future__ import annotations

import logging
import sys
import types
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import mkdocs.livereload
import mkdocs.utils
from mkdocs_static_i18n.config import RE_LOCALE

# The versions every record below was checked against (requirements.lock).
MKDOCS = "1.6.1"
STATIC_I18N = "1.3.1"
MATERIAL = "9.8.1"


# -- static-i18n: a page's language versions, found by name --------------------------------
# Changes ExtendedPlugin.reconfigure_files_alternates (static-i18n 1.3.1) on our instance
# of its plugin. For every page and language, static-i18n makes a file object of each
# other language's version of the page until one turns out to be in that language:
# about five per page and language, and all of it again for each language built; at NRW
# scale half of the time a language took. A version's language is in its file name
# (`x.ar.md`), read as suffix.create_i18n_file reads it, so here a file object is made
# only for the version taken: the same choice, in the same order (tests/test_build.py
# compares the site with one built by static-i18n's own method, byte for byte).


def find_language_versions_by_name(i18n) -> None:
    i18n.reconfigure_files_alternates = types.MethodType(find_alternates, i18n)


def find_alternates(self, i18n_src_uris, i18n_alternate_src_uris, mkdocs_config, create_i18n_file) -> None:
    default = self.default_language
    languages = self.all_languages

    def locale(file) -> str:
        """The language static-i18n reads from a file name (create_i18n_file)."""
        suffixes = Path(file.name).suffixes
        found = suffixes[-1].replace(".", "") if suffixes else ""
        return found if found and (found in languages or RE_LOCALE.match(found)) else default

    def make(file, language: str):
        return create_i18n_file(file, language, default, languages, mkdocs_config)

    locales = {src_uri: [(locale(file), file) for file in files] for src_uri, files in i18n_alternate_src_uris.items()}
    for build_lang in sorted(self.build_languages):
        for src_uri, i18n_file in i18n_src_uris.items():
            if build_lang in i18n_file.alternates:
                continue
            versions = locales.get(src_uri, [])
            own = next((file for language, file in versions if language == build_lang), None)
            if own is not None:
                i18n_file.alternates[build_lang] = make(own, build_lang)
            elif self.config.fallback_to_default is True:
                fallback = next((file for language, file in versions if language == default), None)
                if fallback is not None:
                    i18n_file.alternates[build_lang] = make(fallback, build_lang)
                else:
                    itself = make(i18n_file, build_lang)
                    if itself.locale == default:
                        i18n_file.alternates[build_lang] = itself


# -- static-i18n: some languages in this process ----------------------------------------
# Changes the name `build` in static-i18n's plugin module (static-i18n 1.3.1; it is MkDocs'
# build function, imported). static-i18n builds its first language in the build MkDocs
# started, then each other one with that `build`, from I18n.on_post_build, one after the
# other. The languages are shared out between processes (parallel.py), so each process
# skips the languages another one builds. Set before static-i18n's on_config, which keeps
# a `current_language` already set.


def build_only(i18n, languages: list[str]) -> None:
    """Let static-i18n build `languages` only, the first of them first."""
    module: Any = sys.modules[type(i18n).__module__]
    original = getattr(module, "_kim_build", None) or module.build
    module._kim_build = original
    i18n.current_language = languages[0]
    built = {languages[0]}  # static-i18n's loop expects its first language first in its list

    def build_some(config, dirty: bool = False) -> None:
        if i18n.current_language in languages and i18n.current_language not in built:
            built.add(i18n.current_language)
            original(config, dirty=dirty)

    module.build = build_some


def build_all(i18n) -> None:
    module: Any = sys.modules[type(i18n).__module__]
    if getattr(module, "_kim_build", None) is not None:
        module.build = module._kim_build


# -- MkDocs: the preview keeps the other languages while it rebuilds one ------------------
# Changes mkdocs.utils.clean_directory (MkDocs 1.6.1), with which a build empties the
# site folder first. While the preview rebuilds the language being viewed it does
# nothing: the other languages stay visible until their new version replaces them
# (parallel.clear removes the viewed language's part). Put back when the build ends.

_clean_directory = mkdocs.utils.clean_directory


def keep_site_folder() -> None:
    mkdocs.utils.clean_directory = _keep


def clean_site_folder_again() -> None:
    mkdocs.utils.clean_directory = _clean_directory


def _keep(directory: str) -> None:
    """In place of MkDocs' clean_directory while the preview builds one language."""


# -- MkDocs: the preview notes the page the editor opens -----------------------------------
# Changes LiveReloadServer._serve_request (MkDocs 1.6.1) of one server: MkDocs has no
# event for a request, and the next rebuild starts with the language being viewed.


def note_pages_opened(server, note: Callable[[str], None]) -> None:
    """Call `note` with the path in the site of each page the server is asked for."""
    serve_request = server._serve_request

    def noted(environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path.endswith("/") or path.endswith(".html"):
            note(path[len(server.mount_path) :])
        return serve_request(environ, start_response)

    server._serve_request = noted


# -- MkDocs: the preview's own updates ------------------------------------------------------
# LiveReloadServer (MkDocs 1.6.1) runs MkDocs' build after a change to a watched path, then
# tells the browsers to reload (its epochs: a browser that shows an older one reloads).
# A save of an office's file is shown without MkDocs (the plugin fills the pages itself):
# `reload_browsers` tells the browsers; a change that needs MkDocs (a hand-written page,
# the settings, a mistake to show) asks for MkDocs' rebuild with `rebuild`.


def rebuild(server) -> None:
    with server._rebuild_cond:
        server._want_rebuild = True
        server._rebuild_cond.notify_all()


def reload_browsers(server) -> None:
    """Let every open page reload; not while MkDocs builds (it reloads them after)."""
    with server._epoch_cond:
        if server._visible_epoch == server._wanted_epoch:
            server._wanted_epoch = server._visible_epoch = mkdocs.livereload._timestamp()
            server._epoch_cond.notify_all()


# -- MkDocs: no warning about the preview's dirty builds ---------------------------------
# MkDocs 1.6.1 (mkdocs.commands.build.build) warns about every `--dirty` build, in a text
# recognised here. The warning is about MkDocs' own dirty builds; the kim preview keeps
# the menu, the language switcher and its lists whole (staging rewrites what changed).

DIRTY_WARNING = "'dirty' build"


def hide_dirty_build_warning() -> None:
    logging.getLogger("mkdocs.commands.build").addFilter(_not_dirty_warning)


def _not_dirty_warning(record: logging.LogRecord) -> bool:
    return DIRTY_WARNING not in record.getMessage()


# -- static-i18n's state, read (static-i18n 1.3.1) ---------------------------------------


def language_being_built(i18n) -> str:
    return i18n.current_language


def in_nested_build(i18n) -> bool:
    """static-i18n builds its further languages inside the first one's on_post_build."""
    return i18n.building


def start_pages_menu(i18n) -> list[dict]:
    """The language menu of each language's start page, as static-i18n set it for the theme."""
    return getattr(i18n, "extra_alternate", None) or []


def language_menu(config) -> list[dict]:
    """The language menu's links (Material's `config.extra.alternate`). static-i18n sets
    them per page as an attribute of `extra`, which templates read before its items."""
    return getattr(config.extra, "alternate", None) or config.extra.get("alternate") or []


def set_language_menu(config, links: list[dict]) -> None:
    config.extra.alternate = links  # as static-i18n sets it, read by the templates


# -- The registry: what each patch expects of the package -------------------------------


@dataclass(frozen=True)
class Function:
    """A function of another package that a patch replaces, copies or works through."""

    package: str
    checked: str  # the version it was checked against
    name: str  # dotted, as pkgutil.resolve_name reads it
    signature: str  # its parameters as inspect.signature shows them, without annotations (the source has them)
    source: str  # sha256 of inspect.getsource(...), its first 16 hex digits
    why: str


@dataclass(frozen=True)
class Line:
    """A line of another package's source that the adapter counts on (which sets the state it reads, or the text of a message)."""

    package: str
    checked: str
    name: str  # the function (dotted) whose source holds the line
    line: str
    why: str


@dataclass(frozen=True)
class MaterialFile:
    """A file of Material's (or one block of it) that a file in overrides/ copies, replaces or works around."""

    original: str  # in material/templates; "base.html#site_meta": only that block
    sha256: str  # of the original as it was checked, its first 16 hex digits
    ours: str
    kim: str  # what ours changes, or why it depends on the original
    package: str = "mkdocs-material"
    checked: str = MATERIAL


UPSTREAM: tuple[Function | Line | MaterialFile, ...] = (
    Function(
        "mkdocs-static-i18n", STATIC_I18N,
        "mkdocs_static_i18n.reconfigure.ExtendedPlugin.reconfigure_files_alternates",
        "(self, i18n_src_uris, i18n_alternate_src_uris, mkdocs_config, create_i18n_file)",
        "6f85e2de7342bca1",
        "replaced by find_alternates (find_language_versions_by_name), which must choose as it does",
    ),
    Function(
        "mkdocs-static-i18n", STATIC_I18N,
        "mkdocs_static_i18n.suffix.create_i18n_file",
        "(file, current_language, default_language, all_languages, config)",
        "27e8221529f342fb",
        "find_alternates reads a version's language from its file name as this does",
    ),
    Function(
        "mkdocs-static-i18n", STATIC_I18N,
        "mkdocs_static_i18n.plugin.I18n.on_post_build",
        "(self, config)",
        "e70db1f72973bb70",
        "builds each further language with its module's `build`, which build_only replaces; sets `current_language` and `building`",
    ),
    Function(
        "mkdocs", MKDOCS,
        "mkdocs_static_i18n.plugin.build",
        "(config, *, serve_url=None, dirty=False)",
        "c476b64474acfaa2",
        "MkDocs' build in static-i18n's module: build_only replaces it and calls it as build(config, dirty=...); it empties the site folder with clean_directory and logs the dirty warning",
    ),
    Function(
        "mkdocs", MKDOCS,
        "mkdocs.utils.clean_directory",
        "(directory)",
        "b3c0aa8107311f44",
        "replaced by a function that does nothing while the preview rebuilds one language (keep_site_folder)",
    ),
    Function(
        "mkdocs", MKDOCS,
        "mkdocs.livereload.LiveReloadServer._serve_request",
        "(self, environ, start_response)",
        "3b1515c96f563d17",
        "wrapped to note the language of the page opened in the preview (note_pages_opened)",
    ),
    Line("mkdocs", MKDOCS, "mkdocs.livereload.LiveReloadServer.__init__", "self.mount_path = ", "note_pages_opened reads the server's mount_path"),
    Line("mkdocs", MKDOCS, "mkdocs.livereload.LiveReloadServer.__init__", "self._want_rebuild: bool = False", "rebuild sets it, under _rebuild_cond, as a watched path's change does"),
    Line("mkdocs", MKDOCS, "mkdocs.livereload.LiveReloadServer._build_loop", "self._visible_epoch = self._wanted_epoch", "reload_browsers moves both epochs on, as the build loop does after a build"),
    Function("mkdocs", MKDOCS, "mkdocs.livereload._timestamp", "()", "4d949b23adc97ea8", "reload_browsers makes the new epoch with it"),
    Line("mkdocs", MKDOCS, "mkdocs.commands.build.build", DIRTY_WARNING, "hide_dirty_build_warning recognises the warning by this text"),
    Line("mkdocs-static-i18n", STATIC_I18N, "mkdocs_static_i18n.reconfigure.ExtendedPlugin.__init__", "self.current_language = None", "build_only sets the first language; language_being_built reads it"),
    Line("mkdocs-static-i18n", STATIC_I18N, "mkdocs_static_i18n.plugin.I18n.on_config", "if self.current_language is None:", "on_config keeps the first language build_only set"),
    Line("mkdocs-static-i18n", STATIC_I18N, "mkdocs_static_i18n.reconfigure.ExtendedPlugin.__init__", "self.building = False", "in_nested_build reads it"),
    Line("mkdocs-static-i18n", STATIC_I18N, "mkdocs_static_i18n.reconfigure.ExtendedPlugin.__init__", "self.extra_alternate = {}", "start_pages_menu reads it"),
    Line(
        "mkdocs-static-i18n", STATIC_I18N,
        "mkdocs_static_i18n.reconfigure.ExtendedPlugin.reconfigure_material_theme",
        'self.extra_alternate = deepcopy(config.extra["alternate"])',
        "start_pages_menu reads it: the menu of each language's start page",
    ),
    Line(
        "mkdocs-static-i18n", STATIC_I18N,
        "mkdocs_static_i18n.reconfigure.ExtendedPlugin.reconfigure_page_context",
        "config.extra.alternate = deepcopy(self.extra_alternate)",
        "language_menu reads the page's menu as an attribute of `extra`, and set_language_menu sets it so",
    ),
    MaterialFile("partials/toc.html", "fde48f583563364b", "generator/rendering/frames.py", "toc_html writes the table of contents as this does"),
    MaterialFile("partials/toc-item.html", "418f31ce2e6d5599", "generator/rendering/frames.py", "toc_html writes each entry as this does"),
    MaterialFile("partials/nav-item.html", "89895208f22d68ce", "generator/rendering/frames.py", "a menu page's entry opens its table of contents only when it has one (Frame.fill, toc_label)"),
    MaterialFile("partials/content.html", "ce33929c85af129f", "generator/rendering/frames.py", "adds a title where the article has no <h1>: every framed page has one, as its frame"),
    MaterialFile("partials/header.html", "8cf3fb15bcf969ff", "overrides/partials/header.html", "a copy; the search field is shown for Pagefind's search, not Material's search plugin"),
    MaterialFile("partials/alternate.html", "572b1d4dae611aa5", "overrides/partials/alternate.html", "a copy; each language's name is marked with its language (lang, dir)"),
    MaterialFile("partials/search.html", "bfd556535abcddb9", "overrides/partials/search.html", "Material's search field and result list, run by assets/search.js on Pagefind's index"),
    MaterialFile("main.html", "9948b55a7bc979c3", "overrides/main.html", "replaced: ours extends base.html as Material's does, with the blocks below"),
    MaterialFile("base.html#site_meta", "e306b9472bf91403", "overrides/main.html", "replaced: description, Open Graph, canonical, every language version and x-default"),
    MaterialFile("base.html#htmltitle", "8ebd0d3f80cb7be8", "overrides/main.html", "replaced: the title as plain text, escaped once"),
    MaterialFile("base.html#extrahead", "1764749c48ef0bd1", "overrides/main.html", "filled (empty in Material): the referrer policy"),
    MaterialFile("base.html#announce", "1b4e36fad285df27", "overrides/assets/kim-preview.js", "the preview puts its list of mistakes and its note on stale pages into the place of this block (empty: no banner)"),
    MaterialFile("base.html#styles", "3e2f8b00a4426913", "overrides/main.html", "replaced: main.css and the icons without palette.css, whose indigo is main.css's default"),
    MaterialFile(
        "assets/stylesheets/palette.fb2fffe2.min.css", "fb2fffe2c525a359", "overrides/main.html",
        "not loaded (block styles): its indigo primary and accent colours are the ones main.css sets by default",
    ),
    MaterialFile("404.html", "80c93494b5432b1b", "overrides/404.html", "replaced: the page in each language, with links to the finder and the start page"),
    MaterialFile(
        "assets/javascripts/bundle.a5f9d56c.min.js", "b9a1ef14b5e91ad6", "overrides/assets/kim-head.js",
        "kim-head.js takes the hreflang links out of the page while this bundle looks for link[rel=alternate] to fetch a sitemap.xml beside each",
    ),
)
