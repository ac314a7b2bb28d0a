"""Long texts: chunks past ``max_length`` with exact offsets, the base model run a piece at a time,
the resolution window, and passes whose work grows linearly with the text (counted, not timed)."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from claimgraph.api import annotate, chunk_bounds, extract_long, extract_raw, mask_dateline, raw_article
from claimgraph.model import Article, Source
from claimgraph.nlp.attribution import ClaimDraft, find_claims
from claimgraph.nlp.lexicon import attribution_lexicon
from claimgraph.nlp.quotes import apply_quote_continuation, doc_quote_regions, find_donor, region_of
from claimgraph.nlp.resolve import COMPARISONS_KEY, RESOLUTION_WINDOW, resolve_hops
from claimgraph.pipeline import build

ROOT = Path(__file__).resolve().parents[2]
CHUNK = 3000            # max_length of the test pipeline: a few paragraphs
PIECE = 1200            # what the base model reads at once in the test


def devset_text(count: int) -> str:
    """``count`` development articles one after another, a paragraph per line."""
    paths = sorted((ROOT / "devset").glob("*/article.txt"))[:count]
    return "\n".join(p.read_text(encoding="utf-8").strip() for p in paths)


@pytest.fixture(scope="module")
def small_nlp() -> Language:
    """A pipeline of its own whose max_length is a few paragraphs."""
    nlp = build()
    nlp.max_length = CHUNK
    return nlp


@pytest.fixture(scope="module")
def long_text() -> str:
    return devset_text(5)


@pytest.fixture(scope="module")
def chunked(small_nlp: Language, long_text: str) -> Article:
    raw = raw_article(long_text, published="2025-01-24")
    return extract_long(small_nlp, raw, piece_chars=PIECE)


def spans_of(article: Article) -> list[tuple[tuple[int, int], str]]:
    """Every span of the article's output with the text it claims to cover."""
    out: list[tuple[tuple[int, int], str]] = []
    for claim in article.claims:
        out.append((claim.span, claim.text))
        out += [(s.span, s.text) for s in claim.sources if s.span is not None]
        out += [(q.span, q.text) for q in claim.quantities]
        out += [(t.span, t.text) for t in claim.times]
    return out


def test_chunks_are_whole_paragraphs_within_the_limit(long_text: str) -> None:
    bounds = chunk_bounds(long_text, CHUNK)
    assert len(bounds) > 2
    assert bounds[0][0] == 0 and bounds[-1][1] == len(long_text)
    assert all(a[1] == b[0] for a, b in pairwise(bounds))
    assert all(end - start <= CHUNK for start, end in bounds)
    assert all(long_text[end - 1] == "\n" for _, end in bounds[:-1])


def test_a_paragraph_longer_than_the_limit_is_cut_after_a_sentence() -> None:
    text = "The first sentence ends here. The second one runs on and on, well past the limit."
    bounds = chunk_bounds(text, 40)
    assert bounds[0] == (0, 30)                     # after "here. "
    assert text[bounds[1][1] - 1] == " "            # then after a space, no sentence end in reach
    assert all(end - start <= 40 for start, end in bounds) and bounds[-1][1] == len(text)


def test_text_over_max_length_is_extracted_with_exact_offsets(small_nlp: Language, long_text: str) -> None:
    assert len(long_text) > 3 * small_nlp.max_length
    article = next(extract_raw([raw_article(long_text, published="2025-01-24")], nlp=small_nlp))
    spans = spans_of(article)
    assert len(article.claims) > 50 and len(spans) > 150
    for (start, end), text in spans:
        assert long_text[start:end] == text
    starts = [c.span[0] for c in article.claims]
    assert starts == sorted(starts)
    assert len({c.id for c in article.claims}) == len(article.claims)


def test_chunked_extraction_agrees_with_the_whole_text(nlp: Language, long_text: str, chunked: Article) -> None:
    """Chunks end at paragraphs, where sentences and claims end too: the claims are the same but
    for a few near a boundary (a pronoun whose antecedent is in the chunk before)."""
    whole = next(extract_raw([raw_article(long_text, published="2025-01-24")], nlp=nlp))
    assert {c.span for c in chunked.claims} == {c.span for c in whole.claims}
    same = sum(1 for a, b in zip(chunked.claims, whole.claims, strict=True)
               if a.model_dump(exclude={"id"}) == b.model_dump(exclude={"id"}))
    assert same >= 0.9 * len(whole.claims)


def test_entities_named_in_several_chunks_are_one(chunked: Article) -> None:
    keys = [(e.name, e.type) for e in chunked.entities]
    assert len(keys) == len(set(keys))
    assert all(alias != e.name for e in chunked.entities for alias in e.aliases)
    names = {e.name for e in chunked.entities}
    assert all(a in names for c in chunked.claims for a in c.actors)


def test_the_model_read_in_pieces_gives_one_doc_of_the_same_text(small_nlp: Language, long_text: str) -> None:
    raw = raw_article(long_text, published="2025-01-24")
    masked = mask_dateline(raw)
    start, end = chunk_bounds(masked, CHUNK)[1]
    doc = annotate(small_nlp, raw, masked, (start, end), piece_chars=PIECE // 2)
    assert doc.text == masked[start:end]
    assert doc._.chunk_start == start and doc._.dateline_end is None
    assert all(masked[start + t.idx:start + t.idx + len(t.text)] == t.text for t in doc)
    assert doc._.claims and all(d.end <= len(doc.text) for d in doc._.claims)


# --------------------------------------------------------------------------------------------
# the resolution window
# --------------------------------------------------------------------------------------------

def named(entity: str, kind: str = "organization") -> Source:
    return Source(text=entity, entity=entity, kind=kind)  # type: ignore[arg-type]


def draft(*sources: Source) -> ClaimDraft:
    return ClaimDraft(start=0, end=1, tok_start=0, tok_end=1, sent_start=0, sources=list(sources))


@pytest.fixture(scope="module")
def plain_doc(base_nlp: Language) -> Doc:
    """A Doc that names no one: antecedents can come only from the named sources."""
    return base_nlp("nothing was said here.")


@pytest.mark.parametrize(("between", "found"), [(0, True), (RESOLUTION_WINDOW - 1, True), (RESOLUTION_WINDOW, False)])
def test_a_pronoun_takes_a_person_named_within_the_window(plain_doc: Doc, between: int, found: bool) -> None:
    drafts = [draft(named("Maria Lopez", "individual"))]
    drafts += [draft(named(f"Agency {i}")) for i in range(between)]
    drafts.append(draft(Source(text="She")))
    resolve_hops(plain_doc, drafts, attribution_lexicon().definite_anaphors)
    assert drafts[-1].sources[0].entity == ("Maria Lopez" if found else None)


@pytest.mark.parametrize(("between", "expected"), [(RESOLUTION_WINDOW - 1, "Interior Ministry"),
                                                   (RESOLUTION_WINDOW, f"Agency {RESOLUTION_WINDOW - 1}")])
def test_a_description_takes_the_source_it_describes_within_the_window(plain_doc: Doc, between: int,
                                                                       expected: str) -> None:
    """Past the window 'the ministry' no longer finds the ministry, and takes the latest speaker."""
    drafts = [draft(named("Interior Ministry"))] + [draft(named(f"Agency {i}")) for i in range(between)]
    drafts.append(draft(Source(text="the ministry")))
    resolve_hops(plain_doc, drafts, frozenset({"ministry"}))
    assert drafts[-1].sources[0].entity == expected


def test_a_pronoun_far_from_its_antecedent_in_the_text_is_resolved(base_nlp: Language) -> None:
    """The window counts named sources, not characters: pages of unattributed text between a
    speaker and 'she' do not stop the resolution."""
    filler = "\n".join(f"Crews cleared debris from road {i} while traffic waited behind barriers." for i in range(80))
    text = (f"Police chief Maria Lopez said the bridge would reopen in May.\n{filler}\n"
            "She said the suspect had fled abroad.")
    doc = base_nlp(text)
    drafts = find_claims(doc, attribution_lexicon())
    hop = drafts[-1].sources[0]
    assert len(text) > 5000
    assert hop.text == "She" and hop.entity == "Maria Lopez"


# --------------------------------------------------------------------------------------------
# work that grows linearly: counted
# --------------------------------------------------------------------------------------------

def comparisons(doc: Doc, named_sources: int) -> int:
    """Candidates the resolver compares for a history of ``named_sources`` named sources with a
    pronoun and a description after every other one."""
    drafts = []
    for i in range(named_sources):
        drafts.append(draft(named(f"Official {i}", "individual") if i % 3 == 0 else named(f"Agency {i}")))
        if i % 2:
            drafts.append(draft(Source(text="He"), Source(text="the agency")))
    resolve_hops(doc, drafts, frozenset({"agency"}))
    assert doc.user_data[COMPARISONS_KEY] > 0
    return int(doc.user_data[COMPARISONS_KEY])


def test_resolver_comparisons_grow_linearly_with_the_mentions(plain_doc: Doc) -> None:
    counts = {n: comparisons(plain_doc, n) for n in (1000, 2000, 4000)}
    assert counts[2000] <= 2.1 * counts[1000]       # all-pairs would be 4x
    assert counts[4000] <= 2.1 * counts[2000]
    resolutions = 4000 // 2 * 2
    assert counts[4000] <= (RESOLUTION_WINDOW + 2) * resolutions     # bounded per resolution


def test_resolver_comparisons_in_a_real_text_grow_linearly(base_nlp: Language) -> None:
    """Through attribution on real articles repeated 1, 2 and 4 times, with a window of 4 named
    sources (full from the first copy): the comparisons per copy stay the same (with every source
    kept as a candidate, they would double with each doubling)."""
    article = devset_text(3)
    counts = {}
    for copies in (1, 2, 4):
        doc = base_nlp("\n".join([article] * copies))
        find_claims(doc, attribution_lexicon(), window=4)
        counts[copies] = doc.user_data[COMPARISONS_KEY]
    assert counts[2] <= 2.2 * counts[1]
    assert counts[4] <= 2.2 * counts[2]


def test_indexed_quote_continuation_gives_the_donors_of_the_scan(base_nlp: Language) -> None:
    """The indexed continuation against the reference scan (``find_donor``) on a long text with
    quotes running on, attributed before, after and elsewhere in the same quote."""
    paragraph = ("“We have lost everything,” said Amina Yusuf, a farmer. “The water came at night. It took the "
                 "harvest.” Officials said the river rose two metres.\n“The roads are closed. Crews are on the "
                 "way.” The mayor later said more help was coming. “Nobody should travel,” he said.\n")
    doc = base_nlp(paragraph * 12)
    lex = attribution_lexicon()
    drafts = find_claims(doc, lex)
    regions = doc_quote_regions(doc)
    for d in drafts:                       # back to before continuation: the drafts no cue attributes
        if d.quote == "direct" and region_of(regions, d.start, d.end) and not d.cue:
            d.sources = []
    expected = [list(d.sources) for d in drafts]
    for i, d in enumerate(drafts):
        region = region_of(regions, d.start, d.end)
        if not expected[i] and region is not None:
            donor = find_donor(doc.text, [_with(x, s) for x, s in zip(drafts, expected, strict=True)], i, region,
                               regions)
            expected[i] = list(donor.sources) if donor is not None else []
    apply_quote_continuation(doc, drafts)
    assert any(expected)
    assert [d.sources for d in drafts] == expected


def _with(d: ClaimDraft, sources: list[Source]) -> ClaimDraft:
    return ClaimDraft(start=d.start, end=d.end, tok_start=d.tok_start, tok_end=d.tok_end, sent_start=d.sent_start,
                      sources=sources)
