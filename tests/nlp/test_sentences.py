"""Paragraph-aware sentence starts."""

from __future__ import annotations

from spacy.language import Language


def test_line_breaks_and_semicolons_start_sentences(base_nlp: Language) -> None:
    doc = base_nlp("Police said 40 people marched; organisers said 90\nThe march ended at noon")
    starts = [s.text for s in doc.sents]
    assert starts == ["Police said 40 people marched;", "organisers said 90\n", "The march ended at noon"]


def test_text_without_breaks_is_left_to_the_parser(base_nlp: Language) -> None:
    doc = base_nlp("The storm hit at dawn. Ten houses were destroyed.")
    assert [s.text.strip() for s in doc.sents] == ["The storm hit at dawn.", "Ten houses were destroyed."]
