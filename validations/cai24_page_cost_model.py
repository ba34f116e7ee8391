"""Alg. 1's measured oracle cost equals the exact expected cost of its probability schedule."""
import numpy as np

from theorylab.checks.spec import Arm, Check, Claim, Control, Source, Sweep
from theorylab.problems import halpern as P
from theorylab.solvers import halpern as H

NS = [64, 256, 1024, 4096, 16384]
K = 20000


def run(xs, rng, *, model="exact", max_iter=K):
    """Oracle calls of one Alg. 1 run (VRH-C, d = 10, L = 2 L_F) after ``max_iter`` iterations, and the
    predicted cost: ``exact`` = sum_k [p_k n + (1-p_k) 2b]; ``asymptotic`` = 2n (k = 0, 1) + 6 sqrt(n) per
    later iteration (the large-n approximation)."""
    n = int(round(float(xs[0])))
    p = P.make_cocoercive_sum(n, d=10, kappa=2.0, rng=rng)
    r = H.halpern_page(p, max_iter=max_iter, record_at=[max_iter], rng=rng)
    b = int(np.floor(np.sqrt(n)))
    if model == "exact":
        _, ps = H.page_schedules(n, max_iter)
        pred = float(H.page_expected_calls(n, b, ps)[-1])
    else:
        pred = 2.0 * n + 6.0 * np.sqrt(n) * (max_iter - 2)
    return {"calls": float(r.trace["oracle_calls"][-1]), "expected": pred}


CLAIM = Claim(
    id="cai24_page_cost_model",
    source=Source("Cai, Alacaoglu & Diakonikolas, Variance Reduced Halpern Iteration for Finite-Sum Monotone "
                  "Inclusions, ICLR 2024", "arXiv:2310.02987",
                  "Alg. 1 schedule (p_k = 1, 4/(k+4), 4/(sqrt n + 5)); expected cost derived", tag="derived"),
    statement=r"\mathbb{E}[N_1(K)]=\sum_{k=0}^{K-1}\big[p_k n+(1-p_k)\,2b\big],\ b=\lfloor\sqrt n\rfloor",
    problem="VRH-C (d = 10, L = 2 L_F), K = 20000 iterations of Alg. 1; measured cumulative component "
            "evaluations (full pass = n, PAGE difference = 2b) against the exact expectation",
    sweep=Sweep("n", NS, seeds=20, smoke_values=NS[:4], smoke_seeds=6),
    metric="calls",
    bound="expected",
    check=Check(kind="identity", tol=0.02),
    main=Arm(run, {"model": "exact"}, label="exact expected cost"),
    control=Control(Arm(run, {"model": "asymptotic"}, label="asymptotic model 6 sqrt(n) per iteration"),
                    why="4n/(sqrt n+5) + (1-4/(sqrt n+5)) 2b reaches 6 sqrt(n) only as n -> oo (31 vs 48 at "
                        "n = 64), and the warm-up p_k = 4/(k+4) adds ~4n ln(sqrt n) calls"),
    notes="Checks the schedule and the oracle accounting of the implementation (brief claim 6). The "
          "relative standard deviation of one run is <= 3% (binomial number of full passes), the mean over "
          "20 seeds ~0.6%.",
)
