"""One fact, one phrasing: an office's card reads the same wherever it is shown: made
by the pages (For professionals, the list without script), by the finder's script and
in the map's popup, in German, Arabic and Persian. Hours, languages, labels, the
statement of access, the target group and the ways to get in touch are worded once
(generator/words/phrases.py); the scripts only fill the card's copy."""

from __future__ import annotations

import pytest

from conftest import serve, watched_tab

# The parts of a card that state facts, as a reader sees them (finder-only parts left
# out), by their classes: For professionals is a hand-written page with the cards
# appended, whose sanitiser keeps no data attributes but its own.
READ_CARD = """card => {
  const text = (selector) => Array.from(card.querySelectorAll(selector), n => n.innerText.replace(/\\s+/g, " ").trim());
  return {
    office: card.dataset.office,
    name: text(".kim-card__name"),
    place: text(".kim-card__place"),
    carriers: text(".kim-card__carrier"),
    access: text(".kim-card__access > span"),
    phoneHours: text(".kim-card__phone-hours"),
    target: text(".kim-card__target"),
    accessibility: text(".kim-card__accessibility > span"),
    languages: text(".kim-card__languages .kim-chip"),
    ways: text(":scope > .kim-actions:not(.kim-card__refer) a"),
    contacts: text(".kim-contact"),
  };
}"""


def cards(tab, selector: str) -> dict[str, dict]:
    return {card["office"]: card for card in tab.eval_on_selector_all(selector, f"cards => cards.map({READ_CARD})")}


@pytest.fixture(scope="module")
def site_url(sample_site):
    with serve(sample_site) as url:
        yield url


@pytest.mark.parametrize("language", ["de", "ar", "fa"])
def test_a_card_reads_the_same_on_every_page_and_in_every_script(browser, site_url, language):
    prefix = "" if language == "de" else f"/{language}"
    with watched_tab(browser, {"width": 1280, "height": 900}) as tab:
        tab.goto(f"{site_url}{prefix}/professionals/")
        by_pages = cards(tab, ".kim-directory > .kim-card")
        tab.goto(f"{site_url}{prefix}/finder/")
        tab.wait_for_selector("[data-results] .kim-card")
        by_finder = cards(tab, "[data-results] > .kim-card")
        assert by_finder and set(by_finder) <= set(by_pages)
        for office, card in by_finder.items():
            assert card == by_pages[office], office
        # What the phrases say is there: hours and languages in the page's words.
        assert any(card["phoneHours"] for card in by_pages.values())
        assert all(card["languages"] or card["office"] == "dormagen" for card in by_pages.values())
        tab.goto(f"{site_url}{prefix}/map/")
        tab.route("https://tile.openstreetmap.org/**", lambda route: route.fulfill(status=200, content_type="image/png", body=b""))
        tab.click("[data-map-consent]")
        tab.wait_for_selector("[data-map-ready] .leaflet-marker-icon:not(.marker-cluster)")
        tab.locator(".leaflet-marker-icon:not(.marker-cluster)").first.dispatch_event("click")
        popup = cards(tab, ".kim-popup .kim-card")
        assert len(popup) == 1
        office, card = popup.popitem()
        assert card == by_pages[office]


def test_the_card_of_the_finder_is_the_one_of_the_pages(sample_site):
    """The finder's and the map's copy of the card is the pages' card template, with
    every part (the scripts take parts out, never add their own)."""
    from bs4 import BeautifulSoup

    page = BeautifulSoup((sample_site / "finder" / "index.html").read_text(encoding="utf-8"), "html.parser")
    template = page.select_one("template[data-card]")
    assert template is not None
    card = template.select_one("li.kim-card")
    for part in (".kim-card__name", ".kim-card__carrier", ".kim-card__place", ".kim-card__phone-hours", "[data-access]", ".kim-card__target", ".kim-card__accessibility", ".kim-card__languages", ".kim-contacts", "[data-handout]"):
        assert card.select_one(part) is not None, part
    listed = BeautifulSoup((sample_site / "professionals" / "index.html").read_text(encoding="utf-8"), "html.parser").select_one(".kim-directory > .kim-card")
    assert [c for c in card["class"]] == [c for c in listed["class"]]
