"""Direct quotes: where quotation marks open and close, what kind of quote a claim is, and
quotes that run on into sentences with no cue of their own."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

from spacy.tokens import Doc

from .spans import doc_text

if TYPE_CHECKING:
    from .draft import ClaimDraft

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
    """The quote region that holds most of [start, end), if any (``regions`` as
    :func:`quote_regions` gives them: in order and apart, so only those overlapping the range are
    looked at)."""
    if end <= start:
        return regions[0] if regions else None
    k = bisect_right(regions, (start, start))
    if k and regions[k - 1][1] > start:
        k -= 1
    while k < len(regions) and regions[k][0] < end:
        lo, hi = regions[k]
        inside = max(0, min(end, hi) - max(start, lo))
        if inside >= 0.8 * (end - start):
            return lo, hi
        k += 1
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


class Paragraphs:
    """The lines of a text, found once: :func:`paragraph_of` by bisection."""

    def __init__(self, text: str) -> None:
        self.size = len(text)
        self.breaks = [i for i, ch in enumerate(text) if ch == "\n"]

    def of(self, pos: int) -> tuple[int, int]:
        """The line (paragraph) containing ``pos``, as :func:`paragraph_of` gives it."""
        k = bisect_left(self.breaks, pos)
        start = self.breaks[k - 1] + 1 if k else 0
        return start, self.breaks[k] if k < len(self.breaks) else self.size


def apply_quote_continuation(doc: Doc, drafts: list[ClaimDraft]) -> None:
    """Give an unattributed claim inside quotation marks the source of the quote it belongs to:
    the same quote attributed elsewhere, else the nearest attributed quote in its paragraph
    (before it, else after it).

    Each draft's quote region and paragraph are found once, and the donors are kept per region and
    per paragraph as the drafts are walked in order, so each claim costs the same however long the
    article: a donor before the claim is final once passed (only the claim being handled changes),
    a donor after it is one attributed from the start."""
    regions = doc_quote_regions(doc)
    paragraphs = Paragraphs(doc_text(doc))
    where = [region_of(regions, d.start, d.end) for d in drafts]
    para = [paragraphs.of(d.start) for d in drafts]
    # drafts attributed from the start, per region and per paragraph (in order): donors after a claim
    region_later: dict[tuple[int, int], list[int]] = {}
    para_later: dict[tuple[int, int], list[int]] = {}
    for j, d in enumerate(drafts):
        if d.sources and where[j] is not None:
            region_later.setdefault(where[j], []).append(j)    # type: ignore[arg-type]
            para_later.setdefault(para[j], []).append(j)
    region_first: dict[tuple[int, int], int] = {}      # first attributed draft seen, per region
    para_last: dict[tuple[int, int], int] = {}         # last attributed quote seen, per paragraph
    for i, d in enumerate(drafts):
        region = where[i]
        if not d.sources and region is not None:
            donor = _donor(i, region, para[i], region_first, para_last, region_later, para_later)
            if donor is not None:
                d.sources = list(drafts[donor].sources)
                d.quote = "direct"
        if d.sources and region is not None:
            region_first.setdefault(region, i)
            para_last[para[i]] = i


def _donor(i: int, region: tuple[int, int], para: tuple[int, int], region_first: dict[tuple[int, int], int],
           para_last: dict[tuple[int, int], int], region_later: dict[tuple[int, int], list[int]],
           para_later: dict[tuple[int, int], list[int]]) -> int | None:
    """The index of the attributed quote a continuation belongs to (see :func:`find_donor`)."""
    if region in region_first:
        return region_first[region]
    later = region_later.get(region, [])
    k = bisect_right(later, i)
    if k < len(later):
        return later[k]
    if para in para_last:
        return para_last[para]
    later = para_later.get(para, [])
    k = bisect_right(later, i)
    return later[k] if k < len(later) else None


def find_donor(text: str, drafts: list[ClaimDraft], i: int, region: tuple[int, int],
               regions: list[tuple[int, int]]) -> ClaimDraft | None:
    """The attributed quote a continuation belongs to: the first attributed claim in the same quote,
    else the last attributed quote before it in its paragraph, else the first after it (a scan of
    every draft; :func:`apply_quote_continuation` keeps indexes instead)."""
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
