"""Following RSS/Atom feeds: poll them politely, ingest the entries not seen before.

>>> state = WatchState.load(Path("feeds.watch.json"))      # claimgraph.scale.watchstate
>>> watcher = Watcher(["https://example.org/rss.xml"], state, corpus.sink(), WatchOptions(delay=5))
>>> watcher.round()          # one pass over every feed; WatchTally says what it did

Politeness: a conditional GET per feed (``If-None-Match`` / ``If-Modified-Since`` from the last
answer; 304 means nothing to do), at least ``delay`` seconds between the end of one request and the
start of the next to the same host, and claimgraph's User-Agent. Every page fetched (feeds and the
articles they link to) can be archived to a WARC file.

A feed that cannot be fetched or read is reported in one line and polled again next round; an entry
whose page fails is tried again next round (the feed's validators are then not kept, so the feed is
fetched in full), and given up after :data:`MAX_ATTEMPTS` rounds. What was seen (entry ids, the
validators) is kept per feed in a small JSON state file, written atomically after each feed.
Entries are turned into articles exactly as ``claimgraph ingest`` does for a feed, so the store
sees the same documents either way (and stays idempotent if the state file is lost).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import feedparser

from claimgraph.errors import ClaimgraphError, Code, ConfigError, InputError
from claimgraph.ingest.article import RawArticle
from claimgraph.ingest.batch import BatchOptions, entry_article, entry_meta, full_text, with_defaults
from claimgraph.ingest.fetch import FEED_MARKS, Page, fetch_page, is_feed
from claimgraph.ingest.sources import parse_payload, payload_of
from claimgraph.ingesting import StoreCounts, Stored
from claimgraph.scale.watchstate import Archive, FeedState, Politeness, WatchState

Sink = Callable[[list[RawArticle]], Sequence["Stored | ClaimgraphError"]]
MAX_ATTEMPTS = 3  # rounds an entry whose page fails is tried before it is given up
STORE_EVERY = 8  # entries read before their articles are extracted and stored together
DURATION = re.compile(r"(\d+(?:\.\d+)?)\s*([smhd]?)")
UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(text: str) -> float:
    """Seconds in ``"90"``, ``"90s"``, ``"15m"``, ``"1h30m"``, ``"1d"``; E014 otherwise."""
    value = text.strip().lower()
    parts = DURATION.findall(value)
    if not value or not parts or DURATION.sub("", value).strip():
        raise ConfigError(Code.E014, None, f"--every {text!r}: give a duration such as 90s, 15m or 1h")
    seconds = sum(float(number) * UNITS[unit] for number, unit in parts)
    if seconds <= 0:
        raise ConfigError(Code.E014, None, f"--every {text!r}: the interval must be positive")
    return seconds


def feed_list(arguments: list[str]) -> list[str]:
    """The feeds named on the command line: feed URLs, feed files, or files listing them (one URL or
    path per line, ``#`` comments). Raises E006 for a path that does not exist."""
    feeds: list[str] = []
    for argument in arguments:
        if argument.lower().startswith(("http://", "https://")):
            feeds.append(argument)
            continue
        path = Path(argument)
        if not path.is_file():
            raise InputError(Code.E006, argument)
        feeds.extend([argument] if _is_feed_file(path) else _listed(path))
    return list(dict.fromkeys(feeds))


def _is_feed_file(path: Path) -> bool:
    with path.open("rb") as handle:
        head = handle.read(4096).lower()
    return any(mark in head for mark in FEED_MARKS)


def _listed(path: Path) -> list[str]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise InputError(Code.E003, str(path), str(exc)) from exc
    entries = [line.strip() for line in lines if line.strip() and not line.strip().startswith("#")]
    if not entries:
        raise InputError(Code.E001, str(path), "no feed URLs listed")
    return [e if e.lower().startswith(("http://", "https://")) else str(path.parent / e) for e in entries]


# --- polling ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class WatchOptions:
    """How to fetch: the per-host delay and the limits of :func:`claimgraph.ingest.fetch.fetch_page`."""

    delay: float = 5.0
    allow_private: bool = False
    max_bytes: int = 5_000_000
    timeout: float = 20.0


@dataclass
class WatchTally(StoreCounts):
    """What one round (or a whole run) did."""

    rounds: int = 0
    feeds: int = 0
    not_modified: int = 0
    feed_errors: int = 0
    entries: int = 0
    entry_errors: int = 0

    def add(self, other: WatchTally) -> None:
        for name in (f.name for f in dataclasses.fields(self)):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def errors(self) -> int:
        return self.feed_errors + self.entry_errors

    def summary(self) -> str:
        return (f"{self.feeds} feed polls ({self.not_modified} not modified, {self.feed_errors} failed), "
                f"{self.entries} new entries ({self.entry_errors} failed): {self.new} new, {self.unchanged} "
                f"unchanged, {self.new_version} new versions ({self.claims} claims stored)")


@dataclass(frozen=True)
class _Entry:
    key: str
    items: list[RawArticle]


class Watcher:
    """Polls feeds round by round and hands the new entries' articles to ``sink``."""

    def __init__(self, feeds: list[str], state: WatchState, sink: Sink, options: WatchOptions | None = None,
                 archive: Archive | None = None, report: Callable[[ClaimgraphError], None] | None = None,
                 politeness: Politeness | None = None) -> None:
        self.feeds = feeds
        self.state = state
        self.sink = sink
        self.options = options or WatchOptions()
        self.archive = archive
        self.report = report or (lambda error: None)
        self.polite = politeness or Politeness(self.options.delay)
        self.total = WatchTally()  # everything done since this watcher was made
        self.reader = BatchOptions(allow_private=self.options.allow_private, max_bytes=self.options.max_bytes,
                                   timeout=self.options.timeout).reader()

    def round(self) -> WatchTally:
        """Poll every feed once; the state is saved after each feed (also when interrupted), and
        :attr:`total` counts what was done (also when interrupted)."""
        tally = WatchTally(rounds=1)
        try:
            for url in self.feeds:
                try:
                    self.poll(url, tally)
                finally:
                    self.state.save()
        finally:
            self.total.add(tally)
        return tally

    def run(self, every: float, *, rounds: int | None = None,
            after: Callable[[WatchTally], None] | None = None) -> WatchTally:
        """Round after round, one starting every ``every`` seconds (at once when a round ran late),
        until ``rounds`` are done (forever when None: stop it with KeyboardInterrupt, then read
        :attr:`total`). Returns :attr:`total`."""
        done = 0
        while rounds is None or done < rounds:
            start = time.monotonic()
            tally = self.round()
            done += 1
            if after is not None:
                after(tally)
            if rounds is None or done < rounds:
                time.sleep(max(0.0, start + every - time.monotonic()))
        return self.total

    def poll(self, url: str, tally: WatchTally) -> None:
        """One feed: fetch it (conditionally), then ingest the entries not seen before."""
        feed = self.state.feed(url)
        feed.checked = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        tally.feeds += 1
        try:
            data, page = self._feed_data(url, feed)
            parsed = None if data is None else _parse_feed(data, url)
        except InputError as err:  # archive and state failures (E022) are not the feed's: they stop the run
            feed.error = err.render()
            tally.feed_errors += 1
            self.report(err)
            return
        feed.error = None
        if parsed is None:
            tally.not_modified += 1
            return
        if self._ingest(parsed, url, feed, tally) and page is not None:
            feed.etag, feed.last_modified = page.header("etag"), page.header("last-modified")

    def _feed_data(self, url: str, feed: FeedState) -> tuple[bytes | None, Page | None]:
        """The feed's bytes (None when not modified) and the page they came in."""
        if not url.lower().startswith(("http://", "https://")):
            try:
                return Path(url).read_bytes(), None
            except OSError as exc:
                raise InputError(Code.E006, url, exc.strerror or type(exc).__name__) from exc
        page = self.fetch(url, feed.etag, feed.last_modified)
        return (None if page.fetched is None else page.fetched.body), page

    def fetch(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Page:
        """A polite, archived conditional GET."""
        with self.polite.turn(url):
            page = fetch_page(url, etag=etag, last_modified=last_modified, allow_private=self.options.allow_private,
                              max_bytes=self.options.max_bytes, timeout=self.options.timeout)
        if self.archive is not None:
            self.archive.write(page)
        return page

    def _ingest(self, parsed: Any, url: str, feed: FeedState, tally: WatchTally) -> bool:
        """Read and store the new entries; whether every one of them is done with (stored or given up)."""
        outlet = parsed.feed.get("title") or None
        seen = set(feed.seen)
        done: list[_Entry] = []
        complete = True
        for number, entry in enumerate(parsed.entries, start=1):
            key = entry_key(entry)
            if key in seen:
                continue
            seen.add(key)
            tally.entries += 1
            read = self._entry(entry, key, f"{url}#{number}", outlet, feed, tally)
            if read is None:
                complete = complete and key in feed.seen
            else:
                done.append(read)
            if len(done) >= STORE_EVERY:  # a few at a time: an interrupted round keeps what it stored
                complete = self._store(done, feed, tally) and complete
                done = []
        return self._store(done, feed, tally) and complete

    def _entry(self, entry: Any, key: str, where: str, outlet: str | None, feed: FeedState,
               tally: WatchTally) -> _Entry | None:
        """The entry's articles, or None after reporting why not (given up after MAX_ATTEMPTS)."""
        try:
            return _Entry(key, self.entry_articles(entry, where, outlet))
        except InputError as err:
            tally.entry_errors += 1
            feed.attempts[key] = feed.attempts.get(key, 0) + 1
            if feed.attempts[key] >= MAX_ATTEMPTS:
                feed.mark_seen(key)
            self.report(err)
            return None

    def _store(self, entries: list[_Entry], feed: FeedState, tally: WatchTally) -> bool:
        """Hand the articles to the sink; mark their entries seen once stored."""
        raws = [raw for entry in entries for raw in entry.items]
        try:
            results = self.sink(raws) if raws else []
        except ConfigError:  # the model or an option is wrong: no later round does better
            raise
        except ClaimgraphError as err:  # say the database is down: the entries wait for the next round
            tally.entry_errors += len(entries)
            self.report(err)
            return False
        for result in results:
            if isinstance(result, ClaimgraphError):  # the pipeline failed on this report: no retry helps
                tally.entry_errors += 1
                self.report(result)
            else:
                tally.count(result)
        for entry in entries:
            feed.mark_seen(entry.key)
        return True

    def entry_articles(self, entry: Any, where: str, outlet: str | None) -> list[RawArticle]:
        """A feed entry's articles, as ``claimgraph ingest`` reads them: the entry's own full text, else
        the page it links to (fetched politely and archived). Raises :class:`InputError`."""
        link, meta, given = entry_meta(entry, outlet, where, feed=where.rpartition("#")[0])
        body = full_text(entry)
        if body is not None:
            return [entry_article(body, link or where, meta)]
        if not link:
            raise InputError(Code.E015, where, "an entry with neither full text nor a link")
        page = self.fetch(link)
        assert page.fetched is not None  # no validators were sent: never 304
        if is_feed(page.fetched):
            raise InputError(Code.E005, link, "an RSS or Atom feed, not an article page")
        articles = []
        for item in parse_payload(payload_of(page.fetched, link, self.reader), self.reader):
            if isinstance(item, InputError):
                raise item
            articles.append(with_defaults(item, given, "metadata"))
        return articles


def _parse_feed(data: bytes, url: str) -> Any:
    """The parsed feed; E015 for what is not one (an RSS or Atom feed without entries is fine)."""
    parsed = feedparser.parse(data)
    if not parsed.entries and (parsed.get("bozo") or not parsed.get("version")):
        problem = parsed.get("bozo_exception")
        raise InputError(Code.E015, url, str(problem) if problem else "no RSS or Atom entries found")
    return parsed


def entry_key(entry: Any) -> str:
    """What identifies a feed entry: its id (guid), else its link, else a hash of title and date."""
    key = entry.get("id") or entry.get("link")
    if key:
        return str(key)
    basis = f"{entry.get('title', '')}\n{entry.get('published') or entry.get('updated') or ''}"
    return "sha1:" + hashlib.sha1(basis.encode("utf-8")).hexdigest()
