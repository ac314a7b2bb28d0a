"""How the time matches of :mod:`claimgraph.nlp.times` are put together.

:class:`Found` is one recognised expression; :func:`select` keeps the longest non-overlapping ones,
:func:`combine` joins ranges ("from May to June") and applies leading prepositions and offsets
("since", "until", "two days after"), :func:`resolve_anaphora` anchors "a day earlier" or "since
then" to the nearest earlier resolved time, and :func:`role` tells a reporting time from an event
time. The lexicon and grammar are in :mod:`claimgraph.nlp.timelex`, the calendar arithmetic in
:mod:`claimgraph.nlp.timecalendar`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Literal

from claimgraph.model import Precision
from claimgraph.nlp.timecalendar import add_months, move_period, period_span, shift
from claimgraph.nlp.timelex import Grammar, amount, grammar, lexicon, looks_ahead, norm


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
    """The longest matches that do not overlap, in text order (the characters already taken are
    marked, so each match is checked against its own characters, not against every match taken)."""
    ranked = sorted(found, key=lambda f: (f.start - f.end, f.start))
    used = bytearray(max((f.end for f in ranked), default=0))
    taken: list[Found] = []
    for f in ranked:
        if f.end > f.start and used.find(1, f.start, f.end) < 0:
            taken.append(f)
            used[f.start:f.end] = b"\x01" * (f.end - f.start)
        elif f.end <= f.start and all(f.end <= t.start or f.start >= t.end for t in taken):
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
