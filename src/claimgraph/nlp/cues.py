"""Find attribution cues in a sentence and what they govern: the cue verb, its complement
(the claim's content), its source phrase, and the channels and citations around it."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from ..model import Source
from .lexicon import AttributionLexicon
from .sources import hops_from_np, make_hop, np_range, owner_or_self
from .spans import has_clause

SUBJ = ("nsubj", "nsubjpass")
VIA_PREPS = {"in", "at", "during", "on", "through", "via", "with", "after", "from"}
CONTENT_DEPS = ("ccomp",)
AUDIENCE_VERBS = {"tell", "inform", "brief", "assure", "remind", "warn"}
TRAILING_BLOCKERS = {"say", "tell", "add", "deny", "report", "claim", "state", "write"}


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


def complement(verb: Token, lex: AttributionLexicon) -> tuple[Token, str] | None:
    """The content head the cue governs, and extra cue words ('the claim that')."""
    comps = [c for c in verb.children if c.dep_ in CONTENT_DEPS and not relative_clause(c)]
    if comps:
        return max(comps, key=lambda c: c.right_edge.i - c.left_edge.i), ""
    for child in verb.rights:
        if child.dep_ == "xcomp" and child.pos_ in ("VERB", "AUX") and not _has_to(child):
            return child, ""
        if child.dep_ == "dobj" and child.lower_ in lex.claim_nouns:
            clause = next((c for c in child.children if c.dep_ in ("acl", "ccomp", "relcl")
                           and any(m.lower_ == "that" and m.dep_ == "mark" for m in c.children)), None)
            if clause is not None:
                return clause, f" {child.lower_} that"
            about = claim_of(child)
            if about is not None:
                return about, f" {child.lower_} of"
    if verb.lemma_ in ("accuse", "charge"):
        obj = next((c for c in verb.rights if c.dep_ == "dobj"), None)
        if obj is not None and any(t.lower_ == "of" for t in verb.doc[obj.i:verb.right_edge.i + 1]):
            return obj, ""
    if verb.lemma_ == "call" and verb.tag_ == "VBG" and verb.dep_ in ("advcl", "conj"):
        obj = next((c for c in verb.rights if c.dep_ == "dobj"), None)
        if obj is not None and obj.pos_ != "PRON":
            return obj, ""
    marked = that_clause_below(verb, lex)
    if marked is not None:
        return marked, ""
    if trailing_cue(verb):
        return verb.head, ""
    return None


def relative_clause(head: Token) -> bool:
    """A clause opened by a relative pronoun ('videos that they say show ...') that the parser
    took for a complement: it describes a noun, it is not what the cue reports."""
    own_subject = any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in ("that", "which") for c in head.children)
    objects = [c for c in head.children if c.dep_ == "dobj"]
    return own_subject and len(objects) == 1 and objects[0].lower_ in ("that", "which") \
        and objects[0].i == head.left_edge.i


def claim_of(noun: Token) -> Token | None:
    """'talk of North Korean soldiers joining the war': the proposition after 'of', when it holds
    a verb (a bare 'reports of fighting' is no proposition of its own)."""
    prep = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    obj = next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None) if prep is not None else None
    if obj is None or not any(t.pos_ == "VERB" for t in obj.subtree):
        return None
    return obj


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


def that_clause_below(verb: Token, lex: AttributionLexicon) -> Token | None:
    """A 'that' clause the parser hung on a channel noun after the cue ('told the BBC in an
    exchange of messages that ...')."""
    if verb.lemma_ not in ("say", "tell", "write", "state", "add", "report", "announce"):
        return None
    for tok in verb.subtree:
        if tok.i <= verb.i or tok.dep_ not in ("acl", "ccomp", "relcl"):
            continue
        marked = any(m.dep_ == "mark" and m.lower_ == "that" and m.i < tok.i for m in tok.children)
        if marked and (tok.head.lower_ in lex.channel_nouns or tok.head.ent_type_ or tok.dep_ == "relcl"):
            return tok
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
    if verb.lemma_ in ("accuse", "charge", "call"):
        args = [c for c in verb.rights if c.dep_ in ("dobj", "prep", "oprd", "xcomp", "ccomp", "advcl")]
        end = max([end, *(c.right_edge.i + 1 for c in args)])
    elif verb.dep_ == "ccomp" and verb.head.i > verb.i and head.i > verb.i and not is_cue_verb(verb.head, lex):
        end = max(end, verb.head.right_edge.i + 1)
    return [(start, end)]


def subject_of(verb: Token, lex: AttributionLexicon | None = None) -> Token | None:
    """The subject of a cue verb, inherited through conjunctions, 'saying' clauses and xcomp."""
    if lex is not None and verb.tag_ == "VBG" and verb.dep_ in ("advcl", "xcomp", "acl"):
        cue = next((a for a in verb.ancestors if is_cue_verb(a, lex)), None)
        if cue is not None:
            return subject_of(cue)
    seen = 0
    current: Token | None = verb
    while current is not None and seen < 5:
        subj = next((c for c in current.children if c.dep_ in SUBJ), None)
        if subj is not None:
            return subj
        if current.dep_ in ("conj", "advcl", "xcomp", "acl") and current.head.i != current.i:
            current = current.head
            if verb.dep_ == "conj" and trailing_cue(current):
                current = current.head
            seen += 1
            continue
        return None
    return None


STOPS = (",", ";", "—", "–", "”", '"')
ASIDE_VERBS = ("citing", "quoting")


def segment_start(doc: Doc, end: int, floor: int) -> int:
    """Start of the comma-delimited segment that ends at token ``end``."""
    body = doc._.dateline_end or 0
    start = end - 1
    while start > floor and doc[start - 1].text not in STOPS and doc[start - 1].idx >= body:
        start -= 1
    return start


def fallback_source(verb: Token, sent: Span) -> tuple[int, int] | None:
    """When the parse gives no usable subject: the phrase right before the cue, back to a comma,
    skipping auxiliaries and a ', citing ...,' aside."""
    doc = sent.doc
    i = verb.i - 1
    while i > sent.start and (doc[i].is_punct or doc[i].dep_ in ("aux", "neg") or doc[i].lower_ == "also"):
        i -= 1
    end = i + 1
    start = segment_start(doc, end, sent.start)
    if doc[start].lower_ in ASIDE_VERBS and start > sent.start:
        end = start
        while end > sent.start and doc[end - 1].is_punct:
            end -= 1
        start = segment_start(doc, end, sent.start)
    if end - start > 14 or end <= start:
        return None
    return start, end


def surface_trailing(verb: Token, sent: Span) -> tuple[int, int] | None:
    """'CONTENT, SOURCE said on Friday[, citing X].' read off the surface when the parse is
    tangled: the source chunk, a noun phrase set off by a comma after a clause, with no finite
    verb after the cue."""
    doc = sent.doc
    if any((c.dep_ in CONTENT_DEPS or c.dep_ in SUBJ) and c.i > verb.i for c in verb.children):
        return None
    if any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in doc[verb.i + 1:sent.end]):
        return None
    rng = fallback_source(verb, sent)
    if rng is None or rng[0] <= sent.start or doc[rng[0] - 1].text not in (",", "”", '"'):
        return None
    chunk = doc[rng[0]:rng[1]]
    if any(t.pos_ in ("VERB", "AUX") and t.ent_type_ == "" for t in chunk):
        return None
    if not has_clause(doc[sent.start:rng[0]]):
        return None
    return rng


def via_of(verb: Token, lex: AttributionLexicon) -> tuple[str | None, set[int], Token | None]:
    """A channel the cue spoke through ('said in a statement', 'told a news conference'), its
    tokens and its head noun."""
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in VIA_PREPS:
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None and pobj.lower_ in lex.channel_nouns:
                s, e = np_range(pobj, exclude_clauses=True)
                return verb.doc[s:e].text, set(range(child.i, e)), pobj
        if child.dep_ in ("dobj", "dative") and child.lower_ in lex.channel_nouns and verb.lemma_ in AUDIENCE_VERBS:
            s, e = np_range(child, exclude_clauses=True)
            return verb.doc[s:e].text, set(range(s, e)), child
    return None, set(), None


def channel_owner(channel: Token | None, hops: list[Source], lex: AttributionLexicon) -> list[Source]:
    """'said after a briefing by the NIS': the briefing's owner is where the claim comes from,
    one hop further than the speaker (unless the owner is the speaker)."""
    if channel is None or not agent_of(channel):
        return []
    found = hops_from_np(channel, lex)
    if not found or found[0].via is None or found[0].span is None:
        return []
    inside = any(h.span and h.span[0] <= found[0].span[0] < h.span[1] for h in hops)
    return [] if inside else found


def agent_of(channel: Token) -> bool:
    """Whether the channel names who gave it: 'a briefing by X', 'a report from X' (a venue,
    'a piece in the Journal', or the speaker's own 'his address' is no further hop)."""
    def agentive(token: Token) -> bool:
        return token.dep_ in ("prep", "agent") and token.lower_ in ("by", "from")

    return any(agentive(child) or (child.dep_ == "acl" and any(agentive(c) for c in child.children))
               for child in channel.children)


def audience(verb: Token, lex: AttributionLexicon) -> tuple[str, list[Source], set[int]]:
    """Objects of 'tell': reporters (part of the cue), a news outlet (an outer hop)."""
    if verb.lemma_ not in AUDIENCE_VERBS:
        return "", [], set()
    for child in verb.children:
        if child.dep_ not in ("dobj", "dative", "iobj"):
            continue
        if child.lower_ in lex.audience_nouns:
            return f" {child.text}", [], {child.i}
        media = any(lex.source_heads.get(t.lower_) == "media" for t in child.subtree)
        if child.ent_type_ == "ORG" or media:
            s, e = np_range(child, exclude_clauses=True)
            return "", [make_hop(child.doc, s, e, child, lex)], set(range(s, e))
    return "", [], set()


def citing_hops(verb: Token, sent: Span, lex: AttributionLexicon, skip: set[int]) -> tuple[list[Source], set[int]]:
    """Hops from a 'citing X' phrase that belongs to this cue's source."""
    for tok in sent:
        if tok.i in skip or tok.lemma_ not in ("cite",) or tok.tag_ != "VBG":
            continue
        obj = next((c for c in tok.children if c.dep_ in ("dobj", "pobj")), None)
        if obj is None:
            continue
        return hops_from_np(obj, lex), set(range(tok.i, np_range(obj, exclude_clauses=True)[1]))
    return [], set()


def source_hops(verb: Token, sent: Span, lex: AttributionLexicon) -> tuple[list[Source], set[int]]:
    """The cue's own source as hops (with a channel subject resolved to its owner)."""
    quoted = quoted_by(verb, lex)
    if quoted is not None:
        return quoted
    subj = subject_of(verb, lex)
    body = verb.doc._.dateline_end or 0
    if subj is not None and subj.idx < body:
        subj = None
    if subj is not None and subj.lower_ not in ("that", "which", "who"):
        s, e = np_range(subj, exclude_clauses=subj.lower_ in lex.channel_nouns)
        head = owner_or_self(subj, lex) if subj.lower_ in lex.channel_nouns else subj
        if head.i == subj.i:
            hops = [make_hop(verb.doc, s, e, subj, lex)]
            hops.extend(h for h in hops_from_np(subj, lex)[1:])
        else:
            hops = hops_from_np(subj, lex)
        return hops, set(range(s, e))
    rng = fallback_source(verb, sent)
    if rng is None:
        return [], set()
    s, e = rng
    root = max(verb.doc[s:e], key=lambda t: (t.pos_ in ("PROPN", "NOUN", "PRON"), t.i))
    return [make_hop(verb.doc, s, e, root, lex)], set(range(s, e))


def quoted_by(verb: Token, lex: AttributionLexicon) -> tuple[list[Source], set[int]] | None:
    """'The Global Times cited unnamed experts as saying ...': [Global Times, unnamed experts]."""
    if verb.tag_ != "VBG" or verb.head.lower_ != "as":
        return None
    citer = verb.head.head
    if citer.lemma_ not in ("cite", "quote"):
        return None
    subj = next((c for c in citer.children if c.dep_ in SUBJ), None)
    obj = next((c for c in citer.children if c.dep_ == "dobj"), None)
    if subj is None or obj is None:
        return None
    s1, e1 = np_range(subj)
    s2, e2 = np_range(obj, exclude_clauses=True)
    hops = [make_hop(verb.doc, s1, e1, subj, lex), make_hop(verb.doc, s2, e2, obj, lex)]
    return hops, set(range(s1, e1)) | set(range(s2, e2)) | {citer.i, verb.head.i}


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


def dedupe(hops: list[Source]) -> list[Source]:
    """Drop a hop repeated with the same span (found both as 'citing' and under the subject)."""
    seen: set[tuple[int, int] | None] = set()
    out = []
    for hop in hops:
        if hop.span is not None and hop.span in seen:
            continue
        seen.add(hop.span)
        out.append(hop)
    return out


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
