"""Resolve pronoun and definite sources ("he", "the agency", "the post") to the nearest fitting
named source or entity earlier in the article."""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc

from ..model import Source
from .spans import doc_text

if TYPE_CHECKING:
    from .attribution import ClaimDraft

PERSON_PRONOUNS = {"he", "she", "him", "her", "his"}
THING_PRONOUNS = {"it", "its", "they", "their", "them"}
DETERMINERS = {"the", "its", "their", "his", "her"}


def needs_resolution(hop: Source, anaphors: frozenset[str]) -> bool:
    """A hop whose text does not name anyone: a pronoun or 'the agency', 'the post'."""
    words = hop.text.lower().split()
    if not words:
        return False
    if len(words) == 1 and words[0] in PERSON_PRONOUNS | THING_PRONOUNS:
        return True
    return len(words) <= 3 and words[0] in DETERMINERS and words[-1] in anaphors and not hop.entity


def resolve_hops(doc: Doc, drafts: list[ClaimDraft], anaphors: frozenset[str]) -> None:
    """Fill ``entity`` (and ``kind``) of unresolved hops from earlier named hops or entities."""
    history: list[Source] = []
    for d in drafts:
        for n, hop in enumerate(d.sources):
            if needs_resolution(hop, anaphors):
                found = antecedent(doc, hop, history)
                if found is not None:
                    kind = hop.kind if hop.kind != "unknown" else found.kind
                    d.sources[n] = hop.model_copy(update={"entity": found.entity, "kind": kind,
                                                          "country": hop.country or found.country})
            elif hop.entity and not hop.anonymous:
                history.append(hop)


def antecedent(doc: Doc, hop: Source, history: list[Source]) -> Source | None:
    """The antecedent of a pronoun or definite source.

    Pronouns look first at entity mentions earlier in the same or previous sentence, then at
    earlier named sources; a definite noun ('the post', 'the agency') takes the latest named
    source that is not a person."""
    word = hop.text.lower().split()[0]
    start = hop.span[0] if hop.span else len(doc_text(doc))
    if word in PERSON_PRONOUNS:
        person = [h for h in history if h.kind == "individual" or _is_person(doc, h.entity)]
        return person[-1] if person else _nearest_mention(doc, start, ("PERSON",))
    if word in THING_PRONOUNS:
        near = _nearest_mention(doc, start, ("ORG", "GPE", "NORP"), window=1)
        if near is not None:
            return near
        things = [h for h in history if not _is_person(doc, h.entity)]
        return things[-1] if things else None
    noun = hop.text.lower().split()[-1]
    same = [h for h in history if noun in h.text.lower() and not _is_person(doc, h.entity)]
    if same:
        return same[-1]
    return history[-1] if history else _nearest_mention(doc, start, ("ORG", "GPE"))


def _nearest_mention(doc: Doc, start: int, labels: tuple[str, ...], window: int = 3) -> Source | None:
    """The last entity mention before ``start`` within ``window`` sentences."""
    sents = [s for s in doc.sents if s.start_char <= start]
    lo = sents[-window].start_char if len(sents) >= window else 0
    ents = [e for e in doc.ents if lo <= e.start_char and e.end_char <= start and e.label_ in labels]
    if not ents:
        return None
    subj = [e for e in ents if e.root.dep_ in ("nsubj", "nsubjpass")]
    best = (subj or ents)[-1]
    return Source(text=best.text, entity=best.text)


def _is_person(doc: Doc, name: str | None) -> bool:
    return bool(name) and any(e.text == name and e.label_ == "PERSON" for e in doc.ents)
