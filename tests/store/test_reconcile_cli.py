"""``claimgraph synth`` and ``claimgraph reconcile`` end to end, and the query commands answering
from the kept reconciliation, on both backends."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from claimgraph.cli.reconcile import COMMANDS
from claimgraph.cli.reconcile_cmd import reconcile
from claimgraph.cli.synth import synth
from claimgraph.corpus import Corpus
from claimgraph.kept import persist

app = typer.Typer()
for command in (synth, reconcile, *COMMANDS):
    app.command()(command)
runner = CliRunner()


def test_synth_reconcile_then_query(db_url: str) -> None:
    made = runner.invoke(app, ["synth", "--claims", "400", "--seed", "3", "--db", db_url, "--format", "json"])
    assert made.exit_code == 0, made.output
    assert json.loads(made.stdout.splitlines()[-1])["claims"] == 400
    done = runner.invoke(app, ["reconcile", "--db", db_url, "--format", "json"])
    assert done.exit_code == 0, done.output
    run = json.loads(done.stdout)
    assert run["claims"] == 400 and run["echoes"] > 0
    with Corpus.open(db_url) as corpus:
        assert corpus.state().reconciled_generation == run["generation"]
        expected = corpus.reconciliation().estimates_json("troops deployed")
    shown = runner.invoke(app, ["estimates", "troops deployed", "--db", db_url, "--format", "json"])
    assert shown.exit_code == 0 and json.loads(shown.stdout) == expected
    check_estimates_within_dates(db_url, expected)
    again = runner.invoke(app, ["reconcile", "--db", db_url])
    assert again.exit_code == 0 and again.stdout.startswith("nothing new to reconcile: 400 claims")
    later = runner.invoke(app, ["synth", "--claims", "60", "--seed", "4", "--start", "2026-06-01", "--days", "10",
                                "--db", db_url])
    assert later.exit_code == 0, later.output
    news = runner.invoke(app, ["reconcile", "--db", db_url, "--format", "json"])
    assert news.exit_code == 0, news.output
    added = json.loads(news.stdout)
    assert added["mode"] == "incremental" and added["new_claims"] == 60 and added["claims"] == 460
    table = runner.invoke(app, ["reconcile", "--db", db_url, "--full"])
    assert table.exit_code == 0 and "reconciled 460 claims" in table.stdout
    assert "(everything recomputed)" in table.stdout
    check_trace_shows_corroboration(db_url)


def check_estimates_within_dates(db_url: str, every: list[dict[str, Any]]) -> None:
    """``estimates --since/--until`` keep the points dated within them; a bad date is one line."""
    dates = sorted(p["as_of"] for s in every for p in s["points"] if p["as_of"])
    since = dates[len(dates) // 2]
    shown = runner.invoke(app, ["estimates", "troops deployed", "--since", since, "--db", db_url, "--format", "json"])
    assert shown.exit_code == 0, shown.output
    kept = [p["as_of"] for s in json.loads(shown.stdout) for p in s["points"]]
    assert kept and all(day >= since for day in kept) and len(kept) == sum(day >= since for day in dates)
    bad = runner.invoke(app, ["estimates", "--until", "not a date", "--db", db_url])
    assert bad.exit_code == 2 and "not a date" in bad.output and "Traceback" not in bad.output


def check_trace_shows_corroboration(db_url: str) -> None:
    """``trace`` lists the corroborating claims (JSON: as the corpus gives them; table: one line
    each, with the link's method and score)."""
    with Corpus.open(db_url) as corpus:
        traces = (corpus.trace(cc.key) for cc in corpus.reconciliation().claims)
        expected = next(found for found in traces if found and found["corroborated_by"])
    key = expected["claim"]["key"]
    shown = runner.invoke(app, ["trace", key, "--db", db_url, "--format", "json"])
    assert shown.exit_code == 0 and json.loads(shown.stdout) == expected
    table = runner.invoke(app, ["trace", key, "--db", db_url], env={"COLUMNS": "400"})
    lines = [line for line in table.stdout.splitlines() if line.startswith("corroborated_by: ")]
    listed, first = expected["corroborated_by"], expected["corroborated_by"][0]
    assert len(lines) == len(listed) + (expected["corroborated_by_total"] > len(listed))
    assert lines[0].startswith(f"corroborated_by: {first['key']} ")
    assert lines[0].endswith(f"[{first['method']} {first['score']:g}]")


def test_synth_refuses_a_bad_size(tmp_path: Path) -> None:
    result = runner.invoke(app, ["synth", "--claims", "0", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2 and "E014" in result.output
    result = runner.invoke(app, ["synth", "--start", "next week", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 2 and "E014" in result.output and "--start must be a date" in result.output


def test_a_stale_large_corpus_is_one_line_with_the_fix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = str(tmp_path / "big.db")
    assert runner.invoke(app, ["synth", "--claims", "300", "--db", db]).exit_code == 0
    monkeypatch.setattr(persist, "AUTO_RECONCILE_CLAIMS", 100)
    result = runner.invoke(app, ["echoes", "--db", db])
    assert result.exit_code == 2
    assert "E040" in result.output and "claimgraph reconcile" in result.output
    assert "Traceback" not in result.output
