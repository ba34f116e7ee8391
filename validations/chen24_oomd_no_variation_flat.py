"""No sqrt(T) without variation: sigma = 0 and Sigma_t = 0 (t >= 2) give O(1) regret."""
import numpy as np

from theorylab.checks.spec import Arm, Check, Claim, Control, Source, Sweep
from theorylab.problems import online_sea as P
from theorylab.solvers import online_sea as S


def run(xs, rng, learner="A1"):
    T = int(xs[0])
    b = 0.5 * P.random_direction(5, rng)
    p = P.make_sea_iid(T, 5, a=0.1, s=0.0, b=b)
    r = S.run_learner(learner, p, x0=-p.u_star, record_at=[T])   # start at the far side
    return {"pr": r.trace["pr"][-1]}


CLAIM = Claim(
    id="chen24_oomd_no_variation_flat",
    source=Source("Chen, Zhang, Tu, Zhao, Zhang (ICML 2023 / JMLR 2024)", "arXiv:2302.04552",
                  "Thm 1 with sigma2 = 0, Sigma2 = Sigma_1^2", "derived"),
    statement=r"\sigma_{1:T}^2 = 0,\ \Sigma_t = 0\ (t\ge2) \Rightarrow PR_T = O(DG + LD^2) \text{ (flat in } T)",
    problem="SEA-Q, d=5, A=0.1 I, fixed b (|b|=0.5, random direction) so u* = R b/|b| is on the boundary, "
            "no noise; both learners start at -u*",
    sweep=Sweep("T", [2.0 ** k for k in range(8, 17)], seeds=5,
                smoke_values=[2.0 ** k for k in range(8, 15)], smoke_seeds=5, per_point=True),
    metric="pr",
    bound="D*G + L*D**2",
    check=Check("upper", tol=0.1),
    main=Arm(run, {"learner": "A1"}, label="optimistic OMD (A1)"),
    control=Control(Arm(run, {"learner": "B1"}, label="OGD eta = D/(G sqrt T) (B1)"),
                    why="worst-case tuned OGD needs ~sqrt(T) steps to cross the ball: PR = Theta(DG sqrt T)"),
    constants={"D": 2.0, "G": 0.6, "L": 0.1},
)
