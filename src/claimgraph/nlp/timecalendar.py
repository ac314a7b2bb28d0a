"""Calendar arithmetic for :mod:`claimgraph.nlp.times`: pure functions on ``datetime.date``.

Intervals are inclusive ``(first day, last day)`` pairs; weeks run Monday to Sunday and seasons are
meteorological (three whole months).
"""

from __future__ import annotations

import calendar
import datetime as dt

Interval = tuple[dt.date, dt.date]


def safe_date(y: int, m: int, d: int) -> dt.date | None:
    """``date(y, m, d)`` or None when it does not exist."""
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def month_end(y: int, m: int) -> dt.date:
    """Last day of a month."""
    return dt.date(y, m, calendar.monthrange(y, m)[1])


def month_span(y: int, m: int) -> Interval:
    """The whole month."""
    return dt.date(y, m, 1), month_end(y, m)


def add_months(d: dt.date, n: int) -> dt.date:
    """``d`` moved by ``n`` calendar months, the day clamped to the month's end."""
    y, m = divmod(d.year * 12 + d.month - 1 + n, 12)
    return dt.date(y, m + 1, min(d.day, calendar.monthrange(y, m + 1)[1]))


def shift(d: dt.date, n: int, base: str) -> dt.date:
    """``d`` moved by ``n`` hours (whole days), days, months or years."""
    if base == "month":
        return add_months(d, n)
    if base == "year":
        return add_months(d, 12 * n)
    return d + dt.timedelta(days=n // 24 if base == "hour" else n)


def week_span(d: dt.date) -> Interval:
    """The Monday–Sunday week holding ``d``."""
    monday = d - dt.timedelta(days=d.weekday())
    return monday, monday + dt.timedelta(days=6)


def period_span(d: dt.date, unit: str) -> Interval:
    """The calendar week, month, quarter, year or decade holding ``d``."""
    if unit == "week":
        return week_span(d)
    if unit == "month":
        return month_span(d.year, d.month)
    if unit == "quarter":
        q = (d.month - 1) // 3
        return dt.date(d.year, 3 * q + 1, 1), month_end(d.year, 3 * q + 3)
    if unit == "decade":
        y = d.year - d.year % 10
        return dt.date(y, 1, 1), dt.date(y + 9, 12, 31)
    return dt.date(d.year, 1, 1), dt.date(d.year, 12, 31)


def move_period(d: dt.date, unit: str, n: int) -> dt.date:
    """A day ``n`` weeks, months, quarters, years or decades away from ``d``."""
    months = {"month": 1, "quarter": 3, "year": 12, "decade": 120}
    if unit == "week":
        return d + dt.timedelta(weeks=n)
    return add_months(d, months[unit] * n)


def weekday_near(pub: dt.date, wd: int, mode: str) -> dt.date:
    """The weekday ``wd`` near ``pub``: mode past (on or before), future (on or after), before
    (strictly), nearest (either way), last / next (in the previous / next Monday–Sunday week) or
    this (in the same week)."""
    back = (pub.weekday() - wd) % 7
    ahead = (wd - pub.weekday()) % 7
    if mode == "nearest":
        mode = "future" if ahead <= back else "past"
    if mode in ("past", "before"):
        return pub - dt.timedelta(days=back or (7 if mode == "before" else 0))
    if mode in ("future", "after"):
        return pub + dt.timedelta(days=ahead or (7 if mode == "after" else 0))
    weeks = {"last": -1, "next": 1}.get(mode, 0)
    return week_span(pub)[0] + dt.timedelta(days=wd, weeks=weeks)


def yearless(pub: dt.date, month: int, day: int | None, ahead: bool) -> int:
    """The year of a month (and day) written without one: the most recent on or before ``pub``,
    or the first on or after it when the clause looks ahead or the date is just ahead."""
    key = (month, day or 1)
    here = (pub.month, pub.day if day else 1)
    past = pub.year if key <= here else pub.year - 1
    future = pub.year if key >= here else pub.year + 1
    if ahead:
        return future
    gap_back = (pub.year - past) * 12 + pub.month - month
    return future if gap_back >= 11 and future != past else past


def season_span(start_year: int, months: tuple[int, int]) -> Interval:
    """A season starting in ``start_year`` (winter runs into the next year)."""
    m1, m2 = months
    return dt.date(start_year, m1, 1), month_end(start_year + (m2 < m1), m2)


def season_near(pub: dt.date, months: tuple[int, int], mode: str) -> Interval:
    """The season nearest ``pub``: past (latest begun), future (first not over), last (latest
    over), next (first not begun) or this (holding ``pub``, else this year's)."""
    spans = [season_span(y, months) for y in range(pub.year - 2, pub.year + 2)]
    if mode == "this":
        holding = [s for s in spans if s[0] <= pub <= s[1]]
        return holding[0] if holding else season_span(pub.year, months)
    pick = {
        "past": lambda: [s for s in spans if s[0] <= pub][-1],
        "last": lambda: [s for s in spans if s[1] < pub][-1],
        "future": lambda: next(s for s in spans if s[1] >= pub),
        "next": lambda: next(s for s in spans if s[0] > pub),
    }
    return pick[mode]()


def part_of(span: Interval, part: str) -> Interval:
    """The early / mid / late third of an interval ("start" reads as early, "end" as late): by
    months when it spans three or more whole months, else by days."""
    lo, hi = span
    k = {"early": 0, "start": 0, "mid": 1, "late": 2, "end": 2}[part]
    months = (hi.year - lo.year) * 12 + hi.month - lo.month + 1
    if lo.day == 1 and hi == month_end(hi.year, hi.month) and months >= 3:
        third = months // 3
        first = add_months(lo, k * third)
        last = add_months(lo, months - 1 if k == 2 else (k + 1) * third - 1)
        return first, month_end(last.year, last.month)
    n = (hi - lo).days + 1
    if n < 3:
        return span
    a = lo + dt.timedelta(days=k * (n // 3))
    b = hi if k == 2 else lo + dt.timedelta(days=(k + 1) * (n // 3) - 1)
    return a, b
