"""Alg. 2 (inexact Halpern + VR-FoRB): oracle calls to reach eps grow like log(1/eps)/eps (n fixed)."""
import numpy as np

from theorylab.checks.spec import Arm, Check, Claim, Control, Source, Sweep
from theorylab.problems import halpern as P

N = 256
EPS = [float(e) for e in np.geomspace(1e-2, 1e-4, 9)]
EPS_SMOKE = [float(e) for e in np.geomspace(1e-2, 3e-4, 6)]


def run(xs, rng, *, method="alg2", budget_calls=3e6):
    """One run per seed on VRH-MB (n = 256, d = 20, rotation moduli log-spaced over 2 decades, L = 4 L_F,
    D = 1): residual / eps for every eps = xs * L D and cumulative oracle calls. Alg. 2: resolvent
    residual ||u_k - J(u_k)||/eta; VR-EG: ||F(u_k)|| over a budget of ``budget_calls`` oracle calls."""
    return P.run_inexact_cost(xs, rng, sweep="eps", method=method, n=N, d=20, kappa=4.0, gamma0=1.0, inner_c=0.3,
                              iters=1.0, spectrum="geometric", decades=2.0, budget_calls=budget_calls)


CLAIM = Claim(
    id="cai24_inexact_halpern_eps_complexity",
    source=Source("Cai, Alacaoglu & Diakonikolas, Variance Reduced Halpern Iteration for Finite-Sum Monotone "
                  "Inclusions, ICLR 2024", "arXiv:2310.02987",
                  "abstract / Thm (Alg. 2, monotone Lipschitz): O~(n + sqrt(n) L D / eps) oracle calls", tag="paper"),
    statement=r"\|u_K-J_{\eta(F+G)}(u_K)\|/\eta\le\varepsilon\ \text{after}\ \tilde O\big(n+\sqrt{n}\,L D/\varepsilon\big)"
              r"\ \text{oracle calls (Alg. 2)}",
    problem="VRH-MB: d = 20, 10 rotation blocks with moduli L_F 10^{-2(j-1)/9} (monotone, not cocoercive, "
            "slow modes), n = 256 components "
            "with L = 4 L_F, D = 1; eta = sqrt(n)/L, VR-FoRB with p = 1/n, gamma = sqrt(p(1-p))/(1+eta L), "
            "M_k = floor(0.3 n ln(k+2)); residual = exact resolvent residual ||u_k - J(u_k)||/eta = ||F(J(u_k))||; "
            "eps/(L D) in [1e-4, 1e-2]; complexity = mean calls at the first K whose mean residual is <= eps",
    sweep=Sweep("eps", EPS, seeds=8, smoke_values=EPS_SMOKE, smoke_seeds=5, per_point=False),
    metric="oracle_calls",
    bound="log(1/eps)/eps",
    asymptote="0",
    check=Check(kind="upper", tol=0.1, aggregate=P.cost_to_eps),
    main=Arm(run, {"method": "alg2"}, label="Alg. 2, M_k = 0.3 n ln(k+2)"),
    control=Control(Arm(run, {"method": "vreg", "budget_calls": 3e6}, smoke_params={"budget_calls": 1e6},
                        label="loopless VR-EG (no anchor), tau = sqrt(p)/L"),
                    why="the unanchored VR-EG has last-iterate residual ~ (oracle calls)^{-1/2} on slow rotation "
                        "modes: cost ~ eps^-2 (small eps not reached within 3e6 calls, ~3x Alg. 2's cost at "
                        "eps = 1e-4 L D)"),
    notes="Predicted N_2(eps) ~ 2 sqrt(n) L D (1 + 3 c_M ln K)/eps; the log factor is removed in the fit "
          "(log power 1 from the claimed bound). gamma0 = 1 (theory-safe): with the authors' gamma0 = 5, "
          "and even 3, occasional inner solves blow up and the residual spikes by up to 100x. The brief's suggested control 'Alg. 2 with a constant small M_k' was tried and "
          "does NOT stall here: with M_k = n/4 the mean residual still reaches eps = 1e-4 L D with about half "
          "the calls of the ln k schedule (the inner error is relative, and the outer iteration tolerates "
          "it on this instance), so it cannot serve as a negative control; the ln k growth of M_k is not "
          "needed at these accuracies. VR-EG (the paper's variance-reduced baseline) is the control.",
)
