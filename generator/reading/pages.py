"""Hand-written pages as editors write them: their names (`name.ar.md`), front matter,
characters, and whether Python-Markdown can turn them into HTML; what the build will
remove from them (`sanitise.py`) is a warning. Composing them into every site language:
`rendering/texts.py`."""

from __future__ import annotations

import functools
import re
import sys
import traceback
from pathlib import Path
from typing import Annotated

import markdown
import yaml
from pydantic import Field

from .. import i18n
from ..contract.records import Record, listed
from ..contract.values import Choice, Line, character_name
from ..contract.vocabulary import Term, Vocabulary
from ..i18n import languages
from .sanitise import is_foreign
from .yamlfile import LineIndex, Problem, SafeLoader, YamlFile, forbidden_characters, more_characters

TRANSLATION_STATES = Vocabulary(
    "translation",
    (Term("machine", "machine translation, not yet checked", german="maschinell übersetzt, noch nicht geprüft"), Term("reviewed", "checked by a person", german="von einem Menschen geprüft")),
)
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?\n", re.DOTALL | re.MULTILINE)
H1 = re.compile(r"^# .*$", re.MULTILINE)


def split_name(relative: str) -> tuple[str, str]:
    """`topics/work.ar.md` -> (`topics/work`, `ar`); `index.md` -> (`index`, `de`)."""
    base = relative.removesuffix(".md")
    stem, dot, suffix = base.rpartition(".")
    if dot and "/" not in suffix and suffix in languages.SITE_LANGUAGES:
        return stem, suffix
    return base, languages.DEFAULT_LANGUAGE


def page_url(base: str, language: str) -> str:
    """The page's address below the site root: `topics/work/`, `ar/`, ..."""
    path = base.removesuffix("index").rstrip("/")
    return languages.prefix(language) + (f"{path}/" if path else "")


def split_front_matter(text: str) -> tuple[dict, str]:
    match = FRONT_MATTER.match(text)
    if not match:
        return {}, text
    meta = yaml.load(match[1], Loader=SafeLoader) or {}
    return (meta if isinstance(meta, dict) else {}), text[match.end() :]


# What an editor may set in a page's front matter. Nothing else: a `template:` that
# does not exist would only fail inside MkDocs, after the checks.
HIDE_CHOICES = Vocabulary("part", tuple(Term(part, part) for part in ("navigation", "toc", "footer")))

# Raw HTML in a page that the build removes (generator/reading/sanitise.py), told to the
# editor so that a missing embed is no surprise.
REMOVED_FROM_PAGES = (
    (re.compile(r"<\s*(script|iframe|object|embed|form|style)\b", re.IGNORECASE), i18n.editor_later("a <{0}> element")),
    (re.compile(r"<[^>]*\s(on[a-z]+)\s*=", re.IGNORECASE), i18n.editor_later("the event handler {0}=")),
    (re.compile(r"(?:\]\(\s*<?|(?:href|src)\s*=\s*[\"']?\s*)(javascript|vbscript|data):", re.IGNORECASE), i18n.editor_later("a {0}: link")),
)
HIDDEN_ELEMENT = re.compile(r"""<[a-z][a-z0-9]*(?:\s+(?!hidden\b)[^\s"'=<>/]+(?:=(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s+hidden(?=[\s/>=])""", re.IGNORECASE)
IMAGE_SOURCE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)|<img[^>]*\ssrc\s*=\s*[\"']?([^\"'>]+)", re.IGNORECASE)
MAX_PAGE_WARNINGS = 20


def check_page(text: str, shown: str, relative: str, warnings: list[Problem] | None = None) -> list[Problem]:
    """What is wrong with a hand-written page's name, front matter or characters; what
    the build will remove from it goes to `warnings`."""
    problems: list[Problem] = []
    stem = relative[:-3].rpartition("/")[2]
    if "." in stem and split_name(relative)[1] == languages.DEFAULT_LANGUAGE:
        suffix = stem.rpartition(".")[2]
        problems.append(Problem(shown, 1, 1, "file", i18n.editor("'.%(suffix)s' is not a site language. Name translations like page.en.md, page.ar.md; site languages: %(languages)s.", suffix=suffix, languages=", ".join(languages.SITE_LANGUAGES))))

    if len(text) > MAX_PAGE_CHARACTERS:
        return [*problems, Problem(shown, 1, 1, "page", i18n.editor("has %(count)s characters; a page holds at most %(limit)s. Split it into several pages.", count=i18n.editor_number(len(text)), limit=i18n.editor_number(MAX_PAGE_CHARACTERS)))]
    position = LineIndex(text).position

    body_start = 0
    if text.startswith("---"):
        match = FRONT_MATTER.match(text)
        if not match:
            return [*problems, Problem(shown, 1, 1, "front matter", i18n.editor("is not closed. End it with a line holding only '---'."))]
        problems += _check_front_matter(match[1], shown)
        body_start = match.end()
    forbidden, count = forbidden_characters(text, body_start)
    for offset, char in forbidden:
        problems.append(Problem(shown, *position(offset), "page", i18n.editor("contains the invisible character %(character)s, which must not be published. Delete it: retype the text around it.", character=character_name(char))))
    if count > len(forbidden):
        problems.append(Problem(shown, 1, 1, "page", more_characters(count)))
    problems += [Problem(shown, line + position(body_start)[0] - 1, 1, "page", message) for line, message in markdown_problems(text[body_start:])]
    if warnings is None:
        return problems
    removed = []
    for pattern, what in REMOVED_FROM_PAGES:
        removed += [(found.start(), i18n.editor(what).format(found[1].lower())) for found in pattern.finditer(text, body_start)]
    for found in IMAGE_SOURCE.finditer(text, body_start):
        source = found[1] or found[2] or ""
        if is_foreign(source):
            removed.append((found.start(), i18n.editor("the image from %(source)s", source=source.strip()[:80])))
    hidden = i18n.editor("text marked hidden is removed when the site is built: what readers cannot see is neither published nor searched. Delete it, or remove 'hidden' to show it.")
    removed += [(found.start(), hidden) for found in HIDDEN_ELEMENT.finditer(text, body_start)]
    for offset, thing in sorted(removed)[:MAX_PAGE_WARNINGS]:
        message = thing if thing == hidden else i18n.editor("%(thing)s is removed when the site is built: pages hold text, links and images from this site only.", thing=thing)
        warnings.append(Problem(shown, *position(offset), "page", message, warning=True))
    return problems


# Far above any real page (the sample's longest has 5,000 characters); it bounds the
# time Python-Markdown may take over a page.
MAX_PAGE_CHARACTERS = 200_000
# Python-Markdown looks for the end of each `[` afresh: time grows with the square of
# their number in one paragraph (5,000: 4 s; 20,000: a minute).
MAX_BRACKETS = 1_000
# The extensions of mkdocs.yml's `markdown_extensions` (tests/test_build.py compares).
MARKDOWN_EXTENSIONS = ("attr_list", "md_in_html", "toc")
# Frames a page may take when it is turned into HTML, fewer than the build has (about
# 900 under Python's limit of 1,000), so that what the checker accepts also builds.
MARKDOWN_FRAMES = 600


def markdown_problems(body: str) -> list[tuple[int, str]]:
    """What would stop Python-Markdown turning a page into HTML, by line of `body`:
    too many `[` in one paragraph, or nesting (lists, quotes, emphasis, `<div
    markdown>`) so deep that it runs out of stack."""
    found = []
    line = 1
    for paragraph in re.split(r"(\n[ \t]*\n)", body):
        if paragraph.count("[") > MAX_BRACKETS:
            message = i18n.editor(
                "holds %(count)s '[' in one paragraph; at most %(limit)s fit. Split the paragraph, or write the brackets as \\[.",
                count=i18n.editor_number(paragraph.count("[")),
                limit=i18n.editor_number(MAX_BRACKETS),
            )
            found.append((line, message))
        line += paragraph.count("\n")
    if found:
        return found
    if _renders(body):
        return []
    return [(_deepest_line(body), i18n.editor("nests too deeply here (lists, quotes, emphasis with * or _, or <div markdown> inside each other): the page cannot be turned into HTML. Write it flatter."))]


def _deepest_line(body: str) -> int:
    """The line where a page nests deepest, as far as a look at each line tells: its
    indentation, quote marks, runs of * or _, and open <div markdown> blocks."""
    deepest, where, blocks = -1, 1, 0
    for number, text in enumerate(body.split("\n"), start=1):
        blocks += len(OPEN_BLOCK.findall(text)) - len(CLOSE_BLOCK.findall(text))
        stripped = text.lstrip(" \t")
        runs = max((len(run) for run in EMPHASIS_RUN.findall(text)), default=0)
        quotes = len(stripped) - len(stripped.lstrip("> \t"))
        marks = len(stripped) - len(stripped.lstrip("-*+ \t"))
        depth = (len(text) - len(stripped)) // 2 + quotes + marks + runs + blocks
        if depth > deepest:
            deepest, where = depth, number
    return where


OPEN_BLOCK = re.compile(r"<[a-z]+\b[^>]*\bmarkdown\b", re.IGNORECASE)
CLOSE_BLOCK = re.compile(r"</[a-z]+\s*>", re.IGNORECASE)
EMPHASIS_RUN = re.compile(r"[*_]+")


@functools.lru_cache(maxsize=256)
def _renders(body: str) -> bool:
    """Whether Python-Markdown turns `body` into HTML within MARKDOWN_FRAMES frames."""
    depth = len(traceback.extract_stack(limit=10_000))
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(depth + MARKDOWN_FRAMES)
    try:
        markdown.Markdown(extensions=list(MARKDOWN_EXTENSIONS)).convert(body)
        return True
    except RecursionError:
        return False
    finally:
        sys.setrecursionlimit(limit)


class FrontMatter(Record):
    """What an editor may set at the top of a page."""

    title: Line | None = Field(None, description="The page's title.")
    translation: Annotated[str, Choice(TRANSLATION_STATES)] | None = Field(None, description="machine: an unchecked machine translation; reviewed: checked by a person.")
    description: Line | None = Field(None, description="A sentence for search engines.")
    hide: tuple[Annotated[str, Choice(HIDE_CHOICES)], ...] = listed("Parts of the page to hide: navigation, toc, footer.")


def _check_front_matter(text: str, shown: str) -> list[Problem]:
    problems: list[Problem] = []
    if text.strip():
        YamlFile(Path(shown), shown, problems, text=text, first_line=2).read(FrontMatter)
    return [Problem(p.file, p.line, p.column, "front matter" if p.field == "file" else p.field, p.message) for p in problems]
