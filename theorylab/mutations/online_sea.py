"""Realistic bugs in the SEA online learners (Chen et al. 2023/24; Sachs et al. 2022) that the claims should catch."""
from theorylab.mutate import Mutation

_S = "theorylab.solvers.online_sea"
_P = "theorylab.problems.online_sea"

MUTATIONS = [
    Mutation("oomd_hint_dropped", _S,
             "        if hint_mode == 1:\n            for j in range(d):\n                M[j] = g[j]",
             "        if hint_mode == 1:\n            for j in range(d):\n                M[j] = 0.0",
             "optimism removed: the last-gradient hint M_t = g_{t-1} is never stored (A1 silently becomes AdaOGD)"),
    Mutation("oomd_step_radius_not_diameter", _S,
             "            eta = D / math.sqrt(delta + 4.0 * G * G + V)",
             "            eta = 0.5 * D / math.sqrt(delta + 4.0 * G * G + V)",
             "wrong step constant in the adaptive rule: the radius R = D/2 used where the diameter D belongs"),
    Mutation("oomd_sc_step_sqrt", _S,
             "            eta = c / (lam * (t + 1))",
             "            eta = c / (lam * math.sqrt(t + 1.0))",
             "strongly convex branch uses the convex 1/sqrt(t) decay: eta_t = c/(lam sqrt t) instead of c/(lam t)"),
    Mutation("oomd_played_point_unprojected", _S,
             "        _proj_ball(y, R, x)\n        if not _finite(x):",
             "        for j in range(d):\n            x[j] = y[j]\n        if not _finite(x):",
             "missing projection: the played point x_t = xh_t - eta M_t is not projected onto the ball "
             "(only the lazy sequence xh is)"),
    Mutation("hedge_missing_logd", _S,
             "            eta = scale * math.sqrt(logd / (1.0 + Vi))",
             "            eta = scale * math.sqrt(1.0 / (1.0 + Vi))",
             "wrong normalisation of optimistic Hedge's step: the log d factor of the entropy regulariser is dropped"),
    Mutation("ensemble_meta_sign", _S,
             "            w[i] = -eps * (Lcum[i] + m)",
             "            w[i] = eps * (Lcum[i] + m)",
             "sign flip in the meta learner's exponential weights: Hedge up-weights the base learners with the "
             "largest (optimistic) cumulative loss"),
    Mutation("oftrl_hint_dropped", _S,
             "                y[j] = -eta * (S[j] + M[j])",
             "                y[j] = -eta * S[j]",
             "optimism removed in OFTRL: x_t = Pi(-eta_t sum_{s<t} g_s) without the hint M_t = g_{t-1}. "
             "NOT CAUGHT BY CLAIMS: the OFTRL claims use instances where the hint cannot help (alternating: "
             "g_{t-1} is exactly wrong, the mutant's regret is 2.5x lower; i.i.d. online-to-batch: noise "
             "dominated) and the Thm 5 bound has ~10x slack. Caught by the unit test "
             "test_oftrl_oftl_kernels_match_reference"),
    Mutation("comparator_hessian_not_summed", _P,
             "    u_star, nu = trust_region_diag(T * a, csum, R)",
             "    u_star, nu = trust_region_diag(a, csum, R)",
             "wrong comparator: the Hessian of sum_t F_t is T*A but the truth solver is given A (linear term "
             "summed, quadratic term not)"),
]
