"""Plain NumPy references of the sketched-Newton kernels (randomized Kaczmarz and the Gaussian
sketch), with the same pre-drawn randomness, and their benchmark cases."""
from __future__ import annotations

import numpy as np

from theorylab.bench import BenchCase
from theorylab.solvers import sketched_newton as sn


def kaczmarz_reference(K, b, delta, rows, thr):
    """Randomized Kaczmarz on K delta = b with the given row sequence; returns (delta, steps)."""
    delta = np.array(delta, dtype=float)
    row_norm2 = np.einsum("ij,ij->i", K, K)
    steps = 0
    for i in rows:
        r = K @ delta - b
        if np.linalg.norm(r) <= thr:
            break
        delta = delta - r[i] / row_norm2[i] * K[i]
        steps += 1
    return delta, steps


def gaussian_sketch_reference(K, b, delta, S, thr):
    delta = np.array(delta, dtype=float)
    steps = 0
    for s in S:
        r = K @ delta - b
        if np.linalg.norm(r) <= thr:
            break
        v = K @ s
        delta = delta - (s @ r) / (v @ v) * v
        steps += 1
    return delta, steps


def _kkt_inputs(size, rng):
    n = size
    A = rng.standard_normal((n, n))
    K = A + A.T + 2 * n * np.eye(n)          # symmetric, well conditioned
    b = rng.standard_normal(n)
    return {"K": K, "b": b, "rows": rng.integers(0, n, size=2000)}


def _kaczmarz_inputs(size, rng):
    d = _kkt_inputs(size, rng)
    d["K2"] = d["K"] @ d["K"]                    # set-up shared by both; not timed
    return d


def _kaczmarz_jit(K, b, rows, K2):
    delta = np.zeros_like(b)
    sn._kaczmarz_kernel(K, K2, np.einsum("ij,ij->i", K, K), b, delta, -b.copy(), rows, 0.0)
    return delta


def _kaczmarz_ref(K, b, rows, K2):
    return kaczmarz_reference(K, b, np.zeros_like(b), rows, 0.0)[0]


def _gauss_inputs(size, rng):
    d = _kkt_inputs(size, rng)
    return {"K": d["K"], "b": d["b"], "S": rng.standard_normal((300, size))}


def _gauss_jit(K, b, S):
    delta = np.zeros_like(b)
    sn._gaussian_sketch_kernel(K, b, delta, -b.copy(), S, 0.0)
    return delta


def _gauss_ref(K, b, S):
    return gaussian_sketch_reference(K, b, np.zeros_like(b), S, 0.0)[0]


BENCH_CASES = [
    BenchCase("kaczmarz_2000_steps", _kaczmarz_inputs, _kaczmarz_jit, _kaczmarz_ref, sizes=(20, 400),
              work=lambda i: (4.0 * 2000 * i["K"].shape[0], 8.0 * 2000 * 2 * i["K"].shape[0]),
              growth_sizes=(50, 100, 200, 400, 800), expected_slope=1.0),
    BenchCase("gaussian_sketch_300_steps", _gauss_inputs, _gauss_jit, _gauss_ref, sizes=(20, 400),
              work=lambda i: (4.0 * 300 * i["K"].shape[0] ** 2, 8.0 * 300 * 2 * i["K"].shape[0] ** 2),
              growth_sizes=(50, 100, 200, 400), expected_slope=2.0),
]
