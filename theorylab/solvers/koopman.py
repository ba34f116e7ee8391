"""Koopman spectra from snapshot data: dictionaries, EDMD, ResDMD residuals,
pseudospectra and certified spectra.

References
----------
* M. O. Williams, I. G. Kevrekidis, C. W. Rowley, *A data-driven approximation of
  the Koopman operator: extending dynamic mode decomposition*, J. Nonlinear Sci.
  2015 (arXiv:1408.4408) -- EDMD, ``K = G^+ A``.
* M. J. Colbrook, A. Townsend, *Rigorous data-driven computation of spectral
  properties of Koopman operators for dynamical systems* (ResDMD), CPAM 2024
  (arXiv:2111.14889) -- residuals (Alg. 1), pseudospectra ``tau_N`` (Alg. 2),
  local-minimiser spectra (Alg. 3), filtered spectral measures.
* M. J. Colbrook, I. Mezic, A. Stepanenko, *Limits and Powers of Koopman
  Learning* (arXiv:2407.06312) -- the certified spectral algorithm of
  ``duffing_err.m`` (:func:`certified_spectrum`) and its EDMD baseline.

Conventions (the authors' code): data pairs ``(x_m, y_m = F(x_m))`` with weights
``w_m``, ``Psi_X[m, j] = psi_j(x_m)``, ``Psi_Y[m, j] = psi_j(y_m)``,
``G = Psi_X^* W Psi_X``, ``A = Psi_X^* W Psi_Y``, ``L = Psi_Y^* W Psi_Y``, so
that for ``g = Psi v``: ``<Kg, g> = v^* A v`` and
``||(K - z) g||^2 = v^* (L - z A^* - conj(z) A + |z|^2 G) v``.

Jitted kernels: dictionary evaluation, k-means (Lloyd), the Duffing flow map
(RK4), the hidden-twist map, the certified local-minimiser search and the
filtered spectral-density sum. Dense linear algebra (Gram matrices, SVD,
Hermitian eigenvalues on a z-grid) is LAPACK/BLAS through NumPy.
"""
from __future__ import annotations

import numpy as np
from numba import njit

from .._config import JIT
from .._validation import check_array, check_choice, check_float, check_int, make_rng
from ..result import SolverResult, Status

# numba rejects a frozenset for ``fastmath``; same flags as theorylab._config.JIT, as a set.
_JIT = dict(JIT, fastmath=set(JIT["fastmath"]))
# the integrator's non-finite check was optimised away under these fastmath flags (seen with
# numba 0.68: a NaN state went undetected); it is compiled without fastmath.
_JIT_STRICT = dict(JIT, fastmath=False)

RBF_KINDS = {"gaussian": 0, "laplace": 1}


# ----------------------------------------------------------------------------- BLAS threads
_BLAS = []


def _openblas_handles():
    """ctypes handles (get, set) to the OpenBLAS builds bundled with NumPy and SciPy."""
    if _BLAS:
        return _BLAS
    try:
        import ctypes
        import glob
        import os

        import scipy
        for pkg, suffix in ((np, "64_"), (scipy, "")):
            libdir = os.path.join(os.path.dirname(pkg.__file__), "..", f"{pkg.__name__}.libs")
            for path in sorted(glob.glob(os.path.join(libdir, "*openblas*"))):
                lib = ctypes.CDLL(path)
                get = getattr(lib, f"scipy_openblas_get_num_threads{suffix}", None)
                put = getattr(lib, f"scipy_openblas_set_num_threads{suffix}", None)
                if get is not None and put is not None:
                    get.restype = ctypes.c_int
                    put.argtypes = [ctypes.c_int]
                    _BLAS.append((get, put))
    except (OSError, ImportError):  # pragma: no cover - platform dependent
        pass
    return _BLAS


class single_thread_blas:
    """Context manager: NumPy's OpenBLAS runs single-threaded inside (restored on exit).

    Batches of small Hermitian eigenproblems are ~10x slower with BLAS threads on a
    loaded machine; runs are parallelised across tasks, never inside one."""

    def __enter__(self):
        self._old = [(put, int(get())) for get, put in _openblas_handles()]
        for put, _ in self._old:
            put(1)
        return self

    def __exit__(self, *exc):
        for put, n in self._old:
            put(n)
        return False
PSEUDO_METHODS = ("svd", "gram", "projected")
FILTERS = ("poly", "none")


# ============================================================================ dictionaries

@njit(**_JIT)
def _monomials_kernel(X, E):
    """Psi[m, j] = prod_i X[m, i] ** E[j, i]."""
    M, d = X.shape
    N = E.shape[0]
    out = np.empty((M, N))
    for m in range(M):
        for j in range(N):
            v = 1.0
            for i in range(d):
                for _ in range(E[j, i]):
                    v *= X[m, i]
            out[m, j] = v
    return out


@njit(**_JIT)
def _legendre_kernel(x, n, a, b):
    """Orthonormal shifted Legendre polynomials of degree 0..n on [a, b]
    (orthonormal for the uniform probability measure): sqrt(2j+1) P_j(t)."""
    M = x.shape[0]
    out = np.empty((M, n + 1))
    for m in range(M):
        t = 2.0 * (x[m] - a) / (b - a) - 1.0
        p0 = 1.0
        out[m, 0] = 1.0
        if n >= 1:
            p1 = t
            out[m, 1] = np.sqrt(3.0) * p1
            for j in range(1, n):
                p2 = ((2 * j + 1) * t * p1 - j * p0) / (j + 1)
                p0 = p1
                p1 = p2
                out[m, j + 1] = np.sqrt(2.0 * (j + 1) + 1.0) * p1
    return out


@njit(**_JIT)
def _fourier_kernel(x, ks, period):
    """Psi[m, j] = exp(2 pi i ks[j] x[m] / period)."""
    M = x.shape[0]
    N = ks.shape[0]
    out = np.empty((M, N), dtype=np.complex128)
    for m in range(M):
        ph = 2.0 * np.pi * x[m] / period
        for j in range(N):
            out[m, j] = np.exp(1j * ks[j] * ph)
    return out


@njit(**_JIT)
def _hermite_kernel(x, n):
    """Orthonormal Hermite functions h_0..h_n on (R, dx) by the stable three-term recurrence."""
    M = x.shape[0]
    out = np.empty((M, n + 1))
    c0 = np.pi ** -0.25
    for m in range(M):
        t = x[m]
        h0 = c0 * np.exp(-0.5 * t * t)
        out[m, 0] = h0
        if n >= 1:
            h1 = np.sqrt(2.0) * t * h0
            out[m, 1] = h1
            for j in range(1, n):
                h2 = np.sqrt(2.0 / (j + 1)) * t * h1 - np.sqrt(j / (j + 1.0)) * h0
                h0 = h1
                h1 = h2
                out[m, j + 1] = h1
    return out


@njit(**_JIT)
def _rbf_kernel(X, C, scale, kind):
    """kind 0: exp(-||x - c||^2 / scale); kind 1: exp(-||x - c|| / scale)."""
    M, d = X.shape
    N = C.shape[0]
    out = np.empty((M, N))
    for m in range(M):
        for j in range(N):
            s = 0.0
            for i in range(d):
                r = X[m, i] - C[j, i]
                s += r * r
            if kind == 0:
                out[m, j] = np.exp(-s / scale)
            else:
                out[m, j] = np.exp(-np.sqrt(s) / scale)
    return out


def monomial_exponents(d: int, degree: int) -> np.ndarray:
    """Exponent rows (N, d) of all monomials of total degree <= ``degree``, graded order."""
    d = check_int("d", d, min_value=1)
    degree = check_int("degree", degree, min_value=0)
    rows = []

    def rec(prefix, left, slots):
        if slots == 1:
            rows.append(prefix + [left])
            return
        for a in range(left, -1, -1):
            rec(prefix + [a], left - a, slots - 1)

    for tot in range(degree + 1):
        rec([], tot, d)
    return np.ascontiguousarray(np.array(rows, dtype=np.int64).reshape(-1, d))


def monomials(X, degree: int) -> np.ndarray:
    """Monomial dictionary (total degree <= ``degree``) at the rows of ``X`` (M, d)."""
    X = check_array("X", X, ndim=2)
    E = monomial_exponents(X.shape[1], degree)
    return _monomials_kernel(X, E)


def legendre(x, degree: int, a: float = 0.0, b: float = 1.0) -> np.ndarray:
    """Orthonormal shifted Legendre dictionary psi_0..psi_degree on [a, b] (uniform probability measure)."""
    x = check_array("x", x, ndim=1)
    degree = check_int("degree", degree, min_value=0)
    a = check_float("a", a)
    b = check_float("b", b, lower=a, lower_open=True)
    return _legendre_kernel(x, degree, a, b)


def fourier(x, K: int, period: float = 1.0) -> np.ndarray:
    """Fourier dictionary exp(2 pi i k x / period), k = -K..K (columns in that order)."""
    x = check_array("x", x, ndim=1)
    K = check_int("K", K, min_value=0)
    period = check_float("period", period, positive=True)
    return _fourier_kernel(x, np.arange(-K, K + 1, dtype=np.int64), period)


def hermite_functions(x, degree: int) -> np.ndarray:
    """Orthonormal Hermite functions h_0..h_degree on (R, dx)."""
    x = check_array("x", x, ndim=1)
    degree = check_int("degree", degree, min_value=0)
    return _hermite_kernel(x, degree)


def rbf(X, centres, scale: float, kind: str = "gaussian") -> np.ndarray:
    """Radial basis functions: ``gaussian`` exp(-||x-c||^2/scale), ``laplace`` exp(-||x-c||/scale)."""
    X = check_array("X", X, ndim=2)
    centres = check_array("centres", centres, ndim=2, shape=(None, X.shape[1]))
    scale = check_float("scale", scale, positive=True)
    kind = check_choice("kind", kind, RBF_KINDS)
    return _rbf_kernel(X, centres, scale, RBF_KINDS[kind])


def delay_embed(series, n_delays: int) -> tuple[np.ndarray, np.ndarray]:
    """Delay embedding of a scalar or vector time series (T, d): returns (X, Y), the pairs
    of stacked windows [u_t, ..., u_{t+n_delays-1}] -> [u_{t+1}, ..., u_{t+n_delays}]."""
    u = check_array("series", series)
    if u.ndim == 1:
        u = u[:, None]
    if u.ndim != 2:
        raise ValueError(f"series must be a 1-D or 2-D array, got array(shape={u.shape})")
    if u.shape[0] < 2 or u.shape[1] < 1:
        raise ValueError(f"series must hold at least 2 samples of dimension >= 1, got array(shape={u.shape})")
    n_delays = check_int("n_delays", n_delays, min_value=1, max_value=u.shape[0] - 1)
    T = u.shape[0] - n_delays
    H = np.concatenate([u[i:i + T + 1] for i in range(n_delays)], axis=1)
    return np.ascontiguousarray(H[:-1]), np.ascontiguousarray(H[1:])


# ============================================================================ k-means

@njit(**_JIT)
def _kmeans_kernel(X, C0, max_iter):
    """Lloyd iterations from centres C0; empty clusters keep their centre.
    Returns (centres, labels, inertia, iterations, converged)."""
    M, d = X.shape
    k = C0.shape[0]
    C = C0.copy()
    labels = -np.ones(M, dtype=np.int64)
    inertia = 0.0
    it = 0
    converged = False
    sums = np.zeros((k, d))
    counts = np.zeros(k, dtype=np.int64)
    for it in range(1, max_iter + 1):
        changed = 0
        inertia = 0.0
        for m in range(M):
            best = np.inf
            arg = 0
            for j in range(k):
                s = 0.0
                for i in range(d):
                    r = X[m, i] - C[j, i]
                    s += r * r
                if s < best:
                    best = s
                    arg = j
            if labels[m] != arg:
                changed += 1
                labels[m] = arg
            inertia += best
        if changed == 0:
            converged = True
            break
        sums[:, :] = 0.0
        counts[:] = 0
        for m in range(M):
            j = labels[m]
            counts[j] += 1
            for i in range(d):
                sums[j, i] += X[m, i]
        for j in range(k):
            if counts[j] > 0:
                for i in range(d):
                    C[j, i] = sums[j, i] / counts[j]
    return C, labels, inertia, it, converged


def kmeans(X, n_clusters: int, *, max_iter: int = 100, rng=None) -> SolverResult:
    """k-means (Lloyd) with initial centres drawn uniformly without replacement from the
    rows of ``X``. ``x`` = centres (k, d), ``fun`` = inertia, ``extra["labels"]``."""
    X = check_array("X", X, ndim=2)
    if X.shape[0] < 1 or X.shape[1] < 1:
        raise ValueError(f"X must be a non-empty (M, d) array of points, got array(shape={X.shape})")
    n_clusters = check_int("n_clusters", n_clusters, min_value=1, max_value=X.shape[0])
    max_iter = check_int("max_iter", max_iter, min_value=1)
    gen = make_rng(rng)
    idx = np.sort(gen.choice(X.shape[0], size=n_clusters, replace=False))
    C0 = np.ascontiguousarray(X[idx])
    C, labels, inertia, it, conv = _kmeans_kernel(X, C0, max_iter)
    return SolverResult(x=C, fun=float(inertia), nit=int(it), nfev=int(it) * X.shape[0],
                        status=Status.CONVERGED if conv else Status.MAX_ITER,
                        trace={"k": np.array([int(it)]), "inertia": np.array([inertia])},
                        extra={"labels": labels, "init": idx})


# ============================================================================ flows and maps

@njit(**_JIT_STRICT)
def _duffing_rhs(x, y, alpha):
    return y, -alpha * y + x - x * x * x


@njit(**_JIT_STRICT)
def _duffing_flow_kernel(X0, dt, alpha, n_steps, n_sub):
    """States at t = 0, dt, ..., n_steps*dt of x' = y, y' = -alpha y + x - x^3 (classical RK4,
    n_sub sub-steps per dt). Returns (traj (M, n_steps+1, 2), status, last finite step)."""
    M = X0.shape[0]
    traj = np.empty((M, n_steps + 1, 2))
    h = dt / n_sub
    status = 0
    last = n_steps
    for m in range(M):
        x = X0[m, 0]
        y = X0[m, 1]
        traj[m, 0, 0] = x
        traj[m, 0, 1] = y
        for s in range(n_steps):
            for _ in range(n_sub):
                k1x, k1y = _duffing_rhs(x, y, alpha)
                k2x, k2y = _duffing_rhs(x + 0.5 * h * k1x, y + 0.5 * h * k1y, alpha)
                k3x, k3y = _duffing_rhs(x + 0.5 * h * k2x, y + 0.5 * h * k2y, alpha)
                k4x, k4y = _duffing_rhs(x + h * k3x, y + h * k3y, alpha)
                x = x + h / 6.0 * (k1x + 2.0 * k2x + 2.0 * k3x + k4x)
                y = y + h / 6.0 * (k1y + 2.0 * k2y + 2.0 * k3y + k4y)
            if not (np.isfinite(x) and np.isfinite(y)):
                status = 2
                if s < last:
                    last = s
                # keep the last finite state for the rest of this trajectory
                for r in range(s + 1, n_steps + 1):
                    traj[m, r, 0] = traj[m, s, 0]
                    traj[m, r, 1] = traj[m, s, 1]
                break
            traj[m, s + 1, 0] = x
            traj[m, s + 1, 1] = y
    return traj, status, last


def duffing_flow(X0, dt: float, *, alpha: float = 0.0, n_steps: int = 1, n_sub: int = 100) -> SolverResult:
    """Duffing oscillator x' = y, y' = -alpha y + x - x^3 (Colbrook-Mezic-Stepanenko,
    ``duffing_example.m``), RK4 with ``n_sub`` sub-steps per ``dt``.

    ``x`` = trajectories (M, n_steps + 1, 2). A non-finite state gives
    ``Status.DIVERGED`` (that trajectory is frozen at its last finite state)."""
    X0 = check_array("X0", X0, ndim=2, shape=(None, 2))
    dt = check_float("dt", dt, positive=True)
    alpha = check_float("alpha", alpha, nonnegative=True)
    n_steps = check_int("n_steps", n_steps, min_value=1)
    n_sub = check_int("n_sub", n_sub, min_value=1)
    traj, status, last = _duffing_flow_kernel(X0, dt, alpha, n_steps, n_sub)
    st = Status.DIVERGED if status == 2 else Status.MAX_ITER
    return SolverResult(x=traj, fun=float("nan"), nit=int(last if status == 2 else n_steps),
                        nfev=4 * n_sub * n_steps * X0.shape[0], status=st,
                        trace={"k": np.arange(n_steps + 1)})


# Yoshida's recursive triple jump: S_{2k+2}(h) = S_2k(a h) S_2k(b h) S_2k(a h), a = 1/(2 - 2^{1/(2k+1)}),
# b = 1 - 2a; from leapfrog (order 2) twice gives a symmetric symplectic method of order 6 (9 stages).
def _yoshida6_coefficients():
    c = np.array([1.0])
    for k in (1, 2):
        a = 1.0 / (2.0 - 2.0 ** (1.0 / (2 * k + 1)))
        b = 1.0 - 2.0 * a
        c = np.concatenate([a * c, b * c, a * c])
    return c


YOSHIDA6 = _yoshida6_coefficients()


@njit(**_JIT_STRICT)
def _pendulum_flow_kernel(X0, dt, n_sub, coef):
    """Time-dt flow of the pendulum x' = y, y' = -sin x by the order-6 Yoshida composition ``coef``
    of Stormer-Verlet (drift-kick-drift) with n_sub sub-steps; x is wrapped to [-pi, pi).
    Each stage is an exactly area-preserving map, so the discrete map is symplectic.
    Points are advanced in blocks of 64 (stage loop outside, points inside: independent sin
    evaluations overlap; per point the operations are those of the plain loop, bit for bit).
    Returns (Y (M, 2), status: 0 ok, 2 non-finite state)."""
    M = X0.shape[0]
    out = np.empty((M, 2))
    h = dt / n_sub
    S = coef.shape[0]
    B = 64
    xs = np.empty(B)
    ys = np.empty(B)
    status = 0
    for m0 in range(0, M, B):
        nb = min(B, M - m0)
        for i in range(nb):
            xs[i] = X0[m0 + i, 0]
            ys[i] = X0[m0 + i, 1]
        for _ in range(n_sub):
            for s in range(S):
                hs = coef[s] * h
                for i in range(nb):
                    x = xs[i] + 0.5 * hs * ys[i]
                    y = ys[i] - hs * np.sin(x)
                    xs[i] = x + 0.5 * hs * y
                    ys[i] = y
        for i in range(nb):
            x = xs[i]
            y = ys[i]
            if not (np.isfinite(x) and np.isfinite(y)):
                status = 2
            x = x - 2.0 * np.pi * np.floor((x + np.pi) / (2.0 * np.pi))
            out[m0 + i, 0] = x
            out[m0 + i, 1] = y
    return out, status


def pendulum_flow(X0, dt: float, *, n_sub: int = 100) -> SolverResult:
    """Flow map of the nonlinear pendulum x' = y, y' = -sin x on T x R over time ``dt`` (the
    measure-preserving example of Colbrook-Townsend, ResDMD §6 / ``Examples_gallery_1``), by a
    symmetric order-6 symplectic composition (Yoshida 1990) of Stormer-Verlet with ``n_sub``
    sub-steps. The discrete map is itself area preserving (its Koopman operator is unitary on
    L^2(T x R)); global error ~ (dt/n_sub)^6. ``x`` = images (M, 2) with the angle in [-pi, pi)."""
    X0 = check_array("X0", X0, ndim=2, shape=(None, 2))
    dt = check_float("dt", dt, positive=True)
    n_sub = check_int("n_sub", n_sub, min_value=1)
    Y, status = _pendulum_flow_kernel(X0, dt, n_sub, YOSHIDA6)
    return SolverResult(x=Y, fun=float("nan"), nit=n_sub, nfev=n_sub * YOSHIDA6.shape[0] * X0.shape[0],
                        status=Status.DIVERGED if status == 2 else Status.MAX_ITER,
                        trace={"k": np.array([n_sub])})


@njit(**_JIT)
def _twist_kernel(X, cx, cy, eps):
    """Hidden twist on the torus [0,1)^2: identity outside the disc B_eps(c); inside, in polar
    coordinates about c, (r, phi) -> (r, phi + 2 pi (1 - r/eps))."""
    M = X.shape[0]
    out = np.empty((M, 2))
    for m in range(M):
        dx = X[m, 0] - cx
        dy = X[m, 1] - cy
        # periodic displacement to the nearest copy of c
        dx -= np.floor(dx + 0.5)
        dy -= np.floor(dy + 0.5)
        r = np.sqrt(dx * dx + dy * dy)
        if r < eps:
            th = 2.0 * np.pi * (1.0 - r / eps)
            c = np.cos(th)
            s = np.sin(th)
            nx = cx + c * dx - s * dy
            ny = cy + s * dx + c * dy
            out[m, 0] = nx - np.floor(nx)
            out[m, 1] = ny - np.floor(ny)
        else:
            out[m, 0] = X[m, 0]
            out[m, 1] = X[m, 1]
    return out


def hidden_twist_map(X, eps: float, centre=(0.5, 0.5)) -> np.ndarray:
    """The hidden-twist adversary F_eps of Colbrook-Mezic-Stepanenko (area preserving,
    invertible, Lipschitz <= 1 + 2 pi uniformly in eps) at the rows of X (M, 2)."""
    X = check_array("X", X, ndim=2, shape=(None, 2))
    eps = check_float("eps", eps, positive=True, upper=0.5, upper_open=True)
    c = check_array("centre", centre, ndim=1, shape=(2,))
    return _twist_kernel(X, float(c[0]), float(c[1]), eps)


# ============================================================================ Galerkin matrices / EDMD

def _check_pairs(Psi_X, Psi_Y, w):
    Psi_X = check_array("Psi_X", Psi_X, ndim=2, dtype=np.complex128 if np.iscomplexobj(Psi_X) else np.float64)
    Psi_Y = check_array("Psi_Y", Psi_Y, ndim=2, shape=Psi_X.shape,
                        dtype=np.complex128 if np.iscomplexobj(Psi_Y) else np.float64)
    M = Psi_X.shape[0]
    if w is None:
        w = np.full(M, 1.0 / M)
    else:
        w = check_array("w", w, ndim=1, shape=(M,))
        if np.any(w < 0):
            raise ValueError(f"w must be non-negative quadrature weights, got min {w.min()!r}")
    return Psi_X, Psi_Y, w


def galerkin_matrices(Psi_X, Psi_Y, w=None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(G, A, L) = (Psi_X^* W Psi_X, Psi_X^* W Psi_Y, Psi_Y^* W Psi_Y), G and L symmetrised."""
    Psi_X, Psi_Y, w = _check_pairs(Psi_X, Psi_Y, w)
    WX = Psi_X * w[:, None]
    WY = Psi_Y * w[:, None]
    G = Psi_X.conj().T @ WX
    A = WX.conj().T @ Psi_Y
    L = Psi_Y.conj().T @ WY
    return 0.5 * (G + G.conj().T), A, 0.5 * (L + L.conj().T)


def edmd(Psi_X, Psi_Y, w=None, *, variant: str = "standard") -> SolverResult:
    """EDMD (Williams-Kevrekidis-Rowley 2015): K = G^+ A, eigenpairs (lambda_j, v_j).

    ``variant="transposed"`` uses A^T (a deliberately broken convention, control E3).
    ``x`` = eigenvalues; ``extra``: ``V`` (eigenvectors, columns), ``K``, ``G``, ``A``, ``L``.
    """
    variant = check_choice("variant", variant, ("standard", "transposed"))
    with single_thread_blas():
        G, A, L = galerkin_matrices(Psi_X, Psi_Y, w)
        Ause = A.T.copy() if variant == "transposed" else A
        K = np.linalg.pinv(G, rcond=1e-14, hermitian=True) @ Ause
        lam, V = np.linalg.eig(K)
    ok = np.all(np.isfinite(lam))
    return SolverResult(x=lam, fun=float(np.max(np.abs(lam))) if ok else float("nan"), nit=1, nfev=0,
                        status=Status.CONVERGED if ok else Status.DIVERGED,
                        trace={"k": np.array([1])}, extra={"V": V, "K": K, "G": G, "A": A, "L": L})


def residuals(G, A, L, lam, V) -> np.ndarray:
    """ResDMD residuals res(lambda_j, v_j) = sqrt(v^*(L - lam A^* - conj(lam) A + |lam|^2 G) v / v^* G v)
    (Colbrook-Townsend, Alg. 1). Returns the squared residuals clipped at 0 -- take sqrt yourself."""
    G = np.asarray(G)
    A = np.asarray(A)
    L = np.asarray(L)
    lam = np.atleast_1d(np.asarray(lam, dtype=np.complex128))
    V = np.asarray(V, dtype=np.complex128)
    if V.ndim != 2 or V.shape[1] != lam.shape[0] or V.shape[0] != G.shape[0]:
        raise ValueError(f"V must have shape ({G.shape[0]}, {lam.shape[0]}), got array(shape={V.shape})")
    out = np.empty(lam.shape[0])
    for j in range(lam.shape[0]):
        v = V[:, j]
        z = lam[j]
        H = L - z * A.conj().T - np.conj(z) * A + abs(z) ** 2 * G
        num = np.real(v.conj() @ H @ v)
        den = np.real(v.conj() @ G @ v)
        out[j] = max(num, 0.0) / den
    return out


def edmd_heldout_residuals(lam, V, Psi_X3, Psi_Y3) -> np.ndarray:
    """||Psi_Y3 v - lam Psi_X3 v|| / ||Psi_X3 v|| for each EDMD pair on a held-out data set
    (the EDMD error bound of ``duffing_err.m``)."""
    lam = np.atleast_1d(np.asarray(lam, dtype=np.complex128))
    V = np.asarray(V, dtype=np.complex128)
    PX = Psi_X3 @ V
    PY = Psi_Y3 @ V
    return np.linalg.norm(PY - PX * lam[None, :], axis=0) / np.linalg.norm(PX, axis=0)


# ============================================================================ pseudospectra

def orthonormalised(Psi_X, Psi_Y, w=None, *, rcond: float = 1e-10):
    """Orthonormalise the dictionary in the data inner product (the QR variant of ResDMD, with an
    SVD truncated at ``rcond * s_max`` for rank-deficient dictionaries).

    Returns (Ahat, Lhat, rank): in the new basis G = I, A = Q^* C1, L = C1^* C1."""
    Psi_X, Psi_Y, w = _check_pairs(Psi_X, Psi_Y, w)
    rcond = check_float("rcond", rcond, positive=True)
    sw = np.sqrt(w)[:, None]
    U, s, Vh = np.linalg.svd(sw * Psi_X, full_matrices=False)
    if s.size == 0 or s[0] == 0:
        r = 0
    else:
        r = int(np.sum(s > rcond * s[0]))
    U = U[:, :r]
    T = Vh[:r].conj().T / s[:r][None, :]
    C1 = (sw * Psi_Y) @ T
    Ahat = U.conj().T @ C1
    Lhat = C1.conj().T @ C1
    return Ahat, 0.5 * (Lhat + Lhat.conj().T), r


def _lambda_min_grid(Ahat, Lhat, z, chunk_elems=2_000_000):
    """lambda_min(L - z A^* - conj(z) A + |z|^2 I) for every z (batched Hermitian eigvalsh)."""
    N = Ahat.shape[0]
    out = np.empty(z.shape[0])
    if N == 0:
        out[:] = np.abs(z) ** 2 * 0.0 + np.inf
        return out
    Ah = Ahat.conj().T
    I = np.eye(N)
    step = max(1, chunk_elems // (N * N))
    for s in range(0, z.shape[0], step):
        zz = z[s:s + step]
        H = (Lhat[None] - zz[:, None, None] * Ah[None] - np.conj(zz)[:, None, None] * Ahat[None]
             + (np.abs(zz) ** 2)[:, None, None] * I[None])
        out[s:s + step] = np.linalg.eigvalsh(H)[:, 0]
    return out


def pseudospectrum(Psi_X, Psi_Y, w=None, *, z, method: str = "svd", rcond: float = 1e-10) -> SolverResult:
    """tau_N(z) = min_{g in span} ||(K - z) g|| / ||g|| on the points ``z`` (ResDMD Alg. 2).

    ``method``: ``"svd"`` orthonormalise first (QR-stable variant, default); ``"gram"`` the
    generalized Hermitian pencil (L - zA^* - conj(z)A + |z|^2 G, G + 1e-14||G|| I) as in the
    authors' ``KoopPseudoSpec``; ``"projected"`` replaces L by A^* G^{-1} A, i.e. the
    residual ||(K_EDMD - z) v||_G of the Galerkin matrix (a broken variant, control E7).
    ``x`` = tau (len(z)); ``extra["rank"]`` the dictionary rank kept."""
    method = check_choice("method", method, PSEUDO_METHODS)
    z = check_array("z", z, ndim=1, dtype=np.complex128)
    with single_thread_blas():
        return _pseudospectrum(Psi_X, Psi_Y, w, z, method, rcond)


def _pseudospectrum(Psi_X, Psi_Y, w, z, method, rcond):
    if method == "gram":
        import scipy.linalg as sla
        G, A, L = galerkin_matrices(Psi_X, Psi_Y, w)
        N = G.shape[0]
        Gr = G + 1e-14 * np.linalg.norm(G) * np.eye(N)
        tau2 = np.empty(z.shape[0])
        for i, zi in enumerate(z):
            H = L - zi * A.conj().T - np.conj(zi) * A + abs(zi) ** 2 * G
            H = 0.5 * (H + H.conj().T)
            tau2[i] = sla.eigh(H, Gr, eigvals_only=True, subset_by_index=[0, 0])[0]
        rank = N
    else:
        Ahat, Lhat, rank = orthonormalised(Psi_X, Psi_Y, w, rcond=rcond)
        if method == "projected":
            Lhat = Ahat.conj().T @ Ahat
            Lhat = 0.5 * (Lhat + Lhat.conj().T)
        tau2 = _lambda_min_grid(Ahat, Lhat, z)
    ok = np.all(np.isfinite(tau2))
    tau = np.sqrt(np.maximum(tau2, 0.0))
    return SolverResult(x=tau, fun=float(np.min(tau)) if ok else float("nan"), nit=1, nfev=int(z.shape[0]),
                        status=Status.CONVERGED if ok else Status.DIVERGED, trace={"k": np.array([1])},
                        extra={"rank": rank, "tau2": tau2})


@njit(**_JIT)
def _local_minimisers_kernel(zr, zi, dist, factor, threshold):
    """For each grid point j with dist_j < threshold: the first argmin of dist over
    {i : |z_i - z_j| < factor * dist_j}. Returns a 0/1 mask of selected indices."""
    G = zr.shape[0]
    sel = np.zeros(G, dtype=np.int64)
    for j in range(G):
        dj = dist[j]
        if not (dj < threshold):
            continue
        rad = factor * dj
        best = np.inf
        arg = -1
        for i in range(G):
            a = zr[i] - zr[j]
            b = zi[i] - zi[j]
            if np.sqrt(a * a + b * b) < rad or i == j:
                if dist[i] < best:
                    best = dist[i]
                    arg = i
        sel[arg] = 1
    return sel


def certified_spectrum(tau, z, *, unit_circle_clamp: bool = False, factor: float = 5.0,
                       threshold: float = 1.0) -> SolverResult:
    """The certified spectral algorithm of Colbrook-Mezic-Stepanenko (``duffing_err.m``): from
    DIST(z) = tau(z) (clamped to max(tau, |1 - |z||) when the system is known to be
    measure preserving), keep for every grid point with DIST < threshold the minimiser of DIST
    within radius factor * DIST. ``x`` = output points, ``fun`` = error bound E_cert = max DIST
    over them; ``extra["dist"]`` the certificates of the outputs."""
    z = check_array("z", z, ndim=1, dtype=np.complex128)
    tau = check_array("tau", tau, ndim=1, shape=z.shape)
    factor = check_float("factor", factor, positive=True)
    threshold = check_float("threshold", threshold, positive=True)
    dist = np.maximum(tau, np.abs(1.0 - np.abs(z))) if unit_circle_clamp else tau.copy()
    sel = _local_minimisers_kernel(np.ascontiguousarray(z.real), np.ascontiguousarray(z.imag),
                                   np.ascontiguousarray(dist), factor, threshold)
    idx = np.flatnonzero(sel)
    spec = z[idx]
    bound = float(dist[idx].max()) if idx.size else float("nan")
    return SolverResult(x=spec, fun=bound, nit=1, nfev=int(z.shape[0]),
                        status=Status.CONVERGED, trace={"k": np.array([1])},
                        extra={"dist": dist[idx], "index": idx, "DIST": dist})


# ============================================================================ spectral measures

@njit(**_JIT)
def _filtered_density_kernel(c_re, c_im, theta, phi):
    """rho(theta) = (1/2pi) [phi_0 c_0 + 2 Re sum_{n>=1} phi_n c_n e^{-i n theta}]."""
    P = theta.shape[0]
    Nn = c_re.shape[0]
    out = np.empty(P)
    for p in range(P):
        s = 0.0
        th = theta[p]
        for n in range(1, Nn):
            cs = np.cos(n * th)
            sn = np.sin(n * th)
            s += phi[n] * (c_re[n] * cs + c_im[n] * sn)
        out[p] = (phi[0] * c_re[0] + 2.0 * s) / (2.0 * np.pi)
    return out


def filter_weights(N: int, *, filter: str = "poly", order: int = 2) -> np.ndarray:
    """phi(n/N), n = 0..N: ``poly`` phi_m(x) = 1 - |x|^m (m = 1 is Fejer); ``none`` all ones."""
    N = check_int("N", N, min_value=1)
    filter = check_choice("filter", filter, FILTERS)
    if filter == "none":
        return np.ones(N + 1)
    order = check_int("order", order, min_value=1)
    return 1.0 - (np.arange(N + 1) / N) ** order


def spectral_density(moments, theta, *, filter: str = "poly", order: int = 2) -> SolverResult:
    """Filtered spectral density of g from its moments c(n) = <K^n g, g> = int e^{i n t} dmu_g(t),
    n = 0..N (c(-n) = conj c(n)): rho_N(theta) = (1/2pi) sum_{|n|<=N} phi(n/N) c(n) e^{-i n theta}
    (Colbrook-Townsend, filtered moments). ``x`` = rho_N at ``theta``; int rho_N = c(0)."""
    c = check_array("moments", moments, ndim=1, dtype=np.complex128)
    if c.shape[0] < 2:
        raise ValueError(f"moments must hold c(0..N) with N >= 1, got array(shape={c.shape})")
    theta = check_array("theta", theta, ndim=1)
    N = c.shape[0] - 1
    phi = filter_weights(N, filter=filter, order=order)
    rho = _filtered_density_kernel(np.ascontiguousarray(c.real), np.ascontiguousarray(c.imag), theta, phi)
    return SolverResult(x=rho, fun=float(np.max(np.abs(rho))), nit=1, nfev=N + 1,
                        status=Status.CONVERGED if np.all(np.isfinite(rho)) else Status.DIVERGED,
                        trace={"k": np.array([N])})


# ============================================================================ helpers used by several claims

def unit_circle_distance(z) -> np.ndarray:
    """||z| - 1| (= sigma_inf(K - z) for an isometry whose Sp_ap is the unit circle)."""
    return np.abs(np.abs(np.asarray(z)) - 1.0)


def match_error(computed, truth) -> float:
    """max |computed_i - truth_pi(i)| under the optimal one-to-one matching (Hungarian)."""
    from scipy.optimize import linear_sum_assignment
    a = np.asarray(computed, dtype=np.complex128).ravel()
    b = np.asarray(truth, dtype=np.complex128).ravel()
    if a.shape != b.shape:
        raise ValueError(f"computed and truth must have the same length, got {a.shape} and {b.shape}")
    D = np.abs(a[:, None] - b[None, :])
    r, c = linear_sum_assignment(D)
    return float(D[r, c].max())


def rect_grid(re_lo: float, re_hi: float, im_lo: float, im_hi: float, step: float) -> np.ndarray:
    """Complex grid {a + ib} with the given ranges and step (row-major in Im, then Re)."""
    step = check_float("step", step, positive=True)
    a = np.arange(re_lo, re_hi + step / 2, step)
    b = np.arange(im_lo, im_hi + step / 2, step)
    return np.ascontiguousarray((a[None, :] + 1j * b[:, None]).ravel())


def certified_vs_edmd(X1, Y1, X2, Y2, X3, Y3, N: int, z, *, unit_circle_clamp: bool, scale: float | None = None,
                      kmeans_iter: int = 30, rng=None) -> dict:
    """The comparison of Colbrook-Mezic-Stepanenko (``duffing_err.m``) for one dictionary size N.

    Dictionary psi_j(x) = exp(-2 ||x - c_j|| / d) with k-means centres c_j of data set 1 (stacked
    X1, Y1), d = mean ||x - mean(x)|| over set 2 (or ``scale``); matrices from set 2 (weights 1/M);
    certified bound E_cert = max DIST over the outputs of :func:`certified_spectrum` on the grid ``z``;
    EDMD bound E_EDMD = max held-out residual over all EDMD pairs on set 3.
    Returns dict(E_cert, E_edmd, n_out, spec, dist, edmd_eigs, tau) (``tau`` = tau_N on ``z``)."""
    N = check_int("N", N, min_value=1)
    gen = make_rng(rng)
    km = kmeans(np.concatenate([X1, Y1]), N, max_iter=kmeans_iter, rng=gen)
    C = km.x
    d = float(np.mean(np.linalg.norm(X2 - X2.mean(axis=0), axis=1))) if scale is None else float(scale)
    s = d / 2.0
    with single_thread_blas():
        PX2, PY2 = rbf(X2, C, s, "laplace"), rbf(Y2, C, s, "laplace")
        tau = pseudospectrum(PX2, PY2, z=z).x
        cert = certified_spectrum(tau, z, unit_circle_clamp=unit_circle_clamp)
        ed = edmd(PX2, PY2)
        r3 = edmd_heldout_residuals(ed.x, ed.extra["V"], rbf(X3, C, s, "laplace"), rbf(Y3, C, s, "laplace"))
    return dict(E_cert=cert.fun, E_edmd=float(np.max(r3)), n_out=int(cert.x.shape[0]), spec=cert.x,
                dist=cert.extra["dist"], edmd_eigs=ed.x, tau=tau)
