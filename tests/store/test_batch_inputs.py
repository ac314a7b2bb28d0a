"""Batch inputs (claimgraph.ingest.batch): folders, globs, URL lists, manifests, feeds, WARC files.

No network: a feed entry without full text points at a loopback address, which is refused.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

from store_samples import write_record as write
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from claimgraph.errors import Code, InputError
from claimgraph.ingest import NO_DATE_NOTE, RawArticle
from claimgraph.ingest.article import Overrides
from claimgraph.ingest.batch import (
    BatchOptions,
    Target,
    expand,
    manifest_lines,
    read_batch,
    read_target,
    with_defaults,
)

BODY = ("The port authority said on Tuesday that 14 ships had been turned away from the harbour since "
        "the storm began, and that repairs to the northern quay would take at least three weeks.")
LONG = " ".join([BODY] * 3)


def read_all(targets: list[str], options: BatchOptions | None = None) -> list[RawArticle | InputError]:
    return list(read_batch(targets, options or BatchOptions()))


def codes(items: list[RawArticle | InputError]) -> list[str]:
    return [x.code.name for x in items if isinstance(x, InputError)]


def articles(items: list[RawArticle | InputError]) -> list[RawArticle]:
    return [x for x in items if isinstance(x, RawArticle)]


def test_folders_are_searched_recursively(tmp_path: Path) -> None:
    for name in ("b.txt", "sub/a.html", "sub/deeper/c.json", "d.jsonl", ".hidden/x.txt", "notes.md", "pic.png"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(BODY, encoding="utf-8")
    found = [(t.kind, Path(t.location).relative_to(tmp_path).as_posix()) for t in expand([str(tmp_path)])]
    assert found == [("input", "b.txt"), ("manifest", "d.jsonl"), ("input", "sub/a.html"),
                     ("input", "sub/deeper/c.json")]


def test_globs_and_missing_inputs(tmp_path: Path) -> None:
    for name in ("one.txt", "two.txt", "three.html"):
        (tmp_path / name).write_text(BODY, encoding="utf-8")
    assert [Path(t.location).name for t in expand([str(tmp_path / "*.txt")])] == ["one.txt", "two.txt"]
    items = read_all([str(tmp_path / "none-*.txt"), str(tmp_path / "missing.txt"), str(tmp_path / "empty")])
    assert codes(items) == ["E006", "E006", "E006"]
    (tmp_path / "folder").mkdir()
    assert codes(read_all([str(tmp_path / "folder")])) == ["E001"]


def test_url_lists(tmp_path: Path) -> None:
    listed = tmp_path / "links.txt"
    listed.write_text("# morning reads\nhttps://example.org/a\n\nhttp://example.org/b?x=1\n", encoding="utf-8")
    assert expand([str(listed)]) == [Target("url", "https://example.org/a"),
                                     Target("url", "http://example.org/b?x=1")]
    story = tmp_path / "story.txt"
    story.write_text("https://example.org/a is where the story began.\n" + BODY, encoding="utf-8")
    assert expand([str(story)]) == [Target("input", str(story))]


def test_manifest_records_with_text_or_path(tmp_path: Path) -> None:
    (tmp_path / "files").mkdir()
    (tmp_path / "files" / "quay.txt").write_text(BODY, encoding="utf-8")
    lines = [
        {"text": BODY, "published": "2025-03-02", "outlet": "Harbour Wire", "title": "Ships turned away"},
        {"path": "files/quay.txt", "published": "2025-03-04", "url": "https://example.org/quay"},
        "{not json",
        {"path": 7},
        {"path": "files/quay.txt", "published": "someday"},
        {"path": "files/missing.txt"},
        {"title": "no text"},
    ]
    manifest = tmp_path / "manifest.jsonl"
    manifest.write_text("\n".join(x if isinstance(x, str) else json.dumps(x) for x in lines), encoding="utf-8")
    items = read_all([str(manifest)], BatchOptions(Overrides(outlet="Fallback Daily")))
    assert codes(items) == ["E010", "E016", "E016", "E006", "E010"]
    inline, from_path = articles(items)
    assert inline.document.origin == f"{manifest}#1"
    assert (inline.document.published, inline.document.outlet) == (dt.date(2025, 3, 2), "Harbour Wire")
    assert from_path.document.origin == str(tmp_path / "files" / "quay.txt")
    assert (from_path.document.published, from_path.document.url) == (dt.date(2025, 3, 4), "https://example.org/quay")
    assert from_path.document.outlet == "Fallback Daily"  # the batch default fills what the input lacks


def test_manifest_lines_are_read_one_at_a_time(tmp_path: Path) -> None:
    """A manifest is streamed: CRLF, CR and LF all end a line (numbered as text mode numbers
    them); a line that is not UTF-8 or is longer than ``max_bytes`` is reported with its number and
    skipped, and the records around it are read."""
    record = json.dumps({"text": BODY, "published": "2025-03-02"}).encode()
    manifest = tmp_path / "mixed.jsonl"
    manifest.write_bytes(record + b"\r\n" + b'{"text": "caf\xe9"}\n' + record + b"\r" + record + b"\n"
                         + b'{"text": "' + b"x" * 5000 + b'"}\n\n' + record)
    items = read_all([str(manifest)], BatchOptions(max_bytes=4096))
    assert [(i.code.name, i.target) for i in items if isinstance(i, InputError)] == [
        ("E003", f"{manifest}#2"), ("E004", f"{manifest}#5")]
    assert [a.document.origin for a in articles(items)] == [f"{manifest}#{n}" for n in (1, 3, 4, 7)]
    stream = io.BytesIO(b"a\r\nb\rc\n" + b"y" * 20 + b"\nd")
    assert [x if isinstance(x, str) else x.code.name for x in manifest_lines(stream, 10)] == [
        "a", "b", "c", "E004", "d"]


RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Harbour Wire</title><link>https://example.org/</link>
<item><title>Ships turned away</title><link>https://example.org/ships</link>
  <pubDate>Tue, 04 Mar 2025 09:00:00 +0000</pubDate>
  <description>Short teaser.</description>
  <content:encoded><![CDATA[<p>{BODY}</p><p>{BODY}</p><p>{BODY}</p>]]></content:encoded></item>
<item><title>Teaser only</title><link>http://127.0.0.1/teaser</link><description>Short.</description></item>
<item><title>Nothing at all</title><description>Short.</description></item>
</channel></rss>"""

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Quay Notes</title><id>urn:x</id>
<updated>2025-03-05T10:00:00Z</updated>
<entry><title>Repairs</title><id>urn:y</id><link href="https://example.org/repairs"/>
<published>2025-03-05T10:00:00Z</published><updated>2025-03-05T10:00:00Z</updated>
<content type="text">{LONG}</content></entry></feed>"""


def test_rss_entries_with_full_text_or_a_link(tmp_path: Path) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text(RSS, encoding="utf-8")
    items = read_all([str(feed)])
    assert codes(items) == ["E008", "E015"]  # the link is fetched (and refused here); no link, no text
    (entry,) = articles(items)
    doc = entry.document
    assert (doc.origin, doc.url, doc.title, doc.outlet) == ("https://example.org/ships", "https://example.org/ships",
                                                           "Ships turned away", "Harbour Wire")
    assert (doc.published, doc.published_source) == (dt.date(2025, 3, 4), "metadata")
    assert entry.text.count("port authority") == 3 and "<p>" not in entry.text


def test_atom_feed_with_text_content(tmp_path: Path) -> None:
    feed = tmp_path / "notes.atom"
    feed.write_text(ATOM, encoding="utf-8")
    (entry,) = read_all([str(feed)])
    assert isinstance(entry, RawArticle)
    assert (entry.document.outlet, entry.document.published) == ("Quay Notes", dt.date(2025, 3, 5))
    assert entry.text == LONG


def test_unreadable_feed(tmp_path: Path) -> None:
    feed = tmp_path / "broken.xml"
    feed.write_text("<rss><channel><item>", encoding="utf-8")
    assert codes(read_all([str(feed)])) == ["E015"]


def warc_file(path: Path) -> None:
    """A small WARC: two article responses, a 404, an image and a request record."""
    page = (f"<html><head><title>Quay repairs</title></head><body><article><h1>Quay repairs</h1>"
            f"<p>{BODY}</p><p>{BODY}</p></article></body></html>").encode()
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for uri, status, media, body in [
            ("https://example.org/quay", "200 OK", "text/html; charset=utf-8", page),
            ("https://example.org/gone", "404 Not Found", "text/html", b"<html><body>gone</body></html>"),
            ("https://example.org/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n0000"),
            ("https://example.org/notice.txt", "200 OK", "text/plain", BODY.encode()),
        ]:
            headers = StatusAndHeaders(status, [("Content-Type", media)], protocol="HTTP/1.1")
            write(writer, writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers))
        write(writer, writer.create_warc_record("https://example.org/quay", "request",
                                                payload=io.BytesIO(b"GET /quay HTTP/1.1\r\n\r\n")))


def test_warc_responses_are_articles(tmp_path: Path) -> None:
    archive = tmp_path / "crawl.warc.gz"
    warc_file(archive)
    items = read_all([str(archive)])
    assert codes(items) == []
    page, notice = articles(items)
    assert (page.document.origin, page.document.url) == ("https://example.org/quay", "https://example.org/quay")
    assert page.document.title == "Quay repairs"
    assert page.text.startswith("The port authority")
    assert notice.document.origin == "https://example.org/notice.txt" and notice.text == BODY


def test_unreadable_warc(tmp_path: Path) -> None:
    archive = tmp_path / "junk.warc"
    archive.write_bytes(b"this is not an archive\r\n" * 20)
    assert codes(read_all([str(archive)])) == ["E017"]


def test_error_targets_yield_their_error() -> None:
    error = InputError(Code.E006, "x", "no file matches the pattern")
    assert list(read_target(Target("error", "x", error), BatchOptions())) == [error]


def test_batch_metadata_fills_only_what_is_missing(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text(BODY, encoding="utf-8")
    (raw,) = articles(read_all([str(story)]))
    assert NO_DATE_NOTE in raw.document.notes
    filled = with_defaults(raw, Overrides(published=dt.date(2025, 3, 4), outlet="Harbour Wire"), "given")
    assert (filled.document.published, filled.document.published_source) == (dt.date(2025, 3, 4), "given")
    assert NO_DATE_NOTE not in filled.document.notes and filled.document.outlet == "Harbour Wire"
    kept = with_defaults(filled, Overrides(published=dt.date(2000, 1, 1), outlet="Other"), "given")
    assert (kept.document.published, kept.document.outlet) == (dt.date(2025, 3, 4), "Harbour Wire")
