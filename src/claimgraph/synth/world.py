"""The synthetic world: stories (a conflict, who speaks about it, what figures they give and when).

Every story is built from its own random stream (seeded by the corpus seed and the story's
number), so a corpus is generated story by story without holding the whole world in memory and
the same seed always gives the same stories.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass, field

from . import vocab as v

FIRST_DAY = dt.date(2018, 1, 1)
SPAN_DAYS = 2700                      # stories start between 2018 and mid-2025
MEASURES = ("troops deployed", "killed", "wounded", "killed or wounded", "captured", "displaced")
BASE = {"troops deployed": (2_000, 60_000), "killed": (50, 8_000), "wounded": (150, 20_000),
        "killed or wounded": (200, 30_000), "captured": (5, 800), "displaced": (5_000, 900_000)}


@dataclass(frozen=True)
class Speaker:
    """Someone reports cite: how they are named first and later, and what they stand for."""

    text: str                          # first mention ("South Korea's National Intelligence Service")
    short: str                         # later mentions ("the NIS", "the agency", "he")
    entity: str | None                 # the canonical entity (None for anonymous sources)
    kind: str
    country: str | None
    anonymous: bool = False
    entity_type: str = "ORG"
    aliases: tuple[str, ...] = ()
    beat: tuple[str, ...] = ()         # measures it gives figures for
    side: str = "third"                # attacker, defender, third
    bias: float = 1.0                  # how it skews the figures it gives


@dataclass(frozen=True)
class Figure:
    """A figure as stated: a point value, or bounds."""

    value: float | None = None
    low: float | None = None
    high: float | None = None
    approximate: bool = False
    words: str = ""                    # "about 10,900", "more than 3,000", "between 400 and 500"


@dataclass(frozen=True)
class Statement:
    """One speaker giving one figure for one measure on one day."""

    speaker: Speaker
    said: dt.date
    measure: str
    figure: Figure
    certainty: str
    weight: float                      # how widely reports pick it up


@dataclass(frozen=True)
class Subject:
    """Whose troops or losses a story counts."""

    name: str                          # entity name ("North Korea", "Eastern Liberation Front")
    adjective: str                     # "North Korean", "Eastern Liberation Front"
    country: str | None
    is_group: bool


@dataclass
class Story:
    """One conflict thread: its parties, places, speakers, statements and how many reports carry it."""

    index: int
    attacker: v.Country
    defender: v.Country
    subject: Subject
    region: v.Town
    towns: tuple[v.Town, ...]
    start: dt.date
    end: dt.date
    reports: int
    speakers: list[Speaker] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    denier: Speaker | None = None
    relayer: Speaker | None = None     # a lawmaker who relays an intelligence briefing


def person(seed: int, country: str, title: str) -> str:
    """The person holding a title in a country: the same name in every story of one seed."""
    rng = random.Random(f"{seed}:person:{country}:{title}")
    return f"{rng.choice(v.FIRST)} {rng.choice(v.LAST)}"


def national(country: v.Country, template: int, side: str, beat: tuple[str, ...], bias: float) -> Speaker:
    text, entity, kind = v.NATIONAL_BODIES[template]
    name = entity.format(d=country.demonym)
    first = text.format(c=country.name, d=country.demonym)
    short = ("the ministry" if "Ministry" in name else f"the {country.demonym} military" if kind == "military"
             else "the agency" if kind == "intelligence" else "the government")
    return Speaker(first, short, name, kind, country.code, aliases=(first,), beat=beat, side=side, bias=bias)


def official(seed: int, country: v.Country, title: str, side: str, beat: tuple[str, ...], bias: float) -> Speaker:
    name = person(seed, country.code, title)
    kind = "military" if "army" in title or "military" in title or "Defence" in title else "government"
    return Speaker(f"{country.demonym} {title} {name}", name.split()[-1], name, kind, country.code,
                   entity_type="PERSON", aliases=(name.split()[-1],), beat=beat, side=side, bias=bias)


def global_speaker(index: int, beat: tuple[str, ...], bias: float) -> Speaker:
    text, entity, kind, country, aliases = v.GLOBAL_SPEAKERS[index]
    short = f"the {aliases[0]}" if aliases and aliases[0].isupper() and len(aliases[0]) <= 5 else text
    return Speaker(text, short, entity, kind, country, aliases=aliases, beat=beat, bias=bias)


def anonymous(index: int, beat: tuple[str, ...], bias: float) -> Speaker:
    text, kind = v.ANONYMOUS[index]
    return Speaker(text, text, None, kind, None, anonymous=True,
                   entity_type="", beat=beat, bias=bias)


def nice(x: float, rng: random.Random) -> float:
    """Round a figure the way sources do (two or three significant digits)."""
    if x < 20:
        return float(max(1, round(x)))
    digits = 2 if rng.random() < 0.7 else 3
    scale = 10 ** max(0, int(math.log10(x)) + 1 - digits)
    return float(round(x / scale) * scale)


def figure(x: float, rng: random.Random) -> Figure:
    """A figure in one of the shapes reports use."""
    n = nice(x, rng)
    roll = rng.random()
    if roll < 0.40:
        word = rng.choice(("about", "around", "roughly", "nearly", "some"))
        return Figure(value=n, approximate=True, words=f"{word} {n:,.0f}")
    if roll < 0.65:
        return Figure(value=n, words=f"{n:,.0f}")
    if roll < 0.82:
        word = rng.choice(("more than", "at least", "over"))
        return Figure(low=n, words=f"{word} {n:,.0f}")
    if roll < 0.90:
        return Figure(high=n, words=f"up to {n:,.0f}")
    hi = nice(n * rng.uniform(1.1, 1.4), rng)
    if hi <= n:
        return Figure(value=n, words=f"{n:,.0f}")
    return Figure(low=n, high=hi, words=f"between {n:,.0f} and {hi:,.0f}")


@dataclass(frozen=True)
class Period:
    """The days a corpus's stories begin and end within (by default they begin over ``SPAN_DAYS``
    from ``FIRST_DAY`` and run up to 540 days): e.g. the next month of news after a stored corpus."""

    first: dt.date
    days: int

    def __post_init__(self) -> None:
        if self.days < 1:
            raise ValueError(f"a period needs at least one day, not {self.days}")


def build_story(seed: int, index: int, period: Period | None = None) -> Story:
    """Story number ``index`` of the corpus with this seed (within ``period`` where given)."""
    rng = random.Random(f"{seed}:story:{index}")
    attacker_code, defender_code, helpers = rng.choice(v.THEATRES)
    attacker, defender = v.BY_CODE[attacker_code], v.BY_CODE[defender_code]
    subject = pick_subject(rng, attacker, helpers)
    places = defender.regions + attacker.regions or (defender.capital,)
    region = rng.choice(places)
    pool = tuple(dict.fromkeys(defender.towns + attacker.towns))
    towns = tuple(rng.sample(pool, k=min(3, len(pool))))
    reports = int(min(900, 4 + rng.paretovariate(1.25) * 14))
    first, span = (period.first, period.days) if period else (FIRST_DAY, SPAN_DAYS)
    start = first + dt.timedelta(days=rng.randrange(span))
    end = start + dt.timedelta(days=int(min(540, 20 + reports * rng.uniform(0.4, 1.6))))
    if period is not None:
        end = min(end, first + dt.timedelta(days=span - 1))
    story = Story(index, attacker, defender, subject, region, towns, start, end, reports)
    cast(seed, story, rng)
    story.statements = statements(story, rng)
    return story


def pick_subject(rng: random.Random, attacker: v.Country, helpers: tuple[str, ...]) -> Subject:
    """Whose troops or losses the story counts: a foreign contributor or the attacker (series that
    many stories feed), more often an armed group of this story's own."""
    roll = rng.random()
    if helpers and roll < 0.3:
        c = v.BY_CODE[rng.choice(helpers)]
        return Subject(c.name, c.demonym, c.code, False)
    if roll < 0.45:
        return Subject(attacker.name, attacker.demonym, attacker.code, False)
    name = f"{rng.choice(v.GROUP_STEMS)} {rng.choice(v.GROUP_HEADS)}"
    return Subject(name, name, attacker.code, True)


ENEMY = ("killed", "wounded", "killed or wounded", "captured")
INTEL = ("troops deployed", "killed or wounded", "killed")


def cast(seed: int, story: Story, rng: random.Random) -> None:
    """Who speaks in this story, with their beats and biases."""
    a, d = story.attacker, story.defender
    out = [national(d, rng.choice((0, 1, 2)), "defender", ENEMY, rng.uniform(1.1, 1.8)),
           official(seed, d, rng.choice(v.TITLES[:4]), "defender", ("killed or wounded", "troops deployed"),
                    rng.uniform(1.1, 1.6))]
    if rng.random() < 0.6:
        out.append(national(d, 3, "defender", INTEL, rng.uniform(0.9, 1.4)))
    if rng.random() < 0.5:
        out.append(national(d, 6, "defender", ("killed", "wounded", "displaced"), rng.uniform(0.9, 1.2)))
    out.append(national(a, rng.choice((0, 1)), "attacker", ("killed", "troops deployed"), rng.uniform(0.3, 0.7)))
    if rng.random() < 0.5:
        out.append(official(seed, a, rng.choice(v.TITLES[4:]), "attacker", ("troops deployed",), rng.uniform(0.4, 0.8)))
    for g in rng.sample(range(len(v.GLOBAL_SPEAKERS)), k=rng.randint(1, 4)):
        kind = v.GLOBAL_SPEAKERS[g][2]
        beat = ("displaced", "killed") if kind == "organization" else INTEL
        out.append(global_speaker(g, beat, rng.uniform(0.8, 1.25)))
    for n in rng.sample(range(len(v.ANONYMOUS)), k=rng.choice((0, 0, 1, 1, 2))):
        out.append(anonymous(n, (rng.choice(MEASURES[:5]),), rng.uniform(0.8, 1.3)))
    story.speakers = out
    deniers = [s for s in out if s.side == "attacker"]
    story.denier = deniers[0] if deniers and rng.random() < 0.6 else None
    intel = [s for s in out if s.kind == "intelligence"]
    if intel and rng.random() < 0.7:
        country = v.BY_CODE.get(intel[0].country or "", d)
        name = person(seed, country.code, "lawmaker")
        story.relayer = Speaker(f"{country.demonym} lawmaker {name}", name.split()[-1], name, "legislator",
                                country.code, entity_type="PERSON", aliases=(name.split()[-1],))


def statements(story: Story, rng: random.Random) -> list[Statement]:
    """Each speaker's figures over the story's span: running totals that grow, skewed by the
    speaker's bias, rounded as sources round them."""
    days = max(1, (story.end - story.start).days)
    base = {m: rng.uniform(*BASE[m]) for m in MEASURES}
    growth = {m: rng.uniform(0.2, 3.0) for m in MEASURES}        # how many times the base by the end
    out = []
    for sp in story.speakers:
        gap = rng.uniform(4, 40)
        day = rng.uniform(0, gap)
        while day <= days:
            measure = rng.choice(sp.beat or MEASURES)
            true = base[measure] * (1 + growth[measure] * day / days)
            fig = figure(true * sp.bias * rng.uniform(0.95, 1.05), rng)
            certainty = rng.choices(("CT+", "PR+", "PS+"), (0.86, 0.08, 0.06))[0]
            said = story.start + dt.timedelta(days=int(day))
            out.append(Statement(sp, said, measure, fig, certainty, rng.lognormvariate(0, 1)))
            day += rng.expovariate(1 / gap) + 1
    return sorted(out, key=lambda s: (s.said, s.speaker.text, s.measure))
