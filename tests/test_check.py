"""Editors' mistakes: each one reported as `file:line:column: field: message`,
by `kim check` and by the build, all at once, leaving the last good site alone."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, kim_in_process, make_project, mkdocs_build, page_path
from generator.reading.load import check, load

GOOD = """\
name: Testbüro
carrier: planb
municipality: herne
address: {street: Hauptstraße 221, postcode: "44649", city: Herne}
location: {lat: 51.5356, lon: 7.1583}
phone: "02325 6999194"
email: info@example.org
website: https://example.org/kim
opening_hours:
  - {days: [mo, tu], open: "08:00", close: "16:30"}
appointment: recommended
closures:
  - {from: 2026-12-23, to: 2027-01-02}
languages: [de, ar]
topics: [work, housing]
reviewed: 2026-11-01
contacts:
  - name: Test Person
    role: case-manager
    email: t.person@example.org
    publish: true
"""

# (case id, file, replace this, with that, where (text in the new file, or line:col), field, message part)
CASES = [
    ("unknown-field", "offices/bad.yml", "phone:", "phnoe:", "phnoe", "phnoe", "unknown field. Did you mean 'phone'?"),
    ("missing-field", "offices/bad.yml", "reviewed: 2026-11-01\n", "", "1:1", "reviewed", "missing. Add 'reviewed:'"),
    ("unknown-carrier", "offices/bad.yml", "carrier: planb", "carrier: plan-b", "plan-b", "carrier", "unknown id 'plan-b': there is no content/carriers/plan-b.yml. Did you mean 'planb'?"),
    ("unknown-municipality", "offices/bad.yml", "municipality: herne", "municipality: hern", "hern\n", "municipality", "Did you mean 'herne'?"),
    ("unknown-topic", "offices/bad.yml", "[work, housing]", "[work, hausing]", "hausing", "topics[2]", "unknown value 'hausing'. Did you mean 'housing'?"),
    ("language-name", "offices/bad.yml", "languages: [de, ar]", "languages: [de, arabic]", "arabic", "languages[2]", "unknown language code 'arabic'. Did you mean 'ar'?"),
    ("language-german-name", "offices/bad.yml", "languages: [de, ar]", "languages: [de, Türkisch]", "Türkisch", "languages[2]", "Did you mean 'tr'?"),
    ("language-dari", "offices/bad.yml", "languages: [de, ar]", "languages: [de, Dari]", "Dari", "languages[2]", "unknown language code 'Dari'. Did you mean 'prs'?"),
    ("language-region-underscore", "offices/bad.yml", "languages: [de, ar]", "languages: [de, fa_AF]", "fa_AF", "languages[2]", "unknown language code 'fa_AF'. Did you mean 'fa-AF'?"),
    ("language-farsi", "offices/bad.yml", "languages: [de, ar]", "languages: [de, Farsi]", "Farsi", "languages[2]", "unknown language code 'Farsi'. Did you mean 'fa'?"),
    ("time-format", "offices/bad.yml", 'open: "08:00"', 'open: "8.00"', '"8.00"', "opening_hours[1].open", "'8.00' is not a time. Write it as HH:MM"),
    ("close-before-open", "offices/bad.yml", 'close: "16:30"', "close: 07:30", "07:30}", "opening_hours[1].close", "closes at 07:30, not after it opens at 08:00"),
    ("unknown-day", "offices/bad.yml", "days: [mo, tu]", "days: [mo, tue]", "tue", "opening_hours[1].days[2]", "unknown value 'tue'. Did you mean 'tu'?"),
    ("email", "offices/bad.yml", "email: info@example.org", "email: info(at)example.org", "info(at)", "email", "is not an e-mail address"),
    ("phone", "offices/bad.yml", 'phone: "02325 6999194"', 'phone: "0232"', '"0232"', "phone", "is not a valid German or international phone number"),
    ("swapped-location", "offices/bad.yml", "{lat: 51.5356, lon: 7.1583}", "{lat: 7.1583, lon: 51.5356}", "{lat: 7", "location", "lat and lon look swapped"),
    ("location-abroad", "offices/bad.yml", "{lat: 51.5356, lon: 7.1583}", "{lat: 40.71, lon: -74.0}", "{lat: 40", "location", "is outside Germany"),
    ("missing-publish", "offices/bad.yml", "    publish: true\n", "", "name: Test Person", "contacts[1].publish", "missing. Add 'publish: true' only once the person has agreed"),
    ("publish-not-boolean", "offices/bad.yml", "publish: true", "publish: vielleicht", "vielleicht", "contacts[1].publish", "'vielleicht' is not true or false"),
    ("invalid-date", "offices/bad.yml", "reviewed: 2026-11-01", "reviewed: 2026-13-01", "2026-13-01", "reviewed", "is not a valid date. Write it as YYYY-MM-DD"),
    ("closure-order", "offices/bad.yml", "to: 2027-01-02", "to: 2026-12-01", "2026-12-01", "closures[1].to", "2026-12-01 is before 2026-12-23"),
    ("yaml-syntax", "offices/bad.yml", "name: Testbüro", "name: Testbüro: Zweigstelle", "1:15", "file", "mapping values are not allowed in this context. A value containing ': ' must be put in quotes."),
    ("unclosed-quote", "offices/bad.yml", "name: Testbüro", "name: 'Testbüro", "'Testbüro", "file", "a quotation mark opens here and is never closed. Close it at the end of the value."),
    ("unclosed-list", "offices/bad.yml", "languages: [de, ar]", "languages: [de, ar", "[de, ar", "file", "the list in [ ] that starts here is not closed. End it on the same line with ]."),
    ("unclosed-group", "offices/bad.yml", 'city: Herne}', "city: Herne", '{street', "file", "the group in { } that starts here is not closed. End it on the same line with }."),
    ("tab-indent", "offices/bad.yml", "  - name: Test Person", "\t- name: Test Person", "\t", "file", "YAML syntax error: found character that cannot start any token. Indent with spaces, not tabs."),
    ("appointment", "offices/bad.yml", "appointment: recommended", "appointment: maybe", "maybe", "appointment", "unknown value 'maybe'. Use one of: required, recommended, walk-in, referral."),
    ("postcode", "offices/bad.yml", 'postcode: "44649"', 'postcode: "4464"', '"4464"', "address.postcode", "is not a German postcode"),
    ("contact-field", "offices/bad.yml", "    email: t.person", "    mail: t.person", "mail: t", "contacts[1].mail", "unknown field. Did you mean 'email'?"),
    ("duplicate-field", "offices/bad.yml", "carrier: planb\n", "carrier: planb\ncarrier: awo\n", "carrier: awo", "carrier", "appears twice"),
    ("website", "offices/bad.yml", "website: https://example.org/kim", "website: www.example.org", "www.", "website", "is not a web address. Write it in full, starting with https://"),
    ("empty-name", "offices/bad.yml", "name: Testbüro", "name:", "1:6", "name", "is empty"),
    ("empty-file", "offices/bad.yml", GOOD, "", "1:1", "file", "the file is empty"),
    ("not-utf8", "offices/bad.yml", "Testbüro", "Testb\udcfcro", "1:12", "file", "the file is not UTF-8 text"),
    ("file-name", "offices/Bad Name.yml", "", "", "1:1", "file", "use only lower-case letters a-z, digits and hyphens"),
    ("wrong-extension", "offices/bad.yaml", "", "", "1:1", "file", "only '.yml' files are read here. Rename it to 'bad.yml'"),
    ("yaml-beside-yml", "offices/dormagen.yaml", "", "", "1:1", "file", "only '.yml' files are read here, and 'dormagen.yml' exists too. Keep one of the two"),
    ("indented-field", "offices/bad.yml", "carrier: planb", " carrier: planb", "2:9", "file", "'carrier:' starts 1 space(s) further right than the line above. Start it in the same column."),
    ("decimal-comma", "offices/bad.yml", "{lat: 51.5356,", "{lat: 51,5356,", "51,", "location.lat", "'51,5356' has a decimal comma. Write numbers with a point: lat: 51.5356"),
    ("phone-without-area-code", "offices/bad.yml", 'phone: "02325 6999194"', 'phone: "99-2345"', '"99-2345"', "phone", "'99-2345' has no area code. Write the whole number"),
    # The extended contract (kinds, target groups, places, dates, documents, ...)
    ("office-kind", "offices/bad.yml", "appointment: recommended", "appointment: recommended\nkind: coordinaton", "coordinaton", "kind", "unknown value 'coordinaton'. Did you mean 'coordination'?"),
    ("target-group", "offices/bad.yml", "appointment: recommended", "appointment: recommended\ntarget_group: {groups: [families, ukrainians]}", "ukrainians", "target_group.groups[2]", "unknown value 'ukrainians'. Did you mean 'ukraine'?"),
    ("age-order", "offices/bad.yml", "appointment: recommended", "appointment: recommended\ntarget_group: {min_age: 27, max_age: 18}", "18}", "target_group.max_age", "18 is below min_age 27"),
    ("age-number", "offices/bad.yml", "appointment: recommended", "appointment: recommended\ntarget_group: {min_age: achtzehn}", "achtzehn", "target_group.min_age", "'achtzehn' is not a whole number from 0 to 120"),
    ("phone-hours", "offices/bad.yml", "appointment: recommended", "appointment: recommended\nphone_hours:\n  - {days: [mo], open: 8 Uhr, close: \"15:00\"}", "8 Uhr", "phone_hours[1].open", "is not a time"),
    ("rule-dates", "offices/bad.yml", 'close: "16:30"}', 'close: "16:30", valid_from: 2027-02-01, valid_until: 2027-01-31}', "2027-01-31", "opening_hours[1].valid_until", "2027-01-31 is before valid_from 2027-02-01"),
    ("office-dates", "offices/bad.yml", "reviewed: 2026-11-01", "reviewed: 2026-11-01\nvalid_from: 2027-03-01\nvalid_until: 2027-02-01", "2027-02-01", "valid_until", "is before valid_from 2027-03-01"),
    ("consultation-address", "offices/bad.yml", "reviewed: 2026-11-01", "reviewed: 2026-11-01\nconsultations:\n  - name: Rathaus", "name: Rathaus", "consultations[1].address", "missing. Add 'address:'"),
    ("consultation-location", "offices/bad.yml", "reviewed: 2026-11-01", "reviewed: 2026-11-01\nconsultations:\n  - name: Rathaus\n    address: {street: Markt 1, postcode: \"52249\", city: Eschweiler}\n    location: {lat: 6.26, lon: 50.81}", "{lat: 6.26", "consultations[1].location", "lat and lon look swapped"),
    ("carrier-list", "offices/bad.yml", "carrier: planb", "carrier: [planb, caritass]", "caritass", "carrier[2]", "unknown id 'caritass'"),
    ("responsible-municipality", "offices/bad.yml", "reviewed: 2026-11-01", "reviewed: 2026-11-01\nresponsible_for: {municipalities: [hagn]}", "hagn", "responsible_for.municipalities[1]", "unknown id 'hagn': there is no content/municipalities/hagn.yml. Did you mean 'hagen'?"),
    ("phone-kind", "offices/bad.yml", "    email: t.person@example.org", "    email: t.person@example.org\n    phones: [{number: \"0171 2345678\", kind: cell}]", "cell", "contacts[1].phones[1].kind", "unknown value 'cell'"),
    ("phone-and-phones", "offices/bad.yml", "    email: t.person@example.org", "    email: t.person@example.org\n    phone: \"02325 6999194\"\n    phones: [{number: \"0171 2345678\"}]", "[{number", "contacts[1].phones", "and 'phone' both given"),
    ("contact-until", "offices/bad.yml", "    email: t.person@example.org", "    email: t.person@example.org\n    since: 2026-05-01\n    until: 2026-04-30", "2026-04-30", "contacts[1].until", "2026-04-30 is before since 2026-05-01"),
    ("document-missing", "offices/bad.yml", "reviewed: 2026-11-01", "reviewed: 2026-11-01\ndocuments:\n  - {file: files/flyer-ar.pdf, title: Flyer, language: ar}", "files/flyer", "documents[1].file", "there is no file content/files/flyer-ar.pdf"),
    ("document-outside", "offices/bad.yml", "reviewed: 2026-11-01", "reviewed: 2026-11-01\ndocuments:\n  - {file: ../mkdocs.yml, title: Flyer, language: de}", "../mkdocs", "documents[1].file", "must be a file under content/files/"),
    ("accepting", "offices/bad.yml", "reviewed: 2026-11-01", "reviewed: 2026-11-01\naccepting_new_clients: bald", "bald", "accepting_new_clients", "'bald' is not true or false"),
    ("source-url", "offices/bad.yml", "reviewed: 2026-11-01", "reviewed: 2026-11-01\nsource: {url: zeitung.example, date: 2026-01-05}", "zeitung", "source.url", "is not a web address"),
    ("address-extra", "offices/bad.yml", 'city: Herne}', 'city: Herne, floor: 2. OG}', "floor", "address.floor", "unknown field. Allowed here: street, postcode, city, extra, directions."),
    ("municipality-kind", "municipalities/bad.yml", GOOD, "name: Kreis X\nkind: landkreis\n", "landkreis", "kind", "unknown value 'landkreis'"),
    ("municipality-part-of", "municipalities/bad.yml", GOOD, "name: Ort\npart_of: kreis-nirgendwo\n", "kreis-nirgendwo", "part_of", "unknown id 'kreis-nirgendwo'"),
    ("carrier-file", "carriers/bad.yml", GOOD, "name: Träger\nwebsite: https://example.org\nwebsit: x\n", "websit:", "websit", "unknown field. Did you mean 'website'?"),
]


def position(text: str, where: str) -> tuple[int, int]:
    if re.fullmatch(r"\d+:\d+", where):
        line, column = where.split(":")
        return int(line), int(column)
    before = text[: text.index(where)]
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1


def write_case(content: Path, file: str, old: str, new: str) -> tuple[Path, str]:
    text = GOOD.replace(old, new, 1) if old else GOOD
    path = content / file
    path.write_bytes(text.encode("utf-8", errors="surrogateescape"))
    return path, text


@pytest.fixture(scope="module")
def sample_project(tmp_path_factory):
    """The sample content, checked in-process (as `kim check` does) with one mistake at a time."""
    return make_project(tmp_path_factory.mktemp("check") / "project", ROOT / "content")


def snapshot(site: Path) -> dict[str, tuple[int, int]]:
    return {p.relative_to(site).as_posix(): (p.stat().st_mtime_ns, p.stat().st_size) for p in site.rglob("*") if p.is_file()}


def test_good_content_passes(tmp_path):
    project = make_project(tmp_path, ROOT / "content")
    (project / "content" / "offices" / "good.yml").write_text(GOOD, encoding="utf-8")
    result = kim_in_process("check", cwd=project)
    assert result.returncode == 0, result.stdout
    assert [line for line in result.stdout.splitlines() if ": warning: " not in line] == []


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_mistake_is_reported(sample_project, case):
    _, file, old, new, where, field, message = case
    content = sample_project / "content"
    path, text = write_case(content, file, old, new)
    try:
        line, column = position(text, where)
        expected = f"content/{file}:{line}:{column}: {field}: "
        problems, _ = check(content, sample_project)
        lines = [str(p) for p in problems if str(p).startswith(expected)]
        assert lines, f"expected a line starting {expected!r}, got:\n" + "\n".join(map(str, problems))
        assert message in lines[0], lines[0]
    finally:
        path.unlink()


def test_a_mistake_stops_the_build_and_leaves_the_site(sample_site, tmp_path):
    """`kim check` and the build report the same line; the last good site stays.
    (On a copy of the shared sample project.)"""
    project = tmp_path / "project"
    shutil.copytree(sample_site.parent, project, symlinks=True)
    for _, file, old, new, where, field, _message in (CASES[0], CASES[20]):
        path, text = write_case(project / "content", file, old, new)
        line, column = position(text, where)
        expected = f"content/{file}:{line}:{column}: {field}: "
        checked = kim_in_process("check", cwd=project)
        assert checked.returncode == 1 and expected in checked.stdout
        assert "Traceback" not in checked.stdout + checked.stderr
        before = snapshot(project / "site")
        built = mkdocs_build(project)
        assert built.returncode != 0
        assert expected in built.stdout + built.stderr
        assert "Traceback" not in built.stdout + built.stderr
        assert snapshot(project / "site") == before, "the last good site was changed"
        path.unlink()


def test_all_problems_of_all_files_at_once(tmp_path):
    project = make_project(tmp_path, ROOT / "content")
    offices = project / "content" / "offices"
    (offices / "one.yml").write_text(GOOD.replace("carrier: planb", "carrier: nobody").replace("[work, housing]", "[work, jobs]"), encoding="utf-8")
    (offices / "two.yml").write_text(GOOD.replace('phone: "02325 6999194"', 'phone: "x"'), encoding="utf-8")
    result = kim_in_process("check", cwd=project)
    assert result.returncode == 1
    lines = [line for line in result.stdout.splitlines() if ": warning: " not in line]
    fields = [line.split(": ")[1] for line in lines]
    assert [line.split(":")[0] for line in lines] == ["content/offices/one.yml"] * 2 + ["content/offices/two.yml"]
    assert fields == ["carrier", "topics[2]", "phone"]
    staged = kim_in_process("stage", cwd=project)
    assert staged.returncode == 1 and "3 problems in content" in staged.stderr
    assert not (project / "build" / "docs").exists()


def test_check_takes_a_folder(tmp_path):
    project = make_project(tmp_path / "elsewhere", ROOT / "content")
    assert kim_in_process("check", str(project), cwd=tmp_path).returncode == 0
    assert kim_in_process("check", str(project / "content"), cwd=tmp_path).returncode == 0
    missing = kim_in_process("check", str(tmp_path / "nothing"), cwd=tmp_path)
    assert missing.returncode == 2 and "no content folder" in missing.stderr


def test_warnings_are_named_and_staged(tmp_path):
    """A missing location, an old review date and an ended office are warnings:
    `kim check` names them and the pages are staged (without the ended office).
    That MkDocs builds staged pages despite warnings: test_warnings_do_not_stop_the_build."""
    project = make_project(tmp_path, ROOT / "content")
    offices = project / "content" / "offices"
    no_location = GOOD.replace("location: {lat: 51.5356, lon: 7.1583}\n", "")
    (offices / "no-location.yml").write_text(no_location, encoding="utf-8")
    (offices / "old.yml").write_text(GOOD.replace("reviewed: 2026-11-01", "reviewed: 2024-01-15"), encoding="utf-8")
    (offices / "ended.yml").write_text(GOOD.replace("reviewed: 2026-11-01", "reviewed: 2026-11-01\nvalid_until: 2025-12-31"), encoding="utf-8")
    unreachable = GOOD.replace('phone: "02325 6999194"\n', "").replace("email: info@example.org\n", "").replace("website: https://example.org/kim\n", "")
    (offices / "unreachable.yml").write_text(unreachable.replace("    email: t.person@example.org\n", ""), encoding="utf-8")
    result = kim_in_process("check", cwd=project)
    assert result.returncode == 0, result.stdout
    lines = result.stdout.splitlines()
    assert "content/offices/no-location.yml:1:1: warning: location: missing: the office is not shown on the maps" in "\n".join(lines)
    assert [line for line in lines if line.startswith("content/offices/old.yml:") and ": warning: reviewed: last checked on 2024-01-15, more than 6 months ago" in line]
    assert [line for line in lines if line.startswith("content/offices/ended.yml:") and "warning: valid_until: the office ended on 2025-12-31 and is no longer shown" in line]
    assert "content/offices/unreachable.yml:1:1: warning: phone: the office has no phone, e-mail or website" in "\n".join(lines)
    assert not [line for line in lines if line.startswith("content/offices/old.yml:") and "warning: phone:" in line]
    assert [line for line in lines if line.startswith("content/site.yml:") and "warning: site_url: not set: search engines get no sitemap" in line]
    staged = kim_in_process("stage", cwd=project)
    assert staged.returncode == 0, staged.stderr
    docs, pages = project / "build" / "docs", project / "build" / "docs-pages"  # generated pages: filled into frames
    assert (pages / "offices" / "no-location.md").is_file()
    assert (pages / "offices" / "old.md").is_file()
    assert not list((pages / "offices").glob("ended*"))
    slugs = [o["slug"] for o in json.loads((docs / "finder" / "offices.json").read_text(encoding="utf-8"))["offices"]]
    assert "ended" not in slugs and "no-location" in slugs
    page = (pages / "offices" / "no-location.md").read_text(encoding="utf-8")
    assert "kim-no-location" in page and "data-map=" not in page
    unreachable = BeautifulSoup((pages / "offices" / "unreachable.md").read_text(encoding="utf-8"), "html.parser")
    said = unreachable.select_one("[data-access]").get_text()
    assert "This office has not published a phone number, e-mail address or website here yet." in said or "keine Telefonnummer" in said
    assert not unreachable.select(".kim-actions:not(.kim-referral) a")  # the handout and contact card stay
    assert "keine Telefonnummer" not in BeautifulSoup((pages / "offices" / "old.md").read_text(encoding="utf-8"), "html.parser").select_one("[data-access]").get_text()


def test_warnings_do_not_stop_the_build(sample_site):
    """The sample content has warnings (settings not filled in, an office nobody can
    ask): the build (`mkdocs build --strict`) published it all the same."""
    checked = kim_in_process("check", cwd=sample_site.parent)
    assert checked.returncode == 0 and "content/offices/dormagen.yml:" in checked.stdout
    assert [line for line in checked.stdout.splitlines() if ": warning: " in line] == checked.stdout.splitlines()
    assert page_path(sample_site, "ar", "offices/dormagen").is_file()


@pytest.mark.parametrize(
    "name, text, expected",
    [
        ("topics/work.en.md", "---\ntitle: Work\ntranslation: machin\n---\n\n# Work\n", "content/topics/work.en.md:3:14: translation: unknown value 'machin'"),
        ("topics/work.xx.md", "# Work\n", "content/topics/work.xx.md:1:1: file: '.xx' is not a site language"),
        ("professionals.ar.md", "---\ntitle: x\n\n# no end\n", "content/professionals.ar.md:1:1: front matter: is not closed"),
    ],
)
def test_page_mistakes(tmp_path, name, text, expected):
    project = make_project(tmp_path, ROOT / "content")
    (project / "content" / name).write_text(text, encoding="utf-8")
    result = kim_in_process("check", cwd=project)
    assert result.returncode == 1
    assert [line for line in result.stdout.splitlines() if line.startswith(expected)], result.stdout


def test_site_settings_mistakes(tmp_path):
    project = make_project(tmp_path, ROOT / "content")
    settings = project / "content" / "site.yml"
    text = settings.read_text(encoding="utf-8")
    text = text.replace("consent: true", "consent: jein").replace("tiles: https://tile.openstreetmap.org/{z}/{x}/{y}.png", "tiles: tile.example.org")
    text += 'site_url: "https://kim.example.org/?seite=1"\n'
    text += "sign_language_videos:\n  - {file: files/dgs/intro.mp4, title: Einführung, duration: \"3:20\"}\n"
    settings.write_text(text, encoding="utf-8")
    lines = kim_in_process("check", cwd=project).stdout.splitlines()
    def line(field):
        return next((line for line in lines if f": {field}: " in line and "warning" not in line), "")
    assert "'jein' is not true or false" in line("map.consent")
    assert "is not a tile address" in line("map.tiles")
    assert "has a query or a fragment" in line("site_url")
    assert "there is no file content/files/dgs/intro.mp4" in line("sign_language_videos[1].file")


def test_a_named_file_with_mistakes_is_named_as_such(tmp_path):
    """A Kreis whose own file has a mistake: the offices and towns that name it say
    so, not that there is no such file (and suggest no other place)."""
    project = make_project(tmp_path, ROOT / "content")
    content = project / "content"
    (content / "municipalities" / "kreis-mettmann.yml").write_text("name: Kreis Mettmann\nkind: kreis\nwebsit: https://example.org\n", encoding="utf-8")
    (content / "municipalities" / "mettmann.yml").write_text("name: Mettmann\npart_of: kreis-mettmann\n", encoding="utf-8")
    (content / "offices" / "good.yml").write_text(GOOD.replace("municipality: herne", "municipality: kreis-mettmann"), encoding="utf-8")
    problems = [str(p) for p in check(content, project)[0]]
    assert any(p.startswith("content/municipalities/kreis-mettmann.yml:3:1: websit: unknown field") for p in problems), problems
    named = "'kreis-mettmann' is named here, but content/municipalities/kreis-mettmann.yml has mistakes (see its lines). Correct that file first."
    assert f"content/municipalities/mettmann.yml:2:10: part_of: {named}" in problems
    assert f"content/offices/good.yml:3:15: municipality: {named}" in problems
    assert not any("Did you mean 'mettmann'" in p for p in problems)


def test_a_copied_office_is_a_warning(tmp_path):
    project = make_project(tmp_path, ROOT / "content")
    offices = project / "content" / "offices"
    (offices / "good.yml").write_text(GOOD, encoding="utf-8")
    (offices / "good-copy.yml").write_text(GOOD, encoding="utf-8")
    (offices / "other.yml").write_text(GOOD.replace("Testbüro", "Anderes Büro").replace("Hauptstraße 221", "Markt 1"), encoding="utf-8")
    problems, warnings = check(project / "content", project)
    assert problems == []
    copies = sorted(str(w) for w in warnings if "describes the same office" in str(w))
    assert copies == [
        "content/offices/good.yml:1:7: warning: name: describes the same office as content/offices/good-copy.yml (the same name and address). Keep one of the two files, or correct the copy.",
        "content/offices/other.yml:6:8: warning: phone: describes the same office as content/offices/good-copy.yml (the same phone number). Keep one of the two files, or correct the copy.",
    ]


def _digits_meant(text: str) -> str:
    """The digits of a phone number as typed, in international form (49… for Germany):
    a national number's leading 0 and a written '(0)' after +49 are not digits of it."""
    written = re.sub(r"[^0-9+]", "", text)
    digits = re.sub(r"[^0-9]", "", written)
    if written.startswith("+"):
        pass
    elif digits.startswith("00"):
        digits = digits[2:]
    else:
        digits = "49" + digits[1:]
    return "49" + digits[3:] if digits.startswith("490") else digits


def test_a_phone_number_shows_the_digits_typed():
    """Property: whatever phone number the checker accepts is shown with the digits
    typed, apart from spacing and +49/0; never turned into another number."""
    from hypothesis import given, settings
    from hypothesis import strategies as st
    from pydantic_core import PydanticCustomError

    from generator.contract.values import _phone

    @settings(max_examples=600, deadline=None)
    @given(st.text(alphabet="0123456789 +-/()", min_size=1, max_size=22) | st.from_regex(r"\A(\+49 ?|0049|0)[1-9][0-9]{2,4}[ /-]?[0-9]{3,8}(-[0-9]{1,4})?\Z"))
    def shown_as_typed(text):
        try:
            phone = _phone(text)
        except PydanticCustomError:
            return
        shown = phone.display
        assert _digits_meant(shown) == _digits_meant(text), (text, shown)
        assert phone.e164 == "+" + _digits_meant(text), (text, phone.e164)

    shown_as_typed()


def test_site_settings_warnings_point_where_the_setting_belongs(tmp_path):
    """A missing setting is warned about at its parent's line, or at the comment that
    shows it, or at the end of the file: never all at the first setting."""
    project = make_project(tmp_path, ROOT / "content")
    site = project / "content" / "site.yml"
    lines = site.read_text(encoding="utf-8").splitlines()
    _, warnings = check(project / "content", project)
    at = {w.field: w.line for w in warnings if w.file == "content/site.yml"}
    assert at["publisher"] == lines.index("# publisher:                  # the public body responsible (§ 5 DDG)") + 1
    assert at["accessibility.feedback"] == lines.index("accessibility:") + 1
    assert at["site_url"] == next(i for i, line in enumerate(lines, 1) if line.startswith("# site_url:"))
    site.write_text("\n".join(line for line in lines if not line.startswith("#")) + "\n", encoding="utf-8")
    _, warnings = check(project / "content", project)
    end = len(site.read_text(encoding="utf-8").splitlines())
    assert {w.line for w in warnings if w.file == "content/site.yml" and w.field == "publisher"} == {end}


def test_an_http_address_is_a_web_address_but_the_site_is_published_over_https(tmp_path):
    """A source or an office's page reachable only over http:// is recorded as it is
    (Kreis Unna's press release); the site's own address stays https://."""
    project = make_project(tmp_path, ROOT / "content")
    content = project / "content"
    (content / "offices" / "good.yml").write_text(GOOD.replace("reviewed: 2026-11-01", "reviewed: 2026-11-01\nsource: {url: 'http://www.kreis-unna.de/presse?id=4', date: 2026-01-05}"), encoding="utf-8")
    site = content / "site.yml"
    site.write_text(site.read_text(encoding="utf-8") + "\nsite_url: http://kim.example.org/\n", encoding="utf-8")
    problems, _ = check(content, project)
    assert [str(p) for p in problems] == [
        f"content/site.yml:{len(site.read_text(encoding='utf-8').splitlines())}:11: site_url: 'http://kim.example.org/' does not start with https://. The site is published over https: write its address so, e.g. https://kim.herne.de/."
    ]
    site.write_text(site.read_text(encoding="utf-8").replace("site_url: http://kim.example.org/\n", ""), encoding="utf-8")
    office = load(content, project).offices["good"]
    assert office.source.url == "http://www.kreis-unna.de/presse?id=4"


def test_a_suggested_language_code_is_always_accepted():
    """'Did you mean …?' never names a code that is itself refused (fa_AF once did)."""
    from generator.i18n.languages import language_tag, language_words, suggest_language

    words = [*list(language_words())[::7], "fa_AF", "de_AT", "sr_Latn", "Farsi", "Dari", "Sorani", "Kurmandschi", "Tigrinisch", "arabisch", "xx", "qqq", "en_GB"]
    for word in words:
        meant = suggest_language(word)
        assert meant is None or language_tag(meant) == meant, (word, meant)


def test_kurdish_is_not_named_by_one_of_its_dialects():
    """`ku` says only "Kurdish": its own name must not tell a Sorani speaker that the office
    speaks Kurmanji (CLDR's "Kurdî (kurmancî)"); the dialects keep their own names."""
    from generator import i18n

    assert i18n.language_own_name("ku") == "Kurdî / کوردی"
    assert i18n.language_own_name("kmr") == "Kurmancî" and i18n.language_own_name("ckb") == "کوردیی ناوەندی"  # Central Kurdish
    assert [i18n.language_name("ku", page) for page in ("de", "en")] == ["Kurdisch", "Kurdish"]


@pytest.mark.parametrize(
    "appointment, note, said",
    [
        ("required", "Offene Sprechstunde dienstags.", "says 'Offene Sprechstunde', but 'appointment' is required. Every page states 'appointment': correct the one that is wrong."),
        ("referral", "Kommen Sie einfach ohne Termin vorbei.", "says 'ohne Termin', but 'appointment' is referral. Every page states 'appointment': correct the one that is wrong."),
        ("walk-in", "Beratung nur nach Terminvereinbarung.", "says 'nur nach Terminvereinbarung', but 'appointment' is walk-in. Every page states 'appointment': correct the one that is wrong."),
        ("recommended", "By appointment only.", "says 'By appointment only', but 'appointment' is recommended. Every page states 'appointment': correct the one that is wrong."),
        (None, "Ein Termin ist erforderlich.", "says 'Termin ist erforderlich', but 'appointment' is not set, so the pages say it is not stated. Add 'appointment:' with required."),
        (None, "Beratung ohne Anmeldung.", "says 'ohne Anmeldung', but 'appointment' is not set, so the pages say it is not stated. Add 'appointment:' with walk-in, recommended."),
        # What agrees with the field, or says both, is no warning.
        ("recommended", "Kurze Fragen ohne Termin, längere Gespräche bitte mit Termin.", None),
        ("walk-in", "Kein Termin nötig.", None),
        ("required", "Nur mit Termin; in dringenden Fällen auch ohne Termin.", None),
    ],
)
def test_a_note_that_says_otherwise_than_appointment_is_a_warning(tmp_path, appointment, note, said):
    """The statement of access on every page goes by `appointment`: a note that says the
    opposite (or what the field leaves unsaid) is a contradiction the editor hears of."""
    project = make_project(tmp_path, ROOT / "content")
    office = GOOD.replace("appointment: recommended\n", f"appointment: {appointment}\n" if appointment else "") + f"notes:\n  de: {note}\n"
    (project / "content" / "offices" / "noted.yml").write_text(office, encoding="utf-8")
    _, warnings = check(project / "content", project)
    assert [w.message for w in warnings if w.field == "notes" and w.file == "content/offices/noted.yml"] == ([said] if said else [])


def test_a_note_that_names_languages_the_list_lacks_is_a_warning(tmp_path):
    """'Our two case managers advise in eight languages' beside `languages: [de]`: the
    data contradicts itself, and the finder trusts the list."""
    project = make_project(tmp_path, ROOT / "content")
    offices = project / "content" / "offices"
    noted = GOOD.replace("languages: [de, ar]", "languages: [de, ar, kmr]") + "notes:\n  de: Unsere zwei Case Manager beraten in acht Sprachen, auch auf Farsi, Arabisch und Kurdisch.\n  en: Our two case managers advise in eight languages.\n"
    (offices / "noted.yml").write_text(noted, encoding="utf-8")
    (offices / "fine.yml").write_text(GOOD.replace("Testbüro", "Zweites Büro").replace("Hauptstraße 221", "Markt 2").replace("02325 6999194", "02325 6999100") + "notes:\n  de: Beratung auf Arabisch und in zwei Sprachen.\n", encoding="utf-8")
    _, warnings = check(project / "content", project)
    said = [w.message for w in warnings if w.field == "notes" and w.file in ("content/offices/noted.yml", "content/offices/fine.yml")]
    line = [w for w in warnings if w.field == "notes" and w.file == "content/offices/noted.yml"][0].line
    assert line == noted.splitlines().index("notes:") + 2  # the note's first line
    assert sorted(said) == [
        "names Farsi, but 'languages' lacks fa. The finder goes by 'languages' only: add fa there, or correct the note.",
        "says 'acht Sprachen', but 'languages' (with the people's) lists 3. The finder goes by 'languages' only: list them all there, or correct the note.",
    ]  # Arabisch and Kurdisch (kmr is Kurdish) are listed; 'zwei Sprachen' holds
