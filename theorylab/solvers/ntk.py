"""Neural tangent kernel: analytic limiting kernels, finite-width empirical NTK, GD training.

Jacot, Gabriel, Hongler, *Neural Tangent Kernel: Convergence and Generalization in
Neural Networks*, NeurIPS 2018, arXiv:1806.07572.

Network (NTK parameterization, Sec. 2): ``L`` affine layers, widths
``sizes = (n_0, ..., n_L)`` with ``n_L = 1``, all parameters iid N(0, 1)::

    alphat^(l+1) = s_l W^(l) alpha^(l) + beta b^(l),   alpha^(l+1) = sigma(alphat^(l+1)),
    f(x) = alphat^(L)(x),     s_l = 1/sqrt(n_l)  (NTK; "mf": s_{L-1} = 1/n_{L-1}).

The parameters live in one flat float64 vector ``theta`` (W^(0), b^(0), W^(1), b^(1), ...,
row-major). Empirical NTK by the layerwise backprop formula (no autodiff)::

    Theta(X, X') = sum_l (D_{l+1} D'_{l+1}^T) * (s_l^2 A_l A'_l^T + beta^2)

Limiting kernels (Prop. 1, Thm. 1): Sigma^(1) = x.x'/n_0 + beta^2,
Sigma^(l+1) = c E[sigma(u) sigma(v)] + beta^2, Sigmadot^(l+1) = c E[sigma'(u) sigma'(v)],
Theta^(l+1) = Theta^(l) Sigmadot^(l+1) + Sigma^(l+1); ``L - 1`` steps for an ``L``-layer net,
Jacot's normalisation is ``c = 1`` (``c = 2`` is the Arora/He convention, a control).

Kernel gradient flow (Sec. 5): ``f_t(X) = Y + expm(-t Theta_XX / N)(f_0(X) - Y)``.

Importing this module compiles nothing; kernels compile lazily (cached on disk).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numba import njit

from .._config import JIT
from .._validation import (check_array, check_choice, check_float, check_int, make_rng,
                           record_schedule)
from ..result import SolverResult, Status

#: activation name -> integer code used by the kernels
ACTIVATIONS = {"relu": 0, "erf": 1, "tanh": 2, "identity": 3}
#: activations with a closed-form analytic kernel
ANALYTIC_ACTIVATIONS = ("relu", "erf", "identity")
_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)
# numba wants a (mutable) set for fastmath; _config.JIT holds a frozenset (same flags).
_JIT = dict(JIT, fastmath=set(JIT["fastmath"]))


# --------------------------------------------------------------------------- scalar helpers

@njit(**_JIT)
def _sigma(z, act):
    if act == 0:
        return z if z > 0.0 else 0.0
    if act == 1:
        return math.erf(z)
    if act == 2:
        return math.tanh(z)
    return z


@njit(**_JIT)
def _dsigma(z, act):
    if act == 0:
        return 1.0 if z > 0.0 else 0.0
    if act == 1:
        return _TWO_OVER_SQRT_PI * math.exp(-z * z)
    if act == 2:
        t = math.tanh(z)
        return 1.0 - t * t
    return 1.0


@njit(**_JIT)
def _layout(sizes):
    """Offsets of W^(l) and b^(l) in the flat parameter vector, and its length."""
    L = sizes.size - 1
    woff = np.empty(L, np.int64)
    boff = np.empty(L, np.int64)
    p = 0
    for l in range(L):
        woff[l] = p
        p += sizes[l + 1] * sizes[l]
        boff[l] = p
        p += sizes[l + 1]
    return woff, boff, p


@njit(**_JIT)
def _act_offsets(sizes, N):
    """Offsets of the (N, n_l) blocks l = 0..L in a flat activation buffer."""
    L = sizes.size - 1
    off = np.empty(L + 2, np.int64)
    off[0] = 0
    for l in range(L + 1):
        off[l + 1] = off[l] + N * sizes[l]
    return off


# --------------------------------------------------------------------------- forward / backward

@njit(**_JIT)
def _forward(theta, sizes, scales, betas, act, X):
    """Forward pass. Returns (A, Dp, f, off): A holds alpha^(l) (l = 0..L-1) and Dp holds
    sigma'(alphat^(l)) (l = 1..L-1) as (N, n_l) blocks at ``off[l]``; f is (N,)."""
    N = X.shape[0]
    L = sizes.size - 1
    woff, boff, _ = _layout(sizes)
    off = _act_offsets(sizes, N)
    A = np.zeros(off[L + 1])
    Dp = np.zeros(off[L + 1])
    n0 = sizes[0]
    for i in range(N):
        for j in range(n0):
            A[i * n0 + j] = X[i, j]
    f = np.empty(N)
    for l in range(L):
        nin = sizes[l]
        nout = sizes[l + 1]
        Al = A[off[l]:off[l] + N * nin].reshape((N, nin))
        W = theta[woff[l]:woff[l] + nout * nin].reshape((nout, nin))
        b = theta[boff[l]:boff[l] + nout]
        Z = np.dot(Al, W.T)
        s = scales[l]
        if l < L - 1:
            An = A[off[l + 1]:off[l + 1] + N * nout].reshape((N, nout))
            Dn = Dp[off[l + 1]:off[l + 1] + N * nout].reshape((N, nout))
            for i in range(N):
                for j in range(nout):
                    z = s * Z[i, j] + betas[l] * b[j]
                    An[i, j] = _sigma(z, act)
                    Dn[i, j] = _dsigma(z, act)
        else:
            for i in range(N):
                f[i] = s * Z[i, 0] + betas[l] * b[0]
    return A, Dp, f, off


@njit(**_JIT)
def _backward(theta, sizes, scales, Dp, off, N):
    """Backprop deltas delta_l = s_l (W^(l)^T delta_{l+1}) * sigma'(alphat^(l)), delta_L = 1.
    Returns a flat buffer with the (N, n_l) block of delta_l at ``off[l]`` (l = 1..L)."""
    L = sizes.size - 1
    woff, _, _ = _layout(sizes)
    D = np.zeros(off[L + 1])
    for i in range(N):
        D[off[L] + i] = 1.0
    for l in range(L - 1, 0, -1):
        nin = sizes[l]
        nout = sizes[l + 1]
        Dnext = D[off[l + 1]:off[l + 1] + N * nout].reshape((N, nout))
        W = theta[woff[l]:woff[l] + nout * nin].reshape((nout, nin))
        G = np.dot(Dnext, W)
        s = scales[l]
        Dl = D[off[l]:off[l] + N * nin].reshape((N, nin))
        Dpl = Dp[off[l]:off[l] + N * nin].reshape((N, nin))
        for i in range(N):
            for j in range(nin):
                Dl[i, j] = s * G[i, j] * Dpl[i, j]
    return D


@njit(**_JIT)
def _forward_kernel(theta, sizes, scales, betas, act, X):
    """Network outputs f(X), shape (N,)."""
    _, _, f, _ = _forward(theta, sizes, scales, betas, act, X)
    return f


@njit(**_JIT)
def _ntk_from_passes(sizes, scales, betas, A1, D1, off1, N1, A2, D2, off2, N2):
    L = sizes.size - 1
    Theta = np.zeros((N1, N2))
    for l in range(L):
        nin = sizes[l]
        nout = sizes[l + 1]
        Al1 = A1[off1[l]:off1[l] + N1 * nin].reshape((N1, nin))
        Al2 = A2[off2[l]:off2[l] + N2 * nin].reshape((N2, nin))
        G = np.dot(Al1, Al2.T)
        Dl1 = D1[off1[l + 1]:off1[l + 1] + N1 * nout].reshape((N1, nout))
        Dl2 = D2[off2[l + 1]:off2[l + 1] + N2 * nout].reshape((N2, nout))
        H = np.dot(Dl1, Dl2.T)
        s2 = scales[l] * scales[l]
        b2 = betas[l] * betas[l]
        for i in range(N1):
            for j in range(N2):
                Theta[i, j] += H[i, j] * (s2 * G[i, j] + b2)
    return Theta


@njit(**_JIT)
def _empirical_ntk_kernel(theta, sizes, scales, betas, act, X1, X2, same):
    """Empirical NTK Theta(X1, X2) by the layerwise backprop formula; ``same`` reuses X1's passes."""
    N1 = X1.shape[0]
    A1, Dp1, _, off1 = _forward(theta, sizes, scales, betas, act, X1)
    D1 = _backward(theta, sizes, scales, Dp1, off1, N1)
    if same:
        return _ntk_from_passes(sizes, scales, betas, A1, D1, off1, N1, A1, D1, off1, N1)
    N2 = X2.shape[0]
    A2, Dp2, _, off2 = _forward(theta, sizes, scales, betas, act, X2)
    D2 = _backward(theta, sizes, scales, Dp2, off2, N2)
    return _ntk_from_passes(sizes, scales, betas, A1, D1, off1, N1, A2, D2, off2, N2)


@njit(**_JIT)
def _loss_grad(theta, sizes, scales, betas, act, A, D, off, r, grad):
    """Gradient of (1/(2N)) sum (f - y)^2 with r = (f - y)/N, written into ``grad``."""
    N = r.size
    L = sizes.size - 1
    woff, boff, _ = _layout(sizes)
    for l in range(L):
        nin = sizes[l]
        nout = sizes[l + 1]
        Al = A[off[l]:off[l] + N * nin].reshape((N, nin))
        Dl = D[off[l + 1]:off[l + 1] + N * nout].reshape((N, nout))
        R = np.empty((N, nout))
        for i in range(N):
            for j in range(nout):
                R[i, j] = r[i] * Dl[i, j]
        GW = np.dot(R.T, Al)
        s = scales[l]
        gw = grad[woff[l]:woff[l] + nout * nin].reshape((nout, nin))
        for j in range(nout):
            for k in range(nin):
                gw[j, k] = s * GW[j, k]
            acc = 0.0
            for i in range(N):
                acc += R[i, j]
            grad[boff[l] + j] = betas[l] * acc


@njit(**_JIT)
def _train_gd_kernel(theta0, sizes, scales, betas, act, X, Y, Xtest, lr, steps, record_at, want_kernel):
    """Full-batch GD on (1/(2N)) sum (f(x_i) - y_i)^2 (Jacot Sec. 5, time t = lr * step).

    Records f(X), f(Xtest), the loss and (if ``want_kernel``) Theta(X, X) at ``record_at``.
    Returns (theta, fX, fT, K, loss, n_rec, status, nit, nfev)."""
    N = X.shape[0]
    M = Xtest.shape[0]
    R = record_at.size
    theta = theta0.copy()
    prev = theta0.copy()
    grad = np.zeros(theta.size)
    fX = np.full((R, N), np.nan)
    fT = np.full((R, M), np.nan)
    K = np.full((R if want_kernel else 0, N, N), np.nan)
    loss = np.full(R, np.nan)
    r = np.empty(N)
    status = 0
    nit = 0
    nfev = 0
    rec = 0
    for k in range(steps + 1):
        A, Dp, f, off = _forward(theta, sizes, scales, betas, act, X)
        nfev += 1
        ok = True
        lval = 0.0
        for i in range(N):
            r[i] = (f[i] - Y[i]) / N
            lval += 0.5 * (f[i] - Y[i]) * (f[i] - Y[i]) / N
        if not np.isfinite(lval):
            ok = False
        if not ok:
            theta[:] = prev
            status = 2
            break
        D = _backward(theta, sizes, scales, Dp, off, N)
        if rec < R and record_at[rec] == k:
            fX[rec, :] = f
            loss[rec] = lval
            if M > 0:
                fT[rec, :] = _forward_kernel(theta, sizes, scales, betas, act, Xtest)
            if want_kernel:
                K[rec] = _ntk_from_passes(sizes, scales, betas, A, D, off, N, A, D, off, N)
            rec += 1
        if k == steps:
            break
        _loss_grad(theta, sizes, scales, betas, act, A, D, off, r, grad)
        for p in range(theta.size):
            prev[p] = theta[p]
            theta[p] -= lr * grad[p]
        nit += 1
    return theta, fX, fT, K, loss, rec, status, nit, nfev


# --------------------------------------------------------------------------- analytic kernels

@njit(**_JIT)
def _gauss_expect(s11, s22, s12, act):
    """(E[sigma(u) sigma(v)], E[sigma'(u) sigma'(v)]) for (u, v) ~ N(0, [[s11, s12], [s12, s22]])."""
    if act == 0:
        q = math.sqrt(s11 * s22)
        c = s12 / q if q > 0.0 else 0.0
        if c > 1.0:
            c = 1.0
        elif c < -1.0:
            c = -1.0
        th = math.acos(c)
        ess = q * (math.sin(th) + (math.pi - th) * c) / (2.0 * math.pi)
        edd = (math.pi - th) / (2.0 * math.pi)
        return ess, edd
    if act == 1:
        a = (1.0 + 2.0 * s11) * (1.0 + 2.0 * s22)
        z = 2.0 * s12 / math.sqrt(a)
        if z > 1.0:
            z = 1.0
        elif z < -1.0:
            z = -1.0
        ess = (2.0 / math.pi) * math.asin(z)
        edd = (4.0 / math.pi) / math.sqrt(a - 4.0 * s12 * s12)
        return ess, edd
    return s12, 1.0   # identity


@njit(**_JIT)
def _analytic_ntk_kernel(X1, X2, n_steps, beta, act, c_sigma):
    """Sigma^(l) and Theta^(l), l = 1..n_steps+1, on X1 x X2; shapes (n_steps+1, N1, N2)."""
    N1 = X1.shape[0]
    N2 = X2.shape[0]
    n0 = X1.shape[1]
    b2 = beta * beta
    S = np.empty((n_steps + 1, N1, N2))
    T = np.empty((n_steps + 1, N1, N2))
    d1 = np.empty(N1)
    d2 = np.empty(N2)
    for i in range(N1):
        acc = 0.0
        for k in range(n0):
            acc += X1[i, k] * X1[i, k]
        d1[i] = acc / n0 + b2
    for j in range(N2):
        acc = 0.0
        for k in range(n0):
            acc += X2[j, k] * X2[j, k]
        d2[j] = acc / n0 + b2
    for i in range(N1):
        for j in range(N2):
            acc = 0.0
            for k in range(n0):
                acc += X1[i, k] * X2[j, k]
            S[0, i, j] = acc / n0 + b2
            T[0, i, j] = S[0, i, j]
    for l in range(n_steps):
        for i in range(N1):
            for j in range(N2):
                ess, edd = _gauss_expect(d1[i], d2[j], S[l, i, j], act)
                S[l + 1, i, j] = c_sigma * ess + b2
                T[l + 1, i, j] = T[l, i, j] * c_sigma * edd + S[l + 1, i, j]
        for i in range(N1):
            ess, _ = _gauss_expect(d1[i], d1[i], d1[i], act)
            d1[i] = c_sigma * ess + b2
        for j in range(N2):
            ess, _ = _gauss_expect(d2[j], d2[j], d2[j], act)
            d2[j] = c_sigma * ess + b2
    return S, T


@njit(**_JIT)
def _kernel_predict_kernel(evals, evecs, ThxX, f0X, f0x, Y, ts, N, lr):
    """Linearized (kernel gradient flow) predictions at times ``ts`` (Jacot Sec. 5);
    ``lr > 0``: kernel gradient *descent* with step ``lr`` (e^{-t lam/N} -> (1 - lr lam/N)^{t/lr}).

    f_t(X) = Y + V e^{-t L/N} V^T (f0X - Y);
    f_t(x) = f0x + Theta_xX V L^{-1}(1 - e^{-t L/N}) V^T (Y - f0X)."""
    T = ts.size
    n = evals.size
    M = f0x.size
    r0 = np.dot(evecs.T, f0X - Y)
    outX = np.empty((T, n))
    outx = np.empty((T, M))
    B = np.dot(ThxX, evecs)
    for a in range(T):
        t = ts[a]
        dec = np.empty(n)
        gain = np.empty(n)
        for i in range(n):
            lam = evals[i]
            if lr > 0.0:   # discrete kernel GD: (1 - lr lam / N)^(t / lr)
                e = (1.0 - lr * lam / N) ** (t / lr)
            else:
                e = math.exp(-t * lam / N)
            dec[i] = e * r0[i]
            if lam > 0.0:
                if lr > 0.0:
                    gain[i] = (1.0 - e) / lam * (-r0[i])
                else:
                    gain[i] = -math.expm1(-t * lam / N) / lam * (-r0[i])
            else:
                gain[i] = (t / N) * (-r0[i])
        outX[a, :] = Y + np.dot(evecs, dec)
        outx[a, :] = f0x + np.dot(B, gain)
    return outX, outx


# --------------------------------------------------------------------------- public API

@dataclass(frozen=True)
class NTKNet:
    """A finite-width MLP in NTK parameterization: flat parameters and layer description.

    ``scales[l]`` multiplies ``W^(l) alpha^(l)`` and ``betas[l]`` multiplies ``b^(l)``: ``1/sqrt(n_l)``
    and ``beta`` (NTK) or, for the mean-field control, ``1/n_{L-1}`` and ``beta/sqrt(n_{L-1})`` on the
    last layer."""

    theta: np.ndarray
    sizes: np.ndarray
    scales: np.ndarray
    beta: float
    act: str
    betas: np.ndarray = None   # per-layer bias multipliers (default: beta everywhere)

    def __post_init__(self):
        if self.betas is None:
            object.__setattr__(self, "betas", np.full(self.sizes.size - 1, float(self.beta)))

    @property
    def depth(self) -> int:
        return int(self.sizes.size - 1)

    def weights(self) -> list:
        """[(W^(l), b^(l))] as views of ``theta``."""
        woff, boff, _ = _layout_py(self.sizes)
        out = []
        for l in range(self.depth):
            nin, nout = int(self.sizes[l]), int(self.sizes[l + 1])
            out.append((self.theta[woff[l]:woff[l] + nout * nin].reshape(nout, nin),
                        self.theta[boff[l]:boff[l] + nout]))
        return out

    def with_theta(self, theta: np.ndarray) -> "NTKNet":
        return NTKNet(np.ascontiguousarray(theta, dtype=np.float64), self.sizes, self.scales,
                      self.beta, self.act, self.betas)


def _layout_py(sizes):
    woff, boff, p = [], [], 0
    for l in range(len(sizes) - 1):
        woff.append(p)
        p += int(sizes[l + 1]) * int(sizes[l])
        boff.append(p)
        p += int(sizes[l + 1])
    return woff, boff, p


def n_params(sizes) -> int:
    """Number of parameters of the MLP with widths ``sizes``."""
    return _layout_py(sizes)[2]


def ntk_init(sizes, *, beta: float = 0.1, act: str = "relu", scaling: str = "ntk", rng=None) -> NTKNet:
    """Draw all parameters iid N(0, 1) (Jacot Sec. 2) for widths ``sizes = (n_0, ..., n_L = 1)``.

    ``scaling="ntk"`` is Jacot's parameterization; ``"mf"`` divides the last layer by ``n_{L-1}``
    instead of ``sqrt(n_{L-1})`` and its bias multiplier by ``sqrt(n_{L-1})`` (mean-field control:
    the whole kernel is O(1/n), to be trained with a learning rate multiplied by n)."""
    sizes = check_array("sizes", sizes, ndim=1, dtype=np.int64)
    if sizes.size < 2 or sizes.min() < 1:
        raise ValueError(f"sizes must be a list of >= 2 positive widths, got {sizes.tolist()!r}")
    if sizes[-1] != 1:
        raise ValueError(f"sizes must end with a scalar output (n_L = 1), got {sizes.tolist()!r}")
    beta = check_float("beta", beta, nonnegative=True)
    check_choice("act", act, ACTIVATIONS)
    check_choice("scaling", scaling, ("ntk", "mf"))
    rng = make_rng(rng)
    theta = rng.standard_normal(n_params(sizes))
    scales = 1.0 / np.sqrt(sizes[:-1].astype(np.float64))
    betas = np.full(sizes.size - 1, beta)
    if scaling == "mf":
        scales[-1] = 1.0 / float(sizes[-2])
        betas[-1] = beta / math.sqrt(float(sizes[-2]))
    return NTKNet(theta, sizes, np.ascontiguousarray(scales), beta, act, betas)


def _check_net(net) -> NTKNet:
    if not isinstance(net, NTKNet):
        raise ValueError(f"net must be an NTKNet (from ntk_init), got {type(net).__name__!r}")
    return net


def _check_inputs(name, X, n0):
    X = check_array(name, X, ndim=2)
    if X.shape[1] != n0:
        raise ValueError(f"{name} must be an array of shape (*, {n0}), got {X.shape!r}")
    if X.shape[0] < 1:
        raise ValueError(f"{name} must have at least one row, got {X.shape!r}")
    return X


def ntk_forward(net: NTKNet, X) -> np.ndarray:
    """Network outputs f_theta(X), shape (N,)."""
    net = _check_net(net)
    X = _check_inputs("X", X, int(net.sizes[0]))
    return _forward_kernel(net.theta, net.sizes, net.scales, net.betas, ACTIVATIONS[net.act], X)


def ntk_empirical(net: NTKNet, X, X2=None) -> np.ndarray:
    """Empirical NTK Theta_theta(X, X2) = J(X) J(X2)^T by the layerwise backprop formula."""
    net = _check_net(net)
    X = _check_inputs("X", X, int(net.sizes[0]))
    same = X2 is None
    X2 = X if same else _check_inputs("X2", X2, int(net.sizes[0]))
    return _empirical_ntk_kernel(net.theta, net.sizes, net.scales, net.betas, ACTIVATIONS[net.act],
                                 X, X2, same)


def ntk_analytic(X, X2=None, *, L: int, beta: float = 0.1, act: str = "relu", c_sigma: float = 1.0,
                 n_steps: int | None = None, all_layers: bool = False):
    """Limiting NTK Theta_inf = Theta^(L) and NNGP kernel Sigma^(L) (Jacot Prop. 1, Thm. 1).

    ``L`` affine layers -> ``L - 1`` recursion steps (``n_steps`` overrides this: wrong-depth
    control KD); ``c_sigma = 2`` gives the Arora/He normalisation (control K2). Returns
    ``(Theta, Sigma)`` of shape (N1, N2), or the stacks over layers 1..L if ``all_layers``."""
    X = check_array("X", X, ndim=2)
    if X.shape[1] < 1:
        raise ValueError(f"X must have at least one column (input dimension n_0 >= 1), got {X.shape!r}")
    X2 = X if X2 is None else check_array("X2", X2, ndim=2)
    if X2.shape[1] != X.shape[1]:
        raise ValueError(f"X2 must be an array of shape (*, {X.shape[1]}), got {X2.shape!r}")
    L = check_int("L", L, min_value=1)
    beta = check_float("beta", beta, nonnegative=True)
    check_choice("act", act, ANALYTIC_ACTIVATIONS)
    c_sigma = check_float("c_sigma", c_sigma, positive=True)
    steps = L - 1 if n_steps is None else check_int("n_steps", n_steps, min_value=0)
    S, T = _analytic_ntk_kernel(X, X2, steps, beta, ACTIVATIONS[act], c_sigma)
    if all_layers:
        return T, S
    return T[-1].copy(), S[-1].copy()


def ntk_train_gd(net: NTKNet, X, Y, *, lr: float = 1.0, max_iter: int = 200, record_at=None,
                 Xtest=None, record_kernel: bool = False) -> SolverResult:
    """Full-batch gradient descent on (1/(2N)) sum_i (f(x_i) - y_i)^2 (Jacot Sec. 5).

    Time is ``t = lr * step``. The trace holds ``k`` (steps), ``t``, ``loss``, ``fX`` (R, N),
    ``ftest`` (R, M) and, with ``record_kernel``, ``kernel`` (R, N, N) = Theta_t(X, X).
    ``x`` is the final flat parameter vector (``extra["net"]`` the trained NTKNet); on a
    non-finite loss the run stops with ``Status.DIVERGED`` and the last finite parameters."""
    net = _check_net(net)
    n0 = int(net.sizes[0])
    X = _check_inputs("X", X, n0)
    Y = check_array("Y", Y, ndim=1)
    if Y.shape[0] != X.shape[0]:
        raise ValueError(f"Y must be an array of shape ({X.shape[0]},), got {Y.shape!r}")
    lr = check_float("lr", lr, positive=True)
    max_iter = check_int("max_iter", max_iter, min_value=1)
    ks = record_schedule(max_iter, record_at)
    Xt = np.zeros((0, n0)) if Xtest is None else _check_inputs("Xtest", Xtest, n0)
    theta, fX, fT, K, loss, rec, status, nit, nfev = _train_gd_kernel(
        net.theta, net.sizes, net.scales, net.betas, ACTIVATIONS[net.act], X, Y, Xt, lr, max_iter, ks,
        bool(record_kernel))
    trace = {"k": ks[:rec], "t": lr * ks[:rec].astype(np.float64), "loss": loss[:rec], "fX": fX[:rec]}
    if Xtest is not None:
        trace["ftest"] = fT[:rec]
    if record_kernel:
        trace["kernel"] = K[:rec]
    fun = float(loss[rec - 1]) if rec else float("nan")
    return SolverResult(x=theta, fun=fun, nit=int(nit), nfev=int(nfev), status=Status(int(status)),
                        trace=trace, oracle_calls=int(nfev), extra={"net": net.with_theta(theta)})


def kernel_predict(Theta_XX, Y, f0X, t, *, Theta_xX=None, f0x=None, N: float | None = None,
                   lr: float | None = None):
    """Kernel gradient flow with a fixed kernel (Jacot Sec. 5), at times ``t`` (array).

    Returns ``(fX, fx)`` of shapes (T, N) and (T, M): ``f_t(X) = Y + expm(-t Theta/N)(f0X - Y)``
    and ``f_t(x) = f0(x) + Theta(x, X) Theta^{-1} (I - expm(-t Theta/N)) (Y - f0X)``.
    ``N`` defaults to the number of training points (the 1/N of the mean loss; the control N1
    passes ``N = 1``). With ``lr`` the flow is replaced by kernel gradient descent with that step
    (``expm(-t Theta/N)`` -> ``(I - lr Theta/N)^(t/lr)``), the exact linearization of GD with
    step ``lr``: it removes the O(lr) time-discretization gap when comparing with GD runs."""
    K = check_array("Theta_XX", Theta_XX, ndim=2)
    n = K.shape[0]
    if n < 1 or K.shape != (n, n) or not np.allclose(K, K.T, rtol=1e-10, atol=1e-12 * max(1.0, np.abs(K).max())):
        raise ValueError(f"Theta_XX must be a symmetric square array, got {K.shape!r}")
    Y = check_array("Y", Y, shape=(n,))
    f0X = check_array("f0X", f0X, shape=(n,))
    ts = np.atleast_1d(check_array("t", t))
    if ts.ndim != 1:
        raise ValueError(f"t must be a scalar or a 1-D array of times, got array(shape={ts.shape})")
    if np.any(ts < 0):
        raise ValueError(f"t must be >= 0, got {ts!r}")
    if Theta_xX is None:
        ThxX = np.zeros((0, n))
        f0x_ = np.zeros(0)
    else:
        ThxX = check_array("Theta_xX", Theta_xX, ndim=2)
        if ThxX.shape[1] != n:
            raise ValueError(f"Theta_xX must be an array of shape (*, {n}), got {ThxX.shape!r}")
        if f0x is None:
            raise ValueError("f0x must be given with Theta_xX, got None")
        f0x_ = check_array("f0x", f0x, shape=(ThxX.shape[0],))
    Nn = float(n) if N is None else check_float("N", N, positive=True)
    step = 0.0 if lr is None else check_float("lr", lr, positive=True)
    evals, evecs = np.linalg.eigh(0.5 * (K + K.T))
    if evals[0] < -1e-9 * max(1.0, float(np.abs(evals).max())):
        raise ValueError(f"Theta_XX must be positive semi-definite (a kernel matrix), got min eigenvalue "
                         f"{float(evals[0])!r}")
    outX, outx = _kernel_predict_kernel(evals, np.ascontiguousarray(evecs), ThxX, f0X, f0x_, Y, ts, Nn, step)
    return outX, outx


def gp_limit(Theta_XX, Theta_xX, Sigma_XX, Sigma_xX, Sigma_xx, Y):
    """t -> infinity output distribution over random inits (Jacot Sec. 6.2 / Lee et al. 2019):
    mean ``Theta_xX Theta^{-1} Y`` and variance
    ``Sigma_xx + Theta_xX Theta^{-1} Sigma_XX Theta^{-1} Theta_Xx - 2 Theta_xX Theta^{-1} Sigma_Xx``
    (``Sigma_xx`` is the diagonal, shape (M,)). Returns (mean, var)."""
    K = check_array("Theta_XX", Theta_XX, ndim=2)
    n = K.shape[0]
    if n < 1 or K.shape != (n, n):
        raise ValueError(f"Theta_XX must be a non-empty square array, got {K.shape!r}")
    ev = np.linalg.eigvalsh(0.5 * (K + K.T))
    if not np.allclose(K, K.T, rtol=1e-10, atol=1e-12 * max(1.0, np.abs(K).max())) or \
            ev[0] <= 1e-13 * max(float(ev[-1]), 0.0):
        raise ValueError(f"Theta_XX must be symmetric positive definite, got eigenvalues in "
                         f"[{float(ev[0])!r}, {float(ev[-1])!r}]")
    KxX = check_array("Theta_xX", Theta_xX, ndim=2, shape=(None, n))
    M = KxX.shape[0]
    S = check_array("Sigma_XX", Sigma_XX, shape=(n, n))
    SxX = check_array("Sigma_xX", Sigma_xX, shape=(M, n))
    sxx = check_array("Sigma_xx", Sigma_xx, shape=(M,))
    Y = check_array("Y", Y, shape=(n,))
    A = np.linalg.solve(K, KxX.T).T          # Theta_xX Theta^{-1}
    mean = A @ Y
    var = sxx + np.einsum("ij,jk,ik->i", A, S, A) - 2.0 * np.einsum("ij,ij->i", A, SxX)
    return mean, var
