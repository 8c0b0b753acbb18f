"""Issue 25, part D: office pages that answer first (the ways to call, the phone hours
and whether the office and its phone line are open now, above the long text), editor
text in another language marked and isolated, the finder fast on a slow phone (no
chain of requests), and offline after a first visit (the site's own service worker)."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import shutil
import time
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, page_path, serve, settle, watched, watched_tab
from generator import i18n
from generator.reading.load import load
from generator.rendering.pages import PageHelpers

PHONE = {"width": 390, "height": 844}
VIEWPORT = PHONE  # conftest.shared_context
TODAY = dt.date(2026, 12, 7)


t = i18n.gettext  # a message in one language


def at(tab, moment: str) -> None:
    """The page's clock at `moment` (ISO with offset), for "open now"."""
    tab.add_init_script(
        """(moment => {
          const fixed = new Date(moment).getTime();
          const RealDate = Date;
          class FixedDate extends RealDate { constructor(...a) { super(...(a.length ? a : [fixed])); } static now() { return fixed; } }
          window.Date = FixedDate;
        })(MOMENT);""".replace("MOMENT", json.dumps(moment))
    )


# -- 1. office pages answer first -----------------------------------------------------------


@pytest.mark.parametrize("language", ["de", "ar"])
def test_herne_wannes_phone_numbers_are_in_the_first_screen_of_a_phone(shared_context, server, language):
    """Herne-Wanne publishes its numbers only with its two case managers: on a 390 px
    phone both call buttons are on the first screen, above the long text."""
    prefix = "" if language == "de" else f"/{language}"
    with watched(shared_context) as tab:
        tab.goto(f"{server}{prefix}/offices/herne-wanne-planb/")
        calls = tab.locator("article a[href^='tel:']")
        numbers = {calls.nth(i).get_attribute("href") for i in range(calls.count())}
        assert {"tel:+4923256999194", "tel:+4923256999195"} <= numbers
        first_screen = tab.eval_on_selector_all(
            "article a[href^='tel:']", "links => links.filter(a => a.getBoundingClientRect().bottom <= innerHeight).map(a => a.getAttribute('href'))"
        )
        assert {"tel:+4923256999194", "tel:+4923256999195"} <= set(first_screen)


WEDNESDAY_MORNING = "2027-03-03T10:00:00+01:00"
WEDNESDAY_NIGHT = "2027-03-03T02:00:00+01:00"


@pytest.mark.parametrize("language", ["de", "fa"])
def test_office_pages_say_open_now_as_the_finder_does(browser, server, language):
    """Herne-Sodingen (opening hours) is open on Wednesday morning and closed at night,
    in the same words as its finder card; Hagen's phone line (phone hours) likewise;
    Herne-Wanne publishes no hours and is called neither open nor closed."""
    prefix = "" if language == "de" else f"/{language}"
    for moment, kind in ((WEDNESDAY_MORNING, "open"), (WEDNESDAY_NIGHT, "closed")):
        with watched_tab(browser, PHONE) as tab:
            at(tab, moment)
            tab.goto(f"{server}{prefix}/finder/")
            tab.locator("[data-results] [data-office='herne-sodingen-awo'] [data-status]").wait_for()
            card_status = tab.locator("[data-results] [data-office='herne-sodingen-awo'] [data-status]").inner_text()

            tab.goto(f"{server}{prefix}/offices/herne-sodingen-awo/")
            status = tab.locator(".kim-office-first [data-status]")
            status.wait_for()
            assert status.inner_text() == card_status
            assert status.inner_text().startswith(t(language, "Open now" if kind == "open" else "Closed now"))
            assert tab.locator(".kim-office-first [data-phone-status]").is_hidden()  # no phone hours published

            tab.goto(f"{server}{prefix}/offices/hagen-rathaus-ii/")
            phone = tab.locator(".kim-office-first [data-phone-status]")
            phone.wait_for()
            assert phone.inner_text().startswith(t(language, "Phone line open now" if kind == "open" else "Phone line closed now"))
            assert tab.locator(".kim-office-first [data-status]").is_hidden()  # no opening hours published
            assert t(language, "Phone hours:") in tab.locator(".kim-office-first").inner_text()

            tab.goto(f"{server}{prefix}/offices/herne-wanne-planb/")
            tab.locator(".kim-office-first").wait_for()
            settle(tab)
            assert tab.locator(".kim-office-first [data-status], .kim-office-first [data-phone-status]").evaluate_all("nodes => nodes.every(n => n.hidden)")


# -- 2. editor text in another language: marked and isolated -------------------------------------


def test_editor_text_prefers_the_pages_language_then_english_and_says_so():
    """Hagen's target note is in German and English: an Arabic or Ukrainian card shows the
    English one, isolated (lang, dir) and marked "(in English)"; with German only, the
    German one, marked "(in German)"; a German card, German and unmarked."""
    directory = load(ROOT / "content")
    hagen = directory.offices["hagen-rathaus-ii"]
    for language in ("ar", "uk", "fa"):
        card = BeautifulSoup(str(PageHelpers(language, "offices", TODAY).card(hagen, brief=False)), "html.parser")
        note = card.select_one("[data-slot=targetNote] bdi")
        assert (note["lang"], note["dir"]) == ("en", "ltr")
        assert note.get_text() == hagen.target_group.note.by_language["en"]
        mark = card.select_one("[data-slot=targetNote] [data-mark]")
        assert mark.get_text() == t(language, "(in %(language)s)") % {"language": i18n.language_name("en", language)}
        assert "Zunächst" not in card.get_text()
    german = BeautifulSoup(str(PageHelpers("de", "offices", TODAY).card(hagen, brief=False)), "html.parser")
    assert not german.select("[data-mark]") and "Zunächst" in german.select_one(".kim-card__target").get_text()


def test_german_only_text_is_marked_in_german(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    office = content / "offices" / "hagen-rathaus-ii.yml"
    office.write_text("\n".join(line for line in office.read_text(encoding="utf-8").splitlines() if not line.strip().startswith("en: At first")) + "\n", encoding="utf-8")
    hagen = load(content).offices["hagen-rathaus-ii"]
    card = BeautifulSoup(str(PageHelpers("ar", "offices", TODAY).card(hagen, brief=False)), "html.parser")
    note = card.select_one("[data-slot=targetNote] bdi")
    assert (note["lang"], note["dir"]) == ("de", "ltr") and note.get_text().startswith("Zunächst")
    assert card.select_one("[data-mark]").get_text() == t("ar", "(in %(language)s)") % {"language": i18n.language_name("de", "ar")}


@pytest.mark.parametrize("language", ["ar", "uk"])
def test_finder_cards_and_office_pages_mark_text_in_another_language(shared_context, server, sample_site, language):
    """In the finder (the script fills the card) as on the page: the English note
    isolated and marked; the Arabic full stop stays at the end of the Arabic line."""
    mark = t(language, "(in %(language)s)") % {"language": i18n.language_name("en", language)}
    with watched(shared_context) as tab:
        tab.goto(f"{server}/{language}/finder/")
        target = tab.locator("[data-results] [data-office='hagen-rathaus-ii'] .kim-card__target")
        target.wait_for()
        note = target.locator("[data-slot=targetNote] bdi")
        assert (note.get_attribute("lang"), note.get_attribute("dir")) == ("en", "ltr")
        assert target.locator("[data-mark]").inner_text() == mark
        assert "Zunächst" not in target.inner_text()
    office = BeautifulSoup(page_path(sample_site, language, "offices/hagen-rathaus-ii").read_text(encoding="utf-8"), "html.parser")
    note = office.select_one(".kim-target__note")
    assert note["lang"] == "en" and mark in note.get_text()


# -- 3. fast on a slow phone: no chain --------------------------------------------------------------


def test_the_finder_starts_its_index_with_the_page_and_no_script_blocks(sample_site):
    """The Arabic finder: its index preloaded from <head> (as fetch() asks for it), and
    every script file deferred, so that our scripts run when they and the stylesheets
    are there, not after Material's bundle and the search's script."""
    path = page_path(sample_site, "ar", "finder")
    page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    preload = page.head.select_one("link[rel=preload][as=fetch]")
    assert preload is not None and preload.has_attr("crossorigin")
    assert Path(urljoin(path.as_posix(), preload["href"])) == sample_site / "ar" / "finder" / "offices.json"
    scripts = page.select("script[src]")
    assert len(scripts) >= 5
    assert [s["src"] for s in scripts if not (s.has_attr("defer") or s.has_attr("async"))] == []


def test_the_finder_fetches_its_index_once(shared_context, server):
    with watched(shared_context) as tab:
        requests: list[str] = []
        tab.on("request", lambda request: requests.append(request.url))
        tab.goto(f"{server}/ar/finder/")
        tab.locator("[data-results] [data-office]").first.wait_for()
        tab.wait_for_load_state("networkidle")
        assert [url for url in requests if url.endswith("offices.json")] == [f"{server}/ar/finder/offices.json"]


# -- 4. offline after a first visit -----------------------------------------------------------------


@contextlib.contextmanager
def offline_context(browser):
    context = browser.new_context(viewport=PHONE, service_workers="allow")
    try:
        yield context
    finally:
        context.close()


KEPT = """urls => caches.keys().then(names => Promise.all(names.map(n => caches.open(n).then(c => c.keys()))))
  .then(lists => { const kept = new Set(lists.flat().map(r => r.url)); return urls.every(u => kept.has(u)); })"""


def test_the_finder_and_an_opened_office_work_offline(browser, sample_site):
    """Published under a path (/kim/, as with site_url): the first visit registers the
    site's own service worker; with the server gone and the browser offline, the Arabic
    finder (with its index) and the office opened work, and say how old their data is."""
    with offline_context(browser) as context, watched(context) as tab:
        with serve(sample_site, under="/kim/") as url:
            finder, office = f"{url}/ar/finder/", f"{url}/ar/offices/hagen-rathaus-ii/"
            tab.goto(finder)
            tab.locator("[data-results] [data-office]").first.wait_for()
            worker = tab.wait_for_function("() => navigator.serviceWorker.controller && navigator.serviceWorker.controller.scriptURL")
            assert worker.json_value() == f"{url}/kim-sw.js"
            tab.wait_for_function(KEPT, arg=[finder, f"{finder}offices.json"])
            tab.goto(office)
            tab.locator("h1").wait_for()
            tab.wait_for_function(KEPT, arg=[office])
            assert tab.locator("[data-offline]").count() == 0
            built = tab.evaluate("KIM.config.built")  # the day of the build
        context.set_offline(True)
        date = tab.evaluate("iso => new Intl.DateTimeFormat('ar', {day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC'}).format(new Date(iso))", built)
        said = t("ar", "You are offline. The offices' data shown is from %(date)s.") % {"date": date}
        tab.goto(finder)
        tab.locator("[data-results] [data-office]").first.wait_for()
        assert tab.locator("[data-offline]").inner_text() == said
        tab.goto(office)
        assert "Hagen" in tab.locator("h1").inner_text()
        assert tab.locator("[data-offline]").inner_text() == said


def test_a_republished_page_is_shown_at_once_and_the_kept_copies_are_bounded(browser, sample_site, tmp_path):
    """With a connection the network answers first: the visit after a republication
    shows the new phone number, not the copy kept on the phone (which would be one visit
    late). What is kept stays within the worker's bound."""
    site = tmp_path / "site"
    shutil.copytree(sample_site, site)
    page = site / "offices" / "hagen-rathaus-ii" / "index.html"
    # Published a day ago: the browser's own cache would hold it as fresh for a while.
    day_ago = time.time() - 86400
    os.utime(page, (day_ago, day_ago))
    with offline_context(browser) as context, watched(context) as tab:
        with serve(site) as url:
            office = f"{url}/offices/hagen-rathaus-ii/"
            tab.goto(office)
            tab.wait_for_function("() => navigator.serviceWorker.controller")
            tab.wait_for_function(KEPT, arg=[office])
            page.write_text(page.read_text(encoding="utf-8").replace("<h1", '<h1 data-republished="yes"', 1), encoding="utf-8")
            tab.goto(office)
            assert tab.locator("h1").get_attribute("data-republished") == "yes"
            keep = int(re.search(r"var KEEP = (\d+);", (site / "kim-sw.js").read_text(encoding="utf-8"))[1])
            pages = sorted({p.parent for p in site.rglob("index.html")})[: keep + 20]
            tab.evaluate("urls => Promise.all(urls.map(u => fetch(u)))", [f"{url}/{p.relative_to(site).as_posix()}/" for p in pages])
            tab.wait_for_function(f"() => caches.keys().then(n => Promise.all(n.map(k => caches.open(k).then(c => c.keys())))).then(l => l.flat().length === {keep})")
