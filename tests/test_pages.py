"""What an office page says beyond the basics, and how the docs tree is staged."""

from __future__ import annotations

from bs4 import BeautifulSoup

from conftest import ROOT, kim_in_process, make_project, page_path
from generator import i18n


def soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_closures_interpreters_and_appointment(hostile_site):
    de = soup(page_path(hostile_site, "de", "offices/hostile"))
    # Only closures not yet over are shown.
    assert de.select_one(".kim-closures").get_text() == "Geschlossen: 23. Dezember 2030 – 2. Januar 2031"
    assert i18n.gettext("de", "Interpreters can be brought in for other languages.") in de.get_text()
    assert de.select_one(".kim-appointment--walk-in") is not None
    uk = soup(page_path(hostile_site, "uk", "offices/hostile"))
    assert "23 грудня 2030" in uk.select_one(".kim-closures").get_text()


def test_accessibility_and_reviewed_date(hostile_site):
    ar = soup(page_path(hostile_site, "ar", "offices/hostile"))
    items = [li.get_text() for li in ar.select(".kim-accessibility li")]
    assert items[0] == i18n.gettext("ar", "Wheelchair accessible")
    reviewed = ar.select_one(".kim-reviewed")
    report = reviewed.select_one("a[data-report]")  # the hostile site's publisher has an e-mail address
    assert report.get_text() == i18n.gettext("ar", "Report a mistake") and report["href"] == "#kim-report"
    report.extract()
    assert reviewed.get_text().removesuffix(" · ") == i18n.gettext("ar", "Last checked: %(date)s") % {"date": i18n.date_text(__import__("datetime").date(2026, 11, 1), "ar")}


def test_municipality_and_topic_pages_list_their_offices(sample_site):
    herne = soup(page_path(sample_site, "tr", "municipalities/herne"))
    assert {li["data-office"] for li in herne.select("[data-office]")} == {"herne-wanne-planb", "herne-sodingen-awo"}
    care = soup(page_path(sample_site, "fa", "topics/care"))
    assert {li["data-office"] for li in care.select("[data-office]")} == {"herne-wanne-planb", "hagen-rathaus-ii"}
    index = soup(page_path(sample_site, "pl", "offices"))
    assert len(index.select("[data-office]")) == len(list((ROOT / "content" / "offices").glob("*.yml")))


def test_staging_writes_only_what_changed(tmp_path):
    project = make_project(tmp_path, ROOT / "content")
    first = kim_in_process("stage", cwd=project)
    assert first.returncode == 0 and " 0 unchanged" in first.stderr
    page = project / "build" / "docs-pages" / "offices" / "dormagen.ar.md"  # filled into a frame after MkDocs
    stamp = page.stat().st_mtime_ns
    again = kim_in_process("stage", cwd=project)
    assert " 0 written" in again.stderr and page.stat().st_mtime_ns == stamp
    (project / "content" / "offices" / "dormagen.yml").unlink()
    removed = kim_in_process("stage", cwd=project)
    assert " 12 removed" in removed.stderr and not page.exists()  # ten pages, the contact card, the handout's halves


def test_a_card_with_a_language_first_is_the_card_rendered_so():
    """The finder's lists by language put the card's language and its speakers first by
    reordering the rendered card (rendering/pages.py _put_first): the same as rendering it
    with that language first, for every office and language of the fixtures, in every site language."""
    import datetime as dt

    from conftest import FIXTURES
    from generator.reading.load import load
    from generator.rendering.pages import PageHelpers, _card_macro

    compared = 0
    for content in (ROOT / "content", FIXTURES / "finder", FIXTURES / "real"):
        directory = load(content, today=dt.date.today())
        for language in i18n.SITE_LANGUAGES:
            helpers = PageHelpers(language, "finder/x", dt.date.today())
            for office in directory.offices.values():
                spoken = set(office.all_languages) | {code for contact in office.published_contacts for code in contact.languages}
                for code in sorted(spoken):
                    rendered = _card_macro(language)(helpers, helpers.summary(office, code), False)
                    assert helpers.card(office, brief=False, first=code) == rendered, (office.slug, language, code)
                    compared += 1
    assert compared > 500
