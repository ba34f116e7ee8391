"""Plain NumPy references of the ``online_sea`` kernels (same algorithms, same pre-drawn randomness)."""
from __future__ import annotations

import math

import numpy as np

from theorylab.bench import BenchCase


def _grad(t, x, gA, gB, xi, lsa, lsy):
    g = gA * x - gB[t % gB.shape[0]]
    if xi.shape[0]:
        g = g - xi[t]
    if lsa.shape[0]:
        g = g + lsa[t] * (lsa[t] @ x - lsy[t])
    return g


def _gaps(t, x, fA, fB, U):
    u = U[t % U.shape[0]]
    b = fB[t % fB.shape[0]]
    pr = 0.5 * fA @ (x * x - u * u) - b @ (x - u)
    lr = (fA * x - b) @ (x - u)
    return pr, lr


def _ball(y, R):
    n = np.linalg.norm(y)
    return y * (R / n) if n > R else y.copy()


def _recorder(ks):
    out = {name: np.full(len(ks), np.nan) for name in ("pr", "lr", "avg", "last")}
    for i, k in enumerate(ks):
        if k == 0:
            out["pr"][i] = 0.0
            out["lr"][i] = 0.0
    return out


def _record(out, ks, t, PR, LR, xbar, pr, fA, fB, U):
    for i in np.flatnonzero(ks == t + 1):
        out["pr"][i] = PR
        out["lr"][i] = LR
        out["avg"][i] = _gaps(t, xbar, fA, fB, U)[0]
        out["last"][i] = pr


def omd(x0, T, R, step_rule, D, G, delta, lam, c, eta0, hint_mode, rho, z,
        gA, gB, xi, lsa, lsy, fA, fB, U, ks):
    d = x0.shape[0]
    out = _recorder(ks)
    xh, M, V, PR, LR, xbar = x0.copy(), np.zeros(d), 0.0, 0.0, 0.0, np.zeros(d)
    x = x0.copy()
    for t in range(T):
        eta = [D / math.sqrt(delta + 4 * G * G + V), c / (lam * (t + 1)), eta0, c / math.sqrt(t + 1.0)][step_rule]
        if hint_mode == 0:
            M = np.zeros(d)
        elif hint_mode in (2, 3):
            M = _grad(t, xh, gA, gB, xi, lsa, lsy)
            if hint_mode == 3:
                M = M + rho * z[t]
        x = _ball(xh - eta * M, R)
        g = _grad(t, x, gA, gB, xi, lsa, lsy)
        pr, lr = _gaps(t, x, fA, fB, U)
        PR += pr
        LR += lr
        xbar += (x - xbar) / (t + 1.0)
        xh = _ball(xh - eta * g, R)
        V += float(np.sum((g - M) ** 2))
        if hint_mode == 1:
            M = g.copy()
        _record(out, ks, t, PR, LR, xbar, pr, fA, fB, U)
    return x, out["pr"], out["lr"], out["avg"], out["last"], V


def oftrl(x0, T, R, D, nu, gA, gB, xi, lsa, lsy, fA, fB, U, ks):
    d = x0.shape[0]
    out = _recorder(ks)
    S, M, acc, PR, LR, xbar = np.zeros(d), np.zeros(d), 0.0, 0.0, 0.0, np.zeros(d)
    x = x0.copy()
    for t in range(T):
        eta = D * D / (nu + acc)
        x = _ball(x0.copy() if t == 0 else -eta * (S + M), R)
        g = _grad(t, x, gA, gB, xi, lsa, lsy)
        pr, lr = _gaps(t, x, fA, fB, U)
        PR += pr
        LR += lr
        acc += eta * float(np.sum((g - M) ** 2))
        S = S + g
        M = g.copy()
        xbar += (x - xbar) / (t + 1.0)
        _record(out, ks, t, PR, LR, xbar, pr, fA, fB, U)
    return x, out["pr"], out["lr"], out["avg"]


def oftl(x0, T, R, mu, gA, gB, xi, lsa, lsy, fA, fB, U, ks):
    d = x0.shape[0]
    out = _recorder(ks)
    W, M, PR, LR, xbar = np.zeros(d), np.zeros(d), 0.0, 0.0, np.zeros(d)
    x = x0.copy()
    for t in range(T):
        x = _ball(x0.copy() if t == 0 else (W - M / mu) / t, R)
        g = _grad(t, x, gA, gB, xi, lsa, lsy)
        pr, lr = _gaps(t, x, fA, fB, U)
        PR += pr
        LR += lr
        W = W + x - g / mu
        M = g.copy()
        xbar += (x - xbar) / (t + 1.0)
        _record(out, ks, t, PR, LR, xbar, pr, fA, fB, U)
    return x, out["pr"], out["lr"], out["avg"]


def proj_unorm(Um, y, R):
    """argmin_{||x||<=R} ||x - y||_U: bisection on nu in (U + nu I) x = U y (reference, via np.linalg.solve)."""
    if np.linalg.norm(y) <= R:
        return y.copy()
    Uy = Um @ y
    I = np.eye(len(y))
    lo, hi = 0.0, 1.0
    while np.linalg.norm(np.linalg.solve(Um + hi * I, Uy)) > R:
        lo, hi = hi, 2 * hi
    for _ in range(400):
        mid = 0.5 * (lo + hi)
        x = np.linalg.solve(Um + mid * I, Uy)
        if np.linalg.norm(x) > R:
            lo = mid
        else:
            hi = mid
        if abs(np.linalg.norm(x) - R) <= 1e-12 * R or hi - lo <= 1e-15 * max(1.0, hi):
            break
    return np.linalg.solve(Um + hi * I, Uy)


def ons(x0, T, R, beta, delta, variant, gA, gB, xi, lsa, lsy, fA, fB, U, ks):
    d = x0.shape[0]
    out = _recorder(ks)
    Um = delta * np.eye(d)
    xh, M, PR, LR, xbar = x0.copy(), np.zeros(d), 0.0, 0.0, np.zeros(d)
    x = x0.copy()
    for t in range(T):
        x = proj_unorm(Um, xh - np.linalg.solve(Um, M), R)
        g = _grad(t, x, gA, gB, xi, lsa, lsy)
        pr, lr = _gaps(t, x, fA, fB, U)
        PR += pr
        LR += lr
        v = g - M if variant == 1 else g
        Um = Um + 0.5 * beta * np.outer(v, v)
        xh = proj_unorm(Um, xh - np.linalg.solve(Um, g), R)
        M = g.copy()
        xbar += (x - xbar) / (t + 1.0)
        _record(out, ks, t, PR, LR, xbar, pr, fA, fB, U)
    return x, out["pr"], out["lr"], out["avg"]


def proj_simplex(y):
    u = np.sort(y)[::-1]
    css = np.cumsum(u)
    idx = np.arange(1, len(y) + 1)
    ok = u - (css - 1) / idx > 0
    r = idx[ok][-1]
    theta = (css[r - 1] - 1) / r
    return np.maximum(y - theta, 0.0)


def experts(Lmat, geometry, hint_mode, scale, ks):
    T, d = Lmat.shape
    reg = np.full(len(ks), np.nan)
    vinf = np.full(len(ks), np.nan)
    v2s = np.full(len(ks), np.nan)
    reg[ks == 0] = 0.0
    vinf[ks == 0] = 0.0
    v2s[ks == 0] = 0.0
    xh = np.full(d, 1.0 / d)
    Lh, M, Vi, V2, loss = np.zeros(d), np.zeros(d), 0.0, 0.0, 0.0
    x = xh.copy()
    for t in range(T):
        if hint_mode == 1 and t > 0:
            M = Lmat[t - 1].copy()
        if geometry == 0:
            eta = scale * math.sqrt(math.log(d) / (1.0 + Vi))
            y = -eta * (Lh + M)
            w = np.exp(y - y.max())
            x = w / w.sum()
        else:
            eta = scale * math.sqrt(2.0) / math.sqrt(1.0 + V2)
            x = proj_simplex(xh - eta * M)
        loss += float(x @ Lmat[t])
        diff = np.abs(Lmat[t] - M)
        Vi += float(diff.max()) ** 2
        V2 += float(diff @ diff)
        Lh = Lh + Lmat[t]
        if geometry == 1:
            xh = proj_simplex(xh - eta * Lmat[t])
        for i in np.flatnonzero(ks == t + 1):
            reg[i] = loss - Lh.min()
            vinf[i] = Vi
            v2s[i] = V2
    return x, reg, vinf, v2s


def ensemble(x0, T, R, etas, meta_scale, DG, gA, gB, xi, lsa, lsy, fA, fB, U, ks):
    d = x0.shape[0]
    N = len(etas)
    out = _recorder(ks)
    XH = np.tile(x0, (N, 1))
    M, Lcum, Vm, PR, LR, xbar = np.zeros(d), np.zeros(N), 0.0, 0.0, 0.0, np.zeros(d)
    logN = math.log(N) if N > 1 else 1.0
    x = x0.copy()
    for t in range(T):
        XB = np.array([_ball(XH[i] - etas[i] * M, R) for i in range(N)])
        eps = meta_scale * math.sqrt(logN / (DG * DG + Vm))
        mh = XB @ M
        w = -eps * (Lcum + mh)
        w = np.exp(w - w.max())
        w /= w.sum()
        x = w @ XB
        g = _grad(t, x, gA, gB, xi, lsa, lsy)
        pr, lr = _gaps(t, x, fA, fB, U)
        PR += pr
        LR += lr
        lo = XB @ g - g @ x
        Vm += float(np.max(np.abs(lo - mh))) ** 2
        Lcum = Lcum + lo
        XH = np.array([_ball(XH[i] - etas[i] * g, R) for i in range(N)])
        M = g.copy()
        xbar += (x - xbar) / (t + 1.0)
        _record(out, ks, t, PR, LR, xbar, pr, fA, fB, U)
    return x, out["pr"], out["lr"], out["avg"]


# --------------------------------------------------------------------------- benchmark cases
def _sea_inputs(size, rng, noise=True):
    from theorylab.problems.online_sea import make_sea_iid
    p = make_sea_iid(int(size), 10, a=0.1, s=0.3 if noise else 0.0, rng=rng)
    return p


def _omd_inputs(size, rng):
    from theorylab.solvers.online_sea import stream_arrays
    p = _sea_inputs(size, rng)
    T, d, R, arrs = stream_arrays(p)
    ks = np.array([0, T // 2, T], dtype=np.int64)
    names = ("gA", "gB", "xi", "lsa", "lsy", "fA", "fB", "U")
    base = dict(x0=np.zeros(d), T=T, R=R, step_rule=0, D=2.0, G=p.G, delta=1.0, lam=1.0, c=1.0, eta0=0.0,
                hint_mode=1, rho=0.0, z=np.zeros((0, d)))
    base.update(dict(zip(names, arrs)))
    base["ks"] = ks
    return base


def _omd_jit(**kw):
    from theorylab.solvers.online_sea import _omd_kernel
    return _omd_kernel(*kw.values())


def _omd_ref(**kw):
    return omd(*kw.values())


def _experts_inputs(size, rng):
    from theorylab.problems.online_sea import make_experts
    p = make_experts(2048, int(size), rng=rng)
    return dict(Lmat=p.losses, geometry=0, hint_mode=1, scale=1.0, ks=np.array([0, 2048], dtype=np.int64))


def _experts_jit(**kw):
    from theorylab.solvers.online_sea import _experts_kernel
    return _experts_kernel(*kw.values())


def _experts_ref(**kw):
    return experts(*kw.values())


BENCH_CASES = [
    BenchCase("online_sea.optimistic_omd", _omd_inputs, _omd_jit, _omd_ref, sizes=(1024, 65536),
              work=lambda kw: (40.0 * kw["T"] * 10, 8.0 * 2 * kw["T"] * 10), size_name="T"),
    BenchCase("online_sea.optimistic_hedge", _experts_inputs, _experts_jit, _experts_ref, sizes=(8, 1024),
              work=lambda kw: (10.0 * kw["Lmat"].size, 8.0 * kw["Lmat"].size), size_name="d"),
]


def _stream_case(kind):
    def make(size, rng):
        from theorylab.problems import online_sea as P
        from theorylab.solvers.online_sea import stream_arrays
        if kind == "ons":
            p = P.make_sea_ls(int(size), np.geomspace(1.0, 0.1, 5), s=0.3, rng=rng)
        elif kind == "ens":
            p = P.make_sea_dyn(int(size), omega=0.01, s=0.3, rng=rng)
        else:
            p = P.make_sea_iid(int(size), 10, a=1.0, s=0.3, b=0.3 * np.ones(10) / np.sqrt(10), rng=rng)
        T, d, R, arrs = stream_arrays(p)
        head = {"oftrl": dict(x0=np.zeros(d), T=T, R=R, D=2.0, nu=5.0),
                "oftl": dict(x0=np.zeros(d), T=T, R=R, mu=1.0),
                "ons": dict(x0=np.zeros(d), T=T, R=R, beta=0.05, delta=1.0, variant=0),
                "ens": dict(x0=np.zeros(d), T=T, R=R, etas=np.geomspace(0.01, 0.25, 6), meta_scale=1.0,
                            DG=3.0)}[kind]
        head.update(dict(zip(("gA", "gB", "xi", "lsa", "lsy", "fA", "fB", "U"), arrs)))
        head["ks"] = np.array([0, T], dtype=np.int64)
        return head

    def jit(**kw):
        from theorylab.solvers import online_sea as S
        fn = {"oftrl": S._oftrl_kernel, "oftl": S._oftl_kernel, "ons": S._ons_kernel,
              "ens": S._ensemble_kernel}[kind]
        return fn(*kw.values())

    def refn(**kw):
        return {"oftrl": oftrl, "oftl": oftl, "ons": ons, "ens": ensemble}[kind](*kw.values())
    return make, jit, refn


for _kind, _sizes in (("oftrl", (1024, 65536)), ("oftl", (1024, 65536)), ("ons", (256, 8192)),
                      ("ens", (256, 16384))):
    _m, _j, _r = _stream_case(_kind)
    BENCH_CASES.append(BenchCase(f"online_sea.{_kind}", _m, _j, _r, sizes=_sizes, size_name="T"))
