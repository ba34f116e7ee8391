"""Equality-constrained test problems ``min f(x) s.t. c(x) = 0`` with known KKT points.

For Hong, Na, Mahoney, Kolar (ICML 2023, arXiv:2305.18379). Every problem carries the
oracles ``f, grad, hess, c, jac, chess`` (``chess(x, lam) = sum_i lam_i hess c_i(x)``),
a standard start ``x0`` and the truth ``x_star, lam_star, f_star`` for the convention
``L = f + lam^T c``:

* Hock-Schittkowski HS6, HS7, HS27, HS28, HS39, HS48, HS51 (Hock & Schittkowski 1981;
  optima published, multipliers derived; closed form);
* :func:`make_random_qp` (G3.1), :func:`make_sphere_eigenproblem` (G3.2) and
  :func:`make_pde_control` (G3.4) whose truth is one dense KKT solve or an eigen-decomposition.
"""
from __future__ import annotations

import numpy as np

from theorylab._validation import check_float, check_int, make_rng
from theorylab.problem import Problem

SQ3 = np.sqrt(3.0)


def _problem(name, f, grad, hess, c, jac, chess, x0, x_star, lam_star, f_star, method="closed_form", err=0.0):
    data = {"f": f, "grad": grad, "hess": hess, "c": c, "jac": jac, "chess": chess,
            "n": int(np.size(x0)), "m": int(np.size(lam_star))}
    truth = {"x_star": np.asarray(x_star, float), "lam_star": np.asarray(lam_star, float), "f_star": float(f_star)}
    return Problem(name, data, np.asarray(x0, float), truth, {}, method, err)


def _quadratic(name, H, g, A, a, x0, *, f0=0.0, truth=None):
    """f = 1/2 x^T H x + g^T x + f0, c = A x - a; truth from one KKT solve unless given."""
    H, g, A, a = (np.ascontiguousarray(v, dtype=float) for v in (H, g, A, a))
    n, m = H.shape[0], A.shape[0]
    method, err = "closed_form", 0.0
    if truth is None:
        K = np.block([[H, A.T], [A, np.zeros((m, m))]])
        sol = np.linalg.solve(K, np.concatenate([-g, a]))
        x_star, lam_star = sol[:n], sol[n:]
        err = float(np.linalg.norm(K @ sol - np.concatenate([-g, a])))
        method = "linear_solve"
    else:
        x_star, lam_star = truth
    f_star = 0.5 * x_star @ H @ x_star + g @ x_star + f0
    zero = np.zeros((n, n))
    return _problem(name, lambda x: 0.5 * x @ H @ x + g @ x + f0, lambda x: H @ x + g, lambda x: H,
                    lambda x: A @ x - a, lambda x: A, lambda x, lam: zero, x0, x_star, lam_star, f_star,
                    method, err)


def make_hs6(*, rng=None) -> Problem:
    return _problem(
        "HS6", lambda x: (1 - x[0]) ** 2, lambda x: np.array([-2 * (1 - x[0]), 0.0]),
        lambda x: np.diag([2.0, 0.0]), lambda x: np.array([10 * (x[1] - x[0] ** 2)]),
        lambda x: np.array([[-20 * x[0], 10.0]]), lambda x, lam: lam[0] * np.diag([-20.0, 0.0]),
        [-1.2, 1.0], [1.0, 1.0], [0.0], 0.0)


def make_hs7(*, rng=None) -> Problem:
    def hess(x):
        u = 1 + x[0] ** 2
        return np.diag([2 * (1 - x[0] ** 2) / u ** 2, 0.0])
    return _problem(
        "HS7", lambda x: np.log(1 + x[0] ** 2) - x[1], lambda x: np.array([2 * x[0] / (1 + x[0] ** 2), -1.0]),
        hess, lambda x: np.array([(1 + x[0] ** 2) ** 2 + x[1] ** 2 - 4]),
        lambda x: np.array([[4 * x[0] * (1 + x[0] ** 2), 2 * x[1]]]),
        lambda x, lam: lam[0] * np.diag([4 + 12 * x[0] ** 2, 2.0]),
        [2.0, 2.0], [0.0, SQ3], [1 / (2 * SQ3)], -SQ3)


def make_hs27(*, rng=None) -> Problem:
    def grad(x):
        return np.array([0.02 * (x[0] - 1) - 4 * x[0] * (x[1] - x[0] ** 2), 2 * (x[1] - x[0] ** 2), 0.0])

    def hess(x):
        return np.array([[0.02 - 4 * x[1] + 12 * x[0] ** 2, -4 * x[0], 0], [-4 * x[0], 2, 0], [0, 0, 0.0]])
    return _problem(
        "HS27", lambda x: 0.01 * (x[0] - 1) ** 2 + (x[1] - x[0] ** 2) ** 2, grad, hess,
        lambda x: np.array([x[0] + x[2] ** 2 + 1]), lambda x: np.array([[1.0, 0.0, 2 * x[2]]]),
        lambda x, lam: lam[0] * np.diag([0.0, 0.0, 2.0]), [2.0, 2.0, 2.0], [-1.0, 1.0, 0.0], [0.04], 0.04)


def make_hs28(*, rng=None) -> Problem:
    H = 2 * np.array([[1, 1, 0], [1, 2, 1], [0, 1, 1.0]])
    return _quadratic("HS28", H, np.zeros(3), [[1.0, 2.0, 3.0]], [1.0], [-4.0, 1.0, 1.0],
                      truth=(np.array([0.5, -0.5, 0.5]), np.array([0.0])))


def make_hs39(*, rng=None) -> Problem:
    def jac(x):
        return np.array([[-3 * x[0] ** 2, 1.0, -2 * x[2], 0.0], [2 * x[0], -1.0, 0.0, -2 * x[3]]])

    def chess(x, lam):
        return lam[0] * np.diag([-6 * x[0], 0.0, -2.0, 0.0]) + lam[1] * np.diag([2.0, 0.0, 0.0, -2.0])
    return _problem(
        "HS39", lambda x: -x[0], lambda x: np.array([-1.0, 0, 0, 0]), lambda x: np.zeros((4, 4)),
        lambda x: np.array([x[1] - x[0] ** 3 - x[2] ** 2, x[0] ** 2 - x[1] - x[3] ** 2]), jac, chess,
        [2.0, 2.0, 2.0, 2.0], [1.0, 1.0, 0.0, 0.0], [-1.0, -1.0], -1.0)


def make_hs48(*, rng=None) -> Problem:
    H = 2 * np.array([[1, 0, 0, 0, 0], [0, 1, -1, 0, 0], [0, -1, 1, 0, 0], [0, 0, 0, 1, -1], [0, 0, 0, -1, 1.0]])
    g = np.array([-2.0, 0, 0, 0, 0])
    A = np.array([[1.0, 1, 1, 1, 1], [0, 0, 1, -2, -2]])
    return _quadratic("HS48", H, g, A, [5.0, -3.0], [3.0, 5.0, -3.0, 2.0, -2.0], f0=1.0,
                      truth=(np.ones(5), np.zeros(2)))


def make_hs51(*, rng=None) -> Problem:
    H = 2 * np.array([[1, -1, 0, 0, 0], [-1, 2, 1, 0, 0], [0, 1, 1, 0, 0], [0, 0, 0, 1, 0], [0, 0, 0, 0, 1.0]])
    g = np.array([0.0, -4, -4, -2, -2])
    A = np.array([[1.0, 3, 0, 0, 0], [0, 0, 1, 1, -2], [0, 1, 0, 0, -1]])
    return _quadratic("HS51", H, g, A, [4.0, 0.0, 0.0], [2.5, 0.5, 2.0, -1.0, 0.5], f0=6.0,
                      truth=(np.ones(5), np.zeros(3)))


HS_PROBLEMS = {"HS6": make_hs6, "HS7": make_hs7, "HS27": make_hs27, "HS28": make_hs28,
               "HS39": make_hs39, "HS48": make_hs48, "HS51": make_hs51}


def make_random_qp(d: int = 30, m: int = 10, cond: float = 100.0, *, rng=None) -> Problem:
    """G3.1: f = 1/2 x^T H x + g^T x, c = A x - a; H positive definite with condition number ``cond``."""
    d = check_int("d", d, min_value=2)
    m = check_int("m", m, min_value=1, max_value=d - 1)
    cond = check_float("cond", cond, lower=1.0)
    g_ = make_rng(rng)
    Q, _ = np.linalg.qr(g_.standard_normal((d, d)))
    s = np.geomspace(1.0, 1.0 / cond, d)
    H = (Q * s) @ Q.T
    H = 0.5 * (H + H.T)
    A = g_.standard_normal((m, d)) / np.sqrt(d)
    return _quadratic(f"random_qp(d={d},m={m},cond={cond:g})", H, g_.standard_normal(d), A,
                      g_.standard_normal(m), g_.standard_normal(d))


def make_sphere_eigenproblem(d: int = 10, gap: float = 1.0, *, rng=None) -> Problem:
    """G3.2: min 1/2 x^T H x s.t. ||x||^2 = 1; x* = v_min, f* = lambda_min/2, lam* = -lambda_min/2.

    Spectrum 1, 1 + gap, then evenly up to 3 + gap (SOSC holds iff gap > 0).
    """
    d = check_int("d", d, min_value=2)
    gap = check_float("gap", gap, positive=True)
    g_ = make_rng(rng)
    Q, _ = np.linalg.qr(g_.standard_normal((d, d)))
    s = np.concatenate([[1.0], np.linspace(1.0 + gap, 3.0 + gap, d - 1)])
    H = (Q * s) @ Q.T
    H = 0.5 * (H + H.T)
    v = Q[:, 0] * np.sign(Q[0, 0])
    x0 = v + 0.5 * g_.standard_normal(d) / np.sqrt(d)    # a start in the basin of +v
    two = 2 * np.eye(d)
    return _problem(f"sphere_eig(d={d},gap={gap:g})", lambda x: 0.5 * x @ H @ x, lambda x: H @ x, lambda x: H,
                    lambda x: np.array([x @ x - 1.0]), lambda x: 2 * x[None, :], lambda x, lam: lam[0] * two,
                    x0, v, [-0.5 * s[0]], 0.5 * s[0], "eigendecomposition", 1e-15)


def make_pde_control(N: int = 3, *, rng=None) -> Problem:
    """G3.4: 5-point-Laplacian control, min 1/2||w - w_t||^2 + 0.05||u||^2 s.t. Lap_h w + u = 0 on an
    N x N interior grid (h = 2/(N+1), zero Dirichlet boundary); a QP solved by one KKT solve."""
    N = check_int("N", N, min_value=2)
    h = 2.0 / (N + 1)
    T = (np.diag(-2 * np.ones(N)) + np.diag(np.ones(N - 1), 1) + np.diag(np.ones(N - 1), -1)) / h ** 2
    lap = np.kron(np.eye(N), T) + np.kron(T, np.eye(N))
    i = np.arange(1, N + 1)
    c0 = 0.1 / np.sqrt(15.0)
    wt = (np.sin(4 + c0 * (i[:, None] - (N + 1) / 2)) + np.cos(3 + c0 * (i[None, :] - (N + 1) / 2))).ravel()
    n2 = N * N
    H = np.diag(np.concatenate([np.ones(n2), 0.1 * np.ones(n2)]))
    g = np.concatenate([-wt, np.zeros(n2)])
    A = np.hstack([lap, np.eye(n2)])
    return _quadratic(f"pde_control(N={N})", H, g, A, np.zeros(n2), np.zeros(2 * n2), f0=0.5 * wt @ wt)


def make_problem(name: str, *, rng=None) -> Problem:
    """A problem by name: an HS name, or 'random_qp', 'sphere', 'pde3', 'pde8'."""
    if name in HS_PROBLEMS:
        return HS_PROBLEMS[name]()
    if name == "random_qp":
        return make_random_qp(rng=rng)
    if name == "sphere":
        return make_sphere_eigenproblem(rng=rng)
    if name.startswith("pde"):
        return make_pde_control(int(name[3:]))
    raise ValueError(f"name must be an HS problem {sorted(HS_PROBLEMS)} or random_qp, sphere, pdeN; got {name!r}")


#: the problems of the global-convergence and local-rate claims, indexed 1.. in sweeps
GLOBAL_SET = ("HS6", "HS7", "HS27", "HS28", "HS39", "HS48", "HS51", "random_qp", "sphere", "pde3")
NONLINEAR_SET = ("HS6", "HS7", "HS27", "HS39", "sphere")
QP_SET = ("HS28", "HS48", "HS51", "random_qp", "pde3")
