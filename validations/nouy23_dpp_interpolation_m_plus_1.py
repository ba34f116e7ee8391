"""Exact identity: projection DPP with n = m gives E||f - f_hat||^2 = (m + 1) e_m(f)^2.

f_hat interpolates f at the m DPP points; c_hat - c* = Phi^-1 g(x) and Cramer's rule +
Andreief turn each coordinate's second moment into a Gram determinant equal to ||g||^2.
Light-tailed coefficient targets (q = 0.3, M = m + 12) give exact errors; identity check
of the Monte Carlo mean of ||f - f_hat||^2 / e_m^2 against m + 1.
Control: the same chain rule with the acceptance ratio replaced by 1 (i.i.d. points from
rho_m at n = m), whose interpolation error has a heavy (infinite-mean) tail.
"""
import numpy as np

from theorylab.checks.spec import Arm, Check, Claim, Control, Source, Sweep
from theorylab.problems import dpp_least_squares as P

VALUES, SEEDS = [1, 2, 3, 4, 6, 8], 20
SMOKE_VALUES, SMOKE_SEEDS = [1, 2, 3, 4], 10


def run(xs, rng, sampler="dpp", R=10000, q=0.3):
    m = int(xs[0])
    pr = P.make_coefficient_target(m, q=q, M=m + 12, rng=12345 + m)
    out = P.fit_coefficients(pr, P.draw_points(sampler, pr.idx, m, R, rng))
    r = out["err2"] / pr.truth["e_m2"]
    return {"err_ratio": float(r.mean()), "err_ratio_max_over_mean": float(r.max() / r.mean()),
            "err_ratio_se": float(r.std(ddof=1) / np.sqrt(R))}


CLAIM = Claim(
    id="nouy23_dpp_interpolation_m_plus_1",
    source=Source("Nouy & Michel (2023); finite analogue in Derezinski & Warmuth (2017)", "arXiv:2312.14057",
                  "DPP interpolation, n = m", tag="derived"),
    statement=r"x\sim\mathrm{DPP}(K_m),\ n=m:\ \mathbb E\|f-\hat f\|^2_{L^2_\mu}=(m+1)\,e_m(f)^2",
    problem="1-D Legendre, f = sum_{k<m+12} c_k phi_k with c_k = +-0.3^(k-m+1) (k >= m); R = 10000 samples per seed",
    sweep=Sweep("m", VALUES, seeds=SEEDS, smoke_values=SMOKE_VALUES, smoke_seeds=SMOKE_SEEDS),
    metric="err_ratio",
    bound="m + 1",
    check=Check("identity", tol=0.05),
    main=Arm(run, {"sampler": "dpp"}, smoke_params={"R": 3000}, label="projection DPP"),
    control=Control(Arm(run, {"sampler": "dpp_broken"}, smoke_params={"R": 3000}, label="acceptance = 1 (i.i.d.)"),
                    why="i.i.d. interpolation points have an infinite-mean error (near-singular Phi); "
                        "the ratio is far above m + 1 for m >= 2 (at m = 1 the two samplers coincide)"),
    notes="The error distribution is skewed (max/mean ~ 100 at m >= 3 even for q = 0.3, since interpolating "
          "phi_m at clustered nodes is expensive), hence R = 10000 per seed and 20 seeds; tolerance 5% relative. "
          "Unlimited-precision check at m = 6, 8 with 1e5 samples gave 1.004 +- 0.013 and 0.998 +- 0.009.",
)
