"""Turn a source noun phrase into attribution hops: channel and owner, joint parties, kind,
anonymity, and nested citing ("a New York Times report that cited an unnamed official")."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from spacy.tokens import Doc, Span, Token

from ..model import Source, SourceKind
from .lexicon import AttributionLexicon
from .spans import char_bounds, doc_text, ent_of, ents_within, trim_tokens

OWNER_PREPS = {"from", "by", "of", "on", "in"}
OWNER_ENTS = {"PERSON", "ORG", "GPE", "NORP"}
NAME_ENTS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"}


def np_range(token: Token, exclude_clauses: bool = False) -> tuple[int, int]:
    """Token range of a noun phrase headed by ``token`` (optionally without relative clauses)."""
    start, end = token.left_edge.i, token.right_edge.i + 1
    for child in token.rights:
        set_off = child.left_edge.i > 0 and token.doc[child.left_edge.i - 1].text == ","
        if child.dep_ in ("relcl", "acl") and (exclude_clauses or (child.dep_ == "acl" and set_off)):
            end = min(end, child.left_edge.i)
    return trim_tokens(token.doc, start, end, drop_lead_words=False)


def text_of(doc: Doc, start: int, end: int) -> tuple[str, tuple[int, int]]:
    """Text and character span of a token range."""
    s, e = char_bounds(doc, start, end)
    return doc_text(doc)[s:e], (s, e)


def find_owner(head: Token, lex: AttributionLexicon) -> Token | None:
    """The owner of a channel noun: its possessor, a named compound, or 'from/by/on X'."""
    for child in head.children:
        if child.dep_ == "poss":
            return child
    for child in head.lefts:
        if child.dep_ in ("compound", "nmod", "amod") and child.ent_type_ in ("ORG", "PERSON"):
            return child
    for child in head.rights:
        if child.dep_ in ("prep", "agent") and child.lower_ in OWNER_PREPS:
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None and can_own(pobj, lex):
                return owner_or_self(pobj, lex)
        if child.dep_ == "acl":
            found = find_owner(child, lex)
            if found is not None:
                return found
    return None


def can_own(token: Token, lex: AttributionLexicon) -> bool:
    """Whether a noun can be the owner of a channel: a named actor, a source noun, or another
    channel that has an owner ('on X's account')."""
    if token.lower_ in lex.platforms:
        return False
    if token.ent_type_ in OWNER_ENTS or token.lower_ in lex.source_heads:
        return True
    return token.lower_ in lex.channel_nouns and find_owner(token, lex) is not None


def owner_or_self(token: Token, lex: AttributionLexicon) -> Token:
    """For a channel noun, its owner if any; otherwise the token itself."""
    if token.lower_ in lex.channel_nouns:
        owner = find_owner(token, lex)
        if owner is not None:
            return owner
    return token


def entity_range(token: Token) -> tuple[int, int]:
    """If the token is inside a named entity, that entity's token range; else its NP."""
    ent = ent_of(token) if token.ent_type_ and token.dep_ != "poss" else None
    if ent is not None:
        start = ent.start
        if start > 0 and token.doc[start - 1].lower_ == "the":
            start -= 1
        return start, ent.end
    if token.pos_ == "PRON":
        return token.i, token.i + 1
    if token.dep_ == "poss":
        return token.left_edge.i, token.i + 1
    return np_range(token, exclude_clauses=True)


def hops_from_np(head: Token, lex: AttributionLexicon) -> list[Source]:
    """Hops for a source NP: the NP itself, or the owner of a channel (with ``via``),
    followed by anyone it cites."""
    doc = head.doc
    start, end = np_range(head)
    hops: list[Source] = []
    if head.lower_ in lex.channel_nouns:
        owner = find_owner(head, lex)
        if owner is not None:
            o_start, o_end = entity_range(owner)
            via_start, via_end = np_range(head, exclude_clauses=True)
            hops.append(make_hop(doc, o_start, o_end, owner, lex, via=text_of(doc, via_start, via_end)[0]))
        else:
            hops.append(make_hop(doc, *np_range(head, exclude_clauses=True), head, lex))
    else:
        hops.append(make_hop(doc, start, end, head, lex))
    hops.extend(cited_by(head, lex))
    return hops


def cited_by(head: Token, lex: AttributionLexicon) -> list[Source]:
    """Hops for 'X that cited Y' / 'X, citing Y' / 'X briefed by Y' attached to ``head``."""
    hops: list[Source] = []
    for child in head.rights:
        if child.dep_ in ("relcl", "acl", "advcl") and child.lemma_ in lex.verbs("citing"):
            obj = next((c for c in child.children if c.dep_ in ("dobj", "pobj", "attr")), None)
            if obj is not None:
                hops.extend(hops_from_np(obj, lex))
        elif child.dep_ == "acl" and child.tag_ == "VBN" and child.lemma_ in lex.verbs("briefing"):
            agent = next((c for c in child.children if c.dep_ == "agent"), None)
            obj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
            if obj is not None:
                hops.extend(hops_from_np(obj, lex))
    return hops


def make_hop(doc: Doc, start: int, end: int, head: Token, lex: AttributionLexicon,
             via: str | None = None) -> Source:
    """One hop with text, span, kind, anonymity and joint parties."""
    start, end = trim_tokens(doc, start, end, drop_lead_words=False)
    if end <= start:
        start, end = head.i, head.i + 1
    tokens = doc[start:end]
    ents = ents_within(doc, start, end)
    if start <= head.i < end:
        start, end = start, min(end, np_range(head, exclude_clauses=True)[1])
    text, span = text_of(doc, start, end)
    return Source(
        text=text, span=span, kind=cast(SourceKind, source_kind(tokens, head, lex, ents)),
        anonymous=is_anonymous(tokens, head, lex, ents),
        entity=named_entity(tokens, ents), parties=joint_parties(tokens, head, ents), via=via,
    )


def _ents(tokens: object, ents: Sequence[Span] | None) -> Sequence[Span]:
    """The entities inside ``tokens`` (a Span), unless the caller already has them."""
    if ents is not None:
        return ents
    span = cast(Span, tokens)
    return ents_within(span.doc, span.start, span.end)


def named_entity(tokens: object, ents: Sequence[Span] | None = None) -> str | None:
    """The most specific named entity inside the hop (person first, then organisation)."""
    ents = _ents(tokens, ents)
    for label in ("PERSON", "ORG", "GPE", "NORP"):
        for ent in ents:
            if ent.label_ == label:
                return str(ent.text)
    return None


def joint_parties(tokens: object, head: Token, ents: Sequence[Span] | None = None) -> list[str]:
    """Members of a joint source: 'U.S. and Ukrainian authorities', 'Lee and Park'."""
    conj = [t for t in tokens if t.dep_ == "conj"]  # type: ignore[attr-defined]
    if not conj:
        return []
    named = [e for e in _ents(tokens, ents) if e.label_ in ("PERSON", "GPE", "NORP", "ORG")]
    if len(named) >= 2:
        return [str(e.text) for e in named]
    return []


def source_kind(tokens: object, head: Token, lex: AttributionLexicon, ents: Sequence[Span] | None = None) -> str:
    """Kind from the head noun, titles, document nouns or entity labels."""
    words = [t.lower_ for t in tokens]  # type: ignore[attr-defined]
    if head.lower_ in lex.document_kinds and head.lower_ in lex.channel_nouns:
        return lex.document_kinds[head.lower_]
    for w in reversed(words):
        if w in lex.source_heads:
            return lex.source_heads[w]
    text = " ".join(words)
    for title, kind in lex.person_titles.items():
        if f"{title} " in f"{text} " and title in text:
            return kind
    labels = {e.label_ for e in _ents(tokens, ents)}
    if "PERSON" in labels or head.pos_ == "PRON":
        return "individual" if "PERSON" in labels else "unknown"
    if "ORG" in labels:
        return "organization"
    if labels & {"GPE", "NORP"}:
        return "government"
    return "unknown"


def is_anonymous(tokens: object, head: Token, lex: AttributionLexicon, ents: Sequence[Span] | None = None) -> bool:
    """Anonymous: an unnamed official, 'sources familiar with', 'news reports'."""
    text = " ".join(t.lower_ for t in tokens)  # type: ignore[attr-defined]
    if any(marker in text for marker in lex.anonymous_markers):
        return True
    named = any(e.label_ in ("PERSON", "ORG") for e in _ents(tokens, ents))
    return head.lower_ in lex.anonymous_heads and not named
