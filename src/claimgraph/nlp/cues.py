"""Find attribution cues in a sentence and what they govern: the cue verb, its complement
(the claim's content), its source phrase, and the channels and citations around it."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from ..model import Source
from .lexicon import AttributionLexicon
from .sources import hops_from_np, make_hop, np_range
from .speakers import (
    audience,
    channel_owner,
    citing_hops,
    dedupe,
    inner_trailing,
    source_hops,
    surface_trailing,
    via_of,
)
from .verbs import CONTENT_DEPS, SUBJ, cue_lemma, is_cue_verb, trailing_cue, word_edges


@dataclass
class Cue:
    """One attribution found in a sentence."""

    verb: Token
    cue_text: str
    content: list[tuple[int, int]]          # token ranges of the governed content, before splitting
    content_head: Token | None
    hops: list[Source] = field(default_factory=list)
    apparatus: set[int] = field(default_factory=set)   # token indices of source, cue, channels
    certainty: str | list[str] | None = None
    negated: bool = False
    wrapper: str | None = None


def complement(verb: Token, lex: AttributionLexicon) -> tuple[Token, str] | None:
    """The content head the cue governs, and extra cue words ('the claim that')."""
    comps = [c for c in verb.children if c.dep_ in CONTENT_DEPS and not relative_clause(c)]
    if comps:
        return max(comps, key=lambda c: c.right_edge.i - c.left_edge.i), ""
    for child in verb.rights:
        if child.dep_ == "xcomp" and child.pos_ in ("VERB", "AUX") and not _has_to(child):
            return child, ""
    for child in claim_noun_objects(verb):
        if child.lower_ in lex.claim_nouns:
            clause = next((c for c in child.children if c.dep_ in ("acl", "ccomp", "relcl")
                           and any(m.lower_ == "that" and m.dep_ == "mark" for m in c.children)), None)
            if clause is not None:
                return clause, f" {child.lower_} that"
            about = claim_of(child)
            if about is not None:
                return about, f" {child.lower_} of"
    if verb.lemma_ in lex.verbs("accusation"):
        obj = next((c for c in verb.rights if c.dep_ == "dobj"), None)
        if obj is not None and any(t.lower_ == "of" for t in verb.doc[obj.i:verb.right_edge.i + 1]):
            return obj, ""
    if verb.lemma_ in lex.verbs("naming") and verb.tag_ == "VBG" and verb.dep_ in ("advcl", "conj"):
        obj = next((c for c in verb.rights if c.dep_ == "dobj"), None)
        if obj is not None and obj.pos_ != "PRON":
            return obj, ""
    marked = that_clause_below(verb, lex)
    if marked is not None:
        return marked, ""
    if trailing_cue(verb):
        return verb.head, ""
    return None


def claim_noun_objects(verb: Token) -> list[Token]:
    """The verb's objects, and the object of an 'as' the parser hung between them ('rejected as
    false any suggestion that ...')."""
    out = [c for c in verb.rights if c.dep_ == "dobj"]
    for prep in (c for c in verb.rights if c.dep_ == "prep" and c.lower_ == "as"):
        out += [c for c in prep.children if c.dep_ == "pobj" and c.i > verb.i]
    return out


def relative_clause(head: Token) -> bool:
    """A clause opened by a relative pronoun ('videos that they say show ...') that the parser
    took for a complement: it describes a noun, it is not what the cue reports. A relative 'that'
    follows the noun it describes; one after a date ('said on Oct. 18 that') is a complementiser
    the parser mislabelled."""
    own_subject = any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in ("that", "which") for c in head.children)
    objects = [c for c in head.children if c.dep_ == "dobj"]
    return own_subject and len(objects) == 1 and objects[0].lower_ in ("that", "which") \
        and objects[0].i == head.left_edge.i and follows_noun(objects[0])


def follows_noun(tok: Token) -> bool:
    """Whether the word before ``tok`` is a noun other than a date or time."""
    prev = tok.doc[tok.i - 1] if tok.i else None
    return prev is not None and prev.pos_ in ("NOUN", "PROPN", "PRON") and prev.ent_type_ not in ("DATE", "TIME")


def claim_of(noun: Token) -> Token | None:
    """'talk of North Korean soldiers joining the war': the proposition after 'of', when it holds
    a verb (a bare 'reports of fighting' is no proposition of its own)."""
    prep = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    obj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None) if prep is not None else None
    if obj is None or not any(t.pos_ == "VERB" for t in obj.subtree):
        return None
    return obj


def that_clause_below(verb: Token, lex: AttributionLexicon) -> Token | None:
    """A 'that' clause the parser hung on a channel noun after the cue ('told the BBC in an
    exchange of messages that ...')."""
    speech = verb.lemma_ in lex.verbs("speech")
    for tok in verb.subtree:
        if tok.i <= verb.i or tok.dep_ not in ("acl", "ccomp", "relcl"):
            continue
        marked = any(m.dep_ == "mark" and m.lower_ == "that" and m.i < tok.i for m in tok.children)
        channel = tok.head.lower_ in lex.channel_nouns
        if not marked:
            continue
        if speech and (channel or tok.head.ent_type_ or tok.dep_ == "relcl"):
            return tok
        if channel and tok.dep_ != "relcl" and verb in (tok.head.head, tok.head.head.head):
            return tok                                   # 'confirmed in a statement that ...'

    return None


def is_negated(verb: Token) -> bool:
    """A negated cue: 'did not say', 'has neither confirmed nor denied' (conjuncts share it)."""
    if any(c.dep_ == "neg" or c.lower_ in ("neither", "never") for c in verb.children):
        return True
    if verb.dep_ == "xcomp" and any(c.lower_ == "yet" for c in verb.head.children):
        return True
    subj = next((c for c in verb.children if c.dep_ in SUBJ), None)
    if subj is not None and any(c.lower_ == "neither" for c in subj.children):
        return True
    return verb.dep_ == "conj" and any(c.lower_ == "neither" for c in verb.head.children)


def opens_with_whether(head: Token) -> bool:
    """Whether the complement is a 'whether/if' clause (the source stays uncommitted)."""
    return any(c.dep_ == "mark" and c.lower_ in ("whether", "if") for c in head.children)


def _has_to(token: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)


def content_ranges(verb: Token, head: Token, sent: Span, lex: AttributionLexicon) -> list[tuple[int, int]]:
    """Token range(s) of the content: the complement's subtree, or for a parataxis cue, the
    head clause without the cue's own subtree."""
    if head.i < verb.i and head.i == verb.head.i and trailing_cue(verb):
        return [(sent.start, word_edges(verb)[0])]
    start, end = head.left_edge.i, head.right_edge.i + 1
    for other in verb.children:
        if other.dep_ in CONTENT_DEPS and other.i != head.i and (other.i > verb.i) == (head.i > verb.i):
            start, end = min(start, other.left_edge.i), max(end, other.right_edge.i + 1)
    if verb.lemma_ in lex.verbs("accusation") | lex.verbs("naming"):
        args = [c for c in verb.rights if c.dep_ in ("dobj", "prep", "oprd", "xcomp", "ccomp", "advcl")]
        end = max([end, *(c.right_edge.i + 1 for c in args)])
    elif verb.dep_ == "ccomp" and verb.head.i > verb.i and head.i > verb.i and not is_cue_verb(verb.head, lex):
        end = max(end, verb.head.right_edge.i + 1)
    return [(start, end)]


def copular_cue(tok: Token, sent: Span, lex: AttributionLexicon) -> Cue | None:
    """'The NIS's latest assessment is that X': a claim noun or channel as subject of 'be' with a
    that-clause; the source is the noun's owner (or the noun itself)."""
    if tok.lemma_ != "be":
        return None
    subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    clause = next((c for c in tok.children if c.dep_ == "ccomp"
                   and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)), None)
    if subj is None or clause is None or subj.lower_ not in lex.channel_nouns | lex.claim_nouns:
        return None
    s, e = np_range(subj)
    content = [(clause.left_edge.i, clause.right_edge.i + 1)]
    return Cue(verb=tok, cue_text=f"{subj.text} {tok.text} that", content=content, content_head=clause,
               hops=hops_from_np(subj, lex), apparatus=set(range(s, e)) | {tok.i})


def find_cues(sent: Span, lex: AttributionLexicon) -> list[Cue]:
    """Every reporting verb in the sentence that governs a content clause."""
    cues: list[Cue] = []
    for tok in sent:
        copular = copular_cue(tok, sent, lex)
        if copular is not None:
            cues.append(copular)
            continue
        if not is_cue_verb(tok, lex):
            continue
        surface = surface_trailing(tok, sent)
        if surface is not None and not is_negated(tok):
            cues.append(build_surface_cue(tok, surface, sent, lex))
            continue
        comp = complement(tok, lex)
        if comp is None:
            continue
        head, extra = comp
        if is_negated(tok) and not opens_with_whether(head):
            continue
        cues.append(build_cue(tok, head, extra, sent, lex))
    return cues


def build_surface_cue(verb: Token, source: tuple[int, int], sent: Span, lex: AttributionLexicon) -> Cue:
    """A trailing cue read off the surface: content before the source chunk, source the chunk."""
    doc = sent.doc
    s, e = source
    head = max(doc[s:e], key=lambda t: (t.pos_ in ("PROPN", "NOUN", "PRON"), t.i))
    content = (sent.start, s)
    root = next((t for t in doc[sent.start:s] if t.head.i == t.i or not (sent.start <= t.head.i < s)), doc[sent.start])
    cue = build_cue(verb, root, "", sent, lex, source=(s, e, head))
    inner = inner_trailing(sent, s, lex)    # 'X, the JCS estimates, Yonhap reported': Yonhap relays the JCS
    if inner is not None and not (is_cue_verb(inner[2], lex) and complement(inner[2], lex) is not None):
        i_start, i_end, word = inner
        i_head = max(doc[i_start:i_end], key=lambda t: (t.pos_ in ("PROPN", "NOUN", "PRON"), t.i))
        cue.hops.append(make_hop(doc, i_start, i_end, i_head, lex))
        cue.apparatus |= set(range(i_start, word.i + 1))
        content = (sent.start, i_start)
    cue.content = [content]
    return cue


def build_cue(verb: Token, head: Token, extra: str, sent: Span, lex: AttributionLexicon,
              source: tuple[int, int, Token] | None = None) -> Cue:
    """Assemble one cue: its text, source hops, channel, outer outlet, citations."""
    aux = [c.text for c in verb.lefts if c.dep_ in ("aux",) and c.lower_ not in ("to",)]
    prt = [c.text for c in verb.rights if c.dep_ == "prt"]
    if source is None:
        hops, apparatus = source_hops(verb, sent, lex)
    else:
        hops, apparatus = [make_hop(verb.doc, source[0], source[1], source[2], lex)], set(range(source[0], source[1]))
    extra_aud, outer, aud_toks = audience(verb, lex)
    via, via_toks, channel = via_of(verb, lex)
    cited, cite_toks = citing_hops(verb, sent, lex, set())
    owned = channel_owner(channel, hops, lex)
    if owned:
        cited = owned + cited
    elif via and hops and hops[0].via is None:
        hops[0] = hops[0].model_copy(update={"via": via})
    chain = dedupe(outer + hops + cited)
    cue_text = " ".join([*aux, verb.text, *prt]) + extra_aud + extra
    apparatus |= aud_toks | via_toks | cite_toks | {verb.i}
    apparatus |= {c.i for c in verb.children if c.dep_ in ("aux", "neg", "prt")}
    return Cue(verb=verb, cue_text=cue_text.strip(), content=content_ranges(verb, head, sent, lex), content_head=head,
               hops=chain, apparatus=apparatus, certainty=verb_certainty(verb, lex),
               negated=is_negated(verb),
               wrapper=wrapper_of(verb, lex))


def verb_certainty(verb: Token, lex: AttributionLexicon) -> str | list[str] | None:
    """What the cue itself says about commitment ('denied' → CT-, 'brushed off' → CT-)."""
    verbs = lex.reporting_verbs
    value = verbs.get(cue_lemma(verb), verbs.get(verb.lemma_.lower()))
    return value if isinstance(value, str | list) else None


def wrapper_of(verb: Token, lex: AttributionLexicon) -> str | None:
    """'declined to confirm', 'refused to say': the wrapping verb that leaves the source uncommitted."""
    if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in lex.uncommitted_wrappers:
        return verb.head.text
    return None


def according_to(sent: Span, lex: AttributionLexicon) -> tuple[list[Source], set[int], str] | None:
    """An 'according to X' phrase: its hops and token indices (with an adjacent comma)."""
    for tok in sent:
        if tok.lower_ != "according":
            continue
        to = next((c for c in tok.children if c.lower_ == "to"), None)
        nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
        if to is None and nxt is not None and nxt.lower_ == "to":
            to = nxt
        if to is None:
            continue
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if pobj is None:
            continue
        start, end = tok.i, max(pobj.right_edge.i + 1, np_range(pobj)[1])
        toks = set(range(start, end))
        if start > sent.start and tok.doc[start - 1].text == ",":
            toks.add(start - 1)
        if end < sent.end and tok.doc[end].text == ",":
            toks.add(end)
        return hops_from_np(pobj, lex), toks, f"{tok.text} {to.text}"
    return None
