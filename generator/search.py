"""One search index per site language.

Material with static-i18n writes a single index for all languages, so a search
on the Arabic pages would list German and Polish pages too. After the build,
the index is split: `/search/search_index.json` keeps the default language,
`/<lang>/search/search_index.json` gets the pages of that language, with
locations relative to the language's root, which is what Material's search
resolves them against on those pages.

Each index also gets its own search `config` for Material's search worker
(see `_search_config`).
"""

from __future__ import annotations

import json
from pathlib import Path

# Where Material ships lunr's language support (`lunr.<lang>.min.js`).
LUNR_DIR = Path("assets", "javascripts", "lunr", "min")

# Material splits words at white space and hyphens only, and its pipeline has no
# trimmer (lunr's trimmer strips everything outside ASCII \w, so all of an Arabic
# or Cyrillic word). Punctuation then stays in the words: "(Englisch)",
# "(الإنجليزية)" are indexed as such, and the query, which Material turns into
# the prefix "englisch*", does not find them. So split at punctuation too, Latin
# and Arabic, and at a period unless a digit follows (3.5, 41.539).
# No "|" inside the brackets: Material's highlighter splits the separator at "|".
SEPARATOR = r'[\s\-–—,:;!?()\[\]{}"«»“”„/…،؛؟]+|\.(?!\d)'


def split_search_index(site_dir: Path, languages: tuple[str, ...], default_language: str) -> dict[str, int]:
    """Split the combined index in place; return the number of entries per language."""
    combined_path = site_dir / "search" / "search_index.json"
    if not combined_path.exists():
        return {}
    combined = json.loads(combined_path.read_text(encoding="utf-8"))
    by_language: dict[str, list[dict]] = {code: [] for code in languages}
    for entry in combined["docs"]:
        prefix = entry["location"].split("/", 1)[0]
        if prefix in by_language and prefix != default_language:
            entry = {**entry, "location": entry["location"][len(prefix) + 1 :]}
            by_language[prefix].append(entry)
        else:
            by_language[default_language].append(entry)
    for code, docs in by_language.items():
        folder = site_dir if code == default_language else site_dir / code
        index = {"config": _search_config(combined["config"], code, site_dir), "docs": docs}
        target = folder / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return {code: len(docs) for code, docs in by_language.items()}


def _search_config(config: dict, language: str, site_dir: Path) -> dict:
    """Material's search config for one language.

    Material's worker loads `lunr.<lang>.min.js` for every language in `lang`
    but English; for a language lunr does not support (fa, bg, uk, pl) the
    import fails and the search never gets ready. Those languages are indexed
    as "en" without a pipeline: no English stop words or stemming on them.
    """
    if language == "en" or (site_dir / LUNR_DIR / f"lunr.{language}.min.js").is_file():
        return {**config, "lang": [language], "separator": SEPARATOR}
    return {**config, "lang": ["en"], "pipeline": [], "separator": SEPARATOR}
