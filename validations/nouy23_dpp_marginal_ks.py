"""Projection-DPP sampler validity: each point of DPP(K_m) has marginal rho_m = k_m / m.

The one-point intensity of the projection DPP is K_m(x, x) = k_m(x), so a point picked
uniformly at random from a sample (and also the chain rule's first point) has law
rho_m dmu exactly. Per seed and m: R samples, two exact one-sample KS tests against the
closed-form CDF of rho_m; the check is Bonferroni-corrected over every (m, seed, test)
at family-wise level 0.01 (metric -log10 p, bound log10(n_tests / alpha)).
Control: the chain rule with the arcsine envelope used as proposal without the
rejection step that turns it into rho_m (a plausible bug); its marginal is wrong.
"""
import numpy as np

from theorylab.checks.spec import Arm, Check, Claim, Control, Source, Sweep
from theorylab.problems import dpp_least_squares as P
from theorylab.solvers import dpp_least_squares as dls

VALUES, SEEDS = [2, 3, 4, 6, 8, 12], 10
SMOKE_VALUES, SMOKE_SEEDS = [2, 3, 5, 8], 5
TESTS_PER_RUN = 2


def run(xs, rng, sampler="dpp", R=4000, n_tests=1):
    m = int(xs[0])
    idx = dls.legendre_indices(m)
    X = P.draw_points(sampler, idx, m, R, rng)
    pick = rng.integers(0, m, size=R)
    cdf = lambda t: P.rho_cdf(m, t)  # noqa: E731
    first = P.neglog10_ks(X[:, 0, 0], cdf)
    rand = P.neglog10_ks(X[np.arange(R), pick, 0], cdf)
    return {"neglog10p": max(first, rand), "neglog10p_first": first, "neglog10p_random": rand,
            "n_tests": float(n_tests), "alpha": P.FAMILY_ALPHA}


CLAIM = Claim(
    id="nouy23_dpp_marginal_ks",
    source=Source("Nouy & Michel (2023); Hough, Krishnapur, Peres, Virag (2006)", "arXiv:2312.14057",
                  "Sec. 3 (projection DPP, one-point intensity k_m)", tag="derived"),
    statement=r"x \sim \mathrm{DPP}(K_m) \Rightarrow \text{each point has density } \rho_m = k_m/m \text{ w.r.t. } \mu",
    problem="1-D Legendre V_m on [-1,1], uniform probability; R = 4000 DPP samples per seed; "
            "KS of the first point and of a uniformly chosen point vs the exact CDF of rho_m",
    sweep=Sweep("m", VALUES, seeds=SEEDS, smoke_values=SMOKE_VALUES, smoke_seeds=SMOKE_SEEDS),
    metric="neglog10p",
    bound=P.BONFERRONI_BOUND,
    check=Check("bound", C=1.0),
    main=Arm(run, {"sampler": "dpp", "n_tests": len(VALUES) * SEEDS * TESTS_PER_RUN},
             smoke_params={"n_tests": len(SMOKE_VALUES) * SMOKE_SEEDS * TESTS_PER_RUN}, label="projection DPP"),
    control=Control(Arm(run, {"sampler": "dpp_arcsine", "n_tests": len(VALUES) * SEEDS * TESTS_PER_RUN},
                        smoke_params={"n_tests": len(SMOKE_VALUES) * SMOKE_SEEDS * TESTS_PER_RUN},
                        label="DPP, uncorrected arcsine proposal"),
                    why="the uncorrected envelope gives arcsine-distributed first points; KS rejects at small m"),
    notes="Multiple testing: every KS p-value must exceed alpha / n_tests (Bonferroni, alpha = 0.01 "
          "family-wise over all m, seeds and both tests). The arcsine law approaches rho_m as m grows, so the "
          "control is only detectable at small m (m <= 4 with R = 4000); one rejection suffices.",
)
