"""The inverted index wording candidates are found with: which claims hold each word, filed by
what they may pair with, one stretch of time at a time.

Two claims may state the same thing only when they are about the same subject (or either names
none), share a place (or either names none), were published within the lexicon's
``proposition_window_days`` of each other, and state a near figure (or neither states one). Each
claim is filed under those, so that the candidates of other subjects, places, periods and figures
are never enumerated; and only the blocks of time a claim can pair with are held in memory at
once (:meth:`Postings.slide`), so the index stays the size of three blocks however long the
corpus runs.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain
from typing import Any

from .types import CorpusClaim

ANY = "*"                   # a posting any subject or place may look up (see Postings)

# a claim's first actor, its places, its time block, its figures' buckets (None: it states no figure)
Scope = tuple[str | None, frozenset[str], int | None, frozenset[tuple[str, int]] | None]
Lookup = tuple[int | None, tuple[Any, ...]]          # a block, and a key filed in it


def window_block(cc: CorpusClaim, window: int | None) -> int | None:
    """The block of ``window`` days the claim's report was published in (None without a window
    or a date): two reports published within the window of each other fall in the same block or in
    blocks side by side, so only those are compared."""
    if window is None or cc.published is None:
        return None
    return cc.published.toordinal() // window


def near_blocks(block: int | None) -> tuple[int | None, ...]:
    """The blocks a claim of ``block`` may pair with."""
    return (None,) if block is None else (block - 1, block, block + 1)


class Postings:
    """The claims holding each word, by scope, so that a claim is compared only with the claims it
    may pair with: of its subject or naming none, sharing a place or naming none, in its own time
    block or the two beside it (:func:`window_block`), and with a figure near one of its own, or
    with no figure where it has none. Without ``scopes`` every claim may pair with every other.

    Each claim is filed in its block under its own subject and ``ANY``, each of its places (None
    for none) and ``ANY``, and each of its figures' buckets; it looks up its subject and None
    (``ANY`` where it names none), its places and None (``ANY`` where it names none), and the
    buckets beside its figures', in the blocks beside its own. Nothing is filed until
    :meth:`slide` or :meth:`file_all` asks for it."""

    def __init__(self, ordered: Sequence[Sequence[str]], scopes: Sequence[Scope] | None) -> None:
        self.ordered, self.scopes = ordered, scopes
        self.filed: dict[int | None, dict[tuple[Any, ...], list[int]]] = {}
        self.members: dict[int | None, list[int]] = defaultdict(list)
        for i in range(len(ordered)):
            self.members[self.block(i)].append(i)

    def block(self, i: int) -> int | None:
        return self.scopes[i][2] if self.scopes is not None else None

    def blocks(self) -> list[int | None]:
        """The blocks that hold claims, undated first, then in time order."""
        return sorted(self.members, key=lambda b: (b is not None, b or 0))

    def slide(self, block: int | None) -> list[int]:
        """Hold the blocks a claim of ``block`` may pair with, and no others; the claims of ``block``."""
        wanted = set(near_blocks(block))
        for held in [b for b in self.filed if b not in wanted]:
            del self.filed[held]
        for b in wanted:
            if b not in self.filed and b in self.members:
                self._file(b)
        return self.members.get(block, [])

    def file_all(self) -> Postings:
        """Hold every block."""
        for b in self.members:
            if b not in self.filed:
                self._file(b)
        return self

    def _file(self, block: int | None) -> None:
        filed: dict[tuple[Any, ...], list[int]] = defaultdict(list)
        for i in self.members[block]:
            keys = self._filed_under(self.scopes[i]) if self.scopes is not None else [()]
            for word in self.ordered[i]:
                for key in keys:
                    filed[(word, *key)].append(i)
        self.filed[block] = filed

    @staticmethod
    def _filed_under(scope: Scope) -> list[tuple[Any, ...]]:
        subject, places, _, buckets = scope
        return [(s, p, f) for s in (subject, ANY) for p in (*(places or (None,)), ANY)
                for f in (buckets if buckets is not None else (None,))]

    def lookups(self, i: int) -> list[Lookup]:
        """Where claim ``i`` looks for the claims it may pair with."""
        if self.scopes is None:
            return [(None, ())]
        subject, places, block, buckets = self.scopes[i]
        subjects = (ANY,) if subject is None else (subject, None)
        near_places = (ANY,) if not places else (*places, None)
        near = (None,) if buckets is None else sorted({(kind, b + d) for kind, b in buckets for d in (-1, 0, 1)},
                                                      key=repr)
        return [(b, (s, p, f)) for b in near_blocks(block) for s in subjects for p in near_places for f in near]

    def holders(self, word: str, lookups: list[Lookup]) -> Iterable[int]:
        """The claims holding ``word`` where ``lookups`` (see :meth:`lookups`) look."""
        return chain.from_iterable(self.filed[b].get((word, *key), ()) for b, key in lookups if b in self.filed)


def overlapping(vocab: Sequence[frozenset[str]], min_overlap: float, doc: Sequence[int],
                scopes: Sequence[Scope] | None = None) -> Iterator[tuple[tuple[int, int], int]]:
    """Pairs ``((i, j), shared terms)``, ``i < j``, of claims of different reports (``doc``) whose
    shared terms over the smaller term set can reach ``min_overlap``, found by prefix filtering:
    with each claim's terms ordered rarest first, two claims sharing ``k`` of the smaller one's
    ``m`` terms share one of its first ``m - k + 1``, so each claim is compared only with claims
    holding one of its rarest terms (and at least as many terms), never with every claim that
    shares a common word. With ``scopes``, a claim looks only among the claims it may pair with
    (:class:`Postings`), one block of time at a time."""
    ordered = rarest_first(vocab)
    postings = Postings(ordered, scopes)
    for block in postings.blocks():
        for i in postings.slide(block):
            yield from _pairs_of(i, ordered, vocab, min_overlap, doc, postings)


def rarest_first(vocab: Sequence[frozenset[str]]) -> list[list[str]]:
    """Each claim's terms, the rarest in ``vocab`` first (then alphabetically)."""
    df: dict[str, int] = defaultdict(int)
    for terms_of in vocab:
        for word in terms_of:
            df[word] += 1
    return [sorted(terms_of, key=lambda w: (df[w], w)) for terms_of in vocab]


def prefix_size(size: int, min_overlap: float) -> int:
    """How many of its rarest terms a claim of ``size`` terms must look up so that every claim
    sharing enough terms with it to reach ``min_overlap`` (on its side) holds one of them."""
    if not size:
        return 0
    need = max(1, math.ceil(min_overlap * size - 1e-6))      # shared terms the pair needs, at least
    return size - need + 1


def _pairs_of(i: int, ordered: Sequence[Sequence[str]], vocab: Sequence[frozenset[str]], min_overlap: float,
              doc: Sequence[int], postings: Postings) -> Iterator[tuple[tuple[int, int], int]]:
    """The pairs claim ``i`` finds with its rarest terms that reach ``min_overlap``: those where it
    is the smaller claim (fewer terms, or as many and the earlier)."""
    words, size, report = vocab[i], len(ordered[i]), doc[i]
    need = math.ceil(min_overlap * size - 1e-6)             # shared terms the pair needs, over i's
    lookups = postings.lookups(i)
    found: set[int] = set()
    for word in ordered[i][:prefix_size(size, min_overlap)]:
        found.update(postings.holders(word, lookups))        # each candidate once, gathered in C
    for j in found:
        other = len(ordered[j])
        if other < size or (other == size and j <= i) or doc[j] == report:
            continue                                         # the smaller claim's own prefix finds it
        shared = len(words & vocab[j])
        if shared >= need:
            yield (i, j) if i < j else (j, i), shared
