"""The data contract as one definition: the JSON Schema files and the field reference
(docs/fields.md) are what the models give, and every real file passes both the checker and
a standard JSON Schema validator (as an editor's YAML extension reads it)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from conftest import ROOT
from generator.cli import main
from generator.contract.schema import FIELDS_FILE, KINDS, json_schema, with_field_reference
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


def validator(kind: str) -> Draft202012Validator:
    return Draft202012Validator(json.loads((ROOT / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8")))


def content_files():
    for content in (ROOT / "content", *sorted(p for p in (ROOT / "tests" / "fixtures").iterdir() if p.is_dir())):
        for folder, kind in FOLDERS.items():
            for path in sorted((content / folder).glob("*.yml")):
                yield kind, path
        if (content / "site.yml").is_file():
            yield "site", content / "site.yml"


def test_schema_files_and_the_field_reference_are_what_the_models_give():
    for kind in KINDS:
        written = json.loads((ROOT / "schema" / f"{kind}.schema.json").read_text(encoding="utf-8"))
        assert written == json_schema(kind), f"schema/{kind}.schema.json is stale: run kim schema"
        Draft202012Validator.check_schema(written)
    fields = (ROOT / FIELDS_FILE).read_text(encoding="utf-8")
    assert all(f"<!-- fields:{kind} -->" in fields for kind in KINDS), f"{FIELDS_FILE} lacks a table's markers"
    assert with_field_reference(fields) == fields, f"{FIELDS_FILE} is stale: run kim schema"
    assert main(["schema", str(ROOT), "--check"]) == 0


def test_every_field_says_what_it_holds():
    def walk(node, where):
        if isinstance(node, dict):
            for name, field in node.get("properties", {}).items():
                assert field.get("description"), f"{where}.{name} has no description"
            for key, value in node.items():
                walk(value, f"{where}.{key}" if key != "properties" else where)
        elif isinstance(node, list):
            for item in node:
                walk(item, where)

    for kind in KINDS:
        walk(json_schema(kind), kind)


@pytest.mark.parametrize("kind, path", list(content_files()), ids=lambda x: str(x).removeprefix(str(ROOT) + "/") if isinstance(x, Path) else x)
def test_every_content_and_fixture_file_validates_against_its_schema(kind, path):
    text = path.read_text(encoding="utf-8")
    for placeholder in ("{TODAY}", "{PAST}", "{SOON}", "{FUTURE}"):
        text = text.replace(placeholder, "2026-01-01")  # dates of the contract fixture
    errors = [f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(kind).iter_errors(yaml12(text))]
    assert errors == []


@pytest.mark.parametrize("document", [FIELDS_FILE, "content/LIESMICH.md"])
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


def test_vocabularies_offer_their_words_with_german_and_english_labels():
    schema = json_schema("office")
    topics = schema["properties"]["topics"]["items"]["oneOf"]
    assert [choice["const"] for choice in topics] == list(TOPICS.ids)
    assert {"const": "housing", "description": "Wohnen / Housing"} in topics
    appointment = schema["properties"]["appointment"]["oneOf"]
    assert [choice["const"] for choice in appointment] == list(APPOINTMENT_MODES.ids)
    assert appointment[2]["description"].startswith("Kein Termin nötig / No appointment needed")
    assert [choice["const"] for choice in schema["properties"]["kind"]["oneOf"]] == list(OFFICE_KINDS.ids)
    groups = schema["$defs"]["TargetGroup"]["properties"]["groups"]["items"]["oneOf"]
    assert [choice["const"] for choice in groups] == list(TARGET_GROUPS.ids)
    roles = schema["$defs"]["Contact"]["properties"]["role"]["anyOf"][0]["oneOf"]
    assert [choice["const"] for choice in roles] == list(ROLES.ids)
