"""The extended data contract, rendered: office kinds, target groups, access, dated
hours, further places, several carriers, responsibility by Kreis, phones, address
details, optional location, documents and capacity (fixture tests/fixtures/contract,
dates relative to today). Office pages in every language, finder and map in Chromium."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from bs4 import BeautifulSoup

from conftest import FIXTURE_DATES, MAP_MOVING, page_path, serve, settle
from generator import i18n

LANGUAGES = i18n.SITE_LANGUAGES
KREIS, KOORD, STADT, VOLL, OHNE, NEU = "kreis-team", "koordination", "stadt-buero", "voll", "ohne-ort", "neu"


def page(site, language, path) -> BeautifulSoup:
    return BeautifulSoup(page_path(site, language, path).read_text(encoding="utf-8"), "html.parser")


t = i18n.gettext  # a message in one language


def text_of(soup: BeautifulSoup) -> str:
    return " ".join(soup.select_one("article").get_text(" ").split())


@pytest.mark.parametrize("language", LANGUAGES)
def test_office_page_shows_the_new_fields(contract_site, language):
    soup = page(contract_site, language, f"offices/{KREIS}")
    words = text_of(soup)
    # who it is for: ages, group, years in the area, the note
    assert t(language, "Aged %(min)d to %(max)d") % {"min": 18, "max": 27} in words
    assert t(language, "Refugees") in words
    assert i18n.translations(language).ngettext(
        "For people who have lived in the area for at most %(num)d year.", "For people who have lived in the area for at most %(num)d years.", 3
    ) % {"num": 3} in words
    note = soup.select_one("p.kim-target__note")
    mark = note.select_one(".kim-in-language")
    if mark:
        mark.extract()
    # The page's language, else English, else German (values.Text.language_of).
    assert note.get_text().strip() == ("Nur für junge Geflüchtete." if language == "de" else "Only for young refugees.")
    if language not in ("de", "en"):
        assert (note["lang"], note["dir"]) == ("en", "ltr")
        # said in the reader's language, and read out in it
        assert mark and mark["lang"] == language and i18n.language_name("en", language) in mark.get_text()
    # access: referral only, outreach
    assert " ".join(t(language, "Only by referral: another service (for example a counselling service, the job centre or a school) gets in touch for you.").split()) in words
    assert soup.select_one(".kim-outreach")
    # two carriers, both named
    facts = soup.select_one(".kim-facts").get_text()
    assert "Stadt Musterstadt" in facts and "Verein für Beratung" in facts
    # address details and directions, in the page's language where written
    address = soup.select_one(".kim-address")
    expected_extra = "2. OG, Raum 255" if language == "de" else "2nd floor, room 255"  # else English, else German
    assert expected_extra in address.get_text()
    if language not in ("de", "en"):
        assert address.select_one("address span[lang=en]")
    assert soup.select_one(".kim-directions")
    # phone hours in their own table; a place of its own with its hours
    assert soup.select_one(".kim-phone-hours table")
    place = soup.select_one(".kim-places .kim-place")
    assert "Dorfplatz 1" in place.get_text() and place.select_one("table")
    # the office map holds the office and the further place
    points = json.loads(soup.select_one("[data-map=office]")["data-points"])
    assert [p[:2] for p in points] == [[51.7, 7.7], [51.8, 7.9]]
    # responsibility by municipality and district
    responsible = soup.select_one(".kim-responsible").get_text()
    assert "Kreis Muster" in responsible and "Oberdorf" in responsible
    # documents with language, type and size; the file is in the site
    document = soup.select_one(".kim-documents li")
    assert "PDF" in document.get_text() and document.select_one("a")["hreflang"] == "ar"
    href = document.select_one("a")["href"]
    assert (page_path(contract_site, language, f"offices/{KREIS}").parent / href).resolve() == (contract_site / "files" / "flyer-ar.pdf").resolve()


def test_hours_hold_from_and_until_a_date(contract_site):
    soup = page(contract_site, "de", f"offices/{KREIS}")
    # the rule that ended is gone, the coming one is announced: no week of "closed" until then
    assert not soup.select(".kim-hours:not(.kim-phone-hours) table")
    change = soup.select_one(".kim-hours__changes").get_text()
    assert i18n.date_text(FIXTURE_DATES["{FUTURE}"], "de") in change and "09:00" in change
    # By referral only: that is all there is to say about how to get in.
    assert [p.get_text() for p in soup.select("[data-access] p")] == [t("de", "Only by referral: another service (for example a counselling service, the job centre or a school) gets in touch for you.")]


def test_contact_phones_title_and_own_hours(contract_site):
    soup = page(contract_site, "de", f"offices/{KREIS}")
    contact = soup.select_one("[data-contact]")
    tel = [a["href"] for a in contact.select("a[href^='tel:']")]
    assert tel == ["tel:+49301111111", "tel:+491712345678"]  # the fax is no call button
    assert "Fax:" in contact.select_one(".kim-fax").get_text()
    assert "Beraterin für junge Erwachsene" in contact.select_one(".kim-contact__role").get_text()
    assert contact.select_one(".kim-contact__hours table")


def test_contacts_before_since_or_after_until_are_nowhere(contract_site):
    for path in contract_site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".js"):
            data = path.read_bytes()
            for marker in (b"Ehemalige Person", b"ehemalig@example.org", b"Kommende Person", b"kommend@example.org"):
                assert marker not in data, (path, marker)


def test_coordination_offices_say_what_they_are(contract_site):
    soup = page(contract_site, "ar", f"offices/{KOORD}")
    said = soup.select_one("[data-access]")
    assert said.select_one("p").get_text().strip() == t("ar", "Coordination office: it answers questions about the KIM programme and does not counsel individuals. For advice, use the finder.")
    assert soup.select_one(".kim-office-summary a.md-button[href$='finder/']")  # the finder is a link, not a word
    # never listed as counselling in a language's no-script list
    assert not page_path(contract_site, "de", "finder/tr").exists() or KOORD not in page_path(contract_site, "de", "finder/tr").read_text()
    arabic = page(contract_site, "de", "finder/ar")
    assert KOORD not in {li["data-office"] for li in arabic.select("[data-office]")}


def test_appointment_not_stated_capacity_and_start_date(contract_site):
    voll = page(contract_site, "de", f"offices/{VOLL}")
    assert t("de", "The office does not say whether you need an appointment.") in text_of(voll)
    capacity = voll.select_one(".kim-capacity").get_text()
    assert t("de", "Not taking on new clients at the moment.") in capacity and "Warteliste bis Februar." in capacity
    neu = page(contract_site, "de", f"offices/{NEU}")
    assert t("de", "This office opens on %(date)s.") % {"date": i18n.date_text(FIXTURE_DATES["{SOON}"], "de")} in text_of(neu)


def test_office_without_location_is_not_on_the_map(contract_site):
    soup = page(contract_site, "tr", f"offices/{OHNE}")
    assert soup.select_one(".kim-no-location").get_text() == t("tr", "This office is not on the map yet.")
    assert not soup.select("[data-map]")


def test_town_of_a_kreis_lists_the_kreis_team(contract_site):
    town = page(contract_site, "de", "municipalities/dorf")
    assert {li["data-office"] for li in town.select("[data-office]")} == {KREIS}


# -- finder and map in Chromium ------------------------------------------------------------


def next_tuesday_10() -> str:
    day = dt.date.today() + dt.timedelta(days=1)
    while day.weekday() != 1:
        day += dt.timedelta(days=1)
    return f"{day.isoformat()}T08:00:00Z"  # 10:00 in Berlin, summer or winter: 9 or 10


@pytest.fixture(scope="module")
def server(contract_site):
    with serve(contract_site, under="/kim/") as url:  # site_url's path
        yield url


@pytest.fixture
def context(browser):
    context = browser.new_context(service_workers="block", viewport={"width": 390, "height": 844})
    yield context
    context.close()


def open_finder(context, server, query="", language="de", at=None):
    tab = context.new_page()
    tab.clock.set_fixed_time(at or next_tuesday_10())
    prefix = "" if language == "de" else f"/{language}"
    tab.goto(f"{server}{prefix}/finder/{query}")
    tab.wait_for_selector("[data-result-count]:not(:empty)")
    return tab


def results(tab) -> list[str]:
    return tab.eval_on_selector_all("[data-results] [data-office]", "cards => cards.map(c => c.dataset.office)")


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", {KREIS, STADT, VOLL, OHNE, NEU}),
        ("?age=20", {KREIS, STADT, VOLL, OHNE, NEU}),
        ("?age=30", {STADT, VOLL, OHNE, NEU}),
        ("?group=refugees", {KREIS, STADT, VOLL, OHNE, NEU}),
        ("?group=ukraine", {STADT, VOLL, OHNE, NEU}),
        ("?municipality=dorf", {KREIS}),
        ("?postcode=12345", {KREIS}),
        ("?municipality=musterstadt&language=tr", {STADT}),
        ("?open=now", {STADT}),
    ],
)
def test_finder_uses_the_new_fields(context, server, query, expected):
    tab = open_finder(context, server, query)
    assert set(results(tab)) == expected


def test_coordination_is_listed_apart(context, server):
    tab = open_finder(context, server, "?language=ar")
    assert KOORD not in results(tab)
    apart = tab.locator("[data-coordination]")
    assert apart.is_visible()
    assert apart.locator("[data-office]").evaluate_all("cards => cards.map(c => c.dataset.office)") == [KOORD]
    # for a place it does not serve, it is not shown
    tab = open_finder(context, server, "?municipality=dorf")
    assert not tab.locator("[data-coordination]").is_visible()


def test_full_office_and_office_without_location_come_last(context, server):
    tab = open_finder(context, server, "?municipality=musterstadt")
    assert results(tab)[-1] == VOLL
    assert tab.locator(f"[data-office={VOLL}] .kim-badge--warning").inner_text() == t("de", "Not taking on new clients at the moment")
    context.grant_permissions(["geolocation"])
    context.set_geolocation({"latitude": 51.80, "longitude": 7.90})  # at the Dorfheim consultation place
    tab = open_finder(context, server)
    tab.click("[data-near-me]")
    tab.wait_for_selector("[data-results] .kim-card__distance")
    order = results(tab)
    assert order[0] == KREIS  # its further place is where the reader is
    assert order.index(OHNE) > order.index(NEU) and order[-1] == VOLL
    assert "0" in tab.locator(f"[data-office={KREIS}] .kim-card__distance").inner_text()
    assert tab.locator(f"[data-office={OHNE}] .kim-card__distance").inner_text() == t("de", "Not on the map")


def test_cards_show_target_group_places_and_start(context, server):
    tab = open_finder(context, server, "", language="en")
    kreis = tab.locator(f"[data-office={KREIS}]")
    assert "Aged 18 to 27" in kreis.locator(".kim-card__target").inner_text()
    assert "Consultation in Dorfheim (Dorfheim)" in kreis.locator(".kim-card__places").inner_text()
    assert kreis.locator("[data-access]").inner_text().startswith("Only by referral: another service")
    assert kreis.locator(".kim-card__outreach").is_visible()
    phone_hours = " ".join(kreis.locator(".kim-card__phone-hours").inner_text().replace("\u202f", " ").split())
    assert phone_hours == "Phone hours: Mon–Thu 8:00 AM–3:00 PM"
    assert tab.locator(f"[data-office={STADT}] .kim-card__phone-hours").count() == 0
    neu = tab.locator(f"[data-office={NEU}] .kim-status").inner_text()
    assert "Opens on" in neu and str(FIXTURE_DATES["{SOON}"].year) in neu
    # The same sentences as the office pages (generator/domain/access.py).
    assert tab.locator(f"[data-office={OHNE}] [data-access] span").all_inner_texts()[0] == "Appointment needed."
    assert tab.locator(f"[data-office={VOLL}] [data-access] span").all_inner_texts()[0] == "The office does not say whether you need an appointment."


def test_map_shows_every_place(context, server):
    tab = context.new_page()
    tab.route("https://tiles.example.org/**", lambda route: route.fulfill(status=204))
    tab.goto(f"{server}/map/")
    tab.click("[data-map-consent]")
    tab.wait_for_selector("[data-map-ready] .leaflet-marker-icon")
    settle(tab, **MAP_MOVING)  # cluster animations after fitting the bounds
    counts = tab.eval_on_selector_all(".leaflet-marker-icon", "icons => icons.map(i => i.classList.contains('marker-cluster') ? +i.textContent : 1)")
    # five offices with a location (the one without has none) and one further place
    assert sum(counts) == 6
