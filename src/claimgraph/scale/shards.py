"""Per-shard work: a JSONL shard in, one line per record out.

A shard is a manifest as ``claimgraph ingest`` reads it: one JSON record per line holding ``text``
(or ``body``/``content``) or a ``path`` (relative to the shard; a URL works too), plus optional
``published``, ``outlet``, ``title``, ``url``. :func:`process_shard` writes, for each record in
order, either the extracted Article (JSON contract v1, with the article text, so that the line can
be stored later) or an error line::

    {"error": {"code": "E010", "where": "in.jsonl#3", "detail": "...", "message": "E010: ...; fix"}}

The output is written to a temporary file and renamed at the end: an output file that exists is
complete. :func:`load_results` stores an output file (one transaction per chunk, idempotent).

:func:`extract_chunk` is the unit of work the Dask engine runs on its workers: it never raises,
a report the pipeline fails on becomes a :class:`Failure` (E050) and the others go on.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ..errors import ClaimgraphError, Code, ConfigError, InputError, clip, printable
from ..ingest.article import RawArticle
from ..ingest.batch import BatchOptions, Item, Target, read_target
from ..model import Article

if TYPE_CHECKING:
    from spacy.language import Language

    from ..store import AddResult, Store

CHUNK = 32  # records extracted together


@dataclass(frozen=True)
class Failure:
    """Why a report was not extracted: plain fields, so that it crosses process boundaries (an
    exception's pickled form loses the code)."""

    code: str
    where: str | None
    detail: str

    @classmethod
    def of(cls, error: ClaimgraphError) -> Failure:
        return cls(error.code.name, error.target, error.detail)

    def error(self) -> ClaimgraphError:
        return ClaimgraphError(Code[self.code], self.where, self.detail)


@dataclass(frozen=True)
class ShardResult:
    """What :func:`process_shard` did."""

    source: str
    output: str
    articles: int
    errors: int
    claims: int


def pipeline(model: str | None = None) -> Language:
    """This process's claimgraph pipeline (built once, shared with :mod:`claimgraph.api`)."""
    from ..pipeline import default_pipeline

    return default_pipeline(model)


def extract_chunk(raws: list[RawArticle], nlp: Language) -> list[Article | Failure]:
    """Extract a chunk in one ``nlp.pipe`` pass; where that fails, report by report, so that one
    report the pipeline chokes on becomes a :class:`Failure` and the others are extracted."""
    from ..api import extract_raw

    try:
        return list(extract_raw(raws, nlp=nlp))
    except Exception:  # retried one by one below, each failure kept with its reason
        pass
    results: list[Article | Failure] = []
    for raw in raws:
        try:
            results.extend(extract_raw([raw], nlp=nlp))
        except Exception as exc:  # any pipeline failure is this report's, not the chunk's
            where = getattr(getattr(raw, "document", None), "origin", None)
            results.append(Failure(Code.E050.name, where, clip(printable(f"{type(exc).__name__}: {exc}"))))
    return results


def extract_isolated(raws: list[RawArticle], nlp: Language, *, processes: int = 1,
                     model: str | None = None) -> list[Article | ClaimgraphError]:
    """Every report's Article, or the coded error (E050) saying why the pipeline failed on it: one
    bad report never stops the others. With ``processes > 1``, chunks go to worker processes."""
    if processes > 1 and len(raws) > 1:
        from .pipelined import pool_task, worker_pool

        chunks = [raws[i:i + CHUNK] for i in range(0, len(raws), CHUNK)]
        with worker_pool(processes) as pool:
            found = [x for part in pool.map(pool_task, chunks, [model] * len(chunks)) for x in part]
    else:
        found = extract_chunk(raws, nlp)
    return [x.error() if isinstance(x, Failure) else x for x in found]


def read_shard(path: str | Path, options: BatchOptions | None = None) -> Iterator[Item]:
    """The records of a shard: raw articles, or the error saying why a line is not one."""
    return read_target(Target("manifest", str(path)), options or BatchOptions())


def error_line(error: ClaimgraphError | Failure) -> str:
    """The output line of a record that gave no article."""
    failure = error if isinstance(error, Failure) else Failure.of(error)
    message = failure.error().render()
    return json.dumps({"error": {"code": failure.code, "where": failure.where, "detail": failure.detail,
                                 "message": message}}, ensure_ascii=False)


def process_shard(source: str | Path, output: str | Path, *, model: str | None = None,
                  options: BatchOptions | None = None, chunk: int = CHUNK) -> ShardResult:
    """Extract every record of the shard ``source`` into ``output`` (JSON Lines, one line per record,
    in order); E022 when the output cannot be written. Memory holds one chunk at a time."""
    nlp = pipeline(model)
    out = Path(output)
    articles = errors = claims = 0
    try:
        with _atomic(out) as stream:
            for items in _chunks(read_shard(source, options), chunk):
                results = iter(extract_chunk([x for x in items if isinstance(x, RawArticle)], nlp))
                for item in items:
                    result = item if isinstance(item, InputError) else next(results)
                    if isinstance(result, Article):
                        articles += 1
                        claims += len(result.claims)
                        stream.write(result.to_json(indent=None, include_text=True) + "\n")
                    else:
                        errors += 1
                        stream.write(error_line(result) + "\n")
    except OSError as exc:
        raise ConfigError(Code.E022, str(out), exc.strerror or str(exc)) from exc
    return ShardResult(str(source), str(out), articles, errors, claims)


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


@contextmanager
def _atomic(path: Path) -> Iterator[TextIO]:
    """A text file written under a temporary name and renamed into place when the block succeeds."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            yield stream
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def read_results(path: str | Path) -> Iterator[Article | ClaimgraphError]:
    """The lines of a :func:`process_shard` output: articles, or the errors recorded for records."""
    with Path(path).open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            value = json.loads(line)
            if isinstance(value, dict) and "error" in value:
                found = value["error"]
                yield Failure(found["code"], found.get("where"), found.get("detail") or "").error()
            else:
                article = Article.model_validate(value)
                if article.text is None:
                    yield InputError(Code.E010, f"{path}#{number}", "an article line without its text")
                else:
                    yield article


def load_results(path: str | Path, store: Store, chunk: int = CHUNK) -> Iterator[AddResult | ClaimgraphError]:
    """Store the articles of a :func:`process_shard` output, ``chunk`` of them per transaction
    (``Store.add_many``; idempotent: an unchanged report stays as it is), in order; the recorded
    errors are passed on in their place."""
    found = read_results(path)
    while batch := list(islice(found, chunk)):
        articles = [(RawArticle(a.text or "", a.document), a) for a in batch if isinstance(a, Article)]
        added = iter(store.add_many(articles))
        yield from (next(added) if isinstance(result, Article) else result for result in batch)
