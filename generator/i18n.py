"""Site languages, translated labels (gettext catalogs) and names from CLDR (Babel).

Labels live in `locales/<lang>/LC_MESSAGES/kim.po` with English message ids.
Weekday, month, time and language names come from CLDR, so they are right in
every language without anyone translating them.
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import re
from functools import cache
from pathlib import Path

import langcodes
from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.dates import format_date, format_time, get_day_names
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from babel.units import format_unit

SITE_LANGUAGES = ("de", "en", "tr", "ar", "uk", "ru", "fa", "ro", "bg", "pl")
DEFAULT_LANGUAGE = "de"
RIGHT_TO_LEFT = frozenset({"ar", "fa"})

LOCALES_DIR = Path(__file__).parent / "locales"
DOMAIN = "kim"


def _(message: str) -> str:
    """Marks a message id for extraction; translated where it is shown."""
    return message


def ngettext(singular: str, plural: str) -> tuple[str, str]:
    """Marks a message with plural forms for extraction (`pybabel extract` knows the
    name); the forms are picked by number where they are shown."""
    return singular, plural


# Languages counselled in that CLDR has no name for. Own names are facts, the
# names in the page's language come from the catalogs.
EXTRA_LANGUAGES = {
    "gsg": ("Deutsche Gebärdensprache", _("German Sign Language")),
    "prs": ("دری", _("Dari")),
    "kmr": ("Kurmancî", _("Northern Kurdish (Kurmanji)")),
}


@cache
def translations(language: str) -> Translations:
    """The compiled catalog for one site language (English ids pass through)."""
    po_file = LOCALES_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not po_file.exists():
        return Translations()
    with po_file.open("rb") as f:
        catalog = read_po(f, locale=language)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def gettext(language: str, message: str) -> str:
    return translations(language).gettext(message)


def _capitalised(name: str) -> str:
    # Georgian script has no capital letters in running text: str.upper() would turn
    # ქართული into Mtavruli (Ქართული), which most fonts cannot show.
    if name[:1] and "\u10a0" <= name[0] <= "\u10ff":
        return name
    return name[:1].upper() + name[1:]


@cache
def _known_language_codes() -> frozenset[str]:
    return frozenset(Locale("en").languages) | frozenset(EXTRA_LANGUAGES)


SIMPLE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z]{4})?(-([A-Za-z]{2}|[0-9]{3}))?$")
# Codes for no language in particular: undetermined, no linguistic content, several, missing.
NOT_A_LANGUAGE = frozenset({"und", "zxx", "mul", "mis"})


def language_tag(tag: str) -> str | None:
    """The tag in its usual spelling (`sr-Latn`, `de-AT`) if it is a valid BCP 47 tag
    of a language people speak and we can name (ar, ckb, gsg, sr-Latn); else None.

    Validated as a whole by langcodes (the IANA registry), so what passes holds only
    letters, digits and hyphens and is safe in a file name or web address."""
    # A language, maybe with script and region (sr-Latn, fa-AF): no variants, extensions
    # or private use, which would give the same language a second entry.
    if not SIMPLE_TAG.match(tag) or not langcodes.tag_is_valid(tag):
        return None
    primary, *rest = tag.split("-")
    if primary.lower() not in _known_language_codes() or primary.lower() in NOT_A_LANGUAGE or "qaa" <= primary.lower() <= "qtz":
        return None
    parts = [primary.lower()]
    for part in rest:
        if len(part) == 4 and part.isalpha():
            parts.append(part.title())
        elif len(part) == 2 or (len(part) == 3 and part.isdigit()):
            parts.append(part.upper())
        else:
            parts.append(part.lower())
    return "-".join(parts)


@cache
def _language_words() -> dict[str, str]:
    """Names people may write instead of a code (arabic, Arabisch, العربية) to the code."""
    words: dict[str, str] = {}
    for code in map(str, Locale("en").languages):
        for names in (Locale("en").languages, Locale("de").languages):
            if code in names:
                words.setdefault(str(names[code]).casefold(), code)
        try:
            own = Locale.parse(code).get_display_name(code)
        except (UnknownLocaleError, ValueError):
            own = None
        if own:
            words.setdefault(own.casefold(), code)
    for code, (own, english) in EXTRA_LANGUAGES.items():
        words.setdefault(own.casefold(), code)
        words.setdefault(english.casefold(), code)
    return words


def suggest_language(word: str) -> str | None:
    """The code someone most likely meant: `arabic` -> `ar`, `Türkisch` -> `tr`."""
    words = _language_words()
    key = word.strip().casefold()
    if key in words:
        return words[key]
    close = difflib.get_close_matches(key, list(words), n=1, cutoff=0.8)
    if close:
        return words[close[0]]
    close = difflib.get_close_matches(key, sorted(_known_language_codes()), n=1, cutoff=0.6)
    return close[0] if close else None


@cache
def language_own_name(tag: str) -> str | None:
    """The language's name in itself (العربية, Türkçe), None if CLDR has none."""
    if tag in EXTRA_LANGUAGES:
        return EXTRA_LANGUAGES[tag][0]
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


def weekday_name(day_index: int, language: str) -> str:
    """Monday is 0, as in Python and CLDR."""
    return get_day_names("wide", locale=language)[day_index]


def time_text(time: dt.time, language: str) -> str:
    return format_time(time, format="short", locale=language)


def date_text(date: dt.date, language: str) -> str:
    return format_date(date, format="long", locale=language)


def file_size(size: int, language: str) -> str:
    """`1,2 MB` with CLDR's number format and unit name."""
    if size >= 1_000_000:
        return format_unit(round(size / 1_000_000, 1), "digital-megabyte", length="short", locale=language)
    return format_unit(max(1, round(size / 1000)), "digital-kilobyte", length="short", locale=language)


def direction(language: str) -> str:
    return "rtl" if language in RIGHT_TO_LEFT else "ltr"


@cache
def territory_locale(language: str) -> str:
    """`de_DE`, `ar_EG`: the language with its most likely country (CLDR), the form
    Open Graph's og:locale asks for."""
    likely = Locale.parse(get_global("likely_subtags").get(language, language))
    return f"{likely.language}_{likely.territory}" if likely.territory else likely.language


def suffix(language: str) -> str:
    """The file name suffix static-i18n expects: `x.md` for German, `x.ar.md` for Arabic."""
    return "" if language == DEFAULT_LANGUAGE else f".{language}"
