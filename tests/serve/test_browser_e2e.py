"""End to end in a real headless Chromium (Debian's, driven by Playwright; nothing downloaded):
``claimgraph serve --write`` on an empty corpus, the demo corpus ingested through the ingest page,
then a report read and a claim hovered, its trace, the estimates chart and a click on a mark, the
other views, and a hostile article that must render inert.

Screenshots are kept in tests/artifacts/e2e/ (printed at the end). The tests skip, saying why,
where Playwright or the browser is missing (``scripts/browser.sh install`` installs it).
"""

from __future__ import annotations

import json
import os
import queue
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from workbench_support import MANIFEST, ROOT

CHROMIUM = os.environ.get("CLAIMGRAPH_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = ROOT / "tests" / "artifacts" / "e2e"
HOSTILE_TEXT = (
    "WASHINGTON (Hostile Wire) — <script>window.__pwned = 1</script> The mayor said <img src=x "
    "onerror=\"window.__pwned=2\"> that 300 people <b onmouseover=\"window.__pwned=3\">were evacuated</b> on "
    "Monday, officials told reporters.\n"
    "Police said the <a href=\"javascript:window.__pwned=4\">bridge</a> was safe, <iframe "
    "src=\"javascript:window.__pwned=5\"></iframe> according to a statement.\n")
HOSTILE_OUTLET = "<img src=x onerror=\"window.__pwned=6\">Hostile Wire"
HOSTILE_TITLE = "<script>window.__pwned=7</script>Bridge <b>safe</b>"

try:
    from playwright.sync_api import Browser, Page, sync_playwright
except ImportError:  # pragma: no cover - the dev extra installs it
    sync_playwright = None  # type: ignore[assignment]


def missing() -> str | None:
    """Why the browser tests cannot run here, if they cannot."""
    if sync_playwright is None:
        return "the Python package playwright is not installed (pip install -e '.[dev]')"
    if not os.access(CHROMIUM, os.X_OK):
        return f"no Chromium at {CHROMIUM}: run 'bash scripts/browser.sh install' (Debian's chromium package)"
    return None


pytestmark = pytest.mark.skipif(missing() is not None, reason=missing() or "")


@dataclass
class Served:
    """A running ``claimgraph serve``."""

    url: str
    token: str
    process: subprocess.Popen[str]
    log: list[str] = field(default_factory=list)


def read_lines(process: subprocess.Popen[str], into: queue.Queue[str]) -> None:
    assert process.stdout is not None
    for line in process.stdout:
        into.put(line.rstrip("\n"))


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """``claimgraph serve --write`` on a free loopback port over an empty corpus."""
    db = tmp_path_factory.mktemp("e2e") / "workbench.db"
    cmd = [sys.executable, "-m", "claimgraph.cli", "serve", "--db", str(db), "--port", "0", "--write"]
    process = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=read_lines, args=(process, lines), daemon=True).start()
    seen: list[str] = []
    try:
        while not any(line.startswith("ingest page: ") for line in seen):
            seen.append(lines.get(timeout=60))
        url = re.search(r"http://127\.0\.0\.1:\d+/", seen[0])
        assert url, seen
        token = next(line for line in seen if line.startswith("token: ")).split(" ", 1)[1]
        assert not any(token in line for line in seen if "http" in line)  # never printed inside an address
        yield Served(url[0], token, process, seen)
    finally:
        process.terminate()
        process.wait(timeout=20)
        if process.stdout is not None:
            process.stdout.close()


@dataclass
class Session:
    """One browser page and what it did: every request, console errors, page errors."""

    page: Page
    base: str
    requests: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def open(self, route: str, ready: str, *, drawn: bool = True) -> Page:
        self.page.goto(self.base + route)
        if not drawn:  # the route changes as it is drawn (the ingest page drops the token)
            self.page.wait_for_selector(ready, timeout=30_000)
            return self.page
        return self.ready(ready)

    def ready(self, selector: str) -> Page:
        """Wait for the route in the address bar to be drawn, then for ``selector``."""
        fragment = "#" + urlsplit(self.page.url).fragment
        self.page.locator(f"#view[data-route={json.dumps(fragment)}]").wait_for(timeout=30_000)
        self.page.wait_for_selector(selector, timeout=30_000)
        return self.page

    def shot(self, name: str, *, full: bool = False) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=full)
        return path


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert sync_playwright is not None
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def session(browser: Browser, server: Served) -> Iterator[Session]:
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    found = Session(page, server.url)
    page.on("request", lambda request: found.requests.append(request.url))
    page.on("console", lambda msg: found.problems.append(f"console {msg.type}: {msg.text}")
            if msg.type == "error" else None)
    page.on("pageerror", lambda error: found.problems.append(f"page error: {error}"))
    yield found
    context.close()


def upload_files(folder: Path) -> list[Path]:
    """The demo corpus as one JSON Lines file per report (each with its own date and outlet)."""
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for n, line in enumerate(MANIFEST.read_text(encoding="utf-8").splitlines(), start=1):
        record = json.loads(line)
        text = (MANIFEST.parent / record.pop("path")).read_text(encoding="utf-8")
        path = folder / f"{n:02d}-{record['outlet'].lower().replace(' ', '-')}.jsonl"
        path.write_text(json.dumps({"text": text, **record}) + "\n", encoding="utf-8")
        files.append(path)
    return files


@pytest.fixture(scope="module")
def ingested(session: Session, server: Served, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The demo corpus uploaded through the ingest page (token from the printed address), and the
    hostile article pasted; returns what the page reported."""
    page = session.open(f"#/ingest?token={server.token}", "#ingest-files", drawn=False)
    assert "token=" not in page.url  # taken out of the address bar
    files = upload_files(tmp_path_factory.mktemp("upload"))
    page.set_input_files("#ingest-files input[type=file]", [str(f) for f in files])
    page.click("#ingest-files button[type=submit]")
    page.locator("#ingest-state", has_text=re.compile(r"^Done")).wait_for(timeout=240_000)  # no eval: CSP
    progress = page.eval_on_selector("#ingest-progress", "el => [el.value, el.max]")
    session.shot("01-ingest-demo-corpus")
    form = page.locator("#ingest-text")
    form.locator("textarea").fill(HOSTILE_TEXT)
    form.locator("input[name=outlet]").fill(HOSTILE_OUTLET)
    form.locator("input[name=title]").fill(HOSTILE_TITLE)
    form.locator("input[name=published]").fill("2025-02-03")
    form.locator("button[type=submit]").click()
    page.wait_for_selector("#ingest-log li:nth-child(16)", timeout=60_000)
    results = page.locator("#ingest-log li").all_inner_texts()
    return {"progress": progress, "results": results, "files": len(files)}


def test_ingest_page_stores_the_demo_corpus(ingested: dict[str, Any], session: Session) -> None:
    assert ingested["progress"] == [15, 15]
    results = ingested["results"]
    assert len(results) == 16 and all(line.startswith("new") for line in results), results
    assert sum(int(re.search(r"(\d+) claim", line)[1]) for line in results[:15]) > 150  # type: ignore[index]
    page = session.open("#/reports", "#reports tbody tr")
    assert page.locator("#reports tbody tr").count() == 16


def test_report_reader_hover_and_trace(ingested: dict[str, Any], session: Session) -> None:
    page = session.open("#/reports?q=Eastline", "#reports .report-link")
    page.click("#reports .report-link")
    session.ready("#article .claim")
    assert page.locator("#article .claim.ct-pos").count() > 3 and page.locator("#article .src").count() > 3
    assert page.locator("#article .qty").count() > 3 and page.locator("#article .time").count() > 1
    claim = page.locator("#article .claim", has_text="More than 3,000").first
    claim.hover()
    tooltip = page.locator("#tooltip")
    tooltip.wait_for(state="visible")
    text = tooltip.inner_text()
    assert "Volodymyr Zelenskyy" in text and "credibility" in text.lower() and "chain" in text.lower()
    assert page.locator(f"#article .claim.hot[data-claim='{claim.get_attribute('data-claim')}']").count() >= 1
    session.shot("02-report-hover")
    claim.click()
    page.wait_for_selector("#pinned .trace-link")
    page.click("#pinned .trace-link")
    session.ready("#trace-graph .node.origin")
    assert page.locator("#trace-graph .node").count() >= 2
    assert "Volodymyr Zelenskyy" in page.locator("section.trace").inner_text()
    assert page.locator(".col.contradicting li").count() >= 1  # JCS's 1,100 against Zelenskyy's 3,000
    session.shot("03-trace", full=True)


def test_trace_shows_corroborating_and_contradicting_claims_side_by_side(ingested: dict[str, Any],
                                                                         session: Session) -> None:
    page = session.open("#/claims?q=combat+operations+Kursk", "#claims tbody tr")
    said = "North Korean units had begun engaging in combat operations in Kursk"    # the State Department
    link = page.locator("#claims tbody tr", has_text=said).first.locator(".trace-link")
    key = link.inner_text()
    link.click()
    session.ready("#corroborating li")
    columns = page.locator(".columns")
    assert columns.locator(".col.contradicting li").count() >= 1
    corroborating = columns.locator(".col.corroborating #corroborating li")
    assert corroborating.count() >= 3 and "match, score" in corroborating.first.inner_text()
    keys = [text.split(" ")[0] for text in corroborating.locator("a[href^='#/report/']").all_inner_texts()]
    assert len(keys) == corroborating.count() and key not in keys
    assert f"Corroborated by ({len(keys)})" in columns.locator(".col.corroborating h2").inner_text()
    other = corroborating.first.locator("a[href^='#/trace/']")
    other_key = other.get_attribute("href").rsplit("/", 1)[1]  # type: ignore[union-attr]
    session.shot("03b-trace-corroborated", full=True)
    other.click()
    session.ready(f"section.trace h1:has-text('Trace of {other_key}')")


def test_estimates_chart_mark_opens_its_report(ingested: dict[str, Any], session: Session) -> None:
    page = session.open("#/estimates", ".chart .mark")
    assert page.locator(".series").count() >= 3 and page.locator(".chart .band").count() >= 3
    first = page.locator("#series-0 .chart .mark").first
    key = first.get_attribute("data-key")
    assert key and re.fullmatch(r"C\d+", key)
    session.shot("04-estimates")
    first.click()
    page.wait_for_url(re.compile(r"#/report/\d+\?claim=" + key))
    session.ready(f"#article .claim.pinned[data-claim='{key}']")
    assert key in page.locator("#pinned").inner_text()
    session.shot("05-report-from-mark")


def test_estimates_come_a_page_at_a_time(ingested: dict[str, Any], session: Session) -> None:
    """The view shows a page of series with the pager; the next page starts where it ended."""
    page = session.open("#/estimates", ".chart .mark")
    shown = page.locator(".series").count()
    pager = page.locator(".pager").inner_text()
    total = int(pager.rsplit(" of ", 1)[1].split()[0])
    assert 3 <= shown <= 10 and f"1–{shown} of {total}" in pager
    second = page.locator("#series-1 h2").inner_text()
    page = session.open("#/estimates?offset=1", ".chart .mark")
    assert page.locator("#series-0 h2").inner_text() == second
    assert f"2–{min(total, 11)} of {total}" in page.locator(".pager").inner_text()
    dates = sorted(d for d in page.locator(".series table tbody tr td:nth-child(2)").all_text_contents() if d != "?")
    since = dates[len(dates) // 2]
    page.fill("#e-since", since)
    page.click("#estimate-filters button[type=submit]")
    page.wait_for_url(re.compile(r"#/estimates\?since=" + since))
    session.ready(".series")
    shown = page.locator(".series table tbody tr td:nth-child(2)").all_text_contents()
    assert shown and all(day >= since for day in shown)


def test_claims_explorer_filters_and_links(ingested: dict[str, Any], session: Session) -> None:
    page = session.open("#/claims?certainty=PR%2B", "#claims tbody tr")
    badges = page.locator("#claims tbody .badge.cert").all_inner_texts()
    assert badges and set(badges) == {"PR+"}
    page.fill("#f-q", "Kursk")
    page.select_option("#f-certainty", "")
    page.click("#claim-filters button[type=submit]")
    page.wait_for_url(re.compile(r"q=Kursk"))
    session.ready("#claims tbody tr")
    texts = page.locator("#claims tbody .claim-text").all_inner_texts()
    assert texts and all("kursk" in t.lower() for t in texts)
    session.shot("06-claims")
    page.locator("#claims tbody .report-link").first.click()
    page.wait_for_selector("#article .claim.pinned")


def test_contradictions_echoes_sources_map(ingested: dict[str, Any], session: Session) -> None:
    page = session.open("#/contradictions", ".pair")
    assert page.locator(".pair").count() >= 5 and page.locator(".pair .reason").first.inner_text()
    session.shot("07-contradictions")
    page = session.open("#/echoes", ".group")
    assert page.locator(".group").count() >= 5
    page = session.open("#/sources", "#sources tbody tr")
    row = page.locator("#sources tbody tr", has_text="National Intelligence Service").first
    row.locator("select").select_option("B")
    row.get_by_text("kept: B").wait_for()
    page = session.open("#/sources", "#sources tbody tr")
    row = page.locator("#sources tbody tr", has_text="National Intelligence Service").first
    assert row.locator("select").input_value() == "B"
    session.shot("08-sources")
    page = session.open("#/map", "#map .place")
    assert page.locator("#map .country").count() > 150 and page.locator("#map .place").count() >= 5
    session.shot("09-map")
    page.locator("#map .place[data-place='Pyongyang'] circle").click()
    page.wait_for_url(re.compile(r"place=Pyongyang"))
    session.ready("#claims tbody tr")


def test_hostile_article_renders_inert(ingested: dict[str, Any], session: Session) -> None:
    page = session.open("#/reports?q=Hostile", "#reports .report-link")
    assert page.locator("#reports tbody tr").count() == 1
    assert "<script>" in page.locator("#reports").inner_text()  # the title, shown as text
    page.click("#reports .report-link")
    session.ready("#article .claim")
    article = page.locator("#article")
    assert "<script>window.__pwned = 1</script>" in article.inner_text()
    assert "onerror=" in article.inner_text()
    for tag in ("script", "img", "iframe", "b", "a"):
        assert page.locator(f"#article {tag}, .report-head {tag}").count() == 0, tag
    page.locator("#article .claim").first.hover()
    page.locator("#tooltip").wait_for(state="visible")
    page.locator("#article .claim").last.click()
    page.mouse.move(5, 5)
    session.shot("10-hostile-article")
    page = session.open("#/claims?q=evacuated", "#claims tbody tr")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("#claims img, #claims script").count() == 0


def test_nothing_left_the_machine_and_nothing_failed(ingested: dict[str, Any], session: Session) -> None:
    assert session.requests and all(url.startswith(session.base) or url.startswith("data:")
                                    for url in session.requests), [u for u in session.requests
                                                                   if not u.startswith(session.base)]
    assert not session.problems, session.problems
    print(f"\nscreenshots: {ARTIFACTS}")
