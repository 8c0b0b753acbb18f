"""Build real sites in tmp_path: the sample content and test fixtures."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import shutil
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
SITE_LANGUAGES = ("de", "en", "tr", "ar", "uk", "ru", "fa", "ro", "bg", "pl")
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def make_project(folder: Path, content: Path) -> Path:
    """A project folder like the repository's: mkdocs.yml, overrides/ and the given content."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", folder / "overrides")
    shutil.copytree(content, folder / "content")
    return folder


def kim(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=cwd, env=ENV, capture_output=True, text=True)


def mkdocs_build(project: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project, env={**ENV, **(env or {})}, capture_output=True, text=True)


def build_site(project: Path, env: dict[str, str] | None = None) -> Path:
    """`make site` in the project: stage, then mkdocs build (by default in one process
    per core). Returns site/."""
    for step in (kim("stage", cwd=project), mkdocs_build(project, env)):
        assert step.returncode == 0, step.stdout + step.stderr
    return project / "site"


def sample_content_with(tmp: Path, extra: Path) -> Path:
    """The sample content plus the fixture files of `extra` (same folder layout)."""
    content = tmp / "content-src"
    shutil.copytree(ROOT / "content", content)
    shutil.copytree(extra, content, dirs_exist_ok=True)
    return content


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    return build_site(make_project(tmp_path_factory.mktemp("sample"), ROOT / "content"))


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("hostile")
    return build_site(make_project(tmp / "project", sample_content_with(tmp, FIXTURES / "hostile")))


@pytest.fixture(scope="session")
def finder_site(tmp_path_factory) -> Path:
    return build_site(make_project(tmp_path_factory.mktemp("finder") / "project", FIXTURES / "finder"))


# Dates of the contract fixture, relative to the day the tests run (the site is
# built for today: contacts, offices and hours start and end on a date).
TODAY = dt.date.today()
FIXTURE_DATES = {
    "{TODAY}": TODAY,
    "{PAST}": TODAY - dt.timedelta(days=60),
    "{SOON}": TODAY + dt.timedelta(days=30),
    "{FUTURE}": TODAY + dt.timedelta(days=200),
}


def dated_copy(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    for path in target.rglob("*.yml"):
        text = path.read_text(encoding="utf-8")
        for placeholder, day in FIXTURE_DATES.items():
            text = text.replace(placeholder, day.isoformat())
        path.write_text(text, encoding="utf-8")
    return target


@pytest.fixture(scope="session")
def contract_site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("contract")
    return build_site(make_project(tmp / "project", dated_copy(FIXTURES / "contract", tmp / "content")))


def page_path(site: Path, language: str, path: str) -> Path:
    prefix = "" if language == "de" else f"{language}/"
    return site / f"{prefix}{path}" / "index.html"


# -- the built site in Debian's Chromium -------------------------------------------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]


class QuietHandler(SimpleHTTPRequestHandler):
    extra_headers: dict[str, str] = {}
    under = "/"

    def log_message(self, *args):
        pass

    def end_headers(self):
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()

    def translate_path(self, path):
        # The site as published under site_url's path (/kim/): nothing outside it.
        if not path.startswith(self.under):
            return str(Path(self.directory) / ".kim-not-served")
        return super().translate_path("/" + path[len(self.under) :])


@contextlib.contextmanager
def serve(site: Path, headers: dict[str, str] | None = None, under: str = "/"):
    """Serve a built site on 127.0.0.1 (a free port) under the path `under` (that of
    its site_url) and yield its address, without the final slash; `headers` go with
    every response (as a host sends those of `_headers`)."""
    handler = type("Handler", (QuietHandler,), {"extra_headers": headers or {}, "under": under})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}{under.rstrip('/')}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def server(sample_site):
    """The sample site served once for the browser tests (modules with another site
    define their own `server`)."""
    with serve(sample_site) as url:
        yield url


@contextlib.contextmanager
def watched_tab(browser, viewport: dict[str, int]):
    """A tab in its own context; a script error on any of its pages fails the test."""
    context = browser.new_context(viewport=viewport)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    try:
        yield tab
    finally:
        context.close()
    assert errors == []
