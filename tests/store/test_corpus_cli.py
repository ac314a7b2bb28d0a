"""``claimgraph ingest`` and ``claimgraph claims`` end to end, on both backends.

The commands are registered on a local app here exactly as claimgraph.cli registers them.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import typer
from rich.console import Console
from store_samples import TEXTS, Sample
from store_samples import write_record as write
from typer.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from claimgraph.cli.corpus import claims, claims_table, ingest
from claimgraph.store import Store

app = typer.Typer()
app.command()(ingest)
app.command()(claims)
runner = CliRunner()

HTML = ("<html><head><title>Grain shipments resume</title></head><body><article><h1>Grain shipments resume</h1>"
        "<p>ISTANBUL (Delta Courier) — Turkish officials said on Thursday that grain shipments through the "
        "Black Sea had resumed after a two-week pause.</p>"
        "<p>At least 12 cargo ships left Odesa overnight, the port administration said.</p></article></body></html>")
FEED_TEXT = ("Rescue teams have recovered 27 bodies from the collapsed apartment building, the regional emergency "
             "service said on Sunday. The mayor said that at least 40 residents were still missing and that the "
             "search would continue through the night. Engineers said the building had been declared unsafe "
             "two years ago.")
RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Valley Post</title>
<item><title>Building collapse</title><link>https://example.org/collapse</link>
<pubDate>Sun, 02 Feb 2025 18:00:00 +0000</pubDate>
<content:encoded><![CDATA[<p>{FEED_TEXT}</p>]]></content:encoded></item></channel></rss>"""
WARC_PAGE = ("<html><head><title>Cholera cases rise</title></head><body><article><h1>Cholera cases rise</h1>"
             "<p>Health officials said on Wednesday that 140 new cases of cholera had been reported in the "
             "district this week.</p><p>The outbreak began after floods damaged the water supply, the ministry "
             "said.</p></article></body></html>")


def make_batch(root: Path) -> list[str]:
    """A folder (text, HTML, an empty file), a manifest, an RSS feed and a WARC file."""
    (root / "in").mkdir()
    (root / "in" / "nato.txt").write_text(TEXTS["nato"][2], encoding="utf-8")
    (root / "in" / "grain.html").write_text(HTML, encoding="utf-8")
    (root / "in" / "empty.txt").write_text("", encoding="utf-8")
    (root / "extra").mkdir()
    (root / "extra" / "nis.txt").write_text(TEXTS["nis"][2], encoding="utf-8")
    records = [{"text": TEXTS["kyiv"][2], "published": "2025-01-20", "outlet": "Harbour Wire"},
               {"path": "extra/nis.txt", "published": "2025-01-13"}]
    (root / "manifest.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    (root / "feed.rss").write_text(RSS, encoding="utf-8")
    with (root / "crawl.warc.gz").open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        write(writer, writer.create_warc_record("https://example.org/cholera", "response",
                                                payload=io.BytesIO(WARC_PAGE.encode()), http_headers=headers))
    return [str(root / name) for name in ("in", "manifest.jsonl", "feed.rss", "crawl.warc.gz")]


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_ingest_a_mixed_batch_then_query_it(nlp: object, db_url: str, tmp_path: Path) -> None:
    inputs = make_batch(tmp_path)
    code, _, err = run("ingest", *inputs, "--db", db_url, "--published", "2025-02-01")
    assert code == 1, err
    assert err.count("E001: cannot read") == 1  # the empty file: one line, code and fix
    assert "6 new, 0 unchanged, 0 new versions, 1 skipped" in err
    code, _, err = run("ingest", *inputs, "--db", db_url)
    assert "0 new, 6 unchanged, 0 new versions, 1 skipped" in err
    (tmp_path / "in" / "nato.txt").write_text(TEXTS["nato"][2] + "Allies said more sanctions would follow.\n",
                                              encoding="utf-8")
    code, _, err = run("ingest", str(tmp_path / "in" / "nato.txt"), "--db", db_url, "--published", "2025-02-01")
    assert code == 0 and "0 new, 0 unchanged, 1 new versions, 0 skipped" in err

    code, out, err = run("claims", "--db", db_url, "--format", "json", "--limit", "100")
    assert code == 0, err
    found = json.loads(out)
    assert {"key", "document", "published", "outlet", "text", "span", "sources", "certainty", "quantities",
            "times"} <= set(found[0])
    dates = {item["document"]: item["published"] for item in found}
    assert dates == {
        str(tmp_path / "in" / "nato.txt"): "2025-02-01",  # no date of its own: --published
        str(tmp_path / "in" / "grain.html"): "2025-02-01",
        f"{inputs[1]}#1": "2025-01-20",  # a manifest record's own date wins
        str(tmp_path / "extra" / "nis.txt"): "2025-01-13",
        "https://example.org/collapse": "2025-02-02",  # the feed entry's date
        "https://example.org/cholera": "2025-02-01",
    }
    assert any("sanctions" in item["text"] for item in found)  # the latest version of nato.txt

    code, out, _ = run("claims", "--db", db_url, "--about", "North Korea", "--since", "2025-01-01", "-f", "json")
    recent = json.loads(out)
    assert recent and all(item["published"] >= "2025-01-01" for item in recent)
    code, out, _ = run("claims", "--db", db_url, "--search", "cholera cases", "-f", "json")
    assert [item["document"] for item in json.loads(out)] == ["https://example.org/cholera"]
    code, out, _ = run("claims", "--db", db_url, "--search", "ships")
    assert code == 0 and "Odesa" in out


def test_claims_table_never_reads_markup(store: Store, samples: dict[str, Sample]) -> None:
    store.add(samples["undated"].raw, samples["undated"].article)
    console = Console(width=250, record=True, file=io.StringIO())
    console.print(claims_table(store.claims()))
    assert "[bold red]ceasefire[/bold red]" in console.export_text()


@pytest.mark.parametrize(("args", "code"), [
    (["claims", "--db", "mysql://x@localhost/db"], "E018"),
    (["claims", "--since", "yesterday"], "E009"),
    (["ingest", "x.txt", "--db", "oracle://x"], "E018"),
    (["ingest", "x.txt", "--max-bytes", "0"], "E014"),
])
def test_bad_options_are_one_line_with_a_code(args: list[str], code: str, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    status, _, err = run(*args)
    assert status == 2
    assert err.startswith(f"{code}: ") and len(err.strip().splitlines()) == 1


def test_claims_on_a_missing_database(tmp_path: Path) -> None:
    status, _, err = run("claims", "--db", str(tmp_path / "none.db"))
    assert status == 2 and err.startswith("E019: ")
    assert not (tmp_path / "none.db").exists()


@pytest.mark.parametrize("command", ["ingest", "claims"])
def test_help(command: str) -> None:
    status, out, _ = run(command, "--help")
    assert status == 0 and "--db" in out
