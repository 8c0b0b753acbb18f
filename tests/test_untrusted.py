"""Editors' text is untrusted, and unpublished contacts are private: checked on a
site built from a fixture with hostile text in every editable field."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

from bs4 import BeautifulSoup

from conftest import SITE_LANGUAGES, page_path

UNPUBLISHED = ("Zyxwv-Unpublished-Qrstu", "zyxwv-unpublished")


def output_files(site: Path):
    return [p for p in site.rglob("*") if p.is_file()]


def output_bytes(path: Path) -> bytes:
    """A file's bytes, unpacked where they are gzip (the search index's files, sitemap.xml.gz)."""
    data = path.read_bytes()
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


def test_unpublished_contact_appears_in_no_output_byte(hostile_site):
    for path in output_files(hostile_site):
        data = output_bytes(path)
        for marker in UNPUBLISHED:
            assert marker.encode() not in data and marker.lower().encode() not in data.lower(), path


def test_unpublished_contacts_languages_do_not_leak(hostile_site):
    # Persian is spoken only by the unpublished contact: it must not be offered.
    page = BeautifulSoup(page_path(hostile_site, "de", "offices/hostile").read_text(encoding="utf-8"), "html.parser")
    assert [c.get_text() for c in page.select(".kim-languages .kim-chip")] == ["Deutsch", "العربية (Arabisch)", "Türkçe (Türkisch)"]
    assert len(page.select("[data-contact]")) == 1


def test_hostile_text_is_shown_as_written(hostile_site):
    for language in SITE_LANGUAGES:
        page = BeautifulSoup(page_path(hostile_site, language, "offices/hostile").read_text(encoding="utf-8"), "html.parser")
        text = page.get_text()
        name = "kimxss-name-ar <img src=x onerror=alert(4)> مكتب" if language == "ar" else "kimxss-name-de <script>alert(\"de\")</script><img src=x onerror=\"alert(3)\"> </script> \"q\" 's"
        assert page.find("h1").get_text() == name
        assert name in page.title.get_text()
        for written in (
            "kimxss-street <script>alert(6)</script>",
            "kimxss-city <svg onload=alert(7)>",
            "kimxss-district <b onmouseover=\"alert(5)\">x</b>",
            "kimxss-access <iframe src=\"javascript:alert(9)\"></iframe>",
            "kimxss-contact <img src=x onerror=alert(13)>",
            "kimxss-role <script>alert(14)</script>",
            'kimxss-carrier <script>alert("carrier")</script><img src=x onerror="alert(1)"> & "quoted"',
            "kimxss-municipality </script><img src=x onerror=alert(2)> [Karte](javascript:alert(31)) ![x](https://evil.example/t.png) {: onclick=alert(32)} *kimxss-em*",
            "kimxss-extra <img src=x onerror=alert(22)>",
            "kimxss-directions <script>alert(23)</script>",
            "kimxss-target <img src=x onerror=alert(15)>",
            "kimxss-capacity <script>alert(16)</script>",
            "kimxss-place <svg onload=alert(17)>",
            "kimxss-place-street <b>x</b>",
            "kimxss-place-note <script>alert(18)</script>",
            "kimxss-document <img src=x onerror=alert(19)>",
            "kimxss-title <script>alert(20)</script>",
            "kimxss-first-meeting *not markdown* <script>alert(42)</script>",
            "kimxss-bring <img src=x onerror=alert(43)> [link](javascript:alert(44))",
            "kimxss-bring-ar </li><script>alert(45)</script>" if language == "ar" else "kimxss-bring-de **x**",
        ):
            assert written in text, (language, written)
        notes = "kimxss-notes-ar </script><script>alert(12)</script>" if language == "ar" else "kimxss-notes *not markdown* [link](javascript:alert(10)) <script>alert(11)</script>"
        assert notes in text, language
        carrier_link = page.select_one(".kim-fact a")
        # The address in its one safe form: what could end the attribute is percent-encoded.
        assert carrier_link["href"] == "https://example.org/?q=%22%3E%3Cscript%3Ealert(%22kimxss-href%22)%3C/script%3E"


def test_settings_on_legal_pages_are_shown_as_written(hostile_site):
    for language in ("de", "ar"):
        imprint = BeautifulSoup(page_path(hostile_site, language, "imprint").read_text(encoding="utf-8"), "html.parser").get_text()
        for written in ("kimxss-publisher <script>alert(21)</script>", "kimxss-publisher-street <img src=x onerror=alert(24)>", "kimxss-represented <svg onload=alert(25)>"):
            assert written in imprint, (language, written)
        statement = BeautifulSoup(page_path(hostile_site, language, "accessibility").read_text(encoding="utf-8"), "html.parser").get_text()
        assert "kimxss-limitation <script>alert(26)</script>" in statement


def search_fragments(site: Path) -> list[dict]:
    """The pages as the search index holds them (Pagefind's fragments)."""
    return [json.loads(output_bytes(path).removeprefix(b"pagefind_dcd")) for path in (site / "pagefind" / "fragment").glob("*.pf_fragment")]


def test_search_index_and_sitemap_hold_no_markup(hostile_site, browser):
    from conftest import serve, settle

    fragments = search_fragments(hostile_site)
    for language in SITE_LANGUAGES:
        prefix = "/" if language == "de" else f"/{language}/"
        hostile = [f for f in fragments if "kimxss" in f["content"] and f["url"].startswith(prefix)]
        assert hostile, language
    assert "<script" not in (hostile_site / "sitemap.xml").read_text(encoding="utf-8")  # site_url is set (fixture)
    # The search shows titles and excerpts as text: only its own elements and <mark>.
    with serve(hostile_site) as server:
        context = browser.new_context(service_workers="block")
        dialogs = []
        try:
            tab = context.new_page()
            tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            for language in ("de", "ar"):
                tab.goto(f"{server}/{'' if language == 'de' else language + '/'}")
                tab.click("input.md-search__input")
                tab.fill("input.md-search__input", "kimxss")
                tab.wait_for_function("() => document.querySelector('[data-kim-search]').getAttribute('data-kim-searched') === 'kimxss'")
                listed, found = tab.locator(".md-search-result__link").count(), int(re.search(r"\d+", tab.locator(".md-search-result__meta").inner_text()).group())
                tab.evaluate("() => { const s = document.querySelector('.md-search__scrollwrap'); s.scrollTop = s.scrollHeight; }")
                if listed < found:  # the next results, shown on scrolling to the end
                    tab.wait_for_function("n => document.querySelectorAll('.md-search-result__link').length > n", arg=listed)
                assert tab.locator(".md-search-result__link").count() > 0, language
                tags = set(tab.eval_on_selector_all(".md-search-result__list *", "all => all.map(e => e.tagName.toLowerCase())"))
                assert tags <= {"li", "a", "article", "div", "h1", "p", "mark"}, tags
                assert "kimxss" in tab.locator(".md-search-result__list").inner_text().lower()
            settle(tab)
        finally:
            context.close()
    assert dialogs == []


def test_finder_shows_hostile_text_as_text(hostile_site, browser):
    from conftest import serve

    with serve(hostile_site) as server:
        context = browser.new_context(service_workers="block")
        dialogs = []
        page = context.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        for language in ("de", "ar"):
            prefix = "" if language == "de" else f"/{language}"
            page.goto(f"{server}{prefix}/finder/?language=tr")
            card = page.locator('[data-office="hostile"]')
            card.wait_for()
            expected = "kimxss-name-ar <img src=x onerror=alert(4)> مكتب" if language == "ar" else 'kimxss-name-de <script>alert("de")</script><img src=x onerror="alert(3)"> </script> "q" \'s'
            assert card.locator(".kim-card__name").inner_text() == expected
            assert "kimxss-contact <img src=x onerror=alert(13)>" in card.inner_text()
            assert "kimxss-place <svg onload=alert(17)>" in card.locator(".kim-card__places").inner_text()
            assert "kimxss-title <script>alert(20)</script>" in card.inner_text()
            assert card.locator("img, script, svg, iframe").count() == 0
        context.close()
    assert dialogs == []


def test_handout_halves_and_contact_cards_show_hostile_text_as_written(hostile_site):
    """The handout's halves (HTML) and the contact cards (vCard) carry editor text as text."""
    import vobject

    halves = BeautifulSoup((hostile_site / "handout" / "hostile.html").read_text(encoding="utf-8"), "html.parser")
    german = halves.select_one('[data-handout-half][lang="de"]')
    assert german.find("h2").get_text() == 'kimxss-name-de <script>alert("de")</script><img src=x onerror="alert(3)"> </script> "q" \'s'
    assert "kimxss-contact <img src=x onerror=alert(13)>" in german.get_text()
    assert [li.get_text() for li in german.select(".kim-bring li")] == ["kimxss-bring <img src=x onerror=alert(43)> [link](javascript:alert(44))", "kimxss-bring-de **x**"]
    arabic = halves.select_one('[data-handout-half][lang="ar"]')
    assert arabic.select(".kim-bring li")[1].get_text() == "kimxss-bring-ar </li><script>alert(45)</script>"
    assert not halves.find_all(["script", "img", "svg", "iframe"])
    cards = [vobject.readOne(path.read_text(encoding="utf-8")) for path in (hostile_site / "vcard").rglob("*.vcf")]
    names = {card.fn.value for card in cards}
    assert "kimxss-contact <img src=x onerror=alert(13)>" in names
