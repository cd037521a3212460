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


#: Years whose holidays are kept between runs (in the cache folder, beside the parsed rules): the
#: package's calendar for Indonesia loads every country's module first, a tenth of a second of each
#: process's start-up; dates outside these years still ask the package.
KEPT_YEARS = range(1990, 2061)


class HolidayCalendar:
    """Indonesia's national holidays by date, named in Indonesian (``get`` as a mapping's)."""

    def __init__(self, kept: Mapping[str, str]):
        self.kept = kept  # ISO date -> name, for KEPT_YEARS

    def get(self, day: datetime.date, default: str | None = None) -> str | None:
        if day.year in KEPT_YEARS:
            return self.kept.get(day.isoformat(), default)
        return _package_calendar().get(day, default)


@lru_cache(maxsize=1)
def _package_calendar() -> Mapping[datetime.date, str]:
    """The ``holidays`` package's calendar; years are filled in as they are asked for."""
    import holidays

    return holidays.country_holidays("ID", language="id")


def _kept_table() -> dict[str, str]:
    calendar = _package_calendar()
    for year in KEPT_YEARS:
        calendar.get(datetime.date(year, 1, 1))  # fills the year in
    return {day.isoformat(): name for day, name in calendar.items() if day.year in KEPT_YEARS}


@lru_cache(maxsize=1)
def indonesian_holidays() -> HolidayCalendar:
    """Indonesia's national holidays, named in Indonesian: for KEPT_YEARS from a table the first run
    makes and the next ones read (kept under the installed package's identity, so an upgrade of
    ``holidays`` makes it anew), for other years from the package."""
    import importlib.util
    import os

    from .rules import cached

    spec = importlib.util.find_spec("holidays")
    try:
        st = os.stat(spec.origin) if spec and spec.origin else None
    except OSError:
        st = None
    if st is None:
        return HolidayCalendar(_kept_table())
    key = f"ID-id-{KEPT_YEARS.start}-{KEPT_YEARS.stop}-{st.st_size}-{st.st_mtime_ns}"
    return HolidayCalendar(cached("holidays", key, _kept_table))


def date_warnings(date: str | None, calendar: Mapping[datetime.date, str] | HolidayCalendar) -> list[Warning]:
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
