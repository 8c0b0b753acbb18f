"""Findable by search engines: sitemap, robots.txt, canonical and language links, the 404
pages, schema.org JSON-LD and the descriptions of office pages (issue 18).

The contract fixture's site.yml sets site_url under a sub-path (https://www.example.de/kim/);
the sample site has none; the hostile fixture puts editor text that tries to break out
into every field of the JSON-LD.
"""

from __future__ import annotations

import gzip
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin

import extruct
import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, SITE_LANGUAGES, page_path, serve, watched_tab
from generator import i18n
from generator.outputs.structured import script
from generator.staging.findable import built_pages
from generator.staging.policy import script_hashes

SITE_URL = "https://www.example.de/kim/"  # tests/fixtures/contract/site.yml
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def html(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def built_file(site: Path, address: str) -> Path:
    """The file a host serves for an address under site_url."""
    assert address.startswith(SITE_URL), address
    path = site / address[len(SITE_URL) :]
    return path / "index.html" if address.endswith("/") else path


def json_ld(path: Path) -> list[dict]:
    return extruct.extract(path.read_text(encoding="utf-8"), syntaxes=["json-ld"], uniform=False)["json-ld"]


def one_service(path: Path) -> dict:
    found = json_ld(path)
    assert len(found) == 1, found
    assert found[0]["@context"] == "https://schema.org" and found[0]["@type"] == "GovernmentService"
    return found[0]


# -- sitemap.xml and robots.txt ---------------------------------------------------------


def test_sitemap_lists_every_page_in_every_language_with_its_versions(contract_site):
    root = ET.fromstring((contract_site / "sitemap.xml").read_bytes())
    pages = built_pages(contract_site)
    expected = {SITE_URL + ("" if lang == "de" else f"{lang}/") + page for lang, found in pages.items() for page in found}
    urls = root.findall(f"{SITEMAP}url")
    locs = [url.find(f"{SITEMAP}loc").text for url in urls]
    assert len(locs) == len(set(locs)) and set(locs) == expected
    assert len(locs) == 10 * len(pages["de"]) and SITE_URL + "en/offices/kreis-team/" in locs
    for url in urls:
        loc = url.find(f"{SITEMAP}loc").text
        assert loc.startswith(SITE_URL) and built_file(contract_site, loc).is_file(), loc
        alternates = {link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")}
        assert set(alternates) == {*SITE_LANGUAGES, "x-default"}, loc
        assert loc in alternates.values()
        assert alternates["x-default"] == alternates["de"]
        for href in alternates.values():
            assert built_file(contract_site, href).is_file(), href
    assert gzip.decompress((contract_site / "sitemap.xml.gz").read_bytes()) == (contract_site / "sitemap.xml").read_bytes()


def test_robots_txt_names_the_sitemap(contract_site):
    robots = (contract_site / "robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *" in robots and f"Sitemap: {SITE_URL}sitemap.xml" in robots.splitlines()


def test_without_site_url_no_sitemap_and_no_none_anywhere(sample_site):
    # A sitemap needs absolute addresses: without site_url there is none, rather than
    # one with "None" or guessed addresses; canonical and language links likewise.
    assert not (sample_site / "sitemap.xml").exists() and not (sample_site / "sitemap.xml.gz").exists()
    robots = (sample_site / "robots.txt").read_text(encoding="utf-8")
    assert "User-agent: *" in robots and "Sitemap" not in robots
    for path in [page_path(sample_site, lang, "offices/herne-wanne-planb") for lang in SITE_LANGUAGES] + [sample_site / "index.html", sample_site / "404.html"]:
        page = html(path)
        assert not page.select("link[rel=canonical], link[hreflang], meta[property='og:url']"), path
        addresses = [tag.get("href") or tag.get("src") or tag.get("content") or "" for tag in page.find_all(["a", "link", "script", "img", "meta"])]
        assert not [a for a in addresses if "None" in a], path


# -- canonical and language links in the page -------------------------------------------


@pytest.mark.parametrize("language", ["de", "en", "ar"])
def test_canonical_and_hreflang_links_are_absolute_and_exist(contract_site, language):
    for page in ("offices/kreis-team", "topics/work", ""):
        path = page_path(contract_site, language, page) if page else (contract_site / ("" if language == "de" else language) / "index.html")
        head = html(path).head
        canonical = head.select("link[rel=canonical]")
        assert len(canonical) == 1 and canonical[0]["href"] == SITE_URL + ("" if language == "de" else f"{language}/") + (f"{page}/" if page else "")
        links = {link["hreflang"]: link["href"] for link in head.select("link[rel=alternate][hreflang]")}
        assert set(links) == {*SITE_LANGUAGES, "x-default"}, path
        assert links[language] == canonical[0]["href"] and links["x-default"] == links["de"]
        for lang, href in links.items():
            target = built_file(contract_site, href)
            assert target.is_file(), href
            assert html(target).html["lang"] == (lang if lang != "x-default" else "de")


def test_language_links_stay_in_the_page_and_nothing_fetches_a_sitemap(contract_site, browser):
    with serve(contract_site, under="/kim/") as url, watched_tab(browser, {"width": 1280, "height": 900}) as tab:
        requested: list[str] = []
        messages: list[str] = []
        tab.on("request", lambda request: requested.append(request.url))
        # A fetch to another host is blocked by the policy before it is a request.
        tab.on("console", lambda message: messages.append(message.text))
        tab.goto(f"{url}/en/offices/kreis-team/")
        tab.wait_for_load_state("networkidle")  # every request the page makes, made
        hreflangs = tab.eval_on_selector_all("head link[rel=alternate][hreflang]", "links => links.map(l => l.hreflang)")
        assert sorted(hreflangs) == sorted([*SITE_LANGUAGES, "x-default"])
        assert not [r for r in requested if "sitemap" in r], requested
        assert all(r.startswith(url) for r in requested), requested
        assert not [m for m in messages if "sitemap" in m or "example.de" in m], messages


# -- 404 pages -------------------------------------------------------------------------


@pytest.mark.parametrize("language", SITE_LANGUAGES)
def test_404_page_in_every_language_works_under_the_sub_path(contract_site, language):
    path = contract_site / ("404.html" if language == "de" else f"{language}/404.html")
    page = html(path)
    assert page.html["lang"] == language
    assert page.h1.get_text(strip=True) == i18n.gettext(language, "Page not found")
    assert i18n.gettext(language, "Page not found") in page.title.get_text()
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    prefix = "/kim/" if language == "de" else f"/kim/{language}/"
    article = page.select_one("article") or page
    assert article.find("a", string=re.compile(re.escape(i18n.gettext(language, "Go to the start page"))))["href"] == prefix
    assert article.find("a", string=re.compile(re.escape(i18n.gettext(language, "Find an office"))))["href"] == prefix + "finder/"
    # Served at any address: every link and asset is an absolute path under site_url's path.
    footer = {a["data-footer-link"]: a.get_text(strip=True) for a in page.select("[data-footer-link]")}
    assert footer["imprint"] == i18n.gettext(language, "Imprint")
    for tag, attribute in (("link", "href"), ("script", "src"), ("a", "href"), ("img", "src")):
        for element in page.find_all(tag):
            value = element.get(attribute)
            if not value or value.startswith(("https://", "mailto:", "tel:", "#")):
                continue
            assert value.startswith("/kim/"), (path, str(element))
            if tag != "a" or "md-button" in element.get("class", []):  # the fixture has no easy-language page
                assert built_file(contract_site, urljoin(SITE_URL, value.split("#")[0])).is_file(), (path, value)
    switcher = {a["hreflang"]: a["href"] for a in page.select("a.md-select__link[hreflang]")}
    assert switcher == {lang: "/kim/" + ("" if lang == "de" else f"{lang}/") for lang in SITE_LANGUAGES}


# -- schema.org JSON-LD ---------------------------------------------------------------


def test_json_ld_of_an_office_with_phone_address_and_languages(sample_site):
    for language in ("de", "ar"):
        service = one_service(page_path(sample_site, language, "offices/aachen-arkaden"))
        assert service["name"] == "Case Management der StädteRegion Aachen, Aachen-Arkaden"
        assert "url" not in service  # no site_url in the sample: no guessed address
        channel = service["availableChannel"]
        assert channel["servicePhone"]["telephone"] == "+4924151984622"
        assert channel["servicePhone"]["email"] == "kim-casemanagement@staedteregion-aachen.de"
        assert channel["availableLanguage"] == ["de", "ar", "ru", "ka", "bs", "tr", "fr", "en"]
        office, town_hall = channel["serviceLocation"]
        assert office["address"] == {"@type": "PostalAddress", "streetAddress": "Trierer Straße 1", "postalCode": "52078", "addressLocality": "Aachen", "addressCountry": "DE"}
        assert office["geo"] == {"@type": "GeoCoordinates", "latitude": 50.7658, "longitude": 6.1101}
        assert town_hall["address"]["addressLocality"] == "Eschweiler"
        assert "openingHoursSpecification" not in office and "hoursAvailable" not in service  # none published
        assert service["provider"][0]["@type"] == "Organization" and service["provider"][0]["url"] == "https://www.staedteregion-aachen.de/kim"
        assert service["areaServed"][0]["@type"] == "AdministrativeArea"
        # Not published: in no byte of the data.
        assert "Kretz" not in str(service)


def test_json_ld_opening_hours_have_the_right_days(sample_site):
    service = one_service(page_path(sample_site, "en", "offices/herne-sodingen-awo"))
    hours = {(spec["opens"], spec["closes"]): spec["dayOfWeek"] for spec in service["hoursAvailable"]}
    week = ["Monday", "Tuesday", "Wednesday", "Thursday"]
    assert hours == {("08:00", "16:30"): [f"https://schema.org/{d}" for d in week], ("08:00", "14:00"): ["https://schema.org/Friday"]}
    assert service["availableChannel"]["serviceLocation"][0]["openingHoursSpecification"] == service["hoursAvailable"]
    assert "servicePhone" not in service["availableChannel"]  # no phone or e-mail published
    assert service["availableChannel"]["availableLanguage"] == ["de"]
    assert service["audience"] == {"@type": "PeopleAudience", "audienceType": "Immigrants"}


def test_json_ld_with_site_url_dates_places_and_target_group(contract_site):
    service = one_service(page_path(contract_site, "en", "offices/kreis-team"))
    assert service["url"] == SITE_URL + "en/offices/kreis-team/"
    # Hours that ended are left out; announced ones carry their first day.
    (future,) = service["hoursAvailable"]
    assert future["opens"] == "09:00" and "validFrom" in future and len(future["dayOfWeek"]) == 5
    place = service["availableChannel"]["serviceLocation"][1]
    assert place["name"] == "Consultation in Dorfheim"
    assert place["openingHoursSpecification"][0]["dayOfWeek"] == ["https://schema.org/Wednesday"]
    assert service["audience"]["suggestedMinAge"] == 18 and service["audience"]["suggestedMaxAge"] == 27
    assert service["provider"] == [
        {"@type": "Organization", "name": "Stadt Musterstadt"},  # no website published: no url
        {"@type": "Organization", "name": "Verein für Beratung", "url": "https://example.org/verein"},
    ]
    # Contacts are not in the data; the unlisted (past, future) certainly not.
    assert "Person" not in str(service)


def test_hostile_text_cannot_leave_the_json_ld(hostile_site):
    for language in ("de", "ar"):
        path = page_path(hostile_site, language, "offices/hostile")
        text = path.read_text(encoding="utf-8")
        scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.DOTALL)
        assert len(scripts) == 1
        assert not re.search(r"[<>&]", scripts[0])  # escaped as \u003c, \u003e, \u0026
        service = one_service(path)
        assert service["url"] == "https://kim.example.org/" + ("" if language == "de" else f"{language}/") + "offices/hostile/"
        expected = 'kimxss-name-de <script>alert("de")</script><img src=x onerror="alert(3)"> </script> "q" \'s' if language == "de" else "kimxss-name-ar <img src=x onerror=alert(4)> مكتب"
        assert service["name"] == expected
        channel = service["availableChannel"]
        assert channel["servicePhone"]["telephone"] == "+4923256999194"
        assert channel["availableLanguage"] == ["de", "ar", "tr"]  # the office's, then its published contact's
        assert channel["serviceLocation"][0]["address"]["streetAddress"] == "kimxss-street <script>alert(6)</script>"
        days = {d for spec in service["hoursAvailable"] if "dayOfWeek" in spec for d in spec["dayOfWeek"]}
        assert days == {"https://schema.org/Monday", "https://schema.org/Wednesday"}
        closed = [(spec["validFrom"], spec["validThrough"]) for spec in service["hoursAvailable"] if "dayOfWeek" not in spec]
        assert closed == [("2030-12-23", "2031-01-02")]  # the closure of 2020 is over
        assert "Zyxwv" not in text.split("application/ld+json", 1)[1].split("</script>", 1)[0]
        # The page has exactly the scripts it had: none made of editor text.
        page = html(path)
        assert not [s for s in page.find_all("script") if "kimxss" in (s.get("src") or "")]


def test_json_ld_is_data_for_the_content_security_policy():
    # Not run by browsers: never hashed into the policy, never counted as blocked.
    element = script({"name": "</script><script>alert(1)</script><!--"})
    assert "</script><script>" not in element and "<!--" not in element
    assert script_hashes(f"<html><head></head><body>{element}</body></html>", []) == (set(), 0)


# -- descriptions, Open Graph and Twitter -----------------------------------------------


@pytest.mark.parametrize("language", ["de", "tr", "fa"])
def test_office_pages_describe_the_office_in_the_page_language(sample_site, language):
    page = html(page_path(sample_site, language, "offices/herne-wanne-planb"))
    description = page.find("meta", attrs={"name": "description"})["content"]
    assert "PlanB" in description and "Hauptstraße 221" in description
    assert i18n.gettext(language, "Languages:") in description and i18n.language_name("tr", language) in description
    og = {meta["property"]: meta["content"] for meta in page.select("meta[property^='og:']")}
    assert og["og:description"] == description and "PlanB" in og["og:title"]
    assert og["og:locale"] == {"de": "de_DE", "tr": "tr_TR", "fa": "fa_IR"}[language] and og["og:type"] == "website"
    assert og["og:site_name"] and "og:image" not in og and "og:url" not in og
    assert page.find("meta", attrs={"name": "twitter:card"})["content"] == "summary"
    # Other pages keep the site's description in their language, and every page the
    # site's name, both from content/site.yml, where editors keep the site's settings.
    settings = yaml.safe_load((ROOT / "content" / "site.yml").read_text(encoding="utf-8"))
    other = html(page_path(sample_site, language, "topics/work"))
    assert other.find("meta", attrs={"name": "description"})["content"] == settings["site_description"][language]
    assert og["og:site_name"] == settings["site_name"][language]
    assert other.title.get_text().endswith(settings["site_name"][language])


def test_og_url_is_the_canonical_address(contract_site):
    page = html(page_path(contract_site, "ar", "offices/kreis-team"))
    assert page.find("meta", attrs={"property": "og:url"})["content"] == SITE_URL + "ar/offices/kreis-team/"
    assert page.find("meta", attrs={"property": "og:locale"})["content"] == "ar_EG"


def test_hostile_office_description_is_text(hostile_site):
    page = html(page_path(hostile_site, "de", "offices/hostile"))
    description = page.find("meta", attrs={"name": "description"})["content"]
    assert description.startswith('kimxss-name-de <script>alert("de")</script>')
    assert page.find("meta", attrs={"property": "og:title"})["content"].startswith("kimxss-name-de <script>")
    assert not page.head.find("img") and not [s for s in page.head.find_all("script") if "alert" in s.get_text()]
