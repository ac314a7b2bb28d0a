"""The command line, end to end: outputs, batches, and one-line errors without tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimgraph.cli import app

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = (
    "KYIV, Ukraine (Eastline News) — Russian drones struck a power station in the Kharkiv region "
    "overnight, the regional governor said on Friday. At least 12 people were injured, he said.\n"
    "“The attack was aimed at leaving the city without heat,” said Oleh Syniehubov. "
    "“We are restoring supply as fast as we can.”\n"
)

runner = CliRunner()


@pytest.fixture()
def article_file(tmp_path: Path) -> Path:
    path = tmp_path / "story.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_json_output_follows_the_contract(nlp: object, article_file: Path) -> None:
    result = runner.invoke(app, ["extract", str(article_file), "--published", "2025-01-24", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["document"]["published"] == "2025-01-24"
    assert data["document"]["dateline"]
    claim = data["claims"][0]
    assert set(claim) >= {"text", "span", "cue", "quote", "sources", "certainty", "quantities", "times",
                          "actors", "places", "event"}
    assert ARTICLE[claim["span"][0]:claim["span"][1]] == claim["text"]
    assert claim["sources"][0]["text"] == "the regional governor"


def test_table_output_shows_the_chain(nlp: object, article_file: Path) -> None:
    result = runner.invoke(app, ["extract", str(article_file), "--published", "2025-01-24"])
    assert result.exit_code == 0, result.output
    assert "the regional governor" in result.stdout
    assert "Oleh Syniehubov" in result.stdout


def test_stdin_with_outlet(nlp: object) -> None:
    result = runner.invoke(app, ["extract", "-", "--published", "2025-01-24", "--outlet", "Eastline",
                                 "--format", "json"], input=ARTICLE)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["document"]["outlet"] == "Eastline"


def test_bad_published_is_one_line_with_code(article_file: Path) -> None:
    result = runner.invoke(app, ["extract", str(article_file), "--published", "24/01/2025"])
    assert result.exit_code == 2
    assert result.stderr.strip().startswith("E009:")
    assert "Traceback" not in result.output


def test_batch_skips_bad_inputs_and_summarises(nlp: object, article_file: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    result = runner.invoke(app, ["extract", str(article_file), str(empty), str(missing),
                                 "--published", "2025-01-24", "--format", "jsonl"])
    assert result.exit_code == 1
    lines = [json.loads(x) for x in result.stdout.splitlines() if x.strip()]
    assert len(lines) == 1
    assert "E001" in result.stderr and "E006" in result.stderr
    assert "1 article(s) extracted, 2 input(s) skipped" in result.stderr


def test_no_traceback_for_user_errors_in_a_real_process(tmp_path: Path) -> None:
    exe = Path(sys.executable).with_name("claimgraph")
    cmd = [str(exe), "extract", str(tmp_path / "nope.txt")]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert proc.returncode != 0
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("E006: cannot read")
    debug = subprocess.run([*cmd, "--debug"], capture_output=True, text=True, timeout=120)
    assert "Traceback" in debug.stderr


def test_markup_in_article_text_is_not_interpreted(nlp: object, tmp_path: Path) -> None:
    path = tmp_path / "hostile.txt"
    path.write_text("The mayor said [bold red]everything[/bold red] was fine.\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path), "--published", "2025-01-24"], env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    assert "everything[/bold red]" in result.stdout


def test_escape_sequences_in_article_text_never_reach_the_terminal(nlp: object, tmp_path: Path) -> None:
    path = tmp_path / "hostile.txt"
    path.write_text("The mayor said the bridge reopened on Monday after \x1b[2J\x1b[31mrepairs\x1b]0;pwned\x07 and "
                    "\x1b]8;;https://evil.example\x1b\\inspections\x1b]8;;\x1b\\.\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path), "--published", "2025-01-24"], env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    assert "bridge reopened" in result.stdout and "repairs" in result.stdout
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout


def test_json_errors_say_where_once(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"text": "Officials \x01 said"}\n{"text": }\n', encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path), "--published", "2025-01-24"])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("E010")]
    assert len(errors) == 2 and not any("at at" in line for line in errors)
    assert all("at column" in line for line in errors)


def test_every_command_is_documented_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in app.registered_commands:
        name = command.name or command.callback.__name__  # type: ignore[union-attr]
        assert f"claimgraph {name}" in readme
        assert runner.invoke(app, [name, "--help"]).exit_code == 0


def test_html_page_and_url_end_to_end(nlp: object, html_page: Callable[[bytes], str]) -> None:
    """An HTML file and the same page served on 127.0.0.1 (allowed explicitly) both extract."""
    page = (ROOT / "tests" / "ingest" / "fixtures" / "article.html").read_bytes()
    url = html_page(page)
    refused = runner.invoke(app, ["extract", url])
    assert refused.exit_code != 0 and refused.stderr.startswith("E008:")
    fetched = runner.invoke(app, ["extract", url, "--allow-private", "--format", "json"])
    local = runner.invoke(app, ["extract", str(ROOT / "tests" / "ingest" / "fixtures" / "article.html"),
                                "--format", "json"])
    assert fetched.exit_code == 0, fetched.output
    a, b = json.loads(fetched.stdout), json.loads(local.stdout)
    assert a["claims"] and [c["text"] for c in a["claims"]] == [c["text"] for c in b["claims"]]
    assert a["document"]["title"] and a["document"]["url"] == url
