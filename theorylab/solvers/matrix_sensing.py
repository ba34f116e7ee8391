"""Low-rank matrix sensing: sub-gradient method on the l1 loss and gradient descent on the l2 loss.

* :func:`subgm` — SubGM of Ma & Fattahi (JMLR 2023, arXiv:2202.08788, Alg. 1): symmetric factor
  ``U U^T``, l1 loss ``(1/m)||y - A(UU^T)||_1``, small init ``alpha * B``, geometric step
  ``eta0 * rho**t``. With ``rho = 1`` it is constant-step SubGM (control C4).
* :func:`l2_gd` — the same factored iteration on the l2 loss (control C1: GD under outliers).
* :func:`sym_gd` / :func:`asym_gd` — randomly initialised GD of Xiong, Ding & Du (ICLR 2024,
  arXiv:2310.01769, Sec. 3-4) for ``X X^T`` and ``F G^T``; ``A = I`` (pure factorisation, given
  the factors ``M* = L R^T``) or Gaussian sensing.

Measurements are stored as an ``(m, d*d)`` C-contiguous array: ``A(X)`` is one GEMV and
``A^*(v)`` one transposed GEMV. Kernels are serial pure functions of their array inputs.
"""
from __future__ import annotations

import numpy as np
from numba import njit

from .._config import JIT
from .._validation import check_array, check_float, check_int, record_schedule
from ..result import SolverResult, Status

# numba wants a (mutable) set for fastmath; _config.JIT holds a frozenset.
_JIT = dict(JIT, fastmath=set(JIT["fastmath"]))

__all__ = ["subgm", "l2_gd", "sym_gd", "asym_gd"]


# ----------------------------------------------------------------------------------------------
# kernels
# ----------------------------------------------------------------------------------------------
@njit(**_JIT)
def _frob_err_sym(U, xstar):
    """||U U^T - X*||_F (dense, for recording)."""
    d, r = U.shape
    s = 0.0
    for i in range(d):
        for j in range(d):
            v = -xstar[i, j]
            for l in range(r):
                v += U[i, l] * U[j, l]
            s += v * v
    return np.sqrt(s)


@njit(**_JIT)
def _frob_err_asym(F, G, L, R):
    """||F G^T - L R^T||_F (dense, for recording)."""
    n1, k = F.shape
    n2 = G.shape[0]
    r = L.shape[1]
    s = 0.0
    for i in range(n1):
        for j in range(n2):
            v = 0.0
            for l in range(k):
                v += F[i, l] * G[j, l]
            for l in range(r):
                v -= L[i, l] * R[j, l]
            s += v * v
    return np.sqrt(s)


@njit(**_JIT)
def _all_finite(X):
    for v in X.ravel():
        if not np.isfinite(v):
            return False
    return True


@njit(**_JIT)
def _sensing_residual_matrix(A, y, P, sign_loss, out):
    """out = mat(A^T w), w = A vec(P) - y (or sign of it). A is (m, n1*n2), P is (n1, n2).

    Two BLAS gemv calls: A is read twice but with vector instructions (the fused scalar loop,
    one pass over A, was ~3x slower than NumPy: its dot products cannot vectorise without
    fastmath reassoc)."""
    m = A.shape[0]
    res = np.dot(A, P.ravel())
    for i in range(m):
        w = res[i] - y[i]
        if sign_loss:
            w = 1.0 if w > 0.0 else (-1.0 if w < 0.0 else 0.0)
        res[i] = w
    g = out.ravel()
    g[:] = np.dot(A.T, res)


@njit(**_JIT)
def _subgm_kernel(A, y, U0, etas, sign_loss, xstar, record_at, out_err):
    """Factored (sub)gradient iteration U <- U - eta_t (2/m) mat(A^*(w)) U, w = sign(A(UU^T) - y)
    (``sign_loss``) or w = A(UU^T) - y. Returns (U, status, nit, n_recorded)."""
    m = A.shape[0]
    d, r = U0.shape
    T = etas.size
    U = U0.copy()
    Unew = np.empty_like(U)
    P = np.empty((d, d))
    Gm = np.empty((d, d))
    nrec = record_at.size
    rec = 0
    status = 0
    nit = T
    scale = 2.0 / m
    for t in range(T + 1):
        while rec < nrec and record_at[rec] == t:
            out_err[rec] = _frob_err_sym(U, xstar)
            rec += 1
        if t == T:
            break
        for i in range(d):
            for j in range(d):
                s = 0.0
                for l in range(r):
                    s += U[i, l] * U[j, l]
                P[i, j] = s
        _sensing_residual_matrix(A, y, P, sign_loss, Gm)
        c = etas[t] * scale
        for i in range(d):
            for l in range(r):
                s = 0.0
                for j in range(d):
                    s += Gm[i, j] * U[j, l]
                Unew[i, l] = U[i, l] - c * s
        if not _all_finite(Unew):
            status = 2
            nit = t
            break
        U[:, :] = Unew
    return U, status, nit, rec


@njit(**_JIT)
def _sym_gd_kernel(A, y, L, R, X0, eta, T, record_at, out_err):
    """X <- X - eta * Rt X with Rt = X X^T - L R^T (A empty: factorisation) or
    Rt = mat(A^*(A(XX^T) - y)) (sensing). Returns (X, status, nit, n_recorded)."""
    n, k = X0.shape
    r = L.shape[1]
    sensing = A.shape[0] > 0
    X = X0.copy()
    Xn = np.empty_like(X)
    XtX = np.empty((k, k))
    RtX = np.empty((r, k))
    P = np.empty((n, n))
    Rm = np.empty((n, n))
    nrec = record_at.size
    rec = 0
    status = 0
    nit = T
    for t in range(T + 1):
        while rec < nrec and record_at[rec] == t:
            out_err[rec] = _frob_err_asym(X, X, L, R)
            rec += 1
        if t == T:
            break
        if sensing:
            for i in range(n):
                for j in range(n):
                    s = 0.0
                    for l in range(k):
                        s += X[i, l] * X[j, l]
                    P[i, j] = s
            _sensing_residual_matrix(A, y, P, False, Rm)
            for i in range(n):
                for l in range(k):
                    s = 0.0
                    for j in range(n):
                        s += Rm[i, j] * X[j, l]
                    Xn[i, l] = X[i, l] - eta * s
        else:
            # (X X^T - L R^T) X = X (X^T X) - L (R^T X)
            for a in range(k):
                for b in range(k):
                    s = 0.0
                    for i in range(n):
                        s += X[i, a] * X[i, b]
                    XtX[a, b] = s
            for a in range(r):
                for b in range(k):
                    s = 0.0
                    for i in range(n):
                        s += R[i, a] * X[i, b]
                    RtX[a, b] = s
            for i in range(n):
                for b in range(k):
                    s = 0.0
                    for a in range(k):
                        s += X[i, a] * XtX[a, b]
                    for a in range(r):
                        s -= L[i, a] * RtX[a, b]
                    Xn[i, b] = X[i, b] - eta * s
        if not _all_finite(Xn):
            status = 2
            nit = t
            break
        X[:, :] = Xn
    return X, status, nit, rec


@njit(**_JIT)
def _asym_grads(A, y, L, R, F, G, gF, gG, P, Rm, FtF, GtG, LtF, RtG):
    """gF = Rt G, gG = Rt^T F for Rt = F G^T - L R^T (A empty) or mat(A^*(A(FG^T) - y))."""
    n1, k = F.shape
    n2 = G.shape[0]
    r = L.shape[1]
    if A.shape[0] > 0:
        for i in range(n1):
            for j in range(n2):
                s = 0.0
                for l in range(k):
                    s += F[i, l] * G[j, l]
                P[i, j] = s
        _sensing_residual_matrix(A, y, P, False, Rm)
        for i in range(n1):
            for l in range(k):
                s = 0.0
                for j in range(n2):
                    s += Rm[i, j] * G[j, l]
                gF[i, l] = s
        for j in range(n2):
            for l in range(k):
                s = 0.0
                for i in range(n1):
                    s += Rm[i, j] * F[i, l]
                gG[j, l] = s
        return
    for a in range(k):
        for b in range(k):
            s1 = 0.0
            for i in range(n1):
                s1 += F[i, a] * F[i, b]
            FtF[a, b] = s1
            s2 = 0.0
            for j in range(n2):
                s2 += G[j, a] * G[j, b]
            GtG[a, b] = s2
    for a in range(r):
        for b in range(k):
            s1 = 0.0
            for i in range(n1):
                s1 += L[i, a] * F[i, b]
            LtF[a, b] = s1
            s2 = 0.0
            for j in range(n2):
                s2 += R[j, a] * G[j, b]
            RtG[a, b] = s2
    # Rt G = F (G^T G) - L (R^T G);  Rt^T F = G (F^T F) - R (L^T F)
    for i in range(n1):
        for b in range(k):
            s = 0.0
            for a in range(k):
                s += F[i, a] * GtG[a, b]
            for a in range(r):
                s -= L[i, a] * RtG[a, b]
            gF[i, b] = s
    for j in range(n2):
        for b in range(k):
            s = 0.0
            for a in range(k):
                s += G[j, a] * FtF[a, b]
            for a in range(r):
                s -= R[j, a] * LtF[a, b]
            gG[j, b] = s


@njit(**_JIT)
def _asym_gd_kernel(A, y, L, R, F0, G0, eta, T, sequential, record_at, out_err, out_F, out_G):
    """Simultaneous GD F <- F - eta Rt G, G <- G - eta Rt^T F (``sequential``: the G step uses the
    new F, a broken variant). ``out_F``/``out_G`` of shape (n_record, n, k) store the iterates at
    the record points when their first dimension is non-zero. Returns (F, G, status, nit, n_rec)."""
    n1, k = F0.shape
    n2 = G0.shape[0]
    r = L.shape[1]
    F = F0.copy()
    G = G0.copy()
    Fn = np.empty_like(F)
    Gn = np.empty_like(G)
    gF = np.empty_like(F)
    gG = np.empty_like(G)
    P = np.empty((n1, n2))
    Rm = np.empty((n1, n2))
    FtF = np.empty((k, k))
    GtG = np.empty((k, k))
    LtF = np.empty((r, k))
    RtG = np.empty((r, k))
    store = out_F.shape[0] > 0
    nrec = record_at.size
    rec = 0
    status = 0
    nit = T
    for t in range(T + 1):
        while rec < nrec and record_at[rec] == t:
            out_err[rec] = _frob_err_asym(F, G, L, R)
            if store:
                out_F[rec] = F
                out_G[rec] = G
            rec += 1
        if t == T:
            break
        _asym_grads(A, y, L, R, F, G, gF, gG, P, Rm, FtF, GtG, LtF, RtG)
        for i in range(n1):
            for l in range(k):
                Fn[i, l] = F[i, l] - eta * gF[i, l]
        if sequential:
            _asym_grads(A, y, L, R, Fn, G, gF, gG, P, Rm, FtF, GtG, LtF, RtG)
        for j in range(n2):
            for l in range(k):
                Gn[j, l] = G[j, l] - eta * gG[j, l]
        if not (_all_finite(Fn) and _all_finite(Gn)):
            status = 2
            nit = t
            break
        F[:, :] = Fn
        G[:, :] = Gn
    return F, G, status, nit, rec


# ----------------------------------------------------------------------------------------------
# public wrappers
# ----------------------------------------------------------------------------------------------
def _check_sensing(A, y, d):
    A = check_array("A", A, ndim=2)
    if A.shape[1] != d * d:
        raise ValueError(f"A must be an array of shape (m, d*d={d * d}), got array(shape={A.shape}, dtype={A.dtype})")
    y = check_array("y", y, shape=(A.shape[0],))
    return A, y


def _check_factor(name, U):
    """A 2-D factor with at least one row and one column (a rank-0 factor never moves)."""
    U = check_array(name, U, ndim=2)
    if U.shape[0] < 1 or U.shape[1] < 1:
        raise ValueError(f"{name} must be a non-empty (d, r) factor, got array(shape={U.shape}, dtype={U.dtype})")
    return U


def _trace(ks, errs, nrec):
    return {"k": ks[:nrec].copy(), "err": errs[:nrec].copy()}


def _factored_run(A, y, U0, x_star, etas, sign_loss, max_iter, record_at):
    U0 = _check_factor("U0", U0)
    d = U0.shape[0]
    A, y = _check_sensing(A, y, d)
    if A.shape[0] < 1:
        raise ValueError(f"A must have at least one row, got array(shape={A.shape}, dtype={A.dtype})")
    x_star = check_array("x_star", x_star, shape=(d, d))
    ks = record_schedule(max_iter, record_at)
    errs = np.full(ks.size, np.nan)
    U, status, nit, nrec = _subgm_kernel(A, y, U0, etas, sign_loss, x_star, ks, errs)
    with np.errstate(all="ignore"):
        res = A @ (U @ U.T).ravel() - y
        fun = float(np.mean(np.abs(res))) if sign_loss else float(0.5 * np.mean(res * res))
    return SolverResult(x=U, fun=fun, nit=int(nit), nfev=int(nit), status=Status(int(status)),
                        trace=_trace(ks, errs, nrec), oracle_calls=int(nit))


def subgm(A, y, U0, x_star, *, eta0=0.5, rho=0.99, max_iter=3000, record_at=None, rng=None) -> SolverResult:
    """Sub-gradient method with geometric steps on f(U) = (1/m)||y - A(UU^T)||_1.

    Ma & Fattahi (JMLR 2023, arXiv:2202.08788), Algorithm 1:
    ``U_{t+1} = U_t - eta0 rho^t (2/m) mat(A^*(sign(A(U_tU_t^T) - y))) U_t`` with sign(0) = 0.
    ``A`` is ``(m, d*d)`` (symmetric slices, row-major), ``U0 = alpha * B`` the initial factor and
    ``x_star`` the truth used only for the recorded error ``trace["err"] = ||UU^T - X*||_F``.
    ``rho = 1`` gives constant-step SubGM. ``rng`` is unused (deterministic).
    """
    max_iter = check_int("max_iter", max_iter, min_value=1)
    eta0 = check_float("eta0", eta0, positive=True)
    rho = check_float("rho", rho, lower=0.0, upper=1.0, lower_open=True)
    etas = eta0 * rho ** np.arange(max_iter, dtype=np.float64)
    return _factored_run(A, y, U0, x_star, etas, True, max_iter, record_at)


def l2_gd(A, y, U0, x_star, *, eta=0.05, max_iter=3000, record_at=None, rng=None) -> SolverResult:
    """Factored GD on the l2 loss ``(1/2m)||A(UU^T) - y||^2`` with constant step (control C1):
    ``U <- U - eta (2/m) mat(A^*(A(UU^T) - y)) U``. Non-finite iterates end the run with
    ``Status.DIVERGED`` (last finite iterate returned). ``rng`` is unused."""
    max_iter = check_int("max_iter", max_iter, min_value=1)
    eta = check_float("eta", eta, positive=True)
    etas = np.full(max_iter, eta)
    return _factored_run(A, y, U0, x_star, etas, False, max_iter, record_at)


def _check_factors(L, R, n1, n2):
    L = check_array("L", L, ndim=2)
    R = check_array("R", R, ndim=2)
    if L.shape[0] != n1 or R.shape[0] != n2 or L.shape[1] != R.shape[1]:
        raise ValueError(f"L, R must be factors of shapes ({n1}, r), ({n2}, r), got "
                         f"L {L.shape}, R {R.shape}")
    return L, R


def _check_gd_sensing(A, y, n1, n2):
    if A is None:
        return np.zeros((0, n1 * n2)), np.zeros(0)
    A = check_array("A", A, ndim=2)
    if A.shape[1] != n1 * n2:
        raise ValueError(f"A must be an array of shape (m, {n1 * n2}), got array(shape={A.shape}, dtype={A.dtype})")
    return A, check_array("y", y, shape=(A.shape[0],))


def sym_gd(L, R, X0, *, eta=0.2, max_iter=1000, A=None, y=None, record_at=None, rng=None) -> SolverResult:
    """Gradient descent on the symmetric factorisation X X^T (Xiong, Ding & Du, ICLR 2024, Sec. 3):
    ``X <- X - eta * Rt X``, ``Rt = X X^T - M*`` (``A=None``: pure factorisation, ``M* = L R^T``)
    or ``Rt = mat(A^*(A(XX^T) - y))`` with ``A`` of shape ``(m, n*n)``. ``trace["err"]`` is
    ``||X X^T - L R^T||_F``. ``rng`` is unused."""
    max_iter = check_int("max_iter", max_iter, min_value=1)
    eta = check_float("eta", eta, positive=True)
    X0 = _check_factor("X0", X0)
    n = X0.shape[0]
    L, R = _check_factors(L, R, n, n)
    A, y = _check_gd_sensing(A, y, n, n)
    ks = record_schedule(max_iter, record_at)
    errs = np.full(ks.size, np.nan)
    X, status, nit, nrec = _sym_gd_kernel(A, y, L, R, X0, eta, max_iter, ks, errs)
    tr = _trace(ks, errs, nrec)
    return SolverResult(x=X, fun=float(0.25 * _frob_err_asym(X, X, L, R) ** 2), nit=int(nit),
                        nfev=int(nit), status=Status(int(status)), trace=tr, oracle_calls=int(nit))


def asym_gd(L, R, F0, G0, *, eta=0.2, max_iter=1000, A=None, y=None, sequential=False,
            store_iterates=False, record_at=None, rng=None) -> SolverResult:
    """Gradient descent on the asymmetric factorisation F G^T (Xiong, Ding & Du, ICLR 2024, Sec. 4):
    simultaneous ``F <- F - eta Rt G``, ``G <- G - eta Rt^T F`` with ``Rt = F G^T - L R^T``
    (``A=None``) or ``mat(A^*(A(FG^T) - y))``. ``sequential=True`` is the broken Gauss-Seidel
    variant (G uses the new F). ``x`` is ``(F, G)`` stacked as an array of shape (2, n, k) when
    n1 == n2, else a tuple; ``extra["F"], extra["G"]`` always hold them. With ``store_iterates``
    the trace holds ``"F"``, ``"G"`` at every record point. ``rng`` is unused."""
    max_iter = check_int("max_iter", max_iter, min_value=1)
    eta = check_float("eta", eta, positive=True)
    F0 = _check_factor("F0", F0)
    G0 = _check_factor("G0", G0)
    if G0.shape[1] != F0.shape[1]:
        raise ValueError(f"G0 must have {F0.shape[1]} columns like F0, got array(shape={G0.shape}, dtype={G0.dtype})")
    n1, k = F0.shape
    n2 = G0.shape[0]
    L, R = _check_factors(L, R, n1, n2)
    A, y = _check_gd_sensing(A, y, n1, n2)
    ks = record_schedule(max_iter, record_at)
    errs = np.full(ks.size, np.nan)
    nst = ks.size if store_iterates else 0
    oF = np.zeros((nst, n1, k))
    oG = np.zeros((nst, n2, k))
    F, G, status, nit, nrec = _asym_gd_kernel(A, y, L, R, F0, G0, eta, max_iter, bool(sequential),
                                              ks, errs, oF, oG)
    tr = _trace(ks, errs, nrec)
    if store_iterates:
        tr["F"] = oF[:nrec].copy()
        tr["G"] = oG[:nrec].copy()
    x = np.stack([F, G]) if n1 == n2 else (F, G)
    return SolverResult(x=x, fun=float(0.5 * _frob_err_asym(F, G, L, R) ** 2), nit=int(nit), nfev=int(nit),
                        status=Status(int(status)), trace=tr, oracle_calls=int(nit), extra={"F": F, "G": G})
