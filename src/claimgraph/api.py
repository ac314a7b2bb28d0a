"""The Python API: everything the CLI, REST API and web UI do goes through here.

>>> import claimgraph
>>> article = claimgraph.extract("SEOUL (AP) — North Korea fired a missile on Friday, officials said.",
...                              published="2025-01-24")
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor

from spacy.language import Language
from spacy.tokens import Doc

from .assemble import assemble
from .ingest import RawArticle, parse_published
from .ingest.article import Meta, Overrides, build_article
from .model import Article
from .pipeline import component_versions, default_pipeline


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


def prepare(nlp: Language, raw: RawArticle) -> Doc:
    """A tokenised Doc carrying what the components need from the document."""
    doc = nlp.make_doc(mask_dateline(raw))
    doc._.published = raw.document.published
    doc._.dateline = raw.document.dateline_place or raw.document.dateline
    doc._.dateline_end = raw.dateline.end if raw.dateline else None
    return doc


def extract_raw(raws: Iterable[RawArticle], *, nlp: Language | None = None, n_process: int = 1,
                batch_size: int = 16, model: str | None = None) -> Iterator[Article]:
    """Run the pipeline over raw articles, yielding one Article each, in order.

    With ``n_process > 1`` the articles are spread over worker processes, each holding its own
    pipeline (built once per worker; ``nlp`` is then ignored and ``model`` names the base model).
    """
    if n_process > 1:
        yield from _extract_parallel(list(raws), n_process, batch_size, model)
        return
    nlp = nlp or default_pipeline(model)
    versions = component_versions(nlp)
    items = list(raws)
    docs = (prepare(nlp, raw) for raw in items)
    for raw, doc in zip(items, nlp.pipe(docs, batch_size=batch_size), strict=True):
        yield assemble(doc, raw.document, versions, raw.text)


def _extract_chunk(args: tuple[list[RawArticle], str | None]) -> list[Article]:
    """Worker: extract one chunk with this process's pipeline."""
    chunk, model = args
    return list(extract_raw(chunk, nlp=default_pipeline(model)))


def _extract_parallel(items: list[RawArticle], n_process: int, batch_size: int,
                      model: str | None) -> Iterator[Article]:
    """Extract in ``n_process`` worker processes, keeping input order."""
    chunks = [(items[i:i + batch_size], model) for i in range(0, len(items), batch_size)]
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else None)
    with ProcessPoolExecutor(max_workers=n_process, mp_context=context) as pool:
        for articles in pool.map(_extract_chunk, chunks):
            yield from articles


def extract(text: str, *, published: dt.date | str | None = None, outlet: str | None = None,
            title: str | None = None, url: str | None = None, nlp: Language | None = None) -> Article:
    """Extract the claims of one article given as text."""
    raw = raw_article(text, published=published, outlet=outlet, title=title, url=url)
    return next(extract_raw([raw], nlp=nlp))
