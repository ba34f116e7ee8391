"""Halpern's O(1/k) residual rate vs the Theta(1/sqrt k) of Krasnoselskii-Mann (VRH-R)."""
import numpy as np

from theorylab.checks.spec import Arm, Check, Claim, Control, Source, Sweep
from theorylab.problems import halpern as P
from theorylab.solvers import halpern as H

KS = [int(k) for k in np.unique(np.round(np.geomspace(100, 1e5, 31)))]
KS_SMOKE = [int(k) for k in np.unique(np.round(np.geomspace(100, 2e4, 13)))]


def run(xs, rng, *, method="halpern"):
    """||F(u_k)|| with F = (L/2)(I - T) on VRH-R (pure rotations, L = 1): Halpern with step 2/L
    (iterates T) or KM u_{k+1} = u_k - F(u_k)/L."""
    p = P.make_rotation(30, angles="random", rng=rng)
    ks = np.asarray(xs, dtype=np.int64)
    if method == "halpern":
        r = H.halpern_operator(p.M, p.c, p.x0, eta=2.0 / p.L, max_iter=int(ks.max()), record_at=ks)
    else:
        r = H.km_operator(p.M, p.c, p.x0, eta=1.0 / p.L, max_iter=int(ks.max()), record_at=ks)
    return {"residual": r.trace["residual"]}


CLAIM = Claim(
    id="cai24_halpern_vs_km_rate",
    source=Source("Cai, Alacaoglu & Diakonikolas, ICLR 2024 (deterministic baseline); Lieder 2021; "
                  "Diakonikolas COLT 2020", "arXiv:2310.02987", "O(1/k) last-iterate residual of Halpern (Sec. 3)",
                  tag="paper"),
    statement=r"\|F(u_k)\| = O(L\|u_0-u^\star\|/k)\ \text{(Halpern)}\quad\text{vs}\quad\Theta(k^{-1/2})\ \text{(KM)}",
    problem="VRH-R: d = 60, 30 rotation blocks, theta_j log-uniform random in [1e-4, pi] (1/theta_max^2 << k << "
            "1/theta_min^2 over the sweep), random orthogonal basis, D = 1, L = 1; k in [1e2, 1e5]",
    sweep=Sweep("k", KS, seeds=8, smoke_values=KS_SMOKE, smoke_seeds=5, per_point=False),
    metric="residual",
    bound="1/k",
    check=Check(kind="upper", tol=0.1),
    main=Arm(run, {"method": "halpern"}, label="Halpern, step 2/L"),
    control=Control(Arm(run, {"method": "km"}, label="KM, step 1/L"),
                    why="KM contracts block j by |cos(theta_j/2)| per step; with log-uniform angles the "
                        "residual is ~ c k^{-1/2} (slope -0.5) over the sweep"),
    notes="Fit of the mean residual over seeds on k in [1e2, 1e5] (3 decades); Halpern's per-decade slope "
          "oscillates in [-1.04, -0.92] (brief sec. 4), so the fit runs over the whole window.",
)
