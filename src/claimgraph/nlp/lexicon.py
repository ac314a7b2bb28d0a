"""Packaged lexicons: loaded once per process from ``claimgraph/data/*.yaml``.

Users extend a lexicon by editing the YAML (or pointing ``CLAIMGRAPH_DATA`` at a copy of the
folder); each loader validates the shape and raises :class:`ConfigError` (E013) when it is wrong.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..errors import Code, ConfigError


def parse_yaml(text: str) -> Any:
    """Safe YAML parsing, with libyaml's C parser where PyYAML was built with it: the gazetteer
    alone takes seconds to parse in pure Python, on every start of the pipeline."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def data_path(name: str) -> Path:
    """Where the data file ``name`` lives (``CLAIMGRAPH_DATA`` overrides the package folder)."""
    override = os.environ.get("CLAIMGRAPH_DATA")
    if override and (Path(override) / name).exists():
        return Path(override) / name
    return Path(str(resources.files("claimgraph") / "data" / name))


@lru_cache(maxsize=32)
def load_yaml(name: str) -> dict[str, Any]:
    """Parse a packaged YAML mapping (or the user's copy in ``CLAIMGRAPH_DATA``)."""
    return read_yaml(data_path(name))


def read_yaml(path: Path) -> dict[str, Any]:
    """Parse a YAML mapping from any path, with a one-line E013 when it is malformed."""
    try:
        data = parse_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(Code.E013, str(path), str(exc).splitlines()[0]) from exc
    if not isinstance(data, dict):
        raise ConfigError(Code.E013, str(path), "top level must be a mapping")
    return data


@dataclass(frozen=True)
class AttributionLexicon:
    """Words that signal attribution, sources and channels (see data/attribution.yaml)."""

    reporting_verbs: dict[str, Any]
    uncommitted_wrappers: frozenset[str]
    uncommitted_negated: frozenset[str]
    claim_nouns: frozenset[str]
    channel_nouns: frozenset[str]
    document_kinds: dict[str, str]
    audience_nouns: frozenset[str]
    source_heads: dict[str, str]
    anonymous_heads: frozenset[str]
    anonymous_markers: tuple[str, ...]
    person_titles: dict[str, str]
    pronouns: dict[str, str]
    definite_anaphors: frozenset[str]
    platforms: frozenset[str]
    boilerplate_starts: tuple[str, ...]
    boilerplate_contains: tuple[str, ...]
    verb_classes: dict[str, frozenset[str]]   # class name -> lemmas (speech, accusation, naming, citing, audience)

    def verbs(self, kind: str) -> frozenset[str]:
        """The lemmas of a verb class (empty for a class the lexicon does not define)."""
        return self.verb_classes.get(kind, frozenset())


@dataclass(frozen=True)
class CertaintyLexicon:
    """Hedges, boosters and negators (see data/certainty.yaml)."""

    modal_aux: dict[str, str | None]
    adverbs: dict[str, str]
    raising_verbs: dict[str, str | None]
    adjectives: dict[str, str]
    negators: frozenset[str]
    flip: dict[str, str]


def _section(data: dict[str, Any], key: str, kind: type, name: str) -> Any:
    value = data.get(key)
    if not isinstance(value, kind):
        raise ConfigError(Code.E013, name, f"'{key}' must be a {kind.__name__}")
    return value


@lru_cache(maxsize=1)
def attribution_lexicon() -> AttributionLexicon:
    """The attribution lexicon, validated."""
    name = "attribution.yaml"
    d = load_yaml(name)
    lower = lambda xs: frozenset(str(x).lower() for x in xs)  # noqa: E731
    return AttributionLexicon(
        reporting_verbs=_section(d, "reporting_verbs", dict, name),
        uncommitted_wrappers=lower(_section(d, "uncommitted_wrappers", list, name)),
        uncommitted_negated=lower(_section(d, "uncommitted_negated", list, name)),
        claim_nouns=lower(_section(d, "claim_nouns", list, name)),
        channel_nouns=lower(_section(d, "channel_nouns", list, name)),
        document_kinds=_section(d, "document_kinds", dict, name),
        audience_nouns=lower(_section(d, "audience_nouns", list, name)),
        source_heads=_section(d, "source_heads", dict, name),
        anonymous_heads=lower(_section(d, "anonymous_heads", list, name)),
        anonymous_markers=tuple(str(x).lower() for x in _section(d, "anonymous_markers", list, name)),
        person_titles=_section(d, "person_titles", dict, name),
        pronouns=_section(d, "pronouns", dict, name),
        definite_anaphors=lower(_section(d, "definite_anaphors", list, name)),
        platforms=lower(_section(d, "platforms", list, name)),
        boilerplate_starts=tuple(str(x).lower() for x in _section(d, "boilerplate_starts", list, name)),
        boilerplate_contains=tuple(str(x).lower() for x in _section(d, "boilerplate_contains", list, name)),
        verb_classes={str(k): lower(v) for k, v in _section(d, "verb_classes", dict, name).items()},
    )


@lru_cache(maxsize=1)
def certainty_lexicon() -> CertaintyLexicon:
    """The certainty lexicon, validated."""
    name = "certainty.yaml"
    d = load_yaml(name)
    return CertaintyLexicon(
        modal_aux=_section(d, "modal_aux", dict, name),
        adverbs=_section(d, "adverbs", dict, name),
        raising_verbs=_section(d, "raising_verbs", dict, name),
        adjectives=_section(d, "adjectives", dict, name),
        negators=frozenset(_section(d, "negators", list, name)),
        flip=_section(d, "flip", dict, name),
    )
