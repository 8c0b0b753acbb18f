"""Nothing an editor writes can attack a reader, leak data or break the published site.

The checker is tested in-process on small content folders; the built hostile
site (tests/fixtures/hostile, on top of the sample) is shared with
test_untrusted.py; a few real builds (of a copy of the small finder site) prove that
a failed build leaves `site/` alone.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ENV, ROOT, SITE_LANGUAGES, mkdocs_build, page_path, serve, settle
from generator.reading.load import check
from generator.reading.yamlfile import ContentError
from generator.staging.stage import stage

OFFICE = """\
name: Testbüro
carrier: planb
municipality: herne
address: {street: Hauptstraße 221, postcode: "44649", city: Herne}
location: {lat: 51.5356, lon: 7.1583}
phone: "02325 6999194"
email: info@example.org
opening_hours:
  - {days: [mo, tu], open: "08:00", close: "16:30"}
languages: [de, ar]
topics: [work, housing]
target_group: {min_age: 18, max_age: 27, max_years: 3}
reviewed: 2026-11-01
contacts:
  - name: Test Person
    email: t.person@example.org
    languages: [de, tr]
    publish: true
"""

LINE = re.compile(r"^content/[^:\n]+:\d+:\d+: (warning: )?[^\s:][^\n]*?: \S[^\n]*$")


def small_content(tmp_path: Path, office: str = OFFICE) -> Path:
    """A content folder with one office, its carrier and its municipality."""
    content = tmp_path / "content"
    for folder in ("offices", "carriers", "municipalities"):
        (content / folder).mkdir(parents=True)
    shutil.copy(ROOT / "content" / "carriers" / "planb.yml", content / "carriers")
    shutil.copy(ROOT / "content" / "municipalities" / "herne.yml", content / "municipalities")
    (content / "offices" / "test.yml").write_text(office, encoding="utf-8")
    return content


def lines(content: Path) -> list[str]:
    problems, warnings = check(content, content.parent)
    return [str(p) for p in problems + warnings]


def problems_of(content: Path) -> list[str]:
    return [str(p) for p in check(content, content.parent)[0]]


def one_line_each(found: list[str]) -> None:
    for line in found:
        assert LINE.match(line), line


# -- data leaving the site's boundaries ------------------------------------------------


def test_links_in_content_are_refused_and_never_followed(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("Zyxwv-Secret-Qrstu", encoding="utf-8")
    content = small_content(tmp_path)
    (content / "files").mkdir()
    (content / "files" / "flyer.pdf").symlink_to(secret)
    (content / "files" / "env.txt").symlink_to("/proc/self/environ")
    (content / "files" / "linked-folder").symlink_to(tmp_path, target_is_directory=True)
    (content / "offices" / "linked.yml").symlink_to(secret)
    found = problems_of(content)
    one_line_each(found)
    for name in ("files/flyer.pdf", "files/env.txt", "files/linked-folder", "offices/linked.yml"):
        assert [line for line in found if line.startswith(f"content/{name}:1:1: file: is a link (symbolic link)")], (name, found)
    assert not [line for line in found if "Zyxwv" in line]
    with pytest.raises(ContentError):
        stage(content, tmp_path / "build" / "docs")
    assert not (tmp_path / "build" / "docs").exists()


def test_only_pages_documents_images_and_videos_are_published(hostile_site):
    published = {p.relative_to(hostile_site).as_posix() for p in hostile_site.rglob("*") if p.is_file()}
    assert "files/kimxss.pdf" in published
    # robots.txt is the build's own (generator/staging/findable.py), not an editor's file.
    assert not [p for p in published if p.endswith((".yml", ".yaml", ".txt")) and p != "robots.txt" or "archiv" in p or "versteckt" in p], published
    for path in hostile_site.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for marker in (b"Zyxwv-Archived-Qrstu", b"zyxwv-archived", b"Zyxwv-Notes-Qrstu", b"Zyxwv-Hidden-Qrstu"):
                assert marker not in data, (path, marker)


def test_files_that_are_not_published_are_named(tmp_path):
    content = small_content(tmp_path)
    (content / "archiv").mkdir()
    (content / "archiv" / "alt.yml").write_text("name: Alt\n", encoding="utf-8")
    (content / "notes.txt").write_text("x", encoding="utf-8")
    (content / "logo.svg").write_text("<svg onload='alert(1)'/>", encoding="utf-8")
    found = lines(content)
    assert "content/archiv/alt.yml:1:1: warning: file: not published and not read" in "\n".join(found)
    assert [line for line in found if line.startswith("content/notes.txt:1:1: warning: file: not published")]
    assert [line for line in found if line.startswith("content/logo.svg:1:1: warning: file: not published")]
    assert problems_of(content) == []


def test_language_codes_are_whole_tags_and_never_leave_the_docs_tree(tmp_path):
    outside = tmp_path / "X"
    office = OFFICE.replace("languages: [de, ar]", "languages: [de, 'ar-/../../../../X', ar-, AR, sr-latn]")
    content = small_content(tmp_path / "project", office)
    found = problems_of(content)
    one_line_each(found)
    assert [line for line in found if ": languages[2]: unknown language code 'ar-/../../../../X'" in line], found
    assert [line for line in found if ": languages[3]: unknown language code 'ar-'" in line], found
    assert not [line for line in found if "languages[4]" in line or "languages[5]" in line], found
    with pytest.raises(ContentError):
        stage(content, tmp_path / "project" / "build" / "docs")
    assert not outside.exists()
    assert {p.name for p in tmp_path.iterdir()} == {"project"}
    # Written as valid tags, they are used in their usual spelling.
    fixed = small_content(tmp_path / "fixed", OFFICE.replace("languages: [de, ar]", "languages: [de, AR, sr-latn]"))
    stage(fixed, tmp_path / "fixed" / "build" / "docs")
    staged = tmp_path / "fixed" / "build" / "docs-pages"  # generated pages: filled into frames
    pages = {p.relative_to(staged).as_posix() for p in staged.rglob("finder/*.md")}
    assert {"finder/ar.md", "finder/sr-Latn.md"} <= pages


# -- injection into pages ---------------------------------------------------------------


def hostile_pages(site: Path):
    for path in sorted(site.rglob("*.html")):
        yield path, BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_no_script_url_and_no_foreign_image_in_any_page_and_a_policy_on_each(hostile_site):
    """One pass over every page of the hostile site."""
    for path, page in hostile_pages(hostile_site):
        for element in page.find_all(True):
            for name, value in element.attrs.items():
                value = " ".join(value) if isinstance(value, list) else value
                assert not name.lower().startswith("on"), (path, str(element)[:200])
                if name in ("href", "src", "action", "formaction", "poster", "data"):
                    assert not re.match(r"\s*(javascript|data|vbscript):", value, re.IGNORECASE), (path, str(element)[:200])
            if element.name in ("img", "video", "source", "iframe", "embed", "object", "track"):
                src = element.get("src", "")
                assert not re.match(r"(https?:)?//", src), (path, str(element)[:200])
            assert element.name not in ("iframe", "object", "embed"), (path, str(element)[:200])
            assert element.name not in ("svg", "img") or "kimxss" not in str(element), (path, str(element)[:200])
            assert element.name != "form" or not re.match(r"(https?:)?//", element.get("action", "")), (path, str(element)[:200])
            if element.name == "script" and element.get("type") == "application/ld+json":
                # Data for search engines (not run): editor text in it, but never markup.
                assert not re.search(r"[<>&]", element.string or ""), (path, str(element)[:200])
            elif element.name == "script" and not element.get("src"):
                assert "alert(" not in (element.string or ""), (path, str(element)[:200])
        metas = page.find_all("meta", attrs={"http-equiv": "Content-Security-Policy"})
        # The second: scripts only from the script folders under site_url's path.
        assert len(metas) == 2 and metas[1]["content"].startswith("script-src *:*/assets/ *:*/pagefind/ "), path
        policy = metas[0]["content"]
        assert policy.startswith("default-src 'self'; script-src 'self'") and "object-src 'none'; base-uri 'self'; form-action 'self'" in policy, path
        # Map images only where there is a map.
        has_map = page.select_one("[data-map-canvas]") is not None
        assert ("img-src 'self' data: https://tile.openstreetmap.org;" in policy) == has_map, path
        assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]


def test_editor_text_on_markdown_lines_is_shown_as_written(hostile_site):
    name = "kimxss-municipality </script><img src=x onerror=alert(2)> [Karte](javascript:alert(31)) ![x](https://evil.example/t.png) {: onclick=alert(32)} *kimxss-em*"
    for language in SITE_LANGUAGES:
        for path, tag in (("offices", "h2"), ("professionals", "h3")):
            page = BeautifulSoup(page_path(hostile_site, language, path).read_text(encoding="utf-8"), "html.parser")
            headings = [h for h in page.find_all(tag) if "kimxss-municipality" in h.get_text()]
            assert [h.get_text() for h in headings] == [name], (language, path)
            assert not headings[0].find_all(True) and not [a for a in headings[0].attrs if a.startswith("on")]


def test_hand_written_pages_are_sanitised(hostile_site):
    for language in ("de", "ar"):
        path = page_path(hostile_site, language, "kimxss-page")
        html = path.read_text(encoding="utf-8")
        page = BeautifulSoup(html, "html.parser")
        assert page.title.get_text().startswith('kimxss-page-title <script>alert(33)</script> "q"')
        assert page.find("meta", attrs={"name": "description"})["content"] == '"><script>alert(34)</script> kimxss-description'
        article = page.select_one("article")
        text = article.get_text()
        for kept in ("kimxss-image-text", "kimxss-js-link", "kimxss-data-link", "kimxss-handler", "kimxss-good-link"):
            assert kept in text, (language, kept)
        assert article.find("a", string="kimxss-good-link")["href"] == "https://example.org/ok"
        assert article.find("a", string="kimxss-internal")["href"].endswith("offices/")
        for removed in ("script", "iframe", "form", "style", "input"):
            assert not article.find_all(removed), (language, removed)
        assert not article.find("a", string="kimxss-js-link").get("href")
        assert not article.find("a", string="kimxss-data-link").get("href")
        assert not [img for img in article.find_all("img") if img.get("src", "").startswith(("http", "//", "/\\", " "))]
        assert "evil.example" not in html
        for alt in ("kimxss-backslash", "kimxss-space", "kimxss-md-backslash"):
            assert alt in text and not article.find("img", alt=alt), (language, alt)
        posing = article.find(string=re.compile("kimxss-pose")).parent
        assert not posing.get("data-md-component") and not posing.get("id") and posing.get("class") == ["kimxss-class"]


def test_removed_html_is_a_warning_for_the_editor(tmp_path):
    content = small_content(tmp_path)
    shutil.copy(ROOT / "tests" / "fixtures" / "hostile" / "kimxss-page.md", content / "page.md")
    found = lines(content)
    one_line_each(found)
    page = [line for line in found if line.startswith("content/page.md:")]
    for part in ("a <script> element", "the event handler onerror=", "a javascript: link", "the image from https://evil.example"):
        assert [line for line in page if ": warning: page: " in line and part in line], (part, page)
    assert problems_of(content) == []


@pytest.mark.parametrize(
    "front, expected",
    [
        ("template: missing.html", ":2:1: template: unknown field. Allowed here: title, translation, description, hide."),
        ("title: [a, b]", ":2:8: title: expected a single value"),
        ("hide: [toc, sidebar]", ":2:13: hide[2]: unknown value 'sidebar'"),
        ("title: " + "[" * 30_000, ": front matter: "),
    ],
)
def test_front_matter_is_checked(tmp_path, front, expected):
    content = small_content(tmp_path)
    (content / "page.md").write_text(f"---\n{front}\n---\n\n# Page\n", encoding="utf-8")
    found = problems_of(content)
    one_line_each(found)
    assert [line for line in found if line.startswith("content/page.md") and expected in line], found


def test_map_settings_are_text_and_https(tmp_path):
    content = small_content(tmp_path)
    settings = content / "site.yml"
    settings.write_text(
        "map:\n  tiles: //evil.example/{z}/{x}/{y}.png\n  attribution: '&copy; <a href=\"https://www.openstreetmap.org/copyright\">OpenStreetMap</a> <img src=x onerror=alert(1)>'\n",
        encoding="utf-8",
    )
    found = problems_of(content)
    one_line_each(found)
    assert [line for line in found if line.startswith("content/site.yml:2:10: map.tiles: '//evil.example/{z}/{x}/{y}.png' is not a tile address. Write it in full, starting with https://")], found
    attribution = [line for line in found if ": map.attribution: " in line]
    assert attribution and "is text, not HTML. Write links as [label](https://...), e.g. '© [OpenStreetMap](https://www.openstreetmap.org/copyright)'." in attribution[0]
    settings.write_text("map:\n  tiles: http://tiles.example.org/{z}/{x}/{y}.png\n  attribution: '[x](javascript:alert(1))'\n", encoding="utf-8")
    found = problems_of(content)
    assert [line for line in found if ": map.tiles: " in line] and [line for line in found if ": map.attribution: 'javascript:alert(1)' is not a web address" in line], found


# -- the checker itself -------------------------------------------------------------------


def test_deep_nesting_is_one_line_not_a_crash(tmp_path):
    content = small_content(tmp_path, "name: " + "[" * 25_000 + "]" * 25_000 + "\n")
    (content / "offices" / "deep-map.yml").write_text("a:\n" + "".join(" " * i + "b:\n" for i in range(1, 60)), encoding="utf-8")
    (content / "offices" / "alias.yml").write_text("a: &x [1, 2]\nb: [*x, *x]\n", encoding="utf-8")
    (content / "offices" / "dashes.yml").write_text("notes:\n  " + "- " * 25_000 + "x\n", encoding="utf-8")
    (content / "page.md").write_text("---\ntitle:\n  " + "- " * 25_000 + "x\n---\n\n# Page\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "generator.cli", "check"], cwd=content.parent, env=ENV, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, (result.returncode, result.stderr[-500:])
    assert "Traceback" not in result.stdout + result.stderr
    found = result.stdout.splitlines()
    one_line_each(found)
    assert [line for line in found if line.startswith("content/offices/test.yml:1:1: file: the file is nested more than 20 levels deep")], found
    assert [line for line in found if line.startswith("content/offices/deep-map.yml:") and "nested more than 20 levels deep" in line], found
    assert [line for line in found if line.startswith("content/offices/alias.yml:") and "YAML alias" in line], found
    assert [line for line in found if line.startswith("content/offices/dashes.yml:1:1: file: the file is nested more than 20 levels deep")], found
    assert [line for line in found if line.startswith("content/page.md:2:1: front matter: the file is nested more than 20 levels deep")], found


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ("min_age: 18", "min_age: ²", ":12:25: target_group.min_age: '²' is not a whole number from 0 to 120."),
        ("max_age: 27", "max_age: ٢٧", "target_group.max_age: '٢٧' is not a whole number"),
        ("max_years: 3", "max_years: ３", "target_group.max_years: '３' is not a whole number"),
        ('postcode: "44649"', 'postcode: "٤٤٦٤٩"', "address.postcode: '٤٤٦٤٩' is not a German postcode"),
        ('postcode: "44649"', 'postcode: "４４６４９"', "address.postcode: '４４６４９' is not a German postcode"),
        ("lat: 51.5356", "lat: ٥١.٥٣", "location.lat: '٥١.٥٣' is not a number"),
        ("languages: [de, ar]", "languages: []", ":10:12: languages: is empty."),
        ("topics: [work, housing]", "topics: ~", ":11:9: topics: is empty."),
        ("email: info@example.org", "email: .a@example.org", ":7:8: email: '.a@example.org' is not an e-mail address"),
        ("name: Testbüro", "name: Test\x00büro", ":1:11: name: contains the invisible character U+0000 (a control character)"),
        ("name: Testbüro", "name: Test\x1bbüro", ":1:11: name: contains the invisible character U+001B"),
        ("name: Test Person", 'name: "Test \u202eitset"', ":15:17: contacts[1].name: contains the invisible character U+202E (RIGHT-TO-LEFT OVERRIDE)"),
        ("name: Testbüro", "name: " + "x" * 400, ":1:7: name: is 400 characters long; at most 300 fit here."),
        ("name: Testbüro", 'name: "Ali\\0Mohammad"', ":1:7: name: contains the invisible character U+0000 (a control character), written as an escape"),
        ("name: Test Person", 'name: "Test \\u202Eitset"', ":15:11: contacts[1].name: contains the invisible character U+202E (RIGHT-TO-LEFT OVERRIDE), written as an escape"),
        ("languages: [de, ar]", "languages: [de, und]", "languages[2]: unknown language code 'und'"),
        ("languages: [de, ar]", "languages: [de, zxx]", "languages[2]: unknown language code 'zxx'"),
        ("languages: [de, ar]", "languages: [de, de-DE-u-co-phonebk]", "languages[2]: unknown language code 'de-DE-u-co-phonebk'"),
        ("languages: [de, ar]", "languages: [de, en-GB-oed]", "languages[2]: unknown language code 'en-GB-oed'"),
        ("name: Testbüro", 'name: "Test\\nbüro"\nnme: "a\\nb"', ":2:1: nme: unknown field."),
        ("name: Testbüro", "name: Testbüro\n? [a, b]\n: c", ":2:3: file: a field name must be a plain word"),
        ("  - name: Test Person", "\t- name: Test Person", "Indent with spaces, not tabs."),
        ("website", "website", ""),
    ],
)
def test_wrong_values_get_one_clear_line(tmp_path, old, new, expected):
    office = OFFICE.replace(old, new, 1)
    content = small_content(tmp_path, office)
    found = problems_of(content)
    one_line_each(found)
    if not expected:
        assert found == []
        return
    assert [line for line in found if line.startswith("content/offices/test.yml:") and expected in line], found
    assert not [line for line in found if "<unicode string>" in line or "position" in line]


def test_pages_and_files_editors_should_not_publish(tmp_path):
    content = small_content(tmp_path)
    (content / "archiv").mkdir()
    (content / "archiv" / "notes.md").write_text("# Old notes\n", encoding="utf-8")
    (content / "LOUD.MD").write_text("# Loud\n", encoding="utf-8")
    (content / "Über uns.md").write_text("# Über uns\n", encoding="utf-8")
    (content / "ctrl.md").write_text("# Ctrl\n\nA \u202e b \x00 c\n", encoding="utf-8")
    (content / "assets" / "vendor").mkdir(parents=True)
    (content / "assets" / "vendor" / "marker-icon.png").write_bytes(b"png")
    (content / "files").mkdir()
    (content / "files" / "readme-flyer.pdf").write_bytes(b"%PDF")
    (content / "files" / ".hidden.pdf").write_bytes(b"%PDF")
    (content / "offices" / "index.yml").write_text(OFFICE, encoding="utf-8")
    (content / "offices" / "old.yml.bak").write_text(OFFICE, encoding="utf-8")
    office = content / "offices" / "test.yml"
    office.write_text(OFFICE.replace("reviewed: 2026-11-01", "reviewed: 2026-11-01\ndocuments:\n  - {file: files/readme-flyer.pdf, title: Flyer, language: de}\n  - {file: files/.hidden.pdf, title: Versteckt, language: de}"), encoding="utf-8")
    found = lines(content)
    one_line_each(found)
    text = "\n".join(found)
    assert "content/archiv/notes.md:1:1: warning: file: not published: Pages are read from content/ and content/topics/ only." in text
    assert "content/LOUD.MD:1:1: warning: file: not published: Rename it to 'LOUD.md'." in text
    assert "content/Über uns.md:1:1: file: the file name 'Über uns.md' is used in web addresses" in text
    assert "content/ctrl.md:3:3: page: contains the invisible character U+202E (RIGHT-TO-LEFT OVERRIDE)" in text
    assert "content/ctrl.md:3:7: page: contains the invisible character U+0000" in text
    assert "content/assets/vendor/marker-icon.png:1:1: warning: file: not published: assets/" in text
    assert "content/offices/index.yml:1:1: file: the file name 'index' is the web address of the list page." in text
    assert "content/offices/old.yml.bak:1:1: file: ignored file: only '.yml' files are read here. Rename it to 'old.yml'" in text
    assert "documents[2].file: 'files/.hidden.pdf' is not published: hidden files" in text
    assert "documents[1].file" not in text


def test_the_editors_guide_and_readme_files_are_never_published(tmp_path):
    content = small_content(tmp_path)
    guide = "Diese Datei wird nicht veröffentlicht."
    for name in ("LIESMICH.md", "README.md", "offices/README.md"):
        (content / name).write_text(f"# Anleitung\n\n{guide}\n", encoding="utf-8")
    assert not [line for line in lines(content) if "LIESMICH" in line or "README" in line]
    stage(content, tmp_path / "build" / "docs")
    staged = [p for p in (tmp_path / "build").rglob("*") if p.is_file()]
    assert staged and not [p for p in staged if guide in p.read_text(encoding="utf-8", errors="replace") or p.stem.lower() in ("liesmich", "readme")]


def test_the_docs_folder_is_never_one_that_holds_other_files(tmp_path, capsys):
    from generator.cli import main

    content = small_content(tmp_path / "project")
    project = content.parent
    (project / "notes.txt").write_text("keep me", encoding="utf-8")
    for folder in ("content", ".", "..", "content/offices"):
        assert main(["stage", str(project), "--docs-dir", folder]) == 2, folder
        assert capsys.readouterr().err.startswith("kim: "), folder
    assert (project / "notes.txt").read_text(encoding="utf-8") == "keep me"
    assert (content / "offices" / "test.yml").is_file()
    assert main(["stage", str(project)]) == 0
    assert main(["stage", str(project)]) == 0  # its own folder, again


def test_own_tile_server_without_consent_is_named(tmp_path):
    content = small_content(tmp_path)
    (content / "site.yml").write_text("map:\n  tiles: 'https://{s}.tile.example.org/{z}/{x}/{y}.png'\n  consent: false\n", encoding="utf-8")
    found = lines(content)
    assert [line for line in found if line.startswith("content/site.yml:3:12: warning: map.consent: false: every reader's browser loads map images from a.tile.example.org without asking.")], found
    for tiles in ('https://evil.example"><svg/{z}/{x}/{y}.png', "https://evil.example;report-uri/{z}/{x}/{y}", "https://a.b.{s}/{z}/{x}/{y}", "https://evil.{z}.example/{x}/{y}"):
        (content / "site.yml").write_text(f"map:\n  tiles: '{tiles}'\n", encoding="utf-8")
        assert [line for line in problems_of(content) if ": map.tiles: " in line and "is not a tile address" in line], tiles
    (content / "site.yml").write_text("map:\n  attribution: '<img src=x onerror=alert(1)>'\n", encoding="utf-8")
    assert [line for line in problems_of(content) if line.endswith("map.attribution: is text, not HTML. Write links as [label](https://...).")]


def test_only_the_themes_inline_scripts_run(tmp_path):
    from generator.staging.policy import secure_page, theme_scripts

    theme = tmp_path / "theme"
    theme.mkdir()
    (theme / "base.html").write_text('<script>var scope=new URL("{{ base_url }}",location)</script>', encoding="utf-8")
    page = '<html><head><meta charset="utf-8"></head><body><script>var scope=new URL("../..",location)</script><script>alert(1)</script><script type="application/json">{}</script></body></html>'
    secured, hashes, others = secure_page(page, None, theme_scripts([theme]))
    assert len(hashes) == 1 and others == 1
    assert secured.count("sha256-") == 1


def test_a_huge_file_is_refused_before_reading(tmp_path):
    content = small_content(tmp_path, OFFICE.replace("name: Testbüro", "name: " + "x" * 5_000_000))
    found = problems_of(content)
    assert [line for line in found if line.startswith("content/offices/test.yml:1:1: file: the file has 5,") and "bytes" in line], found


def test_content_is_staged_by_its_content_not_its_time(tmp_path):
    content = small_content(tmp_path)
    docs = tmp_path / "build" / "docs"
    stage(content, docs)
    office = content / "offices" / "test.yml"
    before = office.stat()
    # Same size, the old time kept (cp -p, rsync -t, an unpacked archive).
    office.write_text(OFFICE.replace("Hauptstraße 221", "Hauptstraße 122"), encoding="utf-8")
    os.utime(office, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert office.stat().st_size == before.st_size and office.stat().st_mtime_ns == before.st_mtime_ns
    result = stage(content, docs)
    assert result.written > 0
    assert "Hauptstraße 122" in (tmp_path / "build" / "docs-pages" / "offices" / "test.md").read_text(encoding="utf-8")


def test_mutated_office_files_never_crash_the_checker(tmp_path_factory):
    """Property: whatever an editor's careless edit does to a valid office file,
    `kim check` answers with lines of the promised form and never raises."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    content = small_content(tmp_path_factory.mktemp("mutations"))
    office = content / "offices" / "test.yml"
    noise = st.text(alphabet=st.sampled_from(list("-:[]{}#&*!|>'\"%@`,?\t\n ") + ["\x00", "\u202e", "²", "٤", "Ü", "ß", "ی", "\ufeff", "0", "9", "a"]), max_size=6)

    @settings(max_examples=120, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(edits=st.lists(st.tuples(st.integers(0, len(OFFICE)), st.integers(0, 8), noise), min_size=1, max_size=4))
    def edited(edits):
        text = OFFICE
        for at, cut, insert in edits:
            at = min(at, len(text))
            text = text[:at] + insert + text[at + cut :]
        office.write_text(text, encoding="utf-8")
        found = lines(content)
        one_line_each(found)

    edited()


# -- the last good site --------------------------------------------------------------------


@pytest.fixture
def built_copy(finder_site, tmp_path) -> Path:
    """A copy of a built project, to break in different ways: the finder's, the
    smallest (what is built is not what these tests are about)."""
    project = tmp_path / "project"
    shutil.copytree(finder_site.parent, project, symlinks=True)
    return project


def files_of(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_a_failed_build_leaves_the_last_good_site(built_copy):
    before = files_of(built_copy / "site")
    # The theme fails inside MkDocs, after the content checks.
    main = built_copy / "overrides" / "main.html"
    good = main.read_text(encoding="utf-8")
    main.write_text(good.replace("{% endblock %}", "{% endblok %}", 1), encoding="utf-8")
    result = mkdocs_build(built_copy)
    assert result.returncode != 0
    assert files_of(built_copy / "site") == before
    main.write_text(good, encoding="utf-8")
    # A broken link fails under --strict only after every page was built.
    (built_copy / "content" / "broken.md").write_text("# Broken\n\n[nowhere](nowhere.md)\n", encoding="utf-8")
    result = mkdocs_build(built_copy)
    assert result.returncode != 0 and "strict" in result.stdout + result.stderr
    assert files_of(built_copy / "site") == before
    assert not [p.name for p in built_copy.iterdir() if ".kim-" in p.name]


def test_two_builds_at_once_and_an_edit_during_a_build(built_copy):
    """A builds; while it is on its second language the office changes and B starts.
    A publishes the office as it was when A began, in every language; B waits, then
    publishes the new one. Neither fails half-way."""
    office = built_copy / "content" / "offices" / "a-nord-wanne.yml"
    command = [sys.executable, "-u", "-m", "mkdocs", "build", "--strict"]
    first = subprocess.Popen(command, cwd=built_copy, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = []
    for text in first.stdout:
        output.append(text)
        if "Building 'en' documentation" in text:
            break
    office.write_text(office.read_text(encoding="utf-8").replace("Erste Straße 1", "Geänderte Straße 9"), encoding="utf-8")
    second = subprocess.Popen(command, cwd=built_copy, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output.append(first.communicate(timeout=600)[0])
    assert first.returncode == 0, "".join(output)
    site = built_copy / "site"
    published = {language: page_path(site, language, "offices/a-nord-wanne").read_text(encoding="utf-8") for language in SITE_LANGUAGES}
    index = (site / "finder" / "offices.json").read_text(encoding="utf-8")
    later = second.communicate(timeout=600)[0]
    assert second.returncode == 0, later
    assert "another build of this project is running; waiting" in later
    assert "Traceback" not in "".join(output) + later
    assert all("Erste Straße 1" in html and "Geänderte Straße 9" not in html for html in published.values())
    assert "Erste Straße 1" in index and "Geänderte Straße 9" not in index
    for language in SITE_LANGUAGES:
        assert "Geänderte Straße 9" in page_path(site, language, "offices/a-nord-wanne").read_text(encoding="utf-8")
    assert set(json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))["languages"]) == set(SITE_LANGUAGES)
    assert "Geänderte Straße 9" in (site / "finder" / "offices.json").read_text(encoding="utf-8")
    assert not [p.name for p in built_copy.iterdir() if ".kim-" in p.name]


# -- in the browser --------------------------------------------------------------------------


PAGE_TYPES = [
    "/", "/finder/", "/finder/?language=tr", "/map/", "/offices/", "/offices/hostile/", "/municipalities/testburg/",
    "/topics/", "/topics/housing/", "/professionals/", "/imprint/", "/privacy/", "/accessibility/",
    "/easy-language/", "/sign-language/", "/finder/tr/", "/kimxss-page/", "/kimxss-title/", "/kimxss-deep/", "/data/", "/404.html",
]


def test_no_dialog_and_no_policy_violation_on_any_page(hostile_site, browser):
    """Every kind of page in German and Arabic, before and after agreeing to the map:
    nothing runs that should not, and the policy blocks nothing the site needs."""
    with serve(hostile_site) as server:
        context = browser.new_context(service_workers="block")
        tiles = []
        context.route("https://tile.openstreetmap.org/**", lambda route: (tiles.append(route.request.url), route.fulfill(status=200, content_type="image/png", body=b"")))
        # Any request to another host: a foreign script, image or a redirect (a meta refresh).
        foreign: list[str] = []
        context.route(lambda url: not url.startswith(server) and not url.startswith("https://tile.openstreetmap.org/"), lambda route: (foreign.append(route.request.url), route.abort()))
        page = context.new_page()
        dialogs, violations = [], []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.on("console", lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None)
        page.on("pageerror", lambda error: violations.append(f"error: {error}"))
        # Pages with a map a second time, after agreeing (the others do not change).
        for consent, paths in ((False, PAGE_TYPES), (True, ["/map/", "/offices/hostile/", "/finder/"])):
            for language in ("", "/ar"):
                for path in paths:
                    page.goto(f"{server}{language}{path}")
                    page.wait_for_load_state("load")
                    if consent and page.locator("[data-map-consent]:visible").count():
                        page.locator("[data-map-consent]:visible").first.click()
                        page.locator(".leaflet-control-attribution").first.wait_for()
                    settle(page)
                    assert dialogs == [] and violations == [] and foreign == [], (consent, language, path, dialogs, violations, foreign)
                    assert page.url.startswith(server), (path, page.url)
        assert tiles, "after consent the map loads its images"
        # The credit is text with the links written in site.yml, nothing else.
        page.goto(f"{server}/map/")
        page.locator(".leaflet-control-attribution").first.wait_for()
        credit = page.locator(".leaflet-control-attribution")
        assert 'kimxss-attribution "q" &' in credit.inner_text()
        assert credit.locator("a").evaluate_all("links => links.map(a => a.href)") == ["https://www.openstreetmap.org/copyright", "https://example.org/?a=1&b=2"]
        context.close()


def test_a_script_that_slips_in_does_not_run(hostile_site, tmp_path, browser):
    site = tmp_path / "site"
    shutil.copytree(hostile_site, site)
    office = page_path(site, "de", "offices/hostile")
    html = office.read_text(encoding="utf-8")
    # A published file holding a script, served without `nosniff` (as the Pages hosts do):
    # only the script folders under site_url's path may hold scripts.
    (site / "files" / "x.vtt").write_text("alert('slipped3')", encoding="utf-8")
    slipped = "<script>alert('slipped')</script><img src=x onerror=alert('slipped2')><script src=\"/files/x.vtt\"></script>"
    office.write_text(html.replace("</article>", slipped + "</article>", 1), encoding="utf-8")
    with serve(site) as server:
        context = browser.new_context(service_workers="block")
        page = context.new_page()
        dialogs, violations = [], []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.on("console", lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None)
        page.add_init_script("window.kimBlocked = 0; document.addEventListener('securitypolicyviolation', () => window.kimBlocked++)")
        page.goto(f"{server}/offices/hostile/")
        page.wait_for_function("() => window.kimBlocked >= 3", timeout=10_000)  # the three slipped in: blocked
        settle(page)
        context.close()
    assert dialogs == []
    assert len(violations) >= 3 and [v for v in violations if "x.vtt" in v], violations


def test_hosts_get_the_policy_as_a_header(hostile_site):
    headers = (hostile_site / "_headers").read_text(encoding="utf-8")
    # 'wasm-unsafe-eval': the search's WebAssembly (site_search.py); never JavaScript's eval
    assert headers.startswith("/*\n  Content-Security-Policy: default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-")
    assert " 'unsafe-eval'" not in headers
    assert "frame-ancestors 'self'" in headers
    assert "Header always set Content-Security-Policy" in (hostile_site / ".htaccess").read_text(encoding="utf-8")
