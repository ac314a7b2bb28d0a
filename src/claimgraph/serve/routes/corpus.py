"""What reconciling the corpus finds (echoes, contradictions, estimates), its entities and places,
and the server's status."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Query

from . import Bench, FastJSON, Limit, Offset, answer

router = APIRouter(prefix="/api", tags=["corpus"])


@router.get("/status", summary="Server status")
def get_status(bench: Bench) -> FastJSON:
    """Whether write mode is on, the database backend and row counts."""
    return answer(bench.status())


@router.get("/echoes", summary="Echo groups")
def get_echoes(bench: Bench, limit: Limit = 50, offset: Offset = 0) -> FastJSON:
    """A page of echo groups (claims in different reports relaying one origin on one occasion),
    with ``total``."""
    return answer(bench.echoes_page(limit, offset))


@router.get("/contradictions", summary="Contradictions")
def get_contradictions(bench: Bench, limit: Limit = 50, offset: Offset = 0) -> FastJSON:
    """A page of pairs of claims that cannot both hold, each with its kind and reason, with ``total``."""
    return answer(bench.contradictions_page(limit, offset))


@router.get("/estimates", summary="Estimates over time")
def get_estimates(
    bench: Bench,
    measure: Annotated[str | None, Query(max_length=200, description="e.g. 'North Korean casualties' or "
                                                                     "'troops deployed'; all when absent.")] = None,
    limit: Annotated[int, Query(ge=1, le=100, description="Series per page.")] = 20,
    offset: Offset = 0,
    claims: Annotated[int, Query(ge=1, le=1000, description="Claims listed per point, at most.")] = 5,
    since: Annotated[dt.date | None, Query(description="Only points as of this date or later.")] = None,
    until: Annotated[dt.date | None, Query(description="Only points as of this date or earlier.")] = None,
) -> FastJSON:
    """A page of series, one per measure and subject, the series with most points first: points
    (value or range, as-of date, origin, reports, superseded by) and the consensus band; ``total``
    counts every series answering, a point's ``claims_total`` all its claims. With ``since`` or
    ``until``, only the points dated within them and the series that have one."""
    return answer(bench.estimates(measure or None, limit, offset, claims, since, until))


@router.get("/measures", summary="Measures of the estimate series")
def get_measures(bench: Bench) -> FastJSON:
    """Each measure with how many series and points it has, the measure with most points first."""
    return answer(bench.measures())


@router.get("/entities", summary="Entities")
def get_entities(
    bench: Bench,
    q: Annotated[str | None, Query(max_length=200, description="Part of a name or alias.")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> FastJSON:
    """Actors and sources across the corpus with aliases and claim counts."""
    page = bench.corpus.entities_page(query=q, limit=limit, offset=offset)
    return answer(page.as_json(limit, offset))


@router.get("/places", summary="Places")
def get_places(bench: Bench) -> FastJSON:
    """Geocoded places with the number of claims about each."""
    return answer(bench.corpus.places())
