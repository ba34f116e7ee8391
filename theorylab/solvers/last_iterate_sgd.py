"""Last-iterate (composite, mirror) stochastic gradient methods.

Liu & Zhou, *Revisiting the Last-Iterate Convergence of Stochastic Gradient
Methods*, ICLR 2024 (arXiv:2312.08531), Algorithm 1 (CSMD), with the classical
schedules of Shamir & Zhang (2013), Zamani & Glineur (2023) and
Jain, Nagaraj & Netrapalli (2019).

Three solvers, all returning the **last iterate** ``x_{T+1}`` after ``T``
oracle calls (``trace["k"]`` counts updates done, so ``k = T`` is ``x_{T+1}``):

* :func:`prox_sgd` -- Euclidean composite SGD,
  ``x <- Proj_ball((x - eta_t ghat_t) / (1 + eta_t mu_h))`` (prox of
  ``h = mu_h/2 ||x||^2``, optional Euclidean ball constraint);
* :func:`simplex_md` -- entropic mirror descent on the simplex (or, as a
  baseline, Euclidean projected SGD on the simplex);
* :func:`pnorm_md` -- unconstrained mirror descent with the
  ``q``-uniformly convex map ``psi(x) = ||x||_2^q / q`` (dual map
  ``theta -> ||theta||^{p-2} theta``, ``1/p + 1/q = 1``), for heavy-tailed noise.

Randomness (additive noise rows, sampled component indices) is drawn in Python
from ``make_rng(rng)`` and passed to the kernels, in chunks of rows so memory
stays bounded; the kernels are pure functions. Objectives are selected by an
integer code (see ``OBJECTIVES``).
"""
from __future__ import annotations

import numpy as np
from numba import njit

from .._config import JIT
from .._validation import (check_array, check_choice, check_float, check_int, make_rng,
                           record_schedule)
from ..result import SolverResult, Status

# numba rejects a frozenset for ``fastmath``; same flags as theorylab._config.JIT, as a set.
_JIT = dict(JIT, fastmath=set(JIT["fastmath"]))

# ----------------------------------------------------------------------------- objectives
#: objective codes: data ``A`` / ``b`` meaning
#:   "l1reg"   f = (1/m) sum_i |a_i.x - b_i|           A (m, d), b (m,)
#:   "quad"    f = 1/2 (x - b)' A (x - b)               A (d, d) PSD, b (d,)
#:   "sepl1"   f = A[0, 0] * sum_j |x_j - b_j|          A (1, 1), b (d,)
#:   "harvey"  f = max_{i<=d+1} sum_{j<i} a_j x_j - b_i x_i  (Harvey et al. 2019, Sec. 3)
#:             A (1, d) holds a, b (d,) holds b; the oracle returns h_i for the smallest
#:             maximising index i.
#:   "dquad"   f = 1/2 sum_j A[0, j] (x_j - b_j)^2      A (1, d) >= 0 (a quadratic in its eigenbasis), b (d,)
OBJECTIVES = {"l1reg": 0, "quad": 1, "sepl1": 2, "harvey": 3, "dquad": 4}
NOISES = ("none", "gaussian", "student_t", "uniform", "rademacher")
SCHEDULES = ("anytime_sqrt", "known_sqrt", "linear_decay", "constant", "inv_t", "inv_t_power", "jain")

_CHUNK_FLOATS = 1 << 21      # noise rows are drawn in chunks of about this many floats


@njit(**_JIT)
def _objective(obj, A, b, x):
    """f(x) for objective code ``obj``."""
    d = x.shape[0]
    if obj == 0:
        m = A.shape[0]
        s = 0.0
        for i in range(m):
            r = -b[i]
            for j in range(d):
                r += A[i, j] * x[j]
            s += abs(r)
        return s / m
    elif obj == 1:
        s = 0.0
        for i in range(d):
            ri = 0.0
            for j in range(d):
                ri += A[i, j] * (x[j] - b[j])
            s += (x[i] - b[i]) * ri
        return 0.5 * s
    elif obj == 2:
        s = 0.0
        for j in range(d):
            s += abs(x[j] - b[j])
        return A[0, 0] * s
    elif obj == 4:
        s = 0.0
        for j in range(d):
            r = x[j] - b[j]
            s += A[0, j] * r * r
        return 0.5 * s
    else:
        best = -np.inf
        S = 0.0
        for i in range(d):
            v = S - b[i] * x[i]
            if v > best:
                best = v
            S += A[0, i] * x[i]
        if S > best:
            best = S
        return best


@njit(**_JIT)
def _subgradient(obj, A, b, x, idx, g):
    """A subgradient of f at x into ``g`` (``idx >= 0``: sampled component of l1reg)."""
    d = x.shape[0]
    if obj == 0:
        m = A.shape[0]
        for j in range(d):
            g[j] = 0.0
        if idx >= 0:
            r = -b[idx]
            for j in range(d):
                r += A[idx, j] * x[j]
            s = 1.0 if r > 0 else (-1.0 if r < 0 else 0.0)
            for j in range(d):
                g[j] = s * A[idx, j]
            return
        for i in range(m):
            r = -b[i]
            for j in range(d):
                r += A[i, j] * x[j]
            s = 1.0 if r > 0 else (-1.0 if r < 0 else 0.0)
            if s != 0.0:
                for j in range(d):
                    g[j] += s * A[i, j] / m
    elif obj == 1:
        for i in range(d):
            ri = 0.0
            for j in range(d):
                ri += A[i, j] * (x[j] - b[j])
            g[i] = ri
    elif obj == 2:
        w = A[0, 0]
        for j in range(d):
            r = x[j] - b[j]
            g[j] = w if r > 0 else (-w if r < 0 else 0.0)
    elif obj == 4:
        for j in range(d):
            g[j] = A[0, j] * (x[j] - b[j])
    else:
        best = -np.inf
        arg = d
        S = 0.0
        for i in range(d):
            v = S - b[i] * x[i]
            if v > best:
                best = v
                arg = i
            S += A[0, i] * x[i]
        if S > best:
            arg = d
        for j in range(d):
            g[j] = A[0, j] if j < arg else 0.0
        if arg < d:
            g[arg] = -b[arg]


@njit(**_JIT)
def _norm2(x):
    s = 0.0
    for j in range(x.shape[0]):
        s += x[j] * x[j]
    return np.sqrt(s)


@njit(**_JIT)
def _prox_sgd_kernel(x, k0, obj, A, b, steps, noise, idx, mu_h, radius, rec, ri, out_f, out_n):
    """Iterations k0+1 .. k0+len(steps) of composite prox-SGD (Liu & Zhou Alg. 1, Euclidean).

    ``x`` is updated in place; ``out_f[r]``/``out_n[r]`` receive F(x_k) and ||x_k|| when
    ``k == rec[r]``. Returns (status, updates done, next record index).
    """
    d = x.shape[0]
    g = np.empty(d)
    xn = np.empty(d)
    n = steps.shape[0]
    for s in range(n):
        _subgradient(obj, A, b, x, idx[s] if idx.shape[0] > 0 else -1, g)
        eta = steps[s]
        shrink = 1.0 / (1.0 + eta * mu_h)
        for j in range(d):
            xn[j] = (x[j] - eta * (g[j] + noise[s, j])) * shrink
        if not np.all(np.isfinite(xn)):      # whole-array check (a per-element check was elided)
            return 2, s, ri
        if radius > 0.0:
            nr = _norm2(xn)
            if nr > radius:
                for j in range(d):
                    xn[j] *= radius / nr
        for j in range(d):
            x[j] = xn[j]
        k = k0 + s + 1
        while ri < rec.shape[0] and rec[ri] == k:
            nr2 = 0.0
            for j in range(d):
                nr2 += x[j] * x[j]
            out_f[ri] = _objective(obj, A, b, x) + 0.5 * mu_h * nr2
            out_n[ri] = np.sqrt(nr2)
            ri += 1
    return 0, n, ri


@njit(**_JIT)
def _project_simplex(y, out):
    """Euclidean projection of y onto the probability simplex: out = max(y - tau, 0).

    tau by Condat's O(d) algorithm (Math. Program. 158, 2016, Alg. 1 / "fast" variant): one
    pass builds a candidate active set with a running threshold, a second pass adds the
    discarded entries that exceed it, then entries <= tau are dropped until none is. Same tau as
    the sort-based rule up to rounding, without the O(d log d) sort (numba's sort is several
    times slower than NumPy's SIMD sort at d = 1e4)."""
    d = y.shape[0]
    v = np.empty(d)
    vt = np.empty(d)
    nv = 1
    nvt = 0
    v[0] = y[0]
    rho = y[0] - 1.0
    for n in range(1, d):
        yn = y[n]
        if yn > rho:
            rho += (yn - rho) / (nv + 1)
            if rho > yn - 1.0:
                v[nv] = yn
                nv += 1
            else:
                for i in range(nv):
                    vt[nvt + i] = v[i]
                nvt += nv
                v[0] = yn
                nv = 1
                rho = yn - 1.0
    for i in range(nvt):
        yi = vt[i]
        if yi > rho:
            v[nv] = yi
            nv += 1
            rho += (yi - rho) / nv
    changed = True
    while changed:
        changed = False
        i = 0
        while i < nv:
            if v[i] <= rho:
                yi = v[i]
                nv -= 1
                v[i] = v[nv]
                rho += (rho - yi) / nv
                changed = True
            else:
                i += 1
    for j in range(d):
        t = y[j] - rho
        out[j] = t if t > 0 else 0.0


@njit(**_JIT)
def _simplex_objective(c, p, kappa, x):
    f = 0.0
    q = 0.0
    for j in range(x.shape[0]):
        f += c[j] * x[j]
        q += (x[j] - p[j]) ** 2
    return f + 0.5 * kappa * q


_LOG2E = 1.4426950408889634
_LN2HI = 6.93147180369123816490e-01          # ln 2 split in two (fdlibm): k * _LN2HI is exact
_LN2LO = 1.90821492927058770002e-10
_SHIFT = 6755399441055744.0                  # 1.5 * 2^52: y + _SHIFT keeps round(y) in the low mantissa bits
_SHIFT_BITS = 0x4338000000000000             # the bit pattern of _SHIFT


@njit(**_JIT)
def _exp_nonpos(t, out, ybuf):
    """out[j] = exp(t[j]) for t[j] <= 0 (or -inf), within about 1 ulp of np.exp.

    Branch-free, so LLVM vectorises it (numba's np.exp is a scalar libm call): t = k ln 2 + r,
    |r| <= ln 2 / 2, e^r by its degree-13 Taylor polynomial (truncation < 5e-18), 2^k built from
    the bits of the rounding shift. Entries below -708 (near or past underflow) take np.exp.
    ``ybuf`` is scratch of the same length.
    """
    n = t.shape[0]
    for j in range(n):
        tt = max(t[j], -708.0)
        y = tt * _LOG2E + _SHIFT
        ybuf[j] = y
        k = y - _SHIFT
        r = (tt - k * _LN2HI) - k * _LN2LO
        q = 1.0 / 6227020800.0
        q = q * r + 1.0 / 479001600.0
        q = q * r + 1.0 / 39916800.0
        q = q * r + 1.0 / 3628800.0
        q = q * r + 1.0 / 362880.0
        q = q * r + 1.0 / 40320.0
        q = q * r + 1.0 / 5040.0
        q = q * r + 1.0 / 720.0
        q = q * r + 1.0 / 120.0
        q = q * r + 1.0 / 24.0
        q = q * r + 1.0 / 6.0
        q = q * r + 0.5
        q = q * r + 1.0
        q = q * r + 1.0
        out[j] = q
    yi = ybuf.view(np.int64)
    for j in range(n):
        yi[j] = (yi[j] - np.int64(_SHIFT_BITS) + 1023) << 52
    scale = yi.view(np.float64)
    for j in range(n):
        out[j] *= scale[j]
    for j in range(n):
        if t[j] < -708.0:
            out[j] = np.exp(t[j])


@njit(**_JIT)
def _simplex_md_kernel(x, theta, k0, c, p, kappa, steps, noise, geometry, rec, ri, out_f):
    """Iterations of mirror descent on the simplex for F(x) = c.x + kappa/2 ||x - p||^2
    (Liu & Zhou 2024, Alg. 1 with the entropy mirror map; Beck & Teboulle 2003).

    geometry 0: entropic map, x <- x * exp(-eta ghat) / Z, carried in the log domain: ``theta``
    holds log-weights (x = softmax(theta); -inf for a coordinate whose weight underflowed to 0,
    which then stays 0), so a step costs one (vectorised, :func:`_exp_nonpos`) exp per
    coordinate and no log. geometry 1:
    Euclidean projected SGD (baseline; ``theta`` unused). ``x`` and ``theta`` are updated in
    place. Returns (status, updates done, next record index).
    """
    d = x.shape[0]
    w = np.empty(d)
    ybuf = np.empty(d)
    n = steps.shape[0]
    for s in range(n):
        eta = steps[s]
        ok = True
        if geometry == 0:
            mx = -np.inf
            for j in range(d):
                t = theta[j] - eta * (c[j] + kappa * (x[j] - p[j]) + noise[s, j])
                theta[j] = t
                mx = max(mx, t)
            for j in range(d):
                theta[j] -= mx
            _exp_nonpos(theta, w, ybuf)
            z = 0.0
            for j in range(d):
                z += w[j]
            if not (np.isfinite(z) and z > 0):
                ok = False
            if ok:
                iz = 1.0 / z
                for j in range(d):
                    x[j] = w[j] * iz
        else:
            for j in range(d):
                w[j] = x[j] - eta * (c[j] + kappa * (x[j] - p[j]) + noise[s, j])
            ok = np.all(np.isfinite(w))
            if ok:
                _project_simplex(w, x)
        if not ok:
            return 2, s, ri
        k = k0 + s + 1
        while ri < rec.shape[0] and rec[ri] == k:
            out_f[ri] = _simplex_objective(c, p, kappa, x)
            ri += 1
    return 0, n, ri


@njit(**_JIT)
def _dual_map(theta, pd, x):
    """x = grad psi*(theta) = ||theta||^{p-2} theta (psi = ||x||^q / q)."""
    nt = _norm2(theta)
    c = nt ** (pd - 2.0) if nt > 0 else 0.0
    for j in range(theta.shape[0]):
        x[j] = c * theta[j]


@njit(**_JIT)
def _pnorm_md_kernel(theta, k0, obj, A, b, steps, noise, pd, rec, ri, out_f):
    """Iterations of unconstrained mirror descent with psi = ||x||^q/q (dual exponent ``pd``):
    theta <- theta - eta_t ghat_t, x = ||theta||^{p-2} theta. Returns (status, done, ri)."""
    d = theta.shape[0]
    g = np.empty(d)
    x = np.empty(d)
    n = steps.shape[0]
    for s in range(n):
        _dual_map(theta, pd, x)
        _subgradient(obj, A, b, x, -1, g)
        eta = steps[s]
        for j in range(d):
            g[j] = theta[j] - eta * (g[j] + noise[s, j])
        if not np.all(np.isfinite(g)):
            return 2, s, ri
        for j in range(d):
            theta[j] = g[j]
        k = k0 + s + 1
        while ri < rec.shape[0] and rec[ri] == k:
            _dual_map(theta, pd, x)
            out_f[ri] = _objective(obj, A, b, x)
            ri += 1
    return 0, n, ri


# ----------------------------------------------------------------------------- schedules
def step_schedule(kind: str, T: int, *, eta: float = 1.0, L: float = 0.0, mu: float = 1.0,
                  kappa: float = 0.0, p: float = 2.0) -> np.ndarray:
    """Step sizes eta_1..eta_T (Liu & Zhou step menu; Shamir-Zhang; Zamani-Glineur; Jain et al.).

    ``anytime_sqrt``: min(1/(2L), eta/sqrt(t)); ``known_sqrt``: min(1/(2L), eta/sqrt(T));
    ``linear_decay``: eta (T - t + 1)/T^{3/2}; ``constant``: min(1/(2L), eta);
    ``inv_t``: eta/(mu (t + kappa)); ``inv_t_power``: min(1/(2L), eta/t^{1/p});
    ``jain``: eta/sqrt(T) halved over phases of halving length (Jain, Nagaraj, Netrapalli 2019).
    ``L = 0`` means no 1/(2L) cap.
    """
    check_choice("kind", kind, SCHEDULES)
    T = check_int("T", T, min_value=1)
    eta = check_float("eta", eta, positive=True)
    L = check_float("L", L, nonnegative=True)
    mu = check_float("mu", mu, positive=True)
    kappa = check_float("kappa", kappa, nonnegative=True)
    p = check_float("p", p, lower=1.0, upper=2.0, lower_open=True)
    t = np.arange(1, T + 1, dtype=np.float64)
    cap = np.inf if L == 0 else 1.0 / (2.0 * L)
    if kind == "anytime_sqrt":
        s = eta / np.sqrt(t)
    elif kind == "known_sqrt":
        s = np.full(T, eta / np.sqrt(T))
    elif kind == "linear_decay":
        return np.ascontiguousarray(eta * (T - t + 1.0) / T ** 1.5)
    elif kind == "constant":
        s = np.full(T, eta)
    elif kind == "inv_t":
        return np.ascontiguousarray(eta / (mu * (t + kappa)))
    elif kind == "inv_t_power":
        s = eta / t ** (1.0 / p)
    else:  # jain: phase i (0-based) has length ceil(T / 2^{i+1}), step eta / (2^i sqrt(T))
        s = np.empty(T)
        start, i = 0, 0
        while start < T:
            length = max(1, int(np.ceil(T / 2.0 ** (i + 1))))
            s[start:start + length] = eta / (2.0 ** i * np.sqrt(T))
            start += length
            i += 1
    return np.ascontiguousarray(np.minimum(s, cap))


# ----------------------------------------------------------------------------- noise
def draw_noise(rng: np.random.Generator, kind: str, n: int, d: int, scale: float, nu: float) -> np.ndarray:
    """``n`` rows of additive oracle noise in R^d.

    gaussian: N(0, scale^2/d I) (E||xi||^2 = scale^2); student_t: scale * t_nu i.i.d. coordinates;
    uniform: U[-scale, scale] coordinates; rademacher: +-scale coordinates; none: zeros.
    """
    if kind == "none" or scale == 0.0:
        return np.zeros((n, d))
    if kind == "gaussian":
        return rng.standard_normal((n, d)) * (scale / np.sqrt(d))
    if kind == "student_t":
        return rng.standard_t(nu, size=(n, d)) * scale
    if kind == "uniform":
        return rng.uniform(-scale, scale, size=(n, d))
    return (rng.integers(0, 2, size=(n, d)) * 2.0 - 1.0) * scale


def _check_common(steps, max_iter, record_at, noise, noise_scale, nu, d):
    steps = check_array("steps", steps, ndim=1)
    if steps.size == 0 or np.any(steps < 0):
        raise ValueError(f"steps must be a non-empty array of non-negative step sizes, got {steps!r}")
    if max_iter is None:
        max_iter = steps.size
    max_iter = check_int("max_iter", max_iter, min_value=1)
    if steps.size < max_iter:
        raise ValueError(f"steps must have at least max_iter={max_iter} entries, got {steps.size!r}")
    check_choice("noise", noise, NOISES)
    noise_scale = check_float("noise_scale", noise_scale, nonnegative=True)
    nu = check_float("nu", nu, positive=True)
    rec = record_schedule(max_iter, record_at)
    return steps[:max_iter], max_iter, rec, noise_scale, nu


def _chunks(T: int, d: int):
    rows = max(1, _CHUNK_FLOATS // max(d, 1))
    for start in range(0, T, rows):
        yield start, min(T, start + rows)


def _finish(x, fun, rec, out_f, extra_trace, status, nit, T, oracle_calls):
    keep = rec <= nit
    trace = {"k": rec[keep], "fun": out_f[keep]}
    for name, arr in extra_trace.items():
        trace[name] = arr[keep]
    return SolverResult(x=x, fun=fun, nit=nit, nfev=nit, status=Status(status), trace=trace,
                        oracle_calls=nit)


def _check_objective_data(objective, A, b, x0):
    """Validated (A, b, x0, d) whose shapes fit ``objective`` (the kernels index them unchecked)."""
    A = check_array("A", A, ndim=2)
    x0 = check_array("x0", x0, ndim=1)
    d = x0.size
    if d < 1:
        raise ValueError(f"x0 must be a non-empty array, got array(shape={x0.shape})")
    b = check_array("b", b, ndim=1)
    if objective in ("quad", "sepl1", "harvey", "dquad") and b.size != d:
        raise ValueError(f"b must have length d={d}, got {b.size!r}")
    if objective == "l1reg" and (A.shape[1] != d or A.shape[0] != b.size or b.size < 1):
        raise ValueError(f"A must have shape (len(b), d)=({b.size}, {d}) with len(b) >= 1, got {A.shape!r}")
    if objective == "quad" and A.shape != (d, d):
        raise ValueError(f"A must have shape ({d}, {d}), got {A.shape!r}")
    if objective in ("harvey", "dquad") and A.shape != (1, d):
        raise ValueError(f"A must have shape (1, {d}), got {A.shape!r}")
    if objective == "sepl1" and A.shape != (1, 1):
        raise ValueError(f"A must have shape (1, 1), got {A.shape!r}")
    return A, b, x0, d


# ----------------------------------------------------------------------------- public solvers
def prox_sgd(objective: str, A, b, x0, steps, *, mu_h: float = 0.0, radius: float = np.inf,
             noise: str = "none", noise_scale: float = 0.0, nu: float = 3.0, sampled: bool = False,
             noise_matrix=None, max_iter: int | None = None, record_at=None,
             rng=None) -> SolverResult:
    """Composite (prox) SGD, Euclidean CSMD of Liu & Zhou (2024, Alg. 1).

    ``x_{t+1} = Proj_{||x|| <= radius}((x_t - eta_t ghat_t)/(1 + eta_t mu_h))`` with
    ``ghat_t = g_t + xi_t`` (``noise``, see :func:`draw_noise`), or, for ``l1reg`` with
    ``sampled=True``, ``ghat_t = sign(a_i.x - b_i) a_i`` with ``i`` uniform. Returns the
    last iterate; ``trace["fun"]`` is F = f + mu_h/2 ||x||^2 at ``trace["k"]`` (updates
    done) and ``trace["xnorm"]`` is ||x_k||.

    ``noise_matrix`` (d, d) or its diagonal (d,), optional: anisotropic noise ``xi = B z`` with
    ``z`` the rows of :func:`draw_noise` and ``B`` rescaled to ``||B||_F^2 = d``, so that the
    second moment is kept: for ``gaussian``, ``xi ~ N(0, noise_scale^2 B B'/d)`` and
    ``E||xi||^2 = noise_scale^2`` (e.g. ``B = H^{1/2}``: the least-squares label-noise shape,
    covariance ``noise_scale^2 H / tr H``). ``B = I`` gives the isotropic noise bit for bit.
    """
    check_choice("objective", objective, OBJECTIVES)
    obj = OBJECTIVES[objective]
    A, b, x0, d = _check_objective_data(objective, A, b, x0)
    mu_h = check_float("mu_h", mu_h, nonnegative=True)
    if not (isinstance(radius, (int, float)) and radius > 0):
        raise ValueError(f"radius must be > 0 (np.inf for no constraint), got {radius!r}")
    radius_k = -1.0 if not np.isfinite(radius) else float(radius)
    if sampled and objective != "l1reg":
        raise ValueError(f"sampled must be False unless objective='l1reg', got {sampled!r}")
    steps, T, rec, noise_scale, nu = _check_common(steps, max_iter, record_at, noise, noise_scale, nu, d)
    Bt = None
    if noise_matrix is not None:
        B = check_array("noise_matrix", noise_matrix)
        if B.shape not in ((d, d), (d,)):
            raise ValueError(f"noise_matrix must have shape ({d}, {d}) or ({d},), got {B.shape!r}")
        fro2 = float(np.sum(B * B))
        if not fro2 > 0:
            raise ValueError(f"noise_matrix must be non-zero, got {noise_matrix!r}")
        Bt = np.ascontiguousarray(B.T * np.sqrt(d / fro2)) if fro2 != d else np.ascontiguousarray(B.T)
    gen = make_rng(rng)
    x = x0.copy()
    out_f = np.full(rec.size, np.nan)
    out_n = np.full(rec.size, np.nan)
    ri = 0
    if rec[0] == 0:
        out_f[0] = _objective(obj, A, b, x) + 0.5 * mu_h * float(x @ x)
        out_n[0] = float(np.sqrt(x @ x))
        ri = 1
    status, nit = 0, 0
    for lo, hi in _chunks(T, d):
        nz = draw_noise(gen, noise, hi - lo, d, noise_scale, nu)
        if Bt is not None:
            nz = np.ascontiguousarray(nz * Bt if Bt.ndim == 1 else nz @ Bt)
        idx = (gen.integers(0, A.shape[0], size=hi - lo).astype(np.int64) if sampled
               else np.zeros(0, dtype=np.int64))
        status, done, ri = _prox_sgd_kernel(x, lo, obj, A, b, steps[lo:hi], nz, idx, mu_h, radius_k,
                                            rec, ri, out_f, out_n)
        nit += done
        if status != 0:
            break
    fun = float(_objective(obj, A, b, x) + 0.5 * mu_h * float(x @ x))
    return _finish(x, fun, rec, out_f, {"xnorm": out_n}, status, nit, T, nit)


def simplex_md(c, x0, steps, *, p=None, kappa: float = 0.0, geometry: str = "entropy",
               noise: str = "uniform", noise_scale: float = 0.0, nu: float = 3.0,
               max_iter: int | None = None, record_at=None, rng=None) -> SolverResult:
    """Stochastic mirror descent on the simplex for F(x) = c.x + kappa/2 ||x - p||^2
    (Liu & Zhou Alg. 1 with the entropy map; ``geometry="euclidean"``: projected SGD baseline).
    ``ghat = c + kappa (x - p) + xi``; returns the last iterate."""
    c = check_array("c", c, ndim=1)
    d = c.size
    p = np.zeros(d) if p is None else check_array("p", p, shape=(d,))
    kappa = check_float("kappa", kappa, nonnegative=True)
    x0 = check_array("x0", x0, shape=(d,))
    if np.any(x0 < 0) or abs(x0.sum() - 1.0) > 1e-9:
        raise ValueError(f"x0 must lie in the probability simplex, got {x0!r}")
    check_choice("geometry", geometry, ("entropy", "euclidean"))
    geo = 0 if geometry == "entropy" else 1
    if geo == 0 and np.any(x0 <= 0):
        raise ValueError(f"x0 must be strictly positive for the entropy map, got {x0!r}")
    steps, T, rec, noise_scale, nu = _check_common(steps, max_iter, record_at, noise, noise_scale, nu, d)
    gen = make_rng(rng)
    x = x0.copy()
    with np.errstate(divide="ignore"):
        theta = np.log(x0) if geo == 0 else np.zeros(d)
    out_f = np.full(rec.size, np.nan)
    ri = 0
    if rec[0] == 0:
        out_f[0] = _simplex_objective(c, p, kappa, x)
        ri = 1
    status, nit = 0, 0
    for lo, hi in _chunks(T, d):
        nz = draw_noise(gen, noise, hi - lo, d, noise_scale, nu)
        status, done, ri = _simplex_md_kernel(x, theta, lo, c, p, kappa, steps[lo:hi], nz, geo, rec, ri,
                                              out_f)
        nit += done
        if status != 0:
            break
    return _finish(x, float(_simplex_objective(c, p, kappa, x)), rec, out_f, {}, status, nit, T, nit)


def pnorm_md(objective: str, A, b, x0, steps, *, p: float = 2.0, noise: str = "student_t",
             noise_scale: float = 0.0, nu: float = 3.0, max_iter: int | None = None,
             record_at=None, rng=None) -> SolverResult:
    """Unconstrained stochastic mirror descent with psi(x) = ||x||_2^q/q, q = p/(p-1)
    (Liu & Zhou, heavy-tailed case: ``q``-uniformly convex map, ``p``-th moment noise).
    ``p = 2`` is plain SGD. Returns the last iterate x_{T+1} = grad psi*(theta_{T+1})."""
    check_choice("objective", objective, OBJECTIVES)
    obj = OBJECTIVES[objective]
    if objective == "harvey":
        raise ValueError(f"objective must not be 'harvey' for pnorm_md, got {objective!r}")
    A, b, x0, d = _check_objective_data(objective, A, b, x0)
    p = check_float("p", p, lower=1.0, upper=2.0, lower_open=True)
    q = p / (p - 1.0)
    steps, T, rec, noise_scale, nu = _check_common(steps, max_iter, record_at, noise, noise_scale, nu, d)
    gen = make_rng(rng)
    nx = float(np.sqrt(x0 @ x0))
    theta = x0 * (nx ** (q - 2.0) if nx > 0 else 0.0)
    out_f = np.full(rec.size, np.nan)
    ri = 0
    if rec[0] == 0:
        out_f[0] = _objective(obj, A, b, x0)
        ri = 1
    status, nit = 0, 0
    for lo, hi in _chunks(T, d):
        nz = draw_noise(gen, noise, hi - lo, d, noise_scale, nu)
        status, done, ri = _pnorm_md_kernel(theta, lo, obj, A, b, steps[lo:hi], nz, p, rec, ri, out_f)
        nit += done
        if status != 0:
            break
    x = np.empty(d)
    _dual_map(theta, p, x)
    if not np.all(np.isfinite(x)):
        x = np.full(d, np.nan)
    return _finish(x, float(_objective(obj, A, b, x)), rec, out_f, {}, status, nit, T, nit)


def median_of_means(arrays, ks, metric: str = "gap", groups: int = 5) -> float:
    """Median-of-means over seeds (heavy-tail aggregate): seeds split into ``groups``
    consecutive groups, mean per group, median of the group means (last recorded k)."""
    a = np.asarray(arrays[metric], float)
    a = a[:, -1] if a.ndim == 2 else a
    g = min(groups, a.size)
    return float(np.median([blk.mean() for blk in np.array_split(a, g)]))
