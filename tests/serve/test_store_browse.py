"""store/browse.py on SQLite and PostgreSQL: filters, pages, order, reports, entities, places."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, func, select

from claimgraph.store import Store, as_claims
from claimgraph.store import browse as b
from claimgraph.store import schema as s


@pytest.fixture()
def store(demo_url: str) -> Iterator[Store]:
    opened = Store.open(demo_url, create=False)
    yield opened
    opened.close()


def page(engine: Engine, **filters: object) -> b.Page:
    return b.claim_page(engine, b.ClaimFilter(**filters), limit=500)  # type: ignore[arg-type]


def test_claim_rows_have_the_shape_of_the_claims_command(store: Store) -> None:
    """The normalised tables give back what the stored Article says, field for field."""
    expected = {c["key"]: c for c in as_claims(store.claims(limit=1000))}
    got = page(store.engine)
    assert got.total == len(expected) == 220
    for claim in got.items:
        want = expected[claim["key"]]
        for name in ("document", "published", "outlet", "text", "span", "sources", "certainty", "quantities",
                     "times"):
            assert claim[name] == want[name], (claim["key"], name)
        assert claim["latest"] is True and claim["document_id"] > 0


def test_filters(store: Store) -> None:
    e = store.engine
    nis = page(e, entity="NIS")
    assert nis.total > 20
    assert page(e, entity="National Intelligence Service").total == nis.total  # alias and name alike
    names = {"National Intelligence Service", *b.entities_page(e, query="spy agency").items[0]["aliases"]}
    assert all(any(h["entity"] in names for h in c["sources"]) or names & set(c["actors"]) for c in nis.items)
    hop = page(e, source="Joint Chiefs")
    assert hop.total and all(any("joint chiefs" in h["text"].lower() or h["entity"] == "Joint Chiefs of Staff"
                                 for h in c["sources"]) for c in hop.items)
    kursk = page(e, place="Kursk")
    assert kursk.total and all("Kursk" in c["places"] for c in kursk.items)
    hedged = page(e, certainty=("PR+", "PS+"))
    assert hedged.total and {c["certainty"] for c in hedged.items} <= {"PR+", "PS+"}
    window = page(e, since=dt.date(2025, 1, 1), until=dt.date(2025, 1, 31))
    assert window.total and all("2025-01-01" <= c["published"] <= "2025-01-31" for c in window.items)
    words = page(e, query="killed wounded")
    assert words.total and all("kill" in c["text"].lower() and "wound" in c["text"].lower() for c in words.items)
    combined = page(e, entity="NIS", query="troops", certainty=("CT+",))
    assert 0 < combined.total < nis.total


def test_hostile_filter_values_are_data_not_sql(store: Store) -> None:
    e = store.engine
    for value in ("'; DROP TABLE claim; --", '" OR 1=1 --', "%", "_", "\\", "NIS') OR ('1'='1"):
        assert page(e, source=value).total == 0, value
        assert page(e, entity=value).total == 0, value
        assert page(e, place=value).total == 0, value
        assert page(e, query="zzqx " + value).total == 0, value  # operators are words, all required
        assert b.documents_page(e, query=value).total == 0, value
        assert b.entities_page(e, query=value).total == 0, value
    with e.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(s.claim)) == 220


def test_pages_and_order(store: Store) -> None:
    e = store.engine
    everything = [c["key"] for c in page(e).items]
    pieces = [c["key"] for offset in range(0, 220, 50)
              for c in b.claim_page(e, b.ClaimFilter(), limit=50, offset=offset).items]
    assert pieces == everything and len(set(pieces)) == 220
    newest = b.claim_page(e, b.ClaimFilter(), sort="-published", limit=500).items
    dates = [c["published"] for c in newest]
    assert dates == sorted(dates, reverse=True)
    by_key = [int(c["key"][1:]) for c in b.claim_page(e, b.ClaimFilter(), sort="-key", limit=500).items]
    assert by_key == sorted(by_key, reverse=True)
    within = b.claim_page(e, b.ClaimFilter(certainty=("CT+",)), within={int(k[1:]) for k in everything[:30]},
                          limit=5, offset=2)
    assert within.total <= 30 and len(within.items) == 5
    assert all(c["certainty"] == "CT+" for c in within.items)


def test_documents(store: Store) -> None:
    e = store.engine
    listing = b.documents_page(e, limit=100)
    assert listing.total == 15 and sum(d["claims"] for d in listing.items) == 220
    assert [d["published"] for d in listing.items] == sorted((d["published"] for d in listing.items), reverse=True)
    assert b.documents_page(e, query="Harbor Wire").total == 1
    first = listing.items[0]
    doc = b.document(e, first["id"])
    assert doc is not None and doc["origin"] == first["origin"] and doc["latest"]
    assert len(doc["claims"]) == first["claims"] and doc["versions"] == [{"id": doc["id"], "version": 1,
                                                                            "latest": True}]
    for claim in doc["claims"]:
        start, end = claim["span"]
        assert doc["text"][start:end] == claim["text"]
        for hop in claim["sources"]:
            if hop["span"]:
                assert doc["text"][hop["span"][0]:hop["span"][1]] == hop["text"]
    assert b.document(e, 10**9) is None
    linked = b.latest_documents(e)
    assert linked[first["origin"]]["document_id"] == first["id"]


def test_entities_places_and_single_claims(store: Store) -> None:
    e = store.engine
    found = b.entities_page(e, query="spy agency")
    assert [x["name"] for x in found.items] == ["National Intelligence Service"]
    nis = found.items[0]
    assert "NIS" in nis["aliases"] and nis["as_source"] > 20
    assert b.entities_page(e, limit=5, offset=5).total == b.entities_page(e).total
    places = b.places(e)
    assert places[0]["claims"] >= places[-1]["claims"] > 0
    assert {"Pyongyang", "Kursk"} <= {p["name"] for p in places}
    assert all(p["lat"] is not None and p["lon"] is not None for p in places)
    key = page(e).items[0]["key"]
    one = b.claim(e, key)
    assert one is not None and one["key"] == key
    assert b.claim(e, "C999999") is None and b.claim(e, "nonsense") is None and b.claim_id(" c12 ") == 12
