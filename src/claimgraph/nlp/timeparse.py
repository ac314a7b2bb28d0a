"""Helpers of :mod:`claimgraph.nlp.times`: the lexicon, the compiled grammar and calendar arithmetic.

Everything here is pure: the lexicon and the grammar are built once (``lru_cache``) from the packaged
``data/times.yaml``; the date helpers take and return ``datetime.date`` values.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib.resources import files
from types import MappingProxyType
from typing import Any, Literal

import yaml

from claimgraph.errors import Code, ConfigError
from claimgraph.model import Precision

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
    weak_preps: tuple[str, ...]
    followers: frozenset[str]
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
        weak_preps=_words(raw["weak_preps"]),
        followers=frozenset(_words(raw["followers"])),
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
    full = [max((w for w, k in lex.months.items() if k == n), key=len) for n in range(1, 13)]
    parts = [w.replace(" of", r"\s+of") for w in sorted(lex.parts, key=len, reverse=True)]
    part = "(?:(?:the\\s+)?(?:" + "|".join(p for p in parts if "of" in p) + ")|" + "|".join(
        p for p in parts if "of" not in p) + ")"
    return Grammar(
        num=r"(?:\d{1,3}|" + alt(lex.numbers) + ")",
        unit=alt(lex.units),
        month=rf"(?:{alt(full)}|{alt(set(lex.months) - set(full))}\.?)(?![^\W\d_])",
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


def amount(count: str | None, unit: str | None) -> tuple[int, str] | None:
    """(n, base) of "two weeks" -> (14, "day"); a plural without a count reads as "several"."""
    key = norm(unit or "day").removesuffix("s")
    lex = lexicon()
    if key not in lex.units:
        return None
    per, base = lex.units[key]
    n = number(count) if count else lex.numbers["several"]
    return (n * per, base) if n is not None else None


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

# --- matches and how they are put together ----------------------------------------------------

@dataclass(frozen=True)
class Anaphor:
    """A time relative to the previous resolved one: ``n`` units of ``base`` away, or the whole
    ``period`` (week, month, year) around that day, or (``since``) from it until publication."""

    n: int = 0
    base: str = "day"
    period: str | None = None
    since: bool = False


@dataclass(frozen=True)
class Found:
    """One recognised expression: its span and resolved interval (None where unresolved).
    ``recur`` says what the text left out ("week" for a bare weekday, "year" for "June 18")."""

    start: int
    end: int
    lo: dt.date | None = None
    hi: dt.date | None = None
    precision: Precision = "unknown"
    recur: str | None = None
    anaphor: Anaphor | None = None


@dataclass(frozen=True)
class Ctx:
    """The text being read and its publication date."""

    text: str
    pub: dt.date | None

    def ahead(self, pos: int) -> bool:
        """Whether the clause before ``pos`` looks ahead."""
        return looks_ahead(self.text, pos)

    def starts_sentence(self, pos: int) -> bool:
        """Whether ``pos`` opens the text, a line or a sentence."""
        window = self.text[max(0, pos - 8):pos].rstrip(" \t")
        return window[-1:] in ".!?\n\"“”'’(" if window else pos <= 8

    def prev_word(self, pos: int) -> str:
        """The word just before ``pos`` as written ('' at the start)."""
        words = re.findall(r"[\w'’]+", self.text[max(0, pos - 40):pos])
        return words[-1] if words else ""


def select(found: Iterable[Found]) -> list[Found]:
    """The longest matches that do not overlap, in text order."""
    taken: list[Found] = []
    for f in sorted(found, key=lambda f: (f.start - f.end, f.start)):
        if all(f.end <= t.start or f.start >= t.end for t in taken):
            taken.append(f)
    return sorted(taken, key=lambda f: f.start)


_CONNECT = re.compile(r"\s*(?:-|–|—|~|to|through|thru|until|till|and)\s*", re.I)
_LEADS = (r"since|until|till|through|thru|on|in|during|over|at|throughout|from|between|to|and|"
          r"as\s+early\s+as|as\s+late\s+as|as\s+of")
_LEAD_IN = re.compile(rf"({_LEADS})\s+", re.I)
_LEAD_BEFORE = re.compile(rf"\b({_LEADS})\s+$", re.I)


def _lead(f: Found, text: str) -> tuple[str, int, int]:
    """The preposition leading ``f`` (inside the match, "in 2018", or just before it): the word,
    where it starts and where the time proper starts."""
    m = _LEAD_IN.match(text, f.start, f.end)
    if m:
        return norm(m[1]), f.start, m.end()
    window = text[max(0, f.start - 20):f.start]
    m = _LEAD_BEFORE.search(window)
    if m:
        return norm(m[1]), f.start - len(window) + m.start(), f.start
    return "", f.start, f.start


def _recur_shift(f: Found, step: int) -> Found:
    if f.lo is None or f.hi is None or f.recur is None:
        return f
    move: Callable[[dt.date], dt.date] = (
        (lambda d: d + dt.timedelta(weeks=step)) if f.recur == "week" else
        (lambda d: add_months(d, 12 * step)))
    return replace(f, lo=move(f.lo), hi=move(f.hi))


def _range(a: Found, b: Found, text: str) -> Found | None:
    """ "from May to June", "between 2014 and 2018", "Monday-Friday": one interval."""
    if a.anaphor or b.anaphor:
        return None
    opener, start, _ = _lead(a, text)
    word, _, b_core = _lead(b, text)
    gap = text[a.end:b_core if word in ("to", "and", "through", "thru", "until", "till") else b.start]
    link = gap.strip().lower()
    bare = link in ("-", "–", "—", "~", "through", "thru")  # a range even without "from"
    if not _CONNECT.fullmatch(gap) or not (bare or opener in ("from", "between")):
        return None
    if link == "and" and opener != "between":
        return None
    start = start if opener in ("from", "between") else a.start
    if a.lo is None or b.lo is None or b.hi is None:
        return Found(start, b.end, precision="interval")
    a, b = _align(a, b)
    if a.lo is None or b.hi is None or a.lo > b.hi:
        return None
    return Found(start, b.end, a.lo, b.hi, "interval")


def _nearest(f: Found, limit: dt.date, after: bool) -> Found:
    """The occurrence of a recurring ``f`` nearest ``limit``: the first ending on or after it
    (``after``) or the latest starting on or before it."""
    for _ in range(60):
        if f.lo is None or f.hi is None:
            break
        wrong_side = f.hi < limit if after else f.lo > limit
        step = (1 if after else -1) if wrong_side else (-1 if after else 1)
        nxt = _recur_shift(f, step)
        if not wrong_side and (nxt.lo is None or nxt.hi is None or
                               (nxt.hi < limit if after else nxt.lo > limit)):
            break
        f = nxt
    return f


def _align(a: Found, b: Found) -> tuple[Found, Found]:
    """Order the ends of a range written without a year or week: the start is the latest one not
    after a fixed end ("from Jan. 3 to Feb. 5, 2026"); a recurring end is the first one not before
    the start ("from Monday through Wednesday")."""
    if a.lo is None or b.lo is None:
        return a, b
    if a.recur and not b.recur:
        return _nearest(a, b.lo, after=False), b
    return a, (_nearest(b, a.lo, after=True) if b.recur else b)


def _offset(f: Found, g: Grammar, text: str) -> Found | None:
    """ "two days after today", "three weeks from tomorrow": moved from a resolved time."""
    window = text[max(0, f.start - 40):f.start]
    m = re.search(rf"\b(?P<n>{g.num})\s+(?P<unit>{g.unit})s?\s+(?P<dir>after|before|from)\s+$", window, re.I)
    size = amount(m["n"], m["unit"]) if m else None
    if m is None or size is None:
        return None
    start = f.start - len(window) + m.start()
    if f.lo is None:
        return Found(start, f.end, precision="day")
    d = shift(f.lo, size[0] * (-1 if m["dir"].lower() == "before" else 1), size[1])
    return Found(start, f.end, d, d, "day")


def _prefixed(f: Found, ctx: Ctx) -> Found:
    """Take in a leading preposition; "since X" runs to publication, "until X" from it."""
    moved = _offset(f, grammar(), ctx.text)
    if moved is not None or f.anaphor:
        return moved or f
    word, start, _ = _lead(f, ctx.text)
    pub = ctx.pub
    if word == "since" and f.lo is not None and (pub is None or f.lo <= pub):
        return Found(start, f.end, f.lo, pub, "interval")
    if word in ("until", "till", "through", "thru") and pub and f.lo and f.hi and f.hi >= pub:
        return Found(start, f.end, min(pub, f.lo), f.hi, "interval")
    return f if word in ("from", "between", "to", "and") else replace(f, start=start)


def _attach_years(found: list[Found], text: str) -> list[Found]:
    """ "December 16 last year", "January 29 of this year": the year of the second is the first's."""
    out: list[Found] = []
    for f in found:
        a = out[-1] if out else None
        if (a and a.recur == "year" and a.lo and a.hi and f.precision == "year" and f.lo
                and re.fullmatch(r"\s*(?:,\s*|of\s+)?", text[a.end:f.start])):
            years = f.lo.year - a.lo.year
            out[-1] = Found(a.start, f.end, add_months(a.lo, 12 * years), add_months(a.hi, 12 * years),
                            a.precision)
        else:
            out.append(f)
    return out


def combine(found: list[Found], ctx: Ctx) -> list[Found]:
    """Give yearless dates their written year, join ranges, then apply leading prepositions and
    offsets, in text order."""
    found = _attach_years(found, ctx.text)
    out: list[Found] = []
    i = 0
    while i < len(found):
        joined = _range(found[i], found[i + 1], ctx.text) if i + 1 < len(found) else None
        out.append(joined if joined else _prefixed(found[i], ctx))
        i += 2 if joined else 1
    return out


_GRAIN = {"day": 0, "week": 1, "month": 2, "season": 3, "year": 4, "decade": 5}


def _anchored(f: Found, a: Anaphor, anchor: Found | None, pub: dt.date | None) -> Found:
    if a.since:
        return replace(f, lo=anchor.lo if anchor else None, hi=pub)
    if anchor is None or anchor.lo is None:
        return f
    if a.period is None:
        if anchor.precision != "day":
            return f
        d = shift(anchor.lo, a.n, a.base)
        return replace(f, lo=d, hi=d)
    if _GRAIN.get(anchor.precision, 9) > _GRAIN[a.period]:
        return f  # "the following week" after "in 2004" says nothing
    lo, hi = period_span(move_period(anchor.lo, a.period, a.n), a.period)
    return replace(f, lo=lo, hi=hi)


def resolve_anaphora(found: list[Found], pub: dt.date | None) -> list[Found]:
    """Anchor "a day earlier", "the next week", "since then" to the nearest earlier resolved time
    (a day for offsets, any time for "since then"); without an anchor they stay unresolved."""
    out: list[Found] = []
    anchor: Found | None = None
    for f in found:
        if f.anaphor is not None:
            f = _anchored(f, f.anaphor, anchor, pub)
        if f.lo is not None:
            anchor = f
        out.append(f)
    return out


def role(f: Found, text: str) -> Literal["said", "event"]:
    """ "said" when a reporting word stands right next to the time ("said on Monday", "a Friday
    report"), else "event"."""
    reporting = lexicon().reporting
    before = re.findall(r"[\w'’]+", text[max(0, f.start - 30):f.start])[-2:]
    after = re.match(r"\s+([\w'’]+)", text[f.end:f.end + 20])
    words = [w.lower() for w in before] + ([after[1].lower()] if after else [])
    return "said" if any(w in reporting for w in words) else "event"
