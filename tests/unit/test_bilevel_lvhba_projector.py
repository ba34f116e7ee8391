"""Unit tests of the LV-HBA polyhedral projector (cvxpy QP built once), the Python-level driver
for user-supplied projectors, and the breast-cancer SVM hyperparameter problem."""
import numpy as np
import pytest

from theorylab.problems import bilevel_lvhba as P
from theorylab.reference.bilevel_lvhba import lvhba_reference
from theorylab.solvers import bilevel_lvhba as S


def _random_polyhedron(rng, d=6, m=10, k=2):
    """Non-empty polyhedron: constraints at a random interior point w0 with positive slack."""
    A = rng.standard_normal((m, d))
    w0 = rng.standard_normal(d)
    b = A @ w0 + rng.uniform(0.05, 1.0, m)
    E = rng.standard_normal((k, d)) if k else None
    f = E @ w0 if k else None
    return A, b, E, f


def _kkt_violation(A, b, E, f, v, x, tol=1e-9):
    """max violation of the projection's KKT conditions at x, multipliers by NNLS:
    x - v + A' mu + E' nu = 0, mu >= 0, A x <= b, E x = f, mu_i (b - A x)_i = 0."""
    from scipy.optimize import nnls
    scale = 1.0 + np.abs(v).max()
    act = np.nonzero(A @ x - b >= -1e-7 * scale)[0]
    cols = [A[act].T] + ([E.T, -E.T] if E is not None else [])
    B = np.concatenate(cols, axis=1)
    coef, res = nnls(B, v - x, maxiter=5000)
    mu = coef[:act.size]
    primal = max(float((A @ x - b).max(initial=0.0)), 0.0)
    if E is not None:
        primal = max(primal, float(np.abs(E @ x - f).max()))
    compl = float(np.abs(mu * (b[act] - A[act] @ x)).max(initial=0.0))
    return max(res, primal, compl) / scale


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("with_eq", [False, True])
def test_polyhedral_projection_satisfies_kkt(seed, with_eq):
    rng = np.random.default_rng(seed)
    A, b, E, f = _random_polyhedron(rng, k=2 if with_eq else 0)
    proj = P.polyhedral_projector(A, b, E, f)
    for _ in range(5):
        v = 3.0 * rng.standard_normal(A.shape[1])
        x = proj(v)
        assert _kkt_violation(A, b, E, f, v, x) <= 1e-9
        # optimality by sampling: no feasible point of a random segment is closer to v
        y = proj(5.0 * rng.standard_normal(A.shape[1]))
        for t in np.linspace(0, 1, 11):
            assert np.linalg.norm(v - x) <= np.linalg.norm(v - ((1 - t) * x + t * y)) + 1e-9


def test_polyhedral_projection_matches_closed_form_affine():
    rng = np.random.default_rng(3)
    E = rng.standard_normal((3, 7))
    f = rng.standard_normal(3)
    poly = P.polyhedral_projector(E=E, f=f)
    aff = P.affine_projector(E, f)
    for _ in range(5):
        v = rng.standard_normal(7)
        np.testing.assert_allclose(poly(v), aff(v), rtol=0, atol=1e-10)
    # an affine set written as two inequalities per row: same projection
    poly2 = P.polyhedral_projector(np.concatenate([E, -E]), np.concatenate([f, -f]))
    v = rng.standard_normal(7)
    np.testing.assert_allclose(poly2(v), aff(v), rtol=0, atol=1e-8)


def test_projection_of_a_feasible_point_is_itself_and_counts():
    A = np.eye(3)
    proj = P.polyhedral_projector(A, np.ones(3))
    v = np.array([0.5, -2.0, 1.0])
    assert np.array_equal(proj(v), v) and proj.n_calls == 1 and proj.n_qp == 0
    np.testing.assert_allclose(proj(np.array([2.0, 0.0, 3.0])), [1.0, 0.0, 1.0], atol=1e-12)
    assert proj.n_qp == 1


def test_svm_box_projection_matches_sorting_closed_form():
    """C = {c_min <= c <= c_max, 0 <= alpha <= c}: the projection reduces to a 1-D convex problem in c
    (alpha = clip(v_alpha, 0, c)), solved exactly by sorting."""
    prob = P.make_svm_hyper(12, 20, 4, rng=0)
    proj = prob.data["projector"]
    cmin, cmax = prob.data["c_min"], prob.data["c_max"]
    rng = np.random.default_rng(0)

    def closed(v):
        vc, va = v[0], v[1:]
        s = np.sort(np.clip(va, 0, None))[::-1]
        N, csum = s.size, 0.0
        for j in range(N + 1):
            if j:
                csum += s[j - 1]
            c = (vc + csum) / (1 + j)
            if (s[j] if j < N else -np.inf) <= c <= (s[j - 1] if j else np.inf):
                break
        c = min(max(c, cmin), cmax)
        return np.concatenate([[c], np.clip(va, 0, c)])
    fast = P.svm_box_projector(cmin, cmax)
    for scale in (0.3, 1.0, 5.0, 30.0):
        v = scale * rng.standard_normal(13)
        np.testing.assert_allclose(proj(v), closed(v), rtol=0, atol=1e-10)
        np.testing.assert_allclose(fast(v), closed(v), rtol=0, atol=1e-13)


@pytest.mark.parametrize("kw, name", [
    (dict(A=np.eye(2), b=np.ones(3)), "b"), (dict(A=np.eye(2)), "A and b"), (dict(E=np.eye(2)), "E and f"),
    (dict(A=np.eye(2), b=np.ones(2), E=np.ones((1, 3)), f=np.zeros(1)), "dimension"),
    (dict(A=np.array([[np.nan, 1.0]]), b=np.ones(1)), "A"), (dict(), "dimension"),
    (dict(A=np.array([[1.0], [-1.0]]), b=np.array([-1.0, -1.0])), "non-empty"),
    (dict(A=np.eye(2), b=np.ones(2), solver="MOSEK"), "solver"), (dict(dim=2, tol=-1.0), "tol"),
    (dict(dim=0), "dim"),
])
def test_projector_validation_messages(kw, name):
    with pytest.raises(ValueError, match=name):
        P.polyhedral_projector(**kw)


def test_projector_call_validation():
    proj = P.polyhedral_projector(np.eye(2), np.ones(2))
    with pytest.raises(ValueError, match="v"):
        proj(np.zeros(3))
    with pytest.raises(ValueError, match="v"):
        proj(np.array([np.inf, 0.0]))


@pytest.mark.parametrize("variant", [{}, {"inner": "gauss_seidel"}, {"p": 0.0}, {"lam_sign": -1},
                                     {"use_value_function": False}])
def test_driver_matches_fused_kernel_on_affine_problem(variant):
    """The Python-level driver with the closed-form affine projector (as a callable) and with the cvxpy
    projector reproduces the fused jitted kernel on a problem with affine C."""
    prob = P.make_llc_random(3, rng=1)
    kw = dict(max_iter=60, record_at=[0, 7, 30, 60], metrics=False, **variant)
    ref = S.lvhba(prob, **kw)
    aff = P.affine_projector(prob.data["G"], -prob.data["h"])
    drv = S.lvhba(prob, projector=aff, **kw)
    for key in ("w", "z", "theta", "lam"):
        np.testing.assert_allclose(drv.trace[key], ref.trace[key], rtol=0, atol=1e-10)
    poly = P.polyhedral_projector(E=prob.data["G"], f=-prob.data["h"])
    drv2 = S.lvhba(prob, projector=poly, **kw)
    np.testing.assert_allclose(drv2.trace["w"], ref.trace["w"], rtol=0, atol=1e-8)


def test_driver_matches_numpy_reference_with_pairs_as_polyhedron():
    """Coupled inequality y <= x (closed-form pair averaging in the kernel) vs the cvxpy polyhedral
    projector of {y - x <= 0} in the driver; and the NumPy reference kernel."""
    prob = P.make_coupled_ineq(3, rng=2)
    kw = dict(max_iter=80, record_at=[0, 10, 80], metrics=False)
    ref = S.lvhba(prob, **kw)
    poly = P.polyhedral_projector(prob.data["G"], -prob.data["h"])
    drv = S.lvhba(prob, projector=poly, **kw)
    np.testing.assert_allclose(drv.trace["w"], ref.trace["w"], rtol=0, atol=1e-9)
    d = prob.data
    A = S._arrays(prob)
    out = lvhba_reference(**A, w_init=prob.x0.copy(), z_init=d["z0"].copy(), th_init=d["theta0"].copy(),
                          lam_init=d["lam0"].copy(), eta=0.02, alpha=0.005, beta=0.01, gamma1=1.0, gamma2=1.0,
                          c_lo=1.0, p=0.25, inner_mode=0, lam_sign=1.0, use_v=True,
                          record_at=np.array([0, 10, 80], dtype=np.int64))
    np.testing.assert_allclose(drv.trace["w"], out[0], rtol=0, atol=1e-9)


def test_driver_validation_and_divergence():
    prob = P.make_llc_random(3, rng=0)
    with pytest.raises(ValueError, match="projector"):
        S.lvhba(prob, projector="not callable", max_iter=3)
    with pytest.raises(ValueError, match="projector"):
        S.lvhba(prob, projector=lambda w: w[:2], max_iter=3)
    with np.errstate(all="ignore"):
        res = S.lvhba(prob, projector=lambda w: w * np.inf, max_iter=5, metrics=False)
    assert res.status.name == "DIVERGED" and res.nit == 0


def test_svm_problem_and_metrics():
    prob = P.make_svm_hyper(12, 20, 4, rng=5)
    again = P.make_svm_hyper(12, 20, 4, rng=5)
    assert np.array_equal(prob.data["Qf"], again.data["Qf"]) and np.array_equal(prob.data["QF"], again.data["QF"])
    M = prob.data["M"]
    assert np.allclose(np.linalg.eigvalsh(M @ M.T), 1.0)          # whitened: LL Hessian is a projector
    phi, w, Ftrue = P.svm_lower_level(prob, 0.7)
    # the LL solution is optimal: sklearn-free check of the box-QP KKT conditions via the dual alpha
    alpha = prob.data["ll_solver"](0.7)
    grad = M.T @ (M @ alpha) - 1.0
    assert np.all(grad[alpha < 1e-7] >= -1e-6) and np.all(grad[alpha > 0.7 - 1e-7] <= 1e-6)
    free = (alpha > 1e-7) & (alpha < 0.7 - 1e-7)
    assert np.abs(grad[free]).max(initial=0.0) <= 1e-6
    res = S.lvhba(prob, max_iter=30, eta=0.2, alpha=0.05, beta=0.1, record_at=[0, 30])
    W = res.trace["w"]
    assert np.all(W[:, 1:] >= -1e-12) and np.all(W[:, 1:] <= W[:, :1] + 1e-12)   # iterates stay in C
    assert np.all(np.isfinite(res.trace["residual"]))
    out = P.run_svm_demo(np.array([5.0, 20.0]), np.random.default_rng(0), n_train=12, n_val=20, n_components=4,
                         n_grid=5, eta=0.2, alpha=0.05, beta=0.1)
    assert np.all(out["ll_gap"] >= -1e-9) and out["ll_gap"].shape == (2,)


@pytest.mark.parametrize("kw, name", [(dict(n_train=1), "n_train"), (dict(n_components=40), "n_components"),
                                      (dict(n_train=5, n_components=5), "n_components"),
                                      (dict(c_min=-1.0), "c_min"), (dict(c0=100.0), "c0"),
                                      (dict(n_val=600), "n_val")])
def test_svm_problem_validation(kw, name):
    with pytest.raises(ValueError, match=name):
        P.make_svm_hyper(**kw)
