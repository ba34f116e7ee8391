"""Plain NumPy references of the ``dpp_least_squares`` kernels (same algorithms, same uniforms).

``basis_ref`` <-> ``_basis_kernel``; ``iid_ref`` <-> ``_iid_kernel``; ``dpp_ref`` <-> ``_dpp_kernel``;
``wls_batch_ref`` <-> ``_wls_batch_kernel``; ``gram_update_ref`` / ``band_ref`` <-> the stability kernels.
"""
from __future__ import annotations

import math

import numpy as np

from theorylab.bench import BenchCase
from theorylab.solvers import dpp_least_squares as dls


def phi_1d_ref(x: float, a: int) -> float:
    return float(np.polynomial.legendre.legval(x, np.eye(a + 1)[a]) * math.sqrt(2 * a + 1))


def basis_ref(X, idx):
    X = np.asarray(X, float).reshape(len(X), -1)
    idx = np.asarray(idx, np.int64)
    maxdeg = int(idx.max())
    # normalised Legendre values per coordinate via numpy's legvander
    V = np.stack([np.polynomial.legendre.legvander(X[:, i], maxdeg) * np.sqrt(2 * np.arange(maxdeg + 1) + 1.0)
                  for i in range(X.shape[1])], axis=0)          # (d, n, maxdeg+1)
    Phi = np.ones((X.shape[0], idx.shape[0]))
    for i in range(X.shape[1]):
        Phi *= V[i][:, idx[:, i]]
    return Phi


def _draw_point_ref(idx, U, pos, mode):
    m, d = idx.shape
    if mode in (1, 2):
        if pos + d > U.size:
            return None, -1
        u = U[pos:pos + d]
        x = np.cos(np.pi * u) if mode == 1 else 2.0 * u - 1.0
        return x, pos + d
    if pos >= U.size:
        return None, -1
    j = min(int(U[pos] * m), m - 1)
    pos += 1
    x = np.empty(d)
    for i in range(d):
        a = int(idx[j, i])
        while True:
            if pos + 2 > U.size:
                return None, -1
            th = np.pi * U[pos]
            xx, s = math.cos(th), math.sin(th)
            p = phi_1d_ref(xx, a)
            u = U[pos + 1]
            pos += 2
            if 4.0 * u < p * p * math.pi * s:
                break
        x[i] = xx
    return x, pos


def iid_ref(idx, n_points, U, mode):
    d = idx.shape[1]
    X = np.zeros((n_points, d))
    pos = 0
    for p in range(n_points):
        x, pos = _draw_point_ref(idx, U, pos, mode)
        if pos < 0:
            return X, 0, False
        X[p] = x
    return X, pos, True


def dpp_ref(idx, n_samples, U, mode, accept):
    m, d = idx.shape
    X = np.zeros((n_samples, m, d))
    props = np.zeros(n_samples, np.int64)
    pos = 0
    for s in range(n_samples):
        Q = np.zeros((0, m))
        for t in range(m):
            while True:
                x, pos = _draw_point_ref(idx, U, pos, mode)
                if pos < 0:
                    return X, props, 0, False
                props[s] += 1
                v = basis_ref(x[None, :], idx)[0]
                r = v - Q.T @ (Q @ v)
                r = r - Q.T @ (Q @ r)
                nv, nr = v @ v, r @ r
                if not accept:
                    if nr > 0:
                        break
                    continue
                if pos >= U.size:
                    return X, props, 0, False
                u = U[pos]
                pos += 1
                if u * nv < nr:
                    break
            Q = np.vstack([Q, r / math.sqrt(nr)])
            X[s, t] = x
    return X, props, pos, True


def wls_batch_ref(Phi, y, w):
    R, n, m = Phi.shape
    C = np.zeros((R, m))
    gdev, lmin, logdet, res = (np.zeros(R) for _ in range(4))
    status = np.zeros(R, np.int64)
    for k in range(R):
        s = np.sqrt(w[k] / n)
        A, b = s[:, None] * Phi[k], s * y[k]
        c, _, _, sv = np.linalg.lstsq(A, b, rcond=-1)
        if not (np.all(np.isfinite(b)) and np.all(np.isfinite(c))):
            status[k] = 2
            gdev[k] = lmin[k] = logdet[k] = res[k] = np.nan
            continue
        ev = sv ** 2
        gdev[k] = max(abs(ev.max() - 1), abs(ev.min() - 1))
        lmin[k] = ev.min()
        logdet[k] = 2 * np.log(sv).sum()
        res[k] = float(np.sum((b - A @ c) ** 2))
        C[k] = c
    return C, gdev, lmin, logdet, res, status


def gram_update_ref(S, B, w):
    return S + (B * w[:, None]).T @ B


def band_ref(S, n, lo, hi):
    ev = np.linalg.eigvalsh(S / n)
    return bool(ev[0] > lo and ev[-1] < hi)


# --------------------------------------------------------------------------- benchmark cases

def _dpp_inputs(size, rng):
    idx = dls.legendre_indices(size)
    return {"idx": idx, "n_samples": 20, "U": rng.random(20 * 40 * size * size + 1000), "mode": 0, "accept": True}


def _iid_inputs(size, rng):
    idx = dls.legendre_indices(10)
    return {"idx": idx, "n_points": size, "U": rng.random(20 * size + 100), "mode": 0}


def _basis_inputs(size, rng):
    return {"X": rng.uniform(-1, 1, (size, 1)), "idx": dls.legendre_indices(30)}


def _wls_inputs(size, rng):
    Phi = rng.standard_normal((size, 40, 8))
    return {"Phi": Phi, "y": rng.standard_normal((size, 40)), "w": rng.uniform(0.5, 2.0, (size, 40))}


BENCH_CASES = [
    BenchCase("dpp_chain_rule", _dpp_inputs, dls._dpp_kernel, dpp_ref, sizes=(4, 16),
              work=lambda a: (float(a["n_samples"] * a["idx"].shape[0] ** 3 * 8), 8.0 * a["U"].size), size_name="m",
              growth_sizes=(8, 16, 32, 64), expected_slope=3.0),   # m H_m proposals x O(m j) each: ~m^3 log m
    BenchCase("iid_rho_m", _iid_inputs, dls._iid_kernel, iid_ref, sizes=(1000, 100000),
              work=lambda a: (float(a["n_points"] * 60), 8.0 * a["U"].size)),
    BenchCase("legendre_basis", _basis_inputs, dls._basis_kernel, basis_ref, sizes=(1000, 200000),
              work=lambda a: (float(a["X"].shape[0] * 30 * 8), 8.0 * a["X"].shape[0] * 31)),
    BenchCase("wls_batch", _wls_inputs, dls._wls_batch_kernel, wls_batch_ref, sizes=(10, 2000),
              work=lambda a: (float(a["Phi"].shape[0] * 40 * 64 * 6), 8.0 * a["Phi"].size * 2), size_name="R"),
]
