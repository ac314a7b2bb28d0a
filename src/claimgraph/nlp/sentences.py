"""claimgraph.sentences.v1: paragraph-aware sentence starts, set before the parser.

News text puts one paragraph per line: a sentence never runs across a line break. A semicolon
joins independent clauses, and each side is a claim of its own, so it starts a sentence too.
The parser decides every other boundary.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import cast

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc
from thinc.types import Ints2d

from .spans import doc_text

FACTORY = "claimgraph_sentences_v1"
BREAK = re.compile(r"\n|;")


class ParagraphSentences:
    """Marks the first word after each line break or semicolon as a sentence start."""

    def __call__(self, doc: Doc) -> Doc:
        breaks = [m.start() for m in BREAK.finditer(doc_text(doc))]
        if not breaks:
            return doc
        starts = [t.idx for t in doc]
        marked = []
        for pos in breaks:
            i = bisect_right(starts, pos)
            while i < len(doc) and doc[i].is_space:
                i += 1
            if 0 < i < len(doc):
                marked.append(i)
        if not marked:
            return doc
        if doc.has_annotation("DEP"):
            doc[marked[0]].is_sent_start = True         # spaCy's error for a parsed Doc (E043)
        # One write for all the starts: setting Token.is_sent_start checks the whole Doc for a
        # parse each time, which made this step quadratic in the length of the text.
        values = doc.to_array(SENT_START)
        values[marked] = 1
        doc.from_array([SENT_START], cast(Ints2d, values))
        return doc


@Language.factory(FACTORY, assigns=["token.is_sent_start"])
def make_sentences(nlp: Language, name: str) -> ParagraphSentences:
    """Factory for claimgraph.sentences.v1."""
    return ParagraphSentences()
