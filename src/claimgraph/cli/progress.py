"""The ingest's progress bar: reports done out of those expected, the rate and the time left.

A local JSON Lines file counts as many reports as it has lines, a single input or URL as one; a
feed or WARC file counts as one until its reports are read, and the total grows as they are.
"""

from __future__ import annotations

from collections.abc import Sequence
from types import TracebackType

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

from ..ingest.batch import Target, expected_items


def average_rate(task: Task) -> float | None:
    """Reports a second since the bar started (chunks are stored at once, so a rate over the last
    few updates would swing between bursts and pauses)."""
    elapsed = task.elapsed
    return task.completed / elapsed if elapsed and task.completed else None


class RateColumn(ProgressColumn):
    """Reports a second, on average."""

    def render(self, task: Task) -> Text:
        rate = average_rate(task)
        return Text(f"{rate:,.1f} reports/s" if rate else "", style="progress.data.speed")


class TimeLeftColumn(ProgressColumn):
    """The time left at the average rate."""

    def render(self, task: Task) -> Text:
        rate = average_rate(task)
        if not rate or task.total is None:
            return Text("left -:--:--", style="progress.remaining")
        seconds = int(max(0.0, task.total - task.completed) / rate)
        return Text(f"left {seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}", style="progress.remaining")


class IngestProgress:
    """Counts reports as they are read (:meth:`read`) and as they are done (:meth:`done`)."""

    def __init__(self, targets: Sequence[Target], console: Console | None = None) -> None:
        console = console or Console(stderr=True, highlight=False)
        # the bar is drawn on a terminal only: elsewhere, JSON Lines files are not read twice to count
        self.expected = [expected_items(t) if console.is_terminal else None for t in targets]
        self.read_from = [0] * len(targets)
        self.total = sum(n or 1 for n in self.expected)
        self.progress = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), RateColumn(),
                                 TimeElapsedColumn(), TimeLeftColumn(), console=console, transient=True)
        self.task = self.progress.add_task("ingesting", total=self.total)

    def __enter__(self) -> IngestProgress:
        self.progress.__enter__()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.progress.__exit__(kind, error, trace)

    def read(self, index: int) -> None:
        """One more report read from target ``index``: the total grows past what was expected."""
        self.read_from[index] += 1
        if self.read_from[index] > (self.expected[index] or 1):
            self.total += 1
            self.progress.update(self.task, total=self.total)

    def done(self, summary: str) -> None:
        """One more report stored, found unchanged or skipped."""
        self.progress.update(self.task, advance=1, description=f"ingesting · {summary}")

    def finish_target(self, index: int) -> None:
        """Target ``index`` is read: reports it was expected to give and did not are not waited for."""
        short = (self.expected[index] or 1) - self.read_from[index]
        if short > 0:
            self.total -= short
            self.progress.update(self.task, total=self.total)

    def counts(self) -> tuple[float, float | None]:
        """Reports done and expected so far."""
        task = self.progress.tasks[0]
        return task.completed, task.total
