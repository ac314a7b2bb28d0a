"""Reporting verbs: which verbs are attribution cues, and where a cue sits in its sentence."""

from __future__ import annotations

from spacy.tokens import Token

from .lexicon import AttributionLexicon

SUBJ = ("nsubj", "nsubjpass")
CONTENT_DEPS = ("ccomp",)
TRAILING_BLOCKERS = {"say", "tell", "add", "deny", "report", "claim", "state", "write"}


def cue_lemma(token: Token) -> str:
    """The verb's lemma with its particle ('brush off', 'wave away'), else the plain lemma."""
    prt = next((c.lower_ for c in token.children if c.dep_ == "prt"), None)
    return f"{token.lemma_.lower()} {prt}" if prt else token.lemma_.lower()


def is_cue_verb(token: Token, lex: AttributionLexicon) -> bool:
    """A verb whose lemma (or phrasal verb) is a reporting verb, not used as a noun modifier."""
    if token.pos_ not in ("VERB", "AUX") or token.dep_ == "amod":
        return False
    if cue_lemma(token) not in lex.reporting_verbs and token.lemma_.lower() not in lex.reporting_verbs:
        return False
    return not any(c.dep_ == "auxpass" for c in token.children)


def word_edges(token: Token) -> tuple[int, int]:
    """First and last non-punctuation token indices of a subtree."""
    words = [t.i for t in token.subtree if not t.is_punct]
    return min(words), max(words)


def trailing_cue(verb: Token) -> bool:
    """'CONTENT, the army said on Tuesday.': a cue hung by the parser on the content verb to its
    left, set off by a comma, and closing the sentence."""
    if verb.head.i >= verb.i or verb.dep_ not in ("parataxis", "conj", "advcl", "ccomp", "dep", "relcl"):
        return False
    if verb.head.pos_ not in ("VERB", "AUX") or verb.tag_ == "VBG" or verb.head.lemma_ in TRAILING_BLOCKERS:
        return False
    if any(c.dep_ == "ccomp" for c in verb.head.children if c.i < verb.i) and verb.dep_ == "conj":
        return False
    first, last = word_edges(verb)
    before = verb.doc[first - 1] if first > 0 else None
    after = verb.doc[last + 1] if last + 1 < len(verb.doc) else None
    if before is None or before.text not in (",", "”", '"'):
        return False
    return after is None or after.is_punct or after.is_space
