"""JSON Schema files and the field reference (docs/fields.md), both made from the models.

`kim schema` writes `schema/<kind>.schema.json` for each kind of file (editors'
completion and underlined mistakes in VS Code and other editors with
yaml-language-server) and the field reference between the `<!-- fields:<kind> -->`
markers of `docs/fields.md` (German) and `docs/fields.en.md` (English).
A test fails when either is not what the models give.

The schema is draft-07: the draft every version of yaml-language-server (the engine of
VS Code's YAML extension) validates fully; 2019-09 and 2020-12 only from its version
1.20. Its descriptions and messages (`description`, `errorMessage`,
`patternErrorMessage`, which yaml-language-server shows on hover and as the
diagnostic) are the contract's English texts translated through the `editor` catalog:
German unless the editor asks for English (KIM_EDITOR_LANGUAGE=en). The carrier and
municipality ids are those of the content's own files. What a schema cannot say
(closing after opening, a file under content/files/ that exists) only `kim check` says.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .. import i18n
from .records import CarrierFile, MunicipalityFile, OfficeFile, Settings
from .values import EXPLANATIONS, MAX_BRIEF, MAX_ITEM, MAX_LINE, MAX_TEXT, text_schema

KINDS: dict[str, tuple[type[BaseModel], str]] = {
    "office": (OfficeFile, "content/offices/*.yml"),
    "carrier": (CarrierFile, "content/carriers/*.yml"),
    "municipality": (MunicipalityFile, "content/municipalities/*.yml"),
    "site": (Settings, "content/site.yml"),
}
# The heading of every hover in the editor.
TITLES = {
    "office": i18n.editor_later("KIM office"),
    "carrier": i18n.editor_later("KIM carrier"),
    "municipality": i18n.editor_later("KIM municipality"),
    "site": i18n.editor_later("KIM site settings"),
}
SCHEMA_DIR = "schema"
FIELDS_FILE = "docs/fields.md"  # the field reference, between its markers
FIELDS_FILES = {FIELDS_FILE: "de", "docs/fields.en.md": "en"}
DRAFT = "http://json-schema.org/draft-07/schema#"
MESSAGES = ("description", "errorMessage", "patternErrorMessage")


def schema_files(project: Path, language: str | None = None) -> dict[Path, str]:
    """What `kim schema` writes: each schema file (in the editor's language, or
    `language`) and each field reference, as the models and the content (its carrier and
    municipality ids) give them."""
    content = project / "content"
    files = {project / SCHEMA_DIR / f"{kind}.schema.json": json.dumps(json_schema(kind, content, language), ensure_ascii=False, indent=2) + "\n" for kind in KINDS}
    for name, language in FIELDS_FILES.items():
        if (project / name).is_file():
            files[project / name] = with_field_reference((project / name).read_text(encoding="utf-8"), language, content)
    return files


def stale_files(project: Path, only_schemas: bool = False) -> list[Path]:
    """The files `kim schema` would change. Written in either editor language is up to
    date: the language they were written in is not a change."""
    wanted = {path: text for path, text in schema_files(project).items() if not only_schemas or path.parent.name == SCHEMA_DIR}
    stale = [path for path, text in wanted.items() if not path.is_file() or path.read_text(encoding="utf-8") != text]
    for language in i18n.EDITOR_LANGUAGES:
        if stale and language != i18n.editor_language():
            others = schema_files(project, language)
            stale = [path for path in stale if not path.is_file() or path.read_text(encoding="utf-8") != others[path]]
    return stale


def content_ids(content: Path, folder: str) -> list[str]:
    """The ids of the content's own files in one folder: content/carriers/awo.yml is awo."""
    return sorted(path.stem for path in (content / folder).glob("*.yml"))


def json_schema(kind: str, content: Path = Path("content"), language: str | None = None) -> dict[str, Any]:
    """The JSON Schema (draft-07) of one kind of file, as an editor's YAML (1.2) reads it,
    in the editor's language (or `language`)."""
    language = language or i18n.editor_language()
    model, files = KINDS[kind]
    raw = model.model_json_schema(by_alias=True, mode="validation", ref_template="#/definitions/{model}")
    raw["definitions"] = raw.pop("$defs", {})
    cleaned = _clean(raw)
    cleaned.pop("description", None)  # the model's docstring, for programmers
    gettext = i18n.translations(language, i18n.EDITOR_DOMAIN).gettext
    schema = {"$schema": DRAFT, "title": gettext(TITLES[kind]), **cleaned}
    schema = _in_language(_shared_texts(schema, language), gettext)
    return _with_ids(schema, content, gettext)


def _clean(node: Any) -> Any:
    """Without what pydantic adds for Python (titles, `null` for optional fields, which a
    file never needs: leave the field out; the models' docstrings, written for programmers)."""
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
    if "definitions" in cleaned:
        cleaned["definitions"] = {name: {k: v for k, v in _clean(value).items() if k != "description"} for name, value in node["definitions"].items()}
    return cleaned


def _shape(node: Any) -> Any:
    """A schema without its descriptions: what it allows."""
    if isinstance(node, list):
        return [_shape(item) for item in node]
    if not isinstance(node, dict):
        return node
    return {key: _shape(value) for key, value in node.items() if key != "description"}


def _shared_texts(schema: dict[str, Any], language: str) -> dict[str, Any]:
    """The text schemas (one text, or one per language) once in `definitions`, not at every use."""
    shared = {"Name": text_schema(MAX_LINE), "Note": text_schema(MAX_TEXT), "Item": text_schema(MAX_ITEM), "Brief": text_schema(MAX_BRIEF)}
    in_language = i18n.translations(language, i18n.EDITOR_DOMAIN).gettext(i18n.editor_later("In %(language)s."))
    for text in shared.values():
        for code, one in text["anyOf"][1]["properties"].items():
            one["description"] = in_language % {"language": i18n.language_name(code, language)}

    used: set[str] = set()

    def replace(node: Any) -> Any:
        if isinstance(node, list):
            return [replace(item) for item in node]
        if not isinstance(node, dict):
            return node
        for name, text in shared.items():
            if _shape(node) == _shape(text):
                used.add(name)
                return {"$ref": f"#/definitions/{name}", **({"description": node["description"]} if "description" in node else {})}
        return {key: replace(value) for key, value in node.items()}

    replaced = replace(schema)
    replaced.setdefault("definitions", {}).update({name: text for name, text in shared.items() if name in used})
    return replaced


def _in_language(node: Any, gettext: Callable[[str], str]) -> Any:
    """Every description and message in the editor's language; a choice of ids says
    which ids there are where a value is not one of them."""
    if isinstance(node, list):
        return [_in_language(item, gettext) for item in node]
    if not isinstance(node, dict):
        return node
    translated = {key: gettext(value) if key in MESSAGES and isinstance(value, str) else _in_language(value, gettext) for key, value in node.items() if key != EXPLANATIONS}
    if EXPLANATIONS in node:  # an explanation for editors, or the address of a licence's text
        said = [text if text.startswith("https://") else gettext(text) if text else "" for text in node[EXPLANATIONS]]
        translated["enumDescriptions"] = [f"{label}. {text}" if text else label for label, text in zip(translated["enumDescriptions"], said, strict=True)]
    if "enum" in translated and translated.get("type") == "string" and "errorMessage" not in translated and all(isinstance(value, str) for value in translated["enum"]):
        translated["errorMessage"] = gettext(i18n.editor_later("Unknown value. Use one of: %(choices)s.")) % {"choices": ", ".join(translated["enum"])}
    return translated


def _with_ids(schema: dict[str, Any], content: Path, gettext: Callable[[str], str]) -> dict[str, Any]:
    """The carrier and municipality ids an office or a town may name: those of the
    content's own files (none written yet: any id)."""
    carriers, municipalities = content_ids(content, "carriers"), content_ids(content, "municipalities")

    def one_of(ids: list[str], folder: str) -> dict[str, Any]:
        message = gettext(i18n.editor_later("Unknown id: there is no file content/%(folder)s/<id>.yml for it. Use one of: %(choices)s."))
        return {"type": "string", "enum": ids, "errorMessage": message % {"folder": folder, "choices": ", ".join(ids)}}

    def restrict(node: dict, ids: list[str], folder: str) -> None:
        if not ids:
            return
        if node.get("type") == "array":
            node["items"] = one_of(ids, folder)
        elif "anyOf" in node:  # carrier: awo, or a list
            node["anyOf"] = [one_of(ids, folder), {**node["anyOf"][1], "items": one_of(ids, folder)}]
        else:
            node.update(one_of(ids, folder))
            node.pop("pattern", None)
            node.pop("patternErrorMessage", None)

    properties = schema["properties"]
    if "carrier" in properties:
        restrict(properties["carrier"], carriers, "carriers")
        restrict(properties["municipality"], municipalities, "municipalities")
        restrict(schema["definitions"]["Responsibility"]["properties"]["municipalities"], municipalities, "municipalities")
    if "part_of" in properties:
        restrict(properties["part_of"], municipalities, "municipalities")
    return schema


# -- the field reference (docs/fields.md, docs/fields.en.md) ----------------------------------------


def field_reference(kind: str, language: str | None = None, content: Path = Path("content")) -> str:
    """A table of every field of one kind of file: name, required, what it holds."""
    language = language or i18n.editor_language()
    gettext = i18n.translations(language, i18n.EDITOR_DOMAIN).gettext
    schema = json_schema(kind, content, language)
    field, needed, holds, yes = (gettext(word) for word in (i18n.editor_later("field"), i18n.editor_later("required"), i18n.editor_later("what it holds"), i18n.editor_later("yes")))
    rows = [f"| {field} | {needed} | {holds} |", "|---|---|---|"]
    for name, required, text in _fields(schema, schema, "", gettext):
        rows.append(f"| `{name}` | {yes if required else ''} | {text} |")
    return "\n".join(rows)


def _fields(schema: dict, node: dict, prefix: str, gettext: Callable[[str], str], seen: dict | None = None):
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
        text = _describe(field, item, gettext)
        if inner_ref and inner_ref in seen and inner.get("properties"):
            yield shown, name in required, text + " " + gettext(i18n.editor_later("Fields as in `%(field)s`.")) % {"field": seen[inner_ref]}
            continue
        yield shown, name in required, text
        if inner and inner.get("type") == "object" and "properties" in inner:
            if inner_ref:
                seen[inner_ref] = shown
            yield from _fields(schema, inner, f"{shown}.", gettext, seen)


def _resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        target = schema["definitions"][node["$ref"].rsplit("/", 1)[1]]
        node = {**target, **{key: value for key, value in node.items() if key != "$ref"}}
    return node


def _describe(field: dict, item: dict | None, gettext: Callable[[str], str]) -> str:
    text = field.get("description", "").replace("|", "\\|").replace("<", "&lt;")
    values = (item or field).get("enum", [])
    if values and "enumDescriptions" in (item or field):
        text += " " + gettext(i18n.editor_later("One of: %(values)s.")) % {"values": ", ".join(f"`{value}`" for value in values)}
    return text


def with_field_reference(text: str, language: str | None = None, content: Path = Path("content")) -> str:
    """`text` (docs/fields.md) with every `<!-- fields:<kind> -->` ... `<!-- /fields -->`
    block made anew from the models; the rest as it is."""
    for kind in KINDS:
        start, end = f"<!-- fields:{kind} -->", "<!-- /fields -->"
        if start not in text:
            continue
        before, _, rest = text.partition(start)
        _, _, after = rest.partition(end)
        text = f"{before}{start}\n{field_reference(kind, language, content)}\n{end}{after}"
    return text
