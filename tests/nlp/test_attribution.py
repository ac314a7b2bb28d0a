"""Attribution on small hand-written sentences: content spans, source chains, cues."""

from __future__ import annotations

import pytest
from spacy.language import Language

from claimgraph.nlp.attribution import find_claims
from claimgraph.nlp.lexicon import attribution_lexicon


def claims_of(nlp: Language, text: str) -> list[tuple[str, list[str]]]:
    doc = nlp(text)
    return [(text[d.start:d.end], [h.text for h in d.sources]) for d in find_claims(doc, attribution_lexicon())]


CASES = [
    # forward indirect speech
    ("The ministry said that 40 people had been rescued from the river.",
     [("40 people had been rescued from the river", ["The ministry"])]),
    # inverted, source after the content
    ("Six soldiers were wounded in the attack, the army said on Tuesday.",
     [("Six soldiers were wounded in the attack", ["the army"])]),
    # subject-verb inversion
    ("The bridge will reopen in May, said Maria Lopez, the city's transport chief.",
     [("The bridge will reopen in May", ["Maria Lopez, the city's transport chief"])]),
    # according to, with a channel whose owner is the source
    ("Rebels took the airport, according to a statement from the Interior Ministry.",
     [("Rebels took the airport", ["the Interior Ministry"])]),
    # nested: outlet citing an official
    ("The talks collapsed on Monday, according to a Reuters report that cited two diplomats.",
     [("The talks collapsed on Monday", ["Reuters", "two diplomats"])]),
    # citing aside between source and cue
    ("Twelve boats were seized, the coast guard, citing radar data from the navy, told reporters.",
     [("Twelve boats were seized", ["the coast guard", "the navy"])]),
    # reporter outlet as an outer hop: "X reported, citing Y"
    ("The dam was damaged, Kyodo news agency reported, citing the Japanese Defense Ministry.",
     [("The dam was damaged", ["Kyodo news agency", "the Japanese Defense Ministry"])]),
    # denial with a claim noun
    ("The company rejected the claim that its software had been hacked.",
     [("its software had been hacked", ["The company"])]),
    # two propositions joined by "and that"
    ("The mayor said the fire was under control and that no one had been hurt.",
     [("the fire was under control", ["The mayor"]), ("no one had been hurt", ["The mayor"])]),
    # outlet's own voice
    ("Floodwaters covered much of the old town on Sunday.",
     [("Floodwaters covered much of the old town on Sunday", [])]),
    # attributed clause plus the outlet's own clause
    ("At least 30 people died, officials said, and rescue teams were still searching the rubble.",
     [("At least 30 people died", ["officials"]), ("rescue teams were still searching the rubble", [])]),
    # accusation: the content keeps the accused party
    ("The government has accused the rebels of shelling the hospital.",
     [("the rebels of shelling the hospital", ["The government"])]),
    # two attributions on either side of a semicolon
    ("In Lyon, police said 9,000 people marched; organisers said the figure was 30,000.",
     [("9,000 people marched", ["police"]), ("the figure was 30,000", ["organisers"])]),
    # a contrastive 'while' clause is a second attribution, not a nested one
    ("The prefecture said 4,000 took part, while union officials said 7,000 had marched.",
     [("4,000 took part", ["The prefecture"]), ("7,000 had marched", ["union officials"])]),
    # 'cited X as saying'
    ("The Daily Star cited two engineers as saying the crane had failed.",
     [("the crane had failed", ["The Daily Star", "two engineers"])]),
    # 'has yet to acknowledge that' is the outlet's own negative statement
    ("The regime has yet to acknowledge that its soldiers are in the country.",
     [("The regime has yet to acknowledge that its soldiers are in the country", [])]),
    # a trailing source the parser tangles into the content, read off the surface
    ("About 60 sailors have been killed and some 200 wounded fighting off the coast, Greek lawmakers "
     "Nikos Pappas and Eleni Dimou said on Wednesday, citing the coast guard.",
     [("About 60 sailors have been killed and some 200 wounded fighting off the coast",
       ["Greek lawmakers Nikos Pappas and Eleni Dimou", "the coast guard"])]),
    # a phrasal denial of 'talk of' a proposition
    ("The minister brushed off talk of foreign troops crossing the border.",
     [("foreign troops crossing the border", ["The minister"])]),
    # 'neither ... nor' on the subject negates the cue: the outlet's own statement
    ("Neither Ankara nor Damascus has confirmed that the talks took place.",
     [("Neither Ankara nor Damascus has confirmed that the talks took place", [])]),
    # a that-clause the parser hangs on the cited source
    ("The senator said, citing the budget office, that the deficit had doubled.",
     [("the deficit had doubled", ["The senator", "the budget office"])]),
    # 'the latest assessment from X is that ...'
    ("The latest assessment from the World Bank is that growth will slow to 2%.",
     [("growth will slow to 2%", ["the World Bank"])]),
    # the agent of a channel is the next hop
    ("Twenty people died, officials said after a briefing by the health ministry.",
     [("Twenty people died", ["officials", "the health ministry"])]),
    # a relative clause with its own cue is not the complement of the main verb
    ("Activists have posted videos that they say show the flooded square.",
     [("Activists have posted videos", []), ("show the flooded square", ["they"])]),
    # a 'that' after a date is the complementiser, whatever label the parser gives it
    ("The agency said on Oct. 18 that Pyongyang had resolved to dispatch some 12,000 troops.",
     [("Pyongyang had resolved to dispatch some 12,000 troops", ["The agency"])]),
    # two trailing cues: the outer outlet relays the inner source, even when 'estimates' is read as a noun
    ("About 900 people have fallen ill, the state health agency estimates, a local newspaper reported on Monday.",
     [("About 900 people have fallen ill", ["a local newspaper", "the state health agency"])]),
    # a cue conjoined to a reported clause shares the first cue's speaker, not the clause's subject
    ("The mayor acknowledged that the pumps had failed and said crews had worked through the night.",
     [("the pumps had failed", ["The mayor"]), ("crews had worked through the night", ["The mayor"])]),
    # a 'that' clause hung on the channel of any reporting verb
    ("The union confirmed in a statement that its members had walked out.",
     [("its members had walked out", ["The union"])]),
    # a claim noun the parser put under 'as'
    ("The ministry rejected as false any suggestion that the dam had been sabotaged.",
     [("the dam had been sabotaged", ["The ministry"])]),
    # people briefed by a source pass on what it told them
    ("The dam had cracked, the newspaper reported, citing engineers briefed by the water authority.",
     [("The dam had cracked", ["the newspaper", "engineers", "the water authority"])]),
    # 'A estimates that X, B told reporters': B relays A
    ("The health agency estimates that about 900 people have fallen ill, two senators told reporters on Friday.",
     [("about 900 people have fallen ill", ["two senators", "The health agency"])]),
    # an opening participle clause is not the source; the subject nearest the cue is
    ("Speaking to donors in Geneva on Monday, Health Minister Ana Ruiz said 300 clinics had closed.",
     [("300 clinics had closed", ["Health Minister Ana Ruiz"])]),
    # credits and distribution notes are not claims
    ("This article was distributed by Coastline Press and has been edited for length.", []),
    ("Reporting by Ana Ruiz; editing by Tom Hale.", []),
    # a passive 'told' is not a cue
    ("Residents were told to leave their homes before dawn.",
     [("Residents were told to leave their homes before dawn", [])]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_claims_and_chains(base_nlp: Language, text: str, expected: list[tuple[str, list[str]]]) -> None:
    assert claims_of(base_nlp, text) == expected


def test_quote_running_on_keeps_the_source(base_nlp: Language) -> None:
    text = ("“We have lost everything,” said Amina Yusuf, a farmer in the valley. "
            "“The water came at night and took the whole harvest.”")
    got = claims_of(base_nlp, text)
    assert got[0] == ("We have lost everything", ["Amina Yusuf, a farmer in the valley"])
    assert got[1] == ("The water came at night and took the whole harvest", ["Amina Yusuf, a farmer in the valley"])


def test_a_description_resolves_to_the_source_it_describes_best(base_nlp: Language) -> None:
    """'the intelligence agency' is the intelligence service cited before, not the news agency."""
    doc = base_nlp("Troops have crossed the border, Kyodo News Agency reported, citing the Defense Intelligence "
                   "Service. The intelligence agency told lawmakers that more units would follow.")
    drafts = find_claims(doc, attribution_lexicon())
    hops = [h for d in drafts for h in d.sources if h.text.lower() == "the intelligence agency"]
    assert hops and hops[0].entity is not None and "Intelligence" in hops[0].entity


def test_pronoun_source_resolves_to_the_named_speaker(base_nlp: Language) -> None:
    doc = base_nlp("Police chief Tomas Varga spoke in Szeged. He said the suspect had fled abroad.")
    drafts = find_claims(doc, attribution_lexicon())
    hop = drafts[-1].sources[0]
    assert hop.text == "He"
    assert hop.entity == "Tomas Varga"


def test_background_relative_clause_is_split_off(base_nlp: Language) -> None:
    text = "Reports indicate the convoy reached Mosul, a city where the army retook ground last year."
    doc = base_nlp(text)
    drafts = find_claims(doc, attribution_lexicon())
    assert text[drafts[0].start:drafts[0].end] == "the convoy reached Mosul"
    assert any(d.background for d in drafts)


def test_dateline_is_not_part_of_a_claim(base_nlp: Language) -> None:
    text = "NAIROBI (Coastline Press) — Heavy rain flooded three districts overnight."
    doc = base_nlp.make_doc(text)
    doc._.dateline_end = text.index("Heavy")
    doc = base_nlp(doc)
    drafts = find_claims(doc, attribution_lexicon(), body_start=text.index("Heavy"))
    assert text[drafts[0].start:drafts[0].end] == "Heavy rain flooded three districts overnight"
