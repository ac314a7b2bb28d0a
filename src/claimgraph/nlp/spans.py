"""Small helpers over spaCy tokens and character spans used by several components."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

QUOTE_CHARS = "\"“”‘’'«»"
EDGE_PUNCT = QUOTE_CHARS + ",.;:—–-!?() "
KEEP_EDGE = {"%", "$", "€", "£", "¥"}
LEAD_WORDS = {"that", "and", "but", "or", "so", "while", "whereas"}
TRAIL_WORDS = {"that", "which", "who", "and", "but", "or", "where", "when", "as", "while", "whereas", "although",
               "though"}


def subtree_bounds(token: Token, exclude: Iterable[Token] = ()) -> tuple[int, int]:
    """Token index bounds [start, end) of ``token``'s subtree, cut before any excluded subtree
    that sits at its edge."""
    start, end = token.left_edge.i, token.right_edge.i + 1
    for other in exclude:
        lo, hi = other.left_edge.i, other.right_edge.i + 1
        if lo <= token.i < hi:
            continue
        if lo <= start < hi:
            start = hi
        elif lo < end <= hi or (start < lo < end and hi >= end):
            end = lo
    return start, max(start, end)


def edge_noise(tok: Token) -> bool:
    """Punctuation, space or a quotation mark (a '%' or currency sign is part of the text)."""
    return tok.text not in KEEP_EDGE and (tok.is_punct or tok.is_space or tok.text in QUOTE_CHARS)


def lead_word(tok: Token) -> bool:
    """A conjunction or complementiser that only joins the claim to what precedes it."""
    return tok.lower_ in LEAD_WORDS and (tok.lower_ != "that" or tok.dep_ == "mark" or complementiser(tok))


def complementiser(tok: Token) -> bool:
    """A 'that' the parser took for an object although its clause has a subject after it
    ('said on Oct. 18 that Pyongyang had resolved ...')."""
    return tok.dep_ == "dobj" and tok.head.i > tok.i \
        and any(c.dep_ in ("nsubj", "nsubjpass") and c.i > tok.i for c in tok.head.children)


def trail_word(tok: Token) -> bool:
    """A conjunction or relativiser left dangling at the end of a claim."""
    return tok.lower_ in TRAIL_WORDS and tok.dep_ in ("mark", "cc", "nsubj", "advmod", "nsubjpass", "dobj")


def trim_tokens(sent: Span | Doc, start: int, end: int, *, drop_lead_words: bool = True) -> tuple[int, int]:
    """Shrink a token range past edge punctuation, quotes and leading 'that'/'and'."""
    doc = sent.doc if isinstance(sent, Span) else sent
    while start < end and (edge_noise(doc[start]) or (drop_lead_words and lead_word(doc[start]))):
        start += 1
    while end > start and (edge_noise(doc[end - 1]) or (drop_lead_words and trail_word(doc[end - 1]))):
        end -= 1
    return start, end


TEXT_KEY = "claimgraph.text"


def doc_text(doc: Doc) -> str:
    """The Doc's text, built once per Doc (``Doc.text`` joins every token on each call)."""
    text = doc.user_data.get(TEXT_KEY)
    if not isinstance(text, str):
        text = doc.text
        doc.user_data[TEXT_KEY] = text
    return text


def char_bounds(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Character offsets of the token range [start, end), edge quote characters stripped."""
    s, e = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
    text = doc_text(doc)
    while s < e and text[s] in EDGE_PUNCT:
        s += 1
    while e > s and text[e - 1] in EDGE_PUNCT:
        e -= 1
    return s, e


def has_clause(tokens: Iterable[Token]) -> bool:
    """Whether the tokens hold a finite clause (a verb with a subject or an auxiliary)."""
    for t in tokens:
        if t.pos_ in ("VERB", "AUX") and any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in t.children):
            return True
    return False


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Whether two half-open ranges overlap."""
    return a[0] < b[1] and b[0] < a[1]


# --------------------------------------------------------------------------------------------
# entity lookups that read only the tokens concerned (``Doc.ents`` and ``Span.ents`` rebuild every
# entity of the document on each call, which made per-hop lookups quadratic in article length)
# --------------------------------------------------------------------------------------------

_IOB_I, _IOB_B = 1, 3


def _ent_end(doc: Doc, start: int) -> int:
    """End of the entity that begins at token ``start`` (its ``I`` tokens followed)."""
    end, n = start + 1, len(doc)
    while end < n and doc[end].ent_iob == _IOB_I:
        end += 1
    return end


def _ent_span(doc: Doc, start: int, end: int) -> Span:
    """The entity span [start, end) exactly as ``Doc.ents`` builds it."""
    tok = doc[start]
    return Span(doc, start, end, label=tok.ent_type, kb_id=tok.ent_kb_id, span_id=tok.ent_id)


def ents_within(doc: Doc, start: int, end: int) -> list[Span]:
    """The entities that lie wholly inside the token range [start, end): ``doc[start:end].ents``
    without building every entity of the document."""
    out: list[Span] = []
    i = start
    while i < end:
        tok = doc[i]
        if tok.ent_iob == _IOB_B and tok.ent_type != 0:
            stop = _ent_end(doc, i)
            if stop > end:
                break
            out.append(_ent_span(doc, i, stop))
            i = stop
        else:
            i += 1
    return out


def ent_of(token: Token) -> Span | None:
    """The entity ``token`` is part of (as ``Doc.ents`` has it), or None."""
    doc, i = token.doc, token.i
    if token.ent_type == 0 or token.ent_iob not in (_IOB_I, _IOB_B):
        return None
    start = i
    while start > 0 and doc[start].ent_iob == _IOB_I:
        start -= 1
    if doc[start].ent_iob != _IOB_B or doc[start].ent_type == 0:
        return None
    return _ent_span(doc, start, _ent_end(doc, start))


class SpanIndex:
    """A list of spans that answers "which span covers token i" and "which spans overlap
    [start, end)" from a token map instead of a scan of the list. Spans keep the order in which
    they were added (removing one keeps the others' order), so ``first_at`` gives what
    ``next(s for s in spans if s.start <= i < s.end)`` gives over the equivalent list."""

    def __init__(self, spans: Iterable[Span] = ()) -> None:
        self._spans: dict[int, Span] = {}
        self._at: dict[int, list[int]] = {}
        self._count: dict[tuple[object, ...], int] = {}
        self._next = 0
        for span in spans:
            self.add(span)

    @staticmethod
    def _key(span: Span) -> tuple[object, ...]:
        return span.start_char, span.end_char, span.label, span.kb_id, span.id

    def add(self, span: Span) -> None:
        """Append a span."""
        sid, self._next = self._next, self._next + 1
        self._spans[sid] = span
        for i in range(span.start, span.end):
            self._at.setdefault(i, []).append(sid)
        key = self._key(span)
        self._count[key] = self._count.get(key, 0) + 1

    def _drop(self, sid: int) -> None:
        span = self._spans.pop(sid)
        for i in range(span.start, span.end):
            ids = self._at[i]
            ids.remove(sid)
            if not ids:
                del self._at[i]
        key = self._key(span)
        self._count[key] -= 1

    def first_at(self, i: int) -> Span | None:
        """The earliest-added span that covers token ``i``."""
        ids = self._at.get(i)
        return self._spans[min(ids)] if ids else None

    def covers(self, i: int) -> bool:
        """Whether any span covers token ``i``."""
        return i in self._at

    def _overlapping_ids(self, start: int, end: int) -> list[int]:
        found: set[int] = set()
        for i in range(start, end):
            found.update(self._at.get(i, ()))
        return sorted(found)

    def overlapping(self, start: int, end: int) -> list[Span]:
        """The spans overlapping the token range [start, end), in list order."""
        return [self._spans[sid] for sid in self._overlapping_ids(start, end)]

    def remove_overlapping(self, start: int, end: int) -> None:
        """Remove every span overlapping the token range [start, end)."""
        for sid in self._overlapping_ids(start, end):
            self._drop(sid)

    def __contains__(self, span: object) -> bool:
        """Whether a span equal to ``span`` (``Span.__eq__``) is in the list."""
        return isinstance(span, Span) and self._count.get(self._key(span), 0) > 0

    def spans(self) -> list[Span]:
        """The spans in list order."""
        return list(self._spans.values())
