"""online_sea: kernels vs NumPy references, validation, determinism, divergence, problem truth."""
import numpy as np
import pytest

from theorylab import Status
from theorylab.problems import online_sea as P
from theorylab.reference import online_sea as ref
from theorylab.solvers import online_sea as S


def _arrs(p):
    return S.stream_arrays(p)[3]


def _ks(T):
    return np.array([0, 1, T // 2, T], dtype=np.int64)


@pytest.mark.parametrize("step_rule,hint_mode", [(0, 1), (0, 0), (0, 2), (0, 3), (1, 1), (2, 0), (3, 0)])
def test_omd_kernel_matches_reference(step_rule, hint_mode):
    rng = np.random.default_rng(0)
    p = P.make_sea_alternating(40, 0.7, ell=0.3, s=0.4, d=3, rng=1)
    z = rng.standard_normal((40, 3))
    args = (np.array([0.2, -0.1, 0.3]), 40, 1.0, step_rule, 2.0, p.G, 1.0, 0.5, 2.0, 0.3, hint_mode, 0.2, z,
            *_arrs(p), _ks(40))
    out = S._omd_kernel(*args)
    r = ref.omd(*args)
    np.testing.assert_allclose(out[0], r[0], rtol=0, atol=1e-12)
    for a, b in zip(out[3:7], r[1:5]):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12)
    assert out[1] == 0 and out[2] == 40


def test_oftrl_oftl_kernels_match_reference():
    p = P.make_sea_iid(50, 4, a=[0.5, 1.0, 1.5, 2.0], s=0.5, b=[0.3, 0.1, 0.0, -0.2], rng=2)
    x0 = np.array([0.5, 0.0, 0.0, 0.1])
    o = S._oftrl_kernel(x0, 50, 1.0, 2.0, 3.0, *_arrs(p), _ks(50))
    r = ref.oftrl(x0, 50, 1.0, 2.0, 3.0, *_arrs(p), _ks(50))
    np.testing.assert_allclose(o[0], r[0], atol=1e-12)
    for a, b in zip(o[3:], r[1:]):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12)
    o = S._oftl_kernel(x0, 50, 1.0, 0.5, *_arrs(p), _ks(50))
    r = ref.oftl(x0, 50, 1.0, 0.5, *_arrs(p), _ks(50))
    for a, b in zip(o[3:], r[1:]):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("variant", [0, 1])
def test_ons_kernel_matches_reference(variant):
    p = P.make_sea_ls(60, np.array([1.0, 0.3, 0.1]), theta=np.array([0.4, -0.3, 0.2]), s=0.3, rng=3)
    x0 = np.array([-0.6, 0.5, -0.4])
    o = S._ons_kernel(x0, 60, 1.0, 0.5, 0.2, variant, *_arrs(p), _ks(60))
    r = ref.ons(x0, 60, 1.0, 0.5, 0.2, variant, *_arrs(p), _ks(60))
    np.testing.assert_allclose(o[0], r[0], atol=1e-10)
    for a, b in zip(o[3:], r[1:]):
        np.testing.assert_allclose(a, b, rtol=1e-10, atol=1e-10)


def test_unorm_projection_is_exact():
    rng = np.random.default_rng(4)
    B = rng.standard_normal((4, 4))
    Um = B @ B.T + 0.1 * np.eye(4)
    y = 3 * rng.standard_normal(4)
    x = np.zeros(4)
    S._proj_unorm(Um, y, 1.0, x)
    assert abs(np.linalg.norm(x) - 1.0) < 1e-11
    # KKT: U (x - y) + nu x = 0 with nu >= 0
    res = Um @ (x - y)
    nu = -(res @ x) / (x @ x)
    assert nu >= 0 and np.linalg.norm(res + nu * x) < 1e-9
    # better than random feasible points in the U-norm
    for _ in range(200):
        v = rng.standard_normal(4)
        v /= max(1.0, np.linalg.norm(v))
        assert (x - y) @ Um @ (x - y) <= (v - y) @ Um @ (v - y) + 1e-9


@pytest.mark.parametrize("geometry", [0, 1])
def test_experts_kernel_matches_reference(geometry):
    p = P.make_experts(80, 6, rng=5)
    ks = _ks(80)
    o = S._experts_kernel(p.losses, geometry, 1, 1.0, ks)
    r = ref.experts(p.losses, geometry, 1, 1.0, ks)
    np.testing.assert_allclose(o[0], r[0], atol=1e-12)
    for a, b in zip(o[3:], r[1:]):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12)
    assert abs(o[0].sum() - 1) < 1e-12 and o[0].min() >= 0


def test_ensemble_kernel_matches_reference():
    p = P.make_sea_dyn(60, r=0.5, omega=0.3, s=0.2, rng=6)
    etas = np.array([0.01, 0.05, 0.25])
    o = S._ensemble_kernel(np.zeros(2), 60, 1.0, etas, 1.0, 3.0, *_arrs(p), _ks(60))
    r = ref.ensemble(np.zeros(2), 60, 1.0, etas, 1.0, 3.0, *_arrs(p), _ks(60))
    np.testing.assert_allclose(o[0], r[0], atol=1e-12)
    for a, b in zip(o[3:], r[1:]):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12)


def test_validation_messages():
    p = P.make_sea_iid(20, 3, rng=0)
    with pytest.raises(ValueError, match="step"):
        S.optimistic_omd(p, step="bogus")
    with pytest.raises(ValueError, match="hint"):
        S.optimistic_omd(p, hint="future")
    with pytest.raises(ValueError, match="eta"):
        S.optimistic_omd(p, step="fixed")
    with pytest.raises(ValueError, match="delta"):
        S.optimistic_omd(p, delta=-1.0)
    with pytest.raises(ValueError, match="max_iter"):
        S.optimistic_omd(p, max_iter=21)
    with pytest.raises(ValueError, match="x0"):
        S.optimistic_omd(p, x0=np.array([2.0, 0.0, 0.0]))
    with pytest.raises(ValueError, match="nu"):
        S.oftrl(p, nu=0.0)
    with pytest.raises(ValueError, match="mu"):
        S.oftl_sc(p, mu=-1.0)
    with pytest.raises(ValueError, match="variant"):
        S.optimistic_ons(p, variant="x")
    with pytest.raises(ValueError, match="losses"):
        S.optimistic_experts(np.ones((5, 1)))
    with pytest.raises(ValueError, match="geometry"):
        S.optimistic_experts(np.ones((5, 3)), geometry="l1")
    with pytest.raises(ValueError, match="name"):
        S.run_learner("Z9", p)
    with pytest.raises(ValueError, match="a must be"):
        P.make_sea_quadratic(5, [-1.0], [[0.0]], 0.1)


def test_determinism_and_trace_shapes():
    a = S.run_learner("A1", P.make_sea_iid(300, 4, s=0.5, rng=9), record_at=[10, 100, 300])
    b = S.run_learner("A1", P.make_sea_iid(300, 4, s=0.5, rng=9), record_at=[10, 100, 300])
    assert np.array_equal(a.trace["pr"], b.trace["pr"]) and np.array_equal(a.x, b.x)
    assert a.trace["pr"].shape == (3,) and a.status == Status.MAX_ITER and a.nit == 300
    c = S.run_learner("P2", P.make_sea_alternating(100, 1.0, rng=1), rng=3, rho=0.5)
    d = S.run_learner("P2", P.make_sea_alternating(100, 1.0, rng=1), rng=3, rho=0.5)
    assert np.array_equal(c.trace["pr"], d.trace["pr"])


def test_divergence_reports_status():
    # the projection cannot tame an infinite step: y = xh - eta g overflows, Pi(y) = 0 * inf = nan
    p = P.make_sea_iid(50, 2, a=1.0, s=0.0, b=[1e10, 0.0])
    r = S.optimistic_omd(p, step="fixed", eta=1e308, hint="none", x0=np.array([0.5, 0.0]))
    assert r.status == Status.DIVERGED and not r.success
    assert np.all(np.isfinite(r.x))


def test_problem_truth():
    rng = np.random.default_rng(11)
    # trust-region comparator: KKT
    a = np.array([0.1, 0.5, 2.0])
    c = np.array([1.0, -2.0, 0.5])
    x, nu = P.trust_region_diag(a, c, 1.0)
    assert nu > 0 and abs(np.linalg.norm(x) - 1) < 1e-12
    np.testing.assert_allclose((a + nu) * x, c, atol=1e-10)
    # Sigma_1^2 = sup ||Ax - b||^2 on the ball, vs dense sampling of the sphere (a lower bound)
    for _ in range(5):
        a = rng.random(3) * 2
        b = rng.standard_normal(3)
        val = P.sup_grad_dev_sq(a, b, 1.0)
        v = rng.standard_normal((20000, 3))
        v /= np.linalg.norm(v, axis=1, keepdims=True)
        samp = np.max(np.sum((v * a - b) ** 2, axis=1))
        assert samp <= val + 1e-12 and val - samp < 1e-2 * val
    assert P.sup_grad_dev_sq(np.array([0.0]), np.array([0.7]), 1.0) == pytest.approx(0.49)
    # alternating instance constants
    p = P.make_sea_alternating(64, 2.0, ell=0.5, rng=0)
    assert p.Sigma1_sq == pytest.approx((0.5 + 2.0) ** 2)
    assert p.Sigma2 == pytest.approx((0.5 + 2.0) ** 2 + 16.0 * 63)
    assert np.all(p.u_star == 0)
    # i.i.d. noise has exact radius s
    q = P.make_sea_iid(100, 5, s=0.3, rng=1)
    np.testing.assert_allclose(np.linalg.norm(q.xi, axis=1), 0.3, rtol=1e-12)
    assert q.sigma2 == pytest.approx(0.09 * 100)
    # boundary comparator gives zero first-order violation: grad sum F(u*) = -nu u*
    r = P.make_sea_iid(10, 4, a=0.1, s=0.0, b=[0.5, 0.0, 0.0, 0.0])
    np.testing.assert_allclose(r.u_star, [1.0, 0, 0, 0], atol=1e-12)
    # SEA-LS: F_t is the expectation of f_t (unbiased gradients at a fixed point, Monte Carlo)
    ls = P.make_sea_ls(20000, np.array([1.0, 0.5]), theta=np.array([0.2, -0.1]), s=0.2, rng=4)
    x = np.array([0.3, 0.4])
    g = ls.lsa * (ls.lsa @ x - ls.lsy)[:, None]
    np.testing.assert_allclose(g.mean(0), ls.fA * (x - ls.truth["theta"]), atol=0.02)
    # dynamic instance path length
    dyn = P.make_sea_dyn(100, r=0.5, omega=0.1)
    assert dyn.P_T == pytest.approx(99 * 2 * 0.5 * np.sin(0.05), rel=1e-12)


def test_generators_bit_identical():
    for make in (lambda: P.make_sea_iid(50, 3, s=0.2, rng=7), lambda: P.make_sea_ls(50, np.ones(2), rng=7),
                 lambda: P.make_sea_dyn(50, s=0.1, rng=7)):
        a, b = make(), make()
        for k in ("gB", "xi", "lsa", "lsy"):
            assert np.array_equal(a.data[k], b.data[k])
    assert np.array_equal(P.make_experts(30, 4, rng=7).losses, P.make_experts(30, 4, rng=7).losses)
