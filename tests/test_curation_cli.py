"""``claimgraph grade`` and ``claimgraph entities`` end to end on a SQLite store, and what the corpus
commands make of them: ``sources`` shows the grades, ``echoes`` follows merges and splits, the STIX
export carries the grades. Commands are registered on a local app exactly as claimgraph.cli registers them;
the reports are hand-built (no model needed)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from claimgraph.api import raw_article
from claimgraph.cli.corpus import claims
from claimgraph.cli.curation import entities, grade
from claimgraph.cli.export import export
from claimgraph.cli.reconcile import echoes, sources
from claimgraph.model import Article, Claim, Entity, Source, TimeExpression
from claimgraph.store import Store

app = typer.Typer()
for command in (grade, entities, sources, echoes, export, claims):
    app.command()(command)
runner = CliRunner()

MONDAY = dt.date(2025, 6, 2)
EWS = Entity(name="Emergency Water Service", type="ORG", aliases=["EWS"])
# (origin, outlet, published, text, claim, source as written, the entity the report resolved it to)
REPORTS = [
    ("r/harbour.txt", "Harbour Wire", "2025-06-03",
     "The Emergency Water Service said on Monday that the northern reservoir was half empty.\n",
     "the northern reservoir was half empty", "The Emergency Water Service", "Emergency Water Service"),
    ("r/delta.txt", "Delta Courier", "2025-06-03",
     "The northern reservoir was half empty on Monday, the water board said.\n",
     "The northern reservoir was half empty on Monday", "the water board", None),
    ("r/valley.txt", "Valley Post", "2025-06-04",
     "The northern reservoir was half empty, the EWS said on Monday.\n",
     "The northern reservoir was half empty", "the EWS", "Emergency Water Service"),
]


def ingest(store: Store, origin: str, outlet: str, published: str, text: str, said: str, hop: str,
           entity: str | None) -> None:
    """One hand-built report with one claim said on Monday."""
    raw = raw_article(text, published=published, outlet=outlet, origin=origin)
    start, at = text.index(said), text.index(hop)
    claim = Claim(id="c01", text=said, span=(start, start + len(said)),
                  sources=[Source(text=hop, span=(at, at + len(hop)), entity=entity, kind="government")],
                  times=[TimeExpression(text="on Monday", span=(0, 1), start=MONDAY, end=MONDAY, precision="day",
                                        role="said")])
    article = Article(document=raw.document, text=text, claims=[claim], entities=[EWS] if entity else [])
    store.add(raw, article)


@pytest.fixture
def db(tmp_path: Path) -> str:
    """A SQLite corpus of the three reports."""
    path = str(tmp_path / "corpus.db")
    with Store.open(path) as store:
        for report in REPORTS:
            ingest(store, *report)
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def as_json(*args: str) -> Any:
    code, out, err = run(*args, "--format", "json")
    assert code == 0, err
    return json.loads(out)


def echo_groups(db: str) -> list[tuple[str, set[str]]]:
    return [(g["origin"]["name"], {c["document"] for c in g["claims"]}) for g in as_json("echoes", "--db", db)]


def test_grade_shows_in_sources(db: str) -> None:
    code, out, _ = run("grade", "EWS", "b", "--note", "reliable so far", "--db", db)
    assert code == 0 and out.strip() == "EWS: B (usually reliable)"
    rows = {r["origin"]: r for r in as_json("sources", "--db", db)}
    assert set(rows) == {"Emergency Water Service", "the water board"}
    ews = rows["Emergency Water Service"]  # graded through its alias
    assert {k: ews[k] for k in ("kind", "reliability", "claims")} == {"kind": "government", "reliability": "B",
                                                                     "claims": 2}
    assert {"corroborated", "contradicted", "reliability_label"} <= set(ews)
    assert rows["the water board"]["reliability"] == "F"
    run("grade", "Emergency Water Service", "A", "--db", db)
    assert {r["origin"]: r["reliability"] for r in as_json("sources", "--db", db)}["Emergency Water Service"] == "A"


def test_bad_grade_is_one_line_with_a_code(db: str) -> None:
    code, _, err = run("grade", "EWS", "Z", "--db", db)
    assert code == 2 and err.startswith("E023: ") and len(err.strip().splitlines()) == 1


def test_merge_and_split_are_kept_and_applied(db: str) -> None:
    assert echo_groups(db) == [("Emergency Water Service", {"r/harbour.txt", "r/valley.txt"})]
    code, out, _ = run("entities", "--merge", "Emergency Water Service", "water board", "--note", "same body",
                       "--db", db)
    assert code == 0 and "merged" in out
    assert echo_groups(db) == [("Emergency Water Service", {"r/harbour.txt", "r/delta.txt", "r/valley.txt"})]
    run("entities", "--split", "Emergency Water Service", "EWS", "--db", db)
    assert echo_groups(db) == [("Emergency Water Service", {"r/harbour.txt", "r/delta.txt"})]
    with Store.open(db) as store:  # a changed report arrives: the decisions stand
        origin, outlet, published, text, *rest = REPORTS[1]
        ingest(store, origin, outlet, published, text + "Rationing may follow.\n", *rest)
    assert echo_groups(db) == [("Emergency Water Service", {"r/harbour.txt", "r/delta.txt"})]
    listed = as_json("entities", "--list", "--db", db)
    assert [(d["kind"], d["a"], d["b"], d["note"]) for d in listed["decisions"]] == [
        ("merge", "Emergency Water Service", "water board", "same body"),
        ("split", "Emergency Water Service", "EWS", None)]
    assert {e["name"]: e["aliases"] for e in listed["entities"]} == {"EWS": [],
                                                                    "Emergency Water Service": ["water board"]}


def test_stix_export_carries_the_grade(db: str) -> None:
    run("grade", "Emergency Water Service", "B", "--db", db)
    run("grade", "Valley Post", "E", "--db", db)
    code, out, err = run("export", "--format", "stix", "--db", db)
    assert code == 0, err
    objects = json.loads(out)["objects"]
    extension = next(o["id"] for o in objects if o["type"] == "extension-definition")
    graded = {o["name"]: o["extensions"][extension]["reliability"] for o in objects if o["type"] == "identity"
              and extension in o.get("extensions", {})}
    assert graded["Emergency Water Service"] == "B"
    assert graded["Valley Post"] == "E"
    assert graded["Harbour Wire"] == "F"


@pytest.mark.parametrize(("args", "code"), [
    (["entities", "--merge", "EWS", "ews"], "E024"),
    (["entities", "--merge", "A", "B", "--split", "A", "C"], "E014"),
    (["entities", "--format", "yaml"], "E014"),
])
def test_bad_entity_options_are_one_line_with_a_code(db: str, args: list[str], code: str) -> None:
    status, _, err = run(*args, "--db", db)
    assert status == 2 and err.startswith(f"{code}: ") and len(err.strip().splitlines()) == 1


def test_listing_a_missing_database_creates_nothing(tmp_path: Path) -> None:
    status, _, err = run("entities", "--list", "--db", str(tmp_path / "none.db"))
    assert status == 2 and err.startswith("E019: ")
    assert not (tmp_path / "none.db").exists()


@pytest.mark.parametrize("command", ["grade", "entities"])
def test_help(command: str) -> None:
    status, out, _ = run(command, "--help")
    assert status == 0 and "--db" in out and "--note" in out


def test_claims_about_an_entity_follow_the_users_merges(db: str) -> None:
    def about(name: str) -> set[str]:
        code, out, err = run("claims", "--about", name, "--format", "json", "--db", db)
        assert code == 0, err
        return {c["document"] for c in json.loads(out)}

    assert about("Emergency Water Service") == {"r/harbour.txt", "r/valley.txt"}
    run("entities", "--merge", "Emergency Water Service", "water board", "--db", db)
    assert about("Emergency Water Service") == {"r/harbour.txt", "r/delta.txt", "r/valley.txt"}
    assert about("water board") == {"r/harbour.txt", "r/delta.txt", "r/valley.txt"}
