"""Dateline detection at the start of an article body: ``KYIV, Ukraine, Oct. 3 (Reuters) --``.

The body text is never changed: :class:`Dateline` reports where the dateline ends (``end``), so claim
spans keep indexing into the original text. Detection is conservative: a first line that does not
look like a dateline yields ``None``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

import yaml

from claimgraph.errors import Code, ConfigError

from ..nlp.lexicon import data_path, parse_yaml

_WORD = r"[^\W\d_][^\W\d_.'’\-]*\.?(?:['’.\-][^\W\d_]+\.?)*"
_NAME = rf"{_WORD}(?:(?:[ /]|/[ ]?){_WORD}){{0,4}}"
_DATE = r"(?P<month>[^\W\d_]{3,9})\.?[ ](?P<day>\d{1,2})(?:,?[ ](?P<year>\d{4}))?"
_SEP = r"(?P<sep>[ \t]*(?:—|–|―|--)|[ \t]+-(?=[ \t])|:(?=[ \t]))"
_PATTERN = re.compile(
    rf"(?P<lead>\s*)(?P<place>{_NAME})(?:,[ ](?P<region>{_NAME}))?(?:,[ ]{_DATE})?"
    rf"(?:[ ]\((?P<agency>[^()\n]{{1,60}})\))?{_SEP}\s*(?=\S)"
)


@dataclass(frozen=True)
class Dateline:
    """A dateline found at the start of a body.

    ``text`` is the place part as written ("CAMP HUMPHREYS, South Korea"); ``place`` is title-cased
    when written in capitals ("Camp Humphreys"); ``region`` is the part after the comma ("South
    Korea"); ``agency`` is the name in parentheses; ``date_text`` the date as written; ``end`` the
    offset where the body proper starts.
    """

    text: str
    place: str
    agency: str | None
    date_text: str | None
    end: int
    region: str | None = None
    date: dt.date | None = None

    @property
    def full_place(self) -> str:
        """Place and region joined, e.g. "Camp Humphreys, South Korea"."""
        return f"{self.place}, {self.region}" if self.region else self.place


@dataclass(frozen=True)
class DatelineLexicon:
    """Words the detector needs; see ``claimgraph/data/datelines.yaml``."""

    months: Mapping[str, int]
    agencies: Mapping[str, str]
    not_places: frozenset[str]
    particles: frozenset[str]


@lru_cache(maxsize=1)
def lexicon() -> DatelineLexicon:
    """Load the packaged dateline lexicon once (E013 when the file is malformed)."""
    try:
        raw = parse_yaml(data_path("datelines.yaml").read_text("utf-8"))
        return DatelineLexicon(
            months=MappingProxyType({_str(k).lower(): int(v) for k, v in raw["months"].items()}),
            agencies=MappingProxyType({_str(k).lower(): _str(v) for k, v in raw["agencies"].items()}),
            not_places=frozenset(_str(w).upper() for w in raw["not_places"]),
            particles=frozenset(_str(w).lower() for w in raw["particles"]),
        )
    except (yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError) as err:
        raise ConfigError(Code.E013, "datelines.yaml", f"{type(err).__name__}: {err}") from err


def _str(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {value!r}")
    return value


def detect_dateline(text: str) -> Dateline | None:
    """Find a dateline at the very start of ``text`` (its first line), or ``None``."""
    match = _PATTERN.match(text)
    if match is None or not _plausible(match):
        return None
    lex = lexicon()
    place, region = match["place"], match["region"]
    agency = match["agency"].strip() if match["agency"] else None
    return Dateline(
        text=text[match.start("place") : match.end("region") if region else match.end("place")],
        place=title_case(place, lex.particles) if _is_caps(place) else place,
        agency=agency,
        date_text=_date_text(match),
        end=match.end(),
        region=_region(region) if region else None,
        date=_date(match, lex.months),
    )


def agency_outlet(agency: str) -> str:
    """The outlet name for an agency in a dateline: "AP" -> "Associated Press"."""
    return lexicon().agencies.get(agency.lower(), agency)


def _plausible(match: re.Match[str]) -> bool:
    """Reject matches that are more likely an ordinary sentence than a dateline."""
    lex = lexicon()
    place, region, agency = match["place"], match["region"], match["agency"]
    caps = _is_caps(place)
    if place.upper() in lex.not_places or place.lower().rstrip(".") in lex.months:
        return False
    if not (caps or _is_title(place, lex.particles)):
        return False
    if not caps and (match["sep"] == ":" or not (region or match["month"] or agency)):
        return False
    if region and (region.lower().rstrip(".") in lex.months or not _is_title(region, lex.particles)):
        return False
    if match["month"] and not _valid_date_words(match, lex.months):
        return False
    return agency is None or _plausible_agency(agency.strip(), lex)


def _plausible_agency(agency: str, lex: DatelineLexicon) -> bool:
    if agency.lower() in lex.agencies:
        return True
    words = agency.split()
    return 0 < len(words) <= 6 and agency[0].isupper() and not any(c.isdigit() for c in agency)


def _valid_date_words(match: re.Match[str], months: Mapping[str, int]) -> bool:
    return match["month"].lower() in months and 1 <= int(match["day"]) <= 31


def _is_caps(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _is_title(name: str, particles: frozenset[str]) -> bool:
    """Every word capitalised, except known particles after the first ("Rio de Janeiro")."""
    words = re.split(r"[ /]+", name)
    first_ok = words[0][:1].isupper()
    return first_ok and all(w[:1].isupper() or w.lower() in particles for w in words[1:])


def title_case(name: str, particles: frozenset[str] = frozenset()) -> str:
    """Title-case an all-caps place: "PORT-AU-PRINCE" -> "Port-au-Prince", "KING'S LYNN" -> "King's Lynn"."""
    parts = re.split(r"([ /\-])", name.lower())
    out = [
        p if i and p in particles else _cap(p)
        for i, p in enumerate(parts)
    ]
    return "".join(out)


def _cap(word: str) -> str:
    if word.startswith("mc") and len(word) > 3:
        return "Mc" + word[2:].capitalize()
    head = word[:1].upper() + word[1:]
    # Capitalise after an apostrophe ("N'Djamena") but not a possessive ("King's").
    return re.sub(r"(['’])([^\W\d_]{2,})", lambda m: m[1] + m[2].capitalize(), head)


def _region(region: str) -> str:
    """Title-case an all-caps region word of four letters or more ("UKRAINE"), keep "UK", "N.C."."""
    words = region.split(" ")
    return " ".join(w.capitalize() if w.isalpha() and w.isupper() and len(w) > 3 else w for w in words)


def _date_text(match: re.Match[str]) -> str | None:
    if not match["month"]:
        return None
    return match.string[match.start("month") : match.end("year") if match["year"] else match.end("day")]


def _date(match: re.Match[str], months: Mapping[str, int]) -> dt.date | None:
    """The dateline's date, only when it states a year (a year is never guessed)."""
    if not match["year"]:
        return None
    try:
        return dt.date(int(match["year"]), months[match["month"].lower()], int(match["day"]))
    except ValueError:
        return None
