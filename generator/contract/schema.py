"""JSON Schema files and the field reference (docs/fields.md), both made from the models.

`kim schema` writes `schema/<kind>.schema.json` for each kind of file (editors'
autocompletion in VS Code and other editors with yaml-language-server) and the
field reference between the `<!-- fields:<kind> -->` markers of `docs/fields.md`.
A test fails when either is not what the models give.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from .records import CarrierFile, MunicipalityFile, OfficeFile, Settings

KINDS: dict[str, tuple[type[BaseModel], str]] = {
    "office": (OfficeFile, "content/offices/*.yml"),
    "carrier": (CarrierFile, "content/carriers/*.yml"),
    "municipality": (MunicipalityFile, "content/municipalities/*.yml"),
    "site": (Settings, "content/site.yml"),
}
SCHEMA_DIR = "schema"
FIELDS_FILE = "docs/fields.md"  # the field reference, between its markers


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one kind of file, as an editor's YAML (1.2) reads."""
    model, files = KINDS[kind]
    raw = model.model_json_schema(by_alias=True, mode="validation")
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": f"KIM {kind}", **_clean(raw)}
    return _shared_texts(schema)


def _clean(node: Any) -> Any:
    """Without what pydantic adds for Python (titles, `null` for optional fields, which a
    file never needs: leave the field out)."""
    if isinstance(node, list):
        return [_clean(item) for item in node]
    if not isinstance(node, dict):
        return node
    cleaned = {key: _clean(value) for key, value in node.items() if key != "title"}
    if cleaned.get("default", 0) in (None, []):
        del cleaned["default"]  # an empty list would be refused: leave the field out
    if "anyOf" in cleaned:
        options = [option for option in cleaned["anyOf"] if option != {"type": "null"}]
        if len(options) == 1:
            del cleaned["anyOf"]
            cleaned = {**options[0], **cleaned}
        else:
            cleaned["anyOf"] = options
    if "properties" in cleaned:
        cleaned["properties"] = {name: _clean(value) for name, value in node["properties"].items()}
    if "$defs" in cleaned:
        cleaned["$defs"] = {name: _clean(value) for name, value in node["$defs"].items()}
    if cleaned.get("type") == "object" and "description" not in cleaned and node.get("description"):
        cleaned["description"] = node["description"]
    return cleaned


def _shared_texts(schema: dict[str, Any]) -> dict[str, Any]:
    """The text schemas (one text, or one per language) once in `$defs`, not at every use."""
    from .values import MAX_LINE, MAX_TEXT, text_schema

    shared = {"Name": text_schema(MAX_LINE), "Note": text_schema(MAX_TEXT)}

    def replace(node: Any) -> Any:
        if isinstance(node, list):
            return [replace(item) for item in node]
        if not isinstance(node, dict):
            return node
        for name, text in shared.items():
            if {key: value for key, value in node.items() if key != "description"} == text:
                return {"$ref": f"#/$defs/{name}", **({"description": node["description"]} if "description" in node else {})}
        return {key: replace(value) for key, value in node.items()}

    replaced = replace(schema)
    replaced.setdefault("$defs", {}).update(shared)
    return replaced


# -- the field reference (docs/fields.md) ---------------------------------------------------------


def field_reference(kind: str) -> str:
    """A table of every field of one kind of file: name, required, what it holds."""
    schema = json_schema(kind)
    rows = ["| field | required | what it holds |", "|---|---|---|"]
    for name, required, text in _fields(schema, schema, ""):
        rows.append(f"| `{name}` | {'yes' if required else ''} | {text} |")
    return "\n".join(rows)


def _fields(schema: dict, node: dict, prefix: str, seen: dict | None = None):
    """(path, required, description) of every field; a kind of record met before (hours
    rules, addresses) is named once and then referred to."""
    seen = {} if seen is None else seen
    node = _resolve(schema, node)
    required = set(node.get("required", ()))
    for name, field in node.get("properties", {}).items():
        path = f"{prefix}{name}"
        is_list = field.get("type") == "array"
        inner_ref = (field.get("items") if is_list else field).get("$ref", "")
        field = _resolve(schema, field)
        item = _resolve(schema, field.get("items", {})) if is_list else None
        shown = path + ("[]" if is_list else "")
        inner: dict = item if item is not None else field
        text = _describe(field, item)
        if inner_ref and inner_ref in seen and inner.get("properties"):
            yield shown, name in required, f"{text} Fields as in `{seen[inner_ref]}`."
            continue
        yield shown, name in required, text
        if inner and inner.get("type") == "object" and "properties" in inner:
            if inner_ref:
                seen[inner_ref] = shown
            yield from _fields(schema, inner, f"{shown}.", seen)


def _resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        target = schema["$defs"][node["$ref"].rsplit("/", 1)[1]]
        node = {**target, **{key: value for key, value in node.items() if key != "$ref"}}
    return node


def _describe(field: dict, item: dict | None) -> str:
    text = field.get("description", "").replace("|", "\\|")
    values = (item or field).get("oneOf", [])
    if values and all("const" in value for value in values):
        text += " One of: " + ", ".join(f"`{value['const']}`" for value in values) + "."
    return text


def with_field_reference(text: str) -> str:
    """`text` (docs/fields.md) with every `<!-- fields:<kind> -->` ... `<!-- /fields -->`
    block made anew from the models; the rest as it is."""
    for kind in KINDS:
        start, end = f"<!-- fields:{kind} -->", "<!-- /fields -->"
        if start not in text:
            continue
        before, _, rest = text.partition(start)
        _, _, after = rest.partition(end)
        text = f"{before}{start}\n{field_reference(kind)}\n{end}{after}"
    return text
