"""Unit tests of the LV-HBA family: kernel vs NumPy reference, validation, determinism,
divergence, and the exact truths of the problem generators."""
import subprocess
import sys

import numpy as np
import pytest

from theorylab.problems import bilevel_lvhba as P
from theorylab.reference.bilevel_lvhba import lvhba_reference
from theorylab.result import Status
from theorylab.solvers import bilevel_lvhba as S


def _kernel_inputs(prob, K=40, **kw):
    d = prob.data
    args = dict(S._arrays(prob), w_init=prob.x0.copy(), z_init=np.clip(d["z0"], d["zlo"], d["zhi"]),
                th_init=d["theta0"].copy(), lam_init=np.clip(d["lam0"], d["zlo"], d["zhi"]),
                eta=0.02, alpha=0.005, beta=0.01, gamma1=1.0, gamma2=1.0, c_lo=1.0, p=0.25,
                inner_mode=0, lam_sign=1.0, use_v=True, record_at=np.array([0, 3, 17, K], dtype=np.int64))
    args.update(kw)
    return args


PROBLEMS = {
    "llc_random": lambda: P.make_llc_random(3, rng=1),
    "coupled_ineq": lambda: P.make_coupled_ineq(3, rng=2),
    "meha": lambda: P.make_meha_quadratic(2, 3, rng=3),
    "meha_constrained": lambda: P.make_meha_quadratic(2, 3, constrained=True, rng=3),
}


@pytest.mark.parametrize("name", sorted(PROBLEMS))
@pytest.mark.parametrize("variant", [{}, {"inner_mode": 1}, {"lam_sign": -1.0}, {"use_v": False}, {"p": 0.0}])
def test_kernel_matches_reference(name, variant):
    prob = PROBLEMS[name]()
    kw = _kernel_inputs(prob, **variant)
    a = S._lvhba_kernel(**kw)
    b = lvhba_reference(**kw)
    for x, y in zip(a[:4], b[:4]):
        np.testing.assert_allclose(x, y, rtol=0, atol=1e-12)
    assert tuple(a[4:7]) == tuple(b[4:7])
    for x, y in zip(a[7:], b[7:]):
        np.testing.assert_allclose(x, y, rtol=0, atol=1e-12)


def test_pairs_projection_keeps_feasibility():
    prob = P.make_coupled_ineq(4, rng=0)
    res = S.lvhba(prob, max_iter=300, metrics=False)
    W = res.trace["w"]
    assert np.all(W[:, 4:] <= W[:, :4] + 1e-15)
    assert np.all(res.trace["lam"] >= 0) and np.all(res.trace["z"] >= 0)


@pytest.mark.parametrize("kw, name", [
    (dict(eta=-1.0), "eta"), (dict(alpha=-0.1), "alpha"), (dict(gamma1=0.0), "gamma1"),
    (dict(p=1.5), "p"), (dict(max_iter=0), "max_iter"), (dict(inner="newton"), "inner"),
    (dict(lam_sign=2), "lam_sign"), (dict(w0=np.zeros(4)), "w0"), (dict(c_lo=np.nan), "c_lo"),
    (dict(record_at=[5, 10**9]), "record_at"),
])
def test_validation_messages(kw, name):
    prob = P.make_llc_random(3, rng=0)
    with pytest.raises(ValueError, match=name):
        S.lvhba(prob, **kw)


def test_problem_validation_messages():
    with pytest.raises(ValueError, match="n"):
        P.make_llc_toy(0)
    with pytest.raises(ValueError, match="kappa"):
        P.make_llc_random(3, kappa=-1.0)
    with pytest.raises(ValueError, match="family"):
        P.make_family("nope", 3)


def test_determinism():
    a, b = P.make_llc_random(5, rng=7), P.make_llc_random(5, rng=7)
    for k in ("QF", "Qf", "qf", "G", "P", "wc"):
        assert np.array_equal(a.data[k], b.data[k])
    assert np.array_equal(a.x0, b.x0) and np.array_equal(a.w_star, b.w_star)
    r1, r2 = S.lvhba(a, max_iter=500), S.lvhba(b, max_iter=500)
    for k in r1.trace:
        assert np.array_equal(r1.trace[k], r2.trace[k])
    o1 = P.run_lvhba_trace([100, 1000], np.random.default_rng(3))
    o2 = P.run_lvhba_trace([100, 1000], np.random.default_rng(3))
    for k in o1:
        assert np.array_equal(o1[k], o2[k], equal_nan=True)


def test_divergence_status():
    prob = P.make_llc_random(3, rng=0)
    with np.errstate(all="ignore"):
        res = S.lvhba(prob, alpha=50.0, max_iter=5000, metrics=False)
    assert res.status == Status.DIVERGED and not res.success
    assert res.nit < 5000
    assert np.all(np.isfinite(res.x)) and np.all(np.isfinite(res.trace["w"]))
    assert res.trace["k"][-1] <= res.nit


def test_toy_truth_closed_form_matches_kkt():
    toy = P.make_llc_toy(6)
    rand = P.make_llc_random(6, spread=0.0, rng=0)   # u = v1 = v2 = a = 1: the toy, solved by KKT
    np.testing.assert_allclose(rand.w_star, toy.w_star, atol=1e-13)
    assert toy.F_star == pytest.approx(0.05 * 6, rel=1e-14)
    assert toy.F(toy.w_star) == pytest.approx(toy.F_star, rel=1e-14)


@pytest.mark.parametrize("maker", [lambda: P.make_llc_random(5, rng=4), lambda: P.make_coupled_ineq(5, rng=4),
                                   lambda: P.make_lsc_equality(4, 7, 3, rng=4)])
def test_truth_is_lower_level_kkt_point(maker):
    prob = maker()
    d = prob.data
    n = d["n"]
    w, lam = prob.w_star, prob.lam_star
    gy = (d["Qf"] @ w + d["qf"])[n:] + d["G"][:, n:].T @ lam
    np.testing.assert_allclose(gy, 0, atol=1e-9)
    g = prob.g(w)
    if d["proj_kind"] == "pairs":
        assert np.all(g <= 1e-12) and np.all(lam >= 0) and np.abs(lam * g).max() < 1e-12
    else:
        np.testing.assert_allclose(g, 0, atol=1e-9)
    assert prob.truth_error < 1e-8


def test_coupled_ineq_truth_is_global_by_grid():
    prob = P.make_coupled_ineq(3, rng=5)
    c, a, t = prob.data["c"], prob.data["a"], prob.data["t"]
    xs = np.linspace(-3, 3, 60001)
    for i in range(3):
        F = 0.5 * (xs - a[i]) ** 2 + 0.5 * (np.minimum(c[i], xs) - t[i]) ** 2
        assert prob.x_star[i] == pytest.approx(xs[np.argmin(F)], abs=2e-4)


def test_lsc_truth_solves_reduced_problem():
    prob = P.make_lsc_equality(3, 6, 2, rng=1)
    d = prob.data
    A, B, b, E, D, e = (d[k] for k in ("A", "B", "b", "E", "D", "e"))
    m, l = 6, 2

    def ystar(x):
        K = np.block([[A, E.T], [E, np.zeros((l, l))]])
        return np.linalg.solve(K, np.concatenate([-B @ x - b, D @ x + e]))[:m]

    def Fred(x):
        return prob.F(np.concatenate([x, ystar(x)]))

    x = prob.x_star
    np.testing.assert_allclose(ystar(x), prob.y_star, atol=1e-9)
    g = np.array([(Fred(x + 1e-6 * ei) - Fred(x - 1e-6 * ei)) / 2e-6 for ei in np.eye(3)])
    np.testing.assert_allclose(g, 0, atol=1e-6)


@pytest.mark.parametrize("n", [1, 5])
@pytest.mark.parametrize("c", [1.0, 3.0, 10.0])
def test_penalized_minimizer_toy_formula(n, c):
    toy = P.make_llc_toy(n)
    wc, zc = S.penalized_minimizer(toy, c, 1.0, 1.0)
    rel = np.linalg.norm(wc[:n] - toy.x_star) / np.linalg.norm(toy.x_star)
    assert rel == pytest.approx(4.0 / (5.0 * c + 6.0), rel=1e-10)


def test_value_function_identities_and_danskin():
    for prob in (P.make_llc_random(4, rng=2), P.make_coupled_ineq(4, rng=2)):
        v, th, lam, gw, gz = S.prox_lagrangian(prob, prob.w_star, prob.lam_star, 0.7, 2.0)
        assert prob.f(prob.w_star) - v == pytest.approx(0.0, abs=1e-12)
        np.testing.assert_allclose(th, prob.y_star, atol=1e-10)
        np.testing.assert_allclose(lam, prob.lam_star, atol=1e-10)
    out = P.run_danskin([3], np.random.default_rng(0), n_points=1)
    assert out["relerr"] < 1e-6
    bad = P.run_danskin([3], np.random.default_rng(0), n_points=1, drop_multiplier_term=True)
    assert bad["relerr"] > 1e-2


def test_box_qp_against_projected_gradient():
    rng = np.random.default_rng(0)
    for _ in range(20):
        M = rng.standard_normal((5, 5))
        H = M @ M.T + 0.1 * np.eye(5)
        b = 3 * rng.standard_normal(5)
        lo, hi = np.zeros(5), np.full(5, 1.0)
        lam = S._box_qp(H, b, lo, hi)
        grad = H @ lam - b
        assert np.abs(lam - np.clip(lam - grad, lo, hi)).max() < 1e-10


def test_inner_threshold_reproduces_brief_numbers():
    toy = P.make_llc_toy(100)
    thr = S.inner_step_threshold(toy, 10.0, 10.0)
    assert thr == pytest.approx(0.0035, rel=1e-3)

    def rad(inner):
        return np.abs(np.linalg.eigvals(S.inner_jacobian(toy, 10.0, 10.0, 0.01, inner=inner))).max()
    assert rad("jacobi") == pytest.approx(1.0065, abs=1e-4)
    assert rad("gauss_seidel") == pytest.approx(0.999, abs=1e-4)


def test_inner_jacobian_matches_kernel_step():
    prob = P.make_llc_random(3, rng=0)
    for inner, mode in (("jacobi", 0), ("gauss_seidel", 1)):
        J = S.inner_jacobian(prob, 1.0, 1.0, 0.05, inner=inner)
        kw = _kernel_inputs(prob, eta=0.05, alpha=0.0, beta=0.0, inner_mode=mode,
                            record_at=np.array([0, 1], dtype=np.int64))
        base = S._lvhba_kernel(**kw)
        u0 = np.concatenate([kw["th_init"], kw["lam_init"]])
        u1 = np.concatenate([base[9], base[10]])
        e = np.zeros_like(u0)
        e[1] = 1e-3
        kw2 = dict(kw, th_init=kw["th_init"] + e[:-1], lam_init=kw["lam_init"] + e[-1:])
        pert = S._lvhba_kernel(**kw2)
        du = np.concatenate([pert[9], pert[10]]) - u1
        np.testing.assert_allclose(du, J @ e, atol=1e-12)
        assert u0.shape == u1.shape


def test_import_does_not_compile():
    code = ("import theorylab.solvers.bilevel_lvhba as m, theorylab.problems.bilevel_lvhba as p; "
            "assert len(m._lvhba_kernel.signatures) == 0; print('ok')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and "ok" in out.stdout, out.stderr
