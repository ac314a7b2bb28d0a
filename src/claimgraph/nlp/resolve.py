"""Resolve pronoun and definite sources ("he", "the agency", "the post") to the nearest fitting
named source or entity earlier in the article.

The antecedent is looked for among the last :data:`RESOLUTION_WINDOW` named sources (and, failing
those, among the entity mentions of the last sentences), so that the cost of a resolution does not
grow with the length of the article: the resolver keeps the latest person and non-person sources
as it goes, and indexes sentences and entity mentions once per document.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Span

from ..model import Source
from .spans import doc_text

if TYPE_CHECKING:
    from .draft import ClaimDraft

PERSON_PRONOUNS = {"he", "she", "him", "her", "his"}
ACTOR_LABELS = ("ORG", "GPE", "NORP")
RELAY_KINDS = ("media",)    # outlets relay; 'it said' after 'X told Reuters' is X
THING_PRONOUNS = {"it", "its", "they", "their", "them"}
DETERMINERS = {"the", "its", "their", "his", "her"}
# How many of the latest named sources an antecedent is looked for among. News articles name a few
# dozen sources at most (the evaluation articles 5 to 13), so an article never reaches it; a long
# text (a digest, many reports pasted together) does, and a pronoun there is not read as someone
# named hundreds of sources earlier.
RESOLUTION_WINDOW = 100
MENTION_SENTENCES = 3       # sentences back that a pronoun may take an entity mention from
COMPARISONS_KEY = "claimgraph.resolve_comparisons"


def needs_resolution(hop: Source, anaphors: frozenset[str]) -> bool:
    """A hop whose text does not name anyone: a pronoun or 'the agency', 'the post'."""
    words = hop.text.lower().split()
    if not words:
        return False
    if len(words) == 1 and words[0] in PERSON_PRONOUNS | THING_PRONOUNS:
        return True
    return len(words) <= 3 and words[0] in DETERMINERS and words[-1] in anaphors and not hop.entity


def resolve_hops(doc: Doc, drafts: list[ClaimDraft], anaphors: frozenset[str],
                 window: int = RESOLUTION_WINDOW) -> int:
    """Fill ``entity`` (and ``kind``) of unresolved hops from earlier named hops or entities.

    Returns how many candidates (named sources and entity mentions) the resolver compared, also
    kept in ``doc.user_data`` under :data:`COMPARISONS_KEY`: at most ``window`` plus the mentions
    of a few sentences per hop, whatever the length of the article."""
    resolver = Resolver(doc, window)
    for d in drafts:
        for n, hop in enumerate(d.sources):
            if needs_resolution(hop, anaphors):
                found = resolver.antecedent(hop)
                if found is not None:
                    kind = hop.kind if hop.kind != "unknown" else found.kind
                    d.sources[n] = hop.model_copy(update={"entity": found.entity, "kind": kind,
                                                          "country": hop.country or found.country})
            elif hop.entity and not hop.anonymous:
                resolver.add(hop)
    doc.user_data[COMPARISONS_KEY] = resolver.comparisons
    return resolver.comparisons


class Resolver:
    """The named sources seen so far and the document's sentences and entity mentions, indexed.

    ``history`` holds every named source in order; ``last_person``, ``last_thing`` (not a person)
    and ``last_thing_speaker`` / ``last_speaker`` (not an outlet that relays) are the positions of
    the latest of each kind, so a pronoun is resolved without scanning the history."""

    def __init__(self, doc: Doc, window: int = RESOLUTION_WINDOW) -> None:
        self.doc = doc
        self.window = max(1, window)
        self.history: list[Source] = []
        self.last_person = self.last_thing = self.last_thing_speaker = self.last_speaker = -1
        self.comparisons = 0
        self._persons: set[str] | None = None
        self._mentions: tuple[list[int], list[Span], list[int]] | None = None

    # -- the history of named sources ------------------------------------------------------------

    def add(self, hop: Source) -> None:
        """Record a named source."""
        n = len(self.history)
        self.history.append(hop)
        relay = hop.kind in RELAY_KINDS
        if hop.kind == "individual" or self.is_person(hop.entity):
            self.last_person = n
        if not self.is_person(hop.entity):
            self.last_thing = n
            if not relay:
                self.last_thing_speaker = n
        if not relay:
            self.last_speaker = n

    def _recent(self, position: int) -> Source | None:
        """The source at ``position`` when it is inside the window."""
        self.comparisons += 1
        if position < 0 or position < len(self.history) - self.window:
            return None
        return self.history[position]

    def is_person(self, name: str | None) -> bool:
        """Whether ``name`` is written somewhere in the document as a PERSON entity."""
        if self._persons is None:
            self._persons = {e.text for e in self.doc.ents if e.label_ == "PERSON"}
        return bool(name) and name in self._persons

    # -- antecedents -----------------------------------------------------------------------------

    def antecedent(self, hop: Source) -> Source | None:
        """The antecedent of a pronoun or definite source.

        'He'/'she' take the latest named person source, else the nearest person mentioned. 'It'/'they'
        take the subject of their own sentence when that names an actor, else the latest source that
        is not a person, else the nearest actor mentioned (never a place). A definite noun ('the post',
        'the agency') takes the latest named source with that noun (the one fitting most of the
        description's words: 'the intelligence agency'), else the latest named source. Named sources
        are those of the window."""
        word = hop.text.lower().split()[0]
        start = hop.span[0] if hop.span else len(doc_text(self.doc))
        if word in PERSON_PRONOUNS:
            person = self._recent(self.last_person)
            return person if person is not None else self.nearest_mention(start, ("PERSON",))
        if word in THING_PRONOUNS:
            subject = self.nearest_mention(start, ACTOR_LABELS, window=1, subjects_only=True)
            if subject is not None:
                return subject
            thing = self._recent(self.last_thing_speaker)
            if thing is None:
                thing = self._recent(self.last_thing)
            return thing if thing is not None else self.nearest_mention(start, ACTOR_LABELS)
        words = hop.text.lower().split()[1:]
        best, fit = None, 0
        for h in reversed(self.history[-self.window:]):
            self.comparisons += 1
            score = _described(h, words)
            if score > fit and not self.is_person(h.entity):
                best, fit = h, score
        if best is not None:
            return best
        speaker = self._recent(self.last_speaker)
        if speaker is None and self.history:
            speaker = self._recent(len(self.history) - 1)
        return speaker if speaker is not None else self.nearest_mention(start, ("ORG", "GPE"))

    def _mention_index(self) -> tuple[list[int], list[Span], list[int]]:
        """Sentence starts, the entity mentions that are not places, and their starts (characters)."""
        if self._mentions is None:
            doc = self.doc
            places = {(s, e) for record in doc._.places or [] for s, e in getattr(record, "mentions", [])}
            ents = [e for e in doc.ents if (e.start_char, e.end_char) not in places]
            self._mentions = ([s.start_char for s in doc.sents], ents, [e.start_char for e in ents])
        return self._mentions

    def nearest_mention(self, start: int, labels: tuple[str, ...], window: int = MENTION_SENTENCES,
                        subjects_only: bool = False) -> Source | None:
        """The last actor mention before ``start`` within ``window`` sentences (subjects preferred;
        sub-national places are never actors here)."""
        sent_starts, ents, ent_starts = self._mention_index()
        count = bisect_right(sent_starts, start)        # sentences starting at or before ``start``
        lo = sent_starts[count - window] if count >= window else 0
        last = last_subject = None
        for k in range(bisect_left(ent_starts, lo), bisect_left(ent_starts, start)):
            e = ents[k]
            self.comparisons += 1
            if e.end_char > start or e.label_ not in labels:
                continue
            last = e
            if e.root.dep_ in ("nsubj", "nsubjpass"):
                last_subject = e
        chosen = last_subject if subjects_only else (last_subject or last)
        if chosen is None:
            return None
        return Source(text=chosen.text, entity=chosen.text)


def _described(hop: Source, words: list[str]) -> int:
    """How well a description ('the intelligence agency') fits a named hop: its noun in the hop's
    text, each modifier in its text, entity or kind, a modifier counting double (it is what tells
    'the intelligence agency' from Yonhap News Agency). 0 when nothing fits."""
    *modifiers, noun = words
    known = f"{hop.text} {hop.entity or ''} {hop.kind}".lower()
    fits = sum(2 for word in modifiers if word in known)
    return fits + 1 if noun in hop.text.lower() else fits
