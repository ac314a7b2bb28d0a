"""Turn an annotated ``Doc`` into the public :class:`~claimgraph.model.Article`.

Each quantity and time expression belongs to one claim: the one whose text contains it, else
the first claim of its sentence. A time attached to the cue verb ("said on Monday") is when the
claim was *said*; the others are when the event *happened*.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from spacy.tokens import Doc

from .model import Article, Claim, Document, Entity, Place, Quantity, Source, TimeExpression
from .nlp.attribution import ClaimDraft


def owner_index(doc: Doc, drafts: Sequence[ClaimDraft], span: tuple[int, int]) -> int | None:
    """Index of the claim a quantity or time at ``span`` belongs to."""
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


GENERIC_KINDS = {"unknown", "organization", "government", "individual"}


def hop_entities(records: Sequence[Any], hops: list[Source]) -> list[Source]:
    """Canonical ``entity``, joint ``parties``, ``country`` and ``kind`` of each hop, from the
    entity records whose mentions fall inside it (people first, then organisations, then states)."""
    return [hop if hop.span is None else link_hop(hop, in_order(records, *hop.span)) for hop in hops]


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


def assemble(doc: Doc, document: Document, versions: dict[str, str], text: str | None = None) -> Article:
    """Build the Article from the components' outputs (``text``: the original article text
    when the Doc was built from a masked copy of it)."""
    text = doc.text if text is None else text
    drafts: list[ClaimDraft] = list(doc._.claims or [])
    ent_records = list(doc._.entities or [])
    place_records = list(doc._.places or [])
    quantities: list[list[Quantity]] = [[] for _ in drafts]
    times: list[list[TimeExpression]] = [[] for _ in drafts]
    for q in doc._.quantities or []:
        i = owner_index(doc, drafts, q.span)
        if i is not None:
            quantities[i].append(q)
    for t in doc._.times or []:
        i = owner_index(doc, drafts, t.span)
        if i is not None:
            times[i].append(t.model_copy(update={"role": time_role(doc, drafts[i], t)}))
    claims = [build_claim(n, d, text, quantities[n], times[n], ent_records, place_records)
              for n, d in enumerate(drafts)]
    entities = [to_entity(r) for r in ent_records]
    places = [to_place(r) for r in place_records]
    return Article(pipeline=versions, document=document, text=text, claims=claims,
                   entities=entities, places=places)


def build_claim(n: int, d: ClaimDraft, text: str, quantities: list[Quantity], times: list[TimeExpression],
                ent_records: Sequence[Any], place_records: Sequence[Any]) -> Claim:
    """One public claim from a draft and what belongs to it."""
    actors = [r.name for r in mentions_in(ent_records, d.start, d.end)]
    places = [to_place(r).name for r in mentions_in(place_records, d.start, d.end)]
    return Claim(
        id=f"c{n + 1:02d}", text=text[d.start:d.end], span=(d.start, d.end), cue=d.cue, quote=d.quote,  # type: ignore[arg-type]
        sources=hop_entities(ent_records, d.sources), certainty=d.certainty,  # type: ignore[arg-type]
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
