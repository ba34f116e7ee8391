"""Every claim runs in smoke mode and gives the verdict its authors recorded.

``CLAIM.expected`` is PASS unless an honest FAIL is documented in the claim;
a PASS includes the control being rejected (else the verdict is NO_POWER).
Full sweeps run with THEORYLAB_FULL=1 (or ``pytest --full``).
"""
import os

import pytest

from theorylab.checks.registry import claim_ids, load_claim
from theorylab.checks.runner import run_claim

IDS = claim_ids()


@pytest.mark.parametrize("cid", IDS)
def test_claim_smoke_run_gives_the_recorded_verdict(cid, tmp_path):
    c = load_claim(cid)
    out = run_claim(c, smoke=True, cache_dir=tmp_path, progress=False)
    assert out.verdict == c.expected, (f"{cid}: {out.verdict}; main: {out.main.message}; "
                                       f"control: {out.control.message}")
    if c.expected == "PASS":
        assert out.control.verdict == "FAIL"


@pytest.mark.full
@pytest.mark.skipif(not os.environ.get("THEORYLAB_FULL"), reason="full sweeps: set THEORYLAB_FULL=1")
@pytest.mark.parametrize("cid", IDS)
def test_claim_full_run_gives_the_recorded_verdict(cid, tmp_path):
    c = load_claim(cid)
    out = run_claim(c, smoke=False, cache_dir=tmp_path, progress=False)
    assert out.verdict == c.expected, f"{cid}: {out.verdict}; {out.main.message}; {out.control.message}"
