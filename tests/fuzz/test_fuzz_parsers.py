"""Property: whatever the bytes, each reader and parser answers with its result or a coded
:class:`~claimgraph.errors.ClaimgraphError`, never another exception (hostile input, issue 13)."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from claimgraph.errors import ClaimgraphError
from claimgraph.ingest.article import Overrides, in_range, metadata_date, parse_published
from claimgraph.ingest.batch import BatchOptions, Target, read_target
from claimgraph.ingest.dateline import detect_dateline
from claimgraph.ingest.html import extract_html
from claimgraph.ingest.sources import Options, Payload, parse_payload
from claimgraph.nlp.numbers import parse_digits, parse_range_token
from claimgraph.nlp.numlex import number_lexicon
from claimgraph.nlp.times import find_times

OPTIONS = Options(Overrides(), max_bytes=200_000)
WORDS = ["said", "told", "according", "to", "the", "army", "officials", "\u201c", "\u201d", '"', ",", ".", "\n",
         "on", "Friday", "last", "week", "1,200", "3.5", "million", "killed", "at", "least", "he", "she", "it",
         "Reuters", "(", ")", "—", "-", "'s", "PARIS", "Jan.", "5", "2025", "100,000", "$", "€300,000", "%",
         "believed", "may", "not", "denied", "that", "a", "dozen", "hundreds", "of", "<", ">", "&", ";", "\t"]
news_text = st.lists(st.sampled_from(WORDS) | st.text(max_size=12), max_size=60).map(" ".join)
any_text = st.text(max_size=400) | news_text
json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
                               st.sampled_from(["text", "body", "content", "published", "date", "outlet", "title",
                                                "url", "author", "path"]) | st.text(max_size=8), inner, max_size=6),
                           max_leaves=20)
days = st.dates(min_value=dt.date(1700, 1, 1), max_value=dt.date(2199, 12, 31))


def coded(call: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run ``call``; a ClaimgraphError is an answer, any other exception fails the property."""
    try:
        result = call(*args, **kwargs)
        return list(result) if hasattr(result, "__next__") else result
    except ClaimgraphError:
        return None


@given(st.binary(max_size=2000), st.sampled_from([None, "text", "html", "json", "jsonl"]),
       st.sampled_from([None, "utf-8", "latin-1", "utf-16", "no-such", "shift_jis"]))
def test_payloads(data: bytes, kind: Any, charset: str | None) -> None:
    coded(parse_payload, Payload("fuzz", data, kind, charset), OPTIONS)


@given(any_text, st.sampled_from([None, "text", "html", "json", "jsonl"]))
def test_text_payloads(text: str, kind: Any) -> None:
    coded(parse_payload, Payload("fuzz", text.encode("utf-8", "surrogatepass"), kind), OPTIONS)


tags = st.sampled_from(["p", "div", "article", "script", "style", "h1", "title", "meta", "a", "br", "table", "td",
                        "time", "html", "head", "body", "!--", "![CDATA[", "svg", "math", "template"])
html_docs = st.lists(st.tuples(tags, st.text(max_size=30) | news_text, st.booleans()), max_size=30).map(
    lambda parts: "".join(f"<{t} content='{x[:10]}' datetime='{x[:10]}'>{x}" + (f"</{t}>" if close else "")
                          for t, x, close in parts))


@given(html_docs)
def test_html(html: str) -> None:
    coded(extract_html, html, "fuzz")


@given(json_values)
def test_json_records(value: Any) -> None:
    text = json.dumps(value)
    coded(parse_payload, Payload("fuzz.json", text.encode(), "json"), OPTIONS)
    coded(parse_payload, Payload("fuzz.jsonl", (text + "\n" + text).encode(), "jsonl"), OPTIONS)


def read_file(kind: Any, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "input"
        path.write_bytes(data)
        coded(read_target, Target(kind, str(path)), BatchOptions(max_bytes=200_000))


links = st.sampled_from(["https://example.org/a", "/etc/passwd", "file:///etc/hosts", "../x", "", "javascript:x",
                         "http://127.0.0.1/", "ftp://x", "https://[::1]/"]) | st.text(max_size=20)
entries = st.lists(st.tuples(links, st.text(max_size=20), news_text, st.sampled_from(
    ["Tue, 04 Mar 2025 09:00:00 +0000", "9999-12-31", "0001-01-01T00:00:00Z", "", "yesterday"])), max_size=5)


@given(entries, st.booleans())
def test_feeds(items: list[tuple[str, str, str, str]], atom: bool) -> None:
    def esc(s: str) -> str:
        return s.replace("&", "&amp;").replace("<", "&lt;")
    if atom:
        body = "".join(f"<entry><title>{esc(t)}</title><link href='{esc(link)}'/><updated>{d}</updated>"
                       f"<content type='html'>{esc(c * 3)}</content></entry>" for link, t, c, d in items)
        data = f"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'><title>F</title>{body}</feed>"
    else:
        body = "".join(f"<item><title>{esc(t)}</title><link>{esc(link)}</link><pubDate>{d}</pubDate>"
                       f"<description>{esc(c)}</description></item>" for link, t, c, d in items)
        data = f"<?xml version='1.0'?><rss version='2.0'><channel><title>F</title>{body}</channel></rss>"
    read_file("feed", data.encode("utf-8", "surrogatepass"))


@given(st.binary(max_size=600))
def test_feed_bytes(data: bytes) -> None:
    read_file("feed", b"<?xml version='1.0'?><rss><channel><item>" + data)


warc_headers = st.lists(st.sampled_from([
    b"WARC-Type: response", b"WARC-Type: resource", b"WARC-Type: request", b"Content-Length: 40",
    b"Content-Length: 99999999", b"Content-Length: -1", b"Content-Length: x", b"Content-Type: application/http",
    b"Content-Type: text/html", b"WARC-Target-URI: https://example.org/a", b"WARC-Target-URI: /etc/passwd"]),
    max_size=6)


@given(warc_headers, st.binary(max_size=300), st.booleans())
def test_warc(headers: list[bytes], body: bytes, http: bool) -> None:
    payload = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" if http else b"") + body
    read_file("warc", b"WARC/1.0\r\n" + b"\r\n".join(headers) + b"\r\n\r\n" + payload + b"\r\n\r\n")


@given(st.text(max_size=40) | st.sampled_from(["0001-01-01", "9999-12-31", "2025-02-30", "2025-13-01", "+10000-01-01",
                                               "Tue, 04 Mar 99999 09:00:00 +0000", "2025/01/05", "1e309"]))
def test_dates(value: str) -> None:
    day = coded(parse_published, value)
    assert day is None or in_range(day) == day
    found = metadata_date(value)
    assert found is None or in_range(found) == found


@given(any_text, days | st.none())
def test_times(text: str, published: dt.date | None) -> None:
    for time in find_times(text, published):
        assert text[time.span[0]:time.span[1]] == time.text


@given(any_text)
def test_datelines(text: str) -> None:
    found = detect_dateline(text)
    assert found is None or 0 <= found.end <= len(text)


number_tokens = st.from_regex(r"[-+−]?[0-9,.]{1,30}([eE][-−]?[0-9]{1,4})?(k|m|bn|km|%)?-?", fullmatch=True) | \
    st.text(alphabet="0123456789,.-e½¼/ ", max_size=20)


@given(number_tokens)
def test_numbers(token: str) -> None:
    lex = number_lexicon()
    for parsed in [parse_digits(token, lex), *(parse_range_token(token, lex) or ())]:
        if parsed is not None:
            assert abs(parsed.value) <= 1e30
