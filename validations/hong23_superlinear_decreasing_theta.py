"""Local superlinear rate with theta_t -> 0 (Hong et al. 2023, abstract / Thm on local rates;
brief claim 7, [paper]).

With the accuracy parameter theta_t = min(1, ||grad L_t||) -> 0 the KKT-residual ratios
q_t = ||grad L_{t+1}|| / ||grad L_t|| tend to 0; with theta_t = 1 they stay at the level set by the
inner accuracy. Diagnostic accuracy mode ||K Delta - b|| <= tau theta_t ||b|| with tau = 0.3, so the
linear phase is visible above round-off. Metric: the ratio of the last step that ends above
||grad L|| = 1e-10 (ratios below are round-off); bound: below tau/10. (The brief's median of the
last three ratios mixes in pre-asymptotic steps: the superlinear phase lasts only 2-3 steps
before the floor, so a median over three is dominated by the linear phase.)
Control N1: theta_t = 1 (must not look superlinear).
"""
import numpy as np

from theorylab.checks import Arm, Check, Claim, Control, Source, Sweep
from theorylab.problems import sketched_newton as snp
from theorylab.solvers.sketched_newton import adasketch_newton, step_ratios

PROBLEMS = snp.NONLINEAR_SET


def tail_ratio(xs, rng, theta="decreasing", tau=0.3):
    p = snp.make_problem(PROBLEMS[int(xs[0]) - 1], rng=0)
    res = adasketch_newton(p, tau=tau, theta=theta, tol=1e-11, max_iter=100, rng=rng)
    q, _, _ = step_ratios(res, floor=1e-10)
    return {"tail_ratio": float(q[-1]) if q.size else np.nan,
            "converged": float(res.trace["kkt"][-1] <= 1e-8)}


CLAIM = Claim(
    id="hong23_superlinear_decreasing_theta",
    source=Source("Hong, Na, Mahoney, Kolar (ICML 2023)", "2305.18379", "abstract; local superlinear rate",
                  tag="paper"),
    statement=r"\theta_t \to 0 \Rightarrow \|\nabla L_{t+1}\| / \|\nabla L_t\| \to 0",
    problem="HS6, HS7, HS27, HS39, sphere eigenproblem (nonlinear constraints); randomized Kaczmarz inner solver, "
            "diagnostic accuracy tau = 0.3",
    sweep=Sweep("problem", tuple(range(1, len(PROBLEMS) + 1)), seeds=10, smoke_seeds=3, labels=PROBLEMS),
    metric="tail_ratio",
    bound="tau/10",
    constants={"tau": 0.3},
    check=Check("bound", C=1.0),
    main=Arm(tail_ratio, label="theta_t = min(1, ||grad L_t||)"),
    control=Control(Arm(tail_ratio, {"theta": "fixed"}, label="theta_t = 1 (N1)"),
                    why="a fixed inner accuracy gives a linear rate: tail ratios stay near tau"),
)
