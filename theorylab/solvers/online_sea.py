"""Optimistic online learners for the SEA model (stochastically extended adversarial OCO).

Papers
------
* Chen, Zhang, Tu, Zhao, Zhang. *Optimistic Online Mirror Descent for Bridging Stochastic and
  Adversarial Online Convex Optimization*, ICML 2023 / JMLR 25(178) 2024, arXiv:2302.04552.
* Sachs, Hadiji, van Erven, Guzman. *Between Stochastic and Adversarial Online Convex
  Optimization: Improved Regret Bounds via Smoothness*, NeurIPS 2022, arXiv:2202.07554.

Loss streams
------------
Every learner sees only ``g_t = grad f_t(x_t)`` (one gradient per round). A stream is given by
pre-drawn arrays (see :func:`theorylab.problems.online_sea.make_sea_quadratic`)::

    grad f_t(x) = gA * x - gB[t % P] - xi[t] + lsa[t] * (<lsa[t], x> - lsy[t])
    F_t(x)      = 1/2 sum_j fA_j x_j^2 - <fB[t % Q], x>          (+ a constant that cancels)
    comparator  u_t = U[t % Pu]

(``xi`` / ``lsa`` may have zero rows, meaning "absent"). From these the kernels accumulate the
exact pseudo-regret ``PR_T = sum_t F_t(x_t) - F_t(u_t)`` and the pseudo-linearised regret
``LR_T = sum_t <grad F_t(x_t), x_t - u_t>`` (>= PR_T by convexity), recorded at ``record_at``.
``F_t`` is used for bookkeeping only, never by the learner.

The feasible set is the Euclidean ball ``||x|| <= R`` (centre 0), except for the experts learners
(probability simplex).
"""
from __future__ import annotations

import math

import numpy as np
from numba import njit

from .._config import JIT
from .._validation import (check_array, check_choice, check_float, check_int, make_rng,
                           record_schedule)
from ..result import SolverResult, Status

# numba rejects a frozenset for fastmath: pass the same flags as a plain set
_JIT = dict(JIT, fastmath=set(JIT["fastmath"]))

STEP_RULES = {"adaptive": 0, "sc": 1, "fixed": 2, "sqrt": 3}
HINTS = {"none": 0, "last": 1, "oracle": 2, "noisy": 3}
GEOMETRIES = {"entropy": 0, "euclidean": 1}

__all__ = ["optimistic_omd", "oftrl", "oftl_sc", "optimistic_ons", "optimistic_experts", "run_learner",
           "dynamic_ensemble", "stream_arrays", "STEP_RULES", "HINTS"]


# --------------------------------------------------------------------------- jitted helpers
@njit(**_JIT)
def _grad(t, x, gA, gB, xi, lsa, lsy, out):
    d = x.shape[0]
    P = gB.shape[0]
    for j in range(d):
        out[j] = gA[j] * x[j] - gB[t % P, j]
    if xi.shape[0] > 0:
        for j in range(d):
            out[j] -= xi[t, j]
    if lsa.shape[0] > 0:
        r = -lsy[t]
        for j in range(d):
            r += lsa[t, j] * x[j]
        for j in range(d):
            out[j] += lsa[t, j] * r


@njit(**_JIT)
def _gaps(t, x, fA, fB, U):
    """(F_t(x) - F_t(u_t), <grad F_t(x), x - u_t>) for the quadratic F_t."""
    d = x.shape[0]
    Q = fB.shape[0]
    Pu = U.shape[0]
    pr = 0.0
    lr = 0.0
    for j in range(d):
        u = U[t % Pu, j]
        bj = fB[t % Q, j]
        pr += 0.5 * fA[j] * (x[j] * x[j] - u * u) - bj * (x[j] - u)
        lr += (fA[j] * x[j] - bj) * (x[j] - u)
    return pr, lr


@njit(**_JIT)
def _proj_ball(y, R, out):
    d = y.shape[0]
    n2 = 0.0
    for j in range(d):
        n2 += y[j] * y[j]
    n = math.sqrt(n2)
    s = 1.0
    if n > R:
        s = R / n
    for j in range(d):
        out[j] = s * y[j]


@njit(**_JIT)
def _finite(x):
    for j in range(x.shape[0]):
        if not np.isfinite(x[j]):
            return False
    return True


# --------------------------------------------------------------------------- A1/A2/B1-B5, P1/P2
@njit(**_JIT)
def _omd_kernel(x0, T, R, step_rule, D, G, delta, lam, c, eta0, hint_mode, rho, z,
                gA, gB, xi, lsa, lsy, fA, fB, U, ks):
    """Two-step optimistic OMD (Euclidean, ball). Returns (x, status, nit, pr, lr, avg_gap, last_gap, V)."""
    d = x0.shape[0]
    nk = ks.shape[0]
    tr_pr = np.full(nk, np.nan)
    tr_lr = np.full(nk, np.nan)
    tr_avg = np.full(nk, np.nan)
    tr_last = np.full(nk, np.nan)
    xh = x0.copy()
    x = x0.copy()
    xlast = x0.copy()
    M = np.zeros(d)
    g = np.zeros(d)
    y = np.zeros(d)
    xbar = np.zeros(d)
    V = 0.0
    PR = 0.0
    LR = 0.0
    status = 0
    ik = 0
    while ik < nk and ks[ik] == 0:
        tr_pr[ik] = 0.0
        tr_lr[ik] = 0.0
        ik += 1
    nit = 0
    for t in range(T):
        if step_rule == 0:
            eta = D / math.sqrt(delta + 4.0 * G * G + V)
        elif step_rule == 1:
            eta = c / (lam * (t + 1))
        elif step_rule == 2:
            eta = eta0
        else:
            eta = c / math.sqrt(t + 1.0)
        # hint for this round
        if hint_mode == 0:
            for j in range(d):
                M[j] = 0.0
        elif hint_mode == 2 or hint_mode == 3:
            _grad(t, xh, gA, gB, xi, lsa, lsy, M)
            if hint_mode == 3:
                for j in range(d):
                    M[j] += rho * z[t, j]
        # (hint_mode == 1: M holds g_{t-1}, M_1 = 0)
        for j in range(d):
            y[j] = xh[j] - eta * M[j]
        _proj_ball(y, R, x)
        if not _finite(x):
            status = 2
            break
        _grad(t, x, gA, gB, xi, lsa, lsy, g)
        pr, lr = _gaps(t, x, fA, fB, U)
        PR += pr
        LR += lr
        for j in range(d):
            xbar[j] += (x[j] - xbar[j]) / (t + 1.0)
            y[j] = xh[j] - eta * g[j]
        _proj_ball(y, R, xh)
        v = 0.0
        for j in range(d):
            v += (g[j] - M[j]) ** 2
        V += v
        if hint_mode == 1:
            for j in range(d):
                M[j] = g[j]
        if not (_finite(xh) and np.isfinite(PR) and np.isfinite(V)):
            status = 2
            for j in range(d):
                xlast[j] = x[j]
            nit = t + 1
            break
        for j in range(d):
            xlast[j] = x[j]
        nit = t + 1
        while ik < nk and ks[ik] == t + 1:
            tr_pr[ik] = PR
            tr_lr[ik] = LR
            ag, _ = _gaps(t, xbar, fA, fB, U)
            tr_avg[ik] = ag
            tr_last[ik] = pr
            ik += 1
    return xlast, status, nit, tr_pr, tr_lr, tr_avg, tr_last, V


# --------------------------------------------------------------------------- A5: OFTRL (Sachs Thm 5)
@njit(**_JIT)
def _oftrl_kernel(x0, T, R, D, nu, gA, gB, xi, lsa, lsy, fA, fB, U, ks):
    d = x0.shape[0]
    nk = ks.shape[0]
    tr_pr = np.full(nk, np.nan)
    tr_lr = np.full(nk, np.nan)
    tr_avg = np.full(nk, np.nan)
    S = np.zeros(d)
    M = np.zeros(d)
    g = np.zeros(d)
    y = np.zeros(d)
    x = x0.copy()
    xlast = x0.copy()
    xbar = np.zeros(d)
    acc = 0.0
    PR = 0.0
    LR = 0.0
    status = 0
    nit = 0
    ik = 0
    while ik < nk and ks[ik] == 0:
        tr_pr[ik] = 0.0
        tr_lr[ik] = 0.0
        ik += 1
    for t in range(T):
        eta = D * D / (nu + acc)
        if t == 0:
            for j in range(d):
                y[j] = x0[j]
        else:
            for j in range(d):
                y[j] = -eta * (S[j] + M[j])
        _proj_ball(y, R, x)
        _grad(t, x, gA, gB, xi, lsa, lsy, g)
        pr, lr = _gaps(t, x, fA, fB, U)
        PR += pr
        LR += lr
        v = 0.0
        for j in range(d):
            v += (g[j] - M[j]) ** 2
            S[j] += g[j]
            M[j] = g[j]
            xbar[j] += (x[j] - xbar[j]) / (t + 1.0)
        acc += eta * v
        if not (_finite(x) and _finite(S) and np.isfinite(PR) and np.isfinite(acc)):
            status = 2
            break
        for j in range(d):
            xlast[j] = x[j]
        nit = t + 1
        while ik < nk and ks[ik] == t + 1:
            tr_pr[ik] = PR
            tr_lr[ik] = LR
            ag, _ = _gaps(t, xbar, fA, fB, U)
            tr_avg[ik] = ag
            ik += 1
    return xlast, status, nit, tr_pr, tr_lr, tr_avg


# --------------------------------------------------------------------------- A6: OFTL on sc surrogates (Sachs Thm 7)
@njit(**_JIT)
def _oftl_kernel(x0, T, R, mu, gA, gB, xi, lsa, lsy, fA, fB, U, ks):
    d = x0.shape[0]
    nk = ks.shape[0]
    tr_pr = np.full(nk, np.nan)
    tr_lr = np.full(nk, np.nan)
    tr_avg = np.full(nk, np.nan)
    W = np.zeros(d)      # sum_{s<t} (x_s - g_s / mu)
    M = np.zeros(d)
    g = np.zeros(d)
    y = np.zeros(d)
    x = x0.copy()
    xlast = x0.copy()
    xbar = np.zeros(d)
    PR = 0.0
    LR = 0.0
    status = 0
    nit = 0
    ik = 0
    while ik < nk and ks[ik] == 0:
        tr_pr[ik] = 0.0
        tr_lr[ik] = 0.0
        ik += 1
    for t in range(T):
        if t == 0:
            for j in range(d):
                y[j] = x0[j]
        else:
            for j in range(d):
                y[j] = (W[j] - M[j] / mu) / t
        _proj_ball(y, R, x)
        _grad(t, x, gA, gB, xi, lsa, lsy, g)
        pr, lr = _gaps(t, x, fA, fB, U)
        PR += pr
        LR += lr
        for j in range(d):
            W[j] += x[j] - g[j] / mu
            M[j] = g[j]
            xbar[j] += (x[j] - xbar[j]) / (t + 1.0)
        if not (_finite(x) and _finite(W) and np.isfinite(PR)):
            status = 2
            break
        for j in range(d):
            xlast[j] = x[j]
        nit = t + 1
        while ik < nk and ks[ik] == t + 1:
            tr_pr[ik] = PR
            tr_lr[ik] = LR
            ag, _ = _gaps(t, xbar, fA, fB, U)
            tr_avg[ik] = ag
            ik += 1
    return xlast, status, nit, tr_pr, tr_lr, tr_avg


# --------------------------------------------------------------------------- A3: optimistic ONS
@njit(**_JIT)
def _chol_solve(Amat, b, out):
    """Solve Amat out = b for SPD Amat (small d), plain Cholesky."""
    d = b.shape[0]
    Lm = np.zeros((d, d))
    for i in range(d):
        for j in range(i + 1):
            s = Amat[i, j]
            for k in range(j):
                s -= Lm[i, k] * Lm[j, k]
            if i == j:
                Lm[i, i] = math.sqrt(s) if s > 0.0 else 1e-300
            else:
                Lm[i, j] = s / Lm[j, j]
    w = np.zeros(d)
    for i in range(d):
        s = b[i]
        for k in range(i):
            s -= Lm[i, k] * w[k]
        w[i] = s / Lm[i, i]
    for i in range(d - 1, -1, -1):
        s = w[i]
        for k in range(i + 1, d):
            s -= Lm[k, i] * out[k]
        out[i] = s / Lm[i, i]


@njit(**_JIT)
def _proj_unorm(Um, y, R, out):
    """argmin_{||x||<=R} ||x - y||_U^2: x = (U + nu I)^{-1} U y, bisection on nu >= 0 (to 1e-12)."""
    d = y.shape[0]
    n2 = 0.0
    for j in range(d):
        n2 += y[j] * y[j]
    if n2 <= R * R:
        for j in range(d):
            out[j] = y[j]
        return 0
    Uy = Um @ y
    Ms = Um.copy()
    lo = 0.0
    hi = 1.0
    # grow hi until ||x(hi)|| <= R
    for _ in range(200):
        for i in range(d):
            Ms[i, i] = Um[i, i] + hi
        _chol_solve(Ms, Uy, out)
        nn = 0.0
        for j in range(d):
            nn += out[j] * out[j]
        if nn <= R * R:
            break
        lo = hi
        hi *= 2.0
    it = 0
    for it in range(400):
        mid = 0.5 * (lo + hi)
        for i in range(d):
            Ms[i, i] = Um[i, i] + mid
        _chol_solve(Ms, Uy, out)
        nn = 0.0
        for j in range(d):
            nn += out[j] * out[j]
        if nn > R * R:
            lo = mid
        else:
            hi = mid
        if abs(math.sqrt(nn) - R) <= 1e-12 * R or hi - lo <= 1e-15 * max(1.0, hi):
            break
    for i in range(d):
        Ms[i, i] = Um[i, i] + hi
    _chol_solve(Ms, Uy, out)
    return it + 1


@njit(**_JIT)
def _ons_kernel(x0, T, R, beta, delta, variant, gA, gB, xi, lsa, lsy, fA, fB, U, ks):
    """Optimistic ONS-type (Chen et al., exp-concave): U-norm two-step update, exact projections."""
    d = x0.shape[0]
    nk = ks.shape[0]
    tr_pr = np.full(nk, np.nan)
    tr_lr = np.full(nk, np.nan)
    tr_avg = np.full(nk, np.nan)
    Um = np.zeros((d, d))
    for j in range(d):
        Um[j, j] = delta
    xh = x0.copy()
    x = x0.copy()
    xlast = x0.copy()
    M = np.zeros(d)
    g = np.zeros(d)
    y = np.zeros(d)
    step = np.zeros(d)
    xbar = np.zeros(d)
    PR = 0.0
    LR = 0.0
    status = 0
    nit = 0
    ik = 0
    while ik < nk and ks[ik] == 0:
        tr_pr[ik] = 0.0
        tr_lr[ik] = 0.0
        ik += 1
    for t in range(T):
        # play x_t = Pi^U_t(xh - U_t^{-1} M_t)
        _chol_solve(Um, M, step)
        for j in range(d):
            y[j] = xh[j] - step[j]
        _proj_unorm(Um, y, R, x)
        if not _finite(x):
            status = 2
            break
        _grad(t, x, gA, gB, xi, lsa, lsy, g)
        pr, lr = _gaps(t, x, fA, fB, U)
        PR += pr
        LR += lr
        # U_{t+1} = U_t + beta/2 v v^T (v = g_t or g_t - M_t), then xh_{t+1} = Pi^{U_{t+1}}(xh - U_{t+1}^{-1} g_t)
        for i in range(d):
            vi = g[i] - M[i] if variant == 1 else g[i]
            for j in range(d):
                vj = g[j] - M[j] if variant == 1 else g[j]
                Um[i, j] += 0.5 * beta * vi * vj
        _chol_solve(Um, g, step)
        for j in range(d):
            y[j] = xh[j] - step[j]
        _proj_unorm(Um, y, R, xh)
        for j in range(d):
            M[j] = g[j]
            xbar[j] += (x[j] - xbar[j]) / (t + 1.0)
        if not (_finite(xh) and np.isfinite(PR)):
            status = 2
            for j in range(d):
                xlast[j] = x[j]
            nit = t + 1
            break
        for j in range(d):
            xlast[j] = x[j]
        nit = t + 1
        while ik < nk and ks[ik] == t + 1:
            tr_pr[ik] = PR
            tr_lr[ik] = LR
            ag, _ = _gaps(t, xbar, fA, fB, U)
            tr_avg[ik] = ag
            ik += 1
    return xlast, status, nit, tr_pr, tr_lr, tr_avg


# --------------------------------------------------------------------------- experts: optimistic Hedge / Euclidean OMD on simplex
@njit(**_JIT)
def _proj_simplex(y, out):
    d = y.shape[0]
    u = np.sort(y)[::-1]
    css = 0.0
    theta = 0.0
    for i in range(d):
        css += u[i]
        th = (css - 1.0) / (i + 1.0)
        if u[i] - th > 0.0:
            theta = th
    for i in range(d):
        v = y[i] - theta
        out[i] = v if v > 0.0 else 0.0


@njit(**_JIT)
def _experts_kernel(Lmat, geometry, hint_mode, scale, ks):
    """Optimistic OMD on the simplex against linear losses Lmat[t] (hint M_t = Lmat[t-1] or 0).

    geometry 0: negative entropy (optimistic Hedge), eta_t = sqrt(log d / (1 + sum ||l - m||_inf^2)) * scale.
    geometry 1: Euclidean, eta_t = sqrt(2) / sqrt(1 + sum ||l - m||_2^2) * scale.
    Returns (x_last, status, nit, regret trace, V_inf trace, V_2 trace).
    """
    T, d = Lmat.shape
    nk = ks.shape[0]
    tr_reg = np.full(nk, np.nan)
    tr_vi = np.full(nk, np.nan)
    tr_v2 = np.full(nk, np.nan)
    Lh = np.zeros(d)           # cumulative losses fed to the "hat" sequence (entropy: xh ∝ exp(-eta * Lh))
    xh = np.full(d, 1.0 / d)
    x = xh.copy()
    xlast = xh.copy()
    M = np.zeros(d)
    y = np.zeros(d)
    cum = np.zeros(d)
    Vi = 0.0
    V2 = 0.0
    loss = 0.0
    status = 0
    nit = 0
    ik = 0
    logd = math.log(d)
    while ik < nk and ks[ik] == 0:
        tr_reg[ik] = 0.0
        tr_vi[ik] = 0.0
        tr_v2[ik] = 0.0
        ik += 1
    for t in range(T):
        if hint_mode == 1 and t > 0:
            for j in range(d):
                M[j] = Lmat[t - 1, j]
        if geometry == 0:
            eta = scale * math.sqrt(logd / (1.0 + Vi))
            # x_t ∝ exp(-eta (Lh + M))   (optimistic FTRL form of optimistic Hedge)
            mn = 1e300
            for j in range(d):
                y[j] = -eta * (Lh[j] + M[j])
            mx = -1e300
            for j in range(d):
                if y[j] > mx:
                    mx = y[j]
            ssum = 0.0
            for j in range(d):
                x[j] = math.exp(y[j] - mx)
                ssum += x[j]
            for j in range(d):
                x[j] /= ssum
            mn = mn
        else:
            eta = scale * math.sqrt(2.0) / math.sqrt(1.0 + V2)
            for j in range(d):
                y[j] = xh[j] - eta * M[j]
            _proj_simplex(y, x)
        lt = 0.0
        vi = 0.0
        v2 = 0.0
        for j in range(d):
            lt += x[j] * Lmat[t, j]
            diff = abs(Lmat[t, j] - M[j])
            if diff > vi:
                vi = diff
            v2 += diff * diff
            cum[j] += Lmat[t, j]
            Lh[j] += Lmat[t, j]
        loss += lt
        Vi += vi * vi
        V2 += v2
        if geometry == 1:
            for j in range(d):
                y[j] = xh[j] - eta * Lmat[t, j]
            _proj_simplex(y, xh)
        if not (_finite(x) and np.isfinite(loss)):
            status = 2
            break
        for j in range(d):
            xlast[j] = x[j]
        nit = t + 1
        while ik < nk and ks[ik] == t + 1:
            best = cum[0]
            for j in range(d):
                if cum[j] < best:
                    best = cum[j]
            tr_reg[ik] = loss - best
            tr_vi[ik] = Vi
            tr_v2[ik] = V2
            ik += 1
    return xlast, status, nit, tr_reg, tr_vi, tr_v2


# --------------------------------------------------------------------------- A4: dynamic-regret ensemble
@njit(**_JIT)
def _ensemble_kernel(x0, T, R, etas, meta_scale, DG, gA, gB, xi, lsa, lsy, fA, fB, U, ks):
    """Optimistic OMD base learners (fixed steps etas, hint g_{t-1}, fed the meta gradient g_t)
    combined by optimistic Hedge on linearised losses <g_t, x_t^(i)> (hint <g_{t-1}, x_t^(i)>).
    One gradient query per round, at the combined point."""
    d = x0.shape[0]
    N = etas.shape[0]
    nk = ks.shape[0]
    tr_pr = np.full(nk, np.nan)
    tr_lr = np.full(nk, np.nan)
    tr_avg = np.full(nk, np.nan)
    XH = np.zeros((N, d))
    XB = np.zeros((N, d))
    for i in range(N):
        for j in range(d):
            XH[i, j] = x0[j]
    M = np.zeros(d)
    g = np.zeros(d)
    y = np.zeros(d)
    xb = np.zeros(d)
    x = x0.copy()
    xlast = x0.copy()
    Lcum = np.zeros(N)
    w = np.zeros(N)
    lo = np.zeros(N)
    mh = np.zeros(N)
    xbar = np.zeros(d)
    Vm = 0.0
    PR = 0.0
    LR = 0.0
    status = 0
    nit = 0
    ik = 0
    logN = math.log(N) if N > 1 else 1.0
    while ik < nk and ks[ik] == 0:
        tr_pr[ik] = 0.0
        tr_lr[ik] = 0.0
        ik += 1
    for t in range(T):
        # base learners' plays
        for i in range(N):
            for j in range(d):
                y[j] = XH[i, j] - etas[i] * M[j]
            _proj_ball(y, R, xb)
            for j in range(d):
                XB[i, j] = xb[j]
        # meta optimistic Hedge
        eps = meta_scale * math.sqrt(logN / (DG * DG + Vm))
        mx = -1e300
        for i in range(N):
            m = 0.0
            for j in range(d):
                m += M[j] * XB[i, j]
            mh[i] = m
            w[i] = -eps * (Lcum[i] + m)
            if w[i] > mx:
                mx = w[i]
        ssum = 0.0
        for i in range(N):
            w[i] = math.exp(w[i] - mx)
            ssum += w[i]
        for j in range(d):
            x[j] = 0.0
        for i in range(N):
            w[i] /= ssum
            for j in range(d):
                x[j] += w[i] * XB[i, j]
        if not _finite(x):
            status = 2
            break
        _grad(t, x, gA, gB, xi, lsa, lsy, g)
        pr, lr = _gaps(t, x, fA, fB, U)
        PR += pr
        LR += lr
        vm = 0.0
        for i in range(N):
            l = 0.0
            for j in range(d):
                l += g[j] * XB[i, j]
            lo[i] = l
        # centre losses (invariant for Hedge) to keep Lcum small
        l0 = 0.0
        for j in range(d):
            l0 += g[j] * x[j]
        for i in range(N):
            diff = abs((lo[i] - l0) - (mh[i]))
            Lcum[i] += lo[i] - l0
            if diff > vm:
                vm = diff
        Vm += vm * vm
        for i in range(N):
            for j in range(d):
                y[j] = XH[i, j] - etas[i] * g[j]
            _proj_ball(y, R, xb)
            for j in range(d):
                XH[i, j] = xb[j]
        for j in range(d):
            M[j] = g[j]
            xbar[j] += (x[j] - xbar[j]) / (t + 1.0)
        if not np.isfinite(PR):
            status = 2
            break
        for j in range(d):
            xlast[j] = x[j]
        nit = t + 1
        while ik < nk and ks[ik] == t + 1:
            tr_pr[ik] = PR
            tr_lr[ik] = LR
            ag, _ = _gaps(t, xbar, fA, fB, U)
            tr_avg[ik] = ag
            ik += 1
    return xlast, status, nit, tr_pr, tr_lr, tr_avg


# --------------------------------------------------------------------------- wrappers
_STREAM_KEYS = ("gA", "gB", "xi", "lsa", "lsy", "fA", "fB", "U")


def stream_arrays(problem):
    """Validated, contiguous stream arrays ``(T, d, R, x0, arrays...)`` of an SEA problem."""
    data = problem.data
    T = check_int("problem.T", data["T"], min_value=1)
    gA = check_array("gA", data["gA"], ndim=1)
    d = gA.shape[0]
    gB = check_array("gB", data["gB"], ndim=2, shape=(None, d))
    xi = check_array("xi", data["xi"], ndim=2, shape=(None, d))
    lsa = check_array("lsa", data["lsa"], ndim=2, shape=(None, d))
    lsy = check_array("lsy", data["lsy"], ndim=1)
    fA = check_array("fA", data["fA"], shape=(d,))
    fB = check_array("fB", data["fB"], ndim=2, shape=(None, d))
    U = check_array("U", data["U"], ndim=2, shape=(None, d))
    for name, arr in (("gB", gB), ("fB", fB), ("U", U)):
        if arr.shape[0] < 1:
            raise ValueError(f"{name} must have at least one row, got {arr.shape!r}")
    if xi.shape[0] not in (0, T):
        raise ValueError(f"xi must have 0 or T={T} rows, got {xi.shape!r}")
    if lsa.shape[0] not in (0, T) or lsy.shape[0] != lsa.shape[0]:
        raise ValueError(f"lsa/lsy must have 0 or T={T} rows, got {lsa.shape!r}, {lsy.shape!r}")
    R = check_float("R", data["R"], positive=True)
    return T, d, R, (gA, gB, xi, lsa, lsy, fA, fB, U)


def _common(problem, max_iter, record_at, x0):
    T, d, R, arrs = stream_arrays(problem)
    n = T if max_iter is None else check_int("max_iter", max_iter, min_value=1, max_value=T)
    ks = record_schedule(n, record_at)
    if x0 is None:
        x0 = problem.x0
    x0 = check_array("x0", x0, shape=(d,))
    if float(np.linalg.norm(x0)) > R * (1 + 1e-12):
        raise ValueError(f"x0 must lie in the ball of radius R={R}, got norm {np.linalg.norm(x0)!r}")
    return n, d, R, arrs, ks, x0


def _pack(x, status, nit, ks, trace, problem, arrs, extra=None):
    t = max(int(nit) - 1, 0)
    fA, fB = arrs[5], arrs[6]
    fun = float(0.5 * np.dot(fA, x * x) - np.dot(fB[t % fB.shape[0]], x))
    tr = {"k": ks}
    tr.update(trace)
    return SolverResult(x=np.asarray(x), fun=fun, nit=int(nit), nfev=int(nit), status=Status(int(status)),
                        trace=tr, oracle_calls=int(nit), extra=extra or {})


def optimistic_omd(problem, *, step="adaptive", hint="last", D=None, G=None, delta=1.0, lam=None,
                   c=None, eta=None, rho=0.0, max_iter=None, record_at=None, x0=None, rng=None):
    """Optimistic OMD on a ball (Chen et al. 2023, Alg. 1 / Thm 1-2; two-step update).

    ``step``: ``"adaptive"`` eta_t = D / sqrt(delta + 4G^2 + sum_{s<t} ||g_s - M_s||^2) (convex, A1);
    ``"sc"`` eta_t = c / (lam t) (lambda-strongly convex, A2, default c = 2; c = 0.25 is the broken B4);
    ``"fixed"`` eta_t = eta (B1/B2); ``"sqrt"`` eta_t = c / sqrt(t) (B5).
    ``hint``: ``"last"`` M_t = g_{t-1} (optimistic), ``"none"`` M_t = 0 (B3, AdaOGD when step is adaptive;
    plain OGD with fixed steps), ``"oracle"`` M_t = grad f_t(xh_t) (P1: equals g_t for linear losses),
    ``"noisy"`` oracle + rho z_t with unit z_t drawn from ``rng`` (P2).
    Trace: ``pr`` (pseudo-regret), ``lr`` (pseudo-linearised regret), ``avg_gap`` (F_t(xbar_t) - F_t(u_t)),
    ``last_gap`` (F_t(x_t) - F_t(u_t) of the last played point).
    """
    n, d, R, arrs, ks, x0 = _common(problem, max_iter, record_at, x0)
    check_choice("step", step, STEP_RULES)
    check_choice("hint", hint, HINTS)
    D = check_float("D", 2 * R if D is None else D, positive=True)
    G = check_float("G", problem.constants.get("G", 1.0) if G is None else G, positive=True)
    delta = check_float("delta", delta, nonnegative=True)
    if step == "adaptive" and delta + 4 * G * G <= 0:
        raise ValueError(f"delta must be > 0 when G = 0, got {delta!r}")
    lam_v = 1.0
    c_v = 1.0
    eta_v = 0.0
    if step == "sc":
        lam_v = check_float("lam", problem.constants.get("lam", 0.0) if lam is None else lam, positive=True)
        c_v = check_float("c", 2.0 if c is None else c, positive=True)
    elif step == "sqrt":
        c_v = check_float("c", D / G if c is None else c, positive=True)
    elif step == "fixed":
        if eta is None:
            raise ValueError("eta must be given for step='fixed', got None")
        eta_v = check_float("eta", eta, positive=True)
    rho = check_float("rho", rho, nonnegative=True)
    if hint == "noisy":
        z = make_rng(rng).standard_normal((n, d))
        z /= np.linalg.norm(z, axis=1, keepdims=True)
    else:
        z = np.zeros((0, d))
    x, status, nit, pr, lr, avg, last, V = _omd_kernel(
        x0, n, R, STEP_RULES[step], D, G, delta, lam_v, c_v, eta_v, HINTS[hint], rho,
        np.ascontiguousarray(z), *arrs, ks)
    return _pack(x, status, nit, ks, {"pr": pr, "lr": lr, "avg_gap": avg, "last_gap": last}, problem, arrs,
                 {"V": V})


def oftrl(problem, *, D=None, nu=None, max_iter=None, record_at=None, x0=None, rng=None):
    """Optimistic FTRL with adaptive step (Sachs et al. 2022, Thm 5): M_t = g_{t-1},
    eta_t = D^2 / (nu + sum_{s<t} eta_s ||g_s - M_s||^2), x_t = Pi(-eta_t (sum_{s<t} g_s + M_t)).
    Default nu = L D^2 + D G (from ``problem.constants``). x_1 = x0."""
    n, d, R, arrs, ks, x0 = _common(problem, max_iter, record_at, x0)
    D = check_float("D", 2 * R if D is None else D, positive=True)
    if nu is None:
        nu = problem.constants.get("L", 0.0) * D * D + D * problem.constants.get("G", 1.0)
    nu = check_float("nu", nu, positive=True)
    x, status, nit, pr, lr, avg = _oftrl_kernel(x0, n, R, D, nu, *arrs, ks)
    return _pack(x, status, nit, ks, {"pr": pr, "lr": lr, "avg_gap": avg}, problem, arrs)


def oftl_sc(problem, *, mu=None, max_iter=None, record_at=None, x0=None, rng=None):
    """Optimistic FTL on the mu-strongly convex surrogates (Sachs et al. 2022, Thm 7):
    x_t = Pi((1/(t-1)) sum_{s<t}(x_s - g_s/mu) - M_t/(mu (t-1))), M_t = g_{t-1}; x_1 = x0."""
    n, d, R, arrs, ks, x0 = _common(problem, max_iter, record_at, x0)
    mu = check_float("mu", problem.constants.get("lam", 0.0) if mu is None else mu, positive=True)
    x, status, nit, pr, lr, avg = _oftl_kernel(x0, n, R, mu, *arrs, ks)
    return _pack(x, status, nit, ks, {"pr": pr, "lr": lr, "avg_gap": avg}, problem, arrs)


def optimistic_ons(problem, *, alpha=None, G=None, D=None, delta=1.0, variant="g", beta=None,
                   max_iter=None, record_at=None, x0=None, rng=None):
    """Optimistic ONS-type learner for alpha-exp-concave losses (Chen et al. 2023, Thm 3 shape).

    beta = 0.5 min(1/(4 G D), alpha); x_t = Pi^{U_t}(xh_t - U_t^{-1} M_t),
    U_{t+1} = U_t + (beta/2) v_t v_t^T (v_t = g_t, or g_t - M_t for ``variant="g-m"``),
    xh_{t+1} = Pi^{U_{t+1}}(xh_t - U_{t+1}^{-1} g_t), U_1 = delta I, M_t = g_{t-1}.
    Projections in the U-norm are exact (bisection on the multiplier to 1e-12)."""
    n, d, R, arrs, ks, x0 = _common(problem, max_iter, record_at, x0)
    check_choice("variant", variant, {"g", "g-m"})
    D = check_float("D", 2 * R if D is None else D, positive=True)
    G = check_float("G", problem.constants.get("G", 1.0) if G is None else G, positive=True)
    delta = check_float("delta", delta, positive=True)
    if beta is None:
        alpha = check_float("alpha", problem.constants.get("alpha", 1.0) if alpha is None else alpha,
                            positive=True)
        beta = 0.5 * min(1.0 / (4 * G * D), alpha)
    beta = check_float("beta", beta, positive=True)
    x, status, nit, pr, lr, avg = _ons_kernel(x0, n, R, beta, delta, 1 if variant == "g-m" else 0,
                                              *arrs, ks)
    return _pack(x, status, nit, ks, {"pr": pr, "lr": lr, "avg_gap": avg}, problem, arrs,
                 {"beta": beta})


def optimistic_experts(losses, *, geometry="entropy", hint="last", scale=1.0, max_iter=None,
                       record_at=None, rng=None):
    """Optimistic OMD on the probability simplex against linear losses (rows of ``losses``).

    ``geometry="entropy"``: optimistic Hedge, eta_t = scale sqrt(log d / (1 + sum ||l_s - M_s||_inf^2));
    ``"euclidean"``: Euclidean optimistic OMD, eta_t = scale sqrt(2) / sqrt(1 + sum ||l_s - M_s||_2^2).
    Hint M_t = l_{t-1} (``"last"``) or 0 (``"none"``). Trace: ``regret`` vs the best fixed expert,
    ``V_inf`` = sum ||l - M||_inf^2, ``V_2`` = sum ||l - M||_2^2."""
    L = check_array("losses", losses, ndim=2)
    if L.shape[1] < 2:
        raise ValueError(f"losses must have at least 2 columns (experts), got {L.shape!r}")
    if L.shape[0] < 1:
        raise ValueError(f"losses must have at least one row (round), got {L.shape!r}")
    check_choice("geometry", geometry, GEOMETRIES)
    check_choice("hint", hint, {"none", "last"})
    scale = check_float("scale", scale, positive=True)
    n = L.shape[0] if max_iter is None else check_int("max_iter", max_iter, min_value=1, max_value=L.shape[0])
    ks = record_schedule(n, record_at)
    x, status, nit, reg, vi, v2 = _experts_kernel(np.ascontiguousarray(L[:n]), GEOMETRIES[geometry],
                                                  HINTS[hint], scale, ks)
    t = max(int(nit) - 1, 0)
    return SolverResult(x=x, fun=float(L[t] @ x), nit=int(nit), nfev=int(nit), status=Status(int(status)),
                        trace={"k": ks, "regret": reg, "V_inf": vi, "V_2": v2}, oracle_calls=int(nit))


def dynamic_ensemble(problem, *, D=None, G=None, L=None, eta_max=None, meta_scale=1.0, n_base=None,
                     max_iter=None, record_at=None, x0=None, rng=None):
    """Dynamic-regret ensemble (Chen et al. 2023, Sec. 5 design): N = ceil(log2 T) + 1 optimistic OMD
    base learners with steps eta_i = min(eta_max, eta_0 2^i), eta_0 = D / (2 G sqrt(T)),
    eta_max = 1 / (4 L); optimistic Hedge meta learner on linearised losses, rate
    meta_scale sqrt(log N / ((DG)^2 + sum ||l - m||_inf^2)). One gradient per round."""
    n, d, R, arrs, ks, x0 = _common(problem, max_iter, record_at, x0)
    D = check_float("D", 2 * R if D is None else D, positive=True)
    G = check_float("G", problem.constants.get("G", 1.0) if G is None else G, positive=True)
    L = check_float("L", problem.constants.get("L", 1.0) if L is None else L, positive=True)
    eta_max = check_float("eta_max", 1.0 / (4.0 * L) if eta_max is None else eta_max, positive=True)
    meta_scale = check_float("meta_scale", meta_scale, positive=True)
    N = int(math.ceil(math.log2(n))) + 1 if n_base is None else check_int("n_base", n_base, min_value=1)
    eta0 = D / (2.0 * G * math.sqrt(n))
    etas = np.minimum(eta_max, eta0 * 2.0 ** np.arange(N))
    etas = np.ascontiguousarray(np.unique(etas))
    x, status, nit, pr, lr, avg = _ensemble_kernel(x0, n, R, etas, meta_scale, D * G, *arrs, ks)
    return _pack(x, status, nit, ks, {"pr": pr, "lr": lr, "avg_gap": avg}, problem, arrs, {"etas": etas})


# --------------------------------------------------------------------------- named learners (for claims)
def run_learner(name, problem, *, record_at=None, x0=None, rng=None, **kw):
    """Run a learner of the brief by its label on an SEA problem (ball instances).

    ``A1`` optimistic OMD (adaptive), ``B3`` A1 without optimism (AdaOGD), ``P1`` A1 with the oracle
    hint, ``P2`` noisy oracle hint (``rho``), ``A2`` strongly convex step 2/(lam t), ``B4`` step
    0.25/(lam t), ``B5sc`` OGD step 1/(lam sqrt t), ``B5`` OGD step D/(G sqrt t), ``B1`` OGD with
    eta = D/(G sqrt T), ``B2`` OGD with constant ``eta``, ``A3`` optimistic ONS, ``A4`` dynamic
    ensemble, ``A5`` OFTRL, ``A6`` OFTL on strongly convex surrogates.
    """
    c = problem.constants
    common = dict(record_at=record_at, x0=x0, rng=rng)
    if name == "A1":
        return optimistic_omd(problem, **common, **kw)
    if name == "B3":
        return optimistic_omd(problem, hint="none", **common, **kw)
    if name == "P1":
        return optimistic_omd(problem, hint="oracle", **common, **kw)
    if name == "P2":
        return optimistic_omd(problem, hint="noisy", **common, **kw)
    if name == "A2":
        return optimistic_omd(problem, step="sc", c=kw.pop("c", 2.0), **common, **kw)
    if name == "B4":
        return optimistic_omd(problem, step="sc", c=kw.pop("c", 0.25), **common, **kw)
    if name == "B5sc":
        return optimistic_omd(problem, step="sqrt", hint="none", c=1.0 / c["lam"], **common, **kw)
    if name == "B5":
        return optimistic_omd(problem, step="sqrt", hint="none", **common, **kw)
    if name == "B1":
        T = problem.data["T"]
        return optimistic_omd(problem, step="fixed", hint="none", eta=c["D"] / (c["G"] * math.sqrt(T)),
                              **common, **kw)
    if name == "B2":
        return optimistic_omd(problem, step="fixed", hint="none", **common, **kw)
    if name == "A3":
        return optimistic_ons(problem, **common, **kw)
    if name == "A4":
        return dynamic_ensemble(problem, **common, **kw)
    if name == "A5":
        return oftrl(problem, **common, **kw)
    if name == "A6":
        return oftl_sc(problem, **common, **kw)
    raise ValueError(f"name must be one of A1..A6, B1..B5, B5sc, P1, P2, got {name!r}")
