"""What every exporter needs: the reports by id, each claim's place records, echo group and
contradictions, and the origin of each claim."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from ..model import Article, Place
from ..reconcile.analysis import Reconciliation
from ..reconcile.measures import outlet_origin
from ..reconcile.origins import EchoGroup, Origin, origin_of
from ..reconcile.types import CorpusClaim

Reports = list[tuple[int, str, Article]]


@dataclass
class ExportView:
    """Reports and reconciliation, indexed for export."""

    reports: dict[int, tuple[str, Article]]
    rec: Reconciliation
    echo_of: dict[str, EchoGroup] = field(default_factory=dict)
    contradicted: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, articles: Reports, rec: Reconciliation) -> ExportView:
        """Index the reports and the reconciliation results by claim key."""
        corpus = cls({doc_id: (origin, article) for doc_id, origin, article in articles}, rec)
        for group in rec.echoes:
            corpus.echo_of.update((cc.key, group) for cc in group.claims)
        against: dict[str, list[str]] = defaultdict(list)
        for c in rec.contradictions:
            against[c.a.key].append(c.b.key)
            against[c.b.key].append(c.a.key)
        corpus.contradicted = dict(against)
        return corpus

    @property
    def claims(self) -> list[CorpusClaim]:
        return self.rec.claims

    def article(self, doc_id: int) -> Article | None:
        entry = self.reports.get(doc_id)
        return entry[1] if entry else None

    def places_of(self, cc: CorpusClaim) -> list[Place]:
        """The place records of a claim's places (a named place without a record is left out)."""
        article = self.article(cc.document_id)
        if article is None:
            return []
        found = [place_named(article.places, name) for name in cc.claim.places]
        return [p for p in found if p is not None]


def place_named(places: list[Place], name: str) -> Place | None:
    """The record for a place name, preferring one with coordinates and a GeoNames id."""
    matches = [p for p in places if p.name == name]
    matches.sort(key=lambda p: (p.lat is None or p.lon is None, p.geonames_id is None))
    return matches[0] if matches else None


def origin_or_outlet(cc: CorpusClaim) -> Origin:
    """The claim's origin, or the outlet itself for the outlet's own statements."""
    return origin_of(cc) or outlet_origin(cc)


def speakers(cc: CorpusClaim) -> list[str]:
    """The names along the claim's chain, nearest the reporter first (the outlet when none)."""
    names = [hop.entity or hop.text for hop in cc.claim.sources]
    return names or [cc.outlet or cc.document]


def iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def place_key(place: Place) -> tuple[str, str]:
    """One place across reports: its name (case-folded) and country."""
    return place.name.casefold(), place.country or ""
