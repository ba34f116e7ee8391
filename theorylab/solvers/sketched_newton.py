"""AdaSketch-Newton: inexact SQP with randomized iterative sketching and an exact augmented
Lagrangian merit (Hong, Na, Mahoney, Kolar, ICML 2023, arXiv:2305.18379, Alg. 1).

For ``min f(x) s.t. c(x) = 0`` each outer iteration solves the Newton-KKT system
``K Delta = b``, ``K = [[B, G^T], [G, 0]]``, ``b = -grad L``, inexactly by a sketch solver
(randomized Kaczmarz or a Gaussian sketch, jitted, warm-started at 0) until the adaptive
accuracy test holds, adapts the merit parameters until ``Delta`` is a sufficient descent
direction of

    L_eta(x, lam) = L + eta1/2 ||c||^2 + eta2/2 ||grad_x L||^2,

and takes an Armijo step on ``L_eta``. The merit gradient uses the Lagrangian Hessian
(``merit_hessian="lagrangian"``; the authors' code uses the objective Hessian, exact only for
linear constraints — available as ``"objective"`` for the control N4).

Accuracy test (``tau=None``, the paper's): ``||K||_F Psi ||K Delta - b|| <= theta_t delta ||b||``;
diagnostic mode (``tau`` given): ``||K Delta - b|| <= tau theta_t ||b||``. ``theta="fixed"``
(theta_t = 1) or a number in (0, 1] (a constant theta_t) gives a linear local rate,
``theta="decreasing"`` (theta_t = min(1, ||grad L_t||))
a superlinear one.
"""
from __future__ import annotations

import numpy as np
from numba import njit

from .._config import JIT
from .._validation import check_array, check_choice, check_float, check_int, make_rng
from ..problem import Problem
from ..result import SolverResult, Status

__all__ = ["adasketch_newton", "kaczmarz_solve", "merit_gradient", "merit_value", "SKETCHES"]

SKETCHES = ("kaczmarz", "gaussian", "exact")
CHUNK = 4096


@njit(**JIT)
def _kaczmarz_kernel(K, K2, row_norm2, b, delta, r, rows, thr):
    """Randomized Kaczmarz steps on K delta = b (K symmetric) with pre-drawn row indices.

    ``r = K delta - b`` is kept up to date through the rows of the symmetric ``K2 = K @ K``.
    Stops when ``||r|| <= thr`` or the rows run out; returns the number of steps taken.
    Updates ``delta`` and ``r`` in place.
    """
    n = K.shape[0]
    nr = np.sqrt(np.sum(r * r))
    steps = 0
    for t in range(rows.shape[0]):
        if nr <= thr:
            break
        i = rows[t]
        w = r[i] / row_norm2[i]
        for j in range(n):
            delta[j] -= w * K[i, j]
        for j in range(n):
            r[j] -= w * K2[i, j]      # K2 = K @ K is symmetric: read row i (contiguous), not column i
        nr = np.sqrt(np.sum(r * r))
        steps += 1
        if not np.isfinite(nr):
            break
    return steps


@njit(**JIT)
def _gaussian_sketch_kernel(K, b, delta, r, S, thr):
    """Gaussian sketch-and-project steps (block size 1) with pre-drawn sketches S (rows).
    delta <- delta - (s^T r)/||K s||^2 K s ;  r <- r - (s^T r)/||K s||^2 K K s."""
    n = K.shape[0]
    nr = np.sqrt(np.sum(r * r))
    steps = 0
    for t in range(S.shape[0]):
        if nr <= thr:
            break
        s = np.ascontiguousarray(S[t])
        v = K @ s                     # BLAS matrix-vector products
        vv = np.sum(v * v)
        if vv == 0.0:
            continue
        w = np.sum(s * r) / vv
        Kv = K @ v
        for i in range(n):
            delta[i] -= w * v[i]
            r[i] -= w * Kv[i]
        nr = np.sqrt(np.sum(r * r))
        steps += 1
        if not np.isfinite(nr):
            break
    return steps


def kaczmarz_solve(K, b, thr, *, max_steps=100_000, sketch="kaczmarz", delta0=None, relaxation=1.0, rng=None):
    """Solve ``K delta = b`` (K symmetric) by a sketch solver until ``||K delta - b|| <= thr``.

    Rows are uniform (as in the authors' code). Returns ``(delta, steps, ||K delta - b||)``.
    ``relaxation`` omega scales the Kaczmarz step (omega in (0, 2) contracts; omega = 2 reflects
    the iterate through the row's hyperplane and never contracts — used as a control).
    """
    K = check_array("K", K, ndim=2)
    n = K.shape[0]
    if n < 1 or K.shape[1] != n:
        raise ValueError(f"K must be a non-empty square matrix, got array(shape={K.shape})")
    if not np.allclose(K, K.T, rtol=1e-12, atol=1e-12 * max(1.0, float(np.abs(K).max()))):
        raise ValueError(f"K must be symmetric (the residual update uses K @ K), got max |K - K^T| = "
                         f"{float(np.abs(K - K.T).max())!r}")
    b = check_array("b", b, shape=(n,))
    thr = check_float("thr", thr, nonnegative=True)
    max_steps = check_int("max_steps", max_steps, min_value=1)
    check_choice("sketch", sketch, SKETCHES)
    g = make_rng(rng)
    delta = np.zeros(n) if delta0 is None else check_array("delta0", delta0, shape=(n,)).copy()
    relaxation = check_float("relaxation", relaxation, positive=True)
    return _sketch_solve(K, b, thr, max_steps, sketch, delta, relaxation, g)


def _sketch_solve(K, b, thr, max_steps, sketch, delta, relaxation, g):
    """:func:`kaczmarz_solve` on already validated arguments (the solver's inner loop: a
    non-finite warm start there must end in Status.DIVERGED, not in a ValueError)."""
    n = K.shape[0]
    if sketch == "exact":
        delta = np.linalg.solve(K, b)
        return delta, 0, float(np.linalg.norm(K @ delta - b))
    r = K @ delta - b
    row_norm2 = np.einsum("ij,ij->i", K, K)
    if np.any(row_norm2 == 0):
        raise ValueError("K must have no zero row (singular KKT matrix)")
    relaxation = check_float("relaxation", relaxation, positive=True)
    row_norm2 = row_norm2 / relaxation
    K2 = K @ K if sketch == "kaczmarz" else None
    steps = 0
    while steps < max_steps and np.linalg.norm(r) > thr and np.all(np.isfinite(r)):
        chunk = min(CHUNK, max_steps - steps)
        if sketch == "kaczmarz":
            rows = g.integers(0, n, size=chunk)
            steps += _kaczmarz_kernel(K, K2, row_norm2, b, delta, r, rows, thr)
        else:
            S = g.standard_normal((chunk, n))
            steps += _gaussian_sketch_kernel(K, b, delta, r, S, thr)
    return delta, steps, float(np.linalg.norm(r))


# ----------------------------------------------------------------------------- merit function

def _lagrangian_parts(p: Problem, x, lam, merit_hessian="lagrangian"):
    G = np.atleast_2d(p.jac(x))
    c = np.atleast_1d(p.c(x))
    gl = p.grad(x) + G.T @ lam
    H_L = p.hess(x) + p.chess(x, lam)
    H_merit = H_L if merit_hessian == "lagrangian" else p.hess(x)
    return G, c, gl, H_L, H_merit


def merit_value(p: Problem, x, lam, eta1, eta2) -> float:
    """The exact augmented Lagrangian L_eta(x, lam)."""
    c = np.atleast_1d(p.c(x))
    gl = p.grad(x) + np.atleast_2d(p.jac(x)).T @ lam
    return float(p.f(x) + lam @ c + 0.5 * eta1 * c @ c + 0.5 * eta2 * gl @ gl)


def merit_gradient(p: Problem, x, lam, eta1, eta2, merit_hessian="lagrangian") -> np.ndarray:
    """grad L_eta = (grad_x L + eta1 G^T c + eta2 H grad_x L, c + eta2 G grad_x L) with H the
    Lagrangian Hessian (or, for ``merit_hessian="objective"``, the objective Hessian)."""
    check_choice("merit_hessian", merit_hessian, ("lagrangian", "objective"))
    G, c, gl, _, Hm = _lagrangian_parts(p, np.asarray(x, float), np.asarray(lam, float), merit_hessian)
    return np.concatenate([gl + eta1 * G.T @ c + eta2 * Hm @ gl, c + eta2 * G @ gl])


# ----------------------------------------------------------------------------- the method

def adasketch_newton(problem: Problem, *, sketch="kaczmarz", theta="fixed", tau=None, eta1=1.0, eta2=0.1,
                     delta=0.1, xi_B=0.1, beta=0.1, nu=1.5, tol=1e-8, max_iter=300, max_inner=100_000,
                     merit_hessian="lagrangian", adaptive_merit=True, accuracy_test=True,
                     multiplier_sign=1.0, x0=None, lam0=None, rng=None) -> SolverResult:
    """AdaSketch-Newton (Hong et al. 2023, Alg. 1) with the authors' constants as defaults.

    Controls of the brief: ``adaptive_merit=False, eta1=eta2=0`` (N2, plain Lagrangian merit),
    ``accuracy_test=False`` with ``max_inner=1`` (N3, one sketch step per iteration),
    ``merit_hessian="objective"`` (N4), ``multiplier_sign=-1`` (a sign bug in the multiplier step).

    trace (one entry per outer iteration t, plus the start): ``kkt`` = ||grad L||, ``alpha``,
    ``inner`` sketch steps, ``rel_inner`` = ||K Delta - b|| / ||b||, ``eta1``, ``eta2``,
    ``delta``, ``updates`` (cumulative merit-parameter updates). ``oracle_calls`` = total inner steps.
    """
    check_choice("sketch", sketch, SKETCHES)
    if isinstance(theta, str):
        check_choice("theta", theta, ("fixed", "decreasing"))
    else:
        theta = check_float("theta", theta, lower=0.0, upper=1.0, lower_open=True)
    if tau is not None:
        tau = check_float("tau", tau, lower=0.0, upper=1.0, lower_open=True, upper_open=True)
    eta1 = check_float("eta1", eta1, nonnegative=True)
    eta2 = check_float("eta2", eta2, nonnegative=True)
    delta = check_float("delta", delta, positive=True)
    xi_B = check_float("xi_B", xi_B, positive=True)
    beta = check_float("beta", beta, lower=0.0, upper=0.5, lower_open=True, upper_open=True)
    nu = check_float("nu", nu, lower=1.0, lower_open=True)
    tol = check_float("tol", tol, positive=True)
    max_iter = check_int("max_iter", max_iter, min_value=1)
    max_inner = check_int("max_inner", max_inner, min_value=1)
    check_choice("merit_hessian", merit_hessian, ("lagrangian", "objective"))
    if multiplier_sign not in (1.0, -1.0, 1, -1):
        raise ValueError(f"multiplier_sign must be 1 or -1, got {multiplier_sign!r}")
    g = make_rng(rng)
    n, m = problem.n, problem.m
    x = check_array("x0", problem.x0 if x0 is None else x0, shape=(n,)).copy()
    lam = np.zeros(m) if lam0 is None else check_array("lam0", lam0, shape=(m,)).copy()
    tr = {k: [] for k in ("kkt", "alpha", "inner", "rel_inner", "eta1", "eta2", "delta", "updates")}
    updates, total_inner, status = 0, 0, Status.MAX_ITER
    G, c, gl, H_L, Hm = _lagrangian_parts(problem, x, lam, merit_hessian)
    kkt = float(np.hypot(np.linalg.norm(gl), np.linalg.norm(c)))
    _record(tr, kkt, np.nan, 0, np.nan, eta1, eta2, delta, updates)
    t = 0
    for t in range(max_iter):
        if kkt <= tol:
            status = Status.CONVERGED
            break
        GGt_min = float(np.linalg.eigvalsh(G @ G.T)[0])
        if GGt_min < 1e-2 * 1e-6:
            status = Status.STALLED         # LICQ lost (the code's singular-GG^T abort)
            break
        B = H_L
        Z = _null_space(G)
        if Z.shape[1] and np.linalg.eigvalsh(Z.T @ H_L @ Z)[0] < 1e-6:
            B = H_L + (xi_B + np.linalg.norm(H_L)) * np.eye(n)
        K = np.block([[B, G.T], [G, np.zeros((m, m))]])
        bvec = -np.concatenate([gl, c])
        Kf = np.linalg.norm(K)
        Psi = 20 * max(np.linalg.norm(B) ** 2, 1.0) / (min(GGt_min, 1.0) * min(xi_B, 1.0))
        Ups = max(np.linalg.norm(G), np.linalg.norm(H_L), 1.0)

        def delta_trial():
            return (0.5 - beta) * eta2 / ((1 + eta1 + eta2) * Ups ** 2 * Psi ** 2) if eta2 > 0 else delta
        if adaptive_merit:
            delta = max(1e-6, min(delta, delta_trial()))
        theta_t = min(1.0, kkt) if theta == "decreasing" else (1.0 if theta == "fixed" else theta)
        bn = np.linalg.norm(bvec)
        D = np.zeros(n + m)
        inner = 0
        while True:
            thr = (tau * theta_t * bn) if tau is not None else theta_t * delta * bn / (Kf * Psi)
            if not accuracy_test:
                thr = 0.0
            budget = max_inner - inner
            if budget > 0:
                D, steps, _ = _sketch_solve(K, bvec, thr, budget, sketch, np.array(D, dtype=np.float64), 1.0, g)
                inner += steps
            with np.errstate(all="ignore"):
                grad_merit = merit_gradient(problem, x, lam, eta1, eta2, merit_hessian)
                slope = float(grad_merit @ D)
            if not np.isfinite(slope):
                break
            if not adaptive_merit or slope <= -0.5 * eta2 * kkt ** 2 or inner >= max_inner:
                break
            eta1, eta2 = nu ** 2 * eta1, eta2 / nu
            delta = max(1e-6, min(delta / nu ** 4, delta_trial()))
            updates += 1
        total_inner += inner
        if not np.isfinite(slope):
            status = Status.DIVERGED        # merit parameters or iterates overflowed
            break
        rel_inner = float(np.linalg.norm(K @ D - bvec) / bn)
        dx, dl = D[:n], multiplier_sign * D[n:]
        phi0 = merit_value(problem, x, lam, eta1, eta2)
        alpha = 1.0
        for _ in range(60):
            xn, ln = x + alpha * dx, lam + alpha * dl
            with np.errstate(all="ignore"):
                phi = merit_value(problem, xn, ln, eta1, eta2)
            if np.isfinite(phi) and phi <= phi0 + alpha * beta * slope:
                break
            alpha *= 0.5
        else:
            status = Status.STALLED         # no Armijo step: not a descent direction of the merit
            break
        if alpha < 1e-12:
            status = Status.STALLED         # the merit decrease is below round-off
            break
        if not (np.all(np.isfinite(xn)) and np.all(np.isfinite(ln))):
            status = Status.DIVERGED
            break
        x, lam = xn, ln
        G, c, gl, H_L, Hm = _lagrangian_parts(problem, x, lam, merit_hessian)
        kkt = float(np.hypot(np.linalg.norm(gl), np.linalg.norm(c)))
        _record(tr, kkt, alpha, inner, rel_inner, eta1, eta2, delta, updates)
        if not np.isfinite(kkt) or kkt > 1e12 * max(tr["kkt"][0], 1.0):
            status = Status.DIVERGED
            break
    else:
        if kkt <= tol:
            status = Status.CONVERGED
    trace = {"k": np.arange(len(tr["kkt"]), dtype=np.int64), **{k: np.asarray(v, float) for k, v in tr.items()}}
    return SolverResult(x=x, fun=float(problem.f(x)), nit=len(tr["kkt"]) - 1, nfev=len(tr["kkt"]),
                        status=status, trace=trace, oracle_calls=int(total_inner), extra={"lam": lam})


def _record(tr, kkt, alpha, inner, rel_inner, eta1, eta2, delta, updates):
    for k, v in zip(("kkt", "alpha", "inner", "rel_inner", "eta1", "eta2", "delta", "updates"),
                    (kkt, alpha, inner, rel_inner, eta1, eta2, delta, updates)):
        tr[k].append(v)


def _null_space(G):
    """Orthonormal basis of null(G) from the SVD."""
    _, s, Vt = np.linalg.svd(G)
    rank = int(np.sum(s > 1e-12 * max(1.0, s.max(initial=0.0))))
    return Vt[rank:].T


def step_ratios(result: SolverResult, floor: float = 1e-10):
    """Per accepted step i (from iterate i-1 to i): ``q_i = ||grad L_i|| / ||grad L_{i-1}||``, the
    relative inner residual ``||K Delta - b|| / ||b||`` of that step and its step size, keeping only
    steps that end above ``floor`` (ratios near machine precision are meaningless)."""
    kkt = result.trace["kkt"]
    q = kkt[1:] / kkt[:-1]
    keep = kkt[1:] > floor
    return q[keep], result.trace["rel_inner"][1:][keep], result.trace["alpha"][1:][keep]
