"""Test problems for last-iterate SGD (Liu & Zhou 2024; brief generators LZ-1..LZ-7).

Every generator returns a :class:`theorylab.problem.Problem` with exact (closed-form) or
certified truth. ``data`` holds what :mod:`theorylab.solvers.last_iterate_sgd` needs:
``objective``, ``A``, ``b`` (and ``radius``/``mu_h`` where relevant).
"""
from __future__ import annotations

import numpy as np

from theorylab._validation import check_float, check_int, make_rng
from theorylab.problem import Problem


def _unit(rng, d):
    e = rng.standard_normal(d)
    return e / np.linalg.norm(e)


def make_l1_regression(d: int = 10, m: int = 40, r: float = 1.0, *, rng=None) -> Problem:
    """LZ-1: f(x) = (1/m) sum_i |a_i.x - b_i| on R^d, b = A x_true (interpolating, F* = 0).

    A Gaussian with m >= 2d (full column rank a.s.), x* = x_true, x0 = x_true + r e.
    Constants: G = (1/m) sum ||a_i|| (Lipschitz bound), M = 2G, D = r^2/2 (Euclidean
    Bregman distance), sigma2_sampled = max_i ||a_i||^2 (sampled-oracle second moment bound).
    """
    d = check_int("d", d, min_value=1)
    m = check_int("m", m, min_value=2 * d)
    r = check_float("r", r, positive=True)
    g = make_rng(rng)
    A = g.standard_normal((m, d))
    x_true = g.standard_normal(d)
    b = A @ x_true
    x0 = x_true + r * _unit(g, d)
    rn = np.linalg.norm(A, axis=1)
    G = float(rn.mean())
    return Problem(name="l1_regression", data={"objective": "l1reg", "A": A, "b": b},
                   x0=x0, truth={"x_star": x_true, "f_star": 0.0},
                   constants={"G": G, "M": 2 * G, "D": 0.5 * r * r, "R": r,
                              "sigma2_sampled": float((rn ** 2).max()), "L": 0.0},
                   truth_method="closed_form", truth_error=0.0)


def _lz2_spectrum(d, rank, L, lam_min, r):
    """Validated LZ-2 parameters and its eigenvalues: ``rank`` values log-uniform on [lam_min, L]
    (both ends included), then d - rank zeros."""
    d = check_int("d", d, min_value=1)
    rank = check_int("rank", rank, min_value=1, max_value=d)
    L = check_float("L", L, positive=True)
    lam_min = check_float("lam_min", lam_min, positive=True, upper=L)
    r = check_float("r", r, positive=True)
    h = np.zeros(d)
    h[:rank] = np.geomspace(L, lam_min, rank) if rank > 1 else L
    return d, rank, L, lam_min, r, h


def make_rank_deficient_quadratic(d: int = 20, rank: int = 15, L: float = 1.0, lam_min: float = 1e-4,
                                  r: float = 1.0, *, rng=None) -> Problem:
    """LZ-2: f(x) = 1/2 (x - x_true)' H (x - x_true), H = V diag(h) V', smooth, convex, not
    strongly convex (d - rank zero eigenvalues), unbounded domain, F* = 0.

    The ``rank`` positive eigenvalues are log-uniform on [lam_min, L] (both ends included).
    The closest minimiser is x* = x0 - P(x0 - x_true) (P = projector on range H), so
    D = 1/2 ||P(x0 - x_true)||^2 = 1/2 ||x* - x0||^2.
    """
    d, rank, L, lam_min, r, h = _lz2_spectrum(d, rank, L, lam_min, r)
    g = make_rng(rng)
    V, _ = np.linalg.qr(g.standard_normal((d, d)))
    H = (V * h) @ V.T
    H = 0.5 * (H + H.T)
    x_true = g.standard_normal(d)
    Vr = V[:, :rank]
    u = Vr @ (g.standard_normal(rank))
    u *= r / np.linalg.norm(u)                     # x0 - x_true lies in range(H), norm r
    x0 = x_true + u + V[:, rank:] @ g.standard_normal(d - rank)   # plus a null-space offset
    P = Vr @ Vr.T
    x_star = x0 - P @ (x0 - x_true)
    return Problem(name="rank_deficient_quadratic", data={"objective": "quad", "A": H, "b": x_true},
                   x0=x0, truth={"x_star": x_star, "f_star": 0.0, "eigs": h, "V": V},
                   constants={"L": L, "mu": 0.0, "D": 0.5 * float(np.sum((x_star - x0) ** 2)), "M": 0.0},
                   truth_method="closed_form", truth_error=0.0)


def make_diagonal_quadratic(d: int = 80, rank: int = 70, L: float = 1.0, lam_min: float = 1e-5,
                            r: float = 1.0, *, rng=None) -> Problem:
    """LZ-2 written in its eigenbasis, with the initial error spread evenly over the eigenvectors:
    f(x) = 1/2 sum_j h_j (x_j - x_true_j)^2, h log-uniform on [lam_min, L] (``rank`` values, both
    ends included) then d - rank zeros; smooth, convex, not strongly convex, unbounded, F* = 0.

    x0 - x_true = (r/sqrt(rank)) s on the first ``rank`` coordinates (random signs s) plus a
    null-space offset, so every eigendirection carries the same initial error: the noiseless
    gap of a step sequence, 1/2 sum_j h_j prod_t (1 - eta_t h_j)^2 r^2/rank, is deterministic and
    ~ L D/(L sum_t eta_t) for 1/L << sum_t eta_t << 1/lam_min (the worst-case shape of the smooth
    bias term). x* is the closest minimiser (x_true on the range, x0 on the null space), D = r^2/2.
    ``data``: objective "dquad", ``A = h[None, :]``; ``truth["noise_sqrt_cov"] = sqrt(h)``: the
    diagonal of H^{1/2} (for label-noise-shaped noise, covariance proportional to H).
    """
    d, rank, L, lam_min, r, h = _lz2_spectrum(d, rank, L, lam_min, r)
    g = make_rng(rng)
    x_true = g.standard_normal(d)
    u = np.zeros(d)
    u[:rank] = (r / np.sqrt(rank)) * np.where(g.random(rank) < 0.5, -1.0, 1.0)
    u[rank:] = g.standard_normal(d - rank)
    x0 = x_true + u
    x_star = x_true.copy()
    x_star[rank:] = x0[rank:]
    return Problem(name="diagonal_quadratic", data={"objective": "dquad", "A": h[None, :].copy(), "b": x_true},
                   x0=x0, truth={"x_star": x_star, "f_star": 0.0, "eigs": h, "noise_sqrt_cov": np.sqrt(h)},
                   constants={"L": L, "mu": 0.0, "D": 0.5 * r * r, "M": 0.0},
                   truth_method="closed_form", truth_error=0.0)


def make_composite_l1(d: int = 20, G: float = 1.0, mu: float = 1.0, *, rng=None) -> Problem:
    """LZ-3: F(x) = (G/sqrt d) ||x - c||_1 + (mu/2) ||x||^2 on R^d (strong convexity in h).

    x*_j = clip(c_j, -tau, tau) with tau = G/(sqrt(d) mu); c ~ N(0, (2 tau)^2) so that
    about half the coordinates sit at the kink and half are clipped. x0 = 0.
    ``data["A"] = [[G/sqrt d]]``, ``data["mu_h"] = mu``.
    """
    d = check_int("d", d, min_value=1)
    G = check_float("G", G, positive=True)
    mu = check_float("mu", mu, positive=True)
    g = make_rng(rng)
    w = G / np.sqrt(d)
    tau = w / mu
    c = g.standard_normal(d) * 2 * tau
    x_star = np.clip(c, -tau, tau)
    f_star = float(w * np.abs(x_star - c).sum() + 0.5 * mu * (x_star @ x_star))
    x0 = np.zeros(d)
    return Problem(name="composite_l1", data={"objective": "sepl1", "A": np.array([[w]]), "b": c,
                                              "mu_h": mu},
                   x0=x0, truth={"x_star": x_star, "f_star": f_star},
                   constants={"G": G, "M": 2 * G, "mu": mu, "tau": tau,
                              "D": 0.5 * float(x_star @ x_star), "L": 0.0},
                   truth_method="closed_form", truth_error=0.0)


def make_sc_quadratic(d: int = 10, mu: float = 0.1, L: float = 1.0, radius: float = np.inf,
                      r: float = 1.0, *, rng=None) -> Problem:
    """LZ-4: f(x) = 1/2 (x - x*)' H (x - x*), spec(H) in [mu, L] (both attained), F* = 0.

    ``radius`` (finite) adds the ball X = {||x|| <= radius}; then ||x*|| = radius/2 and
    x0 = x* + r e with r <= radius/2, and ``Gf = L (radius + ||x*||)`` bounds ||grad f|| on X
    (so E||ghat||^2 <= Gf^2 + sigma^2, the Shamir-Zhang G^2).
    """
    d = check_int("d", d, min_value=1)
    mu = check_float("mu", mu, positive=True)
    L = check_float("L", L, positive=True, lower=mu)
    r = check_float("r", r, positive=True)
    g = make_rng(rng)
    V, _ = np.linalg.qr(g.standard_normal((d, d)))
    h = np.geomspace(L, mu, d) if d > 1 else np.array([mu])
    H = (V * h) @ V.T
    H = 0.5 * (H + H.T)
    if np.isfinite(radius):
        radius = check_float("radius", radius, positive=True)
        if r > radius / 2:
            raise ValueError(f"r must be <= radius/2={radius / 2}, got {r!r}")
        x_star = _unit(g, d) * radius / 2
        Gf = L * 1.5 * radius
    else:
        x_star = g.standard_normal(d)
        Gf = np.inf
    x0 = x_star + r * _unit(g, d)
    return Problem(name="sc_quadratic", data={"objective": "quad", "A": H, "b": x_star, "radius": radius},
                   x0=x0, truth={"x_star": x_star, "f_star": 0.0, "eigs": h},
                   constants={"L": L, "mu": mu, "D": 0.5 * r * r, "Gf": Gf, "M": 0.0},
                   truth_method="closed_form", truth_error=0.0)


def make_simplex_quadratic(d: int = 100, *, rng=None) -> Problem:
    """LZ-5: F(x) = 1/2 ||x - p||^2 on the simplex, p ~ Dirichlet(1,...,1) (interior), x* = p,
    F* = 0, L = 1 w.r.t. ||.||_1; x0 uniform, D = KL(p || uniform) <= log d."""
    d = check_int("d", d, min_value=2)
    g = make_rng(rng)
    p = g.dirichlet(np.ones(d))
    p = np.maximum(p, 1e-300)
    p /= p.sum()
    x0 = np.full(d, 1.0 / d)
    D = float(np.sum(p * np.log(p * d)))
    return Problem(name="simplex_quadratic", data={"c": np.zeros(d), "p": p, "kappa": 1.0}, x0=x0,
                   truth={"x_star": p, "f_star": 0.0},
                   constants={"L": 1.0, "D": D, "logd": float(np.log(d)),
                              "D_euclid": 0.5 * float(np.sum((p - x0) ** 2))},
                   truth_method="closed_form", truth_error=0.0)


def make_simplex_linear(d: int = 100, *, rng=None) -> Problem:
    """LZ-5 (linear variant, prediction with experts): F(x) = c.x on the simplex, c ~ U[0, 1]^d.

    F* = min_j c_j at the vertex x* = e_{argmin c}; M = 2 max|c| w.r.t. ||.||_1 (L = 0);
    x0 uniform, so D = KL(x* || x0) = log d exactly.
    """
    d = check_int("d", d, min_value=2)
    g = make_rng(rng)
    c = g.uniform(0.0, 1.0, size=d)
    j = int(np.argmin(c))
    x_star = np.zeros(d)
    x_star[j] = 1.0
    return Problem(name="simplex_linear", data={"c": c, "p": np.zeros(d), "kappa": 0.0},
                   x0=np.full(d, 1.0 / d), truth={"x_star": x_star, "f_star": float(c[j])},
                   constants={"L": 0.0, "M": 2.0 * float(np.abs(c).max()), "D": float(np.log(d)),
                              "logd": float(np.log(d))},
                   truth_method="closed_form", truth_error=0.0)


# ----------------------------------------------------------------------------- Harvey et al.
def harvey_vectors(T: int) -> tuple[np.ndarray, np.ndarray]:
    """a_j = 1/(8(T - j + 1)), b_j = sqrt(j)/(2 sqrt(T)), j = 1..T (Harvey et al. 2019, Sec. 3)."""
    j = np.arange(1, T + 1, dtype=np.float64)
    return 1.0 / (8.0 * (T - j + 1.0)), np.sqrt(j) / (2.0 * np.sqrt(T))


def harvey_value(a, bv, x) -> float:
    """f(x) = max_{i <= T+1} h_i.x with h_i = (a_1..a_{i-1}, -b_i, 0, ...), in O(T)."""
    S = np.concatenate([[0.0], np.cumsum(a * x)])
    return float(max(np.max(S[:-1] - bv * x), S[-1]))


def make_harvey(T: int = 256, *, rng=None) -> Problem:
    """LZ-7: Harvey, Liaw, Plan, Randhawa (COLT 2019, Sec. 3) worst case for the final iterate.

    f(x) = max_{i in [T+1]} h_i.x on the unit ball of R^T, h_i = (a_1..a_{i-1}, -b_i, 0..0),
    h_{T+1} = a; the oracle returns h_i for the smallest maximising i. Truth (closed form):
    f >= 0 = f(0) on R^T -- if all T+1 affine pieces were negative at x, then x_1 > 0 and
    inductively x_i > S_i / b_i > 0 for every i (S_i = sum_{j<i} a_j x_j), so
    h_{T+1}.x = S_{T+1} > 0, a contradiction. Hence F* = 0 and x* = 0 = x0.
    B = max_i ||h_i|| (exact Lipschitz constant); R = 1 bounds ||x0 - x*|| over the ball (the
    Zamani-Glineur bound holds for any R >= ||x0 - x*||). The instance depends on the
    horizon T (deterministic; ``rng`` is accepted for a uniform signature and unused).
    """
    T = check_int("T", T, min_value=2)
    a, bv = harvey_vectors(T)
    cs = np.concatenate([[0.0], np.cumsum(a ** 2)])
    B = float(np.sqrt(max(np.max(cs[:-1] + bv ** 2), cs[-1])))
    return Problem(name="harvey", data={"objective": "harvey", "A": a[None, :].copy(), "b": bv,
                                        "radius": 1.0},
                   x0=np.zeros(T), truth={"x_star": np.zeros(T), "f_star": 0.0},
                   constants={"B": B, "R": 1.0},
                   truth_method="closed_form", truth_error=0.0)
