"""FollowTheMoney entities for Aleph (optional extra ``claimgraph[ftm]``).

People and organisations named in the reports become ``Person``/``Organization`` entities, one
per name across the corpus; each report is an ``Article``; each entity named in a report is a
``Mention`` of it in that article; each claim with an event type is an ``Event`` (its actors that
are people or organisations as ``involved``, the article as ``proof``); each claim whose origin is
a person or organisation is a ``Note`` on that entity. ``followthemoney`` is imported on first use.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ..errors import Code, ConfigError
from ..model import Article, Entity
from ..reconcile.analysis import Reconciliation
from ..reconcile.origins import origin_key
from ..reconcile.types import CorpusClaim
from .acled import event_date
from .common import ExportView, Reports, origin_or_outlet

DATASET = "claimgraph"
SCHEMAS = {"PERSON": "Person", "ORG": "Organization"}


def ftm_model() -> Any:
    """The FollowTheMoney model, or E021 when the extra is not installed."""
    try:
        from followthemoney import model
    except ImportError as exc:
        raise ConfigError(Code.E021, None, str(exc)) from exc
    return model


class FtmBuilder:
    """Makes FtM entity proxies for one corpus; named entities are merged by name."""

    def __init__(self, corpus: ExportView, model: Any) -> None:
        self.corpus = corpus
        self.model = model
        self.named: dict[str, Any] = {}      # origin_key(name or alias) -> proxy
        self.out: dict[str, Any] = {}        # id -> proxy, in the order made

    def make(self, schema: str, *key: str) -> Any:
        proxy = self.model.make_entity(schema)
        proxy.make_id(DATASET, schema, *key)
        return proxy

    def emit(self, proxy: Any) -> None:
        self.out.setdefault(proxy.id, proxy)

    def entity(self, entity: Entity) -> Any | None:
        """The Person/Organization of an extracted entity (merged with earlier ones of that name)."""
        schema = SCHEMAS.get(entity.type)
        if schema is None:
            return None
        proxy = self.named.get(origin_key(entity.name))
        if proxy is None or proxy.schema.name != schema:
            proxy = self.make(schema, origin_key(entity.name))
            proxy.add("name", entity.name)
            self.emit(proxy)
        proxy.add("alias", [a for a in entity.aliases if a != entity.name])
        if entity.country:
            proxy.add("country", entity.country)
        for name in (entity.name, *entity.aliases):
            self.named.setdefault(origin_key(name), proxy)
        return proxy

    def article(self, document: str, article: Article) -> Any:
        """The Article of one report, and a Mention of each person or organisation it names."""
        doc = article.document
        proxy = self.make("Article", document)
        title = doc.title or f"{doc.outlet or 'Report'}: {document}"
        proxy.add("title", title)
        proxy.add("name", title)
        proxy.add("publishedAt", doc.published.isoformat() if doc.published else None)
        proxy.add("sourceUrl", doc.url)
        proxy.add("publisher", doc.outlet)
        proxy.add("author", doc.author)
        proxy.add("fileName", document)
        self.emit(proxy)
        for entity in article.entities:
            resolved = self.entity(entity)
            if resolved is not None:
                self.mention(proxy, entity, resolved)
        return proxy

    def mention(self, article: Any, entity: Entity, resolved: Any) -> None:
        proxy = self.make("Mention", article.id, resolved.id)
        proxy.add("name", entity.name)
        proxy.add("document", article.id)
        proxy.add("resolved", resolved.id)
        proxy.add("detectedSchema", resolved.schema.name)
        if entity.country:
            proxy.add("contextCountry", entity.country)
        self.emit(proxy)

    def event(self, cc: CorpusClaim, article: Any) -> None:
        """The Event of a claim with an event type."""
        event = cc.claim.event
        if event is None:
            return
        proxy = self.make("Event", cc.key)
        proxy.add("name", f"{event.type}: {cc.claim.text[:120]}")
        proxy.add("description", cc.claim.text)
        day, _, came_from = event_date(cc)
        proxy.add("date", day.isoformat() if day and came_from == "event" else None)
        proxy.add("location", cc.claim.places)
        proxy.add("country", [p.country for p in self.corpus.places_of(cc) if p.country])
        proxy.add("involved", [p.id for p in (self.named.get(origin_key(a)) for a in cc.claim.actors) if p])
        proxy.add("proof", article.id)
        proxy.add("recordId", cc.key)
        proxy.add("publisher", cc.outlet)
        self.emit(proxy)

    def note(self, cc: CorpusClaim, article: Any) -> None:
        """A Note of what a person or organisation said, on that entity."""
        speaker = self.named.get(origin_key(origin_or_outlet(cc).name))
        if speaker is None:
            return
        proxy = self.make("Note", cc.key)
        proxy.add("entity", speaker.id)
        proxy.add("name", cc.claim.text[:120])
        proxy.add("description", f"{cc.claim.text} [{cc.claim.certainty}]")
        proxy.add("publisher", cc.outlet)
        proxy.add("proof", article.id)
        self.emit(proxy)


def ftm_entities(articles: Reports, rec: Reconciliation) -> Iterator[dict[str, Any]]:
    """Every entity as FtM's JSON form (``{"id", "schema", "properties"}``); E021 without the extra."""
    corpus = ExportView.build(articles, rec)
    builder = FtmBuilder(corpus, ftm_model())
    proxies = {doc_id: builder.article(document, article) for doc_id, (document, article) in corpus.reports.items()}
    for cc in corpus.claims:
        article = proxies.get(cc.document_id)
        if article is not None:
            builder.event(cc, article)
            builder.note(cc, article)
    for proxy in builder.out.values():
        yield proxy.to_dict()


def ftm_lines(articles: Reports, rec: Reconciliation) -> Iterator[str]:
    """One JSON line per FtM entity, the form ``ftm`` and Aleph import."""
    for entity in ftm_entities(articles, rec):
        yield json.dumps(entity, ensure_ascii=False)
