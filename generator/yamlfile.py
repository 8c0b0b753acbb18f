"""Reading one YAML file field by field, with the line and column of everything.

Editors are not programmers: each problem names file, line, column and field and
says how to fix it, and reading goes on after a problem so that one run reports
every problem at once. Values are read from the text as written (not from
PyYAML's guesses), so `16:30` stays a time and `01067` stays a postcode.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

# libyaml's parser where PyYAML has it (about ten times faster), same nodes and marks.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
        return f"{self.file}:{self.line}:{self.column}: {kind}{self.field}: {self.message}"


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


TIME = re.compile(r"^(\d{1,2}):(\d{2})$")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


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
        raw = self.path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            before = raw[: error.start]
            line = before.count(b"\n") + 1
            column = error.start - (before.rfind(b"\n") + 1) + 1
            self.file_problem(
                line,
                column,
                "the file is not UTF-8 text (byte %s). Save it as UTF-8 in your editor." % hex(raw[error.start]),
            )
            return None
        try:
            node = yaml.compose(text, Loader=SafeLoader)
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            what = (error.problem or "invalid YAML").strip()
            hint = _yaml_hint(what)
            self.file_problem(mark.line + 1, mark.column + 1, f"YAML syntax error: {what}.{hint}")
            return None
        except yaml.YAMLError as error:
            self.file_problem(1, 1, f"YAML syntax error: {error}")
            return None
        if node is None:
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
            name = _join(field, str(key))
            if key is None:
                self.problem(key_node, field, "a field name must be a plain word.")
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
        if isinstance(node, ScalarNode) and node.tag.endswith(":null"):
            return []
        if not isinstance(node, SequenceNode):
            self.problem(node, field, "expected a list, e.g. [a, b] or lines starting with '- '.")
            return []
        return [(f"{field}[{i}]", item) for i, item in enumerate(node.value, start=1)]

    # -- values ----------------------------------------------------------------------

    def string(self, node: Node, field: str) -> str | None:
        if not isinstance(node, ScalarNode):
            self.problem(node, field, "expected a single value, not a list or fields.")
            return None
        text = node.value.strip()
        if not text or node.tag.endswith(":null"):
            self.problem(node, field, "is empty. Write a value or remove the field.")
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
        try:
            return float(text.replace(",", ".")) if text.count(",") <= 1 else float(text)
        except ValueError:
            self.problem(node, field, f"'{text}' is not a number. Write it with a dot, e.g. 51.5356.")
            return None

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

    def text(self, node: Node, field: str, languages) -> dict[str, str] | None:
        """A text in one language, or per language: {de: ..., en: ...}."""
        if isinstance(node, MappingNode):
            found = self.fields(node, field, (), tuple(languages))
            if found is None:
                return None
            texts = {code: self.string(value, _join(field, code)) for code, value in found.items()}
            texts = {code: text for code, text in texts.items() if text is not None}
            if not found:
                self.problem(node, field, "is empty. Write a text, or one per language: {de: ..., en: ...}.")
            return texts or None
        text = self.string(node, field)
        return {languages[0]: text} if text is not None else None


def _join(field: str, key: str) -> str:
    return f"{field}.{key}" if field else key


def _yaml_hint(what: str) -> str:
    if "mapping values are not allowed" in what:
        return " A value containing ': ' must be put in quotes."
    if "could not find expected ':'" in what:
        return " Each line needs 'field: value'."
    if "found character '\\t'" in what or "tab" in what:
        return " Indent with spaces, not tabs."
    return " Check indentation and quotes on this line and the one before."
