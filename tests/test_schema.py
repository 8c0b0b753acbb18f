"""The data contract as one definition: the JSON Schema files and the field reference
(docs/fields.md) are what the models give, and every real file passes both the checker and
a standard JSON Schema validator (as an editor's YAML extension reads it)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft7Validator

from conftest import ROOT
from generator import i18n
from generator.cli import main
from generator.contract.schema import FIELDS_FILES, KINDS, json_schema, with_field_reference
from generator.contract.vocabulary import APPOINTMENT_MODES, OFFICE_KINDS, ROLES, TARGET_GROUPS, TOPICS

FOLDERS = {"offices": "office", "carriers": "carrier", "municipalities": "municipality"}


def yaml12(text: str):
    """YAML as yaml-language-server reads it (YAML 1.2 core schema): `16:30`, `2026-11-01`
    and `yes` are text; only true/false, numbers and null are not."""

    def value(node):
        if isinstance(node, yaml.MappingNode):
            return {key.value: value(item) for key, item in node.value}
        if isinstance(node, yaml.SequenceNode):
            return [value(item) for item in node.value]
        if node.style:  # quoted or a block scalar
            return node.value
        text = node.value
        if re.fullmatch(r"null|Null|NULL|~|", text):
            return None
        if re.fullmatch(r"true|True|TRUE|false|False|FALSE", text):
            return text.lower() == "true"
        if re.fullmatch(r"[-+]?[0-9]+", text):
            return int(text)
        if re.fullmatch(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?", text):
            return float(text)
        return text

    return value(yaml.compose(text, Loader=yaml.SafeLoader))


OVERLAYS = ("hostile",)  # fixtures built on top of the sample content (conftest.py)


def validator(kind: str, content: Path = ROOT / "content", tmp_path: Path | None = None) -> Draft7Validator:
    """The written schema for the project's content; for a fixture, the schema made with
    the carrier and municipality ids its site has."""
    if content != ROOT / "content":
        assert tmp_path is not None
        for folder in ("carriers", "municipalities"):
            (tmp_path / folder).mkdir()
            for source in (content, *([ROOT / "content"] if content.name in OVERLAYS else [])):
                for path in (source / folder).glob("*.yml"):
                    (tmp_path / folder / path.name).touch()
        return Draft7Validator(json_schema(kind, tmp_path))
    return Draft7Validator(json.loads((ROOT / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8")))


def content_files():
    for content in (ROOT / "content", *sorted(p for p in (ROOT / "tests" / "fixtures").iterdir() if p.is_dir())):
        for folder, kind in FOLDERS.items():
            for path in sorted((content / folder).glob("*.yml")):
                yield kind, path
        if (content / "site.yml").is_file():
            yield "site", content / "site.yml"


def test_schema_files_and_the_field_references_are_what_the_models_give(monkeypatch):
    monkeypatch.delenv(i18n.EDITOR_LANGUAGE_VARIABLE)  # German, as kim schema writes them
    for kind in KINDS:
        written = json.loads((ROOT / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8"))
        assert written == json_schema(kind, ROOT / "content"), f"schema/{kind}.schema.json is stale: run kim schema (without KIM_EDITOR_LANGUAGE=en: the files are German)"
        assert written["$schema"] == "http://json-schema.org/draft-07/schema#"
        Draft7Validator.check_schema(written)
        assert not {"$defs", "prefixItems", "unevaluatedProperties", "unevaluatedItems", "dependentRequired", "$anchor"} & set(words(written)), kind
    for name, language in FIELDS_FILES.items():
        fields = (ROOT / name).read_text(encoding="utf-8")
        assert all(f"<!-- fields:{kind} -->" in fields for kind in KINDS), f"{name} lacks a table's markers"
        assert with_field_reference(fields, language, ROOT / "content") == fields, f"{name} is stale: run kim schema"
    assert main(["schema", str(ROOT), "--check"]) == 0


def test_kim_schema_check_takes_the_german_files_as_up_to_date_for_an_english_speaking_editor(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv(i18n.EDITOR_LANGUAGE_VARIABLE, "en")
    assert main(["schema", str(ROOT), "--check"]) == 0
    (tmp_path / "content" / "carriers").mkdir(parents=True)
    (tmp_path / "schema").mkdir()
    (tmp_path / "schema" / "office.schema.json").write_text("{}", encoding="utf-8")
    assert main(["schema", str(tmp_path), "--check"]) == 1
    assert "office.schema.json is not what the data contract gives. Run: kim schema" in capsys.readouterr().err


def test_kim_check_warns_when_the_schema_does_not_know_a_new_carrier(monkeypatch, tmp_path):
    """An editor who added a carrier and did not run `kim schema` hears of it from `kim
    check` (in CI too), as a warning: the site is fine, her editor's suggestions are not."""
    from conftest import kim_in_process, make_project

    project = make_project(tmp_path / "project", ROOT / "content")
    shutil.copytree(ROOT / "schema", project / "schema")
    assert "schema/" not in kim_in_process("check", cwd=project).stdout
    shutil.copy(project / "content" / "carriers" / "awo.yml", project / "content" / "carriers" / "awo-hagen.yml")
    said = kim_in_process("check", cwd=project)
    assert said.returncode == 0
    assert [line for line in said.stdout.splitlines() if line.startswith("schema/")] == [
        "schema/office.schema.json:1:1: warning: file: does not know the content's carriers and towns as they are now, so your editor marks right ids as wrong and suggests old ones. Run: kim schema"
    ]
    assert kim_in_process("schema", cwd=project).returncode == 0
    assert "schema/" not in kim_in_process("check", cwd=project).stdout


def words(node):
    """Every key of a schema, at any depth."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield key
            yield from words(value)
    elif isinstance(node, list):
        for item in node:
            yield from words(item)


def test_descriptions_and_messages_are_german_by_default_and_english_on_request(monkeypatch):
    english = json_schema("office", ROOT / "content", "en")
    assert english["properties"]["reviewed"]["description"] == "The date the entry was last checked (warning after 12 months)."
    monkeypatch.delenv(i18n.EDITOR_LANGUAGE_VARIABLE)
    german = json_schema("office", ROOT / "content")
    assert german["properties"]["reviewed"]["description"] == "Das Datum, an dem der Eintrag zuletzt geprüft wurde (Warnung nach 12 Monaten)."
    assert german["definitions"]["OpeningRule"]["properties"]["open"]["patternErrorMessage"].startswith("Schreiben Sie die Uhrzeit als HH:MM")
    assert german["definitions"]["Name"]["anyOf"][1]["properties"]["ar"]["description"] == "Auf Arabisch."
    def same(german, english, where=""):
        """Descriptions and messages left in English."""
        if isinstance(german, dict):
            for key in german:
                if key in ("description", "errorMessage", "patternErrorMessage") and german[key] == english[key]:
                    yield f"{where}.{key}: {german[key]}"
                yield from same(german[key], english[key], f"{where}.{key}")
        elif isinstance(german, list):
            for i, (one, other) in enumerate(zip(german, english, strict=True)):
                yield from same(one, other, f"{where}[{i}]")

    for kind in KINDS:
        assert list(same(json_schema(kind, ROOT / "content", "de"), json_schema(kind, ROOT / "content", "en"))) == [], kind


@pytest.mark.parametrize("kind, path", list(content_files()), ids=lambda x: str(x).removeprefix(str(ROOT) + "/") if isinstance(x, Path) else x)
def test_every_content_and_fixture_file_validates_against_its_schema(kind, path, tmp_path):
    text = path.read_text(encoding="utf-8")
    for placeholder in ("{TODAY}", "{PAST}", "{SOON}", "{FUTURE}"):
        text = text.replace(placeholder, "2026-01-01")  # dates of the contract fixture
    errors = [f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(kind, path.parent.parent if kind != "site" else path.parent, tmp_path).iter_errors(yaml12(text))]
    assert errors == []


@pytest.mark.parametrize("document", [*FIELDS_FILES, "content/LIESMICH.md"])
def test_the_example_office_of_the_field_reference_and_the_editors_guide_validates(document):
    text = (ROOT / document).read_text(encoding="utf-8")
    offices = [block for block in re.findall(r"```yaml\n(.*?)```", text, re.S) if re.search(r"^carrier:", block, re.M) and re.search(r"^reviewed:", block, re.M)]
    assert len(offices) == 1, f"{document} should hold one example office"
    assert "contacts:" in offices[0]
    assert [e.message for e in validator("office").iter_errors(yaml12(offices[0]))] == []


def test_the_schema_underlines_what_kim_check_refuses():
    office = yaml12((ROOT / "content" / "offices" / "herne-wanne-planb.yml").read_text(encoding="utf-8"))
    for field, wrong in (("appointment", "walkin"), ("topics", ["work", "hausing"]), ("kind", "coordinaton"), ("nme", "x")):
        bad = {**office, field: wrong}
        assert list(validator("office").iter_errors(bad)), (field, wrong)
    bad_contact = {**office, "contacts": [{"name": "X", "publish": "vielleicht"}]}
    assert list(validator("office").iter_errors(bad_contact))


# The mistakes of issue 26 that a schema can say (closing before opening it cannot: only
# kim check compares two fields), each with the field's own message.
MISTAKES = {
    "a language's name": ("languages", ["de", "Arabisch"], "patternErrorMessage"),
    "a malformed e-mail address": ("email", "info@beispiel", "patternErrorMessage"),
    "an e-mail address with a space": ("email", "info @beispiel.de", "patternErrorMessage"),
    "an unknown carrier": ("carrier", "kreis-mettman", "errorMessage"),
    "an unknown carrier in a list": ("carrier", ["awo", "caritas-mettmann"], "errorMessage"),
    "an unknown municipality": ("municipality", "mettmann", "errorMessage"),
    "text in a phone number": ("phone", "0231 Zentrale", "patternErrorMessage"),
    "a phone number without area code": ("phone", "99-2345", "patternErrorMessage"),
    "24:00": ("opening_hours", [{"days": ["mo"], "open": "08:00", "close": "24:00"}], "patternErrorMessage"),
    "a minute 60": ("opening_hours", [{"days": ["mo"], "open": "08:60", "close": "12:00"}], "patternErrorMessage"),
    "a month 13": ("reviewed", "2026-13-01", "patternErrorMessage"),
    "a German day name": ("opening_hours", [{"days": ["Montag"], "open": "08:00", "close": "12:00"}], "errorMessage"),
    "a decimal comma": ("location", {"lat": "51,2509", "lon": 7.1}, "errorMessage"),
}


@pytest.mark.parametrize("mistake", MISTAKES)
def test_the_schema_refuses_the_mistakes_editors_made_with_the_fields_message(mistake):
    field, wrong, message = MISTAKES[mistake]
    office = yaml12((ROOT / "content" / "offices" / "herne-wanne-planb.yml").read_text(encoding="utf-8"))
    errors = list(validator("office").iter_errors({**office, field: wrong}))
    assert errors, mistake
    assert any(message in error.schema for error in errors for error in [error, *error.context]), [e.message for e in errors]


def test_vocabularies_offer_their_words_with_german_and_english_labels():
    schema = json_schema("office")
    topics = schema["properties"]["topics"]["items"]
    assert topics["enum"] == list(TOPICS.ids)
    assert topics["enumDescriptions"][TOPICS.ids.index("housing")] == "Wohnen / Housing"
    appointment = schema["properties"]["appointment"]
    assert appointment["enum"] == list(APPOINTMENT_MODES.ids)
    assert appointment["enumDescriptions"][2] == "Kein Termin nötig / No appointment needed. " + i18n.editor("Come by during opening hours.")
    assert schema["properties"]["kind"]["enum"] == list(OFFICE_KINDS.ids)
    assert schema["definitions"]["TargetGroup"]["properties"]["groups"]["items"]["enum"] == list(TARGET_GROUPS.ids)
    assert schema["definitions"]["Contact"]["properties"]["role"]["anyOf"][0]["enum"] == list(ROLES.ids)


def test_every_explanation_of_a_word_is_german_in_the_german_schema(monkeypatch):
    """The hover of a vocabulary's word explains it in the editor's language (a licence's
    explanation is the address of its text)."""
    from generator.contract import vocabulary

    monkeypatch.delenv(i18n.EDITOR_LANGUAGE_VARIABLE, raising=False)
    explained = [term for v in vars(vocabulary).values() if isinstance(v, vocabulary.Vocabulary) for term in v.terms if term.description]
    assert len(explained) >= 8
    text = json.dumps([json_schema(kind) for kind in KINDS], ensure_ascii=False)
    for term in explained:
        german = term.description if term.description.startswith("https://") else i18n.editor(term.description)
        assert german in text, term.id
        assert term.description.startswith("https://") or (german != term.description and term.description not in text), term.id


def test_carrier_and_municipality_ids_are_those_of_the_content():
    schema = json_schema("office", ROOT / "content")
    carriers = sorted(path.stem for path in (ROOT / "content" / "carriers").glob("*.yml"))
    municipalities = sorted(path.stem for path in (ROOT / "content" / "municipalities").glob("*.yml"))
    assert schema["properties"]["carrier"]["anyOf"][0]["enum"] == carriers
    assert schema["properties"]["carrier"]["anyOf"][1]["items"]["enum"] == carriers
    assert schema["properties"]["municipality"]["enum"] == municipalities
    assert schema["definitions"]["Responsibility"]["properties"]["municipalities"]["items"]["enum"] == municipalities
    assert json_schema("municipality", ROOT / "content")["properties"]["part_of"]["enum"] == municipalities
