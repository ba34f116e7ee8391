"""Halpern family: kernels vs NumPy references, validation, determinism, divergence, problem truth."""
import numpy as np
import pytest

from theorylab.problems import halpern as P
from theorylab.reference import halpern as R
from theorylab.result import Status
from theorylab.solvers import halpern as H


def _close(a, b, tol=1e-12):
    a, b = np.asarray(a, float), np.asarray(b, float)
    assert a.shape == b.shape
    assert np.allclose(a, b, rtol=tol, atol=tol), np.max(np.abs(a - b))


def _cmp(out_k, out_r, tol=1e-12):
    for a, b in zip(out_k, out_r):
        _close(a, b, tol)


# ---------------------------------------------------------------- kernels vs references

def test_fixed_point_and_anchored_kernels_match_reference():
    p = P.make_rotation(4, rng=0)
    rec = np.array([0, 1, 5, 17, 40], dtype=np.int64)
    for args in [(1.0, 2.0, 1.0), (0.0, 1.0, 0.5), (1.0, 3.0, 0.7)]:
        _cmp(H._fixed_point_kernel(p.A, p.b, p.x0, *args, 40, rec), R.fixed_point(p.A, p.b, p.x0, *args, 40, rec))
    for lam_num in (1.0, 0.0):
        _cmp(H._anchored_kernel(p.M, p.c, p.x0, 1.3, lam_num, 2.0, 0, 0, 40, rec),
             R.anchored(p.M, p.c, p.x0, 1.3, lam_num, 2.0, 0, 0, 40, rec))


def test_eg_kernels_match_reference_with_projection():
    g = P.make_matrix_game(6)
    rec = np.array([0, 3, 30], dtype=np.int64)
    for anch in (0, 1):
        _cmp(H._eg_kernel(g.M, g.c, g.x0, 0.2, anch, 1, 6, 30, rec), R.eg(g.M, g.c, g.x0, 0.2, anch, 1, 6, 30, rec))
        _cmp(H._anchored_kernel(g.M, g.c, g.x0, 0.2, 1.0, 2.0, 1, 6, 30, rec),
             R.anchored(g.M, g.c, g.x0, 0.2, 1.0, 2.0, 1, 6, 30, rec))


@pytest.mark.parametrize("vr", [1, 0])
def test_page_kernel_matches_reference(vr):
    inp = R._page_inputs(16, np.random.default_rng(3))
    inp["vr"] = vr
    inp["max_iter"] = 60
    inp["rec"] = np.array([0, 1, 2, 10, 33, 60], dtype=np.int64)
    _cmp(H._page_kernel(**inp), R.page(**inp), 1e-11)


def test_inexact_halpern_kernel_matches_reference_spectral_and_columns():
    inp = R._inexact_inputs(8, np.random.default_rng(4))
    _cmp(H._inexact_halpern_kernel(**inp), R.inexact_halpern(**inp), 1e-11)
    g = P.make_matrix_game(5)
    fs = H._finite_sum(g)
    n = fs["n"]
    Ms = np.array([7, 9, 11], dtype=np.int64)
    rng = np.random.default_rng(5)
    inp = dict(kind=1, A=fs["A"], bvec=fs["bvec"], Q=fs["Q"], ba=fs["ba"], bs=fs["bs"], bc=fs["bc"],
               owner=fs["owner"], h=0.0, n=n, ustar=fs["ustar"], g=fs["g"], M=fs["M"], c=fs["c"], u0=g.x0,
               eta=0.5, gamma=0.05, p=0.3, Ms=Ms, idx=rng.integers(0, n, 27), coins=rng.random(27), lam_num=1.0,
               lam_off=2.0, proj=1, split=5, hasJ=0, Jmat=np.zeros((n, n)), Jvec=np.zeros(n), max_iter=2,
               rec=np.array([0, 1, 2], dtype=np.int64))
    _cmp(H._inexact_halpern_kernel(**inp), R.inexact_halpern(**inp), 1e-11)


def test_vreg_kernel_matches_reference():
    p = P.make_monotone_sum(8, d=6, kappa=2.0, sigma=0.3, rng=1)
    fs = H._finite_sum(p)
    rng = np.random.default_rng(6)
    K = 50
    args = (0, fs["A"], fs["bvec"], fs["Q"], fs["ba"], fs["bs"], fs["bc"], fs["owner"], fs["h"], 8, fs["ustar"],
            fs["g"], fs["M"], fs["c"], p.x0, 0.05, 0.2, rng.integers(0, 8, K), rng.random(K), 0, 0, K,
            np.array([0, 7, 50], dtype=np.int64))
    _cmp(H._vreg_kernel(*args), R.vreg(*args), 1e-11)


# ---------------------------------------------------------------- algorithmic facts

def test_reflection_instance_is_exact():
    p = P.make_reflection(L=3.0, x0=2.5, x_star=0.5)
    ks = np.arange(0, 41, 2)
    r = H.halpern_operator(p.M, p.c, p.x0, eta=2 / 3.0, max_iter=40, record_at=ks)
    _close(r.trace["residual"] * (ks + 1) / (p.L * p.D), np.ones(ks.size), 1e-12)
    odd = H.halpern_fixed_point(p.A, p.b, p.x0, max_iter=41, record_at=np.arange(1, 42, 2))
    assert np.all(odd.trace["residual"] < 1e-13)


def test_lieder_bound_on_rotation_and_km_violation():
    p = P.make_rotation(12, rng=2)
    r = H.halpern_fixed_point(p.A, p.b, p.x0, max_iter=3000)
    k = r.trace["k"]
    assert np.all(r.trace["residual"] * (k + 1) <= 2 * p.D * (1 + 1e-12))
    km = H.krasnoselskii_mann(p.A, p.b, p.x0, max_iter=3000)
    assert np.any(km.trace["residual"] * (k + 1) > 2 * p.D)


def test_page_counts_and_expected_cost():
    p = P.make_cocoercive_sum(64, kappa=2.0, rng=0)
    r = H.halpern_page(p, max_iter=300, rng=1)
    calls = r.trace["oracle_calls"]
    assert calls[0] == 0 and calls[1] == 64                     # k = 0 is a full pass
    lams, ps = H.page_schedules(64, 300)
    assert ps[0] == ps[1] == 1.0 and np.isclose(ps[2], 4 / 6) and np.isclose(ps[-1], 4 / 13)
    assert np.isclose(lams[0], 0.5)
    diffs = np.diff(calls)
    assert set(np.unique(diffs[r.trace["k"][1:] - r.trace["k"][:-1] == 1])) <= {64, 16}
    assert r.trace["residual"][-1] < 0.05 * r.trace["residual"][0]


def test_minibatch_indicators_have_the_right_law():
    rng = np.random.default_rng(0)
    owner = np.array([0, 1, 2, 2, 5], dtype=np.int64)
    ind = H._minibatch_indicators(owner, 10, 3, 20000, rng)
    assert np.array_equal(ind[:, 2], ind[:, 3])                  # same owner, same indicator
    _close(ind.mean(axis=0), np.full(5, 0.3), 0.02)              # P(i in S) = b/n
    both = (ind[:, 0] & ind[:, 1]).mean()
    assert abs(both - 3 / 10 * 2 / 9) < 0.01                     # without replacement


def test_certificate_upper_bounds_true_resolvent_residual():
    p = P.make_monotone_sum(16, d=10, kappa=2.0, rng=3)
    r = H.inexact_halpern(p, max_iter=20, inner_const=3, rng=2, record_at=np.arange(21))
    assert np.all(r.trace["residual"] <= r.trace["certificate"] * (1 + 1e-12))
    assert np.any(r.trace["residual"] > r.trace["naive_certificate"])


def test_exact_resolvent_limit():
    """Many inner steps: Alg. 2 approaches exact Halpern on J, residual <= 2D/(eta(k+1))."""
    p = P.make_monotone_sum(8, d=6, kappa=1.5, rng=0)
    r = H.inexact_halpern(p, max_iter=15, inner_const=3000, gamma0=1.0, rng=0, record_at=np.arange(16))
    eta = r.extra["eta"]
    k = r.trace["k"]
    assert np.all(r.trace["residual"] <= 2 * p.D / (eta * (k + 1)) * 1.001)


# ---------------------------------------------------------------- validation, determinism, divergence

def test_input_validation_messages():
    p = P.make_rotation(3, rng=0)
    with pytest.raises(ValueError, match="max_iter"):
        H.halpern_fixed_point(p.A, p.b, p.x0, max_iter=0)
    with pytest.raises(ValueError, match="A"):
        H.halpern_fixed_point(p.A[:2], p.b, p.x0)
    with pytest.raises(ValueError, match="eta"):
        H.halpern_operator(p.M, p.c, p.x0, eta=-1.0)
    with pytest.raises(ValueError, match="alpha"):
        H.krasnoselskii_mann(p.A, p.b, p.x0, alpha=1.5)
    with pytest.raises(ValueError, match="proj"):
        H.extragradient(p.M, p.c, p.x0, eta=0.1, proj="ball")
    with pytest.raises(ValueError, match="record_at"):
        H.halpern_fixed_point(p.A, p.b, p.x0, max_iter=5, record_at=[7])
    q = P.make_cocoercive_sum(16, kappa=2.0, rng=0)
    with pytest.raises(ValueError, match="batch"):
        H.halpern_page(q, batch=0)
    with pytest.raises(ValueError, match="kind"):
        H.halpern_page(P.make_bilinear_columns(3, rng=0))
    with pytest.raises(ValueError, match="rng"):
        H.halpern_page(q, rng=-3)
    with pytest.raises(ValueError, match="kappa"):
        P.make_cocoercive_sum(4, kappa=5.0, rng=0)
    with pytest.raises(ValueError, match="inner_const"):
        H.inexact_halpern(P.make_monotone_sum(8, d=4, rng=0), inner_const=-1)


def test_determinism():
    q = P.make_cocoercive_sum(32, kappa=2.0, sigma=0.2, rng=7)
    a, b = H.halpern_page(q, max_iter=200, rng=11), H.halpern_page(q, max_iter=200, rng=11)
    assert np.array_equal(a.trace["residual"], b.trace["residual"]) and np.array_equal(a.x, b.x)
    m = P.make_monotone_sum(16, d=8, kappa=2.0, rng=7)
    a, b = H.inexact_halpern(m, max_iter=10, inner_c=0.5, rng=3), H.inexact_halpern(m, max_iter=10, inner_c=0.5, rng=3)
    assert np.array_equal(a.trace["certificate"], b.trace["certificate"])
    c = H.inexact_halpern(m, max_iter=10, inner_c=0.5, rng=4)
    assert not np.array_equal(a.trace["certificate"], c.trace["certificate"])


def test_divergence_returns_status_and_last_finite_iterate():
    p = P.make_bilinear_columns(3, monotone_part=0.0, rng=0)
    r = H.km_operator(p.M, p.c, p.x0, eta=50.0, max_iter=5000)
    assert r.status == Status.DIVERGED and not r.success
    assert np.all(np.isfinite(r.x)) and r.nit < 5000
    assert not np.any(np.isnan(r.trace["residual"][r.trace["k"] < r.nit]))  # huge, maybe inf, never NaN
    q = P.make_cocoercive_sum(16, kappa=2.0, rng=0)
    r = H.halpern_page(q, eta=1e3, max_iter=5000, rng=0)
    assert r.status == Status.DIVERGED and np.all(np.isfinite(r.x))


# ---------------------------------------------------------------- problem truth

def test_cocoercive_sum_truth_and_constants():
    n = 12
    p = P.make_cocoercive_sum(n, d=8, kappa=2.0, sigma=0.3, rng=5)
    fs = H._finite_sum(p)
    assert np.linalg.norm(p.A @ p.x_star - p.b) < 1e-12                   # F(u*) = 0
    comps = np.array([R._component(0, i, p.x0, fs["Q"], fs["ba"], fs["bs"], fs["bc"], fs["owner"], fs["h"], n,
                                   fs["ustar"], fs["g"], fs["M"], fs["c"]) for i in range(n)])
    _close(comps.mean(axis=0), p.A @ p.x0 - p.b, 1e-12)                   # mean of components = F
    at_star = np.array([R._component(0, i, p.x_star, fs["Q"], fs["ba"], fs["bs"], fs["bc"], fs["owner"], fs["h"],
                                     n, fs["ustar"], fs["g"], fs["M"], fs["c"]) for i in range(n)])
    assert np.isclose(np.mean(np.sum(at_star ** 2, axis=1)), 0.3 ** 2)    # noise sigma^2 at u*
    Bs = []
    for i in range(n):
        Bs.append(np.column_stack([R._component(0, i, fs["ustar"] + e, fs["Q"], fs["ba"], fs["bs"], fs["bc"],
                                                fs["owner"], fs["h"], n, fs["ustar"], fs["g"], fs["M"], fs["c"])
                                   - R._component(0, i, fs["ustar"], fs["Q"], fs["ba"], fs["bs"], fs["bc"],
                                                  fs["owner"], fs["h"], n, fs["ustar"], fs["g"], fs["M"], fs["c"])
                                   for e in np.eye(8)]))
    L2 = np.linalg.eigvalsh(sum(B.T @ B for B in Bs) / n).max()
    assert np.isclose(np.sqrt(L2), p.L) and np.isclose(p.L, 2.0 * p.L_F)
    S = 0.5 * (p.A + p.A.T)
    assert np.isclose(np.linalg.eigvalsh(S).max(), p.L_F) and np.isclose(p.D, 1.0)


def test_rotation_problem_is_nonexpansive_with_fixed_point():
    p = P.make_rotation(5, contraction=0.5, rng=1)
    assert np.linalg.norm(p.A @ p.x_star + p.b - p.x_star) < 1e-12
    assert np.linalg.norm(p.A, 2) <= 1 + 1e-12
    # F = (L/2)(I - T) is 1/L-cocoercive: <Fv, v> >= ||Fv||^2 / L
    v = np.random.default_rng(0).standard_normal((10, 10))
    Fv = v @ p.M.T
    assert np.all(np.sum(Fv * v, axis=1) >= np.sum(Fv ** 2, axis=1) / p.L - 1e-12)


def test_other_generators_truth():
    m = P.make_bilinear_columns(5, rng=0)
    assert np.linalg.norm(m.M @ m.x_star - m.c) < 1e-12
    assert np.isclose(m.L, np.sqrt(10) * np.linalg.norm(m.M, axis=0).max())
    assert np.linalg.eigvalsh(m.M + m.M.T).min() > -1e-12                 # monotone
    q = P.make_hard_qp(20)
    assert q.truth_error < 1e-12 and np.linalg.eigvalsh(q.M + q.M.T).min() > -1e-12
    g = P.make_matrix_game(30)
    A = g.payoff
    x, y = g.x_star[:30], g.x_star[30:]
    assert abs(x.sum() - 1) < 1e-9 and abs(y.sum() - 1) < 1e-9 and g.truth_error < 1e-7
    assert np.max(A @ x) - np.min(A.T @ y) < 1e-7                          # saddle point


def test_authors_instances_smoke():
    """VRH-G (simplex-constrained matrix game) and VRH-QP: every method runs and lowers the residual."""
    g = P.make_matrix_game(40)
    kw = dict(proj="simplex2", split=40)
    r0 = H.extragradient(g.M, g.c, g.x0, eta=0.5 / g.L_F, max_iter=1, **kw).trace["residual"][0]
    runs = [H.extragradient(g.M, g.c, g.x0, eta=0.5 / g.L_F, max_iter=300, **kw),
            H.eag(g.M, g.c, g.x0, eta=0.5 / g.L_F, max_iter=300, **kw),
            H.vr_extragradient(g, tau=np.sqrt(1 / 80) / g.L_frob, max_iter=3000, rng=0, **kw),
            H.inexact_halpern(g, eta=np.sqrt(80) / g.L_frob, gamma=np.sqrt(1 / 80) / (1 + np.sqrt(80)),
                              max_iter=20, rng=0, **kw)]
    for r in runs:
        assert r.success and r.trace["residual"][-1] < 0.7 * r0
    xs = runs[0].x
    assert np.isclose(xs[:40].sum(), 1) and np.isclose(xs[40:].sum(), 1) and xs.min() >= 0
    q = P.make_hard_qp(30)
    r = H.eag(q.M, q.c, q.x0, eta=0.3, n_components=60, max_iter=500)
    assert r.success and r.trace["residual"][-1] < r.trace["residual"][0]
    assert r.trace["oracle_calls"][-1] == 2 * 60 * 500
