"""Numbers in the reader's own digits: Persian pages write times, dates and sizes with
Persian digits, as the browser's Intl does for the finder's "open now" (kim.js), so
that one card never mixes ۸:۰۰ and 8:00; other languages keep 0-9."""

from __future__ import annotations

import datetime as dt
import re

from conftest import ROOT
from generator import i18n
from generator.reading.load import load
from generator.words import phrases


def test_persian_pages_write_persian_digits_and_the_others_0_to_9():
    directory = load(ROOT / "content")
    office = directory.offices["herne-sodingen-awo"]
    persian = phrases.hours_line(office.opening_hours, "fa", dt.date(2026, 12, 7))
    assert "۸:۰۰–۱۶:۳۰" in persian and not re.search(r"[0-9]", persian)
    assert i18n.date_text(dt.date(2026, 12, 7), "fa") == "۷ دسامبر ۲۰۲۶"
    assert not re.search(r"[0-9]", i18n.file_size(240_000, "fa"))
    for language in ("de", "ar", "uk", "tr"):
        assert "8:00" in phrases.hours_line(office.opening_hours, language, dt.date(2026, 12, 7)), language
