"""One bad input is that input's coded error; the batch goes on (issue: hardening, point 3)."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from claimgraph.api import raw_article
from claimgraph.cli import app
from claimgraph.errors import ClaimgraphError, Code, InputError, printable
from claimgraph.ingest import RawArticle, parse_published
from claimgraph.ingest.article import metadata_date
from claimgraph.ingest.batch import BatchOptions, Target, read_target
from claimgraph.model import Article
from claimgraph.nlp.numbers import MAX_EXPONENT
from claimgraph.pipeline import build
from claimgraph.scale.shards import extract_isolated

GOOD = ("The port authority said on Tuesday that 14 ships had been turned away from the harbour since the "
        "storm began. Repairs to the northern quay would take at least three weeks, officials said.")
runner = CliRunner()


@pytest.fixture(scope="module")
def faulty_nlp() -> Iterator[Language]:
    """The real pipeline plus a last step that fails on one marked report: a stand-in for whatever
    bug a hostile text may still trip."""
    nlp = build()

    @Language.component("fails_on_marker")
    def fails_on_marker(doc: Doc) -> Doc:
        if "XYZZY" in doc.text:
            raise RuntimeError("tripped on \x1b[31mXYZZY\x1b[0m")
        return doc

    nlp.add_pipe("fails_on_marker")
    yield nlp


def test_a_report_the_pipeline_fails_on_is_E050_and_the_others_are_extracted(faulty_nlp: Language) -> None:
    raws = [raw_article(GOOD, origin="a"), raw_article(GOOD + " XYZZY", origin="bad"), raw_article(GOOD, origin="c")]
    found = extract_isolated(raws, faulty_nlp)
    assert [type(x).__name__ for x in found] == ["Article", "ClaimgraphError", "Article"]
    error = found[1]
    assert isinstance(error, ClaimgraphError) and error.code.name == "E050" and error.target == "bad"
    assert "\x1b" not in error.render() and "RuntimeError" in error.render()
    assert all(isinstance(x, Article) and x.claims for x in (found[0], found[2]))


def test_ingest_stores_the_good_files_and_reports_the_bad_one(tmp_path: Path, nlp: Language) -> None:
    good, good2, bad = tmp_path / "good.txt", tmp_path / "good2.txt", tmp_path / "bad.jsonl"
    good.write_text(GOOD, encoding="utf-8")
    good2.write_text(GOOD.replace("14 ships", "15 ships"), encoding="utf-8")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    bad.write_text(json.dumps({"path": "good.txt", "published": "9999-12-31"}) + "\n"
                   + json.dumps({"text": "Officials said 1e309 people \ud800 fled yesterday.\x00 " * 3}) + "\n",
                   encoding="utf-8")
    db = tmp_path / "c.db"
    args = ["ingest", str(good), str(bad), str(binary), str(good2), "--db", str(db), "--published", "2025-03-04"]
    result = runner.invoke(app, args)
    assert "Traceback" not in result.output
    assert "3 new" in result.output  # both good files and the record with odd bytes
    assert result.exit_code == 1 and result.output.count("E016") == 1 and result.output.count("E002") == 1
    again = runner.invoke(app, args)
    assert "0 new, 3 unchanged" in again.output and again.exit_code == 1  # re-running is safe


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31", "1699-12-31", "2200-01-01"])
def test_publication_dates_are_bounded(value: str) -> None:
    with pytest.raises(InputError, match="E009"):
        parse_published(value)
    assert metadata_date(value) is None
    assert metadata_date(dt.date.fromisoformat(value)) is None
    assert parse_published("1850-06-01") == dt.date(1850, 6, 1)


@pytest.mark.parametrize("published", ["1700-01-01", "2199-12-31"])
def test_relative_times_at_the_ends_of_the_range_do_not_overflow(published: str, nlp: Language) -> None:
    from claimgraph.api import extract

    text = ("The army said yesterday that 3 soldiers died, and next year, last week, in 9000 years and "
            "10,000 years ago more would follow, officials said on Friday.")
    article = extract(text, published=published, nlp=nlp)
    assert article.claims


@pytest.mark.parametrize("token", ["1e309", f"1e{MAX_EXPONENT + 1}", "1" + "0" * 400, "-1e400", "1e-400"])
def test_numbers_beyond_any_count_are_not_quantities(token: str, nlp: Language) -> None:
    from claimgraph.api import extract

    article = extract(f"Officials said {token} people fled the city on Monday.", published="2025-01-01", nlp=nlp)
    assert not [q for c in article.claims for q in c.quantities if q.text == token]


def test_nul_and_lone_surrogates_are_made_storable() -> None:
    raw = raw_article("The mayor said\x00 the \ud800 bridge reopened on Monday.", title="T\x00\udfff")
    assert "\x00" not in raw.text and "\ud800" not in raw.text and "\ufffd" in raw.text
    assert len(raw.text) == len("The mayor said\x00 the \ud800 bridge reopened on Monday.")  # spans still index it
    assert raw.document.title == "T \ufffd"
    raw.text.encode("utf-8")  # never raises


def warc(tmp_path: Path, gzip: bool, cut: int) -> Path:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gzip)
    for n in range(2):
        body = f"<html><body><article><p>{GOOD}</p><p>{GOOD}</p></article></body></html>".encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        record = writer.create_warc_record(f"https://example.org/{n}", "response", payload=io.BytesIO(body),
                                           http_headers=headers)
        writer.write_record(record)
        record.raw_stream.close()  # the buffer warcio made for it
    path = tmp_path / f"cut.warc{'.gz' if gzip else ''}"
    path.write_bytes(buf.getvalue()[:-cut] if cut else buf.getvalue())
    return path


@pytest.mark.parametrize("gzip", [False, True])
def test_a_truncated_warc_record_is_reported_and_skipped(tmp_path: Path, gzip: bool) -> None:
    whole = list(read_target(Target("warc", str(warc(tmp_path, gzip, 0))), BatchOptions()))
    assert [type(x).__name__ for x in whole] == ["RawArticle", "RawArticle"]
    cut = list(read_target(Target("warc", str(warc(tmp_path, gzip, 150))), BatchOptions()))
    assert [type(x).__name__ for x in cut] == ["RawArticle", "InputError"]
    assert isinstance(cut[1], InputError) and cut[1].code.name == "E017"
    assert isinstance(cut[0], RawArticle) and cut[0].document.origin == "https://example.org/0"


def test_warc_records_without_headers(tmp_path: Path) -> None:
    path = tmp_path / "odd.warc"
    path.write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 3\r\n\r\nabc\r\n\r\n")
    items = list(read_target(Target("warc", str(path)), BatchOptions()))
    assert all(isinstance(x, InputError) and x.code.name == "E017" for x in items)


def test_terminal_escapes_never_reach_the_terminal() -> None:
    hostile = "a\x1b[2J\x1b]0;pwned\x07\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\ b\u202ec\x9b1m"
    assert printable(hostile) == "alink bc1m"
    error = InputError(Code.E009, None, "x" * 5000 + "\x1b[31m")
    assert len(error.render()) < 500 and "\x1b" not in error.render()
