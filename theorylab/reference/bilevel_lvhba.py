"""Plain NumPy reference of the LV-HBA kernel (theorylab.solvers.bilevel_lvhba._lvhba_kernel):
same algorithm, same argument list, same outputs (the kernel is deterministic)."""
from __future__ import annotations

import numpy as np

from theorylab.bench import BenchCase


def lvhba_reference(QF, qF, Qf, qf, G, h, n, zlo, zhi, proj_kind, P, wc, pix, piy,
                    w_init, z_init, th_init, lam_init, eta, alpha, beta, gamma1, gamma2, c_lo, p,
                    inner_mode, lam_sign, use_v, record_at):
    d = w_init.shape[0]
    m = d - n
    l = zlo.shape[0]
    R = record_at.shape[0]
    W, ZR, TH, LA = np.zeros((R, d)), np.zeros((R, l)), np.zeros((R, m)), np.zeros((R, l))
    w, z, th, lam = w_init.copy(), z_init.copy(), th_init.copy(), lam_init.copy()
    K = int(record_at[-1])
    r, status, nit = 0, 0, 0
    Gx, Gy = G[:, :n], G[:, n:]

    def proj(v):
        if proj_kind == 0:
            return wc + P @ (v - wc)
        if proj_kind == 1:
            v = v.copy()
            for i, j in zip(pix, piy):
                if v[j] > v[i]:
                    v[i] = v[j] = 0.5 * (v[i] + v[j])
        return v

    for k in range(K + 1):
        if r < R and record_at[r] == k:
            W[r], ZR[r], TH[r], LA[r] = w, z, th, lam
            r += 1
        if k == K:
            break
        ck = c_lo * (k + 1.0) ** p
        x, y = w[:n], w[n:]
        wt = np.concatenate([x, th])
        gt = Qf @ wt + qf
        gv = G @ wt + h
        th_new = th - eta * (gt[n:] + Gy.T @ lam + (th - y) / gamma1)
        if inner_mode == 1:
            gv = G @ np.concatenate([x, th_new]) + h
        lam_new = np.clip(lam + lam_sign * eta * (gv - (lam - z) / gamma2), zlo, zhi)
        gF = QF @ w + qF
        gf = Qf @ w + qf
        gt2 = Qf @ np.concatenate([x, th_new]) + qf
        dx = gF[:n] / ck + gf[:n]
        dy = gF[n:] / ck + gf[n:]
        if use_v:
            dx = dx - gt2[:n] - Gx.T @ lam_new
            dy = dy - (y - th_new) / gamma1
        w_new = proj(w - alpha * np.concatenate([dx, dy]))
        dz = -(lam_new - z) / gamma2 if use_v else np.zeros(l)
        z_new = np.clip(z - beta * dz, zlo, zhi)
        if not (np.all(np.isfinite(w_new)) and np.all(np.isfinite(th_new)) and np.all(np.isfinite(lam_new))
                and np.all(np.isfinite(z_new))):
            status = 2
            break
        w, th, lam, z = w_new, th_new, lam_new, z_new
        nit = k + 1
    return W, ZR, TH, LA, r, status, nit, w, z, th, lam


def _inputs(size: int, rng: np.random.Generator, K: int = 2000) -> dict:
    from theorylab.problems.bilevel_lvhba import make_llc_random
    from theorylab.solvers.bilevel_lvhba import _arrays
    prob = make_llc_random(size, rng=rng)
    A = _arrays(prob)
    d = prob.data
    return dict(A, w_init=prob.x0.copy(), z_init=d["z0"].copy(), th_init=d["theta0"].copy(),
                lam_init=d["lam0"].copy(), eta=0.02, alpha=0.005, beta=0.01, gamma1=1.0, gamma2=1.0,
                c_lo=1.0, p=0.25, inner_mode=0, lam_sign=1.0, use_v=True,
                record_at=np.array([0, K // 2, K], dtype=np.int64))


def _kernel(**kw):
    from theorylab.solvers.bilevel_lvhba import _lvhba_kernel
    return _lvhba_kernel(**kw)


def _work(inputs) -> tuple[float, float]:
    d = inputs["w_init"].shape[0]
    K = float(inputs["record_at"][-1])
    # per iteration: 4 dense d x d matvecs with Qf/QF and the d x d projector, ~2 d^2 flops each;
    # the matrices are re-read every iteration (8 bytes per entry)
    return K * 5 * 2.0 * d * d, K * 5 * 8.0 * d * d


BENCH_CASES = [
    BenchCase(name="bilevel_lvhba.lvhba", make_inputs=_inputs, jitted=_kernel, reference=lvhba_reference,
              sizes=(10, 100), work=_work, size_name="n"),
]
