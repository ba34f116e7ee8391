"""Plain NumPy references of the kernels in :mod:`theorylab.solvers.halpern` (same algorithm,
same pre-drawn randomness, same argument lists), and the family's ``BENCH_CASES``."""
from __future__ import annotations

import numpy as np

from theorylab.bench import BenchCase
from theorylab.solvers import halpern as H


def _proj(u, proj, split):
    if proj != 1:
        return u
    out = u.copy()
    for lo, hi in ((0, split), (split, u.shape[0])):
        s = np.sort(u[lo:hi])[::-1]
        css = np.cumsum(s)
        j = np.arange(1, hi - lo + 1)
        t = (css - 1.0) / j
        rho = np.nonzero(s - t > 0)[0][-1]
        out[lo:hi] = np.maximum(u[lo:hi] - t[rho], 0.0)
    return out


def _residual(u, Fu, proj, split):
    if proj == 0:
        return np.linalg.norm(Fu)
    return np.linalg.norm(u - _proj(u - Fu, proj, split))


def _spec(Q, ba, bs, bc, wt, v, g, off):
    y = Q.T @ v
    y0, y1 = y[0::2], y[1::2]
    t = np.empty_like(y)
    t[0::2] = wt * (ba * y0 + bs * y1) + g[0::2] * off
    t[1::2] = wt * (-bs * y0 + bc * y1) + g[1::2] * off
    return Q @ t


def _component(kind, i, v, Q, ba, bs, bc, owner, h, n, ustar, g, M, c):
    if kind == 0:
        own = owner == i
        wt = (1.0 - h) + h * n * own
        off = n * own - 1.0
        return _spec(Q, ba, bs, bc, wt, v - ustar, g, off)
    return M[:, i] * (v[i] * n) - c


def fixed_point(A, b, x0, lam_num, lam_off, alpha, max_iter, rec):
    x = x0.copy()
    res = np.full(rec.shape[0], np.nan)
    for k in range(max_iter + 1):
        Tx = A @ x + b
        if k in rec:
            res[np.searchsorted(rec, k)] = np.linalg.norm(x - Tx)
        if k == max_iter:
            break
        lam = lam_num / (k + lam_off)
        x = lam * x0 + (1 - lam) * ((1 - alpha) * x + alpha * Tx)
    return x, res, max_iter, 0


def anchored(M, c, u0, eta, lam_num, lam_off, proj, split, max_iter, rec):
    u = u0.copy()
    res = np.full(rec.shape[0], np.nan)
    for k in range(max_iter + 1):
        Fu = M @ u - c
        if k in rec:
            res[np.searchsorted(rec, k)] = _residual(u, Fu, proj, split)
        if k == max_iter:
            break
        lam = lam_num / (k + lam_off)
        u = _proj(lam * u0 + (1 - lam) * (u - eta * Fu), proj, split)
    return u, res, max_iter, 0


def eg(M, c, u0, eta, anchored_flag, proj, split, max_iter, rec):
    u = u0.copy()
    res = np.full(rec.shape[0], np.nan)
    for k in range(max_iter + 1):
        Fu = M @ u - c
        if k in rec:
            res[np.searchsorted(rec, k)] = _residual(u, Fu, proj, split)
        if k == max_iter:
            break
        lam = 1.0 / (k + 2.0) if anchored_flag else 0.0
        base = lam * u0 + (1 - lam) * u
        ub = _proj(base - eta * Fu, proj, split)
        u = _proj(base - eta * (M @ ub - c), proj, split)
    return u, res, max_iter, 0


def page(A, bvec, Q, ba, bs, bc, ustar, g, h, n, b, u0, eta, lams, ps, coins, ind, vr, proj, split,
         max_iter, rec):
    u, up = u0.copy(), u0.copy()
    Ft = np.zeros_like(u0)
    res = np.full(rec.shape[0], np.nan)
    calls_rec = np.zeros(rec.shape[0], dtype=np.int64)
    calls = 0
    for k in range(max_iter + 1):
        if k in rec:
            r = np.searchsorted(rec, k)
            res[r] = _residual(u, A @ u - bvec, proj, split)
            calls_rec[r] = calls
        if k == max_iter:
            break
        wt = (1.0 - h) + (h * n / b) * ind[k]
        off = (n / b) * ind[k] - 1.0
        if vr and coins[k] < ps[k]:
            Ft = A @ u - bvec
            calls += n
        elif vr:
            Ft = Ft + _spec(Q, ba, bs, bc, wt, u - ustar, g, off) - _spec(Q, ba, bs, bc, wt, up - ustar, g, off)
            calls += 2 * b
        else:
            Ft = _spec(Q, ba, bs, bc, wt, u - ustar, g, off)
            calls += b
        un = _proj(lams[k] * u0 + (1 - lams[k]) * u - eta * Ft, proj, split)
        up, u = u, un
    return u, res, calls_rec, calls, max_iter, 0


def inexact_halpern(kind, A, bvec, Q, ba, bs, bc, owner, h, n, ustar, g, M, c, u0, eta, gamma, p, Ms,
                    idx, coins, lam_num, lam_off, proj, split, hasJ, Jmat, Jvec, max_iter, rec):
    alpha = 1.0 - p
    u = u0.copy()
    nrec = rec.shape[0]
    res, naive, cert = np.full(nrec, np.nan), np.full(nrec, np.nan), np.full(nrec, np.nan)
    resv = np.full(nrec, np.nan)
    calls_rec = np.zeros(nrec, dtype=np.int64)
    calls, ptr = 0, 0
    comp = lambda i, v: _component(kind, i, v, Q, ba, bs, bc, owner, h, n, ustar, g, M, c)  # noqa: E731
    for k in range(max_iter + 1):
        before = calls
        v, w, wp = u.copy(), u.copy(), u.copy()
        PhiW = eta * (A @ w - bvec) + w - u
        calls += n
        for _ in range(Ms[k]):
            i, coin = idx[ptr], coins[ptr]
            ptr += 1
            Fa, Fb = comp(i, v), comp(i, wp)
            calls += 2
            vb = alpha * v + (1 - alpha) * w
            vn = _proj(vb - gamma * (PhiW + eta * (Fa - Fb) + v - wp), proj, split)
            wp = w.copy()
            if coin < p:
                w = vn.copy()
                PhiW = eta * (A @ w - bvec) + w - u
                calls += n
            v = vn
        if k in rec:
            r = np.searchsorted(rec, k)
            if hasJ:
                res[r] = np.linalg.norm(u - (Jmat @ u - Jvec)) / eta
            else:
                res[r] = _residual(u, A @ u - bvec, proj, split)
            resv[r] = _residual(v, A @ v - bvec, proj, split)
            a1 = np.linalg.norm(u - v)
            a2 = np.linalg.norm(eta * (A @ v - bvec) + v - u)
            naive[r], cert[r], calls_rec[r] = a1 / eta, (a1 + a2) / eta, before
        if k == max_iter:
            break
        lam = lam_num / (k + lam_off)
        u = lam * u0 + (1 - lam) * v
    return u, res, naive, cert, resv, calls_rec, calls, max_iter, 0


def vreg(kind, A, bvec, Q, ba, bs, bc, owner, h, n, ustar, g, M, c, u0, tau, p, idx, coins, proj, split,
         max_iter, rec):
    alpha = 1.0 - p
    z, w = u0.copy(), u0.copy()
    Fw = A @ w - bvec
    calls = n
    res = np.full(rec.shape[0], np.nan)
    calls_rec = np.zeros(rec.shape[0], dtype=np.int64)
    comp = lambda i, v: _component(kind, i, v, Q, ba, bs, bc, owner, h, n, ustar, g, M, c)  # noqa: E731
    for k in range(max_iter + 1):
        if k in rec:
            r = np.searchsorted(rec, k)
            res[r] = _residual(z, A @ z - bvec, proj, split)
            calls_rec[r] = calls
        if k == max_iter:
            break
        zb = alpha * z + (1 - alpha) * w
        zh = _proj(zb - tau * Fw, proj, split)
        i = idx[k]
        z = _proj(zb - tau * (Fw + comp(i, zh) - comp(i, w)), proj, split)
        calls += 2
        if coins[k] < p:
            w = z.copy()
            Fw = A @ w - bvec
            calls += n
    return z, res, calls_rec, calls, max_iter, 0


# ----------------------------------------------------------------------------------------------
# benchmark cases: public wrappers need the problem; kernels get raw arrays


def _rotation_inputs(size, rng):
    from theorylab.problems import halpern as P
    p = P.make_rotation(size // 2, rng=rng)
    rec = np.array([0, 200], dtype=np.int64)
    return dict(A=p.A, b=p.b, x0=p.x0, lam_num=1.0, lam_off=2.0, alpha=1.0, max_iter=200, rec=rec)


def _page_inputs(size, rng):
    from theorylab.problems import halpern as P
    p = P.make_cocoercive_sum(size, kappa=2.0, sigma=0.5, rng=rng)
    fs = H._finite_sum(p)
    K = 200
    b = int(np.sqrt(size))
    lams, ps = H.page_schedules(size, K)
    coins = rng.random(K)
    ind = H._minibatch_indicators(fs["owner"], size, b, K, rng)
    return dict(A=fs["A"], bvec=fs["bvec"], Q=fs["Q"], ba=fs["ba"], bs=fs["bs"], bc=fs["bc"], ustar=fs["ustar"],
                g=fs["g"], h=fs["h"], n=size, b=b, u0=p.x0, eta=1.0 / p.L, lams=lams, ps=ps, coins=coins, ind=ind,
                vr=1, proj=0, split=0, max_iter=K, rec=np.array([0, K], dtype=np.int64))


def _inexact_inputs(size, rng):
    from theorylab.problems import halpern as P
    p = P.make_monotone_sum(size, d=20, kappa=2.0, rng=rng)
    fs = H._finite_sum(p)
    K = 5
    Ms = H.inner_schedule(size, K, inner_c=0.3)
    eta = np.sqrt(size) / p.L
    Jmat = np.linalg.inv(np.eye(fs["d"]) + eta * fs["A"])
    return dict(kind=0, A=fs["A"], bvec=fs["bvec"], Q=fs["Q"], ba=fs["ba"], bs=fs["bs"], bc=fs["bc"],
                owner=fs["owner"], h=fs["h"], n=size, ustar=fs["ustar"], g=fs["g"], M=fs["M"], c=fs["c"], u0=p.x0,
                eta=eta, gamma=3.0 / size, p=1.0 / size, Ms=Ms, idx=rng.integers(0, size, int(Ms.sum())),
                coins=rng.random(int(Ms.sum())), lam_num=1.0, lam_off=2.0, proj=0, split=0, hasJ=1, Jmat=Jmat,
                Jvec=-(Jmat @ (eta * fs["bvec"])), max_iter=K, rec=np.arange(K + 1, dtype=np.int64))


BENCH_CASES = [
    BenchCase("halpern_fixed_point", _rotation_inputs, H._fixed_point_kernel, fixed_point, (20, 400),
              work=lambda a: (2.0 * a["A"].size * a["max_iter"], 8.0 * a["A"].size * a["max_iter"])),
    BenchCase("halpern_page", _page_inputs, H._page_kernel, page, (64, 16384),
              work=lambda a: (8.0 * a["Q"].size * a["max_iter"], 8.0 * a["Q"].size * a["max_iter"])),
    BenchCase("inexact_halpern_vrforb", _inexact_inputs, H._inexact_halpern_kernel, inexact_halpern, (64, 1024),
              work=lambda a: (8.0 * a["Q"].size * a["Ms"].sum(), 16.0 * a["Q"].size * a["Ms"].sum())),
]
