"""The reconciliation lexicon (data/reconcile.yaml), loaded and validated once."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..errors import Code, ConfigError
from ..nlp.lexicon import load_yaml


@dataclass(frozen=True)
class Measure:
    """A measure: its name, the phrases that signal it, the units it needs (if any)."""

    name: str
    phrases: tuple[str, ...]
    requires_unit: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReconcileLexicon:
    """Measures, synonyms and thresholds for reconciliation."""

    measures: tuple[Measure, ...]
    exclude_if: tuple[str, ...]
    synonyms: dict[str, str]
    predicates: frozenset[str]
    stopwords: frozenset[str]
    cumulative: frozenset[str]
    same_moment_days: int
    approximate_tolerance: float
    undated_window_days: int
    echo_horizon_days: int = 120
    proposition_window_days: int | None = None
    relay_descriptors: frozenset[str] = frozenset()
    speaker_roles: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def reconcile_lexicon() -> ReconcileLexicon:
    """Load data/reconcile.yaml."""
    name = "reconcile.yaml"
    data = load_yaml(name)
    try:
        measures = tuple(Measure(m["name"], tuple(m["phrases"]), tuple(m.get("requires_unit") or ()))
                         for m in data["measures"])
        synonyms = {word: group[0] for group in data["synonyms"] for word in group}
        predicates = frozenset(data.get("predicates") or ())
        return ReconcileLexicon(
            measures=measures, exclude_if=tuple(data.get("exclude_if") or ()), synonyms=synonyms, predicates=predicates,
            stopwords=frozenset(data["stopwords"]), cumulative=frozenset(data["cumulative"]),
            same_moment_days=int(data["same_moment_days"]),
            approximate_tolerance=float(data["approximate_tolerance"]),
            undated_window_days=int(data["undated_window_days"]),
            echo_horizon_days=int(data["echo_horizon_days"]),
            proposition_window_days=_days_or_none(data.get("proposition_window_days")),
            relay_descriptors=frozenset(data.get("relay_descriptors") or ()),
            speaker_roles=tuple(data.get("speaker_roles") or ()),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(Code.E013, name, f"missing or malformed {exc}") from exc


def _days_or_none(value: object) -> int | None:
    """A number of days, or None (no bound) where the lexicon leaves it out or says null."""
    if value is None:
        return None
    days = int(value)  # type: ignore[call-overload]
    if days < 1:
        raise ValueError(f"proposition_window_days must be at least 1, not {days}")
    return days
