"""Strongly convex, front-loaded noise: the regret tracks log k and stays flat in T (JMLR improvement)."""
import numpy as np

from theorylab.checks.spec import Arm, Check, Claim, Control, Source, Sweep
from theorylab.solvers import online_sea as S
from theorylab.validations.chen24_oomd_sc_logT import sc_instance

K = 64


def run(xs, rng, learner="A2"):
    ks = np.asarray(xs, dtype=np.int64)
    p, x0 = sc_instance(int(ks.max()), rng, k=K)
    r = S.run_learner(learner, p, x0=x0, record_at=ks)
    return {"pr": r.trace["pr"], "Sig1": p.Sigma1_sq}


CLAIM = Claim(
    id="chen24_oomd_sc_frontloaded_flat",
    source=Source("Chen, Zhang, Tu, Zhao, Zhang (JMLR 2024)", "arXiv:2302.04552",
                  "Thm 2, JMLR form log((sigma2+Sigma2)/(sigma_max^2+Sigma_max^2))", "paper"),
    statement=(r"\sigma_t = s\,1[t\le k] \Rightarrow E[PR_T] = O\big(\tfrac{s^2+\Sigma_1^2}{\lambda}"
               r"\log\tfrac{k s^2+\Sigma_1^2}{s^2+\Sigma_1^2} + C_1\big) \text{, independent of } T"),
    problem=f"SEA-Q, d=5, A = I, interior u* (|b|=0.5), noise s=1 only in the first k={K} rounds, far start",
    sweep=Sweep("T", [2.0 ** k for k in range(8, 17)], seeds=10,
                smoke_values=[2.0 ** k for k in range(8, 15)], smoke_seeds=5, per_point=False),
    metric="pr",
    bound="(s**2 + Sig1)/lam*log((k*s**2 + Sig1)/(s**2 + Sig1))",
    check=Check("upper", tol=0.1),
    main=Arm(run, {"learner": "A2"}, label="optimistic OMD, eta_t = 2/(lam t) (A2)"),
    control=Control(Arm(run, {"learner": "B4"}, label="too-small step 0.25/(lam t) (B4)"),
                    why="c = 0.25 < 1/2: the initial error decays like t^{-1/4}, PR ~ T^{1/2} even without noise"),
    constants={"s": 1.0, "lam": 1.0, "k": float(K), "Sig1": 2.25},
)
