import numpy as np
import pytest

from theorylab.problems import matrix_sensing as P
from theorylab.reference import matrix_sensing as REF
from theorylab.result import Status
from theorylab.solvers import matrix_sensing as S


@pytest.fixture(scope="module")
def robust():
    return P.make_robust_sensing(d=4, r=2, r_search=3, m=60, p=0.3, noise="gauss", scale=10.0, rng=3)


@pytest.fixture(scope="module")
def lowrank():
    return P.make_lowrank_sensing(n=6, r=2, k=3, kappa=2.0, sym=False, rng=4)


# ---------------------------------------------------------------- kernels vs references
@pytest.mark.parametrize("sign_loss", [True, False])
def test_subgm_kernel_matches_reference(robust, sign_loss):
    T = 25
    etas = (0.3 if sign_loss else 0.02) * 0.95 ** np.arange(T)
    rec = np.array([0, 3, 10, 25], dtype=np.int64)
    U0 = 0.1 * robust.x0
    e1, e2 = np.zeros(4), np.zeros(4)
    U, st, nit, nr = S._subgm_kernel(robust.A, robust.y, U0, etas, sign_loss, robust.X_star, rec, e1)
    Ur, str_, nitr, nrr = REF.subgm_kernel(robust.A, robust.y, U0, etas, sign_loss, robust.X_star, rec, e2)
    assert (st, nit, nr) == (str_, nitr, nrr) == (0, T, 4)
    np.testing.assert_allclose(U, Ur, rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(e1, e2, rtol=1e-12, atol=1e-13)


@pytest.mark.parametrize("sensing", [False, True])
def test_sym_gd_kernel_matches_reference(sensing):
    p = P.make_lowrank_sensing(n=5, r=2, k=3, m=80 if sensing else None, rng=1)
    A = p.A if sensing else np.zeros((0, 25))
    y = p.y if sensing else np.zeros(0)
    rec = np.array([0, 7, 40], dtype=np.int64)
    e1, e2 = np.zeros(3), np.zeros(3)
    X0 = 0.1 * p.F0n
    out = S._sym_gd_kernel(A, y, p.L, p.R, X0, 0.2, 40, rec, e1)
    ref = REF.sym_gd_kernel(A, y, p.L, p.R, X0, 0.2, 40, rec, e2)
    np.testing.assert_allclose(out[0], ref[0], rtol=1e-12, atol=1e-14)
    assert out[1:] == ref[1:]
    np.testing.assert_allclose(e1, e2, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("sensing,sequential", [(False, False), (False, True), (True, False)])
def test_asym_gd_kernel_matches_reference(sensing, sequential):
    p = P.make_lowrank_sensing(n=5, r=2, k=3, sym=False, m=80 if sensing else None, rng=2)
    A = p.A if sensing else np.zeros((0, 25))
    y = p.y if sensing else np.zeros(0)
    rec = np.array([0, 5, 30], dtype=np.int64)
    outs = []
    for fn in (S._asym_gd_kernel, REF.asym_gd_kernel):
        e, oF, oG = np.zeros(3), np.zeros((3, 5, 3)), np.zeros((3, 5, 3))
        r = fn(A, y, p.L, p.R, 0.1 * p.F0n, 0.1 / 3 * p.G0n, 0.2, 30, sequential, rec, e, oF, oG)
        outs.append((r, e, oF, oG))
    (r1, e1, F1, G1), (r2, e2, F2, G2) = outs
    np.testing.assert_allclose(r1[0], r2[0], rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(r1[1], r2[1], rtol=1e-12, atol=1e-14)
    assert r1[2:] == r2[2:]
    for a, b in ((e1, e2), (F1, F2), (G1, G2)):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-14)


# ---------------------------------------------------------------- behaviour
def test_subgm_recovers_exactly_under_outliers():
    p = P.make_robust_sensing(d=6, r=2, r_search=2, m=400, p=0.3, scale=100.0, rng=0)
    res = S.subgm(p.A, p.y, 1e-4 * p.x0, p.X_star, eta0=0.5, rho=0.98, max_iter=1500)
    assert res.status == Status.MAX_ITER and res.success
    assert res.trace["err"][-1] < 1e-9
    assert res.trace["k"][0] == 0 and res.trace["k"][-1] == 1500


def test_l2_gd_divergence_returns_status_and_finite_iterate(robust):
    res = S.l2_gd(robust.A, robust.y, robust.x0, robust.X_star, eta=50.0, max_iter=200)
    assert res.status == Status.DIVERGED and not res.success
    assert np.all(np.isfinite(res.x)) and res.nit < 200


def test_asym_gd_divergence():
    p = P.make_lowrank_sensing(n=5, r=2, k=3, rng=0)
    res = S.asym_gd(p.L, p.R, 10 * p.F0n, 10 * p.G0n, eta=5.0, max_iter=100)
    assert res.status == Status.DIVERGED and np.all(np.isfinite(res.extra["F"]))


def test_sym_exact_rate_is_one_minus_eta_sigma_r():
    p = P.make_lowrank_sensing(n=20, r=2, k=2, kappa=2.0, rng=5)
    ks = np.arange(0, 301, 5)
    res = S.sym_gd(p.L, p.R, 0.01 * p.F0n, eta=0.2, max_iter=300, record_at=ks)
    g = P.fit_log_rate(ks, res.trace["err"], 1e-12, 1e-4)
    assert g == pytest.approx(-np.log(1 - 0.2 * 0.5), rel=0.02)


def test_balanced_asym_equals_sym():
    p = P.make_lowrank_sensing(n=8, r=2, k=3, rng=6)
    a = S.asym_gd(p.L, p.R, 0.1 * p.F0n, 0.1 * p.F0n, eta=0.2, max_iter=50)
    s = S.sym_gd(p.L, p.R, 0.1 * p.F0n, eta=0.2, max_iter=50)
    np.testing.assert_allclose(a.extra["F"], s.x, atol=1e-13)
    np.testing.assert_allclose(a.extra["G"], s.x, atol=1e-13)


def test_determinism(robust):
    p1 = P.make_robust_sensing(d=5, r=2, r_search=3, m=50, rng=11)
    p2 = P.make_robust_sensing(d=5, r=2, r_search=3, m=50, rng=11)
    for key in ("A", "y", "s"):
        assert np.array_equal(p1.data[key], p2.data[key])
    assert np.array_equal(p1.X_star, p2.X_star) and np.array_equal(p1.x0, p2.x0)
    r1 = S.subgm(p1.A, p1.y, 0.01 * p1.x0, p1.X_star, max_iter=50)
    r2 = S.subgm(p2.A, p2.y, 0.01 * p2.x0, p2.X_star, max_iter=50)
    assert np.array_equal(r1.x, r2.x) and np.array_equal(r1.trace["err"], r2.trace["err"])


def test_common_random_numbers_across_scale():
    a = P.make_robust_sensing(d=5, m=40, scale=1.0, rng=2)
    b = P.make_robust_sensing(d=5, m=40, scale=1e4, rng=2)
    assert np.array_equal(a.A, b.A) and np.array_equal(a.z, b.z) and np.array_equal(a.mask, b.mask)
    np.testing.assert_allclose(b.s, 1e4 * a.s)


# ---------------------------------------------------------------- problem truth
def test_robust_truth(robust):
    w = np.linalg.eigvalsh(robust.X_star)
    np.testing.assert_allclose(np.sort(w)[-2:], np.sort(robust.sigma), atol=1e-12)
    assert np.abs(w[:-2]).max() < 1e-12
    np.testing.assert_allclose(robust.y - robust.A @ robust.X_star.ravel(), robust.s, atol=1e-12)
    Asl = robust.A.reshape(-1, 4, 4)
    assert np.array_equal(Asl, Asl.transpose(0, 2, 1))
    assert np.all(robust.s[robust.mask == 0] == 0)


def test_phi_exact_limits():
    c = np.sqrt(2 / np.pi)
    assert P.phi_exact(1.0, 0.3, "gauss", 0.0) == pytest.approx(c)
    assert P.phi_exact(1.0, 0.3, "gauss", 1e9) == pytest.approx(0.7 * c, rel=1e-8)
    assert P.phi_exact(1.0, 0.5, "onesided", 1.0) == pytest.approx(c * (0.5 + 0.5 / np.sqrt(2)))


def test_phi_monte_carlo_agrees():
    rng = np.random.default_rng(0)
    m, d = 40000, 5
    X = rng.standard_normal((d, d))
    X = (X + X.T) / np.linalg.norm(X + X.T)
    A = P._sym_gaussian_rows(rng, m, d)
    a = A @ X.ravel()
    s = P._noise(rng.standard_normal(m), rng.random(m) < 0.4, "gauss", 1.0)
    est = np.mean(np.sign(a - s) * a)
    assert abs(est - P.phi_exact(1.0, 0.4, "gauss", 1.0)) < 3 / np.sqrt(m)


def test_lowrank_truth(lowrank):
    sv = np.linalg.svd(lowrank.M_star, compute_uv=False)
    np.testing.assert_allclose(sv[:2], [1.0, 0.5], atol=1e-12)
    assert sv[2:].max() < 1e-12
    assert lowrank.constants["sigma_r"] == 0.5
    p = P.make_lowrank_sensing(n=6, r=2, k=3, m=30, rng=4)
    np.testing.assert_allclose(p.y, p.A @ p.M_star.ravel(), atol=1e-12)
    np.testing.assert_allclose(p.M_star, p.M_star.T, atol=1e-14)


def test_predicted_rate_and_imbalance():
    rng = np.random.default_rng(1)
    F, G = rng.standard_normal((6, 3)), rng.standard_normal((6, 3))
    G[:, 2] = 0.0
    D = P.imbalance(F, G)
    np.testing.assert_allclose(D, D.T, atol=1e-14)
    np.testing.assert_allclose(D, F.T @ F - G.T @ G)
    g = P.predicted_overparam_rate(F, G, r=2, eta=0.01)
    # the redundant direction is e_3 (G has a zero third column): lambda = D[2, 2]
    assert g == pytest.approx(-np.log1p(-0.01 * D[2, 2]))


# ---------------------------------------------------------------- input validation
def test_validation_messages(robust, lowrank):
    with pytest.raises(ValueError, match="eta0"):
        S.subgm(robust.A, robust.y, robust.x0, robust.X_star, eta0=-1.0)
    with pytest.raises(ValueError, match="rho"):
        S.subgm(robust.A, robust.y, robust.x0, robust.X_star, rho=1.5)
    with pytest.raises(ValueError, match="max_iter"):
        S.subgm(robust.A, robust.y, robust.x0, robust.X_star, max_iter=0)
    with pytest.raises(ValueError, match="A must"):
        S.subgm(robust.A[:, :5], robust.y, robust.x0, robust.X_star)
    with pytest.raises(ValueError, match="y must"):
        S.l2_gd(robust.A, robust.y[:3], robust.x0, robust.X_star)
    with pytest.raises(ValueError, match="U0"):
        S.subgm(robust.A, robust.y, np.full((4, 3), np.nan), robust.X_star)
    with pytest.raises(ValueError, match="eta"):
        S.sym_gd(lowrank.L, lowrank.L, lowrank.F0n, eta=0.0)
    with pytest.raises(ValueError, match="G0"):
        S.asym_gd(lowrank.L, lowrank.R, lowrank.F0n, lowrank.G0n[:, :2])
    with pytest.raises(ValueError, match="L, R"):
        S.asym_gd(lowrank.L[:3], lowrank.R, lowrank.F0n, lowrank.G0n)
    with pytest.raises(ValueError, match="p must"):
        P.make_robust_sensing(p=1.0, rng=0)
    with pytest.raises(ValueError, match="noise"):
        P.make_robust_sensing(noise="cauchy", rng=0)
    with pytest.raises(ValueError, match="k must"):
        P.make_lowrank_sensing(n=5, r=3, k=2, rng=0)
