"""What the words around a number say, for the quantities scan of :mod:`claimgraph.nlp.quantities`.

:class:`View` is the document as the scan sees it and :class:`Found` the expression it is
building. :func:`excluded` tells a number that is not a quantity (a name or identifier, a date,
year, time of day, age or duration, a bare reference such as "the two sides"); :func:`counted`
extends an expression over what it counts and sets its unit from the dependency parse, where there
is one ("10,000 troops", "thousands of homes", "killed or wounded").
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from .numbers import THIN_SPACES, Tokens, has_digit
from .numlex import QuantityLexicon

_NOUNS = frozenset({"NOUN", "PROPN"})
_HEAD_DEPS = frozenset({"nummod", "quantmod", "amod", "compound", "nmod", "npadvmod", "appos"})


@dataclass
class View:
    """The document as the scan sees it: non-space tokens, their texts and the parse (if any)."""

    doc: Doc
    toks: Tokens
    ids: list[int]
    parsed: bool
    names: frozenset[int]    # doc indices of tokens inside names (PERSON, ORG, LAW, ...)

    @classmethod
    def of(cls, doc: Doc, lex: QuantityLexicon) -> View:
        ids = [t.i for t in doc if not t.text.isspace() or t.text in THIN_SPACES]
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
class Found:
    """A quantity expression under construction (view token indices)."""

    start: int                  # first token of the text (cue, currency sign)
    end: int                    # after the last token of the text
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


# --- token-level context --------------------------------------------------------------------------

def is_year(text: str) -> bool:
    """A bare 4-digit year 1000-2100 ("2024", not "2,024")."""
    return len(text) == 4 and text.isdigit() and 1000 <= int(text) <= 2100


def month_at(toks: Tokens, k: int, lex: QuantityLexicon) -> bool:
    """A capitalised month name at ``k`` ("May", not the verb "may")."""
    return 0 <= k < len(toks) and toks.texts[k][:1].isupper() and toks.lowers[k] in lex.months


def unit_at(toks: Tokens, j: int, lex: QuantityLexicon) -> tuple[int, str] | None:
    """The unit written at ``j``, after an optional glued hyphen ("%", "mph", "-magnitude"): its
    end and normalised name."""
    if toks.low(j) in ("-", "–") and j > 0 and not toks.spaced[j - 1]:
        j += 1
    for ph in lex.units:
        hit = ph.after(toks.lowers, j)
        if hit:
            return hit
    return None


def duration_after(toks: Tokens, j: int, lex: QuantityLexicon) -> bool:
    """A time unit follows ``j``: "three weeks", "two full days", "a 34-year-old", "half an hour"."""
    for k in range(j, min(j + 3, len(toks))):
        w = toks.low(k)
        if w in lex.durations:
            return True
        if w not in lex.fillers and not (w in ("a", "an") and toks.low(k - 1) == "half"):
            return False
    return False


def hyphen_word(toks: Tokens, j: int, lex: QuantityLexicon) -> bool:
    """A number ending before ``j`` is glued by a hyphen to a word: an adjective ("a 10-point
    plan", "three-judge panel"), not a count."""
    if toks.low(j) not in ("-", "–") or toks.spaced[j - 1] or j + 1 >= len(toks):
        return False
    w = toks.low(j + 1)
    return w.isalpha() and w not in lex.hyphen_counts and w not in ("to", "and", "or")


def glued_identifier(toks: Tokens, k: int, lex: QuantityLexicon) -> bool:
    """The number at ``k`` is part of an identifier: "F-16", "2013-14" split by the tokenizer (a
    hyphen glued on both sides), or digits glued to a word ("J1149.5+6663")."""
    prev = toks.texts[k - 1] if k >= 1 else ""
    if prev and not toks.spaced[k - 1] and any(c.isalnum() for c in prev) and prev.lower() not in lex.currency_prefix:
        return True
    return k >= 2 and toks.low(k - 1) in ("-", "/") and not toks.spaced[k - 2] and not toks.spaced[k - 1]


def chain_end(toks: Tokens, j: int) -> int:
    """End of a chain of numbers joined by "-" or "/" (a phone number or code) from ``j``."""
    while toks.low(j) in ("-", "/") and j + 1 < len(toks) and has_digit(toks.texts[j + 1]):
        j += 2
    return j


# --- what is not a quantity -----------------------------------------------------------------------

def excluded(v: View, f: Found, lex: QuantityLexicon) -> bool:
    """Not a quantity: a name or identifier, a date, year, time of day, age or duration, or a bare
    number that refers back ("the two sides"), stands for "a" ("one of them") or is an age."""
    if f.unspecified:
        return False
    if any(v.ids[k] in v.names for k in range(f.first, max(f.last, f.first) + 1)) or _time_word(v, f, lex):
        return True
    if f.words and f.value is None and not f.ranged:
        return False  # a vague count
    if _identifier(v, f, lex) or _is_date(v, f, lex):
        return True
    if f.unit is not None or f.cue or f.ranged:
        return False
    return _bare_reference(v, f, lex)


def _time_word(v: View, f: Found, lex: QuantityLexicon) -> bool:
    """A duration ("three weeks") or a time of day ("8 p.m.", "quarter to six")."""
    lowers = v.toks.lowers
    return duration_after(v.toks, f.end, lex) or bool(
        lex.times_of_day.after(lowers, f.end) or lex.times_before.before(lowers, f.first))


def _identifier(v: View, f: Found, lex: QuantityLexicon) -> bool:
    """"No. 2", "aged 34", "F-16", "a 10-point plan"."""
    return v.toks.low(f.first - 1) in lex.labels or bool(lex.ages.before(v.toks.lowers, f.first)) or \
        glued_identifier(v.toks, f.first, lex) or hyphen_word(v.toks, f.end, lex)


def _is_date(v: View, f: Found, lex: QuantityLexicon) -> bool:
    """A day beside a month name ("June 18", "May 13-15"), or a year that counts nothing ("in 2024",
    "between 2020 and 2022"; "2000 troops" is a count)."""
    first, text = f.first, v.toks.texts[f.first]
    if f.ranged and f.unit is None:
        return (month_at(v.toks, first - 1, lex) and (f.high or 99) <= 31) or (
            is_year(text) and is_year(v.toks.texts[f.last]))
    if f.unit is not None or f.value is None or not float(f.value).is_integer():
        return False
    low, month = v.toks.low, lambda k: month_at(v.toks, k, lex)
    if 1 <= f.value <= 31 and (month(first - 1) or month(f.end) or (
            low(first - 1) in ("and", "or", "to") and low(first - 2).isdigit() and month(first - 3))):
        return True  # "June 18", "18 June", "August 2 and 3"
    return is_year(text) and (not _counts_plural(v, f) or month_at(v.toks, first - 1, lex)
                              or v.toks.low(first - 1) in lex.year_prepositions)


def _bare_reference(v: View, f: Found, lex: QuantityLexicon) -> bool:
    """A number with no cue or unit that is not a count: an age in apposition, a number in a
    name ("Resolution 2231", "Three Counties Radio"), "the two sides", "one of them"."""
    first, prev = f.first, v.toks.low(f.first - 1)
    if _apposition_age(v, f, lex) or (f.words and _proper_head(v, f)):
        return True
    if f.words:
        person = any(v.toks.low(k) in lex.person_nouns for k in range(f.end, min(f.end + 3, len(v.toks))))
        return (prev in lex.anaphoric and (f.value or 0) <= 10) or (
            f.value == 1 and v.toks.low(first) == "one" and not person)
    text = v.toks.texts[first]
    if text.isdigit() and (len(text) >= 8 or (len(text) > 1 and text[0] == "0")):
        return True  # a phone number or code: "096234600", "12208114"
    label = _is_propn(v, first - 1) or (v.parsed and first > 0 and v.tok(first - 1).tag_ == "NN")  # "day 42"
    return label and "," not in text and "." not in text and not _counts_plural(v, f)


def _apposition_age(v: View, f: Found, lex: QuantityLexicon) -> bool:
    """"Jane Doe, 34, said", "two women, 23 and 27, were": a bare number set off by a comma after
    a person."""
    low, k = v.toks.low, f.first - 1
    if low(k) == "and" and k >= 2 and has_digit(v.toks.texts[k - 1]) and low(k - 2) == ",":
        k -= 2
    if f.words or k < 1 or low(k) != "," or not 0 < (f.value or 0) < 120 or low(f.end) not in (",", "and", ")"):
        return False
    if not v.parsed:
        return _is_propn(v, k - 1)
    t = v.tok(k - 1)
    return t.ent_type_ == "PERSON" or (t.pos_ == "NOUN" and t.lower_ in lex.person_nouns) or (
        t.pos_ == "PROPN" and low(f.end) == ",")


def _proper_head(v: View, f: Found) -> bool:
    """The number modifies a singular proper noun: part of a name ("Three Counties Radio")."""
    anchor = v.tok(f.anchor) if v.parsed else None
    return anchor is not None and anchor.dep_ in ("nummod", "compound") and anchor.head.i > anchor.i \
        and anchor.head.tag_ == "NNP"


def _counts_plural(v: View, f: Found) -> bool:
    """The number modifies a plural common noun after it ("2000 troops", "Kharkiv 12 people")."""
    if not v.parsed:
        return False
    anchor = v.tok(f.anchor)
    nxt = v.doc[anchor.i + 1] if anchor.i + 1 < len(v.doc) else anchor
    return anchor.dep_ == "nummod" and anchor.head.i > anchor.i and anchor.head.tag_ in ("NNS", "NNPS") \
        and nxt.pos_ != "PROPN"


def _is_propn(v: View, k: int) -> bool:
    """A proper noun at ``k`` (by the tagger; without one, a capitalised word inside a sentence)."""
    if k < 0 or (k < 1 and not v.parsed):
        return False
    if v.parsed:
        return v.tok(k).pos_ == "PROPN" and v.tok(k).tag_ != "NNPS"
    t = v.toks.texts[k]
    return t.istitle() and t.isalpha() and v.toks.texts[k - 1] not in (".", "!", "?")


# --- what a quantity counts -----------------------------------------------------------------------

def counted(v: View, f: Found, lex: QuantityLexicon) -> str | None:
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
    head = _noun_head(v, f)
    if head is not None:
        if not any(t.like_num for t in v.doc[anchor.i + 1:head.i]):  # "45 and 50 cases": the noun is the 2nd's
            f.end = max(f.end, v.index(head) + 1)
        f.unit = _noun_unit(head, lex)
        return head.lower_
    head = anchor.head
    if anchor.dep_ in ("nsubj", "nsubjpass") and head.lower_ in lex.casualty_verbs:
        verbs = [head, *(c for c in head.children if c.dep_ == "conj" and c.pos_ in ("VERB", "ADJ"))]
        cc = next((c.lower_ for c in head.children if c.dep_ == "cc"), "and")
        f.unit = f" {cc} ".join(t.lower_ for t in verbs)
    return None


def _noun_head(v: View, f: Found) -> Token | None:
    """The noun after the number that one of its tokens modifies ("10,000 and 12,000 workers")."""
    end = v.ids[f.anchor]
    for k in range(f.anchor, f.first - 1, -1):
        head = v.tok(k).head
        if v.tok(k).dep_ in _HEAD_DEPS and head.pos_ in _NOUNS and 0 < head.i - end <= 8 and not any(
                t.is_punct for t in v.doc[end + 1:head.i]):
            return head
    return None


def _extend_of(v: View, f: Found, tok: Token, lex: QuantityLexicon, set_unit: bool = False) -> str | None:
    """Extend over "of NP" ("thousands of homes", "52% of the vote"); the pobj's unit if asked."""
    of = tok if tok.lower_ == "of" else next((c for c in tok.children if c.lower_ == "of" and c.dep_ == "prep"), None)
    pobj = next((c for c in of.children if c.dep_ == "pobj" and c.i > of.i), None) if of is not None else None
    if pobj is None:
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
