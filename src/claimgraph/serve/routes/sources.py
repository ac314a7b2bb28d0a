"""Sources: each origin's kind, reliability grade and track record; setting a grade (write mode)."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from ...model.corpus import RELIABILITY
from ..security import writer
from . import Bench, FastJSON, answer

router = APIRouter(prefix="/api/sources", tags=["sources"])


class GradeIn(BaseModel):
    """A source's Admiralty reliability."""

    source: str = Field(min_length=1, max_length=300, description="The source as reports name it (an alias "
                                                                  "works too).")
    grade: str = Field(pattern="^[A-Fa-f]$", description="A (completely reliable) … E (unreliable), "
                                                         "F (cannot be judged).")
    note: str | None = Field(default=None, max_length=2000, description="Why: kept with the grade.")


@router.get("", summary="List sources")
def list_sources(bench: Bench) -> FastJSON:
    """Each origin: kind, country, reliability (F when not set) and track record, most claims first."""
    return answer(bench.sources())


@router.put("/grade", summary="Grade a source (write mode)", dependencies=[Depends(writer)])
def put_grade(bench: Bench, body: GradeIn) -> FastJSON:
    """Set a source's reliability, kept in the database and used by every report."""
    kept = bench.set_grade(body.source, body.grade, body.note)
    return answer({"source": body.source.strip(), "grade": kept, "label": RELIABILITY[kept]})
