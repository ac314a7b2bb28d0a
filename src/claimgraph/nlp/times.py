"""Time expressions in news text, resolved to inclusive intervals of days (spaCy step
``claimgraph.times.v1``).

:func:`find_times` scans the text with compiled patterns built from ``data/times.yaml`` (no
per-token parsing), keeps the longest non-overlapping matches, joins ranges ("from May to June"),
applies "since" / "until" / "N days after", and finally resolves anaphoric times ("a day earlier",
"since then") against the nearest earlier resolved time. Conventions follow the gold guide: a bare
weekday or a date without a year is the most recent one on or before publication unless its clause
looks ahead ("will meet on Friday"); "last month" is the whole calendar month; "earlier this month"
runs from the 1st to the day before publication; weeks run Monday to Sunday; seasons are
meteorological. Without a publication date, relative times keep ``start``/``end`` None.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from claimgraph.model import Precision, TimeExpression
from claimgraph.nlp import extensions
from claimgraph.nlp import timecalendar as cal
from claimgraph.nlp import timelex as tl
from claimgraph.nlp.timecalendar import Interval
from claimgraph.nlp.timeparse import Anaphor, Ctx, Found, combine, resolve_anaphora, role, select

extensions.register()

FACTORY = "claimgraph_times_v1"  # spaCy forbids dots: the step "claimgraph.times.v1"

Handler = Callable[[re.Match[str], Ctx], Found | None]


_PRECISION: dict[str, Precision] = {"hour": "day", "day": "day", "week": "week", "month": "month",
                                    "year": "year", "decade": "decade", "quarter": "interval",
                                    "weekend": "interval"}


def _at(m: re.Match[str], span: Interval | None, precision: Precision, recur: str | None = None,
        anaphor: Anaphor | None = None) -> Found:
    lo, hi = span if span else (None, None)
    return Found(m.start(), m.end(), lo, hi, precision, recur, anaphor)


def _month_no(word: str) -> int | None:
    """Month number of a word, None for a lower-case "may"/"march" (a verb, not a month)."""
    lex = tl.lexicon()
    key = tl.norm(word).rstrip(".")
    if key in lex.case_sensitive and not word[:1].isupper():
        return None
    return lex.months.get(key)


def _part(word: str | None) -> str | None:
    if not word:
        return None
    key = tl.norm(word).replace("-", "").removeprefix("the ")
    return tl.lexicon().parts.get(key, key)


def _apply_part(span: Interval, part: str | None) -> Interval:
    return cal.part_of(span, part) if part in ("early", "mid", "late", "start", "end") else span


# --- handlers: one per pattern -------------------------------------------------------------------

def _iso(m: re.Match[str], ctx: Ctx) -> Found | None:
    d = cal.safe_date(int(m["y"]), int(m["m"]), int(m["d"]))
    return _at(m, (d, d), "day") if d else None


def _numeric(m: re.Match[str], ctx: Ctx) -> Found | None:
    a, b, y = int(m["a"]), int(m["b"]), int(m["y"])
    y = y + (2000 if y < 50 else 1900) if y < 100 else y
    d = cal.safe_date(y, a, b) or cal.safe_date(y, b, a)
    return _at(m, (d, d), "day") if d else None


def _day_month(m: re.Match[str], ctx: Ctx) -> Found | None:
    month = _month_no(m["mon"])
    if month is None:
        return None
    d1, d2 = int(m["d"]), int(m["d2"] or m["d"])
    precision: Precision = "interval" if d2 > d1 else "day"
    if m["y"]:
        year = int(m["y"])
    elif ctx.pub is None:
        return _at(m, None, precision, recur="year") if cal.safe_date(2000, month, d1) else None
    else:
        year = cal.yearless(ctx.pub, month, d1, ctx.ahead(m.start()))
        if m["wd"]:  # "Sunday, Jan. 5": the year whose Jan. 5 is a Sunday, if one is near
            wd = {**tl.lexicon().weekday_abbrevs, **tl.lexicon().weekdays}[tl.norm(m["wd"])]
            year = next((y for y in (year, year - 1, year + 1)
                         if (d := cal.safe_date(y, month, d1)) and d.weekday() == wd), year)
    lo, hi = cal.safe_date(year, month, d1), cal.safe_date(year, month, max(d1, d2))
    if lo is None:
        return None
    return _at(m, (lo, hi or lo), precision, recur=None if m["y"] else "year")


def _month_year(m: re.Match[str], ctx: Ctx) -> Found | None:
    month = _month_no(m["mon"])
    if month is None:
        return None
    return _at(m, _apply_part(cal.month_span(int(m["y"]), month), _part(m["part"])), "month")


def _month(m: re.Match[str], ctx: Ctx) -> Found | None:
    month, pre = _month_no(m["mon"]), tl.norm(m["pre"] or "")
    if month is None or not (pre or m["part"]) or ctx.prev_word(m.start()).lower() in tl.lexicon().set_words:
        return None
    if ctx.pub is None:
        return _at(m, None, "month", recur="year")
    pub = ctx.pub
    if pre in ("last", "next", "this"):
        year = {"last": pub.year - (month >= pub.month), "next": pub.year + (month <= pub.month)}.get(
            pre, pub.year)
    else:
        year = cal.yearless(pub, month, None, ctx.ahead(m.start()))
    return _at(m, _apply_part(cal.month_span(year, month), _part(m["part"])), "month", recur="year")


# What follows a match, read in place (``pattern.match(text, pos)``: slicing the rest of the text
# for each match made the scan quadratic in the length of the text).
_NEXT_WORD = re.compile(r"\s+([^\W\d_][\w'’-]*)")
_NEXT_CAPITAL = re.compile(r"\s+[A-Z]")
_NEXT_OF = re.compile(r"\s+of\b")
_CLAUSE_END = re.compile(r"\s*(?:[,.;:!?)]|$)")
_NEXT_OF_OR_CAPITAL = re.compile(r"\s+(?:of\b|[A-Z])")


def _noun_follows(ctx: Ctx, end: int) -> bool:
    """Whether a content word follows ``end`` ("2000 troops", "summer breaks")."""
    m = _NEXT_WORD.match(ctx.text, end)
    return m is not None and m[1].lower() not in tl.lexicon().followers


def _year_is_time(m: re.Match[str], ctx: Ctx) -> bool:
    """A bare four-digit number is a year after a temporal preposition or modifier, or when it
    ends a phrase; "the 2018 Camp Fire", "about 2000 troops", "of 2000 cases" are not times."""
    lex = tl.lexicon()
    pre = tl.norm(m["pre"] or "")
    if (pre and pre not in lex.weak_preps) or m["part"] or m["yr"] or m["y2"] or m["s"]:
        return True
    prev = "" if pre else ctx.prev_word(m.start())
    if prev.lower() in lex.quantity_words or prev.lower() in lex.determiners:
        return False
    if prev[:1].isupper() and not ctx.starts_sentence(m.start()):
        return False
    return not _noun_follows(ctx, m.end())


def _year(m: re.Match[str], ctx: Ctx) -> Found | None:
    if not _year_is_time(m, ctx):
        return None
    y = int(m["y"])
    if m["s"] and m["s"][0] == "s" and y % 10 == 0:
        return _at(m, _apply_part((dt.date(y, 1, 1), dt.date(y + 9, 12, 31)), _part(m["part"])), "decade")
    if m["y2"]:
        y2 = int(m["y2"]) + (y // 100 * 100 if len(m["y2"]) == 2 else 0)
        return _at(m, (dt.date(y, 1, 1), dt.date(y2, 12, 31)), "interval") if y2 > y else None
    return _at(m, _apply_part((dt.date(y, 1, 1), dt.date(y, 12, 31)), _part(m["part"])), "year")


_WEEKDAY_MODE = {"last": "last", "previous": "last", "past": "before", "this past": "before",
                 "next": "next", "coming": "after", "this coming": "after", "this": "this"}


def _weekday(m: re.Match[str], ctx: Ctx) -> Found | None:
    prev = ctx.prev_word(m.start()).lower()
    lex = tl.lexicon()
    if prev in lex.weekday_names or prev in lex.set_words:
        return None
    if prev == "the" and not m["rel"] and _NEXT_CAPITAL.match(ctx.text, m.end()):
        return None  # "the Sunday Times"
    if ctx.pub is None:
        return _at(m, None, "day", recur="week")
    rel = tl.norm(m["rel"] or "")
    until = not m["mod"] and prev in ("until", "till", "through", "thru")
    mode = _WEEKDAY_MODE.get(rel) or ("nearest" if until else "future" if ctx.ahead(m.start()) else "past")
    d = cal.weekday_near(ctx.pub, lex.weekdays[tl.norm(m["wd"])], mode)
    return _at(m, (d, d), "day", recur=None if rel else "week")


def _relday(m: re.Match[str], ctx: Ctx) -> Found | None:
    word = m["w"]
    if word[:1].isupper() and ctx.prev_word(m.start())[:1].isupper() and not ctx.starts_sentence(m.start()):
        return None  # "USA Today"
    if ctx.pub is None:
        return _at(m, None, "day")
    d = ctx.pub + dt.timedelta(days=tl.lexicon().relative_days[tl.norm(word)])
    return _at(m, (d, d), "day")


_REL_STEP = {"last": -1, "past": -1, "previous": -1, "this past": -1, "next": 1, "coming": 1,
             "this coming": 1, "this": 0, "the": 0}


def _current(pub: dt.date, unit: str, part: str | None, ahead: bool) -> Interval:
    """This week / month / year: up to publication, or from it when the clause looks ahead;
    "earlier" ends the day before publication, "later" starts on it."""
    lo, hi = cal.period_span(pub, unit)
    if part == "earlier":
        return lo, max(lo, pub - dt.timedelta(days=1))
    if part == "later" or (part is None and ahead):
        return pub, hi
    return _apply_part((lo, hi), part) if part else (lo, pub)


def _weekend(pub: dt.date, step: int, ahead: bool) -> Interval:
    mode = {-1: "last", 1: "next"}.get(step) or ("future" if ahead else "past")
    sat = cal.weekday_near(pub, 5, mode)
    if mode == "future" and pub.weekday() == 6:
        sat = pub - dt.timedelta(days=1)
    return sat, sat + dt.timedelta(days=1)


def _relperiod(m: re.Match[str], ctx: Ctx) -> Found | None:
    rel, unit, part = tl.norm(m["rel"] or "the"), tl.norm(m["unit"]), _part(m["part"])
    if (rel == "the" and not part and unit != "weekend") or not (m["rel"] or " of" in tl.norm(m["part"] or "")):
        return None  # "the year" alone, or "earlier week"
    seasons = tl.lexicon().seasons
    precision = "season" if unit in seasons else _PRECISION[unit]
    if ctx.pub is None:
        return _at(m, None, precision)
    pub, step, ahead = ctx.pub, _REL_STEP[rel], ctx.ahead(m.start())
    if unit == "weekend":
        return _at(m, _weekend(pub, step, ahead), "interval")
    if unit in seasons:
        mode = {-1: "last", 1: "next"}.get(step) or ("this" if rel == "this" else
                                                    "future" if ahead else "past")
        span = cal.season_near(pub, seasons[unit], mode)
        return _at(m, _apply_part(span, part), "season")
    if step == 0:
        return _at(m, _current(pub, unit, part, ahead), precision)
    part = {"earlier": "early", "later": "late"}.get(part or "", part)
    span = cal.period_span(cal.move_period(pub, unit, step), unit)
    return _at(m, _apply_part(span, part), precision)


def _rolling(m: re.Match[str], ctx: Ctx) -> Found | None:
    direction, amount = tl.norm(m["dir"]), tl.amount(m["n"] or (None if m["pl"] else "1"), m["unit"])
    unit = tl.norm(m["unit"])
    if amount is None or not (m["the"] or m["n"] or m["pl"] or direction == "recent"):
        return None
    if not m["n"] and not m["pl"] and (unit == "day" or direction == "previous"):
        return None  # "the next day", "the previous week": anaphoric
    if ctx.pub is None:
        return _at(m, None, "interval")
    n, base = amount
    if direction in ("next", "coming", "upcoming"):
        return _at(m, (ctx.pub + dt.timedelta(days=1), cal.shift(ctx.pub, n, base)), "interval")
    return _at(m, (cal.shift(ctx.pub, -n, base), ctx.pub), "interval")


def _within(m: re.Match[str], ctx: Ctx) -> Found | None:
    amount = tl.amount(m["n"] or (None if m["pl"] else "1"), m["unit"])
    if amount is None or _NEXT_OF.match(ctx.text, m.end()):
        return None
    if ctx.pub is None:
        return _at(m, None, "interval")
    return _at(m, (ctx.pub, cal.shift(ctx.pub, *amount)), "interval")


def _point(ctx: Ctx, n: int, base: str) -> Found:
    precision = _PRECISION[base]
    if ctx.pub is None:
        return Found(0, 0, precision=precision)
    d = cal.shift(ctx.pub, n, base)
    return Found(0, 0, d, d, precision)


def _anaphora(m: re.Match[str], ctx: Ctx) -> Found | None:
    if m["since"]:
        return _at(m, None, "interval", anaphor=Anaphor(since=True))
    direction = tl.norm(m["dir"] or m["dir2"] or "")
    if direction in ("before", "after") and not _CLAUSE_END.match(ctx.text, m.end()):
        return None  # "two days before the vote" is not anchored to a time we know
    sign = -1 if direction in ("earlier", "before") else 1
    if m["n"]:
        amount = tl.amount(m["n"], m["unit"])
        return _at(m, None, "day", anaphor=Anaphor(sign * amount[0], amount[1])) if amount else None
    rel, unit = tl.norm(m["rel"] or ""), tl.norm(m["unit2"] or m["unit3"] or "day")
    step = {"next": 1, "following": 1, "previous": -1}.get(rel, sign if direction else 0)
    if unit in ("week", "month", "year"):
        return _at(m, None, _PRECISION[unit], anaphor=Anaphor(step, "day", period=unit))
    return _at(m, None, "day", anaphor=Anaphor(step, "day"))


def _holiday(m: re.Match[str], ctx: Ctx) -> Found | None:
    month, day = tl.lexicon().holidays[tl.norm(m["h"])]
    if m["y"]:
        year = int(m["y"])
    elif ctx.pub is None:
        return _at(m, None, "day", recur="year")
    else:
        year = cal.yearless(ctx.pub, month, day, ctx.ahead(m.start()))
    d = dt.date(year, month, day)
    return _at(m, (d, d), "day")


def _quarter(m: re.Match[str], ctx: Ctx) -> Found | None:
    kind = (m["q"] or m["qa"] or m["qb"] or "").lower()[:1]
    n = tl.lexicon().ordinals.get(tl.norm(m["o"])) if m["o"] else int(m["qn"] or m["qn2"])
    year_text, rel = m["y"] or m["y2"] or m["y3"], tl.norm(m["rel"] or "")
    size = 3 if kind == "q" else 6
    if n is None or n * size > 12 or (kind == "h" and not (year_text or rel)):
        return None
    if year_text:
        year = int(year_text)
    elif ctx.pub is None:
        return _at(m, None, "interval", recur=None if rel else "year")
    elif rel:
        year = ctx.pub.year + _REL_STEP.get(rel, 0)
    else:
        year = cal.yearless(ctx.pub, size * (n - 1) + 1, None, ctx.ahead(m.start()))
    lo = dt.date(year, size * (n - 1) + 1, 1)
    return _at(m, (lo, cal.month_end(year, size * n)), "interval")


def _century(m: re.Match[str], ctx: Ctx) -> Found | None:
    n = int(m["n"])
    if not 1 <= n <= 21:
        return None
    return _at(m, (dt.date(100 * (n - 1) or 1, 1, 1), dt.date(100 * n - 1, 12, 31)), "interval")


def _to_date(m: re.Match[str], ctx: Ctx) -> Found | None:
    if ctx.pub is None:
        return _at(m, None, "interval")
    return _at(m, (dt.date(ctx.pub.year, 1, 1), ctx.pub), "interval")


def _season(m: re.Match[str], ctx: Ctx) -> Found | None:
    word, pre = tl.norm(m["s"]), tl.norm(m["pre"] or "")
    if not (m["y"] or (pre and pre not in ("and", "or")) or m["part"]):
        return None
    if not m["y"] and _NEXT_OF_OR_CAPITAL.match(ctx.text, m.end()):
        return None  # "the fall of Kabul", "the Summer Olympics"
    if word == "fall" and not (m["y"] or m["the"] or m["s"][0].isupper()):
        return None  # "expected to fall"
    if not m["y"] and _noun_follows(ctx, m.end()):
        return None  # "summer breaks"
    months, part = tl.lexicon().seasons[word], _part(m["part"])
    if m["y"]:
        return _at(m, _apply_part(cal.season_span(int(m["y"]), months), part), "season")
    if ctx.pub is None:
        return _at(m, None, "season", recur="year")
    mode = {"last": "last", "next": "next", "this": "this"}.get(pre) or (
        "future" if ctx.ahead(m.start()) else "past")
    return _at(m, _apply_part(cal.season_near(ctx.pub, months, mode), part), "season", recur="year")


@lru_cache(maxsize=1)
def recognisers() -> tuple[tuple[re.Pattern[str], Handler], ...]:
    """The compiled patterns, each with the handler that resolves its matches."""
    g, lex = tl.grammar(), tl.lexicon()
    pre, part, y = tl.alt(lex.time_preps + lex.weak_preps), g.part, r"(?:1[5-9]\d\d|20\d\d)"
    sfx = r"(?:st|nd|rd|th)?"
    end_num = r"(?![\d%]|[,.:]\d|\s*(?:%|percent\b))"
    day_range = rf"(?:\s*(?:-|–|to|through)\s*(?P<d2>\d{{1,2}}){sfx})?"
    wd_lead = rf"(?:(?P<wd>{g.weekday_any})\.?,?\s+)?"
    table: list[tuple[str, Handler]] = [
        (rf"(?<![\d/.])(?P<y>{y})-(?P<m>\d{{1,2}})-(?P<d>\d{{1,2}})(?![\d/])", _iso),
        (r"(?<![\d/.])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})(?![\d/])", _numeric),
        (rf"\b{wd_lead}(?P<mon>{g.month})\s*(?P<d>\d{{1,2}})(?!\d){sfx}{day_range}"
         rf"(?:\s*,?\s*(?:of\s+)?(?P<y>{y}))?{end_num}", _day_month),
        (rf"(?<![\d,.$£€])\b{wd_lead}(?:the\s+)?(?P<d>\d{{1,2}})(?!\d){sfx}{day_range}"
         rf"\s+(?:of\s+)?(?P<mon>{g.month})(?:,?\s+(?:of\s+)?(?P<y>{y})(?!\d))?", _day_month),
        (rf"\b(?:(?P<pre>{pre})\s+)?(?:(?P<part>{part})[\s-]*)?(?P<mon>{g.month}),?\s+"
         rf"(?:of\s+)?(?P<y>{y})(?![\d,.]\d|\d)", _month_year),
        (rf"\b(?:(?P<pre>{pre})\s+)?(?:(?P<part>{part})[\s-]*)?(?P<mon>{g.month_full})\b(?!\.?\s*\d)", _month),
        (rf"\b(?:(?P<pre>{pre})\s+)?(?:(?P<part>{part})[\s-]*)?(?P<yr>(?:the\s+)?year\s+(?:of\s+)?)?"
         rf"(?<![\d,.$£€#/:])(?P<y>{y})(?P<s>s\b|['’]s\b)?(?:\s*[-–]\s*(?P<y2>{y}|\d\d)\b)?"
         rf"(?![\d%]|[,.]\d|/\d|-[^\W\d_])", _year),
        (rf"\b(?:(?P<mod>early|late|earlier|later)\s+(?:on\s+)?)?(?:(?P<on>on)\s+)?"
         rf"(?:(?P<rel>this\s+coming|this\s+past|last|next|this|coming|past|previous)\s+)?"
         rf"(?P<wd>{g.weekday})(?:['’]s)?(?:\s+(?P<dp>{tl.alt(lex.day_parts)}))?\b", _weekday),
        (rf"\b(?P<w>{tl.alt(lex.relative_days)})\b", _relday),
        (rf"\b(?:(?P<part>{part}|earlier|later)\s+(?:in\s+|on\s+)?)?"
         r"(?:(?P<rel>this\s+coming|this\s+past|this|last|next|past|coming|previous|the)\s+)?"
         rf"(?P<unit>week|month|year|weekend|quarter|decade|{g.season})\b(?![-–]\w)", _relperiod),
        (rf"\b(?P<the>the\s+)?(?P<dir>next|coming|upcoming|past|last|previous|recent)\s+"
         rf"(?:(?P<n>{g.num})\s+)?(?P<unit>{g.unit})(?P<pl>s)?\b(?!\s+of\b)", _rolling),
        (rf"\bwithin\s+(?:the\s+)?(?:(?:next|coming)\s+)?(?:(?P<n>{g.num})\s+)?(?P<unit>{g.unit})(?P<pl>s)?\b",
         _within),
        (rf"\b(?:(?P<in>in)\s+)?(?P<n>{g.num})\s+(?P<unit>{g.unit})s?"
         r"(?:\s+(?P<dir>ago|from\s+now|hence)|['’]s?\s+(?P<time>time))?\b", _ago_or_in),
        (rf"\b(?:(?P<n>{g.num})\s+(?P<unit>{g.unit})s?\s+(?P<dir>later|earlier|before|after|afterwards?)"
         r"|(?:the|that)\s+(?P<rel>next|following|previous|same)\s+"
         r"(?P<unit2>day|morning|afternoon|evening|night|week|month|year)"
         r"|the\s+day\s+(?P<dir2>before|after)|(?P<that>that)\s+(?P<unit3>day|morning|evening|night)"
         r"|(?P<since>since\s+then))\b", _anaphora),
        (rf"\b(?P<h>{tl.alt(lex.holidays)})(?:\s+(?P<y>{y})(?!\d))?\b", _holiday),
        (rf"\b(?:(?:the\s+)?(?P<o>{g.ordinal})\s+(?P<q>quarter|half)(?:\s+of\s+(?:(?P<y>{y})|"
         rf"(?P<rel>this|last|next|the)\s+year))?|(?P<qa>[QH])(?P<qn>[1-4])(?:\s+of)?[\s-]*(?P<y2>{y})"
         rf"|(?P<y3>{y})[\s-]*(?P<qb>[QH])(?P<qn2>[1-4]))\b", _quarter),
        (r"\b(?:the\s+)?(?P<n>\d{1,2})(?:st|nd|rd|th)\s+century\b", _century),
        (r"\b(?:so\s+far\s+this\s+year|(?:the\s+)?year[\s-]to[\s-]date)\b", _to_date),
        (rf"\b(?:(?P<pre>{pre})\s+)?(?:(?P<part>{part})[\s-]*)?(?P<the>the\s+)?(?P<s>{g.season})\b"
         rf"(?:\s+(?:of\s+)?(?P<y>{y})(?!\d))?", _season),
    ]
    return tuple((re.compile(r"(?<!\w)(?=\w)" + p, re.I), h) for p, h in table)  # word starts only: faster


def _ago_or_in(m: re.Match[str], ctx: Ctx) -> Found | None:
    """ "two days ago", "three weeks from now", "in two weeks" (only when the clause looks ahead)."""
    amount, how = tl.amount(m["n"], m["unit"]), tl.norm(m["dir"] or "")
    if amount is None:
        return None
    if how in ("from now", "hence") or (m["in"] and (m["time"] or ctx.ahead(m.start()))):
        return replace(_point(ctx, amount[0], amount[1]), start=m.start(), end=m.end())
    if how == "ago":
        return replace(_point(ctx, -amount[0], amount[1]), start=m.start("n"), end=m.end())
    return None


def find_times(text: str, published: dt.date | None) -> list[TimeExpression]:
    """Every time expression in ``text``, in text order, resolved against ``published``.

    Spans are ``str`` offsets and ``text`` the exact substring. Relative expressions ("Friday",
    "last month") keep ``start``/``end`` None when ``published`` is None; dates with a year resolve
    regardless.
    """
    ctx = Ctx(text, published)
    found = resolve_anaphora(combine(select(_candidates(ctx)), ctx), published)
    return [
        TimeExpression(text=text[f.start:f.end], span=(f.start, f.end), start=f.lo, end=f.hi,
                       precision=f.precision, role=role(f, text))
        for f in found
    ]


def _candidates(ctx: Ctx) -> Iterator[Found]:
    for pattern, handler in recognisers():
        for m in pattern.finditer(ctx.text):
            try:
                found = handler(m, ctx)
            except (OverflowError, ValueError):  # "in 9,000 years", "Feb. 30": beyond the calendar, no time
                continue
            if found is not None and found.end > found.start:
                yield found


class TimesComponent:
    """spaCy step: ``doc._.times = find_times(doc.text, doc._.published)``."""

    def __call__(self, doc: Doc) -> Doc:
        doc._.times = find_times(doc.text, doc._.published)
        return doc


@Language.factory(FACTORY, assigns=["doc._.times"], requires=["doc._.published"])
def make_times(nlp: Language, name: str) -> TimesComponent:
    """Factory for claimgraph.times.v1 (no settings)."""
    return TimesComponent()
