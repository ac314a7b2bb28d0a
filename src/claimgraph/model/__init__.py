"""The typed data model shared by every layer: the JSON contract v1 is its serialisation.

See ``shared/gold/FORMAT.md`` for the contract. Spans are ``[start, end)`` character offsets into
the article body (Python ``str`` indices).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

CONTRACT_VERSION = "1"

Certainty = Literal["CT+", "PR+", "PS+", "CT-", "PR-", "PS-", "Uu"]
SourceKind = Literal[
    "government", "military", "intelligence", "legislator", "official", "media",
    "state_media", "individual", "organization", "document", "unknown",
]
Precision = Literal["day", "week", "month", "season", "year", "decade", "interval", "unknown"]
Span = tuple[int, int]


class Model(BaseModel):
    """Base: forbid unknown fields on construction so typos fail loudly."""

    model_config = ConfigDict(extra="forbid")


class Source(Model):
    """One hop of an attribution chain (nearest the reporter first)."""

    text: str
    span: Span | None = None
    kind: SourceKind = "unknown"
    anonymous: bool = False
    country: str | None = None
    entity: str | None = None
    parties: list[str] = Field(default_factory=list)
    via: str | None = None


class Quantity(Model):
    """A count or amount: a point ``value``, or bounds ``low``/``high``."""

    text: str
    span: Span
    value: float | None = None
    low: float | None = None
    high: float | None = None
    approximate: bool = False
    unspecified: bool = False
    unit: str | None = None


class TimeExpression(Model):
    """A time expression resolved to an inclusive interval of days (None where unresolvable)."""

    text: str
    span: Span
    start: dt.date | None = None
    end: dt.date | None = None
    precision: Precision = "unknown"
    role: Literal["said", "event"] = "event"


class Event(Model):
    """PLOVER event type of a claim, where a rule is confident."""

    type: str
    mode: str | None = None
    trigger: str | None = None


class Claim(Model):
    """One proposition, its attribution chain and what is in it."""

    id: str
    text: str
    span: Span
    cue: str | None = None
    quote: Literal["direct", "indirect", "mixed"] | None = None
    sources: list[Source] = Field(default_factory=list)
    certainty: Certainty = "CT+"
    quantities: list[Quantity] = Field(default_factory=list)
    times: list[TimeExpression] = Field(default_factory=list)
    actors: list[str] = Field(default_factory=list)
    places: list[str] = Field(default_factory=list)
    event: Event | None = None
    background: bool = False


class Entity(Model):
    """One real-world actor named in the article, with every surface form used for it."""

    name: str
    type: str
    aliases: list[str] = Field(default_factory=list)
    country: str | None = None


class Place(Model):
    """A geocoded place (GeoJSON order is lon, lat; here they are named)."""

    name: str
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    geonames_id: int | None = None
    feature: str | None = None


class Document(Model):
    """What is known about the report itself."""

    published: dt.date | None = None
    published_source: Literal["given", "metadata", "dateline", "unknown"] = "unknown"
    dateline: str | None = None
    dateline_place: str | None = None
    outlet: str | None = None
    title: str | None = None
    author: str | None = None
    url: str | None = None
    origin: str | None = None
    sha256: str | None = None
    notes: list[str] = Field(default_factory=list)


class Article(Model):
    """The extraction result for one report: JSON contract v1."""

    contract: str = CONTRACT_VERSION
    pipeline: dict[str, str] = Field(default_factory=dict)
    document: Document
    text: str | None = None
    claims: list[Claim] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)

    def to_json(self, *, indent: int | None = 2, include_text: bool = False) -> str:
        """Serialise to contract v1 JSON (the article body is left out unless asked for)."""
        exclude = None if include_text else {"text"}
        return self.model_dump_json(indent=indent, exclude=exclude)
