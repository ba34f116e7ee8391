"""The engine end to end on synthetic claims whose right verdict is known."""
import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from theorylab.checks import Arm, Check, Claim, Control, Source, Sweep
from theorylab.checks import runner
from theorylab.checks.runner import run_claim, run_tasks

from . import synthetic_runs as sr

SRC = Source("synthetic", "0000.00000", "test")
KS = tuple(np.geomspace(10, 1e5, 9).round())


def make(kind, bound, main, control, *, sweep=None, metric="err", asymptote="oo", **check):
    return Claim(id="synthetic_" + kind, source=SRC, statement="x", problem="synthetic",
                 sweep=sweep or Sweep("k", KS, seeds=8, per_point=False), metric=metric, bound=bound,
                 check=Check(kind, **check), main=main, control=Control(control, "broken"),
                 asymptote=asymptote)


def verdicts(claim, tmp_path):
    o = run_claim(claim, cache_dir=tmp_path, progress=False)
    return o.verdict, o.main.verdict, o.control.verdict, o


def test_upper_pass_fail_and_no_power(tmp_path):
    good, slow = Arm(sr.power_law, {"a": -1.0, "noise": 0.2}), Arm(sr.power_law, {"a": -0.5, "noise": 0.2})
    v = verdicts(make("upper", "1/k", good, slow), tmp_path)
    assert v[:3] == ("PASS", "PASS", "FAIL")
    assert -1.1 < v[3].main.ci[0] <= -1.0 <= v[3].main.ci[1] < -0.9
    assert verdicts(make("upper", "1/k", good, good), tmp_path)[0] == "NO_POWER"
    assert verdicts(make("upper", "k**-2", good, slow), tmp_path)[1] == "FAIL"


def test_short_range_is_inconclusive(tmp_path):
    sweep = Sweep("k", (10, 12, 14, 16, 18, 20), seeds=6, per_point=False)
    claim = make("upper", "1/k", Arm(sr.power_law, {"a": -1.0}), Arm(sr.power_law, {"a": 0.0}), sweep=sweep)
    o = verdicts(claim, tmp_path)[3]
    assert o.main.verdict == "INCONCLUSIVE" and "decades" in o.main.message


def test_floor_points_are_dropped_and_counted(tmp_path):
    claim = make("upper", "1/k", Arm(sr.power_law, {"a": -1.0, "floor": 0.0}),
                 Arm(sr.power_law, {"a": -0.5}), floor=1e-4)
    o = verdicts(claim, tmp_path)[3]
    assert o.main.n_dropped == 3 and o.main.verdict == "PASS"


def test_two_sided_rejects_too_fast_decay(tmp_path):
    claim = make("two-sided", "1/k", Arm(sr.power_law, {"a": -1.3}), Arm(sr.power_law, {"a": -0.5}))
    assert verdicts(claim, tmp_path)[1] == "FAIL"
    claim = make("upper", "1/k", Arm(sr.power_law, {"a": -1.3}), Arm(sr.power_law, {"a": -0.5}))
    assert verdicts(claim, tmp_path)[1] == "PASS"


def test_bound_check_uses_per_seed_constants(tmp_path):
    ok = make("bound", "2*D/(k+1)", Arm(sr.identity_ratio, {"scale": 0.99}), Arm(sr.identity_ratio, {"scale": 1.01}))
    v = verdicts(ok, tmp_path)
    assert v[:3] == ("PASS", "PASS", "FAIL")
    assert v[3].main.estimate == pytest.approx(0.99)


def test_identity_check_is_tight(tmp_path):
    claim = make("identity", "2*D/(k+1)", Arm(sr.identity_ratio, {"scale": 1.0, "noise": 0.01}),
                 Arm(sr.identity_ratio, {"scale": 1.05, "noise": 0.01}), tol=0.02)
    assert verdicts(claim, tmp_path)[:3] == ("PASS", "PASS", "FAIL")


def test_linear_rate(tmp_path):
    sweep = Sweep("k", tuple(range(0, 40, 4)), seeds=6, per_point=False)
    claim = make("linear", "rho**k", Arm(sr.geometric, {"rho": 0.5, "noise": 0.05}),
                 Arm(sr.geometric, {"rho": 0.9}), sweep=sweep, tol=0.02)
    claim = Claim(**{**claim.__dict__, "constants": {"rho": 0.5}})
    v = verdicts(claim, tmp_path)
    assert v[:3] == ("PASS", "PASS", "FAIL")
    assert v[3].main.ci[0] < 0.5 < v[3].main.ci[1]


def test_compare(tmp_path):
    claim = make("compare", "1", Arm(sr.pair, {"gain": 3.0}), Arm(sr.pair, {"gain": 1.0}),
                 metric="cost", baseline="baseline_cost", factor=2.0)
    assert verdicts(claim, tmp_path)[:3] == ("PASS", "PASS", "FAIL")


def test_ratio_detects_a_missing_log_factor(tmp_path):
    ks = tuple(np.geomspace(10, 1e6, 11))
    sweep = Sweep("T", ks, seeds=1, per_point=False)
    ok = make("ratio", "log(T)**2/sqrt(T)", Arm(sr.power_log, {"b": 2.0}), Arm(sr.power_log, {"b": 3.5}), sweep=sweep)
    assert verdicts(ok, tmp_path)[:3] == ("PASS", "PASS", "FAIL")


def _cost_to_eps(arrays, ks, eps=1e-2):
    mean = arrays["res"].mean(axis=0)
    hit = np.nonzero(mean <= eps)[0]
    return float(ks[hit[0]]) if hit.size else np.inf


def test_custom_aggregate_on_inner_traces(tmp_path):
    sweep = Sweep("n", (1, 2, 4, 8, 16, 32, 64), seeds=5, per_point=True)
    claim = make("upper", "sqrt(n)", Arm(sr.traced, {"a": 0.5}), Arm(sr.traced, {"a": 1.0}), sweep=sweep,
                 metric="res", aggregate=_cost_to_eps)
    v = verdicts(claim, tmp_path)
    assert v[:3] == ("PASS", "PASS", "FAIL")


def test_nonfinite_metric_fails(tmp_path):
    claim = make("upper", "1/k", Arm(sr.nonfinite), Arm(sr.nonfinite))
    assert verdicts(claim, tmp_path)[1] == "FAIL"


def test_same_seed_same_table_and_claims_do_not_share_randomness(tmp_path):
    claim = make("upper", "1/k", Arm(sr.power_law, {"noise": 0.3}), Arm(sr.power_law, {"a": -0.5, "noise": 0.3}))
    t1, _ = run_tasks(claim, smoke=False, cache_dir=tmp_path / "a", progress=False)
    t2, _ = run_tasks(claim, smoke=False, cache_dir=tmp_path / "b", progress=False)
    pd.testing.assert_frame_equal(t1, t2, check_exact=True)
    other = Claim(**{**claim.__dict__, "id": "synthetic_other"})
    t3, _ = run_tasks(other, smoke=False, cache_dir=tmp_path / "c", progress=False)
    assert not np.array_equal(t1["value"].to_numpy(), t3["value"].to_numpy())


def test_interrupted_run_resumes_without_loss(tmp_path, monkeypatch):
    sweep = Sweep("k", KS, seeds=6, per_point=True)
    claim = make("upper", "1/k", Arm(sr.power_law, {"noise": 0.3}), Arm(sr.power_law, {"a": -0.5}), sweep=sweep)
    reference, _ = run_tasks(claim, smoke=False, cache_dir=tmp_path / "ref", progress=False)

    real = runner.execute_task
    calls = {"n": 0}

    def flaky(*a, **k):
        calls["n"] += 1
        if calls["n"] == 20:
            raise KeyboardInterrupt
        return real(*a, **k)

    monkeypatch.setattr(runner, "execute_task", flaky)
    with pytest.raises(KeyboardInterrupt):
        run_tasks(claim, smoke=False, cache_dir=tmp_path / "run", progress=False)
    monkeypatch.setattr(runner, "execute_task", real)
    cached = list((tmp_path / "run").rglob("*.csv"))
    assert len(cached) == 19 and not list((tmp_path / "run").rglob("*.tmp"))
    resumed, info = run_tasks(claim, smoke=False, cache_dir=tmp_path / "run", progress=False)
    assert info.n_cached == 19
    pd.testing.assert_frame_equal(resumed, reference, check_exact=True)


def test_parallel_equals_serial(tmp_path):
    sweep = Sweep("k", KS[:6], seeds=3, per_point=True)
    claim = make("upper", "1/k", Arm(sr.power_law, {"noise": 0.3}), Arm(sr.power_law, {"a": -0.5}), sweep=sweep)
    serial, _ = run_tasks(claim, smoke=False, cache_dir=tmp_path / "s", progress=False)
    par, _ = run_tasks(claim, smoke=False, cache_dir=tmp_path / "p", jobs=2, progress=False)
    pd.testing.assert_frame_equal(serial, par, check_exact=True)


def test_dask_local_cluster_equals_serial(tmp_path):
    pytest.importorskip("dask.distributed")
    sweep = Sweep("k", KS[:6], seeds=2, per_point=True)
    claim = make("upper", "1/k", Arm(sr.power_law, {"noise": 0.3}), Arm(sr.power_law, {"a": -0.5}), sweep=sweep)
    serial, _ = run_tasks(claim, smoke=False, cache_dir=tmp_path / "s", progress=False)
    dask_t, _ = run_tasks(claim, smoke=False, cache_dir=tmp_path / "d", scheduler="local:2", progress=False)
    pd.testing.assert_frame_equal(serial, dask_t, check_exact=True)


def _stored(folder):
    return {p.name: p.read_bytes() for p in sorted(Path(folder).glob("*.csv"))}


def test_run_claims_one_pool_equals_claim_by_claim(tmp_path):
    from theorylab.checks.runner import run_claim, run_claims
    sweep = Sweep("k", KS[:6], seeds=3, per_point=True)
    claims = [make("upper", "1/k", Arm(sr.power_law, {"noise": 0.3}), Arm(sr.power_law, {"a": -0.5}), sweep=sweep),
              dataclasses.replace(make("upper", "1/k", Arm(sr.power_law, {"noise": 0.1}),
                                       Arm(sr.power_law, {"a": -0.5}), sweep=sweep), id="synthetic_second")]
    for c in claims:
        run_claim(c, cache_dir=tmp_path / "s", results_dir=tmp_path / "rs", progress=False)
    got = {c.id: o for c, o in run_claims(claims, jobs=2, cache_dir=tmp_path / "p", results_dir=tmp_path / "rp",
                                          progress=False)}
    assert set(got) == {c.id for c in claims}
    assert _stored(tmp_path / "rs") == _stored(tmp_path / "rp")
    # resume: everything cached, nothing recomputed
    again = list(run_claims(claims, jobs=2, cache_dir=tmp_path / "p", progress=False))
    assert all(o.info.n_cached == o.info.n_tasks for _, o in again)


def test_real_claims_on_a_dask_local_cluster_match_local_tables(tmp_path):
    """Issue 11: a real LocalCluster (2 worker processes) runs a few registered claims in smoke
    mode; the stored tables equal the local serial ones byte for byte."""
    pytest.importorskip("dask.distributed")
    from theorylab.checks.registry import load_claim
    from theorylab.checks.runner import run_claim, run_claims
    claims = [load_claim(c) for c in ("lieder21_halpern_tight_bound", "williams15_edmd_invariant_dictionary_exact",
                                      "cohen17_conditioned_error_bound")]
    for c in claims:
        run_claim(c, smoke=True, cache_dir=tmp_path / "s", results_dir=tmp_path / "rs", progress=False)
    outcomes = {c.id: o for c, o in run_claims(claims, smoke=True, scheduler="local:2", cache_dir=tmp_path / "d",
                                                results_dir=tmp_path / "rd", progress=False)}
    assert len(outcomes) == 3
    assert _stored(tmp_path / "rs") == _stored(tmp_path / "rd")
