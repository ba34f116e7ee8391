"""Optimistic OMD is Sigma-tight on the alternating adversarial instance (derived constant 0.75)."""
import numpy as np

from theorylab.checks.spec import Arm, Check, Claim, Control, Source, Sweep
from theorylab.problems import online_sea as P
from theorylab.solvers import online_sea as S


def run(xs, rng, learner="A1"):
    ks = np.asarray(xs, dtype=np.int64)
    v0 = float(rng.uniform(1.0, 3.0))
    p = P.make_sea_alternating(int(ks.max()), v0, rng=rng)
    r = S.run_learner(learner, p, record_at=ks)
    return {"pr": r.trace["pr"], "Sig2": p.Sigma2_cum[ks - 1], "D": p.D, "v0": v0}


CLAIM = Claim(
    id="chen24_oomd_alternating_sigma_tight",
    source=Source("Chen, Zhang, Tu, Zhao, Zhang (ICML 2023 / JMLR 2024)", "arXiv:2302.04552",
                  "Thm 1 (convex rate), tightness on the alternating instance", "derived"),
    statement=r"PR_T / (D\sqrt{\Sigma^2_{1:T}}) \to 3/4 \text{ for optimistic OMD } (\delta=1, M_t=g_{t-1})",
    problem="1-D alternating linear losses f_t(x) = (-1)^t v0 x on [-1,1], v0 ~ U(1,3) per seed, sigma=0; "
            "Sigma2 = v0^2 + 4 v0^2 (T-1); u*=0 at even T",
    sweep=Sweep("T", [2.0 ** k for k in range(12, 19)], seeds=5,
                smoke_values=[2.0 ** k for k in range(10, 16)], smoke_seeds=5, per_point=False),
    metric="pr",
    bound="0.75*D*sqrt(Sig2)",
    check=Check("identity", tol=0.05),
    main=Arm(run, {"learner": "A1"}, label="optimistic OMD (A1)"),
    control=Control(Arm(run, {"learner": "B3"}, label="AdaOGD, no optimism (B3)"),
                    why="without the hint the same adaptive learner has ratio -> 0.5, outside 0.75 +- 5%"),
    notes="Derived heuristic: per-round regret ~ 1.5 eta_t v0^2 with eta_t ~ D/(2 v0 sqrt t). Simulated "
          "ratio 0.737 at 2^12, 0.748 at 2^18 (approach from below, burn-in ~ 1/v0^2).",
)
