"""Quantities on small hand-written sentences, parsed with the real English model.

Each row: a sentence and every quantity expected in it, in text order (``[]`` for sentences whose
numbers are durations, dates, years, ages, ordinals, names or times of day). A row lists only the
fields it checks; ``text`` is always checked exactly.
"""

from __future__ import annotations

from typing import Any

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from claimgraph.model import Quantity
from claimgraph.nlp import quantities as qmod
from claimgraph.nlp.numbers import Tokens, parse_number
from claimgraph.nlp.numlex import number_lexicon, quantity_lexicon
from claimgraph.nlp.quantities import find_quantities, parse_number_text


def Q(text: str, **fields: Any) -> dict[str, Any]:
    return {"text": text, **fields}


CASES: list[tuple[str, list[dict[str, Any]]]] = [
    # point values, digits and words
    ("Rescuers pulled 14 miners from the shaft on Friday.", [Q("14 miners", value=14, unit="miners")]),
    ("The storm destroyed 3,250 houses along the coast.", [Q("3,250 houses", value=3250, approximate=False)]),
    ("Seven fishermen are still missing.", [Q("Seven fishermen", value=7, unit="fishermen")]),
    ("Police detained twenty-five protesters outside the court.", [Q("twenty-five protesters", value=25)]),
    ("The army says it sent Ten thousand reservists north.", [Q("Ten thousand reservists", value=10000)]),
    ("Officials counted a dozen bodies near the bridge.", [Q("a dozen bodies", value=12)]),
    ("The region is home to 1.5 million people.", [Q("1.5 million people", value=1_500_000, unit="people")]),
    ("The company agreed to pay $2.3 billion to settle the case.", [Q("$2.3 billion", value=2.3e9, unit="USD")]),
    ("The fund lost £40m last year.", [Q("£40m", value=40e6, unit="GBP")]),
    ("Turnout reached 52% in the capital.", [Q("52%", value=52, unit="percent")]),
    ("Prices rose 7.5 percent over the summer.", [Q("7.5 percent", value=7.5, unit="percent")]),
    ("Wind gusts of 90 mph knocked out power.", [Q("90 mph", value=90, unit="mph")]),
    ("A magnitude 6.1 earthquake shook the valley.", [Q("magnitude 6.1", value=6.1, unit="magnitude")]),
    ("The convoy carried 40 tons of flour.", [Q("40 tons", value=40, unit="tons")]),
    # approximators
    ("About 300 families fled the village.", [Q("About 300 families", value=300, approximate=True)]),
    ("Roughly 12,000 volunteers signed up.", [Q("Roughly 12,000 volunteers", value=12000, approximate=True)]),
    ("Some 40 boats were seized.", [Q("Some 40 boats", value=40, approximate=True)]),
    ("Nearly 600 flights were cancelled.", [Q("Nearly 600 flights", value=600, approximate=True)]),
    ("An estimated 2,000 cattle drowned.", [Q("An estimated 2,000 cattle", value=2000, approximate=True)]),
    ("Approaching 90% of the ballots have been counted.",
     [Q("Approaching 90% of the ballots", value=90, approximate=True, unit="percent")]),
    ("The blaze burned almost 5,000 acres.", [Q("almost 5,000 acres", value=5000, approximate=True, unit="acres")]),
    # bounds
    ("At least 100 people were injured.", [Q("At least 100 people", low=100, value=None, high=None)]),
    ("More than 1,000 soldiers crossed the river.", [Q("More than 1,000 soldiers", low=1000, unit="troops")]),
    ("Upwards of 5,000 fans gathered.", [Q("Upwards of 5,000 fans", low=5000)]),
    ("Damage could exceed $1 billion.", [Q("exceed $1 billion", low=1e9, unit="USD")]),
    ("The dam holds up to 400,000 cubic metres of water.", [Q("up to 400,000 cubic metres", high=400000, unit="m3")]),
    ("As many as 80 villagers may have died.", [Q("As many as 80 villagers", high=80)]),
    ("Fewer than 30 doctors remain in the city.", [Q("Fewer than 30 doctors", high=30)]),
    ("No more than 12 inspectors were allowed in.", [Q("No more than 12 inspectors", high=12)]),
    ("Inflation fell to less than 3 percent.", [Q("less than 3 percent", high=3, unit="percent")]),
    ("Officials said 500 or more homes were flooded.", [Q("500 or more homes", low=500)]),
    # the bound covers only the first of two coordinated numbers
    ("More than 800 cars and 700 trucks were damaged.",
     [Q("More than 800 cars", low=800), Q("700 trucks", value=700, low=None)]),
    # ranges
    ("Between 10,000 and 12,000 workers went on strike.",
     [Q("Between 10,000 and 12,000 workers", low=10000, high=12000)]),
    ("Officials expect 10,000-12,000 visitors.", [Q("10,000-12,000 visitors", low=10000, high=12000)]),
    ("The plan would cost $3 billion to $4 billion.", [Q("$3 billion to $4 billion", low=3e9, high=4e9, unit="USD")]),
    ("The repairs will take two or three crews.", [Q("two or three crews", low=2, high=3)]),
    ("Between 20 and 25 million people lack clean water.",
     [Q("Between 20 and 25 million people", low=20e6, high=25e6)]),
    # a change is two values, not a range
    ("The toll rose from 16 to 24.", [Q("from 16", value=16), Q("to 24", value=24)]),
    # vague counts
    ("Thousands of residents lost power.", [Q("Thousands of residents", low=1000, value=None, approximate=True)]),
    ("Tens of thousands of people marched.", [Q("Tens of thousands of people", low=10000, approximate=True)]),
    ("Hundreds of migrants were rescued at sea.", [Q("Hundreds of migrants", low=100, approximate=True)]),
    ("Millions of barrels of oil were spilled.",
     [Q("Millions of barrels", low=1e6, approximate=True, unit="barrels of oil")]),
    ("Dozens of shops were looted.", [Q("Dozens of shops", low=12, approximate=True)]),
    ("Several hundred students joined the march.", [Q("Several hundred students", low=200, approximate=True)]),
    ("Rebels fired several rockets at the base.", [Q("several rockets", low=2, approximate=True)]),
    ("The ministry sent an unspecified number of advisers.",
     [Q("an unspecified number of advisers", unspecified=True, unit="advisers")]),
    ("The army moved an undisclosed number of tanks to the border.",
     [Q("an undisclosed number of tanks", unspecified=True, unit="tanks")]),
    # a number as the subject of a casualty verb, partitives and "more"
    ("Of the recruits, around 300 were killed or wounded.",
     [Q("around 300", value=300, approximate=True, unit="killed or wounded")]),
    ("Nine of the victims were children.", [Q("Nine of the victims", value=9, unit="victims")]),
    ("About 5,000 people were evacuated and 2,000 more were told to be ready.",
     [Q("About 5,000 people", value=5000), Q("2,000 more", value=2000)]),
    ("One soldier was killed in the ambush.", [Q("One soldier", value=1)]),
    ("The fighters captured two bridges and one hill.", [Q("two bridges", value=2)]),
    ("A third of the crop was lost.", [Q("A third of the crop", value=pytest.approx(1 / 3))]),
    # not quantities: durations, dates, years, ages, ordinals, names, times of day, references
    ("The siege lasted two months.", []),
    ("The nearly 2-year conflict has no end in sight.", []),
    ("Shops will stay open 24 hours a day for three weeks.", []),
    ("The six-week truce began on Sunday.", []),
    ("The talks were held in 2024.", []),
    ("The suspects were arrested on Jan. 3 and charged on June 18.", []),
    ("The victim was aged 34.", []),
    ("A 34-year-old man was arrested.", []),
    ("It was her third term and the fifth attempt.", []),
    ("The 2018 Camp Fire was the deadliest in the state's history.", []),
    ("Resolution 2231 endorsed the deal.", []),
    ("Apollo 11 landed on the moon.", []),
    ("The vote closes at 8 p.m. on Tuesday.", []),
    ("The pact takes effect once the two sides sign it.", []),
    ("One of the guards said the prisoners were moved.", []),
    ("The figures were rounded to one decimal place.", []),
    ("Production of the F-16 resumed in mid-2023.", []),
    ("The home side won 3-1 on Sunday.", []),
    ("Maria Lopez, 34, was arrested at the scene.", []),
    ("The inquiry covered the years between 2019 and 2021.", []),
    ("Polls open on May 13-15 in most districts.", []),
    ("Flight 370 vanished over the ocean.", []),
]


def _check(q: Quantity, want: dict[str, Any]) -> None:
    for key, expected in want.items():
        got = getattr(q, key)
        assert got == expected, f"{want['text']!r}: {key} = {got!r}, want {expected!r}"


@pytest.mark.parametrize(("sentence", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_quantities(plain_nlp: Language, sentence: str, expected: list[dict[str, Any]]) -> None:
    got = find_quantities(plain_nlp(sentence))
    assert [q.text for q in got] == [w["text"] for w in expected]
    for q, want in zip(got, expected, strict=True):
        _check(q, want)
        assert sentence[q.span[0]:q.span[1]] == q.text


def test_spans_are_offsets_into_the_text(plain_nlp: Language) -> None:
    text = "In the north,   about 300 troops\nand more than 40% of voters."
    for q in find_quantities(plain_nlp(text)):
        assert text[q.span[0]:q.span[1]] == q.text


def test_component_sets_doc_attribute(plain_nlp: Language) -> None:
    component = plain_nlp.create_pipe(qmod.FACTORY)
    doc = component(plain_nlp("About 3,000 people were displaced."))
    assert [q.value for q in doc._.quantities] == [3000]
    assert doc._.quantities[0].approximate


def test_plain_text_entry_point_needs_no_model() -> None:
    got = parse_number_text("between 44 and 50 mg, more than 1,000 people, two thirds of the cake, in 2019")
    assert [(q.value, q.low, q.high) for q in got] == [
        (None, 44, 50), (None, 1000, None), (pytest.approx(2 / 3), None, None)]


def test_empty_doc() -> None:
    assert find_quantities(Doc(spacy.blank("en").vocab, words=[])) == []


@pytest.mark.parametrize(("text", "value"), [
    ("one hundred and six", 106), ("two thousand and two hundred", 2200),
    ("three million, two hundred & forty", 3000240),
    ("fifty - two", 52), ("5.5 million", 5.5e6), ("a hundred and two", 102), ("half a dozen", 6),
    ("three dozen", 36), ("one and a half", 1.5), ("five and a half million", 5.5e6), ("2 1/2", 2.5),
    ("1.3e6", 1.3e6), ("10k", 1e4), ("2.3bn", 2.3e9), ("12,34,567", 1234567), ("10 000", 10000),
    ("two hundred point zero three", 200.03), ("minus five", -5), ("three lakh", 3e5), ("one out of four", 0.25),
])
def test_number_words(text: str, value: float) -> None:
    words = [t.text for t in spacy.blank("en")(text)]
    spaced = [True] * len(words)
    p = parse_number(Tokens(words, [w.lower() for w in words], spaced), 0, number_lexicon())
    assert p is not None and p.end == len(words)
    assert p.value == pytest.approx(value)


def test_lexicon_loads_and_is_cached() -> None:
    lex = quantity_lexicon()
    assert lex is quantity_lexicon()
    assert "thousands" in lex.vague_plural and "weeks" in lex.durations
    assert ("at", "least") in lex.cues.items and lex.currency_prefix["$"] == "USD"
