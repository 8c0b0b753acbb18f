"""Part of the MkDocs adapter: static-i18n's language versions of each page, found by name.

For every page and every language, static-i18n (1.3) makes a file object of each other
language's version of the page until one turns out to be in that language: about five
per page and language, and all of it again for each language built. At NRW scale that
was half of the time a language took. A version's language is in its file name
(`x.ar.md`), so here it is read from the name, and a file object is made only for the
version taken. Same choice, in the same order, as static-i18n's own method, which
tests/test_build.py compares byte for byte (KIM_PLAIN=1 builds with static-i18n's own).
"""

from __future__ import annotations

import types
from pathlib import Path

from mkdocs_static_i18n.config import RE_LOCALE


def install(i18n) -> None:
    """Use `find_alternates` for this instance of static-i18n's plugin."""
    i18n.reconfigure_files_alternates = types.MethodType(find_alternates, i18n)


def find_alternates(self, i18n_src_uris, i18n_alternate_src_uris, mkdocs_config, create_i18n_file) -> None:
    default = self.default_language
    languages = self.all_languages

    def locale(file) -> str:
        """The language static-i18n reads from a file name (create_i18n_file)."""
        suffixes = Path(file.name).suffixes
        found = suffixes[-1].replace(".", "") if suffixes else ""
        return found if found and (found in languages or RE_LOCALE.match(found)) else default

    def make(file, language: str):
        return create_i18n_file(file, language, default, languages, mkdocs_config)

    locales = {src_uri: [(locale(file), file) for file in files] for src_uri, files in i18n_alternate_src_uris.items()}
    for build_lang in sorted(self.build_languages):
        for src_uri, i18n_file in i18n_src_uris.items():
            if build_lang in i18n_file.alternates:
                continue
            versions = locales.get(src_uri, [])
            own = next((file for language, file in versions if language == build_lang), None)
            if own is not None:
                i18n_file.alternates[build_lang] = make(own, build_lang)
            elif self.config.fallback_to_default is True:
                fallback = next((file for language, file in versions if language == default), None)
                if fallback is not None:
                    i18n_file.alternates[build_lang] = make(fallback, build_lang)
                else:
                    itself = make(i18n_file, build_lang)
                    if itself.locale == default:
                        i18n_file.alternates[build_lang] = itself
