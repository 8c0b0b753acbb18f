"""What a save in the preview changed, so that only the pages that show it are rendered.

An office's own pages show only it; the finder's list of a language shows the offices
that speak it; a municipality's page the offices for it and the places in it; a topic's
page the offices with it. Every other generated page (the indexes, the finder, the map,
for professionals) is rendered again on every save: they are few per language, and
their office cards are kept from save to save (`cards`) where the office did not
change. A change to anything but offices (settings, carriers, municipalities) renders
everything.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from ..domain.directory import Directory
from ..outputs.finder import counselling_languages

# Folders with one page per office, per language of advice, per municipality, per topic.
PER_OFFICE = ("offices/", "finder/", "municipalities/", "topics/")


@dataclass(frozen=True)
class Changes:
    offices: frozenset[str]  # slugs of the offices added, changed or gone
    sources: frozenset[str]  # those of their pages, by path without language: offices/x, finder/ar

    def shows(self, source: str) -> bool:
        """Whether the page `source` (`offices/x`, `topics/work`) is rendered again."""
        if source.startswith(PER_OFFICE) and not source.endswith("/index"):
            return source in self.sources
        return True

    def owns(self, path: str) -> bool:
        """Whether a staged file (page, contact card, handout half) belongs to the pages rendered again."""
        base = path.split(".", 1)[0]
        if base.startswith(PER_OFFICE) and not base.endswith("/index"):
            return base in self.sources
        folder, _, rest = base.partition("/")
        return folder not in ("vcard", "handout") or not rest or rest.split("/")[0] in self.offices


def between(old: Directory, new: Directory) -> Changes | None:
    """What changed from `old` to `new`; None if more than offices did."""
    if any(getattr(old, f.name) != getattr(new, f.name) for f in dataclasses.fields(Directory) if f.name not in ("offices", "warnings") and not f.name.startswith("_")):
        return None
    slugs = {slug for slug in old.offices.keys() | new.offices.keys() if old.offices.get(slug) != new.offices.get(slug)}
    sources = {f"offices/{slug}" for slug in slugs}
    for directory in (old, new):
        for code, offices in counselling_languages(directory).items():
            if any(office.slug in slugs for office in offices):
                sources.add(f"finder/{code}")
        for ident in directory.municipalities:
            shown = [office for office in directory.offices_for(ident)] + [office for office, _ in directory.places_in(ident)]
            if any(office.slug in slugs for office in shown):
                sources.add(f"municipalities/{ident}")
        for slug in slugs & directory.offices.keys():
            sources.update(f"topics/{topic}" for topic in directory.offices[slug].topics)
    return Changes(frozenset(slugs), frozenset(sources))
