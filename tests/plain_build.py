"""An MkDocs hook: the kim plugin without its speed-ups, so that MkDocs and static-i18n
build as they are. tests/test_build.py and `make bench` compare the fast build with it.

Off: generated pages filled into Material's frames (KIM_FRAMES=0: every page goes
through MkDocs, rendering/frames.py), static-i18n's language versions found by name
(upstream.find_language_versions_by_name) and HTML blocks set aside from Python-Markdown
(html_blocks.set_aside). The languages are shared out to processes unless KIM_JOBS=1: run it so.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.exceptions import PluginError

from generator.mkdocs_adapter import upstream
from generator.rendering import frames, html_blocks

calls = {"upstream.find_language_versions_by_name": 0, "html_blocks.set_aside": 0}


def use_in(project: Path) -> None:
    """Make `mkdocs build` in the project a plain one (for good: use a project of its own)."""
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + f"\nhooks:\n  - {Path(__file__).resolve()}\n", encoding="utf-8")


def static_i18n_finds_versions(i18n) -> None:
    calls["upstream.find_language_versions_by_name"] += 1  # and static-i18n's own method stays


def markdown_reads_every_block(markdown: str) -> tuple[str, dict[str, str]]:
    calls["html_blocks.set_aside"] += 1
    return markdown, {}


# Before any other event of the build; the kim plugin calls both by their module's name.
def on_startup(*, command: str, dirty: bool) -> None:
    os.environ[frames.VARIABLE] = "0"  # the plugin stages again: the tree's signature includes it
    upstream.find_language_versions_by_name = static_i18n_finds_versions
    html_blocks.set_aside = markdown_reads_every_block


def on_post_build(config) -> None:
    # A plain build that the plugin's speed-ups bypassed would be compared with itself.
    unused = [name for name, count in calls.items() if not count]
    if unused:
        raise PluginError(f"Not a plain build: the kim plugin no longer calls {', '.join(unused)} (tests/plain_build.py).")
