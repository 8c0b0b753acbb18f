"""Issue 25, for kitas and schools: a handout that is right (halves that never overlap,
every published way to reach the office, the footer in step, sharing in the family's
language, stacked on a phone, a QR code a phone can read from paper), the office's
contact card with its numbers, and the language poster (one A4 page, a QR code per
language to the finder). Driven in Chromium on the shared sample site."""

from __future__ import annotations

import io
import re

import pytest
import vobject
from playwright.sync_api import expect

from conftest import ROOT, SITE_LANGUAGES, page_path, pdf_pages, settle, watched, watched_tab
from generator import i18n
from generator.outputs import vcard
from generator.reading.load import load
from generator.words import phrases

DIRECTORY = load(ROOT / "content")
FAMILIES = [code for code in SITE_LANGUAGES if code != "de"]
MM = 96 / 25.4  # CSS pixels per millimetre


def read_qr(locator) -> str:
    """A QR code as a phone sees it: a picture, decoded."""
    import zxingcpp
    from PIL import Image

    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(locator.screenshot())))
    assert len(found) == 1
    return found[0].text


def choose(tab, office: str, language: str) -> None:
    """Office and family's language on the open handout page, as a referrer picks them."""
    tab.select_option("#kim-handout-office", office)
    tab.select_option("#kim-handout-language", language)
    tab.wait_for_selector(f'[data-handout-sheet][data-handout-ready="{language}"] [data-handout-half][lang="{language}"]')
    tab.wait_for_function("o => new URLSearchParams(location.search).get('office') === o", arg=office)
    tab.locator("[data-handout-sheet]:not([aria-busy])").wait_for()


# Every element of each half inside its half (a pixel's rounding aside), on paper.
OUTSIDE = """() => Array.from(document.querySelectorAll('[data-handout-sheet] [data-handout-half]')).flatMap(half => {
  const box = half.getBoundingClientRect();
  return Array.from(half.querySelectorAll('*')).filter(e => {
    return Array.from(e.getClientRects()).some(r => r.width > 0 && (r.left < box.left - 1 || r.right > box.right + 1));
  }).map(e => half.lang + ': ' + e.tagName + ' ' + e.textContent.slice(0, 60));
})"""


def test_the_halves_never_overlap_in_any_language_pair(browser, server):
    """Every office of the sample with every family language, in one tab, on a desk's
    screen (as wide as on paper); then values longer than any real one: nothing
    crosses the middle."""
    with watched_tab(browser, {"width": 1280, "height": 900}) as tab:
        tab.goto(f"{server}/handout/")
        tab.wait_for_selector("[data-handout-ready]")
        for office in DIRECTORY.offices:
            for language in FAMILIES:
                choose(tab, office, language)
                assert tab.evaluate(OUTSIDE) == [], (office, language)
        # Aachen's Arabic e-mail line crossed into the German half; on paper, one page.
        for office, language in (("aachen-arkaden", "ar"), ("herne-wanne-planb", "fa"), ("hagen-rathaus-ii", "uk")):
            choose(tab, office, language)
            assert pdf_pages(tab) == 1, (office, language)
        # Longer than any real value: an address without a break, a name of one word.
        tab.evaluate("""() => document.querySelectorAll('[data-handout-half] [dir=ltr], [data-handout-half] h2').forEach(e => {
          e.textContent = 'kim-casemanagement-und-integrationsberatung.' + 'x'.repeat(120) + '@staedteregion-aachen.de'; })""")
        assert tab.evaluate(OUTSIDE) == []


def test_the_handout_gives_every_way_to_reach_the_office(page, server):
    """Office, carrier and contacts, with every number, e-mail address and website they
    publish, and whom the office is for (Herne-Sodingen's sheet had no website, no carrier;
    Hagen's sheet must say that it is at first for EU citizens and Ukrainians)."""
    page.goto(f"{server}/handout/")
    page.wait_for_selector("[data-handout-ready]")
    for office in DIRECTORY.offices.values():
        for language in ("ro", "fa"):
            choose(page, office.slug, language)
            text = page.locator(f'[data-handout-half][lang="{language}"]').inner_text()
            expected = [office.name.get(language)]
            expected += [c.name.get(language) for c in office.carriers]
            ways = [w for r in (office, *office.carriers, *office.published_contacts) for w in phrases.ways(r, language)]
            expected += [w.get("value", w["href"]) for w in ways]
            expected += [c.name for c in office.published_contacts]
            if office.target_group and office.target_group.applies_on(office.today):
                expected.append(phrases.target_line(office.target_group, language))
            missing = [words for words in expected if " ".join(words.split()) not in " ".join(text.split())]
            assert missing == [], (office.slug, language)


def test_the_office_contact_card_carries_its_numbers_and_e_mail():
    """The office's card has the office's phones and e-mail and those of its published
    people (Herne-Wanne publishes its numbers only through its two case managers)."""
    for office in DIRECTORY.offices.values():
        card = vobject.readOne(vcard.office_card(office, None))
        reachable = (office, *office.published_contacts)
        assert {t.value for t in card.contents.get("tel", [])} == {p.number.e164 for r in reachable for p in r.phones}, office.slug
        assert {e.value for e in card.contents.get("email", [])} == {r.email for r in reachable if r.email}, office.slug
    wanne = vobject.readOne(vcard.office_card(DIRECTORY.offices["herne-wanne-planb"], None))
    assert len(wanne.contents["tel"]) == 2 and len(wanne.contents["email"]) == 2


def test_the_printed_footer_follows_the_chosen_office_and_language(page, server):
    page.goto(f"{server}/handout/?office=hagen-rathaus-ii&for=ar")
    page.wait_for_selector("[data-handout-ready=ar]")
    choose(page, "aachen-arkaden", "fa")
    page.emulate_media(media="print")
    line = page.locator(".kim-print-line")
    assert line.is_visible()
    assert line.inner_text().endswith("/handout/?office=aachen-arkaden&for=fa")


def test_copy_link_gives_the_office_page_in_the_familys_language(browser, server):
    context = browser.new_context(service_workers="block", permissions=["clipboard-read", "clipboard-write"])
    try:
        with watched(context) as tab:
            tab.goto(f"{server}/handout/?office=hagen-rathaus-ii&for=uk")
            tab.wait_for_selector("[data-handout-ready=uk]")
            button = tab.locator("[data-handout-form] button[data-share]")
            assert button.inner_text() == i18n.gettext("de", "Copy link")
            button.click()
            status = tab.locator("[data-handout-form] [data-share-status]")
            expect(status).to_have_text(i18n.gettext("de", "Link copied."))  # set when the clipboard's promise settles
            assert tab.evaluate("navigator.clipboard.readText()") == f"{server}/uk/offices/hagen-rathaus-ii/"
            choose(tab, "herne-wanne-planb", "ar")
            assert status.inner_text() == ""
            button.click()
            expect(status).to_have_text(i18n.gettext("de", "Link copied."))
            assert tab.evaluate("navigator.clipboard.readText()") == f"{server}/ar/offices/herne-wanne-planb/"
    finally:
        context.close()


def test_on_a_phone_the_halves_are_stacked(browser, server):
    with watched_tab(browser, {"width": 390, "height": 844}) as tab:
        tab.goto(f"{server}/handout/?office=aachen-arkaden&for=ar")
        tab.wait_for_selector("[data-handout-ready=ar]")
        settle(tab)
        first, second = (tab.locator("[data-handout-half]").nth(i).bounding_box() for i in range(2))
        assert second["y"] >= first["y"] + first["height"]
        assert first["x"] >= 0 and second["x"] + second["width"] <= 390
        assert tab.evaluate("document.documentElement.scrollWidth") <= 390
        paper = tab.locator(".kim-handout__paper")
        assert paper.evaluate("e => e.scrollWidth <= e.clientWidth")
        # Printed from the phone: still two halves side by side on one page.
        assert pdf_pages(tab) == 1


def test_the_qr_code_is_at_least_25_mm_wide_on_paper(page, server):
    page.goto(f"{server}/handout/?office=herne-wanne-planb&for=ar")
    page.wait_for_selector("[data-handout-ready=ar]")
    page.emulate_media(media="print")
    assert page.locator("svg[data-qr]").bounding_box()["width"] >= 25 * MM


# -- the language poster -------------------------------------------------------------------


def poster_languages(municipality: str | None = None) -> set[str]:
    offices = DIRECTORY.offices_for(municipality) if municipality else DIRECTORY.offices.values()
    return {code for office in offices for code in office.all_languages}


def finder_address(server: str, code: str, page_language: str) -> str:
    site = code if code in SITE_LANGUAGES else page_language
    return f"{server}/{'' if site == 'de' else site + '/'}finder/?language={code}"


def test_the_language_poster_lists_every_language_with_a_code_to_the_finder(page, server):
    page.goto(f"{server}/professionals/")
    page.locator("a[data-poster]").click()
    page.wait_for_selector("[data-poster-ready]")
    items = page.locator("[data-poster-sheet] li[data-language]")
    codes = items.evaluate_all("all => all.map(li => li.dataset.language)")
    assert set(codes) == poster_languages() and len(codes) == len(set(codes))
    for i, code in enumerate(codes):
        item = items.nth(i)
        own = item.locator(".kim-poster__own")
        assert own.get_attribute("lang") == code and own.get_attribute("dir") == i18n.direction(code)
        assert own.inner_text() == (i18n.language_own_name(code) or i18n.language_name(code, "de"))
        address = finder_address(server, code, "de")
        assert item.locator("[data-qr]").get_attribute("data-qr") == address
        assert read_qr(item.locator("svg[data-qr]")) == address
    assert pdf_pages(page) == 1
    # A kita in Herne: the languages of Herne's offices, each code to the finder there.
    page.select_option("#kim-poster-place", "herne")
    page.wait_for_selector("[data-poster-ready=herne]")
    shown = page.locator("li[data-language]:visible")
    assert set(shown.evaluate_all("all => all.map(li => li.dataset.language)")) == poster_languages("herne")
    assert read_qr(shown.last.locator("svg[data-qr]")).endswith("&municipality=herne")
    assert page.url.endswith("/poster/?municipality=herne")
    assert pdf_pages(page) == 1


@pytest.mark.parametrize("language", ["ar", "fa"])
def test_the_poster_in_a_right_to_left_language_prints_on_one_page(page, server, language):
    page.goto(f"{server}/{language}/poster/")
    page.wait_for_selector("[data-poster-ready]")
    assert page.locator(".kim-poster__title").inner_text() == i18n.gettext(language, "Advice for immigrants in your language")
    item = page.locator('li[data-language="ku"]')
    assert read_qr(item.locator("svg[data-qr]")) == finder_address(server, "ku", language)
    page.emulate_media(media="print")
    assert page.locator("[data-poster-sheet] svg[data-qr]").first.bounding_box()["width"] >= 22 * MM
    assert pdf_pages(page) == 1


def test_the_poster_is_in_every_site_language(sample_site):
    for language in SITE_LANGUAGES:
        html = page_path(sample_site, language, "poster").read_text(encoding="utf-8")
        for message in ("Language poster", "Advice for immigrants in your language", "All places"):
            assert i18n.gettext(language, message) in html, (language, message)
        professionals = page_path(sample_site, language, "professionals").read_text(encoding="utf-8")
        assert re.search(r'<a [^>]*href="[^"]*poster/"[^>]*data-poster', professionals), language
        # And the poster of each place, next to its offices in the finder.
        assert 'poster/?municipality=hagen"' in professionals, language
