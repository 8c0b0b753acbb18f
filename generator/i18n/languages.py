"""The site's languages and the languages offices counsel in, as the contract knows
them: which codes are languages (BCP 47, checked with langcodes), the names people
write instead of a code, the direction of each site language, and where a page of a
language lives. Words in the languages themselves: `catalogs.py`."""

from __future__ import annotations

import difflib
import re
from functools import cache

import langcodes
from babel import Locale, UnknownLocaleError

SITE_LANGUAGES = ("de", "en", "tr", "ar", "uk", "ru", "fa", "ro", "bg", "pl")
DEFAULT_LANGUAGE = "de"
RIGHT_TO_LEFT = frozenset({"ar", "fa"})

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

# Own names where CLDR's says less or more than the code: CLDR names the macrolanguage
# ku (Kurdish) "Kurdî (kurmancî)", which tells a Sorani speaker the office is not for
# them, although `ku` in an office's list says only "Kurdish". Kurmanji and Sorani words.
OWN_NAMES = {"ku": "Kurdî / کوردی"}


# Names people use for a language besides CLDR's (or spelled otherwise), in any
# language: what the finder's language field finds, and what the checker answers with
# "Did you mean ...?". One table for every page: German names are typed on any page.
COMMON_NAMES = {
    "fa": ("Farsi", "Farsî"),
    "prs": ("Dari", "Darī", "دری"),
    "ckb": ("Sorani", "Soranî", "سۆرانی", "سورانی", "سورانية"),
    "kmr": ("Kurmanji", "Kurmandschi", "Kurmancî", "Nordkurdisch", "کورمانجی", "كرمانجية"),
    "ti": ("Tigrinisch", "Tigrinja", "تيغرينية", "تيغرينيا", "تیگرینیا"),
    "ps": ("Paschto", "Pashtu", "Puschtu"),
    "ro": ("Moldauisch", "Moldovan"),
    "gsg": ("DGS", "Gebärdensprache"),
    "rom": ("Romanes", "Romanés"),
    "zza": ("Zazaki", "Kirmanjki"),
}
# Languages that belong to a macrolanguage (ISO 639-3): an office that names the
# macrolanguage (Kurdish, Persian) may speak them; the finder shows it with them.
MACROLANGUAGES = {"ckb": "ku", "kmr": "ku", "sdh": "ku", "prs": "fa"}
# Languages the finder knows besides those offered: ISO 639-1 and languages of migration
# that have only a three-letter code.
MORE_LANGUAGES = ("ckb", "kmr", "prs", "gsg", "sdh", "zza", "tig", "rom")


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
def language_words() -> dict[str, str]:
    """Names people may write instead of a code (arabic, Arabisch, العربية) to the code."""
    words: dict[str, str] = {}
    for code in (c for c in map(str, Locale("en").languages) if "_" not in c):  # fa_AF: CLDR's name for a region's variant
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
    for code, common in COMMON_NAMES.items():
        for name in common:
            words[name.casefold()] = code  # before CLDR's: Dari is prs, not fa-AF
    return words


def suggest_language(word: str) -> str | None:
    """The code someone most likely meant: `arabic` -> `ar`, `Türkisch` -> `tr`,
    `fa_AF` -> `fa-AF`; never a code that language_tag refuses."""
    words = language_words()
    key = word.strip().casefold()
    if "_" in key:
        return language_tag(word.strip().replace("_", "-"))
    if key in words:
        return language_tag(words[key])
    close = difflib.get_close_matches(key, list(words), n=1, cutoff=0.8)
    if close:
        return language_tag(words[close[0]])
    close = difflib.get_close_matches(key, sorted(c for c in _known_language_codes() if "_" not in c), n=1, cutoff=0.6)
    return language_tag(close[0]) if close else None


def direction(language: str) -> str:
    return "rtl" if language in RIGHT_TO_LEFT else "ltr"


def suffix(language: str) -> str:
    """The file name suffix static-i18n expects: `x.md` for German, `x.ar.md` for Arabic."""
    return "" if language == DEFAULT_LANGUAGE else f".{language}"


def prefix(language: str) -> str:
    """Where a language's pages are below the site's root: `` for German, `ar/` for Arabic."""
    return "" if language == DEFAULT_LANGUAGE else f"{language}/"


def page_address(site_url: str, language: str, page: str) -> str:
    """`https://example.de/kim/en/offices/x/` for the English version of `offices/x/`."""
    return f"{site_url}{prefix(language)}{page}"
