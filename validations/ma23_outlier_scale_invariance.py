"""MF-2: SubGM trajectories do not depend on the outlier magnitude once it exceeds the error."""
import numpy as np

from theorylab.checks.spec import Arm, Check, Claim, Control, Source, Sweep
from theorylab.problems import matrix_sensing as ms
from theorylab.solvers import matrix_sensing as solv

INSTANCE = dict(d=10, r=2, r_search=2, m=1500, p=0.3, noise="gauss", kappa=1.0)
ALPHA, ETA0, RHO, T0, T = 1e-6, 0.5, 0.99, 300, 2500


def _errs(pb, U0, ks, method, eta):
    if method == "subgm":
        res = solv.subgm(pb.A, pb.y, U0, pb.X_star, eta0=ETA0, rho=RHO, max_iter=int(ks.max()), record_at=ks)
    else:
        res = solv.l2_gd(pb.A, pb.y, U0, pb.X_star, eta=eta, max_iter=int(ks.max()), record_at=ks)
    e = np.full(ks.size, np.nan)
    e[:res.trace["err"].size] = res.trace["err"]
    return e


def _dev(e1, e0):
    q = e1 / e0
    return np.maximum(q, 1 / q)


def run(xs, rng, *, method="subgm", scales=(1e2, 1e4), eta=0.05, init_pert=1e-3):
    """dev_t = max(e_t(s1)/e_t(s2), e_t(s2)/e_t(s1)) for two outlier scales on the same A, mask,
    z and init (common random numbers: the same seed gives the same draws, only s changes).

    SubGM arm also records the reference spread dev_init_t: the same comparison at the SAME scale
    s2 between U_0 and U_0 * (1 + init_pert * xi) (xi iid N(0,1) entries, an independent draw), i.e.
    how far two SubGM paths drift apart when the outliers do not change at all."""
    ks = np.asarray(xs, dtype=np.int64)
    errs = []
    pb = None
    for sc in scales:
        pb = ms.make_robust_sensing(**INSTANCE, scale=float(sc), rng=np.random.default_rng(rng.bit_generator.seed_seq))
        errs.append(_errs(pb, ALPHA * pb.x0, ks, method, eta))
    out = {"dev": _dev(errs[1], errs[0]), "err_lo": errs[0], "err_hi": errs[1]}
    if method == "subgm":
        xi = np.random.default_rng(rng.bit_generator.seed_seq.spawn(1)[0]).standard_normal(pb.x0.shape)
        out["dev_init"] = _dev(_errs(pb, ALPHA * pb.x0 * (1 + init_pert * xi), ks, method, eta), errs[1])
    return out


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
    notes="FAILS on honest seeds, and the evidence says the pathwise statement is not a property SubGM has, "
          "for any perturbation. Implementation checked: both scales use the same A, mask, z and U0 (one seed "
          "sequence; only s = scale * z changes), the step eta0 rho^t does not depend on s, the metric is "
          "||U_tU_t^T - X*||_F, window t in [300, 2500] (e_t < 0.05 from t ~ 300, so both readings of the "
          "brief's transient coincide). Full run (10 seeds): max over the window of max(q, 1/q), "
          "q = e_t(1e4)/e_t(1e2): 4.82, 1.95, 3.10, 1.51, 1.17, 4.61, 1.00, 2.48, 1.23, 6.37 (5/10 seeds > 2); "
          "the per-seed MIN over the window is 3.25, 1.15, 2.16, 1.05, 1.00, 1.98, 1.00, 1.79, 1.00, 3.95, i.e. "
          "a constant offset: e_t = c rho^t with an amplitude c fixed during the large-step phase (t < 300) "
          "and never forgotten. Reference spread recorded as metric dev_init: the SAME scale 1e4 with U0 "
          "multiplied entrywise by (1 + 1e-3 xi) gives max ratios 1.44, 1.23, 2.98, 1.50, 6.17, 4.66, 1.59, "
          "1.08, 4.19, 1.16 (4/10 > 2): changing the outliers from 1e2 to 1e4 moves the path no more than a "
          "1e-3 relative nudge of the init. (Pilot, 8 other seeds: s = 1e4 vs 1e6 agree to 1.00 +- 0.06 "
          "everywhere, since no outlier is comparable to <A_i, Delta_t> at either scale; at s = 1e2 a few "
          "outliers with |z_i| < 1e-2 flip signs early.) So the trajectories are independent of the outlier "
          "scale only in distribution, not pathwise; the brief's reference ratios [0.97, 1.14] correspond to "
          "the seeds with ratio ~1 here (half of them). What the paper states, exact recovery whatever the "
          "outlier magnitude, holds: see ma23_outlier_exact_recovery. Control l2-GD (s = 1 vs 1e2): min ratio "
          "72-139 per seed.",
)
