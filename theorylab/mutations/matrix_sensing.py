"""Realistic bugs in the matrix-sensing solvers/problems that the claims should catch."""
from theorylab.mutate import Mutation

_S = "theorylab.solvers.matrix_sensing"
_P = "theorylab.problems.matrix_sensing"

MUTATIONS = [
    Mutation("asym_gauss_seidel", _S,
             "        if sequential:\n            _asym_grads(",
             "        if True:\n            _asym_grads(",
             "G step computed from the already-updated F (sequential instead of simultaneous GD)"),
    Mutation("sym_gd_half_target", _S,
             "                    for a in range(r):\n                        s -= L[i, a] * RtX[a, b]\n                    Xn[i, b]",
             "                    for a in range(r):\n                        s -= 0.5 * L[i, a] * RtX[a, b]\n                    Xn[i, b]",
             "residual uses M*/2 (a dropped factor in the factored residual)"),
    Mutation("subgm_sign_of_y", _S,
             "            w = 1.0 if w > 0.0 else (-1.0 if w < 0.0 else 0.0)",
             "            w = 1.0 if w > 0.0 else -1.0",
             "sign(0) := -1 instead of 0 (biased subgradient once residuals vanish)"),
    Mutation("phi_missing_p", _P,
             "    return float(np.sqrt(2.0 / np.pi) * (1.0 - p + p * e))",
             "    return float(np.sqrt(2.0 / np.pi) * (1.0 - p * e))",
             "wrong mixture weight in the closed-form Sign-RIP scaling"),
    Mutation("asym_step_doubled", _S,
             "                Fn[i, l] = F[i, l] - eta * gF[i, l]",
             "                Fn[i, l] = F[i, l] - 2.0 * eta * gF[i, l]",
             "F and G updated with different step sizes"),
]
