"""Local linear (not superlinear) rate with a fixed accuracy parameter (Hong et al. 2023, abstract:
"local linear convergence" with theta_t fixed; brief claim 6, [paper] / [recalled] form).

With theta_t = 1 the KKT-residual ratio q_t = ||grad L_{t+1}|| / ||grad L_t|| stays bounded away from 0:
the inexact step leaves a residual of the order of the inner accuracy. Diagnostic accuracy mode
||K Delta - b|| <= tau ||b|| (tau = 0.3). Metric: (tau/10) / q of the last step ending above
||grad L|| = 1e-7 (see hong23_superlinear_decreasing_theta for the floor); bound 1, i.e. the tail ratio
stays >= tau/10 on every seed and problem. Control: theta_t = min(1, ||grad L_t||) -> 0, whose ratios
go to 0 (superlinear), must fail.
"""
from theorylab.checks import Arm, Check, Claim, Control, Source, Sweep
from theorylab.problems import sketched_newton as snp
from theorylab.validations.hong23_superlinear_decreasing_theta import FLOOR, PROBLEMS, _last_ratio


def inverse_tail_ratio(xs, rng, theta="fixed", tau=0.3):
    p = snp.make_problem(PROBLEMS[int(xs[0]) - 1], rng=0)
    q = _last_ratio(p, theta, tau, int(rng.integers(2 ** 63)))
    return {"inverse_tail_ratio": (tau / 10) / q, "tail_ratio": q}


CLAIM = Claim(
    id="hong23_linear_rate_fixed_theta",
    source=Source("Hong, Na, Mahoney, Kolar (ICML 2023)", "2305.18379", "abstract; local linear rate for fixed theta",
                  tag="paper"),
    statement=r"\theta_t \equiv \theta:\ \|\nabla L_{t+1}\|/\|\nabla L_t\| \not\to 0 \text{ (linear rate, ratio } "
              r"\asymp \tau\theta)",
    problem=f"HS6, HS7, HS27, HS39, sphere eigenproblem; Kaczmarz inner solver, tau = 0.3; tail = last step above "
            f"||grad L|| = {FLOOR:g}",
    sweep=Sweep("problem", tuple(range(1, len(PROBLEMS) + 1)), seeds=20, smoke_seeds=5, labels=PROBLEMS),
    metric="inverse_tail_ratio",
    bound="1",
    check=Check("bound", C=1.0),
    main=Arm(inverse_tail_ratio, label="theta_t = 1"),
    control=Control(Arm(inverse_tail_ratio, {"theta": "decreasing"}, label="theta_t -> 0"),
                    why="with theta_t -> 0 the ratios go to 0 (superlinear), far below tau/10"),
)
