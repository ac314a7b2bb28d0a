"""One small corpus for every export test: two extracted reports and one hand-built report with
hostile cells and a place west of Greenwich."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from spacy.language import Language

from claimgraph.api import extract
from claimgraph.model import Article, Claim, Document, Entity, Event, Place, Quantity, Source, TimeExpression
from claimgraph.reconcile.analysis import Reconciliation, reconcile
from claimgraph.reconcile.contradictions import Contradiction
from claimgraph.reconcile.types import CorpusClaim

Reports = list[tuple[int, str, Article]]

YONHAP = """SEOUL (Yonhap) — About 300 North Korean soldiers have been killed in fighting in Russia's Kursk \
region, South Korea's National Intelligence Service told lawmakers on Monday.

Lawmaker Lee Seong-kweun said the NIS estimated that 2,700 North Korean troops had been wounded.

Russian shelling killed 12 civilians in Sudzha on Sunday, Ukraine's General Staff said."""

REUTERS = """KYIV (Reuters) — About 300 North Korean soldiers have been killed in Russia's Kursk region, South \
Korea's National Intelligence Service said on Monday.

Kremlin spokesman Dmitry Peskov denied that North Korean soldiers were fighting in Russia.

=HYPERLINK("http://evil.example") protesters rallied in Kyiv on Saturday, police said."""

HOSTILE_TEXT = "=cmd|'/c calc'!A1 militants attacked a village near Bogotá on Sunday, leaving between 4 and 9 " \
    "people dead, police said."


def hostile_article() -> Article:
    """A hand-built report: formula-like claim text, outlet and actor; a place with negative longitude."""
    claim_text = HOSTILE_TEXT.removesuffix(", police said.")
    q = "between 4 and 9 people"
    qs = HOSTILE_TEXT.index(q)
    ts = HOSTILE_TEXT.index("on Sunday")
    claim = Claim(
        id="c01", text=claim_text, span=(0, len(claim_text)), cue="said", quote="indirect",
        sources=[Source(text="police", span=(len(claim_text) + 2, len(claim_text) + 8), kind="government")],
        quantities=[Quantity(text=q, span=(qs, qs + len(q)), low=4, high=9)],
        times=[TimeExpression(text="on Sunday", span=(ts, ts + 9), start=dt.date(2025, 1, 12),
                              end=dt.date(2025, 1, 12), precision="day", role="event")],
        actors=["-FARC dissidents", "Colombia"], places=["Bogotá"],
        event=Event(type="ASSAULT", trigger="attacked"))
    return Article(
        document=Document(published=dt.date(2025, 1, 16), outlet="@Evil Wire", title="+Attack near Bogotá",
                          url="https://evil.example/a"),
        text=HOSTILE_TEXT, claims=[claim],
        entities=[Entity(name="Colombia", type="GPE", country="CO"),
                  Entity(name="-FARC dissidents", type="ORG", country="CO")],
        places=[Place(name="Bogotá", lat=4.711, lon=-74.0721, country="CO", geonames_id=3688689, feature="city")])


def corpus_claims(reports: Reports) -> list[CorpusClaim]:
    """Stored claims of the reports, keyed C1, C2, ... as the store numbers them."""
    out: list[CorpusClaim] = []
    for doc_id, origin, article in reports:
        for claim in article.claims:
            out.append(CorpusClaim(key=f"C{len(out) + 1}", document=origin, document_id=doc_id,
                                   published=article.document.published, outlet=article.document.outlet,
                                   claim=claim))
    return out


@pytest.fixture(scope="session")
def reports(nlp: Language) -> Reports:
    """Three reports as Store.articles() gives them."""
    yonhap = extract(YONHAP, published="2025-01-14", outlet="Yonhap", title="NIS: 300 North Koreans killed",
                     nlp=nlp)
    reuters = extract(REUTERS, published="2025-01-15", outlet="Reuters", url="https://example.org/reuters",
                      nlp=nlp)
    return [(1, "reports/yonhap.txt", yonhap), (2, "https://example.org/reuters", reuters),
            (3, "reports/hostile.json", hostile_article())]


@pytest.fixture(scope="session")
def rec(reports: Reports) -> Reconciliation:
    """The reconciled corpus, with one contradiction pinned (the first claim against the denial) so
    the exporters' handling of contradictions is tested whatever reconcile finds."""
    result = reconcile(corpus_claims(reports))
    first = result.claims[0]
    denial = next((cc for cc in result.claims if cc.claim.certainty == "CT-"), result.claims[1])
    pinned = Contradiction(first, denial, "denial", "Dmitry Peskov denies what the NIS asserts")
    return dataclasses.replace(result, contradictions=[pinned])
