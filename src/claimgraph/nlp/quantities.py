"""Counts and amounts: the ``claimgraph.quantities.v1`` component.

A cheap left-to-right token scan finds numbers (digits, words, vague counts such as "thousands
of", "an unspecified number of"), reads the cue around them ("about", "at least", "up to", "or
more", "between ... and"), and skips what is not a quantity: durations, dates and years, times of
day, ages, ordinals and numbers inside names. The dependency parse, where present, gives the
counted noun ("troops") or the casualty verb a number is the subject of ("killed or wounded").
Without a parse (``parse_number_text``) the same scan runs on tokens alone.
"""

from __future__ import annotations

from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc

from ..model import Quantity
from . import extensions
from .numbers import has_digit, parse_number, parse_range_token
from .numlex import QuantityLexicon, blank_english, quantity_lexicon
from .quantcontext import Found, View, chain_end, counted, excluded, unit_at
from .spans import doc_text

extensions.register()

FACTORY = "claimgraph_quantities_v1"  # spaCy forbids dots: the step "claimgraph.quantities.v1"
_JOINERS = frozenset({"and", "but", ",", ", and", ", but", "but also", "and also"})


def find_quantities(doc: Doc) -> list[Quantity]:
    """Counts and amounts in ``doc`` (parsed or only tokenized), in text order."""
    lex = quantity_lexicon()
    v = View.of(doc, lex)
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
    return find_quantities(blank_english()(text))


def _may_start(v: View, i: int, lex: QuantityLexicon) -> bool:
    text = v.toks.texts[i]
    return v.toks.lowers[i] in lex.starts or text[:1].isdigit() or (
        len(text) > 1 and text[0] in "-+−.$" and has_digit(text)) or (i == 0 and text == "-")


def _unspecified(v: View, i: int, lex: QuantityLexicon) -> Found | None:
    """"an unspecified number of" (the article is optional)."""
    low = v.toks.low
    j = i + 1 if low(i) in ("a", "an") else i
    if low(j) in lex.unspec_adjectives and low(j + 1) in lex.unspec_nouns and low(j + 2) == "of":
        return Found(i, j + 2, j + 1, i, unspecified=True, cue=True)
    return None


def _vague(v: View, i: int, lex: QuantityLexicon) -> Found | None:
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
        return Found(i, i + 1, i, i, low=lex.vague_standalone[w], approx=True, words=True)
    return None


def _chain(v: View, i: int, j: int, low: float, lex: QuantityLexicon) -> Found:
    """Multiply through "of thousands" links: "hundreds of thousands"."""
    while v.toks.low(j) == "of" and v.toks.low(j + 1) in lex.vague_plural:
        low, j = low * lex.vague_plural[v.toks.low(j + 1)], j + 2
    return Found(i, j, j - 1, i, low=low, approx=True, words=True)


def _numeric(v: View, i: int, lex: QuantityLexicon) -> Found | int | None:
    """A number (with currency, unit and a range) starting at ``i``; an int skips an identifier."""
    currency = lex.currency_prefix.get(v.toks.lowers[i])
    k = i + 1 if currency else i
    p = parse_number(v.toks, k, lex.numbers, currency=bool(currency))
    if p is None:
        return _range_token(v, i, k, currency, lex)
    f = Found(i, p.end, p.end - 1, k, p.end - 1, value=p.value, unit=currency, scale=p.scale, words=p.words,
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


def _range_token(v: View, i: int, k: int, currency: str | None, lex: QuantityLexicon) -> Found | None:
    """"5k-20k", "20~100", "3.5–4.0" written as one token."""
    pair = parse_range_token(v.toks.texts[k], lex.numbers) if k < len(v.toks) else None
    if pair is None or pair[1].value <= pair[0].value:
        return None
    f = Found(i, k + 1, k, k, k, low=pair[0].value, high=pair[1].value, unit=currency, ranged=True)
    _unit_after(v, f, lex)
    return f


def _unit_after(v: View, f: Found, lex: QuantityLexicon) -> None:
    """A unit written after the number: "%", "percent", "mph", "dollars", "-magnitude"."""
    hit = unit_at(v.toks, f.end, lex) if f.unit is None else None
    if hit:
        f.unit, f.end, f.anchor = hit[1], hit[0], hit[0] - 1


def _range(v: View, f: Found, lex: QuantityLexicon) -> int | None:
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
        return chain_end(v.toks, p.end)
    unit2 = unit_at(v.toks, p.end, lex)
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


def _change(v: View, k: int, lex: QuantityLexicon) -> bool:
    """True if "from"/"to" at ``k`` belongs to a change verb ("rose from", "raised the toll to")."""
    if v.parsed and v.tok(k).head.lower_ in lex.change_verbs:
        return True
    return any(w in lex.change_verbs for w in v.toks.lowers[max(0, k - 6):k])


def _finish(v: View, f: Found, lex: QuantityLexicon) -> Quantity | None:
    """Read the cues, drop what is not a quantity, attach the counted noun, build the result."""
    if (not f.unspecified and f.low is None and f.high is None) or f.ranged:
        _cues(v, f, lex)
    if excluded(v, f, lex):
        return None
    noun = counted(v, f, lex)
    if noun is not None and noun in lex.durations:
        return None
    if f.fraction and f.end - f.first == 1 and v.toks.low(f.first) == "half" and f.unit is None \
            and not f.cue and v.toks.low(f.end) != "of" and f.end < len(v.toks) - 1:
        return None  # "half the town" is a share, not a count
    a, b = v.tok(f.start), v.tok(f.end - 1)
    span = (a.idx, b.idx + len(b.text))
    return Quantity(text=doc_text(v.doc)[span[0]:span[1]], span=span, value=f.value, low=f.low, high=f.high,
                    approximate=f.approx, unspecified=f.unspecified, unit=f.unit)


def _cues(v: View, f: Found, lex: QuantityLexicon) -> None:
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


def _apply(f: Found, kind: str) -> None:
    if kind == "approximate":
        f.approx = True
    elif f.value is not None:
        f.low, f.high, f.value = (f.value, None, None) if kind == "lower" else (None, f.value, None)


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
