"""Part of the MkDocs adapter: the site's languages built in parallel processes.

static-i18n builds one language after the other in one process, so a second core
idles. Here the build MkDocs runs keeps the default language and a share of the
others; each further process (`mkdocs build` into a folder of its own, started
with KIM_LANGUAGES) builds the rest, and its language folders are moved into the
site when it has finished. Each process tells static-i18n which languages it builds
(upstream.build_only). Every process configures all languages, so each page's
language switcher, alternates and links are the same as in a one-process build.

The preview uses the same parts: it builds the language being viewed, and the
others in one further process, whose result replaces theirs when it is ready.
How many processes and which languages each builds: `staging/processes.py`.

Every process started here, and Pagefind (site_search.py), ends with the process
that started it, also when that one is killed (`end_with_parent`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..staging.processes import ending_with_this_process

ENV_LANGUAGES = "KIM_LANGUAGES"  # set for a further process: the languages it builds
ENV_STAGE = "KIM_STAGE"  # set for a further process that stages the whole tree first
ENV_PREVIEW = "KIM_PREVIEW"  # set for a further process that builds languages for the preview


@dataclass
class Worker:
    """A further `mkdocs build` of some languages into a folder of its own."""

    languages: list[str]
    folder: Path
    process: subprocess.Popen

    def wait(self) -> bool:
        return self.process.wait() == 0

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


def start(config_file: str, languages: list[str], folder: Path, *, strict: bool, quiet: bool = False, stage: bool = False, preview: bool = False) -> Worker:
    shutil.rmtree(folder, ignore_errors=True)
    args = [sys.executable, "-m", "mkdocs", "build", "--config-file", config_file, "--site-dir", str(folder)]
    if strict:
        args.append("--strict")
    if quiet:
        args.append("--quiet")
    env = {**os.environ, ENV_LANGUAGES: ",".join(languages)} | ({ENV_STAGE: "1"} if stage else {}) | ({ENV_PREVIEW: "1"} if preview else {})
    return Worker(languages, folder, subprocess.Popen(args, env=env, stdin=subprocess.DEVNULL, preexec_fn=ending_with_this_process()))


def areas(site: Path, languages: list[str], default: str) -> dict[str, list[Path]]:
    """What of a built site belongs to each language: its folder, and for the default
    language everything at the top that is no language's folder (its pages, the
    theme's assets, 404.html)."""
    others = set(languages) - {default}
    top = sorted(site.iterdir()) if site.is_dir() else []
    return {
        language: [path for path in top if path.name not in others] if language == default else [site / language]
        for language in languages
    }


def clear(site: Path, language: str, languages: list[str], default: str) -> None:
    """Remove one language's part of a built site (the preview cleans only the language
    it rebuilds; the others stay until their new version is there)."""
    for path in areas(site, languages, default)[language]:
        _remove(path)


def prune(site: Path, language: str, languages: list[str], default: str, keep: Callable[[str], bool]) -> None:
    """Remove from one language's part of a built site each file that `keep` does not
    accept (its path in the site), and the folders that leaves empty. A folder at the
    top that `keep` accepts ("pagefind/") is not looked into."""
    for top in areas(site, languages, default)[language]:
        if keep(top.name + "/" if top.is_dir() else top.name):
            continue
        for path in [*sorted(top.rglob("*"), reverse=True), top] if top.is_dir() else [top]:  # a folder after its files
            if path.is_file() and not keep(path.relative_to(site).as_posix()):
                path.unlink()
            elif path.is_dir() and not any(path.iterdir()):
                path.rmdir()


def move_in(worker: Worker, site: Path, languages: list[str], default: str) -> None:
    """Put the languages a worker built into the site, in place of their old version
    (each folder in two renames, so that the preview serves no gap)."""
    built = areas(worker.folder, languages, default)
    for language in worker.languages:
        new = {path.name for path in built[language]}
        for old in areas(site, languages, default)[language]:
            if old.name not in new:
                _remove(old)
        for path in built[language]:
            target = site / path.name
            if target.exists():
                aside = site.with_name(f"{site.name}.kim-old-{path.name}")
                _remove(aside)
                os.replace(target, aside)
                shutil.move(path, target)
                _remove(aside)
            else:
                shutil.move(path, target)
    shutil.rmtree(worker.folder, ignore_errors=True)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
