"""A reader reports a wrong entry: from every office page (and every card) in every
language, without JavaScript: a form that opens an e-mail to the editors, German for
them with the reader's own words, or a new issue on the site's git host; the pages'
policy lets the form go there and nowhere else."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup

from conftest import FIXTURES, ROOT, SITE_LANGUAGES, make_project, page_path
from generator.reading.load import check, load
from generator.rendering.pages import render_pages
from generator.staging.policy import policy

OFFICE = "herne-wanne-planb"


def _pages(tmp_path, corrections: str, languages=("de", "ar")) -> tuple[dict[str, str], object]:
    project = make_project(tmp_path, ROOT / "content")
    site = project / "content" / "site.yml"
    site.write_text(site.read_text(encoding="utf-8") + corrections, encoding="utf-8")
    directory = load(project / "content", project)
    return render_pages(directory, dt.date(2026, 12, 7), languages=languages), directory


def _form(pages: dict[str, str], language: str):
    suffix = "" if language == "de" else f".{language}"
    return BeautifulSoup(pages[f"offices/{OFFICE}{suffix}.md"], "html.parser")


def test_the_report_opens_an_email_to_the_editors_in_german(tmp_path):
    pages, _ = _pages(tmp_path, "\ncorrections: {email: redaktion@example.org}\n")
    for language in ("de", "ar"):
        page = _form(pages, language)
        link = page.select_one("a[data-report]")
        assert link["href"] == "#kim-report"
        form = page.select_one("form#kim-report")
        assert form["method"] == "post" and form["enctype"] == "text/plain"
        assert form["action"].startswith("mailto:redaktion@example.org?subject=")
        assert unquote(form["action"].split("subject=")[1]) == "Fehlermeldung zur Website: Case Management PlanB Herne-Wanne"
        reasons = form.select("input[type=radio][name=Grund]")
        assert [r["value"] for r in reasons] == ["Telefon oder E-Mail falsch", "Umgezogen oder geschlossen", "Sprache wird nicht angeboten", "Öffnungszeiten falsch", "Etwas anderes"]
        assert form.select_one("textarea[name='Ihre Worte']") is not None
        hidden = {i["name"]: i["value"] for i in form.select("input[type=hidden]")}
        assert hidden["Beratungsstelle"].startswith("Case Management PlanB Herne-Wanne – ")
        assert hidden["Sprache der Seite"] == {"de": "Deutsch", "ar": "Arabisch"}[language]
    # The reader's labels in the reader's language.
    arabic = _form(pages, "ar").select_one("form#kim-report")
    assert "الإبلاغ عن خطأ" in arabic.legend.get_text() and "رقم هاتف" in arabic.get_text()
    # Every card links to it.
    cards = BeautifulSoup(pages["finder/de.md"], "html.parser").select("li.kim-card")  # full cards, as the finder shows
    assert cards and all(c.select_one("a[data-report]")["href"].endswith(f"offices/{c['data-office']}/#kim-report") for c in cards)


@pytest.mark.parametrize(
    ("issues", "title", "text"),
    [("https://gitlab.com/stadt/kim/-/issues/new", "issue[title]", "issue[description]"), ("https://github.com/stadt/kim/issues/new", "title", "body")],
    ids=["gitlab", "github"],
)
def test_the_report_can_open_an_issue_on_the_git_host(tmp_path, issues, title, text):
    pages, directory = _pages(tmp_path, f"\ncorrections: {{issues: '{issues}'}}\n", ("tr",))
    form = _form(pages, "tr").select_one("form#kim-report")
    assert form["action"] == issues and form["method"] == "get" and not form.get("enctype")
    values = [r["value"] for r in form.select(f"input[type=radio][name='{title}']")]
    assert values[0] == "Fehlermeldung (tr): Telefon oder E-Mail falsch – Case Management PlanB Herne-Wanne"
    assert form.select_one(f"textarea[name='{text}']") is not None
    target = directory.settings.report_form_target
    assert target == re.match(r"https://[^/]+", issues)[0]
    assert f"form-action 'self' {target}" in policy(set(), None, reports=target)


def test_without_an_address_there_is_no_form_and_a_warning(tmp_path):
    pages, _ = _pages(tmp_path, "")  # the sample names no publisher
    assert _form(pages, "de").select_one("form#kim-report") is None and _form(pages, "de").select_one("[data-report]") is None
    project = make_project(tmp_path / "check", ROOT / "content")
    _, warnings = check(project / "content", project)
    assert [w.field for w in warnings if w.file == "content/site.yml" and "wrong entry" in w.message] == ["corrections"]


def test_the_built_office_page_lets_the_form_go_to_the_mail_program(contract_site):
    """The contract site names an editorial address: every office page in every language
    has the form, and its policy allows mailto: as the form's target, nothing else."""
    assert "corrections:" in (FIXTURES / "contract" / "site.yml").read_text(encoding="utf-8")
    for language in SITE_LANGUAGES:
        page = BeautifulSoup(page_path(contract_site, language, "offices/kreis-team").read_text(encoding="utf-8"), "html.parser")
        assert page.select_one("a[data-report][href='#kim-report']") and page.select_one("form#kim-report")["action"].startswith("mailto:")
        policies = [m["content"] for m in page.select("meta[http-equiv=Content-Security-Policy]")]
        assert any("form-action 'self' mailto:;" in p or p.endswith("form-action 'self' mailto:") for p in policies), policies
