"""Renderers: the same Article as a rich table, JSON (contract v1) or JSON Lines."""
