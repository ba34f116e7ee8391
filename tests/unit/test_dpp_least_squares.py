import numpy as np
import pytest

from theorylab.problems import dpp_least_squares as P
from theorylab.reference import dpp_least_squares as ref
from theorylab.result import Status
from theorylab.solvers import dpp_least_squares as dls


# --------------------------------------------------------------------------- bases

@pytest.mark.parametrize("d,deg", [(1, 7), (2, 3), (3, 2)])
def test_basis_matches_reference_and_is_orthonormal(d, deg):
    idx = dls.legendre_indices(deg + 1) if d == 1 else dls.total_degree_indices(d, deg)
    rng = np.random.default_rng(0)
    X = rng.uniform(-1, 1, (50, d))
    np.testing.assert_allclose(dls.basis(X, idx), ref.basis_ref(X, idx), rtol=1e-12, atol=1e-12)
    # orthonormal for the uniform probability measure: tensor Gauss rule is exact
    t, wt = np.polynomial.legendre.leggauss(deg + 2)
    grids = np.meshgrid(*([t] * d), indexing="ij")
    W = np.prod(np.meshgrid(*([wt / 2] * d), indexing="ij"), axis=0).ravel()
    Phi = dls.basis(np.stack([g.ravel() for g in grids], axis=1), idx)
    np.testing.assert_allclose(Phi.T @ (W[:, None] * Phi), np.eye(idx.shape[0]), atol=1e-12)


def test_total_degree_indices_count_and_order():
    idx = dls.total_degree_indices(2, 3)
    assert idx.shape == (10, 2)
    assert np.all(np.diff(idx.sum(axis=1)) >= 0) and tuple(idx[0]) == (0, 0)


def test_christoffel_sup_is_m_squared():
    idx = dls.legendre_indices(6)
    np.testing.assert_allclose(dls.christoffel(np.array([-1.0, 1.0]), idx), [36.0, 36.0], rtol=1e-13)


# --------------------------------------------------------------------------- samplers vs reference

@pytest.mark.parametrize("mode", [0, 1, 2])
def test_iid_kernel_matches_reference(mode):
    idx = dls.total_degree_indices(2, 2)
    U = np.random.default_rng(1).random(4000)
    X, pos, ok = dls._iid_kernel(idx, 30, U, mode)
    Xr, posr, okr = ref.iid_ref(idx, 30, U, mode)
    assert ok and okr and pos == posr
    np.testing.assert_array_equal(X, Xr)


@pytest.mark.parametrize("accept,mode", [(True, 0), (False, 0), (True, 1)])
def test_dpp_kernel_matches_reference(accept, mode):
    idx = dls.legendre_indices(4)
    U = np.random.default_rng(2).random(20000)
    X, props, pos, ok = dls._dpp_kernel(idx, 6, U, mode, accept)
    Xr, propsr, posr, okr = ref.dpp_ref(idx, 6, U, mode, accept)
    assert ok and okr and pos == posr
    np.testing.assert_array_equal(props, propsr)
    np.testing.assert_allclose(X, Xr, rtol=0, atol=1e-15)


def test_buffer_exhaustion_is_reported_then_wrapper_retries():
    idx = dls.legendre_indices(5)
    _, _, _, ok = dls._dpp_kernel(idx, 3, np.random.default_rng(0).random(10), 0, True)
    assert not ok
    res = dls.sample_projection_dpp(idx, 50, rng=3)     # the wrapper grows its buffer as needed
    assert res.x.shape == (50, 5, 1) and np.all(np.abs(res.x) <= 1)


def test_dpp_points_are_distinct_and_accept_false_is_iid_count():
    idx = dls.legendre_indices(6)
    good = dls.sample_projection_dpp(idx, 200, rng=4)
    broken = dls.sample_projection_dpp(idx, 200, accept=False, rng=4)
    assert broken.oracle_calls == 200 * 6                     # every proposal accepted
    assert good.oracle_calls > 200 * 6                        # rejections happen (expected m H_m)
    gaps = np.diff(np.sort(good.x[:, :, 0], axis=1), axis=1).min()
    assert gaps > 0


def test_samplers_deterministic():
    idx = dls.legendre_indices(4)
    for f in (lambda r: dls.sample_projection_dpp(idx, 10, rng=r).x,
              lambda r: dls.sample_iid(idx, 50, rng=r).x,
              lambda r: dls.sample_volume_rescaled(idx, 7, 5, rng=r).x,
              lambda r: dls.sample_repeated_dpp(idx, 3, 5, rng=r).x):
        np.testing.assert_array_equal(f(11), f(11))
        assert not np.array_equal(f(11), f(12))


def test_volume_and_repeated_shapes():
    idx = dls.legendre_indices(3)
    assert dls.sample_volume_rescaled(idx, 8, 4, rng=0).x.shape == (4, 8, 1)
    assert dls.sample_repeated_dpp(idx, 2, 4, rng=0).x.shape == (4, 6, 1)


# --------------------------------------------------------------------------- least squares

def test_wls_kernel_matches_reference():
    rng = np.random.default_rng(5)
    Phi = rng.standard_normal((7, 9, 4))
    y = rng.standard_normal((7, 9))
    w = rng.uniform(0.5, 2, (7, 9))
    out = dls._wls_batch_kernel(Phi, y, w)
    exp = ref.wls_batch_ref(Phi, y, w)
    for a, b in zip(out, exp):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-12)


def test_wls_reproduces_V_m_and_reports_G():
    idx = dls.legendre_indices(4)
    X = dls.sample_iid(idx, 30, rng=0).x
    Phi = dls.basis(X, idx)
    c = np.array([1.0, -2.0, 0.5, 3.0])
    w = dls.optimal_weights(X, idx)
    res = dls.weighted_least_squares(Phi, Phi @ c, w)
    np.testing.assert_allclose(res.x, c, atol=1e-12)
    G = (Phi * w[:, None]).T @ Phi / 30
    np.testing.assert_allclose(res.extra["G"], G, atol=1e-14)
    ev = np.linalg.eigvalsh(G)
    assert res.extra["gdev"] == pytest.approx(max(abs(ev[0] - 1), abs(ev[-1] - 1)), rel=1e-10)
    assert res.extra["lmin"] == pytest.approx(ev[0], rel=1e-10)


def test_wls_divergence_returns_status_and_zero_coefficients():
    Phi = np.ones((1, 2, 1))
    out = dls.weighted_least_squares_batch(Phi, np.array([[1e308, 1e308]]), np.array([[1e10, 1e10]]))
    assert out.status == Status.DIVERGED and not out.success
    np.testing.assert_array_equal(out.x, 0.0)
    assert out.trace["status"][0] == 2


def test_stability_kernels_match_reference():
    rng = np.random.default_rng(6)
    for _ in range(50):
        B = rng.standard_normal((12, 5))
        w = rng.uniform(0.2, 2, 12)
        S = dls.gram_accumulate(np.zeros((5, 5)), B, w)
        np.testing.assert_allclose(S, ref.gram_update_ref(np.zeros((5, 5)), B, w), atol=1e-12)
        for delta in (0.3, 0.5, 0.9):
            assert dls.in_stability_band(S, 12, delta) == ref.band_ref(S, 12, 1 - delta, 1 + delta)


# --------------------------------------------------------------------------- input validation

@pytest.mark.parametrize("call,name", [
    (lambda: dls.basis(np.array([2.0]), dls.legendre_indices(3)), "X"),
    (lambda: dls.basis(np.zeros((3, 2)), dls.legendre_indices(3)), "X"),
    (lambda: dls.basis(np.zeros(3), -np.ones((2, 1), dtype=np.int64)), "idx"),
    (lambda: dls.sample_iid(dls.legendre_indices(3), 0), "n"),
    (lambda: dls.sample_iid(dls.legendre_indices(3), 5, density="gauss"), "density"),
    (lambda: dls.sample_projection_dpp(dls.legendre_indices(3), 2, accept="yes"), "accept"),
    (lambda: dls.sample_volume_rescaled(dls.legendre_indices(3), 2), "n"),
    (lambda: dls.sample_repeated_dpp(dls.legendre_indices(3), 0), "r"),
    (lambda: dls.sample_iid(dls.legendre_indices(3), 5, rng=-1), "rng"),
    (lambda: dls.weighted_least_squares_batch(np.ones((1, 2, 3)), np.ones((1, 2))), "Phi"),
    (lambda: dls.weighted_least_squares_batch(np.ones((1, 3, 2)), np.ones((1, 2))), "y"),
    (lambda: dls.weighted_least_squares_batch(np.ones((1, 3, 2)), np.ones((1, 3)), -np.ones((1, 3))), "w"),
    (lambda: dls.in_stability_band(np.eye(2), 1, delta=0.0), "delta"),
    (lambda: P.make_coefficient_target(0), "m"),
    (lambda: P.make_coefficient_target(3, tail="heavy"), "tail"),
    (lambda: P.make_function_target("sin", 3), "name"),
    (lambda: P.draw_points("dpp", dls.legendre_indices(3), 4, 2, 0), "n"),
])
def test_validation_messages(call, name):
    with pytest.raises(ValueError, match=name):
        call()


# --------------------------------------------------------------------------- problems and exact truths

def test_coefficient_target_truth_and_determinism():
    a = P.make_coefficient_target(4, q=0.5, rng=7)
    b = P.make_coefficient_target(4, q=0.5, rng=7)
    np.testing.assert_array_equal(a.data["c"], b.data["c"])
    assert a.truth["e_m2"] == pytest.approx(sum(0.25 ** j for j in range(1, 25)), rel=1e-14)
    # the error formula ||f - f_hat||^2 = ||dc||^2 + e_m^2 against quadrature of (f - f_hat)^2
    X = dls.sample_iid(a.idx, 12, rng=1).x[None]
    out = P.fit_coefficients(a, X)
    t, wt = np.polynomial.legendre.leggauss(60)
    PhiM = dls.basis(t, a.data["idx_M"])
    chat = out["dc"][0] + a.truth["c_star"]
    diff = PhiM @ a.data["c"] - PhiM[:, :4] @ chat
    assert out["err2"][0] == pytest.approx(np.sum(wt / 2 * diff ** 2), rel=1e-11)


def test_function_target_truth():
    for name in ("runge", "abs3", "exp"):
        pr = P.make_function_target(name, 5)
        t, wt = P._gauss(1000)
        fx = P._f(name, t)
        proj = dls.basis(t, pr.idx) @ pr.truth["c_star"]
        if name != "abs3":       # smooth: Gauss on [-1, 1] converges
            assert np.sum(wt / 2 * (fx - proj) ** 2) == pytest.approx(pr.truth["e_m2"], rel=1e-9)
        xs = np.linspace(-1, 1, 100003)
        vs = dls.basis(xs, pr.idx) @ pr.truth["v_coef"]
        assert np.abs(P._f(name, xs) - vs).max() <= pr.truth["v_sup"]
        assert pr.truth["v_sup"] >= np.sqrt(pr.truth["e_m2"])      # sup norm >= L2 distance to V_m
        assert pr.truth_error < 1e-12


def test_rho_cdf_and_tests_under_the_null():
    m = 4
    assert P.rho_cdf(m, -1.0) == 0.0 and P.rho_cdf(m, 1.0) == pytest.approx(1.0, abs=1e-14)
    x = np.linspace(-0.99, 0.99, 7)
    h = 1e-6
    dens = (P.rho_cdf(m, x + h) - P.rho_cdf(m, x - h)) / (2 * h)
    np.testing.assert_allclose(dens, dls.christoffel(x, dls.legendre_indices(m)) / m / 2, rtol=1e-6)
    X = dls.sample_iid(dls.legendre_indices(m), 3000, rng=8).x[:, 0]
    assert P.neglog10_ks(X, lambda t: P.rho_cdf(m, t)) < 3
    T = np.random.default_rng(9).standard_normal((2000, 5))
    assert P.neglog10_hotelling(T, np.zeros(5)) < 3
    assert P.neglog10_hotelling(T + 0.2, np.zeros(5)) > 10


def test_exact_moments_of_small_dpp():
    """m = 2 by brute-force quadrature of the joint density det(Phi)^2 / 2 on a tensor Gauss grid."""
    idx = dls.legendre_indices(2)
    lin, A = P.gauss_moments(idx, (1, 2))
    t, wt = np.polynomial.legendre.leggauss(20)
    x1, x2 = np.meshgrid(t, t, indexing="ij")
    W = np.outer(wt, wt) / 4
    P1, P2 = dls.basis(x1.ravel(), idx), dls.basis(x2.ravel(), idx)
    dens = (P1[:, 0] * P2[:, 1] - P1[:, 1] * P2[:, 0]) ** 2 / 2
    psi1 = dls.basis(x1.ravel(), np.array([[1], [2]]))
    psi2 = dls.basis(x2.ravel(), np.array([[1], [2]]))
    for a in range(2):
        lin_q = np.sum(W.ravel() * dens * (psi1[:, a] + psi2[:, a]))
        assert lin_q == pytest.approx(lin[a], abs=1e-12)
        pair_q = np.sum(W.ravel() * dens * 2 * psi1[:, a] * psi2[:, a])
        assert pair_q == pytest.approx(lin[a] ** 2 - np.trace(A[a] @ A[a]), abs=1e-12)
