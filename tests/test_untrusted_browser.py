"""The site's scripts in Chromium with editor text and shared links that plain JavaScript
objects would read as code (issue 23): names of what every object has ("constructor",
"__proto__", "toString", ...) in the address and as roles, and an office name with a
character reference no character has (tests/fixtures/hostile/offices/hostile-script.yml)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from conftest import serve, watched, watched_tab
from generator import i18n

OFFICE = "hostile-script"
NAME = "KIM-Testbüro Skriptprobe &#1114112; Hagen"  # as the editor typed it
INHERITED = ("constructor", "__proto__", "toString", "valueOf", "hasOwnProperty")


@pytest.fixture(scope="module")
def server(hostile_site):
    with serve(hostile_site) as url:
        yield url


@pytest.fixture
def tab(shared_context, server):
    with watched(shared_context) as tab:  # any page error fails
        yield tab


def open_finder(tab, server, query: str, language: str = "de"):
    prefix = "" if language == "de" else f"/{language}"
    tab.goto(f"{server}{prefix}/finder/{query}")
    tab.wait_for_selector("[data-result-count]:not(:empty)", timeout=10_000)


def cards(tab) -> list[str]:
    return tab.eval_on_selector_all("[data-results] [data-office]", "cards => cards.map(c => c.dataset.office)")


# -- the finder: a shared link ---------------------------------------------------------


@pytest.mark.parametrize("language", ["de", "ar"])
@pytest.mark.parametrize("word", INHERITED)
def test_a_shared_link_with_such_a_language_is_a_language_nobody_offers(tab, server, word, language):
    open_finder(tab, server, f"?language={word}", language)
    assert cards(tab) == []
    assert tab.locator("[data-result-count]").inner_text() == tab.evaluate("() => KIM.countText(0)")
    # Said plainly, with the word as it came, and who can help (offices with interpreters).
    help_box = tab.locator("[data-no-match]")
    assert help_box.is_visible()
    assert help_box.locator("p").first.inner_text() == i18n.gettext(language, "No office offers %(language)s here yet.") % {"language": word}
    assert help_box.locator("[data-office]").count() >= 1
    assert tab.locator(f'[data-language-choice="{word}"] input').is_checked()
    # The filters still work: without the language, every office is back.
    help_box.locator("button:not([data-share])").first.click()
    tab.wait_for_function("() => document.querySelectorAll('[data-results] [data-office]').length > 0")
    assert "language" not in urlsplit(tab.url).query
    assert OFFICE in cards(tab)


@pytest.mark.parametrize(
    "query",
    [
        "?topic=toString",
        "?topic=constructor",
        "?municipality=hasOwnProperty",
        "?municipality=__proto__",
        "?district=valueOf",
        "?municipality=hagen&district=constructor",
        "?group=constructor",
        "?age=__proto__",
        "?language=uk&topic=__proto__&municipality=valueOf&group=toString",
    ],
)
def test_a_shared_link_with_such_filters_filters(tab, server, query):
    open_finder(tab, server, query)
    shown = cards(tab)
    count = tab.locator("[data-result-count]").inner_text()
    assert re.search(r"\d", count), count
    if shown:
        assert tab.locator("[data-no-match]").is_hidden()
    else:
        assert tab.locator("[data-no-match] button:not([data-share])").count() >= 1  # "remove the filter"


@pytest.mark.parametrize("language", ["de", "ar"])
def test_free_text_roles_are_shown_as_written(tab, server, language):
    open_finder(tab, server, "?language=uk", language)
    card = tab.locator(f'[data-office="{OFFICE}"]')
    assert card.locator(".kim-card__name").inner_text() == NAME
    assert card.locator(".kim-contact__role").all_inner_texts() == ["constructor", "__proto__"]


# -- the header search -----------------------------------------------------------------


def search(tab, server, query: str) -> list[dict]:
    """The results listed for a query, all of them (scrolled to the end of the list)."""
    tab.goto(f"{server}/")
    tab.click("input.md-search__input")
    tab.fill("input.md-search__input", query)
    tab.wait_for_function("q => document.querySelector('[data-kim-search]').getAttribute('data-kim-searched') === q", arg=query, timeout=10_000)
    found = int(re.search(r"\d+", tab.locator(".md-search-result__meta").inner_text()).group())
    for _ in range(found):
        listed = tab.locator(".md-search-result__link").count()
        if listed >= found:
            break
        tab.evaluate("() => { const s = document.querySelector('.md-search__scrollwrap'); s.scrollTop = s.scrollHeight; }")
        tab.wait_for_function("n => document.querySelectorAll('.md-search-result__link').length > n", arg=listed, timeout=10_000)
    links = tab.eval_on_selector_all(
        ".md-search-result__link",
        "links => links.map(a => ({path: new URL(a.href).pathname, title: a.querySelector('h1').textContent, excerpt: a.querySelector('p').textContent, marks: a.querySelectorAll('p mark').length}))",
    )
    assert len(links) == found
    return links


@pytest.mark.parametrize("query", ["Skriptprobe", "Hagen"])
def test_the_search_lists_an_office_whose_name_holds_a_character_reference(tab, server, query):
    office = [r for r in search(tab, server, query) if r["path"] == f"/offices/{OFFICE}/"]
    assert len(office) == 1
    # As written: the title is Pagefind's plain text, the excerpt its text with <mark>.
    assert office[0]["title"] == NAME
    assert "&#1114112;" in office[0]["excerpt"] and office[0]["marks"] >= 1
    assert 'kimxss-carrier <script>alert("carrier")</script>' in office[0]["excerpt"]


def test_the_search_and_the_finder_work_under_the_headers_a_host_sends(browser, hostile_site):
    """With site_url set, `_headers` sends two policies (scripts only from the script
    folders): served with them, as Netlify or Cloudflare would, the search's script,
    worker and WebAssembly and the finder's scripts still run."""
    headers = dict(line.strip().split(": ", 1) for line in (hostile_site / "_headers").read_text(encoding="utf-8").splitlines()[1:] if line.strip())
    assert ", script-src *:*/assets/" in headers["Content-Security-Policy"]
    with serve(hostile_site, headers=headers) as url, watched_tab(browser, {"width": 1200, "height": 900}) as tab:
        violations: list[str] = []
        tab.on("console", lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None)
        assert [r for r in search(tab, url, "Skriptprobe") if r["path"] == f"/offices/{OFFICE}/"]
        open_finder(tab, url, "?language=de")
        assert cards(tab)
        assert violations == []
