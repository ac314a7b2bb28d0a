"""Before reconciling: one name per actor across the corpus, and relays followed to the origin.

Entity aliases come from the articles' entity lists ("NIS", "Lee", "Zelenskyy" → the canonical
names). Within one report, a speaker who relays an origin ("lawmakers, citing an NIS briefing")
relays it for the rest of that report too: a later "Lee said ..." gets the origin as an inferred
last hop, marked as such in its ``via``.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from ..model import Article, Source
from .lexicon import ReconcileLexicon, reconcile_lexicon
from .origins import origin_key
from .types import CorpusClaim

INFERRED = "(inferred: relayed earlier in this report)"
SPEAKS_FOR = "(inferred: speaks for the organisation)"
OWNER = r"(?:the\s+)?(?P<owner>[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*)*?)"


def alias_map(articles: Iterable[Article]) -> dict[str, str]:
    """Alias key → canonical entity name, over every article (first naming wins)."""
    out: dict[str, str] = {}
    for article in articles:
        for entity in article.entities:
            for alias in [entity.name, *entity.aliases]:
                out.setdefault(origin_key(alias), entity.name)
    return out


def spokesperson_for(hop: Source, roles: tuple[str, ...]) -> str | None:
    """The organisation a spokesperson hop speaks for: 'Pentagon spokeswoman Sabrina Singh',
    'a spokesman for the Foreign Ministry' (a capitalised name before or after the role)."""
    if not roles:
        return None
    role = "|".join(re.escape(r) for r in roles)
    before = re.match(rf"^{OWNER}(?:['’]s)?\s+(?:chief\s+|deputy\s+|senior\s+)?(?:{role})\b", hop.text)
    after = re.search(rf"\b(?:{role})\s+(?:for|of)\s+{OWNER.replace('*?', '*')}", hop.text)
    match = before or after
    return match["owner"] if match else None


def speaking_for(hops: list[Source], aliases: dict[str, str], lex: ReconcileLexicon) -> list[Source]:
    """A chain ending at a spokesperson gets the organisation they speak for as its origin."""
    owner = spokesperson_for(hops[-1], lex.speaker_roles) if hops else None
    if owner is None:
        return hops
    name = aliases.get(origin_key(owner), owner)
    return [*hops, Source(text=owner, entity=name, kind=hops[-1].kind, country=hops[-1].country, via=SPEAKS_FOR)]


def canonical_hop(hop: Source, aliases: dict[str, str]) -> Source:
    """The hop with its entity set to the canonical name, where an alias says so."""
    name = aliases.get(origin_key(hop.entity or hop.text))
    return hop.model_copy(update={"entity": name}) if name and name != hop.entity else hop


def relays(claims: list[CorpusClaim], descriptors: frozenset[str] = frozenset()) -> dict[int, dict[str, Source]]:
    """Per report: speaker key → the origin hop that speaker relayed in that report. A relaying
    hop is known by its name, its parties, and the descriptor nouns in its text ('lawmakers Lee
    and Park' → 'lawmakers', so that a later 'the lawmakers' relays the same origin)."""
    out: dict[int, dict[str, Source]] = defaultdict(dict)
    for cc in claims:
        hops = cc.claim.sources
        for hop in hops[:-1]:
            words = {w.strip(",.") for w in hop.text.lower().split()} & descriptors
            for key in [origin_key(hop.entity or hop.text), *map(origin_key, hop.parties), *sorted(words)]:
                out[cc.document_id].setdefault(key, hops[-1])
    return out


def countries(claims: list[CorpusClaim]) -> dict[str, str]:
    """Each speaker's country, where any report states it (the most frequent one)."""
    seen: dict[str, Counter[str]] = defaultdict(Counter)
    for cc in claims:
        for hop in cc.claim.sources:
            if hop.country:
                seen[origin_key(hop.entity or hop.text)][hop.country] += 1
    return {key: counts.most_common(1)[0][0] for key, counts in seen.items()}


def with_country(hop: Source, known: dict[str, str]) -> Source:
    """The hop with its speaker's country filled in from other reports."""
    if hop.country:
        return hop
    country = known.get(origin_key(hop.entity or hop.text))
    return hop.model_copy(update={"country": country}) if country else hop


def canonicalize(claims: Sequence[CorpusClaim], aliases: dict[str, str] | None = None,
                 lex: ReconcileLexicon | None = None, context: Sequence[CorpusClaim] = ()) -> list[CorpusClaim]:
    """Claims with canonical hop entities, countries shared across reports, and relays followed to
    their origin (``context``: claims already canonical whose speakers' countries count too, e.g. the
    kept claims an incremental reconciliation reads beside new ones)."""
    aliases = aliases or {}
    lex = lex or reconcile_lexicon()
    named = [with_sources(cc, speaking_for([canonical_hop(h, aliases) for h in cc.claim.sources], aliases, lex))
             for cc in claims]
    known = countries([*context, *named])
    named = [with_sources(cc, [with_country(h, known) for h in cc.claim.sources]) for cc in named]
    relayed = relays(named, lex.relay_descriptors)
    out = []
    for cc in named:
        hops = cc.claim.sources
        if hops:
            origin = relayed[cc.document_id].get(origin_key(hops[-1].entity or hops[-1].text))
            if origin is not None:
                hops = [*hops, origin.model_copy(update={"via": INFERRED, "span": None})]
        out.append(with_sources(cc, hops))
    return out


def with_sources(cc: CorpusClaim, hops: list[Source]) -> CorpusClaim:
    """A copy of the corpus claim with another chain."""
    if hops == cc.claim.sources:
        return cc
    return dataclasses.replace(cc, claim=cc.claim.model_copy(update={"sources": hops}))
