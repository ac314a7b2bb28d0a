"""Synthetic corpora for load testing: realistic already-extracted reports, seeded and deterministic.

Not a quality set: the reports are written from templates about invented conflicts' figures, so
they exercise the store and reconciliation at scale (many reports relaying one statement, origins
that disagree, denials, relays such as "lawmakers citing the NIS" and papers citing wires), not
the extractor. Every report is marked as synthetic in its document notes and pipeline.

>>> for raw, article in generate(claims=10_000, seed=1):
...     store.add(raw, article)
>>> load(store, claims=1_000_000, seed=1)          # the bulk path, one transaction per batch
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING

from ..api import raw_article
from ..ingest import RawArticle
from ..model import Article
from .report import NOTE, write_report
from .world import Period, Story, build_story

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["LoadStats", "Period", "generate", "load"]
BATCH = 500


def report_dates(story: Story, rng: random.Random) -> list[dt.date]:
    """When the story's reports appear: most soon after a widely relayed statement, the rest spread."""
    span = max(1, (story.end - story.start).days)
    weights = [s.weight for s in story.statements]
    out = []
    for _ in range(story.reports):
        if story.statements and rng.random() < 0.65:
            said = rng.choices(story.statements, weights=weights)[0].said
            out.append(said + dt.timedelta(days=rng.choice((0, 0, 1, 1, 2, 3))))
        else:
            out.append(story.start + dt.timedelta(days=rng.randrange(span + 1)))
    return sorted(out)


def generate(claims: int, seed: int = 0, period: Period | None = None) -> Iterator[tuple[RawArticle, Article]]:
    """Reports holding ``claims`` claims in all, story after story; the same seed gives the same
    reports (``period``: the stories begin and end within it, e.g. the news of the month after a
    stored corpus; their reports' origins name the period's first day, so they never collide with
    the same seed's reports of another period)."""
    made, index = 0, 0
    prefix = f"synth://{seed}/" + (f"{period.first.isoformat()}/" if period else "")
    while made < claims:
        story = build_story(seed, index, period)
        rng = random.Random(f"{seed}:reports:{index}")
        for n, published in enumerate(report_dates(story, rng)):
            target = min(rng.randint(8, 20), claims - made)
            text, article = write_report(story, n, published, rng, seed, target)
            doc = article.document
            raw = raw_article(text, published=published, outlet=doc.outlet, title=doc.title, url=doc.url,
                              origin=f"{prefix}{index}/{n}")
            document = raw.document.model_copy(update={"notes": [*raw.document.notes, NOTE]})
            yield raw, article.model_copy(update={"document": document})
            made += len(article.claims)
            if made >= claims:
                return
        index += 1


@dataclass
class LoadStats:
    """What a synthetic load wrote."""

    documents: int = 0
    claims: int = 0
    seconds: float = 0.0


def load(store: Store, claims: int, seed: int = 0, batch: int = BATCH,
         progress: Callable[[LoadStats], None] | None = None, reports: int | None = None,
         period: Period | None = None) -> LoadStats:
    """Generate and store a synthetic corpus through the store's bulk path (one transaction per batch);
    ``reports`` stops it after that many reports, whatever their claims add up to."""
    stats = LoadStats()
    t0 = time.perf_counter()
    pending: list[tuple[RawArticle, Article]] = []

    def flush() -> None:
        for result in store.add_many(pending):
            if result.status != "unchanged":
                stats.documents += 1
                stats.claims += result.claims
        pending.clear()
        stats.seconds = time.perf_counter() - t0
        if progress:
            progress(stats)

    for item in islice(generate(claims, seed, period), reports):
        pending.append(item)
        if len(pending) >= batch:
            flush()
    if pending:
        flush()
    stats.seconds = time.perf_counter() - t0
    return stats
