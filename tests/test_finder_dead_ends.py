"""The finder without dead ends (issue 25), on the sample site in headless Chromium:
an Arabic speaker in Hagen gets the nearest Arabic advice on the first screen; the
start button's language, its count and who can help are in sight on a phone; common
names of languages find them and a prefix never names another language; typed
Persian digits stay as typed; links are shared in the family's language too; no "·"
starts a line; the topics index links no empty list.

Sample offices: Hagen's (German only, at first for EU citizens and people from
Ukraine), Herne-Wanne (de en ku tr ar, 28 km from Hagen), Aachen (de ar ru ka bs tr
fr en, interpreters), Herne-Sodingen and Dormagen (German)."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from conftest import page_path, settle, watched
from generator import i18n

PHONE = {"width": 390, "height": 844}
VIEWPORT = PHONE  # conftest.shared_context
HAGEN, WANNE, AACHEN = "hagen-rathaus-ii", "herne-wanne-planb", "aachen-arkaden"


t = i18n.gettext  # a message in one language


def finder(page, server, language: str, query: str = ""):
    prefix = "" if language == "de" else f"/{language}"
    page.goto(f"{server}{prefix}/finder/{query}")
    page.wait_for_selector("[data-result-count]:not(:empty)")
    return page


def in_first_screen(locator, height: int = PHONE["height"]) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


def lead(message: str) -> str:
    """The words of a message before its first placeholder."""
    return message.split("%(")[0]


@pytest.mark.parametrize("language", ["ar", "fa"])
@pytest.mark.parametrize("place", ["municipality=hagen", "postcode=58095"])
def test_an_arabic_speaker_in_hagen_gets_the_nearest_arabic_advice_first(page, server, language, place):
    finder(page, server, language, f"?language=ar&{place}")
    help_box = page.locator("[data-no-match]")
    # Before anything else: why, and the nearest offices that advise in Arabic.
    assert help_box.locator("p").first.inner_text().startswith(lead(t(language, "No office for your place advises in %(language)s. The nearest offices that do:")))
    offered = help_box.locator("[data-office]")
    assert offered.first.get_attribute("data-office") == WANNE
    wanne = offered.first
    distance = wanne.locator("[data-distance]").inner_text()
    digits = "۲۸" if language == "fa" else "28"  # the reader's digits (Arabic: Latin, as CLDR's default)
    assert digits in distance and "Hagen" in distance  # 28 km from Hagen
    # Whether it serves her town: it does not, and says so instead of a bare tick.
    assert wanne.locator("[data-found]").inner_text() == t(language, "Not responsible for your place: ask whether they can advise you.")
    # In the first screen of a phone: the summary under the language list names it, with the distance.
    summary = page.locator("[data-choice-summary]")
    assert in_first_screen(summary)
    assert "Herne-Wanne" in summary.inner_text() and digits in summary.inner_text()
    assert summary.locator("a").get_attribute("href") == "#kim-help"


def test_an_office_that_limits_whom_it_serves_says_so(page, server):
    finder(page, server, "de", "?language=ar&postcode=58095")
    hagen = page.locator(f"[data-no-match] [data-office='{HAGEN}']")
    badge = hagen.locator("[data-found]")
    assert badge.inner_text() == t("de", "%(found)s, but not for everyone:") % {"found": t("de", "Serves your town")}
    assert "kim-badge--warning" in badge.get_attribute("class")  # no "✓"
    # Whom it serves comes right after the badge.
    after = badge.evaluate("b => b.nextElementSibling.className")
    assert "kim-card__target" in after
    assert "Europäischen Union" in hagen.locator(".kim-card__target").inner_text()


@pytest.mark.parametrize("language", ["uk", "fa", "ro"])
def test_the_start_button_lands_on_the_choice_in_sight(page, server, language):
    page.goto(f"{server}/{language}/")
    page.locator("article a[href$='finder/?language=" + language + "']").first.click()
    page.wait_for_selector("[data-choice-summary]:not([hidden])")
    settle(page)
    choice = page.locator(f"[data-language-choice='{language}']")
    # The chosen language is in sight in the list box, and the box in the first screen.
    assert choice.locator("input").is_checked()
    visible = choice.evaluate(
        """label => { const list = label.closest('[data-language-list]').getBoundingClientRect(), box = label.getBoundingClientRect();
                      return box.top >= list.top - 1 && box.bottom <= list.bottom + 1; }"""
    )
    assert visible and in_first_screen(choice)
    # Explained, not a bare "0 offices": nobody offers it, and who can help, in the first screen.
    summary = page.locator("[data-choice-summary]")
    text = summary.inner_text()
    assert in_first_screen(summary)
    assert text.startswith(lead(t(language, "No office offers %(language)s here yet.")))  # not "0 offices"
    assert t(language, "Who can help:") in text and summary.locator("a").count() == 1


# (page language, typed, the language it finds, offered in the sample? or the macrolanguage offered)
NAMES = [
    ("de", "Tigrinisch", "ti", False),
    ("de", "Farsi", "fa", False),
    ("en", "Sorani", "ckb", "ku"),  # Central Kurdish: Kurdish (its macrolanguage, which Herne-Wanne offers) shown, and whom to ask
    ("ar", "تيغرينية", "ti", False),
    ("de", "Dari", "prs", False),
    ("en", "Tigrinisch", "ti", False),  # German names on any page
    ("de", "Kurmandschi", "kmr", "ku"),
    ("ar", "Türkisch", "tr", True),
    ("de", "Türk", "tr", True),
    ("de", "Arapça", "ar", True),  # an offered language by its name in any site language
    ("uk", "Арабский", "ar", True),
]


@pytest.mark.parametrize("language, typed, code, offered", NAMES)
def test_common_names_find_their_language(page, server, language, typed, code, offered):
    finder(page, server, language)
    page.fill("#kim-language-filter", typed)
    missing = page.locator("[data-language-missing]")
    shown = page.locator("[data-language-choice]:not([hidden])").evaluate_all("labels => labels.map(l => l.dataset.languageChoice)")
    if offered is True:
        assert code in shown and missing.is_hidden()
    elif offered:
        assert offered in shown
        note = missing.inner_text()
        assert lead(t(language, "No office names %(language)s yet. Offices that offer %(macrolanguage)s may speak it: ask them.")) in note
        assert i18n.language_own_name(code) in note and i18n.language_name(offered, language) in note
    else:
        own = i18n.language_own_name(code)
        assert lead(t(language, "No office offers %(language)s here yet.")) in missing.inner_text() and own in missing.inner_text()
        missing.get_by_role("button").first.click()
        page.wait_for_url(re.compile(rf"language={code}\b"))


@pytest.mark.parametrize("typed, other", [("Türk", "Turkmen"), ("Rumän", "Rätoroman"), ("Rumän", "Rumantsch")])
def test_a_prefix_never_names_another_language(page, server, typed, other):
    finder(page, server, "de")
    page.fill("#kim-language-filter", typed)
    missing = page.locator("[data-language-missing]")
    assert other not in (missing.inner_text() if missing.is_visible() else "")
    if typed == "Rumän":  # Romanian, which no sample office offers
        assert "Rumänisch" in missing.inner_text()


def test_a_name_that_finds_nothing_says_so(page, server):
    finder(page, server, "de")
    page.fill("#kim-language-filter", "Xqzv")
    assert page.locator("[data-language-missing]").inner_text() == t("de", "No language is called “%(typed)s”. Check the spelling or choose from the list.") % {"typed": "Xqzv"}
    assert page.locator("[data-language-choice]:not([hidden])").count() == 0


@pytest.mark.parametrize("language, postcode, age", [("fa", "۴۴۶۴۹", "۲۰"), ("ar", "٤٤٦٤٩", "٢٠")])
def test_typed_digits_stay_as_typed(page, server, language, postcode, age):
    finder(page, server, language)
    page.fill("#kim-postcode", postcode)
    page.wait_for_url(re.compile(r"postcode=44649"))
    page.fill("#kim-age", age)
    page.wait_for_url(re.compile(r"age=20"))
    assert page.locator("#kim-postcode").input_value() == postcode
    assert page.locator("#kim-age").input_value() == age
    assert page.locator("[data-results] [data-office]").first.get_attribute("data-office") == WANNE


def test_links_are_shared_in_the_familys_language(browser, server):
    context = browser.new_context(service_workers="block", viewport=PHONE, permissions=["clipboard-read", "clipboard-write"])
    try:
        with watched(context) as tab:
            finder(tab, server, "de", "?language=ar")
            row = tab.locator("[data-finder-share]")
            buttons = row.locator("button[data-share]")
            assert buttons.all_inner_texts() == [t("de", "Copy link"), t("de", "Copy link in %(language)s") % {"language": "العربية"}]
            buttons.nth(1).click()
            tab.locator("[data-finder-share] [data-share-status]").wait_for()
            assert tab.evaluate("navigator.clipboard.readText()") == f"{server}/ar/finder/?language=ar"
            buttons.nth(0).click()
            assert tab.evaluate("navigator.clipboard.readText()") == f"{server}/finder/?language=ar"
            # A language the site is not written in: the page's language only.
            finder(tab, server, "de", "?language=ku")
            assert tab.locator("[data-finder-share] button[data-share]").count() == 1
    finally:
        context.close()


# Every "·" shown keeps to the word before it: no breakable space before it (where
# the text may wrap), and on the same line as that word.
LONELY_SEPARATORS = """root => {
  const lonely = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node; (node = walker.nextNode());) {
    if (!node.parentElement.offsetParent) continue;  // not shown
    for (let i = node.data.indexOf("·"); i >= 0; i = node.data.indexOf("·", i + 1)) {
      const range = document.createRange();
      range.setStart(node, i); range.setEnd(node, i + 1);
      const dot = range.getClientRects()[0];
      const wraps = !/^(nowrap|pre)$/.test(getComputedStyle(node.parentElement).whiteSpace);
      if (wraps && node.data[i - 1] === " ") lonely.push(node.data.slice(Math.max(0, i - 20), i + 20));
      let j = i - 1;
      while (j >= 0 && /\\s/.test(node.data[j])) j--;
      if (!dot || j < 0) continue;
      range.setStart(node, j); range.setEnd(node, j + 1);
      const before = range.getClientRects()[0];
      if (before && Math.abs(before.top - dot.top) > dot.height / 2) lonely.push(node.data.slice(Math.max(0, i - 20), i + 20));
    }
  }
  return lonely;
}"""


@pytest.mark.parametrize("path", ["/ar/finder/ar/", "/ar/finder/", "/ar/finder/?language=ar", "/ar/finder/?language=ar&municipality=hagen", "/fa/finder/?language=tr"])
def test_no_separator_starts_a_line(page, server, path):
    page.goto(server + path)
    page.wait_for_load_state("networkidle")
    settle(page)
    shown = page.locator("article").evaluate("a => a.innerText")
    assert "·" in shown or path.endswith("/ar/")  # the status lines, the summary
    assert page.locator("article").evaluate(LONELY_SEPARATORS) == []


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_topics_index_links_no_empty_list(sample_site, language):
    soup = BeautifulSoup(page_path(sample_site, language, "topics").read_text(encoding="utf-8"), "html.parser")
    items = soup.select("ul.kim-topics > li")
    assert items
    for item in items:
        count = item.select_one(".kim-count").get_text()
        if item.a:
            assert int(re.search(r"\d+", count).group()) > 0
        else:
            assert count == t(language, "no office has named it yet")
