"""SEA (stochastically extended adversarial) loss streams with exact sigma_t^2, Sigma_t^2 and comparators.

Brief: /work/shared/papers/online_sea.md (Chen et al. 2023/24; Sachs et al. 2022).

SEA-Q:  f_t(x) = 1/2 x^T A x - <b_t + xi_t, x>,  A = diag(a) >= 0,  xi_t = s_t v_t, v_t ~ U(sphere)
        grad F_t(x) = A x - b_t,  sigma_t^2 = s_t^2 (exact, x-independent noise),
        Sigma_t^2 = ||b_t - b_{t-1}||^2 (t >= 2),  Sigma_1^2 = sup_{||x||<=R} ||A x - b_1||^2 (secular eq.).
        u* = argmin_{||x||<=R} sum_t F_t(x)  (trust-region subproblem, bisection on the multiplier).
SEA-LS: f_t(x) = 1/2 (<a_t, x> - y_t)^2, a_t = c * r_t (Rademacher r_t), y_t = <a_t, theta> + eps_t.
SEA-DYN: F_t(x) = 1/2 ||x - c_t||^2, c_t on a circle; comparators u_t = c_t (dynamic regret).
Experts: linear losses on the simplex, predictable drift plus noise.

Every generator returns a :class:`theorylab.problem.Problem` whose ``data`` holds the arrays the
solvers in :mod:`theorylab.solvers.online_sea` read (``T, R, gA, gB, xi, lsa, lsy, fA, fB, U``) plus
the cumulative exact ``sigma2_cum[t-1] = sum_{s<=t} sigma_s^2`` and ``Sigma2_cum`` arrays.
"""
from __future__ import annotations

import math

import numpy as np

from theorylab._validation import check_array, check_float, check_int, make_rng
from theorylab.problem import Problem


# --------------------------------------------------------------------------- exact sub-solvers
def trust_region_diag(alpha, c, R, *, tol=1e-13):
    """argmin_{||x|| <= R} 1/2 x^T diag(alpha) x - <c, x> for alpha >= 0 (exact up to ``tol``).

    Returns (x, nu) with the KKT multiplier nu >= 0: (diag(alpha) + nu I) x = c.
    """
    alpha = np.asarray(alpha, dtype=np.float64)
    c = np.asarray(c, dtype=np.float64)
    if np.all(c == 0.0):
        return np.zeros_like(c), 0.0
    amin = float(alpha.min())
    if amin > 0.0:
        x = c / alpha
        if np.linalg.norm(x) <= R:
            return x, 0.0
    low_mask = alpha == amin
    if np.all(c[low_mask] == 0.0):
        # possible hard case: check ||x(nu -> -amin)||
        x_h = np.where(low_mask, 0.0, c / np.where(low_mask, 1.0, alpha - amin))
        if amin == 0.0 or np.linalg.norm(x_h) <= R:
            raise ValueError("trust-region hard case not supported by this generator; perturb c")
    lo = max(0.0, -amin)
    hi = max(1.0, np.linalg.norm(c) / R)
    while np.linalg.norm(c / (alpha + hi)) > R:
        hi *= 2.0
    for _ in range(300):
        mid = 0.5 * (lo + hi)
        if np.linalg.norm(c / (alpha + mid)) > R:
            lo = mid
        else:
            hi = mid
        if hi - lo <= tol * max(1.0, hi):
            break
    nu = hi
    return c / (alpha + nu), nu


def sup_grad_dev_sq(a, b, R):
    """sup_{||x|| <= R} ||diag(a) x - b||^2 (maximum of a convex quadratic over a ball, exact).

    The maximiser lies on the sphere with (diag(a)^2 - mu I) x = diag(a) b, mu >= max a^2
    (secular equation, bisection to 1e-13 relative; hard case handled explicitly)."""
    a = np.abs(np.asarray(a, dtype=np.float64))
    b = np.asarray(b, dtype=np.float64)
    amax2 = float(np.max(a * a))
    if amax2 == 0.0:
        return float(b @ b)
    ab = a * b
    if np.all(ab == 0.0):
        return float(amax2 * R * R + b @ b)   # x along a max-curvature direction orthogonal to b... see below
    top = (a * a) == amax2

    def xnorm(mu):
        return float(np.linalg.norm(ab / (a * a - mu)))

    if np.all(ab[top] == 0.0):
        rest = ~top
        x = np.zeros_like(b)
        x[rest] = ab[rest] / (a[rest] ** 2 - amax2)
        if np.linalg.norm(x) <= R:   # hard case
            k = int(np.flatnonzero(top)[0])
            x[k] = math.sqrt(max(R * R - float(x @ x), 0.0))
            r = a * x - b
            return float(r @ r)
    lo = amax2
    hi = amax2 + 1.0
    while xnorm(hi) > R:
        hi = amax2 + 2.0 * (hi - amax2)
    # xnorm is decreasing in mu on (amax2, inf)
    for _ in range(400):
        mid = 0.5 * (lo + hi)
        if mid == lo or mid == hi:
            break
        if xnorm(mid) > R:
            lo = mid
        else:
            hi = mid
        if hi - lo <= 1e-15 * hi:
            break
    x = ab / (a * a - hi)
    x *= R / np.linalg.norm(x)
    r = a * x - b
    return float(r @ r)


def _sphere(rng, T, d):
    v = rng.standard_normal((T, d))
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    return v


# --------------------------------------------------------------------------- SEA-Q core
def make_sea_quadratic(T, a, b, s, *, R=1.0, x0=None, rng=None, name="sea_q"):
    """SEA-Q stream with diagonal ``a`` (d,), periodic mean term ``b`` (P, d) (row ``(t-1) % P`` at
    round t) and noise levels ``s`` (scalar or (T,)). Exact sigma/Sigma bookkeeping and u*."""
    T = check_int("T", T, min_value=1)
    a = check_array("a", a, ndim=1)
    if np.any(a < 0):
        raise ValueError(f"a must be >= 0 (convex F_t), got {a!r}")
    d = a.shape[0]
    b = check_array("b", np.atleast_2d(b), ndim=2, shape=(None, d))
    R = check_float("R", R, positive=True)
    s_arr = np.full(T, float(s)) if np.ndim(s) == 0 else check_array("s", s, shape=(T,))
    if np.any(s_arr < 0):
        raise ValueError(f"s must be >= 0, got {s!r}")
    rng = make_rng(rng)
    P = b.shape[0]
    if np.any(s_arr > 0):
        xi = _sphere(rng, T, d) * s_arr[:, None]
    else:
        xi = np.zeros((0, d))
    # exact sigma_t^2 and Sigma_t^2
    sig2 = s_arr ** 2
    Sig2 = np.empty(T)
    Sig2[0] = sup_grad_dev_sq(a, b[0], R)
    if T > 1:
        idx = np.arange(1, T) % P
        prev = np.arange(0, T - 1) % P
        Sig2[1:] = np.sum((b[idx] - b[prev]) ** 2, axis=1)
    # comparator for horizon T
    cnt = np.bincount(np.arange(T) % P, minlength=P).astype(np.float64)
    csum = cnt @ b
    u_star, nu = trust_region_diag(T * a, csum, R)
    G = float(a.max() * R + np.max(np.linalg.norm(b, axis=1)) + s_arr.max())
    if x0 is None:
        x0 = np.zeros(d)
    x0 = check_array("x0", x0, shape=(d,))
    data = dict(T=T, R=R, gA=a.copy(), gB=b.copy(), xi=xi, lsa=np.zeros((0, d)), lsy=np.zeros(0),
                fA=a.copy(), fB=b.copy(), U=u_star[None, :].copy(),
                sigma2_cum=np.cumsum(sig2), Sigma2_cum=np.cumsum(Sig2), s=s_arr)
    constants = dict(D=2 * R, R=R, G=G, L=float(a.max()), lam=float(a.min()), d=d,
                     sigma2=float(sig2.sum()), Sigma2=float(Sig2.sum()), Sigma1_sq=float(Sig2[0]),
                     sigma_max2=float(sig2.max()), Sigma_max2=float(Sig2.max()))
    truth = dict(u_star=u_star, nu=nu)
    return Problem(name=name, data=data, x0=x0, truth=truth, constants=constants,
                   truth_method="trust_region_bisection+secular_equation", truth_error=1e-12)


def make_sea_iid(T, d=10, *, a=0.1, s=1.0, b=None, R=1.0, x0=None, rng=None):
    """i.i.d. SEA-Q: A = a I (or diag(a)), fixed mean b (default 0), noise radius s."""
    a_vec = np.full(d, float(a)) if np.ndim(a) == 0 else np.asarray(a, dtype=np.float64)
    b = np.zeros((1, d)) if b is None else np.atleast_2d(np.asarray(b, dtype=np.float64))
    return make_sea_quadratic(T, a_vec, b, s, R=R, x0=x0, rng=rng, name="sea_iid")


def make_sea_alternating(T, v0=1.0, *, ell=0.0, s=0.0, d=1, R=1.0, rng=None):
    """Alternating adversarial instance: b_t = -(-1)^t v0 e_1, A = ell I; optional noise s.
    For even T the comparator is u* = 0 (sum_t b_t = 0); Sigma_t^2 = 4 v0^2 (t >= 2),
    Sigma_1^2 = (ell R + v0)^2."""
    b = np.zeros((2, d))
    b[0, 0] = v0      # t = 1: -(-1)^1 v0
    b[1, 0] = -v0     # t = 2
    return make_sea_quadratic(T, np.full(d, float(ell)), b, s, R=R, rng=rng, name="sea_alternating")


def make_sea_frontloaded(T, k, *, s=1.0, d=5, a=1.0, b=None, R=1.0, x0=None, rng=None):
    """Front-loaded noise: s_t = s 1[t <= k] (sigma2_{1:T} = k s^2, independent of T)."""
    k = check_int("k", k, min_value=0)
    s_arr = np.where(np.arange(1, T + 1) <= k, float(s), 0.0)
    b = np.zeros((1, d)) if b is None else np.atleast_2d(np.asarray(b, dtype=np.float64))
    return make_sea_quadratic(T, np.full(d, float(a)), b, s_arr, R=R, x0=x0, rng=rng,
                              name="sea_frontloaded")


def random_direction(d, rng):
    v = rng.standard_normal(d)
    return v / np.linalg.norm(v)


def make_sea_ls(T, c, *, theta=None, s=0.1, R=1.0, rng=None):
    """SEA-LS: f_t(x) = 1/2 (<a_t, x> - y_t)^2, a_t = c * r_t (Rademacher), y_t = <a_t, theta> + eps_t,
    eps_t ~ U[-s sqrt3, s sqrt3]. F_t(x) = 1/2 (x-theta)^T diag(c^2) (x-theta) + s^2/2; lambda = c_min^2,
    L = c_max^2. alpha = 1/B^2 with B = sqrt(C)(R + ||theta||) + s sqrt3, C = sum c^2."""
    T = check_int("T", T, min_value=1)
    c = check_array("c", c, ndim=1)
    d = c.shape[0]
    rng = make_rng(rng)
    theta = np.zeros(d) if theta is None else check_array("theta", theta, shape=(d,))
    r = rng.integers(0, 2, size=(T, d)) * 2.0 - 1.0
    eps = (rng.random(T) * 2.0 - 1.0) * s * math.sqrt(3.0)
    A = c[None, :] * r
    y = A @ theta + eps
    c2 = c * c
    C = float(c2.sum())
    w = c2 * (C - c2)
    u_star, _ = trust_region_diag(c2, c2 * theta, R)
    # sigma_t^2 = sup_{||x||<=R} sum_k w_k (x_k - theta_k)^2 + s^2 C   (exact when theta = 0)
    if np.all(theta == 0):
        sig2 = R * R * float(w.max()) + s * s * C
    else:
        sig2 = float(sup_grad_dev_sq(np.sqrt(w), np.sqrt(w) * theta, R)) + s * s * C
    Sig1 = sup_grad_dev_sq(c2, c2 * theta, R)
    B = math.sqrt(C) * (R + float(np.linalg.norm(theta))) + s * math.sqrt(3.0)
    G = math.sqrt(C) * B
    data = dict(T=T, R=R, gA=np.zeros(d), gB=np.zeros((1, d)), xi=np.zeros((0, d)), lsa=A,
                lsy=y, fA=c2, fB=(c2 * theta)[None, :], U=u_star[None, :].copy(),
                sigma2_cum=sig2 * np.arange(1, T + 1), Sigma2_cum=np.full(T, Sig1))
    constants = dict(D=2 * R, R=R, G=G, L=float(c2.max()), lam=float(c2.min()), d=d,
                     alpha=1.0 / (B * B), B=B, sigma2=sig2 * T, Sigma2=Sig1, sigma_max2=sig2,
                     Sigma_max2=Sig1, Sigma1_sq=Sig1)
    return Problem(name="sea_ls", data=data, x0=np.zeros(d), truth=dict(u_star=u_star, theta=theta),
                   constants=constants, truth_method="closed_form+trust_region", truth_error=1e-12)


def make_sea_dyn(T, *, r=0.5, omega=0.01, s=0.0, d=2, R=1.0, rng=None):
    """SEA-DYN: F_t(x) = 1/2 ||x - c_t||^2, c_t = r (cos omega t, sin omega t, 0, ...), noise radius s.
    Comparators u_t = c_t (dynamic pseudo-regret = sum_t 1/2 ||x_t - c_t||^2).
    P_T = sum_{t>=2} ||c_t - c_{t-1}|| = (T-1) 2 r sin(omega/2); Sigma_t^2 = ||c_t - c_{t-1}||^2,
    Sigma_1^2 = (R + r)^2."""
    T = check_int("T", T, min_value=2)
    rng = make_rng(rng)
    t = np.arange(1, T + 1)
    C = np.zeros((T, d))
    C[:, 0] = r * np.cos(omega * t)
    C[:, 1] = r * np.sin(omega * t)
    xi = _sphere(rng, T, d) * s if s > 0 else np.zeros((0, d))
    step2 = np.sum(np.diff(C, axis=0) ** 2, axis=1)
    Sig2 = np.concatenate([[(R + r) ** 2], step2])
    P_T = float(np.sum(np.sqrt(step2)))
    data = dict(T=T, R=R, gA=np.ones(d), gB=C, xi=xi, lsa=np.zeros((0, d)), lsy=np.zeros(0),
                fA=np.ones(d), fB=C, U=C, sigma2_cum=(s * s) * t, Sigma2_cum=np.cumsum(Sig2))
    constants = dict(D=2 * R, R=R, G=R + r + s, L=1.0, lam=1.0, d=d, sigma2=s * s * T,
                     Sigma2=float(Sig2.sum()), P_T=P_T, Sigma1_sq=float(Sig2[0]))
    return Problem(name="sea_dyn", data=data, x0=np.zeros(d), truth=dict(u_path=C), constants=constants,
                   truth_method="closed_form", truth_error=0.0)


def make_experts(T, d, *, gap=0.1, s=0.5, drift=0.3, period=500.0, rng=None):
    """Predictable expert losses on the simplex: l_t,i = 1/2 + drift sin(2 pi t / period) (common, slowly
    varying, hence predictable by the last loss) + mu_i + z_t,i, with mu_i = -gap for one random expert and
    0 otherwise, z_t,i ~ U[-s/2, s/2]. Regret is against the best fixed expert (computed exactly)."""
    T = check_int("T", T, min_value=1)
    d = check_int("d", d, min_value=2)
    rng = make_rng(rng)
    best = int(rng.integers(d))
    mu = np.zeros(d)
    mu[best] = -gap
    t = np.arange(1, T + 1)[:, None]
    common = 0.5 + drift * np.sin(2 * math.pi * t / period)
    z = (rng.random((T, d)) - 0.5) * s
    L = np.ascontiguousarray(common + mu[None, :] + z)
    return Problem(name="experts", data=dict(losses=L, T=T), x0=np.full(d, 1.0 / d),
                   truth=dict(best=int(np.argmin(L.sum(0))), planted=best),
                   constants=dict(d=d, s=s, gap=gap), truth_method="closed_form", truth_error=0.0)
