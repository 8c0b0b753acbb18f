"""Issue 27, what to bring and how it goes: an office's `first_meeting` and `bring`, on
its page in every language (in the page's language where written, else marked "(in
German)"), on both halves of the handout, as HSDS required documents, in the open data
and the review letter; the limits the checker names; escaped, never Markdown. From the
sample content with the fields added (in-process); the handout with the longest list
the contract allows printed in Chromium on the shared sample server, its halves
rendered here (no extra build)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from bs4 import BeautifulSoup
from test_handout_poster import OUTSIDE

from conftest import FIXTURES, ROOT, SITE_LANGUAGES, pdf_pages, watched
from generator import i18n
from generator.contract.records import MAX_BRING
from generator.contract.values import MAX_BRIEF, MAX_ITEM
from generator.outputs.open_data import data_files
from generator.outputs.review import letter
from generator.reading.load import check, load
from generator.rendering.pages import handout_halves, render_pages

TODAY = dt.date(2026, 12, 7)
OFFICE = "herne-wanne-planb"  # speaks de, en, ku, tr, ar
ONLY_TEXT, ONLY_LIST, WITHOUT = "hagen-rathaus-ii", "dormagen", "aachen-arkaden"
FIRST_DE = "Sie erzählen, worum es geht; gemeinsam planen wir die nächsten Schritte."
FIRST_AR = "تحكون لنا عن موضوعكم، ونخطط معاً للخطوات التالية."
HOSTILE = "<script>alert(1)</script> **fett** [Link](javascript:alert(1)) &amp;"
EXTRA = {
    OFFICE: f"""
first_meeting: {{de: "{FIRST_DE}", ar: "{FIRST_AR}"}}
bring:
  - Pass oder Ausweis
  - {{de: Aufenthaltstitel, ar: تصريح الإقامة}}
  - {json.dumps(HOSTILE)}
""",
    ONLY_TEXT: f'\nfirst_meeting: "{FIRST_DE}"\n',
    ONLY_LIST: "\nbring: [Pass oder Ausweis]\n",
}
HSDS_SCHEMA = json.loads((FIXTURES / "hsds" / "service_with_definitions.json").read_text(encoding="utf-8"))
t = i18n.gettext


def content_with(folder: Path, extra: dict[str, str]) -> Path:
    """The sample content with text added to the end of some offices' files."""
    content = folder / "content"
    shutil.copytree(ROOT / "content", content)
    for slug, text in extra.items():
        path = content / "offices" / f"{slug}.yml"
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    return content


@pytest.fixture(scope="module")
def directory(tmp_path_factory):
    return load(content_with(tmp_path_factory.mktemp("first-meeting"), EXTRA), today=TODAY)


# German; Arabic, in which the office wrote it too; Turkish and Persian, in which it did not
# (left to right and right to left). All ten on the handout's halves.
PAGE_LANGUAGES = ("de", "ar", "tr", "fa")


@pytest.fixture(scope="module")
def pages(directory) -> dict[str, str]:
    return render_pages(directory, TODAY, languages=PAGE_LANGUAGES)


def office_page(pages: dict[str, str], slug: str, language: str) -> str:
    return pages[f"offices/{slug}{'' if language == 'de' else '.' + language}.md"]


def mark(language: str, written_in: str = "de") -> str:
    """"(in German)", in the reader's language."""
    return t(language, "(in %(language)s)") % {"language": i18n.language_name(written_in, language)}


def check_section(section, language: str) -> None:
    """The office's first meeting as shown to a reader of `language`: its text and list
    in that language where written, else in German (or English), marked; the hostile item as
    written, no markup of its own."""
    text = section.select_one(".kim-first-meeting__text")
    items = section.select(".kim-bring > li")
    assert section.select_one(".kim-bring__lead").get_text() == t(language, "Please bring:")
    assert len(items) == 3
    if language == "ar":
        assert text.get_text() == FIRST_AR and not text.get("lang")
        assert items[1].get_text() == "تصريح الإقامة" and not items[1].select("[lang]")
    elif language != "de":
        assert (text["lang"], text["dir"]) == ("de", "ltr") and text.get_text() == f"{FIRST_DE} {mark(language)}"
        assert text.select_one(".kim-in-language")["lang"] == language
    else:
        assert text.get_text() == FIRST_DE and not section.select(".kim-in-language")
    assert items[0].get_text() == ("Pass oder Ausweis" + ("" if language == "de" else " " + mark(language)))
    if language != "de":  # the item in the page's direction, its German text in its own
        assert not items[0].get("dir") and (items[0].span["lang"], items[0].span["dir"]) == ("de", "ltr")
    assert items[2].get_text().startswith(HOSTILE)
    assert not section.select("script, a, strong, em"), "editor text is text, never Markdown or HTML"


@pytest.mark.parametrize("language", PAGE_LANGUAGES)
def test_the_office_page_says_how_the_first_meeting_goes_and_what_to_bring(pages, language):
    page = office_page(pages, OFFICE, language)
    assert f"\n## {t(language, 'The first meeting')}\n" in page
    assert "<script>alert" not in page
    check_section(BeautifulSoup(page, "html.parser").select_one(".kim-first-meeting"), language)


def test_only_what_the_office_says_is_shown(pages):
    """A text without a list, a list without a text, and an office that says neither:
    no heading, no lead, no empty list."""
    for language in ("de", "tr"):
        only_text = BeautifulSoup(office_page(pages, ONLY_TEXT, language), "html.parser").select_one(".kim-first-meeting")
        assert only_text.select_one(".kim-first-meeting__text") and not only_text.select(".kim-bring__lead, .kim-bring")
        only_list = BeautifulSoup(office_page(pages, ONLY_LIST, language), "html.parser").select_one(".kim-first-meeting")
        assert not only_list.select(".kim-first-meeting__text") and len(only_list.select(".kim-bring li")) == 1
        without = office_page(pages, WITHOUT, language)
        assert "kim-first-meeting" not in without and t(language, "The first meeting") not in without


def test_both_halves_of_the_handout_carry_it(directory):
    """The German half as written; the family's half in the family's language where
    written, else German marked in the family's language, as on the office page."""
    sheet = BeautifulSoup(handout_halves(directory, TODAY)[f"handout/{OFFICE}.html"], "html.parser")
    for language in SITE_LANGUAGES:
        half = sheet.select_one(f'[data-handout-half][lang="{language}"]')
        section = half.select_one(".kim-first-meeting")
        assert section.find_previous_sibling("h3").get_text() == t(language, "The first meeting")
        if language != "en":  # translated, not English left over
            assert t(language, "The first meeting") != "The first meeting" and t(language, "Please bring:") != "Please bring:"
        check_section(section, language)


def test_the_list_is_hsds_required_documents_and_in_the_open_data(directory):
    files = data_files(directory, TODAY)
    services = {s["name"]: s for s in json.loads(files["data/hsds/services.json"])}
    validator = jsonschema.Draft7Validator(HSDS_SCHEMA, format_checker=jsonschema.FormatChecker())
    service = services[directory.offices[OFFICE].name.get("de")]
    assert [e.message for e in validator.iter_errors(service)] == []
    documents = service["required_documents"]
    assert [d["document"] for d in documents] == ["Pass oder Ausweis", "Aufenthaltstitel", HOSTILE]
    assert len({d["id"] for d in documents}) == 3
    assert "required_documents" not in services[directory.offices[ONLY_TEXT].name.get("de")]  # no list, nothing required
    offices = {o["id"]: o for o in json.loads(files["data/offices.json"])["offices"]}
    assert offices[OFFICE]["first_meeting"] == {"de": FIRST_DE, "ar": FIRST_AR}
    assert offices[OFFICE]["bring"] == [{"de": "Pass oder Ausweis"}, {"de": "Aufenthaltstitel", "ar": "تصريح الإقامة"}, {"de": HOSTILE}]
    assert "bring" not in offices[WITHOUT] and "first_meeting" not in offices[WITHOUT]


def test_the_review_letter_asks_the_office_to_confirm_it(directory):
    text = letter(directory.offices[OFFICE], directory, TODAY)
    assert f"Das erste Gespräch: {FIRST_DE}\n" in text
    assert f"Bitte mitbringen: Pass oder Ausweis; Aufenthaltstitel; {HOSTILE}\n" in text
    assert "mitbringen" not in letter(directory.offices[WITHOUT], directory, TODAY)


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ("bring:\n" + "".join(f"  - Unterlage {i}\n" for i in range(MAX_BRING + 1)), "bring", f"lists {MAX_BRING + 1} values; at most {MAX_BRING} fit where they are shown."),
        (f"bring: [Pass, {'x' * (MAX_ITEM + 1)}]\n", "bring[2]", f"is {MAX_ITEM + 1} characters long; at most {MAX_ITEM} fit here."),
        (f"first_meeting: {{de: Gut., ar: {'ب' * (MAX_BRIEF + 1)}}}\n", "first_meeting.ar", f"is {MAX_BRIEF + 1} characters long; at most {MAX_BRIEF} fit here."),
        ("bring: []\n", "bring", "is empty. List at least one value, or remove the field."),
    ],
    ids=["too-many", "item-too-long", "text-too-long", "empty"],
)
def test_the_checker_names_what_does_not_fit(tmp_path, extra, field, message):
    problems, _warnings = check(content_with(tmp_path, {WITHOUT: "\n" + extra}))
    assert [(p.field, p.file) for p in problems] == [(field, f"content/offices/{WITHOUT}.yml")], problems
    assert message in problems[0].message


# -- the handout with the longest list, in Chromium ---------------------------------------------


def longest(words: str, limit: int) -> str:
    """`words` repeated to exactly `limit` characters, ending in a letter."""
    return (words * (limit // len(words) + 1))[:limit].rstrip(" ,;").ljust(limit, "x")


# The sample's office whose handout gets the smallest type with the longest list (measured:
# 0.64 of the type's size with Ukrainian, 0.68 with Arabic or Persian; every sample
# office's handout is at full size without the list, and at 0.92 or more with five
# items and two sentences).
FULLEST = "hagen-rathaus-ii"


@pytest.mark.parametrize("family", ["ar", "fa", "uk"])
def test_the_handout_with_the_longest_list_still_prints_on_one_page(browser, server, tmp_path, family):
    """Ten items of the longest length and the longest text, German only (so that the
    family's half marks each "(in German)"), at the sample's fullest handout: the sheet
    still fits one A4 page, before its type reaches the smallest the fitting allows."""
    items = "".join(f"  - {json.dumps(longest(f'Unterlage {i}: Bescheid der Ausländerbehörde, Meldebescheinigung, ', MAX_ITEM), ensure_ascii=False)}\n" for i in range(1, MAX_BRING + 1))
    text = longest("Im ersten Gespräch erzählen Sie, worum es geht, und wir planen gemeinsam die nächsten Schritte. ", MAX_BRIEF)
    directory = load(content_with(tmp_path, {FULLEST: f"\nfirst_meeting: {json.dumps(text, ensure_ascii=False)}\nbring:\n{items}"}), today=TODAY)
    halves = handout_halves(directory, TODAY)[f"handout/{FULLEST}.html"]
    # Its own context: the halves of this office come from here, not from the shared site
    # (no service worker, which would answer before the route).
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    context.route(f"**/handout/{FULLEST}.html", lambda route: route.fulfill(body=halves, content_type="text/html; charset=utf-8"))
    try:
        with watched(context) as tab:
            tab.goto(f"{server}/handout/?office={FULLEST}&for={family}")
            tab.wait_for_selector(f"[data-handout-ready={family}]")
            family_half = tab.locator(f'[data-handout-sheet] [data-handout-half][lang="{family}"]')
            assert family_half.locator(".kim-bring > li").count() == MAX_BRING
            assert family_half.locator(".kim-bring .kim-in-language").count() == MAX_BRING
            assert tab.locator('[data-handout-sheet] [data-handout-half][lang="de"] .kim-first-meeting__text').inner_text() == text
            scale = float(tab.locator("[data-handout-sheet]").evaluate("e => e.style.getPropertyValue('--kim-handout-scale') || 1"))
            assert scale > 0.5, "fitted before the smallest type the handout allows"
            assert tab.evaluate(OUTSIDE) == []  # each half keeps to its half
            assert pdf_pages(tab) == 1
    finally:
        context.close()
