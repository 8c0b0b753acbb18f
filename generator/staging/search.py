"""The site's search index: Pagefind, run over the built pages.

Pagefind reads every built page's `<html lang>` and writes one index per language
into one bundle, `pagefind/` at the site's root; in the browser it loads the index
of the page's language, and of that only the chunks a query needs. Only the part
of a page marked `data-pagefind-body` is indexed (the article, overrides/main.html),
without what is marked `data-pagefind-ignore` (the finder's form, maps, notices),
so the header, menus, footer and form labels are no hits; the finder's lists by
language are not indexed (NOT_INDEXED).

The reader's side is overrides/assets/search.js in Material's search field.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from ..i18n import SITE_LANGUAGES
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


# The finder's lists of offices by language of advice (its twin for readers without
# script, and for print) are not indexed: each office is found on its own page, and the
# lists would be further hits of the same offices. They are a third of the site's bytes,
# and Pagefind's time grows with the bytes it reads.
NOT_INDEXED = "finder"


def indexed_pages(site_dir: Path) -> str:
    """Pagefind's glob: every page but the finder's lists (`finder/index.html` is indexed)."""
    patterns: list[str] = []

    def add(folder: Path, prefix: str, top: bool) -> None:
        for path in sorted(folder.iterdir()):
            if path.is_file():
                if path.suffix == ".html":
                    patterns.append(prefix + path.name)
            elif path.name == NOT_INDEXED:
                patterns.append(f"{prefix}{path.name}/index.html")
            elif top and path.name in SITE_LANGUAGES:
                add(path, f"{path.name}/", False)
            elif path.name != BUNDLE:
                patterns.append(f"{prefix}{path.name}/**/*.html")

    add(site_dir, "", True)
    return "{" + ",".join(patterns) + "}"


class SearchIndexError(Exception):
    """Pagefind failed; its own words."""


def index_site(site_dir: Path) -> dict[str, int]:
    """Index the built site in place (`<site_dir>/pagefind/`); return the numbers of
    pages and words Pagefind indexed."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", BUNDLE, "--glob", indexed_pages(site_dir)]
    try:
        # Ended with this process: killed, it would leave Pagefind indexing for no one.
        result = subprocess.run(command, capture_output=True, text=True, timeout=1800, preexec_fn=ending_with_this_process())
    except (OSError, subprocess.TimeoutExpired) as error:
        raise SearchIndexError(f"Pagefind did not run: {error}") from None
    if result.returncode != 0 or not (site_dir / BUNDLE / "pagefind.js").is_file():
        raise SearchIndexError(f"Pagefind failed:\n{result.stdout}{result.stderr}".strip())
    for name in UNUSED:
        (site_dir / BUNDLE / name).unlink(missing_ok=True)
    return {key: int(number) for number, key in re.findall(r"Indexed (\d+) (pages|words|languages)", result.stdout)}
