"""Claims: a filtered, sorted, paginated listing; one claim; a claim's trace."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query

from ...model.corpus import ClaimFilter
from ..workbench import ClaimQuery
from . import Bench, FastJSON, Limit, Offset, answer

router = APIRouter(prefix="/api/claims", tags=["claims"])

Certainty = Literal["CT+", "PR+", "PS+", "CT-", "PR-", "PS-", "Uu"]
Sort = Literal["published", "-published", "key", "-key", "certainty"]  # the keys of store.browse.SORTS
Text = Annotated[str | None, Query(max_length=200)]
Key = Annotated[str, Path(max_length=40, description="A claim key such as C12.")]


@router.get("", summary="List claims")
def list_claims(
    bench: Bench,
    q: Annotated[str | None, Query(max_length=200, description="Words that must all occur (full-text).")] = None,
    entity: Annotated[str | None, Query(max_length=200, description="An actor or source, by name or alias.")]
    = None,
    source: Annotated[str | None, Query(max_length=200, description="A hop of the chain: name, alias or words.")]
    = None,
    origin: Annotated[str | None, Query(max_length=200, description="The origin (last hop), as /api/sources "
                                                                   "names it.")] = None,
    measure: Annotated[str | None, Query(max_length=100, description="An estimate measure, e.g. "
                                                                     "'troops deployed'.")] = None,
    place: Text = None,
    certainty: Annotated[list[Certainty], Query(description="FactBank values (any of).")] = [],  # noqa: B006
    credibility: Annotated[list[Annotated[int, Query(ge=1, le=6)]], Query(
        description="Admiralty credibility 1–6 (any of).")] = [],  # noqa: B006
    since: Annotated[dt.date | None, Query(description="Reports published on or after.")] = None,
    until: Annotated[dt.date | None, Query(description="Reports published on or before.")] = None,
    document: Annotated[int | None, Query(ge=1, le=2**62, description="Only this report version.")] = None,
    sort: Sort = "published",
    limit: Limit = 50,
    offset: Offset = 0,
    annotate: Annotated[bool, Query(description="Add origin, credibility and echoes (needs the corpus "
                                                "reconciled).")] = True,
) -> FastJSON:
    """Claims of the latest report versions (or of one ``document``), every filter given must hold."""
    flt = ClaimFilter(entity=entity, source=source, place=place, certainty=tuple(sorted(set(certainty))),
                      since=since, until=until, query=q, document_id=document)
    query = ClaimQuery(flt, origin=origin, measure=measure, credibility=tuple(sorted(set(credibility))),
                       sort=sort, limit=limit, offset=offset)
    page, notice = bench.claims(query, annotate=annotate)
    body = page.as_json(limit, offset)
    return answer({**body, "notice": notice} if notice else body)


@router.get("/{key}", summary="One claim")
def get_claim(bench: Bench, key: Key) -> FastJSON:
    """A claim by key (any report version), with its origin, credibility, echoes and opposing claims."""
    return answer(bench.claim(key))


@router.get("/{key}/trace", summary="A claim's trace")
def get_trace(bench: Bench, key: Key) -> FastJSON:
    """The chain from outlet to origin, the echoes of the same origin in other reports, the
    contradicting claims with reasons (``contradictions``), the claims of other origins stating the
    same thing (``corroborated_by``: best match first, each with the link's ``method`` and
    ``score``; at most 50, ``corroborated_by_total`` in all) and the credibility with its
    corroborating origins."""
    return answer(bench.trace(key))
