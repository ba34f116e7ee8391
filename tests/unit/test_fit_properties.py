"""Property-based invariants of the rate fitter and verdicts (hypothesis)."""
import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from theorylab.checks import Arm, Check, Claim, Control, Source, Sweep
from theorylab.checks.verdict import evaluate_arm

from . import synthetic_runs as sr


def _claim(bound="1/k", kind="upper", **kw):
    return Claim(id="prop", source=Source("s", "0", "t"), statement="x", problem="p",
                 sweep=Sweep("k", (1.0,), seeds=1), metric="err", bound=bound, check=Check(kind, **kw),
                 main=Arm(sr.power_law), control=Control(Arm(sr.nonfinite), "x"))


def _table(xs, Y):
    """Y: (S, P) values -> long table for arm main."""
    S, P = Y.shape
    return pd.DataFrame({"claim_id": "prop", "arm": "main", "seed": np.repeat(np.arange(S), P),
                         "x": np.tile(xs, S), "k": -1, "metric": "err", "value": Y.ravel()})


def _data(a, seeds, noise, lo, decades, P=9, seed=0):
    xs = np.geomspace(10 ** lo, 10 ** (lo + decades), P)
    rng = np.random.default_rng(seed)
    Y = xs[None, :] ** a * np.exp(noise * rng.standard_normal((seeds, P)))
    return xs, Y


@settings(max_examples=30, deadline=None)
@given(a=st.floats(-2, 2), scale=st.floats(1e-6, 1e6), seeds=st.integers(1, 8), noise=st.floats(0, 0.3),
       lo=st.floats(0, 2))
def test_scaling_the_metric_leaves_the_exponent_unchanged(a, scale, seeds, noise, lo):
    xs, Y = _data(a, seeds, noise, lo, 3)
    r1 = evaluate_arm(_claim(), _table(xs, Y), "main")
    r2 = evaluate_arm(_claim(), _table(xs, scale * Y), "main")
    assert np.isclose(r1.estimate, r2.estimate, atol=1e-9)
    assert r1.verdict == r2.verdict
    assert np.allclose(r1.ci, r2.ci, atol=1e-9)


@settings(max_examples=30, deadline=None)
@given(a=st.floats(0.3, 2), seeds=st.integers(1, 8), noise=st.floats(0, 0.05))
def test_reversing_a_trend_flips_the_verdict(a, seeds, noise):
    xs, Y = _data(-a, seeds, noise, 1, 3)
    claim = _claim(bound="1", kind="upper", tol=0.1)   # claim: does not grow
    assert evaluate_arm(claim, _table(xs, Y), "main").verdict == "PASS"
    assert evaluate_arm(claim, _table(xs, 1 / Y), "main").verdict == "FAIL"


@settings(max_examples=30, deadline=None)
@given(a=st.floats(-2, 2), decades=st.floats(0.05, 1.4), P=st.integers(2, 12))
def test_too_short_ranges_are_inconclusive(a, decades, P):
    xs, Y = _data(a, 3, 0.0, 1, decades, P=P)
    r = evaluate_arm(_claim(), _table(xs, Y), "main")
    assert r.verdict == "INCONCLUSIVE"


@settings(max_examples=20, deadline=None)
@given(a=st.floats(-2, 2), seeds=st.integers(5, 10))
def test_exact_power_laws_are_recovered(a, seeds):
    xs, Y = _data(a, seeds, 0.0, 1, 3)
    r = evaluate_arm(_claim(), _table(xs, Y), "main")
    assert r.ci[0] - 1e-9 <= a <= r.ci[1] + 1e-9
