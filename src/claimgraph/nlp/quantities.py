"""Counts and amounts: the ``claimgraph.quantities.v1`` component.

A cheap left-to-right token scan finds numbers (digits, words, vague counts such as "thousands
of", "an unspecified number of"), reads the cue before them ("about", "at least", "up to",
"between ... and"), and skips what is not a quantity: durations, dates and years, times of day,
ages, ordinals and numbers inside names. The dependency parse, where present, gives the counted
noun ("troops") or the casualty verb a number is the subject of ("killed or wounded"). Without a
parse (``parse_number_text``) the same scan runs on tokens alone.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Token

from ..model import Quantity
from . import extensions
from .numbers import (
    NumberLexicon,
    Tokens,
    has_digit,
    load_data,
    number_lexicon,
    parse_number,
    parse_range_token,
)

extensions.register()

FACTORY = "claimgraph_quantities_v1"  # spaCy forbids dots: the step "claimgraph.quantities.v1"
_THIN = frozenset({"\u202f", "\u2009"})
_NOUNS = frozenset({"NOUN", "PROPN"})
_HEAD_DEPS = frozenset({"nummod", "quantmod", "amod", "compound", "nmod", "npadvmod", "appos"})


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
    """Everything the component looks up, built once from ``data/quantities.yaml``."""

    numbers: NumberLexicon
    cues: Phrases               # approx / low / high before a number
    cues_after: Phrases         # approx / low / high after it ("or more")
    percent: Phrases
    measure: Phrases
    currency_after: Phrases
    currency_prefix: Mapping[str, str]
    measure_before: Mapping[str, str]
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
    months: frozenset[str]
    ages: Phrases
    labels: frozenset[str]
    anaphoric: frozenset[str]
    person_nouns: frozenset[str]
    casualty_verbs: frozenset[str]
    unit_aliases: Mapping[str, str]
    name_labels: frozenset[str]
    starts: frozenset[str]


@lru_cache(maxsize=1)
def _blank() -> Language:
    return spacy.blank("en")


def _phrases(groups: Mapping[str, Iterable[Any]]) -> Phrases:
    """Phrases from ``{label: [phrase, ...]}`` or ``{label: {phrase: value}}`` (value is the label)."""
    tok = _blank().tokenizer
    items: dict[tuple[str, ...], str] = {}
    for label, entries in groups.items():
        pairs = entries.items() if isinstance(entries, Mapping) else ((e, label) for e in entries)
        for phrase, value in pairs:
            items[tuple(t.lower_ for t in tok(str(phrase)))] = str(value)
    return Phrases(items)


@lru_cache(maxsize=1)
def quantity_lexicon() -> QuantityLexicon:
    """The quantities lexicon (package data), built once."""
    d = load_data()
    c, u, v = d["cues"], d["units"], d["vague"]
    lex = number_lexicon()
    multipliers = _phrases({"m": {k: k for k in v["multipliers"]}})
    starts = {*lex.starts, *v["plural"], *v["standalone"], *d["unspecified"]["adjectives"],
              *u["currency_prefix"], *u["measure_before"], *(p[0] for p in multipliers.items)}
    return QuantityLexicon(
        lex, _phrases({k: c[k] for k in ("approximate", "lower", "upper")}),
        _phrases({"approximate": c["approximate_after"], "lower": c["lower_after"], "upper": c["upper_after"]}),
        _phrases({"p": u["percent"]}), _phrases({"m": u["measure"]}), _phrases({"c": u["currency_after"]}),
        dict(u["currency_prefix"]), dict(u["measure_before"]), {k: float(x) for k, x in v["plural"].items()},
        frozenset(v["needs_of"]), {k: float(x) for k, x in v["standalone"].items()}, multipliers,
        frozenset(d["unspecified"]["adjectives"]), frozenset(d["unspecified"]["nouns"]),
        frozenset(c["range_between"]), frozenset(c["range_from"]), frozenset(c["range_to"]),
        frozenset(c["change_verbs"]), frozenset(c["additive_after"]), frozenset(d["durations"]),
        frozenset(d["duration_fillers"]), _phrases({"t": d["times_of_day"]}), frozenset(d["months"]),
        _phrases({"a": d["ages"]}), frozenset(d["labels"]), frozenset(d["anaphoric_determiners"]),
        frozenset(d["person_nouns"]), frozenset(d["casualty_verbs"]), dict(d["unit_aliases"]),
        frozenset(d["name_entity_labels"]), frozenset(starts))


@dataclass
class _View:
    """The document as the scan sees it: non-space tokens, their texts and the parse (if any)."""

    doc: Doc
    toks: Tokens
    ids: list[int]
    parsed: bool
    names: frozenset[int]

    @classmethod
    def of(cls, doc: Doc, lex: QuantityLexicon) -> _View:
        ids = [t.i for t in doc if not t.text.isspace() or t.text in _THIN]
        texts = [doc[i].text for i in ids]
        spaced = [bool(doc[i].whitespace_) or (k + 1 < len(ids) and ids[k + 1] > i + 1) for k, i in enumerate(ids)]
        names = frozenset(t.i for e in doc.ents if e.label_ in lex.name_labels and any(
            t.is_alpha for t in e) for t in e)
        return cls(doc, Tokens(texts, [t.lower() for t in texts], spaced), ids, doc.has_annotation("DEP"), names)

    def tok(self, k: int) -> Token:
        return self.doc[self.ids[k]]

    def index(self, token: Token) -> int:
        """View index of a doc token (the nearest non-space one at or before it)."""
        return max(0, bisect_right(self.ids, token.i) - 1)


@dataclass
class _Found:
    """A quantity expression under construction (view token indices)."""

    start: int
    end: int
    anchor: int                 # last token of the number and its unit (where the parse is read)
    first: int                  # first token of the number itself
    last: int = -1              # last token of the number itself
    value: float | None = None
    low: float | None = None
    high: float | None = None
    approx: bool = False
    unspecified: bool = False
    unit: str | None = None
    scale: float = 1.0
    words: bool = False
    cue: bool = False
    ranged: bool = False
    fraction: bool = False


def _may_start(text: str, low: str, lex: QuantityLexicon) -> bool:
    return low in lex.starts or text[:1].isdigit() or (len(text) > 1 and text[0] in "-+−.$" and has_digit(text))


def _starts_at(v: _View, i: int, lex: QuantityLexicon) -> bool:
    return _may_start(v.toks.texts[i], v.toks.lowers[i], lex) or (i == 0 and v.toks.texts[0] == "-")


def find_quantities(doc: Doc) -> list[Quantity]:
    """Counts and amounts in ``doc`` (parsed or only tokenized), in text order."""
    lex = quantity_lexicon()
    v = _View.of(doc, lex)
    out: list[Quantity] = []
    i = 0
    while i < len(v.toks):
        if not _starts_at(v, i, lex):
            i += 1
            continue
        found = _unspecified(v, i, lex) or _vague(v, i, lex) or _numeric(v, i, lex)
        if found is None:
            i += 1
        elif isinstance(found, int):
            i = max(found, i + 1)
        else:
            q = _finish(v, found, lex)
            i = max(found.end, i + 1)
            if q is not None:
                out.append(q)
    return _merge_bounds(doc.text, out)


def parse_number_text(text: str) -> list[Quantity]:
    """Quantities in plain text, tokenized by a blank English pipeline (no parse): the same scan."""
    return find_quantities(_blank()(text))


def _unspecified(v: _View, i: int, lex: QuantityLexicon) -> _Found | None:
    """"an unspecified number of" (the article is optional)."""
    low = v.toks.low
    j = i + 1 if low(i) in ("a", "an") else i
    if low(j) in lex.unspec_adjectives and low(j + 1) in lex.unspec_nouns and low(j + 2) == "of":
        return _Found(i, j + 2, j + 1, i, unspecified=True, cue=True)
    return None


def _vague(v: _View, i: int, lex: QuantityLexicon) -> _Found | None:
    """"thousands of", "tens of thousands", "several hundred", "a few dozen", "several videos"."""
    low = v.toks.low
    m = lex.multipliers.after(v.toks.lowers, i)
    nl = lex.numbers
    if m and ((w := low(m[0])) in nl.hundred or w in nl.scales or w in nl.dozens):
        base = 100.0 if w in nl.hundred else nl.scales.get(w) or nl.dozens[w]
        return _chain(v, i, m[0] + 1, 2.0 * base, lex)
    w = low(i)
    if w in lex.vague_plural and (w not in lex.needs_of or low(i + 1) == "of"):
        return _chain(v, i, i + 1, lex.vague_plural[w], lex)
    if w in lex.vague_standalone and _noun_like(v, i + 1):
        return _Found(i, i + 1, i, i, low=lex.vague_standalone[w], approx=True, words=True)
    return None


def _chain(v: _View, i: int, j: int, low: float, lex: QuantityLexicon) -> _Found:
    """Multiply through "of thousands" links: "hundreds of thousands"."""
    while v.toks.low(j) == "of" and v.toks.low(j + 1) in lex.vague_plural:
        low, j = low * lex.vague_plural[v.toks.low(j + 1)], j + 2
    return _Found(i, j, j - 1, i, low=low, approx=True, words=True)


def _noun_like(v: _View, k: int) -> bool:
    if k >= len(v.toks):
        return False
    return v.tok(k).pos_ in ("NOUN", "ADJ") if v.parsed else v.toks.texts[k].isalpha()


def _numeric(v: _View, i: int, lex: QuantityLexicon) -> _Found | int | None:
    """A number (with currency, unit and a range) starting at ``i``; an int skips an identifier."""
    currency = lex.currency_prefix.get(v.toks.lowers[i])
    k = i + 1 if currency else i
    p = parse_number(v.toks, k, lex.numbers, currency=bool(currency))
    if p is None:
        return _range_token(v, i, k, currency, lex)
    f = _Found(i, p.end, p.end - 1, k, p.end - 1, value=p.value, unit=currency, scale=p.scale, words=p.words,
               fraction=p.fraction)
    if p.suffix:
        f.unit = _unit_name(lex, (p.suffix,))
    _unit_after(v, f, lex)
    chain = _range(v, f, lex)
    if chain is not None:
        return chain
    if f.ranged and f.unit is None:
        _unit_after(v, f, lex)
    return f


def _range_token(v: _View, i: int, k: int, currency: str | None, lex: QuantityLexicon) -> _Found | None:
    """"5k-20k", "20~100", "3.5–4.0" written as one token."""
    pair = parse_range_token(v.toks.texts[k], lex.numbers) if k < len(v.toks) else None
    if pair is None or pair[1].value <= pair[0].value:
        return None
    f = _Found(i, k + 1, k, k, k, low=pair[0].value, high=pair[1].value, unit=currency, ranged=True)
    _unit_after(v, f, lex)
    return f


def _unit_name(lex: QuantityLexicon, words: tuple[str, ...]) -> str | None:
    for ph in (lex.percent, lex.measure, lex.currency_after):
        if words in ph.items:
            return ph.items[words]
    return None


def _peek_unit(v: _View, j: int, lex: QuantityLexicon) -> str | None:
    """The unit written at ``j`` (after an optional glued hyphen): "%", "mph", "-magnitude"."""
    if v.toks.low(j) in ("-", "–") and j > 0 and not v.toks.spaced[j - 1]:
        j += 1
    for ph in (lex.percent, lex.measure, lex.currency_after):
        hit = ph.after(v.toks.lowers, j)
        if hit:
            return hit[1]
    return None


def _unit_after(v: _View, f: _Found, lex: QuantityLexicon) -> None:
    """A unit written after the number: "%", "percent", "mph", "dollars", "-magnitude"."""
    if f.unit is not None and f.unit not in lex.currency_prefix.values():
        return
    j = f.end + 1 if v.toks.low(f.end) in ("-", "–") and not v.toks.spaced[f.end - 1] else f.end
    for ph in (lex.percent, lex.measure, lex.currency_after):
        hit = ph.after(v.toks.lowers, j)
        if hit and (ph is not lex.measure or f.unit is None):
            f.unit, f.end, f.anchor = hit[1], hit[0], hit[0] - 1
            return


def _range(v: _View, f: _Found, lex: QuantityLexicon) -> int | None:
    """Extend ``f`` into a range ("10,000-12,000", "between 10 and 12 million", "two or three");
    returns an index to skip to for an identifier chain ("+1-222-2222")."""
    low, j = v.toks.low, f.end
    conn, before = low(j), low(f.start - 1)
    if conn not in lex.range_to or f.value is None:
        return None
    between, frm = before in lex.between, before in lex.range_from
    if conn == "and" and not between or frm and _change(v, f.start - 1, lex):
        return None
    k = j + 1 + (low(j + 1) in lex.currency_prefix)
    p = parse_number(v.toks, k, lex.numbers, currency=f.unit is not None)
    if p is None or f.words != p.words and conn in ("-", "–"):
        return None
    if low(p.end) in ("-", "/") and has_digit(v.toks.texts[p.end + 1] if p.end + 1 < len(v.toks) else ""):
        return _chain_end(v, p.end)
    unit2 = _peek_unit(v, p.end, lex)
    if f.unit is not None and unit2 is not None and unit2 != f.unit:
        return None  # "from 44 ml to 50 mg": two amounts
    a, b = f.value, p.value
    if f.scale == 1 and p.scale > 1 and a * p.scale <= b:
        a *= p.scale
    if not (between or frm) and (b <= a or conn == "and"):
        return None
    f.low, f.high, f.value = min(a, b), max(a, b), None
    f.end, f.anchor, f.last, f.ranged = p.end, p.end - 1, p.end - 1, True
    f.start -= between or frm
    return None


def _chain_end(v: _View, j: int) -> int:
    while v.toks.low(j) in ("-", "/") and j + 1 < len(v.toks) and has_digit(v.toks.texts[j + 1]):
        j += 2
    return j


def _change(v: _View, k: int, lex: QuantityLexicon) -> bool:
    """True if "from"/"to" at ``k`` belongs to a change verb ("rose from", "raised the toll to")."""
    if v.parsed and v.tok(k).head.lower_ in lex.change_verbs:
        return True
    return any(w in lex.change_verbs for w in v.toks.lowers[max(0, k - 6):k])


def _finish(v: _View, f: _Found, lex: QuantityLexicon) -> Quantity | None:
    """Read the cues, drop what is not a quantity, attach the counted noun, build the result."""
    if not f.unspecified and f.low is None and f.high is None or f.ranged:
        _cues(v, f, lex)
    if _excluded(v, f, lex):
        return None
    noun = _counted(v, f, lex)
    if noun is not None and (noun in lex.durations or noun.split()[-1] in lex.durations):
        return None
    if f.fraction and f.end - f.first == 1 and v.toks.low(f.first) == "half" and f.unit is None \
            and not f.cue and v.toks.low(f.end) != "of" and f.end < len(v.toks) - 1:
        return None  # "half the town" is a share, not a count
    a, b = v.tok(f.start), v.tok(f.end - 1)
    span = (a.idx, b.idx + len(b.text))
    return Quantity(text=v.doc.text[span[0]:span[1]], span=span, value=f.value, low=f.low, high=f.high,
                    approximate=f.approx, unspecified=f.unspecified, unit=f.unit)


def _cues(v: _View, f: _Found, lex: QuantityLexicon) -> None:
    """Approximators and bounds before the number, and "or more" / "or so" after it."""
    lowers = v.toks.lowers
    hit = lex.cues.before(lowers, f.start)
    before = v.toks.low(f.start - 1)
    if hit is None and before in lex.measure_before:
        f.unit, f.start = lex.measure_before[before], f.start - 1
    elif hit is None and before in ("to", "from") and _change(v, f.start - 1, lex):
        f.start -= 1  # "raised the toll to 24 ... from 16"
    if hit and hit[0] > 0 and not v.toks.texts[hit[0]][0].isalpha() and v.toks.texts[hit[0] - 1] in "<>=":
        hit = None  # a malformed comparison: "<>30", "=>30"
    if hit:
        f.start, f.cue = hit[0], True
        _apply(f, hit[1])
    j = f.end + 1 if v.toks.low(f.end) in ("-", "–") else f.end
    post = lex.cues_after.after(lowers, j)
    if post and not _may_start(v.toks.texts[post[0]] if post[0] < len(v.toks) else "", v.toks.low(post[0]), lex):
        if hit is None or hit[1] == "approximate" or post[1] == "approximate":
            _apply(f, post[1])
        f.end, f.cue = post[0], True


def _apply(f: _Found, kind: str) -> None:
    if kind == "approximate":
        f.approx = True
    elif f.value is not None:
        f.low, f.high, f.value = (f.value, None, None) if kind == "lower" else (None, f.value, None)


def _excluded(v: _View, f: _Found, lex: QuantityLexicon) -> bool:
    """Not a quantity: a name or identifier, a date, year, time of day, age or duration, or a word
    number that refers back ("the two sides") or stands for "a" ("one of them")."""
    if f.unspecified:
        return False
    first, low = f.first, v.toks.low
    prev = low(first - 1)
    if any(v.ids[k] in v.names for k in range(first, max(f.last, first) + 1)):
        return True
    if _duration_after(v, f.end, lex) or lex.times_of_day.after(v.toks.lowers, f.end):
        return True
    if f.words and f.value is None and not f.ranged:
        return False  # a vague count
    if prev in lex.labels or lex.ages.before(v.toks.lowers, first) or _glued_compound(v, first, lex):
        return True
    if _hyphen_word(v, f, lex) or _is_date(v, f, first, lex):
        return True
    if f.unit is not None or f.cue or f.ranged:
        return False
    if f.words:
        return (prev in lex.anaphoric and (f.value or 0) <= 10) or (
            f.value == 1 and low(first) == "one" and not _person_next(v, f, lex))
    if prev == "," and low(f.end) == "," and _is_propn(v, first - 2):
        return True  # "Jane Doe, 34, said"
    text = v.toks.texts[first]
    return _is_propn(v, first - 1) and "," not in text and "." not in text and not _counts_plural(v, f)


def _counts_plural(v: _View, f: _Found) -> bool:
    """The number modifies a plural noun after it ("2000 troops", "Kharkiv 12 people")."""
    if not v.parsed:
        return False
    anchor = v.tok(f.anchor)
    return anchor.dep_ == "nummod" and anchor.head.i > anchor.i and anchor.head.tag_ in ("NNS", "NNPS")


def _glued_compound(v: _View, k: int, lex: QuantityLexicon) -> bool:
    """Part of an identifier: "F-16", "2013-14" split by the tokenizer (a hyphen glued on both
    sides), or digits glued to a word ("J1149.5+6663")."""
    prev = v.toks.texts[k - 1] if k >= 1 else ""
    if prev and not v.toks.spaced[k - 1] and any(c.isalnum() for c in prev) and prev.lower() not in lex.currency_prefix:
        return True
    return k >= 2 and v.toks.low(k - 1) in ("-", "/") and not v.toks.spaced[k - 2] and not v.toks.spaced[k - 1]


def _is_propn(v: _View, k: int) -> bool:
    if k < 1:
        return False
    if v.parsed:
        return v.tok(k).pos_ == "PROPN" and v.tok(k).tag_ != "NNPS" and not v.tok(k).is_sent_start
    t = v.toks.texts[k]
    return t.istitle() and t.isalpha() and v.toks.texts[k - 1] not in (".", "!", "?")


def _is_date(v: _View, f: _Found, first: int, lex: QuantityLexicon) -> bool:
    """A day beside a month name, or a bare year that counts nothing."""
    if f.unit is not None or f.value is None or not float(f.value).is_integer():
        return False
    text, value = v.toks.texts[first], f.value
    if 1 <= value <= 31 and (_month(v, first - 1, lex) or _month(v, f.end, lex)):
        return True
    if not (len(text) == 4 and text.isdigit() and 1000 <= value <= 2100):
        return False
    return not _counts_plural(v, f) or _month(v, first - 1, lex)


def _month(v: _View, k: int, lex: QuantityLexicon) -> bool:
    """A capitalised month name at ``k`` ("May", not the verb "may")."""
    return 0 <= k < len(v.toks) and v.toks.texts[k][:1].isupper() and v.toks.lowers[k] in lex.months


def _duration_after(v: _View, j: int, lex: QuantityLexicon) -> bool:
    """"three weeks", "two full days", "a 34-year-old", "six-week"."""
    for k in range(j, min(j + 3, len(v.toks))):
        w = v.toks.low(k)
        if w in lex.durations:
            return True
        if w not in lex.fillers and not (w in ("a", "an") and v.toks.low(k - 1) == "half"):
            return False
    return False


def _hyphen_word(v: _View, f: _Found, lex: QuantityLexicon) -> bool:
    """"a 10-point plan", "three-judge panel": a number glued by a hyphen to a word is an adjective."""
    j = f.end
    if v.toks.low(j) not in ("-", "–") or v.toks.spaced[j - 1] or j + 1 >= len(v.toks):
        return False
    w = v.toks.low(j + 1)
    return w.isalpha() and (w,) not in lex.cues_after.items and w not in ("to", "and", "or")


def _person_next(v: _View, f: _Found, lex: QuantityLexicon) -> bool:
    return any(v.toks.low(k) in lex.person_nouns for k in range(f.end, min(f.end + 3, len(v.toks))))


def _counted(v: _View, f: _Found, lex: QuantityLexicon) -> str | None:
    """Extend ``f`` over what it counts and set ``f.unit``; returns the counted noun (lower case)."""
    low = v.toks.low
    if low(f.end) in lex.additive and low(f.end + 1) != "than":
        f.end += 1
    if not v.parsed:
        return None
    anchor = v.tok(f.anchor)
    if f.unit is not None:
        if f.unit == "percent":
            _extend_of(v, f, anchor, lex)
        return None
    if low(f.end) == "of":
        return _extend_of(v, f, v.tok(f.end), lex, set_unit=True)
    head = anchor.head
    between = v.doc[anchor.i + 1:head.i]
    if anchor.dep_ in _HEAD_DEPS and head.pos_ in _NOUNS and 0 < head.i - anchor.i <= 8 and not any(
            t.is_punct for t in between):
        if not any(t.like_num for t in between):  # "45 and 50 cases": the noun goes with the second
            f.end = max(f.end, v.index(head) + 1)
        f.unit = _noun_unit(head, lex)
        return head.lower_
    if anchor.dep_ in ("nsubj", "nsubjpass") and head.lower_ in lex.casualty_verbs:
        verbs = [head, *(c for c in head.children if c.dep_ == "conj" and c.pos_ in ("VERB", "ADJ"))]
        cc = next((c.lower_ for c in head.children if c.dep_ == "cc"), "and")
        f.unit = f" {cc} ".join(t.lower_ for t in verbs)
    return None


def _extend_of(v: _View, f: _Found, tok: Token, lex: QuantityLexicon, set_unit: bool = False) -> str | None:
    """Extend over "of NP" ("thousands of homes", "52% of the vote"); the pobj's unit if asked."""
    of = tok if tok.lower_ == "of" else next((c for c in tok.children if c.lower_ == "of" and c.dep_ == "prep"), None)
    pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
    if pobj is None or pobj.i < of.i:  # type: ignore[union-attr]
        return None
    f.end = max(f.end, v.index(pobj) + 1)
    if set_unit and pobj.pos_ != "PRON":
        f.unit = _noun_unit(pobj, lex, with_of=True)
    return pobj.lower_


def _noun_unit(head: Token, lex: QuantityLexicon, with_of: bool = False) -> str:
    """The counted noun with its noun compounds ("special forces troops"), normalised; with
    ``with_of`` also its "of" complement ("containers of artillery shells")."""
    money = lex.currency_after.items.get((head.lower_,))
    if money:
        return money
    left = min((c.left_edge.i for c in head.children if c.dep_ == "compound" and c.pos_ == "NOUN"), default=head.i)
    unit = " ".join(t.lower_ for t in head.doc[left:head.i + 1])
    unit = lex.unit_aliases.get(unit, unit)
    of = next((c for c in head.children if c.lower_ == "of" and c.dep_ == "prep" and c.i == head.i + 1), None)
    pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None and with_of else None
    if pobj is not None and pobj.pos_ == "NOUN":
        unit += " of " + _noun_unit(pobj, lex)
    return unit


_JOINERS = frozenset({"and", "but", ",", ", and", ", but", "but also", "and also"})


def _merge_bounds(text: str, qs: list[Quantity]) -> list[Quantity]:
    """Join a lower and an upper bound that close one range: "more than 10 and less than 20"."""
    out: list[Quantity] = []
    for q in qs:
        p = out[-1] if out else None
        if p is not None and _one_sided(p) and _one_sided(q) and (p.low is None) != (q.low is None) \
                and text[p.span[1]:q.span[0]].strip().lower() in _JOINERS:
            lo, hi = (p.low, q.high) if p.low is not None else (q.low, p.high)
            if lo is not None and hi is not None and lo < hi:
                span = (p.span[0], q.span[1])
                out[-1] = p.model_copy(update={"text": text[span[0]:span[1]], "span": span, "low": lo,
                                               "high": hi, "unit": p.unit or q.unit})
                continue
        out.append(q)
    return out


def _one_sided(q: Quantity) -> bool:
    return q.value is None and (q.low is None) != (q.high is None) and not q.approximate


@Language.factory(FACTORY, assigns=["doc._.quantities"], requires=["token.dep", "token.pos"])
def make_quantities(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """The quantities component: sets ``doc._.quantities``."""

    def component(doc: Doc) -> Doc:
        doc._.quantities = find_quantities(doc)
        return doc

    return component
