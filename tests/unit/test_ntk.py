"""Unit tests of the NTK family (Jacot, Gabriel, Hongler 2018): kernels vs NumPy references,
closed forms vs sympy/mpmath, validation messages, determinism, divergence, problem truth."""
import math

import numpy as np
import pytest
import scipy.linalg

from theorylab.problems import ntk as P
from theorylab.reference import ntk as ref
from theorylab.result import Status
from theorylab.solvers import ntk


def _net(act="relu", width=7, L=4, scaling="ntk", seed=0):
    return ntk.ntk_init([2] + [width] * (L - 1) + [1], beta=0.1, act=act, scaling=scaling, rng=seed)


X4 = P.circle([0.3, 1.1, -2.0, 2.9])


def test_analytic_diagonal_exact():
    T, S = ntk.ntk_analytic(P.circle([0.7]), L=4, beta=0.1, act="relu", all_layers=True)
    np.testing.assert_allclose(T[:, 0, 0], [0.51, 0.52, 0.4025, 0.2825], rtol=0, atol=1e-12)
    np.testing.assert_allclose(S[:, 0, 0], [0.51, 0.265, 0.1425, 0.08125], rtol=0, atol=1e-12)


@pytest.mark.parametrize("act", ["relu", "erf", "identity"])
@pytest.mark.parametrize("c_sigma,n_steps", [(1.0, None), (2.0, None), (1.0, 4)])
def test_analytic_matches_reference(act, c_sigma, n_steps):
    rng = np.random.default_rng(1)
    X, X2 = rng.standard_normal((5, 3)), rng.standard_normal((4, 3))
    T, S = ntk.ntk_analytic(X, X2, L=4, beta=0.1, act=act, c_sigma=c_sigma, n_steps=n_steps)
    Tr, Sr = ref.analytic_ntk(X, X2, 4, 0.1, act, c_sigma, n_steps)
    np.testing.assert_allclose(T, Tr, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(S, Sr, rtol=1e-12, atol=1e-14)


def test_relu_closed_form_from_sympy():
    """Cho-Saul: E[relu(u)relu(v)] and E[relu'(u)relu'(v)] in polar coordinates, integrated by sympy."""
    import sympy as sp
    phi, th = sp.symbols("phi theta", real=True)
    # unit-variance pair with angle th: radial integral of r^3 e^{-r^2/2}/(2 pi) is 2/(2 pi)
    ess = sp.integrate(sp.cos(phi) * sp.cos(phi - th), (phi, th - sp.pi / 2, sp.pi / 2)) / sp.pi
    edd = (sp.pi - th) / (2 * sp.pi)   # measure of {both positive} = (pi - th)/(2 pi)
    for s11, s22, s12 in [(1.0, 1.0, 0.3), (0.5, 2.0, -0.4), (0.7, 0.9, 0.6)]:
        angle = math.acos(s12 / math.sqrt(s11 * s22))
        e1, e2 = ntk._gauss_expect(s11, s22, s12, 0)
        want1 = math.sqrt(s11 * s22) * float(ess.subs(th, angle))
        assert abs(e1 - want1) < 1e-12
        assert abs(e2 - float(edd.subs(th, angle))) < 1e-12


def test_erf_closed_form_against_quadrature():
    """2-D Gauss-Hermite quadrature (120^2 nodes; erf is smooth) of both Gaussian expectations."""
    from scipy.special import erf
    z, w = np.polynomial.hermite_e.hermegauss(120)
    w = w / w.sum()
    for s11, s22, s12 in [(0.6, 1.3, 0.5), (0.26, 0.26, -0.1)]:
        Lc = np.linalg.cholesky(np.array([[s11, s12], [s12, s22]]))
        u = Lc[0, 0] * z[:, None] + 0 * z[None, :]
        v = Lc[1, 0] * z[:, None] + Lc[1, 1] * z[None, :]
        W = w[:, None] * w[None, :]
        d = lambda x: 2 / np.sqrt(np.pi) * np.exp(-x * x)
        e1, e2 = ntk._gauss_expect(s11, s22, s12, 1)
        assert abs(e1 - np.sum(W * erf(u) * erf(v))) < 1e-10
        assert abs(e2 - np.sum(W * d(u) * d(v))) < 1e-10


@pytest.mark.parametrize("act", ["relu", "erf", "tanh", "identity"])
@pytest.mark.parametrize("scaling", ["ntk", "mf"])
def test_forward_and_empirical_match_reference(act, scaling):
    net = _net(act, scaling=scaling)
    X2 = P.circle([0.0, 1.5])
    np.testing.assert_allclose(ntk.ntk_forward(net, X4), ref.forward(net, X4)[2], rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(ntk.ntk_empirical(net, X4), ref.empirical_ntk(net, X4), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(ntk.ntk_empirical(net, X4, X2), ref.empirical_ntk(net, X4, X2),
                               rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("act", ["relu", "tanh"])
def test_empirical_equals_finite_difference_gram(act):
    net = _net(act, width=6, L=3)
    h = 1e-5
    J = np.empty((4, net.theta.size))
    for p in range(net.theta.size):
        tp, tm = net.theta.copy(), net.theta.copy()
        tp[p] += h
        tm[p] -= h
        J[:, p] = (ntk.ntk_forward(net.with_theta(tp), X4) - ntk.ntk_forward(net.with_theta(tm), X4)) / (2 * h)
    K = ntk.ntk_empirical(net, X4)
    assert np.linalg.norm(K - J @ J.T) / np.linalg.norm(K) < 1e-7


@pytest.mark.parametrize("act,scaling", [("relu", "ntk"), ("erf", "ntk"), ("erf", "mf")])
def test_train_gd_matches_reference(act, scaling):
    net = _net(act, width=5, scaling=scaling)
    Y = np.array([0.1, -0.3, 0.2, 0.5])
    Xt = P.circle([0.0, 2.0])
    res = ntk.ntk_train_gd(net, X4, Y, lr=0.7, max_iter=6, record_at=[0, 3, 6], Xtest=Xt, record_kernel=True)
    th, fX, fT = ref.train_gd(net, X4, Y, 0.7, 6, record_at=[0, 3, 6], Xtest=Xt)
    assert res.status == Status.MAX_ITER and res.nit == 6
    np.testing.assert_allclose(res.x, th, rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(res.trace["fX"], fX, rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(res.trace["ftest"], fT, rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(res.trace["kernel"][0], ntk.ntk_empirical(net, X4), rtol=1e-12)
    np.testing.assert_allclose(res.trace["t"], [0.0, 2.1, 4.2])


def test_train_gd_deterministic_and_loss_decreases():
    a = ntk.ntk_train_gd(_net("erf", 9, seed=3), X4, np.ones(4), lr=1.0, max_iter=50)
    b = ntk.ntk_train_gd(_net("erf", 9, seed=3), X4, np.ones(4), lr=1.0, max_iter=50)
    assert np.array_equal(a.x, b.x) and np.array_equal(a.trace["fX"], b.trace["fX"])
    assert a.trace["loss"][-1] < 0.5 * a.trace["loss"][0]


def test_train_gd_divergence():
    res = ntk.ntk_train_gd(_net("identity", 9), X4, np.ones(4), lr=1e4, max_iter=500)
    assert res.status == Status.DIVERGED and not res.success
    assert np.all(np.isfinite(res.x)) and res.nit < 500


def test_kernel_predict_flow_and_descent():
    rng = np.random.default_rng(2)
    A = rng.standard_normal((5, 5))
    K = A @ A.T + 0.1 * np.eye(5)
    Y, f0 = rng.standard_normal(5), rng.standard_normal(5)
    Kx, f0x = rng.standard_normal((3, 5)), rng.standard_normal(3)
    ts = np.array([0.0, 0.5, 3.0])
    fX, fx = ntk.kernel_predict(K, Y, f0, ts, Theta_xX=Kx, f0x=f0x)
    for i, t in enumerate(ts):
        E = scipy.linalg.expm(-t * K / 5)
        np.testing.assert_allclose(fX[i], Y + E @ (f0 - Y), rtol=1e-10, atol=1e-12)
        want = f0x + Kx @ np.linalg.solve(K, (np.eye(5) - E) @ (Y - f0))
        np.testing.assert_allclose(fx[i], want, rtol=1e-10, atol=1e-12)
    fXd, fxd = ntk.kernel_predict(K, Y, f0, [0.0, 2.0, 4.0], Theta_xX=Kx, f0x=f0x, lr=0.5)
    rX, rx = ref.kernel_predict(K, Y, f0, [0.0, 2.0, 4.0], Kx, f0x, lr=0.5)
    np.testing.assert_allclose(fXd, rX, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(fxd, rx, rtol=1e-10, atol=1e-12)
    # discrete: 4 steps of f <- f - (lr/N) K (f - Y)
    f = f0.copy()
    for _ in range(8):
        f = f - 0.5 / 5 * K @ (f - Y)
    np.testing.assert_allclose(fXd[2], f, rtol=1e-10, atol=1e-12)


def test_gp_limit_interpolates_training_points():
    X = P.circle(P.FOUR_ANGLES)
    Xt = np.vstack([X, P.circle([0.0, 3.0])])
    T, S = ntk.ntk_analytic(X, L=4)
    Tx, Sx = ntk.ntk_analytic(Xt, X, L=4)
    _, Sxx = ntk.ntk_analytic(Xt, L=4)
    mean, var = ntk.gp_limit(T, Tx, S, Sx, np.diag(Sxx), P.FOUR_TARGETS)
    np.testing.assert_allclose(mean[:4], P.FOUR_TARGETS, atol=1e-10)
    np.testing.assert_allclose(var[:4], 0.0, atol=1e-10)
    assert np.all(var[4:] > 0)


def test_validation_messages():
    net = _net()
    with pytest.raises(ValueError, match="sizes"):
        ntk.ntk_init([2, 3, 2], rng=0)
    with pytest.raises(ValueError, match="act"):
        ntk.ntk_init([2, 3, 1], act="sigmoid", rng=0)
    with pytest.raises(ValueError, match="beta"):
        ntk.ntk_init([2, 3, 1], beta=-1.0, rng=0)
    with pytest.raises(ValueError, match="X"):
        ntk.ntk_forward(net, np.ones((3, 5)))
    with pytest.raises(ValueError, match="lr"):
        ntk.ntk_train_gd(net, X4, np.zeros(4), lr=0.0)
    with pytest.raises(ValueError, match="Y"):
        ntk.ntk_train_gd(net, X4, np.zeros(3))
    with pytest.raises(ValueError, match="max_iter"):
        ntk.ntk_train_gd(net, X4, np.zeros(4), max_iter=0)
    with pytest.raises(ValueError, match="L"):
        ntk.ntk_analytic(X4, L=0)
    with pytest.raises(ValueError, match="act"):
        ntk.ntk_analytic(X4, L=2, act="tanh")
    with pytest.raises(ValueError, match="Theta_XX"):
        ntk.kernel_predict(np.array([[1.0, 2.0], [0.0, 1.0]]), np.zeros(2), np.zeros(2), 1.0)
    with pytest.raises(ValueError, match="net"):
        ntk.ntk_empirical("not a net", X4)


def test_problems_truth_and_determinism():
    p = P.make_circle_inputs(16, "equispaced", L=4, beta=0.1, act="relu")
    ev = np.sort(np.linalg.eigvalsh(p.Theta_inf / 16))[::-1]
    lam = p.eig_N
    want = np.sort(np.concatenate([[lam[0], lam[8]], np.repeat(lam[1:8], 2)]))[::-1]
    np.testing.assert_allclose(ev, want, rtol=1e-10, atol=1e-13)
    assert lam[1] > lam[2] > lam[3] > 0
    a, b = P.make_circle_inputs(8, "uniform", rng=5), P.make_circle_inputs(8, "uniform", rng=5)
    assert np.array_equal(a.X, b.X) and np.array_equal(a.Theta_inf, b.Theta_inf)
    s = P.make_sphere_inputs(10, 3, rng=1)
    np.testing.assert_allclose(np.linalg.norm(s.X, axis=1), 1.0, atol=1e-14)
    assert s.lambda_min > 0
    r = P.make_jacot_regression(16, rng=2)
    np.testing.assert_array_equal(r.Y, r.X[:, 0] * r.X[:, 1])
    f, c = P.pc_target(p.gamma, 2, np.zeros(16))
    np.testing.assert_allclose(f, 0.5 * np.cos(2 * p.gamma))
    four = P.make_circle_four_points()
    assert four.Xtest.shape == (101, 2) and four.Y.shape == (4,)
    n1, n2 = P.make_ntk_mlp(4, 10, rng=3), P.make_ntk_mlp(4, 10, rng=3)
    assert np.array_equal(n1.theta, n2.theta)
