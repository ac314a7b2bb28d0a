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
