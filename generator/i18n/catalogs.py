"""Translated labels (gettext catalogs) and names from CLDR (Babel).

Labels live in `locales/<lang>/LC_MESSAGES/kim.po` with English message ids.
What the tool tells editors (the checker's messages, the CLI, the preview's list of
mistakes) has its own domain, `editor.po`: German unless the editor asks for English.
Weekday, month, time and language names come from CLDR, so they are right in
every language without anyone translating them.
"""

from __future__ import annotations

import datetime as dt
import io
import os
from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.dates import format_date, format_time, get_day_names
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import Translations
from babel.units import format_unit

from .languages import COMMON_NAMES, DEFAULT_LANGUAGE, EXTRA_LANGUAGES, MORE_LANGUAGES, OWN_NAMES, SITE_LANGUAGES

LOCALES_DIR = Path(__file__).parent / "locales"
DOMAIN = "kim"
EDITOR_DOMAIN = "editor"
# What the tool tells editors is German unless this says `en` (`kim --lang en` sets it).
EDITOR_LANGUAGE_VARIABLE = "KIM_EDITOR_LANGUAGE"
EDITOR_LANGUAGES = ("de", "en")


@cache
def translations(language: str, domain: str = DOMAIN) -> Translations:
    """The compiled catalog for one language (English ids pass through)."""
    po_file = LOCALES_DIR / language / "LC_MESSAGES" / f"{domain}.po"
    if not po_file.exists():
        return Translations()
    with po_file.open("rb") as f:
        catalog = read_po(f, locale=language)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=domain)


def gettext(language: str, message: str) -> str:
    return translations(language).gettext(message)


def editor_language() -> str:
    """The language of what the tool tells editors: German, or English on request."""
    chosen = os.environ.get(EDITOR_LANGUAGE_VARIABLE, "").strip().lower()
    return chosen if chosen in EDITOR_LANGUAGES else EDITOR_LANGUAGES[0]


def editor(message: str, **values: object) -> str:
    """A message for editors in their language; `%(name)s` in the English id takes a value."""
    text = translations(editor_language(), EDITOR_DOMAIN).gettext(message)
    return text % values if values else text


def editor_later(message: str) -> str:
    """Marks a message for editors that is translated later, by editor(), where it is shown."""
    return message


def editor_plural(singular: str, plural: str, count: int, **values: object) -> str:
    """As editor(), the form picked by `count` (also a value: `%(count)s`)."""
    text = translations(editor_language(), EDITOR_DOMAIN).ngettext(singular, plural, count)
    return text % {"count": editor_number(count), **values}


def editor_number(number: int | float) -> str:
    """A number in the editor's language (1.000 in German, 1,000 in English)."""
    return format_decimal(number, locale=editor_language())


def _capitalised(name: str) -> str:
    # Georgian script has no capital letters in running text: str.upper() would turn
    # ქართული into Mtavruli (Ქართული), which most fonts cannot show.
    if name[:1] and "\u10a0" <= name[0] <= "\u10ff":
        return name
    return name[:1].upper() + name[1:]


@cache
def language_own_name(tag: str) -> str | None:
    """The language's name in itself (العربية, Türkçe), None if CLDR has none."""
    if tag in EXTRA_LANGUAGES:
        return EXTRA_LANGUAGES[tag][0]
    if tag in OWN_NAMES:
        return OWN_NAMES[tag]
    try:
        own = Locale.parse(tag, sep="-")
        name = own.get_display_name(own)
    except (UnknownLocaleError, ValueError):
        return None
    return _capitalised(name) if name else None


@cache
def language_name(tag: str, page_language: str) -> str:
    """The language's name in the page's language (Arabisch on a German page)."""
    if tag in EXTRA_LANGUAGES:
        return gettext(page_language, EXTRA_LANGUAGES[tag][1])
    page = Locale.parse(page_language)
    try:
        name = Locale.parse(tag, sep="-").get_display_name(page)
    except (UnknownLocaleError, ValueError):
        name = page.languages.get(tag.split("-")[0])
    return _capitalised(name or tag)


@cache
def language_names(page_language: str, offered: tuple[str, ...] = ()) -> dict[str, list[str]]:
    """Every language the finder knows (ISO 639-1, MORE_LANGUAGES, the `offered` ones),
    by every name a reader may type: its own name, the page's name, its names in every
    site language (German and English only for a language nobody offers) and COMMON_NAMES (Arabic names also without their article ال:
    تغرينية finds التغرينية). The first two are always the own and the page's name."""
    codes = {str(code) for code in Locale("en").languages if len(str(code)) == 2} | set(MORE_LANGUAGES) | set(offered)
    found: dict[str, list[str]] = {}
    for code in sorted(codes):
        name = language_name(code, page_language)
        if not name or name == code:
            continue
        names = [language_own_name(code) or name, name]
        # An offered language by its name in every site language ("Arapça" on a German page);
        # the others by their German and English names (a smaller index).
        sites = SITE_LANGUAGES if code in offered else (DEFAULT_LANGUAGE, "en")
        others = [*(language_name(code, site) for site in sites), *COMMON_NAMES.get(code, ())]
        others += [word[2:] for word in [*names, *others] if word.startswith("ال")]
        seen = {n.casefold() for n in names}
        for other in others:
            if other.casefold() not in seen:
                seen.add(other.casefold())
                names.append(other)
        found[code] = names
    return found


def weekday_name(day_index: int, language: str) -> str:
    """Monday is 0, as in Python and CLDR."""
    return get_day_names("wide", locale=language)[day_index]


# The digits a language's readers write where they are not 0-9, as browsers' Intl
# (ICU, CLDR's default numbering system) writes them too: Persian ۸:۰۰. Babel's formats
# give 0-9 for every language; the pages and the scripts must agree.
NATIVE_DIGITS = {"fa": "۰۱۲۳۴۵۶۷۸۹"}


def in_own_digits(text: str, language: str) -> str:
    """`text` with 0-9 in the reader's own digits."""
    digits = NATIVE_DIGITS.get(language)
    return text.translate(str.maketrans("0123456789", digits)) if digits else text


def time_text(time: dt.time, language: str) -> str:
    return in_own_digits(format_time(time, format="short", locale=language), language)


def date_text(date: dt.date, language: str) -> str:
    return in_own_digits(format_date(date, format="long", locale=language), language)


def file_size(size: int, language: str) -> str:
    """`1,2 MB` with CLDR's number format and unit name."""
    if size >= 1_000_000:
        return in_own_digits(format_unit(round(size / 1_000_000, 1), "digital-megabyte", length="short", locale=language), language)
    return in_own_digits(format_unit(max(1, round(size / 1000)), "digital-kilobyte", length="short", locale=language), language)


@cache
def territory_locale(language: str) -> str:
    """`de_DE`, `ar_EG`: the language with its most likely country (CLDR), the form
    Open Graph's og:locale asks for."""
    likely = Locale.parse(get_global("likely_subtags").get(language, language))
    return f"{likely.language}_{likely.territory}" if likely.territory else likely.language
