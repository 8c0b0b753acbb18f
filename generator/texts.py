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

import yaml
from markupsafe import Markup, escape

from . import i18n
from .i18n import _
from .yamlfile import Problem, SafeLoader

SECTION = "<!-- kim:section -->"
TRANSLATION_STATES = ("machine", "reviewed")
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^---[ \t]*\r?\n", re.DOTALL | re.MULTILINE)
H1 = re.compile(r"^# .*$", re.MULTILINE)


def split_name(relative: str) -> tuple[str, str] | None:
    """`topics/work.ar.md` -> (`topics/work`, `ar`); `index.md` -> (`index`, `de`); None for other files."""
    if not relative.endswith(".md"):
        return None
    base = relative[:-3]
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


def check_page(text: str, shown: str, relative: str) -> list[Problem]:
    """What is wrong with a hand-written page's name or front matter."""
    problems = []
    stem = relative[:-3].rpartition("/")[2]
    if "." in stem and split_name(relative)[1] == i18n.DEFAULT_LANGUAGE:
        suffix = stem.rpartition(".")[2]
        problems.append(
            Problem(shown, 1, 1, "file", f"'.{suffix}' is not a site language. Name translations like page.en.md, page.ar.md; site languages: {', '.join(i18n.SITE_LANGUAGES)}.")
        )
    if not text.startswith("---"):
        return problems
    match = FRONT_MATTER.match(text)
    if not match:
        return [*problems, Problem(shown, 1, 1, "front matter", "is not closed. End it with a line holding only '---'.")]
    try:
        node = yaml.compose(match[1], Loader=SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        return [*problems, Problem(shown, mark.line + 2, mark.column + 1, "front matter", f"YAML syntax error: {error.problem}. Check quotes and colons on this line.")]
    meta = {key.value: value for key, value in node.value} if isinstance(node, yaml.MappingNode) else {}
    if "translation" in meta:
        value = meta["translation"]
        if getattr(value, "value", None) not in TRANSLATION_STATES:
            problems.append(
                Problem(
                    shown,
                    value.start_mark.line + 2,
                    value.start_mark.column + 1,
                    "translation",
                    f"unknown value '{getattr(value, 'value', '')}'. Write 'machine' for an unchecked machine translation, 'reviewed' once a person has checked it.",
                )
            )
    return problems


def machine_notice(language: str, base: str) -> Markup:
    german = "../" * page_url(base, language).count("/") + page_url(base, i18n.DEFAULT_LANGUAGE)
    return Markup('<p class="kim-notice" role="note">{} <a href="{}" hreflang="de" lang="de">{}</a></p>').format(
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
    return Markup('<p class="kim-notice" role="note">{}</p>').format(words)


def _after_title(body: str, notice: str) -> str:
    """The notice under the page's first heading, or at the top."""
    match = H1.search(body)
    if match and not body[: match.start()].strip():
        return f"{body[: match.end()]}\n\n{notice}\n{body[match.end() :]}"
    return f"{notice}\n\n{body}"


def _front(meta: dict) -> str:
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n" if meta else ""


def _section(generated: str | None) -> str:
    if not generated or SECTION not in generated:
        return ""
    return "\n\n" + generated.partition(SECTION)[2].strip() + "\n"


def translated(text: str, language: str, base: str, generated: str | None) -> str:
    meta, body = split_front_matter(text)
    if meta.get("translation") == "machine" and language != i18n.DEFAULT_LANGUAGE:
        body = _after_title(body, machine_notice(language, base))
    return _front(meta) + body.rstrip() + "\n" + _section(generated)


def fallback(german: str, language: str, base: str, generated: str | None) -> str:
    """The German text inside a page of another language: marked as German and
    left to right, under a notice in the reader's language. The German title goes
    inside too (else the theme would put it, unmarked, above the notice)."""
    meta, body = split_front_matter(german)
    meta.pop("translation", None)
    body = body.strip()
    if not H1.search(body) and meta.get("title"):
        body = f"# {escape(str(meta['title']))}\n\n{body}"
    return f'{_front(meta)}{fallback_notice(language, base)}\n\n<div lang="de" dir="ltr" markdown>\n\n{body}\n\n</div>\n{_section(generated)}'


def compose(hand_written: dict[str, str], generated: dict[str, str]) -> dict[str, str]:
    """Every page in every site language, by path in the docs tree.

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
        for language in i18n.SITE_LANGUAGES:
            path = f"{base}{i18n.suffix(language)}.md"
            section = ours.get(language)
            if language in own:
                pages[path] = translated(own[language], language, base, section)
            elif i18n.DEFAULT_LANGUAGE in own:
                pages[path] = fallback(own[i18n.DEFAULT_LANGUAGE], language, base, section)
            elif language in ours:
                pages[path] = ours[language].replace(SECTION, "")
            elif i18n.DEFAULT_LANGUAGE in ours:
                pages[path] = fallback(ours[i18n.DEFAULT_LANGUAGE], language, base, None)
    return pages
