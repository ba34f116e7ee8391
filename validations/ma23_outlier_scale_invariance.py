"""MF-2: SubGM trajectories do not depend on the outlier magnitude once it exceeds the error."""
import numpy as np

from theorylab.checks.spec import Arm, Check, Claim, Control, Source, Sweep
from theorylab.problems import matrix_sensing as ms
from theorylab.solvers import matrix_sensing as solv

INSTANCE = dict(d=10, r=2, r_search=2, m=1500, p=0.3, noise="gauss", kappa=1.0)
ALPHA, ETA0, RHO, T0, T = 1e-6, 0.5, 0.99, 300, 2500


def run(xs, rng, *, method="subgm", scales=(1e2, 1e4), eta=0.05):
    """dev_t = max(e_t(s1)/e_t(s2), e_t(s2)/e_t(s1)) for two outlier scales on the same A, mask,
    z and init (common random numbers: the same seed gives the same draws, only s changes)."""
    ks = np.asarray(xs, dtype=np.int64)
    errs = []
    for sc in scales:
        pb = ms.make_robust_sensing(**INSTANCE, scale=float(sc), rng=np.random.default_rng(rng.bit_generator.seed_seq))
        if method == "subgm":
            res = solv.subgm(pb.A, pb.y, ALPHA * pb.x0, pb.X_star, eta0=ETA0, rho=RHO, max_iter=int(ks.max()),
                             record_at=ks)
        else:
            res = solv.l2_gd(pb.A, pb.y, ALPHA * pb.x0, pb.X_star, eta=eta, max_iter=int(ks.max()), record_at=ks)
        e = np.full(ks.size, np.nan)
        e[:res.trace["err"].size] = res.trace["err"]
        errs.append(e)
    q = errs[1] / errs[0]
    return {"dev": np.maximum(q, 1 / q), "err_lo": errs[0], "err_hi": errs[1]}


CLAIM = Claim(
    id="ma23_outlier_scale_invariance",
    source=Source("Ma & Fattahi, JMLR 24(96) 2023", "2202.08788",
                  "Abstract / Thm (outlier model): exact recovery for arbitrarily large, dense outliers",
                  tag="paper"),
    statement=r"e_t(s=10^4)/e_t(s=10^2)\in[1/2,\,2]\ \text{for } t\ge 300 \text{ (SubGM, outlier model)}",
    problem="d=10, r=r'=2, m=1500, 30% outliers N(0, s^2), s = 1e2 vs 1e4 on the same A, mask, z and init; "
            "alpha=1e-6, eta0=0.5, rho=0.99; window t in [300, 2500] (after the large-step transient)",
    sweep=Sweep("t", list(range(T0, T + 1, 50)), seeds=10, smoke_seeds=5, per_point=False),
    metric="dev",
    bound="1",
    check=Check(kind="bound", C=2.0, tol=0.0),
    main=Arm(run, {"method": "subgm", "scales": (1e2, 1e4)}, label="SubGM, s = 1e2 vs 1e4"),
    control=Control(Arm(run, {"method": "l2", "scales": (1.0, 1e2), "eta": 0.05}, label="l2-GD, s = 1 vs 1e2"),
                    why="l2-GD (eta=0.05) has an error floor proportional to the outlier scale (C1): ratio ~100; "
                        "at s = 1e4 it diverges, so the control uses the same x100 change at s = 1 -> 1e2"),
    expected="FAIL",
    notes="FAILS on honest seeds. The two trajectories are not the same path: a few outliers with "
          "|s_i| < |<A_i, Delta>| differ in sign in the early large-step phase, and SubGM then settles "
          "into e_t ~ c * rho^t with a seed- and path-dependent amplitude c that geometric steps never "
          "forget. Full run (10 seeds, d=10, m=1500): 5 of 10 seeds exceed 2 (max ratios 4.8, 3.1, 4.6, 2.5, "
          "6.4), each roughly constant over t in [300, 2500]; 4 seeds stay within 1.25. Pilots at d=20 (m=1500, 3000) and d=10, m=6000 (r'=2) and r'=5 give constant "
          "factors 0.2-0.7 on about half the seeds. The brief's reference ratio range [0.97, 1.14] was "
          "not reproduced. What does hold is the paper's statement itself, exact recovery whatever the "
          "outlier magnitude: see ma23_outlier_exact_recovery.",
)
