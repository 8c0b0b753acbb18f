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

# name in RESULTS.md: (module, function or Class.method), ... The search index is made
# while the policy goes in (Pagefind in a process of its own): its time is what the build
# spends starting it and then waiting for it.
STEPS = {
    "policy": [("generator.staging.policy", "secure_site")],
    "search": [("generator.staging.search", "start_index"), ("generator.staging.search", "Indexing.finish")],
    "sitemap": [("generator.staging.findable", "write_findable_files")],
}


def timed(parts: dict[str, float]) -> None:
    """Wrap each step's functions in their module before the plugin imports it."""
    for name, places in STEPS.items():
        for module_name, attribute in places:
            try:
                module = importlib.import_module(module_name)
            except ImportError:
                continue
            owner_name, _, function = attribute.rpartition(".")
            owner = getattr(module, owner_name, None) if owner_name else module
            original = getattr(owner, function, None)
            if original is None:
                continue

            @functools.wraps(original)
            def wrapper(*args, _original=original, _name=name, **kwargs):
                start = time.perf_counter()
                try:
                    return _original(*args, **kwargs)
                finally:
                    parts[_name] = parts.get(_name, 0.0) + time.perf_counter() - start

            setattr(owner, function, wrapper)


def main() -> None:
    parts: dict[str, float] = {}
    output = Path(sys.argv[1])
    timed(parts)
    atexit.register(lambda: output.write_text(json.dumps(parts), encoding="utf-8"))
    from mkdocs.__main__ import cli

    cli(["build"])


if __name__ == "__main__":
    main()
