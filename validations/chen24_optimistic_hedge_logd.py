"""Optimistic Hedge on the simplex: regret ~ sqrt(log d * sum ||l_t - M_t||_inf^2)."""
import numpy as np

from theorylab.checks.spec import Arm, Check, Claim, Control, Source, Sweep
from theorylab.problems import online_sea as P
from theorylab.solvers import online_sea as S


def run(xs, rng, geometry="entropy", T=2 ** 12):
    d = int(xs[0])
    p = P.make_experts(int(T), d, rng=rng)
    r = S.optimistic_experts(p.losses, geometry=geometry, record_at=[int(T)])
    return {"regret": r.trace["regret"][-1], "Vinf": r.trace["V_inf"][-1]}


CLAIM = Claim(
    id="chen24_optimistic_hedge_logd",
    source=Source("Chen, Zhang, Tu, Zhao, Zhang (ICML 2023 / JMLR 2024)", "arXiv:2302.04552",
                  "optimistic OMD with negative entropy (experts / simplex)", "recalled"),
    statement=r"\mathrm{Reg}_T = O\big(\sqrt{\log d \sum_t \|\ell_t - M_t\|_\infty^2}\big),\ M_t = \ell_{t-1}",
    problem="d experts, T=2^12: l_t = 1/2 + 0.3 sin(2 pi t/500) (common, predictable) - 0.1 e_best + "
            "U[-1/4,1/4]^d noise; regret vs the best fixed expert",
    sweep=Sweep("d", [2.0, 8.0, 32.0, 128.0, 512.0, 2048.0], seeds=8,
                smoke_values=[2.0, 8.0, 32.0, 128.0, 512.0], smoke_seeds=5, per_point=True),
    metric="regret",
    bound="sqrt(log(d)*Vinf)",
    check=Check("ratio", tol=0.1),
    main=Arm(run, {"geometry": "entropy"}, label="optimistic Hedge (entropy)"),
    control=Control(Arm(run, {"geometry": "euclidean"}, label="Euclidean optimistic OMD on the simplex"),
                    why="Euclidean geometry pays ||.||_2 ~ sqrt(d) ||.||_inf: regret ~ sqrt(d), not sqrt(log d)"),
)
