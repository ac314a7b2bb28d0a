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
ACTOR_LABELS = ("ORG", "GPE", "NORP")
RELAY_KINDS = ("media",)    # outlets relay; 'it said' after 'X told Reuters' is X
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

    'He'/'she' take the latest named person source, else the nearest person mentioned. 'It'/'they'
    take the subject of their own sentence when that names an actor, else the latest source that
    is not a person, else the nearest actor mentioned (never a place). A definite noun ('the post',
    'the agency') takes the latest named source with that noun (the one fitting most of the
    description's words: 'the intelligence agency'), else the latest named source."""
    word = hop.text.lower().split()[0]
    start = hop.span[0] if hop.span else len(doc_text(doc))
    if word in PERSON_PRONOUNS:
        person = [h for h in history if h.kind == "individual" or _is_person(doc, h.entity)]
        return person[-1] if person else _nearest_mention(doc, start, ("PERSON",))
    if word in THING_PRONOUNS:
        subject = _nearest_mention(doc, start, ACTOR_LABELS, window=1, subjects_only=True)
        if subject is not None:
            return subject
        things = [h for h in history if not _is_person(doc, h.entity)]
        speakers = [h for h in things if h.kind not in RELAY_KINDS] or things
        return speakers[-1] if speakers else _nearest_mention(doc, start, ACTOR_LABELS)
    words = hop.text.lower().split()[1:]
    same = [h for h in history if _described(h, words) and not _is_person(doc, h.entity)]
    if same:
        return max(reversed(same), key=lambda h: _described(h, words))
    speakers = [h for h in history if h.kind not in RELAY_KINDS] or history
    return speakers[-1] if speakers else _nearest_mention(doc, start, ("ORG", "GPE"))


def _described(hop: Source, words: list[str]) -> int:
    """How well a description ('the intelligence agency') fits a named hop: its noun in the hop's
    text, each modifier in its text, entity or kind, a modifier counting double (it is what tells
    'the intelligence agency' from Yonhap News Agency). 0 when nothing fits."""
    *modifiers, noun = words
    known = f"{hop.text} {hop.entity or ''} {hop.kind}".lower()
    fits = sum(2 for word in modifiers if word in known)
    return fits + 1 if noun in hop.text.lower() else fits


def _nearest_mention(doc: Doc, start: int, labels: tuple[str, ...], window: int = 3,
                     subjects_only: bool = False) -> Source | None:
    """The last actor mention before ``start`` within ``window`` sentences (subjects preferred;
    sub-national places are never actors here)."""
    sents = [s for s in doc.sents if s.start_char <= start]
    lo = sents[-window].start_char if len(sents) >= window else 0
    places = {(s, e) for record in doc._.places or [] for s, e in getattr(record, "mentions", [])}
    ents = [e for e in doc.ents if lo <= e.start_char and e.end_char <= start and e.label_ in labels
            and (e.start_char, e.end_char) not in places]
    subj = [e for e in ents if e.root.dep_ in ("nsubj", "nsubjpass")]
    pool = subj if subjects_only else (subj or ents)
    if not pool:
        return None
    return Source(text=pool[-1].text, entity=pool[-1].text)


def _is_person(doc: Doc, name: str | None) -> bool:
    return bool(name) and any(e.text == name and e.label_ == "PERSON" for e in doc.ents)
