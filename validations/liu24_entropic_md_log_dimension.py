"""Liu & Zhou (2024) with the entropy mirror map on the simplex: dimension enters through D <= log d only."""
import numpy as np

from theorylab.checks.spec import Arm, Check, Claim, Control, Source, Sweep
from theorylab.solvers import last_iterate_sgd as S

DELTAS = tuple(np.geomspace(0.01, 4.0, 10))


def run(xs, rng, *, geometry="entropy", T=512, n_inner=2, deltas=DELTAS, eta_scale="one"):
    """Worst case over a family at fixed T: F(x) = c.x on the simplex with c = Delta (1 - e_1),
    Delta in ``deltas`` (F* = 0, M = 2 max Delta for every d), uniform noise U[-1, 1]^d,
    eta_t = eta/sqrt t, x0 uniform (D = log d). ``eta_scale``: "one" (eta = 1, the entropic
    bound's d-free choice) or "inv_sqrt_d" (eta = 1/sqrt d: the Euclidean bound's tuning,
    eta ~ D_2/G_2 with G_2^2 = E||ghat||_2^2 ~ d). Returns max over Delta of the mean gap over
    ``n_inner`` runs (the quantity the worst-case bound controls)."""
    d = int(xs[0])
    eta = 1.0 if eta_scale == "one" else 1.0 / np.sqrt(d)
    steps = S.step_schedule("anytime_sqrt", T, eta=eta)
    x0 = np.full(d, 1.0 / d)
    worst = 0.0
    for delta in deltas:
        c = np.full(d, float(delta))
        c[0] = 0.0
        g = np.mean([S.simplex_md(c, x0, steps, geometry=geometry, noise="uniform", noise_scale=1.0,
                                  record_at=[T], rng=rng).fun for _ in range(n_inner)])
        worst = max(worst, g)
    return {"gap": worst}


CLAIM = Claim(
    id="liu24_entropic_md_log_dimension",
    source=Source("Liu & Zhou, Revisiting the Last-Iterate Convergence of SGM (ICLR 2024)",
                  "arXiv:2312.08531", "non-Euclidean CSMD; D_psi(x*, uniform) <= log d for the entropy",
                  tag="derived"),
    statement=r"\sup_{\text{family}} \mathbb E[F(x_{T+1})-F^*] \le C\Big(\frac{\log d}{\eta}+\eta(M^2+\sigma^2)\Big)"
              r"\frac{\log T}{\sqrt T}\ \Rightarrow\ \text{grows at most like } \log d",
    problem="LZ-5 linear variant: c = Delta (1 - e_1) on the simplex, Delta over 10 values in [0.01, 4] "
            "(worst case taken), U[-1,1]^d noise (||xi||_inf <= 1), T = 512, eta_t = 1/sqrt t; sweep d over "
            "3 decades",
    sweep=Sweep("d", [10, 22, 46, 100, 215, 464, 1000, 2154, 4642, 10000], seeds=8,
                smoke_values=[10, 18, 32, 56, 100, 178, 400], smoke_seeds=5, per_point=True),
    metric="gap",
    bound="log(d)",
    check=Check(kind="upper", tol=0.1),
    main=Arm(run, {"geometry": "entropy"}, smoke_params={"T": 256, "n_inner": 1}, label="entropic MD"),
    control=Control(Arm(run, {"geometry": "euclidean", "eta_scale": "inv_sqrt_d"},
                        smoke_params={"T": 256, "n_inner": 1},
                        label="Euclidean projected SGD, eta = 1/sqrt(d)"),
                    why="Euclidean geometry with its own bound-tuned step (G_2^2 = E||ghat||_2^2 ~ d, so "
                        "eta ~ 1/sqrt d): the worst case over the family grows like sqrt(d) (noiseless part "
                        "1/(4 sum eta_t) = sqrt(d)/(8 sqrt T)), a power of d"),
    notes="A fixed-T shape in d is only implied for the worst case over instances (on a single instance "
          "with a separated optimum the gap is ~ d exp(-Delta S), linear in d but exponentially small), so "
          "the metric is the worst case over a Delta-family with the same M for every d (noiseless entropic "
          "worst case ~ log d/(2 sum eta_t), exactly the log d of D). d sweeps 10..10^4 (3 decades). Control: "
          "Euclidean projected SGD with the step its own bound prescribes (eta = 1/sqrt d). With the same "
          "eta = 1 as the main arm the Euclidean baseline has no power over 3 decades (fitted exponent "
          "0.104 [0.088, 0.120] over 10..10^4, NO_POWER): noise of norm ~ sqrt(d/3) >> 1 throws each "
          "projected iterate onto a sparse face, and its worst-case gap saturates (about 0.54 for d >= 10^3). "
          "Derived from the [recalled] claim 1 with D = log d: tested as a shape (exponent 0, log power 1), "
          "no constant.",
)
