"""Plain NumPy references of the last-iterate SGD kernels (same algorithm, same pre-drawn noise).

Each reference takes the noise rows (and sampled indices) explicitly; the tests draw them with
:func:`theorylab.solvers.last_iterate_sgd.draw_noise` from the same seed the solver uses.
"""
from __future__ import annotations

import numpy as np

from theorylab.bench import BenchCase


def objective(obj: str, A, b, x) -> float:
    if obj == "l1reg":
        return float(np.abs(A @ x - b).mean())
    if obj == "quad":
        return float(0.5 * (x - b) @ A @ (x - b))
    if obj == "sepl1":
        return float(A[0, 0] * np.abs(x - b).sum())
    if obj == "dquad":
        return float(0.5 * np.sum(A[0] * (x - b) ** 2))
    a = A[0]
    S = np.concatenate([[0.0], np.cumsum(a * x)])
    return float(max(np.max(S[:-1] - b * x), S[-1]))


def subgradient(obj: str, A, b, x, idx=-1) -> np.ndarray:
    if obj == "l1reg":
        if idx >= 0:
            return np.sign(A[idx] @ x - b[idx]) * A[idx]
        return A.T @ np.sign(A @ x - b) / A.shape[0]
    if obj == "quad":
        return A @ (x - b)
    if obj == "sepl1":
        return A[0, 0] * np.sign(x - b)
    if obj == "dquad":
        return A[0] * (x - b)
    a = A[0]
    d = x.size
    S = np.concatenate([[0.0], np.cumsum(a * x)])
    vals = np.concatenate([S[:-1] - b * x, [S[-1]]])
    i = int(np.argmax(vals))              # first maximiser
    g = np.where(np.arange(d) < i, a, 0.0)
    if i < d:
        g[i] = -b[i]
    return g


def prox_sgd(obj, A, b, x0, steps, noise, idx=None, mu_h=0.0, radius=np.inf, rec=()):
    """x <- Proj_ball((x - eta (g + xi)) / (1 + eta mu_h)); returns (x, {k: F(x_k)})."""
    x = np.array(x0, float)
    out = {}
    F = lambda z: objective(obj, A, b, z) + 0.5 * mu_h * float(z @ z)
    if 0 in rec:
        out[0] = F(x)
    for t, eta in enumerate(steps):
        g = subgradient(obj, A, b, x, -1 if idx is None else int(idx[t]))
        y = (x - eta * (g + noise[t])) / (1.0 + eta * mu_h)
        if not np.all(np.isfinite(y)):
            break
        nr = np.linalg.norm(y)
        if np.isfinite(radius) and nr > radius:
            y = y * (radius / nr)
        x = y
        if t + 1 in rec:
            out[t + 1] = F(x)
    return x, out


def project_simplex(y):
    u = np.sort(y)[::-1]
    css = np.cumsum(u) - 1.0
    k = np.arange(1, y.size + 1)
    cond = u - css / k > 0
    r = k[cond][-1]
    return np.maximum(y - css[r - 1] / r, 0.0)


def simplex_md(c, p, kappa, x0, steps, noise, geometry="entropy", rec=()):
    x = np.array(x0, float)
    F = lambda z: float(c @ z + 0.5 * kappa * (z - p) @ (z - p))
    out = {0: F(x)} if 0 in rec else {}
    for t, eta in enumerate(steps):
        g = c + kappa * (x - p) + noise[t]
        if geometry == "entropy":
            w = np.log(x) - eta * g
            w = np.exp(w - w.max())
            x = w / w.sum()
        else:
            x = project_simplex(x - eta * g)
        if t + 1 in rec:
            out[t + 1] = F(x)
    return x, out


def pnorm_md(obj, A, b, x0, steps, noise, p=2.0, rec=()):
    q = p / (p - 1.0)
    nx = np.linalg.norm(x0)
    theta = x0 * (nx ** (q - 2.0) if nx > 0 else 0.0)
    dual = lambda th: th * (np.linalg.norm(th) ** (p - 2.0) if np.linalg.norm(th) > 0 else 0.0)
    out = {0: objective(obj, A, b, np.asarray(x0, float))} if 0 in rec else {}
    for t, eta in enumerate(steps):
        x = dual(theta)
        theta = theta - eta * (subgradient(obj, A, b, x) + noise[t])
        if t + 1 in rec:
            out[t + 1] = objective(obj, A, b, dual(theta))
    return dual(theta), out


# ----------------------------------------------------------------------------- benchmarks
def _l1_inputs(T, rng):
    d, m = 10, 40
    A = rng.standard_normal((m, d))
    xt = rng.standard_normal(d)
    return {"A": A, "b": A @ xt, "x0": xt + 1.0, "T": T}


def _jit_prox(A, b, x0, T):
    from theorylab.solvers import last_iterate_sgd as S
    return S.prox_sgd("l1reg", A, b, x0, S.step_schedule("anytime_sqrt", T), record_at=[T]).x


def _ref_prox(A, b, x0, T):
    return prox_sgd("l1reg", A, b, x0, 1.0 / np.sqrt(np.arange(1, T + 1)), np.zeros((T, x0.size)))[0]


def _simplex_inputs(d, rng):
    return {"c": rng.uniform(size=d), "T": 200}


def _jit_simplex(c, T, geometry="entropy"):
    from theorylab.solvers import last_iterate_sgd as S
    return S.simplex_md(c, np.full(c.size, 1.0 / c.size), S.step_schedule("anytime_sqrt", T),
                        geometry=geometry, record_at=[T]).x


def _ref_simplex(c, T, geometry="entropy"):
    d = c.size
    return simplex_md(c, np.zeros(d), 0.0, np.full(d, 1.0 / d), 1.0 / np.sqrt(np.arange(1, T + 1)),
                      np.zeros((T, d)), geometry)[0]


def _jit_pnorm(A, b, x0, T):
    from theorylab.solvers import last_iterate_sgd as S
    return S.pnorm_md("l1reg", A, b, x0, S.step_schedule("anytime_sqrt", T), p=1.75, record_at=[T]).x


def _ref_pnorm(A, b, x0, T):
    return pnorm_md("l1reg", A, b, x0, 1.0 / np.sqrt(np.arange(1, T + 1)), np.zeros((T, x0.size)), 1.75)[0]


def _harvey_inputs(T, rng):
    from theorylab.problems import last_iterate_sgd as P
    a, bv = P.harvey_vectors(T)
    return {"A": a[None, :].copy(), "b": bv, "T": T}


def _jit_harvey(A, b, T):
    from theorylab.solvers import last_iterate_sgd as S
    return S.prox_sgd("harvey", A, b, np.zeros(T), S.step_schedule("anytime_sqrt", T), radius=1.0,
                      record_at=[T]).x


def _ref_harvey(A, b, T):
    return prox_sgd("harvey", A, b, np.zeros(T), 1.0 / np.sqrt(np.arange(1, T + 1)), np.zeros((T, T)),
                    radius=1.0)[0]


BENCH_CASES = [
    BenchCase("prox_sgd_l1reg", _l1_inputs, _jit_prox, _ref_prox, (1000, 20000),
              work=lambda i: (4.0 * i["T"] * i["A"].size, 8.0 * i["T"] * i["A"].size), size_name="T"),
    BenchCase("prox_sgd_harvey", _harvey_inputs, _jit_harvey, _ref_harvey, (64, 512),
              work=lambda i: (6.0 * i["T"] ** 2, 24.0 * i["T"] ** 2), size_name="T"),
    BenchCase("simplex_md_entropy", _simplex_inputs, _jit_simplex, _ref_simplex, (100, 10000),
              work=lambda i: (20.0 * i["T"] * i["c"].size, 24.0 * i["T"] * i["c"].size), size_name="d"),
    BenchCase("simplex_md_euclidean", _simplex_inputs, lambda c, T: _jit_simplex(c, T, "euclidean"),
              lambda c, T: _ref_simplex(c, T, "euclidean"), (100, 10000), size_name="d"),
    BenchCase("pnorm_md_l1reg", _l1_inputs, _jit_pnorm, _ref_pnorm, (1000, 20000),
              work=lambda i: (4.0 * i["T"] * i["A"].size, 8.0 * i["T"] * i["A"].size), size_name="T"),
]
