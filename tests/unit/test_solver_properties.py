"""Solver invariants on random valid inputs (hypothesis, issue 12).

* feasibility: iterates stay in the set the solver projects onto (balls, simplices, products of
  simplices, the bilevel constraint set and multiplier box, the [-1, 1]^d cube of the samplers);
* determinism: the same seed gives bit-identical results (x, every trace array, extras);
* agreement with the plain NumPy references of ``theorylab/reference/<family>.py``: every
  benchmarked kernel (``BENCH_CASES``) on random tiny inputs, plus the public wrappers whose
  randomness can be replayed;
* monotone quantities: Krasnoselskii-Mann residual non-increasing; Halpern's anchored residual
  below Lieder's bound 2||x0 - x*||/(k+1) (and the operator form's L||u0 - u*||/(k+1));
  Kaczmarz distance to the solution non-increasing step by step; AdaSketch-Newton's merit
  strictly decreasing on every accepted step (Armijo); Lloyd's k-means inertia non-increasing.

Sizes are tiny and ``max_examples`` small; runs are derandomized so CI is reproducible.
"""
from __future__ import annotations

import functools
import importlib
import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from theorylab.problems import bilevel_lvhba as PB
from theorylab.problems import halpern as PH
from theorylab.problems import last_iterate_sgd as PL
from theorylab.problems import online_sea as PO
from theorylab.problems import sketched_newton as PS
from theorylab.reference import halpern as RH
from theorylab.reference import last_iterate_sgd as RL
from theorylab.reference import online_sea as RO
from theorylab.result import SolverResult, Status
from theorylab.solvers import bilevel_lvhba as B
from theorylab.solvers import dpp_least_squares as D
from theorylab.solvers import halpern as H
from theorylab.solvers import koopman as K
from theorylab.solvers import last_iterate_sgd as L
from theorylab.solvers import ntk as N
from theorylab.solvers import online_sea as O
from theorylab.solvers import sketched_newton as S


def prop(n=8):
    return settings(max_examples=n, deadline=None, derandomize=True, database=None,
                    suppress_health_check=list(HealthCheck))


seeds = st.integers(0, 2**32 - 1)
TOL = 1e-9


def _on_simplex(x, tol=TOL):
    return np.all(x >= -tol) and abs(float(np.sum(x)) - 1.0) <= tol * max(1, x.size)


# ============================================================================ feasibility
@functools.lru_cache(maxsize=None)
def _sea(T, d, a, s, R, seed):
    g = np.random.default_rng(seed)
    x0 = g.standard_normal(d)
    x0 *= g.uniform(0, R) / np.linalg.norm(x0)
    return PO.make_sea_iid(T, d, a=list(np.linspace(0.05, a, d)), s=s, b=list(g.uniform(-2, 2, d)), R=R,
                           x0=x0, rng=seed)


LEARNERS = {
    "omd_adaptive": lambda p, n: O.optimistic_omd(p, max_iter=n),
    "omd_fixed_large_step": lambda p, n: O.optimistic_omd(p, step="fixed", hint="none", eta=50.0, max_iter=n),
    "omd_sc": lambda p, n: O.optimistic_omd(p, step="sc", max_iter=n),
    "omd_noisy_hint": lambda p, n: O.optimistic_omd(p, hint="noisy", rho=2.0, rng=3, max_iter=n),
    "oftrl": lambda p, n: O.oftrl(p, max_iter=n),
    "oftl_sc": lambda p, n: O.oftl_sc(p, max_iter=n),
    "ons": lambda p, n: O.optimistic_ons(p, beta=5.0, max_iter=n),
    "ensemble": lambda p, n: O.dynamic_ensemble(p, eta_max=10.0, max_iter=n),
}


@pytest.mark.parametrize("learner", sorted(LEARNERS))
@prop(6)
@given(T=st.integers(2, 30), d=st.integers(1, 4), a=st.floats(0.1, 3), s=st.floats(0, 2),
       R=st.floats(0.2, 3), seed=seeds, frac=st.floats(0, 1))
def test_online_learners_play_in_the_ball(learner, T, d, a, s, R, seed, frac):
    """The last played point x_n (n drawn in 1..T) lies in the ball ||x|| <= R."""
    p = _sea(T, d, a, s, R, seed % 1000)
    n = max(1, int(round(frac * T)))
    res = LEARNERS[learner](p, n)
    assert res.success and res.nit == n
    assert np.linalg.norm(res.x) <= R * (1 + 1e-9), (np.linalg.norm(res.x), R)


@prop(10)
@given(T=st.integers(1, 40), d=st.integers(2, 6), seed=seeds, geometry=st.sampled_from(["entropy", "euclidean"]),
       hint=st.sampled_from(["none", "last"]), scale=st.floats(1e-3, 1e3), amp=st.floats(1e-3, 1e3))
def test_experts_play_on_the_simplex(T, d, seed, geometry, hint, scale, amp):
    losses = amp * np.random.default_rng(seed).standard_normal((T, d))
    res = O.optimistic_experts(losses, geometry=geometry, hint=hint, scale=scale)
    assert res.success and _on_simplex(res.x), res.x


@prop(10)
@given(d=st.integers(2, 6), T=st.integers(1, 40), seed=seeds, geometry=st.sampled_from(["entropy", "euclidean"]),
       step=st.floats(1e-3, 1e2), kappa=st.floats(0, 5), noise=st.sampled_from(["uniform", "gaussian", "student_t"]),
       scale=st.floats(0, 5))
def test_simplex_mirror_descent_stays_on_the_simplex(d, T, seed, geometry, step, kappa, noise, scale):
    g = np.random.default_rng(seed)
    x0 = g.dirichlet(np.ones(d))
    res = L.simplex_md(g.standard_normal(d), x0, np.full(T, step), p=g.dirichlet(np.ones(d)), kappa=kappa,
                       geometry=geometry, noise=noise, noise_scale=scale, rng=seed)
    if res.success:                     # entropic steps can underflow every weight: DIVERGED, x kept
        assert _on_simplex(res.x), res.x
    else:
        assert res.status == Status.DIVERGED and _on_simplex(res.x)


@prop(10)
@given(d=st.integers(1, 5), T=st.integers(1, 40), seed=seeds, radius=st.floats(0.05, 5), step=st.floats(1e-3, 1e2),
       objective=st.sampled_from(["l1reg", "quad"]), mu_h=st.floats(0, 2))
def test_prox_sgd_iterates_stay_in_the_ball(d, T, seed, radius, step, objective, mu_h):
    p = PL.make_l1_regression(d, 2 * d + 1, rng=seed % 1000) if objective == "l1reg" else \
        PL.make_sc_quadratic(d, rng=seed % 1000)
    x0 = np.random.default_rng(seed).standard_normal(d)
    x0 *= radius * 0.99 / max(np.linalg.norm(x0), 1e-300)
    res = L.prox_sgd(objective, p.A, p.b, x0, np.full(T, step), mu_h=mu_h, radius=radius, noise="gaussian",
                     noise_scale=1.0, record_at=np.arange(T + 1), rng=seed)
    assert res.success
    assert np.all(res.trace["xnorm"] <= radius * (1 + 1e-12)), res.trace["xnorm"]


def _game(n, seed):
    A = np.random.default_rng(seed).uniform(-1, 1, (n, n))
    Mm = np.block([[np.zeros((n, n)), A.T], [-A, np.zeros((n, n))]])
    return np.ascontiguousarray(Mm), np.zeros(2 * n), np.full(2 * n, 1.0 / n)


@pytest.mark.parametrize("method", ["halpern_operator", "km_operator", "extragradient", "eag"])
@prop(6)
@given(n=st.integers(2, 5), seed=seeds, eta=st.floats(1e-3, 5), max_iter=st.integers(1, 60))
def test_halpern_family_iterates_stay_in_the_simplices(method, n, seed, eta, max_iter):
    Mm, c, u0 = _game(n, seed)
    res = getattr(H, method)(Mm, c, u0, eta=eta, proj="simplex2", split=n, max_iter=max_iter)
    assert res.success
    assert _on_simplex(res.x[:n]) and _on_simplex(res.x[n:]), res.x


@prop(6)
@given(n=st.integers(2, 4), seed=seeds, tau=st.floats(1e-3, 1.0), max_iter=st.integers(1, 60))
def test_vr_extragradient_iterates_stay_in_the_simplices(n, seed, tau, max_iter):
    Mm, c, u0 = _game(n, seed)
    prob = {"kind": "columns", "A": Mm, "b": c, "M": Mm, "c": c}
    res = H.vr_extragradient(prob, u0, tau=tau, proj="simplex2", split=n, max_iter=max_iter, rng=seed)
    assert res.success
    assert _on_simplex(res.x[:n]) and _on_simplex(res.x[n:]), res.x


@functools.lru_cache(maxsize=None)
def _bilevel(kind, seed):
    return PB.make_llc_random(2, rng=seed) if kind == "affine" else PB.make_coupled_ineq(2, rng=seed)


@pytest.mark.parametrize("kind", ["affine", "pairs"])
@prop(5)
@given(seed=st.integers(0, 20), max_iter=st.integers(1, 200), eta=st.floats(1e-3, 0.05),
       shift=st.floats(-5, 5))
def test_lvhba_states_stay_in_C_and_multipliers_in_the_box(kind, seed, max_iter, eta, shift):
    p = _bilevel(kind, seed)
    d = p.data
    w0 = p.x0 + shift * np.random.default_rng(seed).standard_normal(p.x0.shape)   # projected by the solver
    res = B.lvhba(p, eta=eta, max_iter=max_iter, record_at=np.arange(max_iter + 1), w0=w0, metrics=False)
    assert res.success
    W, Z, LA = res.trace["w"], res.trace["z"], res.trace["lam"]
    scale = 1 + np.abs(W).max()
    if kind == "affine":        # C = {w : G w + h = 0}
        assert np.abs(W @ d["G"].T + d["h"]).max() <= 1e-9 * scale
    else:                       # C = {w : w[piy] <= w[pix]}
        assert np.all(W[:, d["piy"]] <= W[:, d["pix"]] + 1e-12 * scale)
    for V in (Z, LA):
        assert np.all(V >= d["zlo"] - 1e-12) and np.all(V <= d["zhi"] + 1e-12)


@prop(8)
@given(dim=st.integers(1, 3), degree=st.integers(0, 3), seed=seeds, n_samples=st.integers(1, 3))
def test_dpp_samples_lie_in_the_cube(dim, degree, seed, n_samples):
    idx = D.total_degree_indices(dim, degree)
    for res in (D.sample_projection_dpp(idx, n_samples, rng=seed),
                D.sample_volume_rescaled(idx, idx.shape[0] + 2, n_samples, rng=seed),
                D.sample_iid(idx, 5, rng=seed)):
        assert np.all(np.abs(res.x) <= 1.0) and np.all(np.isfinite(res.x))


@prop(8)
@given(M_=st.integers(1, 30), seed=seeds, eps=st.floats(1e-3, 0.49), cx=st.floats(0, 1), cy=st.floats(0, 1))
def test_hidden_twist_maps_the_torus_to_itself(M_, seed, eps, cx, cy):
    X = np.random.default_rng(seed).random((M_, 2))
    Y = K.hidden_twist_map(X, eps, centre=(cx, cy))
    assert np.all(Y >= 0) and np.all(Y < 1)
    dx = (X - [cx, cy] + 0.5) % 1.0 - 0.5          # torus distance to the centre is preserved
    dy = (Y - [cx, cy] + 0.5) % 1.0 - 0.5
    np.testing.assert_allclose(np.hypot(*dx.T), np.hypot(*dy.T), atol=1e-12)


# ============================================================================ determinism
def _flatten(obj, prefix="out"):
    """Every array / number inside a result, keyed by its path."""
    if isinstance(obj, SolverResult):
        out = {f"{prefix}.x": obj.x, f"{prefix}.fun": obj.fun, f"{prefix}.nit": obj.nit,
               f"{prefix}.status": int(obj.status)}
        for k, v in obj.trace.items():
            out.update(_flatten(v, f"{prefix}.trace.{k}"))
        for k, v in obj.extra.items():
            out.update(_flatten(v, f"{prefix}.extra.{k}"))
        return out
    if isinstance(obj, (tuple, list)) and not (obj and np.isscalar(obj[0])):
        out = {}
        for i, v in enumerate(obj):
            out.update(_flatten(v, f"{prefix}[{i}]"))
        return out
    if isinstance(obj, dict):
        out = {}
        for k, v in obj.items():
            out.update(_flatten(v, f"{prefix}.{k}"))
        return out
    if isinstance(obj, N.NTKNet):
        return {f"{prefix}.theta": obj.theta}
    return {prefix: obj}


def _bit_identical(a, b):
    fa, fb = _flatten(a), _flatten(b)
    assert fa.keys() == fb.keys()
    for k in fa:
        x, y = np.asarray(fa[k]), np.asarray(fb[k])
        assert x.shape == y.shape and x.dtype == y.dtype and x.tobytes() == y.tobytes(), k


@functools.lru_cache(maxsize=None)
def _fixtures():
    return dict(coco=PH.make_cocoercive_sum(8, d=4, kappa=2.0, sigma=0.3, rng=0),
                mono=PH.make_monotone_sum(8, d=4, kappa=2.0, rng=0),
                sea=PO.make_sea_iid(30, 3, s=0.5, rng=0), l1=PL.make_l1_regression(3, 7, rng=0),
                simplex=PL.make_simplex_quadratic(4, rng=0), hs=PS.make_hs7(),
                X=np.random.default_rng(0).standard_normal((20, 2)))


STOCHASTIC = {
    "halpern.halpern_page": lambda f, s: H.halpern_page(f["coco"], max_iter=40, rng=s),
    "halpern.halpern_page[mb]": lambda f, s: H.halpern_page(f["coco"], max_iter=40, variance_reduced=False, rng=s),
    "halpern.inexact_halpern": lambda f, s: H.inexact_halpern(f["mono"], max_iter=4, inner_const=5, rng=s),
    "halpern.vr_extragradient": lambda f, s: H.vr_extragradient(f["mono"], max_iter=40, rng=s),
    "online_sea.optimistic_omd[noisy]": lambda f, s: O.optimistic_omd(f["sea"], hint="noisy", rho=0.5, rng=s),
    "last_iterate_sgd.prox_sgd": lambda f, s: L.prox_sgd("l1reg", f["l1"].A, f["l1"].b, f["l1"].x0, np.full(30, 0.1),
                                                         noise="student_t", noise_scale=1.0, rng=s),
    "last_iterate_sgd.prox_sgd[sampled]": lambda f, s: L.prox_sgd("l1reg", f["l1"].A, f["l1"].b, f["l1"].x0,
                                                                  np.full(30, 0.1), sampled=True, rng=s),
    "last_iterate_sgd.simplex_md": lambda f, s: L.simplex_md(f["simplex"].c, f["simplex"].x0, np.full(30, 0.2),
                                                             noise="gaussian", noise_scale=1.0, rng=s),
    "last_iterate_sgd.pnorm_md": lambda f, s: L.pnorm_md("l1reg", f["l1"].A, f["l1"].b, f["l1"].x0, np.full(30, 0.1),
                                                         p=1.5, noise_scale=1.0, rng=s),
    "dpp_least_squares.sample_iid": lambda f, s: D.sample_iid(D.total_degree_indices(2, 2), 6, rng=s),
    "dpp_least_squares.sample_projection_dpp": lambda f, s: D.sample_projection_dpp(D.legendre_indices(4), 2, rng=s),
    "dpp_least_squares.sample_repeated_dpp": lambda f, s: D.sample_repeated_dpp(D.legendre_indices(3), 2, rng=s),
    "koopman.kmeans": lambda f, s: K.kmeans(f["X"], 4, rng=s),
    "koopman.certified_vs_edmd": lambda f, s: K.certified_vs_edmd(
        f["X"], f["X"] * 0.9, f["X"], f["X"] * 0.9, f["X"], f["X"] * 0.9, 4, np.array([0.5, 0.9 + 0.1j]),
        unit_circle_clamp=True, rng=s),
    "ntk.ntk_init+train": lambda f, s: N.ntk_train_gd(N.ntk_init([2, 5, 1], rng=s), f["X"][:6],
                                                      np.sin(f["X"][:6, 0]), lr=0.5, max_iter=10),
    "sketched_newton.adasketch_newton": lambda f, s: S.adasketch_newton(f["hs"], max_iter=8, rng=s),
    "sketched_newton.adasketch_newton[gaussian]": lambda f, s: S.adasketch_newton(f["hs"], sketch="gaussian",
                                                                                  max_iter=8, rng=s),
    "sketched_newton.kaczmarz_solve": lambda f, s: S.kaczmarz_solve(np.array([[3.0, 1.0], [1.0, 2.0]]),
                                                                    np.ones(2), 1e-10, rng=s),
}


@pytest.mark.parametrize("name", sorted(STOCHASTIC))
@prop(3)
@given(seed=seeds)
def test_same_seed_gives_bit_identical_results(name, seed):
    f = _fixtures()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        a, b = STOCHASTIC[name](f, seed), STOCHASTIC[name](f, seed)
        c = STOCHASTIC[name](f, np.random.default_rng(seed))     # a Generator seeded alike: same draws
    _bit_identical(a, b)
    _bit_identical(a, c)


# ============================================================================ references
FAMILIES = ["halpern", "online_sea", "last_iterate_sgd", "matrix_sensing", "ntk", "koopman", "dpp_least_squares",
            "bilevel_lvhba", "sketched_newton"]


def _arrays(obj):
    if isinstance(obj, SolverResult):
        return [obj.x]
    if isinstance(obj, (tuple, list)):
        return [a for o in obj for a in _arrays(o)]
    if isinstance(obj, dict):
        return [a for k in sorted(obj) for a in _arrays(obj[k])]
    return [np.asarray(obj)]


def _pairs(name, jit, ref):
    """(kernel output, reference output) pairs to compare; kernels also return status/counters
    the references leave out."""
    if name.startswith("online_sea."):      # kernel: (x, status, nit, traces...), reference: (x, traces...)
        return [(jit[0], ref[0])] + list(zip(jit[3:3 + len(ref) - 1], ref[1:]))
    if name == "koopman.duffing_flow":      # kernel: (traj, status, last)
        return [(jit[0], ref)]
    if name == "ntk_train_gd":              # public solver vs reference (theta, trace, ...)
        return [(jit.x, ref[0])]
    return list(zip(_arrays(jit), _arrays(ref)))


def _bench_cases():
    out = []
    for fam in FAMILIES:
        for c in importlib.import_module(f"theorylab.reference.{fam}").BENCH_CASES:
            out.append(pytest.param(fam, c.name, id=f"{fam}:{c.name}"))
    return out


_TINY = {"matrix_sensing_subgm": (10, 12), "dpp_chain_rule": (2, 4)}
_RTOL = {"ntk_analytic": 1e-7}      # its reference integrates the arc-cosine recursion differently


@pytest.mark.parametrize("family, case_name", _bench_cases())
@prop(3)
@given(seed=seeds, which=st.integers(0, 1))
def test_kernel_agrees_with_numpy_reference_on_random_inputs(family, case_name, seed, which):
    case = next(c for c in importlib.import_module(f"theorylab.reference.{family}").BENCH_CASES
                if c.name == case_name)
    lo = _TINY.get(case_name, (max(2, case.sizes[0] // 8), min(case.sizes[0], 64)))
    size = lo[which]
    inputs = case.make_inputs(size, np.random.default_rng(seed))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        jit, ref = case.jitted(**inputs), case.reference(**inputs)
    pairs = _pairs(case_name, jit, ref)
    assert pairs
    rtol = _RTOL.get(case_name, 1e-9)
    for a, b in pairs:
        a, b = np.asarray(a), np.asarray(b)
        assert a.shape == b.shape, (case_name, a.shape, b.shape)
        scale = max(1.0, float(np.nanmax(np.abs(b))) if b.size and np.isfinite(b).any() else 1.0)
        np.testing.assert_allclose(a, b, rtol=rtol, atol=rtol * scale, equal_nan=True, err_msg=case_name)


@prop(10)
@given(d=st.integers(1, 5), seed=seeds, lam_num=st.floats(0, 1), lam_off=st.floats(1, 4), alpha=st.floats(0.05, 1),
       T=st.integers(1, 40), eta=st.floats(0.01, 2), proj=st.booleans())
def test_halpern_kernels_agree_with_reference_on_random_operators(d, seed, lam_num, lam_off, alpha, T, eta, proj):
    g = np.random.default_rng(seed)
    A = g.standard_normal((d, d))
    A /= max(1.0, np.linalg.norm(A, 2))
    b, x0 = g.standard_normal(d), g.standard_normal(d)
    rec = np.unique(np.r_[0, g.integers(0, T + 1, 3), T]).astype(np.int64)
    for out, ref in [(H._fixed_point_kernel(A, b, x0, lam_num, lam_off, alpha, T, rec),
                      RH.fixed_point(A, b, x0, lam_num, lam_off, alpha, T, rec))]:
        for a_, b_ in zip(out, ref):
            np.testing.assert_allclose(a_, b_, rtol=1e-11, atol=1e-11)
    n = max(d, 2)
    Mm, c, u0 = _game(n, seed) if proj else (g.standard_normal((d, d)), g.standard_normal(d), g.standard_normal(d))
    pc, sp = (1, n) if proj else (0, 0)
    for out, ref in [(H._anchored_kernel(Mm, c, u0, eta, lam_num, lam_off, pc, sp, T, rec),
                      RH.anchored(Mm, c, u0, eta, lam_num, lam_off, pc, sp, T, rec)),
                     (H._eg_kernel(Mm, c, u0, eta, seed % 2, pc, sp, T, rec),
                      RH.eg(Mm, c, u0, eta, seed % 2, pc, sp, T, rec))]:
        for a_, b_ in zip(out, ref):
            np.testing.assert_allclose(a_, b_, rtol=1e-10, atol=1e-10, equal_nan=True)


@prop(10)
@given(T=st.integers(2, 40), d=st.integers(1, 4), seed=seeds, step_rule=st.integers(0, 3), hint=st.integers(0, 3),
       rho=st.floats(0, 1), eta0=st.floats(0.01, 1))
def test_omd_kernel_agrees_with_reference_on_random_streams(T, d, seed, step_rule, hint, rho, eta0):
    p = _sea(T, d, 1.5, 0.5, 1.0, seed % 1000)
    arrs = O.stream_arrays(p)[3]
    z = np.random.default_rng(seed).standard_normal((T, d))
    ks = np.unique(np.r_[0, 1, T // 2, T]).astype(np.int64)
    args = (p.x0, T, 1.0, step_rule, 2.0, 1.3, 1.0, 0.5, 2.0, eta0, hint, rho, z, *arrs, ks)
    out, ref = O._omd_kernel(*args), RO.omd(*args)
    np.testing.assert_allclose(out[0], ref[0], rtol=1e-11, atol=1e-11)
    for a_, b_ in zip(out[3:7], ref[1:5]):
        np.testing.assert_allclose(a_, b_, rtol=1e-10, atol=1e-10)


@prop(10)
@given(d=st.integers(1, 4), T=st.integers(1, 30), seed=seeds, noise=st.sampled_from(["gaussian", "student_t",
                                                                                      "uniform", "rademacher"]),
       scale=st.floats(0, 2), step=st.floats(1e-3, 1), radius=st.sampled_from([np.inf, 0.5, 2.0]),
       mu_h=st.floats(0, 1), p=st.floats(1.2, 2.0))
def test_sgd_wrappers_agree_with_reference_replaying_their_noise(d, T, seed, noise, scale, step, radius, mu_h, p):
    pr = PL.make_l1_regression(d, 2 * d + 1, rng=seed % 1000)
    steps = step / np.sqrt(np.arange(1, T + 1))
    rec = sorted({0, 1, T // 2, T})
    nz = L.draw_noise(np.random.default_rng(seed), noise, T, d, scale, 3.0)
    res = L.prox_sgd("l1reg", pr.A, pr.b, pr.x0, steps, mu_h=mu_h, radius=radius, noise=noise, noise_scale=scale,
                     record_at=rec, rng=seed)
    x, out = RL.prox_sgd("l1reg", pr.A, pr.b, pr.x0, steps, nz, mu_h=mu_h, radius=radius, rec=rec)
    np.testing.assert_allclose(res.x, x, rtol=1e-11, atol=1e-11)
    np.testing.assert_allclose(res.trace["fun"], [out[k] for k in rec], rtol=1e-11, atol=1e-11)
    res = L.pnorm_md("l1reg", pr.A, pr.b, pr.x0, steps, p=p, noise=noise, noise_scale=scale, record_at=rec, rng=seed)
    x, out = RL.pnorm_md("l1reg", pr.A, pr.b, pr.x0, steps, nz, p=p, rec=rec)
    np.testing.assert_allclose(res.x, x, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(res.trace["fun"], [out[k] for k in rec], rtol=1e-9, atol=1e-9)
    c = np.random.default_rng(seed + 1).standard_normal(d + 1)
    x0 = np.full(d + 1, 1.0 / (d + 1))
    for geometry in ("entropy", "euclidean"):
        nz = L.draw_noise(np.random.default_rng(seed), noise, T, d + 1, scale, 3.0)
        res = L.simplex_md(c, x0, steps, kappa=mu_h, geometry=geometry, noise=noise, noise_scale=scale,
                           record_at=rec, rng=seed)
        x, out = RL.simplex_md(c, np.zeros(d + 1), mu_h, x0, steps, nz, geometry=geometry, rec=rec)
        np.testing.assert_allclose(res.x, x, rtol=1e-11, atol=1e-11)
        np.testing.assert_allclose(res.trace["fun"], [out[k] for k in rec], rtol=1e-11, atol=1e-11)


# ============================================================================ monotone quantities
@functools.lru_cache(maxsize=None)
def _rotation(nb, seed, contraction):
    return PH.make_rotation(nb, theta_min=1e-3, contraction=contraction, angles="random", rng=seed)


@prop(10)
@given(nb=st.integers(1, 4), seed=st.integers(0, 10**6), contraction=st.sampled_from([None, 0.5]),
       lam_offset=st.sampled_from([2.0]), T=st.integers(5, 200))
def test_halpern_residual_obeys_lieders_bound(nb, seed, contraction, lam_offset, T):
    """||x_k - T x_k|| <= 2 ||x_0 - x*|| / (k + 1) for every k (Lieder 2021, tight)."""
    p = _rotation(nb, seed, contraction)
    res = H.halpern_fixed_point(p.A, p.b, p.x0, max_iter=T, lam_offset=lam_offset, record_at=np.arange(T + 1))
    k = res.trace["k"]
    D0 = np.linalg.norm(p.x0 - p.truth["x_star"])
    assert np.all(res.trace["residual"] <= 2 * D0 / (k + 1) * (1 + 1e-9) + 1e-12)
    # operator form: F = (L/2)(I - T) is 1/L-cocoercive; eta = 2/L gives ||F(u_k)|| <= L ||u0 - u*|| / (k + 1)
    Lc = p.constants["L"]
    r2 = H.halpern_operator(p.M, p.c, p.x0, eta=2.0 / Lc, max_iter=T, record_at=np.arange(T + 1))
    assert np.all(r2.trace["residual"] <= Lc * D0 / (k + 1) * (1 + 1e-9) + 1e-12)


@prop(10)
@given(nb=st.integers(1, 4), seed=st.integers(0, 10**6), contraction=st.sampled_from([None, 0.5]),
       alpha=st.floats(0.05, 1.0), T=st.integers(2, 200))
def test_krasnoselskii_mann_residual_is_non_increasing(nb, seed, contraction, alpha, T):
    p = _rotation(nb, seed, contraction)
    res = H.krasnoselskii_mann(p.A, p.b, p.x0, alpha=alpha, max_iter=T, record_at=np.arange(T + 1))
    r = res.trace["residual"]
    assert np.all(np.diff(r) <= 1e-12 * (1 + r[:-1])), np.diff(r).max()


@prop(10)
@given(n=st.integers(2, 6), seed=seeds, steps=st.integers(1, 60), relaxation=st.floats(0.05, 1.95))
def test_kaczmarz_distance_to_the_solution_never_grows(n, seed, steps, relaxation):
    """Each (relaxed) Kaczmarz step moves toward a hyperplane that contains delta*."""
    g = np.random.default_rng(seed)
    A = g.standard_normal((n, n))
    Kmat = A + A.T + 0.1 * np.eye(n)
    b = g.standard_normal(n)
    sol = np.linalg.solve(Kmat, b)
    rn2 = np.einsum("ij,ij->i", Kmat, Kmat) / relaxation
    K2 = Kmat @ Kmat
    delta = np.zeros(n)
    r = Kmat @ delta - b
    rows = g.integers(0, n, steps)
    dist = [np.linalg.norm(delta - sol)]
    for t in range(steps):
        S._kaczmarz_kernel(Kmat, K2, rn2, b, delta, r, rows[t:t + 1], 0.0)
        dist.append(np.linalg.norm(delta - sol))
    dist = np.array(dist)
    assert np.all(np.diff(dist) <= 1e-9 * (1 + dist[:-1])), np.diff(dist).max()
    np.testing.assert_allclose(r, Kmat @ delta - b, atol=1e-8 * (1 + np.abs(b).max()))


@prop(4)
@given(name=st.sampled_from(["HS6", "HS7", "HS27", "HS39"]), seed=st.integers(0, 1000),
       sketch=st.sampled_from(["kaczmarz", "gaussian", "exact"]), theta=st.sampled_from(["fixed", "decreasing"]))
def test_adasketch_newton_merit_decreases_on_every_accepted_step(name, seed, sketch, theta):
    """Armijo on L_eta: L_eta(x_{t+1}, lam_{t+1}) < L_eta(x_t, lam_t) with the merit parameters of step t.
    The run is replayed with max_iter = t (same seed: the first t steps are identical)."""
    p = PS.make_problem(name)
    full = S.adasketch_newton(p, sketch=sketch, theta=theta, max_iter=6, rng=seed)
    T = full.nit
    states = [(np.array(p.x0, float), np.zeros(p.m))]
    for t in range(1, T + 1):
        r = S.adasketch_newton(p, sketch=sketch, theta=theta, max_iter=t, rng=seed)
        states.append((r.x, r.extra["lam"]))
    np.testing.assert_array_equal(states[-1][0], full.x)
    for t in range(T):
        e1, e2 = full.trace["eta1"][t + 1], full.trace["eta2"][t + 1]
        before = S.merit_value(p, *states[t], e1, e2)
        after = S.merit_value(p, *states[t + 1], e1, e2)
        assert after < before or np.isclose(after, before, rtol=1e-13, atol=1e-300), (t, before, after)


@prop(8)
@given(Mpts=st.integers(4, 40), k=st.integers(1, 4), seed=seeds)
def test_kmeans_inertia_is_non_increasing_in_lloyd_iterations(Mpts, k, seed):
    X = np.random.default_rng(seed).standard_normal((Mpts, 2))
    inertia = [K.kmeans(X, min(k, Mpts), max_iter=it, rng=seed).fun for it in range(1, 8)]
    assert np.all(np.diff(inertia) <= 1e-12 * (1 + np.abs(inertia[:-1]))), inertia
