"""QP contraction identity (Hong et al. 2023; brief claim 4, [derived]).

For an equality-constrained QP the KKT residual is affine in (x, lam), so every unit step gives
grad L_{t+1} = K Delta_t - b_t exactly: q_t = ||grad L_{t+1}|| / ||grad L_t|| equals the inner
relative residual ||K Delta_t - b_t|| / ||b_t||. Checked at every unit step of runs in the
diagnostic accuracy mode (tau = 0.3) on HS28, HS48, HS51, a random QP and the N = 3 PDE control
problem; the metric is the step ratio q_t / (inner residual) furthest from 1. Steps ending with
||grad L|| < 1e-6 are left out: grad L is computed with an absolute round-off of ~1e-15, so
below that level the identity cannot be resolved to the 1e-8 tolerance.
Control: a sign bug in the multiplier update (lam <- lam - alpha Delta_lam).
"""
import numpy as np

from theorylab.checks import Arm, Check, Claim, Control, Source, Sweep
from theorylab.problems import sketched_newton as snp
from theorylab.solvers.sketched_newton import adasketch_newton, step_ratios

PROBLEMS = snp.QP_SET


def identity_ratio(xs, rng, multiplier_sign=1.0, tau=0.3):
    p = snp.make_problem(PROBLEMS[int(xs[0]) - 1], rng=0)
    res = adasketch_newton(p, tau=tau, tol=1e-8, max_iter=100, multiplier_sign=multiplier_sign,
                           rng=rng)
    q, rel, alpha = step_ratios(res, floor=1e-6)
    unit = alpha == 1.0
    if not unit.any():
        return {"worst_ratio": np.nan, "unit_steps": 0.0}
    ratios = q[unit] / rel[unit]
    return {"worst_ratio": ratios[np.argmax(np.abs(ratios - 1))], "unit_steps": float(unit.sum())}


CLAIM = Claim(
    id="hong23_qp_contraction_identity",
    source=Source("Hong, Na, Mahoney, Kolar (ICML 2023)", "2305.18379", "Alg. 1 on QPs (affine KKT map)",
                  tag="derived"),
    statement=r"\alpha_t = 1 \Rightarrow \|\nabla L_{t+1}\| / \|\nabla L_t\| = \|K\Delta_t - b_t\| / \|b_t\|",
    problem="HS28, HS48, HS51, random QP (d = 30, m = 10, cond 100), PDE control N = 3; randomized "
            "Kaczmarz inner solver, diagnostic accuracy tau = 0.3, theta = 1",
    sweep=Sweep("problem", tuple(range(1, len(PROBLEMS) + 1)), seeds=10, smoke_seeds=3, labels=PROBLEMS),
    metric="worst_ratio",
    bound="1",
    check=Check("identity", tol=1e-8),
    main=Arm(identity_ratio, label="AdaSketch-Newton"),
    control=Control(Arm(identity_ratio, {"multiplier_sign": -1.0}, label="multiplier sign bug"),
                    why="lam <- lam - alpha Delta_lam breaks grad L_{t+1} = K Delta - b"),
)
