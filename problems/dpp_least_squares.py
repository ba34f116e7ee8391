"""Targets for weighted least squares in V_m = span(phi_0..phi_{m-1}) with exact errors.

* ``make_coefficient_target``: f = sum_{k<M} c_k phi_k (orthonormal tensor Legendre,
  uniform probability measure on [-1, 1]^d). Then, for any estimate c_hat in V_m,
  ||f - f_hat||^2 = ||c_hat - c[:m]||^2 + e_m^2 exactly, e_m^2 = sum_{k>=m} c_k^2.
  Tails: "light" c_k = s_k q^(k-m+1) (k >= m), "algebraic" c_k = s_k (k+1)^(-alpha); signs s_k seeded.
* ``make_fixed_target``: m = 3, c = (1, 1, 1, 0.6, 0.4) (the brief's test vector).
* ``make_function_target``: Runge 1/(1+25x^2), |x|^3, exp(x) on [-1, 1]: Legendre
  coefficients by Gauss-Legendre quadrature (split at 0 for |x|^3, where it is exact),
  ||f||^2 in closed form, e_m^2 = ||f||^2 - sum_{k<m} c_k^2, and a polynomial v in V_m
  (minimax on a fine grid by an LP, HiGHS) with a certified upper bound of ||f - v||_inf
  (grid maximum + h^2/8 sup|(f - v)''|).

Helpers shared by the claims (``draw_points``, ``fit_coefficients``) live here too.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

from theorylab._validation import check_choice, check_float, check_int, make_rng
from theorylab.problem import Problem
from theorylab.solvers import dpp_least_squares as dls

SAMPLERS = ("iid", "dpp", "dpp_broken", "dpp_arcsine", "volume", "repeated_dpp", "uniform", "arcsine")


def _indices(M: int, d: int) -> np.ndarray:
    if d == 1:
        return dls.legendre_indices(M)
    deg = 0
    while True:
        idx = dls.total_degree_indices(d, deg)
        if idx.shape[0] >= M:
            return np.ascontiguousarray(idx[:M])
        deg += 1


def make_coefficient_target(m: int, *, M: int | None = None, tail: str = "light", q: float = 0.5,
                            alpha: float = 1.5, d: int = 1, rng=None) -> Problem:
    """f = sum_{k<M} c_k phi_k, V_m = first m basis functions (graded order in d >= 2).

    Coefficients k < m are irrelevant for the error (the estimators reproduce V_m); they
    are set to s_k. Exact truth: ``c_star = c[:m]``, ``e_m2 = sum_{k>=m} c_k^2``.
    """
    m = check_int("m", m, min_value=1)
    d = check_int("d", d, min_value=1)
    tail = check_choice("tail", tail, {"light", "algebraic"})
    if M is None:
        M = m + 24 if tail == "light" else 8 * m
    M = check_int("M", M, min_value=m + 1)
    q = check_float("q", q, lower=0.0, upper=1.0, lower_open=True, upper_open=True)
    alpha = check_float("alpha", alpha, positive=True)
    gen = make_rng(rng)
    s = gen.choice(np.array([-1.0, 1.0]), size=M)
    k = np.arange(M, dtype=float)
    c = s.copy()
    if tail == "light":
        c[m:] = s[m:] * q ** (k[m:] - m + 1)
    else:
        c[m:] = s[m:] * (k[m:] + 1.0) ** (-alpha)
    idx = _indices(M, d)
    e2 = float(np.sum(c[m:] ** 2))
    return Problem(name=f"coef_{tail}_m{m}_M{M}_d{d}", data={"c": c, "idx_M": idx, "idx": idx[:m].copy()},
                   x0=np.zeros(m), truth={"c_star": c[:m].copy(), "e_m2": e2},
                   constants={"m": float(m), "M": float(M), "d": float(d)}, truth_method="closed_form")


def make_fixed_target(*, rng=None) -> Problem:
    """The brief's test vector: m = 3, f = phi_0 + phi_1 + phi_2 + 0.6 phi_3 + 0.4 phi_4 (e_m^2 = 0.52)."""
    c = np.array([1.0, 1.0, 1.0, 0.6, 0.4])
    idx = dls.legendre_indices(5)
    return Problem(name="coef_fixed_m3", data={"c": c, "idx_M": idx, "idx": idx[:3].copy()}, x0=np.zeros(3),
                   truth={"c_star": c[:3].copy(), "e_m2": 0.52}, constants={"m": 3.0, "M": 5.0, "d": 1.0})


# --------------------------------------------------------------------------- closed-form functions

def _f(name, x):
    if name == "runge":
        return 1.0 / (1.0 + 25.0 * x * x)
    if name == "abs3":
        return np.abs(x) ** 3
    return np.exp(x)


def _f2(name, x):
    """Second derivative (bounds the grid-sup correction)."""
    if name == "runge":
        return (3750.0 * x * x - 50.0) / (1.0 + 25.0 * x * x) ** 3
    if name == "abs3":
        return 6.0 * np.abs(x)
    return np.exp(x)


_NORM2 = {"runge": 0.5 * (1.0 / 26.0 + np.arctan(5.0) / 5.0), "abs3": 1.0 / 7.0, "exp": np.sinh(2.0) / 2.0}


@lru_cache(maxsize=8)
def _gauss(nodes: int):
    from scipy.special import roots_legendre   # O(n) (asymptotic/Newton), no dense eigensolver
    t, wt = roots_legendre(nodes)
    return t, wt


def _legendre_coeffs(name: str, K: int, nodes: int) -> np.ndarray:
    idx = dls.legendre_indices(K)
    if name == "abs3":  # piecewise polynomial: Gauss on [-1, 0] and [0, 1] is exact
        t, wt = _gauss(nodes)
        xs = np.concatenate([(t - 1) / 2, (t + 1) / 2])
        ws = np.concatenate([wt, wt]) / 4.0
    else:
        xs, ws = _gauss(nodes)
        ws = ws / 2.0
    Phi = dls.basis(xs, idx)
    return Phi.T @ (ws * _f(name, xs))


def make_function_target(name: str, m: int, *, grid: int = 20001, rng=None) -> Problem:
    """f in {"runge", "abs3", "exp"} approximated in V_m (1-D Legendre).

    truth: ``c_star`` (L2 projection coefficients), ``e_m2``, ``v_coef`` (a minimax-on-grid
    polynomial in V_m), ``v_sup`` (certified upper bound of ||f - v||_inf). ``truth_error``:
    the quadrature/cancellation error bound of e_m2 (estimated by doubling the nodes).
    """
    name = check_choice("name", name, {"runge", "abs3", "exp"})
    m = check_int("m", m, min_value=1)
    grid = check_int("grid", grid, min_value=101)
    return _function_target(name, m, grid)


@lru_cache(maxsize=64)
def _function_target(name: str, m: int, grid: int) -> Problem:
    K, nodes = max(300, 4 * m), 800
    c = _legendre_coeffs(name, K, nodes)
    c_half = _legendre_coeffs(name, K, nodes // 2)
    tail = max(float(_NORM2[name] - c @ c), 0.0)           # ||f||^2 - sum_{k<K} c_k^2 (tiny)
    e2 = float(np.sum(c[m:] ** 2) + tail)                    # no cancellation in the leading part
    err = float(abs(np.sum(c_half[m:] ** 2) - np.sum(c[m:] ** 2)) + abs(_NORM2[name] - c @ c) + 1e-16 * e2)
    # near-minimax v in V_m: LP min t s.t. |f - Phi c| <= t on 801 Chebyshev points (HiGHS) ...
    from scipy.optimize import linprog
    idx = dls.legendre_indices(m)
    xl = np.cos(np.pi * np.arange(801) / 800.0)
    Pl = dls.basis(xl, idx)
    fl = _f(name, xl)
    A = np.block([[Pl, -np.ones((xl.size, 1))], [-Pl, -np.ones((xl.size, 1))]])
    cost = np.zeros(m + 1)
    cost[-1] = 1.0
    lp = linprog(cost, A_ub=A, b_ub=np.concatenate([fl, -fl]), bounds=[(None, None)] * (m + 1), method="highs")
    if lp.status != 0:
        raise RuntimeError(f"minimax LP failed: {lp.message}")
    v = lp.x[:m]
    # ... and a certified upper bound of ||f - v||_inf on a uniform grid: max + h^2/8 sup|(f - v)''|
    xg = np.linspace(-1.0, 1.0, grid)
    h = xg[1] - xg[0]
    vpoly = np.polynomial.legendre.Legendre(v * np.sqrt(2 * np.arange(m) + 1.0))
    d2 = 2.0 * np.abs(_f2(name, xg) - vpoly.deriv(2)(xg)).max() + 1.0   # safety factor on the grid estimate
    vsup = float(np.abs(_f(name, xg) - vpoly(xg)).max() + h * h / 8.0 * d2)
    return Problem(name=f"{name}_m{m}", data={"idx": idx, "name": name}, x0=np.zeros(m),
                   truth={"c_star": c[:m].copy(), "e_m2": e2, "v_coef": v, "v_sup": vsup},
                   constants={"m": float(m)}, truth_method="gauss_legendre+highs_lp", truth_error=err)


def evaluate_function(problem: Problem, X: np.ndarray) -> np.ndarray:
    """f at points X (any shape, 1-D domain)."""
    return _f(problem.data["name"], np.asarray(X, float))


# --------------------------------------------------------------------------- shared experiment helpers

def draw_points(sampler: str, idx: np.ndarray, n: int, R: int, rng) -> np.ndarray:
    """R independent samples of size n, shape (R, n, d).

    ``iid`` (rho_m), ``uniform`` (mu), ``arcsine`` (uncorrected envelope), ``dpp`` (n = m),
    ``dpp_broken`` (acceptance ratio replaced by 1, n = m), ``dpp_arcsine`` (chain rule with
    the arcsine envelope used uncorrected as proposal, n = m), ``volume`` (DPP(m) + n - m i.i.d.),
    ``repeated_dpp`` (n / m independent DPPs; n multiple of m).
    """
    sampler = check_choice("sampler", sampler, set(SAMPLERS))
    m, d = idx.shape
    gen = make_rng(rng)
    if sampler in ("iid", "uniform", "arcsine"):
        dens = {"iid": "optimal", "uniform": "uniform", "arcsine": "arcsine"}[sampler]
        return dls.sample_iid(idx, R * n, density=dens, rng=gen).x.reshape(R, n, d)
    if sampler in ("dpp", "dpp_broken", "dpp_arcsine"):
        if n != m:
            raise ValueError(f"n must equal m = {m} for sampler {sampler!r}, got {n!r}")
        return dls.sample_projection_dpp(idx, R, accept=(sampler != "dpp_broken"),
                                         density="arcsine" if sampler == "dpp_arcsine" else "optimal",
                                         rng=gen).x
    if sampler == "volume":
        return dls.sample_volume_rescaled(idx, n, R, rng=gen).x
    if n % m:
        raise ValueError(f"n must be a multiple of m = {m} for repeated_dpp, got {n!r}")
    return dls.sample_repeated_dpp(idx, n // m, R, rng=gen).x


def fit_coefficients(problem: Problem, X: np.ndarray, *, weighted: bool = True) -> dict:
    """Weighted (or unweighted) LS in V_m on each of the R samples X (R, n, d).

    Returns ``dc`` (R, m) = c_hat - c_star, ``err2`` = ||f - f_hat||^2 (exact), ``gdev``,
    ``lmin``, ``logdet`` (of G as used by the estimator), ``Wn`` = mean optimal weight, ``status``.
    Coefficient targets are evaluated from their expansion; function targets in closed form.
    """
    R, n, d = X.shape
    idx = problem.data["idx"]
    m = idx.shape[0]
    flat = X.reshape(R * n, d)
    if "c" in problem.data:
        PhiM = dls.basis(flat, problem.data["idx_M"])
        y = (PhiM @ problem.data["c"]).reshape(R, n)
        Phi = np.ascontiguousarray(PhiM[:, :m]).reshape(R, n, m)
    else:
        Phi = dls.basis(flat, idx).reshape(R, n, m)
        y = evaluate_function(problem, flat[:, 0]).reshape(R, n)
    kfun = np.einsum("rij,rij->ri", Phi, Phi)
    wopt = m / kfun
    w = wopt if weighted else np.ones_like(wopt)
    out = dls.weighted_least_squares_batch(Phi, y, w)
    dc = out.x - problem.truth["c_star"][None, :m]
    err2 = np.einsum("ij,ij->i", dc, dc) + problem.truth["e_m2"]
    return {"dc": dc, "err2": err2, "gdev": out.trace["gdev"], "lmin": out.trace["lmin"],
            "logdet": out.trace["logdet"], "Wn": wopt.mean(axis=1), "status": out.trace["status"],
            "y": y, "Phi": Phi, "w": w}


# --------------------------------------------------------------------------- exact moments and tests

#: family-wise level of the statistical sampler checks (Bonferroni over points x seeds).
FAMILY_ALPHA = 0.01
#: the bound of those checks: -log10 p <= log10(n_tests / alpha), i.e. p >= alpha / n_tests.
BONFERRONI_BOUND = "log(n_tests/alpha)/log(10)"


def rho_cdf(m: int, x) -> np.ndarray:
    """CDF of rho_m dmu on [-1, 1] (1-D Legendre): (1/2m) int_{-1}^x sum_j (2j+1) P_j(t)^2 dt (exact)."""
    m = check_int("m", m, min_value=1)
    L = np.polynomial.legendre
    s = np.zeros(1)
    for j in range(m):
        e = np.zeros(j + 1)
        e[j] = 1.0
        s = L.legadd(s, (2 * j + 1) * L.legmul(e, e))
    anti = L.legint(s, lbnd=-1.0)
    return np.clip(L.legval(np.asarray(x, float), anti) / (2.0 * m), 0.0, 1.0)


def neglog10_ks(x: np.ndarray, cdf) -> float:
    """-log10 of the exact two-sided one-sample KS p-value of sample x against ``cdf``."""
    from scipy import stats
    res = stats.kstest(np.asarray(x, float), cdf, method="exact" if len(x) <= 500 else "asymp")
    return float(-np.log10(max(res.pvalue, 1e-300)))


def neglog10_hotelling(T: np.ndarray, mu0: np.ndarray) -> float:
    """-log10 p of Hotelling's one-sample T^2 test of E[T] = mu0 (rows of T i.i.d.; F(p, R - p) law).

    Capped at 300 (p-values below 1e-300 are not resolved)."""
    from scipy import stats
    T = np.asarray(T, float)
    R, p = T.shape
    diff = T.mean(axis=0) - mu0
    S = np.cov(T, rowvar=False).reshape(p, p)
    sol = np.linalg.lstsq(S, diff, rcond=None)[0]
    t2 = R * float(diff @ sol)
    F = (R - p) / (p * (R - 1.0)) * t2
    out = float(-stats.f.logsf(F, p, R - p) / np.log(10.0))
    return min(out, 300.0) if np.isfinite(F) else 300.0   # p < 1e-300 is reported as 1e-300


def gauss_moments(idx: np.ndarray, psi_degrees, nodes: int = 64):
    """For 1-D Legendre V_m: int psi_a k_m dmu and A_a = int psi_a phi phi^T dmu (Gauss, exact), psi_a = phi_a."""
    t, wt = np.polynomial.legendre.leggauss(nodes)
    wt = wt / 2.0
    Phi = dls.basis(t, idx)
    Psi = dls.basis(t, np.asarray(psi_degrees, dtype=np.int64).reshape(-1, 1))
    k = np.einsum("ij,ij->i", Phi, Phi)
    lin = Psi.T @ (wt * k)
    A = np.einsum("g,ga,gj,gl->ajl", wt, Psi, Phi, Phi)
    return lin, A
