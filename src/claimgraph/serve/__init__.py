"""The analyst's workbench: a REST API (FastAPI) and a web UI over one corpus.

``claimgraph serve --db claimgraph.db`` runs it; :func:`create_app` builds the app for tests and
embedding. Everything it answers comes from :class:`claimgraph.corpus.Corpus` and
:mod:`claimgraph.store.browse`.
"""

from .app import create_app
from .config import ServeConfig, hosts_for, new_token
from .workbench import Workbench

__all__ = ["ServeConfig", "Workbench", "create_app", "hosts_for", "new_token"]
