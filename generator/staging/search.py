"""The site's search index: Pagefind, run over the built pages.

Pagefind reads every built page's `<html lang>` and writes one index per language
into one bundle, `pagefind/` at the site's root; in the browser it loads the index
of the page's language, and of that only the chunks a query needs. Only the part
of a page marked `data-pagefind-body` is indexed (the article, overrides/main.html),
without what is marked `data-pagefind-ignore` (the finder's form, maps, notices),
so the header, menus, footer and form labels are no hits.

The reader's side is overrides/assets/search.js in Material's search field.
"""

from __future__ import annotations

import re
import subprocess
import sys
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


class SearchIndexError(Exception):
    """Pagefind failed; its own words."""


def index_site(site_dir: Path) -> dict[str, int]:
    """Index the built site in place (`<site_dir>/pagefind/`); return the numbers of
    pages and words Pagefind indexed."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", BUNDLE]
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
