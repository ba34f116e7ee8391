"""Liu & Zhou (2024) with the entropy mirror map on the simplex: dimension enters through D <= log d only."""
import numpy as np

from theorylab.checks.spec import Arm, Check, Claim, Control, Source, Sweep
from theorylab.solvers import last_iterate_sgd as S

DELTAS = tuple(np.geomspace(0.01, 4.0, 10))


def run(xs, rng, *, geometry="entropy", T=512, n_inner=2, deltas=DELTAS):
    """Worst case over a family at fixed T: F(x) = c.x on the simplex with c = Delta (1 - e_1),
    Delta in ``deltas`` (F* = 0, M = 2 max Delta for every d), uniform noise U[-1, 1]^d,
    eta_t = 1/sqrt t, x0 uniform (D = log d). Returns max over Delta of the mean gap over
    ``n_inner`` runs (the quantity the worst-case bound controls)."""
    d = int(xs[0])
    steps = S.step_schedule("anytime_sqrt", T, eta=1.0)
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
            "(worst case taken), U[-1,1]^d noise (||xi||_inf <= 1), T = 512, eta_t = 1/sqrt t; sweep d",
    sweep=Sweep("d", [10, 18, 32, 56, 100, 178, 316, 562, 1000], seeds=8,
                smoke_values=[10, 18, 32, 56, 100, 178, 400], smoke_seeds=5, per_point=True),
    metric="gap",
    bound="log(d)",
    check=Check(kind="upper", tol=0.1),
    main=Arm(run, {"geometry": "entropy"}, smoke_params={"T": 256, "n_inner": 1}, label="entropic MD"),
    control=Control(Arm(run, {"geometry": "euclidean"}, smoke_params={"T": 256, "n_inner": 1},
                        label="Euclidean projected SGD"),
                    why="Euclidean geometry: E||xi||_2^2 = d/3 grows with d, the worst-case gap grows like a "
                        "power of d (until it saturates at the cost range)"),
    notes="A fixed-T shape in d is only implied for the worst case over instances (on a single instance "
          "with a separated optimum the gap is ~ d exp(-Delta S), linear in d but exponentially small), so "
          "the metric is the worst case over a Delta-family with the same M for every d. The d-grid stops at 1000 "
          "(2 decades): beyond ~10^3 the Euclidean baseline saturates at the cost range (its fitted exponent "
          "over 10..10^4 was 0.104 [0.088, 0.120], inconclusive), and d = 10^4 dominated the run time. Derived from the "
          "[recalled] claim 1 with D = log d: tested as a shape (exponent 0, log power 1), no constant.",
)
