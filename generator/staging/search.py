"""The site's search index: Pagefind, run over the built pages.

Pagefind reads every built page's `<html lang>` and writes one index per language
into one bundle, `pagefind/` at the site's root; in the browser it loads the index
of the page's language, and of that only the chunks a query needs. Only the part
of a page marked `data-pagefind-body` is indexed (the article, overrides/main.html),
without what is marked `data-pagefind-ignore` (the finder's form, maps, notices),
so the header, menus, footer and form labels are no hits; the pages that list
offices are indexed without their cards (search_view).

The reader's side is overrides/assets/search.js in Material's search field.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .processes import ending_with_this_process

BUNDLE = "pagefind"
# Pagefind's own search interfaces: the site shows results in Material's (search.js).
UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)


# The pages that list offices (the finder's lists by language, a municipality's, a
# topic's, all offices, For professionals, the map's list) are indexed without their
# cards: each office is found on its own page, and a list by its title and what is
# written above and between its cards ("Türkçe", a topic's text). The cards are more
# than a third of the site's bytes, and Pagefind's time grows with the bytes it reads
# (not with the words: the same cards marked data-pagefind-ignore took as long). So
# Pagefind reads a view of the site: every page linked in, the lists cut short.
LISTS = re.compile(r"(?:[a-z]{2,3}/)?(?:finder/[^/]+/|municipalities/[^/]+/|topics/[^/]+/|offices/|professionals/|map/)index\.html")
CARDS = re.compile(r'<ul class="kim-cards[ "]')  # the lists of templates/_cards.j2 and others
UL = re.compile(r"<(/?)ul\b")


def without_cards(html: str) -> str:
    """The page without its lists of cards (which hold lists of their own)."""
    kept, at = [], 0
    while cards := CARDS.search(html, at):
        start = cards.start()
        kept.append(html[at:start])
        depth = 0
        for tag in UL.finditer(html, start):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                at = html.index(">", tag.end()) + 1
                break
        else:
            return html  # not as written by the templates: indexed as it is
    kept.append(html[at:])
    return "".join(kept)


def search_view(site_dir: Path, view: Path) -> None:
    """The pages Pagefind reads, in `view` (on the same file system as the site)."""
    for path in site_dir.rglob("*.html"):
        relative = path.relative_to(site_dir).as_posix()
        if relative.startswith(f"{BUNDLE}/"):
            continue
        target = view / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if LISTS.fullmatch(relative):
            target.write_text(without_cards(path.read_text(encoding="utf-8")), encoding="utf-8")
        else:
            try:
                os.link(path, target)
            except OSError:
                shutil.copyfile(path, target)


def _started(gently: bool):
    """What Pagefind's process does before it runs: end with this one, and if `gently`, yield to the others."""
    ending = ending_with_this_process()
    if not gently:
        return ending

    def start() -> None:
        os.nice(10)
        if ending is not None:
            ending()

    return start


class SearchIndexError(Exception):
    """Pagefind failed; its own words."""


VIEW = ".kim-search-"  # the views' folders, beside the site
STALE_S = 2 * 3600  # a view this old is no indexing's (Pagefind is given 1800 s at most)


def _remove_stale_views(folder: Path) -> None:
    """Views that a killed build left (kill -9 cleans up nothing): hard links to pages
    that may be long gone from the site."""
    now = time.time()
    for view in folder.glob(f"{VIEW}*"):
        try:
            if now - view.stat().st_mtime > STALE_S:
                shutil.rmtree(view, ignore_errors=True)
        except OSError:
            pass  # gone meanwhile


def index_site(site_dir: Path, gently: bool = False) -> dict[str, int]:
    """Index the built site in place (`<site_dir>/pagefind/`); return the numbers of
    pages and words Pagefind indexed. `gently`: at low priority (the preview's)."""
    _remove_stale_views(site_dir.parent)
    with tempfile.TemporaryDirectory(prefix=VIEW, dir=site_dir.parent) as view:
        search_view(site_dir, Path(view))
        command = [sys.executable, "-m", "pagefind", "--site", view, "--output-path", str((site_dir / BUNDLE).resolve())]
        try:
            # Ended with this process: killed, it would leave Pagefind indexing for no one.
            result = subprocess.run(command, capture_output=True, text=True, timeout=1800, preexec_fn=_started(gently))
        except (OSError, subprocess.TimeoutExpired) as error:
            raise SearchIndexError(f"Pagefind did not run: {error}") from None
    if result.returncode != 0 or not (site_dir / BUNDLE / "pagefind.js").is_file():
        raise SearchIndexError(f"Pagefind failed:\n{result.stdout}{result.stderr}".strip())
    for name in UNUSED:
        (site_dir / BUNDLE / name).unlink(missing_ok=True)
    # "Indexed 1 page", "Indexed 2 words"
    return {f"{key}s": int(number) for number, key in re.findall(r"Indexed (\d+) (page|word|language)s?\b", result.stdout)}
