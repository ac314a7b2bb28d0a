"""Every error code renders one line with the code, the target, the reason and the fix."""

from __future__ import annotations

import pytest

from claimgraph.errors import ClaimgraphError, Code, InputError


@pytest.mark.parametrize("code", list(Code))
def test_every_code_has_a_message_and_a_fix(code: Code) -> None:
    err = InputError(code, "story.pdf", "detail")
    line = err.render()
    assert "\n" not in line
    assert line.startswith(f"{code.name}: cannot read 'story.pdf': ")
    assert line.endswith(code.fix)
    assert code.message and code.fix


def test_error_without_target() -> None:
    assert ClaimgraphError(Code.E009, None, "tomorrow").render().startswith("E009: bad publication date 'tomorrow'")
