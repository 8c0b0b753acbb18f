"""Refer a family in two minutes: the handout in German and the family's language on
one printed page with a QR code to the office's page in their language, contact
cards, share, print styles, and "For professionals" in three steps. Built once from
the sample content, driven in Chromium, printed to PDF, QR codes read back."""

from __future__ import annotations

import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest
import vobject
from playwright.sync_api import expect

from conftest import ROOT, pdf_pages
from generator import i18n
from generator.reading.load import load

HAGEN = "hagen-rathaus-ii"


def read_qr(tab) -> str:
    """The handout's QR code as the family's phone sees it: a picture, decoded."""
    import zxingcpp
    from PIL import Image

    picture = Image.open(io.BytesIO(tab.locator("svg[data-qr]").screenshot()))
    found = zxingcpp.read_barcodes(picture)
    assert len(found) == 1
    return found[0].text


def open_handout(tab, server: str, office: str, language: str) -> None:
    tab.goto(f"{server}/handout/?office={office}&for={language}")
    tab.wait_for_selector(f"[data-handout-ready={language}]")


@pytest.mark.parametrize("language", ["ar", "fa", "uk", "ro", "tr"])
def test_handout_in_german_and_the_familys_language_on_one_page(page, server, language):
    page.goto(f"{server}/offices/{HAGEN}/")
    page.click("a[data-handout]")
    page.select_option("#kim-handout-language", language)
    page.wait_for_selector(f"[data-handout-ready={language}]")
    assert parse_qs(urlsplit(page.url).query) == {"office": [HAGEN], "for": [language]}
    halves = page.locator("[data-handout-sheet] [data-handout-half]")
    assert [halves.nth(i).get_attribute("lang") for i in range(halves.count())] == ["de", language]
    for i, code in enumerate(["de", language]):
        half = halves.nth(i)
        assert half.locator(".kim-handout__kicker").inner_text() == i18n.gettext(code, "Integration management (KIM): advice for immigrants")
        assert half.locator("h3").first.inner_text() == i18n.gettext(code, "Address")
        assert half.evaluate("e => getComputedStyle(e).direction") == i18n.direction(code)
    # The same statement of access as the office page in that language.
    office_page = page.context.new_page()
    office_page.goto(f"{server}/{language}/offices/{HAGEN}/")
    assert halves.nth(1).locator(".kim-handout__access").inner_text() == office_page.locator(".kim-office-summary [data-access]").inner_text()
    office_page.close()
    assert page.locator("[data-handout-form] a[data-vcard]").get_attribute("href").endswith(f"vcard/{HAGEN}.vcf")
    assert pdf_pages(page) == 1
    # The family scans the code at home and lands on the office's page in their language.
    address = read_qr(page)
    assert address == f"{server}/{language}/offices/{HAGEN}/"
    page.goto(address)
    assert page.evaluate("document.documentElement.lang") == language


def test_from_for_professionals_to_a_printed_handout_in_two_clicks(page, server):
    """A kita teacher in Hagen: "For professionals", the Hagen office's handout, Romanian, print."""
    page.goto(f"{server}/professionals/")
    steps = page.locator("article ol").first.locator("> li")
    assert steps.count() == 3 and i18n.gettext("de", "Handout for a family") in steps.nth(2).inner_text()
    # Phone hours and who the office is for, next to its handout.
    hagen = page.locator(f'.kim-directory > li:has(a[data-handout][href*="office={HAGEN}"])')
    assert hagen.locator(".kim-card__phone-hours").count() == 1 and hagen.locator(".kim-card__target").count() == 1
    page.locator(f'a[data-handout][href*="office={HAGEN}"]').click()  # click 1
    page.wait_for_selector("[data-handout-ready]")
    page.select_option("#kim-handout-language", "ro")  # click 2
    page.wait_for_selector("[data-handout-ready=ro]")
    assert pdf_pages(page) == 1
    assert read_qr(page).endswith(f"/ro/offices/{HAGEN}/")
    # Printing is one click: the print button and nothing else on paper.
    page.emulate_media(media="print")
    assert page.locator("[data-handout-sheet]").is_visible()
    for hidden in (".md-header", "[data-handout-form]", "article h1", ".md-footer"):
        assert not page.locator(hidden).first.is_visible(), hidden


def test_handout_lists_every_published_contact(page, server):
    """Speakers of the family's language come first: tests/test_real.py (a long office)."""
    directory = load(ROOT / "content")
    office = directory.offices["herne-wanne-planb"]
    open_handout(page, server, office.slug, "ar")
    for half in range(2):
        people = page.locator("[data-handout-half]").nth(half).locator(".kim-handout__contacts > li strong")
        assert people.all_inner_texts() == [c.name for c in office.published_contacts]
    assert pdf_pages(page) == 1


def test_handout_makes_no_request_to_another_host(page, server):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    open_handout(page, server, HAGEN, "uk")
    page.select_option("#kim-handout-language", "bg")
    page.wait_for_selector("[data-handout-ready=bg]")
    hosts = {urlsplit(url).netloc for url in requests if not url.startswith("data:")}
    assert hosts == {urlsplit(server).netloc}


def test_contact_cards_carry_what_the_office_publishes(sample_site):
    directory = load(ROOT / "content")
    office = directory.offices["herne-wanne-planb"]
    html = (sample_site / "offices" / office.slug / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'href="([^"]+\.vcf)"[^>]*data-vcard', html)
    assert len(links) == 1 + len(office.published_contacts)  # each of them has a phone or e-mail
    cards = [vobject.readOne((sample_site / "offices" / office.slug / link).resolve().read_text(encoding="utf-8")) for link in links]
    assert cards[0].fn.value == office.name.get("de")
    assert cards[0].org.value == ["PlanB Ruhr e.V."]
    for card, contact in zip(cards[1:], office.published_contacts, strict=True):
        assert card.fn.value == contact.name
        assert [tel.value for tel in card.contents.get("tel", [])] == [p.number.e164 for p in contact.phones]
        assert all(re.fullmatch(r"\+49\d+", tel.value) for tel in card.contents.get("tel", []))
        assert card.adr.value.street == office.address.street
    # Every office and person has a card, and no card for anyone else.
    expected = sum(1 + len([c for c in o.published_contacts if c.phones or c.email]) for o in directory.offices.values())
    assert len(list((sample_site / "vcard").rglob("*.vcf"))) == expected


def test_share_copies_the_link_where_there_is_no_share_sheet(browser, server):
    context = browser.new_context(service_workers="block", permissions=["clipboard-read", "clipboard-write"])
    try:
        tab = context.new_page()
        tab.goto(f"{server}/ro/offices/{HAGEN}/")
        button = tab.locator(".kim-office-summary button[data-share]")
        assert button.is_visible() and button.inner_text() == i18n.gettext("ro", "Copy link")
        button.click()
        status = tab.locator("[data-share-status]")
        expect(status).to_have_text(i18n.gettext("ro", "Link copied."))  # set when the clipboard's promise settles
        assert tab.evaluate("navigator.clipboard.readText()") == f"{server}/ro/offices/{HAGEN}/"
        # The finder's cards: a share button and the handout, in the chosen language.
        tab.goto(f"{server}/finder/?language=ar")
        card = tab.locator("[data-results] [data-office]").first
        card.wait_for()
        assert card.locator("button[data-share]").is_visible()
        assert card.locator("a[data-handout]").get_attribute("href").endswith("&for=ar")
    finally:
        context.close()


@pytest.mark.parametrize("language", ["de", "ro"])
def test_an_office_page_prints_on_one_page_without_buttons(page, server, language):
    prefix = "" if language == "de" else f"/{language}"
    page.goto(f"{server}{prefix}/offices/herne-wanne-planb/")
    page.emulate_media(media="print")
    for selector in ("button", "[data-handout]", "[data-vcard]", "[data-share]", ".kim-map", ".md-header", ".md-sidebar", ".md-footer", ".md-search"):
        shown = page.locator(selector).evaluate_all("all => all.filter(e => e.checkVisibility()).length")
        assert shown == 0, selector
    assert page.locator("a.md-button").first.evaluate("e => getComputedStyle(e).borderTopWidth") == "0px"
    line = page.locator(".kim-print-line")
    assert line.is_visible() and line.inner_text().endswith(f"{prefix}/offices/herne-wanne-planb/")
    assert pdf_pages(page) == 1


def test_the_finder_prints_as_the_list(page, server):
    page.goto(f"{server}/finder/?municipality=herne")
    page.locator("[data-results] [data-office]").first.wait_for()
    page.emulate_media(media="print")
    assert not page.locator("[data-finder-form]").is_visible()
    cards = page.locator("[data-results] [data-office]")
    assert cards.count() >= 2 and cards.first.is_visible()
    assert cards.first.evaluate("e => getComputedStyle(e).breakInside") == "avoid"


def test_professionals_link_the_finder_for_each_town(page, server):
    page.goto(f"{server}/professionals/")
    link = page.locator('a[href$="finder/?municipality=hagen"]')
    link.click()
    page.locator("[data-results] [data-office]").first.wait_for()
    assert page.locator(f'[data-results] [data-office="{HAGEN}"]').count() == 1


def test_contact_lines_of_the_handout_stay_whole(browser, server):
    """On the handout (at a desk's screen width), a person's name and role, each number
    and the e-mail address each stay on one line."""
    page = browser.new_context(service_workers="block", viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{server}/handout/?office=herne-wanne-planb&for=en")
    page.locator("[data-handout-half] .kim-handout__contacts").first.wait_for()
    parts = page.locator(".kim-handout__contacts .kim-contact__part")
    assert parts.count() > 4
    # On more than one line: boxes at more than one height (a number's own direction makes a second box on the same line).
    assert parts.evaluate_all("all => all.filter(p => new Set(Array.from(p.getClientRects(), r => Math.round(r.top))).size > 1).map(p => p.textContent)") == []
