"""Seeded low-rank sensing instances with exact ground truth (brief: papers/matrix_sensing.md, Sec. 5).

* :func:`make_robust_sensing` — Ma & Fattahi (arXiv:2202.08788): X* = U*U*^T with chosen spectrum,
  symmetric Gaussian sensing matrices stored as ``(m, d*d)``, sparse corruption (outliers of any
  scale, biased one-sided outliers, Gaussian corruption) and the exact Sign-RIP scaling ``phi``.
* :func:`make_lowrank_sensing` — Xiong, Ding & Du (arXiv:2310.01769): M* = U diag(sigma) U^T or
  U diag(sigma) V^T, pure factorisation (``m=None``, A = I) or Gaussian sensing; normalised initial
  draws stored so that sweeps over alpha use common random numbers.

Also the analysis helpers shared by several claims (fits of geometric rates, the XDD-4x predicted
rate, the exact phi).
"""
from __future__ import annotations

import numpy as np

from theorylab._validation import check_choice, check_float, check_int, make_rng
from theorylab.problem import Problem

NOISE_LAWS = ("gauss", "onesided", "gauss_corrupt")


def phi_exact(xnorm: float, p: float, noise: str, scale: float) -> float:
    """Sign-RIP scaling phi(X) for the symmetric Gaussian ensemble (brief Sec. 2, [derived]).

    For s = mask * scale * z (z ~ N(0,1), or |z| for 'onesided') E_s exp(-s^2/(2||X||^2)) =
    1/sqrt(1 + scale^2/||X||^2) for both laws, so
    phi = sqrt(2/pi) * (1 - p + p / sqrt(1 + scale^2/||X||_F^2)); 'gauss_corrupt' (nu = scale)
    gives the same closed form ||X|| / sqrt(||X||^2 + nu^2).
    """
    check_choice("noise", noise, NOISE_LAWS)
    e = 1.0 / np.sqrt(1.0 + (scale / xnorm) ** 2)
    return float(np.sqrt(2.0 / np.pi) * (1.0 - p + p * e))


def _sym_gaussian_rows(rng, m, d):
    B = rng.standard_normal((m, d, d))
    A = 0.5 * (B + B.transpose(0, 2, 1))
    return np.ascontiguousarray(A.reshape(m, d * d))


def _noise(z, mask, noise, scale):
    if noise == "onesided":
        return mask * scale * np.abs(z)
    return mask * scale * z


def make_robust_sensing(d=10, r=2, r_search=4, m=3000, p=0.3, noise="gauss", scale=100.0, kappa=1.0,
                        *, rng) -> Problem:
    """Robust sensing instance y = A(X*) + s (Ma & Fattahi, Sec. 2).

    Draw order (fixed): Q (d x d), B0 (d x r_search), A (m x d x d), mask (m), z (m). Hence two
    instances with the same seed and different ``scale``/``noise``/``p`` share A, B0 and z (common
    random numbers); the mask is a threshold of shared uniforms, so it is nested in ``p``.
    ``x0 = B0 = N(0,1)^{d x r_search}/sqrt(d)``; the solver starts from ``alpha * x0``.
    """
    d = check_int("d", d, min_value=2)
    r = check_int("r", r, min_value=1, max_value=d)
    r_search = check_int("r_search", r_search, min_value=r, max_value=d)
    m = check_int("m", m, min_value=1)
    p = check_float("p", p, lower=0.0, upper=1.0, upper_open=True)
    check_choice("noise", noise, NOISE_LAWS)
    scale = check_float("scale", scale, nonnegative=True)
    kappa = check_float("kappa", kappa, lower=1.0)
    g = make_rng(rng)
    Q = np.linalg.qr(g.standard_normal((d, d)))[0]
    B0 = g.standard_normal((d, r_search)) / np.sqrt(d)
    A = _sym_gaussian_rows(g, m, d)
    mask = (g.random(m) < p).astype(np.float64)
    z = g.standard_normal(m)
    sigma = np.linspace(1.0 / kappa, 1.0, r)[::-1].copy()     # sigma_1 = 1 >= ... >= 1/kappa
    U_star = Q[:, :r] * np.sqrt(sigma)
    X_star = U_star @ U_star.T
    s = _noise(z, mask, noise, scale)
    y = A @ X_star.ravel() + s
    xn = float(np.linalg.norm(X_star))
    return Problem(
        name="robust_sensing",
        data={"A": A, "y": y, "s": s, "z": z},
        x0=B0,
        truth={"X_star": X_star, "U_star": U_star, "sigma": sigma, "mask": mask,
               "phi": lambda xnorm, _p=p, _n=noise, _s=scale: phi_exact(xnorm, _p, _n, _s)},
        constants={"d": d, "r": r, "r_search": r_search, "m": m, "p": p, "scale": scale,
                   "kappa": kappa, "xstar_norm": xn},
        truth_method="closed_form",
        truth_error=0.0,
    )


def make_lowrank_sensing(n=50, r=3, k=5, kappa=2.0, m=None, sym=True, *, rng) -> Problem:
    """Low-rank target for GD (Xiong, Ding & Du): M* = L R^T with L = U diag(sigma), R = U (sym)
    or V (asym), sigma = linspace(1, 1/kappa, r). ``m=None``: pure factorisation (A = I); else
    symmetric Gaussian sensing scaled by 1/sqrt(m) (``data["A"]`` of shape (m, n*n)).

    Draw order: U, V (Haar), F0n, G0n (N(0,1)^{n x k}) then A. The solver starts from
    ``F0 = alpha * F0n`` and ``G0 = (alpha/3) * G0n`` (common random numbers across alpha).
    """
    n = check_int("n", n, min_value=2)
    r = check_int("r", r, min_value=1, max_value=n)
    k = check_int("k", k, min_value=r, max_value=n)
    kappa = check_float("kappa", kappa, lower=1.0)
    g = make_rng(rng)
    U = np.linalg.qr(g.standard_normal((n, n)))[0][:, :r]
    V = np.linalg.qr(g.standard_normal((n, n)))[0][:, :r]
    F0n = g.standard_normal((n, k))
    G0n = g.standard_normal((n, k))
    sigma = np.linspace(1.0, 1.0 / kappa, r)
    Rf = U if sym else V
    L = np.ascontiguousarray(U * sigma)
    Rf = np.ascontiguousarray(Rf)
    M = L @ Rf.T
    data = {"L": L, "R": Rf, "F0n": F0n, "G0n": G0n, "A": None, "y": None}
    if m is not None:
        m = check_int("m", m, min_value=1)
        A = _sym_gaussian_rows(g, m, n) / np.sqrt(m)
        data["A"] = A
        data["y"] = A @ M.ravel()
    return Problem(
        name="lowrank_sensing",
        data=data,
        x0=F0n,
        truth={"M_star": M, "sigma": sigma, "U": U, "V": V},
        constants={"n": n, "r": r, "k": k, "kappa": kappa, "sigma_1": float(sigma[0]),
                   "sigma_r": float(sigma[-1]), "m": -1 if m is None else m, "sym": bool(sym)},
        truth_method="closed_form",
        truth_error=0.0,
    )


# ----------------------------------------------------------------------------------------------
# analysis helpers used by several claims
# ----------------------------------------------------------------------------------------------
def imbalance(F: np.ndarray, G: np.ndarray) -> np.ndarray:
    """Delta = F^T F - G^T G (k x k)."""
    return F.T @ F - G.T @ G


def predicted_overparam_rate(F: np.ndarray, G: np.ndarray, r: int, eta: float) -> float:
    """XDD-4x [derived]: gamma = -log(1 - eta * lambda_min(V_red^T Delta V_red)), V_red the right
    singular vectors of G for its k - r smallest singular values."""
    k = G.shape[1]
    _, _, Vt = np.linalg.svd(G, full_matrices=True)
    Vred = Vt[r:k].T
    lam = float(np.linalg.eigvalsh(Vred.T @ imbalance(F, G) @ Vred).min())
    return float(-np.log1p(-eta * lam)) if eta * lam < 1 else np.inf


def fit_log_rate(ks: np.ndarray, errs: np.ndarray, lo: float, hi: float) -> float:
    """gamma = -slope of log e_t against t on the window lo < e_t < hi (NaN if < 5 points)."""
    ks = np.asarray(ks, float)
    errs = np.asarray(errs, float)
    w = np.isfinite(errs) & (errs > lo) & (errs < hi)
    if w.sum() < 5:
        return float("nan")
    return float(-np.polyfit(ks[w], np.log(errs[w]), 1)[0])
