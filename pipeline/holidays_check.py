"""A reviewer's hint about the meeting's date: a national holiday or a Sunday in Indonesia.

Planning meetings are held on working days, so a date that falls on Idul Fitri or a Sunday was more
likely misread (a deadline, a letter's date, a typo in the year) than met on. The calendar is the
``holidays`` package's for Indonesia (Islamic, Chinese, Hindu, Buddhist and Christian holidays by
year, fixed by the government's decrees), passed in so the check itself stays a pure function.
"""
from __future__ import annotations

import datetime
from functools import lru_cache
from typing import Mapping

from .records import Warning


@lru_cache(maxsize=1)
def indonesian_holidays() -> Mapping[datetime.date, str]:
    """Indonesia's national holidays, named in Indonesian; years are filled in as they are asked for."""
    import holidays

    return holidays.country_holidays("ID", language="id")


def date_warnings(date: str | None, calendar: Mapping[datetime.date, str]) -> list[Warning]:
    """``holiday`` when the ISO ``date`` is in ``calendar``, ``weekend`` when it is a Sunday; else nothing."""
    try:
        day = datetime.date.fromisoformat(date) if date else None
    except ValueError:
        return []
    if day is None:
        return []
    out = []
    name = calendar.get(day)
    if name:
        out.append(Warning("holiday", f"{date} is a national holiday in Indonesia ({name}); "
                                      "check that the meeting's date was read right"))
    if day.weekday() == 6:
        out.append(Warning("weekend", f"{date} is a Sunday (Minggu); check that the meeting's date was read right"))
    return out
