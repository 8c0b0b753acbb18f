"""Content pages in ten languages: translations and their notices, German fallbacks,
the pages a public body must publish (filled from content/site.yml), footer links,
topic pages with their offices, and internal links that resolve in every language."""

from __future__ import annotations

import datetime as dt
import posixpath
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, kim_in_process, page_path, serve
from generator import i18n
from generator.contract.records import TOPICS
from generator.reading.load import load
from generator.reading.pages import split_front_matter

LANGUAGES = i18n.SITE_LANGUAGES
OTHERS = [code for code in LANGUAGES if code != "de"]
LEGAL = ["accessibility", "imprint", "privacy"]
PAGES = ["", "professionals", "easy-language", "sign-language", *LEGAL, *(f"topics/{topic}" for topic in TOPICS)]
FOOTER = ["imprint", "privacy", "accessibility", "easy-language", "sign-language", "data"]


@cache
def html(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def article(site: Path, language: str, path: str) -> BeautifulSoup:
    return html(page_path(site, language, path)).select_one("article")


def source(base: str, language: str) -> Path:
    """The hand-written file of a page in the sample content."""
    name = (base or "index") + ("" if language == "de" else f".{language}") + ".md"
    return ROOT / "content" / name


t = i18n.gettext  # a message in one language


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_content_page_exists_in_every_language(sample_site, language):
    missing = [path for path in PAGES if not page_path(sample_site, language, path).is_file()]
    assert missing == []


@pytest.mark.parametrize("language", OTHERS)
def test_no_untranslated_page_lacks_its_notice(sample_site, language):
    fallback = t(language, "This page is not yet available in this language. Here is the German text.")
    machine = t(language, "This page was translated by machine and has not been checked yet.")
    for path in PAGES:
        body = article(sample_site, language, path)
        notices = [n.get_text(" ", strip=True) for n in body.select(".kim-notice")]
        own = source(path, language)
        if own.is_file():
            meta, _ = split_front_matter(own.read_text(encoding="utf-8"))
            if meta.get("translation") == "machine":
                assert any(n.startswith(machine) for n in notices), (language, path)
                link = body.select_one(".kim-notice a[hreflang=de]")
                german = posixpath.normpath(posixpath.join(f"/{language}/{path}/".replace("//", "/"), link["href"]))
                assert german.rstrip("/") == f"/{path}".rstrip("/"), (language, path, german)
            else:
                assert not notices, (language, path)
        elif path in LEGAL:
            assert any(n.startswith(machine) for n in notices), (language, path)  # catalog texts, not reviewed
        else:
            expected = t(language, "This page is only available in German.") if path in ("easy-language", "sign-language") else fallback
            assert expected in notices, (language, path)
            german = body.select_one("div[lang=de][dir=ltr]")
            assert german and german.get_text(strip=True), (language, path)
            # the German title is inside the German block, not above the notice
            assert not body.select("h1:not(div[lang=de] h1)") and german.select_one("h1"), (language, path)


@pytest.mark.parametrize("language", LANGUAGES)
def test_right_to_left_only_in_arabic_and_persian_german_text_stays_left_to_right(sample_site, language):
    for path in ("", "easy-language", "topics/work", "offices/herne-wanne-planb"):
        page = html(page_path(sample_site, language, path))
        direction = page.body.get("dir")
        assert direction == ("rtl" if language in ("ar", "fa") else "ltr"), (language, path)
    if language != "de":
        german = article(sample_site, language, "easy-language").select_one("div[lang=de]")
        assert german["dir"] == "ltr"


def site_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "assets" not in p.parts and p.name == "index.html")


def language_of(site: Path, path: Path) -> str:
    first = path.relative_to(site).parts[0]
    return first if first in OTHERS else "de"


def parsed(path: Path) -> lxml.html.HtmlElement:
    """A page as lxml reads it: the scans over every page of the site need its speed."""
    return lxml.html.fromstring(path.read_bytes())


def test_every_page_links_to_the_legal_and_accessibility_pages(sample_site):
    pages = site_pages(sample_site)
    assert len(pages) > 300
    for path in pages:
        language = language_of(sample_site, path)
        links = parsed(path).xpath('//*[contains(concat(" ", normalize-space(@class), " "), " kim-footer-links ")]//a')
        assert [a.get("data-footer-link") for a in links] == FOOTER, path
        for a in links:
            target = (path.parent / a.get("href")).resolve() / "index.html"
            assert target == page_path(sample_site, language, a.get("data-footer-link")).resolve(), (path, a.get("href"))


def test_internal_links_resolve_and_stay_in_the_language(sample_site):
    for path in site_pages(sample_site):
        language = language_of(sample_site, path)
        for a in parsed(path).xpath("//a[@href]"):
            href = a.get("href")
            if urlsplit(href).scheme or href.startswith(("#", "//")):
                continue
            target_path = urlsplit(href).path
            if not target_path:
                continue
            # Material's language switch links by absolute path from the site root.
            target = (sample_site / target_path.lstrip("/") if target_path.startswith("/") else path.parent / target_path).resolve()
            if target_path.endswith("/") or target.is_dir():
                target = target / "index.html"
            assert target.is_file(), (path, href)
            if target.suffix == ".html" and sample_site.resolve() in target.parents:
                if language_of(sample_site.resolve(), target) != language:
                    assert a.get("hreflang"), f"{path}: {href} leaves the language without hreflang"


@pytest.mark.parametrize("language", ["de", "ar", "uk"])
def test_topic_pages_list_exactly_the_offices_with_that_topic(sample_site, language):
    directory = load(ROOT / "content")
    for topic in TOPICS:
        listed = {li["data-office"] for li in article(sample_site, language, f"topics/{topic}").select("[data-office]")}
        assert listed == {o.slug for o in directory.offices_with_topic(topic)}, (language, topic)


def test_start_page_in_persian_leads_to_the_finder_on_a_phone(sample_site, browser):
    """The start page in Persian on a phone says what case management is, and the
    finder is one tap away without scrolling."""
    with serve(sample_site) as url:
        context = browser.new_context(service_workers="block", viewport={"width": 390, "height": 844})
        try:
            tab = context.new_page()
            tab.goto(f"{url}/fa/")
            assert tab.locator("body").get_attribute("dir") == "rtl"
            assert "مدیریت پرونده" in tab.locator("article h2").first.inner_text()
            button = tab.locator("article a.md-button--primary").first
            box = button.bounding_box()
            assert box["y"] + box["height"] <= 844, "the way to the finder is below the first screen"
            button.click()
            tab.wait_for_load_state()
            assert urlsplit(tab.url).path == "/fa/finder/"
            # no page scrolls sideways on the phone, German fallback text included
            for path in ("", "easy-language/", "sign-language/", "professionals/", "privacy/", "offices/aachen-arkaden/"):
                tab.goto(f"{url}/fa/{path}")
                assert tab.evaluate("document.documentElement.scrollWidth") <= 390, path
                # German lists are indented on the left, where their bullets are
                margins = tab.eval_on_selector_all("article div[lang=de] li", "items => items.map(li => parseFloat(getComputedStyle(li).marginLeft))")
                assert all(m > 0 for m in margins), path
        finally:
            context.close()


def test_what_the_privacy_page_says_the_browser_stores(sample_site, browser):
    """No cookies; in local storage only the map consent the privacy page names."""
    with serve(sample_site) as url:
        context = browser.new_context(service_workers="block")
        try:
            tab = context.new_page()
            tab.route("https://tile.openstreetmap.org/**", lambda route: route.fulfill(status=204))
            for path in ("/", "/finder/?language=ar", "/offices/hagen-rathaus-ii/", "/map/"):
                tab.goto(url + path)
                tab.wait_for_load_state("networkidle")
            tab.click("[data-map-consent]")
            tab.wait_for_selector("[data-map-ready]")
            tab.locator("[data-kim-search-query]").focus()
            tab.keyboard.type("Herne")
            tab.wait_for_function("() => document.querySelector('[data-kim-search]').getAttribute('data-kim-searched') === 'Herne'")
            keys = tab.evaluate("Object.keys(localStorage)")
            assert tab.evaluate("Object.keys(sessionStorage)") == []
            assert tab.evaluate("document.cookie") == ""
            assert context.cookies() == []
        finally:
            context.close()
    assert keys == ["kim-map-consent"], keys
    privacy = article(sample_site, "de", "privacy").get_text()
    assert "kim-map-consent" in privacy and "tile.openstreetmap.org" in privacy


@pytest.mark.parametrize("language", ["de", "fa"])
def test_the_map_consent_is_withdrawn_on_the_privacy_page(sample_site, browser, language):
    prefix = "" if language == "de" else f"/{language}"
    with serve(sample_site) as url:
        context = browser.new_context(service_workers="block")
        try:
            tab = context.new_page()
            tab.route("https://tile.openstreetmap.org/**", lambda route: route.fulfill(status=204))
            tab.goto(f"{url}{prefix}/privacy/")
            forget = tab.locator("[data-map-forget] button")
            forget.click()
            assert tab.locator("[data-map-forgotten]").inner_text() == t(language, "This browser has not stored a consent to the map.")
            tab.goto(f"{url}{prefix}/map/")
            tab.click("[data-map-consent]")
            tab.wait_for_selector("[data-map-ready]")
            tab.goto(f"{url}{prefix}/privacy/")
            forget.click()
            assert tab.locator("[data-map-forgotten]").inner_text() == t(language, "Done: the maps stay hidden until you agree again.")
            assert tab.evaluate("Object.keys(localStorage)") == []
            tab.goto(f"{url}{prefix}/map/")
            assert tab.locator("[data-map-placeholder]").is_visible()
            assert tab.locator("[data-map-ready]").count() == 0
        finally:
            context.close()


SETTING_NAMES = ("site.yml", "publisher", "represented_by", "content_responsible", "data_protection_officer", "hosting", "log_days", "accessibility.")


@pytest.mark.parametrize("language", LANGUAGES)
def test_sample_legal_pages_leave_out_what_is_not_filled_in(sample_site, language):
    """The sample names no publisher, representative, content responsible, data protection
    officer or host: the pages leave those parts out and show readers no setting's name
    (the editor reads them in `kim check`'s warnings)."""
    for path in LEGAL:
        page = article(sample_site, language, path)
        words = page.get_text(" ")
        assert not [name for name in SETTING_NAMES if name in words], (language, path)
        assert not page.select("[data-missing], .kim-missing"), (language, path)
    headings = {h.get_text(strip=True) for path in LEGAL for h in article(sample_site, language, path).select("h2")}
    assert not headings & {t(language, h) for h in ("Publisher", "Represented by", "Responsible for the content", "Who is responsible", "Data protection officer", "Report a barrier")}
    privacy = article(sample_site, language, "privacy").get_text(" ")
    assert t(language, "The server is operated by:") not in privacy
    # what the sample does say is there
    assert "Landesbeauftragte für Datenschutz" in privacy and t(language, "You can complain to the data protection supervisory authority:") in privacy
    assert "ombudsstelle-barrierefreie-it@mags.nrw.de" in article(sample_site, language, "accessibility").get_text()


def test_settings_not_filled_in_are_warnings_in_german(monkeypatch):
    """Each setting the legal pages need and do not have is one warning line for the
    editor, in German (an editor's default), naming content/site.yml, the field and what
    the page leaves out."""
    monkeypatch.delenv("KIM_EDITOR_LANGUAGE")
    lines = kim_in_process("check", cwd=ROOT).stdout.splitlines()
    gaps = {line.split(": Warnung: ")[1].split(":")[0]: line for line in lines if line.startswith("content/site.yml:") and "noch nicht ausgefüllt" in line}
    assert set(gaps) == {"publisher", "represented_by", "content_responsible", "data_protection_officer", "hosting", "accessibility.feedback"}
    assert ": Warnung: publisher: noch nicht ausgefüllt: Impressum und Datenschutzerklärung nennen keinen Herausgeber. Tragen Sie es in content/site.yml ein" in gaps["publisher"]
    assert "die Datenschutzerklärung sagt nicht, wer den Webserver betreibt" in gaps["hosting"]


# -- legal pages and translations, from the contract fixture's settings ------------------------


def test_imprint_privacy_and_accessibility_from_settings(contract_site):
    imprint = article(contract_site, "de", "imprint").get_text(" ")
    for fact in ("Stadt Musterstadt (Testdaten)", "Teststraße 1", "54321 Musterstadt", "kim@example.org", "Die Bürgermeisterin der Stadt Musterstadt", "Testperson Inhalt"):
        assert fact in imprint
    assert "Medienstaatsvertrag" in imprint and "Angaben gemäß § 5 Digitale-Dienste-Gesetz (DDG):" in imprint
    privacy = article(contract_site, "de", "privacy").get_text(" ")
    for fact in ("tiles.example.org", "kim-map-consent", "Hosting GmbH (Test)", "datenschutz@example.org", "Aufsichtsbehörde (Test)", "nach 7 Tagen", "Art. 6 Abs. 1 lit. e DSGVO"):
        assert fact in privacy
    assert not article(contract_site, "de", "privacy").select("[data-missing]")
    access = article(contract_site, "en", "accessibility")
    words = access.get_text(" ")
    assert t("en", "This website is partly accessible according to BITV NRW. The parts that are not accessible are listed below.") in words
    assert i18n.date_text(dt.date(2026, 10, 1), "en") in words and "Self-assessment (test)." in words and "The old minutes are scanned PDF files." in words
    assert access.select_one("a[href='mailto:barrieren@example.org']")
    assert access.select_one("a[href='https://example.com/ombud']")
    assert not article(contract_site, "de", "imprint").select("[data-missing]")


def test_reviewed_translations_carry_no_notice(contract_site):
    # site.yml: reviewed_languages: [en]; professionals.en.md: translation: reviewed
    for path in ("imprint", "privacy", "accessibility", "professionals"):
        assert not article(contract_site, "en", path).select(".kim-notice"), path
        assert article(contract_site, "tr", path).select(".kim-notice"), path
    arabic = article(contract_site, "ar", "professionals")
    assert arabic.select_one("div[lang=de]").get_text(" ", strip=True).startswith("Für Fachkräfte")
    # the generated contacts come after the German text, in the reader's language
    assert arabic.select_one("div[lang=de] ~ h3")
    assert "Kreis-Team Muster" in arabic.get_text()


def test_sign_language_videos_are_self_hosted_with_size_and_running_time(contract_site):
    page = article(contract_site, "de", "sign-language")
    video = page.select_one("video")
    assert (page_path(contract_site, "de", "sign-language").parent / video["src"]).resolve() == (contract_site / "files" / "dgs" / "intro.mp4").resolve()
    caption = page.select_one("figcaption").get_text(" ")
    assert "3:20" in caption and "Einführung in DGS" in caption and "kB" in caption
    assert page.select_one("figcaption a[download]")
    # in other languages: the German page with a notice
    assert article(contract_site, "uk", "sign-language").select_one("div[lang=de] video")


@pytest.mark.parametrize("language", ["de", "ar"])
def test_professionals_find_the_team_for_each_town(contract_site, language):
    page = article(contract_site, language, "professionals")
    kreis = next(h for h in page.select("h3") if "Kreis Muster" in h.get_text())
    towns = kreis.find_next_sibling("p", class_="kim-towns")
    assert t(language, "Responsible for:") in towns.get_text() and [a.get_text() for a in towns.select("a")] == ["Dorfheim"]
    listed = {card.select_one(".kim-card__name").get_text(): card.get_text(" ") for card in page.select(".kim-directory .kim-card")}
    assert t(language, "Coordination office") in listed["Koordinierende Stelle Musterstadt"]
    assert t(language, "Not taking on new clients at the moment") in listed["Beratung Voll"]
    assert t(language, "Coordination office") not in listed["Kreis-Team Muster"]


def test_pages_speak_each_language_in_its_own_words(sample_site):
    """Meta descriptions per language, language names marked with their language,
    Georgian not capitalised into letters fonts lack."""
    descriptions = {language: html(page_path(sample_site, language, "")).select_one("meta[name=description]")["content"] for language in LANGUAGES}
    assert len(set(descriptions.values())) == len(LANGUAGES)
    assert descriptions["de"].startswith("Kostenlose Beratung")
    switcher = html(page_path(sample_site, "fa", "")).select("a.md-select__link")
    assert {a["hreflang"] for a in switcher} == set(LANGUAGES) and all(a["lang"] == a["hreflang"] for a in switcher)
    finder = html(page_path(sample_site, "de", "finder")).get_text()
    assert "ქართული" in finder and "Ქართული" not in finder


@pytest.mark.parametrize("language", ["de", "ar"])
def test_no_dead_ends(sample_site, language):
    """A topic no office names leads to the finder; an office without any contact
    says so; the statement names the missing sign-language videos."""
    load_content = load(ROOT / "content")
    empty = next(topic for topic in TOPICS if not load_content.offices_with_topic(topic))
    page = article(sample_site, language, f"topics/{empty}")
    assert page.select_one(".kim-empty") and page.select_one("a.md-button[href$='finder/']")
    dormagen = article(sample_site, language, "offices/dormagen")
    said = [p.get_text(strip=True) for p in dormagen.select("[data-access] p")]
    assert said[-1] == t(language, "This office has not published a phone number, e-mail address or website here yet.")
    sodingen = [p.get_text(strip=True) for p in article(sample_site, language, "offices/herne-sodingen-awo").select("[data-access] p")]
    assert t(language, "This office has not published a phone number, e-mail address or website here yet.") not in sodingen
    statement = article(sample_site, language, "accessibility").get_text(" ")
    assert " ".join(t(language, "There are no videos in German Sign Language yet. The sign language page says how to reach the offices instead.").split()) in " ".join(statement.split())
