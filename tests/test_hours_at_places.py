"""Hours at an office's further places and hours on some weeks of the month (issue 27):
an office that counsels only at its places has hours, there, in every statement and
export; "every 1st and 3rd Tuesday" is written `weeks: [1, 3]`, worded once in every
language, and exported without claiming every week. "Open now" (kim.js) is checked
against the same rules in tests/test_one_phrasing.py."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from generator import i18n
from generator.contract.records import LAST, OpeningRule
from generator.outputs.finder import finder_index
from generator.outputs.open_data import data_files
from generator.reading.load import load
from generator.rendering.pages import beside_pages, render_pages
from generator.words import phrases
from test_hostile import OFFICE, problems_of, small_content

# Walk-in, no hours of its own: consultations at two places, one on some weeks of the month.
AT_PLACES = OFFICE.replace(
    'opening_hours:\n  - {days: [mo, tu], open: "08:00", close: "16:30"}\n',
    """appointment: walk-in
consultations:
  - name: Ort Eins
    address: {street: Hauptstraße 1, postcode: "44649", city: Herne}
    hours: [{days: [tu], open: "09:00", close: "12:00", weeks: [1, 3]}]
  - name: Ort Zwei
    address: {street: Hauptstraße 2, postcode: "44649", city: Herne}
    hours: [{days: [tu], open: "09:00", close: "12:00", weeks: [2, last]}]
""",
)


def rule(**fields) -> OpeningRule:
    return OpeningRule.model_validate({"days": ["tu"], "open": "09:00", "close": "12:00", **fields})


@pytest.fixture
def directory(tmp_path):
    return load(small_content(tmp_path, AT_PLACES))


def test_hours_at_places_are_the_offices_hours(directory):
    """Before: "No appointment needed, but no current opening hours are published …
    Opening hours: not published"; now the walk-in line for its places and nothing unknown."""
    office = directory.offices["test"]
    assert office.access.hours == "current" and office.access.own_hours == "none"
    assert [line.key for line in office.access.lines] == ["walkInAtPlaces"]
    assert not any("opening_hours" in str(w) for w in directory.warnings), directory.warnings
    for language in i18n.SITE_LANGUAGES:
        said = phrases.summary(office, language)
        assert said["access"] == [i18n.gettext(language, "No appointment needed: come by during the consultation hours at its places.")]
        assert "alsoAt" not in said and said["placesAt"].startswith("Ort Eins (Herne); Ort Zwei")
    pages = render_pages(directory, languages=["de", "fa"])
    page = pages["offices/test.md"]
    assert "nicht angegeben" not in page and "Öffnungszeiten" not in page.split("## Beratungsorte")[0].split("kim-office-summary")[1]
    assert "## Beratungsorte" in page and "Die Beratungsstelle berät an diesen Orten:" in page
    assert "auch hier" not in page and "Weitere Beratungsorte" not in page
    # The card on the lists, the handout.
    assert "Beratungsorte:" in pages["professionals.md"] and "Weitere Orte:" not in pages["professionals.md"]
    handout = beside_pages(directory, office.today)["handout/test.html"]
    assert "nicht angegeben" not in handout.split("kim-handout__ways")[0]
    assert "<bdi>Ort Eins</bdi></strong>, <bdi>Hauptstraße 1, 44649 Herne</bdi>: <bdi>Di. " in handout and "(jeden 1. und 3. Dienstag im Monat)</bdi>" in handout


def test_the_finder_index_has_the_hours_at_places_with_their_names(directory):
    entry = finder_index(directory, directory.offices["test"].today, "de")["offices"][0]
    assert entry["hoursState"] == "current"
    assert entry["hours"] == [[1, "09:00", "12:00", "", "", [1, 3], "Ort Eins"], [1, "09:00", "12:00", "", "", [2, -1], "Ort Zwei"]]
    assert entry["card"]["access"] == ["Kein Termin nötig: Kommen Sie während der Sprechzeiten an den Beratungsorten vorbei."]


def test_weeks_of_the_month():
    """Week n is days 7n-6 to 7n; `last` the month's last seven days."""
    first_third = rule(weeks=["1", "3"])
    assert first_third.weeks == (1, 3)
    assert [first_third.in_week_of(dt.date(2027, 1, day)) for day in (5, 12, 19, 26)] == [True, False, True, False]
    last = rule(weeks=["last"])
    assert last.weeks == (LAST,) and rule(weeks=["-1"]).weeks == (LAST,)
    # January 2027: Tuesdays 5, 12, 19, 26; February: 2, 9, 16, 23 (28 days: the 4th is the last).
    assert [last.in_week_of(dt.date(2027, 1, day)) for day in (19, 26)] == [False, True]
    assert [last.in_week_of(dt.date(2027, 2, day)) for day in (16, 23)] == [False, True]
    assert rule().in_week_of(dt.date(2027, 1, 12))


@pytest.mark.parametrize("written", ["6", "0", "first", "jeden"])
def test_a_wrong_week_gets_a_german_message(tmp_path, monkeypatch, written):
    monkeypatch.delenv(i18n.EDITOR_LANGUAGE_VARIABLE, raising=False)  # German, as editors read it
    office = OFFICE.replace('close: "16:30"}', f'close: "16:30", weeks: [{written}]}}')
    problems = problems_of(small_content(tmp_path, office))
    assert any("ist keine Woche des Monats" in p and "weeks: [1, 3]" in p for p in problems), problems


WORDS = {
    "de": "jeden 1. und 3. Dienstag im Monat",
    "en": "every 1st and 3rd Tuesday of the month",
    "tr": "her ayın 1. ve 3. Salı günü",
    "ar": "الثلاثاء الأول والثالث من كل شهر",
    "fa": "اولین و سومین سه‌شنبه هر ماه",
    "ru": "в 1-ю и 3-ю неделю месяца",
    "uk": "у 1-й і 3-й тиждень місяця",
    "bg": "през 1-вата и 3-тата седмица на месеца",
    "pl": "w 1. i 3. tygodniu miesiąca",
    "ro": "în prima și a treia marți a lunii",
}


@pytest.mark.parametrize("language", i18n.SITE_LANGUAGES)
def test_weeks_are_worded_once_in_every_language(directory, language):
    office = directory.offices["test"]
    place = office.consultations[0]
    times = f"{i18n.time_text(place.hours[0].open, language)}–{i18n.time_text(place.hours[0].close, language)}"
    assert phrases.hours_line(place.hours, language, office.today).endswith(f" {times} ({WORDS[language]})")


def test_every_language_words_the_last_week(directory):
    place = directory.offices["test"].consultations[1]
    for language in i18n.SITE_LANGUAGES:
        words = phrases.weeks_text(place.hours[0], language, "tu")
        assert i18n.gettext(language, "last") in words and i18n.gettext(language, "2nd") in words, (language, words)
        assert words != phrases.weeks_text(directory.offices["test"].consultations[0].hours[0], language, "tu")


def test_the_page_shows_the_weeks_with_the_hours(directory):
    page = render_pages(directory, languages=["de"])["offices/test.md"]
    assert '<span class="kim-hours__weeks">(jeden 1. und 3. Dienstag im Monat)</span>' in page
    assert '<span class="kim-hours__weeks">(jeden 2. und letzten Dienstag im Monat)</span>' in page


def test_exports_do_not_claim_every_week(directory):
    """JSON-LD: a rule for some weeks is left out of openingHoursSpecification (which
    cannot say weeks) and said in the place's description; HSDS: monthly, "1TU,3TU"."""
    page = render_pages(directory, languages=["de"])["offices/test.md"]
    data = json.loads(page.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0])
    places = data["availableChannel"]["serviceLocation"][1:]
    assert [p.get("openingHoursSpecification") for p in places] == [None, None]
    assert [p["description"] for p in places] == ["Di. 09:00–12:00 (jeden 1. und 3. Dienstag im Monat)", "Di. 09:00–12:00 (jeden 2. und letzten Dienstag im Monat)"]
    files = data_files(directory, directory.offices["test"].today)
    schedules = [s for location in json.loads(files["data/hsds/services.json"])[0]["service_at_locations"] for s in location.get("schedules", [])]
    assert [(s["freq"], s["byday"], s["opens_at"], s["description"]) for s in schedules] == [
        ("MONTHLY", "1TU,3TU", "09:00", "jeden 1. und 3. Dienstag im Monat"),
        ("MONTHLY", "2TU,-1TU", "09:00", "jeden 2. und letzten Dienstag im Monat"),
    ]
    office = json.loads(files["data/offices.json"])["offices"][0]
    assert [place["hours"][0]["weeks"] for place in office["consultations"]] == [[1, 3], [2, -1]]
    assert office["access"] == [["walkInAtPlaces"]]


def test_phone_hours_on_some_weeks_are_said_in_words_in_json_ld(tmp_path):
    office = OFFICE.replace("opening_hours:", 'phone_hours: [{days: [we], open: "10:00", close: "11:00", weeks: [last]}]\nopening_hours:')
    directory = load(small_content(tmp_path, office))
    page = render_pages(directory, languages=["de"])["offices/test.md"]
    data = json.loads(page.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0])
    phone = data["availableChannel"]["servicePhone"]
    assert "hoursAvailable" not in phone and phone["description"].endswith("(jeden letzten Mittwoch im Monat)")
