"""One record per real-world actor in an article: ``claimgraph.entities.v1``.

The step assigns ``doc._.entities``: a list of :class:`EntityRecord`, one per actor, with every
surface form and the character span of every mention. It reads the entities the gazetteer ruler
(``claimgraph.gazetteer_ruler.v1``, :mod:`claimgraph.nlp.ruler`) corrected and linked, and the
possessors and demonyms it put in ``doc.spans["cg_nested"]``; persons are linked by name.

The ruler's factory name and :func:`add_gazetteer_ruler` are re-exported here: the pipeline adds
the ruler through this module.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from claimgraph.model import Entity
from claimgraph.nlp import extensions
from claimgraph.nlp.aliases import definite_descriptions, described_forms
from claimgraph.nlp.boundaries import ORG_DESCRIPTORS
from claimgraph.nlp.gazetteer import POSSESSIVE, Gazetteer, head_dateline, load_gazetteer, name_key
from claimgraph.nlp.ruler import NESTED
from claimgraph.nlp.ruler import RULER_FACTORY as RULER_FACTORY  # re-exported for the pipeline
from claimgraph.nlp.ruler import add_gazetteer_ruler as add_gazetteer_ruler  # pipeline.build calls it here

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
    found = head_dateline(span.doc)
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
    """'Acme Widget Bureau (AWB)': the name and its acronym become one actor (a listed one wins).

    The mentions that take the winner's key are those with the loser's key up to the loser, and
    those with the winner's key after it take its name, country and kind (the loser's later
    mentions keep their key). Only the mentions of those two keys are visited, through an index of
    mention positions by key, so a text that defines many acronyms is not rescanned for each."""
    by_start = {m.span.start: m for m in mentions}
    position = {id(m): n for n, m in enumerate(mentions)}
    by_key: dict[str, list[int]] = {}
    for n, m in enumerate(mentions):
        by_key.setdefault(m.key, []).append(n)
    for m in mentions:
        j = m.span.end
        acr = by_start.get(j + 1)
        if m.type == "ORG" and acr and acr.type == "ORG" and j < len(doc) and doc[j].text == "(" \
                and len(acr.span) == 1 and acr.span.end < len(doc) and doc[acr.span.end].text == ")":
            winner, loser = (acr, m) if acr.key.startswith("org:") and not m.key.startswith("org:") else (m, acr)
            _relabel(mentions, by_key, winner, loser, position[id(loser)])
    return mentions


def _relabel(mentions: list[Mention], by_key: dict[str, list[int]], winner: Mention, loser: Mention,
             at: int) -> None:
    """What ``for x in mentions: if x.key == loser.key: x.key, ... = winner.key, ...`` does (the
    loser's key changes when the loop reaches it, at position ``at``), keeping ``by_key`` current."""
    old, new = loser.key, winner.key
    visit = sorted({*by_key.get(old, ()), *by_key.get(new, ())})
    for n in visit:
        x = mentions[n]
        if x.key == loser.key:
            x.key, x.name, x.country, x.kind = winner.key, winner.name, winner.country, winner.kind
    if old != new:
        moved = [n for n in by_key.get(old, ()) if n <= at]
        kept = [n for n in by_key.get(old, ()) if n > at]
        if kept:
            by_key[old] = kept
        else:
            by_key.pop(old, None)
        if moved:
            by_key[new] = sorted([*by_key.get(new, ()), *moved])


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
    fuller = _fuller_names(names)
    out = []
    for i, (span, name) in enumerate(zip(spans, names, strict=True)):
        target = i
        cands = fuller.get(tuple(name), [])
        if cands:
            k = bisect_left(cands, i)         # the nearest full name before, else the nearest after
            target = cands[k - 1] if k else cands[k]
        out.append(Mention(span, f"person:{name_key(shown[target])}", shown[target], "PERSON"))
    return out


def _fuller_names(names: list[list[str]]) -> dict[tuple[str, ...], list[int]]:
    """For every run of words that begins or ends a longer name, the positions of those names in
    order: the full names a surname or given name ("Kim", "Kim Jong") may stand for."""
    fuller: dict[tuple[str, ...], set[int]] = {}
    for j, n in enumerate(names):
        for k in range(1, len(n)):
            fuller.setdefault(tuple(n[:k]), set()).add(j)
            fuller.setdefault(tuple(n[-k:]), set()).add(j)
    return {words: sorted(found) for words, found in fuller.items()}


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
        elif m.type == "ORG":
            forms.extend(described_forms(m.span, org_heads(gaz)))
        rec.aliases.extend(f for f in forms if f and f not in rec.aliases)
    orgs = {rec.name: rec for rec in records.values() if rec.type == "ORG"}
    for name, phrases in definite_descriptions(doc, list(orgs), org_heads(gaz)).items():
        orgs[name].mentions.extend((p.start_char, p.end_char) for p in phrases)
        orgs[name].aliases.extend(p.text for p in phrases if p.text not in orgs[name].aliases)
    for rec in records.values():
        rec.aliases = [a for a in rec.aliases if a != rec.name]
    return list(records.values())


def org_heads(gaz: Gazetteer) -> frozenset[str]:
    """Nouns that head an organisation's name or description ('ministry', 'broadcaster')."""
    return frozenset(gaz.words("org_heads")) | ORG_DESCRIPTORS


# --------------------------------------------------------------------------------------------
# the component and lookups on its records
# --------------------------------------------------------------------------------------------


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
