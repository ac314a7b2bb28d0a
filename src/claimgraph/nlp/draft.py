"""A claim as the pipeline's steps build it, before it is assembled into the public model
(:class:`claimgraph.model.Claim`): token and character bounds, the cue and source chain found so far,
certainty and quote kind. Attribution makes them, quotes and resolution refine them, assembly
turns them into claims."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Event, Source


@dataclass
class ClaimDraft:
    """A claim before it is assembled into the public model."""

    start: int
    end: int
    tok_start: int
    tok_end: int
    sent_start: int
    cue: str | None = None
    sources: list[Source] = field(default_factory=list)
    quote: str | None = None
    cue_certainty: str | list[str] | None = None
    negated_cue: bool = False
    wrapper: str | None = None
    cue_token: int | None = None
    certainty: str = "CT+"
    background: bool = False
    event: Event | None = None
