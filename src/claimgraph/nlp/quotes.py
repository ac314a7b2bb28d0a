"""Direct quotes: where quotation marks open and close, what kind of quote a claim is, and
quotes that run on into sentences with no cue of their own."""

from __future__ import annotations

from typing import TYPE_CHECKING

from spacy.tokens import Doc

from .spans import doc_text

if TYPE_CHECKING:
    from .attribution import ClaimDraft

OPEN = {"“": "”", "«": "»"}
REGIONS_KEY = "claimgraph.quote_regions"
STRAIGHT = '"'


def doc_quote_regions(doc: Doc) -> list[tuple[int, int]]:
    """The quote regions of a Doc, computed once per Doc."""
    regions = doc.user_data.get(REGIONS_KEY)
    if not isinstance(regions, list):
        regions = quote_regions(doc_text(doc))
        doc.user_data[REGIONS_KEY] = regions
    return regions


def quote_regions(text: str) -> list[tuple[int, int]]:
    """Character ranges between matching quotation marks (a quote left open runs to the end of
    its paragraph)."""
    regions: list[tuple[int, int]] = []
    opened: int | None = None
    closer = ""
    for i, ch in enumerate(text):
        if opened is None and (ch in OPEN or ch == STRAIGHT):
            opened, closer = i, OPEN.get(ch, STRAIGHT)
        elif (opened is not None and ch == closer) or (opened is not None and ch == "\n"):
            regions.append((opened + 1, i))
            opened = None
    if opened is not None:
        regions.append((opened + 1, len(text)))
    return regions


def region_of(regions: list[tuple[int, int]], start: int, end: int) -> tuple[int, int] | None:
    """The quote region that holds most of [start, end), if any."""
    for lo, hi in regions:
        inside = max(0, min(end, hi) - max(start, lo))
        if inside >= 0.8 * (end - start):
            return lo, hi
    return None


def quote_kind(doc: Doc, start: int, end: int) -> str:
    """'direct' when the claim sits inside quotation marks, 'mixed' when it holds a quoted
    fragment, else 'indirect'."""
    text = doc_text(doc)
    if region_of(doc_quote_regions(doc), start, end) is not None:
        return "direct"
    if any(ch in text[start:end] for ch in "“”\""):
        return "mixed"
    return "indirect"


def paragraph_of(text: str, pos: int) -> tuple[int, int]:
    """The line (paragraph) containing ``pos``."""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def apply_quote_continuation(doc: Doc, drafts: list[ClaimDraft]) -> None:
    """Give an unattributed claim inside quotation marks the source of the quote it belongs to:
    the same quote attributed elsewhere, else the nearest attributed quote in its paragraph."""
    regions = doc_quote_regions(doc)
    for i, d in enumerate(drafts):
        if d.sources:
            continue
        region = region_of(regions, d.start, d.end)
        if region is None:
            continue
        donor = find_donor(doc_text(doc), drafts, i, region, regions)
        if donor is not None:
            d.sources = list(donor.sources)
            d.quote = "direct"


def find_donor(text: str, drafts: list[ClaimDraft], i: int, region: tuple[int, int],
               regions: list[tuple[int, int]]) -> ClaimDraft | None:
    """The attributed quote a continuation belongs to."""
    para = paragraph_of(text, drafts[i].start)
    same = [d for d in drafts if d.sources and region_of(regions, d.start, d.end) == region]
    if same:
        return same[0]
    before = [d for d in drafts[:i] if d.sources and para[0] <= d.start < para[1]
              and region_of(regions, d.start, d.end) is not None]
    if before:
        return before[-1]
    after = [d for d in drafts[i + 1:] if d.sources and para[0] <= d.start < para[1]
             and region_of(regions, d.start, d.end) is not None]
    return after[0] if after else None
