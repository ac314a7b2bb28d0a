"""The lexicon of the quantities component (package data ``data/quantities.yaml``), built once.

:class:`NumberLexicon` holds the number words the parser of :mod:`claimgraph.nlp.numbers` reads
("twenty", "million", "thirds", "lakh"); :class:`QuantityLexicon` adds what the quantities scan
looks up around a number: cues ("about", "at least"), units, vague counts, durations, months.
Phrases are tokenised by a blank English pipeline and matched as lower-case token tuples.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language

from .lexicon import data_path, parse_yaml


@dataclass(frozen=True)
class NumberLexicon:
    """The number-word part of the lexicon, as frozen lookups."""

    units: Mapping[str, float]
    tens: Mapping[str, float]
    hundred: frozenset[str]
    scales: Mapping[str, float]
    dozens: Mapping[str, float]
    denominators: Mapping[str, float]
    ordinal_units: Mapping[str, float]
    negative: frozenset[str]
    point: frozenset[str]
    suffix_scales: Mapping[str, float]
    currency_suffix_scales: Mapping[str, float]
    vulgar: Mapping[str, float]
    starts: frozenset[str]
    suffix_units: frozenset[str]    # units that may be glued to digits ("4km", "52%")

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> NumberLexicon:
        """Build from the lexicon file (its ``numbers`` and ``units`` sections)."""
        d, u = data["numbers"], data["units"]
        glued = {w for k in ("measure", "percent", "currency_after") for w in u[k] if " " not in w}
        f = {k: {str(w): float(v) for w, v in d[k].items()} for k in (
            "units", "tens", "scales", "dozens", "denominators", "ordinal_units", "suffix_scales",
            "currency_suffix_scales", "vulgar_fractions")}
        starts = {*f["units"], *f["tens"], *f["vulgar_fractions"], *d["negative"], "a", "an", "half", "quarter"}
        return cls(f["units"], f["tens"], frozenset(d["hundred"]), f["scales"], f["dozens"],
                   f["denominators"], f["ordinal_units"], frozenset(d["negative"]),
                   frozenset(d["decimal_point"]), f["suffix_scales"], f["currency_suffix_scales"],
                   f["vulgar_fractions"], frozenset(starts), frozenset(glued))


class Phrases:
    """Token phrases (lower case) mapped to a label, matched before or after a position."""

    def __init__(self, items: Mapping[tuple[str, ...], str]) -> None:
        self.items = dict(items)
        self.longest = max(map(len, self.items), default=0)

    def before(self, lowers: Sequence[str], end: int) -> tuple[int, str] | None:
        """The longest phrase ending just before ``end``: (its start, label)."""
        for k in range(min(self.longest, end), 0, -1):
            label = self.items.get(tuple(lowers[end - k:end]))
            if label is not None:
                return end - k, label
        return None

    def after(self, lowers: Sequence[str], start: int) -> tuple[int, str] | None:
        """The longest phrase starting at ``start``: (its end, label)."""
        for k in range(min(self.longest, len(lowers) - start), 0, -1):
            label = self.items.get(tuple(lowers[start:start + k]))
            if label is not None:
                return start + k, label
        return None


@dataclass(frozen=True)
class QuantityLexicon:
    """Everything the quantities component looks up (see ``data/quantities.yaml``)."""

    numbers: NumberLexicon
    cues: Phrases               # approximate / lower / upper, before a number
    cues_after: Phrases         # the same after it ("or more", "or so")
    units: tuple[Phrases, ...]  # percent, measure, currency after the number
    currency_prefix: Mapping[str, str]
    measure_before: Phrases
    vague_plural: Mapping[str, float]
    needs_of: frozenset[str]
    vague_standalone: Mapping[str, float]
    multipliers: Phrases
    unspec_adjectives: frozenset[str]
    unspec_nouns: frozenset[str]
    between: frozenset[str]
    range_from: frozenset[str]
    range_to: frozenset[str]
    change_verbs: frozenset[str]
    additive: frozenset[str]
    durations: frozenset[str]
    fillers: frozenset[str]
    times_of_day: Phrases
    times_before: Phrases
    months: frozenset[str]
    year_prepositions: frozenset[str]
    ages: Phrases
    labels: frozenset[str]
    hyphen_counts: frozenset[str]
    anaphoric: frozenset[str]
    person_nouns: frozenset[str]
    casualty_verbs: frozenset[str]
    unit_aliases: Mapping[str, str]
    name_labels: frozenset[str]
    starts: frozenset[str]      # lower-cased words that may begin an expression

    @property
    def currency_after(self) -> Phrases:
        return self.units[2]

    def unit_of(self, words: tuple[str, ...]) -> str | None:
        """The normalised unit a phrase names ("km" -> "km", "%" -> "percent")."""
        return next((ph.items[words] for ph in self.units if words in ph.items), None)


@lru_cache(maxsize=1)
def blank_english() -> Language:
    """A blank English pipeline: the tokenizer for lexicon phrases and plain text."""
    return spacy.blank("en")


def _phrases(groups: Mapping[str, Iterable[Any]]) -> Phrases:
    """Phrases from ``{label: [phrase, ...]}`` or ``{label: {phrase: value}}`` (value is the label)."""
    tok = blank_english().tokenizer
    items: dict[tuple[str, ...], str] = {}
    for label, entries in groups.items():
        pairs = entries.items() if isinstance(entries, Mapping) else ((e, label) for e in entries)
        for phrase, value in pairs:
            items[tuple(t.lower_ for t in tok(str(phrase)))] = str(value)
    return Phrases(items)


def _set(values: Iterable[Any]) -> frozenset[str]:
    return frozenset(str(x) for x in values)


@lru_cache(maxsize=1)
def quantity_lexicon() -> QuantityLexicon:
    """The quantities lexicon (package data), built once."""
    d = load_data()
    c, u, v, un = d["cues"], d["units"], d["vague"], d["unspecified"]
    lex = number_lexicon()
    multipliers = _phrases({"m": {k: k for k in v["multipliers"]}})
    starts = {*lex.starts, *v["plural"], *v["standalone"], *un["adjectives"], *u["currency_prefix"],
              *(p[0] for p in multipliers.items)}
    return QuantityLexicon(
        numbers=lex, cues=_phrases({k: c[k] for k in ("approximate", "lower", "upper")}),
        cues_after=_phrases({"approximate": c["approximate_after"], "lower": c["lower_after"],
                             "upper": c["upper_after"]}),
        units=tuple(_phrases({"u": u[k]}) for k in ("percent", "measure", "currency_after")),
        currency_prefix=dict(u["currency_prefix"]), measure_before=_phrases({"m": u["measure_before"]}),
        vague_plural={k: float(x) for k, x in v["plural"].items()}, needs_of=_set(v["needs_of"]),
        vague_standalone={k: float(x) for k, x in v["standalone"].items()}, multipliers=multipliers,
        unspec_adjectives=_set(un["adjectives"]), unspec_nouns=_set(un["nouns"]),
        between=_set(c["range_between"]), range_from=_set(c["range_from"]), range_to=_set(c["range_to"]),
        change_verbs=_set(c["change_verbs"]), additive=_set(c["additive_after"]), durations=_set(d["durations"]),
        fillers=_set(d["duration_fillers"]), times_of_day=_phrases({"t": d["times_of_day"]}),
        times_before=_phrases({"t": d["times_before"]}), months=_set(d["months"]),
        year_prepositions=_set(d["year_prepositions"]), ages=_phrases({"a": d["ages"]}), labels=_set(d["labels"]),
        hyphen_counts=_set(d["hyphen_counts"]),
        anaphoric=_set(d["anaphoric_determiners"]), person_nouns=_set(d["person_nouns"]),
        casualty_verbs=_set(d["casualty_verbs"]), unit_aliases=dict(d["unit_aliases"]),
        name_labels=_set(d["name_entity_labels"]), starts=frozenset(starts))


@lru_cache(maxsize=1)
def load_data() -> dict[str, Any]:
    """The whole quantities lexicon (package data), read once."""
    text = data_path("quantities.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = parse_yaml(text)
    return data


@lru_cache(maxsize=1)
def number_lexicon() -> NumberLexicon:
    """The number-word lexicon, built once."""
    return NumberLexicon.from_data(load_data())
