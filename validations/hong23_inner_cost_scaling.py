"""Cost of the inner sketch solver (Hong et al. 2023, inner-loop complexity; Strohmer & Vershynin
2009; brief claim 2 / issue item 7, [recalled] shape).

Randomized Kaczmarz needs O(kappa_F log(1/eps)) steps to reduce ||K Delta - b|| by a factor eps,
kappa_F = ||K||_F^2 / sigma_min(K)^2: at fixed eps the step count grows with slope 1 in kappa_F.
Instances: symmetric indefinite K = Q diag(+-s) Q^T of size 40 (like a KKT matrix: mixed-sign
spectrum), Q random orthogonal (so row norms are nearly equal and uniform sampling behaves like
norm-proportional sampling), s_i log-uniform in [1, 2] and sigma_min set so that kappa_F hits the
sweep value; eps = 1e-3. Control: the exact Newton-KKT baseline (a dense solve, no sketch steps),
whose cost does not grow with kappa_F.
"""
import numpy as np

from theorylab.checks import Arm, Check, Claim, Control, Source, Sweep
from theorylab.solvers.sketched_newton import kaczmarz_solve


def kkt_like_system(kappa_F, rng, n=40):
    Q, _ = np.linalg.qr(rng.standard_normal((n, n)))
    s = np.exp(rng.uniform(0.0, np.log(2.0), n))
    s[0] = np.sqrt(np.sum(s[1:] ** 2) / (kappa_F - 1.0))
    signs = np.where(np.arange(n) % 2 == 0, 1.0, -1.0)
    K = (Q * (signs * s)) @ Q.T
    return 0.5 * (K + K.T), rng.standard_normal(n)


def inner_steps(xs, rng, sketch="kaczmarz", eps=1e-3):
    K, b = kkt_like_system(float(xs[0]), rng)
    _, steps, res = kaczmarz_solve(K, b, eps * np.linalg.norm(b), max_steps=10 ** 8, sketch=sketch, rng=rng)
    return {"steps": float(steps) + 1.0, "reached": float(res <= eps * np.linalg.norm(b))}


CLAIM = Claim(
    id="hong23_inner_cost_scaling",
    source=Source("Hong, Na, Mahoney, Kolar (ICML 2023)", "2305.18379", "inner sketch-solver complexity",
                  tag="recalled"),
    statement=r"\#\text{sketch steps to reduce } \|K\Delta-b\| \text{ by } \epsilon = "
              r"O\big(\|K\|_F^2/\sigma_{\min}(K)^2 \cdot \log(1/\epsilon)\big)",
    problem="symmetric indefinite 40x40 K = Q diag(+-s) Q^T with prescribed kappa_F; eps = 1e-3; metric = steps + 1",
    sweep=Sweep("kappa_F", tuple(np.geomspace(1e3, 1e6, 7).round()), seeds=8, smoke_values=tuple(
        np.geomspace(1e3, 1e5, 5).round()), smoke_seeds=4),
    metric="steps",
    bound="kappa_F",
    check=Check("two-sided", tol=0.1),
    main=Arm(inner_steps, label="randomized Kaczmarz"),
    control=Control(Arm(inner_steps, {"sketch": "exact"}, label="exact KKT solve (baseline)"),
                    why="a dense solve costs no sketch steps at any kappa_F: slope 0"),
)
