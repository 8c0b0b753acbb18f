"""The contact finder in headless Chromium, on a fixture site with a fixed clock.

Fixture offices (tests/fixtures/finder/offices):
  a  Nordstadt/Wanne  de ar        housing work   Mo-Fr 08-16   responsible for 44649
  b  Nordstadt/Eickel de tr (+ar by a contact)  health  Mo-Th 09-12, closed 2026-12-23..2027-01-02
  c  Südstadt         de uk        housing        by appointment only, interpreters
  d  Südstadt         de (an unpublished contact speaks ar)  work  Sa 10-14
  e  Südstadt         de fa ar     housing health Mo-Fr 08-18
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import expect

from conftest import page_path, serve

A, B, C, D, E = "a-nord-wanne", "b-nord-eickel", "c-sued-termin", "d-sued-samstag", "e-sued-lang"
ALL = {A, B, C, D, E}
TUESDAY_10 = "2026-12-01T09:00:00Z"  # 10:00 in Berlin
CHRISTMAS_10 = "2026-12-25T09:00:00Z"  # a Friday, public holiday
CLOSURE_10 = "2026-12-23T09:00:00Z"  # a Wednesday, b's closure
SATURDAY_11 = "2026-12-05T10:00:00Z"


@pytest.fixture(scope="module")
def server(finder_site):
    with serve(finder_site) as url:
        yield url


@pytest.fixture
def context(browser):
    context = browser.new_context(service_workers="block", viewport={"width": 390, "height": 844})
    yield context
    context.close()


def open_finder(context, server, query="", language="de", at=TUESDAY_10):
    page = context.new_page()
    page.clock.set_fixed_time(at)
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    prefix = "" if language == "de" else f"/{language}"
    page.goto(f"{server}{prefix}/finder/{query}")
    page.wait_for_selector("[data-result-count]:not(:empty)")
    return page


def offices(page) -> list[str]:
    return page.eval_on_selector_all("[data-results] [data-office]", "cards => cards.map(c => c.dataset.office)")


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", ALL),
        ("?language=ar", {A, B, E}),
        ("?language=uk", {C}),
        ("?topic=housing", {A, C, E}),
        ("?language=ar&topic=housing", {A, E}),
        ("?municipality=nordstadt", {A, B}),
        ("?municipality=nordstadt&district=Wanne", {A}),
        ("?postcode=44651", {A, B}),
        ("?postcode=58089&topic=housing", {C, E}),
        ("?open=now", {A, B, E}),
        ("?language=ar&open=now&topic=health", {B, E}),
    ],
)
def test_filters_show_exactly_the_matching_offices(context, server, query, expected):
    page = open_finder(context, server, query)
    assert set(offices(page)) == expected
    assert page.locator("[data-result-count]").inner_text() == ("1 Beratungsstelle" if len(expected) == 1 else f"{len(expected)} Beratungsstellen")


def test_responsible_office_comes_first_and_is_marked(context, server):
    page = open_finder(context, server, "?postcode=44649")
    assert offices(page) == [A, B]
    # Each marked why: A is at the postcode (and responsible for it), B serves the town.
    assert page.locator(f'[data-office="{A}"] [data-found]').get_attribute("data-found") == "here"
    assert page.locator(f'[data-office="{B}"] [data-found]').get_attribute("data-found") == "town"


def test_unknown_postcode_says_so(context, server):
    page = open_finder(context, server, "?postcode=99999")
    assert "99999" in page.locator("[data-finder-message]").inner_text()
    assert set(offices(page)) == ALL


@pytest.mark.parametrize(
    "at, query, expected",
    [
        (CHRISTMAS_10, "?open=now", set()),
        (CLOSURE_10, "?open=now", {A, E}),
        (SATURDAY_11, "?open=now", {D}),
        (CLOSURE_10, "?language=ar&open=now", {A, E}),
    ],
)
def test_open_now_knows_holidays_and_closures(context, server, at, query, expected):
    page = open_finder(context, server, query, at=at)
    assert set(offices(page)) == expected


def test_status_texts(context, server):
    page = open_finder(context, server, "", at=CLOSURE_10)
    status = {o: page.locator(f'[data-office="{o}"] .kim-status').inner_text() for o in ALL - {C}}
    assert status[A].startswith("Jetzt geöffnet")
    assert "2. Januar 2027" in status[B] and status[B].startswith("Jetzt geschlossen")
    assert "Montag" in status[B]  # next opening after the closure: Monday 4 January
    # No opening hours published: no open or closed state, and it says so.
    assert page.locator(f'[data-office="{C}"] .kim-status').count() == 0
    assert "Öffnungszeiten: nicht angegeben." in page.locator(f'[data-office="{C}"] [data-access]').inner_text()
    christmas = open_finder(context, server, "", at=CHRISTMAS_10)
    assert "Feiertag" in christmas.locator(f'[data-office="{A}"] .kim-status').inner_text()


def test_no_match_offers_help(context, server):
    page = open_finder(context, server, "?language=so&topic=housing")
    assert offices(page) == []
    help_box = page.locator("[data-no-match]")
    assert help_box.is_visible()
    assert [c.get_attribute("data-office") for c in help_box.locator("[data-office]").all()] == [C]  # interpreters
    help_box.locator("button:not([data-share])").first.click()  # remove the language filter
    assert set(offices(page)) == {A, C, E}
    assert "language" not in page.url


def test_contacts_speaking_the_language_come_first(context, server):
    page = open_finder(context, server, "?language=tr")
    card = page.locator(f'[data-office="{B}"]')
    names = card.locator("[data-contact] strong").all_inner_texts()
    assert names == ["Beispiel Kontakt Türkisch", "Beispiel Kontakt Arabisch"]
    assert card.locator("[data-contact] a[href^='tel:']").first.get_attribute("href") == "tel:+4923256999195"
    page = open_finder(context, server, "?language=ar")
    assert page.locator(f'[data-office="{B}"] [data-contact] strong').first.inner_text() == "Beispiel Kontakt Arabisch"
    link = page.locator(f'[data-office="{A}"] a.kim-card__name')
    link.click()
    assert urlsplit(page.url).path == f"/offices/{A}/"


def test_state_lives_in_the_url(context, server):
    page = open_finder(context, server, "", language="ar")
    page.locator('input[name="language"][value="ar"]').check()
    page.select_option("#kim-topic", "housing")
    assert query(page) == {"language": ["ar"], "topic": ["housing"]}
    assert set(offices(page)) == {A, E}
    page.go_back()
    assert query(page) == {"language": ["ar"]}
    assert set(offices(page)) == {A, B, E}
    assert page.locator("#kim-topic").input_value() == ""
    page.go_forward()
    assert set(offices(page)) == {A, E}
    shared = open_finder(context, server, "?language=ar&topic=housing", language="ar")
    assert shared.locator('input[name="language"][value="ar"]').is_checked()
    assert shared.locator("#kim-topic").input_value() == "housing"


def query(page) -> dict[str, list[str]]:
    """The page's query as the page has it: Playwright learns of history.replaceState
    only later (page.url)."""
    return parse_qs(page.evaluate("location.search").lstrip("?"))


def test_keyboard_only(context, server):
    page = open_finder(context, server)
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "kim-language-filter":
            break
    else:
        pytest.fail("the language filter is not reachable with Tab")
    page.keyboard.type("arab")
    # The list is narrowed on each key's input event: wait for the last one.
    expect(page.locator("[data-language-choice]:visible")).to_have_count(1)
    visible = page.locator("[data-language-choice]:visible").all()
    assert [v.get_attribute("data-language-choice") for v in visible] == ["ar"]
    page.keyboard.press("Tab")  # into the radio group, on "any language"
    page.keyboard.press("ArrowDown")  # the only other visible choice: Arabic
    assert query(page) == {"language": ["ar"]}
    # past the summary of the choice (a link to the first office found)
    for _ in range(3):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "kim-topic":
            break
    assert page.evaluate("document.activeElement.id") == "kim-topic"
    page.keyboard.press("ArrowDown")  # first topic
    assert "topic" in query(page)
    focused = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert focused != "none"


def test_near_me_sorts_by_distance(browser, server):
    context = browser.new_context(service_workers="block", geolocation={"latitude": 51.3627, "longitude": 7.4617}, permissions=["geolocation"])
    try:
        page = open_finder(context, server)
        page.click("[data-near-me]")
        page.wait_for_selector(".kim-card__distance")
        assert offices(page)[0] == C  # at the same point
        assert offices(page)[-2:] in ([A, B], [B, A])
        assert "km" in page.locator(f'[data-office="{A}"] .kim-card__distance').inner_text()
    finally:
        context.close()


def test_near_me_denied_says_so(context, server):
    page = open_finder(context, server)
    page.click("[data-near-me]")
    page.wait_for_function("document.querySelector('[data-finder-message]').textContent.length > 20")
    assert "Standort" in page.locator("[data-finder-message]").inner_text()


def test_arabic_finder_is_right_to_left(context, server):
    page = open_finder(context, server, "?language=ar", language="ar")
    assert page.evaluate("getComputedStyle(document.querySelector('[data-results]')).direction") == "rtl"
    card = page.locator(f'[data-office="{A}"]').bounding_box()
    name = page.locator(f'[data-office="{A}"] .kim-card__status, [data-office="{A}"] .kim-status').bounding_box()
    assert name["x"] + name["width"] > card["x"] + card["width"] - 40  # text starts at the right
    assert set(offices(page)) == {A, B, E}


def test_no_request_to_another_host(context, server):
    page = open_finder(context, server, "?language=ar", language="ar")
    page.wait_for_load_state("networkidle")
    assert {urlsplit(u).netloc for u in page.requests} == {urlsplit(server).netloc}
    assert sum("offices.json" in u for u in page.requests) == 1


def test_without_javascript_there_is_a_page_per_language(browser, server, finder_site):
    context = browser.new_context(service_workers="block", java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{server}/ar/finder/")
        assert not page.locator("[data-finder-form]").is_visible()
        page.locator('.kim-finder__static-links a[href="ar/"]').click()
        assert urlsplit(page.url).path == "/ar/finder/ar/"
        assert set(page.eval_on_selector_all("[data-office]", "cards => cards.map(c => c.dataset.office)")) == {A, B, E}
    finally:
        context.close()
    static = BeautifulSoup(page_path(finder_site, "de", "finder/ar").read_text(encoding="utf-8"), "html.parser")
    cards = {card["data-office"]: card for card in static.select("[data-office]")}
    assert set(cards) == {A, B, E}
    # Every published contact, those who speak Arabic first.
    assert [c.strong.get_text() for c in cards[B].select("[data-contact]")][0] == "Beispiel Kontakt Arabisch"
    assert "Nicht Veröffentlicht" not in static.get_text()


@pytest.mark.parametrize("language", ["de", "ar"])
def test_finder_has_no_wcag_violations(context, server, language):
    from axe_playwright_python.sync_playwright import Axe

    page = open_finder(context, server, "?language=ar&postcode=44649", language=language)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, "resultTypes": ["violations"]})
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("language", ["de", "ar"])
def test_a_resident_narrows_down_step_by_step_on_a_phone(context, server, language):
    page = open_finder(context, server, "", language=language, at=CLOSURE_10)
    page.locator('label[data-language-choice="ar"]').click()
    assert set(offices(page)) == {A, B, E}
    page.fill("#kim-postcode", "44651")
    assert set(offices(page)) == {A, B}
    page.locator('input[name="open"]').check()
    assert set(offices(page)) == {A}
    assert query(page) == {"language": ["ar"], "postcode": ["44651"], "open": ["now"]}
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone


def test_long_result_lists_come_in_pages(context, server, finder_site):
    import json

    index = json.loads((finder_site / "finder" / "offices.json").read_text(encoding="utf-8"))
    template = index["offices"][0]
    index["offices"] = [{**template, "slug": f"copy-{i:02d}"} for i in range(45)]
    page = context.new_page()
    page.route("**/finder/offices.json", lambda route: route.fulfill(status=200, content_type="application/json", body=json.dumps(index)))
    page.goto(f"{server}/finder/")
    page.wait_for_selector("[data-result-count]:not(:empty)")
    assert page.locator("[data-result-count]").inner_text() == "45 Beratungsstellen"
    assert len(offices(page)) == 20
    page.click("[data-show-more]")
    assert len(offices(page)) == 40
    assert page.evaluate("document.activeElement.closest('[data-office]').dataset.office") == "copy-20"
    page.click("[data-show-more]")
    assert len(offices(page)) == 45
    assert not page.locator("[data-show-more]").is_visible()
