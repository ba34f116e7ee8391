"""Realistic bugs in the last-iterate SGD / mirror-descent solvers (Liu & Zhou 2024) that the claims should catch."""
from theorylab.mutate import Mutation

_S = "theorylab.solvers.last_iterate_sgd"
_P = "theorylab.problems.last_iterate_sgd"

MUTATIONS = [
    Mutation("prox_shrink_without_eta", _S,
             "        shrink = 1.0 / (1.0 + eta * mu_h)",
             "        shrink = 1.0 / (1.0 + mu_h)",
             "prox of h instead of prox of eta_t h: the composite shrink factor forgets the step size"),
    Mutation("anytime_step_inv_t", _S,
             "        s = eta / np.sqrt(t)\n",
             "        s = eta / t\n",
             "wrong step exponent in the anytime schedule: eta/t instead of eta/sqrt(t)"),
    Mutation("record_index_off_by_one", _S,
             "        k = k0 + s + 1\n        while ri < rec.shape[0] and rec[ri] == k:\n            nr2 = 0.0",
             "        k = k0 + s\n        while ri < rec.shape[0] and rec[ri] == k:\n            nr2 = 0.0",
             "off-by-one in the record index of prox-SGD: the value after k+1 updates is stored under k "
             "(and the last requested point is never written)"),
    Mutation("ball_projection_missing", _S,
             "    radius_k = -1.0 if not np.isfinite(radius) else float(radius)",
             "    radius_k = -1.0 if np.isfinite(radius) else float(radius)",
             "missing projection: an inverted test passes the 'no constraint' sentinel for a finite radius, "
             "so the ball constraint of prox-SGD is never enforced. NOT CAUGHT (coverage gap): no claim has a "
             "binding constraint at the solution (shamir13: interior x*, projection active only in the "
             "transient; zamani23: inactive by design), and no unit test makes the projection active"),
    Mutation("pnorm_dual_map_exponent", _S,
             "    c = nt ** (pd - 2.0) if nt > 0 else 0.0",
             "    c = nt ** (2.0 - pd) if nt > 0 else 0.0",
             "wrong mirror map in p-norm MD: ||theta||^(2-p) theta (inverse exponent) instead of grad psi* = "
             "||theta||^(p-2) theta. NOT CAUGHT BY CLAIMS: the mutant is MD with psi = ||x||^1.8/1.8, still "
             "convergent; its gap is 2-3x higher but decays as fast (MoM slope -1.0 vs -0.93), and the [recalled] "
             "heavy-tail claim tests the slope only. Caught by the unit test test_pnorm_md_matches_reference[1.5]"),
    Mutation("entropic_md_missing_normaliser", _S,
             "                for j in range(d):\n                    x[j] = w[j] * iz",
             "                for j in range(d):\n                    x[j] = w[j]",
             "dropped normalisation in entropic MD: x <- x exp(-eta g) (max-shifted) is not divided by Z, so "
             "the iterate leaves the simplex"),
    Mutation("gaussian_noise_not_scaled", _S,
             "        return rng.standard_normal((n, d)) * (scale / np.sqrt(d))",
             "        return rng.standard_normal((n, d)) * scale",
             "HARMLESS: missing 1/sqrt(d) in the Gaussian oracle noise, E||xi||^2 = d scale^2 instead of "
             "scale^2. Every claim using Gaussian noise tests a rate shape (exponent or trend of gap/bound), "
             "which does not depend on the noise level; the one constant (Shamir-Zhang's 17) holds with a "
             ">100x margin, so a d-fold (<= 80x) variance change cannot flip a verdict. The verdicts stay "
             "valid; the wrong level is a documentation bug for a unit test of draw_noise's second moment"),
    Mutation("composite_fstar_half", _P,
             "    f_star = float(w * np.abs(x_star - c).sum() + 0.5 * mu * (x_star @ x_star))",
             "    f_star = float(w * np.abs(x_star - c).sum() + mu * (x_star @ x_star))",
             "wrong truth: F* of the composite l1 problem drops the 1/2 of the mu/2 ||x||^2 term"),
]
