"""MF-4: the number of samples SubGM needs does not grow with the search rank r'.

Per instance (seed) and search rank r', SubGM is run on the first m rows of one measurement set for
every m of a fixed log grid; the instance's threshold m_thr(r') is the smallest grid m from which on
SubGM succeeds (e_T <= 1e-6) at every larger grid m (isolated early successes are ignored, so the
estimator does not need monotone success; an instance that fails at the top of the grid is censored
at 1.12 * top). The empirical success probability at m is then the fraction of instances with
m_thr <= m, so m_50(r') is the median of m_thr(r') over seeds. The check compares, per seed and
common instance, m_thr(r') / m_thr(r'=2) with the bound 1.5 (bootstrap CI over seeds of the mean
log-ratio, i.e. of the geometric-mean ratio); the median-based m_50 ratio is reported in the notes.
"""
import numpy as np

from theorylab.checks.spec import Arm, Check, Claim, Control, Source, Sweep
from theorylab.problems import matrix_sensing as ms
from theorylab.solvers import matrix_sensing as solv

D, R, P_OUT, SCALE = 10, 1, 0.3, 100.0
ETA0, RHO, T, TAU = 0.5, 0.98, 1500, 1e-6
GRID_STEP = 1.12                    # ratio of consecutive grid points (quantisation of m_thr)


def m_grid(m_lo, m_hi, step=GRID_STEP):
    """The fixed log grid of sample sizes m_lo * step^j <= m_hi (rounded to integers)."""
    n = int(np.floor(np.log(m_hi / m_lo) / np.log(step) + 1e-9)) + 1
    return np.unique(np.round(m_lo * step ** np.arange(n)).astype(np.int64))


def success_curve(A, y, U0, X_star, grid):
    """success[j] = (e_T <= TAU) for SubGM on the first grid[j] measurements (nested sets)."""
    out = np.zeros(len(grid), bool)
    for j, m in enumerate(grid):
        res = solv.subgm(A[:m], y[:m], U0, X_star, eta0=ETA0, rho=RHO, max_iter=T, record_at=[T])
        out[j] = res.trace["err"][-1] <= TAU
    return out


def threshold(success, grid, step=GRID_STEP):
    """Step-function fit of success vs m on the grid: the index j minimising the number of successes
    below grid[j] plus failures at or above it (isolated blips on either side cost one each); ties
    go to the smallest such j. j = len(grid) (no success region) is censored at step * top."""
    s = np.asarray(success, bool)
    n = s.size
    succ_below = np.concatenate(([0], np.cumsum(s)))                 # successes at indices < j
    fail_from = np.concatenate((np.cumsum((~s)[::-1])[::-1], [0]))    # failures at indices >= j
    j = int(np.argmin(succ_below + fail_from))
    return float(grid[-1] * step) if j == n else float(grid[j])


def run(xs, rng, *, truth_rank="fixed", alpha=1e-8, m_lo=20, m_hi=640, step=GRID_STEP):
    """m_thr(r') for each r' in xs on one seeded instance, and m_ref = m_thr(xs[0]).

    truth_rank="fixed": X* has rank r = 1 and SubGM searches with U in R^{d x r'} from
    U_0 = alpha * B[:, :r'] (B shared by every r': common random numbers).
    truth_rank="equal": control, X* has rank r = r' (exact parameterization, a new instance per r')."""
    grid = m_grid(m_lo, m_hi, step)
    thr = []
    pb = None
    if truth_rank == "fixed":
        pb = ms.make_robust_sensing(d=D, r=R, r_search=int(max(xs)), m=int(grid[-1]), p=P_OUT, noise="gauss",
                                    scale=SCALE, rng=rng)
    seed_seq = rng.bit_generator.seed_seq
    for rs in xs:
        rs = int(rs)
        if truth_rank == "equal":
            pb = ms.make_robust_sensing(d=D, r=rs, r_search=rs, m=int(grid[-1]), p=P_OUT, noise="gauss",
                                        scale=SCALE, rng=np.random.default_rng(seed_seq.spawn(1)[0]))
        ok = success_curve(pb.A, pb.y, alpha * pb.x0[:, :rs], pb.X_star, grid)
        thr.append(threshold(ok, grid, step))
    thr = np.array(thr)
    return {"m_thr": thr, "m_ref": float(thr[0])}


CLAIM = Claim(
    id="ma23_sample_complexity_rank",
    source=Source("Ma & Fattahi, JMLR 24(96) 2023", "2202.08788",
                  "Gaussian measurements: sample complexity of global convergence independent of r'", tag="paper"),
    statement=r"m_{50}(r')/m_{50}(2)\le 1.5 \text{ for } r'\in[2,8] \text{ (SubGM, small init; independent of } r')",
    problem="d=10, r=1, r' in {2,4,8} (all over-parameterized), kappa=1, 30% outliers N(0,100^2), alpha=1e-8, "
            "eta0=0.5, rho=0.98, T=1500; success: e_T <= 1e-6; m on the fixed grid 20*1.12^j <= 640 (nested "
            "rows of one instance per seed, shared by every r')",
    sweep=Sweep("r_search", [2, 4, 8], seeds=24, smoke_values=[2, 8], smoke_seeds=5, per_point=False),
    metric="m_thr",
    bound="1",
    check=Check(kind="compare", baseline="m_ref", factor=1 / 1.5),
    main=Arm(run, {"truth_rank": "fixed", "alpha": 1e-8, "m_lo": 20, "m_hi": 640},
             smoke_params={"m_lo": 40, "m_hi": 320, "step": 1.25}, label="SubGM, r = 1, search rank r'"),
    control=Control(Arm(run, {"truth_rank": "equal", "alpha": 1e-3, "m_lo": 20, "m_hi": 640},
                        smoke_params={"m_lo": 40, "m_hi": 320, "step": 1.25}, label="SubGM, truth rank r = r' (exact)"),
                    why="the alternative m ~ d r' realised: when the rank to recover grows with r' (X* of rank r', "
                        "exact parameterization) the threshold grows ~ linearly in r' (ratio >> 1.5). alpha = 1e-3 "
                        "there because with alpha = 1e-8 a rank-4/8 truth cannot leave the small init within the "
                        "step budget sum eta_t = 25 (it freezes at every m); without redundant columns small init "
                        "is not needed"),
    notes="compare check: mean over seeds of log(m_thr(r')/m_thr(2)) <= log 1.5 with its bootstrap CI at every r' "
          "(paired on a common instance per seed). Full run (24 seeds): geometric-mean ratio 1.10 at r' = 4 and "
          "1.21 [1.14, 1.31] at r' = 8: a weak growth (about one grid step, 1.12) that stays well below 1.5; "
          "the median-based m_50 (fraction of instances with m_thr <= m crossing 1/2) is 123, 130, 130 for "
          "r' = 2, 4, 8, ratio 1.06 (bootstrap 95% CI [1.00, 1.41]). Control (truth rank r = r'): m_50 = 78, "
          "154, >= 671 (censored at the top of the grid for most seeds), ratio 8.4 [7.6, 9.3]. r = 1 so that "
          "every r' in the sweep is over-parameterized; r' = r = 1 is a different regime (no redundant columns): "
          "pilots give thresholds ~2.5x smaller there (m ~ 25-40 vs 60-110), so the statement concerns r' > r. "
          "The earlier version of this claim (first grid m with a success, slope fit over r' in [2, 8] with "
          "min_decades lowered to 0.6) (12 seeds) was INCONCLUSIVE: its slope CI "
          "[0.09, 0.41] straddled log 1.5/log 4; the pointwise ratio with 24 seeds is decisive. Success vs m is nearly monotone per instance (pilot scans "
          "show isolated blips only), which the step fit tolerates.",
)
