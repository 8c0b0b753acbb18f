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

import datetime as dt
import difflib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

# libyaml's parser where PyYAML has it (about ten times faster), same nodes and marks.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Limits far above any real office, carrier, municipality or settings file.
MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 20  # levels of fields and lists; an office file uses at most six
MAX_NODES = 100_000  # values, fields and lists in one file
MAX_LINE = 300  # characters of a one-line value: a name, a street, a role
MAX_TEXT = 3000  # characters of a text: a note, a description

# Characters that never belong in a published value: control characters (tab and
# line breaks only count as spaces), bidirectional embeddings, overrides and
# isolates (they make a text read differently from what is stored), the
# replacement character (text damaged while copying) and non-characters.
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffd\ufffe\uffff]")
# In a message: anything that could break the one-line form.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: int
    field: str
    message: str
    warning: bool = False  # worth fixing, but the site can be built

    def __str__(self) -> str:
        kind = "warning: " if self.warning else ""
        text = f"{self.file}:{self.line}:{self.column}: {kind}{self.field or 'file'}: {self.message}"
        # One problem, one line, whatever a value or a file name held.
        return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m[0]):04x}" if m[0] not in "\n\t" else ("\\n" if m[0] == "\n" else "\\t"), text)


class ContentError(Exception):
    """`content/` has problems; the site must not be built from it."""

    def __init__(self, problems: list[Problem], warnings: list[Problem] | None = None):
        self.problems = sorted(problems)
        self.warnings = sorted(warnings or [])
        count = len(self.problems)
        summary = f"{count} problem{'s' if count != 1 else ''} in content, the site was not built:"
        super().__init__("\n".join([summary, *map(str, self.problems)]))


def did_you_mean(word: str, choices, cutoff: float = 0.6) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return f" Did you mean '{close[0]}'?" if close else ""


def character_name(char: str) -> str:
    """`U+202E (RIGHT-TO-LEFT OVERRIDE)`, `U+0000 (a control character)`."""
    return f"U+{ord(char):04X} ({unicodedata.name(char, 'a control character')})"


TIME = re.compile(r"^([0-9]{1,2}):([0-9]{2})$")
DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
NUMBER = re.compile(r"^-?[0-9]{1,3}([.,][0-9]{1,12})?$")  # ASCII digits only, like every number here


def parse_yaml(text: str, report, first_line: int = 1) -> Node | None:
    """The YAML node tree of `text`, or None after reporting why there is none.

    `report(line, column, field, message)` gets every problem; `first_line` is the
    line of the text's first line in its file (front matter starts on line 2)."""
    clean = text
    forbidden = [(m.start(), m[0]) for m in FORBIDDEN.finditer(text)]
    if forbidden:
        # Parse a copy without them, so the problem can name its field.
        clean = FORBIDDEN.sub(" ", text)
    # libyaml recurses once per level of nesting: some tens of thousands crash the
    # process. Such a file goes to PyYAML's own parser, which stops cleanly.
    loader = SafeLoader if _nesting(clean) <= 200 else yaml.SafeLoader
    try:
        node = yaml.compose(clean, Loader=loader)
    except RecursionError:
        report(first_line, 1, "file", f"the file is nested more than {MAX_DEPTH} levels deep. Write fields and lists as in the README.")
        return None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        what = " ".join((error.problem or "invalid YAML").split()).rstrip(".")
        line_text = clean.splitlines()[mark.line] if mark.line < len(clean.splitlines()) else ""
        report(mark.line + first_line, mark.column + 1, "file", f"YAML syntax error: {what}.{_yaml_hint(what, line_text)}")
        return None
    except yaml.YAMLError:
        report(first_line, 1, "file", "YAML syntax error. Check indentation and quotes.")
        return None
    fields = _walk(node, report, first_line) if node is not None else {}
    if fields is None:
        return None
    for offset, char in forbidden:
        before = text[:offset]
        line = before.count("\n")
        column = offset - (before.rfind("\n") + 1)
        report(line + first_line, column + 1, _field_at(fields, line, column), f"contains the invisible character {character_name(char)}, which must not be published. Delete it: retype the text around it.")
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
            report(mark.line + first_line, mark.column + 1, field, "repeats another value with a YAML alias (*name). Write the value out.")
            return None
        seen.add(id(node))
        if depth > MAX_DEPTH:
            report(mark.line + first_line, mark.column + 1, field, f"is nested more than {MAX_DEPTH} levels deep. Write fields and lists as in the README.")
            return None
        if len(seen) > MAX_NODES:
            report(first_line, 1, "file", f"holds more than {MAX_NODES} values. Split it, or check that it is the right file.")
            return None
        names[(mark.line, mark.column)] = field
        if isinstance(node, ScalarNode) and (found := FORBIDDEN.search(node.value)) and node.style in ('"', "'"):
            report(mark.line + first_line, mark.column + 1, field or "file", f"contains the invisible character {character_name(found[0])}, written as an escape, which must not be published. Remove it.")
        if isinstance(node, MappingNode):
            for key, value in node.value:
                name = _join(field, _shown_key(key.value) if isinstance(key, ScalarNode) else "?")
                stack.append((key, name, depth + 1))
                stack.append((value, name, depth + 1))
        elif isinstance(node, SequenceNode):
            stack += [(item, f"{field}[{i}]", depth + 1) for i, item in enumerate(node.value, start=1)]
    return names


def _field_at(names: dict[tuple[int, int], str], line: int, column: int) -> str:
    """The field of the last value that starts before a position."""
    before = [position for position in names if position <= (line, column)]
    return names[max(before)] if before else "file"


class YamlFile:
    """One file being read. Every `read_*` returns None and records a problem on bad input."""

    def __init__(self, path: Path, shown_as: str, problems: list[Problem], warnings: list[Problem] | None = None):
        self.path = path
        self.shown_as = shown_as
        self.problems = problems
        self.warnings = warnings if warnings is not None else []

    def problem(self, node: Node | None, field: str, message: str) -> None:
        line, column = (node.start_mark.line + 1, node.start_mark.column + 1) if node else (1, 1)
        self.problems.append(Problem(self.shown_as, line, column, field, message))

    def warn(self, node: Node | None, field: str, message: str) -> None:
        line, column = (node.start_mark.line + 1, node.start_mark.column + 1) if node else (1, 1)
        self.warnings.append(Problem(self.shown_as, line, column, field, message, warning=True))

    def file_problem(self, line: int, column: int, message: str) -> None:
        self.problems.append(Problem(self.shown_as, line, column, "file", message))

    def root(self) -> MappingNode | None:
        """The file's top-level mapping, or None after recording why there is none."""
        size = self.path.stat().st_size
        if size > MAX_FILE_BYTES:
            self.file_problem(1, 1, f"the file has {size:,} bytes; an office file has a few thousand. Check that it is the right file, or split it.")
            return None
        raw = self.path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            before = raw[: error.start]
            line = before.count(b"\n") + 1
            column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", errors="replace")) + 1
            self.file_problem(
                line,
                column,
                "the file is not UTF-8 text (byte %s). Save it as UTF-8 in your editor." % hex(raw[error.start]),
            )
            return None
        before = len(self.problems)
        node = parse_yaml(text, lambda line, column, field, message: self.problems.append(Problem(self.shown_as, line, column, field, message)))
        if node is None:
            if len(self.problems) == before:
                self.file_problem(1, 1, "the file is empty. Fill in the fields (see README) or delete the file.")
            return None
        if not isinstance(node, MappingNode):
            self.problem(node, "file", "expected 'field: value' lines at the top level of the file.")
            return None
        return node

    # -- structure -----------------------------------------------------------------

    def fields(self, node: Node, field: str, required: tuple[str, ...], optional: tuple[str, ...]):
        """The mapping's fields by name, after checking names, duplicates and required ones."""
        if not isinstance(node, MappingNode):
            self.problem(node, field, "expected fields ('name: value' on their own lines).")
            return None
        allowed = required + optional
        values: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else None
            name = _join(field, _shown_key(str(key)))
            if key is None:
                self.problem(key_node, field or "file", "a field name must be a plain word, like 'name:'.")
            elif key in values:
                self.problem(key_node, name, "appears twice. Keep one of them.")
            elif key not in allowed:
                self.problem(
                    key_node,
                    name,
                    f"unknown field.{did_you_mean(key, allowed)} Allowed here: {', '.join(allowed)}.",
                )
            else:
                values[key] = value_node
        for key in required:
            if key not in values:
                self.problem(node, _join(field, key), f"missing. Add '{key}:' here.")
        return values

    def items(self, node: Node, field: str) -> list[tuple[str, Node]]:
        """A list's entries with their field names (`topics[2]`, counting from 1 as people do)."""
        if isinstance(node, ScalarNode) and (node.tag.endswith(":null") or not node.value.strip()) or isinstance(node, SequenceNode) and not node.value:
            # An empty list says nothing: the field is left out, or it is a mistake.
            self.problem(node, field, "is empty. List at least one value, or remove the field.")
            return []
        if not isinstance(node, SequenceNode):
            self.problem(node, field, "expected a list, e.g. [a, b] or lines starting with '- '.")
            return []
        return [(f"{field}[{i}]", item) for i, item in enumerate(node.value, start=1)]

    # -- values ----------------------------------------------------------------------

    def string(self, node: Node, field: str, limit: int = MAX_LINE) -> str | None:
        """One value as written; line breaks and runs of spaces count as one space."""
        if not isinstance(node, ScalarNode):
            self.problem(node, field, "expected a single value, not a list or fields.")
            return None
        text = " ".join(node.value.split())
        if not text or node.tag.endswith(":null"):
            self.problem(node, field, "is empty. Write a value or remove the field.")
            return None
        if len(text) > limit:
            self.problem(node, field, f"is {len(text):,} characters long; at most {limit:,} fit here. Shorten it.")
            return None
        return text

    def boolean(self, node: Node, field: str) -> bool | None:
        text = self.string(node, field)
        if text is None:
            return None
        if text.lower() in ("true", "yes", "ja"):
            return True
        if text.lower() in ("false", "no", "nein"):
            return False
        self.problem(node, field, f"'{text}' is not true or false. Write true or false.")
        return None

    def number(self, node: Node, field: str) -> float | None:
        text = self.string(node, field)
        if text is None:
            return None
        if not NUMBER.match(text):
            self.problem(node, field, f"'{text}' is not a number. Write it with a dot, e.g. 51.5356.")
            return None
        return float(text.replace(",", "."))

    def date(self, node: Node, field: str) -> dt.date | None:
        text = self.string(node, field)
        if text is None:
            return None
        try:
            if not DATE.match(text):
                raise ValueError
            return dt.date.fromisoformat(text)
        except ValueError:
            self.problem(node, field, f"'{text}' is not a valid date. Write it as YYYY-MM-DD, e.g. 2026-12-23.")
            return None

    def time(self, node: Node, field: str) -> dt.time | None:
        text = self.string(node, field)
        if text is None:
            return None
        match = TIME.match(text)
        if match and int(match[1]) < 24 and int(match[2]) < 60:
            return dt.time(int(match[1]), int(match[2]))
        self.problem(node, field, f"'{text}' is not a time. Write it as HH:MM, e.g. 08:00 or 16:30.")
        return None

    def web_address(self, node: Node, field: str) -> str | None:
        """A web address readers may open: https only, with a host name, no user name."""
        text = self.string(node, field, 2000)
        if text is None:
            return None
        if not is_web_address(text):
            hint = " Pages without https:// cannot be linked; leave the field out." if text.lower().startswith("http://") else ""
            self.problem(node, field, f"'{text}' is not a web address. Write it in full, starting with https://.{hint}")
            return None
        return text

    def choice(self, node: Node, field: str, choices, aliases: dict[str, str] | None = None) -> str | None:
        text = self.string(node, field)
        if text is None:
            return None
        if text in choices:
            return text
        meant = (aliases or {}).get(text.casefold())
        hint = f" Did you mean '{meant}'?" if meant else did_you_mean(text, choices)
        self.problem(node, field, f"unknown value '{text}'.{hint} Use one of: {', '.join(choices)}.")
        return None

    def text(self, node: Node, field: str, languages, limit: int = MAX_LINE) -> dict[str, str] | None:
        """A text in one language, or per language: {de: ..., en: ...}. One line (a name)
        unless `limit` allows more (a note: MAX_TEXT)."""
        if isinstance(node, MappingNode):
            found = self.fields(node, field, (), tuple(languages))
            if found is None:
                return None
            texts = {code: self.string(value, _join(field, code), limit) for code, value in found.items()}
            texts = {code: text for code, text in texts.items() if text is not None}
            if not found:
                self.problem(node, field, "is empty. Write a text, or one per language: {de: ..., en: ...}.")
            return texts or None
        text = self.string(node, field, limit)
        return {languages[0]: text} if text is not None else None


def is_web_address(text: str) -> bool:
    try:
        parts = urlsplit(text)
        host = parts.hostname or ""
        user = parts.username
    except ValueError:
        return False
    return parts.scheme.lower() == "https" and "." in host.strip(".") and user is None and not any(c.isspace() for c in text)


def _shown_key(key: str) -> str:
    """A field name as written, in quotes when it is not a plain word (`':name'`)."""
    return key if re.fullmatch(r"[A-Za-z0-9_-]{1,40}", key) else "'" + key[:40] + ("…'" if len(key) > 40 else "'")


def _join(field: str, key: str) -> str:
    return f"{field}.{key}" if field else key


def _yaml_hint(what: str, line: str) -> str:
    if "\t" in line or "tab" in what:
        return " Indent with spaces, not tabs."
    if "mapping values are not allowed" in what:
        return " A value containing ': ' must be put in quotes."
    if "could not find expected ':'" in what:
        return " Each line needs 'field: value'."
    return " Check indentation and quotes on this line and the one before."
