"""The feed of changes (issue 27): an Atom feed per language of what changed between two
publications, computed by comparing with the previous publication's `data/changes.json`
(generator/outputs/feed.py). In-process from two loaded directories; then the sample
site, and a second staging that fetches the first one's list from a local server."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

from bs4 import BeautifulSoup
from lxml import etree

from conftest import FIXTURES, ROOT, SITE_LANGUAGES, kim_in_process, make_project, page_path, sample_content_with, serve
from generator import i18n
from generator.outputs import feed
from generator.reading.load import load
from generator.staging.stage import previous_source

A = "{http://www.w3.org/2005/Atom}"
TODAY = dt.date.today()
TOMORROW = TODAY + dt.timedelta(days=1)
HERNE = "herne-sodingen-awo"
SUBSCRIBE = "Subscribe to the feed of changes in a feed reader or in your e-mail program: it lists new offices, closures, offices no longer listed, and changed opening hours, phone numbers, addresses and languages."


def atom(text: str, language: str) -> etree._Element:
    """The feed parsed by a real XML parser, with what RFC 4287 requires of it."""
    root = etree.fromstring(text.encode("utf-8"))
    assert root.tag == f"{A}feed" and root.get("{http://www.w3.org/XML/1998/namespace}lang") == language
    for tag in ("id", "title", "updated"):
        assert len(root.findall(f"{A}{tag}")) == 1, tag
    assert root.findtext(f"{A}author/{A}name")
    assert {link.get("rel") for link in root.findall(f"{A}link")} == {"self", "alternate"}
    ids = [root.findtext(f"{A}id")]
    for entry in root.findall(f"{A}entry"):
        for tag in ("id", "title", "updated", "content"):
            assert len(entry.findall(f"{A}{tag}")) == 1, tag
        assert entry.find(f"{A}link[@rel='alternate']") is not None
        assert dt.datetime.fromisoformat(entry.findtext(f"{A}updated")).tzinfo is not None
        assert entry.find(f"{A}content").get("type") == "html"
        ids.append(entry.findtext(f"{A}id"))
    assert len(set(ids)) == len(ids) and all(ident.startswith("urn:uuid:") for ident in ids)
    return root


def entries(root: etree._Element) -> list[tuple[str, BeautifulSoup, str]]:
    """Each entry's title, its content as a reader's HTML parser sees it, its link."""
    return [(e.findtext(f"{A}title"), BeautifulSoup(e.findtext(f"{A}content"), "html.parser"), e.find(f"{A}link").get("href")) for e in root.findall(f"{A}entry")]


def first_publication(content: Path = ROOT / "content") -> dict:
    return feed.publication(load(content, today=TODAY), TODAY, feed.Previous())


def test_a_first_publication_says_only_that_the_feed_starts():
    directory = load(ROOT / "content", today=TODAY)
    files = feed.feed_files(directory, TODAY, feed.Previous())
    assert set(files) == {"data/changes.json", *(f"feed{i18n.suffix(language)}.xml" for language in SITE_LANGUAGES)}
    for language in SITE_LANGUAGES:
        [(title, content, link)] = entries(atom(files[f"feed{i18n.suffix(language)}.xml"], language))
        assert title == i18n.gettext(language, "Changes are listed here from now on") and link == "professionals/"
        assert content.get_text() == i18n.gettext(language, feed.phrases.FEED_ABOUT)
        assert language == "en" or title != "Changes are listed here from now on"
    snapshot = json.loads(files["data/changes.json"])
    assert sorted(snapshot["offices"]) == sorted(directory.offices)
    assert snapshot["offices"][HERNE]["hours"][1] == {"days": ["fr"], "open": "08:00", "close": "14:00", "from": "", "until": ""}


def test_the_feed_names_each_office_that_changed_and_how(tmp_path):
    before = first_publication()
    content = shutil.copytree(ROOT / "content", tmp_path / "content")
    herne = content / "offices" / f"{HERNE}.yml"
    closed = (TODAY + dt.timedelta(days=10), TODAY + dt.timedelta(days=12))
    text = herne.read_text(encoding="utf-8").replace('{days: [fr], open: "08:00", close: "14:00"}', '{days: [fr], open: "09:00", close: "12:00"}')
    herne.write_text(text + f"closures:\n  - {{from: {closed[0]}, to: {closed[1]}}}\n", encoding="utf-8")
    (content / "offices" / "dormagen.yml").unlink()
    files = feed.feed_files(load(content, today=TOMORROW), TOMORROW, feed.Previous(feed.checked(before)))

    found = entries(atom(files["feed.xml"], "de"))
    when = f"vom {i18n.date_text(closed[0], 'de')} bis {i18n.date_text(closed[1], 'de')}"
    assert [title for title, _content, _link in found] == [
        f"Case Management AWO Herne-Sodingen: Neue Öffnungszeiten · Geschlossen {when}",
        "Case Management der Stadt Dormagen: Nicht mehr aufgeführt",
        "Änderungen werden ab jetzt hier aufgeführt",  # the first publication's entry, kept
    ]
    assert [p.get_text() for p in found[0][1].select("p")] == ["Öffnungszeiten: Mo.–Do. 08:00–16:30; Fr. 09:00–12:00", f"Geschlossen {when}."]
    assert [link for _title, _content, link in found] == [f"offices/{HERNE}/", "offices/", "professionals/"]
    # In the reader's digits (Persian), and right to left.
    [(title, body, _link), *_rest] = entries(atom(files["feed.fa.xml"], "fa"))
    assert "۹:۰۰–۱۲:۰۰" in body.get_text() and body.div["dir"] == "rtl"
    assert i18n.gettext("fa", "New opening hours") in title
    # The next publication, with nothing changed, adds nothing and keeps what was published.
    again = feed.feed_files(load(content, today=TOMORROW), TOMORROW, feed.Previous(feed.checked(json.loads(files["data/changes.json"]))))
    assert again["feed.xml"] == files["feed.xml"]


def test_hours_at_a_place_and_their_weeks_are_hours_of_the_office(tmp_path):
    """Hours at one of the office's places changed (issue 27: they are its hours too):
    an entry, which names the place and the weeks of the month."""
    before = first_publication()
    content = shutil.copytree(ROOT / "content", tmp_path / "content")
    aachen = content / "offices" / "aachen-arkaden.yml"
    text = aachen.read_text(encoding="utf-8")
    place = "    location: {lat: 50.8180, lon: 6.2650}\n"
    assert place in text
    aachen.write_text(text.replace(place, place + '    hours: [{days: [tu], open: "10:00", close: "12:00", weeks: [1, 3]}]\n'), encoding="utf-8")
    files = feed.feed_files(load(content, today=TOMORROW), TOMORROW, feed.Previous(feed.checked(before)))
    [(title, body, link), _first] = entries(atom(files["feed.xml"], "de"))
    assert title.endswith(": Neue Öffnungszeiten") and link == "offices/aachen-arkaden/"
    assert "Rathaus Eschweiler: Di. 10:00–12:00 (jeden 1. und 3. Dienstag im Monat)" in body.get_text()


def test_editor_text_in_the_feed_is_text_never_markup(tmp_path):
    content = sample_content_with(tmp_path, FIXTURES / "hostile")
    directory = load(content, today=TODAY)
    before = first_publication()
    files = feed.feed_files(directory, TODAY, feed.Previous(before))
    before = json.loads(files["data/changes.json"])
    before["offices"]["hostile"]["address"] = "elsewhere"
    files = feed.feed_files(directory, TODAY, feed.Previous(feed.checked(before)))
    for language in ("de", "ar"):
        raw = files[f"feed{i18n.suffix(language)}.xml"]
        assert "<script" not in raw and "<img" not in raw
        found = {title: body for title, body, _link in entries(atom(raw, language))}
        name = directory.offices["hostile"].name.get(language)
        body = found[f"{name}: {i18n.gettext(language, 'New address')}"]
        assert not body.find(["script", "img", "svg", "b"])
        assert "kimxss-street <script>alert(6)</script>" in body.get_text()


def test_a_previous_list_that_cannot_be_read_is_said_and_the_feed_says_what_is_missing(tmp_path, monkeypatch):
    bad = tmp_path / "changes.json"
    written = first_publication()
    written["entries"][0]["link"] = "javascript:alert(1)"
    bad.write_text(json.dumps(written), encoding="utf-8")
    previous = feed.read_previous(str(bad))
    assert previous.data is None and "entries" in previous.problem
    project = make_project(tmp_path / "project", FIXTURES / "finder")
    monkeypatch.setenv("KIM_PREVIOUS", str(bad))
    staged = kim_in_process("stage", cwd=project)
    assert staged.returncode == 0
    assert f"{bad}:1:1: warning: data/changes.json: could not be read (ValueError: entries: not as written by kim): the feed of changes starts again" in staged.stderr
    [(title, _content, _link)] = entries(atom((project / "build" / "docs" / "feed.en.xml").read_text(encoding="utf-8"), "en"))
    assert title == "Earlier changes are missing"


def test_a_site_without_the_list_yet_is_a_first_publication(tmp_path):
    with serve(tmp_path) as url:
        assert feed.read_previous(f"{url}/data/changes.json") == feed.Previous()
        (tmp_path / "data").mkdir()
        (tmp_path / "data" / "changes.json").write_text(json.dumps(first_publication()), encoding="utf-8")
        assert feed.read_previous(f"{url}/data/changes.json").data == json.loads(json.dumps(first_publication()))


def test_the_feed_is_published_in_every_language_and_linked(sample_site):
    for language in SITE_LANGUAGES:
        prefix = "" if language == "de" else f"{language}/"
        root = atom((sample_site / prefix / "feed.xml").read_text(encoding="utf-8"), language)
        assert root.find(f"{A}link[@rel='self']").get("href") == "feed.xml"
        page = BeautifulSoup(page_path(sample_site, language, "professionals").read_text(encoding="utf-8"), "html.parser")
        head = page.head.find("link", attrs={"rel": "alternate", "type": "application/atom+xml"})
        assert head["href"] == "../feed.xml" and head["title"] == i18n.gettext(language, "Feed of changes (Atom)")
        visible = page.select_one("article a[data-feed]")
        assert visible["href"] == "../feed.xml" and visible.get_text() == i18n.gettext(language, "Feed of changes (Atom)")
        assert visible.find_parent("p").get_text().startswith(i18n.gettext(language, SUBSCRIBE))
    assert json.loads((sample_site / "data" / "changes.json").read_text(encoding="utf-8"))["format"] == feed.FORMAT


def test_the_next_build_fetches_the_published_list_and_names_the_office_whose_hours_changed(server, tmp_path, monkeypatch):
    project = make_project(tmp_path / "project", ROOT / "content")
    herne = project / "content" / "offices" / f"{HERNE}.yml"
    herne.write_text(herne.read_text(encoding="utf-8").replace('close: "16:30"', 'close: "17:00"'), encoding="utf-8")
    monkeypatch.setenv("KIM_PREVIOUS", f"{server}/data/changes.json")
    staged = kim_in_process("stage", cwd=project)
    assert staged.returncode == 0 and "changes.json" not in staged.stderr, staged.stderr
    found = entries(atom((project / "build" / "docs" / "feed.en.xml").read_text(encoding="utf-8"), "en"))
    assert [title for title, _content, _link in found] == ["Case Management AWO Herne-Sodingen: New opening hours", "Changes are listed here from now on"]
    assert found[0][1].get_text() == "Opening hours: Mon–Thu 8:00\u202fAM–5:00\u202fPM; Fri 8:00\u202fAM–2:00\u202fPM"


def test_the_previous_list_comes_from_the_published_site_unless_told_otherwise(monkeypatch):
    monkeypatch.delenv("KIM_PREVIOUS")
    monkeypatch.delenv("KIM_SITE_URL", raising=False)  # what the shipped CI sets
    assert previous_source(FIXTURES / "contract") == "https://www.example.de/kim/data/changes.json"
    assert previous_source(ROOT / "content") is None  # no site_url: a first publication
    monkeypatch.setenv("KIM_PREVIOUS", "none")
    assert previous_source(FIXTURES / "contract") is None
    monkeypatch.setenv("KIM_PREVIOUS", "build/old-changes.json")
    assert previous_source(FIXTURES / "contract") == "build/old-changes.json"


def test_a_closure_taken_back_is_said_and_one_that_ended_is_not():
    before = first_publication()
    ahead, over = (TODAY + dt.timedelta(days=3), TODAY + dt.timedelta(days=4)), (TODAY - dt.timedelta(days=9), TODAY - dt.timedelta(days=1))
    before["offices"][HERNE]["closures"] = [[str(day) for day in ahead], [str(day) for day in over]]
    files = feed.feed_files(load(ROOT / "content", today=TODAY), TODAY, feed.Previous(feed.checked(before)))
    [(title, body, _link), _first] = entries(atom(files["feed.xml"], "de"))
    taken_back = f"Schließung vom {i18n.date_text(ahead[0], 'de')} bis {i18n.date_text(ahead[1], 'de')} aufgehoben"
    assert title == f"Case Management AWO Herne-Sodingen: {taken_back}" and body.get_text() == f"{taken_back}."
