"""Number parsing over token texts: digits, number words, scales, fractions and ratios.

Works on plain token strings (:class:`Tokens`) so that the quantities component reads a parsed
``Doc`` and a blank-tokenised text with one parser. The number words come from
:func:`claimgraph.nlp.numlex.number_lexicon`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from .numlex import NumberLexicon, number_lexicon

_NUM_RE = re.compile(
    r"^([-+−]?)(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
    r"(?:[eE]([-+−]?\d+)|[x×]10\^?([-−]?\d+))?([A-Za-z°/]{1,4}\d?)?(-?)\.?$"
)
_RANGE_TOKEN_RE = re.compile(r"^([-+−]?[\d.,]+[A-Za-z]{0,3})[-–~]([\d.,]+[A-Za-z]{0,3})$")
_FRACTION_RE = re.compile(r"^([-+−]?\d+)/(\d+)$")
_GROUP_RE = re.compile(r"^\d{3}(?:\.\d+)?$")
_RATIO = (("out", "of"), ("over",), ("in",))
_DIGIT_RE = re.compile(r"\d")
THIN_SPACES = frozenset({"\u202f", "\u2009"})


class Tokens(NamedTuple):
    """Token texts of a document: as written, lower-cased, and whether a space follows."""

    texts: Sequence[str]
    lowers: Sequence[str]
    spaced: Sequence[bool]

    def __len__(self) -> int:
        return len(self.texts)

    def low(self, i: int) -> str:
        """Lower-cased text of token ``i`` ('' when out of range)."""
        return self.lowers[i] if 0 <= i < len(self.lowers) else ""


class Parsed(NamedTuple):
    """A number read from tokens ``[start, end)``."""

    end: int
    value: float
    scale: float = 1.0          # multiplier of a trailing scale word ("12 million" -> 1e6)
    suffix: str | None = None   # unit glued to the digits ("4km" -> "km")
    words: bool = False         # spelled out ("twenty-five")
    fraction: bool = False      # read through a fraction word ("two thirds", "half")


# Bounds on what a written number may be: beyond them a token is an identifier or garbage, not a
# quantity, and arithmetic on it overflows (a float's exponent stops near 308).
MAX_EXPONENT = 30
MAX_MAGNITUDE = 1e30


def has_digit(text: str) -> bool:
    """True if the text contains a digit."""
    return _DIGIT_RE.search(text) is not None


def parse_digits(text: str, lex: NumberLexicon, *, currency: bool = False) -> Parsed | None:
    """Parse one numeric token ("1,234.5", "-3", "1.3e6", "10k", "2.3bn", "4km", "8-")."""
    m = _NUM_RE.match(text)
    if m is None:
        return _vulgar_mixed(text, lex)
    sign, digits, exp1, exp2, suffix, _dash = m.groups()
    value = float(digits.replace(",", ""))
    exp = exp1 or exp2
    if exp:
        power = int(exp.replace("−", "-"))
        if abs(power) > MAX_EXPONENT:  # "1e309": no count or amount in the news; and it overflows
            return None
        value *= 10.0 ** power
    if not math.isfinite(value) or abs(value) > MAX_MAGNITUDE:
        return None
    if sign in ("-", "−"):
        value = -value
    if not suffix:
        return Parsed(0, value)
    scale = lex.suffix_scales.get(suffix) or (lex.currency_suffix_scales.get(suffix) if currency else None)
    if scale:
        return Parsed(0, value * scale, scale) if abs(value * scale) <= MAX_MAGNITUDE else None
    return Parsed(0, value, suffix=suffix.lower()) if suffix.lower() in lex.suffix_units else None


def parse_range_token(text: str, lex: NumberLexicon) -> tuple[Parsed, Parsed] | None:
    """A range written as one token: "5k-20k", "20~100", "3.5–4.0"."""
    m = _RANGE_TOKEN_RE.match(text)
    if m is None:
        return None
    a, b = parse_digits(m.group(1), lex), parse_digits(m.group(2), lex)
    return (a, b) if a is not None and b is not None else None


def _vulgar_mixed(text: str, lex: NumberLexicon) -> Parsed | None:
    """"½" or "2½"."""
    if text and text[-1] in lex.vulgar and (len(text) == 1 or text[:-1].isdigit()):
        return Parsed(0, float(text[:-1] or 0) + lex.vulgar[text[-1]])
    return None


def slash_fraction(text: str) -> float | None:
    """"3/4" -> 0.75 (None for a zero denominator or another shape)."""
    m = _FRACTION_RE.match(text)
    if m is None or int(m.group(2)) == 0:
        return None
    return float(m.group(1).replace("−", "-")) / int(m.group(2))


def _lone_fraction(toks: Tokens, j: int, lex: NumberLexicon) -> Parsed | None:
    """"3/4" on its own: a proper fraction before "of", a unit or the end ("9/11" is a name)."""
    f = slash_fraction(toks.texts[j])
    nxt = toks.low(j + 1)
    if f is None or not 0 < abs(f) < 1 or not (nxt in ("of", "", ".") or nxt in lex.suffix_units):
        return None
    return Parsed(0, f, fraction=True)


def _space_groups(toks: Tokens, j: int, p: Parsed) -> tuple[int, Parsed]:
    """Thousands grouped by spaces: "10 000", "1 234 567" (a group of zeros or two groups)."""
    k = j
    while _GROUP_RE.match(toks.texts[k] if k < len(toks) else "") and "." not in toks.texts[k - 1]:
        k += 1
    groups = toks.texts[j:k]
    head = toks.texts[j - 1]
    if not groups or not head.isdigit() or len(head) > 3 or (len(groups) < 2 and groups[0] != "000"):
        return j, p
    return k, p._replace(value=float(head + "".join(groups)))


def _word_atom(toks: Tokens, j: int, lex: NumberLexicon) -> tuple[float, int] | None:
    """A number word below 100: "seven", "twenty", "twenty-five", "fifty - two", "fifty two"."""
    w = toks.low(j)
    if w in lex.units:
        return lex.units[w], j + 1
    if w not in lex.tens:
        return None
    k = j + 2 if toks.low(j + 1) in ("-", "–") else j + 1
    u = lex.units.get(toks.low(k))
    if u is not None and 0 < u < 10:
        return lex.tens[w] + u, k + 1
    return lex.tens[w], j + 1


def _atom(toks: Tokens, j: int, lex: NumberLexicon, currency: bool) -> tuple[Parsed, int] | None:
    """A digit token (with thin-space groups and a mixed fraction) or a number word below 100."""
    t = toks.texts[j] if j < len(toks) else ""
    if (t and (t[0].isdigit() or (len(t) > 1 and t[0] in "-+−."))) or t in lex.vulgar:
        p = parse_digits(t, lex, currency=currency) or _lone_fraction(toks, j, lex)
        if p is None:
            return None
        j += 1
        j, p = _space_groups(toks, j, p)
        while (toks.texts[j] if j < len(toks) else "") in THIN_SPACES and _GROUP_RE.match(
                toks.texts[j + 1] if j + 1 < len(toks) else ""):
            p = p._replace(value=float(f"{int(p.value)}{toks.texts[j + 1]}"))
            j += 2
        frac = slash_fraction(toks.texts[j]) if j < len(toks) and not p.suffix else None
        if frac is not None and 0 < frac < 1 and float(p.value).is_integer():
            p, j = p._replace(value=p.value + math.copysign(frac, p.value or 1)), j + 1
        elif j < len(toks) and toks.texts[j] in lex.vulgar:
            p, j = p._replace(value=p.value + lex.vulgar[toks.texts[j]]), j + 1
        return p, j
    w = _word_atom(toks, j, lex)
    return (Parsed(0, w[0], words=True), w[1]) if w else None


def _denominator(toks: Tokens, j: int, lex: NumberLexicon) -> tuple[float, int] | None:
    """A fraction denominator at ``j``: "thirds", "quarter", "twenty-fifth", "hundred-fifths"."""
    j0 = j + 1 if toks.low(j) in ("-", "–") else j
    w = toks.low(j0)
    if w in lex.denominators:
        return lex.denominators[w], j0 + 1
    if w in lex.tens:
        k = j0 + 2 if toks.low(j0 + 1) in ("-", "–") else j0 + 1
        if toks.low(k) in lex.ordinal_units:
            return lex.tens[w] + lex.ordinal_units[toks.low(k)], k + 1
    return None


def _fraction_after_and(toks: Tokens, j: int, lex: NumberLexicon) -> tuple[float, int] | None:
    """"a half", "a quarter", "one half", "three quarters" after "and"."""
    a = (1.0, j + 1) if toks.low(j) in ("a", "an") else _word_atom(toks, j, lex)
    d = _denominator(toks, a[1], lex) if a and a[0] else None
    return (a[0] / d[0], d[1]) if a and d and a[0] < d[0] else None


@dataclass
class _Acc:
    """Running state of a number being read: ``total`` of closed groups, the open group ``cur``."""

    total: float
    cur: float
    big: float = math.inf       # the last (largest so far) scale applied
    last: str = "atom"          # atom | hundred | scale | dozen | fraction
    scale: float = 1.0
    multiplied: bool = False    # a hundred or scale word was read
    fraction: bool = False

    def hundred(self) -> bool:
        if self.last == "hundred" or (self.cur >= 100 and self.multiplied):
            return False
        self.cur, self.last, self.multiplied = (self.cur or 1) * 100, "hundred", True
        self.scale = self.scale if self.total else 100.0
        return True

    def times(self, mult: float) -> bool:
        if not self.cur and self.total and mult > self.big:
            self.total *= mult           # "three lakh crore"
        elif mult < self.big:
            self.total, self.cur = self.total + (self.cur or 1) * mult, 0.0
        else:
            return False
        self.big, self.scale, self.last, self.multiplied = mult, mult, "scale", True
        return True

    def dozen(self, mult: float) -> None:
        group = self.cur % 100 if self.cur >= 100 else self.cur
        self.cur, self.last = self.cur - group + (group or 1) * mult, "dozen"

    def add_fraction(self, v: float, before_scale: bool) -> None:
        """ "and a half": of the last scale ("3 million and a half"), else of the open group."""
        if self.last == "scale" and not before_scale:
            self.total += v * self.big
        else:
            self.cur += v
        self.last, self.fraction = "atom", True

    def divide(self, den: float) -> None:
        self.cur, self.total, self.last, self.big, self.fraction = (self.total + self.cur) / den, 0.0, \
            "fraction", math.inf, True


def parse_number(toks: Tokens, i: int, lex: NumberLexicon, *, currency: bool = False) -> Parsed | None:
    """Parse the longest number starting at token ``i`` (``None`` if none starts there)."""
    sign, j = 1.0, i
    if toks.low(j) in lex.negative or (j == 0 and toks.low(j) == "-"):
        sign, j = -1.0, j + 1
    start = _start(toks, j, lex, currency)
    if start is None:
        return None
    p, j = start
    acc = _Acc(0.0, p.value, last="atom" if p.scale == 1 else "scale", scale=p.scale, fraction=p.fraction)
    while j < len(toks) and (nxt := _step(toks, i, j, lex, acc, p.words, currency)) is not None:
        j = nxt
    value = acc.total + acc.cur
    ratio = _ratio(toks, j, lex, value)
    if ratio is not None:
        return Parsed(ratio[1], sign * ratio[0], 1.0, None, False, True)
    return Parsed(j, sign * value, acc.scale, p.suffix, p.words, acc.fraction)


def _step(toks: Tokens, i: int, j: int, lex: NumberLexicon, acc: _Acc, words: bool, currency: bool) -> int | None:
    """Read one more element of the number at ``j``; the next index, or ``None`` to stop."""
    w = toks.low(j)
    if w in lex.hundred and (w == "hundred" or words):
        return j + 1 if acc.hundred() else None
    if mult := _scale_word(toks, j, lex, currency):
        return j + 1 if acc.times(mult) else None
    if w in lex.dozens and w != "score" and acc.last != "dozen":
        acc.dozen(lex.dozens[w])
        return j + 1
    if w in ("and", "&", ","):
        return _after_and(toks, j, lex, acc, currency)
    if acc.last in ("hundred", "scale") and (a := _atom(toks, j, lex, currency)) and a[0].scale == 1 and (
            a[0].value < (100 if acc.last == "hundred" else acc.big)) and (
            a[0].words or toks.low(a[1]) in lex.hundred or toks.low(a[1]) in lex.scales):
        acc.cur, acc.last = acc.cur + a[0].value, "atom"  # "two thousand three", "4 thousand 3 hundred"
        return a[1]
    if (d := _denominator(toks, j, lex)) and _fraction_ok(toks, i, j, d[1]):
        acc.divide(d[0])
        return d[1]
    if w in lex.point and words and (dec := _decimals(toks, j + 1, lex)):
        acc.cur += dec[0]
        acc.last = "point"
        return dec[1]
    return None


def _ratio(toks: Tokens, j: int, lex: NumberLexicon, value: float) -> tuple[float, int] | None:
    """"two out of five", "one over three": a proper ratio (numerator below the denominator)."""
    for words in _RATIO:
        if tuple(toks.lowers[j:j + len(words)]) == words:
            q = parse_number(toks, j + len(words), lex)
            if q is None or not 0 <= value < q.value:
                continue
            if words == ("in",) and (value != 1 or not q.value.is_integer() or q.value > 1000):
                continue  # "one in five"; but "5 in 10 attacks" and "1 in 2024" are not ratios
            return value / q.value, q.end
    return None


def _start(toks: Tokens, j: int, lex: NumberLexicon, currency: bool) -> tuple[Parsed, int] | None:
    """The first element of a number: an atom, "a"/"an" before a multiplier, "half", "quarter"."""
    w = toks.low(j)
    if w not in ("a", "an", "half", "quarter"):
        return _atom(toks, j, lex, currency)
    k = j + 2 if w == "half" and toks.low(j + 1) in ("a", "an") else j + 1
    nxt = toks.low(k)
    base = {"half": 0.5, "quarter": 0.25}.get(w, 1.0)
    if nxt in ("hundreds", "dozens", "score"):
        return None
    if nxt in lex.hundred or nxt in lex.scales or nxt in lex.dozens:
        return Parsed(0, base, words=True, fraction=base < 1), k
    d = _denominator(toks, k, lex) if w in ("a", "an") else None
    if d and _fraction_ok(toks, j, k, d[1]):
        return Parsed(0, 1.0 / d[0], words=True, fraction=True), d[1]
    return (Parsed(0, 0.5, words=True, fraction=True), j + 1) if w == "half" else None


def _scale_word(toks: Tokens, j: int, lex: NumberLexicon, currency: bool) -> float | None:
    """A scale word ("million") or a separate suffix ("2.33 k", "€10 M", "£5 m" glued)."""
    w, t = toks.low(j), toks.texts[j].rstrip(".")
    if w in lex.scales:
        return lex.scales[w]
    glued = j > 0 and not toks.spaced[j - 1]
    if t in lex.suffix_scales and (glued or t in ("k", "bn", "mn", "mln", "bln", "tn", "tln")):
        return lex.suffix_scales[t]
    return lex.currency_suffix_scales.get(t) if currency and glued else None


def _fraction_ok(toks: Tokens, num: int, den: int, end: int) -> bool:
    """A denominator after a numerator makes a fraction: plural after any number ("two thirds"),
    singular only after "a"/"an"/"one" and before "of", a unit, a scale word or the end ("a third
    of"); "a third term" is an ordinal."""
    if toks.low(den) in ("second", "seconds"):
        return False
    if toks.low(end - 1).endswith("s"):
        return True
    if toks.low(num) not in ("a", "an", "one"):
        return False
    nxt, lex = toks.low(end), number_lexicon()
    return nxt in ("of", "", ".", "?", "!", ",", "and", "or") or any(
        nxt in table for table in (lex.scales, lex.hundred, lex.suffix_units))


def _after_and(toks: Tokens, j: int, lex: NumberLexicon, acc: _Acc, currency: bool) -> int | None:
    """What follows "and"/"&"/"," inside a number: a proper fraction ("and a half", "and three
    quarters") or the next group ("one hundred and six", "two thousand and two hundred")."""
    k = j + 1
    f = _fraction_after_and(toks, k, lex) if toks.low(j) != "," else None
    if f:
        acc.add_fraction(f[0], before_scale=toks.low(f[1]) in lex.scales)
        return f[1]
    if acc.last not in ("hundred", "scale"):
        return None
    a = _atom(toks, k, lex, currency)
    if a is None or a[0].scale != 1 or (not a[0].words and (toks.low(j) == "," or acc.last != "hundred")):
        return None
    limit = 100 if acc.last == "hundred" else acc.big
    if a[0].value >= limit:
        return None
    value, end = a[0].value, a[1]
    if acc.last == "hundred" and toks.low(end) in lex.hundred:
        return None  # "3 hundred and 2 hundred": two numbers
    if acc.last == "scale" and (toks.low(end) in lex.hundred or toks.low(end) in lex.scales):
        sub = parse_number(toks, k, lex, currency=currency)  # "two thousand and two hundred"
        if sub is None or sub.value >= limit:
            return None
        value, end = sub.value, sub.end
    acc.cur, acc.last = acc.cur + value, "atom"
    return end


def _decimals(toks: Tokens, j: int, lex: NumberLexicon) -> tuple[float, int] | None:
    """Digits after "point": "zero three" -> .03, "seventy-one" -> .71."""
    digits = ""
    while (a := _word_atom(toks, j, lex)) is not None:
        digits += str(int(a[0]))
        j = a[1]
    return (float("0." + digits), j) if digits else None
