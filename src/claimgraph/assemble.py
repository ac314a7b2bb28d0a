"""Turn an annotated ``Doc`` into the public :class:`~claimgraph.model.Article`.

Each quantity and time expression belongs to one claim: the one whose text contains it, else
the first claim of its sentence. A time attached to the cue verb ("said on Monday") is when the
claim was *said*; the others are when the event *happened*.

An article longer than the pipeline's ``max_length`` is read as several Docs, one per chunk of
whole paragraphs (:mod:`claimgraph.api`): :func:`doc_parts` takes what each contributes, with its
character offsets moved to the article's text, and :func:`assemble_parts` joins them (an actor or
place named in several chunks is one entity or place). Claims find their actors, places and
linked sources through an index of mentions by position, not a scan of every mention.
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc

from .model import Article, Claim, Document, Entity, Place, Quantity, Source, TimeExpression
from .nlp.draft import ClaimDraft


def owner_index(doc: Doc, drafts: Sequence[ClaimDraft], span: tuple[int, int]) -> int | None:
    """Index of the claim a quantity or time at ``span`` belongs to (a scan of every claim;
    :class:`Owners` answers the same from an index)."""
    for i, d in enumerate(drafts):
        if d.start <= span[0] and span[1] <= d.end:
            return i
    tok = doc.char_span(span[0], span[1], alignment_mode="expand")
    if tok is None or len(tok) == 0:
        return None
    sent_start = tok[0].sent.start
    same = [i for i, d in enumerate(drafts) if d.sent_start == sent_start]
    overlapping = [i for i in same if drafts[i].start < span[1] and span[0] < drafts[i].end]
    chosen = overlapping or same
    return chosen[0] if chosen else None


class Owners:
    """:func:`owner_index` for many spans: the claims grouped by sentence. A claim lies inside its
    sentence, so a claim that contains a span is one of the claims of the span's sentence; only
    where the span has no token does it fall back to the scan."""

    def __init__(self, doc: Doc, drafts: Sequence[ClaimDraft]) -> None:
        self.doc, self.drafts = doc, drafts
        self.by_sentence: dict[int, list[int]] = {}
        for i, d in enumerate(drafts):
            self.by_sentence.setdefault(d.sent_start, []).append(i)

    def __call__(self, span: tuple[int, int]) -> int | None:
        tok = self.doc.char_span(span[0], span[1], alignment_mode="expand")
        if tok is None or len(tok) == 0:
            return owner_index(self.doc, self.drafts, span)
        same = self.by_sentence.get(tok[0].sent.start, [])
        drafts = self.drafts
        inside = next((i for i in same if drafts[i].start <= span[0] and span[1] <= drafts[i].end), None)
        if inside is not None:
            return inside
        overlapping = [i for i in same if drafts[i].start < span[1] and span[0] < drafts[i].end]
        chosen = overlapping or same
        return chosen[0] if chosen else None


def time_role(doc: Doc, d: ClaimDraft, t: TimeExpression) -> str:
    """'said' when the time modifies the cue verb or sits outside the claim's content."""
    if d.cue_token is None:
        return "event"
    if t.span[0] >= d.start and t.span[1] <= d.end:
        return "event"
    span = doc.char_span(t.span[0], t.span[1], alignment_mode="expand")
    cue = doc[d.cue_token]
    if span is not None and any(tok.head.i == cue.i or tok.i == cue.i for tok in span):
        return "said"
    return "said" if not (d.start <= t.span[0] < d.end) else "event"


def mentions_in(records: Iterable[Any], start: int, end: int) -> list[Any]:
    """Records with a mention inside [start, end)."""
    return [r for r in records if any(start <= s and e <= end for s, e in getattr(r, "mentions", []))]


class Mentions:
    """Entity or place records indexed by where they are mentioned: :func:`mentions_in` and
    :func:`in_order` for a range cost the mentions that start inside it."""

    def __init__(self, records: Sequence[Any]) -> None:
        self.records = records
        found = sorted((s, e, n) for n, r in enumerate(records) for s, e in getattr(r, "mentions", []))
        self.starts = [m[0] for m in found]
        self.found = found

    def _first(self, start: int, end: int) -> dict[int, int]:
        """Record position -> its first mention inside [start, end)."""
        first: dict[int, int] = {}
        for k in range(bisect_left(self.starts, start), bisect_left(self.starts, end)):
            s, e, n = self.found[k]
            if e <= end and n not in first:
                first[n] = s
        return first

    def inside(self, start: int, end: int) -> list[Any]:
        """The records with a mention inside [start, end), in record order (``mentions_in``)."""
        return [self.records[n] for n in sorted(self._first(start, end))]

    def in_order(self, start: int, end: int) -> list[Any]:
        """The records mentioned inside [start, end), in the order of their first mention there."""
        first = self._first(start, end)
        return [self.records[n] for n in sorted(first, key=lambda n: (first[n], n))]


GENERIC_KINDS = {"unknown", "organization", "government", "individual"}


def hop_entities(records: Sequence[Any] | Mentions, hops: list[Source]) -> list[Source]:
    """Canonical ``entity``, joint ``parties``, ``country`` and ``kind`` of each hop, from the
    entity records whose mentions fall inside it (people first, then organisations, then states)."""
    index = records if isinstance(records, Mentions) else Mentions(records)
    return [hop if hop.span is None else link_hop(hop, index.in_order(*hop.span)) for hop in hops]


def in_order(records: Iterable[Any], start: int, end: int) -> list[Any]:
    """Records mentioned inside [start, end), in the order of their first mention there."""
    def first(record: Any) -> int:
        return min(s for s, e in record.mentions if start <= s and e <= end)
    return sorted(mentions_in(records, start, end), key=first)


def link_hop(hop: Source, found: list[Any]) -> Source:
    """One hop linked to the entity records found inside it."""
    by_type: dict[str, list[Any]] = {}
    for record in found:
        by_type.setdefault(record.type, []).append(record)
    ranked = [r for t in ("PERSON", "ORG", "GPE", "NORP") for r in by_type.get(t, [])]
    if not ranked:
        return hop
    best = ranked[0]
    update: dict[str, Any] = {"entity": best.name}
    states = by_type.get("GPE", []) + by_type.get("NORP", [])
    others = states + by_type.get("ORG", [])
    country = getattr(best, "country", None) or next((s.country for s in others if getattr(s, "country", None)), None)
    if not hop.country and country:
        update["country"] = country
    kind = getattr(best, "kind", None)
    if kind and hop.kind in GENERIC_KINDS and best.type == "ORG":
        update["kind"] = kind
    if hop.parties:
        for group in (by_type.get("PERSON", []), states, by_type.get("ORG", [])):
            names = list(dict.fromkeys(r.name for r in group))
            if len(names) >= 2:
                update["parties"] = names
                break
    return hop.model_copy(update=update)


@dataclass
class DocParts:
    """What one Doc contributes to an article, character offsets in the article's text."""

    drafts: list[ClaimDraft]
    quantities: list[list[Quantity]]        # per draft
    times: list[list[TimeExpression]]       # per draft, with their role
    entities: list[Any]                     # entity records (with ``mentions``)
    places: list[Any]                       # place records (with ``mentions``)


def doc_parts(doc: Doc, offset: int = 0) -> DocParts:
    """The claims of a processed Doc with the quantities and times that belong to each, and its
    entity and place records; ``offset``: where the Doc's text starts in the article's text."""
    drafts: list[ClaimDraft] = list(doc._.claims or [])
    owners = Owners(doc, drafts)
    quantities: list[list[Quantity]] = [[] for _ in drafts]
    times: list[list[TimeExpression]] = [[] for _ in drafts]
    for q in doc._.quantities or []:
        i = owners(q.span)
        if i is not None:
            quantities[i].append(q)
    for t in doc._.times or []:
        i = owners(t.span)
        if i is not None:
            times[i].append(t.model_copy(update={"role": time_role(doc, drafts[i], t)}))
    parts = DocParts(drafts, quantities, times, list(doc._.entities or []), list(doc._.places or []))
    return shifted(parts, offset) if offset else parts


def _move(span: tuple[int, int], offset: int) -> tuple[int, int]:
    return span[0] + offset, span[1] + offset


def _moved_record(record: Any, offset: int) -> Any:
    """A copy of an entity or place record with its mentions moved by ``offset``."""
    mentions = getattr(record, "mentions", None)
    if mentions is None or not dataclasses.is_dataclass(record) or isinstance(record, type):
        return record
    return dataclasses.replace(record, mentions=[_move(m, offset) for m in mentions])


def _moved_hop(hop: Source, offset: int) -> Source:
    return hop if hop.span is None else hop.model_copy(update={"span": _move(hop.span, offset)})


def shifted(parts: DocParts, offset: int) -> DocParts:
    """``parts`` with every character offset moved by ``offset`` (token indices stay the Doc's)."""
    drafts = [dataclasses.replace(d, start=d.start + offset, end=d.end + offset,
                                  sources=[_moved_hop(h, offset) for h in d.sources]) for d in parts.drafts]
    return DocParts(
        drafts=drafts,
        quantities=[[q.model_copy(update={"span": _move(q.span, offset)}) for q in qs] for qs in parts.quantities],
        times=[[t.model_copy(update={"span": _move(t.span, offset)}) for t in ts] for ts in parts.times],
        entities=[_moved_record(r, offset) for r in parts.entities],
        places=[_moved_record(r, offset) for r in parts.places],
    )


def merge_records(groups: Sequence[Sequence[Any]]) -> list[Any]:
    """The entity (or place) records of several chunks as one list: records with the same ``key``
    become one, with every mention and alias (for a person the longest name, as within one Doc; a
    chunk's other name for it becomes an alias). The first chunk's records keep their order, each
    later chunk adds the ones it names first."""
    if len(groups) == 1:
        return list(groups[0])
    merged: dict[Any, Any] = {}
    for group in groups:
        for record in group:
            key = getattr(record, "key", None) or id(record)
            known = merged.get(key)
            if known is None:
                merged[key] = _copy_record(record)
            else:
                _absorb(known, record)
    records = list(merged.values())
    for record in records:
        if hasattr(record, "aliases"):
            record.aliases = [a for a in dict.fromkeys(record.aliases) if a != record.name]
    return records


def _copy_record(record: Any) -> Any:
    if not dataclasses.is_dataclass(record) or isinstance(record, type):
        return record
    update: dict[str, Any] = {"mentions": list(getattr(record, "mentions", []))}
    if hasattr(record, "aliases"):
        update["aliases"] = list(record.aliases)
    return dataclasses.replace(record, **update)


def _absorb(known: Any, record: Any) -> None:
    """Fold a later chunk's record into the one kept for its key."""
    if not hasattr(known, "mentions"):
        return
    seen = set(known.mentions)
    known.mentions.extend(m for m in record.mentions if m not in seen)
    if not hasattr(known, "aliases"):
        return
    names = [record.name]
    if getattr(known, "type", None) == "PERSON" and len(record.name) > len(known.name):
        names = [known.name]
        known.name = record.name
    known.aliases.extend([*names, *record.aliases])


def assemble(doc: Doc, document: Document, versions: dict[str, str], text: str | None = None) -> Article:
    """Build the Article from the components' outputs (``text``: the original article text
    when the Doc was built from a masked copy of it)."""
    text = doc.text if text is None else text
    return assemble_parts([doc_parts(doc)], document, versions, text)


def assemble_parts(parts: Sequence[DocParts], document: Document, versions: dict[str, str], text: str) -> Article:
    """Build the Article from the parts of one or more Docs (in text order, offsets in ``text``)."""
    drafts = [d for p in parts for d in p.drafts]
    quantities = [qs for p in parts for qs in p.quantities]
    times = [ts for p in parts for ts in p.times]
    ent_records = merge_records([p.entities for p in parts])
    place_records = merge_records([p.places for p in parts])
    ent_index, place_index = Mentions(ent_records), Mentions(place_records)
    claims = [build_claim(n, d, text, quantities[n], times[n], ent_index, place_index)
              for n, d in enumerate(drafts)]
    entities = [to_entity(r) for r in ent_records]
    places = [to_place(r) for r in place_records]
    return Article(pipeline=versions, document=document, text=text, claims=claims,
                   entities=entities, places=places)


def build_claim(n: int, d: ClaimDraft, text: str, quantities: list[Quantity], times: list[TimeExpression],
                ent_records: Sequence[Any] | Mentions, place_records: Sequence[Any] | Mentions) -> Claim:
    """One public claim from a draft and what belongs to it."""
    ents = ent_records if isinstance(ent_records, Mentions) else Mentions(ent_records)
    places_at = place_records if isinstance(place_records, Mentions) else Mentions(place_records)
    actors = [r.name for r in ents.inside(d.start, d.end)]
    places = [to_place(r).name for r in places_at.inside(d.start, d.end)]
    return Claim(
        id=f"c{n + 1:02d}", text=text[d.start:d.end], span=(d.start, d.end), cue=d.cue, quote=d.quote,  # type: ignore[arg-type]
        sources=hop_entities(ents, d.sources), certainty=d.certainty,  # type: ignore[arg-type]
        quantities=quantities, times=times, actors=list(dict.fromkeys(actors)),
        places=list(dict.fromkeys(places)), event=d.event, background=d.background,
    )


def to_entity(record: Any) -> Entity:
    """The public entity for an entity record."""
    if isinstance(record, Entity):
        return record
    return Entity(name=record.name, type=record.type, aliases=list(record.aliases), country=record.country)


def to_place(record: Any) -> Place:
    """The public place for a place record (or a Place already)."""
    return record if isinstance(record, Place) else record.place
