"""Same-proposition links, kept as columns: a corpus of a million claims makes tens of millions of
them, too many to hold as one object each (about 200 bytes with its dictionary entry, against
11 bytes a link here). They are read back as :class:`Link` objects one at a time."""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import overload

import numpy as np

METHODS = ("figure", "lexical", "embedding")
SCALE = 1000                # scores are kept in thousandths, as they are rounded


@dataclass(frozen=True, slots=True)
class Link:
    """Two claims (by key) stating the same thing, how that was found and how close they are."""

    a: str
    b: str
    method: str
    score: float


class Links(Sequence[Link]):
    """Links between claims of ``keys``, by position: ``a`` and ``b`` (``a < b``), the index of
    the method in :data:`METHODS`, and the score in thousandths, in the order of ``(a, b)``."""

    def __init__(self, keys: Sequence[str], a: np.ndarray, b: np.ndarray, method: np.ndarray,
                 score: np.ndarray) -> None:
        self.keys, self.a, self.b, self.method, self.score = keys, a, b, method, score

    def __len__(self) -> int:
        return len(self.a)

    @overload
    def __getitem__(self, n: int) -> Link: ...

    @overload
    def __getitem__(self, n: slice) -> list[Link]: ...

    def __getitem__(self, n: int | slice) -> Link | list[Link]:
        if isinstance(n, slice):
            return [self[k] for k in range(*n.indices(len(self)))]
        return Link(self.keys[self.a[n]], self.keys[self.b[n]], METHODS[self.method[n]], int(self.score[n]) / SCALE)

    def __iter__(self) -> Iterator[Link]:
        keys = self.keys
        for a, b, m, s in zip(self.a.tolist(), self.b.tolist(), self.method.tolist(), self.score.tolist(),
                              strict=True):
            yield Link(keys[a], keys[b], METHODS[m], s / SCALE)


class LinkCollector:
    """Links between claims of ``keys`` as they are found, a pair possibly more than once; the
    first finding of a pair is the one kept (:meth:`links`)."""

    def __init__(self, keys: Sequence[str]) -> None:
        self.keys = keys
        self.pairs, self.methods, self.scores = array("q"), array("b"), array("H")

    def add(self, a: int, b: int, method: str, score: float) -> None:
        lo, hi = (a, b) if a < b else (b, a)
        self.pairs.append(lo * len(self.keys) + hi)
        self.methods.append(METHODS.index(method))
        self.scores.append(round(score * SCALE))

    def links(self) -> Links:
        codes = np.frombuffer(self.pairs, dtype=np.int64) if self.pairs else np.zeros(0, dtype=np.int64)
        unique, first = np.unique(codes, return_index=True)
        n = max(len(self.keys), 1)
        methods = np.frombuffer(self.methods, dtype=np.int8) if self.methods else np.zeros(0, dtype=np.int8)
        scores = np.frombuffer(self.scores, dtype=np.uint16) if self.scores else np.zeros(0, dtype=np.uint16)
        return Links(self.keys, (unique // n).astype(np.int32), (unique % n).astype(np.int32),
                     methods[first].copy(), scores[first].copy())
