"""The user's curation commands: ``grade`` (source reliability A–F) and ``entities`` (merge, split,
list). Thin layer over the corpus's ``set_grade``, ``merge_entities``, ``split_entity`` and
``entity_groups``; the decisions are kept in the database and every corpus command applies them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from ..errors import ClaimgraphError, Code, InputError
from ..model.corpus import RELIABILITY, EntityDecision
from ..render.table import plain
from .common import fail
from .reconcile import DbOption, DebugOption, FormatOption, check_format, console, emit_json

NoteOption = Annotated[str | None, typer.Option("--note", help="Why: kept with the decision.")]

if TYPE_CHECKING:
    from ..corpus import Corpus


@contextmanager
def opened(db: str, debug: bool, *, create: bool) -> Iterator[Corpus]:
    """The corpus, closed afterwards; user errors exit with one line."""
    from ..corpus import Corpus

    try:
        store = Corpus.open(db, create=create)
    except ClaimgraphError as exc:
        fail(exc, debug)
        raise typer.Exit(2) from None
    try:
        yield store
    except ClaimgraphError as exc:
        fail(exc, debug)
        raise typer.Exit(2) from None
    finally:
        store.close()


def grade(
    source: Annotated[str, typer.Argument(help="The source as reports name it, e.g. 'National Intelligence "
                                               "Service' (an alias works too).")],
    reliability: Annotated[str, typer.Argument(metavar="GRADE", help="A (completely reliable) … E (unreliable), "
                                                                     "F (cannot be judged).")],
    note: NoteOption = None, db: DbOption = "claimgraph.db", debug: DebugOption = False,
) -> None:
    """Set a source's Admiralty reliability (A–F), kept in the database and used by every report."""
    with opened(db, debug, create=True) as store:
        letter = store.set_grade(source, reliability, note)
    typer.echo(f"{source.strip()}: {letter} ({RELIABILITY[letter]})")


def entities(
    merge: Annotated[tuple[str, str] | None, typer.Option(
        metavar="A B", help="B names the same entity as A (B and its aliases become aliases of A).")] = None,
    split: Annotated[tuple[str, str] | None, typer.Option(
        metavar="A ALIAS", help="ALIAS does not name A.")] = None,
    list_: Annotated[bool, typer.Option("--list", help="List the entities with their aliases and the "
                                                       "decisions (the default).")] = False,
    note: NoteOption = None, db: DbOption = "claimgraph.db", format: FormatOption = "table",
    debug: DebugOption = False,
) -> None:
    """Merge or split entities across reports; the decision is kept and re-ingesting does not undo it."""
    check_format(format)
    if merge and split:
        fail(InputError(Code.E014, None, "give --merge or --split, not both"), debug)
        raise typer.Exit(2)
    change = decide(merge, split, note)
    with opened(db, debug, create=change is not None) as store:
        if change is not None:
            typer.echo(describe(change(store)), err=list_ and format == "json")
        if list_ or change is None:
            show_entities(store, format)


def decide(merge: tuple[str, str] | None, split: tuple[str, str] | None,
           note: str | None) -> Callable[[Corpus], EntityDecision] | None:
    """The store call for --merge or --split (None when neither is given)."""
    if merge:
        return lambda store: store.merge_entities(*merge, note=note)
    if split:
        return lambda store: store.split_entity(*split, note=note)
    return None


def describe(decision: EntityDecision) -> str:
    """One line confirming a kept decision."""
    if decision.kind == "merge":
        return f"merged: {decision.b!r} is now {decision.a!r}"
    return f"split: {decision.b!r} no longer names {decision.a!r}"


def show_entities(corpus: Corpus, format: str) -> None:
    """The corpus's entities (decisions applied) and the decisions, as a table or JSON."""
    decisions = corpus.decisions()
    groups = corpus.entity_groups()
    if format == "json":
        emit_json({"entities": [{"name": name, "aliases": aliases} for name, aliases in groups.items()],
                   "decisions": [d.as_json() for d in decisions]})
        return
    table = Table("entity", "aliases")
    for name, aliases in groups.items():
        table.add_row(plain(name), plain(", ".join(aliases)))
    console().print(table)
    if decisions:
        kept = Table("#", "decision", "A", "B", "note", "when", title="decisions")
        for d in decisions:
            when = d.decided_at.strftime("%Y-%m-%d %H:%M") if d.decided_at else ""
            kept.add_row(str(d.id), d.kind, plain(d.a), plain(d.b), plain(d.note or ""), when)
        console().print(kept)


COMMANDS = (grade, entities)
