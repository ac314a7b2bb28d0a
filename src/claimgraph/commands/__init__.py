"""CLI commands beyond ``extract``, as plain functions that :mod:`claimgraph.cli` registers."""
