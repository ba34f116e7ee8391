"""Plain NumPy references of the jitted kernels in :mod:`theorylab.solvers.koopman` (same
algorithms, same inputs), and the benchmark cases."""
from __future__ import annotations

import numpy as np
from scipy.special import eval_legendre

from theorylab.bench import BenchCase
from theorylab.solvers import koopman as kp


def monomials(X, E):
    return np.prod(X[:, None, :] ** E[None, :, :], axis=2)


def legendre(x, n, a, b):
    t = 2.0 * (x - a) / (b - a) - 1.0
    return np.column_stack([np.sqrt(2 * j + 1) * eval_legendre(j, t) for j in range(n + 1)])


def fourier(x, ks, period):
    return np.exp(2j * np.pi * x[:, None] * ks[None, :] / period)


def hermite(x, n):
    """Orthonormal Hermite functions via numpy's physicists' Hermite series (small n only)."""
    from math import factorial, pi, sqrt
    cols = []
    for j in range(n + 1):
        c = np.zeros(j + 1)
        c[j] = 1.0
        cols.append(np.polynomial.hermite.hermval(x, c) * np.exp(-x ** 2 / 2) / sqrt(2 ** j * factorial(j) * sqrt(pi)))
    return np.column_stack(cols)


def rbf(X, C, scale, kind):
    d2 = ((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=2)
    return np.exp(-d2 / scale) if kind == 0 else np.exp(-np.sqrt(d2) / scale)


def kmeans(X, C0, max_iter):
    C = C0.copy()
    labels = -np.ones(X.shape[0], dtype=np.int64)
    inertia, it, conv = 0.0, 0, False
    for it in range(1, max_iter + 1):
        d2 = ((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=2)
        new = np.argmin(d2, axis=1)
        inertia = float(d2[np.arange(X.shape[0]), new].sum())
        if np.array_equal(new, labels):
            conv = True
            break
        labels = new
        for j in range(C.shape[0]):
            if np.any(labels == j):
                C[j] = X[labels == j].mean(axis=0)
    return C, labels, inertia, it, conv


def duffing_flow(X0, dt, alpha, n_steps, n_sub):
    def f(x, y):
        return y, -alpha * y + x - x ** 3
    x, y = X0[:, 0].copy(), X0[:, 1].copy()
    h = dt / n_sub
    traj = np.empty((X0.shape[0], n_steps + 1, 2))
    traj[:, 0, 0], traj[:, 0, 1] = x, y
    for s in range(n_steps):
        for _ in range(n_sub):
            k1 = f(x, y)
            k2 = f(x + 0.5 * h * k1[0], y + 0.5 * h * k1[1])
            k3 = f(x + 0.5 * h * k2[0], y + 0.5 * h * k2[1])
            k4 = f(x + h * k3[0], y + h * k3[1])
            x = x + h / 6.0 * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0])
            y = y + h / 6.0 * (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1])
        traj[:, s + 1, 0], traj[:, s + 1, 1] = x, y
    return traj


def pendulum_flow(X0, dt, n_sub, coef):
    """Same composition as the kernel, vectorised over the points."""
    x, y = X0[:, 0].copy(), X0[:, 1].copy()
    h = dt / n_sub
    for _ in range(n_sub):
        for c in coef:
            x = x + 0.5 * c * h * y
            y = y - c * h * np.sin(x)
            x = x + 0.5 * c * h * y
    x = x - 2 * np.pi * np.floor((x + np.pi) / (2 * np.pi))
    return np.column_stack([x, y])


def twist(X, cx, cy, eps):
    d = X - np.array([cx, cy])
    d -= np.floor(d + 0.5)
    r = np.hypot(d[:, 0], d[:, 1])
    th = 2 * np.pi * (1 - r / eps)
    c, s = np.cos(th), np.sin(th)
    rot = np.column_stack([cx + c * d[:, 0] - s * d[:, 1], cy + s * d[:, 0] + c * d[:, 1]])
    rot -= np.floor(rot)
    return np.where((r < eps)[:, None], rot, X)


def local_minimisers(zr, zi, dist, factor, threshold):
    z = zr + 1j * zi
    sel = np.zeros(z.shape[0], dtype=np.int64)
    for j in range(z.shape[0]):
        if not dist[j] < threshold:
            continue
        inside = np.abs(z - z[j]) < factor * dist[j]
        inside[j] = True
        idx = np.flatnonzero(inside)
        sel[idx[np.argmin(dist[idx])]] = 1
    return sel


def filtered_density(c_re, c_im, theta, phi):
    n = np.arange(c_re.shape[0])
    c = (c_re + 1j * c_im) * phi
    S = (c[None, 1:] * np.exp(-1j * n[None, 1:] * theta[:, None])).sum(axis=1)
    return (phi[0] * c_re[0] + 2 * S.real) / (2 * np.pi)


# ----------------------------------------------------------------------------- benchmark cases

def _rbf_inputs(n, rng):
    return dict(X=rng.uniform(-2, 2, (n, 2)), C=rng.uniform(-2, 2, (200, 2)), scale=0.7, kind=1)


def _kmeans_inputs(n, rng):
    X = rng.uniform(-2, 2, (n, 2))
    return dict(X=X, C0=X[:50].copy(), max_iter=20)


def _flow_inputs(n, rng):
    return dict(X0=rng.uniform(-2, 2, (n, 2)), dt=0.3, alpha=0.3, n_steps=5, n_sub=60)


def _mins_inputs(n, rng):
    z = rng.uniform(-1, 1, n) + 1j * rng.uniform(0, 1, n)
    return dict(zr=z.real.copy(), zi=z.imag.copy(), dist=rng.uniform(0, 1.2, n), factor=5.0, threshold=1.0)


def _dens_inputs(n, rng):
    c = 0.5 ** np.arange(n + 1) / 0.75
    return dict(c_re=c, c_im=np.zeros(n + 1), theta=np.linspace(-np.pi, np.pi, 257),
                phi=1 - (np.arange(n + 1) / n) ** 4)


def _leg_inputs(n, rng):
    return dict(x=rng.uniform(-1, 0, n), n=39, a=-1.0, b=0.0)


def _pendulum_inputs(n, rng):
    return dict(X0=np.column_stack([rng.uniform(-np.pi, np.pi, n), rng.uniform(-8, 8, n)]), dt=0.5, n_sub=20,
                coef=kp.YOSHIDA6)


def _twist_inputs(n, rng):
    return dict(X=rng.uniform(0, 1, (n, 2)), cx=0.5, cy=0.5, eps=0.3)


def galerkin(Psi_X, Psi_Y, w):
    """(G, A, L) by explicit sums over snapshots (einsum), no symmetrisation shortcuts."""
    G = np.einsum("m,mi,mj->ij", w, Psi_X.conj(), Psi_X)
    A = np.einsum("m,mi,mj->ij", w, Psi_X.conj(), Psi_Y)
    L = np.einsum("m,mi,mj->ij", w, Psi_Y.conj(), Psi_Y)
    return 0.5 * (G + G.conj().T), A, 0.5 * (L + L.conj().T)


def _galerkin_inputs(M, N, rng):
    X = rng.uniform(-1, 1, M)
    k = np.arange(N)
    return {"Psi_X": np.cos(np.outer(np.arccos(X), k)), "Psi_Y": np.cos(np.outer(np.arccos(X ** 2), k)),
            "w": np.full(M, 1.0 / M)}


def _galerkin_public(Psi_X, Psi_Y, w):
    return kp.galerkin_matrices(Psi_X, Psi_Y, w)


BENCH_CASES = [
    BenchCase("koopman.rbf", _rbf_inputs, kp._rbf_kernel, rbf, (1_000, 20_000),
              work=lambda i: (8.0 * i["X"].shape[0] * i["C"].shape[0], 8.0 * i["X"].shape[0] * i["C"].shape[0]),
              size_name="M"),
    BenchCase("koopman.legendre", _leg_inputs, kp._legendre_kernel, legendre, (1_000, 100_000),
              work=lambda i: (6.0 * 40 * i["x"].shape[0], 8.0 * 41 * i["x"].shape[0]), size_name="M"),
    BenchCase("koopman.kmeans", _kmeans_inputs, kp._kmeans_kernel, kmeans, (1_000, 10_000),
              work=lambda i: (6.0 * 20 * 50 * i["X"].shape[0], 16.0 * 20 * i["X"].shape[0]), size_name="M"),
    BenchCase("koopman.duffing_flow", _flow_inputs, kp._duffing_flow_kernel, duffing_flow, (100, 5_000),
              work=lambda i: (4 * 12.0 * 300 * i["X0"].shape[0], 16.0 * 6 * i["X0"].shape[0]), size_name="M"),
    BenchCase("koopman.pendulum_flow", _pendulum_inputs, kp._pendulum_flow_kernel, pendulum_flow, (100, 10_000),
              work=lambda i: (20 * 9 * 12.0 * i["X0"].shape[0], 32.0 * i["X0"].shape[0]), size_name="M"),
    BenchCase("koopman.hidden_twist", _twist_inputs, kp._twist_kernel, twist, (1_000, 100_000),
              work=lambda i: (40.0 * i["X"].shape[0], 32.0 * i["X"].shape[0]), size_name="M"),
    BenchCase("koopman.local_minimisers", _mins_inputs, kp._local_minimisers_kernel, local_minimisers,
              (200, 4_000), work=lambda i: (6.0 * i["zr"].shape[0] ** 2, 24.0 * i["zr"].shape[0] ** 2),
              size_name="grid"),
    BenchCase("koopman.galerkin_vs_M", lambda M, rng: _galerkin_inputs(M, 50, rng), _galerkin_public, galerkin,
              (1_000, 64_000), work=lambda i: (6.0 * i["Psi_X"].size * 50, 16.0 * i["Psi_X"].size), size_name="M",
              growth_sizes=(4_000, 8_000, 16_000, 32_000, 64_000), expected_slope=1.0),
    BenchCase("koopman.galerkin_vs_N", lambda N, rng: _galerkin_inputs(5_000, N, rng), _galerkin_public, galerkin,
              (25, 400), work=lambda i: (6.0 * i["Psi_X"].size * i["Psi_X"].shape[1], 16.0 * i["Psi_X"].size),
              size_name="N", growth_sizes=(50, 100, 200, 400, 800), expected_slope=2.0),
    BenchCase("koopman.filtered_density", _dens_inputs, kp._filtered_density_kernel, filtered_density,
              (64, 1_024), work=lambda i: (6.0 * 257 * i["c_re"].shape[0], 8.0 * i["c_re"].shape[0]),
              size_name="N"),
]
