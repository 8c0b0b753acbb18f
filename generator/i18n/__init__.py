"""The site's languages and their words: which codes are languages and how each site
language is written (`languages.py`), translated labels from the gettext catalogs and
names, dates and times from CLDR (`catalogs.py`). The lowest layer: it knows nothing
of offices. `from generator import i18n` gives both."""

from .catalogs import (
    DOMAIN,
    LOCALES_DIR,
    date_text,
    file_size,
    gettext,
    language_name,
    language_names,
    language_own_name,
    territory_locale,
    time_text,
    translations,
    weekday_name,
)
from .languages import (
    DEFAULT_LANGUAGE,
    EXTRA_LANGUAGES,
    MACROLANGUAGES,
    RIGHT_TO_LEFT,
    SITE_LANGUAGES,
    _,
    direction,
    language_tag,
    language_words,
    ngettext,
    suffix,
    suggest_language,
)

__all__ = [
    "DEFAULT_LANGUAGE",
    "DOMAIN",
    "EXTRA_LANGUAGES",
    "MACROLANGUAGES",
    "LOCALES_DIR",
    "RIGHT_TO_LEFT",
    "SITE_LANGUAGES",
    "_",
    "date_text",
    "direction",
    "file_size",
    "gettext",
    "language_name",
    "language_names",
    "language_own_name",
    "language_tag",
    "language_words",
    "ngettext",
    "suffix",
    "suggest_language",
    "territory_locale",
    "time_text",
    "translations",
    "weekday_name",
]
