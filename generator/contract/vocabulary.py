"""The fixed words of the contract: every id an editor may write, once, with its label.

Labels are English message ids, translated by the gettext catalogs (`i18n`); the
JSON Schema shows each id with its German and English label, the pages and the
finder show the label in the reader's language. Aliases are what editors write
instead (German words, old spellings), answered with "Did you mean ...?".
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from ..i18n import _, editor_later


@dataclass(frozen=True)
class Term:
    id: str
    label: str  # English; a message id (marked with _) where pages show it
    aliases: tuple[str, ...] = field(default=())
    german: str = ""  # for labels no page shows (not in the catalogs)
    description: str = ""  # for editors (an editor message id), or the address of a licence's text


@dataclass(frozen=True)
class Vocabulary:
    name: str  # what the values are, for messages and the schema: "topic"
    terms: tuple[Term, ...]

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(term.id for term in self.terms)

    def label(self, ident: str) -> str:
        return next(term.label for term in self.terms if term.id == ident)

    def alias(self, word: str) -> str | None:
        """The id an alias stands for (case does not matter)."""
        folded = word.casefold()
        return next((term.id for term in self.terms if folded == term.id or folded in term.aliases), None)

    def closest(self, word: str, cutoff: float = 0.75) -> str | None:
        """The id someone most likely meant: an alias, or an id spelt nearly the same."""
        close = difflib.get_close_matches(word.casefold(), self.ids, n=1, cutoff=cutoff)
        return self.alias(word) or (close[0] if close else None)


# Day names on pages come from CLDR (i18n.weekday_name).
DAYS = Vocabulary(
    "day",
    (
        Term("mo", "Monday", ("mon", "monday", "montag", "mo."), german="Montag"),
        Term("tu", "Tuesday", ("tue", "tues", "tuesday", "di", "dienstag", "di."), german="Dienstag"),
        Term("we", "Wednesday", ("wed", "wednesday", "mi", "mittwoch", "mi."), german="Mittwoch"),
        Term("th", "Thursday", ("thu", "thur", "thursday", "do", "donnerstag", "do."), german="Donnerstag"),
        Term("fr", "Friday", ("fri", "friday", "freitag", "fr."), german="Freitag"),
        Term("sa", "Saturday", ("sat", "saturday", "samstag", "sa."), german="Samstag"),
        Term("su", "Sunday", ("sun", "sunday", "so", "sonntag", "so."), german="Sonntag"),
    ),
)

TOPICS = Vocabulary(
    "topic",
    (
        Term("orientation", _("Orientation in Germany")),
        Term("kita-school", _("Kita and school")),
        Term("language", _("Learning German")),
        Term("education", _("Education and training")),
        Term("work", _("Work")),
        Term("recognition", _("Recognition of qualifications")),
        Term("housing", _("Housing")),
        Term("health", _("Health")),
        Term("care", _("Long-term care")),
        Term("family", _("Family and parenting")),
        Term("residence", _("Residence status")),
        Term("finances", _("Money and benefits")),
        Term("leisure", _("Leisure")),
        Term("naturalisation", _("Naturalisation")),
        Term("documents", _("Passports and documents")),
        Term("authorities", _("Dealing with authorities")),
        Term("debt", _("Debt")),
        Term("social-benefits", _("Social benefits")),
        Term("disability", _("Disability")),
    ),
)

TARGET_GROUPS = Vocabulary(
    "group",
    (
        Term("eu-citizens", _("Citizens of the European Union")),
        Term("refugees", _("Refugees")),
        Term("ukraine", _("People from Ukraine")),
        Term("duldung-gestattung", _("People with a Duldung or Gestattung")),
        Term("young-adults", _("Young adults")),
        Term("women", _("Women")),
        Term("families", _("Families")),
        Term("single-parents", _("Single parents")),
        Term("disability", _("People with disabilities")),
        Term("lgbtiq", _("LGBTIQ people")),
        Term("skilled-workers", _("Skilled workers")),
    ),
)

# Coordination offices answer questions about the programme, they do not counsel.
OFFICE_KINDS = Vocabulary(
    "office kind",
    (
        Term("counselling", "Counselling office", ("beratung", "counseling", "beratungsstelle"), german="Beratungsstelle", description=editor_later("Case managers advise people (the default).")),
        Term(
            "coordination", _("Coordination office"), ("koordination", "koordinierungsstelle"), description=editor_later("Answers questions about the KIM programme; does not counsel. Listed apart in the finder.")
        ),
        Term("authority-desk", _("Desk at a public authority"), ("behörde", "amt"), description=editor_later("A desk at a public authority.")),
    ),
)

# How to get advice; an office may leave it out ("not stated").
APPOINTMENT_MODES = Vocabulary(
    "appointment mode",
    (
        Term("required", _("Appointment needed"), ("termin", "nur mit termin")),
        Term("recommended", _("Appointment recommended"), ("empfohlen",), description=editor_later("An appointment is recommended; the pages say no more than that.")),
        Term("walk-in", _("No appointment needed"), ("walkin", "none", "offene sprechstunde", "ohne termin"), description=editor_later("Come by during opening hours.")),
        Term(
            "referral", _("Only by referral from another service"), ("überweisung", "zuweisung"), description=editor_later("Another service (job centre, school, counselling service) gets in touch for the person.")
        ),
    ),
)

# Role ids with a translated name; any other text is shown as written.
ROLES = Vocabulary(
    "role",
    (
        Term("case-manager", _("Case manager"), ("casemanager", "case manager", "fallmanager", "case-managerin", "case-manager/in")),
        Term("team-lead", _("Team lead"), ("teamleitung", "team lead", "leitung")),
        Term("coordinator", _("Coordinator"), ("coordination", "koordination", "koordinator", "koordinatorin")),
    ),
)

PHONE_KINDS = Vocabulary(
    "phone kind",
    (
        Term("landline", "Landline", ("festnetz",), german="Festnetz"),
        Term("mobile", "Mobile", ("handy", "mobil", "cell"), german="Mobil"),
        Term("fax", "Fax", ("telefax",), german="Fax", description=editor_later("Shown as text, never as a call button.")),
    ),
)

MUNICIPALITY_KINDS = Vocabulary(
    "municipality kind",
    (
        Term("city", "City or town", ("stadt", "gemeinde", "town"), german="Stadt oder Gemeinde"),
        Term("kreis", "Kreis", ("county", "district", "landkreis"), german="Kreis", description=editor_later("Its offices serve every town that is part_of it.")),
        Term("region", "Region", ("städteregion",), german="Region (z. B. StädteRegion Aachen)"),
    ),
)

# Licences for the open data under /data/: ids as DCAT-AP.de names them
# (http://dcat-ap.de/def/licenses/<id>), the German name, and the licence text's address.
DATA_LICENCES = Vocabulary(
    "data licence",
    (
        Term("dl-by-de/2.0", "Data licence Germany – attribution – version 2.0", german="Datenlizenz Deutschland – Namensnennung – Version 2.0", description="https://www.govdata.de/dl-de/by-2-0"),
        Term("dl-zero-de/2.0", "Data licence Germany – Zero – version 2.0", german="Datenlizenz Deutschland – Zero – Version 2.0", description="https://www.govdata.de/dl-de/zero-2-0"),
        Term("cc-by/4.0", "Creative Commons Attribution 4.0 International", german="Creative Commons Namensnennung – 4.0 International", description="https://creativecommons.org/licenses/by/4.0/"),
        Term("cc-zero", "Creative Commons Zero 1.0 Universal", german="Creative Commons Zero 1.0 Universell (CC0)", description="https://creativecommons.org/publicdomain/zero/1.0/"),
    ),
)

ACCESSIBILITY_STATUS = Vocabulary(
    "status",
    (
        Term("full", "Fully compliant", german="vollständig barrierefrei"),
        Term("partial", "Partially compliant", german="teilweise barrierefrei"),
        Term("none", "Not compliant", german="nicht barrierefrei"),
    ),
)
