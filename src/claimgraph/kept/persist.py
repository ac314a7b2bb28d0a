"""Reconciliation kept in the store: compute it from a consistent read of the store, write the
results in one transaction, and know whether what is kept is current.

The in-memory :func:`claimgraph.reconcile.analysis.reconcile` stays the engine; this layer only
reads its input from the store (one pass, see :mod:`claimgraph.store.load`) and writes its output
(:mod:`claimgraph.kept.results`). The kept results are current while the store's generation (see
:mod:`claimgraph.store.state`) is the one they were computed at and the reconciliation code and
lexicon are the same (:func:`fingerprint`). A reconciliation killed half-way leaves the previous
results and state as they were: the write is one transaction.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..reconcile.analysis import Reconciliation, reconcile
from ..reconcile.decisions import decided_claims
from ..reconcile.lexicon import reconcile_lexicon

if TYPE_CHECKING:
    from ..store import Store
    from ..store.load import CorpusInput

AUTO_RECONCILE_CLAIMS = 10_000      # a stale corpus up to this size is reconciled on the fly (seconds)


@dataclass(frozen=True)
class Computed:
    """A reconciliation with what it was computed from."""

    rec: Reconciliation
    data: CorpusInput
    aliases: dict[str, str]
    generation: int
    load_s: float
    compute_s: float


@dataclass(frozen=True)
class Run:
    """What one ``reconcile_store`` did."""

    generation: int
    claims: int
    echoes: int
    series: int
    contradictions: int
    load_s: float
    compute_s: float
    write_s: float

    def as_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """A hash of the code that shapes the kept results (the engine, ``reconcile/``, and this package,
    ``kept/``, incremental runs and the writers included) and of the lexicon: results computed by
    other code or another lexicon are not current (computed once per process)."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]
    for path in fingerprinted():
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    lexicon = _canonical(dataclasses.asdict(reconcile_lexicon()))
    digest.update(json.dumps(lexicon, sort_keys=True, default=str).encode())
    return digest.hexdigest()


def fingerprinted() -> list[Path]:
    """The modules whose code shapes the kept results: every module of the engine and of this package."""
    package = Path(__file__).resolve().parents[1]
    return sorted([*package.glob("reconcile/**/*.py"), *package.glob("kept/**/*.py")])


def _canonical(value: Any) -> Any:
    """Sets sorted, so the hash does not depend on the interpreter's string hashing."""
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted((_canonical(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True, default=str))
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    return value


def compute(store: Store) -> Computed:
    """Reconcile the store as one consistent read sees it (the user's entity decisions applied)."""
    from ..store import curation, load, state

    t0 = time.perf_counter()
    with store.snapshot() as conn:
        generation = state.read_state(conn).generation
        data = load.corpus_input(conn)
        decisions = curation.decisions(conn)
    t1 = time.perf_counter()
    claims, aliases = decided_claims(data.claims, data.articles(), decisions)
    rec = reconcile(claims, aliases=aliases)
    return Computed(rec, data, aliases, generation, t1 - t0, time.perf_counter() - t1)


def save(store: Store, done: Computed) -> float:
    """Write a computed reconciliation into the store, replacing the kept one (one transaction);
    returns the seconds it took."""
    from ..store import state
    from ..store.engine import writing
    from . import results

    t0 = time.perf_counter()
    with writing(store.engine) as conn:
        state.lock(conn)
        results.write(conn, done.rec, done.data.claims, done.aliases)
        state.mark(conn, done.generation, fingerprint(), len(done.rec.claims), done.load_s + done.compute_s)
    return time.perf_counter() - t0


def reconcile_store(store: Store) -> tuple[Run, Reconciliation]:
    """Reconcile the store and keep the results in it."""
    done = compute(store)
    write_s = save(store, done)
    rec = done.rec
    run = Run(done.generation, len(rec.claims), len(rec.echoes), len(rec.series), len(rec.contradictions),
              round(done.load_s, 3), round(done.compute_s, 3), round(write_s, 3))
    return run, rec
