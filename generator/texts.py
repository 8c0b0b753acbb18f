"""Pages in every site language: translations, their notices, and German fallbacks.

Editors write pages as `name.md` (German) and `name.<lang>.md` (static-i18n's
suffix layout). For every site language a page either exists in that language,
marked with a notice while it is an unchecked machine translation
(`translation: machine` in its front matter), or it shows the German text with
a notice in the reader's language, laid out left to right inside the page.

Some generated pages hold a part that belongs under the editor's text (the
offices of a topic, the contacts for professionals): generated text after
SECTION is appended to the hand-written page of the same name.
"""

from __future__ import annotations

import functools
import re
import sys
import traceback
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated

import markdown
import yaml
from markupsafe import Markup, escape
from pydantic import Field

from . import i18n
from .i18n import _
from .model import Record, listed
from .security import is_foreign
from .values import Choice, Line
from .vocabulary import Term, Vocabulary
from .yamlfile import LineIndex, Problem, SafeLoader, YamlFile, character_name, forbidden_characters, more_characters

SECTION = "<!-- kim:section -->"
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
    if dot and "/" not in suffix and suffix in i18n.SITE_LANGUAGES:
        return stem, suffix
    return base, i18n.DEFAULT_LANGUAGE


def page_url(base: str, language: str) -> str:
    """The page's address below the site root: `topics/work/`, `ar/`, ..."""
    path = base.removesuffix("index").rstrip("/")
    prefix = "" if language == i18n.DEFAULT_LANGUAGE else f"{language}/"
    return prefix + (f"{path}/" if path else "")


def split_front_matter(text: str) -> tuple[dict, str]:
    match = FRONT_MATTER.match(text)
    if not match:
        return {}, text
    meta = yaml.load(match[1], Loader=SafeLoader) or {}
    return (meta if isinstance(meta, dict) else {}), text[match.end() :]


# What an editor may set in a page's front matter. Nothing else: a `template:` that
# does not exist would only fail inside MkDocs, after the checks.
HIDE_CHOICES = Vocabulary("part", tuple(Term(part, part) for part in ("navigation", "toc", "footer")))

# Raw HTML in a page that the build removes (generator/security.py), told to the
# editor so that a missing embed is no surprise.
REMOVED_FROM_PAGES = (
    (re.compile(r"<\s*(script|iframe|object|embed|form|style)\b", re.IGNORECASE), "a <{0}> element"),
    (re.compile(r"<[^>]*\s(on[a-z]+)\s*=", re.IGNORECASE), "the event handler {0}="),
    (re.compile(r"(?:\]\(\s*<?|(?:href|src)\s*=\s*[\"']?\s*)(javascript|vbscript|data):", re.IGNORECASE), "a {0}: link"),
)
HIDDEN_ELEMENT = re.compile(r"""<[a-z][a-z0-9]*(?:\s+(?!hidden\b)[^\s"'=<>/]+(?:=(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s+hidden(?=[\s/>=])""", re.IGNORECASE)
IMAGE_SOURCE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)|<img[^>]*\ssrc\s*=\s*[\"']?([^\"'>]+)", re.IGNORECASE)
MAX_PAGE_WARNINGS = 20


def check_page(text: str, shown: str, relative: str, warnings: list[Problem] | None = None) -> list[Problem]:
    """What is wrong with a hand-written page's name, front matter or characters; what
    the build will remove from it goes to `warnings`."""
    problems: list[Problem] = []
    stem = relative[:-3].rpartition("/")[2]
    if "." in stem and split_name(relative)[1] == i18n.DEFAULT_LANGUAGE:
        suffix = stem.rpartition(".")[2]
        problems.append(Problem(shown, 1, 1, "file", f"'.{suffix}' is not a site language. Name translations like page.en.md, page.ar.md; site languages: {', '.join(i18n.SITE_LANGUAGES)}."))

    if len(text) > MAX_PAGE_CHARACTERS:
        return [*problems, Problem(shown, 1, 1, "page", f"has {len(text):,} characters; a page holds at most {MAX_PAGE_CHARACTERS:,}. Split it into several pages.")]
    position = LineIndex(text).position

    body_start = 0
    if text.startswith("---"):
        match = FRONT_MATTER.match(text)
        if not match:
            return [*problems, Problem(shown, 1, 1, "front matter", "is not closed. End it with a line holding only '---'.")]
        problems += _check_front_matter(match[1], shown)
        body_start = match.end()
    forbidden, count = forbidden_characters(text, body_start)
    for offset, char in forbidden:
        problems.append(Problem(shown, *position(offset), "page", f"contains the invisible character {character_name(char)}, which must not be published. Delete it: retype the text around it."))
    if count > len(forbidden):
        problems.append(Problem(shown, 1, 1, "page", more_characters(count)))
    problems += [Problem(shown, line + position(body_start)[0] - 1, 1, "page", message) for line, message in markdown_problems(text[body_start:])]
    if warnings is None:
        return problems
    removed = []
    for pattern, what in REMOVED_FROM_PAGES:
        removed += [(found.start(), what.format(found[1].lower())) for found in pattern.finditer(text, body_start)]
    for found in IMAGE_SOURCE.finditer(text, body_start):
        source = found[1] or found[2] or ""
        if is_foreign(source):
            removed.append((found.start(), f"the image from {source.strip()[:80]}"))
    hidden = "text marked hidden is removed when the site is built: what readers cannot see is neither published nor searched. Delete it, or remove 'hidden' to show it."
    removed += [(found.start(), hidden) for found in HIDDEN_ELEMENT.finditer(text, body_start)]
    for offset, thing in sorted(removed)[:MAX_PAGE_WARNINGS]:
        message = thing if thing == hidden else f"{thing} is removed when the site is built: pages hold text, links and images from this site only."
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
            found.append((line, f"holds {paragraph.count('['):,} '[' in one paragraph; at most {MAX_BRACKETS:,} fit. Split the paragraph, or write the brackets as \\[."))
        line += paragraph.count("\n")
    if found:
        return found
    if _renders(body):
        return []
    return [(_deepest_line(body), "nests too deeply here (lists, quotes, emphasis with * or _, or <div markdown> inside each other): the page cannot be turned into HTML. Write it flatter.")]


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


def machine_notice(language: str, base: str) -> Markup:
    german = "../" * page_url(base, language).count("/") + page_url(base, i18n.DEFAULT_LANGUAGE)
    return Markup('<p class="kim-notice" role="note" data-pagefind-ignore>{} <a href="{}" hreflang="de" lang="de">{}</a></p>').format(
        i18n.gettext(language, _("This page was translated by machine and has not been checked yet.")),
        german or "./",
        i18n.gettext(language, _("German original")),
    )


# Pages about German itself (Leichte Sprache, Deutsche Gebärdensprache): never translated.
GERMAN_ONLY = ("easy-language", "sign-language")


def fallback_notice(language: str, base: str) -> Markup:
    if base in GERMAN_ONLY:
        words = i18n.gettext(language, _("This page is only available in German."))
    else:
        # Each catalog names its own language in the right grammatical form.
        words = i18n.gettext(language, _("This page is not yet available in this language. Here is the German text."))
    return Markup('<p class="kim-notice" role="note" data-pagefind-ignore>{}</p>').format(words)


def _after_title(body: str, notice: str) -> str:
    """The notice under the page's first heading, or at the top."""
    match = H1.search(body)
    if match and not body[: match.start()].strip():
        return f"{body[: match.end()]}\n\n{notice}\n{body[match.end() :]}"
    return f"{notice}\n\n{body}"


def _front(meta: dict) -> str:
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n" if meta else ""


def editor_meta(meta: dict) -> dict:
    """An editor's front matter as the theme may print it: only the known fields, and
    title and description HTML-escaped (Material prints them as they are)."""
    kept = {key: value for key, value in meta.items() if key in FrontMatter.model_fields}
    for key in ("title", "description"):
        if key in kept:
            kept[key] = str(escape(" ".join(str(kept[key]).split())))
    return kept


def _section(generated: str | None) -> str:
    if not generated or SECTION not in generated:
        return ""
    return "\n\n" + generated.partition(SECTION)[2].strip() + "\n"


def translated(text: str, language: str, base: str, generated: str | None) -> str:
    meta, body = split_front_matter(text)
    meta = editor_meta(meta)
    if not H1.search(body) and meta.get("title"):
        # The skip link goes to the first heading: the title, at the start of the content.
        body = f"# {markdown_text(Markup(meta['title']))}\n\n{body.lstrip()}"
    if meta.get("translation") == "machine" and language != i18n.DEFAULT_LANGUAGE:
        body = _after_title(body, machine_notice(language, base))
    return _front(meta) + body.rstrip() + "\n" + _section(generated)


def fallback(german: str, language: str, base: str, generated: str | None, by_editor: bool = True) -> str:
    """The German text inside a page of another language: marked as German and
    left to right, under a notice in the reader's language. The German title goes
    inside too (else the theme would put it, unmarked, above the notice)."""
    meta, body = split_front_matter(german)
    if by_editor:
        meta = editor_meta(meta)
    meta.pop("translation", None)
    body = body.strip()
    if not H1.search(body) and meta.get("title"):
        # Already escaped for HTML; Markdown must not read it either.
        body = f"# {markdown_text(Markup(meta['title']))}\n\n{body}"
    return f'{_front(meta)}{fallback_notice(language, base)}\n\n<div lang="de" dir="ltr" markdown>\n\n{body}\n\n</div>\n{_section(generated)}'


# Python-Markdown's escapable characters (`<`, `>` and `&` are HTML-escaped first).
MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!])")


def markdown_text(text: str) -> Markup:
    """Text for a Markdown line (a heading): HTML-escaped, and every character that
    Markdown would read as syntax (links, images, emphasis, `{: attributes}`)
    backslash-escaped, so it is shown as written."""
    return Markup(MARKDOWN_PUNCTUATION.sub(r"\\\1", str(escape(text))))


def compose(hand_written: dict[str, str], generated: dict[str, str], languages: Iterable[str] = i18n.SITE_LANGUAGES) -> dict[str, str]:
    """Every page in every site language (or in `languages`), by path in the docs tree.

    Per page and language: the editor's page in that language, else the editor's
    German page as a fallback, else the generated page in that language, else the
    generated German page as a fallback. Generated sections are appended to the
    editor's text in either case."""
    hand: dict[str, dict[str, str]] = {}
    made: dict[str, dict[str, str]] = {}
    for source, target in ((hand_written, hand), (generated, made)):
        for path, text in source.items():
            base, language = split_name(path)
            target.setdefault(base, {})[language] = text
    pages = {}
    for base in hand.keys() | made.keys():
        own, ours = hand.get(base, {}), made.get(base, {})
        for language in languages:
            path = f"{base}{i18n.suffix(language)}.md"
            section = ours.get(language)
            if language in own:
                pages[path] = translated(own[language], language, base, section)
            elif i18n.DEFAULT_LANGUAGE in own:
                pages[path] = fallback(own[i18n.DEFAULT_LANGUAGE], language, base, section)
            elif language in ours:
                pages[path] = ours[language].replace(SECTION, "")
            elif i18n.DEFAULT_LANGUAGE in ours:
                pages[path] = fallback(ours[i18n.DEFAULT_LANGUAGE], language, base, None, by_editor=False)
    return pages
