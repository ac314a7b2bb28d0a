"""The ingest's progress bar counts reports, not inputs: a JSON Lines file as many as its lines,
a feed as many as it turns out to hold; it shows the rate and the time left."""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

from rich.console import Console

from claimgraph.cli.progress import IngestProgress
from claimgraph.ingest.batch import Target, expected_items


def test_expected_items_counts_lines_of_local_json_lines(tmp_path: Path) -> None:
    manifest = tmp_path / "m.jsonl"
    manifest.write_text("\n".join(json.dumps({"text": f"report {n}"}) for n in range(5)) + "\n\n", encoding="utf-8")
    assert expected_items(Target("manifest", str(manifest))) == 5
    assert expected_items(Target("manifest", str(tmp_path / "gone.jsonl"))) == 1
    assert expected_items(Target("input", "story.txt")) == 1
    assert expected_items(Target("feed", "feed.xml")) is None and expected_items(Target("warc", "a.warc.gz")) is None


def test_totals_follow_what_the_inputs_hold(tmp_path: Path) -> None:
    manifest = tmp_path / "m.jsonl"
    manifest.write_text("\n".join(json.dumps({"text": f"report {n}"}) for n in range(4)), encoding="utf-8")
    targets = [Target("manifest", str(manifest)), Target("feed", "feed.xml"), Target("input", "gone.txt")]
    screen = io.StringIO()
    with IngestProgress(targets, Console(file=screen, force_terminal=True, width=160)) as progress:
        assert progress.counts() == (0, 6)
        for _ in range(3):                    # one manifest line was not a report after all
            progress.read(0)
            progress.done("3 new")
        progress.finish_target(0)
        assert progress.counts() == (3, 5)
        for _ in range(4):                    # the feed holds four
            progress.read(1)
            time.sleep(0.01)
            progress.done("7 new")
        progress.finish_target(1)
        assert progress.counts() == (7, 8)
        progress.read(2)
        progress.done("7 new, 1 skipped")
        assert progress.counts() == (8, 8)
        progress.progress.refresh()
    shown = screen.getvalue()
    assert "ingesting · 7 new, 1 skipped" in shown and "8/8" in shown and "reports/s" in shown and "left" in shown
    with IngestProgress(targets, Console(file=io.StringIO(), force_terminal=False)) as quiet:
        assert quiet.counts() == (0, 3)       # nothing drawn: the manifest is not counted beforehand
