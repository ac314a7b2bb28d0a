"""Writing one synthetic report: the text, and the claims an extractor would find in it, with
spans into that text (attribution chains, certainty, quantities, times, actors and places)."""

from __future__ import annotations

import bisect
import datetime as dt
import random
from collections.abc import Callable
from functools import partial

from ..model import Article, Document, Event, Quantity, TimeExpression
from . import vocab as v
from .draft import Content, Draft, Hop, Piece
from .world import Speaker, Statement, Story

PIPELINE = {"claimgraph_synth_v1": "v1"}
NOTE = "synthetic report (claimgraph synth): for load testing only, not a quality set"


def said_time(published: dt.date, said: dt.date, rng: random.Random) -> TimeExpression:
    """How a report dates a statement relative to its own publication date."""
    delta = (published - said).days
    monday = published - dt.timedelta(days=published.weekday())
    if 0 <= delta <= 6 and rng.random() < 0.85:
        return TimeExpression(text=f"on {v.WEEKDAYS[said.weekday()]}", span=(0, 0), start=said, end=said,
                              precision="day", role="said")
    if monday - dt.timedelta(days=7) <= said < monday and rng.random() < 0.5:
        return TimeExpression(text="last week", span=(0, 0), start=monday - dt.timedelta(days=7),
                              end=monday - dt.timedelta(days=1), precision="week", role="said")
    first = published.replace(day=1)
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    if previous <= said < first and rng.random() < 0.5:
        return TimeExpression(text="last month", span=(0, 0), start=previous, end=first - dt.timedelta(days=1),
                              precision="month", role="said")
    return TimeExpression(text=f"on {v.MONTH_ABBR[said.month - 1]} {said.day}", span=(0, 0), start=said, end=said,
                          precision="day", role="said")


def quantity(fig_words: str, noun: str, stmt: Statement, unit: str | None) -> tuple[str, Quantity]:
    f = stmt.figure
    words = f"{fig_words} {noun}".strip()
    return words, Quantity(text=words, span=(0, 1), value=f.value, low=f.low, high=f.high, approximate=f.approximate,
                           unit=unit)


def figure_content(d: Draft, stmt: Statement) -> Content:
    """The words of a figure claim for the statement's measure."""
    s, st, rng = d.story.subject, d.story, d.rng
    adj, words = s.adjective, stmt.figure.words
    region = d.place(st.region, st.defender.code)
    town = d.place(rng.choice(st.towns), None) if st.towns else region
    subject = s.name if s.is_group else d.country(v.BY_CODE[s.country or st.attacker.code])
    soldiers = "fighters" if s.is_group else rng.choice(("soldiers", "troops"))
    m = stmt.measure
    if m == "troops deployed":
        dest = d.country(st.attacker) if st.attacker.name != subject else region
        forms = [(f"{subject} has deployed ", words, "troops", f" to {dest}", "deployed"),
                 (f"{subject} has sent ", words, soldiers, f" to {dest}", "sent"),
                 ("", words, f"{adj} {soldiers}", f" had arrived in {dest}", "arrived"),
                 ("", words, f"{adj} {soldiers}", f" were now stationed in {dest}", "stationed")]
        event = "MOBILIZE"
    elif m == "killed":
        forms = [("", words, f"{adj} {soldiers}", f" had been killed in {region}", "killed"),
                 (f"the {adj} death toll had risen to ", words, "", "", "death toll"),
                 ("", words, f"{adj} {soldiers}", f" had died in the fighting near {town}", "died")]
        event = "ASSAULT"
    elif m == "wounded":
        forms = [("", words, f"{adj} {soldiers}", " had been wounded", "wounded"),
                 ("", words, f"{adj} {soldiers}", f" were injured in {region}", "injured")]
        event = "ASSAULT"
    elif m == "killed or wounded":
        forms = [("", words, f"{adj} {soldiers}", " had been killed or wounded", "killed"),
                 (f"{adj} casualties had reached ", words, "", "", "casualties"),
                 (f"{subject} had suffered ", words, "casualties", f" in {region}", "casualties")]
        event = "ASSAULT"
    elif m == "captured":
        captor = d.country(st.defender)
        forms = [("", words, f"{adj} {soldiers}", " had been taken prisoner", "taken prisoner"),
                 (f"{v.BY_CODE[st.defender.code].demonym} forces had captured ", words, f"{adj} {soldiers}",
                  f" near {town}", "captured")]
        event = "SEIZE"
        content = build(rng.choice(forms), stmt, [subject, captor], event)
        content.places = [t for t in (st.region,) if t.name in content.text]
        return content
    else:  # displaced
        subject = d.country(st.defender)
        forms = [("", words, "people", f" had been displaced by the fighting in {region}", "displaced"),
                 ("the fighting had forced ", words, "people", f" from their homes in {region}", "forced")]
        event = "COERCE"
    actors = [subject] + ([d.country(st.attacker)] if m == "troops deployed" and st.attacker.name != subject else [])
    content = build(rng.choice(forms), stmt, actors, event)
    content.places = [t for t in (st.region, *st.towns) if t.name in content.text]
    return content


def build(form: tuple[str, str, str, str, str], stmt: Statement, actors: list[str], event: str) -> Content:
    before, words, noun, after, trigger = form
    unit = "troops" if noun.endswith(("soldiers", "troops", "fighters")) else None
    qwords, q = quantity(words, noun, stmt, unit)
    text = before + qwords + after
    return Content(text, [(len(before), qwords, q)], actors, [], Event(type=event, trigger=trigger))


def followups(d: Draft, stmt: Statement) -> list[Content]:
    """Claims without figures a speaker makes alongside a figure (worded from parts, so reports
    word them differently, as they do)."""
    rng, st = d.rng, d.story
    out = [(assertion if rng.random() < 0.1 else remark)(d) for _ in range(rng.choice((0, 1, 1, 2)))]
    for content in out:
        content.places = [t for t in (st.region, *st.towns) if t.name in content.text]
    return out


def assertion(d: Draft) -> Content:
    """That the subject's troops take part in the fighting (what a denial denies)."""
    st, rng = d.story, d.rng
    region = d.place(st.region, st.defender.code)
    what = rng.choice(("troops are fighting in", "soldiers have joined the fighting in",
                       "forces are taking part in combat in", "troops were engaged in fighting in"))
    return Content(f"{st.subject.adjective} {what} {region}", [], [st.subject.name], [st.region],
                   Event(type="FIGHT", trigger="fighting"))


def remark(d: Draft) -> Content:
    """Something a speaker adds about the forces or the figure."""
    st, rng = d.story, d.rng
    if rng.random() < 0.2:
        basis = rng.choice(("intercepted communications", "satellite imagery", "prisoner interrogations",
                            "drone footage", "battlefield reports", "intelligence from allies", "open-source data"))
        about = rng.choice((f"{st.subject.adjective} losses", f"the fighting in {d.place(st.region, st.defender.code)}",
                            f"{st.subject.adjective} troop numbers"))
        return Content(f"the {rng.choice(('figure', 'estimate', 'assessment'))} of {about} was based on {basis}", [])
    adj, attacker = st.subject.adjective, d.country(st.attacker)
    who = rng.choice((f"{adj} troops", f"{adj} units", f"the {adj} forces", f"{adj} soldiers", "some of those troops",
                      f"{adj} commanders", f"fresh {adj} reinforcements", f"{attacker} forces"))
    did = rng.choice(("were suffering heavy losses", f"had been assigned to {st.attacker.demonym} marine units",
                      "were preparing a new offensive", "were digging in", "had taken up positions",
                      "were regrouping", "had pulled back", "had been redeployed", "had cut supply lines",
                      "were short of ammunition", "were training with foreign instructors", "had suffered setbacks",
                      "were using drones", "were struggling to hold ground", "had shelled residential areas",
                      "were massing armour"))
    return Content(f"{who} {did} {where(d)}{rng.choice(WHEN)}", [], [st.subject.name if adj in who else attacker])


WHEN = ("", " in recent days", " this week", " over the weekend", " for several days", " overnight",
        " since the start of the month")


def where(d: Draft) -> str:
    st, rng = d.story, d.rng
    region = d.place(st.region, st.defender.code)
    if not st.towns or rng.random() < 0.25:
        return rng.choice((f"in {region}", f"along the {region} front", f"across {region}"))
    town = d.place(rng.choice(st.towns), None)
    return f"{rng.choice(('near', 'around', 'outside', 'north of', 'south of', 'east of', 'west of'))} {town}"


def background(d: Draft) -> Content:
    """A statement of the outlet's own (no source)."""
    st, rng = d.story, d.rng
    region = d.place(st.region, st.defender.code)
    town = d.place(rng.choice(st.towns), None) if st.towns else region
    since = st.start.replace(day=1)
    month = v.MONTHS[since.month - 1]
    pick = rng.randrange(6)
    if pick == 0:
        held = (f"{st.defender.demonym} forces have {rng.choice(('held', 'controlled', 'defended', 'occupied'))} "
                f"{rng.choice(('part of', 'parts of', 'much of', 'a strip of'))} {region} ")
        out = Content(held + f"since {month}", [], [d.country(st.defender)], times=[(len(held), f"since {month}",
                      TimeExpression(text="", span=(0, 1), start=since, end=d.published, precision="interval",
                                     role="event"))])
    elif pick == 1:
        what = rng.choice(("fighting has", "shelling has", "clashes have", "attacks have", "drone strikes have"))
        how = rng.choice(("intensified", "escalated", "eased", "spread"))
        out = Content(f"{what} {how} around {town} {rng.choice(('in recent weeks', 'this month', 'in recent days'))}")
    elif pick == 2:
        out = Content(f"the {rng.choice(('new', 'latest', 'revised'))} {rng.choice(('figure', 'estimate', 'count'))} "
                      f"for {rng.choice((region, town, st.subject.adjective + ' forces'))} is the "
                      f"{rng.choice(('highest', 'lowest', 'first'))} {rng.choice(('given', 'published', 'released'))} "
                      f"{rng.choice(('so far', 'this year', 'since ' + month))}")
    elif pick == 3:
        claims = rng.choice((f"the figures from {region}", f"the claims about {town}", "the casualty figures",
                             f"the reports from {town}", f"either side's account of the fighting in {region}"))
        out = Content(f"{d.outlet} could not independently verify {claims}")
    elif pick == 4:
        began = f"{d.country(st.attacker)} {rng.choice(('launched', 'began', 'opened'))} its " \
                f"{rng.choice(('offensive', 'assault', 'campaign', 'incursion'))} "
        out = Content(began + f"in {month} {since.year}", [], [st.attacker.name], times=[
            (len(began), f"in {month} {since.year}", TimeExpression(text="", span=(0, 1), start=since,
                                                                      end=month_end(since), precision="month",
                                                                      role="event"))])
    else:
        out = Content(f"{town} has been under {rng.choice(('heavy', 'constant', 'renewed', 'sporadic'))} "
                      f"{rng.choice(('shelling', 'bombardment', 'drone attack', 'artillery fire'))} "
                      f"for {rng.choice(('weeks', 'days', 'months', 'more than a week'))}")
    out.places = [t for t in (st.region, *st.towns) if t.name in out.text]
    return out


def month_end(first: dt.date) -> dt.date:
    nxt = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return nxt - dt.timedelta(days=1)


def attribute(d: Draft, content: Content, hops: list[Hop], said: TimeExpression | None, certainty: str,
              form: str) -> None:
    """Write one attributed claim in one of the sentence forms news uses."""
    time: list[Piece] = [" ", ("said", said.text)] if said else []
    last = hops[-1]
    if form == "relay" and len(hops) == 2:        # "X, Reuters reported on Monday, citing the NIS."
        pieces: list[Piece] = [("claim", content.text), ", ", ("hop0", hops[0].text), " reported", *time,
                               ", citing ", ("hop1", last.text), "."]
        cue = "reported"
    elif form == "citing" and len(hops) == 2:     # "Lawmaker Lee said on Monday, citing the NIS, that X."
        pieces = [("hop0", hops[0].text), " said", *time, ", citing ", ("hop1", last.text), ", that ",
                  ("claim", content.text), "."]
        cue = "said"
    elif form == "according":
        pieces = ["according to ", ("hop0", last.text), ", ", ("claim", content.text), "."]
        cue, said = "according to", None
    elif form == "that":
        pieces = [("hop0", last.text), " said", *time, " that ", ("claim", content.text), "."]
        cue = "said"
    elif form == "briefing":
        pieces = [("claim", content.text), ", ", ("hop0", last.text), " told lawmakers in a closed-door briefing",
                  *time, "."]
        cue, hops = "told", [Hop(last.text, last.speaker, "a closed-door briefing")]
    elif form == "denied":
        pieces = [("hop0", last.text), " denied", *time, " that ", ("claim", content.text), "."]
        cue = "denied"
    else:
        pieces = [("claim", content.text), ", ", ("hop0", last.text), " said", *time, "."]
        cue = "said"
    spans = d.sentence(pieces)
    d.claim(content, spans, hops, certainty, cue, "indirect", said)


def chain(d: Draft, stmt: Statement) -> tuple[list[Hop], str]:
    """The attribution chain the report gives a statement, and the sentence form."""
    sp, rng, st = stmt.speaker, d.rng, d.story
    roll = rng.random()
    if st.relayer is not None and sp.kind == "intelligence" and roll < 0.5:
        return [Hop(d.name(st.relayer), st.relayer), Hop(d.name(sp), sp)], "citing"
    if not d.wire and roll < 0.3:
        wire, country = rng.choice(v.WIRES[:8])
        kind = "state_media" if wire in v.STATE_MEDIA else "media"
        agency = Speaker(wire, wire, wire, kind, country)
        return [Hop(wire, agency), Hop(d.name(sp), sp)], "relay"
    form = rng.choices(("said", "that", "according", "briefing"), (0.6, 0.2, 0.1, 0.1))[0]
    if form == "briefing" and sp.kind != "intelligence":
        form = "said"
    return [Hop(d.name(sp), sp)], form


def statement_block(d: Draft, stmt: Statement, recap: bool = False) -> None:
    """A figure and what the same speaker said with it."""
    rng = d.rng
    hops, form = chain(d, stmt)
    dated = rng.random() < (0.9 if recap else 0.6)
    said = said_time(d.published, stmt.said, rng) if dated else None
    attribute(d, figure_content(d, stmt), hops, said, stmt.certainty, form)
    for content in followups(d, stmt):
        if form == "citing":      # later sentences name only the lawmaker: the relay is inferred
            relayer = hops[0].speaker
            follow = [Hop(relayer.short, relayer)]
        else:
            sp = stmt.speaker
            follow = [Hop(sp.short if rng.random() < 0.6 else d.name(sp), sp)]
        attribute(d, content, follow, said if rng.random() < 0.3 else None, "CT+", "said")


def denial_block(d: Draft) -> None:
    st = d.story
    if st.denier is None:
        return
    region = d.place(st.region, st.defender.code)
    what = d.rng.choice(("troops were fighting in", "soldiers had joined the fighting in", "forces were in combat in"))
    content = Content(f"{st.subject.adjective} {what} {region}", [], [st.subject.name], [st.region],
                      Event(type="FIGHT", trigger="fighting"))
    said = said_time(d.published, d.published - dt.timedelta(days=d.rng.randint(0, 3)), d.rng)
    attribute(d, content, [Hop(d.name(st.denier), st.denier)], said, "CT-", "denied")


def own_block(d: Draft) -> bool:
    """One statement of the outlet's own, not yet made in this report; False when none is left."""
    content = background(d)
    if content.text in d.own:
        return False
    d.own.add(content.text)
    spans = d.sentence([("claim", content.text), "."])
    certainty = d.rng.choices(("CT+", "PR+", "Uu"), (0.9, 0.06, 0.04))[0]
    d.claim(content, spans, [], certainty, None, None, background=d.rng.random() < 0.1)
    return True


def pick(statements: list[Statement], rng: random.Random, k: int) -> list[Statement]:
    """Up to ``k`` different statements, the widely relayed ones more often."""
    if not statements:
        return []
    chosen = rng.choices(statements, weights=[s.weight for s in statements], k=k)
    return list(dict.fromkeys(chosen))


def write_report(story: Story, index: int, published: dt.date, rng: random.Random, seed: int,
                 target: int) -> tuple[str, Article]:
    """Report ``index`` of a story, published on ``published``, with about ``target`` claims."""
    wire = rng.random() < 0.4
    if wire:
        outlet = rng.choices([w for w, _ in v.WIRES], weights=[1 / (n + 1) for n in range(len(v.WIRES))])[0]
    else:
        outlet = f"{rng.choice(v.OUTLET_STEMS)} {rng.choice(v.OUTLET_HEADS)}"
    d = Draft(rng, story, published, outlet, wire)
    place = rng.choice((story.defender.capital, *story.towns))
    d.write(f"{place.name.upper()} ({outlet}) — " if wire else f"{place.name.upper()} — ")
    said = [s.said for s in story.statements]
    lo, hi = bisect.bisect_left(said, published - dt.timedelta(days=6)), bisect.bisect_right(said, published)
    recent = story.statements[lo:hi] or story.statements[max(0, lo - 3):lo]
    older = story.statements[bisect.bisect_left(said, published - dt.timedelta(days=60)):lo]
    leads = pick(recent, rng, 3)
    queue: list[Callable[[], object]] = [partial(statement_block, d, s) for s in leads]
    queue[1:1] = [lambda: own_block(d)]
    queue.append(lambda: own_block(d))
    if older:
        queue.append(lambda: statement_block(d, rng.choice(older), recap=True))
    if rng.random() < 0.35:
        queue.insert(rng.randint(1, len(queue)), lambda: denial_block(d))
    pool = [s for s in recent + older if s not in leads]
    rng.shuffle(pool)
    misses = 0
    while len(d.claims) < target and misses < 8:
        if queue:
            queue.pop(0)()
        elif pool and rng.random() < 0.5:
            extra = pool.pop()
            statement_block(d, extra, recap=extra.said < published - dt.timedelta(days=6))
        elif not own_block(d):
            misses += 1
    d.claims = d.claims[:target]
    text = d.text.rstrip() + "\n"
    title = f"{story.subject.adjective} {rng.choice(('losses mount', 'deployment grows', 'figures disputed'))}"
    document = Document(published=published, published_source="given", outlet=outlet, title=title,
                        url=f"https://synth.invalid/{seed}/{story.index}/{index}", notes=[NOTE])
    article = Article(pipeline=dict(PIPELINE), document=document, text=text, claims=d.claims,
                      entities=list(d.entities.values()), places=list(d.places.values()))
    return text, article
