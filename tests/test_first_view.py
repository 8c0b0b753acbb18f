"""An office page's first view (issue 28: within 60 KB gzip, benchmarks/run.py
`measure_first_views`): what a fresh browser fetches for it, and that what is no longer
fetched at once still works when the reader needs it. The look is Material's as before."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from conftest import settle, watched_tab
from generator import i18n

DESKTOP = {"width": 1200, "height": 900}
PHONE = {"width": 390, "height": 844}
OFFICE = "/offices/dormagen/"


def first_view(tab, url: str) -> list[str]:
    """The paths the page fetched from its own host until the network was idle."""
    paths: list[str] = []
    tab.on("request", lambda request: paths.append(urlsplit(request.url).path))
    tab.goto(url)
    tab.wait_for_load_state("networkidle")
    return paths


def searched(tab, query: str) -> list[str]:
    tab.wait_for_function("q => document.querySelector('[data-kim-search]').getAttribute('data-kim-searched') === q", arg=query)
    return tab.eval_on_selector_all(".md-search-result__link", "links => links.map(a => a.href)")


def test_an_office_pages_first_view_fetches_neither_the_search_script_nor_materials_palette(browser, server):
    with watched_tab(browser, DESKTOP) as tab:
        paths = first_view(tab, server + OFFICE)
        assert "/assets/javascripts/bundle.a5f9d56c.min.js" in paths and "/assets/kim-head.js" in paths
        assert not [p for p in paths if p.endswith("/search.js") or "/pagefind/" in p or "/workers/" in p], paths
        assert not [p for p in paths if "/palette." in p], paths
        # The map's drawing (map-leaflet.js, kim-maps.js) comes with Leaflet, after consent.
        assert "/assets/map.js" in paths
        assert not [p for p in paths if p.endswith(("/map-leaflet.js", "/kim-maps.js")) or "/vendor/" in p], paths
        # Going to the search field fetches the script, and the search works.
        tab.click("input.md-search__input")
        tab.fill("input.md-search__input", "Herne")
        assert searched(tab, "Herne")
        assert paths.count("/assets/search.js") == 1


def test_the_office_map_is_drawn_after_consent_with_what_it_fetches_then(browser, server):
    with watched_tab(browser, DESKTOP) as tab:
        paths = first_view(tab, server + "/fa" + OFFICE)
        tab.route("https://**/*", lambda route: route.abort())  # no tiles
        tab.click("[data-map-consent]")
        tab.wait_for_selector("[data-map-ready] .leaflet-marker-icon")
        assert {"/assets/map-leaflet.js", "/assets/kim-maps.js", "/assets/vendor/leaflet/leaflet.js"} <= set(paths)
        assert tab.evaluate("document.activeElement.matches('[data-map-canvas]')")


def test_the_search_keys_work_before_its_script_is_there_and_what_was_typed_is_searched(browser, server):
    """"/" opens the search on a fresh page; words typed before search.js arrived are
    searched when it is there."""
    with watched_tab(browser, DESKTOP) as tab:
        held: list = []
        tab.route("**/assets/search.js", lambda route: held.append(route))  # answered after the typing
        first_view(tab, server + "/tr/")
        tab.keyboard.press("/")
        assert tab.evaluate("document.activeElement.matches('input.md-search__input')")
        tab.keyboard.type("borç")
        assert len(held) == 1
        held[0].continue_()
        assert searched(tab, "borç")
        assert tab.evaluate("document.getElementById('__search').checked")
        tab.keyboard.press("Escape")
        assert not tab.evaluate("document.getElementById('__search').checked")
        tab.keyboard.press("f")
        assert tab.evaluate("document.activeElement.matches('input.md-search__input') && document.getElementById('__search').checked")


def test_a_reader_who_leaves_the_search_before_its_script_is_there_keeps_her_place(browser, server):
    """Tab and Escape close the search before search.js is there, as they do after; when
    it comes, the focus stays where she went (it took her back to the search field, and
    her typing with it)."""
    with watched_tab(browser, DESKTOP) as tab:
        held: list = []
        tab.route("**/assets/search.js", lambda route: held.append(route))
        first_view(tab, server + "/finder/")
        search = tab.locator("input.md-search__input")
        search.focus()
        expect(tab.locator("#__search")).to_be_checked()
        tab.keyboard.press("Tab")
        expect(tab.locator("#__search")).not_to_be_checked()
        expect(search).not_to_be_focused()
        tab.evaluate("document.activeElement.setAttribute('data-she-is-here', '')")
        search.focus()
        tab.keyboard.press("Escape")
        expect(tab.locator("#__search")).not_to_be_checked()
        expect(search).not_to_be_focused()
        tab.locator("[data-she-is-here]").focus()
        assert len(held) == 1
        with tab.expect_response("**/assets/search.js"):
            held[0].continue_()
        settle(tab)
        expect(tab.locator("[data-she-is-here]")).to_be_focused()
        tab.keyboard.press("a")
        expect(tab.locator("[data-she-is-here]")).to_be_focused()
        expect(tab.locator("#__search")).not_to_be_checked()


def test_the_phones_search_button_fetches_the_script_and_opens_the_search(browser, server):
    with watched_tab(browser, PHONE) as tab:
        first_view(tab, server + "/ar" + OFFICE)
        tab.click("label.md-header__button[for=__search]")
        # Locator assertions: a string predicate is evaluated in the page, which its policy forbids.
        expect(tab.locator("input.md-search__input")).to_be_focused()
        assert tab.is_visible("input.md-search__input")
        tab.keyboard.type("السكن")
        assert searched(tab, "السكن")


def test_without_its_script_the_search_says_it_is_unavailable_and_tries_again(browser, server):
    """Offline, on a page whose search script was never fetched."""
    with watched_tab(browser, DESKTOP) as tab:
        first_view(tab, server + "/uk/")
        tab.route("**/assets/search.js", lambda route: route.abort())
        tab.click("input.md-search__input")
        expect(tab.locator("#__search")).to_be_checked()
        # Said once the fetch has failed (the search opens at once).
        expect(tab.locator(".md-search-result__meta")).to_have_text(i18n.gettext("uk", "The search is not available right now."))
        tab.unroute("**/assets/search.js")
        tab.evaluate("document.activeElement.blur()")
        tab.click("input.md-search__input")
        tab.keyboard.type("Herne")
        assert searched(tab, "Herne")


STYLES = (
    "color", "background-color", "border-top-color", "border-bottom-color", "border-inline-start-color",
    "outline-color", "text-decoration-color", "fill", "box-shadow",
)


@pytest.mark.parametrize("path, viewport", [(OFFICE, DESKTOP), ("/fa/finder/", DESKTOP), ("/ar" + OFFICE, PHONE)])
def test_without_materials_palette_every_element_keeps_its_colours(browser, server, path, viewport):
    """palette.css is not loaded: every element's colours, on screen (the menu and the
    search with results open) and on paper, are what they were with it (it is added to
    the page here, from the site's copy of Material's assets)."""
    with watched_tab(browser, viewport) as tab:
        tab.goto(server + path)
        tab.wait_for_load_state("networkidle")
        if viewport == DESKTOP:
            tab.click("input.md-search__input")
            tab.keyboard.type("Herne")
            assert searched(tab, "Herne")
        tab.evaluate("document.getElementById('__drawer').checked = true")  # the menu, as on a phone
        read = "props => [document.documentElement, document.body, ...document.body.querySelectorAll('*')].map(e => { const s = getComputedStyle(e); return [e.tagName, e.className, ...props.map(p => s.getPropertyValue(p))].join('|'); })"

        def colours() -> list[str]:
            found = []
            for media in ("screen", "print"):
                tab.emulate_media(media=media)
                settle(tab)
                found += tab.evaluate(read, list(STYLES))
            return found

        colours()  # once first: on paper the search field is hidden and loses the focus for good
        without = colours()
        tab.evaluate(
            """() => new Promise((resolve, reject) => {
              const main = document.querySelector('link[href*="stylesheets/main."]');
              const link = document.createElement('link');
              link.rel = 'stylesheet';
              link.href = main.href.replace(/main\\.[0-9a-f]+\\.min\\.css$/, 'palette.fb2fffe2.min.css');
              link.onload = resolve; link.onerror = reject;
              main.after(link);
            })"""
        )
        with_palette = colours()
        assert [pair for pair in zip(without, with_palette, strict=True) if pair[0] != pair[1]] == []
