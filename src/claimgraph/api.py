"""The Python API: everything the CLI, REST API and web UI do goes through here.

>>> import claimgraph
>>> article = claimgraph.extract("SEOUL (AP) — North Korea fired a missile on Friday, officials said.",
...                              published="2025-01-24")
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

import numpy
from spacy.language import Language
from spacy.tokens import Doc

from .assemble import DocParts, assemble, assemble_parts, doc_parts
from .ingest import RawArticle, parse_published
from .ingest.article import Meta, Overrides, build_article
from .model import Article
from .pipeline import component_versions, default_pipeline, split_stages


def as_date(value: dt.date | str | None) -> dt.date | None:
    """Accept a date or an ISO string (E009 on a bad one)."""
    if value is None or isinstance(value, dt.date):
        return value
    return parse_published(value)


def raw_article(text: str, *, published: dt.date | str | None = None, outlet: str | None = None,
                title: str | None = None, url: str | None = None, origin: str = "text") -> RawArticle:
    """Wrap plain text as a raw article (dateline detected, publication date as given)."""
    given = Overrides(published=as_date(published), outlet=outlet, title=title, url=url)
    return build_article(text, Meta(), origin, given)


def mask_dateline(raw: RawArticle) -> str:
    """The text with the dateline blanked out (same length, so spans still index the original):
    a dateline glued to the first sentence confuses the parser."""
    if raw.dateline is None or raw.dateline.end <= 0:
        return raw.text
    end = raw.dateline.end
    return "".join(ch if ch == "\n" else " " for ch in raw.text[:end]) + raw.text[end:]


def prepare(nlp: Language, raw: RawArticle, bounds: tuple[int, int] | None = None,
            masked: str | None = None) -> Doc:
    """A tokenised Doc carrying what the components need from the document: the whole article, or
    the chunk ``bounds`` of it (``masked``: :func:`mask_dateline` of the article, when the caller
    has it already). A chunk's Doc knows where it starts (``doc._.chunk_start``); its character
    offsets are the chunk's own."""
    text = mask_dateline(raw) if masked is None else masked
    start, end = bounds if bounds is not None else (0, len(text))
    doc = nlp.make_doc(text[start:end] if (start, end) != (0, len(text)) else text)
    return with_context(doc, raw, start)


def with_context(doc: Doc, raw: RawArticle, start: int = 0) -> Doc:
    """Set what the components read from the document on the Doc of its text from ``start``."""
    doc._.published = raw.document.published
    doc._.dateline = raw.document.dateline_place or raw.document.dateline
    doc._.dateline_end = raw.dateline.end if raw.dateline and start == 0 else None
    doc._.chunk_start = start
    return doc


SENTENCE_ENDS = (". ", "? ", "! ", ".\u201d ", '." ')     # where a paragraph too long for one Doc is cut


def chunk_bounds(text: str, limit: int) -> list[tuple[int, int]]:
    """Consecutive ``[start, end)`` ranges that cover ``text``, each at most ``limit`` characters and
    ending after a line break (a paragraph) where one lies in reach; a paragraph longer than
    ``limit`` is cut after its last sentence end in reach, else after its last space, else at
    ``limit``."""
    limit = max(1, limit)
    bounds: list[tuple[int, int]] = []
    start, size = 0, len(text)
    while size - start > limit:
        reach = start + limit
        end = text.rfind("\n", start + 1, reach) + 1
        if end <= start:
            end = max((found + len(mark) for mark in SENTENCE_ENDS
                       if (found := text.rfind(mark, start + 1, reach)) >= 0), default=0)
        if end <= start:
            end = text.rfind(" ", start + 1, reach) + 1
        if end <= start:
            end = reach
        bounds.append((start, end))
        start = end
    bounds.append((start, size))
    return bounds


# The base model's activations take about 3.5 KB per character of the text they read at once, and
# its time per word grows past some 80,000 characters: a text longer than this is annotated by the
# model a piece of paragraphs at a time (the claimgraph steps still read the whole Doc). News
# articles are shorter, and go through ``nlp.pipe`` whole.
MODEL_PIECE_CHARS = 50_000
BATCH_CHARS = 4 * MODEL_PIECE_CHARS    # at most this much text goes through one nlp.pipe call


def extract_raw(raws: Iterable[RawArticle], *, nlp: Language | None = None, n_process: int = 1,
                batch_size: int = 16, model: str | None = None) -> Iterator[Article]:
    """Run the pipeline over raw articles, yielding one Article each, in order.

    With ``n_process > 1`` the articles are spread over worker processes, each holding its own
    pipeline (built once per worker; ``nlp`` is then ignored and ``model`` names the base model).
    An article longer than :data:`MODEL_PIECE_CHARS` (or the pipeline's ``max_length``) is read by
    :func:`extract_long`; the others go through ``nlp.pipe`` in runs of at most :data:`BATCH_CHARS`
    characters, so that a batch of long articles does not hold the model's memory for all of them.
    """
    if n_process > 1:
        yield from _extract_parallel(list(raws), n_process, batch_size, model)
        return
    nlp = nlp or default_pipeline(model)
    versions = component_versions(nlp)
    run: list[RawArticle] = []
    run_chars = 0
    for raw in list(raws):
        size = len(raw.text)
        if run and (size > min(nlp.max_length, MODEL_PIECE_CHARS) or run_chars + size > BATCH_CHARS):
            yield from _extract_docs(nlp, run, versions, batch_size)
            run, run_chars = [], 0
        if size > min(nlp.max_length, MODEL_PIECE_CHARS):
            yield extract_long(nlp, raw, versions)
        else:
            run.append(raw)
            run_chars += size
    yield from _extract_docs(nlp, run, versions, batch_size)


def _extract_docs(nlp: Language, items: list[RawArticle], versions: dict[str, str],
                  batch_size: int) -> Iterator[Article]:
    """Articles that fit in one Doc each, through ``nlp.pipe``."""
    docs = (prepare(nlp, raw) for raw in items)
    for raw, doc in zip(items, nlp.pipe(docs, batch_size=batch_size), strict=True):
        yield assemble(doc, raw.document, versions, raw.text)


def extract_long(nlp: Language, raw: RawArticle, versions: dict[str, str] | None = None,
                 piece_chars: int = MODEL_PIECE_CHARS) -> Article:
    """A long article: one Doc per chunk of whole paragraphs of at most ``nlp.max_length`` characters
    (:func:`chunk_bounds`; a single chunk up to that length), each processed and reduced to its
    claims, entities and places before the next is made, joined with every offset in the article's
    text.

    The base model reads each chunk ``piece_chars`` characters of paragraphs at a time
    (:func:`annotate`), so its memory is that of one piece. Within a chunk everything else is as for
    a whole article; across chunks, entities and places with the same key are merged, while
    pronouns, quotes and names are read within their chunk."""
    versions = versions if versions is not None else component_versions(nlp)
    masked = mask_dateline(raw)
    parts: list[DocParts] = []
    for start, end in chunk_bounds(masked, nlp.max_length):
        doc = annotate(nlp, raw, masked, (start, end), piece_chars)
        parts.append(doc_parts(doc, start))
        del doc
    return assemble_parts(parts, raw.document, versions, raw.text)


def annotate(nlp: Language, raw: RawArticle, masked: str, bounds: tuple[int, int],
             piece_chars: int = MODEL_PIECE_CHARS) -> Doc:
    """The processed Doc of the chunk ``bounds`` of ``masked``: the paragraph-level components (the
    base model) run on pieces of at most ``piece_chars`` characters of whole paragraphs, joined into
    one Doc (``Doc.from_docs``: the same text, hence the same offsets) that the document-level
    components then read (:func:`claimgraph.pipeline.split_stages`)."""
    start, end = bounds
    pieces = chunk_bounds(masked[start:end], piece_chars)
    if len(pieces) == 1:
        return nlp(prepare(nlp, raw, bounds, masked))
    paragraph_steps, document_steps = split_stages(nlp)
    docs = []
    for a, b in pieces:
        doc = nlp.make_doc(masked[start + a:start + b])
        for _, proc in paragraph_steps:
            doc = proc(doc)
        doc.tensor = numpy.empty((0, 0), dtype="float32")   # the model's vectors: not read after it
        doc.user_data.clear()
        docs.append(doc)
    doc = with_context(Doc.from_docs(docs, ensure_whitespace=False), raw, start)
    del docs
    for _, proc in document_steps:
        doc = proc(doc)
    return doc


def _extract_chunk(args: tuple[list[RawArticle], str | None]) -> list[Article]:
    """Worker: extract one chunk with this process's pipeline."""
    chunk, model = args
    return list(extract_raw(chunk, nlp=default_pipeline(model)))


def _extract_parallel(items: list[RawArticle], n_process: int, batch_size: int,
                      model: str | None) -> Iterator[Article]:
    """Extract in ``n_process`` worker processes (which end with this one), keeping input order."""
    from .scale.pipelined import worker_pool

    chunks = [(items[i:i + batch_size], model) for i in range(0, len(items), batch_size)]
    with worker_pool(n_process) as pool:
        for articles in pool.map(_extract_chunk, chunks):
            yield from articles


def extract(text: str, *, published: dt.date | str | None = None, outlet: str | None = None,
            title: str | None = None, url: str | None = None, nlp: Language | None = None) -> Article:
    """Extract the claims of one article given as text."""
    raw = raw_article(text, published=published, outlet=outlet, title=title, url=url)
    return next(extract_raw([raw], nlp=nlp))
