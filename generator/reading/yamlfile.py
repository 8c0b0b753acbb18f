"""Reading one YAML file field by field, with the line and column of everything.

Editors are not programmers: each problem names file, line, column and field and
says how to fix it, and reading goes on after a problem so that one run reports
every problem at once. Values are read from the text as written (not from
PyYAML's guesses), so `16:30` stays a time and `01067` stays a postcode.

Files are untrusted: before a file reaches the parser it is checked for size,
for characters that must never be published (control characters, bidi
overrides) and for nesting that would crash the parser; a problem is always one
line, whatever the file holds.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from pathlib import Path
from types import UnionType
from typing import Annotated, Any, TypeVar, Union, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .. import i18n
from ..contract.values import FORBIDDEN, character_name, did_you_mean

# libyaml's parser where PyYAML has it (about ten times faster), same nodes and marks.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

M = TypeVar("M", bound=BaseModel)

# Limits far above any real office, carrier, municipality or settings file.
MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 20  # levels of fields and lists; an office file uses at most six
MAX_NODES = 100_000  # values, fields and lists in one file
# In a message: anything that could break the one-line form.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# What a problem is about where it is about no one field: shown in the editor's language.
WHOLE = {"file": i18n.editor_later("file"), "page": i18n.editor_later("page"), "front matter": i18n.editor_later("front matter")}


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    column: int
    field: str
    message: str
    warning: bool = False  # worth fixing, but the site can be built
    due: str = ""  # an office due for a check: the day it was last checked (these last, oldest first)

    def __lt__(self, other: Problem) -> bool:
        return self._order() < other._order()

    def _order(self) -> tuple:
        return (self.due, self.file, self.line, self.column, self.field, self.message, self.warning)

    def __str__(self) -> str:
        kind = i18n.editor("warning") + ": " if self.warning else ""
        field = i18n.editor(WHOLE[self.field or "file"]) if (self.field or "file") in WHOLE else self.field
        text = f"{self.file}:{self.line}:{self.column}: {kind}{field}: {self.message}"
        # One problem, one line, whatever a value or a file name held.
        return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m[0]):04x}" if m[0] not in "\n\t" else ("\\n" if m[0] == "\n" else "\\t"), text)


class ContentError(Exception):
    """`content/` has problems; the site must not be built from it."""

    def __init__(self, problems: list[Problem], warnings: list[Problem] | None = None):
        self.problems = sorted(problems)
        self.warnings = sorted(warnings or [])
        count = len(self.problems)
        summary = i18n.editor_plural("%(count)s problem in content, the site was not built:", "%(count)s problems in content, the site was not built:", count)
        super().__init__("\n".join([summary, *map(str, self.problems)]))


class LineIndex:
    """Line and column (both from 1) of any offset in a text, without counting the
    text again for each: a file full of bad characters is checked in linear time."""

    def __init__(self, text: str):
        self.starts = [0, *(found.end() for found in re.finditer("\n", text))]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1


# Invisible characters reported one by one per file; the rest in one line.
MAX_CHARACTER_PROBLEMS = 20


def forbidden_characters(text: str, start: int = 0) -> tuple[list[tuple[int, str]], int]:
    """The first MAX_CHARACTER_PROBLEMS forbidden characters after `start` (offset,
    character), and how many there are in all."""
    found = [(m.start(), m[0]) for m in FORBIDDEN.finditer(text, start)]
    return found[:MAX_CHARACTER_PROBLEMS], len(found)


def more_characters(count: int) -> str:
    return i18n.editor(
        "holds %(count)s more invisible characters like those above, which must not be published. Retype the text, or save it again as plain UTF-8 text.",
        count=i18n.editor_number(count - MAX_CHARACTER_PROBLEMS),
    )


def parse_yaml(text: str, report, first_line: int = 1) -> Node | None:
    """The YAML node tree of `text`, or None after reporting why there is none.

    `report(line, column, field, message)` gets every problem; `first_line` is the
    line of the text's first line in its file (front matter starts on line 2)."""
    clean = text
    forbidden, count = forbidden_characters(text)
    if forbidden:
        # Parse a copy without them, so the problem can name its field.
        clean = FORBIDDEN.sub(" ", text)
    # libyaml recurses once per level of nesting: some tens of thousands crash the
    # process. Such a file goes to PyYAML's own parser, which stops cleanly.
    loader = SafeLoader if _nesting(clean) <= 200 else yaml.SafeLoader
    try:
        node = yaml.compose(clean, Loader=loader)
    except RecursionError:
        report(first_line, 1, "file", i18n.editor("the file is nested more than %(depth)s levels deep. Write fields and lists as in docs/fields.md.", depth=MAX_DEPTH))
        return None
    except yaml.MarkedYAMLError as error:
        opened = error.context_mark
        if opened and error.context == "while scanning a quoted scalar" and "end of stream" in (error.problem or ""):
            # The parser reads on to the end of the file: the mistake is where the quote opens.
            report(opened.line + first_line, opened.column + 1, "file", i18n.editor("a quotation mark opens here and is never closed. Close it at the end of the value."))
            return None
        if opened and error.context in UNCLOSED and error.problem_mark and error.problem_mark.line > opened.line:
            what, close = UNCLOSED[error.context]
            report(opened.line + first_line, opened.column + 1, "file", i18n.editor("the %(what)s that starts here is not closed. End it on the same line with %(close)s.", what=i18n.editor(what), close=close))
            return None
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line, mark.column) if mark else (0, 0)
        what = " ".join((error.problem or "invalid YAML").split()).rstrip(".")
        source_lines = clean.splitlines()
        hint = _yaml_hint(what, source_lines[: line + 1])
        report(line + first_line, column + 1, "file", i18n.editor("YAML syntax error: %(problem)s.%(hint)s", problem=i18n.editor(what), hint=hint))
        return None
    except yaml.YAMLError:
        report(first_line, 1, "file", i18n.editor("YAML syntax error. Check indentation and quotes."))
        return None
    fields = _walk(node, report, first_line) if node is not None else {}
    if fields is None:
        return None
    lines = LineIndex(text)
    field_at = _FieldAt(fields)
    for offset, char in forbidden:
        line, column = lines.position(offset)
        report(
            line - 1 + first_line,
            column,
            field_at(line - 1, column - 1),
            i18n.editor("contains the invisible character %(character)s, which must not be published. Delete it: retype the text around it.", character=character_name(char)),
        )
    if count > len(forbidden):
        report(first_line, 1, "file", more_characters(count))
    return None if forbidden else node


def _nesting(text: str) -> int:
    """At least as deep as the YAML nests: brackets, plus per line the indentation and
    the block indicators on it (`- - - x` nests three lists on one line). Quotes and
    comments are not looked at, so it may say more, never less."""
    depth = deepest = 0
    for char in text:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth = max(0, depth - 1)
    for line in text.splitlines():
        stripped = line.lstrip(" ")
        deepest = max(deepest, len(line) - len(stripped) + stripped.count("- ") + stripped.count("? ") + stripped.count(": "))
    return deepest


def _walk(root: Node, report, first_line: int) -> dict | None:
    """Field names by position, after checking depth, size, aliases and the characters
    of every value (escapes like "\\u202E" are only seen here); None if too deep or big.

    Every node is visited once without recursion, so no input can exhaust the stack."""
    names: dict[tuple[int, int], str] = {}
    seen: set[int] = set()
    stack: list[tuple[Node, str, int]] = [(root, "", 0)]
    while stack:
        node, field, depth = stack.pop()
        mark = node.start_mark
        if id(node) in seen:
            report(mark.line + first_line, mark.column + 1, field, i18n.editor("repeats another value with a YAML alias (*name). Write the value out."))
            return None
        seen.add(id(node))
        if depth > MAX_DEPTH:
            report(mark.line + first_line, mark.column + 1, field, i18n.editor("is nested more than %(depth)s levels deep. Write fields and lists as in docs/fields.md.", depth=MAX_DEPTH))
            return None
        if len(seen) > MAX_NODES:
            report(first_line, 1, "file", i18n.editor("holds more than %(count)s values. Split it, or check that it is the right file.", count=i18n.editor_number(MAX_NODES)))
            return None
        names[(mark.line, mark.column)] = field
        if isinstance(node, ScalarNode) and (found := FORBIDDEN.search(node.value)) and node.style in ('"', "'"):
            report(
                mark.line + first_line,
                mark.column + 1,
                field or "file",
                i18n.editor("contains the invisible character %(character)s, written as an escape, which must not be published. Remove it.", character=character_name(found[0])),
            )
        if isinstance(node, MappingNode):
            for key, value in node.value:
                name = _join(field, _shown_key(key.value) if isinstance(key, ScalarNode) else "?")
                stack.append((key, name, depth + 1))
                stack.append((value, name, depth + 1))
        elif isinstance(node, SequenceNode):
            stack += [(item, f"{field}[{i}]", depth + 1) for i, item in enumerate(node.value, start=1)]
    return names


class _FieldAt:
    """The field of the last value that starts before a position (line and column from 0)."""

    def __init__(self, names: dict[tuple[int, int], str]):
        self.names = names
        self.positions = sorted(names)

    def __call__(self, line: int, column: int) -> str:
        index = bisect.bisect_right(self.positions, (line, column))
        return self.names[self.positions[index - 1]] if index else "file"


class YamlFile:
    """One file being read: its problems recorded, each at the line and column of the value."""

    def __init__(self, path: Path, shown_as: str, problems: list[Problem], warnings: list[Problem] | None = None, text: str | None = None, first_line: int = 1):
        """`text`: YAML that is part of another file (a page's front matter), starting on `first_line`."""
        self.path = path
        self.source = text
        self.first_line = first_line
        self.shown_as = shown_as
        self.problems = problems
        self.warnings = warnings if warnings is not None else []
        self._data: dict | None = None
        self._read = False
        self._nodes: dict[tuple, Node] = {}
        self._keys: dict[tuple, Node] = {}

    def _position(self, node: Node | None) -> tuple[int, int]:
        return (node.start_mark.line + self.first_line, node.start_mark.column + 1) if node else (self.first_line, 1)

    def problem(self, node: Node | None, field: str, message: str) -> None:
        self.problems.append(Problem(self.shown_as, *self._position(node), field, message))

    def warn(self, node: Node | None, field: str, message: str, due: str = "") -> None:
        self.warnings.append(Problem(self.shown_as, *self._position(node), field, message, warning=True, due=due))

    def warn_missing(self, field: str, message: str) -> None:
        """A warning about a field that is not there (`publisher.email`), at the line
        where it belongs: its parent's, else the line of a comment that shows it
        (`# publisher:`), else the end of the file."""
        parts = tuple(field.split("."))
        for depth in range(len(parts) - 1, 0, -1):
            if (node := self._keys.get(parts[:depth])) is not None:
                self.warn(node, field, message)
                return
        lines = (self.source or "").splitlines()
        shown = re.compile(rf"#\s*{re.escape(parts[0])}\s*:")
        line = next((i for i, text in enumerate(lines, 1) if shown.match(text.strip())), len(lines) or 1)
        self.warnings.append(Problem(self.shown_as, line - 1 + self.first_line, 1, field, message, warning=True))

    def file_problem(self, line: int, column: int, message: str) -> None:
        self.problems.append(Problem(self.shown_as, line, column, "file", message))

    def root(self) -> MappingNode | None:
        """The file's top-level mapping, or None after recording why there is none."""
        text = self.source if self.source is not None else self._read_text()
        if text is None:
            return None
        self.source = text
        before = len(self.problems)
        node = parse_yaml(text, lambda line, column, field, message: self.problems.append(Problem(self.shown_as, line, column, field, message)), self.first_line)
        if node is None:
            if len(self.problems) == before:
                self.file_problem(1, 1, i18n.editor("the file is empty. Fill in the fields (see docs/fields.md) or delete the file."))
            return None
        if not isinstance(node, MappingNode):
            self.problem(node, "file", i18n.editor("expected 'field: value' lines at the top level of the file."))
            return None
        return node

    # -- from YAML to a checked record ---------------------------------------------------

    def _read_text(self) -> str | None:
        size = self.path.stat().st_size
        if size > MAX_FILE_BYTES:
            self.file_problem(1, 1, i18n.editor("the file has %(size)s bytes; an office file has a few thousand. Check that it is the right file, or split it.", size=i18n.editor_number(size)))
            return None
        raw = self.path.read_bytes()
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as error:
            before = raw[: error.start]
            line = before.count(b"\n") + 1
            column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", errors="replace")) + 1
            self.file_problem(line, column, i18n.editor("the file is not UTF-8 text (byte %(byte)s). Save it as UTF-8 in your editor.", byte=hex(raw[error.start])))
            return None

    def read(self, model: type[M], context: dict | None = None) -> M | None:
        """The file checked against its model; None after recording every problem."""
        data = self.data()
        if data is None:
            return None
        try:
            return model.model_validate(self._data, context=context)
        except ValidationError as error:
            found = error.errors(include_url=False)
            # A list whose items are all wrong counts as empty too: its items say why.
            inside = {tuple(e["loc"][:i]) for e in found for i in range(len(e["loc"])) if isinstance(e["loc"][i], int)}
            for each in found:
                if each["type"] != "too_short" or tuple(each["loc"]) not in inside:
                    self._report(model, each)
            return None

    def data(self) -> dict | None:
        """The file's values as written (text, lists, fields), with the node of each."""
        if self._data is None and not self._read:
            self._read = True
            root = self.root()
            if root is not None:
                self._data = self._plain(root, ())
        return self._data

    def node(self, path: tuple) -> Node | None:
        """The node of a value (`("contacts", 0, "name")`), or of its nearest parent."""
        while path and path not in self._nodes:
            path = path[:-1]
        return self._nodes.get(path)

    def _plain(self, node: Node, path: tuple) -> Any:
        """Values as written: text stays text (`16:30`, `01067`); the parser's guesses
        (times as numbers, `no` as false) are not used."""
        self._nodes[path] = node
        if isinstance(node, MappingNode):
            values: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, ScalarNode):
                    self.problem(key_node, field_name(path) or "file", i18n.editor("a field name must be a plain word, like 'name:'."))
                    continue
                key = key_node.value
                if key in values:
                    self.problem(key_node, field_name((*path, key)), i18n.editor("appears twice. Keep one of them."))
                    continue
                self._keys[(*path, key)] = key_node
                values[key] = self._plain(value_node, (*path, key))
            return values
        if isinstance(node, SequenceNode):
            return [self._plain(item, (*path, i)) for i, item in enumerate(node.value)]
        return None if node.tag.endswith(":null") else node.value

    def _decimal_comma(self, path: tuple) -> tuple[tuple, str] | None:
        """`{lat: 51,2509, lon: 7.2}` reads as lat 51 and a field '2509': the field
        before and the message for a decimal comma, or None."""
        parent: Any = self.data()
        for step in path[:-1]:
            parent = parent[step] if isinstance(parent, (dict, list)) else None
        if not isinstance(parent, dict) or not re.fullmatch(r"[0-9]+", str(path[-1])):
            return None
        keys = list(parent)
        before = keys[keys.index(path[-1]) - 1] if keys.index(path[-1]) > 0 else None
        if before is None or not re.fullmatch(r"-?[0-9]+", str(parent[before])):
            return None
        message = i18n.editor(
            "'%(whole)s,%(part)s' has a decimal comma. Write numbers with a point: %(field)s: %(whole)s.%(part)s", whole=parent[before], part=path[-1], field=before
        )
        return (*path[:-1], before), message

    def _report(self, model: type[BaseModel], found: Any) -> None:
        """One pydantic error as a Problem at its line and column, in the editor's words."""
        path = tuple(found["loc"])
        kind, message = found["type"], found["msg"]
        if kind == "kim_at":
            at = found["ctx"]["at"]
            path = (*path, *(at if isinstance(at, (tuple, list)) else (at,)))
        record = _model_at(model, path[:-1])
        node = self._keys.get(path) if kind == "extra_forbidden" else self.node(path)
        if kind == "missing":
            hint = getattr(record, "missing_hints", {}).get(path[-1])
            message = i18n.editor(hint) if hint else i18n.editor("missing. Add '%(field)s:' here.", field=path[-1])
        elif kind == "extra_forbidden":
            allowed = [field.alias or name for name, field in record.model_fields.items()] if record else []
            message = i18n.editor("unknown field.%(hint)s Allowed here: %(fields)s.", hint=did_you_mean(str(path[-1]), allowed), fields=", ".join(allowed))
            if comma := self._decimal_comma(path):
                path, message = comma
                node = self.node(path)
        elif kind in ("kim", "kim_at"):
            required = record is not None and path and isinstance(path[-1], str) and _required(record, path[-1])
            if required and message == i18n.editor("is empty. Write the value, or leave the field out when it is not published."):
                message = i18n.editor("is empty. This field is required: write a value.")
        elif found.get("input", 0) is None:
            message = i18n.editor("is empty. Write the value, or leave the field out when it is not published.")
        elif kind == "too_short":
            message = i18n.editor("is empty. List at least one value, or remove the field.")
        elif kind == "too_long":
            most = found["ctx"]["max_length"]
            message = i18n.editor("lists %(count)s values; at most %(most)s fit where they are shown. Keep the most important ones.", count=i18n.editor_number(found["ctx"]["actual_length"]), most=i18n.editor_number(most))
        elif kind in ("tuple_type", "list_type"):
            message = i18n.editor("expected a list, e.g. [a, b] or lines starting with '- '.")
        elif kind in ("model_type", "model_attributes_type", "dict_type"):
            message = i18n.editor("expected fields ('name: value' on their own lines).")
        else:
            message = message.rstrip(".") + "."
        self.problem(node, field_name(path) or "file", message)


def field_name(path: tuple) -> str:
    """`("contacts", 0, "phones", 1, "kind")` as editors count: `contacts[1].phones[2].kind`."""
    name = ""
    for part in path:
        name = f"{name}[{part + 1}]" if isinstance(part, int) else _join(name, _shown_key(str(part)))
    return name


def _model_at(model: type[BaseModel], path: tuple) -> type[BaseModel] | None:
    """The record class that holds the value at `path` (for its field names)."""
    current: Any = model
    for part in path:
        current = _unwrap(current)
        if isinstance(part, int):
            args = get_args(current)
            current = args[0] if args else None
        elif isinstance(current, type) and issubclass(current, BaseModel):
            field = next((f for n, f in current.model_fields.items() if (f.alias or n) == part), None)
            current = field.annotation if field else None
        else:
            return None
    current = _unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    """`Annotated[X, ...]` and `X | None` to X."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, UnionType):
            annotation = next(a for a in get_args(annotation) if a is not type(None))
        else:
            return annotation


def _required(model: type[BaseModel], key: str) -> bool:
    return any((f.alias or n) == key and f.is_required() for n, f in model.model_fields.items())


def _shown_key(key: str) -> str:
    """A field name as written, in quotes when it is not a plain word (`':name'`)."""
    return key if re.fullmatch(r"[A-Za-z0-9_-]{1,40}", key) else "'" + key[:40] + ("…'" if len(key) > 40 else "'")


def _join(field: str, key: str) -> str:
    return f"{field}.{key}" if field else key


# A list [a, b] or a group of fields {a: 1} whose closing bracket is missing: the parser
# finds out only on a later line.
UNCLOSED = {
    "while parsing a flow sequence": (i18n.editor_later("list in [ ]"), "]"),
    "while parsing a flow mapping": (i18n.editor_later("group in { }"), "}"),
}

# The YAML parser's words for the mistakes editors make, translated where shown.
YAML_PROBLEMS = (
    i18n.editor_later("mapping values are not allowed in this context"),
    i18n.editor_later("found character that cannot start any token"),
    i18n.editor_later("could not find expected ':'"),
    i18n.editor_later("did not find expected key"),
    i18n.editor_later("did not find expected '-' indicator"),
    i18n.editor_later("did not find expected ',' or ']'"),
    i18n.editor_later("did not find expected ',' or '}'"),
    i18n.editor_later("found unexpected end of stream"),
    i18n.editor_later("found undefined alias"),
    i18n.editor_later("found unknown escape character"),
)


def _yaml_hint(what: str, lines: list[str]) -> str:
    """What most likely went wrong, from the parser's words and the lines up to the error."""
    line = lines[-1] if lines else ""
    if "\t" in line or "tab" in what:
        return i18n.editor(" Indent with spaces, not tabs.")
    if "mapping values are not allowed" in what:
        # A field indented further than the field before, whose value is plain text:
        # YAML reads it as more of that text.
        before = next((b for b in reversed(lines[:-1]) if b.strip() and not b.lstrip().startswith("#")), "")
        field = re.match(r"( *)([A-Za-z_][\w-]*):( |$)", line)
        if field and re.match(r" *[A-Za-z_][\w-]*: *[^\s#{\[|>&*!]", before) and len(field[1]) > len(before) - len(before.lstrip(" ")):
            return i18n.editor(
                " '%(field)s:' starts %(spaces)s space(s) further right than the line above. Start it in the same column.",
                field=field[2],
                spaces=len(field[1]) - (len(before) - len(before.lstrip(" "))),
            )
        return i18n.editor(" A value containing ': ' must be put in quotes.")
    if "could not find expected ':'" in what:
        return i18n.editor(" Each line needs 'field: value'.")
    return i18n.editor(" Check indentation and quotes on this line and the one before.")
