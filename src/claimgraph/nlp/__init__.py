"""spaCy components of claimgraph, one module per step, each registered as a versioned factory."""
