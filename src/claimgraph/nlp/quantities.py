"""Counts and amounts: the ``claimgraph.quantities.v1`` component.

A cheap left-to-right token scan finds numbers (digits, words, vague counts such as "thousands
of", "an unspecified number of"), reads the cue around them ("about", "at least", "up to", "or
more", "between ... and"), and skips what is not a quantity: durations, dates and years, times of
day, ages, ordinals and numbers inside names. The dependency parse, where present, gives the
counted noun ("troops") or the casualty verb a number is the subject of ("killed or wounded").
Without a parse (``parse_number_text``) the same scan runs on tokens alone.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Token

from ..model import Quantity
from . import extensions
from . import numbers as nb
from .numbers import QuantityLexicon, Tokens, has_digit, parse_number, quantity_lexicon
from .spans import doc_text

extensions.register()

FACTORY = "claimgraph_quantities_v1"  # spaCy forbids dots: the step "claimgraph.quantities.v1"
_THIN = frozenset({"\u202f", "\u2009"})
_NOUNS = frozenset({"NOUN", "PROPN"})
_HEAD_DEPS = frozenset({"nummod", "quantmod", "amod", "compound", "nmod", "npadvmod", "appos"})
_JOINERS = frozenset({"and", "but", ",", ", and", ", but", "but also", "and also"})


@dataclass
class _View:
    """The document as the scan sees it: non-space tokens, their texts and the parse (if any)."""

    doc: Doc
    toks: Tokens
    ids: list[int]
    parsed: bool
    names: frozenset[int]    # doc indices of tokens inside names (PERSON, ORG, LAW, ...)

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


def find_quantities(doc: Doc) -> list[Quantity]:
    """Counts and amounts in ``doc`` (parsed or only tokenized), in text order."""
    lex = quantity_lexicon()
    v = _View.of(doc, lex)
    out: list[Quantity] = []
    i = 0
    while i < len(v.toks):
        if not _may_start(v, i, lex):
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
    return _merge_bounds(doc_text(doc), out)


def parse_number_text(text: str) -> list[Quantity]:
    """Quantities in plain text, tokenized by a blank English pipeline (no parse): the same scan."""
    return find_quantities(nb.blank_english()(text))


def _may_start(v: _View, i: int, lex: QuantityLexicon) -> bool:
    text = v.toks.texts[i]
    return v.toks.lowers[i] in lex.starts or text[:1].isdigit() or (
        len(text) > 1 and text[0] in "-+−.$" and has_digit(text)) or (i == 0 and text == "-")


def _unspecified(v: _View, i: int, lex: QuantityLexicon) -> _Found | None:
    """"an unspecified number of" (the article is optional)."""
    low = v.toks.low
    j = i + 1 if low(i) in ("a", "an") else i
    if low(j) in lex.unspec_adjectives and low(j + 1) in lex.unspec_nouns and low(j + 2) == "of":
        return _Found(i, j + 2, j + 1, i, unspecified=True, cue=True)
    return None


def _vague(v: _View, i: int, lex: QuantityLexicon) -> _Found | None:
    """"thousands of", "tens of thousands", "several hundred", "a few dozen", "several videos"."""
    low, nl = v.toks.low, lex.numbers
    m = lex.multipliers.after(v.toks.lowers, i)
    if m and ((w := low(m[0])) in nl.hundred or w in nl.scales or w in nl.dozens):
        base = 100.0 if w in nl.hundred else nl.scales.get(w) or nl.dozens[w]
        return _chain(v, i, m[0] + 1, 2.0 * base, lex)
    w = low(i)
    if w in lex.vague_plural and (w not in lex.needs_of or low(i + 1) == "of"):
        return _chain(v, i, i + 1, lex.vague_plural[w], lex)
    if w in lex.vague_standalone and i + 1 < len(v.toks) and (
            v.tok(i + 1).pos_ in ("NOUN", "ADJ") if v.parsed else v.toks.texts[i + 1].isalpha()):
        return _Found(i, i + 1, i, i, low=lex.vague_standalone[w], approx=True, words=True)
    return None


def _chain(v: _View, i: int, j: int, low: float, lex: QuantityLexicon) -> _Found:
    """Multiply through "of thousands" links: "hundreds of thousands"."""
    while v.toks.low(j) == "of" and v.toks.low(j + 1) in lex.vague_plural:
        low, j = low * lex.vague_plural[v.toks.low(j + 1)], j + 2
    return _Found(i, j, j - 1, i, low=low, approx=True, words=True)


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
        f.unit = lex.unit_of((p.suffix,))
    _unit_after(v, f, lex)
    skip = _range(v, f, lex)
    if skip is not None:
        return skip
    if f.ranged and f.unit is None:
        _unit_after(v, f, lex)
    return f


def _range_token(v: _View, i: int, k: int, currency: str | None, lex: QuantityLexicon) -> _Found | None:
    """"5k-20k", "20~100", "3.5–4.0" written as one token."""
    pair = nb.parse_range_token(v.toks.texts[k], lex.numbers) if k < len(v.toks) else None
    if pair is None or pair[1].value <= pair[0].value:
        return None
    f = _Found(i, k + 1, k, k, k, low=pair[0].value, high=pair[1].value, unit=currency, ranged=True)
    _unit_after(v, f, lex)
    return f


def _unit_after(v: _View, f: _Found, lex: QuantityLexicon) -> None:
    """A unit written after the number: "%", "percent", "mph", "dollars", "-magnitude"."""
    hit = nb.unit_at(v.toks, f.end, lex) if f.unit is None else None
    if hit:
        f.unit, f.end, f.anchor = hit[1], hit[0], hit[0] - 1


def _range(v: _View, f: _Found, lex: QuantityLexicon) -> int | None:
    """Extend ``f`` into a range ("10,000-12,000", "between 10 and 12 million", "two or three");
    returns an index to skip to for an identifier chain ("+1-222-2222") or a score ("won 3-1")."""
    low, j = v.toks.low, f.end
    conn, before = low(j), low(f.start - 1)
    if conn not in lex.range_to or f.value is None:
        return None
    between, frm = before in lex.between, before in lex.range_from
    if (conn == "and" and not between) or (frm and _change(v, f.start - 1, lex)):
        return None
    p = parse_number(v.toks, j + 1 + (low(j + 1) in lex.currency_prefix), lex.numbers, currency=f.unit is not None)
    if p is None or (f.words != p.words and conn in ("-", "–")):
        return None
    if low(p.end) in ("-", "/") and has_digit(v.toks.texts[p.end + 1] if p.end + 1 < len(v.toks) else ""):
        return nb.chain_end(v.toks, p.end)
    unit2 = nb.unit_at(v.toks, p.end, lex)
    if f.unit is not None and unit2 is not None and unit2[1] != f.unit:
        return None  # "from 44 ml to 50 mg": two amounts
    a, b = f.value * (p.scale if f.scale == 1 and f.value * p.scale <= p.value else 1), p.value
    if conn == "-" and b <= a and not (v.toks.spaced[j - 1] or v.toks.spaced[j] or between or frm):
        return p.end  # a score or tally: "won 3-1", "voted 52-47"
    if not (between or frm) and (b <= a or conn == "and"):
        return None
    f.low, f.high, f.value = min(a, b), max(a, b), None
    f.end, f.anchor, f.last, f.ranged = p.end, p.end - 1, p.end - 1, True
    f.start -= between or frm
    return None


def _change(v: _View, k: int, lex: QuantityLexicon) -> bool:
    """True if "from"/"to" at ``k`` belongs to a change verb ("rose from", "raised the toll to")."""
    if v.parsed and v.tok(k).head.lower_ in lex.change_verbs:
        return True
    return any(w in lex.change_verbs for w in v.toks.lowers[max(0, k - 6):k])


def _finish(v: _View, f: _Found, lex: QuantityLexicon) -> Quantity | None:
    """Read the cues, drop what is not a quantity, attach the counted noun, build the result."""
    if (not f.unspecified and f.low is None and f.high is None) or f.ranged:
        _cues(v, f, lex)
    if _excluded(v, f, lex):
        return None
    noun = _counted(v, f, lex)
    if noun is not None and noun in lex.durations:
        return None
    if f.fraction and f.end - f.first == 1 and v.toks.low(f.first) == "half" and f.unit is None \
            and not f.cue and v.toks.low(f.end) != "of" and f.end < len(v.toks) - 1:
        return None  # "half the town" is a share, not a count
    a, b = v.tok(f.start), v.tok(f.end - 1)
    span = (a.idx, b.idx + len(b.text))
    return Quantity(text=doc_text(v.doc)[span[0]:span[1]], span=span, value=f.value, low=f.low, high=f.high,
                    approximate=f.approx, unspecified=f.unspecified, unit=f.unit)


def _cues(v: _View, f: _Found, lex: QuantityLexicon) -> None:
    """Approximators and bounds before the number, and "or more" / "or so" after it."""
    lowers, texts = v.toks.lowers, v.toks.texts
    hit = lex.cues.before(lowers, f.start)
    if hit and hit[0] > 0 and not texts[hit[0]][0].isalpha() and texts[hit[0] - 1] in "<>=":
        hit = None  # a malformed comparison: "<>30", "=>30"
    measure = lex.measure_before.before(lowers, f.start)
    if hit:
        f.start, f.cue = hit[0], True
        _apply(f, hit[1])
    elif measure:
        f.start, f.unit = measure
    elif v.toks.low(f.start - 1) in ("to", "from") and _change(v, f.start - 1, lex):
        f.start -= 1  # "raised the toll to 24 ... from 16"
    j = f.end + 1 if v.toks.low(f.end) in ("-", "–") else f.end
    post = lex.cues_after.after(lowers, j)
    if post and not (post[0] < len(v.toks) and _may_start(v, post[0], lex)):
        if hit is None or "approximate" in (hit[1], post[1]):
            _apply(f, post[1])
        f.end, f.cue = post[0], True


def _apply(f: _Found, kind: str) -> None:
    if kind == "approximate":
        f.approx = True
    elif f.value is not None:
        f.low, f.high, f.value = (f.value, None, None) if kind == "lower" else (None, f.value, None)


def _excluded(v: _View, f: _Found, lex: QuantityLexicon) -> bool:
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


def _time_word(v: _View, f: _Found, lex: QuantityLexicon) -> bool:
    """A duration ("three weeks") or a time of day ("8 p.m.", "quarter to six")."""
    lowers = v.toks.lowers
    return nb.duration_after(v.toks, f.end, lex) or bool(
        lex.times_of_day.after(lowers, f.end) or lex.times_before.before(lowers, f.first))


def _identifier(v: _View, f: _Found, lex: QuantityLexicon) -> bool:
    """"No. 2", "aged 34", "F-16", "a 10-point plan"."""
    return v.toks.low(f.first - 1) in lex.labels or bool(lex.ages.before(v.toks.lowers, f.first)) or \
        nb.glued_identifier(v.toks, f.first, lex) or nb.hyphen_word(v.toks, f.end, lex)


def _is_date(v: _View, f: _Found, lex: QuantityLexicon) -> bool:
    """A day beside a month name ("June 18", "May 13-15"), or a year that counts nothing ("in 2024",
    "between 2020 and 2022"; "2000 troops" is a count)."""
    first, text = f.first, v.toks.texts[f.first]
    if f.ranged and f.unit is None:
        return (nb.month_at(v.toks, first - 1, lex) and (f.high or 99) <= 31) or (
            nb.is_year(text) and nb.is_year(v.toks.texts[f.last]))
    if f.unit is not None or f.value is None or not float(f.value).is_integer():
        return False
    low, month = v.toks.low, lambda k: nb.month_at(v.toks, k, lex)
    if 1 <= f.value <= 31 and (month(first - 1) or month(f.end) or (
            low(first - 1) in ("and", "or", "to") and low(first - 2).isdigit() and month(first - 3))):
        return True  # "June 18", "18 June", "August 2 and 3"
    return nb.is_year(text) and (not _counts_plural(v, f) or nb.month_at(v.toks, first - 1, lex)
                              or v.toks.low(first - 1) in lex.year_prepositions)


def _bare_reference(v: _View, f: _Found, lex: QuantityLexicon) -> bool:
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


def _apposition_age(v: _View, f: _Found, lex: QuantityLexicon) -> bool:
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


def _proper_head(v: _View, f: _Found) -> bool:
    """The number modifies a singular proper noun: part of a name ("Three Counties Radio")."""
    anchor = v.tok(f.anchor) if v.parsed else None
    return anchor is not None and anchor.dep_ in ("nummod", "compound") and anchor.head.i > anchor.i \
        and anchor.head.tag_ == "NNP"


def _counts_plural(v: _View, f: _Found) -> bool:
    """The number modifies a plural common noun after it ("2000 troops", "Kharkiv 12 people")."""
    if not v.parsed:
        return False
    anchor = v.tok(f.anchor)
    nxt = v.doc[anchor.i + 1] if anchor.i + 1 < len(v.doc) else anchor
    return anchor.dep_ == "nummod" and anchor.head.i > anchor.i and anchor.head.tag_ in ("NNS", "NNPS") \
        and nxt.pos_ != "PROPN"


def _is_propn(v: _View, k: int) -> bool:
    """A proper noun at ``k`` (by the tagger; without one, a capitalised word inside a sentence)."""
    if k < 0 or (k < 1 and not v.parsed):
        return False
    if v.parsed:
        return v.tok(k).pos_ == "PROPN" and v.tok(k).tag_ != "NNPS"
    t = v.toks.texts[k]
    return t.istitle() and t.isalpha() and v.toks.texts[k - 1] not in (".", "!", "?")


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


def _noun_head(v: _View, f: _Found) -> Token | None:
    """The noun after the number that one of its tokens modifies ("10,000 and 12,000 workers")."""
    end = v.ids[f.anchor]
    for k in range(f.anchor, f.first - 1, -1):
        head = v.tok(k).head
        if v.tok(k).dep_ in _HEAD_DEPS and head.pos_ in _NOUNS and 0 < head.i - end <= 8 and not any(
                t.is_punct for t in v.doc[end + 1:head.i]):
            return head
    return None


def _extend_of(v: _View, f: _Found, tok: Token, lex: QuantityLexicon, set_unit: bool = False) -> str | None:
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
