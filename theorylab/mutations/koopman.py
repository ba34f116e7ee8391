"""Realistic bugs in the Koopman / ResDMD solvers and problems (Williams et al. 2015; Colbrook & Townsend 2024;
Colbrook, Mezic & Stepanenko 2024) that the claims should catch."""
from theorylab.mutate import Mutation

_S = "theorylab.solvers.koopman"
_P = "theorylab.problems.koopman"

MUTATIONS = [
    Mutation("orthonormalised_A_not_conjugated", _S,
             "    Ahat = U.conj().T @ C1",
             "    Ahat = U.T @ C1",
             "transpose instead of conjugate transpose in the QR/SVD variant of ResDMD: Ahat = U^T C1 "
             "(wrong for complex dictionaries such as Fourier modes)"),
    Mutation("edmd_pinv_right_multiplied", _S,
             "        K = np.linalg.pinv(G, rcond=1e-14, hermitian=True) @ Ause",
             "        K = Ause @ np.linalg.pinv(G, rcond=1e-14, hermitian=True)",
             "EDMD matrix formed as A G^+ instead of G^+ A (same eigenvalues, but the eigenvectors are G v: "
             "the Koopman modes are wrong whenever G != I)"),
    Mutation("residual_abs_z_not_squared", _S,
             "        H = L - z * A.conj().T - np.conj(z) * A + abs(z) ** 2 * G",
             "        H = L - z * A.conj().T - np.conj(z) * A + abs(z) * G",
             "ResDMD residual quadratic form with |lambda| G instead of |lambda|^2 G"),
    Mutation("density_negative_frequencies_dropped", _S,
             "        out[p] = (phi[0] * c_re[0] + 2.0 * s) / (2.0 * np.pi)",
             "        out[p] = (phi[0] * c_re[0] + s) / (2.0 * np.pi)",
             "filtered spectral density sums only n >= 1: the conjugate moments c(-n) = conj c(n) are dropped "
             "(missing factor 2 in 2 Re sum)"),
    Mutation("certified_clamp_min", _S,
             "dist = np.maximum(tau, np.abs(1.0 - np.abs(z)))",
             "dist = np.minimum(tau, np.abs(1.0 - np.abs(z)))",
             "measure-preserving clamp with min instead of max: DIST = min(tau, ||z|-1|) is no longer a "
             "certificate (it is 0 on the whole unit circle)"),
    Mutation("trapezoid_one_end_weight", _P,
             "        w[0] = w[-1] = 0.5 / (M - 1)",
             "        w[0] = 0.5 / (M - 1)",
             "trapezoid rule with only the first end weight halved (the last node keeps weight 1/(M-1))"),
    Mutation("duffing_rk4_weight", _S,
             "                x = x + h / 6.0 * (k1x + 2.0 * k2x + 2.0 * k3x + k4x)",
             "                x = x + h / 6.0 * (k1x + k2x + 2.0 * k3x + k4x)",
             "HARMLESS: (for the claims) RK4 combination typo in the Duffing integrator, weight 1 instead of 2 on "
             "the second stage of x. The update is then consistent with x' = (5/6) y, y' = x - x^3, a "
             "divergence-free field: the data come from another area-preserving map (measured |det J - 1| <= 5e-4, "
             "modified energy 5y^2/12 - x^2/2 + x^4/4 kept to 1e-3, up to 0.13 away from the true flow). The "
             "Duffing claims test the certified algorithm against EDMD on a measure-preserving map and stay true "
             "on it; the integrator itself is checked by the unit test test_duffing_integrator_accuracy_and_energy "
             "(energy drift 0.33 >> 1e-10), which the mutation run does not execute."),
]
