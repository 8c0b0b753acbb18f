"""The sample site by keyboard, in Chromium: maps (clusters, popups, the consent step),
focus rings that stand out from what is behind them, the phone's menu button, the
language menu; and two right-to-left layouts (an office's title, the start page's
buttons on a phone)."""

from __future__ import annotations

from conftest import MAP_MOVING, settle, watched_tab

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}

# The contrast between an element's focus ring (its computed outline colour) and what is
# behind the ring, at the middle of each side (the ring's own box: outline-offset plus
# half its width outside the border box, or inside it for a negative offset): the
# backgrounds under that point, from the top down to the first opaque one, mixed by
# their alpha, over white. The lowest of the four sides in the viewport, and the width.
RING = """(element) => {
  const parse = (c) => {
    const m = c.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return [0, 0, 0, 0];
    const p = m[1].split(/[ ,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const luminance = (rgb) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(rgb[0]) + 0.7152 * f(rgb[1]) + 0.0722 * f(rgb[2]);
  };
  const contrast = (a, b) => {
    const x = luminance(a), y = luminance(b);
    return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
  };
  const style = getComputedStyle(element);
  const width = style.outlineStyle === "none" ? 0 : parseFloat(style.outlineWidth);
  const ring = parse(style.outlineColor);
  const d = (parseFloat(style.outlineOffset) || 0) + width / 2;
  const r = element.getBoundingClientRect();
  const points = [[r.left + r.width / 2, r.top - d], [r.left + r.width / 2, r.bottom + d],
                  [r.left - d, r.top + r.height / 2], [r.right + d, r.top + r.height / 2]];
  const ratios = [];
  for (const [x, y] of points) {
    if (x < 0 || y < 0 || x >= innerWidth || y >= innerHeight) continue;
    const layers = [];
    for (const node of document.elementsFromPoint(x, y)) {
      const background = parse(getComputedStyle(node).backgroundColor);
      if (background[3] > 0) layers.push(background);
      if (background[3] >= 1) break;
    }
    let behind = [255, 255, 255];
    while (layers.length) {
      const top = layers.pop();
      behind = [0, 1, 2].map((i) => top[i] * top[3] + behind[i] * (1 - top[3]));
    }
    ratios.push(contrast(ring, behind));
  }
  return {width, ratio: Math.min(...ratios), sides: ratios.length};
}"""


def ring_of(tab, selector: str, nth: int = 0, top: bool = False) -> dict:
    """Focus the element as the keyboard would (after a Tab, so that it matches
    :focus-visible) and measure its ring where it stands: the header's and tabs' at the
    top of the page, the others in the middle of the window."""
    element = tab.locator(f"{selector} >> visible=true").nth(nth)
    if top:
        tab.evaluate("window.scrollTo(0, 0)")
    else:
        element.evaluate("e => e.scrollIntoView({block: 'center'})")
    element.focus()
    settle(tab)
    assert tab.evaluate("(e) => document.activeElement === e && e.matches(':focus-visible')", element.element_handle()), selector
    return tab.evaluate(RING, element.element_handle())


def test_focus_rings_stand_out_from_what_is_behind_them(browser, server):
    """Every focus ring at least 3:1 against the colour behind it (WCAG 1.4.11), in the
    header and the tabs (indigo), the language list and search field (white boxes in
    the header) and on the page, in the light scheme."""
    places = {
        "skip link": (".md-skip", 0, True),
        "logo": (".md-header__button.md-logo", 0, True),
        "language button": (".md-select > button", 0, True),
        "language link": (".md-select__link", 1, True),
        "search field": (".md-search__input", 0, True),
        "tab": (".md-tabs__link", 1, True),
        "button": ("article .md-button", 0, False),
        "link": ("article a:not(.md-button)", 0, False),
        "form field": (".kim-finder input[type=search], .kim-finder select", 0, False),
        "checkbox": (".kim-finder input[type=checkbox], .kim-finder input[type=radio]", 0, False),
        "footer link": (".kim-footer-links a", 0, False),
    }
    low = {}
    for language in ("de", "ar"):
        with watched_tab(browser, DESKTOP) as tab:
            tab.goto(f"{server}{'' if language == 'de' else '/' + language}/finder/")
            tab.keyboard.press("Tab")  # the keyboard is in use: rings show on focus()
            for name, (selector, nth, top) in places.items():
                if name == "language link":
                    tab.locator(".md-select > button").focus()
                    tab.keyboard.press("Enter")
                ring = ring_of(tab, selector, nth, top)
                if name == "search field":
                    tab.keyboard.press("Escape")
                if ring["width"] < 2 or ring["sides"] == 0 or ring["ratio"] < 3:
                    low[f"{language} {name}"] = ring
    assert low == {}


def test_phone_menu_button_by_keyboard(browser, server):
    """At 390 px the menu (drawer) button is a Tab stop with a name; Enter and Space press it."""
    with watched_tab(browser, PHONE) as tab:
        tab.goto(f"{server}/en/")
        for _ in range(4):
            tab.keyboard.press("Tab")
            if tab.evaluate("() => document.activeElement.matches('.md-header__button[for=__drawer]')"):
                break
        menu = tab.locator(".md-header__button[for=__drawer]")
        assert tab.evaluate("() => document.activeElement.matches('.md-header__button[for=__drawer]')")
        assert menu.get_attribute("role") == "button" and menu.get_attribute("aria-label")
        assert menu.get_attribute("aria-expanded") == "false"
        tab.keyboard.press("Enter")
        settle(tab)
        assert tab.evaluate("() => document.getElementById('__drawer').checked")
        assert menu.get_attribute("aria-expanded") == "true"
        assert tab.locator(".md-sidebar--primary .md-nav__link").first.is_visible()
        menu.focus()
        tab.keyboard.press(" ")  # Space presses it too: the menu closes
        settle(tab)
        assert not tab.evaluate("() => document.getElementById('__drawer').checked")
        assert menu.get_attribute("aria-expanded") == "false" and tab.evaluate("scrollY") == 0


def test_language_menu_by_keyboard(browser, server):
    """Closed, the language menu's links take no Tab stop; Enter on its button opens it,
    Tab goes into it, Escape closes it with the focus back on the button."""
    with watched_tab(browser, DESKTOP) as tab:
        tab.goto(f"{server}/finder/")
        button = tab.locator(".md-select > button")
        button.focus()
        tab.keyboard.press("Tab")
        assert not tab.evaluate("() => document.activeElement.matches('.md-select__link')")
        assert tab.evaluate("() => document.activeElement.matches('.md-search__input')")
        tab.keyboard.press("Escape")
        button.focus()
        assert button.get_attribute("aria-expanded") == "false"
        assert not tab.locator(".md-select__link").first.is_visible()
        tab.keyboard.press("Enter")
        settle(tab)
        assert button.get_attribute("aria-expanded") == "true"
        tab.keyboard.press("Tab")
        assert tab.evaluate("() => document.activeElement.matches('.md-select__link')")
        assert tab.locator(".md-select__link").first.is_visible()
        tab.keyboard.press("Escape")
        settle(tab)
        assert tab.evaluate("() => document.activeElement.matches('.md-select > button')")
        assert button.get_attribute("aria-expanded") == "false"
        assert not tab.locator(".md-select__link").first.is_visible()


def focused(tab, selector: str) -> bool:
    return tab.evaluate("(s) => document.activeElement.matches(s)", selector)


def show_map(tab, server: str) -> None:
    """The map of all offices, with the reader's consent (the button pressed by
    keyboard); tiles answered empty."""
    tab.route("https://tile.openstreetmap.org/**", lambda route: route.fulfill(status=204))
    tab.goto(f"{server}/map/")
    tab.locator("[data-map-consent]").focus()
    tab.keyboard.press("Enter")
    tab.wait_for_selector("[data-map-ready]")
    settle(tab, **MAP_MOVING)


MARKERS = ".leaflet-marker-icon:not(.marker-cluster)"


def test_map_takes_the_focus_after_consent(browser, server):
    """After "Show the map" (its button is gone) the focus is on the map, not the page."""
    with watched_tab(browser, DESKTOP) as tab:
        show_map(tab, server)
        assert focused(tab, "[data-map-canvas]")


def test_map_clusters_by_enter_and_space(browser, server):
    """Enter and Space on a cluster zoom into it or spread it out, as a click does; the
    focus stays on the map (the cluster's icon goes) and Space does not scroll the page."""
    for key in ("Enter", " "):
        with watched_tab(browser, DESKTOP) as tab:
            show_map(tab, server)
            before = tab.locator(MARKERS).count()
            assert tab.locator(".marker-cluster").count(), key
            tab.locator(".marker-cluster").first.focus()
            scrolled = tab.evaluate("scrollY")
            tab.keyboard.press(key)
            settle(tab, **MAP_MOVING)
            assert tab.locator(MARKERS).count() > before, key
            assert focused(tab, "[data-map-canvas]"), key
            assert tab.evaluate("scrollY") == scrolled, key


def test_map_popup_closes_on_escape(browser, server):
    """Escape closes a marker's popup, from the marker or from inside the popup, and
    returns the focus to the marker."""
    with watched_tab(browser, DESKTOP) as tab:
        show_map(tab, server)
        marker = tab.locator(MARKERS).first
        name = marker.get_attribute("title")
        for inside in (False, True):
            marker.focus()
            tab.keyboard.press("Enter")
            tab.wait_for_selector(".leaflet-popup")
            if inside:
                tab.locator(".leaflet-popup a").first.focus()
            tab.keyboard.press("Escape")
            # Leaflet removes the popup by a timer set to when its fade ends: not before.
            tab.locator(".leaflet-popup").wait_for(state="detached")
            settle(tab, **MAP_MOVING)
            assert tab.evaluate("() => document.activeElement.getAttribute('title')") == name, inside


def test_office_title_follows_right_to_left(browser, server):
    """An office's German name as the title of an Arabic page stands on the right, where
    the page's titles stand (it runs left to right, marked as German)."""
    with watched_tab(browser, DESKTOP) as tab:
        tab.goto(f"{server}/ar/offices/herne-wanne-planb/")
        title = tab.evaluate("""() => {
          const h = document.querySelector("article h1"), text = document.createRange();
          text.selectNodeContents(h);
          return {dir: h.getAttribute("dir"), box: h.getBoundingClientRect().right, text: text.getBoundingClientRect().right};
        }""")
        assert title["dir"] == "ltr"
        assert abs(title["box"] - title["text"]) < 2, title


def test_start_buttons_apart_on_arabic_phone(browser, server):
    """The start page's buttons on an Arabic phone (390 px) keep apart when they wrap."""
    with watched_tab(browser, PHONE) as tab:
        tab.goto(f"{server}/ar/")
        boxes = tab.evaluate("() => [...document.querySelectorAll('article .md-button')].map(e => { const r = e.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; })")
        assert len(boxes) >= 3
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                apart = max(a[0] - b[2], b[0] - a[2], a[1] - b[3], b[1] - a[3])
                assert apart >= 4, (a, b)
