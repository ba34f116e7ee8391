"""MF-4: the number of samples SubGM needs does not grow with the search rank r'."""
import numpy as np

from theorylab.checks.spec import Arm, Check, Claim, Control, Source, Sweep
from theorylab.problems import matrix_sensing as ms
from theorylab.solvers import matrix_sensing as solv

D, R, P_OUT, SCALE = 10, 1, 0.3, 100.0
M_GRID = [int(v) for v in np.unique(np.geomspace(50, 1600, 17).astype(int))]
ETA0, RHO, T, TAU = 0.5, 0.98, 1500, 1e-6


def _success(pb, m, rs, alpha):
    U0 = alpha * pb.x0[:, :rs]
    res = solv.subgm(pb.A[:m], pb.y[:m], U0, pb.X_star, eta0=ETA0, rho=RHO, max_iter=T, record_at=[T])
    return bool(res.trace["err"][-1] <= TAU)


def run(xs, rng, *, alpha=1e-8):
    """m_min(r') = smallest m on the grid (nested measurements: the first m rows of one instance) at which
    SubGM from U0 = alpha * B[:, :r'] reaches e_T <= 1e-6; runs with no success even at the largest m
    are censored at 2 * max(grid). One instance per seed, shared by every r' (common random numbers)."""
    pb = ms.make_robust_sensing(d=D, r=R, r_search=int(max(xs)), m=M_GRID[-1], p=P_OUT, noise="gauss",
                                scale=SCALE, rng=rng)
    out = []
    for rs in xs:
        rs = int(rs)
        if not _success(pb, M_GRID[-1], rs, alpha):
            out.append(2.0 * M_GRID[-1])
            continue
        out.append(float(next(m for m in M_GRID if m == M_GRID[-1] or _success(pb, m, rs, alpha))))
    return {"m_min": np.array(out)}


CLAIM = Claim(
    id="ma23_sample_complexity_rank",
    source=Source("Ma & Fattahi, JMLR 24(96) 2023", "2202.08788",
                  "Gaussian measurements: sample complexity of global convergence independent of r'", tag="paper"),
    statement=r"m \gtrsim d\,r\,\kappa^{O(1)}\ \text{(independent of the search rank } r'\text{) suffices for SubGM}",
    problem="d=10, r=1, r' in {2,3,4,6,8}, 30% outliers N(0,100^2), alpha=1e-8, eta0=0.5, rho=0.98, T=1500; "
            "success: e_T <= 1e-6; m on a 17-point log grid 50..1600 (factor 1.24, nested)",
    sweep=Sweep("r_search", [2, 3, 4, 6, 8], seeds=12, smoke_seeds=6, per_point=False),
    metric="m_min",
    bound="1",
    check=Check(kind="ratio", tol=0.29, C=float(M_GRID[-1]), min_points=5, min_decades=0.6),
    main=Arm(run, {"alpha": 1e-8}, label="SubGM, small init"),
    control=Control(Arm(run, {"alpha": 1.0}, label="SubGM, large init (alpha = 1)"),
                    why="from large init the over-parameterized SubGM stalls at ~2e-3 (C3) for every m on the "
                        "grid: all r' > r are censored at 2 * 1600, above the cap C = 1600"),
    expected="INCONCLUSIVE",
    notes="tol 0.29 = log 1.5 / log 4: m_50(8)/m_50(2) <= 1.5 (brief); m ~ d r' would give slope 1. "
          "r = 1 so that every r' in the sweep is over-parameterized (with r = r' the method has no floor and "
          "succeeds at far smaller m, a different regime). d = 10 caps r' at 10, so the sweep spans 0.6 decades "
          "(min_decades lowered accordingly). RESULT: the threshold grows weakly with r' (fitted slope ~0.25, "
          "CI ~[0.09, 0.41] with 12 seeds): far from the m ~ d r' alternative (slope 1 is excluded) but the CI "
          "straddles the 1.5x tolerance, hence INCONCLUSIVE. The same ~1.45x growth from r'=2 to 8 appeared in "
          "pilots with rho = 0.99 (T=3000; slope 0.29 [0.19, 0.40], 9-point grid) and rho = 0.995 (T=6000), "
          "so it is not an artefact of the step schedule; resolving it would need many more seeds.",
)
