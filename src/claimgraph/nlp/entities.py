"""Entity correction with the gazetteers, and one record per real-world actor in an article.

``claimgraph.gazetteer_ruler.v1`` (after ``ner``) rewrites ``doc.ents``: gazetteer names override
or trim the model's spans ("Kursk" PRODUCT -> GPE, "Seoul's National Intelligence Service" ->
"Seoul" + "National Intelligence Service"), contextual aliases ("the North") and descriptors ("the
communist regime") become country spans, descriptive organisations ("Israel's prison service")
become ORG spans, and cheap boundary errors are fixed ("Choe Son" + "Hui", an ORG after "leader"
that is a person). Every span it links carries a match id in ``Span.id_`` (see
:mod:`claimgraph.nlp.gazetteer`); possessors and demonyms inside a longer span go to
``doc.spans["cg_nested"]``.

``claimgraph.entities.v1`` assigns ``doc._.entities``: a list of :class:`EntityRecord`, one per
actor, with every surface form and the character span of every mention.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import spacy
from spacy.language import Language
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc, Span, Token

from claimgraph.model import Entity
from claimgraph.nlp import extensions
from claimgraph.nlp.gazetteer import Gazetteer, build_ruler_patterns, load_gazetteer, name_key, split_dateline

NESTED = "cg_nested"
RULER_FACTORY = "claimgraph.gazetteer_ruler.v1"
ENTITIES_FACTORY = "claimgraph.entities.v1"
STRONG = ("country", "demonym", "capital")
POSSESSIVE = {"'s", "’s", "'", "’"}
OWNERS = (*STRONG, "place", "context")

extensions.register()


@dataclass
class EntityRecord:
    """One real-world actor: canonical name, type, country, source kind, surface forms, mentions."""

    name: str
    type: str
    country: str | None = None
    kind: str | None = None
    aliases: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)
    key: str = ""


# --------------------------------------------------------------------------------------------
# gazetteer ruler
# --------------------------------------------------------------------------------------------


def phrase_ruler(nlp: Language, gaz: Gazetteer) -> EntityRuler:
    """An EntityRuler over the gazetteer patterns, tokenised by ``nlp``'s tokenizer only."""
    blank = spacy.blank(nlp.lang, vocab=nlp.vocab)
    blank.tokenizer = nlp.tokenizer
    ruler = EntityRuler(blank, name="claimgraph_gazetteer", phrase_matcher_attr="ORTH", overwrite_ents=True)
    ruler.add_patterns(build_ruler_patterns(gaz))  # type: ignore[arg-type]
    return ruler


class GazetteerRuler:
    """Corrects ``doc.ents`` with the gazetteers (see the module docstring)."""

    def __init__(self, nlp: Language, name: str = "gazetteer_ruler", data_dir: str | None = None) -> None:
        self.name = name
        self.gaz = load_gazetteer(data_dir)
        self.ruler = phrase_ruler(nlp, self.gaz)

    def __call__(self, doc: Doc) -> Doc:
        matches = self._matches(doc)
        evidence = country_evidence(doc, self.gaz, matches)
        resolved = [s for s in (self._resolve(doc, m, evidence) for m in matches) if s is not None]
        ents = merge_spans(doc, list(doc.ents), resolved, self.gaz)
        ents = fix_people(doc, ents, self.gaz)
        ents = fix_dateline(doc, ents)
        ents, nested = describe_orgs(doc, ents, resolved, self.gaz)
        doc.ents = sorted(ents, key=lambda s: s.start)
        doc.spans[NESTED] = nested
        return doc

    def _matches(self, doc: Doc) -> list[Span]:
        out = []
        for match_id, start, end in self.ruler.match(doc):
            label, _, pid = doc.vocab.strings[match_id].partition(self.ruler.ent_id_sep)
            out.append(Span(doc, start, end, label=label, span_id=pid))
        return out

    def _resolve(self, doc: Doc, span: Span, evidence: Counter[str]) -> Span | None:
        kind, _, key = span.id_.partition(":")
        if kind == "x":
            code = _best(codes_for_context(self.gaz, key), evidence)
            nxt = doc[span.end] if span.end < len(doc) else None
            ok = code and not (nxt is not None and nxt.is_alpha and nxt.text[0].isupper())
            return _relabel(span, "GPE", f"context:{code}") if ok else None
        if kind == "d":
            code = _best(self.gaz.descriptors.get(key, ()), evidence)
            return _relabel(span, "GPE", f"descriptor:{code}") if code else None
        mid = choose_id(self.gaz, self.gaz.names.get(key, ()), key, evidence, _modifier_country(doc, span, self.gaz))
        return _relabel(span, span.label_, mid) if mid else None


def _relabel(span: Span, label: str, mid: str) -> Span:
    return Span(span.doc, span.start, span.end, label=label, span_id=mid)


def _best(codes: Iterable[str], evidence: Counter[str]) -> str | None:
    ranked = sorted((c for c in codes if evidence[c] > 0), key=lambda c: -evidence[c])
    return ranked[0] if ranked else None


def codes_for_context(gaz: Gazetteer, key: str) -> list[str]:
    """Countries that a contextual alias ("the North") may stand for."""
    return [c.code for c in gaz.countries.values() if any(name_key(x) == key for x in c.contextual)]


def dateline_country(doc: Doc, gaz: Gazetteer) -> str | None:
    """The country a dateline names or implies ("CAMP HUMPHREYS, South Korea" -> "KR")."""
    found = split_dateline(doc._.dateline or doc.text) if (doc._.dateline or doc.text) else None
    if not found:
        return None
    for text in (found[1], found[0]):
        for mid in gaz.lookup(text or ""):
            code = country_of(gaz, mid)
            if code:
                return code
    return None


def country_evidence(doc: Doc, gaz: Gazetteer, matches: Sequence[Span]) -> Counter[str]:
    """How often each country is named unambiguously (names, demonyms, capitals, dateline)."""
    evidence: Counter[str] = Counter()
    for span in matches:
        ids = gaz.names.get(span.id_.partition(":")[2], ()) if span.id_.startswith("g:") else ()
        for mid in ids:
            kind, _, code = mid.partition(":")
            country = gaz.country(code) if kind in STRONG else None
            if country and not (kind == "country" and country.ambiguous and len(span) == 1):
                evidence[code] += 1
    code = dateline_country(doc, gaz)
    if code:
        evidence[code] += 1
    return evidence


def country_of(gaz: Gazetteer, mid: str) -> str | None:
    """The country code behind a match id."""
    kind, _, rest = mid.partition(":")
    if kind in (*STRONG, "context", "descriptor"):
        return rest
    if kind == "org":
        return gaz.organizations[rest].country
    if kind == "place":
        return gaz.places[rest].country
    if kind == "role":
        return rest.partition(":")[0] if len(rest.partition(":")[0]) == 2 else None
    return None


def choose_id(gaz: Gazetteer, ids: Sequence[str], key: str, evidence: Counter[str],
              modifier: str | None) -> str | None:
    """Pick the match id a surface stands for here, or None when it needs context it lacks."""
    ok = []
    for mid in ids:
        kind, _, rest = mid.partition(":")
        country = gaz.country(rest) if kind == "country" else None
        org = gaz.organizations[rest] if kind == "org" else None
        if country and country.ambiguous and evidence[rest] == 0:
            continue
        if org and org.country and key in gaz.generic and not (evidence[org.country] or modifier == org.country):
            continue
        ok.append(mid)
    if len(ok) <= 1:
        return ok[0] if ok else None
    return max(ok, key=lambda m: _preference(gaz, m, evidence, modifier))


def _preference(gaz: Gazetteer, mid: str, evidence: Counter[str], modifier: str | None) -> tuple[int, ...]:
    code = country_of(gaz, mid)
    return (int(modifier is not None and code == modifier), evidence[code or ""], int(code is None),
            int(mid.startswith(STRONG)))


def _modifier_country(doc: Doc, span: Span, gaz: Gazetteer) -> str | None:
    """The country named right before a span ("South Korea's Joint Chiefs", "the Israeli army")."""
    i = span.start - 1
    if i >= 0 and doc[i].text in POSSESSIVE:
        i -= 1
    for j in range(max(0, i - 3), i + 1):
        for mid in gaz.lookup(doc[j : i + 1].text):
            if mid.startswith(STRONG):
                return mid.partition(":")[2]
    return None


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


def merge_spans(doc: Doc, ents: list[Span], spans: Sequence[Span], gaz: Gazetteer) -> list[Span]:
    """Put gazetteer spans into the entity list, longest first, trimming or replacing model spans."""
    taken: set[int] = set()
    people = _person_tokens(ents)
    for span in spans:
        if any(i in taken for i in range(span.start, span.end)):
            continue
        overlapping = [e for e in ents if e.start < span.end and span.start < e.end]
        if any(_blocks(doc, e, span, people) for e in overlapping):
            continue
        ents = [e for e in ents if e not in overlapping] + [span]
        taken.update(range(span.start, span.end))
    return ents


# --------------------------------------------------------------------------------------------
# boundary fixes
# --------------------------------------------------------------------------------------------


def _ent_at(ents: Sequence[Span], i: int) -> Span | None:
    return next((e for e in ents if e.start <= i < e.end), None)


def _extend_person(doc: Doc, ent: Span, ents: Sequence[Span]) -> Span:
    end = ent.end
    if end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ \
            and not doc[end].whitespace_ and doc[end + 1].is_alpha and _ent_at(ents, end + 1) in (None, ent):
        end += 2
    elif end < len(doc) and len(ent) >= 2 and doc[end].pos_ == "PROPN" and doc[end].is_title \
            and doc[end].is_alpha:
        other = _ent_at(ents, end)
        if other is None or (len(other) == 1 and not other.id_ and other.label_ in ("NORP", "ORG", "GPE")):
            end += 1
    return ent if end == ent.end else Span(doc, ent.start, end, label="PERSON")


def _looks_like_person(doc: Doc, ent: Span, gaz: Gazetteer) -> bool:
    prev = doc[ent.start - 1] if ent.start else None
    heads = gaz.words("org_heads")
    return bool(prev is not None and prev.lower_ in gaz.words("person_roles") and 2 <= len(ent) <= 4
                and all(t.is_title and t.is_alpha for t in ent) and not any(t.lower_ in heads for t in ent))


def _appositive_org(ent: Span, gaz: Gazetteer) -> bool:
    nouns = gaz.words("org_nouns")
    root = ent.root
    if root.dep_ == "appos" and root.head.lemma_.lower() in nouns:
        return True
    return any(c.dep_ == "appos" and c.lemma_.lower() in nouns for c in root.children)


def fix_people(doc: Doc, ents: list[Span], gaz: Gazetteer) -> list[Span]:
    """Fix person boundaries and labels: split names, names after a role noun, surname-only ents."""
    ents = [_extend_person(doc, e, ents) if e.label_ == "PERSON" and not e.id_ else e for e in ents]
    ents = _drop_overlaps(ents)
    people = {name_key(t.text) for e in ents if e.label_ == "PERSON" and len(e) > 1
              for t in (e[0], e[-1]) if t.is_alpha}
    out = []
    for e in ents:
        if e.id_ or e.label_ in ("DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"):
            out.append(e)
        elif e.label_ == "ORG" and _looks_like_person(doc, e, gaz):
            out.append(Span(doc, e.start, e.end, label="PERSON"))
        elif len(e) == 1 and name_key(e.text) in people and not gaz.lookup(e.text):
            out.append(Span(doc, e.start, e.end, label="PERSON"))
        elif e.label_ == "PERSON" and len(e) == 1 and name_key(e.text) not in people and _appositive_org(e, gaz):
            out.append(Span(doc, e.start, e.end, label="ORG"))
        else:
            out.append(e)
    return _acronyms(doc, out)


def _acronyms(doc: Doc, ents: list[Span]) -> list[Span]:
    """Tag "(CNE)" after an organisation as ORG."""
    for e in list(ents):
        i = e.end
        if e.label_ == "ORG" and i + 2 < len(doc) and doc[i].text == "(" and doc[i + 2].text == ")" \
                and doc[i + 1].is_upper and 2 <= len(doc[i + 1]) <= 8 and _ent_at(ents, i + 1) is None:
            ents.append(Span(doc, i + 1, i + 2, label="ORG"))
    return ents


def _drop_overlaps(ents: list[Span]) -> list[Span]:
    out: list[Span] = []
    for e in sorted(ents, key=lambda s: (-(s.end - s.start), s.start)):
        if all(e.end <= o.start or o.end <= e.start for o in out):
            out.append(e)
    return out


def fix_dateline(doc: Doc, ents: list[Span]) -> list[Span]:
    """Label an upper-case dateline place the model tagged as something else (or missed)."""
    found = split_dateline(doc.text)
    if not found:
        return ents
    end = 0
    while end < len(doc) and doc[end].idx < len(found[0]):
        end += 1
    if not end or not all(t.is_upper or not t.is_alpha for t in doc[:end]):
        return ents
    if any(e.start < end and e.id_ for e in ents):
        return ents
    return [e for e in ents if e.start >= end] + [Span(doc, 0, end, label="GPE")]


# --------------------------------------------------------------------------------------------
# descriptive organisations: "Israel's prison service", "the Israeli military"
# --------------------------------------------------------------------------------------------


def _role_end(doc: Doc, start: int, ents: Sequence[Span], gaz: Gazetteer) -> int:
    """End of a role phrase starting at ``start`` ("civil defence agency"), or ``start`` if none."""
    heads, end, i = gaz.words("org_heads"), start, start
    while i < len(doc) and i - start < 5:
        t, e = doc[i], _ent_at(ents, i)
        if e is not None and (e.id_ or e.label_ not in ("ORG", "NORP")):
            break
        if not (t.pos_ in ("NOUN", "ADJ", "PROPN") or t.text == "-") or t.tag_ in ("JJS", "JJR"):
            break
        if t.lower_ in heads or t.lemma_.lower() in heads:
            end = i + 1
        i += 1
    return end


def _owner_span(doc: Doc, ent: Span, resolved: Sequence[Span]) -> tuple[Span, int] | None:
    """The possessor/demonym a descriptive phrase starts with, and where its role words begin."""
    for s in resolved:
        if s.start == ent.start and s.end < ent.end and s.id_.startswith((*STRONG, "place", "context")):
            nxt = s.end + 1 if doc[s.end].text in POSSESSIVE else s.end
            return (s, nxt) if nxt < ent.end else None
    if ent.id_.startswith((*STRONG, "place", "context")) and ent.end < len(doc):
        possessive = doc[ent.end].text in POSSESSIVE
        if possessive or ent.id_.startswith(("demonym", "country")):
            return ent, ent.end + int(possessive)
    return None


def _owner_in_org(doc: Doc, ent: Span, resolved: Sequence[Span], gaz: Gazetteer) -> tuple[Span, int] | None:
    """A model ORG that starts with a possessor or demonym: ("Gaza" span, start of "Health Ministry")."""
    if ent.label_ != "ORG" or ent.id_ or ent[-1].lower_ not in gaz.words("org_heads"):
        return None
    start = ent.start + int(ent[0].lower_ == "the")
    for s in resolved:
        if s.start == start and s.end < ent.end and s.id_.startswith(OWNERS):
            begin = s.end + int(doc[s.end].text in POSSESSIVE)
            return (s, begin) if begin < ent.end else None
    return None


def _role_after(doc: Doc, ent: Span, ents: Sequence[Span], gaz: Gazetteer) -> tuple[int, int] | None:
    """The role words after a possessor or demonym span: "Israel['s] prison service"."""
    if not ent.id_.startswith(OWNERS) or ent.end >= len(doc):
        return None
    possessive = doc[ent.end].text in POSSESSIVE
    if not (possessive or ent.id_.startswith(("demonym", "country"))):
        return None
    begin = ent.end + int(possessive)
    end = _role_end(doc, begin, ents, gaz)
    return (begin, end) if end > begin else None


def describe_orgs(doc: Doc, ents: list[Span], resolved: Sequence[Span],
                  gaz: Gazetteer) -> tuple[list[Span], list[Span]]:
    """Turn possessor + role phrases into linked ORG (or country) spans; collect nested owners."""
    nested: list[Span] = []
    for ent in list(ents):
        if ent not in ents:
            continue
        inside = _owner_in_org(doc, ent, resolved, gaz)
        after = None if inside else _role_after(doc, ent, ents, gaz)
        if inside:
            owner, begin, end = inside[0], inside[1], ent.end
        elif after:
            owner, (begin, end) = ent, after
        else:
            continue
        mid, label = role_id(gaz, owner, doc[begin:end].text)
        span = Span(doc, min(owner.start, ent.start), end, label=label, span_id=mid)
        ents = [e for e in ents if e.end <= span.start or e.start >= span.end] + [span]
        nested.append(owner)
    return ents, nested


def role_id(gaz: Gazetteer, owner: Span, role: str) -> tuple[str, str]:
    """Match id and label for "<owner> <role>": a listed organisation, the country, or a new role."""
    code = country_of(gaz, owner.id_) or ""
    base = name_key(owner.text)
    if name_key(role).split()[-1:] and name_key(role).split()[-1] in gaz.words("state_heads") and \
            owner.id_.startswith(STRONG):
        return f"country:{code}", "GPE"
    org = gaz.org_for_role(base, role) or (gaz.org_for_role(code, role) if code else None)
    if org:
        return f"org:{org.key}", "ORG"
    return f"role:{code or base}:{name_key(role)}", "ORG"


# --------------------------------------------------------------------------------------------
# components and helpers
# --------------------------------------------------------------------------------------------


@Language.factory(RULER_FACTORY, assigns=["doc.ents", f"doc.spans['{NESTED}']"],
                  default_config={"data_dir": None})
def make_gazetteer_ruler(nlp: Language, name: str, data_dir: str | None) -> GazetteerRuler:
    """Factory of the gazetteer entity-correction step."""
    return GazetteerRuler(nlp, name, data_dir)


def add_gazetteer_ruler(nlp: Language, data_dir: str | None = None) -> GazetteerRuler:
    """Add the gazetteer ruler right after ``ner`` (or last, in a pipeline without NER)."""
    where: dict[str, Any] = {"after": "ner"} if "ner" in nlp.pipe_names else {}
    return nlp.add_pipe(RULER_FACTORY, config={"data_dir": data_dir}, **where)  # type: ignore[return-value]


class EntityComponent:
    """Assigns ``doc._.entities`` (see :func:`claimgraph.nlp.linking.link_entities`)."""

    def __init__(self, name: str = "entities", data_dir: str | None = None) -> None:
        self.name = name
        self.gaz = load_gazetteer(data_dir)

    def __call__(self, doc: Doc) -> Doc:
        doc._.entities = link_entities(doc, self.gaz)
        return doc


@Language.factory(ENTITIES_FACTORY, assigns=["doc._.entities"], default_config={"data_dir": None})
def make_entities(nlp: Language, name: str, data_dir: str | None) -> EntityComponent:
    """Factory of the entity-linking step."""
    return EntityComponent(name, data_dir)


def entities_in(doc: Doc, start_char: int, end_char: int) -> list[EntityRecord]:
    """Records with at least one mention inside ``[start_char, end_char)``, in order of mention."""
    hits = []
    for rec in doc._.entities or []:
        inside = [s for s, e in rec.mentions if s >= start_char and e <= end_char]
        if inside:
            hits.append((min(inside), rec))
    return [rec for _, rec in sorted(hits, key=lambda h: h[0])]


def entity_at(doc: Doc, start_char: int, end_char: int) -> EntityRecord | None:
    """The record whose mention overlaps ``[start_char, end_char)`` the most, if any."""
    best, score = None, 0
    for rec in doc._.entities or []:
        for s, e in rec.mentions:
            overlap = min(e, end_char) - max(s, start_char)
            if overlap > score:
                best, score = rec, overlap
    return best


def to_model(record: EntityRecord) -> Entity:
    """The contract v1 :class:`~claimgraph.model.Entity` of a record."""
    return Entity(name=record.name, type=record.type, aliases=list(record.aliases), country=record.country)
