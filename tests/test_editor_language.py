"""What editors read from the tool speaks German unless they ask for English (`kim --lang
en`, KIM_EDITOR_LANGUAGE=en): the checker's messages, kim's summary lines and help.
Every message is translated in generator/i18n/locales/de/LC_MESSAGES/editor.po.

The other tests read the English message ids (conftest.py sets KIM_EDITOR_LANGUAGE=en);
these unset it, as an editor's shell has it."""

from __future__ import annotations

import contextlib
import io
import re

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from test_check import CASES, GOOD, position, write_case

from conftest import ROOT, kim_in_process, make_project
from generator import i18n
from generator.cli import main
from generator.reading.load import check

EDITOR_PO = ROOT / "generator" / "i18n" / "locales" / "de" / "LC_MESSAGES" / "editor.po"

# The German of each mistake of tests/test_check.py's CASES, exactly, after `file:line:column: field: `.
GERMAN = {
    'unknown-field': "unbekanntes Feld. Meinten Sie 'phone'? Hier erlaubt: name, carrier, municipality, kind, district, address, location, phone, phones, email, website, opening_hours, phone_hours, appointment, outreach, target_group, accepting_new_clients, capacity_note, valid_from, valid_until, closures, consultations, languages, interpreters, topics, responsible_for, documents, accessibility, notes, first_meeting, bring, source, sources, reviewed, contacts.",
    'missing-field': "fehlt. Ergänzen Sie hier 'reviewed:'.",
    'unknown-carrier': "unbekannte ID 'plan-b': Es gibt keine Datei content/carriers/plan-b.yml. Meinten Sie 'planb'?",
    'unknown-municipality': "unbekannte ID 'hern': Es gibt keine Datei content/municipalities/hern.yml. Meinten Sie 'herne'?",
    'unknown-topic': "unbekannter Wert 'hausing'. Meinten Sie 'housing'? Verwenden Sie einen von: orientation, kita-school, language, education, work, recognition, housing, health, care, family, residence, finances, leisure, naturalisation, documents, authorities, debt, social-benefits, disability.",
    'language-name': "unbekannter Sprachcode 'arabic'. Meinten Sie 'ar'? Verwenden Sie Codes nach ISO 639 / BCP 47 wie de, en, ar, tr, uk, ckb, gsg.",
    'language-german-name': "unbekannter Sprachcode 'Türkisch'. Meinten Sie 'tr'? Verwenden Sie Codes nach ISO 639 / BCP 47 wie de, en, ar, tr, uk, ckb, gsg.",
    'language-dari': "unbekannter Sprachcode 'Dari'. Meinten Sie 'prs'? Verwenden Sie Codes nach ISO 639 / BCP 47 wie de, en, ar, tr, uk, ckb, gsg.",
    'language-region-underscore': "unbekannter Sprachcode 'fa_AF'. Meinten Sie 'fa-AF'? Verwenden Sie Codes nach ISO 639 / BCP 47 wie de, en, ar, tr, uk, ckb, gsg.",
    'language-farsi': "unbekannter Sprachcode 'Farsi'. Meinten Sie 'fa'? Verwenden Sie Codes nach ISO 639 / BCP 47 wie de, en, ar, tr, uk, ckb, gsg.",
    'time-format': "'8.00' ist keine Uhrzeit. Schreiben Sie sie als HH:MM, z. B. 08:00 oder 16:30.",
    'close-before-open': 'die Schließzeit 07:30 liegt nicht nach der Öffnungszeit 08:00. Prüfen Sie beide Uhrzeiten.',
    'unknown-day': "unbekannter Wert 'tue'. Meinten Sie 'tu'? Verwenden Sie einen von: mo, tu, we, th, fr, sa, su.",
    'email': "'info(at)example.org' ist keine E-Mail-Adresse. Schreiben Sie sie wie name@example.org.",
    'phone': '\'0232\' ist keine gültige deutsche oder internationale Telefonnummer. Schreiben Sie sie mit Vorwahl, z. B. "02325 6999194" oder "+49 2325 6999194".',
    'swapped-location': 'lat 7.1583, lon 51.5356 liegt außerhalb Deutschlands. lat und lon scheinen vertauscht: In Deutschland liegt lat etwa bei 47-55 und lon etwa bei 6-15.',
    'location-abroad': 'lat 40.71, lon -74.0 liegt außerhalb Deutschlands. Prüfen Sie die Zahlen: In Deutschland liegt lat etwa bei 47-55 und lon etwa bei 6-15.',
    'missing-publish': "fehlt. Ergänzen Sie 'publish: true' erst, wenn die Person zugestimmt hat, genannt zu werden, sonst 'publish: false'.",
    'publish-not-boolean': "'vielleicht' ist weder true noch false. Schreiben Sie true (ja) oder false (nein).",
    'invalid-date': "'2026-13-01' ist kein gültiges Datum. Schreiben Sie es als JJJJ-MM-TT, z. B. 2026-12-23.",
    'closure-order': "2026-12-01 liegt vor 2026-12-23. 'to' ist der letzte geschlossene Tag.",
    'yaml-syntax': "YAML-Syntaxfehler: an dieser Stelle ist kein 'feld: wert' erlaubt. Ein Wert, der ': ' enthält, muss in Anführungszeichen stehen.",
    'unclosed-quote': 'hier beginnt ein Anführungszeichen, das nie geschlossen wird. Schließen Sie es am Ende des Werts.',
    'unclosed-list': 'die Liste in [ ], die hier beginnt, ist nicht geschlossen. Beenden Sie sie in derselben Zeile mit ].',
    'unclosed-group': 'die Gruppe in { }, die hier beginnt, ist nicht geschlossen. Beenden Sie sie in derselben Zeile mit }.',
    'tab-indent': 'YAML-Syntaxfehler: Zeichen gefunden, mit dem kein YAML-Element beginnen darf. Rücken Sie mit Leerzeichen ein, nicht mit Tabulatoren.',
    'appointment': "unbekannter Wert 'maybe'. Verwenden Sie einen von: required, recommended, walk-in, referral.",
    'postcode': '\'4464\' ist keine deutsche Postleitzahl. Schreiben Sie fünf Ziffern in Anführungszeichen, z. B. "44649".',
    'contact-field': "unbekanntes Feld. Meinten Sie 'email'? Hier erlaubt: name, role, title, phone, phones, email, languages, place, hours, since, until, publish, open_data.",
    'duplicate-field': 'steht zweimal da. Behalten Sie eines davon.',
    'website': "'www.example.org' ist keine Web-Adresse. Schreiben Sie sie vollständig, beginnend mit https:// (oder http://).",
    'empty-name': 'ist leer. Dieses Feld ist Pflicht: Schreiben Sie einen Wert.',
    'empty-file': 'die Datei ist leer. Füllen Sie die Felder aus (siehe docs/fields.md), oder löschen Sie die Datei.',
    'not-utf8': 'die Datei ist kein UTF-8-Text (Byte 0xfc). Speichern Sie sie in Ihrem Editor als UTF-8.',
    'file-name': "der Dateiname 'Bad Name' wird in Web-Adressen verwendet: Verwenden Sie nur Kleinbuchstaben a-z, Ziffern und Bindestriche, z. B. 'herne-wanne.yml'.",
    'wrong-extension': "Datei wird nicht gelesen: Hier werden nur '.yml'-Dateien gelesen. Benennen Sie sie in 'bad.yml' um, oder verschieben Sie sie.",
    'yaml-beside-yml': "Datei wird nicht gelesen: Hier werden nur '.yml'-Dateien gelesen, und 'dormagen.yml' gibt es auch. Behalten Sie eine der beiden: Verschieben oder löschen Sie diese.",
    'indented-field': "YAML-Syntaxfehler: an dieser Stelle ist kein 'feld: wert' erlaubt. 'carrier:' beginnt 1 Leerzeichen weiter rechts als die Zeile darüber. Lassen Sie es in derselben Spalte beginnen.",
    'decimal-comma': "'51,5356' hat ein Dezimalkomma. Schreiben Sie Zahlen mit Punkt: lat: 51.5356",
    'phone-without-area-code': '\'99-2345\' hat keine Vorwahl. Schreiben Sie die ganze Nummer: eine deutsche beginnt mit 0 und der Vorwahl, z. B. "02325 6999194", eine ausländische mit + und der Ländervorwahl.',
    'office-kind': "unbekannter Wert 'coordinaton'. Meinten Sie 'coordination'? Verwenden Sie einen von: counselling, coordination, authority-desk.",
    'target-group': "unbekannter Wert 'ukrainians'. Meinten Sie 'ukraine'? Verwenden Sie einen von: eu-citizens, refugees, ukraine, duldung-gestattung, young-adults, women, families, single-parents, disability, lgbtiq, skilled-workers.",
    'age-order': '18 ist kleiner als min_age 27. Beide Alter zählen mit: 18 bis 27 ist min_age: 18, max_age: 27.',
    'age-number': "'achtzehn' ist keine ganze Zahl von 0 bis 120.",
    'phone-hours': "'8 Uhr' ist keine Uhrzeit. Schreiben Sie sie als HH:MM, z. B. 08:00 oder 16:30.",
    'rule-dates': '2027-01-31 liegt vor valid_from 2027-02-01. valid_until ist der letzte Tag, an dem die Zeiten gelten.',
    'office-dates': '2027-02-01 liegt vor valid_from 2027-03-01. valid_until ist der letzte Tag, an dem die Beratungsstelle gezeigt wird.',
    'consultation-address': "fehlt. Ergänzen Sie hier 'address:'.",
    'consultation-location': 'lat 6.26, lon 50.81 liegt außerhalb Deutschlands. lat und lon scheinen vertauscht: In Deutschland liegt lat etwa bei 47-55 und lon etwa bei 6-15.',
    'carrier-list': "unbekannte ID 'caritass': Es gibt keine Datei content/carriers/caritass.yml.",
    'responsible-municipality': "unbekannte ID 'hagn': Es gibt keine Datei content/municipalities/hagn.yml. Meinten Sie 'hagen'?",
    'phone-kind': "unbekannter Wert 'cell'. Meinten Sie 'mobile'? Verwenden Sie einen von: landline, mobile, fax.",
    'phone-and-phones': "und 'phone' sind beide angegeben. Behalten Sie eines: 'phone' für eine Nummer, 'phones' für mehrere mit ihrer Art.",
    'contact-until': "2026-04-30 liegt vor since 2026-05-01. 'until' ist der letzte Tag, an dem die Person genannt wird.",
    'document-missing': 'es gibt keine Datei content/files/flyer-ar.pdf. Legen Sie die Datei dort ab, oder korrigieren Sie den Namen (Groß- und Kleinschreibung zählen).',
    'document-outside': "'../mkdocs.yml' muss eine Datei unter content/files/ sein, geschrieben als files/..., z. B. files/flyer-de.pdf.",
    'accepting': "'bald' ist weder true noch false. Schreiben Sie true (ja) oder false (nein).",
    'source-url': "'zeitung.example' ist keine Web-Adresse. Schreiben Sie sie vollständig, beginnend mit https:// (oder http://).",
    'address-extra': 'unbekanntes Feld. Hier erlaubt: street, postcode, city, extra, directions.',
    'municipality-kind': "unbekannter Wert 'landkreis'. Meinten Sie 'kreis'? Verwenden Sie einen von: city, kreis, region.",
    'municipality-part-of': "unbekannte ID 'kreis-nirgendwo': Es gibt keine Datei content/municipalities/kreis-nirgendwo.yml.",
    'carrier-file': "unbekanntes Feld. Meinten Sie 'website'? Hier erlaubt: name, website, phone, phones, email, source, sources.",
}


@pytest.fixture
def german(monkeypatch):
    """The editors' default: no language chosen."""
    monkeypatch.delenv(i18n.EDITOR_LANGUAGE_VARIABLE, raising=False)


@pytest.fixture(scope="module")
def sample_project(tmp_path_factory):
    return make_project(tmp_path_factory.mktemp("german") / "project", ROOT / "content")


def test_every_case_has_its_german():
    assert sorted(GERMAN) == sorted(case[0] for case in CASES)


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_mistake_in_german(sample_project, german, case):
    name, file, old, new, where, field, _ = case
    content = sample_project / "content"
    path, text = write_case(content, file, old, new)
    try:
        line, column = position(text, where)
        label = {"file": "Datei", "page": "Seite", "front matter": "Kopfbereich"}.get(field, field)
        expected = f"content/{file}:{line}:{column}: {label}: "
        problems, _ = check(content, sample_project)
        lines = [str(p) for p in problems if str(p).startswith(expected)]
        assert lines, "\n".join(map(str, problems))
        assert lines[0] == expected + GERMAN[name]
    finally:
        path.unlink()


def test_kim_check_speaks_german_and_english_on_request(tmp_path, german):
    project = make_project(tmp_path, ROOT / "content")
    offices = project / "content" / "offices"
    (offices / "good.yml").write_text(GOOD, encoding="utf-8")
    warnings = len(check(project / "content", project)[1])
    count = len(list(offices.glob("*.yml")))

    said = kim_in_process("check", cwd=project)
    assert said.returncode == 0
    assert said.stderr == f"OK: {count} Beratungsstellen geprüft, keine Fehler, {warnings} Warnungen.\n"
    assert ": Warnung: " in said.stdout and ": warning: " not in said.stdout
    said = kim_in_process("--lang", "en", "check", cwd=project)
    assert said.stderr == f"OK: {count} offices checked, no problems, {warnings} warnings.\n"
    assert ": warning: " in said.stdout and ": Warnung: " not in said.stdout
    assert i18n.editor_language() == "de"  # --lang held for that run only

    (offices / "good.yml").write_text(GOOD.replace("phone:", "phnoe:"), encoding="utf-8")
    said = kim_in_process("check", cwd=project)
    assert said.returncode == 1
    assert "content/offices/good.yml:6:1: phnoe: unbekanntes Feld. Meinten Sie 'phone'? Hier erlaubt: " in said.stdout
    assert said.stderr == "1 Fehler gefunden.\n"
    (offices / "other.yml").write_text(GOOD.replace("email: info", "email: info(at)"), encoding="utf-8")
    assert kim_in_process("check", cwd=project).stderr == "2 Fehler gefunden.\n"
    assert kim_in_process("--lang", "en", "check", cwd=project).stderr == "2 problems found.\n"
    assert kim_in_process("check", "--lang", "en", cwd=project).stderr == "2 problems found.\n"

    said = kim_in_process("stage", cwd=project)
    assert said.returncode == 1
    assert said.stderr.startswith("2 Fehler in content/, die Website wurde nicht erstellt:\ncontent/offices/good.yml:6:1: phnoe: unbekanntes Feld.")


def _help(*args: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        main([*args, "--help"])
    return out.getvalue()


def test_the_help_speaks_german_and_english_on_request(german):
    said = _help()
    assert said.startswith("Aufruf: kim [-h] [--lang {de,en}] {check,stage,export,links,review,schema} ...")
    assert "    check               content/ prüfen und jeden Fehler ausgeben\n" in said
    assert "  -h, --help            diese Hilfe zeigen und beenden\n" in said
    assert "    check               check content/ and print every problem\n" in _help("--lang", "en")
    assert "Projektordner mit content/ (Standard: aktueller Ordner)" in " ".join(_help("stage").split())


def _mistyped(*args: str) -> str:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), pytest.raises(SystemExit) as ended:
        main(list(args))
    assert ended.value.code == 2
    return err.getvalue()


@pytest.mark.parametrize(
    "args, in_german, in_english",
    [
        (["chek"], "kim: Befehl: 'chek' gibt es nicht. Möglich sind 'check', 'stage', 'export', 'links', 'review', 'schema'. Hilfe: kim -h\n", "kim: command: there is no 'chek'."),
        ([], "kim: Es fehlt: Befehl. Hilfe: kim -h\n", "kim: missing: command. See: kim -h\n"),
        (["check", "--foo"], "kim: kim kennt --foo nicht. Hilfe: kim -h\n", "kim: kim does not know --foo."),
        (["links", "--timeout", "zehn"], "kim links: --timeout: 'zehn' ist keine Zahl. Hilfe: kim links -h\n", "kim links: --timeout: 'zehn' is not a number."),
        (["links", "--timeout"], "kim links: --timeout: Dahinter fehlt der Wert. Hilfe: kim links -h\n", "kim links: --timeout: the value after it is missing."),
    ],
)
def test_a_mistyped_command_is_answered_in_german(german, args, in_german, in_english):
    """argparse's own errors, in the editor's language: one line, and where to find help."""
    assert _mistyped(*args) == in_german
    assert _mistyped("--lang", "en", *args).startswith(in_english)


def test_every_editor_message_is_translated():
    """Each message the code marks for editors is in editor.po, translated with the same placeholders."""
    with EDITOR_PO.open("rb") as f:
        catalog = read_po(f, locale="de")
    keywords = {"editor": None, "editor_later": None, "editor_plural": (1, 2)}
    in_code = {message for _file, _line, message, _comments, _context in extract_from_dir(ROOT / "generator", [("**.py", "python")], keywords=keywords)}
    in_po = {entry.id for entry in catalog if entry.id}
    assert in_code - in_po == set(), "run the extraction in docs/architecture.md and translate"
    assert in_po - in_code == set(), "messages no longer used: run the extraction in docs/architecture.md"
    for entry in catalog:
        if not entry.id:
            continue
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        assert all(strings) and not entry.fuzzy, f"untranslated: {entry.id!r}"
        assert ids[-1] not in strings, f"an English copy: {entry.id!r}"
        for string in strings:
            assert set(re.findall(r"%\(\w+\)s", string)) == set(re.findall(r"%\(\w+\)s", ids[-1])), f"other placeholders: {entry.id!r}"
