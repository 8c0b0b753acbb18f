"""The sample site as residents meet it: every office in ten languages, right-to-left
where needed, contacts one tap away, labels in the reader's language."""

from __future__ import annotations

import gzip
import json
import os
import re
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, SITE_LANGUAGES, page_path
from generator import i18n
from generator.reading.load import load

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


def test_contacts_have_tel_and_mailto_links(sample_site):
    page = soup(page_path(sample_site, "de", "offices/herne-wanne-planb"))
    contacts = page.select("[data-contact]")
    assert [c.select_one(".kim-contact__name strong").get_text() for c in contacts] == ["Firdevs Köklüoglu", "Ali Mohammad"]
    assert [a["href"] for a in contacts[0].select("a:not([data-vcard])")] == ["tel:+4923256999194", "mailto:f.koeklueoglu@planb-ruhr.de"]
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


def test_search_index_per_language(sample_site):
    """One Pagefind bundle at the root with an index per page language, of the articles
    only; no search plugin's whole-site index and none of Pagefind's own interfaces."""
    bundle = sample_site / "pagefind"
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    pages = {language: len(list((sample_site if language == "de" else sample_site / language).glob("offices/*/index.html"))) for language in SITE_LANGUAGES}
    assert set(entry["languages"]) == set(SITE_LANGUAGES)
    for language, index in entry["languages"].items():
        assert index["page_count"] >= pages[language] == len(OFFICES), language
    assert not list(sample_site.rglob("search_index.json"))
    assert not [p.name for p in bundle.iterdir() if p.name.startswith(("pagefind-ui", "pagefind-modular-ui", "pagefind-component-ui", "pagefind-highlight"))]
    assert {"pagefind.js", "pagefind-worker.js"} <= {p.name for p in bundle.iterdir()}


def search_fragments(site: Path) -> dict[str, dict]:
    """The pages as the search index holds them (Pagefind's fragments), by URL."""
    fragments = {}
    for path in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        fragment = json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        fragments[fragment["url"]] = fragment
    return fragments


@pytest.mark.parametrize("language", SITE_LANGUAGES)
def test_search_index_holds_no_form_labels_menus_or_footer(sample_site, language):
    """The finder's form, the maps' consent, the header, the menus and the footer are no
    search hits: the index holds the articles only."""
    prefix = "/" if language == "de" else f"/{language}/"
    fragments = search_fragments(sample_site)
    finder = fragments[prefix + "finder/"]
    assert finder["meta"]["title"] == i18n.gettext(language, "Find an office")
    labels = ["Type to shorten the list", "Any municipality", "Any district", "Your postcode", "Who is it for?", "Near me", "Show the map", "Show more offices"]
    assert [label for label in labels if i18n.gettext(language, label) in finder["content"]] == []
    office = fragments[prefix + "offices/herne-wanne-planb/"]["content"]
    footer = [i18n.gettext(language, label) for label in ("Imprint", "Privacy", "Legal notices and accessibility")]
    assert [words for words in footer if words in office] == []
    assert i18n.gettext(language, "Show the map") not in office


@pytest.mark.parametrize("language", ["de", "ar"])
def test_an_office_is_found_on_its_own_page_and_a_list_by_its_own_words(sample_site, language):
    """The pages that list offices are indexed without their cards (staging/search.py):
    an office's name finds its page, not every list that shows it; a list is still found
    by its title and lead."""
    prefix = "/" if language == "de" else f"/{language}/"
    fragments = search_fragments(sample_site)
    office = load(ROOT / "content").offices["herne-sodingen-awo"]
    name = office.name.get(language)
    others = tuple(f"/{code}/" for code in SITE_LANGUAGES if code not in (language, "de"))
    found = [url for url, fragment in fragments.items() if url.startswith(prefix) and not url.startswith(others) and name in fragment["content"]]
    assert found == [f"{prefix}offices/herne-sodingen-awo/"]
    lists = [f"{prefix}offices/", f"{prefix}professionals/", f"{prefix}map/", f"{prefix}municipalities/herne/", f"{prefix}topics/{office.topics[0]}/", f"{prefix}finder/{office.all_languages[0]}/"]
    for url in lists:
        built = soup(sample_site / url.removeprefix("/") / "index.html")
        assert name in built.select_one("[data-pagefind-body]").get_text(), url  # the page shows the office
        assert fragments[url]["meta"]["title"] == built.select_one("article h1").get_text().strip(), url


def test_a_list_without_its_cards_keeps_what_is_around_them():
    from generator.staging.search import without_cards

    page = '<article><h1>Wohnen</h1><p>Vorher</p><ul class="kim-cards"><li><ul class="kim-chips"><li>Türkçe</li></ul></li></ul><p>Dazwischen</p><ul class="kim-cards kim-directory"><li>B</li></ul><ul class="kim-cardsets"><li>C</li></ul><ul><li>Nachher</li></ul></article>'
    assert without_cards(page) == "<article><h1>Wohnen</h1><p>Vorher</p><p>Dazwischen</p><ul class=\"kim-cardsets\"><li>C</li></ul><ul><li>Nachher</li></ul></article>"
    unclosed = '<article><ul class="kim-cards"><li>A</li></article>'
    assert without_cards(unclosed) == unclosed


@pytest.mark.parametrize("language", ["de", "ar"])
def test_search_indexes_the_article_and_not_the_finder_form(sample_site, language):
    page = soup(page_path(sample_site, language, "offices/herne-wanne-planb"))
    body = page.select("[data-pagefind-body]")
    assert len(body) == 1 and body[0].find_parent("article") is not None
    finder = soup(page_path(sample_site, language, "finder"))
    assert finder.select_one("form[data-finder-form]").has_attr("data-pagefind-ignore")
    assert all(m.has_attr("data-pagefind-ignore") for m in finder.select(".kim-map"))
    if language != "de":
        notice = soup(page_path(sample_site, language, "topics/housing")).select_one("[data-pagefind-body] .kim-notice")
        assert notice is not None and notice.has_attr("data-pagefind-ignore")


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

    with (ROOT / "generator" / "i18n" / "locales" / language / "LC_MESSAGES" / "kim.po").open("rb") as f:
        catalog = read_po(f)
    missing = [m.id for m in catalog if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)) or m.fuzzy)]
    assert missing == []


def test_a_view_that_a_killed_build_left_is_removed_by_the_next_index(tmp_path):
    """kill -9 during indexing leaves the search's view (hard links to pages) beside the
    site; the next index removes such a view once it is older than any indexing runs,
    and leaves a recent one (another build's, indexing now)."""
    from generator.staging.search import STALE_S, VIEW, index_site

    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text('<!DOCTYPE html><html lang="de"><head><title>Start</title></head><body><main data-pagefind-body><h1>Beratung</h1><p>Hallo</p></main></body></html>', encoding="utf-8")
    stale, recent = tmp_path / f"{VIEW}old", tmp_path / f"{VIEW}now"
    for view in (stale, recent):
        (view / "offices").mkdir(parents=True)
        os.link(site / "index.html", view / "offices" / "index.html")
    past = time.time() - STALE_S - 60
    os.utime(stale, (past, past))
    assert index_site(site)["pages"] == 1
    assert not stale.exists() and recent.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["site", recent.name])
