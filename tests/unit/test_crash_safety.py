"""A validation killed with SIGKILL part-way resumes to exactly the uninterrupted result."""
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent("""
    import sys
    from tests.unit.test_verdicts import make, KS
    from tests.unit import synthetic_runs as sr
    from theorylab.checks import Arm, Sweep
    from theorylab.checks.runner import run_claim
    claim = make("upper", "1/k", Arm(sr.slow_power_law), Arm(sr.slow_power_law, {"a": -0.5}),
                 sweep=Sweep("k", KS, seeds=4, per_point=True))
    out = run_claim(claim, cache_dir=sys.argv[1], results_dir=sys.argv[2], progress=False)
    print(out.verdict)
""")


def _run(cache, results, kill_after=None):
    proc = subprocess.Popen([sys.executable, "-c", SCRIPT, str(cache), str(results)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if kill_after is None:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        return out.strip()
    deadline = time.time() + 120
    while time.time() < deadline:
        if len(list(Path(cache).rglob("*.csv"))) >= kill_after:
            break
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    return None


def test_sigkill_then_resume_equals_uninterrupted(tmp_path):
    assert _run(tmp_path / "c_ref", tmp_path / "r_ref") == "PASS"
    _run(tmp_path / "c", tmp_path / "r", kill_after=25)
    done = list((tmp_path / "c").rglob("*.csv"))
    assert 25 <= len(done) < 72, "the kill did not land part-way"
    for f in done:                      # nothing stored is partial
        pd.read_csv(f)
    assert not (tmp_path / "r").exists() or not list((tmp_path / "r").glob("*.csv"))
    assert _run(tmp_path / "c", tmp_path / "r") == "PASS"
    ref = (tmp_path / "r_ref" / "synthetic_upper.csv").read_bytes()
    assert (tmp_path / "r" / "synthetic_upper.csv").read_bytes() == ref
    assert not list((tmp_path / "c").rglob("*.tmp"))
