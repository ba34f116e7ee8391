"""Stochastic scaling of optimistic OMD in the noise level: regret ~ D s sqrt(T), slope 1 in s."""
import numpy as np

from theorylab.checks.spec import Arm, Check, Claim, Control, Source, Sweep
from theorylab.problems import online_sea as P
from theorylab.solvers import online_sea as S

A = 0.1


def run(xs, rng, learner="A1", T=2 ** 16, eta=None):
    s = float(xs[0])
    p = P.make_sea_iid(int(T), 10, a=A, s=s, rng=rng)
    r = S.run_learner(learner, p, record_at=[int(T)], **({} if eta is None else {"eta": eta}))
    return {"pr": r.trace["pr"][-1]}


CLAIM = Claim(
    id="chen24_oomd_iid_noise_level",
    source=Source("Chen, Zhang, Tu, Zhao, Zhang (ICML 2023 / JMLR 2024)", "arXiv:2302.04552",
                  "Thm 1 / abstract: O(D sqrt(sigma2) + ...)", "paper"),
    statement=r"E[PR_T] = \Theta(D\sqrt{\sigma^2_{1:T}}) = \Theta(D s\sqrt T) \text{ on i.i.d. SEA-Q: slope 1 in } s",
    problem="SEA-Q i.i.d.: d=10, A=0.1 I, b=0, R=1, sphere noise of radius s; T = 2^16 (smoke 2^15); "
            "s^2 T >> delta + 4G^2 over the whole grid",
    sweep=Sweep("s", list(np.geomspace(0.015, 0.5, 6)), seeds=10,
                smoke_values=list(np.geomspace(0.02, 0.64, 6)), smoke_seeds=5, per_point=True),
    metric="pr",
    bound="D*s*sqrt(T)",
    check=Check("two-sided", tol=0.1),
    main=Arm(run, {"learner": "A1"}, {"T": 2 ** 15}, label="optimistic OMD (A1)"),
    control=Control(Arm(run, {"learner": "B2", "eta": 0.5}, {"T": 2 ** 15}, label="OGD constant step 0.5 (B2)"),
                    why="a non-adaptive constant step pays eta s^2 T: slope 2 in s"),
    constants={"D": 2.0, "T": 2.0 ** 16},
)
