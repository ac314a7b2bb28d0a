"""The time lexicon and the regex grammar built from it, for :mod:`claimgraph.nlp.times`.

Both are built once (``lru_cache``) from the packaged ``data/times.yaml``; a malformed file raises
:class:`~claimgraph.errors.ConfigError` E013. Also here: reading amounts ("two weeks") and whether
a clause looks ahead ("will meet on").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Any

import yaml

from claimgraph.errors import Code, ConfigError

from .lexicon import data_path, parse_yaml


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
    text = data_path("times.yaml").read_text("utf-8")
    try:
        return _build_lexicon(parse_yaml(text))
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
