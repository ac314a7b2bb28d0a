"""More surface forms of an organisation than its name: the name with the descriptor written beside
it ('state broadcaster ERT', 'the CGT union', 'SBU security service') and a definite description
later in the text that repeats the name's own head words ('the coast guard' for the Hellenic Coast
Guard, 'the interior ministry' for Morocco's Interior Ministry).

Used by :mod:`claimgraph.nlp.entities` when it gathers each record's aliases.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spacy.tokens import Doc, Span, Token

DETERMINERS = {"the", "a", "an"}
MAX_DESCRIPTOR_WORDS = 3


def descriptor_word(tok: Token) -> bool:
    """A lower-case noun or adjective that can describe an organisation ('state', 'news')."""
    return tok.is_alpha and tok.is_lower and tok.pos_ in ("NOUN", "ADJ", "PROPN") and tok.lower_ not in DETERMINERS


def described_forms(span: Span, heads: frozenset[str]) -> list[str]:
    """The name with a descriptor before it ('state news agency MAP') or after it ('CGT union'),
    where the descriptor ends (or is) an organisation head noun."""
    doc, out = span.doc, []
    start = span.start
    while start > 0 and span.start - start < MAX_DESCRIPTOR_WORDS and descriptor_word(doc[start - 1]):
        start -= 1
    if start < span.start and doc[span.start - 1].lower_ in heads:
        out.append(doc[start:span.end].text)
    end = span.end
    while end < len(doc) and end - span.end < MAX_DESCRIPTOR_WORDS - 1 and descriptor_word(doc[end]):
        end += 1
    if end > span.end and doc[end - 1].lower_ in heads and span.root.head.i == end - 1:
        out.append(doc[span.start:end].text)
    return out


def definite_descriptions(doc: Doc, names: Sequence[str], heads: frozenset[str]) -> dict[str, list[Span]]:
    """Lower-case 'the X Y' phrases that repeat the last words of exactly one organisation's name
    (ending in an organisation head noun): name → the phrases (without 'the')."""
    endings: dict[tuple[str, ...], set[str]] = {}      # last words of a name -> the longer names ending so
    for n in names:
        name_words = n.lower().split()
        for k in range(1, len(n.split())):
            endings.setdefault(tuple(name_words[-k:]), set()).add(n)
    out: dict[str, list[Span]] = {}
    for phrase in lower_noun_phrases(doc, heads):
        owners = endings.get(tuple(phrase.text.lower().split()), set())
        if len(owners) == 1:
            out.setdefault(next(iter(owners)), []).append(phrase)
    return out


def lower_noun_phrases(doc: Doc, heads: frozenset[str]) -> Iterable[Span]:
    """'the <lower-case words> <head>' phrases, without the article."""
    for tok in doc:
        if tok.lower_ not in heads or not tok.is_lower or tok.pos_ != "NOUN":
            continue
        start = tok.i
        while start > 0 and tok.i - start < MAX_DESCRIPTOR_WORDS and descriptor_word(doc[start - 1]):
            start -= 1
        if start > 0 and doc[start - 1].lower_ == "the" and tok.i > start:
            yield doc[start:tok.i + 1]
