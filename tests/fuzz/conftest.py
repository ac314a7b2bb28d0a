"""Hypothesis profiles for the fuzz suite.

``make test`` runs the ``ci`` profile: a fixed budget of cases per parser, derandomized so that a
run is reproducible. ``make fuzz`` runs the ``fuzz`` profile: random seeds and as many cases as
``CLAIMGRAPH_FUZZ_EXAMPLES`` asks (default 10,000 per parser), for as long as that takes. Every
minimal failing input a fuzz run finds is added to ``test_regressions.py``.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
settings.register_profile("ci", max_examples=int(os.environ.get("CLAIMGRAPH_FUZZ_CI_EXAMPLES", "60")),
                          derandomize=True, deadline=None, suppress_health_check=SLOW_OK, print_blob=True,
                          database=None)
settings.register_profile("fuzz", max_examples=int(os.environ.get("CLAIMGRAPH_FUZZ_EXAMPLES", "10000")),
                          deadline=None, suppress_health_check=SLOW_OK, print_blob=True)
settings.load_profile(os.environ.get("CLAIMGRAPH_FUZZ_PROFILE", "ci"))
