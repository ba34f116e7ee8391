"""Unit tests of the last-iterate SGD family: kernels vs NumPy references, validation,
determinism, divergence, problem truth."""
import numpy as np
import pytest

from theorylab import Status
from theorylab.problems import last_iterate_sgd as P
from theorylab.reference import last_iterate_sgd as R
from theorylab.solvers import last_iterate_sgd as S


def _noise(seed, kind, T, d, scale, nu=3.0):
    return S.draw_noise(np.random.default_rng(seed), kind, T, d, scale, nu)


@pytest.mark.parametrize("objective", ["l1reg", "quad", "sepl1"])
def test_prox_sgd_matches_reference(objective):
    rng = np.random.default_rng(0)
    d, T = 5, 40
    if objective == "l1reg":
        pr = P.make_l1_regression(d, 12, 2.0, rng=1)
        mu_h, radius = 0.0, np.inf
    elif objective == "quad":
        pr = P.make_sc_quadratic(d, 0.5, 1.0, 2.0, 1.0, rng=1)
        mu_h, radius = 0.0, 2.0
    else:
        pr = P.make_composite_l1(d, 1.0, 1.0, rng=1)
        mu_h, radius = 1.0, np.inf
    steps = 0.5 / np.sqrt(np.arange(1, T + 1))
    rec = [0, 1, 7, 40]
    res = S.prox_sgd(objective, pr.A, pr.b, pr.x0, steps, mu_h=mu_h, radius=radius, noise="gaussian",
                     noise_scale=0.3, record_at=rec, rng=5)
    x, out = R.prox_sgd(objective, pr.A, pr.b, pr.x0, steps, _noise(5, "gaussian", T, d, 0.3),
                        mu_h=mu_h, radius=radius, rec=rec)
    np.testing.assert_allclose(res.x, x, rtol=0, atol=1e-12)
    np.testing.assert_allclose(res.trace["fun"], [out[k] for k in rec], rtol=1e-12, atol=1e-14)
    assert res.status == Status.MAX_ITER and res.nit == T and res.oracle_calls == T
    del rng


def test_prox_sgd_sampled_oracle_matches_reference():
    pr = P.make_l1_regression(4, 10, 1.0, rng=2)
    T = 30
    steps = 0.2 / np.sqrt(np.arange(1, T + 1))
    res = S.prox_sgd("l1reg", pr.A, pr.b, pr.x0, steps, sampled=True, record_at=[T], rng=9)
    idx = np.random.default_rng(9).integers(0, 10, size=T)
    x, _ = R.prox_sgd("l1reg", pr.A, pr.b, pr.x0, steps, np.zeros((T, 4)), idx=idx)
    np.testing.assert_allclose(res.x, x, atol=1e-12)


def test_harvey_kernel_matches_reference_and_closed_form():
    T = 64
    pr = P.make_harvey(T)
    steps = S.step_schedule("anytime_sqrt", T, eta=1.0)
    res = S.prox_sgd("harvey", pr.A, pr.b, pr.x0, steps, radius=1.0, record_at=[T])
    x, _ = R.prox_sgd("harvey", pr.A, pr.b, pr.x0, steps, np.zeros((T, T)), radius=1.0)
    np.testing.assert_allclose(res.x, x, atol=1e-13)
    # Harvey et al.: with eta_t = 1/sqrt t the oracle returns h_t, so x_{T+1,j} = eta_j b_j - a_j sum_{k>j} eta_k
    a, bv = P.harvey_vectors(T)
    eta = 1.0 / np.sqrt(np.arange(1, T + 1))
    tail = np.concatenate([np.cumsum(eta[::-1])[::-1][1:], [0.0]])
    np.testing.assert_allclose(res.x, eta * bv - a * tail, atol=1e-13)
    assert res.trace["xnorm"].max() < 1.0


def test_harvey_truth_f_nonnegative():
    pr = P.make_harvey(50)
    rng = np.random.default_rng(3)
    for _ in range(200):
        z = rng.standard_normal(50)
        z /= max(1.0, np.linalg.norm(z))
        assert P.harvey_value(pr.A[0], pr.b, z) >= -1e-15
    assert P.harvey_value(pr.A[0], pr.b, np.zeros(50)) == 0.0
    hs = [np.r_[pr.A[0][:i], -pr.b[i], np.zeros(49 - i)] for i in range(50)] + [pr.A[0]]
    assert np.isclose(pr.B, max(np.linalg.norm(h) for h in hs), rtol=1e-14)


@pytest.mark.parametrize("geometry", ["entropy", "euclidean"])
def test_simplex_md_matches_reference(geometry):
    pr = P.make_simplex_quadratic(6, rng=4)
    c = np.random.default_rng(1).uniform(size=6)
    T = 50
    steps = 1.0 / np.sqrt(np.arange(1, T + 1))
    res = S.simplex_md(c, pr.x0, steps, p=pr.p, kappa=1.0, geometry=geometry, noise="uniform",
                       noise_scale=0.5, record_at=[0, 10, T], rng=3)
    x, out = R.simplex_md(c, pr.p, 1.0, pr.x0, steps, _noise(3, "uniform", T, 6, 0.5), geometry, rec=[0, 10, T])
    np.testing.assert_allclose(res.x, x, atol=1e-12)
    np.testing.assert_allclose(res.trace["fun"], [out[0], out[10], out[T]], atol=1e-12)
    assert abs(res.x.sum() - 1) < 1e-12 and res.x.min() >= 0


def test_project_simplex_kkt():
    y = np.random.default_rng(0).standard_normal(30)
    out = np.empty(30)
    S._project_simplex(y, out)
    np.testing.assert_allclose(out, R.project_simplex(y), atol=1e-14)
    tau = (y - out)[out > 0]
    assert np.ptp(tau) < 1e-12 and np.all((y - tau[0])[out == 0] <= 1e-12)


@pytest.mark.parametrize("p", [1.5, 2.0])
def test_pnorm_md_matches_reference(p):
    pr = P.make_l1_regression(4, 10, 1.0, rng=6)
    T = 40
    steps = 0.3 / np.arange(1, T + 1) ** (1 / p)
    res = S.pnorm_md("l1reg", pr.A, pr.b, pr.x0, steps, p=p, noise="student_t", noise_scale=0.5,
                     nu=1.8, record_at=[0, 5, T], rng=8)
    x, out = R.pnorm_md("l1reg", pr.A, pr.b, pr.x0, steps, _noise(8, "student_t", T, 4, 0.5, 1.8), p, rec=[0, 5, T])
    np.testing.assert_allclose(res.x, x, atol=1e-12)
    np.testing.assert_allclose(res.trace["fun"], [out[0], out[5], out[T]], rtol=1e-12)


def test_chunked_noise_equals_single_draw(monkeypatch):
    pr = P.make_l1_regression(4, 10, 1.0, rng=6)
    steps = S.step_schedule("anytime_sqrt", 100, eta=0.3)
    a = S.prox_sgd("l1reg", pr.A, pr.b, pr.x0, steps, noise="student_t", noise_scale=1.0, nu=2.5, rng=1)
    monkeypatch.setattr(S, "_CHUNK_FLOATS", 12)
    b = S.prox_sgd("l1reg", pr.A, pr.b, pr.x0, steps, noise="student_t", noise_scale=1.0, nu=2.5, rng=1)
    np.testing.assert_array_equal(a.x, b.x)
    np.testing.assert_array_equal(a.trace["fun"], b.trace["fun"])


def test_determinism():
    pr = P.make_rank_deficient_quadratic(6, 4, rng=11)
    steps = S.step_schedule("anytime_sqrt", 200, eta=1.0, L=1.0)
    r1 = S.prox_sgd("quad", pr.A, pr.b, pr.x0, steps, noise="gaussian", noise_scale=0.1, rng=7)
    r2 = S.prox_sgd("quad", pr.A, pr.b, pr.x0, steps, noise="gaussian", noise_scale=0.1, rng=7)
    np.testing.assert_array_equal(r1.x, r2.x)
    np.testing.assert_array_equal(r1.trace["fun"], r2.trace["fun"])
    p1, p2 = P.make_l1_regression(5, 10, rng=3), P.make_l1_regression(5, 10, rng=3)
    np.testing.assert_array_equal(p1.A, p2.A)
    np.testing.assert_array_equal(p1.x0, p2.x0)


def test_divergence_returns_status():
    pr = P.make_sc_quadratic(4, 0.5, 1.0, rng=0)
    steps = np.full(3000, 5.0)      # |1 - 5 lambda| > 1: geometric blow-up (B2-style)
    res = S.prox_sgd("quad", pr.A, pr.b, pr.x0, steps)
    assert res.status == Status.DIVERGED and not res.success
    assert np.all(np.isfinite(res.x)) and res.nit < 3000
    res2 = S.pnorm_md("quad", pr.A, pr.b, pr.x0, steps, p=2.0, noise="none")
    assert res2.status == Status.DIVERGED


def test_validation_messages():
    pr = P.make_l1_regression(3, 6, rng=0)
    st = np.ones(5)
    with pytest.raises(ValueError, match="objective"):
        S.prox_sgd("nope", pr.A, pr.b, pr.x0, st)
    with pytest.raises(ValueError, match="steps"):
        S.prox_sgd("l1reg", pr.A, pr.b, pr.x0, -st)
    with pytest.raises(ValueError, match="max_iter"):
        S.prox_sgd("l1reg", pr.A, pr.b, pr.x0, st, max_iter=10)
    with pytest.raises(ValueError, match="noise"):
        S.prox_sgd("l1reg", pr.A, pr.b, pr.x0, st, noise="cauchy")
    with pytest.raises(ValueError, match="radius"):
        S.prox_sgd("l1reg", pr.A, pr.b, pr.x0, st, radius=-1.0)
    with pytest.raises(ValueError, match="mu_h"):
        S.prox_sgd("l1reg", pr.A, pr.b, pr.x0, st, mu_h=-1.0)
    with pytest.raises(ValueError, match="A must"):
        S.prox_sgd("l1reg", pr.A[:, :2], pr.b, pr.x0, st)
    with pytest.raises(ValueError, match="x0"):
        S.simplex_md(np.ones(3), np.array([0.5, 0.6, 0.1]), st)
    with pytest.raises(ValueError, match="p must"):
        S.pnorm_md("l1reg", pr.A, pr.b, pr.x0, st, p=2.5)
    with pytest.raises(ValueError, match="kind"):
        S.step_schedule("cosine", 10)
    with pytest.raises(ValueError, match="rng"):
        S.prox_sgd("l1reg", pr.A, pr.b, pr.x0, st, rng=-3)
    with pytest.raises(ValueError, match="m must"):
        P.make_l1_regression(5, 6)


def test_step_schedules():
    T = 100
    np.testing.assert_allclose(S.step_schedule("anytime_sqrt", T, eta=10.0, L=1.0)[:5], 0.5)
    lin = S.step_schedule("linear_decay", T, eta=2.0)
    np.testing.assert_allclose(lin, 2.0 * (T - np.arange(1, T + 1) + 1) / T ** 1.5)
    np.testing.assert_allclose(S.step_schedule("inv_t", T, eta=1.5, mu=0.5), 3.0 / np.arange(1, T + 1))
    j = S.step_schedule("jain", T, eta=1.0)
    assert j.size == T and j[0] == 0.1 and np.all(np.diff(j) <= 0) and j[-1] < j[0] / 8


def test_problem_truths():
    pr = P.make_rank_deficient_quadratic(8, 5, rng=1)
    assert np.linalg.norm(pr.A @ (pr.x_star - pr.b)) < 1e-12          # gradient at x* vanishes
    np.testing.assert_allclose(np.sort(np.linalg.eigvalsh(pr.A))[-1], pr.L, rtol=1e-12)
    assert abs(pr.D - 0.5 * np.sum((pr.x_star - pr.x0) ** 2)) < 1e-12
    # x* - x0 is orthogonal to the null space (closest minimiser)
    null = pr.V[:, 5:]
    assert np.linalg.norm(null.T @ (pr.x_star - pr.x0)) < 1e-12
    cp = P.make_composite_l1(10, 1.0, 2.0, rng=2)
    w, mu, c, xs = cp.A[0, 0], cp.mu_h, cp.b, cp.x_star
    # optimality: 0 in w * d|x - c| + mu x, coordinatewise
    for j in range(10):
        if abs(xs[j] - c[j]) > 0:
            assert abs(w * np.sign(xs[j] - c[j]) + mu * xs[j]) < 1e-12
        else:
            assert abs(mu * xs[j]) <= w + 1e-12
    l1 = P.make_l1_regression(4, 8, rng=3)
    assert R.objective("l1reg", l1.A, l1.b, l1.x_star) < 1e-12
    sl = P.make_simplex_linear(20, rng=4)
    assert sl.f_star == sl.c.min() and np.isclose(sl.D, np.log(20))
    sq = P.make_simplex_quadratic(20, rng=4)
    assert 0 <= sq.D <= np.log(20)


def test_median_of_means():
    a = np.r_[np.ones(8), 1e6 * np.ones(2)][:, None]
    assert S.median_of_means({"gap": a}, None, groups=5) == 1.0


def test_dquad_matches_reference_and_dense_quad():
    """The eigenbasis objective "dquad" equals "quad" with A = diag(h), and its reference."""
    pr = P.make_diagonal_quadratic(7, 5, 1.0, 1e-3, 1.0, rng=4)
    T = 50
    steps = S.step_schedule("anytime_sqrt", T, eta=2.0, L=1.0)
    w = pr.truth["noise_sqrt_cov"]
    res = S.prox_sgd("dquad", pr.A, pr.b, pr.x0, steps, noise="gaussian", noise_scale=0.2, noise_matrix=w,
                     record_at=[0, 3, T], rng=6)
    nz = _noise(6, "gaussian", T, 7, 0.2) * (w * np.sqrt(7 / np.sum(w * w)))
    x, out = R.prox_sgd("dquad", pr.A, pr.b, pr.x0, steps, nz, rec=[0, 3, T])
    np.testing.assert_allclose(res.x, x, rtol=0, atol=1e-12)
    np.testing.assert_allclose(res.trace["fun"], [out[k] for k in (0, 3, T)], rtol=1e-12, atol=1e-15)
    dense = S.prox_sgd("quad", np.diag(pr.A[0]), pr.b, pr.x0, steps, noise="gaussian", noise_scale=0.2,
                       noise_matrix=np.diag(w), record_at=[T], rng=6)
    np.testing.assert_allclose(dense.x, res.x, rtol=0, atol=1e-12)


def test_noise_matrix_identity_is_bit_identical_and_keeps_second_moment():
    pr = P.make_rank_deficient_quadratic(6, 4, rng=2)
    steps = S.step_schedule("anytime_sqrt", 30, eta=0.5, L=1.0)
    a = S.prox_sgd("quad", pr.A, pr.b, pr.x0, steps, noise="gaussian", noise_scale=0.3, rng=3)
    b = S.prox_sgd("quad", pr.A, pr.b, pr.x0, steps, noise="gaussian", noise_scale=0.3,
                   noise_matrix=np.eye(6), rng=3)
    assert np.array_equal(a.x, b.x)
    # x0 = b, zero quadratic, one step of size 1: x_1 - x_0 = -xi, E||xi||^2 = noise_scale^2 whatever B is
    d, n = 5, 4000
    w = np.array([3.0, 1.0, 0.5, 0.0, 0.1])
    xs = [S.prox_sgd("dquad", np.zeros((1, d)), np.zeros(d), np.zeros(d), [1.0], noise="gaussian",
                     noise_scale=0.7, noise_matrix=w, rng=s).x for s in range(n)]
    m2 = np.mean(np.sum(np.square(xs), axis=1))
    assert abs(m2 / 0.49 - 1) < 0.06
    with pytest.raises(ValueError, match="noise_matrix"):
        S.prox_sgd("dquad", np.zeros((1, d)), np.zeros(d), np.zeros(d), [1.0], noise_matrix=np.ones(3))
    with pytest.raises(ValueError, match="noise_matrix"):
        S.prox_sgd("dquad", np.zeros((1, d)), np.zeros(d), np.zeros(d), [1.0], noise_matrix=np.zeros(d))


def test_diagonal_quadratic_truth():
    pr = P.make_diagonal_quadratic(9, 6, 2.0, 1e-4, 1.5, rng=3)
    h = pr.A[0]
    assert h[0] == 2.0 and np.isclose(h[5], 1e-4) and np.all(h[6:] == 0)
    xs = pr.truth["x_star"]
    assert S.prox_sgd("dquad", pr.A, pr.b, xs, [0.0], record_at=[0]).trace["fun"][0] == 0.0
    assert np.isclose(pr.D, 0.5 * np.sum((xs - pr.x0) ** 2)) and pr.D == 0.5 * 1.5 ** 2
    u = pr.x0 - pr.b
    np.testing.assert_allclose(np.abs(u[:6]), 1.5 / np.sqrt(6))      # error spread evenly
    assert np.array_equal(pr.truth["noise_sqrt_cov"], np.sqrt(h))


def test_simplex_entropy_log_domain_underflow_matches_reference():
    """The log-domain entropic kernel: a weight that underflows to 0 stays 0 (as x * exp(-eta g) / Z
    does), and the trajectory matches the reference that takes log x at every step."""
    c = np.array([0.0, 800.0, 0.5, 1.0])
    steps = np.full(6, 1.0)
    nz = _noise(2, "uniform", 6, 4, 0.3)
    res = S.simplex_md(c, np.full(4, 0.25), steps, noise="uniform", noise_scale=0.3, record_at=[1, 6], rng=2)
    with np.errstate(divide="ignore"):                 # the reference takes log(0) = -inf
        x, out = R.simplex_md(c, np.zeros(4), 0.0, np.full(4, 0.25), steps, nz, "entropy", rec=[1, 6])
    assert res.x[1] == 0.0 and x[1] == 0.0
    np.testing.assert_allclose(res.x, x, rtol=1e-13, atol=1e-300)
    np.testing.assert_allclose(res.trace["fun"], [out[1], out[6]], rtol=1e-13)


def test_vectorised_exp_matches_numpy():
    t = np.concatenate([-np.random.default_rng(0).uniform(0, 40, 5000), np.linspace(-708, 0, 5001),
                        [0.0, -0.0, -1e-300, -707.9, -708.0, -708.5, -744.0, -745.2, -800.0, -np.inf]])
    out, buf = np.empty_like(t), np.empty_like(t)
    S._exp_nonpos(t, out, buf)
    ref = np.exp(t)
    pos = t >= -708.0
    assert np.max(np.abs(out[pos] - ref[pos]) / ref[pos]) <= 2.5e-16          # about 1 ulp
    assert np.array_equal(out[~pos], ref[~pos])                               # np.exp below -708
    assert out[-1] == 0.0 and out[-10] == 1.0
