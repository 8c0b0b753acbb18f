"""One fact, one phrasing: an office's card reads the same wherever it is shown: made
by the pages (For professionals, the list without script), by the finder's script and
in the map's popup, in German, Arabic and Persian. Hours, languages, labels, the
statement of access, the target group and the ways to get in touch are worded once
(generator/words/phrases.py); the scripts only fill the card's copy."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import holidays
import pytest
from bs4 import BeautifulSoup

from conftest import serve, watched_tab
from generator import i18n
from generator.contract.records import DAYS, rules_on
from generator.outputs.finder import finder_index
from generator.outputs.open_data import data_files
from generator.reading.load import load
from generator.rendering.pages import beside_pages, render_pages
from test_hostile import OFFICE, small_content

# The parts of a card that state facts, as a reader sees them (finder-only parts left
# out), by their classes: For professionals is a hand-written page with the cards
# appended, whose sanitiser keeps no data attributes but its own.
READ_CARD = """card => {
  const text = (selector) => Array.from(card.querySelectorAll(selector), n => n.innerText.replace(/\\s+/g, " ").trim());
  return {
    office: card.dataset.office,
    name: text(".kim-card__name"),
    place: text(".kim-card__place"),
    carriers: text(".kim-card__carrier"),
    access: text(".kim-card__access > span"),
    phoneHours: text(".kim-card__phone-hours"),
    target: text(".kim-card__target"),
    accessibility: text(".kim-card__accessibility > span"),
    languages: text(".kim-card__languages .kim-chip"),
    ways: text(":scope > .kim-actions:not(.kim-card__refer) a"),
    contacts: text(".kim-contact"),
  };
}"""


def cards(tab, selector: str) -> dict[str, dict]:
    return {card["office"]: card for card in tab.eval_on_selector_all(selector, f"cards => cards.map({READ_CARD})")}


@pytest.fixture(scope="module")
def site_url(sample_site):
    with serve(sample_site) as url:
        yield url


@pytest.mark.parametrize("language", ["de", "ar", "fa"])
def test_a_card_reads_the_same_on_every_page_and_in_every_script(browser, site_url, language):
    prefix = "" if language == "de" else f"/{language}"
    with watched_tab(browser, {"width": 1280, "height": 900}) as tab:
        tab.goto(f"{site_url}{prefix}/professionals/")
        by_pages = cards(tab, ".kim-directory > .kim-card")
        tab.goto(f"{site_url}{prefix}/finder/")
        tab.wait_for_selector("[data-results] .kim-card")
        by_finder = cards(tab, "[data-results] > .kim-card")
        assert by_finder and set(by_finder) <= set(by_pages)
        for office, card in by_finder.items():
            assert card == by_pages[office], office
        # What the phrases say is there: hours and languages in the page's words.
        assert any(card["phoneHours"] for card in by_pages.values())
        assert all(card["languages"] or card["office"] == "dormagen" for card in by_pages.values())
        tab.goto(f"{site_url}{prefix}/map/")
        tab.route("https://tile.openstreetmap.org/**", lambda route: route.fulfill(status=200, content_type="image/png", body=b""))
        tab.click("[data-map-consent]")
        tab.wait_for_selector("[data-map-ready] .leaflet-marker-icon:not(.marker-cluster)")
        tab.locator(".leaflet-marker-icon:not(.marker-cluster)").first.dispatch_event("click")
        popup = cards(tab, ".kim-popup .kim-card")
        assert len(popup) == 1
        office, card = popup.popitem()
        assert card == by_pages[office]


def test_the_card_of_the_finder_is_the_one_of_the_pages(sample_site):
    """The finder's and the map's copy of the card is the pages' card template, with
    every part (the scripts take parts out, never add their own)."""

    page = BeautifulSoup((sample_site / "finder" / "index.html").read_text(encoding="utf-8"), "html.parser")
    template = page.select_one("template[data-card]")
    assert template is not None
    card = template.select_one("li.kim-card")
    for part in (".kim-card__name", ".kim-card__carrier", ".kim-card__place", ".kim-card__phone-hours", "[data-access]", ".kim-card__target", ".kim-card__accessibility", ".kim-card__languages", ".kim-contacts", "[data-handout]"):
        assert card.select_one(part) is not None, part
    listed = BeautifulSoup((sample_site / "professionals" / "index.html").read_text(encoding="utf-8"), "html.parser").select_one(".kim-directory > .kim-card")
    assert [c for c in card["class"]] == [c for c in listed["class"]]


def test_open_now_follows_the_rules_of_the_pages(browser, site_url, tmp_path):
    """The finder decides "open now" in the browser (kim.js `status`) from the index's
    data; a table of moments, run against it and against the rules the pages use (which
    rules hold on a day, closures, NRW public holidays), gives the same answer each time."""
    today = dt.date.today()
    monday = today + dt.timedelta(days=7 - today.weekday())
    holiday = next(day for day in sorted(holidays.country_holidays("DE", subdiv="NW", years=[today.year + 1])) if day.weekday() < 5)
    hours = f"""opening_hours:
  - {{days: [mo, tu], open: "08:00", close: "12:00"}}
  - {{days: [mo], open: "13:00", close: "16:30"}}
  - {{days: [we], open: "09:00", close: "11:00", valid_from: {monday + dt.timedelta(days=9)}}}
  - {{days: [{DAYS[holiday.weekday()]}], open: "00:00", close: "23:59"}}
  - {{days: [fr], open: "09:00", close: "12:00", weeks: [2]}}
closures:
  - {{from: {monday + dt.timedelta(days=1)}, to: {monday + dt.timedelta(days=1)}}}
consultations:
  - name: Ort Eins
    address: {{city: Herne}}
    hours: [{{days: [th], open: "14:00", close: "16:00", weeks: [1, last]}}]
"""
    content = small_content(tmp_path, OFFICE.replace('opening_hours:\n  - {days: [mo, tu], open: "08:00", close: "16:30"}\n', hours))
    office = load(content, today=today).offices["test"]
    entry = next(o for o in finder_index(load(content, today=today), today, "de")["offices"] if o["slug"] == "test")
    nrw = holidays.country_holidays("DE", subdiv="NW", years=range(today.year, today.year + 3))

    def is_open(day: dt.date, time: str) -> str | None:
        """Where the office is open at that moment ("" at the office itself), or None."""
        if day in nrw or any(c.start <= day <= c.end for c in office.closures) or (office.valid_from and day < office.valid_from):
            return None
        minutes = dt.time.fromisoformat(time)
        places = [("", office.opening_hours)] + [(p.name.get("de"), p.hours) for p in office.consultations]
        return next((name for name, rules in places for rule in rules_on(rules, DAYS[day.weekday()], day) if rule.in_week_of(day) and rule.open <= minutes < rule.close), None)

    moments = [
        (monday, "07:59"), (monday, "08:00"), (monday, "11:59"), (monday, "12:00"), (monday, "12:30"), (monday, "13:00"), (monday, "16:29"), (monday, "16:30"),
        (monday + dt.timedelta(days=1), "09:00"),  # closed that day
        (monday + dt.timedelta(days=2), "10:00"),  # the Wednesday rule holds only from a later day
        (monday + dt.timedelta(days=9), "10:00"), (monday + dt.timedelta(days=9), "11:00"),
        (monday + dt.timedelta(days=8), "09:00"), (monday + dt.timedelta(days=5), "10:00"),
        (holiday, "10:00"),
    ]
    # Some weeks of the month only: Fridays at the office, Thursdays at its place.
    later = [today + dt.timedelta(days=n) for n in range(1, 63)]
    moments += [(day, "10:00") for day in later if day.weekday() == 4] + [(day, "15:00") for day in later if day.weekday() == 3]
    expected = [is_open(day, time) for day, time in moments]
    assert "" in expected and "Ort Eins" in expected and None in expected
    assert any(day.weekday() in (3, 4) and said is None and day not in nrw for (day, _time), said in zip(moments, expected, strict=True))
    with watched_tab(browser, {"width": 1280, "height": 900}) as tab:
        tab.goto(f"{site_url}/finder/")
        tab.wait_for_function("window.KIM !== undefined")
        said = tab.evaluate(
            """([entry, moments]) => KIM.offices().then(() => moments.map(([date, time]) => {
                 const weekday = (new Date(date + "T12:00:00Z").getUTCDay() + 6) % 7;
                 const [h, m] = time.split(":");
                 const state = KIM.status(Object.assign({hours: [], closures: []}, entry), {date: date, minutes: h * 60 + +m, weekday: weekday});
                 return state && state.kind === "open" ? (state.place || "") : null;
               }))""",
            [entry, [[day.isoformat(), time] for day, time in moments]],
        )
        # Open at a place, or opening next there: the line says where (the name isolated, as <bdi>).
        where = tab.evaluate("""() => [KIM.statusText({kind: "open", closes: "16:00", place: "Ort Eins"}),
                                       KIM.statusText({kind: "closed", next: {days: 0, weekday: 3, time: "14:00", place: "Ort Eins"}})]""")
    assert said == expected, list(zip(moments, said, expected, strict=True))
    assert where == ["Jetzt geöffnet\u00a0· Schließt um 16:00\u00a0· Beratungsort: \u2068Ort Eins\u2069", "Jetzt geschlossen\u00a0· Öffnet heute um 14:00\u00a0· Beratungsort: \u2068Ort Eins\u2069"]


def test_a_field_reaches_every_output_in_the_same_words(tmp_path):
    """`accessibility` of an office: on its page, its card, its handout, in its JSON-LD and
    in every open-data file that describes its building, in the one wording of
    words/phrases.py; what it does not state, nowhere."""
    office = OFFICE.replace("reviewed:", "accessibility: {wheelchair: true, accessible_toilet: false}\nreviewed:")
    directory = load(small_content(tmp_path, office))
    pages = render_pages(directory, languages=["de", "ar"])
    halves = beside_pages(directory, directory.offices["test"].today)["handout/test.html"]
    files = data_files(directory, directory.offices["test"].today)
    for language in ("de", "ar"):
        said = [i18n.gettext(language, "Wheelchair accessible"), i18n.gettext(language, "No accessible toilet")]
        unsaid = i18n.gettext(language, "Hearing loop")
        page = pages[f"offices/test{i18n.suffix(language)}.md"]
        assert all(words in page for words in said) and unsaid not in page
        data = json.loads(page.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0])
        features = data["availableChannel"]["serviceLocation"][0]["amenityFeature"]
        assert [(f["name"], f["value"]) for f in features] == [(said[0], True), (said[1], False)]
        card = pages[f"professionals{i18n.suffix(language)}.md"]
        assert all(words in card for words in said)
        assert all(words in halves for words in said)
    german = [i18n.gettext("de", "Wheelchair accessible"), i18n.gettext("de", "No accessible toilet")]
    row = next(csv.DictReader(io.StringIO(files["data/offices.csv"].lstrip("\ufeff")), delimiter=";"))
    assert row["Barrierefreiheit"] == "; ".join(german)
    feature = json.loads(files["data/offices.geojson"])["features"][0]
    assert feature["properties"]["accessibility"] == german
    service = json.loads(files["data/hsds/services.json"])[0]
    assert [a["description"] for a in service["service_at_locations"][0]["location"]["accessibility"]] == german
    assert json.loads(files["data/offices.json"])["offices"][0]["accessibility"] == {"wheelchair": True, "accessible_toilet": False}
