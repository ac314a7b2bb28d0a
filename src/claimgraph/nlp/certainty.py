"""claimgraph.certainty.v1: a FactBank value for each claim.

The value combines the cue (denied → CT-, estimated → PR+, declined to confirm → Uu) with the
hedges and boosters that scope over the claim's main clause (may, likely, expected to,
reportedly) and negation of those hedges (unlikely, may not).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token

from . import extensions
from .lexicon import AttributionLexicon, CertaintyLexicon, attribution_lexicon, certainty_lexicon

FACTORY = "claimgraph_certainty_v1"
STRENGTH = {"CT+": 6, "PR+": 5, "PS+": 4, "Uu": 3, "PS-": 2, "PR-": 1, "CT-": 0}


def clause_head(doc: Doc, start: int, end: int) -> Token | None:
    """The token of the range whose head lies outside it (the clause's root)."""
    for tok in doc[start:end]:
        if tok.head.i < start or tok.head.i >= end or tok.head.i == tok.i:
            return tok
    return None


def weaker(a: str | None, b: str | None) -> str | None:
    """The less committed of two values (None means no evidence)."""
    if a is None:
        return b
    if b is None:
        return a
    return a if STRENGTH[a] <= STRENGTH[b] else b


def negated(tok: Token, lex: CertaintyLexicon) -> bool:
    """Whether the token carries a negation."""
    return any(c.dep_ == "neg" or c.lower_ in lex.negators for c in tok.children if c.dep_ in ("neg", "advmod"))


def hedge_of(head: Token, lex: CertaintyLexicon) -> str | None:
    """The hedge scoping over a clause: modals, adverbs, raising verbs, 'likely' adjectives,
    following the xcomp chain ('is expected to arrive')."""
    value: str | None = None
    current: Token | None = head
    for _ in range(4):
        if current is None:
            break
        value = weaker(value, local_hedge(current, lex))
        current = next((c for c in current.children if c.dep_ in ("xcomp", "ccomp")
                        and (current.lemma_ in lex.raising_verbs or current.lemma_ == "be")), None)
    return value


def local_hedge(tok: Token, lex: CertaintyLexicon) -> str | None:
    """Hedges attached directly to one verb or adjective."""
    value: str | None = None
    for child in tok.children:
        word = child.lower_
        if child.dep_ in ("aux", "auxpass") and word in lex.modal_aux:
            value = weaker(value, lex.modal_aux[word])
        elif child.dep_ == "advmod" and word in lex.adverbs:
            value = weaker(value, lex.adverbs[word])
        elif child.dep_ in ("acomp", "attr") and word in lex.adjectives:
            value = weaker(value, lex.adjectives[word])
    raising = tok.lemma_ in lex.raising_verbs and (tok.tag_ == "VBN" or tok.lemma_ in ("appear", "seem"))
    if raising and any(c.dep_ == "xcomp" for c in tok.children):
        value = weaker(value, lex.raising_verbs[tok.lemma_])
    if value is not None and value in lex.flip and negated(tok, lex):
        can = any(c.lower_ in ("could", "can") and c.dep_ == "aux" for c in tok.children)
        value = None if can else lex.flip[value]
    return value


def claim_certainty(doc: Doc, d: object, clex: CertaintyLexicon, alex: AttributionLexicon) -> str:
    """The certainty of one claim draft."""
    if getattr(d, "wrapper", None):
        return "Uu"
    cue_index = getattr(d, "cue_token", None)
    cue_tok = doc[cue_index] if cue_index is not None else None
    if getattr(d, "negated_cue", False) and cue_tok is not None and cue_tok.lemma_ in alex.uncommitted_negated:
        return "Uu"
    cue_value = getattr(d, "cue_certainty", None)
    if isinstance(cue_value, list):
        cue_value = cue_value[0]
    if cue_value in ("CT-", "PR-", "PS-"):
        return str(cue_value)
    head = clause_head(doc, d.tok_start, d.tok_end)  # type: ignore[attr-defined]
    content = hedge_of(head, clex) if head is not None else None
    return weaker(content, cue_value) or "CT+"


class Certainty:
    """The certainty component: sets ``certainty`` on every draft in ``doc._.claims``."""

    def __init__(self, clex: CertaintyLexicon, alex: AttributionLexicon) -> None:
        self.clex, self.alex = clex, alex

    def __call__(self, doc: Doc) -> Doc:
        for d in doc._.claims or []:
            d.certainty = claim_certainty(doc, d, self.clex, self.alex)
        return doc


extensions.register()


@Language.factory(FACTORY, assigns=["doc._.claims"], requires=["doc._.claims"])
def make_certainty(nlp: Language, name: str) -> Certainty:
    """Factory for claimgraph.certainty.v1."""
    return Certainty(certainty_lexicon(), attribution_lexicon())
