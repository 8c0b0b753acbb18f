"""The editor's preview (`make serve`, which runs `mkdocs serve --dirty`): a save of an
office is shown in every language at once without MkDocs (its pages are filled into the
kept frames, rendering/frames.py); a save that needs MkDocs (a hand-written page) shows
the language being viewed first, and pages of the others say they are older than the
save until they are current; mistakes are shown in the browser until they are fixed."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import FIXTURES, make_project
from generator import i18n

OFFICE = "a-nord-wanne"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(predicate, timeout: float, what: str) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return
        time.sleep(0.2)
    pytest.fail(f"timed out waiting for {what}")


@pytest.fixture(scope="module")
def preview(tmp_path_factory, builds):
    project = make_project(tmp_path_factory.mktemp("preview"), FIXTURES / "finder")
    (project / "build" / "docs").mkdir(parents=True)  # in the repository as build/docs/.gitkeep
    port = free_port()
    log = project / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [str(Path(sys.executable).with_name("mkdocs")), "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project,
            stdout=out,
            stderr=subprocess.STDOUT,
            # As an editor runs it: the messages in German, the editors' default.
            env={**{k: v for k, v in os.environ.items() if k != "KIM_EDITOR_LANGUAGE"}, "PYTHONUNBUFFERED": "1"},
        )
    try:
        def started() -> bool:
            assert server.poll() is None, log.read_text(encoding="utf-8")
            return "Serving on" in log.read_text(encoding="utf-8")

        wait_for(started, 300, "the preview to start")
        yield project, f"http://127.0.0.1:{port}", log
    finally:
        server.terminate()
        server.wait(timeout=30)


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def logged(message: str, name: str) -> re.Pattern:
    """A log line of the preview, in German as the preview runs (the editors' default),
    made from the editor catalog's own wording."""
    return re.compile(re.escape(i18n.translations("de", i18n.EDITOR_DOMAIN).gettext(message)).replace(re.escape(f"%({name})s"), ".+"))


# Once the languages not viewed are built too (MkDocs' path), or every language is (a save of offices).
OTHERS_UPDATED = logged("Preview: %(languages)s updated too.", "languages")
ALL_UPDATED = logged("Preview: %(count)s pages updated in every language, without MkDocs.", "count")


def save(preview, viewed: str, change) -> str:
    """Look at a page (the next rebuild starts with its language), make a change to
    content/, and wait until the preview has built every language again: the log of
    that rebuild."""
    project, url, log = preview
    assert status(url + viewed) == 200
    start = len(log.read_text(encoding="utf-8"))
    change(project / "content")

    def rebuilt() -> bool:
        since = log.read_text(encoding="utf-8")[start:]
        return ALL_UPDATED.search(since) is not None or ("Building documentation..." in since and OTHERS_UPDATED.search(since.split("Building documentation...")[-1]) is not None)

    wait_for(rebuilt, 180, "the preview to show every language again")
    return log.read_text(encoding="utf-8")[start:]


def rebuilds(log: Path) -> int:
    return log.read_text(encoding="utf-8").count("Building documentation...")


LANGUAGES = ["", "en/", "tr/", "ar/", "uk/", "ru/", "fa/", "ro/", "bg/", "pl/"]


def test_a_saved_office_is_shown_in_every_language_without_mkdocs(preview, browser):
    project, url, log = preview
    page = browser.new_page()
    try:
        page.goto(f"{url}/ar/offices/{OFFICE}/")
        before = rebuilds(log)
        office = project / "content" / "offices" / f"{OFFICE}.yml"
        office.write_text(office.read_text(encoding="utf-8").replace("name: A Nord Wanne", "name: A Nord Wanne Neu"), encoding="utf-8")
        # The page reloads by itself (MkDocs' live reload) with the new name.
        page.wait_for_function("() => document.querySelector('article h1').textContent.includes('Neu')", timeout=60_000)
        assert page.evaluate("document.documentElement.lang") == "ar"
        # Every language is current as soon as the viewed one is: no MkDocs build ran.
        assert [language for language in LANGUAGES if "A Nord Wanne Neu" not in fetch(f"{url}/{language}offices/{OFFICE}/")] == []
        assert "A Nord Wanne Neu" in fetch(f"{url}/ar/municipalities/nordstadt/")  # the lists that show it too
        assert rebuilds(log) == before, log.read_text(encoding="utf-8")[-2000:]
        assert ALL_UPDATED.search(log.read_text(encoding="utf-8"))
    finally:
        page.close()


def test_a_page_older_than_the_last_save_says_so_until_it_is_current(preview, browser):
    """A hand-written page takes MkDocs' path: the viewed language (German) first; an
    English page open meanwhile says that it is older than the save, then reloads."""
    project, url, log = preview
    page = browser.new_page()
    try:
        page.goto(f"{url}/en/imprint/")
        assert status(f"{url}/imprint/") == 200  # the editor looks at German: built first
        note = page.locator("[data-kim-stale]")
        assert note.count() == 0
        imprint = project / "content" / "imprint.en.md"
        imprint.write_text("# Imprint\n\nChanged by the editor.\n", encoding="utf-8")
        note.wait_for(timeout=60_000)
        assert (note.get_attribute("lang"), note.get_attribute("role")) == ("de", "status")
        assert note.inner_text() == "Diese Seite ist älter als Ihre letzte Speicherung. Sie lädt neu, sobald sie aktuell ist."
        page.wait_for_function("() => document.querySelector('article').textContent.includes('Changed by the editor')", timeout=180_000)
        note.wait_for(state="detached", timeout=30_000)
    finally:
        page.close()


def test_a_mistake_shows_in_the_browser_until_it_is_fixed(preview, browser):
    project, url, log = preview
    page = browser.new_page()
    try:
        page.goto(f"{url}/ar/offices/{OFFICE}/")
        office = project / "content" / "offices" / f"{OFFICE}.yml"
        good = office.read_text(encoding="utf-8")
        office.write_text(good.replace("municipality: nordstadt", 'municipality: "nirgendwo<img src=x onerror=alert(1)>"'), encoding="utf-8")
        problems = page.locator("[data-kim-problems]")
        problems.wait_for(timeout=60_000)
        assert f"content/offices/{OFFICE}.yml:3:" in problems.inner_text() and "municipality: unbekannte ID 'nirgendwo<img" in problems.inner_text()
        # In the editor's language and direction (German, left to right) on an Arabic page.
        assert page.evaluate("getComputedStyle(document.querySelector('article')).direction") == "rtl"
        assert (problems.get_attribute("lang"), problems.get_attribute("dir")) == ("de", "ltr")
        assert page.evaluate("getComputedStyle(document.querySelector('[data-kim-problems] p')).direction") == "ltr"
        assert problems.locator("p").inner_text() == "1 Fehler in content/: Diese Vorschau zeigt den letzten fehlerfreien Stand. Beheben Sie ihn und speichern Sie; die Seite lädt neu."
        assert problems.locator("img").count() == 0  # the editor's text is shown as text
        assert page.locator("article h1").is_visible()  # the last good page stays under it
        office.write_text(good, encoding="utf-8")
        problems.wait_for(state="detached", timeout=180_000)
        assert page.locator("[data-kim-problems]").count() == 0
    finally:
        page.close()


def test_what_is_gone_from_content_is_gone_from_the_preview(preview):
    """A deleted office (viewed in German, and in another language) and an unpublished
    contact: their pages, cards and handout halves answer 404, as in a new build; the
    other offices stay. (Offices the other tests do not use.)"""
    project, url, log = preview
    served = ["/offices/a-nord-wanne/", "/en/offices/a-nord-wanne/", "/ar/offices/a-nord-wanne/", "/vcard/a-nord-wanne.vcf", "/handout/a-nord-wanne.html"]

    def gone(office: str) -> list[str]:
        return [f"/offices/{office}/", f"/en/offices/{office}/", f"/ar/offices/{office}/", f"/vcard/{office}.vcf", f"/handout/{office}.html"]

    everything = served + gone("e-sued-lang") + gone("d-sued-samstag")
    # The test before ends when the viewed language is current; the others follow.
    wait_for(lambda: all(status(url + path) == 200 for path in everything), 180, "every language of the preview current again")

    # Viewing German: a contact set to publish: false and an office deleted, in one save.
    kept, unpublished = "/vcard/b-nord-eickel/beispiel-kontakt-arabisch.vcf", "/vcard/b-nord-eickel/beispiel-kontakt-turkisch.vcf"
    assert status(url + unpublished) == 200

    def unpublish_and_delete(content: Path) -> None:
        office = content / "offices" / "b-nord-eickel.yml"
        office.write_text("publish: false".join(office.read_text(encoding="utf-8").rsplit("publish: true", 1)), encoding="utf-8")
        (content / "offices" / "e-sued-lang.yml").unlink()

    save(preview, "/offices/b-nord-eickel/", unpublish_and_delete)
    assert (status(url + unpublished), status(url + kept)) == (404, 200)
    assert {path: status(url + path) for path in gone("e-sued-lang")} == dict.fromkeys(gone("e-sued-lang"), 404)

    # Viewing Arabic: an office deleted.
    save(preview, "/ar/offices/a-nord-wanne/", lambda content: (content / "offices" / "d-sued-samstag.yml").unlink())
    assert {path: status(url + path) for path in gone("d-sued-samstag")} == dict.fromkeys(gone("d-sued-samstag"), 404)
    assert {path: status(url + path) for path in served + [kept]} == dict.fromkeys(served + [kept], 200)


def test_an_office_saved_before_the_start_remembered_the_content_is_shown_by_the_first_save(tmp_path):
    """The preview's start remembers the content as staged, in the background, to compare
    each save with. An editor who saves at once, before that, must see her change: the
    content saved since staging is not taken for what the site shows."""
    from conftest import ROOT, kim
    from generator.staging import stage as staging

    content, docs = tmp_path / "content", tmp_path / "build" / "docs"
    shutil.copytree(ROOT / "content", content)
    assert kim("stage", cwd=tmp_path).returncode == 0  # as `make serve` stages, in a process of its own
    office = content / "offices" / "dormagen.yml"
    office.write_text(office.read_text(encoding="utf-8").replace("name: Case Management der Stadt Dormagen", "name: Case Management der Stadt Dormagen, neu"), encoding="utf-8")
    staging.remember(content, docs)  # the start's, after the save
    result = staging.stage(content, docs, quick=True)
    assert "offices/dormagen.md" in result.changed["pages"]
    assert "Case Management der Stadt Dormagen, neu" in (staging.pages_dir(docs) / "offices/dormagen.md").read_text(encoding="utf-8")
