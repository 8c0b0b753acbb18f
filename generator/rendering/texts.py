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

import yaml
from markupsafe import Markup, escape

from .. import i18n
from ..i18n import _
from ..reading.pages import H1, FrontMatter, page_url, split_front_matter, split_name

SECTION = "<!-- kim:section -->"

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
    """The generated part under the editor's text, after SECTION (which staging takes
    out: the part is filled into the page after MkDocs, rendering/frames.py)."""
    if not generated or SECTION not in generated:
        return ""
    return f"\n{SECTION}\n\n" + generated.partition(SECTION)[2].strip() + "\n"


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
