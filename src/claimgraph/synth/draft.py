"""A report being written: its text, and the claims, entities and places it records with spans
into that text (what an extractor would find in it)."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Literal

from ..model import Claim, Entity, Event, Place, Quantity, Source, TimeExpression
from . import vocab as v
from .world import Speaker, Story

Piece = str | tuple[str, str]                                   # plain text, or (tag, text) whose span is recorded
Quote = Literal["direct", "indirect", "mixed"] | None


@dataclass
class Content:
    """What a claim says: its words, the figures in them (offset, text, figure, unit) and its actors."""

    text: str
    quantities: list[tuple[int, str, Quantity]] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    places: list[v.Town] = field(default_factory=list)
    event: Event | None = None
    times: list[tuple[int, str, TimeExpression]] = field(default_factory=list)


@dataclass
class Hop:
    """One hop of a chain as written: its words and what they stand for."""

    text: str
    speaker: Speaker
    via: str | None = None


class Draft:
    """A report being written."""

    def __init__(self, rng: random.Random, story: Story, published: dt.date, outlet: str, wire: bool) -> None:
        self.rng, self.story, self.published, self.outlet, self.wire = rng, story, published, outlet, wire
        self.parts: list[str] = []
        self.size = 0
        self.claims: list[Claim] = []
        self.entities: dict[str, Entity] = {}
        self.places: dict[str, Place] = {}
        self.named: set[str] = set()       # speakers already introduced in full
        self.own: set[str] = set()         # the outlet's own statements made so far

    def write(self, text: str) -> tuple[int, int]:
        start = self.size
        self.parts.append(text)
        self.size += len(text)
        return start, self.size

    def sentence(self, pieces: list[Piece]) -> dict[str, tuple[int, int]]:
        """Write a sentence (first letter capitalised), returning the span of each tagged piece."""
        spans: dict[str, tuple[int, int]] = {}
        for n, piece in enumerate(pieces):
            tag, words = piece if isinstance(piece, tuple) else ("", piece)
            if n == 0:
                words = words[:1].upper() + words[1:]
            span = self.write(words)
            if tag:
                spans[tag] = span
        self.write(" " if self.rng.random() < 0.6 else "\n\n")
        return spans

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def name(self, sp: Speaker) -> str:
        """How the report names a speaker: in full the first time, shortly after."""
        if sp.text in self.named:
            return sp.short if self.rng.random() < 0.7 else sp.text
        self.named.add(sp.text)
        self.entity_of(sp)
        return sp.text

    def entity_of(self, sp: Speaker) -> None:
        if sp.entity and sp.entity not in self.entities:
            aliases = [a for a in sp.aliases if a != sp.entity]
            self.entities[sp.entity] = Entity(name=sp.entity, type=sp.entity_type or "ORG", aliases=aliases,
                                              country=sp.country)

    def country(self, c: v.Country) -> str:
        if c.name not in self.entities:
            self.entities[c.name] = Entity(name=c.name, type="GPE", aliases=[c.demonym, c.capital.name],
                                           country=c.code)
        return c.name

    def place(self, town: v.Town, country: str | None) -> str:
        if town.name not in self.places:
            self.places[town.name] = Place(name=town.name, lat=town.lat, lon=town.lon, country=country,
                                           feature=town.feature)
        return town.name

    def claim(self, content: Content, spans: dict[str, tuple[int, int]], hops: list[Hop], certainty: str,
              cue: str | None, quote: Quote, said: TimeExpression | None = None,
              background: bool = False) -> None:
        """Record the claim written in the last sentence."""
        start, end = spans["claim"]
        text = self.text[start:end]
        quantities = [q.model_copy(update={"text": text[at:at + len(words)],
                                   "span": (start + at, start + at + len(words))})
                      for at, words, q in content.quantities]
        times = [t.model_copy(update={"text": text[at:at + len(words)],
                                   "span": (start + at, start + at + len(words))})
                 for at, words, t in content.times]
        if said is not None:
            times.append(said.model_copy(update={"span": spans["said"]}))
        sources = [self.source(h, spans.get(f"hop{n}")) for n, h in enumerate(hops)]
        places = [self.place(t, None) for t in content.places]
        self.claims.append(Claim(
            id=f"c{len(self.claims) + 1:02d}", text=text, span=(start, end), cue=cue, quote=quote, sources=sources,
            certainty=certainty, quantities=quantities, times=times, actors=content.actors,  # type: ignore[arg-type]
            places=places, event=content.event, background=background))

    def source(self, hop: Hop, span: tuple[int, int] | None) -> Source:
        sp = hop.speaker
        self.entity_of(sp)
        text = self.text[span[0]:span[1]] if span else hop.text
        return Source(text=text, span=span, kind=sp.kind, anonymous=sp.anonymous, country=sp.country,  # type: ignore[arg-type]
                      entity=sp.entity, via=hop.via)
