"""Same-proposition links, kept as columns: a corpus of a million claims makes tens of millions of
them, too many to hold as one object each (about 200 bytes with its dictionary entry, against
11 bytes a link here). They are read back as :class:`Link` objects one at a time."""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, overload

import numpy as np

METHODS = ("figure", "lexical", "embedding")
SCALE = 1000                # scores are kept in thousandths, as they are rounded
METHOD_BITS, SCORE_BITS = 2, 10    # a packed finding: the pair, then the method, then the score
PACKED_BITS = METHOD_BITS + SCORE_BITS


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

    def origin_codes(self, origins: Mapping[str, str]) -> tuple[np.ndarray, list[str]]:
        """Each claim's origin (``origins``: claim key → origin key) as a number, by position, and
        the origins those numbers stand for, in name order."""
        names = sorted({origins[key] for key in self.keys})
        code = {name: n for n, name in enumerate(names)}
        return np.array([code[origins[key]] for key in self.keys], dtype=np.int64), names


class LinkCollector:
    """Links between claims of ``keys`` as they are found, a pair possibly found twice (from either
    claim, always with the same method and score). Each finding is one integer: the pair, the
    method and the score packed together, so that tens of millions of them are sorted in place and
    the repeats dropped (:meth:`links`)."""

    def __init__(self, keys: Sequence[str]) -> None:
        self.keys = keys
        if len(keys) ** 2 >= 2 ** (63 - PACKED_BITS):
            raise ValueError(f"too many claims to link at once: {len(keys):,}")
        self.found = array("q")

    def add(self, a: int, b: int, method: str, score: float) -> None:
        lo, hi = (a, b) if a < b else (b, a)
        pair = lo * len(self.keys) + hi
        self.found.append((pair << METHOD_BITS | METHODS.index(method)) << SCORE_BITS | round(score * SCALE))

    def links(self) -> Links:
        codes = _column(self.found, np.int64)
        codes.sort()
        keep = np.ones(len(codes), dtype=bool)
        keep[1:] = (codes[1:] >> PACKED_BITS) != (codes[:-1] >> PACKED_BITS)
        codes = codes[keep]
        self.found = array("q")
        pair, n = codes >> PACKED_BITS, max(len(self.keys), 1)
        return Links(self.keys, (pair // n).astype(np.int32), (pair % n).astype(np.int32),
                     ((codes >> SCORE_BITS) & (1 << METHOD_BITS) - 1).astype(np.int8),
                     (codes & (1 << SCORE_BITS) - 1).astype(np.uint16))


class PairTable:
    """Pairs of statements ``(i, j)``, ``i <= j``, stating the same thing, with the method and score,
    kept as columns as they are found (a pair found again keeps its first finding)."""

    def __init__(self) -> None:
        self.i, self.j, self.method, self.score = array("i"), array("i"), array("b"), array("H")

    @classmethod
    def of(cls, pairs: Mapping[tuple[int, int], tuple[str, float]]) -> PairTable:
        table = cls()
        for (i, j), (method, score) in pairs.items():
            table.add(i, j, method, score)
        return table

    def add(self, i: int, j: int, method: str, score: float) -> None:
        self.i.append(i)
        self.j.append(j)
        self.method.append(METHODS.index(method))
        self.score.append(round(score * SCALE))

    def related(self, count: int) -> Related:
        """For each of ``count`` statements, the statements paired with it, best score first, then
        by position."""
        i, j = _column(self.i, np.int32), _column(self.j, np.int32)
        method, score = _column(self.method, np.int8), _column(self.score, np.uint16)
        _, first = np.unique(i.astype(np.int64) * max(count, 1) + j, return_index=True)
        i, j, method, score = i[first], j[first], method[first], score[first]
        apart = i != j
        src, dst = np.concatenate([i, j[apart]]), np.concatenate([j, i[apart]])
        method, score = np.concatenate([method, method[apart]]), np.concatenate([score, score[apart]])
        order = np.lexsort((dst, -score.astype(np.int32), src))
        starts = np.searchsorted(src[order], np.arange(count + 1))
        return Related(starts, dst[order], method[order], score[order])


class Related:
    """What :meth:`PairTable.related` gives: the partners of statement ``n`` are the entries from
    ``starts[n]`` to ``starts[n + 1]``."""

    def __init__(self, starts: np.ndarray, partner: np.ndarray, method: np.ndarray, score: np.ndarray) -> None:
        self.starts, self.partner, self.method, self.score = starts, partner, method, score

    def of(self, n: int) -> list[tuple[int, str, float]]:
        """``(partner, method, score)`` for statement ``n``, best first."""
        lo, hi = int(self.starts[n]), int(self.starts[n + 1])
        if lo == hi:
            return []
        return [(j, METHODS[m], s / SCALE) for j, m, s in zip(self.partner[lo:hi].tolist(),
                                                              self.method[lo:hi].tolist(),
                                                              self.score[lo:hi].tolist(), strict=True)]


def _column(values: array, dtype: Any) -> np.ndarray:
    return np.frombuffer(values, dtype=dtype) if len(values) else np.zeros(0, dtype=dtype)
