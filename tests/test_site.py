"""The sample site as residents meet it: every office in ten languages, right-to-left
where needed, contacts one tap away, labels in the reader's language."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, SITE_LANGUAGES, page_path
from generator import i18n
from generator.load import load

OFFICES = sorted(p.stem for p in (ROOT / "content" / "offices").glob("*.yml"))


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_sample_has_the_seed_offices():
    assert {"herne-wanne-planb", "herne-sodingen-awo", "aachen-arkaden", "hagen-rathaus-ii", "dormagen"} <= set(OFFICES)
    # Eschweiler town hall is one of the StädteRegion's places, not an office of its own.
    aachen = load(ROOT / "content").offices["aachen-arkaden"]
    assert [place.address.city for place in aachen.consultations] == ["Eschweiler"]


@pytest.mark.parametrize("language", SITE_LANGUAGES)
def test_every_office_page_exists_in_every_language(sample_site, language):
    for slug in OFFICES:
        page = soup(page_path(sample_site, language, f"offices/{slug}"))
        assert page.html["lang"] == language
        assert page.find("h1") is not None
        assert page.select_one(".kim-appointment") is not None
    for path in ("", "offices", "topics", "municipalities/herne", "topics/housing"):
        assert page_path(sample_site, language, path).exists(), path


@pytest.mark.parametrize("language", SITE_LANGUAGES)
def test_right_to_left_only_in_arabic_and_persian(sample_site, language):
    page = soup(page_path(sample_site, language, "offices/herne-wanne-planb"))
    assert page.body["dir"] == ("rtl" if language in ("ar", "fa") else "ltr")


def test_contacts_have_tel_and_mailto_links(sample_site):
    page = soup(page_path(sample_site, "de", "offices/herne-wanne-planb"))
    contacts = page.select("[data-contact]")
    assert [c.select_one(".kim-contact__name strong").get_text() for c in contacts] == ["Firdevs Köklüoglu", "Ali Mohammad"]
    assert [a["href"] for a in contacts[0].select("a")] == ["tel:+4923256999194", "mailto:f.koeklueoglu@planb-ruhr.de"]
    assert contacts[1].select_one('a[href^="tel:"]')["href"] == "tel:+4923256999195"
    # The office line, written "0241/51984622" in the YAML, dials in E.164.
    aachen = soup(page_path(sample_site, "ar", "offices/aachen-arkaden"))
    assert aachen.select_one('.kim-office-summary a[href^="tel:"]')["href"] == "tel:+4924151984622"


def test_unpublished_sample_contact_is_nowhere(sample_site):
    # Marlene Kretz is named in the press but marked publish: false.
    for path in sample_site.rglob("*"):
        if path.is_file():
            assert b"Kretz" not in path.read_bytes(), path


@pytest.mark.parametrize("language", [lang for lang in SITE_LANGUAGES if lang != "en"])
def test_labels_are_translated(sample_site, language):
    page = soup(page_path(sample_site, language, "offices/hagen-rathaus-ii"))
    headings = [h.get_text(strip=True) for h in page.select("article h2")]
    expected = [i18n.gettext(language, label) for label in ("Who this office is for", "Address", "Phone hours", "Languages", "Topics")]  # Hagen publishes no opening hours: no such section
    assert [h for h in headings if h in expected] == expected
    for english in ("Address", "Opening hours", "Languages", "Topics", "Call", "Last checked"):
        assert english not in page.select_one("article").get_text(), (language, english)


def test_opening_hours_use_cldr_weekday_names(sample_site):
    de = soup(page_path(sample_site, "de", "offices/herne-sodingen-awo"))
    rows = {r.th.get_text(): r.td.get_text() for r in de.select(".kim-hours__table tr")}
    assert rows["Montag"] == "08:00–16:30"
    assert rows["Freitag"] == "08:00–14:00"
    assert rows["Sonntag"] == i18n.gettext("de", "closed")
    ar = soup(page_path(sample_site, "ar", "offices/herne-sodingen-awo"))
    assert [r.th.get_text() for r in ar.select(".kim-hours__table tr")][0] == "الاثنين"


def test_languages_shown_by_own_name_and_in_page_language(sample_site):
    page = soup(page_path(sample_site, "de", "offices/herne-wanne-planb"))
    chips = [c.get_text() for c in page.select(".kim-languages .kim-chip")]
    assert "العربية (Arabisch)" in chips
    assert "Türkçe (Türkisch)" in chips


def test_links_between_pages_stay_in_the_language(sample_site):
    page = soup(page_path(sample_site, "ar", "offices/herne-wanne-planb"))
    topic_link = page.select_one(".kim-topics a")["href"]
    target = (page_path(sample_site, "ar", "offices/herne-wanne-planb").parent / topic_link / "index.html").resolve()
    assert target.is_relative_to((sample_site / "ar").resolve()) and target.exists()
    switcher = {a.get("hreflang"): a["href"] for a in page.select("a[hreflang]")}
    assert switcher["de"].rstrip("/").endswith("offices/herne-wanne-planb")


@pytest.mark.parametrize("language", SITE_LANGUAGES)
def test_search_index_per_language(sample_site, language):
    folder = sample_site if language == "de" else sample_site / language
    index = json.loads((folder / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] or index["config"]["pipeline"] is not None
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert "offices/herne-wanne-planb/" in locations
    assert not any(loc.split("/")[0] in SITE_LANGUAGES for loc in locations), "other languages' pages in the index"
    titles = " ".join(doc["text"] for doc in index["docs"])
    assert i18n.gettext(language, "Interpreters can be brought in for other languages.") in titles


def test_no_request_to_another_host(sample_site):
    external = re.compile(r"^(https?:)?//", re.I)
    for html in sample_site.rglob("*.html"):
        page = soup(html)
        for tag, attribute in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"), ("source", "src")):
            for element in page.find_all(tag):
                value = element.get(attribute, "")
                if tag == "link" and not set(element.get("rel", [])) & {"stylesheet", "preload", "modulepreload", "icon", "manifest"}:
                    continue
                assert not external.match(value), (html, str(element))
    css = " ".join(p.read_text(encoding="utf-8") for p in sample_site.rglob("*.css"))
    assert "fonts.googleapis" not in css and "@import url(http" not in css


@pytest.mark.parametrize("language", [lang for lang in SITE_LANGUAGES if lang != "en"])
def test_every_message_is_translated(language):
    from babel.messages.pofile import read_po

    with (ROOT / "generator" / "locales" / language / "LC_MESSAGES" / "kim.po").open("rb") as f:
        catalog = read_po(f)
    missing = [m.id for m in catalog if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)) or m.fuzzy)]
    assert missing == []
