"""What an incremental reconciliation reads: the new reports' claims, canonicalized the way a full
reconciliation would, and the kept claims published around them (the window), with the chains
reconciliation gave them.

The window reaches as far as any rule of reconciliation looks: ``proposition_window_days``,
``echo_horizon_days`` and the denial window, whichever is longest, before the first new report and
after the last.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Connection, and_, or_, select

from ...model import Source
from ...reconcile.canonical import canonicalize, with_sources
from ...reconcile.contradictions import DENIAL_WINDOW_DAYS
from ...reconcile.decisions import decided_claims
from ...reconcile.lexicon import ReconcileLexicon
from ...reconcile.types import CorpusClaim
from ...store import curation, load
from ...store import schema as s
from .plan import Plan


@dataclass
class Window:
    """The new claims and the kept claims they may meet."""

    new: list[CorpusClaim]
    context: list[CorpusClaim]
    aliases: dict[str, str]             # the kept alias map with the new reports' names added
    added_aliases: dict[str, str]       # what the new reports added to it
    stored: dict[str, CorpusClaim]      # each new claim as the store holds it (before canonical names)

    @property
    def claims(self) -> list[CorpusClaim]:
        """Context and new claims in corpus order (publication date, report)."""
        return sorted([*self.context, *self.new], key=_corpus_order)


def reach_days(lex: ReconcileLexicon) -> int:
    """How far apart in publication two claims reconciliation relates can be."""
    return max(lex.proposition_window_days or 0, lex.echo_horizon_days, DENIAL_WINDOW_DAYS) + lex.undated_window_days


def read_window(conn: Connection, todo: Plan, lex: ReconcileLexicon) -> Window:
    """Read the new claims and their window in the caller's (consistent) read."""
    d = s.document
    fresh = load.corpus_input(conn, d.c.id.in_(todo.documents) if todo.documents else d.c.id < 0)
    claims, aliases_before = decided_claims(fresh.claims, fresh.articles(), curation.decisions(conn))
    kept = dict(conn.execute(select(s.reconcile_alias.c.alias_key, s.reconcile_alias.c.name)).all())
    added = {k: v for k, v in aliases_before.items() if k not in kept}
    aliases = {**added, **kept}
    around = _around(todo, reach_days(lex))
    context = [cc for cc in load.corpus_input(conn, around).claims if cc.document_id not in set(todo.documents)]
    context = with_kept_chains(conn, context, around)
    new = canonicalize(claims, aliases, lex, context)
    return Window(new, context, aliases, added, {cc.key: cc for cc in fresh.claims})


def _around(todo: Plan, days: int) -> ColumnElement[bool]:
    """The reports published within ``days`` of the new ones (and the undated ones, where a new
    report is undated: undated claims meet only each other)."""
    d = s.document
    if todo.first is None or todo.last is None:
        return d.c.published.is_(None)
    reach = dt.timedelta(days=days)
    dated = and_(d.c.published >= todo.first - reach, d.c.published <= todo.last + reach)
    return or_(dated, d.c.published.is_(None))


def with_kept_chains(conn: Connection, claims: list[CorpusClaim], around: ColumnElement[bool]) -> list[CorpusClaim]:
    """The claims with the chains the kept reconciliation gave them (canonical names, inferred relays)."""
    r, c, d = s.reconcile_claim, s.claim, s.document
    query = (select(r.c.claim_id, r.c.sources).join(c, c.c.id == r.c.claim_id).join(d, d.c.id == c.c.document_id)
             .where(around, r.c.sources.is_not(None)))
    chains = {f"C{row.claim_id}": row.sources for row in conn.execute(query)}
    out = []
    for cc in claims:
        chain = chains.get(cc.key)
        out.append(cc if chain is None else with_sources(cc, [Source.model_validate(h) for h in json.loads(chain)]))
    return out


def _corpus_order(cc: CorpusClaim) -> tuple[bool, dt.date, int, int]:
    return cc.published is None, cc.published or dt.date.min, cc.document_id, cc.claim.span[0]
