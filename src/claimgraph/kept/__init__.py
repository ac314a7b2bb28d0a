"""Kept results: the reconciliation kept in the store, with one owner.

This package reads the reconcile engine's input from the store (:mod:`claimgraph.store.load`),
runs the engine (:mod:`claimgraph.reconcile`, pure: claims in, relations out) and writes its
relations into the ``reconcile_*`` tables (:mod:`.results`, full runs by :mod:`.persist`,
incremental ones by :mod:`.incremental`, the same writer functions for both); the corpus reads
them back through :mod:`.results`, :mod:`.series` and :mod:`.listing`. Neither the store nor the
engine imports it.
"""
