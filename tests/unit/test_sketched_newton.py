"""Sketched Newton: kernels vs NumPy references, problems' truth, solver behaviour and input checks."""
import numpy as np
import pytest

from theorylab.problems import sketched_newton as snp
from theorylab.reference import sketched_newton as ref
from theorylab.result import Status
from theorylab.solvers import sketched_newton as sn


def _system(n=12, seed=0):
    rng = np.random.default_rng(seed)
    A = rng.standard_normal((n, n))
    return A + A.T + n * np.eye(n), rng.standard_normal(n), rng


def test_kaczmarz_kernel_matches_reference():
    K, b, rng = _system()
    rows = rng.integers(0, K.shape[0], size=500)
    delta, r = np.zeros(12), -b.copy()
    steps = sn._kaczmarz_kernel(K, K @ K, np.einsum("ij,ij->i", K, K), b, delta, r, rows, 1e-6)
    d_ref, s_ref = ref.kaczmarz_reference(K, b, np.zeros(12), rows, 1e-6)
    assert steps == s_ref
    np.testing.assert_allclose(delta, d_ref, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(r, K @ delta - b, atol=1e-10)


def test_gaussian_kernel_matches_reference():
    K, b, rng = _system()
    S = rng.standard_normal((200, 12))
    delta = np.zeros(12)
    steps = sn._gaussian_sketch_kernel(K, b, delta, -b.copy(), S, 1e-8)
    d_ref, s_ref = ref.gaussian_sketch_reference(K, b, np.zeros(12), S, 1e-8)
    assert steps == s_ref
    np.testing.assert_allclose(delta, d_ref, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("sketch", ["kaczmarz", "gaussian", "exact"])
def test_kaczmarz_solve_reaches_threshold(sketch):
    K, b, _ = _system()
    delta, steps, res = sn.kaczmarz_solve(K, b, 1e-8, sketch=sketch, rng=3)
    assert res <= 1e-8 and np.linalg.norm(K @ delta - b) <= 1e-8


@pytest.mark.parametrize("name", list(snp.HS_PROBLEMS) + ["random_qp", "sphere", "pde3"])
def test_problem_truth_is_a_kkt_point(name):
    p = snp.make_problem(name, rng=0)
    x, lam = p.x_star, p.lam_star
    kkt = np.concatenate([p.grad(x) + p.jac(x).T @ lam, p.c(x)])
    assert np.linalg.norm(kkt) <= 1e-10
    assert p.f(x) == pytest.approx(p.f_star, abs=1e-12)


@pytest.mark.parametrize("name", ["HS7", "HS39", "sphere"])
def test_merit_gradient_matches_finite_differences(name):
    p = snp.make_problem(name, rng=0)
    rng = np.random.default_rng(1)
    x, lam = p.x0 + 0.1 * rng.standard_normal(p.n), rng.standard_normal(p.m)
    g = sn.merit_gradient(p, x, lam, 1.0, 0.1)
    z, h = np.concatenate([x, lam]), 1e-6
    fd = np.array([(sn.merit_value(p, *np.split(z + h * e, [p.n]), 1.0, 0.1)
                    - sn.merit_value(p, *np.split(z - h * e, [p.n]), 1.0, 0.1)) / (2 * h) for e in np.eye(z.size)])
    np.testing.assert_allclose(g, fd, rtol=1e-6, atol=1e-7)


def test_solver_converges_and_is_deterministic():
    p = snp.make_hs7()
    r1 = sn.adasketch_newton(p, rng=5)
    r2 = sn.adasketch_newton(p, rng=5)
    assert r1.status == Status.CONVERGED and r1.success
    np.testing.assert_allclose(r1.x, p.x_star, atol=1e-7)
    assert np.array_equal(r1.trace["kkt"], r2.trace["kkt"]) and np.array_equal(r1.x, r2.x)


def test_plain_lagrangian_merit_fails_from_far_start():
    r = sn.adasketch_newton(snp.make_hs7(), adaptive_merit=False, eta1=0.0, eta2=0.0, rng=0, max_iter=100)
    assert r.status != Status.CONVERGED


def test_multiplier_sign_bug_is_reported_not_garbage():
    r = sn.adasketch_newton(snp.make_hs28(), tau=0.3, multiplier_sign=-1, rng=0, max_iter=100)
    assert r.status in (Status.DIVERGED, Status.STALLED, Status.MAX_ITER)
    assert np.all(np.isfinite(r.x))


@pytest.mark.parametrize("kwargs,param", [
    ({"sketch": "qr"}, "sketch"), ({"theta": "slow"}, "theta"), ({"tau": 1.5}, "tau"),
    ({"beta": 0.7}, "beta"), ({"nu": 1.0}, "nu"), ({"tol": -1.0}, "tol"), ({"max_iter": 0}, "max_iter"),
    ({"eta1": float("nan")}, "eta1"), ({"merit_hessian": "exact"}, "merit_hessian"),
    ({"x0": np.zeros(3)}, "x0"), ({"multiplier_sign": 0.5}, "multiplier_sign"),
])
def test_bad_input_names_the_parameter(kwargs, param):
    with pytest.raises(ValueError, match=param):
        sn.adasketch_newton(snp.make_hs7(), **kwargs)


def test_problem_generators_validate_inputs():
    with pytest.raises(ValueError, match="m must be"):
        snp.make_random_qp(d=5, m=5)
    with pytest.raises(ValueError, match="gap"):
        snp.make_sphere_eigenproblem(gap=0.0)
    with pytest.raises(ValueError, match="name"):
        snp.make_problem("HS999")
