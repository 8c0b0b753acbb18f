"""The built site in real headless Chromium (Debian's package, driven by Playwright)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from conftest import serve


@pytest.fixture(scope="module")
def server(sample_site):
    with serve(sample_site) as url:
        yield url


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    yield page
    context.close()


def search(page, server, language: str, query: str) -> list[str]:
    prefix = "" if language == "de" else f"/{language}"
    page.goto(f"{server}{prefix}/")
    page.click("input.md-search__input")
    page.keyboard.type(query)
    # keyboard.type enters non-Latin text without key events, and Material reads
    # the query on keyup: release a key as a real keyboard does, again until the
    # search worker, which may still be loading its index, has answered.
    for _ in range(40):
        page.keyboard.press("End")
        page.wait_for_timeout(250)
        if page.locator(".md-search-result__link").count():
            break
    return page.eval_on_selector_all(".md-search-result__link", "links => links.map(a => a.href)")


@pytest.mark.parametrize(
    "language, query",
    [("de", "englisch"), ("en", "english"), ("ar", "الإنجليزية"), ("fa", "انگلیسی"), ("uk", "англійська"), ("bg", "английски"), ("tr", "Almanca")],
)
def test_one_word_search_finds_pages_of_the_readers_language(page, server, language, query):
    links = search(page, server, language, query)
    assert links
    paths = [urlsplit(link).path for link in links]
    others = [f"/{code}/" for code in ("en", "tr", "ar", "uk", "ru", "fa", "ro", "bg", "pl") if code != language]
    for path in paths:
        assert not any(path.startswith(other) for other in others), path
        if language != "de":
            assert path.startswith(f"/{language}/"), path
    page.goto(links[0])
    assert query.casefold() in page.locator("article").inner_text().casefold()


@pytest.mark.parametrize("path", ["/offices/herne-wanne-planb/", "/ar/offices/aachen-arkaden/", "/fa/", "/en/topics/housing/"])
def test_pages_make_no_request_to_another_host(page, server, path):
    page.goto(f"{server}{path}")
    page.wait_for_load_state("networkidle")
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


def test_search_index_loads_only_when_the_reader_searches(page, server):
    page.goto(f"{server}/ar/offices/dormagen/")
    page.wait_for_load_state("networkidle")
    assert not [u for u in page.requests if u.endswith("search_index.json")]
    page.click("input.md-search__input")
    page.wait_for_load_state("networkidle")
    assert [urlsplit(u).path for u in page.requests if u.endswith("search_index.json")] == ["/ar/search/search_index.json"]


@pytest.mark.parametrize("width", [1200, 360])
@pytest.mark.parametrize("path", ["/", "/ar/professionals/", "/fa/privacy/", "/offices/hagen-rathaus-ii/", "/ar/sign-language/", "/uk/topics/debt/"])
def test_content_pages_pass_axe(browser, server, path, width):
    """WCAG 2.1 A/AA by axe-core on the content pages, at desktop and phone width
    (the header's tabs show only on the desktop)."""
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        tab = context.new_page()
        tab.goto(f"{server}{path}")
        tab.wait_for_timeout(500)  # Material fades the tabs in
        results = Axe().run(tab, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
        assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in results.response["violations"]] == []
    finally:
        context.close()
