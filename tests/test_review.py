"""The review cycle: an office not checked with the office for `review_months`
(default six) is a warning, oldest first; `kim review` writes a German letter with
everything the site says about it and the list of what is due; the shipped CI files
keep one issue listing them."""

from __future__ import annotations

import datetime as dt
import re

import yaml

from conftest import ROOT, kim_in_process, make_project
from generator.reading.load import check


def _project(tmp_path):
    project = make_project(tmp_path, ROOT / "content")
    offices = project / "content" / "offices"
    today = dt.date.today()
    for name, days in (("hagen-rathaus-ii", 200), ("herne-wanne-planb", 400), ("aachen-arkaden", 30)):
        path = offices / f"{name}.yml"
        path.write_text(re.sub(r"(?m)^reviewed: .*$", f"reviewed: {today - dt.timedelta(days=days)}", path.read_text(encoding="utf-8")), encoding="utf-8")
    return project


def test_offices_due_are_warnings_oldest_first(tmp_path):
    project = _project(tmp_path)
    _, warnings = check(project / "content", project)
    due = [w.file for w in warnings if w.field == "reviewed"]
    assert due == ["content/offices/herne-wanne-planb.yml", "content/offices/hagen-rathaus-ii.yml"]
    assert all("more than 6 months ago (review_months in content/site.yml)" in w.message for w in warnings if w.field == "reviewed")
    site = project / "content" / "site.yml"
    site.write_text(site.read_text(encoding="utf-8") + "\nreview_months: 12\n", encoding="utf-8")
    _, warnings = check(project / "content", project)
    assert [w.file for w in warnings if w.field == "reviewed"] == ["content/offices/herne-wanne-planb.yml"]


def test_kim_review_writes_a_german_letter_per_office_due_and_the_list(tmp_path):
    project = _project(tmp_path)
    listed = kim_in_process("review", cwd=project)
    assert listed.returncode == 0
    rows = [line for line in listed.stdout.splitlines() if line.startswith("| ") and "`content/offices/" in line]
    assert [re.search(r"offices/([\w-]+)\.yml", row)[1] for row in rows] == ["herne-wanne-planb", "hagen-rathaus-ii"]
    result = kim_in_process("review", "--out", "due", cwd=project)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (project / "due").iterdir()) == ["faellig.md", "hagen-rathaus-ii.txt", "herne-wanne-planb.txt"]
    letter = (project / "due" / "herne-wanne-planb.txt").read_text(encoding="utf-8")
    office = yaml.safe_load((project / "content" / "offices" / "herne-wanne-planb.yml").read_text(encoding="utf-8"))
    assert letter.startswith("An: f.koeklueoglu@planb-ruhr.de, a.mohammad@planb-ruhr.de\nBetreff: Bitte prüfen: Ihre Angaben auf unserer Website – Case Management PlanB Herne-Wanne\n")
    assert "Adresse: Hauptstraße 221, 44649 Herne (Wanne)" in letter
    assert "Sprachen der Beratung: Deutsch, English (Englisch)" in letter and "العربية (Arabisch)" in letter
    assert "Person: Firdevs Köklüoglu – Case Manager/in – Anrufen: 02325 6999194" in letter
    assert f"Hinweis: {office['notes']['de']}" in letter
    assert "Stimmt alles, genügt „Alles richtig“" in letter


def test_the_ci_files_list_the_offices_due_in_one_issue():
    github = yaml.safe_load((ROOT / ".github" / "workflows" / "site.yml").read_text(encoding="utf-8"))
    assert github[True]["schedule"][0]["cron"]
    review = github["jobs"]["review"]
    assert review["permissions"] == {"contents": "read", "issues": "write"} and "schedule" in review["if"]
    assert any("kim review --out review" in step.get("run", "") for step in review["steps"])
    assert any("--label kim-review" in step.get("run", "") and "--body-file review/faellig.md" in step.get("run", "") for step in review["steps"])
    gitlab = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert gitlab["review"]["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "schedule" && $KIM_REVIEW_TOKEN'}]
    assert ".venv/bin/kim review --out review" in gitlab["review"]["script"]
