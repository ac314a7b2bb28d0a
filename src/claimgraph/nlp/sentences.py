"""claimgraph.sentences.v1: paragraph-aware sentence starts, set before the parser.

News text puts one paragraph per line; a sentence never runs across a line break, and a
sentence never starts inside a word run such as "Jan. 3" or "U.S." (the parser decides the rest).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

FACTORY = "claimgraph_sentences_v1"


class ParagraphSentences:
    """Marks the first token after each line break as a sentence start."""

    def __call__(self, doc: Doc) -> Doc:
        for i, tok in enumerate(doc):
            if i == 0:
                continue
            prev = doc[i - 1]
            if "\n" in prev.text or "\n" in prev.whitespace_ or prev.text == ";":
                tok.is_sent_start = True
            elif tok.is_space:
                continue
        return doc


@Language.factory(FACTORY, assigns=["token.is_sent_start"])
def make_sentences(nlp: Language, name: str) -> ParagraphSentences:
    """Factory for claimgraph.sentences.v1."""
    return ParagraphSentences()
