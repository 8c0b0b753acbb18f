"""The built site in real headless Chromium (Debian's package, driven by Playwright)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from conftest import SITE_LANGUAGES, serve, settle
from generator import i18n


@pytest.fixture
def page(shared_context, server):
    page = shared_context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    yield page
    page.close()


# -- the header search (Pagefind in Material's search field) ----------------------------


def open_search(page, server, language: str, path: str = "") -> None:
    prefix = "" if language == "de" else f"/{language}"
    page.goto(f"{server}{prefix}/{path}")
    page.click("input.md-search__input")


def results(page, query: str) -> list[str]:
    """Type a query into the open header search; the result links once they are shown."""
    page.fill("input.md-search__input", query)
    page.wait_for_function("q => document.querySelector('[data-kim-search]').getAttribute('data-kim-searched') === q", arg=query.strip())
    return page.eval_on_selector_all(".md-search-result__link", "links => links.map(a => a.href)")


def search(page, server, language: str, query: str) -> list[str]:
    open_search(page, server, language)
    return results(page, query)


def top_pages(links: list[str], language: str, count: int = 5) -> list[str]:
    """The first pages found, as paths below the language's root ("" for its start page);
    every one must be a page of that language."""
    prefix = "/" if language == "de" else f"/{language}/"
    others = tuple(f"/{code}/" for code in SITE_LANGUAGES if code not in (language, "de"))
    pages: list[str] = []
    for link in links:
        path = urlsplit(link).path
        assert path.startswith(prefix) and not path.startswith(others), path
        if path[len(prefix) :] not in pages:
            pages.append(path[len(prefix) :])
    return pages[:count]


@pytest.mark.parametrize(
    "language, query",
    [
        ("de", "englisch"), ("en", "english"), ("tr", "Almanca"), ("ar", "الإنجليزية"), ("uk", "англійська"),
        ("ru", "английский"), ("fa", "انگلیسی"), ("ro", "engleză"), ("bg", "английски"), ("pl", "angielski"),
    ],
)
def test_one_word_search_finds_pages_of_the_readers_language(page, server, language, query):
    links = search(page, server, language, query)
    assert links
    top_pages(links, language, count=len(links))  # only pages of the reader's language
    page.goto(links[0])
    assert query.casefold() in page.locator("article").inner_text().casefold()


# One-word queries as readers type them, with and without the letters their language
# writes, and a page that must be among the first five (as built from content/).
QUERIES = {
    "de": [
        ("Unterstützung", "topics/family/"), ("Unterstutzung", "topics/family/"), ("Unterstuetzung", "topics/family/"),
        ("Behörde", "topics/authorities/"), ("Behorde", "topics/authorities/"), ("Ämter", "topics/authorities/"),
        ("Amter", "topics/authorities/"), ("Wohnen", "topics/housing/"),
    ],
    "en": [("housing", "topics/housing/"), ("debt", "topics/debt/")],
    "tr": [
        ("iş", "topics/work/"), ("İş", "topics/work/"), ("is", "topics/work/"), ("göç", ""), ("goc", ""),
        ("yabancı", "topics/residence/"), ("yabanci", "topics/residence/"), ("YABANCI", "topics/residence/"),
        ("Türkçe", "finder/tr/"), ("Turkce", "finder/tr/"), ("sağlık", "topics/health/"), ("saglik", "topics/health/"),
        ("işlemler", "topics/authorities/"), ("islemler", "topics/authorities/"),
    ],
    "ar": [
        ("السكن", "topics/housing/"), ("العمل", "topics/work/"), ("الديون", "topics/debt/"), ("تعلّم", "topics/language/"),
        ("تعلم", "topics/language/"), ("الصحة", "topics/health/"), ("الصحه", "topics/health/"),
    ],
    "fa": [("مسکن", "topics/housing/"), ("مسكن", "topics/housing/"), ("کار", "topics/work/"), ("بدهی", "topics/debt/"), ("بدهي", "topics/debt/")],
    "uk": [("житло", "topics/housing/"), ("борги", "topics/debt/"), ("робота", "topics/work/"), ("здоров'я", "topics/health/")],
    "ru": [("жильё", "topics/housing/"), ("жилье", "topics/housing/"), ("работа", "topics/work/"), ("долги", "topics/debt/")],
    "bg": [("жилище", "topics/housing/"), ("дългове", "topics/debt/"), ("работа", "topics/work/")],
    "ro": [
        ("locuință", "topics/housing/"), ("locuinta", "topics/housing/"), ("muncă", "topics/work/"), ("munca", "topics/work/"),
        ("sănătate", "topics/health/"), ("sanatate", "topics/health/"), ("pașapoarte", "topics/documents/"),
        ("pasapoarte", "topics/documents/"), ("paşapoarte", "topics/documents/"),  # ş: the cedilla of older keyboards
    ],
    "pl": [
        ("mieszkanie", "topics/housing/"), ("długi", "topics/debt/"), ("dlugi", "topics/debt/"), ("urzędowe", "topics/authorities/"),
        ("urzedowe", "topics/authorities/"), ("jezyka", "topics/language/"), ("zdrowie", "topics/health/"),
        ("niepełnosprawność", "topics/disability/"), ("niepelnosprawnosc", "topics/disability/"), ("szkoła", "topics/kita-school/"),
        ("szkola", "topics/kita-school/"),
    ],
}


@pytest.mark.parametrize("language", SITE_LANGUAGES)
def test_search_finds_words_with_and_without_their_letters(page, server, language):
    """Each language finds its own words typed with or without diacritics (and Turkish ı,
    Polish ł, the Arabic and Persian keyboards' letters): the page in the first five,
    only pages of the reader's language."""
    open_search(page, server, language)
    missed = {}
    for query, expected in QUERIES[language]:
        pages = top_pages(results(page, query), language)
        # The finder's form is not indexed: the finder is no hit for a topic's word (its
        # links to the lists by language are, for a language's name).
        if expected not in pages or ("finder/" in pages and not expected.startswith("finder/")):
            missed[query] = pages
    assert missed == {}


def test_search_index_loads_only_when_the_reader_searches(page, server):
    page.goto(f"{server}/ar/offices/dormagen/")
    page.wait_for_load_state("networkidle")
    # No index and no worker: not even the search field's script (assets/search.js) before the reader goes to it.
    assert not [u for u in page.requests if "/pagefind/" in u or "search_index" in u or "/workers/" in u]
    page.click("input.md-search__input")
    results(page, "السكن")
    paths = [urlsplit(u).path for u in page.requests]
    assert "/pagefind/pagefind.js" in paths
    # The Arabic index only, and of it only chunks, never a whole index.
    metas = [p for p in paths if p.endswith(".pf_meta")]
    assert metas and all(p.startswith("/pagefind/pagefind.ar_") for p in metas), metas
    assert not [p for p in paths if "search_index" in p or "/workers/" in p]


def test_search_is_materials_dialog_in_the_pages_language_with_its_keys(page, server):
    """Material's search field and result list, named in the page's language; "/" and
    "s" open it, arrow keys walk the results, Enter follows the first, Escape closes."""
    page.goto(f"{server}/tr/offices/dormagen/")
    assert page.get_attribute(".md-search[role=dialog]", "aria-label") == i18n.gettext("tr", "Search this website")
    assert page.get_attribute("input.md-search__input", "placeholder") == i18n.gettext("tr", "Search")
    assert page.locator(".md-search-result__meta").text_content().strip() == i18n.gettext("tr", "Type a word to search")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.matches('input.md-search__input') && document.getElementById('__search').checked")
    links = results(page, "borç")
    assert page.locator(".md-search-result__meta").inner_text() == i18n.translations("tr").ngettext("%(num)d page found", "%(num)d pages found", len(links)) % {"num": len(links)}
    assert page.locator(".md-search-result__article h1").first.inner_text()
    assert page.locator(".md-search-result__article mark").count()
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.classList.contains('md-search-result__link')")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.matches('input.md-search__input')")
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__search').checked")
    page.keyboard.press("s")
    assert page.evaluate("document.activeElement.matches('input.md-search__input') && document.getElementById('__search').checked")
    page.keyboard.press("Enter")
    page.wait_for_url(links[0])


@pytest.mark.parametrize("language, query", [("ar", "السكن"), ("fa", "مسکن")])
def test_search_results_are_right_to_left_in_arabic_and_persian(page, server, language, query):
    assert search(page, server, language, query)
    for selector in (".md-search-result__article", ".md-search-result__meta", "input.md-search__input"):
        assert page.evaluate(f"getComputedStyle(document.querySelector('{selector}')).direction") == "rtl", selector


def test_search_works_under_the_policy_sent_as_header(browser, sample_site):
    """The policy of `_headers` and `.htaccess` also reaches the search's worker, so Pagefind's
    WebAssembly runs only because script-src allows 'wasm-unsafe-eval' (no JavaScript eval)."""
    header = (sample_site / "_headers").read_text(encoding="utf-8").split("Content-Security-Policy: ")[1].splitlines()[0]
    assert "'wasm-unsafe-eval'" in header and "'unsafe-eval'" not in header
    with serve(sample_site, headers={"Content-Security-Policy": header}) as url:
        context = browser.new_context(service_workers="block")
        try:
            tab = context.new_page()
            violations: list[str] = []
            tab.on("console", lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None)
            tab.goto(f"{url}/pl/")
            tab.click("input.md-search__input")
            assert top_pages(results(tab, "dlugi"), "pl")[0] == "topics/debt/"
            assert violations == []
        finally:
            context.close()


# -- pages -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/offices/herne-wanne-planb/", "/ar/offices/aachen-arkaden/", "/fa/", "/en/topics/housing/"])
def test_pages_make_no_request_to_another_host(page, server, path):
    page.goto(f"{server}{path}")
    page.wait_for_load_state("networkidle")
    hosts = {urlsplit(url).netloc for url in page.requests if not url.startswith(("data:", "blob:"))}
    assert hosts == {urlsplit(server).netloc}


def test_search_makes_no_request_to_another_host(page, server):
    search(page, server, "fa", "کار")
    hosts = {urlsplit(url).netloc for url in page.requests if not url.startswith(("data:", "blob:"))}
    assert hosts == {urlsplit(server).netloc}


def test_arabic_page_is_right_to_left_and_german_text_left_to_right(page, server):
    page.goto(f"{server}/ar/offices/herne-wanne-planb/")
    assert page.evaluate("getComputedStyle(document.querySelector('article')).direction") == "rtl"
    assert page.evaluate("getComputedStyle(document.querySelector('.kim-notes')).direction") == "ltr"
    # The page's own heading in Arabic sits at the right edge.
    box = page.locator("article h2").first.bounding_box()
    article = page.locator("article").bounding_box()
    assert box["x"] + box["width"] > article["x"] + article["width"] - 40


WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, "resultTypes": ["violations"]}  # violations in full, the rest in short


@pytest.mark.parametrize("width", [1200, 360])
@pytest.mark.parametrize("path", ["/", "/ar/professionals/", "/fa/privacy/", "/offices/hagen-rathaus-ii/", "/ar/sign-language/", "/uk/topics/debt/"])
def test_content_pages_pass_axe(browser, server, path, width):
    """WCAG 2.1 A/AA by axe-core on the content pages, at desktop and phone width
    (the header's tabs show only on the desktop)."""
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(service_workers="block", viewport={"width": width, "height": 900})
    try:
        tab = context.new_page()
        tab.goto(f"{server}{path}")
        settle(tab)  # Material fades the tabs in
        results = Axe().run(tab, options=WCAG)
        assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in results.response["violations"]] == []
    finally:
        context.close()


@pytest.mark.parametrize("width", [1200, 360])
@pytest.mark.parametrize("language, query", [("de", "Wohnen"), ("ar", "السكن")])
def test_open_search_with_results_passes_axe(browser, server, language, query, width):
    """The search open with results: WCAG 2.1 A/AA, and the dialog has a name (axe's
    aria-dialog-name)."""
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(service_workers="block", viewport={"width": width, "height": 900})
    try:
        tab = context.new_page()
        prefix = "" if language == "de" else f"/{language}"
        tab.goto(f"{server}{prefix}/")
        settle(tab)
        if width < 960:
            tab.click("label.md-header__button[for=__search]")
        else:
            tab.click("input.md-search__input")
        assert results(tab, query)
        settle(tab)  # Material fades the results in
        found = Axe().run(tab, options=WCAG).response["violations"]
        found += Axe().run(tab, options={"runOnly": {"type": "rule", "values": ["aria-dialog-name"]}, "resultTypes": ["violations"]}).response["violations"]
        assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in found] == []
    finally:
        context.close()
