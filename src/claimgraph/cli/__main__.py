"""``python -m claimgraph.cli``."""

from .app import main

main()
