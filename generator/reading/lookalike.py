"""Names that look like others: letters of another script inside a word (a Cyrillic
"а" in "Hаgen"), and two names that look the same but are written with other
characters. Unicode's confusables (UTS #39, via confusable_homoglyphs) say which
characters look alike."""

from __future__ import annotations

import functools
import unicodedata

from confusable_homoglyphs import categories, confusables


@functools.cache
def _prototypes() -> dict[str, str]:
    """Each character that looks like others mapped to one of its group, the same for
    the whole group (its smallest code point)."""
    parent: dict[str, str] = {}

    def root(char: str) -> str:
        while parent.setdefault(char, char) != char:
            parent[char] = parent[parent[char]]
            char = parent[char]
        return char

    for char, glyphs in confusables.confusables_data.items():
        for glyph in glyphs:
            if len(char) == 1 and len(glyph["c"]) == 1:
                a, b = root(char), root(glyph["c"])
                if a != b:
                    parent[max(a, b)] = min(a, b)
    return {char: root(char) for char in parent}


def skeleton(text: str) -> str:
    """What `text` looks like: equal for texts that a reader cannot tell apart."""
    prototypes = _prototypes()
    return "".join(prototypes.get(char, char) for char in unicodedata.normalize("NFD", " ".join(text.split())))


def foreign_letters(text: str) -> list[str]:
    """Letters that stand among letters of another script in one word and look like a
    letter of that script: the "а" (Cyrillic) of "Hаgen". Words of one script (and
    digits, signs) are never named, so "KIM إدارة" is fine."""
    prototypes = _prototypes()
    found = []
    for word in text.split():
        scripts = [categories.alias(char) for char in word]
        letters = [script for script in scripts if script not in ("COMMON", "INHERITED")]
        if len(set(letters)) < 2:
            continue
        main = max(sorted(set(letters)), key=letters.count)
        found += [char for char, script in zip(word, scripts, strict=True) if script not in (main, "COMMON", "INHERITED") and char in prototypes]
    return found


def differing(text: str, other: str) -> list[str]:
    """The characters of `text` where it differs from `other`, which looks the same."""
    return [a for a, b in zip(unicodedata.normalize("NFD", text), unicodedata.normalize("NFD", other), strict=False) if a != b]
