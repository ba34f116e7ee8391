"""Realistic bugs in the Halpern solvers (Lieder 2021; Cai, Alacaoglu & Diakonikolas, ICLR 2024) that the claims should catch."""
from theorylab.mutate import Mutation

_S = "theorylab.solvers.halpern"

MUTATIONS = [
    Mutation("operator_step_outside_anchor", _S,
             "            un[i] = lam * u0[i] + (1.0 - lam) * (u[i] - eta * Fu[i])",
             "            un[i] = lam * u0[i] + (1.0 - lam) * u[i] - eta * Fu[i]",
             "operator-form Halpern anchors u_k only: u_{k+1} = lam u0 + (1-lam) u_k - eta F(u_k) (the forward "
             "step is left out of the convex combination, so the iteration is no longer Halpern on T = I - eta F)"),
    Mutation("fixed_point_offset_sign", _S,
             "        nb[i] = -b[i]",
             "        nb[i] = b[i]",
             "sign convention of the affine helper (_affine computes A u - b) missed: the fixed-point kernel "
             "iterates T x = A x - b instead of A x + b"),
    Mutation("fixed_point_anchor_off_by_one", _S,
             "x, res, nit, st = _fixed_point_kernel(A, b, x0, 1.0, lam_offset, 1.0, max_iter, rec)",
             "x, res, nit, st = _fixed_point_kernel(A, b, x0, 1.0, lam_offset + 1.0, 1.0, max_iter, rec)",
             "off-by-one anchor in the fixed-point form: lam_k = 1/(k+3) instead of 1/(k+2) (Lieder's tight "
             "constant 2D/(k+1) only holds for 1/(k+2))"),
    Mutation("page_coin_inverted", _S,
             "        if vr == 1 and coins[k] < ps[k]:",
             "        if vr == 1 and coins[k] > ps[k]:",
             "wrong PAGE switch: a full pass is taken with probability 1 - p_k instead of p_k"),
    Mutation("page_difference_cost_b", _S,
             "            calls += 2 * b",
             "            calls += b",
             "oracle accounting: a PAGE difference F_i(u_k) - F_i(u_{k-1}) over a b-minibatch is counted as b "
             "component calls instead of 2b"),
    Mutation("page_minibatch_mean_not_divided", _S,
             "            wt[j] = (1.0 - h) + (h * n / b) * ind[k, j]",
             "            wt[j] = (1.0 - h) + (h * n) * ind[k, j]",
             "dropped 1/b in the minibatch mean of the heterogeneous weights: (1/b) sum_{i in S} w_ij computed as "
             "a sum (the estimator is biased by a factor ~b on the heterogeneous part)"),
    Mutation("inexact_eta_not_sqrt_n", _S,
             "        eta = np.sqrt(n) / L",
             "        eta = 1.0 / L",
             "wrong outer step constant of Alg. 2: the resolvent step eta = 1/L instead of sqrt(n)/L (the sqrt(n) "
             "factor that gives the sqrt(n) L D / eps complexity is dropped)"),
    Mutation("inexact_gamma_missing_sqrt_p", _S,
             "        gamma = gamma0 * np.sqrt(p * (1.0 - p)) / (1.0 + eta * L)",
             "        gamma = gamma0 * np.sqrt(1.0 - p) / (1.0 + eta * L)",
             "VR-FoRB inner step gamma = sqrt(1-p)/(1+eta L) without the sqrt(p) factor (too large by sqrt(n))"),
    Mutation("inexact_snapshot_coin_inverted", _S,
             "            if coin < p:\n                w[:] = vn",
             "            if coin > p:\n                w[:] = vn",
             "wrong acceptance in the loopless snapshot update of VR-FoRB: the snapshot w is refreshed "
             "(a full pass, n calls) with probability 1 - p instead of p = 1/n"),
    Mutation("inexact_certificate_stacked_norm", _S,
             "            cert[ri] = (np.sqrt(s1) + np.sqrt(s2)) / eta",
             "            cert[ri] = np.sqrt(s1 + s2) / eta",
             "certificate computed as the norm of the stacked vector (u_k - ut_k, Phi_k(ut_k)) instead of the sum "
             "of the two norms required by the triangle inequality (smaller by up to sqrt 2)"),
]
