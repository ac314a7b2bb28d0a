"""STIX 2.1 bundle built with the ``stix2`` library (every object is validated as it is made).

A claim is a ``note`` (content: the claim, authors: the speaker chain, abstract: its certainty)
``attributed-to`` the identity of its origin and ``reported-by`` the outlet's identity; a ``report``
per article refers to its notes; each place is a ``location``; an ``opinion`` per claim carries
the Admiralty credibility as STIX ``confidence`` (``stix2.confidence.scales``); contradictions
are ``related-to`` relationships with the reason. Source reliability (A–F) sits on each identity
in a property extension declared by an ``extension-definition``. Identifiers are UUIDv5 of stable
keys, so exporting the same corpus twice gives the same ids.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Mapping
from typing import Any

import stix2
from stix2.confidence.scales import admiralty_credibility_to_value

from ..model import Article, Place
from ..reconcile.analysis import Reconciliation
from ..reconcile.origins import Origin, origin_key
from ..reconcile.types import CorpusClaim
from .common import ExportView, Reports, origin_or_outlet, place_key, speakers

NAMESPACE = uuid.UUID("6f1d3c52-7a0e-5b8e-9c41-2f4a8d1e0b37")
ADMIRALTY = {1: "1 - Confirmed by other sources", 2: "2 - Probably True", 3: "3 - Possibly True",
             4: "4 - Doubtful", 5: "5 - Improbable", 6: "6 - Truth cannot be judged"}
OPINION = {1: "strongly-agree", 2: "agree", 3: "neutral", 4: "disagree", 5: "strongly-disagree", 6: "neutral"}
CERTAINTY = {"CT+": "certain", "PR+": "probable", "PS+": "possible", "CT-": "certainly not",
             "PR-": "probably not", "PS-": "possibly not", "Uu": "uncommitted"}
RELIABILITY = {"A": "completely reliable", "B": "usually reliable", "C": "fairly reliable",
               "D": "not usually reliable", "E": "unreliable", "F": "reliability cannot be judged"}
INDIVIDUAL_KINDS = ("individual", "legislator")
EXTENSION_SCHEMA = json.dumps({
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "claimgraph source reliability (Admiralty code)",
    "type": "object",
    "properties": {"extension_type": {"const": "property-extension"},
                   "reliability": {"enum": list(RELIABILITY)}, "reliability_label": {"type": "string"},
                   "source_kind": {"type": "string"}},
    "required": ["extension_type", "reliability"],
})


def stix_id(kind: str, key: str) -> str:
    """A deterministic STIX identifier."""
    return f"{kind}--{uuid.uuid5(NAMESPACE, f'{kind}:{key}')}"


def day_time(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC)


class StixBuilder:
    """Collects the STIX objects of one corpus, each made once."""

    def __init__(self, corpus: ExportView, now: dt.datetime, reliability: Mapping[str, str]) -> None:
        self.corpus = corpus
        self.times = {"created": now, "modified": now}
        self.reliability = {origin_key(k): v.upper() for k, v in reliability.items()}
        self.objects: dict[str, Any] = {}
        self.persons = person_names(corpus)
        self.system = self.add(stix2.Identity(id=stix_id("identity", "system:claimgraph"), name="claimgraph",
                                              identity_class="system", **self.times))
        self.extension = self.add(stix2.ExtensionDefinition(
            id=stix_id("extension-definition", "source-reliability"), created_by_ref=self.system,
            name="claimgraph source reliability", version="1.0.0", schema=EXTENSION_SCHEMA,
            description="Admiralty source reliability A-F of a news source, set by the analyst "
                        "(F: cannot be judged, the default).",
            extension_types=["property-extension"], **self.times))

    def add(self, obj: Any) -> str:
        self.objects.setdefault(obj.id, obj)
        return str(obj.id)

    def common(self) -> dict[str, Any]:
        return {"created_by_ref": self.system, **self.times}

    def identity(self, name: str, kind: str, anonymous: bool = False) -> str:
        """The identity of a source or outlet (one per name across the corpus)."""
        key = origin_key(name)
        ident = stix_id("identity", key)
        if ident in self.objects:
            return ident
        grade = self.reliability.get(key, "F")
        extension = {"extension_type": "property-extension", "reliability": grade,
                     "reliability_label": RELIABILITY.get(grade, RELIABILITY["F"]), "source_kind": kind}
        return self.add(stix2.Identity(id=ident, name=name, identity_class=self.identity_class(key, kind, anonymous),
                                       extensions={self.extension: extension}, **self.common()))

    def identity_class(self, key: str, kind: str, anonymous: bool) -> str:
        if key in self.persons or kind in INDIVIDUAL_KINDS:
            return "individual"
        return "unspecified" if anonymous else "organization"

    def origin(self, origin: Origin) -> str:
        return self.identity(origin.name, origin.kind, origin.anonymous)

    def outlet(self, cc: CorpusClaim) -> str:
        return self.identity(cc.outlet or cc.document, "media")

    def location(self, place: Place) -> str | None:
        """A location for a place with coordinates or a country (None for neither)."""
        ident = stix_id("location", "|".join(place_key(place)))
        if ident in self.objects:
            return ident
        where: dict[str, Any] = {"country": place.country} if place.country else {}
        if place.lat is not None and place.lon is not None:
            where.update(latitude=place.lat, longitude=place.lon)
        if not where:
            return None
        return self.add(stix2.Location(id=ident, name=place.name, **where, **self.common()))

    def note(self, cc: CorpusClaim) -> str:
        """The note of one claim, with its relationships and the analyst's opinion."""
        origin = origin_or_outlet(cc)
        source, outlet = self.origin(origin), self.outlet(cc)
        places = [x for x in (self.location(p) for p in self.corpus.places_of(cc)) if x]
        grade = self.corpus.rec.grades.get(cc.key)
        credibility = grade.credibility if grade else 6
        claim = cc.claim
        note = self.add(stix2.Note(
            id=stix_id("note", cc.key), content=claim.text, authors=speakers(cc),
            abstract=f"{claim.certainty} ({CERTAINTY.get(claim.certainty, 'unknown')})",
            object_refs=[stix_id("report", cc.document), source, *places],
            external_references=[claim_reference(cc)], **confidence(credibility), **self.common()))
        self.relate(note, "attributed-to", source)
        if outlet != source:
            self.relate(note, "reported-by", outlet)
        self.add(stix2.Opinion(
            id=stix_id("opinion", cc.key), opinion=OPINION[credibility], object_refs=[note], authors=["claimgraph"],
            explanation=f"Admiralty credibility {credibility}: {grade.reason if grade else 'not graded'}",
            **confidence(credibility), **self.common()))
        return note

    def relate(self, source: str, kind: str, target: str, description: str | None = None) -> str:
        extra = {"description": description} if description else {}
        return self.add(stix2.Relationship(
            id=stix_id("relationship", f"{source}|{kind}|{target}"), source_ref=source, relationship_type=kind,
            target_ref=target, **extra, **self.common()))

    def report(self, document: str, article: Article, notes: list[str]) -> str:
        """The report of one article, referring to its notes, outlet and places."""
        doc = article.document
        outlet = self.identity(doc.outlet or document, "media")
        places = [x for x in (self.location(p) for p in article.places) if x]
        published = day_time(doc.published) if doc.published else self.times["created"]
        reference: dict[str, Any] = {"source_name": doc.outlet or "report", "description": document}
        if doc.url:
            reference["url"] = doc.url
        if doc.sha256:
            reference["hashes"] = {"SHA-256": doc.sha256}
        return self.add(stix2.Report(
            id=stix_id("report", document), name=doc.title or f"{doc.outlet or 'Report'}: {document}",
            published=published, object_refs=list(dict.fromkeys([*notes, outlet, *places])),
            description=None if doc.published else "publication date unknown",
            external_references=[reference], **self.common()))


def claim_reference(cc: CorpusClaim) -> dict[str, str]:
    start, end = cc.claim.span
    return {"source_name": "claimgraph", "external_id": cc.key,
            "description": f"{cc.document}, characters {start}-{end}"}


def confidence(credibility: int) -> dict[str, int]:
    """STIX confidence for an Admiralty credibility (none for 6, 'cannot be judged')."""
    if credibility == 6:
        return {}
    return {"confidence": int(admiralty_credibility_to_value(ADMIRALTY[credibility]))}


def person_names(corpus: ExportView) -> set[str]:
    """Origin keys of every name the reports tag as a person."""
    names: set[str] = set()
    for _, article in corpus.reports.values():
        for entity in article.entities:
            if entity.type == "PERSON":
                names.update(origin_key(n) for n in (entity.name, *entity.aliases))
    return names


def stix_bundle(articles: Reports, rec: Reconciliation, *, reliability: Mapping[str, str] | None = None,
                now: dt.datetime | None = None) -> stix2.Bundle:
    """A validated STIX 2.1 bundle of the corpus.

    ``reliability`` maps source names to Admiralty reliability A–F (F, cannot be judged, by default);
    ``now`` sets the objects' created/modified time (the current time by default).
    """
    corpus = ExportView.build(articles, rec)
    builder = StixBuilder(corpus, now or dt.datetime.now(dt.UTC), reliability or {})
    notes: dict[str, list[str]] = {}
    for cc in corpus.claims:
        notes.setdefault(cc.document, []).append(builder.note(cc))
    for document, article in corpus.reports.values():
        builder.report(document, article, notes.get(document, []))
    for c in rec.contradictions:
        builder.relate(stix_id("note", c.a.key), "related-to", stix_id("note", c.b.key),
                       f"contradiction ({c.kind}): {c.reason}")
    key = ",".join(sorted(document for document, _ in corpus.reports.values()))
    return stix2.Bundle(id=stix_id("bundle", key), objects=list(builder.objects.values()))


def stix_dict(articles: Reports, rec: Reconciliation, *, reliability: Mapping[str, str] | None = None,
              now: dt.datetime | None = None) -> dict[str, Any]:
    """The bundle as JSON-ready data."""
    bundle = stix_bundle(articles, rec, reliability=reliability, now=now)
    data: dict[str, Any] = json.loads(bundle.serialize())
    return data


def stix_text(articles: Reports, rec: Reconciliation, *, reliability: Mapping[str, str] | None = None) -> str:
    """The bundle as indented JSON (stix2's own pretty printer sorts every object and is hundreds
    of times slower than serialising compactly and indenting with json)."""
    return json.dumps(stix_dict(articles, rec, reliability=reliability), indent=2, ensure_ascii=False)
