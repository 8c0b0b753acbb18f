"""Maps: self-hosted Leaflet, nothing from a CDN, no tile request before consent,
one marker or cluster per office, keyboard access, a list next to every map."""

from __future__ import annotations

import base64
import re
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import MAP_MOVING, ROOT, page_path, serve, settle
from generator import i18n
from generator.reading.load import load

TILE_HOST = "tile.openstreetmap.org"
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=")
OFFICES = sorted(p.stem for p in (ROOT / "content" / "offices").glob("*.yml"))
# Every point on the overview map: each office's address and its further consultation places.
PLACES = [
    point
    for office in load(ROOT / "content").offices.values()
    for point in [office.location, *(place.location for place in office.consultations)]
    if point
]


@pytest.fixture
def context(browser):
    context = browser.new_context(service_workers="block", viewport={"width": 1000, "height": 900})
    yield context
    context.close()


def open_page(context, url):
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    page.route(f"https://{TILE_HOST}/**", lambda route: route.fulfill(status=200, content_type="image/png", body=PNG))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page


def tile_requests(page) -> list[str]:
    return [u for u in page.requests if urlsplit(u).netloc == TILE_HOST]


def offices_on_map(page) -> int:
    """Markers count 1, clusters their number."""
    page.wait_for_selector("[data-map-ready] .leaflet-marker-icon")
    settle(page, **MAP_MOVING)  # cluster animation
    texts = page.eval_on_selector_all(".leaflet-marker-icon", "icons => icons.map(i => i.classList.contains('marker-cluster') ? i.textContent : '1')")
    return sum(int(t) for t in texts)


def test_leaflet_comes_from_our_site_and_nothing_from_a_cdn(sample_site):
    leaflet = sample_site / "assets" / "vendor" / "leaflet" / "leaflet.js"
    assert b"1.9.3" in leaflet.read_bytes()[:200]
    assert (sample_site / "assets" / "vendor" / "leaflet" / "markercluster.js").exists()
    cdn = re.compile(rb"cdn\.jsdelivr|unpkg\.com|cdnjs\.|code\.jquery|bootstrapcdn|netdna|googleapis|gstatic")
    # Material's own bundle names a CDN for diagrams this site never uses; all else is checked.
    ours = [p for p in sample_site.rglob("*") if p.suffix in (".html", ".js", ".css", ".json") and "javascripts" not in p.parts]
    assert len(ours) > 100
    for path in ours:
        assert not cdn.search(path.read_bytes()), path
    # No page loads a script or a style from another host: test_site.py::test_no_request_to_another_host.


@pytest.mark.parametrize("language", ["de", "ar"])
def test_overview_map_after_consent(context, server, language):
    prefix = "" if language == "de" else f"/{language}"
    page = open_page(context, f"{server}{prefix}/map/")
    assert tile_requests(page) == []
    consent = page.locator("[data-map-consent]")
    assert TILE_HOST in page.locator("[data-map-host]").inner_text()
    assert not page.locator("[data-map-canvas]").is_visible()
    consent.click()
    assert offices_on_map(page) == len(PLACES)
    assert tile_requests(page)
    # The list next to the map links every office, in the page's language.
    links = page.eval_on_selector_all("[data-office] a.kim-card__name", "links => links.map(a => new URL(a.href).pathname)")
    assert sorted(links) == sorted(f"{prefix}/offices/{slug}/" for slug in OFFICES)


def test_popup_links_to_the_office_page_in_the_same_language(context, server, sample_site):
    page = open_page(context, f"{server}/ar/map/")
    page.click("[data-map-consent]")
    offices_on_map(page)
    page.locator(".leaflet-marker-icon:not(.marker-cluster)").first.click()
    popup = page.locator(".kim-popup")
    popup.wait_for()
    # How to get in and when: the same sentences as the office page.
    link = popup.locator("a.kim-card__name")
    slug = link.get_attribute("href").rstrip("/").rsplit("/", 1)[1]
    said = popup.locator("[data-access] [data-item]").all_inner_texts()
    office = BeautifulSoup(page_path(sample_site, "ar", f"offices/{slug}").read_text(encoding="utf-8"), "html.parser")
    assert said and said == [p.get_text() for p in office.select(".kim-office-summary [data-access] p")]
    # By keyboard: the map may still pan to show the popup, and a click by position
    # would land beside the moving link.
    link.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/ar/offices/[a-z0-9-]+/$"))
    path = urlsplit(page.url).path
    assert re.fullmatch(r"/ar/offices/[a-z0-9-]+/", path)
    assert page.locator("html").get_attribute("lang") == "ar"


def test_marker_reachable_by_keyboard(context, server):
    page = open_page(context, f"{server}/map/")
    page.click("[data-map-consent]")
    offices_on_map(page)
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('leaflet-marker-icon') && !document.activeElement.classList.contains('marker-cluster')"):
            break
    else:
        pytest.fail("no marker reachable with Tab")
    name = page.evaluate("document.activeElement.getAttribute('alt') || document.activeElement.title")
    assert name
    page.keyboard.press("Enter")
    assert page.locator(".kim-popup .kim-card__name").inner_text() == name
    # Clusters have an accessible name too.
    for label in page.eval_on_selector_all(".marker-cluster", "icons => icons.map(i => i.getAttribute('aria-label'))"):
        assert label and "Beratungsstellen" in label


def test_consent_is_remembered_on_the_device(context, server):
    first = open_page(context, f"{server}/map/")
    first.click("[data-map-consent]")
    offices_on_map(first)
    office = open_page(context, f"{server}/ar/offices/herne-wanne-planb/")
    assert offices_on_map(office) == 1
    assert not office.locator("[data-map-placeholder]").is_visible()


def test_office_and_finder_maps(context, server):
    office = open_page(context, f"{server}/offices/hagen-rathaus-ii/")
    assert tile_requests(office) == []
    # an office page has no list next to its map: the placeholder points to the address
    assert office.locator("[data-map-host]").inner_text() == i18n.gettext("de", "The map images come from %(host)s. When you show the map, your browser connects to that server and sends it your IP address. The address is also written on this page.") % {"host": TILE_HOST}
    office.click("[data-map-consent]")
    assert offices_on_map(office) == 1
    finder = open_page(context, f"{server}/finder/?language=ar")
    assert offices_on_map(finder) == 3  # the map follows the filters
    finder.select_option("#kim-topic", "kita-school")
    assert offices_on_map(finder) == 2


def test_the_finders_map_shows_results_that_came_before_its_script(context, server):
    """The finder's first results can come before map.js runs (the index is fetched
    early, map.js after finder.js): the map shows them all the same."""
    office = open_page(context, f"{server}/offices/hagen-rathaus-ii/")
    office.click("[data-map-consent]")
    offices_on_map(office)
    finder = context.new_page()
    finder.route(f"https://{TILE_HOST}/**", lambda route: route.fulfill(status=200, content_type="image/png", body=PNG))
    held: list = []
    finder.route("**/assets/map.js", lambda route: held.append(route))
    finder.goto(f"{server}/finder/?language=ar", wait_until="commit")
    finder.wait_for_selector("[data-result-count]:not(:empty)")
    assert len(held) == 1
    held[0].continue_()
    assert offices_on_map(finder) == 3


@pytest.mark.parametrize("language", ["de", "ar"])
def test_map_page_has_no_wcag_violations(context, server, language):
    from axe_playwright_python.sync_playwright import Axe

    prefix = "" if language == "de" else f"/{language}"
    page = open_page(context, f"{server}{prefix}/map/")
    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, "resultTypes": ["violations"]}
    before = Axe().run(page, options=options)
    assert before.violations_count == 0, before.generate_report()
    page.click("[data-map-consent]")
    offices_on_map(page)
    after = Axe().run(page, options=options)
    assert after.violations_count == 0, after.generate_report()


def test_own_tile_server_needs_no_consent(real_site, browser):
    """The real-shaped fixture's site.yml: the municipality's own tile server, no consent step."""
    places = [point for office in load(real_site.parent / "content").offices.values() for point in [office.location, *(place.location for place in office.consultations)] if point]
    with serve(real_site) as url:
        context = browser.new_context(service_workers="block")
        try:
            page = open_page(context, f"{url}/map/")
            assert offices_on_map(page) == len(places)
            assert any(urlsplit(u).path.startswith("/tiles/") for u in page.requests)
            assert not page.locator("[data-map-placeholder]").is_visible()
        finally:
            context.close()
