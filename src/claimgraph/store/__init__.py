"""The corpus store: many extracted reports in SQLite or PostgreSQL, with versions and search.

``Store.open(path_or_url)`` migrates the database and returns the store; ``store.add(raw, article)``
writes one report in one transaction; ``store.claims(...)``, ``store.claim(key)``,
``store.corpus_claims()`` and ``store.articles()`` read it back. The user's source grades and
entity merges/splits (``set_grade``, ``merge_entities``, ``split_entity``) are kept apart from the
reports, so re-ingesting never undoes them.
"""

from .db import AddResult, Store, as_claims, claim_key
from .engine import StoreError, database_url

__all__ = ["AddResult", "Store", "StoreError", "as_claims", "claim_key", "database_url"]
