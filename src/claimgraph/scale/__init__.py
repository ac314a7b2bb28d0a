"""Scale-out: per-shard work (:mod:`claimgraph.scale.shards`) and extraction on a Dask cluster
(:mod:`claimgraph.scale.dask_engine`, needs ``pip install 'claimgraph[scale]'``).

``shards`` needs nothing beyond claimgraph; import ``dask_engine`` through :func:`load_dask_engine`,
which says how to install Dask where it is missing (E052).
"""

from __future__ import annotations

from types import ModuleType

from ..errors import Code, ConfigError

DASK_MODULES = frozenset({"dask", "distributed"})


def load_dask_engine() -> ModuleType:
    """The Dask engine module; E052 where Dask is not installed."""
    try:
        from . import dask_engine as engine
    except ModuleNotFoundError as exc:
        if (exc.name or "").split(".")[0] in DASK_MODULES:
            raise ConfigError(Code.E052) from exc
        raise
    return engine
