"""Alg. 2 (inexact Halpern + VR-FoRB): oracle calls to reach a fixed eps grow like sqrt(n)."""
from theorylab.checks.spec import Arm, Check, Claim, Control, Source, Sweep
from theorylab.problems import halpern as P

NS = [64, 128, 256, 512, 1024, 2048, 4096, 8192]
EPS_REL = 1e-3


def run(xs, rng, *, method="alg2"):
    """Residual / eps and cumulative oracle calls on VRH-MB with n = xs[0] components (F fixed, L = 4 L_F
    through h(n), D = 1), eps = 1e-3 L D. Alg. 2: exact resolvent residual; EAG: ||F(u_k)||."""
    return P.run_inexact_cost(xs, rng, sweep="n", method=method, d=20, kappa=4.0, eps_rel=EPS_REL, gamma0=1.0,
                              inner_c=0.3, iters=1.5, eag_step=1.0, spectrum="geometric", decades=2.0)


CLAIM = Claim(
    id="cai24_inexact_halpern_sqrt_n",
    source=Source("Cai, Alacaoglu & Diakonikolas, Variance Reduced Halpern Iteration for Finite-Sum Monotone "
                  "Inclusions, ICLR 2024", "arXiv:2310.02987",
                  "abstract / Thm (Alg. 2, monotone Lipschitz): O~(n + sqrt(n) L D / eps) oracle calls", tag="paper"),
    statement=r"\text{Alg. 2: }\tilde O\big(n+\sqrt{n}\,L D/\varepsilon\big)\ \text{oracle calls to reach a "
              r"resolvent residual}\ \le\varepsilon",
    problem="VRH-MB: d = 20, 10 rotation blocks with moduli L_F 10^{-2(j-1)/9} (monotone, not cocoercive), the "
            "same F for every n; heterogeneity h(n) keeps L = 4 L_F; D = 1; eps = 1e-3 L D; eta = sqrt(n)/L, "
            "M_k = floor(0.3 n ln(k+2)), gamma = sqrt(p(1-p))/(1+eta L); residual ||u_k - J(u_k)||/eta = "
            "||F(J(u_k))||; complexity = mean calls at the first K whose mean residual over seeds is <= eps",
    sweep=Sweep("n", NS, seeds=8, smoke_values=NS[:6], smoke_seeds=3),
    metric="oracle_calls",
    bound="sqrt(n)",
    check=Check(kind="upper", tol=0.1, aggregate=P.cost_to_eps),
    main=Arm(run, {"method": "alg2"}, label="Alg. 2 (inexact Halpern + VR-FoRB)"),
    control=Control(Arm(run, {"method": "eag"}, label="EAG (deterministic, step 1/L_F)"),
                    why="a deterministic method needs ~L_F D/eps iterations of full passes (2n calls each): "
                        "slope 1 in n"),
    notes="At fixed eps the outer iteration count falls like 1/sqrt(n) (eta = sqrt(n)/L), so the ln K factor "
          "of M_k shrinks with n and the measured slope sits below 1/2 (about 0.4); 'upper' checks the "
          "claimed sqrt(n) growth as an upper bound. The brief's suggested control 'deterministic inner "
          "solver' is replaced by the paper's deterministic baseline EAG (tuned step 1/L_F), which also "
          "costs Theta(n L_F/eps).",
)
