"""Build real sites in tmp_path: the sample content and test fixtures.

Two tiers, decided here from what a test uses, never by hand:
- `build`: the test needs a MkDocs build: a built site (sample_site, hostile_site,
  finder_site, contract_site, real_site) or the `builds` fixture, which a test asks
  for when it runs MkDocs itself (build_site, mkdocs_build, `mkdocs serve`);
- `browser`: the test drives Chromium (the `browser` fixture).
`make test-fast` runs the rest (`-m "not build and not browser"`): the checker, the
core's pages and outputs, in-process. build_site and mkdocs_build fail a test that
did not ask for a built site or `builds`, so a new test cannot land in the fast tier
by mistake. `make test` runs both tiers in one process per core and one more
(pytest-xdist), each tier's longest tests first; each built site is built once per run
and shared: never change one, copy it (shutil.copytree).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import io
import json
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import filelock
import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
SITE_LANGUAGES = ("de", "en", "tr", "ar", "uk", "ru", "fa", "ro", "bg", "pl")
# The tests read the editors' messages in English (their message ids); German, the
# editors' default, is tested in tests/test_editor_language.py.
os.environ["KIM_EDITOR_LANGUAGE"] = "en"
# No build of the tests asks a site for its previous list of changes (the feed of
# changes, generator/outputs/feed.py): some fixtures name a real host as site_url.
os.environ["KIM_PREVIOUS"] = "none"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}

# -- the two tiers -------------------------------------------------------------------------

BUILT = {"sample_site", "hostile_site", "finder_site", "contract_site", "real_site", "builds"}


# The longest tests (pytest --durations), longest first: each tier starts with them,
# so that none is left running alone at the end of `make test` while the other
# processes have nothing left to do. A test missing here only runs later.
LONGEST = (
    "tests/test_preview.py",
    "tests/test_hostile.py::test_two_builds_at_once_and_an_edit_during_a_build",
    "tests/test_build.py::test_the_fast_build_publishes_what_a_plain_build_does",
    "tests/test_check.py::test_a_mistake_stops_the_build_and_leaves_the_site",
    "tests/test_hostile.py::test_no_dialog_and_no_policy_violation_on_any_page",
    "tests/test_residents.py::test_every_page_type_passes_axe_with_best_practices",
    "tests/test_hostile.py::test_a_failed_build_leaves_the_last_good_site",
    "tests/test_hostile.py::test_no_script_url_and_no_foreign_image_in_any_page_and_a_policy_on_each",
    "tests/test_residents.py::test_our_html_is_valid",
    "tests/test_site.py::test_no_request_to_another_host",
    "tests/test_handout_poster.py::test_the_halves_never_overlap_in_any_language_pair",
    "tests/test_keyboard.py::test_focus_rings_stand_out_from_what_is_behind_them",
    "tests/test_processes.py",
    "tests/test_real.py::test_finder_and_map_say_what_the_pages_say",
    "tests/test_residents.py::test_every_focus_is_visible",
    "tests/test_office_first.py::test_office_pages_say_open_now_as_the_finder_does",
    # the fast tier's
    "tests/test_check.py::test_a_phone_number_shows_the_digits_typed",
    "tests/test_hostile.py::test_mutated_office_files_never_crash_the_checker",
    "tests/test_hostile.py::test_deep_nesting_is_one_line_not_a_crash",
    "tests/test_check.py::test_warnings_are_named_and_staged",
)


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by these marks
def pytest_collection_modifyitems(config, items):
    """Mark each test with its tier, from the fixtures it uses (directly or through
    other fixtures), and run the fast tier first, each tier's longest tests first."""
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        if used & BUILT:
            item.add_marker(pytest.mark.build)
        if "browser" in used:
            item.add_marker(pytest.mark.browser)

    def order(item) -> tuple[bool, int]:
        rank = next((rank for rank, name in enumerate(LONGEST) if item.nodeid.startswith(name)), len(LONGEST))
        return item.get_closest_marker("build") is not None, rank

    items.sort(key=order)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_auto_num_workers(config) -> int:
    """`pytest -n auto`: one process per core and one more. A browser test waits for
    Chromium (and a build test for its build) a good part of its time, in which a
    further process uses the core."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS", "").isdigit():
        return int(os.environ["PYTEST_XDIST_AUTO_NUM_WORKERS"])
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return cores + 1


# Modules whose tests share a module-scoped fixture too dear to set up twice (a
# running preview): in `make test` one process runs all of such a module's tests;
# the others' tests go one by one to whichever process is free.
TOGETHER = ("tests/test_preview.py",)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    from xdist.scheduler import LoadScopeScheduling

    class Scheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            return module if module in TOGETHER else nodeid

    return Scheduling(config, log)


_running: list = [None]  # the test being run in this process


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    _running[0] = item
    try:
        return (yield)
    finally:
        _running[0] = None


def needs_build_tier(what: str) -> None:
    item = _running[0]
    if item is not None and item.get_closest_marker("build") is None:
        pytest.fail(f"{item.nodeid} {what} but is in the fast tier: ask for the `builds` fixture (or a built site).", pytrace=False)


@pytest.fixture(scope="session")
def builds() -> None:
    """For a test that runs MkDocs itself: puts it in the `build` tier."""


def make_project(folder: Path, content: Path) -> Path:
    """A project folder like the repository's: mkdocs.yml, overrides/ and the given content."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", folder / "overrides")
    shutil.copytree(content, folder / "content")
    return folder


def kim(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=cwd, env={**ENV, **(env or {})}, capture_output=True, text=True)


def kim_in_process(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """As kim(), in this process (generator.cli.main, no interpreter to start)."""
    from generator.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(cwd), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return subprocess.CompletedProcess(["kim", *args], code, out.getvalue(), err.getvalue())


def mkdocs_build(project: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    needs_build_tier("runs mkdocs build")
    return _mkdocs_build(project, env)


def _mkdocs_build(project: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project, env={**ENV, **(env or {})}, capture_output=True, text=True)


def build_site(project: Path, env: dict[str, str] | None = None) -> Path:
    """`make site` in the project: stage, then mkdocs build (by default in one process
    per core). Returns site/."""
    needs_build_tier("builds a site")
    for step in (kim("stage", cwd=project, env=env), _mkdocs_build(project, env)):
        assert step.returncode == 0, step.stdout + step.stderr
    return project / "site"


def sample_content_with(tmp: Path, extra: Path) -> Path:
    """The sample content plus the fixture files of `extra` (same folder layout)."""
    content = tmp / "content-src"
    shutil.copytree(ROOT / "content", content)
    shutil.copytree(extra, content, dirs_exist_ok=True)
    return content


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


# The real-shaped fixture plus one office per cell of tests/test_real.py's matrix:
# appointment mode × what the opening hours say on the day.
REAL_PAST, REAL_SOON = TODAY - dt.timedelta(days=30), TODAY + dt.timedelta(days=30)
HOURS = {
    "current": 'opening_hours:\n  - {days: [mo, tu, we, th, fr], open: "09:00", close: "12:00"}\n',
    "past": f'opening_hours:\n  - {{days: [mo], open: "09:00", close: "12:00", valid_until: {REAL_PAST}}}\n',
    "future": f'opening_hours:\n  - {{days: [mo], open: "09:00", close: "12:00", valid_from: {REAL_SOON}}}\n',
    "none": "",
    "phone-only": 'phone_hours:\n  - {days: [mo, tu, we, th, fr], open: "08:00", close: "10:00"}\n',
}
MODES = ("required", "recommended", "walk-in", "referral", None)


def matrix_slug(mode: str | None, hours: str) -> str:
    return f"matrix-{mode or 'not-stated'}-{hours}"


def real_content(target: Path) -> Path:
    """The real-shaped fixture plus one office per cell of the matrix."""
    shutil.copytree(FIXTURES / "real", target)
    for mode in MODES:
        for hours, rules in HOURS.items():
            text = f"name: Matrix {mode or 'not stated'} {hours}\ncarrier: stadt-musterstadt\nmunicipality: lehrstadt\nphone: \"0228 77-3300\"\n"
            text += (f"appointment: {mode}\n" if mode else "") + rules + "languages: [de]\nreviewed: 2026-11-20\n"
            (target / "offices" / f"{matrix_slug(mode, hours)}.yml").write_text(text, encoding="utf-8")
    return target


# -- the built sites, each built once per run ---------------------------------------------

# Each built site's content, from the folder it is built in.
SITES: dict[str, Callable[[Path], Path]] = {
    "sample_site": lambda folder: ROOT / "content",
    "hostile_site": lambda folder: sample_content_with(folder, FIXTURES / "hostile"),
    "finder_site": lambda folder: FIXTURES / "finder",
    "contract_site": lambda folder: dated_copy(FIXTURES / "contract", folder / "content"),
    "real_site": lambda folder: real_content(folder / "content"),
}


# How many processes build each: one, as they build while tests run; the finder's site
# in three (the default language's and two further), which test_build.py compares
# with a plain build.
JOBS = {"finder_site": "3"}


def site_folder(tmp_path_factory, name: str) -> Path:
    """Where a built site lives: in the run's folder, which pytest-xdist's processes share."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # above each process's own folder
    return root / name


def _build_once(folder: Path, name: str, blocking: bool = True) -> bool:
    """Build the site `name` in `folder` unless it is built: the first process to ask
    builds it, the others wait for it (a file lock). Without `blocking`, skip a site
    another process is building. Whether the site is built."""
    lock = filelock.FileLock(f"{folder}.lock", blocking=blocking)
    try:
        with lock:
            if not (folder / ".built").exists():
                shutil.rmtree(folder, ignore_errors=True)
                folder.mkdir()
                project = make_project(folder / "project", SITES[name](folder))
                for step in (kim("stage", cwd=project), _mkdocs_build(project, {"KIM_JOBS": JOBS.get(name, "1")})):
                    assert step.returncode == 0, step.stdout + step.stderr
                (folder / ".built").write_text(json.dumps(files_of(project)), encoding="utf-8")
    except filelock.Timeout:
        return False
    return True


def files_of(project: Path) -> dict[str, list[int]]:
    return {p.relative_to(project).as_posix(): [p.stat().st_size, p.stat().st_mtime_ns] for p in sorted(project.rglob("*")) if p.is_file()}


def changed_files(folder: Path) -> list[str]:
    """What changed in a built site's project since it was built."""
    before, now = json.loads((folder / ".built").read_text(encoding="utf-8")), files_of(folder / "project")
    return sorted(name for name in before.keys() | now.keys() if before.get(name) != now.get(name))


def built(tmp_path_factory, name: str) -> Path:
    needs_build_tier("uses a built site")
    folder = site_folder(tmp_path_factory, name)
    _build_once(folder, name)
    return folder / "project" / "site"


@pytest.fixture(scope="session", autouse=True)
def _build_ahead(request, tmp_path_factory):
    """The sites this run uses, built in the background from its start (in the order
    its tests use them; with pytest-xdist each process takes those no other is
    building), while the fast tier runs and then while the browser waits. At the
    end: that no test changed one."""
    needed: list[str] = []
    for item in request.session.items:
        needed += [name for name in SITES if name in getattr(item, "fixturenames", ()) and name not in needed]
    if not needed:
        yield
        return
    stop = threading.Event()
    folders = {name: site_folder(tmp_path_factory, name) for name in needed}  # here: pytest makes its folder on first use, not thread-safely

    def work() -> None:
        for name in needed:
            if stop.is_set():
                return
            with contextlib.suppress(Exception):  # a test that uses it builds it again, and says why it fails
                _build_once(folders[name], name, blocking=False)

    worker = threading.Thread(target=work, name="build-ahead", daemon=True)
    worker.start()
    yield
    stop.set()
    worker.join()
    # The built sites are shared: a test that changed one changed it for the tests after it.
    changed = {name: changed_files(folder) for name, folder in folders.items() if (folder / ".built").exists()}
    assert not any(changed.values()), f"tests changed a shared built site (copy it instead): {changed}"


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    return built(tmp_path_factory, "sample_site")


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> Path:
    return built(tmp_path_factory, "hostile_site")


@pytest.fixture(scope="session")
def finder_site(tmp_path_factory) -> Path:
    return built(tmp_path_factory, "finder_site")


@pytest.fixture(scope="session")
def contract_site(tmp_path_factory) -> Path:
    return built(tmp_path_factory, "contract_site")


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The real-shaped fixture with the matrix of tests/test_real.py."""
    return built(tmp_path_factory, "real_site")


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


# A map at rest: Leaflet not zooming (a class while a transition runs) nor panning (by
# script: its pane moves), markercluster not moving, adding or removing markers.
MAP_MOVING = {"busy": ".leaflet-zoom-anim, .leaflet-cluster-anim", "still": ".leaflet-map-pane, .leaflet-marker-icon"}


def settle(page, busy: str = "", still: str = "", timeout: float = 30_000) -> None:
    """Wait until the page is at rest: two animation frames in a row in which no CSS
    transition or animation runs (endless ones aside), no element matches `busy` and
    the elements matching `still` kept their places. Whatever the page did before
    (console messages, dialogs) has reached the test."""
    page.wait_for_function(
        """([busy, still]) => new Promise(resolve => {
          let calm = 0, last = null;
          const look = () => {
            const places = still ? JSON.stringify([...document.querySelectorAll(still)].map(e => { const r = e.getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; })) : "";
            const moving = document.getAnimations().some(a => a.playState === "running" && a.effect && a.effect.getComputedTiming().iterations !== Infinity)
              || (busy && document.querySelector(busy)) || places !== last;
            last = places;
            calm = moving ? 0 : calm + 1;
            if (calm >= 2) resolve(true);
            else requestAnimationFrame(look);
          };
          requestAnimationFrame(look);
        })""",
        arg=[busy, still],
        timeout=timeout,
    )


@pytest.fixture(scope="module")
def shared_context(browser, request):
    """One browser context for the tests of a module that need no isolation from each
    other (none stores a consent, grants a permission or routes requests in it), at
    the module's VIEWPORT (default 1200 × 900). A test that needs isolation makes its own."""
    context = browser.new_context(service_workers="block", viewport=getattr(request.module, "VIEWPORT", {"width": 1200, "height": 900}))
    yield context
    context.close()


@contextlib.contextmanager
def watched(context):
    """A tab in `context`; a script error on any of its pages fails the test."""
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    try:
        yield tab
    finally:
        tab.close()
    assert errors == []


@pytest.fixture
def page(shared_context, server):
    """A tab in the module's shared context, on the module's `server` (modules that need
    more define their own); a script error on any of its pages fails the test."""
    with watched(shared_context) as tab:
        yield tab


def pdf_pages(tab) -> int:
    """How many pages the tab prints on (A4, as the page's own print styles ask)."""
    pdf = tab.pdf(format="A4", prefer_css_page_size=True, print_background=True)
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))


@contextlib.contextmanager
def watched_tab(browser, viewport: dict[str, int]):
    """A tab in its own context; a script error on any of its pages fails the test."""
    context = browser.new_context(service_workers="block", viewport=viewport)
    try:
        with watched(context) as tab:
            yield tab
    finally:
        context.close()
