"""Helpers of :mod:`claimgraph.nlp.times`: the lexicon, the compiled grammar and calendar arithmetic.

Everything here is pure: the lexicon and the grammar are built once (``lru_cache``) from the packaged
``data/times.yaml``; the date helpers take and return ``datetime.date`` values.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from types import MappingProxyType
from typing import Any

import yaml

from claimgraph.errors import Code, ConfigError

Day = dt.date
Interval = tuple[dt.date, dt.date]


@dataclass(frozen=True)
class Lexicon:
    """Words the time recogniser needs; see ``claimgraph/data/times.yaml`` for each list."""

    months: Mapping[str, int]
    case_sensitive: frozenset[str]
    weekdays: Mapping[str, int]
    weekday_abbrevs: Mapping[str, int]
    weekday_names: frozenset[str]
    seasons: Mapping[str, tuple[int, int]]
    holidays: Mapping[str, tuple[int, int]]
    numbers: Mapping[str, int]
    units: Mapping[str, tuple[int, str]]
    relative_days: Mapping[str, int]
    day_parts: tuple[str, ...]
    parts: Mapping[str, str]
    ordinals: Mapping[str, int]
    future_cues: tuple[str, ...]
    lead_cues: tuple[str, ...]
    clause_breaks: tuple[str, ...]
    reporting: frozenset[str]
    time_preps: tuple[str, ...]
    quantity_words: frozenset[str]
    determiners: frozenset[str]
    set_words: frozenset[str]


def _words(raw: Iterable[Any]) -> tuple[str, ...]:
    return tuple(str(w).lower() for w in raw)


def _pair(v: Any) -> tuple[int, int]:
    a, b = v
    return int(a), int(b)


def _build_lexicon(raw: Mapping[str, Any]) -> Lexicon:
    low = {k: {str(w).lower(): v for w, v in raw[k].items()} for k in (
        "months", "weekdays", "weekday_abbrevs", "seasons", "holidays", "numbers", "units",
        "relative_days", "parts", "ordinals")}
    return Lexicon(
        months=MappingProxyType({k: int(v) for k, v in low["months"].items()}),
        case_sensitive=frozenset(_words(raw["case_sensitive"])),
        weekdays=MappingProxyType({k: int(v) for k, v in low["weekdays"].items()}),
        weekday_abbrevs=MappingProxyType({k: int(v) for k, v in low["weekday_abbrevs"].items()}),
        weekday_names=frozenset(_words(raw["weekday_names"])),
        seasons=MappingProxyType({k: _pair(v) for k, v in low["seasons"].items()}),
        holidays=MappingProxyType({k: _pair(v) for k, v in low["holidays"].items()}),
        numbers=MappingProxyType({k: int(v) for k, v in low["numbers"].items()}),
        units=MappingProxyType({k: (int(v[0]), str(v[1])) for k, v in low["units"].items()}),
        relative_days=MappingProxyType({k: int(v) for k, v in low["relative_days"].items()}),
        day_parts=_words(raw["day_parts"]),
        parts=MappingProxyType({k: str(v) for k, v in low["parts"].items()}),
        ordinals=MappingProxyType({k: int(v) for k, v in low["ordinals"].items()}),
        future_cues=tuple(str(w) for w in raw["future_cues"]),
        lead_cues=_words(raw["lead_cues"]),
        clause_breaks=_words(raw["clause_breaks"]),
        reporting=frozenset(_words(raw["reporting"])),
        time_preps=_words(raw["time_preps"]),
        quantity_words=frozenset(_words(raw["quantity_words"])),
        determiners=frozenset(_words(raw["determiners"])),
        set_words=frozenset(_words(raw["set_words"])),
    )


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """Load the packaged time lexicon once (raises ``ConfigError`` E013 when it is malformed)."""
    text = files("claimgraph").joinpath("data/times.yaml").read_text("utf-8")
    try:
        return _build_lexicon(yaml.safe_load(text))
    except (KeyError, TypeError, ValueError, AttributeError, yaml.YAMLError) as err:
        raise ConfigError(Code.E013, "times.yaml", f"{type(err).__name__}: {err}") from err


# --- the grammar -------------------------------------------------------------------------------

def alt(words: Iterable[str]) -> str:
    """A regex alternation of literal phrases, longest first; a space matches any whitespace and a
    straight apostrophe a curly one too."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    escaped = (re.escape(w).replace(r"\ ", r"\s+").replace("'", "['’]") for w in ordered)
    return "(?:" + "|".join(escaped) + ")"


def norm(s: str) -> str:
    """Lower case with single spaces and straight apostrophes: the key form of a lexicon phrase."""
    return " ".join(s.lower().replace("’", "'").split())


@dataclass(frozen=True)
class Grammar:
    """Regex building blocks (strings) and compiled helper patterns made from the lexicon."""

    num: str
    unit: str
    month: str
    month_full: str
    weekday: str
    weekday_any: str
    part: str
    season: str
    ordinal: str
    future: re.Pattern[str]
    lead: re.Pattern[str]
    breaks: re.Pattern[str]


@lru_cache(maxsize=1)
def grammar() -> Grammar:
    """Build the regex pieces once from the lexicon."""
    lex = lexicon()
    full = [w for w, n in lex.months.items() if len(w) > 3 and w != "sept"]
    parts = [w.replace(" of", r"\s+of") for w in sorted(lex.parts, key=len, reverse=True)]
    part = "(?:(?:the\\s+)?(?:" + "|".join(p for p in parts if "of" in p) + ")|" + "|".join(
        p for p in parts if "of" not in p) + ")"
    return Grammar(
        num=r"(?:\d{1,3}|" + alt(lex.numbers) + ")",
        unit=alt(lex.units),
        month=alt(lex.months),
        month_full=alt(full),
        weekday=alt(lex.weekdays),
        weekday_any=alt([*lex.weekdays, *lex.weekday_abbrevs]),
        part=part,
        season=alt(lex.seasons),
        ordinal=alt(lex.ordinals),
        future=re.compile(r"(?:^|\b|(?<=\s))(?:" + "|".join(lex.future_cues) + r")\b", re.I),
        lead=re.compile(r"\b" + alt(lex.lead_cues) + r"\s+(?:on\s+)?$", re.I),
        breaks=re.compile(r"[.;:!?,\"“”()\[\]—]|\b" + alt(lex.clause_breaks) + r"\b", re.I),
    )


def number(word: str) -> int | None:
    """The value of a number written in digits or words ("two", "several"), else None."""
    w = norm(word)
    return int(w) if w.isdigit() else lexicon().numbers.get(w)


def looks_ahead(text: str, pos: int) -> bool:
    """Whether the clause before ``pos`` points to the future ("will meet on", "until")."""
    g = grammar()
    window = text[max(0, pos - 120):pos]
    if g.lead.search(window):
        return True
    cut = 0
    for m in g.breaks.finditer(window):
        cut = m.end()
    return g.future.search(window[cut:]) is not None


# --- calendar arithmetic -----------------------------------------------------------------------

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
    """The weekday ``wd`` nearest ``pub``: mode past (on or before), last (before), future (on or
    after), next (after) or this (in the same Monday–Sunday week)."""
    back = (pub.weekday() - wd) % 7
    ahead = (wd - pub.weekday()) % 7
    if mode == "past":
        return pub - dt.timedelta(days=back)
    if mode == "last":
        return pub - dt.timedelta(days=back or 7)
    if mode == "future":
        return pub + dt.timedelta(days=ahead)
    if mode == "next":
        return pub + dt.timedelta(days=ahead or 7)
    return week_span(pub)[0] + dt.timedelta(days=wd)


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
        "future": lambda: [s for s in spans if s[1] >= pub][0],
        "next": lambda: [s for s in spans if s[0] > pub][0],
    }
    return pick[mode]()


def part_of(span: Interval, part: str) -> Interval:
    """The early / mid / late third, or the start / end, of an interval (by months when it spans
    three or more whole months, else by days)."""
    lo, hi = span
    months = (hi.year - lo.year) * 12 + hi.month - lo.month + 1
    if lo.day == 1 and hi == month_end(hi.year, hi.month) and months >= 3:
        if part in ("start", "end") and months >= 12:
            first = add_months(lo, 0 if part == "start" else months - 1)
            return month_span(first.year, first.month)
        third = months // 3
        k = {"early": 0, "start": 0, "mid": 1, "late": 2, "end": 2}[part]
        first = add_months(lo, k * third)
        last = add_months(lo, months - 1 if k == 2 else (k + 1) * third - 1)
        return first, month_end(last.year, last.month)
    n = (hi - lo).days + 1
    if n < 3:
        return span
    k = {"early": 0, "start": 0, "mid": 1, "late": 2, "end": 2}[part]
    a = lo + dt.timedelta(days=k * (n // 3))
    b = hi if k == 2 else lo + dt.timedelta(days=(k + 1) * (n // 3) - 1)
    return a, b
