"""``claimgraph export`` over a stand-in store: formats, --output, and errors at the edge."""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import stix2
import typer
from typer.testing import CliRunner, Result

from claimgraph import corpus as corpus_api
from claimgraph.cli.export import export
from claimgraph.export import ExportFormat, export_lines
from claimgraph.model import Article, Document
from claimgraph.reconcile.analysis import Reconciliation, reconcile
from claimgraph.reconcile.decisions import EntityDecision
from claimgraph.reconcile.types import CorpusClaim

Invoke = Callable[..., Result]


class FakeStore:
    """The part of Store that export reads."""

    def __init__(self, reports: list[tuple[int, str, Article]], claims: list[CorpusClaim]) -> None:
        self.reports = reports
        self.claims = claims

    def articles(self) -> list[tuple[int, str, Article]]:
        return self.reports

    def corpus_claims(self) -> list[CorpusClaim]:
        return self.claims

    def decisions(self) -> list[EntityDecision]:
        return []

    def grades(self) -> dict[str, tuple[str, str]]:
        return {}

    def close(self) -> None:
        pass


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch, reports: list[tuple[int, str, Article]], rec: Reconciliation) -> Invoke:
    """Invoke ``export`` with Store.open returning the test corpus."""
    store = FakeStore(reports, rec.claims)
    monkeypatch.setattr(corpus_api.Store, "open", classmethod(lambda cls, url, **_: store))
    app = typer.Typer()
    app.command()(export)
    app.command("other")(lambda: None)   # two commands, so typer keeps the "export" name

    def invoke(*args: str) -> Result:
        return CliRunner().invoke(app, ["export", "--db", "test.db", *args])

    return invoke


def test_jsonl_to_stdout_by_default(run: Invoke, rec: Reconciliation) -> None:
    result = run()
    assert result.exit_code == 0, result.output
    keys = [json.loads(line)["key"] for line in result.stdout.splitlines()]
    assert keys == [cc.key for cc in rec.claims]


@pytest.mark.parametrize("fmt", ["csv", "geojson", "stix"])
def test_formats_to_file(run: Invoke, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"export.{fmt}"
    result = run("--format", fmt, "--output", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    if fmt == "csv":
        assert next(csv.reader(io.StringIO(text)))[0] == "event_id_cnty"
    else:
        assert json.loads(text)["type"] in ("FeatureCollection", "bundle")
    assert not list(tmp_path.glob("*.partial"))


def test_bad_format_is_refused(run: Invoke) -> None:
    assert run("--format", "xml").exit_code == 2


def test_missing_ftm_extra_is_one_line_error(run: Invoke, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "followthemoney", None)
    out = tmp_path / "entities.ftm.json"
    result = run("--format", "ftm", "--output", str(out))
    assert result.exit_code == 2
    assert "E021" in result.stderr and "claimgraph[ftm]" in result.stderr
    assert not out.exists() and not list(tmp_path.glob("*.partial"))


def test_unwritable_output_is_one_line_error(run: Invoke, tmp_path: Path) -> None:
    result = run("--output", str(tmp_path / "missing" / "out.jsonl"))
    assert result.exit_code == 2
    assert result.stderr.startswith("E022: cannot write output")


@pytest.mark.parametrize("fmt", list(ExportFormat))
def test_export_lines_by_name(fmt: ExportFormat, reports: list[tuple[int, str, Article]],
                              rec: Reconciliation) -> None:
    if fmt is ExportFormat.ftm:
        pytest.importorskip("followthemoney", reason="the [ftm] extra is not installed")
    assert list(export_lines(fmt.value, reports, rec))


@pytest.mark.parametrize("fmt", [f for f in ExportFormat if f is not ExportFormat.ftm])
def test_bare_report_and_empty_corpus(fmt: ExportFormat) -> None:
    bare = [(7, "bare.txt", Article(document=Document()))]
    for reports in ([], bare):
        lines = list(export_lines(fmt, reports, reconcile([])))
        if fmt is ExportFormat.stix:
            parsed = stix2.parse(lines[0], allow_custom=False)
            assert [o.type for o in parsed.objects].count("report") == len(reports)
        elif fmt is ExportFormat.csv:
            assert len(lines) == 1
