"""``claimgraph serve`` at the edge, its configuration, and the UI's assets."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from claimgraph.serve import ServeConfig, hosts_for
from claimgraph.serve.app import STATIC
from claimgraph.serve.security import host_name


def test_a_missing_database_is_one_line_and_exit_2(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "claimgraph.cli", "serve", "--db", str(tmp_path / "none.db")],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.startswith("E019: cannot open database") and proc.stderr.count("\n") == 1


def test_hosts_and_write_mode_configuration() -> None:
    assert "127.0.0.1" in hosts_for("127.0.0.1", 8000) and "localhost" in hosts_for("127.0.0.1", 8000)
    assert hosts_for("0.0.0.0", 8000) == ("*",)
    assert "192.0.2.7" in hosts_for("192.0.2.7", 8000)
    with pytest.raises(ValueError, match="token"):
        ServeConfig(db="x.db", write=True)
    assert [host_name(h) for h in ("127.0.0.1:8000", "[::1]:80", "LOCALHOST", "evil.example")] == [
        "127.0.0.1", "[::1]", "localhost", "evil.example"]


def test_assets_are_local_and_never_insert_markup() -> None:
    """No asset loads anything from elsewhere, and no script writes HTML from strings."""
    files = [p for p in STATIC.rglob("*") if p.suffix in (".html", ".js", ".css")]
    assert len(files) >= 14
    for path in files:
        text = path.read_text(encoding="utf-8")
        urls = [u for u in re.findall(r"https?://[^\s\"'`)]+", text) if u != "http://www.w3.org/2000/svg"]
        assert not urls, (path.name, urls)
        for risky in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function",
                      "<script>", " style="):
            assert risky not in text, (path.name, risky)
    index = (STATIC / "index.html").read_text(encoding="utf-8")
    assert re.findall(r"<script[^>]*>", index) == ['<script type="module" src="/static/js/app.js">']
    assert (STATIC / "vendor" / "countries-110m.json").stat().st_size > 100_000
    assert (STATIC / "vendor" / "LICENSE-world-atlas.txt").exists()


def test_workers_answer_from_several_processes(demo_db: str) -> None:
    """``--workers 2``: two processes share the socket, every request is answered, and stopping the
    server stops them all."""
    import json
    import signal
    import time
    import urllib.request

    cmd = [sys.executable, "-m", "claimgraph.cli", "serve", "--db", demo_db, "--port", "0", "--workers", "2"]
    process = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        base = re.search(r"http://\S+?:\d+", line)
        assert base, line
        answers, pids = [], set()
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and len(answers) < 20:
            try:
                with urllib.request.urlopen(f"{base[0]}/api/claims?limit=1", timeout=10) as response:
                    answers.append(json.load(response))
            except OSError:
                time.sleep(0.5)                     # workers still starting
            children = Path(f"/proc/{process.pid}/task/{process.pid}/children").read_text().split()
            pids.update(children)
        assert len(answers) == 20 and all(a["total"] == answers[0]["total"] > 0 for a in answers)
        assert len(pids) >= 2, pids
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=60)
        process.stdout.close()                      # type: ignore[union-attr]
    deadline = time.monotonic() + 30                # workers finish their requests, then exit
    while time.monotonic() < deadline and [p for p in pids if Path(f"/proc/{p}").exists()]:
        time.sleep(0.2)
    left = {p: Path(f"/proc/{p}/cmdline").read_bytes() for p in pids if Path(f"/proc/{p}").exists()}
    assert not left


def test_workers_refuse_write_mode(demo_db: str) -> None:
    proc = subprocess.run([sys.executable, "-m", "claimgraph.cli", "serve", "--db", demo_db, "--write",
                           "--workers", "2"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr.startswith("E014: bad option (--workers above 1 serves read-only")
    assert proc.stderr.count("\n") == 1
