"""The REST API in-process: every resource answers from the corpus, write endpoints need write mode
and the token, and every error has the one JSON shape."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from workbench_support import HOSTS, TOKEN, auth, client_for

from claimgraph.corpus import Corpus
from claimgraph.reconcile.grading import origin_name
from claimgraph.serve import ServeConfig

ERROR_KEYS = {"code", "status", "message", "detail", "fix"}


def error_of(response: Any, status: int, code: str) -> dict[str, Any]:
    """Check the one error shape and return the error."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == ERROR_KEYS, body
    error = body["error"]
    assert error["code"] == code and error["status"] == status
    assert error["message"].startswith(f"{code}: ") and error["message"].endswith(error["fix"])
    return dict(error)


def test_claims_listing_filters_and_pages(api: TestClient, demo_db: str) -> None:
    everything = api.get("/api/claims", params={"limit": 500}).json()
    assert everything["total"] == 220 and len(everything["items"]) == 220
    first = everything["items"][0]
    assert {"key", "text", "span", "sources", "certainty", "quantities", "times", "document_id", "origin",
            "credibility", "echoes"} <= set(first)
    assert 1 <= first["credibility"]["value"] <= 6 and first["credibility"]["reason"]
    page2 = api.get("/api/claims", params={"limit": 10, "offset": 10}).json()
    assert [c["key"] for c in page2["items"]] == [c["key"] for c in everything["items"][10:20]]
    hedged = api.get("/api/claims", params=[("certainty", "PR+"), ("certainty", "PS+"), ("limit", 500)]).json()
    assert hedged["total"] and {c["certainty"] for c in hedged["items"]} <= {"PR+", "PS+"}
    confirmed = api.get("/api/claims", params={"credibility": 1, "limit": 500}).json()
    assert confirmed["total"] and {c["credibility"]["value"] for c in confirmed["items"]} == {1}
    nis = api.get("/api/claims", params={"origin": "National Intelligence Service", "limit": 500}).json()
    assert nis["total"] > 20 and {c["origin"]["name"] for c in nis["items"]} == {"National Intelligence Service"}
    troops = api.get("/api/claims", params={"measure": "troops deployed", "limit": 500}).json()
    assert troops["total"] and all("troops deployed" in c["measures"] for c in troops["items"])
    words = api.get("/api/claims", params={"q": "Kursk", "since": "2025-01-01", "limit": 500}).json()
    assert words["total"] and all("kursk" in c["text"].lower() and c["published"] >= "2025-01-01"
                                  for c in words["items"])
    with Corpus.open(demo_db, create=False) as corpus:
        assert len(corpus.claims(query="Kursk", since=None, limit=1000)) >= words["total"]
    bare = api.get("/api/claims", params={"annotate": "false", "limit": 1}).json()["items"][0]
    assert "credibility" not in bare


def test_reports_claims_and_traces_link_up(api: TestClient) -> None:
    listing = api.get("/api/documents").json()
    assert listing["total"] == 15
    doc = api.get(f"/api/documents/{listing['items'][0]['id']}").json()
    assert doc["text"] and doc["claims"]
    claim = doc["claims"][0]
    assert doc["text"][claim["span"][0]:claim["span"][1]] == claim["text"]
    assert "echo_claims" in claim and "against" in claim
    one = api.get(f"/api/claims/{claim['key']}").json()
    assert one["key"] == claim["key"] and one["document_id"] == doc["id"]
    trace = api.get(f"/api/claims/{claim['key']}/trace").json()
    assert trace["claim"]["key"] == claim["key"] and trace["claim"]["document_id"] == doc["id"]
    assert trace["credibility"]["value"] == claim["credibility"]["value"]
    assert {"origin", "echoes", "contradicted_by", "contradictions", "corroborated_by",
            "corroborated_by_total"} <= set(trace)


def test_trace_matches_the_corpus_api(api: TestClient, demo_db: str) -> None:
    with Corpus.open(demo_db, create=False) as corpus:
        contested = corpus.contradictions()[0]["a"]["key"]
        expected = corpus.trace(contested)
    assert expected is not None
    got = api.get(f"/api/claims/{contested}/trace").json()
    assert [r["key"] for r in got["echoes"]] == [r["key"] for r in expected["echoes"]]
    assert [r["key"] for r in got["contradicted_by"]] == [r["key"] for r in expected["contradicted_by"]]
    assert got["contradictions"] and all(c["reason"] and c["document_id"] for c in got["contradictions"])
    assert all(ref["document_id"] and ref["outlet"] for ref in got["echoes"])


def test_traces_list_corroborating_claims_of_other_origins_only(api: TestClient, demo_db: str) -> None:
    """On the demo corpus: a claim's trace lists the claims of other origins in other reports that
    state the same thing (best match first), never one of its own origin, though such links exist;
    the API gives the same claims, linked to their reports."""
    with Corpus.open(demo_db, create=False) as corpus:
        traces = {cc.key: corpus.trace(cc.key) for cc in corpus.reconciliation().claims}
        rec = corpus.reconciliation()
    claims = {cc.key: cc for cc in rec.claims}
    same_origin = {frozenset((x.a, x.b)) for x in rec.propositions
                   if origin_name(claims[x.a]) == origin_name(claims[x.b])}
    assert same_origin, "the demo corpus has links between claims of one origin: the rule must leave them out"
    corroborated = 0
    for key, trace in traces.items():
        assert trace is not None
        support = trace["corroborated_by"]
        assert trace["corroborated_by_total"] == len(support) and len(support) <= 50
        order = [(-r["score"], int(r["key"][1:])) for r in support]
        assert order == sorted(order), key
        for ref in support:
            assert origin_name(claims[ref["key"]]) != origin_name(claims[key]), (key, ref["key"])
            assert ref["document"] != trace["claim"]["document"] and frozenset((key, ref["key"])) not in same_origin
            assert ref["method"] in ("figure", "lexical") and 0 < ref["score"] <= 1
        corroborated += bool(support)
        assert bool(support) == bool(trace["credibility"]["corroborated_by"]), key
    assert corroborated >= 10
    found = {k: v for k, v in traces.items() if v is not None}
    key = max(found, key=lambda k: len(found[k]["corroborated_by"]))
    got = api.get(f"/api/claims/{key}/trace").json()
    assert [(r["key"], r["method"], r["score"]) for r in got["corroborated_by"]] == [
        (r["key"], r["method"], r["score"]) for r in found[key]["corroborated_by"]]
    assert got["corroborated_by_total"] == len(got["corroborated_by"]) >= 5
    assert all(ref["document_id"] and ref["outlet"] for ref in got["corroborated_by"])


def test_reconciliation_endpoints(api: TestClient, demo_db: str) -> None:
    with Corpus.open(demo_db, create=False) as corpus:
        echoes, contradictions = corpus.echoes(), corpus.contradictions()
        estimates, sources = corpus.estimates("troops deployed"), corpus.sources()
    got = api.get("/api/echoes").json()
    assert (got["total"], got["limit"], got["offset"]) == (len(echoes), 50, 0)
    assert [[c["key"] for c in g["claims"]] for g in got["items"]] == [[c["key"] for c in g["claims"]] for g in echoes]
    pairs = api.get("/api/contradictions").json()
    assert pairs["total"] == len(contradictions) and len(contradictions) > 2
    assert [(p["a"]["key"], p["b"]["key"], p["reason"]) for p in pairs["items"]] == [
        (p["a"]["key"], p["b"]["key"], p["reason"]) for p in contradictions]
    second = api.get("/api/contradictions", params={"limit": 2, "offset": 1}).json()
    assert [p["reason"] for p in second["items"]] == [p["reason"] for p in contradictions[1:3]]
    assert second["total"] == len(contradictions)
    assert api.get("/api/echoes", params={"limit": 501}).status_code == 422
    page = api.get("/api/estimates", params={"measure": "troops deployed"}).json()
    series = page["items"]
    assert [s["measure"] for s in series] == [s["measure"] for s in estimates] and series[0]["consensus"]
    assert page["total"] == len(estimates) and (page["limit"], page["offset"]) == (20, 0)
    assert all(ref["document_id"] for s in series for p in s["points"] for ref in p["claims"])
    rows = api.get("/api/sources").json()
    assert [r["origin"] for r in rows] == [r["origin"] for r in sources]
    assert next(r for r in rows if r["origin"] == "National Intelligence Service")["country"] == "KR"
    entities = api.get("/api/entities", params={"q": "NIS"}).json()
    assert "National Intelligence Service" in [e["name"] for e in entities["items"]]
    places = api.get("/api/places").json()
    assert places[0]["claims"] >= places[-1]["claims"] > 0
    status = api.get("/api/status").json()
    assert status["write"] is False and status["counts"]["claim"] == 220


def test_estimates_come_a_page_of_series_at_a_time(api: TestClient, demo_db: str) -> None:
    """Series most points first, ``limit`` from ``offset``, the total beside; the measures listing
    counts every series and point (what the claims filter offers, without fetching the series)."""
    with Corpus.open(demo_db, create=False) as corpus:
        every = corpus.estimates()
    assert len(every) >= 4
    assert [len(s["points"]) for s in every] == sorted((len(s["points"]) for s in every), reverse=True)
    page = api.get("/api/estimates", params={"limit": 2, "offset": 1}).json()
    assert page["total"] == len(every) and (page["limit"], page["offset"]) == (2, 1)
    assert [(s["measure"], s["subject"]) for s in page["items"]] == [(s["measure"], s["subject"]) for s in every[1:3]]
    assert api.get("/api/estimates", params={"offset": len(every)}).json()["items"] == []
    assert api.get("/api/estimates", params={"limit": 101}).status_code == 422
    points = [p for s in api.get("/api/estimates", params={"claims": 1}).json()["items"] for p in s["points"]]
    assert all(len(p["claims"]) == 1 for p in points) and max(p["claims_total"] for p in points) > 1
    dates = sorted(p["as_of"] for s in every for p in s["points"] if p["as_of"])
    since, until = dates[len(dates) // 3], dates[2 * len(dates) // 3]
    window = api.get("/api/estimates", params={"since": since, "until": until, "limit": 100}).json()
    kept = [p["as_of"] for s in window["items"] for p in s["points"]]
    assert kept and all(since <= day <= until for day in kept)
    assert len(kept) == sum(since <= day <= until for day in dates)
    assert api.get("/api/estimates", params={"since": "soon"}).status_code == 422
    counts: dict[str, list[int]] = {}
    for s in every:
        counts.setdefault(s["measure"], [0, 0])
        counts[s["measure"]][0] += 1
        counts[s["measure"]][1] += len(s["points"])
    measures = api.get("/api/measures").json()
    assert {m["measure"]: [m["series"], m["points"]] for m in measures} == counts
    assert [m["points"] for m in measures] == sorted((m["points"] for m in measures), reverse=True)


@pytest.mark.parametrize(("fmt", "media", "start"), [
    ("jsonl", "application/x-ndjson", "{"), ("csv", "text/csv", "event_id_cnty,"),
    ("stix", "application/json", "{"), ("geojson", "application/geo+json", "{")])
def test_exports(api: TestClient, fmt: str, media: str, start: str) -> None:
    response = api.get(f"/api/exports/{fmt}")
    assert response.status_code == 200 and response.headers["content-type"].startswith(media)
    assert "attachment" in response.headers["content-disposition"]
    assert response.text.startswith(start) and len(response.text) > 1000


def test_api_over_postgresql(demo_pg: str) -> None:
    with client_for(ServeConfig(db=demo_pg, hosts=HOSTS)) as client:
        assert client.get("/api/claims", params={"q": "troops"}).json()["total"] > 10
        doc = client.get("/api/documents").json()["items"][0]
        assert client.get(f"/api/documents/{doc['id']}").json()["claims"]
        assert client.get("/api/estimates").json()["items"]
        assert client.get("/api/measures").json()[0]["points"] > 0
        assert client.get("/api/status").json()["backend"] == "postgresql"


# errors: one shape, every path


def test_routing_and_validation_errors(api: TestClient) -> None:
    error_of(api.get("/api/nothing-here"), 404, "E030")
    error_of(api.get("/api/claims/C999999"), 404, "E030")
    error_of(api.get("/api/claims/C999999/trace"), 404, "E030")
    error_of(api.get("/api/documents/999999"), 404, "E030")
    error_of(api.delete("/api/claims"), 403, "E031")  # a read-only server refuses every write first
    bad = error_of(api.get("/api/claims", params={"limit": 0}), 422, "E034")
    assert "limit" in bad["detail"]
    error_of(api.get("/api/claims", params={"since": "yesterday"}), 422, "E034")
    error_of(api.get("/api/claims", params={"certainty": "XX"}), 422, "E034")
    error_of(api.get("/api/claims", params={"credibility": 9}), 422, "E034")
    error_of(api.get("/api/exports/pdf"), 422, "E034")
    error_of(api.get("/api/documents/abc"), 422, "E034")
    error_of(api.get("/static/nothing.js"), 404, "E030")


def test_write_endpoints_are_refused_when_read_only(api: TestClient) -> None:
    error_of(api.post("/api/documents", json={"text": "x"}, headers=auth()), 403, "E031")
    error_of(api.put("/api/sources/grade", json={"source": "NIS", "grade": "B"}, headers=auth()), 403, "E031")
    error_of(api.post("/api/documents/fetch", json={"url": "https://example.org/"}), 403, "E031")


def test_write_endpoints_need_the_token(writer: TestClient) -> None:
    for headers in ({}, auth("wrong"), {"Authorization": TOKEN}, {"Authorization": f"Basic {TOKEN}"}):
        error = error_of(writer.post("/api/documents", json={"text": "Officials said so."}, headers=headers),
                         401, "E032")
        assert TOKEN not in error["message"]
    response = writer.put("/api/sources/grade", json={"source": "NIS", "grade": "B"})
    error_of(response, 401, "E032")
    assert response.headers["www-authenticate"] == "Bearer"
    # the token is checked before the body is looked at
    error_of(writer.post("/api/documents", content=b"not json", headers={"content-type": "application/json"}),
             401, "E032")
    error_of(writer.post("/api/documents", content=b"not json", headers={**auth(), "content-type":
                                                                        "application/json"}), 422, "E034")
    error_of(writer.delete("/api/claims", headers=auth()), 405, "E035")


def test_request_limits_and_hosts(demo_copy: str) -> None:
    config = ServeConfig(db=demo_copy, write=True, token=TOKEN, hosts=HOSTS, max_bytes=2_000)
    with client_for(config) as client:
        big = "Officials said the bridge was safe. " * 3_000
        error_of(client.post("/api/documents", json={"text": big}, headers=auth()), 413, "E033")

        def chunks() -> Iterator[bytes]:  # no Content-Length: the body itself is counted
            yield b'{"text": "'
            yield b"x" * 100_000
            yield b'"}'

        error_of(client.post("/api/documents", content=chunks(), headers={**auth(), "content-type":
                                                                         "application/json"}), 413, "E033")
        error_of(client.get("/api/status", headers={"host": "attacker.example"}), 400, "E036")
        assert client.get("/api/status", headers={"host": "testserver:8000"}).status_code == 200


def test_input_errors_keep_their_codes(writer: TestClient) -> None:
    error_of(writer.post("/api/documents", json={"text": "   \n "}, headers=auth()), 400, "E001")
    error_of(writer.post("/api/documents", json={"text": "Officials said so.", "published": "soon"},
                         headers=auth()), 400, "E009")
    pdf = {"file": ("report.pdf", b"%PDF-1.4 ...", "application/pdf")}
    error_of(writer.post("/api/documents/upload", files=pdf, headers=auth()), 415, "E005")
    binary = {"file": ("report.txt", b"\x00\x01\x02" * 100, "text/plain")}
    error_of(writer.post("/api/documents/upload", files=binary, headers=auth()), 400, "E002")
    error_of(writer.put("/api/sources/grade", json={"source": "NIS", "grade": "Z"}, headers=auth()), 422, "E034")
    error_of(writer.post("/api/documents/fetch", json={"url": "ftp://example.org/x"}, headers=auth()), 502, "E007")
    error_of(writer.post("/api/documents/fetch", json={"url": "http://127.0.0.1:9/story"}, headers=auth()),
             403, "E008")
    error_of(writer.post("/api/documents/fetch", json={"url": "http://10.1.2.3/story"}, headers=auth()),
             403, "E008")


def test_unexpected_errors_are_500_with_the_shape(demo_copy: str) -> None:
    with client_for(ServeConfig(db=demo_copy, hosts=HOSTS)) as client:
        with sqlite3.connect(demo_copy) as conn:  # break the database under the running server
            conn.execute("DROP TABLE claim_place")
        error = error_of(client.get("/api/places"), 500, "E037")
        assert "claim_place" not in error["message"]  # the client learns the type, the log the rest


def test_openapi_and_security_headers(api: TestClient) -> None:
    spec = api.get("/openapi.json").json()
    paths = spec["paths"]
    for path in ("/api/claims", "/api/claims/{key}/trace", "/api/documents", "/api/documents/{document_id}",
                 "/api/documents/upload", "/api/documents/fetch", "/api/estimates", "/api/contradictions",
                 "/api/echoes", "/api/sources", "/api/sources/grade", "/api/entities", "/api/places",
                 "/api/exports/{format}"):
        assert path in paths, path
    assert "ErrorBody" in spec["components"]["schemas"]
    assert api.get("/docs").status_code == 404  # the Swagger page loads from a CDN: not served
    for url in ("/", "/api/status", "/static/js/app.js", "/api/nothing"):
        headers = api.get(url).headers
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp and "default-src 'none'" in csp and "unsafe-inline" not in csp
        assert headers["x-content-type-options"] == "nosniff" and headers["x-frame-options"] == "DENY"


def test_url_ingest_fetches_when_private_addresses_are_allowed(demo_copy: str,
                                                              html_page: Callable[[bytes], str]) -> None:
    """The fetcher's refusal stays on by default; --allow-private lets a local page through."""
    page = (b"<html><head><title>Bridge report</title></head><body><article><p>SEOUL (Harbour Wire) - "
            b"About 2,000 North Korean troops crossed the bridge on Monday, South Korea's spy agency said."
            b"</p></article></body></html>")
    url = html_page(page)
    config = ServeConfig(db=demo_copy, write=True, token=TOKEN, hosts=HOSTS, allow_private=True)
    with client_for(config) as client:
        added = client.post("/api/documents/fetch", json={"url": url, "published": "2025-01-13"},
                            headers=auth())
        assert added.status_code == 200, added.text
        result = added.json()["added"]
        assert [r["status"] for r in result] == ["new"] and result[0]["claims"] >= 1
        doc = client.get(f"/api/documents/{result[0]['document_id']}").json()
        assert doc["url"] == url and "2,000" in doc["text"]
        again = client.post("/api/documents/fetch", json={"url": url, "published": "2025-01-13"},
                            headers=auth()).json()
        assert [r["status"] for r in again["added"]] == ["unchanged"]


def test_pasted_and_uploaded_reports_join_the_corpus(writer: TestClient) -> None:
    text = ("SEOUL (Harbour Wire) — About 2,000 North Korean troops crossed into Russia last week, "
            "South Korea's National Intelligence Service said on Monday.\n")
    first = writer.post("/api/documents", json={"text": text, "published": "2025-03-03", "outlet": "Harbour Wire"},
                        headers=auth()).json()
    assert [r["status"] for r in first["added"]] == ["new"]
    assert writer.get("/api/status").json()["counts"]["document"] == 16
    records = "\n".join(['{"text": "Officials said 40 zeppelins had left the hangar.", "published": "2025-03-04"}',
                         '{"no_text": true}'])
    upload = writer.post("/api/documents/upload", files={"file": ("batch.jsonl", records.encode(), "text/plain")},
                         headers=auth()).json()
    assert [r["status"] for r in upload["added"]] == ["new"] and [s["code"] for s in upload["skipped"]] == ["E010"]
    found = writer.get("/api/claims", params={"q": "zeppelins hangar"}).json()
    assert found["total"] == 1 and found["items"][0]["credibility"]["value"] in range(1, 7)
    graded = writer.put("/api/sources/grade", json={"source": "NIS", "grade": "b", "note": "track record"},
                        headers=auth()).json()
    assert graded["grade"] == "B"
    nis = next(r for r in writer.get("/api/sources").json() if r["origin"] == "National Intelligence Service")
    assert nis["reliability"] == "B"


def test_answers_kept_per_corpus_state_are_bounded(api: TestClient) -> None:
    """Request values (here measures) key the kept answers: many distinct ones keep only the newest."""
    from claimgraph.serve.workbench import ANSWER_CACHE

    bench = api.app.state.workbench  # type: ignore[attr-defined]
    for n in range(ANSWER_CACHE + 20):
        assert api.get("/api/claims", params={"measure": f"no such measure {n}", "limit": 1}).status_code == 200
    assert len(bench.snapshot().cache) == ANSWER_CACHE
    assert ("measuring", f"no such measure {ANSWER_CACHE + 19}") in bench.snapshot().cache


def test_head_answers_like_get_without_a_body(api: TestClient) -> None:
    got = api.get("/api/status")
    head = api.head("/api/status")
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]
    assert head.headers.get("content-security-policy") == got.headers.get("content-security-policy")


def test_an_oversized_claim_key_is_not_found(api: TestClient) -> None:
    error_of(api.get("/api/claims/C99999999999999999999"), 404, "E030")
    error_of(api.get("/api/claims/C99999999999999999999/trace"), 404, "E030")
