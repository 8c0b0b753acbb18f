"""Facts about an office as text, in each site language: worded once, here, for every
page, card, export and script that states them (a template, open data and the
finder's data all take them from here)."""

from __future__ import annotations

import datetime as dt

from babel.dates import get_day_names
from babel.lists import format_list

from .. import i18n
from ..contract import vocabulary as v
from ..contract.records import DAYS, OpeningRule, TargetGroup
from ..i18n import _

MAX_YEARS = _("at most %(years)s years in the area")


def group_label(group: str, language: str) -> str:
    return i18n.gettext(language, v.TARGET_GROUPS.label(group))


def age_line(target: TargetGroup, language: str) -> str:
    """"Aged 18 to 27", "Aged 18 and over", "Aged up to 27"."""
    gettext = i18n.translations(language).gettext
    if target.min_age is not None and target.max_age is not None:
        return gettext("Aged %(min)d to %(max)d") % {"min": target.min_age, "max": target.max_age}
    if target.min_age is not None:
        return gettext("Aged %(min)d and over") % {"min": target.min_age}
    return gettext("Aged up to %(max)d") % {"max": target.max_age}


def target_line(target: TargetGroup, language: str) -> str:
    """Who an office is for, in one line: "Aged 18 to 27, Women." and the office's note."""
    parts = [age_line(target, language)] if target.min_age is not None or target.max_age is not None else []
    parts += [group_label(group, language) for group in target.groups]
    if target.max_years:
        parts.append(i18n.gettext(language, MAX_YEARS) % {"years": target.max_years})
    listed = format_list(parts, locale=language) + "." if parts else ""
    return " ".join(filter(None, (listed, target.note.get(language) if target.note else "")))


def hours_line(rules: tuple[OpeningRule, ...], language: str, today: dt.date) -> str:
    """The rules that hold today in one line: "Mo.–Do. 08:00–15:00; Fr. 08:00–12:00"."""
    by_time: dict[tuple, set[int]] = {}
    for rule in rules:
        if rule.valid_on(today):
            by_time.setdefault((rule.open, rule.close), set()).update(DAYS.index(day) for day in rule.days)
    short = get_day_names("abbreviated", locale=language)
    parts = []
    for (opens, closes), days in sorted(by_time.items(), key=lambda item: min(item[1])):
        runs: list[list[int]] = []
        for day in sorted(days):
            if runs and day == runs[-1][1] + 1:
                runs[-1][1] = day
            else:
                runs.append([day, day])
        # Three or more days in a row as a range, shorter runs one by one.
        names = [f"{short[a]}–{short[b]}" if b - a >= 2 else ", ".join(short[d] for d in range(a, b + 1)) for a, b in runs]
        parts.append(f"{', '.join(names)} {i18n.time_text(opens, language)}–{i18n.time_text(closes, language)}")
    return "; ".join(parts)
