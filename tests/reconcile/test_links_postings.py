"""The columns links are kept in, and the wording index held a few blocks of time at a time, on
small hand-made inputs checked against the plain versions."""

from __future__ import annotations

import random
from itertools import combinations

from claimgraph.reconcile.links import Link, LinkCollector, Links, PairTable
from claimgraph.reconcile.postings import Postings, Scope, near_blocks, overlapping, prefix_size, rarest_first


def test_collected_links_drop_repeats_and_come_in_pair_order() -> None:
    found = LinkCollector(["C1", "C2", "C3", "C4"])
    found.add(2, 0, "lexical", 0.857)
    found.add(0, 2, "lexical", 0.857)        # the same pair found from its other claim
    found.add(3, 1, "embedding", 0.812)
    found.add(0, 1, "figure", 1.0)
    links = found.links()
    assert isinstance(links, Links) and len(links) == 3
    assert list(links) == [Link("C1", "C2", "figure", 1.0), Link("C1", "C3", "lexical", 0.857),
                           Link("C2", "C4", "embedding", 0.812)]
    assert links[1] == Link("C1", "C3", "lexical", 0.857) and links[-1:] == [links[2]]


def test_statement_pairs_keep_their_first_finding_and_list_partners_best_first() -> None:
    pairs = PairTable()
    pairs.add(0, 2, "figure", 1.0)
    pairs.add(0, 2, "lexical", 0.75)         # found again by wording: the figure finding stands
    pairs.add(1, 2, "lexical", 0.9)
    pairs.add(0, 1, "lexical", 0.9)
    pairs.add(3, 3, "lexical", 1.0)          # a statement made in two reports
    related = pairs.related(5)
    assert related.of(0) == [(2, "figure", 1.0), (1, "lexical", 0.9)]
    assert related.of(2) == [(0, "figure", 1.0), (1, "lexical", 0.9)]
    assert related.of(1) == [(0, "lexical", 0.9), (2, "lexical", 0.9)]
    assert related.of(3) == [(3, "lexical", 1.0)] and related.of(4) == []
    assert PairTable.of({(0, 1): ("lexical", 0.9)}).related(2).of(1) == [(0, "lexical", 0.9)]


def test_no_links_is_an_empty_table() -> None:
    links = LinkCollector(["C1"]).links()
    assert len(links) == 0 and list(links) == []


def plain_overlapping(vocab: list[frozenset[str]], min_overlap: float, doc: list[int],
                      scopes: list[Scope]) -> dict[tuple[int, int], int]:
    """Every pair of claims of different reports, same or neighbouring block, same subject (or
    none), a shared place (or none), figures in neighbouring buckets (or none on both sides), whose
    shared terms over the smaller set reach ``min_overlap``."""
    out = {}
    for i, j in combinations(range(len(vocab)), 2):
        (si, pi, bi, fi), (sj, pj, bj, fj) = scopes[i], scopes[j]
        if doc[i] == doc[j] or bj not in near_blocks(bi) or (si and sj and si != sj):
            continue
        if pi and pj and not pi & pj:
            continue
        if (fi is None) != (fj is None) or (fi is not None and fj is not None and not any(
                a == b and abs(x - y) <= 1 for a, x in fi for b, y in fj)):
            continue
        shared = len(vocab[i] & vocab[j])
        if vocab[i] and vocab[j] and shared / min(len(vocab[i]), len(vocab[j])) >= min_overlap - 1e-9:
            out[(i, j)] = shared
    return out


def test_the_index_held_three_blocks_at_a_time_finds_every_pair() -> None:
    rng = random.Random(5)
    words = [f"w{n}" for n in range(14)]
    for _ in range(40):
        n = rng.randint(2, 30)
        vocab = [frozenset(rng.sample(words, rng.randint(1, 6))) for _ in range(n)]
        doc = [rng.randrange(n // 2 + 1) for _ in range(n)]
        scopes: list[Scope] = [(rng.choice((None, "a", "b")), frozenset(rng.sample(("p", "q"), rng.randint(0, 1))),
                                rng.choice((None, 3, 4, 5, 6, 8)),
                                rng.choice((None, frozenset({("point", rng.randint(0, 3))}))))
                               for _ in range(n)]
        threshold = rng.choice((0.5, 0.7, 1.0))
        assert dict(overlapping(vocab, threshold, doc, scopes)) == plain_overlapping(vocab, threshold, doc, scopes)


def test_sliding_holds_only_the_neighbouring_blocks() -> None:
    scopes: list[Scope] = [(None, frozenset(), block, None) for block in (1, 2, 3, 5, None)]
    postings = Postings([["war"]] * 5, scopes)
    assert postings.blocks() == [None, 1, 2, 3, 5]
    assert postings.slide(2) == [1] and set(postings.filed) == {1, 2, 3}
    assert sorted(postings.holders("war", postings.lookups(1))) == [0, 1, 2]
    assert postings.slide(5) == [3] and set(postings.filed) == {5}
    assert postings.slide(None) == [4] and set(postings.filed) == {None}
    assert set(postings.file_all().filed) == {None, 1, 2, 3, 5}


def test_a_prefix_holds_a_term_of_every_pair_that_reaches_the_threshold() -> None:
    vocab = [frozenset({"troops", "kursk", "deployed"}), frozenset({"troops", "deployed"}), frozenset({"troops"})]
    assert rarest_first(vocab) == [["kursk", "deployed", "troops"], ["deployed", "troops"], ["troops"]]
    assert [prefix_size(n, 0.7) for n in (0, 1, 2, 3, 10)] == [0, 1, 1, 1, 4]


def test_link_rows_from_columns_equal_rows_from_link_objects() -> None:
    from claimgraph.kept.results import link_tuples

    found = LinkCollector(["C7", "C3", "C12", "C5"])
    for a, b, method, score in ((0, 1, "figure", 1.0), (2, 3, "lexical", 0.714), (1, 3, "lexical", 0.9)):
        found.add(a, b, method, score)
    links = found.links()
    origins = {"C7": "nis", "C3": "pentagon", "C12": "nis", "C5": "nis"}
    rows = list(link_tuples(links, origins))
    assert rows == list(link_tuples(list(links), origins))
    assert rows == [(7, 3, "figure", 1.0, True), (3, 5, "lexical", 0.9, True), (12, 5, "lexical", 0.714, False)]


def test_corroborations_from_columns_equal_those_from_link_objects() -> None:
    from claimgraph.reconcile.grading import _corroborations_by_column

    rng = random.Random(3)
    keys = [f"C{n}" for n in range(40)]
    origin = {k: rng.choice(("nis", "pentagon", "kyiv", "moscow")) for k in keys}
    found = LinkCollector(keys)
    for _ in range(120):
        a, b = rng.sample(range(40), 2)
        found.add(a, b, "lexical", 0.8)
    links = found.links()
    plain: dict[str, set[str]] = {}
    for link in links:
        if origin[link.a] != origin[link.b]:
            plain.setdefault(link.a, set()).add(origin[link.b])
            plain.setdefault(link.b, set()).add(origin[link.a])
    got = _corroborations_by_column(links, origin)
    assert {k: sorted(v) for k, v in plain.items()} == {k: list(v) for k, v in got.items()}
