"""Plain NumPy references of the matrix-sensing kernels (same algorithm, same signatures and outputs)."""
from __future__ import annotations

import numpy as np

from theorylab.bench import BenchCase
from theorylab.solvers import matrix_sensing as S


def subgm_kernel(A, y, U0, etas, sign_loss, xstar, record_at, out_err):
    """Reference of ``_subgm_kernel``: U <- U - eta_t (2/m) mat(A^T w) U, w = sign(A vec(UU^T) - y) or the residual."""
    m = A.shape[0]
    d = U0.shape[0]
    U = U0.copy()
    rec, status, nit = 0, 0, etas.size
    for t in range(etas.size + 1):
        while rec < record_at.size and record_at[rec] == t:
            out_err[rec] = np.linalg.norm(U @ U.T - xstar)
            rec += 1
        if t == etas.size:
            break
        w = A @ (U @ U.T).ravel() - y
        if sign_loss:
            w = np.sign(w)
        Un = U - etas[t] * (2.0 / m) * (A.T @ w).reshape(d, d) @ U
        if not np.all(np.isfinite(Un)):
            status, nit = 2, t
            break
        U = Un
    return U, status, nit, rec


def _residual(A, y, P, L, R):
    if A.shape[0] > 0:
        return (A.T @ (A @ P.ravel() - y)).reshape(P.shape)
    return P - L @ R.T


def sym_gd_kernel(A, y, L, R, X0, eta, T, record_at, out_err):
    """Reference of ``_sym_gd_kernel``: X <- X - eta Rt X."""
    X = X0.copy()
    rec, status, nit = 0, 0, T
    for t in range(T + 1):
        while rec < record_at.size and record_at[rec] == t:
            out_err[rec] = np.linalg.norm(X @ X.T - L @ R.T)
            rec += 1
        if t == T:
            break
        Xn = X - eta * _residual(A, y, X @ X.T, L, R) @ X
        if not np.all(np.isfinite(Xn)):
            status, nit = 2, t
            break
        X = Xn
    return X, status, nit, rec


def asym_gd_kernel(A, y, L, R, F0, G0, eta, T, sequential, record_at, out_err, out_F, out_G):
    """Reference of ``_asym_gd_kernel``: F <- F - eta Rt G, G <- G - eta Rt^T F (old or, if sequential, new F)."""
    F, G = F0.copy(), G0.copy()
    store = out_F.shape[0] > 0
    rec, status, nit = 0, 0, T
    for t in range(T + 1):
        while rec < record_at.size and record_at[rec] == t:
            out_err[rec] = np.linalg.norm(F @ G.T - L @ R.T)
            if store:
                out_F[rec], out_G[rec] = F, G
            rec += 1
        if t == T:
            break
        Rt = _residual(A, y, F @ G.T, L, R)
        Fn = F - eta * Rt @ G
        if sequential:
            Rt = _residual(A, y, Fn @ G.T, L, R)
            Gn = G - eta * Rt.T @ Fn
        else:
            Gn = G - eta * Rt.T @ F
        if not (np.all(np.isfinite(Fn)) and np.all(np.isfinite(Gn))):
            status, nit = 2, t
            break
        F, G = Fn, Gn
    return F, G, status, nit, rec


# ----------------------------------------------------------------------------------------------
# benchmark cases (size = d for SubGM, n for GD)

def _subgm_inputs(size, rng):
    from theorylab.problems import matrix_sensing as P
    p = P.make_robust_sensing(d=size, r=2, r_search=4, m=40 * size * 4, rng=rng)
    T = 100
    rec = np.array([0, T], dtype=np.int64)
    return dict(A=p.A, y=p.y, U0=1e-3 * p.x0, etas=0.5 * 0.99 ** np.arange(T), sign_loss=True,
                xstar=p.X_star, record_at=rec, out_err=np.zeros(2))


def _sym_inputs(size, rng):
    from theorylab.problems import matrix_sensing as P
    p = P.make_lowrank_sensing(n=size, r=3, k=5, rng=rng)
    T = 500
    return dict(A=np.zeros((0, size * size)), y=np.zeros(0), L=p.L, R=p.R, X0=0.05 * p.F0n, eta=0.2, T=T,
                record_at=np.array([0, T], dtype=np.int64), out_err=np.zeros(2))


def _asym_inputs(size, rng):
    from theorylab.problems import matrix_sensing as P
    p = P.make_lowrank_sensing(n=size, r=3, k=5, sym=False, rng=rng)
    T = 500
    return dict(A=np.zeros((0, size * size)), y=np.zeros(0), L=p.L, R=p.R, F0=0.05 * p.F0n,
                G0=0.05 / 3 * p.G0n, eta=0.2, T=T, sequential=False, record_at=np.array([0, T], dtype=np.int64),
                out_err=np.zeros(2), out_F=np.zeros((0, size, 5)), out_G=np.zeros((0, size, 5)))


BENCH_CASES = [
    BenchCase("matrix_sensing_subgm", _subgm_inputs, S._subgm_kernel, subgm_kernel, (10, 30), size_name="d",
              work=lambda a: (4.0 * a["A"].size * a["etas"].size, 16.0 * a["A"].size * a["etas"].size)),
    BenchCase("matrix_sensing_sym_gd", _sym_inputs, S._sym_gd_kernel, sym_gd_kernel, (50, 400),
              work=lambda a: (4.0 * a["X0"].size * (a["X0"].shape[1] + 3) * a["T"], 8.0 * 3 * a["X0"].size * a["T"])),
    BenchCase("matrix_sensing_asym_gd", _asym_inputs, S._asym_gd_kernel, asym_gd_kernel, (50, 400),
              work=lambda a: (8.0 * a["F0"].size * (a["F0"].shape[1] + 3) * a["T"], 8.0 * 6 * a["F0"].size * a["T"])),
]
