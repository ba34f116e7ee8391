"""Contracts every registered claim must meet (its smoke run: tests/validations)."""
import inspect

import pytest

from theorylab.checks.fit import ClaimedBound
from theorylab.checks.registry import claim_ids, load_claim

IDS = claim_ids()


@pytest.mark.parametrize("cid", IDS)
def test_claim_is_well_formed(cid):
    c = load_claim(cid)
    assert c.id == cid
    assert c.source.paper and c.source.arxiv and c.source.where
    assert c.source.tag in ("paper", "recalled", "derived")
    assert c.control is not None and c.control.why
    assert c.control.arm.key(False) != c.main.key(False), "the control must differ from the main arm"
    for arm in (c.main, c.control.arm):
        assert inspect.isfunction(arm.run) and "<locals>" not in arm.run.__qualname__
    b = ClaimedBound.of(c)
    assert b.latex
    if c.check.kind == "linear":
        b.log_rate
    elif c.check.kind in ("upper", "two-sided"):
        assert b.exponent == b.exponent  # finite, parses
    if c.source.tag == "recalled":
        assert c.check.kind not in ("bound", "identity"), \
            "recalled claims test the rate shape, not constants"
    values, seeds = c.sweep.for_mode(True)
    assert len(values) >= 1 and seeds >= 1
