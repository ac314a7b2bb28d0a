"""Who spoke: the source phrase of a cue (its subject, or the phrase read off the surface when
the parse is tangled), the audience and channel it spoke through, and whom it cites."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ..model import Source
from .lexicon import AttributionLexicon
from .sources import hops_from_np, make_hop, np_range, owner_or_self
from .spans import has_clause
from .verbs import CONTENT_DEPS, SUBJ, is_cue_verb, trailing_cue

VIA_PREPS = {"in", "at", "during", "on", "through", "via", "with", "after", "from"}


def subject_of(verb: Token, lex: AttributionLexicon | None = None) -> Token | None:
    """The subject of a cue verb, inherited through conjunctions, 'saying' clauses and xcomp."""
    if lex is not None and verb.tag_ == "VBG" and verb.dep_ in ("advcl", "xcomp", "acl"):
        cue = next((a for a in verb.ancestors if is_cue_verb(a, lex)), None)
        if cue is not None:
            return subject_of(cue)
    seen = 0
    current: Token | None = verb
    while current is not None and seen < 5:
        here = current.i
        subjects = [c for c in current.children if c.dep_ in SUBJ]
        subj = min(subjects, key=lambda c: abs(c.i - here)) if subjects else None   # the nearest
        if subj is not None:
            return subj
        if current.dep_ in ("conj", "advcl", "xcomp", "acl") and current.head.i != current.i:
            current = current.head
            if verb.dep_ == "conj" and (trailing_cue(current) or reported_clause(current, lex)):
                current = current.head
            seen += 1
            continue
        return None
    return None


def reported_clause(head: Token, lex: AttributionLexicon | None) -> bool:
    """A clause another cue reports, which a conjoined cue verb was hung on by mistake:
    'X acknowledged that A had fought and said ...' — 'said' shares X, not A."""
    return lex is not None and head.dep_ == "ccomp" and head.head.i < head.i and is_cue_verb(head.head, lex)


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
    if end - start > 14 or end <= start or start < sent.start:  # nothing before a first-word cue ('said said')
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


def inner_trailing(sent: Span, end: int, lex: AttributionLexicon) -> tuple[int, int, Token] | None:
    """'CONTENT, the JCS estimates, Yonhap reported': the content of an outer trailing cue ending in
    a source and a reporting verb of its own (the parser often reads 'estimates' as a noun).
    Returns the inner source chunk and the inner cue word."""
    doc = sent.doc
    last = end - 1
    while last > sent.start and (doc[last].is_punct or doc[last].is_space):
        last -= 1
    cue = doc[last]
    if doc[last + 1].text != "," or not reporting_word(cue, lex):
        return None
    start = segment_start(doc, last, sent.start)
    if start <= sent.start or doc[start - 1].text not in (",", "”", '"') or last - start > 12 or last <= start:
        return None
    chunk = doc[start:last]
    if any(t.pos_ in ("VERB", "AUX") for t in chunk) or not any(t.pos_ in ("PROPN", "NOUN", "PRON") for t in chunk):
        return None
    if not has_clause(doc[sent.start:start]):
        return None
    return start, last, cue


def reporting_word(token: Token, lex: AttributionLexicon) -> bool:
    """A present or past reporting verb, whatever part of speech the tagger gave it."""
    if token.tag_ not in ("VBZ", "VBD", "VBP", "NNS"):
        return False
    return token.lemma_.lower() in lex.reporting_verbs or token.lower_.rstrip("s") in lex.reporting_verbs


def via_of(verb: Token, lex: AttributionLexicon) -> tuple[str | None, set[int], Token | None]:
    """A channel the cue spoke through ('said in a statement', 'told a news conference'), its
    tokens and its head noun."""
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in VIA_PREPS:
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None and pobj.lower_ in lex.channel_nouns:
                s, e = np_range(pobj, exclude_clauses=True)
                return verb.doc[s:e].text, set(range(child.i, e)), pobj
        if (child.dep_ in ("dobj", "dative") and child.lower_ in lex.channel_nouns
                and verb.lemma_ in lex.verbs("audience")):
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
    if verb.lemma_ not in lex.verbs("audience"):
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
        if tok.i in skip or tok.lemma_ not in lex.verbs("citing") or tok.tag_ != "VBG":
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
    if subj is not None and (subj.idx < body or subj.tag_ == "VBG"):
        subj = None                       # in the dateline, or a participle clause ('Addressing X, ...')
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
    if citer.lemma_ not in lex.verbs("citing"):
        return None
    subj = next((c for c in citer.children if c.dep_ in SUBJ), None)
    obj = next((c for c in citer.children if c.dep_ == "dobj"), None)
    if subj is None or obj is None:
        return None
    s1, e1 = np_range(subj)
    s2, e2 = np_range(obj, exclude_clauses=True)
    hops = [make_hop(verb.doc, s1, e1, subj, lex), make_hop(verb.doc, s2, e2, obj, lex)]
    return hops, set(range(s1, e1)) | set(range(s2, e2)) | {citer.i, verb.head.i}


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
