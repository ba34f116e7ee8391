"""Strongly convex optimistic OMD: regret grows like (1/lam)(sigma_max^2 + Sigma_max^2) log(...) (JMLR form)."""
import numpy as np

from theorylab.checks.spec import Arm, Check, Claim, Control, Source, Sweep
from theorylab.problems import online_sea as P
from theorylab.solvers import online_sea as S


def sc_instance(T, rng, s=1.0, k=None):
    """SEA-Q, d=5, A = I (lam = 1), interior optimum u* = b (|b| = 0.5), start at the far boundary."""
    b = 0.5 * P.random_direction(5, rng)
    if k is None:
        p = P.make_sea_iid(T, 5, a=1.0, s=s, b=b, rng=rng)
    else:
        p = P.make_sea_frontloaded(T, k, s=s, d=5, a=1.0, b=b, rng=rng)
    return p, -p.u_star / np.linalg.norm(p.u_star)


def run(xs, rng, learner="A2"):
    ks = np.asarray(xs, dtype=np.int64)
    p, x0 = sc_instance(int(ks.max()), rng)
    r = S.run_learner(learner, p, x0=x0, record_at=ks)
    return {"pr": r.trace["pr"], "Sig1": p.Sigma1_sq}


CLAIM = Claim(
    id="chen24_oomd_sc_logT",
    source=Source("Chen, Zhang, Tu, Zhao, Zhang (JMLR 2024)", "arXiv:2302.04552",
                  "Thm 2 (strongly convex), JMLR abstract", "paper"),
    statement=(r"E[PR_T] = O\big(\tfrac{1}{\lambda}(\sigma_{\max}^2+\Sigma_{\max}^2)"
               r"\log\tfrac{\sigma^2_{1:T}+\Sigma^2_{1:T}}{\sigma_{\max}^2+\Sigma_{\max}^2} + C_1\big)"),
    problem="SEA-Q i.i.d., d=5, A = I (lam=1), b random with |b|=0.5 (interior u*=b), sphere noise s=1, "
            "start at -u*/|u*|; eta_t = 2/(lam t), hint g_{t-1}",
    sweep=Sweep("T", [2.0 ** k for k in range(8, 17)], seeds=20,
                smoke_values=[2.0 ** k for k in range(8, 15)], smoke_seeds=6, per_point=False),
    metric="pr",
    bound="(s**2 + Sig1)/lam*log((s**2*T + Sig1)/(s**2 + Sig1))",
    check=Check("ratio", tol=0.1),
    main=Arm(run, {"learner": "A2"}, label="optimistic OMD, eta_t = 2/(lam t) (A2)"),
    control=Control(Arm(run, {"learner": "B5sc"}, label="OGD eta_t = 1/(lam sqrt t) (B5)"),
                    why="a 1/sqrt(t) step keeps a fluctuation ~ s^2/(lam sqrt t): PR ~ sqrt(T), ratio to log T grows"),
    constants={"s": 1.0, "lam": 1.0},
    notes="Shape-only check (ratio to the log bound has no upward trend); [paper] form of the JMLR abstract, "
          "constants not used. The factor 2 in eta_t = 2/(lam t) is [recalled].",
)
