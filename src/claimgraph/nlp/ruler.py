"""The gazetteer entity ruler: ``claimgraph.gazetteer_ruler.v1``, run right after ``ner``.

It rewrites ``doc.ents``: gazetteer names override or trim the model's spans ("Kursk" PRODUCT ->
GPE, "Seoul's National Intelligence Service" -> "Seoul" + "National Intelligence Service"),
contextual aliases ("the North") and descriptors ("the communist regime") become country spans
where the article names the country, and the boundary fixes of :mod:`claimgraph.nlp.boundaries`
follow (split person names, descriptive organisations such as "Israel's prison service"). Every
span it links carries a match id in ``Span.id_`` (see :mod:`claimgraph.nlp.gazetteer`);
possessors and demonyms inside a longer span go to ``doc.spans["cg_nested"]`` (:data:`NESTED`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import spacy
from spacy.language import Language
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from claimgraph.nlp.boundaries import describe_orgs, fix_dateline, fix_people, join_org_names, named_by_descriptor
from claimgraph.nlp.gazetteer import (
    POSSESSIVE,
    STRONG,
    Gazetteer,
    build_ruler_patterns,
    country_of,
    dateline_country,
    load_gazetteer,
    match_label,
    name_key,
)
from claimgraph.nlp.spans import SpanIndex

NESTED = "cg_nested"
RULER_FACTORY = "claimgraph_gazetteer_ruler_v1"  # spaCy forbids dots: the step "claimgraph.gazetteer_ruler.v1"


class GazetteerRuler:
    """Corrects ``doc.ents`` with the gazetteers (see the module docstring)."""

    def __init__(self, nlp: Language, name: str = "gazetteer_ruler", data_dir: str | None = None) -> None:
        self.name = name
        self.gaz = load_gazetteer(data_dir)
        self.ruler = phrase_ruler(nlp, self.gaz)

    def __call__(self, doc: Doc) -> Doc:
        matches = match_spans(doc, self.ruler)
        evidence = country_evidence(doc, self.gaz, matches)
        gpe = {(e.start, e.end) for e in doc.ents if e.label_ == "GPE"}
        resolved = [s for s in (resolve(doc, m, evidence, self.gaz, gpe) for m in matches) if s is not None]
        ents = merge_spans(doc, list(doc.ents), resolved)
        ents = fix_people(doc, ents, self.gaz)
        ents = named_by_descriptor(doc, join_org_names(doc, ents))
        ents = fix_dateline(doc, ents)
        ents, nested = describe_orgs(doc, ents, resolved, self.gaz)
        doc.ents = filter_spans(ents)  # sorted; where two rules overlap (a hostile text can make them), the longer wins
        doc.spans[NESTED] = nested
        return doc


@Language.factory(RULER_FACTORY, assigns=["doc.ents", "doc.spans"],
                  default_config={"data_dir": None})
def make_gazetteer_ruler(nlp: Language, name: str, data_dir: str | None) -> GazetteerRuler:
    """Factory of the gazetteer entity-correction step."""
    return GazetteerRuler(nlp, name, data_dir)


def add_gazetteer_ruler(nlp: Language, data_dir: str | None = None) -> GazetteerRuler:
    """Add the gazetteer ruler right after ``ner`` (or last, in a pipeline without NER)."""
    where: dict[str, Any] = {"after": "ner"} if "ner" in nlp.pipe_names else {}
    return nlp.add_pipe(RULER_FACTORY, config={"data_dir": data_dir}, **where)  # type: ignore[return-value]


# --------------------------------------------------------------------------------------------
# matching and resolving gazetteer names
# --------------------------------------------------------------------------------------------


def phrase_ruler(nlp: Language, gaz: Gazetteer) -> EntityRuler:
    """An EntityRuler over the gazetteer patterns, tokenised by ``nlp``'s tokenizer only."""
    blank = spacy.blank(nlp.lang or "en", vocab=nlp.vocab)
    blank.tokenizer = nlp.tokenizer
    ruler = EntityRuler(blank, name="claimgraph_gazetteer", phrase_matcher_attr="ORTH", overwrite_ents=True)
    ruler.add_patterns(build_ruler_patterns(gaz))  # type: ignore[arg-type]
    return ruler


def match_spans(doc: Doc, ruler: EntityRuler) -> list[Span]:
    """The ruler's phrase matches as spans (longest first) with the pattern id in ``Span.id_``."""
    out = []
    for match_id, start, end in ruler.match(doc):
        label, _, pid = doc.vocab.strings[match_id].partition(ruler.ent_id_sep)
        out.append(Span(doc, start, end, label=label, span_id=pid))
    return out


def _relabel(span: Span, label: str, mid: str) -> Span:
    return Span(span.doc, span.start, span.end, label=label, span_id=mid)


def _best(codes: Iterable[str], evidence: Counter[str]) -> str | None:
    ranked = sorted((c for c in codes if evidence[c] > 0), key=lambda c: -evidence[c])
    return ranked[0] if ranked else None


def codes_for_context(gaz: Gazetteer, key: str) -> list[str]:
    """Countries that a contextual alias ("the North") may stand for."""
    return [c.code for c in gaz.countries.values() if any(name_key(x) == key for x in c.contextual)]


def country_evidence(doc: Doc, gaz: Gazetteer, matches: Sequence[Span]) -> Counter[str]:
    """How often each country is named unambiguously: names, demonyms, capitals, the dateline and
    places that belong to one country only ("Florida" for the United States)."""
    evidence: Counter[str] = Counter()
    for span in matches:
        ids = gaz.names.get(span.id_.partition(":")[2], ()) if span.id_.startswith("g:") else ()
        owners = {country_of(gaz, m) for m in ids}
        if ids and all(m.startswith("place:") for m in ids) and len(owners) == 1 and None not in owners:
            evidence[owners.pop() or ""] += 1
        for mid in ids:
            kind, _, code = mid.partition(":")
            country = gaz.country(code) if kind in STRONG else None
            if country and not (kind == "country" and country.ambiguous and len(span) == 1):
                evidence[code] += 1
    hinted = dateline_country(doc, gaz)
    if hinted:
        evidence[hinted] += 1
    return evidence


def choose_id(gaz: Gazetteer, ids: Sequence[str], key: str, evidence: Counter[str],
              modifier: str | None, model_gpe: bool = False) -> str | None:
    """Pick the match id a surface stands for here, or None when it needs context it lacks. An
    ambiguous country name ("Georgia", "Jordan") needs corroboration, or the model's GPE label in
    an article that names no United States (where it would often be a state or a person)."""
    ok = []
    for mid in ids:
        kind, _, rest = mid.partition(":")
        country = gaz.country(rest) if kind == "country" else None
        org = gaz.organizations[rest] if kind == "org" else None
        if country and country.ambiguous and evidence[rest] == 0 and not (model_gpe and evidence["US"] == 0):
            continue
        if org and org.country and key in gaz.generic and not (evidence[org.country] or modifier == org.country):
            continue
        if org and org.country and modifier and org.country != modifier and (len(ids) > 1 or key in gaz.generic):
            continue
        ok.append(mid)
    if len(ok) <= 1:
        return ok[0] if ok else None
    return max(ok, key=lambda m: _preference(gaz, m, evidence, modifier))


def _preference(gaz: Gazetteer, mid: str, evidence: Counter[str], modifier: str | None) -> tuple[int, ...]:
    code = country_of(gaz, mid)
    return (int(modifier is not None and code == modifier), evidence[code or ""], int(code is None),
            int(mid.startswith(STRONG)))


def modifier_country(doc: Doc, span: Span, gaz: Gazetteer) -> str | None:
    """The country named right before a span ("South Korea's Joint Chiefs", "the Israeli army")."""
    i = span.start - 1
    if i >= 0 and doc[i].text in POSSESSIVE:
        i -= 1
    for j in range(max(0, i - 3), i + 1):
        for mid in gaz.lookup(doc[j : i + 1].text):
            if mid.startswith(STRONG):
                return mid.partition(":")[2]
    return None


def resolve(doc: Doc, span: Span, evidence: Counter[str], gaz: Gazetteer,
            model_gpe: set[tuple[int, int]] | frozenset[tuple[int, int]] = frozenset()) -> Span | None:
    """The match id a pattern match stands for in this document, or None to drop the match
    (``model_gpe``: the token bounds the model itself labelled GPE)."""
    kind, _, key = span.id_.partition(":")
    if kind == "x":
        code = _best(codes_for_context(gaz, key), evidence)
        nxt = doc[span.end] if span.end < len(doc) else None
        ok = code and not (nxt is not None and nxt.is_alpha and nxt.text[0].isupper())
        return _relabel(span, "GPE", f"context:{code}") if ok else None
    if kind == "d":
        code = _best(gaz.descriptors.get(key, ()), evidence)
        return _relabel(span, "GPE", f"descriptor:{code}") if code else None
    ids = gaz.names.get(key, ())
    modifier = modifier_country(doc, span, gaz) if len(ids) > 1 or key in gaz.generic else None
    nxt = doc[span.end] if span.end < len(doc) else None
    titled = nxt is not None and (nxt.text in gaz.words("person_titles") or nxt.lower_ == "state")
    mid = choose_id(gaz, ids, key, evidence, modifier, (span.start, span.end) in model_gpe and not titled)
    return _relabel(span, match_label(gaz, mid), mid) if mid else None


# --------------------------------------------------------------------------------------------
# merging gazetteer spans into the model's entities
# --------------------------------------------------------------------------------------------


def _trim_only(tokens: Iterable[Token]) -> bool:
    return all(t.is_punct or t.lower_ in ("the", "a", "an") or t.text in POSSESSIVE for t in tokens)


def _blocks(doc: Doc, ent: Span, span: Span, person_tokens: set[str]) -> bool:
    """Whether a model entity should win over an overlapping gazetteer span."""
    if ent.start <= span.start and ent.end >= span.end:
        before, after = doc[ent.start : span.start], doc[span.end : ent.end]
        if len(ent) == len(span):
            return ent.label_ == "PERSON" and not span.id_.startswith(("country", "org")) \
                and span.text in person_tokens
        prefix_ok = _trim_only(before) or (len(before) > 1 and before[-1].text in POSSESSIVE)
        return not (prefix_ok and _trim_only(after))
    if span.start <= ent.start and span.end >= ent.end:
        return False
    return len(ent) > len(span)


def _person_tokens(ents: Iterable[Span]) -> set[str]:
    return {t.text for e in ents if e.label_ == "PERSON" and len(e) > 1 for t in e}


def merge_spans(doc: Doc, ents: list[Span], spans: Sequence[Span]) -> list[Span]:
    """Put gazetteer spans into the entity list, longest first, trimming or replacing model spans."""
    taken: set[int] = set()
    people = _person_tokens(ents)
    index = SpanIndex(ents)         # the entities by token: only those a span overlaps are looked at
    for span in spans:
        if any(i in taken for i in range(span.start, span.end)):
            continue
        overlapping = index.overlapping(span.start, span.end)
        if any(_blocks(doc, e, span, people) for e in overlapping):
            continue
        index.remove_overlapping(span.start, span.end)
        index.add(span)
        taken.update(range(span.start, span.end))
    return index.spans()
