"""Realistic bugs in AdaSketch-Newton (Hong, Na, Mahoney & Kolar, ICML 2023) and its test problems that the
claims should catch."""
from theorylab.mutate import Mutation

_S = "theorylab.solvers.sketched_newton"
_P = "theorylab.problems.sketched_newton"

MUTATIONS = [
    Mutation("kaczmarz_row_norm_not_squared", _S,
             "        w = r[i] / row_norm2[i]",
             "        w = r[i] / np.sqrt(row_norm2[i])",
             "Kaczmarz step divided by ||K_i|| instead of ||K_i||^2 (not a projection onto the row's hyperplane)"),
    Mutation("theta_decreasing_max", _S,
             "        theta_t = min(1.0, kkt) if theta == \"decreasing\"",
             "        theta_t = max(1.0, kkt) if theta == \"decreasing\"",
             "min/max swapped in the decreasing accuracy parameter: theta_t = max(1, ||grad L_t||) never "
             "decreases below 1"),
    Mutation("kkt_rhs_constraint_sign", _S,
             "        bvec = -np.concatenate([gl, c])",
             "        bvec = np.concatenate([-gl, c])",
             "sign flip of the constraint block of the Newton-KKT right-hand side (b = (-grad L, +c))"),
    Mutation("merit_gradient_half_eta1", _S,
             "    return np.concatenate([gl + eta1 * G.T @ c + eta2 * Hm @ gl, c + eta2 * G @ gl])",
             "    return np.concatenate([gl + 0.5 * eta1 * G.T @ c + eta2 * Hm @ gl, c + eta2 * G @ gl])",
             "the 1/2 of the penalty eta1/2 ||c||^2 kept in its gradient: 0.5 eta1 G^T c"),
    Mutation("lagrangian_hessian_sign", _S,
             "    H_L = p.hess(x) + p.chess(x, lam)",
             "    H_L = p.hess(x) - p.chess(x, lam)",
             "Lagrangian Hessian with the L = f - lam^T c convention while the rest uses L = f + lam^T c "
             "(wrong Hessian in the Newton system and in the merit gradient)"),
    Mutation("full_hessian_convexity_test", _S,
             "        if Z.shape[1] and np.linalg.eigvalsh(Z.T @ H_L @ Z)[0] < 1e-6:",
             "        if Z.shape[1] and np.linalg.eigvalsh(H_L)[0] < 1e-6:",
             "Hessian regularisation triggered by the full Hessian instead of the reduced Hessian Z^T H Z "
             "(B != H_L on problems that only satisfy second-order conditions on null(G))"),
    Mutation("hs7_constraint_curvature", _P,
             "lambda x, lam: lam[0] * np.diag([4 + 12 * x[0] ** 2, 2.0])",
             "lambda x, lam: lam[0] * np.diag([4 + 4 * x[0] ** 2, 2.0])",
             "wrong second derivative of HS7's constraint (1+x^2)^2 + y^2 - 4: 4 + 4x^2 instead of 4 + 12x^2"),
]
