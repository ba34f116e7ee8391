"""Weighted least squares with optimal i.i.d. sampling, projection DPPs and volume sampling.

References
----------
* A. Nouy, B. Michel, *Weighted least-squares approximation with determinantal point
  processes and generalized volume sampling*, arXiv:2312.14057 (repeated DPPs,
  generalized volume sampling).
* A. Cohen, G. Migliorati, *Optimal weighted least-squares methods*, SMAI JCM 2017,
  arXiv:1608.00512 (i.i.d. sampling from rho_m = k_m / m, weights m / k_m).
* M. Derezinski, M. Warmuth, D. Hsu, *Correcting the bias in least squares regression
  with volume-rescaled sampling*, AISTATS 2019, arXiv:1810.02453 (DPP(m) + (n - m) i.i.d.).
* J. B. Hough, M. Krishnapur, Y. Peres, B. Virag, *Determinantal processes and
  independence*, 2006 (sequential chain-rule sampler, Alg. 18).

Setting: X = [-1, 1]^d with the uniform *probability* measure, tensor Legendre basis
phi_alpha(x) = prod_i sqrt(2 alpha_i + 1) P_{alpha_i}(x_i) (orthonormal for mu) indexed by
an int64 array ``idx`` of shape (m, d) (d = 1: ``idx = arange(m)[:, None]``).

Randomness: every sampler pre-draws a buffer of uniforms in Python and the kernel
consumes it sequentially (rejection sampling needs a random number of draws); if the
buffer runs out, the wrapper draws a larger one from the same generator and retries, so
the kernels are pure functions and ``theorylab.reference.dpp_least_squares`` reproduces
them exactly.

Proposal densities (argument ``density``): ``"optimal"`` = rho_m (mixture of the
phi_j^2 dmu, each sampled by rejection from the arcsine law with the Bernstein
envelope phi_a(x)^2 <= 4 / (pi sqrt(1 - x^2)), mean acceptance 1/2); ``"arcsine"`` = the
envelope itself *without* the correction (a deliberate bug, used as a control);
``"uniform"`` = mu.
"""
from __future__ import annotations

import math

import numpy as np
from numba import njit

from .._config import JIT
from .._validation import check_array, check_choice, check_float, check_int, make_rng
from ..result import SolverResult, Status

# numba wants a (mutable) set for fastmath; _config.JIT holds a frozenset.
_JIT = dict(JIT, fastmath=set(JIT["fastmath"]))

DENSITIES = {"optimal": 0, "arcsine": 1, "uniform": 2}


# --------------------------------------------------------------------------- bases

def total_degree_indices(d: int, degree: int) -> np.ndarray:
    """Multi-indices alpha in N^d with |alpha| <= degree, graded (by total degree), then lexicographic."""
    d = check_int("d", d, min_value=1)
    degree = check_int("degree", degree, min_value=0)
    out = []

    def rec(prefix, left, k):
        if k == d:
            out.append(prefix)
            return
        for a in range(left, -1, -1):
            rec(prefix + [a], left - a, k + 1)

    rec([], degree, 0)
    arr = np.array(out, dtype=np.int64).reshape(-1, d)
    order = np.lexsort(tuple(arr[:, i] for i in range(d - 1, -1, -1)) + (arr.sum(axis=1),))
    return np.ascontiguousarray(arr[order])


def legendre_indices(m: int) -> np.ndarray:
    """Index array (m, 1) of the 1-D Legendre basis phi_0..phi_{m-1}."""
    m = check_int("m", m, min_value=1)
    return np.arange(m, dtype=np.int64).reshape(m, 1)


@njit(**_JIT)
def _phi_1d(x, a):
    """sqrt(2a+1) P_a(x) (three-term recurrence)."""
    if a == 0:
        return 1.0
    p0 = 1.0
    p1 = x
    for k in range(1, a):
        p2 = ((2.0 * k + 1.0) * x * p1 - k * p0) / (k + 1.0)
        p0 = p1
        p1 = p2
    return math.sqrt(2.0 * a + 1.0) * p1


@njit(**_JIT)
def _phi_point(x, idx, maxdeg, work, out):
    """out[j] = phi_{idx[j]}(x) for one point x (d,); work has shape (d, maxdeg + 1)."""
    m, d = idx.shape
    for i in range(d):
        xi = x[i]
        work[i, 0] = 1.0
        if maxdeg >= 1:
            work[i, 1] = xi
        for k in range(1, maxdeg):
            work[i, k + 1] = ((2.0 * k + 1.0) * xi * work[i, k] - k * work[i, k - 1]) / (k + 1.0)
        for k in range(1, maxdeg + 1):
            work[i, k] *= math.sqrt(2.0 * k + 1.0)
    if d == 1:
        for j in range(m):
            out[j] = work[0, idx[j, 0]]
        return
    for j in range(m):
        v = 1.0
        for i in range(d):
            v *= work[i, idx[j, i]]
        out[j] = v


@njit(**_JIT)
def _basis_kernel(X, idx):
    """Phi[i, j] = phi_{idx[j]}(X[i]) for points X (n, d).

    Same recurrence as ``_phi_point``, organised for speed: points in blocks of 256 with the degree
    recurrence vectorised across the block, sqrt(2k+1) tabulated (agrees with ``_phi_point`` to
    ~1e-14: the vectorised loop fuses multiply-adds differently)."""
    n = X.shape[0]
    m, d = idx.shape
    maxdeg = 0
    for j in range(m):
        for i in range(d):
            if idx[j, i] > maxdeg:
                maxdeg = idx[j, i]
    sq = np.empty(maxdeg + 1)
    for k in range(maxdeg + 1):
        sq[k] = math.sqrt(2.0 * k + 1.0)
    B = 256
    work = np.empty((d, maxdeg + 1, B))
    Phi = np.empty((n, m))
    for start in range(0, n, B):
        nb = min(B, n - start)
        for i in range(d):
            w0 = work[i, 0]
            for b in range(nb):
                w0[b] = 1.0
            if maxdeg >= 1:
                w1 = work[i, 1]
                for b in range(nb):
                    w1[b] = X[start + b, i]
            for k in range(1, maxdeg):
                wk, wm, wn = work[i, k], work[i, k - 1], work[i, k + 1]
                for b in range(nb):
                    wn[b] = ((2.0 * k + 1.0) * X[start + b, i] * wk[b] - k * wm[b]) / (k + 1.0)
            for k in range(1, maxdeg + 1):
                wk = work[i, k]
                for b in range(nb):
                    wk[b] *= sq[k]
        for b in range(nb):
            row = Phi[start + b]
            for j in range(m):
                v = work[0, idx[j, 0], b]
                for i in range(1, d):
                    v *= work[i, idx[j, i], b]
                row[j] = v
    return Phi


def basis(X, idx) -> np.ndarray:
    """Orthonormal tensor Legendre basis: ``Phi[i, j] = phi_{idx[j]}(X[i])``.

    ``X``: points, shape (n, d) (or (n,) when d = 1); ``idx``: int64 (m, d) multi-indices.
    """
    idx = _check_idx(idx)
    X = check_array("X", X)
    if X.ndim == 1:
        X = X.reshape(-1, 1)
    if X.ndim != 2 or X.shape[1] != idx.shape[1]:
        raise ValueError(f"X must be an array of shape (n, {idx.shape[1]}), got array(shape={X.shape})")
    if X.size and np.abs(X).max() > 1.0:
        raise ValueError(f"X must lie in [-1, 1]^d, got max |x| = {np.abs(X).max()!r}")
    return _basis_kernel(np.ascontiguousarray(X), idx)


def christoffel(X, idx) -> np.ndarray:
    """k_m(x) = sum_j phi_j(x)^2 (so rho_m = k_m / m and the optimal weight is m / k_m)."""
    Phi = basis(X, idx)
    return np.einsum("ij,ij->i", Phi, Phi)


def optimal_weights(X, idx) -> np.ndarray:
    """w(x) = m / k_m(x) (Cohen-Migliorati optimal weights)."""
    idx = check_array("idx", idx, ndim=2, dtype=np.int64)
    return idx.shape[0] / christoffel(X, idx)


# --------------------------------------------------------------------------- one draw from the proposal

@njit(**_JIT)
def _draw_point(idx, U, pos, mode, x_out):
    """One point into x_out (d,), consuming U from pos; returns the new pos or -1 if U ran out.

    mode 0: rho_m (mixture over j of prod_i phi_{idx[j,i]}(x_i)^2, each by arcsine rejection);
    mode 1: arcsine envelope without correction; mode 2: uniform mu.
    """
    m, d = idx.shape
    nU = U.shape[0]
    if mode == 1 or mode == 2:
        if pos + d > nU:
            return -1
        for i in range(d):
            if mode == 1:
                x_out[i] = math.cos(math.pi * U[pos + i])
            else:
                x_out[i] = 2.0 * U[pos + i] - 1.0
        return pos + d
    if pos >= nU:
        return -1
    j = int(U[pos] * m)
    if j >= m:
        j = m - 1
    pos += 1
    for i in range(d):
        a = idx[j, i]
        while True:
            if pos + 2 > nU:
                return -1
            th = math.pi * U[pos]
            x = math.cos(th)
            s = math.sin(th)
            p = _phi_1d(x, a)
            u = U[pos + 1]
            pos += 2
            if 4.0 * u < p * p * math.pi * s:
                break
        x_out[i] = x
    return pos


@njit(**_JIT)
def _iid_kernel(idx, n_points, U, mode):
    """n_points i.i.d. points from the proposal ``mode``. Returns (X, pos_used, ok)."""
    d = idx.shape[1]
    X = np.zeros((n_points, d))
    pos = 0
    for p in range(n_points):
        pos = _draw_point(idx, U, pos, mode, X[p])
        if pos < 0:
            return X, 0, False
    return X, pos, True


@njit(**_JIT)
def _dpp_kernel(idx, n_samples, U, mode, accept):
    """Projection DPP(K_m) by the chain rule (HKPV Alg. 18), n_samples independent draws.

    Point t is proposed from ``mode`` (rho_m when correct) and accepted with probability
    ||r||^2 / ||phi(x)||^2, r = part of phi(x) orthogonal to phi(x_1..x_{t-1}); with
    ``accept`` False every proposal is accepted (control: i.i.d. from the proposal).
    Returns (X (n_samples, m, d), proposals per sample, pos_used, ok).
    """
    m, d = idx.shape
    maxdeg = 0
    for j in range(m):
        for i in range(d):
            if idx[j, i] > maxdeg:
                maxdeg = idx[j, i]
    work = np.empty((d, maxdeg + 1))
    X = np.zeros((n_samples, m, d))
    props = np.zeros(n_samples, dtype=np.int64)
    Q = np.zeros((m, m))
    v = np.empty(m)
    r = np.empty(m)
    x = np.empty(d)
    pos = 0
    for s in range(n_samples):
        for t in range(m):
            while True:
                pos = _draw_point(idx, U, pos, mode, x)
                if pos < 0:
                    return X, props, 0, False
                props[s] += 1
                _phi_point(x, idx, maxdeg, work, v)
                for j in range(m):
                    r[j] = v[j]
                for _rep in range(2):          # Gram-Schmidt, twice for stability
                    for q in range(t):
                        c = 0.0
                        for j in range(m):
                            c += Q[q, j] * r[j]
                        for j in range(m):
                            r[j] -= c * Q[q, j]
                nv = 0.0
                nr = 0.0
                for j in range(m):
                    nv += v[j] * v[j]
                    nr += r[j] * r[j]
                if not accept:
                    if nr > 0.0:
                        break
                    continue
                if pos >= U.shape[0]:
                    return X, props, 0, False
                u = U[pos]
                pos += 1
                if u * nv < nr:
                    break
            inv = 1.0 / math.sqrt(nr)
            for j in range(m):
                Q[t, j] = r[j] * inv
            for i in range(d):
                X[s, t, i] = x[i]
    return X, props, pos, True


def _uniform_budget(kind: str, m: int, d: int, count: int) -> int:
    per_point = 1 + 4 * d  # component + ~2 rejection tries of 2 uniforms per coordinate
    if kind == "dpp":
        per = m * (math.log(m) + 1.0) * (per_point + 1)
    else:
        per = per_point
    return int(2 * count * per) + 256


def _run_buffered(kernel_call, budget: int, gen: np.random.Generator):
    while True:
        U = gen.random(budget)
        out = kernel_call(U)
        if out[-1]:
            return out
        budget *= 2


def _check_idx(idx) -> np.ndarray:
    idx = check_array("idx", idx, ndim=2, dtype=np.int64)
    if idx.shape[0] < 1 or idx.shape[1] < 1 or idx.min() < 0:
        raise ValueError(f"idx must be a non-empty (m, d) array of non-negative multi-indices, got {idx!r}")
    return idx


def sample_iid(idx, n: int, *, density: str = "optimal", rng=None) -> SolverResult:
    """n i.i.d. points from rho_m (Cohen-Migliorati 2017, Sec. 2) or another proposal.

    Returns SolverResult with ``x`` the points (n, d) and ``nfev`` the uniforms consumed.
    """
    idx = _check_idx(idx)
    n = check_int("n", n, min_value=1)
    mode = DENSITIES[check_choice("density", density, DENSITIES)]
    gen = make_rng(rng)
    X, used, _ = _run_buffered(lambda U: _iid_kernel(idx, n, U, mode),
                               _uniform_budget("iid", idx.shape[0], idx.shape[1], n), gen)
    return SolverResult(x=X, fun=float("nan"), nit=n, nfev=int(used), status=Status.MAX_ITER,
                        trace={"k": np.arange(n, dtype=np.int64)})


def sample_projection_dpp(idx, n_samples: int = 1, *, density: str = "optimal", accept: bool = True,
                          rng=None) -> SolverResult:
    """``n_samples`` independent draws of the projection DPP with kernel K_m(x, y) = phi(x)^T phi(y).

    Chain-rule sampler (HKPV 2006; Nouy-Michel 2023, Sec. 3): each point is proposed from
    rho_m and accepted with probability ||r||^2 / ||phi(x)||^2. ``accept=False`` replaces the
    ratio by 1 (a broken sampler: i.i.d. from rho_m). ``x`` has shape (n_samples, m, d);
    ``trace["proposals"]`` counts proposals per sample (expected m H_m), ``oracle_calls`` their sum.
    """
    idx = _check_idx(idx)
    if np.unique(idx, axis=0).shape[0] != idx.shape[0]:
        # a repeated multi-index makes K_m rank-deficient: the chain rule would never accept point m
        raise ValueError(f"idx must hold distinct multi-indices (rank-m projection kernel), got {idx.tolist()!r}")
    n_samples = check_int("n_samples", n_samples, min_value=1)
    mode = DENSITIES[check_choice("density", density, DENSITIES)]
    if not isinstance(accept, (bool, np.bool_)):
        raise ValueError(f"accept must be a bool, got {accept!r}")
    gen = make_rng(rng)
    m, d = idx.shape
    X, props, used, _ = _run_buffered(lambda U: _dpp_kernel(idx, n_samples, U, mode, bool(accept)),
                                      _uniform_budget("dpp", m, d, n_samples), gen)
    return SolverResult(x=X, fun=float("nan"), nit=n_samples, nfev=int(used), status=Status.MAX_ITER,
                        trace={"k": np.arange(n_samples, dtype=np.int64), "proposals": props},
                        oracle_calls=int(props.sum()))


def sample_volume_rescaled(idx, n: int, n_samples: int = 1, *, accept: bool = True, rng=None) -> SolverResult:
    """Volume-rescaled sampling of size n >= m (Derezinski-Warmuth-Hsu 2019, Thm 2.x):
    one projection DPP(m) united with n - m i.i.d. points from rho_m. ``x``: (n_samples, n, d).
    """
    idx = _check_idx(idx)
    m, d = idx.shape
    n = check_int("n", n, min_value=m)
    n_samples = check_int("n_samples", n_samples, min_value=1)
    gen = make_rng(rng)
    dpp = sample_projection_dpp(idx, n_samples, accept=accept, rng=gen)
    X = np.empty((n_samples, n, d))
    X[:, :m] = dpp.x
    if n > m:
        X[:, m:] = sample_iid(idx, n_samples * (n - m), rng=gen).x.reshape(n_samples, n - m, d)
    return SolverResult(x=X, fun=float("nan"), nit=n_samples, nfev=dpp.nfev, status=Status.MAX_ITER,
                        trace={"k": np.arange(n_samples, dtype=np.int64)}, oracle_calls=dpp.oracle_calls)


def sample_repeated_dpp(idx, r: int, n_samples: int = 1, *, accept: bool = True, rng=None) -> SolverResult:
    """Union of r independent projection DPP(m) samples (Nouy-Michel 2023, repeated DPPs), n = r m.
    ``x``: (n_samples, r m, d)."""
    idx = _check_idx(idx)
    m, d = idx.shape
    r = check_int("r", r, min_value=1)
    n_samples = check_int("n_samples", n_samples, min_value=1)
    dpp = sample_projection_dpp(idx, n_samples * r, accept=accept, rng=rng)
    X = dpp.x.reshape(n_samples, r * m, d)
    return SolverResult(x=X, fun=float("nan"), nit=n_samples, nfev=dpp.nfev, status=Status.MAX_ITER,
                        trace={"k": np.arange(n_samples, dtype=np.int64)}, oracle_calls=dpp.oracle_calls)


# --------------------------------------------------------------------------- weighted least squares

@njit(**_JIT)
def _wls_batch_kernel(Phi, y, w):
    """Weighted LS for R problems: Phi (R, n, m), y (R, n), w (R, n).

    c = argmin (1/n) sum w_i (y_i - phi(x_i)^T c)^2 via lstsq of sqrt(w/n) Phi (SVD, stable
    at n = m); the singular values give the spectrum of G = (1/n) sum w phi phi^T.
    Returns C (R, m), ||G - I||_2, lambda_min(G), log det G, residual, status (R,) (2 = diverged).
    """
    R, n, m = Phi.shape
    C = np.zeros((R, m))
    gdev = np.zeros(R)
    lmin = np.zeros(R)
    logdet = np.zeros(R)
    res = np.zeros(R)
    status = np.zeros(R, dtype=np.int64)
    A = np.empty((n, m))
    b = np.empty(n)
    for k in range(R):
        for i in range(n):
            s = math.sqrt(w[k, i] / n)
            b[i] = s * y[k, i]
            for j in range(m):
                A[i, j] = s * Phi[k, i, j]
        ok = True
        for i in range(n):
            if not math.isfinite(b[i]):
                ok = False
        if ok:
            c, _r, _rank, sv = np.linalg.lstsq(A, b, -1.0)
            for j in range(m):
                if not math.isfinite(c[j]):
                    ok = False
        if not ok:
            status[k] = 2
            gdev[k] = np.nan
            lmin[k] = np.nan
            logdet[k] = np.nan
            res[k] = np.nan
            continue
        smax = sv[0] * sv[0]
        smin = sv[m - 1] * sv[m - 1]
        gdev[k] = max(abs(smax - 1.0), abs(smin - 1.0))
        lmin[k] = smin
        ld = 0.0
        for j in range(m):
            ld += 2.0 * math.log(sv[j]) if sv[j] > 0.0 else -np.inf
        logdet[k] = ld
        rr = 0.0
        for i in range(n):
            e = b[i]
            for j in range(m):
                e -= A[i, j] * c[j]
            rr += e * e
        res[k] = rr
        for j in range(m):
            C[k, j] = c[j]
    return C, gdev, lmin, logdet, res, status


def _check_batch(Phi, y, w):
    Phi = check_array("Phi", Phi, ndim=3)
    R, n, m = Phi.shape
    if n < m or m < 1:
        raise ValueError(f"Phi must have shape (R, n, m) with n >= m >= 1, got array(shape={Phi.shape})")
    y = check_array("y", y, shape=(R, n))
    if w is None:
        w = np.ones((R, n))
    w = check_array("w", w, shape=(R, n))
    if (w <= 0).any():
        raise ValueError(f"w must be > 0, got min {w.min()!r}")
    return Phi, y, w


def weighted_least_squares_batch(Phi, y, w=None) -> SolverResult:
    """Weighted least squares on R independent samples at once (Cohen-Migliorati 2017, eq. (2.x)).

    ``Phi`` (R, n, m) basis values, ``y`` (R, n) data, ``w`` (R, n) weights (None: unweighted).
    ``x`` = coefficients (R, m); ``trace`` holds per-sample ``gdev`` = ||G - I||_2, ``lmin`` =
    lambda_min(G), ``logdet`` = log det G, ``residual`` and ``status`` (2 = non-finite, coefficients 0).
    ``status`` is DIVERGED if any sample diverged.
    """
    Phi, y, w = _check_batch(Phi, y, w)
    C, gdev, lmin, logdet, res, st = _wls_batch_kernel(Phi, y, w)
    status = Status.DIVERGED if (st == 2).any() else Status.CONVERGED
    return SolverResult(x=C, fun=float(np.nanmean(res)) if np.isfinite(res).any() else float("nan"),
                        nit=Phi.shape[0], nfev=Phi.shape[0] * Phi.shape[1], status=status,
                        trace={"k": np.arange(Phi.shape[0], dtype=np.int64), "gdev": gdev, "lmin": lmin,
                               "logdet": logdet, "residual": res, "status": st})


def weighted_least_squares(Phi, y, w=None) -> SolverResult:
    """Weighted least squares for one sample: ``Phi`` (n, m), ``y`` (n,), ``w`` (n,) (None: w = 1).

    Returns ``x`` = coefficients, ``fun`` = (1/n) sum w (y - Phi c)^2 and in ``extra`` the empirical
    Gram matrix ``G`` = (1/n) Phi^T W Phi, its stability ``gdev`` = ||G - I||_2 and ``lmin``.
    Non-finite output gives Status.DIVERGED with coefficients 0.
    """
    Phi = check_array("Phi", Phi, ndim=2)
    n, m = Phi.shape
    y = check_array("y", y, shape=(n,))
    w = None if w is None else check_array("w", w, shape=(n,))
    out = weighted_least_squares_batch(Phi[None], y[None], None if w is None else w[None])
    ww = np.ones(n) if w is None else w
    G = (Phi * ww[:, None]).T @ Phi / n
    return SolverResult(x=out.x[0], fun=float(out.trace["residual"][0]), nit=1, nfev=n, status=out.status,
                        trace={"k": np.zeros(1, dtype=np.int64)},
                        extra={"G": G, "gdev": float(out.trace["gdev"][0]), "lmin": float(out.trace["lmin"][0]),
                               "logdet": float(out.trace["logdet"][0])})


def stability_fraction(gdev, delta: float = 0.5) -> float:
    """Fraction of samples in A_delta = {||G - I||_2 <= delta}."""
    delta = check_float("delta", delta, lower=0.0, upper=1.0, lower_open=True, upper_open=True)
    g = check_array("gdev", gdev, ndim=1, finite=False)
    if g.size < 1:
        raise ValueError(f"gdev must hold at least one sample, got array(shape={g.shape})")
    return float(np.mean(g <= delta))


# --------------------------------------------------------------------------- stability along a growing sample

@njit(**_JIT)
def _gram_update_kernel(S, B, w):
    """S += B^T diag(w) B (serial loops, upper triangle mirrored); S (m, m), B (k, m), w (k,)."""
    k, m = B.shape
    for p in range(k):
        wp = w[p]
        for i in range(m):
            bi = wp * B[p, i]
            for j in range(i, m):
                S[i, j] += bi * B[p, j]
    for i in range(m):
        for j in range(i + 1, m):
            S[j, i] = S[i, j]
    return S


@njit(**_JIT)
def _posdef_kernel(A):
    """True iff the symmetric matrix A is positive definite (Cholesky, serial)."""
    m = A.shape[0]
    L = np.zeros((m, m))
    for j in range(m):
        s = A[j, j]
        for k in range(j):
            s -= L[j, k] * L[j, k]
        if not s > 0.0:
            return False
        L[j, j] = math.sqrt(s)
        for i in range(j + 1, m):
            t = A[i, j]
            for k in range(j):
                t -= L[i, k] * L[j, k]
            L[i, j] = t / L[j, j]
    return True


@njit(**_JIT)
def _band_kernel(S, n, lo, hi):
    """True iff lo I < S / n < hi I (two Cholesky factorizations)."""
    m = S.shape[0]
    A = np.empty((m, m))
    for i in range(m):
        for j in range(m):
            A[i, j] = S[i, j] / n
        A[i, i] -= lo
    if not _posdef_kernel(A):
        return False
    for i in range(m):
        for j in range(m):
            A[i, j] = -S[i, j] / n
        A[i, i] += hi
    return _posdef_kernel(A)


def _check_symmetric(name, S):
    """The kernels read one triangle only: a non-symmetric Gram sum would be silently symmetrised."""
    if not np.allclose(S, S.T, rtol=1e-12, atol=1e-12 * max(1.0, float(np.abs(S).max(initial=0.0)))):
        raise ValueError(f"{name} must be a symmetric (Gram) matrix, got max |S - S^T| = {np.abs(S - S.T).max()!r}")
    return S


def gram_accumulate(S, Phi, w=None) -> np.ndarray:
    """Return S + Phi^T diag(w) Phi (unnormalised Gram sum; updates a copy of S)."""
    Phi = check_array("Phi", Phi, ndim=2)
    k, m = Phi.shape
    S = _check_symmetric("S", check_array("S", S, shape=(m, m))).copy()
    w = np.ones(k) if w is None else check_array("w", w, shape=(k,))
    return _gram_update_kernel(S, Phi, w)


def in_stability_band(S, n: int, delta: float = 0.5) -> bool:
    """True iff ||S / n - I||_2 < delta, decided by Cholesky of S/n - (1-delta) I and (1+delta) I - S/n
    (serial and exact up to rounding; no eigen-solver)."""
    S = check_array("S", S, ndim=2)
    if S.shape[0] < 1 or S.shape != (S.shape[0], S.shape[0]):
        raise ValueError(f"S must be a non-empty square array, got array(shape={S.shape})")
    S = _check_symmetric("S", S)
    n = check_int("n", n, min_value=1)
    delta = check_float("delta", delta, positive=True)
    return bool(_band_kernel(S, float(n), 1.0 - delta, 1.0 + delta))
