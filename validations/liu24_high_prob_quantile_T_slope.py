"""Liu & Zhou (2024): high-probability last-iterate bound, sub-Gaussian noise: the delta-quantile of the gap
decays in T with the same exponent as its mean."""
import numpy as np

from theorylab.checks.spec import Arm, Check, Claim, Control, Source, Sweep
from theorylab.problems import last_iterate_sgd as P
from theorylab.solvers import last_iterate_sgd as S

DELTA = 0.01


def run(xs, rng, *, schedule="anytime_sqrt", noise="gaussian", nu=3.0, n_rep=1000, delta=DELTA):
    """One batch: a fixed LZ-2 instance (d = 4, rank 3, spec [0.1, 1] + a zero, L = 1, unbounded,
    as liu24_high_prob_subgaussian_quantiles), ``n_rep`` independent runs of SGD with the anytime
    step eta_t = min(1/(2L), 1/sqrt t) (``schedule="constant"``: eta_t = 1/(2L)), each read at every
    T in xs. Returns the empirical
    (1 - delta)-quantile ``q`` of F(x_{T+1}) - F* over the runs and their mean ``mean_gap``, per T.
    Noise: Gaussian with E||xi||^2 = 0.25, or i.i.d. Student-t(nu) coordinates of scale 0.25."""
    Ts = np.asarray(xs, int)
    pr = P.make_rank_deficient_quadratic(4, 3, 1.0, 0.1, 1.0, rng=rng)
    steps = S.step_schedule(schedule, int(Ts.max()), eta=1.0, L=pr.L)
    scale = 0.5 if noise == "gaussian" else 0.25
    gaps = np.empty((n_rep, Ts.size))
    for i in range(n_rep):
        res = S.prox_sgd("quad", pr.A, pr.b, pr.x0, steps, noise=noise, noise_scale=scale, nu=nu,
                         record_at=Ts, rng=rng)
        gaps[i] = res.trace["fun"] - pr.f_star
    return {"q": np.quantile(gaps, 1.0 - delta, axis=0), "mean_gap": gaps.mean(axis=0)}


CLAIM = Claim(
    id="liu24_high_prob_quantile_T_slope",
    source=Source("Liu & Zhou, Revisiting the Last-Iterate Convergence of SGM (ICLR 2024)",
                  "arXiv:2312.08531", "high-probability bounds, sub-Gaussian noise, unbounded domain",
                  tag="recalled"),
    statement=r"\Pr\big[F(x_{T+1})-F^* > C\,r(T)\,(1+\log\tfrac1\delta)\big]\le\delta,\ r(T)\ \text{the in-expectation rate}"
              r"\ \Rightarrow\ q_\delta(T) \text{ has the T-exponent of } \mathbb E[F(x_{T+1})-F^*]\ (= -\tfrac12 \text{ here})",
    problem="LZ-2 small (d = 4, rank 3, spec [0.1, 1] + a zero, unbounded), eta_t = min(1/(2L), 1/sqrt t), "
            "Gaussian noise E||xi||^2 = 0.25; q_0.01 of the gap over 1000 runs per batch; sweep T",
    sweep=Sweep("T", [2 ** k for k in range(8, 15)], seeds=5, smoke_values=[2 ** k for k in range(8, 14)],
                smoke_seeds=5, per_point=False),
    metric="q",
    bound="1/sqrt(T)",
    check=Check(kind="two-sided", tol=0.1),
    main=Arm(run, {"noise": "gaussian"}, smoke_params={"n_rep": 400}, label="Gaussian noise"),
    control=Control(Arm(run, {"schedule": "constant"}, smoke_params={"n_rep": 400},
                        label="constant step 1/(2L) (B1)"),
                    why="B1: with the noiseless-tuned constant step 1/(2L) the gap distribution converges to a "
                        "stationary law: q_delta plateaus (exponent ~0), not -1/2"),
    notes="Recalled claim, tested as a shape: the exponent of q_0.01 in T is two-sided -1/2 +- 0.1, the "
          "exponent of the mean on this instance (variance-dominated, no log factor on a generic instance, brief "
          "Sec. 7). The same runs return the mean: full run, exponent of the mean gap -0.525 [-0.533, -0.518] "
          "vs q_0.01 -0.527 [-0.541, -0.513] (bootstrap over batches), q_0.01/mean = 3.6-3.8 flat in T. "
          "Each seed is an independent batch on its own instance; CI over batches. The control also keeps "
          "q/mean flat (both plateau), so it tests that the check sees a quantile that does not decay like the "
          "sub-Gaussian mean, not a change of the ratio. A pilot with Student-t(1.5) noise (B5; 3 batches x 1000 "
          "runs) gave a q_0.01 exponent -0.37 (prediction 1/nu - 1 = -1/3) but its CI over 5 batches of 400 runs "
          "straddled -0.4 and it cost ~3x more: too weak and slow for this budget.",
)
