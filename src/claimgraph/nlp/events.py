"""claimgraph.events.v1: a PLOVER event type per claim, where a verb rule is confident.

The claim's main verb (followed through 'plans to send', 'is expected to arrive') is looked up
in data/events.yaml; a listed verb that governs another ('threatened to withdraw', 'agreed to
support') decides; ambiguous verbs ('send', 'release') need a telling object in the claim.
Claims with no confident rule get no event (None), never a guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Token

from ..model import Event
from . import extensions
from .certainty import clause_head
from .lexicon import load_yaml

FACTORY = "claimgraph_events_v1"


@dataclass(frozen=True)
class EventLexicon:
    """Trigger verbs and the objects some of them need."""

    verbs: dict[str, str]
    needs_object: dict[str, frozenset[str]]


@lru_cache(maxsize=1)
def event_lexicon() -> EventLexicon:
    """The packaged PLOVER trigger lexicon."""
    data = load_yaml("events.yaml")
    needs = {k: frozenset(v) for k, v in (data.get("needs_object") or {}).items()}
    return EventLexicon(verbs=dict(data.get("verbs") or {}), needs_object=needs)


def main_verbs(head: Token) -> list[Token]:
    """The clause head and the verbs it chains to through xcomp ('plans to send')."""
    chain = [head]
    current = head
    for _ in range(3):
        nxt = next((c for c in current.children if c.dep_ == "xcomp" and c.pos_ == "VERB"), None)
        if nxt is None:
            break
        chain.append(nxt)
        current = nxt
    return chain


def classify(doc: Doc, start: int, end: int, lex: EventLexicon) -> Event | None:
    """The PLOVER event of a claim's token range, or None."""
    head = clause_head(doc, start, end)
    if head is None:
        return None
    words = {t.lower_ for t in doc[start:end]}
    chain = main_verbs(head)
    governing = [v for v in chain[:-1] if v.lemma_.lower() in lex.verbs]
    for verb in governing[:1] + list(reversed(chain)):
        lemma = verb.lemma_.lower()
        kind = lex.verbs.get(lemma)
        if kind is None:
            continue
        need = lex.needs_object.get(lemma)
        if need is not None and not (need & words):
            continue
        negated = any(c.dep_ == "neg" for c in verb.children)
        return Event(type=kind, mode="negated" if negated else None, trigger=verb.text)
    return None


class Events:
    """Sets ``event`` on every draft in ``doc._.claims``."""

    def __init__(self, lex: EventLexicon) -> None:
        self.lex = lex

    def __call__(self, doc: Doc) -> Doc:
        for d in doc._.claims or []:
            d.event = classify(doc, d.tok_start, d.tok_end, self.lex)
        return doc


extensions.register()


@Language.factory(FACTORY, assigns=["doc._.claims"], requires=["doc._.claims", "token.dep"])
def make_events(nlp: Language, name: str) -> Events:
    """Factory for claimgraph.events.v1."""
    return Events(event_lexicon())
