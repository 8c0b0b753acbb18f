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

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated

import yaml
from markupsafe import Markup, escape
from pydantic import Field

from . import i18n
from .i18n import _
from .model import Record, listed
from .security import is_foreign
from .values import Choice, Line
from .vocabulary import Term, Vocabulary
from .yamlfile import FORBIDDEN, Problem, SafeLoader, YamlFile, character_name

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

    def position(offset: int) -> tuple[int, int]:
        before = text[:offset]
        return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1

    body_start = 0
    if text.startswith("---"):
        match = FRONT_MATTER.match(text)
        if not match:
            return [*problems, Problem(shown, 1, 1, "front matter", "is not closed. End it with a line holding only '---'.")]
        problems += _check_front_matter(match[1], shown)
        body_start = match.end()
    for found in FORBIDDEN.finditer(text, body_start):
        problems.append(
            Problem(shown, *position(found.start()), "page", f"contains the invisible character {character_name(found[0])}, which must not be published. Delete it: retype the text around it.")
        )
    if warnings is None:
        return problems
    removed = []
    for pattern, what in REMOVED_FROM_PAGES:
        removed += [(found.start(), what.format(found[1].lower())) for found in pattern.finditer(text, body_start)]
    for found in IMAGE_SOURCE.finditer(text, body_start):
        source = found[1] or found[2] or ""
        if is_foreign(source):
            removed.append((found.start(), f"the image from {source.strip()[:80]}"))
    for offset, thing in sorted(removed)[:MAX_PAGE_WARNINGS]:
        warnings.append(Problem(shown, *position(offset), "page", f"{thing} is removed when the site is built: pages hold text, links and images from this site only.", warning=True))
    return problems


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
