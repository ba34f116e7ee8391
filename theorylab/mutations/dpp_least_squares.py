"""Realistic bugs in the optimal-sampling / DPP / volume-sampling least-squares code (Cohen & Migliorati 2017;
Derezinski, Warmuth & Hsu 2019; Nouy & Michel 2023) that the claims should catch."""
from theorylab.mutate import Mutation

_S = "theorylab.solvers.dpp_least_squares"
_P = "theorylab.problems.dpp_least_squares"

MUTATIONS = [
    Mutation("dpp_acceptance_norms_not_squared", _S,
             "                if u * nv < nr:",
             "                if u * math.sqrt(nv) < math.sqrt(nr):",
             "wrong acceptance ratio in the chain-rule DPP sampler: ||r|| / ||phi(x)|| instead of "
             "||r||^2 / ||phi(x)||^2"),
    Mutation("envelope_constant_halved", _S,
             "            if 4.0 * u < p * p * math.pi * s:",
             "            if 2.0 * u < p * p * math.pi * s:",
             "rejection sampler of phi_a^2 dmu with envelope constant 2/pi instead of the Bernstein constant "
             "4/pi: the envelope is violated and the law is truncated"),
    Mutation("mixture_component_off_by_one", _S,
             "    j = int(U[pos] * m)\n",
             "    j = int(U[pos] * (m - 1))\n",
             "off-by-one in the mixture index of rho_m = (1/m) sum_j phi_j^2: component m-1 is never drawn"),
    Mutation("wls_rows_scaled_by_w", _S,
             "            s = math.sqrt(w[k, i] / n)",
             "            s = w[k, i] / math.sqrt(n)",
             "weighted least squares with rows scaled by w instead of sqrt(w) (effective weights w^2)"),
    Mutation("basis_top_degree_unnormalised", _S,
             "        for k in range(1, maxdeg + 1):\n            work[i, k] *= math.sqrt(2.0 * k + 1.0)",
             "        for k in range(1, maxdeg):\n            work[i, k] *= math.sqrt(2.0 * k + 1.0)",
             "off-by-one in the Legendre normalisation loop: the highest degree is left unnormalised "
             "(k_m and the optimal weights m/k_m are wrong)"),
    Mutation("volume_iid_part_uniform", _S,
             "        X[:, m:] = sample_iid(idx, n_samples * (n - m), rng=gen).x.reshape(n_samples, n - m, d)",
             "        X[:, m:] = sample_iid(idx, n_samples * (n - m), density=\"uniform\", rng=gen).x.reshape(n_samples, n - m, d)",
             "volume-rescaled sampling with the n - m i.i.d. points drawn from mu instead of rho_m"),
    Mutation("optimal_weight_missing_m", _P,
             "    wopt = m / kfun",
             "    wopt = 1.0 / kfun",
             "optimal weight 1/k_m instead of m/k_m (dropped normalisation of rho_m = k_m/m)"),
]
