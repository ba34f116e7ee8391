"""Repeated projection DPPs are more stable than i.i.d. optimal sampling at matched n.

n = r m points made of r independent DPP(m) samples; failure probability P(||G - I||_2 > 1/2)
compared with i.i.d. sampling from rho_m at the same n (m = 10, 1-D Legendre). The claim
(paper abstract, qualitative): the repeated-DPP failure probability is smaller; tested as a
reduction by at least a factor 1.25 at every n in the transition region 30 <= n <= 100.
Failure probabilities use the smoothed estimate (k + 1/2) / (R + 1) so that logs stay finite.
Control: the same repeated sampler with the chain rule's acceptance ratio replaced by 1 (which
makes it i.i.d. from rho_m): no reduction.
"""
import numpy as np

from theorylab.checks.spec import Arm, Check, Claim, Control, Source, Sweep
from theorylab.problems import dpp_least_squares as P
from theorylab.solvers import dpp_least_squares as dls

VALUES, SEEDS = [30, 40, 50, 60, 80, 100], 10
SMOKE_VALUES, SMOKE_SEEDS = [30, 50, 80], 5


def _fail_prob(X, idx, delta):
    R, n, d = X.shape
    m = idx.shape[0]
    Phi = dls.basis(X.reshape(-1, d), idx).reshape(R, n, m)
    w = m / np.einsum("rij,rij->ri", Phi, Phi)
    bad = 0
    for r in range(R):
        S = dls._gram_update_kernel(np.zeros((m, m)), np.ascontiguousarray(Phi[r]), np.ascontiguousarray(w[r]))
        bad += not dls._band_kernel(S, float(n), 1.0 - delta, 1.0 + delta)
    return bad


def run(xs, rng, accept=True, R=400, m=10, delta=0.5):
    n = int(xs[0])
    idx = dls.legendre_indices(m)
    Xd = dls.sample_repeated_dpp(idx, n // m, R, accept=accept, rng=rng).x
    Xi = P.draw_points("iid", idx, n, R, rng)
    kd, ki = _fail_prob(Xd, idx, delta), _fail_prob(Xi, idx, delta)
    return {"fail_repdpp": (kd + 0.5) / (R + 1.0), "fail_iid": (ki + 0.5) / (R + 1.0),
            "raw_fail_repdpp": kd / R, "raw_fail_iid": ki / R}


CLAIM = Claim(
    id="nouy23_repeated_dpp_stability",
    source=Source("Nouy & Michel (2023)", "arXiv:2312.14057", "abstract / Sec. 5 (repeated DPPs, stability)",
                  tag="paper"),
    statement=r"\Pr_{\text{rep-DPP}}(\|G-I\|_2>\tfrac12)<\Pr_{\text{iid }\rho_m}(\|G-I\|_2>\tfrac12)\ \text{at matched } n",
    problem="1-D Legendre, m = 10, n = r m (r = 3..10); R = 400 samples per seed and sampler",
    sweep=Sweep("n", VALUES, seeds=SEEDS, smoke_values=SMOKE_VALUES, smoke_seeds=SMOKE_SEEDS),
    metric="fail_repdpp",
    bound="1",
    check=Check("compare", baseline="fail_iid", factor=1.25),
    main=Arm(run, {"accept": True}, smoke_params={"R": 200}, label="repeated DPP vs i.i.d."),
    control=Control(Arm(run, {"accept": False}, smoke_params={"R": 200}, label="broken DPP (acceptance 1) vs i.i.d."),
                    why="with acceptance ratio 1 the 'repeated DPP' is i.i.d. rho_m: failure ratio ~ 1"),
    notes="Measured failure probabilities (rep-DPP vs i.i.d.): n = 30: 0.70 vs 0.997; n = 40: 0.46 vs 0.98; "
          "n = 60: 0.10 vs 0.92; n = 100: 0.008 vs 0.60 (brief: 0.41-0.46 vs 0.985 at n = 40).",
)
