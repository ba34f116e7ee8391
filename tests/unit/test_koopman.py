"""Koopman family: kernels vs NumPy references, input validation, determinism, exact truths."""
import numpy as np
import pytest

from theorylab.problems import koopman as P
from theorylab.reference import koopman as ref
from theorylab.result import Status
from theorylab.solvers import koopman as kp

RNG = np.random.default_rng(1234)


# ----------------------------------------------------------------------------- kernels vs references

def test_dictionary_kernels_match_reference():
    X = RNG.uniform(-1, 1, (17, 2))
    E = kp.monomial_exponents(2, 4)
    assert E.shape == (15, 2)
    np.testing.assert_allclose(kp._monomials_kernel(X, E), ref.monomials(X, E), rtol=1e-14, atol=1e-15)
    x = RNG.uniform(-1, 0, 23)
    np.testing.assert_allclose(kp._legendre_kernel(x, 12, -1.0, 0.0), ref.legendre(x, 12, -1.0, 0.0),
                               rtol=1e-12, atol=1e-12)
    ks = np.arange(-3, 4, dtype=np.int64)
    np.testing.assert_allclose(kp._fourier_kernel(x, ks, 1.0), ref.fourier(x, ks, 1.0), atol=1e-13)
    t = RNG.normal(size=11)
    np.testing.assert_allclose(kp._hermite_kernel(t, 10), ref.hermite(t, 10), atol=1e-13)
    C = RNG.uniform(-1, 1, (5, 2))
    for kind in (0, 1):
        np.testing.assert_allclose(kp._rbf_kernel(X, C, 0.3, kind), ref.rbf(X, C, 0.3, kind), rtol=1e-13)


def test_legendre_and_hermite_are_orthonormal():
    x, w = P.gauss_legendre_halves(30)
    Psi = kp.legendre(x, 20)
    np.testing.assert_allclose(Psi.T @ (Psi * w[:, None]), np.eye(21), atol=1e-12)
    t, wt = np.polynomial.hermite.hermgauss(60)
    H = kp.hermite_functions(t, 15) * np.exp(t ** 2 / 2)[:, None]
    np.testing.assert_allclose(H.T @ (H * wt[:, None]), np.eye(16), atol=1e-12)


def test_kmeans_flow_twist_mins_density_match_reference():
    X = RNG.uniform(-2, 2, (60, 2))
    C0 = X[:6].copy()
    a, b = kp._kmeans_kernel(X, C0, 50), ref.kmeans(X, C0, 50)
    np.testing.assert_allclose(a[0], b[0], atol=1e-12)
    assert np.array_equal(a[1], b[1]) and a[3] == b[3] and a[4] == b[4]
    assert abs(a[2] - b[2]) < 1e-10
    X0 = RNG.uniform(-2, 2, (7, 2))
    traj, status, _ = kp._duffing_flow_kernel(X0, 0.3, 0.3, 3, 20)
    assert status == 0
    np.testing.assert_allclose(traj, ref.duffing_flow(X0, 0.3, 0.3, 3, 20), atol=1e-13)
    Xt = RNG.uniform(0, 1, (200, 2))
    np.testing.assert_allclose(kp._twist_kernel(Xt, 0.5, 0.5, 0.3), ref.twist(Xt, 0.5, 0.5, 0.3), atol=1e-13)
    z = RNG.uniform(-1, 1, 80) + 1j * RNG.uniform(0, 1, 80)
    dist = RNG.uniform(0, 1.2, 80)
    assert np.array_equal(kp._local_minimisers_kernel(z.real.copy(), z.imag.copy(), dist, 5.0, 1.0),
                          ref.local_minimisers(z.real, z.imag, dist, 5.0, 1.0))
    c = 0.5 ** np.arange(17) / 0.75
    th = np.linspace(-np.pi, np.pi, 33)
    phi = 1 - (np.arange(17) / 16) ** 2
    np.testing.assert_allclose(kp._filtered_density_kernel(c, np.zeros(17), th, phi),
                               ref.filtered_density(c, np.zeros(17), th, phi), atol=1e-13)


# ----------------------------------------------------------------------------- validation messages

def test_input_validation_messages():
    with pytest.raises(ValueError, match="degree"):
        kp.legendre(np.zeros(3), -1)
    with pytest.raises(ValueError, match="X"):
        kp.monomials(np.zeros(3), 2)
    with pytest.raises(ValueError, match="centres"):
        kp.rbf(np.zeros((3, 2)), np.zeros((2, 3)), 1.0)
    with pytest.raises(ValueError, match="kind"):
        kp.rbf(np.zeros((3, 2)), np.zeros((2, 2)), 1.0, kind="cubic")
    with pytest.raises(ValueError, match="n_clusters"):
        kp.kmeans(np.zeros((3, 2)), 5)
    with pytest.raises(ValueError, match="Psi_Y"):
        kp.galerkin_matrices(np.zeros((4, 2)), np.zeros((4, 3)))
    with pytest.raises(ValueError, match="w"):
        kp.galerkin_matrices(np.zeros((4, 2)), np.zeros((4, 2)), w=-np.ones(4))
    with pytest.raises(ValueError, match="method"):
        kp.pseudospectrum(np.eye(3), np.eye(3), z=np.zeros(1), method="qz")
    with pytest.raises(ValueError, match="tau"):
        kp.certified_spectrum(np.zeros(2), np.zeros(3))
    with pytest.raises(ValueError, match="moments"):
        kp.spectral_density(np.ones(1), np.zeros(3))
    with pytest.raises(ValueError, match="dt"):
        kp.duffing_flow(np.zeros((2, 2)), -1.0)
    with pytest.raises(ValueError, match="eps"):
        kp.hidden_twist_map(np.zeros((2, 2)), 0.7)
    with pytest.raises(ValueError, match="rule"):
        P.quadrature_rule(10, "simpson")
    with pytest.raises(ValueError, match="variant"):
        kp.edmd(np.eye(2), np.eye(2), variant="adjoint")


# ----------------------------------------------------------------------------- determinism, divergence

def test_determinism_of_problems_and_solvers():
    a, b = P.make_duffing(0.3, n_ic=50, rng=7), P.make_duffing(0.3, n_ic=50, rng=7)
    for k in ("X1", "Y2", "X3"):
        assert np.array_equal(a.data[k], b.data[k])
    assert not np.array_equal(a.X1, a.X2)          # independent streams
    r1 = kp.kmeans(a.X1, 5, rng=3)
    r2 = kp.kmeans(a.X1, 5, rng=3)
    assert np.array_equal(r1.x, r2.x)
    h1, h2 = P.make_hidden_twist(0.2, 100, rng=1), P.make_hidden_twist(0.2, 100, rng=1)
    assert np.array_equal(h1.Psi_Y, h2.Psi_Y)


def test_divergence_status():
    r = kp.duffing_flow(np.array([[1e3, 1e3], [0.1, 0.0]]), 1.0, n_steps=10, n_sub=1)
    assert r.status == Status.DIVERGED and not r.success
    assert np.all(np.isfinite(r.x))
    np.testing.assert_allclose(r.x[1, 1], kp.duffing_flow(np.array([[0.1, 0.0]]), 1.0, n_steps=10, n_sub=1).x[0, 1])


def test_duffing_integrator_accuracy_and_energy():
    X0 = RNG.uniform(-2, 2, (20, 2))
    a = kp.duffing_flow(X0, 0.3, n_steps=5, n_sub=200).x      # the setting of make_duffing
    b = kp.duffing_flow(X0, 0.3, n_steps=5, n_sub=800).x
    assert np.max(np.abs(a - b)) < 1e-10                          # brief: integrate to <= 1e-10
    H = lambda s: s[..., 1] ** 2 / 2 - s[..., 0] ** 2 / 2 + s[..., 0] ** 4 / 4
    assert np.max(np.abs(H(a[:, -1]) - H(a[:, 0]))) < 1e-10


# ----------------------------------------------------------------------------- exact spectral truths

def test_edmd_conventions_on_a_complex_eigenvalue():
    pr = P.make_linear_map(p=2, rng=0)
    r = kp.edmd(pr.Psi_X, pr.Psi_Y)
    assert kp.match_error(r.x, pr.eigenvalues) < 1e-12
    res2 = kp.residuals(r.extra["G"], r.extra["A"], r.extra["L"], r.x, r.extra["V"])
    assert np.max(res2) < 1e-12


def test_doubling_truths():
    pr = P.make_doubling("fourier", 8)
    G, A, L = kp.galerkin_matrices(pr.Psi_X, pr.Psi_Y, pr.w)
    np.testing.assert_allclose(G, np.eye(17), atol=1e-13)
    np.testing.assert_allclose(L, np.eye(17), atol=1e-13)
    ks = np.arange(-8, 9)
    Aexp = (ks[:, None] == 2 * ks[None, :]).astype(float)           # A_jk = delta_{j, 2k}
    np.testing.assert_allclose(A, Aexp, atol=1e-13)
    tau = kp.pseudospectrum(pr.Psi_X, pr.Psi_Y, pr.w, z=np.array([1j, 0.5j, 0.0])).x
    np.testing.assert_allclose(tau ** 2, pr.tau2(np.array([1j, 0.5j, 0.0])), atol=1e-12)
    assert abs(P.make_doubling("fourier", 4).tau2(np.array([1j]))[0] - 0.76536686 ** 2) < 1e-7
    c = P.doubling_moments(0.5, 10)
    np.testing.assert_allclose(c, 0.5 ** np.arange(11) / 0.75, rtol=1e-12)
    th = np.linspace(-np.pi, np.pi, 2001)
    rho = P.doubling_density(0.5, th)
    assert abs(np.trapezoid(rho, th) - c[0]) < 1e-9


def test_tent_haar_exact_action():
    pr = P.make_tent(3)
    G, A, L = kp.galerkin_matrices(pr.Psi_X, pr.Psi_Y, pr.w)
    np.testing.assert_allclose(G, np.eye(8), atol=1e-14)
    # K e_{0,0} = (e_{1,0} - e_{1,1}) / sqrt 2 : column 1 of A (Haar order: 1, e00, e10, e11, ...)
    np.testing.assert_allclose(A[:, 1], np.r_[0, 0, 1, -1, 0, 0, 0, 0] / np.sqrt(2), atol=1e-14)


def test_gram_pencil_pollutes_where_svd_does_not():
    pr = P.make_rotation(dictionary="rbf", size=80, M=512)
    z = np.array([0.3 + 0j])
    good = kp.pseudospectrum(pr.Psi_X, pr.Psi_Y, pr.w, z=z, rcond=1e-8).x[0]
    assert good >= 0.7 - 1e-6                      # sigma_inf(K - 0.3) = 0.7
    bad = kp.pseudospectrum(pr.Psi_X, pr.Psi_Y, pr.w, z=z, method="gram").x[0]
    assert bad < 0.7 - 1e-3                        # spurious (G + 1e-14||G|| I regularisation)


def test_certified_spectrum_identity_and_twist():
    z = np.exp(2j * np.pi * np.arange(60) / 60)
    tau = np.abs(1 - z)                             # the identity map
    c = kp.certified_spectrum(tau, z, unit_circle_clamp=True)
    assert np.allclose(c.x, [1.0]) and c.fun == 0.0
    X = RNG.uniform(0, 1, (500, 2))
    Y = kp.hidden_twist_map(X, 0.2)
    r0 = np.hypot(*(X - 0.5).T)
    np.testing.assert_allclose(np.hypot(*(Y - 0.5).T), r0, atol=1e-12)   # radius preserved
    assert np.array_equal(Y[r0 >= 0.2], X[r0 >= 0.2])


def test_quadrature_rules_and_reference():
    for rule in ("gauss", "trapezoid", "riemann"):
        x, w = P.quadrature_rule(50, rule)
        assert x.min() >= -1 and x.max() <= 0
    assert abs(P.quadrature_rule(50, "trapezoid")[1].sum() - 1) < 1e-14
    x, w = P.quadrature_rule(300, "gauss")
    x2, w2 = P.quadrature_rule(200, "gauss")
    assert np.max(np.abs(P.gauss_A(x, w) - P.gauss_A(x2, w2))) < 1e-12
    assert np.all(P.gauss_map(np.linspace(-1, 0, 101)) <= 0) and np.all(P.gauss_map(np.linspace(-1, 0, 101)) >= -1)


def test_single_thread_blas_restores():
    hs = kp._openblas_handles()
    before = [get() for get, _ in hs]
    with kp.single_thread_blas():
        assert all(get() == 1 for get, _ in hs)
    assert [get() for get, _ in hs] == before


# ----------------------------------------------------------------------------- pendulum

def test_pendulum_flow_matches_reference_and_dop853():
    from scipy.integrate import solve_ivp
    rng = np.random.default_rng(7)
    X0 = np.column_stack([rng.uniform(-np.pi, np.pi, 12), rng.uniform(-6, 6, 12)])
    Y, status = kp._pendulum_flow_kernel(X0, 0.5, 13, kp.YOSHIDA6)
    assert status == 0
    np.testing.assert_allclose(Y, ref.pendulum_flow(X0, 0.5, 13, kp.YOSHIDA6), atol=1e-12)
    # order-6 symmetric composition: coefficients sum to 1, error ~1e-12 at 50 sub-steps
    assert abs(kp.YOSHIDA6.sum() - 1) < 1e-14 and np.allclose(kp.YOSHIDA6, kp.YOSHIDA6[::-1])
    Y = kp.pendulum_flow(X0, 0.5, n_sub=50).x
    for x0, y in zip(X0, Y):
        s = solve_ivp(lambda t, u: [u[1], -np.sin(u[0])], [0, 0.5], x0, method="DOP853", rtol=1e-13, atol=1e-13)
        xe, ye = s.y[:, -1]
        dx = (y[0] - xe + np.pi) % (2 * np.pi) - np.pi
        assert abs(dx) < 1e-10 and abs(y[1] - ye) < 1e-10
    # area preservation of the discrete map: Jacobian determinant 1 (finite differences)
    h = 1e-6
    x0 = np.array([[0.3, 1.1]])
    J = np.column_stack([(kp.pendulum_flow(x0 + h * e, 0.5).x - kp.pendulum_flow(x0 - h * e, 0.5).x)[0] / (2 * h)
                         for e in np.eye(2)])
    assert abs(np.linalg.det(J) - 1) < 1e-8
    assert np.all((Y[:, 0] >= -np.pi) & (Y[:, 0] < np.pi))
    with pytest.raises(ValueError, match="dt"):
        kp.pendulum_flow(X0, -1.0)
    with pytest.raises(ValueError, match="n_sub"):
        kp.pendulum_flow(X0, 0.5, n_sub=0)
    with pytest.raises(ValueError, match="X0"):
        kp.pendulum_flow(X0[:, :1], 0.5)
    with pytest.raises(ValueError, match="X0"):
        kp.pendulum_flow(np.array([[0.0, np.nan]]), 0.5)
    assert kp._pendulum_flow_kernel(np.array([[0.0, np.inf]]), 0.5, 5, kp.YOSHIDA6)[1] == 2


def test_pendulum_problem_quadrature_and_isometry():
    pr = P.make_pendulum(cross=12)
    assert pr.N == pr.Psi_X.shape[1] == pr.index_set.shape[0]
    G, A, L = kp.galerkin_matrices(pr.Psi_X, pr.Psi_Y, pr.w)
    np.testing.assert_allclose(G, np.eye(pr.N), atol=1e-12)      # orthonormal dictionary, exact quadrature
    np.testing.assert_allclose(L, G, atol=1e-12)                  # area preservation: ||Kg|| = ||g||
    # nested index sets, closed under k -> -k (conjugation symmetry of tau)
    small, big = P.pendulum_index_set(10, 30, 6), P.pendulum_index_set(10, 30, 12)
    assert {tuple(r) for r in small} <= {tuple(r) for r in big}
    assert {tuple(r) for r in big} == {(-k, j) for k, j in big}
    z = np.array([0.3 + 0.4j, 0.3 - 0.4j, 1.2j, -1.2j])
    tau = kp.pseudospectrum(pr.Psi_X, pr.Psi_Y, pr.w, z=z).x
    np.testing.assert_allclose(tau[0::2], tau[1::2], atol=1e-12)
    assert np.all(tau >= kp.unit_circle_distance(z) - 1e-12)
    assert np.array_equal(P.make_pendulum(cross=6).Psi_Y, P.make_pendulum(cross=6).Psi_Y)
    with pytest.raises(ValueError, match="cross"):
        P.make_pendulum(cross=0)


def test_tau_on_grid_mirror_matches_direct(tmp_path):
    from theorylab.plotting_koopman import pseudospectrum_figure, tau_on_grid
    pr = P.make_pendulum(cross=6)
    re, im = np.linspace(-1.2, 1.2, 7), np.linspace(-1.2, 1.2, 5)
    full = tau_on_grid(pr.Psi_X, pr.Psi_Y, pr.w, re, im)
    mirrored = tau_on_grid(pr.Psi_X, pr.Psi_Y, pr.w, re, im, conj_symmetric=True)
    np.testing.assert_allclose(mirrored, full, atol=1e-12)
    with pytest.raises(ValueError, match="im"):
        tau_on_grid(pr.Psi_X, pr.Psi_Y, pr.w, re, np.linspace(0, 1, 3), conj_symmetric=True)
    a, b = tmp_path / "a.png", tmp_path / "b.png"
    for p in (a, b):
        pseudospectrum_figure(p, re, im, full, levels=(0.5, 0.3), certified=np.array([1.0]), edmd=np.array([0.2j]))
    assert a.read_bytes() == b.read_bytes()                       # deterministic PNG
