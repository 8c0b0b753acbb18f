"""One search index per site language.

Material with static-i18n writes a single index for all languages, so a search
on the Arabic pages would list German and Polish pages too. After the build,
the index is split: `/search/search_index.json` keeps the default language,
`/<lang>/search/search_index.json` gets the pages of that language, with
locations relative to the language's root, which is what Material's search
resolves them against on those pages.
"""

from __future__ import annotations

import json
from pathlib import Path

# lunr has no stemmer for these: index them without one (see `_search_config`).
NO_STEMMER = frozenset({"ar", "fa", "bg", "uk", "pl"})


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
        index = {"config": _search_config(combined["config"], code), "docs": docs}
        target = folder / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return {code: len(docs) for code, docs in by_language.items()}


def _search_config(config: dict, language: str) -> dict:
    return {**config, "lang": [language]}
