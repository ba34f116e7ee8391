"""Test problems for the neural tangent kernel (Jacot, Gabriel, Hongler, NeurIPS 2018, arXiv:1806.07572).

Inputs on the unit circle (the limiting kernel is zonal: its principal components on equispaced
points are Fourier modes with exactly computable eigenvalues), on spheres, and Gaussian inputs
with the target ``x_1 x_2`` (Jacot Sec. 6.1). Truth comes from the closed-form analytic kernels
of ``theorylab.solvers.ntk`` (``truth_method = "closed_form"``).

Also holds small helpers shared by the ``jacot18_*`` claims: independent per-width generators and
an in-process memo so a claim's control arm can reuse the main arm's (identically seeded) runs.
"""
from __future__ import annotations

from collections import OrderedDict

import numpy as np

from theorylab._validation import check_choice, check_float, check_int, make_rng
from theorylab.problem import Problem
from theorylab.solvers import ntk

#: Jacot Sec. 6.2: training angles and targets of the four-point circle experiment.
FOUR_ANGLES = np.array([-2.2, -1.0, 1.0, 2.2])
FOUR_TARGETS = np.array([-0.4, -0.2, 0.3, 0.3])


def circle(gamma) -> np.ndarray:
    """Points x(gamma) = (cos gamma, sin gamma), shape (len(gamma), 2)."""
    g = np.atleast_1d(np.asarray(gamma, dtype=np.float64))
    return np.ascontiguousarray(np.stack([np.cos(g), np.sin(g)], axis=1))


def circle_eigs(N: int, *, L: int = 4, beta: float = 0.1, act: str = "relu") -> np.ndarray:
    """Eigenvalues lambda_k^(N), k = 0..N//2, of Theta_inf(X, X)/N on N equispaced circle points:
    (1/N) sum_j kappa(2 pi j/N) cos(2 pi k j/N) (exact finite sum; multiplicity 2 for 0 < k < N/2)."""
    N = check_int("N", N, min_value=1)
    g = 2.0 * np.pi * np.arange(N) / N
    kappa = ntk.ntk_analytic(circle([0.0]), circle(g), L=L, beta=beta, act=act)[0][0]
    return np.array([np.mean(kappa * np.cos(k * g)) for k in range(N // 2 + 1)])


def make_circle_inputs(N: int, mode: str = "equispaced", *, L: int = 4, beta: float = 0.1,
                       act: str = "relu", rng=None) -> Problem:
    """N points on the unit circle (n_0 = 2): 'equispaced' (gamma_j = 2 pi j/N) or 'uniform'.

    Truth: Theta_inf(X, X), Sigma^(L)(X, X) in closed form and, when equispaced, the circulant
    eigenvalues ``eig_N`` = lambda_k^(N) of Theta_inf/N (k = 0..N//2)."""
    N = check_int("N", N, min_value=1)
    check_choice("mode", mode, ("equispaced", "uniform"))
    rng = make_rng(rng)
    if mode == "equispaced":
        gamma = 2.0 * np.pi * np.arange(N) / N
    else:
        gamma = np.sort(rng.uniform(-np.pi, np.pi, N))
    X = circle(gamma)
    Th, Sg = ntk.ntk_analytic(X, L=L, beta=beta, act=act)
    truth = {"Theta_inf": Th, "Sigma_L": Sg}
    if mode == "equispaced":
        truth["eig_N"] = circle_eigs(N, L=L, beta=beta, act=act)
    return Problem(name=f"circle_{mode}_N{N}", data={"X": X, "gamma": gamma}, x0=X, truth=truth,
                   constants={"N": N, "n0": 2, "L": L, "beta": beta}, truth_method="closed_form",
                   truth_error=1e-14)


def make_sphere_inputs(N: int, d: int = 3, *, L: int = 4, beta: float = 0.1, act: str = "relu",
                       rng=None) -> Problem:
    """N normalised Gaussian points on S^{d-1}; truth Theta_inf(X, X) and its extreme eigenvalues."""
    N = check_int("N", N, min_value=1)
    d = check_int("d", d, min_value=1)
    rng = make_rng(rng)
    Z = rng.standard_normal((N, d))
    X = np.ascontiguousarray(Z / np.linalg.norm(Z, axis=1, keepdims=True))
    Th, Sg = ntk.ntk_analytic(X, L=L, beta=beta, act=act)
    ev = np.linalg.eigvalsh(Th)
    return Problem(name=f"sphere_S{d - 1}_N{N}", data={"X": X}, x0=X,
                   truth={"Theta_inf": Th, "Sigma_L": Sg, "lambda_min": float(ev[0]),
                          "lambda_max": float(ev[-1])},
                   constants={"N": N, "n0": d, "L": L, "beta": beta}, truth_method="closed_form",
                   truth_error=float(1e-15 * N * ev[-1]))


def make_jacot_regression(N: int = 16, *, rng=None) -> Problem:
    """Jacot Sec. 6.1: x ~ N(0, I_2), target f*(x) = x_1 x_2."""
    N = check_int("N", N, min_value=1)
    rng = make_rng(rng)
    X = np.ascontiguousarray(rng.standard_normal((N, 2)))
    Y = X[:, 0] * X[:, 1]
    return Problem(name=f"jacot_regression_N{N}", data={"X": X, "Y": Y}, x0=X,
                   truth={"f_star": Y}, constants={"N": N, "n0": 2})


def make_circle_four_points(n_test: int = 101, *, rng=None) -> Problem:
    """Jacot Sec. 6.2: four training points on the circle and ``n_test`` test angles on [-pi, pi]
    (deterministic: ``rng`` unused)."""
    n_test = check_int("n_test", n_test, min_value=1)
    gt = np.linspace(-np.pi, np.pi, n_test)
    X = circle(FOUR_ANGLES)
    return Problem(name="circle_four_points", data={"X": X, "Y": FOUR_TARGETS.copy(),
                                                    "gamma": FOUR_ANGLES.copy(),
                                                    "Xtest": circle(gt), "gamma_test": gt},
                   x0=X, truth={"f_star": FOUR_TARGETS.copy()}, constants={"N": 4, "n0": 2})


def pc_target(gamma, k: int, f0X) -> tuple[np.ndarray, np.ndarray]:
    """f* = f0X + 0.5 c_k with c_k = cos(k gamma_j) (Jacot Sec. 6.3 design). Returns (f*, c_k)."""
    k = check_int("k", k, min_value=0)
    g = np.asarray(gamma, dtype=np.float64)
    f0X = np.asarray(f0X, dtype=np.float64)
    if f0X.shape != g.shape:
        raise ValueError(f"f0X must have the shape of gamma {g.shape!r}, got {f0X.shape!r}")
    c = np.cos(k * g)
    return f0X + 0.5 * c, c


def make_ntk_mlp(L: int = 4, width: int = 100, *, n0: int = 2, beta: float = 0.1, act: str = "relu",
                 scaling: str = "ntk", rng=None) -> ntk.NTKNet:
    """MLP with ``L`` affine layers, ``L - 1`` hidden layers of ``width`` units, scalar output."""
    L = check_int("L", L, min_value=1)
    width = check_int("width", width, min_value=1)
    n0 = check_int("n0", n0, min_value=1)
    check_float("beta", beta, nonnegative=True)
    return ntk.ntk_init([n0] + [width] * (L - 1) + [1], beta=beta, act=act, scaling=scaling, rng=rng)


# --------------------------------------------------------------------------- claim helpers

def width_rng(rng: np.random.Generator, n) -> tuple[int, np.random.Generator]:
    """An independent generator per sweep value ``n`` from a claim task's generator.

    The engine seeds every point of one seed identically; this keeps draws at different widths
    independent (brief: "independent draws per width"). Returns (entropy, generator); the
    entropy identifies the seed for :func:`memo`."""
    entropy = int(rng.integers(0, 2 ** 63 - 1))
    return entropy, np.random.default_rng(np.random.SeedSequence(entropy, spawn_key=(int(round(n)),)))


_MEMO: "OrderedDict[tuple, object]" = OrderedDict()
_MEMO_MAX = 4096


def memo(key: tuple, compute):
    """In-process memo of small deterministic results (e.g. one training run's trace), so a claim's
    control arm, which sees the same seeds as the main arm, reuses the main arm's runs."""
    if key in _MEMO:
        _MEMO.move_to_end(key)
        return _MEMO[key]
    val = compute()
    _MEMO[key] = val
    if len(_MEMO) > _MEMO_MAX:
        _MEMO.popitem(last=False)
    return val
