"""`mkdocs build` with the time of its steps after the pages: run in a project's folder as
`python benchmarks/timed_build.py PARTS.json`. The core's functions for the
Content-Security-Policy, the search index (Pagefind) and the sitemap are timed where the
build calls them, and their seconds written to PARTS.json at the end; a function the core
no longer has is left out. Nothing else changes: the build is `mkdocs build`.
"""

from __future__ import annotations

import atexit
import functools
import importlib
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

# name in RESULTS.md: (module, function)
STEPS = {
    "policy": ("generator.staging.policy", "secure_site"),
    "search": ("generator.staging.search", "index_site"),
    "sitemap": ("generator.staging.findable", "write_findable_files"),
}


def timed(parts: dict[str, float]) -> None:
    """Wrap each step's function in its module before the plugin imports it."""
    for name, (module_name, function) in STEPS.items():
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        original = getattr(module, function, None)
        if original is None:
            continue

        @functools.wraps(original)
        def wrapper(*args, _original=original, _name=name, **kwargs):
            start = time.perf_counter()
            try:
                return _original(*args, **kwargs)
            finally:
                parts[_name] = parts.get(_name, 0.0) + time.perf_counter() - start

        setattr(module, function, wrapper)


def main() -> None:
    parts: dict[str, float] = {}
    output = Path(sys.argv[1])
    timed(parts)
    atexit.register(lambda: output.write_text(json.dumps(parts), encoding="utf-8"))
    from mkdocs.__main__ import cli

    cli(["build"])


if __name__ == "__main__":
    main()
