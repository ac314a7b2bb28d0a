"""claimgraph.attribution.v1: split each sentence into claims and attach their source chains.

Reads the dependency parse; writes ``doc._.claims`` as a list of :class:`ClaimDraft`. A sentence
with no attribution is the outlet's own claim (an empty chain).
"""

from __future__ import annotations

from itertools import pairwise

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..model import Source
from . import extensions
from .cues import Cue, according_to, find_cues
from .draft import ClaimDraft
from .lexicon import AttributionLexicon, attribution_lexicon
from .quotes import apply_quote_continuation, quote_kind
from .resolve import RESOLUTION_WINDOW, resolve_hops
from .spans import char_bounds, has_clause, trim_tokens

FACTORY = "claimgraph_attribution_v1"
MIN_OUTLET_TOKENS = 4
CONTRAST_MARKS = {"while", "whereas", "although", "though"}


def split_conjuncts(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """Split a content range at coordinated clauses that have their own subject or 'that'."""
    cuts = []
    for tok in doc[start:end]:
        if tok.dep_ != "conj" or tok.pos_ not in ("VERB", "AUX") or not (start <= tok.head.i < end):
            continue
        finite = tok.tag_ in ("VBD", "VBZ", "VBP") or any(c.dep_ in ("aux", "auxpass") for c in tok.children)
        own_subj = finite and any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in tok.children)
        marked = any(c.dep_ == "mark" and c.lower_ == "that" for c in tok.children)
        if own_subj and not marked and parallel_figures(tok.head, tok):
            continue
        if (own_subj or marked) and tok.left_edge.i > start:
            cuts.append(tok.left_edge.i)
    bounds = [start, *sorted(set(cuts)), end]
    return [(a, b) for a, b in pairwise(bounds) if b > a]


def parallel_figures(first: Token, second: Token) -> bool:
    """'300 have died and 2,700 have been wounded': coordinated clauses whose subjects are both
    figures state one tally and stay one claim."""
    def numeric_subject(verb: Token) -> bool:
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        return subj is not None and (subj.like_num or any(c.dep_ == "nummod" or c.like_num for c in subj.children))
    return numeric_subject(first) and numeric_subject(second)


def content_runs(cue: Cue, exclude: set[int]) -> list[tuple[int, int]]:
    """The cue's content token ranges minus excluded tokens, keeping the run with the head."""
    runs: list[tuple[int, int]] = []
    for start, end in cue.content:
        run_start = None
        for i in range(start, end + 1):
            inside = i < end and i not in exclude
            if inside and run_start is None:
                run_start = i
            elif not inside and run_start is not None:
                runs.append((run_start, i))
                run_start = None
    if not runs:
        return []
    head = cue.content_head.i if cue.content_head is not None else -1
    best = next((r for r in runs if r[0] <= head < r[1]), max(runs, key=lambda r: r[1] - r[0]))
    return [best]


def background_clause(doc: Doc, start: int, end: int) -> tuple[int, tuple[int, int] | None]:
    """A trailing appositive that carries a relative clause ("Kursk, a region where ..."):
    where the claim should end, and the background clause's own token range."""
    for tok in doc[start:end]:
        if tok.dep_ != "appos" or not (start <= tok.head.i < end) or tok.right_edge.i + 1 < end - 1:
            continue
        rel = next((c for c in tok.rights if c.dep_ in ("relcl", "acl")), None)
        if rel is None or not has_clause([rel, *rel.subtree]):
            continue
        if not any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in tok.children):
            continue
        cut = tok.left_edge.i
        inner = (rel.left_edge.i, rel.right_edge.i + 1)
        return cut, inner
    return end, None


def draft(doc: Doc, start: int, end: int, sent: Span, **kwargs: object) -> ClaimDraft | None:
    """A draft for a token range, trimmed; None when nothing is left."""
    start, end = trim_tokens(doc, start, end)
    if end - start < 2:
        return None
    cs, ce = char_bounds(doc, start, end)
    if ce <= cs:
        return None
    return ClaimDraft(start=cs, end=ce, tok_start=start, tok_end=end, sent_start=sent.start, **kwargs)  # type: ignore[arg-type]


def nested(inner: Cue, outer: Cue) -> bool:
    """Whether ``inner`` is reported inside ``outer``'s content ('Yonhap reported that the NIS
    said ...'): it sits in that content and has a subject of its own, not a conjunct or a
    participle sharing the outer subject."""
    if not any(s <= inner.verb.i < e for s, e in outer.content):
        return False
    if any(s <= outer.verb.i < e for s, e in inner.content):
        return inner.verb.i < outer.verb.i     # 'A estimates that X, B told reporters': B relays A
    if any(c.dep_ == "mark" and c.lower_ in CONTRAST_MARKS for c in inner.verb.children):
        return False
    return not (inner.verb.dep_ == "conj" or (inner.verb.tag_ == "VBG" and inner.verb.dep_ in ("advcl", "xcomp")))


def cue_depth(cue: Cue) -> int:
    """How deep the cue verb sits in the tree (outer cues first)."""
    return sum(1 for _ in cue.verb.ancestors)


def attributed_drafts(sent: Span, cues: list[Cue], acc: tuple[list[Source], set[int], str] | None) -> list[ClaimDraft]:
    """Drafts for every cue, with outer cues' hops prefixed to nested ones."""
    doc = sent.doc
    apparatus = set().union(*(c.apparatus for c in cues)) | (acc[1] if acc else set())
    drafts: list[ClaimDraft] = []
    for cue in sorted(cues, key=cue_depth):
        outer = [o for o in cues if o is not cue and nested(cue, o)]
        inner = [i for i in cues if i is not cue and nested(i, cue)]
        siblings = [i for i in cues if i is not cue and not nested(i, cue) and i not in outer
                    and any(s <= i.verb.i < e for s, e in cue.content)]
        inner += siblings
        exclude = apparatus | {t for i in inner for s, e in i.content for t in range(s, e)}
        chain = [h for o in sorted(outer, key=cue_depth) for h in o.hops] + cue.hops
        if acc:
            chain = acc[0] + chain
        for run in content_runs(cue, exclude):
            for start, end in split_conjuncts(doc, *run):
                if inner and not has_clause(doc[start:end]):
                    continue
                drafts.extend(with_background(doc, start, end, sent, cue=cue.cue_text, sources=list(chain),
                                              cue_certainty=cue.certainty, negated_cue=cue.negated,
                                              wrapper=cue.wrapper, cue_token=cue.verb.i))
    return drafts


def strip_frame(doc: Doc, start: int, end: int) -> int:
    """Skip a leading time frame such as 'Last month,' or 'On Monday,'."""
    i = start
    while i < end and i - start < 6 and (doc[i].ent_type_ in ("DATE", "TIME") or (doc[i].dep_ == "prep"
                                         and i + 1 < end and doc[i + 1].ent_type_ in ("DATE", "TIME"))):
        i += 1
    if i > start and i < end and doc[i].text == ",":
        return i + 1
    return start


def outlet_drafts(sent: Span, used: set[int], body_start: int) -> list[ClaimDraft]:
    """The outlet's own claims: clauses of the sentence not taken by any attribution."""
    doc = sent.doc
    runs: list[tuple[int, int]] = []
    run_start = None
    for i in range(sent.start, sent.end + 1):
        free = i < sent.end and i not in used and doc[i].idx >= body_start
        if free and run_start is None:
            run_start = i
        elif not free and run_start is not None:
            runs.append((run_start, i))
            run_start = None
    drafts = []
    for start, end in runs:
        start = strip_frame(doc, start, end)
        words = [t for t in doc[start:end] if not t.is_punct]
        if len(words) < MIN_OUTLET_TOKENS or not has_clause(doc[start:end]):
            continue
        drafts.extend(with_background(doc, start, end, sent))
    return drafts


def with_background(doc: Doc, start: int, end: int, sent: Span, **kwargs: object) -> list[ClaimDraft]:
    """The claim for a range, with a trailing background clause split off as its own
    (background) outlet claim."""
    cut, inner = background_clause(doc, start, end)
    out = [d for d in [draft(doc, start, cut, sent, **kwargs)] if d is not None]
    if inner is not None:
        bg = draft(doc, *inner, sent)
        if bg is not None:
            bg.background = True
            out.append(bg)
    return out


def analyse_sentence(sent: Span, lex: AttributionLexicon, body_start: int) -> list[ClaimDraft]:
    """All claims of one sentence: attributed ones first, then the outlet's own clauses."""
    cues = find_cues(sent, lex)
    acc = according_to(sent, lex)
    if acc and not cues:
        content = Cue(verb=sent.root, cue_text=acc[2], content=[(sent.start, sent.end)], content_head=sent.root,
                      hops=[], apparatus=set(acc[1]))
        cues = [content]
    drafts = attributed_drafts(sent, cues, acc)
    used = set().union(*(c.apparatus for c in cues)) | (acc[1] if acc else set())
    used |= {t for d in drafts for t in range(d.tok_start, d.tok_end)}
    if drafts:
        used |= {t.i for t in sent if t.i < min(d.tok_start for d in drafts) and t.is_punct}
    drafts.extend(outlet_drafts(sent, used, body_start))
    return sorted(drafts, key=lambda d: d.start)


def boilerplate(text: str, lex: AttributionLexicon) -> bool:
    """A sentence about the article itself: a credit, a distribution note, a call to action."""
    low = text.strip().lower()
    return low.startswith(lex.boilerplate_starts) or any(x in low for x in lex.boilerplate_contains)


def find_claims(doc: Doc, lex: AttributionLexicon, body_start: int = 0,
                window: int = RESOLUTION_WINDOW) -> list[ClaimDraft]:
    """Every claim in the document, quotes continued and pronoun sources resolved (among the last
    ``window`` named sources)."""
    drafts: list[ClaimDraft] = []
    for sent in doc.sents:
        if sent.end_char <= body_start or boilerplate(sent.text, lex):
            continue
        drafts.extend(analyse_sentence(sent, lex, body_start))
    apply_quote_continuation(doc, drafts)
    for d in drafts:
        d.quote = quote_kind(doc, d.start, d.end) if d.sources else None
    resolve_hops(doc, drafts, lex.definite_anaphors, window)
    return drafts


class Attribution:
    """The attribution component: sets ``doc._.claims``."""

    def __init__(self, lexicon: AttributionLexicon) -> None:
        self.lexicon = lexicon

    def __call__(self, doc: Doc) -> Doc:
        body_start = dateline_end(doc)
        doc._.claims = find_claims(doc, self.lexicon, body_start)
        return doc


def dateline_end(doc: Doc) -> int:
    """Where the body starts: after the dateline text the ingest step recorded, if any."""
    end = doc._.dateline_end
    return int(end) if isinstance(end, int) else 0


extensions.register()


@Language.factory(FACTORY, assigns=["doc._.claims"], requires=["token.dep", "token.head", "doc.sents"])
def make_attribution(nlp: Language, name: str) -> Attribution:
    """Factory for claimgraph.attribution.v1."""
    return Attribution(attribution_lexicon())

