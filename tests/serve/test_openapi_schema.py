"""Property-based run of the OpenAPI schema (schemathesis) against the in-process app, read and
write endpoints alike (with the token): no request may get a server error, and every response must
match the schema (errors included: one shape)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import checks
from workbench_support import HOSTS, TOKEN, auth

from claimgraph.serve import ServeConfig, Workbench, create_app

EXAMPLES = 12  # per operation: the whole run stays within a few seconds of extraction


@pytest.fixture(scope="module")
def app_schema(demo_db: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[schemathesis.BaseSchema]:
    target = tmp_path_factory.mktemp("schema") / "corpus.db"
    shutil.copyfile(demo_db, target)
    config = ServeConfig(db=str(target), write=True, token=TOKEN, hosts=(*HOSTS, "localhost"))
    bench = Workbench(config)
    app = create_app(config, bench)
    # URL ingest is left out: generated URLs would make it reach for the network (tested in test_api.py).
    yield schemathesis.openapi.from_asgi("/openapi.json", app).exclude(path="/api/documents/fetch")
    bench.close()


def run_operation(operation: schemathesis.APIOperation) -> None:
    """Hypothesis over one operation's generated requests (schemathesis' pytest plugin is driven by
    hand: its fixture loader does not run under this pytest)."""

    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    def check(case: schemathesis.Case) -> None:
        case.call_and_validate(headers=auth(), checks=[checks.not_a_server_error,
                                                       checks.response_schema_conformance])

    check()


# schemathesis' own strategies draw from the `random` module; Hypothesis warns about it once per
# process, which under "warnings are errors" fails whichever case happens to come first.
@pytest.mark.filterwarnings("ignore:Do not use the `random` module inside strategies")
def test_no_server_errors(app_schema: schemathesis.BaseSchema) -> None:
    failed = []
    for result in app_schema.get_all_operations():
        operation = result.ok()
        try:
            run_operation(operation)
        except Exception as exc:  # collect every failing operation, then fail once
            inner = "; ".join(repr(e)[:600] for e in getattr(exc, "exceptions", ()))
            failed.append(f"{operation.method.upper()} {operation.path}: {exc} {inner}")
    assert not failed, "\n\n".join(failed)


def test_the_run_covers_every_operation(app_schema: schemathesis.BaseSchema) -> None:
    operations = {f"{op.ok().method.upper()} {op.ok().path}" for op in app_schema.get_all_operations()}
    assert {"GET /api/claims", "GET /api/claims/{key}/trace", "POST /api/documents", "POST /api/documents/upload",
            "PUT /api/sources/grade", "GET /api/exports/{format}"} <= operations
    assert not any(path.endswith("/fetch") for path in operations)
