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

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from claimgraph.model import Entity
from claimgraph.nlp import extensions
from claimgraph.nlp.gazetteer import (
    OWNERS,
    POSSESSIVE,
    STRONG,
    Gazetteer,
    country_evidence,
    country_of,
    load_gazetteer,
    match_spans,
    merge_spans,
    name_key,
    phrase_ruler,
    resolve,
    split_dateline,
)

NESTED = "cg_nested"
RULER_FACTORY = "claimgraph_gazetteer_ruler_v1"  # spaCy forbids dots: the step "claimgraph.gazetteer_ruler.v1"
FACTORY = "claimgraph_entities_v1"  # the step "claimgraph.entities.v1"

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
        ents = fix_dateline(doc, ents)
        ents, nested = describe_orgs(doc, ents, resolved, self.gaz)
        doc.ents = sorted(ents, key=lambda s: s.start)
        doc.spans[NESTED] = nested
        return doc


# --------------------------------------------------------------------------------------------
# boundary fixes
# --------------------------------------------------------------------------------------------


def _ent_at(ents: Sequence[Span], i: int) -> Span | None:
    return next((e for e in ents if e.start <= i < e.end), None)


def _extend_person(doc: Doc, ent: Span, ents: Sequence[Span], gaz: Gazetteer) -> Span:
    """Join a name the model split: "Choe Son" + "Hui", "Park Sun" + "-won"."""
    end = ent.end
    if end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ \
            and not doc[end].whitespace_ and doc[end + 1].is_lower and _ent_at(ents, end + 1) in (None, ent):
        end += 2
    elif end < len(doc) and len(ent) >= 2 and doc[end].pos_ == "PROPN" and doc[end].is_title \
            and doc[end].is_alpha and doc[end].lower_ not in gaz.words("org_heads"):
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
    if root.dep_ == "appos" and _lemma(root.head) in nouns:
        return True
    return any(c.dep_ == "appos" and _lemma(c) in nouns for c in root.children)


def _lemma(t: Token) -> str:
    """Lemma, or a crude singular where the lemmatizer is disabled."""
    return t.lemma_.lower() if t.lemma_ else (t.lower_[:-1] if t.tag_ in ("NNS", "NNPS") else t.lower_)


def fix_people(doc: Doc, ents: list[Span], gaz: Gazetteer) -> list[Span]:
    """Fix person boundaries and labels: split names, names after a role noun, surname-only ents."""
    ents = filter_spans([_extend_person(doc, e, ents, gaz) if e.label_ == "PERSON" and not e.id_ else e
                         for e in ents])
    people = {name_key(t.text) for e in ents if e.label_ == "PERSON"
              for name in [[t for t in e if t.is_alpha]] if len(name) > 1 for t in (name[0], name[-1])}
    out = []
    for e in ents:
        if e.id_ or e.label_ in ("DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"):
            out.append(e)
        elif (e.label_ == "ORG" and _looks_like_person(doc, e, gaz)) or (
                len(e) == 1 and name_key(e.text) in people and not gaz.lookup(e.text)):
            out.append(Span(doc, e.start, e.end, label="PERSON"))
        elif e.label_ == "PERSON" and len(e) == 1 and name_key(e.text) not in people and _appositive_org(e, gaz):
            out.append(Span(doc, e.start, e.end, label="ORG"))
        else:
            out.append(e)
    return _acronyms(doc, [_extend_lower_org(doc, e, out, gaz) if e.label_ == "ORG" and not e.id_ else e
                           for e in out])


def _extend_lower_org(doc: Doc, ent: Span, ents: Sequence[Span], gaz: Gazetteer) -> Span:
    """Grow a lower-case ORG ("examiner's") to its phrase ("county medical examiner's office")."""
    if any(t.is_alpha and not t.is_lower for t in ent):
        return ent
    start, end = ent.start, ent.end
    while start > 0 and doc[start - 1].is_lower and doc[start - 1].pos_ in ("NOUN", "ADJ", "PROPN") \
            and _ent_at(ents, start - 1) is None:
        start -= 1
    if doc[end - 1].text not in POSSESSIVE and end < len(doc) and doc[end].text in POSSESSIVE:
        end += 1
    if end < len(doc) and doc[end - 1].text in POSSESSIVE and doc[end].lower_ in gaz.words("org_heads") \
            and _ent_at(ents, end) is None:
        end += 1
    return ent if (start, end) == (ent.start, ent.end) else Span(doc, start, end, label="ORG")


def _acronyms(doc: Doc, ents: list[Span]) -> list[Span]:
    """Tag "(CNE)" after an organisation as ORG."""
    for e in list(ents):
        i = e.end
        if e.label_ == "ORG" and i + 2 < len(doc) and doc[i].text == "(" and doc[i + 2].text == ")" \
                and doc[i + 1].is_upper and 2 <= len(doc[i + 1]) <= 8 and _ent_at(ents, i + 1) is None:
            ents.append(Span(doc, i + 1, i + 2, label="ORG"))
    return ents


def fix_dateline(doc: Doc, ents: list[Span]) -> list[Span]:
    """Label an upper-case dateline place the model tagged as something else (or missed)."""
    found = split_dateline(doc[: min(len(doc), 60)].text)
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
        hyphenated = t.tag_ == "VBN" and i > start and doc[i - 1].text == "-"  # "state-run"
        if not (t.pos_ in ("NOUN", "ADJ", "PROPN") or t.text == "-" or hyphenated) or t.tag_ in ("JJS", "JJR"):
            break
        if t.lower_ in heads or _lemma(t) in heads:
            end = i + 1
        i += 1
    return end


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


def _owners_inside(doc: Doc, ent: Span, resolved: Sequence[Span]) -> list[Span]:
    """Possessors and demonyms at the start of a listed name ("Israel's military", "Russian Navy")."""
    return [s for s in resolved if s.start == ent.start and s.end < ent.end and (
        s.id_.startswith(("demonym", "country")) or doc[s.end].text in POSSESSIVE) and s.id_.startswith(OWNERS)]


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


def singular(word: str) -> str:
    """A crude singular for role heads ("militaries" -> "military", "media" stays)."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") and not word.endswith(("ss", "us", "is")) else word


def _role_text(span: Span) -> str:
    """A role phrase with its head in the singular ("South Korean militaries" -> "... military")."""
    return "".join(t.text_with_ws for t in span[:-1]) + singular(span[-1].text)


def describe_orgs(doc: Doc, ents: list[Span], resolved: Sequence[Span],
                  gaz: Gazetteer) -> tuple[list[Span], list[Span]]:
    """Turn possessor + role phrases into linked ORG (or country) spans; collect nested owners."""
    nested = [o for e in ents if e.label_ == "ORG" for o in _owners_inside(doc, e, resolved)]
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
        mid, label = role_id(gaz, owner, doc[begin:end])
        span = Span(doc, min(owner.start, ent.start), end, label=label, span_id=mid)
        ents = [e for e in ents if e.end <= span.start or e.start >= span.end] + [span]
        nested.append(owner)
    unique = {(s.start, s.end): s for s in nested}
    return ents, sorted(unique.values(), key=lambda s: s.start)


def role_id(gaz: Gazetteer, owner: Span, words: Span) -> tuple[str, str]:
    """Match id and label for "<owner> <role>": a listed organisation, the country, or a new role."""
    code = country_of(gaz, owner.id_) or ""
    base, role = name_key(owner.text), _role_text(words)
    if words[-1].lower_ in gaz.words("state_heads") and owner.id_.startswith((*STRONG, "context")):
        return f"country:{code}", "GPE"
    orgs = (gaz.org_for_role(o, r) for r in (words.text, role) for o in (base, code) if o)
    org = next((o for o in orgs if o is not None), None)
    if org:
        return f"org:{org.key}", "ORG"
    return f"role:{code or base}:{name_key(role)}", "ORG"


# --------------------------------------------------------------------------------------------
# linking: one record per actor
# --------------------------------------------------------------------------------------------


@dataclass
class Mention:
    """One mention of an actor, before linking."""

    span: Span
    key: str
    name: str
    type: str
    country: str | None = None
    kind: str | None = None


def surface(span: Span) -> str:
    """A mention as written, with a following possessive ("North Korea’s")."""
    doc = span.doc
    if span.end < len(doc) and doc[span.end].text in POSSESSIVE and span[-1].text not in POSSESSIVE:
        return doc[span.start : span.end + 1].text
    return span.text


def actor_like(span: Span) -> bool:
    """Whether a place name acts (possessor or subject) rather than locates ("Seoul said")."""
    doc, root = span.doc, span.root
    if span.end < len(doc) and doc[span.end].text in POSSESSIVE:
        return True
    while root.dep_ == "conj" and root.head is not root:
        root = root.head
    if root.dep_ == "pobj" and root.head.lower_ in ("with", "between", "against", "by"):
        return True
    return root.dep_ in ("nsubj", "nsubjpass", "poss", "dative", "agent")


def _clean(span: Span) -> str:
    tokens = list(span)
    while tokens and tokens[-1].text in POSSESSIVE:
        tokens = tokens[:-1]
    while tokens and tokens[0].lower_ in ("the", "a", "an"):
        tokens = tokens[1:]
    return "".join(t.text_with_ws for t in tokens).strip() if tokens else span.text


def _without_possessive(span: Span) -> str:
    """The name without possessive and leading article: "Gaza's Health Ministry" -> "Gaza Health Ministry"."""
    doc = span.doc
    out: list[str] = []
    for t in span:
        if t.text in POSSESSIVE or (not out and t.lower_ in ("the", "a", "an")):
            continue
        gap = t.whitespace_ or (t.i + 1 < len(doc) and doc[t.i + 1].text in POSSESSIVE)
        out.append(t.text + (" " if gap else ""))
    return "".join(out).strip()


def _title(role: str) -> str:
    small = {"of", "and", "for", "the", "in", "on"}
    return " ".join(w if w in small or w.isupper() else w[:1].upper() + w[1:] for w in role.split())


def org_kind(gaz: Gazetteer, text: str) -> str:
    """Source kind of an unlisted organisation from its head words."""
    low = f" {name_key(text)} "
    table: dict[str, list[str]] = gaz.lexicon.get("kind_heads") or {}
    for kind in ("intelligence", "military", "legislator", "media", "government"):
        if any(f" {w} " in low for w in table.get(kind, ())):
            return kind
    return "organization"


def _gazetteer_mention(span: Span, gaz: Gazetteer, present: set[str]) -> Mention | None:
    kind, _, rest = span.id_.partition(":")
    if kind in ("country", "demonym", "descriptor", "context") or (
            kind == "capital" and (rest in present or actor_like(span))):
        country = gaz.countries[rest]
        return Mention(span, f"country:{rest}", country.name, "GPE", rest, "government")
    if kind == "org":
        org = gaz.organizations[rest]
        return Mention(span, span.id_, org.name, "ORG", org.country, org.kind)
    if kind == "role":
        owner, _, role = rest.partition(":")
        return Mention(span, span.id_, _title(_without_possessive(span)), "ORG",
                       owner if len(owner) == 2 else None, org_kind(gaz, role))
    if kind == "place" and actor_like(span) and gaz.places[rest].feature in ("city", "region", "territory"):
        place = gaz.places[rest]
        return Mention(span, span.id_, place.name, "GPE", place.country, None)
    return None


def _plain_mention(span: Span, gaz: Gazetteer) -> Mention | None:
    name = _clean(span)
    if span.label_ == "ORG" and not _not_actor(span, gaz):
        return Mention(span, f"orgname:{name_key(name)}", name, "ORG", None, org_kind(gaz, name))
    if span.label_ == "GPE" and actor_like(span):
        return Mention(span, f"gpe:{name_key(name)}", name, "GPE", None, None)
    return None


def _not_actor(span: Span, gaz: Gazetteer) -> bool:
    """An ORG span that names a title word ("State" in "Secretary of State") or a treaty, fire, law."""
    return (len(span) == 1 and span.text in gaz.words("person_titles")) or \
        span[-1].lower_ in gaz.words("not_org_heads")


def in_dateline(span: Span) -> bool:
    """A span inside the dateline at the head of the text ("SEOUL (AP) —"): a place, not an actor."""
    if span.start > 8:
        return False
    found = split_dateline(span.doc[: min(len(span.doc), 60)].text)
    return found is not None and span.end_char <= len(found[0]) + 1


def collect_mentions(doc: Doc, gaz: Gazetteer) -> list[Mention]:
    """Actor mentions of every entity and nested owner span (persons are linked separately)."""
    spans = sorted([*doc.ents, *doc.spans.get(NESTED, [])], key=lambda s: (s.start, -s.end))
    present = {s.id_.partition(":")[2] for s in spans
               if s.id_.startswith(("country", "demonym", "descriptor", "context"))}
    out = []
    for span in spans:
        if in_dateline(span):
            continue
        m = _gazetteer_mention(span, gaz, present) if span.id_ else _plain_mention(span, gaz)
        if m is not None:
            out.append(m)
    return _link_acronyms(doc, out)


def _link_acronyms(doc: Doc, mentions: list[Mention]) -> list[Mention]:
    by_start = {m.span.start: m for m in mentions}
    for m in mentions:
        j = m.span.end
        acr = by_start.get(j + 1)
        if m.type == "ORG" and acr and acr.type == "ORG" and j < len(doc) and doc[j].text == "(" \
                and len(acr.span) == 1 and acr.span.end < len(doc) and doc[acr.span.end].text == ")":
            winner, loser = (acr, m) if acr.key.startswith("org:") and not m.key.startswith("org:") else (m, acr)
            for x in mentions:
                if x.key == loser.key:
                    x.key, x.name, x.country, x.kind = winner.key, winner.name, winner.country, winner.kind
    return mentions


def person_name(span: Span, gaz: Gazetteer) -> list[Token]:
    """Name tokens of a PERSON span, without leading titles and a trailing possessive."""
    titles = gaz.words("person_titles")
    tokens = [t for t in span if t.text not in POSSESSIVE]
    while len(tokens) > 1 and tokens[0].text in titles:
        tokens = tokens[1:]
    return tokens


def titled(span: Span, gaz: Gazetteer) -> str | None:
    """The name with the title written before it ("Sheriff Robert Luna"), if any."""
    titles, doc, i = gaz.words("person_titles"), span.doc, span.start
    while i > 0 and (doc[i - 1].text in titles or (doc[i - 1].lower_ in ("of", "the") and i > 1
                                                   and doc[i - 2].text in titles)):
        i -= 1
    return doc[i : span.end].text if i < span.start else None


def link_people(doc: Doc, gaz: Gazetteer) -> list[Mention]:
    """PERSON mentions linked by name: a surname or given name joins the nearest full name."""
    spans = [e for e in doc.ents if e.label_ == "PERSON" and not e.id_]
    tokens = [person_name(e, gaz) for e in spans]
    names = [[t.text for t in ts] for ts in tokens]
    shown = [doc[ts[0].i : ts[-1].i + 1].text for ts in tokens]
    full = [(i, n) for i, n in enumerate(names) if len(n) > 1]
    out = []
    for i, (span, name) in enumerate(zip(spans, names, strict=True)):
        target = i
        cands = [(j, n) for j, n in full if len(n) > len(name) and name in (n[-len(name):], n[: len(name)])]
        if cands:
            target = min(cands, key=lambda c: (c[0] > i, abs(c[0] - i)))[0]
        out.append(Mention(span, f"person:{name_key(shown[target])}", shown[target], "PERSON"))
    return out


def link_entities(doc: Doc, gaz: Gazetteer) -> list[EntityRecord]:
    """One :class:`EntityRecord` per actor, in order of first mention."""
    records: dict[str, EntityRecord] = {}
    mentions = sorted([*collect_mentions(doc, gaz), *link_people(doc, gaz)], key=lambda m: m.span.start_char)
    for m in mentions:
        rec = records.setdefault(m.key, EntityRecord(m.name, m.type, m.country, m.kind, key=m.key))
        if m.type == "PERSON" and len(m.name) > len(rec.name):
            rec.name = m.name
        rec.mentions.append((m.span.start_char, m.span.end_char))
        forms = [surface(m.span)]
        if m.type == "PERSON":
            forms.append(titled(m.span, gaz) or "")
        rec.aliases.extend(f for f in forms if f and f not in rec.aliases)
    for rec in records.values():
        rec.aliases = [a for a in rec.aliases if a != rec.name]
    return list(records.values())


# --------------------------------------------------------------------------------------------
# components and helpers
# --------------------------------------------------------------------------------------------


@Language.factory(RULER_FACTORY, assigns=["doc.ents", "doc.spans"],
                  default_config={"data_dir": None})
def make_gazetteer_ruler(nlp: Language, name: str, data_dir: str | None) -> GazetteerRuler:
    """Factory of the gazetteer entity-correction step."""
    return GazetteerRuler(nlp, name, data_dir)


def add_gazetteer_ruler(nlp: Language, data_dir: str | None = None) -> GazetteerRuler:
    """Add the gazetteer ruler right after ``ner`` (or last, in a pipeline without NER)."""
    where: dict[str, Any] = {"after": "ner"} if "ner" in nlp.pipe_names else {}
    return nlp.add_pipe(RULER_FACTORY, config={"data_dir": data_dir}, **where)  # type: ignore[return-value]


class EntityComponent:
    """Assigns ``doc._.entities`` (see :func:`link_entities`)."""

    def __init__(self, name: str = "entities", data_dir: str | None = None) -> None:
        self.name = name
        self.gaz = load_gazetteer(data_dir)

    def __call__(self, doc: Doc) -> Doc:
        doc._.entities = link_entities(doc, self.gaz)
        return doc


@Language.factory(FACTORY, assigns=["doc._.entities"], default_config={"data_dir": None})
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
