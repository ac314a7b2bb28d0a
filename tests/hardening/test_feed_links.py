"""A feed is hostile data: its entry links may only lead to http(s) pages, never to local files."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimgraph.errors import InputError
from claimgraph.ingest import RawArticle
from claimgraph.ingest.batch import BatchOptions, entry_link, read_batch

SECRET = "The launch codes are 0000 and nobody may read this file."


def rss(*links: str) -> str:
    items = "".join(f"<item><title>Entry {n}</title><link>{link}</link><description>Short.</description></item>"
                    for n, link in enumerate(links, start=1))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Hostile</title>{items}</channel></rss>'


def test_local_paths_in_a_feed_are_refused_and_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET * 5, encoding="utf-8")
    (tmp_path / "feeds").mkdir()
    feed = tmp_path / "feeds" / "feed.xml"
    feed.write_text(rss(str(secret), "../secret.txt", "secret.txt", secret.as_uri(), "ftp://example.org/x"),
                    encoding="utf-8")
    items = list(read_batch([str(feed)], BatchOptions()))
    assert not [x for x in items if isinstance(x, RawArticle)]
    errors = [x for x in items if isinstance(x, InputError)]
    assert [e.code.name for e in errors] == ["E054"] * 5
    assert [e.target for e in errors] == [f"{feed}#{n}" for n in range(1, 6)]  # each names its entry
    assert all(SECRET not in e.render() for e in errors)


def test_relative_links_of_a_remote_feed_resolve_against_it() -> None:
    entry = {"link": "/news/ships"}
    assert entry_link(entry, "f#1", "https://example.org/rss.xml") == "https://example.org/news/ships"
    assert entry_link({"link": "https://other.example/a"}, "f#1", "/tmp/feed.xml") == "https://other.example/a"
    assert entry_link({}, "f#1", "https://example.org/rss.xml") is None
    with pytest.raises(InputError, match="E054"):
        entry_link(entry, "f#1", "/tmp/feed.xml")  # a local feed has no base to resolve against
    with pytest.raises(InputError, match="E054"):
        entry_link({"link": "file:///etc/passwd"}, "f#1", "https://example.org/rss.xml")
