"""Plain NumPy references of the ``theorylab.solvers.ntk`` kernels (same algorithms, same inputs).

Jacot, Gabriel, Hongler, NeurIPS 2018, arXiv:1806.07572.
"""
from __future__ import annotations

import math

import numpy as np
from scipy.special import erf as _erf

from theorylab.bench import BenchCase
from theorylab.solvers import ntk


def _sig(z, act):
    if act == "relu":
        return np.maximum(z, 0.0)
    if act == "erf":
        return _erf(z)
    if act == "tanh":
        return np.tanh(z)
    return z


def _dsig(z, act):
    if act == "relu":
        return (z > 0).astype(float)
    if act == "erf":
        return 2.0 / math.sqrt(math.pi) * np.exp(-z * z)
    if act == "tanh":
        return 1.0 - np.tanh(z) ** 2
    return np.ones_like(z)


def forward(net, X):
    """Returns (activations A_l, sigma' blocks Dp_l (None for l = 0), f)."""
    Ws = net.weights()
    A, Dp = [np.asarray(X, float)], [None]
    for l, (W, b) in enumerate(Ws):
        Z = net.scales[l] * (A[-1] @ W.T) + net.betas[l] * b
        if l < len(Ws) - 1:
            A.append(_sig(Z, net.act))
            Dp.append(_dsig(Z, net.act))
        else:
            f = Z[:, 0]
    return A, Dp, f


def deltas(net, Dp, N):
    Ws = net.weights()
    L = len(Ws)
    D = [None] * (L + 1)
    D[L] = np.ones((N, 1))
    for l in range(L - 1, 0, -1):
        D[l] = net.scales[l] * (D[l + 1] @ Ws[l][0]) * Dp[l]
    return D


def empirical_ntk(net, X, X2=None):
    X2 = X if X2 is None else X2
    A1, Dp1, _ = forward(net, X)
    A2, Dp2, _ = forward(net, X2)
    D1, D2 = deltas(net, Dp1, len(X)), deltas(net, Dp2, len(X2))
    out = np.zeros((len(X), len(X2)))
    for l in range(net.depth):
        out += (D1[l + 1] @ D2[l + 1].T) * (net.scales[l] ** 2 * (A1[l] @ A2[l].T) + net.betas[l] ** 2)
    return out


def _expect(s11, s22, s12, act):
    if act == "relu":
        q = np.sqrt(s11 * s22)
        th = np.arccos(np.clip(s12 / q, -1.0, 1.0))
        return q * (np.sin(th) + (np.pi - th) * np.cos(th)) / (2 * np.pi), (np.pi - th) / (2 * np.pi)
    if act == "erf":
        a = (1 + 2 * s11) * (1 + 2 * s22)
        return (2 / np.pi) * np.arcsin(np.clip(2 * s12 / np.sqrt(a), -1, 1)), (4 / np.pi) / np.sqrt(a - 4 * s12 ** 2)
    return s12, np.ones_like(s12)


def analytic_ntk(X, X2, L, beta, act, c_sigma=1.0, n_steps=None):
    """(Theta^(L), Sigma^(L)) by the recursion of Jacot Thm. 1 (vectorised)."""
    X2 = X if X2 is None else X2
    n0 = X.shape[1]
    S = X @ X2.T / n0 + beta ** 2
    d1 = (X * X).sum(1) / n0 + beta ** 2
    d2 = (X2 * X2).sum(1) / n0 + beta ** 2
    T = S.copy()
    for _ in range(L - 1 if n_steps is None else n_steps):
        ess, edd = _expect(d1[:, None], d2[None, :], S, act)
        S = c_sigma * ess + beta ** 2
        T = T * c_sigma * edd + S
        d1 = c_sigma * _expect(d1, d1, d1, act)[0] + beta ** 2
        d2 = c_sigma * _expect(d2, d2, d2, act)[0] + beta ** 2
    return T, S


def train_gd(net, X, Y, lr, max_iter, record_at=None, Xtest=None):
    """GD on (1/(2N)) sum (f - y)^2; returns (final theta, fX at record_at, ftest at record_at)."""
    ks = set(range(max_iter + 1)) if record_at is None else set(int(k) for k in record_at)
    N = len(X)
    cur = net
    fXs, fTs = [], []
    for k in range(max_iter + 1):
        A, Dp, f = forward(cur, X)
        if k in ks:
            fXs.append(f)
            if Xtest is not None:
                fTs.append(forward(cur, Xtest)[2])
        if k == max_iter:
            break
        r = (f - Y) / N
        D = deltas(cur, Dp, N)
        grads = []
        for l in range(cur.depth):
            R = r[:, None] * D[l + 1]
            grads.append((cur.scales[l] * (R.T @ A[l])).ravel())
            grads.append(cur.betas[l] * R.sum(0))
        cur = cur.with_theta(cur.theta - lr * np.concatenate(grads))
    return cur.theta, np.array(fXs), (np.array(fTs) if Xtest is not None else None)


def kernel_predict(Theta_XX, Y, f0X, t, Theta_xX=None, f0x=None, N=None, lr=None):
    """Closed forms of Jacot Sec. 5 via eigh (flow) or (I - lr Theta/N)^(t/lr) (kernel GD)."""
    lam, V = np.linalg.eigh(Theta_XX)
    N = len(Y) if N is None else N
    r0 = V.T @ (f0X - Y)
    outX, outx = [], []
    for tt in np.atleast_1d(t):
        e = (1 - lr * lam / N) ** (tt / lr) if lr else np.exp(-tt * lam / N)
        outX.append(Y + V @ (e * r0))
        if Theta_xX is not None:
            outx.append(f0x + Theta_xX @ V @ ((1 - e) / lam * (-r0)))
    return np.array(outX), (np.array(outx) if Theta_xX is not None else None)


# --------------------------------------------------------------------------- benchmarks

def _net_inputs(size, rng, N):
    net = ntk.ntk_init([2, size, size, size, 1], beta=0.1, act="relu", rng=rng)
    X = rng.standard_normal((N, 2))
    return {"net": net, "X": X}


def _train_inputs(size, rng):
    d = _net_inputs(size, rng, 16)
    d["Y"] = d["X"][:, 0] * d["X"][:, 1]
    d["lr"] = 1.0
    d["max_iter"] = 10
    return d


def _train_jit(net, X, Y, lr, max_iter):
    return ntk.ntk_train_gd(net, X, Y, lr=lr, max_iter=max_iter, record_at=[0, max_iter])


def _train_ref(net, X, Y, lr, max_iter):
    return train_gd(net, X, Y, lr, max_iter, record_at=[0, max_iter])


def _analytic_inputs(size, rng):
    X = rng.standard_normal((size, 2))
    return {"X": X, "X2": None, "L": 4, "beta": 0.1, "act": "relu"}


BENCH_CASES = [
    BenchCase("ntk_empirical", lambda n, rng: _net_inputs(n, rng, 64),
              lambda net, X: ntk.ntk_empirical(net, X), lambda net, X: empirical_ntk(net, X),
              sizes=(64, 1024), size_name="width", growth_sizes=(128, 256, 512, 1024, 2048), expected_slope=2.0,
              work=lambda d: (6.0 * 64 * d["net"].sizes[1] ** 2 * 2, 8.0 * 2 * d["net"].sizes[1] ** 2)),
    BenchCase("ntk_train_gd", _train_inputs, _train_jit, _train_ref, sizes=(64, 512), size_name="width",
              work=lambda d: (10 * 6.0 * 16 * d["net"].sizes[1] ** 2 * 2, 10 * 8.0 * 4 * d["net"].sizes[1] ** 2)),
    BenchCase("ntk_analytic", _analytic_inputs,
              lambda X, X2, L, beta, act: ntk.ntk_analytic(X, X2, L=L, beta=beta, act=act),
              lambda X, X2, L, beta, act: analytic_ntk(X, X2, L, beta, act),
              sizes=(16, 256), size_name="N",
              work=lambda d: (30.0 * 3 * d["X"].shape[0] ** 2, 8.0 * 4 * d["X"].shape[0] ** 2)),
]
