"""MF-3: SubGM recovers X* exactly under the Gaussian-corruption model, whatever the corruption level nu."""
import numpy as np

from theorylab.checks.spec import Arm, Check, Claim, Control, Source, Sweep
from theorylab.problems import matrix_sensing as ms
from theorylab.solvers import matrix_sensing as solv

INSTANCE = dict(d=10, r=2, r_search=2, m=1500, p=0.3, noise="gauss_corrupt", kappa=1.0)
ALPHA, ETA0, RHO, T = 1e-6, 0.5, 0.99, 3000


def run(xs, rng, *, method="subgm", eta=0.05):
    """Final error e_T for corruption level nu = xs[0]: s_i ~ N(0, nu^2) with probability p = 0.3 (same A,
    mask, z and init for every nu: common random numbers)."""
    pb = ms.make_robust_sensing(**INSTANCE, scale=float(xs[0]), rng=rng)
    if method == "subgm":
        res = solv.subgm(pb.A, pb.y, ALPHA * pb.x0, pb.X_star, eta0=ETA0, rho=RHO, max_iter=T, record_at=[T])
    else:
        res = solv.l2_gd(pb.A, pb.y, ALPHA * pb.x0, pb.X_star, eta=eta, max_iter=T, record_at=[T])
    U = res.x
    return {"err_T": float(np.linalg.norm(U @ U.T - pb.X_star))}


CLAIM = Claim(
    id="ma23_gaussian_corruption_recovery",
    source=Source("Ma & Fattahi, JMLR 24(96) 2023", "2202.08788",
                  "Gaussian-corruption noise model handled by the same Sign-RIP analysis (exact law recalled)",
                  tag="recalled"),
    statement=r"s_i\sim\mathcal N(0,\nu^2)\ \text{w.p. } p:\ \|U_TU_T^\top-X^*\|_F\to 0 \text{ for every } \nu",
    problem="d=10, r=r'=2, m=1500, kappa=1, Gaussian corruption s_i ~ N(0, nu^2) on 30% of the measurements, "
            "nu from 1e-4 to 1 (comparable to ||Delta_t||_F along the path, where phi(Delta) of the brief varies "
            "with ||Delta||); same A, mask, z, init per seed; alpha=1e-6, eta0=0.5, rho=0.99, T=3000",
    sweep=Sweep("nu", [1e-4, 1e-3, 1e-2, 1e-1, 1.0], seeds=8, smoke_seeds=5),
    metric="err_T",
    bound="1",
    check=Check(kind="ratio", tol=0.1, C=1e-9),
    main=Arm(run, {"method": "subgm"}, label="SubGM (l1)"),
    control=Control(Arm(run, {"method": "l2", "eta": 0.05}, label="l2-GD, eta = 0.05"),
                    why="l2-GD under the same corruption has a floor proportional to nu (~0.07 nu): above the cap "
                        "1e-9 at every nu and slope ~1 in log nu"),
    notes="ratio check: e_T <= 1e-9 (cap C) with no upward trend in nu (slope of log e_T vs log nu <= 0.1). "
          "Complements ma23_outlier_exact_recovery (outlier scales 1..1e6 >> ||X*||): here the corruption is "
          "small and dense, so sign(<A_i, Delta> - s_i) is informative for part of the corrupted rows and "
          "phi(Delta) = sqrt(2/pi)(1 - p + p ||Delta|| / sqrt(||Delta||^2 + nu^2)) changes along the path; the "
          "exact recovery is unaffected (pilot: e_T ~ 2e-14 to 8e-14 for every nu). Only exact recovery is "
          "tested; the statement that the rate is governed by phi is not checked quantitatively here "
          "(phi itself is checked in ma23_phi_scaling).",
)
