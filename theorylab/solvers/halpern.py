"""Halpern iteration, classical and variance-reduced, plus baselines.

Papers
------
* F. Lieder, *On the convergence rate of the Halpern-iteration*, Optim. Lett. 2021 (tight bound
  ``||x_k - T x_k|| <= 2 ||x_0 - x*|| / (k+1)``).
* X. Cai, A. Alacaoglu, J. Diakonikolas, *Variance Reduced Halpern Iteration for Finite-Sum Monotone
  Inclusions*, ICLR 2024, arXiv:2310.02987 (Alg. 1: Halpern + PAGE; Alg. 2: inexact Halpern + VR-FoRB).
* Baselines: Krasnoselskii-Mann, extragradient, EAG (Yoon & Ryu, arXiv:2102.07922), loopless VR-EG
  (Alacaoglu & Malitsky, arXiv:2102.08352).

Operators
---------
Deterministic solvers take an affine operator ``F(u) = M u - c`` (or an affine map ``T(x) = A x + b``
in fixed-point form). Finite-sum solvers take a *finite-sum operator* given as a mapping (or a
:class:`theorylab.problem.Problem` whose ``data`` holds it) of one of two kinds:

* ``kind = "spectral"`` (VRH-C / VRH-MB): ``Q`` (d x d orthogonal), 2x2 blocks ``ba, bs, bc`` (block j
  acts on rotated coordinates (2j, 2j+1) as ``[[ba_j, bs_j], [-bs_j, bc_j]]``), ``owner`` (block ->
  component), heterogeneity ``h``, number of components ``n``, ``u_star`` and an optional offset
  ``g`` (d,). Component i is ``F_i(u) = Q [Blk(w_i) Q^T (u - u*) + g * (n 1[owner = i] - 1)]`` with
  ``w_ij = (1-h) + h n 1[owner_j = i]`` (offsets average to 0, so F(u*) = 0 exactly; they do not
  change L but give a non-zero noise at u* for non-VR estimators); it is evaluated through ``Q`` and
  the blocks, never as a dense d x d matrix per component.
* ``kind = "columns"`` (VRH-M, VRH-G): ``M``, ``c``; ``n = d`` and ``F_i(u) = n M[:, i] u_i - c``.

Both carry the dense mean operator ``A, b`` with ``F(u) = A u - b`` (one matrix).

Oracle accounting (identical for every method): one full ``F`` = ``n`` calls, one component
``F_i`` = 1 call (a PAGE difference = ``2b``, a VR-FoRB / VR-EG step = 2, a snapshot = ``n``);
initial full evaluations count. ``trace["oracle_calls"][r]`` is the number of calls spent to produce
the iterate recorded at ``trace["k"][r]``. Residual evaluations for the trace are measurements and
are not counted.

Residual: ``||F(u)||`` without constraint; with a constraint (``proj="simplex2"``: product of two
probability simplices split at ``split``) the natural-map residual ``||u - Pi(u - F(u))||``.

Randomness is drawn in Python from ``make_rng(rng)`` and passed to the kernels (pure functions).
"""
from __future__ import annotations

from typing import Any, Mapping

import numpy as np
from numba import njit

from .._config import JIT
from .._validation import check_array, check_choice, check_float, check_int, make_rng, record_schedule
from ..result import SolverResult, Status

_PROJ = {"none": 0, "simplex2": 1}
_KIND = {"spectral": 0, "columns": 1}

# ----------------------------------------------------------------------------------------------
# jitted helpers
# ----------------------------------------------------------------------------------------------


@njit(**JIT)
def _simplex_seg(u, lo, hi):
    m = hi - lo
    s = np.sort(u[lo:hi])[::-1]
    css = 0.0
    theta = 0.0
    for i in range(m):
        css += s[i]
        t = (css - 1.0) / (i + 1)
        if s[i] - t > 0.0:
            theta = t
    for i in range(lo, hi):
        v = u[i] - theta
        u[i] = v if v > 0.0 else 0.0


@njit(**JIT)
def _project(u, proj, split):
    if proj == 1:
        _simplex_seg(u, 0, split)
        _simplex_seg(u, split, u.shape[0])


@njit(**JIT)
def _affine(A, b, u, out):
    """out = A u - b."""
    d = A.shape[0]
    for r in range(d):
        s = 0.0
        for q in range(A.shape[1]):
            s += A[r, q] * u[q]
        out[r] = s - b[r]


_GEMV_MIN_ENTRIES = 4096     # d >= 64: BLAS gemv beats the scalar loop (benchmarks/results/kernels.csv)


@njit(**JIT)
def _affine_blas(A, b, u, out):
    """out = A u - b through BLAS gemv when A is large (the scalar row loop of ``_affine`` cannot be
    vectorised without fastmath reassoc, which the project forbids); ``_affine`` otherwise."""
    if A.shape[0] * A.shape[1] < _GEMV_MIN_ENTRIES:
        _affine(A, b, u, out)
        return
    np.dot(A, u, out)
    for r in range(A.shape[0]):
        out[r] -= b[r]


@njit(**JIT)
def _norm(v):
    s = 0.0
    for i in range(v.shape[0]):
        s += v[i] * v[i]
    return np.sqrt(s)


@njit(**JIT)
def _all_finite(v):
    for i in range(v.shape[0]):
        if not np.isfinite(v[i]):
            return False
    return True


@njit(**JIT)
def _residual(u, Fu, proj, split, tmp):
    """||F(u)|| (proj = 0) or the natural-map residual ||u - Pi(u - F(u))||."""
    if proj == 0:
        return _norm(Fu)
    for i in range(u.shape[0]):
        tmp[i] = u[i] - Fu[i]
    _project(tmp, proj, split)
    s = 0.0
    for i in range(u.shape[0]):
        s += (u[i] - tmp[i]) ** 2
    return np.sqrt(s)


@njit(**JIT)
def _spec_apply(Q, ba, bs, bc, wt, v, g, off, t1, t2, out):
    """out = Q [Blk(wt) Q^T v + g * off] (Blk: 2x2 blocks scaled by wt_j; offset g scaled by off_j per block)."""
    d = Q.shape[0]
    for r in range(d):
        t1[r] = 0.0
    for q in range(d):
        vq = v[q]
        for r in range(d):
            t1[r] += Q[q, r] * vq
    for j in range(ba.shape[0]):
        y0 = t1[2 * j]
        y1 = t1[2 * j + 1]
        t2[2 * j] = wt[j] * (ba[j] * y0 + bs[j] * y1) + g[2 * j] * off[j]
        t2[2 * j + 1] = wt[j] * (-bs[j] * y0 + bc[j] * y1) + g[2 * j + 1] * off[j]
    for q in range(d):
        s = 0.0
        for r in range(d):
            s += Q[q, r] * t2[r]
        out[q] = s


@njit(**JIT)
def _component(kind, i, v, Q, ba, bs, bc, owner, h, n, ustar, g, M, c, wt, off, t1, t2, t3, out):
    """out = F_i(v) for component i (see module docstring)."""
    d = v.shape[0]
    if kind == 0:
        for j in range(ba.shape[0]):
            wt[j] = (1.0 - h) + (h * n if owner[j] == i else 0.0)
            off[j] = (n if owner[j] == i else 0.0) - 1.0
        for q in range(d):
            t3[q] = v[q] - ustar[q]
        _spec_apply(Q, ba, bs, bc, wt, t3, g, off, t1, t2, out)
    else:
        vi = v[i] * n
        for q in range(d):
            out[q] = M[q, i] * vi - c[q]


# ----------------------------------------------------------------------------------------------
# kernels
# ----------------------------------------------------------------------------------------------


@njit(**JIT)
def _fixed_point_kernel(A, b, x0, lam_num, lam_off, alpha, max_iter, rec):
    """x_{k+1} = lam_k x0 + (1-lam_k)((1-alpha) x_k + alpha T x_k), T x = A x + b, lam_k = lam_num/(k+lam_off).

    Records ||x_k - T x_k||.
    """
    d = x0.shape[0]
    x = x0.copy()
    Tx = np.empty(d)
    xn = np.empty(d)
    nb = np.empty(d)
    for i in range(d):
        nb[i] = -b[i]
    res = np.full(rec.shape[0], np.nan)
    ri = 0
    status = 0
    nit = max_iter
    for k in range(max_iter + 1):
        _affine_blas(A, nb, x, Tx)     # Tx = A x + b
        if not _all_finite(Tx):
            status = 2
            nit = k
            break
        if ri < rec.shape[0] and rec[ri] == k:
            s = 0.0
            for i in range(d):
                s += (x[i] - Tx[i]) ** 2
            res[ri] = np.sqrt(s)
            ri += 1
        if k == max_iter:
            break
        lam = lam_num / (k + lam_off)
        for i in range(d):
            xn[i] = lam * x0[i] + (1.0 - lam) * ((1.0 - alpha) * x[i] + alpha * Tx[i])
        if not _all_finite(xn):
            status = 2
            nit = k
            break
        x[:] = xn
    return x, res, nit, status


@njit(**JIT)
def _anchored_kernel(M, c, u0, eta, lam_num, lam_off, proj, split, max_iter, rec):
    """u_{k+1} = Pi(lam_k u0 + (1-lam_k)(u_k - eta F(u_k))), F(u) = M u - c; lam_num = 0 gives KM/GD."""
    d = u0.shape[0]
    u = u0.copy()
    Fu = np.empty(d)
    un = np.empty(d)
    tmp = np.empty(d)
    res = np.full(rec.shape[0], np.nan)
    ri = 0
    status = 0
    nit = max_iter
    for k in range(max_iter + 1):
        _affine(M, c, u, Fu)
        if not _all_finite(Fu):
            status = 2
            nit = k
            break
        if ri < rec.shape[0] and rec[ri] == k:
            res[ri] = _residual(u, Fu, proj, split, tmp)
            ri += 1
        if k == max_iter:
            break
        lam = lam_num / (k + lam_off)
        for i in range(d):
            un[i] = lam * u0[i] + (1.0 - lam) * (u[i] - eta * Fu[i])
        _project(un, proj, split)
        if not _all_finite(un):
            status = 2
            nit = k
            break
        u[:] = un
    return u, res, nit, status


@njit(**JIT)
def _eg_kernel(M, c, u0, eta, anchored, proj, split, max_iter, rec):
    """Extragradient (anchored = 0) or EAG with lam_k = 1/(k+2) (anchored = 1)."""
    d = u0.shape[0]
    u = u0.copy()
    Fu = np.empty(d)
    Fb = np.empty(d)
    base = np.empty(d)
    ub = np.empty(d)
    un = np.empty(d)
    tmp = np.empty(d)
    res = np.full(rec.shape[0], np.nan)
    ri = 0
    status = 0
    nit = max_iter
    for k in range(max_iter + 1):
        _affine(M, c, u, Fu)
        if not _all_finite(Fu):
            status = 2
            nit = k
            break
        if ri < rec.shape[0] and rec[ri] == k:
            res[ri] = _residual(u, Fu, proj, split, tmp)
            ri += 1
        if k == max_iter:
            break
        lam = 1.0 / (k + 2.0) if anchored == 1 else 0.0
        for i in range(d):
            base[i] = lam * u0[i] + (1.0 - lam) * u[i]
            ub[i] = base[i] - eta * Fu[i]
        _project(ub, proj, split)
        _affine(M, c, ub, Fb)
        for i in range(d):
            un[i] = base[i] - eta * Fb[i]
        _project(un, proj, split)
        if not _all_finite(un):
            status = 2
            nit = k
            break
        u[:] = un
    return u, res, nit, status


@njit(**JIT)
def _page_kernel(A, bvec, Q, ba, bs, bc, ustar, g, h, n, b, u0, eta, lams, ps, coins, ind, vr,
                 proj, split, max_iter, rec):
    """Alg. 1 (Halpern + PAGE) on a spectral finite sum; vr = 0: minibatch Halpern without VR.

    ``ind[k, j] = 1`` iff the owner of block j is in the minibatch S_k (a uniform b-subset of [n]),
    so that (1/b) sum_{i in S_k} w_ij = (1-h) + (h n / b) ind[k, j].
    """
    d = u0.shape[0]
    nblk = ba.shape[0]
    u = u0.copy()
    up = u0.copy()
    Ft = np.zeros(d)
    Fu = np.empty(d)
    un = np.empty(d)
    wt = np.empty(nblk)
    off = np.empty(nblk)
    t1 = np.empty(d)
    t2 = np.empty(d)
    dv = np.empty(d)
    g1 = np.empty(d)
    g2 = np.empty(d)
    tmp = np.empty(d)
    nrec = rec.shape[0]
    res = np.full(nrec, np.nan)
    calls_rec = np.zeros(nrec, dtype=np.int64)
    calls = 0
    ri = 0
    status = 0
    nit = max_iter
    for k in range(max_iter + 1):
        if ri < nrec and rec[ri] == k:
            _affine(A, bvec, u, Fu)
            res[ri] = _residual(u, Fu, proj, split, tmp)
            calls_rec[ri] = calls
            ri += 1
        if k == max_iter:
            break
        for j in range(nblk):
            wt[j] = (1.0 - h) + (h * n / b) * ind[k, j]
            off[j] = (n / b) * ind[k, j] - 1.0
        if vr == 1 and coins[k] < ps[k]:
            _affine(A, bvec, u, Ft)
            calls += n
        elif vr == 1:
            for q in range(d):
                dv[q] = u[q] - ustar[q]
            _spec_apply(Q, ba, bs, bc, wt, dv, g, off, t1, t2, g1)
            for q in range(d):
                dv[q] = up[q] - ustar[q]
            _spec_apply(Q, ba, bs, bc, wt, dv, g, off, t1, t2, g2)
            for q in range(d):
                Ft[q] += g1[q] - g2[q]
            calls += 2 * b
        else:
            for q in range(d):
                dv[q] = u[q] - ustar[q]
            _spec_apply(Q, ba, bs, bc, wt, dv, g, off, t1, t2, Ft)
            calls += b
        lam = lams[k]
        for q in range(d):
            un[q] = lam * u0[q] + (1.0 - lam) * u[q] - eta * Ft[q]
        _project(un, proj, split)
        if not _all_finite(un):
            status = 2
            nit = k
            break
        up[:] = u
        u[:] = un
    return u, res, calls_rec, calls, nit, status


@njit(**JIT)
def _inexact_halpern_kernel(kind, A, bvec, Q, ba, bs, bc, owner, h, n, ustar, g, M, c, u0, eta,
                            gamma, p, Ms, idx, coins, lam_num, lam_off, proj, split, hasJ,
                            Jmat, Jvec, max_iter, rec):
    """Alg. 2: u_{k+1} = lam_k u0 + (1-lam_k) ut_k, ut_k = VR-FoRB(Phi_k, M_k) ~ J_{eta(F+G)}(u_k).

    Phi_k(v) = eta F(v) + v - u_k. Records at outer k: the true residual (resolvent residual
    ||u_k - J(u_k)||/eta if hasJ, else the natural-map residual at u_k), the naive certificate
    ||u_k - ut_k||/eta, the certificate (||u_k - ut_k|| + ||Phi_k(ut_k)||)/eta, and calls spent to
    produce u_k.
    """
    d = u0.shape[0]
    nblk = ba.shape[0]
    alpha = 1.0 - p
    u = u0.copy()
    v = np.empty(d)
    w = np.empty(d)
    wp = np.empty(d)
    vb = np.empty(d)
    vn = np.empty(d)
    Fw = np.empty(d)
    PhiW = np.empty(d)
    Fa = np.empty(d)
    Fb = np.empty(d)
    Fu = np.empty(d)
    tmp = np.empty(d)
    wt = np.empty(max(nblk, 1))
    off = np.empty(max(nblk, 1))
    t1 = np.empty(d)
    t2 = np.empty(d)
    t3 = np.empty(d)
    nrec = rec.shape[0]
    res = np.full(nrec, np.nan)
    cert = np.full(nrec, np.nan)
    naive = np.full(nrec, np.nan)
    resv = np.full(nrec, np.nan)
    calls_rec = np.zeros(nrec, dtype=np.int64)
    calls = 0
    ptr = 0
    ri = 0
    status = 0
    nit = max_iter
    for k in range(max_iter + 1):
        calls_before = calls
        # ---- inner VR-FoRB on Phi_k ----
        v[:] = u
        w[:] = u
        wp[:] = u
        _affine(A, bvec, w, Fw)
        calls += n
        for q in range(d):
            PhiW[q] = eta * Fw[q] + w[q] - u[q]
        for j in range(Ms[k]):
            i = idx[ptr]
            coin = coins[ptr]
            ptr += 1
            _component(kind, i, v, Q, ba, bs, bc, owner, h, n, ustar, g, M, c, wt, off, t1, t2, t3, Fa)
            _component(kind, i, wp, Q, ba, bs, bc, owner, h, n, ustar, g, M, c, wt, off, t1, t2, t3, Fb)
            calls += 2
            for q in range(d):
                vb[q] = alpha * v[q] + (1.0 - alpha) * w[q]
                vn[q] = vb[q] - gamma * (PhiW[q] + eta * (Fa[q] - Fb[q]) + v[q] - wp[q])
            _project(vn, proj, split)
            wp[:] = w
            if coin < p:
                w[:] = vn
                _affine(A, bvec, w, Fw)
                calls += n
                for q in range(d):
                    PhiW[q] = eta * Fw[q] + w[q] - u[q]
            v[:] = vn
        if not _all_finite(v):
            status = 2
            nit = k
            break
        # ---- records ----
        if ri < nrec and rec[ri] == k:
            if hasJ == 1:
                _affine(Jmat, Jvec, u, tmp)     # tmp = Jmat u - Jvec  (caller passes -Jvec)
                s = 0.0
                for q in range(d):
                    s += (u[q] - tmp[q]) ** 2
                res[ri] = np.sqrt(s) / eta
            else:
                _affine(A, bvec, u, Fu)
                res[ri] = _residual(u, Fu, proj, split, tmp)
            _affine(A, bvec, v, Fu)
            resv[ri] = _residual(v, Fu, proj, split, tmp)
            s1 = 0.0
            s2 = 0.0
            for q in range(d):
                s1 += (u[q] - v[q]) ** 2
                s2 += (eta * Fu[q] + v[q] - u[q]) ** 2
            naive[ri] = np.sqrt(s1) / eta
            cert[ri] = (np.sqrt(s1) + np.sqrt(s2)) / eta
            calls_rec[ri] = calls_before
            ri += 1
        if k == max_iter:
            break
        lam = lam_num / (k + lam_off)
        for q in range(d):
            u[q] = lam * u0[q] + (1.0 - lam) * v[q]
    return u, res, naive, cert, resv, calls_rec, calls, nit, status


@njit(**JIT)
def _vreg_kernel(kind, A, bvec, Q, ba, bs, bc, owner, h, n, ustar, g, M, c, u0, tau, p, idx, coins,
                 proj, split, max_iter, rec):
    """Loopless VR-EG (Alacaoglu & Malitsky, Alg. 1) with uniform sampling."""
    d = u0.shape[0]
    nblk = ba.shape[0]
    alpha = 1.0 - p
    z = u0.copy()
    w = u0.copy()
    Fw = np.empty(d)
    zb = np.empty(d)
    zh = np.empty(d)
    zn = np.empty(d)
    Fa = np.empty(d)
    Fb = np.empty(d)
    Fu = np.empty(d)
    tmp = np.empty(d)
    wt = np.empty(max(nblk, 1))
    off = np.empty(max(nblk, 1))
    t1 = np.empty(d)
    t2 = np.empty(d)
    t3 = np.empty(d)
    nrec = rec.shape[0]
    res = np.full(nrec, np.nan)
    calls_rec = np.zeros(nrec, dtype=np.int64)
    _affine(A, bvec, w, Fw)
    calls = n
    ri = 0
    status = 0
    nit = max_iter
    for k in range(max_iter + 1):
        if ri < nrec and rec[ri] == k:
            _affine(A, bvec, z, Fu)
            res[ri] = _residual(z, Fu, proj, split, tmp)
            calls_rec[ri] = calls
            ri += 1
        if k == max_iter:
            break
        for q in range(d):
            zb[q] = alpha * z[q] + (1.0 - alpha) * w[q]
            zh[q] = zb[q] - tau * Fw[q]
        _project(zh, proj, split)
        i = idx[k]
        _component(kind, i, zh, Q, ba, bs, bc, owner, h, n, ustar, g, M, c, wt, off, t1, t2, t3, Fa)
        _component(kind, i, w, Q, ba, bs, bc, owner, h, n, ustar, g, M, c, wt, off, t1, t2, t3, Fb)
        calls += 2
        for q in range(d):
            zn[q] = zb[q] - tau * (Fw[q] + Fa[q] - Fb[q])
        _project(zn, proj, split)
        if not _all_finite(zn):
            status = 2
            nit = k
            break
        z[:] = zn
        if coins[k] < p:
            w[:] = z
            _affine(A, bvec, w, Fw)
            calls += n
    return z, res, calls_rec, calls, nit, status


# ----------------------------------------------------------------------------------------------
# wrappers
# ----------------------------------------------------------------------------------------------


def _data(problem) -> Mapping[str, Any]:
    data = getattr(problem, "data", problem)
    if not isinstance(data, Mapping):
        raise ValueError(f"problem must be a Problem or a mapping of arrays, got {type(problem).__name__!r}")
    return data


def _proj_args(proj, split, d):
    proj = check_choice("proj", proj, _PROJ)
    code = _PROJ[proj]
    if code == 1:
        split = check_int("split", split, min_value=1, max_value=d - 1)
    else:
        split = 0
    return code, split


def _result(x, res, rec, nit, status, calls_rec=None, calls=0, nfev=0, extra_trace=None, extra=None):
    status = Status(int(status))
    trace = {"k": rec, "residual": res}
    if calls_rec is not None:
        trace["oracle_calls"] = np.asarray(calls_rec, dtype=np.int64)
    if extra_trace:
        trace.update(extra_trace)
    if status == Status.DIVERGED:
        keep = rec <= nit
        trace = {key: val[keep] for key, val in trace.items()}
    fin = res[np.isfinite(res)]
    fun = float(fin[-1]) if fin.size else float("nan")
    return SolverResult(x=np.asarray(x), fun=fun, nit=int(nit), nfev=int(nfev), status=status,
                        trace=trace, oracle_calls=int(calls), extra=dict(extra or {}))


def _affine_args(M, c, u0, names=("M", "c", "u0")):
    u0 = check_array(names[2], u0, ndim=1)
    d = u0.shape[0]
    M = check_array(names[0], M, shape=(d, d))
    c = check_array(names[1], c, shape=(d,))
    return M, c, u0, d


def halpern_fixed_point(A, b, x0, *, max_iter=1000, record_at=None, lam_offset=2.0) -> SolverResult:
    """Halpern iteration for the affine nonexpansive map ``T(x) = A x + b`` (Lieder 2021):
    ``x_{k+1} = x0/(k+lam_offset) + (1 - 1/(k+lam_offset)) T x_k``. Trace: ``||x_k - T x_k||``.

    With ``lam_offset = 2`` (the classical schedule) ``||x_k - T x_k|| <= 2||x_0 - x*||/(k+1)``.
    """
    A, b, x0, _ = _affine_args(A, b, x0, ("A", "b", "x0"))
    max_iter = check_int("max_iter", max_iter, min_value=1)
    lam_offset = check_float("lam_offset", lam_offset, lower=1.0)
    rec = record_schedule(max_iter, record_at)
    x, res, nit, st = _fixed_point_kernel(A, b, x0, 1.0, lam_offset, 1.0, max_iter, rec)
    return _result(x, res, rec, nit, st, nfev=nit)


def krasnoselskii_mann(A, b, x0, *, alpha=0.5, max_iter=1000, record_at=None) -> SolverResult:
    """Krasnoselskii-Mann ``x_{k+1} = (1-alpha) x_k + alpha T x_k`` for ``T(x) = A x + b``.
    Trace: ``||x_k - T x_k||`` (Theta(k^{-1/2}) worst case)."""
    A, b, x0, _ = _affine_args(A, b, x0, ("A", "b", "x0"))
    max_iter = check_int("max_iter", max_iter, min_value=1)
    alpha = check_float("alpha", alpha, lower=0.0, upper=1.0, lower_open=True)
    rec = record_schedule(max_iter, record_at)
    x, res, nit, st = _fixed_point_kernel(A, b, x0, 0.0, 1.0, alpha, max_iter, rec)
    return _result(x, res, rec, nit, st, nfev=nit)


def halpern_operator(M, c, u0, *, eta, n_components=1, lam_num=1.0, lam_offset=2.0, proj="none",
                     split=None, max_iter=1000, record_at=None) -> SolverResult:
    """Halpern in operator form (Diakonikolas 2020; Cai et al. 2024, deterministic baseline):
    ``u_{k+1} = Pi(lam_k u0 + (1-lam_k)(u_k - eta F(u_k)))``, ``F(u) = M u - c``,
    ``lam_k = lam_num/(k+lam_offset)``. For 1/L-cocoercive F and ``eta = 2/L``:
    ``||F(u_k)|| <= L||u_0 - u*||/(k+1)``. One full F per iteration = ``n_components`` oracle calls.
    """
    M, c, u0, d = _affine_args(M, c, u0)
    eta = check_float("eta", eta, positive=True)
    n = check_int("n_components", n_components, min_value=1)
    lam_num = check_float("lam_num", lam_num, nonnegative=True)
    lam_offset = check_float("lam_offset", lam_offset, positive=True)
    if lam_num > lam_offset:
        raise ValueError(f"lam_num must be <= lam_offset (lam_0 <= 1), got {lam_num!r}")
    max_iter = check_int("max_iter", max_iter, min_value=1)
    pc, sp = _proj_args(proj, split, d)
    rec = record_schedule(max_iter, record_at)
    x, res, nit, st = _anchored_kernel(M, c, u0, eta, lam_num, lam_offset, pc, sp, max_iter, rec)
    return _result(x, res, rec, nit, st, calls_rec=rec * n, calls=nit * n, nfev=nit)


def km_operator(M, c, u0, *, eta, n_components=1, proj="none", split=None, max_iter=1000,
                record_at=None) -> SolverResult:
    """Krasnoselskii-Mann / projected forward step ``u_{k+1} = Pi(u_k - eta F(u_k))`` (no anchor).
    With ``eta = 1/L`` on a 1/L-cocoercive F this is KM with alpha = 1/2 on ``I - (2/L) F``."""
    M, c, u0, d = _affine_args(M, c, u0)
    eta = check_float("eta", eta, positive=True)
    n = check_int("n_components", n_components, min_value=1)
    max_iter = check_int("max_iter", max_iter, min_value=1)
    pc, sp = _proj_args(proj, split, d)
    rec = record_schedule(max_iter, record_at)
    x, res, nit, st = _anchored_kernel(M, c, u0, eta, 0.0, 1.0, pc, sp, max_iter, rec)
    return _result(x, res, rec, nit, st, calls_rec=rec * n, calls=nit * n, nfev=nit)


def extragradient(M, c, u0, *, eta, anchored=False, n_components=1, proj="none", split=None,
                  max_iter=1000, record_at=None) -> SolverResult:
    """Extragradient (``anchored=False``) or EAG (Yoon & Ryu 2021, anchor ``1/(k+2)`` inside both
    steps). Two full F per iteration (``2 n_components`` oracle calls)."""
    M, c, u0, d = _affine_args(M, c, u0)
    eta = check_float("eta", eta, positive=True)
    n = check_int("n_components", n_components, min_value=1)
    max_iter = check_int("max_iter", max_iter, min_value=1)
    pc, sp = _proj_args(proj, split, d)
    rec = record_schedule(max_iter, record_at)
    x, res, nit, st = _eg_kernel(M, c, u0, eta, 1 if anchored else 0, pc, sp, max_iter, rec)
    return _result(x, res, rec, nit, st, calls_rec=2 * rec * n, calls=2 * nit * n, nfev=2 * nit)


def eag(M, c, u0, *, eta, **kw) -> SolverResult:
    """EAG: :func:`extragradient` with ``anchored=True``."""
    return extragradient(M, c, u0, eta=eta, anchored=True, **kw)


# ---- finite sums ------------------------------------------------------------------------------

_EMPTY2 = np.zeros((0, 0))
_EMPTY1 = np.zeros(0)
_EMPTYI = np.zeros(0, dtype=np.int64)


def _finite_sum(problem):
    """Validated kernel arguments of a finite-sum operator (see module docstring)."""
    data = _data(problem)
    kind = check_choice("kind", data.get("kind"), _KIND)
    A = check_array("A", data.get("A"), ndim=2)
    d = A.shape[0]
    A = check_array("A", A, shape=(d, d))
    bvec = check_array("b", data.get("b"), shape=(d,))
    if kind == "spectral":
        if d % 2:
            raise ValueError(f"A must have even dimension for 2x2 blocks, got {d!r}")
        nb = d // 2
        Q = check_array("Q", data.get("Q"), shape=(d, d))
        ba = check_array("ba", data.get("ba"), shape=(nb,))
        bs = check_array("bs", data.get("bs"), shape=(nb,))
        bc = check_array("bc", data.get("bc"), shape=(nb,))
        n = check_int("n", data.get("n"), min_value=2)
        owner = check_array("owner", data.get("owner"), shape=(nb,), dtype=np.int64)
        if owner.min() < 0 or owner.max() >= n:
            raise ValueError(f"owner must lie in [0, n={n}), got {owner!r}")
        h = check_float("h", data.get("h"), lower=0.0, upper=1.0)
        ustar = check_array("u_star", data.get("u_star"), shape=(d,))
        g = check_array("g", data.get("g", np.zeros(d)), shape=(d,))
        M, c = _EMPTY2, _EMPTY1
    else:
        n = d
        if n < 2:
            raise ValueError(f"n must be >= 2, got {n!r}")
        M = check_array("M", data.get("M"), shape=(d, d))
        c = check_array("c", data.get("c"), shape=(d,))
        Q, ba, bs, bc, owner, h, ustar, g = _EMPTY2, _EMPTY1, _EMPTY1, _EMPTY1, _EMPTYI, 0.0, _EMPTY1, _EMPTY1
    return dict(kind=_KIND[kind], A=A, bvec=bvec, Q=Q, ba=ba, bs=bs, bc=bc, owner=owner, h=h,
                n=n, ustar=ustar, g=g, M=M, c=c, d=d)


def page_schedules(n, max_iter, *, lam_num=2.0, lam_offset=4.0, p_num=4.0, p_offset=4.0,
                   p_switch=None):
    """Alg. 1 schedules: ``lam_k = lam_num/(k+lam_offset)``; ``p_k = 1`` for k <= 1,
    ``p_num/(k+p_offset)`` for 2 <= k <= p_switch (default sqrt(n)+1), ``p_num/(p_switch+p_offset)`` after."""
    k = np.arange(max_iter, dtype=np.float64)
    sw = np.sqrt(n) + 1.0 if p_switch is None else float(p_switch)
    lams = lam_num / (k + lam_offset)
    ps = np.minimum(1.0, p_num / (np.minimum(k, sw) + p_offset))
    ps[:2] = 1.0
    return np.ascontiguousarray(lams), np.ascontiguousarray(ps)


def page_expected_calls(n, b, ps):
    """Exact expected cumulative oracle calls E[N_1(K)] = sum_{k<K} [p_k n + (1-p_k) 2b], K = 0..len(ps)."""
    per = ps * n + (1.0 - ps) * 2.0 * b
    return np.concatenate([[0.0], np.cumsum(per)])


def _minibatch_indicators(owner, n, b, K, rng):
    """ind[k, j] = 1 iff owner_j is in S_k, S_k a uniform b-subset of [n] (exact law, without
    listing S_k): |S_k cap O| is hypergeometric, and the subset of O is uniform given its size."""
    uo, pos = np.unique(owner, return_inverse=True)
    m = uo.shape[0]
    if m < n:
        s = rng.hypergeometric(m, n - m, b, size=K)
    else:
        s = np.full(K, b, dtype=np.int64)
    keys = rng.random((K, m))
    ranks = np.argsort(np.argsort(keys, axis=1), axis=1)
    chosen = ranks < s[:, None]
    return np.ascontiguousarray(chosen[:, pos].astype(np.int64))


def halpern_page(problem, u0=None, *, eta=None, batch=None, variance_reduced=True, lam_num=2.0,
                 lam_offset=4.0, p_num=4.0, p_offset=4.0, p_switch=None, proj="none", split=None,
                 max_iter=1000, record_at=None, rng=None) -> SolverResult:
    """Alg. 1 of Cai, Alacaoglu & Diakonikolas (ICLR 2024): Halpern + PAGE on a spectral finite sum
    (cocoercive case). ``u_{k+1} = Pi(lam_k u0 + (1-lam_k) u_k - eta Ft_k)``; ``Ft_k = F(u_k)`` w.p.
    ``p_k`` (cost n) else ``Ft_{k-1} + (1/b) sum_{S_k}[F_i(u_k) - F_i(u_{k-1})]`` (cost 2b).
    Defaults: ``b = floor(sqrt(n))``, ``eta = 1/L`` (``problem.constants["L"]``).
    ``variance_reduced=False``: minibatch Halpern ``Ft_k = (1/b) sum_{S_k} F_i(u_k)`` (cost b; control).
    Trace: residual, oracle_calls; ``extra["expected_calls"]`` is the exact E[N_1(k)] at the records.
    """
    fs = _finite_sum(problem)
    if fs["kind"] != 0:
        raise ValueError("kind must be 'spectral' for halpern_page, got 'columns'")
    n, d = fs["n"], fs["d"]
    u0 = check_array("u0", problem.x0 if u0 is None else u0, shape=(d,))
    if eta is None:
        eta = 1.0 / float(problem.constants["L"])
    eta = check_float("eta", eta, positive=True)
    b = int(np.floor(np.sqrt(n))) if batch is None else check_int("batch", batch, min_value=1, max_value=n)
    max_iter = check_int("max_iter", max_iter, min_value=1)
    lam_num = check_float("lam_num", lam_num, positive=True)
    lam_offset = check_float("lam_offset", lam_offset, positive=True)
    if lam_num > lam_offset:
        raise ValueError(f"lam_num must be <= lam_offset (lam_0 <= 1), got {lam_num!r}")
    p_num = check_float("p_num", p_num, positive=True)
    p_offset = check_float("p_offset", p_offset, positive=True)
    if p_switch is not None:
        p_switch = check_float("p_switch", p_switch, nonnegative=True)
    pc, sp = _proj_args(proj, split, d)
    rec = record_schedule(max_iter, record_at)
    gen = make_rng(rng)
    lams, ps = page_schedules(n, max_iter, lam_num=lam_num, lam_offset=lam_offset, p_num=p_num,
                              p_offset=p_offset, p_switch=p_switch)
    coins = gen.random(max_iter)
    ind = _minibatch_indicators(fs["owner"], n, b, max_iter, gen)
    x, res, calls_rec, calls, nit, st = _page_kernel(
        fs["A"], fs["bvec"], fs["Q"], fs["ba"], fs["bs"], fs["bc"], fs["ustar"], fs["g"], fs["h"], n, b, u0,
        eta, lams, ps, coins, ind, 1 if variance_reduced else 0, pc, sp, max_iter, rec)
    exp_calls = page_expected_calls(n, b, ps)[rec] if variance_reduced else rec * float(b)
    return _result(x, res, rec, nit, st, calls_rec=calls_rec, calls=calls, nfev=nit,
                   extra=dict(expected_calls=exp_calls, batch=b, eta=eta))


def inner_schedule(n, max_iter, *, inner_c=0.05, inner_const=None):
    """M_k for k = 0..max_iter: ``floor(inner_c n ln(k+2))`` (code schedule) or a constant."""
    k = np.arange(max_iter + 1, dtype=np.float64)
    if inner_const is not None:
        return np.full(max_iter + 1, int(inner_const), dtype=np.int64)
    return np.maximum(1, np.floor(inner_c * n * np.log(k + 2.0))).astype(np.int64)


def inexact_halpern(problem, u0=None, *, eta=None, gamma=None, gamma0=1.0, inner_c=0.05,
                    inner_const=None, lam_num=1.0, lam_offset=2.0, proj="none", split=None,
                    max_iter=100, record_at=None, rng=None) -> SolverResult:
    """Alg. 2 of Cai, Alacaoglu & Diakonikolas (ICLR 2024): inexact Halpern on the resolvent
    ``J = J_{eta(F+G)}`` with a VR-FoRB inner solver (Alacaoglu & Malitsky 2021) on
    ``Phi_k(v) = eta F(v) + v - u_k``; ``u_{k+1} = lam_k u0 + (1-lam_k) ut_k``.

    Defaults: ``eta = sqrt(n)/L``, inner ``p = 1/n``, ``gamma = gamma0 sqrt(p(1-p))/(1+eta L)``,
    ``M_k = floor(inner_c n ln(k+2))`` (or ``inner_const``).

    Trace (at outer iteration k): ``residual`` = true resolvent residual ``||u_k - J(u_k)||/eta``
    (exact, unconstrained affine F; natural-map residual at u_k when constrained),
    ``certificate`` = ``(||u_k - ut_k|| + ||Phi_k(ut_k)||)/eta`` and ``naive_certificate`` =
    ``||u_k - ut_k||/eta``, ``residual_inner`` = ``||F(ut_k)||`` (natural-map residual if constrained)
    at the inner output, ``oracle_calls`` spent to produce u_k.

    Certificate validity (unconstrained): ``z* = J(u_k)`` solves ``Phi_k(z*) = 0`` and ``Phi_k`` is
    1-strongly monotone (F monotone), so ``||v - z*||^2 <= <Phi_k(v) - Phi_k(z*), v - z*> <=
    ||Phi_k(v)|| ||v - z*||``, i.e. ``||v - z*|| <= ||Phi_k(v)||``; the triangle inequality gives
    ``||u_k - J(u_k)|| <= ||u_k - ut_k|| + ||Phi_k(ut_k)||``. Evaluating it costs one full F
    (n calls), not included in ``oracle_calls``.
    """
    fs = _finite_sum(problem)
    n, d = fs["n"], fs["d"]
    u0 = check_array("u0", problem.x0 if u0 is None else u0, shape=(d,))
    L = float(problem.constants["L"]) if hasattr(problem, "constants") and "L" in problem.constants else None
    if eta is None:
        if L is None:
            raise ValueError("eta must be given when the problem has no constant L, got None")
        eta = np.sqrt(n) / L
    eta = check_float("eta", eta, positive=True)
    p = 1.0 / n
    if gamma is None:
        if L is None:
            raise ValueError("gamma must be given when the problem has no constant L, got None")
        gamma0 = check_float("gamma0", gamma0, positive=True)
        gamma = gamma0 * np.sqrt(p * (1.0 - p)) / (1.0 + eta * L)
    gamma = check_float("gamma", gamma, positive=True)
    max_iter = check_int("max_iter", max_iter, min_value=1)
    inner_c = check_float("inner_c", inner_c, positive=True)
    if inner_const is not None:
        inner_const = check_int("inner_const", inner_const, min_value=0)
    lam_num = check_float("lam_num", lam_num, positive=True)
    lam_offset = check_float("lam_offset", lam_offset, positive=True)
    pc, sp = _proj_args(proj, split, d)
    rec = record_schedule(max_iter, record_at)
    Ms = inner_schedule(n, max_iter, inner_c=inner_c, inner_const=inner_const)
    gen = make_rng(rng)
    total = int(Ms.sum())
    idx = gen.integers(0, n, size=total).astype(np.int64)
    coins = gen.random(total)
    hasJ = 1 if pc == 0 else 0
    if hasJ:
        Jmat = np.linalg.inv(np.eye(d) + eta * fs["A"])
        Jvec = -(Jmat @ (eta * fs["bvec"]))       # kernel computes Jmat u - Jvec
    else:
        Jmat, Jvec = np.zeros((d, d)), np.zeros(d)
    x, res, naive, cert, resv, calls_rec, calls, nit, st = _inexact_halpern_kernel(
        fs["kind"], fs["A"], fs["bvec"], fs["Q"], fs["ba"], fs["bs"], fs["bc"], fs["owner"], fs["h"],
        n, fs["ustar"], fs["g"], fs["M"], fs["c"], u0, eta, gamma, p, Ms, idx, coins, lam_num, lam_offset,
        pc, sp, hasJ, np.ascontiguousarray(Jmat), np.ascontiguousarray(Jvec), max_iter, rec)
    return _result(x, res, rec, nit, st, calls_rec=calls_rec, calls=calls, nfev=nit,
                   extra_trace={"certificate": cert, "naive_certificate": naive, "residual_inner": resv},
                   extra=dict(eta=eta, gamma=gamma, inner_steps=Ms))


def vr_extragradient(problem, u0=None, *, tau=None, tau0=1.0, proj="none", split=None,
                     max_iter=1000, record_at=None, rng=None) -> SolverResult:
    """Loopless VR-EG (Alacaoglu & Malitsky 2021, Alg. 1): ``p = 1/n``, ``alpha = 1-p``,
    default ``tau = tau0 sqrt(1-alpha)/L``. Cost 2 per step plus n per snapshot (and n initially)."""
    fs = _finite_sum(problem)
    n, d = fs["n"], fs["d"]
    u0 = check_array("u0", problem.x0 if u0 is None else u0, shape=(d,))
    p = 1.0 / n
    if tau is None:
        tau0 = check_float("tau0", tau0, positive=True)
        tau = tau0 * np.sqrt(p) / float(problem.constants["L"])
    tau = check_float("tau", tau, positive=True)
    max_iter = check_int("max_iter", max_iter, min_value=1)
    pc, sp = _proj_args(proj, split, d)
    rec = record_schedule(max_iter, record_at)
    gen = make_rng(rng)
    idx = gen.integers(0, n, size=max_iter).astype(np.int64)
    coins = gen.random(max_iter)
    x, res, calls_rec, calls, nit, st = _vreg_kernel(
        fs["kind"], fs["A"], fs["bvec"], fs["Q"], fs["ba"], fs["bs"], fs["bc"], fs["owner"], fs["h"],
        n, fs["ustar"], fs["g"], fs["M"], fs["c"], u0, tau, p, idx, coins, pc, sp, max_iter, rec)
    return _result(x, res, rec, nit, st, calls_rec=calls_rec, calls=calls, nfev=nit)


__all__ = ["halpern_fixed_point", "krasnoselskii_mann", "halpern_operator", "km_operator",
           "extragradient", "eag", "halpern_page", "inexact_halpern", "vr_extragradient",
           "page_schedules", "page_expected_calls", "inner_schedule"]
