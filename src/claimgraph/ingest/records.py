"""JSON and JSON Lines inputs: each record is one article.

A record holds ``text`` (or ``body``/``content``) and optionally ``published``/``date``,
``outlet``/``source`` (a string, or an object with a ``name``), ``title``, ``author`` and ``url``.
A bad record becomes an :class:`InputError` naming ``file.jsonl#LINE`` (or ``file.json#N``, the
N-th object of a list) while the other records still come through.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping

from claimgraph.errors import Code, InputError
from claimgraph.ingest.article import Meta, Overrides, RawArticle, build_article
from claimgraph.ingest.text import normalize_newlines

TEXT_FIELDS = ("text", "body", "content")
DATE_FIELDS = ("published", "date")
OUTLET_FIELDS = ("outlet", "source")


def read_json(text: str, origin: str, given: Overrides) -> Iterator[RawArticle | InputError]:
    """Articles from a JSON document: one object, or a list of objects."""
    try:
        value = json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(Code.E010, origin, f"invalid JSON at line {err.lineno}: {err.msg}") from err
    if isinstance(value, dict):
        yield _guarded(value, origin, given)
    elif isinstance(value, list):
        if not value:
            raise InputError(Code.E001, origin, "an empty list")
        for number, item in enumerate(value, start=1):
            yield _guarded(item, f"{origin}#{number}", given)
    else:
        raise InputError(Code.E010, origin, f"top level is {_kind(value)}, not an object or a list")


def read_jsonl(text: str, origin: str, given: Overrides) -> Iterator[RawArticle | InputError]:
    """Articles from JSON Lines, one record per non-blank line (numbered from 1)."""
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            yield _line_record(line, f"{origin}#{number}", given)


def _line_record(line: str, where: str, given: Overrides) -> RawArticle | InputError:
    try:
        value = json.loads(line)
    except json.JSONDecodeError as err:
        return InputError(Code.E010, where, f"invalid JSON at column {err.colno}: {err.msg}")
    return _guarded(value, where, given)


def _guarded(value: object, where: str, given: Overrides) -> RawArticle | InputError:
    """The record's article, or the error that says why it is not one."""
    try:
        return record_article(value, where, given)
    except InputError as err:
        return err


def record_article(value: object, where: str, given: Overrides) -> RawArticle:
    """Build one article from a decoded JSON record; E010 when the record is malformed."""
    if not isinstance(value, dict):
        raise InputError(Code.E010, where, f"record is {_kind(value)}, not an object")
    text = _text(value, where)
    meta = Meta(
        published=_first(value, DATE_FIELDS),
        outlet=_outlet(value, where),
        title=_string(value, "title", where),
        author=_string(value, "author", where),
        url=_string(value, "url", where),
    )
    return build_article(text, meta, where, given)


def _text(record: Mapping[str, object], where: str) -> str:
    name = next((f for f in TEXT_FIELDS if record.get(f) is not None), None)
    if name is None:
        raise InputError(Code.E010, where, "no 'text', 'body' or 'content' field")
    value = record[name]
    if not isinstance(value, str):
        raise InputError(Code.E010, where, f"'{name}' is {_kind(value)}, not a string")
    if not value.strip():
        raise InputError(Code.E010, where, f"'{name}' is empty")
    return normalize_newlines(value)


def _outlet(record: Mapping[str, object], where: str) -> str | None:
    value = _first(record, OUTLET_FIELDS)
    if isinstance(value, dict):
        value = value.get("name")
    if value is None or isinstance(value, str):
        return value or None
    raise InputError(Code.E010, where, f"'outlet' is {_kind(value)}, not a string")


def _string(record: Mapping[str, object], name: str, where: str) -> str | None:
    value = record.get(name)
    if value is None or isinstance(value, str):
        return value or None
    raise InputError(Code.E010, where, f"'{name}' is {_kind(value)}, not a string")


def _first(record: Mapping[str, object], names: tuple[str, ...]) -> object:
    return next((record[n] for n in names if record.get(n) is not None), None)


def _kind(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")
